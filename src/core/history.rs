//! The history of breaks: one record per line, appended as things happen, and the counts people see.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::kind::BreakKind;

/// What became of a break.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// A guided session started.
    Taken,
    /// The session was played to the end with every exercise done.
    Completed,
    /// The session ended before every exercise was done: ended by the user, or skipped through.
    EndedEarly,
    /// "Stop — I feel pain": ended at once; [`Done::hurt`] names the exercise.
    Pain,
    /// Nobody was playing the session any more (the window was closed, crashed or never came), and
    /// the engine ended the break by itself after a grace period.
    Abandoned,
    Snoozed,
    Skipped,
    /// Time away from the computer counted as the break.
    Natural,
    /// A due break waited for a blocker (do-not-disturb, fullscreen) to end.
    Deferred,
    /// After a session: how the back feels and whether anything hurt ([`CheckIn`]).
    CheckIn,
    /// A break came due (once per break, however often it was reminded or snoozed).
    Due,
    /// A sitting bout ended (they got up, or a real break began); `sat_secs` says how long it was.
    Sat,
    /// The desk check was answered (`desk` holds the answers) or, with none, put off ("Not now").
    DeskCheck,
}

/// The answers of the optional check-in after a session; each left out when not given.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CheckIn {
    /// "How does your upper back feel?" 0 (no discomfort) to 10 (the worst).
    pub back: Option<u8>,
    /// "Any pain during?"
    pub pain: Option<bool>,
    /// The exercise that hurt, when the user said which.
    pub hurt: Option<String>,
}

impl Outcome {
    /// True for the outcomes that end a session (they carry a [`Done`]).
    pub fn ends_session(self) -> bool {
        match self {
            Self::Completed | Self::EndedEarly | Self::Pain | Self::Abandoned => true,
            Self::Taken
            | Self::Snoozed
            | Self::Skipped
            | Self::Natural
            | Self::Deferred
            | Self::CheckIn
            | Self::Due
            | Self::Sat
            | Self::DeskCheck => false,
        }
    }
}

/// What was really done in a session that ended.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Done {
    /// Seconds the session ran, pauses left out.
    pub performed_secs: u64,
    /// The routine's full length in seconds.
    pub routine_secs: u64,
    /// Exercises done (played through, or nearly: see `core::player`).
    pub exercises_done: u32,
    /// Exercises in the routine.
    pub exercises: u32,
    /// The ids of the exercises skipped or not reached, in routine order.
    pub skipped: Vec<String>,
    /// The exercise that hurt ("Stop — I feel pain").
    pub hurt: Option<String>,
}

impl Done {
    /// What was done, the way the end screen says it: "4 of 7 exercises, 2:10".
    pub fn summary(&self) -> String {
        let time = super::units::clock(Duration::from_secs(self.performed_secs));
        let noun = if self.exercises == 1 { "exercise" } else { "exercises" };
        format!("{} of {} {noun}, {time}", self.exercises_done, self.exercises)
    }

    /// True when the session was long enough to count as time away from sitting: at least a minute,
    /// or at least half the routine.
    pub fn was_a_real_break(&self) -> bool {
        self.performed_secs >= 60
            || (self.performed_secs > 0 && self.performed_secs.saturating_mul(2) >= self.routine_secs)
    }
}

/// One line of the history file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Seconds since the Unix epoch, UTC.
    pub at: u64,
    pub kind: BreakKind,
    pub outcome: Outcome,
    /// The routine played, when there was one.
    #[serde(default)]
    pub routine: Option<String>,
    /// For a session that ended: what was done.
    #[serde(default)]
    pub done: Option<Done>,
    /// For a check-in: the answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_in: Option<CheckIn>,
    /// For a sitting bout: its length in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sat_secs: Option<u64>,
    /// For a desk check: the answers, item by item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desk: Option<Vec<(super::desk::DeskItem, super::desk::DeskAnswer)>>,
}

impl HistoryEntry {
    /// An entry stamped with a wall time.
    pub fn new(at: SystemTime, kind: BreakKind, outcome: Outcome) -> Self {
        let at = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        Self { at, kind, outcome, routine: None, done: None, check_in: None, sat_secs: None, desk: None }
    }

    /// The same entry naming the routine played.
    #[must_use]
    pub fn with_routine(mut self, routine: impl Into<String>) -> Self {
        self.routine = Some(routine.into());
        self
    }

