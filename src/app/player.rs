//! The guided session player: one step at a time, a big countdown, reps and tempo, sides, sets,
//! cues, what's next, and keyboard control. The player logic is the core's [`SessionPlayer`]; this
//! file only draws it and turns clicks and keys into [`AppCommand`]s.

use std::time::Instant;

use egui::{Key, Modifiers, RichText};

use super::command::AppCommand;
use super::labels;
use super::safety;
use super::theme;
use crate::core::player::{End, PlayerInput, PlayerView, Segment, SegmentKind, SessionPlayer, Side, TempoPart};
use crate::core::routine::{MovePart, PhaseWords, Sides, Step, Work};
use crate::core::units::{clock, countdown};

/// Keys the player answers to, read before any widget can take them (Space must not also press
/// the focused button). Esc asks before ending and Right skips a step (in a strict break neither
/// does anything); P is "Stop — I feel pain".
pub fn keyboard(ctx: &egui::Context, strict: bool) -> Option<AppCommand> {
    if strict {
        // Neither ends a strict break nor skips a step: taken here so nothing else reads them.
        ctx.input_mut(|i| {
            i.consume_key(Modifiers::NONE, Key::Escape);
            i.consume_key(Modifiers::NONE, Key::ArrowRight);
        });
    }
    let keys = [
        (Key::Space, AppCommand::Player(PlayerInput::TogglePause)),
        (Key::ArrowRight, AppCommand::Player(PlayerInput::Next)),
        (Key::ArrowLeft, AppCommand::Player(PlayerInput::Previous)),
        (Key::Escape, AppCommand::AskEndSession),
        (Key::P, AppCommand::Player(PlayerInput::Pain)),
    ];
    ctx.input_mut(|i| keys.into_iter().find(|(key, _)| i.consume_key(Modifiers::NONE, *key)).map(|(_, cmd)| cmd))
}

/// What the user does now, in the exercise's own words ("Lean back over the chair"), and where
/// they are in the work ("Rep 2 of 6").
fn phase_text(player: &SessionPlayer, view: &PlayerView) -> (String, String) {
    let Some(seg) = view.segment else { return (String::new(), String::new()) };
    let (work, words, sides) = match player.routine().steps.get(seg.step) {
        Some(Step::Exercise { dose, exercise, .. }) => (Some(dose.work), Some(&exercise.words), dose.sides),
        Some(Step::Rest { .. }) | None => (None, None, Sides::Symmetric),
    };
    let default_words = PhaseWords::default();
    let words = words.unwrap_or(&default_words);
    let said = |part| words.word(part).to_owned();
    match seg.kind {
        SegmentKind::GetReady => ("Get ready".to_owned(), String::new()),
        SegmentKind::Release => (said(MovePart::Release), format!("Next: hold {} of {}", seg.rep.0 + 1, seg.rep.1)),
        SegmentKind::Switch => {
            // The side that comes next: the other one.
            let next_right = !matches!(seg.side, Some(Side::Right)) && !previous_was_right(player, view);
            ("Switch sides".to_owned(), words.side(next_right) + " next")
        }
        SegmentKind::SetRest => ("Rest".to_owned(), format!("Set {} of {} next", seg.set.0 + 1, seg.set.1)),
        // The step's title already says "Rest".
        SegmentKind::Rest => ("Loosen up and breathe".to_owned(), String::new()),
        SegmentKind::Work => {
            let _ = sides;
            match work {
                Some(Work::Hold { .. }) if seg.rep.1 > 1 => {
                    (said(MovePart::Hold), format!("Hold {} of {}", seg.rep.0, seg.rep.1))
                }
                Some(Work::Hold { .. }) => (said(MovePart::Hold), String::new()),
                Some(Work::Reps { .. }) => {
                    let part = match view.tempo {
                        Some((TempoPart::Up, _)) | None => MovePart::Up,
                        Some((TempoPart::Hold, _)) => MovePart::Hold,
                        Some((TempoPart::Down, _)) => MovePart::Down,
                    };
                    (said(part), format!("Rep {} of {}", seg.rep.0, seg.rep.1))
                }
                Some(Work::Timed { .. }) | None => (said(MovePart::Timed), String::new()),
            }
        }
    }
}

/// Whether the work just before the current segment was on the right side.
fn previous_was_right(player: &SessionPlayer, view: &PlayerView) -> bool {
    let Some(seg) = view.segment else { return false };
    let segments = player.segments();
    let index = segments.iter().position(|s| *s == seg).unwrap_or(0);
    segments[..index].iter().rev().take_while(|s| s.step == seg.step).find_map(|s| s.side) == Some(Side::Right)
}

