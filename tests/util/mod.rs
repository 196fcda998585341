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

    /// Every history file's text, together, and the records read from it.
    pub fn history(&self) -> (String, Vec<unhunch::core::history::HistoryEntry>) {
        let text: String = std::fs::read_dir(self.dir.path().join("data/unhunch/history"))
            .expect("the history folder")
            .flatten()
            .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
            .collect();
        let (entries, _) = unhunch::core::history::parse_history(&text);
        (text, entries)
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

/// Polls `check` for up to fifteen seconds: generous, because a loaded two-core machine can take
/// seconds to start a process, and waiting longer costs nothing when the check passes.
pub fn eventually(check: impl FnMut() -> bool) -> bool {
    eventually_within(15, check)
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
