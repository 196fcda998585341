#!/usr/bin/env bash
# flood-memory.sh — the engine's memory after floods of clients, against its idle figure.
#
# Usage: scripts/flood-memory.sh [FLOODS]   (default 5; needs a release build and python3)
#
# Starts `unhunch daemon` in a fresh HOME and runtime folder, waits 3 s, reads its resident
# memory (VmRSS) and thread count, then sends FLOODS floods: each is ten waves of 40 clients at
# once (more than the engine's 32-connection limit), every client subscribing, asking for its
# status twenty times, sending one over-long 70 KB line and leaving. After each flood it waits 2 s
# and prints the engine's memory and threads again. A healthy engine settles near its idle figure
# after the first flood and stays there: memory must not climb flood after flood.
set -euo pipefail
FLOODS=${1:-5}
BIN="$(cd "$(dirname "$0")/.." && pwd)/target/release/unhunch"
[ -x "$BIN" ] || { echo "build it first: cargo build --release" >&2; exit 2; }
command -v python3 >/dev/null || { echo "needs python3 (the flooding clients)" >&2; exit 2; }
TMP=$(mktemp -d)
ENGINE=
cleanup() { [ -n "$ENGINE" ] && kill "$ENGINE" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
export HOME=$TMP/home XDG_RUNTIME_DIR=$TMP/run XDG_CONFIG_HOME=$TMP/home/.config XDG_DATA_HOME=$TMP/home/.local/share XDG_STATE_HOME=$TMP/home/.local/state
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
"$BIN" daemon 2>"$TMP/engine.log" & ENGINE=$!
SOCKET=$XDG_RUNTIME_DIR/unhunch/control.sock
for _ in $(seq 100); do [ -S "$SOCKET" ] && break; sleep 0.1; done
sleep 3
report() { awk -v what="$1" '/^VmRSS/ {rss = $2} /^Threads/ {t = $2} END {printf "  %-10s %6.1f MB  %2d threads\n", what, rss / 1024, t}' /proc/"$ENGINE"/status; }
echo "engine memory (resident) and threads:"
report idle
for n in $(seq "$FLOODS"); do
    python3 - "$SOCKET" <<'PY'
import socket, sys, threading
path = sys.argv[1]
def client(i):
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(path)
        s.sendall(b'{"v":1,"id":1,"cmd":{"type":"subscribe"}}\n')
        s.sendall(b'{"v":1,"id":2,"cmd":{"type":"status"}}\n' * 20)
        s.sendall(b'x' * 70000 + b'\n')
        s.settimeout(1)
        try:
            while s.recv(65536):
                pass
        except OSError:
            pass
        s.close()
    except OSError:
        pass
for wave in range(10):
    clients = [threading.Thread(target=client, args=(i,)) for i in range(40)]
    for c in clients:
        c.start()
    for c in clients:
        c.join()
PY
    sleep 2
    report "flood $n"
done
kill -0 "$ENGINE" 2>/dev/null || { echo "the engine died during the floods" >&2; exit 1; }
