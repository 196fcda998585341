//! The Routines screen: browse routines and exercises (built-in, yours, customized), read their
//! details, start any routine, and create, customize, duplicate, delete or reveal the files; the
//! Problems list shows every diagnostic of the routine files.

use egui::RichText;

use super::command::AppCommand;
use super::command::RoutinesCommand;
use super::command::Target;
use super::labels;
use super::theme;
use crate::core::catalogue::{Catalogue, Diagnostic, Severity};
use crate::core::routine::{Action, Caution, Condition, Exercise, Origin, Routine, Step, equipment_words};
use crate::core::units::clock;
use crate::protocol::Command;

/// What is selected in the list.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Selection {
    Item(Target),
    Problems,
}

/// What the Routines screen shows.
#[derive(Clone, Copy, Debug)]
pub struct LibraryView<'a> {
    pub catalogue: &'a Catalogue,
    pub diagnostics: &'a [Diagnostic],
    /// Ids the built-in catalogue defines (a user file with one of them customizes it).
    pub builtin_ids: &'a std::collections::BTreeSet<String>,
    /// False while a session runs.
    pub can_start: bool,
    /// What suits this user, to show how a routine plays for them (none before settings arrive).
    pub for_you: Option<ForYou<'a>>,
}

/// The user's profile, programme and recent pain, for "as it plays for you".
#[derive(Clone, Copy, Debug)]
pub struct ForYou<'a> {
    pub profile: &'a crate::core::profile::Profile,
    pub programme: &'a crate::core::profile::Programme,
    pub recent: &'a crate::core::adapt::Recent,
}

impl ForYou<'_> {
    fn circumstances(&self, routine: &str) -> crate::core::adapt::Circumstances<'_> {
        crate::core::adapt::Circumstances {
            profile: self.profile,
            recent: self.recent,
            level: self.programme.level(routine),
        }
    }
}

impl LibraryView<'_> {
    fn badge(&self, id: &str, origin: Origin) -> RichText {
        match origin {
            Origin::BuiltIn => RichText::new(labels::BUILT_IN).small().color(theme::muted()),
            Origin::User if self.builtin_ids.contains(id) => {
                RichText::new(labels::CUSTOMIZED).small().color(theme::accent())
            }
            Origin::User => RichText::new(labels::YOURS).small().color(theme::accent()),
        }
    }

    fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// The library panel; remembers only the selection.
#[derive(Clone, Debug, Default)]
pub struct LibraryPanel {
    selected: Option<Selection>,
}

impl LibraryPanel {
    /// Selects an item (after it was created or saved).
    pub fn select(&mut self, target: Target) {
        self.selected = Some(Selection::Item(target));
    }

    /// Shows the Problems list.
    pub fn show_problems(&mut self) {
        self.selected = Some(Selection::Problems);
    }

