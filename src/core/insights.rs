//! What the history says, in days, weeks and months: sitting bouts, breaks due and what became of
//! them, routines done, how the back felt, and words for it. Pure: the caller says where local
//! days and weeks begin (the system's time zone is the platform's business).

use serde::Serialize;

use super::history::{Counts, HistoryEntry, Outcome};

/// One span of time (a day, a week, a month) and what happened in it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Where it begins: local midnight, as Unix seconds.
    pub start: u64,
    /// Breaks due, taken, completed, snoozed, skipped, natural, deferred, check-ins.
    pub counts: Counts,
    /// Sitting bouts that ended in it.
    pub bouts: u32,
    /// The longest of them, in seconds.
    pub longest_bout_secs: u64,
    /// Time sat in it, in seconds (a bout across midnight counts on both days, each its part).
    pub sat_secs: u64,
    /// Sessions that ended with something done (completed or ended early).
    pub routines_done: u32,
    /// The check-ins' back scores (0 no discomfort … 10 the worst): their sum and how many.
    pub back_sum: u32,
    pub back_count: u32,
    /// What became of the breaks that came due (each counted on the day it was settled).
    pub due_fates: Fates,
    /// Sessions started outside a due break (from the library, "Start a stretch now" with nothing
    /// due, or records from before breaks were logged as due).
    pub other: Fates,
}

/// What became of breaks or sessions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Fates {
    /// Sessions begun.
    pub started: u32,
    pub completed: u32,
    pub ended_early: u32,
    /// Ended with "Stop — I feel pain".
    pub pain: u32,
    /// Left unfinished (no window played it to an end).
    pub unfinished: u32,
    pub skipped: u32,
    /// Time away that counted as the break.
    pub natural: u32,
}

impl Fates {
    fn add(&mut self, o: &Self) {
        self.started += o.started;
        self.completed += o.completed;
        self.ended_early += o.ended_early;
        self.pain += o.pain;
        self.unfinished += o.unfinished;
        self.skipped += o.skipped;
        self.natural += o.natural;
    }

    /// Breaks settled one way or another.
    pub fn settled(&self) -> u32 {
        self.completed + self.ended_early + self.pain + self.unfinished + self.skipped + self.natural
    }

    /// Sessions begun and not ended in the records (the engine stopped mid-break, or one plays now).
    pub fn open_sessions(&self) -> u32 {
        self.started.saturating_sub(self.completed + self.ended_early + self.pain + self.unfinished)
    }

