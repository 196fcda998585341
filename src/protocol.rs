//! The control-socket protocol between the engine and its clients (the window, the CLI).
//!
//! Transport: a Unix stream socket at `$XDG_RUNTIME_DIR/unhunch/control.sock` (mode 0600). Each
//! message is one line of JSON (UTF-8, `\n`-terminated, at most [`MAX_LINE`] bytes).
//!
//! Client → engine: a [`Request`]: `{"v":1,"id":7,"cmd":{"type":"snooze"}}`. `v` is the protocol
//! version ([`VERSION`]); `id` is echoed in the answer. Commands are listed in [`Command`].
//!
//! Engine → client, one [`ServerMessage`] per line:
//! - `{"type":"ok","id":7,"snapshot":{…}}` — the command was done; the state after it.
//! - `{"type":"error","id":7,"code":"bad_request","message":"…"}` — nothing was changed.
//! - `{"type":"snapshot","snapshot":{…}}` — pushed to subscribers whenever the state changes.
//! - `{"type":"event","event":{"type":"begin_session",…}}` — pushed to subscribers.
//!
//! Malformed JSON, unknown commands, a wrong version or an oversized line get an `error` answer and
//! change nothing; the connection stays open (an oversized line is skipped to its end). A client
//! that reads too slowly is disconnected rather than allowed to stall the engine.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::core::history::{Counts, Done, Outcome};
use crate::core::kind::BreakKind;
use crate::core::pause::{PausePreset, local_when};
use crate::core::player::Progress;
use crate::core::ports::Clock;
use crate::core::settings::Settings;
use crate::core::timer::{AwayReason, Blocker};
use crate::core::units::{human, plural};

/// The protocol version this build speaks.
pub const VERSION: u32 = 1;
/// The longest line either side accepts, newline included.
pub const MAX_LINE: usize = 64 * 1024;

/// One request line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub v: u32,
    #[serde(default)]
    pub id: u64,
    pub cmd: Command,
}

/// What a client can ask of the engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Command {
    /// Answer with a snapshot.
    Status,
    /// Answer, then push snapshots and events on this connection. `window: true` registers the
    /// connection as *the* window: if another window is already connected, the answer is the
    /// `window_open` error and that window is asked to raise itself.
    Subscribe {
        #[serde(default)]
        window: bool,
    },
    /// Start a break now: the due one, or of `kind`, playing `routine` (or the rotation's next).
    StartBreak {
        #[serde(default)]
        kind: Option<BreakKind>,
        #[serde(default)]
        routine: Option<String>,
    },
    /// This connection (a window) plays the break in progress: started, or resumed after the
    /// window that played it went away. The engine ends the break by itself if the connection
    /// closes and no window claims it within the grace period.
    ClaimBreak,
    /// How far the session got (sent at every step, pause and resume).
    BreakProgress {
        progress: Progress,
    },
    /// The break's session ended: how, and what was done. Without them ("End this break" on a
    /// break left by a closed window) it ends early with what was last reported.
    FinishBreak {
        #[serde(default)]
        outcome: Option<Outcome>,
        #[serde(default)]
        done: Option<Done>,
    },
    Snooze,
    Skip,
    /// Hold reminders until a Unix time, or until resumed.
    Pause {
        #[serde(default)]
        until: Option<u64>,
    },
    /// Hold reminders for one of the pause choices, counted from when the engine gets this.
    PauseFor {
        preset: PausePreset,
    },
    Resume,
    /// Answer with the settings in force.
    GetSettings,
    /// Replace the settings: saved atomically, then applied.
    SetSettings {
        settings: Box<Settings>,
    },
    /// Show a test notification that looks like a break-due one, so people can see that their
    /// desktop shows it and its buttons. It changes neither the schedule nor the history; its
    /// buttons answer with a confirmation. Answered once the desktop has shown it (or could not).
    TestNotification,
    /// Take a message down (for every client).
    DismissBanner {
        text: String,
    },
    /// Ask the open window to come to the front.
    Raise,
    /// The desk check's answers, kept in the history (none: "Not now", which puts the offer off).
    DeskCheck {
        answers: Vec<(crate::core::desk::DeskItem, crate::core::desk::DeskAnswer)>,
    },
    /// The answers of the check-in after a session of `routine`, kept in the history.
    CheckIn {
        routine: String,
        kind: BreakKind,
        check_in: crate::core::history::CheckIn,
    },
    /// Stop the engine (reminders stop until it is started again).
    Quit,
}

