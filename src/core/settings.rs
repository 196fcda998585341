//! User settings (`settings.ron`): every field has a default, so old and partial files keep working.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::kind::BreakKind;
use super::timer::{IdlePolicy, KindConfig, Strictness, TimerConfig};
use super::units::{Minutes, Seconds};

/// Everything the user can set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[expect(clippy::struct_excessive_bools, reason = "settings: independent switches people turn on and off")]
pub struct Settings {
    /// The short, frequent break ("Posture reset").
    #[serde(deserialize_with = "micro_section")]
    pub micro: BreakSettings,
    /// The longer hourly break ("Stretch break"). A partial section keeps the *long* defaults
    /// for what it leaves out, not the posture reset's.
    #[serde(deserialize_with = "long_section")]
    pub long: BreakSettings,
    /// Heads-up before a break is due; 0 turns it off.
    pub warning: Seconds,
    /// A due break that is ignored is reminded again this often; 0 never.
    pub remind_every: Minutes,
    /// The get-ready time before a session's first exercise (a step asking for more gets more).
    pub lead_in: Seconds,
    /// How long a break in progress waits for its window to come back (closed, crashed) before
    /// the engine ends it by itself; also added to the routine's length for a break no window
    /// ever played. Not in the Settings screen: `settings.ron` only.
    pub window_grace: Seconds,
    /// Strength routines offered per day at most (the brief: once a day, 2–5 days a week).
    pub strength_per_day: u32,
    /// The first-run safety notice was read and acknowledged.
    pub safety_acknowledged: bool,
    /// The figure shows an exercise's key poses side by side, still, instead of moving.
    pub reduce_motion: bool,
    /// Sound cues in a session: a new step, a side switch, the end.
    pub sound: bool,
    /// A soft tick at each part of a rep (up, hold, down) too.
    pub phase_sounds: bool,
    /// How loud the cues are, 0–100.
    pub volume: u32,
    /// Voice guidance through speech-dispatcher (off by default).
    pub voice: bool,
    /// Light, dark, or as the desktop prefers.
    pub theme: ThemeChoice,
    /// The emergency number where the user lives ("000", "112"); empty shows the common ones.
    pub emergency_number: String,
    /// Reminders only within these hours (off by default).
    pub working_hours: super::hours::WorkingHours,
    /// Where you work, what you have to hand, and (optional, private) conditions to take care of.
    pub profile: super::profile::Profile,
    /// What counts as a call (which holds reminders), and pausing media during a break.
    pub interruptions: Interruptions,
    /// A [`Strictness::Firm`] break insists after this many ignored reminders.
    pub firm_after: u32,
    /// Skips allowed per day, over all breaks (0: no limit).
    pub skips_per_day: u32,
    /// Offer the desk check a week after the first use and then every three months (it is always
    /// on *Today* and in `unhunch desk`).
    pub desk_check_offers: bool,
    /// Strength days a week, the end-of-day routine, each routine's level.
    pub programme: super::profile::Programme,
}

/// What holds reminders back as a call, and what a break does to media.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Interruptions {
    /// A recording from the microphone (not a capture of what plays) is a call.
    pub microphone: bool,
    /// The camera being open is a call.
    pub camera: bool,
    /// Pause the media players that are playing when a break's session starts, and play them
    /// again when it ends.
    pub pause_media: bool,
}

/// What the call detectors see in use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InUse {
    pub microphone: bool,
    pub camera: bool,
}

impl Interruptions {
    /// What of `in_use` counts as a call under these switches, in words ("microphone",
    /// "camera and microphone"); `None` when nothing does.
    pub fn call(&self, in_use: InUse) -> Option<&'static str> {
        match (in_use.microphone && self.microphone, in_use.camera && self.camera) {
            (true, true) => Some("camera and microphone"),
            (true, false) => Some("microphone"),
            (false, true) => Some("camera"),
            (false, false) => None,
        }
    }
}

/// Skips left today: `limit` per day (0: no limit, `None`) less those `skipped` already.
pub fn skips_left(limit: u32, skipped: u32) -> Option<u32> {
    (limit > 0).then(|| limit.saturating_sub(skipped))
}

