//! The guided session player: plays a routine one segment at a time (get ready, holds, reps at
//! tempo, sides, sets, rests), with pause/resume, next, previous, end and "stop — I feel pain".
//!
//! Same sans-IO shape as the timer: `handle(input, now)` returns effects, `next_deadline()` says
//! when the current segment ends, and `view(now)` says what to show.

use std::time::{Duration, Instant};

use super::routine::{Dose, Routine, Sides, Step, Work};

/// What a segment of the timeline is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentKind {
    /// Get into position.
    GetReady,
    /// Do the work: one hold, one rep, or the timed piece.
    Work,
    /// Let go between two holds.
    Release,
    /// Change sides.
    Switch,
    /// Rest between sets.
    SetRest,
    /// A rest step of the routine.
    Rest,
}

/// Which side the work is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

/// One stretch of the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Index of the routine step this belongs to.
    pub step: usize,
    pub kind: SegmentKind,
    pub duration: Duration,
    pub side: Option<Side>,
    /// Set number from 1, and how many sets.
    pub set: (u32, u32),
    /// Hold or rep number from 1 (per side), and how many.
    pub rep: (u32, u32),
    /// Offset from the start of the routine.
    pub start: Duration,
}

/// Unrolls a routine into its segments, in order. Zero-length pieces (a switch of 0 s) are left out,
/// so the segments add up exactly to [`Routine::duration`].
pub fn timeline(routine: &Routine) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut at = Duration::ZERO;
    let mut push = |out: &mut Vec<Segment>, seg: Segment| {
        if !seg.duration.is_zero() {
            out.push(Segment { start: at, ..seg });
            at += seg.duration;
        }
    };
    for (step, s) in routine.steps.iter().enumerate() {
        let base = Segment {
            step,
            kind: SegmentKind::Rest,
            duration: Duration::ZERO,
            side: None,
            set: (1, 1),
            rep: (1, 1),
            start: Duration::ZERO,
        };
        match s {
            Step::Rest { duration, .. } => push(&mut out, Segment { duration: *duration, ..base }),
            Step::Exercise { dose, .. } => {
                push(&mut out, Segment { kind: SegmentKind::GetReady, duration: dose.get_ready, ..base });
                for set in 1..=dose.sets {
                    let base = Segment { set: (set, dose.sets), ..base };
                    for seg in set_segments(dose, base) {
                        push(&mut out, seg);
                    }
                    if set < dose.sets {
                        push(&mut out, Segment { kind: SegmentKind::SetRest, duration: dose.rest, ..base });
                    }
                }
            }
        }
    }
    out
}

/// The segments of one set.
fn set_segments(dose: &Dose, base: Segment) -> Vec<Segment> {
    let units = dose.units_per_side();
    let work = |side, rep| Segment { kind: SegmentKind::Work, duration: dose.unit(), side, rep: (rep, units), ..base };
    let gap = Segment { kind: SegmentKind::Release, duration: dose.gap(), ..base };
    let switch = Segment { kind: SegmentKind::Switch, duration: dose.switch, ..base };
    let one_side = |side: Option<Side>| {
        let mut v = Vec::new();
        for rep in 1..=units {
            v.push(work(side, rep));
            if rep < units {
                v.push(Segment { side, ..gap });
            }
        }
        v
    };
    match dose.sides {
        Sides::Symmetric => one_side(None),
        Sides::EachSide => {
            let mut v = one_side(Some(Side::Left));
            v.push(switch);
            v.extend(one_side(Some(Side::Right)));
            v
        }
        Sides::Alternating => {
            let mut v = Vec::new();
            for rep in 1..=units {
                v.push(work(Some(Side::Left), rep));
                v.push(switch);
                v.push(work(Some(Side::Right), rep));
                if rep < units {
                    v.push(switch);
                }
            }
            v
        }
    }
}

/// How a session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum End {
    /// Played to the end.
    Completed,
    /// Ended early by the user.
    Stopped,
    /// "Stop — I feel pain": ended, and the red-flag guidance must be shown.
    Pain,
}

/// What the user (or the clock) does to the player.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlayerInput {
    Tick,
    Pause,
    Resume,
    TogglePause,
    /// Skip to the next step.
    Next,
    /// Back to the start of this step, or to the previous step when near its start.
    Previous,
    End,
    Pain,
}

/// What the shell should do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlayerEffect {
    /// A new segment began (a cue sound or a redraw).
    SegmentStarted(usize),
    /// The session is over; report it to the engine.
    Finished(End),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PlayState {
    /// `started` is when the current segment would have begun had there been no pauses.
    Running {
        started: Instant,
    },
    Paused {
        elapsed: Duration,
    },
    Finished(End),
}

