//! The real clock: the only place that reads the time (the fake one is in `platform::fake`).

use std::time::{Duration, Instant, SystemTime};

use crate::core::kind::Now;
use crate::core::ports::Clock;

/// The system's monotonic and wall clocks.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[expect(clippy::disallowed_methods, reason = "the one adapter that reads the clock")]
    fn now(&self) -> Now {
        Now { mono: Instant::now(), wall: SystemTime::now() }
    }

    /// Local midnight, from the system time zone (`TZ` or `/etc/localtime`); UTC if that is unknown.
    fn day_start(&self, wall: SystemTime) -> SystemTime {
        let start = jiff::Timestamp::try_from(wall)
            .ok()
            .and_then(|t| t.to_zoned(jiff::tz::TimeZone::system()).start_of_day().ok())
            .map(|z| SystemTime::from(z.timestamp()));
        start.unwrap_or_else(|| utc_day_start(wall))
    }

    /// The local weekday and minute, from the system time zone.
    fn local_weekday_minute(&self, wall: SystemTime) -> (usize, u32) {
        jiff::Timestamp::try_from(wall).ok().map_or((0, 0), |t| {
            let z = t.to_zoned(jiff::tz::TimeZone::system());
            let weekday = usize::try_from(z.weekday().to_monday_zero_offset()).unwrap_or(0);
            let minute = u32::try_from(i32::from(z.hour()) * 60 + i32::from(z.minute())).unwrap_or(0);
            (weekday, minute)
        })
    }

    /// Local `hour:minute` today, or tomorrow if that has passed (right across DST changes).
    fn next_local(&self, wall: SystemTime, hour: u8, minute: u8) -> Option<SystemTime> {
        let now = jiff::Timestamp::try_from(wall).ok()?.to_zoned(jiff::tz::TimeZone::system());
        let at = |day: &jiff::Zoned| {
            day.with()
                .hour(i8::try_from(hour).ok()?)
                .minute(i8::try_from(minute).ok()?)
                .second(0)
                .subsec_nanosecond(0)
                .build()
                .ok()
        };
        let today = at(&now)?;
        let next = if today > now { today } else { at(&now.tomorrow().ok()?)? };
        Some(SystemTime::from(next.timestamp()))
    }
}

/// Midnight UTC of the day containing `wall`.
pub(crate) fn utc_day_start(wall: SystemTime) -> SystemTime {
    let secs = wall.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    std::time::UNIX_EPOCH + Duration::from_secs(secs - secs % 86_400)
}