    /// The same entry saying what was done.
    #[must_use]
    pub fn with_done(mut self, done: Done) -> Self {
        self.done = Some(done);
        self
    }

    /// The same entry with a sitting bout's length.
    #[must_use]
    pub fn with_sat(mut self, bout: Duration) -> Self {
        self.sat_secs = Some(bout.as_secs());
        self
    }

    /// The same entry with a check-in's answers.
    #[must_use]
    pub fn with_check_in(mut self, check_in: CheckIn) -> Self {
        self.check_in = Some(check_in);
        self
    }

    /// The exercise this entry says hurt: "Stop — I feel pain", or a check-in naming one.
    pub fn hurt(&self) -> Option<&str> {
        if self.outcome == Outcome::Pain {
            self.done.as_ref().and_then(|d| d.hurt.as_deref())
        } else if self.outcome == Outcome::CheckIn {
            self.check_in.as_ref().and_then(|c| c.hurt.as_deref())
        } else {
            None
        }
    }

    /// True when this entry reports pain: "Stop — I feel pain", or a check-in saying so.
    pub fn reports_pain(&self) -> bool {
        self.outcome == Outcome::Pain
            || (self.outcome == Outcome::CheckIn && self.check_in.as_ref().is_some_and(|c| c.pain == Some(true)))
    }

    /// The entry's time as a `SystemTime`.
    pub fn time(&self) -> SystemTime {
        super::units::unix_time(self.at).unwrap_or(UNIX_EPOCH)
    }

    /// The entry as one line of RON (no newline). Strings are escaped by `ron`, so no id or name
    /// can break the line.
    pub fn to_line(&self) -> String {
        let config = ron::ser::PrettyConfig::new().compact_structs(true).compact_arrays(true).new_line("");
        // Plain data always serialises; the fallback keeps the file line-aligned all the same.
        super::catalogue::ron_options()
            .to_string_pretty(self, config)
            .unwrap_or_else(|_| format!("(at: {}, kind: {:?}, outcome: {:?})", self.at, self.kind, self.outcome))
    }
}

/// When the desk check is first offered (after this many days of use), and again (this many days after
/// the last one).
pub const DESK_FIRST_AFTER_DAYS: u64 = 7;
pub const DESK_AGAIN_AFTER_DAYS: u64 = 90;

const DESK_DAY: u64 = 24 * 60 * 60;

/// True when the desk check should be offered now (all in Unix seconds): a week after the first
/// use, and three months after the last check; never twice after "Not now" until the same time has
/// passed again (a declined offer is a `DeskCheck` record with no answers).
pub fn desk_check_due(first_use: Option<u64>, last_check: Option<u64>, now: u64) -> bool {
    let Some(first) = first_use else { return false };
    now >= first + DESK_FIRST_AFTER_DAYS * DESK_DAY
        && last_check.is_none_or(|l| now >= l + DESK_AGAIN_AFTER_DAYS * DESK_DAY)
}

/// The last desk check in `history` (Unix seconds), if there is one.
pub fn last_desk_check(history: &[HistoryEntry]) -> Option<u64> {
    history.iter().filter(|e| e.outcome == Outcome::DeskCheck).map(|e| e.at).max()
}

/// A line of the history file that could not be read (kept in the file, skipped in the counts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadLine {
    pub line: usize,
    pub message: String,
}

