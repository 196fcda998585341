//! The user's routine and exercise files: where a definition is saved, saving with a backup of the
//! previous version, moving a file to the trash instead of deleting it, and new-file templates.
//!
//! Backups and the trash live in the data folder (`~/.local/share/unhunch/{backups,trash}`), outside
//! the routines folder, so they are never loaded as routines.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use super::files::{FileError, Paths, write_atomic};
use crate::core::catalogue::parse_document;
use crate::core::routine::Document;

/// The file a definition with this id is saved to in the user's folder.
pub fn user_path(paths: &Paths, id: &str) -> PathBuf {
    paths.routines().join(format!("{}.ron", file_stem(id)))
}

/// An id made safe as a file name: anything but letters, digits, `-` and `_` becomes `-`, so an id
/// can never name a path outside the folder.
fn file_stem(id: &str) -> String {
    let stem: String =
        id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    if stem.trim_matches('-').is_empty() { "unnamed".to_owned() } else { stem }
}

/// A lowercase id from a display name: "My Desk Routine!" → `my-desk-routine`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').chars().take(48).collect::<String>();
    if out.is_empty() { "my-routine".to_owned() } else { out }
}

/// `base`, or `base-2`, `base-3`… whichever `taken` does not contain.
pub fn unique_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..10_000).map(|n| format!("{base}-{n}")).find(|id| !taken(id)).unwrap_or_else(|| base.to_owned())
}

