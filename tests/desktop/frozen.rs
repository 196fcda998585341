//! The engine never waits on anyone (#26): a notification server that takes a notice and never
//! answers, a session bus that is stopped, or one that dies and comes back. The real engine on a
//! private bus; `status` is probed all along and must answer within a second every time.
#![expect(clippy::unwrap_used, reason = "test plumbing: a failure here is a failed test")]

use std::collections::HashMap;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use libtest_mimic::Trial;
use serde_json::Value;
use zbus::zvariant::OwnedValue;

use crate::rig::{Bus, Display, needs};
use crate::session::{engine_on, unhunch};
use crate::util::{Env, eventually_within};

pub fn trials() -> Vec<Trial> {
    vec![
        needs(
            &["dbus-daemon"],
            "a_notification_server_that_never_answers_falls_back_to_the_window",
            a_notification_server_that_never_answers_falls_back_to_the_window,
        ),
        needs(
            &["dbus-daemon", "Xvfb"],
            "a_stopped_session_bus_never_freezes_the_engine",
            a_stopped_session_bus_never_freezes_the_engine,
        ),
        needs(
            &["dbus-daemon", "pulseaudio", "pactl"],
            "a_stopped_sound_server_never_freezes_the_engine",
            a_stopped_sound_server_never_freezes_the_engine,
        ),
        needs(
            &["dbus-daemon", "dunst", "Xvfb"],
            "after_the_session_bus_restarts_notices_and_the_tray_come_back",
            after_the_session_bus_restarts_notices_and_the_tray_come_back,
        ),
    ]
}

/// A notification server that takes every notice and never answers (a hung server; on GNOME, a
/// hung gnome-shell). It counts the notices it was sent.
struct Silent {
    notices: Arc<AtomicUsize>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
#[expect(clippy::unused_self, reason = "D-Bus methods are methods even when they need no state")]
impl Silent {
    #[expect(clippy::too_many_arguments, reason = "the D-Bus method's signature")]
    async fn notify(
        &self,
        app_name: String,
        replaces_id: u32,
        app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedValue>,
        expire_timeout: i32,
    ) -> u32 {
        let _ = (app_name, replaces_id, app_icon, summary, body, actions, hints, expire_timeout);
        self.notices.fetch_add(1, Ordering::SeqCst);
        std::future::pending::<u32>().await
    }

    fn close_notification(&self, id: u32) {
        let _ = id;
    }

