//! What should hold reminders back without stopping the sitting clock: the notification server's
//! do-not-disturb (`Inhibited` property), GNOME's do-not-disturb (`show-banners` off, read with
//! `gsettings` on GNOME desktops) and a fullscreen active window (X11 `_NET_WM_STATE_FULLSCREEN` on
//! `_NET_ACTIVE_WINDOW`). Read when a break is about to be offered and
//! every few seconds while one waits; never in a tight loop.

use x11rb::connection::Connection as _;
use x11rb::protocol::xproto::{AtomEnum, ConnectionExt as _};
use x11rb::rust_connection::RustConnection;

/// Reads the blockers; each source that is unavailable simply reports "not blocking".
pub struct Blockers {
    x11: Option<X11>,
    bus: Option<zbus::blocking::Connection>,
    /// On GNOME: read `org.gnome.desktop.notifications show-banners`.
    gnome: bool,
}

/// The X connection, the root window and the atoms asked about (interned once).
struct X11 {
    conn: RustConnection,
    root: u32,
    active: u32,
    state: u32,
    fullscreen: u32,
}

impl std::fmt::Debug for Blockers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blockers")
            .field("x11", &self.x11.is_some())
            .field("bus", &self.bus.is_some())
            .field("gnome", &self.gnome)
            .finish()
    }
}

impl Blockers {
    /// Connects to what is there: the X display for fullscreen, the session bus for do-not-disturb.
    pub fn connect() -> Self {
        let x11 = std::env::var_os("DISPLAY")
            .filter(|d| !d.is_empty())
            .and_then(|_| x11rb::connect(None).ok())
            .and_then(|(conn, screen)| {
                let root = conn.setup().roots.get(screen)?.root;
                let active = atom(&conn, "_NET_ACTIVE_WINDOW")?;
                let state = atom(&conn, "_NET_WM_STATE")?;
                let fullscreen = atom(&conn, "_NET_WM_STATE_FULLSCREEN")?;
                Some(X11 { conn, root, active, state, fullscreen })
            });
        let bus = zbus::blocking::Connection::session().ok();
        let gnome =
            std::env::var("XDG_CURRENT_DESKTOP").is_ok_and(|d| d.split(':').any(|p| p.eq_ignore_ascii_case("gnome")));
        Self { x11, bus, gnome }
    }

    /// True while do-not-disturb is on: GNOME's switch, or the notification server's.
    pub fn do_not_disturb(&self) -> bool {
        self.gnome_banners_off() || self.server_inhibited()
    }

    /// GNOME's do-not-disturb turns `show-banners` off. Read with `gsettings` (a few milliseconds,
    /// and only when a break is about to be offered or waits).
    fn gnome_banners_off(&self) -> bool {
        if !self.gnome {
            return false;
        }
        std::process::Command::new("gsettings")
            .args(["get", "org.gnome.desktop.notifications", "show-banners"])
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == "false")
    }

    /// The notification server's `Inhibited` property (freedesktop notifications 1.3).
    fn server_inhibited(&self) -> bool {
        let Some(bus) = &self.bus else { return false };
        // Never start a notification server just to ask it (D-Bus activation can take seconds).
        let owned = bus
            .call_method(
                Some("org.freedesktop.DBus"),
                "/org/freedesktop/DBus",
                Some("org.freedesktop.DBus"),
                "NameHasOwner",
                &("org.freedesktop.Notifications",),
            )
            .ok()
            .and_then(|m| m.body().deserialize::<bool>().ok())
            .unwrap_or(false);
        if !owned {
            return false;
        }
        let reply = bus.call_method(
            Some("org.freedesktop.Notifications"),
            "/org/freedesktop/Notifications",
            Some("org.freedesktop.DBus.Properties"),
            "Get",
            &("org.freedesktop.Notifications", "Inhibited"),
        );
        reply
            .ok()
            .and_then(|m| m.body().deserialize::<zbus::zvariant::OwnedValue>().ok())
            .and_then(|v| bool::try_from(v).ok())
            .unwrap_or(false)
    }

    /// True while the active window is fullscreen.
    pub fn fullscreen(&self) -> bool {
        self.x11.as_ref().and_then(fullscreen).unwrap_or(false)
    }
}

fn atom(conn: &RustConnection, name: &str) -> Option<u32> {
    conn.intern_atom(false, name.as_bytes()).ok()?.reply().ok().map(|r| r.atom)
}

fn fullscreen(x: &X11) -> Option<bool> {
    let reply = x.conn.get_property(false, x.root, x.active, AtomEnum::WINDOW, 0, 1).ok()?.reply().ok()?;
    let window = reply.value32()?.next()?;
    if window == 0 {
        return Some(false);
    }
    let states = x.conn.get_property(false, window, x.state, AtomEnum::ATOM, 0, 64).ok()?.reply().ok()?;
    Some(states.value32()?.any(|a| a == x.fullscreen))
}
