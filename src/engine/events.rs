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
}

/// Writes a line to the engine's log (stderr, which the launcher points at `engine.log`), stamped
/// with the local date and time.
pub fn log(message: &str) {
    let wall = SystemClock.now().wall;
    let stamp = jiff::Timestamp::try_from(wall).map_or_else(
        |_| wall.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()).to_string(),
        |t| t.to_zoned(jiff::tz::TimeZone::system()).strftime("%Y-%m-%d %H:%M:%S").to_string(),
    );
    let _ = writeln!(io::stderr(), "[{stamp}] {message}");
}
