//! Files on disk: XDG paths, atomic writes, routine folders, `settings.ron` and the history log.
//!
//! Failure rules (DESIGN.md): every write is atomic; a file that cannot be parsed is never
//! overwritten but moved aside with a timestamp; one unreadable file never stops the others.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use thiserror::Error;

use crate::core::catalogue::{Diagnostic, Loaded, MAX_FILE_BYTES, SourceFile, ron_options};
use crate::core::history::{BadLine, HistoryEntry};
use crate::core::ports::{Store, StoreError};
use crate::core::routine::Origin;
use crate::core::settings::Settings;
use crate::core::timer::SavedTimer;

/// A file operation that failed, with the path and what to do about it.
#[derive(Debug, Error)]
pub enum FileError {
    #[error("could not find a home folder for Unhunch's files; set HOME or XDG_CONFIG_HOME")]
    NoHome,
    #[error("could not read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("could not write {path}: {source} (is the disk full or the folder read-only?)")]
    Write { path: PathBuf, source: io::Error },
    #[error("could not encode {what}: {message}")]
    Encode { what: &'static str, message: String },
}

/// Where Unhunch keeps its files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paths {
    /// `~/.config/unhunch`: settings and the user's routines.
    pub config: PathBuf,
    /// `~/.local/share/unhunch`: history.
    pub data: PathBuf,
    /// `~/.local/state/unhunch`: the timer's counts between runs.
    pub state: PathBuf,
}

impl Paths {
    /// The XDG folders for the current user (honours `XDG_CONFIG_HOME` and `XDG_DATA_HOME`).
    pub fn from_env() -> Result<Self, FileError> {
        let dirs = directories::ProjectDirs::from("", "", "unhunch").ok_or(FileError::NoHome)?;
        let data = dirs.data_dir().to_path_buf();
        let state = dirs.state_dir().map_or_else(|| data.clone(), Path::to_path_buf);
        Ok(Self { config: dirs.config_dir().to_path_buf(), data, state })
    }

    /// The user's routines and exercises.
    pub fn routines(&self) -> PathBuf {
        self.config.join("routines")
    }

    /// The settings file.
    pub fn settings(&self) -> PathBuf {
        self.config.join("settings.ron")
    }

    /// The timer's saved counts.
    pub fn timer(&self) -> PathBuf {
        self.state.join("timer.ron")
    }

    /// History records the history file refused, kept here until it takes them (in the state
    /// folder, so a full or read-only data folder does not lose them too).
    pub fn closing_record(&self) -> PathBuf {
        self.state.join("break-in-progress.ron")
    }

    pub fn waiting_history(&self) -> PathBuf {
        self.state.join("history-waiting.ron")
    }

    /// The engine's log (it runs detached, so its messages go here).
    pub fn engine_log(&self) -> PathBuf {
        self.state.join("engine.log")
    }

    /// The icon file handed to notification servers.
    pub fn icon(&self) -> PathBuf {
        self.data.join("unhunch.svg")
    }

    /// This machine's history file: one per host, so a synced folder never conflicts.
    pub fn history(&self) -> PathBuf {
        self.data.join("history").join(format!("{}.ron", hostname()))
    }
}

/// This machine's name, made safe for a file name.
pub fn hostname() -> String {
    let raw = fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| fs::read_to_string("/etc/hostname"))
        .unwrap_or_default();
    let name: String =
        raw.trim().chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '.' { c } else { '_' }).collect();
    if name.is_empty() || name.starts_with('.') { "localhost".to_owned() } else { name }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, flushed to disk, then
/// renamed over the target. Readers see the old file or the new one, never half of either.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    replace(path, bytes, true)
}

