//! Shared helpers of the integration tests: where the fixtures, the host and the
//! cdylib are, and how to run a Luau script in each mode.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where build.rs put the compiled C fixtures (`libmylib.so`, ...).
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("LUAU_FFI_FIXTURES"))
}

/// The host binary of this package.
pub fn host_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_luau-ffi"))
}

/// The module-mode cdylib, built once per test process by `scripts/build-module`
/// in its own cargo workspace and target dir (mlua's `module` feature must never
/// be unified with this package's Luau-linking build).
pub fn module_path() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let script = repo_root().join("scripts/build-module");
        let output = Command::new("bash").arg(&script).output().expect("run scripts/build-module");
        assert!(output.status.success(), "building the cdylib failed:\n{}", String::from_utf8_lossy(&output.stderr));
        let path = String::from_utf8(output.stdout).unwrap().lines().last().unwrap_or_default().trim().to_string();
        let path = PathBuf::from(path);
        assert!(path.is_file(), "scripts/build-module did not print the cdylib path: {}", path.display());
        path
    })
    .clone()
}

/// How a script gets `@lune/ffi`.
#[derive(Clone, Copy, Debug)]
pub enum Mode {
    /// The crate linked into the host.
    InProcess,
    /// The cdylib dlopen'd by the host.
    Module,
}

/// Runs `script` in the host with the fixtures directory as working directory
/// (scripts open `./libNAME.so` exactly as the documented API's page does).
pub fn run_script(mode: Mode, script: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(host_bin());
    if let Mode::Module = mode {
        cmd.arg("--module").arg(module_path());
    }
    cmd.arg(script).args(args).current_dir(fixtures_dir());
    cmd.output().expect("run the host")
}

/// Asserts that a script run succeeded, showing its output otherwise.
pub fn assert_success(output: &Output, what: &str) {
    assert!(
        output.status.success(),
        "{what} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
