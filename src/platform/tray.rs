//! The tray icon (a `StatusNotifierItem` over D-Bus, via `ksni`): the time to the next break in its
//! tooltip, an icon and status that change when a break is due (`NeedsAttention`, amber) or
//! reminders are paused (grey, with pause bars), and a menu to start, snooze or skip the due
//! break, start a stretch, pause, resume, open the window or quit. Menu choices become
//! [`TrayCommand`]s sent to the engine's loop; the tray never changes state itself.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use ksni::blocking::TrayMethods as _;
use ksni::menu::{StandardItem, SubMenu};
use ksni::{MenuItem, Status, ToolTip, Tray};

use crate::core::pause::PausePreset;
use crate::core::ports::Clock as _;
use crate::core::units::{clock, human};
use crate::platform::clock::SystemClock;
use crate::protocol::{Snapshot, State};

/// What a tray menu choice asks of the engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrayCommand {
    /// Start a break now with this routine (or the due break's, or the rotation's next).
    Start(Option<String>),
    /// Snooze the due break.
    Snooze,
    /// Skip the due break.
    Skip,
    /// Pause, counted from when the engine gets this.
    Pause(PausePreset),
    Resume,
    /// Open (or raise) the window.
    Open,
    Quit,
}

/// A routine offered in the "Start a stretch now" menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrayRoutine {
    pub id: String,
    pub name: String,
    pub length: Duration,
}

/// The tray item.
pub struct UnhunchTray {
    snapshot: Option<(Snapshot, Instant)>,
    routines: Vec<TrayRoutine>,
    icon_dir: String,
    send: mpsc::Sender<TrayCommand>,
}

impl std::fmt::Debug for UnhunchTray {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnhunchTray").finish_non_exhaustive()
    }
}

/// A running tray item; drop-safe (the service ends with the process).
pub type TrayHandle = ksni::blocking::Handle<UnhunchTray>;

/// Starts the tray service. Without a tray host it stays registered on the bus, and a host that
/// appears later shows it; failing outright is reported, and the window and CLI still do everything.
pub fn spawn(
    routines: Vec<TrayRoutine>,
    icon_dir: String,
    send: mpsc::Sender<TrayCommand>,
) -> Result<TrayHandle, super::ServiceError> {
    let tray = UnhunchTray { snapshot: None, routines, icon_dir, send };
    tray.assume_sni_available(true).spawn().map_err(|e| super::ServiceError::failed("the tray service", e))
}

/// Shows a new snapshot, and the routines the menu offers, in the tray.
pub fn update(handle: &TrayHandle, snapshot: &Snapshot, routines: &[TrayRoutine]) {
    let received = SystemClock.now().mono;
    let snapshot = snapshot.clone();
    let routines = routines.to_vec();
    handle.update(move |t| {
        t.snapshot = Some((snapshot, received));
        t.routines = routines;
    });
}

/// The icon names the tray uses (files in the icon theme folder the engine writes).
pub const ICON: &str = "unhunch";
pub const ICON_DUE: &str = "unhunch-due";
pub const ICON_PAUSED: &str = "unhunch-paused";

impl UnhunchTray {
    fn send(&self, cmd: TrayCommand) {
        let _ = self.send.send(cmd);
    }

    /// The one-line state for the tooltip: "Sitting 42 min · posture reset in 18 min".
    pub fn summary(&self) -> (String, String) {
        let Some((s, at)) = &self.snapshot else { return ("Unhunch".to_owned(), "Starting…".to_owned()) };
        let now = SystemClock.now();
        let running = if s.counting { now.mono.saturating_duration_since(*at) } else { Duration::ZERO };
        let minutes = (Duration::from_secs(s.sitting_secs) + running).as_secs() / 60;
        let headline = s.headline(&SystemClock, now.wall);
        let text = match s.state {
            // Reminders on: the countdowns say more than the headline.
            State::Working if !s.off_hours && s.blocked.is_none() => {
                let next: Vec<String> = s
                    .next
                    .iter()
                    .filter(|n| n.enabled)
                    .map(|n| {
                        let left = Duration::from_secs(n.in_secs).saturating_sub(running);
                        format!(
                            "{} in {}",
                            n.kind.noun(),
                            human(Duration::from_secs(left.as_secs().div_ceil(60).max(1) * 60))
                        )
                    })
                    .collect();
                if next.is_empty() { headline } else { next.join(" · ") }
            }
            _ => headline,
        };
        // Hosts that show only the title (lxqt-panel) still see the state.
        let title = match s.state {
            State::Due | State::Paused | State::Snoozed | State::OnBreak => format!("Unhunch — {text}"),
            State::Working | State::Away if minutes > 0 => format!("Unhunch — sitting {minutes} min"),
            State::Working | State::Away => "Unhunch".to_owned(),
        };
        (title, text)
    }

