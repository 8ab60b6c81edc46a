//! The real-header test: whole system and library headers, preprocessed by
//! the C compiler (`cc -E -P`), are given to `cdef` in one piece, and every
//! struct, union, enum and typedef they declare, every member of every record
//! (through anonymous members and members of anonymous record types), every
//! bitfield and every enumerator is compared with what the compiler computes
//! for it: a C program generated from the table prints `sizeof`, `_Alignof`,
//! `offsetof`, the bits a bitfield occupies and each enumerator's value.
//!
//! The headers are those `./scripts/test` installs (libc, zlib, SQLite,
//! libcurl, OpenSSL, zstd, libxml2); a missing one fails the test.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::{Command, Stdio};

use super::Declare;
use crate::ctype::Name;
use crate::ctype::{ArrayLen, CKind, CTypeId, CTypeTable};

/// Headers preprocessed together, with the compiler flags they need.
struct Headers {
    /// Names the test's scratch files.
    name: &'static str,
    /// What `#include <...>` lines the source holds.
    includes: &'static [&'static str],
    /// Extra flags for the preprocessor and the compiler.
    flags: &'static [&'static str],
}

/// The C compiler, as build scripts find it.
fn cc() -> String {
    std::env::var("CC").unwrap_or_else(|_| "cc".to_string())
}

