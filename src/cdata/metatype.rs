//! Indexing a cdata once its C type has no field, element or method for the
//! key (LuaJIT's `ffi_index_meta`, after `lj_cdata_index`): a `static const`
//! member of the record, then the `__index` / `__newindex` of the ctype's
//! `ffi.metatype`, then LuaJIT's error.
//!
//! A metamethod that is a function is called; any other value is indexed as
//! Luau indexes it, with its own metatables (a table's `__index` table, a
//! string's library, a cdata's metamethods), and a lookup that ends in `nil`
//! without calling a function is the missing member it was. A cdata reached
//! on the way is indexed by starting over with it in the operand's place, so
//! its own C type and metatype answer, and its errors name it.

use std::ffi::{c_int, CStr};

use super::convert::{self, Cx};
use super::object::{self, CData};
use super::Values;
use crate::ctype::{CKind, CTypeId, CTypeTable};
use crate::error::{Error, Result};
use crate::lua::stack::{get_bytes, get_ref, type_name};
use crate::lua::{pcall, protected, sys};

/// How many `__index` / `__newindex` values one lookup follows before it is
/// taken for a loop (Luau's `MAXTAGLOOP`), and how many cdata it starts over
/// with.
const MAX_CHAIN: usize = 100;

/// What [`index`] and [`newindex`] did.
pub enum Lookup {
    /// Finished, with this many results pushed.
    Done(c_int),
    /// The operand at stack index 1 was replaced by another cdata: index it
    /// the same way, from the start.
    Again,
}

/// Reading (`__index`) or writing (`__newindex`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// `cdata[key]`.
    Read,
    /// `cdata[key] = value`.
    Write,
}

impl Access {
    /// The metamethod's name.
    fn event(self) -> &'static CStr {
        match self {
            Access::Read => c"__index",
            Access::Write => c"__newindex",
        }
    }

    /// The stack slots of the operation: operand, key and, for a write, value.
    fn slots(self) -> c_int {
        match self {
            Access::Read => 2,
            Access::Write => 3,
        }
    }

    /// Results of the operation.
    fn results(self) -> c_int {
        match self {
            Access::Read => 1,
            Access::Write => 0,
        }
    }

    fn loop_error(self) -> Error {
        let event = self.event().to_str().unwrap_or("?");
        Error::message(format!("'{event}' chain too long; possible loop"))
    }
}

/// Runs `step` (an operation on the cdata at 1) until it is done, starting
/// over each time it put another cdata at 1; a loop is an error.
///
/// # Safety
/// As `step`.
pub unsafe fn repeat(
    state: *mut sys::lua_State,
    values: &Values,
    step: unsafe fn(*mut sys::lua_State, &Values) -> Result<Lookup>,
    access: Access,
) -> Result<c_int> {
    for _ in 0..MAX_CHAIN {
        // SAFETY: forwarded.
        if let Lookup::Done(results) = unsafe { step(state, values) }? {
            return Ok(results);
        }
    }
    Err(access.loop_error())
}

/// The type a failed index names and whose metatype answers (the type
/// LuaJIT's `lj_cdata_index` returns when no member matched): a value's type
/// without reference or qualifiers, or for a pointer to a record that record
/// (`p.x` is `p->x`); for a ctype object, with a string key, the type it
/// stands for (a pointer's target), with any other key none (LuaJIT's
/// `'ctype' cannot be indexed with 'number'`).
pub fn indexed_type(types: &CTypeTable, cdata: &CData, string_key: bool) -> Option<CTypeId> {
    let ty = types.base(types.unreferenced(cdata.ctype));
    let pointee = match types.kind(ty) {
        CKind::Pointer { to } => Some(types.base(*to)),
        _ => None,
    };
    if cdata.is_ctype() {
        return string_key.then(|| pointee.unwrap_or(ty));
    }
    match pointee {
        Some(to) if matches!(types.kind(to), CKind::Record { .. }) => Some(to),
        _ => Some(ty),
    }
}

