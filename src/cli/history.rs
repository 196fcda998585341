//! `unhunch history`: what the history says (by day, week or month, in words), or every record
//! as CSV or JSON for a spreadsheet or a script. Every host's file in the data folder is merged.

use std::io::{self, Write};
use std::process::ExitCode;

use super::Term;
use crate::core::export::{self, CSV_HEADER, Row};
use crate::core::history::HistoryEntry;
use crate::core::insights::{self, Span};
use crate::core::units::human;
use crate::platform::clock::Calendar;
use crate::platform::files::{self, Paths};

/// How `unhunch history` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum By {
    Day,
    Week,
    Month,
}

impl By {
    fn period(self) -> insights::Period {
        match self {
            Self::Day => insights::Period::Day,
            Self::Week => insights::Period::Week,
            Self::Month => insights::Period::Month,
        }
    }
}

/// What was asked for on the command line.
#[derive(Debug)]
pub struct Query<'a> {
    pub since: Option<&'a str>,
    pub until: Option<&'a str>,
    pub csv: bool,
    pub json: bool,
    pub by: By,
}

/// The records from `since` (a local date, from its midnight) to `until` (to the end of that day).
fn in_range(
    all: Vec<(String, HistoryEntry)>,
    q: &Query<'_>,
    calendar: &Calendar,
) -> Result<Vec<(String, HistoryEntry)>, String> {
    let since = q.since.map(|d| calendar.parse_date(d)).transpose()?;
    let until = q.until.map(|d| calendar.parse_date(d)).transpose()?;
    // The end of the `until` day: the next local midnight.
    let until = until.map(|u| calendar.day_start(u + 36 * 3600));
    if let (Some(s), Some(u)) = (since, until)
        && s >= u
    {
        return Err("--since is after --until: nothing can be in between".to_owned());
    }
    Ok(all.into_iter().filter(|(_, e)| since.is_none_or(|s| e.at >= s) && until.is_none_or(|u| e.at < u)).collect())
}

/// `unhunch history`.
pub fn history(t: &mut Term<'_>, q: &Query<'_>) -> io::Result<ExitCode> {
    let paths = match Paths::from_env() {
        Ok(p) => p,
        Err(e) => {
            writeln!(t.err, "unhunch history: {e}")?;
            return Ok(ExitCode::FAILURE);
        }
    };
    let dir = paths.history().parent().map(std::path::Path::to_path_buf).unwrap_or_default();
    let (all, notes) = files::read_all_histories(&dir);
    for note in &notes {
        writeln!(
            t.err,
            "unhunch history: {note} (a damaged line, or one from a newer Unhunch; the file is left as it is)"
        )?;
    }
    let calendar = Calendar::system();
    let records = match in_range(all, q, &calendar) {
        Ok(r) => r,
        Err(e) => {
            writeln!(t.err, "unhunch history: {e}")?;
            return Ok(ExitCode::from(2));
        }
    };
    let rows = || records.iter().map(|(host, e)| Row::new(host, e, calendar.date_time(e.at)));
    if q.csv {
        writeln!(t.out, "{CSV_HEADER}")?;
        for row in rows() {
            writeln!(t.out, "{}", row.csv())?;
        }
    } else if q.json {
        writeln!(t.out, "{}", export::json(rows()).map_err(io::Error::other)?)?;
    } else {
        let entries: Vec<&HistoryEntry> = records.iter().map(|(_, e)| e).collect();
        describe(t.out, &entries, q.by, q.since.is_some(), &calendar)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Rows shown without --since (the most recent).
const RECENT: usize = 14;

/// The human view: one line per day, week or month, then the words.
fn describe(
    out: &mut dyn Write,
    entries: &[&HistoryEntry],
    by: By,
    ranged: bool,
    calendar: &Calendar,
) -> io::Result<()> {
    if entries.is_empty() {
        writeln!(out, "No history yet. Unhunch records your breaks as you work; come back after a day or two.")?;
        return Ok(());
    }
    let period = by.period();
    let days = insights::by_day(entries.iter().copied(), &|u| calendar.day_start(u));
    let mut spans: Vec<Span> = calendar.gather(&days, period);
    let noun = period.noun();
    // Without --since: the last two weeks of days, twelve weeks, or twelve months.
    if !ranged && spans.len() > RECENT {
        spans.drain(..spans.len() - RECENT);
    }
    writeln!(
        out,
        "{noun:<16} {:>12} {:>8} {:>4} {:>9} {:>5} {:>7} {:>7} {:>7} {:>5}",
        "sat", "longest", "due", "completed", "early", "natural", "skipped", "snoozed", "back"
    )?;
    for s in &spans {
        let label = calendar.span_label(period, s.start);
        let back = s.back_mean().map_or_else(|| "-".to_owned(), |m| format!("{m:.1}"));
        let c = &s.counts;
        writeln!(
            out,
            "{label:<16} {:>12} {:>8} {:>4} {:>9} {:>5} {:>7} {:>7} {:>7} {back:>5}",
            human(std::time::Duration::from_secs(insights::minutes(s.sat_secs) * 60)),
            human(std::time::Duration::from_secs(insights::minutes(s.longest_bout_secs) * 60)),
            c.due,
            c.completed,
            c.ended_early,
            c.natural,
            c.skipped,
            c.snoozed,
        )?;
    }
    if let Some(words) = insights::latest_summary(&spans, period, &|start| calendar.short_day(start)) {
        writeln!(out, "\n{words}")?;
    }
    let weeks = calendar.gather(&days, insights::Period::Week);
    writeln!(out, "{}", insights::helping(&weeks))?;
    let day = |at: u64| calendar.short_day(calendar.day_start(at));
    if let Some(desk) = insights::desk_line(entries.iter().copied(), &day) {
        writeln!(out, "{desk}")?;
    }
    Ok(())
}