    fn get_capabilities(&self) -> Vec<String> {
        ["actions", "body"].map(str::to_owned).to_vec()
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        ("silent".to_owned(), "unhunch tests".to_owned(), "1".to_owned(), "1.2".to_owned())
    }
}

/// `unhunch status --json`, which must answer within a second (`timeout` makes a hung engine fail
/// the test instead of hanging it).
pub fn status_within_a_second(env: &Env, bus: &Bus) -> Value {
    let clock = unhunch::platform::clock::SystemClock;
    let started = unhunch::core::ports::Clock::now(&clock).mono;
    let inner = env.command(&["status", "--json"]);
    let mut cmd = Command::new("timeout");
    cmd.arg("10").arg(inner.get_program()).args(inner.get_args()).env_clear();
    for (k, v) in inner.get_envs() {
        if let Some(v) = v {
            cmd.env(k, v);
        }
    }
    let out = cmd.env("DBUS_SESSION_BUS_ADDRESS", &bus.address).output().unwrap();
    let took = unhunch::core::ports::Clock::now(&clock).mono.saturating_duration_since(started);
    assert!(out.status.success() && took < Duration::from_secs(1), "status took {took:?}: {out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Probes `status` every half second for `secs` seconds; every answer within a second. Returns
/// the answers.
fn probe_for(env: &Env, bus: &Bus, secs: u64) -> Vec<Value> {
    (0..secs * 2)
        .map(|_| {
            let v = status_within_a_second(env, bus);
            std::thread::sleep(Duration::from_millis(500));
            v
        })
        .collect()
}

fn engine_log(env: &Env) -> String {
    std::fs::read_to_string(env.path().join("state/unhunch/engine.log")).unwrap_or_default()
}

/// A break comes due while the server swallows the notice: within a few seconds it counts as
/// failed, the window opens with the banner that says so, and the next notice is sent too (it
/// does not queue behind the first for ever).
fn a_notification_server_that_never_answers_falls_back_to_the_window() {
    let bus = Bus::start();
    let notices = Arc::new(AtomicUsize::new(0));
    let _server = zbus::blocking::connection::Builder::address(bus.address.as_str())
        .unwrap()
        .name("org.freedesktop.Notifications")
        .unwrap()
        .serve_at("/org/freedesktop/Notifications", Silent { notices: Arc::clone(&notices) })
        .unwrap()
        .build()
        .unwrap();
    let env = Env::new();
    env.write("config/unhunch/settings.ron", "(micro: (interval: 10), warning: 0, safety_acknowledged: true)");
    env.sat_for(598);
    let _engine = engine_on(&env, &bus, None);
    let failing = |v: &Value| {
        v["messages"].as_array().is_some_and(|m| {
            m.iter().any(|t| t.as_str().is_some_and(|t| t.starts_with("Desktop notifications are not working")))
        })
    };
    let answers = probe_for(&env, &bus, 10);
    let seen: Vec<(&Value, &Value)> = answers.iter().map(|v| (&v["phase"], &v["messages"])).collect();
    assert!(answers.iter().any(|v| v["phase"] == "due"), "the break came due: {seen:?}");
    let said = answers.iter().find(|v| failing(v));
    let said = said.unwrap_or_else(|| panic!("a banner says notifications fail: {seen:?}\n{}", engine_log(&env)));
    assert!(said.to_string().contains("did not answer within 4 s"), "and why: {said}");
    let log = engine_log(&env);
    assert!(log.contains("opened the window (pid"), "the window opened for the due break: {log}");
    assert_eq!(notices.load(Ordering::SeqCst), 1, "one notice so far");
    // The next notice is not stuck behind the first: the test notification is sent, and the
    // user hears within seconds that it failed.
    let out = env.command(&["test-notification"]).env("DBUS_SESSION_BUS_ADDRESS", &bus.address).output().unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success() && said.contains("did not answer within 4 s"), "{out:?}");
    assert_eq!(notices.load(Ordering::SeqCst), 2, "the second notice reached the server");
    let _ = unhunch(&env, &bus, &["quit"]);
}

/// The bus daemon itself stopped (SIGSTOP): an engine started then binds its socket and answers
/// at once, and one already running keeps answering while a break comes due.
fn a_stopped_session_bus_never_freezes_the_engine() {
    let display = Display::start();
    let bus = Bus::start();
    let env = Env::new();
    env.write("config/unhunch/settings.ron", "(micro: (interval: 10), warning: 0, safety_acknowledged: true)");
    env.sat_for(596);
    let pid = bus.pid().to_string();
    assert!(Command::new("kill").args(["-STOP", &pid]).status().unwrap().success(), "the bus stopped");
    let _engine = engine_on(&env, &bus, Some(&display));
    let answers = probe_for(&env, &bus, 8);
    let phases: Vec<&Value> = answers.iter().map(|v| &v["phase"]).collect();
    assert!(phases.iter().any(|p| *p == "due"), "the break came due meanwhile: {phases:?}");
    assert!(Command::new("kill").args(["-CONT", &pid]).status().unwrap().success());
    let _ = unhunch(&env, &bus, &["quit"]);
}

/// The sound server stopped (SIGSTOP) while the engine watches the microphone on it and a break
/// comes due with sound on: the engine answers all along.
fn a_stopped_sound_server_never_freezes_the_engine() {
    let bus = Bus::start();
    let env = Env::new();
    let pulse = crate::rig::Pulse::start(env.path());
    env.write("config/unhunch/settings.ron", "(micro: (interval: 10), warning: 0, safety_acknowledged: true)");
    env.sat_for(596);
    let _engine = crate::session::engine_with(&env, &bus, &[("PULSE_SERVER", pulse.server())]);
    let pid = pulse.pid().to_string();
    assert!(Command::new("kill").args(["-STOP", &pid]).status().unwrap().success(), "the sound server stopped");
    let answers = probe_for(&env, &bus, 8);
    let phases: Vec<&Value> = answers.iter().map(|v| &v["phase"]).collect();
    assert!(phases.iter().any(|p| *p == "due"), "the break came due meanwhile: {phases:?}");
    assert!(Command::new("kill").args(["-CONT", &pid]).status().unwrap().success());
    let _ = unhunch(&env, &bus, &["quit"]);
}

/// The names on `bus`.
fn names(bus: &Bus) -> Vec<String> {
    let Ok(conn) = zbus::blocking::connection::Builder::address(bus.address.as_str())
        .and_then(zbus::blocking::connection::Builder::build)
    else {
        return Vec::new();
    };
    zbus::blocking::fdo::DBusProxy::new(&conn)
        .ok()
        .and_then(|p| p.list_names().ok())
        .map(|n| n.into_iter().map(|n| n.to_string()).collect())
        .unwrap_or_default()
}

/// The session bus dies and comes back (a new daemon at the same address): the engine's tray
/// icon registers again and its notices reach the new notification server, with no restart.
fn after_the_session_bus_restarts_notices_and_the_tray_come_back() {
    let display = Display::start();
    let mut bus = Bus::start();
    let env = Env::new();
    env.write("config/unhunch/settings.ron", "(safety_acknowledged: true)");
    let dunst = |bus: &Bus| {
        let mut cmd = Command::new("dunst");
        let child = cmd
            .env("DISPLAY", &display.name)
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        bus.await_name("org.freedesktop.Notifications");
        crate::rig::Guard(child)
    };
    let first = dunst(&bus);
    let _engine = engine_on(&env, &bus, Some(&display));
    let tray_on = |bus: &Bus| names(bus).iter().any(|n| n.starts_with("org.kde.StatusNotifierItem-"));
    assert!(eventually_within(10, || tray_on(&bus)), "the tray icon is registered: {:?}", names(&bus));
    unhunch(&env, &bus, &["test-notification"]);

    bus.restart();
    drop(first);
    let _second = dunst(&bus);
    // The engine answers all along, and its tray comes back on the new bus by itself.
    let back = eventually_within(20, || {
        let _ = status_within_a_second(&env, &bus);
        tray_on(&bus)
    });
    assert!(back, "the tray icon registered again: {:?}\n{}", names(&bus), engine_log(&env));
    let said = unhunch(&env, &bus, &["test-notification"]);
    assert!(said.contains("The desktop shows a test notification"), "{said}");
    let dunstctl = || {
        let out = Command::new("dunstctl")
            .args(["count", "displayed"])
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    assert!(eventually_within(10, || dunstctl() == "1"), "the new dunst shows it: {}", engine_log(&env));
    let _ = unhunch(&env, &bus, &["quit"]);
}
