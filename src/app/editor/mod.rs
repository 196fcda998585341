//! The form editor for one routine or exercise file: live validation next to each field, the
//! routine's total as you type, undo/redo, and actions the app carries out (save, preview, close).
//!
//! The editor edits the file's definition (`RoutineDef` / `ExerciseDef`), not the validated model,
//! so what is saved is exactly what was on screen, written by [`crate::core::write`]. The pure
//! parts (the document, its check, dose overrides) are in [`crate::core::document`].
//!
//! - `form`: the widgets of the routine and exercise forms.
//! - `undo`: the undo history, one step per field edited.

use std::path::PathBuf;

use egui::RichText;

mod form;
mod undo;

pub use self::form::too_long_for;
use self::form::{exercise_form, routine_form, tilde};
use self::undo::UndoHistory;
use super::labels;
use super::theme;
use crate::core::catalogue::Catalogue;
use crate::core::document::{Check, Document, check_document};
use crate::core::units::clock;

/// What the editor asks the app to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditorAction {
    Save,
    Preview,
    Close,
    /// The file changed on disk: take the disk's version.
    ReloadFromDisk,
    /// The file changed on disk: keep editing mine (saving will overwrite, after a backup).
    KeepMine,
    /// Handled by the editor itself.
    Undo,
    Redo,
}

/// One open file.
#[derive(Clone, Debug)]
pub struct Editor {
    pub doc: Document,
    /// Where it is saved.
    pub path: PathBuf,
    /// The file's text when opened or last saved; `None` for a file not written yet.
    pub disk: Option<String>,
    /// The document as last saved or opened.
    saved: Document,
    history: UndoHistory<Document, egui::Id>,
    /// The file changed on disk while there were unsaved edits.
    pub conflict: bool,
    /// A line to show once (saved, reloaded…).
    pub notice: Option<String>,
    search: String,
    /// A new file whose id (and file name) follows its name until it is first saved.
    pub id_follows_name: bool,
    /// The break this routine plays for (it is in that kind's rotation), set by the window.
    pub plays_as: Option<crate::core::kind::BreakKind>,
    /// The Name field takes the keyboard focus on the next frame (a new file: typing names it).
    pub focus_name: bool,
}

/// Undo keeps this many steps.
const UNDO_DEPTH: usize = 100;

impl Editor {
    /// Opens `doc`, which is saved at `path` (`disk` is that file's text, if it exists).
    pub fn new(doc: Document, path: PathBuf, disk: Option<String>) -> Self {
        Self {
            saved: doc.clone(),
            doc,
            path,
            disk,
            history: UndoHistory::new(UNDO_DEPTH),
            conflict: false,
            notice: None,
            search: String::new(),
            id_follows_name: false,
            plays_as: None,
            focus_name: false,
        }
    }

    /// True when there are edits not saved. (A new file that was not touched is not dirty: closing
    /// it loses nothing. It can still be saved.)
    pub fn is_dirty(&self) -> bool {
        self.doc != self.saved
    }

    /// After a save: this is now the file's content.
    pub fn mark_saved(&mut self, text: String) {
        self.id_follows_name = false;
        self.saved = self.doc.clone();
        self.disk = Some(text);
        self.conflict = false;
    }

    /// Replaces the document with the disk's version (undo can bring mine back).
    pub fn load_from_disk(&mut self, doc: Document, text: String) {
        self.history.changed(self.doc.clone(), None);
        self.doc = doc.clone();
        self.saved = doc;
        self.disk = Some(text);
        self.conflict = false;
    }

    /// Steps back one change.
    pub fn undo(&mut self) {
        let current = self.doc.clone();
        self.doc = self.history.undo(current).unwrap_or_else(|same| same);
    }

    /// Steps forward again.
    pub fn redo(&mut self) {
        let current = self.doc.clone();
        self.doc = self.history.redo(current).unwrap_or_else(|same| same);
    }

