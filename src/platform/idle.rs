//! Idle detection: how long since the last keyboard or mouse input. Backends are tried at run time
//! and the first that answers is used; the log and `unhunch status` say which. With none, the user
//! counts as always active and the dashboard says so.
//!
//! - X11: the screensaver extension (`XScreenSaverQueryInfo`) over `x11rb`, no external programs.
//! - Wayland (`ext-idle-notify-v1`), GNOME (`org.gnome.Mutter.IdleMonitor`) and
//!   `org.freedesktop.ScreenSaver` are not built yet.

use std::time::Duration;

use x11rb::connection::Connection as _;
use x11rb::protocol::screensaver::ConnectionExt as _;
use x11rb::rust_connection::RustConnection;

use crate::core::ports::IdleMonitor;

/// Idle time from the X server's screensaver extension.
pub struct X11Idle {
    conn: RustConnection,
    root: u32,
}

impl std::fmt::Debug for X11Idle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("X11Idle").field("root", &self.root).finish_non_exhaustive()
    }
}

impl X11Idle {
    /// Connects to `$DISPLAY` and checks the extension answers.
    pub fn connect() -> Result<Self, String> {
        let (conn, screen) = x11rb::connect(None).map_err(|e| format!("no X display: {e}"))?;
        let root = conn.setup().roots.get(screen).map(|s| s.root).ok_or("the X display has no screen")?;
        let mut me = Self { conn, root };
        me.idle()?;
        Ok(me)
    }
}

impl IdleMonitor for X11Idle {
    fn name(&self) -> &'static str {
        "x11-screensaver"
    }

    fn idle(&mut self) -> Result<Duration, String> {
        let reply = self
            .conn
            .screensaver_query_info(self.root)
            .map_err(|e| format!("X screensaver query failed: {e}"))?
            .reply()
            .map_err(|e| format!("X screensaver query failed: {e}"))?;
        Ok(Duration::from_millis(u64::from(reply.ms_since_user_input)))
    }
}

/// No idle detection: the user always counts as active.
#[derive(Debug, Default)]
pub struct AlwaysActive;

impl IdleMonitor for AlwaysActive {
    fn name(&self) -> &'static str {
        "always-active"
    }

    fn idle(&mut self) -> Result<Duration, String> {
        Ok(Duration::ZERO)
    }
}

/// The first backend that works here, and why the others did not (for the log).
pub fn detect() -> (Box<dyn IdleMonitor>, Vec<String>) {
    let mut tried = Vec::new();
    if std::env::var_os("DISPLAY").is_some_and(|d| !d.is_empty()) {
        match X11Idle::connect() {
            Ok(x) => return (Box::new(x), tried),
            Err(e) => tried.push(format!("x11-screensaver: {e}")),
        }
    } else {
        tried.push("x11-screensaver: DISPLAY is not set".to_owned());
    }
    (Box::new(AlwaysActive), tried)
}
