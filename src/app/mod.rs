//! The window: an egui app that shows engine snapshots and sends commands back.
//!
//! - [`client`]: the connection to the engine (socket or in-process); [`chrome`]: the tabs and the
//!   banners around every screen.
//! - [`command`]: what panels may ask for; [`labels`]: the strings; [`theme`]: the look;
//!   [`figure`]: paints an exercise's animated figure; [`focus`]: scroll areas follow the keyboard.
//! - Panels: [`dashboard`], [`player`] (with [`session`], a session's life on screen),
//!   [`settings_panel`], [`safety`], [`desk`] (the desk check), [`history`] (the History tab and its charts), [`strict`] (a
//!   strict break over every screen, a firm one on top); the Routines screen, [`routines`], owns the [`library`] list
//!   and the [`editor`], and asks its own questions.
//! - [`question`]: the modal questions (unsaved changes, ending a session); [`launch`]: opening the
//!   window, connected to the engine or on one of its own.
//!
//! The app only lays panels out and carries out the [`AppCommand`]s they return. It repaints when
//! the engine sends something, once a second while a countdown is on screen, at most 20 times a
//! second while the figure moves, and otherwise not at all.

pub mod chrome;
pub mod client;
pub mod command;
pub mod dashboard;
pub mod desk;
pub mod editor;
pub mod figure;
pub mod focus;
pub mod history;
pub mod labels;
pub mod launch;
pub mod library;
pub mod player;
pub mod question;
pub mod routines;
pub mod safety;
pub mod session;
pub mod settings_panel;
pub mod strict;
#[cfg(test)]
mod testing;
pub mod theme;

use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::RichText;

use self::client::EngineClient;
use self::command::{AppCommand, CheckInAnswer, Tab};
use self::dashboard::{DashboardView, dashboard_ui};
use self::question::AppQuestion;
use self::routines::{Outcome, RoutinesScreen};
use self::session::{CheckInStage, Session, Stage};
use self::settings_panel::SettingsPanel;
use crate::core::adapt::Plan;
use crate::core::player::{PlayOptions, PlayerInput};
use crate::core::ports::{Clock, Guide};
use crate::core::profile::LevelChoice;
use crate::core::settings::Settings;
use crate::core::settings::ThemeChoice;
use crate::platform::files::Paths;
use crate::protocol::{Command, Event, ServerMessage, Snapshot};

/// What the window knows of its engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineState {
    Connected,
    /// It said it was stopping (`unhunch quit`, the tray's Quit).
    Stopped,
    /// The connection closed without a word (a crash, `kill`).
    Lost,
}

/// Makes a new connection to the engine, starting it first if needed (for "Start reminders again").
pub type Reconnect = Box<dyn FnMut() -> Result<Box<dyn EngineClient>, launch::LaunchError>>;

/// A problem the window shows above every screen until it is dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShowError {
    /// A command could not reach the engine; taken down once the engine is reached again.
    Unreachable(String),
    /// Anything else, in the words to show.
    Message(String),
}

impl std::fmt::Display for ShowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreachable(why) => write!(f, "Could not reach the engine: {why}"),
            Self::Message(text) => f.write_str(text),
        }
    }
}

/// The window.
#[expect(clippy::struct_excessive_bools, reason = "independent states of the window, each set by its own command")]
pub struct UnhunchApp {
    client: Box<dyn EngineClient>,
    clock: Arc<dyn Clock>,
    /// The Routines screen: the library, the editor, the routine files.
    routines: RoutinesScreen,
    /// Settings saved from the Settings tab wait for the engine's answer (then "Settings saved").
    saving_settings: bool,
    question: Option<AppQuestion>,
    /// The user chose to quit without saving.
    allow_close: bool,
    /// The latest snapshot and when (monotonic) it arrived.
    snapshot: Option<(Snapshot, Instant)>,
    settings: Option<Settings>,
    tab: Tab,
    session: Option<Session>,
    settings_panel: SettingsPanel,
    /// Messages from this window (failed requests), shown above the engine's banners.
    errors: Vec<ShowError>,
    engine: EngineState,
    reconnect: Option<Reconnect>,
    /// Whether the engine starts at login (the autostart entry exists).
    autostart: bool,
    ctx: Option<egui::Context>,
    /// Plays the session's cues and speaks its guidance.
    guide: Box<dyn Guide>,
    /// What was last announced: the segment (or the end), and the part of the rep.
    announced: Announced,
    /// The desktop's light/dark preference, followed as it changes.
    appearance: crate::platform::appearance::Appearance,
    /// Whether the dark colours are applied now.
    dark: bool,
    /// "When to get help" is open over the tabs.
    help: bool,
    /// The desk check: open over the tabs with the answers so far, and what was last kept.
    desk: desk::DeskState,
    /// The History tab, and where its records are read from and exported to.
    history: self::history::HistoryPanel,
    history_dir: std::path::PathBuf,
    export_dir: std::path::PathBuf,
    calendar: crate::platform::clock::Calendar,
    /// A strict break over every screen, a firm one on top.
    firmness: strict::Firmness,
}

/// What the guide last announced, so each moment is announced once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Announced {
    #[default]
    Nothing,
    Segment {
        index: usize,
        part: Option<crate::core::player::TempoPart>,
    },
    End,
}

impl std::fmt::Debug for UnhunchApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnhunchApp").field("tab", &self.tab).finish_non_exhaustive()
    }
}

