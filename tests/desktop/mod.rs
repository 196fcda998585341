//! The engine against real desktop components, each started privately by the test: a D-Bus session
//! bus with a recording notification server (zbus), and the real `dunst` under Xvfb.
#![expect(clippy::unwrap_used, reason = "test plumbing: a failure here is a failed test")]

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use zbus::object_server::SignalEmitter;
use zbus::zvariant::OwnedValue;

use crate::util::{Bus, Display, Env, Guard, eventually, have};

const PATH: &str = "/org/freedesktop/Notifications";

/// One `Notify` call as the server received it.
#[derive(Clone, Debug)]
struct Notify {
    app_name: String,
    replaces_id: u32,
    icon: String,
    summary: String,
    body: String,
    actions: Vec<String>,
    hints: Vec<String>,
}

#[derive(Default)]
struct Recorder {
    calls: Arc<Mutex<Vec<Notify>>>,
    closed: Arc<Mutex<Vec<u32>>>,
    next: u32,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
#[expect(clippy::unused_self, reason = "D-Bus methods are methods even when they need no state")]
impl Recorder {
    #[expect(clippy::too_many_arguments, reason = "the D-Bus method's signature")]
    fn notify(
        &mut self,
        app_name: String,
        replaces_id: u32,
        app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedValue>,
        expire_timeout: i32,
    ) -> u32 {
        let _ = expire_timeout;
        let mut hints: Vec<String> = hints.into_iter().map(|(k, v)| format!("{k}={v:?}")).collect();
        hints.sort();
        self.calls.lock().unwrap().push(Notify {
            app_name,
            replaces_id,
            icon: app_icon,
            summary,
            body,
            actions,
            hints,
        });
        if replaces_id != 0 {
            return replaces_id;
        }
        self.next += 1;
        self.next
    }

    fn close_notification(&self, id: u32) {
        self.closed.lock().unwrap().push(id);
    }

    fn get_capabilities(&self) -> Vec<String> {
        ["actions", "body", "body-markup"].map(str::to_owned).to_vec()
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        ("recorder".into(), "unhunch tests".into(), "1".into(), "1.2".into())
    }

