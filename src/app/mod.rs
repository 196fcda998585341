//! The window: an egui app that shows engine snapshots and sends commands back.
//!
//! - [`client`]: the connection to the engine (socket or in-process).
//! - [`command`]: what panels may ask for; [`labels`]: the strings; [`theme`]: the look.
//! - Panels: [`dashboard`], [`player`], [`library`], [`settings_panel`], [`safety`].
//!
//! The app only lays panels out and carries out the [`AppCommand`]s they return. It repaints when
//! the engine sends something, once a second while a countdown is on screen, and otherwise not at all.

pub mod client;
pub mod command;
pub mod dashboard;
pub mod editing;
pub mod editor;
pub mod labels;
pub mod launch;
pub mod library;
pub mod player;
pub mod safety;
pub mod settings_panel;
pub mod theme;

use std::sync::Arc;
use std::time::{Duration, Instant, UNIX_EPOCH};

use egui::RichText;

use self::client::EngineClient;
use self::command::{AppCommand, Tab};
use self::dashboard::{DashboardView, dashboard_ui};
use self::editor::Editor;
use self::library::LibraryPanel;
use self::library::LibraryView;
use self::settings_panel::SettingsPanel;
use crate::core::catalogue::Loaded;
use crate::core::ports::Clock;
use crate::core::session::{End, PlayerEffect, PlayerInput, SessionPlayer};
use crate::core::settings::Settings;
use crate::platform::files::Paths;
use crate::protocol::{Command, Event, ServerMessage, Snapshot, State};

/// A guided session on screen: playing, or finished and showing how it ended.
#[derive(Debug)]
struct Session {
    player: SessionPlayer,
    ended: Option<End>,
    /// Played from the editor, not a break: the engine is not told.
    preview: bool,
}

