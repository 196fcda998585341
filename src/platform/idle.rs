//! Idle detection: how long since the last keyboard or mouse input. Backends are tried at run time
//! and the first that answers is used; the log and `unhunch status` say which. With none, the user
//! counts as always active and the dashboard says so.
//!
//! - Wayland: the compositor's `ext-idle-notify-v1` ([`super::wayland_idle`]), event-driven, version
//!   2's input-only idle preferred (sway, Hyprland, KDE, niri, recent GNOME and wlroots compositors).
//! - GNOME (X11 or Wayland): `org.gnome.Mutter.IdleMonitor` over D-Bus.
//! - KDE and others: `org.freedesktop.ScreenSaver.GetSessionIdleTime` over D-Bus.
//! - X11: the screensaver extension (`XScreenSaverQueryInfo`) over `x11rb`, no external programs.
//!
//! On a Wayland session Wayland's protocol and the D-Bus backends come first (`XWayland`'s idle time
//! does not see native input).
//!
//! While the user is away, [`ReturnWatch`] (X11: `XInput` 2 raw events, selected only then) tells
//! the engine the moment they come back, so it reads the idle time once a minute instead of every
//! few seconds.

use std::time::Duration;

use x11rb::connection::Connection as _;
use x11rb::protocol::screensaver::ConnectionExt as _;
use x11rb::rust_connection::RustConnection;

use crate::core::ports::{IdleError, IdleMonitor};

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
    pub fn connect() -> Result<Self, IdleError> {
        let (conn, screen) = x11rb::connect(None).map_err(|e| IdleError::Unavailable(format!("no X display: {e}")))?;
        let root = conn
            .setup()
            .roots
            .get(screen)
            .map(|s| s.root)
            .ok_or_else(|| IdleError::Unavailable("the X display has no screen".to_owned()))?;
        let mut me = Self { conn, root };
        me.idle()?;
        Ok(me)
    }
}

impl IdleMonitor for X11Idle {
    fn name(&self) -> &'static str {
        "x11-screensaver"
    }

    fn idle(&mut self) -> Result<Duration, IdleError> {
        let reply = self
            .conn
            .screensaver_query_info(self.root)
            .map_err(|e| IdleError::Reading(format!("X screensaver query failed: {e}")))?
            .reply()
            .map_err(|e| IdleError::Reading(format!("X screensaver query failed: {e}")))?;
        Ok(Duration::from_millis(u64::from(reply.ms_since_user_input)))
    }

    /// `XInput` 2 raw events on a thread and an X connection of their own ([`ReturnWatch::x11`]).
    fn return_watch(&mut self, back: Box<dyn Fn() + Send>) -> Option<Box<dyn Fn() -> bool + Send>> {
        ReturnWatch::x11(back).map(|watch| watch.arm)
    }
}

/// Wakes the engine at the first keyboard or mouse input after it is armed, so a user who is
/// away is noticed coming back without reading the idle time every few seconds. On X11: raw
/// input events (`XInput` 2) on the root window, selected only while armed (never while the user
/// types, when they would come by the hundred), on a thread and an X connection of its own. On
/// Wayland: the idle protocol's own `resumed` event ([`crate::core::ports::IdleMonitor::return_watch`]).
pub struct ReturnWatch {
    arm: Box<dyn Fn() -> bool + Send>,
}

impl std::fmt::Debug for ReturnWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReturnWatch").finish_non_exhaustive()
    }
}

impl ReturnWatch {
    /// Starts the watching thread, which connects to `$DISPLAY` (there, so a frozen X server never
    /// holds up the caller); `back` is called once per arming, at the first input after it. `None`
    /// when no thread could be started; a display without `XInput` 2 shows as [`Self::arm`]
    /// returning false.
    pub fn x11(back: impl Fn() + Send + 'static) -> Option<Self> {
        let (arm, armed) = std::sync::mpsc::sync_channel::<()>(1);
        std::thread::Builder::new()
            .name("x11-return".to_owned())
            .spawn(move || {
                let Some((conn, root)) = connect_xinput() else { return };
                while armed.recv().is_ok() {
                    if !wait_for_input(&conn, root) {
                        return;
                    }
                    back();
                }
            })
            .ok()?;
        Some(Self::armed_by(move || !matches!(arm.try_send(()), Err(std::sync::mpsc::TrySendError::Disconnected(())))))
    }

    /// A watch armed by `arm` (an idle backend's own, [`crate::core::ports::IdleMonitor::return_watch`]).
    pub fn armed_by(arm: impl Fn() -> bool + Send + 'static) -> Self {
        Self { arm: Box::new(arm) }
    }

    /// The next input calls `back` (once); arming again before then changes nothing. False when
    /// the watch is gone (no `XInput` 2 on the display, the X or Wayland connection closed).
    pub fn arm(&self) -> bool {
        (self.arm)()
    }
}

/// An X connection whose server speaks `XInput` 2, and its root window.
fn connect_xinput() -> Option<(RustConnection, u32)> {
    use x11rb::protocol::xinput::ConnectionExt as _;
    let (conn, screen) = x11rb::connect(None).ok()?;
    let root = conn.setup().roots.get(screen)?.root;
    let version = conn.xinput_xi_query_version(2, 2).ok()?.reply().ok()?;
    (version.major_version >= 2).then_some((conn, root))
}