/// `cdata[key]` (operand at 1, key at 2) when no field, element or method
/// matched: the record's constant, else the metatype's `__index`, else
/// LuaJIT's error.
///
/// # Safety
/// Inside the `__index` metamethod of cdata, with a cdata at 1 and the key at 2.
pub unsafe fn index(state: *mut sys::lua_State, values: &Values) -> Result<Lookup> {
    // SAFETY: stack operations on the running call.
    unsafe {
        sys::lua_settop(state, 2);
        if push_constant(state, values)? {
            return Ok(Lookup::Done(1));
        }
        follow_metatype(state, values, Access::Read)
    }
}

/// `cdata[key] = value` (operand at 1, key at 2, value at 3) when no field or
/// element matched: refused for a constant or a `const` record, else the
/// metatype's `__newindex`, else LuaJIT's error.
///
/// # Safety
/// Inside the `__newindex` metamethod of cdata, with a cdata at 1.
pub unsafe fn newindex(state: *mut sys::lua_State, values: &Values) -> Result<Lookup> {
    // SAFETY: stack operations on the running call.
    unsafe {
        sys::lua_settop(state, 3);
        if writes_constant(state, values) {
            return Err(Error::message("attempt to write to constant location"));
        }
        follow_metatype(state, values, Access::Write)
    }
}

/// The metatype's `__index` or `__newindex` for the operation in the stack
/// slots 1.. (see [`Access::slots`]): a function is called with them; any
/// other value is indexed as Luau indexes it (a table's own metatable chain
/// applies, a cdata starts the operation over in the operand's place). A read
/// that ends in `nil` found in a table, not returned by a function, is the
/// member that does not exist, named as LuaJIT names it.
unsafe fn follow_metatype(state: *mut sys::lua_State, values: &Values, access: Access) -> Result<Lookup> {
    // SAFETY: stack operations on the running call; the holder of each step
    // is at slot `slots + 1`, its metamethod above it.
    unsafe {
        let described = describe_key(state, values);
        if !push_index_metamethod(state, values, access.event())? {
            return Err(Error::message(described));
        }
        let holder = access.slots() + 1;
        if sys::lua_type(state, holder) == sys::LUA_TFUNCTION {
            return call_metamethod(state, 1, access);
        }
        for _ in 0..MAX_CHAIN {
            match sys::lua_type(state, holder) {
                sys::LUA_TTABLE => {
                    sys::lua_pushvalue(state, 2);
                    let present = sys::lua_rawget(state, holder) != sys::LUA_TNIL;
                    if present && access == Access::Read {
                        return Ok(Lookup::Done(1));
                    }
                    sys::lua_settop(state, holder);
                    let next = !present && push_metatable_field(state, holder, access.event())?;
                    match access {
                        _ if next => {}
                        Access::Read => return Err(Error::message(described)),
                        Access::Write => {
                            sys::lua_pushvalue(state, 2);
                            sys::lua_pushvalue(state, 3);
                            protected::raw_set(state, holder)?;
                            return Ok(Lookup::Done(0));
                        }
                    }
                }
                sys::LUA_TUSERDATA if object::get(state, values, holder).is_some() => {
                    sys::lua_replace(state, 1);
                    sys::lua_settop(state, access.slots());
                    return Ok(Lookup::Again);
                }
                _ => {
                    if !push_metatable_field(state, holder, access.event())? {
                        return Err(not_indexable(state, holder));
                    }
                }
            }
            // The holder's metamethod is above it.
            if sys::lua_type(state, -1) == sys::LUA_TFUNCTION {
                return call_metamethod(state, holder, access);
            }
            sys::lua_remove(state, holder);
        }
        Err(access.loop_error())
    }
}

/// Calls the function at the top with the value at `target` and the key (and
/// value) of the operation, leaving its result for a read.
unsafe fn call_metamethod(state: *mut sys::lua_State, target: c_int, access: Access) -> Result<Lookup> {
    // SAFETY: the function is at the top, the operation in slots 2...
    unsafe {
        sys::lua_pushvalue(state, target);
        for slot in 2..=access.slots() {
            sys::lua_pushvalue(state, slot);
        }
        call_handler(state, access.slots(), access.results())?;
        Ok(Lookup::Done(access.results()))
    }
}

