//! `unhunch figure` (an exercise's figure as SVG) and `unhunch exercises` (every exercise, with
//! its figure and words, for people and for scripts).

use std::io;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::Term;
use crate::core::figure;
use crate::core::routine::{Action, MovePart};
use crate::platform::files;

/// What `unhunch figure` writes.
#[derive(Debug)]
pub enum Output<'a> {
    /// The drawing, as SVG, to this file (`-`: standard output).
    Svg(&'a Path),
    /// The pose as JSON, to standard output.
    PoseJson,
}

/// Which moment and which figure `unhunch figure` draws.
#[derive(Debug)]
pub struct Which {
    pub at: f32,
    pub right: bool,
    pub set: Option<u32>,
    pub condition: Option<String>,
}

/// `unhunch figure ID (--svg FILE | --pose-json) [--at FRACTION] [--right] [--set N] [--condition NAME]`.
pub fn figure(t: &mut Term<'_>, id: &str, output: &Output<'_>, which: &Which) -> io::Result<ExitCode> {
    let (at, right) = (which.at, which.right);
    let loaded = super::local::load(&[]);
    let Some(exercise) = loaded.catalogue.exercises.get(id) else {
        let ids = loaded.catalogue.exercises.keys().map(String::as_str);
        let hint = crate::core::suggest::did_you_mean(id, ids)
            .map_or_else(|| "; `unhunch exercises` lists them".to_owned(), |s| format!("; did you mean {s:?}?"));
        writeln!(t.err, "unhunch figure: no exercise {id:?}{hint}")?;
        return Ok(ExitCode::FAILURE);
    };
    let Some(fig) = &exercise.figure else {
        writeln!(t.err, "unhunch figure: {} has no figure yet (see `figure:` in exercises/README.md)", exercise.name)?;
        return Ok(ExitCode::FAILURE);
    };
    let condition = match which.condition.as_deref().map(|c| {
        super::show::pick(c, &crate::core::routine::Condition::ALL, crate::core::routine::Condition::word, "condition")
    }) {
        Some(Err(e)) => {
            writeln!(t.err, "unhunch figure: {e}")?;
            return Ok(ExitCode::from(2));
        }
        Some(Ok(c)) => Some(c),
        None => None,
    };
    let by_condition = condition.map(|c| fig.for_conditions(|k| k == c));
    let fig = by_condition.as_ref().unwrap_or(fig).for_set(which.set.unwrap_or(1));
    if !(0.0..=1.0).contains(&at) {
        writeln!(
            t.err,
            "unhunch figure: --at is {at}; it runs from 0 (the start) through 0.5 (the end of the move) to 1"
        )?;
        return Ok(ExitCode::from(2));
    }
    let pose = fig.pose_at(at);
    let svg = match output {
        Output::PoseJson => {
            let report = crate::core::pose_report::report(fig, &pose, right && fig.mirror);
            let text = serde_json::to_string_pretty(&report).map_err(io::Error::other)?;
            writeln!(t.out, "{text}")?;
            return Ok(ExitCode::SUCCESS);
        }
        Output::Svg(svg) => *svg,
    };
    let mirrored = right && fig.mirror;
    // Past the start, where the move started, faintly (as the window shows it while it moves).
    let start = fig.keys.first().map(|k| k.1).filter(|_| at > 0.02 && at < 0.98);
    let drawing = figure::draw_with(fig, &pose, mirrored, start.as_ref());
    let inset = figure::draw_inset(fig, &pose, mirrored);
    let small = inset.as_ref().zip(fig.inset);
    let text = figure::figure_svg(&drawing, fig.view, small, 420, &exercise.figure_label());
    if svg == Path::new("-") {
        t.out.write_all(text.as_bytes())?;
    } else if let Some(why) = not_a_file_to_write(svg) {
        writeln!(t.err, "unhunch figure: {why}")?;
        return Ok(ExitCode::FAILURE);
    } else if let Err(e) = files::write_atomic(svg, text.as_bytes()) {
        writeln!(t.err, "unhunch figure: {e}")?;
        return Ok(ExitCode::FAILURE);
    } else {
        writeln!(t.out, "{}", svg.display())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One exercise in `unhunch exercises --json`.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    name: &'a str,
    family: &'static str,
    position: &'static str,
    equipment: Vec<&'static str>,
    avoid_with: Vec<&'static str>,
    /// Every caution: `{condition, action, words}`.
    cautions: Vec<CautionRow<'a>>,
    alternatives: &'a [String],
    view: Option<String>,
    keyframes: usize,
    /// The figure's variants: `set2`, `shoulder-instability` (see `--set` and `--condition`).
    variants: Vec<String>,
    phase_words: Words<'a>,
    dose: String,
}

#[derive(Serialize)]
struct CautionRow<'a> {
    condition: &'static str,
    action: &'static str,
    words: &'a str,
}

