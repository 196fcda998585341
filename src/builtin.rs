//! The built-in catalogue: every `exercises/*.ron` file, embedded at build time by `build.rs`.

use crate::core::catalogue::SourceFile;
use crate::core::routine::Origin;

include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

/// The folder name shown in diagnostics for built-in files.
pub const PREFIX: &str = "built-in";

/// The built-in files, ready to load.
pub fn sources() -> Vec<SourceFile> {
    FILES
        .iter()
        .map(|(name, text)| SourceFile {
            path: format!("{PREFIX}/{name}"),
            origin: Origin::BuiltIn,
            text: (*text).to_owned(),
        })
        .collect()
}
