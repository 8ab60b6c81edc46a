//! The ABI marker: what a host must agree on with a module-mode cdylib before it
//! may call `luaopen_ffi`.
//!
//! A module-mode cdylib contains no Luau; it calls the host's Luau through the
//! C API, compiled against mlua-sys's declarations. Those bake in Luau's
//! value-type numbering, the registry pseudo-index (from `LUAI_MAXCSTACK`) and the
//! vector size; a mismatch corrupts memory silently. Both sides compute
//! [`marker`] from the same code, the cdylib exports it through the C function
//! `luau_ffi_abi` (which touches no Luau state), and the loader compares the two
//! strings before anything else.

use std::ffi::CStr;

use mlua::ffi as sys;

/// The cdylib's exported `extern "C" fn() -> *const c_char` returning its marker.
pub const MARKER_SYMBOL: &str = "luau_ffi_abi";

/// Bumped when luau-ffi's own cross-build contract changes.
const CONTRACT: u32 = 1;

/// `LUAI_MAXCSTACK`, recovered from the registry pseudo-index mlua-sys uses.
const MAX_C_STACK: i32 = -(sys::LUA_REGISTRYINDEX + 2000);

/// The marker text of this build, NUL-terminated, e.g.
/// `luau-ffi-abi/1 mlua-sys=0.13.0 luau=0.740 maxcstack=1000000 vector=3 tbuffer=11`.
pub fn marker() -> &'static CStr {
    static MARKER: std::sync::OnceLock<std::ffi::CString> = std::sync::OnceLock::new();
    MARKER.get_or_init(|| {
        let text = format!(
            "luau-ffi-abi/{CONTRACT} mlua-sys={} luau={} maxcstack={MAX_C_STACK} vector={} tbuffer={}",
            env!("LUAU_FFI_MLUA_SYS_VERSION"),
            env!("LUAU_FFI_LUAU_VERSION"),
            std::mem::size_of::<mlua::Vector>() / std::mem::size_of::<f32>(),
            sys::LUA_TBUFFER,
        );
        std::ffi::CString::new(text).expect("no NUL in the marker")
    })
}
