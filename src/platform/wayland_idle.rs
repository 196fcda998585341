//! Wayland's own idle protocol, `ext-idle-notify-v1`.
//!
//! The protocol does not answer "how long idle?"; it sends `idled` once the seat has had no input
//! for a timeout we choose, and `resumed` at the next input. A thread of ours waits on the
//! compositor's socket (no polling: it sleeps until the compositor writes) and keeps the moment idle
//! began; [`IdleMonitor::idle`] reads it without any I/O. With a short timeout the reading is exact
//! from [`TIMEOUT`] on and zero before, which is all the engine needs: its shortest threshold is 10 s.
//!
//! Version 2's `get_input_idle_notification` is preferred: it ignores idle inhibitors, so a video
//! playing full screen does not make a user who has walked away look busy.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use wayland_client::globals::{GlobalListContents, registry_queue_init};
use wayland_client::protocol::{wl_registry, wl_seat};
use wayland_client::{Connection, Dispatch, EventQueue, Proxy as _, QueueHandle, delegate_noop};
use wayland_protocols::ext::idle_notify::v1::client::ext_idle_notification_v1::{self, ExtIdleNotificationV1};
use wayland_protocols::ext::idle_notify::v1::client::ext_idle_notifier_v1::ExtIdleNotifierV1;

use crate::core::ports::{Clock as _, IdleError, IdleMonitor};
use crate::platform::clock::SystemClock;

/// No input for this long and the compositor says so. Below every idle threshold (10 s at least).
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// When idle began, from the compositor's `idled` and `resumed` events. Pure: the caller says when.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdleTracker {
    since: Option<Instant>,
    lost: Option<String>,
}

impl IdleTracker {
    /// `idled` arrived at `at`: the last input was [`TIMEOUT`] earlier.
    pub fn idled(&mut self, at: Instant) {
        self.since = Some(at.checked_sub(TIMEOUT).unwrap_or(at));
    }

    /// `resumed`: input again.
    pub fn resumed(&mut self) {
        self.since = None;
    }

    /// The compositor went away; every later reading is this error.
    pub fn lose(&mut self, why: String) {
        self.lost = Some(why);
    }

    /// Idle time at `now`, or why it is unknown.
    pub fn idle(&self, now: Instant) -> Result<Duration, IdleError> {
        if let Some(why) = &self.lost {
            return Err(IdleError::Reading(why.clone()));
        }
        Ok(self.since.map_or(Duration::ZERO, |since| now.saturating_duration_since(since)))
    }
}

type Shared = Arc<Mutex<IdleTracker>>;

/// Idle time from the compositor's `ext-idle-notify-v1`.
#[derive(Debug)]
pub struct WaylandIdle {
    tracker: Shared,
    version: u32,
}

impl WaylandIdle {
    /// Connects to `$WAYLAND_DISPLAY`, asks for idle notifications (version 2's input-only ones when
    /// offered) and starts the thread that listens for them.
    pub fn connect() -> Result<Self, IdleError> {
        let conn =
            Connection::connect_to_env().map_err(|e| IdleError::Unavailable(format!("no Wayland compositor: {e}")))?;
        let (globals, mut queue) = registry_queue_init::<Listener>(&conn)
            .map_err(|e| IdleError::Unavailable(format!("Wayland registry: {e}")))?;
        let qh = queue.handle();
        let seat: wl_seat::WlSeat =
            globals.bind(&qh, 1..=1, ()).map_err(|e| IdleError::Unavailable(format!("no Wayland seat: {e}")))?;
        let notifier: ExtIdleNotifierV1 = globals
            .bind(&qh, 1..=2, ())
            .map_err(|e| IdleError::Unavailable(format!("the compositor has no ext-idle-notify-v1: {e}")))?;
        let version = notifier.version();
        let timeout = u32::try_from(TIMEOUT.as_millis()).unwrap_or(u32::MAX);
        let notification = if version >= 2 {
            notifier.get_input_idle_notification(timeout, &seat, &qh, ())
        } else {
            notifier.get_idle_notification(timeout, &seat, &qh, ())
        };
        let tracker = Shared::default();
        let mut listener = Listener { tracker: Arc::clone(&tracker) };
        queue.roundtrip(&mut listener).map_err(|e| IdleError::Unavailable(format!("Wayland roundtrip: {e}")))?;
        std::thread::Builder::new()
            .name("wayland-idle".to_owned())
            .spawn(move || listen(queue, listener, (seat, notifier, notification)))
            .map_err(|e| IdleError::Unavailable(format!("could not start the Wayland idle thread: {e}")))?;
        Ok(Self { tracker, version })
    }

    /// The protocol version the compositor gave us (2 = input-only idle).
    pub fn version(&self) -> u32 {
        self.version
    }
}

impl IdleMonitor for WaylandIdle {
    fn name(&self) -> &'static str {
        if self.version >= 2 { "wayland-ext-idle-notify-v2" } else { "wayland-ext-idle-notify-v1" }
    }

    fn idle(&mut self) -> Result<Duration, IdleError> {
        let now = SystemClock.now().mono;
        self.tracker.lock().unwrap_or_else(PoisonError::into_inner).idle(now)
    }
}

/// Waits for the compositor's events until the connection ends; keeps the protocol objects alive.
fn listen<T>(mut queue: EventQueue<Listener>, mut listener: Listener, _objects: T) {
    let why = loop {
        if let Err(e) = queue.blocking_dispatch(&mut listener) {
            break format!("the Wayland connection ended: {e}");
        }
    };
    listener.tracker.lock().unwrap_or_else(PoisonError::into_inner).lose(why);
}

struct Listener {
    tracker: Shared,
}

impl Dispatch<ExtIdleNotificationV1, ()> for Listener {
    fn event(
        state: &mut Self,
        _: &ExtIdleNotificationV1,
        event: ext_idle_notification_v1::Event,
        (): &(),
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
        let mut tracker = state.tracker.lock().unwrap_or_else(PoisonError::into_inner);
        match event {
            ext_idle_notification_v1::Event::Idled => tracker.idled(SystemClock.now().mono),
            ext_idle_notification_v1::Event::Resumed => tracker.resumed(),
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

delegate_noop!(Listener: ignore wl_seat::WlSeat);
delegate_noop!(Listener: ExtIdleNotifierV1);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_time_counts_from_the_last_input_before_idled_and_stops_at_resumed() {
        let start = SystemClock.now().mono;
        let mut t = IdleTracker::default();
        assert_eq!(t.idle(start), Ok(Duration::ZERO), "active until the compositor says otherwise");
        t.idled(start + Duration::from_secs(5));
        assert_eq!(t.idle(start + Duration::from_secs(65)), Ok(Duration::from_secs(65)), "idle since the last input");
        t.resumed();
        assert_eq!(t.idle(start + Duration::from_secs(70)), Ok(Duration::ZERO));
        t.lose("gone".to_owned());
        assert_eq!(t.idle(start + Duration::from_secs(80)), Err(IdleError::Reading("gone".to_owned())));
    }
}
