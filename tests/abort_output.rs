//! What a script printed reaches a piped stdout even when the process dies
//! right after: on luau-ffi's deliberate abort (a callback called from a foreign
//! thread, tests/scripts/foreign_thread.luau) and on a crash by C's contract
//! (tests/scripts/print_then_crash.luau), in our host and in lune-ffi, both
//! modes. A fully buffered stdout would lose the line with the process.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::Mode;

const MODES: [Mode; 2] = [Mode::InProcess, Mode::Module];

fn script(name: &str) -> PathBuf {
    common::repo_root().join("tests/scripts").join(name)
}

fn run(host: &Path, mode: Mode, script: &Path) -> Output {
    common::script_command(host, mode, script, &[]).output().expect("run the host")
}

/// Asserts that the run died of `signal` and that its stdout holds `printed`.
fn assert_printed_before_death(output: &Output, signal: i32, printed: &str, what: &str) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(output.status.signal(), Some(signal), "{what}: {:?}\n{stdout}\n{stderr}", output.status);
    }
    assert!(
        stdout.contains(printed),
        "{what}: the line printed before the abort was lost:\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    assert!(!stdout.contains("not reached"), "{what}: the script went on:\n{stdout}");
}

const SIGABRT: i32 = 6;
const SIGSEGV: i32 = 11;

#[test]
fn output_survives_a_deliberate_abort() {
    for mode in MODES {
        let output = run(&common::host_bin(), mode, &script("foreign_thread.luau"));
        assert_printed_before_death(&output, SIGABRT, "calling from a pthread", &format!("{mode:?}"));
    }
}

#[test]
fn output_survives_a_crash() {
    for mode in MODES {
        let output = run(&common::host_bin(), mode, &script("print_then_crash.luau"));
        assert_printed_before_death(&output, SIGSEGV, "printed before the crash", &format!("{mode:?}"));
    }
}

/// Lune's own `print` flushes at every call; lune-ffi must keep that.
#[test]
fn output_survives_an_abort_in_lune() {
    let run_in_lune = |mode, name| common::lune_command(mode, &script(name), &[]).output().expect("run lune-ffi");
    for mode in MODES {
        let output = run_in_lune(mode, "foreign_thread.luau");
        assert_printed_before_death(&output, SIGABRT, "calling from a pthread", &format!("Lune, {mode:?}"));
        let output = run_in_lune(mode, "print_then_crash.luau");
        assert_printed_before_death(&output, SIGSEGV, "printed before the crash", &format!("Lune, {mode:?}"));
    }
}