/// Puts `bytes` in `path` whole (a reader sees the old file or the new one, never half) and, when
/// `durable`, on the disk before returning (the file and the rename both synced).
fn replace(path: &Path, bytes: &[u8], durable: bool) -> Result<(), FileError> {
    // A symlink (a dotfiles checkout) is written through: its target gets the new text, the link
    // stays a link.
    let resolved = if path.is_symlink() { link_target(path) } else { path.to_path_buf() };
    let path = resolved.as_path();
    let err = |source| FileError::Write { path: path.to_path_buf(), source };
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(err)?;
    let mut tmp = tempfile::Builder::new().prefix(".unhunch-").suffix(".tmp").tempfile_in(dir).map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    if durable {
        tmp.as_file().sync_all().map_err(err)?;
    }
    tmp.persist(path).map_err(|e| err(e.error))?;
    // Make the rename itself durable.
    if durable && let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Reads a state file (settings, the timer, history) whole, without ever waiting: it is opened
/// non-blocking, so a FIFO or a device put in its place cannot hang the engine, and anything but a
/// regular file is refused with what it is.
///
/// # Errors
/// The file can't be opened or read, or is not a regular file.
pub fn read_state(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Opens a log or history file to append to (made if missing), without ever waiting: a FIFO or
/// a device in its place is refused with what it is.
///
/// # Errors
/// The file can't be opened, or is not a regular file.
pub fn open_append(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    if let Ok(meta) = fs::metadata(path)
        && !meta.is_file()
    {
        return Err(not_regular(&meta));
    }
    let file = OpenOptions::new().create(true).read(true).append(true).custom_flags(libc::O_NONBLOCK).open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    Ok(file)
}

/// The error for a path that holds something other than a regular file.
fn not_regular(meta: &fs::Metadata) -> io::Error {
    let what = if meta.is_dir() { "a folder" } else { "not a regular file (a FIFO, a device or a socket)" };
    io::Error::new(io::ErrorKind::InvalidInput, format!("it is {what}; move it away and Unhunch makes a new file"))
}

/// Reads one routine file, refusing huge files before reading them and non-UTF-8 text.
pub fn read_source(path: &Path, origin: Origin) -> Result<SourceFile, Diagnostic> {
    let shown = path.display().to_string();
    let fail = |msg: String| Diagnostic::file(&shown, msg);
    // Looked at before opening: opening a FIFO waits for a writer, and a device never ends.
    let meta = fs::metadata(path).map_err(|e| fail(format!("could not open the file: {e}")))?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file (a FIFO, a device or a socket)" };
        return Err(fail(format!("this is {what}; routine files are plain .ron files")));
    }
    let file = File::open(path).map_err(|e| fail(format!("could not open the file: {e}")))?;
    let len = file.metadata().map_or(0, |m| m.len());
    if len > MAX_FILE_BYTES as u64 {
        return Err(fail(format!(
            "the file is {} KiB; routine files may be at most {} KiB — is this the right file?",
            len / 1024,
            MAX_FILE_BYTES / 1024
        )));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(format!("could not read the file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        fail(format!(
            "the file is not UTF-8 text (bad byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })?;
    Ok(SourceFile { path: shown, origin, text })
}

/// Reads every `*.ron` file in `dir` (not recursively), sorted by name. A missing folder is simply
/// empty; a file that cannot be read becomes a diagnostic.
pub fn read_dir_sources(dir: &Path, origin: Origin) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return (files, problems),
        Err(e) => {
            problems.push(Diagnostic::file(dir.display().to_string(), format!("could not list the folder: {e}")));
            return (files, problems);
        }
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
        .collect();
    paths.sort();
    for path in paths {
        match read_source(&path, origin) {
            Ok(f) => files.push(f),
            Err(d) => problems.push(d),
        }
    }
    (files, problems)
}

/// The built-in catalogue with the user's routines folder over it, and every problem found.
pub fn load_library(paths: &Paths) -> Loaded {
    let mut sources = crate::core::builtin::sources();
    let (user, problems) = read_dir_sources(&paths.routines(), Origin::User);
    sources.extend(user);
    let mut loaded = crate::core::catalogue::load(&sources);
    loaded.diagnostics.extend(problems);
    loaded
}

/// Reads files and folders named on the command line.
pub fn read_paths(paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            let (f, p) = read_dir_sources(path, Origin::User);
            files.extend(f);
            problems.extend(p);
        } else {
            match read_source(path, Origin::User) {
                Ok(f) => files.push(f),
                Err(d) => problems.push(d),
            }
        }
    }
    (files, problems)
}

/// Settings as loaded, with anything the user should be told.
#[derive(Clone, Debug)]
pub struct LoadedSettings {
    pub settings: Settings,
    /// Problems worth a banner: a file that could not be read, values brought into range.
    pub warnings: Vec<String>,
    /// The file was from an older Unhunch and `settings` were brought up to date
    /// ([`crate::core::settings::migrate`]): save them so the change holds. In words.
    pub migrated: Vec<String>,
}

/// Loads `settings.ron`. A missing file gives the defaults; a broken one gives the defaults and a
/// warning naming `path:line:col`, and is left untouched on disk (it is moved aside only when
/// settings are next saved).
pub fn load_settings(path: &Path) -> LoadedSettings {
    let bytes = match read_state(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return LoadedSettings { settings: Settings::default(), warnings: Vec::new(), migrated: Vec::new() };
        }
        Err(e) => {
            return LoadedSettings {
                settings: Settings::default(),
                warnings: vec![format!(
                    "could not read {}: {e}; using default settings (the file is kept as it is, and set aside \
                     before any save)",
                    path.display()
                )],
                migrated: Vec::new(),
            };
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return LoadedSettings {
            settings: Settings::default(),
            warnings: vec![format!(
                "{} is not UTF-8 text; using default settings until it is fixed (the file is kept as it is)",
                path.display()
            )],
            migrated: Vec::new(),
        };
    };
    match crate::core::settings::parse_lenient(&text) {
        Ok((mut settings, unknown)) => {
            let migrated = crate::core::settings::migrate(&mut settings, &text);
            let (_, mut warnings) = settings.timer_config();
            for u in unknown {
                let place = u.outer.map_or_else(String::new, |o| format!(" (in {o})"));
                warnings.insert(
                    0,
                    format!(
                        "{}:{}:{}: unknown setting `{}`{place} left out, perhaps from a newer Unhunch; the other \
                         settings are used, and the file is kept as it is before any save",
                        path.display(),
                        u.line,
                        u.col,
                        u.name
                    ),
                );
            }
            LoadedSettings { settings, warnings, migrated }
        }
        Err(e) => LoadedSettings {
            settings: Settings::default(),
            warnings: vec![format!(
                "{}:{}:{}: {}; using default settings until it is fixed (the file is kept as it is)",
                path.display(),
                e.span.start.line,
                e.span.start.col,
                e.code
            )],
            migrated: Vec::new(),
        },
    }
}

fn parse_settings(text: &str) -> Result<Settings, ron::error::SpannedError> {
    ron_options().from_str(text)
}

/// What a settings save kept of the file it replaced, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetAside {
    /// The file could not be read whole: moved aside, never overwritten.
    Unreadable(PathBuf),
    /// It held the user's own comments, which a save can't carry over: copied aside first.
    Comments(PathBuf),
}

