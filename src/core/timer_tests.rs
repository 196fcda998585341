//! Tests of the sitting timer: the phase × input table, the policies, and a simulated workday.
//! Time is a fake clock; tests jump to `next_deadline()` instead of sleeping.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use proptest::prelude::*;

use super::*;
use crate::core::history::{Done, Outcome};
use crate::core::ports::Clock as _;
use crate::core::settings::Settings;

const SEC: Duration = Duration::from_secs(1);
const MIN: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

/// 09:00 UTC on a Monday, so wall times in failures read naturally.
fn t0() -> Now {
    let wall = UNIX_EPOCH + Duration::from_secs(1_795_683_600);
    let mono = crate::platform::fake::FakeClock::new().now().mono;
    Now { mono, wall }
}

fn config() -> TimerConfig {
    Settings::default().timer_config().0
}

fn start(kind: Option<BreakKind>) -> Input {
    Input::StartBreak { kind, routine: None }
}

/// A session that ended: played through (five minutes of it), or ended at once.
fn finish(completed: bool) -> Input {
    if completed {
        Input::FinishBreak { outcome: Outcome::Completed, done: Done { performed_secs: 300, ..Done::default() } }
    } else {
        Input::FinishBreak { outcome: Outcome::EndedEarly, done: Done::default() }
    }
}

fn tag(t: &SittingTimer) -> String {
    let phase = match t.phase() {
        Phase::Working => "working".to_owned(),
        Phase::Due { kind, held: false, .. } => format!("due({kind:?})"),
        Phase::Due { kind, held: true, .. } => format!("due({kind:?}) held"),
        Phase::Snoozed { kind, .. } => format!("snoozed({kind:?},{})", t.snoozes[kind]),
        Phase::OnBreak { kind, .. } => format!("on-break({kind:?})"),
    };
    let away = t.away.map(|a| format!(" away({:?})", a.reason)).unwrap_or_default();
    let paused = if t.pause.is_some() { " paused" } else { "" };
    let off = if t.off_hours { " off-hours" } else { "" };
    format!("{phase}{away}{paused}{off}")
}

/// The effects as short tags; the records of a break coming due and of a sitting bout are left out
/// (the tests below that are about them read them from [`Rig::marks`]).
fn effect_tags(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter(|e| !matches!(e, Effect::Record(r) if matches!(r.outcome, Outcome::Due | Outcome::Sat)))
        .map(|e| match e {
            Effect::Warn { kind, .. } => format!("warn({kind:?})"),
            Effect::Remind { kind, .. } => format!("remind({kind:?})"),
            Effect::Withdraw => "withdraw".to_owned(),
            Effect::BeginSession { kind, .. } => format!("begin({kind:?})"),
            Effect::Record(entry) => format!("{:?}({:?})", entry.outcome, entry.kind),
            Effect::Refused(r) => format!("refused({r:?})"),
            Effect::Insist { kind } => format!("insist({kind:?})"),
            Effect::Enforce { kind } => format!("enforce({kind:?})"),
        })
        .collect()
}

/// Drives a timer with a clock, jumping to deadlines.
struct Rig {
    timer: SittingTimer,
    now: Now,
    log: Vec<(Duration, Effect)>,
    /// The records of breaks coming due and sitting bouts ending, kept apart from `log` and from
    /// what `send` returns, so tests of reminders read as before.
    marks: Vec<HistoryEntry>,
    start: Now,
}

impl Rig {
    fn new() -> Self {
        let now = t0();
        Self { timer: SittingTimer::new(config(), now), now, log: Vec::new(), marks: Vec::new(), start: now }
    }

    fn with(config: TimerConfig) -> Self {
        let now = t0();
        Self { timer: SittingTimer::new(config, now), now, log: Vec::new(), marks: Vec::new(), start: now }
    }

    fn send(&mut self, input: Input) -> Vec<Effect> {
        let mut effects = self.timer.handle(input, self.now);
        self.check_invariants(&effects);
        effects.retain(|e| match e {
            Effect::Record(r) if matches!(r.outcome, Outcome::Due | Outcome::Sat) => {
                self.marks.push(r.clone());
                false
            }
            Effect::Record(_)
            | Effect::Warn { .. }
            | Effect::Remind { .. }
            | Effect::Withdraw
            | Effect::BeginSession { .. }
            | Effect::Refused(_)
            | Effect::Insist { .. }
            | Effect::Enforce { .. } => true,
        });
        for e in &effects {
            self.log.push((self.now.wall.duration_since(self.start.wall).unwrap(), e.clone()));
        }
        effects
    }

    fn check_invariants(&self, effects: &[Effect]) {
        if let Some(d) = self.timer.next_deadline() {
            assert!(d > self.now.mono, "deadline in the past after {effects:?} in {}", tag(&self.timer));
        }
        let reminders = effects.iter().filter(|e| matches!(e, Effect::Remind { .. })).count();
        assert!(reminders <= 1, "a burst of reminders: {effects:?}");
        if self.timer.pause.is_some()
            || self.timer.away.is_some()
            || self.timer.blocker().is_some()
            || self.timer.off_hours
        {
            assert_eq!(reminders, 0, "a reminder while paused, away or blocked: {effects:?}");
        }
    }

    /// Advances the clock to `until` (from now), ticking at every deadline on the way.
    fn run_for(&mut self, d: Duration) -> Vec<Effect> {
        let end = self.now.mono + d;
        let mut all = Vec::new();
        while let Some(deadline) = self.timer.next_deadline().filter(|t| *t <= end) {
            self.now = self.now.after(deadline - self.now.mono);
            all.extend(self.send(Input::Tick));
        }
        self.now = self.now.after(end - self.now.mono);
        all
    }
}

#[test]
fn micro_break_is_due_after_thirty_minutes_with_a_heads_up_thirty_seconds_before() {
    let mut rig = Rig::new();
    assert_eq!(rig.timer.next_deadline(), Some(rig.now.mono + 29 * MIN + 30 * SEC));
    let effects = rig.run_for(29 * MIN + 30 * SEC);
    assert_eq!(effect_tags(&effects), ["warn(Micro)"]);
    let effects = rig.run_for(30 * SEC);
    assert_eq!(effect_tags(&effects), ["remind(Micro)"]);
    assert_eq!(tag(&rig.timer), "due(Micro)");
}

#[test]
fn snooze_postpones_reminder_by_snooze_interval() {
    let mut rig = Rig::new();
    rig.run_for(30 * MIN);
    assert_eq!(effect_tags(&rig.send(Input::Snooze)), ["withdraw", "Snoozed(Micro)"]);
    assert!(rig.run_for(4 * MIN + 59 * SEC).is_empty(), "quiet until the snooze ends");
    assert_eq!(effect_tags(&rig.run_for(SEC)), ["remind(Micro)"]);
}

