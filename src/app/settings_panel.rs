//! Settings: a draft of the settings, edited with sliders and saved in one go. Saving sends the
//! settings to the engine, which writes `settings.ron` atomically and applies them at once.

use egui::RichText;

use super::command::AppCommand;
use super::labels;
use super::theme;
use crate::core::catalogue::Catalogue;
use crate::core::kind::BreakKind;
use crate::core::settings::{BreakSettings, Settings, ThemeChoice, ranges};
use crate::core::timer::{IdlePolicy, Strictness};
use crate::core::units::plural;

/// The settings panel: the draft being edited, which break kind is shown, and whether it was saved.
#[derive(Clone, Debug)]
pub struct SettingsPanel {
    draft: Option<Settings>,
    /// The settings the draft started from (to tell edits from updates).
    base: Option<Settings>,
    saved: bool,
    kind: BreakKind,
    /// The "About you" page (place, equipment, screening, programme) instead of a break kind's.
    pub about_you: bool,
}

impl Default for SettingsPanel {
    fn default() -> Self {
        Self { draft: None, base: None, saved: false, kind: BreakKind::Micro, about_you: false }
    }
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
        let edited = self.draft.is_some() && self.draft != self.base;
        if !edited {
            self.draft = Some(settings.clone());
        }
        self.base = Some(settings.clone());
    }

    /// Marks the draft as saved (the engine confirmed).
    pub fn mark_saved(&mut self) {
        self.saved = true;
    }

    /// True when the draft differs from the settings in force.
    pub fn is_dirty(&self, current: &Settings) -> bool {
        self.draft.as_ref().is_some_and(|d| d != current)
    }

    /// The draft, if it differs from `current` and can be saved (no problems).
    pub fn draft_to_save(&self, current: &Settings) -> Option<Settings> {
        self.draft.clone().filter(|d| d != current && d.working_hours.problems().is_empty())
    }

    /// Draws the panel.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        current: &Settings,
        catalogue: &Catalogue,
        autostart: bool,
        idle_backend: &str,
    ) -> Option<AppCommand> {
        let mut cmd = None;
        let draft = self.draft.get_or_insert_with(|| current.clone());
        let before = draft.clone();
        // The actions stay in view at the bottom, however long the settings get.
        let saved = self.saved;
        egui::Panel::bottom("settings-actions").show(ui, |ui| {
            if let Some(c) = actions_ui(ui, draft, current, saved) {
                cmd = Some(c);
            }
        });
        egui::CentralPanel::no_frame().show(ui, |ui| {
            page_tabs(ui, &mut self.kind, &mut self.about_you);
            ui.add_space(6.0);
            if self.about_you {
                crate::app::focus::show(egui::ScrollArea::vertical(), ui, |ui| about_you_ui(ui, draft, catalogue));
                return;
            }
            crate::app::focus::show(egui::ScrollArea::vertical(), ui, |ui| {
                let (section, interval_range) = match self.kind {
                    BreakKind::Micro => (&mut draft.micro, ranges::MICRO_INTERVAL_MIN),
                    BreakKind::Long => (&mut draft.long, ranges::LONG_INTERVAL_MIN),
                };
                kind_ui(ui, self.kind, section, interval_range, catalogue);
                ui.add_space(8.0);
                theme::card().show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(RichText::new("Both breaks").strong());
                    let idle = if idle_backend == crate::core::ports::ALWAYS_ACTIVE {
                        "Idle detection: none here — you count as active all the time".to_owned()
                    } else {
                        format!("Idle detection: {idle_backend}")
                    };
                    ui.label(RichText::new(idle).small().color(theme::muted()));
                    let mut on = autostart;
                    if ui.checkbox(&mut on, labels::AUTOSTART).changed() {
                        cmd = Some(AppCommand::SetAutostart(on));
                    }
                    if ui
                        .button(labels::TEST_NOTIFICATION)
                        .on_hover_text(
                            "Shows a real posture-reset notification now, with its Start, Snooze and Skip buttons",
                        )
                        .clicked()
                    {
                        cmd = Some(AppCommand::Engine(crate::protocol::Command::TestNotification));
                    }
                    ui.checkbox(&mut draft.reduce_motion, labels::REDUCE_MOTION)
                        .on_hover_text("The figure shows each exercise's key positions side by side instead of moving");
                    ui.checkbox(&mut draft.desk_check_offers, labels::DESK_CHECK_OFFERS)
                        .on_hover_text("It is always on Today, and in `unhunch desk`");
                    working_hours_ui(ui, &mut draft.working_hours);
                    interruptions_ui(ui, draft);
                    if let Some(c) = look_and_sound_ui(ui, draft) {
                        cmd = Some(c);
                    }
                    egui::Grid::new("general-settings").num_columns(2).spacing([16.0, 10.0]).show(ui, |ui| {
                        slider_row(
                            ui,
                            labels::WARNING,
                            egui::Slider::new(&mut draft.warning.0, ranges::WARNING_S)
                                .custom_formatter(|v, _| seconds_text(v, "off")),
                        );
                        slider_row(
                            ui,
                            labels::REMIND_EVERY,
                            egui::Slider::new(&mut draft.remind_every.0, ranges::REMIND_EVERY_MIN).custom_formatter(
                                |v, _| if v < 0.5 { "never".to_owned() } else { format!("{v:.0} min") },
                            ),
                        );
                        slider_row(
                            ui,
                            labels::LEAD_IN,
                            egui::Slider::new(&mut draft.lead_in.0, ranges::LEAD_IN_S).suffix(" s"),
                        );
                    });
                });
            });
        });
        if *draft != before {
            self.saved = false;
        }
        cmd
    }
}

