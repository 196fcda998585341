//! What the engine starts from and what feeds its loop: settings, history, the catalogue and the
//! notifier (problems become banners, never a failed start); the idle and blocker poller; the
//! routine-folder watcher; the tray; and opening the window.

use std::sync::mpsc;
use std::time::{Duration, UNIX_EPOCH};

use super::events::{BlockerReading, IdleFound, Input, log};
use super::{Engine, Ports};
use crate::core::kind::Now;
use crate::core::ports::IdleError;
use crate::core::units::plural;
use crate::platform::clock::SystemClock;
use crate::platform::files::{self, FileStore, Paths};
use crate::platform::notify::DbusNotifier;
use crate::platform::spawn::spawn_self;
use crate::platform::tray::{self, TrayCommand, TrayRoutine};

/// How much history to keep in memory: today, the routine rotation, recent pain, and the two
/// weeks a level is played before the next is offered (with room to spare).
pub(super) const HISTORY_DAYS: u64 = super::HISTORY_DAYS;

/// Watches the routines folder, sending [`Input::RoutinesChanged`] to the loop.
pub(super) fn watch_routines(paths: &Paths, tx: &mpsc::Sender<Input>) -> Option<crate::platform::watch::DirWatcher> {
    let to_loop = tx.clone();
    crate::platform::watch::DirWatcher::start(&paths.routines(), move || drop(to_loop.send(Input::RoutinesChanged)))
        .map_err(|e| log(&format!("routine files will be read at the next start only: {e}")))
        .ok()
}

/// How long a read of the routines folder may take before the user is told it is slow.
pub(super) const LIBRARY_LIMIT: Duration = Duration::from_secs(10);

/// Reads the routines folder on a thread of its own, so a slow mount (sshfs, NFS, a cloud-sync
/// folder) never holds up the engine's loop: status, commands and quit go on, and the routines
/// in use stay until a read finishes. One read at a time; changes meanwhile ask for one more.
pub(super) struct LibraryLoader {
    paths: Paths,
    tx: mpsc::Sender<Input>,
    /// When the read in progress started.
    busy_since: Option<std::time::Instant>,
    /// A change came during a read: read again after it.
    again: bool,
    /// The user was told the read is slow (once per read).
    told: bool,
}

impl LibraryLoader {
    pub(super) fn new(paths: &Paths, tx: &mpsc::Sender<Input>) -> Self {
        Self { paths: paths.clone(), tx: tx.clone(), busy_since: None, again: false, told: false }
    }

    /// Starts a read (or, with one in progress, asks for another after it).
    pub(super) fn request(&mut self, now: std::time::Instant) {
        if self.busy_since.is_some() {
            self.again = true;
            return;
        }
        let (paths, tx) = (self.paths.clone(), self.tx.clone());
        // Fault injection for the tests: a folder that takes this long to read (a slow mount).
        let slow = std::env::var("UNHUNCH_FAULT_SLOW_ROUTINES_MS").ok().and_then(|v| v.parse().ok());
        let spawned = std::thread::Builder::new().name("routine-files".to_owned()).spawn(move || {
            if let Some(ms) = slow {
                std::thread::sleep(Duration::from_millis(ms));
            }
            drop(tx.send(Input::Library(Box::new(files::load_library(&paths)))));
        });
        match spawned {
            Ok(_) => {
                self.busy_since = Some(now);
                self.told = false;
            }
            Err(e) => log(&format!("could not start reading the routine files: {e}")),
        }
    }

    /// A read finished; starts the next one if a change came meanwhile.
    pub(super) fn finished(&mut self, now: std::time::Instant) {
        self.busy_since = None;
        if std::mem::take(&mut self.again) {
            self.request(now);
        }
    }

    /// When the read in progress runs past the limit (to tell the user).
    pub(super) fn deadline(&self) -> Option<std::time::Instant> {
        self.busy_since.filter(|_| !self.told).map(|t| t + LIBRARY_LIMIT)
    }

    /// Past the limit: the words to tell the user, once.
    pub(super) fn overdue(&mut self, now: std::time::Instant) -> Option<String> {
        let late = self.deadline().is_some_and(|d| d <= now);
        late.then(|| {
            self.told = true;
            format!(
                "Reading your routines folder {} is taking more than {} s (a slow or unmounted network \
                 folder?); the routines already loaded are used until it answers.",
                self.paths.routines().display(),
                LIBRARY_LIMIT.as_secs()
            )
        })
    }
}