/// Draws a running session: the step and its countdown scroll; the controls (the pain button
/// above all) stay pinned at the bottom, in the same place for every step, at any window size.
/// `strict`: a strict break, which has Skip (while today's skips last) instead of End.
pub fn player_ui(
    ui: &mut egui::Ui,
    player: &SessionPlayer,
    now: Instant,
    reduce_motion: bool,
    strict: Option<super::strict::StrictBreak>,
) -> Option<AppCommand> {
    let view = player.view(now);
    let routine = player.routine();
    let seg = view.segment?;
    let step = routine.steps.get(seg.step);

    ui.horizontal(|ui| {
        ui.label(RichText::new(&routine.name).strong());
        ui.label(RichText::new(format!("Step {} of {}", seg.step + 1, view.steps)).color(theme::muted()));
        ui.label(RichText::new(format!("{} left in this step", countdown(view.step_remaining))).color(theme::muted()));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(
                RichText::new(format!("{} / {}", clock(view.elapsed_total), clock(view.total))).color(theme::muted()),
            );
        });
    });
    let progress = view.elapsed_total.as_secs_f32() / view.total.as_secs_f32().max(1.0);
    let says = format!("{} of {}", clock(view.elapsed_total), clock(view.total));
    theme::progress_bar(ui, progress, 8.0, labels::SESSION_PROGRESS, &says);
    let mut cmd = None;
    egui::Panel::bottom("player-controls").show(ui, |ui| {
        ui.add_space(4.0);
        ui.label(RichText::new(crate::core::safety::STOP_LINE).color(theme::danger()));
        cmd = controls(ui, view.paused, strict);
        let keys = if strict.is_some() { labels::KEYS_HINT_STRICT } else { labels::KEYS_HINT };
        ui.label(RichText::new(keys).small().color(theme::muted()));
        ui.add_space(2.0);
    });
    egui::CentralPanel::no_frame().show(ui, |ui| {
        crate::app::focus::show(egui::ScrollArea::vertical().auto_shrink([false, false]), ui, |ui| {
            ui.add_space(8.0);
            countdown_card(ui, player, &view, seg, step, (now, reduce_motion));
            ui.add_space(8.0);
            step_text(ui, step, &view);
        });
    });
    cmd
}

/// A break that waits to be seen: it starts as soon as the window is in front.
pub fn waiting_ui(ui: &mut egui::Ui, routine: &crate::core::routine::Routine) -> Option<AppCommand> {
    let mut cmd = None;
    ui.vertical_centered(|ui| {
        ui.add_space(32.0);
        theme::card().show(ui, |ui| {
            ui.set_max_width(560.0);
            ui.heading(format!("Ready for {}?", routine.name));
            ui.label(format!(
                "{} · it starts with a few seconds to get ready, as soon as this window is in front.",
                clock(routine.duration())
            ));
            changes_ui(ui, routine);
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.add(theme::primary(labels::START_NOW)).clicked() {
                    cmd = Some(AppCommand::StartWaitingSession);
                }
                if ui.add(theme::secondary(labels::END_THIS_BREAK)).clicked() {
                    cmd = Some(AppCommand::Player(PlayerInput::End));
                }
            });
        });
    });
    cmd
}

/// What was changed in a routine for this user, if anything, and its level when not as written.
pub fn changes_ui(ui: &mut egui::Ui, routine: &crate::core::routine::Routine) {
    let changes = crate::core::adapt::changes(routine);
    if routine.level != crate::core::level::STANDARD {
        ui.label(RichText::new(crate::core::level::label(routine.level)).strong());
    }
    if !changes.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new(labels::CHANGED_FOR_YOU).strong());
        for line in changes {
            ui.label(format!("• {line}"));
        }
    }
}

/// A break whose window went away (closed or crashed): resume it where it was, or end it.
pub fn resume_card_ui(ui: &mut egui::Ui, on_break: &crate::protocol::OnBreak) -> Option<AppCommand> {
    let mut cmd = None;
    theme::callout(theme::accent_soft()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(labels::BREAK_IN_PROGRESS).color(theme::accent()).strong());
        let step = on_break.step.saturating_add(1).min(on_break.steps.max(1));
        ui.label(
            RichText::new(format!(
                "{}: stopped at step {step} of {} when its window closed",
                on_break.routine_name, on_break.steps
            ))
            .size(18.0)
            .strong(),
        );
        let ends = on_break.ends_in_secs.map_or_else(String::new, |secs| {
            let left = crate::core::units::human(std::time::Duration::from_secs(secs));
            format!(" Unhunch ends it by itself in {left} if nothing is chosen.")
        });
        let line = format!("Done so far: {}.{ends}", on_break.progress.done.summary());
        ui.label(line);
        ui.horizontal_wrapped(|ui| {
            if ui.add(theme::primary(&format!("{} {step}", labels::RESUME_AT_STEP))).clicked() {
                cmd = Some(AppCommand::ResumeBreak);
            }
            if ui.add(theme::secondary(labels::END_THIS_BREAK)).clicked() {
                cmd = Some(AppCommand::Engine(crate::protocol::Command::FinishBreak { outcome: None, done: None }));
            }
        });
    });
    ui.add_space(8.0);
    cmd
}

fn countdown_card(
    ui: &mut egui::Ui,
    player: &SessionPlayer,
    view: &PlayerView,
    seg: Segment,
    step: Option<&Step>,
    (now, reduce_motion): (Instant, bool),
) {
    let frame = if view.paused { theme::callout(theme::warn_soft()) } else { theme::card() };
    frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        // Beside the numbers whenever there is room, so the countdown stays in view at 640 × 480.
        let wide = ui.available_width() >= 460.0;
        // A little smaller on shorter windows, so the cues below fit without scrolling.
        let height = ui.ctx().content_rect().height();
        let figure_height = (height * if height < 800.0 { 0.33 } else { 0.42 }).clamp(150.0, 420.0);
        let figure = player.figure(now);
        let numbers = |ui: &mut egui::Ui| numbers_ui(ui, player, view, seg, step);
        match figure {
            Some((fig, moment)) if wide => {
                ui.horizontal(|ui| {
                    let width = (ui.available_width() * 0.45).min(figure_height * 1.1);
                    figure_ui(ui, fig, moment, step, egui::vec2(width, figure_height), reduce_motion);
                    ui.vertical_centered(numbers);
                });
            }
            Some((fig, moment)) => {
                ui.vertical_centered(|ui| {
                    let size = egui::vec2(ui.available_width().min(figure_height * 1.2), figure_height * 0.8);
                    figure_ui(ui, fig, moment, step, size, reduce_motion);
                    numbers(ui);
                });
            }
            None => {
                ui.vertical_centered(numbers);
            }
        }
    });
}

