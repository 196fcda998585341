//! A routine as it applies to this user: exercises that don't suit (no band, the floor at the
//! office, a condition that skips them, one that hurt in the last days) are swapped for the
//! routine's fallbacks or the exercise's alternatives; conditions that modify an exercise say how;
//! the routine's level sets the doses, one level gentler after pain. Every change is said in words
//! the player shows ("W squeeze instead of band pull-apart: no band").
//!
//! The engine and the window run the same function on the same inputs, so the break the engine
//! tracks and the one the window plays are one and the same.

use serde::{Deserialize, Serialize};

use super::catalogue::Catalogue;
use super::history::HistoryEntry;
use super::level;
use super::profile::{Place, Profile};
use super::routine::{Action, Condition, Dose, Exercise, Family, Position, Routine, Step};
use super::transition::add_transitions;

/// Days an exercise that hurt is swapped out for.
pub const REST_DAYS: u64 = 3;

const DAY: u64 = 24 * 60 * 60;

/// What the history says about recent pain: the exercises resting, and whether the next session
/// is gentler.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Recent {
    /// Ids of exercises that hurt in the last [`REST_DAYS`] days.
    pub resting: Vec<String>,
    /// Pain was reported and no session has ended since.
    pub gentler: bool,
}

/// Works out [`Recent`] from the history at `now` (Unix seconds).
pub fn recent(history: &[HistoryEntry], now: u64) -> Recent {
    let since = now.saturating_sub(REST_DAYS * DAY);
    let mut resting: Vec<String> =
        history.iter().filter(|e| e.at >= since && e.at <= now).filter_map(|e| e.hurt().map(str::to_owned)).collect();
    resting.sort();
    resting.dedup();
    let gentler = history.iter().rposition(|e| e.reports_pain() && e.at >= since).is_some_and(|i| {
        let pain_at = history[i].at;
        !history[i + 1..].iter().any(|e| e.outcome.ends_session() && e.at > pain_at)
    });
    Recent { resting, gentler }
}

/// Everything that decides how a routine plays for this user.
#[derive(Clone, Copy, Debug)]
pub struct Circumstances<'a> {
    pub profile: &'a Profile,
    pub recent: &'a Recent,
    /// The routine's level (see [`level`]).
    pub level: u8,
}

/// Everything that decides how one break's routine plays, fixed by the engine when the break
/// begins and sent with it, so the window plays exactly the steps the engine counts, whatever it
/// knows of the settings yet (a window opened by a break has none when the break arrives).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub profile: Profile,
    pub recent: Recent,
    /// The routine's level (see [`level`]).
    pub level: u8,
}

/// The routine as written: no profile told, no recent pain, the standard level.
impl Default for Plan {
    fn default() -> Self {
        Self { profile: Profile::default(), recent: Recent::default(), level: level::STANDARD }
    }
}

impl Plan {
    /// The plan's inputs, borrowed, for [`for_user`].
    pub fn circumstances(&self) -> Circumstances<'_> {
        Circumstances { profile: &self.profile, recent: &self.recent, level: self.level }
    }

    /// `routine` as this plan plays it.
    pub fn apply(&self, routine: &Routine, catalogue: &Catalogue) -> Routine {
        for_user(routine, catalogue, &self.circumstances())
    }
}

/// Why `exercise` doesn't suit, in words, or `None` when it does.
pub fn unsuitable(exercise: &Exercise, c: &Circumstances<'_>) -> Option<String> {
    let p = c.profile;
    if c.recent.resting.contains(&exercise.id) {
        return Some(format!("it hurt in the last {REST_DAYS} days, so it rests for now"));
    }
    if p.has_condition(Condition::RecentSurgery) && matches!(exercise.family, Family::Mobility | Family::Strength) {
        return Some("not until a clinician clears you after surgery".to_owned());
    }
    for caution in exercise.cautions.iter().filter(|k| k.action == Action::Skip) {
        if p.has_condition(caution.condition) {
            return Some(if caution.words.is_empty() {
                format!("not advised with {}", caution.condition.label())
            } else {
                super::units::lowercase_first(caution.words.trim_end_matches('.'))
            });
        }
    }
    if exercise.needs_floor() && !p.has(super::routine::Equipment::Mat) {
        return Some(p.place.no_floor().to_owned());
    }
    exercise.equipment.iter().find(|e| !p.has(**e)).map(|e| e.missing().to_owned())
}