    /// Draws the editor; returns what the user asked for.
    pub fn ui(&mut self, ui: &mut egui::Ui, catalogue: &Catalogue) -> Option<EditorAction> {
        let before = self.doc.clone();
        let check = check_document(&self.doc, catalogue);
        let mut action = None;
        egui::Panel::bottom("editor-actions").show(ui, |ui| {
            action = self.actions_ui(ui, &check);
        });
        egui::CentralPanel::no_frame().show(ui, |ui| {
            crate::app::focus::show(egui::ScrollArea::vertical(), ui, |ui| {
                // In a scope of its own: the header's lines come and go (the notice, the conflict)
                // and must not change the ids, and so the focus, of the fields below.
                if let Some(a) = ui.push_id("editor-header", |ui| self.header_ui(ui)).inner {
                    action = Some(a);
                }
                let name = match &mut self.doc {
                    Document::Routine(def) => routine_form(ui, def, &check, catalogue, &mut self.search, self.plays_as),
                    Document::Exercise(def) => exercise_form(ui, def, &check),
                };
                if std::mem::take(&mut self.focus_name) {
                    name.request_focus();
                }
            });
        });
        if self.doc != before {
            self.notice = None;
            // Every change made while one field keeps the focus is one change to undo.
            self.history.changed(before, ui.ctx().memory(egui::Memory::focused));
        }
        match action {
            Some(EditorAction::Undo) => {
                self.undo();
                action = None;
            }
            Some(EditorAction::Redo) => {
                self.redo();
                action = None;
            }
            // The rest are for the Routines screen to carry out.
            Some(
                EditorAction::Save
                | EditorAction::Preview
                | EditorAction::Close
                | EditorAction::ReloadFromDisk
                | EditorAction::KeepMine,
            )
            | None => {}
        }
        // Keyboard: Ctrl+S saves, Ctrl+Z / Ctrl+Shift+Z undo and redo (text fields keep their own).
        if !ui.ctx().egui_wants_keyboard_input() {
            let (save, undo, redo) = ui.input_mut(|i| {
                // Most specific first: egui ignores an extra Shift when matching Ctrl+Z.
                let redo = i.consume_key(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z);
                let undo = i.consume_key(egui::Modifiers::COMMAND, egui::Key::Z);
                (i.consume_key(egui::Modifiers::COMMAND, egui::Key::S), undo, redo)
            });
            if undo {
                self.undo();
            }
            if redo {
                self.redo();
            }
            if save && check.is_ok() {
                action = Some(EditorAction::Save);
            }
        }
        action
    }