/// The actions bar: Save (also Ctrl+S), Revert, and what state the draft is in.
fn actions_ui(ui: &mut egui::Ui, draft: &mut Settings, current: &Settings, saved: bool) -> Option<AppCommand> {
    let mut cmd = None;
    let problems = draft.working_hours.problems().len();
    let dirty = *draft != *current;
    // Ctrl+S saves, as in the editor.
    let save_key = ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::S));
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        let save = ui
            .add_enabled(dirty && problems == 0, theme::primary(labels::SAVE_SETTINGS))
            .on_hover_text(labels::SAVE_SETTINGS_KEY);
        if save.clicked() || (save_key && dirty && problems == 0) {
            cmd = Some(AppCommand::SaveSettings(Box::new(draft.clone())));
        }
        // Revert always works, problems or not: it is the way out of them.
        if ui.add_enabled(dirty, theme::secondary(labels::REVERT_SETTINGS)).clicked() {
            *draft = current.clone();
        }
        if problems > 0 {
            let text =
                format!("Fix the working hours marked in red to save ({})", plural(problems as u64, "problem", None));
            ui.label(RichText::new(text).color(theme::danger()));
        } else if saved && !dirty {
            ui.label(RichText::new(labels::SETTINGS_SAVED).color(theme::accent()));
        } else if dirty {
            ui.label(RichText::new("Unsaved changes").color(theme::muted()));
        }
    });
    ui.add_space(4.0);
    cmd
}

/// Where you are, what you have, what to take care of (optional and private), and the programme.
fn about_you_ui(ui: &mut egui::Ui, draft: &mut Settings, catalogue: &Catalogue) {
    use crate::core::profile::Place;
    use crate::core::routine::Equipment;
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(labels::PLACE_HEADING).strong());
        ui.horizontal_wrapped(|ui| {
            for place in Place::ALL {
                ui.radio_value(&mut draft.profile.place, place, place.label());
            }
        });
        ui.label(RichText::new(labels::PLACE_HINT).small().color(theme::muted()));
        ui.add_space(6.0);
        ui.label(RichText::new(labels::EQUIPMENT_HEADING).strong());
        ui.horizontal_wrapped(|ui| {
            for item in Equipment::ALL {
                let mut have = !draft.profile.without.contains(&item);
                if ui.checkbox(&mut have, item.title()).changed() {
                    draft.profile.without.retain(|e| *e != item);
                    if !have {
                        draft.profile.without.push(item);
                    }
                }
            }
        });
        ui.label(RichText::new(labels::EQUIPMENT_HINT).small().color(theme::muted()));
    });
    ui.add_space(8.0);
    screening_ui(ui, draft);
    ui.add_space(8.0);
    programme_ui(ui, draft, catalogue);
}