impl UnhunchApp {
    /// A window on `client`, showing the routines in `paths` (watched for changes). `banner` is a
    /// message to show from the start (the engine opened the window to say something).
    pub fn new(
        ctx: &egui::Context,
        client: Box<dyn EngineClient>,
        clock: Arc<dyn Clock>,
        paths: Paths,
        banner: Option<String>,
    ) -> Self {
        let library = crate::platform::files::load_library(&paths);
        Self::with_library(ctx, client, clock, paths, library, banner)
    }

    /// [`UnhunchApp::new`] with the routines in `paths` read already (while the window opened).
    pub fn with_library(
        ctx: &egui::Context,
        mut client: Box<dyn EngineClient>,
        clock: Arc<dyn Clock>,
        paths: Paths,
        library: crate::core::catalogue::Loaded,
        banner: Option<String>,
    ) -> Self {
        theme::apply(ctx, false);
        let waker_ctx = ctx.clone();
        client.set_waker(Arc::new(move || waker_ctx.request_repaint()));
        let mut errors = Vec::new();
        if let Err(e) = client.send(Command::GetSettings) {
            errors.push(ShowError::Unreachable(e.to_string()));
        }
        errors.extend(banner.map(ShowError::Message));
        let wake = ctx.clone();
        let history_dir = paths.history().parent().map(std::path::Path::to_path_buf).unwrap_or_default();
        let export_dir = directories::UserDirs::new()
            .and_then(|u| {
                u.download_dir().map(std::path::Path::to_path_buf).or_else(|| Some(u.home_dir().to_path_buf()))
            })
            .unwrap_or_else(|| paths.data.clone());
        let (routines, note) = RoutinesScreen::with_loaded(paths, library, move || wake.request_repaint());
        errors.extend(note.map(ShowError::Message));
        Self {
            client,
            clock,
            routines,
            question: None,
            allow_close: false,
            snapshot: None,
            settings: None,
            tab: Tab::Today,
            session: None,
            settings_panel: SettingsPanel::default(),
            errors,
            engine: EngineState::Connected,
            reconnect: None,
            autostart: crate::platform::autostart::is_enabled(),
            ctx: Some(ctx.clone()),
            guide: Box::new(crate::core::ports::Silent),
            announced: Announced::Nothing,
            appearance: crate::platform::appearance::Appearance::default(),
            dark: false,
            help: false,
            desk: desk::DeskState::default(),
            history: self::history::HistoryPanel::default(),
            history_dir,
            export_dir,
            calendar: crate::platform::clock::Calendar::system(),
            firmness: strict::Firmness::default(),
            saving_settings: false,
        }
    }

    /// Where exports go (the Downloads folder by default).
    #[must_use]
    pub fn with_export_dir(mut self, dir: std::path::PathBuf) -> Self {
        self.export_dir = dir;
        self
    }

    /// Reads every machine's history file for the History tab.
    fn load_history(&mut self) {
        let (entries, notes) = crate::platform::files::read_all_histories(&self.history_dir);
        self.history.load(entries, notes, &self.calendar);
    }

