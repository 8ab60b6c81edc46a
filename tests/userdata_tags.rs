//! cdata are userdata of one Luau userdata tag that each module instance claims
//! when it opens. These tests pin down what that must mean for a host: tags the
//! host registered are left alone, two module instances in one VM never take
//! each other's objects for their own, and running out of tags is a clear error.

use mlua::{ffi as sys, Lua};

/// Registers a metatable for `tag` the way a host embedding Luau would.
fn host_claims(lua: &Lua, tag: i32) {
    // SAFETY: one table registered for a tag that has none.
    unsafe {
        lua.exec_raw::<()>((), |state| {
            sys::lua_createtable(state, 0, 1);
            sys::lua_pushinteger(state, tag as _);
            sys::lua_setfield(state, -2, c"host_tag".as_ptr());
            sys::lua_setuserdatametatable(state, tag);
        })
        .unwrap();
    }
}

/// The `host_tag` field of the metatable registered for `tag`, if any.
fn registered_host_tag(lua: &Lua, tag: i32) -> Option<i64> {
    // SAFETY: reads the tag's metatable and one field of it.
    unsafe {
        lua.exec_raw::<Option<i64>>((), |state| {
            sys::lua_getuserdatametatable(state, tag);
            if sys::lua_type(state, -1) == sys::LUA_TTABLE {
                sys::lua_getfield(state, -1, c"host_tag".as_ptr());
                sys::lua_remove(state, -2);
            }
        })
        .unwrap()
    }
}

/// Pushes a host userdata of `tag` as the global `host_object`.
fn host_object(lua: &Lua, tag: i32) {
    // SAFETY: a tagged userdata of 64 zero bytes, stored in a global.
    unsafe {
        lua.exec_raw::<()>((), |state| {
            let block = sys::lua_newuserdatatagged(state, 64, tag);
            std::ptr::write_bytes(block.cast::<u8>(), 0, 64);
            sys::lua_setglobal(state, c"host_object".as_ptr());
        })
        .unwrap();
    }
}

#[test]
fn host_tags_are_left_alone() {
    let lua = Lua::new();
    host_claims(&lua, 127);
    host_claims(&lua, 126);
    lua.globals().set("ffi", luau_ffi::module(lua.clone()).unwrap()).unwrap();
    assert_eq!(registered_host_tag(&lua, 127), Some(127));
    assert_eq!(registered_host_tag(&lua, 126), Some(126));
    host_object(&lua, 127);
    lua.load(
        r#"
        local p = ffi.new("int[4]", 1, 2, 3, 4)
        assert(p[3] == 4 and ffi.sizeof(p) == 16)
        -- The host's userdata is not cdata, whatever its tag.
        assert(not ffi.istype("int[4]", host_object))
        local ok, err = pcall(ffi.sizeof, host_object)
        assert(not ok and string.find(err, "bad argument #1 to 'sizeof'", 1, true), err)
        ok, err = pcall(ffi.string, host_object)
        assert(not ok and string.find(err, "bad argument #1 to 'string'", 1, true), err)
        "#,
    )
    .exec()
    .unwrap();
}

#[test]
fn two_module_instances_do_not_share_objects() {
    let lua = Lua::new();
    lua.globals().set("ffi1", luau_ffi::module(lua.clone()).unwrap()).unwrap();
    lua.globals().set("ffi2", luau_ffi::module(lua.clone()).unwrap()).unwrap();
    lua.load(
        r#"
        local a = ffi1.new("int[2]", 5, 6)
        local b = ffi2.new("int[2]", 7, 8)
        assert(a[1] == 6 and b[1] == 8)
        assert(ffi1.istype("int[2]", a) and not ffi1.istype("int[2]", b))
        assert(ffi2.istype("int[2]", b) and not ffi2.istype("int[2]", a))
        -- Type ids of one instance mean nothing to the other.
        local ok, err = pcall(ffi2.sizeof, a)
        assert(not ok and string.find(err, "sizeof", 1, true), err)
        "#,
    )
    .exec()
    .unwrap();
}

#[test]
fn no_free_tag_is_a_clear_error() {
    let lua = Lua::new();
    for tag in 1..sys::LUA_UTAG_LIMIT {
        host_claims(&lua, tag);
    }
    let err = luau_ffi::module(lua.clone()).expect_err("no tag left");
    let message = err.to_string();
    assert!(message.contains("every Luau userdata tag (1..127) is taken by the host"), "{message}");
}

/// The userdata tag of the global `name`.
fn tag_of_global(lua: &Lua, name: &std::ffi::CStr) -> i32 {
    // SAFETY: reads one global and its userdata tag.
    unsafe {
        lua.exec_raw::<i32>((), |state| {
            sys::lua_getglobal(state, name.as_ptr());
            let tag = sys::lua_userdatatag(state, -1);
            sys::lua_pushinteger(state, tag as _);
            sys::lua_remove(state, -2);
        })
        .unwrap()
    }
}

/// Whether the field getters are turned off (`LUAU_FFI_FIELD_GETTERS`): then
/// no record type gets a tag of its own.
fn field_getters_off() -> bool {
    std::env::var_os("LUAU_FFI_FIELD_GETTERS").is_some_and(|v| v == "0")
}

