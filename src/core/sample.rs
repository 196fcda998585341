//! A made-up but realistic history (working days of sitting bouts, breaks coming due and what
//! became of them, sessions, check-ins; quiet weekends), for benchmarks, tests and screenshots.
//! Deterministic: the same seed gives the same history.

use super::history::{CheckIn, Done, HistoryEntry, Outcome};
use super::kind::BreakKind;

/// A tiny deterministic generator (xorshift): no dependency, same numbers everywhere.
#[derive(Clone, Copy, Debug)]
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// 0..n
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// `days` days of history ending the day before `today` (a local midnight, Unix seconds), with
/// days `86_400` s long: about 25 records a working day. Weekends (in UTC) are quiet.
pub fn history(days: u64, today: u64, seed: u64) -> Vec<HistoryEntry> {
    let mut dice = Dice(seed | 1);
    let mut out = Vec::new();
    let first = today.saturating_sub(days * 86_400);
    for d in 0..days {
        let midnight = first + d * 86_400;
        // 1970-01-01 was a Thursday: (day + 3) % 7 counts from Monday.
        if (midnight / 86_400 + 3) % 7 >= 5 {
            continue;
        }
        // Getting better over the weeks: more breaks completed, a back that feels better.
        let progress = d * 100 / days.max(1);
        let mut at = midnight + 9 * 3600 + dice.below(1800);
        let end = midnight + 17 * 3600 + dice.below(3600);
        while at < end {
            let bout = 20 * 60 + dice.below(40 * 60);
            at += bout;
            let kind = if dice.below(3) == 0 { BreakKind::Long } else { BreakKind::Micro };
            let rec = |at: u64, outcome: Outcome| HistoryEntry {
                at,
                kind,
                outcome,
                routine: None,
                done: None,
                check_in: None,
                sat_secs: None,
                desk: None,
            };
            out.push(rec(at, Outcome::Due));
            let roll = dice.below(100);
            if roll < 40 + progress / 3 {
                let routine = if kind == BreakKind::Long { "thoracic-mobility" } else { "posture-reset" };
                let length = if kind == BreakKind::Long { 300 } else { 60 };
                out.push(HistoryEntry { routine: Some(routine.to_owned()), ..rec(at + 20, Outcome::Taken) });
                out.push(HistoryEntry { sat_secs: Some(bout), ..rec(at + 20, Outcome::Sat) });
                let done = Done {
                    performed_secs: length,
                    routine_secs: length,
                    exercises_done: 4,
                    exercises: 4,
                    ..Done::default()
                };
                out.push(HistoryEntry {
                    routine: Some(routine.to_owned()),
                    done: Some(done),
                    ..rec(at + 20 + length, Outcome::Completed)
                });
                if dice.below(4) == 0 {
                    let back = u8::try_from((7u64.saturating_sub(progress / 20) + dice.below(3)).min(10)).unwrap_or(5);
                    let check_in = CheckIn { back: Some(back), pain: Some(false), hurt: None };
                    out.push(HistoryEntry { check_in: Some(check_in), ..rec(at + 40 + length, Outcome::CheckIn) });
                }
                at += length + 60;
            } else if roll < 70 {
                out.push(rec(at + 30, Outcome::Snoozed));
                at += 5 * 60;
                out.push(rec(at, Outcome::Skipped));
            } else if roll < 90 {
                out.push(rec(at + 10, Outcome::Skipped));
            } else {
                // Got up instead: the bout ends, time away counts as the break.
                out.push(HistoryEntry { sat_secs: Some(bout), ..rec(at, Outcome::Sat) });
                at += 10 * 60;
                out.push(rec(at, Outcome::Natural));
            }
        }
    }
    out
}

/// `entries` as a history file's text: a line each.
pub fn file_text(entries: &[HistoryEntry]) -> String {
    let mut text = String::new();
    for e in entries {
        text.push_str(&e.to_line());
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_same_seed_makes_the_same_history_and_weekends_are_quiet() {
        let today = 20_000 * 86_400;
        let a = super::history(14, today, 7);
        assert_eq!(a, super::history(14, today, 7));
        assert!(a.len() > 14 * 5 / 7 * 10, "a working day has many records: {}", a.len());
        assert!(a.windows(2).all(|w| w[0].at <= w[1].at), "in order");
        let weekday = |at: u64| (at / 86_400 + 3) % 7;
        assert!(a.iter().all(|e| weekday(e.at) < 5), "nothing on Saturdays and Sundays");
    }
}
