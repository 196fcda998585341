//! What the window does with the Routines screen's and the editor's commands: opening files in the
//! editor (customizing a built-in copies it first), saving with a backup, moving files to the trash,
//! reloading when the folder changes, and asking before anything unsaved could be lost.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use egui::RichText;

use super::command::{Answer, AppCommand, Tab, Target};
use super::editor::{Editor, EditorAction};
use super::session::Session;
use super::{UnhunchApp, labels, theme};
use crate::core::catalogue::parse_document;
use crate::core::document::{Document, check_document};
use crate::core::player::{PlayOptions, PlayerInput};
use crate::core::routine::{DoseDef, ExerciseDef, Family, Origin, Position, RoutineDef, Sides, Work};
use crate::core::units::Seconds;
use crate::platform::routine_files;

/// A question the window is waiting on.
#[derive(Clone, Debug, PartialEq)]
pub enum Question {
    /// The editor has unsaved changes; `then` is what the user asked for (`None`: close the editor).
    Leave { then: Option<Box<AppCommand>> },
    /// The window is closing with unsaved changes in the editor.
    Quit,
    /// The window is closing with unsaved changes in Settings.
    QuitSettings,
    /// Esc in the player: end the session?
    EndSession,
    /// Move this file to the trash? `used_by` names the routines that need this exercise.
    Delete { target: Target, path: PathBuf, name: String, used_by: Vec<String> },
}

/// The ids the built-in catalogue defines.
pub fn builtin_ids() -> BTreeSet<String> {
    let c = crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue;
    c.routines.into_keys().chain(c.exercises.into_keys()).collect()
}

impl UnhunchApp {
    /// True when the editor holds edits that are not saved.
    pub fn editor_is_dirty(&self) -> bool {
        self.editor.as_ref().is_some_and(Editor::is_dirty)
    }

    /// The open editor, if any (for tests and the window title).
    pub fn editor(&self) -> Option<&Editor> {
        self.editor.as_ref()
    }

    /// Problems in the routine files, as shown in the Problems list.
    pub fn diagnostics(&self) -> &[crate::core::catalogue::Diagnostic] {
        &self.loaded.diagnostics
    }

    pub(super) fn apply_editing(&mut self, cmd: AppCommand) {
        let opens = matches!(
            cmd,
            AppCommand::Edit(_)
                | AppCommand::NewRoutine
                | AppCommand::NewExercise
                | AppCommand::Duplicate(_)
                | AppCommand::Select(_)
                | AppCommand::ShowProblems
        );
        if opens && self.editor_is_dirty() {
            self.question = Some(Question::Leave { then: Some(Box::new(cmd)) });
            return;
        }
        match cmd {
            AppCommand::Edit(target) => self.open(&target),
            AppCommand::Select(target) => {
                self.editor = None;
                self.library.select(target);
            }
            AppCommand::ShowProblems => {
                self.editor = None;
                self.library.show_problems();
            }
            AppCommand::NewRoutine => self.create(true),
            AppCommand::NewExercise => self.create(false),
            AppCommand::Duplicate(target) => self.duplicate(&target),
            AppCommand::AskDelete(target) => {
                let found = match &target {
                    Target::Routine(id) => {
                        self.loaded.catalogue.routines.get(id).map(|r| (r.path.clone(), r.name.clone()))
                    }
                    Target::Exercise(id) => {
                        self.loaded.catalogue.exercises.get(id).map(|e| (e.path.clone(), e.name.clone()))
                    }
                };
                if let Some((path, name)) = found {
                    let used_by = match &target {
                        Target::Exercise(id) => self
                            .loaded
                            .catalogue
                            .routines
                            .values()
                            .filter(|r| {
                                r.steps.iter().any(|s| {
                                    matches!(s, crate::core::routine::Step::Exercise { exercise, .. } if exercise.id == *id)
                                })
                            })
                            .map(|r| r.name.clone())
                            .collect(),
                        Target::Routine(_) => Vec::new(),
                    };
                    self.question = Some(Question::Delete { target, path: PathBuf::from(path), name, used_by });
                }
            }
            AppCommand::Reveal(path) => {
                let dir = path.parent().map_or_else(|| self.paths.routines(), Path::to_path_buf);
                if let Err(e) = crate::platform::spawn::open_with_desktop(&dir) {
                    self.errors.push(format!("Could not show {}: {e}", dir.display()));
                }
            }
            AppCommand::OpenFile(path) => {
                if let Err(e) = crate::platform::spawn::open_with_desktop(&path) {
                    self.errors.push(format!("Could not open {}: {e}", path.display()));
                }
            }
            AppCommand::Editor(action) => self.editor_action(action),
            AppCommand::Answer(answer) => self.answer(answer),
            _ => {}
        }
    }

