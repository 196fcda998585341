//! What the desktop tests stand on: which programs and libraries a test needs (a test whose needs
//! are missing is reported as ignored, with what to install), and private desktop programs that
//! die with the test.
#![expect(clippy::expect_used, reason = "test plumbing: a failure here is a failed test")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use libtest_mimic::{Completion, Failed, Trial};

/// xfce4-notifyd's server, where Debian installs it (not on `PATH`).
/// Debian's MPRIS plugin for mpv.
pub const MPV_MPRIS: &str = "/etc/mpv/scripts/mpris.so";

pub const XFCE4_NOTIFYD: &str = "/usr/lib/x86_64-linux-gnu/xfce4/notifyd/xfce4-notifyd";
/// xfconf's settings daemon (which a desktop's bus would start on demand; the tests' buses don't).
pub const XFCONFD: &str = "/usr/lib/x86_64-linux-gnu/xfce4/xfconf/xfconfd";

/// The accessibility bus (AT-SPI), where Debian installs its launcher.
pub const AT_SPI_BUS_LAUNCHER: &str = "/usr/libexec/at-spi-bus-launcher";
/// The AT-SPI client the tests read the accessibility tree with (in Debian's own Python).
pub const PYATSPI: &str = "/usr/lib/python3/dist-packages/pyatspi/__init__.py";

/// GNOME's notification settings schema (its do-not-disturb switch is `show-banners`).
pub const GNOME_NOTIFICATIONS_SCHEMA: &str = "/usr/share/glib-2.0/schemas/org.gnome.desktop.notifications.gschema.xml";

/// A test that runs only where all of `programs` are on `PATH` (or, named by a full path, there).
pub fn needs(programs: &'static [&'static str], name: &str, test: fn()) -> Trial {
    Trial::ignorable_test(name, move || outcome(missing_programs(programs), test))
}

/// A test that runs only where all of `libraries` (a file name and its Debian package) are
/// installed: the engine loads them at run time.
pub fn needs_libraries(libraries: &'static [(&'static str, &'static str)], name: &str, test: fn()) -> Trial {
    Trial::ignorable_test(name, move || outcome(missing_libraries(libraries), test))
}

/// A test that mounts a small tmpfs (to fill it up, to make it read-only): it runs as root, where
/// `mount` works.
pub fn needs_tmpfs(name: &str, test: fn()) -> Trial {
    Trial::ignorable_test(name, move || {
        let missing = (!can_mount_tmpfs())
            .then(|| "needs root to mount a small tmpfs (run the tests as root, as .ci/run does)".to_owned());
        outcome(missing, test)
    })
}

/// Whether a tmpfs can be mounted here (tried on a throwaway folder).
fn can_mount_tmpfs() -> bool {
    let Ok(dir) = tempfile::tempdir() else { return false };
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
        .arg(dir.path())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if mounted {
        let _ = Command::new("umount").arg(dir.path()).status();
    }
    mounted
}

/// Not a test: an aid run by hand with `--ignored`.
pub fn by_hand(name: &str, run: fn()) -> Trial {
    Trial::test(name, move || {
        run();
        Ok(())
    })
    .with_ignored_flag(true)
}

/// Runs `test`, or reports it as ignored with what is missing. Under `UNHUNCH_REQUIRE_DESKTOP=1`
/// (set by `.ci/run`) something missing is a failure instead, so CI always runs every test.
fn outcome(missing: Option<String>, test: fn()) -> Result<Completion, Failed> {
    match missing {
        Some(what) if std::env::var_os("UNHUNCH_REQUIRE_DESKTOP").is_some_and(|v| v == "1") => {
            Err(format!("UNHUNCH_REQUIRE_DESKTOP=1 but this test cannot run: {what}").into())
        }
        Some(what) => Ok(Completion::ignored_with(what)),
        None => {
            test();
            Ok(Completion::Completed)
        }
    }
}

/// "install Xvfb, dunst (Debian: apt-get install -y xvfb dunst)", or `None` when all are there.
fn missing_programs(programs: &[&str]) -> Option<String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    // A program outside PATH (a server Debian keeps in /usr/lib) is named by its full path.
    let found = |p: &str| {
        if p.starts_with('/') {
            std::path::Path::new(p).is_file()
        } else {
            std::env::split_paths(&path).any(|d| d.join(p).is_file())
        }
    };
    let missing: Vec<&str> = programs.iter().copied().filter(|p| !found(p)).collect();
    let mut packages: Vec<&str> = missing
        .iter()
        .map(|p| match *p {
            "Xvfb" => "xvfb",
            "dbus-daemon" | "dbus-send" => "dbus",
            "dunstctl" => "dunst",
            "pactl" | "parecord" | "paplay" => "pulseaudio-utils",
            "xfconf-query" => "xfconf",
            "gio" | "gsettings" => "libglib2.0-bin",
            GNOME_NOTIFICATIONS_SCHEMA => "gsettings-desktop-schemas",
            "desktop-file-validate" => "desktop-file-utils",
            XFCE4_NOTIFYD => "xfce4-notifyd",
            XFCONFD => "xfconf",
            MPV_MPRIS => "mpv-mpris",
            AT_SPI_BUS_LAUNCHER => "at-spi2-core",
            "xprop" => "x11-utils",
            PYATSPI => "python3-pyatspi",
            crate::gnome::SHELL_NOTIFICATIONS => "gnome-shell",
            other => other,
        })
        .collect();
    packages.dedup();
    install(&missing, &packages)
}

