//! Paints an exercise's figure ([`crate::core::figure::Drawing`]) with egui's painter, in the
//! window's light or dark colours, with an accessible label naming what it shows.

use egui::{Color32, Pos2, Rect, Sense, Shape as EShape, Stroke, Vec2};

use crate::core::figure::{self, Drawing, Figure, HALO, Ink, Pose, Shape, View};

/// The colours of the figure's inks, for the current visuals.
fn colour(ink: Ink, dark: bool) -> Color32 {
    match (ink, dark) {
        (Ink::Body, false) => Color32::from_rgb(0x2f, 0x3a, 0x39),
        (Ink::Body, true) => Color32::from_rgb(0xe4, 0xe9, 0xe8),
        (Ink::FarLimb, false) => Color32::from_rgb(0x8c, 0x98, 0x96),
        (Ink::FarLimb, true) => Color32::from_rgb(0x7d, 0x8a, 0x88),
        (Ink::Face, false) => Color32::WHITE,
        (Ink::Face, true) => Color32::from_rgb(0x1b, 0x22, 0x21),
        (Ink::Prop, false) => Color32::from_rgb(0xc9, 0xd1, 0xcf),
        (Ink::Prop, true) => Color32::from_rgb(0x4a, 0x55, 0x53),
        (Ink::Device, false) => Color32::from_rgb(0x6f, 0x7b, 0x79),
        (Ink::Device, true) => Color32::from_rgb(0x9a, 0xa6, 0xa4),
        (Ink::Band, _) => Color32::from_rgb(0xd0, 0x74, 0x2c),
        (Ink::Highlight, _) => Color32::from_rgba_unmultiplied(0xe8, 0x91, 0x3a, 110),
        (Ink::Arrow | Ink::Guide, false) => Color32::from_rgb(0x3b, 0x7e, 0xa1),
        (Ink::Arrow | Ink::Guide, true) => Color32::from_rgb(0x7f, 0xb8, 0xd6),
        (Ink::Stretch, _) => Color32::from_rgba_unmultiplied(0x8a, 0x63, 0xd2, 120),
        (Ink::Ghost, false) => Color32::from_rgba_unmultiplied(0x3b, 0x7e, 0xa1, 50),
        (Ink::Ghost, true) => Color32::from_rgba_unmultiplied(0x7f, 0xb8, 0xd6, 50),
        (Ink::Shadow, false) => Color32::from_rgba_unmultiplied(0, 0, 0, 22),
        (Ink::Shadow, true) => Color32::from_rgba_unmultiplied(0, 0, 0, 70),
    }
}

/// Draws `drawing` (seen from `view`) to fit `size`, labelled `label` for screen readers.
pub fn paint(ui: &mut egui::Ui, drawing: &Drawing, view: View, size: Vec2, label: &str) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(size, Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, label));
    if ui.is_rect_visible(rect) {
        paint_in(ui, rect, drawing, view);
    }
    response
}

