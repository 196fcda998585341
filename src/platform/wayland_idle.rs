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
    /// A return watch waits for the next `resumed`.
    armed: bool,
}

impl IdleTracker {
    /// `idled` arrived at `at`: the last input was [`TIMEOUT`] earlier.
    pub fn idled(&mut self, at: Instant) {
        self.since = Some(at.checked_sub(TIMEOUT).unwrap_or(at));
    }

    /// `resumed`: input again. True when a return watch was waiting for it (it is told once).
    pub fn resumed(&mut self) -> bool {
        self.since = None;
        std::mem::take(&mut self.armed)
    }

    /// Arms the return watch: `Some(true)` when the user is idle (the next `resumed` tells),
    /// `Some(false)` when they are back already (tell now), `None` when the compositor is gone.
    pub fn arm(&mut self) -> Option<bool> {
        if self.lost.is_some() {
            return None;
        }
        self.armed = self.since.is_some();
        Some(self.armed)
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

/// Who to tell when a user who was away comes back (the return watch's `back`).
type Back = Arc<Mutex<Option<Box<dyn Fn() + Send>>>>;

/// Idle time from the compositor's `ext-idle-notify-v1` (or `org_kde_kwin_idle`).
pub struct WaylandIdle {
    tracker: Shared,
    back: Back,
    name: &'static str,
}

impl std::fmt::Debug for WaylandIdle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WaylandIdle").field("tracker", &self.tracker).field("name", &self.name).finish_non_exhaustive()
    }
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
        let back = Back::default();
        let mut listener = Listener { tracker: Arc::clone(&tracker), back: Arc::clone(&back) };
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
        Ok(Self { tracker, back, name })
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

    /// The compositor's `resumed` tells of the return: no reading every few seconds while away.
    fn return_watch(&mut self, back: Box<dyn Fn() + Send>) -> Option<Box<dyn Fn() -> bool + Send>> {
        *self.back.lock().unwrap_or_else(PoisonError::into_inner) = Some(back);
        let (tracker, back) = (Arc::clone(&self.tracker), Arc::clone(&self.back));
        Some(Box::new(move || {
            let armed = tracker.lock().unwrap_or_else(PoisonError::into_inner).arm();
            if armed == Some(false) {
                // Back already (between the reading and now): say so at once.
                tell(&back);
            }
            armed.is_some()
        }))
    }
}

/// Calls the return watch's `back`, if there is one.
fn tell(back: &Back) {
    if let Some(back) = back.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
        back();
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
    back: Back,
}

impl Listener {
    fn idled(&self) {
        self.tracker.lock().unwrap_or_else(PoisonError::into_inner).idled(SystemClock.now().mono);
    }

    fn resumed(&self) {
        let waited = self.tracker.lock().unwrap_or_else(PoisonError::into_inner).resumed();
        if waited {
            tell(&self.back);
        }
    }
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
        match event {
            ext_idle_notification_v1::Event::Idled => state.idled(),
            ext_idle_notification_v1::Event::Resumed => state.resumed(),
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
        match event {
            org_kde_kwin_idle_timeout::Event::Idle => state.idled(),
            org_kde_kwin_idle_timeout::Event::Resumed => state.resumed(),
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
        assert!(!t.resumed(), "no return watch was waiting");
        assert_eq!(t.idle(start + Duration::from_secs(70)), Ok(Duration::ZERO));
        t.lose("gone".to_owned());
        assert_eq!(t.idle(start + Duration::from_secs(80)), Err(IdleError::Reading("gone".to_owned())));
    }

    #[test]
    fn a_return_watch_armed_while_idle_is_told_once_at_the_next_resumed() {
        let start = SystemClock.now().mono;
        let mut t = IdleTracker::default();
        assert_eq!(t.arm(), Some(false), "not idle: the user is back already");
        t.idled(start);
        assert_eq!(t.arm(), Some(true));
        assert!(t.resumed(), "told at the return");
        t.idled(start + Duration::from_secs(30));
        assert!(!t.resumed(), "once per arming");
        t.lose("gone".to_owned());
        assert_eq!(t.arm(), None, "no watch without the compositor");
    }
}