/// The words each condition the user told adds to `exercise` ("Osteoporosis: keep the rounding small.").
pub fn modifications(exercise: &Exercise, profile: &Profile) -> Vec<String> {
    exercise
        .cautions
        .iter()
        .filter(|k| k.action == Action::Modify && profile.has_condition(k.condition))
        .map(|k| format!("{}: {}", super::units::capitalised(k.condition.label()), k.words))
        .collect()
}

/// `routine` as it plays for this user.
pub fn for_user(routine: &Routine, catalogue: &Catalogue, c: &Circumstances<'_>) -> Routine {
    let level = if c.recent.gentler { c.level.saturating_sub(1).max(level::EASIER) } else { c.level };
    let mut out = Routine { steps: Vec::with_capacity(routine.steps.len()), level, ..routine.clone() };
    out.adjust.clear();
    if c.profile.has_condition(Condition::RecentSurgery) {
        out.adjust.push(
            "After recent surgery: only easy walking, far gaze and breathing until a clinician clears you.".to_owned(),
        );
    }
    if c.recent.gentler {
        out.adjust.push("Gentler today: you reported pain last time. Stop if it comes back.".to_owned());
    }
    let surgery = c.profile.has_condition(Condition::RecentSurgery);
    for step in &routine.steps {
        let Step::Exercise { exercise, dose, note, written_get_ready, instead, .. } = step else {
            out.steps.push(step.clone());
            continue;
        };
        let written = Dose { get_ready: *written_get_ready, ..*dose };
        let mut adjust = Vec::new();
        let candidates = || {
            instead.iter().map(|f| (&*f.exercise, f.dose, f.note.as_str())).chain(
                exercise
                    .alternatives
                    .iter()
                    .filter_map(|id| catalogue.exercises.get(id))
                    .map(|e| (&**e, Dose { get_ready: *written_get_ready, ..e.dose }, "")),
            )
        };
        let chosen = match unsuitable(exercise, c) {
            None if c.profile.place == Place::StandingDesk && exercise.position == Position::Seated => {
                match candidates().find(|(e, ..)| e.position != Position::Seated && unsuitable(e, c).is_none()) {
                    Some(found) => {
                        adjust.push(swapped(found.0, exercise, "at a standing desk"));
                        Some(found)
                    }
                    None => Some((&**exercise, written, note.as_str())),
                }
            }
            None => Some((&**exercise, written, note.as_str())),
            Some(why) => {
                let found = candidates().find(|(e, ..)| unsuitable(e, c).is_none());
                if !surgery {
                    match &found {
                        Some(f) => adjust.push(swapped(f.0, exercise, &why)),
                        None => out
                            .adjust
                            .push(format!("Left out {}: {why}, and nothing in its place suits.", exercise.name)),
                    }
                }
                found
            }
        };
        let Some((e, d, n)) = chosen else { continue };
        adjust.extend(modifications(e, c.profile));
        let (d, level_note) = level::apply(e, d, level);
        adjust.extend(level_note);
        let mut e = e.clone();
        // The figure shows the move as this user's cautions ask it (arms crossed, not on the head).
        e.figure = e.figure.map(|f| f.for_conditions(|k| c.profile.has_condition(k)));
        out.steps.push(Step::Exercise {
            exercise: std::sync::Arc::new(e),
            dose: d,
            note: n.to_owned(),
            transition: None,
            written_get_ready: d.get_ready,
            instead: Vec::new(),
            adjust,
        });
    }
    tidy_rests(&mut out.steps);
    if !out.steps.iter().any(|s| matches!(s, Step::Exercise { .. })) {
        out.steps = fallback_walk(catalogue, c);
    }
    add_transitions(&mut out.steps);
    out
}

