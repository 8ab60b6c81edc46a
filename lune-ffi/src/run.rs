//! `lune-ffi run`: Lune 0.11.1's `lune run` with `@lune/ffi` registered.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Context, Result};
use console::style;
use directories::UserDirs;
use lune::Runtime;
use lune_utils::path::{get_current_dir, LuauFilePath, LuauModulePath};
use mlua::{Lua, Value};

/// Runs `script` (a path or module path, or `-` for stdin) with `args` in
/// `process.args`. An error inside the script is printed by Lune's scheduler and
/// gives status 1 (or the status of `process.exit`); an error before the script
/// runs is returned.
pub async fn run(script: &str, args: Vec<String>, module: Option<String>) -> Result<ExitCode> {
    // Lune enables the JIT unless LUNE_LUAU_JIT says otherwise.
    let jit_disabled = std::env::var("LUNE_LUAU_JIT").is_ok_and(|s| matches!(s.as_str(), "0" | "false" | "off"));
    // `with_lib` refuses `@lune/` names but hands its closure the runtime's Lua:
    // register `@lune/ffi` from inside it (and `@ffi`, the name `with_lib` takes).
    let mut runtime = Runtime::new()?.with_args(args).with_jit(!jit_disabled).with_lib("@ffi", |lua| {
        let table = ffi_module(lua, module.as_deref())?;
        lua.register_module("@lune/ffi", &table)?;
        Ok(Value::Table(table))
    })?;
    let result = if script == "-" {
        let mut contents = Vec::new();
        std::io::stdin().read_to_end(&mut contents).context("Failed to read script contents from stdin")?;
        runtime.run_custom("stdin", contents).await
    } else {
        runtime.run_file(find_script(Path::new(script))?).await
    };
    Ok(match result {
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
        Ok(values) => ExitCode::from(values.status()),
    })
}

/// The `@lune/ffi` table: the linked-in crate, or the cdylib at `module`.
fn ffi_module(lua: &Lua, module: Option<&str>) -> mlua::Result<mlua::Table> {
    match module {
        Some(path) => luau_ffi::loader::load_module(lua, path).map_err(|e| mlua::Error::external(e.to_string())),
        None => luau_ffi::module(lua.clone()),
    }
}

/// Lune's script lookup: the path as given (relative to the working directory,
/// with or without `.luau`/`.lua`, or a directory with an init file); failing
/// that, for a relative path, under `lune/` and `.lune/` in the working
/// directory and then in the home directory. The first error is the one
/// reported, as Lune does.
fn find_script(path: &Path) -> Result<PathBuf> {
    let first = match resolve_script(path, false) {
        Ok(found) => return Ok(found),
        Err(e) => e,
    };
    if path.is_absolute() {
        return Err(first);
    }
    let candidates = [("lune", false), (".lune", false), ("lune", true), (".lune", true)];
    candidates.iter().find_map(|(dir, home)| resolve_script(&Path::new(dir).join(path), *home).ok()).ok_or(first)
}

/// One candidate of [`find_script`], relative to the working directory or to
/// the home directory.
fn resolve_script(path: &Path, in_home: bool) -> Result<PathBuf> {
    // "dir/init.luau" and "script.luau" become the module paths "dir" and "script".
    let path = LuauModulePath::strip(path);
    let path = if path.is_absolute() {
        path
    } else if in_home {
        UserDirs::new().context("Missing home directory")?.home_dir().join(path)
    } else {
        get_current_dir().join(path)
    };
    match LuauModulePath::resolve(&path) {
        Err(e) => Err(anyhow!(
            "Failed to resolve script at path {} ({})",
            style(path.display()).yellow(),
            style(format!("{e:?}")).red()
        )),
        Ok(module) => match module.target() {
            LuauFilePath::File(file) => Ok(file.clone()),
            LuauFilePath::Directory(_) => Err(anyhow!(
                "Failed to resolve script at path {}\nThe path is a directory without an init file",
                style(path.display()).yellow()
            )),
        },
    }
}
