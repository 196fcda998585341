//! Keyboard users in scroll areas: the view follows the focused widget, and `PageUp`/`PageDown`
//! scroll. egui leaves both to the app; every scroll area of the window calls [`follow`] last
//! inside its contents.

use egui::{Key, Modifiers};

/// Call last inside a scroll area's contents. A widget inside it that just got the keyboard focus
/// (Tab, Shift+Tab, a field focused by the app) is scrolled into view with a margin; `PageUp` and
/// `PageDown` scroll by most of the visible height — in the area that holds the focus, else in the
/// one under the pointer, else in the first one drawn.
pub fn follow(ui: &egui::Ui) {
    let ctx = ui.ctx();
    let content = ui.min_rect();
    let focused = ctx.memory(egui::Memory::focused).and_then(|id| ctx.read_response(id));
    let focus_here = focused.as_ref().filter(|r| content.intersects(r.rect));
    if let Some(r) = focus_here
        && r.gained_focus()
    {
        ui.scroll_to_rect(r.rect.expand(12.0), None);
    }
    let visible = ui.clip_rect();
    let here = focus_here.is_some() || ctx.pointer_hover_pos().is_some_and(|p| visible.contains(p));
    // Else (the focus on a tab, the pointer outside the window): the first area drawn, unless
    // another one held the focus or the pointer on the last frame.
    let pass = ctx.cumulative_pass_nr();
    let (first, claimed_before) = ctx.data_mut(|d| {
        let mut seen: Seen = d.get_temp(egui::Id::unique(SEEN)).unwrap_or_default();
        if seen.pass != pass {
            seen = Seen { pass, claimed: false, claimed_before: seen.claimed && seen.pass + 1 == pass, first: true };
        }
        let first = seen.first;
        seen.first = false;
        seen.claimed |= here;
        d.insert_temp(egui::Id::unique(SEEN), seen);
        (first, seen.claimed_before)
    });
    let fallback = first && !claimed_before;
    if !here && !fallback {
        return;
    }
    let page = (visible.height() * 0.9).max(40.0);
    let (up, down) =
        ctx.input_mut(|i| (i.consume_key(Modifiers::NONE, Key::PageUp), i.consume_key(Modifiers::NONE, Key::PageDown)));
    if up != down {
        let dy = if up { page } else { -page };
        ui.scroll_with_delta(egui::vec2(0.0, dy));
    }
}

/// Where [`follow`] keeps what it saw this frame and the last.
const SEEN: &str = "focus-follow-seen";

/// What the scroll areas drawn in one frame saw.
#[derive(Clone, Copy, Debug, Default)]
struct Seen {
    pass: u64,
    /// One held the focus or the pointer, this frame and the frame before.
    claimed: bool,
    claimed_before: bool,
    /// No area has been drawn yet this frame.
    first: bool,
}

/// `area.show(ui, add)`, with [`follow`] after the contents.
pub fn show<R>(
    area: egui::ScrollArea,
    ui: &mut egui::Ui,
    add: impl FnOnce(&mut egui::Ui) -> R,
) -> egui::scroll_area::ScrollAreaOutput<R> {
    area.show(ui, |ui| {
        let inner = add(ui);
        follow(ui);
        inner
    })
}
