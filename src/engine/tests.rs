//! Engine tests: an in-process engine with a fake clock, a recording notifier and a memory store.

use std::time::Duration;

use super::*;
use crate::core::history::Outcome;
use crate::platform::fake::FakeClock;
use crate::platform::fake::{MemoryStore, RecordingNotifier};
use crate::protocol::State;

const MIN: Duration = Duration::from_secs(60);

struct Rig {
    engine: Engine,
    clock: FakeClock,
    notifier: RecordingNotifier,
    store: MemoryStore,
}

fn rig() -> Rig {
    let clock = FakeClock::new();
    let notifier = RecordingNotifier::default();
    let store = MemoryStore::default();
    let catalogue = crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue;
    let ports =
        Ports { store: Box::new(store.clone()), notifier: Box::new(notifier.clone()), clock: Box::new(clock.clone()) };
    let engine = Engine::new(Settings::default(), catalogue, Vec::new(), None, Vec::new(), ports, clock.now());
    Rig { engine, clock, notifier, store }
}

impl Rig {
    /// Moves the fake clock on, ticking at every deadline like the daemon's loop.
    fn run_for(&mut self, d: Duration) -> Vec<Outgoing> {
        let end = self.clock.now().mono + d;
        let mut out = Vec::new();
        while let Some(deadline) = self.engine.next_deadline().filter(|t| *t <= end) {
            self.clock.advance(deadline.saturating_duration_since(self.clock.now().mono));
            self.engine.tick(self.clock.now());
            out.extend(self.drain());
        }
        self.clock.advance(end.saturating_duration_since(self.clock.now().mono));
        out
    }

    fn ok(&mut self, cmd: Command) -> Vec<Outgoing> {
        let shown = format!("{cmd:?}");
        let result = self.engine.handle(cmd, self.clock.now());
        assert!(result.is_ok(), "{shown}: {result:?}");
        self.drain()
    }

    /// Everything the engine queued for the shell, in order.
    fn drain(&mut self) -> Vec<Outgoing> {
        std::iter::from_fn(|| self.engine.poll_outgoing()).collect()
    }
}

#[test]
fn a_due_break_notifies_with_the_routine_and_starting_it_plays_that_routine() {
    let mut rig = rig();
    rig.run_for(30 * MIN);
    let notices = rig.notifier.notices();
    assert_eq!(notices.len(), 2, "heads-up, then due: {notices:?}");
    assert_eq!(notices[0].warning, Some(Duration::from_secs(30)));
    assert_eq!(notices[1].routine, Some(("Posture reset".to_owned(), Duration::from_secs(60))));
    assert_eq!(rig.engine.snapshot(rig.clock.now()).state, State::Due);

    let out = rig.ok(Command::StartBreak { kind: None, routine: None });
    assert_eq!(
        out,
        [
            Outgoing::Event(Event::BeginSession {
                kind: BreakKind::Micro,
                routine: "posture-reset".to_owned(),
                plan: Some(Plan::default())
            }),
            Outgoing::HoldMedia(true)
        ]
    );
    assert_eq!(rig.engine.snapshot(rig.clock.now()).state, State::OnBreak);
    rig.run_for(MIN);
    rig.ok(Command::FinishBreak {
        outcome: Some(Outcome::Completed),
        done: Some(crate::core::history::Done {
            performed_secs: 60,
            routine_secs: 60,
            exercises_done: 4,
            exercises: 4,
            ..Default::default()
        }),
    });
    let history = rig.store.stored().history;
    let outcomes: Vec<_> = history.iter().map(|e| (e.outcome, e.routine.as_deref())).collect();
    assert_eq!(
        outcomes,
        [
            (Outcome::Due, None),
            (Outcome::Taken, Some("posture-reset")),
            (Outcome::Sat, None),
            (Outcome::Completed, Some("posture-reset"))
        ]
    );
    assert_eq!(rig.engine.snapshot(rig.clock.now()).today.completed, 1);
    // The next posture-reset slot plays the next routine in the rotation.
    assert_eq!(rig.engine.snapshot(rig.clock.now()).next[0].routine.as_deref(), Some("stand-and-stroll"));
}

#[test]
fn starting_a_named_routine_picks_its_kind_by_length() {
    let mut rig = rig();
    let out = rig.ok(Command::StartBreak { kind: None, routine: Some("Thoracic mobility".to_owned()) });
    assert_eq!(
        out,
        [
            Outgoing::Event(Event::BeginSession {
                kind: BreakKind::Long,
                routine: "thoracic-mobility".to_owned(),
                plan: Some(Plan::default())
            }),
            Outgoing::HoldMedia(true)
        ]
    );
}

