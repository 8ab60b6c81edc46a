//! `cargo bench --bench ffi`: the cost of luau-ffi against hand-written Luau C
//! bindings doing the same work, measured in one run in one process.
//!
//! The Luau state is sandboxed and runs native code, as in Lune.
//!
//! Every case runs a Luau loop timed with `os.clock`; the time of an empty loop
//! is subtracted and the best of several rounds kept, giving net nanoseconds per
//! operation. The floors are raw `lua_CFunction`s and userdata metamethods
//! written against Luau's C API, what a careful hand binding would be.
//! Allocations per operation are counted with a counting global allocator: our
//! Rust code's heap allocations, and Luau's (mlua's Luau allocator goes through
//! it; Luau carves small objects from pages, so a Luau object made per operation
//! shows as a page every few hundred operations).
//!
//! When `luajit` is installed, the same workloads run under LuaJIT's interpreter
//! (`luajit -joff benches/ffi_luajit.lua`, a child process fed one case at a time
//! over a pipe), interleaved with the Luau cases, against the same C library.
//! `scripts/bench` installs LuaJIT when it is missing and it can.
//!
//! Arguments after `--`: a case-name filter (a substring), `--no-luajit`.
//! Environment: `LUAU_FFI_BENCH_ITERATIONS` and `LUAU_FFI_BENCH_ROUNDS` shrink
//! a run (for profilers: `valgrind --tool=callgrind`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::{c_int, c_void};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use mlua::ffi as sys;
use mlua::Lua;

struct Counting;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

// ---- the floors: hand-written bindings -------------------------------------------------

static ADD: AtomicUsize = AtomicUsize::new(0);

/// `add(a, b)`: two luaL_checknumber, a call through a stored pointer, a push.
unsafe extern "C-unwind" fn raw_add(state: *mut sys::lua_State) -> c_int {
    unsafe {
        let a = sys::luaL_checknumber(state, 1) as c_int;
        let b = sys::luaL_checknumber(state, 2) as c_int;
        let f: extern "C" fn(c_int, c_int) -> c_int = std::mem::transmute(ADD.load(Relaxed));
        sys::lua_pushnumber(state, f(a, b) as f64);
        1
    }
}

#[repr(C)]
struct Point {
    x: i32,
    y: i32,
}

unsafe fn field<'a>(state: *mut sys::lua_State) -> Option<(&'a mut Point, bool)> {
    unsafe {
        let point = &mut *sys::lua_touserdata(state, 1).cast::<Point>();
        let mut len = 0;
        let key = sys::lua_tolstring(state, 2, &mut len);
        match std::slice::from_raw_parts(key.cast::<u8>(), len) {
            b"x" => Some((point, true)),
            b"y" => Some((point, false)),
            _ => None,
        }
    }
}

unsafe extern "C-unwind" fn point_index(state: *mut sys::lua_State) -> c_int {
    unsafe {
        match field(state) {
            Some((p, is_x)) => sys::lua_pushnumber(state, if is_x { p.x } else { p.y } as f64),
            None => sys::lua_pushnil(state),
        }
        1
    }
}

unsafe extern "C-unwind" fn point_newindex(state: *mut sys::lua_State) -> c_int {
    unsafe {
        let value = sys::luaL_checknumber(state, 3) as i32;
        if let Some((p, is_x)) = field(state) {
            if is_x {
                p.x = value
            } else {
                p.y = value
            }
        }
        0
    }
}

unsafe extern "C-unwind" fn new_point(state: *mut sys::lua_State) -> c_int {
    unsafe {
        let p = sys::lua_newuserdata(state, std::mem::size_of::<Point>()).cast::<Point>();
        p.write(Point { x: 0, y: 0 });
        sys::luaL_getmetatable(state, c"bench.point".as_ptr());
        sys::lua_setmetatable(state, -2);
        1
    }
}

const ARRAY_LEN: usize = 100;

