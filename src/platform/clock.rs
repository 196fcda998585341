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

/// Local calendar arithmetic in the system time zone, for the History views and export: where
/// days, weeks (from Monday) and months begin, and dates as people write them.
#[derive(Clone, Debug)]
pub struct Calendar {
    tz: jiff::tz::TimeZone,
}

impl Default for Calendar {
    fn default() -> Self {
        Self::system()
    }
}

impl Calendar {
    /// The system time zone (`TZ` or `/etc/localtime`; UTC when unknown).
    pub fn system() -> Self {
        Self { tz: jiff::tz::TimeZone::system() }
    }

    /// A named or POSIX time zone (tests), UTC when it can't be read.
    pub fn of(tz: &str) -> Self {
        let tz =
            jiff::tz::TimeZone::get(tz).or_else(|_| jiff::tz::TimeZone::posix(tz)).unwrap_or(jiff::tz::TimeZone::UTC);
        Self { tz }
    }

    fn zoned(&self, unix: u64) -> Option<jiff::Zoned> {
        let t = jiff::Timestamp::from_second(i64::try_from(unix).ok()?).ok()?;
        Some(t.to_zoned(self.tz.clone()))
    }

    fn unix(z: &jiff::Zoned) -> u64 {
        u64::try_from(z.timestamp().as_second()).unwrap_or(0)
    }

    /// Local midnight of the day holding `unix`.
    pub fn day_start(&self, unix: u64) -> u64 {
        self.zoned(unix).and_then(|z| z.start_of_day().ok()).map_or(unix - unix % 86_400, |z| Self::unix(&z))
    }

    /// Local midnight of the Monday of the week holding `unix`.
    pub fn week_start(&self, unix: u64) -> u64 {
        let Some(z) = self.zoned(unix) else { return self.day_start(unix) };
        let back = i64::from(z.weekday().to_monday_zero_offset());
        z.date()
            .checked_sub(jiff::Span::new().days(back))
            .ok()
            .and_then(|d| d.to_zoned(self.tz.clone()).ok())
            .map_or_else(|| self.day_start(unix), |m| Self::unix(&m))
    }

    /// Local midnight of the first of the month holding `unix`.
    pub fn month_start(&self, unix: u64) -> u64 {
        let Some(z) = self.zoned(unix) else { return self.day_start(unix) };
        z.date().first_of_month().to_zoned(self.tz.clone()).map_or_else(|_| self.day_start(unix), |m| Self::unix(&m))
    }

    /// Where the day, week or month holding `unix` begins.
    pub fn start_of(&self, period: crate::core::insights::Period, unix: u64) -> u64 {
        use crate::core::insights::Period;
        match period {
            Period::Day => self.day_start(unix),
            Period::Week => self.week_start(unix),
            Period::Month => self.month_start(unix),
        }
    }

    /// `days` gathered into `period`s (days stay as they are).
    pub fn gather(
        &self,
        days: &[crate::core::insights::Span],
        period: crate::core::insights::Period,
    ) -> Vec<crate::core::insights::Span> {
        match period {
            crate::core::insights::Period::Day => days.to_vec(),
            crate::core::insights::Period::Week | crate::core::insights::Period::Month => {
                crate::core::insights::gather(days, &|u| self.start_of(period, u))
            }
        }
    }

    /// A span's name in a list: "Wed 2 Dec", "from Mon 30 Nov", "December 2026".
    pub fn span_label(&self, period: crate::core::insights::Period, start: u64) -> String {
        use crate::core::insights::Period;
        match period {
            Period::Day => self.short_day(start),
            Period::Week => format!("from {}", self.short_day(start)),
            Period::Month => self.month_name(start),
        }
    }

    /// "2026-12-02".
    pub fn date(&self, unix: u64) -> String {
        self.zoned(unix).map_or_else(|| unix.to_string(), |z| z.strftime("%Y-%m-%d").to_string())
    }

    /// "2026-12-02T14:30:00+01:00".
    pub fn date_time(&self, unix: u64) -> String {
        self.zoned(unix).map_or_else(|| unix.to_string(), |z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string())
    }

    /// "Mon 30 Nov".
    pub fn short_day(&self, unix: u64) -> String {
        self.zoned(unix).map_or_else(|| unix.to_string(), |z| z.strftime("%a %-d %b").to_string())
    }

    /// "November 2026".
    pub fn month_name(&self, unix: u64) -> String {
        self.zoned(unix).map_or_else(|| unix.to_string(), |z| z.strftime("%B %Y").to_string())
    }

    /// Local midnight of a date written `YYYY-MM-DD`, or why it isn't one.
    pub fn parse_date(&self, text: &str) -> Result<u64, String> {
        let date: jiff::civil::Date = text
            .trim()
            .parse()
            .map_err(|_| format!("'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-30"))?;
        let z = date.to_zoned(self.tz.clone()).map_err(|e| format!("'{text}': {e}"))?;
        u64::try_from(z.timestamp().as_second()).map_err(|_| format!("'{text}' is before 1970"))
    }
}

#[cfg(test)]
mod calendar_tests {
    use super::Calendar;

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first_in_local_time() {
        let berlin = Calendar::of("CET-1CEST,M3.5.0,M10.5.0/3");
        let wed = berlin.parse_date("2026-12-02").unwrap(); // a Wednesday
        assert_eq!(berlin.date(berlin.week_start(wed + 3600)), "2026-11-30");
        assert_eq!(berlin.date(berlin.month_start(wed + 3600)), "2026-12-01");
        assert_eq!(berlin.date_time(wed), "2026-12-02T00:00:00+01:00");
        assert_eq!(berlin.short_day(wed), "Wed 2 Dec");
        assert!(berlin.parse_date("2 Dec").unwrap_err().contains("YYYY-MM-DD"));
    }
}