/// Why a request failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Not JSON, or not a request.
    BadRequest,
    /// Longer than [`MAX_LINE`].
    TooLong,
    /// A `v` this engine does not speak.
    Version,
    /// The command was understood but does not apply now (nothing due to snooze, …).
    Refused,
    /// A window is already open (it was asked to raise itself).
    WindowOpen,
    /// The engine could not do it (a file could not be written, …).
    Failed,
    /// Too many connections are open; the connection is closed after this answer.
    Busy,
}

/// One line from the engine.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    Ok {
        id: u64,
        snapshot: Box<Snapshot>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        settings: Option<Box<Settings>>,
    },
    Error {
        id: u64,
        code: ErrorCode,
        message: String,
    },
    Snapshot {
        snapshot: Box<Snapshot>,
    },
    Event {
        event: Event,
    },
}

/// Things subscribers are told about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A break started: the window plays this routine, adapted by `plan` (the engine's, never
    /// the window's own idea of the settings; absent only from an engine older than plans).
    BeginSession {
        kind: BreakKind,
        routine: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        plan: Option<crate::core::adapt::Plan>,
    },
    /// Come to the front (a second `unhunch` was started).
    Raise,
    /// The engine is stopping.
    Quit,
}

/// The reminder state, flattened for clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Working,
    Due,
    Snoozed,
    OnBreak,
    Paused,
    Away,
}

/// One upcoming break.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextBreak {
    pub kind: BreakKind,
    /// Seconds of sitting left until it is due (0 when due), as of `Snapshot::at`.
    pub in_secs: u64,
    /// The routine it will play: id, name and length in seconds.
    #[serde(default)]
    pub routine: Option<String>,
    #[serde(default)]
    pub routine_name: Option<String>,
    #[serde(default)]
    pub routine_secs: u64,
    pub enabled: bool,
}

/// The break in progress.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnBreak {
    pub kind: BreakKind,
    /// The routine's id and name.
    pub routine: String,
    pub routine_name: String,
    /// The step being played (from 0), as last reported, and how many there are.
    pub step: usize,
    pub steps: usize,
    /// What was done so far, as last reported.
    pub progress: Progress,
    /// A window is playing it now.
    pub playing: bool,
    /// A window has played it (one that opens now asks to resume it or end it).
    pub claimed: bool,
    /// Seconds until the engine ends it by itself, if it will.
    #[serde(default)]
    pub ends_in_secs: Option<u64>,
    /// A strict break: over every screen, Esc does nothing, Skip only while skips are left.
    #[serde(default)]
    pub strict: bool,
    /// How the routine plays for this user, fixed when the break began (absent only from an
    /// engine older than plans: a window upgraded while it runs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<crate::core::adapt::Plan>,
}

