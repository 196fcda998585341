//! Loads many routine files at once: one bad file never stops the others, and every problem becomes
//! a [`Diagnostic`] that names the file, line and column.
//!
//! The shell reads the files (built-ins embedded in the binary, the user's folder, paths from the
//! command line) and hands their text here; nothing in this module touches the disk.

use std::collections::BTreeMap;
use std::fmt;

use super::routine::{Document, Exercise, ExerciseDef, Origin, Routine, RoutineDef};
use super::suggest::did_you_mean;
use super::validate::{Problem, validate_exercise, validate_routine};

/// Files bigger than this are refused before parsing: routines are a few kilobytes.
pub const MAX_FILE_BYTES: usize = 256 * 1024;
/// Brackets nested deeper than this are refused before parsing; real files use about six levels.
pub const MAX_DEPTH: usize = 24;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The file (or the definition in it) was not loaded.
    Error,
    /// Loaded, but something looks wrong.
    Warning,
    /// Worth knowing, nothing wrong (a user file overrides a built-in).
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
        })
    }
}

/// One problem in one file, located to a line and column (both from 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
    /// The offending line of the file, when there is one to show.
    pub excerpt: Option<String>,
}

impl Diagnostic {
    /// A problem with a file as a whole (unreadable, too big), pointed at its first line.
    pub fn file(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { path: path.into(), line: 1, col: 1, severity: Severity::Error, message: message.into(), excerpt: None }
    }

    fn at(path: &str, text: &str, (line, col): (usize, usize), severity: Severity, message: String) -> Self {
        let excerpt = text.lines().nth(line.saturating_sub(1)).map(|l| l.trim_end().to_owned());
        Self { path: path.to_owned(), line, col, severity, message, excerpt: excerpt.filter(|l| !l.is_empty()) }
    }

    /// True for errors (the only severity that makes `unhunch check` fail).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic the way compilers print one: the location and message, then the offending
    /// line with a caret under the column. A long line is cut to a window around the column, so
    /// the caret stays on screen.
    pub fn render(&self) -> String {
        const WIDTH: usize = 100;
        let Some(line) = &self.excerpt else { return format!("{self}\n") };
        let chars: Vec<char> = line.chars().collect();
        let start = self.col.saturating_sub(WIDTH / 2).min(chars.len().saturating_sub(WIDTH));
        let shown: String = chars.iter().skip(start).take(WIDTH).collect();
        let (lead, tail) = (if start > 0 { "…" } else { "" }, if start + WIDTH < chars.len() { "…" } else { "" });
        let gutter = self.line.to_string();
        let caret = self.col.saturating_sub(start) + lead.chars().count();
        let w = gutter.len();
        format!("{self}\n{gutter:>w$} | {lead}{shown}{tail}\n{:>w$} | {:>c$}\n", "", "^", c = caret.max(1))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}: {}", self.path, self.line, self.col, self.severity, self.message)
    }
}

/// The text of one routine file and where it came from.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path shown in diagnostics (`exercises/chin-tuck.ron` for built-ins).
    pub path: String,
    pub origin: Origin,
    pub text: String,
}

/// Every exercise and routine that loaded, by id.
#[derive(Clone, Debug, Default)]
pub struct Catalogue {
    pub exercises: BTreeMap<String, std::sync::Arc<Exercise>>,
    pub routines: BTreeMap<String, Routine>,
}

impl Catalogue {
    /// Looks a routine up by id, or failing that by name (case-insensitive).
    pub fn find_routine(&self, key: &str) -> Option<&Routine> {
        self.routines.get(key).or_else(|| self.routines.values().find(|r| r.name.eq_ignore_ascii_case(key.trim())))
    }
}

/// What a load produced: everything that could be loaded, and what could not.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub catalogue: Catalogue,
    pub diagnostics: Vec<Diagnostic>,
    /// The ids the built-in files define, also where a user's file of the same id replaces them.
    pub builtin_ids: std::collections::BTreeSet<String>,
}

impl Loaded {
    /// How many diagnostics are errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Options every file is parsed with: `sets: 2` needs no `Some(…)`, and `Exercise(id: …)` needs no
/// double parentheses.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_default_extension(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES)
        .with_recursion_limit(MAX_DEPTH * 2)
}

/// A parse failure: where, and what in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

