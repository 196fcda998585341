#!/usr/bin/env bash
# check-package.sh — installs the .deb scripts/package.sh built, checks it as a user's system
# sees it, and removes it again. Run as root on a machine (or container) you don't mind
# installing into; CI runs it after the tests.
#
# Usage: scripts/check-package.sh   (needs desktop-file-validate and appstreamcli:
#        apt-get install -y desktop-file-utils appstream)
set -euo pipefail
cd "$(dirname "$0")/.."
DEB=$(ls target/debian/unhunch_*.deb | head -1)
check() { printf '  %-60s' "$1"; shift; if "$@" >/tmp/unhunch-check.$$ 2>&1; then echo ok; else echo FAILED; cat /tmp/unhunch-check.$$; exit 1; fi; }
echo "checking $DEB"
dpkg -i "$DEB" >/dev/null
trap 'dpkg -r unhunch >/dev/null 2>&1 || true; rm -f /tmp/unhunch-check.$$' EXIT
check "unhunch --version runs from /usr/bin" sh -c '[ "$(command -v unhunch)" = /usr/bin/unhunch ] && unhunch --version | grep -q "^unhunch "'
check "unhunch daemon runs as /usr/bin/unhunch-engine" sh -c 'd=$(mktemp -d); mkdir -m 700 $d/run; HOME=$d XDG_RUNTIME_DIR=$d/run unhunch daemon 2>/dev/null & p=$!; for i in $(seq 100); do [ -S $d/run/unhunch/control.sock ] && break; sleep 0.05; done; e=$(readlink /proc/$p/exe); HOME=$d XDG_RUNTIME_DIR=$d/run unhunch quit >/dev/null; wait $p; rm -rf $d; [ "$e" = /usr/bin/unhunch-engine ]'
check "the desktop file is valid" desktop-file-validate /usr/share/applications/unhunch.desktop
check "the AppStream metainfo is valid" appstreamcli validate --no-net /usr/share/metainfo/org.unhunch.Unhunch.metainfo.xml
check "the icon is in hicolor (scalable and 48x48)" test -f /usr/share/icons/hicolor/scalable/apps/unhunch.svg -a -f /usr/share/icons/hicolor/48x48/apps/unhunch.png
check "the man pages are installed, compressed" sh -c 'zcat /usr/share/man/man1/unhunch.1.gz | grep -q "^.SH SUBCOMMANDS" && test -f /usr/share/man/man1/unhunch-pause.1.gz'
check "bash completes subcommands" bash --norc -c 'source /usr/share/bash-completion/completions/unhunch; COMP_WORDS=(unhunch pa); COMP_CWORD=1; _unhunch unhunch pa unhunch; printf "%s\n" "${COMPREPLY[@]}" | grep -qx pause'
check "zsh and fish completions are installed" test -f /usr/share/zsh/vendor-completions/_unhunch -a -f /usr/share/fish/vendor_completions.d/unhunch.fish
check "unhunch autostart on points at /usr/bin/unhunch" sh -c 'd=$(mktemp -d); HOME=$d XDG_CONFIG_HOME=$d unhunch autostart on >/dev/null && grep -qx "Exec=/usr/bin/unhunch daemon" $d/autostart/unhunch.desktop; r=$?; rm -rf $d; exit $r'
dpkg -r unhunch >/dev/null
check "removing it leaves nothing in /usr" sh -c '! [ -e /usr/bin/unhunch ] && ! [ -e /usr/bin/unhunch-engine ] && ! [ -e /usr/share/applications/unhunch.desktop ] && ! [ -e /usr/share/metainfo/org.unhunch.Unhunch.metainfo.xml ]'
echo "the package installs, checks out and removes cleanly"
