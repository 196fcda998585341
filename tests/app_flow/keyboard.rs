//! Issue 24: the keyboard alone. Focus stays in view as Tab walks through a long screen, `PageUp`
//! and `PageDown` scroll, Ctrl+S saves Settings, a new routine or exercise starts in its Name field,
//! and Enter answers the End question.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use unhunch::app::labels;
use unhunch::core::history::Outcome;

use super::{Rig, rig};

/// The window's height in the rig.
const HEIGHT: f32 = 800.0;

impl Rig {
    /// The widget with the keyboard focus, as a screen reader names it, and where it is.
    fn focused(&self) -> Option<(String, egui::Rect)> {
        self.harness
            .query_all_by(|n: &egui_kittest::kittest::AccessKitNode<'_>| n.is_focused())
            .next()
            .map(|n| (n.accesskit_node().label().unwrap_or_default(), n.rect()))
    }

    fn tab(&mut self) {
        self.harness.key_press(Key::Tab);
        self.harness.run();
    }
}

/// Settings is longer than the window: Tab walks all the way down it and every widget it reaches
/// is on screen (the view used to stay put while focus went below the fold for ~20 presses).
#[test]
fn tab_through_settings_keeps_the_focused_widget_on_screen() {
    let mut rig = rig();
    rig.click(labels::TAB_SETTINGS);
    // The actions bar is pinned at the bottom, over the scrolled settings.
    let bar = rig.harness.get_by_label(labels::SAVE_SETTINGS).rect().min.y - 6.0;
    let mut seen = Vec::new();
    for _ in 0..80 {
        rig.tab();
        let Some((name, rect)) = rig.focused() else { continue };
        let in_bar = [labels::SAVE_SETTINGS, labels::REVERT_SETTINGS].contains(&name.as_str());
        assert!(
            rect.min.y >= 0.0 && (rect.max.y <= bar || in_bar),
            "{name:?} has the focus at {rect:?}, not in view above the actions at {bar} (after {seen:?})"
        );
        seen.push(name);
    }
    assert!(seen.iter().any(|n| n == labels::LEAD_IN), "Tab reached the bottom of Settings: {seen:?}");
}

#[test]
fn page_down_and_page_up_scroll_settings() {
    let mut rig = rig();
    rig.click(labels::TAB_SETTINGS);
    let lead_in = |rig: &Rig| rig.harness.get_by_role_and_label(Role::Slider, labels::LEAD_IN).rect();
    assert!(lead_in(&rig).min.y > HEIGHT, "the last setting starts below the fold: {:?}", lead_in(&rig));
    for _ in 0..4 {
        rig.harness.key_press(Key::PageDown);
        rig.harness.run();
    }
    assert!(lead_in(&rig).max.y <= HEIGHT, "PageDown brought it up: {:?}", lead_in(&rig));
    for _ in 0..4 {
        rig.harness.key_press(Key::PageUp);
        rig.harness.run();
    }
    assert!(lead_in(&rig).min.y > HEIGHT, "PageUp took it back down: {:?}", lead_in(&rig));
}

#[test]
fn ctrl_s_saves_settings() {
    let mut rig = rig();
    rig.click(labels::TAB_SETTINGS);
    rig.harness.get_by_role_and_label(Role::Slider, labels::INTERVAL).set_value_accesskit(25.0);
    rig.harness.run();
    rig.harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    rig.harness.run();
    assert_eq!(rig.store.stored().settings.map(|s| s.micro.interval.0), Some(25), "saved by Ctrl+S");
    assert!(rig.sees(labels::SETTINGS_SAVED));
}

#[test]
fn a_new_routine_or_exercise_starts_with_the_focus_in_its_name() {
    for (button, typed) in [(labels::NEW_ROUTINE, "Desk reset"), (labels::NEW_EXERCISE, "Side bend")] {
        let mut rig = rig();
        rig.click(labels::TAB_ROUTINES);
        rig.click(button);
        let focused = rig.focused().map(|f| f.0);
        assert_eq!(focused.as_deref(), Some(labels::NAME), "{button}: the Name field has the focus");
        // So typing names it at once.
        rig.harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
        rig.harness.event(egui::Event::Text(typed.to_owned()));
        rig.harness.run();
        let name = rig.harness.get_by_label(labels::NAME).value();
        assert_eq!(name.as_deref(), Some(typed), "{button}");
    }
}

/// Esc asks "End this session?" with Keep going in focus: Enter keeps going, and Tab then Enter
/// ends it.
#[test]
fn enter_answers_the_end_question() {
    let mut rig = rig();
    rig.start_routine("Posture reset  ·  1:00");
    rig.wait(1);
    rig.harness.key_press(Key::Escape);
    rig.harness.run();
    assert!(rig.sees(labels::END_SESSION_QUESTION));
    assert_eq!(rig.focused().map(|f| f.0).as_deref(), Some(labels::KEEP_GOING), "the safe answer is in focus");
    rig.harness.key_press(Key::Enter);
    rig.harness.run();
    assert!(!rig.sees(labels::END_SESSION_QUESTION), "Enter answered it");
    assert!(rig.sees(labels::PAUSE), "and the session goes on: {}", rig.on_screen());
    rig.harness.key_press(Key::Escape);
    rig.harness.run();
    rig.tab();
    assert_eq!(rig.focused().map(|f| f.0).as_deref(), Some(labels::END_NOW));
    rig.harness.key_press(Key::Enter);
    rig.harness.run();
    assert!(rig.sees(labels::SESSION_ENDED), "{}", rig.on_screen());
    assert_eq!(rig.outcomes().last().map(|o| o.0), Some(Outcome::EndedEarly));
}

/// The same in the routine library (a long list beside the details) and in the editor.
#[test]
fn tab_through_the_library_and_the_editor_keeps_the_focused_widget_on_screen() {
    let mut rig = rig();
    rig.click(labels::TAB_ROUTINES);
    rig.click("Rhomboid strength  ·  7:00");
    for screen in ["the library", "the editor"] {
        let mut seen = Vec::new();
        for _ in 0..90 {
            rig.tab();
            let Some((name, rect)) = rig.focused() else { continue };
            assert!(
                rect.min.y >= 0.0 && rect.max.y <= HEIGHT,
                "{screen}: {name:?} has the focus at {rect:?}, off the window (after {seen:?})"
            );
            seen.push(name);
        }
        assert!(seen.len() > 40, "{screen}: Tab went through it: {seen:?}");
        if screen == "the library" {
            assert!(rig.harness.query_by_label(labels::CUSTOMIZE).is_some(), "{}", rig.on_screen());
            rig.click(labels::CUSTOMIZE);
        }
    }
}
