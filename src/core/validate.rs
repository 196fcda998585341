//! Validation: the `*Def` values a file says become [`Exercise`] and [`Routine`] values whose
//! numbers are in range ([`limits`]) and whose references resolve, or the [`Problem`]s that stop
//! them, each with the text to point at in the file.

use std::time::Duration;

use super::figure::{self, BandAnchor, ChairBack, Prop, Stance};
use super::routine::{
    Action, Caution, Dose, Equipment, Exercise, ExerciseDef, Fallback, Origin, Position, Routine, RoutineDef, Sides,
    Step, StepDef, Work, limits,
};
use super::transition::add_transitions;

/// One thing wrong with a definition, with the text to point at in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// A snippet of the file to locate (an id in quotes, a field name); empty means the top.
    pub anchor: String,
    /// Which occurrence of the anchor (0 = first).
    pub nth: usize,
    pub message: String,
    /// The step names an exercise that is not in the catalogue (the catalogue says more when the
    /// exercise's own file is what failed).
    pub unknown_exercise: bool,
}

impl Problem {
    fn at(anchor: impl Into<String>, nth: usize, message: impl Into<String>) -> Self {
        Self { anchor: anchor.into(), nth, message: message.into(), unknown_exercise: false }
    }
}

/// Checks an id is short and made of lowercase ASCII letters, digits, `-` and `_`.
fn check_id(what: &str, id: &str, problems: &mut Vec<Problem>) {
    let anchor = format!("{id:?}");
    if id.is_empty() {
        problems.push(Problem::at(
            "id",
            0,
            format!("the {what} id is empty; give it a short name such as \"chin-tuck\""),
        ));
    } else if id.chars().count() > limits::ID_CHARS {
        problems.push(Problem::at(anchor, 0, format!("the {what} id is longer than {} characters", limits::ID_CHARS)));
    } else if let Some(bad) =
        id.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_'))
    {
        problems.push(Problem::at(
            anchor,
            0,
            format!("the {what} id {id:?} contains {bad:?}; ids use lowercase letters a-z, digits, '-' and '_'"),
        ));
    }
}

/// A field's name in words, as a sentence starts: "The name", "A cue".
fn field_words(field: &str) -> &str {
    match field {
        "name" => "The name",
        "summary" => "The summary",
        "breathing" => "The breathing cue",
        "cues" => "A cue",
        "mistakes" => "A common mistake",
        "stop_if" => "A stop-if line",
        "Hold.seconds" => "The hold",
        "Hold.reps" => "The number of holds",
        "Hold.release" => "The release between holds",
        "Reps.reps" => "The number of reps",
        "tempo.up" => "The tempo's up part",
        "tempo.hold" => "The tempo's hold",
        "tempo.down" => "The tempo's down part",
        "Timed.seconds" => "The time",
        "sets" => "The number of sets",
        "rest" => "The rest between sets",
        "switch" => "The time to switch sides",
        "get_ready" => "The get-ready time",
        "Rest.seconds" => "The rest",
        other => other,
    }
}

fn check_text(field: &str, value: &str, max: usize, required: bool, problems: &mut Vec<Problem>) {
    let what = field_words(field);
    if required && value.trim().is_empty() {
        problems.push(Problem::at(field, 0, format!("{what} is empty; write something people can read")));
    } else if value.chars().count() > max {
        problems.push(Problem::at(field, 0, format!("{what} is longer than {max} characters; keep it short")));
    }
}

fn check_range(
    field: &str,
    value: u32,
    range: &std::ops::RangeInclusive<u32>,
    unit: &str,
    anchor: (&str, usize),
    problems: &mut Vec<Problem>,
) {
    if !range.contains(&value) {
        let what = if value == 0 { "zero".to_owned() } else { format!("{value}{unit}") };
        problems.push(Problem::at(
            anchor.0,
            anchor.1,
            format!("{} is {what}; it must be between {} and {}{unit}", field_words(field), range.start(), range.end()),
        ));
    }
}

