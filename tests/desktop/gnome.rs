//! The real GNOME Shell 43, headless (`gnome-shell --headless --wayland`), as the notification
//! server: what a GNOME user sees of a due break. The test reads the shell's own state through
//! `org.gnome.Shell.Eval`, which GNOME allows in "unsafe mode" only; a three-line extension in the
//! test's private data folder turns that mode on (the test's shell, never the machine's).
#![expect(clippy::unwrap_used, reason = "a failed step is a failed test")]

use std::path::Path;
use std::process::{Command, Stdio};

use libtest_mimic::Trial;
use serde_json::Value;

use crate::rig::{Bus, Guard, needs};
use crate::util::{Env, eventually_within};

/// GNOME Shell's notification service (a `gjs` program the shell's bus would activate).
pub const SHELL_NOTIFICATIONS: &str = "/usr/share/gnome-shell/org.gnome.Shell.Notifications";

pub fn trials() -> Vec<Trial> {
    vec![needs(
        &["dbus-daemon", "gnome-shell", "gjs", SHELL_NOTIFICATIONS, "foot"],
        "gnome_shell_shows_a_due_break_with_its_buttons_over_a_fullscreen_window_and_keeps_it_while_the_user_works",
        gnome_shell_shows_a_due_break_with_its_buttons_over_a_fullscreen_window_and_keeps_it_while_the_user_works,
    )]
}

/// A headless GNOME Shell on a private session bus and a private, empty system bus, with its
/// notification service; its Wayland display is `wayland-0` in `runtime`.
struct Shell {
    bus: Bus,
    runtime: std::path::PathBuf,
    _home: tempfile::TempDir,
    _notifications: Guard,
    _compositor: Guard,
    _system: Guard,
}