#[test]
fn snoozes_are_limited_per_break() {
    let mut rig = Rig::new();
    rig.run_for(30 * MIN);
    for _ in 0..3 {
        rig.send(Input::Snooze);
        rig.run_for(5 * MIN);
    }
    assert_eq!(effect_tags(&rig.send(Input::Snooze)), ["refused(NoSnoozesLeft)"]);
    assert_eq!(tag(&rig.timer), "due(Micro)");
    // Taking the break starts the next break's snoozes afresh (the next one due is the long one).
    rig.send(start(None));
    rig.run_for(MIN);
    rig.send(finish(true));
    rig.run_for(15 * MIN);
    assert_eq!(tag(&rig.timer), "due(Long)");
    assert_eq!(effect_tags(&rig.send(Input::Snooze)), ["withdraw", "Snoozed(Long)"]);
    assert_eq!(tag(&rig.timer), "snoozed(Long,1)");
}

#[test]
fn a_long_break_due_with_a_micro_break_wins_and_resets_both() {
    let mut rig = Rig::new();
    rig.run_for(30 * MIN);
    rig.send(Input::Skip);
    // Micro due again at 60:00, with the long break: the long one is offered.
    let effects = rig.run_for(30 * MIN);
    assert_eq!(effect_tags(&effects), ["warn(Long)", "remind(Long)"]);
    rig.send(start(None));
    rig.run_for(5 * MIN);
    rig.send(finish(true));
    let view = rig.timer.view(rig.now);
    assert_eq!(view.until_due, PerKind { micro: 30 * MIN, long: 60 * MIN }, "both kinds start over");
}

#[test]
fn a_longer_break_coming_due_replaces_a_waiting_shorter_one() {
    let mut rig = Rig::new();
    rig.run_for(45 * MIN);
    rig.send(start(Some(BreakKind::Micro)));
    rig.send(finish(false));
    // Long due at 60:00 of sitting; ignore the micro reminder that comes at 75:00? No: long comes first.
    let effects = rig.run_for(15 * MIN);
    assert_eq!(effect_tags(&effects), ["warn(Long)", "remind(Long)"]);
}

#[test]
fn idle_shorter_than_the_threshold_still_counts_as_sitting() {
    let mut rig = Rig::new();
    rig.run_for(10 * MIN);
    rig.send(Input::Idle(90 * SEC));
    assert_eq!(rig.timer.view(rig.now).sitting, 10 * MIN);
    assert_eq!(tag(&rig.timer), "working");
}

#[test]
fn idle_beyond_the_threshold_takes_the_idle_time_back_and_resets_on_return() {
    let mut rig = Rig::new();
    rig.run_for(20 * MIN);
    let effects = rig.send(Input::Idle(2 * MIN));
    assert_eq!(effect_tags(&effects), ["Natural(Micro)"], "two minutes away is a posture reset");
    assert_eq!(tag(&rig.timer), "working away(Idle)");
    assert_eq!(rig.timer.sat.long, 18 * MIN, "sitting stopped at the last input");
    let effects = rig.run_for(3 * MIN);
    assert_eq!(effect_tags(&effects), ["Natural(Long)"], "five minutes away is a stretch break");
    rig.send(Input::Idle(Duration::ZERO));
    assert_eq!(tag(&rig.timer), "working");
    assert_eq!(rig.timer.view(rig.now).until_due, PerKind { micro: 30 * MIN, long: 60 * MIN });
}

#[test]
fn pause_policy_stops_the_count_while_away_and_continues_after() {
    let mut cfg = config();
    cfg.micro.policy = IdlePolicy::Pause;
    cfg.long.policy = IdlePolicy::Pause;
    let mut rig = Rig::new();
    rig.timer = SittingTimer::new(cfg, rig.now);
    rig.run_for(20 * MIN);
    rig.send(Input::Presence(Presence::Locked));
    assert!(rig.run_for(HOUR).is_empty());
    rig.send(Input::Presence(Presence::Unlocked));
    let view = rig.timer.view(rig.now);
    assert_eq!(view.until_due.micro, 10 * MIN, "the count carries on from 20 minutes");
    assert_eq!(view.sitting, Duration::ZERO, "but they got up: a new sitting bout");
    assert_eq!(effect_tags(&rig.run_for(10 * MIN)), ["warn(Micro)", "remind(Micro)"]);
}

#[test]
fn count_down_policy_gives_proportional_credit() {
    let mut cfg = config();
    cfg.long.policy = IdlePolicy::CountDown;
    let mut rig = Rig::new();
    rig.timer = SittingTimer::new(cfg, rig.now);
    rig.run_for(40 * MIN);
    rig.send(Input::Presence(Presence::Locked));
    rig.run_for(150 * SEC); // half the 5-minute length
    rig.send(Input::Presence(Presence::Unlocked));
    // Half of the 60-minute interval is taken off the 40 minutes sat.
    assert_eq!(rig.timer.sat.long, 10 * MIN);
}

#[test]
fn a_wall_clock_jump_is_a_suspend_and_counts_as_away() {
    let mut rig = Rig::new();
    rig.run_for(25 * MIN);
    rig.now.wall += 20 * MIN; // the machine slept: the monotonic clock did not move
    let effects = rig.send(Input::Idle(Duration::ZERO));
    assert_eq!(effect_tags(&effects), ["Natural(Micro)", "Natural(Long)"]);
    assert_eq!(rig.timer.view(rig.now).until_due, PerKind { micro: 30 * MIN, long: 60 * MIN });
}

#[test]
fn a_small_wall_clock_drift_is_not_a_suspend() {
    let mut rig = Rig::new();
    rig.run_for(25 * MIN);
    rig.now.wall += 30 * SEC;
    assert!(rig.send(Input::Tick).is_empty());
    assert_eq!(rig.timer.view(rig.now).sitting, 25 * MIN);
}

#[test]
fn pause_until_a_wall_time_ends_by_itself_and_offers_a_held_break_once() {
    let mut rig = Rig::new();
    rig.run_for(30 * MIN);
    let until = rig.now.wall + HOUR;
    assert_eq!(effect_tags(&rig.send(Input::Pause { until: Some(until) })), ["withdraw"]);
    assert_eq!(rig.timer.next_deadline(), Some(rig.now.mono + MIN), "the wall clock is looked at every minute");
    let effects = rig.run_for(HOUR);
    assert_eq!(effect_tags(&effects), ["warn(Micro)"], "the held break is announced again first");
    assert_eq!(rig.timer.view(rig.now).paused, None);
    assert_eq!(effect_tags(&rig.run_for(30 * SEC)), ["remind(Micro)"], "then offered, once");
}

