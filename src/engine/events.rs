//! What the daemon's threads tell its loop ([`Input`]), the log they all write to, and why the
//! engine could not start. The loop is in [`super::daemon`]; it, the client threads
//! ([`super::clients`]) and the sources set up at start ([`super::startup`]) all use this.

use std::io::{self, Write as _};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::mpsc::SyncSender;
use std::thread::JoinHandle;
use std::time::UNIX_EPOCH;

use thiserror::Error;

use crate::core::ports::Clock as _;
use crate::core::timer::Presence;
use crate::platform::clock::SystemClock;
use crate::platform::files;
use crate::platform::ipc::{self, Line};
use crate::platform::notify::NotifierEvent;
use crate::platform::tray::TrayCommand;

/// A control-socket connection, numbered from 1 in the order they came.
pub(super) type ClientId = u64;

/// Why the engine could not start.
#[derive(Debug, Error)]
pub enum DaemonError {
    #[error("Unhunch's engine is already running (lock held in {0})")]
    AlreadyRunning(PathBuf),
    #[error(transparent)]
    Files(#[from] files::FileError),
    #[error(transparent)]
    Ipc(#[from] ipc::IpcError),
    #[error("could not set up the control socket at {path}: {source}")]
    Socket { path: PathBuf, source: io::Error },
}

pub(super) enum Input {
    Connected {
        id: ClientId,
        tx: SyncSender<String>,
        stream: UnixStream,
        writer: JoinHandle<()>,
    },
    Line {
        id: ClientId,
        line: Line,
    },
    Gone {
        id: ClientId,
    },
    Notifier(NotifierEvent),
    Tray(TrayCommand),
    Session(Presence),
    /// The microphone started recording (the app's name) or stopped (`None`).
    Microphone(Option<String>),
    /// A camera was opened (by this program) or the last one closed (`None`).
    Camera(Option<String>),
    /// A file in the routines folder changed.
    RoutinesChanged,
    /// A read of the routines folder finished (on its own thread; see `startup::LibraryLoader`).
    Library(Box<crate::core::catalogue::Loaded>),
    /// A reading of the blockers finished (on its own thread; see `startup::BlockerWatch`).
    Blockers(BlockerReading),
    /// An idle backend was found after the engine started without one (`startup::IdlePoller`).
    IdleBackend(Box<IdleFound>),
    /// Keyboard or mouse input while the user was away (`platform::idle::ReturnWatch`).
    Returned,
}

/// An idle backend found (and the ones tried before it, with why they are not there).
pub(super) struct IdleFound {
    pub monitor: Box<dyn crate::core::ports::IdleMonitor>,
    pub tried: Vec<String>,
}

/// What holds reminders back, as one reading found it: whose do-not-disturb is on, and whether
/// the active window is fullscreen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct BlockerReading {
    pub dnd: Option<&'static str>,
    pub fullscreen: bool,
}

/// `engine.log`, when stderr is not already it (an engine started as `unhunch daemon` by
/// autostart or in a terminal, rather than by the window or the CLI, which point stderr there).
static LOG_FILE: std::sync::OnceLock<std::sync::Mutex<std::fs::File>> = std::sync::OnceLock::new();

/// Makes [`log`] write to `path` as well as stderr, unless stderr already is that file. The
/// folder is made if needed; a file that can't be opened leaves the log on stderr (and says so).
pub fn log_to_file(path: &std::path::Path) {
    use std::os::unix::fs::MetadataExt as _;
    let same = |a: &std::fs::Metadata, b: &std::fs::Metadata| a.dev() == b.dev() && a.ino() == b.ino();
    if let (Ok(err), Ok(file)) = (std::fs::metadata("/proc/self/fd/2"), std::fs::metadata(path))
        && same(&err, &file)
    {
        return;
    }
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    match files::open_append(path) {
        Ok(file) => {
            let _ = LOG_FILE.set(std::sync::Mutex::new(file));
        }
        Err(e) => log(&format!("could not open {} for the log ({e}); logging to stderr only", path.display())),
    }
}

/// Writes a line to the engine's log, stamped with the local date and time: stderr (which the
/// launcher points at `engine.log`), and `engine.log` itself when stderr is elsewhere.
pub fn log(message: &str) {
    let wall = SystemClock.now().wall;
    let stamp = jiff::Timestamp::try_from(wall).map_or_else(
        |_| wall.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()).to_string(),
        |t| t.to_zoned(jiff::tz::TimeZone::system()).strftime("%Y-%m-%d %H:%M:%S").to_string(),
    );
    let line = format!("[{stamp}] {message}\n");
    if let Some(file) = LOG_FILE.get() {
        let mut file = file.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let _ = file.write_all(line.as_bytes());
    }
    let _ = io::stderr().write_all(line.as_bytes());
}