fn stamp(now: SystemTime) -> u64 {
    now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Where `path` goes in `folder` (`backups` or `trash`) with a timestamp, never over another file.
fn aside(paths: &Paths, folder: &str, path: &Path, now: SystemTime) -> PathBuf {
    let name = path.file_name().map_or_else(|| "file.ron".into(), |n| n.to_string_lossy().into_owned());
    let dir = paths.data.join(folder);
    let first = dir.join(format!("{name}.{}", stamp(now)));
    (1..10_000)
        .map(|n| if n == 1 { first.clone() } else { dir.join(format!("{name}.{}-{n}", stamp(now))) })
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Saves `text` to `path` atomically; the previous version, if any, is copied to the backups
/// folder first. Returns the backup's path.
pub fn save(paths: &Paths, path: &Path, text: &str, now: SystemTime) -> Result<Option<PathBuf>, FileError> {
    let backup = if path.exists() {
        let to = aside(paths, "backups", path, now);
        let err = |source| FileError::Write { path: to.clone(), source };
        fs::create_dir_all(paths.data.join("backups")).map_err(err)?;
        fs::copy(path, &to).map_err(err)?;
        Some(to)
    } else {
        None
    };
    write_atomic(path, text.as_bytes())?;
    Ok(backup)
}

/// Moves `path` to the trash folder (never deletes it). Returns where it went.
pub fn trash(paths: &Paths, path: &Path, now: SystemTime) -> Result<PathBuf, FileError> {
    let to = aside(paths, "trash", path, now);
    let err = |source| FileError::Write { path: to.clone(), source };
    fs::create_dir_all(paths.data.join("trash")).map_err(err)?;
    if fs::rename(path, &to).is_err() {
        // Another file system: copy, then remove.
        fs::copy(path, &to).map_err(err)?;
        fs::remove_file(path).map_err(|source| FileError::Write { path: path.to_path_buf(), source })?;
    }
    Ok(to)
}

/// Reads a file's text (for the editor's "changed on disk?" check); `None` if it is gone.
pub fn read_text(path: &Path) -> Option<String> {
    fs::read_to_string(path).ok()
}

/// Which kind of file `unhunch new` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Routine,
    Exercise,
}

/// A commented template for a new routine or exercise called `name`, with id `id`. It passes
/// `unhunch check` as written, so the user starts from something that works.
pub fn template(kind: Kind, id: &str, name: &str) -> String {
    let id = ron::to_string(id).unwrap_or_default();
    let name = ron::to_string(name).unwrap_or_default();
    match kind {
        Kind::Routine => format!(
            r#"// A routine: steps played in order. The format is in exercises/README.md; `unhunch check` lints it.
// `unhunch routines --exercises` lists the exercises you can use.
Routine(
    id: {id},
    name: {name},
    summary: "What it is for, in one line.",
    steps: [
        // An exercise with its own dose (from its file)…
        Do(exercise: "shoulder-rolls"),
        // …or with parts of the dose changed: Hold(seconds, reps, release), Reps(reps, tempo) or Timed(seconds),
        // plus sets, rest (between sets), sides (Symmetric, EachSide, Alternating), switch and get_ready.
        Do(exercise: "chin-tuck", work: Hold(seconds: 3, reps: 5, release: 1), get_ready: 2),
        // A short rest between exercises.
        Rest(seconds: 5, note: "Shake out your arms."),
        Do(exercise: "far-gaze", work: Timed(seconds: 20)),
    ],
)
"#
        ),
        Kind::Exercise => format!(
            r#"// An exercise: how to do it and its usual dose. The format is in exercises/README.md; `unhunch check` lints it.
Exercise(
    id: {id},
    name: {name},
    // Mobility, Strength, Movement or Relaxation.
    family: Mobility,
    summary: "What it does, in one line.",
    // Seated, Standing, SeatedOrStanding or Floor.
    position: Seated,
    // Chair, Wall, Doorway, Desk, Band, Mat, Weights.
    equipment: [Chair],
    // Short instructions, shown one at a time during the exercise.
    cues: [
        "Sit tall.",
        "Move slowly, without pain.",
    ],
    breathing: "Breathe normally throughout.",
    mistakes: [
        "Holding your breath.",
    ],
    // When to stop at once.
    stop_if: [
        "Sharp pain, numbness or tingling.",
    ],
    // Hold(seconds, reps, release), Reps(reps, tempo: (up, hold, down)) or Timed(seconds);
    // sets, rest, sides (Symmetric, EachSide, Alternating), switch, get_ready.
    dose: (work: Hold(seconds: 10, reps: 3, release: 2), get_ready: 3),
)
"#
        ),
    }
}

/// Whether `text` is a definition of the given kind (used to check templates).
pub fn is_kind(text: &str, kind: Kind) -> bool {
    matches!(
        (parse_document(text), kind),
        (Ok(Document::Routine(_)), Kind::Routine) | (Ok(Document::Exercise(_)), Kind::Exercise)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalogue::{SourceFile, load};
    use crate::core::routine::Origin;

    fn paths(dir: &Path) -> Paths {
        Paths { config: dir.join("config"), data: dir.join("data"), state: dir.join("state") }
    }

    #[test]
    fn templates_pass_the_linter_as_written() {
        for kind in [Kind::Routine, Kind::Exercise] {
            let text = template(kind, "my-thing", "My \"thing\"");
            assert!(is_kind(&text, kind), "{text}");
            let mut sources = crate::core::builtin::sources();
            sources.push(SourceFile { path: "my-thing.ron".into(), origin: Origin::User, text });
            let loaded = load(&sources);
            assert_eq!(loaded.error_count(), 0, "{:?}", loaded.diagnostics);
        }
    }

    #[test]
    fn ids_become_safe_file_names_and_names_become_ids() {
        let p = paths(Path::new("/h"));
        assert_eq!(user_path(&p, "posture-reset"), Path::new("/h/config/routines/posture-reset.ron"));
        assert_eq!(user_path(&p, "../../etc/passwd"), Path::new("/h/config/routines/------etc-passwd.ron"));
        assert_eq!(user_path(&p, "/"), Path::new("/h/config/routines/unnamed.ron"));
        assert_eq!(slug("My Desk Routine!"), "my-desk-routine");
        assert_eq!(slug("Ünïcødé — 肩"), "n-c-d");
        assert_eq!(slug("!!!"), "my-routine");
        assert_eq!(unique_id("a", |id| ["a", "a-2"].contains(&id)), "a-3");
    }

    #[test]
    fn saving_keeps_the_previous_version_and_trash_keeps_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        let file = user_path(&p, "mine");
        let t = UNIX_EPOCH + std::time::Duration::from_secs(1000);
        assert_eq!(save(&p, &file, "one", t).unwrap(), None, "nothing to back up the first time");
        let backup = save(&p, &file, "two", t).unwrap().unwrap();
        assert_eq!(fs::read_to_string(&backup).unwrap(), "one");
        let again = save(&p, &file, "three", t).unwrap().unwrap();
        assert_ne!(again, backup, "a second backup in the same second does not overwrite the first");
        assert_eq!(fs::read_to_string(&file).unwrap(), "three");
        let trashed = trash(&p, &file, t).unwrap();
        assert!(!file.exists());
        assert_eq!(fs::read_to_string(trashed).unwrap(), "three");
    }
}
