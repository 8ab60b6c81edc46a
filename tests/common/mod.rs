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
    PATH.get_or_init(|| build_with_script("build-module")).clone()
}

/// `lune-ffi` (`lune-ffi/`, the real Lune runtime with `@lune/ffi`), built once
/// per test process by `scripts/build-lune-ffi` in its own workspace and target
/// dir. A cold build takes minutes.
pub fn lune_ffi_bin() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| build_with_script("build-lune-ffi")).clone()
}

/// Runs `scripts/<name>` and returns the file it built, which it printed on the
/// last line of its stdout. One build at a time per test process: the machine
/// has few cores, and tests run in parallel threads.
pub fn build_with_script(name: &str) -> PathBuf {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let script = repo_root().join("scripts").join(name);
    let output = Command::new("bash").arg(&script).output().unwrap_or_else(|e| panic!("run scripts/{name}: {e}"));
    assert!(output.status.success(), "scripts/{name} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let path = String::from_utf8(output.stdout).unwrap().lines().last().unwrap_or_default().trim().to_string();
    let path = PathBuf::from(path);
    assert!(path.is_file(), "scripts/{name} did not print the path of what it built: {}", path.display());
    path
}

/// What `examples/mymath.luau` prints (Luau's `print` separates values by tabs).
pub const MYMATH_OUTPUT: &str = "21 + 21 =\t42\nPI =\t3.14159265358979\nHello from C!\n";
/// What `examples/basic_usage.luau` prints.
pub const BASIC_USAGE_OUTPUT: &str = "Version:\t3\nDoubled:\t42\nPI:\t3.14159265358979\nName:\tmylib\n";

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
    script_command(&host_bin(), mode, script, args).output().expect("run the host")
}

/// The command line running `script` with `args` in this package's host
/// (`luau-ffi [--module path] script [args...]`), with the fixtures directory as
/// working directory.
pub fn script_command(host: &Path, mode: Mode, script: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(host);
    if let Mode::Module = mode {
        cmd.arg("--module").arg(module_path());
    }
    cmd.arg(script).args(args).current_dir(fixtures_dir());
    cmd
}

/// The command line running `script` with `args` in `lune-ffi`
/// (`lune-ffi [--module path] run script [args...]`), with the fixtures
/// directory as working directory. `lune-ffi` is built before the cdylib (never
/// two cargo builds at once).
pub fn lune_command(mode: Mode, script: &Path, args: &[&str]) -> Command {
    let mut cmd = lune_run(mode, script, args);
    cmd.current_dir(fixtures_dir());
    cmd
}

/// `lune-ffi [--module path] run script [args...]`.
fn lune_run(mode: Mode, script: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(lune_ffi_bin());
    if let Mode::Module = mode {
        cmd.arg("--module").arg(module_path());
    }
    cmd.arg("run").arg(script).args(args);
    cmd
}

/// Lune's `print` separates its values by one space where Luau's reference
/// `print` (and `luau-ffi`) uses a tab; everything else is the same for the
/// strings and numbers the examples print.
pub fn lune_print(expected: &str) -> String {
    expected.replace('\t', " ")
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

/// A host that runs scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    /// `luau-ffi`, this package's host (Luau's reference `print`).
    LuauFfi,
    /// `lune-ffi run` (Lune's `print`).
    LuneFfi,
}

/// Runs `script` with `args` in both hosts and both modes, in `cwd`; returns
/// each run with its host and mode. `lune-ffi` is built before the cdylib.
pub fn run_in_every_host(script: &Path, cwd: &Path, args: &[&str]) -> Vec<(Host, Mode, Output)> {
    lune_ffi_bin();
    let mut runs = Vec::new();
    for mode in [Mode::InProcess, Mode::Module] {
        for host in [Host::LuauFfi, Host::LuneFfi] {
            let mut cmd = match host {
                Host::LuauFfi => script_command(&host_bin(), mode, script, args),
                Host::LuneFfi => lune_run(mode, script, args),
            };
            let output = cmd.current_dir(cwd).output().expect("run a host");
            runs.push((host, mode, output));
        }
    }
    runs
}