    fn editor_action(&mut self, action: EditorAction) {
        match action {
            EditorAction::Save => {
                self.save();
            }
            EditorAction::Preview => {
                let routine = self.editor.as_ref().and_then(|e| check_document(&e.doc, &self.loaded.catalogue).routine);
                if let Some(routine) = routine {
                    let options = PlayOptions { lead_in: self.lead_in(), resume: None };
                    self.session = Some(Session::preview(routine, options, self.clock.now().mono));
                }
            }
            EditorAction::Close => {
                if self.editor_is_dirty() {
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
                    Some((Err(e), _)) => self.errors.push(format!(
                        "{}:{}:{}: {} — the file on disk has an error, so your version stays open.",
                        editor.path.display(),
                        e.line,
                        e.col,
                        e.message
                    )),
                    None => {
                        self.errors.push(format!("{} is gone from disk; Save writes it again.", editor.path.display()));
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

    fn answer(&mut self, answer: Answer) {
        let Some(question) = self.question.take() else { return };
        match (question, answer) {
            (Question::EndSession, Answer::Cancel) => {
                // Keep going: carry on as before the question.
                let resume = self.session.as_mut().and_then(|s| s.confirm_end.take()).unwrap_or(false);
                if resume {
                    self.drive_player(PlayerInput::Resume);
                }
            }
            (Question::EndSession, Answer::Proceed | Answer::Save) => {
                if let Some(s) = self.session.as_mut() {
                    s.confirm_end = None;
                }
                self.drive_player(PlayerInput::End);
            }
            (Question::QuitSettings, Answer::Save | Answer::Proceed) => {
                if answer == Answer::Save {
                    if let Some(draft) = self.settings.as_ref().and_then(|s| self.settings_panel.draft_to_save(s)) {
                        self.apply(AppCommand::SaveSettings(Box::new(draft)));
                    } else {
                        self.tab = Tab::Settings;
                        self.push_error("Settings have a problem to fix before they can be saved.".to_owned());
                        return;
                    }
                }
                self.allow_close = true;
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            (_, Answer::Cancel) => {}
            (Question::Leave { then }, Answer::Save | Answer::Proceed) => {
                if answer == Answer::Save && !self.save() {
                    return;
                }
                self.editor = None;
                if let Some(then) = then {
                    self.apply(*then);
                }
            }
            (Question::Quit, Answer::Save | Answer::Proceed) => {
                if answer == Answer::Save && !self.save() {
                    return;
                }
                self.allow_close = true;
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            (Question::Delete { path, name, .. }, Answer::Proceed | Answer::Save) => {
                match routine_files::trash(&self.paths, &path, self.clock.now().wall) {
                    Ok(to) => {
                        self.errors.push(format!("Moved {name:?} to {}; move it back to restore it.", to.display()));
                        if self.editor.as_ref().is_some_and(|e| e.path == path) {
                            self.editor = None;
                        }
                        self.reload_library();
                    }
                    Err(e) => self.errors.push(format!("Could not delete {name:?}: {e}")),
                }
            }
        }
    }

    /// The definition behind a catalogue item: the user's file, or the built-in's source.
    fn definition(&self, target: &Target) -> Result<(Document, Origin, PathBuf), String> {
        let (origin, path, id) = match target {
            Target::Routine(id) => self.loaded.catalogue.routines.get(id).map(|r| (r.origin, r.path.clone(), id)),
            Target::Exercise(id) => self.loaded.catalogue.exercises.get(id).map(|e| (e.origin, e.path.clone(), id)),
        }
        .ok_or_else(|| format!("{:?} is no longer loaded; it may have been deleted.", target.id()))?;
        let text = match origin {
            Origin::User => {
                routine_files::read_text(Path::new(&path)).ok_or_else(|| format!("Could not read {path}."))?
            }
            Origin::BuiltIn => crate::core::builtin::sources()
                .into_iter()
                .find(|s| s.path == path)
                .map(|s| s.text)
                .ok_or_else(|| format!("The built-in {id:?} could not be found."))?,
        };
        let doc = parse_document(&text).map_err(|e| format!("{path}:{}:{}: {}", e.line, e.col, e.message))?;
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
                    self.errors.push(format!(
                        "{} already exists but has errors (see Problems); fix or delete it first.",
                        path.display()
                    ));
                    self.library.show_problems();
                    return;
                }
                let mut editor = Editor::new(doc, path, None);
                editor.notice = Some(
                    "A copy of the built-in: saving puts it in your routines folder and it is used instead.".to_owned(),
                );
                self.editor = Some(editor);
            }
            Err(e) => self.errors.push(e),
        }
        self.tab = Tab::Routines;
    }

    fn taken(&self, id: &str) -> bool {
        self.loaded.catalogue.routines.contains_key(id)
            || self.loaded.catalogue.exercises.contains_key(id)
            || routine_files::user_path(&self.paths, id).exists()
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
                avoid_with: Vec::new(),
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
                poses: Vec::new(),
                sources: Vec::new(),
            }))
        };
        let mut editor = Editor::new(doc, routine_files::user_path(&self.paths, &id), None);
        editor.id_follows_name = true;
        self.editor = Some(editor);
        self.tab = Tab::Routines;
    }

