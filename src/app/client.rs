//! How the window talks to the engine: over the control socket ([`SocketClient`]), or to an engine
//! in the same process ([`LocalClient`], for tests and `--standalone`). Both look the same to the
//! window: commands go out, messages (answers, snapshots, events) come back on `poll`.

use std::io::BufReader;
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use crate::engine::{Engine, Outgoing};
use crate::platform::ipc::{self, Line, Writer, read_line};
use crate::protocol::{Command, MAX_LINE, ServerMessage};

/// Wakes the UI when a message arrives (egui's `request_repaint`).
pub type Waker = Arc<dyn Fn() + Send + Sync>;

/// The window's view of the engine.
pub trait EngineClient {
    /// Sends a command; its answer arrives later through [`EngineClient::poll`].
    fn send(&mut self, cmd: Command) -> Result<(), String>;
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
            Ok(Line::TooLong | Line::Garbled) => {}
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
    fn send(&mut self, cmd: Command) -> Result<(), String> {
        self.writer.send(cmd).map(drop).map_err(|e| e.to_string())
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
/// the window polls.
pub struct LocalClient {
    engine: Engine,
    queue: Vec<ServerMessage>,
    next_id: u64,
}

impl std::fmt::Debug for LocalClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LocalClient")
    }
}

impl LocalClient {
    /// Wraps an engine; the window gets a first snapshot on its first poll.
    pub fn new(engine: Engine) -> Self {
        let first = ServerMessage::Snapshot { snapshot: Box::new(engine.snapshot()) };
        Self { engine, queue: vec![first], next_id: 1 }
    }

    /// The engine, for tests to inspect.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    fn push_outgoing(&mut self, outgoing: Vec<Outgoing>) {
        for out in outgoing {
            match out {
                Outgoing::Event(event) => self.queue.push(ServerMessage::Event { event }),
                Outgoing::OpenWindow { .. } | Outgoing::Quit => {}
            }
        }
        self.queue.push(ServerMessage::Snapshot { snapshot: Box::new(self.engine.snapshot()) });
    }
}

impl EngineClient for LocalClient {
    fn send(&mut self, cmd: Command) -> Result<(), String> {
        let id = self.next_id;
        self.next_id += 1;
        let (result, outgoing) = self.engine.handle(cmd);
        let reply = match result {
            Ok(settings) => {
                ServerMessage::Ok { id, snapshot: Box::new(self.engine.snapshot()), settings: settings.map(Box::new) }
            }
            Err(f) => ServerMessage::Error { id, code: f.code, message: f.message },
        };
        self.queue.push(reply);
        self.push_outgoing(outgoing);
        Ok(())
    }

    fn poll(&mut self) -> Vec<ServerMessage> {
        if self.engine.next_deadline().is_some_and(|d| d <= self.engine.now().mono) {
            let outgoing = self.engine.tick();
            self.push_outgoing(outgoing);
        }
        std::mem::take(&mut self.queue)
    }

    fn next_deadline(&self) -> Option<Instant> {
        self.engine.next_deadline()
    }

    fn set_waker(&mut self, _waker: Waker) {}

    fn routines_changed(&mut self, loaded: &crate::core::catalogue::Loaded) {
        self.engine.set_catalogue(loaded.catalogue.clone(), loaded.error_count());
        self.queue.push(ServerMessage::Snapshot { snapshot: Box::new(self.engine.snapshot()) });
    }
}