/// Paints `drawing` into `rect`, on the figure's background.
fn paint_in(ui: &egui::Ui, rect: Rect, drawing: &Drawing, view: View) {
    let dark = ui.visuals().dark_mode;
    let background = ui.visuals().extreme_bg_color;
    let ((x0, y0), (x1, y1)) = drawing.frame;
    let scale = (rect.width() / (x1 - x0)).min(rect.height() / (y1 - y0));
    let offset = rect.center() - Vec2::new(f32::midpoint(x0, x1), -f32::midpoint(y0, y1)) * scale;
    let at = |(x, y): (f32, f32)| Pos2::new(x * scale, -y * scale) + offset.to_vec2();
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 8.0, background);
    if let Some((_, _, floor)) = drawing.floor(view) {
        let floor_y = at((0.0, floor)).y;
        let stroke = Stroke::new(1.5, colour(Ink::Prop, dark));
        painter.line_segment([Pos2::new(rect.left(), floor_y), Pos2::new(rect.right(), floor_y)], stroke);
    }
    for shape in &drawing.shapes {
        match shape {
            Shape::Line { points, width, ink: Ink::Guide } => {
                let pts: Vec<Pos2> = points.iter().map(|p| at(*p)).collect();
                let stroke = Stroke::new((width * scale).max(1.0), colour(Ink::Guide, dark));
                painter.extend(EShape::dashed_line(&pts, stroke, 6.0, 4.0));
            }
            Shape::Line { points, width, ink } => {
                let pts: Vec<Pos2> = points.iter().map(|p| at(*p)).collect();
                if matches!(ink, Ink::Body | Ink::FarLimb) {
                    capsules(&painter, &pts, (width + HALO) * scale, background);
                }
                capsules(&painter, &pts, width * scale, colour(*ink, dark));
            }
            Shape::Limb { points, widths, thumb, ink } => {
                for (extra, fill) in [(HALO, background), (0.0, colour(*ink, dark))] {
                    let (quads, discs) = figure::limb_pieces(points, widths, *thumb, extra);
                    for q in quads {
                        painter.add(EShape::convex_polygon(q.iter().map(|c| at(*c)).collect(), fill, Stroke::NONE));
                    }
                    for (c, r) in discs {
                        painter.circle_filled(at(c), r * scale, fill);
                    }
                }
            }
            Shape::Circle { centre, radius, ink, filled } => {
                if *filled {
                    painter.circle_filled(at(*centre), radius * scale, colour(*ink, dark));
                } else {
                    // A dashed ring: a region on the far side of the body.
                    let c = at(*centre);
                    let r = radius * scale;
                    let ring: Vec<egui::Pos2> = (0..=48)
                        .map(|k| {
                            let a = std::f32::consts::TAU * k as f32 / 48.0;
                            c + egui::vec2(a.cos(), a.sin()) * r
                        })
                        .collect();
                    let stroke = Stroke::new(2.0, colour(*ink, dark));
                    painter.extend(egui::Shape::dashed_line(&ring, stroke, 5.0, 3.5));
                }
            }
            Shape::Rect { min, max, ink } => {
                let r = Rect::from_two_pos(at(*min), at(*max));
                painter.rect_filled(r, 1.0, colour(*ink, dark));
            }
            Shape::Polygon { points, ink } => {
                let pts: Vec<Pos2> = points.iter().map(|p| at(*p)).collect();
                painter.add(EShape::convex_polygon(pts, colour(*ink, dark), Stroke::NONE));
            }
        }
    }
}

/// A thick polyline with round ends and joints.
fn capsules(painter: &egui::Painter, points: &[Pos2], width: f32, colour: Color32) {
    let stroke = Stroke::new(width, colour);
    for pair in points.windows(2) {
        painter.line_segment([pair[0], pair[1]], stroke);
    }
    for p in points {
        painter.circle_filled(*p, width / 2.0, colour);
    }
}

/// What is drawn over the figure besides the body: another position faint behind it, a ring
/// that fills during a hold, and a breath pacer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Overlay {
    /// Where the move started (while moving) or where it goes (while getting ready).
    pub ghost: Option<Pose>,
    /// How much of the hold is done, 0..1.
    pub hold: Option<f32>,
    /// How full the breath is (0..1) and whether it is coming in.
    pub breath: Option<(f32, bool)>,
}

/// The figure in one pose.
///
/// A figure with a second view has it small in the top right corner, framed (the space is kept
/// free for it when the picture is fitted).
pub fn pose_ui(ui: &mut egui::Ui, figure: &Figure, pose: &Pose, mirrored: bool, size: Vec2, label: &str) {
    pose_overlay_ui(ui, figure, pose, mirrored, size, label, &Overlay::default());
}

