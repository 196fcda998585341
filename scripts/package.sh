#!/usr/bin/env bash
# package.sh — builds the .deb: target/debian/unhunch_<version>-1_<arch>.deb
#
# Usage: scripts/package.sh [--profile dev]   (default: release; needs cargo-deb:
#        cargo install --locked cargo-deb)
#
# Builds the binary (unless --profile dev finds one already built, as in CI after the tests), has
# it write its man pages and shell completions into target/packaging/, then packs everything
# Cargo.toml's [package.metadata.deb] lists. Install with: sudo apt install ./target/debian/unhunch_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=release
if [ "${1:-}" = "--profile" ]; then PROFILE=${2:?a profile name}; fi
command -v cargo-deb >/dev/null || { echo "needs cargo-deb: cargo install --locked cargo-deb" >&2; exit 2; }
case "$PROFILE" in
    dev) DIR=debug ;;
    *) DIR=$PROFILE ;;
esac
cargo build --locked --profile "$PROFILE" --bin unhunch
BIN=target/$DIR/unhunch
rm -rf target/packaging
mkdir -p target/packaging/man target/packaging/completions
"$BIN" manpage target/packaging/man >/dev/null
"$BIN" completions bash >target/packaging/completions/unhunch.bash
"$BIN" completions zsh >target/packaging/completions/_unhunch
"$BIN" completions fish >target/packaging/completions/unhunch.fish
cargo deb --locked --no-build --profile "$PROFILE"
