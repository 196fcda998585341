//! The engine under a real Wayland compositor: Debian's sway (1.7), headless, run as an
//! unprivileged user (sway refuses nothing as root, but a desktop never runs that way). Its idle
//! protocol is KDE's older `org_kde_kwin_idle`; its windows' fullscreen state comes from wlroots'
//! foreign-toplevel. Input is typed through the virtual-keyboard protocol (`wtype`); the
//! fullscreen window is a real terminal (`foot`), made fullscreen through sway's IPC.
#![expect(clippy::unwrap_used, reason = "test plumbing: a failure here is a failed test")]

use std::os::unix::fs::MetadataExt as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use libtest_mimic::Trial;
use serde_json::Value;

use crate::rig::{Guard, needs};
use crate::util::{Env, eventually, eventually_within};

const SWAY: &[&str] = &["sway", "swaymsg", "wtype", "foot", "setpriv"];

pub fn trials() -> Vec<Trial> {
    vec![
        needs(
            SWAY,
            "sway_kde_idle_time_away_is_a_natural_break_and_typing_brings_the_user_back",
            sway_kde_idle_time_away_is_a_natural_break_and_typing_brings_the_user_back,
        ),
        needs(
            &["sway", "setpriv", "mako", "makoctl", "dbus-daemon"],
            "mako_do_not_disturb_mode_holds_a_due_break_and_it_is_shown_after",
            mako_do_not_disturb_mode_holds_a_due_break_and_it_is_shown_after,
        ),
        needs(
            &["sway", "setpriv", "waybar", "grim", "dbus-daemon"],
            "waybar_draws_the_tray_icon_itself_not_a_placeholder",
            waybar_draws_the_tray_icon_itself_not_a_placeholder,
        ),
        needs(
            SWAY,
            "sway_a_fullscreen_window_holds_a_due_break_until_it_leaves_fullscreen",
            sway_a_fullscreen_window_holds_a_due_break_until_it_leaves_fullscreen,
        ),
    ]
}

/// A private headless sway; its sockets are `wayland` and `ipc`.
struct Sway {
    /// Its folder (its `HOME` and runtime folder are in it).
    home: PathBuf,
    wayland: PathBuf,
    ipc: PathBuf,
    _compositor: Guard,
    _dir: tempfile::TempDir,
}

impl Sway {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let run = dir.path().join("run");
        std::fs::create_dir_all(&run).unwrap();
        let config = dir.path().join("config");
        std::fs::File::create(&config).unwrap();
        if as_root() {
            // As root: sway runs as `nobody`, in a folder of its own.
            for path in [dir.path(), run.as_path()] {
                std::os::unix::fs::chown(path, Some(65534), Some(65534)).unwrap();
            }
        }
        let mut cmd = unprivileged("sway");
        std::fs::set_permissions(&run, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
        let child = cmd
            .arg("-c")
            .arg(&config)
            .env_clear()
            .env("HOME", dir.path())
            .env("XDG_RUNTIME_DIR", &run)
            .env("WLR_BACKENDS", "headless")
            .env("WLR_LIBINPUT_NO_DEVICES", "1")
            .env("WLR_RENDERER", "pixman")
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let guard = Guard(child);
        let wayland = run.join("wayland-1");
        let ipc = || {
            std::fs::read_dir(&run)
                .ok()?
                .flatten()
                .map(|e| e.path())
                .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("sway-ipc.")))
        };
        assert!(eventually(|| wayland.exists() && ipc().is_some()), "sway did not start");
        let ipc = ipc().unwrap();
        Self { home: dir.path().to_path_buf(), wayland, ipc, _compositor: guard, _dir: dir }
    }

    fn swaymsg(&self, args: &[&str]) {
        let ok = Command::new("swaymsg").arg("-s").arg(&self.ipc).args(args).stdout(Stdio::null()).status();
        assert!(ok.is_ok_and(|s| s.success()), "swaymsg {args:?}");
    }

    /// A program of the desktop's own (a notification server, a panel): run like sway (as
    /// `nobody` under root), in sway's home, on this sway and on `bus`.
    fn desktop_program(&self, program: &str, bus: &crate::rig::Bus) -> Guard {
        let child = unprivileged(program)
            .env_clear()
            .env("HOME", &self.home)
            .env("XDG_RUNTIME_DIR", self.home.join("run"))
            .env("WAYLAND_DISPLAY", &self.wayland)
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Guard(child)
    }

    /// A Wayland client of this sway.
    fn client(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env_remove("DISPLAY").env("WAYLAND_DISPLAY", &self.wayland);
        cmd
    }
}