#[test]
fn unknown_routines_and_refused_commands_are_explained_and_change_nothing() {
    let mut rig = rig();
    let result = rig
        .engine
        .handle(Command::StartBreak { kind: None, routine: Some("posture-rest".to_owned()) }, rig.clock.now());
    let out = rig.drain();
    let failure = result.unwrap_err();
    assert_eq!(failure.code, ErrorCode::Refused);
    assert!(failure.message.contains("did you mean \"posture-reset\"?"), "{}", failure.message);
    assert!(out.is_empty());
    let result = rig.engine.handle(Command::Snooze, rig.clock.now());
    assert_eq!(result.unwrap_err().message, "no break is due right now");
    assert_eq!(rig.engine.snapshot(rig.clock.now()).state, State::Working);
    assert!(rig.store.stored().history.is_empty());
}

#[test]
fn new_settings_are_saved_and_take_effect_at_once() {
    let mut rig = rig();
    rig.run_for(22 * MIN);
    let mut settings = Settings::default();
    settings.micro.interval = crate::core::units::Minutes(20);
    rig.ok(Command::SetSettings { settings: Box::new(settings.clone()) });
    assert_eq!(rig.store.stored().settings, Some(settings));
    assert_eq!(rig.engine.snapshot(rig.clock.now()).break_kind, Some(BreakKind::Micro), "announced at once");
    rig.run_for(Duration::from_secs(30));
    assert_eq!(
        rig.engine.snapshot(rig.clock.now()).state,
        State::Due,
        "22 minutes sat is past the new 20-minute interval"
    );
}

#[test]
fn a_store_that_cannot_write_keeps_the_old_settings_and_says_why() {
    let mut rig = rig();
    rig.store.fail_with("disk full");
    let mut settings = Settings::default();
    settings.micro.interval = crate::core::units::Minutes(20);
    let result = rig.engine.handle(Command::SetSettings { settings: Box::new(settings) }, rig.clock.now());
    let failure = result.unwrap_err();
    assert_eq!(failure.code, ErrorCode::Failed);
    assert!(failure.message.contains("disk full"), "{}", failure.message);
    assert_eq!(rig.engine.settings(), &Settings::default());
}

#[test]
fn a_failed_notification_opens_the_window_with_a_banner_when_a_break_is_due() {
    let mut rig = rig();
    rig.engine.notification_failed("no notification server", false);
    assert!(rig.drain().is_empty(), "nothing due yet: no window");
    rig.run_for(30 * MIN);
    rig.engine.notification_failed("no notification server", false);
    let out = rig.drain();
    assert!(
        matches!(&out[..], [Outgoing::OpenWindow { banner: Some(b) }] if b.contains("no notification server")),
        "{out:?}"
    );
    assert_eq!(rig.engine.snapshot(rig.clock.now()).banners.len(), 1);
}

#[test]
fn pause_until_a_time_shows_in_the_snapshot_and_a_past_time_is_refused() {
    let mut rig = rig();
    let now = rig.clock.now().wall.duration_since(UNIX_EPOCH).unwrap().as_secs();
    rig.ok(Command::Pause { until: Some(now + 3600) });
    let snap = rig.engine.snapshot(rig.clock.now());
    assert_eq!((snap.state, snap.paused_until), (State::Paused, Some(now + 3600)));
    let result = rig.engine.handle(Command::Pause { until: Some(now - 10) }, rig.clock.now());
    assert_eq!(result.unwrap_err().message, "that time has already passed");
    rig.ok(Command::Resume);
    assert_eq!(rig.engine.snapshot(rig.clock.now()).state, State::Working);
}

#[test]
fn the_timer_is_saved_regularly_so_a_restart_carries_on() {
    let mut rig = rig();
    rig.run_for(12 * MIN);
    let saved = rig.store.stored().timer.expect("saved while counting");
    assert!(saved.sat_secs[0] >= 10 * 60, "{saved:?}");
    let catalogue = rig.engine.catalogue().clone();
    let ports = Ports {
        store: Box::new(rig.store.clone()),
        notifier: Box::new(rig.notifier.clone()),
        clock: Box::new(rig.clock.clone()),
    };
    let again =
        Engine::new(Settings::default(), catalogue, Vec::new(), Some(saved), Vec::new(), ports, rig.clock.now());
    assert_eq!(again.snapshot(rig.clock.now()).sitting_secs, 12 * 60, "the two minutes since the last save count too");
}

#[test]
fn quit_saves_and_tells_subscribers() {
    let mut rig = rig();
    let out = rig.ok(Command::Quit);
    assert_eq!(out, [Outgoing::Event(Event::Quit), Outgoing::Quit]);
    assert!(rig.store.stored().timer.is_some());
}

