//! The editor's forms: the routine form (steps as cards with their dose, reordering by drag or
//! buttons, adding exercises and rests) and the exercise form, each field with its problems next to
//! it. Widgets only: what they edit is the [`Document`](crate::core::document::Document) the
//! editor owns.

use std::path::PathBuf;

use egui::RichText;

use super::super::labels;
use super::super::theme;
use crate::core::catalogue::Catalogue;
use crate::core::contact::{Contact, Part, Surface};
use crate::core::document::Check;
use crate::core::figure::{self, FigureDef, JOINTS, KeyDef, Stance, View};
use crate::core::routine::{
    DoseDef, Equipment, Exercise, ExerciseDef, Family, Position, RoutineDef, Sides, StepDef, Tempo, Work, limits,
};
use crate::core::units::{Seconds, capitalised, clock};

/// A path with the home folder written as `~`, as people read it.
pub(super) fn tilde(path: &std::path::Path) -> String {
    match std::env::var_os("HOME").map(PathBuf::from) {
        Some(home) if !home.as_os_str().is_empty() => match path.strip_prefix(&home) {
            Ok(rest) => format!("~/{}", rest.display()),
            Err(_) => path.display().to_string(),
        },
        _ => path.display().to_string(),
    }
}

fn problems_ui(ui: &mut egui::Ui, messages: &[&str]) {
    for m in messages {
        ui.label(RichText::new(*m).color(theme::danger()));
    }
}

fn text_field(ui: &mut egui::Ui, label: &str, value: &mut String, check: &Check, anchor: &str) -> egui::Response {
    let field = ui
        .horizontal(|ui| {
            let l = ui.add_sized([80.0, 20.0], egui::Label::new(label));
            // A fixed id: problems shown above must not move the focus to another field.
            let edit = egui::TextEdit::singleline(value).id_salt(("field", anchor));
            ui.add(edit.desired_width(ui.available_width().min(560.0))).labelled_by(l.id)
        })
        .inner;
    problems_ui(ui, &check.field(anchor));
    field
}

fn lines_field(ui: &mut egui::Ui, label: &str, lines: &mut Vec<String>, check: &Check, anchor: &str) {
    let l = ui.label(format!("{label} (one per line)"));
    let mut text = lines.join("\n");
    let edit = egui::TextEdit::multiline(&mut text).id_salt(("lines", anchor)).desired_rows(3).desired_width(520.0);
    let response = ui.add(edit).labelled_by(l.id);
    if response.changed() {
        // Kept exactly as typed (a new line may still be empty); tidied when checked and saved.
        *lines = if text.is_empty() { Vec::new() } else { text.split('\n').map(str::to_owned).collect() };
    }
    problems_ui(ui, &check.field(anchor));
}

fn seconds(ui: &mut egui::Ui, label: &str, value: &mut Seconds, range: &std::ops::RangeInclusive<u32>) {
    number(ui, label, &mut value.0, range);
}

fn number(ui: &mut egui::Ui, label: &str, value: &mut u32, range: &std::ops::RangeInclusive<u32>) {
    let l = ui.add(egui::Label::new(label).wrap_mode(egui::TextWrapMode::Extend));
    // What is typed or dragged stays in the allowed range; a value out of range in a file is kept
    // as it is (and explained) until it is changed.
    let hint = format!("{}–{}", range.start(), range.end());
    let response = ui
        .add(egui::DragValue::new(value).range(range.clone()).clamp_existing_to_range(false).speed(0.2))
        .labelled_by(l.id)
        .on_hover_text(hint);
    if response.changed() {
        // Whichever way it changed (typed, dragged, a screen reader), it stays in range.
        *value = (*value).clamp(*range.start(), *range.end());
    }
}

const WORK_KINDS: [&str; 3] = ["Hold", "Reps", "Timed"];

/// How many matching exercises the step picker shows at once.
const SHOWN: usize = 12;

