//! The "Today" panel: how long you've sat, when the next breaks come, a due break's choices,
//! starting a stretch now, pausing, and today's counts. It scrolls, so it works at any size.

use std::time::Duration;

use egui::RichText;

use super::command::{AppCommand, DeskCommand};
use super::labels;
use super::theme;
use crate::core::catalogue::Catalogue;
use crate::core::kind::BreakKind;
use crate::core::pause::{PausePreset, local_when};
use crate::core::ports::Clock;
use crate::core::settings::Settings;
use crate::core::units::{clock, human, plural};
use crate::protocol::{Command, Snapshot, State};

/// Everything the dashboard shows, worked out before drawing.
#[derive(Clone)]
pub struct DashboardView<'a> {
    pub snapshot: &'a Snapshot,
    /// Time since the snapshot was taken (countdowns run on while sitting time counts).
    pub elapsed: Duration,
    pub settings: Option<&'a Settings>,
    pub catalogue: &'a Catalogue,
    /// Now, for saying when a pause ends ("tomorrow 14:30").
    pub now: std::time::SystemTime,
    /// For showing Unix times as local clock times ("14:30").
    pub clock: &'a dyn Clock,
    /// What the desk check just kept, said under the buttons until it is opened again.
    pub desk_kept: Option<&'a str>,
}

impl std::fmt::Debug for DashboardView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DashboardView").field("snapshot", self.snapshot).finish_non_exhaustive()
    }
}

impl DashboardView<'_> {
    fn running(&self) -> Duration {
        if self.snapshot.counting { self.elapsed } else { Duration::ZERO }
    }

    /// The sitting bout now.
    pub fn sitting(&self) -> Duration {
        Duration::from_secs(self.snapshot.sitting_secs) + self.running()
    }

    fn routine_line(&self, id: Option<&str>) -> String {
        id.and_then(|id| self.catalogue.routines.get(id))
            .map(|r| format!("{} · {}", r.name, clock(r.duration())))
            .unwrap_or_default()
    }

    fn when(&self, unix: u64) -> String {
        local_when(self.clock, self.now, unix)
    }

    /// True when no break countdown means anything now (paused, outside working hours).
    fn countdowns_hidden(&self) -> bool {
        let s = self.snapshot;
        s.paused || s.off_hours
    }

    fn status(&self) -> String {
        self.snapshot.headline(self.clock, self.now)
    }

    /// How long a snooze of `kind` lasts (the settings as the engine applies them).
    fn snooze(&self, kind: BreakKind) -> Duration {
        self.settings.map_or(Duration::from_mins(5), |st| st.timer_config().0.kind(kind).snooze)
    }
}

/// Draws the dashboard.
pub fn dashboard_ui(ui: &mut egui::Ui, view: &DashboardView<'_>) -> Option<AppCommand> {
    let mut cmd = None;
    crate::app::focus::show(egui::ScrollArea::vertical().auto_shrink([false, false]), ui, |ui| {
        sitting_card(ui, view);
        ui.add_space(8.0);
        cmd = due_card(ui, view);
        cmd = programme_cards(ui, view).or(cmd.take());
        next_breaks_card(ui, view);
        ui.add_space(8.0);
        cmd = actions_row(ui, view).or(cmd.take());
        ui.add_space(8.0);
        today_card(ui, view.snapshot);
    });
    cmd
}

