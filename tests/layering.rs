//! The crate's top-level modules form the one-way graph ARCHITECTURE.md
//! describes: this reads the layer table there and every file under `src/`,
//! and fails on an import that goes to a layer the importing module's layer
//! may not use, on a top-level module missing from the table (or listed but
//! absent), and on a cycle among top-level modules.
//!
//! An import is a `crate::` path (in a `use` or anywhere in code, grouped
//! `use crate::{a, b}` included) or a `super::` path that leaves its top-level
//! module. Comments, string literals, `$crate` paths inside macros and test
//! code (`#[cfg(test)]` items and the files of `#[cfg(test)]` modules) are not
//! imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One row of the layer table.
#[derive(Debug)]
struct Layer {
    name: String,
    modules: Vec<String>,
    may_use: Vec<String>,
}

/// The rows of the table whose header is `| layer | modules | may use |`.
fn layers(architecture: &str) -> Vec<Layer> {
    let mut lines = architecture.lines().skip_while(|l| !l.trim().starts_with("| layer | modules | may use |"));
    assert!(lines.next().is_some(), "ARCHITECTURE.md has no '| layer | modules | may use |' table");
    lines.next(); // |---|---|---|
    let cells = |line: &str| -> Vec<String> {
        line.trim().trim_matches('|').split('|').map(|c| c.trim().to_string()).collect()
    };
    let names = |cell: &str| -> Vec<String> {
        cell.split(',').map(|n| n.trim().trim_matches('`').to_string()).filter(|n| !n.is_empty() && n != "—").collect()
    };
    lines
        .take_while(|l| l.trim().starts_with('|'))
        .map(|line| {
            let cells = cells(line);
            assert_eq!(cells.len(), 3, "a layer row has three cells: {line}");
            Layer { name: cells[0].clone(), modules: names(&cells[1]), may_use: names(&cells[2]) }
        })
        .collect()
}