/// The optional, private screening.
fn screening_ui(ui: &mut egui::Ui, draft: &mut Settings) {
    use crate::core::routine::Condition;
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(labels::SCREENING_HEADING).strong());
        ui.label(RichText::new(labels::SCREENING_HINT).color(theme::muted()));
        for condition in Condition::ALL {
            let mut on = draft.profile.conditions.contains(&condition);
            if ui.checkbox(&mut on, condition.question()).changed() {
                draft.profile.conditions.retain(|c| *c != condition);
                if on {
                    draft.profile.conditions.push(condition);
                }
                draft.profile.asked = true;
            }
        }
        if draft.profile.has_condition(Condition::RecentSurgery) {
            ui.label(RichText::new(labels::SURGERY_NOTE).strong().color(theme::danger()));
        }
        if ui.button(labels::SCREENING_CLEAR).clicked() {
            draft.profile.conditions.clear();
        }
    });
}

/// Strength days, the end-of-day routine and each routine's level.
fn programme_ui(ui: &mut egui::Ui, draft: &mut Settings, catalogue: &Catalogue) {
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(labels::PROGRAMME_HEADING).strong());
        let programme = &mut draft.programme;
        egui::Grid::new("programme-settings").num_columns(2).spacing([16.0, 10.0]).show(ui, |ui| {
            slider_row(
                ui,
                labels::STRENGTH_DAYS,
                egui::Slider::new(&mut programme.strength_days, 0..=7).suffix(" days"),
            );
            slider_row(ui, labels::STRENGTH_PER_DAY, egui::Slider::new(&mut draft.strength_per_day, 0..=3));
            let l = ui.label(labels::END_OF_DAY);
            let name = catalogue
                .routines
                .get(&programme.end_of_day)
                .map_or_else(|| labels::NONE.to_owned(), |r| r.name.clone());
            egui::ComboBox::from_id_salt("end-of-day")
                .selected_text(name)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut programme.end_of_day, String::new(), labels::NONE);
                    for r in catalogue.routines.values() {
                        ui.selectable_value(&mut programme.end_of_day, r.id.clone(), &r.name);
                    }
                })
                .response
                .labelled_by(l.id);
            ui.end_row();
            let l = ui.label(labels::END_OF_DAY_FROM);
            ui.add(egui::TextEdit::singleline(&mut programme.end_of_day_from).desired_width(60.0).id_salt("eod-from"))
                .labelled_by(l.id);
            ui.end_row();
        });
        ui.checkbox(&mut programme.strength_days_running, labels::STRENGTH_RUNNING);
        ui.label(RichText::new(labels::PROGRAMME_HINT).small().color(theme::muted()));
        ui.add_space(6.0);
        ui.label(RichText::new(labels::LEVELS_HEADING).strong());
        egui::Grid::new("levels").num_columns(3).spacing([12.0, 6.0]).show(ui, |ui| {
            for r in catalogue.routines.values() {
                let level = programme.level(&r.id);
                ui.label(&r.name);
                ui.label(crate::core::level::label(level)).on_hover_text(crate::core::level::describe(level));
                ui.horizontal(|ui| {
                    let easier = ui.add_enabled(level > crate::core::level::EASIER, egui::Button::new("Easier"));
                    let harder = ui.add_enabled(level < crate::core::level::HARDEST, egui::Button::new("Harder"));
                    let change = if easier.clicked() {
                        Some(level - 1)
                    } else if harder.clicked() {
                        Some(level + 1)
                    } else {
                        None
                    };
                    if let Some(to) = change {
                        programme.levels.entry(r.id.clone()).or_default().level = to;
                    }
                });
                ui.end_row();
            }
        });
    });
}

/// The pages: each break kind, and "About you".
fn page_tabs(ui: &mut egui::Ui, kind: &mut BreakKind, about_you: &mut bool) {
    ui.horizontal(|ui| {
        for k in BreakKind::ALL {
            let shown = !*about_you && *kind == k;
            if ui.selectable_label(shown, RichText::new(k.label()).size(18.0)).clicked() {
                *kind = k;
                *about_you = false;
            }
        }
        if ui.selectable_label(*about_you, RichText::new(labels::ABOUT_YOU).size(18.0)).clicked() {
            *about_you = true;
        }
    });
}

