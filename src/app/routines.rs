//! The Routines screen: the library (routines, exercises, problems), the editor for one file, and
//! the questions before anything unsaved is lost. It owns its state and carries out its own
//! [`RoutinesCommand`]s: opening files in the editor (customizing a built-in copies it first),
//! saving with a backup, moving files to the trash, and reloading when the folder changes. What
//! the window must do as a result comes back as [`Outcome`]s.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use egui::RichText;

use super::command::{Answer, AppCommand, RoutinesCommand, Target};
use super::editor::{Editor, EditorAction};
use super::library::{LibraryPanel, LibraryView};
use super::question;
use super::{labels, theme};
use crate::core::catalogue::{Catalogue, Diagnostic, Loaded, parse_document};
use crate::core::document::{Document, check_document};
use crate::core::kind::BreakKind;
use crate::core::routine::{
    DoseDef, ExerciseDef, Family, Origin, PhaseWords, Position, Routine, RoutineDef, Sides, Work,
};
use crate::core::units::Seconds;
use crate::platform::files::Paths;
use crate::platform::routine_files;

/// What the window must do after a command.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Tell the user (a banner).
    Error(String),
    /// Play this routine as a preview (not a break).
    Preview(Box<Routine>),
    /// The routine files were read again (an in-process engine takes the new catalogue).
    Reloaded,
    /// Show the Routines tab.
    ShowRoutines,
}

/// A question the screen is waiting on.
#[derive(Clone, Debug, PartialEq)]
enum Question {
    /// The editor has unsaved changes; `then` is what the user asked for (`None`: close the editor).
    Leave { then: Option<Box<RoutinesCommand>> },
    /// Move this file to the trash? `used_by` names the routines that need this exercise.
    Delete { target: Target, path: PathBuf, name: String, used_by: Vec<String> },
}

/// The Routines screen. See the module docs.
pub struct RoutinesScreen {
    /// The routines and exercises, and every problem in their files.
    loaded: Loaded,
    /// Ids of the files in the user's folder (loading or not), as of the last reload.
    user_ids: BTreeSet<String>,
    paths: Paths,
    library: LibraryPanel,
    editor: Option<Editor>,
    question: Option<Question>,
    /// Set by the folder watcher: read the routine files again.
    changed: Arc<AtomicBool>,
    _watch: Option<crate::platform::watch::DirWatcher>,
    /// What the window must do, collected as commands are carried out.
    out: Vec<Outcome>,
}

impl std::fmt::Debug for RoutinesScreen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RoutinesScreen")
            .field("editing", &self.editor.as_ref().map(|e| e.doc.id()))
            .finish_non_exhaustive()
    }
}

/// The ids of the `.ron` files in the user's folder.
fn user_ids(paths: &Paths) -> BTreeSet<String> {
    std::fs::read_dir(paths.routines())
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".ron")).map(str::to_owned))
        .collect()
}

impl RoutinesScreen {
    /// The screen for the routines in `paths`, watched for changes (`wake` is called on one).
    /// A folder that cannot be watched is said in the returned note.
    pub fn new(paths: Paths, wake: impl Fn() + Send + Sync + 'static) -> (Self, Option<String>) {
        let loaded = crate::platform::files::load_library(&paths);
        Self::with_loaded(paths, loaded, wake)
    }

    /// The screen for `loaded`, read from `paths` already (while the window was opening).
    pub fn with_loaded(
        paths: Paths,
        loaded: Loaded,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> (Self, Option<String>) {
        let changed = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&changed);
        let (watch, note) = match crate::platform::watch::DirWatcher::start(&paths.routines(), move || {
            flag.store(true, Ordering::SeqCst);
            wake();
        }) {
            Ok(w) => (Some(w), None),
            Err(e) => (None, Some(format!("Changes to routine files will show after a restart: {e}"))),
        };
        let screen = Self {
            loaded,
            user_ids: user_ids(&paths),
            paths,
            library: LibraryPanel::default(),
            editor: None,
            question: None,
            changed,
            _watch: watch,
            out: Vec::new(),
        };
        (screen, note)
    }

    /// The loaded routines and exercises.
    pub fn catalogue(&self) -> &Catalogue {
        &self.loaded.catalogue
    }

