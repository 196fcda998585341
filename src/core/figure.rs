//! The animated figure: a documented skeleton, its poses, where a pose is at any moment of a
//! session, and the picture it makes in each view.
//!
//! The skeleton is three-dimensional and deliberately simple: each joint turns its segment about
//! one anatomical axis, so one set of angles draws correctly in every view (a side view shows a
//! forward bend; a top view shows a turn; an arm pointing at the viewer is short). The picture is
//! a [`Drawing`]: 2D shapes in centimetres, y up, far shapes first. The window paints it with egui
//! and `unhunch figure --svg` writes it as SVG ([`Drawing::to_svg`]), so both show the same
//! geometry.
//!
//! World axes: `x` towards the figure's left, `y` up, `z` forward (where the figure faces when
//! it stands); the floor is `y = 0`. Every angle is in degrees, relative to the parent segment.
//! `exercises/README.md` documents every joint, view, stance, prop and region.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::condition::Condition;
use super::contact::{self, Contact};
use super::skeleton::{
    ANKLE_HEIGHT, FOOT, HAND, HEAD_R, HIP_HALF, HIP_HEIGHT, LUMBAR, NECK, SHIN, SHOULDER_HALF, THIGH, THORACIC, v3,
};
pub use super::skeleton::{FOREARM, SEAT, Skeleton, UPPER_ARM, V3};
use super::units::Seconds;

/// Where the viewer stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum View {
    /// Facing the figure (its left on the viewer's right).
    #[default]
    Front,
    /// From the figure's right side; it faces right.
    Side,
    /// From behind.
    Back,
    /// From above; the figure faces up the picture.
    Top,
    /// Along the body from the head, for lying and kneeling exercises (drawn like the front view
    /// of the room).
    HeadEnd,
    /// From the front and to the figure's left (the side the keyframes move), turned 40° round and
    /// a little from above: arm work reads in depth (how far forward, out and back the arms go)
    /// and the face still shows.
    ThreeQuarter,
    /// Like the three-quarter view, but from well above (40°): a body on the floor, where both
    /// the shape of the arms (a Y, a T, a W) and how far they lift show.
    Oblique,
}

impl View {
    pub const ALL: [Self; 7] =
        [Self::Front, Self::ThreeQuarter, Self::Side, Self::Back, Self::Top, Self::HeadEnd, Self::Oblique];

    /// The name people see ("From the head end").
    pub fn label(self) -> &'static str {
        match self {
            Self::Front => "From the front",
            Self::Side => "From the side",
            Self::Back => "From behind",
            Self::Top => "From above",
            Self::ThreeQuarter => "From the front, turned (three-quarter)",
            Self::HeadEnd => "From the head end (lying, kneeling)",
            Self::Oblique => "From above and to one side (on the floor)",
        }
    }
}

/// The position every pose starts from; a pose's angles are added to it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stance {
    #[default]
    Standing,
    /// On a chair: hips and knees at 90°.
    Seated,
    /// On hands and knees.
    Kneeling,
    /// Lying on the right side, hips and knees bent, head on a pillow.
    SideLying,
    /// Lying face down.
    Prone,
}

impl Stance {
    pub const ALL: [Self; 5] = [Self::Standing, Self::Seated, Self::Kneeling, Self::SideLying, Self::Prone];

    /// The name people see ("Lying on the side").
    pub fn label(self) -> &'static str {
        match self {
            Self::Standing => "Standing",
            Self::Seated => "Sitting on a chair",
            Self::Kneeling => "On hands and knees",
            Self::SideLying => "Lying on the side",
            Self::Prone => "Lying face down",
        }
    }
}

/// How high a chair's back reaches.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChairBack {
    /// Up to the lower back.
    #[default]
    Low,
    /// Up to the middle of the back (for arching over it).
    Mid,
    /// Up to the shoulder blades.
    High,
}

/// Where a band is held or fixed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BandAnchor {
    /// Between the two hands.
    #[default]
    Hands,
    /// Around both feet, to both hands.
    Feet,
    /// Under the left foot, to the left hand.
    Foot,
    /// Fixed ahead at chest height (a door anchor), to both hands.
    Ahead,
}

/// Something drawn besides the figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Prop {
    Chair(#[serde(default)] ChairBack),
    Wall,
    DoorFrame,
    Desk,
    Band(#[serde(default)] BandAnchor),
    Mat,
    Pillow,
    /// Light weights (water bottles) in the hands.
    Bottles,
}

/// A part of the body to show as the one working or stretching.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Region {
    BetweenShoulderBlades,
    LowerShoulderBlades,
    MidBack,
    Chest,
    FrontShoulders,
    RearShoulders,
    Shoulders,
    ShoulderTops,
    ShoulderTopLeft,
    ShoulderTopRight,
    SideNeckLeft,
    SideNeckRight,
    BackNeckLeft,
    BackNeckRight,
    BackNeck,
    FrontNeck,
    Lats,
    Ribs,
    Belly,
    Eyes,
}

/// One joint: its name in files, its name for people (the editor's), what a positive angle does,
/// and the range the editor offers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JointSpec {
    pub name: &'static str,
    pub title: &'static str,
    pub positive: &'static str,
    pub min: f32,
    pub max: f32,
}

const fn joint(name: &'static str, title: &'static str, positive: &'static str, min: f32, max: f32) -> JointSpec {
    JointSpec { name, title, positive, min, max }
}

/// Every joint, in file order. A pose names only the joints it moves; the rest are 0.
pub const JOINTS: [JointSpec; 46] = [
    joint(
        "body",
        "Whole body: tip forward",
        "whole figure pitched forward (lying and kneeling stances)",
        -180.0,
        180.0,
    ),
    joint("body_turn", "Whole body: roll", "whole figure rolled about its length, towards its left", -180.0, 180.0),
    joint("pelvis_x", "Hips: move sideways", "centimetres moved towards the figure's left", -100.0, 100.0),
    joint("pelvis_y", "Hips: move up", "centimetres moved up", -100.0, 100.0),
    joint("pelvis_z", "Hips: move forward", "centimetres moved forward", -100.0, 100.0),
    joint("pelvis", "Hips: hinge forward", "trunk hinged forward at the hips", -60.0, 120.0),
    joint("pelvis_side", "Hips: tip sideways", "trunk tipped towards the figure's left", -40.0, 40.0),
    joint("pelvis_turn", "Hips: turn", "trunk turned to the figure's left", -60.0, 60.0),
    joint("lumbar", "Lower back: bend forward", "lower back bent forward (negative: arched)", -40.0, 60.0),
    joint("lumbar_side", "Lower back: bend sideways", "lower back bent to the left", -40.0, 40.0),
    joint("lumbar_turn", "Lower back: turn", "lower back turned to the left", -40.0, 40.0),
    joint("thoracic", "Upper back: round forward", "upper back rounded forward (negative: arched back)", -40.0, 70.0),
    joint("thoracic_side", "Upper back: bend sideways", "upper back bent to the left", -45.0, 45.0),
    joint("thoracic_turn", "Upper back: turn", "upper back turned to the left", -90.0, 90.0),
    joint(
        "thoracic_at",
        "Upper back: where it bends",
        "the bend moves up the back (-1 near the waist, 0 spread, 1 between the shoulder blades)",
        -1.0,
        1.0,
    ),
    joint("neck_lower", "Neck (lower): bend forward", "lower neck bent forward (negative: back)", -40.0, 60.0),
    joint("neck_upper", "Neck (upper): nod", "upper neck bent forward (a nod)", -40.0, 60.0),
    joint("neck_side", "Neck: tilt sideways", "neck bent towards the left shoulder", -50.0, 50.0),
    joint("neck_turn", "Neck: turn", "neck turned to the left", -80.0, 80.0),
    joint("head", "Head: nod", "head nodded forward", -40.0, 40.0),
    joint("head_side", "Head: tilt sideways", "head tipped towards the left shoulder", -40.0, 40.0),
    joint("head_turn", "Head: turn", "head turned to the left", -80.0, 80.0),
    joint("clavicle_l", "Left shoulder: shrug", "left shoulder raised (a shrug)", -15.0, 40.0),
    joint("clavicle_r", "Right shoulder: shrug", "right shoulder raised (a shrug)", -15.0, 40.0),
    joint(
        "clavicle_back_l",
        "Left shoulder blade: draw back",
        "left shoulder blade drawn back (negative: forward)",
        -30.0,
        30.0,
    ),
    joint(
        "clavicle_back_r",
        "Right shoulder blade: draw back",
        "right shoulder blade drawn back (negative: forward)",
        -30.0,
        30.0,
    ),
    joint("shoulder_l", "Left arm: raise", "left arm raised (0 hanging, 90 level, 180 overhead)", -60.0, 180.0),
    joint("shoulder_r", "Right arm: raise", "right arm raised (0 hanging, 90 level, 180 overhead)", -60.0, 180.0),
    joint(
        "shoulder_plane_l",
        "Left arm: direction (forward to side)",
        "direction the left arm is raised in: 0 forward, 90 out to the side",
        -90.0,
        180.0,
    ),
    joint(
        "shoulder_plane_r",
        "Right arm: direction (forward to side)",
        "direction the right arm is raised in: 0 forward, 90 out to the side",
        -90.0,
        180.0,
    ),
    joint("shoulder_rot_l", "Left arm: rotate outward", "left arm rotated outward (external rotation)", -90.0, 90.0),
    joint("shoulder_rot_r", "Right arm: rotate outward", "right arm rotated outward (external rotation)", -90.0, 90.0),
    joint("elbow_l", "Left elbow: bend", "left elbow bent", 0.0, 160.0),
    joint("elbow_r", "Right elbow: bend", "right elbow bent", 0.0, 160.0),
    joint("wrist_l", "Left wrist: bend", "left hand bent towards the palm", -80.0, 80.0),
    joint("wrist_r", "Right wrist: bend", "right hand bent towards the palm", -80.0, 80.0),
    joint("hip_l", "Left thigh: raise forward", "left thigh raised forward", -30.0, 140.0),
    joint("hip_r", "Right thigh: raise forward", "right thigh raised forward", -30.0, 140.0),
    joint("hip_out_l", "Left thigh: out to the side", "left thigh moved out to the side", -20.0, 60.0),
    joint("hip_out_r", "Right thigh: out to the side", "right thigh moved out to the side", -20.0, 60.0),
    joint("knee_l", "Left knee: bend", "left knee bent", 0.0, 160.0),
    joint("knee_r", "Right knee: bend", "right knee bent", 0.0, 160.0),
    joint("ankle_l", "Left toes: pull up", "left toes pulled up", -50.0, 40.0),
    joint("ankle_r", "Right toes: pull up", "right toes pulled up", -50.0, 40.0),
    joint("ribs", "Breath: ribs widen", "breath in: ribs and belly widen (0 to 10, a size, not an angle)", 0.0, 10.0),
    joint("blink", "Eyes: close", "eyes closed (0 open, 1 closed)", 0.0, 1.0),
];

/// The index of a joint named in a file.
pub fn joint_index(name: &str) -> Option<usize> {
    JOINTS.iter().position(|j| j.name == name)
}

/// The index of a joint named in the code, found when the program is built: a misspelt name does
/// not compile, and solving a pose looks nothing up.
const fn joint_at(name: &str) -> usize {
    let mut i = 0;
    while i < JOINTS.len() {
        if same(JOINTS[i].name.as_bytes(), name.as_bytes()) {
            return i;
        }
        i += 1;
    }
    panic!("not a joint")
}

/// Byte-wise equality that can run when the program is built.
const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A set of joint values, indexed like [`JOINTS`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pose(pub [f32; JOINTS.len()]);

impl Default for Pose {
    fn default() -> Self {
        Self([0.0; JOINTS.len()])
    }
}

impl Pose {
    /// The value of the joint named `name` (0 for a name that is not a joint).
    pub fn get(&self, name: &str) -> f32 {
        joint_index(name).map_or(0.0, |i| self.0[i])
    }

    pub(crate) fn with(mut self, values: &[(&str, f32)]) -> Self {
        for (name, v) in values {
            if let Some(i) = joint_index(name) {
                self.0[i] += v;
            }
        }
        self
    }

    fn add(mut self, other: &Self) -> Self {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
        self
    }

    /// The pose a fraction `t` (0..1) of the way from `self` to `other`.
    #[must_use]
    pub fn lerp(&self, other: &Self, t: f32) -> Self {
        let mut out = *self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a += (b - *a) * t;
        }
        out
    }
}

impl Stance {
    /// The stance's own joint values.
    pub fn pose(self) -> Pose {
        let p = Pose::default();
        match self {
            Self::Standing => p.with(&[("pelvis_y", HIP_HEIGHT)]),
            Self::Seated => p.with(&[
                ("pelvis_y", SEAT + 8.0),
                ("hip_l", 90.0),
                ("hip_r", 90.0),
                ("knee_l", 90.0),
                ("knee_r", 90.0),
                ("hip_out_l", 6.0),
                ("hip_out_r", 6.0),
                ("shoulder_l", 12.0),
                ("shoulder_r", 12.0),
                ("elbow_l", 75.0),
                ("elbow_r", 75.0),
            ]),
            Self::Kneeling => p.with(&[
                ("pelvis_y", THIGH + 6.0),
                ("body", 71.0),
                ("hip_l", 71.0),
                ("hip_r", 71.0),
                ("knee_l", 90.0),
                ("knee_r", 90.0),
                ("shoulder_l", 71.0),
                ("shoulder_r", 71.0),
                ("ankle_l", -50.0),
                ("ankle_r", -50.0),
                ("neck_lower", -10.0),
                ("pelvis_z", -30.0),
            ]),
            Self::SideLying => p.with(&[
                ("pelvis_y", 16.0),
                ("body", 90.0),
                ("body_turn", 90.0),
                ("hip_l", 90.0),
                ("hip_r", 90.0),
                ("knee_l", 90.0),
                ("knee_r", 90.0),
                ("pelvis_x", 10.0),
                ("pelvis_z", -30.0),
            ]),
            Self::Prone => p.with(&[
                ("pelvis_y", 11.0),
                ("body", 90.0),
                ("pelvis_z", -40.0),
                ("ankle_l", -40.0),
                ("ankle_r", -40.0),
                ("head", 20.0),
            ]),
        }
    }
}

/// A rotation, as a 3×3 matrix whose columns are the frame's x, y and z axes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Frame([V3; 3]);

impl Frame {
    const IDENTITY: Self = Self([v3(1.0, 0.0, 0.0), v3(0.0, 1.0, 0.0), v3(0.0, 0.0, 1.0)]);