/// Parses one file into a [`Document`], refusing oversized and deeply nested text first.
pub fn parse_document(text: &str) -> Result<Document, ParseError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(ParseError {
            line: 1,
            col: 1,
            message: format!(
                "the file is {} KiB; routine files may be at most {} KiB — is this the right file?",
                text.len() / 1024,
                MAX_FILE_BYTES / 1024
            ),
        });
    }
    if text.trim().is_empty() {
        return Err(ParseError {
            line: 1,
            col: 1,
            message: "the file is empty; it should start with `Exercise(` or `Routine(` (see exercises/README.md)"
                .to_owned(),
        });
    }
    if let Some((line, col)) = too_deep(text) {
        return Err(ParseError {
            line,
            col,
            message: format!("brackets are nested more than {MAX_DEPTH} levels deep; routine files never need that"),
        });
    }
    ron_options().from_str::<Document>(text).map_err(|e| {
        let (line, col) = (e.span.start.line, e.span.start.col);
        let mut message = explain(&e.code, text, line, col);
        // Nothing recognisable before the error: this is not a routine file at all.
        let opened = byte_offset(text, line, col).and_then(|o| text.get(..o)).is_some_and(|b| b.contains('('));
        if !opened && !names_the_top(&e.code) {
            message = format!(
                "this does not look like a routine file ({message}); it should start with `Exercise(` or `Routine(`"
            );
        }
        ParseError { line, col, message }
    })
}

/// The position of the first bracket nested deeper than [`MAX_DEPTH`], skipping strings and comments.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut col) = (0usize, 1usize, 0usize);
    let (mut in_string, mut escaped, mut in_comment) = (false, false, false);
    let mut prev = '\0';
    for c in text.chars() {
        col += 1;
        if c == '\n' {
            line += 1;
            col = 0;
            in_comment = false;
        } else if in_comment {
        } else if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '/' && prev == '/' {
            in_comment = true;
        } else if matches!(c, '(' | '[' | '{') {
            depth += 1;
            if depth > MAX_DEPTH {
                return Some((line, col));
            }
        } else if matches!(c, ')' | ']' | '}') {
            depth = depth.saturating_sub(1);
        }
        prev = c;
    }
    None
}

/// What a RON type name means to a person writing the file.
fn outer_name(outer: Option<&str>) -> String {
    match outer {
        Some("ExerciseDef" | "Exercise") => "`Exercise(…)`".to_owned(),
        Some("RoutineDef" | "Routine") => "`Routine(…)`".to_owned(),
        Some("DoseDef") => "`dose: (…)`".to_owned(),
        Some("Do") => "a `Do(…)` step".to_owned(),
        Some("Rest") => "a `Rest(…)` step".to_owned(),
        Some("Document") | None => "the file".to_owned(),
        Some(other) => format!("`{other}`"),
    }
}

fn list(expected: &[&str]) -> String {
    let quoted: Vec<String> = expected.iter().map(|e| format!("`{e}`")).collect();
    quoted.join(", ")
}

/// An error about the file's outer word (`Exercise(` / `Routine(`), which says so itself.
fn names_the_top(code: &ron::Error) -> bool {
    matches!(code, ron::Error::NoSuchEnumVariant { outer, .. } if matches!(outer.as_deref(), Some("Document") | None))
}

