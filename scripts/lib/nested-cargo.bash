# Sourced by the scripts that run a nested cargo build from inside `cargo test`.
# The variables cargo sets for a test process must not leak into that build:
# CARGO_TARGET_DIR would redirect it, and build scripts that track CARGO_PKG_*
# (ring's does) would rerun, and rebuild everything after them, on every run.
for var in $(compgen -e); do
  case "$var" in
    CARGO_TARGET_DIR | CARGO_BUILD_TARGET_DIR | CARGO_MANIFEST_* | CARGO_PKG_* | CARGO_CRATE_NAME | \
      CARGO_BIN_* | CARGO_PRIMARY_PACKAGE | CARGO_TARGET_TMPDIR | CARGO_RUSTC_CURRENT_DIR | OUT_DIR)
      unset "$var"
      ;;
  esac
done