/// Which part of a repetition is happening (for the tempo display).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TempoPart {
    Up,
    Hold,
    Down,
}

/// What the player shows now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlayerView {
    pub step: usize,
    pub steps: usize,
    pub segment: Option<Segment>,
    /// Time left in the current segment.
    pub remaining: Duration,
    /// Time left in the current step (this segment and the rest of the step's).
    pub step_remaining: Duration,
    pub elapsed_total: Duration,
    pub total: Duration,
    pub paused: bool,
    pub finished: Option<End>,
    /// The part of the current rep, and the seconds left in it, for tempo work.
    pub tempo: Option<(TempoPart, Duration)>,
    /// The name of the next step, if any.
    pub next_up: Option<String>,
}

/// Within a step, "previous" restarts it if it has run longer than this.
const RESTART_WINDOW: Duration = Duration::from_secs(3);

/// Plays one routine. Owns a copy of it, so edits to the files never disturb a running session.
#[derive(Clone, Debug)]
pub struct SessionPlayer {
    routine: Routine,
    timeline: Vec<Segment>,
    index: usize,
    state: PlayState,
}

impl SessionPlayer {
    /// Starts playing `routine` at `now`.
    pub fn new(routine: Routine, now: Instant) -> Self {
        let timeline = timeline(&routine);
        let state =
            if timeline.is_empty() { PlayState::Finished(End::Completed) } else { PlayState::Running { started: now } };
        Self { routine, timeline, index: 0, state }
    }

    /// The routine being played.
    pub fn routine(&self) -> &Routine {
        &self.routine
    }

    /// Every segment, in order.
    pub fn segments(&self) -> &[Segment] {
        &self.timeline
    }

    /// True once the session has ended, however it ended.
    pub fn is_finished(&self) -> bool {
        matches!(self.state, PlayState::Finished(_))
    }

    fn elapsed(&self, now: Instant) -> Duration {
        match self.state {
            PlayState::Running { started } => now.saturating_duration_since(started),
            PlayState::Paused { elapsed } => elapsed,
            PlayState::Finished(_) => Duration::ZERO,
        }
    }

    /// When the current segment ends (nothing while paused or finished).
    #[must_use]
    pub fn next_deadline(&self) -> Option<Instant> {
        match self.state {
            PlayState::Running { started } => self.timeline.get(self.index).map(|s| started + s.duration),
            PlayState::Paused { .. } | PlayState::Finished(_) => None,
        }
    }

    /// Feeds one input at `now`.
    pub fn handle(&mut self, input: PlayerInput, now: Instant) -> Vec<PlayerEffect> {
        let mut out = Vec::new();
        if self.is_finished() {
            return out;
        }
        self.catch_up(now, &mut out);
        if self.is_finished() {
            return out;
        }
        match input {
            PlayerInput::Tick => {}
            PlayerInput::Pause => self.pause(now),
            PlayerInput::Resume => self.resume(now),
            PlayerInput::TogglePause => match self.state {
                PlayState::Running { .. } => self.pause(now),
                PlayState::Paused { .. } | PlayState::Finished(_) => self.resume(now),
            },
            PlayerInput::Next => {
                let step = self.timeline[self.index].step;
                match self.timeline.iter().position(|s| s.step > step) {
                    Some(i) => self.jump(i, now, &mut out),
                    None => self.finish(End::Completed, &mut out),
                }
            }
            PlayerInput::Previous => {
                let step = self.timeline[self.index].step;
                let first_of_step = self.timeline.iter().position(|s| s.step == step).unwrap_or(0);
                let into_step = (self.timeline[self.index].start + self.elapsed(now))
                    .saturating_sub(self.timeline[first_of_step].start);
                let target = if into_step > RESTART_WINDOW || step == 0 {
                    first_of_step
                } else {
                    self.timeline.iter().position(|s| s.step == step - 1).unwrap_or(0)
                };
                self.jump(target, now, &mut out);
            }
            PlayerInput::End => self.finish(End::Stopped, &mut out),
            PlayerInput::Pain => self.finish(End::Pain, &mut out),
        }
        out
    }

    /// Moves past every segment that has ended by `now`.
    fn catch_up(&mut self, now: Instant, out: &mut Vec<PlayerEffect>) {
        while let PlayState::Running { started } = self.state {
            let Some(seg) = self.timeline.get(self.index) else { break };
            let end = started + seg.duration;
            if end > now {
                break;
            }
            if self.index + 1 >= self.timeline.len() {
                self.finish(End::Completed, out);
                break;
            }
            self.index += 1;
            self.state = PlayState::Running { started: end };
            out.push(PlayerEffect::SegmentStarted(self.index));
        }
    }

