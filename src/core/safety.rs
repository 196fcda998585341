//! Safety content, in plain words from the content brief (§4): the notice read before the first
//! session, and the red flags in the brief's three urgency tiers. One text for the window, the
//! CLI (`unhunch safety`) and the end of a session stopped for pain.

/// The notice, paragraph by paragraph: (bold lead, text).
pub const NOTICE: &[(&str, &str)] = &[
    (
        "",
        "These routines are general wellness exercises for healthy adults who sit for long periods. \
         They are not medical advice, diagnosis or treatment, and they do not replace a doctor or physiotherapist.",
    ),
    (
        "Move gently, ",
        "only in a comfortable range. Stretching should feel like mild tension, never pain. Stop straight away \
         if you feel sharp or increasing pain, numbness or tingling, dizziness, or chest discomfort.",
    ),
    (
        "Call emergency services ",
        "(999, 911, 112, 000 or your local number) if upper-back pain comes with chest pain or pressure, shortness \
         of breath, sweating, nausea, or pain spreading to your arm, jaw or neck; after a significant injury such \
         as a fall or a road accident; or with sudden severe \"tearing\" pain, new loss of bladder or bowel \
         control, or numbness around the groin or in both legs.",
    ),
    (
        "See a doctor the same day ",
        "if pain comes with fever or unexplained weight loss, spreads into an arm or leg with numbness or \
         weakness, or wakes you at night. See a clinician if it hasn't eased after 2–3 days of self-care, and \
         before using these routines if you are pregnant, have had recent surgery or an injury, or have \
         osteoporosis, a heart condition or a shoulder problem.",
    ),
];

/// The one line the player always shows.
pub const STOP_LINE: &str =
    "Stop at once for sharp pain, tingling or numbness, dizziness, chest pain or breathlessness.";

/// How urgent a red flag is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    /// Call emergency services now.
    Emergency,
    /// A doctor the same day.
    SameDay,
    /// A clinician soon.
    Soon,
}

/// The red flags, most urgent first: (urgency, items).
pub const RED_FLAGS: &[(Urgency, &[&str])] = &[
    (
        Urgency::Emergency,
        &[
            "Chest pain, pressure, tightness or squeezing, or pain spreading to the arm, jaw, neck or between the shoulder blades.",
            "Shortness of breath, sweating, nausea, light-headedness — some people, more often women, have back or jaw pain and breathlessness without chest pain.",
            "Sudden, severe, tearing pain in the chest or upper back, fainting, or sudden weakness on one side.",
            "Pain after a significant injury: a fall from a height, a road accident, a heavy blow.",
            "New loss of bladder or bowel control, or difficulty passing urine.",
            "Numbness around the groin or buttocks, numbness or tingling in both legs, leg weakness that is quickly getting worse, or unsteady walking.",
        ],
    ),
    (
        Urgency::SameDay,
        &[
            "Back pain with fever, chills or unexplained weight loss.",
            "Pain after a minor fall or knock if you are older, have osteoporosis or take steroids.",
            "Pain that does not ease with rest, or is worse at night.",
            "Band-like pain around the chest, or numbness, tingling or weakness spreading into an arm or leg.",
            "Headache with neck symptoms, dizziness, blurred vision or trouble with balance.",
            "A lump or swelling on the back, or a change in the shape of the spine.",
        ],
    ),
    (
        Urgency::Soon,
        &[
            "Severe pain that has not eased after 2–3 days of self-care, or a mild ache that is not improving after a few weeks.",
            "Pain that keeps getting worse, gets in the way of work or daily life, or needs regular painkillers.",
            "Pain that comes back after every long sit, or a history of back problems.",
        ],
    ),
];

/// Who is more at risk, so that new upper-back pain is worth a doctor's look soon.
pub const RISK_CONTEXT: &str = "If you also are under 20 or over 50, have had cancer, take steroids or medicine that \
     lowers immunity, have injected drugs, or have osteoporosis, see a doctor soon about new upper-back pain.";

/// What to do when nothing above applies.
pub const OTHERWISE: &str = "If nothing above applies: rest, move gently within what is comfortable, and skip the \
     exercise that hurt next time. If an exercise makes your pain worse, stop it and ask a physiotherapist.";

/// The title of the sore-day card.
pub const SORE_DAY_TITLE: &str = "A sore day: what helps";

/// What helps on a sore day when none of the red flags applies (the content brief's self-care:
/// heat or cold, gentle movement, a pharmacist for pain relief). (bold lead, text). No doses, no
/// diagnoses.
pub const SORE_DAY: &[(&str, &str)] = &[
    (
        "Warmth ",
        "eases stiffness and muscle spasm: a warm pack or hot-water bottle for 15–20 minutes, wrapped in a cloth. Never on bare skin, and never while you sleep.",
    ),
    (
        "A cold pack ",
        "wrapped in a towel can ease a fresh strain in its first two days. Never put ice straight on the skin.",
    ),
    (
        "Keep moving gently: ",
        "short walks and the moves that don't hurt help more than lying still. Skip whatever hurts.",
    ),
    ("For pain relief, ", "a pharmacist can tell you what suits you."),
    (
        "See a doctor ",
        "if it lasts more than a few days or keeps getting worse, and at once for any of the signs below.",
    ),
];