/// The window.
pub struct UnhunchApp {
    client: Box<dyn EngineClient>,
    clock: Arc<dyn Clock>,
    paths: Paths,
    /// The routines and exercises, and every problem in their files.
    loaded: Loaded,
    /// Ids the built-in catalogue defines.
    builtin_ids: std::collections::BTreeSet<String>,
    editor: Option<Editor>,
    question: Option<editing::Question>,
    /// Set by the folder watcher: reload the routine files.
    reload: Arc<std::sync::atomic::AtomicBool>,
    _watch: Option<crate::platform::watch::DirWatcher>,
    /// The user chose to quit without saving.
    allow_close: bool,
    /// The latest snapshot and when (monotonic) it arrived.
    snapshot: Option<(Snapshot, Instant)>,
    settings: Option<Settings>,
    tab: Tab,
    session: Option<Session>,
    library: LibraryPanel,
    settings_panel: SettingsPanel,
    /// Messages from this window (failed requests), shown above the engine's banners.
    errors: Vec<String>,
    engine_lost: bool,
    /// Whether the engine starts at login (the autostart entry exists).
    autostart: bool,
    ctx: Option<egui::Context>,
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
        mut client: Box<dyn EngineClient>,
        clock: Arc<dyn Clock>,
        paths: Paths,
        banner: Option<String>,
    ) -> Self {
        theme::apply(ctx);
        let waker_ctx = ctx.clone();
        client.set_waker(Arc::new(move || waker_ctx.request_repaint()));
        let mut errors = Vec::new();
        if let Err(e) = client.send(Command::GetSettings) {
            errors.push(format!("Could not reach the engine: {e}"));
        }
        errors.extend(banner);
        let reload = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (flag, wake) = (Arc::clone(&reload), ctx.clone());
        let watch = crate::platform::watch::DirWatcher::start(&paths.routines(), move || {
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
            wake.request_repaint();
        })
        .map_err(|e| errors.push(format!("Changes to routine files will show after a restart: {e}")))
        .ok();
        Self {
            client,
            clock,
            loaded: crate::platform::files::load_library(&paths),
            builtin_ids: editing::builtin_ids(),
            paths,
            editor: None,
            question: None,
            reload,
            _watch: watch,
            allow_close: false,
            snapshot: None,
            settings: None,
            tab: Tab::Today,
            session: None,
            library: LibraryPanel::default(),
            settings_panel: SettingsPanel::default(),
            errors,
            engine_lost: false,
            autostart: crate::platform::autostart::is_enabled(),
            ctx: Some(ctx.clone()),
        }
    }

    /// The settings the engine reported, if any yet.
    pub fn settings(&self) -> Option<&Settings> {
        self.settings.as_ref()
    }

    /// The latest snapshot, if any yet.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_ref().map(|(s, _)| s)
    }

    /// True while a session is on screen (playing or finished).
    pub fn is_in_session(&self) -> bool {
        self.session.is_some()
    }

    fn send(&mut self, cmd: Command) {
        if let Err(e) = self.client.send(cmd) {
            self.errors.push(format!("Could not reach the engine: {e}"));
        }
    }

    /// Takes in everything the engine sent.
    fn receive(&mut self) {
        for msg in self.client.poll() {
            match msg {
                ServerMessage::Ok { snapshot, settings, .. } => {
                    if let Some(settings) = settings {
                        self.settings_panel.load(&settings);
                        if self.settings.as_ref().is_some_and(|old| *old != *settings) {
                            self.settings_panel.mark_saved();
                        }
                        self.settings = Some(*settings);
                    }
                    self.on_snapshot(*snapshot);
                }
                ServerMessage::Snapshot { snapshot } => self.on_snapshot(*snapshot),
                ServerMessage::Error { message, .. } => self.errors.push(message),
                ServerMessage::Event { event } => self.on_event(event),
            }
        }
    }

    fn on_snapshot(&mut self, snapshot: Snapshot) {
        // A break started elsewhere (the CLI, a notification) before this window was open.
        if self.session.is_none()
            && snapshot.state == State::OnBreak
            && let Some(routine) = snapshot.session.clone()
        {
            self.begin_session(&routine);
        }
        self.snapshot = Some((snapshot, self.clock.now().mono));
    }

    fn on_event(&mut self, event: Event) {
        match event {
            Event::BeginSession { routine, .. } => self.begin_session(&routine),
            Event::Raise => {
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Minimized(false));
                    ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
                }
            }
            Event::Quit => self.engine_lost = true,
        }
    }

    fn begin_session(&mut self, routine: &str) {
        if self.session.as_ref().is_some_and(|s| s.ended.is_none()) {
            return;
        }
        match self.loaded.catalogue.routines.get(routine) {
            Some(r) => {
                self.session = Some(Session {
                    player: SessionPlayer::new(r.clone(), self.clock.now().mono),
                    ended: None,
                    preview: false,
                });
            }
            None => {
                self.errors.push(format!("The routine {routine:?} is not in this window's library; restart Unhunch."));
            }
        }
    }

    /// Carries out a command from a panel.
    fn apply(&mut self, cmd: AppCommand) {
        match cmd {
            AppCommand::Engine(cmd) => self.send(cmd),
            AppCommand::ShowTab(tab) => self.tab = tab,
            AppCommand::AcknowledgeSafety => {
                if let Some(mut settings) = self.settings.clone() {
                    settings.safety_acknowledged = true;
                    self.send(Command::SetSettings { settings: Box::new(settings.clone()) });
                    self.send(Command::GetSettings);
                }
            }
            AppCommand::SaveSettings(settings) => {
                self.send(Command::SetSettings { settings });
                self.send(Command::GetSettings);
            }
            AppCommand::Player(input) => self.drive_player(input),
            AppCommand::SetAutostart(on) => match crate::platform::autostart::set(on) {
                Ok(_) => self.autostart = on,
                Err(e) => self.errors.push(format!("Could not change starting at login: {e}")),
            },
            AppCommand::CloseSession => {
                let preview = self.session.as_ref().is_some_and(|s| s.preview);
                self.session = None;
                self.tab = if preview { Tab::Routines } else { Tab::Today };
            }
            AppCommand::Edit(_)
            | AppCommand::NewRoutine
            | AppCommand::NewExercise
            | AppCommand::Duplicate(_)
            | AppCommand::AskDelete(_)
            | AppCommand::Reveal(_)
            | AppCommand::OpenFile(_)
            | AppCommand::Select(_)
            | AppCommand::ShowProblems
            | AppCommand::Editor(_)
            | AppCommand::Answer(_) => self.apply_editing(cmd),
        }
    }

    fn drive_player(&mut self, input: PlayerInput) {
        let now = self.clock.now().mono;
        let Some(session) = self.session.as_mut().filter(|s| s.ended.is_none()) else { return };
        let mut finished = None;
        for effect in session.player.handle(input, now) {
            if let PlayerEffect::Finished(end) = effect {
                session.ended = Some(end);
                finished = Some(end);
            }
        }
        if let Some(end) = finished
            && !session.preview
        {
            self.send(Command::FinishBreak { completed: end == End::Completed });
        }
    }

    /// When the window must next redraw by itself.
    fn next_repaint(&self) -> Option<Duration> {
        let now = self.clock.now().mono;
        let mut wait: Option<Duration> = self.client.next_deadline().map(|d| d.saturating_duration_since(now));
        let mut consider = |d: Duration| wait = Some(wait.map_or(d, |w| w.min(d)));
        if let Some(session) = self.session.as_ref().filter(|s| s.ended.is_none()) {
            let view = session.player.view(now);
            if !view.paused {
                // Redraw when the shown second changes.
                let sub = view.remaining.subsec_nanos();
                consider(if sub == 0 { Duration::from_secs(1) } else { Duration::from_nanos(u64::from(sub)) });
            }
        } else if let Some((s, at)) = &self.snapshot
            && s.state == State::Working
            && self.tab == Tab::Today
        {
            // The dashboard shows minutes: redraw when the minute changes.
            let sitting = s.sitting_secs + now.saturating_duration_since(*at).as_secs();
            consider(Duration::from_secs(60 - sitting % 60));
        }
        wait
    }

    fn banners_ui(&mut self, ui: &mut egui::Ui) {
        let mut dismiss = None;
        let engine_banners = self.snapshot.as_ref().map(|(s, _)| s.banners.clone()).unwrap_or_default();
        if self.engine_lost {
            theme::callout(theme::DANGER_SOFT).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(labels::ENGINE_LOST).strong());
                ui.label("Reminders have stopped. Close this window and run `unhunch` again to restart them.");
            });
            ui.add_space(6.0);
        }
        for (i, text) in self.errors.iter().enumerate() {
            theme::callout(theme::WARN_SOFT).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.label(text);
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui.small_button("Dismiss").clicked() {
                            dismiss = Some(i);
                        }
                    });
                });
            });
            ui.add_space(6.0);
        }
        for text in engine_banners {
            theme::callout(theme::WARN_SOFT).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(text);
            });
            ui.add_space(6.0);
        }
        if let Some(i) = dismiss {
            self.errors.remove(i);
        }
    }

    fn tabs_ui(&self, ui: &mut egui::Ui) -> Option<AppCommand> {
        let mut cmd = None;
        ui.horizontal(|ui| {
            ui.label(RichText::new(labels::APP_TITLE).size(20.0).strong().color(theme::ACCENT));
            ui.add_space(16.0);
            let errors = self.loaded.error_count();
            let routines = if errors > 0 {
                format!("{} · {errors} problem{}", labels::TAB_ROUTINES, if errors == 1 { "" } else { "s" })
            } else {
                labels::TAB_ROUTINES.to_owned()
            };
            for (tab, label) in [
                (Tab::Today, labels::TAB_TODAY.to_owned()),
                (Tab::Routines, routines),
                (Tab::Settings, labels::TAB_SETTINGS.to_owned()),
            ] {
                if ui.selectable_label(self.tab == tab, label).clicked() {
                    cmd = Some(AppCommand::ShowTab(tab));
                }
            }
        });
        cmd
    }

    fn main_ui(&mut self, ui: &mut egui::Ui) -> Option<AppCommand> {
        let now = self.clock.now();
        if let Some(session) = &self.session {
            return match session.ended {
                None => player::keyboard(ui.ctx()).or_else(|| player::player_ui(ui, &session.player, now.mono)),
                Some(end) => {
                    let back = if session.preview { labels::BACK_TO_EDITOR } else { labels::BACK_TO_TODAY };
                    player::finished_ui(ui, &session.player, end, back)
                }
            };
        }
        match self.tab {
            Tab::Today => {
                let Some((snapshot, at)) = &self.snapshot else {
                    ui.label("Connecting to the reminder engine…");
                    return None;
                };
                let now_unix = now.wall.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
                let tomorrow = self.clock.day_start(now.wall + Duration::from_secs(86_400));
                let view = DashboardView {
                    snapshot,
                    elapsed: now.mono.saturating_duration_since(*at),
                    settings: self.settings.as_ref(),
                    catalogue: &self.loaded.catalogue,
                    now_unix,
                    tomorrow_unix: tomorrow.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()),
                    clock: &*self.clock,
                };
                dashboard_ui(ui, &view)
            }
            Tab::Routines => {
                let view = LibraryView {
                    catalogue: &self.loaded.catalogue,
                    diagnostics: &self.loaded.diagnostics,
                    builtin_ids: &self.builtin_ids,
                    can_start: true,
                };
                let listed = self.library.ui(ui, &view, self.editor.is_some());
                let edited = self.editor.as_mut().and_then(|editor| {
                    egui::CentralPanel::no_frame()
                        .show(ui, |ui| editor.ui(ui, &self.loaded.catalogue))
                        .inner
                        .map(AppCommand::Editor)
                });
                listed.or(edited)
            }
            Tab::Settings => {
                if let Some(current) = &self.settings {
                    let backend = self.snapshot.as_ref().map_or("", |(s, _)| s.idle_backend.as_str());
                    self.settings_panel.ui(ui, current, &self.loaded.catalogue, self.autostart, backend)
                } else {
                    ui.label("Loading settings…");
                    None
                }
            }
        }
    }
}

