//! The engine: the sitting timer plus everything around it — settings, history, which routine a
//! break plays, and what to tell the desktop — behind one request/response interface.
//!
//! [`Engine`] does no I/O of its own: it is handed `now` and reaches the world through the
//! [`Store`] and [`Notifier`] ports. The daemon ([`daemon`]) wraps it in a socket server and a loop
//! that sleeps until [`Engine::next_deadline`]; the window can also host one in-process (tests,
//! `--standalone`).
//!
//! - [`checks`]: what a request may say (every field checked against the break in progress and
//!   the routines), and the bounds that keep a snapshot readable.
//! - `snapshot`: what a client sees; `record`: the history log and the records kept aside.
//! - [`daemon`]: the loop; `clients`: the control socket's connections; `startup`: what feeds
//!   the loop (idle polling, the folder watch, the tray, logind); `events`: what the threads tell
//!   the loop, and the log.

pub mod checks;
mod clients;
pub mod daemon;
mod events;
mod record;
mod snapshot;
pub use events::log;
mod startup;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::core::adapt::{Plan, Recent, recent};
use crate::core::banner::{Banner, Banners};
use crate::core::break_watch::{BreakWatch, Player};
use crate::core::catalogue::Catalogue;
use crate::core::history::{HistoryEntry, Outcome, counts};
use crate::core::kind::{BreakKind, Now};
use crate::core::ports::{Clock, Notice, NoticeAction, Notifier, Store};
use crate::core::rotation::{Rules, next_routine};
use crate::core::settings::Settings;
use crate::core::suggest::did_you_mean;
use crate::core::timer::{Blocker, Effect, Input, Phase, Presence, Refusal, SavedTimer, SittingTimer};
use crate::protocol::{Command, ErrorCode, Event};

/// How often the timer's counts are saved while sitting time is being counted.
pub const SAVE_EVERY: Duration = Duration::from_secs(5 * 60);

/// What the shell must do besides answering the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outgoing {
    /// Push to every subscriber.
    Event(Event),
    /// Open the window (with a message for the user, if any), unless one is open.
    OpenWindow { banner: Option<String> },
    /// A break's session began (`true`: pause the media players that are playing) or ended
    /// (`false`: play again exactly the ones paused then).
    HoldMedia(bool),
    /// Stop the engine.
    Quit,
}

/// A request that could not be done.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Failure {
    pub code: ErrorCode,
    pub message: String,
}

impl Failure {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

/// The adapters an engine works through.
pub struct Ports {
    pub store: Box<dyn Store>,
    pub notifier: Box<dyn Notifier>,
    pub clock: Box<dyn Clock>,
}

impl std::fmt::Debug for Ports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Ports")
    }
}

/// The engine's state. See the module docs.
#[derive(Debug)]
pub struct Engine {
    timer: SittingTimer,
    settings: Settings,
    catalogue: Catalogue,
    /// Recent history (at least today's), oldest first.
    history: Vec<HistoryEntry>,
    /// The break in progress.
    session: Option<Session>,
    banners: Banners,
    last_save: Instant,
    /// The blockers last reported as on.
    blockers: Vec<Blocker>,
    /// Whose do-not-disturb is on ("dunst", "GNOME"), when it is.
    dnd_by: Option<&'static str>,
    /// The call detectors' last word: the microphone, the camera in use (before the settings
    /// say which count).
    devices: crate::core::settings::InUse,
    /// The media players were asked to pause for the session in progress.
    media_held: bool,
    /// Outside working hours, and when to look again.
    off_hours: bool,
    next_hours_check: Option<Instant>,
    /// The idle backend's name and its last reading.
    idle_backend: &'static str,
    last_idle: Duration,
    /// Records the history file refused (disk full, read-only): written, in order, as soon as it
    /// takes them again, and before any newer one.
    unsaved: Vec<HistoryEntry>,
    /// When to try writing `unsaved` again.
    retry_at: Option<Instant>,
    /// A copy of `unsaved` is kept by the store (so a crash or a quit loses none of it).
    parked: bool,
    /// When Unhunch was first used, and the last desk check (Unix seconds), from the history
    /// file (the engine keeps only its last weeks in memory).
    desk_history: DeskHistory,
    ports: Ports,
    /// What the shell must still do, in order (drained by [`Engine::poll_outgoing`]).
    outgoing: std::collections::VecDeque<Outgoing>,
}

