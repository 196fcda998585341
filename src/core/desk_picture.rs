//! The desk check's pictures: the same figure as the exercises', seen from the side at a desk,
//! typing, with the one thing an item checks marked (a highlight) and, where a level or a
//! distance matters, a dashed guide line. Every picture shows the set-up the item asks for (the
//! screen's top at eye level, the feet flat), so the picture and the question say the same thing.
//!
//! The scene is in the side view's centimetres: x forward from the hips (the figure faces right),
//! y up from the floor.

use std::collections::BTreeMap;

use super::desk::DeskItem;
use super::figure::{self, Drawing, Figure, FigureDef, Ink, KeyDef, Pose, SEAT, Shape, Stance, View};

/// The desk's top, and how thick it is: level with the elbows, so the forearms rest level.
const DESK_TOP: f32 = 60.5;
const DESK_FRONT: f32 = 18.0;
const DESK_BACK: f32 = 90.0;
/// Where the screen's face is: about an arm's length (56 cm) from the eyes.
const SCREEN_FACE: f32 = 66.0;
/// How tall the screen is, and its top: just below the eyes.
const SCREEN_TALL: f32 = 31.0;
const SCREEN_TOP: f32 = 115.0;

/// The chair: its seat from the back to under the thighs, its legs, and its backrest against the
/// back (the trunk is 19 cm deep, drawn round the spine, with a halo).
const SEAT_BACK: f32 = -14.0;
const SEAT_FRONT: f32 = 26.0;
const BACKREST: (f32, f32) = (-13.0, -8.5);
const CHAIR_LEGS: [f32; 2] = [SEAT_BACK + 1.0, SEAT_FRONT - 4.0];

/// The typing pose, added to sitting on a chair: upper arms by the sides, elbows at 90°,
/// forearms level, head level.
const TYPING: [(&str, f32); 4] = [("shoulder_l", -12.0), ("shoulder_r", -12.0), ("elbow_l", 15.0), ("elbow_r", 15.0)];

/// What the picture for `item` shows, for screen readers and for anyone the picture does not reach.
pub fn label(item: DeskItem) -> &'static str {
    match item {
        DeskItem::ScreenHeight => {
            "A person typing at a desk, seen from the side; a dashed line runs level from their eyes, just over the \
             screen's top edge, which is marked."
        }
        DeskItem::ScreenDistance => {
            "A person at a desk, seen from the side, both arms stretched out, the fingertips almost touching the \
             marked screen: about an arm's length away."
        }
        DeskItem::Laptop => {
            "A person at a desk, seen from the side; a laptop stands raised on a stand, its screen near eye level, \
             and they type on a separate keyboard and mouse; all are marked."
        }
        DeskItem::Elbows => {
            "A person typing, seen from the side; their arm is traced, an L: the upper arm hanging close to the body, \
             the elbow bent at a right angle, the forearm level."
        }
        DeskItem::Feet => {
            "A person sitting at a desk, seen from the side; the floor under their feet is marked: flat on it."
        }
        DeskItem::Chair => {
            "A person sitting back in a chair, seen from the side; the chair's backrest, against their back, is \
             marked."
        }
        DeskItem::ChairSteady => {
            "A person sitting on a chair with four fixed legs, seen from the side; a caster wheel is crossed out (no \
             wheels), and so is the backrest tipping back (it does not recline)."
        }
        DeskItem::Light => {
            "A person at a desk, seen from the side; arrows show light from a lamp bouncing off the screen into their \
             eyes, crossed out: no glare."
        }
    }
}

/// The picture for `item`. `None` only if the built-in figure failed to resolve (a test holds
/// that it never does).
pub fn picture(item: DeskItem) -> Option<Drawing> {
    let typist = typist()?;
    let pose = typist.keys.first().map_or_else(Pose::default, |k| k.1);
    let sk = typist.skeleton(&pose);
    // For the screen's distance, the near arm reaches out to it: an arm's length.
    let posed = if item == DeskItem::ScreenDistance { reaching(&pose) } else { pose };
    let body = figure::draw(&typist, &posed, false);
    let eye = (sk.head_centre.z + super::skeleton::HEAD_R * 0.85, sk.head_centre.y + 1.5);
    let (behind, over) = marks(item, &sk, eye);
    let mut shapes = behind;
    shapes.extend(furniture(item));
    shapes.extend(body.shapes);
    // The backrest over the body's outline, so the back is seen resting on it.
    let backrest = if item == DeskItem::Chair { Ink::Band } else { Ink::Prop };
    shapes.push(rect((BACKREST.0, SEAT + 6.0), (BACKREST.1, SEAT + 40.0), backrest));
    shapes.extend(over);
    Some(Drawing { shapes, frame: ((-32.0, -4.0), (DESK_BACK + 6.0, FRAME_TOP)) })
}