unsafe extern "C-unwind" fn array_index(state: *mut sys::lua_State) -> c_int {
    unsafe {
        let data = sys::lua_touserdata(state, 1).cast::<i32>();
        let i = sys::luaL_checknumber(state, 2) as usize;
        if i >= ARRAY_LEN {
            sys::luaL_error(state, c"index out of bounds".as_ptr());
        }
        sys::lua_pushnumber(state, *data.add(i) as f64);
        1
    }
}

unsafe extern "C-unwind" fn array_newindex(state: *mut sys::lua_State) -> c_int {
    unsafe {
        let data = sys::lua_touserdata(state, 1).cast::<i32>();
        let i = sys::luaL_checknumber(state, 2) as usize;
        if i >= ARRAY_LEN {
            sys::luaL_error(state, c"index out of bounds".as_ptr());
        }
        *data.add(i) = sys::luaL_checknumber(state, 3) as i32;
        0
    }
}

unsafe extern "C-unwind" fn new_array(state: *mut sys::lua_State) -> c_int {
    unsafe {
        let p = sys::lua_newuserdata(state, ARRAY_LEN * 4);
        std::ptr::write_bytes(p.cast::<u8>(), 0, ARRAY_LEN * 4);
        sys::luaL_getmetatable(state, c"bench.array".as_ptr());
        sys::lua_setmetatable(state, -2);
        1
    }
}

unsafe fn push_boxed(state: *mut sys::lua_State, value: i64) {
    unsafe {
        let p = sys::lua_newuserdata(state, 8).cast::<i64>();
        p.write(value);
        sys::luaL_getmetatable(state, c"bench.int64".as_ptr());
        sys::lua_setmetatable(state, -2);
    }
}

unsafe extern "C-unwind" fn boxed_add(state: *mut sys::lua_State) -> c_int {
    unsafe {
        let read = |idx| {
            if sys::lua_type(state, idx) == sys::LUA_TNUMBER {
                sys::lua_tonumberx(state, idx, std::ptr::null_mut()) as i64
            } else {
                *sys::lua_touserdata(state, idx).cast::<i64>()
            }
        };
        let sum = read(1).wrapping_add(read(2));
        push_boxed(state, sum);
        1
    }
}

unsafe extern "C-unwind" fn new_boxed(state: *mut sys::lua_State) -> c_int {
    unsafe {
        push_boxed(state, sys::luaL_checknumber(state, 1) as i64);
        1
    }
}

// The qsort floor: a C comparator that calls a Luau function with the two ints.
thread_local! {
    static COMPARE: std::cell::Cell<(*mut sys::lua_State, c_int)> = const { std::cell::Cell::new((std::ptr::null_mut(), 0)) };
}

/// Calls the registered comparator with the two values `push` pushes.
#[inline(always)]
fn call_comparator(push: impl FnOnce(*mut sys::lua_State)) -> c_int {
    let (state, function) = COMPARE.with(|c| c.get());
    unsafe {
        sys::lua_rawgeti(state, sys::LUA_REGISTRYINDEX, function as _);
        push(state);
        if sys::lua_pcall(state, 2, 1, 0) != 0 {
            sys::lua_settop(state, -2);
            return 0;
        }
        let r = sys::lua_tonumberx(state, -1, std::ptr::null_mut());
        sys::lua_settop(state, -2);
        r as c_int
    }
}

extern "C" fn raw_compare(a: *const c_void, b: *const c_void) -> c_int {
    call_comparator(|state| unsafe {
        sys::lua_pushnumber(state, *a.cast::<i32>() as f64);
        sys::lua_pushnumber(state, *b.cast::<i32>() as f64);
    })
}

// The qsort floor with pointer arguments: what a hand binding that gives the
// Luau comparator the two `const int *` (not their values) must do at least:
// box each pointer in a userdata whose `__index` reads through it. The cheapest
// boxing Luau offers: a tagged userdata with its metatable preset.
const INTPTR_TAG: c_int = 100;

