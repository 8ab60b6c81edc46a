//! C library namespaces: `ffi.C` and the values `ffi.load` returns.
//!
//! Indexing a namespace binds a declared symbol (`ffi.cdef`) to its address
//! in the library: a function becomes a callable function object, an extern
//! variable is read (and written) through its address on every access, a
//! constant is its value. A namespace is a read-only Luau table whose
//! metatable's `__index` does the binding and keeps functions and constants in
//! the namespace itself (lifting the read-only flag for that one raw store), so
//! after the first access `lib.add(1, 2)` costs one table lookup on the VM's
//! fast path. A write of a name not bound yet (a variable is never kept)
//! reaches `__newindex`, which stores a variable and refuses a function or
//! constant with LuaJIT's `attempt to write to constant location`; a write of a
//! function or constant already bound raises Luau's `attempt to modify a
//! readonly table` (Luau checks the read-only flag before any metamethod for a
//! key that is present, and nothing else can refuse such a write).

use std::ffi::{c_int, CStr};
use std::rc::Rc;

use crate::call::{self, Calls, FunctionData};
use crate::cdata::convert::{self, Aggregate, Cx, Mode};
use crate::cdata::object;
use crate::cdata::Values;
use crate::cparse::name_from_bytes;
use crate::ctype::{CTypeId, Declaration};
use crate::error::{Error, Result};
use crate::library::SharedLibrary;
use crate::lua::stack::{check_bytes, check_str, push_str};
use crate::lua::{protected, sys, userdata};

/// The library behind a namespace.
pub struct NamespaceData {
    library: Rc<SharedLibrary>,
}

impl userdata::Userdata for NamespaceData {
    const METATABLE: &'static CStr = c"luau_ffi.NamespaceData";
    const TYPE_NAME: &'static CStr = c"FfiNamespaceData";

    unsafe fn init_metatable(_state: *mut sys::lua_State) -> Result<()> {
        Ok(())
    }
}

/// Pushes a namespace for `library`. A pointer to the calls layer's data
/// ([`Calls`], a light userdata) must be at `calls_idx`.
///
/// # Safety
/// `state` must be live.
pub unsafe fn push_namespace(state: *mut sys::lua_State, calls_idx: c_int, library: Rc<SharedLibrary>) -> Result<()> {
    // SAFETY: builds the namespace and its metatable; the C functions carry
    // the calls layer's data and the namespace data as upvalues 1 and 2.
    unsafe {
        let calls_idx = sys::lua_absindex(state, calls_idx);
        let name = library.name().to_owned();
        protected::create_table(state, 0, 0)?;
        protected::create_table(state, 0, 5)?;
        userdata::push(state, NamespaceData { library })?;
        let data_idx = sys::lua_gettop(state);
        for (function, field) in [(newindex as sys::lua_CFunction, c"__newindex"), (index, c"__index")] {
            sys::lua_pushvalue(state, calls_idx);
            sys::lua_pushvalue(state, data_idx);
            protected::push_closure(state, function, field, 2)?;
            protected::raw_set_field(state, -3, field)?;
        }
        sys::lua_settop(state, -2);
        push_str(state, "ffi")?;
        protected::raw_set_field(state, -2, c"__metatable")?;
        push_str(state, &format!("FfiNamespace<{name}>"))?;
        protected::push_closure(state, tostring, c"__tostring", 1)?;
        protected::raw_set_field(state, -2, c"__tostring")?;
        protected::set_metatable(state, -2)?;
        sys::lua_setreadonly(state, -1, 1);
    }
    Ok(())
}

crate::c_functions! {
    index => index_body;
    newindex => newindex_body;
    tostring => tostring_body;
}

unsafe fn tostring_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: the name is upvalue 1.
    unsafe { sys::lua_pushvalue(state, sys::lua_upvalueindex(1)) };
    Ok(1)
}

/// What a namespace key names, resolved under a short borrow of the type table.
enum Binding {
    Function { ty: CTypeId, symbol: String },
    Variable { ty: CTypeId, symbol: String },
    Constant { ty: CTypeId, value: i64 },
}

unsafe fn binding(values: &Values, name: &str) -> Result<Binding> {
    let types = values.types.borrow();
    match types.symbol(name) {
        Some(Declaration::Function { ty, asm_name }) => {
            Ok(Binding::Function { ty: *ty, symbol: asm_name.clone().unwrap_or_else(|| name.to_owned()) })
        }
        Some(Declaration::Variable { ty, asm_name }) => {
            Ok(Binding::Variable { ty: *ty, symbol: asm_name.clone().unwrap_or_else(|| name.to_owned()) })
        }
        Some(Declaration::Constant { ty, value }) => Ok(Binding::Constant { ty: *ty, value: *value }),
        None => Err(Error::message(format!("missing declaration for symbol '{name}'"))),
    }
}