    /// Writes every record to `unhunch-history-<date>.csv` (or `.json`) in the export folder.
    fn export_history(&mut self, format: self::command::ExportFormat) {
        use crate::core::export::{self, Row};
        let calendar = &self.calendar;
        let rows = || self.history.entries().iter().map(|(host, e)| Row::new(host, e, calendar.date_time(e.at)));
        let (text, ext) = match format {
            self::command::ExportFormat::Csv => (Ok(export::csv(rows())), "csv"),
            self::command::ExportFormat::Json => (export::json(rows()).map_err(|e| e.to_string()), "json"),
        };
        let today =
            calendar.date(self.clock.now().wall.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs()));
        let path = self.export_dir.join(format!("unhunch-history-{today}.{ext}"));
        let count = self.history.entries().len();
        self.history.export_said = Some(
            match text
                .and_then(|t| crate::platform::files::write_atomic(&path, t.as_bytes()).map_err(|e| e.to_string()))
            {
                Ok(()) => {
                    format!("Saved {} to {}", crate::core::units::plural(count as u64, "record", None), path.display())
                }
                Err(e) => format!(
                    "Could not save the export: {e}. From a terminal, `unhunch history --{ext} > FILE` writes the same."
                ),
            },
        );
    }

    /// How "Start reminders again" reconnects after the engine stopped.
    #[must_use]
    pub fn with_reconnect(mut self, reconnect: Reconnect) -> Self {
        self.reconnect = Some(reconnect);
        self
    }

    /// The settings the engine reported, if any yet.
    pub fn settings(&self) -> Option<&Settings> {
        self.settings.as_ref()
    }

    /// The latest snapshot, if any yet.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_ref().map(|(s, _)| s)
    }

    /// True while a session is on screen (waiting, playing or finished).
    pub fn is_in_session(&self) -> bool {
        self.session.is_some()
    }

    /// True while a session plays (its clock runs or is paused), not while it waits to be seen.
    pub fn is_playing(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.player().is_some())
    }

    /// What the window knows of its engine.
    pub fn engine_state(&self) -> EngineState {
        self.engine
    }

    fn send(&mut self, cmd: Command) {
        if self.engine != EngineState::Connected {
            return;
        }
        if let Err(e) = self.client.send(cmd) {
            self.show_error(ShowError::Unreachable(e.to_string()));
        }
    }

    /// The one way the window shows an error: above every screen, once, until dismissed.
    fn show_error(&mut self, error: ShowError) {
        if !self.errors.contains(&error) {
            self.errors.push(error);
        }
    }

    /// Takes in everything the engine sent.
    fn receive(&mut self) {
        for msg in self.client.poll() {
            match msg {
                ServerMessage::Ok { snapshot, settings, .. } => {
                    if let Some(settings) = settings {
                        self.settings_panel.load(&settings);
                        // "Settings saved" only after the user saved them here (not after the
                        // safety notice or a level choice changed them).
                        if std::mem::take(&mut self.saving_settings) {
                            self.settings_panel.mark_saved();
                        }
                        self.settings = Some(*settings);
                    }
                    self.on_snapshot(*snapshot);
                }
                ServerMessage::Snapshot { snapshot } => self.on_snapshot(*snapshot),
                ServerMessage::Error { message, .. } => self.show_error(ShowError::Message(message)),
                ServerMessage::Event { event } => self.on_event(event),
            }
        }
        if self.engine == EngineState::Connected && !self.client.is_connected() {
            self.engine = EngineState::Lost;
        }
    }

    fn on_snapshot(&mut self, snapshot: Snapshot) {
        let now = self.clock.now().mono;
        // The engine's own banner says it (the window was opened with the same words): once.
        self.errors.retain(|e| !matches!(e, ShowError::Message(m) if snapshot.banners.contains(m)));
        // Something new was recorded while the History tab is open: read it again.
        if self.tab == Tab::History && self.snapshot.as_ref().is_some_and(|(old, _)| old.today != snapshot.today) {
            self.load_history();
        }
        if snapshot.insisting && !self.snapshot.as_ref().is_some_and(|(old, _)| old.insisting) {
            // A firm break insists: the window comes with the break ready to start.
            self.tab = Tab::Today;
            self.help = false;
        }
        match (&mut self.session, &snapshot.on_break) {
            // A break started elsewhere (the CLI, a notification) before this window was open.
            (None, Some(b)) if !b.claimed && !b.playing => {
                let (routine, kind) = (b.routine.clone(), b.kind);
                let plan = self.break_plan(b.plan.as_ref(), &routine);
                self.begin_session(&routine, None, &plan);
                if let Some(s) = &mut self.session {
                    s.kind = Some(kind);
                }
            }
            // The engine ended the break this window played (left paused too long, …).
            (Some(session), None) if !session.preview && session.is_running() => {
                if session.player().is_some() {
                    session.ended_by_engine(now);
                } else {
                    self.session = None;
                }
            }
            (None | Some(_), _) => {}
        }
        self.snapshot = Some((snapshot, now));
    }

    fn on_event(&mut self, event: Event) {
        match event {
            Event::BeginSession { routine, kind, plan } => {
                let plan = self.break_plan(plan.as_ref(), &routine);
                self.begin_session(&routine, None, &plan);
                if let Some(s) = &mut self.session {
                    s.kind = Some(kind);
                }
                self.raise();
            }
            Event::Raise => self.raise(),
            Event::Quit => self.engine = EngineState::Stopped,
        }
    }

    /// Brings the window to the front: shown, un-minimised, focused (the session waits for it).
    fn raise(&self) {
        if let Some(ctx) = &self.ctx {
            ctx.send_viewport_cmd(egui::ViewportCommand::Visible(true));
            ctx.send_viewport_cmd(egui::ViewportCommand::Minimized(false));
            ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
            ctx.send_viewport_cmd(egui::ViewportCommand::RequestUserAttention(egui::UserAttentionType::Informational));
        }
    }

    /// Puts a break's session on screen, waiting to be seen (`resume`: carry on from there),
    /// adapted by the engine's `plan` for the break: the steps the engine counts are the steps
    /// played here, whatever this window knows of the settings yet.
    fn begin_session(&mut self, routine: &str, resume: Option<crate::core::player::Progress>, plan: &Plan) {
        if self.session.as_ref().is_some_and(|s| s.is_running() && !s.preview) {
            return;
        }
        match self.routines.catalogue().routines.get(routine) {
            Some(r) => self.session = Some(Session::waiting(plan.apply(r, self.routines.catalogue()), resume)),
            None => self.show_error(ShowError::Message(format!(
                "The routine {routine:?} is not in this window's library, so this break can't be shown; \
                 end it with the button below or restart Unhunch."
            ))),
        }
    }

    /// The plan a break plays by: the engine's; from an engine older than plans (a window
    /// upgraded while its engine runs), this window's best idea of it.
    fn break_plan(&self, sent: Option<&Plan>, routine: &str) -> Plan {
        sent.cloned().or_else(|| self.plan_here(routine)).unwrap_or_default()
    }

    /// How routine `id` would play for this user now, by the settings and recent pain the engine
    /// last reported (`None` until its settings arrive). Only for what the window plays on its
    /// own (a preview); a break plays by the engine's plan.
    fn plan_here(&self, id: &str) -> Option<Plan> {
        let settings = self.settings.as_ref()?;
        let recent = self.snapshot.as_ref().map(|(s, _)| s.recent.clone()).unwrap_or_default();
        Some(Plan { profile: settings.profile.clone(), recent, level: settings.programme.level(id) })
    }

    /// The lead-in before a session's first exercise.
    fn lead_in(&self) -> Duration {
        self.settings.as_ref().map_or(Duration::from_secs(5), Settings::lead_in)
    }

    /// Starts a waiting session (the window is in front, or the user pressed Start now).
    fn start_waiting(&mut self) {
        let now = self.clock.now().mono;
        let lead_in = self.lead_in();
        let commands = self.session.as_mut().map(|s| s.start_if_waiting(lead_in, now)).unwrap_or_default();
        for cmd in commands {
            self.send(cmd);
        }
    }

    /// Saves the settings; a level changed here starts its two weeks now.
    fn save_settings(&mut self, mut settings: Box<Settings>) {
        let at = self.unix_now();
        let before = self.settings.as_ref().map(|s| s.programme.clone()).unwrap_or_default();
        for (id, choice) in &mut settings.programme.levels {
            if before.level(id) != choice.level {
                choice.since = at;
            }
        }
        self.saving_settings = true;
        self.send(Command::SetSettings { settings });
        self.send(Command::GetSettings);
    }

    fn unix_now(&self) -> u64 {
        self.clock.now().wall.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
    }

    /// The desk check's commands: open it, answer, keep the answers, leave it, or put it off.
    fn desk_check(&mut self, cmd: command::DeskCommand) {
        use command::DeskCommand;
        match cmd {
            DeskCommand::Show => self.desk = desk::DeskState { open: Some(desk::Answers::new()), kept: None },
            DeskCommand::Answer(item, answer) => {
                if let Some(answers) = &mut self.desk.open {
                    answers.retain(|(i, _)| *i != item);
                    answers.push((item, answer));
                }
            }
            DeskCommand::Save => {
                if let Some(mut answers) = self.desk.open.take() {
                    answers.sort_by_key(|(item, _)| *item);
                    self.desk.kept = Some(desk::kept_line(&answers));
                    self.send(Command::DeskCheck { answers });
                }
            }
            DeskCommand::Close => self.desk.open = None,
            DeskCommand::Decline => self.send(Command::DeskCheck { answers: Vec::new() }),
        }
    }

    /// An answer of the check-in: once every question is answered, the check-in goes to the
    /// engine at once (closing the window then loses nothing); answers left incomplete go when the
    /// end screen is left or the window closes.
    fn check_in(&mut self, answer: CheckInAnswer) {
        let Some(session) = &mut self.session else { return };
        if session.check_in_stage == CheckInStage::Sent {
            return;
        }
        let c = &mut session.check_in;
        match answer {
            CheckInAnswer::Back(n) => c.back = Some(n.min(10)),
            CheckInAnswer::Pain(p) => {
                c.pain = Some(p);
                if !p {
                    c.hurt = None;
                    session.check_in_stage = CheckInStage::Asking;
                }
            }
            CheckInAnswer::Hurt(id) => {
                c.hurt = id;
                session.check_in_stage = CheckInStage::HurtAnswered;
            }
        }
        if session.check_in_complete() {
            self.send_check_in();
        }
    }

    /// Sends the check-in's answers, if there are any not sent yet.
    fn send_check_in(&mut self) {
        if let Some(cmd) = self.session.as_ref().and_then(Session::check_in_command) {
            self.send(cmd);
            if let Some(session) = &mut self.session {
                session.check_in_stage = CheckInStage::Sent;
            }
        }
    }

    /// Plays `routine` at `level` from now on, or (`None`) says "Not now" to its next level.
    fn set_level(&mut self, routine: String, level: Option<u8>) {
        let Some(mut settings) = self.settings.clone() else { return };
        let at = self.unix_now();
        match level {
            Some(level) => {
                let level = level.clamp(crate::core::level::EASIER, crate::core::level::HARDEST);
                settings.programme.levels.insert(routine, LevelChoice { level, since: at, not_now: 0 });
            }
            None => settings.programme.levels.entry(routine).or_default().not_now = at,
        }
        self.send(Command::SetSettings { settings: Box::new(settings) });
        self.send(Command::GetSettings);
    }

    /// Carries out a command from a panel.
    fn apply(&mut self, cmd: AppCommand) {
        match cmd {
            AppCommand::Engine(cmd) => {
                if cmd == crate::protocol::Command::Skip
                    && let Some(session) = &mut self.session
                {
                    session.skipped = true;
                }
                self.send(cmd);
            }
            AppCommand::ShowTab(tab) => {
                if tab == Tab::History {
                    self.load_history();
                }
                self.tab = tab;
                self.help = false;
            }
            AppCommand::ExportHistory(format) => self.export_history(format),
            AppCommand::AcknowledgeSafety => {
                if let Some(mut settings) = self.settings.clone() {
                    settings.safety_acknowledged = true;
                    self.send(Command::SetSettings { settings: Box::new(settings.clone()) });
                    self.send(Command::GetSettings);
                }
            }
            AppCommand::SaveSettings(settings) => self.save_settings(settings),
            AppCommand::Player(input) => self.drive_player(input),
            AppCommand::AskEndSession => {
                let now = self.clock.now().mono;
                if let Some(session) = self.session.as_mut().filter(|s| s.is_running()) {
                    let running = session.player().is_some_and(|p| !p.view(now).paused);
                    session.confirm_end = Some(running);
                    if running {
                        self.drive_player(PlayerInput::Pause);
                    }
                    self.question = Some(AppQuestion::EndSession);
                }
            }
            AppCommand::StartWaitingSession => self.start_waiting(),
            AppCommand::ResumeBreak => {
                let found = self.snapshot.as_ref().and_then(|(s, _)| s.on_break.clone());
                if let Some(b) = found {
                    let plan = self.break_plan(b.plan.as_ref(), &b.routine);
                    self.begin_session(&b.routine, Some(b.progress), &plan);
                    if let Some(s) = &mut self.session {
                        s.kind = Some(b.kind);
                    }
                    self.start_waiting();
                }
            }
            AppCommand::SetAutostart(on) => match crate::platform::autostart::set(on) {
                Ok(_) => self.autostart = on,
                Err(e) => self.show_error(ShowError::Message(format!("Could not change starting at login: {e}"))),
            },
            AppCommand::ShowHelp => self.help = true,
            AppCommand::CloseHelp => self.help = false,
            AppCommand::Desk(cmd) => self.desk_check(cmd),
            AppCommand::TestSound { volume, voice } => {
                self.guide.cue(crate::core::cues::Cue::Step, volume.min(100) as f32 / 100.0);
                if voice {
                    self.guide.say(crate::core::cues::TEST_SENTENCE);
                }
            }
            AppCommand::CloseSession => {
                let preview = self.session.as_ref().is_some_and(|s| s.preview);
                self.send_check_in();
                self.session = None;
                self.tab = if preview { Tab::Routines } else { Tab::Today };
            }
            AppCommand::CheckIn(answer) => self.check_in(answer),
            AppCommand::SetLevel { routine, level } => self.set_level(routine, Some(level)),
            AppCommand::SaveSettingsAndShowAboutYou(settings) => {
                self.apply(AppCommand::SaveSettings(settings));
                self.apply(AppCommand::ShowAboutYou);
            }
            AppCommand::ShowAboutYou => {
                self.tab = Tab::Settings;
                self.help = false;
                self.settings_panel.about_you = true;
            }
            AppCommand::DeclineLevel(routine) => self.set_level(routine, None),
            AppCommand::RestartEngine => self.restart_engine(),
            AppCommand::DismissError(i) => {
                if i < self.errors.len() {
                    self.errors.remove(i);
                }
            }
            AppCommand::DismissBanner(text) => {
                if let Some((s, _)) = &mut self.snapshot {
                    s.banners.retain(|b| *b != text);
                }
                self.send(Command::DismissBanner { text });
            }
            AppCommand::Routines(cmd) => {
                self.routines.apply(cmd, self.clock.now().wall);
                self.take_routines_outcomes();
            }
            AppCommand::Answer(answer) => self.answer(answer),
        }
    }

    /// Carries out what the Routines screen asked of the window.
    fn take_routines_outcomes(&mut self) {
        for outcome in self.routines.take_outcomes() {
            match outcome {
                Outcome::Error(message) => self.show_error(ShowError::Message(message)),
                Outcome::Preview(routine) => {
                    // As it plays for this user: a no-band user previewing a band routine sees
                    // (and hears) the swap, never the band.
                    let Some(plan) = self.plan_here(&routine.id) else {
                        self.show_error(ShowError::Message(labels::PREVIEW_NEEDS_SETTINGS.to_owned()));
                        continue;
                    };
                    let played = plan.apply(&routine, self.routines.catalogue());
                    let options = PlayOptions { lead_in: self.lead_in(), resume: None };
                    self.session = Some(Session::preview(played, options, self.clock.now().mono));
                }
                Outcome::Reloaded => self.client.routines_changed(self.routines.loaded()),
                Outcome::ShowRoutines => self.tab = Tab::Routines,
            }
        }
    }

    /// The Routines screen (for tests).
    pub fn routines(&self) -> &RoutinesScreen {
        &self.routines
    }

    fn answer(&mut self, answer: command::Answer) {
        use self::command::Answer;
        let Some(question) = self.question.take() else { return };
        match (question, answer) {
            (AppQuestion::EndSession, Answer::Cancel) => {
                // Keep going: carry on as before the question.
                let resume = self.session.as_mut().and_then(|s| s.confirm_end.take()).unwrap_or(false);
                if resume {
                    self.drive_player(PlayerInput::Resume);
                }
            }
            (AppQuestion::EndSession, Answer::Proceed | Answer::Save) => {
                if let Some(s) = self.session.as_mut() {
                    s.confirm_end = None;
                }
                self.drive_player(PlayerInput::End);
            }
            (AppQuestion::Quit | AppQuestion::QuitSettings, Answer::Cancel) => {}
            (AppQuestion::Quit, Answer::Save | Answer::Proceed) => {
                if answer == Answer::Save {
                    let saved = self.routines.save(self.clock.now().wall);
                    self.take_routines_outcomes();
                    if !saved {
                        return;
                    }
                }
                self.close_now();
            }
            (AppQuestion::QuitSettings, Answer::Save | Answer::Proceed) => {
                if answer == Answer::Save {
                    if let Some(draft) = self.settings.as_ref().and_then(|s| self.settings_panel.draft_to_save(s)) {
                        self.apply(AppCommand::SaveSettings(Box::new(draft)));
                    } else {
                        self.tab = Tab::Settings;
                        self.show_error(ShowError::Message(
                            "Settings have a problem to fix before they can be saved.".to_owned(),
                        ));
                        return;
                    }
                }
                self.close_now();
            }
        }
    }

    fn close_now(&mut self) {
        self.allow_close = true;
        if let Some(ctx) = &self.ctx {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// The window's question as a modal; returns the answer when one was given.
    fn question_ui(&self, ctx: &egui::Context) -> Option<command::Answer> {
        match self.question? {
            AppQuestion::EndSession => {
                let now = self.clock.now().mono;
                let done = self
                    .session
                    .as_ref()
                    .and_then(Session::player)
                    .map(|p| p.report(now).summary())
                    .unwrap_or_default();
                question::end_session(ctx, &done)
            }
            AppQuestion::QuitSettings => question::save_changes(ctx, "the settings", labels::SAVE_SETTINGS),
            AppQuestion::Quit => {
                let name = self.routines.editing_name().unwrap_or_default();
                question::save_changes(ctx, &format!("{name:?}"), labels::SAVE_AND_CONTINUE)
            }
        }
    }

    fn restart_engine(&mut self) {
        let Some(reconnect) = self.reconnect.as_mut() else {
            self.show_error(ShowError::Message("Run `unhunch` to start the reminders again.".to_owned()));
            return;
        };
        match reconnect() {
            Ok(mut client) => {
                if let Some(ctx) = &self.ctx {
                    let wake = ctx.clone();
                    client.set_waker(Arc::new(move || wake.request_repaint()));
                }
                self.client = client;
                self.engine = EngineState::Connected;
                self.snapshot = None;
                self.errors.retain(|e| !matches!(e, ShowError::Unreachable(_)));
                self.send(Command::GetSettings);
            }
            Err(e) => self.show_error(ShowError::Message(format!("The reminder engine could not be started: {e}"))),
        }
    }

    fn drive_player(&mut self, input: PlayerInput) {
        let now = self.clock.now().mono;
        let strict = self.strict_break().is_some();
        let commands = match self.session.as_mut() {
            // Ending a break that has not started to play yet.
            Some(session) if matches!(session.stage, Stage::Waiting { .. }) && input == PlayerInput::End => {
                self.session = None;
                vec![Command::FinishBreak { outcome: None, done: None }]
            }
            Some(session) => {
                session.set_strict(strict);
                session.drive(input, now)
            }
            None => Vec::new(),
        };
        for cmd in commands {
            self.send(cmd);
        }
    }

    /// Plays the cues and says the words for what changed in the session since the last call.
    fn announce(&mut self) {
        let now = self.clock.now().mono;
        let settings = self.settings.clone().unwrap_or_default();
        let next = match self.session.as_ref().map(|s| &s.stage) {
            Some(Stage::Playing(player)) => player.current().map_or(Announced::Nothing, |index| Announced::Segment {
                index,
                part: player.view(now).tempo.map(|(part, _)| part),
            }),
            Some(Stage::Ended { .. }) => Announced::End,
            Some(Stage::Waiting { .. }) | None => Announced::Nothing,
        };
        if next == self.announced {
            return;
        }
        let said = match (self.announced, next, self.session.as_ref().map(|s| &s.stage)) {
            (_, Announced::Segment { index, .. }, Some(Stage::Playing(player))) if !matches!(self.announced, Announced::Segment { index: i, .. } if i == index) => {
                crate::core::cues::on_segment(player, index)
            }
            // A later part of the same rep: a tick (if asked for) and its words when they fit.
            (
                Announced::Segment { .. },
                Announced::Segment { index, part: Some(part) },
                Some(Stage::Playing(player)),
            ) => crate::core::cues::Announcement {
                cue: Some(crate::core::cues::Cue::Phase),
                speech: crate::core::cues::on_part(player, index, part),
            },
            (Announced::Segment { .. }, Announced::End, Some(Stage::Ended { player, end, .. })) => {
                crate::core::cues::on_end(player.outcome(*end) == crate::core::history::Outcome::Completed)
            }
            _ => crate::core::cues::Announcement::default(),
        };
        self.announced = next;
        let cue = said.cue.filter(|c| *c != crate::core::cues::Cue::Phase || settings.phase_sounds);
        if let (true, Some(cue)) = (settings.sound, cue) {
            self.guide.cue(cue, settings.volume());
        }
        if let (true, Some(text)) = (settings.voice, said.speech) {
            self.guide.say(&text);
        }
    }

    /// Follows the desktop's light/dark preference through `appearance`.
    pub fn set_appearance(&mut self, appearance: crate::platform::appearance::Appearance) {
        self.appearance = appearance;
    }

    /// Dark or light: the choice in Settings, or the desktop's preference.
    fn wants_dark(&self) -> bool {
        match self.settings.as_ref().map_or(ThemeChoice::System, |s| s.theme) {
            ThemeChoice::Dark => true,
            ThemeChoice::Light => false,
            ThemeChoice::System => self.appearance.prefers_dark().unwrap_or(false),
        }
    }

    /// Plays and says through `guide` from now on (the desktop's sound server and
    /// speech-dispatcher in the real window).
    pub fn set_guide(&mut self, guide: Box<dyn Guide>) {
        self.guide = guide;
    }

    /// Whether the figure shows its key poses still instead of moving.
    fn reduce_motion(&self) -> bool {
        self.settings.as_ref().is_some_and(|s| s.reduce_motion)
    }

    /// When the window must next redraw by itself.
    fn next_repaint(&self) -> Option<Duration> {
        let now = self.clock.now().mono;
        let mut wait: Option<Duration> = self.client.next_deadline().map(|d| d.saturating_duration_since(now));
        let mut consider = |d: Duration| wait = Some(wait.map_or(d, |w| w.min(d)));
        if let Some(player) = self.session.as_ref().and_then(Session::player) {
            let view = player.view(now);
            if !view.paused {
                // Redraw when the shown second changes, and 20 times a second while the figure
                // moves (unless motion is reduced).
                let sub = view.remaining.subsec_nanos();
                consider(if sub == 0 { Duration::from_secs(1) } else { Duration::from_nanos(u64::from(sub)) });
                if !self.reduce_motion() && player.figure(now).is_some_and(|(_, m)| m.moving) {
                    consider(FRAME);
                }
            }
        } else if let Some((s, at)) = &self.snapshot
            && s.counting
            && self.tab == Tab::Today
            && self.session.is_none()
        {
            // The dashboard shows minutes: redraw when the minute changes.
            let sitting = s.sitting_secs + now.saturating_duration_since(*at).as_secs();
            consider(Duration::from_secs(60 - sitting % 60));
        }
        wait
    }

    fn banners_ui(&self, ui: &mut egui::Ui) -> Option<AppCommand> {
        let engine_banners = match self.engine {
            EngineState::Connected => self.snapshot.as_ref().map(|(s, _)| s.banners.as_slice()).unwrap_or_default(),
            EngineState::Stopped | EngineState::Lost => &[],
        };
        chrome::banners_ui(ui, self.engine, &self.errors, engine_banners)
    }

    /// The break in progress is a strict one (played here or not yet).
    fn on_strict_break(&self) -> bool {
        self.snapshot.as_ref().and_then(|(s, _)| s.on_break.as_ref()).is_some_and(|b| b.strict)
    }

    /// A strict break plays in this window.
    fn strict_break(&self) -> Option<strict::StrictBreak> {
        let playing = self.session.as_ref().is_some_and(|s| s.is_running() && !s.preview);
        let (snapshot, _) = self.snapshot.as_ref()?;
        (playing && self.on_strict_break()).then_some(strict::StrictBreak { skips_left: snapshot.skips_left })
    }

    /// A firm break insists: the window stays on top until it is taken, snoozed or skipped.
    fn insisting(&self) -> bool {
        self.session.is_none()
            && self.snapshot.as_ref().is_some_and(|(s, _)| s.insisting && s.state == crate::protocol::State::Due)
    }

    fn tabs_ui(&self, ui: &mut egui::Ui) -> Option<AppCommand> {
        chrome::tabs_ui(ui, self.tab, self.routines.error_count())
    }

    fn main_ui(&mut self, ui: &mut egui::Ui) -> Option<AppCommand> {
        let now = self.clock.now();
        let reduce_motion = self.reduce_motion();
        let number = self.settings.as_ref().map(|s| s.emergency_number.clone()).unwrap_or_default();
        if self.help && self.session.is_none() {
            return safety::help_ui(ui, &number);
        }
        if let Some(answers) = self.desk.open.as_ref().filter(|_| self.session.is_none()) {
            return desk::desk_ui(ui, answers);
        }
        // A session waiting to be seen starts once the window is in front; a strict break at
        // once, as it covers every screen.
        let in_front = ui.ctx().input(|i| i.viewport().minimized != Some(true) && i.viewport().focused != Some(false));
        if (in_front || self.on_strict_break())
            && self.session.as_ref().is_some_and(|s| matches!(s.stage, Stage::Waiting { .. }))
        {
            self.start_waiting();
        }
        if let Some(session) = &self.session {
            return match &session.stage {
                Stage::Waiting { routine, .. } => player::waiting_ui(ui, routine),
                Stage::Playing(player) => {
                    let strict = self.strict_break();
                    let keys =
                        if self.question.is_none() { player::keyboard(ui.ctx(), strict.is_some()) } else { None };
                    keys.or_else(|| player::player_ui(ui, player, now.mono, reduce_motion, strict))
                }
                Stage::Ended { player, end, note } => {
                    let back = if session.preview { labels::BACK_TO_EDITOR } else { labels::BACK_TO_TODAY };
                    let check_in =
                        (!session.preview).then_some((&session.check_in, session.check_in_stage == CheckInStage::Sent));
                    player::finished_ui(ui, player, *end, note.as_deref(), back, (now.mono, &number), check_in)
                }
            };
        }
        let resume = match self.snapshot.as_ref().and_then(|(s, _)| s.on_break.as_ref()) {
            Some(b) if b.claimed && !b.playing && self.engine == EngineState::Connected => {
                player::resume_card_ui(ui, b)
            }
            Some(_) | None => None,
        };
        let tab = match self.tab {
            Tab::Today => {
                if self.engine != EngineState::Connected {
                    return resume;
                }
                let Some((snapshot, at)) = &self.snapshot else {
                    ui.label("Connecting to the reminder engine…");
                    return resume;
                };
                let view = DashboardView {
                    snapshot,
                    elapsed: now.mono.saturating_duration_since(*at),
                    settings: self.settings.as_ref(),
                    catalogue: self.routines.catalogue(),
                    now: now.wall,
                    clock: &*self.clock,
                    desk_kept: self.desk.kept.as_deref(),
                };
                dashboard_ui(ui, &view)
            }
            Tab::Routines => {
                let settings = self.settings.as_ref();
                let plays_as = |id: &str| {
                    settings.and_then(|st| {
                        crate::core::kind::BreakKind::ALL
                            .into_iter()
                            .find(|k| st.kind(*k).routines.iter().any(|r| r == id))
                    })
                };
                let recent = self.snapshot.as_ref().map(|(s, _)| s.recent.clone()).unwrap_or_default();
                let for_you = settings.map(|st| self::library::ForYou {
                    profile: &st.profile,
                    programme: &st.programme,
                    recent: &recent,
                });
                self.routines.ui(ui, plays_as, for_you)
            }
            Tab::History => self.history.ui(ui, &self.calendar),
            Tab::Settings => {
                if let Some(current) = &self.settings {
                    let backend = self.snapshot.as_ref().map_or("", |(s, _)| s.idle_backend.as_str());
                    self.settings_panel.ui(ui, current, self.routines.catalogue(), self.autostart, backend)
                } else {
                    ui.label("Loading settings…");
                    None
                }
            }
        };
        resume.or(tab)
    }

    /// True when closing now would lose something: unsaved edits in the editor or in Settings.
    fn has_unsaved(&self) -> bool {
        self.routines.is_dirty() || self.settings.as_ref().is_some_and(|s| self.settings_panel.is_dirty(s))
    }
}

/// The shortest time between two frames while the figure moves: 20 a second, smooth enough for
/// moves of a second or more, and a third less work than 30 for software-rendered desktops.
const FRAME: Duration = Duration::from_millis(50);

impl eframe::App for UnhunchApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.receive();
        self.routines.reload_if_changed();
        self.take_routines_outcomes();
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.has_unsaved() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.question = Some(if self.routines.is_dirty() { AppQuestion::Quit } else { AppQuestion::QuitSettings });
        } else if ctx.input(|i| i.viewport().close_requested()) {
            // The window goes: a check-in answered on the end screen goes to the engine first.
            self.send_check_in();
        }
        let now = self.clock.now().mono;
        let asking = match (self.strict_break(), self.insisting()) {
            (Some(_), _) => strict::Asking::Covering,
            (None, true) => strict::Asking::Insisting,
            (None, false) => strict::Asking::Normally,
        };
        self.firmness.follow(ctx, asking, now);
        if self.firmness.covering() && ctx.input(|i| i.viewport().close_requested()) {
            // A strict break is ended with Skip or "Stop — I feel pain", not by closing it.
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        }
        if self.session.as_ref().and_then(Session::player).is_some_and(|p| p.next_deadline().is_some_and(|d| d <= now))
        {
            self.drive_player(PlayerInput::Tick);
        }
        if let Some(report) = self.session.as_mut().and_then(|s| s.progress(now, false)) {
            self.send(report);
        }
        self.announce();
        let dark = self.wants_dark();
        if dark != self.dark {
            theme::apply(ctx, dark);
            self.dark = dark;
        }
        if let Some(wait) = self.next_repaint() {
            ctx.request_repaint_after(wait);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        theme::name_window(ui.ctx(), labels::APP_TITLE);
        let mut cmd = None;
        let acknowledged = self.settings.as_ref().is_some_and(|s| s.safety_acknowledged);
        egui::Panel::top("tabs").show(ui, |ui| {
            ui.add_space(6.0);
            if self.session.is_none() && acknowledged {
                cmd = self.tabs_ui(ui);
            } else {
                ui.label(RichText::new(labels::APP_TITLE).size(20.0).strong().color(theme::accent()));
            }
            ui.add_space(4.0);
        });
        if acknowledged && self.question.is_none() && !self.routines.is_asking() {
            cmd = cmd.or_else(|| if self.session.is_some() { None } else { chrome::tab_keys(ui.ctx()) });
        }
        egui::CentralPanel::default().show(ui, |ui| {
            let banner_cmd = self.banners_ui(ui);
            let acknowledged = self.settings.as_ref().map(|s| s.safety_acknowledged);
            let panel_cmd = match acknowledged {
                None if self.engine != EngineState::Connected => None,
                None => {
                    ui.label("Connecting to the reminder engine…");
                    None
                }
                Some(false) => {
                    if let Some(Stage::Waiting { routine, .. }) = self.session.as_ref().map(|s| &s.stage) {
                        let text = format!("{} is waiting: it starts once you have read this.", routine.name);
                        ui.label(RichText::new(text).strong().color(theme::accent()));
                    }
                    safety::notice_ui(ui)
                }
                Some(true) => self.main_ui(ui),
            };
            cmd = cmd.take().or(banner_cmd).or(panel_cmd);
        });
        if self.firmness.covering()
            && let Some(player) = self.session.as_ref().and_then(Session::player)
        {
            let view = player.view(self.clock.now().mono);
            let left = view.total.saturating_sub(view.elapsed_total);
            let name = player.routine().name.clone();
            cmd = cmd.or_else(|| self.firmness.covers_ui(ui.ctx(), &name, left));
        }
        if self.routines.sync_new_id() {
            ui.ctx().request_repaint();
        }
        if let Some(answer) = self.question_ui(ui.ctx()) {
            cmd = Some(AppCommand::Answer(answer));
        }
        if let Some(answer) = self.routines.question_ui(ui.ctx()) {
            cmd = Some(AppCommand::Routines(answer));
        }
        if let Some(cmd) = cmd {
            self.apply(cmd);
            ui.ctx().request_repaint();
        }
    }
}