    /// "2 completed, 1 ended early, 1 stopped for pain": the outcomes that happened, in words.
    pub fn words(&self) -> Vec<String> {
        [
            (self.completed, "completed"),
            (self.ended_early, "ended early"),
            (self.pain, "stopped for pain"),
            (self.unfinished, "left unfinished"),
            (self.skipped, "skipped"),
            (self.natural, "natural (time away)"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect()
    }
}

impl Span {
    /// The mean back score, when there were check-ins.
    pub fn back_mean(&self) -> Option<f64> {
        (self.back_count > 0).then(|| f64::from(self.back_sum) / f64::from(self.back_count))
    }

    /// Breaks that came due and were completed, out of those that came due (0 when none came due;
    /// never more than 1, whatever else was completed).
    pub fn completion_rate(&self) -> f64 {
        if self.counts.due == 0 {
            0.0
        } else {
            f64::from(self.due_fates.completed.min(self.counts.due)) / f64::from(self.counts.due)
        }
    }

    fn add(&mut self, other: &Self) {
        self.counts.add(&other.counts);
        self.bouts += other.bouts;
        self.longest_bout_secs = self.longest_bout_secs.max(other.longest_bout_secs);
        self.sat_secs += other.sat_secs;
        self.routines_done += other.routines_done;
        self.back_sum += other.back_sum;
        self.back_count += other.back_count;
        self.due_fates.add(&other.due_fates);
        self.other.add(&other.other);
    }
}

/// Every day with a record, oldest first. `day_start` gives the local midnight (Unix seconds) of
/// the day holding a moment; records of outcomes this version doesn't count are skipped.
pub fn by_day<'a>(entries: impl IntoIterator<Item = &'a HistoryEntry>, day_start: &dyn Fn(u64) -> u64) -> Vec<Span> {
    let mut days: std::collections::BTreeMap<u64, Span> = std::collections::BTreeMap::new();
    // The day last looked up, [start, next midnight): records come mostly in order, so the time
    // zone is asked twice a day rather than once a record.
    let mut known: Option<(u64, u64)> = None;
    let mut fates = Pairing::default();
    for e in entries {
        let start = match known {
            Some((start, next)) if (start..next).contains(&e.at) => start,
            Some(_) | None => {
                let start = day_start(e.at);
                // A day is at most 25 hours long: 30 hours on is the next day.
                let next = day_start(start.saturating_add(30 * 3600));
                known = Some((start, next.max(start + 1)));
                start
            }
        };
        let span = days.entry(start).or_insert_with(|| Span { start, ..Span::default() });
        span.counts.count(e.outcome);
        fates.settle(e, span);
        if let Some(back) =
            e.check_in.as_ref().and_then(|ci| ci.back).filter(|b| e.outcome == Outcome::CheckIn && *b <= 10)
        {
            span.back_sum += u32::from(back);
            span.back_count += 1;
        }
        if matches!(e.outcome, Outcome::Completed | Outcome::EndedEarly)
            && e.done.as_ref().is_some_and(|d| d.exercises_done > 0)
        {
            span.routines_done += 1;
        }
        if e.outcome == Outcome::Sat {
            let secs = e.sat_secs.unwrap_or(0).min(MAX_BOUT);
            span.bouts += 1;
            span.longest_bout_secs = span.longest_bout_secs.max(secs);
            // The bout ran from `at - secs` to `at`: each day gets its part.
            let mut end = e.at;
            let mut left = secs;
            let mut this = start;
            while left > 0 {
                let part = left.min(end.saturating_sub(this));
                days.entry(this).or_insert_with(|| Span { start: this, ..Span::default() }).sat_secs += part;
                left -= part;
                if left == 0 || this == 0 {
                    break;
                }
                end = this;
                this = day_start(this - 1);
            }
        }
    }
    days.into_values().collect()
}

/// Links each session and each skip or natural break to the break that came due before it, if
/// one was waiting: "3 came due: 1 completed, 1 skipped" counts only those, and a session started
/// with nothing due is counted apart.
#[derive(Debug, Default)]
struct Pairing {
    /// A break of this kind came due and is not settled yet.
    waiting: super::kind::PerKind<bool>,
    /// The session running is for a break that came due (`None`: no session runs).
    session_for_due: Option<bool>,
}

impl Pairing {
    fn settle(&mut self, e: &HistoryEntry, span: &mut Span) {
        let kind = e.kind;
        match e.outcome {
            Outcome::Due => self.waiting[kind] = true,
            Outcome::Taken => {
                // A session started while a break waits is that break (of its kind, or any).
                let which = if self.waiting[kind] {
                    Some(kind)
                } else {
                    super::kind::BreakKind::ALL.into_iter().find(|k| self.waiting[*k])
                };
                if let Some(k) = which {
                    self.waiting[k] = false;
                }
                let for_due = which.is_some();
                self.session_for_due = Some(for_due);
                if for_due { &mut span.due_fates } else { &mut span.other }.started += 1;
            }
            Outcome::Completed | Outcome::EndedEarly | Outcome::Pain | Outcome::Abandoned => {
                let running = self.session_for_due.take();
                let fates = if running == Some(true) { &mut span.due_fates } else { &mut span.other };
                // An end with no start on record (an older history) is a session all the same.
                if running.is_none() {
                    fates.started += 1;
                }
                let slot = match e.outcome {
                    Outcome::Completed => &mut fates.completed,
                    Outcome::EndedEarly => &mut fates.ended_early,
                    Outcome::Pain => &mut fates.pain,
                    Outcome::Abandoned
                    | Outcome::Taken
                    | Outcome::Snoozed
                    | Outcome::Skipped
                    | Outcome::Natural
                    | Outcome::Deferred
                    | Outcome::CheckIn
                    | Outcome::Due
                    | Outcome::Sat
                    | Outcome::DeskCheck => &mut fates.unfinished,
                };
                *slot += 1;
            }
            Outcome::Skipped | Outcome::Natural if self.waiting[kind] => {
                self.waiting[kind] = false;
                if e.outcome == Outcome::Skipped {
                    span.due_fates.skipped += 1;
                } else {
                    span.due_fates.natural += 1;
                }
            }
            Outcome::Skipped
            | Outcome::Natural
            | Outcome::Snoozed
            | Outcome::Deferred
            | Outcome::CheckIn
            | Outcome::Sat
            | Outcome::DeskCheck => {}
        }
    }
}

/// A bout longer than this is a clock gone wrong, not sitting; it counts as this much.
const MAX_BOUT: u64 = 24 * 3600;

/// `days` gathered into longer spans: `span_start` gives the start of the week or month holding
/// a day's start.
pub fn gather(days: &[Span], span_start: &dyn Fn(u64) -> u64) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for d in days {
        let start = span_start(d.start);
        match out.last_mut() {
            Some(last) if last.start == start => last.add(d),
            Some(_) | None => {
                let mut s = Span { start, ..Span::default() };
                s.add(d);
                out.push(s);
            }
        }
    }
    out
}

