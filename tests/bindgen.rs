//! `luau-ffi bindgen`: modules generated from real headers (zlib.h, sqlite3.h,
//! libcurl's headers) and from `c_fixtures/bindgen_sample.h`, generated twice
//! (the same bytes), then `require`d and used by `tests/bindgen/*.luau` in both
//! hosts and both modes. When a Luau type checker is available
//! (`luau-analyze` on the PATH, or `LUAU_ANALYZE`), the modules and scripts must
//! also pass it in strict mode with both of its solvers, and the typed shim must
//! accept `tests/types/shim_usage.luau` and flag `tests/types/shim_misuse.luau`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("luau-ffi-bindgen-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// `luau-ffi bindgen args... -o <dir>/<module>.luau`: the module's text and stderr.
fn bindgen(dir: &Path, module: &str, args: &[&str]) -> (String, String) {
    let out = dir.join(format!("{module}.luau"));
    let output = Command::new(common::host_bin())
        .arg("bindgen")
        .args(args)
        .arg("-o")
        .arg(&out)
        .current_dir(common::repo_root())
        .output()
        .expect("run luau-ffi bindgen");
    common::assert_success(&output, &format!("luau-ffi bindgen {args:?}"));
    let text = std::fs::read_to_string(&out).expect("the module was written");
    (text, String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Generates `module` twice (the same bytes), and returns its text and stderr.
fn generate_twice(dir: &Path, module: &str, args: &[&str]) -> (String, String) {
    let (first, stderr) = bindgen(dir, module, args);
    let (second, _) = bindgen(dir, module, args);
    assert!(first == second, "generating {module} twice gave different bytes");
    assert!(first.starts_with("--!strict\n"), "{module}: not a strict module:\n{first}");
    (first, stderr)
}

/// Copies `tests/bindgen/<script>.luau` (as `<script>_test.luau`) and the check
/// library next to the generated modules, and runs it in every host and mode.
fn run_script(dir: &Path, script: &str) {
    let source = common::repo_root().join("tests/bindgen").join(format!("{script}.luau"));
    let target = dir.join(format!("{script}_test.luau"));
    std::fs::copy(&source, &target).unwrap();
    std::fs::copy(common::repo_root().join("tests/luau/lib/check.luau"), dir.join("check.luau")).unwrap();
    let mut failures = Vec::new();
    for (host, mode, output) in common::run_in_every_host(&target, dir, &[]) {
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() || !stdout.contains(" passed, 0 failed") {
            failures.push(describe(&format!("{script} in {host:?} ({mode:?})"), &output));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    type_check(dir, &[&format!("{script}_test.luau")]);
}

fn describe(what: &str, output: &Output) -> String {
    format!(
        "{what}: {}\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A Luau type checker, if this machine has one.
fn luau_analyze() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("LUAU_ANALYZE") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("luau-analyze")).find(|p| p.is_file())
}

/// The problems `luau-analyze` reports for `files` of `dir` (and what they
/// require) in strict mode, per solver, with `@lune/ffi` resolving to the typed
/// shim; `None` without a checker. Problems inside the shared check library are
/// not this test's business.
fn analyze(dir: &Path, files: &[&str]) -> Option<Vec<(&'static str, Vec<String>)>> {
    let Some(analyze) = luau_analyze() else {
        println!("note: no luau-analyze (PATH or LUAU_ANALYZE): type check skipped");
        return None;
    };
    let shim_dir = common::repo_root().join("luau");
    std::fs::write(
        dir.join(".luaurc"),
        format!("{{ \"languageMode\": \"strict\", \"aliases\": {{ \"lune\": \"{}\" }} }}\n", shim_dir.display()),
    )
    .unwrap();
    let mut reports = Vec::new();
    for solver in ["--solver=new", "--solver=old"] {
        let output = Command::new(&analyze).arg(solver).args(files).current_dir(dir).output().unwrap();
        let report = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
        let problems = report
            .lines()
            .filter(|l| l.contains(".luau(") && !l.contains("check.luau") && !l.contains("LocalUnused"))
            .map(str::to_string)
            .collect();
        reports.push((solver, problems));
    }
    Some(reports)
}

/// `files` pass the type checker in strict mode with both solvers, when there is one.
fn type_check(dir: &Path, files: &[&str]) {
    for (solver, problems) in analyze(dir, files).unwrap_or_default() {
        assert!(problems.is_empty(), "luau-analyze {solver} {files:?}:\n{}", problems.join("\n"));
    }
}

/// The typed shim accepts ordinary uses of `@lune/ffi` and flags a string, a
/// number or a boolean where a cdata is required (when a checker is available).
#[test]
fn typed_shim_accepts_uses_and_flags_misuses() {
    let dir = Scratch::new("shim-types");
    for file in ["shim_usage.luau", "shim_misuse.luau"] {
        std::fs::copy(common::repo_root().join("tests/types").join(file), dir.0.join(file)).unwrap();
    }
    type_check(&dir.0, &["shim_usage.luau"]);
    for (solver, problems) in analyze(&dir.0, &["shim_misuse.luau"]).unwrap_or_default() {
        for line in 5..=8 {
            let at = format!("shim_misuse.luau({line},");
            assert!(problems.iter().any(|p| p.contains(&at)), "{solver}: line {line} not flagged:\n{problems:?}");
        }
        assert_eq!(problems.iter().filter(|p| p.contains("TypeError")).count(), 4, "{solver}: {problems:?}");
    }
}

fn sample_library() -> String {
    common::fixtures_dir().join("libbindgen_sample.so").display().to_string()
}

/// Constants of every kind, structs that need a type from another header,
/// callbacks, an extern variable; the declarations the parser cannot take are
/// listed (header, line, name, reason) and the rest is generated.
#[test]
fn sample_header() {
    let dir = Scratch::new("sample");
    let lib = sample_library();
    let (module, stderr) = generate_twice(&dir.0, "sample", &["c_fixtures/bindgen_sample.h", "--lib", &lib]);
    for skipped in [
        "c_fixtures/bindgen_sample.h:57: sample_typeof: declaration specifier expected near '__typeof__'",
        "c_fixtures/bindgen_sample.h:58: sample_decimal: declaration specifier expected near '_Decimal64'",
    ] {
        assert!(stderr.contains(&format!("luau-ffi bindgen: skipped {skipped}")), "stderr names {skipped}:\n{stderr}");
        assert!(module.contains(&format!("--   {skipped}")), "the module's header lists {skipped}:\n{module}");
    }
    assert!(module.contains("-- Not translated (2):\n"), "{module}");
    assert!(module.contains("struct tm {\n\tint tm_sec;"), "struct tm comes from <time.h>:\n{module}");
    assert!(!module.contains("SAMPLE_NULL") && !module.contains("SAMPLE_TWICE"), "not constants:\n{module}");
    assert!(!module.contains("strftime"), "only the types the header needs come from <time.h>:\n{module}");
    assert!(module.contains("\tsample_sum: (points: CData?, count: number) -> number,\n"), "{module}");
    assert!(module.contains("\tsample_list: (length: number) -> sample_node?,\n"), "{module}");
    assert!(
        module.contains("\tsample_mix: (a: number | CData, b: number, c: number) -> number | CData,\n"),
        "{module}"
    );
    assert!(
        module.contains("export type sample_visit = (node: sample_node?, userdata: CData?) -> number\n"),
        "{module}"
    );
    run_script(&dir.0, "sample");
}

/// `--match` keeps the matching declarations, and still every type they need.
#[test]
fn match_narrows_to_names_and_their_types() {
    let dir = Scratch::new("match");
    let lib = sample_library();
    let args =
        ["c_fixtures/bindgen_sample.h", "--lib", &lib, "--match", "^sample_(sum|name)$", "--match", "FLAG_[AB]$"];
    let (module, stderr) = generate_twice(&dir.0, "narrow", &args);
    assert!(stderr.is_empty(), "nothing skipped among the matches: {stderr}");
    assert!(!module.contains("Not translated"), "{module}");
    for kept in ["\tsample_sum: ", "\tsample_name: ", "\tSAMPLE_FLAG_A: ", "\tSAMPLE_FLAG_B: ", "struct sample_point {"]
    {
        assert!(module.contains(kept), "{kept} is kept:\n{module}");
    }
    assert!(module.contains("} sample_color;"), "the enum a parameter needs:\n{module}");
    for left_out in ["sample_walk", "sample_node", "SAMPLE_FLAGS", "SAMPLE_VERSION", "struct tm", "sample_counter"] {
        assert!(!module.contains(left_out), "{left_out} does not match:\n{module}");
    }
}

/// `-I` and `-D` reach the preprocessor; `$CC` names it.
#[test]
fn include_dirs_defines_and_the_compiler() {
    let dir = Scratch::new("flags");
    let inc = dir.0.join("inc");
    std::fs::create_dir_all(&inc).unwrap();
    std::fs::write(inc.join("dep.h"), "typedef struct { int v; } dep_t;\n#define DEP_LIMIT 4\n").unwrap();
    std::fs::write(
        dir.0.join("api.h"),
        "#include <dep.h>\n#define API_LIMIT (DEP_LIMIT * 2)\nint api_get(dep_t *d);\n\
         #ifdef API_EXTRA\nint api_extra(void);\n#endif\n",
    )
    .unwrap();
    let header = dir.0.join("api.h").display().to_string();
    let inc_arg = format!("-I{}", inc.display());
    let (module, _) = bindgen(&dir.0, "plain", &[&header, "--lib", "api", &inc_arg]);
    assert!(module.contains("\tAPI_LIMIT = 8,\n"), "a macro from another header expands:\n{module}");
    assert!(module.contains("typedef struct {\n\tint v;\n} dep_t;"), "{module}");
    assert!(!module.contains("DEP_LIMIT ="), "only the named header's macros:\n{module}");
    assert!(!module.contains("api_extra"), "{module}");
    let (module, _) =
        bindgen(&dir.0, "extra", &[&header, "--lib", "api", "-I", &inc.display().to_string(), "-D", "API_EXTRA"]);
    assert!(module.contains("\tapi_extra: () -> number,\n"), "-D API_EXTRA:\n{module}");

    let output = Command::new(common::host_bin())
        .args(["bindgen", &header, "--lib", "api", &inc_arg])
        .env("CC", "/nonexistent/cc")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("cannot run the C preprocessor '/nonexistent/cc'"), "{err}");
}

/// Usage errors, a header that does not exist, a bad pattern.
#[test]
fn bad_invocations_are_reported() {
    let run = |args: &[&str]| Command::new(common::host_bin()).arg("bindgen").args(args).output().unwrap();
    let stderr = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();

    let output = run(&["zlib.h"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--lib <name> is required"), "{}", stderr(&output));
    let output = run(&["--lib", "z"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no header given"), "{}", stderr(&output));
    let output = run(&["zlib.h", "--lib", "z", "--frobnicate"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown option '--frobnicate'"), "{}", stderr(&output));

    let output = run(&["no_such_header_anywhere.h", "--lib", "x"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no_such_header_anywhere.h"), "the preprocessor's message: {}", stderr(&output));
    let output = run(&["zlib.h", "--lib", "z", "--match", "(unclosed"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("invalid pattern '(unclosed': unclosed '('"), "{}", stderr(&output));

    let output = run(&["--help"]);
    common::assert_success(&output, "bindgen --help");
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("usage: luau-ffi bindgen"));
}

/// zlib: #define constants, a compress/uncompress round trip, z_stream fields.
#[test]
fn zlib_header() {
    let dir = Scratch::new("zlib");
    let (module, _) = generate_twice(&dir.0, "zlib", &["zlib.h", "--lib", "z"]);
    assert!(module.contains("local lib = ffi.load(\"z\")\n"), "{module}");
    assert!(module.contains("\tZ_OK = 0,\n"), "{module}");
    assert!(
        module.contains(
            "\tcompress: (dest: buffer | CData?, destLen: CData?, source: string | buffer | CData?, \
             sourceLen: number | CData) -> number,\n"
        ),
        "{module}"
    );
    assert!(module.contains("export type z_stream = typeof(setmetatable({} :: {\n\tnext_in: CData?,"), "{module}");
    type_check(&dir.0, &["zlib.luau"]);
    run_script(&dir.0, "zlib");
}

/// SQLite: a query with a row callback, a prepared statement, struct fields.
#[test]
fn sqlite3_header() {
    let dir = Scratch::new("sqlite3");
    let (module, _) = generate_twice(&dir.0, "sqlite3", &["sqlite3.h", "--lib", "sqlite3"]);
    assert!(module.contains("export type sqlite3_vfs = typeof(setmetatable"), "{module}");
    type_check(&dir.0, &["sqlite3.luau"]);
    run_script(&dir.0, "sqlite3");
}

/// libcurl: a file:// transfer through a write callback, structs, constants
/// from enums built by macros; headers that curl/curl.h includes are named too.
#[test]
fn curl_headers() {
    let dir = Scratch::new("curl");
    let (module, _) =
        generate_twice(&dir.0, "curl", &["curl/curl.h", "curl/easy.h", "curl/curlver.h", "--lib", "curl"]);
    assert!(module.contains("\tcurl_easy_init: () -> CData?,\n"), "from curl/easy.h:\n{module}");
    assert!(module.contains("export type curl_write_callback = "), "{module}");
    type_check(&dir.0, &["curl.luau"]);
    run_script(&dir.0, "curl");
}
