//! Settings: a draft of the settings, edited with sliders and saved in one go. Saving sends the
//! settings to the engine, which writes `settings.ron` atomically and applies them at once.

use egui::RichText;

use super::command::AppCommand;
use super::labels;
use super::theme;
use crate::core::catalogue::Catalogue;
use crate::core::settings::{BreakSettings, Settings, ranges};
use crate::core::timer::{BreakKind, IdlePolicy};

/// The settings panel: the draft being edited and whether it was saved.
#[derive(Clone, Debug, Default)]
pub struct SettingsPanel {
    draft: Option<Settings>,
    saved: bool,
}

/// The label of one kind's setting (unique, so tests and screen readers can tell them apart).
pub fn field_label(kind: BreakKind, field: &str) -> String {
    format!("{}: {field}", kind.label())
}

/// One sentence per policy, shown in the settings.
pub fn policy_text(policy: IdlePolicy) -> &'static str {
    match policy {
        IdlePolicy::Reset => "Reset: time away at least as long as the threshold counts as the break.",
        IdlePolicy::Pause => "Pause: the sitting clock stops while you are away and carries on when you return.",
        IdlePolicy::CountDown => {
            "Count down: time away winds the sitting clock back, in proportion to the break's length."
        }
    }
}

fn policy_name(policy: IdlePolicy) -> &'static str {
    match policy {
        IdlePolicy::Reset => "Reset",
        IdlePolicy::Pause => "Pause",
        IdlePolicy::CountDown => "Count down",
    }
}

impl SettingsPanel {
    /// Called when the engine reports the settings in force: they become the draft unless the user
    /// is midway through edits.
    pub fn load(&mut self, settings: &Settings) {
        if self.draft.is_none() || !self.is_dirty(settings) {
            self.draft = Some(settings.clone());
        }
    }

    /// Marks the draft as saved (the engine confirmed).
    pub fn mark_saved(&mut self) {
        self.saved = true;
    }

    fn is_dirty(&self, current: &Settings) -> bool {
        self.draft.as_ref().is_some_and(|d| d != current)
    }

    /// Draws the panel.
    pub fn ui(&mut self, ui: &mut egui::Ui, current: &Settings, catalogue: &Catalogue) -> Option<AppCommand> {
        let mut cmd = None;
        let draft = self.draft.get_or_insert_with(|| current.clone());
        let before = draft.clone();
        egui::ScrollArea::vertical().show(ui, |ui| {
            for (kind, interval_range) in
                [(BreakKind::Micro, ranges::MICRO_INTERVAL_MIN), (BreakKind::Long, ranges::LONG_INTERVAL_MIN)]
            {
                let section = match kind {
                    BreakKind::Micro => &mut draft.micro,
                    BreakKind::Long => &mut draft.long,
                };
                kind_ui(ui, kind, section, interval_range, catalogue);
                ui.add_space(8.0);
            }
            theme::card().show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new("General").strong());
                ui.add(egui::Slider::new(&mut draft.warning.0, ranges::WARNING_S).text(labels::WARNING));
                ui.add(egui::Slider::new(&mut draft.strength_per_day, 0..=3).text(labels::STRENGTH_PER_DAY));
            });
        });
        if *draft != before {
            self.saved = false;
        }
        let dirty = *draft != *current;
        ui.separator();
        ui.horizontal(|ui| {
            if ui.add_enabled(dirty, theme::primary(labels::SAVE_SETTINGS)).clicked() {
                cmd = Some(AppCommand::SaveSettings(Box::new(draft.clone())));
            }
            if ui.add_enabled(dirty, theme::secondary(labels::REVERT_SETTINGS)).clicked() {
                *draft = current.clone();
            }
            if self.saved && !dirty {
                ui.label(RichText::new(labels::SETTINGS_SAVED).color(theme::ACCENT));
            } else if dirty {
                ui.label(RichText::new("Unsaved changes").color(theme::MUTED));
            }
        });
        cmd
    }
}

fn kind_ui(
    ui: &mut egui::Ui,
    kind: BreakKind,
    s: &mut BreakSettings,
    interval_range: std::ops::RangeInclusive<u32>,
    catalogue: &Catalogue,
) {
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(RichText::new(kind.label()).strong().size(18.0));
            ui.checkbox(&mut s.enabled, field_label(kind, labels::ENABLED));
        });
        ui.add_enabled_ui(s.enabled, |ui| {
            ui.add(egui::Slider::new(&mut s.interval.0, interval_range).text(field_label(kind, labels::INTERVAL)));
            ui.add(egui::Slider::new(&mut s.length.0, ranges::LENGTH_S).text(field_label(kind, labels::LENGTH)));
            ui.add(
                egui::Slider::new(&mut s.idle_threshold.0, ranges::IDLE_THRESHOLD_S)
                    .logarithmic(true)
                    .text(field_label(kind, labels::IDLE_THRESHOLD)),
            );
            egui::ComboBox::from_label(field_label(kind, labels::POLICY)).selected_text(policy_name(s.policy)).show_ui(
                ui,
                |ui| {
                    for p in [IdlePolicy::Reset, IdlePolicy::Pause, IdlePolicy::CountDown] {
                        ui.selectable_value(&mut s.policy, p, policy_name(p));
                    }
                },
            );
            ui.label(RichText::new(policy_text(s.policy)).small().color(theme::MUTED));
            ui.add(
                egui::Slider::new(&mut s.snooze.0, ranges::SNOOZE_MIN).text(field_label(kind, labels::SNOOZE_MINUTES)),
            );
            ui.add(
                egui::Slider::new(&mut s.max_snoozes, ranges::MAX_SNOOZES).text(field_label(kind, labels::MAX_SNOOZES)),
            );
            ui.label(RichText::new(field_label(kind, labels::ROTATION)).small());
            ui.horizontal_wrapped(|ui| {
                for r in catalogue.routines.values() {
                    let mut on = s.routines.contains(&r.id);
                    if ui.checkbox(&mut on, &r.name).changed() {
                        if on {
                            s.routines.push(r.id.clone());
                        } else {
                            s.routines.retain(|id| id != &r.id);
                        }
                    }
                }
            });
        });
    });
}