/// The days of history the engine keeps in memory (read at start, pruned as days pass): today,
/// the rotation, recent pain, and the two weeks a level is played before the next is offered.
pub const HISTORY_DAYS: u64 = 21;

/// What the desk check's offer goes by: when Unhunch was first used, and the last desk check
/// (Unix seconds; a "Not now" counts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeskHistory {
    pub first_use: Option<u64>,
    pub last_check: Option<u64>,
}

/// How often records the history file refused are tried again.
const RETRY_EVERY: Duration = Duration::from_secs(60);

/// The break in progress: what it plays, and who plays it.
#[derive(Clone, Debug)]
struct Session {
    kind: BreakKind,
    routine: String,
    routine_name: String,
    watch: BreakWatch,
    /// How the routine plays for this user, fixed when the break began; every window plays it so.
    plan: Plan,
    /// What that plays: the steps and exercises a window may report on.
    played: checks::Played,
    /// When the record that would close it was last kept (see [`Store::keep_closing`]), and the
    /// step it said.
    kept: Option<(Instant, usize)>,
}

/// How often the record that would close the break is kept again while a window reports on it
/// (and at every new step).
const KEEP_CLOSING_EVERY: Duration = Duration::from_secs(15);

impl Engine {
    /// An engine starting at `now`, carrying on from `saved` when there is one.
    pub fn new(
        settings: Settings,
        catalogue: Catalogue,
        history: Vec<HistoryEntry>,
        saved: Option<SavedTimer>,
        notes: Vec<String>,
        ports: Ports,
        now: Now,
    ) -> Self {
        let (config, warnings) = settings.timer_config();
        let mut banners = Banners::default();
        for note in notes.into_iter().chain(warnings) {
            banners.set(Banner::Note(note));
        }
        let mut engine = Self {
            timer: SittingTimer::new(config, now),
            settings,
            catalogue,
            history,
            session: None,
            banners,
            last_save: now.mono,
            idle_backend: crate::core::ports::ALWAYS_ACTIVE,
            last_idle: Duration::ZERO,
            unsaved: Vec::new(),
            retry_at: None,
            parked: false,
            desk_history: DeskHistory::default(),
            blockers: Vec::new(),
            dnd_by: None,
            devices: crate::core::settings::InUse::default(),
            media_held: false,
            off_hours: false,
            next_hours_check: None,
            ports,
            outgoing: std::collections::VecDeque::new(),
        };
        engine.check_working_hours(now);
        if let Some(saved) = saved {
            engine.restore(&saved, now);
        }
        engine
    }

    /// Carries on from a saved timer (the daemon does this once it knows the blockers, so a break
    /// due at start during a presentation waits like any other).
    pub fn restore(&mut self, saved: &SavedTimer, now: Now) {
        let effects = self.timer.restore(saved, SAVE_EVERY + Duration::from_secs(60), now);
        self.apply(effects, now);
    }