/// Selects raw key, button and motion events on `root`, waits for the first, selects none again
/// and drops what came meanwhile. False when the X connection is gone.
fn wait_for_input(conn: &RustConnection, root: u32) -> bool {
    use x11rb::protocol::Event;
    use x11rb::protocol::xinput::{ConnectionExt as _, EventMask, XIEventMask};
    // XIAllMasterDevices: the keyboards and pointers the user moves, however many.
    const ALL_MASTER_DEVICES: u16 = 1;
    let select = |mask: XIEventMask| {
        conn.xinput_xi_select_events(root, &[EventMask { deviceid: ALL_MASTER_DEVICES, mask: vec![mask] }])
            .is_ok_and(|c| c.check().is_ok())
    };
    if !select(XIEventMask::RAW_KEY_PRESS | XIEventMask::RAW_BUTTON_PRESS | XIEventMask::RAW_MOTION) {
        return false;
    }
    // Only input counts (a keymap change, say, comes to every client).
    let came = loop {
        match conn.wait_for_event() {
            Ok(Event::XinputRawKeyPress(_) | Event::XinputRawButtonPress(_) | Event::XinputRawMotion(_)) => break true,
            Ok(_) => {}
            Err(_) => break false,
        }
    };
    let unselected = select(XIEventMask::from(0u32));
    while let Ok(Some(_)) = conn.poll_for_event() {}
    came && unselected
}

/// How long the engine's loop may wait for GNOME or a screensaver to say the idle time (it reads
/// on the loop; a frozen gnome-shell then costs the loop this long per reading, not for ever).
const READ_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(400);

/// Idle time from a D-Bus method that returns it (GNOME's Mutter, the freedesktop screensaver).
pub struct DbusIdle {
    conn: zbus::blocking::Connection,
    kind: DbusIdleKind,
}

/// Which D-Bus idle service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DbusIdleKind {
    /// `org.gnome.Mutter.IdleMonitor.GetIdletime` (milliseconds).
    Mutter,
    /// `org.freedesktop.ScreenSaver.GetSessionIdleTime` (seconds).
    ScreenSaver,
}

impl std::fmt::Debug for DbusIdle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DbusIdle").field("kind", &self.kind).finish_non_exhaustive()
    }
}

impl DbusIdle {
    /// Connects to the session bus and checks the service answers.
    pub fn connect(kind: DbusIdleKind) -> Result<Self, IdleError> {
        let conn =
            super::bus::session(READ_TIMEOUT).map_err(|e| IdleError::Unavailable(format!("no session bus: {e}")))?;
        let mut me = Self { conn, kind };
        me.idle()?;
        Ok(me)
    }
}

impl IdleMonitor for DbusIdle {
    fn name(&self) -> &'static str {
        match self.kind {
            DbusIdleKind::Mutter => "gnome-mutter",
            DbusIdleKind::ScreenSaver => "freedesktop-screensaver",
        }
    }

    fn idle(&mut self) -> Result<Duration, IdleError> {
        match self.kind {
            DbusIdleKind::Mutter => {
                let ms: u64 = self
                    .conn
                    .call_method(
                        Some("org.gnome.Mutter.IdleMonitor"),
                        "/org/gnome/Mutter/IdleMonitor/Core",
                        Some("org.gnome.Mutter.IdleMonitor"),
                        "GetIdletime",
                        &(),
                    )
                    .and_then(|m| m.body().deserialize())
                    .map_err(|e| IdleError::Reading(format!("Mutter IdleMonitor: {e}")))?;
                Ok(Duration::from_millis(ms))
            }
            DbusIdleKind::ScreenSaver => {
                let secs: u32 = self
                    .conn
                    .call_method(
                        Some("org.freedesktop.ScreenSaver"),
                        "/org/freedesktop/ScreenSaver",
                        Some("org.freedesktop.ScreenSaver"),
                        "GetSessionIdleTime",
                        &(),
                    )
                    .and_then(|m| m.body().deserialize())
                    .map_err(|e| IdleError::Reading(format!("freedesktop ScreenSaver: {e}")))?;
                Ok(Duration::from_secs(u64::from(secs)))
            }
        }
    }
}

/// No idle detection: the user always counts as active.
#[derive(Debug, Default)]
pub struct AlwaysActive;

impl IdleMonitor for AlwaysActive {
    fn name(&self) -> &'static str {
        crate::core::ports::ALWAYS_ACTIVE
    }

    fn idle(&mut self) -> Result<Duration, IdleError> {
        Ok(Duration::ZERO)
    }
}

/// The first backend that works here, and why the others did not (for the log).
pub fn detect() -> (Box<dyn IdleMonitor>, Vec<String>) {
    let set = |v: &str| std::env::var_os(v).is_some_and(|d| !d.is_empty());
    let wayland = set("WAYLAND_DISPLAY");
    let mut tried = Vec::new();
    let dbus = |tried: &mut Vec<String>| -> Option<Box<dyn IdleMonitor>> {
        for kind in [DbusIdleKind::Mutter, DbusIdleKind::ScreenSaver] {
            match DbusIdle::connect(kind) {
                Ok(b) => return Some(Box::new(b)),
                Err(e) => tried.push(e.to_string()),
            }
        }
        None
    };
    if wayland {
        match super::wayland_idle::WaylandIdle::connect() {
            Ok(w) => return (Box::new(w), tried),
            Err(e) => tried.push(format!("wayland-ext-idle-notify: {e}")),
        }
        if let Some(b) = dbus(&mut tried) {
            return (b, tried);
        }
    } else {
        tried.push("wayland-ext-idle-notify: WAYLAND_DISPLAY is not set".to_owned());
    }
    if set("DISPLAY") {
        match X11Idle::connect() {
            Ok(x) => return (Box::new(x), tried),
            Err(e) => tried.push(format!("x11-screensaver: {e}")),
        }
    } else {
        tried.push("x11-screensaver: DISPLAY is not set".to_owned());
    }
    if !wayland && let Some(b) = dbus(&mut tried) {
        return (b, tried);
    }
    (Box::new(AlwaysActive), tried)
}
