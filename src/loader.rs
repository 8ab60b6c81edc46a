//! Loading a luau-ffi cdylib (module mode) into an mlua host: the host side of
//! the ABI contract. Our host uses it for `--module`; another mlua host can too.

use std::ffi::{c_char, CStr};
use std::os::raw::c_int;

use crate::abi_marker;

/// Why a module could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The loader refused the file (missing, or Luau's C API not exported by the host).
    #[error("cannot load module '{path}': {detail}")]
    Open {
        /// The path given.
        path: String,
        /// The loader's own message.
        detail: String,
    },
    /// The file exports no ABI marker: not a luau-ffi module.
    #[error("'{path}' is not a luau-ffi module (no '{symbol}' symbol): {detail}")]
    NoMarker {
        /// The path given.
        path: String,
        /// The missing symbol.
        symbol: &'static str,
        /// The loader's own message.
        detail: String,
    },
    /// Built against another mlua-sys / Luau than this host.
    #[error("ABI mismatch loading '{path}':\n  module: {module}\n  host:   {host}\nrebuild the module with the host's mlua / Luau version")]
    Mismatch {
        /// The path given.
        path: String,
        /// The module's marker.
        module: String,
        /// This host's marker.
        host: String,
    },
    /// `luaopen_ffi` raised an error.
    #[error("luaopen_ffi failed: {0}")]
    Init(#[from] mlua::Error),
}

/// dlopens the luau-ffi cdylib at `path` (RTLD_NOW), checks its ABI marker against
/// this build's, calls its `luaopen_ffi` and returns the module table. The
/// library is never unloaded: userdata destructors and metatables of the Lua
/// state point into it for as long as the state lives.
///
/// The executable must export Luau's C API (see README, "ABI contract"), or the
/// load fails with the loader's `undefined symbol` message.
pub fn load_module(lua: &mlua::Lua, path: &str) -> Result<mlua::Table, LoadError> {
    let library = open(path)?;
    // SAFETY: the marker function is `extern "C" fn() -> *const c_char`, pure and Luau-free.
    let marker = unsafe {
        let get: libloading::Symbol<unsafe extern "C" fn() -> *const c_char> =
            library.get(abi_marker::MARKER_SYMBOL.as_bytes()).map_err(|e| LoadError::NoMarker {
                path: path.to_owned(),
                symbol: abi_marker::MARKER_SYMBOL,
                detail: crate::library::loader_message(&e),
            })?;
        CStr::from_ptr(get()).to_string_lossy().into_owned()
    };
    let host = abi_marker::marker().to_string_lossy().into_owned();
    if marker != host {
        return Err(LoadError::Mismatch { path: path.to_owned(), module: marker, host });
    }
    // SAFETY: same ABI as checked above; `luaopen_ffi` is a lua_CFunction.
    let table = unsafe {
        let open: libloading::Symbol<unsafe extern "C-unwind" fn(*mut mlua::ffi::lua_State) -> c_int> =
            library.get(b"luaopen_ffi").map_err(|e| LoadError::NoMarker {
                path: path.to_owned(),
                symbol: "luaopen_ffi",
                detail: crate::library::loader_message(&e),
            })?;
        let function = lua.create_c_function(*open)?;
        function.call::<mlua::Table>(())?
    };
    // Never dlclose: see the doc comment.
    std::mem::forget(library);
    Ok(table)
}

#[cfg(unix)]
fn open(path: &str) -> Result<libloading::Library, LoadError> {
    use libloading::os::unix::{Library, RTLD_LOCAL, RTLD_NOW};
    // SAFETY: loading runs the module's initialisers, which are ours.
    unsafe { Library::open(Some(path), RTLD_NOW | RTLD_LOCAL) }
        .map(Into::into)
        .map_err(|e| LoadError::Open { path: path.to_owned(), detail: crate::library::loader_message(&e) })
}

#[cfg(not(unix))]
fn open(path: &str) -> Result<libloading::Library, LoadError> {
    // SAFETY: as above.
    unsafe { libloading::Library::new(path) }
        .map_err(|e| LoadError::Open { path: path.to_owned(), detail: crate::library::loader_message(&e) })
}