    fn pause(&mut self, now: Instant) {
        if let PlayState::Running { .. } = self.state {
            self.state = PlayState::Paused { elapsed: self.elapsed(now) };
        }
    }

    fn resume(&mut self, now: Instant) {
        if let PlayState::Paused { elapsed } = self.state {
            self.state = PlayState::Running { started: now.checked_sub(elapsed).unwrap_or(now) };
        }
    }

    fn jump(&mut self, index: usize, now: Instant, out: &mut Vec<PlayerEffect>) {
        self.index = index;
        self.state = match self.state {
            PlayState::Paused { .. } => PlayState::Paused { elapsed: Duration::ZERO },
            PlayState::Running { .. } | PlayState::Finished(_) => PlayState::Running { started: now },
        };
        out.push(PlayerEffect::SegmentStarted(index));
    }

    fn finish(&mut self, end: End, out: &mut Vec<PlayerEffect>) {
        self.state = PlayState::Finished(end);
        out.push(PlayerEffect::Finished(end));
    }

    /// What to show at `now` (pure: catching up on segments is `handle(Tick)`'s job).
    pub fn view(&self, now: Instant) -> PlayerView {
        let total = self.routine.duration();
        let finished = match self.state {
            PlayState::Finished(end) => Some(end),
            PlayState::Running { .. } | PlayState::Paused { .. } => None,
        };
        let segment = if finished.is_some() { None } else { self.timeline.get(self.index).copied() };
        let elapsed = segment.map_or(Duration::ZERO, |s| self.elapsed(now).min(s.duration));
        let remaining = segment.map_or(Duration::ZERO, |s| s.duration.saturating_sub(elapsed));
        let step = segment.map_or(self.routine.steps.len(), |s| s.step);
        let tempo = segment.and_then(|s| self.tempo_part(s, elapsed));
        let next_up = self.routine.steps.get(step + 1).map(|s| s.title().to_owned());
        let later: Duration =
            self.timeline.iter().skip(self.index + 1).filter(|s| s.step == step).map(|s| s.duration).sum();
        PlayerView {
            step,
            steps: self.routine.steps.len(),
            segment,
            remaining,
            step_remaining: if segment.is_some() { remaining + later } else { Duration::ZERO },
            elapsed_total: if finished == Some(End::Completed) {
                total
            } else {
                segment.map_or(Duration::ZERO, |s| s.start + elapsed)
            },
            total,
            paused: matches!(self.state, PlayState::Paused { .. }),
            finished,
            tempo,
            next_up,
        }
    }