    /// Everything loaded, with the problems (for an in-process engine).
    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    /// Problems in the routine files, as shown in the Problems list.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.loaded.diagnostics
    }

    /// How many files have errors (for the tab's label).
    pub fn error_count(&self) -> usize {
        self.loaded.error_count()
    }

    /// The open editor, if any.
    pub fn editor(&self) -> Option<&Editor> {
        self.editor.as_ref()
    }

    /// True when the editor holds edits that are not saved.
    pub fn is_dirty(&self) -> bool {
        self.editor.as_ref().is_some_and(Editor::is_dirty)
    }

    /// True while the screen waits for an answer.
    pub fn is_asking(&self) -> bool {
        self.question.is_some()
    }

    /// What the window must do, since it last asked.
    pub fn take_outcomes(&mut self) -> Vec<Outcome> {
        std::mem::take(&mut self.out)
    }

    /// Reads the files again if the folder changed (the watcher said so).
    pub fn reload_if_changed(&mut self) {
        if self.changed.swap(false, Ordering::SeqCst) {
            self.reload();
        }
    }

    /// Draws the screen: the list on the left, the editor or the selected item's details. `plays_as`
    /// says which break plays a routine id (to warn when it is far too long for it).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        plays_as: impl Fn(&str) -> Option<BreakKind>,
        for_you: Option<super::library::ForYou<'_>>,
    ) -> Option<AppCommand> {
        let view = LibraryView {
            catalogue: &self.loaded.catalogue,
            diagnostics: &self.loaded.diagnostics,
            builtin_ids: &self.loaded.builtin_ids,
            can_start: true,
            for_you,
        };
        let listed = self.library.ui(ui, &view, self.editor.is_some());
        let catalogue = &self.loaded.catalogue;
        let edited = self.editor.as_mut().and_then(|editor| {
            editor.plays_as = plays_as(editor.doc.id());
            egui::CentralPanel::no_frame()
                .show(ui, |ui| editor.ui(ui, catalogue))
                .inner
                .map(|a| AppCommand::Routines(RoutinesCommand::Editor(a)))
        });
        listed.or(edited)
    }

    /// Carries out a command; `wall` stamps backups and the trash.
    pub fn apply(&mut self, cmd: RoutinesCommand, wall: SystemTime) {
        let opens = match &cmd {
            RoutinesCommand::Edit(_)
            | RoutinesCommand::NewRoutine
            | RoutinesCommand::NewExercise
            | RoutinesCommand::Duplicate(_)
            | RoutinesCommand::Select(_)
            | RoutinesCommand::ShowProblems => true,
            RoutinesCommand::AskDelete(_)
            | RoutinesCommand::Reveal(_)
            | RoutinesCommand::OpenFile(_)
            | RoutinesCommand::Editor(_)
            | RoutinesCommand::Answer(_) => false,
        };
        if opens && self.is_dirty() {
            self.question = Some(Question::Leave { then: Some(Box::new(cmd)) });
            return;
        }
        match cmd {
            RoutinesCommand::Edit(target) => self.open(&target),
            RoutinesCommand::Select(target) => {
                self.editor = None;
                self.library.select(target);
            }
            RoutinesCommand::ShowProblems => {
                self.editor = None;
                self.library.show_problems();
            }
            RoutinesCommand::NewRoutine => self.create(true),
            RoutinesCommand::NewExercise => self.create(false),
            RoutinesCommand::Duplicate(target) => self.duplicate(&target),
            RoutinesCommand::AskDelete(target) => self.ask_delete(target),
            RoutinesCommand::Reveal(path) => {
                let dir = path.parent().map_or_else(|| self.paths.routines(), Path::to_path_buf);
                if let Err(e) = crate::platform::spawn::open_with_desktop(&dir) {
                    self.out.push(Outcome::Error(format!("Could not show {}: {e}", dir.display())));
                }
            }
            RoutinesCommand::OpenFile(path) => {
                if let Err(e) = crate::platform::spawn::open_with_desktop(&path) {
                    self.out.push(Outcome::Error(format!("Could not open {}: {e}", path.display())));
                }
            }
            RoutinesCommand::Editor(action) => self.editor_action(action, wall),
            RoutinesCommand::Answer(answer) => self.answer(answer, wall),
        }
    }

    fn ask_delete(&mut self, target: Target) {
        let found = match &target {
            Target::Routine(id) => self.loaded.catalogue.routines.get(id).map(|r| (r.path.clone(), r.name.clone())),
            Target::Exercise(id) => self.loaded.catalogue.exercises.get(id).map(|e| (e.path.clone(), e.name.clone())),
        };
        let Some((path, name)) = found else { return };
        let used_by = match &target {
            Target::Exercise(id) => self
                .loaded
                .catalogue
                .routines
                .values()
                .filter(|r| {
                    r.steps.iter().any(
                        |s| matches!(s, crate::core::routine::Step::Exercise { exercise, .. } if exercise.id == *id),
                    )
                })
                .map(|r| r.name.clone())
                .collect(),
            Target::Routine(_) => Vec::new(),
        };
        self.question = Some(Question::Delete { target, path: PathBuf::from(path), name, used_by });
    }

    fn editor_action(&mut self, action: EditorAction, wall: SystemTime) {
        match action {
            EditorAction::Save => {
                self.save(wall);
            }
            EditorAction::Preview => {
                let routine = self.editor.as_ref().and_then(|e| check_document(&e.doc, &self.loaded.catalogue).routine);
                if let Some(routine) = routine {
                    self.out.push(Outcome::Preview(Box::new(routine)));
                }
            }
            EditorAction::Close => {
                if self.is_dirty() {
                    self.question = Some(Question::Leave { then: None });
                } else {
                    self.editor = None;
                }
            }
            EditorAction::ReloadFromDisk => {
                let Some(editor) = &mut self.editor else { return };
                match routine_files::read_text(&editor.path).map(|t| (parse_document(&t), t)) {
                    Some((Ok(doc), text)) => {
                        editor.load_from_disk(doc, text);
                        editor.notice = Some("Reloaded from disk; Undo brings your version back.".to_owned());
                    }
                    Some((Err(e), _)) => self.out.push(Outcome::Error(format!(
                        "{}:{}:{}: {} — the file on disk has an error, so your version stays open.",
                        editor.path.display(),
                        e.line,
                        e.col,
                        e.message
                    ))),
                    None => {
                        let gone = format!("{} is gone from disk; Save writes it again.", editor.path.display());
                        self.out.push(Outcome::Error(gone));
                    }
                }
            }
            EditorAction::KeepMine => {
                if let Some(editor) = &mut self.editor {
                    editor.disk = routine_files::read_text(&editor.path);
                    editor.conflict = false;
                    editor.notice = Some(
                        "Keeping your version: Save replaces the file (the other version is backed up).".to_owned(),
                    );
                }
            }
            EditorAction::Undo | EditorAction::Redo => {}
        }
    }

    fn answer(&mut self, answer: Answer, wall: SystemTime) {
        let Some(question) = self.question.take() else { return };
        match (question, answer) {
            (Question::Leave { .. } | Question::Delete { .. }, Answer::Cancel) => {}
            (Question::Leave { then }, Answer::Save | Answer::Proceed) => {
                if answer == Answer::Save && !self.save(wall) {
                    return;
                }
                self.editor = None;
                if let Some(then) = then {
                    self.apply(*then, wall);
                }
            }
            (Question::Delete { path, name, .. }, Answer::Proceed | Answer::Save) => {
                match routine_files::trash(&self.paths, &path, wall) {
                    Ok(to) => {
                        let moved = format!("Moved {name:?} to {}; move it back to restore it.", to.display());
                        self.out.push(Outcome::Error(moved));
                        if self.editor.as_ref().is_some_and(|e| e.path == path) {
                            self.editor = None;
                        }
                        self.reload();
                    }
                    Err(e) => self.out.push(Outcome::Error(format!("Could not delete {name:?}: {e}"))),
                }
            }
        }
    }

    /// The definition behind a catalogue item: the user's file, or the built-in's source.
    fn definition(&self, target: &Target) -> Result<(Document, Origin, PathBuf), OpenError> {
        let (origin, path, id) = match target {
            Target::Routine(id) => self.loaded.catalogue.routines.get(id).map(|r| (r.origin, r.path.clone(), id)),
            Target::Exercise(id) => self.loaded.catalogue.exercises.get(id).map(|e| (e.origin, e.path.clone(), id)),
        }
        .ok_or_else(|| OpenError::Gone(target.id().to_owned()))?;
        let text = match origin {
            Origin::User => {
                routine_files::read_text(Path::new(&path)).ok_or_else(|| OpenError::Unreadable(path.clone()))?
            }
            Origin::BuiltIn => crate::core::builtin::sources()
                .into_iter()
                .find(|s| s.path == path)
                .map(|s| s.text)
                .ok_or_else(|| OpenError::NoBuiltIn(id.clone()))?,
        };
        let doc = parse_document(&text)
            .map_err(|e| OpenError::Unparsable { at: format!("{path}:{}:{}", e.line, e.col), message: e.message })?;
        Ok((doc, origin, PathBuf::from(path)))
    }

    fn open(&mut self, target: &Target) {
        match self.definition(target) {
            Ok((doc, Origin::User, path)) => {
                let disk = routine_files::read_text(&path);
                self.editor = Some(Editor::new(doc, path, disk));
            }
            Ok((doc, Origin::BuiltIn, _)) => {
                // Customizing: the copy goes to the user's folder; the built-in is never touched.
                let path = routine_files::user_path(&self.paths, doc.id());
                if path.exists() {
                    self.out.push(Outcome::Error(format!(
                        "{} already exists but has errors (see Problems); fix or delete it first.",
                        path.display()
                    )));
                    self.library.show_problems();
                    return;
                }
                let mut editor = Editor::new(doc, path, None);
                editor.notice = Some(
                    "A copy of the built-in: saving puts it in your routines folder and it is used instead.".to_owned(),
                );
                self.editor = Some(editor);
            }
            Err(e) => self.out.push(Outcome::Error(e.to_string())),
        }
        self.out.push(Outcome::ShowRoutines);
    }

    /// True when `id` is used: by a loaded definition, or by a file in the folder (one with errors
    /// does not load but still has the name). Known from the last reload: no file is looked at.
    fn taken(&self, id: &str) -> bool {
        self.loaded.catalogue.routines.contains_key(id)
            || self.loaded.catalogue.exercises.contains_key(id)
            || self.user_ids.contains(id)
    }

    fn create(&mut self, routine: bool) {
        let id = routine_files::unique_id(if routine { "my-routine" } else { "my-exercise" }, |id| self.taken(id));
        let doc = if routine {
            Document::Routine(RoutineDef {
                id: id.clone(),
                name: "My routine".to_owned(),
                summary: String::new(),
                steps: Vec::new(),
                sources: Vec::new(),
            })
        } else {
            Document::Exercise(Box::new(ExerciseDef {
                id: id.clone(),
                name: "My exercise".to_owned(),
                family: Family::Mobility,
                summary: String::new(),
                position: Position::Seated,
                equipment: Vec::new(),
                cues: Vec::new(),
                breathing: String::new(),
                mistakes: Vec::new(),
                stop_if: Vec::new(),
                feel: String::new(),
                avoid_with: Vec::new(),
                cautions: Vec::new(),
                alternatives: Vec::new(),
                home_only: false,
                dose: DoseDef {
                    work: Work::Hold { seconds: Seconds(10), reps: 3, release: Seconds(2) },
                    sets: 1,
                    rest: Seconds(0),
                    sides: Sides::Symmetric,
                    switch: Seconds(5),
                    get_ready: Seconds(3),
                },
                words: PhaseWords::default(),
                figure: None,
                poses: serde::de::IgnoredAny,
                sources: Vec::new(),
            }))
        };
        let mut editor = Editor::new(doc, routine_files::user_path(&self.paths, &id), None);
        editor.id_follows_name = true;
        editor.focus_name = true;
        self.editor = Some(editor);
        self.out.push(Outcome::ShowRoutines);
    }

    /// A new file's id (and file name) follows its name until it is saved: "Desk reset" is saved as
    /// `desk-reset.ron`. Returns true when it changed.
    pub fn sync_new_id(&mut self) -> bool {
        let Some(editor) = self.editor.as_ref().filter(|e| e.id_follows_name && e.disk.is_none()) else {
            return false;
        };
        let base = routine_files::slug(editor.doc.name());
        let current = editor.doc.id().to_owned();
        let id = routine_files::unique_id(&base, |id| id != current && self.taken(id));
        if id == current {
            return false;
        }
        let path = routine_files::user_path(&self.paths, &id);
        if let Some(editor) = &mut self.editor {
            editor.doc.set_id(id);
            editor.path = path;
        }
        true
    }

    fn duplicate(&mut self, target: &Target) {
        match self.definition(target) {
            Ok((mut doc, _, _)) => {
                let id = routine_files::unique_id(&format!("{}-copy", doc.id()), |id| self.taken(id));
                match &mut doc {
                    Document::Routine(r) => {
                        r.id.clone_from(&id);
                        r.name = format!("{} (copy)", r.name);
                    }
                    Document::Exercise(e) => {
                        e.id.clone_from(&id);
                        e.name = format!("{} (copy)", e.name);
                    }
                }
                let mut editor = Editor::new(doc, routine_files::user_path(&self.paths, &id), None);
                editor.id_follows_name = true;
                editor.focus_name = true;
                self.editor = Some(editor);
                self.out.push(Outcome::ShowRoutines);
            }
            Err(e) => self.out.push(Outcome::Error(e.to_string())),
        }
    }

    /// Saves the editor's document; false (with the reason shown) when it was not saved.
    pub fn save(&mut self, wall: SystemTime) -> bool {
        let Some(editor) = &mut self.editor else { return true };
        let result = check_document(&editor.doc, &self.loaded.catalogue);
        if !result.is_ok() {
            let what =
                if result.count() == 1 { "the problem".to_owned() } else { format!("the {} problems", result.count()) };
            self.out.push(Outcome::Error(format!("Not saved: fix {what} shown in the editor first.")));
            return false;
        }
        // Never clobber a version saved elsewhere since we opened it.
        let on_disk = routine_files::read_text(&editor.path);
        if on_disk != editor.disk {
            editor.conflict = true;
            return false;
        }
        editor.doc = editor.doc.tidied();
        let text = editor.doc.to_ron();
        match routine_files::save(&self.paths, &editor.path, &text, wall) {
            Ok(backup) => {
                editor.mark_saved(text);
                editor.notice = Some(match backup {
                    Some(b) => format!("Saved. The previous version is in {}.", b.display()),
                    None => format!("Saved to {}.", editor.path.display()),
                });
                let target = match &editor.doc {
                    Document::Routine(r) => Target::Routine(r.id.clone()),
                    Document::Exercise(e) => Target::Exercise(e.id.clone()),
                };
                self.library.select(target);
                self.reload();
                true
            }
            Err(e) => {
                self.out.push(Outcome::Error(format!("Not saved: {e}")));
                false
            }
        }
    }

    /// Reads the routine files again; an open file changed on disk is reloaded when it has no
    /// unsaved edits, or flagged as a conflict when it has.
    pub fn reload(&mut self) {
        self.loaded = crate::platform::files::load_library(&self.paths);
        self.user_ids = user_ids(&self.paths);
        self.out.push(Outcome::Reloaded);
        let Some(editor) = &mut self.editor else { return };
        let on_disk = routine_files::read_text(&editor.path);
        if on_disk == editor.disk {
            return;
        }
        match on_disk {
            None => {
                editor.disk = None;
                editor.notice = Some("The file was deleted on disk; Save writes it again.".to_owned());
            }
            Some(text) if !editor.is_dirty() => match parse_document(&text) {
                Ok(doc) => {
                    editor.load_from_disk(doc, text);
                    editor.notice = Some("The file changed on disk and was reloaded.".to_owned());
                }
                Err(_) => editor.conflict = true,
            },
            Some(_) => editor.conflict = true,
        }
    }

    /// The screen's question as a modal; returns the answer when one was given.
    pub fn question_ui(&self, ctx: &egui::Context) -> Option<RoutinesCommand> {
        let answer = match self.question.as_ref()? {
            Question::Leave { .. } => {
                let name = self.editor.as_ref().map_or("", |e| e.doc.name());
                question::save_changes(ctx, &format!("{name:?}"), labels::SAVE_AND_CONTINUE)
            }
            Question::Delete { target, path, name, used_by } => question::ask(
                ctx,
                &format!("Delete {name:?}?"),
                |ui| {
                    ui.label(format!(
                        "{} will be moved to Unhunch's trash folder ({}); you can move it back later.",
                        path.display(),
                        self.paths.data.join("trash").display()
                    ));
                    if self.loaded.builtin_ids.contains(target.id()) {
                        ui.label(RichText::new("The built-in version comes back in its place.").color(theme::muted()));
                    } else if !used_by.is_empty() {
                        ui.label(
                            RichText::new(format!(
                                "Used by {}: they will not load until the step is removed from them.",
                                used_by.join(", ")
                            ))
                            .color(theme::danger()),
                        );
                    }
                },
                &[(labels::CONFIRM_DELETE, Answer::Proceed, true), (labels::CANCEL, Answer::Cancel, false)],
            ),
        };
        answer.map(RoutinesCommand::Answer)
    }

    /// The name of the file being edited (for the window's quit question).
    pub fn editing_name(&self) -> Option<&str> {
        self.editor.as_ref().map(|e| e.doc.name())
    }
}