/// Validates a dose (the exercise default or a step's merged overrides).
fn check_dose(dose: &Dose, anchor: (&str, usize), problems: &mut Vec<Problem>) {
    let secs = |d: Duration| u32::try_from(d.as_secs()).unwrap_or(u32::MAX);
    match dose.work {
        Work::Hold { seconds, reps, release } => {
            check_range("Hold.seconds", seconds.0, &limits::HOLD_SECONDS, " s", anchor, problems);
            check_range("Hold.reps", reps, &limits::HOLD_REPS, "", anchor, problems);
            check_range("Hold.release", release.0, &limits::RELEASE_SECONDS, " s", anchor, problems);
        }
        Work::Reps { reps, tempo } => {
            check_range("Reps.reps", reps, &limits::REPS, "", anchor, problems);
            for (name, part) in [("tempo.up", tempo.up), ("tempo.hold", tempo.hold), ("tempo.down", tempo.down)] {
                check_range(name, part.0, &limits::TEMPO_PART, " s", anchor, problems);
            }
            if tempo.rep().is_zero() {
                problems.push(Problem::at(
                    anchor.0,
                    anchor.1,
                    "a repetition takes zero seconds; give its tempo an up, hold or down part of at least 1 s",
                ));
            }
        }
        Work::Timed { seconds } => {
            check_range("Timed.seconds", seconds.0, &limits::TIMED_SECONDS, " s", anchor, problems);
        }
    }
    check_range("sets", dose.sets, &limits::SETS, "", anchor, problems);
    check_range("rest", secs(dose.rest), &limits::SET_REST, " s", anchor, problems);
    check_range("switch", secs(dose.switch), &limits::SWITCH, " s", anchor, problems);
    check_range("get_ready", secs(dose.get_ready), &limits::GET_READY, " s", anchor, problems);
}

