//! The command-line remote control: `status`, `pause`, `resume`, `start`, `snooze`, `skip`,
//! `quit` and `test-notification`, each one request to the engine over its control socket.

use std::io::{self, Write};

use super::Term;
use std::process::ExitCode;
use std::time::{Duration, UNIX_EPOCH};

use serde::Serialize;

use crate::core::history::Counts;
use crate::core::kind::BreakKind;
use crate::core::ports::Clock as _;
use crate::core::units::plural;
use crate::core::units::{human, parse_clock_time, parse_duration};
use crate::platform::clock::SystemClock;
use crate::platform::files::Paths;
use crate::platform::ipc::{self, Connection, IpcError};
use crate::protocol::{Command, ServerMessage, Snapshot, State};

/// Connects to the running engine (or starts one, for `start`).
fn connect(start_if_needed: bool) -> Result<Connection, IpcError> {
    let socket = ipc::socket_path()?;
    let connection = if start_if_needed {
        let log = Paths::from_env().map_or_else(|_| std::path::PathBuf::from("/dev/null"), |p| p.engine_log());
        crate::platform::spawn::ensure_running(&socket, &log)?
    } else {
        Connection::connect(&socket)?
    };
    connection.set_timeout(Some(Duration::from_secs(10)))?;
    Ok(connection)
}

/// Sends one command; prints `done(snapshot)` on success, the engine's reason on refusal.
fn run(
    t: &mut Term<'_>,
    cmd: Command,
    start_if_needed: bool,
    done: impl FnOnce(&mut dyn Write, &Snapshot) -> io::Result<()>,
) -> io::Result<ExitCode> {
    let status = matches!(cmd, Command::Status);
    let reply = connect(start_if_needed).and_then(|mut c| c.request(cmd));
    match reply {
        Ok(ServerMessage::Ok { snapshot, .. }) => {
            done(t.out, &snapshot)?;
            // Done, but not yet in the history file: said at once, not only in `status`.
            if snapshot.history_waiting > 0 && !status {
                let waiting =
                    plural(u64::try_from(snapshot.history_waiting).unwrap_or(u64::MAX), "history record", None);
                let why = snapshot.banners.iter().find(|b| b.starts_with("The history could not be saved"));
                let why = why.map_or_else(String::new, |b| format!(" {b}"));
                writeln!(t.err, "unhunch: warning: {waiting} not saved yet.{why}")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Ok(ServerMessage::Error { message, .. }) => {
            writeln!(t.err, "unhunch: {message}")?;
            Ok(ExitCode::FAILURE)
        }
        Ok(ServerMessage::Snapshot { .. } | ServerMessage::Event { .. }) => {
            writeln!(t.err, "unhunch: the engine gave an unexpected answer")?;
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            writeln!(t.err, "unhunch: {e}")?;
            Ok(ExitCode::FAILURE)
        }
    }
}

fn local_time(unix: u64) -> String {
    SystemClock.local_hhmm(unix)
}

/// A time later today as "14:30", another day as "tomorrow 14:30" (or its weekday or date).
fn local_when(unix: u64) -> String {
    crate::core::pause::local_when(&SystemClock, SystemClock.now().wall, unix)
}

fn in_minutes(secs: u64) -> String {
    crate::core::units::in_time(Duration::from_secs(secs))
}

/// The human `unhunch status`.
fn describe(out: &mut dyn Write, s: &Snapshot) -> io::Result<()> {
    let sitting = if s.sitting_secs < 60 {
        "less than a minute".to_owned()
    } else {
        human(Duration::from_secs(s.sitting_secs / 60 * 60))
    };
    let state = s.headline(&SystemClock, SystemClock.now().wall);
    writeln!(out, "Sitting for {sitting}. {state}.")?;
    // No countdowns while nothing counts down.
    let counting_down = !s.paused && !s.off_hours && s.state != State::OnBreak;
    for n in s.next.iter().filter(|n| n.enabled && counting_down) {
        let routine = n.routine_name.as_deref().map_or_else(
            || "no routine".to_owned(),
            |name| format!("{name} ({})", crate::core::units::clock(Duration::from_secs(n.routine_secs))),
        );
        writeln!(out, "  {:<14} {:<11} plays {routine}", n.kind.label(), in_minutes(n.in_secs))?;
    }
    writeln!(out, "Today: {}.", crate::app::dashboard::today_line(s).replace(" · ", ", "))?;
    writeln!(out, "Idle detection: {} (last input {} ago).", s.idle_backend, human(Duration::from_secs(s.idle_secs)))?;
    for b in &s.banners {
        writeln!(out, "Note: {b}")?;
    }
    Ok(())
}

/// `unhunch status --json`: a stable shape for scripts.
#[derive(Debug, Serialize)]
#[expect(clippy::struct_excessive_bools, reason = "a flat JSON shape for scripts: each flag is its own fact")]
struct StatusJson<'a> {
    phase: State,
    break_kind: Option<BreakKind>,
    sitting_secs: u64,
    /// Seconds to each break kind (0 = due).
    breaks: Vec<BreakJson<'a>>,
    paused: bool,
    paused_until: Option<u64>,
    snoozed_until: Option<u64>,
    snoozes_left: u32,
    session: Option<&'a str>,
    /// The break in progress: its routine, how far it got, whether a window plays it, and in how
    /// many seconds the engine ends it by itself when none does.
    on_break: Option<OnBreakJson<'a>>,
    /// The sitting clock is running.
    counting: bool,
    window_open: bool,
    idle_backend: &'a str,
    idle_seconds: u64,
    /// Why reminders are held, if they are: "paused", "away", "in a call", "fullscreen" or
    /// "do-not-disturb".
    held: Option<&'static str>,
    /// What makes it a call ("microphone", "camera", "camera and microphone"), while one holds
    /// reminders.
    in_a_call: Option<&'a str>,
    /// Skips left today under the daily limit (absent: no limit).
    skips_left: Option<u32>,
    /// A firm break was ignored too often and now waits on top in the window.
    insisting: bool,
    /// A due break waits for that to end.
    break_waiting: bool,
    /// Whose do-not-disturb holds reminders ("dunst", "GNOME", …), while one does.
    do_not_disturb_by: Option<&'a str>,
    /// What the engine has to tell the user (notifications failing, records waiting, …), as the
    /// window's banners say it.
    messages: &'a [String],
    today: Counts,
    version: &'a str,
}

#[derive(Debug, Serialize)]
struct OnBreakJson<'a> {
    routine: &'a str,
    routine_name: &'a str,
    step: usize,
    steps: usize,
    playing: bool,
    ends_in_secs: Option<u64>,
    performed_secs: u64,
    /// A strict break (over every screen; Skip limited).
    strict: bool,
    /// The window playing it is paused, as last reported.
    paused: bool,
}

