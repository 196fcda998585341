//! A strict break on screen: the window goes over the primary screen, undecorated and on top,
//! and a cover window goes over every other screen, each with "Stop — I feel pain". Esc and the
//! window's close button do nothing meanwhile; Skip (in the player) works while today's skips
//! last. Screens that come and go are noticed within two seconds and the windows follow them.
//!
//! A firm break that was ignored too often brings the window to the front and keeps it on top
//! until the break is taken, snoozed or skipped.

use std::time::{Duration, Instant};

use egui::RichText;

use super::command::AppCommand;
use super::labels;
use super::theme;
use crate::core::player::PlayerInput;
use crate::platform::monitors::Monitor;

/// How often the screens are looked at again while a strict break is up.
const LOOK_EVERY: Duration = Duration::from_secs(2);

/// A strict break playing in this window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StrictBreak {
    /// Skips left today (`None`: no daily limit).
    pub skips_left: Option<u32>,
}

/// How firmly the break in front asks now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Asking {
    /// As any window: nothing special.
    Normally,
    /// A firm break was ignored too often: on top until it is taken, snoozed or skipped.
    Insisting,
    /// A strict break plays: over every screen.
    Covering,
}

/// What the window did for a strict break or an insisting firm one, to undo it after.
#[derive(Debug, Default)]
pub struct Firmness {
    /// The strict layout is applied (over every screen).
    covering: bool,
    /// On top for an insisting firm break.
    on_top: bool,
    /// The screens, as last looked at (`None`: not known, as on Wayland).
    monitors: Option<Vec<Monitor>>,
    next_look: Option<Instant>,
    /// Each cover's accessible tree (eframe gives one to the first window only).
    covers_a11y: Vec<crate::platform::cover_a11y::CoverA11y>,
}

impl Firmness {
    /// Follows the break: sends the window what it must do when how firmly it asks changes (or
    /// the screens do).
    pub fn follow(&mut self, ctx: &egui::Context, asking: Asking, now: Instant) {
        use egui::ViewportCommand as V;
        let (strict, insisting) = (asking == Asking::Covering, asking == Asking::Insisting);
        if strict {
            let look = self.next_look.is_none_or(|t| t <= now);
            let mut moved = false;
            if look {
                let monitors = crate::platform::monitors::list();
                moved = monitors != self.monitors;
                self.monitors = monitors;
                self.next_look = Some(now + LOOK_EVERY);
            }
            if !self.covering || moved {
                ctx.send_viewport_cmd(V::Decorations(false));
                ctx.send_viewport_cmd(V::WindowLevel(egui::WindowLevel::AlwaysOnTop));
                // Where the screens are known (X11), the window takes the primary one's exact
                // rectangle: the toolkit's fullscreen knows only the outputs, not monitors set up
                // with `xrandr --setmonitor`, and moves the window to its output's corner. Where
                // they aren't (Wayland), the compositor's fullscreen covers the screen it chose.
                if let Some(primary) = self.monitors.as_ref().and_then(|m| m.first()) {
                    let rect = rect(ctx, *primary);
                    ctx.send_viewport_cmd(V::OuterPosition(rect.min));
                    ctx.send_viewport_cmd(V::InnerSize(rect.size()));
                    ctx.send_viewport_cmd(V::Fullscreen(false));
                } else {
                    ctx.send_viewport_cmd(V::Fullscreen(true));
                }
                ctx.send_viewport_cmd(V::Focus);
                self.covering = true;
            }
            ctx.request_repaint_after(LOOK_EVERY);
        } else if self.covering {
            ctx.send_viewport_cmd(V::Fullscreen(false));
            ctx.send_viewport_cmd(V::Decorations(true));
            ctx.send_viewport_cmd(V::InnerSize(egui::vec2(960.0, 720.0)));
            ctx.send_viewport_cmd(V::WindowLevel(egui::WindowLevel::Normal));
            self.covering = false;
            self.next_look = None;
            self.covers_a11y.clear();
        }
        if insisting && !self.on_top {
            ctx.send_viewport_cmd(V::Visible(true));
            ctx.send_viewport_cmd(V::Minimized(false));
            ctx.send_viewport_cmd(V::WindowLevel(egui::WindowLevel::AlwaysOnTop));
            ctx.send_viewport_cmd(V::Focus);
            self.on_top = true;
        } else if !insisting && self.on_top {
            if !self.covering {
                ctx.send_viewport_cmd(V::WindowLevel(egui::WindowLevel::Normal));
            }
            self.on_top = false;
        }
    }