/// Turns a RON error into a sentence a person can act on.
#[expect(clippy::wildcard_enum_match_arm, reason = "ron::Error is non_exhaustive; the rest share one wording")]
fn explain(code: &ron::Error, text: &str, line: usize, col: usize) -> String {
    match code {
        ron::Error::NoSuchStructField { expected, found, outer } => {
            let hint = did_you_mean(found, expected.iter().copied()).map_or_else(
                || format!("; the fields here are {}", list(expected)),
                |s| format!("; did you mean `{s}`?"),
            );
            format!("unknown field `{found}` in {}{hint}", outer_name(outer.as_deref()))
        }
        ron::Error::NoSuchEnumVariant { expected, found, outer } => {
            let hint = did_you_mean(found, expected.iter().copied())
                .map_or_else(|| format!("; expected one of {}", list(expected)), |s| format!("; did you mean `{s}`?"));
            let place = if names_the_top(code) {
                "at the top of the file".to_owned()
            } else {
                format!("for {}", outer_name(outer.as_deref()))
            };
            format!("unknown value `{found}` {place}{hint}")
        }
        ron::Error::MissingStructField { field, outer } => {
            format!("{} is missing the field `{field}`", outer_name(outer.as_deref()))
        }
        ron::Error::DuplicateStructField { field, outer } => {
            format!("the field `{field}` appears twice in {}", outer_name(outer.as_deref()))
        }
        ron::Error::ExceededRecursionLimit => {
            format!("values are nested too deeply (more than {MAX_DEPTH} levels)")
        }
        ron::Error::Eof => "the file ends too early; a closing `)` or `]` is probably missing".to_owned(),
        ron::Error::Utf8Error(_) => "the file is not UTF-8 text".to_owned(),
        other => {
            let what = match other {
                ron::Error::InvalidValueForType { expected, found } => format!("expected {expected}, found {found}"),
                ron::Error::IntegerOutOfBounds => "the number is out of range (use a whole number ≥ 0)".to_owned(),
                ron::Error::ExpectedInteger => "expected a whole number".to_owned(),
                ron::Error::ExpectedString | ron::Error::ExpectedStringEnd => {
                    "expected text in double quotes".to_owned()
                }
                _ => crate::core::units::lowercase_first(&other.to_string()),
            };
            match field_before(text, line, col) {
                Some(field) => format!("in `{field}`: {what}"),
                None => what,
            }
        }
    }
}

/// The name of the field whose value starts at or near `line:col` (`dose: (work: Hold(seconds: x`
/// → `seconds`), so type errors can say which field is wrong.
fn field_before(text: &str, line: usize, col: usize) -> Option<String> {
    let offset = byte_offset(text, line, col)?;
    let before = text.get(..offset)?;
    let colon = before.trim_end().strip_suffix(':').map(str::trim_end).or_else(|| {
        // The error may point inside the value (`hold: 2x`): step back over the value itself.
        let idx = before.rfind(':')?;
        let value = before.get(idx + 1..)?;
        (!value.contains([',', '(', '[', '\n'])).then(|| before.get(..idx).map(str::trim_end)).flatten()
    })?;
    let name: String = colon.chars().rev().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    let name: String = name.chars().rev().collect();
    (!name.is_empty()).then_some(name)
}

fn byte_offset(text: &str, line: usize, col: usize) -> Option<usize> {
    let line_start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2).map(|(i, _)| i + 1)? };
    let rest = text.get(line_start..)?;
    let within = rest.char_indices().nth(col.saturating_sub(1)).map_or(rest.len(), |(i, _)| i);
    Some(line_start + within)
}

/// Finds the `nth` occurrence of `anchor` in `text`: a field name (`name` followed by `:`) or any
/// other snippet verbatim. Falls back to the top of the file.
fn locate(text: &str, anchor: &str, nth: usize) -> (usize, usize) {
    if anchor.is_empty() {
        return (1, 1);
    }
    let is_ident = anchor.chars().all(|c| c.is_alphanumeric() || c == '_');
    let hits = text.match_indices(anchor).map(|(i, _)| i).filter(|&i| {
        if !is_ident {
            return true;
        }
        let before_ok = text[..i].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let after = text[i + anchor.len()..].trim_start();
        before_ok && (after.starts_with(':') || after.starts_with('('))
    });
    let found = hits.clone().nth(nth).or_else(|| hits.last());
    found.map_or((1, 1), |i| position_of(text, i))
}

fn position_of(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// A parsed definition waiting for its turn to be validated.
struct Candidate<'a, T> {
    file: &'a SourceFile,
    def: T,
}