    /// The clock the engine's calendar works with (local days, working hours). The engine never
    /// reads the time from it: it is handed `now`, like the core.
    pub fn clock(&self) -> &dyn Clock {
        &*self.ports.clock
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The loaded routines and exercises.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// Uses a freshly loaded catalogue from now on (a running break keeps the routine it started
    /// with: the window plays its own copy). `problems` files had errors; a banner says so until
    /// they are fixed.
    pub fn set_catalogue(&mut self, catalogue: Catalogue, problems: usize) {
        self.catalogue = catalogue;
        self.routine_problems(problems);
    }

    /// `problems` routine files had errors: a banner says so until they are fixed.
    pub fn routine_problems(&mut self, problems: usize) {
        if problems > 0 {
            self.banners.set(Banner::RoutineProblems(problems));
        } else {
            self.banners.clear(&Banner::RoutineProblems(0));
        }
    }

    /// The history kept in memory (at least today's).
    pub fn history(&self) -> &[HistoryEntry] {
        &self.history
    }

    /// When [`Engine::tick`] must be called even if nothing else happens.
    #[must_use]
    pub fn next_deadline(&self) -> Option<Instant> {
        let save = self.timer.is_counting().then_some(self.last_save + SAVE_EVERY);
        let ends = self.session.as_ref().and_then(|s| s.watch.deadline());
        [self.timer.next_deadline(), save, self.next_hours_check, ends, self.retry_at].into_iter().flatten().min()
    }

    /// What the shell must do next (push an event, open the window, hold the media, stop), in
    /// the order the engine decided it; `None` once everything is handed over. Every call into
    /// the engine may queue some: the shell drains them after each, and nothing can drop one.
    #[must_use]
    pub fn poll_outgoing(&mut self) -> Option<Outgoing> {
        self.outgoing.pop_front()
    }

    /// Time passed: runs the timer's deadlines, and ends a break nobody plays any more.
    pub fn tick(&mut self, now: Now) {
        self.check_working_hours(now);
        if self.retry_at.is_some_and(|t| t <= now.mono) {
            self.write_history(None, now);
        }
        if let Some(session) = self.session.as_ref().filter(|s| s.watch.is_over(now.mono)) {
            let (outcome, done) = session.watch.abandoned();
            let effects = self.timer.handle(Input::FinishBreak { outcome, done }, now);
            self.apply(effects, now);
            self.save_timer(now);
        }
        let effects = self.timer.handle(Input::Tick, now);
        self.apply(effects, now);
        if now.mono >= self.last_save + SAVE_EVERY {
            self.save_timer(now);
        }
    }

    /// Names the idle backend in use (shown in the status).
    pub fn set_idle_backend(&mut self, name: &'static str) {
        self.idle_backend = name;
    }

    /// A reading from the idle backend: time since the last input.
    pub fn idle_report(&mut self, idle: Duration, now: Now) {
        self.last_idle = idle;
        let effects = self.timer.handle(Input::Idle(idle), now);
        self.apply(effects, now);
    }

    /// When to read the idle backend next, given the last reading: soon while away (to notice the
    /// return), otherwise when the user could first count as away (no sooner: a reading before
    /// then changes nothing; the countdowns run on without one).
    pub fn idle_poll_interval(&self, idle: Duration) -> Duration {
        let threshold = self.timer.config().away_threshold();
        if idle >= threshold {
            // Away: notice the return within a few seconds; nothing is offered meanwhile.
            Duration::from_secs(5)
        } else {
            threshold.saturating_sub(idle).max(Duration::from_secs(1))
        }
    }

    /// Tells the timer when working hours start or end, and plans the next look: at the next
    /// change, but at least every 15 minutes (so a clock change or DST shift is caught quickly).
    fn check_working_hours(&mut self, now: Now) {
        let hours = &self.settings.working_hours;
        if !hours.enabled {
            self.next_hours_check = None;
            if !self.off_hours {
                return;
            }
        }
        let (weekday, minute) = self.ports.clock.local_weekday_minute(now.wall);
        let off = !hours.is_working(weekday, minute);
        if hours.enabled {
            let minutes = hours.minutes_to_change(weekday, minute).unwrap_or(15).clamp(1, 15);
            self.next_hours_check = Some(now.mono + Duration::from_secs(u64::from(minutes) * 60));
        }
        if off == self.off_hours {
            return;
        }
        self.off_hours = off;
        let effects = self.timer.handle(Input::OffHours(off), now);
        self.apply(effects, now);
    }

    /// The screen was locked or unlocked, or the machine is going to sleep or woke up.
    pub fn presence(&mut self, presence: Presence, now: Now) {
        let effects = self.timer.handle(Input::Presence(presence), now);
        self.apply(effects, now);
        self.save_timer(now);
    }

    /// Whose do-not-disturb is on, for the status to name it.
    pub fn set_do_not_disturb_by(&mut self, by: Option<&'static str>) {
        self.dnd_by = by;
    }

    /// What the call detectors see in use now (the settings say which of it counts as a call).
    pub fn devices_report(&mut self, devices: crate::core::settings::InUse, now: Now) {
        self.devices = devices;
        self.blockers_report(&self.blockers.clone(), now);
    }

    /// What holds reminders as a call, in words ("microphone", "camera and microphone").
    fn call_by(&self) -> Option<&'static str> {
        self.settings.interruptions.call(self.devices)
    }

