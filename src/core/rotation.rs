//! Which routine a break plays: each break kind walks its own list in turn; strength routines are
//! held to a daily limit and a weekly one with rest days between (the brief: once a day, 2–5 days a
//! week; ACSM: non-consecutive days); the first long break of the late afternoon plays the
//! end-of-day routine.

use super::catalogue::Catalogue;
use super::history::{HistoryEntry, Outcome};
use super::kind::BreakKind;
use super::profile::Programme;

const DAY: u64 = 24 * 60 * 60;

/// The rules and the moment a routine is chosen for.
#[derive(Clone, Copy, Debug)]
pub struct Rules<'a> {
    pub strength_per_day: u32,
    pub programme: &'a Programme,
    /// Unix seconds of today's local midnight. Earlier days are taken as 24 hours each (a day with
    /// a clock change is an hour off at its edge).
    pub day_start: u64,
    /// It is the late afternoon (the last working hour, or after the programme's end-of-day time).
    pub late: bool,
    /// What the user does not have (a routine that can't be done without one of them is passed
    /// over: the band raise for someone with no band).
    pub without: &'a [super::routine::Equipment],
}

impl<'a> Rules<'a> {
    /// The rules at local `weekday` (0 = Monday) and `minute` (from midnight): it is late in the day in the last
    /// working hour when working hours are on, else after the programme's end-of-day time.
    pub fn at(settings: &'a super::settings::Settings, day_start: u64, weekday: usize, minute: u32) -> Self {
        let hours = &settings.working_hours;
        let programme = &settings.programme;
        let late = if hours.enabled {
            hours.is_working(weekday, minute) && hours.minutes_to_change(weekday, minute).is_some_and(|m| m <= 60)
        } else {
            minute >= programme.end_of_day_minute()
        };
        let without = settings.profile.without.as_slice();
        Self { strength_per_day: settings.strength_per_day, programme, day_start, late, without }
    }
}

/// True when a strength routine may play today.
pub fn strength_allowed(catalogue: &Catalogue, history: &[HistoryEntry], rules: &Rules<'_>) -> bool {
    let strength_on = |from: u64, to: u64| {
        history
            .iter()
            .filter(|e| (from..to).contains(&e.at) && e.outcome == Outcome::Taken)
            .filter_map(|e| e.routine.as_deref())
            .filter(|r| catalogue.routines.get(*r).is_some_and(super::routine::Routine::is_strength))
            .count()
    };
    let today = rules.day_start;
    let done_today = u32::try_from(strength_on(today, u64::MAX)).unwrap_or(u32::MAX);
    if done_today >= rules.strength_per_day {
        return false;
    }
    if done_today > 0 {
        return true;
    }
    let days_this_week =
        (1..7u64).filter_map(|k| today.checked_sub(k * DAY)).filter(|from| strength_on(*from, from + DAY) > 0).count();
    let yesterday = strength_on(today.saturating_sub(DAY), today) > 0;
    u32::try_from(days_this_week).unwrap_or(u32::MAX) < rules.programme.strength_days
        && (rules.programme.strength_days_running || !yesterday)
}

