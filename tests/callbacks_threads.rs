//! A callback called from a foreign OS thread must not run Luau code: the
//! process reports it on stderr and aborts, in both modes.

mod common;

use common::Mode;

fn run(mode: Mode) {
    let script = common::repo_root().join("tests/scripts/foreign_thread.luau");
    let output = common::run_script(mode, &script, &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the process must not continue ({mode:?}):\n{stdout}\n{stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(output.status.signal(), Some(6), "aborted with SIGABRT ({mode:?}): {:?}\n{stderr}", output.status);
    }
    assert!(!stdout.contains("the callback ran on the wrong thread"), "the Luau function must not run:\n{stdout}");
    assert!(!stdout.contains("not reached"), "{stdout}");
    assert!(
        stderr.contains("was called from C on thread") && stderr.contains("Luau is single-threaded"),
        "a clear message on stderr ({mode:?}):\n{stderr}"
    );
}

#[test]
fn foreign_thread_callback_aborts_in_process() {
    run(Mode::InProcess);
}

#[test]
fn foreign_thread_callback_aborts_through_cdylib() {
    run(Mode::Module);
}