/// The dose's fields; `salt` keeps each step's widgets apart.
fn dose_ui(ui: &mut egui::Ui, dose: &mut DoseDef, salt: usize) {
    ui.horizontal_wrapped(|ui| {
        let kind = match dose.work {
            Work::Hold { .. } => 0,
            Work::Reps { .. } => 1,
            Work::Timed { .. } => 2,
        };
        let mut chosen = kind;
        let l = ui.label(labels::WORK_KIND);
        egui::ComboBox::from_id_salt(("work", salt))
            .selected_text(WORK_KINDS[kind])
            .show_ui(ui, |ui| {
                for (i, k) in WORK_KINDS.iter().enumerate() {
                    ui.selectable_value(&mut chosen, i, *k);
                }
            })
            .response
            .labelled_by(l.id);
        if chosen != kind {
            dose.work = match chosen {
                0 => Work::Hold { seconds: Seconds(10), reps: 1, release: Seconds(0) },
                1 => Work::Reps { reps: 8, tempo: Tempo { up: Seconds(2), hold: Seconds(0), down: Seconds(2) } },
                _ => Work::Timed { seconds: Seconds(30) },
            };
        }
        match &mut dose.work {
            Work::Hold { seconds: s, reps, release } => {
                seconds(ui, labels::HOLD_SECONDS, s, &limits::HOLD_SECONDS);
                number(ui, labels::TIMES, reps, &limits::HOLD_REPS);
                seconds(ui, labels::RELEASE, release, &limits::RELEASE_SECONDS);
            }
            Work::Reps { reps, tempo } => {
                number(ui, labels::REPS, reps, &limits::REPS);
                seconds(ui, "up", &mut tempo.up, &limits::TEMPO_PART);
                seconds(ui, "hold", &mut tempo.hold, &limits::TEMPO_PART);
                seconds(ui, "down", &mut tempo.down, &limits::TEMPO_PART);
            }
            Work::Timed { seconds: s } => seconds(ui, labels::TIMED_SECONDS, s, &limits::TIMED_SECONDS),
        }
        number(ui, labels::SETS, &mut dose.sets, &limits::SETS);
        seconds(ui, labels::SET_REST, &mut dose.rest, &limits::SET_REST);
        let l = ui.label(labels::SIDES);
        egui::ComboBox::from_id_salt(("sides", salt))
            .selected_text(sides_name(dose.sides))
            .show_ui(ui, |ui| {
                for s in [Sides::Symmetric, Sides::EachSide, Sides::Alternating] {
                    ui.selectable_value(&mut dose.sides, s, sides_name(s));
                }
            })
            .response
            .labelled_by(l.id);
        if dose.sides != Sides::Symmetric {
            seconds(ui, labels::SWITCH, &mut dose.switch, &limits::SWITCH);
        }
        seconds(ui, labels::GET_READY, &mut dose.get_ready, &limits::GET_READY);
    });
}

fn sides_name(s: Sides) -> &'static str {
    match s {
        Sides::Symmetric => "both sides together",
        Sides::EachSide => "each side in turn",
        Sides::Alternating => "alternating sides",
    }
}

/// A step's dose as played: its overrides over the exercise's own.
#[derive(Clone, Copy)]
enum StepMove {
    Up(usize),
    Down(usize),
    Remove(usize),
    /// Dragged from one place onto another.
    To(usize, usize),
}

/// What is carried while a step is dragged: its index.
struct DraggedStep(usize);

