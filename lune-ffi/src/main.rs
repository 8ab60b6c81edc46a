//! `lune-ffi`: the Lune 0.11.1 runtime (the `lune` crate) with `@lune/ffi`
//! registered next to Lune's own standard libraries.
//!
//! - `lune-ffi run <script> [args...]` runs a script as `lune run` of Lune 0.11.1
//!   does: the same script lookup (`lune/` and `.lune/` folders, `-` for stdin),
//!   runtime, scheduler, sandbox, `print`, `process.args`, error output and exit
//!   status.
//! - `lune-ffi setup` writes the type definitions of Lune's libraries and of
//!   `@lune/ffi` where `lune setup` writes Lune's, and prints the `.luaurc` alias.
//!
//! `--module path` before the command loads `@lune/ffi` from the module-mode
//! cdylib instead of the linked-in crate (the tests run both).

mod run;
mod setup;

use std::io::stderr;
use std::process::ExitCode;

use lune_utils::fmt::Label;

/// The Lune release this runtime is (the `lune` crate pinned in Cargo.toml).
pub const LUNE_VERSION: &str = "0.11.1";

const USAGE: &str = "\
usage: lune-ffi [--module path/to/libluau_ffi_module.so] <command>

commands:
  run <script> [args...]   run a script as `lune run` does, with @lune/ffi
  setup                    write the type definitions of Lune and @lune/ffi for your editor
  --version                print the versions
  --help                   print this help";

fn main() -> ExitCode {
    // Lune's own binary logs to stderr this way (RUST_LOG selects what).
    tracing_subscriber::fmt()
        .compact()
        .with_env_filter(tracing_subscriber::filter::EnvFilter::from_default_env())
        .with_target(true)
        .with_timer(tracing_subscriber::fmt::time::uptime())
        .with_level(true)
        .with_writer(stderr)
        .init();

    let mut args = std::env::args_os().skip(1).peekable();
    let mut module = None;
    if args.peek().is_some_and(|a| a == "--module") {
        args.next();
        match args.next() {
            Some(path) => module = Some(path.to_string_lossy().into_owned()),
            None => return usage_error("--module needs a path"),
        }
    }
    let Some(command) = args.next() else { return usage_error("no command given") };
    // As Lune's CLI: arguments that are not valid UTF-8 are dropped.
    let rest: Vec<String> = args.filter_map(|a| a.into_string().ok()).collect();
    let result = match command.to_string_lossy().as_ref() {
        c if c.eq_ignore_ascii_case("run") => {
            let Some((script, script_args)) = rest.split_first() else {
                return usage_error("run needs a script path");
            };
            async_io::block_on(run::run(script, script_args.to_vec(), module))
        }
        "setup" if rest.is_empty() => setup::setup(),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        "-V" | "--version" => {
            println!("lune-ffi {} (Lune {LUNE_VERSION}, luau-ffi)", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        other => return usage_error(&format!("unknown command '{other}'")),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            // Lune's binary reports errors that end a command this way.
            eprintln!("{}\n{err:?}", Label::Error);
            ExitCode::FAILURE
        }
    }
}

fn usage_error(problem: &str) -> ExitCode {
    eprintln!("lune-ffi: {problem}\n{USAGE}");
    ExitCode::from(2)
}