    fn state(&self) -> Option<State> {
        self.snapshot.as_ref().map(|(s, _)| s.state)
    }

    fn paused(&self) -> bool {
        self.snapshot.as_ref().is_some_and(|(s, _)| s.paused)
    }
}

fn item(label: impl Into<String>, activate: impl Fn(&mut UnhunchTray) + Send + 'static) -> MenuItem<UnhunchTray> {
    StandardItem { label: label.into(), activate: Box::new(activate), ..Default::default() }.into()
}

impl Tray for UnhunchTray {
    fn id(&self) -> String {
        "unhunch".to_owned()
    }

    fn title(&self) -> String {
        self.summary().0
    }

    fn icon_name(&self) -> String {
        match self.state() {
            Some(State::Due) => ICON_DUE,
            Some(State::Paused) => ICON_PAUSED,
            Some(State::Working | State::Snoozed | State::OnBreak | State::Away) | None => ICON,
        }
        .to_owned()
    }

    fn status(&self) -> Status {
        if self.state() == Some(State::Due) { Status::NeedsAttention } else { Status::Active }
    }

    fn attention_icon_name(&self) -> String {
        ICON_DUE.to_owned()
    }

    fn icon_theme_path(&self) -> String {
        self.icon_dir.clone()
    }

    fn tool_tip(&self) -> ToolTip {
        let (title, description) = self.summary();
        ToolTip { icon_name: self.icon_name(), icon_pixmap: Vec::new(), title, description }
    }

    fn activate(&mut self, _x: i32, _y: i32) {
        self.send(TrayCommand::Open);
    }

    fn menu(&self) -> Vec<MenuItem<Self>> {
        let mut start: Vec<MenuItem<Self>> = vec![item("Next in turn", |t| t.send(TrayCommand::Start(None)))];
        for r in &self.routines {
            let id = r.id.clone();
            start.push(item(format!("{} ({})", r.name, clock(r.length)), move |t| {
                t.send(TrayCommand::Start(Some(id.clone())));
            }));
        }
        let pause: Vec<MenuItem<Self>> = PausePreset::ALL
            .into_iter()
            .map(|preset| item(preset.label(), move |t| t.send(TrayCommand::Pause(preset))))
            .collect();
        let mut menu = Vec::new();
        if let Some((s, _)) = self.snapshot.as_ref().filter(|(s, _)| matches!(s.state, State::Due | State::Snoozed)) {
            let kind = s.break_kind.map_or("break", |k| k.noun());
            let routine = s
                .break_kind
                .and_then(|k| s.next.iter().find(|n| n.kind == k))
                .and_then(|n| n.routine_name.as_ref().map(|name| format!(" ({name})")))
                .unwrap_or_default();
            menu.push(item(format!("Start the {kind} now{routine}"), |t| t.send(TrayCommand::Start(None))));
            let snooze = if s.snoozes_left == 0 { "Snooze (none left)".to_owned() } else { "Snooze".to_owned() };
            menu.push(
                StandardItem {
                    label: snooze,
                    enabled: s.snoozes_left > 0,
                    activate: Box::new(|t: &mut Self| t.send(TrayCommand::Snooze)),
                    ..Default::default()
                }
                .into(),
            );
            menu.push(item(format!("Skip this {kind}"), |t| t.send(TrayCommand::Skip)));
            menu.push(MenuItem::Separator);
        }
        menu.extend([
            SubMenu { label: "Start a stretch now".to_owned(), submenu: start, ..Default::default() }.into(),
            SubMenu { label: "Pause".to_owned(), submenu: pause, enabled: !self.paused(), ..Default::default() }.into(),
            StandardItem {
                label: "Resume".to_owned(),
                enabled: self.paused(),
                activate: Box::new(|t: &mut Self| t.send(TrayCommand::Resume)),
                ..Default::default()
            }
            .into(),
            MenuItem::Separator,
            item("Open Unhunch", |t| t.send(TrayCommand::Open)),
            item("Quit", |t| t.send(TrayCommand::Quit)),
        ]);
        menu
    }
}
