//! The conditions a user can tell Unhunch about, which skip or modify exercises (the brief's
//! §4.3 matrix), and their words.

use serde::{Deserialize, Serialize};

/// Conditions that call for skipping or modifying an exercise (the brief's §4.3 matrix).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Condition {
    RecentSurgery,
    AcuteInjury,
    Osteoporosis,
    Pregnancy,
    ShoulderInstability,
    ShoulderImpingement,
    NeckSymptoms,
    HeartCondition,
    WristOrKnee,
    LatexAllergy,
}

impl Condition {
    /// Every condition, in the order the screening asks.
    pub const ALL: [Self; 10] = [
        Self::RecentSurgery,
        Self::AcuteInjury,
        Self::Osteoporosis,
        Self::Pregnancy,
        Self::ShoulderInstability,
        Self::ShoulderImpingement,
        Self::NeckSymptoms,
        Self::HeartCondition,
        Self::WristOrKnee,
        Self::LatexAllergy,
    ];

    /// The question the screening asks, as a checkbox.
    pub fn question(self) -> &'static str {
        match self {
            Self::RecentSurgery => "Surgery or a fracture in the last months (spine, chest, belly, shoulder)",
            Self::AcuteInjury => "A recent injury or a flare-up of back or neck pain",
            Self::Osteoporosis => "Osteoporosis or a known vertebral fracture",
            Self::Pregnancy => "Pregnant",
            Self::ShoulderInstability => "An unstable shoulder, a past dislocation or a frozen shoulder",
            Self::ShoulderImpingement => "Shoulder pain when raising the arm (impingement, painful arc)",
            Self::NeckSymptoms => "Neck pain with arm pain or tingling, dizziness, or a recent whiplash",
            Self::HeartCondition => "High blood pressure or a heart condition",
            Self::WristOrKnee => "Wrist or knee problems",
            Self::LatexAllergy => "A latex allergy",
        }
    }

    /// The short word used on the command line and in files (`--condition osteoporosis`).
    pub fn word(self) -> &'static str {
        match self {
            Self::RecentSurgery => "recent-surgery",
            Self::AcuteInjury => "acute-injury",
            Self::Osteoporosis => "osteoporosis",
            Self::Pregnancy => "pregnancy",
            Self::ShoulderInstability => "shoulder-instability",
            Self::ShoulderImpingement => "shoulder-impingement",
            Self::NeckSymptoms => "neck-symptoms",
            Self::HeartCondition => "heart-condition",
            Self::WristOrKnee => "wrist-or-knee",
            Self::LatexAllergy => "latex-allergy",
        }
    }

    /// The condition in words people use.
    pub fn label(self) -> &'static str {
        match self {
            Self::RecentSurgery => "recent surgery",
            Self::AcuteInjury => "a recent injury",
            Self::Osteoporosis => "osteoporosis",
            Self::Pregnancy => "pregnancy",
            Self::ShoulderInstability => "an unstable shoulder or a past dislocation",
            Self::ShoulderImpingement => "shoulder impingement",
            Self::NeckSymptoms => "neck pain, or numbness or tingling into an arm",
            Self::HeartCondition => "a heart condition",
            Self::WristOrKnee => "wrist or knee problems",
            Self::LatexAllergy => "a latex allergy",
        }
    }
}