    fn apply(&self, v: V3) -> V3 {
        self.0[0].scale(v.x).add(self.0[1].scale(v.y)).add(self.0[2].scale(v.z))
    }
    fn then(&self, local: &Self) -> Self {
        Self(local.0.map(|c| self.apply(c)))
    }
    /// Turned by `deg` about its own x axis (positive takes y towards z).
    fn rx(&self, deg: f32) -> Self {
        let (s, c) = deg.to_radians().sin_cos();
        self.then(&Self([v3(1.0, 0.0, 0.0), v3(0.0, c, s), v3(0.0, -s, c)]))
    }
    /// Turned about its own y axis (positive takes z towards x).
    fn ry(&self, deg: f32) -> Self {
        let (s, c) = deg.to_radians().sin_cos();
        self.then(&Self([v3(c, 0.0, -s), v3(0.0, 1.0, 0.0), v3(s, 0.0, c)]))
    }
    /// Turned about its own z axis (positive takes x towards y).
    fn rz(&self, deg: f32) -> Self {
        let (s, c) = deg.to_radians().sin_cos();
        self.then(&Self([v3(c, s, 0.0), v3(-s, c, 0.0), v3(0.0, 0.0, 1.0)]))
    }
}

/// The lengths of the lower (T9–12), middle (T5–8) and upper (T1–4) thoracic segments.
const THORACIC_SEGMENTS: [f32; 3] = [THORACIC * 0.34, THORACIC * 0.4, THORACIC * 0.26];

/// How an upper-back bend is shared by the lower, middle and upper thoracic segments, for
/// `thoracic_at` from -1 (low, near the waist) through 0 (spread) to 1 (high, between the blades).
fn thoracic_shares(at: f32) -> [f32; 3] {
    let spread = [0.35, 0.4, 0.25];
    let (towards, t) = if at >= 0.0 { ([0.0, 0.45, 0.55], at.min(1.0)) } else { ([0.8, 0.2, 0.0], (-at).min(1.0)) };
    [0, 1, 2].map(|i| spread[i] + (towards[i] - spread[i]) * t)
}

/// Forward kinematics: where every joint is for `pose` (stance included).
pub fn solve(pose: &Pose) -> Skeleton {
    // `j!("knee_l")`: the joint's value, by an index found when the program is built;
    // `j!(side "knee", i)`: the left (`i` 0) or right (1) one.
    macro_rules! j {
        ($name:literal) => {
            pose.0[const { joint_at($name) }]
        };
        (side $stem:literal, $i:expr) => {
            pose.0[const { [joint_at(concat!($stem, "_l")), joint_at(concat!($stem, "_r"))] }[$i]]
        };
    }
    let root_at = v3(j!("pelvis_x"), j!("pelvis_y"), j!("pelvis_z"));
    let root = Frame::IDENTITY.rx(j!("body")).ry(j!("body_turn"));
    let pelvis = root.rx(j!("pelvis")).rz(-j!("pelvis_side")).ry(j!("pelvis_turn"));
    let at = |frame: &Frame, from: V3, local: V3| from.add(frame.apply(local));

    let lumbar = pelvis.rx(j!("lumbar")).rz(-j!("lumbar_side")).ry(j!("lumbar_turn"));
    let lumbar_top = at(&lumbar, root_at, v3(0.0, LUMBAR, 0.0));
    // The upper back bends over three segments (lower, middle, upper thoracic), by shares that
    // `thoracic_at` moves down or up: over a chair top the bend sits above it, not at the waist.
    let shares = thoracic_shares(j!("thoracic_at"));
    let bend = |frame: &Frame, share: f32| {
        frame.rx(j!("thoracic") * share).rz(-j!("thoracic_side") * share).ry(j!("thoracic_turn") * share)
    };
    let lower = bend(&lumbar, shares[0]);
    let thoracic_low = at(&lower, lumbar_top, v3(0.0, THORACIC_SEGMENTS[0], 0.0));
    let middle = bend(&lower, shares[1]);
    let thoracic_mid = at(&middle, thoracic_low, v3(0.0, THORACIC_SEGMENTS[1], 0.0));
    let thorax = bend(&middle, shares[2]);
    let neck_base = at(&thorax, thoracic_mid, v3(0.0, THORACIC_SEGMENTS[2], 0.0));
    let neck_lower = thorax.rx(j!("neck_lower")).rz(-j!("neck_side") / 2.0).ry(j!("neck_turn") / 2.0);
    let neck_mid = at(&neck_lower, neck_base, v3(0.0, NECK, 0.0));
    let neck_upper = neck_lower.rx(j!("neck_upper")).rz(-j!("neck_side") / 2.0).ry(j!("neck_turn") / 2.0);
    let head_base = at(&neck_upper, neck_mid, v3(0.0, NECK, 0.0));
    let head = neck_upper.rx(j!("head")).rz(-j!("head_side")).ry(j!("head_turn"));
    let head_centre = at(&head, head_base, v3(0.0, HEAD_R * 0.8, 1.5));

    let mut skeleton = Skeleton {
        pelvis: root_at,
        lumbar_top,
        thoracic_low,
        thoracic_mid,
        neck_base,
        neck_mid,
        head_base,
        head_centre,
        face: head.apply(v3(0.0, 0.0, 1.0)),
        head_up: head.apply(v3(0.0, 1.0, 0.0)),
        chest_forward: thorax.apply(v3(0.0, 0.0, 1.0)),
        chest_left: thorax.apply(v3(1.0, 0.0, 0.0)),
        shoulder: [V3::default(); 2],
        elbow: [V3::default(); 2],
        wrist: [V3::default(); 2],
        hand: [V3::default(); 2],
        thumb: [V3::default(); 2],
        hip: [V3::default(); 2],
        knee: [V3::default(); 2],
        ankle: [V3::default(); 2],
        toe: [V3::default(); 2],
        heel: [V3::default(); 2],
    };
    for (i, s) in [1.0_f32, -1.0].into_iter().enumerate() {
        // The shoulder girdle: a shrug lifts the shoulder point, drawing the blade back moves it
        // back and a little in.
        let (up, back) = (j!(side "clavicle", i).to_radians().sin(), j!(side "clavicle_back", i).to_radians().sin());
        let shoulder_local = v3(s * (SHOULDER_HALF - 3.0 * back.abs()), -4.0 + 12.0 * up, -12.0 * back);
        let shoulder = at(&thorax, neck_base, shoulder_local);
        let upper =
            thorax.ry(s * j!(side "shoulder_plane", i)).rx(-j!(side "shoulder", i)).ry(s * j!(side "shoulder_rot", i));
        let elbow = at(&upper, shoulder, v3(0.0, -UPPER_ARM, 0.0));
        let fore = upper.rx(-j!(side "elbow", i));
        let wrist = at(&fore, elbow, v3(0.0, -FOREARM, 0.0));
        let hand_frame = fore.rx(-j!(side "wrist", i));
        let hand = at(&hand_frame, wrist, v3(0.0, -HAND, 0.0));

        let hip = at(&root, root_at, v3(s * HIP_HALF, 0.0, 0.0));
        let thigh = root.rz(s * j!(side "hip_out", i)).rx(-j!(side "hip", i));
        let knee = at(&thigh, hip, v3(0.0, -THIGH, 0.0));
        let shin = thigh.rx(j!(side "knee", i));
        let ankle = at(&shin, knee, v3(0.0, -SHIN, 0.0));
        let foot = shin.rx(-j!(side "ankle", i));
        let toe = at(&foot, ankle, v3(0.0, -ANKLE_HEIGHT, FOOT));
        let heel = at(&foot, ankle, v3(0.0, -ANKLE_HEIGHT + 1.0, -4.0));

        skeleton.shoulder[i] = shoulder;
        skeleton.elbow[i] = elbow;
        skeleton.wrist[i] = wrist;
        skeleton.hand[i] = hand;
        // Hanging relaxed, the thumb points forward; turning the arm turns it (thumbs up).
        skeleton.thumb[i] = hand_frame.apply(v3(0.0, 0.0, 1.0));
        skeleton.hip[i] = hip;
        skeleton.knee[i] = knee;
        skeleton.ankle[i] = ankle;
        skeleton.toe[i] = toe;
        skeleton.heel[i] = heel;
    }
    skeleton
}

/// A keyframe as written in a file: joint angles at a point of one repetition (see
/// [`moment`] for what `at` means).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyDef {
    pub at: f32,
    #[serde(default)]
    pub joints: BTreeMap<String, f32>,
}

/// How an exercise is drawn, as written in a file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureDef {
    pub view: View,
    #[serde(default)]
    pub stance: Stance,
    /// What the figure shows, for screen readers: "Arching the upper back over the chair".
    #[serde(default)]
    pub label: String,
    /// Drawn besides the figure; left out, they follow from the equipment and position.
    #[serde(default)]
    pub props: Option<Vec<Prop>>,
    #[serde(default)]
    pub highlight: Vec<Region>,
    /// Joint angles held in every keyframe (arms crossed, hands on the knees).
    #[serde(default)]
    pub base: BTreeMap<String, f32>,
    pub keys: Vec<KeyDef>,
    /// For timed work: seconds one loop of the keyframes takes (4 if left out).
    #[serde(default)]
    pub cycle: Option<Seconds>,
    /// Draw the right side as the mirror image of the left (the keyframes show the left side).
    /// Left out, it is true for exercises done on each side.
    #[serde(default)]
    pub mirror: Option<bool>,
    /// Show only the head, neck and shoulders, for small movements there (a chin tuck).
    #[serde(default)]
    pub close_up: bool,
    /// What the figure touches and keeps touching (a hand on the desk, forearms on the door
    /// frame); the pose solver keeps each, and a contact that drifts is an error.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// A small second picture from another side, in the corner, where a second plane matters
    /// (from above for arms that open and close level; from the side for a wall's contact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inset: Option<View>,
    /// Regions that stretch (drawn striped and cool), beside `highlight`'s, which work.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stretches: Vec<Region>,
    /// The same exercise drawn otherwise: for one set where the sets differ (Y, T, W), or for
    /// a condition whose Modify caution changes the move (arms crossed instead of hands on the
    /// head).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<VariantDef>,
}

/// Another figure for the same exercise: for set `set` (1 is the first), or for users with the
/// condition `when`. Its keyframes replace the figure's; `base`, `contacts` and `label`, when
/// given, replace the figure's too.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantDef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<BTreeMap<String, f32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<Contact>>,
    pub keys: Vec<KeyDef>,
}

/// Which variant a resolved figure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    Set(u32),
    When(Condition),
}

impl Variant {
    /// A short name for files and the command line: `set2`, `shoulder-instability`.
    pub fn slug(self) -> String {
        match self {
            Self::Set(n) => format!("set{n}"),
            Self::When(c) => c.word().to_owned(),
        }
    }
}

/// A validated figure.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    pub view: View,
    pub stance: Stance,
    pub label: String,
    pub props: Vec<Prop>,
    pub highlight: Vec<Region>,
    /// Keyframes sorted by `at`, each a full pose (stance and base included).
    pub keys: Vec<(f32, Pose)>,
    pub cycle: Duration,
    pub mirror: bool,
    /// Show only the head, neck and shoulders.
    pub close_up: bool,
    pub contacts: Vec<Contact>,
    /// The small second picture's view, if any (see [`draw_inset`]).
    pub inset: Option<View>,
    /// Regions that stretch, drawn unlike `highlight`'s, which work.
    pub stretches: Vec<Region>,
    /// The figure for a set or a condition (see [`VariantDef`]), each resolved and checked.
    pub variants: Vec<(Variant, Self)>,
    /// The part of the world the picture shows (every moment of the move, both sides, fits
    /// inside), worked out when first drawn: the engine, which never draws, never pays for it.
    pub fitted: std::sync::OnceLock<Bounds>,
    /// The same for the small second picture.
    pub inset_fitted: std::sync::OnceLock<Bounds>,
    /// The set-up, solved once (see [`Figure::setup`]).
    pub solved_setup: std::sync::OnceLock<Skeleton>,
}

/// A rectangle in the picture's centimetres: `(min x, min y)`, `(max x, max y)`.
pub type Bounds = ((f32, f32), (f32, f32));

impl Figure {
    /// The picture's bounds: every moment of the move on both sides fits inside.
    pub fn frame(&self) -> Bounds {
        *self.fitted.get_or_init(|| {
            let ((x0, y0), (x1, y1)) = fit(self, self.close_up);
            // Room on the right for the small second picture, so it never covers the figure.
            let extra = if self.inset.is_some() { (x1 - x0) * INSET_SHARE / (1.0 - INSET_SHARE) + 4.0 } else { 0.0 };
            ((x0, y0), (x1 + extra, y1))
        })
    }

    /// Where every joint is for `pose`, with the figure's contacts kept.
    pub fn skeleton(&self, pose: &Pose) -> Skeleton {
        let sk = solve(pose);
        if self.contacts.is_empty() {
            return sk;
        }
        contact::keep(sk, &self.contacts, &self.setup())
    }

    /// The set-up: the first keyframe, solved as written. Props and contacts are placed from it.
    pub fn setup(&self) -> Skeleton {
        *self.solved_setup.get_or_init(|| solve(self.keys.first().map_or(&self.stance.pose(), |k| &k.1)))
    }

    /// The pose at `u` (0..1, see [`moment`]), between the keyframes on each side of it.
    pub fn pose_at(&self, u: f32) -> Pose {
        let Some(first) = self.keys.first() else { return self.stance.pose() };
        let u = u.clamp(0.0, 1.0);
        if u <= first.0 {
            return first.1;
        }
        for pair in self.keys.windows(2) {
            let ((a, pa), (b, pb)) = (pair[0], pair[1]);
            if u <= b {
                let t = if b > a { (u - a) / (b - a) } else { 1.0 };
                return pa.lerp(&pb, smooth(t));
            }
        }
        self.keys.last().map_or(first.1, |k| k.1)
    }

    /// The figure for set `set` (1 is the first): its variant where it has one, else itself.
    pub fn for_set(&self, set: u32) -> &Self {
        self.variants.iter().find(|(w, _)| *w == Variant::Set(set)).map_or(self, |(_, f)| f)
    }

    /// The figure for a user with the conditions `has` says yes to: the first variant for one of
    /// them, else itself.
    #[must_use]
    pub fn for_conditions(&self, has: impl Fn(Condition) -> bool) -> Self {
        self.variants
            .iter()
            .find(|(w, _)| matches!(w, Variant::When(c) if has(*c)))
            .map_or_else(|| self.clone(), |(_, f)| f.clone())
    }

    /// The held position: where the move goes (the pose at the middle of a repetition).
    pub fn end_pose(&self) -> Pose {
        self.pose_at(0.5)
    }

    /// The key poses to show when motion is reduced: the start, and each keyframe that differs.
    pub fn key_poses(&self) -> Vec<Pose> {
        let mut out: Vec<Pose> = Vec::new();
        for (_, pose) in &self.keys {
            if out.last() != Some(pose) && out.first() != Some(pose) {
                out.push(*pose);
            }
        }
        out
    }
}

/// The longest label.
const LABEL_CHARS: usize = 300;

/// A problem with a figure: the text to point at (its `nth` occurrence in the file, counting
/// from 0) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureProblem {
    pub anchor: String,
    pub nth: usize,
    pub message: String,
}

impl FigureProblem {
    fn at(anchor: impl Into<String>, message: impl Into<String>) -> Self {
        Self { anchor: anchor.into(), nth: 0, message: message.into() }
    }
}