/// Takes up a read of the routine files.
pub(super) fn apply_library(engine: &mut Engine, loaded: crate::core::catalogue::Loaded) {
    let problems = loaded.error_count();
    let routines = loaded.catalogue.routines.len();
    log(&format!(
        "routine files changed: {}, {}",
        plural(routines as u64, "routine", None),
        plural(problems as u64, "problem", None)
    ));
    engine.set_catalogue(loaded.catalogue, problems);
}

/// An idle backend being looked for (see `IdlePoller::detect`).
struct IdleDetect {
    slot: std::sync::Arc<std::sync::Mutex<IdleSlot>>,
    readied: mpsc::Receiver<()>,
}

#[derive(Default)]
struct IdleSlot {
    found: Option<IdleFound>,
    /// Nobody waits here any more: the answer goes to the loop.
    given_up: bool,
}

impl IdleDetect {
    /// The backend, if it is found within `within`.
    fn wait(self, within: Duration) -> Option<IdleFound> {
        let _ = self.readied.recv_timeout(within);
        let mut slot = self.slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        slot.given_up = true;
        slot.found.take()
    }
}

/// Reads the idle backend when the engine needs to know: often while the user is away, rarely
/// while they work, never when there is no backend.
pub(super) struct IdlePoller {
    monitor: Box<dyn crate::core::ports::IdleMonitor>,
    next: Option<std::time::Instant>,
    /// While a due break is held: when to look at the blockers again (kept, so that a stream of
    /// client requests cannot keep pushing it back).
    next_blocker_check: Option<std::time::Instant>,
    blockers: BlockerWatch,
    /// The last reading's error, so the log says it once.
    failing: Option<IdleError>,
    /// Where a return watch sends `Input::Returned`.
    tx: mpsc::Sender<Input>,
    /// Tells when a user who is away comes back (X11), so the idle time need not be read every
    /// few seconds meanwhile.
    returns: Option<crate::platform::idle::ReturnWatch>,
}

/// While the user is away and a return watch tells when they come back: how often the idle time
/// is read all the same (in case the watch misses it).
const AWAY_WITH_WATCH: Duration = Duration::from_secs(60);

/// Reads the blockers on a thread of its own: asking a notification server about its
/// do-not-disturb is a D-Bus call, and a frozen server (dunst stopped, gnome-shell hung) would
/// otherwise freeze the engine's loop with it. The loop asks; the reading comes back as
/// `Input::Blockers` whenever it is ready, and until then the last one stands. One question at a
/// time: while a reading hangs, asking again does nothing.
pub(super) struct BlockerWatch {
    ask: mpsc::SyncSender<()>,
    /// The readings, as they come (each is also sent to the loop as `Input::Blockers`, which
    /// wakes it when one comes late).
    replies: mpsc::Receiver<BlockerReading>,
    /// When the question now outstanding was asked.
    asked: Option<std::time::Instant>,
    /// Said once per hang, in the log.
    said_slow: bool,
    /// The first reading, when it came within half a second of the start.
    first: Option<BlockerReading>,
}

/// How long a blocker reading may take before the log says so.
const BLOCKERS_SLOW: Duration = Duration::from_secs(3);
/// How long the loop waits for a fresh reading before it goes on with the last one (so that a
/// break about to be offered is held by a presentation that started a moment ago).
const BLOCKERS_WAIT: Duration = Duration::from_millis(300);

impl BlockerWatch {
    /// Starts the thread, connects there (the X display, the session bus), and waits for its first
    /// reading for at most half a second: a break due at start waits for the end of a
    /// presentation, but a frozen desktop never holds up the start.
    fn start(tx: &mpsc::Sender<Input>) -> (Self, Option<BlockerReading>) {
        let (ask, asked) = mpsc::sync_channel::<()>(1);
        let (replies_tx, replies) = mpsc::sync_channel::<BlockerReading>(4);
        let tx = tx.clone();
        let spawned = std::thread::Builder::new().name("blockers".to_owned()).spawn(move || {
            let blockers = crate::platform::blockers::Blockers::connect();
            log(&format!("do-not-disturb and fullscreen checks: {blockers:?}"));
            let read = || BlockerReading { dnd: blockers.do_not_disturb(), fullscreen: blockers.fullscreen() };
            let _ = replies_tx.try_send(read());
            while asked.recv().is_ok() {
                let reading = read();
                let _ = replies_tx.try_send(reading);
                if tx.send(Input::Blockers(reading)).is_err() {
                    return;
                }
            }
        });
        if let Err(e) = spawned {
            log(&format!("do-not-disturb and fullscreen checks are off: no thread for them ({e})"));
        }
        let first = replies.recv_timeout(Duration::from_millis(500)).ok();
        if first.is_none() {
            log("the do-not-disturb and fullscreen checks did not answer in 0.5 s; starting without them");
        }
        (Self { ask, replies, asked: None, said_slow: false, first }, first)
    }

