//! Where a figure touches something: a hand on the desk or on the head, a forearm on the door
//! frame. A contact is part of the figure's format (`contacts: [(part: LeftHand, on: Desk)]`);
//! the pose solver keeps it, and a check measures how far it drifts.
//!
//! Surfaces that belong to the room (the desk, the door frame, the seat, the wall) are placed once,
//! from the figure's set-up (its first keyframe), and never move. The solver pins the touching
//! wrist to where the set-up put it on that surface and bends the arm to reach it (two-bone
//! inverse kinematics, the elbow kept on the side the keyframe bends it). A hand on the head
//! follows the head. The check samples the move and reports the largest gap, and an elbow that
//! would have to bend past its range to keep the contact.

use serde::{Deserialize, Serialize};

use super::skeleton::{FOREARM, HAND, HEAD_R, SEAT, SHIN, Skeleton, THIGH, UPPER_ARM, V3, v3};

/// The part of the body that touches (the keyframes show the left side of a mirrored exercise).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Part {
    LeftHand,
    RightHand,
    /// The forearm along its length: the elbow and the wrist both touch.
    LeftForearm,
    RightForearm,
    /// The foot, flat: the heel and the toes stay where the set-up put them.
    LeftFoot,
    RightFoot,
}

impl Part {
    /// Every part, in the order the editor offers them.
    pub const ALL: [Self; 6] =
        [Self::LeftHand, Self::RightHand, Self::LeftForearm, Self::RightForearm, Self::LeftFoot, Self::RightFoot];

    /// 0 for the left arm, 1 for the right.
    pub fn side(self) -> usize {
        match self {
            Self::LeftHand | Self::LeftForearm | Self::LeftFoot => 0,
            Self::RightHand | Self::RightForearm | Self::RightFoot => 1,
        }
    }

    /// A hand or a forearm (not a foot).
    pub fn is_arm(self) -> bool {
        !matches!(self, Self::LeftFoot | Self::RightFoot)
    }

    /// The same part on the other side.
    #[must_use]
    pub fn other_side(self) -> Self {
        match self {
            Self::LeftHand => Self::RightHand,
            Self::RightHand => Self::LeftHand,
            Self::LeftForearm => Self::RightForearm,
            Self::RightForearm => Self::LeftForearm,
            Self::LeftFoot => Self::RightFoot,
            Self::RightFoot => Self::LeftFoot,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::LeftHand => "the left hand",
            Self::RightHand => "the right hand",
            Self::LeftForearm => "the left forearm",
            Self::RightForearm => "the right forearm",
            Self::LeftFoot => "the left foot",
            Self::RightFoot => "the right foot",
        }
    }
}

/// What is touched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Surface {
    /// The desk's top, near its front edge.
    Desk,
    /// The door frame's jamb on the arm's side.
    DoorFrame,
    /// The chair's seat, beside or behind the hips.
    Seat,
    /// The wall behind the figure.
    Wall,
    /// The figure's own head (a hand resting on it, fingers laced behind it).
    Head,
    /// The floor, where the set-up put the foot.
    Floor,
}

impl Surface {
    /// Every surface, in the order the editor offers them.
    pub const ALL: [Self; 6] = [Self::Desk, Self::DoorFrame, Self::Seat, Self::Wall, Self::Head, Self::Floor];

    pub fn label(self) -> &'static str {
        match self {
            Self::Desk => "the desk",
            Self::DoorFrame => "the door frame",
            Self::Seat => "the seat",
            Self::Wall => "the wall",
            Self::Head => "the head",
            Self::Floor => "the floor",
        }
    }
}

/// One contact, as written in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub part: Part,
    pub on: Surface,
}

/// How far a limb's centre line sits from what it rests on (half an arm's thickness).
pub const REST: f32 = 4.0;
/// The largest gap (or overlap) a contact may show, in centimetres.
pub const TOLERANCE: f32 = 2.0;

/// An axis-aligned box in the world: `(min, max)`.
pub type Cuboid = (V3, V3);

/// Where the desk's top is, placed from the set-up: its front edge just behind the hands.
pub fn desk(setup: &Skeleton) -> Cuboid {
    let z = setup.hand[0].z.max(setup.hand[1].z) - 4.0;
    (v3(-60.0, 70.0, z), v3(60.0, 74.0, z + 70.0))
}

/// The door frame's jambs, left (the figure's left, +x) then right.
pub const JAMBS: [Cuboid; 2] =
    [(v3(50.0, 0.0, -6.0), v3(58.0, 205.0, 6.0)), (v3(-58.0, 0.0, -6.0), v3(-50.0, 205.0, 6.0))];