/// The common lines exactly as [`HistoryEntry::to_line`] writes them, read without the RON
/// parser (several times faster, for ten years of history): a routine name without escapes, a
/// session's `done` with nothing skipped and nothing hurt, a check-in with nothing hurt, perhaps
/// `sat_secs`. Anything else is `None`, and the RON parser reads it (or says what is wrong).
fn parse_simple(line: &str) -> Option<HistoryEntry> {
    let rest = line.strip_prefix("(at: ")?;
    let (at, rest) = rest.split_once(", kind: ")?;
    let at = at.parse().ok()?;
    let (kind, rest) = rest.split_once(", outcome: ")?;
    let kind = match kind {
        "Micro" => BreakKind::Micro,
        "Long" => BreakKind::Long,
        _ => return None,
    };
    let (outcome, rest) = rest.split_once(", routine: ")?;
    let outcome = match outcome {
        "Taken" => Outcome::Taken,
        "Snoozed" => Outcome::Snoozed,
        "Skipped" => Outcome::Skipped,
        "Natural" => Outcome::Natural,
        "Deferred" => Outcome::Deferred,
        "Due" => Outcome::Due,
        "Sat" => Outcome::Sat,
        "Completed" => Outcome::Completed,
        "EndedEarly" => Outcome::EndedEarly,
        "Pain" => Outcome::Pain,
        "Abandoned" => Outcome::Abandoned,
        "CheckIn" => Outcome::CheckIn,
        _ => return None,
    };
    let (routine, rest) = if let Some(rest) = rest.strip_prefix("None") {
        (None, rest)
    } else {
        let (name, rest) = rest.strip_prefix('"')?.split_once('"')?;
        if name.contains('\\') {
            return None;
        }
        (Some(name.to_owned()), rest)
    };
    let (done, rest) = if let Some(rest) = rest.strip_prefix(", done: None") {
        (None, rest)
    } else {
        let rest = rest.strip_prefix(", done: (performed_secs: ")?;
        let (performed_secs, rest) = rest.split_once(", routine_secs: ")?;
        let (routine_secs, rest) = rest.split_once(", exercises_done: ")?;
        let (exercises_done, rest) = rest.split_once(", exercises: ")?;
        let (exercises, rest) = rest.split_once(", skipped: [], hurt: None)")?;
        let done = Done {
            performed_secs: performed_secs.parse().ok()?,
            routine_secs: routine_secs.parse().ok()?,
            exercises_done: exercises_done.parse().ok()?,
            exercises: exercises.parse().ok()?,
            skipped: Vec::new(),
            hurt: None,
        };
        (Some(done), rest)
    };
    let (check_in, rest) = match rest.strip_prefix(", check_in: (back: ") {
        Some(r) => {
            let (back, r) = r.split_once(", pain: ")?;
            let (pain, r) = r.split_once(", hurt: None)")?;
            let back = if back == "None" { None } else { Some(back.parse().ok()?) };
            let pain = match pain {
                "None" => None,
                "true" => Some(true),
                "false" => Some(false),
                _ => return None,
            };
            (Some(CheckIn { back, pain, hurt: None }), r)
        }
        None => (None, rest),
    };
    let (sat_secs, rest) = match rest.strip_prefix(", sat_secs: ") {
        Some(r) => {
            let end = r.find(')')?;
            (Some(r[..end].parse().ok()?), &r[end..])
        }
        None => (None, rest),
    };
    (rest == ")").then_some(HistoryEntry { at, kind, outcome, routine, done, check_in, sat_secs, desk: None })
}

/// Reads a history file's text. Bad lines (a torn last write, a hand edit) are skipped and reported,
/// never fatal.
pub fn parse_history(text: &str) -> (Vec<HistoryEntry>, Vec<BadLine>) {
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_text = line.trim();
        if line_text.is_empty() || line_text.starts_with("//") {
            continue;
        }
        if let Some(e) = parse_simple(line_text) {
            entries.push(e);
            continue;
        }
        match super::catalogue::ron_options().from_str::<HistoryEntry>(line_text) {
            Ok(e) => entries.push(e),
            Err(e) => bad.push(BadLine { line: i + 1, message: e.code.to_string() }),
        }
    }
    (entries, bad)
}

/// Reads a history file's bytes: a line that isn't UTF-8 (a bad byte, a torn write) costs that
/// line only.
pub fn parse_history_bytes(bytes: &[u8]) -> (Vec<HistoryEntry>, Vec<BadLine>) {
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        match std::str::from_utf8(line) {
            Ok(text) => {
                let (mut e, b) = parse_history(text);
                entries.append(&mut e);
                bad.extend(b.into_iter().map(|b| BadLine { line: i + 1, ..b }));
            }
            Err(_) => bad.push(BadLine { line: i + 1, message: "not UTF-8 text".to_owned() }),
        }
    }
    (entries, bad)
}

/// Counts of outcomes over a span of time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Counts {
    pub taken: u32,
    pub completed: u32,
    pub ended_early: u32,
    pub pain: u32,
    pub abandoned: u32,
    pub snoozed: u32,
    pub skipped: u32,
    pub natural: u32,
    pub deferred: u32,
    pub check_ins: u32,
    /// Breaks that came due.
    pub due: u32,
}