    /// Draws the list (left) and, when no file is being edited, the selected item's details.
    /// `editing` is true while the editor has the central area: then a click in the list is
    /// returned as [`RoutinesCommand::Select`] for the app to decide (unsaved changes are asked about).
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &LibraryView<'_>, editing: bool) -> Option<AppCommand> {
        let mut cmd = None;
        let catalogue = view.catalogue;
        if self.selected.is_none() {
            self.selected = catalogue.routines.keys().next().cloned().map(|id| Selection::Item(Target::Routine(id)));
        }
        let mut clicked = None;
        egui::Panel::left("library-list").resizable(true).default_size(300.0).show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                if ui.button(labels::NEW_ROUTINE).clicked() {
                    cmd = Some(RoutinesCommand::NewRoutine.into());
                }
                if ui.button(labels::NEW_EXERCISE).clicked() {
                    cmd = Some(RoutinesCommand::NewExercise.into());
                }
            });
            ui.add_space(4.0);
            crate::app::focus::show(egui::ScrollArea::vertical(), ui, |ui| {
                // Notes (a customization overriding a built-in) are not shown here: the list's
                // "customized" badge says it, and `unhunch check` prints them.
                let problems = view.diagnostics.iter().filter(|d| d.severity != Severity::Note).count();
                if problems > 0 {
                    let colour = if view.errors() > 0 { theme::danger() } else { theme::muted() };
                    let text = RichText::new(format!("{} ({problems})", labels::PROBLEMS)).color(colour);
                    if ui.selectable_label(self.selected == Some(Selection::Problems), text).clicked() {
                        clicked = Some(Selection::Problems);
                    }
                    ui.add_space(6.0);
                }
                ui.label(RichText::new(labels::ROUTINES_HEADING).strong());
                for r in catalogue.routines.values() {
                    let sel = Selection::Item(Target::Routine(r.id.clone()));
                    ui.horizontal(|ui| {
                        let text = format!("{}  ·  {}", r.name, clock(r.duration()));
                        if ui.selectable_label(self.selected.as_ref() == Some(&sel), text).clicked() {
                            clicked = Some(sel.clone());
                        }
                        ui.label(view.badge(&r.id, r.origin));
                    });
                }
                ui.add_space(10.0);
                ui.label(RichText::new(labels::EXERCISES_HEADING).strong());
                for e in catalogue.exercises.values() {
                    let sel = Selection::Item(Target::Exercise(e.id.clone()));
                    ui.horizontal(|ui| {
                        if ui.selectable_label(self.selected.as_ref() == Some(&sel), &e.name).clicked() {
                            clicked = Some(sel.clone());
                        }
                        ui.label(view.badge(&e.id, e.origin));
                    });
                }
            });
        });
        match clicked {
            Some(Selection::Item(target)) if editing => cmd = Some(RoutinesCommand::Select(target).into()),
            Some(Selection::Problems) if editing => cmd = Some(RoutinesCommand::ShowProblems.into()),
            Some(sel) => self.selected = Some(sel),
            None => {}
        }
        if !editing {
            egui::CentralPanel::no_frame().show(ui, |ui| {
                crate::app::focus::show(egui::ScrollArea::vertical(), ui, |ui| {
                    ui.add_space(4.0);
                    if let Some(c) = self.details_ui(ui, view) {
                        cmd = Some(c);
                    }
                });
            });
        }
        cmd
    }

    fn details_ui(&self, ui: &mut egui::Ui, view: &LibraryView<'_>) -> Option<AppCommand> {
        let catalogue = view.catalogue;
        let mut cmd = None;
        let found = match &self.selected {
            Some(Selection::Problems) => {
                cmd = problems_ui(ui, view.diagnostics);
                true
            }
            Some(Selection::Item(target @ Target::Routine(id))) => catalogue.routines.get(id).is_some_and(|r| {
                cmd = file_actions(ui, view, target, r.origin, &r.path);
                cmd = routine_details(ui, view, r).or(cmd.take());
                true
            }),
            Some(Selection::Item(target @ Target::Exercise(id))) => catalogue.exercises.get(id).is_some_and(|e| {
                cmd = file_actions(ui, view, target, e.origin, &e.path);
                exercise_details(ui, view, e);
                true
            }),
            None => false,
        };
        if !found {
            ui.label("Nothing selected. Pick a routine or an exercise on the left.");
        }
        cmd
    }
}

/// Every diagnostic as `file:line:col  message`, with the offending line under it and a button
/// to open the file.
fn problems_ui(ui: &mut egui::Ui, diagnostics: &[Diagnostic]) -> Option<AppCommand> {
    let mut cmd = None;
    ui.heading(labels::PROBLEMS);
    let diagnostics: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.severity != Severity::Note).collect();
    if diagnostics.is_empty() {
        ui.label("No problems: every routine file loaded.");
        return None;
    }
    ui.label(
        "Files with errors are left out (a broken customization leaves the built-in in place). \
         Fix them in your editor: this list updates itself when you save.",
    );
    ui.add_space(6.0);
    for d in diagnostics {
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            let colour = if d.is_error() { theme::danger() } else { theme::muted() };
            ui.label(
                RichText::new(format!("{}:{}:{}  {}", d.path, d.line, d.col, d.message)).monospace().color(colour),
            );
            if let Some(excerpt) = &d.excerpt {
                ui.label(RichText::new(excerpt).monospace().color(theme::muted()));
            }
            let path = std::path::PathBuf::from(&d.path);
            if path.is_file() && ui.small_button(labels::OPEN_FILE).clicked() {
                cmd = Some(RoutinesCommand::OpenFile(path).into());
            }
        });
    }
    cmd
}

