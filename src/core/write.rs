//! Writes definitions back as RON in the house layout: one field per line in a fixed order, a step
//! or a dose on one line, defaults left out. The same definition always gives the same text, so a
//! saved file diffs small, and [`super::catalogue::parse_document`] reads back exactly what was
//! written (property-tested below).
//!
//! Scalars and strings go through `ron`'s own serializer, so quoting and escaping (quotes, newlines,
//! odd Unicode) are whatever the parser expects.

use std::fmt::Write as _;

use serde::Serialize;

use super::figure::{FigureDef, Stance, VariantDef};
use super::routine::{DoseDef, ExerciseDef, RoutineDef, Sides, StepDef, Tempo, Work};

/// The text of a routine file.
pub fn routine(def: &RoutineDef) -> String {
    let mut out = String::new();
    header(&mut out, &def.name);
    out.push_str("Routine(\n");
    field(&mut out, "id", &scalar(&def.id));
    field(&mut out, "name", &scalar(&def.name));
    if !def.summary.is_empty() {
        field(&mut out, "summary", &scalar(&def.summary));
    }
    if def.steps.is_empty() {
        field(&mut out, "steps", "[]");
    } else {
        out.push_str("    steps: [\n");
        for step in &def.steps {
            let _ = writeln!(out, "        {},", self::step(step));
        }
        out.push_str("    ],\n");
    }
    inline_list(&mut out, "sources", &def.sources, false);
    out.push_str(")\n");
    out
}

/// The text of an exercise file.
pub fn exercise(def: &ExerciseDef) -> String {
    let mut out = String::new();
    header(&mut out, &def.name);
    out.push_str("Exercise(\n");
    field(&mut out, "id", &scalar(&def.id));
    field(&mut out, "name", &scalar(&def.name));
    field(&mut out, "family", &scalar(&def.family));
    if !def.summary.is_empty() {
        field(&mut out, "summary", &scalar(&def.summary));
    }
    field(&mut out, "position", &scalar(&def.position));
    if !def.equipment.is_empty() {
        field(&mut out, "equipment", &list(def.equipment.iter().map(scalar)));
    }
    text_list(&mut out, "cues", &def.cues, true);
    if !def.breathing.is_empty() {
        field(&mut out, "breathing", &scalar(&def.breathing));
    }
    text_list(&mut out, "mistakes", &def.mistakes, false);
    text_list(&mut out, "stop_if", &def.stop_if, false);
    if !def.feel.is_empty() {
        field(&mut out, "feel", &scalar(&def.feel));
    }
    if !def.avoid_with.is_empty() {
        field(&mut out, "avoid_with", &list(def.avoid_with.iter().map(scalar)));
    }
    if !def.cautions.is_empty() {
        out.push_str("    cautions: [\n");
        for c in &def.cautions {
            let _ = writeln!(out, "        ({}, {}, {}),", scalar(&c.condition), scalar(&c.action), scalar(&c.words));
        }
        out.push_str("    ],\n");
    }
    inline_list(&mut out, "alternatives", &def.alternatives, false);
    if def.home_only {
        field(&mut out, "home_only", "true");
    }
    field(&mut out, "dose", &dose(&def.dose));
    let mut words: Vec<String> = def
        .words
        .fields()
        .into_iter()
        .filter(|(_, w)| !w.is_empty())
        .map(|(k, w)| format!("{k}: {}", scalar(w)))
        .collect();
    if !def.words.sets.is_empty() {
        words.push(format!("sets: {}", list(def.words.sets.iter().map(scalar))));
    }
    if !words.is_empty() {
        field(&mut out, "words", &format!("({})", words.join(", ")));
    }
    if let Some(f) = &def.figure {
        figure(&mut out, f);
    }
    inline_list(&mut out, "sources", &def.sources, false);
    out.push_str(")\n");
    out
}

/// A comment line naming the file's contents (control characters left out, so it stays one line).
fn header(out: &mut String, name: &str) {
    let name: String = name.chars().filter(|c| !c.is_control()).collect();
    let _ = writeln!(out, "// {name} — edit here or in Unhunch (Routines tab); the format is in exercises/README.md.");
}