extern "C" fn raw_compare_pointers(a: *const c_void, b: *const c_void) -> c_int {
    call_comparator(|state| unsafe {
        for p in [a, b] {
            sys::lua_newuserdatataggedwithmetatable(state, 8, INTPTR_TAG).cast::<*const c_void>().write(p);
        }
    })
}

/// `__index` of the boxed `const int *`: `p[k]`.
unsafe extern "C-unwind" fn intptr_index(state: *mut sys::lua_State) -> c_int {
    unsafe {
        let p = *sys::lua_touserdatatagged(state, 1, INTPTR_TAG).cast::<*const i32>();
        let k = sys::luaL_checknumber(state, 2) as isize;
        sys::lua_pushnumber(state, *p.offset(k) as f64);
        1
    }
}

extern "C" {
    fn qsort(base: *mut c_void, n: usize, size: usize, compare: extern "C" fn(*const c_void, *const c_void) -> c_int);
}

/// `raw_qsort(buffer, n, compare, pointers)`: sorts `n` ints in a buffer through
/// `raw_compare`, or `raw_compare_pointers` when `pointers` is true.
unsafe extern "C-unwind" fn raw_qsort(state: *mut sys::lua_State) -> c_int {
    unsafe {
        let mut len = 0;
        let data = sys::lua_tobuffer(state, 1, &mut len);
        let n = sys::luaL_checknumber(state, 2) as usize;
        let pointers = sys::lua_toboolean(state, 4) != 0;
        let function = sys::lua_ref(state, 3);
        COMPARE.with(|c| c.set((state, function)));
        qsort(data, n, 4, if pointers { raw_compare_pointers } else { raw_compare });
        sys::lua_unref(state, function);
        0
    }
}

/// `raw_call_n(fn, n)`: C calling a Luau function `n` times with an int and
/// summing the int results (the floor of a callback with scalar arguments).
unsafe extern "C-unwind" fn raw_call_n(state: *mut sys::lua_State) -> c_int {
    unsafe {
        let n = sys::luaL_checknumber(state, 2) as i64;
        let mut total = 0i64;
        for i in 0..n {
            sys::lua_pushvalue(state, 1);
            sys::lua_pushnumber(state, i as f64);
            if sys::lua_pcall(state, 1, 1, 0) != 0 {
                sys::lua_error(state);
            }
            total += sys::lua_tonumberx(state, -1, std::ptr::null_mut()) as i64;
            sys::lua_settop(state, -2);
        }
        sys::lua_pushnumber(state, total as f64);
        1
    }
}

// The constructor floor: the cheapest object Luau makes, a tagged userdata
// whose metatable is preset for its tag (what a cdata of luau-ffi is too).
const NEW16_TAG: c_int = 101;

/// `raw_new16()`: a new 16-byte userdata, zeroed, with its metatable.
unsafe extern "C-unwind" fn new16(state: *mut sys::lua_State) -> c_int {
    unsafe {
        sys::lua_newuserdatataggedwithmetatable(state, 16, NEW16_TAG).cast::<[u8; 16]>().write([0; 16]);
        1
    }
}

// The floor of calling a value that is not a function: a tagged userdata
// whose metatable's `__call` is `new16` (what a ctype of luau-ffi is too).
const CALLABLE_TAG: c_int = 102;

/// `raw_buffer()`: a 64-byte userdata holding "hello world!".
unsafe extern "C-unwind" fn new_buffer(state: *mut sys::lua_State) -> c_int {
    unsafe {
        let p = sys::lua_newuserdata(state, 64).cast::<u8>();
        std::ptr::write_bytes(p, 0, 64);
        std::ptr::copy_nonoverlapping(b"hello world!".as_ptr(), p, 12);
        1
    }
}

