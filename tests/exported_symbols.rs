//! Every Luau C API symbol the cdylib leaves undefined must be exported by the
//! host, or dlopen fails (`undefined symbol: lua_...`) on some code path.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn symbols(file: &Path, defined: bool) -> BTreeSet<String> {
    let flag = if defined { "--defined-only" } else { "--undefined-only" };
    let output = Command::new("nm").args(["-D", flag]).arg(file).output().expect("nm (binutils) is needed");
    assert!(output.status.success(), "nm failed on {}", file.display());
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().last())
        .map(|name| name.split('@').next().unwrap().to_string())
        .filter(|name| name.starts_with("lua_") || name.starts_with("luaL_") || name.starts_with("luau_"))
        .collect()
}

#[test]
#[cfg(target_os = "linux")]
fn host_exports_every_luau_symbol_the_cdylib_needs() {
    let needed = symbols(&common::module_path(), false);
    assert!(needed.len() > 20, "the cdylib should import Luau's C API, found only {needed:?}");
    let exported = symbols(&common::host_bin(), true);
    let missing: Vec<_> = needed.difference(&exported).collect();
    assert!(missing.is_empty(), "the host does not export: {missing:?}");
}

#[test]
#[cfg(target_os = "linux")]
fn cdylib_exports_its_entry_points() {
    let output = Command::new("nm").args(["-D", "--defined-only"]).arg(common::module_path()).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    for entry in ["luaopen_ffi", "luau_ffi_abi"] {
        assert!(text.lines().any(|l| l.ends_with(&format!(" {entry}"))), "{entry} not exported");
    }
}