impl eframe::App for UnhunchApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.receive();
        if self.reload.swap(false, std::sync::atomic::Ordering::SeqCst) {
            self.reload_library();
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.editor_is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.question = Some(editing::Question::Quit);
        }
        let now = self.clock.now().mono;
        if self
            .session
            .as_ref()
            .is_some_and(|s| s.ended.is_none() && s.player.next_deadline().is_some_and(|d| d <= now))
        {
            self.drive_player(PlayerInput::Tick);
        }
        if let Some(wait) = self.next_repaint() {
            ctx.request_repaint_after(wait);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let mut cmd = None;
        egui::Panel::top("tabs").show(ui, |ui| {
            ui.add_space(6.0);
            let acknowledged = self.settings.as_ref().is_some_and(|s| s.safety_acknowledged);
            if self.session.is_none() && acknowledged {
                cmd = self.tabs_ui(ui);
            } else {
                ui.label(RichText::new(labels::APP_TITLE).size(20.0).strong().color(theme::ACCENT));
            }
            ui.add_space(4.0);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            self.banners_ui(ui);
            let acknowledged = self.settings.as_ref().map(|s| s.safety_acknowledged);
            let panel_cmd = match acknowledged {
                None => {
                    ui.label("Connecting to the reminder engine…");
                    None
                }
                Some(false) => safety::notice_ui(ui),
                Some(true) => self.main_ui(ui),
            };
            cmd = cmd.take().or(panel_cmd);
        });
        if self.sync_new_id() {
            ui.ctx().request_repaint();
        }
        if let Some(answer) = self.question_ui(ui.ctx()) {
            cmd = Some(AppCommand::Answer(answer));
        }
        if let Some(cmd) = cmd {
            self.apply(cmd);
            ui.ctx().request_repaint();
        }
    }
}