/// Calls a metamethod's function (below its `nargs` arguments at the top)
/// under `pcall`, as [`pcall`] does. A string error raised by a C function
/// (a function of a namespace, `__add = ffi.C.f`) gets the script's position:
/// its `luaL_where` saw the metamethod, a C function, so it named no line,
/// where LuaJIT names the script's. An error that already starts with a
/// position keeps it.
///
/// # Safety
/// Inside a metamethod of the module; the stack holds the function and its arguments.
pub unsafe fn call_handler(state: *mut sys::lua_State, nargs: c_int, nresults: c_int) -> Result<()> {
    // SAFETY: stack operations on the running call; the error string is
    // copied before the push that replaces it.
    unsafe {
        let c_handler = sys::lua_iscfunction(state, -(nargs + 1)) != 0;
        let Err(error) = pcall(state, nargs, nresults) else { return Ok(()) };
        if c_handler && sys::lua_type(state, -1) == sys::LUA_TSTRING {
            let message = protected::string_at(state, -1).to_vec();
            let position = crate::lua::stack::caller_position(state);
            if !position.is_empty() && !starts_with_position(&message) {
                protected::push_bytes(state, &[position.as_bytes(), &message].concat())?;
                sys::lua_replace(state, -2);
            }
        }
        Err(error)
    }
}

/// Whether an error message starts with `chunk:line: `.
fn starts_with_position(message: &[u8]) -> bool {
    let Some(colon) = message.iter().position(|&b| b == b':' || b == b'\n') else { return false };
    let rest = &message[colon..];
    let digits = rest.iter().skip(1).take_while(|b| b.is_ascii_digit()).count();
    rest[0] == b':' && digits > 0 && rest[1 + digits..].starts_with(b": ")
}

/// The `static const` member named by the string key at 2 of the record the
/// operand at 1 indexes (a record value, a pointer to one, a ctype standing
/// for either), pushed as its value; `false` with nothing pushed when there
/// is none.
unsafe fn push_constant(state: *mut sys::lua_State, values: &Values) -> Result<bool> {
    // SAFETY: stack reads and one push.
    unsafe {
        let Some(constant) = find_constant(state, values) else { return Ok(false) };
        convert::push_constant(state, values, constant.0, constant.1)?;
        Ok(true)
    }
}

/// The type and value of the `static const` member the key at 2 names, if
/// the operand at 1 indexes a record that has it.
unsafe fn find_constant(state: *mut sys::lua_State, values: &Values) -> Option<(CTypeId, i64)> {
    // SAFETY: stack reads.
    unsafe {
        let key = get_bytes(state, 2)?;
        let cdata = object::get_unchecked(state, 1);
        let types = values.types.borrow();
        let record = indexed_type(&types, cdata, true)?;
        if !matches!(types.kind(record), CKind::Record { .. }) {
            return None;
        }
        types.find_constant(record, &crate::cparse::name_from_bytes(key))
    }
}

/// Whether writing the key at 2 of the operand at 1 writes a constant: a
/// `static const` member, or any key of a `const` record value or of a
/// pointer to a `const` record (LuaJIT refuses those before `__newindex`).
unsafe fn writes_constant(state: *mut sys::lua_State, values: &Values) -> bool {
    // SAFETY: stack reads.
    unsafe {
        if find_constant(state, values).is_some() {
            return true;
        }
        let cdata = object::get_unchecked(state, 1);
        if cdata.is_ctype() {
            return false;
        }
        let types = values.types.borrow();
        let ty = types.unreferenced(cdata.ctype);
        let record = match types.kind(ty) {
            CKind::Pointer { to } => *to,
            _ => ty,
        };
        matches!(types.kind(record), CKind::Record { .. }) && convert::is_const(&types, record)
    }
}

