//! C calling a callback after it was freed (a temporary it kept, or one freed
//! with `cb:free()`) must neither run it nor run a newer callback that took its
//! entry point: the process flushes what the script printed, reports on stderr
//! and aborts, in both modes and on both closure backends.

mod common;

use common::Mode;

fn run(mode: Mode, backend: &str, how: &str) {
    let script = common::repo_root().join("tests/scripts/stale_callback.luau");
    let output = common::run_script(mode, &script, &[backend, how]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let case = format!("{mode:?}, {backend}, {how}");
    assert!(!output.status.success(), "the process must not continue ({case}):\n{stdout}\n{stderr}");
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(output.status.signal(), Some(6), "aborted with SIGABRT ({case}): {:?}\n{stderr}", output.status);
    }
    assert!(
        stdout.contains("calling the stale pointer"),
        "what the script printed before is flushed ({case}):\n{stdout}"
    );
    assert!(!stdout.contains("ran"), "no callback runs ({case}):\n{stdout}");
    assert!(!stdout.contains("not reached"), "{stdout}");
    assert!(stderr.contains("C called a callback after it was freed"), "a clear message on stderr ({case}):\n{stderr}");
}

#[test]
fn stale_temporary_callback_aborts_in_process() {
    run(Mode::InProcess, "thunk", "temporary");
    run(Mode::InProcess, "libffi", "temporary");
}

#[test]
fn freed_callback_called_by_c_aborts_in_process() {
    run(Mode::InProcess, "thunk", "freed");
    run(Mode::InProcess, "libffi", "freed");
}

#[test]
fn stale_temporary_callback_aborts_through_cdylib() {
    run(Mode::Module, "thunk", "temporary");
    run(Mode::Module, "libffi", "temporary");
}

#[test]
fn freed_callback_called_by_c_aborts_through_cdylib() {
    run(Mode::Module, "thunk", "freed");
    run(Mode::Module, "libffi", "freed");
}
