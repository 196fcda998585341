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
        let output = Command::new(env!("CARGO_BIN_EXE_unhunch"))
            .args(args)
            .env_clear()
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.config())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .output()
            .expect("run the unhunch binary");
        Run::from(output)
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
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