    /// Asks for a reading, unless one is still on its way, and waits a moment for it: the
    /// reading when it came within `BLOCKERS_WAIT`, else `None` (it reaches the loop later).
    fn ask(&mut self, now: std::time::Instant) -> Option<BlockerReading> {
        let Some(at) = self.asked else {
            // Readings that came late were taken up by the loop already.
            while self.replies.try_recv().is_ok() {}
            self.ask.try_send(()).ok()?;
            self.asked = Some(now);
            let reading = self.replies.recv_timeout(BLOCKERS_WAIT).ok();
            if reading.is_some() {
                self.asked = None;
            }
            return reading;
        };
        if now.saturating_duration_since(at) >= BLOCKERS_SLOW && !self.said_slow {
            log("the do-not-disturb or fullscreen check is not answering (a frozen notification server?)");
            self.said_slow = true;
        }
        None
    }

    /// A reading came back to the loop.
    fn answered(&mut self) {
        if self.said_slow {
            log("the do-not-disturb and fullscreen checks answer again");
        }
        self.asked = None;
        self.said_slow = false;
        while self.replies.try_recv().is_ok() {}
    }
}

impl IdlePoller {
    pub(super) fn start(engine: &mut Engine, tx: &mpsc::Sender<Input>, now: Now) -> Self {
        // Both looked for at once; the start waits at most half a second for the two together.
        let detecting = Self::detect(tx);
        let mut me = Self {
            monitor: Box::new(crate::platform::idle::AlwaysActive),
            next: None,
            next_blocker_check: None,
            blockers: BlockerWatch::start(tx).0,
            failing: None,
            tx: tx.clone(),
            returns: None,
        };
        let waited = crate::core::ports::Clock::now(&SystemClock).mono.saturating_duration_since(now.mono);
        match detecting.wait(Duration::from_millis(500).saturating_sub(waited).max(Duration::from_millis(50))) {
            Some(found) => me.use_monitor(engine, found, now),
            None => log("the idle backends did not answer at once (a frozen desktop?); counting you as active until \
                         one does"),
        }
        // The saved counts are taken up once the blockers are known: a break due at start waits
        // for the end of a presentation like any other.
        if let Some(reading) = me.blockers.first.take() {
            Self::apply_blockers(engine, reading, now);
        }
        me
    }

    /// Looks for an idle backend on a thread of its own (they ask the compositor, the X server or
    /// a D-Bus service, any of which may be frozen). [`IdleDetect::wait`] takes the answer if it
    /// came in time; otherwise it reaches the loop as `Input::IdleBackend` when it comes.
    fn detect(tx: &mpsc::Sender<Input>) -> IdleDetect {
        let slot: std::sync::Arc<std::sync::Mutex<IdleSlot>> = std::sync::Arc::default();
        let (ready, readied) = mpsc::sync_channel::<()>(1);
        let (shared, late) = (std::sync::Arc::clone(&slot), tx.clone());
        let spawned = std::thread::Builder::new().name("idle-setup".to_owned()).spawn(move || {
            let (monitor, tried) = crate::platform::idle::detect();
            let found = IdleFound { monitor, tried };
            let mut slot = shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if slot.given_up {
                drop(late.send(Input::IdleBackend(Box::new(found))));
            } else {
                slot.found = Some(found);
                let _ = ready.try_send(());
            }
        });
        if let Err(e) = spawned {
            log(&format!("no idle detection: no thread for it ({e})"));
        }
        IdleDetect { slot, readied }
    }

