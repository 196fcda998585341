//! The history log: each record goes to the history file in order; what the file refuses (a full
//! disk, a read-only folder) is kept aside by the store and written, first, as soon as it can be.

use super::{Engine, RETRY_EVERY};
use crate::core::banner::Banner;
use crate::core::history::HistoryEntry;
use crate::core::kind::Now;

impl Engine {
    /// Appends what waits and then `entry` to the history file, in order. What the file refuses
    /// is kept aside by the store and tried again every minute; the user is told how much waits,
    /// where, and when it is in.
    pub(super) fn write_history(&mut self, entry: Option<&HistoryEntry>, now: Now) {
        self.unsaved.extend(entry.cloned());
        let waiting = self.unsaved.len();
        let mut written = 0;
        let mut failed = None;
        for e in &self.unsaved {
            match self.ports.store.append_history(e) {
                Ok(()) => written += 1,
                Err(err) => {
                    failed = Some(err);
                    break;
                }
            }
        }
        self.unsaved.drain(..written);
        // The copy kept aside follows what still waits (and goes once nothing does).
        let kept =
            if self.unsaved.is_empty() && !self.parked { Ok(()) } else { self.ports.store.park_history(&self.unsaved) };
        self.parked = !self.unsaved.is_empty() && kept.is_ok();
        if let Some(e) = failed {
            let (waiting, why) = (self.unsaved.len(), e.to_string());
            let kept_in = kept.ok().map(|()| self.ports.store.parked_at());
            self.add_banner(Banner::HistoryUnsaved { waiting, why, kept_in });
            self.retry_at = Some(now.mono + RETRY_EVERY);
        } else {
            if waiting > usize::from(entry.is_some()) {
                self.add_banner(Banner::HistorySavedAgain { written: waiting });
            }
            self.retry_at = None;
        }
    }

    /// Takes up records a previous run kept aside because the history refused them: written
    /// first, before anything newer (those already in the history are not written twice).
    pub fn resume_parked(&mut self, parked: Vec<HistoryEntry>, now: Now) {
        if parked.is_empty() {
            return;
        }
        self.parked = true;
        let fresh: Vec<HistoryEntry> = parked.into_iter().filter(|e| !self.history.contains(e)).collect();
        self.history.extend(fresh.iter().cloned());
        self.unsaved.splice(0..0, fresh);
        self.write_history(None, now);
    }

    /// Records written to no file yet.
    pub fn history_waiting(&self) -> usize {
        self.unsaved.len()
    }
}