/// One step on one line: `Do(exercise: "chin-tuck", work: Hold(seconds: 2, reps: 5), get_ready: 1)`.
pub fn step(step: &StepDef) -> String {
    match step {
        StepDef::Do { exercise, work, sets, rest, sides, switch, get_ready, note, instead } => {
            let mut parts = vec![format!("exercise: {}", scalar(exercise))];
            parts.extend(work.map(|w| format!("work: {}", self::work(w))));
            parts.extend(sets.map(|s| format!("sets: {s}")));
            parts.extend(rest.map(|s| format!("rest: {}", s.0)));
            parts.extend(sides.map(|s| format!("sides: {}", scalar(&s))));
            parts.extend(switch.map(|s| format!("switch: {}", s.0)));
            parts.extend(get_ready.map(|s| format!("get_ready: {}", s.0)));
            if !note.is_empty() {
                parts.push(format!("note: {}", scalar(note)));
            }
            if !instead.is_empty() {
                let alts: Vec<String> = instead.iter().map(self::step).collect();
                parts.push(format!("instead: [{}]", alts.join(", ")));
            }
            format!("Do({})", parts.join(", "))
        }
        StepDef::Rest { seconds, note } => {
            if note.is_empty() {
                format!("Rest(seconds: {})", seconds.0)
            } else {
                format!("Rest(seconds: {}, note: {})", seconds.0, scalar(note))
            }
        }
    }
}

/// A dose on one line, defaults left out.
pub fn dose(dose: &DoseDef) -> String {
    let mut parts = vec![format!("work: {}", work(dose.work))];
    if dose.sets != 1 {
        parts.push(format!("sets: {}", dose.sets));
    }
    if dose.rest.0 != 0 {
        parts.push(format!("rest: {}", dose.rest.0));
    }
    if dose.sides != Sides::Symmetric {
        parts.push(format!("sides: {}", scalar(&dose.sides)));
    }
    if dose.switch.0 != 5 {
        parts.push(format!("switch: {}", dose.switch.0));
    }
    if dose.get_ready.0 != 0 {
        parts.push(format!("get_ready: {}", dose.get_ready.0));
    }
    format!("({})", parts.join(", "))
}

/// The work of a dose: `Hold(seconds: 20)`, `Reps(reps: 8, tempo: (up: 2, down: 2))`, `Timed(seconds: 60)`.
pub fn work(work: Work) -> String {
    match work {
        Work::Hold { seconds, reps, release } => {
            let mut s = format!("Hold(seconds: {}", seconds.0);
            if reps != 1 {
                let _ = write!(s, ", reps: {reps}");
            }
            if release.0 != 0 {
                let _ = write!(s, ", release: {}", release.0);
            }
            s + ")"
        }
        Work::Reps { reps, tempo } => format!("Reps(reps: {reps}, tempo: {})", self::tempo(tempo)),
        Work::Timed { seconds } => format!("Timed(seconds: {})", seconds.0),
    }
}

fn tempo(t: Tempo) -> String {
    let parts: Vec<String> = [("up", t.up.0), ("hold", t.hold.0), ("down", t.down.0)]
        .into_iter()
        .filter(|(_, v)| *v != 0)
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    if parts.is_empty() { "(up: 0)".to_owned() } else { format!("({})", parts.join(", ")) }
}

