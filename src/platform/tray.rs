//! The tray icon (a `StatusNotifierItem` over D-Bus, via `ksni`): the time to the next break in its
//! tooltip, and a menu to start a stretch, pause, resume, open the window or quit. Menu choices
//! become [`TrayCommand`]s sent to the engine's loop; the tray never changes state itself.

use std::sync::mpsc;
use std::time::{Duration, Instant, UNIX_EPOCH};

use ksni::blocking::TrayMethods as _;
use ksni::menu::{StandardItem, SubMenu};
use ksni::{MenuItem, ToolTip, Tray};

use crate::core::ports::Clock as _;
use crate::core::timer::BreakKind;
use crate::core::units::{clock, human};
use crate::platform::clock::SystemClock;
use crate::protocol::{Snapshot, State};

/// What a tray menu choice asks of the engine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrayCommand {
    /// Start a break now with this routine (or the rotation's next).
    Start(Option<String>),
    /// Pause until a Unix time, or until resumed.
    Pause(Option<u64>),
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
) -> Result<TrayHandle, String> {
    let tray = UnhunchTray { snapshot: None, routines, icon_dir, send };
    tray.assume_sni_available(true).spawn().map_err(|e| e.to_string())
}

/// Shows a new snapshot in the tray.
pub fn update(handle: &TrayHandle, snapshot: &Snapshot) {
    let received = SystemClock.now().mono;
    let snapshot = snapshot.clone();
    handle.update(move |t| t.snapshot = Some((snapshot, received)));
}

impl UnhunchTray {
    fn send(&self, cmd: TrayCommand) {
        let _ = self.send.send(cmd);
    }

    /// The one-line state for the tooltip: "Sitting 42 min · posture reset in 18 min".
    pub fn summary(&self) -> (String, String) {
        let Some((s, at)) = &self.snapshot else { return ("Unhunch".to_owned(), "Starting…".to_owned()) };
        let running = if s.state == State::Working {
            SystemClock.now().mono.saturating_duration_since(*at)
        } else {
            Duration::ZERO
        };
        let minutes = (Duration::from_secs(s.sitting_secs) + running).as_secs() / 60;
        let title = if minutes == 0 { "Unhunch".to_owned() } else { format!("Unhunch — sitting {minutes} min") };
        let local = |t: u64| SystemClock.local_hhmm(t);
        let text = match s.state {
            State::Paused => s
                .paused_until
                .map_or_else(|| "Paused until you resume".to_owned(), |t| format!("Paused until {}", local(t))),
            State::Away => "Away — time away counts as a break".to_owned(),
            State::OnBreak => "On a break".to_owned(),
            State::Due => format!("A {} is due", s.break_kind.map_or("break", kind_name)),
            State::Snoozed => format!("Snoozed until {}", s.snoozed_until.map(local).unwrap_or_default()),
            State::Working => s
                .next
                .iter()
                .filter(|n| n.enabled)
                .map(|n| {
                    let left = Duration::from_secs(n.in_secs).saturating_sub(running);
                    format!(
                        "{} in {}",
                        kind_name(n.kind),
                        human(Duration::from_secs(left.as_secs().div_ceil(60).max(1) * 60))
                    )
                })
                .collect::<Vec<_>>()
                .join(" · "),
        };
        (title, text)
    }

    fn paused(&self) -> bool {
        self.snapshot.as_ref().is_some_and(|(s, _)| s.paused)
    }
}

fn kind_name(kind: BreakKind) -> &'static str {
    match kind {
        BreakKind::Micro => "posture reset",
        BreakKind::Long => "stretch break",
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
        "unhunch".to_owned()
    }

    fn icon_theme_path(&self) -> String {
        self.icon_dir.clone()
    }

    fn tool_tip(&self) -> ToolTip {
        let (title, description) = self.summary();
        ToolTip { icon_name: "unhunch".to_owned(), icon_pixmap: Vec::new(), title, description }
    }

    fn activate(&mut self, _x: i32, _y: i32) {
        self.send(TrayCommand::Open);
    }

    fn menu(&self) -> Vec<MenuItem<Self>> {
        let now = SystemClock.now().wall;
        let unix = |t: std::time::SystemTime| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let now_unix = unix(now);
        let tomorrow = unix(SystemClock.day_start(now + Duration::from_secs(86_400)));
        let mut start: Vec<MenuItem<Self>> = vec![item("Next in turn", |t| t.send(TrayCommand::Start(None)))];
        for r in &self.routines {
            let id = r.id.clone();
            start.push(item(format!("{} ({})", r.name, clock(r.length)), move |t| {
                t.send(TrayCommand::Start(Some(id.clone())));
            }));
        }
        let pauses = [
            ("For 30 minutes", Some(now_unix + 30 * 60)),
            ("For 1 hour", Some(now_unix + 3600)),
            ("For 2 hours", Some(now_unix + 2 * 3600)),
            ("Until tomorrow", Some(tomorrow)),
            ("Until I resume", None),
        ];
        let pause: Vec<MenuItem<Self>> =
            pauses.into_iter().map(|(label, until)| item(label, move |t| t.send(TrayCommand::Pause(until)))).collect();
        vec![
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
        ]
    }
}
