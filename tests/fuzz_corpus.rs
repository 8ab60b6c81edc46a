//! Replays the fuzz corpora (`fuzz/corpus/<target>/`, the committed seeds) and
//! every finding (`fuzz/regressions/<target>/`, one named file each) through
//! the fuzz targets' entry points, without fuzzing. Each input must run
//! without a panic and within its work bound (`luau_ffi::fuzzing` checks both,
//! counting steps rather than timing), on a 256 KB thread stack.

mod common;

use std::path::Path;

type Entry = fn(&[u8]) -> u64;

const TARGETS: [(&str, Entry); 3] = [
    ("cdef", luau_ffi::fuzzing::cdef),
    ("type_string", luau_ffi::fuzzing::type_string),
    ("session", luau_ffi::fuzzing::session),
];

/// The files of `dir`, sorted (none if it does not exist).
fn inputs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn fuzz_corpora_and_findings_replay_cleanly() {
    let fuzz = common::repo_root().join("fuzz");
    let failures = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let mut failures = Vec::new();
            let mut replayed = 0;
            for (target, entry) in TARGETS {
                let seeds = inputs(&fuzz.join("corpus").join(target));
                assert!(!seeds.is_empty(), "no corpus for {target}");
                for path in seeds.iter().chain(&inputs(&fuzz.join("regressions").join(target))) {
                    let data = std::fs::read(path).expect("read input");
                    if std::panic::catch_unwind(|| entry(&data)).is_err() {
                        failures.push(path.display().to_string());
                    }
                    replayed += 1;
                }
            }
            assert!(replayed > 40, "only {replayed} inputs");
            failures
        })
        .expect("spawn")
        .join()
        .expect("replay thread");
    assert!(failures.is_empty(), "inputs that failed (see the panic messages above):\n{}", failures.join("\n"));
}
