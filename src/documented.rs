//! The documented `@lune/ffi` API: `ffi.open(path)` and the methods of the
//! library object it returns (`callInt`, `callIntArg`, `callDouble`,
//! `callString`, `callVoid`, `hasSymbol`, `close`).
//!
//! A thin layer over the engine: each method is a call of a fixed C signature
//! (`int (void)`, `int (int)`, ...) through the same call plans and fast path
//! as `ffi.cdef`'d functions.

use std::cell::{Cell, RefCell};
use std::ffi::{c_char, c_int, c_void, CStr};
use std::rc::Rc;

use crate::call::plan::CallPlan;
use crate::call::{self, Calls};
use crate::cparse::printable;
use crate::cparse::Declare;
use crate::error::{Error, ErrorKind, Result};
use crate::library::SharedLibrary;
use crate::lua::stack::{check_integer, check_str, push_str};
use crate::lua::{protected, sys, userdata};

/// The documented API's part of the module's per-state data. Its C functions
/// carry pointers to the calls layer's data ([`Calls`]) and to this as upvalues
/// 1 and 2.
pub struct Documented {
    /// The call plans of the methods' signatures, made on first use.
    plans: RefCell<[Option<Rc<CallPlan>>; 5]>,
    /// Address of the library objects' metatable, for cheap identity checks.
    library_mt: Cell<*const c_void>,
    /// Registry reference of the library objects' metatable.
    library_mt_ref: Cell<c_int>,
}

impl Default for Documented {
    fn default() -> Self {
        Documented {
            plans: Default::default(),
            library_mt: Cell::new(std::ptr::null()),
            library_mt_ref: Cell::new(sys::LUA_NOREF),
        }
    }
}

impl Documented {
    /// The documented API's data of the running C function (its upvalue 2).
    ///
    /// # Safety
    /// Only inside a C function of this module (pushed by [`install_metatable`]
    /// or as `ffi.open`).
    #[inline(always)]
    unsafe fn current<'a>(state: *mut sys::lua_State) -> &'a Documented {
        // SAFETY: see above; the module state outlives every closure holding it.
        unsafe { &*crate::lua::direct::light_upvalue(state, 2).cast::<Documented>() }
    }
}

/// The library object scripts hold: `ffi.open` returns one.
pub struct LibraryObject {
    library: Rc<SharedLibrary>,
    /// The calls layer's data of the module that opened it (part of the
    /// module state, anchored for the life of the Luau state): its methods
    /// reach it without another upvalue read.
    calls: *const Calls,
}

/// Creates the library objects' metatable of this state and records it in
/// `documented`. Light userdata pointing to the calls layer's data and to
/// `documented` must be at `upvalues` (the methods' upvalues 1 and 2).
///
/// # Safety
/// `state` must be live; `documented` lives as long as the Luau state.
pub unsafe fn install_metatable(
    state: *mut sys::lua_State,
    documented: &Documented,
    upvalues: [c_int; 2],
) -> Result<()> {
    let methods: [(&CStr, sys::lua_CFunction); 7] = [
        (c"callInt", call_int),
        (c"callIntArg", call_int_arg as sys::lua_CFunction),
        (c"callDouble", call_double),
        (c"callString", call_string),
        (c"callVoid", call_void),
        (c"hasSymbol", has_symbol),
        (c"close", close),
    ];
    // SAFETY: builds two tables and keeps a registry reference to one.
    unsafe {
        protected::create_table(state, 0, 4)?;
        protected::create_table(state, 0, methods.len() as c_int)?;
        crate::lua::stack::set_closures(state, &upvalues, methods)?;
        sys::lua_setreadonly(state, -1, 1);
        protected::raw_set_field(state, -2, c"__index")?;
        crate::lua::stack::set_closures(state, &upvalues, [(c"__tostring", library_tostring as sys::lua_CFunction)])?;
        push_str(state, "ffi")?;
        protected::raw_set_field(state, -2, c"__metatable")?;
        push_str(state, "FfiLibrary")?;
        protected::raw_set_field(state, -2, c"__type")?;
        documented.library_mt.set(sys::lua_topointer(state, -1));
        documented.library_mt_ref.set(protected::reference(state, -1)?);
        sys::lua_settop(state, -2);
    }
    Ok(())
}