impl SetAside {
    /// Where the old file is kept.
    pub fn path(&self) -> &Path {
        match self {
            Self::Unreadable(p) | Self::Comments(p) => p,
        }
    }
}

/// The first line of every settings file Unhunch writes.
const SETTINGS_HEADER: &str = "// Unhunch settings. Every field is optional; see README.md (\"Settings\").";

/// True when `text` has comments of its writer's own (not only the header Unhunch writes).
fn has_own_comments(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim();
        l != SETTINGS_HEADER && (l.contains("//") || l.contains("/*"))
    })
}

/// Saves settings atomically. If the file on disk cannot be parsed, it is first moved aside to
/// `settings.ron.broken-<unix time>` so nothing the user wrote is lost; if it holds the user's own
/// comments, it is copied to `settings.ron.with-comments-<unix time>` first (a save writes the
/// settings afresh). Returns what was kept, and where.
pub fn save_settings(path: &Path, settings: &Settings, now: SystemTime) -> Result<Option<SetAside>, FileError> {
    let mut kept = None;
    let stamp = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    // Anything but a file this version reads whole (unreadable, not UTF-8, not parsing, or with
    // fields it doesn't know) is moved aside first, never overwritten.
    let old = match read_state(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(_) => Err(()),
        Ok(bytes) => String::from_utf8(bytes).ok().filter(|text| parse_settings(text).is_ok()).map(Some).ok_or(()),
    };
    match old {
        Err(()) => {
            let aside = path.with_extension(format!("ron.broken-{stamp}"));
            fs::rename(path, &aside).map_err(|source| FileError::Write { path: aside.clone(), source })?;
            kept = Some(SetAside::Unreadable(aside));
        }
        Ok(Some(text)) if has_own_comments(&text) => {
            let aside = path.with_extension(format!("ron.with-comments-{stamp}"));
            write_atomic(&aside, text.as_bytes())?;
            kept = Some(SetAside::Comments(aside));
        }
        Ok(_) => {}
    }
    let pretty = ron::ser::PrettyConfig::new().struct_names(false);
    let text = ron::ser::to_string_pretty(settings, pretty)
        .map_err(|e| FileError::Encode { what: "settings", message: e.to_string() })?;
    write_atomic(path, format!("{SETTINGS_HEADER}\n{text}\n").as_bytes())?;
    Ok(kept)
}

/// Appends one entry to the history file (one line, `O_APPEND`, flushed).
pub fn append_history(path: &Path, entry: &HistoryEntry) -> Result<(), FileError> {
    let err = |source| FileError::Write { path: path.to_path_buf(), source };
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(err)?;
    }
    // Never waits on a FIFO or a device in the file's place (opening one to write would wait for
    // a reader): refused, with what it is.
    let mut file = open_append(path).map_err(err)?;
    // A last line torn by a crash mid-write ends here, so the new record starts on a line of its own.
    let torn = file.metadata().map_err(err)?.len() > 0 && {
        use std::io::{Read as _, Seek as _, SeekFrom};
        let mut last = [0u8; 1];
        file.seek(SeekFrom::End(-1)).and_then(|_| file.read_exact(&mut last)).map_err(err)?;
        last[0] != b'\n'
    };
    let line = format!("{}{}\n", if torn { "\n" } else { "" }, entry.to_line());
    file.write_all(line.as_bytes()).map_err(err)?;
    file.sync_data().map_err(err)
}

/// Every host's history in a data folder (one file per machine: a synced folder holds several),
/// merged oldest first, each record with the host it came from; and what could not be read, as
/// `file:line: why` notes. A missing folder is an empty history.
pub fn read_all_histories(dir: &Path) -> (Vec<(String, HistoryEntry)>, Vec<String>) {
    let mut all = Vec::new();
    let mut notes = Vec::new();
    let mut files: Vec<PathBuf> = match fs::read_dir(dir) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
            .collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(e) => {
            notes.push(format!("{}: could not be read: {e}", dir.display()));
            Vec::new()
        }
    };
    files.sort();
    for path in files {
        let host = path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        match read_history(&path) {
            Ok((entries, bad)) => {
                notes.extend(bad.iter().map(|b| format!("{}:{}: skipped: {}", path.display(), b.line, b.message)));
                all.extend(entries.into_iter().map(|e| (host.clone(), e)));
            }
            Err(e) => notes.push(e.to_string()),
        }
    }
    all.sort_by_key(|(_, e)| e.at);
    (all, notes)
}

/// Keeps `waiting` (records the history file refused) in `path`, replacing what was there; none
/// waiting removes the file.
pub fn park_history(path: &Path, waiting: &[HistoryEntry], history: &Path) -> Result<(), FileError> {
    if waiting.is_empty() {
        return match fs::remove_file(path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                Err(FileError::Write { path: path.to_path_buf(), source: e })
            }
            Ok(()) | Err(_) => Ok(()),
        };
    }
    // Where the history file ended then: whatever is appended to it after that byte is records
    // from this list written since (the engine writes them first, in order). That, not equality,
    // says which were written, so two identical records in the same second are still two.
    let size = fs::metadata(history).map_or(0, |m| m.len());
    let lines: String = waiting.iter().flat_map(|e| [e.to_line(), "\n".to_owned()]).collect();
    write_atomic(path, format!("{PARKED_AFTER}{size}\n{lines}").as_bytes())
}