/// What every keyframe of `def` adds to: the stance's values and `base`'s (unknown joints left
/// out). A keyframe value `v` puts the joint at `under.0[i] + v`.
pub fn underlying(def: &FigureDef) -> Pose {
    let mut pose = def.stance.pose();
    for (name, value) in &def.base {
        if let Some(i) = joint_index(name)
            && value.is_finite()
        {
            pose.0[i] += value;
        }
    }
    pose
}

/// The unit a joint's value is in, as people read it after the number.
pub fn unit(spec: &JointSpec) -> &'static str {
    match spec.name {
        "pelvis_x" | "pelvis_y" | "pelvis_z" => " cm",
        "ribs" | "blink" | "thoracic_at" => "",
        _ => "°",
    }
}

/// Checks that every joint of every keyframe, stance and `base` included, stays within its
/// anatomical range ([`JOINTS`]). A value outside is reported once, at the value that takes it
/// there: the keyframe's own when it names the joint, else `base`'s, else the stance.
fn check_ranges(def: &FigureDef, problems: &mut Vec<FigureProblem>) {
    let stance = def.stance.pose();
    let mut reported = std::collections::BTreeSet::new();
    let mut keys: Vec<&KeyDef> = def.keys.iter().collect();
    keys.sort_by(|a, b| a.at.total_cmp(&b.at));
    for key in keys {
        for (i, spec) in JOINTS.iter().enumerate() {
            let from_base = def.base.get(spec.name).copied();
            let from_key = key.joints.get(spec.name).copied();
            let total = stance.0[i] + from_base.unwrap_or(0.0) + from_key.unwrap_or(0.0);
            if (spec.min - 0.01..=spec.max + 0.01).contains(&total) || !total.is_finite() {
                continue;
            }
            // Where the value is written: its occurrence among base and the keyframes, in file order.
            let source = if from_key.is_some() {
                let earlier =
                    def.keys.iter().take_while(|k| !std::ptr::eq(*k, key)).filter(|k| k.joints.contains_key(spec.name));
                Some(usize::from(from_base.is_some()) + earlier.count())
            } else {
                from_base.map(|_| 0)
            };
            if !reported.insert((spec.name, source.map_or(usize::MAX, |n| n + usize::from(from_key.is_some()) * 1000)))
            {
                continue;
            }
            let u = unit(spec);
            let mut parts = Vec::new();
            if stance.0[i] != 0.0 {
                parts.push(format!("{} {}", number(stance.0[i]), def.stance.label().to_lowercase()));
            }
            if let Some(b) = from_base {
                parts.push(format!("{} base", number(b)));
            }
            if let Some(k) = from_key {
                parts.push(format!("{} key", number(k)));
            }
            let message = format!(
                "the joint {:?} reaches {}{u} at {} ({}); its range is {}{u} to {}{u}. Values add up: the stance's, then base's, then the keyframe's",
                spec.name,
                number(total),
                key.at,
                parts.join(" + "),
                number(spec.min),
                number(spec.max),
            );
            let (anchor, nth) = match source {
                Some(nth) => (format!("{:?}", spec.name), nth),
                None => ("stance".to_owned(), 0),
            };
            problems.push(FigureProblem { anchor, nth, message });
        }
    }
}

/// A joint value as people read it: no ".0", at most one decimal.
fn number(v: f32) -> String {
    let rounded = (v * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 { format!("{rounded:.0}") } else { format!("{rounded:.1}") }
}

/// Checks a figure. `props` are drawn where the file names none (they follow from the exercise's
/// equipment and position); `mirror` is the mirroring where the file doesn't say (true for an
/// exercise done on each side).
pub fn resolve(def: &FigureDef, props: Vec<Prop>, mirror: bool) -> Result<Figure, Vec<FigureProblem>> {
    let mut problems = Vec::new();
    let names = || JOINTS.iter().map(|j| j.name);
    let mut read = |joints: &BTreeMap<String, f32>| {
        let mut pose = Pose::default();
        for (name, value) in joints {
            match joint_index(name) {
                Some(i) if value.is_finite() && (-360.0..=360.0).contains(value) => pose.0[i] = *value,
                Some(_) => problems.push(FigureProblem::at(
                    format!("{name:?}"),
                    format!("the joint {name:?} is set to {value}; angles run from -360 to 360 degrees"),
                )),
                None => {
                    let hint = super::suggest::did_you_mean(name, names()).map_or_else(
                        || "; the joints are listed in exercises/README.md".to_owned(),
                        |s| format!("; did you mean {s:?}?"),
                    );
                    problems.push(FigureProblem::at(format!("{name:?}"), format!("unknown joint {name:?}{hint}")));
                }
            }
        }
        pose
    };
    let base = def.stance.pose().add(&read(&def.base));
    let mut keys: Vec<(f32, Pose)> = def.keys.iter().map(|k| (k.at, base.add(&read(&k.joints)))).collect();
    if def.keys.len() < 2 {
        problems
            .push(FigureProblem::at("keys", "a figure needs at least two keyframes (the start and the end position)"));
    }
    for k in &def.keys {
        if !(0.0..=1.0).contains(&k.at) {
            problems.push(FigureProblem::at("keys", format!("a keyframe is at {}; `at` runs from 0.0 to 1.0", k.at)));
        }
    }
    if problems.is_empty() {
        check_ranges(def, &mut problems);
    }
    if def.label.chars().count() > LABEL_CHARS {
        problems.push(FigureProblem::at("label", "the figure's label is too long"));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    keys.sort_by(|a, b| a.0.total_cmp(&b.0));
    let props = def.props.clone().unwrap_or(props);
    let contacts = with_planted_feet(&def.contacts, &keys);
    let figure = Figure {
        view: def.view,
        stance: def.stance,
        label: def.label.trim().to_owned(),
        props,
        highlight: def.highlight.clone(),
        keys,
        cycle: def.cycle.map_or(Duration::from_secs(4), |c| c.duration().max(Duration::from_secs(1))),
        mirror: def.mirror.unwrap_or(mirror),
        close_up: def.close_up,
        contacts,
        inset: def.inset.filter(|v| *v != def.view),
        stretches: def.stretches.clone(),
        variants: Vec::new(),
        fitted: std::sync::OnceLock::new(),
        inset_fitted: std::sync::OnceLock::new(),
        solved_setup: std::sync::OnceLock::new(),
    };
    let mut problems = check_contacts(&figure);
    match resolve_variants(def, &figure.props, figure.mirror) {
        Ok(variants) if problems.is_empty() => Ok(Figure { variants, ..figure }),
        Ok(_) => Err(problems),
        Err(more) => {
            problems.extend(more);
            Err(problems)
        }
    }
}

/// `written` and a foot on the floor for each foot that stands on it (within
/// [`contact::ON_FLOOR`]) in every keyframe and whose leg the keyframes barely move (20° at most
/// at the hip, knee and ankle; a step or a walk moves it more): feet stay flat where they stand
/// while the hips move above them.
fn with_planted_feet(written: &[Contact], keys: &[(f32, Pose)]) -> Vec<Contact> {
    let mut contacts = written.to_vec();
    let heights: Vec<[f32; 2]> = keys.iter().map(|(_, p)| contact::foot_heights(&solve(p))).collect();
    for (i, part) in [contact::Part::LeftFoot, contact::Part::RightFoot].into_iter().enumerate() {
        let side = if i == 0 { "l" } else { "r" };
        let steady = ["hip", "hip_out", "knee", "ankle"].iter().all(|j| {
            let values = keys.iter().map(|(_, p)| p.get(&format!("{j}_{side}")));
            let (lo, hi) = values.fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(v), b.max(v)));
            hi - lo <= 20.0
        });
        let down = steady && !heights.is_empty() && heights.iter().all(|h| h[i] < contact::ON_FLOOR);
        if down && !contacts.iter().any(|c| c.part == part) {
            contacts.push(Contact { part, on: contact::Surface::Floor });
        }
    }
    contacts
}

/// Resolves and checks each of `def`'s variants as a figure of its own, with the problems found
/// pointed at the variant's own values in the file.
fn resolve_variants(
    def: &FigureDef,
    props: &[Prop],
    mirror: bool,
) -> Result<Vec<(Variant, Figure)>, Vec<FigureProblem>> {
    let (mut out, mut problems) = (Vec::new(), Vec::new());
    // The joint maps written before the variant being checked, in file order (for `nth`).
    let mut before: Vec<&BTreeMap<String, f32>> = def.keys.iter().map(|k| &k.joints).collect();
    let mut contacts_before = usize::from(!def.contacts.is_empty());
    for (n, v) in def.variants.iter().enumerate() {
        let which = match (v.set, v.when) {
            (Some(set), None) if set >= 1 => Variant::Set(set),
            (None, Some(c)) => Variant::When(c),
            _ => {
                problems.push(FigureProblem::at(
                    "variants",
                    format!(
                        "variant {} needs either `set` (1 for the first set) or `when` (a condition), not both",
                        n + 1
                    ),
                ));
                continue;
            }
        };
        if out.iter().any(|(w, _)| *w == which) {
            problems
                .push(FigureProblem::at("variants", format!("variant {} repeats an earlier one ({which:?})", n + 1)));
        }
        let inner = FigureDef {
            label: if v.label.trim().is_empty() { def.label.clone() } else { v.label.clone() },
            base: v.base.clone().unwrap_or_else(|| def.base.clone()),
            contacts: v.contacts.clone().unwrap_or_else(|| def.contacts.clone()),
            keys: v.keys.clone(),
            variants: Vec::new(),
            ..def.clone()
        };
        match resolve(&inner, props.to_vec(), mirror) {
            Ok(figure) => out.push((which, figure)),
            Err(found) => {
                let own_base = v.base.is_some();
                for mut p in found {
                    let name = p.anchor.trim_matches('"');
                    if p.anchor.starts_with('"') {
                        let in_base = def.base.contains_key(name);
                        let earlier = before.iter().filter(|m| m.contains_key(name)).count();
                        if own_base || p.nth > 0 || !in_base {
                            p.nth += earlier + usize::from(own_base && in_base);
                        }
                    } else if p.anchor == "contacts" && v.contacts.is_some() {
                        p.nth += contacts_before;
                    } else if p.anchor == "keys" {
                        p.nth += 1 + n;
                    }
                    problems.push(p);
                }
            }
        }
        if let Some(b) = &v.base {
            before.push(b);
        }
        before.extend(v.keys.iter().map(|k| &k.joints));
        contacts_before += usize::from(v.contacts.is_some());
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// How many moments of a repetition the contact check looks at.
const CONTACT_STEPS: u16 = 100;

/// Each contact, measured at every moment of the move: the largest gap beyond
/// [`contact::TOLERANCE`], and an elbow that would have to bend past its range, are problems.
fn check_contacts(figure: &Figure) -> Vec<FigureProblem> {
    let setup = figure.setup();
    let mut problems = Vec::new();
    // Each moment solved once, for all the contacts.
    let moments: Vec<(f32, Skeleton)> = (0..=CONTACT_STEPS)
        .map(|step| {
            let u = f32::from(step) / f32::from(CONTACT_STEPS);
            (u, figure.skeleton(&figure.pose_at(u)))
        })
        .collect();
    if let Some((u, what)) =
        moments.iter().find_map(|(u, sk)| passes_through(sk, &setup, &figure.props).map(|w| (*u, w)))
    {
        problems.push(FigureProblem::at(
            "keys",
            format!("{what} at {u:.2}; change the keyframes so the body moves round it (or add a contact that keeps it on the surface)"),
        ));
    }
    for (n, c) in figure.contacts.iter().enumerate() {
        let (mut worst_gap, mut worst_bend) = ((0.0_f32, 0.0_f32), (0.0_f32, 0.0_f32));
        for (u, sk) in &moments {
            let (gap, bend) = contact::measure(sk, *c, &setup);
            if gap > worst_gap.0 {
                worst_gap = (gap, *u);
            }
            if bend > worst_bend.0 {
                worst_bend = (bend, *u);
            }
        }
        let bends = match (c.part.is_arm(), c.part.side()) {
            (true, 0) => "elbow_l",
            (true, _) => "elbow_r",
            (false, 0) => "knee_l",
            (false, _) => "knee_r",
        };
        let elbow = &JOINTS[joint_index(bends).unwrap_or(0)];
        // A foot planted by default has no line of its own: its keyframes are what move it.
        let anchor = if c.part.is_arm() { "contacts" } else { "keys" };
        if worst_gap.0 > contact::TOLERANCE {
            problems.push(FigureProblem {
                anchor: anchor.to_owned(),
                nth: 0,
                message: format!(
                    "contact {}: {} is {} cm off {} at {:.2} (at most {} cm); change the keyframes so the {} can reach it",
                    n + 1,
                    c.part.label(),
                    number(worst_gap.0),
                    c.on.label(),
                    worst_gap.1,
                    number(contact::TOLERANCE),
                    if c.part.is_arm() { "arm" } else { "leg" }
                ),
            });
        }
        if worst_bend.0 > elbow.max + 0.5 {
            problems.push(FigureProblem {
                anchor: anchor.to_owned(),
                nth: 0,
                message: format!(
                    "contact {}: to keep {} on {} the {} bends {}° at {:.2}; its range is {} to {}",
                    n + 1,
                    c.part.label(),
                    c.on.label(),
                    if c.part.is_arm() { "elbow" } else { "knee" },
                    number(worst_bend.0),
                    worst_bend.1,
                    number(elbow.min),
                    number(elbow.max)
                ),
            });
        }
    }
    problems
}

/// A part of an arm that passes through the trunk, the head or a piece of furniture in `sk`,
/// in words ("the left hand passes through the chest"); `None` when nothing does.
fn passes_through(sk: &Skeleton, setup: &Skeleton, props: &[Prop]) -> Option<String> {
    let spine = [sk.pelvis, sk.lumbar_top, sk.thoracic_low, sk.thoracic_mid, sk.neck_base];
    let mut furniture: Vec<(&str, contact::Cuboid)> = Vec::new();
    for prop in props {
        match prop {
            Prop::Desk => furniture.push(("the desk", contact::desk(setup))),
            Prop::Chair(_) => furniture.push(("the seat", contact::seat(setup))),
            Prop::Wall => furniture.push(("the wall", contact::WALL)),
            Prop::DoorFrame => furniture.extend(contact::JAMBS.map(|j| ("the door frame", j))),
            Prop::Band(_) | Prop::Mat | Prop::Pillow | Prop::Bottles => {}
        }
    }
    // The trunk: an oval about 26 cm wide and 16 cm deep round the spine, between the hips and
    // the neck (a hand resting on the chest lies outside it).
    let in_trunk = |p: V3| {
        let q = nearest_on(&spine, p);
        let ends = q.sub(sk.pelvis).length() < 2.0 || q.sub(sk.neck_base).length() < 2.0;
        let d = p.sub(q);
        let (across, deep) = (d.dot(sk.chest_left) / 13.0, d.dot(sk.chest_forward) / 8.0);
        !ends && across * across + deep * deep < 1.0
    };
    // A band held between the hands runs in front of the body, never through it.
    if props.contains(&Prop::Band(BandAnchor::Hands))
        && (1..10_u8).any(|k| in_trunk(sk.wrist[0].lerp(sk.wrist[1], f32::from(k) / 10.0)))
    {
        return Some("the band passes through the trunk".to_owned());
    }
    for (i, side) in ["left", "right"].into_iter().enumerate() {
        let low = [("knee", sk.knee[i]), ("foot", sk.toe[i]), ("heel", sk.heel[i]), ("hand", sk.hand[i])];
        if let Some((part, _)) = low.iter().find(|(_, p)| p.y < -1.5) {
            return Some(format!("the {side} {part} passes through the floor"));
        }
        let points = [
            ("elbow", sk.elbow[i]),
            ("forearm", sk.elbow[i].lerp(sk.wrist[i], 0.5)),
            ("wrist", sk.wrist[i]),
            ("hand", sk.hand[i]),
        ];
        for (part, p) in points {
            if in_trunk(p) {
                return Some(format!("the {side} {part} passes through the trunk"));
            }
            if p.sub(sk.head_centre).length() < HEAD_R * 0.75 {
                return Some(format!("the {side} {part} passes through the head"));
            }
            let shrink = |(a, b): contact::Cuboid| {
                let m = v3(1.0, 1.0, 1.0);
                (a.add(m), b.sub(m))
            };
            for (name, b) in &furniture {
                let (a, b) = shrink(*b);
                if p.x > a.x && p.x < b.x && p.y > a.y && p.y < b.y && p.z > a.z && p.z < b.z {
                    return Some(format!("the {side} {part} passes through {name}"));
                }
            }
        }
    }
    None
}

/// How many moments of a repetition [`fit`] looks at.
const FIT_STEPS: u16 = 40;

/// The frame that holds every keyframe on both sides (walls and mats run off its edges), with a
/// margin, no narrower than 3:4 and no wider than 8:5.
fn fit(figure: &Figure, close_up: bool) -> Bounds {
    // Drawn with a fixed frame of its own while it is being fitted.
    let bounded = Figure {
        props: figure.props.iter().copied().filter(|p| !matches!(p, Prop::Wall | Prop::Mat)).collect(),
        fitted: std::sync::OnceLock::from(frame(figure.view)),
        ..figure.clone()
    };
    let mut b: Option<Bounds> = None;
    let mut grow = |x: f32, y: f32, r: f32| {
        let ((x0, y0), (x1, y1)) = b.unwrap_or(((x, y), (x, y)));
        b = Some(((x0.min(x - r), y0.min(y - r)), (x1.max(x + r), y1.max(y + r))));
    };
    let sides: &[bool] = if figure.mirror { &[false, true] } else { &[false] };
    // Every moment of a repetition, not only the keyframes: a move between two keyframes can
    // sweep outside both.
    for step in 0..=FIT_STEPS {
        let pose = figure.pose_at(f32::from(step) / f32::from(FIT_STEPS));
        for &mirrored in sides {
            for shape in draw(&bounded, &pose, mirrored).shapes {
                match shape {
                    Shape::Line { points, width, .. } => points.iter().for_each(|p| grow(p.0, p.1, width / 2.0)),
                    Shape::Circle { centre, radius, .. } => grow(centre.0, centre.1, radius),
                    Shape::Rect { min, max, .. } => {
                        grow(min.0, min.1, 0.0);
                        grow(max.0, max.1, 0.0);
                    }
                    Shape::Polygon { ink: Ink::Shadow, .. } => {}
                    Shape::Polygon { points, .. } => points.iter().for_each(|p| grow(p.0, p.1, 0.0)),
                    Shape::Limb { points, widths, .. } => {
                        points.iter().zip(&widths).for_each(|(p, w)| grow(p.0, p.1, w / 2.0));
                    }
                }
            }
        }
    }
    let Some(((mut x0, mut y0), (mut x1, mut y1))) = b else { return frame(figure.view) };
    if close_up
        && figure.view != View::Top
        && let Some((_, pose)) = figure.keys.first()
    {
        let sk = solve(pose);
        let (head_x, head_y, _) = project(figure.view, sk.head_centre);
        y0 = y0.max(head_y - 48.0);
        (x0, x1) = (x0.max(head_x - 45.0), x1.min(head_x + 45.0));
    }
    let margin = 6.0;
    (x0, y0, x1, y1) = (x0 - margin, y0 - margin, x1 + margin, y1 + margin);
    let (w, h) = (x1 - x0, y1 - y0);
    if w < 0.75 * h {
        let grow = (0.75 * h - w) / 2.0;
        (x0, x1) = (x0 - grow, x1 + grow);
    } else if w > 1.6 * h {
        let grow = (w / 1.6 - h) / 2.0;
        (y0, y1) = (y0 - grow, y1 + grow);
    }
    ((x0, y0), (x1, y1))
}

/// Eases a move in and out (smoothstep), so the figure starts and stops gently.
pub fn smooth(t: f32) -> f32 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// Where the figure is in its movement at one moment of a session.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Moment {
    /// 0 is the start position, 0.5 the end of "up" (the position held), 1 back at the start.
    pub u: f32,
    /// The right side, drawn as the mirror image of the left.
    pub mirrored: bool,
    /// Something is moving now (so the window draws frames), or the figure holds still.
    pub moving: bool,
    /// How much of a hold is done (0..1), while the figure holds a position.
    pub hold: Option<f32>,
    /// Waiting to start (getting ready, a rest, a switch of sides): the start position, with
    /// where the move goes shown faintly.
    pub preview: bool,
}

/// The part of a session the figure follows, with the lengths it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Getting ready, resting or switching sides between reps: the start position, still.
    Still,
    /// A hold of `length`: moving into it in its first moments, then holding still.
    Hold { length: Duration },
    /// Letting go of a hold, over `length` (at most 1.5 s).
    Release { length: Duration },
    /// One repetition at its tempo.
    Rep { up: Duration, hold: Duration, down: Duration },
    /// Timed work: the keyframes loop.
    Timed,
    /// Switching sides after a hold of the side just done: it lets go, then the other side waits.
    SwitchAfterHold { switch: Duration },
}