impl Shell {
    fn start() -> Self {
        let home = tempfile::tempdir().unwrap();
        let dir = home.path();
        let runtime = dir.join("run");
        std::fs::create_dir_all(&runtime).unwrap();
        std::fs::set_permissions(&runtime, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
        let extension = dir.join("data/gnome-shell/extensions/unsafe@unhunch.test");
        write(
            &extension.join("metadata.json"),
            r#"{"uuid": "unsafe@unhunch.test", "name": "Unsafe mode", "description": "test rig", "shell-version": ["43"]}"#,
        );
        write(
            &extension.join("extension.js"),
            "function init() { return { enable() { global.context.unsafe_mode = true; }, disable() {} }; }\n",
        );
        // GSettings on the keyfile backend in the private config folder: no dconf service needed.
        write(
            &dir.join("config/glib-2.0/settings/keyfile"),
            "[org/gnome/shell]\nenabled-extensions=['unsafe@unhunch.test']\ndisable-user-extensions=false\n",
        );
        let system_socket = dir.join("system.sock");
        write(
            &dir.join("system.conf"),
            &format!(
                "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" \
                 \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n<busconfig><type>system</type>\
                 <listen>unix:path={}</listen><auth>EXTERNAL</auth><policy context=\"default\">\
                 <allow send_destination=\"*\" eavesdrop=\"true\"/><allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>\n",
                system_socket.display()
            ),
        );
        let system = Guard(
            Command::new("dbus-daemon")
                .arg(format!("--config-file={}", dir.join("system.conf").display()))
                .args(["--nofork", "--nopidfile"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        assert!(eventually_within(10, || system_socket.exists()), "the private system bus listens");
        let bus = Bus::start();
        let desktop = |program: &str| {
            let mut cmd = Command::new(program);
            cmd.env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("HOME", dir)
                .env("XDG_CONFIG_HOME", dir.join("config"))
                .env("XDG_DATA_HOME", dir.join("data"))
                .env("XDG_CACHE_HOME", dir.join("cache"))
                .env("XDG_RUNTIME_DIR", &runtime)
                .env("GSETTINGS_BACKEND", "keyfile")
                .env("XDG_CURRENT_DESKTOP", "GNOME")
                .env("XDG_SESSION_TYPE", "wayland")
                .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
                .env("DBUS_SYSTEM_BUS_ADDRESS", format!("unix:path={}", system_socket.display()))
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(dir.join(format!("{program}.log"))).unwrap());
            cmd
        };
        let shell = Guard(
            desktop("gnome-shell")
                .args(["--headless", "--wayland", "--no-x11", "--virtual-monitor", "1280x800"])
                .spawn()
                .unwrap(),
        );
        bus.await_name("org.gnome.Shell");
        let notifications = Guard(desktop("gjs").arg(SHELL_NOTIFICATIONS).spawn().unwrap());
        bus.await_name("org.freedesktop.Notifications");
        let shell_log = dir.join("gnome-shell.log");
        let this =
            Self { bus, runtime, _home: home, _notifications: notifications, _compositor: shell, _system: system };
        // Ready once the extension runs and the shell has started up; then clear what the shell
        // said of itself at login ("Logged in as a privileged user", "Screen Lock disabled").
        let ready = eventually_within(30, || {
            this.try_eval("global.context.unsafe_mode && !Main.layoutManager._startingUp").is_some_and(|v| v == true)
        });
        let log = std::fs::read_to_string(&shell_log).unwrap_or_default();
        assert!(ready, "GNOME Shell started and runs the test's extension; its log:\n{log}");
        this.eval("Main.messageTray.getSources().forEach(s => s.destroy()); true");
        this
    }

    /// `js` evaluated in the shell; its value, as JSON.
    fn eval(&self, js: &str) -> Value {
        self.try_eval(js).unwrap_or_else(|| panic!("GNOME Shell evaluates {js}"))
    }

    fn try_eval(&self, js: &str) -> Option<Value> {
        let conn = zbus::blocking::connection::Builder::address(self.bus.address.as_str()).ok()?.build().ok()?;
        let reply = conn
            .call_method(Some("org.gnome.Shell"), "/org/gnome/Shell", Some("org.gnome.Shell"), "Eval", &(js,))
            .ok()?;
        let (ok, json): (bool, String) = reply.body().deserialize().ok()?;
        ok.then(|| serde_json::from_str(&json).ok()).flatten()
    }

    /// What GNOME shows of Unhunch now: the banner on screen (title, urgency as GNOME numbers it
    /// — 1 normal, 3 critical — and its buttons) and Unhunch's notifications in the tray.
    fn seen(&self) -> Value {
        let js = r"(() => {
            const tray = Main.messageTray; const b = tray._banner;
            const banner = b && tray._notificationState !== 0 ? { title: b.notification.title,
                urgency: b.notification.urgency,
                buttons: b._buttonBox ? b._buttonBox.get_children().map(c => c.label) : [] } : null;
            const ours = tray.getSources().filter(s => s.title === 'Unhunch')
                .flatMap(s => s.notifications.map(n => n.title));
            return JSON.stringify({ banner, ours });
        })()";
        let text = self.eval(js);
        serde_json::from_str(text.as_str().unwrap_or("null")).unwrap()
    }

    /// A Wayland client of this shell.
    fn client(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env_remove("DISPLAY")
            .env("XDG_RUNTIME_DIR", &self.runtime)
            .env("WAYLAND_DISPLAY", "wayland-0")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd
    }

    /// The pointer moved a little, as a user at work moves it (a virtual input device of the
    /// shell's own, so Mutter's idle time and GNOME's "user is active" both see it).
    fn move_pointer(&self, step: i32) {
        self.eval(&format!(
            "const C = imports.gi.Clutter; global._unhunchPointer ??= C.get_default_backend().get_default_seat()\
             .create_virtual_device(C.InputDeviceType.POINTER_DEVICE); global._unhunchPointer\
             .notify_relative_motion(imports.gi.GLib.get_monotonic_time(), {step}, 3); true"
        ));
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::File::create(path).and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes())).unwrap();
}

