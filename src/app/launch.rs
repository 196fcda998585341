//! Opening the window: connect to the engine (starting it if needed), make sure only one window is
//! open, load the routines, and run eframe.

use std::sync::Arc;

use super::UnhunchApp;
use super::client::{EngineClient, LocalClient, SocketClient};
use crate::core::ports::Clock as _;
use crate::engine::{Engine, Ports};
use crate::platform::clock::SystemClock;
use crate::platform::fake::RecordingNotifier;
use crate::platform::files::{self, FileStore, Paths};
use crate::platform::ipc;
use crate::protocol::{Command, ErrorCode, ServerMessage};

/// A line for the window's log (its standard error, which the launcher points at the engine's
/// log when the engine opened the window).
fn window_log(line: &str) {
    crate::engine::log(line);
}

/// How the window was asked to open.
#[derive(Clone, Debug, Default)]
pub struct LaunchOptions {
    /// A message to show at the top (the engine opened the window to say it).
    pub banner: Option<String>,
    /// Run an engine inside the window instead of connecting to the daemon (for debugging; no
    /// reminders once the window closes).
    pub standalone: bool,
    /// Connect to a running engine only; never start one.
    pub no_engine_start: bool,
}

/// What came of trying to open the window.
#[derive(Debug)]
pub enum Launched {
    /// The window ran and was closed.
    Closed,
    /// Another window was already open; it was raised instead.
    RaisedExisting,
}