/// How long a hold takes to get into: slowly, as a stretch is eased into (2.5 s), and at most
/// 40 % of the hold.
fn move_in(hold: Duration) -> Duration {
    hold.mul_f32(0.4).min(Duration::from_millis(2500))
}

/// Where the figure is `elapsed` into a segment of `phase`, on the right side or the left.
///
/// For reps, "up" takes `u` from 0 to 0.5, a hold keeps it at 0.5, "down" takes it to 1.0; a hold
/// moves to 0.5 in its first moments and stays there; a release goes from 0.5 to 1.0; timed work
/// loops through 0..1 every `cycle`.
pub fn moment(figure: &Figure, phase: Phase, elapsed: Duration, right_side: bool) -> Moment {
    let mirrored = figure.mirror && right_side;
    let ratio = |a: Duration, b: Duration| if b.is_zero() { 1.0 } else { (a.as_secs_f32() / b.as_secs_f32()).min(1.0) };
    let still = Moment { u: 0.0, mirrored, moving: false, hold: None, preview: false };
    match phase {
        Phase::Still => Moment { preview: true, ..still },
        Phase::Hold { length } => {
            let m = move_in(length);
            let hold = (elapsed >= m).then(|| ratio(elapsed.saturating_sub(m), length.saturating_sub(m)));
            Moment { u: 0.5 * ratio(elapsed, m), moving: elapsed < m, hold, ..still }
        }
        Phase::Release { length } => {
            let m = length.min(Duration::from_millis(1500));
            Moment { u: 0.5 + 0.5 * ratio(elapsed, m), moving: elapsed < m, ..still }
        }
        Phase::SwitchAfterHold { switch } => {
            let m = switch.mul_f32(0.5).min(Duration::from_millis(1500));
            if elapsed < m {
                return Moment { u: 0.5 + 0.5 * ratio(elapsed, m), moving: true, ..still };
            }
            Moment { mirrored: figure.mirror && !right_side, preview: true, ..still }
        }
        Phase::Rep { up, hold, down } => {
            if elapsed < up {
                Moment { u: 0.5 * ratio(elapsed, up), moving: true, ..still }
            } else if elapsed < up + hold {
                Moment { u: 0.5, hold: Some(ratio(elapsed.saturating_sub(up), hold)), ..still }
            } else {
                let u = 0.5 + 0.5 * ratio(elapsed.saturating_sub(up + hold), down);
                Moment { u, moving: elapsed < up + hold + down, ..still }
            }
        }
        Phase::Timed => {
            let cycle = figure.cycle.as_secs_f32().max(0.1);
            Moment { u: (elapsed.as_secs_f32() % cycle) / cycle, moving: true, ..still }
        }
    }
}

/// What a drawn shape is, so the painter can colour it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ink {
    /// The body nearest the viewer.
    Body,
    /// A limb on the far side.
    FarLimb,
    /// The face's features.
    Face,
    /// Furniture, the floor.
    Prop,
    /// A screen, a keyboard, a lamp: things on a desk, darker than the furniture they stand on.
    Device,
    /// The band.
    Band,
    /// A region that works or stretches (drawn translucent).
    Highlight,
    /// The path the moving part takes, with an arrowhead.
    Arrow,
    /// A region that stretches (drawn translucent and striped, unlike one that works).
    Stretch,
    /// Another position of the body, faint: where the move started, or where it will go.
    Ghost,
    /// The soft shadow on the floor.
    Shadow,
    /// A guide line (a plumb line), drawn dashed.
    Guide,
}

/// One 2D shape, in centimetres with y up.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        ink: Ink,
    },
    Circle {
        centre: (f32, f32),
        radius: f32,
        ink: Ink,
        filled: bool,
    },
    Rect {
        min: (f32, f32),
        max: (f32, f32),
        ink: Ink,
    },
    Polygon {
        points: Vec<(f32, f32)>,
        ink: Ink,
    },
    /// A limb that tapers: a width at each point, and a thumb (from, to) on a hand.
    Limb {
        points: Vec<(f32, f32)>,
        widths: Vec<f32>,
        thumb: Option<[(f32, f32); 2]>,
        ink: Ink,
    },
}

/// How wide a thumb is drawn, in centimetres.
pub const THUMB: f32 = 2.4;

/// Four-cornered pieces and discs (centre, radius): what a tapered limb is painted with.
pub type LimbPieces = (Vec<[(f32, f32); 4]>, Vec<((f32, f32), f32)>);

/// The pieces a tapered limb is painted with, `extra` wider all round (for its halo): a
/// four-cornered piece per segment and a disc at every point (and the thumb as one more
/// segment).
pub fn limb_pieces(points: &[(f32, f32)], widths: &[f32], thumb: Option<[(f32, f32); 2]>, extra: f32) -> LimbPieces {
    let mut quads = Vec::new();
    let mut discs = Vec::new();
    let mut segment = |a: (f32, f32), b: (f32, f32), wa: f32, wb: f32| {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = (dx * dx + dy * dy).sqrt();
        if len > 1e-3 {
            let (nx, ny) = (-dy / len, dx / len);
            let (ha, hb) = (f32::midpoint(wa, extra), f32::midpoint(wb, extra));
            quads.push([
                (a.0 + nx * ha, a.1 + ny * ha),
                (b.0 + nx * hb, b.1 + ny * hb),
                (b.0 - nx * hb, b.1 - ny * hb),
                (a.0 - nx * ha, a.1 - ny * ha),
            ]);
        }
    };
    for (pair, w) in points.windows(2).zip(widths.windows(2)) {
        segment(pair[0], pair[1], w[0], w[1]);
    }
    if let Some([a, b]) = thumb {
        segment(a, b, THUMB, THUMB * 0.9);
    }
    for (p, w) in points.iter().zip(widths) {
        discs.push((*p, f32::midpoint(*w, extra)));
    }
    if let Some([a, b]) = thumb {
        discs.push((a, f32::midpoint(THUMB, extra)));
        discs.push((b, f32::midpoint(THUMB * 0.9, extra)));
    }
    (quads, discs)
}

/// A posed figure and its props, ready to paint: shapes far to near, and the frame they fit in.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawing {
    pub shapes: Vec<Shape>,
    /// The picture's bounds: `(min x, min y)` and `(max x, max y)`.
    pub frame: ((f32, f32), (f32, f32)),
}

/// The picture's bounds in each view: 210 × 210 cm, wide enough for arms out and a lying body.
pub fn frame(view: View) -> ((f32, f32), (f32, f32)) {
    match view {
        View::Top => ((-105.0, -110.0), (105.0, 100.0)),
        View::Side => ((-90.0, -5.0), (120.0, 205.0)),
        View::Front | View::Back | View::HeadEnd | View::ThreeQuarter | View::Oblique => {
            ((-105.0, -5.0), (105.0, 205.0))
        }
    }
}

/// How far round the three-quarter view is turned from the front, and how far it looks down, in
/// degrees.
const THREE_QUARTER: f32 = 40.0;
const ELEVATION: f32 = 15.0;
/// The same for the oblique view of a body on the floor.
const OBLIQUE_TURN: f32 = 35.0;
const OBLIQUE_ELEVATION: f32 = 40.0;

/// Projects a world point for `view`: the picture's x and y, and how near the viewer it is.
pub fn project(view: View, p: V3) -> (f32, f32, f32) {
    match view {
        View::Front | View::HeadEnd => (p.x, p.y, p.z),
        View::Back => (-p.x, p.y, -p.z),
        View::Side => (p.z, p.y, -p.x),
        View::Top => (-p.x, p.z, p.y),
        // From the front and the figure's left, so the arm the keyframes move (the left) is the
        // near one; the right side is drawn as this picture flipped.
        View::ThreeQuarter => turned(p, THREE_QUARTER, ELEVATION),
        View::Oblique => turned(p, OBLIQUE_TURN, OBLIQUE_ELEVATION),
    }
}

/// `p` seen turned `turn` degrees round from the front, then from `elevation` degrees above:
/// what is nearer sits lower, so an arm reaching forward reads as forward, not as out to the side.
fn turned(p: V3, turn: f32, elevation: f32) -> (f32, f32, f32) {
    let (s, c) = (-turn).to_radians().sin_cos();
    let (se, ce) = elevation.to_radians().sin_cos();
    let (x, near) = (p.x * c + p.z * s, p.z * c - p.x * s);
    (x, p.y * ce - near * se, near * ce + p.y * se)
}

fn mirror_x(p: V3) -> V3 {
    v3(-p.x, p.y, p.z)
}

/// The figure as its small second picture shows it (see [`FigureDef::inset`]): the body and what
/// it holds, and a wall it leans on, without the furniture, in its own frame. `None` when it has none.
pub fn draw_inset(figure: &Figure, pose: &Pose, mirrored: bool) -> Option<Drawing> {
    let view = figure.inset?;
    let inner = Figure {
        view,
        props: figure
            .props
            .iter()
            .copied()
            .filter(|p| matches!(p, Prop::Band(_) | Prop::Bottles | Prop::Wall))
            .collect(),
        inset: None,
        fitted: std::sync::OnceLock::new(),
        ..figure.clone()
    };
    let frame = *figure.inset_fitted.get_or_init(|| fit(&inner, false));
    let inner = Figure { fitted: std::sync::OnceLock::from(frame), ..inner };
    Some(draw(&inner, pose, mirrored))
}