/// What screen readers are told, politely, as each part of the session begins: what to do and
/// for how long ("Shoulder rolls: get ready, 5 seconds"; "Chin tuck: 5 holds of 3 seconds"). It
/// stays the same through a block of reps or holds and never carries the seconds ticking down, so
/// it is said once per part, not every second (the voice and the screen give the counts).
pub fn announcement(step: Option<&Step>, seg: Segment, word: &str) -> String {
    use crate::core::units::spoken;
    let title = step.map_or("Rest", Step::title);
    let (dose, words) = match step {
        Some(Step::Exercise { dose, exercise, .. }) => (Some(dose), Some(&exercise.words)),
        Some(Step::Rest { .. }) | None => (None, None),
    };
    let mut what = match (seg.kind, dose.map(|d| d.work)) {
        (SegmentKind::GetReady, _) => format!("get ready, {}", spoken(seg.duration)),
        (SegmentKind::Work | SegmentKind::Release, Some(Work::Hold { seconds, reps, .. })) if reps > 1 => {
            format!("{reps} holds of {}", spoken(seconds.duration()))
        }
        (SegmentKind::Work | SegmentKind::Release, Some(Work::Reps { reps, .. })) => {
            let each = dose.map_or(seg.duration, crate::core::routine::Dose::unit);
            format!("{reps} reps, {} each", spoken(each))
        }
        (SegmentKind::Switch, _) => format!("switch sides, {}", spoken(seg.duration)),
        (SegmentKind::SetRest, _) => format!("rest before the next set, {}", spoken(seg.duration)),
        (SegmentKind::Rest, _) => spoken(seg.duration),
        (SegmentKind::Work | SegmentKind::Release, _) => {
            format!("{}, {}", crate::core::units::lowercase_first(word), spoken(seg.duration))
        }
    };
    if let (Some(side), Some(words), false) = (seg.side, words, seg.kind == SegmentKind::Switch) {
        what = format!("{what}. {}", words.side(side == Side::Right));
    }
    if seg.set.1 > 1 && matches!(seg.kind, SegmentKind::Work | SegmentKind::Release) {
        what = format!("{what}. Set {} of {}", seg.set.0, seg.set.1);
    }
    format!("{title}: {what}")
}

/// A live region (polite) holding `text`, over `rect` (it takes no room): screen readers say it
/// whenever it changes.
fn announce_ui(ui: &egui::Ui, rect: egui::Rect, text: &str) {
    let response = ui.interact(rect, ui.scope_id().with("announce"), egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::accesskit::Role::Label, true, text));
    ui.ctx().accesskit_node_builder(response.id, |node| node.set_live(egui::accesskit::Live::Polite));
}

/// The figure as it moves now, or its key poses still when motion is reduced.
fn figure_ui(
    ui: &mut egui::Ui,
    fig: &crate::core::figure::Figure,
    moment: crate::core::figure::Moment,
    step: Option<&Step>,
    size: egui::Vec2,
    reduce_motion: bool,
) {
    let label = match step {
        Some(Step::Exercise { exercise, .. }) => exercise.figure_label(),
        Some(Step::Rest { .. }) | None => String::new(),
    };
    if reduce_motion {
        ui.allocate_ui(size, |ui| super::figure::key_poses_ui(ui, fig, moment.mirrored, size.y, &label));
    } else {
        let pose = fig.pose_at(moment.u);
        let start = fig.keys.first().map(|k| k.1);
        // While getting ready, where the move goes; while it moves, where it started.
        let ghost = if moment.preview { Some(fig.end_pose()) } else { start.filter(|_| moment.u > 0.02) };
        let overlay = super::figure::Overlay { ghost, hold: moment.hold, breath: breath(fig, moment) };
        super::figure::pose_overlay_ui(ui, fig, &pose, moment.mirrored, size, &label, &overlay);
    }
}

/// For a figure that breathes (its ribs move), how full the breath is at `moment` and whether
/// it is coming in.
fn breath(fig: &crate::core::figure::Figure, moment: crate::core::figure::Moment) -> Option<(f32, bool)> {
    let ribs = |u: f32| fig.pose_at(u).get("ribs");
    let most = fig.keys.iter().map(|(_, p)| p.get("ribs")).fold(0.0_f32, f32::max);
    if most < 0.5 || moment.preview {
        return None;
    }
    let now = ribs(moment.u);
    Some((now / most, ribs((moment.u + 0.01).min(1.0)) > now || (moment.u >= 0.99 && now < most * 0.5)))
}