/// Everything a client shows, as of `at`. Countdowns run on from `at` while `counting` is true
/// (clients extrapolate; the engine pushes a new snapshot whenever anything changes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[expect(clippy::struct_excessive_bools, reason = "a flat wire format: each flag is a separate fact clients show")]
pub struct Snapshot {
    /// Unix seconds when this was taken.
    pub at: u64,
    pub state: State,
    /// The break due, snoozed or in progress.
    #[serde(default)]
    pub break_kind: Option<BreakKind>,
    #[serde(default)]
    pub snoozes_left: u32,
    #[serde(default)]
    pub snoozed_until: Option<u64>,
    /// Paused until this Unix time (`paused` with no time: until resumed).
    #[serde(default)]
    pub paused_until: Option<u64>,
    #[serde(default)]
    pub paused: bool,
    #[serde(default)]
    pub away: Option<AwayReason>,
    /// The sitting bout in seconds: time present since the user was last away or last really took
    /// a break (skips and snoozes do not end it).
    pub sitting_secs: u64,
    /// Sitting time is being counted (clients let `sitting_secs` run on from `at`).
    #[serde(default)]
    pub counting: bool,
    /// Shortest kind first.
    pub next: Vec<NextBreak>,
    /// Today's outcomes.
    pub today: Counts,
    /// The routine of the break in progress (its id).
    #[serde(default)]
    pub session: Option<String>,
    /// The break in progress.
    #[serde(default)]
    pub on_break: Option<OnBreak>,
    /// Things the user should know (a notification that could not be shown, settings brought into range).
    #[serde(default)]
    pub banners: Vec<String>,
    /// History records not in the history file yet (it refused them; they are kept and retried).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub history_waiting: usize,
    /// A window is connected to the engine.
    #[serde(default)]
    pub window_open: bool,
    /// What holds reminders back (do-not-disturb, a fullscreen window), if anything.
    #[serde(default)]
    pub blocked: Option<Blocker>,
    /// A due break is waiting for that to end.
    #[serde(default)]
    pub held: bool,
    /// Whose do-not-disturb is on ("dunst", "xfce4-notifyd", "mako", "GNOME", "the notification
    /// server"), while it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub do_not_disturb_by: Option<String>,
    /// What makes it a call ("microphone", "camera", "camera and microphone"), while one holds
    /// reminders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call_by: Option<String>,
    /// A firm break was ignored too often: the window comes to the front with it ready.
    #[serde(default)]
    pub insisting: bool,
    /// Skips left today under the daily limit (`None`: no limit).
    #[serde(default)]
    pub skips_left: Option<u32>,
    /// Outside working hours: nothing counts, nothing is offered.
    #[serde(default)]
    pub off_hours: bool,
    /// The idle-detection backend in use ("x11-screensaver", "always-active").
    #[serde(default)]
    pub idle_backend: String,
    /// Seconds since the last input, at the last idle reading.
    #[serde(default)]
    pub idle_secs: u64,
    /// Exercises resting after they hurt, and whether the next session is gentler.
    #[serde(default)]
    pub recent: crate::core::adapt::Recent,
    /// A routine ready for its next level (offered, never forced).
    #[serde(default)]
    pub level_offer: Option<LevelOffer>,
    /// The desk check is due to be offered (a week after first use, then every three months).
    #[serde(default)]
    pub desk_check_offer: bool,
    pub version: String,
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's skip_serializing_if passes a reference")]
fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// "Ready for level 3 of Rhomboid strength?"
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelOffer {
    pub routine: String,
    pub name: String,
    /// The level offered.
    pub level: u8,
}

impl Snapshot {
    /// The state in one sentence (no final stop), the same words in `unhunch status`, the
    /// dashboard and the tray's tooltip: "A posture reset is due (3 snoozes left)", "Reminders
    /// paused until 14:30". Times are local, said relative to `now`.
    pub fn headline(&self, clock: &dyn Clock, now: SystemTime) -> String {
        let when = |t: u64| local_when(clock, now, t);
        let noun = self.break_kind.map_or("break", BreakKind::noun);
        match self.state {
            State::Paused => match self.paused_until {
                Some(t) => format!("Reminders paused until {}", when(t)),
                None => "Reminders paused until you resume them".to_owned(),
            },
            State::Away => match self.away {
                Some(AwayReason::Locked) => "Screen locked — time away counts as a break".to_owned(),
                Some(AwayReason::Asleep) => "The computer was asleep — time away counts as a break".to_owned(),
                Some(AwayReason::Idle) | None => "Away — time away counts as a break".to_owned(),
            },
            State::OnBreak => match &self.on_break {
                Some(b) if b.playing => {
                    format!(
                        "On a break: {} (step {} of {})",
                        b.routine_name,
                        b.step.saturating_add(1).min(b.steps),
                        b.steps
                    )
                }
                Some(b) => {
                    let ends = b.ends_in_secs.map_or_else(String::new, |secs| {
                        format!(
                            "; it ends by itself in {} unless a window resumes it",
                            human(Duration::from_secs(secs))
                        )
                    });
                    format!("On a break: {}, but no window is playing it{ends}", b.routine_name)
                }
                None => "On a break".to_owned(),
            },
            State::Working | State::Due | State::Snoozed if self.off_hours => {
                "Outside working hours — no reminders until they start".to_owned()
            }
            State::Due if self.held => {
                let until = match self.blocked {
                    Some(Blocker::Call) => {
                        let by = self.call_by.as_deref().unwrap_or("in use");
                        return format!("A {noun} is due — held: in a call ({by}); offered when it ends");
                    }
                    Some(Blocker::Fullscreen) => "the fullscreen window closes",
                    Some(Blocker::DoNotDisturb) => match &self.do_not_disturb_by {
                        Some(by) => &format!("{by}'s do-not-disturb is off"),
                        None => "do-not-disturb is off",
                    },
                    None => "you are back",
                };
                format!("A {noun} is due; it waits until {until}")
            }
            State::Due if self.snoozes_left == 0 => format!("A {noun} is due (no snoozes left)"),
            State::Due => format!("A {noun} is due ({} left)", plural(u64::from(self.snoozes_left), "snooze", None)),
            State::Snoozed => {
                format!("A {noun} is snoozed until {}", self.snoozed_until.map(when).unwrap_or_default())
            }
            State::Working => match self.blocked {
                Some(Blocker::Call) => {
                    format!("Reminders held: in a call ({})", self.call_by.as_deref().unwrap_or("in use"))
                }
                Some(Blocker::Fullscreen) => "Fullscreen — reminders wait until it ends".to_owned(),
                Some(Blocker::DoNotDisturb) => match &self.do_not_disturb_by {
                    Some(by) => format!("Do not disturb ({by}) — reminders wait"),
                    None => "Do not disturb — reminders wait".to_owned(),
                },
                None => "Reminders on".to_owned(),
            },
        }
    }