/// Issue 24, items 15–17, on the real GNOME Shell 43: a due break replaces its heads-up as a
/// *new* notification (a notification replaced in place loses its buttons in GNOME's banner), is
/// critical (a normal one leaves the screen after a few seconds while the user is active), and so
/// is shown over a fullscreen window Unhunch cannot see on GNOME Wayland — still there when the
/// window goes. GNOME keeps the heads-up back while the window is fullscreen, and it must not turn
/// up stale afterwards.
fn gnome_shell_shows_a_due_break_with_its_buttons_over_a_fullscreen_window_and_keeps_it_while_the_user_works() {
    let shell = Shell::start();
    let env = Env::new();
    let foot_home = env.path().join("foot");
    std::fs::create_dir_all(&foot_home).unwrap();
    let foot = Guard(shell.client("foot").arg("--fullscreen").env("HOME", &foot_home).spawn().unwrap());
    let fullscreen = || shell.eval("Main.layoutManager.primaryMonitor.inFullscreen") == true;
    assert!(eventually_within(20, fullscreen), "a fullscreen terminal on GNOME");

    // The heads-up is sent at once (ten seconds before the break), the due reminder ten seconds later.
    env.write("config/unhunch/settings.ron", "(micro: (interval: 10), warning: 30, safety_acknowledged: true)");
    env.sat_for(590);
    let mut engine = env.command(&["daemon"]);
    engine
        .env("DBUS_SESSION_BUS_ADDRESS", &shell.bus.address)
        .env("XDG_CURRENT_DESKTOP", "GNOME")
        .env("WAYLAND_DISPLAY", shell.runtime.join("wayland-0"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let _engine = Guard(engine.spawn().unwrap());

    let mut seen = Value::Null;
    let due = eventually_within(30, || {
        seen = shell.seen();
        seen["banner"]["title"] == "Time for a posture reset"
    });
    assert!(due, "the due break's banner is on screen over the fullscreen window: {seen}");
    assert_eq!(seen["banner"]["buttons"], serde_json::json!(["Start", "Snooze 5 min", "Skip"]), "{seen}");
    assert_eq!(seen["banner"]["urgency"], 3, "critical: {seen}");
    assert_eq!(seen["ours"], serde_json::json!(["Time for a posture reset"]), "the heads-up was closed: {seen}");

    // The user works on: the pointer moves for eight seconds; a normal banner would have left.
    for step in 0..16 {
        shell.move_pointer(if step % 2 == 0 { 12 } else { -12 });
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    assert_eq!(shell.eval("Main.messageTray._userActiveWhileNotificationShown"), true, "GNOME saw the user active");
    seen = shell.seen();
    assert_eq!(seen["banner"]["title"], "Time for a posture reset", "still on screen while the user works: {seen}");

    // The fullscreen window goes: the reminder is still there, with its buttons, and nothing stale.
    drop(foot);
    assert!(eventually_within(10, || !fullscreen()), "the fullscreen window is gone");
    seen = shell.seen();
    assert_eq!(seen["banner"]["title"], "Time for a posture reset", "{seen}");
    assert_eq!(seen["banner"]["buttons"], serde_json::json!(["Start", "Snooze 5 min", "Skip"]), "{seen}");
    assert_eq!(seen["ours"], serde_json::json!(["Time for a posture reset"]), "{seen}");

    // Skip, pressed in GNOME's banner, reaches the engine, and the banner goes.
    shell.eval("Main.messageTray._banner._buttonBox.get_children()[2].emit('clicked', 1); true");
    let skipped = eventually_within(10, || {
        let out = env.command(&["status", "--json"]).output().unwrap();
        serde_json::from_slice::<Value>(&out.stdout).is_ok_and(|v| v["today"]["skipped"] == 1)
    });
    assert!(skipped, "the banner's Skip skipped the break");
    assert!(eventually_within(10, || shell.seen()["banner"].is_null()), "the banner left: {}", shell.seen());
    let _ = env.command(&["quit"]).output();
}