/// `raw_string(buffer, n)`: the first `n` bytes of a userdata as a Luau string.
unsafe extern "C-unwind" fn raw_string(state: *mut sys::lua_State) -> c_int {
    unsafe {
        let data = sys::lua_touserdata(state, 1);
        let n = sys::luaL_checknumber(state, 2) as usize;
        if data.is_null() || n > 64 {
            sys::luaL_error(state, c"bad buffer".as_ptr());
        }
        sys::lua_pushlstring(state, data.cast(), n);
        1
    }
}

unsafe extern "C-unwind" fn allocation_count(state: *mut sys::lua_State) -> c_int {
    unsafe { sys::lua_pushnumber(state, ALLOCATIONS.load(Relaxed) as f64) };
    1
}

fn install_floors(lua: &Lua) {
    let add = unsafe {
        let lib = libloading::Library::new(format!("{}/libcalls.so", env!("LUAU_FFI_FIXTURES"))).unwrap();
        let f = *lib.get::<*const c_void>(b"add").unwrap();
        std::mem::forget(lib);
        f
    };
    ADD.store(add as usize, Relaxed);
    unsafe {
        lua.exec_raw::<()>((), |state| {
            let metatables: [(&std::ffi::CStr, &[(&std::ffi::CStr, sys::lua_CFunction)]); 3] = [
                (c"bench.point", &[(c"__index", point_index), (c"__newindex", point_newindex)]),
                (c"bench.array", &[(c"__index", array_index), (c"__newindex", array_newindex)]),
                (c"bench.int64", &[(c"__add", boxed_add)]),
            ];
            sys::lua_createtable(state, 0, 1);
            sys::lua_pushcfunction(state, intptr_index);
            sys::lua_setfield(state, -2, c"__index".as_ptr());
            sys::lua_setuserdatametatable(state, INTPTR_TAG);
            sys::lua_createtable(state, 0, 0);
            sys::lua_setuserdatametatable(state, NEW16_TAG);
            sys::lua_createtable(state, 0, 1);
            sys::lua_pushcfunction(state, new16);
            sys::lua_setfield(state, -2, c"__call".as_ptr());
            sys::lua_setuserdatametatable(state, CALLABLE_TAG);
            sys::lua_newuserdatataggedwithmetatable(state, 8, CALLABLE_TAG);
            sys::lua_setglobal(state, c"raw_callable".as_ptr());
            for (name, entries) in metatables {
                sys::luaL_newmetatable(state, name.as_ptr());
                for (field, f) in entries {
                    sys::lua_pushcfunction(state, *f);
                    sys::lua_setfield(state, -2, field.as_ptr());
                }
                sys::lua_settop(state, -2);
            }
            let globals: [(&std::ffi::CStr, sys::lua_CFunction); 10] = [
                (c"raw_call_n", raw_call_n),
                (c"raw_add", raw_add),
                (c"raw_point", new_point),
                (c"raw_array", new_array),
                (c"raw_int64", new_boxed),
                (c"raw_qsort", raw_qsort),
                (c"raw_new16", new16),
                (c"raw_buffer", new_buffer),
                (c"raw_string", raw_string),
                (c"allocations", allocation_count),
            ];
            for (name, f) in globals {
                sys::lua_pushcfunction(state, f);
                sys::lua_setglobal(state, name.as_ptr());
            }
        })
        .unwrap();
    }
}

const SCRIPT: &str = include_str!("ffi.luau");

