//! Wayland's own idle protocol, `ext-idle-notify-v1`, or, on compositors that offer only that
//! (Debian 12's sway 1.7, older `KWin`), its forerunner `org_kde_kwin_idle`: the same two events.
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
use wayland_protocols_plasma::idle::client::org_kde_kwin_idle::OrgKdeKwinIdle;
use wayland_protocols_plasma::idle::client::org_kde_kwin_idle_timeout::{self, OrgKdeKwinIdleTimeout};

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

/// Idle time from the compositor's `ext-idle-notify-v1` (or `org_kde_kwin_idle`).
#[derive(Debug)]
pub struct WaylandIdle {
    tracker: Shared,
    name: &'static str,
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
        let timeout = u32::try_from(TIMEOUT.as_millis()).unwrap_or(u32::MAX);
        let tracker = Shared::default();
        let mut listener = Listener { tracker: Arc::clone(&tracker) };
        let (name, objects): (&'static str, Box<dyn std::any::Any + Send>) =
            match globals.bind::<ExtIdleNotifierV1, _, _>(&qh, 1..=2, ()) {
                Ok(notifier) if notifier.version() >= 2 => {
                    let n = notifier.get_input_idle_notification(timeout, &seat, &qh, ());
                    ("wayland-ext-idle-notify-v2", Box::new((notifier, n)))
                }
                Ok(notifier) => {
                    let n = notifier.get_idle_notification(timeout, &seat, &qh, ());
                    ("wayland-ext-idle-notify-v1", Box::new((notifier, n)))
                }
                Err(ext) => {
                    let kde: OrgKdeKwinIdle = globals.bind(&qh, 1..=1, ()).map_err(|kde| {
                        IdleError::Unavailable(format!(
                            "the compositor has neither ext-idle-notify-v1 ({ext}) nor org_kde_kwin_idle ({kde})"
                        ))
                    })?;
                    let t = kde.get_idle_timeout(&seat, timeout, &qh, ());
                    ("wayland-kde-idle", Box::new((kde, t)))
                }
            };
        queue.roundtrip(&mut listener).map_err(|e| IdleError::Unavailable(format!("Wayland roundtrip: {e}")))?;
        std::thread::Builder::new()
            .name("wayland-idle".to_owned())
            .spawn(move || listen(queue, listener, (seat, objects)))
            .map_err(|e| IdleError::Unavailable(format!("could not start the Wayland idle thread: {e}")))?;
        Ok(Self { tracker, name })
    }

    /// The protocol in use: `wayland-ext-idle-notify-v2` (input-only idle), `…-v1`, or
    /// `wayland-kde-idle`.
    pub fn protocol(&self) -> &'static str {
        self.name
    }
}

impl IdleMonitor for WaylandIdle {
    fn name(&self) -> &'static str {
        self.name
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

impl Dispatch<OrgKdeKwinIdleTimeout, ()> for Listener {
    fn event(
        state: &mut Self,
        _: &OrgKdeKwinIdleTimeout,
        event: org_kde_kwin_idle_timeout::Event,
        (): &(),
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
        let mut tracker = state.tracker.lock().unwrap_or_else(PoisonError::into_inner);
        match event {
            org_kde_kwin_idle_timeout::Event::Idle => tracker.idled(SystemClock.now().mono),
            org_kde_kwin_idle_timeout::Event::Resumed => tracker.resumed(),
            _ => {}
        }
    }
}

delegate_noop!(Listener: ignore wl_seat::WlSeat);
delegate_noop!(Listener: ExtIdleNotifierV1);
delegate_noop!(Listener: OrgKdeKwinIdle);

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
