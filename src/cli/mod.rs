//! The command line: the arguments (clap) and which command runs.
//!
//! - [`local`]: commands on this machine's files (`check`, `routines`, `paths`, `autostart`).
//! - [`figure`]: `figure` (an exercise's figure as SVG) and `exercises` (every exercise).
//! - [`files`]: `new` and `edit`, routine files from the terminal.
//! - [`show`]: `show`, a routine as it plays for this user.
//! - [`history`]: `history`, what the history says, or every record as CSV or JSON.
//! - [`sound`]: `test-sound`, a session's cue (and voice) played as a session plays it.
//! - [`remote`]: the commands that talk to the engine (`status`, `pause`, `start`, …).
//!
//! Every command writes its answer to [`Term::out`] and what went wrong to [`Term::err`].

pub mod figure;
pub mod files;
pub mod history;
pub mod local;
pub mod remote;
pub mod show;
pub mod sound;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Where a command writes: its answer (stdout) and what went wrong (stderr).
pub struct Term<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

impl std::fmt::Debug for Term<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Term")
    }
}

/// What `unhunch new` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    Routine,
    Exercise,
}

/// `on` or `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

/// Unhunch: a light break-and-stretch reminder with guided upper-back routines.
///
/// Routines are RON files: the built-ins ship inside the binary, and your own live in
/// ~/.config/unhunch/routines/ (a file with a built-in's id overrides it).
#[derive(Debug, Parser)]
#[command(name = "unhunch", version, about, long_about, after_long_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Action>,
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
  unhunch figure wall-angels --svg wall-angels.svg --at 0.5
                                   draw an exercise's figure (0 start, 0.5 end of the move)
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
pub enum Action {
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
    /// List every exercise: its figure's view and keyframes, and the words for its movement.
    Exercises {
        /// Print JSON for scripts: `id`, `name`, `family`, `position`, `equipment`, `avoid_with`,
        /// `view`, `keyframes`, `phase_words`, `dose`.
        #[arg(long)]
        json: bool,
    },
    /// Write an exercise's figure as SVG (the same drawing the window shows), or its pose as JSON.
    #[command(group(clap::ArgGroup::new("output").required(true).args(["svg", "pose_json"])))]
    Figure {
        /// An exercise id (see `unhunch exercises`).
        id: String,
        /// Where to write it (`-` for standard output).
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
        /// Print the pose as JSON instead: `joints` (each with `name`, world `position` in metres,
        /// the `angle` it reaches and its `range`), `contacts` (each with its `distance` in metres)
        /// and `props` (furniture boxes). The format is in exercises/README.md.
        #[arg(long)]
        pose_json: bool,
        /// How far through one repetition: 0 the start, 0.5 the end of the move (the position
        /// held), 1 back at the start.
        #[arg(long, value_name = "FRACTION", default_value_t = 0.5)]
        at: f32,
        /// Draw the right side (the mirror image) of an exercise done on each side.
        #[arg(long)]
        right: bool,
        /// Draw set N's own figure (1 is the first), for an exercise whose sets differ (Y-T-W).
        #[arg(long, value_name = "N")]
        set: Option<u32>,
        /// Draw the figure as it is shown to someone with this condition (where a Modify caution
        /// changes the move): shoulder-instability, neck-symptoms, …
        #[arg(long, value_name = "NAME")]
        condition: Option<String>,
    },
    /// Print a routine as it would play for you: each step, its dose, and every swap with its
    /// reason. Uses your saved profile (place, equipment, conditions), its level and recent pain,
    /// unless the options say otherwise.
    Show {
        /// A routine id or name (see `unhunch routines`).
        routine: String,
        /// Print JSON for scripts: `id`, `name`, `level`, `seconds`, `changes`, `steps`.
        #[arg(long)]
        json: bool,
        /// What you don't have, comma-separated: band, floor, doorway, wall, desk, weights,
        /// steady-chair, chair.
        #[arg(long, value_delimiter = ',', value_name = "ITEMS")]
        without: Vec<String>,
        /// Where you are: office, home or standing-desk.
        #[arg(long, value_name = "PLACE")]
        place: Option<String>,
        /// A condition to take care of (repeat for more): recent-surgery, acute-injury,
        /// osteoporosis, pregnancy, shoulder-instability, shoulder-impingement, neck-symptoms,
        /// heart-condition, wrist-or-knee, latex-allergy.
        #[arg(long = "condition", value_name = "NAME", num_args = 1..)]
        conditions: Vec<String>,
    },
    /// When to get help: the safety notice and the red flags, most urgent first.
    Safety,
    /// The desk check: screen height and distance, a laptop, elbows, feet, the chair and light,
    /// each with why it matters and what to change
    Desk,
    /// Show where Unhunch keeps its files.
    Paths,
    /// What your history says: sitting, breaks due and what became of them, how your back felt,
    /// by day, week or month, in words. With --csv or --json: every record, for a spreadsheet or a
    /// script (all machines' files in a synced folder, merged).
    History {
        /// From this date on (YYYY-MM-DD, local).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Up to and including this date (YYYY-MM-DD, local).
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
        /// Every record as CSV (a header line, then one line each).
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// Every record as a JSON array.
        #[arg(long)]
        json: bool,
        /// The summary's rows: a day, a week (from Monday) or a month each.
        #[arg(long, value_enum, default_value = "day")]
        by: history::By,
    },
    /// Write a commented template for a new routine or exercise into your folder; prints its path.
    New {
        kind: NewKind,
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
    /// Play a session's sound cue now (and with --voice say a sentence through speech-dispatcher),
    /// to check the desktop plays them; exits 1 and says why when nothing could play.
    TestSound {
        /// Also test voice guidance.
        #[arg(long)]
        voice: bool,
    },
    /// Stop the reminder engine (and with it the reminders) until Unhunch is started again.
    Quit,
    /// Start the reminder engine at login (on), or not (off); with no argument, say which.
    Autostart { state: Option<OnOff> },
    /// Print a shell completion script: `unhunch completions bash > ~/.local/share/bash-completion/completions/unhunch`.
    ///
    /// zsh: into a folder on $fpath as `_unhunch`; fish: `~/.config/fish/completions/unhunch.fish`.
    /// The .deb installs all three.
    Completions { shell: clap_complete::Shell },
    /// Print a made-up, realistic history of DAYS days ending yesterday (history file lines), for
    /// trying the History views: `unhunch sample-history 60 > ~/.local/share/unhunch/history/sample.ron`.
    #[command(hide = true)]
    SampleHistory {
        days: u64,
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// Print the man page (roff), made from this command line's own help: `unhunch manpage | man -l -`.
    ///
    /// With DIR: write unhunch.1 and a page for each subcommand (unhunch-check.1, …) there, as the
    /// package does.
    #[command(hide = true)]
    Manpage { dir: Option<PathBuf> },
}

/// The completion script for `shell`: the commands and options people see (not the hidden
/// ones, which clap's generators would list), and for fish the values of positional arguments
/// (`on off`, the shells), which its generator leaves to file names.
pub fn completion_script(shell: clap_complete::Shell) -> Vec<u8> {
    let full = <Cli as clap::CommandFactory>::command();
    let mut shown = clap::Command::new("unhunch").about(full.get_about().cloned().unwrap_or_default());
    shown = shown.version(env!("CARGO_PKG_VERSION"));
    for arg in full.get_arguments().filter(|a| !a.is_hide_set() && a.get_id() != "help" && a.get_id() != "version") {
        shown = shown.arg(arg.clone());
    }
    let subcommands: Vec<clap::Command> = full.get_subcommands().filter(|c| !c.is_hide_set()).cloned().collect();
    for sub in &subcommands {
        shown = shown.subcommand(sub.clone());
    }
    // Into memory first: the generator panics when its writer fails (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut shown, "unhunch", &mut script);
    if shell == clap_complete::Shell::Fish {
        for sub in &subcommands {
            for arg in sub.get_positionals() {
                let values: Vec<String> = arg
                    .get_possible_values()
                    .iter()
                    .filter(|v| !v.is_hide_set())
                    .map(|v| v.get_name().to_owned())
                    .collect();
                if !values.is_empty() {
                    let line = format!(
                        "complete -c unhunch -n \"__fish_unhunch_using_subcommand {}\" -f -a \"{}\"\n",
                        sub.get_name(),
                        values.join(" ")
                    );
                    script.extend_from_slice(line.as_bytes());
                }
            }
        }
    }
    script
}

/// Runs a parsed command line.
pub fn run(cli: Cli, t: &mut Term<'_>) -> io::Result<ExitCode> {
    match cli.command {
        Some(Action::Check { paths }) => local::check(t, &paths),
        Some(Action::Routines { exercises }) => local::routines(t, exercises),
        Some(Action::Paths) => local::show_paths(t),
        Some(Action::History { since, until, csv, json, by }) => {
            let query = history::Query { since: since.as_deref(), until: until.as_deref(), csv, json, by };
            history::history(t, &query)
        }
        Some(Action::Safety) => local::safety(t),
        Some(Action::Desk) => local::desk(t),
        Some(Action::Show { routine, json, without, place, conditions }) => {
            show::show(t, &show::Ask { routine, json, without, place, conditions })
        }
        Some(Action::Exercises { json }) => figure::exercises(t, json),
        Some(Action::Figure { id, svg, pose_json, at, right, set, condition }) => {
            // Clap lets exactly one of the two through.
            let output = match (&svg, pose_json) {
                (Some(path), false) => figure::Output::Svg(path),
                _ => figure::Output::PoseJson,
            };
            figure::figure(t, &id, &output, &figure::Which { at, right, set, condition })
        }
        Some(Action::New { kind, name }) => {
            let kind = match kind {
                NewKind::Exercise => crate::platform::routine_files::Kind::Exercise,
                NewKind::Routine => crate::platform::routine_files::Kind::Routine,
            };
            files::new_file(t, kind, &name.join(" "))
        }
        Some(Action::Edit { id }) => files::edit(t, &id),
        Some(Action::Quit) => remote::quit(t),
        Some(Action::Autostart { state }) => local::autostart(t, state),
        Some(Action::Completions { shell }) => {
            t.out.write_all(&completion_script(shell))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Action::SampleHistory { days, seed }) => {
            let today = crate::platform::clock::Calendar::system().day_start(
                crate::core::ports::Clock::now(&crate::platform::clock::SystemClock)
                    .wall
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs()),
            );
            write!(t.out, "{}", crate::core::sample::file_text(&crate::core::sample::history(days, today, seed)))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Action::Manpage { dir: None }) => {
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(t.out)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Action::Manpage { dir: Some(dir) }) => {
            match clap_mangen::generate_to(<Cli as clap::CommandFactory>::command(), &dir) {
                Ok(()) => writeln!(t.out, "{}", dir.display())?,
                Err(e) => {
                    writeln!(t.err, "unhunch: could not write the man pages into {}: {e}", dir.display())?;
                    return Ok(ExitCode::FAILURE);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Action::Status { json }) => remote::status(t, json),
        Some(Action::Pause { when }) => remote::pause(t, &when),
        Some(Action::Resume) => remote::resume(t),
        Some(Action::Start { routine }) => remote::start(t, routine),
        Some(Action::Snooze) => remote::snooze(t),
        Some(Action::Skip) => remote::skip(t),
        Some(Action::TestNotification) => remote::test_notification(t),
        Some(Action::TestSound { voice }) => sound::test_sound(t, voice),
        Some(Action::Daemon) => {
            crate::engine::daemon::hand_over();
            crate::engine::daemon::tune_allocator();
            match crate::engine::daemon::run() {
                Ok(()) => Ok(ExitCode::SUCCESS),
                Err(e) => {
                    writeln!(t.err, "unhunch daemon: {e}")?;
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        None => {
            let options = crate::app::launch::LaunchOptions {
                banner: cli.banner,
                standalone: cli.standalone,
                no_engine_start: cli.no_engine_start,
            };
            match crate::app::launch::launch(options) {
                Ok(crate::app::launch::Launched::Closed) => Ok(ExitCode::SUCCESS),
                Ok(crate::app::launch::Launched::RaisedExisting) => {
                    writeln!(t.out, "Unhunch is already open; brought its window to the front.")?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    writeln!(t.err, "unhunch: {e}")?;
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}