/// The LuaJIT side: `luajit -joff benches/ffi_luajit.lua`, driven line by line.
struct LuaJit {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl LuaJit {
    /// Starts the child, or says why it cannot run.
    fn spawn(iterations: usize, rounds: usize) -> Result<LuaJit, String> {
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/ffi_luajit.lua");
        let mut child = Command::new("luajit")
            .arg("-joff")
            .arg(script)
            .arg(env!("LUAU_FFI_FIXTURES"))
            .arg(iterations.to_string())
            .arg(rounds.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run `luajit` ({e})"))?;
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        let mut luajit = LuaJit { child, input, output };
        let version = luajit.request("version")?;
        eprintln!("LuaJIT side: {version} with -joff (interpreter)");
        Ok(luajit)
    }

    /// Sends one command line and returns the reply line.
    fn request(&mut self, command: &str) -> Result<String, String> {
        writeln!(self.input, "{command}").and_then(|_| self.input.flush()).map_err(|e| e.to_string())?;
        let mut line = String::new();
        match self.output.read_line(&mut line) {
            Ok(0) => Err(format!("the LuaJIT side stopped (command `{command}`)")),
            Ok(_) => Ok(line.trim_end().to_string()),
            Err(e) => Err(e.to_string()),
        }
    }
}

impl Drop for LuaJit {
    fn drop(&mut self) {
        let _ = writeln!(self.input, "quit");
        let _ = self.child.wait();
    }
}

/// The `LUAJIT` table the script drives: `start(ids)` selects and warms up the
/// cases LuaJIT has too and returns their ids, `run(id, n)` runs one round of
/// one case, `report()` returns net ns per operation by id.
fn install_luajit(lua: &Lua, luajit: LuaJit) -> mlua::Result<()> {
    let luajit = std::rc::Rc::new(std::cell::RefCell::new(luajit));
    let table = lua.create_table()?;
    let jit = luajit.clone();
    table.set(
        "start",
        lua.create_function(move |_, ids: String| {
            let reply = jit.borrow_mut().request(&format!("select {ids}")).map_err(mlua::Error::runtime)?;
            Ok(reply.split_whitespace().skip(1).map(str::to_string).collect::<Vec<_>>())
        })?,
    )?;
    let jit = luajit.clone();
    table.set(
        "run",
        lua.create_function(move |_, (id, n): (String, usize)| {
            jit.borrow_mut().request(&format!("run {id} {n}")).map_err(mlua::Error::runtime)?;
            Ok(())
        })?,
    )?;
    table.set(
        "report",
        lua.create_function(move |lua, ()| {
            let reply = luajit.borrow_mut().request("report").map_err(mlua::Error::runtime)?;
            let results = lua.create_table()?;
            let mut words = reply.split_whitespace().skip(1);
            while let (Some(id), Some(ns)) = (words.next(), words.next()) {
                results.set(id, ns.parse::<f64>().map_err(mlua::Error::external)?)?;
            }
            Ok(results)
        })?,
    )?;
    lua.globals().set("LUAJIT", table)
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    // `cargo bench` passes --bench; a filter argument selects cases by name.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let filter: Option<String> = args.iter().find(|a| !a.starts_with('-')).cloned();
    let iterations = env_number("LUAU_FFI_BENCH_ITERATIONS", 2_000_000);
    let rounds = env_number("LUAU_FFI_BENCH_ROUNDS", 9);
    let lua = Lua::new();
    install_floors(&lua);
    let ffi = luau_ffi::module(lua.clone()).unwrap();
    let globals = lua.globals();
    globals.set("ffi", ffi).unwrap();
    globals.set("FIXTURES", env!("LUAU_FFI_FIXTURES")).unwrap();
    globals.set("FILTER", filter).unwrap();
    globals.set("ITERATIONS", iterations).unwrap();
    globals.set("ROUNDS", rounds).unwrap();
    if args.iter().any(|a| a == "--no-luajit") {
        eprintln!("LuaJIT comparison skipped (--no-luajit)");
    } else {
        match LuaJit::spawn(iterations, rounds) {
            Ok(luajit) => install_luajit(&lua, luajit).unwrap(),
            Err(why) => eprintln!(
                "LuaJIT comparison skipped: {why}; scripts/bench installs LuaJIT (apt-get, as root) when it is missing"
            ),
        }
    }
    drop(globals);
    // As Lune does: a sandboxed state has a "safe" environment, without which
    // Luau's native code leaves a function that reads a global (`ffi`, the
    // floors) for the interpreter, and the cases would not run alike.
    lua.sandbox(true).unwrap();
    if let Err(e) = lua.load(SCRIPT).set_name("@benches/ffi.luau").exec() {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
