//! Colours and text sizes: a calm, light look with one teal accent, readable from arm's length.

use egui::{Color32, CornerRadius, FontId, Stroke, TextStyle};

pub const ACCENT: Color32 = Color32::from_rgb(0x1f, 0x7a, 0x6d);
pub const ACCENT_SOFT: Color32 = Color32::from_rgb(0xd8, 0xec, 0xe8);
pub const BACKGROUND: Color32 = Color32::from_rgb(0xf7, 0xf5, 0xf0);
pub const CARD: Color32 = Color32::from_rgb(0xff, 0xff, 0xff);
pub const TEXT: Color32 = Color32::from_rgb(0x22, 0x2b, 0x2a);
pub const MUTED: Color32 = Color32::from_rgb(0x5f, 0x6b, 0x69);
pub const DANGER: Color32 = Color32::from_rgb(0xb0, 0x2a, 0x2a);
pub const DANGER_SOFT: Color32 = Color32::from_rgb(0xfb, 0xe6, 0xe4);
pub const WARN_SOFT: Color32 = Color32::from_rgb(0xfd, 0xf1, 0xd6);
/// The keyboard focus ring: a dark blue that stands out on white, on the teal primary buttons
/// and on the red pain button alike.
pub const FOCUS: Color32 = Color32::from_rgb(0x15, 0x3e, 0xa8);
/// Outlines of checkboxes, buttons and fields: at least 3:1 against white (WCAG non-text contrast).
pub const OUTLINE: Color32 = Color32::from_rgb(0x6b, 0x75, 0x73);

/// Applies the theme to a context.
pub fn apply(ctx: &egui::Context) {
    let mut visuals = egui::Visuals::light();
    visuals.panel_fill = BACKGROUND;
    visuals.window_fill = CARD;
    visuals.override_text_color = Some(TEXT);
    visuals.selection.bg_fill = ACCENT_SOFT;
    visuals.selection.stroke = Stroke::new(1.0, ACCENT);
    visuals.hyperlink_color = ACCENT;
    visuals.extreme_bg_color = Color32::from_rgb(0xec, 0xe8, 0xdf);
    visuals.widgets.hovered.bg_stroke = Stroke::new(1.5, ACCENT);
    // Checkboxes and buttons at rest: a visible outline and a firm tick.
    visuals.widgets.inactive.bg_stroke = Stroke::new(1.5, OUTLINE);
    visuals.widgets.inactive.fg_stroke = Stroke::new(2.0, TEXT);
    // A focused widget (Tab) gets a thick ring, a little outside it.
    visuals.widgets.active.bg_stroke = Stroke::new(3.0, FOCUS);
    visuals.widgets.active.expansion = 2.0;
    ctx.set_visuals(visuals);
    ctx.all_styles_mut(|style| {
        style.text_styles.insert(TextStyle::Body, FontId::proportional(16.0));
        style.text_styles.insert(TextStyle::Button, FontId::proportional(16.0));
        style.text_styles.insert(TextStyle::Heading, FontId::proportional(24.0));
        style.text_styles.insert(TextStyle::Small, FontId::proportional(13.0));
        style.spacing.item_spacing = egui::vec2(10.0, 8.0);
        style.spacing.button_padding = egui::vec2(12.0, 6.0);
    });
}

/// A white rounded card.
pub fn card() -> egui::Frame {
    egui::Frame::NONE
        .fill(CARD)
        .corner_radius(CornerRadius::same(12))
        .inner_margin(egui::Margin::same(16))
        .stroke(Stroke::new(1.0, Color32::from_rgb(0xe4, 0xe0, 0xd8)))
}

/// A tinted card for things that need attention.
pub fn callout(fill: Color32) -> egui::Frame {
    card().fill(fill)
}

/// A prominent button in the accent colour.
pub fn primary(text: &str) -> egui::Button<'_> {
    egui::Button::new(egui::RichText::new(text).color(Color32::WHITE).strong())
        .fill(ACCENT)
        .min_size(egui::vec2(0.0, 36.0))
}

/// An ordinary button with the same height as [`primary`].
pub fn secondary(text: &str) -> egui::Button<'_> {
    egui::Button::new(text).min_size(egui::vec2(0.0, 36.0))
}