impl Counts {
    /// Counts one record's outcome (a sitting bout is a length, not an outcome: not counted).
    pub fn count(&mut self, outcome: Outcome) {
        let slot = match outcome {
            Outcome::Taken => &mut self.taken,
            Outcome::Completed => &mut self.completed,
            Outcome::EndedEarly => &mut self.ended_early,
            Outcome::Pain => &mut self.pain,
            Outcome::Abandoned => &mut self.abandoned,
            Outcome::Snoozed => &mut self.snoozed,
            Outcome::Skipped => &mut self.skipped,
            Outcome::Natural => &mut self.natural,
            Outcome::Deferred => &mut self.deferred,
            Outcome::CheckIn => &mut self.check_ins,
            Outcome::Due => &mut self.due,
            Outcome::Sat | Outcome::DeskCheck => return,
        };
        *slot += 1;
    }

    /// Adds `other`'s counts to these.
    pub fn add(&mut self, other: &Self) {
        let Self {
            taken,
            completed,
            ended_early,
            pain,
            abandoned,
            snoozed,
            skipped,
            natural,
            deferred,
            check_ins,
            due,
        } = *other;
        self.taken += taken;
        self.completed += completed;
        self.ended_early += ended_early;
        self.pain += pain;
        self.abandoned += abandoned;
        self.snoozed += snoozed;
        self.skipped += skipped;
        self.natural += natural;
        self.deferred += deferred;
        self.check_ins += check_ins;
        self.due += due;
    }
}