    /// The blockers that are on now (do-not-disturb, fullscreen; a call comes from
    /// [`Engine::devices_report`]); only changes reach the timer.
    pub fn blockers_report(&mut self, active: &[Blocker], now: Now) {
        let mut effects = Vec::new();
        let call = self.call_by().is_some();
        for blocker in [Blocker::Call, Blocker::DoNotDisturb, Blocker::Fullscreen] {
            let on = if blocker == Blocker::Call { call } else { active.contains(&blocker) };
            if self.blockers.contains(&blocker) != on {
                if on {
                    self.blockers.push(blocker);
                } else {
                    self.blockers.retain(|b| *b != blocker);
                }
                effects.extend(self.timer.handle(Input::Blocked(blocker, on), now));
            }
        }
        self.apply(effects, now);
    }

    /// True while the user counts as away (idle, locked, asleep).
    pub fn is_away(&self) -> bool {
        self.timer.is_away()
    }

    /// True while a due break waits for a blocker to end (so the shell checks blockers often).
    pub fn is_holding(&self) -> bool {
        self.timer.is_holding()
    }

    /// True when do-not-disturb and fullscreen matter now: a break is held by them, or one is
    /// about to be offered, announced or reminded of (within a second). Read only then, they cost
    /// nothing between breaks (each reading is a few D-Bus calls and an X round trip).
    pub fn blockers_matter(&self, now: Now) -> bool {
        self.timer.is_holding() || self.timer.next_offer().is_some_and(|at| at <= now.mono + Duration::from_secs(1))
    }

    /// The window playing the break went away (closed, crashed, logged out): the break waits for
    /// one to come back, then ends by itself.
    pub fn player_gone(&mut self, now: Now) {
        if let Some(session) = &mut self.session {
            session.watch.player_gone(now.mono);
        }
    }

