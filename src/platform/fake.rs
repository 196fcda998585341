//! Fakes of the ports, for tests and for the window's `--standalone` mode. Clones share state, so
//! a test keeps one handle and gives the other to the engine (governor style).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use super::clock::{SystemClock, utc_day_start};
use crate::core::kind::Now;
use crate::core::ports::Clock;

use crate::core::history::HistoryEntry;
use crate::core::ports::{Notice, Notifier, Store, StoreError};
use crate::core::settings::Settings;
use crate::core::timer::SavedTimer;

/// What a [`RecordingNotifier`] was asked to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shown {
    Notice(Notice),
    /// A short message: summary and body.
    Message(String, String),
    Withdrawn,
}

/// A notifier that records every call.
#[derive(Clone, Debug, Default)]
pub struct RecordingNotifier {
    log: Arc<Mutex<Vec<Shown>>>,
}

impl RecordingNotifier {
    /// Everything shown or withdrawn so far.
    pub fn log(&self) -> Vec<Shown> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The notices shown so far (not the withdrawals).
    pub fn notices(&self) -> Vec<Notice> {
        self.log()
            .into_iter()
            .filter_map(|s| match s {
                Shown::Notice(n) => Some(n),
                Shown::Message(..) | Shown::Withdrawn => None,
            })
            .collect()
    }
}

impl Notifier for RecordingNotifier {
    fn show(&mut self, notice: &Notice) {
        self.log.lock().unwrap_or_else(PoisonError::into_inner).push(Shown::Notice(notice.clone()));
    }

    fn message(&mut self, summary: &str, body: &str) {
        let shown = Shown::Message(summary.to_owned(), body.to_owned());
        self.log.lock().unwrap_or_else(PoisonError::into_inner).push(shown);
    }

    fn withdraw(&mut self) {
        self.log.lock().unwrap_or_else(PoisonError::into_inner).push(Shown::Withdrawn);
    }
}

/// What a [`MemoryStore`] holds.
#[derive(Clone, Debug, Default)]
pub struct Stored {
    pub settings: Option<Settings>,
    pub history: Vec<HistoryEntry>,
    pub timer: Option<SavedTimer>,
    /// Records kept aside while the history refuses them.
    pub parked: Vec<HistoryEntry>,
    /// The record that would close the break in progress.
    pub closing: Option<HistoryEntry>,
    /// When set, every write fails with this message.
    pub fail_with: Option<String>,
    /// When set, only history appends fail, with this message (the history folder is full or
    /// read-only while the rest works).
    pub history_fails_with: Option<String>,
}

/// A store in memory.
#[derive(Clone, Debug, Default)]
pub struct MemoryStore {
    inner: Arc<Mutex<Stored>>,
}

impl MemoryStore {
    /// A copy of what is stored.
    pub fn stored(&self) -> Stored {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Makes writes work again.
    pub fn heal(&self) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.fail_with = None;
        inner.history_fails_with = None;
    }

    /// Makes later history appends fail with `message` (other writes still work).
    pub fn fail_history_with(&self, message: &str) {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner).history_fails_with = Some(message.to_owned());
    }

    /// Makes every later write fail with `message`.
    pub fn fail_with(&self, message: &str) {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner).fail_with = Some(message.to_owned());
    }

    fn write(&self, f: impl FnOnce(&mut Stored)) -> Result<(), StoreError> {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(e) = &inner.fail_with {
            return Err(StoreError::Unavailable(e.clone()));
        }
        f(&mut inner);
        Ok(())
    }
}

impl Store for MemoryStore {
    fn save_settings(&mut self, settings: &Settings, _now: SystemTime) -> Result<Option<String>, StoreError> {
        self.write(|s| s.settings = Some(settings.clone())).map(|()| None)
    }

    fn append_history(&mut self, entry: &HistoryEntry) -> Result<(), StoreError> {
        if let Some(e) = &self.inner.lock().unwrap_or_else(PoisonError::into_inner).history_fails_with {
            return Err(StoreError::Unavailable(e.clone()));
        }
        self.write(|s| s.history.push(entry.clone()))
    }

    fn park_history(&mut self, waiting: &[HistoryEntry]) -> Result<(), StoreError> {
        self.write(|s| s.parked = waiting.to_vec())
    }

    fn parked_at(&self) -> String {
        "the memory store".to_owned()
    }

    fn save_timer(&mut self, saved: &SavedTimer) -> Result<(), StoreError> {
        self.write(|s| s.timer = Some(*saved))
    }

    fn keep_closing(&mut self, closing: Option<&HistoryEntry>) -> Result<(), StoreError> {
        self.write(|s| s.closing = closing.cloned())
    }
}

/// A clock that only moves when told to; clones share the same time (governor style).
#[derive(Clone, Debug)]
pub struct FakeClock {
    now: Arc<Mutex<Now>>,
}

impl FakeClock {
    /// A fake clock starting at 10:00 UTC on the real day (the real `Instant` keeps its
    /// arithmetic well inside its range). Not at the real time of day: a test that sits for an
    /// hour must not cross midnight (a new day gives the day's skips back) because it ran late
    /// in the evening.
    pub fn new() -> Self {
        let real = SystemClock.now();
        let wall = utc_day_start(real.wall) + Duration::from_secs(10 * 3600);
        Self { now: Arc::new(Mutex::new(Now { wall, ..real })) }
    }

    /// Moves both clocks forward by `d`.
    pub fn advance(&self, d: Duration) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        *now = now.after(d);
    }

    /// Moves only the wall clock forward, the way a suspended machine sees it on waking.
    pub fn sleep_machine(&self, d: Duration) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        now.wall += d;
    }
}

impl Default for FakeClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Now {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Days start at midnight UTC on the fake clock, so tests do not depend on the machine's zone.
    fn day_start(&self, wall: SystemTime) -> SystemTime {
        utc_day_start(wall)
    }
}

/// What a [`RecordingGuide`] was asked to play or say.
#[derive(Clone, Debug, PartialEq)]
pub enum Guided {
    Cue(crate::core::cues::Cue, f32),
    Said(String),
}

/// A guide that records cues and speech instead of playing them.
#[derive(Clone, Debug, Default)]
pub struct RecordingGuide {
    log: Arc<Mutex<Vec<Guided>>>,
}

impl RecordingGuide {
    /// Everything asked for so far.
    pub fn log(&self) -> Vec<Guided> {
        self.log.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl crate::core::ports::Guide for RecordingGuide {
    fn cue(&self, cue: crate::core::cues::Cue, volume: f32) {
        self.log.lock().unwrap_or_else(PoisonError::into_inner).push(Guided::Cue(cue, volume));
    }
    fn say(&self, text: &str) {
        self.log.lock().unwrap_or_else(PoisonError::into_inner).push(Guided::Said(text.to_owned()));
    }
}