/// The figure sitting at the desk, typing.
fn typist() -> Option<Figure> {
    let base: BTreeMap<String, f32> = TYPING.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
    let still = |at| KeyDef { at, joints: BTreeMap::new() };
    let def = FigureDef {
        view: View::Side,
        stance: Stance::Seated,
        // The chair is drawn with the desk, its back against the figure's.
        props: Some(Vec::new()),
        base,
        keys: vec![still(0.0), still(1.0)],
        ..FigureDef::default()
    };
    figure::resolve(&def, Vec::new(), false).ok()
}

/// The typing pose with the arms stretched out, nearly level, the fingertips just short of the
/// screen.
fn reaching(pose: &Pose) -> Pose {
    let mut out = *pose;
    let both = [
        ("shoulder_r", 85.0),
        ("elbow_r", 0.0),
        ("wrist_r", 0.0),
        ("shoulder_l", 85.0),
        ("elbow_l", 0.0),
        ("wrist_l", 0.0),
    ];
    for (name, value) in both {
        if let Some(i) = figure::joint_index(name) {
            out.0[i] = value;
        }
    }
    out
}

fn rect(min: (f32, f32), max: (f32, f32), ink: Ink) -> Shape {
    Shape::Rect { min, max, ink }
}

/// The desk, the chair, the keyboard and the screen (a monitor, or a laptop on a stand), behind
/// the figure. What `item` checks is drawn in the accent colour, the rest in the furniture's grey.
fn furniture(item: DeskItem) -> Vec<Shape> {
    let ink = |checked: bool| if checked { Ink::Band } else { Ink::Prop };
    let backrest = ink(item == DeskItem::Chair);
    let mut out = vec![
        rect((SEAT_BACK, SEAT - 4.0), (SEAT_FRONT, SEAT), Ink::Prop),
        rect((CHAIR_LEGS[0], 0.0), (CHAIR_LEGS[0] + 2.5, SEAT - 4.0), Ink::Prop),
        rect((CHAIR_LEGS[1], 0.0), (CHAIR_LEGS[1] + 2.5, SEAT - 4.0), Ink::Prop),
        rect((BACKREST.0, SEAT), (BACKREST.0 + 2.0, SEAT + 6.0), backrest),
        rect((DESK_FRONT, DESK_TOP - 3.0), (DESK_BACK, DESK_TOP), Ink::Prop),
        rect((DESK_FRONT + 2.0, 0.0), (DESK_FRONT + 5.0, DESK_TOP - 3.0), Ink::Prop),
        rect((DESK_BACK - 5.0, 0.0), (DESK_BACK - 2.0, DESK_TOP - 3.0), Ink::Prop),
    ];
    if item == DeskItem::Laptop {
        // The separate keyboard under the hands (its keys show), and the mouse beyond it.
        out.push(Shape::Polygon {
            points: vec![(20.0, DESK_TOP), (50.0, DESK_TOP), (50.0, DESK_TOP + 3.5), (20.0, DESK_TOP + 1.5)],
            ink: Ink::Band,
        });
        out.extend((0..6).map(|k| {
            let x = 36.0 + k as f32 * 2.4;
            let y = DESK_TOP + 1.5 + (x - 20.0) / 15.0;
            rect((x, y), (x + 1.6, y + 1.2), Ink::Band)
        }));
        out.push(Shape::Polygon {
            points: vec![
                (53.0, DESK_TOP),
                (65.0, DESK_TOP),
                (64.5, DESK_TOP + 3.0),
                (61.5, DESK_TOP + 5.0),
                (57.5, DESK_TOP + 5.3),
                (54.5, DESK_TOP + 3.8),
            ],
            ink: Ink::Band,
        });
        out.extend(laptop_on_stand());
    } else {
        out.push(rect((26.0, DESK_TOP), (44.0, DESK_TOP + 2.0), Ink::Device));
        out.extend(monitor(if item == DeskItem::ScreenDistance { Ink::Band } else { Ink::Device }));
    }
    if item == DeskItem::Light {
        // A hanging lamp over the desk.
        let (x, y) = LAMP;
        out.push(Shape::Line { points: vec![(x, FRAME_TOP), (x, y + 4.0)], width: 0.8, ink: Ink::Prop });
        out.push(Shape::Polygon {
            points: vec![(x - 2.0, y + 5.0), (x + 2.0, y + 5.0), (x + 7.0, y), (x - 7.0, y)],
            ink: Ink::Device,
        });
        out.push(Shape::Circle { centre: (x, y - 0.5), radius: 2.5, ink: Ink::Band, filled: true });
    }
    out
}

