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

/// Without direct reads of the Luau stack (`LUAU_FFI_DIRECT_READS=0`, what
/// happens when the layout check at module open fails), every C function
/// reads its arguments and upvalues through the C API: the scripts of calls,
/// cdata, callbacks and their misuse pass that way too.
#[test]
fn scripts_through_the_c_api_only() {
    let scripts = [
        "ffi_calls.luau",
        "cdata.luau",
        "callbacks.luau",
        "int64.luau",
        "documented_api.luau",
        "from_c.luau",
        "initializers.luau",
        "references.luau",
        "records_by_value.luau",
        "misuse_calls.luau",
        "misuse_cdata.luau",
        "misuse_documented.luau",
    ];
    run_in_both_modes_with(&scripts, ("LUAU_FFI_DIRECT_READS", "0"), "C API only");
}

/// Without Luau's direct field getters (`LUAU_FFI_FIELD_GETTERS=0`, what
/// happens under a host whose Luau lacks them or when no userdata tag is
/// left), every member read takes `__index`: the scripts that read members
/// pass that way too, with the same answers.
#[test]
fn scripts_without_field_getters() {
    let scripts = [
        "field_reads.luau",
        "cdata.luau",
        "metatypes.luau",
        "references.luau",
        "records_by_value.luau",
        "initializers.luau",
        "misuse_cdata.luau",
    ];
    run_in_both_modes_with(&scripts, ("LUAU_FFI_FIELD_GETTERS", "0"), "no field getters");
}

/// Runs each of `scripts` in both modes with the environment variable `env`
/// set; `what` names the variant in failures.
fn run_in_both_modes_with(scripts: &[&str], env: (&str, &str), what: &str) {
    for script in scripts {
        for mode in [common::Mode::InProcess, common::Mode::Module] {
            let path = common::repo_root().join("tests/luau").join(script);
            let mut command = common::script_command(&common::host_bin(), mode, &path, &[]);
            let output = command.env(env.0, env.1).output().expect("run the host");
            common::assert_success(&output, &format!("{script} ({mode:?}, {what})"));
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(stdout.contains(" passed, 0 failed"), "{script} ({mode:?}) did not finish its checks:\n{stdout}");
        }
    }
}
