//! Garbage-collection stress (issue 9; not timed): each case of
//! tests/scripts/gc_stress.luau runs in its own host process, in both modes,
//! and the test reads that process's peak RSS (`ru_maxrss` from `wait4`). A
//! case fails when memory grows without bound: peak RSS above
//! `PEAK_RSS_LIMIT_KIB`, Luau heap above `HEAP_LIMIT_KIB` after full
//! collections (everything the loop made is garbage by then), or a finalizer
//! that never ran. The numbers are printed
//! (`cargo test --test gc_stress -- --nocapture`) for the README.

#![cfg(target_os = "linux")]

mod common;

use std::fs::File;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{ExitStatus, Stdio};

use common::Mode;

/// About nine times what the host needs for the same loops without the FFI
/// objects under test (the `baseline` case peaks at about 7 MB); the defects
/// reached 690 MB.
const PEAK_RSS_LIMIT_KIB: i64 = 64 * 1024;
/// The Luau heap after full collections; the baseline keeps under 100 KiB (the
/// nested references kept 131 MB).
const HEAP_LIMIT_KIB: i64 = 4 * 1024;

/// `struct rusage` of Linux on 64-bit targets: two `timeval`s, then 14 `long`s
/// of which `ru_maxrss` (KiB) is the first.
#[repr(C)]
#[derive(Default)]
struct Rusage {
    user_time: [i64; 2],
    system_time: [i64; 2],
    max_rss_kib: i64,
    rest: [i64; 13],
}

extern "C" {
    fn wait4(pid: i32, status: *mut i32, options: i32, usage: *mut Rusage) -> i32;
}

/// What one case printed and how much memory its process took.
struct Measured {
    status: ExitStatus,
    peak_rss_kib: i64,
    values: Vec<(String, String)>,
    stdout: String,
    stderr_head: String,
}

impl Measured {
    fn value(&self, key: &str) -> Option<i64> {
        self.values.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.parse().ok())
    }
}

/// Runs the case in the host in `mode` and waits for it with `wait4`.
// The child is reaped by `wait4`, which `Child::wait` cannot replace: only
// `wait4` reports the child's own resource usage.
#[allow(clippy::zombie_processes)]
fn measure(mode: Mode, case: &str) -> Measured {
    let script = common::repo_root().join("tests/scripts/gc_stress.luau");
    let stderr_path =
        std::env::temp_dir().join(format!("luau-ffi-gc-stress-{case}-{mode:?}-{}.txt", std::process::id()));
    let stderr_file = File::create(&stderr_path).expect("create the stderr file");
    let mut child = common::script_command(&common::host_bin(), mode, &script, &[case])
        .stdout(Stdio::piped())
        .stderr(stderr_file)
        .spawn()
        .expect("run the host");
    let mut stdout = String::new();
    child.stdout.take().unwrap().read_to_string(&mut stdout).expect("read stdout");
    let mut raw_status = 0;
    let mut usage = Rusage::default();
    // SAFETY: waits for our own child, which `Child` has not reaped; both
    // out-pointers are valid for the call.
    let pid = unsafe { wait4(child.id() as i32, &mut raw_status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32, "wait4: {}", std::io::Error::last_os_error());
    let mut stderr_head = String::new();
    File::open(&stderr_path).and_then(|f| f.take(600).read_to_string(&mut stderr_head)).ok();
    std::fs::remove_file(&stderr_path).ok();
    let values = stdout
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Measured { status: ExitStatus::from_raw(raw_status), peak_rss_kib: usage.max_rss_kib, values, stdout, stderr_head }
}

/// Measures `case` in both modes, prints its numbers, and fails when
/// `problems` or the limits find anything.
fn stress(case: &str, problems: impl Fn(&Measured) -> Vec<String>) {
    for mode in [Mode::InProcess, Mode::Module] {
        let m = measure(mode, case);
        assert!(
            m.status.success(),
            "gc_stress {case} ({mode:?}) failed ({}):\n{}\n--- stderr (start)\n{}",
            m.status,
            m.stdout,
            m.stderr_head
        );
        let mut found = problems(&m);
        if m.peak_rss_kib > PEAK_RSS_LIMIT_KIB {
            found.push(format!("peak RSS {} KiB exceeds {PEAK_RSS_LIMIT_KIB} KiB", m.peak_rss_kib));
        }
        match m.value("heap_after_collection_kib") {
            Some(heap) if heap > HEAP_LIMIT_KIB => found
                .push(format!("{heap} KiB of Luau heap remain after full collections (limit {HEAP_LIMIT_KIB} KiB)")),
            Some(_) => {}
            None => found.push("the script did not report its heap".into()),
        }
        println!(
            "gc_stress {case} ({mode:?}): peak RSS {:.1} MB, heap after full collections {} KiB, {} s{}",
            m.peak_rss_kib as f64 / 1024.0,
            m.value("heap_after_collection_kib").unwrap_or(-1),
            m.values.iter().find(|(k, _)| k == "seconds").map_or("?", |(_, v)| v.as_str()),
            m.value("finalizers_ran").map_or(String::new(), |ran| format!(", {ran} finalizers ran")),
        );
        assert!(
            found.is_empty(),
            "gc_stress {case} ({mode:?}): {}\n--- stderr (start)\n{}",
            found.join("; "),
            m.stderr_head
        );
    }
}

/// Every finalizer the case made ran, exactly once.
fn every_finalizer_ran(m: &Measured) -> Vec<String> {
    match (m.value("finalizers_ran"), m.value("iterations")) {
        (Some(ran), Some(made)) if ran == made => Vec::new(),
        (ran, made) => vec![format!("{} of {} finalizers ran", ran.unwrap_or(-1), made.unwrap_or(-1))],
    }
}

/// The same loop as `structs` without the nested reference: the reference
/// point for the limits.
#[test]
fn baseline_structs_without_nested_references() {
    stress("baseline", |_| Vec::new());
}

/// 1e6 structs, each with a nested field reference (which keeps its parent
/// alive): a reference costs memory only while it lives (item 12).
#[test]
fn a_million_structs_with_nested_references() {
    stress("structs", |_| Vec::new());
}

/// 1e6 references to the elements of one array, each keeping the array alive.
#[test]
fn a_million_element_references() {
    stress("elements", |_| Vec::new());
}

/// 1e6 `ffi.gc(ffi.C.malloc(64), function(p) ffi.C.free(p) end)`: every
/// finalizer runs, none nested in another, memory bounded (item 11).
#[test]
fn a_million_luau_finalizers_calling_free() {
    stress("finalizers", every_finalizer_ran);
}

/// The same with a new closure per object, which the registry holds until it
/// ran: memory stays bounded all the same.
#[test]
fn a_million_finalizers_each_its_own_closure() {
    stress("closures", every_finalizer_ran);
}

/// 1e5 callbacks made, called from C once, and freed.
#[test]
fn a_hundred_thousand_callbacks_made_and_freed() {
    stress("callbacks", |_| Vec::new());
}