    #[zbus(signal)]
    async fn action_invoked(emitter: &SignalEmitter<'_>, id: u32, action_key: &str) -> zbus::Result<()>;
}

fn engine(env: &Env, bus: &Bus) -> Guard {
    let child = env
        .command(&["daemon"])
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let guard = Guard(child);
    assert!(eventually(|| env.path().join("run/unhunch/control.sock").exists()), "the engine did not start");
    guard
}

fn unhunch(env: &Env, bus: &Bus, args: &[&str]) -> String {
    let out = env.command(args).env("DBUS_SESSION_BUS_ADDRESS", &bus.address).output().unwrap();
    assert!(out.status.success(), "unhunch {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn phase(env: &Env, bus: &Bus) -> String {
    let v: Value = serde_json::from_str(&unhunch(env, bus, &["status", "--json"])).unwrap();
    v["phase"].as_str().unwrap_or_default().to_owned()
}

#[test]
fn break_notifications_carry_buttons_escaped_text_and_a_replace_id_and_the_buttons_work() {
    if !have(&["dbus-daemon"]) {
        return;
    }
    let bus = Bus::start();
    let recorder = Recorder::default();
    let (calls, closed) = (Arc::clone(&recorder.calls), Arc::clone(&recorder.closed));
    let server = zbus::blocking::connection::Builder::address(bus.address.as_str())
        .unwrap()
        .serve_at(PATH, recorder)
        .unwrap()
        .name("org.freedesktop.Notifications")
        .unwrap()
        .build()
        .unwrap();

    // A user routine whose name is markup, played by the posture reset.
    let env = Env::new();
    env.write(
        "config/unhunch/routines/rows.ron",
        r#"Routine(id: "rows", name: "<b>Rows & \"W\"s</b>", steps: [Do(exercise: "band-w")])"#,
    );
    env.write("config/unhunch/settings.ron", r#"(micro: (routines: ["rows"]))"#);
    let _engine = engine(&env, &bus);

    unhunch(&env, &bus, &["test-notification"]);
    assert!(eventually(|| calls.lock().unwrap().len() == 1), "one Notify call");
    let first = calls.lock().unwrap()[0].clone();
    assert_eq!(first.app_name, "Unhunch");
    assert_eq!(first.summary, "Time for a posture reset");
    assert_eq!(first.body, "&lt;b&gt;Rows &amp; \"W\"s&lt;/b&gt; (50 s) is ready.");
    assert!(first.icon.ends_with("unhunch.svg"), "{}", first.icon);
    assert_eq!(first.actions, ["default", "Open Unhunch", "start", "Start", "snooze", "Snooze 5 min", "skip", "Skip"]);
    assert!(
        first.hints.iter().any(|h| h.starts_with("category=") && h.contains("x-unhunch.break")),
        "{:?}",
        first.hints
    );
    assert!(first.hints.iter().any(|h| h.starts_with("urgency=")), "{:?}", first.hints);
    assert_eq!(first.replaces_id, 0);

    // Offered again while on screen: the same bubble is updated, not a second one stacked.
    unhunch(&env, &bus, &["test-notification"]);
    assert!(eventually(|| calls.lock().unwrap().len() == 2));
    assert_eq!(calls.lock().unwrap()[1].replaces_id, 1);

    // The engine listens for a bubble's buttons from the moment the server has returned its id; no
    // person presses a button within that instant, so neither does this test.
    let human_pause = || std::thread::sleep(std::time::Duration::from_millis(500));
    human_pause();
    // "Snooze" pressed on the bubble reaches the engine's timer, and the bubble is taken down.
    let iface = server.object_server().interface::<_, Recorder>(PATH).unwrap();
    zbus::block_on(Recorder::action_invoked(iface.signal_emitter(), 1, "snooze")).unwrap();
    assert!(eventually(|| phase(&env, &bus) == "snoozed"), "Snooze snoozed the break");
    assert!(eventually(|| closed.lock().unwrap().contains(&1)), "the snoozed bubble was closed");

    // Due again: a new bubble, whose "Start" begins the break (the engine asks for the window).
    unhunch(&env, &bus, &["test-notification"]);
    assert!(eventually(|| calls.lock().unwrap().len() == 3));
    assert_eq!(calls.lock().unwrap()[2].replaces_id, 0);
    human_pause();
    zbus::block_on(Recorder::action_invoked(iface.signal_emitter(), 2, "start")).unwrap();
    assert!(eventually(|| phase(&env, &bus) == "on_break"), "Start started the break");
    let v: Value = serde_json::from_str(&unhunch(&env, &bus, &["status", "--json"])).unwrap();
    assert_eq!(v["session"], "rows");
    assert!(eventually(|| closed.lock().unwrap().contains(&2)), "the started break's bubble was closed");
}

#[test]
fn dunst_shows_the_test_notification_with_its_buttons_and_its_snooze_works() {
    if !have(&["Xvfb", "dbus-daemon", "dunst", "dunstctl"]) {
        return;
    }
    let display = Display::start();
    let bus = Bus::start();
    let env = Env::new();
    // dunst's context menu runs `dmenu`: this one records the menu and picks "Snooze".
    let menu = env.path().join("menu.txt");
    let pick = env.write("pick.sh", format!("#!/bin/sh\ntee {} | grep -m1 Snooze\n", menu.display()));
    Command::new("chmod").arg("+x").arg(&pick).status().unwrap();
    let rc = env.write("dunstrc", format!("[global]\n    dmenu = {}\n", pick.display()));
    let dunst = Command::new("dunst")
        .arg("-config")
        .arg(&rc)
        .env("DISPLAY", &display.name)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _dunst = Guard(dunst);
    let dunstctl = |args: &[&str]| {
        let out = Command::new("dunstctl").args(args).env("DBUS_SESSION_BUS_ADDRESS", &bus.address).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(eventually(|| dunstctl(&["count", "displayed"]).trim() == "0"), "dunst is up");
    let _engine = engine(&env, &bus);

    unhunch(&env, &bus, &["test-notification"]);
    assert!(eventually(|| dunstctl(&["count", "displayed"]).trim() == "1"), "the notification is on screen");
    dunstctl(&["context"]);
    assert!(eventually(|| std::fs::read_to_string(&menu).is_ok_and(|m| m.lines().count() == 4)));
    let menu = std::fs::read_to_string(&menu).unwrap();
    for button in ["#Start (Time for a posture reset)", "#Snooze 5 min", "#Skip", "#Open Unhunch"] {
        assert!(menu.contains(button), "{button} in {menu}");
    }
    assert!(eventually(|| phase(&env, &bus) == "snoozed"), "dunst's Snooze snoozed the engine");
    // Closed by the action, it is in dunst's history with our app name.
    let history = dunstctl(&["history"]);
    assert!(history.contains("Time for a posture reset") && history.contains("Unhunch"), "{history}");
}