#[test]
fn notification_buttons_reach_the_timer_and_a_dismissal_is_not_a_skip() {
    use crate::core::ports::NoticeAction;
    let mut rig = rig();
    rig.run_for(30 * MIN);
    rig.engine.notification_action(NoticeAction::Dismissed, false, rig.clock.now());
    assert!(rig.drain().is_empty());
    assert_eq!(rig.engine.snapshot(rig.clock.now()).state, State::Due, "still due after a dismissal");
    rig.engine.notification_action(NoticeAction::Snooze, false, rig.clock.now());
    assert_eq!(rig.engine.snapshot(rig.clock.now()).state, State::Snoozed);
    rig.run_for(5 * MIN);
    rig.engine.notification_action(NoticeAction::Start, false, rig.clock.now());
    let out = rig.drain();
    assert!(matches!(&out[..], [Outgoing::Event(Event::BeginSession { .. }), Outgoing::HoldMedia(true)]), "{out:?}");
    assert_eq!(rig.engine.snapshot(rig.clock.now()).state, State::OnBreak);
    assert_eq!(rig.notifier.notices()[2].snooze, Duration::from_secs(300));
}

#[test]
fn outside_working_hours_the_clock_stops_and_the_snapshot_says_so() {
    use crate::core::ports::Clock as _;
    let mut rig = rig();
    let (_, minute) = rig.clock.local_weekday_minute(rig.clock.now().wall);
    if minute > 22 * 60 {
        // Keep the range inside one day: move the fake clock to the small hours.
        rig.run_for(Duration::from_secs(u64::from(24 * 60 - minute + 60) * 60));
    }
    let (weekday, minute) = rig.clock.local_weekday_minute(rig.clock.now().wall);
    // Working hours that end 45 minutes from now (today only), whatever day the test runs.
    let end = minute + 45;
    let mut settings = Settings::default();
    settings.working_hours.enabled = true;
    for d in 0..7 {
        settings.working_hours.day_mut(d).clear();
    }
    let range = format!("{:02}:{:02}-{:02}:{:02}", minute / 60, minute % 60, end / 60, end % 60);
    settings.working_hours.day_mut(weekday).push(range);
    rig.ok(Command::SetSettings { settings: Box::new(settings) });
    assert!(!rig.engine.snapshot(rig.clock.now()).off_hours);
    rig.run_for(Duration::from_secs(u64::from(end - minute) * 60 + 60));
    let s = rig.engine.snapshot(rig.clock.now());
    assert!(s.off_hours, "{s:?}");
    let sitting = s.sitting_secs;
    rig.run_for(2 * MIN);
    assert_eq!(rig.engine.snapshot(rig.clock.now()).sitting_secs, sitting, "nothing counts outside working hours");
}

/// Issue 10: the window playing a break goes away (closed, crashed): the break waits for the
/// grace, then ends by itself, recorded as abandoned with what was done, and sitting counts again.
#[test]
fn a_break_whose_window_went_away_ends_after_the_grace_and_says_what_was_done() {
    use crate::core::player::Progress;
    let mut rig = rig();
    rig.ok(Command::StartBreak { kind: None, routine: Some("thoracic-mobility".to_owned()) });
    rig.ok(Command::ClaimBreak);
    let done = crate::core::history::Done { performed_secs: 70, exercises_done: 2, exercises: 7, ..Default::default() };
    rig.ok(Command::BreakProgress {
        progress: Progress { step: 2, steps: 7, done: done.clone(), ..Progress::default() },
    });
    let on_break = rig.engine.snapshot(rig.clock.now()).on_break.expect("on a break");
    assert!(on_break.playing && on_break.claimed && on_break.ends_in_secs.is_none(), "{on_break:?}");
    rig.run_for(MIN);
    rig.engine.player_gone(rig.clock.now());
    let left = rig.engine.snapshot(rig.clock.now()).on_break.expect("still on a break, waiting for a window");
    assert!(!left.playing && left.claimed, "a reopened window offers to resume it");
    assert_eq!((left.step, left.ends_in_secs), (2, Some(120)));
    rig.run_for(2 * MIN);
    let snap = rig.engine.snapshot(rig.clock.now());
    assert_eq!(snap.state, State::Working, "the break ended by itself");
    assert!(snap.counting, "and the sitting clock runs again");
    let last = rig.store.stored().history.pop().expect("recorded");
    assert_eq!((last.outcome, last.routine.as_deref()), (Outcome::Abandoned, Some("thoracic-mobility")));
    assert_eq!(last.done.map(|d| (d.performed_secs, d.exercises_done)), Some((70, 2)));
}