    fn tempo_part(&self, seg: Segment, elapsed: Duration) -> Option<(TempoPart, Duration)> {
        if seg.kind != SegmentKind::Work {
            return None;
        }
        let Some(Step::Exercise { dose, .. }) = self.routine.steps.get(seg.step) else { return None };
        let Work::Reps { tempo, .. } = dose.work else { return None };
        let mut left = elapsed;
        for (part, d) in [(TempoPart::Up, tempo.up), (TempoPart::Hold, tempo.hold), (TempoPart::Down, tempo.down)] {
            let d = d.duration();
            if left < d {
                return Some((part, d.saturating_sub(left)));
            }
            left -= d;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::core::ports::Clock as _;
    use crate::platform::clock::FakeClock;

    fn routine(id: &str) -> Routine {
        crate::core::catalogue::load(&crate::builtin::sources()).catalogue.routines[id].clone()
    }

    /// Plays to the end by jumping from deadline to deadline; returns the effects with their times.
    fn play_out(player: &mut SessionPlayer, start: Instant) -> Vec<(Duration, PlayerEffect)> {
        let mut log = Vec::new();
        while let Some(deadline) = player.next_deadline() {
            for e in player.handle(PlayerInput::Tick, deadline) {
                log.push((deadline - start, e));
            }
        }
        log
    }

    #[test]
    fn the_timeline_adds_up_to_the_routine_duration() {
        for id in ["posture-reset", "thoracic-mobility", "rhomboid-strength", "end-of-day-unwind"] {
            let r = routine(id);
            let total: Duration = timeline(&r).iter().map(|s| s.duration).sum();
            assert_eq!(total, r.duration(), "{id}");
        }
    }

    #[test]
    fn posture_reset_plays_to_the_end_in_sixty_seconds() {
        let t0 = FakeClock::new().now().mono;
        let mut player = SessionPlayer::new(routine("posture-reset"), t0);
        let log = play_out(&mut player, t0);
        assert_eq!(log.last(), Some(&(Duration::from_secs(60), PlayerEffect::Finished(End::Completed))));
        assert!(player.is_finished());
        let view = player.view(t0 + Duration::from_secs(61));
        assert_eq!(view.finished, Some(End::Completed));
        assert_eq!(view.elapsed_total, view.total);
    }

    #[test]
    fn the_view_shows_step_rep_side_and_countdown() {
        let t0 = FakeClock::new().now().mono;
        let mut player = SessionPlayer::new(routine("end-of-day-unwind"), t0);
        // 1:40 + 5 s get-ready + 10 s into the left side of the upper trapezius stretch.
        let at = t0 + Duration::from_secs(115);
        player.handle(PlayerInput::Tick, at);
        let view = player.view(at);
        assert_eq!(view.step, 2);
        let seg = view.segment.unwrap();
        assert_eq!((seg.kind, seg.side), (SegmentKind::Work, Some(Side::Left)));
        assert_eq!(view.remaining, Duration::from_secs(20));
        // 20 s of the left side, 5 s to switch, 30 s on the right.
        assert_eq!(view.step_remaining, Duration::from_secs(55));
        assert_eq!(view.next_up.as_deref(), Some("Levator scapulae stretch"));
    }

    #[test]
    fn reps_show_which_part_of_the_tempo_is_running() {
        let t0 = FakeClock::new().now().mono;
        let mut player = SessionPlayer::new(routine("thoracic-mobility"), t0);
        // Cat–cow reps of 3 s up, 3 s down: 4 s in is the second second of "down".
        let at = t0 + Duration::from_secs(4);
        player.handle(PlayerInput::Tick, at);
        assert_eq!(player.view(at).tempo, Some((TempoPart::Down, Duration::from_secs(2))));
    }

    #[test]
    fn pause_freezes_the_countdown_and_resume_continues_it() {
        let t0 = FakeClock::new().now().mono;
        let mut player = SessionPlayer::new(routine("posture-reset"), t0);
        let s = Duration::from_secs;
        player.handle(PlayerInput::Tick, t0 + s(5));
        player.handle(PlayerInput::Pause, t0 + s(5));
        assert_eq!(player.next_deadline(), None, "nothing to wake up for while paused");
        let frozen = player.view(t0 + s(100));
        assert!(frozen.paused);
        assert_eq!(frozen.elapsed_total, s(5));
        player.handle(PlayerInput::TogglePause, t0 + s(100));
        assert_eq!(player.view(t0 + s(102)).elapsed_total, s(7));
        let log = play_out(&mut player, t0);
        assert_eq!(log.last().map(|l| l.0), Some(s(155)), "finished 95 s late, the length of the pause");
    }

    #[test]
    fn next_skips_a_step_and_previous_restarts_or_goes_back() {
        let t0 = FakeClock::new().now().mono;
        let s = Duration::from_secs;
        let mut player = SessionPlayer::new(routine("posture-reset"), t0);
        player.handle(PlayerInput::Next, t0 + s(2));
        assert_eq!(player.view(t0 + s(2)).step, 1);
        // 5 s into step 2: previous restarts it.
        player.handle(PlayerInput::Previous, t0 + s(7));
        let v = player.view(t0 + s(7));
        assert_eq!((v.step, v.elapsed_total), (1, s(10)));
        // Right at its start: previous goes back to step 1.
        player.handle(PlayerInput::Previous, t0 + s(8));
        assert_eq!(player.view(t0 + s(8)).step, 0);
        // Next on the last step finishes the session.
        for _ in 0..4 {
            player.handle(PlayerInput::Next, t0 + s(9));
        }
        assert_eq!(player.view(t0 + s(9)).finished, Some(End::Completed));
    }

    #[test]
    fn pain_ends_the_session_at_once_and_says_so() {
        let t0 = FakeClock::new().now().mono;
        let mut player = SessionPlayer::new(routine("rhomboid-strength"), t0);
        let effects = player.handle(PlayerInput::Pain, t0 + Duration::from_secs(30));
        assert_eq!(effects.last(), Some(&PlayerEffect::Finished(End::Pain)));
        assert_eq!(player.next_deadline(), None);
        assert!(player.handle(PlayerInput::Resume, t0 + Duration::from_secs(31)).is_empty());
    }

    #[test]
    fn alternating_sides_switch_between_every_rep() {
        let r = routine("thoracic-mobility");
        let rotation: Vec<Option<Side>> =
            timeline(&r).iter().filter(|s| s.step == 2 && s.kind == SegmentKind::Work).map(|s| s.side).collect();
        let (l, rt) = (Some(Side::Left), Some(Side::Right));
        assert_eq!(rotation, [l, rt, l, rt, l, rt]);
    }
}