#[test]
fn no_stale_break_fires_after_a_long_absence() {
    let mut rig = Rig::new();
    rig.run_for(30 * MIN);
    rig.send(Input::Snooze);
    rig.send(Input::Presence(Presence::Locked));
    let effects = rig.run_for(2 * HOUR);
    assert_eq!(effect_tags(&effects), ["withdraw", "Natural(Micro)", "Natural(Long)"]);
    let effects = rig.send(Input::Presence(Presence::Unlocked));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(tag(&rig.timer), "working");
}

#[test]
fn idle_during_a_break_is_the_break_not_an_absence() {
    let mut rig = Rig::new();
    rig.run_for(30 * MIN);
    rig.send(start(None));
    assert!(rig.send(Input::Idle(10 * MIN)).is_empty());
    assert_eq!(tag(&rig.timer), "on-break(Micro)");
}

#[test]
fn reconfiguring_to_a_shorter_interval_announces_the_break_at_once_without_a_burst() {
    let mut rig = Rig::new();
    rig.run_for(40 * MIN);
    rig.send(start(Some(BreakKind::Micro)));
    rig.send(finish(true));
    rig.run_for(10 * MIN);
    let mut cfg = config();
    cfg.micro.interval = 20 * MIN;
    cfg.long.interval = 20 * MIN;
    assert_eq!(effect_tags(&rig.send(Input::Reconfigure(cfg))), ["warn(Long)"]);
    assert_eq!(effect_tags(&rig.run_for(30 * SEC)), ["remind(Long)"]);
}

/// Sets a timer up in a phase, by driving it there.
fn setup(name: &str) -> Rig {
    let mut rig = Rig::new();
    rig.run_for(10 * MIN);
    match name {
        "working" => {}
        "warned" => {
            rig.run_for(19 * MIN + 30 * SEC);
        }
        "due" => {
            rig.run_for(20 * MIN);
        }
        "snoozed" => {
            rig.run_for(20 * MIN);
            rig.send(Input::Snooze);
        }
        "on-break" => {
            rig.send(start(None));
        }
        "paused" => {
            rig.send(Input::Pause { until: None });
        }
        "locked" => {
            rig.send(Input::Presence(Presence::Locked));
        }
        "held" => {
            rig.send(Input::Blocked(Blocker::Fullscreen, true));
            rig.run_for(20 * MIN);
        }
        "off-hours" => {
            rig.send(Input::OffHours(true));
        }
        other => panic!("no setup {other}"),
    }
    rig.run_for(SEC);
    rig.log.clear();
    rig
}

