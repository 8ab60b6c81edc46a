//! Out of memory is an ordinary, catchable Luau error.
//!
//! Luau raises a memory error as a C++ exception from inside whatever API call
//! ran out; one that crossed a Rust frame would abort the process (this test
//! binary). Each case runs an FFI operation in a loop, keeping every result,
//! under an mlua memory limit a little above what is in use, until Luau refuses
//! an allocation; `pcall` must return false with Luau's "not enough memory",
//! and the state must work afterwards. Both with the crate linked in and with
//! the cdylib loaded into this process.

mod common;

use mlua::{Error, Lua};

/// How the module reaches the test's Lua state.
#[derive(Clone, Copy, Debug)]
enum Mode {
    InProcess,
    Module,
}

const MODES: [Mode; 2] = [Mode::InProcess, Mode::Module];

fn open(lua: &Lua, mode: Mode) -> mlua::Result<mlua::Table> {
    match mode {
        Mode::InProcess => luau_ffi::module(lua.clone()),
        Mode::Module => {
            luau_ffi::loader::load_module(lua, common::module_path().to_str().unwrap()).map_err(|e| match e {
                luau_ffi::loader::LoadError::Init(error) => error,
                other => Error::runtime(other.to_string()),
            })
        }
    }
}

/// A Lua state with `ffi`, `set_limit(extra_bytes)` (the limit becomes the
/// memory in use plus `extra_bytes`; `nil` lifts it) and `FIXTURES`.
fn state(mode: Mode) -> Lua {
    let lua = Lua::new();
    let ffi = open(&lua, mode).expect("open the module");
    lua.globals().set("ffi", ffi).unwrap();
    let set_limit = lua
        .create_function(|lua, extra: Option<usize>| {
            lua.set_memory_limit(extra.map_or(0, |extra| lua.used_memory() + extra))?;
            Ok(())
        })
        .unwrap();
    lua.globals().set("set_limit", set_limit).unwrap();
    lua.globals().set("FIXTURES", common::fixtures_dir().to_str().unwrap()).unwrap();
    lua
}

/// The cases, as one script: `exhaust(what, step)` calls `step(i)` until the
/// limit is hit, then checks the error and that the FFI still works.
const SCRIPT: &str = r#"
ffi.cdef([[
typedef int (*int_cb)(int);
typedef int (*compare_cb)(const void *, const void *);
void qsort(void *base, size_t n, size_t size, compare_cb compare);
char *strchr(const char *s, int c);
size_t strlen(const char *s);
int snprintf(char *buf, size_t size, const char *format, ...);
]])

local ROOM = 256 * 1024

local function stillWorks(what)
	local p = ffi.new("int[4]", 1, 2, 3, 4)
	assert(p[3] == 4, what .. ": ffi.new after the memory error")
	assert(ffi.tonumber(ffi.C.strlen("abc")) == 3, what .. ": a C call after the memory error")
	local cb = ffi.cast("int_cb", function(v) return v + 1 end)
	cb:free()
end

local function expectMemoryError(what, ok, err)
	assert(not ok, what .. ": the memory limit was never hit")
	assert(string.find(tostring(err), "not enough memory", 1, true), what .. ": unexpected error " .. tostring(err))
end

-- Runs step(i) under the limit until it fails, keeping every result (in a
-- table made beforehand, so that only the FFI allocates in the loop).
local function exhaust(what, step, release)
	local keep = table.create(400000, false)
	local function run()
		for i = 1, 400000 do
			keep[i] = step(i)
		end
	end
	collectgarbage("collect")
	set_limit(ROOM)
	local ok, err = pcall(run)
	set_limit(nil)
	expectMemoryError(what, ok, err)
	if release then
		for _, value in keep do
			if value then release(value) end
		end
	end
	keep = nil
	collectgarbage("collect")
	stillWorks(what)
end

exhaust("ffi.new", function() return ffi.new("double[4]") end)
exhaust("ffi.new of a VLA", function(i) return ffi.new("int[?]", i % 50 + 1) end)
ffi.cdef("typedef struct { double x, y; } limit_vec2;")
local limitVec2 = ffi.typeof("limit_vec2")
limitVec2()
exhaust("a ctype called without arguments", function() return limitVec2() end)
exhaust("a struct whose members are read", function()
	local v = limitVec2()
	assert(v.x + v.y == 0)
	return v
end)
exhaust("ffi.typeof", function() return ffi.typeof("int[?]") end)