/// Why a routine or exercise could not be opened in the editor.
#[derive(Debug, thiserror::Error)]
enum OpenError {
    #[error("{0:?} is no longer loaded; it may have been deleted.")]
    Gone(String),
    #[error("Could not read {0}.")]
    Unreadable(String),
    #[error("The built-in {0:?} could not be found.")]
    NoBuiltIn(String),
    #[error("{at}: {message}")]
    Unparsable { at: String, message: String },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{Queryable as _, panel};

    /// The screen on an empty routines folder, carrying out what it asks for itself (as the
    /// window does); what it asks of the window piles up in the harness.
    fn screen(home: &Path) -> egui_kittest::Harness<'static, Vec<AppCommand>> {
        let paths = Paths { config: home.join("config"), data: home.join("data"), state: home.join("state") };
        let (mut screen, note) = RoutinesScreen::new(paths, || {});
        assert_eq!(note, None, "the folder is watched");
        panel(move |ui| {
            let asked =
                screen.ui(ui, |_| None, None).or_else(|| screen.question_ui(ui.ctx()).map(AppCommand::Routines));
            match asked {
                Some(AppCommand::Routines(cmd)) => {
                    screen.apply(cmd, SystemTime::UNIX_EPOCH);
                    None
                }
                other => other,
            }
        })
    }

    fn click(harness: &mut egui_kittest::Harness<'_, Vec<AppCommand>>, label: &str) {
        harness.get_by_label(label).click();
        harness.run();
    }

    #[test]
    fn customizing_a_built_in_opens_a_copy_and_leaving_it_unsaved_asks_first() {
        let home = tempfile::tempdir().expect("a temporary home");
        let mut harness = screen(home.path());
        click(&mut harness, "Posture reset  ·  1:00");
        click(&mut harness, labels::CUSTOMIZE);
        assert!(harness.query_by_label("Editing routine: Posture reset").is_some());
        assert!(harness.query_by_label_contains("A copy of the built-in").is_some());

        click(&mut harness, labels::NAME);
        harness.get_by_label(labels::NAME).type_text(" at the desk");
        harness.run();
        click(&mut harness, "Thoracic mobility  ·  5:00");
        assert!(harness.query_by_label("Save your changes to \"Posture reset at the desk\"?").is_some());
        click(&mut harness, labels::KEEP_EDITING);
        assert!(harness.query_by_label("Editing routine: Posture reset at the desk").is_some(), "nothing lost");

        click(&mut harness, "Thoracic mobility  ·  5:00");
        click(&mut harness, labels::DISCARD);
        assert!(harness.query_by_label(labels::UNSAVED).is_none());
        assert!(harness.query_by_label(labels::START_ROUTINE).is_some(), "the details of the routine picked");
        assert!(!home.path().join("config/routines/posture-reset.ron").exists(), "nothing was written");
        assert!(harness.state().is_empty(), "{:?}", harness.state());
    }
}
