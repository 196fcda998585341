//! The engine against real desktop components, each started privately by the test: a D-Bus session
//! bus with a recording notification server (zbus), and the real `dunst` under Xvfb.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test plumbing: a failure here is a failed test")]

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::Value;
use zbus::object_server::SignalEmitter;
use zbus::zvariant::OwnedValue;

use libtest_mimic::Trial;

use crate::rig::{Bus, Display, Guard, needs};
use crate::util::{Env, eventually};

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
    /// The server's do-not-disturb switch (the spec's `Inhibited` property).
    inhibited: Arc<Mutex<bool>>,
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

    #[zbus(property)]
    fn inhibited(&self) -> bool {
        *self.inhibited.lock().unwrap()
    }

    #[zbus(signal)]
    async fn action_invoked(emitter: &SignalEmitter<'_>, id: u32, action_key: &str) -> zbus::Result<()>;
}

/// Serves `iface` at `path` under the well-known `name` on a bus, for as long as the result lives.
fn serve<I: zbus::object_server::Interface>(bus: &Bus, path: &str, iface: I, name: &str) -> zbus::blocking::Connection {
    zbus::blocking::connection::Builder::address(bus.address.as_str())
        .unwrap()
        .serve_at(path, iface)
        .unwrap()
        .name(name)
        .unwrap()
        .build()
        .unwrap()
}

/// The recording notification server on `bus`.
fn serve_recorder(bus: &Bus, recorder: Recorder) -> zbus::blocking::Connection {
    serve(bus, PATH, recorder, "org.freedesktop.Notifications")
}

fn engine(env: &Env, bus: &Bus) -> Guard {
    engine_on(env, bus, None)
}

/// The engine on a bus, and on an X display when given (so it can open the window).
pub fn engine_on(env: &Env, bus: &Bus, display: Option<&Display>) -> Guard {
    let extra: Vec<(&str, String)> = display.map(|d| ("DISPLAY", d.name.clone())).into_iter().collect();
    engine_with(env, bus, &extra)
}

/// `cmd` started quietly on `display` and `bus`; stopped when the guard goes.
fn on_desktop(mut cmd: Command, display: &Display, bus: &Bus) -> Guard {
    let child = cmd
        .env("DISPLAY", &display.name)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    Guard(child)
}

/// A private dunst on `display` and `bus`, with `args`; stopped when the guard goes.
fn dunst_on(display: &Display, bus: &Bus, args: &[&str]) -> Guard {
    let mut dunst = Command::new("dunst");
    dunst.args(args);
    let guard = on_desktop(dunst, display, bus);
    bus.await_name("org.freedesktop.Notifications");
    guard
}

/// The engine on a bus with extra environment variables; returns once it listens.
pub fn engine_with(env: &Env, bus: &Bus, extra: &[(&str, String)]) -> Guard {
    let mut cmd = env.command(&["daemon"]);
    cmd.envs(extra.iter().map(|(k, v)| (*k, v.as_str())));
    let child =
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &bus.address).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let guard = Guard(child);
    let listening = crate::util::eventually_within(20, || env.path().join("run/unhunch/control.sock").exists());
    assert!(listening, "the engine did not start listening within 20 s");
    guard
}

/// `unhunch status --json`, parsed.
pub fn status_json(env: &Env, bus: &Bus) -> Value {
    serde_json::from_str(&unhunch(env, bus, &["status", "--json"])).unwrap()
}

