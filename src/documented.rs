//! The documented `@lune/ffi` API: `ffi.open(path)` and the methods of the
//! library object it returns (`callInt`, `callIntArg`, `callDouble`,
//! `callString`, `callVoid`, `hasSymbol`, `close`).

use std::ffi::{c_char, c_int, c_void, CStr};
use std::rc::Rc;

use crate::error::{Error, Result};
use crate::library::SharedLibrary;
use crate::lua::stack::{check_integer, check_str, push_str, set_function};
use crate::lua::{sys, userdata};

/// The library object scripts hold: `ffi.open` returns one.
pub struct LibraryObject {
    library: Rc<SharedLibrary>,
}

impl userdata::Userdata for LibraryObject {
    const METATABLE: &'static CStr = c"luau_ffi.Library";
    const TYPE_NAME: &'static CStr = c"FfiLibrary";

    unsafe fn init_metatable(state: *mut sys::lua_State) {
        // SAFETY: the metatable is at the top of the stack.
        unsafe {
            sys::lua_createtable(state, 0, 8);
            set_function(state, c"callInt", call_int);
            set_function(state, c"callIntArg", call_int_arg);
            set_function(state, c"callDouble", call_double);
            set_function(state, c"callString", call_string);
            set_function(state, c"callVoid", call_void);
            set_function(state, c"hasSymbol", has_symbol);
            set_function(state, c"close", close);
            sys::lua_setreadonly(state, -1, 1);
            sys::lua_rawsetfield(state, -2, c"__index".as_ptr());
            set_function(state, c"__tostring", library_tostring);
            push_str(state, "ffi");
            sys::lua_rawsetfield(state, -2, c"__metatable".as_ptr());
        }
    }
}

crate::c_functions! {
    /// `ffi.open(path)`.
    open => open_body;
    call_int => call_int_body;
    call_int_arg => call_int_arg_body;
    call_double => call_double_body;
    call_string => call_string_body;
    call_void => call_void_body;
    has_symbol => has_symbol_body;
    close => close_body;
    library_tostring => tostring_body;
}

unsafe fn open_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: argument 1 of the running call.
    let name = unsafe { check_str(state, 1, "open", 1) }?;
    let library = SharedLibrary::open(name).map_err(|e| Error::LibraryOpen {
        func: "open".into(),
        name: name.to_owned(),
        tried: e.tried.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", "),
        detail: e.detail,
    })?;
    // SAFETY: pushes one new userdata.
    unsafe { userdata::push(state, LibraryObject { library }) };
    Ok(1)
}

/// The library object at index 1 (`self`) of a method call, open.
unsafe fn this<'a>(state: *mut sys::lua_State, method: &'static str) -> Result<&'a SharedLibrary> {
    // SAFETY: reading the stack of the running call.
    let object = unsafe { userdata::get::<LibraryObject>(state, 1) }.ok_or_else(|| {
        Error::Message(format!(
            "bad self to '{method}' (library expected, got {}; call it as lib:{method}(...))",
            unsafe { crate::lua::stack::type_name(state, 1) }
        ))
    })?;
    if object.library.is_closed() {
        return Err(Error::Closed { func: method.into(), library: object.library.name().to_owned() });
    }
    Ok(&object.library)
}

/// Resolves the symbol named by argument 1 (stack index 2) of a method call.
unsafe fn function_address(state: *mut sys::lua_State, method: &'static str) -> Result<*mut c_void> {
    // SAFETY: reading the stack of the running call.
    let library = unsafe { this(state, method) }?;
    let name = unsafe { check_str(state, 2, method, 1) }?;
    library.symbol(name).map_err(|detail| Error::MissingSymbol {
        func: method.into(),
        symbol: name.to_owned(),
        library: library.name().to_owned(),
        detail,
    })
}

unsafe fn call_int_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: the documented contract: the symbol is `int name(void)`.
    unsafe {
        let f: extern "C" fn() -> c_int = std::mem::transmute(function_address(state, "callInt")?);
        sys::lua_pushnumber(state, f() as f64);
    }
    Ok(1)
}

unsafe fn call_int_arg_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: the documented contract: the symbol is `int name(int)`.
    unsafe {
        let address = function_address(state, "callIntArg")?;
        let arg: i32 = check_integer(state, 3, "callIntArg", 2, "int")?;
        let f: extern "C" fn(c_int) -> c_int = std::mem::transmute(address);
        sys::lua_pushnumber(state, f(arg) as f64);
    }
    Ok(1)
}

unsafe fn call_double_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: the documented contract: the symbol is `double name(void)`.
    unsafe {
        let f: extern "C" fn() -> f64 = std::mem::transmute(function_address(state, "callDouble")?);
        sys::lua_pushnumber(state, f());
    }
    Ok(1)
}

unsafe fn call_string_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: the documented contract: the symbol is `const char *name(void)`;
    // the string is copied before anything else runs.
    unsafe {
        let f: extern "C" fn() -> *const c_char = std::mem::transmute(function_address(state, "callString")?);
        let s = f();
        if s.is_null() {
            sys::lua_pushnil(state);
        } else {
            sys::lua_pushstring(state, s);
        }
    }
    Ok(1)
}

unsafe fn call_void_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: the documented contract: the symbol is `void name(void)`.
    unsafe {
        let f: extern "C" fn() = std::mem::transmute(function_address(state, "callVoid")?);
        f();
    }
    Ok(0)
}

unsafe fn has_symbol_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: reading the stack of the running call.
    unsafe {
        let library = this(state, "hasSymbol")?;
        let name = check_str(state, 2, "hasSymbol", 1)?;
        sys::lua_pushboolean(state, library.symbol(name).is_ok() as c_int);
    }
    Ok(1)
}

unsafe fn close_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: reading the stack of the running call. Closing twice is harmless.
    let object = unsafe { userdata::get::<LibraryObject>(state, 1) }
        .ok_or_else(|| Error::Message("bad self to 'close' (library expected; call it as lib:close())".into()))?;
    SharedLibrary::close(&object.library);
    Ok(0)
}

unsafe fn tostring_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: __tostring is called with the library object.
    unsafe {
        let Some(object) = userdata::get::<LibraryObject>(state, 1) else {
            return Err(Error::Message("FfiLibrary expected".into()));
        };
        let state_word = if object.library.is_closed() { " (closed)" } else { "" };
        push_str(state, &format!("FfiLibrary<{}>{state_word}", object.library.name()));
    }
    Ok(1)
}
