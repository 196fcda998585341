//! The engine's Wayland idle backend against a small fake compositor: a real Wayland server (the
//! pure-Rust `wayland-server`) on a private socket, offering `wl_seat` and `ext_idle_notifier_v1`
//! and keeping time like a compositor does. No Debian compositor here offers `ext-idle-notify-v1`
//! (weston 10, sway 1.7 and labwc 0.6 predate it), so this is the real protocol with a stand-in
//! for the user's hands: the test says when input happens.
#![expect(clippy::unwrap_used, reason = "test plumbing: a failure here is a failed test")]

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use wayland_protocols::ext::idle_notify::v1::server::ext_idle_notification_v1::{self, ExtIdleNotificationV1};
use wayland_protocols::ext::idle_notify::v1::server::ext_idle_notifier_v1::{self, ExtIdleNotifierV1};
use wayland_server::protocol::wl_seat::{self, WlSeat};
use wayland_server::{Client, DataInit, Dispatch, DisplayHandle, GlobalDispatch, ListeningSocket, New, Resource as _};

use libtest_mimic::Trial;

use crate::rig::{Guard, by_hand, needs_libraries};
use crate::util::{Env, eventually, eventually_within};

/// What the test sees of the fake compositor and how it simulates input.
#[derive(Default)]
struct Control {
    /// Requests the clients made, e.g. `get_input_idle_notification 5000`.
    requests: Vec<String>,
    /// Set by the test: the user touched the keyboard.
    input: bool,
}

/// One idle notification a client asked for.
struct Watch {
    object: ExtIdleNotificationV1,
    timeout: Duration,
    since: Instant,
    idled: bool,
}

struct Compositor {
    control: Arc<Mutex<Control>>,
    watches: Vec<Watch>,
}

impl Compositor {
    /// Input resets every timer and resumes every idled notification; timers that ran out send
    /// `idled`, once.
    fn keep_time(&mut self, now: Instant) {
        let input = std::mem::take(&mut self.control.lock().unwrap().input);
        self.watches.retain(|w| w.object.is_alive());
        for w in &mut self.watches {
            if input {
                w.since = now;
                if w.idled {
                    w.object.resumed();
                    w.idled = false;
                }
            }
            if !w.idled && now.duration_since(w.since) >= w.timeout {
                w.object.idled();
                w.idled = true;
            }
        }
    }
}