#[derive(Serialize)]
struct Words<'a> {
    up: &'a str,
    hold: &'a str,
    down: &'a str,
    release: &'a str,
    timed: &'a str,
    left: String,
    right: String,
}

/// `unhunch exercises [--json]`.
pub fn exercises(t: &mut Term<'_>, json: bool) -> io::Result<ExitCode> {
    let loaded = super::local::load(&[]);
    let rows: Vec<Row<'_>> = loaded
        .catalogue
        .exercises
        .values()
        .map(|e| Row {
            id: &e.id,
            name: &e.name,
            family: e.family.label(),
            position: e.position.label(),
            equipment: e.equipment.iter().map(|q| q.title()).collect(),
            avoid_with: e.cautions.iter().filter(|c| c.action == Action::Skip).map(|c| c.condition.word()).collect(),
            cautions: e
                .cautions
                .iter()
                .map(|c| CautionRow {
                    condition: c.condition.word(),
                    action: match c.action {
                        Action::Skip => "skip",
                        Action::Modify => "modify",
                    },
                    words: &c.words,
                })
                .collect(),
            alternatives: &e.alternatives,
            view: e.figure.as_ref().map(|f| format!("{:?}", f.view)),
            keyframes: e.figure.as_ref().map_or(0, |f| f.keys.len()),
            variants: e.figure.as_ref().map_or_else(Vec::new, |f| f.variants.iter().map(|(v, _)| v.slug()).collect()),
            phase_words: Words {
                up: e.words.word(MovePart::Up),
                hold: e.words.word(MovePart::Hold),
                down: e.words.word(MovePart::Down),
                release: e.words.word(MovePart::Release),
                timed: e.words.word(MovePart::Timed),
                left: e.words.side(false),
                right: e.words.side(true),
            },
            dose: e.dose.describe(),
        })
        .collect();
    if json {
        let text = serde_json::to_string_pretty(&rows).map_err(io::Error::other)?;
        writeln!(t.out, "{text}")?;
    } else {
        writeln!(t.out, "{:<24} {:<30} {:<8} {:>4}  WORDS", "ID", "NAME", "VIEW", "KEYS")?;
        for r in &rows {
            let words = format!("{} / {} / {}", r.phase_words.up, r.phase_words.hold, r.phase_words.down);
            let view = r.view.as_deref().unwrap_or("none");
            writeln!(t.out, "{:<24} {:<30} {view:<8} {:>4}  {words}", r.id, r.name, r.keyframes)?;
        }
    }
    if loaded.error_count() > 0 {
        writeln!(t.err, "unhunch exercises: files with problems hid some entries; run `unhunch check` for details")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Why `path` is no place to write a drawing, if it is not: only a regular file is replaced, and
/// a new file only goes into a folder that exists (a device, a pipe or a folder is never
/// replaced, and no folder is made).
fn not_a_file_to_write(path: &Path) -> Option<String> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => None,
        Ok(_) => Some(format!(
            "{} is not a regular file (a folder, a device or a pipe); give the name of a file to write",
            path.display()
        )),
        Err(_) => {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            (!parent.is_dir()).then(|| format!("the folder {} does not exist; make it first", parent.display()))
        }
    }
}