#[test]
fn a_break_no_window_ever_played_ends_a_grace_after_its_routine() {
    let mut rig = rig();
    rig.ok(Command::StartBreak { kind: None, routine: Some("posture-reset".to_owned()) });
    // One minute of routine, its 5-second lead-in, two minutes of grace.
    rig.run_for(Duration::from_secs(60 + 5 + 119));
    assert_eq!(rig.engine.snapshot(rig.clock.now()).state, State::OnBreak);
    rig.run_for(Duration::from_secs(1));
    assert_eq!(rig.engine.snapshot(rig.clock.now()).state, State::Working);
    assert_eq!(rig.store.stored().history.last().map(|e| e.outcome), Some(Outcome::Abandoned));
}

#[test]
fn ending_a_left_break_from_a_new_window_records_it_as_ended_early_with_what_was_done() {
    use crate::core::player::Progress;
    let mut rig = rig();
    rig.ok(Command::StartBreak { kind: None, routine: Some("posture-reset".to_owned()) });
    rig.ok(Command::ClaimBreak);
    let done = crate::core::history::Done { performed_secs: 25, exercises_done: 2, exercises: 4, ..Default::default() };
    rig.ok(Command::BreakProgress { progress: Progress { step: 2, steps: 4, done, ..Progress::default() } });
    rig.engine.player_gone(rig.clock.now());
    rig.ok(Command::FinishBreak { outcome: None, done: None });
    let last = rig.store.stored().history.pop().expect("recorded");
    assert_eq!(last.outcome, Outcome::EndedEarly);
    assert_eq!(last.done.map(|d| d.performed_secs), Some(25));
}

/// Issue 10: `test-notification` shows a reminder-like notice and changes nothing; its buttons
/// only answer with a confirmation.
#[test]
fn the_test_notification_changes_neither_the_schedule_nor_the_history() {
    use crate::core::ports::NoticeAction;
    use crate::platform::fake::Shown;
    let mut rig = rig();
    rig.run_for(10 * MIN);
    rig.ok(Command::TestNotification);
    assert!(rig.notifier.notices().last().is_some_and(|n| n.test));
    rig.engine.notification_action(NoticeAction::Snooze, true, rig.clock.now());
    assert!(rig.drain().is_empty());
    assert!(matches!(rig.notifier.log().last(), Some(Shown::Message(s, _)) if s == "The Snooze button works"));
    let snap = rig.engine.snapshot(rig.clock.now());
    assert_eq!((snap.state, snap.sitting_secs), (State::Working, 10 * 60));
    assert!(rig.store.stored().history.is_empty(), "nothing recorded");
}

#[test]
fn a_pause_choice_counts_from_when_the_engine_gets_it() {
    let mut rig = rig();
    rig.run_for(7 * MIN);
    rig.ok(Command::PauseFor { preset: crate::core::pause::PausePreset::ThirtyMinutes });
    let now = rig.clock.now().wall.duration_since(UNIX_EPOCH).unwrap().as_secs();
    assert_eq!(rig.engine.snapshot(rig.clock.now()).paused_until, Some(now + 30 * 60));
}

/// Issue 11, drift 1: the engine showed the snooze length and count from the raw settings while
/// the timer used the clamped ones (a hand-edited `snooze: 90` showed "Snooze 1 h 30 min" for a
/// timer that snoozes 60 min; `max_snoozes: 50` showed "50 left" for a timer that stops at 10).
#[test]
fn snoozes_are_shown_as_the_timer_applies_them_not_as_written() {
    let clock = FakeClock::new();
    let notifier = RecordingNotifier::default();
    let mut settings = Settings::default();
    settings.micro.snooze = crate::core::units::Minutes(90);
    settings.micro.max_snoozes = 50;
    settings.warning = crate::core::units::Seconds(0);
    let catalogue = crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue;
    let ports = Ports {
        store: Box::new(MemoryStore::default()),
        notifier: Box::new(notifier.clone()),
        clock: Box::new(clock.clone()),
    };
    let mut engine = Engine::new(settings, catalogue, Vec::new(), None, Vec::new(), ports, clock.now());
    clock.advance(30 * MIN);
    engine.tick(clock.now());
    let notice = notifier.notices().pop().expect("the posture reset is due");
    assert_eq!((notice.snooze, notice.snoozes_left), (60 * MIN, 10));
    assert_eq!(engine.snapshot(clock.now()).snoozes_left, 10);
}

/// Issue 11, drift 2: the engine's own idea of "counting" forgot working hours, so outside them it
/// still woke every five minutes to save a count that was not moving.
#[test]
fn outside_working_hours_the_engine_does_not_wake_to_save() {
    let clock = FakeClock::new();
    let mut settings = Settings::default();
    settings.working_hours.enabled = true;
    for day in 0..7 {
        settings.working_hours.day_mut(day).clear();
    }
    let catalogue = crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue;
    let ports = Ports {
        store: Box::new(MemoryStore::default()),
        notifier: Box::new(RecordingNotifier::default()),
        clock: Box::new(clock.clone()),
    };
    let engine = Engine::new(settings, catalogue, Vec::new(), None, Vec::new(), ports, clock.now());
    assert!(engine.snapshot(clock.now()).off_hours);
    let next = engine.next_deadline().expect("the working-hours check");
    assert_eq!(next, clock.now().mono + Duration::from_mins(15), "only the quarter-hourly look at the hours");
}

