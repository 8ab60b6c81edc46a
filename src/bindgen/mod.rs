//! `luau-ffi bindgen`: typed Luau bindings generated from C headers.
//!
//! 1. The system preprocessor (`cc -E -dD`) expands the headers; its linemarkers
//!    say which file each declaration and `#define` came from ([`source`]).
//! 2. Every top-level declaration of the translation unit is parsed in order
//!    with the FFI's own parser ([`engine`]), as a compiler would, to learn
//!    which names each one defines. Declarations the parser cannot take (glibc's
//!    `_Float128`, ...) are simply not available.
//! 3. The declarations of the named headers (narrowed by `--match`) are kept,
//!    with every declaration of another header that defines a type or tag they
//!    mention, transitively ([`declaration`]).
//! 4. Those are parsed again on their own; the ones that fail are listed,
//!    named with their header, and left out.
//! 5. The module is written ([`emit`]): one `ffi.cdef`, `ffi.load(<lib>)`, Luau
//!    types for the structs, unions and callback types, and a table of the
//!    functions, extern variables and constants (enumerators and the object-like
//!    `#define`s of the headers whose values are constants, [`constants`]).
//!
//! The output depends only on the headers and the options: generating twice
//! gives the same bytes.

mod constants;
mod declaration;
mod emit;
mod engine;
mod luau;
mod pattern;
mod source;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::process::ExitCode;

use engine::{Bound, Engine, TypedefTarget};
use pattern::Pattern;
use source::{Chunk, Preprocess, Unit};

/// What to generate.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The headers (paths, or names on the include path such as `zlib.h`).
    pub headers: Vec<String>,
    /// The library for `ffi.load`.
    pub lib: String,
    /// `--match` patterns: a declaration is kept when one of its names matches
    /// one of them (all are kept when there is none).
    pub matches: Vec<String>,
    /// `-I` directories.
    pub include_dirs: Vec<String>,
    /// `-D` macros.
    pub defines: Vec<String>,
    /// The C compiler driver that preprocesses (`cc`).
    pub cc: String,
}

/// A generated module.
#[derive(Clone, Debug)]
pub struct Bindings {
    /// The Luau source.
    pub module: String,
    /// One line per declaration that could not be translated:
    /// `header:line: name: reason`.
    pub skipped: Vec<String>,
}

/// What phase 2 learns about one declaration.
struct Parsed {
    /// The parser's error, if it failed.
    error: Option<String>,
    /// Ordinary names (typedefs, functions, variables, enumerators) it bound.
    names: Vec<String>,
    /// `(keyword, tag)` of the struct/union/enum bodies it gave.
    tags: Vec<(String, String)>,
    /// What it mentions.
    mentions: declaration::Mentions,
}

