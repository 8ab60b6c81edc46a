//! `scripts/dist` builds the release tarball: exactly the expected files under
//! `luau-ffi-<version>/`, a cdylib that exports its entry points, and the two
//! programs a user runs, working from the unpacked tarball: `luau-ffi` (scripts,
//! the cdylib, `bindgen`) and `lune-ffi` (`run`, with the cdylib too).

mod common;

use std::process::Command;

/// The normalised names `scripts/dist` uses (`linux`/`macos`, `x86_64`/`aarch64`)
/// are Rust's own.
fn expected_tarball_name() -> String {
    let (os, arch) = (std::env::consts::OS, std::env::consts::ARCH);
    format!("luau-ffi-{}-{os}-{arch}.tar.gz", env!("CARGO_PKG_VERSION"))
}

fn cdylib_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "libluau_ffi_module.dylib"
    } else {
        "libluau_ffi_module.so"
    }
}

/// Runs `tar` with `args` and returns its stdout.
fn tar(args: &[&str]) -> String {
    let output = Command::new("tar").args(args).output().expect("run tar");
    common::assert_success(&output, &format!("tar {args:?}"));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
#[cfg(any(target_os = "linux", target_os = "macos"))]
fn dist_tarball_has_exactly_the_release_files() {
    let tarball = common::build_with_script("dist");
    assert_eq!(tarball.file_name().unwrap().to_string_lossy(), expected_tarball_name());
    assert_eq!(tarball.parent().unwrap(), common::repo_root().join("dist"));

    let top = format!("luau-ffi-{}", env!("CARGO_PKG_VERSION"));
    let mut expected: Vec<String> =
        ["README.md", "ABI.md", ".luaurc", "luau/ffi.luau", cdylib_name(), "bin/luau-ffi", "bin/lune-ffi"]
            .iter()
            .map(|f| format!("{top}/{f}"))
            .collect();
    if common::repo_root().join("LICENSE").is_file() {
        expected.push(format!("{top}/LICENSE"));
    }
    expected.sort();
    let archive = tarball.to_str().unwrap();
    let mut listed: Vec<String> = tar(&["-tzf", archive]).lines().map(str::to_string).collect();
    listed.sort();
    assert_eq!(listed, expected);

    // The shipped shim and docs are the repository's; the alias points at the shim.
    let member = |file: &str| tar(&["-xzOf", archive, &format!("{top}/{file}")]);
    for file in ["luau/ffi.luau", "README.md", "ABI.md"] {
        let original = std::fs::read_to_string(common::repo_root().join(file)).unwrap();
        assert_eq!(member(file), original, "{file} differs from the repository's");
    }
    let luaurc: String = member(".luaurc").split_whitespace().collect();
    assert_eq!(luaurc, r#"{"aliases":{"lune":"./luau"}}"#);

    // The cdylib exports its entry points (nm from binutils, when present).
    let dir = std::env::temp_dir().join(format!("luau-ffi-dist-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    tar(&["-xzf", archive, "-C", dir.to_str().unwrap()]);
    let cdylib = dir.join(&top).join(cdylib_name());
    match Command::new("nm").args(["-D", "--defined-only"]).arg(&cdylib).output() {
        Ok(output) if output.status.success() => {
            let text = String::from_utf8_lossy(&output.stdout);
            for entry in ["luaopen_ffi", "luau_ffi_abi"] {
                let exported =
                    text.lines().any(|l| l.split_whitespace().last().map(|s| s.trim_start_matches('_')) == Some(entry));
                assert!(exported, "{entry} is not exported by the shipped cdylib:\n{text}");
            }
        }
        Ok(output) => {
            println!("note: nm -D failed ({}), export check skipped", String::from_utf8_lossy(&output.stderr))
        }
        Err(e) => println!("note: nm is not available ({e}), export check skipped"),
    }
    check_unpacked_programs(&dir.join(&top));
    std::fs::remove_dir_all(&dir).ok();
}

/// The shipped programs run from the unpacked tarball, with and without the
/// shipped cdylib.
fn check_unpacked_programs(top: &std::path::Path) {
    let luau_ffi = top.join("bin/luau-ffi");
    let lune_ffi = top.join("bin/lune-ffi");
    let cdylib = top.join(cdylib_name());
    let script = top.join("hello.luau");
    std::fs::write(
        &script,
        "local ffi = require(\"@lune/ffi\")\nffi.cdef(\"int abs(int);\")\nprint(\"abs: \" .. ffi.C.abs(-42))\n",
    )
    .unwrap();
    let run = |cmd: &mut Command, what: &str| {
        let output = cmd.current_dir(top).output().unwrap_or_else(|e| panic!("run {what}: {e}"));
        common::assert_success(&output, what);
        String::from_utf8(output.stdout).unwrap()
    };
    let marker = run(Command::new(&luau_ffi).arg("--abi"), "luau-ffi --abi");
    assert_eq!(marker.trim(), luau_ffi::abi_marker::marker().to_string_lossy(), "the shipped host's ABI marker");
    assert_eq!(run(Command::new(&luau_ffi).arg(&script), "luau-ffi hello.luau"), "abs: 42\n");
    assert_eq!(
        run(Command::new(&luau_ffi).arg("--module").arg(&cdylib).arg(&script), "luau-ffi --module"),
        "abs: 42\n"
    );
    assert_eq!(run(Command::new(&lune_ffi).arg("run").arg(&script), "lune-ffi run"), "abs: 42\n");
    assert_eq!(
        run(Command::new(&lune_ffi).arg("--module").arg(&cdylib).arg("run").arg(&script), "lune-ffi --module run"),
        "abs: 42\n"
    );
    let module = run(Command::new(&luau_ffi).args(["bindgen", "zlib.h", "--lib", "z"]), "luau-ffi bindgen");
    assert!(module.contains("\tZ_OK = 0,\n"), "bindgen from the tarball:\n{module}");
}