#[test]
fn a_check_in_is_kept_and_pain_in_it_rests_the_exercise_and_makes_the_next_session_gentler() {
    let mut rig = rig();
    let check_in =
        crate::core::history::CheckIn { back: Some(4), pain: Some(true), hurt: Some("chin-tuck".to_owned()) };
    rig.ok(Command::CheckIn {
        routine: "posture-reset".to_owned(),
        kind: BreakKind::Micro,
        check_in: check_in.clone(),
    });
    let history = rig.store.stored().history;
    assert_eq!(history.len(), 1);
    assert_eq!((history[0].outcome, history[0].check_in.as_ref()), (Outcome::CheckIn, Some(&check_in)));
    let snap = rig.engine.snapshot(rig.clock.now());
    assert_eq!(snap.recent.resting, ["chin-tuck"]);
    assert!(snap.recent.gentler);
    // The next posture reset is the one the window will play: no chin tuck, at the easier level.
    let next = snap.next.iter().find(|n| n.kind == BreakKind::Micro).map(|n| n.routine_secs);
    assert!(next.is_some_and(|s| s < 60), "shorter than the 60 s as written: {next:?}");
    let bad = rig.engine.handle(
        Command::CheckIn {
            routine: "posture-reset".to_owned(),
            kind: BreakKind::Micro,
            check_in: crate::core::history::CheckIn { back: Some(11), ..Default::default() },
        },
        rig.clock.now(),
    );
    assert!(bad.is_err(), "a score above 10 is refused");
}

#[test]
fn a_profile_without_a_band_plays_the_strength_routine_without_one() {
    let mut rig = rig();
    let mut settings = Settings::default();
    settings.profile.without = vec![crate::core::routine::Equipment::Band];
    rig.ok(Command::SetSettings { settings: Box::new(settings) });
    let out =
        rig.ok(Command::StartBreak { kind: Some(BreakKind::Long), routine: Some("rhomboid-strength".to_owned()) });
    assert!(matches!(&out[..], [Outgoing::Event(Event::BeginSession { .. }), Outgoing::HoldMedia(true)]), "{out:?}");
    let snap = rig.engine.snapshot(rig.clock.now());
    let steps = snap.on_break.map(|b| b.steps);
    assert_eq!(steps, Some(11), "every step has a stand-in, so the count is the routine's");
}

#[test]
fn records_the_history_file_refuses_wait_in_order_and_go_in_when_it_takes_them_again() {
    let mut rig = rig();
    rig.store.fail_with("No space left on device");
    rig.run_for(30 * MIN);
    rig.ok(Command::Skip);
    rig.run_for(30 * MIN);
    rig.ok(Command::Skip);
    let snap = rig.engine.snapshot(rig.clock.now());
    let said = snap.banners.join("\n");
    assert!(said.contains("could not be saved (") && said.contains("records wait"), "{said}");
    let history_banners = snap.banners.iter().filter(|b| b.contains("history could not be saved")).count();
    assert_eq!(history_banners, 1, "one banner, not one per record");
    assert!(rig.store.stored().history.is_empty());
    rig.store.heal();
    rig.run_for(Duration::from_secs(61));
    let written = rig.store.stored().history;
    let skips: Vec<u64> = written.iter().filter(|e| e.outcome == Outcome::Skipped).map(|e| e.at).collect();
    assert!(skips.len() >= 2, "both skips are in: {written:?}");
    assert!(written.windows(2).all(|w| w[0].at <= w[1].at), "in the order they happened");
    let said = rig.engine.snapshot(rig.clock.now()).banners.join("\n");
    assert!(said.contains("saved again") && !said.contains("history could not be saved"), "{said}");
}

