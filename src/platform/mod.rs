//! Adapters between the pure core and the operating system.
//!
//! - [`appearance`]: the desktop's light or dark preference (the settings portal).
//! - [`autostart`]: the XDG autostart entry that starts the engine at login.
//! - [`bus`]: D-Bus connections whose every call is bounded by a timeout.
//! - [`calls`]: is the user in a call (the microphone recording, the camera open), without polling.
//! - [`camera`]: which of the user's processes holds a video device open (for [`calls`]).
//! - [`blockers`]: do-not-disturb and fullscreen windows, which hold reminders back.
//! - [`clock`]: the real clock.
//! - [`cover_a11y`]: a strict break's covers in the accessibility tree (each its own adapter).
//! - [`idle`]: how long since the last input (Wayland, GNOME, freedesktop, X11, or always active).
//! - [`files`]: XDG paths, atomic writes, reading routine files, settings and history.
//! - [`fake`]: recording and in-memory fakes of the ports, and a clock tests move by hand.
//! - [`ipc`]: the control socket's location, the single-instance lock, a client connection.
//! - [`media`]: pausing the media players (MPRIS) for a break and playing them again after.
//! - [`monitors`]: where the screens are (X11 `RandR`), for a strict break that covers them all.
//! - [`notify`]: desktop notifications over D-Bus.
//! - [`routine_files`]: saving, backing up and trashing the user's routine files; templates.
//! - [`logind`]: screen lock and suspend from logind.
//! - [`sound`]: the session's cues through the sound server; [`speech`]: voice guidance through
//!   speech-dispatcher.
//! - [`spawn`]: starting the engine or the window as a detached process.
//! - [`tray`]: the tray icon and its menu.
//! - [`wayland_idle`]: Wayland's `ext-idle-notify-v1` (or `org_kde_kwin_idle`), for [`idle`].
//! - [`wayland_toplevel`]: Wayland windows' fullscreen state (wlroots' foreign-toplevel), for [`blockers`].
//! - [`watch`]: noticing saved routine files.
//! - [`window`]: the window's icon and `WM_CLASS`, as docks and window switchers see them.

pub mod appearance;
pub mod autostart;
pub mod blockers;
pub mod bus;
pub mod calls;
pub mod camera;
pub mod clock;
pub mod cover_a11y;
pub mod fake;
pub mod files;
pub mod idle;
pub mod ipc;
pub mod logind;
pub mod media;
pub mod monitors;
pub mod notify;
pub mod routine_files;
pub mod sound;
pub mod spawn;
pub mod speech;
pub mod tray;
pub mod watch;
pub mod wayland_idle;
pub mod wayland_toplevel;
pub mod window;

/// Why a background service of the desktop (the tray, logind, a folder watch) could not start.
/// The engine and the window carry on without it and say so in the log or a banner.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The D-Bus bus the service lives on cannot be reached.
    #[error("no {bus} bus: {reason}")]
    NoBus { bus: &'static str, reason: String },
    /// The service was reached and refused, or a step of setting it up failed.
    #[error("{what}: {reason}")]
    Failed { what: String, reason: String },
}

impl ServiceError {
    /// A failed step, in the words the log shows: "could not watch /path: permission denied".
    pub fn failed(what: impl Into<String>, reason: impl std::fmt::Display) -> Self {
        Self::Failed { what: what.into(), reason: reason.to_string() }
    }
}