/// Loads every file: parses, resolves overrides and duplicates, validates, and reports.
///
/// Priority for an id defined more than once: a user file beats a built-in (that is how people
/// customise); between two files of the same origin the path that sorts first wins, so the result
/// never depends on the order the disk lists files in.
pub fn load(files: &[SourceFile]) -> Loaded {
    let mut diagnostics = Vec::new();
    let mut exercises: BTreeMap<String, Vec<Candidate<'_, ExerciseDef>>> = BTreeMap::new();
    let mut routines: BTreeMap<String, Vec<Candidate<'_, RoutineDef>>> = BTreeMap::new();

    let mut ordered: Vec<&SourceFile> = files.iter().collect();
    ordered.sort_by(|a, b| b.origin.cmp(&a.origin).then_with(|| a.path.cmp(&b.path)));
    let mut builtin_ids = std::collections::BTreeSet::new();
    for file in ordered {
        let parsed = parse_document(&file.text);
        if file.origin == Origin::BuiltIn {
            match &parsed {
                Ok(Document::Exercise(def)) => builtin_ids.insert(def.id.clone()),
                Ok(Document::Routine(def)) => builtin_ids.insert(def.id.clone()),
                Err(_) => false,
            };
        }
        match parsed {
            Ok(Document::Exercise(def)) => {
                exercises.entry(def.id.clone()).or_default().push(Candidate { file, def: *def });
            }
            Ok(Document::Routine(def)) => {
                routines.entry(def.id.clone()).or_default().push(Candidate { file, def });
            }
            Err(e) => {
                diagnostics.push(Diagnostic::at(&file.path, &file.text, (e.line, e.col), Severity::Error, e.message));
            }
        }
    }

    let mut catalogue = Catalogue::default();
    let mut broken: BTreeMap<String, String> = BTreeMap::new();
    for (id, candidates) in &exercises {
        report_duplicates("exercise", id, candidates, &mut diagnostics);
        let mut winner = None;
        for c in candidates {
            match validate_exercise(&c.def, c.file.origin, &c.file.path) {
                Ok(ex) => {
                    winner.get_or_insert(ex);
                }
                Err(problems) => push_problems(c.file, &problems, &mut diagnostics),
            }
        }
        match winner {
            Some(ex) => {
                catalogue.exercises.insert(id.clone(), std::sync::Arc::new(ex));
            }
            None => {
                broken.insert(id.clone(), candidates[0].file.path.clone());
            }
        }
    }

    let known: Vec<&str> = catalogue.exercises.keys().map(String::as_str).collect();
    for ex in catalogue.exercises.values() {
        for alt in &ex.alternatives {
            if !catalogue.exercises.contains_key(alt)
                && let Some(file) = files.iter().find(|f| f.path == ex.path)
            {
                let hint = did_you_mean(alt, known.iter().copied())
                    .map(|s| format!("; did you mean {s:?}?"))
                    .unwrap_or_default();
                diagnostics.push(Diagnostic::at(
                    &file.path,
                    &file.text,
                    locate(&file.text, &format!("{alt:?}"), 0),
                    Severity::Warning,
                    format!("the alternative {alt:?} is not a known exercise{hint}"),
                ));
            }
        }
    }

    for (id, candidates) in &routines {
        report_duplicates("routine", id, candidates, &mut diagnostics);
        let mut winner = None;
        for c in candidates {
            let lookup = |ex: &str| catalogue.exercises.get(ex);
            match validate_routine(&c.def, c.file.origin, &c.file.path, lookup, &known) {
                Ok(r) => {
                    winner.get_or_insert(r);
                }
                Err(problems) => {
                    let problems: Vec<Problem> =
                        problems.into_iter().map(|p| explain_broken_reference(p, &broken)).collect();
                    push_problems(c.file, &problems, &mut diagnostics);
                }
            }
        }
        if let Some(r) = winner {
            catalogue.routines.insert(id.clone(), r);
        }
    }

    diagnostics.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    Loaded { catalogue, diagnostics, builtin_ids }
}

/// "Unknown exercise" is misleading when the exercise exists but failed to load: say that instead.
fn explain_broken_reference(p: Problem, broken: &BTreeMap<String, String>) -> Problem {
    let id = p.anchor.trim_matches('"');
    match broken.get(id) {
        Some(path) if p.unknown_exercise => Problem {
            message: format!("the exercise {id:?} did not load because {path} has errors; fix that file first"),
            ..p
        },
        _ => p,
    }
}

fn push_problems(file: &SourceFile, problems: &[Problem], out: &mut Vec<Diagnostic>) {
    for p in problems {
        out.push(Diagnostic::at(
            &file.path,
            &file.text,
            locate(&file.text, &p.anchor, p.nth),
            Severity::Error,
            p.message.clone(),
        ));
    }
}

