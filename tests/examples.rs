//! The documented page's examples run as written and print exactly what the
//! page says, in both modes.

mod common;

use common::{Mode, BASIC_USAGE_OUTPUT, MYMATH_OUTPUT};

fn run_example(mode: Mode, name: &str) -> String {
    let output = common::run_script(mode, &common::repo_root().join("examples").join(name), &[]);
    common::assert_success(&output, name);
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn mymath_example_in_process() {
    assert_eq!(run_example(Mode::InProcess, "mymath.luau"), MYMATH_OUTPUT);
}

#[test]
fn mymath_example_through_cdylib() {
    assert_eq!(run_example(Mode::Module, "mymath.luau"), MYMATH_OUTPUT);
}

#[test]
fn basic_usage_in_process() {
    assert_eq!(run_example(Mode::InProcess, "basic_usage.luau"), BASIC_USAGE_OUTPUT);
}

#[test]
fn basic_usage_through_cdylib() {
    assert_eq!(run_example(Mode::Module, "basic_usage.luau"), BASIC_USAGE_OUTPUT);
}
