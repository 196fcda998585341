//! Issue 24: what a screen reader gets. The real window on Xvfb, AccessKit over a private AT-SPI
//! bus, read back with pyatspi (`atspi.py`) as Orca would: the window's name, a name on every
//! control, progress bars with a name and a 0–100 range, the Colours choices each by its own
//! name, the figure's description, and the player's phase changes announced politely, once each.
#![expect(clippy::unwrap_used, reason = "test plumbing: a failure here is a failed test")]

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};

use libtest_mimic::Trial;
use serde_json::Value;

use crate::rig::{AT_SPI_BUS_LAUNCHER, Bus, Display, Guard, PYATSPI, needs};
use crate::session::{engine_on, unhunch};
use crate::util::{Env, eventually_within};

const HELPER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/desktop/atspi.py");

/// The accessibility bus for a test's session bus, switched on (as a desktop does when a screen
/// reader runs); stopped, with the bus daemon it started, when dropped.
pub struct A11y {
    _launcher: Guard,
    /// The accessibility bus's socket lives here, so no two tests share one.
    dir: tempfile::TempDir,
}

impl Drop for A11y {
    fn drop(&mut self) {
        // The launcher's own dbus-daemon outlives it: it is known by its socket's folder.
        let _ = Command::new("pkill").arg("-f").arg(self.dir.path()).status();
    }
}