/// Draws `figure` in `pose`, mirrored for the right side when asked.
pub fn draw(figure: &Figure, pose: &Pose, mirrored: bool) -> Drawing {
    draw_with(figure, pose, mirrored, None)
}

/// How wide a limb is at each of its points, in centimetres: an arm from the shoulder to the
/// fingertips, a leg from the hip to the heel and the toes.
const ARM_WIDTHS: [f32; 4] = [9.5, 7.0, 5.0, 5.5];
const LEG_WIDTHS: [f32; 5] = [15.0, 10.5, 7.5, 7.0, 4.5];

/// Draws `figure` in `pose`, with `ghost`, another position of the body, faint behind it: where
/// the move started (while it moves), or where it goes (while getting ready).
pub fn draw_with(figure: &Figure, pose: &Pose, mirrored: bool, ghost: Option<&Pose>) -> Drawing {
    let sk = figure.skeleton(pose);
    let setup = figure.setup();
    let view = figure.view;
    // The right side is the mirror image of the left: everything is built for the left side and
    // mirrored as it is projected.
    // The three-quarter view of the right side is the left side's picture flipped, so both sides
    // are seen from the front; the other views mirror the body itself (from the side, the working
    // arm comes near).
    // Seen from the side, an exercise done on each side is seen from its working side (the
    // rowing arm near, not hidden behind the body): the left side's picture is the right side's,
    // flipped.
    let from_working_side = view == View::Side && figure.mirror;
    let turned_view = matches!(view, View::ThreeQuarter | View::Oblique);
    let (mirror_body, flip) = match (turned_view, from_working_side) {
        (true, _) => (false, mirrored),
        (false, true) => (true, !mirrored),
        (false, false) => (mirrored, false),
    };
    let pr = move |p: V3| {
        let (x, y, d) = project(view, if mirror_body { mirror_x(p) } else { p });
        (if flip { -x } else { x }, y, d)
    };
    let xy = |p: V3| {
        let (x, y, _) = pr(p);
        (x, y)
    };
    let depth = |ps: &[V3]| ps.iter().map(|p| pr(*p).2).sum::<f32>() / ps.len().max(1) as f32;
    // (depth, shape); sorted far to near at the end.
    let mut layered: Vec<(f32, Shape)> = Vec::new();

    // The trunk: spine, shoulder girdle, pelvis, and the torso between them.
    let breath = pose.get("ribs");
    let torso_depth = depth(&[sk.pelvis, sk.neck_base]);
    let shapes_torso = torso_shapes(&sk, breath, &xy);
    for s in shapes_torso {
        layered.push((torso_depth, s));
    }
    if !figure.close_up && view != View::Top {
        layered.extend(shadow(&sk, &pr));
    }
    if let Some(other) = ghost.filter(|_| !figure.close_up) {
        layered.extend(ghost_shapes(&figure.skeleton(other), &sk, &pr));
    }

    // Limbs, tapered, each coloured by whether it is on the near or far side of the trunk; a
    // hand has a thumb.
    for i in 0..2 {
        let arm = [sk.shoulder[i], sk.elbow[i], sk.wrist[i], sk.hand[i]];
        // Down to the heel, then along the sole to the toes: a foot that stands flat.
        let leg = [sk.hip[i], sk.knee[i], sk.ankle[i], sk.heel[i], sk.toe[i]];
        let thumb = thumb(&sk, i).map(|[a, b]| [xy(a), xy(b)]);
        for (points, widths, thumb) in [(&arm[..], &ARM_WIDTHS[..], thumb), (&leg[..], &LEG_WIDTHS[..], None)] {
            // Near or far by where the limb joins the trunk.
            let d = depth(&points[..1]);
            // Far only when clearly behind the trunk: arms out to the sides, seen from the front,
            // are both near even with the blades drawn back.
            let ink = if d < torso_depth - 6.0 { Ink::FarLimb } else { Ink::Body };
            let bias = if ink == Ink::FarLimb { -30.0 } else { 1.0 };
            let points = points.iter().map(|p| xy(*p)).collect();
            layered.push((d + bias, Shape::Limb { points, widths: widths.to_vec(), thumb, ink }));
        }
    }

    // The head, and a face that shows where it looks.
    let (hx, hy, hd) = pr(sk.head_centre);
    layered.push((hd, Shape::Circle { centre: (hx, hy), radius: HEAD_R, ink: Ink::Body, filled: true }));
    layered.extend(face_shapes(&sk, pose, &pr));

    layered.extend(cue_shapes(figure, pose, &sk, (hd, torso_depth), &pr));
    // A close-up has the head's start position instead: its path would run out of the picture.
    if !figure.close_up {
        layered.extend(path_arrow(figure, &pr));
    }

    // Highlights above the body, props behind (or around) it.
    // A region whose surface faces away (the upper back seen from the front) is only outlined,
    // so a back muscle is never painted over the face or the chest.
    let core = [
        sk.pelvis,
        sk.lumbar_top,
        sk.thoracic_low,
        sk.thoracic_mid,
        sk.neck_base,
        sk.neck_mid,
        sk.head_base,
        sk.head_centre,
    ];
    let regions =
        figure.highlight.iter().map(|r| (r, Ink::Highlight)).chain(figure.stretches.iter().map(|r| (r, Ink::Stretch)));
    for (region, ink) in regions {
        for (centre, radius) in region_spots(*region, &sk, breath) {
            let (x, y, d) = pr(centre);
            let normal = centre.add(nearest_on(&core, centre).scale(-1.0));
            let length = (normal.x * normal.x + normal.y * normal.y + normal.z * normal.z).sqrt();
            let towards = pr(centre.add(normal)).2 - d;
            let facing = length < 1.0 || towards > -0.3 * length;
            // Over the body, but under the head seen from above (the head is on top there).
            // Along the body (lying, seen from the head end) too, so the head stays in view.
            let over = if matches!(view, View::Top | View::HeadEnd) { hd - 0.5 } else { f32::MAX / 4.0 };
            layered.push((over, Shape::Circle { centre: (x, y), radius, ink, filled: facing }));
            if ink == Ink::Stretch && facing {
                // Stripes across a stretch, so it never reads as a muscle that works.
                for k in [-0.5_f32, 0.0, 0.5] {
                    let d = k * radius;
                    let half = (radius * radius - d * d).sqrt() * 0.92;
                    let (cx, cy) = (x + d * 0.707, y - d * 0.707);
                    let points = vec![(cx - half * 0.707, cy - half * 0.707), (cx + half * 0.707, cy + half * 0.707)];
                    layered.push((over, Shape::Line { points, width: radius * 0.16, ink }));
                }
            }
        }
    }
    for prop in &figure.props {
        let free = |i: usize| !figure.contacts.iter().any(|c| c.part.is_arm() && c.part.side() == i);
        for (d, shape) in prop_shapes(*prop, view, (&sk, &setup), (figure.stance, [free(0), free(1)]), &pr) {
            layered.push((d, shape));
        }
    }

    layered.sort_by(|a, b| a.0.total_cmp(&b.0));
    Drawing { shapes: layered.into_iter().map(|(_, s)| s).collect(), frame: figure.frame() }
}

/// The eyes (closing in a blink) and the nose, which show where the face looks.
fn face_shapes(sk: &Skeleton, pose: &Pose, pr: &dyn Fn(V3) -> (f32, f32, f32)) -> Vec<(f32, Shape)> {
    let mut layered = Vec::new();
    let xy = |p: V3| {
        let (x, y, _) = pr(p);
        (x, y)
    };
    let (hx, hy, hd) = pr(sk.head_centre);
    let blink = pose.get("blink").clamp(0.0, 1.0);
    for side in [-1.0_f32, 1.0] {
        let lateral = cross(sk.head_up, sk.face).scale(side * 3.8);
        let eye = sk.head_centre.add(sk.face.scale(HEAD_R * 0.85)).add(sk.head_up.scale(1.5)).add(lateral);
        let (ex, ey, ed) = pr(eye);
        if ed >= hd - 1.0 {
            let r = 1.3 * (1.0 - blink) + 0.3;
            layered.push((hd + 0.5, Shape::Circle { centre: (ex, ey), radius: r, ink: Ink::Face, filled: true }));
        }
    }
    // The nose: a small wedge out of the face, seen whenever the head is not turned away.
    let nose_up = sk.head_centre.add(sk.face.scale(HEAD_R * 0.8)).add(sk.head_up.scale(1.0));
    let nose_down = sk.head_centre.add(sk.face.scale(HEAD_R * 0.8)).add(sk.head_up.scale(-3.5));
    let tip = sk.head_centre.add(sk.face.scale(HEAD_R + 2.2)).add(sk.head_up.scale(-2.0));
    let (nx, ny, nd) = pr(tip);
    if nd >= hd - 1.0 && ((nx - hx).powi(2) + (ny - hy).powi(2)).sqrt() > HEAD_R * 0.7 {
        let points = vec![xy(nose_up), (nx, ny), xy(nose_down)];
        layered.push((hd + 0.6, Shape::Polygon { points, ink: Ink::Body }));
    }
    layered
}

/// The thumb of hand `i`, from its root near the wrist to its tip: out of the side of the hand
/// the skeleton's thumb direction names. `None` for a hand too short to draw one on.
fn thumb(sk: &Skeleton, i: usize) -> Option<[V3; 2]> {
    let along = sk.hand[i].sub(sk.wrist[i]);
    let len = along.length();
    if len < 1.0 {
        return None;
    }
    let unit = along.scale(1.0 / len);
    let side = sk.thumb[i].sub(unit.scale(sk.thumb[i].dot(unit)));
    let side_len = side.length();
    if side_len < 1e-3 {
        return None;
    }
    let root = sk.wrist[i].add(along.scale(0.15));
    Some([root, root.add(along.scale(0.3)).add(side.scale(3.2 / side_len))])
}

/// A soft shadow on the floor under the body: an ellipse as wide as what stands or lies on the
/// floor, drawn first.
fn shadow(sk: &Skeleton, pr: &dyn Fn(V3) -> (f32, f32, f32)) -> Option<(f32, Shape)> {
    let low: Vec<V3> =
        [sk.pelvis, sk.heel[0], sk.heel[1], sk.toe[0], sk.toe[1], sk.knee[0], sk.knee[1], sk.neck_base, sk.head_centre]
            .into_iter()
            .filter(|p| p.y < 60.0)
            .collect();
    let feet_down = [sk.heel[0], sk.heel[1], sk.toe[0], sk.toe[1]].iter().any(|p| p.y < 3.0);
    if !feet_down && low.iter().all(|p| p.y > 15.0) {
        return None;
    }
    let (mut x0, mut x1, mut z0, mut z1) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
    for p in &low {
        (x0, x1, z0, z1) = (x0.min(p.x), x1.max(p.x), z0.min(p.z), z1.max(p.z));
    }
    let (cx, cz) = (f32::midpoint(x0, x1), f32::midpoint(z0, z1));
    let (rx, rz) = ((x1 - x0) / 2.0 + 10.0, (z1 - z0) / 2.0 + 10.0);
    let ring: Vec<(f32, f32)> = (0..32)
        .map(|k| {
            let a = std::f32::consts::TAU * k as f32 / 32.0;
            let (x, y, _) = pr(v3(cx + rx * a.cos(), 0.0, cz + rz * a.sin()));
            (x, y)
        })
        .collect();
    // Seen level, the floor is a line: the ellipse keeps a little height, centred on it.
    let (ya, yb) = ring.iter().fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let squash = if yb - ya < 5.0 { 2.5 } else { 0.0 };
    let points = ring
        .iter()
        .enumerate()
        .map(|(k, (x, y))| (*x, *y + squash * (std::f32::consts::TAU * k as f32 / 32.0).sin()))
        .collect();
    Some((f32::MIN, Shape::Polygon { points, ink: Ink::Shadow }))
}

/// The body in another position, faint and behind: each limb, the trunk and the head that
/// differ from where they are now by more than 4 cm.
fn ghost_shapes(was: &Skeleton, now: &Skeleton, pr: &dyn Fn(V3) -> (f32, f32, f32)) -> Vec<(f32, Shape)> {
    let chains = |sk: &Skeleton| {
        [
            vec![sk.shoulder[0], sk.elbow[0], sk.wrist[0], sk.hand[0]],
            vec![sk.shoulder[1], sk.elbow[1], sk.wrist[1], sk.hand[1]],
            vec![sk.hip[0], sk.knee[0], sk.ankle[0], sk.toe[0]],
            vec![sk.hip[1], sk.knee[1], sk.ankle[1], sk.toe[1]],
            vec![sk.pelvis, sk.lumbar_top, sk.thoracic_low, sk.thoracic_mid, sk.neck_base, sk.head_base],
        ]
    };
    let widths = [7.0, 7.0, 10.0, 10.0, 15.0];
    let moved = |a: &[V3], b: &[V3]| a.iter().zip(b).any(|(p, q)| p.sub(*q).length() > 4.0);
    let xy = |p: &V3| {
        let (x, y, _) = pr(*p);
        (x, y)
    };
    let mut out = Vec::new();
    for ((then, now), width) in chains(was).iter().zip(chains(now).iter()).zip(widths) {
        if moved(then, now) {
            out.push((f32::MIN / 2.0, Shape::Line { points: then.iter().map(xy).collect(), width, ink: Ink::Ghost }));
        }
    }
    if was.head_centre.sub(now.head_centre).length() > 4.0 {
        let centre = xy(&was.head_centre);
        out.push((f32::MIN / 2.0, Shape::Circle { centre, radius: HEAD_R, ink: Ink::Ghost, filled: true }));
    }
    out
}