/// How the history is cut: into days, weeks (from Monday) or months.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Period {
    #[default]
    Day,
    Week,
    Month,
}

impl Period {
    /// "day", "week", "month".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
        }
    }
}

/// The words for the latest of `spans` against the one before ([`summary`]); `day_label` names a
/// day by its start ("Wed 2 Dec").
pub fn latest_summary(spans: &[Span], period: Period, day_label: &dyn Fn(u64) -> String) -> Option<String> {
    let last = spans.last()?;
    let previous = spans.len().checked_sub(2).and_then(|i| spans.get(i));
    let day_name = format!("On {}", day_label(last.start));
    let naming = match period {
        Period::Day => Naming { this: &day_name, previous: "the day before" },
        Period::Week => Naming { this: "That week", previous: "the week before" },
        Period::Month => Naming { this: "That month", previous: "the month before" },
    };
    Some(summary(last, previous, naming))
}

/// How a span is named in a sentence: "This week" and "last week", or "On Wed 2 Dec" and "the
/// day before".
#[derive(Clone, Copy, Debug)]
pub struct Naming<'a> {
    pub this: &'a str,
    pub previous: &'a str,
}

/// "This week you sat at most 52 minutes without a break, 20 minutes less than last week." Plain
/// words about `this` span against the one before (`previous`), with no judgement in them.
pub fn summary(this: &Span, previous: Option<&Span>, naming: Naming<'_>) -> String {
    let Naming { this: name, previous: before_name } = naming;
    let c = &this.counts;
    let mut sentences = Vec::new();
    if this.bouts > 0 {
        let longest = minutes(this.longest_bout_secs);
        let against = previous.filter(|p| p.bouts > 0).map(|prev| {
            let before = minutes(prev.longest_bout_secs);
            match longest.cmp(&before) {
                std::cmp::Ordering::Less => format!(", {} less than {before_name}", units_minutes(before - longest)),
                std::cmp::Ordering::Greater => format!(", {} more than {before_name}", units_minutes(longest - before)),
                std::cmp::Ordering::Equal => format!(", as {before_name}"),
            }
        });
        sentences.push(format!(
            "{name} you sat at most {} without a break{}.",
            units_minutes(longest),
            against.unwrap_or_default()
        ));
    }
    if c.due > 0 {
        let due = &this.due_fates;
        let mut parts = due.words();
        // Snoozed until the day ended, waiting now, or its end not on record.
        let open = c.due.saturating_sub(due.settled());
        if open > 0 {
            parts.push(format!("{open} not taken"));
        }
        sentences.push(format!(
            "{} came due: {}.",
            super::units::plural(u64::from(c.due), "break", None),
            list(&parts)
        ));
    }
    let natural_apart = c.natural.saturating_sub(this.due_fates.natural);
    if natural_apart > 0 {
        sentences.push(format!(
            "{}: time away that counted as a break.",
            super::units::capitalised(&super::units::plural(u64::from(natural_apart), "natural break", None))
        ));
    }
    let other = &this.other;
    if other.started > 0 {
        let noun = if c.due > 0 { "other session" } else { "session" };
        let mut parts = other.words();
        if other.open_sessions() > 0 {
            parts.push(format!("{} with no end on record", other.open_sessions()));
        }
        sentences.push(format!(
            "{}{}: {}.",
            super::units::capitalised(&super::units::plural(u64::from(other.started), noun, None)),
            if c.due > 0 { " started by you" } else { "" },
            list(&parts)
        ));
    }
    if sentences.is_empty() {
        return format!("{name}, nothing has been recorded yet. Unhunch fills this in as you work.");
    }
    sentences.join(" ")
}

