//! Is the active window fullscreen, on Wayland? Compositors that offer
//! `zwlr_foreign_toplevel_manager_v1` (sway, Hyprland, labwc, Wayfire, river…) tell every client
//! that asks about each window's state; GNOME and KDE don't offer it, and there it can't be known.
//!
//! A thread of ours waits on the compositor's socket (no polling) and keeps each window's last
//! complete state (`done` ends a batch); [`Toplevels::fullscreen`] reads it without any I/O.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use wayland_client::backend::ObjectId;
use wayland_client::globals::{GlobalListContents, registry_queue_init};
use wayland_client::protocol::wl_registry;
use wayland_client::{Connection, Dispatch, EventQueue, Proxy as _, QueueHandle, event_created_child};
use wayland_protocols_wlr::foreign_toplevel::v1::client::zwlr_foreign_toplevel_handle_v1::{
    self, State, ZwlrForeignToplevelHandleV1,
};
use wayland_protocols_wlr::foreign_toplevel::v1::client::zwlr_foreign_toplevel_manager_v1::{
    self, ZwlrForeignToplevelManagerV1,
};

/// One window's state: what is being told now, and what was told last in full.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Window {
    pending: (bool, bool),
    /// (activated, fullscreen) as of the last `done`.
    done: (bool, bool),
}

/// Every window the compositor told us about; pure, fed by the listener.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WindowStates {
    windows: HashMap<ObjectId, Window>,
    lost: bool,
}

impl WindowStates {
    /// A `state` event: the window's states, as the protocol's array of 32-bit values.
    fn state(&mut self, id: ObjectId, raw: &[u8]) {
        let states: Vec<u32> = raw.chunks_exact(4).map(|c| u32::from_ne_bytes([c[0], c[1], c[2], c[3]])).collect();
        let has = |s: State| states.contains(&(s as u32));
        self.windows.entry(id).or_default().pending = (has(State::Activated), has(State::Fullscreen));
    }

    fn done(&mut self, id: ObjectId) {
        let w = self.windows.entry(id).or_default();
        w.done = w.pending;
    }

    fn closed(&mut self, id: &ObjectId) {
        self.windows.remove(id);
    }

    /// True while the active window is fullscreen.
    pub fn fullscreen(&self) -> bool {
        !self.lost && self.windows.values().any(|w| w.done == (true, true))
    }
}

type Shared = Arc<Mutex<WindowStates>>;

/// The fullscreen state of the compositor's windows.
#[derive(Debug)]
pub struct Toplevels {
    states: Shared,
}

impl Toplevels {
    /// Connects to `$WAYLAND_DISPLAY` and starts listening, or says why it can't.
    pub fn connect() -> Result<Self, String> {
        let conn = Connection::connect_to_env().map_err(|e| format!("no Wayland compositor: {e}"))?;
        let (globals, mut queue) =
            registry_queue_init::<Listener>(&conn).map_err(|e| format!("Wayland registry: {e}"))?;
        let qh = queue.handle();
        let manager: ZwlrForeignToplevelManagerV1 = globals
            .bind(&qh, 2..=3, ())
            .map_err(|e| format!("the compositor has no zwlr_foreign_toplevel_manager_v1 (version 2 or later): {e}"))?;
        let states = Shared::default();
        let mut listener = Listener { states: Arc::clone(&states) };
        queue.roundtrip(&mut listener).map_err(|e| format!("Wayland roundtrip: {e}"))?;
        std::thread::Builder::new()
            .name("wayland-windows".to_owned())
            .spawn(move || listen(queue, listener, manager))
            .map_err(|e| format!("could not start the Wayland window thread: {e}"))?;
        Ok(Self { states })
    }

    /// True while the active window is fullscreen.
    pub fn fullscreen(&self) -> bool {
        self.states.lock().unwrap_or_else(PoisonError::into_inner).fullscreen()
    }
}

/// Waits for the compositor's events until the connection ends; keeps the manager alive.
fn listen(mut queue: EventQueue<Listener>, mut listener: Listener, _manager: ZwlrForeignToplevelManagerV1) {
    while queue.blocking_dispatch(&mut listener).is_ok() {}
    listener.states.lock().unwrap_or_else(PoisonError::into_inner).lost = true;
}

struct Listener {
    states: Shared,
}

impl Dispatch<ZwlrForeignToplevelManagerV1, ()> for Listener {
    fn event(
        _: &mut Self,
        _: &ZwlrForeignToplevelManagerV1,
        _: zwlr_foreign_toplevel_manager_v1::Event,
        (): &(),
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
        // New windows arrive as their own handle (below); `finished` ends the stream.
    }

    event_created_child!(Listener, ZwlrForeignToplevelManagerV1, [
        zwlr_foreign_toplevel_manager_v1::EVT_TOPLEVEL_OPCODE => (ZwlrForeignToplevelHandleV1, ()),
    ]);
}

impl Dispatch<ZwlrForeignToplevelHandleV1, ()> for Listener {
    fn event(
        state: &mut Self,
        handle: &ZwlrForeignToplevelHandleV1,
        event: zwlr_foreign_toplevel_handle_v1::Event,
        (): &(),
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
        let mut states = state.states.lock().unwrap_or_else(PoisonError::into_inner);
        match event {
            zwlr_foreign_toplevel_handle_v1::Event::State { state } => states.state(handle.id(), &state),
            zwlr_foreign_toplevel_handle_v1::Event::Done => states.done(handle.id()),
            zwlr_foreign_toplevel_handle_v1::Event::Closed => {
                states.closed(&handle.id());
                handle.destroy();
            }
            _ => {}
        }
    }
}

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for Listener {
    fn event(
        _: &mut Self,
        _: &wl_registry::WlRegistry,
        _: wl_registry::Event,
        _: &GlobalListContents,
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(states: &[State]) -> Vec<u8> {
        states.iter().flat_map(|s| (*s as u32).to_ne_bytes()).collect()
    }

    #[test]
    fn only_an_active_fullscreen_window_counts_and_only_once_its_state_is_done() {
        let mut w = WindowStates::default();
        let a = ObjectId::null();
        w.state(a.clone(), &raw(&[State::Activated, State::Fullscreen]));
        assert!(!w.fullscreen(), "not until done");
        w.done(a.clone());
        assert!(w.fullscreen());
        w.state(a.clone(), &raw(&[State::Fullscreen]));
        w.done(a.clone());
        assert!(!w.fullscreen(), "a fullscreen window in the background does not count");
        w.state(a.clone(), &raw(&[State::Activated, State::Fullscreen]));
        w.done(a.clone());
        w.closed(&a);
        assert!(!w.fullscreen(), "a closed window does not count");
        assert!(!w.fullscreen());
    }
}
