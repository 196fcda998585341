//! Which routine a break plays: each break kind walks its own list in turn, and strength routines
//! are held to a daily limit (the brief: once a day, not at every break).

use super::catalogue::Catalogue;
use super::history::{HistoryEntry, Outcome};
use super::kind::BreakKind;

/// The routine the next break of `kind` should play.
///
/// Takes the entry after the last one this kind played (from the history), skipping ids that do not
/// load and strength routines once `strength_per_day` of them were taken since `day_start` (Unix
/// seconds). Falls back to any loaded routine so a break always has something to play.
pub fn next_routine<'a>(
    kind: BreakKind,
    rotation: &'a [String],
    catalogue: &'a Catalogue,
    history: &[HistoryEntry],
    day_start: u64,
    strength_per_day: u32,
) -> Option<&'a str> {
    let strength_today = history
        .iter()
        .filter(|e| e.at >= day_start && e.outcome == Outcome::Taken)
        .filter_map(|e| e.routine.as_deref())
        .filter(|r| catalogue.routines.get(*r).is_some_and(super::routine::Routine::is_strength))
        .count();
    let strength_allowed = u32::try_from(strength_today).unwrap_or(u32::MAX) < strength_per_day;
    let usable = |id: &str| catalogue.routines.get(id).is_some_and(|r| strength_allowed || !r.is_strength());
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

    fn taken(at: u64, kind: BreakKind, routine: &str) -> HistoryEntry {
        HistoryEntry::new(UNIX_EPOCH + Duration::from_secs(at), kind, Outcome::Taken).with_routine(routine)
    }

    #[test]
    fn each_kind_walks_its_own_rotation() {
        let cat = catalogue();
        let s = Settings::default();
        let pick = |h: &[HistoryEntry]| next_routine(BreakKind::Micro, &s.micro.routines, &cat, h, 0, 1);
        assert_eq!(pick(&[]), Some("posture-reset"));
        assert_eq!(pick(&[taken(10, BreakKind::Micro, "posture-reset")]), Some("stand-and-stroll"));
        let h = [taken(10, BreakKind::Micro, "posture-reset"), taken(20, BreakKind::Micro, "stand-and-stroll")];
        assert_eq!(pick(&h), Some("posture-reset"), "wraps around");
        let h = [taken(10, BreakKind::Micro, "posture-reset"), taken(20, BreakKind::Long, "thoracic-mobility")];
        assert_eq!(pick(&h), Some("stand-and-stroll"), "other kinds don't move this one");
    }

    #[test]
    fn strength_routines_are_held_to_the_daily_limit() {
        let cat = catalogue();
        let s = Settings::default();
        let pick =
            |h: &[HistoryEntry], day_start| next_routine(BreakKind::Long, &s.long.routines, &cat, h, day_start, 1);
        let after_mobility = [taken(100, BreakKind::Long, "thoracic-mobility")];
        assert_eq!(pick(&after_mobility, 0), Some("rhomboid-strength"));
        let strength_done =
            [taken(50, BreakKind::Long, "rhomboid-strength"), taken(100, BreakKind::Long, "thoracic-mobility")];
        assert_eq!(pick(&strength_done, 0), Some("open-plan-seated"), "one strength routine a day");
        assert_eq!(pick(&strength_done, 60), Some("rhomboid-strength"), "yesterday's doesn't count");
    }

    #[test]
    fn unknown_ids_in_the_rotation_are_skipped() {
        let cat = catalogue();
        let rotation = vec!["gone".to_owned(), "posture-reset".to_owned()];
        assert_eq!(next_routine(BreakKind::Micro, &rotation, &cat, &[], 0, 1), Some("posture-reset"));
        assert!(
            next_routine(BreakKind::Micro, &[], &cat, &[], 0, 1).is_some(),
            "an empty rotation still plays something"
        );
    }
}
