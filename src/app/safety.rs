//! Safety on screen: the first-run notice (acknowledged once), "When to get help" (from every tab),
//! and the red flags shown after "Stop — I feel pain". The words are [`crate::core::safety`]'s.

use egui::RichText;

use super::command::AppCommand;
use super::labels;
use super::theme;
use crate::core::safety::{NOTICE, OTHERWISE, RED_FLAGS, RISK_CONTEXT, heading};

/// The first-run notice. Returns a command once it is acknowledged.
pub fn notice_ui(ui: &mut egui::Ui) -> Option<AppCommand> {
    let mut cmd = None;
    crate::app::focus::show(egui::ScrollArea::vertical(), ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.set_max_width(680.0);
            ui.add_space(24.0);
            theme::card().show(ui, |ui| {
                ui.heading(labels::SAFETY_TITLE);
                ui.add_space(8.0);
                notice_text(ui);
                ui.add_space(8.0);
                if ui.add(theme::primary(labels::SAFETY_ACKNOWLEDGE)).clicked() {
                    cmd = Some(AppCommand::AcknowledgeSafety);
                }
            });
        });
    });
    cmd
}

/// The notice's paragraphs.
fn notice_text(ui: &mut egui::Ui) {
    paragraphs_ui(ui, NOTICE);
}

/// `(bold lead, text)` paragraphs.
fn paragraphs_ui(ui: &mut egui::Ui, items: &[(&str, &str)]) {
    for (lead, text) in items {
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            if !lead.is_empty() {
                ui.label(RichText::new(*lead).strong());
            }
            ui.label(*text);
        });
        ui.add_space(6.0);
    }
}

/// "When to get help": the notice and the red flags, any time; Close (or Esc) goes back.
pub fn help_ui(ui: &mut egui::Ui, number: &str) -> Option<AppCommand> {
    let mut cmd = None;
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
        cmd = Some(AppCommand::CloseHelp);
    }
    crate::app::focus::show(egui::ScrollArea::vertical(), ui, |ui| {
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.heading(labels::HELP_TITLE);
            red_flags_ui(ui, number);
            ui.add_space(8.0);
            ui.label(RichText::new(crate::core::safety::SORE_DAY_TITLE).strong());
            paragraphs_ui(ui, crate::core::safety::SORE_DAY);
            ui.label(RichText::new(crate::core::safety::SLEEP_TITLE).strong());
            paragraphs_ui(ui, crate::core::safety::SLEEP);
            ui.add_space(8.0);
            ui.label(RichText::new(labels::SAFETY_TITLE).strong());
            notice_text(ui);
            if ui.add(theme::primary(labels::CLOSE_HELP)).clicked() {
                cmd = Some(AppCommand::CloseHelp);
            }
        });
    });
    cmd
}

/// The sore-day card: what helps and is safe, then the red flags (unless the screen shows them
/// already: `flags` false).
pub fn sore_day_ui(ui: &mut egui::Ui, number: &str, flags: bool) {
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(crate::core::safety::SORE_DAY_TITLE).size(17.0).strong());
        paragraphs_ui(ui, crate::core::safety::SORE_DAY);
        if flags {
            ui.label("Get help, as each heading says, if you notice any of these signs:");
            red_flags_ui(ui, number);
        }
    });
}

/// The red-flag guidance, grouped by urgency; `number` is the local emergency number, if set.
pub fn red_flags_ui(ui: &mut egui::Ui, number: &str) {
    for (urgency, items) in RED_FLAGS {
        ui.add_space(6.0);
        ui.label(RichText::new(heading(*urgency, number)).strong().color(theme::danger()));
        for item in *items {
            ui.horizontal_wrapped(|ui| {
                ui.label("•");
                ui.label(*item);
            });
        }
    }
    ui.add_space(6.0);
    ui.label(RISK_CONTEXT);
    ui.add_space(6.0);
    ui.label(OTHERWISE);
}

/// "Stop — I feel pain": red, and always there while a session plays; true when pressed.
pub fn pain_button(ui: &mut egui::Ui) -> bool {
    let pain = egui::Button::new(RichText::new(labels::STOP_PAIN).color(egui::Color32::WHITE).strong())
        .fill(theme::danger())
        .min_size(egui::vec2(0.0, 36.0));
    ui.add(pain).clicked()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{Queryable as _, click, panel};

    #[test]
    fn the_notice_is_shown_until_it_is_acknowledged() {
        let mut harness = panel(notice_ui);
        assert!(harness.query_by_label(labels::SAFETY_TITLE).is_some());
        assert_eq!(click(&mut harness, labels::SAFETY_ACKNOWLEDGE), [AppCommand::AcknowledgeSafety]);
    }

    #[test]
    fn the_red_flags_are_grouped_by_urgency() {
        let harness = panel(|ui| {
            red_flags_ui(ui, "");
            None::<()>
        });
        assert!(harness.query_by_label("See a clinician soon").is_some());
    }

    #[test]
    fn help_shows_the_red_flags_with_the_local_number_and_closes() {
        let mut harness = panel(|ui| help_ui(ui, "000"));
        assert!(harness.query_by_label("Call emergency services now (000) — do not exercise").is_some());
        harness.get_by_label(labels::CLOSE_HELP).scroll_to_me();
        harness.run();
        assert!(harness.query_by_label(crate::core::safety::RISK_CONTEXT).is_some(), "who is more at risk");
        assert_eq!(click(&mut harness, labels::CLOSE_HELP), [AppCommand::CloseHelp]);
    }
}