/// The offer of a routine's next level, and (once) the invitation to say what suits.
fn programme_cards(ui: &mut egui::Ui, view: &DashboardView<'_>) -> Option<AppCommand> {
    let mut cmd = None;
    if view.snapshot.desk_check_offer {
        theme::callout(theme::accent_soft()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(crate::app::desk::OFFER);
            ui.horizontal(|ui| {
                if ui.add(theme::primary(crate::app::desk::TAKE)).clicked() {
                    cmd = Some(AppCommand::Desk(DeskCommand::Show));
                }
                let later = "Offered again in three months; the Desk check button below is always there";
                if ui.add(theme::secondary(labels::NOT_NOW)).on_hover_text(later).clicked() {
                    cmd = Some(AppCommand::Desk(DeskCommand::Decline));
                }
            });
        });
        ui.add_space(8.0);
    }
    if let Some(offer) = &view.snapshot.level_offer {
        theme::callout(theme::accent_soft()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(format!("Ready for a step up in {}?", offer.name)).strong());
            ui.label(format!(
                "Two weeks of comfortable sessions at this level. {}: {} You can go back any time in Settings, About you.",
                crate::core::level::label(offer.level),
                crate::core::level::describe(offer.level)
            ));
            ui.horizontal(|ui| {
                if ui.add(theme::primary(labels::TRY_LEVEL)).clicked() {
                    cmd = Some(AppCommand::SetLevel { routine: offer.routine.clone(), level: offer.level });
                }
                if ui.add(theme::secondary(labels::NOT_NOW)).clicked() {
                    cmd = Some(AppCommand::DeclineLevel(offer.routine.clone()));
                }
            });
        });
        ui.add_space(8.0);
    }
    if let Some(settings) = view
        .settings
        .filter(|s| !s.profile.asked && s.safety_acknowledged && s.profile == crate::core::profile::Profile::default())
    {
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(labels::PROFILE_INVITE);
            ui.horizontal(|ui| {
                if ui.add(theme::primary(labels::PROFILE_SET_UP)).clicked() {
                    let mut s = settings.clone();
                    s.profile.asked = true;
                    cmd = Some(AppCommand::SaveSettingsAndShowAboutYou(Box::new(s)));
                }
                if ui.add(theme::secondary(labels::NOT_NOW)).clicked() {
                    let mut s = settings.clone();
                    s.profile.asked = true;
                    cmd = Some(AppCommand::SaveSettings(Box::new(s)));
                }
            });
        });
        ui.add_space(8.0);
    }
    cmd
}

fn sitting_card(ui: &mut egui::Ui, view: &DashboardView<'_>) {
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(labels::SITTING_FOR).color(theme::muted()));
        let minutes = view.sitting().as_secs() / 60;
        let sitting =
            if minutes == 0 { "less than a minute".to_owned() } else { human(Duration::from_secs(minutes * 60)) };
        ui.label(RichText::new(sitting).size(44.0).strong());
        ui.label(RichText::new(view.status()).color(theme::muted()));
    });
}

fn due_card(ui: &mut egui::Ui, view: &DashboardView<'_>) -> Option<AppCommand> {
    let s = view.snapshot;
    let (State::Due | State::Snoozed, Some(kind)) = (s.state, s.break_kind) else { return None };
    let mut cmd = None;
    theme::callout(theme::accent_soft()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(labels::BREAK_DUE).color(theme::accent()).strong());
        // The sitting card's headline already says until when a snooze lasts.
        let title = if s.state == State::Snoozed {
            format!("Snoozed: {}", kind.noun())
        } else {
            format!("Time for a {}", kind.noun())
        };
        ui.label(RichText::new(title).size(22.0).strong());
        let next = s.next.iter().find(|n| n.kind == kind).and_then(|n| n.routine.as_deref());
        ui.label(view.routine_line(next));
        ui.horizontal_wrapped(|ui| {
            if ui.add(theme::primary(labels::START_BREAK)).clicked() {
                cmd = Some(AppCommand::Engine(Command::StartBreak { kind: None, routine: None }));
            }
            if ui.add_enabled(s.snoozes_left > 0, theme::secondary(labels::SNOOZE)).clicked() {
                cmd = Some(AppCommand::Engine(Command::Snooze));
            }
            let skip = ui.add_enabled(s.skips_left != Some(0), theme::secondary(labels::SKIP));
            if skip.on_disabled_hover_text("Today's skips are used up (Settings: skips allowed per day)").clicked() {
                cmd = Some(AppCommand::Engine(Command::Skip));
            }
            let left = if s.snoozes_left == 0 {
                "No snoozes left for this break".to_owned()
            } else {
                format!("{} of {} left", plural(u64::from(s.snoozes_left), "snooze", None), human(view.snooze(kind)))
            };
            ui.label(RichText::new(left).color(theme::muted()));
        });
    });
    ui.add_space(8.0);
    cmd
}

