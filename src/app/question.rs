//! Questions the window asks before something could be lost or ended: a modal with a heading,
//! a few lines, and a row of answers. The window's own questions (closing with unsaved edits,
//! ending a session) are here; the Routines screen asks its own with the same helper.

use egui::RichText;

use super::command::Answer;
use super::labels;
use super::theme;

/// A question the window itself is waiting on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppQuestion {
    /// The window is closing with unsaved changes in the editor.
    Quit,
    /// The window is closing with unsaved changes in Settings.
    QuitSettings,
    /// Esc in the player: end the session?
    EndSession,
}

/// One answer button: its label, what it answers, and whether it is the prominent one.
pub type Choice<'a> = (&'a str, Answer, bool);

/// Shows a modal with `heading`, the lines `body` draws, and `choices`; returns the answer once
/// one is given (Esc or a click outside is [`Answer::Cancel`]).
pub fn ask(
    ctx: &egui::Context,
    heading: &str,
    body: impl FnOnce(&mut egui::Ui),
    choices: &[Choice<'_>],
) -> Option<Answer> {
    let mut answer = None;
    // A question that was not on screen the frame before has just opened: its prominent answer
    // takes the keyboard focus, so Enter gives it (and Tab moves to the others).
    let shown = egui::Id::unique("question-shown-at");
    let pass = ctx.cumulative_pass_nr();
    let opened = ctx.data_mut(|d| {
        let before: Option<u64> = d.get_temp(shown);
        d.insert_temp(shown, pass);
        before.is_none_or(|before| before + 1 < pass)
    });
    let modal = egui::Modal::new(egui::Id::unique("question")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading(heading);
        body(ui);
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            for (label, choice, primary) in choices {
                let button = if *primary { theme::primary(label) } else { theme::secondary(label) };
                let response = ui.add(button);
                if *primary && opened {
                    response.request_focus();
                }
                if response.clicked() {
                    answer = Some(*choice);
                }
            }
        });
    });
    if modal.should_close() && answer.is_none() {
        answer = Some(Answer::Cancel);
    }
    answer
}

/// "Save your changes to …?": Save, Discard changes, Keep editing.
pub fn save_changes(ctx: &egui::Context, what: &str, save_label: &str) -> Option<Answer> {
    ask(
        ctx,
        &format!("Save your changes to {what}?"),
        |ui| {
            ui.label("Your changes will be lost if you don't save them.");
        },
        &[
            (save_label, Answer::Save, true),
            (labels::DISCARD, Answer::Proceed, false),
            (labels::KEEP_EDITING, Answer::Cancel, false),
        ],
    )
}

/// "End this session?", with what was done so far.
pub fn end_session(ctx: &egui::Context, done: &str) -> Option<Answer> {
    ask(
        ctx,
        labels::END_SESSION_QUESTION,
        |ui| {
            ui.label(RichText::new(format!("Done so far: {done}. It is recorded as ended early.")));
        },
        &[(labels::KEEP_GOING, Answer::Cancel, true), (labels::END_NOW, Answer::Proceed, false)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{Queryable as _, click, panel};

    #[test]
    fn unsaved_changes_can_be_saved_discarded_or_kept_and_esc_keeps_them() {
        let mut harness = panel(|ui| save_changes(ui.ctx(), "Posture reset", labels::SAVE_AND_CONTINUE));
        assert!(harness.query_by_label("Save your changes to Posture reset?").is_some());
        assert_eq!(click(&mut harness, labels::DISCARD), [Answer::Proceed]);
        assert_eq!(click(&mut harness, labels::KEEP_EDITING), [Answer::Cancel]);
        harness.state_mut().clear();
        harness.key_press(egui::Key::Escape);
        harness.run();
        assert_eq!(harness.state().first(), Some(&Answer::Cancel));
    }

    #[test]
    fn ending_a_session_says_what_was_done_and_keeping_going_is_the_default() {
        let mut harness = panel(|ui| end_session(ui.ctx(), "2 of 4 exercises, 0:40"));
        assert!(
            harness.query_by_label("Done so far: 2 of 4 exercises, 0:40. It is recorded as ended early.").is_some()
        );
        assert_eq!(click(&mut harness, labels::END_NOW), [Answer::Proceed]);
        assert_eq!(click(&mut harness, labels::KEEP_GOING), [Answer::Cancel]);
    }
}