/// The first line of the records kept aside: how long the history file was when they were.
const PARKED_AFTER: &str = "// kept aside when the history file was this many bytes long: ";

/// What a previous run kept aside, read back.
#[derive(Debug, Default)]
pub struct Parked {
    /// The records not in the history file yet, in order.
    pub fresh: Vec<HistoryEntry>,
    /// The lines that could not be read, as they are in the file.
    pub damaged: Vec<String>,
    /// The file said where the history ended when they were kept (older files did not: the
    /// caller then leaves out those equal to one in the history).
    pub positioned: bool,
    /// There was such a file.
    pub existed: bool,
}

/// Reads the records kept aside in `path` and leaves out those already appended to `history`
/// since they were kept.
///
/// # Errors
/// The file can't be read (a missing one is nothing kept aside).
pub fn read_parked(path: &Path, history: &Path) -> Result<Parked, FileError> {
    let bytes = match read_state(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Parked::default()),
        Err(source) => return Err(FileError::Read { path: path.to_path_buf(), source }),
    };
    let (entries, bad) = crate::core::history::parse_history_bytes(&bytes);
    let lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    let damaged = bad
        .iter()
        .filter_map(|b| lines.get(b.line.wrapping_sub(1)))
        .map(|l| String::from_utf8_lossy(l).into_owned())
        .collect();
    let offset = lines
        .first()
        .and_then(|l| std::str::from_utf8(l).ok())
        .and_then(|l| l.strip_prefix(PARKED_AFTER))
        .and_then(|n| n.trim().parse::<u64>().ok());
    let Some(offset) = offset else { return Ok(Parked { fresh: entries, damaged, positioned: false, existed: true }) };
    let written =
        appended_since(history, offset).map_err(|source| FileError::Read { path: history.to_path_buf(), source })?;
    Ok(Parked { fresh: entries.into_iter().skip(written).collect(), damaged, positioned: true, existed: true })
}

/// How many records were appended to `history` after byte `offset`.
fn appended_since(history: &Path, offset: u64) -> io::Result<usize> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = match OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(history) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() || meta.len() <= offset {
        return Ok(0);
    }
    file.seek(SeekFrom::Start(offset))?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail)?;
    Ok(crate::core::history::parse_history_bytes(&tail).0.len())
}

/// Reads the records of a history file from `since` (Unix seconds) on, from the end: a file of
/// ten years is not read whole, only its last chunks, until a line older than `since` by more
/// than a day (records are appended in time order; the day allows for a clock set back). Memory
/// stays what the records kept need. A missing file is an empty history; bad lines near the end
/// are skipped and reported (their line numbers are counted from the end: `0`).
///
/// # Errors
/// The file can't be opened or read, or is not a regular file.
pub fn read_history_since(path: &Path, since: u64) -> Result<(Vec<HistoryEntry>, Vec<BadLine>), FileError> {
    let read_err = |source| FileError::Read { path: path.to_path_buf(), source };
    let stop_before = since.saturating_sub(86_400);
    // Whole lines wanted, newest first.
    let mut wanted: Vec<Vec<u8>> = Vec::new();
    lines_from_end(path, |line| {
        match line_time(line) {
            Some(at) if at < stop_before => return std::ops::ControlFlow::Break(()),
            Some(at) if at < since => {}
            Some(_) | None => wanted.push(line.to_vec()),
        }
        std::ops::ControlFlow::Continue(())
    })
    .map_err(read_err)?;
    wanted.reverse();
    let text = wanted.join(&b'\n');
    let (entries, mut bad) = crate::core::history::parse_history_bytes(&text);
    for b in &mut bad {
        b.line = 0;
    }
    Ok((entries.into_iter().filter(|e| e.at >= since).collect(), bad))
}

/// When Unhunch was first used (the history file's first record) and the last desk check within
/// the `within` seconds before `now` (read from the file's end; older ones are not looked for).
///
/// # Errors
/// The file can't be opened or read, or is not a regular file.
pub fn desk_history(path: &Path, now: u64, within: u64) -> Result<(Option<u64>, Option<u64>), FileError> {
    let read_err = |source| FileError::Read { path: path.to_path_buf(), source };
    let stop_before = now.saturating_sub(within);
    let mut last = None;
    let mut first = None;
    lines_from_end(path, |line| {
        if let Some(at) = line_time(line) {
            first = Some(at);
            if at < stop_before && last.is_none() {
                // Nothing recent: only the first line is still wanted, read below.
                return std::ops::ControlFlow::Break(());
            }
            if last.is_none() && line.windows(20).any(|w| w == b"outcome: DeskCheck, ") {
                last = Some(at);
            }
        }
        std::ops::ControlFlow::Continue(())
    })
    .map_err(read_err)?;
    let first = first_line_time(path).map_err(read_err)?.or(first);
    Ok((first, last))
}

/// The time of a history file's first record.
fn first_line_time(path: &Path) -> io::Result<Option<u64>> {
    use std::io::Read as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = match OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    if !file.metadata()?.is_file() {
        return Ok(None);
    }
    let mut head = [0u8; 128];
    let n = file.read(&mut head)?;
    Ok(head.get(..n).and_then(|h| h.split(|b| *b == b'\n').find_map(line_time)))
}

