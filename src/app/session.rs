//! A guided session on screen, from the moment the engine starts a break until its end screen is
//! left: waiting to be seen, playing, asking before ending, and ended.
//!
//! The session's clock never starts unseen: a break started from a notification, the tray or the
//! command line waits (as [`Stage::Waiting`]) until the window is in front, un-minimised and past
//! the safety notice; then the player starts with a get-ready lead-in. The engine is told which
//! window plays the break and how far it got, so it can end the break itself if the window goes
//! away, and a reopened window can offer to resume it.

use std::time::Instant;

use crate::core::player::{End, PlayOptions, PlayerEffect, PlayerInput, Progress, SessionPlayer};
use crate::core::routine::Routine;
use crate::protocol::Command;

/// Where a session is.
#[derive(Debug)]
pub enum Stage {
    /// Started, but not seen yet: it begins when the window is in front.
    Waiting { routine: Box<Routine>, resume: Option<Progress> },
    /// Playing (or paused).
    Playing(Box<SessionPlayer>),
    /// Over: the end screen. `note` says why when the engine ended it.
    Ended { player: Box<SessionPlayer>, end: End, note: Option<String> },
}

/// A session on screen.
#[derive(Debug)]
pub struct Session {
    pub stage: Stage,
    /// Played from the editor, not a break: the engine is not told.
    pub preview: bool,
    /// Esc asked whether to end; `true` when the player was running (it resumes on "Keep going").
    pub confirm_end: Option<bool>,
    /// When progress was last reported to the engine.
    reported_at: Option<Instant>,
    /// The break's kind, when the engine said (for the check-in's history line).
    pub kind: Option<crate::core::kind::BreakKind>,
    /// The check-in's answers so far: sent as soon as they are complete, else when the end
    /// screen is left or the window closes.
    pub check_in: crate::core::history::CheckIn,
    /// How far the check-in got.
    pub check_in_stage: CheckInStage,
    /// The user pressed Skip here (a strict break): the engine ends it, and the end screen says
    /// it was skipped.
    pub skipped: bool,
}

/// How far the check-in on the end screen got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckInStage {
    /// Questions are open.
    Asking,
    /// "Which exercise hurt?" was answered (an exercise, or "not sure").
    HurtAnswered,
    /// It went to the engine: kept once, and the end screen says it was noted.
    Sent,
}

/// Progress goes to the engine at every new segment (every few seconds), and at least this often
/// during a long one, so what was done is known if the window goes away.
const REPORT_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

impl Session {
    /// A break's session, waiting to be seen.
    pub fn waiting(routine: Routine, resume: Option<Progress>) -> Self {
        Self {
            stage: Stage::Waiting { routine: Box::new(routine), resume },
            preview: false,
            confirm_end: None,
            reported_at: None,
            kind: None,
            check_in: crate::core::history::CheckIn::default(),
            check_in_stage: CheckInStage::Asking,
            skipped: false,
        }
    }

    /// A preview from the editor: plays at once, tells the engine nothing.
    pub fn preview(routine: Routine, options: PlayOptions, now: Instant) -> Self {
        Self {
            stage: Stage::Playing(Box::new(SessionPlayer::new(routine, options, now))),
            preview: true,
            confirm_end: None,
            reported_at: None,
            kind: None,
            check_in: crate::core::history::CheckIn::default(),
            check_in_stage: CheckInStage::Asking,
            skipped: false,
        }
    }

    /// The check-in to send when the end screen is left: `None` for a preview, a session still
    /// running, or when nothing was answered.
    pub fn check_in_command(&self) -> Option<Command> {
        let Stage::Ended { player, .. } = &self.stage else { return None };
        let c = &self.check_in;
        let answered = c.back.is_some() || c.pain.is_some();
        let sent = self.check_in_stage == CheckInStage::Sent;
        (!self.preview && answered && !sent).then(|| Command::CheckIn {
            routine: player.routine().id.clone(),
            kind: self.kind.unwrap_or(crate::core::kind::BreakKind::Long),
            check_in: c.clone(),
        })
    }

    /// True once every question of the check-in is answered: how the back feels, pain, and with
    /// pain which exercise (or "not sure").
    pub fn check_in_complete(&self) -> bool {
        let c = &self.check_in;
        let hurt_answered = self.check_in_stage == CheckInStage::HurtAnswered;
        c.back.is_some() && (c.pain == Some(false) || (c.pain == Some(true) && hurt_answered))
    }