/// The key of the metatype whose metamethods apply to a cdata or ctype of
/// type `ty`: the type without qualifiers, or for a pointer or reference the
/// type it points to.
pub(super) fn metatype_key(types: &CTypeTable, ty: CTypeId) -> CTypeId {
    let key = types.base(ty);
    match types.kind(key) {
        CKind::Pointer { to } | CKind::Reference { to } => types.base(*to),
        _ => key,
    }
}

/// Pushes the metamethod `name` of the operand at 1's metatype (see
/// [`indexed_type`]) when it has one that is not nil.
unsafe fn push_index_metamethod(state: *mut sys::lua_State, values: &Values, name: &CStr) -> Result<bool> {
    // SAFETY: stack operations on the running call.
    unsafe {
        let cdata = object::get_unchecked(state, 1);
        let reference = {
            let types = values.types.borrow();
            let string_key = sys::lua_type(state, 2) == sys::LUA_TSTRING;
            let Some(ty) = indexed_type(&types, cdata, string_key) else { return Ok(false) };
            let Some(&reference) = values.metatypes.borrow().get(&ty) else { return Ok(false) };
            reference
        };
        get_ref(state, reference);
        replace_with_field(state, name)
    }
}

/// Pushes the field `name` of the metatable of the value at `idx` when it has
/// a metatable and the field is not nil.
unsafe fn push_metatable_field(state: *mut sys::lua_State, idx: c_int, name: &CStr) -> Result<bool> {
    // SAFETY: stack operations on the running call.
    unsafe { Ok(sys::lua_getmetatable(state, idx) != 0 && replace_with_field(state, name)?) }
}

/// Replaces the table at the top by its field `name` (read raw, as Luau reads
/// metamethods); when that is nil, pops the table and returns `false`.
///
/// # Safety
/// A table must be at the top of the stack, with a free slot above.
pub unsafe fn replace_with_field(state: *mut sys::lua_State, name: &CStr) -> Result<bool> {
    // SAFETY: stack operations on the running call.
    unsafe {
        protected::raw_get_field(state, -1, name)?;
        sys::lua_remove(state, -2);
        if sys::lua_type(state, -1) == sys::LUA_TNIL {
            sys::lua_settop(state, -2);
            return Ok(false);
        }
        Ok(true)
    }
}

/// Luau's error for indexing a value that cannot be indexed (reached through
/// a metatype's `__index` or `__newindex`).
unsafe fn not_indexable(state: *mut sys::lua_State, idx: c_int) -> Error {
    // SAFETY: stack reads.
    unsafe {
        let what = type_name(state, idx);
        match get_bytes(state, 2) {
            Some(key) => Error::message(format!(
                "attempt to index {what} with '{}'",
                crate::cparse::printable(&crate::cparse::name_from_bytes(key))
            )),
            None => Error::message(format!("attempt to index {what} with {}", type_name(state, 2))),
        }
    }
}

/// LuaJIT's error for a key that matches nothing, naming the type as
/// [`indexed_type`] resolves it: `'struct foo' has no member named 'x'`, or
/// for any other key `'int' cannot be indexed with 'table'` (a cdata key
/// named by its C type).
///
/// # Safety
/// Inside a metamethod of cdata, with a cdata at 1 and the key at 2.
pub unsafe fn describe_key(state: *mut sys::lua_State, values: &Values) -> String {
    // SAFETY: stack reads.
    unsafe {
        let cdata = object::get_unchecked(state, 1);
        let types = values.types.borrow();
        let key = get_bytes(state, 2);
        let name = match indexed_type(&types, cdata, key.is_some()) {
            Some(ty) => types.name(ty),
            None => "ctype".to_owned(),
        };
        match key {
            Some(key) => format!(
                "'{name}' has no member named '{}'",
                crate::cparse::printable(&crate::cparse::name_from_bytes(key))
            ),
            None => {
                let key = Cx { state, values, types: &types }.describe(2);
                format!("'{name}' cannot be indexed with '{key}'")
            }
        }
    }
}