pub(super) fn routine_form(
    ui: &mut egui::Ui,
    def: &mut RoutineDef,
    check: &Check,
    catalogue: &Catalogue,
    search: &mut String,
    plays_as: Option<crate::core::kind::BreakKind>,
) -> egui::Response {
    let name = text_field(ui, labels::NAME, &mut def.name, check, "name");
    text_field(ui, labels::SUMMARY, &mut def.summary, check, "summary");
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(labels::STEPS).strong());
        if let Some(total) = check.total {
            ui.label(RichText::new(format!("total {}", clock(total))).color(theme::muted()));
        }
    });
    if let (Some(kind), Some(total)) = (plays_as, check.total)
        && let Some(warning) = too_long_for(kind, total)
    {
        ui.label(RichText::new(warning).color(theme::danger()));
    }
    if def.steps.is_empty() {
        // Not an error yet: nothing has been added.
        ui.label(RichText::new(labels::ADD_FIRST_STEP).color(theme::muted()));
    } else {
        problems_ui(ui, &check.field("steps"));
    }
    let mut change = None;
    let count = def.steps.len();
    for (i, step) in def.steps.iter_mut().enumerate() {
        let dragging_over = ui.ctx().dragged_id().is_some();
        // Each step's widgets get ids of their own: a warning or problem appearing above (the
        // total growing too long) must not move the focus out of the field being typed in.
        let card = ui
            .push_id(("step", i), |ui| theme::card().show(ui, |ui| step_card(ui, (i, count), step, catalogue, check)))
            .inner;
        change = card.inner.or(change);
        if dragging_over && card.response.dnd_hover_payload::<DraggedStep>().is_some() {
            ui.painter().rect_stroke(
                card.response.rect,
                8.0,
                egui::Stroke::new(2.0, theme::accent()),
                egui::StrokeKind::Outside,
            );
        }
        if let Some(from) = card.response.dnd_release_payload::<DraggedStep>() {
            change = Some(StepMove::To(from.0, i));
        }
    }
    match change {
        Some(StepMove::Up(i)) if i > 0 => def.steps.swap(i, i - 1),
        Some(StepMove::Down(i)) if i + 1 < def.steps.len() => def.steps.swap(i, i + 1),
        Some(StepMove::Remove(i)) if i < def.steps.len() => {
            def.steps.remove(i);
        }
        Some(StepMove::To(from, to)) if from != to && from < def.steps.len() && to < def.steps.len() => {
            let step = def.steps.remove(from);
            def.steps.insert(to, step);
        }
        _ => {}
    }
    ui.add_space(8.0);
    add_step_ui(ui, def, catalogue, search);
    name
}

/// One step's card: its title (the drag handle), its buttons, its dose and note, its problems.
/// `at` is the step's index and the number of steps.
fn step_card(
    ui: &mut egui::Ui,
    at: (usize, usize),
    step: &mut StepDef,
    catalogue: &Catalogue,
    check: &Check,
) -> Option<StepMove> {
    let (i, count) = at;
    let mut moved = None;
    ui.set_width(ui.available_width());
    ui.horizontal(|ui| {
        let title = match step {
            StepDef::Do { exercise, .. } => {
                catalogue.exercises.get(exercise.as_str()).map_or_else(|| exercise.clone(), |e| e.name.clone())
            }
            StepDef::Rest { .. } => "Rest".to_owned(),
        };
        // The title is the drag handle: drop it on another step to move it there.
        ui.dnd_drag_source(egui::Id::unique(("step-drag", i)), DraggedStep(i), |ui| {
            ui.label(RichText::new(format!("{}. {title}", i + 1)).strong());
        })
        .response
        .on_hover_text("Drag onto another step to move it there");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.small_button(labels::REMOVE_STEP).clicked() {
                moved = Some(StepMove::Remove(i));
            }
            if ui.add_enabled(i + 1 < count, egui::Button::new(labels::MOVE_DOWN).small()).clicked() {
                moved = Some(StepMove::Down(i));
            }
            if ui.add_enabled(i > 0, egui::Button::new(labels::MOVE_UP).small()).clicked() {
                moved = Some(StepMove::Up(i));
            }
        });
    });
    let exercise_id = match step {
        StepDef::Do { exercise, .. } => Some(exercise.clone()),
        StepDef::Rest { .. } => None,
    };
    if let Some(id) = exercise_id {
        if let Some(base) = catalogue.exercises.get(id.as_str()).map(|e| e.dose.to_def())
            && let Some(mut dose) = step.dose_over(&base)
        {
            let before = dose.clone();
            dose_ui(ui, &mut dose, i);
            if dose != before {
                step.set_dose(&base, &dose);
            }
        }
        if let StepDef::Do { note, .. } = step {
            note_field(ui, note);
        }
    } else if let StepDef::Rest { seconds: s, note } = step {
        ui.horizontal(|ui| seconds(ui, labels::REST_SECONDS, s, &limits::REST_STEP));
        note_field(ui, note);
    }
    if let Some(messages) = check.steps.get(i) {
        problems_ui(ui, &messages.iter().map(String::as_str).collect::<Vec<_>>());
    }
    moved
}

