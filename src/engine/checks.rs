//! What a request may say: every field of every request a client sends is checked against what
//! the engine knows (the routine of the break in progress, the routines loaded) before anything is
//! kept. A request that could not be true is refused with the reason, and nothing changes: no
//! client can put something into the history or the snapshot that makes a later answer too big to
//! read, or a record that is not so.

use std::collections::BTreeSet;

use crate::core::catalogue::Catalogue;
use crate::core::history::{CheckIn, Done, Outcome};
use crate::core::player::Progress;
use crate::core::routine::{Routine, Step, limits};
use crate::core::settings::Settings;

/// The largest settings a client may save, as JSON (the built-in defaults take about 2 KB).
pub const SETTINGS_BYTES: usize = 32 * 1024;

/// The most exercises a snapshot names as resting after pain.
pub const RESTING: usize = 32;

/// What the break in progress plays, as the engine fixed it when the break began.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Played {
    /// The routine's steps (exercises and rests).
    pub steps: usize,
    /// Its exercise steps.
    pub exercises: u32,
    /// Every exercise it may play: its steps' exercises and what they fall back to.
    pub ids: BTreeSet<String>,
}

impl Played {
    /// What `routine` plays; `written` is the routine as written, whose exercises (and their
    /// fallbacks) count as the routine's too.
    pub fn of(routine: &Routine, written: &Routine) -> Self {
        let mut ids = exercise_ids(routine);
        ids.extend(exercise_ids(written));
        let exercises = routine.steps.iter().filter(|s| matches!(s, Step::Exercise { .. })).count();
        Self { steps: routine.steps.len(), exercises: u32::try_from(exercises).unwrap_or(u32::MAX), ids }
    }
}

/// The ids of every exercise `routine` may play, fallbacks included.
pub fn exercise_ids(routine: &Routine) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for step in &routine.steps {
        if let Step::Exercise { exercise, instead, .. } = step {
            ids.insert(exercise.id.clone());
            ids.extend(instead.iter().map(|f| f.exercise.id.clone()));
        }
    }
    ids
}

/// `text` cut to `max` characters (an ellipsis says so), for echoing what a client sent.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// Why a check-in about `routine` can't be kept, if it can't: the score out of range, a routine
/// nobody knows, or an exercise that hurt that is not one of the routine's.
pub fn check_in_problem(
    catalogue: &Catalogue,
    session: Option<(&str, &Played)>,
    routine: &str,
    check_in: &CheckIn,
) -> Option<String> {
    if check_in.back.is_some_and(|b| b > 10) {
        return Some("a check-in's score goes from 0 to 10".to_owned());
    }
    let ids = match (catalogue.routines.get(routine), session) {
        (_, Some((id, played))) if id == routine => played.ids.clone(),
        (Some(found), _) => exercise_ids(found),
        (None, _) => {
            return Some(format!("there is no routine {:?} to check in about", shorten(routine, limits::ID_CHARS)));
        }
    };
    match &check_in.hurt {
        Some(hurt) if !ids.contains(hurt) => Some(format!(
            "{:?} is not an exercise of routine {routine:?}: name the exercise that hurt by its id",
            shorten(hurt, limits::ID_CHARS)
        )),
        Some(_) | None => None,
    }
}

/// Why what a window says was done in the break in progress can't be true, if it can't.
pub fn done_problem(played: &Played, done: &Done) -> Option<String> {
    let day = 24 * 60 * 60;
    if done.exercises != played.exercises || done.exercises_done > done.exercises {
        return Some(format!(
            "what was done is out of range: {} of {} exercises, and the routine has {}",
            done.exercises_done, done.exercises, played.exercises
        ));
    }
    if done.performed_secs > day || done.routine_secs > day {
        return Some("what was done is out of range (a session longer than a day)".to_owned());
    }
    let unknown = done.skipped.iter().chain(&done.hurt).find(|id| !played.ids.contains(*id));
    if let Some(id) = unknown {
        return Some(format!("{:?} is not an exercise of the routine being played", shorten(id, limits::ID_CHARS)));
    }
    if done.skipped.len() > played.exercises as usize {
        return Some("more exercises skipped than the routine has".to_owned());
    }
    None
}