fn next_breaks_card(ui: &mut egui::Ui, view: &DashboardView<'_>) {
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        if view.countdowns_hidden() {
            let s = view.snapshot;
            let text = match (s.paused, s.paused_until) {
                (true, Some(t)) => format!("No breaks are counted down until {}.", view.when(t)),
                (true, None) => "No breaks are counted down until you resume reminders.".to_owned(),
                (false, _) => "No breaks are counted down outside working hours.".to_owned(),
            };
            ui.label(RichText::new(text).color(theme::muted()));
            return;
        }
        for next in view.snapshot.next.iter().filter(|n| n.enabled) {
            let left = Duration::from_secs(next.in_secs).saturating_sub(view.running());
            let interval = view.settings.map(|st| st.timer_config().0.kind(next.kind).interval);
            let when = if left.is_zero() { "due now".to_owned() } else { crate::core::units::in_time(left) };
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(next.kind.label()).strong());
                ui.label(RichText::new(&when).color(theme::accent()));
                ui.label(RichText::new(view.routine_line(next.routine.as_deref())).color(theme::muted()));
            });
            if let Some(interval) = interval.filter(|i| !i.is_zero()) {
                let done = 1.0 - left.as_secs_f32() / interval.as_secs_f32();
                let name = format!("Time to the {}", next.kind.noun());
                theme::progress_bar(ui, done, 6.0, &name, &when);
            }
            ui.add_space(4.0);
        }
    });
}

fn actions_row(ui: &mut egui::Ui, view: &DashboardView<'_>) -> Option<AppCommand> {
    let s = view.snapshot;
    let mut cmd = None;
    ui.horizontal_wrapped(|ui| {
        let can_start = s.state != State::OnBreak;
        if ui.add_enabled(can_start, theme::primary(labels::START_STRETCH_NOW)).clicked() {
            cmd = Some(AppCommand::Engine(Command::StartBreak { kind: Some(BreakKind::Long), routine: None }));
        }
        if s.paused {
            if ui.add(theme::secondary(labels::RESUME)).clicked() {
                cmd = Some(AppCommand::Engine(Command::Resume));
            }
        } else {
            ui.menu_button(labels::PAUSE_MENU, |ui| {
                for preset in PausePreset::ALL {
                    if ui.button(preset.label()).clicked() {
                        cmd = Some(AppCommand::Engine(Command::PauseFor { preset }));
                        ui.close();
                    }
                }
            });
        }
        if ui.add(theme::secondary(crate::app::desk::OPEN)).clicked() {
            cmd = Some(AppCommand::Desk(DeskCommand::Show));
        }
    });
    if let Some(kept) = view.desk_kept {
        ui.label(RichText::new(kept).color(theme::accent()));
    }
    cmd
}

/// Today's counts, as a sentence.
pub fn today_line(s: &Snapshot) -> String {
    let t = s.today;
    let n = u64::from;
    let mut parts = vec![
        format!("{} completed", n(t.completed)),
        format!("{} ended early", n(t.ended_early)),
        plural(n(t.natural), "natural break", None),
        format!("{} skipped", n(t.skipped)),
        format!("{} snoozed", n(t.snoozed)),
    ];
    if t.pain > 0 {
        parts.push(format!("{} stopped for pain", n(t.pain)));
    }
    if t.abandoned > 0 {
        parts.push(format!("{} left unfinished", n(t.abandoned)));
    }
    parts.join(" · ")
}