/// Generates the bindings described by `options`.
pub fn generate(options: &Options) -> Result<Bindings, String> {
    if options.headers.is_empty() {
        return Err("no header given".into());
    }
    let patterns =
        options.matches.iter().map(|m| Pattern::new(m).map_err(|e| e.0)).collect::<Result<Vec<Pattern>, String>>()?;
    let wanted = |name: &str| patterns.is_empty() || patterns.iter().any(|p| p.is_match(name));
    let preprocess = Preprocess {
        cc: options.cc.clone(),
        include_dirs: options.include_dirs.clone(),
        defines: options.defines.clone(),
    };
    let unit = preprocess.run(&options.headers)?;
    let texts: Vec<String> = unit.chunks.iter().map(cdef_text).collect();

    // Every declaration in order, to learn what each defines.
    let mut whole = Engine::new();
    let parsed: Vec<Parsed> = unit.chunks.iter().zip(&texts).map(|(c, text)| parse_one(&mut whole, c, text)).collect();
    let mut ordinary_definer: HashMap<&str, usize> = HashMap::new();
    let mut tag_definer: HashMap<(&str, &str), usize> = HashMap::new();
    for (i, p) in parsed.iter().enumerate() {
        for name in &p.names {
            if matches!(whole.ordinary(name), Some(Bound::Typedef | Bound::Constant)) {
                ordinary_definer.entry(name).or_insert(i);
            }
        }
        for (kw, tag) in &p.tags {
            tag_definer.entry((kw, tag)).or_insert(i);
        }
    }

    // The headers' declarations, and what they need.
    let from_header = |c: &Chunk| unit.headers.contains(&c.file);
    let mut skipped: Vec<(usize, String)> = Vec::new();
    let mut kept: BTreeSet<usize> = BTreeSet::new();
    for (i, (chunk, p)) in unit.chunks.iter().zip(&parsed).enumerate() {
        if !from_header(chunk) {
            continue;
        }
        match &p.error {
            Some(error) => {
                let name = declaration::guess_name(&chunk.tokens);
                if wanted(name.trim_start_matches("struct ").trim_start_matches("union ").trim_start_matches("enum ")) {
                    skipped.push((i, format!("{}:{}: {name}: {error}", unit.files[chunk.file], chunk.line)));
                }
            }
            None => {
                let names = p.names.iter().map(String::as_str).chain(p.tags.iter().map(|(_, t)| t.as_str()));
                if names.clone().any(wanted) || (p.names.is_empty() && p.tags.is_empty() && patterns.is_empty()) {
                    kept.insert(i);
                }
            }
        }
    }
    let mut selected: BTreeSet<usize> = BTreeSet::new();
    let mut stack: Vec<usize> = kept.iter().copied().collect();
    while let Some(i) = stack.pop() {
        if !selected.insert(i) {
            continue;
        }
        let m = &parsed[i].mentions;
        let needs = m.names.iter().filter_map(|n| ordinary_definer.get(n.as_str()));
        let needs = needs.chain(m.tags.iter().filter_map(|(kw, tag)| tag_definer.get(&(kw.as_str(), tag.as_str()))));
        stack.extend(needs.filter(|d| parsed[**d].error.is_none() && !selected.contains(d)));
    }

    // The selection on its own: what goes into the module.
    let mut engine = Engine::new();
    let mut emitted: Vec<usize> = Vec::new();
    for &i in &selected {
        match engine.cdef(&texts[i]) {
            Ok(()) => emitted.push(i),
            Err(error) => {
                let chunk = &unit.chunks[i];
                let name = declaration::guess_name(&chunk.tokens);
                skipped.push((i, format!("{}:{}: {name}: {error}", unit.files[chunk.file], chunk.line)));
            }
        }
    }
    skipped.sort();
    let module = collect(&unit, &parsed, &emitted, &kept, &mut engine, &texts, options, &wanted);
    let module = emit::Module { skipped: skipped.into_iter().map(|(_, s)| s).collect(), ..module };
    Ok(Bindings { module: module.write(), skipped: module.skipped.clone() })
}

/// The text a declaration goes into `ffi.cdef` as, under its `#pragma pack`.
fn cdef_text(chunk: &Chunk) -> String {
    let text = declaration::pretty(&chunk.tokens);
    match chunk.pack {
        Some(n) => format!("#pragma pack(push, {n})\n{text}\n#pragma pack(pop)"),
        None => text,
    }
}

/// Parses one declaration into `engine` and notes which of the names it
/// mentions it bound, and which tags it gave a body.
fn parse_one(engine: &mut Engine, chunk: &Chunk, text: &str) -> Parsed {
    let mentions = declaration::mentions(&chunk.tokens);
    let names_before: Vec<bool> = mentions.names.iter().map(|n| engine.ordinary(n).is_some()).collect();
    let tags_before: Vec<bool> = mentions.tags.iter().map(|(kw, t)| engine.tag(kw, t) == Some(true)).collect();
    if let Err(error) = engine.cdef(text) {
        return Parsed { error: Some(error), names: Vec::new(), tags: Vec::new(), mentions };
    }
    let names = mentions
        .names
        .iter()
        .zip(names_before)
        .filter(|(n, before)| !before && engine.ordinary(n).is_some())
        .map(|(n, _)| n.clone())
        .collect();
    let tags = mentions
        .tags
        .iter()
        .zip(tags_before)
        .filter(|((kw, t), before)| !before && engine.tag(kw, t) == Some(true))
        .map(|(pair, _)| pair.clone())
        .collect();
    Parsed { error: None, names, tags, mentions }
}