/// The colours, and the session's sound and voice.
fn look_and_sound_ui(ui: &mut egui::Ui, draft: &mut Settings) -> Option<AppCommand> {
    let mut cmd = None;
    ui.horizontal_wrapped(|ui| {
        // Each choice reads as itself ("Light"), after the group's label in reading order.
        ui.label(labels::THEME);
        for (choice, name) in
            [(ThemeChoice::System, "As the desktop"), (ThemeChoice::Light, "Light"), (ThemeChoice::Dark, "Dark")]
        {
            ui.radio_value(&mut draft.theme, choice, name);
        }
    });
    ui.add_space(4.0);
    ui.label(RichText::new(labels::SOUND_HEADING).strong());
    ui.checkbox(&mut draft.sound, labels::SOUND_CUES);
    ui.add_enabled_ui(draft.sound, |ui| {
        ui.checkbox(&mut draft.phase_sounds, labels::PHASE_SOUNDS);
        ui.horizontal(|ui| {
            let l = ui.label(labels::VOLUME);
            theme::slider(ui, egui::Slider::new(&mut draft.volume, 0..=100).suffix(" %")).labelled_by(l.id);
        });
    });
    ui.checkbox(&mut draft.voice, labels::VOICE)
        .on_hover_text("Spoken through speech-dispatcher, with your desktop's voice settings");
    ui.horizontal(|ui| {
        if ui.button(labels::TEST_SOUND).clicked() {
            cmd = Some(AppCommand::TestSound { volume: draft.volume, voice: false });
        }
        if ui.button(labels::TEST_VOICE).clicked() {
            cmd = Some(AppCommand::TestSound { volume: draft.volume, voice: true });
        }
    });
    ui.label(RichText::new(labels::SOUND_HINT).small().color(theme::muted()));
    ui.add_space(4.0);
    // Safety, apart from sound: shown in "When to get help" and after "Stop — I feel pain".
    ui.label(RichText::new(labels::SAFETY_HEADING).strong());
    ui.horizontal(|ui| {
        let l = ui.label(labels::EMERGENCY_NUMBER);
        let edit = egui::TextEdit::singleline(&mut draft.emergency_number)
            .id_salt("emergency-number")
            .hint_text("e.g. 000, 112, 911, 999")
            .desired_width(120.0);
        ui.add(edit).labelled_by(l.id);
    });
    ui.label(RichText::new(labels::EMERGENCY_HINT).small().color(theme::muted()));
    cmd
}

/// Seconds as people read them: "45 s", "2 min", "5 min 30 s" (`zero` for 0, if given).
fn seconds_text(v: f64, zero: &str) -> String {
    let secs = v.round().max(0.0);
    if secs < 0.5 && !zero.is_empty() {
        return zero.to_owned();
    }
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a slider value in range, rounded")]
    let secs = secs as u64;
    crate::core::units::human(std::time::Duration::from_secs(secs))
}

/// What the idle threshold does under each policy.
fn idle_label(policy: IdlePolicy) -> &'static str {
    match policy {
        IdlePolicy::Reset => labels::IDLE_THRESHOLD,
        IdlePolicy::Pause => "Time idle before the clock stops",
        IdlePolicy::CountDown => "Time idle before the clock winds back",
    }
}

/// One labelled row of a grid: the label on the left names the slider for screen readers and tests.
/// What a strictness level does, in a sentence.
fn strictness_text(level: Strictness) -> &'static str {
    match level {
        Strictness::Gentle => "A notification, reminded again while you ignore it.",
        Strictness::Firm => "After ignored reminders, the window comes on top with the routine ready.",
        Strictness::Strict => {
            "The break begins over every screen for its length. Esc does not end it; Skip only while \
             today's skips last; \"Stop — I feel pain\" always works. Never during a call."
        }
    }
}

