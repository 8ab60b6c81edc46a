//! `luau-ffi`: the embedded default host. Runs a Luau script with `@lune/ffi`
//! available, either linked in-process (default) or loaded from a module-mode
//! cdylib (`--module path`). `luau-ffi bindgen ...` generates typed bindings
//! from C headers instead (see `luau_ffi::bindgen`).

mod runner;
mod stdout;

use std::process::ExitCode;

const USAGE: &str = "usage: luau-ffi [--module path/to/libluau_ffi_module.so] script.luau [args...]
       luau-ffi bindgen <header>... --lib <name> [options]   (luau-ffi bindgen --help)
       luau-ffi --abi";

fn main() -> ExitCode {
    stdout::line_buffered();
    let mut args = std::env::args().skip(1);
    if std::env::args().nth(1).as_deref() == Some("bindgen") {
        let rest: Vec<String> = args.skip(1).collect();
        return luau_ffi::bindgen::command(&rest);
    }
    let mut module_path = None;
    let mut script = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--module" => match args.next() {
                Some(path) => module_path = Some(path),
                None => return usage_error("--module needs a path"),
            },
            "--abi" => {
                println!("{}", luau_ffi::abi_marker::marker().to_string_lossy());
                return ExitCode::SUCCESS;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => {
                script = Some(arg);
                break;
            }
        }
    }
    let Some(script) = script else { return usage_error("no script given") };
    let script_args: Vec<String> = args.collect();
    match runner::run(&script, &script_args, module_path.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn usage_error(problem: &str) -> ExitCode {
    eprintln!("luau-ffi: {problem}\n{USAGE}");
    ExitCode::from(2)
}
