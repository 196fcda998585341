//! What should hold reminders back without stopping the sitting clock: the notification server's
//! do-not-disturb (each server's own: dunst, xfce4-notifyd, mako, or the `Inhibited` property), GNOME's do-not-disturb (`show-banners` off, read with
//! `gsettings` on GNOME desktops) and a fullscreen active window (on Wayland, from wlroots'
//! foreign-toplevel where the compositor offers it; on X11, `_NET_WM_STATE_FULLSCREEN` on
//! `_NET_ACTIVE_WINDOW`). Read when a break is about to be offered and
//! every few seconds while one waits; never in a tight loop.

use x11rb::connection::Connection as _;
use x11rb::protocol::xproto::{AtomEnum, ConnectionExt as _};
use x11rb::rust_connection::RustConnection;

/// Reads the blockers; each source that is unavailable simply reports "not blocking".
pub struct Blockers {
    x11: Option<X11>,
    /// On Wayland: the compositor's windows, where it tells (wlroots' foreign-toplevel).
    wayland: Option<super::wayland_toplevel::Toplevels>,
    /// Why there is no Wayland fullscreen check, when there is a Wayland session.
    wayland_missing: Option<String>,
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
            .field("wayland", &self.wayland.as_ref().map(|_| "foreign-toplevel").or(self.wayland_missing.as_deref()))
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
        let (wayland, wayland_missing) = if std::env::var_os("WAYLAND_DISPLAY").is_some_and(|d| !d.is_empty()) {
            match super::wayland_toplevel::Toplevels::connect() {
                Ok(t) => (Some(t), None),
                Err(e) => (None, Some(e)),
            }
        } else {
            (None, None)
        };
        let bus = super::bus::session(super::bus::CALL_TIMEOUT).ok();
        let gnome =
            std::env::var("XDG_CURRENT_DESKTOP").is_ok_and(|d| d.split(':').any(|p| p.eq_ignore_ascii_case("gnome")));
        Self { x11, wayland, wayland_missing, bus, gnome }
    }

    /// Whose do-not-disturb is on, if any: GNOME's switch, or the notification server's own
    /// (dunst's `paused`, xfce4-notifyd's xfconf setting, mako's `do-not-disturb` mode, or the
    /// standard `Inhibited` property that KDE's server has).
    pub fn do_not_disturb(&self) -> Option<&'static str> {
        if self.gnome_banners_off() {
            return Some("GNOME");
        }
        let bus = self.bus.as_ref()?;
        // Never start a notification server just to ask it (D-Bus activation can take seconds).
        if !has_owner(bus, "org.freedesktop.Notifications") {
            return None;
        }
        if property(bus, NOTIFICATIONS, "/org/freedesktop/Notifications", "org.dunstproject.cmd0", "paused")
            == Some(true)
        {
            return Some("dunst");
        }
        if has_owner(bus, "org.xfce.Xfconf") {
            let reply = bus.call_method(
                Some("org.xfce.Xfconf"),
                "/org/xfce/Xfconf",
                Some("org.xfce.Xfconf"),
                "GetProperty",
                &("xfce4-notifyd", "/do-not-disturb"),
            );
            if reply
                .ok()
                .and_then(|m| m.body().deserialize::<zbus::zvariant::OwnedValue>().ok())
                .and_then(|v| bool::try_from(v).ok())
                == Some(true)
            {
                return Some("xfce4-notifyd");
            }
        }
        if mako_modes(bus).is_some_and(|modes| modes.iter().any(|m| m == "do-not-disturb" || m == "dnd")) {
            return Some("mako");
        }
        if property(bus, NOTIFICATIONS, "/org/freedesktop/Notifications", NOTIFICATIONS, "Inhibited") == Some(true) {
            return Some("the notification server");
        }
        None
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

    /// True while the active window is fullscreen: told by the Wayland compositor where it tells
    /// (an X11 window under Xwayland is one of its windows too), else read from X11.
    pub fn fullscreen(&self) -> bool {
        match &self.wayland {
            Some(w) => w.fullscreen(),
            None => self.x11.as_ref().and_then(fullscreen).unwrap_or(false),
        }
    }
}

const NOTIFICATIONS: &str = "org.freedesktop.Notifications";

fn has_owner(bus: &zbus::blocking::Connection, name: &str) -> bool {
    bus.call_method(
        Some("org.freedesktop.DBus"),
        "/org/freedesktop/DBus",
        Some("org.freedesktop.DBus"),
        "NameHasOwner",
        &(name,),
    )
    .ok()
    .and_then(|m| m.body().deserialize::<bool>().ok())
    .unwrap_or(false)
}

/// A boolean property, or `None` when the service doesn't have it.
fn property(bus: &zbus::blocking::Connection, dest: &str, path: &str, iface: &str, name: &str) -> Option<bool> {
    let reply =
        bus.call_method(Some(dest), path, Some("org.freedesktop.DBus.Properties"), "Get", &(iface, name)).ok()?;
    bool::try_from(reply.body().deserialize::<zbus::zvariant::OwnedValue>().ok()?).ok()
}

/// mako's active modes: `ListModes` (mako 1.9 and later: all modes are active ones) or the single
/// mode of `GetMode` (mako 1.7, Debian 12).
fn mako_modes(bus: &zbus::blocking::Connection) -> Option<Vec<String>> {
    let call = |method: &str| {
        bus.call_method(Some(NOTIFICATIONS), "/fr/emersion/Mako", Some("fr.emersion.Mako"), method, &()).ok()
    };
    if let Some(reply) = call("ListModes") {
        return reply.body().deserialize::<Vec<String>>().ok();
    }
    call("GetMode").and_then(|m| m.body().deserialize::<String>().ok()).map(|m| vec![m])
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
