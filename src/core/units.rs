//! Unit newtypes used in files, converted to `Duration` at the edge.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// A whole number of seconds, as written in RON files (`hold: 20`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Seconds(pub u32);

impl Seconds {
    /// The same span as a `Duration`.
    pub fn duration(self) -> Duration {
        Duration::from_secs(u64::from(self.0))
    }
}

/// A whole number of minutes, as written in `settings.ron` (`interval: 30`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Minutes(pub u32);

impl Minutes {
    /// The same span as a `Duration`.
    pub fn duration(self) -> Duration {
        Duration::from_secs(u64::from(self.0) * 60)
    }
}

/// The latest Unix time Unhunch accepts anywhere (the end of the year 9999): a later one, from the
/// socket or a file, is refused, so no time arithmetic can overflow.
pub const LATEST_UNIX: u64 = 253_402_300_799;

/// The longest pause: a year and a day.
pub const MAX_PAUSE: Duration = Duration::from_secs(366 * 24 * 60 * 60);

/// The longest sitting count a saved timer may hold (a month: more is not a real count).
pub const MAX_SAVED_SITTING: Duration = Duration::from_secs(31 * 24 * 60 * 60);

/// A Unix time as a `SystemTime`, when it is in range (up to [`LATEST_UNIX`]).
pub fn unix_time(secs: u64) -> Option<std::time::SystemTime> {
    (secs <= LATEST_UNIX).then(|| std::time::UNIX_EPOCH + Duration::from_secs(secs))
}

/// The text with its first letter in upper case ("recent surgery" → "Recent surgery").
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The text with its first letter in lower case ("Band pull-apart" → "band pull-apart").
pub fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// Formats a duration the way people read timers: `45 s`, `3 min`, `5 min 30 s`, `1 h 5 min`.
pub fn human(d: Duration) -> String {
    let secs = d.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// When something comes, as every part of Unhunch says it: "in 29 s" in the last minute (as the
/// heads-up does), "in 3 min" rounded up before that, and "now" at zero.
pub fn in_time(d: Duration) -> String {
    match d.as_secs() {
        0 => "now".to_owned(),
        s @ 1..60 => format!("in {s} s"),
        s => format!("in {}", human(Duration::from_secs(s.div_ceil(60) * 60))),
    }
}

/// A duration as it is said aloud: `5 seconds`, `1 minute`, `2 minutes 30 seconds`.
pub fn spoken(d: Duration) -> String {
    let secs = d.as_secs();
    match (secs / 60, secs % 60) {
        (0, s) => plural(s, "second", None),
        (m, 0) => plural(m, "minute", None),
        (m, s) => format!("{} {}", plural(m, "minute", None), plural(s, "second", None)),
    }
}

/// A count with its noun, singular or plural: `1 snooze`, `3 snoozes`, `1 natural break`. The
/// plural is the noun with an `s`, unless given.
pub fn plural(n: u64, one: &str, many: Option<&str>) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        let many = many.map_or_else(|| format!("{one}s"), str::to_owned);
        format!("{n} {many}")
    }
}

/// Formats a countdown as a clock, rounding part-seconds up, so it reads `0:01` during the last
/// second and `0:00` only when time is up.
pub fn countdown(d: Duration) -> String {
    let whole = Duration::from_secs(d.as_secs() + u64::from(d.subsec_nanos() > 0));
    clock(whole)
}

/// Formats a duration as a clock: `0:45`, `5:00`, `1:02:03`.
pub fn clock(d: Duration) -> String {
    let secs = d.as_secs();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

/// Why a duration or a time of day could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("no duration given")]
    Empty,
    #[error("can't read {0:?} as a duration")]
    NotADuration(String),
    #[error("{0:?} is too large")]
    TooLarge(String),
    #[error("unknown unit {unit:?} in {text:?}")]
    UnknownUnit { unit: String, text: String },
    #[error("{0:?} is too long")]
    TooLong(String),
    #[error("{0:?} is no time at all")]
    NoTime(String),
    #[error("can't read {0:?} as a time of day; use 24-hour HH:MM, like 14:30")]
    NotATime(String),
}

