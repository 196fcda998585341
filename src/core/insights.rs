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
}

impl Span {
    /// The mean back score, when there were check-ins.
    pub fn back_mean(&self) -> Option<f64> {
        (self.back_count > 0).then(|| f64::from(self.back_sum) / f64::from(self.back_count))
    }

    /// Completed breaks out of those that came due (0 when none came due).
    pub fn completion_rate(&self) -> f64 {
        if self.counts.due == 0 { 0.0 } else { f64::from(self.counts.completed) / f64::from(self.counts.due) }
    }

    fn add(&mut self, other: &Self) {
        self.counts.add(&other.counts);
        self.bouts += other.bouts;
        self.longest_bout_secs = self.longest_bout_secs.max(other.longest_bout_secs);
        self.sat_secs += other.sat_secs;
        self.routines_done += other.routines_done;
        self.back_sum += other.back_sum;
        self.back_count += other.back_count;
    }
}

/// Every day with a record, oldest first. `day_start` gives the local midnight (Unix seconds) of
/// the day holding a moment; records of outcomes this version doesn't count are skipped.
pub fn by_day<'a>(entries: impl IntoIterator<Item = &'a HistoryEntry>, day_start: &dyn Fn(u64) -> u64) -> Vec<Span> {
    let mut days: std::collections::BTreeMap<u64, Span> = std::collections::BTreeMap::new();
    // The day last looked up, [start, next midnight): records come mostly in order, so the time
    // zone is asked twice a day rather than once a record.
    let mut known: Option<(u64, u64)> = None;
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
    if this.bouts == 0 && c.due == 0 && c.natural == 0 && c.check_ins == 0 {
        return format!("{name}, nothing has been recorded yet. Unhunch fills this in as you work.");
    }
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
    if c.due == 0 && c.natural > 0 {
        sentences.push(format!(
            "{}: time away that counted as a break.",
            super::units::capitalised(&super::units::plural(u64::from(c.natural), "natural break", None))
        ));
    }
    if c.due > 0 {
        sentences.push(format!(
            "{} came due: {} completed, {} natural (time away), {} skipped.",
            super::units::plural(u64::from(c.due), "break", None),
            c.completed,
            c.natural,
            c.skipped
        ));
    }
    sentences.join(" ")
}

/// Seconds as whole minutes, to the nearest (the tables and the words agree).
pub fn minutes(secs: u64) -> u64 {
    secs.saturating_add(30) / 60
}

fn units_minutes(m: u64) -> String {
    super::units::plural(m, "minute", None)
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
        "In the weeks with more completed breaks (about {:.0} a week) your back scored {m_more:.1} out \
         of 10 on average; in the weeks with fewer (about {:.0} a week), {m_fewer:.1} (0 is no \
         discomfort): {comparison} with more breaks. This is a pattern in your own check-ins over {} \
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
        HistoryEntry { at, kind: BreakKind::Micro, outcome, routine: None, done: None, check_in: None, sat_secs: None }
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

    #[test]
    fn is_it_helping_needs_four_scored_weeks_and_never_claims_a_diagnosis() {
        let week = |completed: u32, back: u32| Span {
            counts: Counts { completed, ..Counts::default() },
            back_sum: back,
            back_count: 1,
            ..Span::default()
        };
        assert!(helping(&[week(10, 2)]).starts_with("Not enough check-ins"));
        let said = helping(&[week(10, 2), week(2, 6), week(12, 2), week(1, 5)]);
        assert!(said.contains("your back scored 2.0 out of 10"), "{said}");
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