fn today_card(ui: &mut egui::Ui, s: &Snapshot) {
    theme::card().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(labels::TODAY_HEADING).strong());
        ui.label(today_line(s));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::testing::{Queryable as _, catalogue, click, panel};
    use crate::platform::fake::FakeClock;

    fn dashboard(snapshot: Snapshot) -> egui_kittest::Harness<'static, Vec<AppCommand>> {
        let catalogue = catalogue();
        let clock = FakeClock::new();
        let settings = Settings::default();
        panel(move |ui| {
            let view = DashboardView {
                snapshot: &snapshot,
                elapsed: Duration::ZERO,
                settings: Some(&settings),
                catalogue: &catalogue,
                now: std::time::UNIX_EPOCH + Duration::from_secs(snapshot.at),
                clock: &clock,
                desk_kept: None,
            };
            dashboard_ui(ui, &view)
        })
    }

    #[test]
    fn reminders_on_shows_the_sitting_time_and_the_next_breaks() {
        let mut harness = dashboard(Snapshot::example());
        assert!(harness.query_by_label("12 min").is_some());
        assert!(harness.query_by_label("Reminders on").is_some(), "the headline");
        assert!(harness.query_by_label("in 18 min").is_some());
        assert!(harness.query_by_label("Posture reset · 1:00").is_some());
        assert_eq!(
            click(&mut harness, labels::START_STRETCH_NOW),
            [AppCommand::Engine(Command::StartBreak { kind: Some(BreakKind::Long), routine: None })]
        );
        click(&mut harness, labels::PAUSE_MENU);
        assert_eq!(
            click(&mut harness, PausePreset::OneHour.label()),
            [AppCommand::Engine(Command::PauseFor { preset: PausePreset::OneHour })]
        );
    }

    #[test]
    fn a_due_break_offers_start_snooze_and_skip_and_no_snooze_once_they_are_used_up() {
        let due =
            Snapshot { state: State::Due, break_kind: Some(BreakKind::Micro), snoozes_left: 3, ..Snapshot::example() };
        let mut harness = dashboard(due.clone());
        assert!(harness.query_by_label("Time for a posture reset").is_some());
        assert!(harness.query_by_label("3 snoozes of 5 min left").is_some());
        assert_eq!(click(&mut harness, labels::SNOOZE), [AppCommand::Engine(Command::Snooze)]);
        assert_eq!(click(&mut harness, labels::SKIP), [AppCommand::Engine(Command::Skip)]);

        let mut harness = dashboard(Snapshot { snoozes_left: 0, ..due });
        assert!(harness.query_by_label("A posture reset is due (no snoozes left)").is_some());
        assert!(harness.query_by_label("No snoozes left for this break").is_some());
        assert_eq!(click(&mut harness, labels::SNOOZE), [], "Snooze is disabled");
    }

    #[test]
    fn paused_hides_the_countdowns_and_offers_resume() {
        let paused = Snapshot { state: State::Paused, paused: true, ..Snapshot::example() };
        let mut harness = dashboard(paused);
        assert!(harness.query_by_label("Reminders paused until you resume them").is_some());
        assert!(harness.query_by_label("in 18 min").is_none());
        assert!(harness.query_by_label(labels::PAUSE_MENU).is_none());
        assert_eq!(click(&mut harness, labels::RESUME), [AppCommand::Engine(Command::Resume)]);
    }

    #[test]
    fn the_next_level_is_offered_never_forced_and_not_now_declines_it() {
        let mut s = Snapshot::example();
        s.level_offer = Some(crate::protocol::LevelOffer {
            routine: "rhomboid-strength".to_owned(),
            name: "Rhomboid strength".to_owned(),
            level: 3,
        });
        let mut harness = dashboard(s);
        assert!(harness.query_by_label("Ready for a step up in Rhomboid strength?").is_some());
        assert_eq!(
            click(&mut harness, labels::TRY_LEVEL),
            [AppCommand::SetLevel { routine: "rhomboid-strength".to_owned(), level: 3 }]
        );
        assert_eq!(click(&mut harness, labels::NOT_NOW), [AppCommand::DeclineLevel("rhomboid-strength".to_owned())]);
        let harness = dashboard(Snapshot::example());
        assert!(harness.query_by_label_contains("Ready for a step up").is_none(), "no offer, no card");
    }
}