/// Gathers what the module exports from the declarations that made it in.
#[allow(clippy::too_many_arguments)]
fn collect(
    unit: &Unit,
    parsed: &[Parsed],
    emitted: &[usize],
    kept: &BTreeSet<usize>,
    engine: &mut Engine,
    texts: &[String],
    options: &Options,
    wanted: &dyn Fn(&str) -> bool,
) -> emit::Module {
    // Records: under the first typedef naming them, else their tag; in the
    // order of the declarations that give their bodies.
    let mut record_names: BTreeMap<engine::RecordKey, String> = BTreeMap::new();
    let mut body_position: BTreeMap<engine::RecordKey, usize> = BTreeMap::new();
    let mut callbacks = Vec::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for &i in emitted {
        for (kw, tag) in parsed[i].tags.iter().filter(|(kw, _)| kw != "enum") {
            if let Some(key) = engine.record_of_tag(kw, tag) {
                body_position.entry(key).or_insert(i);
            }
        }
    }
    for &i in emitted {
        for name in &parsed[i].names {
            match engine.typedef_target(name) {
                Some(TypedefTarget::Record(key))
                    if !record_names.contains_key(&key)
                        && engine.record(key).is_some()
                        && taken.insert(luau::type_name(name)) =>
                {
                    record_names.insert(key, luau::type_name(name));
                    // An anonymous struct's body is in its typedef.
                    body_position.entry(key).or_insert(i);
                }
                Some(TypedefTarget::Callback(sig))
                    if kept.contains(&i) && wanted(name) && taken.insert(luau::type_name(name)) =>
                {
                    callbacks.push((luau::type_name(name), sig));
                }
                _ => {}
            }
        }
    }
    for &i in emitted {
        for (kw, tag) in parsed[i].tags.iter().filter(|(kw, _)| kw != "enum") {
            let Some(key) = engine.record_of_tag(kw, tag) else { continue };
            if !record_names.contains_key(&key) && taken.insert(luau::type_name(tag)) {
                record_names.insert(key, luau::type_name(tag));
            }
        }
    }
    let mut records: Vec<(usize, String, engine::Record)> = record_names
        .iter()
        .filter_map(|(key, name)| Some((*body_position.get(key)?, name.clone(), engine.record(*key)?)))
        .collect();
    records.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let records = records.into_iter().map(|(_, name, record)| (name, record)).collect();

    // Values: the headers' functions, variables and enumerators, then macros.
    let mut functions = Vec::new();
    let mut variables = Vec::new();
    let mut values = Vec::new();
    let mut used: BTreeSet<String> = BTreeSet::from(["lib".to_string()]);
    for &i in emitted.iter().filter(|i| kept.contains(i)) {
        for name in parsed[i].names.iter().filter(|n| wanted(n)) {
            if !used.insert(name.clone()) {
                continue;
            }
            match engine.ordinary(name) {
                Some(Bound::Function) => functions.extend(engine.function(name).map(|sig| (name.clone(), sig))),
                Some(Bound::Variable) => variables.extend(engine.variable(name).map(|ty| (name.clone(), ty))),
                Some(Bound::Constant) => {
                    values.extend(engine.constant(name).map(|v| (name.clone(), constants::Value::Int(v.0))))
                }
                _ => {
                    used.remove(name);
                }
            }
        }
    }
    let evaluator = constants::Evaluator::new(&unit.defines, &unit.function_macros);
    for define in unit.defines.iter().filter(|d| unit.headers.contains(&d.file) && wanted(&d.name)) {
        if engine.ordinary(&define.name).is_some() || used.contains(&define.name) {
            continue;
        }
        let value = match evaluator.evaluate(define, engine) {
            Some(constants::Value::Float(f)) if !f.is_finite() => continue,
            Some(value) => value,
            None => continue,
        };
        used.insert(define.name.clone());
        values.push((define.name.clone(), value));
    }

    emit::Module {
        command: command_line(options),
        lib: options.lib.clone(),
        skipped: Vec::new(),
        cdef: emitted.iter().map(|&i| texts[i].clone()).collect(),
        records,
        record_names,
        callbacks,
        constants: values,
        variables,
        functions,
    }
}

