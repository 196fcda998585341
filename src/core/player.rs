//! The guided session player: plays a routine one segment at a time (get ready, holds, reps at
//! tempo, sides, sets, rests), with pause/resume, next, previous, end and "stop — I feel pain".
//!
//! Same sans-IO shape as the timer: `handle(input, now)` returns effects, `next_deadline()` says
//! when the current segment ends, and `view(now)` says what to show.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::figure::{Figure, Moment, Phase, moment};
use super::history::{Done, Outcome};
use super::routine::{Dose, Exercise, Routine, Sides, Step, Work};

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
                // The release after hold `rep`: "Next: hold rep + 1 of units".
                v.push(Segment { side, rep: (rep, units), ..gap });
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
    /// Played to the end (some steps may have been skipped on the way: see [`SessionPlayer::report`]).
    Finished,
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
    /// What the next step needs done to get into place ("Go to a doorway"), if anything.
    pub next_setup: Option<String>,
    /// What this step's get-ready is for ("Stand up and go to a wall"), while it runs.
    pub setup: Option<String>,
}

/// Within a step, "previous" restarts it if it has run longer than this.
const RESTART_WINDOW: Duration = Duration::from_secs(3);

/// How a session starts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlayOptions {
    /// The get-ready before the first exercise played (a step asking for more keeps its own).
    pub lead_in: Duration,
    /// Carry on a session played before (in a window that went away) from this point.
    pub resume: Option<Progress>,
}

/// How far a session got, as the window reports it to the engine (so a reopened window can offer
/// to resume it, and the engine can record what was done if no window comes back).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Progress {
    /// The step being played (from 0).
    pub step: usize,
    pub steps: usize,
    /// The steps done so far (indices from 0).
    pub done_steps: Vec<usize>,
    /// What was done so far, as it would be recorded now.
    pub done: Done,
    pub paused: bool,
}

/// Plays one routine. Owns a copy of it, so edits to the files never disturb a running session.
#[derive(Clone, Debug)]
pub struct SessionPlayer {
    routine: Routine,
    timeline: Vec<Segment>,
    index: usize,
    state: PlayState,
    /// Time spent in each step's segments (running, not paused).
    spent: Vec<Duration>,
    /// Steps done: played through, or nearly ([`DONE_SHARE`]).
    done: Vec<bool>,
    /// Running time before this player started (a resumed session).
    performed_before: Duration,
    /// The exercise that hurt.
    hurt: Option<String>,
    /// A strict break: each step plays to its end (Next does nothing) and the session ends only
    /// by pain or by the engine (Skip while skips last), never by End.
    strict: bool,
}

/// A step counts as done when at least this share of its time was played (pressing Next in its
/// last seconds still counts; skipping most of it does not).
const DONE_SHARE: (u32, u32) = (4, 5);

impl SessionPlayer {
    /// Starts playing `routine` at `now`.
    pub fn new(routine: Routine, options: PlayOptions, now: Instant) -> Self {
        let resume = options.resume.unwrap_or_default();
        let first = resume.step.min(routine.steps.len().saturating_sub(1));
        let timeline = with_lead_in(timeline(&routine), first, options.lead_in, &routine);
        let index = timeline.iter().position(|s| s.step >= first).unwrap_or(0);
        let state =
            if timeline.is_empty() { PlayState::Finished(End::Finished) } else { PlayState::Running { started: now } };
        let steps = routine.steps.len();
        let mut done = vec![false; steps];
        for i in resume.done_steps.into_iter().filter(|i| *i < steps) {
            done[i] = true;
        }
        Self {
            routine,
            timeline,
            index,
            state,
            spent: vec![Duration::ZERO; steps],
            done,
            performed_before: Duration::from_secs(resume.done.performed_secs),
            hurt: None,
            strict: false,
        }
    }

    /// The routine being played.
    pub fn routine(&self) -> &Routine {
        &self.routine
    }

    /// The index of the segment playing now (`None` once finished).
    pub fn current(&self) -> Option<usize> {
        (!self.is_finished()).then_some(self.index)
    }

    /// Every segment, in order.
    pub fn segments(&self) -> &[Segment] {
        &self.timeline
    }