pub fn unhunch(env: &Env, bus: &Bus, args: &[&str]) -> String {
    let out = env.command(args).env("DBUS_SESSION_BUS_ADDRESS", &bus.address).output().unwrap();
    assert!(out.status.success(), "unhunch {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn phase(env: &Env, bus: &Bus) -> String {
    status_json(env, bus)["phase"].as_str().unwrap_or_default().to_owned()
}

/// The rig's private bus starts nothing by itself: the machine's notification servers (dunst,
/// xfce4-notifyd, mako install D-Bus service files) are not activated when a test asks for one.
fn a_private_bus_activates_no_notification_server_of_the_machines() {
    let bus = Bus::start();
    let conn = zbus::blocking::connection::Builder::address(bus.address.as_str()).unwrap().build().unwrap();
    let dbus = zbus::blocking::fdo::DBusProxy::new(&conn).unwrap();
    let activatable: Vec<String> = dbus.list_activatable_names().unwrap().iter().map(ToString::to_string).collect();
    assert_eq!(activatable, ["org.freedesktop.DBus"], "nothing to activate");
    let asked = conn.call_method(
        Some("org.freedesktop.Notifications"),
        PATH,
        Some("org.freedesktop.Notifications"),
        "GetServerInformation",
        &(),
    );
    let installed: Vec<String> = std::fs::read_dir("/usr/share/dbus-1/services")
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    match asked {
        Err(zbus::Error::MethodError(name, _, _)) => {
            assert_eq!(name.as_str(), "org.freedesktop.DBus.Error.ServiceUnknown", "installed: {installed:?}");
        }
        other => panic!("no notification server may answer on a private bus: {other:?} (installed: {installed:?})"),
    }
}

fn break_notifications_carry_buttons_escaped_text_and_a_replace_id_and_the_buttons_work() {
    let bus = Bus::start();
    let recorder = Recorder::default();
    let (calls, closed) = (Arc::clone(&recorder.calls), Arc::clone(&recorder.closed));
    let server = serve_recorder(&bus, recorder);

    // A user routine whose name is markup, played by the posture reset, which is due a second
    // after the engine starts (ten minutes sat of a ten-minute interval, no heads-up).
    let env = Env::new();
    env.write(
        "config/unhunch/routines/rows.ron",
        r#"Routine(id: "rows", name: "<b>Rows & \"W\"s</b>", steps: [Do(exercise: "band-w")])"#,
    );
    env.write("config/unhunch/settings.ron", r#"(micro: (routines: ["rows"], interval: 10), warning: 0)"#);
    env.sat_for(599);
    let _engine = engine(&env, &bus);

    assert!(eventually(|| calls.lock().unwrap().len() == 1), "one Notify call");
    let first = calls.lock().unwrap()[0].clone();
    assert_eq!(first.app_name, "Unhunch");
    assert_eq!(first.summary, "Time for a posture reset");
    // The band W takes 50 s and opens with 5 s to get the band.
    assert_eq!(first.body, "&lt;b&gt;Rows &amp; \"W\"s&lt;/b&gt; (55 s) is ready.");
    assert!(first.icon.ends_with("unhunch.svg"), "{}", first.icon);
    assert_eq!(first.actions, ["default", "Open Unhunch", "start", "Start", "snooze", "Snooze 5 min", "skip", "Skip"]);
    assert!(
        first.hints.iter().any(|h| h.starts_with("category=") && h.contains("x-unhunch.break")),
        "{:?}",
        first.hints
    );
    assert!(first.hints.iter().any(|h| h.starts_with("urgency=")), "{:?}", first.hints);
    assert_eq!(first.replaces_id, 0);

    // The engine listens for a bubble's buttons from the moment the server has returned its id; no
    // person presses a button within that instant, so neither does this test.
    let human_pause = || std::thread::sleep(std::time::Duration::from_millis(500));
    human_pause();
    // "Snooze" pressed on the bubble reaches the engine's timer, and the bubble is taken down.
    let iface = server.object_server().interface::<_, Recorder>(PATH).unwrap();
    zbus::block_on(Recorder::action_invoked(iface.signal_emitter(), 1, "snooze")).unwrap();
    assert!(eventually(|| phase(&env, &bus) == "snoozed"), "Snooze snoozed the break");
    assert!(eventually(|| closed.lock().unwrap().contains(&1)), "the snoozed bubble was closed");

    // The test notification looks like a reminder and changes nothing; its buttons say they work.
    let said = unhunch(&env, &bus, &["test-notification"]);
    assert!(said.contains("nothing is started, snoozed or skipped"), "{said}");
    assert!(eventually(|| calls.lock().unwrap().len() == 2));
    let test = calls.lock().unwrap()[1].clone();
    assert_eq!(test.summary, "Test: time for a posture reset");
    assert!(test.actions.contains(&"start".to_owned()), "{:?}", test.actions);
    human_pause();
    zbus::block_on(Recorder::action_invoked(iface.signal_emitter(), 2, "start")).unwrap();
    assert!(eventually(|| calls.lock().unwrap().len() == 3), "a confirmation");
    let confirmation = calls.lock().unwrap()[2].clone();
    assert_eq!((confirmation.summary.as_str(), confirmation.replaces_id), ("The Start button works", 2));
    assert!(confirmation.actions.is_empty(), "{:?}", confirmation.actions);
    let v = status_json(&env, &bus);
    assert_eq!(v["phase"], "snoozed", "the test's Start started nothing: {v}");
    assert_eq!((v["today"]["taken"].as_u64(), v["today"]["snoozed"].as_u64()), (Some(0), Some(1)), "{v}");
}

fn dunst_shows_a_due_break_with_its_buttons_and_its_start_and_the_test_notification_work() {
    let display = Display::start();
    let bus = Bus::start();
    let env = Env::new();
    // dunst's context menu runs `dmenu`: this one records the menu and picks the line asked for.
    let menu = env.path().join("menu.txt");
    let choice = env.write("choice", "Snooze");
    let pick = env
        .write("pick.sh", format!("#!/bin/sh\ntee -a {} | grep -m1 \"$(cat {})\"\n", menu.display(), choice.display()));
    Command::new("chmod").arg("+x").arg(&pick).status().unwrap();
    let rc = env.write("dunstrc", format!("[global]\n    dmenu = {}\n", pick.display()));
    let _dunst = dunst_on(&display, &bus, &["-config", &rc.to_string_lossy()]);
    let dunstctl = |args: &[&str]| {
        let out = Command::new("dunstctl").args(args).env("DBUS_SESSION_BUS_ADDRESS", &bus.address).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(eventually(|| dunstctl(&["count", "displayed"]).trim() == "0"), "dunst is up");

    // The test notification first: its Snooze only says that it works.
    env.write("config/unhunch/settings.ron", "(micro: (interval: 10), warning: 0, safety_acknowledged: true)");
    let _engine = engine_on(&env, &bus, Some(&display));
    unhunch(&env, &bus, &["test-notification"]);
    assert!(eventually(|| dunstctl(&["count", "displayed"]).trim() == "1"), "the test notification is on screen");
    dunstctl(&["context"]);
    // The confirmation replaces the bubble and goes to the history when it times out (8 s).
    let confirmed = crate::util::eventually_within(15, || dunstctl(&["history"]).contains("The Snooze button works"));
    assert!(confirmed, "{}", dunstctl(&["history"]));
    let menu_text = std::fs::read_to_string(&menu).unwrap();
    for button in ["#Start (Test: time for a posture reset)", "#Snooze 5 min", "#Skip", "#Open Unhunch"] {
        assert!(menu_text.contains(button), "{button} in {menu_text}");
    }
    assert_eq!(phase(&env, &bus), "working", "nothing was snoozed");
    let _ = unhunch(&env, &bus, &["quit"]);

    // A real due break: dunst's Start begins it, and the engine opens the window to play it.
    env.write("choice", "Start");
    env.sat_for(599);
    let _engine = engine_on(&env, &bus, Some(&display));
    assert!(
        eventually(|| dunstctl(&["history"]).contains("Time for a posture reset")
            || dunstctl(&["count", "displayed"]).trim() == "1"),
        "the break-due notification is on screen"
    );
    assert!(eventually(|| dunstctl(&["count", "displayed"]).trim() == "1"));
    dunstctl(&["context"]);
    assert!(eventually(|| phase(&env, &bus) == "on_break"), "dunst's Start started the break");
    let window_open = || {
        let v = status_json(&env, &bus);
        v["window_open"].as_bool() == Some(true)
    };
    assert!(eventually(window_open), "the engine opened the window for the break");
    let history = dunstctl(&["history"]);
    assert!(history.contains("Time for a posture reset") && history.contains("Unhunch"), "{history}");
    let _ = unhunch(&env, &bus, &["quit"]);
}

/// `dbus-send --print-reply` on the private bus, as text.
fn dbus_send(bus: &Bus, args: &[&str]) -> String {
    let out = Command::new("dbus-send")
        .args(["--session", "--print-reply"])
        .args(args)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .output()
        .unwrap();
    assert!(out.status.success(), "dbus-send {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The `(id, label, enabled)` of every item in a dbusmenu layout printed by dbus-send.
fn menu_items(layout: &str) -> Vec<(i32, String, bool)> {
    let mut items = Vec::new();
    let mut id = None;
    let mut lines = layout.lines().map(str::trim).peekable();
    while let Some(line) = lines.next() {
        if let Some(n) = line.strip_prefix("int32 ") {
            id = n.parse().ok();
            items.push((id.unwrap_or(-1), String::new(), true));
        } else if line == "string \"label\"" {
            let value = lines.next().unwrap_or_default();
            let label = value.split("string \"").nth(1).unwrap_or_default().trim_end_matches('"');
            if let Some(last) = items.last_mut().filter(|l| Some(l.0) == id) {
                label.clone_into(&mut last.1);
            }
        } else if line == "string \"enabled\"" {
            let value = lines.next().unwrap_or_default();
            if let Some(last) = items.last_mut() {
                last.2 = !value.ends_with("false");
            }
        }
    }
    items.retain(|i| !i.1.is_empty());
    items
}

/// The engine's tray item on a private bus, driven the way a tray host does: properties over
/// `Properties.Get`, the menu over dbusmenu.
struct Tray<'a> {
    bus: &'a Bus,
    dest: String,
}

impl<'a> Tray<'a> {
    /// Waits for the tray item to own its `StatusNotifierItem` name.
    fn find(bus: &'a Bus) -> Self {
        let mut name = String::new();
        let found = eventually(|| {
            let names = dbus_send(
                bus,
                &["--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames"],
            );
            names
                .lines()
                .find_map(|l| l.split('"').nth(1).filter(|n| n.starts_with("org.kde.StatusNotifierItem-")))
                .unwrap_or_default()
                .clone_into(&mut name);
            !name.is_empty()
        });
        assert!(found, "the tray item owns its StatusNotifierItem name");
        Self { bus, dest: format!("--dest={name}") }
    }

    fn get(&self, prop: &str) -> String {
        dbus_send(
            self.bus,
            &[
                &self.dest,
                "/StatusNotifierItem",
                "org.freedesktop.DBus.Properties.Get",
                "string:org.kde.StatusNotifierItem",
                &format!("string:{prop}"),
            ],
        )
    }

    /// The menu's items: `(id, label, enabled)`.
    fn items(&self) -> Vec<(i32, String, bool)> {
        let layout = dbus_send(
            self.bus,
            &[&self.dest, "/MenuBar", "com.canonical.dbusmenu.GetLayout", "int32:0", "int32:-1", "array:string:"],
        );
        menu_items(&layout)
    }

    /// Clicks the item labelled `label`, looked up in the current layout (ids may change when the
    /// menu is rebuilt), as a real tray host does.
    fn click(&self, label: &str) {
        let id =
            self.items().into_iter().find(|i| i.1 == label).map_or_else(|| panic!("no {label:?} in the menu"), |i| i.0);
        dbus_send(
            self.bus,
            &[
                &self.dest,
                "/MenuBar",
                "com.canonical.dbusmenu.Event",
                &format!("int32:{id}"),
                "string:clicked",
                "variant:int32:0",
                "uint32:0",
            ],
        );
    }
}

fn the_tray_item_is_on_the_bus_with_its_menu_and_the_menu_works() {
    let bus = Bus::start();
    let env = Env::new();
    let _engine = engine(&env, &bus);
    let tray = Tray::find(&bus);
    assert!(tray.get("Id").contains("\"unhunch\""));
    assert!(tray.get("ToolTip").contains("posture reset in 30 min · stretch break in 1 h"), "{}", tray.get("ToolTip"));
    // lxqt-panel shows only the title: the next break is there too.
    assert!(tray.get("Title").contains("Unhunch — posture reset in 30 min"), "{}", tray.get("Title"));
    // Hosts that look the icon up by name (waybar) find a whole theme; others draw the pixmaps.
    let pixmaps = tray.get("IconPixmap");
    for size in ["int32 16", "int32 32", "int32 48"] {
        assert!(pixmaps.contains(size), "a {size} pixmap: {pixmaps:.300}");
    }
    let theme = tray.get("IconThemePath");
    let theme = theme.split('"').nth(1).unwrap_or_default();
    for file in [
        "hicolor/index.theme",
        "hicolor/scalable/apps/unhunch.svg",
        "hicolor/32x32/apps/unhunch-due.png",
        "unhunch.png",
    ] {
        assert!(std::path::Path::new(theme).join(file).is_file(), "{file} in the icon folder {theme}");
    }
    let items = tray.items();
    let labels: Vec<&str> = items.iter().map(|i| i.1.as_str()).collect();
    for want in [
        "Start a stretch now",
        "Next in turn",
        "Posture reset (1:00)",
        "Thoracic mobility (5:00)",
        "Pause",
        "For 1 hour",
        "Until tomorrow",
        "Resume",
        "Open Unhunch",
        "Quit",
    ] {
        assert!(labels.contains(&want), "{want} in {labels:?}");
    }
    assert!(!labels.iter().any(|l| l.contains("Prone")), "no floor routines in the office menu");

    tray.click("For 1 hour");
    assert!(eventually(|| phase(&env, &bus) == "paused"), "Pause ▸ For 1 hour paused the reminders");
    assert!(eventually(|| tray.get("ToolTip").contains("Reminders paused until")), "{}", tray.get("ToolTip"));
    assert!(tray.items().iter().any(|i| i.1 == "Resume" && i.2), "Resume is enabled while paused");

    tray.click("Resume");
    assert!(eventually(|| phase(&env, &bus) == "working"));
    tray.click("Posture reset (1:00)");
    assert!(eventually(|| phase(&env, &bus) == "on_break"), "Start a stretch now ▸ Posture reset started it");
    tray.click("Quit");
    let log = || std::fs::read_to_string(env.path().join("state/unhunch/engine.log")).unwrap_or_default();
    assert!(eventually(|| !env.path().join("run/unhunch/control.sock").exists()), "Quit stopped the engine: {}", log());
}

fn a_second_unhunch_raises_the_open_window_instead_of_opening_another() {
    let display = Display::start();
    let bus = Bus::start();
    let env = Env::new();
    env.write("config/unhunch/settings.ron", "(safety_acknowledged: true)");
    let _engine = engine_on(&env, &bus, Some(&display));
    let _window = on_desktop(env.command(&[]), &display, &bus);
    let window_open = || {
        let v = status_json(&env, &bus);
        v["window_open"].as_bool() == Some(true)
    };
    assert!(eventually(window_open), "the first window connected");
    let second =
        env.command(&[]).env("DISPLAY", &display.name).env("DBUS_SESSION_BUS_ADDRESS", &bus.address).output().unwrap();
    assert!(second.status.success(), "{second:?}");
    assert_eq!(
        String::from_utf8_lossy(&second.stdout).trim(),
        "Unhunch is already open; brought its window to the front."
    );
    assert!(window_open(), "the first window is still the one");

    // Issue 24: the window as docks and switchers see it: WM_CLASS "unhunch", "unhunch" (the
    // instance was empty) and the app's own icon (eframe's generic one before).
    let search = || {
        let out = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "^Unhunch$"])
            .env("DISPLAY", &display.name)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().to_owned()
    };
    let mut id = String::new();
    assert!(
        crate::util::eventually(|| {
            id = search();
            !id.is_empty()
        }),
        "the window is found by its title"
    );
    let xprop = |prop: &str| {
        let out = Command::new("xprop").args(["-id", &id, prop]).env("DISPLAY", &display.name).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(
        crate::util::eventually(|| xprop("WM_CLASS").contains("\"unhunch\", \"unhunch\"")),
        "{}",
        xprop("WM_CLASS")
    );
    let icon = xprop("_NET_WM_ICON");
    assert!(icon.contains("Icon (128 x 128)"), "the app's 128-pixel icon: {}", &icon[..icon.len().min(200)]);
}

/// The issue's acceptance: with no input for longer than the posture reset's threshold, the sitting
/// clock resets and no reminder fires; after input resumes, the next reminder is a full interval away.
fn x11_idle_time_away_is_a_natural_break_and_input_brings_the_user_back() {
    let display = Display::start();
    let bus = Bus::start();
    let env = Env::new();
    // Ten seconds away count as either break, so the test need not wait minutes.
    env.write("config/unhunch/settings.ron", "(micro: (idle_threshold: 10), long: (idle_threshold: 10))");
    let _engine = engine_on(&env, &bus, Some(&display));
    let status = || status_json(&env, &bus);
    assert_eq!(status()["idle_backend"], "x11-screensaver");
    let xdotool = |args: &[&str]| {
        assert!(Command::new("xdotool").args(args).env("DISPLAY", &display.name).status().unwrap().success());
    };
    xdotool(&["mousemove", "10", "10"]);

    // No input: after the threshold the user is away, and the time away was a natural break.
    let mut away = Value::Null;
    let gone = crate::util::eventually_within(20, || {
        away = status();
        away["held"] == "away"
    });
    assert!(gone, "held as away after 10 s without input: {away}");
    assert!(away["idle_seconds"].as_u64().unwrap() >= 10, "{away}");
    assert!(eventually(|| status()["today"]["natural"] == 2), "both kinds had a natural break: {}", status());
    assert_eq!(status()["today"]["snoozed"], 0);

    // Input again: back at once (the engine watches for input while the user is away and reads
    // the idle time only once a minute meanwhile: 3 s here is the watch, not the minute's look),
    // with a fresh sitting bout and the next breaks a full interval away. A key through XTEST, as
    // a keyboard's: xdotool's `mousemove` warps the pointer, which is no input.
    xdotool(&["key", "shift"]);
    assert!(crate::util::eventually_within(3, || status()["phase"] == "working"), "back within 3 s: {}", status());
    let back = status();
    assert!(back["sitting_secs"].as_u64().unwrap() <= 3, "{back}");
    assert!(back["breaks"][0]["in_secs"].as_u64().unwrap() >= 30 * 60 - 3, "{back}");
    assert!(back["breaks"][1]["in_secs"].as_u64().unwrap() >= 60 * 60 - 3, "{back}");
    assert_eq!(back["held"], Value::Null);
}

/// The issue's acceptance: a break that comes due while a fullscreen window is active waits, and is
/// delivered (once) when fullscreen ends.
fn a_break_due_during_a_fullscreen_window_is_delivered_after_it() {
    let display = Display::start();
    let bus = Bus::start();
    let recorder = Recorder::default();
    let calls = Arc::clone(&recorder.calls);
    let _server = serve_recorder(&bus, recorder);
    let with_desktop = |mut cmd: Command| {
        cmd.env("DISPLAY", &display.name).env("DBUS_SESSION_BUS_ADDRESS", &bus.address);
        cmd
    };
    let _wm = Guard(with_desktop(Command::new("openbox")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());
    let env = Env::new();
    // The posture reset comes due twenty seconds after the engine starts, without a heads-up.
    env.write("config/unhunch/settings.ron", "(safety_acknowledged: true, micro: (interval: 10), warning: 0)");
    env.sat_for(580);
    let _engine = engine_on(&env, &bus, Some(&display));
    // Any window will do for fullscreen: Unhunch's own.
    let _window = Guard(with_desktop(env.command(&[])).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());
    let wmctrl = |args: &[&str]| with_desktop(Command::new("wmctrl")).args(args).status().unwrap().success();
    assert!(eventually(|| wmctrl(&["-a", "Unhunch"])), "the window is up and active");
    assert!(wmctrl(&["-r", "Unhunch", "-b", "add,fullscreen"]));
    let status = || status_json(&env, &bus);

    // The break comes due while fullscreen: it waits, with no notification.
    let mut waiting = Value::Null;
    let held = crate::util::eventually_within(40, || {
        waiting = status();
        waiting["phase"] == "due"
    });
    assert!(held, "the break came due: {waiting}");
    assert_eq!((waiting["phase"].as_str(), waiting["held"].as_str()), (Some("due"), Some("fullscreen")), "{waiting}");
    assert_eq!(waiting["break_waiting"], true);
    assert_eq!(waiting["today"]["deferred"], 1);
    assert!(calls.lock().unwrap().is_empty(), "nothing shown during the presentation");
    assert!(unhunch(&env, &bus, &["status"]).contains("it waits until the fullscreen window closes"));

    // Fullscreen ends: the break is offered, once.
    assert!(wmctrl(&["-r", "Unhunch", "-b", "remove,fullscreen"]));
    assert!(crate::util::eventually_within(10, || calls.lock().unwrap().len() == 1), "offered after fullscreen ended");
    std::thread::sleep(std::time::Duration::from_secs(6));
    assert_eq!(calls.lock().unwrap().len(), 1, "once, not a burst");
    let after = status();
    assert_eq!((after["held"].as_str(), after["break_waiting"].as_bool()), (None, Some(false)), "{after}");
    let _ = unhunch(&env, &bus, &["quit"]);
}

fn do_not_disturb_holds_a_due_break_until_it_is_switched_off() {
    let bus = Bus::start();
    let recorder = Recorder::default();
    let (calls, inhibited) = (Arc::clone(&recorder.calls), Arc::clone(&recorder.inhibited));
    *inhibited.lock().unwrap() = true;
    let _server = serve_recorder(&bus, recorder);
    let env = Env::new();
    env.write("config/unhunch/settings.ron", "(micro: (interval: 10), warning: 0)");
    env.sat_for(599);
    let _engine = engine(&env, &bus);
    let mut v = Value::Null;
    let due = crate::util::eventually_within(10, || {
        v = status_json(&env, &bus);
        v["phase"] == "due"
    });
    assert!(due, "{v}");
    assert_eq!((v["phase"].as_str(), v["held"].as_str()), (Some("due"), Some("do-not-disturb")), "{v}");
    assert!(calls.lock().unwrap().is_empty(), "nothing shown while do-not-disturb is on");
    *inhibited.lock().unwrap() = false;
    assert!(crate::util::eventually_within(10, || calls.lock().unwrap().len() == 1), "offered when it is switched off");
}

/// The engine started with a posture reset due at once, once it holds the break for `by`'s
/// do-not-disturb (and the status names `by`).
fn engine_with_a_break_held_by(env: &Env, bus: &Bus, display: &Display, by: &str) -> Guard {
    env.write("config/unhunch/settings.ron", "(micro: (interval: 10), warning: 0, safety_acknowledged: true)");
    env.sat_for(599);
    let engine = engine_on(env, bus, Some(display));
    let mut v = Value::Null;
    let held = crate::util::eventually_within(15, || {
        v = status_json(env, bus);
        v["phase"] == "due" && v["held"] == "do-not-disturb"
    });
    assert!(held, "{v}");
    assert_eq!(v["do_not_disturb_by"], by, "{v}");
    engine
}

/// dunst's own do-not-disturb (`dunstctl set-paused true`; dunst has no `Inhibited` property):
/// a due break is held, the status names dunst, nothing reaches dunst, and the break is offered
/// once dunst is unpaused.
fn dunst_pause_holds_a_due_break_and_the_status_names_dunst() {
    let display = Display::start();
    let bus = Bus::start();
    let env = Env::new();
    let _dunst = dunst_on(&display, &bus, &[]);
    let dunstctl = |args: &[&str]| {
        let out = Command::new("dunstctl").args(args).env("DBUS_SESSION_BUS_ADDRESS", &bus.address).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    };
    assert!(eventually(|| dunstctl(&["count", "displayed"]) == "0"), "dunst is up");
    dunstctl(&["set-paused", "true"]);
    assert_eq!(dunstctl(&["is-paused"]), "true");
    let _engine = engine_with_a_break_held_by(&env, &bus, &display, "dunst");
    let human = unhunch(&env, &bus, &["status"]);
    assert!(human.contains("it waits until dunst's do-not-disturb is off"), "{human}");
    assert_eq!(dunstctl(&["count", "waiting"]), "0", "nothing was sent to wait in dunst's queue");
    // Issue 24: the test notification went to dunst's queue while the CLI said it was shown.
    let said = unhunch(&env, &bus, &["test-notification"]);
    assert!(said.contains("went to dunst, whose do-not-disturb is on: it waits there"), "{said}");
    assert!(eventually(|| dunstctl(&["count", "waiting"]) == "1"), "it waits in dunst's queue");
    dunstctl(&["close-all"]);
    dunstctl(&["history-clear"]);
    dunstctl(&["set-paused", "false"]);
    assert!(
        crate::util::eventually_within(15, || dunstctl(&["count", "displayed"]) == "1"),
        "offered once dunst is unpaused"
    );
    assert!(status_json(&env, &bus).get("do_not_disturb_by").is_none_or(Value::is_null));
    let _ = unhunch(&env, &bus, &["quit"]);
}

/// Issue 26, item 1: a frozen notification server (a real dunst stopped with SIGSTOP, as a hung
/// gnome-shell would be) never freezes the engine. Before, asking it about its do-not-disturb
/// hung the engine's loop before the socket was even bound. Now the engine listens, and `status`
/// answers within a second every time, before and after the break comes due.
fn a_frozen_notification_server_never_freezes_the_engine() {
    let display = Display::start();
    let bus = Bus::start();
    let env = Env::new();
    let dunst = dunst_on(&display, &bus, &[]);
    let pid = dunst.0.id().to_string();
    assert!(Command::new("kill").args(["-STOP", &pid]).status().unwrap().success(), "dunst stopped");
    env.write("config/unhunch/settings.ron", "(micro: (interval: 10), warning: 0, safety_acknowledged: true)");
    env.sat_for(599);
    let _engine = engine_on(&env, &bus, Some(&display));
    let mut phases = Vec::new();
    for _ in 0..8 {
        let v = crate::frozen::status_within_a_second(&env, &bus);
        phases.push(v["phase"].as_str().unwrap_or_default().to_owned());
        // Probes a second apart, while the break comes due and the notice to dunst hangs.
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
    assert!(phases.iter().any(|p| p == "due"), "the break came due meanwhile: {phases:?}");
    let _ = Command::new("kill").args(["-CONT", &pid]).status();
    let _ = unhunch(&env, &bus, &["quit"]);
}

/// xfce4-notifyd's do-not-disturb (its xfconf setting; it has no `Inhibited` property, and a
/// notification sent meanwhile is never shown, even afterwards): the due break is held and named,
/// no bubble appears, and it is shown once do-not-disturb is off.
fn xfce4_notifyd_do_not_disturb_holds_a_due_break_and_it_is_shown_after() {
    let display = Display::start();
    let bus = Bus::start();
    let env = Env::new();
    let envs = [("DISPLAY", display.name.as_str()), ("DBUS_SESSION_BUS_ADDRESS", bus.address.as_str())];
    let home = [("HOME", env.path().to_path_buf()), ("XDG_CONFIG_HOME", env.config())];
    // xfconf's daemon first (a desktop's bus starts it on demand; the test's bus starts nothing).
    let mut xfconfd = Command::new(crate::rig::XFCONFD);
    xfconfd.envs(home.clone());
    let _xfconfd = on_desktop(xfconfd, &display, &bus);
    bus.await_name("org.xfce.Xfconf");
    let mut server = Command::new(crate::rig::XFCE4_NOTIFYD);
    server.envs(home.clone());
    let _server = on_desktop(server, &display, &bus);
    bus.await_name("org.freedesktop.Notifications");
    let xfconf = |value: &str| {
        Command::new("xfconf-query")
            .args(["-c", "xfce4-notifyd", "-p", "/do-not-disturb", "-n", "-t", "bool", "-s", value])
            .envs(envs)
            .envs(home.clone())
            .status()
            .is_ok_and(|s| s.success())
    };
    let bubbles = || {
        let out = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--classname", "xfce4-notifyd"])
            .env("DISPLAY", &display.name)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).lines().count()
    };
    assert!(eventually(|| xfconf("true")), "xfce4-notifyd's do-not-disturb is on");
    let _engine = engine_with_a_break_held_by(&env, &bus, &display, "xfce4-notifyd");
    assert_eq!(bubbles(), 0, "no bubble while do-not-disturb is on");
    assert!(xfconf("false"));
    assert!(crate::util::eventually_within(15, || bubbles() == 1), "shown once do-not-disturb is off");
    let _ = unhunch(&env, &bus, &["quit"]);
}

struct FakeManager;

#[zbus::interface(name = "org.freedesktop.login1.Manager")]
#[expect(clippy::unused_self, reason = "D-Bus methods are methods even when they need no state")]
impl FakeManager {
    #[zbus(name = "GetSessionByPID")]
    fn get_session_by_pid(&self, pid: u32) -> zbus::zvariant::OwnedObjectPath {
        assert!(pid > 0, "a real process asks");
        zbus::zvariant::OwnedObjectPath::try_from("/org/freedesktop/login1/session/_31").unwrap()
    }

    #[zbus(signal)]
    async fn prepare_for_sleep(emitter: &SignalEmitter<'_>, start: bool) -> zbus::Result<()>;
}

struct FakeSession;

#[zbus::interface(name = "org.freedesktop.login1.Session")]
impl FakeSession {
    #[zbus(signal)]
    async fn lock(emitter: &SignalEmitter<'_>) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn unlock(emitter: &SignalEmitter<'_>) -> zbus::Result<()>;
}

fn screen_lock_and_suspend_from_logind_count_as_away() {
    let (bus, system) = (Bus::start(), Bus::start());
    let logind = zbus::blocking::connection::Builder::address(system.address.as_str())
        .unwrap()
        .serve_at("/org/freedesktop/login1", FakeManager)
        .unwrap()
        .serve_at("/org/freedesktop/login1/session/_31", FakeSession)
        .unwrap()
        .name("org.freedesktop.login1")
        .unwrap()
        .build()
        .unwrap();
    let env = Env::new();
    let _engine = engine_with(&env, &bus, &[("DBUS_SYSTEM_BUS_ADDRESS", system.address.clone())]);
    let held = || -> Value {
        let v = status_json(&env, &bus);
        v["held"].clone()
    };
    let session = logind.object_server().interface::<_, FakeSession>("/org/freedesktop/login1/session/_31").unwrap();
    let manager = logind.object_server().interface::<_, FakeManager>("/org/freedesktop/login1").unwrap();
    // The engine subscribes soon after it starts, and a signal sent before is lost (as on a real
    // bus): each signal is sent again until its effect shows, rather than after a guessed wait.
    let away = |v: &Value| v == "away";
    let here = |v: &Value| v.is_null();
    let lock = || zbus::block_on(FakeSession::lock(session.signal_emitter())).unwrap();
    assert!(
        eventually(|| {
            lock();
            away(&held())
        }),
        "a locked screen is time away: {}",
        held()
    );
    let unlock = || zbus::block_on(FakeSession::unlock(session.signal_emitter())).unwrap();
    assert!(
        eventually(|| {
            unlock();
            here(&held())
        }),
        "unlocking is coming back: {}",
        held()
    );

    let sleep = |start| zbus::block_on(FakeManager::prepare_for_sleep(manager.signal_emitter(), start)).unwrap();
    assert!(
        eventually(|| {
            sleep(true);
            away(&held())
        }),
        "going to sleep is time away: {}",
        held()
    );
    assert!(
        eventually(|| {
            sleep(false);
            here(&held())
        }),
        "waking up is coming back: {}",
        held()
    );
}

/// GNOME's idle monitor, answering what the test sets.
struct FakeMutter {
    idle_ms: Arc<Mutex<u64>>,
}

#[zbus::interface(name = "org.gnome.Mutter.IdleMonitor")]
impl FakeMutter {
    fn get_idletime(&self) -> u64 {
        *self.idle_ms.lock().unwrap()
    }
}

fn gnome_mutter_idle_monitor_is_used_when_there_is_no_x_display() {
    let bus = Bus::start();
    let idle_ms = Arc::new(Mutex::new(0u64));
    let _mutter = serve(
        &bus,
        "/org/gnome/Mutter/IdleMonitor/Core",
        FakeMutter { idle_ms: Arc::clone(&idle_ms) },
        "org.gnome.Mutter.IdleMonitor",
    );
    let env = Env::new();
    env.write("config/unhunch/settings.ron", "(micro: (idle_threshold: 10), long: (idle_threshold: 10))");
    let _engine = engine(&env, &bus);
    let status = || status_json(&env, &bus);
    assert_eq!(status()["idle_backend"], "gnome-mutter");
    *idle_ms.lock().unwrap() = 15_000;
    assert!(crate::util::eventually_within(15, || status()["held"] == "away"), "{}", status());
    *idle_ms.lock().unwrap() = 0;
    assert!(crate::util::eventually_within(10, || status()["held"].is_null()), "{}", status());
    assert!(status()["breaks"][0]["in_secs"].as_u64().unwrap() >= 30 * 60 - 3, "a fresh sitting bout");
}

fn gnome_do_not_disturb_holds_a_due_break_until_it_is_switched_off() {
    let bus = Bus::start();
    let env = Env::new();
    // The real `gsettings` and GNOME's schema, on the keyfile backend in the test's config folder
    // (no dconf service needed): what GNOME's do-not-disturb switch writes.
    let gsettings = |value: &str| {
        let ok = Command::new("gsettings")
            .args(["set", "org.gnome.desktop.notifications", "show-banners", value])
            .env("XDG_CONFIG_HOME", env.config())
            .env("GSETTINGS_BACKEND", "keyfile")
            .status();
        assert!(ok.is_ok_and(|s| s.success()), "gsettings set show-banners {value}");
    };
    gsettings("false");
    env.write("config/unhunch/settings.ron", "(micro: (interval: 10), warning: 0)");
    env.sat_for(599);
    let gnome = [("XDG_CURRENT_DESKTOP", "ubuntu:GNOME".to_owned()), ("GSETTINGS_BACKEND", "keyfile".to_owned())];
    let _engine = engine_with(&env, &bus, &gnome);
    let status = || status_json(&env, &bus);
    assert!(crate::util::eventually_within(10, || status()["phase"] == "due"), "{}", status());
    let held = status();
    assert_eq!(
        (held["held"].as_str(), held["break_waiting"].as_bool(), held["do_not_disturb_by"].as_str()),
        (Some("do-not-disturb"), Some(true), Some("GNOME")),
        "{held}"
    );
    gsettings("true");
    assert!(crate::util::eventually_within(10, || status()["break_waiting"] == false), "offered once it is off");
    assert_eq!(status()["phase"], "due");
}

/// Issue 10's acceptance: `unhunch start ROUTINE` under X opens the window, which plays it; the
/// window is killed (`kill -9`); within the grace and a few seconds the engine has ended the break
/// by itself, the sitting clock runs again, and the history has what was really done.
fn a_window_killed_mid_session_leaves_no_break_behind_and_the_history_says_what_was_done() {
    let display = Display::start();
    let bus = Bus::start();
    let with_desktop = |mut cmd: Command| {
        cmd.env("DISPLAY", &display.name).env("DBUS_SESSION_BUS_ADDRESS", &bus.address);
        cmd
    };
    let _wm = Guard(with_desktop(Command::new("openbox")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());
    let env = Env::new();
    // A ten-second grace keeps the test short; the default is two minutes.
    env.write("config/unhunch/settings.ron", "(safety_acknowledged: true, window_grace: 10)");
    // `start` starts the engine (logging to engine.log), which opens the window for the break.
    let out = with_desktop(env.command(&["start", "thoracic-mobility"])).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let engine_log = env.path().join("state/unhunch/engine.log");
    let _engine = EngineByLog(env.path().join("run/unhunch/control.sock"), env.command(&["quit"]));
    let status = || status_json(&env, &bus);
    let playing = crate::util::eventually_within(20, || status()["on_break"]["playing"] == true);
    assert!(
        playing,
        "the window plays the break: {} / {}",
        status(),
        std::fs::read_to_string(&engine_log).unwrap_or_default()
    );
    // Let it play a few seconds, so something was done.
    let played = crate::util::eventually_within(20, || status()["on_break"]["performed_secs"].as_u64() >= Some(3));
    assert!(played, "progress reached the engine: {}", status());

    let log = std::fs::read_to_string(&engine_log).unwrap();
    let pid: i32 = log
        .lines()
        .find_map(|l| l.split("opened the window (pid ").nth(1))
        .and_then(|rest| rest.split(')').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the window's pid in the log: {log}"));
    assert!(Command::new("kill").args(["-9", &pid.to_string()]).status().unwrap().success());

    // The break waits for a window to come back, then ends by itself.
    let left = crate::util::eventually_within(5, || status()["on_break"]["playing"] == false);
    assert!(left, "{}", status());
    assert!(status()["on_break"]["ends_in_secs"].as_u64().is_some_and(|s| s <= 10), "{}", status());
    let back = crate::util::eventually_within(20, || status()["phase"] == "working");
    assert!(back, "the engine ended the break: {}", status());
    let v = status();
    assert_eq!((v["counting"].as_bool(), v["on_break"].is_null()), (Some(true), true), "sitting counts again: {v}");
    let sitting = v["sitting_secs"].as_u64().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert!(status()["sitting_secs"].as_u64().unwrap() > sitting, "and the clock runs");

    let history_dir = env.path().join("data/unhunch/history");
    let history: String = std::fs::read_dir(&history_dir)
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    let (entries, bad) = unhunch::core::history::parse_history(&history);
    assert!(bad.is_empty(), "{bad:?}");
    let last = entries.last().expect("recorded");
    assert_eq!(
        (last.outcome, last.routine.as_deref()),
        (unhunch::core::history::Outcome::Abandoned, Some("thoracic-mobility"))
    );
    let done = last.done.clone().expect("what was done");
    assert!(done.performed_secs >= 3 && done.exercises == 7, "{done:?}");
    assert_eq!(v["today"]["completed"], 0, "not counted as completed");
}

/// Issue 24: `unhunch start` with the window closed (the path of a notification's Start) opens a
/// window that plays the routine as it is for this user: with no band, the W squeeze in place of
/// the band pull-apart. Keys go to the real window (Right twice, then P for pain), and the history
/// lists the exercises the window had (skipped but the part played).
fn a_break_that_opens_the_window_plays_the_routine_for_a_user_without_a_band() {
    let display = Display::start();
    let bus = Bus::start();
    let env = Env::new();
    env.write(
        "config/unhunch/settings.ron",
        "(safety_acknowledged: true, profile: (without: [Band], conditions: [Osteoporosis], asked: true))",
    );
    let desktop = |mut cmd: Command| {
        cmd.env("DISPLAY", &display.name).env("DBUS_SESSION_BUS_ADDRESS", &bus.address);
        cmd
    };
    // A window manager gives the window focus, and the session starts once it is in front.
    let _wm = Guard(desktop(Command::new("openbox")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());
    let out = desktop(env.command(&["start", "rhomboid-strength"])).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let _engine = EngineByLog(env.path().join("run/unhunch/control.sock"), env.command(&["quit"]));
    let status = || status_json(&env, &bus);
    let playing = crate::util::eventually_within(20, || status()["on_break"]["playing"] == true);
    assert!(playing, "the window plays the break: {}", status());
    assert_eq!(status()["on_break"]["steps"], 11, "{}", status());
    let xdotool = |args: &[&str]| {
        let status = desktop(Command::new("xdotool")).args(args).status().unwrap();
        assert!(status.success(), "xdotool {args:?}");
    };
    xdotool(&["mousemove", "300", "300"]);
    for step in [1, 2] {
        xdotool(&["key", "Right"]);
        let moved = crate::util::eventually_within(10, || status()["on_break"]["step"] == step);
        assert!(moved, "Right moved to step {step}: {}", status());
    }
    xdotool(&["key", "p"]);
    assert!(crate::util::eventually_within(10, || status()["phase"] == "working"), "P ended it: {}", status());
    let (history, entries) = env.history();
    let last = entries.last().expect("recorded");
    assert_eq!(last.outcome, unhunch::core::history::Outcome::Pain, "{history}");
    // What the window played, in its order (all of it skipped but the part played): the W
    // squeeze third, and no band anywhere.
    let played = last.done.as_ref().map(|d| d.skipped.clone()).unwrap_or_default();
    assert_eq!(played.get(2).map(String::as_str), Some("w-squeeze"), "{history}");
    assert!(!played.iter().any(|id| id.contains("band")), "nothing with a band: {history}");
    assert_eq!(last.done.as_ref().map(|d| d.exercises), Some(8), "{history}");
}

/// Issue 24: on a desktop with no tray host (GNOME without the `AppIndicator` extension) the engine
/// said nothing about its missing tray icon; `engine.log` (written by `unhunch daemon` itself now)
/// says so.
fn with_no_tray_host_the_engine_log_says_so() {
    let bus = Bus::start();
    let env = Env::new();
    let _engine = engine(&env, &bus);
    let log = env.path().join("state/unhunch/engine.log");
    let said = crate::util::eventually_within(20, || {
        std::fs::read_to_string(&log).is_ok_and(|t| t.contains("no tray host on this desktop"))
    });
    assert!(said, "{}", std::fs::read_to_string(&log).unwrap_or_default());
}

/// Issue 24, as GNOME Shell 43 showed it: a due break that replaced its heads-up (same id) had no
/// buttons, and a normal-urgency bubble left the screen after about 4 s. The heads-up is normal;
/// the due break is a new bubble (the heads-up closed first) with critical urgency. A server with
/// no `sound` capability (this one, like dunst) gets the sound hint and Unhunch plays the cue
/// itself, heard on a private PulseAudio. `unhunch quit` takes the bubble down.
fn a_due_break_is_a_fresh_critical_bubble_that_is_heard_and_quit_takes_it_down() {
    let bus = Bus::start();
    let recorder = Recorder::default();
    let (calls, closed) = (Arc::clone(&recorder.calls), Arc::clone(&recorder.closed));
    let _server = serve_recorder(&bus, recorder);
    let env = Env::new();
    let pulse = crate::rig::Pulse::start(env.path());
    // The heads-up a second after the start, the break due five seconds later.
    env.write("config/unhunch/settings.ron", "(micro: (interval: 10), warning: 5)");
    env.sat_for(594);
    let mut engine = None;
    let loudest = pulse.loudest_while(env.path(), || {
        engine = Some(engine_with(&env, &bus, &[("PULSE_SERVER", pulse.server())]));
        let both = crate::util::eventually_within(20, || calls.lock().unwrap().len() >= 2);
        assert!(both, "the heads-up and the due break: {:?}", calls.lock().unwrap());
    });
    let (heads_up, due) = {
        let calls = calls.lock().unwrap();
        (calls[0].clone(), calls[1].clone())
    };
    assert!(heads_up.summary.starts_with("A posture reset in"), "{heads_up:?}");
    let urgency = |n: &Notify| n.hints.iter().find(|h| h.starts_with("urgency=")).cloned().unwrap_or_default();
    assert!(urgency(&heads_up).contains('1'), "the heads-up is normal: {:?}", heads_up.hints);
    assert_eq!(due.summary, "Time for a posture reset");
    assert!(urgency(&due).contains('2'), "the due break is critical: {:?}", due.hints);
    assert_eq!(due.replaces_id, 0, "a new bubble, not the heads-up replaced");
    assert!(closed.lock().unwrap().contains(&1), "the heads-up was closed first: {:?}", closed.lock().unwrap());
    assert!(due.actions.contains(&"start".to_owned()), "{:?}", due.actions);
    assert!(due.hints.iter().any(|h| h.starts_with("sound-name=")), "the sound hint: {:?}", due.hints);
    assert!(loudest > 1000, "with no sound from the server, Unhunch's cue is heard: loudest sample {loudest}");

    let _ = unhunch(&env, &bus, &["quit"]);
    assert!(closed.lock().unwrap().contains(&2), "quit took the bubble down: {:?}", closed.lock().unwrap());
    drop(engine);
}

/// Stops an engine that a test started through the CLI (it is not a child of the test).
struct EngineByLog(std::path::PathBuf, Command);

impl Drop for EngineByLog {
    fn drop(&mut self) {
        if self.0.exists() {
            let _ = self.1.output();
        }
    }
}

/// Issue 10: the tray shows that a break is due (status and icon) and offers Start, Snooze and
/// Skip for it; paused, its icon changes; its routine list follows the routine files.
fn the_tray_tells_a_due_break_and_a_pause_apart_and_follows_routine_edits() {
    let bus = Bus::start();
    let env = Env::new();
    env.write("config/unhunch/settings.ron", "(micro: (interval: 10), warning: 0)");
    env.sat_for(599);
    let _engine = engine(&env, &bus);
    let tray = Tray::find(&bus);
    let labels = || tray.items().into_iter().map(|i| (i.1, i.2)).collect::<Vec<_>>();
    assert!(eventually(|| tray.get("Status").contains("NeedsAttention")), "{}", tray.get("Status"));
    assert!(tray.get("IconName").contains("unhunch-due"), "{}", tray.get("IconName"));
    assert!(tray.get("Title").contains("A posture reset is due"), "lxqt shows only the title: {}", tray.get("Title"));
    let menu = labels();
    for want in ["Start the posture reset now (Posture reset)", "Snooze", "Skip this posture reset"] {
        assert!(menu.iter().any(|(l, on)| l == want && *on), "{want} in {menu:?}");
    }
    tray.click("Snooze");
    assert!(eventually(|| phase(&env, &bus) == "snoozed"), "the tray's Snooze snoozed it");
    assert!(eventually(|| tray.get("Status").contains("Active")), "{}", tray.get("Status"));

    tray.click("For 30 minutes");
    assert!(eventually(|| tray.get("IconName").contains("unhunch-paused")), "{}", tray.get("IconName"));
    let v = status_json(&env, &bus);
    let now = unhunch::core::ports::Clock::now(&unhunch::platform::clock::SystemClock)
        .wall
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let until = v["paused_until"].as_u64().unwrap();
    assert!((now + 29 * 60..=now + 30 * 60).contains(&until), "thirty minutes from the click: {until} vs {now}");

    // A routine saved in the folder shows in the tray's menu.
    env.write(
        "config/unhunch/routines/desk.ron",
        "Routine(id: \"desk\", name: \"Desk reset\", steps: [Do(exercise: \"chin-tuck\")])",
    );
    assert!(eventually(|| labels().iter().any(|(l, _)| l == "Desk reset (0:15)")), "{:?}", labels());
}

/// Replacing a bubble many times leaks nothing: with dunst, twenty test notifications later the
/// engine has no more threads and no more bus connections than after the first.
fn replacing_notifications_leaks_no_connection_or_thread() {
    let display = Display::start();
    let bus = Bus::start();
    let env = Env::new();
    let _dunst = dunst_on(&display, &bus, &[]);
    env.write("config/unhunch/settings.ron", "(safety_acknowledged: true)");
    let engine = engine_on(&env, &bus, Some(&display));
    let pid = engine.0.id();
    let threads = || std::fs::read_dir(format!("/proc/{pid}/task")).map_or(0, Iterator::count);
    let names = || {
        let out = Command::new("dbus-send")
            .args([
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.ListNames",
            ])
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).matches("\":1.").count()
    };
    unhunch(&env, &bus, &["test-notification"]);
    std::thread::sleep(std::time::Duration::from_secs(2));
    let (threads_after_one, names_after_one) = (threads(), names());
    for _ in 0..20 {
        unhunch(&env, &bus, &["test-notification"]);
    }
    // Time for anything that would end to end (an idle pool thread ends after half a second).
    std::thread::sleep(std::time::Duration::from_secs(2));
    let (threads_after, names_after) = (threads(), names());
    assert!(threads_after <= threads_after_one, "threads: {threads_after_one} after one, {threads_after} after 21");
    assert!(names_after <= names_after_one, "bus connections: {names_after_one} after one, {names_after} after 21");
}

/// This module's tests, each with the programs it needs.
/// Issue 24's: the profile on a break that opens the window, the due bubble, the tray's log.
pub fn issue_24_trials() -> Vec<Trial> {
    vec![
        needs(
            &["dbus-daemon", "pulseaudio", "pactl", "parecord"],
            "a_due_break_is_a_fresh_critical_bubble_that_is_heard_and_quit_takes_it_down",
            a_due_break_is_a_fresh_critical_bubble_that_is_heard_and_quit_takes_it_down,
        ),
        needs(&["dbus-daemon"], "with_no_tray_host_the_engine_log_says_so", with_no_tray_host_the_engine_log_says_so),
        needs(
            &["Xvfb", "dbus-daemon", "xdotool", "openbox"],
            "a_break_that_opens_the_window_plays_the_routine_for_a_user_without_a_band",
            a_break_that_opens_the_window_plays_the_routine_for_a_user_without_a_band,
        ),
    ]
}

pub fn trials() -> Vec<Trial> {
    vec![
        needs(
            &["dbus-daemon"],
            "a_private_bus_activates_no_notification_server_of_the_machines",
            a_private_bus_activates_no_notification_server_of_the_machines,
        ),
        needs(
            &["Xvfb", "dbus-daemon", "dunst", "dbus-send"],
            "replacing_notifications_leaks_no_connection_or_thread",
            replacing_notifications_leaks_no_connection_or_thread,
        ),
        needs(
            &["dbus-daemon"],
            "break_notifications_carry_buttons_escaped_text_and_a_replace_id_and_the_buttons_work",
            break_notifications_carry_buttons_escaped_text_and_a_replace_id_and_the_buttons_work,
        ),
        needs(
            &["Xvfb", "dbus-daemon", "dbus-send", "dunst", "dunstctl"],
            "dunst_shows_a_due_break_with_its_buttons_and_its_start_and_the_test_notification_work",
            dunst_shows_a_due_break_with_its_buttons_and_its_start_and_the_test_notification_work,
        ),
        needs(
            &["Xvfb", "dbus-daemon", "dbus-send", "dunst", "dunstctl"],
            "dunst_pause_holds_a_due_break_and_the_status_names_dunst",
            dunst_pause_holds_a_due_break_and_the_status_names_dunst,
        ),
        needs(
            &["Xvfb", "dbus-daemon", "dunst", "timeout"],
            "a_frozen_notification_server_never_freezes_the_engine",
            a_frozen_notification_server_never_freezes_the_engine,
        ),
        needs(
            &[
                "Xvfb",
                "dbus-daemon",
                "dbus-send",
                "xdotool",
                "xfconf-query",
                crate::rig::XFCONFD,
                crate::rig::XFCE4_NOTIFYD,
            ],
            "xfce4_notifyd_do_not_disturb_holds_a_due_break_and_it_is_shown_after",
            xfce4_notifyd_do_not_disturb_holds_a_due_break_and_it_is_shown_after,
        ),
        needs(
            &["dbus-daemon", "dbus-send"],
            "the_tray_item_is_on_the_bus_with_its_menu_and_the_menu_works",
            the_tray_item_is_on_the_bus_with_its_menu_and_the_menu_works,
        ),
        needs(
            &["Xvfb", "dbus-daemon", "xdotool", "xprop"],
            "a_second_unhunch_raises_the_open_window_instead_of_opening_another",
            a_second_unhunch_raises_the_open_window_instead_of_opening_another,
        ),
        needs(
            &["Xvfb", "dbus-daemon", "xdotool"],
            "x11_idle_time_away_is_a_natural_break_and_input_brings_the_user_back",
            x11_idle_time_away_is_a_natural_break_and_input_brings_the_user_back,
        ),
        needs(
            &["Xvfb", "dbus-daemon", "openbox", "wmctrl"],
            "a_break_due_during_a_fullscreen_window_is_delivered_after_it",
            a_break_due_during_a_fullscreen_window_is_delivered_after_it,
        ),
        needs(
            &["dbus-daemon"],
            "do_not_disturb_holds_a_due_break_until_it_is_switched_off",
            do_not_disturb_holds_a_due_break_until_it_is_switched_off,
        ),
        needs(
            &["dbus-daemon"],
            "screen_lock_and_suspend_from_logind_count_as_away",
            screen_lock_and_suspend_from_logind_count_as_away,
        ),
        needs(
            &["dbus-daemon"],
            "gnome_mutter_idle_monitor_is_used_when_there_is_no_x_display",
            gnome_mutter_idle_monitor_is_used_when_there_is_no_x_display,
        ),
        needs(
            &["dbus-daemon", "gsettings", crate::rig::GNOME_NOTIFICATIONS_SCHEMA],
            "gnome_do_not_disturb_holds_a_due_break_until_it_is_switched_off",
            gnome_do_not_disturb_holds_a_due_break_until_it_is_switched_off,
        ),
        needs(
            &["Xvfb", "dbus-daemon", "openbox"],
            "a_window_killed_mid_session_leaves_no_break_behind_and_the_history_says_what_was_done",
            a_window_killed_mid_session_leaves_no_break_behind_and_the_history_says_what_was_done,
        ),
        needs(
            &["dbus-daemon", "dbus-send"],
            "the_tray_tells_a_due_break_and_a_pause_apart_and_follows_routine_edits",
            the_tray_tells_a_due_break_and_a_pause_apart_and_follows_routine_edits,
        ),
    ]
}
