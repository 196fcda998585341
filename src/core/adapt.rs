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
    let mut resting: Vec<String> = history
        .iter()
        .filter(|e| e.at >= since && e.at <= now)
        .filter_map(|e| e.hurt().map(str::to_owned))
        .collect();
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

/// Why `exercise` doesn't suit, in words, or `None` when it does.
pub fn unsuitable(exercise: &Exercise, c: &Circumstances<'_>) -> Option<String> {
    let p = c.profile;
    if c.recent.resting.iter().any(|r| *r == exercise.id) {
        return Some(format!("it hurt in the last {REST_DAYS} days, so it rests for now"));
    }
    if p.has_condition(Condition::RecentSurgery) && matches!(exercise.family, Family::Mobility | Family::Strength)
    {
        return Some("not until a clinician clears you after surgery".to_owned());
    }
    for caution in exercise.cautions.iter().filter(|k| k.action == Action::Skip) {
        if p.has_condition(caution.condition) {
            return Some(if caution.words.is_empty() {
                format!("not advised with {}", caution.condition.label())
            } else {
                lowercase_first(caution.words.trim_end_matches('.'))
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
        .map(|k| format!("{}: {}", capitalised(k.condition.label()), k.words))
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
                    .map(|e| (e, Dose { get_ready: *written_get_ready, ..e.dose }, "")),
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
            Some(why) => match candidates().find(|(e, ..)| unsuitable(e, c).is_none()) {
                Some(found) => {
                    if !surgery {
                        adjust.push(swapped(found.0, exercise, &why));
                    }
                    Some(found)
                }
                None => {
                    if !surgery {
                        out.adjust.push(format!("Left out {}: {why}, and nothing in its place suits.", exercise.name));
                    }
                    None
                }
            },
        };
        let Some((e, d, n)) = chosen else { continue };
        adjust.extend(modifications(e, c.profile));
        let (d, level_note) = level::apply(e, d, level);
        adjust.extend(level_note);
        out.steps.push(Step::Exercise {
            exercise: Box::new(e.clone()),
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
    format!("{} instead of {}: {why}", new.name, lowercase_first(&old.name))
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
            exercise: Box::new(walk.clone()),
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

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
