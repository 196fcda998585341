//! Embeds every `exercises/*.ron` file into the binary, so a fresh install needs nothing on disk.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs};

fn main() {
    println!("cargo::rerun-if-changed=exercises");
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join("exercises");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| std::path::Path::new(n).extension().is_some_and(|x| x == "ron"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from("/// `(file name, contents)` of every built-in exercise and routine file.\n");
    code.push_str("pub static FILES: &[(&str, &str)] = &[\n");
    for name in &names {
        let path = dir.join(name);
        let _ = writeln!(code, "    ({name:?}, include_str!({:?})),", path.display().to_string());
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("builtin_files.rs");
    #[expect(clippy::disallowed_methods, reason = "build output, not user data: no atomic write needed")]
    let written = fs::write(&out, code);
    if let Err(e) = written {
        println!("cargo::error=could not write {}: {e}", out.display());
    }
}