fn as_root() -> bool {
    std::fs::metadata("/proc/self").unwrap().uid() == 0
}

/// `program`, run as `nobody` when the test runs as root (as the desktop's own programs would be).
fn unprivileged(program: &str) -> Command {
    if as_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", program]);
        c
    } else {
        Command::new(program)
    }
}

fn engine(env: &Env, sway: &Sway) -> Guard {
    engine_on_bus(env, sway, None)
}

/// The engine on this sway, and on `bus` when given; returns once it listens.
fn engine_on_bus(env: &Env, sway: &Sway, bus: Option<&crate::rig::Bus>) -> Guard {
    let mut cmd = env.command(&["daemon"]);
    if let Some(bus) = bus {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", &bus.address);
    }
    let child = cmd.env("WAYLAND_DISPLAY", &sway.wayland).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let guard = Guard(child);
    assert!(eventually(|| env.path().join("run/unhunch/control.sock").exists()), "the engine listens");
    guard
}

fn status(env: &Env) -> Value {
    let out = env.command(&["status", "--json"]).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

fn sway_kde_idle_time_away_is_a_natural_break_and_typing_brings_the_user_back() {
    let sway = Sway::start();
    let env = Env::new();
    env.write("config/unhunch/settings.ron", "(micro: (idle_threshold: 10), long: (idle_threshold: 10))");
    let _engine = engine(&env, &sway);
    assert_eq!(status(&env)["idle_backend"], "wayland-kde-idle", "{}", status(&env));

    // Nobody types: after the threshold the user is away, and the time away was a natural break.
    let mut away = Value::Null;
    let gone = eventually_within(30, || {
        away = status(&env);
        away["held"] == "away"
    });
    assert!(gone, "away after 10 s without input: {away}");
    assert!(eventually(|| status(&env)["today"]["natural"] == 2), "{}", status(&env));

    // A key typed through the virtual keyboard: back, with a fresh sitting bout.
    let typed = sway.client("wtype").arg("x").status();
    assert!(typed.is_ok_and(|s| s.success()), "wtype typed");
    assert!(eventually_within(10, || status(&env)["phase"] == "working"), "{}", status(&env));
    assert_eq!(status(&env)["held"], Value::Null);
    let _ = env.command(&["quit"]).output();
}

fn sway_a_fullscreen_window_holds_a_due_break_until_it_leaves_fullscreen() {
    let sway = Sway::start();
    let env = Env::new();
    let foot_home = env.path().join("foot");
    std::fs::create_dir_all(&foot_home).unwrap();
    let _foot = Guard(
        sway.client("foot")
            .env("HOME", &foot_home)
            .env("XDG_RUNTIME_DIR", &foot_home)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let tree = || {
        let out = Command::new("swaymsg").arg("-s").arg(&sway.ipc).args(["-t", "get_tree"]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(eventually(|| tree().contains("\"app_id\": \"foot\"")), "the terminal is on screen");
    sway.swaymsg(&["[app_id=foot]", "fullscreen", "enable"]);

    env.write("config/unhunch/settings.ron", "(micro: (interval: 10), warning: 0, safety_acknowledged: true)");
    env.sat_for(599);
    let _engine = engine(&env, &sway);
    let mut v = Value::Null;
    let held = eventually_within(15, || {
        v = status(&env);
        v["phase"] == "due" && v["held"] == "fullscreen"
    });
    assert!(held, "the due break waits for the fullscreen window: {v}");
    assert_eq!(v["break_waiting"], true, "{v}");

    sway.swaymsg(&["[app_id=foot]", "fullscreen", "disable"]);
    let offered = eventually_within(15, || {
        v = status(&env);
        v["held"].is_null() && v["break_waiting"] == false
    });
    assert!(offered, "offered once the window leaves fullscreen: {v}");
    let _ = env.command(&["quit"]).output();
}

/// mako's do-not-disturb is a mode (`makoctl mode -a do-not-disturb`; mako has no `Inhibited`
/// property): a due break is held and names mako, nothing reaches mako, and the break is shown
/// once the mode is off.
fn mako_do_not_disturb_mode_holds_a_due_break_and_it_is_shown_after() {
    let sway = Sway::start();
    let env = Env::new();
    let bus = crate::rig::Bus::for_all_users();
    let _mako = sway.desktop_program("mako", &bus);
    let makoctl = |args: &[&str]| {
        let out = Command::new("makoctl").args(args).env("DBUS_SESSION_BUS_ADDRESS", &bus.address).output().unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    assert!(eventually(|| makoctl(&["mode"]).0), "mako is up");
    assert!(makoctl(&["mode", "-a", "do-not-disturb"]).1.contains("do-not-disturb"));

    env.write("config/unhunch/settings.ron", "(micro: (interval: 10), warning: 0, safety_acknowledged: true)");
    env.sat_for(599);
    let _engine = engine_on_bus(&env, &sway, Some(&bus));
    let mut v = Value::Null;
    let held = eventually_within(20, || {
        v = status(&env);
        v["phase"] == "due" && v["held"] == "do-not-disturb"
    });
    assert!(held, "{v}");
    assert_eq!(v["do_not_disturb_by"], "mako", "{v}");
    assert!(!makoctl(&["list"]).1.contains("posture reset"), "nothing shown meanwhile");

    makoctl(&["mode", "-r", "do-not-disturb"]);
    let shown = eventually_within(15, || makoctl(&["list"]).1.to_lowercase().contains("posture reset"));
    assert!(shown, "shown once do-not-disturb is off: {}", makoctl(&["list"]).1);
    let _ = env.command(&["quit"]).output();
}

/// waybar (GTK, looks tray icons up by name in the item's icon folder) draws Unhunch's icon, not
/// its placeholder: a screenshot of its tray (grim) holds the icon's green disc.
fn waybar_draws_the_tray_icon_itself_not_a_placeholder() {
    let sway = Sway::start();
    let env = Env::new();
    let bus = crate::rig::Bus::for_all_users();
    let config = sway.home.join(".config/waybar");
    std::fs::create_dir_all(&config).unwrap();
    let write = |name: &str, text: &str| {
        let mut f = std::fs::File::create(config.join(name)).unwrap();
        std::io::Write::write_all(&mut f, text.as_bytes()).unwrap();
    };
    write("config", r#"{ "position": "top", "height": 30, "modules-right": ["tray"], "tray": { "icon-size": 24 } }"#);
    write("style.css", "window#waybar { background: #202020; }");
    if as_root() {
        for dir in [sway.home.join(".config"), config.clone()] {
            std::os::unix::fs::chown(&dir, Some(65534), Some(65534)).unwrap();
        }
    }
    let _waybar = sway.desktop_program("waybar", &bus);
    // waybar's own StatusNotifierWatcher is up before the engine registers its item.
    let watcher = || {
        Command::new("dbus-send")
            .args(["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus"])
            .arg("org.freedesktop.DBus.NameHasOwner")
            .arg("string:org.kde.StatusNotifierWatcher")
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
    };
    assert!(eventually(watcher), "waybar's tray is up");
    let _engine = engine_on_bus(&env, &sway, Some(&bus));
    let shot = env.path().join("tray.png");
    let green_pixels = || {
        let ok = sway.client("grim").args(["-g", "1000,0 280x30"]).arg(&shot).status().is_ok_and(|s| s.success());
        if !ok {
            return 0;
        }
        let Ok(file) = std::fs::File::open(&shot) else { return 0 };
        let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let Ok(mut reader) = decoder.read_info() else { return 0 };
        let mut buf = vec![0; reader.output_buffer_size().unwrap_or(0)];
        let Ok(info) = reader.next_frame(&mut buf) else { return 0 };
        let channels = info.color_type.samples();
        // The icon's disc is #1f7a6d.
        buf[..info.buffer_size()]
            .chunks_exact(channels)
            .filter(|p| p[0].abs_diff(0x1f) < 16 && p[1].abs_diff(0x7a) < 16 && p[2].abs_diff(0x6d) < 16)
            .count()
    };
    let mut seen = 0;
    let drawn = eventually(|| {
        seen = green_pixels();
        seen > 150
    });
    assert!(drawn, "the tray shows the icon's green disc ({seen} green pixels)");
    let _ = env.command(&["quit"]).output();
}
