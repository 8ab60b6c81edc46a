//! `lune-ffi setup`: the type definitions for editors (luau-lsp).
//!
//! `lune setup` of Lune 0.11.1 writes one `<library>.luau` per standard library
//! into `~/.lune/.typedefs/0.11.1/` and points the `lune` alias of `./.luaurc` at
//! that directory. `lune-ffi setup` writes the same files (this runtime has the
//! same libraries, at the same version) plus `ffi.luau`, so `@lune/ffi` resolves
//! to its types through the same alias. It does not edit `.luaurc`; it prints the
//! alias to add.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use directories::UserDirs;
use lune_std::LuneStandardLibrary;

use crate::LUNE_VERSION;

/// Writes the type definitions and prints where they are and the alias to use.
pub fn setup() -> Result<ExitCode> {
    let dir = typedefs_dir()?;
    std::fs::create_dir_all(&dir).with_context(|| format!("Failed to create {}", dir.display()))?;
    let mut files: Vec<(String, String)> =
        LuneStandardLibrary::ALL.iter().map(|library| (library.name().to_lowercase(), library.typedefs())).collect();
    files.push(("ffi".to_string(), luau_ffi::typedefs()));
    for (name, contents) in &files {
        let path = dir.join(name).with_extension("luau");
        std::fs::write(&path, contents).with_context(|| format!("Failed to write {}", path.display()))?;
    }
    let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    println!(
        "Type definitions for Lune v{LUNE_VERSION} and @lune/ffi have been written to {}\n\
         ({}.luau).\n\
         Point the \"lune\" alias of your project's .luaurc at them:\n\
         \n\
         {{\n    \"aliases\": {{\n        \"lune\": \"{}\"\n    }}\n}}\n\
         \n\
         You may need to restart your editor for the changes to take effect.",
        dir.display(),
        names.join(".luau, "),
        alias()
    );
    Ok(ExitCode::SUCCESS)
}

/// `~/.lune/.typedefs/<Lune version>/`, where `lune setup` writes Lune's.
fn typedefs_dir() -> Result<PathBuf> {
    let home = UserDirs::new().context("Failed to find user home directory")?.home_dir().to_path_buf();
    Ok(home.join(".lune").join(".typedefs").join(LUNE_VERSION))
}

/// The alias value `lune setup` writes into `.luaurc`.
fn alias() -> String {
    format!("~/.lune/.typedefs/{LUNE_VERSION}/")
}