#[test]
fn records_the_history_refuses_are_kept_aside_until_written_and_a_new_run_writes_them_once() {
    let mut rig = rig();
    rig.store.fail_history_with("Read-only file system");
    rig.run_for(30 * MIN);
    rig.ok(Command::Skip);
    let snap = rig.engine.snapshot(rig.clock.now());
    assert_eq!(snap.history_waiting, 2, "the snapshot says two records wait (the break came due, was skipped)");
    assert!(snap.banners.join("\n").contains("kept in the memory store"), "{:?}", snap.banners);
    let parked = rig.store.stored().parked;
    assert_eq!(parked.len(), 2, "the records are kept aside at once");

    // The engine is gone (a crash, a logout); the next one takes up what was kept aside, writes
    // it, and clears the copy.
    let store = MemoryStore::default();
    let clock = rig.clock.clone();
    let catalogue = crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue;
    let ports = Ports {
        store: Box::new(store.clone()),
        notifier: Box::new(RecordingNotifier::default()),
        clock: Box::new(clock.clone()),
    };
    let mut next = Engine::new(Settings::default(), catalogue, Vec::new(), None, Vec::new(), ports, clock.now());
    next.resume_parked(parked.clone(), clock.now());
    assert_eq!(store.stored().history, parked, "written by the next run");
    assert!(store.stored().parked.is_empty(), "and no longer kept aside");
    assert_eq!(next.snapshot(clock.now()).history_waiting, 0);
    assert_eq!(next.snapshot(clock.now()).today.skipped, 1, "and counted today");

    // Kept aside again by a run that wrote them but could not clear the copy: the shell finds
    // them written (the history grew past where it ended when they were kept), so none is fresh;
    // nothing is written twice, and the copy goes.
    let catalogue = crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue;
    let ports = Ports {
        store: Box::new(store.clone()),
        notifier: Box::new(RecordingNotifier::default()),
        clock: Box::new(clock.clone()),
    };
    let history = store.stored().history;
    let mut again = Engine::new(Settings::default(), catalogue, history, None, Vec::new(), ports, clock.now());
    again.resume_parked(Vec::new(), clock.now());
    assert_eq!(store.stored().history.len(), 2, "not written twice");
    assert!(store.stored().parked.is_empty());
}

#[test]
fn when_nothing_can_be_written_the_records_wait_in_memory_and_the_banner_says_so() {
    let mut rig = rig();
    rig.store.fail_with("No space left on device");
    rig.run_for(30 * MIN);
    rig.ok(Command::Skip);
    let said = rig.engine.snapshot(rig.clock.now()).banners.join("\n");
    assert!(said.contains("in memory only (keep Unhunch running)"), "{said}");
    rig.store.heal();
    rig.run_for(Duration::from_secs(61));
    assert_eq!(rig.store.stored().history.len(), 2, "the break coming due, and its skip");
    assert!(rig.store.stored().parked.is_empty());
}

#[test]
fn a_pause_ends_on_time_after_a_suspend_or_a_wall_clock_jump_without_logind() {
    let mut rig = rig();
    let unix = |t: std::time::SystemTime| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let until = unix(rig.clock.now().wall) + 10 * 60;
    rig.ok(Command::Pause { until: Some(until) });
    assert_eq!(rig.engine.snapshot(rig.clock.now()).state, State::Paused);
    // The machine sleeps 20 minutes: the wall clock moves on, the monotonic one does not (and no
    // logind says so).
    rig.clock.sleep_machine(20 * MIN);
    rig.run_for(Duration::from_secs(61));
    assert_ne!(rig.engine.snapshot(rig.clock.now()).state, State::Paused, "over within a minute of waking");
}

#[test]
fn a_progress_report_out_of_range_is_refused_and_changes_nothing() {
    let mut rig = rig();
    rig.ok(Command::StartBreak { kind: Some(BreakKind::Micro), routine: Some("posture-reset".to_owned()) });
    rig.ok(Command::ClaimBreak);
    let mut progress = crate::core::player::Progress {
        step: usize::MAX,
        steps: 4,
        done_steps: Vec::new(),
        done: crate::core::history::Done { exercises: 4, ..Default::default() },
        paused: false,
    };
    let r = rig.engine.handle(Command::BreakProgress { progress: progress.clone() }, rig.clock.now());
    assert_eq!(r.unwrap_err().code, ErrorCode::BadRequest);
    progress.step = 1;
    progress.done.performed_secs = u64::MAX;
    let r = rig.engine.handle(Command::BreakProgress { progress: progress.clone() }, rig.clock.now());
    assert!(r.is_err(), "a session can't have run for ages");
    progress.done.performed_secs = 10;
    rig.ok(Command::BreakProgress { progress });
    let snap = rig.engine.snapshot(rig.clock.now());
    let headline = snap.headline(rig.engine.clock(), rig.clock.now().wall);
    assert!(headline.contains("step 2 of 4"), "{headline}");
}

