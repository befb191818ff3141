# shellcheck shell=bash
# Environment for building 掌上人大. Source it: `. scripts/env.sh` (the Makefile does, in every recipe).
# Cheap and offline: it only looks at files, never at the network.
#
# Two ways to get the wasm32-unknown-unknown standard library (see scripts/bootstrap):
#   rustup  — rustup's prebuilt `rust-std` for wasm32 is installed: nothing special to set.
#   debian  — Debian's rustc-web (/usr/bin/rustc 1.96), rust-web-src and lld-22: std is built from
#             source for wasm (-Zbuild-std), so cargo runs Debian's rustc for every build, native too.
# The choice follows what is installed, so it stays the same from one run to the next (switching it
# recompiles target/). Force it with ZSRD_WASM_ROUTE=rustup|debian.

ZSRD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ZSRD_ROOT

zsrd__path_prepend() {
  case ":$PATH:" in *":$1:"*) ;; *) PATH="$1:$PATH" ;; esac
}
zsrd__path_prepend "$ZSRD_ROOT/tests/node_modules/.bin"   # wasm-opt 123 (npm binaryen), playwright
zsrd__path_prepend "${CARGO_HOME:-$HOME/.cargo}/bin"       # cargo, trunk, wasm-bindgen, stylance
export PATH
unset -f zsrd__path_prepend

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
# 2 cores: one cargo at a time, two jobs.
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"

# Is rustup's prebuilt wasm32 std there? (a directory test: no rustup call, no network)
zsrd_rustup_has_wasm() {
  local home="${RUSTUP_HOME:-$HOME/.rustup}" tc
  command -v rustup >/dev/null 2>&1 || return 1
  # The default toolchain, unless RUSTUP_TOOLCHAIN says otherwise (no rust-toolchain file in this repo).
  tc="${RUSTUP_TOOLCHAIN:-}"
  if [ -z "$tc" ] && [ -f "$home/settings.toml" ]; then
    tc="$(sed -n 's/^default_toolchain *= *"\(.*\)"/\1/p' "$home/settings.toml" | head -n1)"
  fi
  [ -n "$tc" ] || return 1
  compgen -G "$home/toolchains/$tc*/lib/rustlib/wasm32-unknown-unknown/lib/libstd-*.rlib" >/dev/null
}

# Are Debian's pieces for building std from source there?
zsrd_debian_has_wasm() {
  [ -x /usr/bin/rustc ] && [ -x /usr/bin/rustdoc ] \
    && [ -d /usr/lib/rustlib/src/rust/library/std ] \
    && [ -e /usr/bin/rust-lld ]   # -e follows the link: dangling without lld-22
}

case "${ZSRD_WASM_ROUTE:-}" in
  rustup | debian) ZSRD_ROUTE="$ZSRD_WASM_ROUTE" ;;
  *)
    if zsrd_rustup_has_wasm; then ZSRD_ROUTE=rustup
    elif zsrd_debian_has_wasm; then ZSRD_ROUTE=debian
    else ZSRD_ROUTE=none   # scripts/bootstrap installs one
    fi ;;
esac
export ZSRD_ROUTE

if [ "$ZSRD_ROUTE" = debian ]; then
  export RUSTC=/usr/bin/rustc
  export RUSTDOC=/usr/bin/rustdoc   # doc tests must use the same compiler as the rlibs
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/bin/rust-lld
else
  # Stale values from a shell that once used the Debian route would recompile target/ with the
  # other compiler: drop them unless they were set to something else on purpose.
  if [ "${RUSTC:-}" = /usr/bin/rustc ]; then unset RUSTC; fi
  if [ "${RUSTDOC:-}" = /usr/bin/rustdoc ]; then unset RUSTDOC; fi
  if [ "${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER:-}" = /usr/bin/rust-lld ]; then
    unset CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER
  fi
  unset RUSTC_BOOTSTRAP CARGO_UNSTABLE_BUILD_STD
fi