    /// True when `other` shows the same thing as this: equal apart from when it was taken and the
    /// idle reading, with countdowns that only ran on the way clients extrapolate them.
    pub fn same_view(&self, other: &Self) -> bool {
        let ran = other.at.saturating_sub(self.at);
        let running = self.counting && other.counting;
        let clocks = if running {
            other.sitting_secs.abs_diff(self.sitting_secs + ran) <= 1
                && self.next.len() == other.next.len()
                && self.next.iter().zip(&other.next).all(|(a, b)| {
                    b.in_secs.abs_diff(a.in_secs.saturating_sub(ran)) <= 1
                        && NextBreak { in_secs: 0, ..a.clone() } == NextBreak { in_secs: 0, ..b.clone() }
                })
        } else {
            self.sitting_secs == other.sitting_secs && self.next == other.next
        };
        let rest = |s: &Self| Self { at: 0, idle_secs: 0, sitting_secs: 0, next: Vec::new(), ..s.clone() };
        clocks && rest(self) == rest(other)
    }
}

#[cfg(test)]
impl Snapshot {
    /// For tests: reminders on, sitting for 12 minutes, a posture reset due in 18 and a
    /// stretch in 48, both playing their routines; nothing done yet today.
    pub(crate) fn example() -> Self {
        let next = |kind, in_secs, routine: &str, name: &str, routine_secs| NextBreak {
            kind,
            in_secs,
            routine: Some(routine.to_owned()),
            routine_name: Some(name.to_owned()),
            routine_secs,
            enabled: true,
        };
        Self {
            at: 1_796_119_200,
            state: State::Working,
            break_kind: None,
            snoozes_left: 0,
            snoozed_until: None,
            paused_until: None,
            paused: false,
            away: None,
            sitting_secs: 12 * 60,
            counting: true,
            next: vec![
                next(BreakKind::Micro, 18 * 60, "posture-reset", "Posture reset", 60),
                next(BreakKind::Long, 48 * 60, "thoracic-mobility", "Thoracic mobility", 300),
            ],
            today: Counts::default(),
            session: None,
            on_break: None,
            banners: Vec::new(),
            history_waiting: 0,
            do_not_disturb_by: None,
            call_by: None,
            insisting: false,
            skips_left: None,
            window_open: true,
            blocked: None,
            held: false,
            off_hours: false,
            idle_backend: "x11-screensaver".to_owned(),
            idle_secs: 0,
            recent: crate::core::adapt::Recent::default(),
            level_offer: None,
            desk_check_offer: false,
            version: String::new(),
        }
    }
}

/// The request id at the start of a line too long to decode (`{"v":1,"id":7,…`), or 0.
pub fn id_in(head: &[u8]) -> u64 {
    let text = String::from_utf8_lossy(head);
    let Some(at) = text.find("\"id\"") else { return 0 };
    let rest = text[at + 4..].trim_start();
    let Some(rest) = rest.strip_prefix(':') else { return 0 };
    let digits: String = rest.trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(0)
}

/// Encodes a message as one line (with its newline).
pub fn encode<T: Serialize>(msg: &T) -> String {
    // Serialising these plain types cannot fail; an empty object keeps the stream line-aligned.
    let mut line = serde_json::to_string(msg).unwrap_or_else(|_| "{}".to_owned());
    line.push('\n');
    line
}

/// A line that is not a request we can do, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The request's `id` when it had one (so the client can match the answer), else 0.
    pub id: u64,
    pub code: ErrorCode,
    pub message: String,
}

