//! The sitting timer: how long someone has sat, when each kind of break is due, and what happens
//! when they snooze, skip, take a break, walk away, lock the screen or suspend the machine.
//!
//! Sans-IO in the quinn-proto way: the shell feeds [`Input`]s with the current [`Now`] and applies
//! the returned [`Effect`]s; it sleeps until [`SittingTimer::next_deadline`] and then feeds
//! [`Input::Tick`]. The timer never reads a clock, so every behaviour is testable without sleeping.
//!
//! The model:
//! - Each [`BreakKind`] keeps its own count of *sitting time*: time present, not paused, not on a
//!   break. A kind is due when its count reaches its interval. A long break also satisfies every
//!   shorter kind; when two kinds are due together, the longer one is offered.
//! - Presence comes from idle reports ([`Input::Idle`]), the screen lock, suspend, and a backstop:
//!   a wall-clock jump larger than the monotonic clock's advance means the machine slept.
//! - Once idle passes the smallest idle threshold the user is *away* (counted from their last input).
//!   An absence at least as long as a kind's threshold is a *natural break* for that kind, applied
//!   by the kind's [`IdlePolicy`].
//! - The *sitting bout* ([`TimerView::sitting`]) is what people call "sitting for": time present
//!   since they were last away or last really took a break. Skipping or snoozing a break does not
//!   end it; a break counts toward it only when it was really done ([`Done::was_a_real_break`]).
//! - Every break is announced by a heads-up before it is due (when heads-ups are on), also one
//!   that came due during a quiet time; a snooze is quiet: nothing at all is shown until it ends.
//!   Each kind keeps its own snooze count. A due break that is ignored is reminded again every
//!   [`TimerConfig::remind_every`].

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::history::{Done, HistoryEntry, Outcome};
use super::kind::{BreakKind, Now, PerKind};

/// What time away from the computer does to a kind's sitting count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdlePolicy {
    /// An absence at least as long as the threshold counts as the break: the count restarts at zero.
    #[default]
    Reset,
    /// The count stops while away and carries on afterwards; absences never replace the break.
    Pause,
    /// The count runs backwards while away, in proportion: being away for the break's length takes
    /// a whole interval off, half of it takes half.
    CountDown,
}

/// The timing of one break kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindConfig {
    /// Sitting time between breaks.
    pub interval: Duration,
    /// How long the break itself lasts.
    pub length: Duration,
    /// An absence this long is a natural break for this kind.
    pub idle_threshold: Duration,
    pub policy: IdlePolicy,
    /// How long a snooze postpones the reminder.
    pub snooze: Duration,
    /// Snoozes allowed per break before only Start and Skip remain.
    pub max_snoozes: u32,
    /// How firmly a due break is asked for.
    pub strictness: Strictness,
}

/// How firmly a due break of a kind is asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Strictness {
    /// A notification, reminded again while it is ignored.
    #[default]
    Gentle,
    /// As gentle, until it has been ignored [`TimerConfig::firm_after`] times: then the window
    /// comes to the front, on top, with the routine ready ([`Effect::Insist`]).
    Firm,
    /// The break begins when it is due, in a window over every screen for its length
    /// ([`Effect::Enforce`]); Skip is limited per day, and "Stop — I feel pain" always works.
    Strict,
}

impl Strictness {
    pub const ALL: [Self; 3] = [Self::Gentle, Self::Firm, Self::Strict];

    /// The word people see.
    pub fn label(self) -> &'static str {
        match self {
            Self::Gentle => "Gentle",
            Self::Firm => "Firm",
            Self::Strict => "Strict",
        }
    }
}

/// The timer's whole configuration (built from `Settings`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimerConfig {
    pub micro: KindConfig,
    pub long: KindConfig,
    /// How long before a break is due the heads-up comes; zero turns it off.
    pub warning: Duration,
    /// How often a due break that was neither taken, snoozed nor skipped is reminded again; zero
    /// means never.
    pub remind_every: Duration,
    /// A [`Strictness::Firm`] break insists after this many reminders were ignored (at least one).
    pub firm_after: u32,
}

impl TimerConfig {
    /// The configuration of one kind.
    pub fn kind(&self, kind: BreakKind) -> &KindConfig {
        match kind {
            BreakKind::Micro => &self.micro,
            BreakKind::Long => &self.long,
        }
    }

    /// Idle for this long and the user counts as away.
    pub fn away_threshold(&self) -> Duration {
        self.micro.idle_threshold.min(self.long.idle_threshold)
    }
}

/// Why the user is away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AwayReason {
    Idle,
    Locked,
    Asleep,
}

/// Everything that can happen to the timer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Time since the user's last keyboard or mouse input, as the idle backend reports it.
    Idle(Duration),
    /// The screen was locked or unlocked, or the machine is going to sleep or woke up.
    Presence(Presence),
    /// A deadline passed.
    Tick,
    /// Start a break now: the one that is due, or the given kind, playing `routine` (recorded in
    /// the history).
    StartBreak {
        kind: Option<BreakKind>,
        routine: Option<String>,
    },
    /// The break's session ended: how (an outcome that ends a session; anything else is taken as
    /// [`Outcome::EndedEarly`]) and what was done.
    FinishBreak {
        outcome: Outcome,
        done: Done,
    },
    Snooze,
    Skip,
    /// Hold reminders until a wall time, or until resumed.
    Pause {
        until: Option<SystemTime>,
    },
    Resume,
    Reconfigure(TimerConfig),
    /// Something that should hold reminders started (`true`) or ended (`false`): do-not-disturb,
    /// a fullscreen window. A break that comes due meanwhile waits and is offered once, after.
    Blocked(Blocker, bool),
    /// Working hours ended (`true`) or began (`false`): outside them nothing counts and nothing is offered.
    OffHours(bool),
}

