//! Memory stays bounded under GC pressure (issue 9, items 11 and 12), in both
//! modes: millions of nested references and of `ffi.gc` finalizers calling
//! `free`. Not timed: each case runs `tests/memory/gc_stress.luau`, which
//! reports the host process's peak resident memory (VmHWM) and the Luau heap
//! after full collections; the bounds are generous multiples of what a run
//! needs (about 7 MB peak), far below what the defects reached (hundreds of MB).

mod common;

use common::Mode;

/// What one run reported.
struct Report {
    ran: u64,
    peak_kib: u64,
    heap_kib: u64,
}

fn run(mode: Mode, case: &str, iterations: u64) -> Report {
    let script = common::repo_root().join("tests/memory/gc_stress.luau");
    let output = common::run_script(mode, &script, &[case, &iterations.to_string()]);
    common::assert_success(&output, &format!("gc_stress {case} ({mode:?})"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let field = |name: &str| -> u64 {
        stdout
            .split_whitespace()
            .find_map(|word| word.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in the output of {case} ({mode:?}):\n{stdout}"))
    };
    Report { ran: field("ran"), peak_kib: field("peak_kib"), heap_kib: field("heap_kib") }
}

/// Peak resident memory allowed for any case (the defects reached 690 MB).
const PEAK_LIMIT_KIB: u64 = 64 * 1024;
/// Luau heap allowed after full collections (the nested references kept 131 MB).
const HEAP_LIMIT_KIB: u64 = 4 * 1024;

fn check_bounded(mode: Mode, case: &str, iterations: u64) -> Report {
    let report = run(mode, case, iterations);
    assert!(
        report.peak_kib < PEAK_LIMIT_KIB,
        "{case} ({mode:?}): peak resident memory {} KiB after {iterations} iterations",
        report.peak_kib
    );
    assert!(
        report.heap_kib < HEAP_LIMIT_KIB,
        "{case} ({mode:?}): Luau heap {} KiB after full collections",
        report.heap_kib
    );
    report
}

#[test]
fn nested_references_cost_only_while_they_live() {
    for mode in [Mode::InProcess, Mode::Module] {
        check_bounded(mode, "references", 2_000_000);
        check_bounded(mode, "elements", 2_000_000);
    }
}

#[test]
fn finalizers_calling_free_all_run_in_bounded_memory() {
    for mode in [Mode::InProcess, Mode::Module] {
        check_bounded(mode, "finalizers", 1_000_000);
        let report = check_bounded(mode, "closures", 2_000_000);
        assert_eq!(report.ran, 2_000_000, "closures ({mode:?}): every finalizer ran once");
    }
}