local text = ffi.new("char[64]")
exhaust("ffi.string", function(i)
	ffi.C.snprintf(text, 64, "string number %g, long enough to matter", i)
	return ffi.string(text)
end)
exhaust("ffi.cast to int64_t", function(i) return ffi.cast("int64_t", i) end)
exhaust("ffi.cast to a pointer", function(i) return ffi.cast("void *", i) end)
local big = ffi.new("int64_t", 1)
exhaust("int64 arithmetic", function(i) return big + i end)
exhaust("a pointer returned by C", function() return ffi.C.strchr("abc", 98) end)
exhaust("ffi.tobuffer", function() return ffi.tobuffer(text, 64) end)
exhaust("binding namespace functions", function()
	local c = ffi.load("c")
	return c.strlen
end)
exhaust("the documented ffi.open", function() return ffi.open(FIXTURES .. "/libmylib.so") end)
local identity = function(v) return v end
exhaust("creating callbacks", function() return ffi.cast("int_cb", identity) end, function(cb) cb:free() end)

-- One allocation larger than the room left.
collectgarbage("collect")
local huge = ffi.new("char[?]", 4 * ROOM)
set_limit(ROOM)
local ok, err = pcall(ffi.string, huge, 4 * ROOM)
set_limit(nil)
expectMemoryError("one large ffi.string", ok, err)
set_limit(ROOM)
ok, err = pcall(ffi.new, "char[?]", 4 * ROOM)
set_limit(nil)
expectMemoryError("one large ffi.new", ok, err)
set_limit(ROOM)
ok, err = pcall(ffi.tobuffer, huge, 4 * ROOM)
set_limit(nil)
expectMemoryError("one large ffi.tobuffer", ok, err)
huge = nil
stillWorks("large allocations")

-- Running out inside a callback that C calls: the error reaches the caller of
-- the C function once C has returned.
local N = 20000
local array = ffi.new("int[?]", N)
for i = 0, N - 1 do array[i] = (i * 7919) % N end
local hold = table.create(N * 20, false)
local held = 0
local compare = ffi.cast("compare_cb", function(a, b)
	held += 1
	hold[held] = ffi.new("char[64]")
	local x, y = ffi.cast("const int *", a)[0], ffi.cast("const int *", b)[0]
	return if x < y then -1 elseif x > y then 1 else 0
end)
collectgarbage("collect")
set_limit(ROOM)
ok, err = pcall(ffi.C.qsort, array, N, 4, compare)
set_limit(nil)
expectMemoryError("inside a callback", ok, err)
hold = nil
compare:free()
collectgarbage("collect")
stillWorks("a callback out of memory")
return "done"
"#;

#[test]
fn out_of_memory_is_catchable_and_the_state_survives() {
    for mode in MODES {
        let lua = state(mode);
        let result: String = lua
            .load(SCRIPT)
            .set_name(format!("@memory_limit ({mode:?})"))
            .eval()
            .unwrap_or_else(|e| panic!("{mode:?}: {e}"));
        assert_eq!(result, "done", "{mode:?}");
    }
}

#[test]
fn a_memory_error_stays_a_memory_error() {
    for mode in MODES {
        let lua = state(mode);
        lua.gc_collect().unwrap();
        lua.set_memory_limit(lua.used_memory() + 64 * 1024).unwrap();
        let error = lua.load(r#"return ffi.new("char[?]", 1000000)"#).exec().expect_err("over the limit");
        lua.set_memory_limit(0).unwrap();
        assert!(matches!(error, Error::MemoryError(_)), "{mode:?}: {error:?}");
        let n: f64 = lua.load(r#"return ffi.sizeof(ffi.new("char[?]", 1000000))"#).eval().unwrap();
        assert_eq!(n, 1_000_000.0, "{mode:?}");
    }
}

#[test]
fn opening_the_module_out_of_memory_is_an_error() {
    for mode in MODES {
        let lua = Lua::new();
        lua.gc_collect().unwrap();
        lua.set_memory_limit(lua.used_memory() + 512).unwrap();
        let error = open(&lua, mode).expect_err("no room to open the module");
        lua.set_memory_limit(0).unwrap();
        assert!(matches!(error, Error::MemoryError(_)), "{mode:?}: {error:?}");
        let ffi = open(&lua, mode).expect("the module opens once memory is available");
        lua.globals().set("ffi", ffi).unwrap();
        let size: f64 = lua.load(r#"return ffi.sizeof("struct { int a; double b; }")"#).eval().unwrap();
        assert_eq!(size, 16.0, "{mode:?}");
    }
}