/// Decodes a request line, or says why it is not one.
pub fn decode_request(line: &str) -> Result<Request, DecodeError> {
    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| DecodeError {
        id: 0,
        code: ErrorCode::BadRequest,
        message: format!("not JSON: {e}"),
    })?;
    let id = value.get("id").and_then(serde_json::Value::as_u64).unwrap_or(0);
    let fail = |code, message: String| DecodeError { id, code, message };
    // Check the version first, so a newer client gets "version" and not a confusing field error.
    match value.get("v").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            let message = format!("protocol version {v} is not supported; this engine speaks {VERSION}");
            return Err(fail(ErrorCode::Version, message));
        }
        None => return Err(fail(ErrorCode::BadRequest, "missing `v` (the protocol version, 1)".to_owned())),
    }
    serde_json::from_value(value).map_err(|e| fail(ErrorCode::BadRequest, format!("not a valid request: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(at: u64, sitting: u64, micro_in: u64) -> Snapshot {
        let mut s = Snapshot::example();
        s.next.truncate(1);
        s.next[0].in_secs = micro_in;
        Snapshot { at, sitting_secs: sitting, ..s }
    }

    #[test]
    fn a_snapshot_that_only_ran_on_shows_the_same_view() {
        let first = snapshot(100, 60, 1740);
        assert!(first.same_view(&Snapshot { idle_secs: 7, ..snapshot(130, 90, 1710) }), "time ran on, idle changed");
        assert!(!first.same_view(&snapshot(130, 0, 1800)), "a natural break reset the clocks");
        assert!(!first.same_view(&Snapshot { state: State::Paused, ..snapshot(100, 60, 1740) }));
    }

    #[test]
    fn the_headline_says_each_state_in_one_sentence() {
        use crate::platform::fake::FakeClock;
        let clock = FakeClock::new();
        // 2026-12-01 10:00 UTC; the fake clock's days are UTC days.
        let now = std::time::UNIX_EPOCH + Duration::from_secs(1_796_119_200);
        let at = |hh: u64, mm: u64| 1_796_083_200 + hh * 3600 + mm * 60;
        let base = snapshot(0, 60, 1740);
        let say = |s: Snapshot| s.headline(&clock, now);
        let due = Snapshot { state: State::Due, break_kind: Some(BreakKind::Micro), snoozes_left: 3, ..base.clone() };
        let break_in_progress = OnBreak {
            kind: BreakKind::Micro,
            routine: "posture-reset".to_owned(),
            routine_name: "Posture reset".to_owned(),
            step: 1,
            steps: 4,
            progress: Progress::default(),
            playing: true,
            claimed: true,
            ends_in_secs: None,
            strict: false,
            plan: Some(crate::core::adapt::Plan::default()),
        };
        let cases = [
            (base.clone(), "Reminders on"),
            (Snapshot { off_hours: true, ..due.clone() }, "Outside working hours — no reminders until they start"),
            (due.clone(), "A posture reset is due (3 snoozes left)"),
            (Snapshot { snoozes_left: 1, ..due.clone() }, "A posture reset is due (1 snooze left)"),
            (Snapshot { snoozes_left: 0, ..due.clone() }, "A posture reset is due (no snoozes left)"),
            (
                Snapshot { held: true, blocked: Some(Blocker::Fullscreen), ..due.clone() },
                "A posture reset is due; it waits until the fullscreen window closes",
            ),
            (
                Snapshot { state: State::Snoozed, snoozed_until: Some(at(10, 5)), ..due },
                "A posture reset is snoozed until 10:05",
            ),
            (Snapshot { blocked: Some(Blocker::DoNotDisturb), ..base.clone() }, "Do not disturb — reminders wait"),
            (
                Snapshot { state: State::Paused, paused: true, paused_until: Some(at(24 + 9, 0)), ..base.clone() },
                "Reminders paused until tomorrow 09:00",
            ),
            (Snapshot { state: State::Paused, paused: true, ..base.clone() }, "Reminders paused until you resume them"),
            (
                Snapshot { state: State::Away, away: Some(AwayReason::Locked), ..base.clone() },
                "Screen locked — time away counts as a break",
            ),
            (
                Snapshot { state: State::OnBreak, on_break: Some(break_in_progress.clone()), ..base.clone() },
                "On a break: Posture reset (step 2 of 4)",
            ),
            (
                Snapshot {
                    state: State::OnBreak,
                    on_break: Some(OnBreak { playing: false, ends_in_secs: Some(600), ..break_in_progress }),
                    ..base
                },
                "On a break: Posture reset, but no window is playing it; it ends by itself in 10 min unless a window \
                 resumes it",
            ),
        ];
        for (snapshot, said) in cases {
            assert_eq!(say(snapshot), said);
        }
    }

    #[test]
    fn requests_round_trip_as_single_lines() {
        let req = Request { v: VERSION, id: 7, cmd: Command::Pause { until: Some(1_800_000_000) } };
        let line = encode(&req);
        assert_eq!(line, "{\"v\":1,\"id\":7,\"cmd\":{\"type\":\"pause\",\"until\":1800000000}}\n");
        assert_eq!(decode_request(line.trim_end()), Ok(req));
    }

    #[test]
    fn junk_wrong_versions_and_unknown_commands_are_explained() {
        assert_eq!(decode_request("hello").unwrap_err().code, ErrorCode::BadRequest);
        assert_eq!(decode_request(r#"{"v":2,"cmd":{"type":"status"}}"#).unwrap_err().code, ErrorCode::Version);
        let e = decode_request(r#"{"v":1,"id":9,"cmd":{"type":"dance"}}"#).unwrap_err();
        assert_eq!((e.code, e.id), (ErrorCode::BadRequest, 9), "the answer carries the request's id");
        assert!(e.message.contains("dance"), "{}", e.message);
        assert_eq!(decode_request(r#"{"cmd":{"type":"status"}}"#).unwrap_err().code, ErrorCode::BadRequest);
    }

    #[test]
    fn the_id_of_a_line_too_long_to_decode_is_found_in_its_head() {
        assert_eq!(id_in(br#"{"v":1,"id":42,"cmd":{"type":"dismiss_banner","text":"yyyy"#), 42);
        assert_eq!(id_in(br#"{"v":1, "id" : 7 ,"#), 7);
        assert_eq!(id_in(b"xxxxxxxx"), 0);
        assert_eq!(id_in(br#"{"id":"seven"}"#), 0);
    }

    /// A window upgraded while its engine runs gets breaks without a plan (the older engine has
    /// none): they still decode, and the window falls back to its own settings.
    #[test]
    fn a_break_from_an_engine_without_plans_still_decodes() {
        let old = Event::BeginSession { kind: BreakKind::Micro, routine: "posture-reset".to_owned(), plan: None };
        let line = serde_json::to_string(&old).unwrap_or_default();
        assert!(!line.contains("plan"), "{line}");
        let back: Result<Event, _> = serde_json::from_str(&line);
        assert!(matches!(back, Ok(Event::BeginSession { plan: None, .. })), "{back:?}");
    }
}