#[test]
fn the_daily_skip_limit_refuses_the_skip_past_it_and_a_new_day_gives_them_back() {
    let mut rig = rig();
    let mut settings = Settings { skips_per_day: 1, ..Settings::default() };
    settings.micro.strictness = crate::core::timer::Strictness::Gentle;
    rig.ok(Command::SetSettings { settings: Box::new(settings) });
    assert_eq!(rig.engine.snapshot(rig.clock.now()).skips_left, Some(1));
    rig.run_for(30 * MIN);
    assert!(rig.notifier.notices().last().is_some_and(|n| n.can_skip), "the notification offers Skip");
    rig.ok(Command::Skip);
    assert_eq!(rig.engine.snapshot(rig.clock.now()).skips_left, Some(0));
    rig.run_for(30 * MIN);
    let last = rig.notifier.notices().last().cloned().expect("the next break's notification");
    assert!(!last.can_skip, "no Skip button once the skips are used up: {last:?}");
    let result = rig.engine.handle(Command::Skip, rig.clock.now());
    let message = result.expect_err("the second skip of the day is refused").message;
    assert!(message.contains("today's skips are used up"), "{message}");
    assert_eq!(rig.engine.snapshot(rig.clock.now()).state, State::Due, "still due: refused changes nothing");
    // The next day (the fake clock's days are UTC days) has its skip again.
    rig.ok(Command::StartBreak { kind: None, routine: None });
    rig.ok(Command::FinishBreak { outcome: Some(Outcome::Completed), done: None });
    rig.run_for(24 * 60 * MIN);
    assert_eq!(rig.engine.snapshot(rig.clock.now()).skips_left, Some(1));
}

#[test]
fn a_strict_break_begins_by_itself_over_every_screen_and_pauses_media_until_it_ends() {
    let mut rig = rig();
    let mut settings = Settings::default();
    settings.micro.strictness = crate::core::timer::Strictness::Strict;
    rig.ok(Command::SetSettings { settings: Box::new(settings) });
    let out = rig.run_for(30 * MIN);
    assert!(
        matches!(
            &out[..],
            [Outgoing::Event(Event::BeginSession { kind: BreakKind::Micro, .. }), Outgoing::HoldMedia(true)]
        ),
        "{out:?}"
    );
    let snap = rig.engine.snapshot(rig.clock.now());
    assert_eq!(snap.state, State::OnBreak);
    assert!(snap.on_break.is_some_and(|b| b.strict), "the window shows it as a strict break");
    let result = rig.engine.handle(Command::Skip, rig.clock.now());
    let out = rig.drain();
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(out, [Outgoing::HoldMedia(false)], "the media plays again");
    assert_eq!(rig.engine.snapshot(rig.clock.now()).today.skipped, 1);
}

#[test]
fn a_firm_break_opens_the_window_after_two_ignored_reminders() {
    let mut rig = rig();
    let mut settings = Settings::default();
    settings.micro.strictness = crate::core::timer::Strictness::Firm;
    rig.ok(Command::SetSettings { settings: Box::new(settings) });
    let out = rig.run_for(30 * MIN + 5 * MIN);
    assert!(out.is_empty(), "a reminder and a reminder again: notifications only: {out:?}");
    let out = rig.run_for(5 * MIN);
    assert_eq!(out, [Outgoing::OpenWindow { banner: None }]);
    assert!(rig.engine.snapshot(rig.clock.now()).insisting);
}

#[test]
fn a_call_holds_the_break_and_the_status_names_the_device_the_settings_count() {
    let mut rig = rig();
    let devices = crate::core::settings::InUse { microphone: true, camera: false };
    rig.engine.devices_report(devices, rig.clock.now());
    rig.run_for(40 * MIN);
    let snap = rig.engine.snapshot(rig.clock.now());
    assert_eq!((snap.state, snap.held, snap.call_by.as_deref()), (State::Due, true, Some("microphone")));
    let line = snap.headline(&rig.clock, rig.clock.now().wall);
    assert!(line.contains("held: in a call (microphone)"), "{line}");
    assert_eq!(rig.notifier.notices().len(), 0, "nothing interrupts the call");
    let mut settings = Settings::default();
    settings.interruptions.microphone = false;
    rig.ok(Command::SetSettings { settings: Box::new(settings) });
    rig.engine.devices_report(devices, rig.clock.now());
    let snap = rig.engine.snapshot(rig.clock.now());
    assert_eq!((snap.held, snap.call_by), (false, None), "switched off: the microphone is no call");
    assert_eq!(rig.notifier.notices().len(), 1, "offered at once");
}