    /// Reads idle time from `found` from now on.
    pub(super) fn use_monitor(&mut self, engine: &mut Engine, found: IdleFound, now: Now) {
        let IdleFound { mut monitor, tried } = found;
        for t in &tried {
            log(&format!("idle backend not available: {t}"));
        }
        log(&format!("idle backend: {}", monitor.name()));
        engine.set_idle_backend(monitor.name());
        let polls = monitor.name() != crate::core::ports::ALWAYS_ACTIVE;
        if polls {
            engine.clear_banner(&crate::core::banner::Banner::NoIdleDetection);
        } else {
            engine.add_banner(crate::core::banner::Banner::NoIdleDetection);
        }
        let tx = self.tx.clone();
        let back = move || drop(tx.send(Input::Returned));
        self.returns = monitor.return_watch(Box::new(back)).map(crate::platform::idle::ReturnWatch::armed_by);
        self.monitor = monitor;
        self.next = polls.then_some(now.mono);
    }

    /// When to wake for the next reading: the idle schedule, and every few seconds while a break
    /// waits for a blocker to end.
    pub(super) fn deadline(&mut self, engine: &Engine, now: Now) -> Option<std::time::Instant> {
        if engine.is_holding() {
            let soon = now.mono + Duration::from_secs(5);
            self.next_blocker_check = Some(self.next_blocker_check.map_or(soon, |t| t.min(soon)));
        } else {
            self.next_blocker_check = None;
        }
        [self.next, self.next_blocker_check].into_iter().flatten().min()
    }

    /// A reading of the blockers came back from their thread: the engine takes it up.
    pub(super) fn blockers_read(&mut self, engine: &mut Engine, reading: BlockerReading, now: Now) {
        self.blockers.answered();
        if !engine.is_away() {
            Self::apply_blockers(engine, reading, now);
        }
    }

    fn apply_blockers(engine: &mut Engine, reading: BlockerReading, now: Now) {
        use crate::core::timer::Blocker;
        let mut active = Vec::new();
        if reading.dnd.is_some() {
            active.push(Blocker::DoNotDisturb);
        }
        if reading.fullscreen {
            active.push(Blocker::Fullscreen);
        }
        engine.set_do_not_disturb_by(reading.dnd);
        engine.blockers_report(&active, now);
    }

