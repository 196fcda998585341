//! The engine process (`unhunch daemon`): no window, no GPU. One loop thread owns the [`Engine`]
//! and sleeps until its next deadline or the next input; small threads accept connections, read
//! each client's lines, write to each client, and send notifications. Nothing a client or the
//! notification server does can block the loop: a client that reads too slowly is disconnected.

use std::collections::BTreeMap;
use std::io::{BufReader, Write as _};
use std::os::unix::fs::PermissionsExt as _;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender, TrySendError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, UNIX_EPOCH};
use std::{fs, io};

use thiserror::Error;

use super::{Engine, Outgoing, Ports};
use crate::core::ports::Clock as _;
use crate::core::units::plural;
use crate::platform::clock::SystemClock;
use crate::platform::files::{self, FileStore, Paths};
use crate::platform::ipc::{self, Line, read_line};
use crate::platform::logind::{self, SessionEvent};
use crate::platform::notify::{DbusNotifier, NotifierEvent};
use crate::platform::spawn::spawn_self;
use crate::platform::tray::{self, TrayCommand, TrayRoutine};
use crate::protocol::{self, Command, ErrorCode, Event, MAX_LINE, ServerMessage};

/// Why the engine could not start.
#[derive(Debug, Error)]
pub enum DaemonError {
    #[error("Unhunch's engine is already running (lock held in {0})")]
    AlreadyRunning(PathBuf),
    #[error(transparent)]
    Files(#[from] files::FileError),
    #[error(transparent)]
    Ipc(#[from] ipc::IpcError),
    #[error("could not set up the control socket at {path}: {source}")]
    Socket { path: PathBuf, source: io::Error },
}

/// Lines queued for one client before it counts as too slow and is dropped.
const CLIENT_QUEUE: usize = 256;
/// How long one write to a client may block its writer thread.
const WRITE_TIMEOUT: Duration = Duration::from_secs(2);
/// How much history to keep in memory (for "today" and the routine rotation).
const HISTORY_DAYS: u64 = 14;

type ClientId = u64;

enum Input {
    Connected {
        id: ClientId,
        tx: SyncSender<String>,
        stream: UnixStream,
        writer: JoinHandle<()>,
    },
    Line {
        id: ClientId,
        line: Line,
    },
    Gone {
        id: ClientId,
    },
    Notifier(NotifierEvent),
    Tray(TrayCommand),
    Session(SessionEvent),
    /// A file in the routines folder changed.
    RoutinesChanged,
}

#[expect(clippy::struct_excessive_bools, reason = "independent facts about one connection")]
struct Client {
    tx: SyncSender<String>,
    stream: UnixStream,
    writer: JoinHandle<()>,
    subscribed: bool,
    window: bool,
    /// This client (a window) plays the break in progress.
    plays: bool,
    /// Disconnected for not reading; gone once its reader notices.
    dropped: bool,
}

/// A `test-notification` waiting for the desktop to show it: who asked, and until when.
struct PendingTest {
    client: ClientId,
    request: u64,
    until: Instant,
}

/// How long `test-notification` waits for the notification server.
const TEST_TIMEOUT: Duration = Duration::from_secs(5);

/// Writes a line to the engine's log (stderr, which the launcher points at `engine.log`), stamped
/// with the local date and time.
pub fn log(message: &str) {
    let wall = SystemClock.now().wall;
    let stamp = jiff::Timestamp::try_from(wall).map_or_else(
        |_| wall.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()).to_string(),
        |t| t.to_zoned(jiff::tz::TimeZone::system()).strftime("%Y-%m-%d %H:%M:%S").to_string(),
    );
    let _ = writeln!(io::stderr(), "[{stamp}] {message}");
}

/// Runs the engine until it is told to quit.
pub fn run() -> Result<(), DaemonError> {
    let paths = Paths::from_env()?;
    let dir = ipc::runtime_dir()?;
    let socket_err = |source| DaemonError::Socket { path: dir.clone(), source };
    let _lock =
        ipc::lock_instance(&dir).map_err(socket_err)?.ok_or_else(|| DaemonError::AlreadyRunning(dir.clone()))?;
    let socket = dir.join("control.sock");

    let (tx, rx) = mpsc::channel::<Input>();
    let mut engine = build_engine(&paths, &tx);
    let mut idle = IdlePoller::start(&mut engine);
    // The saved counts are taken up once the blockers are known: a break due at start waits for
    // the end of a presentation like any other.
    let _ = idle.check_blockers(&mut engine);
    if let Some(saved) = files::load_timer(&paths.timer()) {
        engine.restore(&saved);
    }
    let to_loop = tx.clone();
    match logind::watch(move |e| drop(to_loop.send(Input::Session(e)))) {
        Ok(what) => log(&format!("screen lock and suspend: {what}")),
        Err(e) => log(&format!("screen lock and suspend: not watched ({e}); a suspend is still noticed by the clock")),
    }
    // Kept alive for the engine's life: routine files saved in an editor are picked up at once.
    let _watch = watch_routines(&paths, &tx);
    let tray = start_tray(&paths, &engine, &tx);
    // Listening comes last: a client that can connect finds the engine fully set up (its routine
    // files watched, its tray up), so nothing it does in its first instant is missed.
    let listener = bind(&socket)?;
    spawn_acceptor(listener, tx).map_err(socket_err)?;
    log(&format!("engine {} listening on {}", env!("CARGO_PKG_VERSION"), socket.display()));
    let mut shown_in_tray = None;
    if let Some(tray) = &tray {
        let first = engine.snapshot();
        tray::update(tray, &first, &tray_routines(&engine));
        shown_in_tray = Some(first);
    }

    let mut clients: BTreeMap<ClientId, Client> = BTreeMap::new();
    let mut tests: Vec<PendingTest> = Vec::new();
    let mut routines_shown = tray_routines(&engine);
    loop {
        let test_due = tests.iter().map(|t| t.until).min();
        let wake = [engine.next_deadline(), idle.deadline(&engine), test_due].into_iter().flatten().min();
        let wait = wake.map(|d| d.saturating_duration_since(engine.now().mono));
        let input = match wait {
            Some(wait) => rx.recv_timeout(wait),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        let outgoing = match input {
            Ok(Input::Connected { id, tx, stream, writer }) => {
                clients.insert(
                    id,
                    Client { tx, stream, writer, subscribed: false, window: false, plays: false, dropped: false },
                );
                continue;
            }
            Ok(Input::Gone { id }) => {
                if clients.remove(&id).is_some_and(|c| c.plays) {
                    log(&format!("the window playing the break (client {id}) went away; the break waits for it"));
                    engine.player_gone();
                }
                Vec::new()
            }
            Ok(Input::Line { id, line }) => on_line(&mut engine, &mut clients, &mut tests, id, line),
            Ok(Input::Notifier(event)) => on_notifier(&mut engine, &mut clients, &mut tests, event),
            Ok(Input::Tray(cmd)) => on_tray(&mut engine, cmd),
            Ok(Input::Session(event)) => on_session(&mut engine, event),
            Ok(Input::RoutinesChanged) => {
                reload_routines(&mut engine, &paths);
                Vec::new()
            }
            Err(RecvTimeoutError::Timeout) => {
                let now = engine.now().mono;
                if tests.iter().any(|t| t.until <= now) {
                    let why = "no notification server answered within 5 seconds";
                    answer_tests(&mut clients, &mut tests, &engine, Some(why));
                }
                // Read the idle time before any deadline, so no reminder goes to an empty chair.
                let mut out = idle.poll(&mut engine);
                out.extend(engine.tick());
                out
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let quit = dispatch(outgoing, &mut clients, &paths);
        // Only what people would see changing is pushed: an idle reading that changes nothing
        // visible wakes no window and no tray host (that is most of the engine's wake-ups).
        let snapshot = snapshot_with(&engine, &clients);
        let routines = tray_routines(&engine);
        if !shown_in_tray.as_ref().is_some_and(|s| s.same_view(&snapshot)) || routines != routines_shown {
            if let Some(tray) = &tray {
                tray::update(tray, &snapshot, &routines);
            }
            routines_shown = routines;
            shown_in_tray = Some(snapshot.clone());
            broadcast(&mut clients, &ServerMessage::Snapshot { snapshot: Box::new(snapshot) });
        }
        if quit {
            log("quitting on request");
            break;
        }
    }
    let _ = fs::remove_file(&socket);
    // Let every client's writer finish what is queued (the answer to `quit`, the last snapshot).
    for (_, client) in std::mem::take(&mut clients) {
        drop(client.tx);
        let _ = client.writer.join();
    }
    Ok(())
}

/// Listens on the control socket (mode 0600). The caller holds the instance lock, so a socket file
/// already there is from an engine that died: it is replaced.
fn bind(socket: &Path) -> Result<UnixListener, DaemonError> {
    let failed = |source| DaemonError::Socket { path: socket.to_path_buf(), source };
    if socket.exists() {
        log(&format!("removing a stale socket at {}", socket.display()));
        let _ = fs::remove_file(socket);
    }
    let listener = UnixListener::bind(socket).map_err(failed)?;
    fs::set_permissions(socket, fs::Permissions::from_mode(0o600)).map_err(failed)?;
    Ok(listener)
}

/// Screen lock and suspend from logind.
fn on_session(engine: &mut Engine, event: SessionEvent) -> Vec<Outgoing> {
    log(&format!("session: {event:?}"));
    engine.presence(match event {
        SessionEvent::Locked => crate::core::timer::Input::Locked,
        SessionEvent::Unlocked => crate::core::timer::Input::Unlocked,
        SessionEvent::Suspending => crate::core::timer::Input::Suspending,
        SessionEvent::Resumed => crate::core::timer::Input::Resumed,
    })
}

/// Watches the routines folder, sending [`Input::RoutinesChanged`] to the loop.
fn watch_routines(paths: &Paths, tx: &mpsc::Sender<Input>) -> Option<crate::platform::watch::DirWatcher> {
    let to_loop = tx.clone();
    crate::platform::watch::DirWatcher::start(&paths.routines(), move || drop(to_loop.send(Input::RoutinesChanged)))
        .map_err(|e| log(&format!("routine files will be read at the next start only: {e}")))
        .ok()
}

/// Reads the routine files again after a change in the folder.
fn reload_routines(engine: &mut Engine, paths: &Paths) {
    let loaded = files::load_library(paths);
    let problems = loaded.error_count();
    let routines = loaded.catalogue.routines.len();
    log(&format!(
        "routine files changed: {}, {}",
        plural(routines as u64, "routine", None),
        plural(problems as u64, "problem", None)
    ));
    engine.set_catalogue(loaded.catalogue, problems);
}

/// Reads the idle backend when the engine needs to know: often while the user is away, rarely
/// while they work, never when there is no backend.
struct IdlePoller {
    monitor: Box<dyn crate::core::ports::IdleMonitor>,
    next: Option<std::time::Instant>,
    /// While a due break is held: when to look at the blockers again (kept, so that a stream of
    /// client requests cannot keep pushing it back).
    next_blocker_check: Option<std::time::Instant>,
    blockers: crate::platform::blockers::Blockers,
    /// The last reading's error, so the log says it once.
    failing: Option<String>,
}

impl IdlePoller {
    fn start(engine: &mut Engine) -> Self {
        let (monitor, tried) = crate::platform::idle::detect();
        for t in &tried {
            log(&format!("idle backend not available: {t}"));
        }
        log(&format!("idle backend: {}", monitor.name()));
        engine.set_idle_backend(monitor.name());
        let polls = monitor.name() != "always-active";
        if !polls {
            engine.add_banner(
                "No idle detection here (see the engine log), so Unhunch counts you as active all the time; \
                 time away will not count as a break."
                    .to_owned(),
            );
        }
        let blockers = crate::platform::blockers::Blockers::connect();
        log(&format!("do-not-disturb and fullscreen checks: {blockers:?}"));
        Self { monitor, next: polls.then(|| engine.now().mono), next_blocker_check: None, blockers, failing: None }
    }

    /// When to wake for the next reading: the idle schedule, and every few seconds while a break
    /// waits for a blocker to end.
    fn deadline(&mut self, engine: &Engine) -> Option<std::time::Instant> {
        if engine.is_holding() {
            let soon = engine.now().mono + Duration::from_secs(5);
            self.next_blocker_check = Some(self.next_blocker_check.map_or(soon, |t| t.min(soon)));
        } else {
            self.next_blocker_check = None;
        }
        [self.next, self.next_blocker_check].into_iter().flatten().min()
    }

    fn check_blockers(&self, engine: &mut Engine) -> Vec<Outgoing> {
        use crate::core::timer::Blocker;
        let mut active = Vec::new();
        if self.blockers.do_not_disturb() {
            active.push(Blocker::DoNotDisturb);
        }
        if self.blockers.fullscreen() {
            active.push(Blocker::Fullscreen);
        }
        engine.blockers_report(&active)
    }

    fn poll(&mut self, engine: &mut Engine) -> Vec<Outgoing> {
        let now = engine.now().mono;
        if self.next_blocker_check.is_some_and(|t| t <= now) {
            self.next_blocker_check = None;
        }
        // Blockers only matter when a break could be offered, never while the user is away.
        let mut out = if engine.is_away() { Vec::new() } else { self.check_blockers(engine) };
        if self.next.is_none() {
            return out;
        }
        let reading = match self.monitor.idle() {
            Ok(idle) => {
                self.failing = None;
                idle
            }
            Err(e) => {
                // Once per new problem, not at every poll.
                if self.failing.as_ref() != Some(&e) {
                    log(&format!("idle reading failed (counting you as active): {e}"));
                    self.failing = Some(e);
                }
                Duration::ZERO
            }
        };
        out.extend(engine.idle_report(reading));
        self.next = Some(engine.now().mono + engine.idle_poll_interval(reading));
        out
    }
}

/// Loads everything the engine starts from; problems become banners, never a failed start.
fn build_engine(paths: &Paths, tx: &mpsc::Sender<Input>) -> Engine {
    let mut banners = Vec::new();
    let loaded = files::load_settings(&paths.settings());
    banners.extend(loaded.warnings);

    let catalogue = files::load_library(paths);

    let clock = SystemClock;
    let now = clock.now();
    let since = now.wall.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()).saturating_sub(HISTORY_DAYS * 86_400);
    let history = match files::read_history(&paths.history()) {
        Ok((entries, bad)) => {
            if !bad.is_empty() {
                log(&format!("{} unreadable line(s) in {} were skipped", bad.len(), paths.history().display()));
            }
            entries.into_iter().filter(|e| e.at >= since).collect()
        }
        Err(e) => {
            banners.push(format!("History could not be read: {e}"));
            Vec::new()
        }
    };

    let icon = paths.icon();
    let icon_name = match files::ensure_file(&icon, include_bytes!("../../assets/unhunch.svg")) {
        Ok(()) => icon.display().to_string(),
        Err(e) => {
            log(&format!("could not write the icon: {e}"));
            "appointment-soon".to_owned()
        }
    };
    let report = tx.clone();
    let notifier: Box<dyn crate::core::ports::Notifier> =
        match DbusNotifier::spawn(icon_name, move |e| drop(report.send(Input::Notifier(e)))) {
            Ok(n) => Box::new(n),
            Err(e) => {
                banners.push(format!("Notifications could not start: {e}"));
                Box::new(crate::platform::fake::RecordingNotifier::default())
            }
        };
    let ports = Ports { store: Box::new(FileStore { paths: paths.clone() }), notifier, clock: Box::new(clock) };
    let problems = catalogue.error_count();
    let mut engine = Engine::new(loaded.settings, catalogue.catalogue.clone(), history, None, banners, ports);
    engine.set_catalogue(catalogue.catalogue, problems);
    engine
}

/// Carries out what the engine asked for; true when it asked to stop.
fn dispatch(outgoing: Vec<Outgoing>, clients: &mut BTreeMap<ClientId, Client>, paths: &Paths) -> bool {
    let mut quit = false;
    for out in outgoing {
        match out {
            Outgoing::Event(event) => {
                // A break started from the CLI or a notification plays in the window: open one.
                let needs_window = matches!(event, Event::BeginSession { .. });
                broadcast(clients, &ServerMessage::Event { event });
                if needs_window && !clients.values().any(|c| c.window) {
                    open_window(paths, None);
                }
            }
            Outgoing::OpenWindow { banner } => {
                if !clients.values().any(|c| c.window) {
                    open_window(paths, banner.as_deref());
                }
            }
            Outgoing::Quit => quit = true,
        }
    }
    quit
}

/// The engine's snapshot plus what only the daemon knows (whether a window is connected).
fn snapshot_with(engine: &Engine, clients: &BTreeMap<ClientId, Client>) -> crate::protocol::Snapshot {
    let mut s = engine.snapshot();
    s.window_open = clients.values().any(|c| c.window);
    s
}

/// Starts the tray icon; without one, everything is still in the window and the CLI.
fn start_tray(paths: &Paths, engine: &Engine, tx: &mpsc::Sender<Input>) -> Option<tray::TrayHandle> {
    let icon_dir = paths.data.join("icons");
    let icons: [(&str, &[u8]); 3] = [
        (tray::ICON, include_bytes!("../../assets/unhunch.svg")),
        (tray::ICON_DUE, include_bytes!("../../assets/unhunch-due.svg")),
        (tray::ICON_PAUSED, include_bytes!("../../assets/unhunch-paused.svg")),
    ];
    for (name, svg) in icons {
        let path = icon_dir.join(format!("hicolor/scalable/apps/{name}.svg"));
        if let Err(e) = files::ensure_file(&path, svg) {
            log(&format!("could not write the tray icon {name}: {e}"));
        }
    }
    let routines = tray_routines(engine);
    let (send, commands) = mpsc::channel::<TrayCommand>();
    let forward = tx.clone();
    let spawned = std::thread::Builder::new().name("tray-commands".to_owned()).spawn(move || {
        for cmd in commands {
            if forward.send(Input::Tray(cmd)).is_err() {
                return;
            }
        }
    });
    if let Err(e) = spawned {
        log(&format!("no tray: {e}"));
        return None;
    }
    match tray::spawn(routines, icon_dir.display().to_string(), send) {
        Ok(handle) => Some(handle),
        Err(e) => {
            log(&format!("no tray icon ({e}); the window and `unhunch` commands do everything"));
            None
        }
    }
}

/// The routines the tray offers: those that suit the office, shortest first (rebuilt whenever the
/// routine files change, so edits and new routines show).
fn tray_routines(engine: &Engine) -> Vec<TrayRoutine> {
    let mut routines: Vec<TrayRoutine> = engine
        .catalogue()
        .routines
        .values()
        .filter(|r| !r.is_home_only())
        .map(|r| TrayRoutine { id: r.id.clone(), name: r.name.clone(), length: r.duration() })
        .collect();
    routines.sort_by(|a, b| (a.length, &a.name).cmp(&(b.length, &b.name)));
    routines
}

/// What the notification server reported: shown, failed, or a button pressed.
fn on_notifier(
    engine: &mut Engine,
    clients: &mut BTreeMap<ClientId, Client>,
    tests: &mut Vec<PendingTest>,
    event: NotifierEvent,
) -> Vec<Outgoing> {
    match event {
        NotifierEvent::Shown { test } => {
            if test {
                answer_tests(clients, tests, engine, None);
            }
            Vec::new()
        }
        NotifierEvent::Failed { message, test } => {
            log(&format!("notification failed: {message}"));
            if test {
                answer_tests(clients, tests, engine, Some(&format!("no notification could be shown: {message}")));
            }
            engine.notification_failed(&message, test)
        }
        NotifierEvent::Action { action, test } => {
            log(&format!("notification action: {action:?}{}", if test { " (test)" } else { "" }));
            engine.notification_action(action, test)
        }
    }
}

/// Answers every waiting `test-notification`: shown (`None`) or why not.
fn answer_tests(
    clients: &mut BTreeMap<ClientId, Client>,
    tests: &mut Vec<PendingTest>,
    engine: &Engine,
    failed: Option<&str>,
) {
    for t in std::mem::take(tests) {
        let reply = match failed {
            None => {
                ServerMessage::Ok { id: t.request, snapshot: Box::new(snapshot_with(engine, clients)), settings: None }
            }
            Some(why) => ServerMessage::Error { id: t.request, code: ErrorCode::Failed, message: why.to_owned() },
        };
        send_to(clients, t.client, &reply);
    }
}

/// Does what a tray menu choice asks.
fn on_tray(engine: &mut Engine, cmd: TrayCommand) -> Vec<Outgoing> {
    let request = match cmd {
        TrayCommand::Start(routine) => Command::StartBreak { kind: None, routine },
        TrayCommand::Snooze => Command::Snooze,
        TrayCommand::Skip => Command::Skip,
        TrayCommand::Pause(preset) => Command::PauseFor { preset },
        TrayCommand::Resume => Command::Resume,
        TrayCommand::Quit => Command::Quit,
        TrayCommand::Open => return vec![Outgoing::Event(Event::Raise), Outgoing::OpenWindow { banner: None }],
    };
    let (result, outgoing) = engine.handle(request);
    if let Err(f) = result {
        log(&format!("tray: {}", f.message));
    }
    outgoing
}

/// Handles one line from a client: decodes it, does it, answers it (a `test-notification` is
/// answered once the desktop has shown it, or could not).
fn on_line(
    engine: &mut Engine,
    clients: &mut BTreeMap<ClientId, Client>,
    tests: &mut Vec<PendingTest>,
    id: ClientId,
    line: Line,
) -> Vec<Outgoing> {
    let bad = |code, message: String| protocol::DecodeError { id: 0, code, message };
    let request = match line {
        Line::Text(text) => protocol::decode_request(&text),
        Line::TooLong => Err(bad(ErrorCode::TooLong, format!("a request may be at most {MAX_LINE} bytes"))),
        Line::Garbled => Err(bad(ErrorCode::BadRequest, "not UTF-8 text".to_owned())),
        Line::Eof => return Vec::new(),
    };
    let request = match request {
        Ok(r) => r,
        Err(e) => {
            send_to(clients, id, &ServerMessage::Error { id: e.id, code: e.code, message: e.message });
            return Vec::new();
        }
    };
    let rid = request.id;
    let mut extra = Vec::new();
    if let Command::Subscribe { window } = request.cmd {
        if window && clients.iter().any(|(other, c)| *other != id && c.window) {
            let message = "Unhunch's window is already open; it was brought to the front".to_owned();
            send_to(clients, id, &ServerMessage::Error { id: rid, code: ErrorCode::WindowOpen, message });
            for c in clients.values().filter(|c| c.window) {
                let _ = c.tx.try_send(protocol::encode(&ServerMessage::Event { event: Event::Raise }));
            }
            return Vec::new();
        }
        if let Some(c) = clients.get_mut(&id) {
            c.subscribed = true;
            c.window |= window;
        }
    }
    let claims = request.cmd == Command::ClaimBreak;
    let test = request.cmd == Command::TestNotification;
    let (result, outgoing) = engine.handle(request.cmd);
    if claims && result.is_ok() {
        for (other, c) in clients.iter_mut() {
            c.plays = *other == id;
        }
    }
    if test && result.is_ok() {
        tests.push(PendingTest { client: id, request: rid, until: engine.now().mono + TEST_TIMEOUT });
        return outgoing;
    }
    let reply = match result {
        Ok(settings) => ServerMessage::Ok {
            id: rid,
            snapshot: Box::new(snapshot_with(engine, clients)),
            settings: settings.map(Box::new),
        },
        Err(f) => ServerMessage::Error { id: rid, code: f.code, message: f.message },
    };
    send_to(clients, id, &reply);
    extra.extend(outgoing);
    extra
}

fn send_to(clients: &mut BTreeMap<ClientId, Client>, id: ClientId, msg: &ServerMessage) {
    let line = protocol::encode(msg);
    let slow =
        clients.get(&id).is_some_and(|c| !c.dropped && matches!(c.tx.try_send(line), Err(TrySendError::Full(_))));
    if slow {
        drop_client(clients, id);
    }
}

fn broadcast(clients: &mut BTreeMap<ClientId, Client>, msg: &ServerMessage) {
    let line = protocol::encode(msg);
    let mut slow = Vec::new();
    for (id, c) in clients.iter().filter(|(_, c)| c.subscribed && !c.dropped) {
        if let Err(TrySendError::Full(_)) = c.tx.try_send(line.clone()) {
            slow.push(*id);
        }
    }
    for id in slow {
        drop_client(clients, id);
    }
}

/// Disconnects a client that stopped reading (its queue is full). Its reader thread then reports
/// it gone, which ends its part in a break it was playing.
fn drop_client(clients: &mut BTreeMap<ClientId, Client>, id: ClientId) {
    if let Some(c) = clients.get_mut(&id).filter(|c| !c.dropped) {
        log(&format!("client {id} is not reading; disconnecting it"));
        c.dropped = true;
        let _ = c.stream.shutdown(std::net::Shutdown::Both);
    }
}

fn spawn_acceptor(listener: UnixListener, tx: mpsc::Sender<Input>) -> io::Result<()> {
    std::thread::Builder::new().name("accept".to_owned()).spawn(move || {
        for (n, stream) in listener.incoming().enumerate() {
            let Ok(stream) = stream else { continue };
            let id = n as ClientId;
            if let Err(e) = serve(id, stream, &tx) {
                log(&format!("client {id}: {e}"));
            }
        }
    })?;
    Ok(())
}

/// Starts one client's reader and writer threads.
fn serve(id: ClientId, stream: UnixStream, tx: &mpsc::Sender<Input>) -> io::Result<()> {
    let (line_tx, line_rx) = mpsc::sync_channel::<String>(CLIENT_QUEUE);
    let mut out = stream.try_clone()?;
    // A client that stops reading blocks only its own writer, and only for this long at a time.
    out.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let reader = stream.try_clone()?;
    let writer = std::thread::Builder::new().name(format!("client-{id}-write")).spawn(move || {
        for line in line_rx {
            if out.write_all(line.as_bytes()).is_err() {
                break;
            }
        }
    })?;
    tx.send(Input::Connected { id, tx: line_tx, stream, writer }).map_err(|_| io::Error::other("engine stopped"))?;
    let tx = tx.clone();
    std::thread::Builder::new().name(format!("client-{id}-read")).spawn(move || {
        let mut reader = BufReader::new(reader);
        loop {
            match read_line(&mut reader, MAX_LINE) {
                Ok(Line::Eof) | Err(_) => break,
                Ok(line) => {
                    if tx.send(Input::Line { id, line }).is_err() {
                        return;
                    }
                }
            }
        }
        let _ = tx.send(Input::Gone { id });
    })?;
    Ok(())
}

/// Opens the window (with a message), when there is none open.
fn open_window(paths: &Paths, banner: Option<&str>) {
    let mut args = vec!["--no-engine-start"];
    if let Some(b) = banner {
        args.extend(["--banner", b]);
    }
    match spawn_self(&args, Some(&paths.engine_log())) {
        Ok(pid) => log(&format!(
            "opened the window (pid {pid}){}",
            banner.map(|b| format!(" to show: {b}")).unwrap_or_default()
        )),
        Err(e) => log(&format!("could not open the window: {e}")),
    }
}

/// Starts the engine as a detached process if none is running, and waits until it answers.
pub fn ensure_running(socket: &Path, log_path: &Path) -> Result<ipc::Connection, ipc::IpcError> {
    if let Ok(c) = ipc::Connection::connect(socket) {
        return Ok(c);
    }
    if let Some(dir) = log_path.parent() {
        let _ = fs::create_dir_all(dir);
    }
    spawn_self(&["daemon"], Some(log_path))
        .map_err(|source| ipc::IpcError::Io { path: socket.to_path_buf(), source })?;
    let mut last = ipc::IpcError::NotRunning(socket.to_path_buf());
    for _ in 0..100 {
        std::thread::sleep(Duration::from_millis(50));
        match ipc::Connection::connect(socket) {
            Ok(c) => return Ok(c),
            Err(e) => last = e,
        }
    }
    Err(last)
}
