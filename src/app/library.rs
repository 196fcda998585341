//! The routine library: browse routines and exercises, read their details, start any routine.

use egui::RichText;

use super::command::AppCommand;
use super::labels;
use super::theme;
use crate::core::catalogue::Catalogue;
use crate::core::routine::{Exercise, Family, Origin, Position, Routine, Step};
use crate::core::units::clock;
use crate::protocol::Command;

/// What is selected in the list.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Selection {
    Routine(String),
    Exercise(String),
}

/// The library panel; remembers only the selection.
#[derive(Clone, Debug, Default)]
pub struct LibraryPanel {
    selected: Option<Selection>,
}

fn origin_badge(origin: Origin) -> RichText {
    match origin {
        Origin::BuiltIn => RichText::new(labels::BUILT_IN).small().color(theme::MUTED),
        Origin::User => RichText::new(labels::YOURS).small().color(theme::ACCENT),
    }
}

fn family_name(f: Family) -> &'static str {
    match f {
        Family::Mobility => "Mobility",
        Family::Strength => "Strength",
        Family::Movement => "Movement",
        Family::Relaxation => "Relaxation",
    }
}

fn position_name(p: Position) -> &'static str {
    match p {
        Position::Seated => "Seated",
        Position::Standing => "Standing",
        Position::SeatedOrStanding => "Seated or standing",
        Position::Floor => "On the floor (at home)",
    }
}

impl LibraryPanel {
    /// Draws the library. `can_start` is false while a session runs.
    pub fn ui(&mut self, ui: &mut egui::Ui, catalogue: &Catalogue, can_start: bool) -> Option<AppCommand> {
        let mut cmd = None;
        if self.selected.is_none() {
            self.selected = catalogue.routines.keys().next().cloned().map(Selection::Routine);
        }
        egui::Panel::left("library-list").resizable(true).default_size(280.0).show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.label(RichText::new(labels::ROUTINES_HEADING).strong());
                for r in catalogue.routines.values() {
                    let sel = Selection::Routine(r.id.clone());
                    let text = format!("{}  ·  {}", r.name, clock(r.duration()));
                    if ui.selectable_label(self.selected.as_ref() == Some(&sel), text).clicked() {
                        self.selected = Some(sel);
                    }
                }
                ui.add_space(10.0);
                ui.label(RichText::new(labels::EXERCISES_HEADING).strong());
                for e in catalogue.exercises.values() {
                    let sel = Selection::Exercise(e.id.clone());
                    if ui.selectable_label(self.selected.as_ref() == Some(&sel), &e.name).clicked() {
                        self.selected = Some(sel);
                    }
                }
            });
        });
        egui::CentralPanel::no_frame().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.add_space(4.0);
                match &self.selected {
                    Some(Selection::Routine(id)) => {
                        if let Some(r) = catalogue.routines.get(id) {
                            cmd = routine_details(ui, r, can_start);
                        }
                    }
                    Some(Selection::Exercise(id)) => {
                        if let Some(e) = catalogue.exercises.get(id) {
                            exercise_details(ui, e);
                        }
                    }
                    None => {
                        ui.label("No routines loaded. Run `unhunch check` to see why.");
                    }
                }
            });
        });
        cmd
    }
}

fn routine_details(ui: &mut egui::Ui, r: &Routine, can_start: bool) -> Option<AppCommand> {
    let mut cmd = None;
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.heading(&r.name);
            ui.label(origin_badge(r.origin));
        });
        let needs: Vec<String> = r.equipment().iter().map(|e| format!("{e:?}").to_lowercase()).collect();
        let needs = if needs.is_empty() { "no equipment".to_owned() } else { needs.join(", ") };
        ui.label(RichText::new(format!("{} · {needs}", clock(r.duration()))).color(theme::MUTED));
        if !r.summary.is_empty() {
            ui.label(&r.summary);
        }
        ui.add_space(6.0);
        if ui.add_enabled(can_start, theme::primary(labels::START_ROUTINE)).clicked() {
            cmd = Some(AppCommand::Engine(Command::StartBreak { kind: None, routine: Some(r.id.clone()) }));
        }
        ui.add_space(8.0);
        egui::Grid::new("routine-steps").num_columns(3).striped(true).spacing([16.0, 6.0]).show(ui, |ui| {
            let mut at = std::time::Duration::ZERO;
            for step in &r.steps {
                ui.label(RichText::new(clock(at)).color(theme::MUTED));
                ui.label(step.title());
                match step {
                    Step::Exercise { dose, note, .. } => {
                        let mut text = dose.describe();
                        if !note.is_empty() {
                            text = format!("{text} — {note}");
                        }
                        ui.label(text);
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

fn exercise_details(ui: &mut egui::Ui, e: &Exercise) {
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.heading(&e.name);
            ui.label(origin_badge(e.origin));
        });
        let needs: Vec<String> = e.equipment.iter().map(|q| format!("{q:?}").to_lowercase()).collect();
        let mut facts = vec![family_name(e.family).to_owned(), position_name(e.position).to_owned(), e.dose.describe()];
        if !needs.is_empty() {
            facts.push(needs.join(", "));
        }
        ui.label(RichText::new(facts.join(" · ")).color(theme::MUTED));
        if !e.summary.is_empty() {
            ui.label(&e.summary);
        }
        list(ui, "How", &e.cues);
        if !e.breathing.is_empty() {
            ui.add_space(6.0);
            ui.label(RichText::new("Breathing").strong());
            ui.label(&e.breathing);
        }
        list(ui, "Common mistakes", &e.mistakes);
        list(ui, "Stop if", &e.stop_if);
        let avoid: Vec<String> = e.avoid_with.iter().map(|c| format!("{c:?}")).collect();
        list(ui, "Check with a clinician first if you have", &avoid);
    });
}