pub fn start_a11y(bus: &Bus) -> A11y {
    let dir = tempfile::tempdir().unwrap();
    let launcher = Command::new(AT_SPI_BUS_LAUNCHER)
        .arg("--launch-immediately")
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .env("XDG_RUNTIME_DIR", dir.path())
        .env_remove("DISPLAY")
        // IsEnabled is kept in GSettings, whose dconf the test's bus cannot start.
        .env("GSETTINGS_BACKEND", "memory")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let a11y = A11y { _launcher: Guard(launcher), dir };
    bus.await_name("org.a11y.Bus");
    let property = |args: &[&str]| {
        let out = Command::new("dbus-send")
            .args(["--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus"])
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    property(&[
        "org.freedesktop.DBus.Properties.Set",
        "string:org.a11y.Status",
        "string:IsEnabled",
        "variant:boolean:true",
    ]);
    let on = eventually_within(10, || {
        property(&["org.freedesktop.DBus.Properties.Get", "string:org.a11y.Status", "string:IsEnabled"])
            .contains("true")
    });
    assert!(on, "the accessibility bus says it is on");
    a11y
}

/// The accessibles of the application `unhunch`, as `atspi.py tree` lists them, and what the
/// helper said on stderr (why it found nothing).
fn read_tree(bus: &Bus) -> (Vec<Value>, String) {
    let out = Command::new("/usr/bin/python3")
        .args([HELPER, "tree", "unhunch"])
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .output()
        .unwrap();
    let nodes = String::from_utf8_lossy(&out.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    (nodes, String::from_utf8_lossy(&out.stderr).trim().to_owned())
}

/// Presses the push button `button` in the window named `frame` through its accessible action,
/// as a screen reader user activates it; true when the action was taken.
pub fn press(bus: &Bus, frame: &str, button: &str) -> bool {
    let out = Command::new("/usr/bin/python3")
        .args([HELPER, "press", frame, button])
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .output()
        .unwrap();
    out.status.success()
}

/// Waits until the tree has a frame named `frame` holding something named `name`; returns it.
pub fn tree_with(bus: &Bus, frame: &str, name: &str) -> Vec<Value> {
    let (mut seen, mut said) = (Vec::new(), String::new());
    let found = eventually_within(30, || {
        (seen, said) = read_tree(bus);
        has(&seen, "frame", frame) && seen.iter().any(|n| n["name"] == name)
    });
    assert!(found, "a frame {frame:?} with {name:?} in the accessibility tree ({said}):\n{}", dump(&seen));
    seen
}

pub fn has(tree: &[Value], role: &str, name: &str) -> bool {
    tree.iter().any(|n| n["role"] == role && n["name"] == name)
}

pub fn dump(tree: &[Value]) -> String {
    tree.iter()
        .map(|n| {
            let depth = usize::try_from(n["depth"].as_u64().unwrap_or(0)).unwrap_or(0);
            format!("{}{} {:?}", "  ".repeat(depth), n["role"].as_str().unwrap_or(""), n["name"].as_str().unwrap_or(""))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Controls a screen reader must be able to name.
fn unnamed_controls(tree: &[Value]) -> Vec<String> {
    let controls =
        ["push button", "toggle button", "check box", "radio button", "slider", "combo box", "text", "image"];
    tree.iter()
        .filter(|n| controls.contains(&n["role"].as_str().unwrap_or("")) && n["name"].as_str().unwrap_or("").is_empty())
        .map(ToString::to_string)
        .collect()
}

fn progress_bars(tree: &[Value]) -> Vec<&Value> {
    tree.iter().filter(|n| n["role"] == "progress bar").collect()
}

fn a_screen_reader_reads_the_dashboard_settings_and_player_and_hears_each_phase_once() {
    let display = Display::start();
    let bus = Bus::start();
    let _a11y = start_a11y(&bus);
    let desktop = |mut cmd: Command| {
        cmd.env("DISPLAY", &display.name).env("DBUS_SESSION_BUS_ADDRESS", &bus.address);
        cmd
    };
    let _wm = Guard(desktop(Command::new("openbox")).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());
    let env = Env::new();
    env.write("config/unhunch/settings.ron", "(safety_acknowledged: true)");
    let _engine = engine_on(&env, &bus, Some(&display));
    let _window = Guard(desktop(env.command(&[])).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());

    // The dashboard.
    let seen = tree_with(&bus, "Unhunch", "Start a stretch now");
    assert!(has(&seen, "frame", "Unhunch"), "the window has a name:\n{}", dump(&seen));
    assert_eq!(unnamed_controls(&seen), Vec::<String>::new(), "{}", dump(&seen));
    let bars = progress_bars(&seen);
    assert!(!bars.is_empty(), "{}", dump(&seen));
    for bar in bars {
        assert!(bar["name"].as_str().is_some_and(|n| n.starts_with("Time to the")), "{bar}");
        assert_eq!((bar["min"].as_f64(), bar["max"].as_f64()), (Some(0.0), Some(100.0)), "{bar}");
    }

    // Settings, by its key.
    let xdotool = |args: &[&str]| assert!(desktop(Command::new("xdotool")).args(args).status().unwrap().success());
    xdotool(&["search", "--onlyvisible", "--name", "^Unhunch$", "windowactivate", "--sync"]);
    xdotool(&["key", "ctrl+4"]);
    let seen = tree_with(&bus, "Unhunch", "Save settings");
    for choice in ["As the desktop", "Light", "Dark"] {
        assert!(has(&seen, "radio button", choice), "the Colours choice {choice:?} reads as itself:\n{}", dump(&seen));
    }
    assert_eq!(unnamed_controls(&seen), Vec::<String>::new(), "{}", dump(&seen));

    // The player: listen first, then start a posture reset.
    let mut listener = Command::new("/usr/bin/python3")
        .args([HELPER, "listen", "22"])
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut heard = BufReader::new(listener.stdout.take().unwrap()).lines();
    let ready = heard.next().and_then(Result::ok).unwrap_or_default();
    assert!(ready.contains("listening"), "the listener is ready: {ready:?}");
    unhunch(&env, &bus, &["start", "posture-reset"]);
    let seen = tree_with(&bus, "Unhunch", "Session progress");
    assert!(
        seen.iter()
            .any(|n| n["role"] == "image" && n["name"].as_str().is_some_and(|t| t.starts_with("Shoulder rolls: "))),
        "the figure is described:\n{}",
        dump(&seen)
    );
    let bar = progress_bars(&seen).into_iter().find(|b| b["name"] == "Session progress").cloned().unwrap();
    assert_eq!((bar["min"].as_f64(), bar["max"].as_f64()), (Some(0.0), Some(100.0)), "{bar}");
    assert_eq!(unnamed_controls(&seen), Vec::<String>::new(), "{}", dump(&seen));

    let announced: Vec<String> = heard
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str::<Value>(&l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_owned))
        .collect();
    let _ = listener.wait();
    // The get-ready, then each part of the first steps: said once each as they come, never the
    // seconds ticking down (about 20 s of a posture reset has a handful of parts, not dozens).
    assert!(
        announced.first().is_some_and(|t| t == "Shoulder rolls: get ready, 5 seconds"),
        "the first thing heard: {announced:?}"
    );
    assert!(
        announced.iter().any(|t| t == "Shoulder rolls: 3 reps, 3 seconds each"),
        "the work after the get-ready: {announced:?}"
    );
    assert!(announced.len() >= 3 && announced.len() <= 8, "{} announcements: {announced:?}", announced.len());
    assert!(announced.windows(2).all(|w| w[0] != w[1]), "nothing said twice in a row: {announced:?}");
}

pub fn trials() -> Vec<Trial> {
    vec![needs(
        &["Xvfb", "dbus-daemon", "dbus-send", "openbox", "xdotool", AT_SPI_BUS_LAUNCHER, PYATSPI],
        "a_screen_reader_reads_the_dashboard_settings_and_player_and_hears_each_phase_once",
        a_screen_reader_reads_the_dashboard_settings_and_player_and_hears_each_phase_once,
    )]
}