/// "a, b and c".
fn list(parts: &[String]) -> String {
    match parts {
        [] => "none yet".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Seconds as whole minutes, to the nearest (the tables and the words agree).
pub fn minutes(secs: u64) -> u64 {
    secs.saturating_add(30) / 60
}

fn units_minutes(m: u64) -> String {
    super::units::plural(m, "minute", None)
}

/// The last desk check beside the back scores: "Your last desk check, on 3 Nov: 5 yes, 2 no,
/// 1 not sure." (`day` names a record's day); `None` without one that was answered.
pub fn desk_line<'a>(entries: impl Iterator<Item = &'a HistoryEntry>, day: &dyn Fn(u64) -> String) -> Option<String> {
    let last = entries.filter(|e| e.outcome == Outcome::DeskCheck && e.desk.is_some()).max_by_key(|e| e.at)?;
    let answers = last.desk.as_deref().unwrap_or_default();
    Some(format!(
        "Your last desk check, on {}: {}. Changes you made since may show in how your back felt.",
        day(last.at),
        super::desk::summary(answers)
    ))
}

/// "Is it helping?" in words: the mean back score in the weeks with more completed breaks against
/// the weeks with fewer. Needs four weeks with check-ins; says so when there aren't.
pub fn helping(weeks: &[Span]) -> String {
    let scored: Vec<&Span> = weeks.iter().filter(|w| w.back_count > 0).collect();
    if scored.len() < 4 {
        return format!(
            "Not enough check-ins to compare yet: {} with a score, and it takes 4. Answer the check-in \
             after a session now and then, and this will show how your back felt in weeks with more \
             breaks against weeks with fewer.",
            super::units::plural(u64::try_from(scored.len()).unwrap_or(u64::MAX), "week", None)
        );
    }
    let mut by_breaks: Vec<&Span> = scored.clone();
    by_breaks.sort_by_key(|w| w.counts.completed);
    let half = by_breaks.len() / 2;
    let (fewer, more) = by_breaks.split_at(half);
    let mean = |ws: &[&Span]| {
        let (sum, n) = ws.iter().fold((0u32, 0u32), |(s, n), w| (s + w.back_sum, n + w.back_count));
        f64::from(sum) / f64::from(n.max(1))
    };
    let per_week = |ws: &[&Span]| {
        let total: u32 = ws.iter().map(|w| w.counts.completed).sum();
        f64::from(total) / f64::from(u32::try_from(ws.len().max(1)).unwrap_or(u32::MAX))
    };
    let (m_more, m_fewer) = (mean(more), mean(fewer));
    let comparison = if (m_more - m_fewer).abs() < 0.5 {
        "about the same".to_owned()
    } else if m_more < m_fewer {
        "better".to_owned()
    } else {
        "worse".to_owned()
    };
    format!(
        "How your back felt, from 0 (no discomfort) to 10 (the worst): in the weeks with more \
         completed breaks (about {:.0} a week) it scored {m_more:.1} on average; in the weeks with \
         fewer (about {:.0} a week), {m_fewer:.1}: {comparison} with more breaks. This is a pattern in your own check-ins over {} \
         weeks, not a diagnosis; many things change how a back feels.",
        per_week(more),
        per_week(fewer),
        scored.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::history::{CheckIn, Done};
    use crate::core::kind::BreakKind;

    const DAY: u64 = 86_400;
    /// Days start at midnight UTC in these tests.
    fn utc(at: u64) -> u64 {
        at - at % DAY
    }

    fn entry(at: u64, outcome: Outcome) -> HistoryEntry {
        HistoryEntry {
            outcome,
            ..HistoryEntry::new(std::time::UNIX_EPOCH + std::time::Duration::from_secs(at), BreakKind::Micro, outcome)
        }
    }

    fn bout(end: u64, secs: u64) -> HistoryEntry {
        HistoryEntry { sat_secs: Some(secs), ..entry(end, Outcome::Sat) }
    }

    #[test]
    fn a_day_counts_its_breaks_bouts_routines_and_back_scores() {
        let d = 20_000 * DAY;
        let done = Done { exercises_done: 3, exercises: 4, ..Done::default() };
        let entries = vec![
            entry(d + 3600, Outcome::Due),
            bout(d + 3600, 1800),
            entry(d + 3700, Outcome::Taken),
            HistoryEntry { done: Some(done), ..entry(d + 3900, Outcome::Completed) },
            HistoryEntry {
                check_in: Some(CheckIn { back: Some(3), ..CheckIn::default() }),
                ..entry(d + 3950, Outcome::CheckIn)
            },
            entry(d + 7200, Outcome::Due),
            entry(d + 7300, Outcome::Skipped),
            bout(d + 9000, 3000),
        ];
        let days = by_day(&entries, &utc);
        assert_eq!(days.len(), 1);
        let day = &days[0];
        assert_eq!((day.counts.due, day.counts.completed, day.counts.skipped), (2, 1, 1));
        assert_eq!((day.bouts, day.longest_bout_secs, day.sat_secs), (2, 3000, 4800));
        assert_eq!((day.routines_done, day.back_mean()), (1, Some(3.0)));
        assert!((day.completion_rate() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn a_bout_across_midnight_counts_on_both_days_and_once_as_a_bout() {
        let midnight = 20_001 * DAY;
        let days = by_day(&[bout(midnight + 600, 1800)], &utc);
        assert_eq!(days.len(), 2);
        assert_eq!((days[0].start, days[0].sat_secs, days[0].bouts), (midnight - DAY, 1200, 0));
        assert_eq!((days[1].start, days[1].sat_secs, days[1].bouts), (midnight, 600, 1));
    }

    #[test]
    fn days_gather_into_weeks_and_the_summary_compares_them_in_plain_words() {
        let monday = 20_003 * DAY; // any day works as a week start here
        let week = |d: u64| d - (d - monday) % (7 * DAY);
        let entries = vec![bout(monday + 5 * 3600, 72 * 60), bout(monday + 8 * DAY + 5 * 3600, 52 * 60)];
        let weeks = gather(&by_day(&entries, &utc), &week);
        assert_eq!(weeks.len(), 2);
        let week_names = Naming { this: "This week", previous: "last week" };
        let said = summary(&weeks[1], Some(&weeks[0]), week_names);
        assert_eq!(said, "This week you sat at most 52 minutes without a break, 20 minutes less than last week.");
        let today = Naming { this: "Today", previous: "yesterday" };
        assert!(summary(&Span::default(), None, today).starts_with("Today, nothing has been recorded yet."));
        let away = Span { counts: Counts { natural: 4, ..Counts::default() }, ..Span::default() };
        assert_eq!(summary(&away, None, today), "4 natural breaks: time away that counted as a break.");
    }

    /// Issue 24: "3 breaks came due: 2 completed" counted a session started from the library as
    /// one of them, and left out the one that ended early and the one left unfinished.
    #[test]
    fn the_words_say_what_became_of_each_break_that_came_due_and_count_other_sessions_apart() {
        let d = 20_000 * DAY;
        let mut at = d;
        let mut next = |outcome| {
            at += 60;
            entry(at, outcome)
        };
        let entries = vec![
            next(Outcome::Due),
            next(Outcome::Taken),
            next(Outcome::Completed),
            next(Outcome::Due),
            next(Outcome::Taken),
            next(Outcome::EndedEarly),
            next(Outcome::Due),
            next(Outcome::Taken),
            next(Outcome::Abandoned),
            // Nothing due: a routine started from the library.
            next(Outcome::Taken),
            next(Outcome::Completed),
            next(Outcome::Taken),
            next(Outcome::Pain),
        ];
        let days = by_day(&entries, &utc);
        let today = Naming { this: "Today", previous: "yesterday" };
        assert_eq!(
            summary(&days[0], None, today),
            "3 breaks came due: 1 completed, 1 ended early and 1 left unfinished. 2 other sessions started \
             by you: 1 completed and 1 stopped for pain."
        );
        assert!((days[0].completion_rate() - 1.0 / 3.0).abs() < 1e-9);
    }

    /// Issue 24: an older history has sessions but no `Due` records: it must not read as "1 break
    /// came due: 3 completed" (or 300 % of due), nor as an empty day.
    #[test]
    fn an_older_history_without_due_records_reads_as_sessions() {
        let d = 20_000 * DAY;
        let entries = vec![
            entry(d + 100, Outcome::Completed),
            entry(d + 200, Outcome::Completed),
            entry(d + 300, Outcome::Due),
            entry(d + 400, Outcome::Skipped),
            entry(d + 500, Outcome::Completed),
        ];
        let days = by_day(&entries, &utc);
        let said = summary(&days[0], None, Naming { this: "Today", previous: "yesterday" });
        assert_eq!(said, "1 break came due: 1 skipped. 3 other sessions started by you: 3 completed.");
        assert!(days[0].completion_rate() <= 1.0);
        // A first day with one session ended early and nothing due yet says that much.
        let first = by_day(&[entry(d + 100, Outcome::Taken), entry(d + 200, Outcome::EndedEarly)], &utc);
        let said = summary(&first[0], None, Naming { this: "Today", previous: "yesterday" });
        assert_eq!(said, "1 session: 1 ended early.");
    }

    #[test]
    fn is_it_helping_needs_four_scored_weeks_and_never_claims_a_diagnosis() {
        let week = |completed: u32, back: u32| Span {
            counts: Counts { completed, ..Counts::default() },
            back_sum: back,
            back_count: 1,
            ..Span::default()
        };
        assert!(helping(&[week(10, 2)]).starts_with("Not enough check-ins"));
        let mut desk = HistoryEntry::new(std::time::UNIX_EPOCH, BreakKind::Micro, Outcome::DeskCheck);
        desk.desk = Some(vec![
            (crate::core::desk::DeskItem::Feet, crate::core::desk::DeskAnswer::Yes),
            (crate::core::desk::DeskItem::Light, crate::core::desk::DeskAnswer::No),
        ]);
        let put_off = HistoryEntry::new(std::time::UNIX_EPOCH, BreakKind::Micro, Outcome::DeskCheck);
        let line = desk_line([&desk, &put_off].into_iter(), &|_| "3 Nov".to_owned());
        assert_eq!(
            line.as_deref().map(|l| l.starts_with("Your last desk check, on 3 Nov: 1 yes, 1 no, 0 not sure")),
            Some(true)
        );
        assert_eq!(desk_line([&put_off].into_iter(), &|_| String::new()), None, "a put-off check says nothing");
        let said = helping(&[week(10, 2), week(2, 6), week(12, 2), week(1, 5)]);
        assert!(said.contains("it scored 2.0 on average"), "{said}");
        assert!(said.contains("5.5") && said.contains("better with more breaks"), "{said}");
        assert!(said.contains("not a diagnosis"), "{said}");
    }

    /// Central European time with its summer time rule, without a time zone database.
    fn berlin_day(at: u64) -> u64 {
        let tz = jiff::tz::TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3").unwrap();
        let t = jiff::Timestamp::from_second(i64::try_from(at).unwrap()).unwrap();
        u64::try_from(t.to_zoned(tz).start_of_day().unwrap().timestamp().as_second()).unwrap()
    }

    #[test]
    fn the_day_the_clocks_go_forward_is_one_day_of_23_hours() {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST. Midnight is 2026-03-28T23:00Z.
        let midnight = 1_774_738_800;
        let entries = [
            bout(midnight + 3600 + 1800, 1800),
            bout(midnight + 22 * 3600, 3600),
            bout(midnight + 23 * 3600 + 60, 120),
        ];
        let days = by_day(&entries, &berlin_day);
        assert_eq!(days.len(), 2, "{days:?}");
        assert_eq!((days[0].start, days[0].bouts, days[0].sat_secs), (midnight, 2, 1800 + 3600 + 60));
        assert_eq!((days[1].start, days[1].bouts, days[1].sat_secs), (midnight + 23 * 3600, 1, 60));
    }

    #[test]
    fn several_hosts_histories_count_together() {
        let d = 20_010 * DAY;
        let laptop = [entry(d + 100, Outcome::Due), entry(d + 200, Outcome::Completed)];
        let desktop = [entry(d + 150, Outcome::Due), entry(d + 250, Outcome::Skipped)];
        let mut all: Vec<HistoryEntry> = laptop.iter().chain(desktop.iter()).cloned().collect();
        all.sort_by_key(|e| e.at);
        let day = &by_day(&all, &utc)[0];
        assert_eq!((day.counts.due, day.counts.completed, day.counts.skipped), (2, 1, 1));
    }

    proptest::proptest! {
        /// However records fall, the days' counts add up to the records, and every bout's time
        /// is counted once, split across the days it spans.
        #[test]
        fn counts_add_up(records in proptest::collection::vec((0u64..40 * DAY, 0u8..12, 0u64..30_000), 0..200)) {
            let outcomes = [
                Outcome::Taken, Outcome::Completed, Outcome::EndedEarly, Outcome::Pain, Outcome::Abandoned,
                Outcome::Snoozed, Outcome::Skipped, Outcome::Natural, Outcome::Deferred, Outcome::CheckIn,
                Outcome::Due, Outcome::Sat,
            ];
            let base = 20_000 * DAY;
            let entries: Vec<HistoryEntry> = records
                .iter()
                .map(|(at, o, secs)| {
                    let outcome = outcomes[usize::from(*o) % outcomes.len()];
                    HistoryEntry { sat_secs: Some(*secs), ..entry(base + at, outcome) }
                })
                .collect();
            let days = by_day(&entries, &utc);
            let total = gather(&days, &|_| 0);
            let counted = total.first().map_or(0, |t| {
                let c = t.counts;
                c.taken + c.completed + c.ended_early + c.pain + c.abandoned + c.snoozed + c.skipped
                    + c.natural + c.deferred + c.check_ins + c.due + t.bouts
            });
            proptest::prop_assert_eq!(counted as usize, entries.len());
            let bout_secs: u64 = entries.iter().filter(|e| e.outcome == Outcome::Sat).map(|e| e.sat_secs.unwrap_or(0)).sum();
            proptest::prop_assert_eq!(total.first().map_or(0, |t| t.sat_secs), bout_secs);
            proptest::prop_assert!(days.windows(2).all(|w| w[0].start < w[1].start));
        }
    }
}