/// The trunk: the torso between hips and shoulders (wider with a breath in), the spine, the
/// shoulder girdle, the pelvis and the neck.
fn torso_shapes(sk: &Skeleton, breath: f32, xy: &dyn Fn(V3) -> (f32, f32)) -> Vec<Shape> {
    let torso = [sk.hip[0], sk.shoulder[0], sk.shoulder[1], sk.hip[1]];
    let mut shapes_torso = vec![Shape::Polygon { points: torso.iter().map(|p| xy(*p)).collect(), ink: Ink::Body }];
    // A breath in widens the belly and lower ribs, to the sides and forward: an outline that
    // grows and shrinks, seen from any side.
    if breath > 0.05 {
        let waist = sk.pelvis.lerp(sk.lumbar_top, 0.9);
        let grow = |side: f32| {
            waist.add(sk.chest_left.scale(side * (9.0 + breath * 0.9))).add(sk.chest_forward.scale(breath * 0.5))
        };
        let belly = sk.pelvis.lerp(sk.lumbar_top, 0.5).add(sk.chest_forward.scale(6.0 + breath * 0.8));
        let points =
            vec![xy(sk.hip[0]), xy(grow(1.0)), xy(sk.shoulder[0]), xy(sk.shoulder[1]), xy(grow(-1.0)), xy(sk.hip[1])];
        shapes_torso.push(Shape::Polygon { points, ink: Ink::Body });
        shapes_torso.push(Shape::Circle {
            centre: xy(belly),
            radius: 7.0 + breath * 0.4,
            ink: Ink::Body,
            filled: true,
        });
    }
    shapes_torso.push(Shape::Line {
        points: [sk.pelvis, sk.lumbar_top, sk.thoracic_low, sk.thoracic_mid, sk.neck_base]
            .iter()
            .map(|p| xy(*p))
            .collect(),
        width: 19.0 + breath * 0.6,
        ink: Ink::Body,
    });
    shapes_torso.push(Shape::Line {
        points: vec![xy(sk.shoulder[0]), xy(sk.shoulder[1])],
        width: 11.0,
        ink: Ink::Body,
    });
    shapes_torso.push(Shape::Line { points: vec![xy(sk.hip[0]), xy(sk.hip[1])], width: 15.0, ink: Ink::Body });
    // The neck stops short of the head's centre line, so seen from behind it never crosses the head.
    shapes_torso.push(Shape::Line {
        points: vec![xy(sk.neck_base), xy(sk.neck_mid), xy(sk.neck_mid.lerp(sk.head_base, 0.6))],
        width: 8.0,
        ink: Ink::Body,
    });
    shapes_torso
}

/// What helps a newcomer read the move, with depths: the start position of a small head move,
/// and seen from behind, hair and the shoulder blades.
fn cue_shapes(
    figure: &Figure,
    pose: &Pose,
    sk: &Skeleton,
    (hd, torso_depth): (f32, f32),
    pr: &dyn Fn(V3) -> (f32, f32, f32),
) -> Vec<(f32, Shape)> {
    let mut layered = Vec::new();
    let xy = |p: V3| {
        let (x, y, _) = pr(p);
        (x, y)
    };
    let (hx, hy, _) = pr(sk.head_centre);
    // A small move of the head (a chin tuck, lifting the gaze): where the head started, faintly,
    // behind it.
    if figure.close_up
        && let Some((_, start)) = figure.keys.first()
    {
        let was = solve(start);
        let (x, y, _) = pr(was.head_centre);
        if ((x - hx).powi(2) + (y - hy).powi(2)).sqrt() > 0.5 {
            layered.push((hd - 5.0, Shape::Circle { centre: (x, y), radius: HEAD_R, ink: Ink::Prop, filled: true }));
        }
    }

    // A chin tuck seen from the side: a plumb line up from the shoulder, which the ear comes
    // over.
    let head_moves = figure
        .keys
        .first()
        .is_some_and(|(_, start)| solve(start).head_centre.sub(solve(&figure.end_pose()).head_centre).length() > 1.0);
    if figure.close_up && figure.view == View::Side && head_moves {
        let (x, y, _) = pr(sk.shoulder[0]);
        let (_, top, _) = pr(sk.head_centre.add(v3(0.0, HEAD_R + 8.0, 0.0)));
        layered
            .push((f32::MAX / 8.0, Shape::Line { points: vec![(x, y - 4.0), (x, top)], width: 0.8, ink: Ink::Guide }));
    }

    // A close-up where the shoulders move round (shoulder rolls): their circle, drawn larger
    // beside the shoulder, with an arrowhead for the way round.
    if figure.close_up && !head_moves {
        let path: Vec<(f32, f32)> =
            (0..=18_u16).map(|k| xy(figure.skeleton(&figure.pose_at(f32::from(k) / 20.0)).shoulder[0])).collect();
        let n = path.len() as f32;
        let (cx, cy) = path.iter().fold((0.0, 0.0), |(a, b), p| (a + p.0 / n, b + p.1 / n));
        let reach = path.iter().map(|p| ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()).fold(0.0_f32, f32::max);
        if reach > 1.0 {
            // Which way round it goes (the sign of the loop's area), drawn as a circular arrow
            // beside the shoulder, behind the neck.
            let turn: f32 = path.windows(2).map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1).sum();
            let sense = if turn >= 0.0 { 1.0 } else { -1.0 };
            let circle: Vec<(f32, f32)> = (0..=30_u16)
                .map(|k| {
                    let a = std::f32::consts::FRAC_PI_2 + sense * 5.3 * f32::from(k) / 30.0;
                    (cx - 15.0 + 6.0 * a.cos(), cy + 6.0 + 6.0 * a.sin())
                })
                .collect();
            layered.extend(arrow_along(circle, false));
        }
    }

    // Seen from behind: hair on the back of the head, so the back is never read as the front,
    // and the shoulder blades, which slide in and down as they are squeezed.
    if pr(sk.head_centre.add(sk.face)).2 < hd - 0.6 {
        let hair = sk.head_centre.add(sk.face.scale(-2.5)).add(sk.head_up.scale(2.0));
        let (x, y, _) = pr(hair);
        layered
            .push((hd + 0.4, Shape::Circle { centre: (x, y), radius: HEAD_R * 0.8, ink: Ink::FarLimb, filled: true }));
    }
    if pr(sk.neck_base.add(sk.chest_forward)).2 < pr(sk.neck_base).2 - 0.6 {
        for i in 0..2 {
            layered.push((torso_depth + 8.0, scapula(sk, pose, i, &xy)));
        }
    }

    layered
}

/// Which way the move goes: the path of the part that moves most in the picture (a hand, an
/// elbow or the head), from the start to the end of the move, as a thin line with an arrowhead.
/// None when nothing moves far enough to need it.
fn path_arrow(figure: &Figure, pr: &dyn Fn(V3) -> (f32, f32, f32)) -> Vec<(f32, Shape)> {
    // The move (0 → 0.5), and where a keyframe after the held position takes it somewhere else
    // (cat–cow: back, then forward), that second stretch too.
    let mut spans = vec![(0.0, 0.5)];
    // Only a second stretch that goes on past the start (cat–cow's rounding after the arch, wall
    // angels' W below the goal post); a walk's swing between is not a second move.
    let parts = |u: f32| {
        let sk = figure.skeleton(&figure.pose_at(u));
        [sk.hand[0], sk.hand[1], sk.head_centre]
    };
    let (start, end) = (parts(0.0), parts(0.5));
    let past = |at: f32| {
        let then = parts(at);
        (0..3).any(|i| then[i].sub(end[i]).length() > start[i].sub(end[i]).length() + 3.0)
    };
    let second =
        figure.keys.iter().find(|(at, pose)| *at > 0.55 && *at < 0.95 && *pose != figure.end_pose() && past(*at));
    if let Some((at, _)) = second {
        spans.push((0.5, *at));
    }
    spans.into_iter().flat_map(|span| span_arrows(figure, span, pr)).collect()
}

/// The arrows for the stretch of the move from `span.0` to `span.1`: along the part that moves
/// most, and along its partner on the other side when that moves as far (both arms).
fn span_arrows(figure: &Figure, (from, to): (f32, f32), pr: &dyn Fn(V3) -> (f32, f32, f32)) -> Vec<(f32, Shape)> {
    const STEPS: u16 = 10;
    // The hands, the elbows, the head and the front of the chest (which a chest lift moves most).
    let parts = |sk: &Skeleton| {
        [
            sk.hand[0],
            sk.hand[1],
            sk.elbow[0],
            sk.elbow[1],
            sk.head_centre,
            sk.thoracic_mid.add(sk.chest_forward.scale(14.0)),
        ]
    };
    let flat = |p: V3| {
        let (x, y, _) = pr(p);
        (x, y)
    };
    let track: Vec<[V3; 6]> = (0..=STEPS)
        .map(|k| parts(&figure.skeleton(&figure.pose_at(from + (to - from) * f32::from(k) / f32::from(STEPS)))))
        .collect();
    let (Some(first), Some(last)) = (track.first(), track.last()) else { return Vec::new() };
    let distance = |a: (f32, f32), b: (f32, f32)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    let moved: Vec<f32> = (0..6).map(|i| distance(flat(first[i]), flat(last[i]))).collect();
    let Some(mut which) = (0..6).max_by(|a, b| moved[*a].total_cmp(&moved[*b])) else { return Vec::new() };
    // The head follows a chest that lifts: where the chest moves nearly as far, the arrow is on it.
    if which == 4 && moved[5] >= 0.6 * moved[4] {
        which = 5;
    }
    // A short path reads as a mark, not a direction (fresh eyes saw "a party hat" on a chin
    // tuck): small moves show their start position instead.
    if moved[which] < 6.0 {
        return Vec::new();
    }
    // Both arms moving alike get an arrow each (one arrow read as "move the left arm").
    let partner = match which {
        0 => Some(1),
        1 => Some(0),
        2 => Some(3),
        3 => Some(2),
        _ => None,
    };
    let mut chosen = vec![which];
    chosen.extend(partner.filter(|p| moved[*p] >= 0.8 * moved[which]));
    let mut out = Vec::new();
    for part in chosen {
        // The head's path is drawn just above it, where it does not cover the face.
        let lift = if part == 4 { HEAD_R + 4.0 } else { 0.0 };
        let points: Vec<(f32, f32)> = track.iter().map(|p| flat(p[part])).map(|(x, y)| (x, y + lift)).collect();
        out.extend(arrow_along(points, true));
    }
    out
}

/// A thin line along `points` with an arrowhead at its end, pointing the way of the last
/// stretch that moves (a move may reach its end early). With `trim`, a tail that turns back is
/// left off (not for a loop).
pub(crate) fn arrow_along(mut points: Vec<(f32, f32)>, trim: bool) -> Vec<(f32, Shape)> {
    let distance = |a: (f32, f32), b: (f32, f32)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
    // A path that turns back a little at its end (a hand that goes past the shoulder line seen
    // from the front) ends where it was furthest, so the head never points back the way it came.
    if let (true, Some(&first), Some(&last)) = (trim, points.first(), points.last()) {
        let overall = (last.0 - first.0, last.1 - first.1);
        while points.len() > 2 {
            let n = points.len();
            let step = (points[n - 1].0 - points[n - 2].0, points[n - 1].1 - points[n - 2].1);
            if step.0 * overall.0 + step.1 * overall.1 >= 0.0 {
                break;
            }
            points.pop();
        }
    }
    let Some(&end) = points.last() else { return Vec::new() };
    let before = points.iter().rev().copied().find(|p| distance(*p, end) > 0.5).unwrap_or(points[0]);
    let (dx, dy) = (end.0 - before.0, end.1 - before.1);
    let len = (dx * dx + dy * dy).sqrt().max(1e-3);
    let (ux, uy) = (dx / len, dy / len);
    let head = vec![
        (end.0 + ux * 3.0, end.1 + uy * 3.0),
        (end.0 - ux * 3.0 - uy * 3.0, end.1 - uy * 3.0 + ux * 3.0),
        (end.0 - ux * 3.0 + uy * 3.0, end.1 - uy * 3.0 - ux * 3.0),
    ];
    // Over the body and the furniture, under the marks: thin enough to read through.
    let over = f32::MAX / 5.0;
    vec![
        (over, Shape::Line { points, width: 1.6, ink: Ink::Arrow }),
        (over, Shape::Polygon { points: head, ink: Ink::Arrow }),
    ]
}

/// A shoulder blade on the upper back (side `i`: 0 left), as a lighter plate: drawing the blade
/// back (`clavicle_back`) slides it towards the spine, a shrug (`clavicle`) lifts it.
fn scapula(sk: &Skeleton, pose: &Pose, i: usize, xy: &dyn Fn(V3) -> (f32, f32)) -> Shape {
    let side = if i == 0 { 1.0 } else { -1.0 };
    let names = if i == 0 { ("clavicle_back_l", "clavicle_l") } else { ("clavicle_back_r", "clavicle_r") };
    let back = pose.get(names.0).to_radians().sin();
    let up = pose.get(names.1).to_radians().sin() * 14.0;
    let behind = sk.chest_forward.scale(-9.0);
    let at = |across: f32, down: f32| {
        sk.neck_base.add(sk.chest_left.scale(side * across)).add(sk.head_up.scale(0.0)).add(behind).add(
            // "down" runs along the spine, from the neck towards the waist.
            v3(sk.lumbar_top.x - sk.neck_base.x, sk.lumbar_top.y - sk.neck_base.y, sk.lumbar_top.z - sk.neck_base.z)
                .scale((down - up) / THORACIC),
        )
    };
    let medial = 8.0 - 9.0 * back;
    let corners = [at(medial, 3.0), at(medial + 9.0, 2.0), at(medial + 3.0, 18.0)];
    Shape::Polygon { points: corners.iter().map(|p| xy(*p)).collect(), ink: Ink::FarLimb }
}

/// The point of the polyline `line` nearest to `point`.
fn nearest_on(line: &[V3], point: V3) -> V3 {
    let mut best = line.first().copied().unwrap_or_default();
    let mut best_d = f32::MAX;
    for pair in line.windows(2) {
        let (from, to) = (pair[0], pair[1]);
        let along = to.sub(from);
        let l2 = along.dot(along);
        let t = if l2 > 0.0 { (point.sub(from).dot(along) / l2).clamp(0.0, 1.0) } else { 0.0 };
        let q = from.lerp(to, t);
        let d = point.sub(q).length();
        if d < best_d {
            (best, best_d) = (q, d);
        }
    }
    best
}

fn cross(a: V3, b: V3) -> V3 {
    v3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}