fn resolve(library: &SharedLibrary, name: &str, symbol: &str) -> Result<*mut std::ffi::c_void> {
    if library.is_closed() {
        return Err(Error::message(format!("library '{}' is closed", library.name())));
    }
    library.symbol(symbol).map_err(|detail| Error::message(format!("cannot resolve symbol '{name}': {detail}")))
}

/// Keeps the value at the top under the key at 2 in the namespace at 1 (a
/// function or constant just bound): later lookups never get here. The
/// namespace is read-only again whatever happens.
unsafe fn keep_bound(state: *mut sys::lua_State) -> Result<()> {
    // SAFETY: __index(namespace, key) with the bound value at the top.
    unsafe {
        sys::lua_pushvalue(state, 2);
        sys::lua_pushvalue(state, -2);
        sys::lua_setreadonly(state, 1, 0);
        let stored = protected::raw_set(state, 1);
        sys::lua_setreadonly(state, 1, 1);
        stored
    }
}

unsafe fn index_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: __index(namespace, key) with our upvalues (the metatable is
    // protected: only the VM calls it, with the namespace at 1).
    unsafe {
        let calls = Calls::current(state);
        let data = &*sys::lua_touserdata(state, sys::lua_upvalueindex(2)).cast::<NamespaceData>();
        let name = &*name_from_bytes(check_bytes(state, 2, "__index", 2)?);
        match binding(&calls.values, name)? {
            Binding::Function { ty, symbol } => {
                let address = resolve(&data.library, name, &symbol)?;
                let plan = calls.plan_for(ty)?;
                call::push_function(
                    state,
                    FunctionData { address, library: Some(data.library.clone()), name: name.into(), plan, calls },
                )?;
                keep_bound(state)?;
            }
            Binding::Variable { ty, symbol } => {
                let address = resolve(&data.library, name, &symbol)?;
                let is_aggregate = matches!(
                    convert::shape(&calls.values.types.borrow(), ty),
                    convert::Shape::Array { .. } | convert::Shape::Record
                );
                if is_aggregate {
                    // As in LuaJIT, an array or struct variable reads as a
                    // reference to it (`int (&)[4]`, `struct point &`).
                    let reference = calls.values.types.borrow_mut().reference_to(ty);
                    let types = calls.values.types.borrow();
                    object::push_ref(state, &calls.values, &types, reference, address.cast(), None)?;
                } else {
                    let types = calls.values.types.borrow();
                    let cx = Cx { state, values: &calls.values, types: &types };
                    cx.push_value(ty, address.cast(), Aggregate::Reference(None)).map_err(Error::message)?;
                }
            }
            Binding::Constant { ty, value } => {
                convert::push_constant(state, &calls.values, ty, value)?;
                keep_bound(state)?;
            }
        }
        Ok(1)
    }
}

unsafe fn newindex_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: __newindex(table, key, value) with our upvalues.
    unsafe {
        let calls = Calls::current(state);
        let data = &*sys::lua_touserdata(state, sys::lua_upvalueindex(2)).cast::<NamespaceData>();
        let name = &*name_from_bytes(check_bytes(state, 2, "__newindex", 2)?);
        match binding(&calls.values, name)? {
            Binding::Variable { ty, symbol } => {
                let address = resolve(&data.library, name, &symbol)?;
                let types = calls.values.types.borrow();
                if convert::is_const(&types, ty) {
                    return Err(Error::message("attempt to write to constant location"));
                }
                let cx = Cx { state, values: &calls.values, types: &types };
                cx.to_c(3, ty, address.cast(), Mode::Convert).map_err(Error::message)?;
                Ok(0)
            }
            _ => Err(Error::message("attempt to write to constant location")),
        }
    }
}

crate::c_functions! {
    /// `ffi.load(name [, global])`.
    load => load_body;
}

unsafe fn load_body(state: *mut sys::lua_State) -> Result<c_int> {
    // SAFETY: stack reads of the running call; upvalue 1 is the calls layer's data.
    unsafe {
        let name = check_str(state, 1, "load", 1)?;
        let global = sys::lua_toboolean(state, 2) != 0;
        let library = SharedLibrary::open_with(name, global).map_err(|e| e.into_error("load", name))?;
        sys::lua_pushvalue(state, sys::lua_upvalueindex(1));
        push_namespace(state, -1, library)?;
        Ok(1)
    }
}