/// The chair's seat, placed from the set-up's hips.
pub fn seat(setup: &Skeleton) -> Cuboid {
    let z0 = setup.pelvis.z - 14.0;
    (v3(-22.0, SEAT - 4.0, z0), v3(22.0, SEAT, z0 + 40.0))
}

/// The floor (a hand on the floor rests on its top).
pub const FLOOR: Cuboid = (v3(-300.0, -20.0, -300.0), v3(300.0, 0.0, 300.0));

/// The wall behind a standing figure.
pub const WALL: Cuboid = (v3(-300.0, 0.0, -19.0), v3(300.0, 200.0, -16.0));

/// The surface `on` touched by the arm on `side`, as a box in the world (the head has none).
fn cuboid(on: Surface, side: usize, setup: &Skeleton) -> Option<Cuboid> {
    match on {
        Surface::Desk => Some(desk(setup)),
        Surface::DoorFrame => Some(JAMBS[side]),
        Surface::Seat => Some(seat(setup)),
        Surface::Wall => Some(WALL),
        Surface::Floor => Some(FLOOR),
        Surface::Head => None,
    }
}

/// How high a heel or toe may be in a keyframe and still count as standing on the floor (the
/// solver sets it down), in centimetres.
pub const ON_FLOOR: f32 = 8.0;

/// How low each foot is (its heel or toes, whichever is lower), left then right.
pub fn foot_heights(sk: &Skeleton) -> [f32; 2] {
    [0, 1].map(|i| sk.heel[i].y.min(sk.toe[i].y))
}

/// Where a planted foot is: the set-up's foot, set on the floor (ankle, heel, toes): lowered
/// when it hovers, raised when a toe dips into the floor.
fn planted(setup: &Skeleton, i: usize) -> (V3, V3, V3) {
    let down = v3(0.0, foot_heights(setup)[i], 0.0);
    (setup.ankle[i].sub(down), setup.heel[i].sub(down), setup.toe[i].sub(down))
}

/// The point of the box nearest to `p` (`p` itself when inside).
fn nearest_in(b: &Cuboid, p: V3) -> V3 {
    v3(p.x.clamp(b.0.x, b.1.x), p.y.clamp(b.0.y, b.1.y), p.z.clamp(b.0.z, b.1.z))
}

/// How far `p` is from resting on the box: 0 when a limb's centre line at `p` lies on it.
fn gap_to_box(b: &Cuboid, p: V3) -> f32 {
    let inside = p.x > b.0.x && p.x < b.1.x && p.y > b.0.y && p.y < b.1.y && p.z > b.0.z && p.z < b.1.z;
    if inside {
        // Through the surface: as far as the limb sinks in, plus its thickness.
        let depth = [p.x - b.0.x, b.1.x - p.x, p.y - b.0.y, b.1.y - p.y, p.z - b.0.z, b.1.z - p.z]
            .into_iter()
            .fold(f32::MAX, f32::min);
        return depth + REST;
    }
    (p.sub(nearest_in(b, p)).length() - REST).abs()
}

/// Where `p` would rest on the box: moved to its surface and out by a limb's half thickness.
fn rest_on(b: &Cuboid, p: V3) -> V3 {
    let q = nearest_in(b, p);
    let out = p.sub(q);
    let d = out.length();
    if d > 1e-3 {
        return q.add(out.scale(REST / d));
    }
    // Inside: out through the nearest face.
    let faces = [
        (p.x - b.0.x, v3(-1.0, 0.0, 0.0), v3(b.0.x, p.y, p.z)),
        (b.1.x - p.x, v3(1.0, 0.0, 0.0), v3(b.1.x, p.y, p.z)),
        (p.y - b.0.y, v3(0.0, -1.0, 0.0), v3(p.x, b.0.y, p.z)),
        (b.1.y - p.y, v3(0.0, 1.0, 0.0), v3(p.x, b.1.y, p.z)),
        (p.z - b.0.z, v3(0.0, 0.0, -1.0), v3(p.x, p.y, b.0.z)),
        (b.1.z - p.z, v3(0.0, 0.0, 1.0), v3(p.x, p.y, b.1.z)),
    ];
    let (_, normal, on) =
        faces.into_iter().fold((f32::MAX, v3(0.0, 1.0, 0.0), p), |a, f| if f.0 < a.0 { f } else { a });
    on.add(normal.scale(REST))
}

