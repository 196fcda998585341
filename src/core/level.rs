//! Levels: the same routine made easier or harder, by rules a physiotherapist would use (the
//! review's §5): strength adds reps, then a second set, then a stronger band; holds get longer;
//! a single stretch becomes two. Level 2 is the routine as written.
//!
//! The next level is offered, never forced, after about two weeks of comfortable sessions at this
//! one; the user can always go back.

use std::time::Duration;

use super::history::{HistoryEntry, Outcome};
use super::profile::LevelChoice;
use super::routine::{Dose, Equipment, Exercise, Family, Work};
use super::units::Seconds;

pub use super::profile::{EASIER, HARDEST, STANDARD};

/// Days at a level before the next is offered.
pub const OFFER_AFTER_DAYS: u64 = 14;
/// Completed, pain-free sessions at a level before the next is offered.
pub const OFFER_AFTER_SESSIONS: usize = 6;
/// Days before an offer turned down is made again.
pub const OFFER_AGAIN_DAYS: u64 = 7;

const DAY: u64 = 24 * 60 * 60;

/// The name people see: "Level 2 (as written)".
pub fn label(level: u8) -> String {
    match level {
        EASIER => "Level 1 (easier)".to_owned(),
        STANDARD => "Level 2 (as written)".to_owned(),
        HARDEST => "Level 4 (hardest)".to_owned(),
        n => format!("Level {n}"),
    }
}

/// What a level changes, in one line.
pub fn describe(level: u8) -> &'static str {
    match level {
        EASIER => "Fewer reps, shorter holds, one set.",
        STANDARD => "The routine as written.",
        3 => "Strength: 2 more reps (at most 15). Short holds 2 s longer; single stretches twice.",
        _ => "As level 3, with a second set of strength work and a stronger band if the last reps feel easy.",
    }
}

/// `dose` of `exercise` at `level`, and a line to say when something beyond the numbers changes.
pub fn apply(exercise: &Exercise, dose: Dose, level: u8) -> (Dose, Option<String>) {
    let level = level.clamp(EASIER, HARDEST);
    let mut d = dose;
    let strength = exercise.family == Family::Strength;
    let mut note = None;
    match (level, d.work) {
        (EASIER, Work::Reps { reps, tempo }) => {
            d.work = Work::Reps { reps: (reps * 2).div_ceil(3).max(3).min(reps), tempo };
            d.sets = 1;
        }
        (EASIER, Work::Hold { seconds, reps, release }) => {
            let seconds = Seconds((seconds.0 * 2).div_ceil(3).max(1).min(seconds.0));
            d.work = Work::Hold { seconds, reps: reps.min(reps.div_ceil(2).max(3)), release };
            d.sets = 1;
        }
        (3.., Work::Reps { reps, tempo }) if strength => {
            d.work = Work::Reps { reps: (reps + 2).min(15).max(reps), tempo };
            if level == HARDEST {
                d.sets = d.sets.max(2);
                d.rest = d.rest.max(Duration::from_secs(30));
                if exercise.equipment.contains(&Equipment::Band) {
                    note = Some("Use a stronger band if the last reps of a set feel easy.".to_owned());
                }
            }
        }
        (3.., Work::Hold { seconds, reps, release }) if seconds.0 <= 5 => {
            let longer = if level == HARDEST { (seconds.0 * 2).max(seconds.0 + 3) } else { seconds.0 + 2 };
            d.work = Work::Hold { seconds: Seconds(longer.min(10).max(seconds.0)), reps, release };
        }
        (3.., Work::Hold { seconds, reps: 1, release }) if !strength => {
            d.work = Work::Hold { seconds, reps: 2, release: if release.0 == 0 { Seconds(5) } else { release } };
        }
        _ => {}
    }
    (d, note)
}