/// The command line, for the module's header comment (without `-o`).
fn command_line(options: &Options) -> String {
    let mut words = vec!["luau-ffi bindgen".to_string()];
    words.extend(options.headers.iter().cloned());
    words.push(format!("--lib {}", options.lib));
    words.extend(options.matches.iter().map(|m| format!("--match '{m}'")));
    words.extend(options.include_dirs.iter().map(|d| format!("-I {d}")));
    words.extend(options.defines.iter().map(|d| format!("-D {d}")));
    words.join(" ")
}

const USAGE: &str = "\
usage: luau-ffi bindgen <header>... --lib <name> [--match <regex>]... [-I <dir>]... [-D <macro>]... [-o <file.luau>]

Writes a typed Luau module for the declarations of the header(s): one ffi.cdef, ffi.load(<name>),
Luau types for structs, unions and callbacks, and the functions, variables and constants (enumerators
and #define constants). <header> is a path or a name on the include path (zlib.h). --match keeps the
declarations with a matching name (a regular expression, searched). The preprocessor is $CC or cc.";

/// The `luau-ffi bindgen` subcommand: parses `args` (after `bindgen`), writes
/// the module to `-o` or stdout, and reports what was skipped on stderr.
pub fn command(args: &[String]) -> ExitCode {
    let (options, output) = match parse_args(args) {
        Ok(Some(parsed)) => parsed,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => return usage_error(&problem),
    };
    let bindings = match generate(&options) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("luau-ffi bindgen: {e}");
            return ExitCode::FAILURE;
        }
    };
    for line in &bindings.skipped {
        eprintln!("luau-ffi bindgen: skipped {line}");
    }
    let written = match &output {
        Some(path) => std::fs::write(path, &bindings.module).map_err(|e| format!("cannot write '{path}': {e}")),
        None => std::io::stdout().write_all(bindings.module.as_bytes()).map_err(|e| format!("cannot write: {e}")),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("luau-ffi bindgen: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The options and the output path (`None` for stdout); `Ok(None)` for `--help`.
fn parse_args(args: &[String]) -> Result<Option<(Options, Option<String>)>, String> {
    let mut options = Options { cc: std::env::var("CC").unwrap_or_else(|_| "cc".into()), ..Options::default() };
    let mut output = None;
    let mut lib = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| iter.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--lib" => lib = Some(value("--lib")?),
            "--match" => options.matches.push(value("--match")?),
            "-o" => output = Some(value("-o")?),
            "-I" => options.include_dirs.push(value("-I")?),
            "-D" => options.defines.push(value("-D")?),
            a if a.starts_with("-I") => options.include_dirs.push(a[2..].to_string()),
            a if a.starts_with("-D") => options.defines.push(a[2..].to_string()),
            a if a.starts_with('-') && a.len() > 1 => return Err(format!("unknown option '{a}'")),
            header => options.headers.push(header.to_string()),
        }
    }
    options.lib = lib.ok_or("--lib <name> is required")?;
    if options.headers.is_empty() {
        return Err("no header given".into());
    }
    Ok(Some((options, output)))
}

fn usage_error(problem: &str) -> ExitCode {
    eprintln!("luau-ffi bindgen: {problem}\n{USAGE}");
    ExitCode::from(2)
}