    /// True while the strict layout is up.
    pub fn covering(&self) -> bool {
        self.covering
    }

    /// The cover windows over the screens other than the primary; a press of their pain button.
    pub fn covers_ui(&mut self, ctx: &egui::Context, routine: &str, left: Duration) -> Option<AppCommand> {
        let mut cmd = None;
        let others: Vec<Monitor> = self.monitors.iter().flatten().skip(1).copied().collect();
        self.covers_a11y.truncate(others.len());
        while self.covers_a11y.len() < others.len() {
            self.covers_a11y.push(crate::platform::cover_a11y::CoverA11y::default());
        }
        for (a11y, text) in self.covers_a11y.iter_mut().zip(std::iter::repeat(cover_text(routine, left))) {
            a11y.show(&cover_title(), &text, labels::STOP_PAIN);
            if a11y.take_pressed() {
                cmd = Some(AppCommand::Player(PlayerInput::Pain));
            }
        }
        for (i, monitor) in others.iter().enumerate() {
            let rect = rect(ctx, *monitor);
            let builder = egui::ViewportBuilder::default()
                .with_title(format!("Unhunch — {routine}"))
                .with_position(rect.min)
                .with_inner_size(rect.size())
                .with_decorations(false)
                .with_window_level(egui::WindowLevel::AlwaysOnTop);
            let id = egui::ViewportId::from_hash_of(("strict-cover", i));
            let pressed = ctx.show_viewport_immediate(id, builder, |ui, _| cover_ui(ui, routine, left));
            cmd = cmd.or(pressed);
        }
        cmd
    }
}

/// A screen's rectangle in points.
fn rect(ctx: &egui::Context, m: Monitor) -> egui::Rect {
    let ppp = ctx.pixels_per_point().max(0.1);
    let min = egui::pos2(m.x as f32 / ppp, m.y as f32 / ppp);
    egui::Rect::from_min_size(min, egui::vec2(m.width as f32 / ppp, m.height as f32 / ppp))
}

/// What a covered screen shows: the break, the time left, and the pain button.
/// A cover's name for screen readers.
fn cover_title() -> String {
    format!("{} — {}", labels::APP_TITLE, labels::STRICT_BREAK)
}

/// What a cover says, in one line for screen readers.
fn cover_text(routine: &str, left: Duration) -> String {
    format!("{routine} plays on your main screen; {} left", crate::core::units::clock(left))
}

pub fn cover_ui(ui: &mut egui::Ui, routine: &str, left: Duration) -> Option<AppCommand> {
    super::theme::name_window(ui.ctx(), &cover_title());
    let mut cmd = None;
    egui::CentralPanel::default().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(ui.available_height() / 3.0);
            ui.label(RichText::new(labels::STRICT_BREAK).size(32.0).strong().color(theme::accent()));
            ui.label(RichText::new(format!("{routine} plays on your main screen")).size(18.0));
            let left = crate::core::units::clock(left);
            ui.label(RichText::new(format!("{left} left")).size(18.0).color(theme::muted()));
            ui.add_space(16.0);
            // P as in the player: this window is in no accessibility tree (eframe gives one to
            // the first window only), so its one button also answers a key.
            let key = ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::P));
            if super::safety::pain_button(ui) || key {
                cmd = Some(AppCommand::Player(PlayerInput::Pain));
            }
            ui.label(RichText::new(labels::COVER_KEYS).small().color(theme::muted()));
        });
    });
    cmd
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;

    use super::*;

    #[test]
    fn a_covered_screen_says_where_the_break_plays_and_its_pain_button_stops_it() {
        let mut harness = Harness::new_ui_state(
            |ui, cmd: &mut Option<AppCommand>| {
                if let Some(c) = cover_ui(ui, "Posture reset", Duration::from_secs(42)) {
                    *cmd = Some(c);
                }
            },
            None,
        );
        harness.run();
        harness.get_by_label("Posture reset plays on your main screen");
        harness.get_by_label("0:42 left");
        harness.get_by_label(labels::STOP_PAIN).click();
        harness.run();
        assert_eq!(*harness.state(), Some(AppCommand::Player(PlayerInput::Pain)));
        // The key does the same (the cover is in no accessibility tree).
        *harness.state_mut() = None;
        harness.key_press(egui::Key::P);
        harness.run();
        assert_eq!(*harness.state(), Some(AppCommand::Player(PlayerInput::Pain)), "P on the cover");
    }
}