    /// A new file's id (and file name) follows its name until it is saved: "Desk reset" is saved as
    /// `desk-reset.ron`. Returns true when it changed.
    pub(super) fn sync_new_id(&mut self) -> bool {
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
                self.editor = Some(editor);
                self.tab = Tab::Routines;
            }
            Err(e) => self.errors.push(e),
        }
    }

    /// Saves the editor's document; false (with the reason shown) when it was not saved.
    fn save(&mut self) -> bool {
        let Some(editor) = &mut self.editor else { return true };
        let result = check_document(&editor.doc, &self.loaded.catalogue);
        if !result.is_ok() {
            let what =
                if result.count() == 1 { "the problem".to_owned() } else { format!("the {} problems", result.count()) };
            self.errors.push(format!("Not saved: fix {what} shown in the editor first."));
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
        match routine_files::save(&self.paths, &editor.path, &text, self.clock.now().wall) {
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
                self.reload_library();
                true
            }
            Err(e) => {
                self.errors.push(format!("Not saved: {e}"));
                false
            }
        }
    }

    /// Reads the routine files again; an open file changed on disk is reloaded when it has no
    /// unsaved edits, or flagged as a conflict when it has.
    pub(super) fn reload_library(&mut self) {
        self.loaded = crate::platform::files::load_library(&self.paths);
        self.client.routines_changed(&self.loaded);
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

    /// The open question as a modal; returns the answer when one was given.
    pub(super) fn question_ui(&self, ctx: &egui::Context) -> Option<Answer> {
        let question = self.question.as_ref()?;
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::unique("question")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            match question {
                Question::EndSession => {
                    ui.heading(labels::END_SESSION_QUESTION);
                    let done = self
                        .session
                        .as_ref()
                        .and_then(Session::player)
                        .map(|p| p.report(self.clock.now().mono).summary())
                        .unwrap_or_default();
                    ui.label(format!("Done so far: {done}. It is recorded as ended early."));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        let keep = ui.add(theme::primary(labels::KEEP_GOING));
                        if keep.clicked() {
                            answer = Some(Answer::Cancel);
                        }
                        if ui.add(theme::secondary(labels::END_NOW)).clicked() {
                            answer = Some(Answer::Proceed);
                        }
                    });
                }
                Question::QuitSettings => {
                    ui.heading("Save your settings changes?");
                    ui.label("Your changes to the settings will be lost if you don't save them.");
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.add(theme::primary(labels::SAVE_SETTINGS)).clicked() {
                            answer = Some(Answer::Save);
                        }
                        if ui.button(labels::DISCARD).clicked() {
                            answer = Some(Answer::Proceed);
                        }
                        if ui.button(labels::KEEP_EDITING).clicked() {
                            answer = Some(Answer::Cancel);
                        }
                    });
                }
                Question::Leave { .. } | Question::Quit => {
                    let name = self.editor.as_ref().map_or("", |e| e.doc.name());
                    ui.heading(format!("Save your changes to {name:?}?"));
                    ui.label("Your changes will be lost if you don't save them.");
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.add(theme::primary(labels::SAVE_AND_CONTINUE)).clicked() {
                            answer = Some(Answer::Save);
                        }
                        if ui.button(labels::DISCARD).clicked() {
                            answer = Some(Answer::Proceed);
                        }
                        if ui.button(labels::KEEP_EDITING).clicked() {
                            answer = Some(Answer::Cancel);
                        }
                    });
                }
                Question::Delete { target, path, name, used_by } => {
                    ui.heading(format!("Delete {name:?}?"));
                    ui.label(format!(
                        "{} will be moved to Unhunch's trash folder ({}); you can move it back later.",
                        path.display(),
                        self.paths.data.join("trash").display()
                    ));
                    if self.builtin_ids.contains(target.id()) {
                        ui.label(RichText::new("The built-in version comes back in its place.").color(theme::MUTED));
                    } else if !used_by.is_empty() {
                        ui.label(
                            RichText::new(format!(
                                "Used by {}: they will not load until the step is removed from them.",
                                used_by.join(", ")
                            ))
                            .color(theme::DANGER),
                        );
                    }
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.add(theme::primary(labels::CONFIRM_DELETE)).clicked() {
                            answer = Some(Answer::Proceed);
                        }
                        if ui.button(labels::CANCEL).clicked() {
                            answer = Some(Answer::Cancel);
                        }
                    });
                }
            }
        });
        if modal.should_close() && answer.is_none() {
            answer = Some(Answer::Cancel);
        }
        answer
    }
}
