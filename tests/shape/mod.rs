//! The code's shape stays what the module docs say: no import cycles between the files of `src/`,
//! and every module folder's doc lists each of its modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// `src/core/timer.rs` is `core::timer`; `src/app/mod.rs` is `app`; `src/lib.rs` is the root, "".
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib" || p == "main") {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file that ships: without its comments and its `#[cfg(test)] mod tests`.
fn shipped_code(text: &str) -> String {
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
    code.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The paths after `prefix` in `code`: `crate::core::timer::Phase` gives `[core, timer, Phase]`,
/// and `super::{labels, theme}` gives `[labels]` and `[theme]`.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        use_tree(&code[at + prefix.len()..], &mut Vec::new(), &mut out);
    }
    out
}

/// Reads one use tree (`a::b`, `a::{b, c::d}`) at the start of `text`, adding each path to `out`.
fn use_tree(text: &str, base: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let ident = |t: &str| t.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(t.len());
    let mut rest = text.trim_start();
    let depth = base.len();
    loop {
        if let Some(inner) = rest.strip_prefix('{') {
            // Each item of the group, split at the commas outside nested braces.
            let (mut level, mut start) = (0, 0);
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => level += 1,
                    '}' if level == 0 => {
                        use_tree(&inner[start..i], base, out);
                        break;
                    }
                    '}' => level -= 1,
                    ',' if level == 0 => {
                        use_tree(&inner[start..i], base, out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            base.truncate(depth);
            return;
        }
        let n = ident(rest);
        if n == 0 {
            break;
        }
        base.push(rest[..n].to_owned());
        rest = &rest[n..];
        match rest.strip_prefix("::") {
            Some(more) => rest = more,
            None => break,
        }
    }
    if base.len() > depth {
        out.push(base.clone());
    }
    base.truncate(depth);
}

/// Which files each file uses, by module path (test-only modules left out: a test may use a fake).
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeMap<String, PathBuf> = files.into_iter().map(|f| (module_of(src, &f), f)).collect();
    let test_only = |m: &str| m.ends_with("tests") || m.ends_with("testing") || m.ends_with("fake");
    let mut graph = BTreeMap::new();
    for (module, file) in &modules {
        let mut uses = BTreeSet::new();
        if !test_only(module) {
            let code = shipped_code(&std::fs::read_to_string(file).unwrap_or_default());
            let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
            let mut candidates: Vec<String> = Vec::new();
            let file_of = |path: &[String], base: &str| {
                (1..=path.len())
                    .rev()
                    .map(|n| {
                        let tail = path[..n].join("::");
                        if base.is_empty() { tail } else { format!("{base}::{tail}") }
                    })
                    .find(|m| modules.contains_key(m))
            };
            // `crate::core::timer::Phase` is the file core/timer.rs: the longest prefix that is one.
            for path in paths_after(&code, "crate::") {
                candidates.extend(file_of(&path, ""));
            }
            for path in paths_after(&code, "super::") {
                candidates.extend(file_of(&path, parent));
            }
            // `self::` in a folder's mod.rs names its own files.
            for path in paths_after(&code, "self::") {
                candidates.extend(file_of(&path, module));
            }
            uses.extend(candidates.into_iter().filter(|m| m != module && !test_only(m)));
        }
        graph.insert(module.clone(), uses);
    }
    graph
}

/// A cycle through `start`, if there is one: `["a", "b", "a"]`.
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut seen = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for next in graph.get(&at).into_iter().flatten() {
            if next == start {
                return Some([path.clone(), vec![start.to_owned()]].concat());
            }
            if seen.insert(next.clone()) {
                stack.push((next.clone(), [path.clone(), vec![next.clone()]].concat()));
            }
        }
    }
    None
}

#[test]
fn no_file_in_src_imports_one_that_imports_it_back() {
    let graph = imports(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(graph.len() > 40 && graph["app"].contains("app::command"), "the scan sees the imports: {graph:#?}");
    let cycles: Vec<String> = graph.keys().filter_map(|m| cycle_from(&graph, m)).map(|c| c.join(" → ")).collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn every_module_folder_lists_its_modules_in_its_doc() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut missing = Vec::new();
    for file in files.iter().filter(|f| f.ends_with("lib.rs") || f.ends_with("mod.rs")) {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let doc: String = text.lines().filter(|l| l.starts_with("//!")).collect::<Vec<_>>().join("\n");
        let mut test_only = false;
        for line in text.lines() {
            let declared = line.strip_prefix("pub mod ").or_else(|| line.strip_prefix("mod "));
            match declared.and_then(|d| d.strip_suffix(';')) {
                // `[`name`]` links a public module; a private one is named in backticks.
                Some(name)
                    if !test_only && !doc.contains(&format!("`{name}`")) && !doc.contains(&format!("`mod@{name}`")) =>
                {
                    missing.push(format!("{}: {name}", file.strip_prefix(&src).unwrap_or(file).display()));
                }
                Some(_) | None => {}
            }
            test_only = line.trim() == "#[cfg(test)]";
        }
    }
    assert!(missing.is_empty(), "modules the module map does not mention:\n{}", missing.join("\n"));
}
