//! Colours and text sizes: a calm look with one teal accent, light or dark, readable from arm's
//! length.

use std::sync::atomic::{AtomicBool, Ordering};

use egui::{Color32, CornerRadius, FontId, Stroke, TextStyle};

/// The window's colours, light or dark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub accent: Color32,
    pub accent_soft: Color32,
    pub background: Color32,
    pub card: Color32,
    pub card_stroke: Color32,
    pub field: Color32,
    pub text: Color32,
    pub muted: Color32,
    pub danger: Color32,
    pub danger_soft: Color32,
    pub warn_soft: Color32,
    /// The keyboard focus ring: it stands out on the card, on the teal primary buttons and on the
    /// red pain button alike.
    pub focus: Color32,
    /// Outlines of checkboxes, buttons and fields: at least 3:1 against the card (WCAG non-text
    /// contrast).
    pub outline: Color32,
}

/// The light look: a calm, warm white with one teal accent.
pub const LIGHT: Palette = Palette {
    accent: Color32::from_rgb(0x1f, 0x7a, 0x6d),
    accent_soft: Color32::from_rgb(0xd8, 0xec, 0xe8),
    background: Color32::from_rgb(0xf7, 0xf5, 0xf0),
    card: Color32::from_rgb(0xff, 0xff, 0xff),
    card_stroke: Color32::from_rgb(0xe4, 0xe0, 0xd8),
    field: Color32::from_rgb(0xec, 0xe8, 0xdf),
    text: Color32::from_rgb(0x22, 0x2b, 0x2a),
    muted: Color32::from_rgb(0x5f, 0x6b, 0x69),
    danger: Color32::from_rgb(0xb0, 0x2a, 0x2a),
    danger_soft: Color32::from_rgb(0xfb, 0xe6, 0xe4),
    warn_soft: Color32::from_rgb(0xfd, 0xf1, 0xd6),
    focus: Color32::from_rgb(0x15, 0x3e, 0xa8),
    outline: Color32::from_rgb(0x6b, 0x75, 0x73),
};

/// The dark look: the same teal, lifted for contrast on a deep slate.
pub const DARK: Palette = Palette {
    accent: Color32::from_rgb(0x4f, 0xc1, 0xae),
    accent_soft: Color32::from_rgb(0x1d, 0x3b, 0x37),
    background: Color32::from_rgb(0x17, 0x1c, 0x1c),
    card: Color32::from_rgb(0x22, 0x29, 0x29),
    card_stroke: Color32::from_rgb(0x33, 0x3d, 0x3c),
    field: Color32::from_rgb(0x2b, 0x33, 0x33),
    text: Color32::from_rgb(0xe6, 0xeb, 0xea),
    muted: Color32::from_rgb(0xa3, 0xae, 0xac),
    danger: Color32::from_rgb(0xc4, 0x43, 0x3e),
    danger_soft: Color32::from_rgb(0x45, 0x22, 0x22),
    warn_soft: Color32::from_rgb(0x45, 0x3a, 0x1c),
    focus: Color32::from_rgb(0x8f, 0xb4, 0xff),
    outline: Color32::from_rgb(0x8a, 0x96, 0x94),
};

/// Whether the dark palette is in use (one window per process, so one choice).
static DARK_IN_USE: AtomicBool = AtomicBool::new(false);

/// The palette in use.
pub fn palette() -> Palette {
    if DARK_IN_USE.load(Ordering::Relaxed) { DARK } else { LIGHT }
}

/// The palette's `accent` colour.
pub fn accent() -> Color32 {
    palette().accent
}

/// The palette's `accent_soft` colour.
pub fn accent_soft() -> Color32 {
    palette().accent_soft
}

/// The palette's card colour.
pub fn card_fill() -> Color32 {
    palette().card
}

/// The palette's `danger` colour.
pub fn danger() -> Color32 {
    palette().danger
}

/// The palette's `danger_soft` colour.
pub fn danger_soft() -> Color32 {
    palette().danger_soft
}

/// The palette's `muted` colour.
pub fn muted() -> Color32 {
    palette().muted
}

/// The palette's `warn_soft` colour.
pub fn warn_soft() -> Color32 {
    palette().warn_soft
}

