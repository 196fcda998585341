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
    /// `fresh` are those not in the history file yet, in order (the shell worked that out from
    /// where the history ended when they were kept); the copy kept aside goes once they are in.
    pub fn resume_parked(&mut self, fresh: Vec<HistoryEntry>, now: Now) {
        self.parked = true;
        self.history.extend(fresh.iter().cloned());
        self.unsaved.splice(0..0, fresh);
        self.write_history(None, now);
    }

    /// Keeps the record that would close the break in progress now (none once it is over), so
    /// that a break cut short by a kill or a power cut is recorded at the next start.
    pub(super) fn keep_closing(&mut self, now: Now) {
        let closing = self.session.as_mut().map(|s| {
            let (outcome, mut done) = s.watch.abandoned();
            if done.exercises == 0 {
                done.exercises = s.played.exercises;
            }
            s.kept = Some((now.mono, s.watch.progress().step));
            HistoryEntry::new(now.wall, s.kind, outcome).with_routine(s.routine.clone()).with_done(done)
        });
        if let Err(e) = self.ports.store.keep_closing(closing.as_ref()) {
            self.add_banner(Banner::Note(format!(
                "The break in progress could not be noted down ({e}); if Unhunch is stopped before it ends, it \
                 is not recorded."
            )));
        }
    }

    /// Closes the break a previous run left in progress (it was killed, or the power went) with
    /// the record it kept: written now, unless the history has it already.
    pub fn resume_closing(&mut self, closing: Vec<HistoryEntry>, now: Now) {
        if closing.is_empty() {
            return;
        }
        for entry in closing {
            if !self.history.contains(&entry) {
                self.write_history(Some(&entry), now);
                self.history.push(entry);
            }
        }
        if let Err(e) = self.ports.store.keep_closing(None) {
            self.add_banner(Banner::Note(format!("The last run's unfinished break is recorded, but {e}")));
        }
    }

    /// Forgets records older than [`super::HISTORY_DAYS`] (they stay in the file): what the engine
    /// keeps, and what every snapshot looks through, stays a few weeks whatever runs for months.
    pub(super) fn prune_history(&mut self, now: Now) {
        let unix = now.wall.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let cutoff = unix.saturating_sub(super::HISTORY_DAYS * 86_400);
        if self.history.first().is_some_and(|e| e.at < cutoff) {
            self.history.retain(|e| e.at >= cutoff);
        }
    }

    /// Records written to no file yet.
    pub fn history_waiting(&self) -> usize {
        self.unsaved.len()
    }
}