/// The numbers and words: what to do now and its countdown (the largest number), then where in
/// the step and the routine.
fn numbers_ui(ui: &mut egui::Ui, player: &SessionPlayer, view: &PlayerView, seg: Segment, step: Option<&Step>) {
    ui.label(RichText::new(step.map_or("", Step::title)).size(24.0).strong());
    let (word, counter) = phase_text(player, view);
    let phase = ui.label(RichText::new(&word).size(28.0).strong().color(theme::accent()));
    announce_ui(ui, phase.rect, &announcement(step, seg, &word));
    // The number acted on now: the part of the rep, the hold, the get-ready.
    let part = view.tempo.map_or(view.remaining, |(_, left)| left);
    let size = match ui.ctx().content_rect().height() {
        h if h < 600.0 => 64.0,
        h if h < 800.0 => 72.0,
        _ => 96.0,
    };
    let big = RichText::new(countdown(part)).size(size).strong();
    ui.label(if view.paused { big.color(theme::muted()) } else { big });
    let mut details = Vec::new();
    if !counter.is_empty() {
        details.push(counter);
    }
    let words = match step {
        Some(Step::Exercise { exercise, .. }) => Some(&exercise.words),
        Some(Step::Rest { .. }) | None => None,
    };
    if let (Some(side), Some(words)) = (seg.side, words)
        && seg.kind != SegmentKind::Switch
    {
        details.push(words.side(side == Side::Right));
    }
    if seg.set.1 > 1 {
        match words.and_then(|w| w.set(seg.set.0.saturating_sub(1) as usize)) {
            Some(what) => details.push(format!("Set {} of {}: {what}", seg.set.0, seg.set.1)),
            None => details.push(format!("Set {} of {}", seg.set.0, seg.set.1)),
        }
    }
    if let (Some(Step::Exercise { dose, exercise, .. }), SegmentKind::GetReady) = (step, seg.kind)
        && dose.sides == Sides::EachSide
    {
        details.push(format!("{} first", exercise.words.side(false)));
    }
    if !details.is_empty() {
        ui.label(RichText::new(details.join(" · ")).size(18.0));
    }
    if let Some(setup) = &view.setup {
        ui.label(RichText::new(setup).size(18.0).strong());
    }
    if view.paused {
        ui.label(RichText::new(labels::PAUSED_HINT).size(18.0).strong().color(theme::danger()));
    }
    // Where it should be felt, and how to breathe, beside the countdown: always in view.
    if let Some(Step::Exercise { exercise, .. }) = step {
        if !exercise.feel.is_empty() {
            ui.add_space(4.0);
            ui.label(RichText::new(format!("You should feel {}", exercise.feel)).size(15.0));
        }
        if !exercise.breathing.is_empty() {
            ui.label(RichText::new(&exercise.breathing).italics().color(theme::muted()));
        }
    }
}

fn step_text(ui: &mut egui::Ui, step: Option<&Step>, view: &PlayerView) {
    let next_up = view.next_up.as_deref();
    ui.columns(2, |cols| {
        if let Some(Step::Exercise { exercise, note, adjust, .. }) = step {
            // What was changed for this user goes beside the cues, so the cues keep their room.
            if !adjust.is_empty() {
                theme::callout(theme::accent_soft()).show(&mut cols[1], |ui| {
                    ui.label(RichText::new(labels::CHANGED_FOR_YOU).strong());
                    for line in adjust {
                        ui.label(line);
                    }
                });
            }
            // Numbered, so they need no heading: every cue of the step fits at 960 × 720.
            for (i, cue) in exercise.cues.iter().enumerate() {
                cols[0].label(format!("{}. {cue}", i + 1));
            }
            if !note.is_empty() {
                cols[0].label(RichText::new(note).color(theme::accent()));
            }
            if !exercise.stop_if.is_empty() {
                cols[1].label(RichText::new("Stop if").strong());
                for line in &exercise.stop_if {
                    cols[1].label(format!("• {line}"));
                }
            }
        } else if let Some(Step::Rest { note, .. }) = step {
            cols[0].label(if note.is_empty() { "Breathe, loosen your shoulders." } else { note });
        }
        if let Some(next) = next_up {
            cols[1].add_space(6.0);
            cols[1].label(RichText::new(labels::NEXT_UP).strong());
            cols[1].label(next);
            if let Some(setup) = &view.next_setup {
                cols[1].label(RichText::new(setup).color(theme::accent()));
            }
        }
    });
}

fn controls(ui: &mut egui::Ui, paused: bool, strict: Option<super::strict::StrictBreak>) -> Option<AppCommand> {
    let mut cmd = None;
    ui.horizontal(|ui| {
        if ui.add(theme::secondary(labels::PREVIOUS)).clicked() {
            cmd = Some(AppCommand::Player(PlayerInput::Previous));
        }
        let toggle = if paused { labels::RESUME_SESSION } else { labels::PAUSE };
        // The same width either way, so a second click lands on it again.
        if ui.add(theme::primary(toggle).min_size(egui::vec2(110.0, 36.0))).clicked() {
            cmd = Some(AppCommand::Player(PlayerInput::TogglePause));
        }
        // A strict break plays each step to its end.
        let next = ui.add_enabled(strict.is_none(), theme::secondary(labels::NEXT));
        if next.on_disabled_hover_text(labels::STRICT_NO_NEXT).clicked() {
            cmd = Some(AppCommand::Player(PlayerInput::Next));
        }
        match strict {
            None => {
                if ui.add(theme::secondary(labels::END_SESSION)).clicked() {
                    cmd = Some(AppCommand::Player(PlayerInput::End));
                }
            }
            Some(super::strict::StrictBreak { skips_left: left }) => {
                let skip = ui.add_enabled(left != Some(0), theme::secondary(labels::SKIP_STRICT));
                let hint = match left {
                    None => "Skipping counts as a skip in your history".to_owned(),
                    Some(0) => "Today's skips are used up".to_owned(),
                    Some(n) => format!("{} left today", crate::core::units::plural(u64::from(n), "skip", None)),
                };
                if skip.on_hover_text(&hint).on_disabled_hover_text(&hint).clicked() {
                    cmd = Some(AppCommand::Engine(crate::protocol::Command::Skip));
                }
                ui.label(RichText::new(hint).small().color(theme::muted()));
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if safety::pain_button(ui) {
                cmd = Some(AppCommand::Player(PlayerInput::Pain));
            }
        });
    });
    cmd
}

