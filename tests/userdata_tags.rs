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
