//! `lune-ffi` (`lune-ffi/`, the real Lune 0.11.1 runtime, built once per test
//! process by `scripts/build-lune-ffi`), in both modes: `@lune/ffi` linked
//! in-process and loaded from the module-mode cdylib. Runs every host-agnostic
//! `tests/luau/*.luau` script and the Lune-specific `tests/lune/*.luau` scripts
//! (Lune's scheduler, `@lune/task`, `@lune/process`, and the module isolation
//! check), and checks that `lune-ffi run` behaves as `lune run` (exit status,
//! error output, `process.args`, script lookup, stdin) and what `lune-ffi setup`
//! writes. The examples run in `tests/examples.rs`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::Mode;

const MODES: [Mode; 2] = [Mode::InProcess, Mode::Module];

/// Runs `script` with `lune-ffi run` with the fixtures directory as cwd.
fn run_lune(mode: Mode, script: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = common::lune_command(mode, script, args);
    cmd.envs(env.iter().copied());
    cmd.output().expect("run lune-ffi")
}

fn lune_script(name: &str) -> PathBuf {
    common::repo_root().join("tests/lune").join(name)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every `tests/luau/*.luau` script, found at run time, in both modes; the
/// assertion names every script that failed.
#[test]
fn luau_scripts_in_lune() {
    let dir = common::repo_root().join("tests/luau");
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read tests/luau")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "luau"))
        .collect();
    scripts.sort();
    assert!(!scripts.is_empty(), "no scripts in {}", dir.display());
    let mut failures = Vec::new();
    for script in &scripts {
        for mode in MODES {
            let output = run_lune(mode, script, &[], &[]);
            let out = stdout(&output);
            if !output.status.success() || !out.contains(" passed, 0 failed") {
                let name = script.file_name().unwrap().to_string_lossy();
                failures.push(format!(
                    "{name} ({mode:?}): {}\n--- stdout\n{out}\n--- stderr\n{}",
                    output.status,
                    stderr(&output)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} runs failed in Lune:\n{}",
        failures.len(),
        2 * scripts.len(),
        failures.join("\n")
    );
}

#[test]
fn ffi_next_to_lune_task_and_process() {
    for mode in MODES {
        let output = run_lune(
            mode,
            &lune_script("lune_libraries.luau"),
            &["double", "21"],
            &[("LUAU_FFI_TEST_LIBRARY", "./libmylib.so")],
        );
        common::assert_success(&output, &format!("lune_libraries.luau ({mode:?})"));
        assert!(stdout(&output).contains(" passed, 0 failed"), "{mode:?}: {}", stdout(&output));
    }
}

/// Asserts that Lune's formatter showed its own error with its message after
/// the module's objects were collected (the script prints it).
fn assert_lune_error_printed(output: &Output, what: &str) {
    let out = stdout(output);
    assert!(out.contains(" passed, 0 failed"), "{what}: the checks did not finish:\n{out}\n{}", stderr(output));
    assert!(
        out.contains("Lune error after the pressure: <LuaError(\nNo such file or directory (os error 2)"),
        "{what}: Lune's own error was not printed with its message:\n{out}"
    );
    assert!(!out.contains("<userdata>"), "{what}: a Lune error printed as <userdata>:\n{out}");
}

/// The module isolation check (facts.md, "A module-mode trap in mlua 0.12.2"),
/// mainly through the cdylib; in-process as a reference.
#[test]
fn module_objects_leave_lune_errors_intact() {
    for mode in MODES {
        let output = run_lune(mode, &lune_script("module_isolation.luau"), &[], &[]);
        common::assert_success(&output, &format!("module_isolation.luau ({mode:?})"));
        assert_lune_error_printed(&output, &format!("{mode:?}"));
    }
}

/// The same script ending in an uncaught error from Lune's `fs.readFile`: the
/// host exits non-zero and prints the message, not a bare userdata.
#[test]
fn uncaught_lune_error_after_module_churn_is_printed() {
    let output = run_lune(Mode::Module, &lune_script("module_isolation.luau"), &["raise-at-end"], &[]);
    assert!(!output.status.success(), "an uncaught error must fail the run:\n{}", stdout(&output));
    assert_lune_error_printed(&output, "raise-at-end");
    let err = stderr(&output);
    assert!(
        err.contains("No such file or directory (os error 2)"),
        "uncaught error not printed with its message:\n{err}"
    );
    assert!(err.contains("module_isolation"), "the stack trace names the script:\n{err}");
    assert!(!err.contains("userdata"), "uncaught error printed as userdata:\n{err}");
}

/// A script error is reported with its message and a non-zero status, and a
/// module that cannot be loaded is reported before the script runs.
#[test]
fn lune_ffi_reports_ffi_failures() {
    let dir = TempDir::new("ffi-failures");
    let script = dir.write("fails.luau", "local ffi = require(\"@lune/ffi\")\nffi.open(\"./libnot_there.so\")\n");
    for mode in MODES {
        let output = run_lune(mode, &script, &[], &[]);
        assert_eq!(output.status.code(), Some(1), "{mode:?}: the script error must fail the run");
        let err = stderr(&output);
        assert!(err.contains("open: cannot load library './libnot_there.so'"), "{mode:?}: {err}");
    }
    let output = Command::new(common::lune_ffi_bin())
        .args(["--module", "/nonexistent/libluau_ffi_module.so", "run"])
        .arg(&script)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "a missing module must fail the run");
    let err = stderr(&output);
    assert!(err.starts_with("[ERROR]\n"), "reported as Lune reports errors:\n{err}");
    assert!(err.contains("cannot load module '/nonexistent/libluau_ffi_module.so'"), "{err}");
}

/// A scratch directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("lune-ffi-test-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// Writes `contents` to `name` (creating parent directories) and returns its path.
    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// `lune-ffi` with `args`, in `cwd`, without colours (console colours only
/// terminals unless forced).
fn lune_ffi(args: &[&str], cwd: &Path) -> Command {
    let mut cmd = Command::new(common::lune_ffi_bin());
    cmd.args(args).current_dir(cwd).env_remove("CLICOLOR_FORCE").env_remove("CLICOLOR");
    cmd
}

const STATUS_SCRIPT: &str = r#"local process = require("@lune/process")
local task = require("@lune/task")
print(#process.args, process.args[1], process.args[2])
if process.args[1] == "exit" then
	process.exit(tonumber(process.args[2]))
elseif process.args[1] == "task" then
	task.spawn(function()
		error("in a task")
	end)
	print("main thread went on")
	return
end
error("boom " .. tostring(process.args[1]))
"#;

/// `lune-ffi run` as `lune run`: `process.args` are the arguments after the
/// script, `process.exit` sets the status, an uncaught error is printed with
/// Lune's stack trace and gives status 1, also from another thread.
#[test]
fn run_status_args_and_error_output() {
    let dir = TempDir::new("status");
    let script = dir.write("status.luau", STATUS_SCRIPT);
    let script_arg = script.to_str().unwrap();

    let output = lune_ffi(&["run", script_arg, "exit", "7"], &dir.0).output().unwrap();
    assert_eq!(output.status.code(), Some(7), "process.exit(7): {}", stderr(&output));
    assert_eq!(stdout(&output), "2 exit 7\n", "Lune's print, process.args");

    let output = lune_ffi(&["run", script_arg, "fail", "with spaces"], &dir.0).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "2 fail with spaces\n");
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    let chunk = dir.0.join("status").display().to_string();
    assert_eq!(lines.first().copied(), Some(format!("{chunk}:13: boom fail").as_str()), "{err}");
    assert_eq!(lines.get(1).copied(), Some("[Stack Begin]"), "{err}");
    assert!(lines.contains(&format!("    Script '{chunk}', Line 13").as_str()), "{err}");
    assert!(lines.contains(&"[Stack End]"), "{err}");

    let output = lune_ffi(&["run", script_arg, "task"], &dir.0).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "an error in another thread fails the run");
    assert_eq!(stdout(&output), "1 task nil\nmain thread went on\n");
    assert!(stderr(&output).contains(":8: in a task"), "{}", stderr(&output));
}

/// Lune's script lookup: without the extension, from `lune/` and `.lune/`
/// folders, a directory's init file, `-` for stdin; a missing script is
/// reported as Lune reports it.
#[test]
fn run_finds_scripts_as_lune_does() {
    let dir = TempDir::new("lookup");
    dir.write("plain.luau", "print(\"plain\")");
    dir.write("lune/tool.luau", "print(\"from lune/\")");
    dir.write(".lune/hidden.luau", "print(\"from .lune/\")");
    dir.write("pkg/init.luau", "print(\"init of pkg\")");
    for (script, expected) in [
        ("plain", "plain\n"),
        ("plain.luau", "plain\n"),
        ("tool", "from lune/\n"),
        ("hidden", "from .lune/\n"),
        ("pkg", "init of pkg\n"),
    ] {
        let output = lune_ffi(&["run", script], &dir.0).output().unwrap();
        common::assert_success(&output, script);
        assert_eq!(stdout(&output), expected, "{script}");
    }

    let mut child = lune_ffi(&["run", "-", "a"], &dir.0).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"print(require(\"@lune/process\").args[1], require(\"@lune/ffi\").os)")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    common::assert_success(&output, "stdin script");
    assert_eq!(stdout(&output), "a Linux\n".replace("Linux", if cfg!(target_os = "macos") { "OSX" } else { "Linux" }));

    let output = lune_ffi(&["run", "missing"], &dir.0).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    let missing = dir.0.join("missing").display().to_string();
    assert!(err.starts_with(&format!("[ERROR]\nFailed to resolve script at path {missing} (NotFound)")), "{err}");

    let output = lune_ffi(&["run"], &dir.0).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "run without a script is a usage error");
    assert!(stderr(&output).contains("usage: lune-ffi"), "{}", stderr(&output));
}

