//! `unhunch show ROUTINE`: a routine as it would play for this user, every swap with its reason.

use std::io;
use std::process::ExitCode;
use std::time::{Duration, UNIX_EPOCH};

use serde::Serialize;

use super::Term;
use crate::core::adapt::{self, Circumstances, Recent};
use crate::core::ports::Clock as _;
use crate::core::profile::{Place, Profile};
use crate::core::routine::{Condition, Equipment, Step, equipment_words};
use crate::core::units::clock;
use crate::platform::clock::SystemClock;
use crate::platform::files::{self, Paths};

/// What was asked on the command line.
#[derive(Debug)]
pub struct Ask {
    pub routine: String,
    pub json: bool,
    pub without: Vec<String>,
    pub place: Option<String>,
    pub conditions: Vec<String>,
}

#[derive(Serialize)]
struct Shown<'a> {
    id: &'a str,
    name: &'a str,
    level: u8,
    seconds: u64,
    place: &'static str,
    without: Vec<&'static str>,
    conditions: Vec<&'static str>,
    changes: Vec<String>,
    steps: Vec<ShownStep>,
}

#[derive(Serialize)]
struct ShownStep {
    /// Seconds from the start.
    at: u64,
    seconds: u64,
    /// The exercise id; `null` for a rest.
    exercise: Option<String>,
    name: String,
    dose: String,
    /// What was changed in this step and why.
    changes: Vec<String>,
}

/// Reads `word` as one of `choices` (by their command-line words), or says what is allowed.
pub(super) fn pick<T: Copy>(
    word: &str,
    choices: &[T],
    name: impl Fn(T) -> &'static str,
    what: &str,
) -> Result<T, String> {
    let w = word.trim().to_ascii_lowercase().replace('_', "-");
    choices.iter().copied().find(|c| name(*c) == w).ok_or_else(|| {
        let all: Vec<&str> = choices.iter().map(|c| name(*c)).collect();
        format!("{word:?} is not a {what}; use one of: {}", all.join(", "))
    })
}

/// The saved profile with the command line's choices on top.
fn profile(saved: &Profile, ask: &Ask) -> Result<Profile, String> {
    let mut p = saved.clone();
    if let Some(place) = &ask.place {
        p.place = pick(place, &Place::ALL, Place::word, "place")?;
    }
    if !ask.without.is_empty() {
        p.without = ask
            .without
            .iter()
            .filter(|w| !w.trim().is_empty())
            .map(|w| pick(w, &Equipment::ALL, Equipment::word, "thing to be without"))
            .collect::<Result<_, _>>()?;
    }
    if !ask.conditions.is_empty() {
        p.conditions = ask
            .conditions
            .iter()
            .map(|c| pick(c, &Condition::ALL, Condition::word, "condition"))
            .collect::<Result<_, _>>()?;
    }
    Ok(p)
}

/// `unhunch show ROUTINE [--json] [--without …] [--place …] [--condition …]`.
pub fn show(t: &mut Term<'_>, ask: &Ask) -> io::Result<ExitCode> {
    let loaded = super::local::load(&[]);
    let Some(routine) = loaded.catalogue.find_routine(&ask.routine) else {
        let ids = loaded.catalogue.routines.keys().map(String::as_str);
        let hint = crate::core::suggest::did_you_mean(&ask.routine, ids)
            .map_or_else(|| "; `unhunch routines` lists them".to_owned(), |s| format!("; did you mean {s:?}?"));
        writeln!(t.err, "unhunch show: there is no routine {:?}{hint}", ask.routine)?;
        return Ok(ExitCode::from(2));
    };
    let paths = Paths::from_env().ok();
    let settings = paths.as_ref().map(|p| files::load_settings(&p.settings()).settings).unwrap_or_default();
    let profile = match profile(&settings.profile, ask) {
        Ok(p) => p,
        Err(e) => {
            writeln!(t.err, "unhunch show: {e}")?;
            return Ok(ExitCode::from(2));
        }
    };
    let history = paths.as_ref().and_then(|p| files::read_history(&p.history()).ok()).map(|(h, _)| h);
    let now = SystemClock.now().wall.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let recent = history.map_or_else(Recent::default, |h| adapt::recent(&h, now));
    let level = settings.programme.level(&routine.id);
    let circumstances = Circumstances { profile: &profile, recent: &recent, level };
    let played = adapt::for_user(routine, &loaded.catalogue, &circumstances);
    let mut at = Duration::ZERO;
    let steps: Vec<ShownStep> = played
        .steps
        .iter()
        .map(|s| {
            let start = at;
            at += s.duration();
            let (exercise, dose, changes) = match s {
                Step::Exercise { exercise, dose, adjust, .. } => {
                    (Some(exercise.id.clone()), dose.describe(), adjust.clone())
                }
                Step::Rest { note, .. } => (None, note.clone(), Vec::new()),
            };
            ShownStep {
                at: start.as_secs(),
                seconds: s.duration().as_secs(),
                exercise,
                name: s.title().to_owned(),
                dose,
                changes,
            }
        })
        .collect();
    let shown = Shown {
        id: &played.id,
        name: &played.name,
        level: played.level,
        seconds: played.duration().as_secs(),
        place: profile.place.word(),
        without: profile.without.iter().map(|e| e.word()).collect(),
        conditions: profile.conditions.iter().map(|c| c.word()).collect(),
        changes: played.adjust.clone(),
        steps,
    };
    if ask.json {
        let text = serde_json::to_string_pretty(&shown).map_err(io::Error::other)?;
        writeln!(t.out, "{text}")?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        t.out,
        "{} as it plays for you: {}, {}",
        played.name,
        clock(played.duration()),
        crate::core::level::label(played.level)
    )?;
    let without = if profile.without.is_empty() {
        "everything to hand".to_owned()
    } else {
        format!("without {}", equipment_words(&profile.without))
    };
    let conditions: Vec<&str> = profile.conditions.iter().map(|c| c.label()).collect();
    let conditions = if conditions.is_empty() { "none told".to_owned() } else { conditions.join(", ") };
    writeln!(t.out, "{}, {without}; conditions: {conditions}", profile.place.label())?;
    for line in &played.adjust {
        writeln!(t.out, "  ! {line}")?;
    }
    writeln!(t.out)?;
    for s in &shown.steps {
        let when = clock(Duration::from_secs(s.at));
        writeln!(t.out, "{when:>6}  {:<32} {}", s.name, s.dose)?;
        for line in &s.changes {
            writeln!(t.out, "        ↳ {line}")?;
        }
    }
    let swaps = shown.steps.iter().map(|s| s.changes.len()).sum::<usize>() + played.adjust.len();
    if swaps == 0 {
        writeln!(t.out, "\nNothing changed: it plays as written.")?;
    }
    Ok(ExitCode::SUCCESS)
}
