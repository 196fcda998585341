//! The engine process (`unhunch daemon`): no window, no GPU. One loop thread owns the [`Engine`]
//! and sleeps until its next deadline or the next input; it reads the clock once per wake-up and
//! hands `now` to the engine. What feeds the loop is set up in `startup`; the control
//! socket's clients are served in `clients`. Nothing a client or the notification server
//! does can block the loop: a client that reads too slowly is disconnected.

use std::collections::BTreeMap;
use std::fs;
use std::sync::mpsc::{self, RecvTimeoutError};

use super::clients::{self, Client, PendingTest};
use super::events::{ClientId, Input};
pub use super::events::{DaemonError, log};
use super::startup::{self, IdlePoller};
use super::{Engine, Outgoing};
use crate::core::kind::Now;
use crate::core::ports::Clock as _;
use crate::core::timer::Presence;
use crate::platform::clock::SystemClock;
use crate::platform::files::Paths;
use crate::platform::ipc;
use crate::platform::notify::NotifierEvent;
use crate::platform::spawn::{ALLOCATOR_TUNABLES, BUILD_ID};
use crate::platform::tray::TrayCommand;
use crate::protocol::{Command, Event, ServerMessage};

/// Starts the engine again with `ALLOCATOR_TUNABLES` (the same process: `exec`), unless
/// `GLIBC_TUNABLES` is already set (by that, or by the user, whose choice stands). Done before
/// any thread starts or any file opens; when it can't be done, the engine runs untuned.
pub fn tune_allocator() {
    use std::os::unix::process::CommandExt as _;
    if std::env::var_os("GLIBC_TUNABLES").is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else { return };
    let err = std::process::Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env("GLIBC_TUNABLES", ALLOCATOR_TUNABLES)
        .exec();
    log(&format!("running with the allocator's defaults: could not restart tuned ({err})"));
}

/// `unhunch daemon`: becomes `unhunch-engine` (the engine without the window's code: about 7 MB
/// resident instead of 11, `scripts/wakeups.sh`) when that program is beside this one, telling it
/// this build's id and tuning its allocator on the way. Returns when there is none, when it could
/// not be started, or when it handed the engine back to this program; the engine then runs here.
pub fn hand_over() {
    use crate::platform::spawn::ENGINE_PROGRAM;
    use std::os::unix::process::CommandExt as _;
    let Some(mut command) = crate::platform::spawn::lean_engine() else { return };
    let err = command.exec();
    log(&format!("running the engine inside unhunch: could not start {ENGINE_PROGRAM} beside it ({err})"));
}

