//! Runs one script: builds the Luau state, registers `@lune/ffi`, executes.

use std::path::Path;

use mlua::{Lua, Value};

/// Runs `script` with `args` as its `...`. `module` selects a cdylib to load
/// instead of the linked-in crate. Returns the message to print on failure.
pub fn run(script: &str, args: &[String], module: Option<&str>) -> Result<(), String> {
    let lua = Lua::new();
    let ffi = match module {
        Some(path) => luau_ffi::loader::load_module(&lua, path).map_err(|e| format!("luau-ffi: {e}"))?,
        None => luau_ffi::module(lua.clone()).map_err(|e| format!("luau-ffi: {e}"))?,
    };
    lua.register_module("@lune/ffi", ffi).map_err(|e| e.to_string())?;
    let source = std::fs::read_to_string(script).map_err(|e| format!("luau-ffi: cannot read '{script}': {e}"))?;
    let chunk = lua.load(source).set_name(chunk_name(script));
    let args: Vec<Value> = args
        .iter()
        .map(|a| lua.create_string(a).map(Value::String))
        .collect::<mlua::Result<_>>()
        .map_err(|e| e.to_string())?;
    chunk.call::<()>(mlua::MultiValue::from_vec(args)).map_err(|e| e.to_string())
}

/// `@path` as Luau's require expects for relative lookups.
fn chunk_name(script: &str) -> String {
    let path = Path::new(script);
    if path.is_absolute() || script.starts_with("./") || script.starts_with("../") {
        format!("@{script}")
    } else {
        format!("@./{script}")
    }
}
