//! A posed figure as numbers (`unhunch figure ID --pose-json`): every joint's place in the world
//! and the angle it reaches with its range, every contact's gap, and the furniture's boxes. Tests
//! and tools read poses from it instead of from pictures.

use serde::Serialize;

use super::contact::{self, Contact, Part};
use super::figure::{Figure, JOINTS, Pose, Prop, Skeleton, V3};

/// One joint: where it is (metres; `x` to the figure's left, `y` up, `z` forward) and the angle it
/// reaches (stance + base + keyframe), with its range.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct JointReport {
    pub name: String,
    pub position: [f32; 3],
    pub angle: f32,
    pub range: [f32; 2],
}

/// One contact and how far it is from resting on what it touches (metres; 0 is touching).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContactReport {
    pub part: Part,
    pub on: contact::Surface,
    pub distance: f32,
}

/// A piece of furniture, as the box it fills (metres).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PropReport {
    pub name: &'static str,
    pub min: [f32; 3],
    pub max: [f32; 3],
}

/// The whole pose.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PoseReport {
    pub joints: Vec<JointReport>,
    pub contacts: Vec<ContactReport>,
    pub props: Vec<PropReport>,
}

/// The skeleton point a joint turns about (left side for sided joints: index 0).
fn point_of(name: &str, sk: &Skeleton) -> V3 {
    let side = usize::from(name.ends_with("_r"));
    let stem = name.trim_end_matches("_l").trim_end_matches("_r");
    match stem {
        "thoracic" | "thoracic_side" | "thoracic_turn" | "thoracic_at" | "ribs" => sk.lumbar_top,
        "neck_lower" | "neck_side" | "neck_turn" => sk.neck_base,
        "neck_upper" => sk.neck_mid,
        "head" | "head_side" | "head_turn" => sk.head_base,
        "blink" => sk.head_centre,
        "clavicle" | "clavicle_back" | "shoulder" | "shoulder_plane" | "shoulder_rot" => sk.shoulder[side],
        "elbow" => sk.elbow[side],
        "wrist" => sk.wrist[side],
        "hip" | "hip_out" => sk.hip[side],
        "knee" => sk.knee[side],
        "ankle" => sk.ankle[side],
        _ => sk.pelvis,
    }
}

fn metres(p: V3, mirrored: bool) -> [f32; 3] {
    let round = |v: f32| (v * 10.0).round() / 1000.0;
    [round(if mirrored { -p.x } else { p.x }), round(p.y), round(p.z)]
}

/// The other side's name of a sided joint (`elbow_l` ↔ `elbow_r`).
fn other_side(name: &str) -> String {
    name.strip_suffix("_l")
        .map(|s| format!("{s}_r"))
        .or_else(|| name.strip_suffix("_r").map(|s| format!("{s}_l")))
        .unwrap_or_else(|| name.to_owned())
}

fn swap(part: Part) -> Part {
    part.other_side()
}