/// (phase, input) → (phase afterwards, effects). Rows not listed must leave the phase as it was
/// and do nothing.
const PHASE_INPUT_TABLE: &[(&str, &str, &str, &[&str])] = &[
    ("working", "idle 10 min", "working away(Idle)", &["Natural(Micro)", "Natural(Long)"]),
    ("working", "lock", "working away(Locked)", &[]),
    ("working", "suspend", "working away(Asleep)", &[]),
    ("working", "start", "on-break(Micro)", &["begin(Micro)", "Taken(Micro)"]),
    ("working", "start long", "on-break(Long)", &["begin(Long)", "Taken(Long)"]),
    ("working", "finish", "working", &["refused(NotOnBreak)"]),
    ("working", "snooze", "working", &["refused(NothingDue)"]),
    ("working", "skip", "working", &["refused(NothingDue)"]),
    ("working", "pause", "working paused", &[]),
    ("working", "resume pause", "working", &["refused(NotPaused)"]),
    ("due", "idle 10 min", "working away(Idle)", &["withdraw", "Natural(Micro)", "Natural(Long)"]),
    ("due", "lock", "due(Micro) away(Locked)", &[]),
    ("due", "suspend", "due(Micro) away(Asleep)", &[]),
    ("due", "start", "on-break(Micro)", &["withdraw", "begin(Micro)", "Taken(Micro)"]),
    ("due", "start long", "on-break(Long)", &["withdraw", "begin(Long)", "Taken(Long)"]),
    ("due", "finish", "due(Micro)", &["refused(NotOnBreak)"]),
    ("due", "snooze", "snoozed(Micro,1)", &["withdraw", "Snoozed(Micro)"]),
    ("due", "skip", "working", &["withdraw", "Skipped(Micro)"]),
    ("due", "pause", "working paused", &["withdraw"]),
    ("due", "resume pause", "due(Micro)", &["refused(NotPaused)"]),
    ("snoozed", "idle 10 min", "working away(Idle)", &["withdraw", "Natural(Micro)", "Natural(Long)"]),
    ("snoozed", "lock", "snoozed(Micro,1) away(Locked)", &[]),
    ("snoozed", "suspend", "snoozed(Micro,1) away(Asleep)", &[]),
    ("snoozed", "start", "on-break(Micro)", &["withdraw", "begin(Micro)", "Taken(Micro)"]),
    ("snoozed", "start long", "on-break(Long)", &["withdraw", "begin(Long)", "Taken(Long)"]),
    ("snoozed", "finish", "snoozed(Micro,1)", &["refused(NotOnBreak)"]),
    ("snoozed", "snooze", "snoozed(Micro,2)", &["withdraw", "Snoozed(Micro)"]),
    ("snoozed", "skip", "working", &["withdraw", "Skipped(Micro)"]),
    ("snoozed", "pause", "working paused", &["withdraw"]),
    ("snoozed", "resume pause", "snoozed(Micro,1)", &["refused(NotPaused)"]),
    ("on-break", "lock", "on-break(Micro) away(Locked)", &[]),
    ("on-break", "suspend", "on-break(Micro) away(Asleep)", &[]),
    ("on-break", "start", "on-break(Micro)", &["refused(AlreadyOnBreak)"]),
    ("on-break", "start long", "on-break(Micro)", &["refused(AlreadyOnBreak)"]),
    ("on-break", "finish", "working", &["Completed(Micro)"]),
    ("on-break", "snooze", "on-break(Micro)", &["refused(NothingDue)"]),
    ("on-break", "skip", "on-break(Micro)", &["refused(NothingDue)"]),
    ("on-break", "pause", "on-break(Micro) paused", &[]),
    ("on-break", "resume pause", "on-break(Micro)", &["refused(NotPaused)"]),
    ("paused", "idle 10 min", "working away(Idle) paused", &["Natural(Micro)", "Natural(Long)"]),
    ("paused", "lock", "working away(Locked) paused", &[]),
    ("paused", "suspend", "working away(Asleep) paused", &[]),
    ("paused", "start", "on-break(Micro) paused", &["begin(Micro)", "Taken(Micro)"]),
    ("paused", "start long", "on-break(Long) paused", &["begin(Long)", "Taken(Long)"]),
    ("paused", "finish", "working paused", &["refused(NotOnBreak)"]),
    ("paused", "snooze", "working paused", &["refused(NothingDue)"]),
    ("paused", "skip", "working paused", &["refused(NothingDue)"]),
    ("paused", "resume pause", "working", &[]),
    ("locked", "unlock", "working", &[]),
    ("locked", "suspend", "working away(Asleep)", &[]),
    ("locked", "start", "on-break(Micro) away(Locked)", &["begin(Micro)", "Taken(Micro)"]),
    ("locked", "start long", "on-break(Long) away(Locked)", &["begin(Long)", "Taken(Long)"]),
    ("locked", "finish", "working away(Locked)", &["refused(NotOnBreak)"]),
    ("locked", "snooze", "working away(Locked)", &["refused(NothingDue)"]),
    ("locked", "skip", "working away(Locked)", &["refused(NothingDue)"]),
    ("locked", "pause", "working away(Locked) paused", &[]),
    ("locked", "resume pause", "working away(Locked)", &["refused(NotPaused)"]),
    ("working", "hours end", "working off-hours", &[]),
    ("due", "fullscreen", "due(Micro) held", &["withdraw", "Deferred(Micro)"]),
    ("due", "hours end", "working off-hours", &["withdraw"]),
    ("snoozed", "hours end", "working off-hours", &["withdraw"]),
    ("on-break", "hours end", "on-break(Micro) off-hours", &[]),
    ("paused", "hours end", "working paused off-hours", &[]),
    ("locked", "hours end", "working away(Locked) off-hours", &[]),
    ("held", "idle 10 min", "working away(Idle)", &["withdraw", "Natural(Micro)", "Natural(Long)"]),
    ("held", "lock", "due(Micro) held away(Locked)", &[]),
    ("held", "suspend", "due(Micro) held away(Asleep)", &[]),
    ("held", "start", "on-break(Micro)", &["withdraw", "begin(Micro)", "Taken(Micro)"]),
    ("held", "start long", "on-break(Long)", &["withdraw", "begin(Long)", "Taken(Long)"]),
    ("held", "finish", "due(Micro) held", &["refused(NotOnBreak)"]),
    ("held", "snooze", "snoozed(Micro,1)", &["withdraw", "Snoozed(Micro)"]),
    ("held", "skip", "working", &["withdraw", "Skipped(Micro)"]),
    ("held", "pause", "working paused", &["withdraw"]),
    ("held", "resume pause", "due(Micro) held", &["refused(NotPaused)"]),
    ("held", "fullscreen ends", "due(Micro)", &["remind(Micro)"]),
    ("held", "hours end", "working off-hours", &["withdraw"]),
    ("off-hours", "idle 10 min", "working away(Idle) off-hours", &["Natural(Micro)", "Natural(Long)"]),
    ("off-hours", "lock", "working away(Locked) off-hours", &[]),
    ("off-hours", "suspend", "working away(Asleep) off-hours", &[]),
    ("off-hours", "start", "on-break(Micro) off-hours", &["begin(Micro)", "Taken(Micro)"]),
    ("off-hours", "start long", "on-break(Long) off-hours", &["begin(Long)", "Taken(Long)"]),
    ("off-hours", "finish", "working off-hours", &["refused(NotOnBreak)"]),
    ("off-hours", "snooze", "working off-hours", &["refused(NothingDue)"]),
    ("off-hours", "skip", "working off-hours", &["refused(NothingDue)"]),
    ("off-hours", "pause", "working paused off-hours", &[]),
    ("off-hours", "resume pause", "working off-hours", &["refused(NotPaused)"]),
    ("off-hours", "hours begin", "working", &[]),
    // A heads-up on screen goes when the break it announced is no longer coming.
    ("warned", "idle 10 min", "working away(Idle)", &["withdraw", "Natural(Micro)", "Natural(Long)"]),
    ("warned", "start", "on-break(Micro)", &["begin(Micro)", "Taken(Micro)"]),
    ("warned", "snooze", "snoozed(Micro,1)", &["withdraw", "Snoozed(Micro)"]),
    ("warned", "skip", "working", &["withdraw", "Skipped(Micro)"]),
    ("warned", "pause", "working paused", &["withdraw"]),
    ("warned", "hours end", "working off-hours", &["withdraw"]),
    ("warned", "lock", "working away(Locked)", &[]),
    ("warned", "suspend", "working away(Asleep)", &[]),
    ("warned", "start long", "on-break(Long)", &["begin(Long)", "Taken(Long)"]),
    ("warned", "finish", "working", &["refused(NotOnBreak)"]),
    ("warned", "resume pause", "working", &["refused(NotPaused)"]),
    ("warned", "reconfigure", "working", &["warn(Micro)"]),
];

