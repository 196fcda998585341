//! For panel tests: one panel drawn alone in a window-sized harness, found by its labels, with
//! what it asks for collected.

pub use egui_kittest::Harness;
pub use egui_kittest::kittest::Queryable;

use crate::core::catalogue::{Catalogue, load};

/// A harness drawing `draw` each frame in a 960×720 window; whatever it returns piles up in the
/// harness's state.
pub fn panel<'a, T: 'a>(mut draw: impl FnMut(&mut egui::Ui) -> Option<T> + 'a) -> Harness<'a, Vec<T>> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(960.0, 720.0))
        .build_ui_state(move |ui, out: &mut Vec<T>| out.extend(draw(ui)), Vec::new());
    harness.run();
    harness.state_mut().clear();
    harness
}

/// Clicks the widget labelled `label`; what the panel asked for because of it.
pub fn click<T>(harness: &mut Harness<'_, Vec<T>>, label: &str) -> Vec<T> {
    harness.state_mut().clear();
    harness.get_by_label(label).click();
    harness.run();
    std::mem::take(harness.state_mut())
}

/// The built-in catalogue.
pub fn catalogue() -> Catalogue {
    load(&crate::core::builtin::sources()).catalogue
}