/// A monitor seen from the side: a thin screen (in `screen`'s ink), thicker at the back, on a
/// stand with a foot.
fn monitor(screen: Ink) -> Vec<Shape> {
    let (face, top, bottom) = (SCREEN_FACE, SCREEN_TOP, SCREEN_TOP - SCREEN_TALL);
    vec![
        rect((face - 2.0, DESK_TOP), (face + 15.0, DESK_TOP + 1.5), Ink::Device),
        rect((face + 5.5, DESK_TOP), (face + 8.0, bottom + 8.0), Ink::Device),
        Shape::Polygon {
            points: vec![
                (face, bottom),
                (face + 2.5, bottom),
                (face + 7.0, bottom + 7.0),
                (face + 7.0, top - 9.0),
                (face + 2.5, top),
                (face, top),
            ],
            ink: screen,
        },
    ]
}

/// Where the picture's top is (a hanging lamp's cord runs up to it).
const FRAME_TOP: f32 = 146.0;

/// The hanging lamp's shade (its lower middle), above and in front of the head.
const LAMP: (f32, f32) = (30.0, 136.0);

/// A laptop raised on a stand: the stand's sloping plate on a post, the laptop's base on the
/// plate and its lid open, the top just below the eyes.
fn laptop_on_stand() -> Vec<Shape> {
    let ink = Ink::Band;
    let (front, back) = ((58.0, 84.0), (82.0, 90.0));
    let base = 3.0;
    let hinge = (back.0, back.1 + base);
    vec![
        // The stand: a foot on the desk, a post, a sloping plate.
        rect((64.0, DESK_TOP), (84.0, DESK_TOP + 1.5), ink),
        rect((78.0, DESK_TOP), (80.5, back.1 - 1.0), ink),
        Shape::Polygon {
            points: vec![(front.0, front.1 - 1.5), (back.0 + 1.0, back.1 - 1.5), (back.0 + 1.0, back.1), front],
            ink,
        },
        // The laptop's base on the plate, and its lid, opened a little past upright.
        Shape::Polygon { points: vec![(front.0 + 1.0, front.1), back, hinge, (front.0 + 1.0, front.1 + base)], ink },
        Shape::Polygon {
            points: vec![
                (hinge.0 - 2.0, hinge.1 - 0.5),
                (hinge.0 + 0.8, hinge.1 - 0.5),
                (hinge.0 + 4.8, hinge.1 + 23.0),
                (hinge.0 + 2.0, hinge.1 + 23.0),
            ],
            ink,
        },
    ]
}

/// A line from `from` to `to` with an arrowhead at `to`, drawn as the exercises' path arrows are.
fn arrow(from: (f32, f32), to: (f32, f32)) -> Vec<Shape> {
    figure::arrow_along(vec![from, to], false).into_iter().map(|(_, shape)| shape).collect()
}