    fn header_ui(&self, ui: &mut egui::Ui) -> Option<EditorAction> {
        let mut action = None;
        ui.horizontal(|ui| {
            let what = match self.doc {
                Document::Routine(_) => "Editing routine",
                Document::Exercise(_) => "Editing exercise",
            };
            ui.heading(format!("{what}: {}", self.doc.name()));
            if self.is_dirty() {
                ui.label(RichText::new(labels::UNSAVED).color(theme::danger()));
            }
        });
        let state = if self.disk.is_some() { "" } else { " (not saved yet)" };
        ui.label(
            RichText::new(format!("id {} · {}{state}", self.doc.id(), tilde(&self.path))).small().color(theme::muted()),
        );
        if let Some(n) = &self.notice {
            ui.label(RichText::new(n).color(theme::accent()));
        }
        if self.conflict {
            theme::callout(theme::warn_soft()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(labels::CHANGED_ON_DISK).strong());
                ui.label("Someone (or another editor) saved this file while you were editing it here.");
                ui.horizontal(|ui| {
                    if ui.button(labels::RELOAD_FROM_DISK).clicked() {
                        action = Some(EditorAction::ReloadFromDisk);
                    }
                    if ui.button(labels::KEEP_MINE).clicked() {
                        action = Some(EditorAction::KeepMine);
                    }
                });
            });
        }
        ui.add_space(6.0);
        action
    }

    fn actions_ui(&self, ui: &mut egui::Ui, check: &Check) -> Option<EditorAction> {
        let mut action = None;
        ui.add_space(6.0);
        // Wrapped: at a narrow width the status goes to a second line rather than off the edge.
        ui.horizontal_wrapped(|ui| {
            let can_save = check.is_ok() && (self.is_dirty() || self.disk.is_none()) && !self.conflict;
            if ui.add_enabled(can_save, theme::primary(labels::SAVE)).on_hover_text("Ctrl+S").clicked() {
                action = Some(EditorAction::Save);
            }
            let can_preview = matches!(self.doc, Document::Routine(_)) && check.routine.is_some();
            if ui.add_enabled(can_preview, egui::Button::new(labels::PREVIEW)).clicked() {
                action = Some(EditorAction::Preview);
            }
            if ui
                .add_enabled(self.history.can_undo(), egui::Button::new(labels::UNDO))
                .on_hover_text("Ctrl+Z")
                .clicked()
            {
                action = Some(EditorAction::Undo);
            }
            if ui
                .add_enabled(self.history.can_redo(), egui::Button::new(labels::REDO))
                .on_hover_text("Ctrl+Shift+Z")
                .clicked()
            {
                action = Some(EditorAction::Redo);
            }
            if ui.button(labels::CLOSE_EDITOR).clicked() {
                action = Some(EditorAction::Close);
            }
            if check.is_ok() {
                if let Some(total) = check.total {
                    ui.label(RichText::new(format!("Total {}", clock(total))).strong());
                }
            } else {
                let fix = if check.count() == 1 {
                    "Fix the problem shown above to save".to_owned()
                } else {
                    format!("Fix the {} problems shown above to save", check.count())
                };
                ui.label(RichText::new(fix).color(theme::danger()));
            }
        });
        ui.add_space(6.0);
        action
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{Queryable as _, catalogue};
    use crate::core::catalogue::parse_document;

    fn posture_reset() -> Document {
        let source = crate::core::builtin::sources().into_iter().find(|s| s.path.ends_with("posture-reset.ron"));
        let text = source.map(|s| s.text).unwrap_or_default();
        parse_document(&text).unwrap_or_else(|e| panic!("the built-in posture reset: {}", e.message))
    }

    #[test]
    fn an_edit_is_marked_unsaved_can_be_undone_and_saving_is_asked_for() {
        let catalogue = catalogue();
        let mut editor = Editor::new(posture_reset(), PathBuf::from("/tmp/posture-reset.ron"), None);
        let mut harness = crate::app::testing::panel(move |ui| editor.ui(ui, &catalogue));
        assert!(harness.query_by_label("Editing routine: Posture reset").is_some());
        assert!(harness.query_by_label(labels::UNSAVED).is_none());

        harness.get_by_label(labels::NAME).click();
        harness.run();
        harness.get_by_label(labels::NAME).type_text(" at the desk");
        harness.run();
        assert!(harness.query_by_label("Editing routine: Posture reset at the desk").is_some());
        assert!(harness.query_by_label(labels::UNSAVED).is_some());

        harness.get_by_label(labels::SAVE).click();
        harness.run();
        assert_eq!(harness.state().as_slice(), [EditorAction::Save]);

        harness.state_mut().clear();
        harness.get_by_label(labels::UNDO).click();
        harness.run();
        assert!(harness.state().is_empty(), "the editor undoes by itself");
        assert!(harness.query_by_label("Editing routine: Posture reset").is_some(), "the whole typing is one step");
        assert!(harness.query_by_label(labels::UNSAVED).is_none());

        harness.get_by_label(labels::CLOSE_EDITOR).click();
        harness.run();
        assert_eq!(harness.state().as_slice(), [EditorAction::Close]);
    }

    /// A customized copy's notice goes away at the first keystroke; the rest of the typing must
    /// still go to the field being typed in, not to the one below it.
    #[test]
    fn typing_on_after_the_notice_goes_away_stays_in_the_same_field() {
        let catalogue = catalogue();
        let doc = posture_reset();
        let summary = match &doc {
            Document::Routine(def) => def.summary.clone(),
            Document::Exercise(def) => def.summary.clone(),
        };
        let mut editor = Editor::new(doc, PathBuf::from("/tmp/posture-reset.ron"), None);
        editor.notice = Some("A copy of the built-in".to_owned());
        let mut harness = crate::app::testing::panel(move |ui| editor.ui(ui, &catalogue));
        harness.get_by_label(labels::NAME).click();
        harness.run();
        for part in [" at", " the", " desk"] {
            // Typed at the keyboard: to whichever field has the focus.
            harness.input_mut().events.push(egui::Event::Text(part.to_owned()));
            harness.run();
        }
        assert!(harness.query_by_label("Editing routine: Posture reset at the desk").is_some());
        assert_eq!(harness.get_by_label(labels::SUMMARY).value().as_deref(), Some(summary.as_str()), "untouched");
    }

    /// The exercise editor shows the figure of the selected keyframe, and its sliders change the
    /// angles at once; "Play the move" animates it.
    #[test]
    fn the_figure_is_live_in_the_exercise_editor_and_its_sliders_edit_the_keyframe() {
        let catalogue = catalogue();
        let source = crate::core::builtin::sources().into_iter().find(|s| s.path.ends_with("chin-tuck.ron"));
        let doc = parse_document(&source.map(|s| s.text).unwrap_or_default()).expect("the built-in chin tuck");
        let mut editor = Editor::new(doc, PathBuf::from("/tmp/chin-tuck.ron"), None);
        let mut harness = crate::app::testing::panel(move |ui| editor.ui(ui, &catalogue));
        assert!(harness.query_by_label("The figure middle").is_some(), "the end of the glide, drawn");
        // People's words: the view, the stance and each body part, with what "more" does in view.
        let view = harness
            .query_all_by(|n| {
                n.value().is_some_and(|v| v.starts_with("From the"))
                    || n.label().is_some_and(|l| l.starts_with("From the"))
            })
            .count();
        assert!(view > 0, "the view in words, not `Side`");
        let neck = "Neck (lower): bend forward";
        assert!(harness.query_by_label_contains("in the file: neck_lower").is_some());
        let slider = || egui::accesskit::Role::Slider;
        harness.get_by_role_and_label(slider(), neck).scroll_to_me();
        harness.run();
        harness.get_by_role_and_label(slider(), neck).set_value_accesskit(-30.0);
        harness.run();
        let value = egui_kittest::kittest::NodeT::accesskit_node(&harness.get_by_role_and_label(slider(), neck))
            .numeric_value();
        assert_eq!(value, Some(-30.0));
        assert!(harness.query_by_label(labels::UNSAVED).is_some(), "the keyframe changed");
        harness.get_by_label("Start").click();
        harness.run();
        assert!(harness.query_by_label("The figure start").is_some(), "another keyframe, drawn");
        assert!(harness.query_by_role_and_label(slider(), neck).is_none(), "the start moves no joint of its own");
    }
}