/// Validates an exercise definition on its own (references to other exercises are checked by the
/// catalogue, which knows them all).
pub fn validate_exercise(def: &ExerciseDef, origin: Origin, path: &str) -> Result<Exercise, Vec<Problem>> {
    let mut problems = Vec::new();
    check_id("exercise", &def.id, &mut problems);
    check_text("name", &def.name, limits::NAME_CHARS, true, &mut problems);
    check_text("summary", &def.summary, limits::TEXT_CHARS, false, &mut problems);
    check_text("breathing", &def.breathing, limits::TEXT_CHARS, false, &mut problems);
    if def.cues.is_empty() {
        problems.push(Problem::at("cues", 0, "there are no cues yet; give at least one short instruction"));
    }
    for list in [("cues", &def.cues), ("mistakes", &def.mistakes), ("stop_if", &def.stop_if)] {
        for line in list.1 {
            check_text(list.0, line, limits::TEXT_CHARS, true, &mut problems);
        }
    }
    for (field, word) in def.words.fields() {
        if word.chars().count() > limits::WORD_CHARS {
            problems.push(Problem::at(
                field,
                0,
                format!("the word for {field:?} is longer than {} characters; keep it short", limits::WORD_CHARS),
            ));
        }
    }
    for set in &def.words.sets {
        check_text("sets", set, limits::TEXT_CHARS, false, &mut problems);
    }
    if def.words.sets.len() > *limits::SETS.end() as usize {
        problems.push(Problem::at("sets", 0, "there are more set words than an exercise may have sets (10)"));
    }
    check_text("feel", &def.feel, limits::TEXT_CHARS, false, &mut problems);
    let cautions = cautions(def, &mut problems);
    let dose = def.dose.resolve();
    check_dose(&dose, ("dose", 0), &mut problems);
    if let Some(f) = &def.figure {
        for v in &f.variants {
            if let Some(c) = v.when
                && !cautions.iter().any(|k| k.condition == c && k.action == Action::Modify)
            {
                problems.push(Problem::at(
                    "when",
                    0,
                    format!("the figure has a variant for {c:?}, but the exercise has no Modify caution for it; add one to `cautions`, so the words say what the figure shows"),
                ));
            }
            if let Some(set) = v.set
                && set > dose.sets
            {
                problems.push(Problem::at(
                    "set",
                    0,
                    format!("the figure has a variant for set {set}, but the dose has {} sets", dose.sets),
                ));
            }
        }
    }
    let figure = def.figure.as_ref().and_then(|f| {
        let stance_props = default_props(f.stance, &def.equipment, def.position);
        match figure::resolve(f, stance_props, dose.sides != Sides::Symmetric) {
            Ok(fig) => Some(fig),
            Err(found) => {
                problems.extend(found.into_iter().map(|p| Problem::at(p.anchor, p.nth, p.message)));
                None
            }
        }
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Exercise {
        id: def.id.clone(),
        name: def.name.trim().to_owned(),
        family: def.family,
        summary: def.summary.trim().to_owned(),
        position: def.position,
        equipment: def.equipment.clone(),
        cues: def.cues.clone(),
        breathing: def.breathing.trim().to_owned(),
        mistakes: def.mistakes.clone(),
        stop_if: def.stop_if.clone(),
        feel: def.feel.trim().to_owned(),
        cautions,
        alternatives: def.alternatives.clone(),
        home_only: def.home_only,
        dose,
        words: def.words.clone(),
        figure,
        sources: def.sources.clone(),
        origin,
        path: path.to_owned(),
    })
}

/// An exercise's cautions: each `avoid_with` condition as a `Skip`, then `cautions`; a condition
/// named twice, or a `Modify` with no words, is a problem.
fn cautions(def: &ExerciseDef, problems: &mut Vec<Problem>) -> Vec<Caution> {
    let mut all: Vec<Caution> = def
        .avoid_with
        .iter()
        .map(|&condition| Caution { condition, action: Action::Skip, words: String::new() })
        .collect();
    for c in &def.cautions {
        check_text("cautions", &c.words, limits::TEXT_CHARS, false, problems);
        if c.action == Action::Modify && c.words.trim().is_empty() {
            problems.push(Problem::at(
                "cautions",
                0,
                format!("the caution for {:?} says Modify but not how; add the words to say", c.condition),
            ));
        }
        if all.iter().any(|a| a.condition == c.condition) {
            problems.push(Problem::at(
                "cautions",
                0,
                format!("{:?} is named twice (in avoid_with or cautions); keep one", c.condition),
            ));
        }
        all.push(Caution { words: c.words.trim().to_owned(), ..c.clone() });
    }
    all
}

/// The props an exercise's equipment and position call for, where its figure names none.
pub fn default_props(stance: Stance, equipment: &[Equipment], position: Position) -> Vec<Prop> {
    let mut props = Vec::new();
    if stance == Stance::Seated {
        props.push(Prop::Chair(ChairBack::Low));
    }
    for e in equipment {
        let prop = match e {
            Equipment::Chair | Equipment::SteadyChair if stance == Stance::Seated => None,
            Equipment::Chair | Equipment::SteadyChair => Some(Prop::Chair(ChairBack::Low)),
            Equipment::Wall => Some(Prop::Wall),
            Equipment::Doorway => Some(Prop::DoorFrame),
            Equipment::Desk => Some(Prop::Desk),
            Equipment::Band if equipment.contains(&Equipment::Anchor) => Some(Prop::Band(BandAnchor::Ahead)),
            Equipment::Band => Some(Prop::Band(BandAnchor::Hands)),
            Equipment::Anchor => None,
            Equipment::Mat => Some(Prop::Mat),
            Equipment::Weights => Some(Prop::Bottles),
        };
        props.extend(prop);
    }
    if position == Position::Floor && !props.contains(&Prop::Mat) {
        props.push(Prop::Mat);
    }
    if stance == Stance::SideLying && !props.contains(&Prop::Pillow) {
        props.push(Prop::Pillow);
    }
    props
}

/// Finds a `Do` step's exercise and works out its dose; `None` (with a problem) when the exercise
/// is unknown.
fn resolve_do<'a>(
    step: &StepDef,
    nth: usize,
    lookup: &impl Fn(&str) -> Option<&'a std::sync::Arc<Exercise>>,
    known_ids: &[&str],
    problems: &mut Vec<Problem>,
) -> Option<(&'a std::sync::Arc<Exercise>, Dose, String)> {
    let StepDef::Do { exercise, note, .. } = step else { return None };
    let anchor = format!("{exercise:?}");
    let Some(found) = lookup(exercise) else {
        let hint = super::suggest::did_you_mean(exercise, known_ids.iter().copied()).map_or_else(
            || "; run `unhunch routines --exercises` to list the ids".to_owned(),
            |s| format!("; did you mean {s:?}?"),
        );
        let message = format!("unknown exercise {exercise:?}{hint}");
        problems.push(Problem { unknown_exercise: true, ..Problem::at(anchor, nth, message) });
        return None;
    };
    let base = found.dose.to_def();
    let dose = step.dose_over(&base).unwrap_or(base).resolve();
    check_dose(&dose, (&anchor, nth), problems);
    Some((found, dose, note.trim().to_owned()))
}