/// The C signatures of the documented methods.
#[derive(Clone, Copy)]
enum Signature {
    IntVoid,
    IntInt,
    DoubleVoid,
    StringVoid,
    VoidVoid,
}

impl Signature {
    fn declaration(self) -> &'static str {
        match self {
            Signature::IntVoid => "int (void)",
            Signature::IntInt => "int (int)",
            Signature::DoubleVoid => "double (void)",
            Signature::StringVoid => "const char *(void)",
            Signature::VoidVoid => "void (void)",
        }
    }

    /// The call plan, made once per state.
    fn plan(self, calls: &Calls, documented: &Documented) -> Result<Rc<CallPlan>> {
        let index = self as usize;
        if let Some(plan) = &documented.plans.borrow()[index] {
            return Ok(plan.clone());
        }
        let ty = calls
            .values
            .types
            .borrow_mut()
            .parse_type(self.declaration(), &[])
            .map_err(|e| Error::message(e.to_string()))?;
        let plan = calls.plan_for(ty)?;
        documented.plans.borrow_mut()[index] = Some(plan.clone());
        Ok(plan)
    }
}

crate::c_functions! {
    /// `ffi.open(path)`.
    open => open_body;
    call_int => call_int_body;
    call_int_arg_general => call_int_arg_body;
    call_double => call_double_body;
    call_string => call_string_body;
    call_void => call_void_body;
    has_symbol => has_symbol_body;
    close => close_body;
    library_tostring => tostring_body;
}

unsafe fn open_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: argument 1 of the running call; upvalue 2 is the documented API's data.
    unsafe {
        let documented = Documented::current(state);
        let name = check_str(state, 1, "open", 1)?;
        let library = SharedLibrary::open(name).map_err(|e| e.into_error("open", name))?;
        let calls = Calls::current(state);
        userdata::push_with(state, LibraryObject { library, calls }, documented.library_mt_ref.get())?;
        Ok(1)
    }
}

/// The library object at `idx`, if the value there is one of `documented`'s.
unsafe fn library_object<'a>(
    state: *mut sys::lua_State,
    documented: &Documented,
    idx: c_int,
) -> Option<&'a LibraryObject> {
    // SAFETY: a userdata with the library objects' metatable holds one.
    unsafe { userdata::get_with::<LibraryObject>(state, idx, documented.library_mt.get()).map(|o| &*o) }
}

/// The library object at index 1 (`self`) of a method call, open.
unsafe fn this<'a>(
    state: *mut sys::lua_State,
    documented: &Documented,
    method: &'static str,
) -> Result<&'a LibraryObject> {
    // SAFETY: reading the stack of the running call.
    let object = unsafe { library_object(state, documented, 1) }.ok_or_else(|| {
        Error::message(format!(
            "bad self to '{method}' (library expected, got {}; call it as lib:{method}(...))",
            unsafe { crate::lua::stack::type_name(state, 1) }
        ))
    })?;
    if object.library.is_closed() {
        return Err(ErrorKind::Closed { func: method.into(), library: object.library.name().to_owned() }.into());
    }
    Ok(object)
}

/// Calls the symbol named by argument 1 (stack index 2) with `signature`; the
/// C arguments are at stack index 3 on.
unsafe fn call_symbol(state: *mut sys::lua_State, method: &'static str, signature: Signature) -> Result<c_int> {
    // SAFETY: reading the stack of the running call; the engine converts the
    // arguments for the documented signature.
    unsafe {
        // SAFETY: upvalue 2 of every method is the documented API's data.
        let documented = Documented::current(state);
        let object = this(state, documented, method)?;
        let name = check_str(state, 2, method, 1)?;
        let address = object.library.symbol(name).map_err(|detail| ErrorKind::MissingSymbol {
            func: method.into(),
            symbol: printable(name).into_owned(),
            library: object.library.name().to_owned(),
            detail: printable(&detail).into_owned(),
        })?;
        if let Signature::IntInt = signature {
            let _: i32 = check_integer(state, 3, method, 2, "int")?;
        }
        let calls = &*object.calls;
        let plan = signature.plan(calls, documented)?;
        // The documented methods ignore extra arguments.
        sys::lua_settop(state, 2 + plan.args.len() as c_int);
        call::invoke(state, calls, address as *const c_void, &plan, name, 3)?;
        Ok(plan.result_count())
    }
}