/// Edit or Customize, Duplicate, Delete, Copy path, Show in folder.
fn file_actions(
    ui: &mut egui::Ui,
    view: &LibraryView<'_>,
    target: &Target,
    origin: Origin,
    path: &str,
) -> Option<AppCommand> {
    let mut cmd = None;
    ui.horizontal(|ui| {
        match origin {
            Origin::BuiltIn => {
                if ui
                    .button(labels::CUSTOMIZE)
                    .on_hover_text(
                        "Copies it into your routines folder and opens the copy; the built-in stays as it is.",
                    )
                    .clicked()
                {
                    cmd = Some(RoutinesCommand::Edit(target.clone()).into());
                }
            }
            Origin::User => {
                if ui.button(labels::EDIT).clicked() {
                    cmd = Some(RoutinesCommand::Edit(target.clone()).into());
                }
            }
        }
        if ui.button(labels::DUPLICATE).clicked() {
            cmd = Some(RoutinesCommand::Duplicate(target.clone()).into());
        }
        if origin == Origin::User {
            let tip = if view.builtin_ids.contains(target.id()) {
                "Moves your customization to the trash; the built-in comes back."
            } else {
                "Moves the file to Unhunch's trash folder; nothing is destroyed."
            };
            if ui.button(labels::DELETE).on_hover_text(tip).clicked() {
                cmd = Some(RoutinesCommand::AskDelete(target.clone()).into());
            }
            if ui.button(labels::COPY_PATH).clicked() {
                ui.ctx().copy_text(path.to_owned());
            }
            if ui.button(labels::REVEAL).clicked() {
                cmd = Some(RoutinesCommand::Reveal(std::path::PathBuf::from(path)).into());
            }
        }
    });
    ui.add_space(4.0);
    cmd
}

fn routine_details(ui: &mut egui::Ui, view: &LibraryView<'_>, r: &Routine) -> Option<AppCommand> {
    let can_start = view.can_start;
    let mut cmd = None;
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.heading(&r.name);
            ui.label(view.badge(&r.id, r.origin));
        });
        let needs = equipment_words(&r.equipment());
        ui.label(RichText::new(format!("{} · needs {needs}", clock(r.duration()))).color(theme::muted()));
        if !r.summary.is_empty() {
            ui.label(&r.summary);
        }
        ui.add_space(6.0);
        if ui.add_enabled(can_start, theme::primary(labels::START_ROUTINE)).clicked() {
            cmd = Some(AppCommand::Engine(Command::StartBreak { kind: None, routine: Some(r.id.clone()) }));
        }
        if let Some(you) = &view.for_you {
            let played = crate::core::adapt::for_user(r, view.catalogue, &you.circumstances(&r.id));
            if !crate::core::adapt::changes(&played).is_empty() || played.level != crate::core::level::STANDARD {
                ui.add_space(6.0);
                theme::callout(theme::accent_soft()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(RichText::new(format!("{} {}", labels::PLAYS_FOR_YOU, clock(played.duration()))).strong());
                    super::player::changes_ui(ui, &played);
                });
            }
        }
        ui.add_space(8.0);
        egui::Grid::new("routine-steps").num_columns(3).striped(true).spacing([16.0, 6.0]).show(ui, |ui| {
            let mut at = std::time::Duration::ZERO;
            for step in &r.steps {
                ui.label(RichText::new(clock(at)).color(theme::muted()));
                ui.label(step.title());
                match step {
                    Step::Exercise { dose, note, instead, .. } => {
                        let mut text = dose.describe();
                        if !note.is_empty() {
                            text = format!("{text} — {note}");
                        }
                        if !instead.is_empty() {
                            let names: Vec<&str> = instead.iter().map(|f| f.exercise.name.as_str()).collect();
                            text = format!("{text}\n{} {}", labels::FALLBACKS, names.join(", then "));
                        }
                        // Wraps in the room the last column has (it was cut at the window's edge).
                        ui.add(egui::Label::new(text).wrap());
                    }
                    Step::Rest { duration, note } => {
                        ui.label(if note.is_empty() {
                            clock(*duration)
                        } else {
                            format!("{} — {note}", clock(*duration))
                        });
                    }
                }
                ui.end_row();
                at += step.duration();
            }
        });
    });
    cmd
}

fn list(ui: &mut egui::Ui, heading: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.label(RichText::new(heading).strong());
    for item in items {
        ui.label(format!("• {item}"));
    }
}

