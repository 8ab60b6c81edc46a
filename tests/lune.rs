//! Inside the real Lune 0.11.1 runtime (`tests/lune-host`, built once per test
//! process by `scripts/build-lune-host`), in both modes: `@lune/ffi` linked
//! in-process and loaded from the module-mode cdylib. Runs the page's examples,
//! every host-agnostic `tests/luau/*.luau` script, and the Lune-specific
//! `tests/lune/*.luau` scripts (Lune's scheduler, `@lune/task`, `@lune/process`,
//! and the module isolation check).

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::Mode;

const MODES: [Mode; 2] = [Mode::InProcess, Mode::Module];

/// Runs `script` in the Lune host with the fixtures directory as cwd. The Lune
/// host is built before the cdylib (never two cargo builds at once).
fn run_lune(mode: Mode, script: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let host = common::lune_host_bin();
    let mut cmd = common::script_command(&host, mode, script, args);
    cmd.envs(env.iter().copied());
    cmd.output().expect("run the Lune host")
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

/// Lune's `print` separates its values by one space where Luau's reference
/// `print` (and our own host) uses a tab; everything else is the same.
fn lune_print(expected: &str) -> String {
    expected.replace('\t', " ")
}

fn run_example(mode: Mode, name: &str) -> String {
    let output = run_lune(mode, &common::repo_root().join("examples").join(name), &[], &[]);
    common::assert_success(&output, &format!("{name} in Lune ({mode:?})"));
    stdout(&output)
}

#[test]
fn mymath_example_in_lune() {
    for mode in MODES {
        assert_eq!(run_example(mode, "mymath.luau"), lune_print(common::MYMATH_OUTPUT), "{mode:?}");
    }
}

#[test]
fn basic_usage_example_in_lune() {
    for mode in MODES {
        assert_eq!(run_example(mode, "basic_usage.luau"), lune_print(common::BASIC_USAGE_OUTPUT), "{mode:?}");
    }
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
/// module that cannot be loaded is reported by the host before the script runs.
#[test]
fn lune_host_reports_failures() {
    let dir = std::env::temp_dir().join(format!("luau-ffi-lune-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("fails.luau");
    std::fs::write(&script, "local ffi = require(\"@lune/ffi\")\nffi.open(\"./libnot_there.so\")\n").unwrap();
    for mode in MODES {
        let output = run_lune(mode, &script, &[], &[]);
        assert!(!output.status.success(), "{mode:?}: the script error must fail the run");
        let err = stderr(&output);
        assert!(err.contains("open: cannot load library './libnot_there.so'"), "{mode:?}: {err}");
    }
    let host = common::lune_host_bin();
    let output = std::process::Command::new(&host)
        .args(["--module", "/nonexistent/libluau_ffi_module.so"])
        .arg(&script)
        .output()
        .unwrap();
    assert!(!output.status.success(), "a missing module must fail the run");
    assert!(stderr(&output).contains("cannot load module '/nonexistent/libluau_ffi_module.so'"), "{}", stderr(&output));
    std::fs::remove_dir_all(&dir).ok();
}