/// Calls `visit` with each line of the file at `path`, last first, reading 256 KB at a time from
/// the end, until it says to stop. A missing file has no lines; anything but a regular file is
/// refused.
fn lines_from_end(path: &Path, mut visit: impl FnMut(&[u8]) -> std::ops::ControlFlow<()>) -> io::Result<()> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    use std::os::unix::fs::OpenOptionsExt as _;
    const CHUNK: u64 = 256 * 1024;
    let mut file = match OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    // `carry` is the start of a line cut by the chunk's edge.
    let mut carry: Vec<u8> = Vec::new();
    let mut end = meta.len();
    while end > 0 {
        let start = end.saturating_sub(CHUNK);
        let mut chunk = vec![0; usize::try_from(end - start).unwrap_or(0)];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut chunk)?;
        chunk.extend_from_slice(&carry);
        let mut lines: Vec<&[u8]> = chunk.split(|b| *b == b'\n').collect();
        // The first piece may be cut: kept for the next chunk, unless this is the file's start.
        carry = if start > 0 { lines.remove(0).to_vec() } else { Vec::new() };
        for line in lines.into_iter().rev() {
            if visit(line).is_break() {
                return Ok(());
            }
        }
        end = start;
    }
    Ok(())
}

/// A history line's time, read from its start without parsing the rest (`(at: 1712345678, …`).
fn line_time(line: &[u8]) -> Option<u64> {
    let rest = line.strip_prefix(b"(at: ")?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(rest.get(..digits)?).ok()?.parse().ok()
}

/// Reads a history file; a missing file is an empty history, bad lines are skipped and reported.
pub fn read_history(path: &Path) -> Result<(Vec<HistoryEntry>, Vec<BadLine>), FileError> {
    match read_state(path) {
        Ok(bytes) => Ok(crate::core::history::parse_history_bytes(&bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok((Vec::new(), Vec::new())),
        Err(source) => Err(FileError::Read { path: path.to_path_buf(), source }),
    }
}

/// The engine's [`Store`]: settings, history and timer counts in their XDG files.
#[derive(Clone, Debug)]
pub struct FileStore {
    pub paths: Paths,
}

impl Store for FileStore {
    fn save_settings(&mut self, settings: &Settings, now: SystemTime) -> Result<Option<String>, StoreError> {
        let path = self.paths.settings();
        match save_settings(&path, settings, now) {
            Ok(Some(SetAside::Unreadable(aside))) => Ok(Some(format!(
                "{} could not be read, so it was kept as {} and fresh settings were written",
                path.display(),
                aside.display()
            ))),
            Ok(Some(SetAside::Comments(aside))) => Ok(Some(format!(
                "{} had comments of yours, which a save can't keep in place: the file as it was, comments \
                 and all, is kept as {}",
                path.display(),
                aside.display()
            ))),
            Ok(None) => Ok(None),
            Err(e) => Err(store_error(&path, e)),
        }
    }

    fn append_history(&mut self, entry: &HistoryEntry) -> Result<(), StoreError> {
        let path = self.paths.history();
        append_history(&path, entry).map_err(|e| store_error(&path, e))
    }

    fn park_history(&mut self, waiting: &[HistoryEntry]) -> Result<(), StoreError> {
        let path = self.paths.waiting_history();
        park_history(&path, waiting, &self.paths.history()).map_err(|e| store_error(&path, e))
    }

    fn parked_at(&self) -> String {
        self.paths.waiting_history().display().to_string()
    }

    fn save_timer(&mut self, saved: &SavedTimer) -> Result<(), StoreError> {
        let path = self.paths.timer();
        let failed = |reason: String| StoreError::Write { path: path.display().to_string(), reason };
        let text = ron::to_string(saved).map_err(|e| failed(e.to_string()))?;
        write_atomic(&path, format!("{text}\n").as_bytes()).map_err(|e| store_error(&path, e))
    }

    fn keep_closing(&mut self, closing: Option<&HistoryEntry>) -> Result<(), StoreError> {
        let path = self.paths.closing_record();
        match closing {
            Some(entry) => {
                write_atomic(&path, format!("{}\n", entry.to_line()).as_bytes()).map_err(|e| store_error(&path, e))
            }
            None => match fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    Err(store_error(&path, FileError::Write { path: path.clone(), source: e }))
                }
                Ok(()) | Err(_) => Ok(()),
            },
        }
    }
}

/// A file error as the store reports it: the file (the one really written: a symlink's target)
/// and the system's words, once each.
fn store_error(path: &Path, e: FileError) -> StoreError {
    match e {
        FileError::Write { path, source } | FileError::Read { path, source } => {
            StoreError::Write { path: path.display().to_string(), reason: source.to_string() }
        }
        other @ (FileError::NoHome | FileError::Encode { .. }) => {
            StoreError::Write { path: path.display().to_string(), reason: other.to_string() }
        }
    }
}

/// What became of the timer's save at start: the counts, when they can be used, and what to tell
/// the user when they can't (the file was then set aside as `timer.ron.broken-<time>`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadedTimer {
    pub saved: Option<SavedTimer>,
    pub note: Option<String>,
}