impl Default for Interruptions {
    fn default() -> Self {
        Self { microphone: true, camera: true, pause_media: true }
    }
}

/// The window's colours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// As the desktop prefers (the freedesktop appearance setting), light where it says nothing.
    #[default]
    System,
    Light,
    Dark,
}

impl Settings {
    /// The cue volume as a fraction (0..1).
    pub fn volume(&self) -> f32 {
        self.volume.min(100) as f32 / 100.0
    }
}

/// The settings of one break kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BreakSettings {
    pub enabled: bool,
    /// Sitting time between breaks.
    pub interval: Minutes,
    /// How long the break lasts.
    pub length: Seconds,
    /// Time away that counts as this break (a natural break).
    pub idle_threshold: Seconds,
    /// What time away does to the sitting count: `Reset`, `Pause` or `CountDown`.
    pub policy: IdlePolicy,
    pub snooze: Minutes,
    pub max_snoozes: u32,
    /// Routine ids offered in turn for this break.
    pub routines: Vec<String>,
    /// How firmly it is asked for: `Gentle`, `Firm` or `Strict`.
    pub strictness: Strictness,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            micro: BreakSettings {
                enabled: true,
                interval: Minutes(30),
                length: Seconds(60),
                idle_threshold: Seconds(120),
                policy: IdlePolicy::Reset,
                snooze: Minutes(5),
                max_snoozes: 3,
                routines: vec![
                    "posture-reset".to_owned(),
                    "stand-and-stroll".to_owned(),
                    "unwind".to_owned(),
                    "band-raise".to_owned(),
                ],
                strictness: Strictness::Gentle,
            },
            long: BreakSettings {
                enabled: true,
                interval: Minutes(60),
                length: Seconds(300),
                idle_threshold: Seconds(300),
                policy: IdlePolicy::Reset,
                snooze: Minutes(5),
                max_snoozes: 3,
                routines: vec![
                    "thoracic-mobility".to_owned(),
                    "rhomboid-strength".to_owned(),
                    "open-plan-seated".to_owned(),
                ],
                strictness: Strictness::Gentle,
            },
            warning: Seconds(30),
            remind_every: Minutes(5),
            lead_in: Seconds(5),
            reduce_motion: false,
            sound: true,
            phase_sounds: false,
            volume: 60,
            voice: false,
            theme: ThemeChoice::System,
            emergency_number: String::new(),
            window_grace: Seconds(120),
            strength_per_day: 1,
            safety_acknowledged: false,
            working_hours: super::hours::WorkingHours::default(),
            profile: super::profile::Profile::default(),
            interruptions: Interruptions::default(),
            firm_after: 2,
            skips_per_day: 0,
            desk_check_offers: true,
            programme: super::profile::Programme::default(),
        }
    }
}

impl Default for BreakSettings {
    fn default() -> Self {
        Settings::default().micro
    }
}

/// A break section as written: every field optional, filled in from that kind's defaults.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BreakSection {
    enabled: Option<bool>,
    interval: Option<Minutes>,
    length: Option<Seconds>,
    idle_threshold: Option<Seconds>,
    policy: Option<IdlePolicy>,
    snooze: Option<Minutes>,
    max_snoozes: Option<u32>,
    routines: Option<Vec<String>>,
    strictness: Option<Strictness>,
}

impl BreakSection {
    fn over(self, d: BreakSettings) -> BreakSettings {
        BreakSettings {
            enabled: self.enabled.unwrap_or(d.enabled),
            interval: self.interval.unwrap_or(d.interval),
            length: self.length.unwrap_or(d.length),
            idle_threshold: self.idle_threshold.unwrap_or(d.idle_threshold),
            policy: self.policy.unwrap_or(d.policy),
            snooze: self.snooze.unwrap_or(d.snooze),
            max_snoozes: self.max_snoozes.unwrap_or(d.max_snoozes),
            routines: self.routines.unwrap_or(d.routines),
            strictness: self.strictness.unwrap_or(d.strictness),
        }
    }
}

fn micro_section<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BreakSettings, D::Error> {
    Ok(BreakSection::deserialize(d)?.over(Settings::default().micro))
}

