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
