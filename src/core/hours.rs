//! Working hours: per weekday, any number of `HH:MM-HH:MM` ranges (a range may run past midnight,
//! for night shifts). Outside them there are no reminders and no sitting count. Everything here
//! works on local weekday and minute-of-day values handed in by the shell.

use serde::{Deserialize, Serialize};

/// The working-hours settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WorkingHours {
    /// Off: reminders at any hour.
    pub enabled: bool,
    pub monday: Vec<String>,
    pub tuesday: Vec<String>,
    pub wednesday: Vec<String>,
    pub thursday: Vec<String>,
    pub friday: Vec<String>,
    pub saturday: Vec<String>,
    pub sunday: Vec<String>,
}

impl Default for WorkingHours {
    fn default() -> Self {
        let office = || vec!["09:00-17:30".to_owned()];
        Self {
            enabled: false,
            monday: office(),
            tuesday: office(),
            wednesday: office(),
            thursday: office(),
            friday: office(),
            saturday: Vec::new(),
            sunday: Vec::new(),
        }
    }
}

/// Day names, Monday first (the index used everywhere here).
pub const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

const DAY_MINUTES: u32 = 24 * 60;

/// One range of minutes in a day; `to <= from` means it runs past midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Range {
    from: u32,
    to: u32,
}

fn parse_time(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= DAY_MINUTES).then_some(h * 60 + m)
}

/// Why a working-hours range could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("{0:?} is not a range like 09:00-17:30")]
    NotARange(String),
    #[error("{0:?} starts and ends at the same time")]
    Empty(String),
}

fn parse_range(text: &str) -> Result<Range, RangeError> {
    let bad = || RangeError::NotARange(text.to_owned());
    let (from, to) = text.split_once('-').ok_or_else(bad)?;
    let (from, to) = (parse_time(from).ok_or_else(bad)?, parse_time(to).ok_or_else(bad)?);
    if from == to {
        return Err(RangeError::Empty(text.to_owned()));
    }
    Ok(Range { from: from % DAY_MINUTES, to })
}

impl WorkingHours {
    /// The ranges of a weekday (0 = Monday).
    pub fn day(&self, weekday: usize) -> &[String] {
        match weekday % 7 {
            0 => &self.monday,
            1 => &self.tuesday,
            2 => &self.wednesday,
            3 => &self.thursday,
            4 => &self.friday,
            5 => &self.saturday,
            _ => &self.sunday,
        }
    }

    /// The same, to edit.
    pub fn day_mut(&mut self, weekday: usize) -> &mut Vec<String> {
        match weekday % 7 {
            0 => &mut self.monday,
            1 => &mut self.tuesday,
            2 => &mut self.wednesday,
            3 => &mut self.thursday,
            4 => &mut self.friday,
            5 => &mut self.saturday,
            _ => &mut self.sunday,
        }
    }

    /// The ranges of one weekday that cannot be read, each said plainly.
    pub fn day_problems(&self, weekday: usize) -> Vec<String> {
        self.day(weekday).iter().filter_map(|r| parse_range(r).err().map(|e| e.to_string())).collect()
    }

    /// Every range that cannot be read, as `Day: problem`.
    pub fn problems(&self) -> Vec<String> {
        (0..7)
            .flat_map(|d| {
                self.day(d).iter().filter_map(move |r| parse_range(r).err().map(|e| format!("{}: {e}", DAYS[d])))
            })
            .collect()
    }

    fn ranges(&self, weekday: usize) -> Vec<Range> {
        self.day(weekday).iter().filter_map(|r| parse_range(r).ok()).collect()
    }

    /// True at `minute` (0..1440) of `weekday` (0 = Monday) when reminders should run. Always true
    /// when working hours are off.
    pub fn is_working(&self, weekday: usize, minute: u32) -> bool {
        if !self.enabled {
            return true;
        }
        let today = self
            .ranges(weekday)
            .into_iter()
            .any(|r| if r.to > r.from { (r.from..r.to).contains(&minute) } else { minute >= r.from });
        // A range that started yesterday and runs past midnight.
        let spill = self.ranges((weekday + 6) % 7).into_iter().any(|r| r.to <= r.from && minute < r.to);
        today || spill
    }

    /// Minutes until working hours next start or end, within a week; `None` when they never change.
    pub fn minutes_to_change(&self, weekday: usize, minute: u32) -> Option<u32> {
        let now = self.is_working(weekday, minute);
        (1..=7 * DAY_MINUTES).find(|step| {
            let t = minute + step;
            self.is_working((weekday + (t / DAY_MINUTES) as usize) % 7, t % DAY_MINUTES) != now
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(monday: &[&str], sunday: &[&str]) -> WorkingHours {
        WorkingHours {
            enabled: true,
            monday: monday.iter().map(|s| (*s).to_owned()).collect(),
            sunday: sunday.iter().map(|s| (*s).to_owned()).collect(),
            tuesday: Vec::new(),
            wednesday: Vec::new(),
            thursday: Vec::new(),
            friday: Vec::new(),
            saturday: Vec::new(),
        }
    }

    const fn hm(h: u32, m: u32) -> u32 {
        h * 60 + m
    }

    #[test]
    fn ranges_cover_their_start_but_not_their_end() {
        let h = hours(&["09:00-12:30", "13:30-17:30"], &[]);
        let table = [
            (hm(8, 59), false),
            (hm(9, 0), true),
            (hm(12, 29), true),
            (hm(12, 30), false),
            (hm(13, 30), true),
            (hm(17, 30), false),
        ];
        for (minute, want) in table {
            assert_eq!(h.is_working(0, minute), want, "Monday {}:{:02}", minute / 60, minute % 60);
        }
        assert!(!h.is_working(5, hm(10, 0)), "Saturday is off");
    }

    #[test]
    fn a_night_shift_runs_past_midnight_into_the_next_day() {
        let h = hours(&[], &["22:00-06:00"]);
        assert!(h.is_working(6, hm(23, 0)), "Sunday 23:00");
        assert!(h.is_working(0, hm(5, 59)), "Monday 05:59, the shift that started Sunday");
        assert!(!h.is_working(0, hm(6, 0)));
        assert!(!h.is_working(6, hm(21, 59)));
    }

    #[test]
    fn a_range_can_end_at_midnight() {
        let h = hours(&["18:00-24:00"], &[]);
        assert!(h.is_working(0, hm(23, 59)));
        assert!(!h.is_working(1, 0), "Tuesday 00:00 is outside");
    }

    #[test]
    fn the_next_change_is_found_across_days() {
        let h = hours(&["09:00-17:30"], &[]);
        assert_eq!(h.minutes_to_change(0, hm(8, 0)), Some(60), "starts in an hour");
        assert_eq!(h.minutes_to_change(0, hm(17, 0)), Some(30), "ends in half an hour");
        // Friday evening → Monday 09:00 (Tue–Fri are off in this table: only Monday has hours).
        assert_eq!(h.minutes_to_change(4, hm(18, 0)), Some(360 + 1440 + 1440 + 540));
        let off = WorkingHours::default();
        assert_eq!(off.minutes_to_change(0, 0), None, "never changes when turned off");
    }

    #[test]
    fn unreadable_ranges_are_named_with_their_day() {
        let h = hours(&["9-5", "10:00-10:00", "25:00-26:00"], &[]);
        let problems = h.problems();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("Monday: \"9-5\" is not a range"), "{problems:?}");
        assert!(problems[1].contains("starts and ends at the same time"), "{problems:?}");
    }
}
