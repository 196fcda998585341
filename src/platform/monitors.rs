//! The screens a strict break covers: the X server's monitors (`RandR` 1.5, which also knows
//! monitors set up with `xrandr --setmonitor`), in pixels, the primary one first. On Wayland a
//! client is not told where screens are, so there the break covers the screen the compositor
//! puts it on (`None`: not known).

use x11rb::connection::Connection as _;
use x11rb::protocol::randr::ConnectionExt as _;

/// One screen's rectangle, in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Monitor {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

/// The X display's monitors, primary first; `None` without an X display (or without `RandR` 1.5).
pub fn list() -> Option<Vec<Monitor>> {
    std::env::var_os("DISPLAY").filter(|d| !d.is_empty())?;
    let (conn, screen) = x11rb::connect(None).ok()?;
    let root = conn.setup().roots.get(screen)?.root;
    let reply = conn.randr_get_monitors(root, true).ok()?.reply().ok()?;
    let mut monitors: Vec<(bool, Monitor)> = reply
        .monitors
        .iter()
        .map(|m| {
            let monitor = Monitor {
                x: i32::from(m.x),
                y: i32::from(m.y),
                width: u32::from(m.width),
                height: u32::from(m.height),
            };
            (m.primary, monitor)
        })
        .collect();
    // Primary first, then left to right.
    monitors.sort_by_key(|(primary, m)| (!primary, m.x, m.y));
    Some(monitors.into_iter().map(|(_, m)| m).collect())
}