/// Calls, media, and how firm reminders may get (both breaks).
fn interruptions_ui(ui: &mut egui::Ui, draft: &mut Settings) {
    let calls = &mut draft.interruptions;
    ui.checkbox(&mut calls.microphone, labels::CALL_MICROPHONE).on_hover_text(
        "Only whether an app records from a microphone; nothing is heard. A capture of what plays does not count.",
    );
    ui.checkbox(&mut calls.camera, labels::CALL_CAMERA)
        .on_hover_text("Only whether an app has a camera open; nothing is seen.");
    ui.checkbox(&mut calls.pause_media, labels::PAUSE_MEDIA)
        .on_hover_text("Players that were paused before the break stay paused");
    egui::Grid::new("firmness-settings").num_columns(2).spacing([16.0, 10.0]).show(ui, |ui| {
        slider_row(ui, labels::FIRM_AFTER, egui::Slider::new(&mut draft.firm_after, ranges::FIRM_AFTER));
        slider_row(
            ui,
            labels::SKIPS_PER_DAY,
            egui::Slider::new(&mut draft.skips_per_day, ranges::SKIPS_PER_DAY)
                .custom_formatter(|v, _| if v < 0.5 { "no limit".to_owned() } else { format!("{v:.0}") }),
        );
    });
}

fn slider_row(ui: &mut egui::Ui, label: &str, slider: egui::Slider<'_>) {
    let name = ui.label(label);
    theme::slider(ui, slider).labelled_by(name.id);
    ui.end_row();
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
        ui.checkbox(&mut s.enabled, format!("{} {}", kind.label(), labels::ENABLED));
        ui.add_space(4.0);
        ui.add_enabled_ui(s.enabled, |ui| {
            egui::Grid::new("kind-settings").num_columns(2).spacing([16.0, 10.0]).show(ui, |ui| {
                slider_row(ui, labels::INTERVAL, egui::Slider::new(&mut s.interval.0, interval_range).suffix(" min"));
                slider_row(
                    ui,
                    idle_label(s.policy),
                    egui::Slider::new(&mut s.idle_threshold.0, ranges::IDLE_THRESHOLD_S)
                        .logarithmic(true)
                        .custom_formatter(|v, _| seconds_text(v, "")),
                );
                let name = ui.label(labels::POLICY);
                ui.vertical(|ui| {
                    let combo =
                        egui::ComboBox::from_id_salt("policy").selected_text(policy_name(s.policy)).show_ui(ui, |ui| {
                            for p in [IdlePolicy::Reset, IdlePolicy::Pause, IdlePolicy::CountDown] {
                                ui.selectable_value(&mut s.policy, p, policy_name(p));
                            }
                        });
                    combo.response.labelled_by(name.id);
                    ui.label(RichText::new(policy_text(s.policy)).small().color(theme::muted()));
                });
                ui.end_row();
                // Only counting down uses the break's length: how much time away undoes an interval.
                if s.policy == IdlePolicy::CountDown {
                    slider_row(
                        ui,
                        labels::LENGTH,
                        egui::Slider::new(&mut s.length.0, ranges::LENGTH_S)
                            .logarithmic(true)
                            .custom_formatter(|v, _| seconds_text(v, "")),
                    );
                }
                slider_row(
                    ui,
                    labels::SNOOZE_MINUTES,
                    egui::Slider::new(&mut s.snooze.0, ranges::SNOOZE_MIN).suffix(" min"),
                );
                slider_row(ui, labels::MAX_SNOOZES, egui::Slider::new(&mut s.max_snoozes, ranges::MAX_SNOOZES));
                let name = ui.label(labels::STRICTNESS);
                ui.vertical(|ui| {
                    let combo = egui::ComboBox::from_id_salt("strictness").selected_text(s.strictness.label()).show_ui(
                        ui,
                        |ui| {
                            for level in Strictness::ALL {
                                ui.selectable_value(&mut s.strictness, level, level.label());
                            }
                        },
                    );
                    combo.response.labelled_by(name.id);
                    ui.label(RichText::new(strictness_text(s.strictness)).small().color(theme::muted()));
                });
                ui.end_row();
                ui.label(labels::ROTATION);
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
                ui.end_row();
            });
        });
    });
}

