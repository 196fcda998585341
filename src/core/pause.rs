//! The pause choices offered by the dashboard and the tray, and how a pause's end is said.
//!
//! A choice is kept as a choice ("30 minutes") until it is carried out, so a menu built a while
//! ago still pauses from the moment of the click.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::ports::Clock;

/// One of the pause choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PausePreset {
    ThirtyMinutes,
    OneHour,
    TwoHours,
    /// Until local midnight.
    UntilTomorrow,
    UntilResumed,
}

impl PausePreset {
    /// Every choice, in menu order.
    pub const ALL: [Self; 5] =
        [Self::ThirtyMinutes, Self::OneHour, Self::TwoHours, Self::UntilTomorrow, Self::UntilResumed];

    /// The words on the menu.
    pub fn label(self) -> &'static str {
        match self {
            Self::ThirtyMinutes => "For 30 minutes",
            Self::OneHour => "For 1 hour",
            Self::TwoHours => "For 2 hours",
            Self::UntilTomorrow => "Until tomorrow",
            Self::UntilResumed => "Until I resume",
        }
    }

    /// When a pause chosen at `now` ends (`None`: until resumed).
    pub fn until(self, now: SystemTime, clock: &dyn Clock) -> Option<SystemTime> {
        match self {
            Self::ThirtyMinutes => Some(now + Duration::from_mins(30)),
            Self::OneHour => Some(now + Duration::from_hours(1)),
            Self::TwoHours => Some(now + Duration::from_hours(2)),
            Self::UntilTomorrow => Some(clock.day_start(now + Duration::from_hours(24))),
            Self::UntilResumed => None,
        }
    }
}

/// When a pause ends, the way people say it, relative to `now`: "14:30", "midnight",
/// "tomorrow 14:30", "Friday 09:00", or "12 March 09:00" further away.
pub fn local_when(clock: &dyn Clock, now: SystemTime, unix: u64) -> String {
    let unix = unix.min(super::units::LATEST_UNIX);
    let at = super::units::unix_time(unix).unwrap_or(UNIX_EPOCH);
    let hhmm = clock.local_hhmm(unix);
    let day = |t: SystemTime| clock.day_start(t).duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (today, then) = (day(now), day(at));
    // Days between the two local midnights (a DST day is 23 or 25 hours long: round).
    let days = (then.saturating_sub(today) + 12 * 3600) / 86_400;
    if then <= today {
        hhmm
    } else if hhmm == "00:00" && days == 1 {
        "midnight".to_owned()
    } else if days == 1 {
        format!("tomorrow {hhmm}")
    } else if days < 7 {
        let (weekday, _) = clock.local_weekday_minute(at);
        format!("{} {hhmm}", super::hours::DAYS[weekday % 7])
    } else {
        let (_, m, d) = civil_date(then);
        format!("{d} {} {hhmm}", MONTHS[(m as usize).saturating_sub(1) % 12])
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The calendar date of a Unix day start (Howard Hinnant's days-to-civil).
fn civil_date(unix: u64) -> (i64, u32, u32) {
    let z = i64::try_from(unix / 86_400).unwrap_or(0) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::fake::FakeClock;

    #[test]
    fn a_pause_end_says_which_day_when_it_is_not_today() {
        let clock = FakeClock::new();
        // Monday 2026-11-30 18:22 UTC (the fake clock's days are UTC days).
        let now = UNIX_EPOCH + Duration::from_secs(1_796_062_920);
        let at = |s: u64| now.duration_since(UNIX_EPOCH).unwrap().as_secs() + s;
        assert_eq!(local_when(&clock, now, at(30 * 60)), "18:52");
        assert_eq!(local_when(&clock, now, at(20 * 3600 + 8 * 60)), "tomorrow 14:30");
        let midnight = PausePreset::UntilTomorrow.until(now, &clock).unwrap();
        assert_eq!(local_when(&clock, now, midnight.duration_since(UNIX_EPOCH).unwrap().as_secs()), "midnight");
        assert_eq!(local_when(&clock, now, at(4 * 86_400)), "Friday 18:22");
        assert_eq!(local_when(&clock, now, at(12 * 86_400)), "12 December 18:22");
    }

    #[test]
    fn a_preset_counts_from_the_moment_it_is_carried_out() {
        let clock = FakeClock::new();
        let now = UNIX_EPOCH + Duration::from_secs(1_796_062_920);
        assert_eq!(PausePreset::ThirtyMinutes.until(now, &clock), Some(now + Duration::from_mins(30)));
        assert_eq!(PausePreset::UntilResumed.until(now, &clock), None);
    }
}
