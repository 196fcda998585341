//! Helpers: run the real binary with its own HOME and XDG folders.
#![expect(clippy::expect_used, reason = "test helpers: a failure here is a failed test")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary home for one test: `~/.config/unhunch/routines` and friends live under it.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        Self { dir: tempfile::tempdir().expect("a temporary folder") }
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// The user's routines folder.
    pub fn routines(&self) -> PathBuf {
        self.config().join("unhunch").join("routines")
    }

    /// Writes a file (creating folders) and returns its path.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        #[expect(clippy::disallowed_methods, reason = "test fixtures, not user data")]
        std::fs::write(&path, contents).expect("write a fixture");
        path
    }

    /// Runs `unhunch ARGS…` and returns what it printed and its exit status.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = self.command(args).output().expect("run the unhunch binary");
        Run::from(output)
    }

    /// `unhunch ARGS…` in this environment (a private runtime dir too), ready to add to and run.
    pub fn command(&self, args: &[&str]) -> Command {
        let run = self.dir.path().join("run");
        std::fs::create_dir_all(&run).expect("a runtime dir");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_unhunch"));
        cmd.args(args)
            .env_clear()
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.config())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env("XDG_RUNTIME_DIR", run)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default());
        cmd
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes the engine's saved timer as if `secs` of sitting had been counted just now, so a
    /// break with a short interval (`micro: (interval: 10)`, ten minutes) comes due soon after
    /// the engine starts.
    pub fn sat_for(&self, secs: u64) {
        #[expect(clippy::disallowed_methods, reason = "a test fixture's time stamp")]
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("after 1970").as_secs();
        self.write(
            "state/unhunch/timer.ron",
            format!("(at: {now}, sat_secs: ({secs}, {secs}), bout_secs: Some({secs}))"),
        );
    }
}

/// What a run printed.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: Option<i32>,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Self {
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
            code: o.status.code(),
        }
    }
}

impl Run {
    /// The last line of standard output (the summary for `check`).
    pub fn last_line(&self) -> &str {
        self.stdout.lines().last().unwrap_or_default()
    }
}

/// Whether the desktop programs a test needs are installed. Missing ones skip the test with a
/// clear line, unless `UNHUNCH_REQUIRE_DESKTOP=1` (set by CI), which makes a skip a failure.
pub fn have(programs: &[&str]) -> bool {
    let missing: Vec<&str> = programs
        .iter()
        .copied()
        .filter(|p| !std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).any(|d| d.join(p).is_file()))
        .collect();
    if missing.is_empty() {
        return true;
    }
    let mut packages: Vec<&str> = missing
        .iter()
        .map(|p| match *p {
            "Xvfb" => "xvfb",
            "dbus-daemon" | "dbus-send" => "dbus",
            "dunstctl" => "dunst",
            other => other,
        })
        .collect();
    packages.dedup();
    skip(&missing, &packages)
}

/// Whether the shared libraries a test loads at run time are installed (same skip rules as
/// [`have`]); `libraries` pairs a file name with its Debian package.
pub fn have_libraries(libraries: &[(&str, &str)]) -> bool {
    let dirs = ["/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib"];
    let found =
        |name: &str| {
            dirs.iter().any(|d| {
                let dir = Path::new(d);
                dir.join(name).exists()
                    || std::fs::read_dir(dir).into_iter().flatten().flatten().any(|e| {
                        e.file_name().to_string_lossy().ends_with("-linux-gnu") && e.path().join(name).exists()
                    })
            })
        };
    let missing: Vec<(&str, &str)> = libraries.iter().copied().filter(|(name, _)| !found(name)).collect();
    if missing.is_empty() {
        return true;
    }
    let names: Vec<&str> = missing.iter().map(|m| m.0).collect();
    let packages: Vec<&str> = missing.iter().map(|m| m.1).collect();
    skip(&names, &packages)
}

/// Says what to install; a failure instead under `UNHUNCH_REQUIRE_DESKTOP=1`. Always `false`.
fn skip(missing: &[&str], packages: &[&str]) -> bool {
    let message =
        format!("skipped: install {} (Debian: apt-get install -y {})", missing.join(", "), packages.join(" "));
    assert!(std::env::var_os("UNHUNCH_REQUIRE_DESKTOP").is_none_or(|v| v != "1"), "{message}");
    // The test harness shows a test's stdout with --nocapture and for failures; stderr always.
    let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("{message}\n").as_bytes());
    false
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
pub struct Bus {
    pub address: String,
    _daemon: Guard,
}

impl Bus {
    pub fn start() -> Self {
        let mut child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile", "--print-address=1"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("dbus-daemon's stdout");
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).expect("the bus address");
        Self { address: line.trim().to_owned(), _daemon: Guard(child) }
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
        let mut child = Command::new("Xvfb")
            .args(["-displayfd", "1", "-screen", "0", "1024x768x24", "-nolisten", "tcp"])
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

/// Polls `check` for up to five seconds.
pub fn eventually(check: impl FnMut() -> bool) -> bool {
    eventually_within(5, check)
}

/// Polls `check` every 50 ms for up to `secs` seconds.
pub fn eventually_within(secs: u64, mut check: impl FnMut() -> bool) -> bool {
    for _ in 0..secs * 20 {
        if check() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    false
}