/// Where a region is on the posed body: spots (centre, radius).
fn region_spots(region: Region, sk: &Skeleton, breath: f32) -> Vec<(V3, f32)> {
    let back = sk.chest_forward.scale(-1.0);
    let along = |t: f32| sk.lumbar_top.lerp(sk.neck_base, t);
    let (left, right) = (0, 1);
    let lateral = |i: usize, k: f32| sk.chest_left.scale(if i == 0 { k } else { -k });
    let neck_side = |i: usize| sk.neck_mid.add(lateral(i, 4.5));
    let top_of = |i: usize| sk.neck_base.lerp(sk.shoulder[i], 0.55).add(sk.head_up.scale(3.0));
    match region {
        Region::BetweenShoulderBlades => vec![(along(0.72).add(back.scale(9.0)), 6.0)],
        Region::LowerShoulderBlades => vec![(along(0.45).add(back.scale(9.0)), 6.5)],
        Region::MidBack => vec![(along(0.4).add(back.scale(9.0)), 7.0)],
        Region::Chest => vec![(along(0.7).add(sk.chest_forward.scale(9.0)), 6.5)],
        Region::FrontShoulders => (0..2).map(|i| (sk.shoulder[i].add(sk.chest_forward.scale(4.0)), 6.0)).collect(),
        Region::RearShoulders => (0..2).map(|i| (sk.shoulder[i].add(back.scale(4.0)), 6.0)).collect(),
        Region::Shoulders => (0..2).map(|i| (sk.shoulder[i], 6.5)).collect(),
        Region::ShoulderTops => (0..2).map(|i| (top_of(i), 6.0)).collect(),
        Region::ShoulderTopLeft => vec![(top_of(left), 6.0)],
        Region::ShoulderTopRight => vec![(top_of(right), 6.0)],
        Region::SideNeckLeft => vec![(neck_side(left), 5.0)],
        Region::SideNeckRight => vec![(neck_side(right), 5.0)],
        Region::BackNeckLeft => vec![(neck_side(left).add(back.scale(3.0)), 5.5)],
        Region::BackNeckRight => vec![(neck_side(right).add(back.scale(3.0)), 5.5)],
        Region::BackNeck => vec![(sk.neck_mid.add(back.scale(3.5)), 5.0)],
        Region::FrontNeck => vec![(sk.neck_mid.add(sk.chest_forward.scale(3.5)), 5.0)],
        Region::Lats => (0..2).map(|i| (along(0.35).add(lateral(i, 12.0)), 6.0)).collect(),
        // These two swell with the breath (`ribs`, 0 to 10).
        Region::Ribs => vec![(along(0.25).add(sk.chest_forward.scale(8.0)), 8.0 + breath * 0.6)],
        Region::Belly => {
            vec![(sk.pelvis.lerp(sk.lumbar_top, 1.0).add(sk.chest_forward.scale(9.0)), 6.0 + breath * 0.7)]
        }
        Region::Eyes => vec![(sk.head_centre.add(sk.face.scale(HEAD_R)), 5.0)],
    }
}