/// What the session manager says about the user's presence (logind, or the clock's backstop).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Locked,
    Unlocked,
    /// The machine is about to sleep.
    Suspending,
    /// The machine woke up.
    Resumed,
}

/// What can hold reminders back without stopping the sitting clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Blocker {
    /// A call or a presentation: the microphone or the camera is in use. Never counts as a break.
    Call,
    /// The desktop's do-not-disturb is on.
    DoNotDisturb,
    /// The active window is fullscreen (a presentation, a video call, a game).
    Fullscreen,
}

/// Why a user command did nothing (so the CLI and window can say so).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    NothingDue,
    NoSnoozesLeft,
    NotOnBreak,
    AlreadyOnBreak,
    NotPaused,
    /// Today's skips are used up (the daily skip limit).
    NoSkipsLeft,
}

/// What the shell should do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// A heads-up that `kind` is due in `within`.
    Warn { kind: BreakKind, within: Duration },
    /// Show the break-due reminder; `repeat` when it was shown before and ignored.
    Remind { kind: BreakKind, snoozes_left: u32, repeat: bool },
    /// Take down any reminder on screen.
    Withdraw,
    /// Open the guided session for a break of this kind, playing `routine`.
    BeginSession { kind: BreakKind, routine: Option<String> },
    /// Append to the history.
    Record(HistoryEntry),
    /// A user command was refused; tell them why.
    Refused(Refusal),
    /// A [`Strictness::Firm`] break was ignored too often: bring the window to the front, on top,
    /// with the routine ready (once per break).
    Insist { kind: BreakKind },
    /// A [`Strictness::Strict`] break is due: begin it now, over every screen (the shell picks the
    /// routine and answers with [`Input::StartBreak`]).
    Enforce { kind: BreakKind },
}

/// The reminder state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Counting sitting time; nothing due.
    Working,
    /// A break is due: the reminder is showing, or `held` back by a blocker (do-not-disturb, a
    /// fullscreen window) until it ends.
    Due { kind: BreakKind, since: Instant, held: bool },
    /// The reminder was postponed until `until`; nothing is shown meanwhile.
    Snoozed { kind: BreakKind, until: Instant },
    /// A break is in progress.
    OnBreak { kind: BreakKind, since: Instant },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Away {
    /// When the absence began (the last input, for idle).
    since: Instant,
    reason: AwayReason,
    /// Absence the monotonic clock did not see (the machine slept while away).
    unseen: Duration,
    /// Kinds whose natural break was already applied during this absence.
    done: PerKind<bool>,
}

impl Away {
    fn length(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.since) + self.unseen
    }
}

/// How long reminders are paused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pause {
    /// Until a wall time ("until 14:30", "for an hour").
    Until(SystemTime),
    /// Until the user resumes.
    UntilResumed,
}

/// A read-only picture of the timer for the window and the CLI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[expect(clippy::struct_excessive_bools, reason = "a picture of independent facts, each shown on its own")]
pub struct TimerView {
    pub phase: Phase,
    pub away: Option<AwayReason>,
    pub paused: Option<Pause>,
    /// What is holding reminders back, if anything.
    pub blocked: Option<Blocker>,
    /// A due break is waiting for the blocker to end.
    pub held: bool,
    /// Outside working hours.
    pub off_hours: bool,
    /// The sitting bout: time present since the user was last away or last really took a break.
    pub sitting: Duration,
    /// Sitting time is being counted now (present, not paused, not on a break, in working hours).
    pub counting: bool,
    /// Time until each kind is due if the user keeps sitting (zero when due), shortest kind first.
    pub until_due: PerKind<Duration>,
    /// Snoozes each kind has left, shortest kind first.
    pub snoozes_left: PerKind<u32>,
    /// A heads-up was given for this kind and it is not yet due (Snooze and Skip act on it).
    pub announced: Option<BreakKind>,
    /// The due break was ignored too often and now insists ([`Strictness::Firm`]).
    pub insisting: bool,
    /// The break in progress is a strict one: over every screen, Skip limited, Esc does nothing.
    pub strict: bool,
}

/// What of the timer survives a restart of the engine (even a `kill -9`): the sitting counts and
/// a pause. Saved as one small file whenever it changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedTimer {
    /// Wall time of the save, Unix seconds.
    pub at: u64,
    /// Sitting seconds per kind, shortest kind first.
    pub sat_secs: [u64; 2],
    /// Paused until this Unix time.
    pub paused_until: Option<u64>,
    /// Paused until resumed.
    pub paused_indefinitely: bool,
    /// The sitting bout in seconds (older files: the posture reset's count is used).
    pub bout_secs: Option<u64>,
}

/// While paused until a time, how often the wall clock is looked at (see `next_deadline`).
const WALL_CHECK: Duration = Duration::from_secs(60);

impl SavedTimer {
    /// Why this save can't be used (a count or a pause no real run could have written), if so.
    pub fn problem(&self, now: SystemTime) -> Option<String> {
        let max = super::units::MAX_SAVED_SITTING.as_secs();
        if let Some(s) = self.sat_secs.iter().chain(self.bout_secs.iter()).find(|s| **s > max) {
            return Some(format!("a sitting count of {s} s (more than a month)"));
        }
        let latest = unix(now).saturating_add(super::units::MAX_PAUSE.as_secs());
        match self.paused_until {
            Some(u) if u > latest || super::units::unix_time(u).is_none() => {
                Some(format!("a pause until Unix time {u}, more than a year from now"))
            }
            Some(_) | None => None,
        }
    }
}

