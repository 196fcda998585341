#!/usr/bin/env bash
# wakeups.sh — how often the idle engine wakes up, per thread, from the kernel's context-switch
# counts (voluntary + involuntary), over a quiet minute.
#
# Usage: scripts/wakeups.sh [SECONDS]   (default 60; needs a release build: cargo build --release)
#        NOTIFY=dunst|xfce4-notifyd|none TRAY=trayer|none scripts/wakeups.sh 120
#        SESSION=sway NOTIFY=mako|none TRAY=waybar|none scripts/wakeups.sh 120
#
# Starts `unhunch daemon` in a fresh HOME and runtime folder as on a desktop: its own private D-Bus
# session bus, an Xvfb display (so the X11 idle backend is the one measured), a notification
# server (NOTIFY, default dunst; xfce4-notifyd comes with its xfconfd) and an XEmbed tray host
# (TRAY, default trayer), and a PulseAudio (so the microphone detector is watching a server) —
# each when installed. Waits 5 s for it to settle, samples every thread's counts, waits SECONDS,
# samples again, prints the engine's resident and proportional memory and wake-ups per minute
# per thread and in total, and stops everything it started. SESSION=sway runs a headless sway
# instead of Xvfb (as `nobody` when run as root, like the desktop tests), with mako and, with
# TRAY=waybar (its default), waybar's tray; the engine then uses a Wayland idle backend.
set -euo pipefail
SECONDS_TO_WATCH=${1:-60}
BIN="$(cd "$(dirname "$0")/.." && pwd)/target/release/unhunch"
[ -x "$BIN" ] || { echo "build it first: cargo build --release" >&2; exit 2; }
TMP=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT
export HOME=$TMP/home XDG_RUNTIME_DIR=$TMP/run XDG_CONFIG_HOME=$TMP/home/.config XDG_DATA_HOME=$TMP/home/.local/share XDG_STATE_HOME=$TMP/home/.local/state
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
SESSION=${SESSION:-x11}
NOTIFY=${NOTIFY:-$([ "$SESSION" = sway ] && echo mako || echo dunst)}
TRAY=${TRAY:-$([ "$SESSION" = sway ] && echo waybar || echo trayer)}
if [ "$SESSION" = sway ]; then
    for tool in sway mako dbus-daemon; do
        command -v "$tool" >/dev/null || { echo "SESSION=sway needs $tool (apt-get install -y sway mako-notifier waybar dbus)" >&2; exit 3; }
    done
    # The desktop's own programs run as the desktop's user: `nobody` when this runs as root.
    AS_DESKTOP=()
    chmod 755 "$TMP"
    mkdir -p "$TMP/desk/run"
    chmod 700 "$TMP/desk/run"
    : >"$TMP/desk/config"
    if [ "$(id -u)" = 0 ]; then
        chown -R 65534:65534 "$TMP/desk"
        AS_DESKTOP=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    fi
    printf '%s\n' '<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">' \
        "<busconfig><type>session</type><listen>unix:path=$TMP/bus</listen><auth>EXTERNAL</auth>" \
        '<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>' \
        '<policy context="default"><allow user="*"/></policy></busconfig>' >"$TMP/bus.conf"
    DBUS_SESSION_BUS_ADDRESS=$(dbus-daemon --config-file="$TMP/bus.conf" --fork --print-address=1 --print-pid=3 3>"$TMP/dbus.pid")
    export DBUS_SESSION_BUS_ADDRESS
    PIDS+=("$(cat "$TMP/dbus.pid")")
    # Always started in the background (`desk … &`): `exec` makes that subshell the program, so
    # the pid kept in PIDS is the program's and the cleanup stops it (not only the subshell).
    desk() {
        exec env -i HOME="$TMP/desk" XDG_RUNTIME_DIR="$TMP/desk/run" PATH="$PATH" WAYLAND_DISPLAY="$TMP/desk/run/wayland-1" \
            DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS" WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 \
            WLR_RENDERER=pixman "${AS_DESKTOP[@]}" "$@"
    }
    desk sway -c "$TMP/desk/config" >/dev/null 2>&1 & PIDS+=($!)
    for _ in $(seq 100); do [ -S "$TMP/desk/run/wayland-1" ] && break; sleep 0.1; done
    [ -S "$TMP/desk/run/wayland-1" ] || { echo "sway did not start" >&2; exit 4; }
    export WAYLAND_DISPLAY=$TMP/desk/run/wayland-1
    unset DISPLAY
    case "$NOTIFY" in
        mako) desk mako >/dev/null 2>&1 & PIDS+=($!) ;;
        none) ;;
        *) echo "under sway, NOTIFY is mako or none" >&2; exit 2 ;;
    esac
    [ "$TRAY" = waybar ] && command -v waybar >/dev/null && { desk waybar >/dev/null 2>&1 & PIDS+=($!); }