    /// True when a window plays the break in progress.
    pub fn is_played(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.watch.player() == Player::Playing)
    }

    /// The desktop could not show a notification (`test`: the test notification).
    pub fn notification_failed(&mut self, message: &str, test: bool) {
        if test {
            // The one who asked is told; the reminders themselves are not affected.
            return;
        }
        let banner = Banner::NotificationsFailing(message.to_owned());
        self.banners.set(banner.clone());
        let banner = banner.text();
        if matches!(self.timer.phase(), Phase::Due { .. }) {
            self.outgoing.push_back(Outgoing::OpenWindow { banner: Some(banner) });
        }
    }

    /// Brings the window forward, opening one if none is open (the tray's or a notification's
    /// "Open Unhunch").
    pub fn open_window(&mut self) {
        self.outgoing.extend([Outgoing::Event(Event::Raise), Outgoing::OpenWindow { banner: None }]);
    }

    /// The user pressed a notification's button (or clicked it, or dismissed it); `test` when it
    /// was the test notification, whose buttons only say that they work.
    pub fn notification_action(&mut self, action: NoticeAction, test: bool, now: Now) {
        if test {
            let button = match action {
                NoticeAction::Start => "Start",
                NoticeAction::Snooze => "Snooze",
                NoticeAction::Skip => "Skip",
                NoticeAction::Open => return self.open_window(),
                NoticeAction::Dismissed => return,
            };
            self.ports.notifier.message(
                &format!("The {button} button works"),
                "That was only a test: nothing was started, snoozed or skipped.",
            );
            return;
        }
        let cmd = match action {
            NoticeAction::Start => Command::StartBreak { kind: None, routine: None },
            NoticeAction::Snooze => Command::Snooze,
            NoticeAction::Skip => Command::Skip,
            NoticeAction::Open => return self.open_window(),
            // Closing a notification is not a decision about the break: it stays due.
            NoticeAction::Dismissed => return,
        };
        if let Err(f) = self.handle(cmd, now) {
            self.add_banner(Banner::Note(format!("That notification button did nothing: {}", f.message)));
        }
    }

    /// Adds a message for the user (shown until it is dismissed or no longer true).
    pub fn add_banner(&mut self, banner: Banner) {
        self.banners.set(banner);
    }

    /// Takes down a message that is no longer true (any banner of `kind`'s kind).
    pub fn clear_banner(&mut self, kind: &Banner) {
        self.banners.clear(kind);
    }

    /// Does one command. `Ok(settings)` carries the settings for `GetSettings`.
    pub fn handle(&mut self, cmd: Command, now: Now) -> Result<Option<Settings>, Failure> {
        let input = match cmd {
            Command::Status | Command::Subscribe { .. } => return Ok(None),
            Command::GetSettings => return Ok(Some(self.settings.clone())),
            Command::SetSettings { settings } => return self.set_settings(*settings, now),
            Command::Raise => {
                self.outgoing.push_back(Outgoing::Event(Event::Raise));
                return Ok(None);
            }
            Command::DeskCheck { answers } => return self.desk_check(answers, now).map(|()| None),
            Command::CheckIn { routine, kind, check_in } => {
                let session = self.session.as_ref().map(|s| (s.routine.as_str(), &s.played));
                if let Some(why) = checks::check_in_problem(&self.catalogue, session, &routine, &check_in) {
                    return Err(Failure::new(ErrorCode::BadRequest, why));
                }
                let entry =
                    crate::core::history::HistoryEntry::new(now.wall, kind, crate::core::history::Outcome::CheckIn)
                        .with_routine(routine)
                        .with_check_in(check_in);
                self.apply(vec![Effect::Record(entry)], now);
                return Ok(None);
            }
            Command::Quit => {
                self.quit(now);
                return Ok(None);
            }
            Command::TestNotification => {
                // Looks like a due posture reset with all its snoozes left, buttons and all.
                let snoozes = self.timer.config().kind(BreakKind::Micro).max_snoozes.max(1);
                let notice = Notice { test: true, ..self.notice(BreakKind::Micro, None, snoozes, false, now) };
                self.ports.notifier.show(&notice);
                return Ok(None);
            }
            Command::DismissBanner { text } => {
                self.banners.dismiss(&text);
                return Ok(None);
            }
            Command::ClaimBreak => return self.claim().map(|()| None),
            Command::BreakProgress { progress } => return self.progress_report(progress, now).map(|()| None),
            Command::StartBreak { kind, routine } => self.start_input(kind, routine, now)?,
            Command::FinishBreak { outcome, done } => {
                let last = self.session.as_ref().map(|s| s.watch.progress().done.clone()).unwrap_or_default();
                let why = self
                    .session
                    .as_ref()
                    .and_then(|s| checks::finish_problem(&s.played, outcome, done.as_ref(), &last));
                if let Some(why) = why {
                    return Err(Failure::new(ErrorCode::BadRequest, why));
                }
                Input::FinishBreak { outcome: outcome.unwrap_or(Outcome::EndedEarly), done: done.unwrap_or(last) }
            }
            Command::Snooze => Input::Snooze,
            Command::Skip if self.skips_left(now) == Some(0) => {
                return Err(Failure::new(ErrorCode::Refused, refusal_text(Refusal::NoSkipsLeft)));
            }
            Command::Skip => Input::Skip,
            Command::Pause { until } => {
                let until = match until.map(|u| (u, crate::core::units::unix_time(u))) {
                    None => None,
                    Some((u, None)) => {
                        let msg = format!("{u} is not a time Unhunch can use (after the year 9999)");
                        return Err(Failure::new(ErrorCode::BadRequest, msg));
                    }
                    Some((_, Some(t))) => Some(t),
                };
                if until.is_some_and(|u| u <= now.wall) {
                    return Err(Failure::new(ErrorCode::Refused, "that time has already passed"));
                }
                if until.is_some_and(|u| u > now.wall + crate::core::units::MAX_PAUSE) {
                    let msg = "a pause can last at most a year; pause until resumed instead";
                    return Err(Failure::new(ErrorCode::Refused, msg));
                }
                Input::Pause { until }
            }
            Command::PauseFor { preset } => Input::Pause { until: preset.until(now.wall, &*self.ports.clock) },
            Command::Resume => Input::Resume,
        };
        let effects = self.timer.handle(input, now);
        let refusal = self.apply(effects, now);
        self.save_timer(now);
        match refusal {
            Some(r) => Err(Failure::new(ErrorCode::Refused, refusal_text(r))),
            None => Ok(None),
        }
    }

    /// What the desk check's offer goes by, read from the history file at start.
    pub fn set_desk_history(&mut self, desk: DeskHistory) {
        self.desk_history = desk;
    }

    /// True when the desk check is to be offered now.
    fn desk_check_offer(&self, now: Now) -> bool {
        let unix = now.wall.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let first = self.desk_history.first_use.or_else(|| self.history.first().map(|e| e.at));
        self.settings.desk_check_offers
            && crate::core::history::desk_check_due(first, self.desk_history.last_check, unix)
    }

    /// Keeps the desk check's answers (none: "Not now"); each item at most once.
    fn desk_check(
        &mut self,
        answers: Vec<(crate::core::desk::DeskItem, crate::core::desk::DeskAnswer)>,
        now: Now,
    ) -> Result<(), Failure> {
        let mut items: Vec<_> = answers.iter().map(|(item, _)| *item).collect();
        items.sort();
        items.dedup();
        if items.len() != answers.len() {
            return Err(Failure::new(ErrorCode::BadRequest, "each desk-check item is answered at most once"));
        }
        let mut entry = HistoryEntry::new(now.wall, BreakKind::Micro, Outcome::DeskCheck);
        entry.desk = (!answers.is_empty()).then_some(answers);
        self.apply(vec![Effect::Record(entry)], now);
        self.desk_history.last_check = Some(now.wall.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()));
        Ok(())
    }

    /// A window plays the break in progress from now on.
    fn claim(&mut self) -> Result<(), Failure> {
        let session =
            self.session.as_mut().ok_or_else(|| Failure::new(ErrorCode::Refused, refusal_text(Refusal::NotOnBreak)))?;
        session.watch.claim();
        Ok(())
    }

    /// How far the window playing the break got; the record that would close it is kept at each
    /// new step and every [`KEEP_CLOSING_EVERY`].
    fn progress_report(&mut self, progress: crate::core::player::Progress, now: Now) -> Result<(), Failure> {
        let session =
            self.session.as_mut().ok_or_else(|| Failure::new(ErrorCode::Refused, refusal_text(Refusal::NotOnBreak)))?;
        if let Some(why) = checks::progress_problem(&session.played, &progress) {
            return Err(Failure::new(ErrorCode::BadRequest, why));
        }
        let step = progress.step;
        session.watch.report(progress, now.mono);
        let stale = session
            .kept
            .is_none_or(|(at, kept)| kept != step || now.mono.saturating_duration_since(at) >= KEEP_CLOSING_EVERY);
        if stale {
            self.keep_closing(now);
        }
        Ok(())
    }

    /// Skips left today under the daily limit; `None` without a limit.
    pub fn skips_left(&self, now: Now) -> Option<u32> {
        let limit = self.settings.skips_per_day;
        let skipped = counts(&self.history, self.day_start(now.wall), u64::MAX).skipped;
        crate::core::settings::skips_left(limit, skipped)
    }

    /// Checks a `StartBreak`, works out its kind and the routine it plays.
    fn start_input(&self, kind: Option<BreakKind>, routine: Option<String>, now: Now) -> Result<Input, Failure> {
        let named = match routine {
            None => None,
            Some(id) => {
                let Some(found) = self.catalogue.find_routine(&id) else {
                    let names = self.catalogue.routines.values().map(|r| r.name.as_str());
                    let hint = did_you_mean(&id, self.catalogue.routines.keys().map(String::as_str).chain(names))
                        .map_or_else(
                            || "; `unhunch routines` lists them".to_owned(),
                            |s| format!("; did you mean {s:?}?"),
                        );
                    let id = checks::shorten(&id, crate::core::routine::limits::ID_CHARS);
                    return Err(Failure::new(ErrorCode::Refused, format!("there is no routine {id:?}{hint}")));
                };
                Some(found)
            }
        };
        let kind = self
            .timer
            .kind_for_start(kind, named.map(crate::core::routine::Routine::duration))
            .map_err(|r| Failure::new(ErrorCode::Refused, refusal_text(r)))?;
        let routine = named.map(|r| r.id.clone()).or_else(|| self.next_routine(kind, now));
        Ok(Input::StartBreak { kind: Some(kind), routine })
    }

    fn set_settings(&mut self, settings: Settings, now: Now) -> Result<Option<Settings>, Failure> {
        if let Some(why) = checks::settings_problem(&settings) {
            return Err(Failure::new(ErrorCode::BadRequest, format!("settings were not saved: {why}")));
        }
        match self.ports.store.save_settings(&settings, now.wall) {
            Ok(note) => {
                if let Some(note) = note {
                    self.add_banner(Banner::Note(note));
                }
                let (config, warnings) = settings.timer_config();
                for w in warnings {
                    self.add_banner(Banner::Note(w));
                }
                self.settings = settings;
                let effects = self.timer.handle(Input::Reconfigure(config), now);
                self.apply(effects, now);
                self.check_working_hours(now);
                Ok(None)
            }
            Err(e) => Err(Failure::new(ErrorCode::Failed, format!("settings were not saved: {e}"))),
        }
    }

    /// Carries out the timer's effects (what the shell must do is queued); returns a refusal if
    /// there was one.
    fn apply(&mut self, effects: Vec<Effect>, now: Now) -> Option<Refusal> {
        let mut refusal = None;
        let was_on_break = self.session.is_some();
        for effect in effects {
            match effect {
                Effect::Warn { kind, within } => {
                    let notice = self.notice(kind, Some(within), 0, false, now);
                    self.ports.notifier.show(&notice);
                }
                Effect::Remind { kind, snoozes_left, repeat } => {
                    let notice = self.notice(kind, None, snoozes_left, repeat, now);
                    self.ports.notifier.show(&notice);
                }
                Effect::Withdraw => self.ports.notifier.withdraw(),
                Effect::BeginSession { kind, routine } => {
                    self.ports.notifier.withdraw();
                    if let Some(id) = &routine
                        && let Some(written) = self.catalogue.routines.get(id)
                    {
                        let plan = self.plan(id, now);
                        let found = plan.apply(written, &self.catalogue);
                        let length = found.duration() + self.settings.lead_in();
                        let watch = BreakWatch::new(now.mono, length, found.steps.len(), self.settings.window_grace());
                        self.outgoing.push_back(Outgoing::Event(Event::BeginSession {
                            kind,
                            routine: id.clone(),
                            plan: Some(plan.clone()),
                        }));
                        let played = checks::Played::of(&found, written);
                        let routine_name = found.name.clone();
                        let session =
                            Session { kind, routine: id.clone(), routine_name, watch, plan, played, kept: None };
                        self.session = Some(session);
                        self.keep_closing(now);
                    }
                }
                Effect::Record(entry) => {
                    if entry.outcome.ends_session() {
                        self.session = None;
                    }
                    self.write_history(Some(&entry), now);
                    self.history.push(entry);
                    self.prune_history(now);
                }
                Effect::Refused(r) => refusal = Some(r),
                Effect::Insist { kind } => {
                    // Shown again as well, for whoever is looking at the notifications.
                    let notice = self.notice(kind, None, self.timer.view(now).snoozes_left[kind], true, now);
                    self.ports.notifier.show(&notice);
                    self.outgoing.push_back(Outgoing::OpenWindow { banner: None });
                }
                Effect::Enforce { kind } => match self.start_input(Some(kind), None, now) {
                    Ok(input) => {
                        let effects = self.timer.handle(input, now);
                        self.apply(effects, now);
                    }
                    Err(f) => log_note(&mut self.banners, &f.message),
                },
            }
        }
        // A strict break that was skipped ended without a session outcome.
        if !matches!(self.timer.phase(), Phase::OnBreak { .. }) {
            self.session = None;
        }
        if was_on_break && self.session.is_none() {
            self.keep_closing(now);
        }
        let hold = self.session.is_some() && self.settings.interruptions.pause_media;
        if hold != self.media_held {
            self.media_held = hold;
            self.outgoing.push_back(Outgoing::HoldMedia(hold));
        }
        refusal
    }

    fn notice(&self, kind: BreakKind, warning: Option<Duration>, snoozes_left: u32, repeat: bool, now: Now) -> Notice {
        let routine =
            self.next_routine(kind, now).and_then(|id| self.for_user(&id, now)).map(|r| (r.name.clone(), r.duration()));
        let snooze = self.timer.config().kind(kind).snooze;
        let can_skip = self.skips_left(now) != Some(0);
        // A due break is heard as well as seen (a heads-up is quiet), when sound is on.
        let sound = (warning.is_none() && self.settings.sound).then_some(self.settings.volume.min(100));
        Notice { kind, warning, routine, snoozes_left, snooze, repeat, can_skip, test: false, sound }
    }

    fn day_start(&self, wall: SystemTime) -> u64 {
        self.ports.clock.day_start(wall).duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
    }

    fn next_routine(&self, kind: BreakKind, now: Now) -> Option<String> {
        let rotation = &self.settings.kind(kind).routines;
        let (weekday, minute) = self.ports.clock.local_weekday_minute(now.wall);
        let rules = Rules::at(&self.settings, self.day_start(now.wall), weekday, minute);
        next_routine(kind, rotation, &self.catalogue, &self.history, &rules).map(str::to_owned)
    }

    /// What the history says about recent pain, now: only exercises there are (a record that
    /// names another, or something that is no id at all, changes nothing), and at most
    /// [`checks::RESTING`] of them.
    fn recent(&self, now: Now) -> Recent {
        let unix = now.wall.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let mut recent = recent(&self.history, unix);
        recent.resting.retain(|id| self.catalogue.exercises.contains_key(id));
        recent.resting.truncate(checks::RESTING);
        recent
    }

    /// Routine `id` as it plays for this user (their profile, level and recent pain).
    fn for_user(&self, id: &str, now: Now) -> Option<crate::core::routine::Routine> {
        let routine = self.catalogue.routines.get(id)?;
        Some(self.plan(id, now).apply(routine, &self.catalogue))
    }

    /// How routine `id` plays for this user now: their profile, its level, recent pain.
    fn plan(&self, id: &str, now: Now) -> Plan {
        Plan {
            profile: self.settings.profile.clone(),
            recent: self.recent(now),
            level: self.settings.programme.level(id),
        }
    }

    fn save_timer(&mut self, now: Now) {
        self.last_save = now.mono;
        let saved = self.timer.save(now);
        if let Err(e) = self.ports.store.save_timer(&saved) {
            self.add_banner(Banner::Note(format!("The timer could not be saved: {e}")));
        }
    }

    /// `quit`: a break in progress is recorded for what it was (left unfinished), the timer saved,
    /// and the bubble on screen taken down (its buttons would look live for an engine that is gone).
    fn quit(&mut self, now: Now) {
        if let Some(session) = &self.session {
            let (outcome, done) = session.watch.abandoned();
            let effects = self.timer.handle(Input::FinishBreak { outcome, done }, now);
            // The media paused for it play again before the engine goes (queued before `Quit`).
            self.apply(effects, now);
        }
        self.save_timer(now);
        self.ports.notifier.withdraw();
        self.outgoing.extend([Outgoing::Event(Event::Quit), Outgoing::Quit]);
    }

    /// Before the engine exits: what was asked of the notification server is done, within a
    /// second (a frozen server does not hold up the exit).
    pub fn finish_notifications(&mut self) {
        self.ports.notifier.flush(Duration::from_secs(1));
    }
}

/// A strict break that could not begin: said in a banner (the break stays due, reminded as usual).
fn log_note(banners: &mut Banners, why: &str) {
    banners.set(Banner::Note(format!("A strict break could not begin: {why}")));
}

/// Why a command did nothing, as a sentence.
pub fn refusal_text(r: Refusal) -> &'static str {
    match r {
        Refusal::NothingDue => "no break is due right now",
        Refusal::NoSnoozesLeft => "no snoozes left for this break: start it or skip it",
        Refusal::NotOnBreak => "no break is in progress",
        Refusal::AlreadyOnBreak => "a break is already in progress",
        Refusal::NotPaused => "reminders are not paused",
        Refusal::NoSkipsLeft => "today's skips are used up (the daily skip limit in Settings): take the break",
    }
}

#[cfg(test)]
mod tests;