/// Why the window could not open.
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error(
        "the window could not open: there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set); \
         reminders still work without it: `unhunch daemon`, `unhunch status`"
    )]
    NoDisplay,
    #[error(transparent)]
    Files(#[from] files::FileError),
    #[error(transparent)]
    Engine(#[from] ipc::IpcError),
    /// The engine answered the window's subscription with an error.
    #[error("the engine refused the window: {0}")]
    Refused(String),
    /// Another window took the engine first (only when reconnecting).
    #[error("another window is open")]
    WindowOpen,
    #[error("could not read from the engine: {0}")]
    Reader(#[from] std::io::Error),
    #[error("the window could not open: {0} (is there a display? DISPLAY / WAYLAND_DISPLAY)")]
    Window(String),
}

/// Connects to the engine as the window (starting the engine unless `no_engine_start`); `None`
/// when another window is already open (it was asked to come to the front).
fn connect_window(no_engine_start: bool) -> Result<Option<Box<dyn EngineClient>>, LaunchError> {
    let paths = Paths::from_env()?;
    let socket = ipc::socket_path()?;
    let connection = if no_engine_start {
        ipc::Connection::connect(&socket)
    } else {
        crate::platform::spawn::ensure_running(&socket, &paths.engine_log())
    }?;
    subscribe(connection)
}

/// Subscribes `connection` as the window; `None` when another window is already open (the engine
/// asked it to come to the front).
fn subscribe(mut connection: ipc::Connection) -> Result<Option<Box<dyn EngineClient>>, LaunchError> {
    connection.set_timeout(Some(std::time::Duration::from_secs(5)))?;
    match connection.request(Command::Subscribe { window: true })? {
        ServerMessage::Error { code: ErrorCode::WindowOpen, .. } => return Ok(None),
        ServerMessage::Error { message, .. } => return Err(LaunchError::Refused(message)),
        ServerMessage::Ok { .. } | ServerMessage::Snapshot { .. } | ServerMessage::Event { .. } => {}
    }
    connection.set_timeout(None)?;
    Ok(Some(Box::new(SocketClient::new(connection)?)))
}

/// The engine as the window finds it before opening.
enum Found {
    /// Connected (or running inside the window).
    Ready(Box<dyn EngineClient>),
    /// Just started: the window opens meanwhile (its first frame does not need the engine), and
    /// connects once the engine listens.
    Starting(std::path::PathBuf),
}

/// Connects to the engine, or starts it without waiting; `None` when another window is already
/// open (it was asked to come to the front).
fn find_engine(options: &LaunchOptions, paths: &Paths) -> Result<Option<Found>, LaunchError> {
    if options.standalone {
        let settings = files::load_settings(&paths.settings());
        let history = files::read_history(&paths.history()).map(|(h, _)| h).unwrap_or_default();
        let ports = Ports {
            store: Box::new(FileStore { paths: paths.clone() }),
            notifier: Box::new(RecordingNotifier::default()),
            clock: Box::new(SystemClock),
        };
        let catalogue = files::load_library(paths).catalogue;
        let engine =
            Engine::new(settings.settings, catalogue, history, None, settings.warnings, ports, SystemClock.now());
        return Ok(Some(Found::Ready(Box::new(LocalClient::new(engine)))));
    }
    let socket = ipc::socket_path()?;
    match ipc::Connection::connect(&socket) {
        Ok(connection) => Ok(subscribe(connection)?.map(Found::Ready)),
        Err(e) if options.no_engine_start => Err(e.into()),
        Err(_) => {
            crate::platform::spawn::start_engine(&socket, &paths.engine_log())?;
            Ok(Some(Found::Starting(socket)))
        }
    }
}

/// Opens the window and runs until it is closed.
pub fn launch(options: LaunchOptions) -> Result<Launched, LaunchError> {
    // No display, no window: say so before starting anything.
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()));
    if !has_display {
        return Err(LaunchError::NoDisplay);
    }
    let paths = Paths::from_env()?;
    // Read on the other core while the window opens (about 10 ms, which the first frame would
    // otherwise wait for).
    let library = {
        let paths = paths.clone();
        std::thread::Builder::new().name("load-routines".to_owned()).spawn(move || files::load_library(&paths))
    };
    let Some(engine) = find_engine(&options, &paths)? else { return Ok(Launched::RaisedExisting) };
    let mut viewport = egui::ViewportBuilder::default();
    if let Some(icon) = crate::platform::window::icon() {
        viewport = viewport.with_icon(Arc::new(icon));
    }
    let native = eframe::NativeOptions {
        viewport: viewport
            .with_title("Unhunch")
            .with_app_id("unhunch")
            .with_inner_size([960.0, 720.0])
            .with_min_inner_size([640.0, 480.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    let banner = options.banner;
    let standalone = options.standalone;
    eframe::run_native(
        "Unhunch",
        native,
        Box::new(move |cc| {
            name_x11_window(cc);
            let client = match engine {
                Found::Ready(client) => client,
                // Another window took the engine while this one was opening: that one is raised.
                Found::Starting(socket) => crate::platform::spawn::wait_for_engine(&socket)
                    .map_err(LaunchError::from)
                    .and_then(subscribe)?
                    .ok_or(LaunchError::WindowOpen)?,
            };
            let library = library.ok().and_then(|t| t.join().ok()).unwrap_or_else(|| files::load_library(&paths));
            let mut app = UnhunchApp::with_library(&cc.egui_ctx, client, Arc::new(SystemClock), paths, library, banner);
            app.set_guide(Box::new(crate::platform::sound::DesktopGuide::start(window_log)));
            let wake = cc.egui_ctx.clone();
            app.set_appearance(crate::platform::appearance::Appearance::watch(None, move || wake.request_repaint()));
            // "Start reminders again" after a quit or crash: start the engine, connect as the window.
            let app = if standalone {
                app
            } else {
                app.with_reconnect(Box::new(|| connect_window(false)?.ok_or(LaunchError::WindowOpen)))
            };
            Ok(Box::new(app))
        }),
    )
    .map_or_else(
        |e| match e {
            eframe::Error::AppCreation(e) => match e.downcast::<LaunchError>().map(|e| *e) {
                Ok(LaunchError::WindowOpen) => Ok(Launched::RaisedExisting),
                Ok(e) => Err(e),
                Err(e) => Err(LaunchError::Window(e.to_string())),
            },
            e => Err(LaunchError::Window(e.to_string())),
        },
        |()| Ok(Launched::Closed),
    )
}

/// Gives the window its `WM_CLASS` on X11 (eframe leaves the instance empty).
fn name_x11_window(cc: &eframe::CreationContext<'_>) {
    use raw_window_handle::{HasWindowHandle as _, RawWindowHandle};
    let window = match cc.window_handle().map(|h| h.as_raw()) {
        Ok(RawWindowHandle::Xlib(h)) => u32::try_from(h.window).ok(),
        Ok(RawWindowHandle::Xcb(h)) => Some(h.window.get()),
        Ok(_) | Err(_) => None,
    };
    if let Some(window) = window {
        crate::platform::window::keep_class(window, window_log);
    }
}
