//! Safety content: the first-run notice (acknowledged once) and the red-flag guidance shown after
//! "Stop — I feel pain". Wording adapted from the content brief (§4), in plain words.

use egui::RichText;

use super::command::AppCommand;
use super::labels;
use super::theme;

/// The notice, paragraph by paragraph: (bold lead, text).
pub const NOTICE: &[(&str, &str)] = &[
    (
        "",
        "These routines are general wellness exercises for healthy adults who sit for long periods. \
         They are not medical advice, diagnosis or treatment, and they do not replace a doctor or physiotherapist.",
    ),
    (
        "Move gently, ",
        "only in a comfortable range. Stretching should feel like mild tension, never pain. Stop straight away \
         if you feel sharp or increasing pain, numbness or tingling, dizziness, or chest discomfort.",
    ),
    (
        "Call emergency services ",
        "(999, 911, 112 or your local number) if upper-back pain comes with chest pain or pressure, shortness of \
         breath, sweating, nausea, or pain spreading to your arm, jaw or neck. Do the same for sudden severe \
         \"tearing\" pain, new loss of bladder or bowel control, or numbness around the groin or buttocks.",
    ),
    (
        "See a clinician ",
        "if pain follows a fall or accident, comes with fever or unexplained weight loss, spreads into an arm or \
         leg with numbness or weakness, wakes you at night, or hasn't eased after 2–3 days of self-care. Also see \
         one before using these routines if you are pregnant, have had recent surgery or an injury, or have \
         osteoporosis, a heart condition or a shoulder problem.",
    ),
];

/// Red flags, grouped by urgency: (heading, items).
pub const RED_FLAGS: &[(&str, &[&str])] = &[
    (
        "Call emergency services now (999 / 911 / 112) — do not exercise",
        &[
            "Chest pain, pressure, tightness or squeezing, or pain spreading to the arm, jaw, neck or between the shoulder blades.",
            "Shortness of breath, sweating, nausea, light-headedness — some people, more often women, have back or jaw pain and breathlessness without chest pain.",
            "Sudden, severe, tearing pain in the chest or upper back.",
            "New loss of bladder or bowel control, numbness around the groin or buttocks, or new weakness in both legs.",
        ],
    ),
    (
        "Get a same-day appointment with a doctor",
        &[
            "Back pain with fever, chills or unexplained weight loss.",
            "Pain that does not ease with rest, or is worse at night.",
            "Band-like pain around the chest, or numbness, tingling or weakness spreading into an arm or leg.",
            "Headache with neck symptoms, dizziness, blurred vision or trouble with balance.",
        ],
    ),
    (
        "See a clinician soon",
        &[
            "Severe pain that has not eased after 2–3 days of self-care, or a mild ache that is not improving after a few weeks.",
            "Pain that keeps getting worse, gets in the way of work or daily life, or needs regular painkillers.",
        ],
    ),
];

/// The first-run notice. Returns a command once it is acknowledged.
pub fn notice_ui(ui: &mut egui::Ui) -> Option<AppCommand> {
    let mut cmd = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.set_max_width(680.0);
            ui.add_space(24.0);
            theme::card().show(ui, |ui| {
                ui.heading(labels::SAFETY_TITLE);
                ui.add_space(8.0);
                for (lead, text) in NOTICE {
                    ui.horizontal_wrapped(|ui| {
                        ui.spacing_mut().item_spacing.x = 0.0;
                        if !lead.is_empty() {
                            ui.label(RichText::new(*lead).strong());
                        }
                        ui.label(*text);
                    });
                    ui.add_space(6.0);
                }
                ui.add_space(8.0);
                if ui.add(theme::primary(labels::SAFETY_ACKNOWLEDGE)).clicked() {
                    cmd = Some(AppCommand::AcknowledgeSafety);
                }
            });
        });
    });
    cmd
}

/// The red-flag guidance, grouped by urgency.
pub fn red_flags_ui(ui: &mut egui::Ui) {
    for (heading, items) in RED_FLAGS {
        ui.add_space(6.0);
        ui.label(RichText::new(*heading).strong().color(theme::danger()));
        for item in *items {
            ui.horizontal_wrapped(|ui| {
                ui.label("•");
                ui.label(*item);
            });
        }
    }
    ui.add_space(6.0);
    ui.label(
        "If nothing above applies: rest, move gently within what is comfortable, and skip the exercise that hurt \
         next time. If an exercise makes your pain worse, stop it and ask a physiotherapist.",
    );
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
            red_flags_ui(ui);
            None::<()>
        });
        assert!(harness.query_by_label("See a clinician soon").is_some());
    }
}
