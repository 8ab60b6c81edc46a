//! The module-mode cdylib leaves every `lua_*`/`luaL_*`/`luau_*` symbol undefined;
//! this executable (which links Luau through Lune's mlua) must export them, as the
//! root package's build.rs does for its own host.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    match std::env::var("CARGO_CFG_TARGET_OS").as_deref() {
        Ok("macos") => println!("cargo:rustc-link-arg-bins=-Wl,-export_dynamic"),
        _ => {
            for pattern in ["lua_*", "luaL_*", "luau_*"] {
                println!("cargo:rustc-link-arg-bins=-Wl,--export-dynamic-symbol={pattern}");
            }
        }
    }
}
