//! How the window talks to the engine: over the control socket ([`SocketClient`]), or to an engine
//! in the same process ([`LocalClient`], for tests and `--standalone`). Both look the same to the
//! window: commands go out, messages (answers, snapshots, events) come back on `poll`.

use std::io::BufReader;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use crate::engine::{Engine, Failure, Outgoing};
use crate::platform::ipc::{self, IpcError, Line, Writer, read_line};
use crate::protocol::{Command, MAX_LINE, ServerMessage};

/// Wakes the UI when a message arrives (egui's `request_repaint`).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// The window's view of the engine.
pub trait EngineClient {
    /// Sends a command; its answer arrives later through [`EngineClient::poll`].
    fn send(&mut self, cmd: Command) -> Result<(), IpcError>;
    /// Everything that arrived since the last poll.
    fn poll(&mut self) -> Vec<ServerMessage>;
    /// When the client itself needs to be polled again (an in-process engine's next deadline).
    fn next_deadline(&self) -> Option<Instant> {
        None
    }
    /// Registers the function that wakes the UI.
    fn set_waker(&mut self, waker: Waker);
    /// False once the connection to the engine has closed.
    fn is_connected(&self) -> bool {
        true
    }
    /// The window reloaded the routine files. An engine process watches the folder itself; an
    /// in-process engine takes the window's catalogue.
    fn routines_changed(&mut self, _loaded: &crate::core::catalogue::Loaded) {}
}

/// A client of the engine process over the control socket. A reader thread turns lines into
/// messages and wakes the UI.
pub struct SocketClient {
    writer: Writer,
    rx: mpsc::Receiver<ServerMessage>,
    waker: Arc<Mutex<Option<Waker>>>,
    /// Cleared by the reader when the engine closes the connection.
    open: Arc<AtomicBool>,
}

impl std::fmt::Debug for SocketClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SocketClient")
    }
}

impl SocketClient {
    /// Takes over a connection (already subscribed) and starts its reader thread.
    pub fn new(connection: ipc::Connection) -> std::io::Result<Self> {
        let (writer, reader) = connection.into_parts();
        let (tx, rx) = mpsc::channel();
        let waker: Arc<Mutex<Option<Waker>>> = Arc::new(Mutex::new(None));
        let open = Arc::new(AtomicBool::new(true));
        let (wake, alive) = (Arc::clone(&waker), Arc::clone(&open));
        std::thread::Builder::new()
            .name("engine-reader".to_owned())
            .spawn(move || read_loop(reader, &tx, &wake, &alive))?;
        Ok(Self { writer, rx, waker, open })
    }
}

fn read_loop(
    mut reader: BufReader<UnixStream>,
    tx: &mpsc::Sender<ServerMessage>,
    waker: &Mutex<Option<Waker>>,
    open: &AtomicBool,
) {
    let wake = || {
        if let Some(w) = waker.lock().unwrap_or_else(PoisonError::into_inner).as_ref() {
            w();
        }
    };
    loop {
        match read_line(&mut reader, MAX_LINE * 4) {
            Ok(Line::Text(text)) => {
                if let Ok(msg) = serde_json::from_str::<ServerMessage>(&text) {
                    if tx.send(msg).is_err() {
                        return;
                    }
                    wake();
                }
            }
            Ok(Line::TooLong { .. } | Line::Garbled) => {}
            Ok(Line::Eof) | Err(_) => {
                // The engine went away: the window says so (it told us first if it meant to).
                open.store(false, Ordering::SeqCst);
                wake();
                return;
            }
        }
    }
}

impl EngineClient for SocketClient {
    fn send(&mut self, cmd: Command) -> Result<(), IpcError> {
        self.writer.send(cmd).map(drop)
    }

    fn poll(&mut self) -> Vec<ServerMessage> {
        self.rx.try_iter().collect()
    }

    fn set_waker(&mut self, waker: Waker) {
        *self.waker.lock().unwrap_or_else(PoisonError::into_inner) = Some(waker);
    }

    fn is_connected(&self) -> bool {
        self.open.load(Ordering::SeqCst)
    }
}

/// An engine in the window's own process: commands are handled at once; deadlines are run when
/// the window polls. A [`LocalRemote`] made from it acts as a second client (the tray, the CLI)
/// of the same engine, for tests.
pub struct LocalClient {
    shared: Arc<Mutex<Shared>>,
}

/// What a [`LocalClient`] and its remotes share: the engine and what the window has yet to read.
struct Shared {
    engine: Engine,
    queue: Vec<ServerMessage>,
    next_id: u64,
}

