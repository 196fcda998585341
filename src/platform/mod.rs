//! Adapters between the pure core and the operating system.
//!
//! - [`autostart`]: the XDG autostart entry that starts the engine at login.
//! - [`blockers`]: do-not-disturb and fullscreen windows, which hold reminders back.
//! - [`clock`]: the real clock and a shareable fake.
//! - [`idle`]: how long since the last input (Wayland, GNOME, freedesktop, X11, or always active).
//! - [`files`]: XDG paths, atomic writes, reading routine files, settings and history.
//! - [`fake`]: recording and in-memory fakes of the ports.
//! - [`ipc`]: the control socket's location, the single-instance lock, a client connection.
//! - [`notify`]: desktop notifications over D-Bus.
//! - [`routine_files`]: saving, backing up and trashing the user's routine files; templates.
//! - [`logind`]: screen lock and suspend from logind.
//! - [`spawn`]: starting the engine or the window as a detached process.
//! - [`tray`]: the tray icon and its menu.
//! - [`wayland_idle`]: Wayland's `ext-idle-notify-v1`, for [`idle`].
//! - [`watch`]: noticing saved routine files.

pub mod autostart;
pub mod blockers;
pub mod clock;
pub mod fake;
pub mod files;
pub mod idle;
pub mod ipc;
pub mod logind;
pub mod notify;
pub mod routine_files;
pub mod spawn;
pub mod tray;
pub mod watch;
pub mod wayland_idle;