#[test]
fn every_phase_handles_every_input() {
    let inputs = [
        ("idle 0", Input::Idle(Duration::ZERO)),
        ("idle 10 min", Input::Idle(10 * MIN)),
        ("lock", Input::Presence(Presence::Locked)),
        ("unlock", Input::Presence(Presence::Unlocked)),
        ("suspend", Input::Presence(Presence::Suspending)),
        ("resume", Input::Presence(Presence::Resumed)),
        ("tick", Input::Tick),
        ("start", start(None)),
        ("start long", start(Some(BreakKind::Long))),
        ("finish", finish(true)),
        ("snooze", Input::Snooze),
        ("skip", Input::Skip),
        ("pause", Input::Pause { until: None }),
        ("resume pause", Input::Resume),
        ("reconfigure", Input::Reconfigure(config())),
        ("fullscreen", Input::Blocked(Blocker::Fullscreen, true)),
        ("fullscreen ends", Input::Blocked(Blocker::Fullscreen, false)),
        ("hours end", Input::OffHours(true)),
        ("hours begin", Input::OffHours(false)),
    ];
    let table = PHASE_INPUT_TABLE;
    let mut failures = Vec::new();
    for phase in ["working", "warned", "due", "snoozed", "on-break", "paused", "locked", "held", "off-hours"] {
        for (name, input) in inputs.iter().cloned() {
            let mut rig = setup(phase);
            let before = tag(&rig.timer);
            let effects = effect_tags(&rig.send(input));
            let after = tag(&rig.timer);
            let (want_phase, want_effects) = table
                .iter()
                .find(|(p, i, _, _)| *p == phase && *i == name)
                .map_or((before.as_str(), &[][..]), |(_, _, ph, ef)| (*ph, *ef));
            if after != want_phase || effects != want_effects {
                failures.push(format!("{phase} + {name}: got {after} {effects:?}, want {want_phase} {want_effects:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// A simulated workday, 09:00–17:00 wall time: the user takes every break as soon as it is
/// offered, goes to lunch 12:00–13:00 (idle), and the laptop is suspended 15:00–15:20.
/// The idle backend is polled once a minute, as a real adapter would be.
#[test]
fn an_eight_hour_workday_gets_exactly_the_expected_breaks() {
    use BreakKind::{Long, Micro};
    use Outcome::{Completed, Natural, Taken};

    let mut rig = Rig::new();
    let lunch = (3 * HOUR, 4 * HOUR); // wall offsets (before the suspend, wall = mono)
    let suspend_at = 6 * HOUR;
    let day_end = 8 * HOUR;
    let mut suspended = false;
    let mut finish_at: Option<(std::time::Instant, BreakKind)> = None;
    let mut last_poll = rig.now.mono;
    loop {
        let wall_offset = rig.now.wall.duration_since(rig.start.wall).unwrap();
        if wall_offset >= day_end {
            break;
        }
        if !suspended && wall_offset >= suspend_at {
            rig.now.wall += 20 * MIN;
            suspended = true;
            // Waking up: the first idle poll after resume.
            rig.send(Input::Idle(Duration::ZERO));
        }
        let poll = last_poll + MIN;
        let mut next = poll;
        if let Some(d) = rig.timer.next_deadline() {
            next = next.min(d);
        }
        if let Some((t, _)) = finish_at {
            next = next.min(t);
        }
        if !suspended {
            next = next.min(rig.start.mono + suspend_at);
        }
        rig.now = rig.now.after(next - rig.now.mono);
        let mut effects = Vec::new();
        if finish_at.is_some_and(|(t, _)| t <= rig.now.mono) {
            finish_at = None;
            effects.extend(rig.send(finish(true)));
        }
        if rig.now.mono >= poll {
            last_poll = poll;
            let offset = rig.now.wall.duration_since(rig.start.wall).unwrap();
            let idle =
                if offset > lunch.0 && offset < lunch.1 { offset.saturating_sub(lunch.0) } else { Duration::ZERO };
            effects.extend(rig.send(Input::Idle(idle)));
        }
        effects.extend(rig.send(Input::Tick));
        for e in effects {
            if let Effect::Remind { kind, .. } = e {
                rig.send(start(None));
                let length = rig.timer.config().kind(kind).length;
                finish_at = Some((rig.now.mono + length, kind));
            }
        }
    }
    let hm = |h: u64, m: u64| Duration::from_secs(h * 3600 + m * 60);
    let records: Vec<(Duration, BreakKind, Outcome)> = rig
        .log
        .iter()
        .filter_map(|(at, e)| match e {
            Effect::Record(r) => Some((*at, r.kind, r.outcome)),
            Effect::Warn { .. }
            | Effect::Remind { .. }
            | Effect::Withdraw
            | Effect::BeginSession { .. }
            | Effect::Refused(_)
            | Effect::Insist { .. }
            | Effect::Enforce { .. } => None,
        })
        .collect();
    let expected = vec![
        (hm(0, 30), Micro, Taken),
        (hm(0, 31), Micro, Completed),
        (hm(1, 1), Long, Taken),
        (hm(1, 6), Long, Completed),
        (hm(1, 36), Micro, Taken),
        (hm(1, 37), Micro, Completed),
        (hm(2, 7), Long, Taken),
        (hm(2, 12), Long, Completed),
        (hm(2, 42), Micro, Taken),
        (hm(2, 43), Micro, Completed),
        (hm(3, 2), Micro, Natural), // lunch: away counted from the last input at 12:00
        (hm(3, 5), Long, Natural),
        (hm(4, 30), Micro, Taken),
        (hm(4, 31), Micro, Completed),
        (hm(5, 1), Long, Taken),
        (hm(5, 6), Long, Completed),
        (hm(5, 36), Micro, Taken),
        (hm(5, 37), Micro, Completed),
        (hm(6, 20), Micro, Natural), // woke from the 15:00–15:20 suspend
        (hm(6, 20), Long, Natural),
        (hm(6, 50), Micro, Taken),
        (hm(6, 51), Micro, Completed),
        (hm(7, 21), Long, Taken),
        (hm(7, 26), Long, Completed),
        (hm(7, 56), Micro, Taken),
        (hm(7, 57), Micro, Completed),
    ];
    assert_eq!(records, expected);
    let refusals: Vec<_> = rig.log.iter().filter(|(_, e)| matches!(e, Effect::Refused(_))).collect();
    assert!(refusals.is_empty(), "{refusals:?}");
}

#[derive(Clone, Debug)]
enum Step {
    Wait(u64),
    Send(u8),
    Sleep(u64),
}

fn arb_step() -> impl Strategy<Value = Step> {
    prop_oneof![(1u64..4000).prop_map(Step::Wait), (0u8..20).prop_map(Step::Send), (1u64..20_000).prop_map(Step::Sleep),]
}

fn input_of(n: u8, now: Now) -> Input {
    match n {
        0 => Input::Idle(Duration::ZERO),
        1 => Input::Idle(7 * MIN),
        2 => Input::Presence(Presence::Locked),
        3 => Input::Presence(Presence::Unlocked),
        4 => Input::Presence(Presence::Suspending),
        5 => Input::Presence(Presence::Resumed),
        6 => start(None),
        7 => finish(true),
        8 => Input::Snooze,
        9 => Input::Skip,
        10 => Input::Pause { until: Some(now.wall + 45 * MIN) },
        11 => Input::Pause { until: None },
        12 => Input::Resume,
        13 => Input::Blocked(Blocker::Fullscreen, true),
        14 => Input::Blocked(Blocker::Fullscreen, false),
        15 => Input::Blocked(Blocker::DoNotDisturb, true),
        16 => Input::Blocked(Blocker::DoNotDisturb, false),
        17 => Input::OffHours(true),
        18 => Input::OffHours(false),
        _ => Input::Tick,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Whatever happens: the deadline is never in the past, no reminder fires while paused or away,
    /// no handle produces a burst of reminders (all checked in `Rig::send`), and coming back from an
    /// absence longer than every threshold never fires a stale reminder.
    #[test]
    fn invariants_hold_for_any_sequence(steps in proptest::collection::vec(arb_step(), 1..60)) {
        let mut rig = Rig::new();
        for step in steps {
            match step {
                Step::Wait(s) => { rig.run_for(Duration::from_secs(s)); }
                Step::Send(n) => { let input = input_of(n, rig.now); rig.send(input); }
                Step::Sleep(s) => {
                    rig.now.wall += Duration::from_secs(s);
                    let was_present = rig.timer.away.is_none();
                    let effects = rig.send(Input::Idle(Duration::ZERO));
                    if was_present && s > 10 * 60 {
                        prop_assert!(!effects.iter().any(|e| matches!(e, Effect::Remind { .. })), "{:?}", effects);
                    }
                }
            }
        }
    }
}

#[test]
fn time_before_the_epoch_or_going_backwards_does_not_panic() {
    let mut rig = Rig::new();
    rig.now.wall = SystemTime::UNIX_EPOCH;
    rig.send(Input::Tick);
    rig.now.wall += 5 * HOUR;
    rig.send(Input::Tick);
}

#[test]
fn a_restart_carries_on_counting_and_a_long_gap_is_a_natural_break() {
    let mut rig = Rig::new();
    rig.run_for(20 * MIN);
    let saved = rig.timer.save(rig.now);
    assert_eq!(saved.sat_secs, [20 * 60, 20 * 60]);
    // Restarted four minutes later (within the save interval): those minutes were sitting too.
    let later = rig.now.after(4 * MIN);
    let mut fresh = SittingTimer::new(config(), later);
    assert!(fresh.restore(&saved, 6 * MIN, later).is_empty());
    assert_eq!(fresh.view(later).sitting, 24 * MIN);
    // Restarted an hour later: that hour was time away.
    let much_later = rig.now.after(HOUR);
    let mut fresh = SittingTimer::new(config(), much_later);
    let effects = fresh.restore(&saved, 6 * MIN, much_later);
    assert_eq!(effect_tags(&effects), ["Natural(Micro)", "Natural(Long)"]);
    assert_eq!(fresh.view(much_later).sitting, Duration::ZERO);
}

#[test]
fn snooze_and_skip_act_on_the_break_a_heads_up_announced() {
    let mut rig = Rig::new();
    assert_eq!(effect_tags(&rig.run_for(29 * MIN + 30 * SEC)), ["warn(Micro)"]);
    assert_eq!(effect_tags(&rig.send(Input::Snooze)), ["withdraw", "Snoozed(Micro)"]);
    assert_eq!(tag(&rig.timer), "snoozed(Micro,1)");
    assert_eq!(effect_tags(&rig.run_for(5 * MIN)), ["remind(Micro)"], "offered when the snooze ends");

    let mut rig = Rig::new();
    rig.run_for(29 * MIN + 30 * SEC);
    assert_eq!(effect_tags(&rig.send(Input::Skip)), ["withdraw", "Skipped(Micro)"]);
    assert_eq!(rig.timer.view(rig.now).until_due.micro, 30 * MIN);
}

#[test]
fn a_break_due_during_a_presentation_waits_and_is_offered_once_after() {
    let mut rig = Rig::new();
    rig.run_for(10 * MIN);
    assert!(rig.send(Input::Blocked(Blocker::Fullscreen, true)).is_empty());
    let effects = rig.run_for(40 * MIN);
    assert_eq!(effect_tags(&effects), ["Deferred(Micro)"], "no heads-up, no reminder, one deferral");
    assert!(rig.timer.view(rig.now).held);
    assert_eq!(rig.timer.view(rig.now).sitting, 50 * MIN, "the sitting clock kept counting");
    // Still held when another blocker comes and goes.
    rig.send(Input::Blocked(Blocker::DoNotDisturb, true));
    assert!(rig.send(Input::Blocked(Blocker::Fullscreen, false)).is_empty(), "do-not-disturb still holds it");
    let effects = rig.send(Input::Blocked(Blocker::DoNotDisturb, false));
    assert_eq!(effect_tags(&effects), ["remind(Micro)"], "offered once the last blocker ends");
    assert!(rig.send(Input::Blocked(Blocker::DoNotDisturb, false)).is_empty(), "not a burst");
}

#[test]
fn a_call_holds_a_due_break_never_counts_as_one_and_it_is_offered_when_the_call_ends() {
    let mut rig = Rig::new();
    rig.run_for(10 * MIN);
    assert!(rig.send(Input::Blocked(Blocker::Call, true)).is_empty());
    let effects = rig.run_for(40 * MIN);
    assert_eq!(effect_tags(&effects), ["Deferred(Micro)"], "no heads-up, no reminder, one deferral");
    let view = rig.timer.view(rig.now);
    assert_eq!((view.blocked, view.held), (Some(Blocker::Call), true));
    assert_eq!(view.sitting, 50 * MIN, "a call is sitting, not a break");
    assert_eq!(view.until_due.micro, Duration::ZERO, "the break is still owed");
    // A long call: the hourly break comes due too, and still nothing interrupts it.
    assert!(effect_tags(&rig.run_for(2 * HOUR)).is_empty(), "held, not reminded, not counted as natural");
    assert_eq!(effect_tags(&rig.send(Input::Blocked(Blocker::Call, false))), ["remind(Long)"]);
}

#[test]
fn in_a_call_time_without_input_is_sitting_not_time_away() {
    let mut rig = Rig::new();
    rig.run_for(10 * MIN);
    rig.send(Input::Blocked(Blocker::Call, true));
    rig.run_for(10 * MIN);
    // Listening for ten minutes without touching the mouse: still at the desk.
    assert!(effect_tags(&rig.send(Input::Idle(10 * MIN))).is_empty(), "no natural break during a call");
    assert_eq!((tag(&rig.timer), rig.timer.view(rig.now).sitting), ("working".to_owned(), 20 * MIN));
    rig.send(Input::Blocked(Blocker::Call, false));
    // Right after the call, the idle counter still runs from the last input: not away.
    assert!(effect_tags(&rig.send(Input::Idle(10 * MIN))).is_empty(), "the call's stillness is not counted after it");
    assert_eq!(rig.timer.view(rig.now).sitting, 20 * MIN);
    // Gone for real after the call: away from when it ended, and that is a posture reset.
    rig.run_for(2 * MIN);
    assert_eq!(effect_tags(&rig.send(Input::Idle(12 * MIN))), ["Natural(Micro)"]);
    assert_eq!(rig.timer.sat.long, 20 * MIN, "sitting stopped when the call ended");
}

#[test]
fn a_call_outranks_do_not_disturb_as_the_reason_shown() {
    let mut rig = Rig::new();
    rig.send(Input::Blocked(Blocker::DoNotDisturb, true));
    rig.send(Input::Blocked(Blocker::Call, true));
    assert_eq!(rig.timer.view(rig.now).blocked, Some(Blocker::Call));
    rig.send(Input::Blocked(Blocker::Call, false));
    assert_eq!(rig.timer.view(rig.now).blocked, Some(Blocker::DoNotDisturb));
}

fn strictness(micro: Strictness) -> TimerConfig {
    let mut config = config();
    config.micro.strictness = micro;
    config.firm_after = 2;
    config
}

#[test]
fn a_firm_break_insists_once_after_it_was_ignored_twice_then_reminds_as_before() {
    let mut rig = Rig::with(strictness(Strictness::Firm));
    assert_eq!(effect_tags(&rig.run_for(30 * MIN)), ["warn(Micro)", "remind(Micro)"]);
    assert_eq!(effect_tags(&rig.run_for(5 * MIN)), ["remind(Micro)"], "ignored once");
    assert!(!rig.timer.view(rig.now).insisting);
    assert_eq!(effect_tags(&rig.run_for(5 * MIN)), ["insist(Micro)"], "ignored twice: the window comes");
    assert!(rig.timer.view(rig.now).insisting);
    assert_eq!(effect_tags(&rig.run_for(5 * MIN)), ["remind(Micro)"], "once per break");
    rig.send(start(None));
    assert!(!rig.timer.view(rig.now).insisting, "taken: nothing insists");
    // A gentle break is reminded however often it is ignored.
    let mut rig = Rig::with(strictness(Strictness::Gentle));
    let tags = effect_tags(&rig.run_for(60 * MIN + 29 * MIN));
    assert!(!tags.iter().any(|t| t.starts_with("insist")), "{tags:?}");
}

#[test]
fn a_strict_break_begins_when_due_and_skipping_it_ends_it_as_skipped() {
    let mut rig = Rig::with(strictness(Strictness::Strict));
    assert_eq!(effect_tags(&rig.run_for(30 * MIN)), ["warn(Micro)", "enforce(Micro)"], "no reminder to ignore");
    assert_eq!(effect_tags(&rig.send(start(Some(BreakKind::Micro)))), ["withdraw", "begin(Micro)", "Taken(Micro)"]);
    assert!(rig.timer.view(rig.now).strict);
    assert_eq!(effect_tags(&rig.send(Input::Skip)), ["Skipped(Micro)"]);
    let view = rig.timer.view(rig.now);
    assert_eq!((tag(&rig.timer), view.strict), ("working".to_owned(), false));
    assert_eq!(view.until_due.micro, 30 * MIN, "skipped: it starts over");
    // A break started by hand is not strict: Skip does nothing to it.
    rig.send(start(Some(BreakKind::Micro)));
    assert!(!rig.timer.view(rig.now).strict);
    assert_eq!(effect_tags(&rig.send(Input::Skip)), ["refused(NothingDue)"]);
}

#[test]
fn a_strict_break_never_begins_during_a_call() {
    let mut rig = Rig::with(strictness(Strictness::Strict));
    rig.send(Input::Blocked(Blocker::Call, true));
    assert_eq!(effect_tags(&rig.run_for(40 * MIN)), ["Deferred(Micro)"]);
    assert_eq!(effect_tags(&rig.send(Input::Blocked(Blocker::Call, false))), ["enforce(Micro)"]);
}

#[test]
fn a_reminder_on_screen_when_fullscreen_starts_is_withdrawn_and_comes_back_after() {
    let mut rig = Rig::new();
    rig.run_for(30 * MIN);
    let effects = rig.send(Input::Blocked(Blocker::Fullscreen, true));
    assert_eq!(effect_tags(&effects), ["withdraw", "Deferred(Micro)"]);
    assert!(rig.run_for(10 * MIN).is_empty());
    assert_eq!(effect_tags(&rig.send(Input::Blocked(Blocker::Fullscreen, false))), ["remind(Micro)"]);
}

#[test]
fn outside_working_hours_nothing_counts_and_nothing_is_offered() {
    let mut rig = Rig::new();
    rig.run_for(20 * MIN);
    assert!(rig.send(Input::OffHours(true)).is_empty());
    assert!(rig.run_for(10 * HOUR).is_empty(), "a quiet evening");
    assert_eq!(rig.timer.view(rig.now).sitting, 20 * MIN, "the evening did not count");
    rig.send(Input::OffHours(false));
    assert_eq!(
        effect_tags(&rig.run_for(10 * MIN)),
        ["warn(Micro)", "remind(Micro)"],
        "the count carries on next morning"
    );
}

#[test]
fn a_reminder_showing_when_working_hours_end_is_taken_down() {
    let mut rig = Rig::new();
    rig.run_for(30 * MIN);
    assert_eq!(effect_tags(&rig.send(Input::OffHours(true))), ["withdraw"]);
    assert_eq!(tag(&rig.timer), "working off-hours");
}

/// Issue 10: a snooze is quiet — no reminder of any kind, not even a longer break coming due —
/// and each kind keeps its own snooze count; the longer break still gets its heads-up afterwards.
#[test]
fn a_snooze_is_quiet_across_kinds_and_each_kind_keeps_its_own_snoozes() {
    // A posture reset every 28 minutes comes due (and is ignored) just before the hourly break.
    let mut cfg = config();
    cfg.micro.interval = 28 * MIN;
    let mut rig = Rig::new();
    rig.timer = SittingTimer::new(cfg, rig.now);
    assert_eq!(effect_tags(&rig.run_for(28 * MIN)), ["warn(Micro)", "remind(Micro)"]);
    rig.run_for(28 * MIN); // ignored: reminded again every five minutes meanwhile
    assert_eq!(tag(&rig.timer), "due(Micro)");
    assert_eq!(effect_tags(&rig.send(Input::Snooze)), ["withdraw", "Snoozed(Micro)"]);
    // The long break comes due at 60:00, inside the snooze (56:00–61:00): nothing is shown.
    assert!(rig.run_for(4 * MIN + 59 * SEC).is_empty(), "quiet until the snooze ends");
    // The snooze ends: the stretch break, which came due meanwhile, is announced first…
    assert_eq!(effect_tags(&rig.run_for(SEC)), ["warn(Long)"]);
    // …then offered, with its own three snoozes (the posture reset used one of its own).
    let effects = rig.run_for(30 * SEC);
    assert_eq!(effects, [Effect::Remind { kind: BreakKind::Long, snoozes_left: 3, repeat: false }]);
    assert_eq!(rig.timer.view(rig.now).snoozes_left, PerKind { micro: 2, long: 3 });
}

#[test]
fn an_ignored_break_is_reminded_again_every_five_minutes_and_never_when_turned_off() {
    let mut rig = Rig::new();
    rig.run_for(30 * MIN);
    assert_eq!(tag(&rig.timer), "due(Micro)");
    let effects = rig.run_for(5 * MIN);
    assert_eq!(effects, [Effect::Remind { kind: BreakKind::Micro, snoozes_left: 3, repeat: true }]);
    assert_eq!(effect_tags(&rig.run_for(5 * MIN)), ["remind(Micro)"], "and again");
    assert_eq!(rig.timer.view(rig.now).snoozes_left.micro, 3, "a reminder is not a snooze");
    // A closed bubble is not a decision: the break stays due (nothing to feed the timer here).
    assert_eq!(tag(&rig.timer), "due(Micro)");

    let mut cfg = config();
    cfg.remind_every = Duration::ZERO;
    let mut rig = Rig::new();
    rig.timer = SittingTimer::new(cfg, rig.now);
    rig.run_for(30 * MIN);
    assert!(rig.run_for(29 * MIN).is_empty(), "0 means never");
}

/// Issue 10: "Sitting for" is the real sitting bout. Skip and snooze do not end it; a break that
/// was really done does, and so does time away.
#[test]
fn the_sitting_bout_survives_skip_and_snooze_and_ends_with_a_real_break_or_time_away() {
    let mut rig = Rig::new();
    rig.run_for(30 * MIN);
    rig.send(Input::Snooze);
    rig.run_for(5 * MIN);
    rig.send(Input::Skip);
    let view = rig.timer.view(rig.now);
    assert_eq!(view.sitting, 35 * MIN, "they never got up");
    assert_eq!(view.until_due.micro, 30 * MIN, "the skipped break's clock starts over");
    // A break ended at once is not a break from sitting either.
    rig.send(start(None));
    rig.send(finish(false));
    assert_eq!(rig.timer.view(rig.now).sitting, 35 * MIN);
    // A break really done is.
    rig.send(start(None));
    rig.run_for(5 * MIN);
    rig.send(finish(true));
    assert_eq!(rig.timer.view(rig.now).sitting, Duration::ZERO);
    rig.run_for(10 * MIN);
    // So is time away.
    rig.send(Input::Idle(10 * MIN));
    rig.send(Input::Idle(Duration::ZERO));
    assert_eq!(rig.timer.view(rig.now).sitting, Duration::ZERO);
}

#[test]
fn a_finished_break_records_what_was_done_with_its_routine() {
    let mut rig = Rig::new();
    rig.send(Input::StartBreak { kind: None, routine: Some("thoracic-mobility".to_owned()) });
    let done = Done { performed_secs: 130, routine_secs: 300, exercises_done: 4, exercises: 7, ..Done::default() };
    let effects = rig.send(Input::FinishBreak { outcome: Outcome::EndedEarly, done: done.clone() });
    let [Effect::Record(entry)] = &effects[..] else { panic!("{effects:?}") };
    assert_eq!((entry.outcome, entry.routine.as_deref()), (Outcome::EndedEarly, Some("thoracic-mobility")));
    assert_eq!(entry.done, Some(done));
    // An outcome that does not end a session is not believed.
    rig.send(start(None));
    let effects = rig.send(Input::FinishBreak { outcome: Outcome::Taken, done: Done::default() });
    assert!(matches!(&effects[..], [Effect::Record(e)] if e.outcome == Outcome::EndedEarly), "{effects:?}");
}

#[test]
fn a_break_coming_due_is_recorded_once_however_often_it_is_reminded_or_snoozed() {
    let mut rig = Rig::new();
    rig.run_for(30 * MIN);
    rig.send(Input::Snooze);
    rig.run_for(10 * MIN);
    rig.send(Input::Snooze);
    rig.run_for(10 * MIN);
    let due: Vec<_> = rig.marks.iter().filter(|m| m.outcome == Outcome::Due).map(|m| m.kind).collect();
    assert_eq!(due, [BreakKind::Micro], "one posture reset came due: {:?}", rig.marks);
    rig.send(Input::Skip);
    rig.run_for(30 * MIN);
    let due = rig.marks.iter().filter(|m| m.outcome == Outcome::Due).count();
    assert_eq!(due, 2, "the next one is a new break");
}

#[test]
fn a_sitting_bout_is_recorded_when_they_leave_or_a_real_break_begins_with_its_length_and_end() {
    let mut rig = Rig::new();
    rig.run_for(20 * MIN);
    // Away for ten minutes (found out at the next idle reading): the bout ended when they left.
    let left = rig.now.wall;
    rig.now = rig.now.after(10 * MIN);
    rig.send(Input::Idle(10 * MIN));
    rig.send(Input::Idle(Duration::ZERO));
    let bouts: Vec<_> = rig.marks.iter().filter(|m| m.outcome == Outcome::Sat).collect();
    assert_eq!(bouts.len(), 1, "{:?}", rig.marks);
    assert_eq!(bouts[0].sat_secs, Some(20 * 60));
    assert_eq!(bouts[0].at, left.duration_since(UNIX_EPOCH).unwrap().as_secs(), "stamped when they left");

    // A bout ended by a real break is stamped when the break began; a short one is not a bout.
    rig.run_for(30 * MIN);
    let began = rig.now.wall;
    rig.send(start(None));
    rig.now = rig.now.after(5 * MIN);
    rig.send(finish(true));
    let bouts: Vec<_> = rig.marks.iter().filter(|m| m.outcome == Outcome::Sat).collect();
    assert_eq!(bouts.len(), 2);
    assert_eq!(bouts[1].at, began.duration_since(UNIX_EPOCH).unwrap().as_secs());
    assert_eq!(bouts[1].sat_secs.map(|s| s / 60), Some(30));
    rig.run_for(30 * SEC);
    rig.send(start(None));
    rig.now = rig.now.after(5 * MIN);
    rig.send(finish(true));
    assert_eq!(rig.marks.iter().filter(|m| m.outcome == Outcome::Sat).count(), 2, "30 s is not a bout");
}

#[test]
fn a_suspend_ends_the_sitting_bout_when_the_machine_went_to_sleep() {
    let mut rig = Rig::new();
    rig.run_for(25 * MIN);
    let slept = rig.now.wall;
    rig.now.wall += 20 * MIN; // the machine slept: the monotonic clock did not move
    rig.send(Input::Idle(Duration::ZERO));
    let bouts: Vec<_> = rig.marks.iter().filter(|m| m.outcome == Outcome::Sat).collect();
    assert_eq!(bouts.len(), 1, "{:?}", rig.marks);
    assert_eq!(bouts[0].sat_secs, Some(25 * 60));
    let at = bouts[0].at;
    let slept = slept.duration_since(UNIX_EPOCH).unwrap().as_secs();
    assert!(at.abs_diff(slept) <= 60, "stamped when it went to sleep ({at} against {slept})");
}