/// The figure, one field per line and a keyframe per line.
fn figure(out: &mut String, f: &FigureDef) {
    out.push_str("    figure: (\n");
    let _ = writeln!(out, "        view: {},", scalar(&f.view));
    if f.stance != Stance::default() {
        let _ = writeln!(out, "        stance: {},", scalar(&f.stance));
    }
    if !f.label.is_empty() {
        let _ = writeln!(out, "        label: {},", scalar(&f.label));
    }
    if let Some(props) = &f.props {
        let _ = writeln!(out, "        props: {},", list(props.iter().map(scalar)));
    }
    if !f.highlight.is_empty() {
        let _ = writeln!(out, "        highlight: {},", list(f.highlight.iter().map(scalar)));
    }
    if !f.stretches.is_empty() {
        let _ = writeln!(out, "        stretches: {},", list(f.stretches.iter().map(scalar)));
    }
    if !f.base.is_empty() {
        let _ = writeln!(out, "        base: {},", joints(&f.base));
    }
    if !f.contacts.is_empty() {
        let contacts = f.contacts.iter().map(|c| format!("(part: {}, on: {})", scalar(&c.part), scalar(&c.on)));
        let _ = writeln!(out, "        contacts: {},", list(contacts));
    }
    out.push_str("        keys: [\n");
    for k in &f.keys {
        let _ = writeln!(out, "            (at: {}, joints: {}),", scalar(&k.at), joints(&k.joints));
    }
    out.push_str("        ],\n");
    if let Some(c) = f.cycle {
        let _ = writeln!(out, "        cycle: {},", c.0);
    }
    if let Some(m) = f.mirror {
        let _ = writeln!(out, "        mirror: {m},");
    }
    if f.close_up {
        out.push_str("        close_up: true,\n");
    }
    if let Some(v) = f.inset {
        let _ = writeln!(out, "        inset: {},", scalar(&v));
    }
    if !f.variants.is_empty() {
        out.push_str("        variants: [\n");
        for v in &f.variants {
            variant(out, v);
        }
        out.push_str("        ],\n");
    }
    out.push_str("    ),\n");
}

/// One of a figure's variants, a field per line.
fn variant(out: &mut String, v: &VariantDef) {
    out.push_str("            (\n");
    if let Some(set) = v.set {
        let _ = writeln!(out, "                set: {set},");
    }
    if let Some(c) = v.when {
        let _ = writeln!(out, "                when: {},", scalar(&c));
    }
    if !v.label.is_empty() {
        let _ = writeln!(out, "                label: {},", scalar(&v.label));
    }
    if let Some(base) = &v.base {
        let _ = writeln!(out, "                base: {},", joints(base));
    }
    if let Some(contacts) = &v.contacts {
        let contacts = contacts.iter().map(|c| format!("(part: {}, on: {})", scalar(&c.part), scalar(&c.on)));
        let _ = writeln!(out, "                contacts: {},", list(contacts));
    }
    out.push_str("                keys: [\n");
    for k in &v.keys {
        let _ = writeln!(out, "                    (at: {}, joints: {}),", scalar(&k.at), joints(&k.joints));
    }
    out.push_str("                ],\n            ),\n");
}

/// Joint angles as a RON map: `{"thoracic": -18.0, "lumbar": -4.0}`.
fn joints(map: &std::collections::BTreeMap<String, f32>) -> String {
    let parts: Vec<String> = map.iter().map(|(k, v)| format!("{}: {}", scalar(k), scalar(v))).collect();
    format!("{{{}}}", parts.join(", "))
}

/// A scalar or plain enum value as RON writes it.
fn scalar<T: Serialize + ?Sized>(value: &T) -> String {
    // Serializing a string, number or unit variant cannot fail; an empty string would still parse
    // back to the default rather than corrupt the file.
    ron::to_string(value).unwrap_or_default()
}

fn field(out: &mut String, name: &str, value: &str) {
    let _ = writeln!(out, "    {name}: {value},");
}

fn list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(", "))
}

/// Short strings on one line (ids, source keys).
fn inline_list(out: &mut String, name: &str, items: &[String], required: bool) {
    if required || !items.is_empty() {
        field(out, name, &list(items.iter().map(scalar)));
    }
}