/// A compositor running on its own thread until dropped; `WAYLAND_DISPLAY` is `socket`.
struct FakeCompositor {
    socket: PathBuf,
    control: Arc<Mutex<Control>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl FakeCompositor {
    fn start(env: &Env, notifier_version: u32) -> Self {
        let socket = env.path().join("wayland-test");
        let listener = ListeningSocket::bind_absolute(socket.clone()).unwrap();
        let control = Arc::new(Mutex::new(Control::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let mut display = wayland_server::Display::<Compositor>::new().unwrap();
        display.handle().create_global::<Compositor, WlSeat, ()>(7, ());
        display.handle().create_global::<Compositor, ExtIdleNotifierV1, ()>(notifier_version, ());
        let mut state = Compositor { control: Arc::clone(&control), watches: Vec::new() };
        let stopping = Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("fake-compositor".to_owned())
            .spawn(move || {
                while !stopping.load(Ordering::Relaxed) {
                    while let Some(stream) = listener.accept().unwrap() {
                        display.handle().insert_client(stream, Arc::new(())).unwrap();
                    }
                    display.dispatch_clients(&mut state).unwrap();
                    state.keep_time(now());
                    display.flush_clients().unwrap();
                    std::thread::sleep(Duration::from_millis(20));
                }
            })
            .unwrap();
        Self { socket, control, stop, thread: Some(thread) }
    }

    fn input(&self) {
        self.control.lock().unwrap().input = true;
    }

    fn requests(&self) -> Vec<String> {
        self.control.lock().unwrap().requests.clone()
    }
}

impl Drop for FakeCompositor {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[expect(clippy::disallowed_methods, reason = "the fake compositor keeps its own time, as a real one does")]
fn now() -> Instant {
    Instant::now()
}

impl GlobalDispatch<WlSeat, ()> for Compositor {
    fn bind(_: &mut Self, _: &DisplayHandle, _: &Client, seat: New<WlSeat>, (): &(), init: &mut DataInit<'_, Self>) {
        init.init(seat, ());
    }
}

impl Dispatch<WlSeat, ()> for Compositor {
    fn request(
        _: &mut Self,
        _: &Client,
        _: &WlSeat,
        _: wl_seat::Request,
        (): &(),
        _: &DisplayHandle,
        _: &mut DataInit<'_, Self>,
    ) {
    }
}

impl GlobalDispatch<ExtIdleNotifierV1, ()> for Compositor {
    fn bind(
        _: &mut Self,
        _: &DisplayHandle,
        _: &Client,
        notifier: New<ExtIdleNotifierV1>,
        (): &(),
        init: &mut DataInit<'_, Self>,
    ) {
        init.init(notifier, ());
    }
}

impl Dispatch<ExtIdleNotifierV1, ()> for Compositor {
    fn request(
        state: &mut Self,
        _: &Client,
        _: &ExtIdleNotifierV1,
        request: ext_idle_notifier_v1::Request,
        (): &(),
        _: &DisplayHandle,
        init: &mut DataInit<'_, Self>,
    ) {
        let (name, id, timeout) = match request {
            ext_idle_notifier_v1::Request::GetIdleNotification { id, timeout, .. } => {
                ("get_idle_notification", id, timeout)
            }
            ext_idle_notifier_v1::Request::GetInputIdleNotification { id, timeout, .. } => {
                ("get_input_idle_notification", id, timeout)
            }
            _ => return,
        };
        state.control.lock().unwrap().requests.push(format!("{name} {timeout}"));
        let object = init.init(id, ());
        state.watches.push(Watch {
            object,
            timeout: Duration::from_millis(u64::from(timeout)),
            since: now(),
            idled: false,
        });
    }
}

impl Dispatch<ExtIdleNotificationV1, ()> for Compositor {
    fn request(
        _: &mut Self,
        _: &Client,
        _: &ExtIdleNotificationV1,
        _: ext_idle_notification_v1::Request,
        (): &(),
        _: &DisplayHandle,
        _: &mut DataInit<'_, Self>,
    ) {
    }
}

/// The engine on the fake compositor only: no X display, no session bus.
fn engine_on(env: &Env, compositor: &FakeCompositor) -> Guard {
    let child = env
        .command(&["daemon"])
        .env("WAYLAND_DISPLAY", &compositor.socket)
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let guard = Guard(child);
    assert!(eventually(|| env.path().join("run/unhunch/control.sock").exists()), "the engine did not start");
    guard
}

fn status(env: &Env) -> Value {
    let out = env.command(&["status", "--json"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The engine links nothing Wayland; it loads libwayland-client when it runs.
const WAYLAND: &[(&str, &str)] = &[("libwayland-client.so.0", "libwayland-client0")];

/// The engine on a version-2 compositor, counting 10 s without input as time away (so the tests
/// need not wait minutes).
fn away_after_ten_seconds() -> (Env, FakeCompositor, Guard) {
    let env = Env::new();
    env.write("config/unhunch/settings.ron", "(micro: (idle_threshold: 10), long: (idle_threshold: 10))");
    let compositor = FakeCompositor::start(&env, 2);
    let engine = engine_on(&env, &compositor);
    assert_eq!(status(&env)["idle_backend"], "wayland-ext-idle-notify-v2");
    (env, compositor, engine)
}

/// The issue's acceptance, on Wayland: no input for longer than the threshold is a natural break
/// and no reminder; input again starts a fresh sitting bout with the breaks a full interval away.
fn wayland_idle_notify_v2_time_away_is_a_natural_break_and_input_brings_the_user_back() {
    let (env, compositor, _engine) = away_after_ten_seconds();
    assert_eq!(
        compositor.requests(),
        ["get_input_idle_notification 5000"],
        "version 2's input-only idle, which ignores video inhibitors"
    );

    // Keep typing for a while: the user stays present even though the timeout passes in between.
    for _ in 0..4 {
        compositor.input();
        std::thread::sleep(Duration::from_secs(2));
    }
    let typing = status(&env);
    assert_eq!(typing["held"], Value::Null, "{typing}");
    assert!(typing["idle_seconds"].as_u64().unwrap() < 5, "{typing}");

    // No input: away after the threshold, and the time away was a natural break for both kinds.
    let mut away = Value::Null;
    let gone = eventually_within(25, || {
        away = status(&env);
        away["held"] == "away"
    });
    assert!(gone, "held as away after 10 s without input: {away}");
    assert!(away["idle_seconds"].as_u64().unwrap() >= 10, "{away}");
    assert!(eventually(|| status(&env)["today"]["natural"] == 2), "{}", status(&env));

    // The compositor's `resumed` brings the user back at once (a return watch), not at the next
    // reading of the idle time 5 s later.
    compositor.input();
    assert!(eventually_within(3, || status(&env)["phase"] == "working"), "{}", status(&env));
    let back = status(&env);
    assert!(back["idle_seconds"].as_u64().unwrap() <= 1, "{back}");
    assert!(back["sitting_secs"].as_u64().unwrap() <= 3, "{back}");
    assert!(back["breaks"][0]["in_secs"].as_u64().unwrap() >= 30 * 60 - 3, "{back}");
    assert!(back["breaks"][1]["in_secs"].as_u64().unwrap() >= 60 * 60 - 3, "{back}");
}

fn a_compositor_with_only_version_1_gets_the_plain_idle_notification() {
    let env = Env::new();
    let compositor = FakeCompositor::start(&env, 1);
    let _engine = engine_on(&env, &compositor);
    assert_eq!(status(&env)["idle_backend"], "wayland-ext-idle-notify-v1");
    assert_eq!(compositor.requests(), ["get_idle_notification 5000"]);
}

/// When the compositor goes away the engine keeps running and counts the user as active.
fn losing_the_compositor_leaves_the_engine_running_and_the_user_active() {
    let (env, compositor, _engine) = away_after_ten_seconds();
    drop(compositor);
    std::thread::sleep(Duration::from_secs(12));
    let after = status(&env);
    assert_eq!(after["held"], Value::Null, "{after}");
    assert_eq!(after["idle_seconds"], 0, "{after}");
}

/// Not a test: serves the fake compositor at `$UNHUNCH_FAKE_WAYLAND` for
/// `$UNHUNCH_FAKE_WAYLAND_SECS` seconds, so the engine's footprint can be measured on it:
///
/// ```sh
/// UNHUNCH_FAKE_WAYLAND=/tmp/wl UNHUNCH_FAKE_WAYLAND_SECS=90 \
///   cargo test --test desktop serve_fake_compositor -- --ignored &
/// WAYLAND_DISPLAY=/tmp/wl ../shared/tools/footprint.sh engine-wayland 60 -- target/release/unhunch daemon
/// ```
fn serve_fake_compositor() {
    let (Some(path), Some(secs)) =
        (std::env::var_os("UNHUNCH_FAKE_WAYLAND"), std::env::var("UNHUNCH_FAKE_WAYLAND_SECS").ok())
    else {
        return;
    };
    let env = Env::new();
    let compositor = FakeCompositor::start(&env, 2);
    let _ = std::fs::remove_file(&path);
    std::os::unix::fs::symlink(&compositor.socket, &path).unwrap();
    std::thread::sleep(Duration::from_secs(secs.parse().unwrap()));
    let _ = std::fs::remove_file(&path);
    assert!(!compositor.requests().is_empty(), "an engine connected");
}

/// This module's tests, each with the libraries it needs.
pub fn trials() -> Vec<Trial> {
    vec![
        needs_libraries(
            WAYLAND,
            "wayland_idle_notify_v2_time_away_is_a_natural_break_and_input_brings_the_user_back",
            wayland_idle_notify_v2_time_away_is_a_natural_break_and_input_brings_the_user_back,
        ),
        needs_libraries(
            WAYLAND,
            "a_compositor_with_only_version_1_gets_the_plain_idle_notification",
            a_compositor_with_only_version_1_gets_the_plain_idle_notification,
        ),
        needs_libraries(
            WAYLAND,
            "losing_the_compositor_leaves_the_engine_running_and_the_user_active",
            losing_the_compositor_leaves_the_engine_running_and_the_user_active,
        ),
        by_hand("serve_fake_compositor", serve_fake_compositor),
    ]
}
