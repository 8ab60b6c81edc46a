//! The ABI marker names the mlua-sys and Luau versions read from the lockfile
//! of the build; the root workspace, the cdylib and the Lune host each have one.
//! They must pin the same versions, or a marker could name versions another
//! workspace did not build.

mod common;

fn versions(lockfile: &str) -> (String, String) {
    let text = std::fs::read_to_string(common::repo_root().join(lockfile)).unwrap();
    let version_of = |name: &str| {
        let start = text.find(&format!("name = \"{name}\"")).unwrap_or_else(|| panic!("{name} in {lockfile}"));
        let rest = &text[start..];
        let line = rest.lines().find(|l| l.starts_with("version = ")).unwrap();
        line.trim_start_matches("version = ").trim_matches('"').to_string()
    };
    (version_of("mlua-sys"), version_of("luau0-src"))
}

#[test]
fn every_workspace_pins_the_same_mlua_sys_and_luau() {
    let root = versions("Cargo.lock");
    assert_eq!(versions("cdylib/Cargo.lock"), root, "cdylib/Cargo.lock");
    assert_eq!(versions("lune-ffi/Cargo.lock"), root, "lune-ffi/Cargo.lock");
    let marker = luau_ffi::abi_marker::marker().to_string_lossy().into_owned();
    assert!(marker.contains(&format!("mlua-sys={}", root.0)), "{marker}");
    assert!(marker.contains(&format!("luau=0.{}", root.1.split("+luau").nth(1).unwrap())), "{marker}");
}

/// `lune-ffi` claims to be Lune 0.11.1 (`setup` writes under that version's
/// directory, `run` behaves as its `lune run`): its lockfile must pin that Lune.
#[test]
fn lune_ffi_pins_lune_0_11_1() {
    let text = std::fs::read_to_string(common::repo_root().join("lune-ffi/Cargo.lock")).unwrap();
    assert!(text.contains("name = \"lune\"\nversion = \"0.11.1\"\n"), "lune-ffi/Cargo.lock must pin lune 0.11.1");
    let main = std::fs::read_to_string(common::repo_root().join("lune-ffi/src/main.rs")).unwrap();
    assert!(main.contains("pub const LUNE_VERSION: &str = \"0.11.1\";"), "LUNE_VERSION must name the pinned Lune");
}