/// `lune-ffi setup` writes Lune's type definitions and `ffi.luau` where
/// `lune setup` writes Lune's (`~/.lune/.typedefs/<version>/`), prints the alias,
/// and leaves the project's `.luaurc` alone.
#[test]
fn setup_writes_the_type_definitions() {
    let dir = TempDir::new("setup");
    let home = dir.0.join("home");
    std::fs::create_dir_all(&home).unwrap();
    let project = dir.0.join("project");
    std::fs::create_dir_all(&project).unwrap();
    let output = lune_ffi(&["setup"], &project).env("HOME", &home).output().unwrap();
    common::assert_success(&output, "lune-ffi setup");

    let typedefs = home.join(".lune/.typedefs/0.11.1");
    let ffi = std::fs::read_to_string(typedefs.join("ffi.luau")).expect("ffi.luau written");
    assert_eq!(ffi, std::fs::read_to_string(common::repo_root().join("luau/ffi.luau")).unwrap());
    for library in ["fs", "process", "task", "net", "serde", "stdio", "datetime", "regex", "luau", "roblox"] {
        let text = std::fs::read_to_string(typedefs.join(format!("{library}.luau")))
            .unwrap_or_else(|e| panic!("{library}.luau not written: {e}"));
        assert!(text.contains("return"), "{library}.luau has no module body");
    }
    let out = stdout(&output);
    assert!(out.contains(&typedefs.display().to_string()), "says where:\n{out}");
    assert!(out.contains(r#""lune": "~/.lune/.typedefs/0.11.1/""#), "prints the alias:\n{out}");
    assert!(!project.join(".luaurc").exists(), "setup must not write the project's .luaurc");
}
