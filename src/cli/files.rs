//! `unhunch new routine|exercise NAME` and `unhunch edit ID`: routine files from the terminal.

use std::io;

use super::Term;
use std::path::Path;
use std::process::ExitCode;

use crate::core::ports::Clock as _;
use crate::core::routine::Origin;
use crate::platform::clock::SystemClock;
use crate::platform::files::{self, Paths};
use crate::platform::routine_files::{self, Kind};

/// Writes a commented template for a new routine or exercise and prints its path.
pub fn new_file(t: &mut Term<'_>, kind: Kind, name: &str) -> io::Result<ExitCode> {
    let name = name.trim();
    if name.is_empty() {
        writeln!(t.err, "unhunch new: give a name, e.g. `unhunch new routine \"Desk reset\"`")?;
        return Ok(ExitCode::from(2));
    }
    let paths = match Paths::from_env() {
        Ok(p) => p,
        Err(e) => {
            writeln!(t.err, "unhunch new: {e}")?;
            return Ok(ExitCode::FAILURE);
        }
    };
    let id = routine_files::slug(name);
    let path = routine_files::user_path(&paths, &id);
    let loaded = files::load_library(&paths);
    let builtin =
        [loaded.catalogue.routines.get(&id).map(|r| r.origin), loaded.catalogue.exercises.get(&id).map(|e| e.origin)]
            .into_iter()
            .flatten()
            .any(|o| o == Origin::BuiltIn);
    if path.exists() {
        writeln!(
            t.err,
            "unhunch new: {} already exists; open it with `unhunch edit {id}` or pick another name",
            path.display()
        )?;
        return Ok(ExitCode::FAILURE);
    }
    if builtin {
        writeln!(
            t.err,
            "unhunch new: a built-in already has the id {id:?}; to change it run `unhunch edit {id}` (which copies it \
             to your folder), or pick another name"
        )?;
        return Ok(ExitCode::FAILURE);
    }
    let text = routine_files::template(kind, &id, name);
    if let Err(e) = routine_files::save(&paths, &path, &text, SystemClock.now().wall) {
        writeln!(t.err, "unhunch new: {e}")?;
        return Ok(ExitCode::FAILURE);
    }
    writeln!(t.out, "{}", path.display())?;
    Ok(ExitCode::SUCCESS)
}

/// Opens a routine or exercise file in `$VISUAL`, `$EDITOR` or the desktop's handler. A built-in is
/// copied to the user's folder first (its comments too); the copy is what gets edited and used.
pub fn edit(t: &mut Term<'_>, key: &str) -> io::Result<ExitCode> {
    let paths = match Paths::from_env() {
        Ok(p) => p,
        Err(e) => {
            writeln!(t.err, "unhunch edit: {e}")?;
            return Ok(ExitCode::FAILURE);
        }
    };
    let loaded = files::load_library(&paths);
    let cat = &loaded.catalogue;
    let found = cat
        .find_routine(key)
        .map(|r| (r.id.clone(), r.origin, r.path.clone()))
        .or_else(|| cat.exercises.get(key).map(|e| (e.id.clone(), e.origin, e.path.clone())));
    let Some((id, origin, shown)) = found else {
        let hint = crate::core::suggest::did_you_mean(
            key,
            cat.routines.keys().chain(cat.exercises.keys()).map(String::as_str),
        )
        .map_or_else(String::new, |s| format!("; did you mean {s:?}?"));
        writeln!(t.err, "unhunch edit: no routine or exercise {key:?}{hint} (see `unhunch routines`)")?;
        return Ok(ExitCode::FAILURE);
    };
    let path = match origin {
        Origin::User => std::path::PathBuf::from(shown),
        Origin::BuiltIn => {
            let path = routine_files::user_path(&paths, &id);
            if !path.exists() {
                let Some(text) = crate::core::builtin::sources().into_iter().find(|s| s.path == shown).map(|s| s.text)
                else {
                    writeln!(t.err, "unhunch edit: the built-in {id:?} could not be found")?;
                    return Ok(ExitCode::FAILURE);
                };
                if let Err(e) = routine_files::save(&paths, &path, &text, SystemClock.now().wall) {
                    writeln!(t.err, "unhunch edit: {e}")?;
                    return Ok(ExitCode::FAILURE);
                }
                writeln!(t.out, "Copied the built-in {id:?} to {}; your copy is used from now on.", path.display())?;
            }
            path
        }
    };
    open_in_editor(t, &path)
}

/// `$VISUAL`, then `$EDITOR` (run in this terminal and waited for), else `xdg-open`.
fn open_in_editor(t: &mut Term<'_>, path: &Path) -> io::Result<ExitCode> {
    let editor = ["VISUAL", "EDITOR"].iter().find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()));
    let Some(editor) = editor else {
        return match crate::platform::spawn::open_with_desktop(path) {
            Ok(()) => {
                writeln!(t.out, "Opened {} with your desktop's editor.", path.display())?;
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                writeln!(t.err, "unhunch edit: {e}; or set $EDITOR. The file is {}", path.display())?;
                Ok(ExitCode::FAILURE)
            }
        };
    };
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    match std::process::Command::new(program).args(words).arg(path).status() {
        Ok(status) if status.success() => {
            // Lint what was saved, so a typo is seen now rather than at the next break.
            let (sources, problems) = files::read_paths(&[path.to_path_buf()]);
            let mut all = crate::core::builtin::sources();
            all.extend(sources);
            let mut loaded = crate::core::catalogue::load(&all);
            loaded.diagnostics.extend(problems);
            for d in loaded.diagnostics.iter().filter(|d| Path::new(&d.path) == path) {
                write!(t.err, "{}", d.render())?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Ok(status) => {
            writeln!(t.err, "unhunch edit: {program} exited with {status}; the file is {}", path.display())?;
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            writeln!(
                t.err,
                "unhunch edit: could not run {program:?} ($VISUAL/$EDITOR): {e}; the file is {}",
                path.display()
            )?;
            Ok(ExitCode::FAILURE)
        }
    }
}
