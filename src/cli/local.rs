//! The commands that work on this machine's files, without the engine: `check`, `routines`,
//! `paths`, `safety` and `autostart`.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{OnOff, Term};
use crate::core::builtin;
use crate::core::catalogue::{self, Diagnostic, Loaded, Severity, SourceFile};
use crate::core::routine::Position;
use crate::core::units::clock;
use crate::platform::files::{self, Paths};

/// The user's folder, or a note on why there is none.
fn user_dir() -> Result<PathBuf, String> {
    Paths::from_env().map(|p| p.routines()).map_err(|e| e.to_string())
}

/// Loads built-ins plus either the given paths or the user's folder.
pub(super) fn load(paths: &[PathBuf]) -> Loaded {
    let mut sources: Vec<SourceFile> = builtin::sources();
    let (user, mut problems) = if paths.is_empty() {
        match user_dir() {
            Ok(dir) => files::read_dir_sources(&dir, crate::core::routine::Origin::User),
            Err(e) => (Vec::new(), vec![Diagnostic::file("~/.config/unhunch", e)]),
        }
    } else {
        files::read_paths(paths)
    };
    sources.extend(user);
    let mut loaded = catalogue::load(&sources);
    loaded.diagnostics.append(&mut problems);
    loaded
}

/// `unhunch check [PATH…]`: every problem as `path:line:col`, then the totals; 1 when there are errors.
pub fn check(t: &mut Term<'_>, paths: &[PathBuf]) -> io::Result<ExitCode> {
    let mut loaded = load(paths);
    loaded.diagnostics.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    for d in &loaded.diagnostics {
        write!(t.out, "{}", d.render())?;
    }
    let errors = loaded.error_count();
    let warnings = loaded.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    let plural = |n: usize, word: &str| if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") };
    writeln!(
        t.out,
        "{}, {}, {}{}",
        plural(loaded.catalogue.exercises.len(), "exercise"),
        plural(loaded.catalogue.routines.len(), "routine"),
        plural(errors, "error"),
        if warnings > 0 { format!(", {}", plural(warnings, "warning")) } else { String::new() },
    )?;
    Ok(if errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// `unhunch routines [--exercises]`: what can be played, with durations.
pub fn routines(t: &mut Term<'_>, exercises: bool) -> io::Result<ExitCode> {
    let loaded = load(&[]);
    let errors = loaded.error_count();
    let cat = &loaded.catalogue;
    if exercises {
        writeln!(t.out, "{:<26} {:<36} {:<10} {:<18} DOSE", "ID", "NAME", "FAMILY", "POSITION")?;
        for e in cat.exercises.values() {
            let family = e.family.label().to_lowercase();
            let position = match e.position {
                Position::SeatedOrStanding => "seated/standing".to_owned(),
                Position::Floor => "floor (home)".to_owned(),
                Position::Seated | Position::Standing => e.position.label().to_lowercase(),
            };
            writeln!(t.out, "{:<26} {:<36} {family:<10} {position:<18} {}", e.id, e.name, e.dose.describe())?;
        }
    } else {
        writeln!(t.out, "{:<26} {:<28} {:>6}  {:<8} NEEDS", "ID", "NAME", "TIME", "FROM")?;
        for r in cat.routines.values() {
            let needs: Vec<String> = r.equipment().iter().map(|e| e.title().to_lowercase()).collect();
            let from = match r.origin {
                crate::core::routine::Origin::BuiltIn => "built-in",
                crate::core::routine::Origin::User => "yours",
            };
            let needs = if needs.is_empty() { "nothing".to_owned() } else { needs.join(", ") };
            writeln!(t.out, "{:<26} {:<28} {:>6}  {from:<8} {needs}", r.id, r.name, clock(r.duration()))?;
        }
    }
    if errors > 0 {
        let what =
            if errors == 1 { "A file with a problem hid some entries" } else { "Files with problems hid some entries" };
        writeln!(t.out, "\n{what}; run `unhunch check` for details.")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `unhunch safety`: the notice and the red flags, with the local emergency number if set.
pub fn safety(t: &mut Term<'_>) -> io::Result<ExitCode> {
    let number =
        Paths::from_env().map(|p| files::load_settings(&p.settings()).settings.emergency_number).unwrap_or_default();
    write!(t.out, "{}", crate::core::safety::as_text(&number))?;
    Ok(ExitCode::SUCCESS)
}

/// `unhunch desk`: the desk check, as the window asks it.
pub fn desk(t: &mut Term<'_>) -> io::Result<ExitCode> {
    write!(t.out, "{}", crate::core::desk::as_text())?;
    Ok(ExitCode::SUCCESS)
}

/// `unhunch paths`: where Unhunch keeps its files.
pub fn show_paths(t: &mut Term<'_>) -> io::Result<ExitCode> {
    match Paths::from_env() {
        Ok(p) => {
            writeln!(t.out, "settings:  {}", p.settings().display())?;
            writeln!(t.out, "routines:  {}", p.routines().display())?;
            writeln!(t.out, "history:   {}", p.history().display())?;
            writeln!(t.out, "log:       {}", p.engine_log().display())?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            writeln!(t.err, "unhunch paths: {e}")?;
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `unhunch autostart [on|off]`.
pub fn autostart(t: &mut Term<'_>, state: Option<OnOff>) -> io::Result<ExitCode> {
    use crate::platform::autostart;
    let result = match state {
        Some(s) => autostart::set(s == OnOff::On).map(|path| (s == OnOff::On, path)),
        None => autostart::entry_path().map(|path| (path.exists(), path)),
    };
    match result {
        Ok((true, path)) => writeln!(t.out, "The reminder engine starts at login ({}).", path.display())?,
        Ok((false, path)) => writeln!(t.out, "The reminder engine does not start at login (no {}).", path.display())?,
        Err(e) => {
            writeln!(t.err, "unhunch autostart: {e}")?;
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}