/// Reads a friendly duration: `30m`, `1h`, `1h30m`, `90 min`, `2 hours`, `45s`. A bare number is
/// minutes. The error says what was not understood (callers add the forms that fit their use).
pub fn parse_duration(text: &str) -> Result<Duration, ParseError> {
    let cleaned = text.trim().to_lowercase();
    if cleaned.is_empty() {
        return Err(ParseError::Empty);
    }
    let mut total: u64 = 0;
    let mut rest = cleaned.as_str();
    while !rest.is_empty() {
        rest = rest.trim_start();
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return Err(ParseError::NotADuration(text.to_owned()));
        }
        let (number, after) = rest.split_at(digits);
        let number: u64 = number.parse().map_err(|_| ParseError::TooLarge(text.to_owned()))?;
        let after = after.trim_start();
        let unit_len = after.chars().take_while(char::is_ascii_alphabetic).count();
        let (unit, next) = after.split_at(unit_len);
        let scale = match unit {
            "" | "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            other => return Err(ParseError::UnknownUnit { unit: other.to_owned(), text: text.to_owned() }),
        };
        total = number
            .checked_mul(scale)
            .and_then(|n| total.checked_add(n))
            .ok_or_else(|| ParseError::TooLong(text.to_owned()))?;
        rest = next.trim_start_matches([',', ' ']);
    }
    if total == 0 {
        return Err(ParseError::NoTime(text.to_owned()));
    }
    Ok(Duration::from_secs(total))
}

/// Reads a clock time `HH:MM` (24-hour).
pub fn parse_clock_time(text: &str) -> Result<(u8, u8), ParseError> {
    let bad = || ParseError::NotATime(text.to_owned());
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let h: u8 = h.parse().map_err(|_| bad())?;
    let m: u8 = m.parse().map_err(|_| bad())?;
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok((h, m))
}

#[cfg(test)]
mod tests {
    /// Issue 24: `unhunch status` said "in 1 min" while the heads-up said "in 29 s".
    #[test]
    fn in_time_says_seconds_in_the_last_minute_and_rounds_minutes_up_before() {
        let s = Duration::from_secs;
        assert_eq!(in_time(s(0)), "now");
        assert_eq!(in_time(s(29)), "in 29 s");
        assert_eq!(in_time(s(59)), "in 59 s");
        assert_eq!(in_time(s(60)), "in 1 min");
        assert_eq!(in_time(s(61)), "in 2 min");
        assert_eq!(in_time(s(3600)), "in 1 h");
    }

    use super::*;

    #[test]
    fn friendly_durations_are_understood() {
        let min = |m: u64| Duration::from_secs(m * 60);
        for (text, want) in [
            ("30m", min(30)),
            ("30", min(30)),
            ("45 min", min(45)),
            ("1h", min(60)),
            ("1h30m", min(90)),
            ("1h 30m", min(90)),
            ("2 hours", min(120)),
            ("90s", Duration::from_secs(90)),
            ("1 Hour, 15 Minutes", min(75)),
        ] {
            assert_eq!(parse_duration(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn nonsense_durations_are_refused_with_the_forms_that_work() {
        for text in ["", "soon", "5x", "0m", "-5m", "m", "99999999999999999999h"] {
            let err = parse_duration(text).unwrap_err();
            assert!(err.to_string().contains(text.trim()) || text.is_empty(), "{text}: {err}");
        }
        assert!(parse_duration("5 fortnights").unwrap_err().to_string().contains("unknown unit \"fortnights\""));
        assert_eq!(parse_clock_time("14:30"), Ok((14, 30)));
        assert!(parse_clock_time("25:00").is_err());
        assert!(parse_clock_time("noon").is_err());
    }

    #[test]
    fn human_durations_read_naturally() {
        assert_eq!(human(Duration::from_secs(45)), "45 s");
        assert_eq!(human(Duration::from_secs(180)), "3 min");
        assert_eq!(human(Duration::from_secs(330)), "5 min 30 s");
        assert_eq!(human(Duration::from_secs(3900)), "1 h 5 min");
        assert_eq!(clock(Duration::from_secs(65)), "1:05");
        assert_eq!(clock(Duration::from_secs(3723)), "1:02:03");
    }
}
