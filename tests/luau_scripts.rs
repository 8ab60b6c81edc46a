//! Runs every `tests/luau/*.luau` script twice: with the crate linked into the
//! host, and through the dlopen'd cdylib. build.rs generates one test per script
//! and mode.

mod common;

fn run_luau_test(mode: common::Mode, script: &str) {
    let path = common::repo_root().join("tests/luau").join(script);
    let output = common::run_script(mode, &path, &[]);
    common::assert_success(&output, &format!("{script} ({mode:?})"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(" passed, 0 failed"), "{script} ({mode:?}) did not finish its checks:\n{stdout}");
}

include!(concat!(env!("OUT_DIR"), "/luau_script_tests.rs"));