impl std::fmt::Debug for LocalClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LocalClient")
    }
}

impl Shared {
    /// The time, read here in the shell and handed to the engine.
    fn now(&self) -> crate::core::kind::Now {
        self.engine.clock().now()
    }

    /// Hands over what the engine asked for (the window is the only shell here: events reach it,
    /// the rest is the daemon's business and has no meaning in-process).
    fn push_outgoing(&mut self) {
        while let Some(out) = self.engine.poll_outgoing() {
            match out {
                Outgoing::Event(event) => self.queue.push(ServerMessage::Event { event }),
                Outgoing::OpenWindow { .. } | Outgoing::HoldMedia(_) | Outgoing::Quit => {}
            }
        }
        let snapshot = Box::new(self.engine.snapshot(self.now()));
        self.queue.push(ServerMessage::Snapshot { snapshot });
    }
}

impl LocalClient {
    /// Wraps an engine; the window gets a first snapshot on its first poll.
    pub fn new(engine: Engine) -> Self {
        let first = ServerMessage::Snapshot { snapshot: Box::new(engine.snapshot(engine.clock().now())) };
        Self { shared: Arc::new(Mutex::new(Shared { engine, queue: vec![first], next_id: 1 })) }
    }

    /// Another client of the same engine (what the tray or the CLI is to the daemon).
    pub fn remote(&self) -> LocalRemote {
        LocalRemote { shared: Arc::clone(&self.shared) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shared> {
        self.shared.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A second client of a [`LocalClient`]'s engine: its commands are done at once, and what they
/// cause (a break starting, a snapshot) reaches the window as it would from the daemon.
#[derive(Clone)]
pub struct LocalRemote {
    shared: Arc<Mutex<Shared>>,
}

impl std::fmt::Debug for LocalRemote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LocalRemote")
    }
}

impl LocalRemote {
    /// Does a command, as the tray or the CLI would; returns the engine's answer.
    pub fn send(&self, cmd: Command) -> Result<(), Failure> {
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        let now = shared.now();
        let result = shared.engine.handle(cmd, now);
        shared.push_outgoing();
        result.map(drop)
    }

    /// The window playing the break went away (what the daemon does when its connection closes).
    pub fn player_gone(&self) {
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        let now = shared.now();
        shared.engine.player_gone(now);
        shared.push_outgoing();
    }

    /// A new window's client of the same engine (the window that read before must stop reading:
    /// the two share what arrives), starting with a fresh snapshot.
    pub fn client(&self) -> LocalClient {
        self.start_afresh();
        LocalClient { shared: Arc::clone(&self.shared) }
    }

    fn start_afresh(&self) {
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        shared.queue.clear();
        let snapshot = Box::new(shared.engine.snapshot(shared.now()));
        shared.queue.push(ServerMessage::Snapshot { snapshot });
    }

    /// A look at the engine, for tests.
    pub fn snapshot(&self) -> crate::protocol::Snapshot {
        let shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        shared.engine.snapshot(shared.now())
    }
}

impl EngineClient for LocalClient {
    fn send(&mut self, cmd: Command) -> Result<(), IpcError> {
        let mut shared = self.lock();
        let id = shared.next_id;
        shared.next_id += 1;
        let now = shared.now();
        let result = shared.engine.handle(cmd, now);
        let reply = match result {
            Ok(settings) => {
                let snapshot = Box::new(shared.engine.snapshot(now));
                ServerMessage::Ok { id, snapshot, settings: settings.map(Box::new) }
            }
            Err(f) => ServerMessage::Error { id, code: f.code, message: f.message },
        };
        shared.queue.push(reply);
        shared.push_outgoing();
        Ok(())
    }

    fn poll(&mut self) -> Vec<ServerMessage> {
        let mut shared = self.lock();
        let now = shared.now();
        if shared.engine.next_deadline().is_some_and(|d| d <= now.mono) {
            shared.engine.tick(now);
            shared.push_outgoing();
        }
        std::mem::take(&mut shared.queue)
    }

    fn next_deadline(&self) -> Option<Instant> {
        self.lock().engine.next_deadline()
    }

    fn set_waker(&mut self, _waker: Waker) {}

    fn routines_changed(&mut self, loaded: &crate::core::catalogue::Loaded) {
        let mut shared = self.lock();
        shared.engine.set_catalogue(loaded.catalogue.clone(), loaded.error_count());
        let snapshot = Box::new(shared.engine.snapshot(shared.now()));
        shared.queue.push(ServerMessage::Snapshot { snapshot });
    }
}
