//! What frames every screen: the title and tabs (Ctrl+1, Ctrl+2, …) and the messages above the
//! content (the engine stopped or lost, this window's errors, the engine's banners).

use egui::RichText;

use super::command::{AppCommand, Tab};
use super::{EngineState, labels, theme};

/// The messages above every screen: the engine stopped or lost (with a way to start it again),
/// this window's errors, and the engine's banners, each with its Dismiss button.
pub fn banners_ui(
    ui: &mut egui::Ui,
    engine: EngineState,
    errors: &[impl std::fmt::Display],
    engine_banners: &[String],
) -> Option<AppCommand> {
    let mut cmd = None;
    match engine {
        EngineState::Connected => {}
        EngineState::Stopped | EngineState::Lost => {
            theme::callout(theme::danger_soft()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                let (title, text) = if engine == EngineState::Stopped {
                    (labels::ENGINE_STOPPED, "It was stopped with Quit, so reminders are off until it runs again.")
                } else {
                    (
                        labels::ENGINE_LOST,
                        "Reminders have stopped: the engine ended unexpectedly. Its log is in `unhunch paths`.",
                    )
                };
                ui.label(RichText::new(title).strong());
                ui.add(egui::Label::new(text).wrap());
                if ui.add(theme::primary(labels::RESTART_ENGINE)).clicked() {
                    cmd = Some(AppCommand::RestartEngine);
                }
            });
            ui.add_space(6.0);
        }
    }
    for (i, error) in errors.iter().enumerate() {
        if banner_ui(ui, &error.to_string()) {
            cmd = Some(AppCommand::DismissError(i));
        }
    }
    for text in engine_banners {
        if banner_ui(ui, text) {
            cmd = Some(AppCommand::DismissBanner(text.clone()));
        }
    }
    cmd
}

fn routines_tab_label(errors: usize) -> String {
    if errors > 0 {
        format!("{} · {}", labels::TAB_ROUTINES, crate::core::units::plural(errors as u64, "problem", None))
    } else {
        labels::TAB_ROUTINES.to_owned()
    }
}

/// The title and the tabs; a click on a tab asks for it.
pub fn tabs_ui(ui: &mut egui::Ui, current: Tab, routine_errors: usize) -> Option<AppCommand> {
    let mut cmd = None;
    ui.horizontal(|ui| {
        ui.label(RichText::new(labels::APP_TITLE).size(20.0).strong().color(theme::accent()));
        ui.add_space(16.0);
        for (n, tab) in Tab::ALL.into_iter().enumerate() {
            let label = match tab {
                Tab::Today => labels::TAB_TODAY.to_owned(),
                Tab::History => labels::TAB_HISTORY.to_owned(),
                Tab::Routines => routines_tab_label(routine_errors),
                Tab::Settings => labels::TAB_SETTINGS.to_owned(),
            };
            let hint = format!("Ctrl+{}", n + 1);
            if ui.selectable_label(current == tab, label).on_hover_text(hint).clicked() {
                cmd = Some(AppCommand::ShowTab(tab));
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(labels::WHEN_TO_GET_HELP).clicked() {
                cmd = Some(AppCommand::ShowHelp);
            }
        });
    });
    cmd
}

/// Ctrl+1, Ctrl+2, … switch tabs.
pub fn tab_keys(ctx: &egui::Context) -> Option<AppCommand> {
    let keys = [egui::Key::Num1, egui::Key::Num2, egui::Key::Num3, egui::Key::Num4];
    ctx.input_mut(|i| {
        Tab::ALL
            .into_iter()
            .zip(keys)
            .find(|(_, key)| i.consume_key(egui::Modifiers::COMMAND, *key))
            .map(|(tab, _)| AppCommand::ShowTab(tab))
    })
}

/// One message, wrapped to the window, with its Dismiss button; true when dismissed.
fn banner_ui(ui: &mut egui::Ui, text: &str) -> bool {
    let mut dismissed = false;
    theme::callout(theme::warn_soft()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_top(|ui| {
            let room = (ui.available_width() - 96.0).max(120.0);
            ui.vertical(|ui| {
                ui.set_max_width(room);
                ui.add(egui::Label::new(text).wrap());
            });
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                dismissed = ui.small_button(labels::DISMISS).clicked();
            });
        });
    });
    ui.add_space(6.0);
    dismissed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{Queryable as _, click, panel};

    #[test]
    fn a_stopped_engine_offers_to_start_it_again() {
        let mut harness = panel(|ui| banners_ui(ui, EngineState::Stopped, &[] as &[String], &[]));
        assert!(harness.query_by_label(labels::ENGINE_STOPPED).is_some());
        assert_eq!(click(&mut harness, labels::RESTART_ENGINE), [AppCommand::RestartEngine]);
    }

    #[test]
    fn each_message_has_its_own_dismiss() {
        let errors = ["Could not save settings: disk full".to_owned()];
        let mut harness = panel(|ui| banners_ui(ui, EngineState::Connected, &errors, &[]));
        assert!(harness.query_by_label(&errors[0]).is_some());
        assert_eq!(click(&mut harness, labels::DISMISS), [AppCommand::DismissError(0)]);

        let banners = ["Showing notifications failed".to_owned()];
        let mut harness = panel(|ui| banners_ui(ui, EngineState::Connected, &[] as &[String], &banners));
        assert_eq!(click(&mut harness, labels::DISMISS), [AppCommand::DismissBanner(banners[0].clone())]);
    }

    #[test]
    fn the_routines_tab_counts_problems_and_a_click_asks_for_a_tab() {
        let mut harness = panel(|ui| tabs_ui(ui, Tab::Today, 2));
        assert!(harness.query_by_label("Routines · 2 problems").is_some());
        assert_eq!(click(&mut harness, labels::TAB_SETTINGS), [AppCommand::ShowTab(Tab::Settings)]);
    }
}