/// `source` with comments, string and character literals blanked out (kept
/// as spaces, newlines kept, so positions and line numbers stay).
fn code_only(source: &str) -> String {
    let b = source.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        let ident_before = i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_');
        if b[i..].starts_with(b"//") {
            let end = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |n| i + n);
            blank(&mut out, i, end);
            i = end;
        } else if b[i..].starts_with(b"/*") {
            let (mut depth, mut j) = (1, i + 2);
            while j < b.len() && depth > 0 {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if !ident_before && (b[i] == b'r' || ((b[i] == b'b' || b[i] == b'c') && b.get(i + 1) == Some(&b'r'))) {
            // A raw string r"..", r#".."#, br#".."#, cr#".."#, or an identifier.
            let start = i;
            let mut j = if b[i] == b'r' { i + 1 } else { i + 2 };
            let hashes = b[j..].iter().take_while(|&&c| c == b'#').count();
            j += hashes;
            if b.get(j) == Some(&b'"') {
                let closing: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
                let end = b[j + 1..]
                    .windows(closing.len())
                    .position(|w| w == closing)
                    .map_or(b.len(), |n| j + 1 + n + closing.len());
                blank(&mut out, start, end);
                i = end;
            } else {
                i += 1;
            }
        } else if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, i, j + 1);
            i = j + 1;
        } else if b[i] == b'\'' {
            // A character literal ('x', '\n', '\u{..}', '\''), or a lifetime.
            let end = if b.get(i + 1) == Some(&b'\\') {
                b[i + 2..].iter().position(|&c| c == b'\'').map(|n| i + 2 + n + 1)
            } else if b.get(i + 2) == Some(&b'\'') {
                Some(i + 3)
            } else {
                None
            };
            match end {
                Some(end) => {
                    blank(&mut out, i, end);
                    i = end;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    String::from_utf8(out).expect("blanking keeps UTF-8 (multi-byte characters only occur in comments and strings)")
}

/// The index just past the item starting at or after `from` (at bracket
/// depth 0: up to its `;`, or through its first `{...}` block).
fn item_end(code: &[u8], from: usize) -> usize {
    let mut depth = 0i32;
    let mut i = from;
    // Attributes of the item first.
    while i < code.len() {
        match code[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b'{' if depth == 0 => {
                let mut braces = 0;
                while i < code.len() {
                    match code[i] {
                        b'{' => braces += 1,
                        b'}' => {
                            braces -= 1;
                            if braces == 0 {
                                return i + 1;
                            }
                        }
                        _ => {}
                    }
                    i += 1;
                }
                return i;
            }
            b';' if depth == 0 => return i + 1,
            _ => {}
        }
        i += 1;
    }
    i
}

/// `code` with every `#[cfg(test)]` item blanked out, and the names of the
/// modules declared `#[cfg(test)] mod name;` (their files are test code).
fn without_test_items(code: &str) -> (String, Vec<String>) {
    let mut out = code.as_bytes().to_vec();
    let mut test_modules = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("#[cfg(test)]").map(|n| from + n) {
        let end = item_end(code.as_bytes(), at + "#[cfg(test)]".len());
        let item = &code[at + "#[cfg(test)]".len()..end];
        let words: Vec<&str> =
            item.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect();
        if item.trim_end().ends_with(';') {
            if let Some(i) = words.iter().position(|w| *w == "mod") {
                test_modules.push(words[i + 1].to_string());
            }
        }
        for c in &mut out[at..end] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
        from = end;
    }
    (String::from_utf8(out).unwrap(), test_modules)
}

/// The inline modules (`mod name { ... }`) open at each byte of `code`: a
/// list of (start, end, name).
fn inline_modules(code: &str) -> Vec<(usize, usize, String)> {
    let b = code.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = find_word(code, "mod", from) {
        from = at + 3;
        let rest = code[from..].trim_start();
        let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let after = rest[name.len()..].trim_start();
        if !name.is_empty() && after.starts_with('{') {
            let open = code.len() - after.len();
            found.push((open, item_end(b, open), name));
        }
    }
    found
}

/// The next occurrence of `word` as a whole identifier from `from` on.
fn find_word(code: &str, word: &str, from: usize) -> Option<usize> {
    let is_ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let b = code.as_bytes();
    let mut from = from;
    while let Some(at) = code[from..].find(word).map(|n| from + n) {
        let before = at.checked_sub(1).map(|i| b[i]);
        let after = b.get(at + word.len()).copied();
        if !before.is_some_and(is_ident) && !after.is_some_and(is_ident) {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

/// One import found in a file: the first segment after `crate::` (or after
/// leaving the top-level module through `super::`), and its line.
#[derive(Debug, PartialEq, Eq)]
struct Import {
    name: String,
    line: usize,
}

/// The imports of a file whose module path (from the crate root) is `path`.
fn imports(code: &str, path: &[String]) -> Vec<Import> {
    let mut found = Vec::new();
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let ident = |s: &str| -> String { s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let b = code.as_bytes();
    // Visibility paths (`pub(in crate::x)`) name no dependency.
    let mut from = 0;
    while let Some(at) = find_word(code, "crate", from) {
        from = at + 5;
        if at > 0 && b[at - 1] == b'$' {
            continue; // `$crate` in a macro: resolved where the macro expands
        }
        if code[..at].trim_end().ends_with("(in") {
            continue;
        }
        let rest = code[from..].trim_start();
        let Some(rest) = rest.strip_prefix("::") else { continue };
        let rest = rest.trim_start();
        if let Some(group) = rest.strip_prefix('{') {
            // `use crate::{a, b::c, d::{e, f}}`: the first segment of each
            // top-level entry.
            let mut depth = 0;
            let mut entry_start = true;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => entry_start = true,
                    c if entry_start && (c.is_alphanumeric() || c == '_') => {
                        entry_start = false;
                        found.push(Import { name: ident(&group[k..]), line: line_of(at) });
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident(rest);
            if !name.is_empty() {
                found.push(Import { name, line: line_of(at) });
            }
        }
    }
    let inline = inline_modules(code);
    let mut from = 0;
    while let Some(at) = find_word(code, "super", from) {
        from = at + 5;
        let preceded_by_path = code[..at].trim_end().ends_with("::");
        if preceded_by_path {
            continue; // counted with the `super` that starts the path
        }
        // The module this occurrence is in: the file's, then the inline
        // modules around it.
        let mut module: Vec<String> = path.to_vec();
        for (start, end, name) in &inline {
            if *start < at && at < *end {
                module.push(name.clone());
            }
        }
        let mut rest = &code[at..];
        while let Some(after) = rest.strip_prefix("super").map(str::trim_start).and_then(|r| r.strip_prefix("::")) {
            module.pop();
            rest = after.trim_start();
        }
        if module.is_empty() {
            let name = ident(rest);
            if !name.is_empty() {
                found.push(Import { name, line: line_of(at) });
            }
        }
    }
    found
}

/// The source files of the crate with their module paths from the root, and
/// the files that are test code.
fn source_files(src: &Path) -> Vec<(PathBuf, Vec<String>)> {
    let mut files = Vec::new();
    let mut pending = vec![src.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(src).unwrap();
                let mut module: Vec<String> =
                    relative.with_extension("").iter().map(|s| s.to_string_lossy().into_owned()).collect();
                if module.last().is_some_and(|l| l == "mod" || l == "lib") {
                    module.pop();
                }
                files.push((path, module));
            }
        }
    }
    files.sort();
    files
}

/// Names used as `crate::name` that are not modules: the macros exported at
/// the crate root and the root's re-exports, with the module they come from.
fn root_items(files: &[(PathBuf, Vec<String>)], lib: &str) -> BTreeMap<String, String> {
    let mut items = BTreeMap::new();
    for (path, module) in files {
        let code = code_only(&std::fs::read_to_string(path).unwrap());
        let mut from = 0;
        while let Some(at) = code[from..].find("#[macro_export]").map(|n| from + n) {
            from = at + 1;
            if let Some(m) = code[at..].find("macro_rules!") {
                let name: String = code[at + m + "macro_rules!".len()..]
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                items.insert(name, module.first().cloned().unwrap_or_default());
            }
        }
    }
    for line in code_only(lib).lines() {
        let line = line.trim();
        if let Some(path) = line.strip_prefix("pub use ").and_then(|p| p.strip_suffix(';')) {
            let segments: Vec<&str> = path.split("::").collect();
            items.insert(segments.last().unwrap().to_string(), segments[0].to_string());
        }
    }
    items
}

/// The top-level modules `lib.rs` declares.
fn top_level_modules(lib: &str) -> BTreeSet<String> {
    let code = code_only(lib);
    let mut modules = BTreeSet::new();
    let mut from = 0;
    while let Some(at) = find_word(&code, "mod", from) {
        from = at + 3;
        let name: String = code[from..].trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !name.is_empty() {
            modules.insert(name);
        }
    }
    modules
}

#[test]
fn imports_follow_the_layers_of_architecture_md() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let architecture = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let layers = layers(&architecture);
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let modules = top_level_modules(&lib);

    // Every top-level module is in exactly one layer; every listed one exists.
    let mut layer_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for (i, layer) in layers.iter().enumerate() {
        for module in &layer.modules {
            if layer_of.insert(module.clone(), i).is_some() {
                problems.push(format!("module '{module}' is in two layers"));
            }
            if !modules.contains(module) {
                problems.push(format!("layer '{}' lists '{module}', which src/lib.rs does not declare", layer.name));
            }
        }
        for used in &layer.may_use {
            if !layers.iter().any(|l| &l.name == used) {
                problems.push(format!("layer '{}' may use '{used}', which is no layer", layer.name));
            }
        }
    }
    for module in &modules {
        if !layer_of.contains_key(module) {
            problems.push(format!("module '{module}' is in no layer of ARCHITECTURE.md"));
        }
    }

    let files = source_files(&root.join("src"));
    let items = root_items(&files, &lib);
    let mut test_files: BTreeSet<Vec<String>> = BTreeSet::new();
    let mut scanned = Vec::new();
    for (path, module) in &files {
        let (code, test_modules) = without_test_items(&code_only(&std::fs::read_to_string(path).unwrap()));
        for name in test_modules {
            test_files.insert(module.iter().cloned().chain([name]).collect());
        }
        scanned.push((path, module, code));
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut checked = 0;
    for (path, module, code) in &scanned {
        let Some(top) = module.first() else { continue }; // the crate root declares the modules
        if (1..=module.len()).any(|n| test_files.contains(&module[..n])) {
            continue;
        }
        checked += 1;
        let shown = path.strip_prefix(root).unwrap().display();
        for import in imports(code, module) {
            let target = if modules.contains(&import.name) {
                import.name.clone()
            } else if let Some(owner) = items.get(&import.name) {
                owner.clone()
            } else {
                problems.push(format!("{shown}:{}: 'crate::{}' is no module of the crate", import.line, import.name));
                continue;
            };
            if &target == top {
                continue;
            }
            edges.entry(top.clone()).or_default().insert(target.clone());
            let (Some(&from), Some(&to)) = (layer_of.get(top), layer_of.get(&target)) else { continue };
            if from != to && !layers[from].may_use.contains(&layers[to].name) {
                problems.push(format!(
                    "{shown}:{}: '{top}' (layer {}) uses '{target}' (layer {}), which its layer may not use",
                    import.line, layers[from].name, layers[to].name
                ));
            }
        }
    }
    assert!(checked > 50, "only {checked} source files were checked");

    // No cycle among the top-level modules.
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        visited: &mut BTreeMap<String, bool>,
        stack: &mut Vec<String>,
        cycles: &mut Vec<String>,
    ) {
        match visited.get(node) {
            Some(true) => return,
            Some(false) => {
                let start = stack.iter().position(|n| n == node).unwrap();
                cycles.push(format!("cycle: {} -> {node}", stack[start..].join(" -> ")));
                return;
            }
            None => {}
        }
        visited.insert(node.to_string(), false);
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            visit(next, edges, visited, stack, cycles);
        }
        stack.pop();
        visited.insert(node.to_string(), true);
    }
    let mut visited = BTreeMap::new();
    for module in &modules {
        visit(module, &edges, &mut visited, &mut Vec::new(), &mut problems);
    }

    assert!(problems.is_empty(), "the layering of ARCHITECTURE.md is broken:\n{}", problems.join("\n"));
}

#[test]
fn the_scan_finds_imports_and_skips_what_is_not_one() {
    let path = |p: &str| -> Vec<String> { p.split("::").map(String::from).collect() };
    let names = |code: &str, module: &str| -> Vec<String> {
        let (code, _) = without_test_items(&code_only(code));
        imports(&code, &path(module)).into_iter().map(|i| i.name).collect()
    };
    assert_eq!(
        names("use crate::ctype::CTypeId;\nfn f() { crate::lua::sys::x(); }", "cdata::object"),
        ["ctype", "lua"]
    );
    assert_eq!(names("use crate::{api, cdata::Values, lua::{sys, protected}};", "module"), ["api", "cdata", "lua"]);
    assert_eq!(names("// use crate::api;\n/* crate::call */ let s = \"crate::call\";", "cdata"), Vec::<String>::new());
    assert_eq!(
        names("let s = r#\"crate::call \"quoted\"\"#; let c = '\"'; let l: &'a str;", "cdata"),
        Vec::<String>::new()
    );
    assert_eq!(
        names("#[cfg(test)]\nmod tests { use crate::cparse::Declare; }\nuse crate::fxhash;", "ctype"),
        ["fxhash"]
    );
    assert_eq!(names("#[cfg(test)]\nfn helper() { crate::api::x() }", "ctype::table"), Vec::<String>::new());
    assert_eq!(names("macro_rules! m { () => { $crate::lua::guard() } }", "lua::guard"), Vec::<String>::new());
    // `super::` leaving a top-level module, from a file and from inline modules.
    assert_eq!(names("use super::gc::Finalizer;", "cdata::object"), Vec::<String>::new());
    assert_eq!(names("use super::call::Calls;", "api"), ["call"]);
    assert_eq!(names("use super::super::native::fast;", "call::fast"), ["native"]);
    assert_eq!(names("mod inner { use super::super::api::x; }", "cdata"), ["api"]);
    assert_eq!(names("mod inner { use super::x; }", "cdata"), Vec::<String>::new());
    assert_eq!(names("pub(in crate::call) fn f() {}", "call::scope"), Vec::<String>::new());

    let (_, test_modules) = without_test_items("#[cfg(test)]\nmod tests;\n#[cfg(test)]\nmod gcc_layout;\nmod table;");
    assert_eq!(test_modules, ["tests", "gcc_layout"]);

    let table = layers("| layer | modules | may use |\n|---|---|---|\n| a | `x`, `y` | — |\n| b | `z` | a |\n\ntext");
    assert_eq!(table.len(), 2);
    assert_eq!((table[0].modules.clone(), table[0].may_use.clone()), (vec!["x".into(), "y".into()], vec![]));
    assert_eq!((table[1].name.as_str(), table[1].may_use.clone()), ("b", vec!["a".to_string()]));
}
