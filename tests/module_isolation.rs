//! A module must never write into its host's state.
//!
//! mlua 0.12.2 in module mode writes a flag into the host's own mlua state
//! whenever the GC frees a userdata the module's mlua created (facts.md). The
//! module therefore builds everything scripts see with the raw Luau API. These
//! tests load the real cdylib into an mlua host (this test binary exports Luau's
//! C API), let the GC collect tens of thousands of module objects and errors, and
//! check that the host still recognises its own error objects.

mod common;

use mlua::{Error, Lua};

fn host_with_module() -> Lua {
    let lua = Lua::new();
    let path = common::module_path();
    let ffi = luau_ffi::loader::load_module(&lua, path.to_str().unwrap()).expect("load the cdylib");
    lua.globals().set("ffi", ffi).unwrap();
    lua.globals().set("FIXTURES", common::fixtures_dir().to_str().unwrap()).unwrap();
    let raise = lua.create_function(|_, message: String| Err::<(), _>(Error::runtime(message))).unwrap();
    lua.globals().set("host_raise", raise).unwrap();
    lua
}

const CHURN: &str = r#"
    for round = 1, 4 do
        for i = 1, 5000 do
            local lib = ffi.open(FIXTURES .. "/libfixture.so")
            assert(lib:callIntArg("negate", i) == -i)
            local ok, err = pcall(lib.callInt, lib, "missing_symbol")
            assert(not ok and type(err) == "string")
            ok, err = pcall(ffi.open)
            assert(not ok and type(err) == "string")
            if i % 3 == 0 then lib:close() end
            -- host errors interleaved with module errors
            if i % 500 == 0 then
                local hok, herr = pcall(host_raise, "interleaved " .. i)
                assert(not hok and string.find(tostring(herr), "interleaved " .. i, 1, true), tostring(herr))
            end
        end
        collectgarbage("collect")
    end
"#;

#[test]
fn host_errors_survive_collection_of_module_objects() {
    let lua = host_with_module();
    lua.load(CHURN).exec().expect("churn script");
    lua.gc_collect().unwrap();
    lua.gc_collect().unwrap();

    // A host error raised by Luau and caught in Luau still prints through the
    // host's error metatable.
    let text: String = lua
        .load(r#"local ok, err = pcall(host_raise, "after churn"); assert(not ok); return tostring(err)"#)
        .eval()
        .unwrap();
    assert!(text.contains("after churn"), "host error printed as {text:?}");

    // And one that reaches Rust is recognised as the host's own error object.
    let error = lua.load(r#"host_raise("marker")"#).exec().unwrap_err();
    let cause = match &error {
        Error::CallbackError { cause, .. } => cause.as_ref().clone(),
        other => other.clone(),
    };
    match cause {
        Error::RuntimeError(message) => assert_eq!(message, "marker"),
        other => panic!("the host no longer recognises its own error object: {other:?} (from {error:?})"),
    }
}

#[test]
fn module_errors_are_plain_strings() {
    let lua = host_with_module();
    let kind: String =
        lua.load(r#"local ok, err = pcall(ffi.open, 1); assert(not ok); return typeof(err)"#).eval().unwrap();
    assert_eq!(kind, "string");
    let error = lua.load(r#"ffi.open(FIXTURES .. "/libnot_there.so")"#).exec().unwrap_err();
    let text = error.to_string();
    assert!(text.contains("open: cannot load library"), "{text}");
    assert!(text.contains("No such file or directory"), "{text}");
}

#[test]
fn abi_mismatch_is_reported_before_luaopen() {
    // A library without the marker is refused with a clear message.
    let lua = Lua::new();
    let not_a_module = common::fixtures_dir().join("libfixture.so");
    let error = luau_ffi::loader::load_module(&lua, not_a_module.to_str().unwrap()).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("is not a luau-ffi module"), "{text}");
    assert!(text.contains("luau_ffi_abi"), "{text}");
}
