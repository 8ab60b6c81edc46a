//! Build script: compiles the protected calls of Luau's C API into the crate,
//! compiles the C test fixtures into shared libraries, records the mlua-sys /
//! Luau versions for the ABI marker, and makes the host binary export Luau's C
//! API so that a module-mode cdylib can bind to it at dlopen time.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    compile_protected_calls();
    record_abi_versions();
    export_luau_api_from_bins();
    build_c_fixtures();
    generate_luau_script_tests();
}

/// `src/lua/protected.cpp`: Luau raises C++ exceptions, which only C++ can
/// catch (see `src/lua/protected.rs`). Its symbols stay hidden, so that the
/// cdylib's calls never bind to the copy in a host that links the crate too.
fn compile_protected_calls() {
    let source = "src/lua/protected.cpp";
    println!("cargo:rerun-if-changed={source}");
    cc::Build::new()
        .cpp(true)
        .file(source)
        .flag_if_supported("-std=c++17")
        .flag_if_supported("-fvisibility=hidden")
        // These wrappers are on the hot path of every cdata allocation; a
        // frame pointer (cc's default with debug info) adds a third of their
        // instructions, and unwinding and profilers use the DWARF tables.
        .force_frame_pointer(false)
        .warnings(true)
        .compile("luau_ffi_protected");
}

/// Reads the resolved `mlua-sys` and `luau0-src` versions from the Cargo.lock that
/// governs this build, so the ABI marker names what was really compiled in.
/// Falls back to "unknown" when no lockfile can be found (a consumer with an
/// unusual target dir): the marker then simply never matches ours.
fn record_abi_versions() {
    let mut mlua_sys = String::from("unknown");
    let mut luau = String::from("unknown");
    if let Some(lock) = find_lockfile() {
        println!("cargo:rerun-if-changed={}", lock.display());
        let text = fs::read_to_string(&lock).unwrap_or_default();
        for package in text.split("[[package]]") {
            let field = |key: &str| {
                package.lines().find_map(|line| {
                    let rest = line.trim().strip_prefix(key)?.trim_start().strip_prefix('=')?;
                    Some(rest.trim().trim_matches('"').to_string())
                })
            };
            match field("name").as_deref() {
                Some("mlua-sys") => mlua_sys = field("version").unwrap_or(mlua_sys),
                Some("luau0-src") => {
                    let v = field("version").unwrap_or_default();
                    if let Some((_, l)) = v.split_once("+luau") {
                        // "740" -> "0.740", Luau's own release numbering.
                        luau = format!("0.{l}");
                    }
                }
                _ => {}
            }
        }
    }
    println!("cargo:rustc-env=LUAU_FFI_MLUA_SYS_VERSION={mlua_sys}");
    println!("cargo:rustc-env=LUAU_FFI_LUAU_VERSION={luau}");
}

/// The lockfile of the workspace being built: OUT_DIR lives under the target dir,
/// which normally sits next to it; the manifest dir covers our own workspaces.
fn find_lockfile() -> Option<PathBuf> {
    let starts = [env::var_os("OUT_DIR"), env::var_os("CARGO_MANIFEST_DIR")];
    for start in starts.into_iter().flatten() {
        let mut dir = Some(PathBuf::from(start));
        while let Some(d) = dir {
            let candidate = d.join("Cargo.lock");
            if candidate.is_file() {
                return Some(candidate);
            }
            dir = d.parent().map(Path::to_path_buf);
        }
    }
    None
}

/// A module-mode cdylib leaves every `lua_*`/`luaL_*`/`luau_*` symbol undefined;
/// the executable that dlopens it must export them. The integration tests load
/// the cdylib in-process too.
fn export_luau_api_from_bins() {
    for target in ["bins", "tests"] {
        match env::var("CARGO_CFG_TARGET_OS").as_deref() {
            Ok("macos") => println!("cargo:rustc-link-arg-{target}=-Wl,-export_dynamic"),
            _ => {
                for pattern in ["lua_*", "luaL_*", "luau_*"] {
                    println!("cargo:rustc-link-arg-{target}=-Wl,--export-dynamic-symbol={pattern}");
                }
            }
        }
    }
}

/// Compiles every `c_fixtures/*.c` into `OUT_DIR/fixtures/lib<stem>.<ext>` and
/// tells the tests where they are (`LUAU_FFI_FIXTURES`).
fn build_c_fixtures() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let source_dir = manifest.join("c_fixtures");
    println!("cargo:rerun-if-changed={}", source_dir.display());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("fixtures");
    fs::create_dir_all(&out).expect("create fixtures dir");
    println!("cargo:rustc-env=LUAU_FFI_FIXTURES={}", out.display());
    let Ok(entries) = fs::read_dir(&source_dir) else {
        return; // a packaged crate has no fixtures
    };
    let ext = if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("macos") { "dylib" } else { "so" };
    let compiler = cc::Build::new().cargo_metadata(false).get_compiler();
    let mut sources: Vec<PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "c")).collect();
    sources.sort();
    for source in sources {
        println!("cargo:rerun-if-changed={}", source.display());
        let stem = source.file_stem().unwrap().to_string_lossy().into_owned();
        let target = out.join(format!("lib{stem}.{ext}"));
        let mut cmd = compiler.to_command();
        cmd.args(["-shared", "-fPIC", "-O1", "-g", "-pthread", "-o"]).arg(&target).arg(&source);
        if stem == "layout" {
            // The declarations as a C string too, so Luau tests can ffi.cdef the
            // very text gcc laid out (tests/luau/layout.luau).
            cmd.arg(embed_text(&source_dir.join("layout_types.h"), "layout_types_source"));
        }
        let status = cmd.status().unwrap_or_else(|e| panic!("cannot run the C compiler for {}: {e}", source.display()));
        assert!(status.success(), "compiling C fixture {} failed", source.display());
    }
}

/// Writes a C file defining `const char *NAME(void)` that returns the text of
/// `path`, and returns its path.
fn embed_text(path: &Path, name: &str) -> PathBuf {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = fs::read_to_string(path).expect("read embedded text");
    let mut literal = String::new();
    for c in text.chars() {
        match c {
            '\\' => literal.push_str("\\\\"),
            '"' => literal.push_str("\\\""),
            '\n' => literal.push_str("\\n\"\n\""),
            c => literal.push(c),
        }
    }
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join(format!("{name}.c"));
    fs::write(&out, format!("const char *{name}(void) {{ return \"{literal}\"; }}\n")).expect("write embedded text");
    out
}

/// One `#[test]` per `tests/luau/*.luau` script and mode, so that `cargo test`
/// names each script that fails: `tests/luau_scripts.rs` includes the plain
/// runs, `tests/valgrind.rs` the runs under valgrind's memcheck.
fn generate_luau_script_tests() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let dir = manifest.join("tests/luau");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut scripts: Vec<String> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".luau"))
                .collect()
        })
        .unwrap_or_default();
    scripts.sort();
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    for (file, runner) in
        [("luau_script_tests.rs", "run_luau_test"), ("valgrind_script_tests.rs", "run_under_valgrind")]
    {
        let mut code = String::new();
        for script in &scripts {
            let ident: String = script
                .trim_end_matches(".luau")
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
                .collect();
            for (mode, prefix) in [("InProcess", "in_process"), ("Module", "module")] {
                code.push_str(&format!(
                    "#[test]\nfn {prefix}_{ident}() {{ {runner}(common::Mode::{mode}, {script:?}); }}\n"
                ));
            }
        }
        fs::write(out.join(file), code).expect("write generated tests");
    }
}