#[derive(Debug, Serialize)]
struct BreakJson<'a> {
    kind: BreakKind,
    in_secs: u64,
    routine: Option<&'a str>,
    enabled: bool,
}

/// `unhunch status [--json]`.
pub fn status(t: &mut Term<'_>, json: bool) -> io::Result<ExitCode> {
    run(t, Command::Status, false, |out, s| {
        if json {
            let j = StatusJson {
                phase: s.state,
                break_kind: s.break_kind,
                sitting_secs: s.sitting_secs,
                breaks: s
                    .next
                    .iter()
                    .map(|n| BreakJson {
                        kind: n.kind,
                        in_secs: n.in_secs,
                        routine: n.routine.as_deref(),
                        enabled: n.enabled,
                    })
                    .collect(),
                paused: s.paused,
                paused_until: s.paused_until,
                snoozed_until: s.snoozed_until,
                snoozes_left: s.snoozes_left,
                session: s.session.as_deref(),
                on_break: s.on_break.as_ref().map(|b| OnBreakJson {
                    routine: &b.routine,
                    routine_name: &b.routine_name,
                    step: b.step,
                    steps: b.steps,
                    playing: b.playing,
                    ends_in_secs: b.ends_in_secs,
                    performed_secs: b.progress.done.performed_secs,
                    strict: b.strict,
                    paused: b.progress.paused,
                }),
                counting: s.counting,
                window_open: s.window_open,
                idle_backend: &s.idle_backend,
                idle_seconds: s.idle_secs,
                held: match (s.state, s.blocked) {
                    _ if s.off_hours => Some("outside working hours"),
                    (State::Paused, _) => Some("paused"),
                    (State::Away, _) => Some("away"),
                    (_, Some(crate::core::timer::Blocker::Call)) => Some("in a call"),
                    (_, Some(crate::core::timer::Blocker::Fullscreen)) => Some("fullscreen"),
                    (_, Some(crate::core::timer::Blocker::DoNotDisturb)) => Some("do-not-disturb"),
                    (State::Working | State::Due | State::Snoozed | State::OnBreak, None) => None,
                },
                break_waiting: s.held,
                in_a_call: s.call_by.as_deref(),
                skips_left: s.skips_left,
                insisting: s.insisting,
                do_not_disturb_by: s.do_not_disturb_by.as_deref(),
                messages: &s.banners,
                today: s.today,
                version: &s.version,
            };
            writeln!(out, "{}", serde_json::to_string_pretty(&j).map_err(io::Error::other)?)
        } else {
            describe(out, s)
        }
    })
}

/// When a pause should end, from the words after `unhunch pause`.
pub fn pause_until(words: &[String]) -> Result<Option<u64>, String> {
    let now = SystemClock.now().wall;
    let unix = |t: std::time::SystemTime| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let text = words.join(" ").trim().to_lowercase();
    let forms = "try: 30m, 1h, 2h, until-tomorrow, until 14:30, indefinitely";
    match text.as_str() {
        "" | "indefinitely" | "forever" => Ok(None),
        "until-tomorrow" | "until tomorrow" | "tomorrow" => {
            Ok(Some(unix(SystemClock.day_start(now + Duration::from_secs(86_400)))))
        }
        _ => {
            if let Some(time) = text.strip_prefix("until").map(|t| t.trim_start_matches(['-', ' '])) {
                let (h, m) = parse_clock_time(time).map_err(|e| format!("{e}; {forms}"))?;
                // `until 14:30` means the next 14:30, today or tomorrow.
                return SystemClock
                    .next_local(now, h, m)
                    .map(|t| Some(unix(t)))
                    .ok_or_else(|| format!("can't work out when {h:02}:{m:02} is next"));
            }
            let d = parse_duration(&text).map_err(|e| format!("{e}; {forms}"))?;
            if d > Duration::from_secs(24 * 3600) {
                return Err(format!("{} is longer than a day; use `until-tomorrow` or `indefinitely`", human(d)));
            }
            Ok(Some(unix(now + d)))
        }
    }
}

