//! `luau-ffi-lune`: the real Lune 0.11.1 runtime (the `lune` crate) with
//! `@lune/ffi` registered next to Lune's own standard libraries, either linked
//! in-process (`luau_ffi::module`) or loaded from the module-mode cdylib
//! (`--module path`, through `luau_ffi::loader::load_module`).
//!
//! The script runs exactly as `lune run script.luau args...` would run it: same
//! runtime, scheduler, sandbox, `require` resolution and error reporting. An
//! uncaught error is printed by Lune's scheduler and gives exit status 1.

use std::process::ExitCode;

use lune::Runtime;
use mlua::{Lua, Value};

const USAGE: &str = "usage: luau-ffi-lune [--module path/to/libluau_ffi_module.so] script.luau [args...]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (module, rest) = match args.as_slice() {
        [flag, path, rest @ ..] if flag == "--module" => (Some(path.clone()), rest),
        [flag] if flag == "--module" => return usage_error("--module needs a path"),
        rest => (None, rest),
    };
    let Some((script, script_args)) = rest.split_first() else { return usage_error("no script given") };
    if script == "-h" || script == "--help" {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    match async_io::block_on(run(script, script_args, module)) {
        Ok(status) => ExitCode::from(status),
        Err(message) => {
            eprintln!("luau-ffi-lune: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs `script` in a fresh Lune runtime; returns Lune's exit status (non-zero
/// when any thread raised an uncaught error, which Lune has already printed).
async fn run(script: &str, script_args: &[String], module: Option<String>) -> Result<u8, String> {
    // Lune's CLI enables the JIT unless LUNE_LUAU_JIT says otherwise; so do we.
    let jit_disabled = std::env::var("LUNE_LUAU_JIT").is_ok_and(|s| matches!(s.as_str(), "0" | "false" | "off"));
    // `with_lib` refuses `@lune/` names, but hands its closure the runtime's Lua:
    // register `@lune/ffi` from inside it (and `@ffi`, the name `with_lib` takes).
    let mut runtime = Runtime::new()
        .map_err(|e| e.to_string())?
        .with_args(script_args)
        .with_jit(!jit_disabled)
        .with_lib("@ffi", |lua| {
            let table = ffi_module(lua, module.as_deref())?;
            lua.register_module("@lune/ffi", &table)?;
            Ok(Value::Table(table))
        })
        .map_err(|e| e.to_string())?;
    let values = runtime.run_file(script).await.map_err(|e| e.to_string())?;
    Ok(values.status())
}

/// The `@lune/ffi` table: the linked-in crate, or the cdylib at `module`.
fn ffi_module(lua: &Lua, module: Option<&str>) -> mlua::Result<mlua::Table> {
    match module {
        Some(path) => luau_ffi::loader::load_module(lua, path).map_err(|e| mlua::Error::external(e.to_string())),
        None => luau_ffi::module(lua.clone()),
    }
}

fn usage_error(problem: &str) -> ExitCode {
    eprintln!("luau-ffi-lune: {problem}\n{USAGE}");
    ExitCode::from(2)
}