/// An axis-aligned box in the world, drawn as the rectangle it projects to.
/// Seen straight on (front, side, back, above) a box is the rectangle of two corners; turned (the
/// three-quarter view) it is the outline of all eight, so furniture turns with the figure.
fn cuboid(min: V3, max: V3, ink: Ink, pr: &dyn Fn(V3) -> (f32, f32, f32)) -> (f32, Shape) {
    let corners: Vec<(f32, f32, f32)> = (0..8)
        .map(|k| {
            let pick = |bit: u8, lo: f32, hi: f32| if k & bit == 0 { lo } else { hi };
            pr(v3(pick(1, min.x, max.x), pick(2, min.y, max.y), pick(4, min.z, max.z)))
        })
        .collect();
    let depth = corners.iter().map(|c| c.2).fold(f32::MAX, f32::min) - 0.1;
    let points: Vec<(f32, f32)> = corners.iter().map(|c| (c.0, c.1)).collect();
    let (x0, x1) = points.iter().fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (y0, y1) = points.iter().fold((f32::MAX, f32::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let hull = convex_hull(points);
    let straight = hull.iter().all(|p| {
        ((p.0 - x0).abs() < 0.01 || (p.0 - x1).abs() < 0.01) && ((p.1 - y0).abs() < 0.01 || (p.1 - y1).abs() < 0.01)
    });
    if straight {
        (depth, Shape::Rect { min: (x0, y0), max: (x1, y1), ink })
    } else {
        (depth, Shape::Polygon { points: hull, ink })
    }
}

/// The convex hull of `points`, counter-clockwise (Andrew's monotone chain).
fn convex_hull(mut points: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    points.dedup_by(|a, b| (a.0 - b.0).abs() < 1e-4 && (a.1 - b.1).abs() < 1e-4);
    if points.len() < 3 {
        return points;
    }
    let turn = |o: (f32, f32), a: (f32, f32), b: (f32, f32)| (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0);
    let mut hull: Vec<(f32, f32)> = Vec::with_capacity(points.len() * 2);
    for pass in [points.clone(), points.iter().rev().copied().collect()] {
        let start = hull.len();
        for p in pass {
            while hull.len() >= start + 2 && turn(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0 {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop();
    }
    hull
}

/// The shapes of one prop, with their depths.
/// Furniture is placed from the set-up (`setup`, the first keyframe) and stays put; what is held
/// (bottles, a band) follows the posed skeleton `sk`.
fn prop_shapes(
    prop: Prop,
    view: View,
    (sk, setup): (&Skeleton, &Skeleton),
    (stance, holding): (Stance, [bool; 2]),
    pr: &dyn Fn(V3) -> (f32, f32, f32),
) -> Vec<(f32, Shape)> {
    let far = -1000.0;
    let mut out = Vec::new();
    let mut b = |min: V3, max: V3, ink: Ink| out.push(cuboid(min, max, ink, pr));
    match prop {
        Prop::Chair(back) => {
            let z0 = contact::seat(setup).0.z;
            b(v3(-22.0, SEAT - 4.0, z0), v3(22.0, SEAT, z0 + 40.0), Ink::Prop);
            for (x, z) in [(-20.0, z0), (18.0, z0), (-20.0, z0 + 38.0), (18.0, z0 + 38.0)] {
                b(v3(x, 0.0, z), v3(x + 2.0, SEAT - 4.0, z + 2.0), Ink::Prop);
            }
            let height = match back {
                ChairBack::Low => 24.0,
                ChairBack::Mid => 36.0,
                ChairBack::High => 52.0,
            };
            b(v3(-20.0, SEAT, z0 - 3.0), v3(20.0, SEAT + height, z0), Ink::Prop);
        }
        Prop::Wall => b(contact::WALL.0, contact::WALL.1, Ink::Prop),
        Prop::DoorFrame => {
            for (min, max) in contact::JAMBS {
                b(min, max, Ink::Prop);
            }
            if view != View::Top {
                b(v3(contact::JAMBS[1].0.x, 205.0, -6.0), v3(contact::JAMBS[0].1.x, 212.0, 6.0), Ink::Prop);
            }
        }
        Prop::Desk => {
            let z = contact::desk(setup).0.z;
            b(v3(-60.0, 70.0, z), v3(60.0, 74.0, z + 70.0), Ink::Prop);
            b(v3(-58.0, 0.0, z + 2.0), v3(-54.0, 70.0, z + 6.0), Ink::Prop);
            b(v3(54.0, 0.0, z + 64.0), v3(58.0, 70.0, z + 68.0), Ink::Prop);
        }
        Prop::Mat => {
            let (z0, z1) = if stance == Stance::SideLying { (-100.0, 60.0) } else { (-130.0, 90.0) };
            b(v3(-45.0, -1.0, z0), v3(45.0, 0.0, z1), Ink::Prop);
        }
        Prop::Pillow => {
            let c = sk.head_centre;
            b(v3(c.x - 13.0, 0.0, c.z - 12.0), v3(c.x + 13.0, (c.y - HEAD_R).max(2.0), c.z + 12.0), Ink::Prop);
        }
        Prop::Bottles => {
            // Not in a hand that rests on something (the other hand on the desk).
            for h in sk.hand.iter().zip(holding).filter(|(_, free)| *free).map(|(h, _)| *h) {
                b(v3(h.x - 3.5, h.y - 11.0, h.z - 3.5), v3(h.x + 3.5, h.y + 5.0, h.z + 3.5), Ink::Prop);
            }
        }
        Prop::Band(anchor) => {
            let d = pr(sk.neck_base).2 + 5.0;
            let depth_of = |p: V3| pr(p).2;
            let pr = |p: V3| {
                let (x, y, _) = pr(p);
                (x, y)
            };
            let lines: Vec<Vec<V3>> = match anchor {
                BandAnchor::Hands => vec![vec![sk.wrist[0], sk.wrist[1]]],
                BandAnchor::Feet => (0..2).map(|i| vec![sk.toe[i], sk.wrist[i]]).collect(),
                BandAnchor::Foot => vec![vec![sk.ankle[0].lerp(sk.toe[0], 0.5), sk.wrist[0]]],
                BandAnchor::Ahead => {
                    // A post, placed from the set-up (it stays put), the band looped round it at
                    // chest height. Seen from the front it would stand over the chest, between the
                    // viewer and the figure: there the inset from above shows it instead.
                    let anchor = v3(0.0, setup.neck_base.y - 15.0, setup.neck_base.z + 90.0);
                    if view != View::Front {
                        b(v3(-3.0, 0.0, anchor.z), v3(3.0, anchor.y + 12.0, anchor.z + 6.0), Ink::Prop);
                    }
                    (0..2).map(|i| vec![anchor, sk.wrist[i]]).collect()
                }
            };
            for l in lines {
                // Each strand over the nearest thing it runs to (a hand, a foot), so a band from
                // the feet is seen reaching the hand over the leg, not stopping at the thigh.
                let near = l.iter().map(|p| depth_of(*p)).fold(d, f32::max) + 2.0;
                out.push((near, Shape::Line { points: l.into_iter().map(pr).collect(), width: 2.5, ink: Ink::Band }));
            }
        }
    }
    // Walls and furniture sit behind the figure in the front and back views.
    if matches!(view, View::Front | View::Back | View::HeadEnd | View::ThreeQuarter | View::Oblique)
        && matches!(prop, Prop::Wall)
    {
        for o in &mut out {
            o.0 = far;
        }
    }
    out
}

/// The whole picture as SVG: `main` (seen from `view`), and `inset` (seen from `inset_view`) small
/// in its top right corner on a panel of its own, as the window shows them.
pub fn figure_svg(main: &Drawing, view: View, inset: Option<(&Drawing, View)>, width: u32, label: &str) -> String {
    let mut svg = main.to_svg(view, width, label);
    let Some((small, small_view)) = inset else { return svg };
    let ((x0, y0), (x1, y1)) = main.frame;
    let ((a0, b0), (a1, b1)) = small.frame;
    let (w, h) = (x1 - x0, y1 - y0);
    let iw = w * INSET_SHARE;
    let ih = (iw * (b1 - b0) / (a1 - a0)).min(h * 0.45);
    // The small picture's shapes, scaled into the corner (a group, which every SVG reader draws).
    let inner = small.to_svg(small_view, 100, "");
    let body_start = inner.find("\n<rect").unwrap_or(0);
    let body_end = inner.rfind("</svg>").unwrap_or(inner.len());
    let k = iw / (a1 - a0);
    let inner = format!(
        "<g transform=\"translate({:.1} 2) scale({k:.4})\">{}</g>\n",
        w - iw - 2.0,
        &inner[body_start..body_end]
    );
    let ih = ih.min((b1 - b0) * k);
    // Clipped to its panel, so a wall or a floor never runs out over the main picture.
    let inner = format!(
        "<clipPath id=\"inset\"><rect x=\"{:.1}\" y=\"2\" width=\"{iw:.1}\" height=\"{ih:.1}\"/></clipPath>\n<g clip-path=\"url(#inset)\">{inner}</g>\n",
        w - iw - 2.0
    );
    let panel = format!(
        "<rect x=\"{:.1}\" y=\"2\" width=\"{iw:.1}\" height=\"{ih:.1}\" fill=\"none\" stroke=\"#9aa5a3\" stroke-width=\"0.8\" rx=\"2\"/>\n",
        w - iw - 2.0
    );
    if let Some(end) = svg.rfind("</svg>") {
        svg.insert_str(end, &format!("{inner}{panel}"));
    }
    svg
}

/// How much of the main picture's width the inset takes.
pub const INSET_SHARE: f32 = 0.36;

impl Drawing {
    /// The floor line for views that have one.
    pub fn floor(&self, view: View) -> Option<(f32, f32, f32)> {
        let ((x0, y0), (x1, _)) = self.frame;
        // Seen from well above, the floor is a plane, not a line (the mat shows it).
        (!matches!(view, View::Top | View::Oblique) && y0 <= 0.0).then_some((x0, x1, 0.0))
    }

    /// The drawing as a standalone SVG document, `width` pixels wide, in the light theme's
    /// colours, with `label` as its accessible title.
    pub fn to_svg(&self, view: View, width: u32, label: &str) -> String {
        let ((x0, y0), (x1, y1)) = self.frame;
        let (w, h) = (x1 - x0, y1 - y0);
        let height = (width as f32 * h / w).round();
        let p = |(x, y): (f32, f32)| format!("{:.1},{:.1}", x - x0, y1 - y);
        let colour = |ink: Ink| svg_ink(ink).0;
        let opacity = |ink: Ink| svg_ink(ink).1;
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {w} {h}\" role=\"img\">\n<title>{}</title>\n<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n",
            xml_escape(label)
        );
        if let Some((a, b, y)) = self.floor(view) {
            let _ = writeln!(
                out,
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"#9aa5a3\" stroke-width=\"1.5\"/>",
                a - x0,
                y1 - y,
                b - x0,
                y1 - y
            );
        }
        for shape in &self.shapes {
            if let Shape::Line { points, width, ink: Ink::Body | Ink::FarLimb } = shape {
                // A halo in the background colour keeps a limb apart from the body behind it.
                let _ = writeln!(
                    out,
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"{:.1}\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>",
                    points.iter().map(|q| p(*q)).collect::<Vec<_>>().join(" "),
                    width + HALO
                );
            }
            let line = match shape {
                Shape::Line { points, width, ink } => format!(
                    "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{width:.1}\" stroke-linecap=\"round\" stroke-linejoin=\"round\"{}{}/>",
                    points.iter().map(|q| p(*q)).collect::<Vec<_>>().join(" "),
                    colour(*ink),
                    opacity(*ink),
                    if *ink == Ink::Guide { " stroke-dasharray=\"3 2\"" } else { "" }
                ),
                Shape::Limb { points, widths, thumb, ink } => limb_svg(points, widths, *thumb, colour(*ink), &p),
                Shape::Circle { centre, radius, ink, filled } => {
                    let (cx, cy) = (centre.0 - x0, y1 - centre.1);
                    let opacity = opacity(*ink);
                    if *filled {
                        format!(
                            "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{radius:.1}\" fill=\"{}\"{opacity}/>",
                            colour(*ink)
                        )
                    } else {
                        format!(
                            "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{radius:.1}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.6\" stroke-dasharray=\"3 2\"/>",
                            colour(*ink)
                        )
                    }
                }
                Shape::Rect { min, max, ink } => format!(
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\"/>",
                    min.0 - x0,
                    y1 - max.1,
                    max.0 - min.0,
                    max.1 - min.1,
                    colour(*ink)
                ),
                Shape::Polygon { points, ink } => format!(
                    "<polygon points=\"{}\" fill=\"{}\"{}/>",
                    points.iter().map(|q| p(*q)).collect::<Vec<_>>().join(" "),
                    colour(*ink),
                    opacity(*ink)
                ),
            };
            out.push_str(&line);
            out.push('\n');
        }
        let _ = y0;
        out.push_str("</svg>\n");
        out
    }
}

/// An ink's colour in SVG, and its opacity attributes.
fn svg_ink(ink: Ink) -> (&'static str, &'static str) {
    match ink {
        Ink::Body => ("#2f3a39", ""),
        Ink::FarLimb => ("#8c9896", ""),
        Ink::Face => ("#ffffff", ""),
        Ink::Prop => ("#c9d1cf", ""),
        Ink::Device => ("#6f7b79", ""),
        Ink::Band => ("#d0742c", ""),
        Ink::Highlight => ("#e8913a", " fill-opacity=\"0.45\" stroke-opacity=\"0.6\""),
        Ink::Stretch => ("#8a63d2", " fill-opacity=\"0.45\" stroke-opacity=\"0.6\""),
        Ink::Arrow | Ink::Guide => ("#3b7ea1", ""),
        Ink::Ghost => ("#3b7ea1", " fill-opacity=\"0.22\" stroke-opacity=\"0.22\""),
        Ink::Shadow => ("#000000", " fill-opacity=\"0.1\""),
    }
}

/// A tapered limb in SVG: its halo in the background colour, then the limb in `fill`.
fn limb_svg(
    points: &[(f32, f32)],
    widths: &[f32],
    thumb: Option<[(f32, f32); 2]>,
    fill: &str,
    p: &dyn Fn((f32, f32)) -> String,
) -> String {
    let mut text = String::new();
    for (extra, fill) in [(HALO, "#ffffff"), (0.0, fill)] {
        let (quads, discs) = limb_pieces(points, widths, thumb, extra);
        for q in quads {
            let _ = writeln!(
                text,
                "<polygon points=\"{}\" fill=\"{fill}\"/>",
                q.iter().map(|c| p(*c)).collect::<Vec<_>>().join(" ")
            );
        }
        for (c, r) in discs {
            let centre = p(c);
            let (x, y) = centre.split_once(',').unwrap_or(("0", "0"));
            let _ = writeln!(text, "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r:.1}\" fill=\"{fill}\"/>");
        }
    }
    text.pop();
    text
}

/// How much wider than a limb its halo is, in centimetres.
pub const HALO: f32 = 3.0;

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: V3, b: V3) -> bool {
        (a.x - b.x).abs() < 0.01 && (a.y - b.y).abs() < 0.01 && (a.z - b.z).abs() < 0.01
    }

    #[test]
    fn standing_figure_stands_on_the_floor_with_its_arms_down() {
        let sk = solve(&Stance::Standing.pose());
        assert!(sk.toe[0].y.abs() < 0.01 && sk.ankle[1].y > 0.0, "feet on the floor: {:?}", sk.toe);
        assert!(close(sk.hip[0], v3(HIP_HALF, HIP_HEIGHT, 0.0)), "the left hip is on the left: {:?}", sk.hip[0]);
        let hand = sk.hand[0];
        assert!((hand.y - (sk.shoulder[0].y - UPPER_ARM - FOREARM - HAND)).abs() < 0.01, "arm hangs straight");
        assert!(sk.toe[0].z > sk.ankle[0].z, "feet point forward");
        assert!(sk.head_centre.y > 160.0 && sk.head_centre.y < 180.0, "a head at about 170 cm: {}", sk.head_centre.y);
    }

    #[test]
    fn known_angles_put_the_joints_where_anatomy_says() {
        // The left arm raised forward to level: the hand is straight ahead of the shoulder.
        let sk = solve(&Stance::Standing.pose().with(&[("shoulder_l", 90.0)]));
        let (s, h) = (sk.shoulder[0], sk.hand[0]);
        assert!((h.y - s.y).abs() < 0.01 && h.z > s.z + 60.0, "{s:?} → {h:?}");
        // Out to the side (abduction): straight out to the left.
        let sk = solve(&Stance::Standing.pose().with(&[("shoulder_l", 90.0), ("shoulder_plane_l", 90.0)]));
        assert!(sk.hand[0].x > sk.shoulder[0].x + 60.0 && (sk.hand[0].z - sk.shoulder[0].z).abs() < 0.01);
        // The same for the right arm goes to the right.
        let sk = solve(&Stance::Standing.pose().with(&[("shoulder_r", 90.0), ("shoulder_plane_r", 90.0)]));
        assert!(sk.hand[1].x < sk.shoulder[1].x - 60.0);
        // Goal-post: elbows at shoulder height, forearms straight up.
        let goal = [("shoulder_l", 90.0), ("shoulder_plane_l", 90.0), ("elbow_l", 90.0)];
        let sk = solve(&Stance::Standing.pose().with(&goal));
        assert!((sk.wrist[0].y - sk.elbow[0].y - FOREARM).abs() < 0.01, "forearm vertical: {:?}", sk.wrist[0]);
        // Band W: elbow at the side bent 90°, then rotated out: the hand swings to the left.
        let w = Stance::Standing.pose().with(&[("elbow_l", 90.0)]);
        let ahead = solve(&w);
        assert!(ahead.wrist[0].z > ahead.elbow[0].z + 25.0, "forearm forward");
        let out = solve(&w.with(&[("shoulder_rot_l", 50.0)]));
        assert!(out.wrist[0].x > ahead.wrist[0].x + 15.0 && (out.elbow[0].x - ahead.elbow[0].x).abs() < 0.01);
        // Seated: knees at hip height in front, shins down to the floor.
        let sk = solve(&Stance::Seated.pose());
        assert!((sk.knee[0].y - sk.hip[0].y).abs() < 0.01 && sk.knee[0].z > 40.0);
        assert!(sk.ankle[0].y < 10.0 && sk.ankle[0].y > 0.0, "feet on the floor: {:?}", sk.ankle[0]);
        // A forward bend of the trunk moves the neck forward; a turn to the left moves the left
        // shoulder back.
        let bent = solve(&Stance::Seated.pose().with(&[("thoracic", 30.0)]));
        assert!(bent.neck_base.z > 10.0);
        let turned = solve(&Stance::Seated.pose().with(&[("thoracic_turn", 40.0)]));
        assert!(turned.shoulder[0].z < -5.0 && turned.shoulder[1].z > 5.0);
    }

    #[test]
    fn a_chin_tuck_glides_the_head_back_and_keeps_the_face_level() {
        let start = solve(&Stance::Seated.pose().with(&[("neck_lower", 10.0), ("neck_upper", -10.0)]));
        let tucked = solve(&Stance::Seated.pose().with(&[("neck_lower", -12.0), ("neck_upper", 12.0)]));
        let back = start.head_centre.z - tucked.head_centre.z;
        assert!((2.0..4.0).contains(&back), "2–3 cm back, not a nod: {back}");
        assert!(tucked.face.y.abs() < 0.01 && start.face.y.abs() < 0.01, "gaze stays level");
    }

    #[test]
    fn mirroring_draws_the_other_side() {
        let fig = Figure {
            view: View::Front,
            stance: Stance::Standing,
            label: String::new(),
            props: vec![],
            highlight: vec![Region::SideNeckLeft],
            keys: vec![(0.0, Stance::Standing.pose()), (1.0, Stance::Standing.pose().with(&[("shoulder_l", 90.0)]))],
            cycle: Duration::from_secs(4),
            mirror: true,
            close_up: false,
            contacts: vec![],
            inset: None,
            stretches: vec![],
            variants: vec![],
            fitted: std::sync::OnceLock::new(),
            inset_fitted: std::sync::OnceLock::new(),
            solved_setup: std::sync::OnceLock::new(),
        };
        let pose = Stance::Standing.pose().with(&[("shoulder_l", 90.0), ("shoulder_plane_l", 90.0)]);
        let xs = |d: &Drawing| {
            d.shapes
                .iter()
                .filter_map(|s| match s {
                    Shape::Line { points, .. } | Shape::Limb { points, .. } => {
                        points.iter().map(|p| p.0).reduce(f32::max)
                    }
                    Shape::Circle { .. } | Shape::Rect { .. } | Shape::Polygon { .. } => None,
                })
                .fold(f32::MIN, f32::max)
        };
        let left = draw(&fig, &pose, false);
        let right = draw(&fig, &pose, true);
        // In the front view the figure's left is on the viewer's right; mirrored, the raised arm
        // is on the viewer's left.
        assert!(xs(&left) > 80.0 && xs(&right) < 30.0, "{} {}", xs(&left), xs(&right));
        let glow = |d: &Drawing| {
            d.shapes.iter().find_map(|s| match s {
                Shape::Circle { centre, ink: Ink::Highlight, .. } => Some(centre.0),
                Shape::Circle { .. }
                | Shape::Line { .. }
                | Shape::Rect { .. }
                | Shape::Polygon { .. }
                | Shape::Limb { .. } => None,
            })
        };
        let (a, b) = (glow(&left).unwrap(), glow(&right).unwrap());
        assert!(a > 0.0 && b < 0.0, "the highlight follows the side: {a} {b}");
    }

    fn rep(up: u64, hold: u64, down: u64) -> Phase {
        Phase::Rep { up: Duration::from_secs(up), hold: Duration::from_secs(hold), down: Duration::from_secs(down) }
    }

    fn two_key_figure() -> Figure {
        let end = Stance::Seated.pose().with(&[("thoracic", -20.0)]);
        Figure {
            view: View::Side,
            stance: Stance::Seated,
            label: String::new(),
            props: vec![],
            highlight: vec![],
            keys: vec![(0.0, Stance::Seated.pose()), (0.5, end), (1.0, Stance::Seated.pose())],
            cycle: Duration::from_secs(4),
            mirror: false,
            close_up: false,
            contacts: vec![],
            inset: None,
            stretches: vec![],
            variants: vec![],
            fitted: std::sync::OnceLock::new(),
            inset_fitted: std::sync::OnceLock::new(),
            solved_setup: std::sync::OnceLock::new(),
        }
    }

    #[test]
    fn the_figure_moves_with_up_hold_and_down_and_holds_still() {
        let fig = two_key_figure();
        let at = |s: f32| moment(&fig, rep(3, 2, 3), Duration::from_secs_f32(s), false);
        assert!(at(0.0).u.abs() < 1e-6);
        assert!(at(1.5).moving && (at(1.5).u - 0.25).abs() < 1e-4);
        // At the end of "up" the pose is the end pose, and it stays there through the hold.
        let end = fig.pose_at(at(3.0).u);
        assert_eq!(end, fig.keys[1].1, "the end of up is the end pose");
        assert!(!at(4.0).moving && fig.pose_at(at(4.0).u) == end, "still in the hold");
        assert!(at(6.5).moving && at(6.5).u > 0.5);
        assert_eq!(fig.pose_at(at(8.0).u), fig.keys[0].1, "back at the start after down");
        // A hold is eased into over 2.5 s and then holds.
        let hold = Phase::Hold { length: Duration::from_secs(20) };
        let h = |s: f32| moment(&fig, hold, Duration::from_secs_f32(s), false);
        assert!(h(0.5).moving && h(2.0).moving && !h(2.6).moving && (h(10.0).u - 0.5).abs() < 1e-6);
        let r = moment(&fig, Phase::Release { length: Duration::from_secs(3) }, Duration::from_secs(3), false);
        assert!((r.u - 1.0).abs() < 1e-6 && !r.moving);
        // Getting ready: the start pose, still.
        let still = moment(&fig, Phase::Still, Duration::from_secs(2), false);
        assert_eq!(still, Moment { u: 0.0, mirrored: false, moving: false, hold: None, preview: true });
    }

    #[test]
    fn keyframes_ease_in_and_out() {
        let fig = two_key_figure();
        let q = fig.pose_at(0.125).get("thoracic");
        // Linear would be -10 at a quarter of the move; eased it is still near the start.
        assert!(q > -10.0 && q < 0.0, "{q}");
        assert!((fig.pose_at(0.25).get("thoracic") + 10.0).abs() < 1e-4, "half-way is half-way");
    }

    #[test]
    fn unknown_joints_are_errors_that_suggest_the_right_name() {
        let def = FigureDef {
            view: View::Side,
            keys: vec![
                KeyDef { at: 0.0, joints: BTreeMap::new() },
                KeyDef { at: 0.5, joints: [("thorasic".to_owned(), -10.0)].into_iter().collect() },
            ],
            ..FigureDef::default()
        };
        let err = resolve(&def, vec![], false).unwrap_err();
        assert_eq!(err[0].anchor, "\"thorasic\"");
        assert_eq!(err[0].message, "unknown joint \"thorasic\"; did you mean \"thoracic\"?");
        let one = FigureDef { keys: vec![KeyDef { at: 0.0, joints: BTreeMap::new() }], ..def };
        assert!(resolve(&one, vec![], false).unwrap_err()[0].message.contains("two keyframes"));
    }

    #[test]
    fn svg_has_the_label_and_the_shapes() {
        let fig = two_key_figure();
        let svg = draw(&fig, &fig.keys[1].1, false).to_svg(View::Side, 300, "Arching <back>");
        assert!(svg.starts_with("<svg") && svg.contains("<title>Arching &lt;back&gt;</title>"));
        assert!(svg.matches("<polyline").count() >= 6, "{svg}");
    }

    /// Every built-in exercise is drawn: a figure with at least two keyframes (the joints in them
    /// are checked when the file loads), and at every moment of a repetition, on both sides,
    /// everything but walls and mats stays inside the picture.
    #[test]
    fn every_built_in_exercise_has_a_figure_that_stays_in_its_frame() {
        let loaded = crate::core::catalogue::load(&crate::core::builtin::sources());
        assert_eq!(loaded.error_count(), 0, "{:?}", loaded.diagnostics);
        assert_eq!(loaded.catalogue.exercises.len(), 30);
        for exercise in loaded.catalogue.exercises.values() {
            let fig = exercise.figure.as_ref().unwrap_or_else(|| panic!("{} has no figure", exercise.id));
            assert!(fig.keys.len() >= 2, "{}", exercise.id);
            assert!(!fig.label.is_empty(), "{} needs a label", exercise.id);
            assert!(fig.key_poses().len() >= 2, "{} does not move", exercise.id);
            let bounded = Figure {
                props: fig.props.iter().copied().filter(|p| !matches!(p, Prop::Wall | Prop::Mat)).collect(),
                ..fig.clone()
            };
            let ((x0, y0), (x1, y1)) = fig.frame();
            let inside = |x: f32, y: f32, r: f32| {
                x - r >= x0 - 0.5 && x + r <= x1 + 0.5 && y - r >= y0 - 0.5 && y + r <= y1 + 0.5
            };
            for step in 0..=40 {
                let u = step as f32 / 40.0;
                for mirrored in [false, fig.mirror] {
                    for shape in draw(&bounded, &fig.pose_at(u), mirrored).shapes {
                        let ok = match &shape {
                            Shape::Line { points, width, .. } => points.iter().all(|p| inside(p.0, p.1, width / 2.0)),
                            Shape::Circle { centre, radius, .. } => inside(centre.0, centre.1, *radius),
                            Shape::Rect { min, max, .. } => inside(min.0, min.1, 0.0) && inside(max.0, max.1, 0.0),
                            Shape::Polygon { ink: Ink::Shadow, .. } => true,
                            Shape::Polygon { points, .. } => points.iter().all(|p| inside(p.0, p.1, 0.0)),
                            Shape::Limb { points, widths, .. } => {
                                points.iter().zip(widths).all(|(p, w)| inside(p.0, p.1, w / 2.0))
                            }
                        };
                        // A close-up shows the head and shoulders: the rest may leave the picture.
                        assert!(ok || fig.close_up, "{} at {u} leaves its frame: {shape:?}", exercise.id);
                    }
                }
            }
        }
    }
}