fn long_section<'de, D: serde::Deserializer<'de>>(d: D) -> Result<BreakSettings, D::Error> {
    Ok(BreakSection::deserialize(d)?.over(Settings::default().long))
}

/// A field the settings text names that this version doesn't know (from a newer Unhunch, or a
/// typo): left out, every other setting kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownField {
    pub name: String,
    /// The section it was in ("micro", …), when the parser said.
    pub outer: Option<String>,
    pub line: usize,
    pub col: usize,
}

/// Reads settings text, leaving out fields this version doesn't know (each reported) instead of
/// failing on the first. Any other problem is the parser's error, as from a strict read.
pub fn parse_lenient(text: &str) -> Result<(Settings, Vec<UnknownField>), ron::error::SpannedError> {
    let mut text = text.to_owned();
    let mut unknown = Vec::new();
    loop {
        match super::catalogue::ron_options().from_str::<Settings>(&text) {
            Ok(settings) => return Ok((settings, unknown)),
            Err(e) => {
                let ron::Error::NoSuchStructField { found, outer, .. } = &e.code else { return Err(e) };
                let Some(cut) = field_extent(&text, e.span.start.line, e.span.start.col, found) else {
                    return Err(e);
                };
                if unknown.len() >= 100 {
                    return Err(e);
                }
                unknown.push(UnknownField {
                    name: found.clone(),
                    outer: outer.clone(),
                    line: e.span.start.line,
                    col: e.span.start.col,
                });
                text.replace_range(cut, "");
            }
        }
    }
}

/// Brings settings written by an older Unhunch up to date; returns what changed, in words (empty
/// when nothing did). `text` is the file they were read from.
///
/// Before the programme (end-of-day routine, strength days) existed, the default stretch-break
/// turn held the end-of-day unwind, and those versions wrote every field, so upgraded files still
/// play a six-minute wind-down every hour. Such a file has no `programme`; the routine that now
/// plays late in the afternoon leaves its hourly turn.
pub fn migrate(settings: &mut Settings, text: &str) -> Vec<String> {
    let mut changed = Vec::new();
    let written_before_programme = !text.contains("programme");
    let end_of_day = settings.programme.end_of_day.clone();
    if written_before_programme && !end_of_day.is_empty() && settings.long.routines.contains(&end_of_day) {
        settings.long.routines.retain(|r| *r != end_of_day);
        if settings.long.routines.is_empty() {
            settings.long.routines = Settings::default().long.routines;
        }
        changed.push(format!(
            "settings from an older Unhunch: \"{end_of_day}\" left the hourly stretch-break turn; it plays \
             late in the afternoon instead (from {}; About you in Settings)",
            settings.programme.end_of_day_from
        ));
    }
    changed
}

/// The bytes of `name: value,` starting at `line`:`col` (1-based, columns in characters), or
/// `None` when the text there isn't that field.
fn field_extent(text: &str, line: usize, col: usize, name: &str) -> Option<std::ops::Range<usize>> {
    let line_start: usize = text.split_inclusive('\n').take(line.checked_sub(1)?).map(str::len).sum();
    let rest = &text[line_start..];
    let start = line_start + rest.char_indices().nth(col.checked_sub(1)?).map(|(i, _)| i)?;
    // The span may point at the name, or just after it.
    let start = if text[start..].starts_with(name) {
        start
    } else {
        let before = text[..start].trim_end();
        before.strip_suffix(name).map(str::len)?
    };
    let after_name = start + name.len();
    let colon = after_name + text[after_name..].find(|c: char| !c.is_whitespace())?;
    if !text[colon..].starts_with(':') {
        return None;
    }
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text[colon + 1..].char_indices() {
        let at = colon + 1 + i;
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                (false, _) => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => return Some(start..at),
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => return Some(start..at + 1),
            _ => {}
        }
    }
    Some(start..text.len())
}

/// Allowed ranges: values outside are clamped, with a warning.
pub mod ranges {
    use std::ops::RangeInclusive;

