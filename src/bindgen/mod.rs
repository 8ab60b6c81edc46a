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
//!    mention, transitively ([`declaration`] reads the mentions). A kept
//!    declaration the parser refused is listed, named with its header, line and
//!    name, and left out.
//! 4. Those are parsed again on their own, in order; one that fails now (it
//!    needs something that was left out) is listed and left out too.
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

/// The `--match` patterns.
struct Filter(Vec<Pattern>);

impl Filter {
    fn new(patterns: &[String]) -> Result<Filter, String> {
        patterns.iter().map(|m| Pattern::new(m).map_err(|e| e.0)).collect::<Result<_, _>>().map(Filter)
    }

    /// Whether `name` is wanted: it matches a pattern, or there is none.
    fn wants(&self, name: &str) -> bool {
        self.0.is_empty() || self.0.iter().any(|p| p.is_match(name))
    }
}

/// What the first parse learns about one declaration.
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

/// The translation unit parsed declaration by declaration, as a compiler
/// would, with the declaration that defines each typedef, enumerator and tag.
struct Translation {
    unit: Unit,
    /// Each declaration's text for `ffi.cdef`.
    texts: Vec<String>,
    parsed: Vec<Parsed>,
    ordinary_definer: HashMap<String, usize>,
    tag_definer: HashMap<(String, String), usize>,
}

impl Translation {
    fn parse(unit: Unit) -> Translation {
        let texts: Vec<String> = unit.chunks.iter().map(cdef_text).collect();
        let mut whole = Engine::new();
        let parsed: Vec<Parsed> = unit.chunks.iter().zip(&texts).map(|(c, t)| parse_one(&mut whole, c, t)).collect();
        let mut ordinary_definer = HashMap::new();
        let mut tag_definer = HashMap::new();
        for (i, p) in parsed.iter().enumerate() {
            for name in &p.names {
                if matches!(whole.ordinary(name), Some(Bound::Typedef | Bound::Constant)) {
                    ordinary_definer.entry(name.clone()).or_insert(i);
                }
            }
            for tag in &p.tags {
                tag_definer.entry(tag.clone()).or_insert(i);
            }
        }
        Translation { unit, texts, parsed, ordinary_definer, tag_definer }
    }

    /// `header:line: name: reason` for declaration `i`.
    fn skip_line(&self, i: usize, reason: &str) -> String {
        let chunk = &self.unit.chunks[i];
        let name = declaration::guess_name(&chunk.tokens);
        format!("{}:{}: {name}: {reason}", self.unit.files[chunk.file], chunk.line)
    }

    /// The named headers' declarations that define a wanted name (all of them
    /// without `--match`), and the wanted ones that failed to parse.
    fn keep(&self, filter: &Filter) -> (BTreeSet<usize>, Vec<(usize, String)>) {
        let mut kept = BTreeSet::new();
        let mut skipped = Vec::new();
        for (i, (chunk, p)) in self.unit.chunks.iter().zip(&self.parsed).enumerate() {
            if !self.unit.headers.contains(&chunk.file) {
                continue;
            }
            match &p.error {
                Some(error) => {
                    let name = declaration::guess_name(&chunk.tokens);
                    let bare = name.rsplit(' ').next().unwrap_or(&name);
                    if filter.wants(bare) {
                        skipped.push((i, self.skip_line(i, error)));
                    }
                }
                None => {
                    let mut names = p.names.iter().chain(p.tags.iter().map(|(_, tag)| tag));
                    // Forward declarations define nothing; keep them unfiltered.
                    let declares_nothing = p.names.is_empty() && p.tags.is_empty();
                    if names.any(|n| filter.wants(n)) || (declares_nothing && filter.0.is_empty()) {
                        kept.insert(i);
                    }
                }
            }
        }
        (kept, skipped)
    }

    /// `kept` and, transitively, the declarations defining the typedefs,
    /// enumerators and tags they mention.
    fn with_needs(&self, kept: &BTreeSet<usize>) -> BTreeSet<usize> {
        let mut selected = BTreeSet::new();
        let mut stack: Vec<usize> = kept.iter().copied().collect();
        while let Some(i) = stack.pop() {
            if !selected.insert(i) {
                continue;
            }
            let m = &self.parsed[i].mentions;
            let needs = m.names.iter().filter_map(|n| self.ordinary_definer.get(n));
            let needs = needs.chain(m.tags.iter().filter_map(|tag| self.tag_definer.get(tag)));
            stack.extend(needs.filter(|d| !selected.contains(d)));
        }
        selected
    }
}

/// Generates the bindings described by `options`.
pub fn generate(options: &Options) -> Result<Bindings, String> {
    if options.headers.is_empty() {
        return Err("no header given".into());
    }
    let filter = Filter::new(&options.matches)?;
    let preprocess = Preprocess {
        cc: options.cc.clone(),
        include_dirs: options.include_dirs.clone(),
        defines: options.defines.clone(),
    };
    let translation = Translation::parse(preprocess.run(&options.headers)?);
    let (kept, mut skipped) = translation.keep(&filter);

    // The selection parsed again on its own: what goes into the module.
    let mut engine = Engine::new();
    let mut emitted: Vec<usize> = Vec::new();
    for i in translation.with_needs(&kept) {
        match engine.cdef(&translation.texts[i]) {
            Ok(()) => emitted.push(i),
            Err(error) => skipped.push((i, translation.skip_line(i, &error))),
        }
    }
    skipped.sort();
    let skipped: Vec<String> = skipped.into_iter().map(|(_, line)| line).collect();
    let exports = Exports { translation: &translation, emitted: &emitted, kept: &kept, filter: &filter };
    let (records, record_names, callbacks) = exports.types(&engine);
    let (functions, variables, constants) = exports.values(&mut engine);
    let module = emit::Module {
        command: command_line(options),
        lib: options.lib.clone(),
        skipped: skipped.clone(),
        cdef: emitted.iter().map(|&i| translation.texts[i].clone()).collect(),
        records,
        record_names,
        callbacks,
        constants,
        variables,
        functions,
    };
    Ok(Bindings { module: module.write(), skipped })
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

/// What the module exports, read from the declarations that made it in.
struct Exports<'a> {
    translation: &'a Translation,
    /// The declarations in the module, in order.
    emitted: &'a [usize],
    /// The named headers' declarations among them.
    kept: &'a BTreeSet<usize>,
    filter: &'a Filter,
}