/// Applies the theme to a context, dark or light.
pub fn apply(ctx: &egui::Context, dark: bool) {
    DARK_IN_USE.store(dark, Ordering::Relaxed);
    let p = palette();
    let mut visuals = if dark { egui::Visuals::dark() } else { egui::Visuals::light() };
    visuals.panel_fill = p.background;
    visuals.window_fill = p.card;
    visuals.override_text_color = Some(p.text);
    visuals.selection.bg_fill = p.accent_soft;
    visuals.selection.stroke = Stroke::new(1.0, p.accent);
    visuals.hyperlink_color = p.accent;
    visuals.extreme_bg_color = p.field;
    visuals.widgets.hovered.bg_stroke = Stroke::new(1.5, p.accent);
    // Checkboxes and buttons at rest: a visible outline and a firm tick.
    visuals.widgets.inactive.bg_stroke = Stroke::new(1.5, p.outline);
    visuals.widgets.inactive.fg_stroke = Stroke::new(2.0, p.text);
    // A focused widget (Tab) gets a thick ring, a little outside it.
    visuals.widgets.active.bg_stroke = Stroke::new(3.0, p.focus);
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

/// A rounded card.
pub fn card() -> egui::Frame {
    let p = palette();
    egui::Frame::NONE
        .fill(p.card)
        .corner_radius(CornerRadius::same(12))
        .inner_margin(egui::Margin::same(16))
        .stroke(Stroke::new(1.0, p.card_stroke))
}

/// A tinted card for things that need attention.
pub fn callout(fill: Color32) -> egui::Frame {
    card().fill(fill)
}

/// A prominent button in the accent colour.
pub fn primary(text: &str) -> egui::Button<'_> {
    let p = palette();
    // White on the light look's deep teal; the dark look's bright teal takes dark text.
    let ink = if p == DARK { p.background } else { Color32::WHITE };
    egui::Button::new(egui::RichText::new(text).color(ink).strong()).fill(p.accent).min_size(egui::vec2(0.0, 36.0))
}

/// One answer of a set (the check-in's 0–10, No/Yes): the chosen one filled with the accent and
/// its text in the primary button's ink, so it stands out on any card (the selection fill alone
/// is the completed card's own colour). Screen readers hear it as selected.
pub fn choice(text: &str, chosen: bool) -> egui::Button<'_> {
    let p = palette();
    if chosen {
        let ink = if p == DARK { p.background } else { Color32::WHITE };
        egui::Button::new(egui::RichText::new(text).color(ink).strong()).fill(p.accent).selected(true)
    } else {
        egui::Button::new(text).selected(false)
    }
}

/// Adds a slider; while it has the keyboard focus it gets the same thick ring as a focused button
/// (egui shows a focused slider only by a grey knob).
pub fn slider(ui: &mut egui::Ui, slider: egui::Slider<'_>) -> egui::Response {
    let response = ui.add(slider);
    if response.has_focus() {
        let ring = Stroke::new(3.0, palette().focus);
        ui.painter().rect_stroke(response.rect.expand(3.0), 4.0, ring, egui::StrokeKind::Outside);
    }
    response
}

/// An ordinary button with the same height as [`primary`].
pub fn secondary(text: &str) -> egui::Button<'_> {
    egui::Button::new(text).min_size(egui::vec2(0.0, 36.0))
}

/// Names the window for screen readers (the accessibility tree's root: AT-SPI's frame).
pub fn name_window(ctx: &egui::Context, name: &str) {
    ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| node.set_label(name));
}

/// A thin progress bar that screen readers read as `name`, 0–100 %, with `says` as its value
/// ("0:23 of 1:04"); egui's own has no name and no range.
pub fn progress_bar(ui: &mut egui::Ui, fraction: f32, height: f32, name: &str, says: &str) -> egui::Response {
    let fraction = fraction.clamp(0.0, 1.0);
    let response = ui.add(egui::ProgressBar::new(fraction).desired_height(height).fill(accent()));
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_label(name);
        node.set_min_numeric_value(0.0);
        node.set_max_numeric_value(100.0);
        node.set_numeric_value(f64::from((fraction * 100.0).round()));
        node.set_value(says);
    });
    response
}