    pub(super) fn poll(&mut self, engine: &mut Engine, now: Now) {
        if self.next_blocker_check.is_some_and(|t| t <= now.mono) {
            self.next_blocker_check = None;
        }
        // Blockers only matter when a break is about to be offered (or is held by one), never
        // while the user is away. The loop waits for a reading at most `BLOCKERS_WAIT`; one that
        // comes later is taken up when it comes (`blockers_read`).
        if !engine.is_away()
            && engine.blockers_matter(now)
            && let Some(reading) = self.blockers.ask(now.mono)
        {
            Self::apply_blockers(engine, reading, now);
        }
        if self.next.is_none() {
            return;
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
        engine.idle_report(reading, now);
        let watched = engine.is_away() && self.returns.as_ref().is_some_and(crate::platform::idle::ReturnWatch::arm);
        if engine.is_away() && !watched && self.returns.take().is_some() {
            log("nothing tells of your return here (no XInput 2 on the display, or the compositor's \
                 connection ended): while you are away, the idle time is read every 5 s");
        }
        let wait = if watched { AWAY_WITH_WATCH } else { engine.idle_poll_interval(reading) };
        self.next = Some(now.mono + wait);
    }
}

/// Loads everything the engine starts from; problems become banners, never a failed start.
pub(super) fn build_engine(
    paths: &Paths,
    (tx, rx): (&mpsc::Sender<Input>, &mpsc::Receiver<Input>),
    now: Now,
) -> (Engine, LibraryLoader) {
    let mut banners = Vec::new();
    // What interrupted atomic writes (a kill -9 mid-save) left behind.
    let folders = [paths.settings(), paths.timer(), paths.history(), paths.routines().join("x")];
    let removed: usize = folders
        .iter()
        .filter_map(|p| p.parent())
        .map(|dir| files::clean_leftovers(dir, Duration::from_secs(600), now.wall))
        .sum();
    if removed > 0 {
        log(&format!("removed {removed} temporary file(s) left by interrupted saves"));
    }
    let loaded = files::load_settings(&paths.settings());
    banners.extend(loaded.warnings);
    if !loaded.migrated.is_empty() {
        // Saved at once, so the change holds and is said once; a file with the user's comments
        // is copied aside first.
        let said = loaded.migrated.join("; ");
        banners.push(match files::save_settings(&paths.settings(), &loaded.settings, now.wall) {
            Ok(Some(files::SetAside::Comments(kept) | files::SetAside::Unreadable(kept))) => {
                format!(
                    "Updated {}: {said}. The file as it was is kept as {}.",
                    paths.settings().display(),
                    kept.display()
                )
            }
            Ok(None) => format!("Updated {}: {said}.", paths.settings().display()),
            Err(e) => format!("{said}, for now: the settings could not be saved ({e})."),
        });
    }

    // The routines folder is read on its own thread with a time limit: a slow mount must not hold
    // up the start. Within a second it is used from the first instant; after that, the built-ins
    // are, until the read finishes (the loop takes it up then).
    let mut library = LibraryLoader::new(paths, tx);
    library.request(now.mono);
    let catalogue = if let Ok(Input::Library(read)) = rx.recv_timeout(Duration::from_secs(1)) {
        library.finished(now.mono);
        *read
    } else {
        log("the routines folder is slow to read: starting with the built-in routines");
        crate::core::catalogue::load(&crate::core::builtin::sources())
    };

    let clock = SystemClock;
    let since = now.wall.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()).saturating_sub(HISTORY_DAYS * 86_400);
    // Only the recent days are read (from the file's end), so a long history costs no memory.
    let history = match files::read_history_since(&paths.history(), since) {
        Ok((entries, bad)) => {
            if !bad.is_empty() {
                log(&format!("{} unreadable line(s) in {} were skipped", bad.len(), paths.history().display()));
            }
            entries
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
    // The catalogue is moved in, never copied: with thousands of routine files a copy is tens of
    // megabytes that the allocator would keep.
    let problems = catalogue.error_count();
    let mut engine = Engine::new(loaded.settings, catalogue.catalogue, history, None, banners, ports, now);
    engine.routine_problems(problems);
    // The desk check's offer goes by the first use and the last check (the last 100 days are
    // looked through, from the file's end).
    let unix = now.wall.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    match files::desk_history(&paths.history(), unix, 100 * 86_400) {
        Ok((first_use, last_check)) => engine.set_desk_history(super::DeskHistory { first_use, last_check }),
        Err(e) => log(&format!("the desk check's last date could not be read: {e}")),
    }
    (engine, library)
}

/// Watches the screen lock and suspend (logind), sending them to the loop. logind is asked on a
/// thread of its own: a frozen system bus must not hold up the start.
pub(super) fn watch_session(tx: &mpsc::Sender<Input>) {
    let to_loop = tx.clone();
    let spawned =
        std::thread::Builder::new().name("logind-setup".to_owned()).spawn(
            move || match crate::platform::logind::watch(move |e| drop(to_loop.send(Input::Session(e)))) {
                Ok(what) => log(&format!("screen lock and suspend: {what}")),
                Err(e) => {
                    log(&format!(
                        "screen lock and suspend: not watched ({e}); a suspend is still noticed by the clock"
                    ));
                }
            },
        );
    if let Err(e) = spawned {
        log(&format!("screen lock and suspend: not watched (no thread: {e})"));
    }
}

/// Which call detectors run (each is started once and then runs for the engine's life).
#[derive(Debug, Default)]
pub(super) struct CallWatch {
    microphone: bool,
    camera: bool,
    /// The start-up lines were logged.
    said: bool,
}

/// Starts the call detectors the settings switch on that are not running yet: at start, and
/// again whenever the settings may have changed, so one switched on in Settings starts at once.
/// Switched off, a detector is not started at all (nothing looks); one switched off while it
/// runs goes on watching, and what it sees is ignored ([`Interruptions::call`]).
///
/// [`Interruptions::call`]: crate::core::settings::Interruptions::call
pub(super) fn watch_calls(tx: &mpsc::Sender<Input>, on: crate::core::settings::Interruptions, running: &mut CallWatch) {
    use std::os::unix::fs::MetadataExt as _;
    let first = !running.said;
    running.said = true;
    if on.microphone && !running.microphone {
        running.microphone = true;
        let to_loop = tx.clone();
        match crate::platform::calls::watch_microphone(move |app| drop(to_loop.send(Input::Microphone(app))), log) {
            Ok(()) => log("microphone: a recording holds reminders (watched on the sound server)"),
            Err(e) => log(&format!("microphone: not watched ({e})")),
        }
    } else if first && !on.microphone {
        log("microphone: not watched (switched off in Settings)");
    }
    if on.camera && !running.camera {
        running.camera = true;
        // Tests point this at a folder of stand-in devices (no video device can be made there).
        let devices = std::env::var_os("UNHUNCH_TEST_VIDEO_DIR")
            .map_or_else(|| std::path::PathBuf::from("/dev"), std::path::PathBuf::from);
        let uid = std::fs::metadata("/proc/self").map(|m| m.uid());
        let to_loop = tx.clone();
        let started = uid.and_then(|uid| {
            crate::platform::calls::watch_camera(
                devices.clone(),
                uid,
                move |app| drop(to_loop.send(Input::Camera(app))),
                log,
            )
        });
        match started {
            Ok(()) => log(&format!("camera: an open video device in {} holds reminders", devices.display())),
            Err(e) => log(&format!("camera: not watched ({e})")),
        }
    } else if first && !on.camera {
        log("camera: not watched (switched off in Settings)");
    }
}

/// Carries on from the last run: its timer counts, the history records it could not write, and
/// the break it left in progress (recorded as left unfinished, with what was done).
pub(super) fn carry_on(engine: &mut Engine, paths: &Paths, now: Now) {
    restore_timer(engine, paths, now);
    resume_parked(engine, paths, now);
    let path = paths.closing_record();
    match files::read_history(&path) {
        Ok((closing, bad)) => {
            if !bad.is_empty() {
                log(&format!("{} unreadable line(s) in {} were skipped", bad.len(), path.display()));
            }
            if let Some(e) = closing.first() {
                let what = e.done.as_ref().map(crate::core::history::Done::summary).unwrap_or_default();
                log(&format!("the last run stopped during a break ({what}): recorded as left unfinished"));
            }
            engine.resume_closing(closing, now);
        }
        Err(e) => log(&format!("the last run's break in progress could not be read: {e}")),
    }
}

/// Takes up history records a previous run could not write (they are written now, or keep waiting).
fn resume_parked(engine: &mut Engine, paths: &Paths, now: Now) {
    let path = paths.waiting_history();
    match files::read_parked(&path, &paths.history()) {
        Ok(parked) if !parked.existed => {}
        Ok(mut parked) => {
            if !parked.damaged.is_empty() && !keep_damaged(engine, &path, &parked.damaged, now) {
                // Left as it is for the next start: writing its records would remove it.
                return;
            }
            if !parked.positioned {
                // Kept by an older version, which did not say where the history ended: those
                // equal to a record in the history are taken as written.
                parked.fresh.retain(|e| !engine.history().contains(e));
            }
            engine.resume_parked(parked.fresh, now);
        }
        Err(e) => {
            // Moved out of the way, so records parked from now on do not replace them.
            let stamp = now.wall.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
            let aside = path.with_extension(format!("ron.unread-{stamp}"));
            let kept = match std::fs::rename(&path, &aside) {
                Ok(()) => format!("they are kept in {}", aside.display()),
                Err(r) => format!("they stay in the file ({r})"),
            };
            engine.add_banner(crate::core::banner::Banner::Note(format!(
                "History records kept from an earlier run could not be read ({e}); {kept}."
            )));
        }
    }
}

/// Copies the lines of the records kept aside that could not be read to a file of their own
/// before the kept file goes (they may be records; nothing is deleted), and says where.
fn keep_damaged(engine: &mut Engine, path: &std::path::Path, damaged: &[String], now: Now) -> bool {
    let stamp = now.wall.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let aside = path.with_extension(format!("ron.damaged-{stamp}"));
    let text: String = damaged.iter().flat_map(|l| [l.as_str(), "\n"]).collect();
    let copied = crate::platform::files::write_atomic(&aside, text.as_bytes());
    let said = match &copied {
        Ok(()) => format!(
            "{} line(s) of the history records kept aside in {} could not be read; they are kept in {}.",
            damaged.len(),
            path.display(),
            aside.display()
        ),
        Err(e) => format!(
            "{} line(s) of the history records kept aside in {} could not be read, and could not be copied \
             aside ({e}); the file is left as it is until they can be.",
            damaged.len(),
            path.display()
        ),
    };
    log(&said);
    engine.add_banner(crate::core::banner::Banner::Note(said));
    copied.is_ok()
}

/// Carries on from the timer's save, or says why it could not be used (it is then set aside).
fn restore_timer(engine: &mut Engine, paths: &Paths, now: Now) {
    let timer = files::load_timer(&paths.timer(), now.wall);
    if let Some(note) = timer.note {
        log(&note);
        engine.add_banner(crate::core::banner::Banner::Note(note));
    }
    if let Some(saved) = timer.saved {
        engine.restore(&saved, now);
    }
}

/// The tray icon, kept on a thread of its own: registering it and telling it a new state are
/// D-Bus calls that a frozen bus daemon or tray host could hold, and the loop must never wait on
/// them. The loop leaves the latest state in a slot and wakes the thread; states it had no time to
/// show are skipped (only the last one matters). When the session bus went away, the thread
/// registers the icon again once the bus is back (tried after 1 s, then twice as long each time,
/// up to a minute).
pub(super) struct TrayFeed {
    slot: std::sync::Arc<std::sync::Mutex<TraySlot>>,
    wake: mpsc::SyncSender<()>,
}

#[derive(Default)]
struct TraySlot {
    latest: Option<(crate::protocol::Snapshot, Vec<TrayRoutine>)>,
    bus_lost: bool,
}

/// Longest wait between two tries to register the tray again.
const TRAY_RETRY_MAX: Duration = Duration::from_secs(60);

impl TrayFeed {
    /// Starts the tray thread (it writes the icon theme and registers the icon there).
    pub(super) fn start(paths: &Paths, tx: &mpsc::Sender<Input>) -> Option<Self> {
        let icon_dir = paths.data.join("icons");
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
        let slot = std::sync::Arc::new(std::sync::Mutex::new(TraySlot::default()));
        let (wake, woken) = mpsc::sync_channel::<()>(1);
        let shared = std::sync::Arc::clone(&slot);
        let spawned = std::thread::Builder::new().name("tray".to_owned()).spawn(move || {
            for problem in tray::write_icon_theme(&icon_dir) {
                log(&format!("could not write a tray icon: {problem}"));
            }
            let icons = icon_dir.display().to_string();
            let register = |routines: &[TrayRoutine]| match tray::spawn(routines.to_vec(), icons.clone(), send.clone())
            {
                Ok(handle) => Some(handle),
                Err(e) => {
                    log(&format!("no tray icon ({e}); the window and `unhunch` commands do everything"));
                    None
                }
            };
            let mut handle = None;
            let mut shown: Option<(crate::protocol::Snapshot, Vec<TrayRoutine>)> = None;
            let mut registered_once = false;
            while woken.recv().is_ok() {
                let (latest, lost) = {
                    let mut slot = shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                    (slot.latest.take(), std::mem::take(&mut slot.bus_lost))
                };
                if let Some(latest) = latest {
                    shown = Some(latest);
                }
                let Some((snapshot, routines)) = &shown else { continue };
                if lost {
                    log("the session bus went away: the tray icon registers again once it is back");
                    handle = None;
                    let mut wait = Duration::from_secs(1);
                    while handle.is_none() {
                        std::thread::sleep(wait);
                        handle = tray::spawn(routines.clone(), icons.clone(), send.clone()).ok();
                        wait = (wait * 2).min(TRAY_RETRY_MAX);
                    }
                    log("the tray icon is registered again");
                } else if !registered_once {
                    registered_once = true;
                    handle = register(routines);
                }
                if let Some(h) = &handle {
                    tray::update(h, snapshot, routines);
                }
            }
        });
        if let Err(e) = spawned {
            log(&format!("no tray: {e}"));
            return None;
        }
        Some(Self { slot, wake })
    }

    /// Shows the engine's state at start; returns it.
    pub(super) fn show_first(&self, engine: &Engine, now: Now) -> crate::protocol::Snapshot {
        let first = engine.snapshot(now);
        self.show(&first, &tray_routines(engine));
        first
    }

    /// Shows this state in the tray as soon as the tray thread can.
    pub(super) fn show(&self, snapshot: &crate::protocol::Snapshot, routines: &[TrayRoutine]) {
        self.slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner).latest =
            Some((snapshot.clone(), routines.to_vec()));
        let _ = self.wake.try_send(());
    }

    /// The session bus went away: register the icon again once it is back.
    pub(super) fn bus_lost(&self) {
        self.slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner).bus_lost = true;
        let _ = self.wake.try_send(());
    }
}

/// The routines the tray offers: those that suit the office, shortest first (rebuilt whenever the
/// routine files change, so edits and new routines show).
pub(super) fn tray_routines(engine: &Engine) -> Vec<TrayRoutine> {
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

/// Opens the window (with a message), when there is none open.
pub(super) fn open_window(paths: &Paths, banner: Option<&str>) {
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