/// Draws the screen after a session: what was done, or the red-flag guidance after pain.
/// `back` labels the button that leaves (back to today, or to the editor after a preview);
/// Enter presses it.
pub fn finished_ui(
    ui: &mut egui::Ui,
    player: &SessionPlayer,
    end: End,
    note: Option<&str>,
    back: &str,
    (now, number): (Instant, &str),
    check_in: Option<(&crate::core::history::CheckIn, bool)>,
) -> Option<AppCommand> {
    let mut cmd = None;
    let routine = player.routine();
    let done = player.report(now);
    let completed = player.outcome(end) == crate::core::history::Outcome::Completed;
    let (title, fill) = match end {
        End::Finished if completed => (labels::SESSION_DONE, theme::accent_soft()),
        End::Finished => (labels::SESSION_OVER, theme::card_fill()),
        End::Stopped => (labels::SESSION_ENDED, theme::card_fill()),
        End::Pain => (labels::RED_FLAGS_TITLE, theme::danger_soft()),
    };
    if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter)) {
        cmd = Some(AppCommand::CloseSession);
    }
    crate::app::focus::show(egui::ScrollArea::vertical(), ui, |ui| {
        theme::callout(fill).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.heading(title);
            if let Some(note) = note {
                ui.label(RichText::new(note).strong());
            }
            let name_of = |id: &str| {
                routine
                    .steps
                    .iter()
                    .find_map(|s| match s {
                        Step::Exercise { exercise, .. } if exercise.id == id => Some(exercise.name.clone()),
                        Step::Exercise { .. } | Step::Rest { .. } => None,
                    })
                    .unwrap_or_else(|| id.to_owned())
            };
            match end {
                End::Finished if completed => {
                    ui.label(format!(
                        "You finished {}: {}. Back to work, a little looser.",
                        routine.name,
                        done.summary()
                    ));
                }
                End::Finished | End::Stopped => {
                    ui.label(format!("{}: you did {}.", routine.name, done.summary()));
                    if !done.skipped.is_empty() {
                        let skipped: Vec<String> = done.skipped.iter().map(|id| name_of(id)).collect();
                        ui.label(RichText::new(format!("Not done: {}.", skipped.join(", "))).color(theme::muted()));
                    }
                }
                End::Pain => {
                    ui.label("The session has stopped. Don't push through pain.");
                    if let Some(hurt) = &done.hurt {
                        ui.label(RichText::new(format!("It happened during: {}.", name_of(hurt))).strong());
                    }
                    ui.label("Check these signs:");
                    safety::red_flags_ui(ui, number);
                    ui.add_space(8.0);
                    ui.label("If none of them applies:");
                    safety::sore_day_ui(ui, number, false);
                }
            }
            let check_in = check_in.filter(|_| end != End::Pain);
            match check_in {
                Some((answers, true)) => {
                    ui.add_space(8.0);
                    ui.label(noted(routine, answers));
                }
                Some((answers, false)) => {
                    ui.add_space(8.0);
                    if let Some(c) = check_in_ui(ui, routine, answers) {
                        cmd = Some(c);
                    }
                }
                None => {}
            }
            ui.add_space(8.0);
            let button = ui.add(theme::primary(back));
            if button.clicked() {
                cmd = Some(AppCommand::CloseSession);
            }
            if !ui.memory(|m| m.focused().is_some()) {
                button.request_focus();
            }
            // Pain in the check-in: the warning signs, below the way out; a sore back (6 or more
            // out of 10): what helps on a sore day, with the warning signs.
            let pain = check_in.is_some_and(|(a, _)| a.pain == Some(true));
            if check_in.is_some_and(|(a, _)| a.back.is_some_and(|b| b >= SORE_BACK)) {
                ui.add_space(8.0);
                safety::sore_day_ui(ui, number, !pain);
            }
            if pain {
                ui.add_space(8.0);
                ui.label(RichText::new(labels::CHECK_IN_AFTER_PAIN).color(theme::muted()));
                safety::red_flags_ui(ui, number);
            }
        });
    });
    cmd
}

/// From this score on (out of 10), the check-in shows the sore-day card.
pub const SORE_BACK: u8 = 6;