fn note_field(ui: &mut egui::Ui, note: &mut String) {
    ui.horizontal(|ui| {
        let l = ui.label(labels::NOTE);
        ui.add(egui::TextEdit::singleline(note).desired_width(420.0).hint_text("optional")).labelled_by(l.id);
    });
}

fn add_step_ui(ui: &mut egui::Ui, def: &mut RoutineDef, catalogue: &Catalogue, search: &mut String) {
    let mut enter = false;
    theme::callout(theme::accent_soft()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            ui.label(RichText::new(labels::ADD_STEP).strong());
            let l = ui.label(labels::FIND_EXERCISE);
            let field = ui
                .add(egui::TextEdit::singleline(search).desired_width(220.0).hint_text("name or id, Enter adds"))
                .labelled_by(l.id);
            enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button(labels::ADD_REST).clicked() {
                def.steps.push(StepDef::Rest { seconds: Seconds(10), note: String::new() });
            }
        });
        let needle = search.trim().to_lowercase();
        let all: Vec<&Exercise> = catalogue
            .exercises
            .values()
            .map(std::sync::Arc::as_ref)
            .filter(|e| needle.is_empty() || e.name.to_lowercase().contains(&needle) || e.id.contains(&needle))
            .collect();
        ui.horizontal_wrapped(|ui| {
            for (i, e) in all.iter().take(SHOWN).enumerate() {
                let clicked = ui.button(format!("+ {}", e.name)).on_hover_text(e.dose.describe()).clicked();
                if clicked || (enter && i == 0) {
                    def.steps.push(StepDef::plain(e.id.clone()));
                }
            }
            if all.len() > SHOWN {
                ui.label(
                    RichText::new(format!("…and {} more: type to narrow", all.len() - SHOWN)).color(theme::muted()),
                );
            } else if all.is_empty() {
                ui.label(
                    RichText::new("No exercise matches; `unhunch new exercise NAME` makes one.").color(theme::muted()),
                );
            }
        });
    });
}