/// Where a wrist rests on the floor: where the set-up put it (on hands and knees the heel of
/// the hand is on the floor and the wrist a little above it), never below a limb's thickness.
fn on_floor(setup: &Skeleton, i: usize) -> V3 {
    let w = setup.wrist[i];
    v3(w.x, w.y.clamp(REST, REST + 8.0), w.z)
}

/// Where a hand rests on the head: on its surface, in the direction the keyframe put it.
fn on_head(sk: &Skeleton, p: V3) -> V3 {
    let out = p.sub(sk.head_centre);
    let d = out.length().max(1e-3);
    sk.head_centre.add(out.scale((HEAD_R + REST) / d))
}

/// `sk` with each contact kept: the touching arm bent (two-bone inverse kinematics) so that its
/// wrist is where the contact puts it. `setup` is the figure's first keyframe, solved.
pub fn keep(mut sk: Skeleton, contacts: &[Contact], setup: &Skeleton) -> Skeleton {
    for c in contacts {
        let i = c.part.side();
        if !c.part.is_arm() {
            // A planted foot stays where the set-up put it; the knee bends the way it bent.
            let (ankle, heel, toe) = planted(setup, i);
            // The knee bends the way the keyframe bends it (out from the line hip–ankle through
            // the knee); a straight leg bends forward, towards the toes.
            let mid = sk.hip[i].lerp(sk.ankle[i], 0.5);
            let out = sk.knee[i].sub(mid);
            let pole = if out.length() > 1.0 { sk.knee[i].add(out) } else { sk.knee[i].add(sk.toe[i].sub(sk.heel[i])) };
            let (knee, ankle) = reach((THIGH, SHIN), sk.hip[i], pole, ankle);
            (sk.knee[i], sk.ankle[i], sk.heel[i], sk.toe[i]) = (knee, ankle, heel, toe);
            continue;
        }
        if let (Part::LeftForearm | Part::RightForearm, Some(b)) = (c.part, cuboid(c.on, i, setup)) {
            let hand_offset = sk.hand[i].sub(sk.wrist[i]);
            let (elbow, wrist) = forearm_along(sk.shoulder[i], &b, setup, i);
            sk.elbow[i] = elbow;
            sk.wrist[i] = wrist;
            sk.hand[i] = wrist.add(hand_offset);
            continue;
        }
        let target = match (c.on, cuboid(c.on, i, setup)) {
            (Surface::Floor, _) => on_floor(setup, i),
            (Surface::Head, _) | (_, None) => on_head(&sk, sk.wrist[i]),
            (_, Some(b)) => rest_on(&b, setup.wrist[i]),
        };
        // The elbow bends towards where the keyframe (or, on a fixed surface, the set-up) has it.
        let pole = match (c.on, c.part, cuboid(c.on, i, setup)) {
            (Surface::DoorFrame, Part::LeftForearm | Part::RightForearm, Some(b)) => rest_on(&b, setup.elbow[i]),
            _ => sk.elbow[i],
        };
        let mut hand_offset = sk.hand[i].sub(sk.wrist[i]);
        if matches!(c.on, Surface::Desk | Surface::Seat | Surface::Floor) {
            // A hand resting on a top lies flat on it, pointing the way the keyframe points it.
            let flat = v3(hand_offset.x, 0.0, hand_offset.z);
            let flat = if flat.length() > 1.0 { flat } else { v3(0.0, 0.0, 1.0) };
            hand_offset = flat.scale(HAND / flat.length());
        }
        if c.on == Surface::Head {
            // A hand on the head lies along it (round the back of it for laced fingers), not into it.
            let normal = target.sub(sk.head_centre);
            let normal = normal.scale(1.0 / normal.length().max(1e-3));
            let along = hand_offset.sub(normal.scale(hand_offset.dot(normal)));
            if along.length() > 1.0 {
                hand_offset = along.scale(HAND / along.length());
            }
        }
        let (elbow, wrist) = reach((UPPER_ARM, FOREARM), sk.shoulder[i], pole, target);
        sk.elbow[i] = elbow;
        sk.wrist[i] = wrist;
        sk.hand[i] = wrist.add(hand_offset);
    }
    sk
}

