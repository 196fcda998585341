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
    /// No tray host shows the item (`false`: none is there, e.g. GNOME without the `AppIndicator`
    /// extension), or one does again (`true`). For the log.
    Host(bool),
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
    /// Each picture (indexed like [`PICTURES`]) as ARGB32 pixmaps, for hosts that don't look
    /// icons up by name.
    pixmaps: Vec<Vec<ksni::Icon>>,
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
    let pixmaps = PICTURES.iter().map(|p| p.pngs.iter().filter_map(|(_, png)| argb(png)).collect()).collect();
    let tray = UnhunchTray { snapshot: None, routines, icon_dir, pixmaps, send };
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

/// One tray picture: its name in the icon theme, its SVG, and PNGs at the sizes panels draw.
#[derive(Debug)]
struct Picture {
    name: &'static str,
    svg: &'static [u8],
    pngs: [(u32, &'static [u8]); 3],
}

/// Reminders on, a break due, reminders paused.
const PICTURES: [Picture; 3] = [
    Picture {
        name: ICON,
        svg: include_bytes!("../../assets/unhunch.svg"),
        pngs: [
            (16, include_bytes!("../../assets/icons/16x16/unhunch.png")),
            (32, include_bytes!("../../assets/icons/32x32/unhunch.png")),
            (48, include_bytes!("../../assets/icons/48x48/unhunch.png")),
        ],
    },
    Picture {
        name: ICON_DUE,
        svg: include_bytes!("../../assets/unhunch-due.svg"),
        pngs: [
            (16, include_bytes!("../../assets/icons/16x16/unhunch-due.png")),
            (32, include_bytes!("../../assets/icons/32x32/unhunch-due.png")),
            (48, include_bytes!("../../assets/icons/48x48/unhunch-due.png")),
        ],
    },
    Picture {
        name: ICON_PAUSED,
        svg: include_bytes!("../../assets/unhunch-paused.svg"),
        pngs: [
            (16, include_bytes!("../../assets/icons/16x16/unhunch-paused.png")),
            (32, include_bytes!("../../assets/icons/32x32/unhunch-paused.png")),
            (48, include_bytes!("../../assets/icons/48x48/unhunch-paused.png")),
        ],
    },
];

/// The `index.theme` of the icon folder: hosts that look icons up by name through a toolkit's
/// icon theme (waybar, GTK panels) need it to know the folders.
const INDEX_THEME: &str = "[Icon Theme]\nName=Hicolor\nComment=Unhunch's tray icons\n\
    Directories=scalable/apps,16x16/apps,32x32/apps,48x48/apps\n\n\
    [scalable/apps]\nSize=48\nMinSize=8\nMaxSize=512\nType=Scalable\nContext=Applications\n\n\
    [16x16/apps]\nSize=16\nType=Fixed\nContext=Applications\n\n\
    [32x32/apps]\nSize=32\nType=Fixed\nContext=Applications\n\n\
    [48x48/apps]\nSize=48\nType=Fixed\nContext=Applications\n";

/// Writes the icon folder the tray points hosts to (`IconThemePath`): a `hicolor` theme with its
/// index, each picture as SVG and PNGs, and the 48-pixel PNG unthemed at the top (where some
/// hosts look). Returns what could not be written.
pub fn write_icon_theme(dir: &std::path::Path) -> Vec<String> {
    let mut files: Vec<(std::path::PathBuf, &[u8])> = vec![(dir.join("hicolor/index.theme"), INDEX_THEME.as_bytes())];
    for p in &PICTURES {
        files.push((dir.join(format!("hicolor/scalable/apps/{}.svg", p.name)), p.svg));
        for (size, png) in p.pngs {
            files.push((dir.join(format!("hicolor/{size}x{size}/apps/{}.png", p.name)), png));
        }
        files.push((dir.join(format!("{}.png", p.name)), p.pngs[2].1));
    }
    files
        .into_iter()
        .filter_map(|(path, bytes)| {
            super::files::ensure_file(&path, bytes).err().map(|e| format!("{}: {e}", path.display()))
        })
        .collect()
}

/// A PNG as the ARGB32 pixmap of the tray protocol (network byte order), or `None` when it is not
/// an RGBA picture.
fn argb(png: &[u8]) -> Option<ksni::Icon> {
    let (width, height, rgba) = super::window::rgba(png)?;
    let data = rgba.chunks_exact(4).flat_map(|p| [p[3], p[0], p[1], p[2]]).collect();
    Some(ksni::Icon { width: i32::try_from(width).ok()?, height: i32::try_from(height).ok()?, data })
}

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
        // Reminders on: the countdowns say more than the headline.
        let next: Vec<String> = if s.state == State::Working && !s.off_hours && s.blocked.is_none() {
            s.next
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
                .collect()
        } else {
            Vec::new()
        };
        let text = if next.is_empty() { headline } else { next.join(" · ") };
        // Hosts that show only the title (lxqt-panel) still see the state and the next break.
        let sitting = (minutes > 0).then(|| format!("sitting {minutes} min"));
        let title = match s.state {
            State::Due | State::Paused | State::Snoozed | State::OnBreak => format!("Unhunch — {text}"),
            State::Working | State::Away => {
                let parts: Vec<String> = sitting.into_iter().chain(next.first().cloned()).collect();
                if parts.is_empty() { "Unhunch".to_owned() } else { format!("Unhunch — {}", parts.join(" · ")) }
            }
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

/// A menu entry that is greyed out unless `enabled`.
fn item_if(
    enabled: bool,
    label: impl Into<String>,
    activate: impl Fn(&mut UnhunchTray) + Send + 'static,
) -> MenuItem<UnhunchTray> {
    StandardItem { label: label.into(), enabled, activate: Box::new(activate), ..Default::default() }.into()
}

impl Tray for UnhunchTray {
    fn id(&self) -> String {
        "unhunch".to_owned()
    }

    fn watcher_online(&self) {
        self.send(TrayCommand::Host(true));
    }

    /// Keeps the item registered (a host may come later) and says so once.
    fn watcher_offline(&self, reason: ksni::OfflineReason) -> bool {
        let _ = reason;
        self.send(TrayCommand::Host(false));
        true
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

    fn icon_pixmap(&self) -> Vec<ksni::Icon> {
        let name = self.icon_name();
        PICTURES.iter().position(|p| p.name == name).and_then(|i| self.pixmaps.get(i)).cloned().unwrap_or_default()
    }

    fn attention_icon_pixmap(&self) -> Vec<ksni::Icon> {
        self.pixmaps.get(1).cloned().unwrap_or_default()
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
            menu.push(item_if(s.snoozes_left > 0, snooze, |t| t.send(TrayCommand::Snooze)));
            let skips_out = s.skips_left == Some(0);
            let skip =
                if skips_out { format!("Skip this {kind} (no skips left today)") } else { format!("Skip this {kind}") };
            menu.push(item_if(!skips_out, skip, |t| t.send(TrayCommand::Skip)));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_picture_decodes_to_opaque_pixmaps_at_the_three_sizes() {
        for picture in &PICTURES {
            let icons: Vec<ksni::Icon> = picture.pngs.iter().filter_map(|(_, png)| argb(png)).collect();
            assert_eq!(icons.len(), 3, "{}: every PNG decodes", picture.name);
            for (icon, (size, _)) in icons.iter().zip(picture.pngs) {
                let side = i32::try_from(size).unwrap_or_default();
                assert_eq!((icon.width, icon.height), (side, side), "{}", picture.name);
                assert_eq!(icon.data.len(), usize::try_from(size * size * 4).unwrap_or_default());
                assert!(icon.data.chunks(4).any(|px| px[0] == 255), "{} {size}: has opaque pixels", picture.name);
                assert!(icon.data.chunks(4).any(|px| px[0] == 0), "{} {size}: and a transparent ground", picture.name);
            }
        }
    }
}