/// Every change made for this user, routine-wide first, then per step.
pub fn changes(routine: &Routine) -> Vec<String> {
    let steps = routine.steps.iter().filter_map(|s| match s {
        Step::Exercise { adjust, .. } => Some(adjust.iter().cloned()),
        Step::Rest { .. } => None,
    });
    routine.adjust.iter().cloned().chain(steps.flatten()).collect()
}

/// "W squeeze instead of band pull-apart: no band".
fn swapped(new: &Exercise, old: &Exercise, why: &str) -> String {
    format!("{} instead of {}: {why}", new.name, super::units::lowercase_first(&old.name))
}

/// Rests with no exercise on one side of them go (a rest before a dropped band set, say).
fn tidy_rests(steps: &mut Vec<Step>) {
    let mut kept: Vec<Step> = Vec::with_capacity(steps.len());
    for step in steps.drain(..) {
        let is_rest = matches!(step, Step::Rest { .. });
        let last_is_rest = matches!(kept.last(), Some(Step::Rest { .. }) | None);
        if is_rest && last_is_rest {
            continue;
        }
        kept.push(step);
    }
    while matches!(kept.last(), Some(Step::Rest { .. })) {
        kept.pop();
    }
    *steps = kept;
}

/// When nothing in a routine suits: an easy walk (or a rest saying why, if even that doesn't).
fn fallback_walk(catalogue: &Catalogue, c: &Circumstances<'_>) -> Vec<Step> {
    match catalogue.exercises.get("easy-walk").filter(|e| unsuitable(e, c).is_none()) {
        Some(walk) => vec![Step::Exercise {
            exercise: std::sync::Arc::clone(walk),
            dose: walk.dose,
            note: String::new(),
            transition: None,
            written_get_ready: walk.dose.get_ready,
            instead: Vec::new(),
            adjust: vec!["An easy walk instead: nothing else in this routine suits you today.".to_owned()],
        }],
        None => vec![Step::Rest {
            duration: std::time::Duration::from_secs(60),
            note: "Nothing in this routine suits you today: stand up, look into the distance, breathe.".to_owned(),
        }],
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::core::history::{CheckIn, Done, Outcome};
    use crate::core::kind::BreakKind;
    use crate::core::routine::{Equipment, Work};

    fn catalogue() -> Catalogue {
        crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue
    }

    fn play(id: &str, profile: &Profile, recent: &Recent) -> Routine {
        let cat = catalogue();
        let c = Circumstances { profile, recent, level: level::STANDARD };
        for_user(&cat.routines[id], &cat, &c)
    }

    fn ids(r: &Routine) -> Vec<&str> {
        r.steps
            .iter()
            .filter_map(|s| match s {
                Step::Exercise { exercise, .. } => Some(exercise.id.as_str()),
                Step::Rest { .. } => None,
            })
            .collect()
    }

    #[test]
    fn as_written_for_someone_with_everything_and_nothing_to_tell() {
        let cat = catalogue();
        let profile = Profile::default();
        for r in cat.routines.values().filter(|r| !r.is_home_only()) {
            let played = play(&r.id, &profile, &Recent::default());
            assert_eq!(played.duration(), r.duration(), "{}", r.id);
            assert_eq!(ids(&played), ids(r), "{}", r.id);
            assert!(changes(&played).is_empty(), "{}: {:?}", r.id, changes(&played));
        }
    }

    #[test]
    fn rhomboid_strength_at_the_office_with_no_band_plays_no_band_and_no_floor_step_and_says_why() {
        let profile = Profile { without: vec![Equipment::Band], ..Profile::default() };
        let played = play("rhomboid-strength", &profile, &Recent::default());
        let cat = catalogue();
        for id in ids(&played) {
            let e = &cat.exercises[id];
            assert!(!e.equipment.contains(&Equipment::Band), "{id} needs a band");
            assert!(!e.needs_floor(), "{id} is on the floor");
        }
        let said = changes(&played);
        assert!(said.contains(&"W squeeze instead of band pull-apart: no band".to_owned()), "{said:?}");
        assert!(
            said.iter().any(|l| l.starts_with("Seated reverse fly instead of seated band row: no band")),
            "{said:?}"
        );
        assert_eq!(ids(&played).len(), ids(&cat.routines["rhomboid-strength"]).len(), "every step has a stand-in");
        let bare = Profile { without: vec![Equipment::Band, Equipment::Weights], ..Profile::default() };
        let played = play("rhomboid-strength", &bare, &Recent::default());
        assert!(ids(&played).contains(&"shoulder-blade-squeeze"), "no bottles either: the next fallback");
    }

    /// The skip/modify table: for each condition, what it skips does not play, and what it
    /// modifies plays with the words.
    #[test]
    fn each_condition_skips_or_modifies_what_its_cautions_say() {
        let cat = catalogue();
        for condition in Condition::ALL {
            let profile = Profile { conditions: vec![condition], place: Place::Home, ..Profile::default() };
            for r in cat.routines.values() {
                let played = play(&r.id, &profile, &Recent::default());
                for step in &played.steps {
                    let Step::Exercise { exercise, adjust, .. } = step else { continue };
                    match exercise.caution(condition) {
                        Some(c) if c.action == Action::Skip => {
                            panic!("{condition:?}: {} plays in {}", exercise.id, r.id)
                        }
                        Some(c) => assert!(
                            adjust.iter().any(|a| a.contains(&c.words)),
                            "{condition:?}: {} in {} doesn't say {:?}: {adjust:?}",
                            exercise.id,
                            r.id,
                            c.words
                        ),
                        None => {}
                    }
                    if condition == Condition::RecentSurgery {
                        assert!(
                            matches!(exercise.family, Family::Movement | Family::Relaxation),
                            "after surgery only walking, gazing and breathing: {}",
                            exercise.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn osteoporosis_and_an_unstable_shoulder_together_play_nothing_they_skip() {
        let profile =
            Profile { conditions: vec![Condition::Osteoporosis, Condition::ShoulderInstability], ..Profile::default() };
        let cat = catalogue();
        for r in cat.routines.values() {
            let played = play(&r.id, &profile, &Recent::default());
            for id in ids(&played) {
                let e = &cat.exercises[id];
                for c in [Condition::Osteoporosis, Condition::ShoulderInstability] {
                    assert!(
                        e.caution(c).is_none_or(|k| k.action == Action::Modify),
                        "{} plays {id}, which {c:?} skips",
                        r.id
                    );
                }
            }
        }
        let played = play("thoracic-mobility", &profile, &Recent::default());
        let said = changes(&played);
        assert!(said.iter().any(|l| l.contains("Cross your arms over your chest")), "{said:?}");
        assert!(said.iter().any(|l| l.contains("instead of wall angels")), "{said:?}");
    }

    #[test]
    fn the_office_and_a_standing_desk_keep_off_the_floor_and_a_standing_desk_stands() {
        let home = play("home-floor", &Profile { place: Place::Home, ..Profile::default() }, &Recent::default());
        assert!(ids(&home).contains(&"prone-ytw"));
        let office = play("home-floor", &Profile::default(), &Recent::default());
        assert!(!ids(&office).iter().any(|id| catalogue().exercises[*id].needs_floor()), "{:?}", ids(&office));
        assert!(changes(&office).iter().any(|l| l.ends_with(": at the office")), "{:?}", changes(&office));
        let standing = Profile { place: Place::StandingDesk, ..Profile::default() };
        let played = play("thoracic-mobility", &standing, &Recent::default());
        assert!(ids(&played).contains(&"standing-rotation"), "{:?}", ids(&played));
        assert!(
            changes(&played).contains(&"Standing rotation instead of seated rotation: at a standing desk".to_owned())
        );
    }

    fn at(secs: u64) -> std::time::SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    const DAY: u64 = 86_400;

    #[test]
    fn pain_swaps_the_exercise_out_for_three_days_and_makes_the_next_session_gentler() {
        let hurt = HistoryEntry::new(at(10 * DAY), BreakKind::Long, Outcome::Pain)
            .with_routine("thoracic-mobility")
            .with_done(Done { hurt: Some("wall-angels".to_owned()), ..Done::default() });
        let history = vec![hurt];
        let now = recent(&history, 10 * DAY + 3600);
        assert_eq!(now.resting, ["wall-angels"]);
        assert!(now.gentler);
        let played = play("thoracic-mobility", &Profile::default(), &now);
        assert!(!ids(&played).contains(&"wall-angels"));
        assert!(ids(&played).contains(&"seated-arm-slides"));
        assert_eq!(played.level, level::EASIER);
        assert!(played.duration() < catalogue().routines["thoracic-mobility"].duration(), "gentler is shorter");
        assert!(changes(&played)[0].starts_with("Gentler today"));
        // A session done since: no longer gentler, still resting.
        let mut history = history;
        history
            .push(HistoryEntry::new(at(11 * DAY), BreakKind::Long, Outcome::Completed).with_routine("posture-reset"));
        let later = recent(&history, 11 * DAY + 60);
        assert!(!later.gentler);
        assert_eq!(later.resting, ["wall-angels"]);
        // After the period: back in.
        let back = recent(&history, 13 * DAY + 60);
        assert!(back.resting.is_empty());
        assert!(ids(&play("thoracic-mobility", &Profile::default(), &back)).contains(&"wall-angels"));
    }

    #[test]
    fn a_check_in_naming_an_exercise_rests_it_too() {
        let history = vec![
            HistoryEntry::new(at(100), BreakKind::Long, Outcome::Completed).with_routine("end-of-day-unwind"),
            HistoryEntry::new(at(160), BreakKind::Long, Outcome::CheckIn)
                .with_routine("end-of-day-unwind")
                .with_check_in(CheckIn { back: Some(4), pain: Some(true), hurt: Some("levator-stretch".to_owned()) }),
        ];
        let r = recent(&history, 200);
        assert_eq!((r.resting.as_slice(), r.gentler), (&["levator-stretch".to_owned()][..], true));
        let played = play("end-of-day-unwind", &Profile::default(), &r);
        assert!(!ids(&played).contains(&"levator-stretch"));
        let fine = vec![HistoryEntry::new(at(160), BreakKind::Long, Outcome::CheckIn).with_check_in(CheckIn {
            back: Some(2),
            pain: Some(false),
            hurt: None,
        })];
        assert_eq!(recent(&fine, 200), Recent::default());
    }

    #[test]
    fn levels_change_the_doses_as_they_play() {
        let cat = catalogue();
        let profile = Profile::default();
        let c = Circumstances { profile: &profile, recent: &Recent::default(), level: 3 };
        let played = for_user(&cat.routines["rhomboid-strength"], &cat, &c);
        let reps = played.steps.iter().find_map(|s| match s {
            Step::Exercise { exercise, dose, .. } if exercise.id == "band-pull-apart" => match dose.work {
                Work::Reps { reps, .. } => Some(reps),
                Work::Hold { .. } | Work::Timed { .. } => None,
            },
            Step::Exercise { .. } | Step::Rest { .. } => None,
        });
        assert_eq!(reps, Some(13), "11 as written, 2 more at level 3");
        assert_eq!(played.level, 3);
    }
}