/// The title of the sleep tips.
pub const SLEEP_TITLE: &str = "At night";

/// How to sleep kinder to the upper back and neck: (bold lead, text).
pub const SLEEP: &[(&str, &str)] = &[
    (
        "A pillow that keeps your neck level ",
        "with the rest of your spine: not so high that it pushes your head up, not so flat that it drops.",
    ),
    ("On your side, ", "hug a pillow so that your top shoulder and arm don't roll forward."),
    (
        "Try not to sleep on your stomach ",
        "with your head turned to one side: it holds the neck and upper back twisted for hours.",
    ),
];

/// `(lead, text)` paragraphs as plain text, one bullet each.
fn paragraphs(out: &mut String, title: &str, items: &[(&str, &str)]) {
    out.push_str(title);
    out.push('\n');
    for (lead, text) in items {
        out.push_str("  • ");
        out.push_str(lead);
        out.push_str(text);
        out.push('\n');
    }
}

/// The heading of a tier; `number` is the local emergency number when one is set.
pub fn heading(urgency: Urgency, number: &str) -> String {
    match urgency {
        Urgency::Emergency if number.trim().is_empty() => {
            "Call emergency services now (999 / 911 / 112 / 000, or your local number) — do not exercise".to_owned()
        }
        Urgency::Emergency => format!("Call emergency services now ({}) — do not exercise", number.trim()),
        Urgency::SameDay => "Get a same-day appointment with a doctor".to_owned(),
        Urgency::Soon => "See a clinician soon".to_owned(),
    }
}

/// Everything, as plain text for a terminal.
pub fn as_text(number: &str) -> String {
    let mut out = String::from("Before you start\n\n");
    for (lead, text) in NOTICE {
        out.push_str(lead);
        out.push_str(text);
        out.push_str("\n\n");
    }
    out.push_str("When to get help\n");
    for (urgency, items) in RED_FLAGS {
        out.push('\n');
        out.push_str(&heading(*urgency, number));
        out.push('\n');
        for item in *items {
            out.push_str("  • ");
            out.push_str(item);
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(RISK_CONTEXT);
    out.push_str("\n\n");
    out.push_str(OTHERWISE);
    out.push_str("\n\n");
    paragraphs(&mut out, SORE_DAY_TITLE, SORE_DAY);
    out.push('\n');
    paragraphs(&mut out, SLEEP_TITLE, SLEEP);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tier(urgency: Urgency) -> String {
        RED_FLAGS.iter().filter(|(u, _)| *u == urgency).flat_map(|(_, items)| items.iter()).copied().collect()
    }

    /// The brief's emergencies are all in the emergency tier (the review found significant trauma,
    /// difficulty passing urine, both legs and unsteady walking missing or demoted).
    #[test]
    fn the_emergency_tier_has_every_emergency_of_the_brief() {
        let a = tier(Urgency::Emergency);
        for sign in [
            "significant injury",
            "difficulty passing urine",
            "both legs",
            "unsteady walking",
            "tearing",
            "bladder or bowel",
            "fainting",
        ] {
            assert!(a.contains(sign), "{sign}");
        }
        let b = tier(Urgency::SameDay);
        for sign in ["fever", "minor fall", "lump or swelling", "worse at night"] {
            assert!(b.contains(sign), "{sign}");
        }
        assert!(RISK_CONTEXT.contains("over 50") && RISK_CONTEXT.contains("steroids"));
    }

    #[test]
    fn the_local_emergency_number_is_used_when_set() {
        assert!(heading(Urgency::Emergency, "").contains("999 / 911 / 112 / 000"));
        assert_eq!(heading(Urgency::Emergency, " 000 "), "Call emergency services now (000) — do not exercise");
        let text = as_text("112");
        assert!(text.contains("(112)") && text.contains("See a clinician soon") && text.contains(RISK_CONTEXT));
    }

    /// The sore-day card and the sleep tips follow the brief: heat 15–20 minutes and never on bare
    /// skin or asleep, cold wrapped and only for a fresh strain, a pharmacist for pain relief, a
    /// doctor if it lasts or worsens; no doses and no diagnoses.
    #[test]
    fn the_sore_day_card_and_the_sleep_tips_say_what_is_safe_and_nothing_more() {
        let card: String = SORE_DAY.iter().flat_map(|(l, t)| [*l, *t]).collect();
        for said in ["15–20 minutes", "Never on bare skin", "never while you sleep", "first two days", "pharmacist"] {
            assert!(card.contains(said), "{said}");
        }
        assert!(card.contains("more than a few days") && card.contains("getting worse"));
        for (lead, text) in SORE_DAY.iter().chain(SLEEP) {
            assert!(!text.contains("  ") && !lead.contains("  "), "no run of spaces (a broken line join): {text}");
        }
        for never in [" mg", "ibuprofen", "paracetamol", "you have ", "disc"] {
            assert!(!card.to_lowercase().contains(never), "no doses or diagnoses: {never}");
        }
        let text = as_text("");
        assert!(text.contains(SLEEP_TITLE) && text.contains("hug a pillow") && text.contains("stomach"));
        assert!(text.contains(SORE_DAY_TITLE));
    }
}
