//! The figure's body: its segment lengths, points in the world, and where each joint of a posed
//! figure is ([`Skeleton`]). Shared by the figure (which poses and draws it) and the contacts
//! (which keep a hand where it rests).

// Segment lengths in centimetres (an adult of about 175 cm).
pub const THIGH: f32 = 44.0;
pub const SHIN: f32 = 42.0;
pub const ANKLE_HEIGHT: f32 = 7.0;
pub const FOOT: f32 = 17.0;
pub const HIP_HEIGHT: f32 = THIGH + SHIN + ANKLE_HEIGHT;
pub const HIP_HALF: f32 = 9.0;
pub const LUMBAR: f32 = 18.0;
pub const THORACIC: f32 = 30.0;
pub const NECK: f32 = 7.0;
pub const HEAD_R: f32 = 10.5;
pub const SHOULDER_HALF: f32 = 17.0;
pub const UPPER_ARM: f32 = 30.0;
pub const FOREARM: f32 = 26.0;
pub const HAND: f32 = 9.0;
/// The height of a chair's seat.
pub const SEAT: f32 = 41.0;

/// A point or direction in the world, in centimetres.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct V3 {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

pub const fn v3(x: f32, y: f32, z: f32) -> V3 {
    V3 { x, y, z }
}

impl V3 {
    #[must_use]
    pub(crate) fn add(self, o: Self) -> Self {
        v3(self.x + o.x, self.y + o.y, self.z + o.z)
    }
    #[must_use]
    pub(crate) fn scale(self, k: f32) -> Self {
        v3(self.x * k, self.y * k, self.z * k)
    }
    #[must_use]
    pub(crate) fn sub(self, o: Self) -> Self {
        v3(self.x - o.x, self.y - o.y, self.z - o.z)
    }
    pub(crate) fn dot(self, o: Self) -> f32 {
        self.x * o.x + self.y * o.y + self.z * o.z
    }
    pub(crate) fn length(self) -> f32 {
        self.dot(self).sqrt()
    }
    #[must_use]
    pub(crate) fn lerp(self, o: Self, t: f32) -> Self {
        self.add(v3(o.x - self.x, o.y - self.y, o.z - self.z).scale(t))
    }
}

/// Where the joints of a posed figure are in the world.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Skeleton {
    pub pelvis: V3,
    pub lumbar_top: V3,
    /// The tops of the lower and middle thoracic segments (the upper back bends along them).
    pub thoracic_low: V3,
    pub thoracic_mid: V3,
    pub neck_base: V3,
    pub neck_mid: V3,
    pub head_base: V3,
    pub head_centre: V3,
    /// The head's forward and up directions (for the face).
    pub face: V3,
    pub head_up: V3,
    /// The thorax's forward and left directions (for regions).
    pub chest_forward: V3,
    pub chest_left: V3,
    /// Left, then right.
    pub shoulder: [V3; 2],
    pub elbow: [V3; 2],
    pub wrist: [V3; 2],
    pub hand: [V3; 2],
    /// Which way each thumb points from the hand (a direction).
    pub thumb: [V3; 2],
    pub hip: [V3; 2],
    pub knee: [V3; 2],
    pub ankle: [V3; 2],
    pub toe: [V3; 2],
    pub heel: [V3; 2],
}
