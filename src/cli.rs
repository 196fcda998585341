//! The command line: argument definitions (clap) and the commands that only read files.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::builtin;
use crate::core::catalogue::{self, Diagnostic, Loaded, Severity, SourceFile};
use crate::core::routine::Position;
use crate::core::units::clock;
use crate::platform::files::{self, Paths};

/// Unhunch: a light break-and-stretch reminder with guided upper-back routines.
///
/// Routines are RON files: the built-ins ship inside the binary, and your own live in
/// ~/.config/unhunch/routines/ (a file with a built-in's id overrides it).
#[derive(Debug, Parser)]
#[command(name = "unhunch", version, about, long_about, after_long_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Show this message at the top of the window (used by the engine when it opens the window).
    #[arg(long, value_name = "TEXT")]
    pub banner: Option<String>,
    /// Run the engine inside the window instead of in the background (debugging; reminders stop
    /// when the window closes).
    #[arg(long)]
    pub standalone: bool,
    /// Only connect to a running engine, never start one (the engine passes this when it opens
    /// the window, so a window outliving its engine cannot start a second one).
    #[arg(long, hide = true)]
    pub no_engine_start: bool,
}

const AFTER_HELP: &str = "\
Examples:
  unhunch                          open the window (starts the reminder engine if needed)
  unhunch status                   sitting time and the next breaks (--json for scripts)
  unhunch pause 1h                 hold reminders for an hour (also: 30m, until-tomorrow, until 14:30)
  unhunch start thoracic-mobility  start a break now with that routine
  unhunch check                    check the built-ins and your routines folder
  unhunch check my-routine.ron     check one file (or a folder)
  unhunch routines --exercises     list the exercise ids a routine can use
  unhunch new routine Desk reset   write a commented template to start from (prints its path)
  unhunch edit posture-reset       edit a routine in $EDITOR (a built-in is copied to your folder first)

Exit status: 0 when all is well; 1 when `check` found errors, the engine refused a command (nothing
due to snooze, …) or is not running; 2 for arguments that make no sense.

