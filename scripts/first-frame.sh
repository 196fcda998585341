#!/usr/bin/env bash
# first-frame.sh — how long Unhunch's window takes to show its first frame, against a bare eframe
# window (scripts/bare-window.rs: the same egui, winit and OpenGL, nothing of Unhunch) launched
# alternately on the same private X server, each timed exactly from launch to its window's
# MapNotify (eframe maps its window right after the first frame is drawn).
#
# Usage: scripts/first-frame.sh [RUNS]   (default 10 of each; builds both in release first)
#
# Every Unhunch launch is a first start as after login without autostart: a fresh HOME and
# runtime folder, no engine running (the window starts it), the safety notice already
# acknowledged so the first frame is the dashboard. Needs xvfb, dbus, python3-xlib; dunst is
# started when installed. `../shared/tools/footprint.sh` reads 15-25 ms more for every program
# (it polls every 20 ms); this script is for telling two builds apart, that one for the record.
set -euo pipefail
RUNS=${1:-10}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY=/usr/bin/python3
for tool in Xvfb dbus-daemon; do
    command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y xvfb dbus python3-xlib)" >&2; exit 3; }
done
"$PY" -c 'import Xlib' 2>/dev/null || { echo "missing python3-xlib (apt-get install -y python3-xlib)" >&2; exit 3; }
(cd "$ROOT" && cargo build --release --quiet --bin unhunch --bin unhunch-engine --example bare-window)

TMP=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT
for n in $(seq 60 99); do [ -e "/tmp/.X11-unix/X$n" ] || { D=$n; break; }; done
Xvfb ":$D" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 & PIDS+=($!)
export DISPLAY=":$D"
unset WAYLAND_DISPLAY XDG_CONFIG_HOME XDG_DATA_HOME XDG_STATE_HOME XDG_CACHE_HOME
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$D" ] && break; sleep 0.05; done
DBUS_SESSION_BUS_ADDRESS=$(dbus-daemon --session --fork --print-address=1 --print-pid=3 3>"$TMP/dbus.pid")
export DBUS_SESSION_BUS_ADDRESS
PIDS+=("$(cat "$TMP/dbus.pid")")
command -v dunst >/dev/null && { HOME=$TMP dunst >/dev/null 2>&1 & PIDS+=($!); }
sleep 1

"$PY" - "$RUNS" "$TMP" "$ROOT/target/release/unhunch" "$ROOT/target/release/examples/bare-window" <<'PY'
import os, select, signal, statistics, subprocess, sys, time
from Xlib import X, display
runs, tmp, unhunch, bare = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
d = display.Display()
d.screen().root.change_attributes(event_mask=X.SubstructureNotifyMask)
d.sync()

def first_map(cmd, env, limit=30.0):
    """Milliseconds from launch to the first map of a window of 100x100 or more (None: none came)."""
    while d.pending_events():
        d.next_event()
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    ms = None
    while ms is None and time.monotonic() - t0 < limit:
        if not d.pending_events():
            select.select([d.fileno()], [], [], 0.5)
            continue
        e = d.next_event()
        if e.type == X.MapNotify:
            try:
                g = e.window.get_geometry()
            except Exception:
                continue
            if g.width >= 100 and g.height >= 100:
                ms = (time.monotonic() - t0) * 1000
    time.sleep(1.0)
    return p, ms

def run_unhunch(i):
    home = os.path.join(tmp, f"home{i}")
    env = dict(os.environ, HOME=home, XDG_RUNTIME_DIR=os.path.join(tmp, f"run{i}"))
    os.makedirs(os.path.join(home, ".config", "unhunch"))
    os.makedirs(env["XDG_RUNTIME_DIR"], mode=0o700)
    with open(os.path.join(home, ".config", "unhunch", "settings.ron"), "w") as f:
        f.write("(safety_acknowledged: true, profile: (asked: true))\n")
    p, ms = first_map([unhunch], env)
    subprocess.run([unhunch, "quit"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
    os.killpg(p.pid, signal.SIGTERM)
    p.wait()
    return ms

def run_bare(i):
    p, ms = first_map([bare], dict(os.environ))
    os.killpg(p.pid, signal.SIGTERM)
    p.wait()
    return ms

times = {"unhunch": [], "bare eframe window": []}
for i in range(runs):
    pair = [("unhunch", run_unhunch), ("bare eframe window", run_bare)]
    for name, run in (pair if i % 2 == 0 else pair[::-1]):
        ms = run(i)
        if ms is None:
            sys.exit(f"{name}: no window within 30 s")
        times[name].append(ms)
        time.sleep(0.3)
print(f"first frame, launch to the window on screen ({runs} runs each, alternating):")
for name, t in times.items():
    t = sorted(t)
    print(f"  {name:20s} median {statistics.median(t):5.0f} ms   ({t[0]:.0f}-{t[-1]:.0f}: " + " ".join(f"{x:.0f}" for x in t) + ")")
u, b = statistics.median(times["unhunch"]), statistics.median(times["bare eframe window"])
print(f"  Unhunch's window takes {u - b:+.0f} ms ({u / b - 1:+.0%}) beyond the bare window")
PY
