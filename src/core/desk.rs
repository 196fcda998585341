//! The desk check: a short look at the workstation the user sits at all day (screen, laptop,
//! elbows, feet, chair, light), each item a yes / no / not sure with one line of why and one of
//! what to change. In the same voice as the rest of the app: comfort and changing position, never
//! fear of "bad posture" (content brief §1, the caveat on posture), no medical claims.
//!
//! The answers are kept in the history (a `DeskCheck` record) so *Is it helping?* can set them
//! beside the back scores; `history::desk_check_due` says when to offer the check again.

use serde::{Deserialize, Serialize};

/// One thing to check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DeskItem {
    ScreenHeight,
    ScreenDistance,
    Laptop,
    Elbows,
    Feet,
    Chair,
    ChairSteady,
    Light,
}

/// An answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeskAnswer {
    Yes,
    No,
    NotSure,
}

impl DeskAnswer {
    /// The word on its button.
    pub fn label(self) -> &'static str {
        match self {
            Self::Yes => "Yes",
            Self::No => "No",
            Self::NotSure => "Not sure",
        }
    }
}

/// What one item asks, why it matters, and what to change when the answer is no.
#[derive(Clone, Copy, Debug)]
pub struct Check {
    pub item: DeskItem,
    pub question: &'static str,
    pub why: &'static str,
    pub change: &'static str,
}

/// The check, in the order it is asked.
pub const CHECKS: &[Check] = &[
    Check {
        item: DeskItem::ScreenHeight,
        question: "Is the top of your screen at or slightly below eye level?",
        why: "Looking slightly down lets your head rest level instead of tipping up or bending down for hours.",
        change: "Raise the screen on a stand or a few books, or lower it, until the top line is at or just below \
                 your eyes.",
    },
    Check {
        item: DeskItem::ScreenDistance,
        question: "Is the screen about an arm's length away?",
        why: "Farther than that, you tend to lean in to read; much closer, you turn your head to see the edges.",
        change: "Move it to about an arm's length (50–70 cm), and make the text bigger if you need to.",
    },
    Check {
        item: DeskItem::Laptop,
        question: "Is your screen a separate monitor, or a laptop raised on a stand with a separate keyboard and mouse?",
        why: "A laptop's screen sits low, so looking at it all day keeps your head bent forward.",
        change: "Put it on a stand or a few books so the screen comes up, and type on a separate keyboard and mouse.",
    },
    Check {
        item: DeskItem::Elbows,
        question: "When you type, are your elbows bent about 90° and close to your sides?",
        why: "Reaching forward or lifting the shoulders to the keys tires the shoulders and upper back.",
        change: "Bring the keyboard and mouse closer, and set the chair so your forearms are about level with the desk.",
    },
    Check {
        item: DeskItem::Feet,
        question: "Are your feet flat on the floor (or on a footrest)?",
        why: "With your feet dangling you perch on the front of the seat and leave the backrest.",
        change: "Lower the chair, or put a footrest or a sturdy box under your feet.",
    },
    Check {
        item: DeskItem::Chair,
        question: "Does your chair support your back when you sit back in it?",
        why: "A backrest you can lean on lets your back rest between moves.",
        change: "Sit right back in the seat; a small cushion or a rolled towel can fill the hollow of your lower back.",
    },
    Check {
        item: DeskItem::ChairSteady,
        question: "Is your chair steady: no wheels that roll and no back that tips when you lean?",
        why: "Some stretches lean against the chair; a chair that rolls or reclines can move under you.",
        change: "Tell Unhunch under About you in Settings: it then plays those stretches standing, or against a wall or \
                 a desk, instead.",
    },
    Check {
        item: DeskItem::Light,
        question: "Is your screen free of glare and reflections?",
        why: "Glare makes you lean in and squint to read.",
        change: "Turn the screen side-on to windows, tilt it a little, or move the lamp that shows in it.",
    },
];

/// The line before the items.
pub const INTRO: &str = "A two-minute look at where you sit all day. No desk is perfect for long: changing position \
     and moving often matter more than any setup, and that is what the breaks are for.";

/// The check's title.
pub const TITLE: &str = "Desk check";

/// The answers as the end of the check says them: "4 yes, 2 no, 1 not sure".
pub fn summary(answers: &[(DeskItem, DeskAnswer)]) -> String {
    let count = |a: DeskAnswer| answers.iter().filter(|(_, x)| *x == a).count();
    format!("{} yes, {} no, {} not sure", count(DeskAnswer::Yes), count(DeskAnswer::No), count(DeskAnswer::NotSure))
}

/// The check as plain text for a terminal (`unhunch desk`).
pub fn as_text() -> String {
    use std::fmt::Write as _;
    let mut out = format!("{TITLE}\n\n{INTRO}\n");
    for (i, c) in CHECKS.iter().enumerate() {
        let _ = write!(out, "\n{}. {}\n   Why: {}\n   If not: {}\n", i + 1, c.question, c.why, c.change);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_says_why_and_what_to_change_without_fear_or_claims() {
        let text = as_text();
        for check in CHECKS {
            assert!(check.question.ends_with('?') || check.question.ends_with(".)"), "{}", check.question);
            assert!(!check.why.is_empty() && !check.change.is_empty());
        }
        for said in ["eye level", "arm's length", "laptop", "90°", "feet flat", "support your back", "glare"] {
            assert!(text.to_lowercase().contains(&said.to_lowercase()), "{said}");
        }
        for never in ["damage", "injur", "cure", "prevent", "bad posture", "correct posture"] {
            assert!(!text.to_lowercase().contains(never), "no fear, no claims: {never}");
        }
        let answers = [(DeskItem::Feet, DeskAnswer::Yes), (DeskItem::Light, DeskAnswer::No)];
        assert_eq!(summary(&answers), "1 yes, 1 no, 0 not sure");
    }
}
