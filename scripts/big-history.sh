#!/usr/bin/env bash
# big-history.sh — the engine's memory with a long history, and `unhunch history` on it.
#
# Usage: scripts/big-history.sh [LINES]   (default 1000000; needs a release build and python3)
#
# Writes a history of LINES records, one a minute up to now (the four kinds of line the engine
# writes most: a snooze, a break taken, one completed, a check-in), into a fresh HOME; starts
# `unhunch daemon`, waits 5 s after it listens, and prints its resident memory (VmRSS) and peak
# (VmHWM). Then times `unhunch history` on the same file. The engine reads only the file's last
# weeks (from its end), so its memory stays near its idle figure however long the history is.
set -euo pipefail
LINES=${1:-1000000}
BIN="$(cd "$(dirname "$0")/.." && pwd)/target/release/unhunch"
[ -x "$BIN" ] || { echo "build it first: cargo build --release" >&2; exit 2; }
command -v python3 >/dev/null || { echo "needs python3 (to write the history)" >&2; exit 2; }
TMP=$(mktemp -d)
ENGINE=
cleanup() { [ -n "$ENGINE" ] && kill "$ENGINE" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
export HOME=$TMP/home XDG_RUNTIME_DIR=$TMP/run XDG_CONFIG_HOME=$TMP/home/.config XDG_DATA_HOME=$TMP/home/.local/share XDG_STATE_HOME=$TMP/home/.local/state
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
HISTORY=$("$BIN" paths | awk '/^history:/ {print $2}')
mkdir -p "$(dirname "$HISTORY")"
python3 - "$HISTORY" "$LINES" <<'PY'
import sys, time
path, n = sys.argv[1], int(sys.argv[2])
start = int(time.time()) - n * 60
kinds = [
    '(at: {}, kind: Micro, outcome: Snoozed, routine: None, done: None)',
    '(at: {}, kind: Micro, outcome: Taken, routine: "posture-reset", done: None)',
    '(at: {}, kind: Micro, outcome: Completed, routine: "posture-reset", done: (performed_secs: 60, routine_secs: 60, exercises_done: 4, exercises: 4, skipped: [], hurt: None))',
    '(at: {}, kind: Micro, outcome: CheckIn, routine: "posture-reset", done: None, check_in: (back: 3, pain: false, hurt: None))',
]
with open(path, 'w') as f:
    for i in range(n):
        f.write(kinds[i % 4].format(start + i * 60) + '\n')
PY
echo "history: $LINES lines, $(( $(stat -c %s "$HISTORY") / 1048576 )) MB"
"$BIN" daemon 2>"$TMP/engine.log" & ENGINE=$!
SOCKET=$XDG_RUNTIME_DIR/unhunch/control.sock
for _ in $(seq 600); do [ -S "$SOCKET" ] && break; sleep 0.1; done
sleep 5
awk '/^VmRSS/ {rss = $2} /^VmHWM/ {hwm = $2} END {printf "engine: %.1f MB resident, %.1f MB at most\n", rss / 1024, hwm / 1024}' /proc/"$ENGINE"/status
"$BIN" quit >/dev/null
wait "$ENGINE" 2>/dev/null || true
ENGINE=
/usr/bin/time -f "unhunch history: %e s, %M kB at most" "$BIN" history >/dev/null
