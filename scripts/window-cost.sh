#!/usr/bin/env bash
# window-cost.sh — what the open window costs under software OpenGL: the window's CPU (and the X
# server's) on the dashboard, while the guided player animates the figure, and with the player
# paused, SECONDS each (default 20), with frames counted from the X server's damage reports.
#
# Usage: scripts/window-cost.sh [SECONDS]   (needs a release build: cargo build --release)
#
# Starts a private Xvfb and session bus and `unhunch` in a fresh HOME (safety notice already
# acknowledged), waits for its window, then measures three stretches: the dashboard, the posture
# reset started with `unhunch start posture-reset`, and the same paused (Space). Needs xvfb, dbus,
# xdotool and python3-xlib.
set -euo pipefail
SECS=${1:-20}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/target/release/unhunch"
PY=/usr/bin/python3
[ -x "$BIN" ] || { echo "build it first: cargo build --release" >&2; exit 2; }
for tool in Xvfb dbus-daemon xdotool; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y xvfb dbus xdotool python3-xlib)" >&2; exit 3; }
done
"$PY" -c 'import Xlib.ext.damage' 2>/dev/null || { echo "missing python3-xlib (apt-get install -y python3-xlib)" >&2; exit 3; }

TMP=$(mktemp -d)
PIDS=()
cleanup() {
    "$BIN" quit >/dev/null 2>&1 || true
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$TMP"
}
trap cleanup EXIT
export HOME=$TMP/home XDG_RUNTIME_DIR=$TMP/run XDG_CONFIG_HOME=$TMP/home/.config XDG_DATA_HOME=$TMP/home/.local/share XDG_STATE_HOME=$TMP/home/.local/state XDG_CACHE_HOME=$TMP/home/.cache
mkdir -p "$HOME" "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME/unhunch"
chmod 700 "$XDG_RUNTIME_DIR"
echo '(safety_acknowledged: true, profile: (asked: true))' >"$XDG_CONFIG_HOME/unhunch/settings.ron"
for n in $(seq 60 99); do [ -e "/tmp/.X11-unix/X$n" ] || { D=$n; break; }; done
Xvfb ":$D" -screen 0 1280x960x24 -nolisten tcp >/dev/null 2>&1 & XVFB=$!
PIDS+=("$XVFB")
export DISPLAY=":$D"
unset WAYLAND_DISPLAY
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$D" ] && break; sleep 0.05; done
DBUS_SESSION_BUS_ADDRESS=$(dbus-daemon --session --fork --print-address=1 --print-pid=3 3>"$TMP/dbus.pid")
export DBUS_SESSION_BUS_ADDRESS
PIDS+=("$(cat "$TMP/dbus.pid")")

"$BIN" 2>"$TMP/window.log" & WINDOW=$!
PIDS+=("$WINDOW")
WID=$(timeout 30 xdotool search --sync --onlyvisible --name '^Unhunch$' | head -1)
[ -n "$WID" ] || { echo "the window did not open; its log:" >&2; cat "$TMP/window.log" >&2; exit 4; }

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# Counts the window's updates: one damage report per stretch of drawing, reset after each.
frames() {
    "$PY" - "$WID" "$1" <<'EOF'
import sys, time
from Xlib import display
from Xlib.ext import damage
d = display.Display()
d.damage_query_version()
win = d.create_resource_object("window", int(sys.argv[1]))
dmg = win.damage_create(damage.DamageReportNonEmpty)
end = time.monotonic() + float(sys.argv[2])
n = 0
while time.monotonic() < end:
    while d.pending_events():
        if d.next_event().type == d.extension_event.DamageNotify:
            n += 1
            d.damage_subtract(dmg)
    d.flush()
    time.sleep(0.005)
print(n)
EOF
}
HZ=$(getconf CLK_TCK)
measure() {
    local label=$1 w0 x0 w1 x1 n
    w0=$(ticks "$WINDOW"); x0=$(ticks "$XVFB")
    n=$(frames "$SECS")
    w1=$(ticks "$WINDOW"); x1=$(ticks "$XVFB")
    awk -v l="$label" -v w=$((w1 - w0)) -v x=$((x1 - x0)) -v n="$n" -v s="$SECS" -v hz="$HZ" 'BEGIN {
        wms = w * 1000 / hz / s; xms = x * 1000 / hz / s; fps = n / s
        printf "  %-24s window %6.1f ms/s (%4.1f %% of a core), X server %6.1f ms/s, %5.1f frames/s", l, wms, wms / 10, xms, fps
        if (fps >= 1) printf ", %5.1f ms a frame (window + X server)", (wms + xms) / fps
        printf "\n" }'
}
echo "the window's cost under software OpenGL (Mesa llvmpipe on Xvfb), ${SECS} s each:"
sleep 2
measure "dashboard"
"$BIN" start posture-reset >/dev/null
# The routine begins once the window is in front (no window manager here: give it the focus),
# after a few seconds to get ready.
xdotool windowfocus --sync "$WID"
sleep 6
measure "player, figure moving"
xdotool key space
sleep 1
measure "player, paused"