fn exercise_details(ui: &mut egui::Ui, view: &LibraryView<'_>, e: &Exercise) {
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.heading(&e.name);
            ui.label(view.badge(&e.id, e.origin));
        });
        let mut facts = vec![e.family.label().to_owned(), e.position.label().to_owned(), e.dose.describe()];
        if !e.equipment.is_empty() {
            facts.push(format!("needs {}", equipment_words(&e.equipment)));
        }
        ui.label(RichText::new(facts.join(" · ")).color(theme::muted()));
        if !e.summary.is_empty() {
            ui.label(&e.summary);
        }
        if let Some(fig) = &e.figure {
            ui.add_space(6.0);
            super::figure::key_poses_ui(ui, fig, false, 200.0, &e.figure_label());
            if fig.mirror {
                ui.label(
                    RichText::new(format!("{}; the right side is the mirror image.", e.words.side(false)))
                        .color(theme::muted()),
                );
            }
        }
        list(ui, "How", &e.cues);
        if !e.feel.is_empty() {
            ui.add_space(6.0);
            ui.label(format!("You should feel {}.", e.feel));
        }
        if !e.breathing.is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new("Breathing").strong());
            ui.label(&e.breathing);
        }
        list(ui, "Common mistakes", &e.mistakes);
        list(ui, "Stop if", &e.stop_if);
        cautions_ui(ui, e);
        let alternatives: Vec<String> = e
            .alternatives
            .iter()
            .map(|id| view.catalogue.exercises.get(id).map_or_else(|| id.clone(), |a| a.name.clone()))
            .collect();
        list(ui, labels::ALTERNATIVES, &alternatives);
        if let Some(you) = &view.for_you
            && let Some(why) = crate::core::adapt::unsuitable(e, &you.circumstances(""))
        {
            ui.add_space(6.0);
            ui.label(RichText::new(format!("{}: {why}.", labels::NOT_FOR_YOU)).strong().color(theme::danger()));
        }
    });
}

/// What the exercise does for each condition, in plain words: skipped, or done differently.
fn cautions_ui(ui: &mut egui::Ui, e: &Exercise) {
    let lines: Vec<String> = e.cautions.iter().map(caution_line).collect();
    list(ui, "If you have", &lines);
}

/// "Osteoporosis: keep the rounding small." or "Pregnancy: skipped (an alternative plays instead)."
pub fn caution_line(c: &Caution) -> String {
    let who = crate::core::units::capitalised(c.condition.label());
    match (c.action, c.condition) {
        (Action::Skip, Condition::LatexAllergy) => format!("{who}: use a latex-free band, or an alternative plays."),
        (Action::Skip, _) if c.words.is_empty() => format!("{who}: left out; an alternative plays instead."),
        (Action::Skip, _) => format!("{who}: left out ({}).", c.words.trim_end_matches('.')),
        (Action::Modify, _) => format!("{who}: {}", c.words),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::app::testing::{Queryable as _, catalogue, click, panel};

    fn library(editing: bool) -> egui_kittest::Harness<'static, Vec<AppCommand>> {
        let catalogue = catalogue();
        let builtin_ids: BTreeSet<String> =
            catalogue.routines.keys().chain(catalogue.exercises.keys()).cloned().collect();
        let mut panel_state = LibraryPanel::default();
        panel(move |ui| {
            let view = LibraryView {
                catalogue: &catalogue,
                diagnostics: &[],
                builtin_ids: &builtin_ids,
                can_start: true,
                for_you: None,
            };
            panel_state.ui(ui, &view, editing)
        })
    }

    #[test]
    fn a_routine_picked_in_the_list_shows_its_details_and_can_be_started_or_customized() {
        let mut harness = library(false);
        assert_eq!(click(&mut harness, "Posture reset  ·  1:00"), [], "selecting is the panel's own business");
        assert!(harness.query_by_label("Posture reset").is_some(), "its heading");
        assert_eq!(
            click(&mut harness, labels::START_ROUTINE),
            [AppCommand::Engine(Command::StartBreak { kind: None, routine: Some("posture-reset".to_owned()) })]
        );
        assert_eq!(
            click(&mut harness, labels::CUSTOMIZE),
            [RoutinesCommand::Edit(Target::Routine("posture-reset".to_owned())).into()]
        );
        assert!(harness.query_by_label(labels::DELETE).is_none(), "a built-in cannot be deleted");
    }

    #[test]
    fn an_exercise_shows_its_figure_in_its_key_positions() {
        let mut harness = library(false);
        assert_eq!(click(&mut harness, "Band pull-apart"), []);
        let label = catalogue().exercises["band-pull-apart"].figure_label();
        assert!(harness.query_by_label(&format!("{label} (start)")).is_some(), "arms forward: {label}");
        assert!(harness.query_by_label(&format!("{label} (position 2)")).is_some(), "arms out to a T");
    }

    #[test]
    fn while_the_editor_is_open_a_pick_in_the_list_is_asked_about() {
        let mut harness = library(true);
        assert_eq!(
            click(&mut harness, "Posture reset  ·  1:00"),
            [RoutinesCommand::Select(Target::Routine("posture-reset".to_owned())).into()]
        );
    }
}