/// Why a window's report that the break ended so can't be true, if it can't. `done` is what it
/// says was done, if it says; `last` what its last progress report said (used when it says
/// nothing).
pub fn finish_problem(played: &Played, outcome: Option<Outcome>, done: Option<&Done>, last: &Done) -> Option<String> {
    if let Some(outcome) = outcome.filter(|o| !o.ends_session()) {
        return Some(format!("{outcome:?} is not how a break ends (Completed, EndedEarly, Pain or Abandoned)"));
    }
    if let Some(why) = done.and_then(|d| done_problem(played, d)) {
        return Some(why);
    }
    let done = done.unwrap_or(last);
    (outcome == Some(Outcome::Completed) && done.exercises_done < done.exercises).then(|| {
        format!(
            "a break with {} of {} exercises done is not completed: say EndedEarly",
            done.exercises_done, done.exercises
        )
    })
}

/// Why a window's progress report on the break in progress can't be true, if it can't.
pub fn progress_problem(played: &Played, p: &Progress) -> Option<String> {
    let bad = p.steps != played.steps || p.step > p.steps || p.done_steps.iter().any(|s| *s >= p.steps.max(1));
    if bad || p.done_steps.len() > p.steps {
        return Some(format!(
            "that progress report is out of range (step {} of {}; the routine has {} steps)",
            p.step, p.steps, played.steps
        ));
    }
    done_problem(played, &p.done)
}

/// Why `settings` can't be saved, if they can't: more than [`SETTINGS_BYTES`], or a routine id
/// longer than an id can be.
pub fn settings_problem(settings: &Settings) -> Option<String> {
    let size = serde_json::to_string(settings).map_or(usize::MAX, |s| s.len());
    if size > SETTINGS_BYTES {
        return Some(format!(
            "those settings are {} KB; settings are at most {} KB (a list repeated many times?)",
            size / 1024,
            SETTINGS_BYTES / 1024
        ));
    }
    let ids = settings
        .micro
        .routines
        .iter()
        .chain(&settings.long.routines)
        .chain(std::iter::once(&settings.programme.end_of_day));
    ids.chain(settings.programme.levels.keys())
        .find(|id| id.chars().count() > limits::ID_CHARS)
        .map(|id| format!("{:?} is longer than a routine id can be ({} characters)", shorten(id, 20), limits::ID_CHARS))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn played() -> Played {
        Played { steps: 5, exercises: 4, ids: ["a", "b", "c", "d"].map(str::to_owned).into() }
    }

    fn done(exercises_done: u32) -> Done {
        Done { performed_secs: 60, routine_secs: 120, exercises_done, exercises: 4, skipped: Vec::new(), hurt: None }
    }

    #[test]
    fn a_completed_break_with_one_of_four_done_is_refused() {
        let none = Done::default();
        let why = finish_problem(&played(), Some(Outcome::Completed), Some(&done(1)), &none);
        assert!(why.is_some_and(|w| w.contains("1 of 4")));
        assert_eq!(finish_problem(&played(), Some(Outcome::Completed), Some(&done(4)), &none), None);
        assert_eq!(finish_problem(&played(), Some(Outcome::EndedEarly), Some(&done(1)), &none), None);
        assert!(finish_problem(&played(), Some(Outcome::CheckIn), None, &none).is_some(), "not an ending");
        let why = finish_problem(&played(), Some(Outcome::Completed), None, &done(1));
        assert!(why.is_some(), "nor when the last progress report said 1 of 4");
    }

    #[test]
    fn skipped_and_hurt_must_be_exercises_of_the_routine_played() {
        let mut d = done(2);
        d.skipped = vec!["c".to_owned(), "x".repeat(60_000)];
        let why = done_problem(&played(), &d).unwrap_or_default();
        assert!(why.contains("is not an exercise") && why.len() < 200, "{why}");
        d.skipped = vec!["c".to_owned()];
        d.hurt = Some("d".to_owned());
        assert_eq!(done_problem(&played(), &d), None);
        assert!(done_problem(&played(), &Done { exercises: 9, ..done(2) }).is_some(), "the routine has 4");
    }

    #[test]
    fn progress_must_fit_the_routine_played() {
        let ok = Progress { step: 2, steps: 5, done_steps: vec![0, 1], done: done(2), paused: false };
        assert_eq!(progress_problem(&played(), &ok), None);
        let longer = Progress { steps: 9, step: 8, ..ok.clone() };
        assert!(progress_problem(&played(), &longer).is_some());
    }

    #[test]
    fn long_texts_are_shortened_when_echoed() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}