/// `unhunch pause WHEN`.
pub fn pause(t: &mut Term<'_>, words: &[String]) -> io::Result<ExitCode> {
    let until = match pause_until(words) {
        Ok(u) => u,
        Err(e) => {
            writeln!(t.err, "unhunch pause: {e}")?;
            return Ok(ExitCode::from(2));
        }
    };
    run(t, Command::Pause { until }, false, |out, s| match s.paused_until {
        Some(t) => writeln!(out, "Reminders paused until {}.", local_when(t)),
        None => writeln!(out, "Reminders paused until you run `unhunch resume`."),
    })
}

/// `unhunch resume`.
pub fn resume(t: &mut Term<'_>) -> io::Result<ExitCode> {
    run(t, Command::Resume, false, |out, _| writeln!(out, "Reminders are back on."))
}

/// `unhunch snooze`.
pub fn snooze(t: &mut Term<'_>) -> io::Result<ExitCode> {
    run(t, Command::Snooze, false, |out, s| {
        let until = s.snoozed_until.map(local_time).unwrap_or_default();
        let left = plural(u64::from(s.snoozes_left), "snooze", None);
        writeln!(out, "Snoozed until {until} ({left} left for this break).")
    })
}

/// `unhunch skip`.
pub fn skip(t: &mut Term<'_>) -> io::Result<ExitCode> {
    run(t, Command::Skip, false, |out, s| {
        let next = s.next.iter().filter(|n| n.enabled).min_by_key(|n| n.in_secs);
        match next {
            Some(n) => writeln!(out, "Skipped. Next: a {} {}.", n.kind.noun(), in_minutes(n.in_secs)),
            None => writeln!(out, "Skipped."),
        }
    })
}

/// `unhunch start [ROUTINE]`: starts a break now (and the engine, if it is not running).
pub fn start(t: &mut Term<'_>, routine: Option<String>) -> io::Result<ExitCode> {
    run(t, Command::StartBreak { kind: None, routine }, true, |out, s| {
        let name = s.on_break.as_ref().map_or("the routine", |b| b.routine_name.as_str());
        writeln!(out, "Started {name}; it plays in the Unhunch window, which comes to the front.")
    })
}

/// `unhunch test-notification`.
pub fn test_notification(t: &mut Term<'_>) -> io::Result<ExitCode> {
    run(t, Command::TestNotification, false, |out, s| match &s.do_not_disturb_by {
        // The server took it, but its do-not-disturb keeps it off the screen.
        Some(by) => writeln!(
            out,
            "The test notification went to {by}, whose do-not-disturb is on: it waits there, unseen, until \
             you switch do-not-disturb off. (Real reminders are held by Unhunch meanwhile and offered \
             when it ends.) Nothing is started, snoozed or skipped, and nothing is recorded."
        ),
        None => writeln!(
            out,
            "The desktop shows a test notification. Its buttons answer with a confirmation; \
             nothing is started, snoozed or skipped, and nothing is recorded."
        ),
    })
}

/// `unhunch quit`.
/// Returns once the engine has really exited (its lock is free), so that `unhunch quit && unhunch
/// daemon` starts a fresh engine instead of meeting the old one on its way out.
pub fn quit(t: &mut Term<'_>) -> io::Result<ExitCode> {
    let mut asked = false;
    let code = run(t, Command::Quit, false, |_, _| {
        asked = true;
        Ok(())
    })?;
    if !asked {
        return Ok(code);
    }
    let gone = ipc::runtime_dir().map_err(io::Error::other).and_then(|dir| ipc::wait_for_exit(&dir, QUIT_WAIT));
    match gone {
        Ok(true) => {
            writeln!(t.out, "Unhunch's engine has stopped; reminders are off until you run `unhunch` again.")?;
            Ok(ExitCode::SUCCESS)
        }
        Ok(false) => {
            writeln!(
                t.err,
                "unhunch: the engine agreed to stop but is still running after {} s; \
                 its log is in `unhunch paths`; end it with `pkill -x unhunch`",
                QUIT_WAIT.as_secs()
            )?;
            Ok(ExitCode::FAILURE)
        }
        Err(e) => {
            writeln!(t.err, "unhunch: the engine agreed to stop, but whether it has could not be checked: {e}")?;
            Ok(ExitCode::FAILURE)
        }
    }
}

/// How long `unhunch quit` waits for the engine to exit.
const QUIT_WAIT: Duration = Duration::from_secs(10);
