//! Who is playing the break in progress, and when the engine ends it by itself.
//!
//! A break is played by a window. The engine owns the break's lifetime all the same, so that no
//! window (closed, crashed, logged out, never opened) can leave it "on a break" for ever and the
//! sitting clock frozen:
//! - A window that plays the break *claims* it and reports its [`Progress`] at every step.
//! - When that window goes away, the break waits for a grace period (about two minutes), so a
//!   reopened window can offer "Resume at step N / End this break"; then it is ended and recorded
//!   as [`Outcome::Abandoned`] with what was done.
//! - A break that no window ever claimed ends a grace period after its routine's length.
//! - A break whose window sits paused for [`PAUSED_LIMIT`] is ended too: nobody is stretching.
//!
//! Pure: handed `now`, it answers [`BreakWatch::deadline`] and [`BreakWatch::is_over`].

use std::time::{Duration, Instant};

use super::history::{Done, Outcome};
use super::player::Progress;

/// A session left paused this long in an open window is ended by the engine.
pub const PAUSED_LIMIT: Duration = Duration::from_mins(30);

/// Who plays the break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Player {
    /// No window has played it yet (one is being opened, or none can be).
    Unclaimed,
    /// A window is playing it.
    Playing,
    /// The window that played it went away at this instant.
    Gone(Instant),
}

/// The break in progress, as the engine watches it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BreakWatch {
    started: Instant,
    /// The routine's length (with its lead-in).
    length: Duration,
    grace: Duration,
    player: Player,
    progress: Progress,
    /// Since when the window has reported the session paused.
    paused_since: Option<Instant>,
}

impl BreakWatch {
    /// A break that started at `now`, playing a routine of `steps` steps taking `length`.
    pub fn new(now: Instant, length: Duration, steps: usize, grace: Duration) -> Self {
        let progress = Progress { steps, ..Progress::default() };
        Self { started: now, length, grace, player: Player::Unclaimed, progress, paused_since: None }
    }

    /// Who plays it.
    pub fn player(&self) -> Player {
        self.player
    }

    /// True once some window has played it (so a new window asks before going on with it).
    pub fn was_claimed(&self) -> bool {
        self.player != Player::Unclaimed
    }

    /// The last progress a window reported.
    pub fn progress(&self) -> &Progress {
        &self.progress
    }

    /// A window plays it (again).
    pub fn claim(&mut self) {
        self.player = Player::Playing;
    }

    /// The playing window reported how far it got.
    pub fn report(&mut self, progress: Progress, now: Instant) {
        self.paused_since = if progress.paused { self.paused_since.or(Some(now)) } else { None };
        self.progress = progress;
        if self.player == Player::Unclaimed {
            self.player = Player::Playing;
        }
    }

    /// The window playing it went away (closed, crashed, or the session ended).
    pub fn player_gone(&mut self, now: Instant) {
        if self.player == Player::Playing {
            self.player = Player::Gone(now);
        }
    }

    /// When the engine ends the break by itself, if nothing changes.
    #[must_use]
    pub fn deadline(&self) -> Option<Instant> {
        match self.player {
            Player::Unclaimed => Some(self.started + self.length + self.grace),
            Player::Gone(since) => Some(since + self.grace),
            Player::Playing => self.paused_since.map(|p| p + PAUSED_LIMIT),
        }
    }

    /// True when the break should be ended now.
    pub fn is_over(&self, now: Instant) -> bool {
        self.deadline().is_some_and(|d| d <= now)
    }

    /// What to record when the engine ends the break: abandoned, with what was done.
    pub fn abandoned(&self) -> (Outcome, Done) {
        let mut done = self.progress.done.clone();
        if done.routine_secs == 0 {
            done.routine_secs = self.length.as_secs();
        }
        (Outcome::Abandoned, done)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEC: Duration = Duration::from_secs(1);
    const GRACE: Duration = Duration::from_secs(120);

    fn t0() -> Instant {
        use super::super::ports::Clock as _;
        crate::platform::fake::FakeClock::new().now().mono
    }

    #[test]
    fn a_break_whose_window_went_away_ends_after_the_grace_with_what_was_done() {
        let t0 = t0();
        let mut watch = BreakWatch::new(t0, 300 * SEC, 7, GRACE);
        watch.claim();
        assert_eq!(watch.deadline(), None, "a window plays it: nothing to time out");
        let done = Done { performed_secs: 130, exercises_done: 4, exercises: 7, ..Done::default() };
        watch.report(Progress { step: 4, steps: 7, done: done.clone(), ..Progress::default() }, t0 + 130 * SEC);
        watch.player_gone(t0 + 140 * SEC);
        assert!(!watch.is_over(t0 + 259 * SEC), "a reopened window may still resume it");
        assert!(watch.is_over(t0 + 260 * SEC));
        assert_eq!(watch.abandoned(), (Outcome::Abandoned, Done { routine_secs: 300, ..done }));
        assert_eq!(watch.progress().step, 4, "so a window can offer to resume at step 5");
    }

    #[test]
    fn a_window_that_comes_back_within_the_grace_keeps_the_break() {
        let t0 = t0();
        let mut watch = BreakWatch::new(t0, 300 * SEC, 7, GRACE);
        watch.claim();
        watch.player_gone(t0 + 10 * SEC);
        watch.claim();
        assert!(!watch.is_over(t0 + 3600 * SEC));
    }

    #[test]
    fn a_break_nobody_played_ends_a_grace_after_its_routine() {
        let t0 = t0();
        let watch = BreakWatch::new(t0, 300 * SEC, 7, GRACE);
        assert!(!watch.was_claimed());
        assert!(!watch.is_over(t0 + 419 * SEC));
        assert!(watch.is_over(t0 + 420 * SEC));
        assert_eq!(watch.abandoned().1.performed_secs, 0, "nothing was done");
    }

    #[test]
    fn a_session_left_paused_in_an_open_window_is_ended_after_half_an_hour() {
        let t0 = t0();
        let mut watch = BreakWatch::new(t0, 300 * SEC, 7, GRACE);
        watch.report(Progress { paused: true, ..Progress::default() }, t0 + 20 * SEC);
        watch.report(Progress { paused: true, ..Progress::default() }, t0 + 50 * SEC);
        assert_eq!(watch.deadline(), Some(t0 + 20 * SEC + PAUSED_LIMIT), "paused since the first report");
        watch.report(Progress::default(), t0 + 60 * SEC);
        assert_eq!(watch.deadline(), None, "resumed");
    }
}