pub(super) fn exercise_form(ui: &mut egui::Ui, def: &mut ExerciseDef, check: &Check) -> egui::Response {
    let name = text_field(ui, labels::NAME, &mut def.name, check, "name");
    text_field(ui, labels::SUMMARY, &mut def.summary, check, "summary");
    ui.horizontal(|ui| {
        let l = ui.label(labels::FAMILY);
        egui::ComboBox::from_id_salt("family")
            .selected_text(def.family.label())
            .show_ui(ui, |ui| {
                for f in Family::ALL {
                    ui.selectable_value(&mut def.family, f, f.label());
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label(labels::POSITION);
        egui::ComboBox::from_id_salt("position")
            .selected_text(def.position.label())
            .show_ui(ui, |ui| {
                for p in Position::ALL {
                    ui.selectable_value(&mut def.position, p, p.label());
                }
            })
            .response
            .labelled_by(l.id);
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(labels::EQUIPMENT);
        for q in Equipment::ALL {
            let mut on = def.equipment.contains(&q);
            if ui.checkbox(&mut on, q.title()).changed() {
                if on {
                    def.equipment.push(q);
                    def.equipment.sort();
                } else {
                    def.equipment.retain(|x| *x != q);
                }
            }
        }
    });
    ui.checkbox(&mut def.home_only, labels::HOME_ONLY);
    lines_field(ui, labels::CUES, &mut def.cues, check, "cues");
    text_field(ui, labels::BREATHING, &mut def.breathing, check, "breathing");
    lines_field(ui, labels::MISTAKES, &mut def.mistakes, check, "mistakes");
    lines_field(ui, labels::STOP_IF, &mut def.stop_if, check, "stop_if");
    ui.add_space(6.0);
    ui.label(RichText::new(labels::DEFAULT_DOSE).strong());
    dose_ui(ui, &mut def.dose, 0);
    problems_ui(ui, &check.field("dose"));
    ui.add_space(6.0);
    words_ui(ui, def);
    ui.add_space(6.0);
    figure_ui(ui, def);
    // Anything not tied to a field above (the id, the figure's joints).
    let placed = ["name", "summary", "cues", "breathing", "mistakes", "stop_if", "dose"];
    let rest: Vec<&str> =
        check.problems.iter().filter(|p| !placed.contains(&p.anchor.as_str())).map(|p| p.message.as_str()).collect();
    problems_ui(ui, &rest);
    name
}

/// The exercise's own words for each part of its movement and each side.
fn words_ui(ui: &mut egui::Ui, def: &mut ExerciseDef) {
    ui.label(RichText::new(labels::MOVEMENT_WORDS).strong());
    let w = &mut def.words;
    egui::Grid::new("movement-words").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
        for (name, value, hint) in [
            ("Up", &mut w.up, "Lean back over the chair"),
            ("Hold", &mut w.hold, "Hold the stretch"),
            ("Down", &mut w.down, "Come up slowly"),
            ("Release", &mut w.release, "Relax"),
            ("Timed", &mut w.timed, "Walk"),
            ("Left side", &mut w.left, "stretching the left of your neck"),
            ("Right side", &mut w.right, "stretching the right of your neck"),
        ] {
            let l = ui.label(name);
            let edit = egui::TextEdit::singleline(value).id_salt(("words", name)).hint_text(hint).desired_width(320.0);
            ui.add(edit).labelled_by(l.id);
            ui.end_row();
        }
    });
}

/// The figure: its view and stance, and the selected keyframe's joint angles as sliders, drawn
/// live beside them.
/// The body parts a key pose moves, each a slider named in people's words, and a list to add one.
///
/// A slider shows and sets the angle the joint reaches (what `unhunch check` checks against the
/// joint's range): the file keeps what the key pose adds to the stance and `base` (`under`).
fn key_joints_ui(ui: &mut egui::Ui, key: &mut KeyDef, under: &figure::Pose) {
    let mut remove = None;
    for (name, value) in &mut key.joints {
        let Some(index) = figure::joint_index(name) else {
            ui.label(RichText::new(format!("{name}: not a joint")).color(theme::danger()));
            continue;
        };
        let spec = &JOINTS[index];
        let below = under.0[index];
        ui.push_id(("joint", name.as_str()), |ui| {
            ui.horizontal(|ui| {
                let l = ui.label(spec.title);
                let mut reached = below + *value;
                let out_of_range = !(spec.min..=spec.max).contains(&reached);
                let slider = egui::Slider::new(&mut reached, spec.min..=spec.max).suffix(figure::unit(spec));
                if crate::app::theme::slider(ui, slider).labelled_by(l.id).changed() {
                    *value = ((reached - below) * 10.0).round() / 10.0;
                }
                if out_of_range {
                    ui.label(RichText::new(labels::OUT_OF_RANGE).color(theme::danger()));
                }
                if ui.small_button("×").on_hover_text(labels::REMOVE_JOINT).clicked() {
                    remove = Some(name.clone());
                }
            });
            // What a positive value does, in words, always in view; the file's name and what the
            // file holds (the key pose's share of the angle) too.
            let share = if below == 0.0 {
                String::new()
            } else {
                format!(" ({value:+.0} on top of {below:.0} from the stance and base)")
            };
            ui.label(
                RichText::new(format!(
                    "More: {} · range {:.0} to {:.0} · in the file: {}{share}",
                    spec.positive, spec.min, spec.max, spec.name
                ))
                .small()
                .color(theme::muted()),
            );
        });
    }
    if let Some(name) = remove {
        key.joints.remove(&name);
    }
    let mut add = None;
    ui.horizontal(|ui| {
        let l = ui.label(labels::ADD_JOINT);
        egui::ComboBox::from_id_salt("figure-add-joint")
            .selected_text("choose a body part")
            .height(400.0)
            .show_ui(ui, |ui| {
                for j in JOINTS.iter().filter(|j| !key.joints.contains_key(j.name)) {
                    if ui.selectable_label(false, j.title).on_hover_text(j.positive).clicked() {
                        add = Some(j.name);
                    }
                }
            })
            .response
            .labelled_by(l.id);
    });
    if let Some(name) = add {
        key.joints.insert(name.to_owned(), 0.0);
    }
}

/// A key pose by where it falls in the move: "Start", "Middle", "End", or "At 25 %".
fn key_name(at: f32) -> String {
    match at {
        a if a <= 0.0 => "Start".to_owned(),
        a if (a - 0.5).abs() < 1e-3 => "Middle".to_owned(),
        a if a >= 1.0 => "End".to_owned(),
        a => format!("At {:.0} %", a * 100.0),
    }
}

fn figure_ui(ui: &mut egui::Ui, def: &mut ExerciseDef) {
    ui.label(RichText::new(labels::FIGURE).strong());
    let stance = def.figure.as_ref().map_or(Stance::Standing, |f| f.stance);
    let props = crate::core::validate::default_props(stance, &def.equipment, def.position);
    let mirror = def.dose.sides != crate::core::routine::Sides::Symmetric;
    let Some(fig) = &mut def.figure else {
        if ui.button(labels::ADD_FIGURE).clicked() {
            let stance = if def.position == Position::Seated { Stance::Seated } else { Stance::Standing };
            let key = |at| KeyDef { at, joints: std::collections::BTreeMap::new() };
            def.figure = Some(FigureDef {
                view: View::Side,
                stance,
                keys: vec![key(0.0), key(0.5), key(1.0)],
                ..FigureDef::default()
            });
        }
        return;
    };
    ui.horizontal(|ui| {
        let l = ui.label(labels::FIGURE_VIEW);
        egui::ComboBox::from_id_salt("figure-view")
            .selected_text(fig.view.label())
            .show_ui(ui, |ui| {
                for v in View::ALL {
                    ui.selectable_value(&mut fig.view, v, v.label());
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label(labels::FIGURE_STANCE);
        egui::ComboBox::from_id_salt("figure-stance")
            .selected_text(fig.stance.label())
            .show_ui(ui, |ui| {
                for st in Stance::ALL {
                    ui.selectable_value(&mut fig.stance, st, st.label());
                }
            })
            .response
            .labelled_by(l.id);
    });
    if fig.view == View::Front {
        ui.label(RichText::new(labels::FRONT_VIEW_MIRROR).small().color(theme::muted()));
    }
    contacts_ui(ui, &mut fig.contacts);
    let selected_id = egui::Id::unique("figure-key");
    let playing_id = egui::Id::unique("figure-playing");
    let mut selected: usize = ui.data(|d| d.get_temp(selected_id)).unwrap_or(1).min(fig.keys.len().saturating_sub(1));
    let mut playing: bool = ui.data(|d| d.get_temp(playing_id)).unwrap_or(false);
    ui.horizontal_wrapped(|ui| {
        ui.label(labels::FIGURE_KEY);
        for (i, k) in fig.keys.iter().enumerate() {
            if ui.selectable_label(selected == i && !playing, key_name(k.at)).clicked() {
                selected = i;
                playing = false;
            }
        }
        ui.toggle_value(&mut playing, labels::PLAY_MOVE).on_hover_text(labels::PLAY_MOVE_HINT);
    });
    ui.data_mut(|d| {
        d.insert_temp(selected_id, selected);
        d.insert_temp(playing_id, playing);
    });
    let preview = figure::resolve(fig, props, mirror).ok();
    ui.horizontal_top(|ui| {
        if let (Some(resolved), Some(key)) = (&preview, fig.keys.get(selected)) {
            // Playing: there and back through every key pose in four seconds, 20 frames a second.
            let (at, label) = if playing {
                let t = (ui.input(|i| i.time) % 4.0) / 2.0;
                ui.ctx().request_repaint_after(std::time::Duration::from_millis(50));
                #[expect(clippy::cast_possible_truncation, reason = "a position from 0 to 1")]
                let u = if t <= 1.0 { t } else { 2.0 - t } as f32;
                (u, labels::PLAY_MOVE.to_owned())
            } else {
                (key.at, format!("The figure {}", key_name(key.at).to_lowercase()))
            };
            let pose = resolved.pose_at(at);
            super::super::figure::pose_ui(ui, resolved, &pose, false, egui::vec2(220.0, 240.0), &label);
        }
        ui.vertical(|ui| {
            let under = figure::underlying(fig);
            if let Some(key) = fig.keys.get_mut(selected) {
                key_joints_ui(ui, key, &under);
            }
        });
    });
}

/// What the figure touches: each contact with a button that removes it, and a part, a surface
/// and a button that adds one. The live check says when a contact cannot be kept.
fn contacts_ui(ui: &mut egui::Ui, contacts: &mut Vec<Contact>) {
    ui.label(labels::FIGURE_TOUCHES);
    if contacts.is_empty() {
        ui.label(RichText::new(labels::FIGURE_TOUCHES_NONE).small().color(theme::muted()));
    }
    let mut remove = None;
    for (i, c) in contacts.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(capitalised(&format!("{} on {}", c.part.label(), c.on.label())));
            if ui.small_button(labels::REMOVE_CONTACT).clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        contacts.remove(i);
    }
    let new_id = egui::Id::unique("figure-new-contact");
    let (mut part, mut on): (Part, Surface) =
        ui.data(|d| d.get_temp(new_id)).unwrap_or((Part::LeftHand, Surface::Desk));
    ui.horizontal(|ui| {
        let l = ui.label(labels::CONTACT_PART);
        egui::ComboBox::from_id_salt("contact-part")
            .selected_text(capitalised(part.label()))
            .show_ui(ui, |ui| {
                for p in Part::ALL {
                    ui.selectable_value(&mut part, p, capitalised(p.label()));
                }
            })
            .response
            .labelled_by(l.id);
        let l = ui.label(labels::CONTACT_SURFACE);
        egui::ComboBox::from_id_salt("contact-surface")
            .selected_text(capitalised(on.label()))
            .show_ui(ui, |ui| {
                for s in Surface::ALL {
                    ui.selectable_value(&mut on, s, capitalised(s.label()));
                }
            })
            .response
            .labelled_by(l.id);
        let taken = contacts.iter().any(|c| c.part == part);
        if ui.add_enabled(!taken, egui::Button::new(labels::ADD_CONTACT)).clicked() {
            contacts.push(Contact { part, on });
        }
    });
    ui.data_mut(|d| d.insert_temp(new_id, (part, on)));
}

/// A warning when a routine is far too long for the break that plays it (a 13-minute posture
/// reset): posture resets are meant to take about a minute, stretch breaks about five.
pub fn too_long_for(kind: crate::core::kind::BreakKind, total: std::time::Duration) -> Option<String> {
    use crate::core::kind::BreakKind;
    let (most, meant) = match kind {
        BreakKind::Micro => (std::time::Duration::from_mins(3), "about a minute"),
        BreakKind::Long => (std::time::Duration::from_mins(15), "about five minutes"),
    };
    (total > most).then(|| {
        format!(
            "This routine takes {}, and it plays as a {}, which is meant to take {meant}. \
             Shorten it, or let the other break play it instead (Settings, \u{201c}Routines, in turn\u{201d}).",
            clock(total),
            kind.noun()
        )
    })
}