    /// The player, while playing.
    pub fn player(&self) -> Option<&SessionPlayer> {
        match &self.stage {
            Stage::Playing(p) => Some(p),
            Stage::Waiting { .. } | Stage::Ended { .. } => None,
        }
    }

    /// True until the end screen.
    pub fn is_running(&self) -> bool {
        !matches!(self.stage, Stage::Ended { .. })
    }

    /// The window is in front: a waiting session starts now. Returns what to tell the engine.
    pub fn start_if_waiting(&mut self, lead_in: std::time::Duration, now: Instant) -> Vec<Command> {
        let Stage::Waiting { routine, resume } = &self.stage else { return Vec::new() };
        let options = PlayOptions { lead_in, resume: resume.clone() };
        let player = SessionPlayer::new((**routine).clone(), options, now);
        self.stage = Stage::Playing(Box::new(player));
        let mut out = vec![Command::ClaimBreak];
        out.extend(self.progress(now, true));
        if self.preview { Vec::new() } else { out }
    }

    /// Tells the player whether this is a strict break (the engine says so in its snapshot).
    pub fn set_strict(&mut self, strict: bool) {
        if let Stage::Playing(player) = &mut self.stage {
            player.set_strict(strict);
        }
    }

    /// Drives the player; returns what to tell the engine (progress at each new step, at a pause
    /// or resume, and how it ended).
    pub fn drive(&mut self, input: PlayerInput, now: Instant) -> Vec<Command> {
        let Stage::Playing(player) = &mut self.stage else { return Vec::new() };
        let was_paused = player.view(now).paused;
        let mut ended = None;
        let mut moved = false;
        for effect in player.handle(input, now) {
            match effect {
                PlayerEffect::Finished(end) => ended = Some(end),
                PlayerEffect::SegmentStarted(_) => moved = true,
            }
        }
        let paused = player.view(now).paused;
        if let Some(end) = ended {
            let outcome = player.outcome(end);
            let done = player.report(now);
            self.stage = Stage::Ended { player: player.clone(), end, note: None };
            return if self.preview {
                Vec::new()
            } else {
                vec![Command::FinishBreak { outcome: Some(outcome), done: Some(done) }]
            };
        }
        self.progress(now, moved || paused != was_paused).into_iter().collect()
    }

    /// A progress report when something moved on (`force`), or when the last one is old.
    pub fn progress(&mut self, now: Instant, force: bool) -> Option<Command> {
        let Stage::Playing(player) = &self.stage else { return None };
        let stale = self.reported_at.is_none_or(|at| now.saturating_duration_since(at) >= REPORT_EVERY);
        if self.preview || !(force || stale) {
            return None;
        }
        self.reported_at = Some(now);
        Some(Command::BreakProgress { progress: player.progress(now) })
    }

    /// The engine ended the break while it played here (left paused too long, or ended from
    /// elsewhere): show the end screen, with why.
    pub fn ended_by_engine(&mut self, now: Instant) {
        if self.preview {
            return;
        }
        if let Stage::Playing(player) = &mut self.stage {
            let paused = player.view(now).paused;
            // The engine may end a strict break too (Skip, left paused too long).
            player.set_strict(false);
            player.handle(PlayerInput::End, now);
            let note = if self.skipped {
                "You skipped this break."
            } else if paused {
                "Unhunch ended this break after it was left paused for half an hour."
            } else {
                "This break was ended outside this window."
            };
            self.stage = Stage::Ended { player: player.clone(), end: End::Stopped, note: Some(note.to_owned()) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::catalogue;
    use crate::core::ports::Clock as _;
    use crate::platform::fake::FakeClock;

    fn note_when_the_engine_ends(skipped: bool) -> Option<String> {
        let now = FakeClock::new().now().mono;
        let routine = catalogue().routines.get("posture-reset").cloned().expect("the built-in posture reset");
        let mut session = Session::waiting(routine, None);
        let _ = session.start_if_waiting(std::time::Duration::from_secs(5), now);
        session.skipped = skipped;
        session.ended_by_engine(now);
        match session.stage {
            Stage::Ended { note, .. } => note,
            Stage::Waiting { .. } | Stage::Playing(_) => None,
        }
    }

    #[test]
    fn the_end_screen_says_why_the_engine_ended_the_break() {
        assert_eq!(note_when_the_engine_ends(true).as_deref(), Some("You skipped this break."));
        assert_eq!(note_when_the_engine_ends(false).as_deref(), Some("This break was ended outside this window."));
    }
}