/// The figure in one pose, with `overlay` (see [`Overlay`]).
pub fn pose_overlay_ui(
    ui: &mut egui::Ui,
    figure: &Figure,
    pose: &Pose,
    mirrored: bool,
    size: Vec2,
    label: &str,
    overlay: &Overlay,
) {
    let drawing = figure::draw_with(figure, pose, mirrored, overlay.ghost.as_ref());
    let response = paint(ui, &drawing, figure.view, size, label);
    if ui.is_rect_visible(response.rect) {
        let dark = ui.visuals().dark_mode;
        let corner = response.rect.left_bottom() + Vec2::new(26.0, -26.0);
        if let Some(done) = overlay.hold {
            hold_ring(ui.painter(), corner, done, dark);
        }
        if let Some((full, coming_in)) = overlay.breath {
            pacer(ui, corner, full, coming_in);
        }
    }
    if let (Some(small), Some(view)) = (figure::draw_inset(figure, pose, mirrored), figure.inset)
        && ui.is_rect_visible(response.rect)
    {
        let rect = response.rect;
        let ((a0, b0), (a1, b1)) = small.frame;
        let width = rect.width() * figure::INSET_SHARE;
        let height = (width * (b1 - b0) / (a1 - a0)).min(rect.height() * 0.45);
        let corner =
            Rect::from_min_size(Pos2::new(rect.right() - width - 4.0, rect.top() + 4.0), Vec2::new(width, height));
        paint_in(ui, corner, &small, view);
        let border = Stroke::new(1.0, colour(Ink::Prop, ui.visuals().dark_mode));
        ui.painter().rect_stroke(corner, 6.0, border, egui::StrokeKind::Inside);
    }
}

/// A ring that fills clockwise as a hold goes on, in the corner of the figure.
fn hold_ring(painter: &egui::Painter, centre: Pos2, done: f32, dark: bool) {
    let radius = 16.0;
    painter.circle_stroke(centre, radius, Stroke::new(4.0, colour(Ink::Prop, dark)));
    let steps = (1..=48_u16).take_while(|k| f32::from(*k - 1) < 48.0 * done.clamp(0.0, 1.0)).count();
    if steps > 0 {
        let arc: Vec<Pos2> = (0..=steps)
            .map(|k| {
                let a = -std::f32::consts::FRAC_PI_2 + std::f32::consts::TAU * done * k as f32 / steps as f32;
                centre + Vec2::new(a.cos(), a.sin()) * radius
            })
            .collect();
        painter.add(EShape::line(arc, Stroke::new(4.0, colour(Ink::Arrow, dark))));
    }
}

/// A breath pacer: a disc that grows as the breath comes in and shrinks as it goes out, with
/// the word beside it.
fn pacer(ui: &egui::Ui, centre: Pos2, full: f32, coming_in: bool) {
    let dark = ui.visuals().dark_mode;
    let painter = ui.painter();
    painter.circle_stroke(centre, 18.0, Stroke::new(1.5, colour(Ink::Prop, dark)));
    painter.circle_filled(centre, 6.0 + 12.0 * full.clamp(0.0, 1.0), colour(Ink::Arrow, dark).gamma_multiply(0.7));
    let word = if coming_in { "breathe in" } else { "breathe out" };
    // On a plate of the picture's background, so the word reads over a leg or a chair.
    let galley = painter.layout_no_wrap(word.to_owned(), egui::FontId::proportional(15.0), ui.visuals().text_color());
    let at = centre + Vec2::new(26.0, -galley.size().y / 2.0);
    let plate = Rect::from_min_size(at, galley.size()).expand(3.0);
    painter.rect_filled(plate, 4.0, ui.visuals().extreme_bg_color.gamma_multiply(0.9));
    painter.galley(at, galley, ui.visuals().text_color());
}

/// The key poses side by side, still: for reduced motion and the library. Each is labelled with
/// what it shows and which pose it is ("start", "end").
pub fn key_poses_ui(ui: &mut egui::Ui, figure: &Figure, mirrored: bool, height: f32, label: &str) {
    let poses = figure.key_poses();
    let count = poses.len().max(1) as f32;
    let width = ((ui.available_width() - 8.0 * (count - 1.0)) / count).min(height * 0.9).max(40.0);
    ui.horizontal(|ui| {
        for (i, pose) in poses.iter().enumerate() {
            let which = if i == 0 { "start".to_owned() } else { format!("position {}", i + 1) };
            pose_ui(ui, figure, pose, mirrored, Vec2::new(width, height), &format!("{label} ({which})"));
        }
    });
}
