//! Issue 24: "About you" on every path that plays a routine. A user with no band who told of
//! osteoporosis must never be asked for a band, whichever way the routine started: a break that
//! opens a fresh window (a notification's Start, `unhunch start` with the window closed), the
//! tray's Start a stretch now, the library's Start, Resume at step N, a strict break, and the
//! editor's Preview.

use egui_kittest::kittest::Queryable as _;
use unhunch::app::labels;
use unhunch::core::kind::BreakKind;
use unhunch::core::profile::Profile;
use unhunch::core::routine::{Condition, Equipment};
use unhunch::core::settings::Settings;
use unhunch::core::timer::Strictness;
use unhunch::protocol::Command;

use super::{Rig, rig_opened_after, rig_with};

/// No band, osteoporosis, safety notice seen.
fn no_band_osteoporosis() -> Settings {
    Settings {
        safety_acknowledged: true,
        profile: Profile {
            without: vec![Equipment::Band],
            conditions: vec![Condition::Osteoporosis],
            asked: true,
            ..Profile::default()
        },
        ..Settings::default()
    }
}

/// A preview is no break: the engine knows nothing of it.
const PREVIEW: &str = "the editor's preview";

/// Next does nothing in a strict break.
const STRICT: &str = "a strict break";

const SIZE: egui::Vec2 = egui::vec2(1000.0, 800.0);

/// The swap said on screen for the rhomboid routine's first band step.
const SWAP: &str = "W squeeze instead of band pull-apart: no band";

impl Rig {
    /// The rhomboid routine plays as it does for a no-band user: its third step is the W squeeze,
    /// with the swap said, and no band is asked for on the way there.
    fn plays_rhomboid_without_a_band(&mut self, path: &str) {
        self.wait(1);
        assert!(self.sees("Shoulder rolls"), "{path}: the routine plays: {}", self.on_screen());
        if path == STRICT {
            // A strict break plays each step to its end: the third starts 45 s in.
            self.wait(50);
        } else {
            self.click(labels::NEXT);
            self.click(labels::NEXT);
        }
        assert!(
            self.harness.query_by_label_contains(SWAP).is_some(),
            "{path}: the swap is said on screen: {}",
            self.on_screen()
        );
        assert!(self.sees("W squeeze"), "{path}: {}", self.on_screen());
        let screen = self.on_screen();
        assert!(!screen.contains("Get your band") && !screen.contains("Band pull-apart |"), "{path}: {screen}");
        if path != PREVIEW {
            let steps = self.remote.snapshot().on_break.map(|b| b.steps);
            assert_eq!(steps, Some(11), "{path}: the engine counts the same steps");
        }
    }
}

/// The bug the walkthrough found: the window opened by a break had no settings yet and played
/// the routine as written ("Seated band row · Get your band").
#[test]
fn a_break_that_opens_a_fresh_window_plays_the_routine_as_it_is_for_the_user() {
    let mut rig = rig_opened_after(no_band_osteoporosis(), SIZE, |engine| {
        let start = Command::StartBreak { kind: None, routine: Some("rhomboid-strength".to_owned()) };
        assert_eq!(engine.send(start), Ok(()));
    });
    rig.plays_rhomboid_without_a_band("a fresh window");
}

#[test]
fn the_trays_start_plays_the_routine_as_it_is_for_the_user() {
    let mut rig = rig_with(no_band_osteoporosis());
    let start = Command::StartBreak { kind: Some(BreakKind::Long), routine: Some("rhomboid-strength".to_owned()) };
    assert_eq!(rig.remote.send(start), Ok(()));
    rig.harness.run();
    rig.plays_rhomboid_without_a_band("the tray");
}

#[test]
fn the_librarys_start_plays_the_routine_as_it_is_for_the_user() {
    let mut rig = rig_with(no_band_osteoporosis());
    rig.start_routine("Rhomboid strength  ·  7:00");
    rig.plays_rhomboid_without_a_band("the library");
}

#[test]
fn resume_at_step_plays_the_routine_as_it_is_for_the_user() {
    let mut rig = rig_with(no_band_osteoporosis());
    rig.start_routine("Rhomboid strength  ·  7:00");
    rig.wait(2);
    // The window goes (closed, crashed); a new one opens and is asked to resume.
    rig.reopen();
    rig.click(&format!("{} 1", labels::RESUME_AT_STEP));
    rig.plays_rhomboid_without_a_band("resume");
}

#[test]
fn a_strict_break_plays_the_routine_as_it_is_for_the_user() {
    let mut settings = no_band_osteoporosis();
    settings.micro.enabled = false;
    settings.long.strictness = Strictness::Strict;
    settings.long.routines = vec!["rhomboid-strength".to_owned()];
    // The test clock starts at today's real time: after 3 pm the first long break would play the
    // end-of-day routine instead, so that is the same routine here.
    settings.programme.end_of_day = "rhomboid-strength".to_owned();
    let mut rig = rig_with(settings);
    // The heads-up half a minute before, then the break begins by itself.
    rig.clock.advance(std::time::Duration::from_secs(59 * 60 + 30));
    rig.harness.step();
    rig.clock.advance(std::time::Duration::from_secs(30));
    rig.harness.step();
    rig.harness.run();
    rig.plays_rhomboid_without_a_band(STRICT);
}

#[test]
fn the_editors_preview_plays_the_routine_as_it_is_for_the_user() {
    let mut rig = rig_with(no_band_osteoporosis());
    rig.click(labels::TAB_ROUTINES);
    rig.click("Rhomboid strength  ·  7:00");
    rig.click(labels::CUSTOMIZE);
    rig.click(labels::PREVIEW);
    rig.plays_rhomboid_without_a_band(PREVIEW);
}