/// The routine the next break of `kind` should play.
///
/// Late in the day, the first long break plays the end-of-day routine. Otherwise takes the entry
/// after the last one this kind played (from the history), skipping ids that do not load and
/// strength routines when [`strength_allowed`] says no. Falls back to any loaded routine so a
/// break always has something to play.
pub fn next_routine<'a>(
    kind: BreakKind,
    rotation: &'a [String],
    catalogue: &'a Catalogue,
    history: &[HistoryEntry],
    rules: &Rules<'_>,
) -> Option<&'a str> {
    let unwind = rules.programme.end_of_day.as_str();
    if kind == BreakKind::Long
        && rules.late
        && let Some(found) = catalogue.routines.get(unwind)
    {
        let played_today = history
            .iter()
            .any(|e| e.at >= rules.day_start && e.outcome == Outcome::Taken && e.routine.as_deref() == Some(unwind));
        if !played_today {
            return Some(found.id.as_str());
        }
    }
    let strength = strength_allowed(catalogue, history, rules);
    let usable = |id: &str| {
        catalogue.routines.get(id).is_some_and(|r| {
            (strength || !r.is_strength()) && !rules.without.iter().any(|item| r.needs_throughout(*item))
        })
    };
    let last = history
        .iter()
        .rev()
        .find(|e| e.kind == kind && e.outcome == Outcome::Taken && e.routine.is_some())
        .and_then(|e| e.routine.as_deref());
    let start = last.and_then(|l| rotation.iter().position(|r| r == l)).map_or(0, |i| i + 1);
    let n = rotation.len();
    (0..n)
        .map(|k| rotation[(start + k) % n].as_str())
        .find(|id| usable(id))
        .or_else(|| catalogue.routines.values().find(|r| !r.is_strength()).map(|r| r.id.as_str()))
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::core::settings::Settings;

    fn catalogue() -> Catalogue {
        crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue
    }

    fn rules(programme: &Programme, day_start: u64) -> Rules<'_> {
        Rules { strength_per_day: 1, programme, day_start, late: false, without: &[] }
    }

    fn taken(at: u64, kind: BreakKind, routine: &str) -> HistoryEntry {
        HistoryEntry::new(UNIX_EPOCH + Duration::from_secs(at), kind, Outcome::Taken).with_routine(routine)
    }

    /// The short-break rotation plays the unwind and, for someone with a band, the band raise;
    /// someone without one is never offered it.
    #[test]
    fn the_short_breaks_take_turns_and_the_band_raise_is_only_for_those_with_a_band() {
        let cat = catalogue();
        let settings = Settings::default();
        let rotation = &settings.micro.routines;
        let p = Programme::default();
        let walk = |without: &[crate::core::routine::Equipment]| {
            let mut history = Vec::new();
            let mut played = Vec::new();
            for i in 0..4u64 {
                let r = Rules { without, ..rules(&p, 0) };
                let id = next_routine(BreakKind::Micro, rotation, &cat, &history, &r).unwrap_or_default().to_owned();
                history.push(taken(100 + i, BreakKind::Micro, &id));
                played.push(id);
            }
            played
        };
        let with_band = walk(&[]);
        assert!(
            with_band.contains(&"unwind".to_owned()) && with_band.contains(&"band-raise".to_owned()),
            "{with_band:?}"
        );
        let without = walk(&[crate::core::routine::Equipment::Band]);
        assert!(without.contains(&"unwind".to_owned()) && !without.contains(&"band-raise".to_owned()), "{without:?}");
    }

    #[test]
    fn each_kind_walks_its_own_rotation() {
        let cat = catalogue();
        let s = Settings::default();
        let p = Programme::default();
        let pick = |h: &[HistoryEntry]| next_routine(BreakKind::Micro, &s.micro.routines, &cat, h, &rules(&p, 0));
        assert_eq!(pick(&[]), Some("posture-reset"));
        assert_eq!(pick(&[taken(10, BreakKind::Micro, "posture-reset")]), Some("stand-and-stroll"));
        let h = [taken(10, BreakKind::Micro, "posture-reset"), taken(20, BreakKind::Micro, "stand-and-stroll")];
        assert_eq!(pick(&h), Some("unwind"));
        let h = [taken(10, BreakKind::Micro, "unwind"), taken(20, BreakKind::Micro, "band-raise")];
        assert_eq!(pick(&h), Some("posture-reset"), "wraps around");
        let h = [taken(10, BreakKind::Micro, "posture-reset"), taken(20, BreakKind::Long, "thoracic-mobility")];
        assert_eq!(pick(&h), Some("stand-and-stroll"), "other kinds don't move this one");
    }

    #[test]
    fn strength_routines_are_held_to_the_daily_limit() {
        let cat = catalogue();
        let s = Settings::default();
        let p = Programme::default();
        let pick = |h: &[HistoryEntry], day_start| {
            next_routine(BreakKind::Long, &s.long.routines, &cat, h, &rules(&p, day_start))
        };
        let after_mobility = [taken(100, BreakKind::Long, "thoracic-mobility")];
        assert_eq!(pick(&after_mobility, 0), Some("rhomboid-strength"));
        let strength_done =
            [taken(50, BreakKind::Long, "rhomboid-strength"), taken(100, BreakKind::Long, "thoracic-mobility")];
        assert_eq!(pick(&strength_done, 0), Some("open-plan-seated"), "one strength routine a day");
        assert_eq!(pick(&strength_done, 60), Some("open-plan-seated"), "the day after a strength day rests");
        assert_eq!(pick(&strength_done, 2 * DAY), Some("rhomboid-strength"), "two days later it's back");
    }

    #[test]
    fn unknown_ids_in_the_rotation_are_skipped() {
        let cat = catalogue();
        let rotation = vec!["gone".to_owned(), "posture-reset".to_owned()];
        let p = Programme::default();
        assert_eq!(next_routine(BreakKind::Micro, &rotation, &cat, &[], &rules(&p, 0)), Some("posture-reset"));
        assert!(
            next_routine(BreakKind::Micro, &[], &cat, &[], &rules(&p, 0)).is_some(),
            "an empty rotation still plays something"
        );
    }

    /// Simulated weeks: a strength routine offered at every long break, taken whenever offered.
    fn strength_days_over(weeks: u64, programme: &Programme) -> Vec<u64> {
        let cat = catalogue();
        let rotation = vec!["rhomboid-strength".to_owned(), "thoracic-mobility".to_owned()];
        let mut history = Vec::new();
        let mut days = Vec::new();
        for day in 0..weeks * 7 {
            for hour in [10, 14] {
                let at = day * DAY + hour * 3600;
                let r = Rules { strength_per_day: 1, programme, day_start: day * DAY, late: false, without: &[] };
                let id = next_routine(BreakKind::Long, &rotation, &cat, &history, &r).unwrap_or_default().to_owned();
                if id == "rhomboid-strength" {
                    days.push(day);
                }
                history.push(taken(at, BreakKind::Long, &id));
            }
        }
        days
    }

    #[test]
    fn strength_keeps_to_the_weekly_cap_with_a_rest_day_between() {
        let days = strength_days_over(4, &Programme::default());
        for week in 0..4 {
            let n = days.iter().filter(|d| (week * 7..week * 7 + 7).contains(*d)).count();
            assert!(n <= 3, "week {week}: {n} strength days ({days:?})");
        }
        for w in days.windows(2) {
            assert!(w[1] - w[0] >= 2, "two strength days running: {days:?}");
        }
        assert!(days.len() >= 9, "about three a week: {days:?}");
        let busy = Programme { strength_days: 5, strength_days_running: true, ..Programme::default() };
        let days = strength_days_over(2, &busy);
        let first_week = days.iter().filter(|d| **d < 7).count();
        assert_eq!(first_week, 5, "five days a week when asked: {days:?}");
    }

    #[test]
    fn the_end_of_day_routine_plays_once_in_the_late_afternoon() {
        let cat = catalogue();
        let s = Settings::default();
        assert!(!s.long.routines.contains(&"end-of-day-unwind".to_owned()), "not in the hourly rotation");
        let p = Programme::default();
        let late = Rules { late: true, ..rules(&p, 0) };
        assert_eq!(next_routine(BreakKind::Long, &s.long.routines, &cat, &[], &late), Some("end-of-day-unwind"));
        assert_eq!(
            next_routine(BreakKind::Micro, &s.micro.routines, &cat, &[], &late),
            Some("posture-reset"),
            "short breaks keep their own"
        );
        let once = [taken(100, BreakKind::Long, "end-of-day-unwind")];
        assert_eq!(
            next_routine(BreakKind::Long, &s.long.routines, &cat, &once, &late),
            Some("thoracic-mobility"),
            "once a day"
        );
        assert_eq!(
            next_routine(BreakKind::Long, &s.long.routines, &cat, &[], &rules(&p, 0)),
            Some("thoracic-mobility")
        );
    }
}