    /// True once the session has ended, however it ended.
    pub fn is_finished(&self) -> bool {
        matches!(self.state, PlayState::Finished(_))
    }

    /// How it ended, once it has.
    pub fn end(&self) -> Option<End> {
        match self.state {
            PlayState::Finished(end) => Some(end),
            PlayState::Running { .. } | PlayState::Paused { .. } => None,
        }
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

    /// Makes this a strict break's session, or an ordinary one again (see `strict`).
    pub fn set_strict(&mut self, strict: bool) {
        self.strict = strict;
    }

    /// True in a strict break: Next and End do nothing.
    pub fn is_strict(&self) -> bool {
        self.strict
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
            PlayerInput::Next | PlayerInput::End if self.strict => {}
            PlayerInput::Next => {
                let step = self.timeline[self.index].step;
                match self.timeline.iter().position(|s| s.step > step) {
                    Some(i) => self.jump(i, now, &mut out),
                    None => self.finish(End::Finished, now, &mut out),
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
            PlayerInput::End => self.finish(End::Stopped, now, &mut out),
            PlayerInput::Pain => {
                self.hurt = self.exercise_in_play().map(|e| e.id.clone());
                self.finish(End::Pain, now, &mut out);
            }
        }
        out
    }

    /// The exercise being done now, or just before (during a rest or the next step's get-ready).
    fn exercise_in_play(&self) -> Option<&Exercise> {
        let seg = self.timeline.get(self.index)?;
        let upto = if seg.kind == SegmentKind::GetReady || seg.kind == SegmentKind::Rest {
            seg.step.checked_sub(1)?
        } else {
            seg.step
        };
        self.routine.steps[..=upto].iter().rev().find_map(|s| match s {
            Step::Exercise { exercise, .. } => Some(&**exercise),
            Step::Rest { .. } => None,
        })
    }

    /// Moves past every segment that has ended by `now`.
    fn catch_up(&mut self, now: Instant, out: &mut Vec<PlayerEffect>) {
        while let PlayState::Running { started } = self.state {
            let Some(seg) = self.timeline.get(self.index).copied() else { break };
            let end = started + seg.duration;
            if end > now {
                break;
            }
            self.spend(seg.step, seg.duration);
            if self.index + 1 >= self.timeline.len() {
                self.state = PlayState::Finished(End::Finished);
                out.push(PlayerEffect::Finished(End::Finished));
                break;
            }
            self.index += 1;
            self.state = PlayState::Running { started: end };
            out.push(PlayerEffect::SegmentStarted(self.index));
        }
    }

    /// Counts time played in a step, and the step as done once enough of it was.
    fn spend(&mut self, step: usize, d: Duration) {
        let Some(spent) = self.spent.get_mut(step) else { return };
        *spent += d;
        let spent = *spent;
        if self.enough(step, spent) {
            self.done[step] = true;
        }
    }

    /// True when `played` of step `step` counts it as done ([`DONE_SHARE`] of its length).
    fn enough(&self, step: usize, played: Duration) -> bool {
        let length: Duration = self.timeline.iter().filter(|s| s.step == step).map(|s| s.duration).sum();
        played * DONE_SHARE.1 >= length * DONE_SHARE.0
    }

    /// Leaves the current segment part-way: the time played in it counts.
    fn leave_segment(&mut self, now: Instant) {
        if let Some(seg) = self.timeline.get(self.index).copied() {
            let played = self.elapsed(now).min(seg.duration);
            self.spend(seg.step, played);
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
        self.leave_segment(now);
        self.index = index;
        self.state = match self.state {
            PlayState::Paused { .. } => PlayState::Paused { elapsed: Duration::ZERO },
            PlayState::Running { .. } | PlayState::Finished(_) => PlayState::Running { started: now },
        };
        out.push(PlayerEffect::SegmentStarted(index));
    }

    fn finish(&mut self, end: End, now: Instant, out: &mut Vec<PlayerEffect>) {
        self.leave_segment(now);
        self.state = PlayState::Finished(end);
        out.push(PlayerEffect::Finished(end));
    }

    /// What was done so far (or in all, once finished), as the history records it.
    pub fn report(&self, now: Instant) -> Done {
        let running = match self.state {
            PlayState::Running { .. } | PlayState::Paused { .. } => {
                self.timeline.get(self.index).map_or(Duration::ZERO, |s| self.elapsed(now).min(s.duration))
            }
            PlayState::Finished(_) => Duration::ZERO,
        };
        let performed = self.performed_before + self.spent.iter().sum::<Duration>() + running;
        let exercises: Vec<(usize, &Exercise)> = self
            .routine
            .steps
            .iter()
            .enumerate()
            .filter_map(|(i, s)| match s {
                Step::Exercise { exercise, .. } => Some((i, &**exercise)),
                Step::Rest { .. } => None,
            })
            .collect();
        // The step playing now counts as it will when it is left: with the time played in it so
        // far (the End question and the end screen then say the same "3 of 8").
        let current = self.timeline.get(self.index).map(|s| s.step).filter(|_| !running.is_zero());
        let is_done = |i: usize| {
            self.done[i] || (current == Some(i) && self.spent.get(i).is_some_and(|s| self.enough(i, *s + running)))
        };
        let done = exercises.iter().filter(|(i, _)| is_done(*i)).count();
        Done {
            performed_secs: performed.as_secs(),
            routine_secs: self.timeline.iter().map(|s| s.duration).sum::<Duration>().as_secs(),
            exercises_done: u32::try_from(done).unwrap_or(u32::MAX),
            exercises: u32::try_from(exercises.len()).unwrap_or(u32::MAX),
            skipped: exercises.iter().filter(|(i, _)| !is_done(*i)).map(|(_, e)| e.id.clone()).collect(),
            hurt: self.hurt.clone(),
        }
    }

    /// How the session's end is recorded: completed only when every exercise was done.
    pub fn outcome(&self, end: End) -> Outcome {
        match end {
            End::Finished if self.done_all() => Outcome::Completed,
            End::Finished | End::Stopped => Outcome::EndedEarly,
            End::Pain => Outcome::Pain,
        }
    }

    fn done_all(&self) -> bool {
        self.routine.steps.iter().zip(&self.done).all(|(s, d)| *d || matches!(s, Step::Rest { .. }))
    }

    /// How far the session got, for the engine.
    pub fn progress(&self, now: Instant) -> Progress {
        Progress {
            step: self.timeline.get(self.index).map_or(0, |s| s.step),
            steps: self.routine.steps.len(),
            done_steps: self.done.iter().enumerate().filter(|(_, d)| **d).map(|(i, _)| i).collect(),
            done: self.report(now),
            paused: matches!(self.state, PlayState::Paused { .. }),
        }
    }

    /// What to show at `now` (pure: catching up on segments is `handle(Tick)`'s job).
    /// What comes after step `step`, by name; a swap is said with it ("W squeeze instead of band
    /// pull-apart: no band").
    pub fn next_up(&self, step: usize) -> Option<String> {
        let next = self.routine.steps.get(step + 1)?;
        Some(match next {
            Step::Exercise { adjust, exercise, .. } => adjust
                .iter()
                .find(|a| a.starts_with(&format!("{} instead of", exercise.name)))
                .cloned()
                .unwrap_or_else(|| next.title().to_owned()),
            Step::Rest { .. } => next.title().to_owned(),
        })
    }

    pub fn view(&self, now: Instant) -> PlayerView {
        let total: Duration = self.timeline.iter().map(|s| s.duration).sum();
        let finished = self.end();
        let segment = if finished.is_some() { None } else { self.timeline.get(self.index).copied() };
        let elapsed = segment.map_or(Duration::ZERO, |s| self.elapsed(now).min(s.duration));
        let remaining = segment.map_or(Duration::ZERO, |s| s.duration.saturating_sub(elapsed));
        let step = segment.map_or(self.routine.steps.len(), |s| s.step);
        let tempo = segment.and_then(|s| self.tempo_part(s, elapsed));
        let next = self.routine.steps.get(step + 1);
        let setup_of = |s: Option<&Step>| match s {
            Some(Step::Exercise { transition: Some(t), .. }) => Some(t.words.clone()),
            Some(Step::Exercise { transition: None, .. } | Step::Rest { .. }) | None => None,
        };
        let later: Duration =
            self.timeline.iter().skip(self.index + 1).filter(|s| s.step == step).map(|s| s.duration).sum();
        PlayerView {
            step,
            steps: self.routine.steps.len(),
            segment,
            remaining,
            step_remaining: if segment.is_some() { remaining + later } else { Duration::ZERO },
            elapsed_total: if finished == Some(End::Finished) {
                total
            } else {
                segment.map_or(Duration::ZERO, |s| s.start + elapsed)
            },
            total,
            paused: matches!(self.state, PlayState::Paused { .. }),
            finished,
            tempo,
            next_up: self.next_up(step),
            next_setup: setup_of(next),
            setup: segment
                .filter(|s| s.kind == SegmentKind::GetReady)
                .and_then(|s| setup_of(self.routine.steps.get(s.step))),
        }
    }

    /// Where the current exercise's figure is at `now`, and the figure itself: `None` during a
    /// rest step, for an exercise without a figure, or once finished.
    pub fn figure(&self, now: Instant) -> Option<(&Figure, Moment)> {
        if self.is_finished() {
            return None;
        }
        let seg = *self.timeline.get(self.index)?;
        let Some(Step::Exercise { exercise, dose, .. }) = self.routine.steps.get(seg.step) else { return None };
        // The set's own figure (Y, T, W); a rest between sets shows the set that comes next.
        let set = if seg.kind == SegmentKind::SetRest { seg.set.0 + 1 } else { seg.set.0 };
        let figure = exercise.figure.as_ref()?.for_set(set);
        let elapsed = self.elapsed(now).min(seg.duration);
        // The side a segment belongs to; a switch or a release shows the side it comes from.
        let before = self.timeline[..self.index].iter().rev().take_while(|s| s.step == seg.step).find_map(|s| s.side);
        let after = self.timeline[self.index..].iter().take_while(|s| s.step == seg.step).find_map(|s| s.side);
        let right = |side: Option<Side>| side == Some(Side::Right);
        let phase = match seg.kind {
            SegmentKind::GetReady | SegmentKind::SetRest | SegmentKind::Rest => {
                return Some((figure, moment(figure, Phase::Still, elapsed, right(after))));
            }
            SegmentKind::Switch => match dose.work {
                Work::Hold { .. } => Phase::SwitchAfterHold { switch: seg.duration },
                Work::Reps { .. } | Work::Timed { .. } => {
                    return Some((figure, moment(figure, Phase::Still, elapsed, right(after.or(before)))));
                }
            },
            SegmentKind::Release => Phase::Release { length: seg.duration },
            SegmentKind::Work => match dose.work {
                Work::Hold { .. } => Phase::Hold { length: seg.duration },
                Work::Reps { tempo, .. } => {
                    Phase::Rep { up: tempo.up.duration(), hold: tempo.hold.duration(), down: tempo.down.duration() }
                }
                Work::Timed { .. } => Phase::Timed,
            },
        };
        let side = if seg.kind == SegmentKind::Work { seg.side } else { before.or(seg.side) };
        Some((figure, moment(figure, phase, elapsed, right(side))))
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

/// Gives the first step played (`first`, an exercise) a get-ready of at least `lead_in`, so a
/// session never starts with the work itself, and renumbers the start offsets.
fn with_lead_in(mut timeline: Vec<Segment>, first: usize, lead_in: Duration, routine: &Routine) -> Vec<Segment> {
    if !lead_in.is_zero() && matches!(routine.steps.get(first), Some(Step::Exercise { .. })) {
        match timeline.iter().position(|s| s.step == first) {
            Some(i) if timeline[i].kind == SegmentKind::GetReady => {
                timeline[i].duration = timeline[i].duration.max(lead_in);
            }
            Some(i) => {
                let lead = Segment { kind: SegmentKind::GetReady, duration: lead_in, side: None, ..timeline[i] };
                timeline.insert(i, lead);
            }
            None => {}
        }
    }
    let mut at = Duration::ZERO;
    for seg in &mut timeline {
        seg.start = at;
        at += seg.duration;
    }
    timeline
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::core::ports::Clock as _;
    use crate::platform::fake::FakeClock;

    fn routine(id: &str) -> Routine {
        crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue.routines[id].clone()
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
        let mut player = SessionPlayer::new(routine("posture-reset"), PlayOptions::default(), t0);
        let log = play_out(&mut player, t0);
        assert_eq!(log.last(), Some(&(Duration::from_secs(60), PlayerEffect::Finished(End::Finished))));
        assert!(player.is_finished());
        let view = player.view(t0 + Duration::from_secs(61));
        assert_eq!(view.finished, Some(End::Finished));
        assert_eq!(view.elapsed_total, view.total);
    }

    #[test]
    fn the_view_shows_step_rep_side_and_countdown() {
        let t0 = FakeClock::new().now().mono;
        let mut player = SessionPlayer::new(routine("end-of-day-unwind"), PlayOptions::default(), t0);
        // 1:40 + 8 s to get back to the chair + 10 s into the left side of the upper trapezius stretch.
        let at = t0 + Duration::from_secs(118);
        player.handle(PlayerInput::Tick, at);
        let view = player.view(at);
        assert_eq!(view.step, 2);
        let seg = view.segment.unwrap();
        assert_eq!((seg.kind, seg.side), (SegmentKind::Work, Some(Side::Left)));
        assert_eq!(view.remaining, Duration::from_secs(20));
        // 20 s of the left side, 2 s to switch, 30 s on the right.
        assert_eq!(view.step_remaining, Duration::from_secs(52));
        assert_eq!(view.next_up.as_deref(), Some("Levator scapulae stretch"));
    }

    #[test]
    fn reps_show_which_part_of_the_tempo_is_running() {
        let t0 = FakeClock::new().now().mono;
        let mut player = SessionPlayer::new(routine("thoracic-mobility"), PlayOptions::default(), t0);
        // Cat–cow reps of 3 s up, 3 s down: 4 s in is the second second of "down".
        let at = t0 + Duration::from_secs(4);
        player.handle(PlayerInput::Tick, at);
        assert_eq!(player.view(at).tempo, Some((TempoPart::Down, Duration::from_secs(2))));
    }

    #[test]
    fn pause_freezes_the_countdown_and_resume_continues_it() {
        let t0 = FakeClock::new().now().mono;
        let mut player = SessionPlayer::new(routine("posture-reset"), PlayOptions::default(), t0);
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
        let mut player = SessionPlayer::new(routine("posture-reset"), PlayOptions::default(), t0);
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
        assert_eq!(player.view(t0 + s(9)).finished, Some(End::Finished));
    }

    #[test]
    fn pain_ends_the_session_at_once_and_says_so() {
        let t0 = FakeClock::new().now().mono;
        let mut player = SessionPlayer::new(routine("rhomboid-strength"), PlayOptions::default(), t0);
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

    /// Issue 24: a strict break can't be cleared with Next (which ended it in 25 s, recorded as
    /// ended early with no skip used) nor with End; each step plays to its end, and pain still
    /// ends it at once.
    #[test]
    fn a_strict_break_plays_each_step_to_its_end_and_only_pain_ends_it() {
        let t0 = FakeClock::new().now().mono;
        let s = Duration::from_secs;
        let mut player = SessionPlayer::new(routine("posture-reset"), PlayOptions::default(), t0);
        player.set_strict(true);
        for i in 1..=6 {
            player.handle(PlayerInput::Next, t0 + s(i));
            assert_eq!(player.view(t0 + s(i)).segment.map(|g| g.step), Some(0), "Next does nothing");
        }
        player.handle(PlayerInput::End, t0 + s(7));
        assert_eq!((player.end(), player.view(t0 + s(8)).segment.map(|g| g.step)), (None, Some(0)));
        // Previous only adds time: back to the step's start.
        player.handle(PlayerInput::Previous, t0 + s(9));
        let log = play_out(&mut player, t0 + s(9));
        assert_eq!(log.last().map(|l| l.1), Some(PlayerEffect::Finished(End::Finished)));
        assert_eq!(player.outcome(End::Finished), Outcome::Completed, "played through: completed");

        let mut player = SessionPlayer::new(routine("posture-reset"), PlayOptions::default(), t0);
        player.set_strict(true);
        let effects = player.handle(PlayerInput::Pain, t0 + s(3));
        assert_eq!(effects.last(), Some(&PlayerEffect::Finished(End::Pain)), "pain always ends it");
    }

    /// Issue 24: the End question said "2 of 8 exercises" while the end screen and the history
    /// said "3 of 8" for the same moment: what is done so far counts the step playing now as
    /// ending it there would.
    #[test]
    fn what_is_done_so_far_is_what_ending_now_records() {
        let t0 = FakeClock::new().now().mono;
        let s = Duration::from_secs;
        let mut player = SessionPlayer::new(routine("posture-reset"), PlayOptions::default(), t0);
        // Shoulder rolls end at 15 s; 14 s in, the chin tuck's get-ready has not begun: 9 of 10 s
        // of rolling are done, which counts.
        for at in [s(14), s(40), s(55)] {
            // The window ticks the player every frame; the question is asked after one.
            player.handle(PlayerInput::Tick, t0 + at);
            let asked = player.report(t0 + at);
            let mut ended = player.clone();
            ended.handle(PlayerInput::End, t0 + at);
            let recorded = ended.report(t0 + at);
            assert_eq!(
                (asked.exercises_done, &asked.skipped),
                (recorded.exercises_done, &recorded.skipped),
                "at {at:?}"
            );
        }
    }

    /// Issue 24: a rest before a swapped exercise says the swap in "Next up", not only the name.
    #[test]
    fn next_up_says_when_the_next_exercise_is_a_swap() {
        use crate::core::adapt::{Circumstances, Recent, for_user};
        let cat = crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue;
        let profile = crate::core::profile::Profile {
            without: vec![crate::core::routine::Equipment::Band],
            ..crate::core::profile::Profile::default()
        };
        let recent = Recent::default();
        let c = Circumstances { profile: &profile, recent: &recent, level: crate::core::level::STANDARD };
        let r = for_user(&cat.routines["rhomboid-strength"], &cat, &c);
        let t0 = FakeClock::new().now().mono;
        let player = SessionPlayer::new(r.clone(), PlayOptions::default(), t0);
        let rest = player.segments().iter().find(|s| s.kind == SegmentKind::Rest).copied().expect("a rest");
        let mut player = player;
        player.handle(PlayerInput::Tick, t0 + rest.start + Duration::from_secs(1));
        let next_up = player.view(t0 + rest.start + Duration::from_secs(1)).next_up.unwrap_or_default();
        assert!(next_up.contains(" instead of seated band row: no band"), "{next_up}");
    }

    /// Issue 25: Y, T and W are three pictures: each set shows its own figure, and the rest
    /// before a set already shows the one that comes next; a user with an unstable shoulder sees
    /// the thoracic extension with the arms crossed, not the hands on the head.
    #[test]
    fn each_set_and_each_modify_caution_shows_its_own_figure() {
        use crate::core::adapt::{Circumstances, Recent, for_user};
        let cat = crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue;
        let profile = crate::core::profile::Profile {
            conditions: vec![crate::core::routine::Condition::ShoulderInstability],
            ..crate::core::profile::Profile::default()
        };
        let recent = Recent::default();
        let c = Circumstances { profile: &profile, recent: &recent, level: crate::core::level::STANDARD };
        let home = routine("home-floor");
        let t0 = FakeClock::new().now().mono;
        let mut player = SessionPlayer::new(home.clone(), PlayOptions::default(), t0);
        let ytw = home
            .steps
            .iter()
            .position(|s| matches!(s, Step::Exercise { exercise, .. } if exercise.id == "prone-ytw"))
            .expect("Y-T-W in the home routine");
        let mut seen = Vec::new();
        for seg in player.segments().to_vec().iter().filter(|s| s.step == ytw && s.kind != SegmentKind::Release) {
            let at = t0 + seg.start + seg.duration / 2;
            player.handle(PlayerInput::Tick, at);
            let label = player.figure(at).map(|(f, _)| f.label.clone()).unwrap_or_default();
            let word = label.split(':').next().unwrap_or_default().to_owned();
            if seen.last() != Some(&(seg.kind, word.clone())) {
                seen.push((seg.kind, word));
            }
        }
        let mut words: Vec<&str> = seen.iter().map(|(_, w)| w.as_str()).collect();
        words.dedup();
        assert_eq!(words, ["The first set", "The second set", "The third set"], "{seen:?}");
        assert!(
            seen.iter().any(|(k, w)| *k == SegmentKind::SetRest && w == "The second set"),
            "the rest shows the set that comes next: {seen:?}"
        );
        let extension = for_user(&cat.routines["thoracic-mobility"], &cat, &c).steps.iter().find_map(|s| match s {
            Step::Exercise { exercise, .. } if exercise.id == "thoracic-extension" => exercise.figure.clone(),
            Step::Exercise { .. } | Step::Rest { .. } => None,
        });
        let extension = extension.expect("thoracic extension plays for this user");
        assert!(extension.label.contains("arms crossed"), "{}", extension.label);
        assert!(extension.contacts.iter().all(|c| !c.part.is_arm()), "no hand on the head: {:?}", extension.contacts);
    }

    /// Issue 24: a release between holds knows which hold it follows ("Next: hold 2 of 8", not
    /// "hold 2 of 1").
    #[test]
    fn a_release_carries_the_hold_it_follows() {
        let r = routine("rhomboid-strength");
        let releases: Vec<(u32, u32)> =
            timeline(&r).iter().filter(|s| s.step == 1 && s.kind == SegmentKind::Release).map(|s| s.rep).collect();
        assert_eq!(releases, (1..8).map(|k| (k, 8)).collect::<Vec<_>>());
    }

    /// Issue 10: skipping through with Next is not "completed", and the report says what was done.
    #[test]
    fn skipping_through_is_not_completed_and_the_report_says_so() {
        let t0 = FakeClock::new().now().mono;
        let s = Duration::from_secs;
        let mut player = SessionPlayer::new(routine("posture-reset"), PlayOptions::default(), t0);
        for i in 1..=4 {
            player.handle(PlayerInput::Next, t0 + s(i));
        }
        assert_eq!(player.end(), Some(End::Finished));
        assert_eq!(player.outcome(End::Finished), Outcome::EndedEarly);
        let done = player.report(t0 + s(5));
        assert_eq!((done.exercises_done, done.exercises, done.performed_secs), (0, 4, 4));
        assert_eq!(done.skipped, ["shoulder-rolls", "chin-tuck", "shoulder-blade-squeeze", "far-gaze"]);
        assert_eq!(done.summary(), "0 of 4 exercises, 0:04");
    }

    #[test]
    fn next_in_a_steps_last_seconds_still_counts_it_as_done() {
        let t0 = FakeClock::new().now().mono;
        let s = Duration::from_secs;
        let mut player = SessionPlayer::new(routine("posture-reset"), PlayOptions::default(), t0);
        // Shoulder rolls take 10 s: Next at 9 s counts; the chin tuck skipped after 2 s does not.
        player.handle(PlayerInput::Next, t0 + s(9));
        player.handle(PlayerInput::Next, t0 + s(11));
        let log = play_out(&mut player, t0);
        assert_eq!(log.last().map(|l| l.1), Some(PlayerEffect::Finished(End::Finished)));
        let done = player.report(t0 + s(60));
        assert_eq!((done.exercises_done, done.exercises), (3, 4));
        assert_eq!(done.skipped, ["chin-tuck"]);
        assert_eq!(player.outcome(End::Finished), Outcome::EndedEarly);
    }

    #[test]
    fn a_routine_played_through_is_completed_with_its_time() {
        let t0 = FakeClock::new().now().mono;
        let mut player = SessionPlayer::new(routine("posture-reset"), PlayOptions::default(), t0);
        play_out(&mut player, t0);
        let done = player.report(t0 + Duration::from_secs(60));
        assert_eq!(player.outcome(End::Finished), Outcome::Completed);
        assert_eq!(done.summary(), "4 of 4 exercises, 1:00");
        assert!(done.skipped.is_empty());
    }

    #[test]
    fn the_first_exercise_opens_with_the_lead_in() {
        let t0 = FakeClock::new().now().mono;
        let options = PlayOptions { lead_in: Duration::from_secs(5), resume: None };
        let player = SessionPlayer::new(routine("posture-reset"), options, t0);
        let first = player.segments()[0];
        assert_eq!((first.kind, first.duration), (SegmentKind::GetReady, Duration::from_secs(5)));
        assert_eq!(player.view(t0).total, Duration::from_secs(64), "1 s of its own get-ready grew to 5 s");
        // A step that already asks for more keeps it (rhomboid strength: 4 s, so 5 s).
        let stroll = SessionPlayer::new(routine("stand-and-stroll"), PlayOptions::default(), t0);
        assert_eq!(stroll.segments()[0].duration, Duration::from_secs(3), "3 s to stand up");
    }

    #[test]
    fn moving_to_a_wall_or_a_doorway_gets_a_get_ready_that_says_so() {
        let t0 = FakeClock::new().now().mono;
        let mut player = SessionPlayer::new(routine("thoracic-mobility"), PlayOptions::default(), t0);
        let door = player.segments().iter().position(|s| s.step == 4).unwrap();
        let seg = player.segments()[door];
        assert_eq!((seg.kind, seg.duration), (SegmentKind::GetReady, Duration::from_secs(5)));
        let at = t0 + seg.start + Duration::from_secs(1);
        player.handle(PlayerInput::Tick, at);
        let view = player.view(at);
        assert_eq!(view.setup.as_deref(), Some("Go to a doorway"));
        // During the wall angels, "next up" says where to go.
        let wall = player.segments().iter().find(|s| s.step == 3 && s.kind == SegmentKind::Work).copied().unwrap();
        let mut player = SessionPlayer::new(routine("thoracic-mobility"), PlayOptions::default(), t0);
        player.handle(PlayerInput::Tick, t0 + wall.start);
        assert_eq!(player.view(t0 + wall.start).next_setup.as_deref(), Some("Go to a doorway"));
    }

    #[test]
    fn pain_names_the_exercise_that_hurt() {
        let t0 = FakeClock::new().now().mono;
        let mut player = SessionPlayer::new(routine("posture-reset"), PlayOptions::default(), t0);
        player.handle(PlayerInput::Pain, t0 + Duration::from_secs(14));
        assert_eq!(player.outcome(End::Pain), Outcome::Pain);
        assert_eq!(player.report(t0 + Duration::from_secs(14)).hurt.as_deref(), Some("chin-tuck"));
    }

    #[test]
    fn a_resumed_session_carries_on_at_its_step_and_adds_up_what_was_done() {
        let t0 = FakeClock::new().now().mono;
        let s = Duration::from_secs;
        let mut first = SessionPlayer::new(routine("posture-reset"), PlayOptions::default(), t0);
        first.handle(PlayerInput::Tick, t0 + s(27));
        let progress = first.progress(t0 + s(27));
        assert_eq!((progress.step, progress.done_steps.clone()), (2, vec![0, 1]));
        // The window closed; a new one resumes at step 3 with a lead-in.
        let options = PlayOptions { lead_in: s(5), resume: Some(progress) };
        let mut again = SessionPlayer::new(routine("posture-reset"), options, t0 + s(100));
        let view = again.view(t0 + s(100));
        assert_eq!((view.step, view.segment.map(|seg| seg.kind)), (2, Some(SegmentKind::GetReady)));
        play_out(&mut again, t0 + s(100));
        let done = again.report(t0 + s(200));
        assert_eq!((done.exercises_done, done.exercises), (4, 4));
        assert_eq!(again.outcome(End::Finished), Outcome::Completed);
        assert_eq!(done.performed_secs, 27 + 5 + 14 + 20, "before, the lead-in, the squeeze and the gaze");
    }
}
