//! The documented `@lune/ffi` API: `ffi.open(path)` and the methods of the
//! library object it returns (`callInt`, `callIntArg`, `callDouble`,
//! `callString`, `callVoid`, `hasSymbol`, `close`).
//!
//! A thin layer over the engine: each method is a call of a fixed C signature
//! (`int (void)`, `int (int)`, ...) through the same call plans and fast path
//! as `ffi.cdef`'d functions.

use std::ffi::{c_char, c_int, c_void, CStr};
use std::rc::Rc;

use crate::call;
use crate::ctype::CTypeId;
use crate::error::{Error, Result};
use crate::library::SharedLibrary;
use crate::lua::stack::{check_integer, check_str, push_str, set_function};
use crate::lua::{sys, userdata};
use crate::state::ModuleState;

/// The library object scripts hold: `ffi.open` returns one.
pub struct LibraryObject {
    library: Rc<SharedLibrary>,
    /// The module state (anchored in the registry for the state's lifetime).
    module: *const ModuleState,
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

    /// The function type, parsed once per state.
    fn function_type(self, module: &ModuleState) -> Result<CTypeId> {
        let index = self as usize;
        if let Some(ty) = module.documented_types.borrow()[index] {
            return Ok(ty);
        }
        let ty =
            module.types.borrow_mut().parse_type(self.declaration(), &[]).map_err(|e| Error::Message(e.to_string()))?;
        module.documented_types.borrow_mut()[index] = Some(ty);
        Ok(ty)
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
    // SAFETY: argument 1 of the running call; upvalue 1 is the module state.
    unsafe {
        let module = ModuleState::current(state);
        let name = check_str(state, 1, "open", 1)?;
        let library = SharedLibrary::open(name).map_err(|e| Error::LibraryOpen {
            func: "open".into(),
            name: name.to_owned(),
            tried: e.tried.iter().map(|t| format!("'{t}'")).collect::<Vec<_>>().join(", "),
            detail: e.detail,
        })?;
        userdata::push(state, LibraryObject { library, module });
        Ok(1)
    }
}

/// The library object at index 1 (`self`) of a method call, open.
unsafe fn this<'a>(state: *mut sys::lua_State, method: &'static str) -> Result<&'a LibraryObject> {
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
    Ok(object)
}

/// Calls the symbol named by argument 1 (stack index 2) with `signature`; the
/// C arguments are at stack index 3 on.
unsafe fn call_symbol(state: *mut sys::lua_State, method: &'static str, signature: Signature) -> Result<c_int> {
    // SAFETY: reading the stack of the running call; the engine converts the
    // arguments for the documented signature.
    unsafe {
        let object = this(state, method)?;
        let name = check_str(state, 2, method, 1)?;
        let address = object.library.symbol(name).map_err(|detail| Error::MissingSymbol {
            func: method.into(),
            symbol: name.to_owned(),
            library: object.library.name().to_owned(),
            detail,
        })?;
        let module = &*object.module;
        let plan = call::plan_for(module, signature.function_type(module)?)?;
        // The documented methods ignore extra arguments.
        sys::lua_settop(state, 2 + plan.args.len() as c_int);
        call::invoke(state, module, address as *const c_void, &plan, name, 3)
    }
}

unsafe fn call_int_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: forwarded.
    unsafe { call_symbol(state, "callInt", Signature::IntVoid) }
}

unsafe fn call_int_arg_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: the documented contract: an integer that fits `int`.
    unsafe {
        this(state, "callIntArg")?;
        check_str(state, 2, "callIntArg", 1)?;
        let _: i32 = check_integer(state, 3, "callIntArg", 2, "int")?;
        call_symbol(state, "callIntArg", Signature::IntInt)
    }
}

unsafe fn call_double_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: forwarded.
    unsafe { call_symbol(state, "callDouble", Signature::DoubleVoid) }
}

unsafe fn call_string_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: the pointer result is copied into a Luau string at once.
    unsafe {
        call_symbol(state, "callString", Signature::StringVoid)?;
        let pointer =
            std::ptr::read_unaligned(crate::cdata::object::get_unchecked(state, -1).ptr.cast::<*const c_char>());
        sys::lua_settop(state, -2);
        if pointer.is_null() {
            sys::lua_pushnil(state);
        } else {
            sys::lua_pushstring(state, pointer);
        }
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
        let object = this(state, "hasSymbol")?;
        let name = check_str(state, 2, "hasSymbol", 1)?;
        sys::lua_pushboolean(state, object.library.symbol(name).is_ok() as c_int);
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
