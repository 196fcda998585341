//! The built-in catalogue: every `exercises/*.ron` file, embedded at build time by `build.rs`.

use crate::core::catalogue::SourceFile;
use crate::core::routine::Origin;

include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

/// The folder name shown in diagnostics for built-in files.
pub const PREFIX: &str = "built-in";

/// The built-in files, ready to load.
pub fn sources() -> Vec<SourceFile> {
    FILES
        .iter()
        .map(|(name, text)| SourceFile {
            path: format!("{PREFIX}/{name}"),
            origin: Origin::BuiltIn,
            text: (*text).to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::core::catalogue::{Loaded, load};
    use crate::core::routine::{Family, Step};

    fn loaded() -> Loaded {
        load(&sources())
    }

    #[test]
    fn every_built_in_file_loads_without_a_single_diagnostic() {
        let loaded = loaded();
        assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
        assert_eq!(loaded.catalogue.exercises.len() + loaded.catalogue.routines.len(), FILES.len());
    }

    #[test]
    fn the_catalogue_covers_both_families_with_at_least_sixteen_exercises_and_six_routines() {
        let cat = loaded().catalogue;
        assert!(cat.exercises.len() >= 16, "{} exercises", cat.exercises.len());
        assert!(cat.routines.len() >= 6, "{} routines", cat.routines.len());
        for family in [Family::Mobility, Family::Strength] {
            let n = cat.exercises.values().filter(|e| e.family == family).count();
            assert!(n >= 7, "{family:?}: only {n}");
        }
    }

    /// The brief's §5 gives each routine's timing to the second (mm:ss per row); the shipped files
    /// must keep to it: total length and the start of every row.
    #[test]
    fn every_shipped_routine_matches_the_briefs_timing() {
        let cat = loaded().catalogue;
        let briefs: &[(&str, u64, &[u64])] = &[
            ("posture-reset", 60, &[0, 10, 25, 40]),
            ("thoracic-mobility", 300, &[0, 30, 75, 135, 195, 255]),
            ("rhomboid-strength", 420, &[0, 45, 105, 135, 195, 225, 285, 315, 375]),
            ("end-of-day-unwind", 360, &[0, 40, 100, 170, 240, 320]),
            ("open-plan-seated", 180, &[0, 20, 45, 75, 115, 145]),
            ("stand-and-stroll", 120, &[0, 90, 110]),
            ("unwind", 120, &[0, 45, 62, 100]),
            ("band-raise", 114, &[0]),
        ];
        for (id, total, rows) in briefs {
            let routine = cat.routines.get(*id).unwrap_or_else(|| panic!("missing routine {id}"));
            assert_eq!(routine.duration(), Duration::from_secs(*total), "{id} total");
            let mut starts = Vec::new();
            let mut at = 0;
            for step in &routine.steps {
                starts.push(at);
                at += step.duration().as_secs();
            }
            for row in *rows {
                assert!(starts.contains(row), "{id}: no step starts at {row} s (steps start at {starts:?})");
            }
        }
    }

    #[test]
    fn only_the_home_routine_uses_the_floor() {
        let cat = loaded().catalogue;
        for e in cat.exercises.values().filter(|e| e.position == crate::core::routine::Position::Floor) {
            assert!(e.home_only, "{} is on the floor but not flagged home_only", e.id);
        }
        let home: Vec<&str> = cat.routines.values().filter(|r| r.is_home_only()).map(|r| r.id.as_str()).collect();
        assert_eq!(home, ["home-floor"]);
    }

    #[test]
    fn the_strength_routines_are_the_band_and_the_no_band_one_and_the_band_raise() {
        let cat = loaded().catalogue;
        let strength: Vec<&str> = cat.routines.values().filter(|r| r.is_strength()).map(|r| r.id.as_str()).collect();
        assert_eq!(strength, ["band-raise", "rhomboid-strength", "rhomboid-strength-no-band"]);
    }

    /// The content rules of the programme: every exercise says what to feel for and when to stop,
    /// every exercise needing equipment or the floor has an alternative that doesn't, and every
    /// routine plays something good for every profile (no band, no doorway, no wall, the office).
    #[test]
    fn every_exercise_has_a_way_out_and_every_routine_suits_every_profile() {
        use crate::core::adapt::{Circumstances, Recent, for_user, unsuitable};
        use crate::core::profile::{Place, Profile};
        use crate::core::routine::Equipment;
        let cat = loaded().catalogue;
        let bare = Profile {
            place: Place::Office,
            without: vec![
                Equipment::Band,
                Equipment::Doorway,
                Equipment::Wall,
                Equipment::Weights,
                Equipment::SteadyChair,
            ],
            ..Profile::default()
        };
        let recent = Recent::default();
        let c = Circumstances { profile: &bare, recent: &recent, level: crate::core::level::STANDARD };
        for e in cat.exercises.values() {
            assert!(!e.stop_if.is_empty(), "{} has no stop_if", e.id);
            assert!(!e.cautions.is_empty(), "{} says nothing for any condition", e.id);
            let needs = e.needs_floor() || e.equipment.iter().any(|q| *q != Equipment::Chair);
            if needs {
                let out =
                    e.alternatives.iter().filter_map(|a| cat.exercises.get(a)).any(|a| unsuitable(a, &c).is_none());
                assert!(out, "{}: no alternative works with nothing but a chair at the office", e.id);
            }
        }
        for without in [vec![Equipment::Band], vec![Equipment::Doorway], vec![Equipment::Wall], bare.without.clone()] {
            for place in [Place::Office, Place::StandingDesk, Place::Home] {
                let profile = Profile { place, without: without.clone(), ..Profile::default() };
                let c = Circumstances { profile: &profile, ..c };
                for r in cat.routines.values() {
                    let played = for_user(r, &cat, &c);
                    let left = played.steps.iter().filter(|s| matches!(s, Step::Exercise { .. })).count();
                    let all = r.steps.iter().filter(|s| matches!(s, Step::Exercise { .. })).count();
                    assert!(left == all, "{} at {place:?} without {without:?}: {left} of {all} steps play", r.id);
                    for s in &played.steps {
                        if let Step::Exercise { exercise, .. } = s {
                            assert_eq!(
                                unsuitable(exercise, &c),
                                None,
                                "{} plays {} for {profile:?}",
                                r.id,
                                exercise.id
                            );
                        }
                    }
                }
            }
        }
    }

    /// Authoring rules from the brief (§6): short imperative cues, and a "stop if" for every exercise.
    #[test]
    fn every_exercise_follows_the_authoring_rules() {
        let cat = loaded().catalogue;
        for e in cat.exercises.values() {
            assert!(!e.stop_if.is_empty(), "{} has no stop_if line", e.id);
            assert!(!e.breathing.is_empty(), "{} has no breathing cue", e.id);
            for cue in &e.cues {
                let words = cue.split_whitespace().count();
                assert!(words <= 8, "{}: cue {cue:?} has {words} words (at most 8)", e.id);
            }
            for alt in &e.alternatives {
                assert!(cat.exercises.contains_key(alt), "{}: unknown alternative {alt}", e.id);
            }
        }
    }

    #[test]
    fn routine_steps_are_copies_that_keep_the_exercise_text() {
        let cat = loaded().catalogue;
        let r = &cat.routines["posture-reset"];
        let Step::Exercise { exercise, .. } = &r.steps[1] else { panic!("step 2 is an exercise") };
        assert_eq!(exercise.name, "Chin tuck");
        assert!(!exercise.cues.is_empty());
    }
}