Files (XDG; see `unhunch paths`):
  ~/.config/unhunch/settings.ron       settings
  ~/.config/unhunch/routines/*.ron     your routines and exercises
  ~/.local/share/unhunch/history/      one history file per machine";

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check routine and exercise files and print every problem as path:line:col.
    ///
    /// With no PATH: the built-ins plus your routines folder. With PATHs (files or folders): those
    /// files, checked against the built-in exercises they may use. Exits 1 if there are errors.
    Check {
        /// Files or folders to check.
        paths: Vec<PathBuf>,
    },
    /// List the routines (or exercises) you can play, with their durations.
    Routines {
        /// List exercises instead of routines.
        #[arg(long)]
        exercises: bool,
    },
    /// Show where Unhunch keeps its files.
    Paths,
    /// Write a commented template for a new routine or exercise into your folder; prints its path.
    New {
        #[arg(value_parser = ["routine", "exercise"])]
        kind: String,
        /// Its name, e.g. "Desk reset" (the id and file name are made from it: desk-reset.ron).
        #[arg(required = true, num_args = 1..)]
        name: Vec<String>,
    },
    /// Open a routine's or exercise's file in $VISUAL / $EDITOR (or the desktop's editor). A
    /// built-in is copied to your folder first; the copy is what is used from then on.
    Edit {
        /// A routine id or name, or an exercise id (see `unhunch routines [--exercises]`).
        id: String,
    },
    /// Run the reminder engine in the foreground (normally started for you by `unhunch`).
    ///
    /// The engine has no window: it counts sitting time, sends break notifications, keeps the
    /// history, and listens on `$XDG_RUNTIME_DIR/unhunch/control.sock`. Only one runs per user.
    Daemon,
    /// Show the reminder state: sitting time, the next breaks, a pause.
    Status {
        /// Print JSON for scripts: phase, sitting seconds, seconds to each break, pause state.
        #[arg(long)]
        json: bool,
    },
    /// Pause reminders: 30m, 1h, 2h, until-tomorrow, until 14:30, or indefinitely (the default).
    Pause {
        /// How long: a duration (30m, 1h30m, 2 hours), until-tomorrow, until HH:MM, indefinitely.
        #[arg(value_name = "WHEN")]
        when: Vec<String>,
    },
    /// Turn reminders back on after a pause.
    Resume,
    /// Start a break now, playing ROUTINE (an id or name) or the next in the rotation. Starts the
    /// engine if it is not running; the routine plays in the window.
    Start {
        /// A routine id or name (see `unhunch routines`).
        routine: Option<String>,
    },
    /// Snooze the break that is due (or announced).
    Snooze,
    /// Skip the break that is due (or announced).
    Skip,
    /// Show a real break-due notification now, to check the desktop shows it and its buttons.
    TestNotification,
    /// Stop the reminder engine (and with it the reminders) until Unhunch is started again.
    Quit,
    /// Start the reminder engine at login (on), or not (off); with no argument, say which.
    Autostart {
        #[arg(value_parser = ["on", "off"])]
        state: Option<String>,
    },
}

/// Runs a parsed command line, writing to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> io::Result<ExitCode> {
    match cli.command {
        Some(Command::Check { paths }) => check(&paths, out),
        Some(Command::Routines { exercises }) => routines(exercises, out),
        Some(Command::Paths) => show_paths(out),
        Some(Command::New { kind, name }) => {
            let kind = if kind == "exercise" {
                crate::platform::routine_files::Kind::Exercise
            } else {
                crate::platform::routine_files::Kind::Routine
            };
            crate::cli_files::new_file(out, kind, &name.join(" "))
        }
        Some(Command::Edit { id }) => crate::cli_files::edit(out, &id),
        Some(Command::Quit) => crate::control::quit(out),
        Some(Command::Autostart { state }) => autostart(out, state.as_deref()),
        Some(Command::Status { json }) => crate::control::status(out, json),
        Some(Command::Pause { when }) => crate::control::pause(out, &when),
        Some(Command::Resume) => crate::control::resume(out),
        Some(Command::Start { routine }) => crate::control::start(out, routine),
        Some(Command::Snooze) => crate::control::snooze(out),
        Some(Command::Skip) => crate::control::skip(out),
        Some(Command::TestNotification) => crate::control::test_notification(out),
        Some(Command::Daemon) => match crate::engine::daemon::run() {
            Ok(()) => Ok(ExitCode::SUCCESS),
            Err(e) => {
                writeln!(out, "unhunch daemon: {e}")?;
                Ok(ExitCode::FAILURE)
            }
        },
        None => {
            let options = crate::app::launch::LaunchOptions {
                banner: cli.banner,
                standalone: cli.standalone,
                no_engine_start: cli.no_engine_start,
            };
            match crate::app::launch::launch(options) {
                Ok(crate::app::launch::Launched::Closed) => Ok(ExitCode::SUCCESS),
                Ok(crate::app::launch::Launched::RaisedExisting) => {
                    writeln!(out, "Unhunch is already open; brought its window to the front.")?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    writeln!(out, "unhunch: {e}")?;
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}

/// The user's folder, or a note on why there is none.
fn user_dir() -> Result<PathBuf, String> {
    Paths::from_env().map(|p| p.routines()).map_err(|e| e.to_string())
}

/// Loads built-ins plus either the given paths or the user's folder.
fn load(paths: &[PathBuf]) -> Loaded {
    let mut sources: Vec<SourceFile> = builtin::sources();
    let (user, mut problems) = if paths.is_empty() {
        match user_dir() {
            Ok(dir) => files::read_dir_sources(&dir, crate::core::routine::Origin::User),
            Err(e) => (Vec::new(), vec![Diagnostic::file("~/.config/unhunch", e)]),
        }
    } else {
        files::read_paths(paths)
    };
    sources.extend(user);
    let mut loaded = catalogue::load(&sources);
    loaded.diagnostics.append(&mut problems);
    loaded
}

/// Prints one diagnostic the way compilers do: the location, the message, the line with a caret.
pub fn write_diagnostic(out: &mut dyn Write, d: &Diagnostic) -> io::Result<()> {
    writeln!(out, "{d}")?;
    if let Some(line) = &d.excerpt {
        // Long lines are cut to a window around the column, so the caret stays on screen.
        const WIDTH: usize = 100;
        let chars: Vec<char> = line.chars().collect();
        let start = d.col.saturating_sub(WIDTH / 2).min(chars.len().saturating_sub(WIDTH));
        let shown: String = chars.iter().skip(start).take(WIDTH).collect();
        let (lead, tail) = (if start > 0 { "…" } else { "" }, if start + WIDTH < chars.len() { "…" } else { "" });
        let gutter = d.line.to_string();
        writeln!(out, "{gutter:>w$} | {lead}{shown}{tail}", w = gutter.len())?;
        let caret = d.col.saturating_sub(start) + lead.chars().count();
        writeln!(out, "{:>w$} | {:>c$}", "", "^", w = gutter.len(), c = caret.max(1))?;
    }
    Ok(())
}

fn check(paths: &[PathBuf], out: &mut dyn Write) -> io::Result<ExitCode> {
    let mut loaded = load(paths);
    loaded.diagnostics.sort_by(|a, b| (&a.path, a.line, a.col).cmp(&(&b.path, b.line, b.col)));
    for d in &loaded.diagnostics {
        write_diagnostic(out, d)?;
    }
    let errors = loaded.error_count();
    let warnings = loaded.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    let plural = |n: usize, word: &str| if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") };
    writeln!(
        out,
        "{}, {}, {}{}",
        plural(loaded.catalogue.exercises.len(), "exercise"),
        plural(loaded.catalogue.routines.len(), "routine"),
        plural(errors, "error"),
        if warnings > 0 { format!(", {}", plural(warnings, "warning")) } else { String::new() },
    )?;
    Ok(if errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn routines(exercises: bool, out: &mut dyn Write) -> io::Result<ExitCode> {
    let loaded = load(&[]);
    let errors = loaded.error_count();
    let cat = &loaded.catalogue;
    if exercises {
        writeln!(out, "{:<26} {:<36} {:<10} {:<18} DOSE", "ID", "NAME", "FAMILY", "POSITION")?;
        for e in cat.exercises.values() {
            let family = e.family.label().to_lowercase();
            let position = match e.position {
                Position::SeatedOrStanding => "seated/standing".to_owned(),
                Position::Floor => "floor (home)".to_owned(),
                Position::Seated | Position::Standing => e.position.label().to_lowercase(),
            };
            writeln!(out, "{:<26} {:<36} {family:<10} {position:<18} {}", e.id, e.name, e.dose.describe())?;
        }
    } else {
        writeln!(out, "{:<22} {:<28} {:>6}  {:<8} NEEDS", "ID", "NAME", "TIME", "FROM")?;
        for r in cat.routines.values() {
            let needs: Vec<String> = r.equipment().iter().map(|e| e.title().to_lowercase()).collect();
            let from = match r.origin {
                crate::core::routine::Origin::BuiltIn => "built-in",
                crate::core::routine::Origin::User => "yours",
            };
            let needs = if needs.is_empty() { "nothing".to_owned() } else { needs.join(", ") };
            writeln!(out, "{:<22} {:<28} {:>6}  {from:<8} {needs}", r.id, r.name, clock(r.duration()))?;
        }
    }
    if errors > 0 {
        let what =
            if errors == 1 { "A file with a problem hid some entries" } else { "Files with problems hid some entries" };
        writeln!(out, "\n{what}; run `unhunch check` for details.")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn show_paths(out: &mut dyn Write) -> io::Result<ExitCode> {
    match Paths::from_env() {
        Ok(p) => {
            writeln!(out, "settings:  {}", p.settings().display())?;
            writeln!(out, "routines:  {}", p.routines().display())?;
            writeln!(out, "history:   {}", p.history().display())?;
            writeln!(out, "log:       {}", p.engine_log().display())?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            writeln!(out, "{e}")?;
            Ok(ExitCode::FAILURE)
        }
    }
}

fn autostart(out: &mut dyn Write, state: Option<&str>) -> io::Result<ExitCode> {
    use crate::platform::autostart;
    let result = match state {
        Some(s) => autostart::set(s == "on").map(|path| (s == "on", path)),
        None => autostart::entry_path().map(|path| (path.exists(), path)),
    };
    match result {
        Ok((true, path)) => writeln!(out, "The reminder engine starts at login ({}).", path.display())?,
        Ok((false, path)) => writeln!(out, "The reminder engine does not start at login (no {}).", path.display())?,
        Err(e) => {
            writeln!(out, "unhunch autostart: {e}")?;
            return Ok(ExitCode::FAILURE);
        }
    }
    Ok(ExitCode::SUCCESS)
}