fn unix(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// A wall-clock jump this much larger than the monotonic advance counts as sleep.
const JUMP_TOLERANCE: Duration = Duration::from_mins(1);

/// The sitting timer. See the module docs for the model.
#[derive(Clone, Debug)]
pub struct SittingTimer {
    config: TimerConfig,
    phase: Phase,
    /// When a due break's reminder is shown again if it is still ignored.
    next_remind: Option<Instant>,
    /// A heads-up was given for a break that was already due (after a quiet time): it is offered
    /// at this instant.
    announced: Option<(BreakKind, Instant)>,
    /// Snoozes used per kind since that kind's last break.
    snoozes: PerKind<u32>,
    /// The sitting bout (see the module docs).
    bout: Duration,
    /// The routine of the break in progress, for the history.
    routine: Option<String>,
    away: Option<Away>,
    pause: Option<Pause>,
    /// Active blockers (a call, do-not-disturb, fullscreen).
    blockers: [bool; 3],
    /// When the last call ended: someone in a call is at the desk however still they keep the
    /// mouse, so time without input counts as away only from here.
    call_ended: Option<Instant>,
    /// Reminders of the due break that were ignored (shown again), for [`Strictness::Firm`].
    ignored: u32,
    /// The due break insisted ([`Effect::Insist`]) already.
    insisted: bool,
    /// A strict break was asked for ([`Effect::Enforce`]) and not begun yet.
    enforcing: Option<BreakKind>,
    /// The break in progress is a strict one (begun by [`Effect::Enforce`]): Skip ends it.
    strict: bool,
    /// Outside working hours.
    off_hours: bool,
    sat: PerKind<Duration>,
    warned: PerKind<bool>,
    /// This kind's coming due is in the history already (once per break, not per reminder).
    due_logged: PerKind<bool>,
    /// Sitting has been added up to here.
    mark: Instant,
    /// Start of the current unbroken stretch of counted time (to refund when idle turns out to
    /// have started earlier).
    counting_since: Option<Instant>,
    last: Now,
}

impl SittingTimer {
    /// A timer that starts counting at `now`, with nothing sat yet.
    pub fn new(config: TimerConfig, now: Now) -> Self {
        Self {
            config: sanitize(config),
            phase: Phase::Working,
            next_remind: None,
            announced: None,
            snoozes: PerKind::splat(0),
            bout: Duration::ZERO,
            routine: None,
            away: None,
            pause: None,
            blockers: [false; 3],
            call_ended: None,
            ignored: 0,
            insisted: false,
            enforcing: None,
            strict: false,
            off_hours: false,
            sat: PerKind::splat(Duration::ZERO),
            warned: PerKind::splat(false),
            due_logged: PerKind::splat(false),
            mark: now.mono,
            counting_since: Some(now.mono),
            last: now,
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &TimerConfig {
        &self.config
    }

    /// What to save so a restarted engine can carry on (see [`SittingTimer::restore`]).
    pub fn save(&self, now: Now) -> SavedTimer {
        let extra = if self.is_counting() { now.mono.saturating_duration_since(self.mark) } else { Duration::ZERO };
        SavedTimer {
            at: unix(now.wall),
            sat_secs: [self.sat.micro, self.sat.long].map(|s| (s + extra).as_secs()),
            paused_until: match self.pause {
                Some(Pause::Until(t)) => Some(unix(t)),
                Some(Pause::UntilResumed) | None => None,
            },
            paused_indefinitely: self.pause == Some(Pause::UntilResumed),
            bout_secs: Some((self.bout + extra).as_secs()),
        }
    }

    /// Carries on from a save. The counts and pause come back. The time since the save is unknown:
    /// up to `assume_sitting` (the save interval plus a little) it counts as sitting, as it most
    /// likely was; a longer gap counts as time away, so an engine down over lunch still gives a
    /// natural break.
    pub fn restore(&mut self, saved: &SavedTimer, assume_sitting: Duration, now: Now) -> Vec<Effect> {
        let mut out = Vec::new();
        let [micro, long] = saved.sat_secs.map(Duration::from_secs);
        self.sat = PerKind { micro, long };
        self.bout = Duration::from_secs(saved.bout_secs.unwrap_or(saved.sat_secs[0]));
        self.pause = if saved.paused_indefinitely {
            Some(Pause::UntilResumed)
        } else {
            saved.paused_until.and_then(super::units::unix_time).map(Pause::Until)
        };
        self.restart_counting(now.mono);
        self.last = now;
        let gap = Duration::from_secs(unix(now.wall).saturating_sub(saved.at));
        if gap > assume_sitting {
            self.go_away(now.mono, AwayReason::Asleep, gap);
            self.come_back(now, &mut out);
        } else if self.pause.is_none() {
            for s in self.sat.iter_mut() {
                *s += gap;
            }
            self.bout += gap;
        }
        self.on_deadlines(now, &mut out);
        out
    }

    /// The reminder state.
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// What the window and CLI show.
    pub fn view(&self, now: Now) -> TimerView {
        let extra = if self.is_counting() { now.mono.saturating_duration_since(self.mark) } else { Duration::ZERO };
        let until_due = PerKind::from_fn(|k| self.config.kind(k).interval.saturating_sub(self.sat[k] + extra));
        TimerView {
            phase: self.phase,
            away: self.away.map(|a| a.reason),
            paused: self.pause,
            blocked: self.blocker(),
            held: self.is_holding(),
            off_hours: self.off_hours,
            sitting: self.bout + extra,
            counting: self.is_counting(),
            until_due,
            snoozes_left: PerKind::from_fn(|k| self.config.kind(k).max_snoozes.saturating_sub(self.snoozes[k])),
            announced: self.announced_kind(),
            insisting: self.insisted && matches!(self.phase, Phase::Due { held: false, .. }),
            strict: self.strict && matches!(self.phase, Phase::OnBreak { .. }),
        }
    }

    /// The kind a break started by hand counts as: the kind asked for; else the break that is due
    /// or snoozed; else, for a routine picked by name, a break of its length
    /// ([`BreakKind::for_routine_length`]); else the announced or soonest one. Refused while on a
    /// break.
    pub fn kind_for_start(
        &self,
        requested: Option<BreakKind>,
        routine_length: Option<Duration>,
    ) -> Result<BreakKind, Refusal> {
        let due = match self.phase {
            Phase::Due { kind, .. } | Phase::Snoozed { kind, .. } => Some(kind),
            Phase::Working | Phase::OnBreak { .. } => None,
        };
        self.kind_to_start(requested.or(due).or_else(|| routine_length.map(BreakKind::for_routine_length)))
    }

    /// The kind a `StartBreak` with `requested` would start now, or why it would be refused: the
    /// requested kind, else the due (or snoozed, or announced) one, else the one due soonest.
    pub fn kind_to_start(&self, requested: Option<BreakKind>) -> Result<BreakKind, Refusal> {
        match (self.phase, requested) {
            (Phase::OnBreak { .. }, _) => Err(Refusal::AlreadyOnBreak),
            (Phase::Due { kind, .. } | Phase::Snoozed { kind, .. }, requested) => Ok(requested.unwrap_or(kind)),
            (Phase::Working, Some(kind)) => Ok(kind),
            (Phase::Working, None) => Ok(self.announced_kind().unwrap_or_else(|| self.soonest_kind())),
        }
    }

    /// True while the user counts as away (idle, locked, asleep).
    pub fn is_away(&self) -> bool {
        self.away.is_some()
    }

    /// True while a due break waits for a blocker to end.
    pub fn is_holding(&self) -> bool {
        match self.phase {
            Phase::Due { held, .. } => held,
            Phase::Working | Phase::Snoozed { .. } | Phase::OnBreak { .. } => false,
        }
    }

    /// True while sitting time is being counted.
    pub fn is_counting(&self) -> bool {
        let on_break = match self.phase {
            Phase::OnBreak { .. } => true,
            Phase::Working | Phase::Due { .. } | Phase::Snoozed { .. } => false,
        };
        self.away.is_none() && self.pause.is_none() && !self.off_hours && !on_break
    }

    /// When the shell must call back with [`Input::Tick`] even if nothing else happens.
    #[must_use]
    pub fn next_deadline(&self) -> Option<Instant> {
        let mut deadlines: Vec<Instant> = Vec::new();
        if let Some(away) = &self.away {
            for kind in BreakKind::ALL {
                let cfg = self.config.kind(kind);
                if cfg.policy == IdlePolicy::Reset && !away.done[kind] {
                    let wait = cfg.idle_threshold.saturating_sub(away.unseen);
                    deadlines.push((away.since + wait).max(self.mark));
                }
            }
        }
        if let Some(Pause::Until(until)) = self.pause {
            // The end is a wall time, and the monotonic clock stops in a suspend (or the wall clock
            // jumps): look at the wall clock at least once a minute, so the pause ends on time.
            let wait = until.duration_since(self.last.wall).unwrap_or(Duration::ZERO).min(WALL_CHECK);
            deadlines.extend(self.last.mono.checked_add(wait));
        }
        deadlines.extend(self.next_offer());
        deadlines.into_iter().min()
    }

    /// When a break may next be offered, announced or reminded of (the deadlines for which the
    /// shell reads do-not-disturb and fullscreen first); `None` while nothing is coming.
    #[must_use]
    pub fn next_offer(&self) -> Option<Instant> {
        let mut deadlines: Vec<Instant> = Vec::new();
        let offering = self.away.is_none() && self.pause.is_none() && !self.off_hours;
        match self.phase {
            // Quiet: only the snooze's end matters.
            Phase::Snoozed { until, .. } => {
                if offering {
                    deadlines.push(until);
                }
            }
            Phase::OnBreak { .. } => {}
            Phase::Due { kind, .. } => {
                if offering && let Some(at) = self.next_remind {
                    deadlines.push(at);
                }
                // Once a kind is due, only a longer kind coming due changes anything.
                if self.is_counting() {
                    for longer in BreakKind::ALL.into_iter().filter(|k| *k > kind) {
                        deadlines.push(self.kind_due_at(longer, false));
                    }
                }
            }
            Phase::Working => {
                if let Some((_, at)) = self.announced {
                    if offering {
                        deadlines.push(at);
                    }
                } else if self.is_counting() {
                    // Only the kind due first gets a heads-up; both counts grow together, so it
                    // stays first.
                    let soonest = self.soonest_kind();
                    for kind in BreakKind::ALL {
                        let heads_up = self.blocker().is_none()
                            && kind == soonest
                            && !self.warned[kind]
                            && !self.config.warning.is_zero();
                        deadlines.push(self.kind_due_at(kind, heads_up));
                    }
                }
            }
        }
        deadlines.into_iter().min()
    }

    /// When `kind` comes due (or its heads-up does) if the user keeps sitting.
    fn kind_due_at(&self, kind: BreakKind, heads_up: bool) -> Instant {
        let cfg = self.config.kind(kind);
        let target = if heads_up { cfg.interval.saturating_sub(self.config.warning) } else { cfg.interval };
        self.mark + target.saturating_sub(self.sat[kind])
    }

    /// Feeds one input at `now` and returns what the shell must do.
    pub fn handle(&mut self, input: Input, now: Now) -> Vec<Effect> {
        let now = Now { mono: now.mono.max(self.last.mono), wall: now.wall };
        let mut out = Vec::new();
        self.account(now.mono);
        self.notice_sleep(now, &mut out);
        self.last = now;
        match input {
            Input::Idle(idle) => self.on_idle(idle, now, &mut out),
            Input::Presence(Presence::Locked) => self.go_away(now.mono, AwayReason::Locked, Duration::ZERO),
            Input::Presence(Presence::Suspending) => self.go_away(now.mono, AwayReason::Asleep, Duration::ZERO),
            Input::Presence(Presence::Unlocked) => {
                self.come_back_if(|r| matches!(r, AwayReason::Locked | AwayReason::Idle), now, &mut out);
            }
            Input::Presence(Presence::Resumed) => {
                self.come_back_if(|r| matches!(r, AwayReason::Asleep | AwayReason::Idle), now, &mut out);
            }
            Input::Tick => {}
            Input::StartBreak { kind, routine } => self.start_break(kind, routine, now, &mut out),
            Input::FinishBreak { outcome, done } => self.finish_break(outcome, done, now, &mut out),
            Input::Snooze => self.snooze(now, &mut out),
            Input::Skip => self.skip(now, &mut out),
            Input::Pause { until } => self.pause(until, now, &mut out),
            Input::Resume => {
                if self.pause.take().is_none() {
                    out.push(Effect::Refused(Refusal::NotPaused));
                }
                self.restart_counting(now.mono);
            }
            Input::Reconfigure(config) => {
                self.config = sanitize(config);
                self.warned = PerKind::splat(false);
                match self.phase {
                    Phase::Due { held: false, .. } => self.next_remind = self.remind_after(now.mono),
                    Phase::Due { held: true, .. } | Phase::Working | Phase::Snoozed { .. } | Phase::OnBreak { .. } => {}
                }
            }
            Input::Blocked(blocker, on) => self.set_blocked(blocker, on, now, &mut out),
            Input::OffHours(on) => {
                if on && !self.off_hours {
                    // The day is over: the reminder goes; the count is kept for tomorrow.
                    self.quiet_down(&mut out);
                }
                self.off_hours = on;
                self.restart_counting(now.mono);
            }
        }
        self.on_deadlines(now, &mut out);
        out
    }

    /// Adds sitting time up to `now`.
    fn account(&mut self, now: Instant) {
        if self.is_counting() {
            let d = now.saturating_duration_since(self.mark);
            for s in self.sat.iter_mut() {
                *s += d;
            }
            self.bout += d;
        }
        self.mark = now;
    }

    fn restart_counting(&mut self, now: Instant) {
        self.mark = now;
        self.counting_since = self.is_counting().then_some(now);
    }

    /// The machine slept if the wall clock moved on much further than the monotonic clock.
    fn notice_sleep(&mut self, now: Now, out: &mut Vec<Effect>) {
        let mono = now.mono.saturating_duration_since(self.last.mono);
        let wall = now.wall.duration_since(self.last.wall).unwrap_or(Duration::ZERO);
        if wall <= mono + JUMP_TOLERANCE {
            return;
        }
        let slept = wall.saturating_sub(mono);
        if let Some(away) = &mut self.away {
            away.unseen += slept;
        } else {
            self.go_away(now.mono, AwayReason::Asleep, slept);
            self.come_back(now, out);
        }
    }

    fn on_idle(&mut self, idle: Duration, now: Now, out: &mut Vec<Effect>) {
        match self.phase {
            // Stretching away from the keyboard is the break itself, not an absence.
            Phase::OnBreak { .. } => return,
            Phase::Working | Phase::Due { .. } | Phase::Snoozed { .. } => {}
        }
        // In a call the user is at the desk, listening or talking, not away.
        if self.blockers[Blocker::Call as usize] && self.away.is_none() {
            return;
        }
        let threshold = self.config.away_threshold();
        // Time without input during a call ended was not time away.
        let unseen = self.call_ended.map_or(idle, |end| idle.min(now.mono.saturating_duration_since(end)));
        match self.away {
            None if unseen >= threshold => {
                let since = now.mono.checked_sub(unseen).unwrap_or(now.mono);
                // The idle stretch was counted as sitting before we knew; take it back.
                if let Some(start) = self.counting_since {
                    let refund = now.mono.saturating_duration_since(since.max(start));
                    for s in self.sat.iter_mut() {
                        *s = s.saturating_sub(refund);
                    }
                    self.bout = self.bout.saturating_sub(refund);
                }
                self.go_away(since, AwayReason::Idle, Duration::ZERO);
            }
            Some(Away { reason: AwayReason::Idle, .. }) if idle < threshold => self.come_back(now, out),
            None | Some(Away { reason: AwayReason::Idle | AwayReason::Locked | AwayReason::Asleep, .. }) => {}
        }
    }

    fn go_away(&mut self, since: Instant, reason: AwayReason, unseen: Duration) {
        match &mut self.away {
            Some(away) => away.reason = reason,
            None => self.away = Some(Away { since, reason, unseen, done: PerKind::splat(false) }),
        }
        self.counting_since = None;
    }

    fn come_back_if(&mut self, reason_fits: impl Fn(AwayReason) -> bool, now: Now, out: &mut Vec<Effect>) {
        if self.away.is_some_and(|a| reason_fits(a.reason)) {
            self.come_back(now, out);
        }
    }

    /// Ends an absence: applies every kind's policy to its full length, then counts again.
    fn come_back(&mut self, now: Now, out: &mut Vec<Effect>) {
        let Some(away) = self.away.take() else { return };
        let length = away.length(now.mono);
        if length >= self.config.away_threshold() {
            // They got up: the sitting bout ended when they left, and a new one starts.
            let left = now.wall.checked_sub(length).unwrap_or(now.wall);
            self.end_bout(left, BreakKind::Micro, out);
        }
        for kind in BreakKind::ALL {
            if away.done[kind] {
                continue;
            }
            let cfg = *self.config.kind(kind);
            match cfg.policy {
                IdlePolicy::Reset => {
                    if length >= cfg.idle_threshold {
                        self.natural_break(kind, now, out);
                    }
                }
                IdlePolicy::Pause => {}
                IdlePolicy::CountDown => {
                    let credit = length.mul_f64(cfg.interval.as_secs_f64() / cfg.length.as_secs_f64().max(1.0));
                    let sat = &mut self.sat[kind];
                    if credit >= *sat {
                        self.natural_break(kind, now, out);
                    } else {
                        *sat -= credit;
                        if *sat < cfg.interval.saturating_sub(self.config.warning) {
                            self.warned[kind] = false;
                        }
                    }
                }
            }
        }
        // A break still pending after the absence is offered once, afresh.
        match self.phase {
            Phase::Due { kind, .. } | Phase::Snoozed { kind, .. } => {
                self.next_remind = None;
                if self.sat[kind] >= self.config.kind(kind).interval {
                    self.make_due(kind, now.mono, out);
                } else {
                    self.phase = Phase::Working;
                }
            }
            Phase::Working | Phase::OnBreak { .. } => {}
        }
        self.restart_counting(now.mono);
    }

    /// An absence satisfied `kind`: its count restarts, and a reminder for it is taken down.
    fn natural_break(&mut self, kind: BreakKind, now: Now, out: &mut Vec<Effect>) {
        if let Some(away) = &mut self.away {
            away.done[kind] = true;
        }
        let had_sat = !self.sat[kind].is_zero();
        // The heads-up for this break (or a shorter one) goes with it: the time away was the break.
        let heads_up = self.heads_up_showing()
            && (self.announced.is_some_and(|(a, _)| a <= kind)
                || BreakKind::ALL.into_iter().any(|k| k <= kind && self.warned[k]));
        self.sat[kind] = Duration::ZERO;
        self.warned[kind] = false;
        self.snoozes[kind] = 0;
        if self.announced.is_some_and(|(a, _)| a <= kind) {
            self.announced = None;
        }
        match self.phase {
            Phase::Due { kind: due, .. } | Phase::Snoozed { kind: due, .. } if due <= kind => {
                self.phase = Phase::Working;
                self.next_remind = None;
                out.push(Effect::Withdraw);
            }
            Phase::Working if heads_up => out.push(Effect::Withdraw),
            Phase::Due { .. } | Phase::Snoozed { .. } | Phase::Working | Phase::OnBreak { .. } => {}
        }
        if had_sat {
            out.push(Effect::Record(HistoryEntry::new(now.wall, kind, Outcome::Natural)));
        }
    }

    fn start_break(&mut self, kind: Option<BreakKind>, routine: Option<String>, now: Now, out: &mut Vec<Effect>) {
        let kind = match self.kind_to_start(kind) {
            Ok(kind) => kind,
            Err(refusal) => {
                out.push(Effect::Refused(refusal));
                return;
            }
        };
        match self.phase {
            Phase::Due { .. } | Phase::Snoozed { .. } => out.push(Effect::Withdraw),
            Phase::Working | Phase::OnBreak { .. } => {}
        }
        self.strict = self.enforcing.take() == Some(kind) && self.due_kind() == Some(kind);
        self.phase = Phase::OnBreak { kind, since: now.mono };
        self.next_remind = None;
        self.announced = None;
        self.counting_since = None;
        self.routine.clone_from(&routine);
        let mut entry = HistoryEntry::new(now.wall, kind, Outcome::Taken);
        entry.routine.clone_from(&routine);
        out.push(Effect::BeginSession { kind, routine });
        out.push(Effect::Record(entry));
    }

    fn finish_break(&mut self, outcome: Outcome, done: Done, now: Now, out: &mut Vec<Effect>) {
        let Phase::OnBreak { kind, since } = self.phase else {
            out.push(Effect::Refused(Refusal::NotOnBreak));
            return;
        };
        self.satisfy(kind);
        self.phase = Phase::Working;
        self.strict = false;
        if done.was_a_real_break() {
            let began = now.wall.checked_sub(now.mono.saturating_duration_since(since)).unwrap_or(now.wall);
            self.end_bout(began, kind, out);
        }
        let outcome = if outcome.ends_session() { outcome } else { Outcome::EndedEarly };
        let mut entry = HistoryEntry::new(now.wall, kind, outcome).with_done(done);
        entry.routine = self.routine.take();
        out.push(Effect::Record(entry));
        self.restart_counting(now.mono);
    }

    /// The break a heads-up was given for, while it is not due yet (snooze and skip act on it).
    fn announced_kind(&self) -> Option<BreakKind> {
        if self.phase != Phase::Working {
            return None;
        }
        let soon = self.soonest_kind();
        self.announced.map(|(kind, _)| kind).or_else(|| self.warned[soon].then_some(soon))
    }

    fn snooze(&mut self, now: Now, out: &mut Vec<Effect>) {
        let kind = match (self.phase, self.announced_kind()) {
            (Phase::Due { kind, .. } | Phase::Snoozed { kind, .. }, _) | (Phase::Working, Some(kind)) => kind,
            (Phase::Working | Phase::OnBreak { .. }, None) => {
                out.push(Effect::Refused(Refusal::NothingDue));
                return;
            }
            (Phase::OnBreak { .. }, Some(_)) => {
                out.push(Effect::Refused(Refusal::AlreadyOnBreak));
                return;
            }
        };
        let cfg = self.config.kind(kind);
        if self.snoozes[kind] >= cfg.max_snoozes {
            out.push(Effect::Refused(Refusal::NoSnoozesLeft));
            return;
        }
        self.snoozes[kind] += 1;
        self.phase = Phase::Snoozed { kind, until: now.mono + cfg.snooze };
        self.next_remind = None;
        self.announced = None;
        out.push(Effect::Withdraw);
        out.push(Effect::Record(HistoryEntry::new(now.wall, kind, Outcome::Snoozed)));
    }

    fn skip(&mut self, now: Now, out: &mut Vec<Effect>) {
        if let Phase::OnBreak { kind, .. } = self.phase {
            if !self.strict {
                out.push(Effect::Refused(Refusal::NothingDue));
                return;
            }
            // A strict break is skipped from its window: it ends, recorded as skipped.
            self.strict = false;
            self.routine = None;
            self.satisfy(kind);
            self.phase = Phase::Working;
            out.push(Effect::Record(HistoryEntry::new(now.wall, kind, Outcome::Skipped)));
            self.restart_counting(now.mono);
            return;
        }
        let Some(kind) = self.due_kind().or_else(|| self.announced_kind()) else {
            out.push(Effect::Refused(Refusal::NothingDue));
            return;
        };
        self.satisfy(kind);
        self.phase = Phase::Working;
        self.next_remind = None;
        self.announced = None;
        out.push(Effect::Withdraw);
        out.push(Effect::Record(HistoryEntry::new(now.wall, kind, Outcome::Skipped)));
    }

    fn pause(&mut self, until: Option<SystemTime>, now: Now, out: &mut Vec<Effect>) {
        if until.is_some_and(|u| u <= now.wall) {
            return;
        }
        self.pause = Some(until.map_or(Pause::UntilResumed, Pause::Until));
        // The counts are kept, so a due break is announced and offered again after the pause.
        self.quiet_down(out);
        self.counting_since = None;
    }

    /// A pause or the end of working hours: any reminder goes, and what was due is announced
    /// afresh when reminders come back.
    fn quiet_down(&mut self, out: &mut Vec<Effect>) {
        match self.phase {
            Phase::Due { .. } | Phase::Snoozed { .. } => {
                self.phase = Phase::Working;
                out.push(Effect::Withdraw);
            }
            // A heads-up on screen would offer a break that is not coming now.
            Phase::Working if self.heads_up_showing() => out.push(Effect::Withdraw),
            Phase::Working | Phase::OnBreak { .. } => {}
        }
        self.next_remind = None;
        self.announced = None;
        self.warned = PerKind::splat(false);
    }

    /// True while working with a heads-up given for a break that has not come due.
    fn heads_up_showing(&self) -> bool {
        self.phase == Phase::Working && (self.announced.is_some() || BreakKind::ALL.into_iter().any(|k| self.warned[k]))
    }

    /// The sitting bout ended at `at` (they got up, or a real break began): recorded when it
    /// lasted a minute or more, and a new one starts.
    fn end_bout(&mut self, at: SystemTime, kind: BreakKind, out: &mut Vec<Effect>) {
        if self.bout >= Duration::from_secs(60) {
            out.push(Effect::Record(HistoryEntry::new(at, kind, Outcome::Sat).with_sat(self.bout)));
        }
        self.bout = Duration::ZERO;
    }

    /// A break of `kind` was had (or skipped): it and every shorter kind start over.
    fn satisfy(&mut self, kind: BreakKind) {
        for k in BreakKind::ALL.into_iter().filter(|k| *k <= kind) {
            self.sat[k] = Duration::ZERO;
            self.warned[k] = false;
            self.snoozes[k] = 0;
            self.due_logged[k] = false;
        }
    }

    fn due_kind(&self) -> Option<BreakKind> {
        match self.phase {
            Phase::Due { kind, .. } | Phase::Snoozed { kind, .. } => Some(kind),
            Phase::Working | Phase::OnBreak { .. } => None,
        }
    }

    /// The kind that will be due first (the longer one on a tie).
    fn soonest_kind(&self) -> BreakKind {
        BreakKind::ALL
            .into_iter()
            .min_by_key(|k| (self.config.kind(*k).interval.saturating_sub(self.sat[*k]), std::cmp::Reverse(*k)))
            .unwrap_or(BreakKind::Micro)
    }

    fn remind_after(&self, now: Instant) -> Option<Instant> {
        (!self.config.remind_every.is_zero()).then(|| now + self.config.remind_every)
    }

    /// `kind` is due now: reminded, or held (and recorded as deferred, once) while a blocker is on.
    fn make_due(&mut self, kind: BreakKind, now: Instant, out: &mut Vec<Effect>) {
        let held_before = self.is_holding();
        self.announced = None;
        if !self.due_logged[kind] {
            self.due_logged[kind] = true;
            out.push(Effect::Record(HistoryEntry::new(self.last.wall, kind, Outcome::Due)));
        }
        if self.blocker().is_some() {
            // Deferred, not dropped: offered once the blocker ends.
            self.phase = Phase::Due { kind, since: now, held: true };
            self.next_remind = None;
            if !held_before {
                out.push(Effect::Record(HistoryEntry::new(self.last.wall, kind, Outcome::Deferred)));
            }
            return;
        }
        self.phase = Phase::Due { kind, since: now, held: false };
        self.ignored = 0;
        self.insisted = false;
        self.enforcing = None;
        if self.config.kind(kind).strictness == Strictness::Strict {
            // No reminder to ignore: the break begins (the shell starts it with its routine).
            self.next_remind = None;
            self.enforcing = Some(kind);
            out.push(Effect::Enforce { kind });
            return;
        }
        self.next_remind = self.remind_after(now);
        out.push(Effect::Remind { kind, snoozes_left: self.snoozes_left(kind), repeat: false });
    }

    fn snoozes_left(&self, kind: BreakKind) -> u32 {
        self.config.kind(kind).max_snoozes.saturating_sub(self.snoozes[kind])
    }

    /// A heads-up now for `kind`, which is offered once it has run out.
    fn announce(&mut self, kind: BreakKind, now: Instant, out: &mut Vec<Effect>) {
        for k in BreakKind::ALL.into_iter().filter(|k| *k <= kind) {
            self.warned[k] = true;
        }
        self.announced = Some((kind, now + self.config.warning));
        out.push(Effect::Warn { kind, within: self.config.warning });
    }

    /// True when `kind` should get a heads-up before it is offered.
    fn needs_heads_up(&self, kind: BreakKind) -> bool {
        !self.warned[kind] && !self.config.warning.is_zero() && self.blocker().is_none()
    }

    fn blocker(&self) -> Option<Blocker> {
        [Blocker::Call, Blocker::DoNotDisturb, Blocker::Fullscreen].into_iter().find(|b| self.blockers[*b as usize])
    }

    fn set_blocked(&mut self, blocker: Blocker, on: bool, now: Now, out: &mut Vec<Effect>) {
        let was = self.blocker().is_some();
        if blocker == Blocker::Call && self.blockers[Blocker::Call as usize] && !on {
            self.call_ended = Some(now.mono);
        }
        self.blockers[blocker as usize] = on;
        match self.phase {
            // A reminder on screen when a presentation starts is taken down and offered again after.
            Phase::Due { kind, since, held: false } if !was && on => {
                self.phase = Phase::Due { kind, since, held: true };
                self.next_remind = None;
                out.push(Effect::Withdraw);
                out.push(Effect::Record(HistoryEntry::new(now.wall, kind, Outcome::Deferred)));
            }
            // Offered when the last blocker ends, unless the user is away or paused (then on return).
            Phase::Due { kind, held: true, .. }
                if was && self.blocker().is_none() && self.away.is_none() && self.pause.is_none() =>
            {
                self.make_due(kind, now.mono, out);
            }
            Phase::Due { .. } | Phase::Working | Phase::Snoozed { .. } | Phase::OnBreak { .. } => {}
        }
    }

    /// Everything that happens because time passed: natural breaks while away, a pause running
    /// out, a snooze running out, heads-ups, breaks coming due and ignored ones reminded again.
    fn on_deadlines(&mut self, now: Now, out: &mut Vec<Effect>) {
        if let Some(Pause::Until(until)) = self.pause
            && until <= now.wall
        {
            self.pause = None;
            self.restart_counting(now.mono);
        }
        if let Some(away) = self.away {
            for kind in BreakKind::ALL {
                let cfg = self.config.kind(kind);
                if cfg.policy == IdlePolicy::Reset && !away.done[kind] && away.length(now.mono) >= cfg.idle_threshold {
                    self.natural_break(kind, now, out);
                }
            }
            return;
        }
        if self.pause.is_some() || self.off_hours {
            return;
        }
        match self.phase {
            Phase::OnBreak { .. } => {}
            Phase::Snoozed { kind, until } => {
                if until <= now.mono {
                    // The quiet is over: the snoozed break (or a longer one that came due
                    // meanwhile, announced first) is offered.
                    self.phase = Phase::Working;
                    let target = self.longest_due().map_or(kind, |k| k.max(kind));
                    if target > kind && self.needs_heads_up(target) {
                        self.announce(target, now.mono, out);
                    } else {
                        self.make_due(target, now.mono, out);
                    }
                }
            }
            Phase::Due { kind, held, .. } => {
                if let Some(longer) = self.longest_due().filter(|k| *k > kind) {
                    // A longer break coming due while a shorter one waits replaces it.
                    self.make_due(longer, now.mono, out);
                } else if !held && self.next_remind.is_some_and(|at| at <= now.mono) {
                    self.next_remind = self.remind_after(now.mono);
                    self.ignored = self.ignored.saturating_add(1);
                    let firm = self.config.kind(kind).strictness == Strictness::Firm;
                    if firm && !self.insisted && self.ignored >= self.config.firm_after.max(1) {
                        self.insisted = true;
                        out.push(Effect::Insist { kind });
                    } else {
                        out.push(Effect::Remind { kind, snoozes_left: self.snoozes_left(kind), repeat: true });
                    }
                }
            }
            Phase::Working => {
                if let Some((kind, at)) = self.announced {
                    if at <= now.mono {
                        let target = self.longest_due().map_or(kind, |k| k.max(kind));
                        self.make_due(target, now.mono, out);
                    }
                } else if let Some(kind) = self.longest_due() {
                    if self.needs_heads_up(kind) {
                        self.announce(kind, now.mono, out);
                    } else {
                        self.make_due(kind, now.mono, out);
                    }
                } else if !self.config.warning.is_zero() && self.blocker().is_none() {
                    let soon = self.soonest_kind();
                    let cfg = self.config.kind(soon);
                    let sat = self.sat[soon];
                    if !self.warned[soon] && sat + self.config.warning >= cfg.interval {
                        for k in BreakKind::ALL.into_iter().filter(|k| *k <= soon) {
                            self.warned[k] = true;
                        }
                        out.push(Effect::Warn { kind: soon, within: cfg.interval.saturating_sub(sat) });
                    }
                }
            }
        }
    }

    fn longest_due(&self) -> Option<BreakKind> {
        BreakKind::ALL.into_iter().rev().find(|k| self.sat[*k] >= self.config.kind(*k).interval)
    }
}

/// Keeps a configuration usable whatever it says: intervals and lengths of at least a second, and
/// idle thresholds of at least ten seconds (a shorter one would call every pause for thought away).
fn sanitize(mut config: TimerConfig) -> TimerConfig {
    for kind in [&mut config.micro, &mut config.long] {
        kind.interval = kind.interval.max(Duration::from_secs(1));
        kind.length = kind.length.max(Duration::from_secs(1));
        kind.idle_threshold = kind.idle_threshold.max(Duration::from_secs(10));
        kind.snooze = kind.snooze.max(Duration::from_secs(1));
    }
    if !config.remind_every.is_zero() {
        config.remind_every = config.remind_every.max(Duration::from_mins(1));
    }
    config
}

#[cfg(test)]
#[path = "timer_tests.rs"]
mod tests;