    pub const MICRO_INTERVAL_MIN: RangeInclusive<u32> = 10..=120;
    pub const LONG_INTERVAL_MIN: RangeInclusive<u32> = 20..=240;
    pub const LENGTH_S: RangeInclusive<u32> = 10..=1800;
    pub const IDLE_THRESHOLD_S: RangeInclusive<u32> = 10..=3600;
    pub const SNOOZE_MIN: RangeInclusive<u32> = 1..=60;
    pub const MAX_SNOOZES: RangeInclusive<u32> = 0..=10;
    pub const WARNING_S: RangeInclusive<u32> = 0..=600;
    pub const REMIND_EVERY_MIN: RangeInclusive<u32> = 0..=60;
    pub const LEAD_IN_S: RangeInclusive<u32> = 0..=30;
    pub const WINDOW_GRACE_S: RangeInclusive<u32> = 10..=900;
    pub const FIRM_AFTER: RangeInclusive<u32> = 1..=10;
    pub const SKIPS_PER_DAY: RangeInclusive<u32> = 0..=50;
}

/// A disabled break kind is never due in practice.
const NEVER: Duration = Duration::from_hours(100 * 365 * 24);

/// `name` is what the value is, in words ("the posture reset's interval").
fn clamp(name: &str, value: u32, range: &std::ops::RangeInclusive<u32>, unit: &str, warnings: &mut Vec<String>) -> u32 {
    let clamped = value.clamp(*range.start(), *range.end());
    if clamped != value {
        warnings.push(format!(
            "In your settings file, {name} is {value}{unit}, outside {}–{}{unit}; Unhunch uses {clamped}{unit}. \
             Saving the settings from the Settings tab writes the value in use.",
            range.start(),
            range.end()
        ));
    }
    clamped
}

impl BreakSettings {
    fn kind_config(
        &self,
        kind: BreakKind,
        interval_range: &std::ops::RangeInclusive<u32>,
        warnings: &mut Vec<String>,
    ) -> KindConfig {
        let minutes = |m: u32| Duration::from_secs(u64::from(m) * 60);
        let seconds = |s: u32| Duration::from_secs(u64::from(s));
        let name = |what: &str| format!("the {}'s {what}", kind.noun());
        let interval = clamp(&name("interval"), self.interval.0, interval_range, " min", warnings);
        KindConfig {
            interval: if self.enabled { minutes(interval) } else { NEVER },
            length: seconds(clamp(&name("length"), self.length.0, &ranges::LENGTH_S, " s", warnings)),
            idle_threshold: seconds(clamp(
                &name("time away that counts as the break"),
                self.idle_threshold.0,
                &ranges::IDLE_THRESHOLD_S,
                " s",
                warnings,
            )),
            policy: self.policy,
            snooze: minutes(clamp(&name("snooze"), self.snooze.0, &ranges::SNOOZE_MIN, " min", warnings)),
            max_snoozes: clamp(&name("number of snoozes"), self.max_snoozes, &ranges::MAX_SNOOZES, "", warnings),
            strictness: self.strictness,
        }
    }
}

impl Settings {
    /// The timer configuration these settings describe, and a warning for every value that had to
    /// be brought into range.
    pub fn timer_config(&self) -> (TimerConfig, Vec<String>) {
        let mut warnings = Vec::new();
        let micro = self.micro.kind_config(BreakKind::Micro, &ranges::MICRO_INTERVAL_MIN, &mut warnings);
        let long = self.long.kind_config(BreakKind::Long, &ranges::LONG_INTERVAL_MIN, &mut warnings);
        let warning = Duration::from_secs(u64::from(clamp(
            "the heads-up",
            self.warning.0,
            &ranges::WARNING_S,
            " s",
            &mut warnings,
        )));
        let remind = clamp("the re-reminder", self.remind_every.0, &ranges::REMIND_EVERY_MIN, " min", &mut warnings);
        let remind_every = Duration::from_secs(u64::from(remind) * 60);
        let firm_after = clamp(
            "ignored reminders before a firm break insists",
            self.firm_after,
            &ranges::FIRM_AFTER,
            "",
            &mut warnings,
        );
        (TimerConfig { micro, long, warning, remind_every, firm_after }, warnings)
    }