/// The timer's saved counts. A missing file is a fresh start; one that can't be read or parsed,
/// or holds values no real run writes (a pause years away), is set aside like a broken settings
/// file and the timer starts fresh.
pub fn load_timer(path: &Path, now: SystemTime) -> LoadedTimer {
    let problem = match read_state(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return LoadedTimer::default(),
        Err(e) => e.to_string(),
        Ok(bytes) => match std::str::from_utf8(&bytes)
            .map_err(|e| e.to_string())
            .and_then(|text| ron_options().from_str::<SavedTimer>(text).map_err(|e| e.to_string()))
        {
            Ok(saved) => match saved.problem(now) {
                None => return LoadedTimer { saved: Some(saved), note: None },
                Some(p) => p,
            },
            Err(e) => e,
        },
    };
    let stamp = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let aside = path.with_extension(format!("ron.broken-{stamp}"));
    let kept = match fs::rename(path, &aside) {
        Ok(()) => format!("it was kept as {}", aside.display()),
        Err(e) => format!("it could not be moved aside ({e}) and will be replaced at the next save"),
    };
    let note = format!(
        "The saved timer {} could not be used ({problem}); {kept}. Sitting time starts again from zero.",
        path.display()
    );
    LoadedTimer { saved: None, note: Some(note) }
}

/// Where a symlink points, followed to the end (a relative link is taken from its folder; a
/// dangling one is created where it points).
fn link_target(path: &Path) -> PathBuf {
    if let Ok(real) = fs::canonicalize(path) {
        return real;
    }
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        let Ok(next) = fs::read_link(&at) else { break };
        at = match at.parent() {
            Some(dir) if next.is_relative() => dir.join(next),
            Some(_) | None => next,
        };
    }
    at
}

/// A temporary file an atomic write left behind (the writer was killed mid-write): `.unhunch-*.tmp`.
fn is_leftover(name: &str) -> bool {
    name.strip_prefix(".unhunch-").is_some_and(|rest| rest.len() > 4 && rest.get(rest.len() - 4..) == Some(".tmp"))
}

