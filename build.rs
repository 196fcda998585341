//! Embeds every `exercises/*.ron` file into the binary, so a fresh install needs nothing on disk,
//! and gives the build an id (`UNHUNCH_BUILD_ID`): `unhunch daemon` hands over to the
//! `unhunch-engine` beside it only when that program is from the same build.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs};

fn main() {
    println!("cargo::rerun-if-changed=exercises");
    build_id();
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

/// A hash of everything the program is built from (sources, built-in files, manifest, lock file,
/// profile and target), as `UNHUNCH_BUILD_ID`. FNV-1a: the same inputs give the same id on every
/// machine (reproducible builds), and any change gives another.
fn build_id() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut files = Vec::new();
    for dir in ["src", "exercises"] {
        println!("cargo::rerun-if-changed={dir}");
        collect(&root.join(dir), &mut files);
    }
    for file in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo::rerun-if-changed={file}");
        files.push(root.join(file));
    }
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for var in ["PROFILE", "TARGET", "CARGO_PKG_VERSION", "CARGO_ENCODED_RUSTFLAGS"] {
        feed(env::var(var).unwrap_or_default().as_bytes());
    }
    for file in &files {
        feed(file.strip_prefix(&root).unwrap_or(file).to_string_lossy().as_bytes());
        feed(&fs::read(file).unwrap_or_default());
    }
    println!("cargo::rustc-env=UNHUNCH_BUILD_ID={hash:016x}");
}

/// Every file under `dir`, recursively.
fn collect(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