#[test]
fn a_report_on_the_break_that_could_not_be_true_is_refused_and_nothing_is_recorded() {
    let mut rig = rig();
    rig.ok(Command::StartBreak { kind: Some(BreakKind::Micro), routine: Some("posture-reset".to_owned()) });
    rig.ok(Command::ClaimBreak);
    let recorded = rig.engine.history().len();
    let done = |exercises_done, skipped: &[&str]| crate::core::history::Done {
        performed_secs: 40,
        routine_secs: 60,
        exercises_done,
        exercises: 4,
        skipped: skipped.iter().map(|s| (*s).to_owned()).collect(),
        hurt: None,
    };
    for (outcome, done, why) in [
        (Outcome::Completed, done(1, &[]), "1 of 4 exercises done is not completed"),
        (Outcome::EndedEarly, done(2, &["band-w"]), "\"band-w\" is not an exercise of the routine"),
        (Outcome::Snoozed, done(2, &[]), "not how a break ends"),
    ] {
        let r = rig.engine.handle(Command::FinishBreak { outcome: Some(outcome), done: Some(done) }, rig.clock.now());
        let f = r.expect_err("refused");
        assert!(f.code == ErrorCode::BadRequest && f.message.contains(why), "{f:?}");
    }
    assert_eq!(rig.engine.history().len(), recorded, "nothing recorded");
    assert_eq!(rig.engine.snapshot(rig.clock.now()).state, State::OnBreak, "the break goes on");
    rig.ok(Command::FinishBreak { outcome: Some(Outcome::EndedEarly), done: Some(done(1, &["chin-tuck"])) });
    assert_eq!(rig.engine.history().last().map(|e| e.outcome), Some(Outcome::EndedEarly));
}

#[test]
fn settings_too_big_to_send_back_are_refused_whole() {
    let mut rig = rig();
    let mut settings = Settings::default();
    settings.micro.routines = vec!["posture-reset".to_owned(); 5_000];
    let r = rig.engine.handle(Command::SetSettings { settings: Box::new(settings) }, rig.clock.now());
    assert!(r.is_err_and(|f| f.message.contains("settings are at most 32 KB")));
    assert_eq!(rig.engine.settings().micro.routines, Settings::default().micro.routines, "unchanged");
}

#[test]
fn the_history_kept_in_memory_is_pruned_to_the_recent_weeks() {
    let mut rig = rig();
    rig.ok(Command::CheckIn {
        routine: "posture-reset".to_owned(),
        kind: BreakKind::Micro,
        check_in: crate::core::history::CheckIn { back: Some(2), ..Default::default() },
    });
    assert_eq!(rig.engine.history().len(), 1);
    // Weeks later, a new record: the old one is forgotten by the engine (the file keeps it).
    rig.clock.sleep_machine(Duration::from_secs((HISTORY_DAYS + 1) * 86_400));
    rig.ok(Command::CheckIn {
        routine: "posture-reset".to_owned(),
        kind: BreakKind::Micro,
        check_in: crate::core::history::CheckIn { back: Some(1), ..Default::default() },
    });
    let kept: Vec<Option<u8>> =
        rig.engine.history().iter().filter_map(|e| e.check_in.as_ref()).map(|c| c.back).collect();
    assert_eq!(kept, [Some(1)]);
    assert_eq!(rig.store.stored().history.len(), 2, "both are in the file");
}

#[test]
fn the_desk_check_is_offered_after_a_week_kept_with_its_answers_and_then_not_for_months() {
    use crate::core::desk::{DeskAnswer, DeskItem};
    let mut rig = rig();
    let unix = rig.clock.now().wall.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    rig.engine.set_desk_history(DeskHistory { first_use: Some(unix - 3 * 86_400), last_check: None });
    assert!(!rig.engine.snapshot(rig.clock.now()).desk_check_offer, "not in the first week");
    rig.engine.set_desk_history(DeskHistory { first_use: Some(unix - 8 * 86_400), last_check: None });
    assert!(rig.engine.snapshot(rig.clock.now()).desk_check_offer);
    let twice = vec![(DeskItem::Feet, DeskAnswer::Yes), (DeskItem::Feet, DeskAnswer::No)];
    assert!(rig.engine.handle(Command::DeskCheck { answers: twice }, rig.clock.now()).is_err(), "one answer per item");
    let answers = vec![(DeskItem::ScreenHeight, DeskAnswer::No), (DeskItem::Feet, DeskAnswer::NotSure)];
    rig.ok(Command::DeskCheck { answers: answers.clone() });
    let kept = rig.store.stored().history.into_iter().find(|e| e.outcome == Outcome::DeskCheck);
    assert_eq!(kept.and_then(|e| e.desk), Some(answers));
    assert!(!rig.engine.snapshot(rig.clock.now()).desk_check_offer, "not again for three months");
    let mut off = Settings { desk_check_offers: false, ..Settings::default() };
    off.safety_acknowledged = true;
    rig.engine.set_desk_history(DeskHistory { first_use: Some(unix - 8 * 86_400), last_check: None });
    rig.ok(Command::SetSettings { settings: Box::new(off) });
    assert!(!rig.engine.snapshot(rig.clock.now()).desk_check_offer, "Settings turns the offer off");
}