/// A state with the module as `ffi`, when the field getters are on.
fn state_with_field_getters() -> Option<Lua> {
    if field_getters_off() {
        return None;
    }
    let lua = Lua::new();
    lua.globals().set("ffi", luau_ffi::module(lua.clone()).unwrap()).unwrap();
    Some(lua)
}

/// Record types whose members Luau reads without `__index` get tags of their
/// own, claimed just below the cdata tag; every other cdata keeps the cdata tag.
#[test]
fn record_types_get_tags_below_the_cdata_tag() {
    let Some(lua) = state_with_field_getters() else { return };
    lua.load(
        r#"
        ffi.cdef("typedef struct { int x, y; } point; typedef struct { double re; } real; typedef struct { void *p; } opaque;")
        array = ffi.new("int[2]")
        p1 = ffi.new("point", 1, 2)
        p2 = ffi.new("point", 3, 4)
        r = ffi.new("real", 0.5)
        o = ffi.new("opaque")
        ctype = ffi.typeof("point")
        element = ffi.new("point[2]")[1]
        assert(p1.y == 2 and p2.x == 3 and r.re == 0.5 and element.x == 0)
        "#,
    )
    .exec()
    .unwrap();
    let cdata_tag = tag_of_global(&lua, c"array");
    assert_eq!(cdata_tag, 127, "the cdata tag is the highest free one");
    assert_eq!(tag_of_global(&lua, c"p1"), 126, "the first record type gets the next tag down");
    assert_eq!(tag_of_global(&lua, c"p2"), 126, "every value of a type has its type's tag");
    assert_eq!(tag_of_global(&lua, c"element"), 126, "a reference to the record too");
    assert_eq!(tag_of_global(&lua, c"r"), 125, "the next record type the next tag");
    assert_eq!(tag_of_global(&lua, c"o"), cdata_tag, "a record without readable members keeps the cdata tag");
    assert_eq!(tag_of_global(&lua, c"ctype"), cdata_tag, "a ctype object keeps the cdata tag");
}

/// A tag the host holds ends the module's range: later record types keep the
/// cdata tag and read through `__index`, and the host's tag stays the host's.
#[test]
fn record_tags_stop_at_a_host_tag() {
    let lua = Lua::new();
    host_claims(&lua, 125);
    lua.globals().set("ffi", luau_ffi::module(lua.clone()).unwrap()).unwrap();
    host_object(&lua, 125);
    lua.load(
        r#"
        ffi.cdef("typedef struct { int x; } a_t; typedef struct { int y; } b_t; typedef struct { int z; } c_t;")
        local a, b, c = ffi.new("a_t", 1), ffi.new("b_t", 2), ffi.new("c_t", 3)
        assert(a.x == 1 and b.y == 2 and c.z == 3)
        b.y = 20
        assert(b.y == 20)
        assert(not ffi.istype("b_t", host_object) and ffi.istype("b_t", b))
        assert(not pcall(ffi.sizeof, host_object))
        a_value, b_value = a, b
        "#,
    )
    .exec()
    .unwrap();
    assert_eq!(registered_host_tag(&lua, 125), Some(125));
    if !field_getters_off() {
        assert_eq!(tag_of_global(&lua, c"a_value"), 126);
        assert_eq!(tag_of_global(&lua, c"b_value"), 127, "no free tag next to the range: the cdata tag");
    }
}

/// Two module instances claim their record tags from one pool of tags: each
/// recognises only its own, whatever the order of claims.
#[test]
fn two_instances_claim_record_tags_apart() {
    let lua = Lua::new();
    lua.globals().set("ffi1", luau_ffi::module(lua.clone()).unwrap()).unwrap();
    lua.load(r#"ffi1.cdef("typedef struct { int x; } s1;") one = ffi1.new("s1", 1)"#).exec().unwrap();
    lua.globals().set("ffi2", luau_ffi::module(lua.clone()).unwrap()).unwrap();
    lua.load(
        r#"
        ffi2.cdef("typedef struct { int x; } s2;")
        ffi1.cdef("typedef struct { int y; } t1;")
        local two = ffi2.new("s2", 2)
        local three = ffi1.new("t1", 3)
        assert(one.x == 1 and two.x == 2 and three.y == 3)
        assert(ffi1.istype("s1", one) and not ffi2.istype("s2", one))
        assert(ffi2.istype("s2", two) and not ffi1.istype("s1", two))
        assert(not pcall(ffi1.sizeof, two) and not pcall(ffi2.sizeof, one) and not pcall(ffi2.sizeof, three))
        "#,
    )
    .exec()
    .unwrap();
}

/// A reference to a struct that is not declared yet decides nothing: values
/// made once its body is declared get the type's own tag.
#[test]
fn a_record_completed_later_gets_its_tag() {
    let Some(lua) = state_with_field_getters() else { return };
    lua.load(
        r#"
        ffi.cdef("struct late_rec;")
        local buf = ffi.new("int[2]", 5, 6)
        early = ffi.cast("struct late_rec &", ffi.cast("struct late_rec *", buf))
        ffi.cdef("struct late_rec { int a, b; };")
        later = ffi.new("struct late_rec", 1, 2)
        assert(later.a == 1 and later.b == 2)
        "#,
    )
    .exec()
    .unwrap();
    assert_eq!(tag_of_global(&lua, c"early"), 127, "the incomplete reference keeps the cdata tag");
    assert_eq!(tag_of_global(&lua, c"later"), 126, "the completed type gets a tag of its own");
}
