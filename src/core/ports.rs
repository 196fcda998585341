//! Ports: the small traits the engine and the window use to reach the outside world. Adapters
//! live in `platform`, with fakes for tests.

use std::time::{Duration, SystemTime};

use super::history::HistoryEntry;
use super::kind::{BreakKind, Now};
use super::settings::Settings;
use super::timer::SavedTimer;

/// Reads the time. The only way anything in Unhunch learns what time it is.
pub trait Clock: Send + Sync {
    /// Monotonic and wall time, read together.
    fn now(&self) -> Now;

    /// The start of the local calendar day containing `wall` (for "today" counts and limits).
    fn day_start(&self, wall: SystemTime) -> SystemTime;

    /// "14:30": a Unix time as a local clock time.
    fn local_hhmm(&self, unix: u64) -> String {
        let t = super::units::unix_time(unix).unwrap_or(std::time::UNIX_EPOCH);
        let since_midnight = t.duration_since(self.day_start(t)).map_or(0, |d| d.as_secs());
        format!("{:02}:{:02}", since_midnight / 3600 % 24, since_midnight / 60 % 60)
    }

    /// The local weekday (0 = Monday) and minute of the day at `wall`.
    fn local_weekday_minute(&self, wall: SystemTime) -> (usize, u32) {
        let start = self.day_start(wall);
        let minute = wall.duration_since(start).map_or(0, |d| d.as_secs() / 60);
        let days = start.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
        // 1970-01-01 was a Thursday (3 when Monday is 0).
        (usize::try_from((days + 3) % 7).unwrap_or(0), u32::try_from(minute).unwrap_or(0))
    }

    /// The next time after `wall` that the local clock reads `hour:minute`.
    fn next_local(&self, wall: SystemTime, hour: u8, minute: u8) -> Option<SystemTime> {
        let start = self.day_start(wall);
        let today = start + std::time::Duration::from_secs(u64::from(hour) * 3600 + u64::from(minute) * 60);
        Some(if today > wall { today } else { today + std::time::Duration::from_secs(86_400) })
    }
}

/// A reminder for the desktop to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: BreakKind,
    /// `Some(time left)` for the heads-up before a break; `None` when the break is due.
    pub warning: Option<Duration>,
    /// The routine the break will play, and how long it takes.
    pub routine: Option<(String, Duration)>,
    pub snoozes_left: u32,
    /// How long the Snooze button postpones the break.
    pub snooze: Duration,
    /// A reminder shown again because it was ignored.
    pub repeat: bool,
    /// Skip is offered (not when today's skips are used up).
    pub can_skip: bool,
    /// `unhunch test-notification`: looks like a reminder, changes nothing; its buttons only
    /// answer with a confirmation.
    pub test: bool,
    /// The volume (percent) of the sound a due break makes, or `None` for none (sound off in
    /// Settings, or a heads-up). The server plays its own where it can; elsewhere Unhunch does.
    pub sound: Option<u32>,
}

/// What the user did with a notification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeAction {
    /// The Start button.
    Start,
    /// The Snooze button.
    Snooze,
    /// The Skip button.
    Skip,
    /// Clicked the notification itself.
    Open,
    /// Closed it without choosing (not a skip).
    Dismissed,
}

impl NoticeAction {
    /// The D-Bus action key for a button.
    pub fn key(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Snooze => "snooze",
            Self::Skip => "skip",
            Self::Open => "default",
            Self::Dismissed => "dismissed",
        }
    }

    /// The action a D-Bus action key stands for (converted once, at the adapter).
    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Start, Self::Snooze, Self::Skip, Self::Open].into_iter().find(|a| a.key() == key)
    }
}

/// Shows reminders on the desktop. Fire and forget: an adapter must never block its caller;
/// failures come back to the engine as an input of their own.
pub trait Notifier: Send {
    /// Shows a notice, replacing any shown before.
    fn show(&mut self, notice: &Notice);
    /// Shows a short message with no buttons (replacing any notice shown before), that goes
    /// away by itself.
    fn message(&mut self, summary: &str, body: &str);
    /// Takes down whatever is shown.
    fn withdraw(&mut self);
    /// Waits (at most `within`) until what was asked of the notification server is done: before
    /// the engine exits, so a bubble it took down is really gone.
    fn flush(&mut self, within: Duration) {
        let _ = within;
    }
}

/// Why an idle backend gave no reading.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdleError {
    /// The backend cannot be used here (no display, no such service).
    #[error("{0}")]
    Unavailable(String),
    /// The backend was there and the reading failed (the compositor or X server went away).
    #[error("{0}")]
    Reading(String),
}

/// The name of "no idle detection here: the user always counts as active", as the status says it.
pub const ALWAYS_ACTIVE: &str = "always-active";

/// Reports how long the user has not touched keyboard or mouse.
pub trait IdleMonitor: Send {
    /// A short name for logs and the status ("x11-screensaver", "always-active").
    fn name(&self) -> &'static str;
    /// Time since the last input, or why it could not be read.
    fn idle(&mut self) -> Result<Duration, IdleError>;
    /// Where the backend hears of input by an event: calls `back` (from another thread) at the
    /// first input after each arming, and returns the way to arm it (which says false once the
    /// watch is gone). `None`, the default, where idle time can only be read.
    fn return_watch(&mut self, back: Box<dyn Fn() + Send>) -> Option<Box<dyn Fn() -> bool + Send>> {
        drop(back);
        None
    }
}

/// Why the store could not keep something.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// A file could not be written (`reason` says why, with the OS's words).
    #[error("could not write {path}: {reason}")]
    Write { path: String, reason: String },
    /// The store cannot be used at all (a fake told to fail, a folder that cannot be made).
    #[error("{0}")]
    Unavailable(String),
}

/// Where the engine keeps what must survive: settings, history, the timer's counts.
pub trait Store: Send {
    /// Saves settings atomically. `Ok(Some(note))` when an unreadable old file was kept aside.
    fn save_settings(&mut self, settings: &Settings, now: SystemTime) -> Result<Option<String>, StoreError>;
    /// Appends one history entry.
    fn append_history(&mut self, entry: &HistoryEntry) -> Result<(), StoreError>;
    /// Keeps the records the history refused somewhere else until it takes them (replacing what
    /// was kept; none clears it).
    fn park_history(&mut self, waiting: &[HistoryEntry]) -> Result<(), StoreError>;
    /// Where [`Store::park_history`] keeps them, for people to read.
    fn parked_at(&self) -> String;
    /// Saves the timer's counts.
    fn save_timer(&mut self, saved: &SavedTimer) -> Result<(), StoreError>;
    /// Keeps the record that closes the break in progress, for the next start to write if this
    /// engine never does (killed, a power cut); `None` once the break is recorded.
    fn keep_closing(&mut self, closing: Option<&HistoryEntry>) -> Result<(), StoreError>;
}

/// Plays a session's sound cues and speaks its voice guidance (both may be silent).
pub trait Guide {
    /// Plays `cue` at `volume` (0..1).
    fn cue(&self, cue: super::cues::Cue, volume: f32);
    /// Says `text` (cutting off what was still being said).
    fn say(&self, text: &str);
}

/// A guide that plays and says nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Guide for Silent {
    fn cue(&self, _cue: super::cues::Cue, _volume: f32) {}
    fn say(&self, _text: &str) {}
}