/// A forearm laid along a surface (forearms on a door frame): the elbow rests on the surface's
/// face at the upper arm's length from the shoulder, as near to where the set-up put it as the
/// surface allows (it slides down the frame as the chest passes through), and the forearm lies
/// along the face in the set-up's direction. Out of reach, the arm points at the surface.
fn forearm_along(shoulder: V3, b: &Cuboid, setup: &Skeleton, i: usize) -> (V3, V3) {
    let elbow0 = rest_on(b, setup.elbow[i]);
    let wrist0 = rest_on(b, setup.wrist[i]);
    // The face the forearm lies on is the plane x = elbow0.x (the jambs face sideways).
    let across = elbow0.x - shoulder.x;
    let r2 = UPPER_ARM * UPPER_ARM - across * across;
    if r2 <= 0.0 {
        let dir = elbow0.sub(shoulder).scale(1.0 / elbow0.sub(shoulder).length().max(1e-3));
        let elbow = shoulder.add(dir.scale(UPPER_ARM));
        return (elbow, elbow.add(wrist0.sub(elbow0).scale(FOREARM / wrist0.sub(elbow0).length().max(1e-3))));
    }
    let r = r2.sqrt();
    // Along the face: as near the set-up's place (kept within the face's depth) as the arm allows.
    let z = elbow0.z.clamp(b.0.z + 0.5, b.1.z - 0.5).clamp(shoulder.z - r, shoulder.z + r);
    let dz = z - shoulder.z;
    let dy = (r2 - dz * dz).max(0.0).sqrt();
    let down = if elbow0.y > setup.shoulder[i].y + 1.0 { 1.0 } else { -1.0 };
    let elbow = v3(elbow0.x, shoulder.y + down * dy, z);
    let along = wrist0.sub(elbow0);
    let along = v3(0.0, along.y, along.z);
    let wrist = elbow.add(along.scale(FOREARM / along.length().max(1e-3)));
    (elbow, wrist)
}

/// The middle and end joints of a limb of segments `(a, b)` from `root` reaching for `target`
/// (an elbow and wrist, or a knee and ankle), the middle joint on `pole`'s side. A target out of
/// reach gets a straight limb pointing at it.
fn reach((a, b): (f32, f32), shoulder: V3, pole: V3, target: V3) -> (V3, V3) {
    let to = target.sub(shoulder);
    let d = to.length().max(1e-3);
    let dir = to.scale(1.0 / d);
    let reach = d.clamp((a - b).abs() + 0.01, a + b - 0.01);
    let along = (a * a - b * b + reach * reach) / (2.0 * reach);
    let height = (a * a - along * along).max(0.0).sqrt();
    let p = pole.sub(shoulder);
    let mut side = p.sub(dir.scale(p.dot(dir)));
    if side.length() < 1e-3 {
        // No side to bend to: down, or forward when the arm points down.
        side = if dir.y.abs() > 0.9 { v3(0.0, 0.0, 1.0) } else { v3(0.0, -1.0, 0.0) };
        side = side.sub(dir.scale(side.dot(dir)));
    }
    let side = side.scale(1.0 / side.length().max(1e-3));
    let elbow = shoulder.add(dir.scale(along)).add(side.scale(height));
    let wrist = shoulder.add(dir.scale(reach));
    (elbow, wrist)
}

/// How well one contact holds in a solved skeleton: the gap in centimetres (0 resting on it) and
/// the elbow's bend in degrees.
pub fn measure(sk: &Skeleton, c: Contact, setup: &Skeleton) -> (f32, f32) {
    let i = c.part.side();
    if !c.part.is_arm() {
        // How far the foot has slid or lifted from where it stood, and the knee's bend.
        let thigh = sk.knee[i].sub(sk.hip[i]);
        let shin = sk.ankle[i].sub(sk.knee[i]);
        let cos = thigh.dot(shin) / (thigh.length() * shin.length()).max(1e-3);
        return (sk.ankle[i].sub(planted(setup, i).0).length(), cos.clamp(-1.0, 1.0).acos().to_degrees());
    }
    let points: &[V3] = match c.part {
        Part::LeftHand | Part::RightHand => &[sk.wrist[i]],
        Part::LeftForearm | Part::RightForearm => &[sk.wrist[i], sk.elbow[i]],
        Part::LeftFoot | Part::RightFoot => &[sk.ankle[i]],
    };
    let gap = points
        .iter()
        .map(|p| match cuboid(c.on, i, setup) {
            Some(_) if c.on == Surface::Floor => p.sub(on_floor(setup, i)).length(),
            Some(b) => gap_to_box(&b, *p),
            None => (p.sub(sk.head_centre).length() - HEAD_R - REST).abs(),
        })
        .fold(0.0, f32::max);
    let upper = sk.elbow[i].sub(sk.shoulder[i]);
    let fore = sk.wrist[i].sub(sk.elbow[i]);
    let cos = upper.dot(fore) / (upper.length() * fore.length()).max(1e-3);
    (gap, cos.clamp(-1.0, 1.0).acos().to_degrees())
}