/// The check-in as it was kept: "Noted in your history: upper back 3 out of 10, no pain during it."
fn noted(routine: &crate::core::routine::Routine, answers: &crate::core::history::CheckIn) -> String {
    let back = answers.back.map(|b| format!("upper back {b} out of 10"));
    let pain = match (answers.pain, &answers.hurt) {
        (Some(false), _) => Some("no pain during it".to_owned()),
        (Some(true), Some(id)) => {
            let name = routine.steps.iter().find_map(|s| match s {
                Step::Exercise { exercise, .. } if &exercise.id == id => Some(exercise.name.clone()),
                Step::Exercise { .. } | Step::Rest { .. } => None,
            });
            Some(format!("pain during {}", name.unwrap_or_else(|| id.clone())))
        }
        (Some(true), None) => Some("pain during the session".to_owned()),
        (None, _) => None,
    };
    let said: Vec<String> = back.into_iter().chain(pain).collect();
    format!("{} {}.", labels::CHECK_IN_NOTED, said.join(", "))
}

/// The optional check-in: one tap for how the back feels, one for pain; pain asks which exercise
/// (the end screen then shows the red flags).
fn check_in_ui(
    ui: &mut egui::Ui,
    routine: &crate::core::routine::Routine,
    answers: &crate::core::history::CheckIn,
) -> Option<AppCommand> {
    use super::command::CheckInAnswer;
    let mut cmd = None;
    ui.label(RichText::new(labels::CHECK_IN_BACK).strong());
    ui.label(RichText::new(labels::CHECK_IN_SCALE).small().color(theme::muted()));
    ui.horizontal_wrapped(|ui| {
        for n in 0..=10u8 {
            let chosen = answers.back == Some(n);
            if ui.add(theme::choice(&n.to_string(), chosen).min_size(egui::vec2(30.0, 28.0))).clicked() {
                cmd = Some(AppCommand::CheckIn(CheckInAnswer::Back(n)));
            }
        }
    });
    ui.label(RichText::new(labels::CHECK_IN_PAIN).strong());
    ui.horizontal(|ui| {
        if ui.add(theme::choice(labels::NO, answers.pain == Some(false))).clicked() {
            cmd = Some(AppCommand::CheckIn(CheckInAnswer::Pain(false)));
        }
        if ui.add(theme::choice(labels::YES, answers.pain == Some(true))).clicked() {
            cmd = Some(AppCommand::CheckIn(CheckInAnswer::Pain(true)));
        }
    });
    if answers.pain == Some(true) {
        ui.label(labels::CHECK_IN_WHICH);
        ui.horizontal_wrapped(|ui| {
            let mut seen = Vec::new();
            for step in &routine.steps {
                let Step::Exercise { exercise, .. } = step else { continue };
                if seen.contains(&exercise.id) {
                    continue;
                }
                seen.push(exercise.id.clone());
                let chosen = answers.hurt.as_deref() == Some(exercise.id.as_str());
                if ui.add(theme::choice(&exercise.name, chosen)).clicked() {
                    cmd = Some(AppCommand::CheckIn(CheckInAnswer::Hurt(Some(exercise.id.clone()))));
                }
            }
            if ui.add(theme::choice(labels::NOT_SURE, answers.hurt.is_none())).clicked() {
                cmd = Some(AppCommand::CheckIn(CheckInAnswer::Hurt(None)));
            }
        });
    }
    cmd
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::app::testing::{Harness, Queryable as _, catalogue, click, panel};
    use crate::core::player::PlayOptions;
    use crate::core::ports::Clock as _;
    use crate::core::routine::Routine;
    use crate::platform::fake::FakeClock;
    use crate::protocol::OnBreak;

    fn posture_reset() -> Routine {
        catalogue().routines.get("posture-reset").cloned().expect("the built-in posture reset")
    }

    fn playing(now: Instant) -> SessionPlayer {
        SessionPlayer::new(posture_reset(), PlayOptions { lead_in: Duration::from_secs(5), resume: None }, now)
    }

    #[test]
    fn a_session_starts_with_a_get_ready_and_its_buttons_and_keys_drive_the_player() {
        let now = FakeClock::new().now().mono;
        let player = playing(now);
        let steps = player.routine().steps.len();
        let figure = first_exercise(&player).figure_label();
        let mut harness =
            panel(move |ui| keyboard(ui.ctx(), false).or_else(|| player_ui(ui, &player, now, false, None)));
        assert!(harness.query_by_label("Get ready").is_some());
        assert!(harness.query_by_label("0:05").is_some(), "the get-ready's own countdown is the big number");
        assert!(harness.query_by_label(&figure).is_some(), "the figure, by what it shows: {figure}");
        assert!(harness.query_by_label(&format!("Step 1 of {steps}")).is_some());
        assert!(harness.query_by_label(labels::KEYS_HINT).is_some());
        assert_eq!(click(&mut harness, labels::PAUSE), [AppCommand::Player(PlayerInput::TogglePause)]);
        assert_eq!(click(&mut harness, labels::NEXT), [AppCommand::Player(PlayerInput::Next)]);
        assert_eq!(click(&mut harness, labels::STOP_PAIN), [AppCommand::Player(PlayerInput::Pain)]);
        for (key, asked) in [
            (Key::Space, AppCommand::Player(PlayerInput::TogglePause)),
            (Key::ArrowLeft, AppCommand::Player(PlayerInput::Previous)),
            (Key::Escape, AppCommand::AskEndSession),
            (Key::P, AppCommand::Player(PlayerInput::Pain)),
        ] {
            harness.state_mut().clear();
            harness.key_press(key);
            harness.run();
            assert_eq!(harness.state(), &[asked], "{key:?}");
        }
    }

    /// A strict break: Esc does nothing, Skip (not End) while skips are left, pain always.
    #[test]
    fn a_strict_break_ignores_esc_offers_skip_while_skips_last_and_pain_always_works() {
        let now = FakeClock::new().now().mono;
        let player = playing(now);
        let mut harness = panel(move |ui| {
            keyboard(ui.ctx(), true).or_else(|| {
                player_ui(ui, &player, now, false, Some(crate::app::strict::StrictBreak { skips_left: Some(1) }))
            })
        });
        assert!(harness.query_by_label(labels::END_SESSION).is_none(), "no End button in a strict break");
        harness.get_by_label(labels::KEYS_HINT_STRICT);
        harness.get_by_label("1 skip left today");
        harness.key_press(Key::Escape);
        harness.run();
        assert!(harness.state().is_empty(), "Esc does nothing: {:?}", harness.state());
        assert_eq!(click(&mut harness, labels::SKIP_STRICT), [AppCommand::Engine(crate::protocol::Command::Skip)]);
        assert_eq!(click(&mut harness, labels::STOP_PAIN), [AppCommand::Player(PlayerInput::Pain)]);

        let player = playing(now);
        let mut harness = panel(move |ui| {
            keyboard(ui.ctx(), true).or_else(|| {
                player_ui(ui, &player, now, false, Some(crate::app::strict::StrictBreak { skips_left: Some(0) }))
            })
        });
        harness.get_by_label("Today's skips are used up");
        assert!(click(&mut harness, labels::SKIP_STRICT).is_empty(), "no skips left: Skip is disabled");
        assert!(click(&mut harness, labels::NEXT).is_empty(), "Next is disabled: each step plays to its end");
        harness.key_press(Key::ArrowRight);
        harness.run();
        assert!(harness.state().is_empty(), "Right does nothing: {:?}", harness.state());
        assert_eq!(click(&mut harness, labels::STOP_PAIN), [AppCommand::Player(PlayerInput::Pain)]);
    }

    fn first_exercise(player: &SessionPlayer) -> crate::core::routine::Exercise {
        player
            .routine()
            .steps
            .iter()
            .find_map(|s| match s {
                Step::Exercise { exercise, .. } => Some((**exercise).clone()),
                Step::Rest { .. } => None,
            })
            .expect("an exercise")
    }

    #[test]
    fn reduced_motion_shows_the_key_poses_still_and_the_words_name_the_movement() {
        let start = FakeClock::new().now().mono;
        let mut player = playing(start);
        let exercise = first_exercise(&player);
        // Into the first rep or hold.
        let now = start + Duration::from_secs(5) + Duration::from_millis(500);
        let _ = player.handle(PlayerInput::Tick, now);
        let label = exercise.figure_label();
        let still = player.clone();
        let harness = panel(move |ui| player_ui(ui, &still, now, true, None));
        assert!(harness.query_by_label(&format!("{label} (start)")).is_some(), "the start pose");
        assert!(harness.query_by_label(&format!("{label} (position 2)")).is_some(), "the end pose beside it");
        assert!(harness.query_by_label(&label).is_none(), "no moving figure");
        let harness = panel(move |ui| player_ui(ui, &player, now, false, None));
        assert!(harness.query_by_label(&label).is_some());
        let said = [exercise.words.word(MovePart::Up), exercise.words.word(MovePart::Hold)];
        assert!(said.iter().any(|w| harness.query_by_label(w).is_some()), "the exercise's own words: {said:?}");
    }

    #[test]
    fn a_paused_session_says_so_and_its_button_resumes() {
        let now = FakeClock::new().now().mono;
        let mut player = playing(now);
        let _ = player.handle(PlayerInput::TogglePause, now);
        let mut harness = panel(move |ui| player_ui(ui, &player, now, false, None));
        assert!(harness.query_by_label(labels::PAUSE).is_none());
        assert_eq!(click(&mut harness, labels::RESUME_SESSION), [AppCommand::Player(PlayerInput::TogglePause)]);
    }

    #[test]
    fn stopping_for_pain_shows_the_red_flags_and_enter_leaves() {
        let now = FakeClock::new().now().mono;
        let mut player = playing(now);
        let _ = player.handle(PlayerInput::Pain, now);
        let mut harness =
            panel(move |ui| finished_ui(ui, &player, End::Pain, None, labels::BACK_TO_TODAY, (now, ""), None));
        assert!(harness.query_by_label(labels::RED_FLAGS_TITLE).is_some());
        assert!(harness.query_by_label("The session has stopped. Don't push through pain.").is_some());
        assert!(
            harness.query_by_label(crate::core::safety::SORE_DAY_TITLE).is_some(),
            "what helps when none of the signs applies"
        );
        harness.key_press(Key::Enter);
        harness.run();
        assert_eq!(harness.state(), &[AppCommand::CloseSession]);
    }

    #[test]
    fn a_waiting_break_can_start_now_or_be_ended() {
        let routine = posture_reset();
        let mut harness = panel(move |ui| waiting_ui(ui, &routine));
        assert!(harness.query_by_label("Ready for Posture reset?").is_some());
        assert_eq!(click(&mut harness, labels::START_NOW), [AppCommand::StartWaitingSession]);
        assert_eq!(click(&mut harness, labels::END_THIS_BREAK), [AppCommand::Player(PlayerInput::End)]);
    }

    #[test]
    fn a_break_left_by_a_closed_window_resumes_at_its_step() {
        let on_break = OnBreak {
            kind: crate::core::kind::BreakKind::Micro,
            routine: "posture-reset".to_owned(),
            routine_name: "Posture reset".to_owned(),
            step: 1,
            steps: 4,
            progress: crate::core::player::Progress::default(),
            playing: false,
            claimed: true,
            ends_in_secs: Some(600),
            strict: false,
            plan: Some(crate::core::adapt::Plan::default()),
        };
        let mut harness = panel(move |ui| resume_card_ui(ui, &on_break));
        assert!(harness.query_by_label("Posture reset: stopped at step 2 of 4 when its window closed").is_some());
        assert_eq!(click(&mut harness, &format!("{} 2", labels::RESUME_AT_STEP)), [AppCommand::ResumeBreak]);
    }

    #[test]
    fn the_player_says_what_was_swapped_and_why() {
        use crate::core::adapt::{Circumstances, Recent, for_user};
        use crate::core::profile::Profile;
        use crate::core::routine::Equipment;
        let cat = catalogue();
        let profile = Profile { without: vec![Equipment::Band], ..Profile::default() };
        let recent = Recent::default();
        let c = Circumstances { profile: &profile, recent: &recent, level: crate::core::level::STANDARD };
        let routine = for_user(&cat.routines["rhomboid-strength"], &cat, &c);
        let waiting = routine.clone();
        let harness = panel(move |ui| waiting_ui(ui, &waiting));
        assert!(
            harness.query_by_label("• W squeeze instead of band pull-apart: no band").is_some(),
            "before it starts"
        );
        let now = FakeClock::new().now().mono;
        let mut player = SessionPlayer::new(routine, PlayOptions::default(), now);
        // To the third step: the W squeeze that stands in for the pull-apart.
        let _ = player.handle(PlayerInput::Next, now);
        let _ = player.handle(PlayerInput::Next, now);
        let mut harness = panel(move |ui| player_ui(ui, &player, now, false, None));
        harness.run();
        assert!(harness.query_by_label(labels::CHANGED_FOR_YOU).is_some());
        assert!(harness.query_by_label("W squeeze instead of band pull-apart: no band").is_some());
        assert!(harness.query_by_label("You should feel work between and below the shoulder blades").is_some());
    }

    /// The end screen of a posture reset played through, showing the check-in `answers` (which
    /// the test may change between frames); `sent`: the check-in was already kept.
    fn end_screen_with_check_in(
        answers: crate::core::history::CheckIn,
        sent: bool,
    ) -> (std::rc::Rc<std::cell::RefCell<crate::core::history::CheckIn>>, Harness<'static, Vec<AppCommand>>) {
        let now = FakeClock::new().now().mono;
        let mut player = playing(now);
        for _ in 0..4 {
            let _ = player.handle(PlayerInput::Next, now);
        }
        let answers = std::rc::Rc::new(std::cell::RefCell::new(answers));
        let shown = std::rc::Rc::clone(&answers);
        let harness = panel(move |ui| {
            let a = shown.borrow().clone();
            finished_ui(ui, &player, End::Finished, None, labels::BACK_TO_TODAY, (now, "000"), Some((&a, sent)))
        });
        (answers, harness)
    }

    #[test]
    fn the_check_in_takes_one_tap_each_and_pain_asks_which_and_shows_the_red_flags() {
        use crate::app::command::CheckInAnswer;
        use crate::core::history::CheckIn;
        let (answers, mut harness) = end_screen_with_check_in(CheckIn::default(), false);
        assert!(harness.query_by_label(labels::CHECK_IN_BACK).is_some());
        assert!(harness.query_by_label(labels::CHECK_IN_WHICH).is_none(), "which one only after a yes");
        assert_eq!(click(&mut harness, "3"), [AppCommand::CheckIn(CheckInAnswer::Back(3))]);
        assert_eq!(click(&mut harness, labels::YES), [AppCommand::CheckIn(CheckInAnswer::Pain(true))]);
        answers.borrow_mut().pain = Some(true);
        harness.run();
        assert!(harness.query_by_label(labels::CHECK_IN_WHICH).is_some());
        assert!(
            harness.query_by_label_contains("emergency services now (000)").is_some(),
            "the red flags, with the local number"
        );
        assert_eq!(
            click(&mut harness, "Chin tuck"),
            [AppCommand::CheckIn(CheckInAnswer::Hurt(Some("chin-tuck".to_owned())))]
        );
    }

    /// A sore back in the check-in (6 out of 10 or more, no pain during) shows what helps on a sore
    /// day, and the red flags with it; a back at 5 shows neither.
    #[test]
    fn a_sore_back_in_the_check_in_shows_the_sore_day_card_with_the_red_flags() {
        use crate::core::history::CheckIn;
        let (answers, mut harness) = end_screen_with_check_in(CheckIn { back: Some(5), ..CheckIn::default() }, true);
        assert!(harness.query_by_label(crate::core::safety::SORE_DAY_TITLE).is_none());
        answers.borrow_mut().back = Some(7);
        answers.borrow_mut().pain = Some(false);
        harness.run();
        assert!(harness.query_by_label(crate::core::safety::SORE_DAY_TITLE).is_some(), "the card");
        assert!(harness.query_by_label_contains("15–20 minutes").is_some(), "what helps");
        assert!(harness.query_by_label_contains("emergency services now (000)").is_some(), "and the red flags");
        assert!(
            harness.query_by_label_contains("upper back 7 out of 10, no pain during it").is_some(),
            "what was noted"
        );
    }
}
