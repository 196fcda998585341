//! The window as the desktop sees it: its icon (the app's own, not eframe's) and, on X11, its
//! `WM_CLASS`, whose instance eframe leaves empty, so that docks, window switchers and the
//! `.desktop` file's `StartupWMClass=unhunch` find it.

use x11rb::connection::Connection as _;

use crate::core::ports::Clock as _;
use x11rb::protocol::xproto::{AtomEnum, PropMode};
use x11rb::wrapper::ConnectionExt as _;

/// The app icon, 128 pixels square, for the window.
pub fn icon() -> Option<egui::IconData> {
    let (width, height, rgba) = rgba(include_bytes!("../../assets/icons/128x128/unhunch.png"))?;
    Some(egui::IconData { rgba, width, height })
}

/// A PNG's width, height and RGBA pixels, or `None` when it is not an RGBA picture.
pub fn rgba(png: &[u8]) -> Option<(u32, u32, Vec<u8>)> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().ok()?;
    let mut rgba = vec![0; reader.output_buffer_size()?];
    let info = reader.next_frame(&mut rgba).ok()?;
    if info.color_type != png::ColorType::Rgba {
        return None;
    }
    rgba.truncate(info.buffer_size());
    Some((info.width, info.height, rgba))
}

/// What `WM_CLASS` holds: the instance, then the class, each ending in a zero byte.
const CLASS: &[u8] = b"unhunch\0unhunch\0";

/// Gives X11 window `window` the `WM_CLASS` instance and class `unhunch`, and keeps it so while
/// the window is being set up (the toolkit writes its own, with an empty instance, at a moment
/// of its choosing): a thread watches the property for five seconds and writes it back if it
/// changes. Without an X display (Wayland, where the app id does this) it does nothing.
pub fn keep_class(window: u32, log: fn(&str)) {
    let spawned = std::thread::Builder::new().name("wm-class".to_owned()).spawn(move || {
        if let Err(e) = watch_class(window, std::time::Duration::from_secs(5)) {
            log(&format!("could not set the window's WM_CLASS: {e}"));
        }
    });
    if let Err(e) = spawned {
        log(&format!("could not set the window's WM_CLASS: {e}"));
    }
}

fn watch_class(window: u32, within: std::time::Duration) -> Result<(), String> {
    use x11rb::protocol::Event;
    use x11rb::protocol::xproto::{ChangeWindowAttributesAux, ConnectionExt as _, EventMask};
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let (conn, _) = x11rb::connect(None).map_err(|e| err(&e))?;
    let events = ChangeWindowAttributesAux::new().event_mask(EventMask::PROPERTY_CHANGE | EventMask::STRUCTURE_NOTIFY);
    conn.change_window_attributes(window, &events).map_err(|e| err(&e))?;
    let set = |conn: &x11rb::rust_connection::RustConnection| -> Result<(), String> {
        conn.change_property8(PropMode::REPLACE, window, AtomEnum::WM_CLASS, AtomEnum::STRING, CLASS)
            .map_err(|e| err(&e))?;
        conn.flush().map_err(|e| err(&e))
    };
    set(&conn)?;
    let clock = super::clock::SystemClock;
    let until = clock.now().mono + within;
    while clock.now().mono < until {
        match conn.poll_for_event().map_err(|e| err(&e))? {
            Some(Event::PropertyNotify(e)) if e.atom == u32::from(AtomEnum::WM_CLASS) => {
                let now = conn
                    .get_property(false, window, AtomEnum::WM_CLASS, AtomEnum::STRING, 0, 64)
                    .map_err(|e| err(&e))?
                    .reply()
                    .map_err(|e| err(&e))?;
                if now.value != CLASS {
                    set(&conn)?;
                }
            }
            Some(Event::MapNotify(_)) => set(&conn)?,
            Some(Event::DestroyNotify(_)) => return Ok(()),
            Some(_) => {}
            None => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
    Ok(())
}
