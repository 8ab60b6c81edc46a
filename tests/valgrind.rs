//! Every `tests/luau/*.luau` script (the misuse suite included) under valgrind's
//! memcheck, with the crate in-process and through the dlopen'd cdylib: a run
//! fails on any invalid read or write, use of uninitialised memory, invalid
//! free or definite leak, naming the script and showing valgrind's report.
//! build.rs generates one test per script and mode.
//!
//! The scripts run with `LUAU_FFI_VALGRIND=1`, which `check.iterations` reads to
//! shorten loops that only repeat work (valgrind runs code about 50x slower).
//! Luau's native code generation stays on (mlua's `luau-jit`, as in Lune): its
//! code lives in anonymous executable mappings, which memcheck re-translates
//! when they change with `--smc-check=all-non-file` (valgrind's default on
//! x86-64, passed explicitly so another default cannot break it).
//!
//! Without valgrind the tests say so and pass, unless `LUAU_FFI_REQUIRE_VALGRIND=1`
//! (`./scripts/test` sets it after installing valgrind), where that is a failure.

mod common;

use std::process::Command;
use std::sync::OnceLock;

use common::Mode;

/// The exit status valgrind gives a run with memcheck errors.
const VALGRIND_ERROR_STATUS: i32 = 97;

/// Scripts that cannot be clean under memcheck until an engine fix lands, with
/// the issue item that fixes them. Their errors are reported, not failed; the
/// lead empties this list as the fixes are merged.
const EXPECTED_MEMCHECK_FAILURES: &[(&str, &str)] = &[];

/// Whether valgrind can run here; explains once why not.
fn valgrind_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let found = Command::new("valgrind").arg("--version").output().is_ok_and(|o| o.status.success());
        if !found {
            assert!(
                std::env::var("LUAU_FFI_REQUIRE_VALGRIND").as_deref() != Ok("1"),
                "valgrind is required (LUAU_FFI_REQUIRE_VALGRIND=1) but cannot run; install it (apt-get install valgrind)"
            );
            eprintln!("valgrind is not installed: the memcheck runs of tests/luau are SKIPPED (./scripts/test installs it)");
        }
        found
    })
}

fn run_under_valgrind(mode: Mode, script: &str) {
    if !valgrind_available() {
        return;
    }
    let path = common::repo_root().join("tests/luau").join(script);
    let mut cmd = Command::new("valgrind");
    cmd.args([
        "--tool=memcheck",
        "--quiet",
        "--smc-check=all-non-file",
        "--leak-check=full",
        "--show-leak-kinds=definite",
        "--errors-for-leak-kinds=definite",
        "--num-callers=40",
    ]);
    cmd.arg(format!("--error-exitcode={VALGRIND_ERROR_STATUS}"));
    cmd.arg(common::host_bin());
    if let Mode::Module = mode {
        cmd.arg("--module").arg(common::module_path());
    }
    cmd.arg(&path).current_dir(common::fixtures_dir()).env("LUAU_FFI_VALGRIND", "1");
    let output = cmd.output().expect("run valgrind");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let what = format!("{script} ({mode:?}) under valgrind");
    let memcheck_errors = output.status.code() == Some(VALGRIND_ERROR_STATUS);
    if let Some((_, item)) = EXPECTED_MEMCHECK_FAILURES.iter().find(|(name, _)| *name == script) {
        if memcheck_errors {
            eprintln!("{what}: expected memcheck errors until {item} is fixed:\n{stderr}");
        } else {
            eprintln!("{what}: now clean under memcheck; remove it from EXPECTED_MEMCHECK_FAILURES ({item})");
        }
        return;
    }
    assert!(!memcheck_errors, "{what}: memcheck found errors:\n{stderr}\n--- stdout\n{stdout}");
    common::assert_success(&output, &what);
    assert!(stdout.contains(" passed, 0 failed"), "{what} did not finish its checks:\n{stdout}\n{stderr}");
}

include!(concat!(env!("OUT_DIR"), "/valgrind_script_tests.rs"));