fn report_duplicates<T>(kind: &str, id: &str, candidates: &[Candidate<'_, T>], out: &mut Vec<Diagnostic>) {
    let Some(first) = candidates.first() else { return };
    for c in &candidates[1..] {
        let at = locate(&c.file.text, &format!("{id:?}"), 0);
        let (severity, message) = if first.file.origin == Origin::User && c.file.origin == Origin::BuiltIn {
            (
                Severity::Note,
                format!("the built-in {kind} {id:?} is overridden by {} (user files win)", first.file.path),
            )
        } else {
            (
                Severity::Error,
                format!(
                    "duplicate {kind} id {id:?}: also defined in {}, which wins because its path sorts first; \
                     rename one of them",
                    first.file.path
                ),
            )
        };
        out.push(Diagnostic::at(&c.file.path, &c.file.text, at, severity, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXERCISE: &str = r#"Exercise(
    id: "chin-tuck",
    name: "Chin tuck",
    family: Mobility,
    position: SeatedOrStanding,
    cues: ["Glide your head straight back."],
    dose: (work: Hold(seconds: 2, reps: 5)),
)
"#;

    fn file(path: &str, origin: Origin, text: &str) -> SourceFile {
        SourceFile { path: path.to_owned(), origin, text: text.to_owned() }
    }

    fn routine(id: &str, exercise: &str) -> String {
        format!(
            "Routine(\n    id: {id:?},\n    name: \"Test\",\n    steps: [\n        Do(exercise: {exercise:?}, sets: 2),\n        Rest(seconds: 10),\n    ],\n)\n"
        )
    }

    fn only_diagnostic(files: &[SourceFile]) -> Diagnostic {
        let loaded = load(files);
        assert_eq!(loaded.diagnostics.len(), 1, "expected one diagnostic, got {:#?}", loaded.diagnostics);
        loaded.diagnostics[0].clone()
    }

    #[test]
    fn a_valid_exercise_and_routine_load() {
        let loaded =
            load(&[file("a.ron", Origin::User, EXERCISE), file("r.ron", Origin::User, &routine("r", "chin-tuck"))]);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let r = &loaded.catalogue.routines["r"];
        // 2 sets × (5 × 2 s) with no rest between sets, then a 10 s rest step
        assert_eq!(r.duration().as_secs(), 30, "routine total");
    }

    #[test]
    fn built_in_ids_are_kept_where_a_users_file_replaces_them() {
        // The library marks a user's file that replaces a built-in one ("Replaces the built-in …").
        let loaded = load(&[
            file("builtin/chin-tuck.ron", Origin::BuiltIn, EXERCISE),
            file("builtin/r.ron", Origin::BuiltIn, &routine("r", "chin-tuck")),
            file("user/chin-tuck.ron", Origin::User, &EXERCISE.replace("Chin tuck", "My chin tuck")),
            file("user/mine.ron", Origin::User, &routine("mine", "chin-tuck")),
        ]);
        assert_eq!(loaded.catalogue.exercises["chin-tuck"].origin, Origin::User);
        let ids: Vec<&str> = loaded.builtin_ids.iter().map(String::as_str).collect();
        assert_eq!(ids, ["chin-tuck", "r"]);
    }

    #[test]
    fn misspelled_field_names_the_line_column_and_a_suggestion() {
        let text = EXERCISE.replace("    name:", "    nmae:");
        let d = only_diagnostic(&[file("x.ron", Origin::User, &text)]);
        assert_eq!((d.line, d.col), (3, 5), "{d}");
        assert!(d.message.contains("unknown field `nmae`") && d.message.contains("did you mean `name`?"), "{d}");
        assert_eq!(d.excerpt.as_deref(), Some("    nmae: \"Chin tuck\","));
    }

    #[test]
    fn misspelled_enum_value_gets_a_suggestion() {
        let text = EXERCISE.replace("Mobility", "Mobilty");
        let d = only_diagnostic(&[file("x.ron", Origin::User, &text)]);
        assert!(d.message.contains("did you mean `Mobility`?"), "{d}");
        assert_eq!(d.line, 4, "{d}");
    }

    #[test]
    fn wrong_type_names_the_field() {
        let text = EXERCISE.replace("seconds: 2", "seconds: \"two\"");
        let d = only_diagnostic(&[file("x.ron", Origin::User, &text)]);
        assert!(d.message.starts_with("in `seconds`:"), "{d}");
    }

    #[test]
    fn unknown_exercise_in_a_routine_points_at_the_reference_and_suggests() {
        let r = routine("r", "chin-tuk");
        let d = only_diagnostic(&[file("a.ron", Origin::User, EXERCISE), file("r.ron", Origin::User, &r)]);
        assert_eq!((d.path.as_str(), d.line, d.col), ("r.ron", 5, 22), "{d}");
        assert!(d.message.contains("did you mean \"chin-tuck\"?"), "{d}");
    }

    #[test]
    fn zero_and_absurd_durations_are_refused() {
        let zero = EXERCISE.replace("seconds: 2", "seconds: 0");
        let d = only_diagnostic(&[file("x.ron", Origin::User, &zero)]);
        assert!(d.message.contains("The hold is zero"), "{d}");
        let absurd = EXERCISE.replace("seconds: 2", "seconds: 90000");
        let d = only_diagnostic(&[file("x.ron", Origin::User, &absurd)]);
        assert!(d.message.contains("between 1 and 300 s"), "{d}");
    }

    #[test]
    fn a_user_file_overrides_a_built_in_with_a_note() {
        let user = EXERCISE.replace("Chin tuck", "My chin tuck");
        let loaded = load(&[file("builtin.ron", Origin::BuiltIn, EXERCISE), file("mine.ron", Origin::User, &user)]);
        assert_eq!(loaded.catalogue.exercises["chin-tuck"].name, "My chin tuck");
        assert_eq!(loaded.error_count(), 0);
        assert_eq!(loaded.diagnostics[0].severity, Severity::Note);
        assert!(loaded.diagnostics[0].message.contains("overridden by mine.ron"), "{}", loaded.diagnostics[0]);
    }

    #[test]
    fn a_broken_override_falls_back_to_the_built_in() {
        let user = EXERCISE.replace("seconds: 2", "seconds: 0");
        let loaded = load(&[file("builtin.ron", Origin::BuiltIn, EXERCISE), file("mine.ron", Origin::User, &user)]);
        assert_eq!(loaded.catalogue.exercises["chin-tuck"].path, "builtin.ron");
        assert_eq!(loaded.error_count(), 1);
    }

    #[test]
    fn duplicate_ids_in_two_user_files_say_which_wins() {
        let loaded = load(&[file("b.ron", Origin::User, EXERCISE), file("a.ron", Origin::User, EXERCISE)]);
        let d = &loaded.diagnostics[0];
        assert_eq!(d.path, "b.ron");
        assert!(d.message.contains("also defined in a.ron, which wins"), "{d}");
        assert_eq!(loaded.catalogue.exercises["chin-tuck"].path, "a.ron");
    }

    #[test]
    fn one_bad_file_does_not_stop_the_others() {
        let loaded = load(&[file("bad.ron", Origin::User, "Exercise(id: "), file("good.ron", Origin::User, EXERCISE)]);
        assert_eq!(loaded.error_count(), 1);
        assert!(loaded.catalogue.exercises.contains_key("chin-tuck"));
    }

    #[test]
    fn garbage_empty_huge_and_deep_files_each_get_one_clear_error() {
        let cases = [
            ("garbage", "\u{1}\u{2} hello world ]]]".to_owned(), "does not look like a routine file"),
            ("empty", "  \n".to_owned(), "the file is empty"),
            ("huge", "x".repeat(MAX_FILE_BYTES + 1), "routine files may be at most"),
            ("deep", format!("Exercise({}", "[".repeat(200)), "nested more than"),
            ("words", "hello".to_owned(), "unknown value `hello` at the top of the file"),
        ];
        for (name, text, expect) in cases {
            let d = only_diagnostic(&[file(name, Origin::User, &text)]);
            assert!(d.message.to_lowercase().contains(expect), "{name}: {d}");
        }
    }

    proptest::proptest! {
        /// Any text at all, and any damage to a valid file, gives a value or an error: no panic.
        #[test]
        fn parsing_never_panics(text in ".{0,400}") {
            let _ = load(&[file("x.ron", Origin::User, &text)]);
        }

        #[test]
        fn damaged_files_never_panic(cut in 0usize..400, insert in ".{0,8}") {
            let mut text = EXERCISE.to_owned();
            let at = text.char_indices().map(|(i, _)| i).nth(cut % EXERCISE.chars().count()).unwrap_or(0);
            text.insert_str(at, &insert);
            let loaded = load(&[file("x.ron", Origin::User, &text)]);
            for d in loaded.diagnostics {
                proptest::prop_assert!(d.line >= 1 && d.col >= 1, "{}", d);
            }
        }
    }

    #[test]
    fn field_before_finds_the_field_of_a_value() {
        let text = "dose: (work: Hold(seconds: \"x\"))";
        assert_eq!(field_before(text, 1, 28).as_deref(), Some("seconds"));
    }
}
