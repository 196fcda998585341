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

#[cfg(test)]
mod tests {
    use super::*;

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