/// Records in order with their Luau names, the names by record, and callback types.
type Types = (Vec<(String, engine::Record)>, BTreeMap<engine::RecordKey, String>, Vec<(String, engine::FnSig)>);

/// Functions, extern variables and constants, in order.
type Values = (Vec<(String, engine::FnSig)>, Vec<(String, engine::CTy)>, Vec<(String, constants::Value)>);

impl Exports<'_> {
    fn declarations(&self) -> impl Iterator<Item = (usize, &Parsed)> {
        self.emitted.iter().map(|&i| (i, &self.translation.parsed[i]))
    }

    /// Every struct and union with a body, under the first typedef naming it
    /// (else its tag), in the order of the declarations that give the bodies;
    /// the callback typedefs of the named headers.
    fn types(&self, engine: &Engine) -> Types {
        let mut names: BTreeMap<engine::RecordKey, String> = BTreeMap::new();
        let mut body_position: BTreeMap<engine::RecordKey, usize> = BTreeMap::new();
        let mut callbacks = Vec::new();
        let mut taken: BTreeSet<String> = BTreeSet::new();
        let record_tags = |p: &'_ Parsed| -> Vec<(String, String)> {
            p.tags.iter().filter(|(kw, _)| kw != "enum").cloned().collect()
        };
        for (i, p) in self.declarations() {
            for (kw, tag) in record_tags(p) {
                if let Some(key) = engine.record_of_tag(&kw, &tag) {
                    body_position.entry(key).or_insert(i);
                }
            }
        }
        for (i, p) in self.declarations() {
            for name in &p.names {
                let luau_name = luau::type_name(name);
                match engine.typedef_target(name) {
                    Some(TypedefTarget::Record(key))
                        if !names.contains_key(&key)
                            && engine.record(key).is_some()
                            && taken.insert(luau_name.clone()) =>
                    {
                        names.insert(key, luau_name);
                        // An anonymous struct's body is in its typedef.
                        body_position.entry(key).or_insert(i);
                    }
                    Some(TypedefTarget::Callback(sig))
                        if self.kept.contains(&i) && self.filter.wants(name) && taken.insert(luau_name.clone()) =>
                    {
                        callbacks.push((luau_name, sig));
                    }
                    _ => {}
                }
            }
        }
        for (_, p) in self.declarations() {
            for (kw, tag) in record_tags(p) {
                let Some(key) = engine.record_of_tag(&kw, &tag) else { continue };
                if !names.contains_key(&key) && taken.insert(luau::type_name(&tag)) {
                    names.insert(key, luau::type_name(&tag));
                }
            }
        }
        let mut records: Vec<(usize, String, engine::Record)> = names
            .iter()
            .filter_map(|(key, name)| Some((*body_position.get(key)?, name.clone(), engine.record(*key)?)))
            .collect();
        records.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        (records.into_iter().map(|(_, name, record)| (name, record)).collect(), names, callbacks)
    }

    /// The named headers' wanted functions, variables and enumerators, then
    /// their wanted `#define`s whose values are constants.
    fn values(&self, engine: &mut Engine) -> Values {
        let mut functions = Vec::new();
        let mut variables = Vec::new();
        let mut constants = Vec::new();
        // `lib` is the module's own field.
        let mut used: BTreeSet<String> = BTreeSet::from(["lib".to_string()]);
        for (_, p) in self.declarations().filter(|(i, _)| self.kept.contains(i)) {
            for name in p.names.iter().filter(|n| self.filter.wants(n)) {
                if used.contains(name) {
                    continue;
                }
                let found = match engine.ordinary(name) {
                    Some(Bound::Function) => engine.function(name).map(|sig| functions.push((name.clone(), sig))),
                    Some(Bound::Variable) => engine.variable(name).map(|ty| variables.push((name.clone(), ty))),
                    Some(Bound::Constant) => {
                        engine.constant(name).map(|v| constants.push((name.clone(), constants::Value::Int(v.0))))
                    }
                    _ => None,
                };
                if found.is_some() {
                    used.insert(name.clone());
                }
            }
        }
        let unit = &self.translation.unit;
        let evaluator = constants::Evaluator::new(&unit.defines, &unit.function_macros);
        for define in unit.defines.iter().filter(|d| unit.headers.contains(&d.file) && self.filter.wants(&d.name)) {
            if engine.ordinary(&define.name).is_some() || used.contains(&define.name) {
                continue;
            }
            match evaluator.evaluate(define, engine) {
                Some(constants::Value::Float(f)) if !f.is_finite() => {}
                Some(value) => {
                    used.insert(define.name.clone());
                    constants.push((define.name.clone(), value));
                }
                None => {}
            }
        }
        (functions, variables, constants)
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