/// The marks for `item`: a halo behind what it checks, and over everything a guide or an arrow
/// where a level, a distance or a path matters. `eye` is where the eyes are.
fn marks(item: DeskItem, sk: &figure::Skeleton, eye: (f32, f32)) -> (Vec<Shape>, Vec<Shape>) {
    let highlight = |min: (f32, f32), max: (f32, f32)| rect(min, max, Ink::Highlight);
    match item {
        DeskItem::ScreenHeight => (
            Vec::new(),
            vec![
                // The screen's top edge, and the level of the eyes just above it.
                Shape::Polygon {
                    points: vec![
                        (SCREEN_FACE, SCREEN_TOP - 5.0),
                        (SCREEN_FACE + 5.0, SCREEN_TOP - 5.0),
                        (SCREEN_FACE + 2.5, SCREEN_TOP),
                        (SCREEN_FACE, SCREEN_TOP),
                    ],
                    ink: Ink::Band,
                },
                Shape::Line {
                    points: vec![(eye.0 + 2.0, eye.1), (SCREEN_FACE + 10.0, eye.1)],
                    width: 1.2,
                    ink: Ink::Guide,
                },
            ],
        ),
        // The arms reaching out to the screen, and the laptop's set-up in the accent colour, say it all.
        DeskItem::ScreenDistance | DeskItem::Laptop => (Vec::new(), Vec::new()),
        DeskItem::Elbows => elbow_mark(sk),
        DeskItem::Feet => {
            // The floor under both feet, in the accent colour: flat on it.
            let (heel, toe) = (sk.heel[1], sk.toe[1]);
            let floor = vec![(heel.z - 5.0, 0.5), (toe.z + 3.0, 0.5)];
            (Vec::new(), vec![Shape::Line { points: floor, width: 5.0, ink: Ink::Band }])
        }
        DeskItem::Chair => {
            (vec![highlight((BACKREST.0 - 3.0, SEAT + 3.0), (BACKREST.1 + 1.0, SEAT + 43.0))], Vec::new())
        }
        DeskItem::ChairSteady => {
            (Vec::new(), [no_wheel((f32::midpoint(CHAIR_LEGS[0], CHAIR_LEGS[1]) + 1.0, 14.5)), no_tipping()].concat())
        }
        DeskItem::Light => glare(eye),
    }
}

/// Light from the lamp off the screen into the eyes: a reflection, the glare to look for.
fn glare(eye: (f32, f32)) -> (Vec<Shape>, Vec<Shape>) {
    let on_screen = (SCREEN_FACE - 0.5, SCREEN_TOP - SCREEN_TALL * 0.38);
    let streak = vec![(on_screen.0, on_screen.1 - 4.0), (on_screen.0, on_screen.1 + 4.0)];
    let mut over = vec![Shape::Line { points: streak, width: 2.5, ink: Ink::Band }];
    over.extend(arrow((LAMP.0 + 4.0, LAMP.1 - 3.0), on_screen));
    let to_eye = (eye.0 + 4.0, eye.1 - 1.0);
    over.extend(arrow(on_screen, to_eye));
    // Crossed out: no light off the screen into the eyes.
    over.extend(crossed_out((on_screen.0 * 0.45 + to_eye.0 * 0.55, on_screen.1 * 0.45 + to_eye.1 * 0.55), 7.0));
    let halo = rect((SCREEN_FACE - 3.0, on_screen.1 - 7.0), (SCREEN_FACE + 6.0, on_screen.1 + 7.0), Ink::Highlight);
    (vec![halo], over)
}

/// A ring with a slash across it, round `centre`: "not this".
fn crossed_out(centre: (f32, f32), r: f32) -> Vec<Shape> {
    let (cx, cy) = centre;
    let ring = (0..=32)
        .map(|k| {
            let a = std::f32::consts::TAU * k as f32 / 32.0;
            (cx + r * a.cos(), cy + r * a.sin())
        })
        .collect();
    let slash = vec![(cx - r * 0.7, cy + r * 0.7), (cx + r * 0.7, cy - r * 0.7)];
    vec![
        Shape::Line { points: ring, width: 2.2, ink: Ink::Band },
        Shape::Line { points: slash, width: 2.2, ink: Ink::Band },
    ]
}