/// Sentences, one per line.
fn text_list(out: &mut String, name: &str, items: &[String], required: bool) {
    if items.is_empty() {
        if required {
            field(out, name, "[]");
        }
        return;
    }
    let _ = writeln!(out, "    {name}: [");
    for item in items {
        let _ = writeln!(out, "        {},", scalar(item));
    }
    out.push_str("    ],\n");
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::core::catalogue::parse_document;
    use std::collections::BTreeMap;

    use crate::core::figure::{BandAnchor, ChairBack, KeyDef, Prop, Region, VariantDef, View};
    use crate::core::routine::{Action, Caution, Condition, Document, Equipment, Family, PhaseWords, Position};
    use crate::core::units::Seconds;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z][a-z0-9-]{0,20}",
            any::<String>(),
            Just("quote \" backslash \\ newline \n tab \t".to_owned()),
            Just("ünïcødé — 肩 🙆‍♀️ \u{200b}\u{202e}".to_owned()),
            Just(String::new()),
        ]
    }

    /// Small values half the time, so every default (0, 1, 5) is written and read back often.
    fn secs() -> impl Strategy<Value = Seconds> {
        prop_oneof![0u32..8, 0u32..2000].prop_map(Seconds)
    }

    fn work() -> impl Strategy<Value = Work> {
        prop_oneof![
            (secs(), 0u32..60, secs()).prop_map(|(seconds, reps, release)| Work::Hold { seconds, reps, release }),
            (0u32..200, secs(), secs(), secs())
                .prop_map(|(reps, up, hold, down)| Work::Reps { reps, tempo: Tempo { up, hold, down } }),
            secs().prop_map(|seconds| Work::Timed { seconds }),
        ]
    }

    fn sides() -> impl Strategy<Value = Sides> {
        prop_oneof![Just(Sides::Symmetric), Just(Sides::EachSide), Just(Sides::Alternating)]
    }

    fn dose() -> impl Strategy<Value = DoseDef> {
        (work(), 0u32..20, secs(), sides(), secs(), secs()).prop_map(|(work, sets, rest, sides, switch, get_ready)| {
            DoseDef { work, sets, rest, sides, switch, get_ready }
        })
    }

    fn step() -> impl Strategy<Value = StepDef> {
        prop_oneof![
            (
                text(),
                proptest::option::of(work()),
                proptest::option::of(0u32..20),
                proptest::option::of(secs()),
                proptest::option::of(sides()),
                proptest::option::of(secs()),
                proptest::option::of(secs()),
                text(),
                proptest::collection::vec(text(), 0..2),
            )
                .prop_map(|(exercise, work, sets, rest, sides, switch, get_ready, note, instead)| {
                    StepDef::Do {
                        exercise,
                        work,
                        sets,
                        rest,
                        sides,
                        switch,
                        get_ready,
                        note,
                        instead: instead.into_iter().map(StepDef::plain).collect(),
                    }
                }),
            (secs(), text()).prop_map(|(seconds, note)| StepDef::Rest { seconds, note }),
        ]
    }

    fn routine_def() -> impl Strategy<Value = RoutineDef> {
        (text(), text(), text(), proptest::collection::vec(step(), 0..8), proptest::collection::vec(text(), 0..3))
            .prop_map(|(id, name, summary, steps, sources)| RoutineDef { id, name, summary, steps, sources })
    }

    fn figure_def() -> impl Strategy<Value = Option<FigureDef>> {
        let keys = proptest::collection::vec(
            (0.0f32..1.0, proptest::collection::btree_map(text(), -90.0f32..90.0, 0..3))
                .prop_map(|(at, joints)| KeyDef { at, joints }),
            0..3,
        );
        let view = prop_oneof![Just(View::Front), Just(View::Side), Just(View::Top)];
        let stance = prop_oneof![Just(Stance::Standing), Just(Stance::Seated), Just(Stance::Kneeling)];
        let props = proptest::option::of(proptest::sample::subsequence(
            vec![Prop::Chair(ChairBack::Mid), Prop::Band(BandAnchor::Feet), Prop::Wall],
            0..3,
        ));
        proptest::option::of(
            (view, stance, text(), props, keys, proptest::option::of(1u32..30), proptest::option::of(any::<bool>()))
                .prop_map(|(view, stance, label, props, keys, cycle, mirror)| {
                    let keys_again = keys.clone();
                    FigureDef {
                        view,
                        stance,
                        label,
                        props,
                        highlight: vec![Region::Chest],
                        base: BTreeMap::new(),
                        keys,
                        cycle: cycle.map(Seconds),
                        mirror,
                        close_up: cycle.is_some_and(|c| c % 2 == 0),
                        contacts: vec![],
                        inset: None,
                        stretches: if cycle.is_some_and(|c| c % 3 == 0) { vec![Region::MidBack] } else { vec![] },
                        variants: if mirror == Some(true) {
                            vec![VariantDef {
                                when: Some(Condition::ShoulderInstability),
                                keys: keys_again,
                                ..VariantDef::default()
                            }]
                        } else {
                            vec![]
                        },
                    }
                }),
        )
    }

    fn exercise_def() -> impl Strategy<Value = ExerciseDef> {
        let family = prop_oneof![
            Just(Family::Mobility),
            Just(Family::Strength),
            Just(Family::Movement),
            Just(Family::Relaxation)
        ];
        let position = prop_oneof![
            Just(Position::Seated),
            Just(Position::Standing),
            Just(Position::SeatedOrStanding),
            Just(Position::Floor)
        ];
        let equipment = proptest::sample::subsequence(
            vec![Equipment::Chair, Equipment::Wall, Equipment::Doorway, Equipment::Band, Equipment::Mat],
            0..3,
        );
        let avoid = proptest::sample::subsequence(vec![Condition::NeckSymptoms, Condition::Pregnancy], 0..2);
        let lines = || proptest::collection::vec(text(), 0..4);
        let figure = figure_def();
        let words = (text(), text(), text(), proptest::collection::vec(text(), 0..3))
            .prop_map(|(up, down, left, sets)| PhaseWords { up, down, left, sets, ..PhaseWords::default() });
        let cautions = proptest::collection::vec(
            (prop_oneof![Just(Condition::Osteoporosis), Just(Condition::HeartCondition)], any::<bool>(), text())
                .prop_map(|(condition, skip, words)| Caution {
                    condition,
                    action: if skip { Action::Skip } else { Action::Modify },
                    words,
                }),
            0..2,
        );
        (
            (text(), text(), family, text(), position, equipment),
            (lines(), text(), lines(), lines(), avoid, lines()),
            (any::<bool>(), dose(), words, figure, lines()),
            (text(), cautions),
        )
            .prop_map(
                |(
                    (id, name, family, summary, position, equipment),
                    (cues, breathing, mistakes, stop_if, avoid_with, alternatives),
                    (home_only, dose, words, figure, sources),
                    (feel, cautions),
                )| ExerciseDef {
                    id,
                    name,
                    family,
                    summary,
                    position,
                    equipment,
                    cues,
                    breathing,
                    mistakes,
                    stop_if,
                    feel,
                    avoid_with,
                    cautions,
                    alternatives,
                    home_only,
                    dose,
                    words,
                    figure,
                    poses: serde::de::IgnoredAny,
                    sources,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn a_written_routine_reads_back_exactly(def in routine_def()) {
            let text = routine(&def);
            prop_assert_eq!(parse_document(&text), Ok(Document::Routine(def)), "{}", text);
        }

        #[test]
        fn a_written_exercise_reads_back_exactly(def in exercise_def()) {
            let text = exercise(&def);
            prop_assert_eq!(parse_document(&text), Ok(Document::Exercise(Box::new(def))), "{}", text);
        }

        #[test]
        fn writing_is_stable(def in routine_def()) {
            let Ok(Document::Routine(again)) = parse_document(&routine(&def)) else { panic!("reads back") };
            prop_assert_eq!(routine(&again), routine(&def));
        }
    }

    #[test]
    fn every_built_in_reads_back_exactly_after_writing() {
        for source in crate::core::builtin::sources() {
            let doc = parse_document(&source.text).unwrap();
            let text = match &doc {
                Document::Routine(r) => routine(r),
                Document::Exercise(e) => exercise(e),
            };
            assert_eq!(parse_document(&text).as_ref(), Ok(&doc), "{}:\n{text}", source.path);
        }
    }

    #[test]
    fn a_routine_is_written_in_the_house_layout() {
        let Ok(Document::Routine(def)) = parse_document(
            r#"Routine(id: "r", name: "R", steps: [Do(exercise: "chin-tuck", work: Hold(seconds: 2, reps: 5, release: 1), get_ready: 1), Rest(seconds: 10)])"#,
        ) else {
            panic!("parses")
        };
        assert_eq!(
            routine(&def),
            "// R — edit here or in Unhunch (Routines tab); the format is in exercises/README.md.\n\
             Routine(\n    id: \"r\",\n    name: \"R\",\n    steps: [\n        \
             Do(exercise: \"chin-tuck\", work: Hold(seconds: 2, reps: 5, release: 1), get_ready: 1),\n        \
             Rest(seconds: 10),\n    ],\n)\n"
        );
    }
}
