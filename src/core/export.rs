//! Exporting the history: one row per record, the same columns in CSV and JSON (documented in
//! the README), so a spreadsheet or a script gets everything the file holds.

use serde::Serialize;

use super::history::HistoryEntry;

/// One record as exported: the CSV columns, in order, and the JSON object's fields.
#[derive(Debug, Serialize)]
pub struct Row<'a> {
    /// Local time with its offset, ISO 8601.
    pub time: String,
    /// Seconds since 1970, UTC.
    pub unix: u64,
    /// The machine whose file it is in.
    pub host: &'a str,
    /// `Micro` (posture reset) or `Long` (stretch break).
    pub kind: String,
    pub outcome: String,
    pub routine: Option<&'a str>,
    /// A sitting bout's length.
    pub sat_secs: Option<u64>,
    /// For a session that ended: seconds played, the routine's length, exercises done of all.
    pub performed_secs: Option<u64>,
    pub routine_secs: Option<u64>,
    pub exercises_done: Option<u32>,
    pub exercises: Option<u32>,
    /// Exercises skipped or not reached (`;` between them in CSV).
    pub skipped: Vec<&'a str>,
    /// The exercise that hurt.
    pub hurt: Option<&'a str>,
    /// A check-in's back score (0 no discomfort … 10 the worst) and "any pain?".
    pub back: Option<u8>,
    pub pain: Option<bool>,
    /// A desk check's answers, `Item:Answer` (`;` between them in CSV): `ScreenHeight:Yes`.
    pub desk: Vec<String>,
}

/// The CSV header: the field names of [`Row`], in order.
pub const CSV_HEADER: &str = "time,unix,host,kind,outcome,routine,sat_secs,performed_secs,routine_secs,exercises_done,exercises,skipped,hurt,back,pain,desk";

impl<'a> Row<'a> {
    /// `e` from `host`, its local time written `time` (ISO 8601 with the offset).
    pub fn new(host: &'a str, e: &'a HistoryEntry, time: String) -> Self {
        let done = e.done.as_ref();
        let check_in = e.check_in.as_ref();
        Self {
            time,
            unix: e.at,
            host,
            kind: format!("{:?}", e.kind),
            outcome: format!("{:?}", e.outcome),
            routine: e.routine.as_deref(),
            sat_secs: e.sat_secs,
            performed_secs: done.map(|d| d.performed_secs),
            routine_secs: done.map(|d| d.routine_secs),
            exercises_done: done.map(|d| d.exercises_done),
            exercises: done.map(|d| d.exercises),
            skipped: done.map(|d| d.skipped.iter().map(String::as_str).collect()).unwrap_or_default(),
            hurt: done.and_then(|d| d.hurt.as_deref()).or_else(|| check_in.and_then(|c| c.hurt.as_deref())),
            back: check_in.and_then(|c| c.back),
            pain: check_in.and_then(|c| c.pain),
            desk: e.desk.iter().flatten().map(|(item, answer)| format!("{item:?}:{answer:?}")).collect(),
        }
    }

    /// One CSV line (RFC 4180: a field with a comma, quote or line break is quoted).
    pub fn csv(&self) -> String {
        fn field(s: &str) -> String {
            if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
        }
        let opt = |v: Option<String>| v.unwrap_or_default();
        [
            field(&self.time),
            self.unix.to_string(),
            field(self.host),
            field(&self.kind),
            field(&self.outcome),
            field(self.routine.unwrap_or_default()),
            opt(self.sat_secs.map(|v| v.to_string())),
            opt(self.performed_secs.map(|v| v.to_string())),
            opt(self.routine_secs.map(|v| v.to_string())),
            opt(self.exercises_done.map(|v| v.to_string())),
            opt(self.exercises.map(|v| v.to_string())),
            field(&self.skipped.join(";")),
            field(self.hurt.unwrap_or_default()),
            opt(self.back.map(|v| v.to_string())),
            opt(self.pain.map(|v| v.to_string())),
            field(&self.desk.join(";")),
        ]
        .join(",")
    }
}

/// Every row as CSV: the header, then a line each.
pub fn csv<'a>(rows: impl Iterator<Item = Row<'a>>) -> String {
    let mut text = format!("{CSV_HEADER}\n");
    for row in rows {
        text.push_str(&row.csv());
        text.push('\n');
    }
    text
}

/// Every row as a JSON array.
pub fn json<'a>(rows: impl Iterator<Item = Row<'a>>) -> Result<String, serde_json::Error> {
    let rows: Vec<Row<'a>> = rows.collect();
    serde_json::to_string_pretty(&rows)
}
