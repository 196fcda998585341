#!/usr/bin/env bash
# package.sh — builds the .deb: target/debian/unhunch_<version>-1_<arch>.deb
#
# Usage: scripts/package.sh [--profile dev] [--built]   (default: release; needs cargo-deb:
#        cargo install --locked cargo-deb)
#
# Builds the binary (--built: takes the one already there, as CI does with the one its tests
# built: a plain `cargo build` would rebuild a few crates with other features), has it write its
# man pages and shell completions into target/packaging/, then packs everything Cargo.toml's
# [package.metadata.deb] lists. Install with: sudo apt install ./target/debian/unhunch_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=release
BUILT=
while [ $# -gt 0 ]; do
    case "$1" in
        --profile) PROFILE=${2:?a profile name}; shift 2 ;;
        --built) BUILT=1; shift ;;
        *) echo "usage: scripts/package.sh [--profile NAME] [--built]" >&2; exit 2 ;;
    esac
done
command -v cargo-deb >/dev/null || { echo "needs cargo-deb: cargo install --locked cargo-deb" >&2; exit 2; }
case "$PROFILE" in
    dev) DIR=debug ;;
    *) DIR=$PROFILE ;;
esac
BIN=target/$DIR/unhunch
if [ -z "$BUILT" ]; then
    cargo build --locked --profile "$PROFILE" --bin unhunch --bin unhunch-engine
fi
for b in "$BIN" "$BIN-engine"; do
    [ -x "$b" ] || { echo "no $b: build it first (or leave out --built)" >&2; exit 2; }
done
rm -rf target/packaging
mkdir -p target/packaging/man target/packaging/completions
"$BIN" manpage target/packaging/man >/dev/null
"$BIN" completions bash >target/packaging/completions/unhunch.bash
"$BIN" completions zsh >target/packaging/completions/_unhunch
"$BIN" completions fish >target/packaging/completions/unhunch.fish
cargo deb --locked --no-build --profile "$PROFILE"