/// `figure` in `pose`, drawn for the right side (the mirror image) when `mirrored`.
pub fn report(figure: &Figure, pose: &Pose, mirrored: bool) -> PoseReport {
    let sk = figure.skeleton(pose);
    let setup = figure.setup();
    let mut joints: Vec<JointReport> = JOINTS
        .iter()
        .enumerate()
        .map(|(i, spec)| JointReport {
            name: if mirrored { other_side(spec.name) } else { spec.name.to_owned() },
            position: metres(point_of(spec.name, &sk), mirrored),
            angle: (pose.0[i] * 10.0).round() / 10.0,
            range: [spec.min, spec.max],
        })
        .collect();
    joints.sort_by_key(|j| JOINTS.iter().position(|s| s.name == j.name));
    let contacts = figure
        .contacts
        .iter()
        .map(|c: &Contact| ContactReport {
            part: if mirrored { swap(c.part) } else { c.part },
            on: c.on,
            distance: (contact::measure(&sk, *c, &setup).0 * 10.0).round() / 1000.0,
        })
        .collect();
    let mut props = Vec::new();
    let mut push = |name, (min, max): contact::Cuboid| {
        let (a, b) = (metres(min, mirrored), metres(max, mirrored));
        props.push(PropReport { name, min: [a[0].min(b[0]), a[1], a[2]], max: [a[0].max(b[0]), b[1], b[2]] });
    };
    for prop in &figure.props {
        match prop {
            Prop::Desk => push("desk", contact::desk(&setup)),
            Prop::DoorFrame => {
                // The figure's left jamb is on the right when the picture is mirrored.
                let (first, second) = if mirrored { ("right", "left") } else { ("left", "right") };
                push(
                    if first == "left" { "door frame, left jamb" } else { "door frame, right jamb" },
                    contact::JAMBS[0],
                );
                push(
                    if second == "left" { "door frame, left jamb" } else { "door frame, right jamb" },
                    contact::JAMBS[1],
                );
            }
            Prop::Chair(_) => push("seat", contact::seat(&setup)),
            Prop::Wall => push("wall", contact::WALL),
            Prop::Band(_) | Prop::Mat | Prop::Pillow | Prop::Bottles => {}
        }
    }
    PoseReport { joints, contacts, props }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalogue::load;
    use crate::core::figure::{FigureDef, Stance, resolve, solve};

    /// Every built-in exercise, at 101 moments of its move, on each side it is drawn: every joint
    /// within its range and every contact within 2 cm, as `--pose-json` reports them.
    #[test]
    fn every_built_in_pose_is_within_range_and_keeps_its_contacts() {
        let loaded = load(&crate::core::builtin::sources());
        assert_eq!(loaded.error_count(), 0, "{:#?}", loaded.diagnostics);
        let mut failures = Vec::new();
        let figures = loaded.catalogue.exercises.values().filter_map(|e| e.figure.as_ref().map(|f| (e, f)));
        // Every figure and every variant of it (a set's, a condition's).
        let figures =
            figures.flat_map(|(e, f)| std::iter::once((e, f)).chain(f.variants.iter().map(move |(_, v)| (e, v))));
        for (exercise, fig) in figures {
            for mirrored in [false, fig.mirror] {
                for step in 0..=100_u16 {
                    let u = f32::from(step) / 100.0;
                    let r = report(fig, &fig.pose_at(u), mirrored);
                    for j in &r.joints {
                        if !(j.range[0] - 0.05..=j.range[1] + 0.05).contains(&j.angle) {
                            failures.push(format!("{} at {u}: {} is {} ({:?})", exercise.id, j.name, j.angle, j.range));
                        }
                    }
                    for c in &r.contacts {
                        if c.distance > contact::TOLERANCE / 100.0 + 1e-4 {
                            failures.push(format!(
                                "{} at {u}: {:?} is {} m off {:?}",
                                exercise.id, c.part, c.distance, c.on
                            ));
                        }
                    }
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// The doorway stretch as it shipped in November (the upper arms swung 200° round, behind the
    /// back) is refused when it loads, and so is a forearm that leaves the door frame.
    #[test]
    fn the_old_doorway_pose_and_a_forearm_off_the_frame_are_refused() {
        let text = include_str!("../../exercises/doorway-pec-stretch.ron");
        let def = match crate::core::catalogue::parse_document(text) {
            Ok(crate::core::routine::Document::Exercise(def)) => def,
            other => panic!("the doorway stretch parses: {other:?}"),
        };
        let figure: FigureDef = def.figure.clone().expect("a figure");
        let mut old = figure.clone();
        old.base.insert("shoulder_plane_l".to_owned(), 88.0);
        old.keys[1].joints.insert("shoulder_plane_l".to_owned(), 112.0);
        let err = resolve(&old, vec![Prop::DoorFrame], false).expect_err("200° is refused");
        assert!(err.iter().any(|p| p.message.contains("\"shoulder_plane_l\" reaches 200°")), "{err:?}");
        // Stepping 30 cm further through the doorway: the forearms cannot stay on the frame.
        let mut far = figure;
        far.keys[1].joints.insert("pelvis_z".to_owned(), 37.0);
        let err = resolve(&far, vec![Prop::DoorFrame], false).expect_err("a forearm off the frame is refused");
        assert!(err.iter().any(|p| p.message.contains("the left forearm is")), "{err:?}");
    }

    /// A hand through the head, a forearm through the trunk, a hand through the desk: each is
    /// refused when the file loads, at the moment it happens.
    #[test]
    fn a_limb_through_the_body_or_a_prop_is_refused() {
        let def = |base: &[(&str, f32)], props: Option<Vec<Prop>>| FigureDef {
            view: crate::core::figure::View::Front,
            props,
            base: base.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
            keys: vec![
                crate::core::figure::KeyDef { at: 0.0, joints: std::collections::BTreeMap::new() },
                crate::core::figure::KeyDef { at: 1.0, joints: std::collections::BTreeMap::new() },
            ],
            ..FigureDef::default()
        };
        let head = def(&[("shoulder_l", 80.0), ("shoulder_plane_l", -80.0), ("elbow_l", 120.0)], None);
        let err = resolve(&head, vec![], false).expect_err("a hand in the head");
        assert!(err.iter().any(|p| p.message.contains("passes through the head")), "{err:?}");
        let trunk = def(&[("shoulder_l", 60.0), ("shoulder_plane_l", -80.0), ("elbow_l", 160.0)], None);
        let err = resolve(&trunk, vec![], false).expect_err("a forearm in the trunk");
        assert!(err.iter().any(|p| p.message.contains("passes through the trunk")), "{err:?}");
        // On hands and knees, the hips lowered 10 cm: the knees would sink into the floor.
        let mut sunk = def(&[], None);
        sunk.stance = Stance::Kneeling;
        sunk.keys[1].joints.insert("pelvis_y".to_owned(), -10.0);
        let err = resolve(&sunk, vec![], false).expect_err("knees through the floor");
        assert!(err.iter().any(|p| p.message.contains("passes through the floor")), "{err:?}");
        // A band between the hands, pulled back through the chest.
        let through = def(
            &[("shoulder_l", 90.0), ("shoulder_plane_l", 95.0), ("shoulder_r", 90.0), ("shoulder_plane_r", 95.0)],
            Some(vec![Prop::Band(crate::core::figure::BandAnchor::Hands)]),
        );
        let err = resolve(&through, vec![], false).expect_err("a band through the trunk");
        assert!(err.iter().any(|p| p.message.contains("the band passes through the trunk")), "{err:?}");
        // The same arm resting on the chest (a little further forward) is fine.
        let resting = def(&[("shoulder_l", 45.0), ("shoulder_plane_l", -40.0), ("elbow_l", 100.0)], None);
        assert!(resolve(&resting, vec![], false).is_ok(), "{:?}", resolve(&resting, vec![], false).err());
    }

    #[test]
    fn a_hand_pinned_to_the_desk_stays_there_while_the_hips_move_back() {
        // Leaning on the desk with straight arms, then the hips back and the trunk lower.
        let setup =
            solve(&Stance::Standing.pose().with(&[("pelvis", 25.0), ("shoulder_l", 38.0), ("shoulder_r", 38.0)]));
        let contacts = [contact::Contact { part: contact::Part::LeftHand, on: contact::Surface::Desk }];
        let start = contact::keep(setup, &contacts, &setup);
        let rest = contact::measure(&start, contacts[0], &setup).0;
        assert!(rest < 0.5, "the set-up rests on the desk: {rest} cm off");
        let moved =
            solve(&Stance::Standing.pose().with(&[("shoulder_l", 90.0), ("pelvis_z", -20.0), ("pelvis", 50.0)]));
        let kept = contact::keep(moved, &contacts, &setup);
        assert!(dist((kept.wrist[0], start.wrist[0])) < 0.5, "{:?} {:?}", kept.wrist[0], start.wrist[0]);
        let (gap, bend) = contact::measure(&kept, contacts[0], &setup);
        assert!(gap < contact::TOLERANCE && bend < 160.0, "{gap} {bend}");
        // The arm keeps its lengths.
        assert!((dist((kept.elbow[0], kept.shoulder[0])) - crate::core::skeleton::UPPER_ARM).abs() < 0.01);
        assert!((dist((kept.wrist[0], kept.elbow[0])) - crate::core::skeleton::FOREARM).abs() < 0.01);
    }

    #[test]
    fn a_contact_out_of_reach_is_measured_as_a_gap() {
        let setup = solve(&Stance::Standing.pose().with(&[("pelvis", 25.0), ("shoulder_l", 38.0)]));
        let contacts = [contact::Contact { part: contact::Part::LeftHand, on: contact::Surface::Desk }];
        let far = solve(&Stance::Standing.pose().with(&[("pelvis_z", -60.0)]));
        let kept = contact::keep(far, &contacts, &setup);
        assert!(contact::measure(&kept, contacts[0], &setup).0 > 10.0);
    }

    fn dist((a, b): (V3, V3)) -> f32 {
        a.sub(b).length()
    }
}

#[cfg(test)]
mod spine {
    use crate::core::catalogue::load;
    use crate::core::figure::SEAT;

    /// Issue 25: arching over the chair bends the upper back above the chair top; the lower back
    /// and the spine below the chair top stay where they were (arching the lower back is the
    /// exercise's own first mistake).
    #[test]
    fn the_extension_bends_above_the_chair_top_and_not_in_the_lower_back() {
        let loaded = load(&crate::core::builtin::sources());
        let exercise = &loaded.catalogue.exercises["thoracic-extension"];
        let fig = exercise.figure.as_ref().expect("a figure");
        // The chair's back (Mid) reaches 36 cm above the seat.
        let chair_top = SEAT + 36.0;
        for variant in std::iter::once(fig).chain(fig.variants.iter().map(|(_, f)| f)) {
            let (start, held) = (variant.skeleton(&variant.pose_at(0.0)), variant.skeleton(&variant.pose_at(0.5)));
            assert!(variant.pose_at(0.5).get("lumbar").abs() < 0.5, "the lower back does not bend");
            for (name, a, b) in [
                ("lumbar top", start.lumbar_top, held.lumbar_top),
                ("low thoracic", start.thoracic_low, held.thoracic_low),
            ] {
                if a.y < chair_top {
                    assert!(a.sub(b).length() < 1.5, "{name} ({:.0} cm up) moves {:.1} cm", a.y, a.sub(b).length());
                }
            }
            // The segment at the chair top hardly turns: the bend is in the segments above it.
            let dir = |a: crate::core::figure::V3, b: crate::core::figure::V3| {
                let d = b.sub(a);
                d.scale(1.0 / d.length())
            };
            let turn = dir(start.lumbar_top, start.thoracic_low)
                .dot(dir(held.lumbar_top, held.thoracic_low))
                .acos()
                .to_degrees();
            assert!(turn < 6.0, "the segment at the chair top turns {turn:.1}°");
            let back = start.neck_base.z - held.neck_base.z;
            assert!(back > 8.0, "the upper back arches back over the chair: {back:.1} cm");
        }
    }
}

#[cfg(test)]
mod regions {
    use crate::core::catalogue::load;
    use crate::core::figure::{Ink, Shape, draw, draw_inset};

    /// Issue 25: the part that works or stretches is seen in the view the figure is drawn from: at
    /// the held position, every figure (and variant, both sides) shows at least one of its marks
    /// on a surface that faces the viewer (in the main picture or its inset), not only as an
    /// outline through the body.
    #[test]
    fn the_working_region_faces_the_viewer() {
        let loaded = load(&crate::core::builtin::sources());
        let mut hidden = Vec::new();
        for e in loaded.catalogue.exercises.values() {
            let Some(fig) = &e.figure else { continue };
            for f in std::iter::once(fig).chain(fig.variants.iter().map(|(_, v)| v)) {
                if f.highlight.is_empty() && f.stretches.is_empty() {
                    continue;
                }
                for mirrored in [false, f.mirror] {
                    // In the main picture or in its small second one (a back muscle of arm work
                    // seen from the front shows in the view from above).
                    let pose = f.pose_at(0.5);
                    let drawings = std::iter::once(draw(f, &pose, mirrored)).chain(draw_inset(f, &pose, mirrored));
                    let seen = drawings
                        .flat_map(|d| d.shapes)
                        .any(|s| matches!(s, Shape::Circle { ink: Ink::Highlight | Ink::Stretch, filled: true, .. }));
                    if !seen {
                        hidden.push(format!("{} ({}){}", e.id, f.label, if mirrored { ", right side" } else { "" }));
                    }
                }
            }
        }
        assert!(hidden.is_empty(), "the marks face away in: {hidden:#?}");
    }
}