elif command -v Xvfb >/dev/null; then
    for n in $(seq 60 99); do [ -e /tmp/.X11-unix/X$n ] || { D=$n; break; }; done
    Xvfb ":$D" -screen 0 1024x768x24 >/dev/null 2>&1 & PIDS+=($!)
    export DISPLAY=":$D"
    for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$D" ] && break; sleep 0.1; done
else
    unset DISPLAY
fi
[ "$SESSION" = sway ] || unset WAYLAND_DISPLAY
if [ "$SESSION" != sway ] && command -v dbus-daemon >/dev/null; then
    DBUS_SESSION_BUS_ADDRESS=$(dbus-daemon --session --fork --print-address=1 --print-pid=3 3>"$TMP/dbus.pid")
    export DBUS_SESSION_BUS_ADDRESS
    PIDS+=("$(cat "$TMP/dbus.pid")")
fi
# A sound server, as on a desktop, so the microphone detector is connected (and measured) rather
# than waiting to look for one again.
if command -v pulseaudio >/dev/null; then
    mkdir -p "$TMP/pulse"
    HOME=$TMP/home XDG_RUNTIME_DIR=$TMP/pulse PULSE_RUNTIME_PATH=$TMP/pulse/pulse pulseaudio -n --daemonize=no \
        --exit-idle-time=-1 --use-pid-file=no --disallow-exit \
        "--load=module-native-protocol-unix socket=$TMP/pulse/native auth-anonymous=1" \
        --load="module-null-sink sink_name=null" --load="module-null-source source_name=mic" \
        >/dev/null 2>&1 & PIDS+=($!)
    export PULSE_SERVER=unix:$TMP/pulse/native
    for _ in $(seq 100); do [ -S "$TMP/pulse/native" ] && break; sleep 0.1; done
fi
if [ "$SESSION" != sway ] && [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -n "${DISPLAY:-}" ]; then
    case "$NOTIFY" in
        dunst) command -v dunst >/dev/null && { dunst >/dev/null 2>&1 & PIDS+=($!); } ;;
        xfce4-notifyd)
            XFCONFD=/usr/lib/x86_64-linux-gnu/xfce4/xfconf/xfconfd
            NOTIFYD=/usr/lib/x86_64-linux-gnu/xfce4/notifyd/xfce4-notifyd
            [ -x "$XFCONFD" ] && { "$XFCONFD" >/dev/null 2>&1 & PIDS+=($!); }
            [ -x "$NOTIFYD" ] && { "$NOTIFYD" >/dev/null 2>&1 & PIDS+=($!); } ;;
        none) ;;
        *) echo "NOTIFY is dunst, xfce4-notifyd or none" >&2; exit 2 ;;
    esac
    [ "$TRAY" = trayer ] && command -v trayer >/dev/null && { trayer >/dev/null 2>&1 & PIDS+=($!); }
fi
# The server owns its name before the engine starts (as on a logged-in desktop).
if [ "$NOTIFY" != none ] && [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    for _ in $(seq 100); do
        timeout 2 dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner \
            string:org.freedesktop.Notifications 2>/dev/null | grep -q true && break
        sleep 0.1
    done
fi
"$BIN" daemon 2>"$TMP/engine.log" & ENGINE=$!
PIDS+=("$ENGINE")
sleep 5
sample() {
    for t in /proc/"$ENGINE"/task/*; do
        [ -r "$t/status" ] || continue
        name=$(cat "$t/comm")
        v=$(awk '/^voluntary_ctxt_switches/ {print $2}' "$t/status")
        n=$(awk '/^nonvoluntary_ctxt_switches/ {print $2}' "$t/status")
        # One field per value: a thread name may have spaces ("notify-rs inotify").
        echo "$(basename "$t") ${name// /_} $v $n"
    done | sort
}
sample >"$TMP/a"
sleep "$SECONDS_TO_WATCH"
sample >"$TMP/b"
echo "idle engine wake-ups over ${SECONDS_TO_WATCH} s (notifications: $NOTIFY, tray host: $TRAY; idle backend: $(grep -o 'idle backend: .*' "$TMP/engine.log" | tail -1 | cut -d' ' -f3-))"
grep -E "microphone:|camera:" "$TMP/engine.log" | sed 's/^\[[^]]*\] /  /' || true
echo "  resident: $(awk '/^VmRSS/ {printf "%.1f MB", $2/1024}' /proc/"$ENGINE"/status), proportional: $(awk '/^Pss:/ {printf "%.1f MB", $2/1024}' /proc/"$ENGINE"/smaps_rollup), threads: $(ls /proc/"$ENGINE"/task | wc -l)"
# Per thread: the total, then how many times it blocked (voluntary: it slept and was woken) and
# how many times it was preempted (involuntary: it had work and another took the CPU).
join "$TMP/a" "$TMP/b" | awk -v s="$SECONDS_TO_WATCH" '
    { v = $6 - $3; n = $7 - $4; d = v + n
      printf "  %-18s %6.1f /min  (%d slept, %d preempted)\n", $2, d * 60 / s, v, n; total += d }
    END { printf "  %-18s %6.1f /min\n", "total", total * 60 / s }'