/// True when the next level should be offered for `routine`: at least two weeks at this level (or
/// a week since the last "Not now"), six completed sessions since, and no pain reported in them.
pub fn offer_next(history: &[HistoryEntry], routine: &str, choice: &LevelChoice, now: u64) -> bool {
    if choice.level >= HARDEST {
        return false;
    }
    let since = choice.since;
    let mine = || history.iter().filter(|e| e.at >= since && e.routine.as_deref() == Some(routine));
    // Two weeks from the level's first session (a level chosen long ago counts from its first use).
    let Some(first) = mine().map(|e| e.at).min() else { return false };
    if now < first.max(since) + OFFER_AFTER_DAYS * DAY || now < choice.not_now + OFFER_AGAIN_DAYS * DAY {
        return false;
    }
    if mine().any(HistoryEntry::reports_pain) {
        return false;
    }
    mine().filter(|e| e.outcome == Outcome::Completed).count() >= OFFER_AFTER_SESSIONS
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;
    use crate::core::history::CheckIn;
    use crate::core::kind::BreakKind;
    use crate::core::routine::Tempo;

    fn exercise(id: &str) -> Exercise {
        crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue.exercises[id].as_ref().clone()
    }

    fn reps(d: &Dose) -> u32 {
        match d.work {
            Work::Reps { reps, .. } | Work::Hold { reps, .. } => reps,
            Work::Timed { .. } => 0,
        }
    }

    #[test]
    fn strength_adds_reps_then_a_set_then_a_stronger_band() {
        let e = exercise("band-pull-apart");
        let d = e.dose;
        assert_eq!(apply(&e, d, STANDARD), (d, None), "level 2 is as written");
        let (three, note) = apply(&e, d, 3);
        assert_eq!((reps(&three), three.sets, note), (14, 1, None));
        let (four, note) = apply(&e, d, HARDEST);
        assert_eq!((reps(&four), four.sets), (14, 2));
        assert!(note.is_some_and(|n| n.contains("stronger band")));
        let (one, _) = apply(&e, d, EASIER);
        assert_eq!(reps(&one), 8);
        assert!(one.duration() < d.duration() && d.duration() < three.duration() && three.duration() < four.duration());
    }

    #[test]
    fn holds_get_longer_and_single_stretches_double() {
        let tuck = exercise("chin-tuck");
        let Work::Hold { seconds, .. } = apply(&tuck, tuck.dose, 3).0.work else { panic!("a hold") };
        assert_eq!(seconds.0, 4, "2 s → 4 s");
        let Work::Hold { seconds, .. } = apply(&tuck, tuck.dose, HARDEST).0.work else { panic!("a hold") };
        assert_eq!(seconds.0, 5, "2 s → 5 s at the top level");
        let trap = exercise("upper-trap-stretch");
        let (two, _) = apply(&trap, trap.dose, 3);
        assert_eq!(reps(&two), 2, "one stretch becomes two");
        let walk = exercise("easy-walk");
        assert_eq!(apply(&walk, walk.dose, HARDEST).0, walk.dose, "a walk is a walk");
    }

    #[test]
    fn mobility_reps_are_not_pushed_harder() {
        let e = exercise("seated-cat-cow");
        assert_eq!(apply(&e, e.dose, HARDEST).0, e.dose);
        let d = Dose { work: Work::Reps { reps: 4, tempo: Tempo::default() }, ..e.dose };
        assert_eq!(reps(&apply(&e, d, EASIER).0), 3, "never below three");
    }

    fn completed(at: u64) -> HistoryEntry {
        HistoryEntry::new(UNIX_EPOCH + Duration::from_secs(at), BreakKind::Long, Outcome::Completed)
            .with_routine("rhomboid-strength")
    }

    #[test]
    fn the_next_level_is_offered_after_two_comfortable_weeks_and_not_before() {
        let choice = LevelChoice { level: STANDARD, since: 0, not_now: 0 };
        let six: Vec<HistoryEntry> = (1..=6).map(|d| completed(d * 2 * DAY)).collect();
        assert!(!offer_next(&six, "rhomboid-strength", &choice, 15 * DAY), "not before two weeks of sessions");
        assert!(offer_next(&six, "rhomboid-strength", &choice, 16 * DAY));
        let quick: Vec<HistoryEntry> = (1..=6).map(|h| completed(h * 3600)).collect();
        assert!(!offer_next(&quick, "rhomboid-strength", &choice, DAY), "six sessions in a day are not two weeks");
        assert!(!offer_next(&six[..5], "rhomboid-strength", &choice, 20 * DAY), "five sessions are not enough");
        assert!(!offer_next(&six, "thoracic-mobility", &choice, 20 * DAY), "other routines don't count");
        let mut sore = six.clone();
        sore.push(
            HistoryEntry::new(UNIX_EPOCH + Duration::from_secs(13 * DAY), BreakKind::Long, Outcome::CheckIn)
                .with_routine("rhomboid-strength")
                .with_check_in(CheckIn { back: Some(3), pain: Some(true), hurt: None }),
        );
        assert!(!offer_next(&sore, "rhomboid-strength", &choice, 20 * DAY), "pain reported: not comfortable");
        let declined = LevelChoice { not_now: 15 * DAY, ..choice.clone() };
        assert!(!offer_next(&six, "rhomboid-strength", &declined, 20 * DAY), "a week after Not now");
        assert!(offer_next(&six, "rhomboid-strength", &declined, 22 * DAY));
        let top = LevelChoice { level: HARDEST, ..choice };
        assert!(!offer_next(&six, "rhomboid-strength", &top, 30 * DAY), "nothing above the top");
    }
}