    /// The settings of one break kind.
    pub fn kind(&self, kind: BreakKind) -> &BreakSettings {
        match kind {
            BreakKind::Micro => &self.micro,
            BreakKind::Long => &self.long,
        }
    }

    /// The same, to edit.
    pub fn kind_mut(&mut self, kind: BreakKind) -> &mut BreakSettings {
        match kind {
            BreakKind::Micro => &mut self.micro,
            BreakKind::Long => &mut self.long,
        }
    }

    /// The get-ready time before a session's first exercise, in range.
    pub fn lead_in(&self) -> Duration {
        Seconds(self.lead_in.0.clamp(*ranges::LEAD_IN_S.start(), *ranges::LEAD_IN_S.end())).duration()
    }

    /// How long a break waits for its window, in range.
    pub fn window_grace(&self) -> Duration {
        let range = ranges::WINDOW_GRACE_S;
        Seconds(self.window_grace.0.clamp(*range.start(), *range.end())).duration()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_daily_skip_limit_counts_down_and_zero_means_no_limit() {
        assert_eq!(skips_left(0, 40), None, "no limit");
        assert_eq!(skips_left(3, 0), Some(3));
        assert_eq!(skips_left(3, 2), Some(1));
        assert_eq!(skips_left(3, 5), Some(0), "never below zero");
    }

    #[test]
    fn a_call_is_what_the_switches_let_count() {
        let both = InUse { microphone: true, camera: true };
        assert_eq!(Interruptions::default().call(both), Some("camera and microphone"));
        let no_camera = Interruptions { camera: false, ..Interruptions::default() };
        assert_eq!(no_camera.call(both), Some("microphone"));
        assert_eq!(no_camera.call(InUse { microphone: false, camera: true }), None, "the camera is switched off");
        assert_eq!(Interruptions::default().call(InUse::default()), None);
    }

    #[test]
    fn strictness_and_the_call_switches_read_from_a_settings_file() {
        let text = "(long: (strictness: Strict), interruptions: (camera: false), skips_per_day: 2, firm_after: 3)";
        let s: Settings = crate::core::catalogue::ron_options().from_str(text).unwrap();
        assert_eq!((s.micro.strictness, s.long.strictness), (Strictness::Gentle, Strictness::Strict));
        assert_eq!(s.interruptions, Interruptions { camera: false, ..Interruptions::default() });
        assert_eq!((s.skips_per_day, s.timer_config().0.firm_after), (2, 3));
    }

    #[test]
    fn a_partial_file_fills_in_defaults() {
        let s: Settings = crate::core::catalogue::ron_options().from_str("(micro: (interval: 25))").unwrap();
        assert_eq!(s.micro.interval, Minutes(25));
        assert_eq!(s.micro.length, Seconds(60), "unspecified fields keep their defaults");
        assert_eq!(s.long, Settings::default().long);
    }

    #[test]
    fn a_partial_long_section_keeps_the_long_defaults() {
        let s: Settings = crate::core::catalogue::ron_options().from_str("(long: (idle_threshold: 10))").unwrap();
        assert_eq!(s.long.idle_threshold, Seconds(10));
        assert_eq!(s.long.interval, Minutes(60), "not the posture reset's 30");
        assert_eq!(s.long.routines, Settings::default().long.routines);
        let typo = crate::core::catalogue::ron_options().from_str::<Settings>("(long: (intervl: 10))");
        assert!(typo.is_err(), "misspelled fields are still refused");
    }

    #[test]
    fn out_of_range_values_are_clamped_with_a_warning() {
        let mut s = Settings::default();
        s.micro.interval = Minutes(500);
        let (config, warnings) = s.timer_config();
        assert_eq!(config.micro.interval, Duration::from_secs(120 * 60));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("the posture reset's interval is 500 min"), "{warnings:?}");
    }

    #[test]
    fn defaults_follow_the_brief() {
        let (config, warnings) = Settings::default().timer_config();
        assert!(warnings.is_empty());
        assert_eq!(config.micro.interval, Duration::from_secs(30 * 60));
        assert_eq!(config.long.interval, Duration::from_secs(60 * 60));
        assert_eq!(config.long.length, Duration::from_secs(5 * 60));
    }
}
