//! The desk check in the window: each item's picture (the figure at a desk, the thing to check
//! marked), its question with Yes / No / Not sure, why it matters, and (when the answer is not
//! yes) what to change. Save keeps the answers in the history; Close
//! (or Esc) leaves without keeping anything.

use std::sync::OnceLock;

use egui::RichText;

use super::command::{AppCommand, DeskCommand};
use super::{figure, theme};
use crate::core::desk::{CHECKS, Check, DeskAnswer, DeskItem, INTRO, TITLE};
use crate::core::desk_picture;
use crate::core::figure::{Drawing, View};

/// The answers given so far, item by item.
pub type Answers = Vec<(DeskItem, DeskAnswer)>;

/// The desk check in the window: the answers while it is open, and the line that says what was
/// last kept (shown on *Today* until the check is opened again).
#[derive(Debug, Default)]
pub struct DeskState {
    pub open: Option<Answers>,
    pub kept: Option<String>,
}

/// What *Today* says once the answers are kept.
pub fn kept_line(answers: &[(DeskItem, DeskAnswer)]) -> String {
    format!(
        "Desk check kept in your history ({}). It shows in History, beside how your back felt, under \"Is it helping?\".",
        crate::core::desk::summary(answers)
    )
}

/// Draws the desk check; the command a button asked for.
pub fn desk_ui(ui: &mut egui::Ui, answers: &Answers) -> Option<AppCommand> {
    let mut cmd = None;
    if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
        cmd = Some(AppCommand::Desk(DeskCommand::Close));
    }
    crate::app::focus::show(egui::ScrollArea::vertical(), ui, |ui| {
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.heading(TITLE);
            ui.label(INTRO);
            ui.label(RichText::new(HOW).color(theme::muted()));
            for (n, check) in CHECKS.iter().enumerate() {
                ui.add_space(10.0);
                ui.horizontal_top(|ui| {
                    if let Some(drawing) = picture(check.item) {
                        let size = egui::vec2(PICTURE, PICTURE);
                        figure::paint(ui, drawing, View::Side, size, desk_picture::label(check.item));
                    }
                    ui.vertical(|ui| {
                        if let Some(c) = item_ui(ui, n, check, answers) {
                            cmd = Some(c);
                        }
                    });
                });
            }
            ui.add_space(12.0);
            ui.horizontal(|ui| {
                let answered = crate::core::desk::summary(answers);
                if ui.add(theme::primary(SAVE)).on_hover_text(format!("Keeps {answered} in your history")).clicked() {
                    cmd = Some(AppCommand::Desk(DeskCommand::Save));
                }
                if ui.add(theme::secondary(CLOSE)).clicked() {
                    cmd = Some(AppCommand::Desk(DeskCommand::Close));
                }
            });
        });
    });
    cmd
}

/// One item: its question, why, the answers, and what to change when the answer is not yes.
fn item_ui(ui: &mut egui::Ui, n: usize, check: &Check, answers: &Answers) -> Option<AppCommand> {
    let mut cmd = None;
    ui.label(RichText::new(format!("{}. {}", n + 1, check.question)).strong());
    ui.label(RichText::new(check.why).color(theme::muted()));
    let given = answers.iter().find(|(item, _)| *item == check.item).map(|(_, a)| *a);
    ui.horizontal(|ui| {
        for answer in [DeskAnswer::Yes, DeskAnswer::No, DeskAnswer::NotSure] {
            let button = theme::choice(answer.label(), given == Some(answer));
            if ui.add(button).on_hover_text(check.question).clicked() {
                cmd = Some(AppCommand::Desk(DeskCommand::Answer(check.item, answer)));
            }
        }
    });
    if matches!(given, Some(DeskAnswer::No | DeskAnswer::NotSure)) {
        ui.label(format!("What to change: {}", check.change));
    }
    cmd
}

/// How wide and tall each item's picture is, in points.
const PICTURE: f32 = 190.0;

/// The picture for `item`, drawn once and kept (the figure is solved once per item, not per
/// frame).
fn picture(item: DeskItem) -> Option<&'static Drawing> {
    static PICTURES: OnceLock<Vec<(DeskItem, Drawing)>> = OnceLock::new();
    let all = PICTURES
        .get_or_init(|| CHECKS.iter().filter_map(|c| desk_picture::picture(c.item).map(|d| (c.item, d))).collect());
    all.iter().find(|(i, _)| *i == item).map(|(_, d)| d)
}

/// How the screen works, under the intro (the buttons that keep or leave are at its end).
pub const HOW: &str = "Answer what you like. \"Keep my answers\", at the end, puts them in your history, \
     where they show beside how your back felt; \"Close\" (or Esc) leaves without keeping them.";

/// The button that keeps the answers.
pub const SAVE: &str = "Keep my answers";
/// The button that leaves without keeping anything.
pub const CLOSE: &str = "Close";
/// The button on *Today* that opens the check.
pub const OPEN: &str = "Desk check";
/// The offer on *Today*, a week after the first use and then every three months.
pub const OFFER: &str = "A two-minute desk check? A look at your screen, chair and desk, with what to change.";
/// Taking the offer.
pub const TAKE: &str = "Check my desk";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{Queryable as _, click, panel};

    #[test]
    fn each_answer_is_a_click_and_a_no_says_what_to_change() {
        let answers = std::rc::Rc::new(std::cell::RefCell::new(Answers::new()));
        let shown = std::rc::Rc::clone(&answers);
        let mut harness = panel(move |ui| desk_ui(ui, &shown.borrow()));
        assert!(harness.query_by_label(TITLE).is_some());
        for check in CHECKS {
            let picture = desk_picture::label(check.item);
            assert!(harness.query_by_label(picture).is_some(), "each item has its picture: {picture}");
        }
        assert!(harness.query_by_label_contains("What to change").is_none(), "nothing answered yet");
        harness.state_mut().clear();
        harness.get_all_by_label("No").next().expect("a No button").click();
        harness.run();
        assert_eq!(
            std::mem::take(harness.state_mut()),
            [AppCommand::Desk(DeskCommand::Answer(DeskItem::ScreenHeight, DeskAnswer::No))]
        );
        answers.borrow_mut().push((DeskItem::ScreenHeight, DeskAnswer::No));
        assert!(kept_line(&answers.borrow()).contains("(0 yes, 1 no, 0 not sure)"));
        harness.run();
        assert!(harness.query_by_label_contains("What to change: Raise the screen").is_some());
        // Every item's what-to-change drawn at once (a glyph the font lacks would stop the test).
        answers.borrow_mut().extend(CHECKS.iter().skip(1).map(|c| (c.item, DeskAnswer::NotSure)));
        harness.run();
        assert_eq!(harness.query_all_by_label_contains("What to change:").count(), CHECKS.len());
        harness.get_by_label(SAVE).scroll_to_me();
        harness.run();
        assert_eq!(click(&mut harness, SAVE), [AppCommand::Desk(DeskCommand::Save)]);
    }
}
