//! The gallery: every script in `examples/` runs in both hosts (`luau-ffi` and
//! `lune-ffi`), each with the crate in-process and with the cdylib, and prints
//! exactly what is expected here. The documented page's examples run in the
//! fixtures directory (they open `./libmylib.so`); the generated-bindings
//! example runs beside a module that `luau-ffi bindgen` writes first.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Host;

/// An example and what it prints with Luau's `print` (`<n>` stands for an
/// integer that depends on the library's version).
struct Example {
    file: &'static str,
    expected: &'static str,
}

const EXAMPLES: &[Example] = &[
    Example { file: "mymath.luau", expected: common::MYMATH_OUTPUT },
    Example { file: "basic_usage.luau", expected: common::BASIC_USAGE_OUTPUT },
    Example {
        file: "sqlite.luau",
        expected: "last rowid: 3\nname=C year=1972 typed=static\nname=Lua year=1993 typed=NULL\n\
                   name=Luau year=2019 typed=gradual\n",
    },
    Example { file: "zlib.luau", expected: "compressed 3700 bytes into <n>\nrestored 3700 bytes, identical: true\n" },
    Example {
        file: "strftime.luau",
        expected: "year 2023, month 11, day 14\n2023-11-14 22:13:20 UTC, a Tuesday\n\
                   2023-12-24 22:13:20 UTC, a Sunday\n",
    },
    Example {
        file: "qsort.luau",
        expected: "ascending: -250 -7 0 3 3 19 42 1000\ndescending: 1000 42 19 3 3 0 -7 -250\n\
                   by age: #2 (29), #1 (36), #3 (36), #4 (41)\n",
    },
    Example {
        file: "buffer.luau",
        expected: "this buffer holds 64 bytes\n========== (memset)\nsorted by qsort: -1 0 3 5 7 12\n\
                   first two back from C memory: -1 0\nffi.string of a buffer: ==========\n",
    },
    Example {
        file: "getaddrinfo.luau",
        expected: "127.0.0.1 -> IPv4 address 127.0.0.1, port 8080\n::1 -> IPv6 address ::1, port 443\n\
                   not an address: Name or service not known\n",
    },
    Example {
        file: "generated_sqlite.luau",
        expected: "answer = 42\nshout = LUAU\ndefault VFS: unix, paths up to 512 bytes\n",
    },
];

/// Whether `actual` is `expected`, where `<n>` in `expected` matches an integer.
fn matches_expected(actual: &str, expected: &str) -> bool {
    let (actual_lines, expected_lines): (Vec<&str>, Vec<&str>) = (actual.lines().collect(), expected.lines().collect());
    actual.ends_with('\n') == expected.ends_with('\n')
        && actual_lines.len() == expected_lines.len()
        && actual_lines.iter().zip(&expected_lines).all(|(a, e)| match e.split_once("<n>") {
            None => a == e,
            Some((before, after)) => {
                a.len() > before.len() + after.len()
                    && a.starts_with(before)
                    && a.ends_with(after)
                    && a[before.len()..a.len() - after.len()].bytes().all(|b| b.is_ascii_digit())
            }
        })
}

/// Runs `examples/<file>` from `cwd` in every host and mode and checks its output.
fn check_example(file: &str, cwd: &Path) {
    check_script(file, &common::repo_root().join("examples").join(file), cwd);
}

/// Runs `script` (the example `file`, or a copy of it) from `cwd` in every host
/// and mode and checks its output.
fn check_script(file: &str, script: &Path, cwd: &Path) {
    let example = EXAMPLES.iter().find(|e| e.file == file).unwrap_or_else(|| panic!("{file} is not in EXAMPLES"));
    let mut failures = Vec::new();
    for (host, mode, output) in common::run_in_every_host(script, cwd, &[]) {
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let expected = match host {
            Host::LuauFfi => example.expected.to_string(),
            Host::LuneFfi => common::lune_print(example.expected),
        };
        if !output.status.success() || !matches_expected(&stdout, &expected) {
            failures.push(format!(
                "{file} in {host:?} ({mode:?}): {}\n--- expected\n{expected}--- stdout\n{stdout}--- stderr\n{stderr}",
                output.status
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

#[test]
fn every_example_is_checked() {
    let mut files: Vec<String> = std::fs::read_dir(common::repo_root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".luau"))
        .collect();
    files.sort();
    let mut listed: Vec<String> = EXAMPLES.iter().map(|e| e.file.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed, "examples/ and EXAMPLES must list the same scripts");
    let readme = std::fs::read_to_string(common::repo_root().join("README.md")).unwrap();
    for file in &files {
        assert!(readme.contains(&format!("(examples/{file})")), "the README links examples/{file}");
    }
}

#[test]
fn expected_output_placeholders() {
    assert!(matches_expected("into 72\n", "into <n>\n"));
    assert!(!matches_expected("into x72\n", "into <n>\n"));
    assert!(!matches_expected("into \n", "into <n>\n"));
    assert!(!matches_expected("a\n", "a\nb\n"));
}

#[test]
fn mymath() {
    check_example("mymath.luau", &common::fixtures_dir());
}

#[test]
fn basic_usage() {
    check_example("basic_usage.luau", &common::fixtures_dir());
}

#[test]
fn sqlite() {
    check_example("sqlite.luau", &common::fixtures_dir());
}

#[test]
fn zlib() {
    check_example("zlib.luau", &common::fixtures_dir());
}

#[test]
fn strftime() {
    check_example("strftime.luau", &common::fixtures_dir());
}

#[test]
fn qsort() {
    check_example("qsort.luau", &common::fixtures_dir());
}

#[test]
fn buffer() {
    check_example("buffer.luau", &common::fixtures_dir());
}

#[test]
fn getaddrinfo() {
    check_example("getaddrinfo.luau", &common::fixtures_dir());
}

/// The generated-bindings example runs as the README says: `luau-ffi bindgen
/// sqlite3.h --lib sqlite3 -o sqlite3.luau` beside the script.
#[test]
fn generated_sqlite() {
    let dir = Scratch(std::env::temp_dir().join(format!("luau-ffi-example-bindgen-{}", std::process::id())));
    std::fs::create_dir_all(&dir.0).unwrap();
    let output = Command::new(common::host_bin())
        .args(["bindgen", "sqlite3.h", "--lib", "sqlite3", "-o", "sqlite3.luau"])
        .current_dir(&dir.0)
        .output()
        .unwrap();
    common::assert_success(&output, "luau-ffi bindgen sqlite3.h");
    // A copy of the example, beside the generated module it requires.
    let script = dir.0.join("generated_sqlite.luau");
    std::fs::copy(common::repo_root().join("examples/generated_sqlite.luau"), &script).unwrap();
    check_script("generated_sqlite.luau", &script, &dir.0);
}