/// The same for shared libraries, looked for where Debian keeps them.
fn missing_libraries(libraries: &[(&str, &str)]) -> Option<String> {
    let dirs = ["/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib"];
    let found =
        |name: &str| {
            dirs.iter().any(|d| {
                let dir = std::path::Path::new(d);
                dir.join(name).exists()
                    || std::fs::read_dir(dir).into_iter().flatten().flatten().any(|e| {
                        e.file_name().to_string_lossy().ends_with("-linux-gnu") && e.path().join(name).exists()
                    })
            })
        };
    let missing: Vec<(&str, &str)> = libraries.iter().copied().filter(|(name, _)| !found(name)).collect();
    let names: Vec<&str> = missing.iter().map(|m| m.0).collect();
    let packages: Vec<&str> = missing.iter().map(|m| m.1).collect();
    install(&names, &packages)
}

fn install(missing: &[&str], packages: &[&str]) -> Option<String> {
    (!missing.is_empty())
        .then(|| format!("install {} (Debian: apt-get install -y {})", missing.join(", "), packages.join(" ")))
}

/// A child process killed (and reaped) when dropped.
pub struct Guard(pub std::process::Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private D-Bus session bus; its address is in `address`.
///
/// It activates nothing: its configuration names one empty service folder and not the system's
/// (`/usr/share/dbus-1/services`), so a name nobody owns stays unowned — a test that wants no
/// notification server gets none, not whichever one the machine has installed.
pub struct Bus {
    pub address: String,
    daemon: Guard,
    config: tempfile::TempDir,
}

impl Bus {
    pub fn start() -> Self {
        Self::start_with("")
    }

    /// A session bus that lets every user connect, for programs run as another user (a test run
    /// as root runs a compositor and its notification server as `nobody`).
    pub fn for_all_users() -> Self {
        Self::start_with(r#"  <policy context="default"><allow user="*"/></policy>"#)
    }

    /// Waits until `name` is owned on this bus (a server started by the test is ready once it
    /// has taken its name), up to twenty seconds; panics saying which name did not appear.
    pub fn await_name(&self, name: &str) {
        let owned = || {
            let out = Command::new("dbus-send")
                .args([&format!("--bus={}", self.address), "--print-reply", "--dest=org.freedesktop.DBus"])
                .args(["/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", &format!("string:{name}")])
                .output();
            out.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
        };
        assert!(crate::util::eventually_within(20, owned), "awaited {name} on the bus for 20 s; nobody took it");
    }

    fn start_with(extra_policy: &str) -> Self {
        let config = tempfile::tempdir().expect("a folder for the bus configuration");
        let services = config.path().join("services");
        std::fs::create_dir_all(&services).expect("an empty service folder");
        // What Debian's session.conf says, without its standard service folders. It listens on a
        // path of its own, so that a restarted bus comes back at the same address.
        let text = format!(
            "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" \
             \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n<busconfig>\n  \
             <type>session</type>\n  <keep_umask/>\n  <listen>unix:path={}</listen>\n  \
             <auth>EXTERNAL</auth>\n  <servicedir>{}</servicedir>\n  <policy context=\"default\">\n    \
             <allow send_destination=\"*\" eavesdrop=\"true\"/>\n    <allow eavesdrop=\"true\"/>\n    \
             <allow own=\"*\"/>\n  </policy>\n{extra_policy}\n</busconfig>\n",
            config.path().join("bus").display(),
            services.display()
        );
        let file = config.path().join("session.conf");
        let mut out = std::fs::File::create(&file).expect("write the bus configuration");
        std::io::Write::write_all(&mut out, text.as_bytes()).expect("write the bus configuration");
        let (daemon, address) = Self::daemon(config.path());
        Self { address, daemon, config }
    }

    /// Starts `dbus-daemon` on the configuration in `dir`; it and its address.
    fn daemon(dir: &Path) -> (Guard, String) {
        let file = dir.join("session.conf");
        let mut child = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", file.display()))
            .args(["--nofork", "--nopidfile", "--print-address=1"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("dbus-daemon's stdout");
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).expect("the bus address");
        // Without its `guid=`, as a desktop session's address is (`unix:path=/run/user/1000/bus`):
        // a client may then reconnect to a restarted bus.
        let address = line.trim().split(",guid=").next().unwrap_or_default().to_owned();
        assert!(!address.is_empty(), "dbus-daemon did not start with {}", file.display());
        (Guard(child), address)
    }

    /// Kills the bus daemon (everyone connected loses the bus, as when a session's bus dies)
    /// and starts a new one at the same address, with nobody on it.
    pub fn restart(&mut self) {
        let _ = self.daemon.0.kill();
        let _ = self.daemon.0.wait();
        let _ = std::fs::remove_file(self.config.path().join("bus"));
        let (daemon, address) = Self::daemon(self.config.path());
        assert_eq!(address, self.address, "the bus came back at the same address");
        self.daemon = daemon;
    }

    /// The bus daemon's process id (to stop it with SIGSTOP, as a hung bus).
    pub fn pid(&self) -> u32 {
        self.daemon.0.id()
    }
}

/// A private X server (Xvfb) on a display it picks itself (`-displayfd`), so tests running in
/// parallel never share one. Its lock and socket files are removed when it is dropped.
pub struct Display {
    pub name: String,
    number: String,
    _server: Guard,
}

impl Display {
    pub fn start() -> Self {
        Self::with_screen("1024x768x24")
    }

    /// An X server with a screen of `size` (`WIDTHxHEIGHTxDEPTH`) and a black root window, which
    /// keeps its state (monitors set with `xrandr --setmonitor`) when its last client leaves.
    pub fn with_screen(size: &str) -> Self {
        let mut child = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", size, "-nolisten", "tcp", "-br", "-noreset"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("Xvfb's stdout");
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).expect("Xvfb's display number");
        let number = line.trim().to_owned();
        assert!(!number.is_empty(), "Xvfb did not start");
        Self { name: format!(":{number}"), number, _server: Guard(child) }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        // The server is killed (SIGKILL) by its guard, so it cannot tidy up after itself.
        let _ = std::fs::remove_file(format!("/tmp/.X{}-lock", self.number));
        let _ = std::fs::remove_file(format!("/tmp/.X11-unix/X{}", self.number));
    }
}

/// A private PulseAudio with one null sink (`null`) and one null source (`mic`, a microphone
/// nobody speaks into), listening on a socket in `dir` and on a local TCP
/// port (for the command-line fallback).
pub struct Pulse {
    pub socket: PathBuf,
    pub port: u16,
    daemon: Guard,
}

impl Pulse {
    pub fn start(dir: &Path) -> Self {
        let runtime = dir.join("pulse-run");
        std::fs::create_dir_all(&runtime).expect("a runtime folder");
        let socket = runtime.join("native");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let daemon = Command::new("pulseaudio")
            .args(["-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no", "--disallow-exit"])
            .arg(format!("--load=module-native-protocol-unix socket={} auth-anonymous=1", socket.display()))
            .arg(format!("--load=module-native-protocol-tcp port={port} listen=127.0.0.1 auth-anonymous=1"))
            .arg("--load=module-null-sink sink_name=null")
            .arg("--load=module-null-source source_name=mic")
            .env("HOME", dir)
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("PULSE_RUNTIME_PATH", runtime.join("pulse"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start pulseaudio");
        let pulse = Self { socket, port, daemon: Guard(daemon) };
        let up = crate::util::eventually_within(20, || pulse.pactl(&["info"]).status.success());
        assert!(up, "pulseaudio answers on {}", pulse.socket.display());
        pulse
    }

    /// The server's process id (to stop it with SIGSTOP, as a hung sound server).
    pub fn pid(&self) -> u32 {
        self.daemon.0.id()
    }

    pub fn server(&self) -> String {
        format!("unix:{}", self.socket.display())
    }

    pub fn pactl(&self, args: &[&str]) -> std::process::Output {
        Command::new("pactl").args(args).env("PULSE_SERVER", self.server()).output().expect("run pactl")
    }

    /// Records the null sink's monitor while `run` runs; the loudest sample heard.
    pub fn loudest_while(&self, dir: &Path, run: impl FnOnce()) -> u16 {
        let raw = dir.join("monitor.raw");
        let mut rec = Command::new("parecord")
            .args([
                "--device=null.monitor",
                "--raw",
                "--format=s16le",
                "--rate=44100",
                "--channels=1",
                "--latency-msec=50",
            ])
            .arg(&raw)
            .env("PULSE_SERVER", self.server())
            .spawn()
            .expect("start parecord");
        // Recording has started once the server lists its stream.
        let recording = crate::util::eventually_within(20, || {
            String::from_utf8_lossy(&self.pactl(&["list", "short", "source-outputs"]).stdout).lines().count() > 0
        });
        assert!(recording, "parecord is recording the monitor");
        run();
        let loudest = || {
            let bytes = std::fs::read(&raw).unwrap_or_default();
            bytes.chunks_exact(2).map(|c| i16::from_le_bytes([c[0], c[1]]).unsigned_abs()).max().unwrap_or(0)
        };
        // What was played reaches the file a little later (more on a loaded machine): wait for a
        // sound to show up, for up to ten seconds, rather than for a guessed time.
        let _ = crate::util::eventually_within(10, || loudest() > 1000);
        // Asked to stop (not killed), parecord writes out what it has.
        let _ = Command::new("kill").arg("-INT").arg(rec.id().to_string()).status();
        let _ = rec.wait();
        loudest()
    }
}
