//! The documentation tells the truth: every example in the READMEs loads, and the settings
//! example shows the real defaults.

use unhunch::core::builtin::sources;
use unhunch::core::catalogue::{SourceFile, load, ron_options};
use unhunch::core::routine::Origin;
use unhunch::core::settings::Settings;

fn ron_blocks(text: &str) -> Vec<&str> {
    text.split("```ron\n").skip(1).filter_map(|b| b.split("```").next()).collect()
}

/// The complete examples in `exercises/README.md` must load: docs that lie are worse than none.
#[test]
fn the_schema_examples_in_the_exercises_readme_load_cleanly() {
    let readme = include_str!("../../exercises/README.md");
    let mut files = sources();
    let blocks: Vec<&str> =
        ron_blocks(readme).into_iter().filter(|b| b.starts_with("Exercise(") || b.starts_with("Routine(")).collect();
    assert_eq!(blocks.len(), 2, "one exercise and one routine example");
    for (i, text) in blocks.iter().enumerate() {
        files.push(SourceFile { path: format!("README example {i}"), origin: Origin::User, text: (*text).to_owned() });
    }
    let loaded = load(&files);
    assert_eq!(loaded.error_count(), 0, "{:#?}", loaded.diagnostics);
}

#[test]
fn the_readme_routine_loads_and_its_settings_are_the_defaults() {
    let blocks = ron_blocks(include_str!("../../README.md"));
    assert_eq!(blocks.len(), 2, "a routine and a settings example");
    let mut files = sources();
    files.push(SourceFile { path: "README routine".to_owned(), origin: Origin::User, text: blocks[0].to_owned() });
    let loaded = load(&files);
    assert_eq!(loaded.error_count(), 0, "{:#?}", loaded.diagnostics);
    assert!(loaded.catalogue.routines.contains_key("my-reset"));
    let settings: Settings = ron_options().from_str(blocks[1]).unwrap();
    assert_eq!(settings, Settings::default(), "the README shows the real defaults");
}

/// The figure's documentation names every joint, and the key-position pictures in
/// `exercises/figures/` are what `unhunch figure` draws today (regenerate them with the loop in
/// the README's Development section when a figure changes).
#[test]
fn every_joint_is_documented_and_the_figure_pictures_are_current() {
    use unhunch::core::figure::{JOINTS, draw_inset, draw_with, figure_svg};
    let readme = include_str!("../../exercises/README.md");
    for joint in JOINTS {
        assert!(
            readme.contains(&format!("| `{}` |", joint.name)),
            "exercises/README.md documents the joint {}",
            joint.name
        );
    }
    let loaded = load(&sources());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises/figures");
    for exercise in loaded.catalogue.exercises.values() {
        let figure = exercise.figure.as_ref().expect("every built-in has a figure");
        // The start and the end, and the end of each variant (a set's own figure, a condition's).
        let mut pictures = vec![("start".to_owned(), figure, 0.0), ("end".to_owned(), figure, 0.5)];
        pictures.extend(figure.variants.iter().map(|(v, f)| (format!("{}-end", v.slug()), f, 0.5)));
        for (name, figure, at) in pictures {
            let path = dir.join(format!("{}-{name}.svg", exercise.id));
            let pose = figure.pose_at(at);
            let inset = draw_inset(figure, &pose, false);
            // Past the start, the start position is drawn faintly, as the window and the CLI do.
            let start = figure.keys.first().map(|k| k.1).filter(|_| at > 0.02);
            let drawn = figure_svg(
                &draw_with(figure, &pose, false, start.as_ref()),
                figure.view,
                inset.as_ref().zip(figure.inset),
                420,
                &exercise.figure_label(),
            );
            let saved = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                saved == drawn,
                "{} is out of date: run `unhunch figure {} --svg {} --at {at}` (with --set N or --condition NAME for a variant)",
                path.display(),
                exercise.id,
                path.display()
            );
            assert!(
                readme.contains(&format!("figures/{}-{name}.svg", exercise.id)),
                "the README shows {}",
                path.display()
            );
        }
    }
}