unsafe fn call_int_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: forwarded.
    unsafe { call_symbol(state, "callInt", Signature::IntVoid) }
}

/// `lib:callIntArg(name, n)`: the common case (an open library object, a
/// symbol found, an `int` argument) on a path of its own; anything else, and
/// every error, through the general method ([`call_symbol`]).
unsafe extern "C-unwind" fn call_int_arg(state: *mut sys::lua_State) -> c_int {
    // SAFETY: Luau calls this method with its running thread; the general
    // method runs as if Luau had called it (nothing of this call is live then).
    unsafe {
        let results = crate::lua::guard(state, call_int_arg_fast);
        if results == DOES_NOT_FIT {
            return call_int_arg_general(state);
        }
        results
    }
}

/// What [`call_int_arg_fast`] returns for a call it leaves to the general
/// method (which is called outside it, so that their results do not merge).
const DOES_NOT_FIT: c_int = -1;

#[inline(always)]
unsafe fn call_int_arg_fast(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: reads of the running call's arguments; upvalue 2 is the
    // documented API's data; `int (int)` is the method's documented contract.
    unsafe {
        let documented = Documented::current(state);
        let Some(object) = library_object(state, documented, 1) else { return Ok(DOES_NOT_FIT) };
        if object.library.is_closed() {
            return Ok(DOES_NOT_FIT);
        }
        let Some(name) = crate::lua::direct::bytes(state, 2) else { return Ok(DOES_NOT_FIT) };
        // check_integer's rule for an `int`: an integral number in range.
        let Some(n) = crate::lua::direct::number(state, 3) else { return Ok(DOES_NOT_FIT) };
        let arg = n as i32;
        if arg as f64 != n {
            return Ok(DOES_NOT_FIT);
        }
        let address = match object.library.last_symbol(name) {
            Some(address) => address,
            None => match std::str::from_utf8(name).ok().and_then(|name| object.library.symbol(name).ok()) {
                Some(address) => address,
                None => return Ok(DOES_NOT_FIT),
            },
        };
        let result = call::call_int_of_int(state, &*object.calls, address, arg)?;
        sys::lua_pushnumber(state, result as f64);
        Ok(1)
    }
}

unsafe fn call_int_arg_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: forwarded; call_symbol checks the integer argument.
    unsafe { call_symbol(state, "callIntArg", Signature::IntInt) }
}

unsafe fn call_double_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: forwarded.
    unsafe { call_symbol(state, "callDouble", Signature::DoubleVoid) }
}

unsafe fn call_string_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: the pointer result is copied into a Luau string at once.
    unsafe {
        call_symbol(state, "callString", Signature::StringVoid)?;
        // A NULL result is already nil (crate::cdata::from_c).
        if sys::lua_type(state, -1) == sys::LUA_TNIL {
            return Ok(1);
        }
        let pointer =
            std::ptr::read_unaligned(crate::cdata::object::get_unchecked(state, -1).ptr.cast::<*const c_char>());
        sys::lua_settop(state, -2);
        protected::push_bytes(state, CStr::from_ptr(pointer).to_bytes())?;
        Ok(1)
    }
}

unsafe fn call_void_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: forwarded.
    unsafe { call_symbol(state, "callVoid", Signature::VoidVoid) }
}

unsafe fn has_symbol_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: reading the stack of the running call.
    unsafe {
        let object = this(state, Documented::current(state), "hasSymbol")?;
        let name = check_str(state, 2, "hasSymbol", 1)?;
        sys::lua_pushboolean(state, object.library.symbol(name).is_ok() as c_int);
    }
    Ok(1)
}

unsafe fn close_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: reading the stack of the running call. Closing twice is harmless.
    let object = unsafe { library_object(state, Documented::current(state), 1) }
        .ok_or_else(|| Error::message("bad self to 'close' (library expected; call it as lib:close())"))?;
    SharedLibrary::close(&object.library);
    Ok(0)
}

unsafe fn tostring_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: __tostring is called with the library object.
    unsafe {
        let Some(object) = library_object(state, Documented::current(state), 1) else {
            return Err(Error::message("FfiLibrary expected"));
        };
        let state_word = if object.library.is_closed() { " (closed)" } else { "" };
        push_str(state, &format!("FfiLibrary<{}>{state_word}", object.library.name()))?;
    }
    Ok(1)
}