/// Validates a routine against the exercises it may reference. `lookup` finds an exercise by id;
/// `known_ids` feeds the "did you mean" suggestion.
pub fn validate_routine<'a>(
    def: &RoutineDef,
    origin: Origin,
    path: &str,
    lookup: impl Fn(&str) -> Option<&'a std::sync::Arc<Exercise>>,
    known_ids: &[&str],
) -> Result<Routine, Vec<Problem>> {
    let mut problems = Vec::new();
    check_id("routine", &def.id, &mut problems);
    check_text("name", &def.name, limits::NAME_CHARS, true, &mut problems);
    check_text("summary", &def.summary, limits::TEXT_CHARS, false, &mut problems);
    if def.steps.is_empty() {
        problems.push(Problem::at("steps", 0, "there are no steps yet; add at least one exercise"));
    }
    let mut steps = Vec::with_capacity(def.steps.len());
    let mut seen: Vec<&str> = Vec::new();
    let mut rests = 0;
    for def_step in &def.steps {
        match def_step {
            StepDef::Do { exercise, instead, .. } => {
                let nth = seen.iter().filter(|s| **s == exercise.as_str()).count();
                seen.push(exercise);
                let Some((found, dose, note)) = resolve_do(def_step, nth, &lookup, known_ids, &mut problems) else {
                    continue;
                };
                let mut fallbacks = Vec::with_capacity(instead.len());
                for alt in instead {
                    let StepDef::Do { exercise: alt_id, instead: nested, .. } = alt else {
                        problems.push(Problem::at(
                            format!("{exercise:?}"),
                            nth,
                            "`instead` lists exercises to do instead; a Rest can't stand in for one",
                        ));
                        continue;
                    };
                    if !nested.is_empty() {
                        problems.push(Problem::at(
                            format!("{alt_id:?}"),
                            0,
                            "a step in `instead` can't have its own `instead`; list every choice in the first one",
                        ));
                    }
                    let alt_nth = seen.iter().filter(|s| **s == alt_id.as_str()).count();
                    seen.push(alt_id);
                    if let Some((alt_found, alt_dose, alt_note)) =
                        resolve_do(alt, alt_nth, &lookup, known_ids, &mut problems)
                    {
                        fallbacks.push(Fallback {
                            exercise: std::sync::Arc::clone(alt_found),
                            dose: alt_dose,
                            note: alt_note,
                        });
                    }
                }
                steps.push(Step::Exercise {
                    exercise: std::sync::Arc::clone(found),
                    dose,
                    note,
                    transition: None,
                    written_get_ready: dose.get_ready,
                    instead: fallbacks,
                    adjust: Vec::new(),
                });
            }
            StepDef::Rest { seconds, note } => {
                check_range("Rest.seconds", seconds.0, &limits::REST_STEP, " s", ("Rest", rests), &mut problems);
                rests += 1;
                steps.push(Step::Rest { duration: seconds.duration(), note: note.trim().to_owned() });
            }
        }
    }
    add_transitions(&mut steps);
    let routine = Routine {
        id: def.id.clone(),
        name: def.name.trim().to_owned(),
        summary: def.summary.trim().to_owned(),
        steps,
        sources: def.sources.clone(),
        origin,
        path: path.to_owned(),
        adjust: Vec::new(),
        level: super::profile::STANDARD,
    };
    if problems.is_empty() && routine.duration() > Duration::from_secs(u64::from(limits::ROUTINE_SECONDS)) {
        problems.push(Problem::at(
            "steps",
            0,
            format!(
                "the routine takes {}; a routine may take at most {} — split it in two",
                super::units::human(routine.duration()),
                super::units::human(Duration::from_secs(u64::from(limits::ROUTINE_SECONDS)))
            ),
        ));
    }
    if problems.is_empty() { Ok(routine) } else { Err(problems) }
}