/// Working hours: on/off, and per weekday a comma-separated list of `HH:MM-HH:MM` ranges.
fn working_hours_ui(ui: &mut egui::Ui, hours: &mut crate::core::hours::WorkingHours) {
    ui.checkbox(&mut hours.enabled, labels::WORKING_HOURS);
    if !hours.enabled {
        return;
    }
    egui::Grid::new("working-hours").num_columns(2).spacing([16.0, 6.0]).show(ui, |ui| {
        for (d, day) in crate::core::hours::DAYS.iter().enumerate() {
            let name = ui.label(*day);
            let mut text = hours.day(d).join(", ");
            // Each day's problem sits under its own field.
            ui.vertical(|ui| {
                let edit = ui.add(egui::TextEdit::singleline(&mut text).hint_text("off, or 09:00-12:30, 13:30-17:30"));
                let edit = edit.labelled_by(name.id);
                if edit.changed() {
                    *hours.day_mut(d) =
                        text.split(',').map(str::trim).filter(|r| !r.is_empty()).map(str::to_owned).collect();
                }
                for problem in hours.day_problems(d) {
                    ui.label(RichText::new(problem).small().color(theme::danger()));
                }
            });
            ui.end_row();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{Queryable as _, catalogue, click, panel};

    fn settings_panel() -> egui_kittest::Harness<'static, Vec<AppCommand>> {
        let catalogue = catalogue();
        let current = Settings::default();
        let mut state = SettingsPanel::default();
        panel(move |ui| state.ui(ui, &current, &catalogue, false, "x11-screensaver"))
    }

    #[test]
    fn an_edit_can_be_saved_or_reverted_and_nothing_is_saved_unchanged() {
        let mut harness = settings_panel();
        assert_eq!(click(&mut harness, labels::SAVE_SETTINGS), [], "nothing to save yet");
        let toggle = format!("{} {}", BreakKind::Micro.label(), labels::ENABLED);
        click(&mut harness, &toggle);
        assert!(harness.query_by_label("Unsaved changes").is_some());
        let saved = click(&mut harness, labels::SAVE_SETTINGS);
        let [AppCommand::SaveSettings(draft)] = saved.as_slice() else { panic!("{saved:?}") };
        assert!(!draft.micro.enabled, "the draft has the edit");
        assert!(draft.long.enabled, "and nothing else");

        click(&mut harness, labels::REVERT_SETTINGS);
        assert!(harness.query_by_label("Unsaved changes").is_none());
        assert_eq!(click(&mut harness, labels::SAVE_SETTINGS), [], "reverted: nothing to save");
    }

    #[test]
    fn login_start_and_the_test_notification_are_asked_of_the_app() {
        let mut harness = settings_panel();
        assert_eq!(click(&mut harness, labels::AUTOSTART), [AppCommand::SetAutostart(true)]);
        assert_eq!(
            click(&mut harness, labels::TEST_NOTIFICATION),
            [AppCommand::Engine(crate::protocol::Command::TestNotification)]
        );
    }

    #[test]
    fn the_screening_and_the_equipment_are_in_settings_and_saved_with_them() {
        use crate::core::routine::{Condition, Equipment};
        let mut harness = settings_panel();
        click(&mut harness, labels::ABOUT_YOU);
        assert!(harness.query_by_label(labels::SCREENING_HEADING).is_some());
        click(&mut harness, Condition::Osteoporosis.question());
        click(&mut harness, Equipment::Band.title());
        click(&mut harness, "Home");
        click(&mut harness, Condition::RecentSurgery.question());
        assert!(harness.query_by_label(labels::SURGERY_NOTE).is_some(), "surgery says what it means");
        let saved = click(&mut harness, labels::SAVE_SETTINGS);
        let [AppCommand::SaveSettings(draft)] = saved.as_slice() else { panic!("{saved:?}") };
        assert_eq!(draft.profile.conditions, [Condition::Osteoporosis, Condition::RecentSurgery]);
        assert_eq!(draft.profile.without, [Equipment::Band]);
        assert_eq!(draft.profile.place, crate::core::profile::Place::Home);
        assert!(draft.profile.asked);
        click(&mut harness, labels::SCREENING_CLEAR);
        let saved = click(&mut harness, labels::SAVE_SETTINGS);
        let [AppCommand::SaveSettings(draft)] = saved.as_slice() else { panic!("{saved:?}") };
        assert!(draft.profile.conditions.is_empty(), "changeable any time");
    }
}