/// `unhunch-engine [--build ID]`: runs the engine. Started by `unhunch daemon` with the id of the
/// build it expects; a program from another build (an `unhunch-engine` left beside a newer
/// `unhunch`) gives the engine back to `unhunch daemon` instead of speaking an older protocol.
pub fn engine_main(args: &[std::ffi::OsString]) -> std::process::ExitCode {
    use std::io::Write as _;
    use std::process::ExitCode;
    let args: Option<Vec<&str>> = args.iter().map(|a| a.to_str()).collect();
    match args.as_deref() {
        Some([] | ["--build", BUILD_ID]) => {}
        Some(["--build", other]) => hand_back(other),
        Some(["--version"]) => {
            let _ = writeln!(std::io::stdout(), "unhunch-engine {} (build {BUILD_ID})", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        _ => {
            let _ = writeln!(
                std::io::stderr(),
                "usage: unhunch-engine [--version]\n\
                 The engine alone, started by `unhunch daemon`; run that instead (`unhunch --help`)."
            );
            return ExitCode::from(2);
        }
    }
    tune_allocator();
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "unhunch daemon: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Hands the engine back to the `unhunch` beside this program (`unhunch daemon`, told to run it
/// itself): this program is from another build than the one that started it. When that cannot be
/// done, the engine runs here all the same.
fn hand_back(expected: &str) {
    use crate::platform::spawn::{ENGINE_HERE, unhunch_program};
    use std::os::unix::process::CommandExt as _;
    let Ok(unhunch) = unhunch_program() else { return };
    if let Ok(paths) = Paths::from_env() {
        super::events::log_to_file(&paths.engine_log());
    }
    log(&format!(
        "{} is from another build ({BUILD_ID}, not {expected}); the engine runs inside {} instead",
        crate::platform::spawn::ENGINE_PROGRAM,
        unhunch.display()
    ));
    let err = std::process::Command::new(&unhunch).arg("daemon").env(ENGINE_HERE, "1").exec();
    log(&format!("could not start {} ({err}); running the engine here", unhunch.display()));
}

/// Runs the engine until it is told to quit.
pub fn run() -> Result<(), DaemonError> {
    let clock = SystemClock;
    let paths = Paths::from_env()?;
    // The log the README and `unhunch paths` point at, however the engine was started.
    super::events::log_to_file(&paths.engine_log());
    let dir = ipc::runtime_dir()?;
    let socket_err = |source| DaemonError::Socket { path: dir.clone(), source };
    let _lock =
        ipc::lock_instance(&dir).map_err(socket_err)?.ok_or_else(|| DaemonError::AlreadyRunning(dir.clone()))?;
    let socket = dir.join("control.sock");

    let (tx, rx) = mpsc::channel::<Input>();
    let (mut engine, mut library) = startup::build_engine(&paths, (&tx, &rx), clock.now());
    // Kept alive for the engine's life: routine files saved in an editor are picked up at once
    // (watched before listening, so a file saved by the first client is never missed).
    let _watch = startup::watch_routines(&paths, &tx);
    // Listening starts before any desktop service is asked anything (a frozen notification
    // server or bus must never keep the socket from being bound); a client that connects now
    // waits in the queue until the loop below answers it, with the engine fully set up.
    let listener = clients::bind(&socket)?;
    clients::spawn_acceptor(listener, tx.clone()).map_err(socket_err)?;
    log(&format!("engine {} listening on {}", env!("CARGO_PKG_VERSION"), socket.display()));
    let mut idle = IdlePoller::start(&mut engine, &tx, clock.now());
    startup::carry_on(&mut engine, &paths, clock.now());
    startup::watch_session(&tx);
    let (calls_tx, mut calls) = (tx.clone(), startup::CallWatch::default());
    startup::watch_calls(&calls_tx, engine.settings().interruptions, &mut calls);
    let in_use = &mut crate::core::settings::InUse::default();
    let tray = startup::TrayFeed::start(&paths, &tx);
    drop(tx);
    let mut shown_in_tray = tray.as_ref().map(|t| t.show_first(&engine, clock.now()));

    let mut clients: BTreeMap<ClientId, Client> = BTreeMap::new();
    let mut tests: Vec<PendingTest> = Vec::new();
    let mut routines_shown = startup::tray_routines(&engine);
    // Started the first time a break pauses media (a thread that sleeps until asked).
    let mut media = None;
    loop {
        let test_due = tests.iter().map(|t| t.until).min();
        let silent = clients::idle_deadline(&clients);
        let wake = [engine.next_deadline(), idle.deadline(&engine, clock.now()), test_due, library.deadline(), silent]
            .into_iter()
            .flatten()
            .min();
        let wait = wake.map(|d| d.saturating_duration_since(clock.now().mono));
        let input = match wait {
            Some(wait) => rx.recv_timeout(wait),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        // The time is read once per wake-up and handed to everything below.
        let now = clock.now();
        match input {
            Ok(Input::Connected { id, tx, stream, writer }) => {
                clients::connected(&mut clients, id, Client::new(tx, stream, writer, now.mono));
                continue;
            }
            Ok(Input::Gone { id }) => {
                if clients.remove(&id).is_some_and(|c| c.plays) {
                    log(&format!("the window playing the break (client {id}) went away; the break waits for it"));
                    engine.player_gone(now);
                }
            }
            Ok(Input::Line { id, line }) => clients::on_line(&mut engine, &mut clients, &mut tests, id, line, now),
            Ok(Input::Notifier(NotifierEvent::BusLost)) => bus_lost(tray.as_ref()),
            Ok(Input::Notifier(event)) => on_notifier(&mut engine, &mut clients, &mut tests, event, now),
            Ok(Input::Tray(cmd)) => on_tray(&mut engine, cmd, now),
            Ok(Input::Session(event)) => on_session(&mut engine, event, now),
            Ok(Input::Microphone(app)) => on_device(&mut engine, in_use, Device::Microphone, app.as_deref(), now),
            Ok(Input::Camera(app)) => on_device(&mut engine, in_use, Device::Camera, app.as_deref(), now),
            Ok(Input::RoutinesChanged) => library.request(now.mono),
            Ok(Input::Blockers(reading)) => idle.blockers_read(&mut engine, reading, now),
            Ok(Input::IdleBackend(found)) => idle.use_monitor(&mut engine, *found, now),
            // Back at the keyboard: read the idle time now, not at the next look.
            Ok(Input::Returned) => idle.poll(&mut engine, now),
            Ok(Input::Library(loaded)) => {
                startup::apply_library(&mut engine, *loaded);
                library.finished(now.mono);
            }
            Err(RecvTimeoutError::Timeout) => {
                on_timeout(&mut engine, &mut idle, &mut library, (&mut clients, &mut tests), now);
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
        let quit = dispatch(&mut engine, &mut clients, &paths, &mut media);
        // A detector switched on in Settings starts now.
        startup::watch_calls(&calls_tx, engine.settings().interruptions, &mut calls);
        // Only what people would see changing is pushed: an idle reading that changes nothing
        // visible wakes no window and no tray host (that is most of the engine's wake-ups).
        let snapshot = clients::snapshot_with(&engine, &clients, now);
        let routines = startup::tray_routines(&engine);
        if !shown_in_tray.as_ref().is_some_and(|s| s.same_view(&snapshot)) || routines != routines_shown {
            if let Some(tray) = &tray {
                tray.show(&snapshot, &routines);
            }
            routines_shown = routines;
            shown_in_tray = Some(snapshot.clone());
            clients::broadcast(&mut clients, &ServerMessage::Snapshot { snapshot: Box::new(snapshot) });
        }
        if quit {
            log("quitting on request");
            break;
        }
    }
    let _ = fs::remove_file(&socket);
    engine.finish_notifications();
    // The players paused for a break cut short by the quit play again before the engine goes
    // (each player has 2 s to answer; a hung one does not hold the exit longer than this).
    if let Some(media) = &media {
        media.finish(std::time::Duration::from_secs(5));
    }
    // Let every client's writer finish what is queued (the answer to `quit`, the last snapshot).
    for (_, client) in std::mem::take(&mut clients) {
        client.finish();
    }
    Ok(())
}

/// A deadline passed: a test notification nobody answered, a routines folder read that takes
/// too long, the idle reading, the timer's own deadlines.
fn on_timeout(
    engine: &mut Engine,
    idle: &mut IdlePoller,
    library: &mut startup::LibraryLoader,
    (clients, tests): (&mut BTreeMap<ClientId, Client>, &mut Vec<PendingTest>),
    now: Now,
) {
    if tests.iter().any(|t| t.until <= now.mono) {
        let why = "no notification server answered within 5 seconds";
        clients::answer_tests(clients, tests, engine, Some(why), now);
    }
    clients::close_idle(clients, now.mono);
    if let Some(note) = library.overdue(now.mono) {
        log(&note);
        engine.add_banner(crate::core::banner::Banner::Note(note));
    }
    // Read the idle time before any deadline, so no reminder goes to an empty chair.
    idle.poll(engine, now);
    engine.tick(now);
}

/// The session bus went away: notices connect again by themselves; the tray registers again.
fn bus_lost(tray: Option<&startup::TrayFeed>) {
    log("the session bus went away; notices connect again with the next one");
    if let Some(tray) = tray {
        tray.bus_lost();
    }
}

/// The call detectors.
#[derive(Clone, Copy, Debug)]
enum Device {
    Microphone,
    Camera,
}

/// A call detector's news: `app` started using the device, or (`None`) nothing uses it any more.
fn on_device(
    engine: &mut Engine,
    in_use: &mut crate::core::settings::InUse,
    device: Device,
    app: Option<&str>,
    now: Now,
) {
    let (was, name, verb) = match device {
        Device::Microphone => (&mut in_use.microphone, "microphone", "recording"),
        Device::Camera => (&mut in_use.camera, "camera", "in use"),
    };
    match app {
        Some(app) => log(&format!("{name}: {verb} ({app})")),
        None if *was => log(&format!("{name}: no longer {verb}")),
        None => {}
    }
    *was = app.is_some();
    engine.devices_report(*in_use, now);
}

/// Screen lock and suspend from logind.
fn on_session(engine: &mut Engine, event: Presence, now: Now) {
    log(&format!("session: {event:?}"));
    engine.presence(event, now);
}

/// Carries out what the engine asked for, all of it, in order; true when it asked to stop.
fn dispatch(
    engine: &mut Engine,
    clients: &mut BTreeMap<ClientId, Client>,
    paths: &Paths,
    media: &mut Option<crate::platform::media::Media>,
) -> bool {
    let mut quit = false;
    while let Some(out) = engine.poll_outgoing() {
        match out {
            Outgoing::Event(event) => {
                // A break started from the CLI or a notification plays in the window: open one.
                let needs_window = matches!(event, Event::BeginSession { .. });
                clients::broadcast(clients, &ServerMessage::Event { event });
                if needs_window && !clients.values().any(|c| c.window) {
                    startup::open_window(paths, None);
                }
            }
            Outgoing::OpenWindow { banner } => {
                if !clients.values().any(|c| c.window) {
                    startup::open_window(paths, banner.as_deref());
                }
            }
            Outgoing::HoldMedia(hold) => {
                media.get_or_insert_with(|| crate::platform::media::Media::start(log)).hold(hold);
            }
            Outgoing::Quit => quit = true,
        }
    }
    quit
}

/// Does what a tray menu choice asks.
fn on_tray(engine: &mut Engine, cmd: TrayCommand, now: Now) {
    let request = match cmd {
        TrayCommand::Start(routine) => Command::StartBreak { kind: None, routine },
        TrayCommand::Snooze => Command::Snooze,
        TrayCommand::Skip => Command::Skip,
        TrayCommand::Pause(preset) => Command::PauseFor { preset },
        TrayCommand::Resume => Command::Resume,
        TrayCommand::Quit => Command::Quit,
        TrayCommand::Open => return engine.open_window(),
        TrayCommand::Host(true) => return log("a tray host shows the tray icon"),
        TrayCommand::Host(false) => {
            log("no tray host on this desktop (on GNOME, the AppIndicator extension adds one): no tray icon; the \
                 notifications, the window and `unhunch` commands do everything");
            return;
        }
    };
    if let Err(f) = engine.handle(request, now) {
        log(&format!("tray: {}", f.message));
    }
}

/// What the notification server reported: shown, failed, or a button pressed.
fn on_notifier(
    engine: &mut Engine,
    clients: &mut BTreeMap<ClientId, Client>,
    tests: &mut Vec<PendingTest>,
    event: NotifierEvent,
    now: Now,
) {
    match event {
        NotifierEvent::Shown { test } => {
            if test {
                clients::answer_tests(clients, tests, engine, None, now);
            }
        }
        NotifierEvent::Failed { message, test } => {
            log(&format!("notification failed: {message}"));
            if test {
                clients::answer_tests(
                    clients,
                    tests,
                    engine,
                    Some(&format!("no notification could be shown: {message}")),
                    now,
                );
            }
            engine.notification_failed(&message, test);
        }
        NotifierEvent::Action { action, test } => {
            log(&format!("notification action: {action:?}{}", if test { " (test)" } else { "" }));
            engine.notification_action(action, test, now);
        }
        // Taken up by the loop itself (the tray registers again).
        NotifierEvent::BusLost => {}
    }
}