/// Counts the entries with `from <= at < to` (Unix seconds).
pub fn counts(entries: &[HistoryEntry], from: u64, to: u64) -> Counts {
    let mut c = Counts::default();
    for e in entries.iter().filter(|e| (from..to).contains(&e.at)) {
        c.count(e.outcome);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desk_at(days: u64, outcome: Outcome) -> HistoryEntry {
        HistoryEntry::new(UNIX_EPOCH + Duration::from_secs(days * DESK_DAY), BreakKind::Micro, outcome)
    }

    #[test]
    fn the_check_is_offered_after_the_first_week_then_every_three_months() {
        let first = Some(100 * DESK_DAY);
        assert!(!desk_check_due(first, None, 106 * DESK_DAY), "not in the first week");
        assert!(desk_check_due(first, None, 107 * DESK_DAY));
        let checked = last_desk_check(&[desk_at(100, Outcome::Snoozed), desk_at(107, Outcome::DeskCheck)]);
        assert_eq!(checked, Some(107 * DESK_DAY));
        assert!(!desk_check_due(first, checked, 150 * DESK_DAY), "not again for three months");
        assert!(desk_check_due(first, checked, 197 * DESK_DAY));
        assert!(!desk_check_due(None, None, 1_000 * DESK_DAY), "nothing to go by: not offered");
    }

    proptest::proptest! {
        /// Whatever a record holds, the quick reader reads its line as written or leaves it to RON.
        #[test]
        fn the_quick_reader_never_reads_a_line_wrong(
            at in 0u64..u64::MAX / 2,
            outcome in 0usize..12,
            routine in proptest::option::of("[a-z\\-\"\\\\]{0,12}"),
            done in proptest::option::of((0u64..10_000, 0u64..10_000, 0u32..9, 0u32..9, proptest::option::of("[a-z]{1,8}"))),
            back in proptest::option::of(proptest::option::of(0u8..11)),
            sat in proptest::option::of(0u64..100_000),
        ) {
            let outcomes = [
                Outcome::Taken, Outcome::Completed, Outcome::EndedEarly, Outcome::Pain, Outcome::Abandoned,
                Outcome::Snoozed, Outcome::Skipped, Outcome::Natural, Outcome::Deferred, Outcome::CheckIn,
                Outcome::Due, Outcome::Sat,
            ];
            let e = HistoryEntry {
                at,
                kind: if at % 2 == 0 { BreakKind::Micro } else { BreakKind::Long },
                outcome: outcomes[outcome],
                routine,
                done: done.map(|(p, r, d, x, hurt)| Done { performed_secs: p, routine_secs: r, exercises_done: d, exercises: x, skipped: Vec::new(), hurt }),
                check_in: back.map(|back| CheckIn { back, pain: Some(at % 3 == 0), hurt: None }),
                sat_secs: sat,
                desk: None,
            };
            let line = e.to_line();
            if let Some(quick) = parse_simple(&line) {
                proptest::prop_assert_eq!(quick, e.clone(), "{}", line);
            }
            proptest::prop_assert_eq!(parse_history(&line).0, vec![e]);
        }
    }

    #[test]
    fn the_quick_reader_reads_what_the_ron_parser_reads_or_leaves_it_to_it() {
        let today = 20_000 * 86_400;
        let mut simple = 0;
        for e in crate::core::sample::history(60, today, 11) {
            let line = e.to_line();
            let by_ron: HistoryEntry = crate::core::catalogue::ron_options().from_str(&line).unwrap();
            if let Some(quick) = parse_simple(&line) {
                assert_eq!(quick, by_ron, "{line}");
                simple += 1;
            }
            assert_eq!(parse_history(&line).0, vec![by_ron]);
        }
        assert!(simple > 100, "most lines take the quick way: {simple}");
        let with_check_in = HistoryEntry::new(UNIX_EPOCH, BreakKind::Micro, Outcome::CheckIn).with_check_in(CheckIn {
            back: None,
            pain: Some(true),
            hurt: None,
        });
        let hurt = HistoryEntry::new(UNIX_EPOCH, BreakKind::Micro, Outcome::Pain).with_done(Done {
            skipped: vec!["wall-angels".to_owned()],
            hurt: Some("wall-angels".to_owned()),
            ..Done::default()
        });
        for e in [with_check_in, hurt] {
            let line = e.to_line();
            assert_eq!(parse_history(&line).0, vec![e.clone()], "{line}");
            if let Some(quick) = parse_simple(&line) {
                assert_eq!(quick, e, "{line}");
            }
        }
        for odd in [
            "(at: 1, kind: Micro, outcome: Due, routine: None, done: None, sat_secs: 5, extra: 1)",
            "(at: 1, kind: Micro, outcome: Due, routine: \"a\\\"b\", done: None)",
            "(at: -1, kind: Micro, outcome: Due, routine: None, done: None)",
            "(at: 1, kind: Micro, outcome: Future, routine: None, done: None)",
            "(at:1,kind:Micro,outcome:Due)",
        ] {
            assert_eq!(parse_simple(odd), None, "{odd}");
        }
        assert_eq!(parse_history("(at:1,kind:Micro,outcome:Due)").0.len(), 1, "RON still reads hand-written lines");
    }

    #[test]
    fn entries_round_trip_through_one_line_each() {
        let e = HistoryEntry::new(UNIX_EPOCH + Duration::from_secs(1_800_000_000), BreakKind::Long, Outcome::Completed)
            .with_routine("thoracic-mobility")
            .with_done(Done {
                performed_secs: 130,
                routine_secs: 300,
                exercises_done: 4,
                exercises: 7,
                skipped: vec!["wall-angels".to_owned(), "odd \"id\"\nwith a newline".to_owned()],
                hurt: None,
            });
        let line = e.to_line();
        assert!(!line.contains('\n'));
        let (back, bad) = parse_history(&format!("{line}\n"));
        assert_eq!(back, vec![e]);
        assert!(bad.is_empty());
    }

    #[test]
    fn lines_written_by_earlier_versions_still_read() {
        let (entries, bad) = parse_history(
            "(at: 5, kind: Micro, outcome: Completed, routine: Some(\"posture-reset\"))\n(at: 6, kind: Long, outcome: Skipped, routine: None)\n",
        );
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(entries[0].routine.as_deref(), Some("posture-reset"));
        assert_eq!(entries[1].done, None);
    }

    #[test]
    fn a_torn_line_is_skipped_and_reported_not_fatal() {
        let good = HistoryEntry::new(UNIX_EPOCH + Duration::from_secs(100), BreakKind::Micro, Outcome::Skipped);
        let text = format!("{}\n(at: 5, kind: Mic\n{}\n", good.to_line(), good.to_line());
        let (entries, bad) = parse_history(&text);
        assert_eq!(entries.len(), 2);
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].line, 2);
    }

    #[test]
    fn counts_cover_only_the_span_asked_for() {
        let at = |s| UNIX_EPOCH + Duration::from_secs(s);
        let entries = [
            HistoryEntry::new(at(10), BreakKind::Micro, Outcome::Completed),
            HistoryEntry::new(at(20), BreakKind::Micro, Outcome::Skipped),
            HistoryEntry::new(at(30), BreakKind::Long, Outcome::Completed),
        ];
        let c = counts(&entries, 10, 30);
        assert_eq!((c.completed, c.skipped), (1, 1));
    }
}