/// Removes leftovers of interrupted atomic writes in `dir` older than `age` (younger ones may be
/// another process's write in progress); returns how many went.
pub fn clean_leftovers(dir: &Path, age: std::time::Duration, now: SystemTime) -> usize {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let old_enough = entry
            .metadata()
            .ok()
            .filter(std::fs::Metadata::is_file)
            .and_then(|m| m.modified().ok())
            .is_some_and(|t| now.duration_since(t).is_ok_and(|d| d >= age));
        if is_leftover(&name.to_string_lossy()) && old_enough && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Writes `contents` to `path` unless it already holds exactly that: for files made from the
/// program's own (the tray's icon theme), so whole but not synced to the disk — a crash that
/// loses one costs nothing, the next start writes it again, and a first start writes 17 of them
/// without waiting for the disk 34 times.
pub fn ensure_file(path: &Path, contents: &[u8]) -> Result<(), FileError> {
    if read_state(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    replace(path, contents, false)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::core::history::Outcome;
    use crate::core::kind::BreakKind;
    use crate::core::units::Minutes;

    /// Only the recent end of a long history is read: lines older than that (even damaged ones)
    /// are never looked at, a line cut by a chunk's edge is read whole, and a clock set back a
    /// few hours does not hide the records after it.
    #[test]
    fn a_long_history_is_read_from_its_end_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.ron");
        let day = 86_400;
        let now = 400 * day;
        let line = |at: u64, outcome: Outcome| {
            HistoryEntry::new(UNIX_EPOCH + Duration::from_secs(at), BreakKind::Micro, outcome).to_line()
        };
        let mut text = String::from("this line is damaged and old\n");
        // A year of records, one every ten minutes (enough lines to span many chunks).
        for i in 0..(365 * 144) {
            text += &line(now - 380 * day + i * 600, Outcome::Snoozed);
            text.push('\n');
        }
        // The last day: a record, then one from a clock set back three hours, then one more.
        text += &(line(now - 3_600, Outcome::Skipped) + "\n");
        text += &(line(now - 3 * 3_600, Outcome::Natural) + "\n");
        text += &(line(now - 60, Outcome::Completed) + "\n");
        write_atomic(&path, text.as_bytes()).unwrap();
        let since = now - 2 * 3_600 - 1_800;
        let (entries, bad) = read_history_since(&path, since).unwrap();
        assert!(bad.is_empty(), "the damaged line at the start was never read: {bad:?}");
        let outcomes: Vec<Outcome> = entries.iter().map(|e| e.outcome).collect();
        // The snoozes of the last 2.5 hours, the skip and the completed one (the natural break is
        // older than `since`, though after the skip in the file).
        assert_eq!(outcomes.last(), Some(&Outcome::Completed));
        assert!(outcomes.contains(&Outcome::Skipped) && !outcomes.contains(&Outcome::Natural), "{outcomes:?}");
        assert!(entries.iter().all(|e| e.at >= since));
        let full = read_history(&path).unwrap().0.into_iter().filter(|e| e.at >= since).count();
        assert_eq!(entries.len(), full, "the same records as reading it whole");
    }

    #[test]
    fn atomic_write_replaces_the_whole_file_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/file.txt");
        write_atomic(&path, b"first version, longer").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "second");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "only the target remains: {names:?}");
    }

    #[test]
    fn settings_save_and_load_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        let mut s = Settings::default();
        s.micro.interval = Minutes(25);
        assert_eq!(save_settings(&path, &s, UNIX_EPOCH).unwrap(), None);
        let loaded = load_settings(&path);
        assert_eq!(loaded.settings, s);
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    }

    #[test]
    fn broken_settings_are_kept_and_reported_then_moved_aside_on_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        write_atomic(&path, b"(micro: (intervl: 25))").unwrap();
        let loaded = load_settings(&path);
        assert_eq!(loaded.settings, Settings::default());
        assert!(loaded.warnings[0].contains("settings.ron:1:"), "{:?}", loaded.warnings);
        assert_eq!(fs::read_to_string(&path).unwrap(), "(micro: (intervl: 25))", "loading never touches the file");

        let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let aside = save_settings(&path, &Settings::default(), at).unwrap().unwrap();
        let aside = aside.path();
        assert!(aside.to_string_lossy().ends_with("settings.ron.broken-1700000000"));
        assert_eq!(fs::read_to_string(aside).unwrap(), "(micro: (intervl: 25))", "the user's text survives");
        assert_eq!(load_settings(&path).settings, Settings::default());
    }

    #[test]
    fn history_appends_one_line_per_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history/host.ron");
        let e = HistoryEntry::new(UNIX_EPOCH + Duration::from_secs(42), BreakKind::Micro, Outcome::Completed);
        append_history(&path, &e).unwrap();
        append_history(&path, &e).unwrap();
        let (entries, bad) = read_history(&path).unwrap();
        assert_eq!(entries, vec![e.clone(), e]);
        assert!(bad.is_empty());
        assert_eq!(fs::read_to_string(&path).unwrap().lines().count(), 2);
    }

    #[test]
    fn oversized_and_non_utf8_routine_files_are_refused_without_reading_them_whole() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.ron");
        write_atomic(&big, &vec![b' '; MAX_FILE_BYTES + 10]).unwrap();
        let bin = dir.path().join("bin.ron");
        write_atomic(&bin, &[0xff, 0xfe, 0x00]).unwrap();
        let (files, problems) = read_dir_sources(dir.path(), Origin::User);
        assert!(files.is_empty());
        assert_eq!(problems.len(), 2);
        assert!(problems.iter().any(|p| p.message.contains("at most")), "{problems:?}");
        assert!(problems.iter().any(|p| p.message.contains("not UTF-8")), "{problems:?}");
    }

    #[test]
    fn a_timer_save_that_cant_be_used_is_set_aside_and_a_good_one_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("timer.ron");
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        assert_eq!(load_timer(&path, now), LoadedTimer::default(), "none yet: a fresh start");
        write_atomic(&path, b"(at: 1799999990, sat_secs: (60, 60))").unwrap();
        assert!(load_timer(&path, now).saved.is_some());
        for bad in [
            "(at: 1, sat_secs: (60, 60), paused_until: Some(18446744073709551615))",
            "(at: 1, sat_secs: (18446744073709551615, 0))",
            "(at: 1, sat_secs: (60,",
            "\u{ff}",
        ] {
            write_atomic(&path, bad.as_bytes()).unwrap();
            let loaded = load_timer(&path, now);
            assert_eq!(loaded.saved, None, "{bad}");
            assert!(loaded.note.is_some_and(|n| n.contains("could not be used")), "{bad}");
            assert!(!path.exists(), "moved aside");
            let aside = path.with_extension("ron.broken-1800000000");
            assert_eq!(fs::read_to_string(&aside).unwrap(), bad, "kept as it was");
            fs::remove_file(aside).unwrap();
        }
    }

    #[test]
    fn an_unknown_setting_keeps_every_other_one_and_the_file_is_kept_before_a_save() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        let text = "(\n    warning: 45,\n    sparkles: (colour: \"gold\", count: [1, 2]),\n    micro: (interval: 20, \
                    glitter: true),\n    lead_in: 9,\n)\n";
        write_atomic(&path, text.as_bytes()).unwrap();
        let loaded = load_settings(&path);
        assert_eq!((loaded.settings.warning.0, loaded.settings.lead_in.0), (45, 9), "{:?}", loaded.warnings);
        assert_eq!(loaded.settings.micro.interval.0, 20, "a nested section keeps its known fields");
        let said = loaded.warnings.join("\n");
        assert!(said.contains("settings.ron:3:5: unknown setting `sparkles`"), "{said}");
        assert!(said.contains("`glitter`"), "{said}");
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let kept = save_settings(&path, &loaded.settings, now).unwrap().expect("kept aside");
        assert_eq!(fs::read_to_string(kept.path()).unwrap(), text, "the newer file is kept as it was");
        assert_eq!(load_settings(&path).settings, loaded.settings);
    }

    /// Issue 24: settings from before the programme kept the end-of-day unwind in the hourly
    /// stretch-break turn; they are brought up to date, and a file written since is left alone.
    #[test]
    fn old_settings_take_the_end_of_day_unwind_out_of_the_hourly_turn() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        let old =
            "// mine\n(long: (interval: 50, routines: [\"thoracic-mobility\", \"end-of-day-unwind\"]), warning: 45)\n";
        write_atomic(&path, old.as_bytes()).unwrap();
        let loaded = load_settings(&path);
        assert_eq!(loaded.settings.long.routines, ["thoracic-mobility"]);
        assert_eq!(loaded.settings.long.interval.0, 50, "everything else kept");
        assert!(loaded.migrated.iter().any(|m| m.contains("end-of-day-unwind")), "{:?}", loaded.migrated);
        let new = "(long: (routines: [\"end-of-day-unwind\"]), programme: (strength_days: 2))\n";
        write_atomic(&path, new.as_bytes()).unwrap();
        let loaded = load_settings(&path);
        assert_eq!(loaded.settings.long.routines, ["end-of-day-unwind"], "chosen since: kept");
        assert!(loaded.migrated.is_empty());
    }

    /// Issue 24: a save from the window rewrites the file; the user's comments are kept in a copy
    /// of the file as it was (once: the file then holds only Unhunch's header).
    #[test]
    fn a_save_keeps_the_users_comments_in_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        let mine = "// my break settings, tuned with my physio\n(warning: 45) // 45 s heads-up\n";
        write_atomic(&path, mine.as_bytes()).unwrap();
        let kept = save_settings(&path, &Settings::default(), UNIX_EPOCH + Duration::from_secs(1000)).unwrap();
        let Some(SetAside::Comments(copy)) = kept else { panic!("the comments were kept: {kept:?}") };
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), mine, "the file as it was, comments and all");
        assert!(copy.to_string_lossy().ends_with("settings.ron.with-comments-1000"));
        let again = save_settings(&path, &Settings::default(), UNIX_EPOCH + Duration::from_secs(2000)).unwrap();
        assert_eq!(again, None, "Unhunch's own header is not a comment to keep");
    }

    #[test]
    fn settings_that_cant_be_read_are_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.ron");
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let bad = b"(warning: 45, \xff\xfe)";
        write_atomic(&path, bad).unwrap();
        let loaded = load_settings(&path);
        assert_eq!(loaded.settings, Settings::default());
        assert!(loaded.warnings[0].contains("not UTF-8"), "{:?}", loaded.warnings);
        let kept = save_settings(&path, &Settings::default(), now).unwrap().expect("kept aside");
        assert_eq!(fs::read(kept.path()).unwrap(), bad, "byte for byte");
        // A folder where the file should be: it can't be read, so it is moved aside, not lost.
        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        write_atomic(&path.join("inside"), b"mine").unwrap();
        assert!(load_settings(&path).warnings[0].contains("could not read"));
        let later = now + Duration::from_secs(1);
        let kept = save_settings(&path, &Settings::default(), later).unwrap().expect("kept aside");
        assert_eq!(fs::read(kept.path().join("inside")).unwrap(), b"mine");
        assert!(path.is_file());
    }

    #[test]
    fn a_symlinked_settings_file_is_written_through_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let dotfiles = dir.path().join("dotfiles");
        fs::create_dir(&dotfiles).unwrap();
        write_atomic(&dotfiles.join("settings.ron"), b"(warning: 45)").unwrap();
        let path = dir.path().join("settings.ron");
        std::os::unix::fs::symlink("dotfiles/settings.ron", &path).unwrap();
        let mut s = load_settings(&path).settings;
        assert_eq!(s.warning.0, 45);
        s.lead_in = crate::core::units::Seconds(9);
        save_settings(&path, &s, UNIX_EPOCH).unwrap();
        assert!(path.is_symlink(), "still a link");
        assert_eq!(load_settings(&dotfiles.join("settings.ron")).settings.lead_in.0, 9, "the target has it");
    }

    #[test]
    fn leftovers_of_interrupted_writes_are_cleaned_but_fresh_ones_and_other_files_stay() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(".unhunch-abc.tmp");
        write_atomic(&old, b"half").unwrap();
        write_atomic(&dir.path().join("notes.tmp"), b"mine").unwrap();
        let now = fs::metadata(&old).unwrap().modified().unwrap();
        assert_eq!(
            clean_leftovers(dir.path(), Duration::from_secs(600), now),
            0,
            "too fresh: maybe a write in progress"
        );
        assert_eq!(clean_leftovers(dir.path(), Duration::from_secs(600), now + Duration::from_secs(601)), 1);
        assert!(!old.exists());
        assert!(dir.path().join("notes.tmp").exists(), "not ours");
    }

    #[test]
    fn a_torn_last_line_is_not_glued_to_the_next_record_and_a_bad_byte_costs_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.ron");
        let e = |s| HistoryEntry::new(UNIX_EPOCH + Duration::from_secs(s), BreakKind::Micro, Outcome::Skipped);
        append_history(&path, &e(1)).unwrap();
        // A crash mid-write: half a line, no newline; then a bad byte on a line of its own.
        let mut torn = fs::read(&path).unwrap();
        torn.extend_from_slice(b"(at: 2, kind: Mic");
        write_atomic(&path, &torn).unwrap();
        append_history(&path, &e(3)).unwrap();
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(b"(at: 4, kind: Micro, outcome: Skipped, routine: Some(\"\xff\"))\n");
        write_atomic(&path, &bytes).unwrap();
        append_history(&path, &e(5)).unwrap();
        let (entries, bad) = read_history(&path).unwrap();
        let at: Vec<u64> = entries.iter().map(|e| e.at).collect();
        assert_eq!(at, [1, 3, 5], "every whole record, none glued");
        assert_eq!(bad.iter().map(|b| b.line).collect::<Vec<_>>(), [2, 4], "{bad:?}");
    }
}