/// A caster wheel, crossed out: this chair has none.
fn no_wheel(centre: (f32, f32)) -> Vec<Shape> {
    let (cx, cy) = centre;
    let wheel = (cx - 1.5, cy - 4.0);
    let mut out = vec![
        // The caster: a swivel plate and a fork from above, the wheel with its hub at the foot.
        Shape::Rect { min: (cx - 2.0, cy + 6.5), max: (cx + 5.0, cy + 8.0), ink: Ink::Device },
        Shape::Polygon {
            points: vec![(cx, cy + 7.0), (cx + 3.0, cy + 7.0), (wheel.0 + 2.0, wheel.1), (wheel.0 - 1.0, wheel.1)],
            ink: Ink::Device,
        },
        Shape::Circle { centre: wheel, radius: 6.0, ink: Ink::Device, filled: true },
        Shape::Circle { centre: wheel, radius: 1.6, ink: Ink::Face, filled: true },
    ];
    out.extend(crossed_out(centre, 13.5));
    out
}

/// The backrest tipped back, faint, with an arrow to it, crossed out: this back does not recline.
fn no_tipping() -> Vec<Shape> {
    let pivot = (BACKREST.1, SEAT);
    let (s, c) = 22.0_f32.to_radians().sin_cos();
    let tipped = |(x, y): (f32, f32)| {
        let (dx, dy) = (x - pivot.0, y - pivot.1);
        (pivot.0 + dx * c - dy * s, pivot.1 + dx * s + dy * c)
    };
    let corners =
        [(BACKREST.0, SEAT + 6.0), (BACKREST.1, SEAT + 6.0), (BACKREST.1, SEAT + 40.0), (BACKREST.0, SEAT + 40.0)];
    let top = (BACKREST.0 - 1.0, SEAT + 43.0);
    let to = tipped((top.0, top.1 - 1.0));
    let mut out = vec![Shape::Polygon { points: corners.iter().map(|p| tipped(*p)).collect(), ink: Ink::Ghost }];
    out.extend(arrow(top, to));
    out.extend(crossed_out(tipped((f32::midpoint(BACKREST.0, BACKREST.1), SEAT + 24.0)), 9.0));
    out
}

/// The near arm traced in the accent colour, an L: the upper arm hanging by the side, the
/// forearm level, and a small square in the crook of the elbow.
fn elbow_mark(sk: &figure::Skeleton) -> (Vec<Shape>, Vec<Shape>) {
    let point = |v: figure::V3| (v.z, v.y);
    let (shoulder, elbow, wrist) = (point(sk.shoulder[1]), point(sk.elbow[1]), point(sk.wrist[1]));
    let towards = |to: (f32, f32), by: f32| {
        let (dx, dy) = (to.0 - elbow.0, to.1 - elbow.1);
        let len = dx.hypot(dy).max(1e-3);
        (dx / len * by, dy / len * by)
    };
    let (up, fore) = (towards(shoulder, 8.0), towards(wrist, 8.0));
    let square = vec![
        (elbow.0 + up.0, elbow.1 + up.1),
        (elbow.0 + up.0 + fore.0, elbow.1 + up.1 + fore.1),
        (elbow.0 + fore.0, elbow.1 + fore.1),
    ];
    (
        Vec::new(),
        vec![
            Shape::Line { points: vec![shoulder, elbow, wrist], width: 3.0, ink: Ink::Band },
            Shape::Line { points: square, width: 1.6, ink: Ink::Band },
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::desk::CHECKS;

    #[test]
    fn every_item_has_its_picture_with_a_mark() {
        for check in CHECKS {
            let drawing = picture(check.item).expect("the typist resolves");
            let marked = |s: &Shape| {
                matches!(
                    s,
                    Shape::Rect { ink: Ink::Highlight | Ink::Band, .. }
                        | Shape::Circle { ink: Ink::Highlight | Ink::Band, .. }
                        | Shape::Polygon { ink: Ink::Highlight | Ink::Band, .. }
                        | Shape::Line { ink: Ink::Band | Ink::Arrow | Ink::Guide, .. }
                )
            };
            assert!(drawing.shapes.iter().any(marked), "{:?} has something marked", check.item);
            assert!(label(check.item).starts_with("A person"), "{:?}", check.item);
        }
        // No two pictures are the same: each marks its own thing.
        for (i, a) in CHECKS.iter().enumerate() {
            for b in &CHECKS[i + 1..] {
                assert_ne!(picture(a.item), picture(b.item), "{:?} and {:?}", a.item, b.item);
                assert_ne!(label(a.item), label(b.item));
            }
        }
    }
}