/// Runs `cc args` with `input` on stdin; its stdout, or a panic with stderr.
fn run_cc(args: &[&str], input: &str, what: &str) -> String {
    let mut child = Command::new(cc())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{what}: cannot run {}: {e}", cc()));
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write to cc");
    let out = child.wait_with_output().expect("cc output");
    if !out.status.success() {
        let errors: String = String::from_utf8_lossy(&out.stderr).lines().take(60).collect::<Vec<_>>().join("\n");
        panic!("{what} failed (./scripts/test installs the headers these tests read):\n{errors}");
    }
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The facts the table gives, by key, and the C program that prints the
/// compiler's facts under the same keys.
#[derive(Default)]
struct Probe {
    /// Key (tab-separated words) to our two numbers.
    ours: BTreeMap<String, (i64, i64)>,
    /// Initializers of the program's fact table.
    facts: String,
    /// Statements of the program that print bitfield positions.
    bitfields: String,
}

impl Probe {
    fn fact(&mut self, key: String, c_a: String, c_b: String, ours: (i64, i64)) {
        if self.ours.insert(key.clone(), ours).is_none() {
            let _ = writeln!(self.facts, "  {{\"{key}\", (long long)({c_a}), (long long)({c_b})}},");
        }
    }

    /// The size and alignment of the type `c_type` (a C type name).
    fn size(&mut self, table: &CTypeTable, c_type: &str, id: CTypeId) {
        if let (Some(size), Some(align)) = (table.size_of(id), table.align_of(id)) {
            let key = format!("size\t{c_type}");
            self.fact(key, format!("sizeof({c_type})"), format!("_Alignof({c_type})"), (size as i64, align as i64));
        }
    }

    /// Every member of the record `id`, named as C names it from an object of
    /// type `c_type`: through anonymous members, and into members whose type
    /// is an anonymous record (or an array of one); `path` and `base` are the
    /// designator and offset of `id` within `c_type`.
    fn members(&mut self, table: &CTypeTable, c_type: &str, id: CTypeId, path: &str, base: usize, depth: u32) {
        let CKind::Record { fields, complete: true, .. } = table.kind(id) else { return };
        if depth > 16 {
            return;
        }
        for f in fields {
            let offset = base + f.offset;
            let Some(name) = &f.name else {
                self.members(table, c_type, f.ty, path, offset, depth + 1);
                continue;
            };
            let member = format!("{path}{name}");
            if let Some(bits) = f.bits {
                if !table.get(f.ty).qual.is_const {
                    let key = format!("bits\t{c_type}\t{member}");
                    let ours = ((offset * 8) as i64 + bits.bit_offset as i64, bits.width as i64);
                    if self.ours.insert(key.clone(), ours).is_none() {
                        let _ = writeln!(
                            self.bitfields,
                            "  {{ {c_type} v; __builtin_memset(&v, 0, sizeof v); v.{member} = -1; \
                             probe_bits(\"{key}\", (const unsigned char *)&v, sizeof v); }}"
                        );
                    }
                }
                continue;
            }
            let key = format!("member\t{c_type}\t{member}");
            let size = table.size_of(f.ty);
            let c_size = match size {
                Some(_) => format!("sizeof(((({c_type} *)0)->{member}))"),
                None => "-1".to_string(),
            };
            let c_offset = format!("__builtin_offsetof({c_type}, {member})");
            self.fact(key, c_offset, c_size, (offset as i64, size.map_or(-1, |s| s as i64)));
            // Into anonymous record types, which have no other name to check them by.
            let mut inner = f.ty;
            let mut designator = format!("{member}.");
            while let CKind::Array { elem, len: ArrayLen::Fixed(n), .. } = table.kind(inner) {
                if *n == 0 {
                    break;
                }
                inner = *elem;
                designator = format!("{}[0].", &designator[..designator.len() - 1]);
            }
            if matches!(table.kind(inner), CKind::Record { tag: None, .. }) {
                self.members(table, c_type, inner, &designator, offset, depth + 1);
            }
        }
    }

    /// The enumerator `name` with its value.
    fn enumerator(&mut self, name: &str, value: i64) {
        self.fact(format!("enum\t{name}"), name.to_string(), "0".to_string(), (value, 0));
    }

    /// The C program: the preprocessed headers, the fact table and a `main`
    /// printing it.
    fn program(&self, headers: &str) -> String {
        format!(
            "{headers}
struct probe_fact {{ const char *key; long long a, b; }};
static const struct probe_fact probe_facts[] = {{
{facts}  {{0, 0, 0}}
}};
static void probe_bits(const char *key, const unsigned char *p, unsigned long n) {{
  long long first = -1, count = 0;
  for (unsigned long i = 0; i < n * 8; i++)
    if (p[i / 8] >> (i % 8) & 1) {{ if (first < 0) first = (long long)i; count++; }}
  __builtin_printf(\"%s\\t%lld\\t%lld\\n\", key, first, count);
}}
int main(void) {{
  for (const struct probe_fact *f = probe_facts; f->key; f++)
    __builtin_printf(\"%s\\t%lld\\t%lld\\n\", f->key, f->a, f->b);
{bitfields}  return 0;
}}
",
            facts = self.facts,
            bitfields = self.bitfields
        )
    }
}

/// Whether `word` occurs in `text` as a whole identifier.
fn mentions(text: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(word)
        .any(|(i, _)| !text[..i].ends_with(is_ident) && !text[i + word.len()..].starts_with(is_ident))
}

/// Parses the headers, checks them against the compiler and returns the
/// number of facts compared; panics listing every mismatch.
fn check(h: &Headers) -> usize {
    let includes: String = h.includes.iter().map(|i| format!("#include <{i}>\n")).collect();
    let mut pp_args = vec!["-E", "-P"];
    pp_args.extend(h.flags);
    pp_args.extend(["-x", "c", "-"]);
    let text = run_cc(&pp_args, &includes, &format!("preprocessing {}", h.name));

    let mut table = crate::cparse::new_table();
    let builtin: Vec<String> = table.typedefs().into_iter().map(|(n, _)| n).collect();
    if let Err(e) = table.cdef(&text) {
        let line = text.lines().nth(e.line().saturating_sub(1) as usize).unwrap_or("");
        panic!("{}: cdef failed: {e}\n  line {}: {line}", h.name, e.line());
    }

    let mut probe = Probe::default();
    let mut typedefs = table.typedefs();
    typedefs.sort();
    for (name, id) in typedefs {
        // A built-in typedef is checked where the header names it.
        if builtin.contains(&name) && !mentions(&text, &name) {
            continue;
        }
        probe.size(&table, &name, id);
        probe.members(&table, &name, id, "", 0, 0);
    }
    let mut tags = table.tags();
    tags.sort();
    for (tag, id) in tags {
        let keyword = match table.kind(id) {
            CKind::Record { is_union: true, .. } => "union",
            CKind::Record { .. } => "struct",
            _ => "enum",
        };
        // gcc's built-in `va_list` structure has no name a program can use.
        if tag.starts_with("__va_list") {
            continue;
        }
        let c_type = format!("{keyword} {tag}");
        probe.size(&table, &c_type, id);
        probe.members(&table, &c_type, id, "", 0, 0);
    }
    for i in 0..table.len() {
        if let CKind::Enum { constants, complete: true, .. } = table.kind(CTypeId(i as u32)) {
            for (name, value) in constants {
                if matches!(table.lookup_name(name), Some(Name::Decl(_))) {
                    probe.enumerator(name, *value);
                }
            }
        }
    }

    let exe = std::env::temp_dir().join(format!("luau-ffi-headers-{}-{}", h.name, std::process::id()));
    let exe_path = exe.to_string_lossy().into_owned();
    let mut cc_args = vec!["-w", "-o", exe_path.as_str()];
    cc_args.extend(h.flags);
    cc_args.extend(["-x", "c", "-"]);
    // The probe is compiled from the preprocessed text, where no macro can
    // stand for a member's name.
    run_cc(&cc_args, &probe.program(&text), &format!("compiling the {} probe", h.name));
    let output = Command::new(&exe).output().expect("run the probe");
    let _ = std::fs::remove_file(&exe);
    assert!(output.status.success(), "{}: the probe failed", h.name);

    let mut theirs: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let mut parts = line.rsplitn(3, '\t');
        let (b, a, key) = (parts.next(), parts.next(), parts.next());
        let (Some(b), Some(a), Some(key)) = (b, a, key) else { panic!("{}: bad probe line {line:?}", h.name) };
        theirs.insert(key.to_string(), (a.parse().expect("number"), b.parse().expect("number")));
    }
    let mut mismatches = Vec::new();
    for (key, ours) in &probe.ours {
        match theirs.get(key) {
            Some(c) if c == ours => {}
            c => mismatches.push(format!("{}: ours {ours:?}, C {c:?}", key.replace('\t', " "))),
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}: {} of {} facts differ from the C compiler's:\n{}",
        h.name,
        mismatches.len(),
        probe.ours.len(),
        mismatches.join("\n")
    );
    probe.ours.len()
}

/// One test per header set, so that they run in parallel and fail apart.
macro_rules! header_tests {
    ($($test:ident: [$($include:literal),*] [$($flag:literal),*];)*) => {$(
        #[test]
        fn $test() {
            let h = Headers { name: stringify!($test), includes: &[$($include),*], flags: &[$($flag),*] };
            let n = check(&h);
            eprintln!("{}: {n} facts agree with the C compiler", h.name);
            assert!(n > 10, "{}: only {n} facts", h.name);
        }
    )*};
}

header_tests! {
    stdio: ["stdio.h"] [];
    stdlib_gnu: ["stdlib.h"] ["-D_GNU_SOURCE"];
    math_gnu: ["math.h"] ["-D_GNU_SOURCE"];
    pthread: ["pthread.h"] [];
    sys_socket: ["sys/socket.h"] [];
    posix_gnu: [
        "unistd.h", "fcntl.h", "sys/stat.h", "sys/types.h", "signal.h", "time.h", "dirent.h", "regex.h",
        "netdb.h", "wchar.h", "complex.h", "poll.h", "sys/mman.h", "termios.h", "inttypes.h", "setjmp.h",
        "stdarg.h", "stddef.h", "string.h", "locale.h", "sys/time.h", "sys/resource.h", "sys/wait.h",
        "sys/uio.h", "sys/un.h", "netinet/in.h", "arpa/inet.h", "glob.h", "ucontext.h", "sched.h",
        "semaphore.h", "spawn.h", "wctype.h", "fenv.h", "stdatomic.h", "threads.h"
    ] ["-D_GNU_SOURCE"];
    linux_gnu: [
        "sys/epoll.h", "sys/inotify.h", "sys/ioctl.h", "net/if.h", "sys/select.h", "sys/statvfs.h",
        "sys/utsname.h", "pwd.h", "grp.h", "ifaddrs.h", "iconv.h", "langinfo.h", "link.h", "dlfcn.h", "elf.h",
        "execinfo.h", "fnmatch.h", "ftw.h", "getopt.h", "libgen.h", "mqueue.h", "aio.h", "search.h", "shadow.h",
        "syslog.h", "utmp.h", "wordexp.h", "err.h", "error.h", "malloc.h", "mntent.h", "sys/sysinfo.h",
        "sys/timerfd.h", "sys/eventfd.h", "sys/signalfd.h", "sys/xattr.h", "sys/random.h", "sys/ptrace.h",
        "sys/user.h", "sys/procfs.h", "netinet/tcp.h", "netinet/ip.h", "sys/shm.h", "sys/msg.h", "sys/sem.h",
        "sys/file.h", "sys/prctl.h", "sys/sendfile.h", "sys/times.h", "sys/vfs.h", "fts.h", "obstack.h",
        "printf.h", "stdio_ext.h", "tgmath.h", "uchar.h", "monetary.h", "nl_types.h", "gnu/libc-version.h"
    ] ["-D_GNU_SOURCE"];
    math: ["math.h"] [];
    zlib: ["zlib.h"] [];
    sqlite3: ["sqlite3.h"] [];
    curl: ["curl/curl.h"] [];
    openssl: ["openssl/ssl.h", "openssl/evp.h", "openssl/x509.h"] [];
    zstd: ["zstd.h"] [];
    libxml2: ["libxml/parser.h", "libxml/tree.h", "libxml/xpath.h", "libxml/xmlreader.h"] ["-I/usr/include/libxml2"];
}
