//! The control socket's clients: accepting connections, one reader and one writer thread each,
//! decoding and answering their lines, pushing snapshots and events, and the rule that only one
//! window is connected at a time. A client that stops reading is disconnected, never waited for.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufReader, Write as _};
use std::os::unix::fs::PermissionsExt as _;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::Engine;
use super::events::{ClientId, DaemonError, Input, log};
use crate::core::kind::Now;
use crate::platform::ipc::{Line, read_line};
use crate::protocol::{self, Command, ErrorCode, Event, MAX_LINE, ServerMessage};

/// Lines queued for one client before it counts as too slow and is dropped.
pub(super) const CLIENT_QUEUE: usize = 256;

/// How long one write to a client may block its writer thread.
pub(super) const WRITE_TIMEOUT: Duration = Duration::from_secs(2);

#[expect(clippy::struct_excessive_bools, reason = "independent facts about one connection")]
pub(super) struct Client {
    pub(super) tx: SyncSender<String>,
    pub(super) stream: UnixStream,
    pub(super) writer: JoinHandle<()>,
    pub(super) subscribed: bool,
    pub(super) window: bool,
    /// This client (a window) plays the break in progress.
    pub(super) plays: bool,
    /// Disconnected for not reading; gone once its reader notices.
    pub(super) dropped: bool,
    /// When it connected or last sent a line.
    pub(super) last_active: Instant,
}

impl Client {
    /// A connection that has not subscribed yet.
    pub(super) fn new(tx: SyncSender<String>, stream: UnixStream, writer: JoinHandle<()>, now: Instant) -> Self {
        Self { tx, stream, writer, subscribed: false, window: false, plays: false, dropped: false, last_active: now }
    }

    /// Lets the writer send what is queued, then waits for it to end.
    pub(super) fn finish(self) {
        drop(self.tx);
        let _ = self.writer.join();
    }
}

/// A `test-notification` waiting for the desktop to show it: who asked, and until when.
pub(super) struct PendingTest {
    pub(super) client: ClientId,
    pub(super) request: u64,
    pub(super) until: Instant,
}

/// How long `test-notification` waits for the notification server.
pub(super) const TEST_TIMEOUT: Duration = Duration::from_secs(5);

/// Listens on the control socket (mode 0600). The caller holds the instance lock, so a socket file
/// already there is from an engine that died: it is replaced.
pub(super) fn bind(socket: &Path) -> Result<UnixListener, DaemonError> {
    let failed = |source| DaemonError::Socket { path: socket.to_path_buf(), source };
    if socket.exists() {
        log(&format!("removing a stale socket at {}", socket.display()));
        let _ = fs::remove_file(socket);
    }
    let listener = UnixListener::bind(socket).map_err(failed)?;
    fs::set_permissions(socket, fs::Permissions::from_mode(0o600)).map_err(failed)?;
    Ok(listener)
}

/// The engine's snapshot plus what only the daemon knows (whether a window is connected).
pub(super) fn snapshot_with(
    engine: &Engine,
    clients: &BTreeMap<ClientId, Client>,
    now: Now,
) -> crate::protocol::Snapshot {
    let mut s = engine.snapshot(now);
    s.window_open = clients.values().any(|c| c.window);
    s
}

/// Answers every waiting `test-notification`: shown (`None`) or why not.
pub(super) fn answer_tests(
    clients: &mut BTreeMap<ClientId, Client>,
    tests: &mut Vec<PendingTest>,
    engine: &Engine,
    failed: Option<&str>,
    now: Now,
) {
    for t in std::mem::take(tests) {
        let reply = match failed {
            None => ServerMessage::Ok {
                id: t.request,
                snapshot: Box::new(snapshot_with(engine, clients, now)),
                settings: None,
            },
            Some(why) => ServerMessage::Error { id: t.request, code: ErrorCode::Failed, message: why.to_owned() },
        };
        send_to(clients, t.client, &reply);
    }
}

/// How long a connection that has not subscribed may stay silent before it is closed (the CLI
/// asks at once and goes; a connection that only sits there takes room others need).
pub(super) const IDLE_LIMIT: Duration = Duration::from_secs(10);

/// A new connection came: it is served; past [`MAX_CLIENTS`], the connection silent the longest
/// that is neither the window nor the one playing a break is closed to make room (so held-open
/// connections never lock the window or the CLI out).
pub(super) fn connected(clients: &mut BTreeMap<ClientId, Client>, id: ClientId, client: Client) {
    close_idle(clients, client.last_active);
    clients.insert(id, client);
    let open = clients.values().filter(|c| !c.dropped).count();
    if open <= MAX_CLIENTS {
        return;
    }
    let oldest = clients
        .iter()
        .filter(|(other, c)| **other != id && !c.dropped && !c.window && !c.plays)
        .min_by_key(|(_, c)| c.last_active)
        .map(|(other, _)| *other);
    if let Some(old) = oldest {
        let why = format!("the engine has too many connections (at most {MAX_CLIENTS}); this idle one was closed");
        turn_away(clients, old, &why);
    }
}

/// When the next silent connection is due to be closed.
pub(super) fn idle_deadline(clients: &BTreeMap<ClientId, Client>) -> Option<Instant> {
    clients.values().filter(|c| !c.subscribed && !c.dropped).map(|c| c.last_active + IDLE_LIMIT).min()
}

/// Closes the connections that stayed silent past [`IDLE_LIMIT`] without subscribing.
pub(super) fn close_idle(clients: &mut BTreeMap<ClientId, Client>, now: Instant) {
    let idle: Vec<ClientId> = clients
        .iter()
        .filter(|(_, c)| !c.subscribed && !c.dropped && c.last_active + IDLE_LIMIT <= now)
        .map(|(id, _)| *id)
        .collect();
    for id in idle {
        let why = format!("closed: no request within {} s of connecting", IDLE_LIMIT.as_secs());
        turn_away(clients, id, &why);
    }
}

/// Tells a client why, then closes its connection.
fn turn_away(clients: &mut BTreeMap<ClientId, Client>, id: ClientId, why: &str) {
    if let Some(c) = clients.get_mut(&id).filter(|c| !c.dropped) {
        log(&format!("client {id}: {why}"));
        let message = ServerMessage::Error { id: 0, code: ErrorCode::Busy, message: why.to_owned() };
        let _ = c.tx.try_send(protocol::encode(&message));
        c.dropped = true;
        // Reading stops at once; the writer still sends the reason, then the socket closes.
        let _ = c.stream.shutdown(std::net::Shutdown::Read);
    }
}

/// Handles one line from a client: decodes it, does it, answers it (a `test-notification` is
/// answered once the desktop has shown it, or could not).
pub(super) fn on_line(
    engine: &mut Engine,
    clients: &mut BTreeMap<ClientId, Client>,
    tests: &mut Vec<PendingTest>,
    id: ClientId,
    line: Line,
    now: Now,
) {
    if let Some(c) = clients.get_mut(&id) {
        c.last_active = now.mono;
    }
    let bad = |code, message: String| protocol::DecodeError { id: 0, code, message };
    let request = match line {
        Line::Text(text) => protocol::decode_request(&text),
        Line::TooLong { head } => Err(protocol::DecodeError {
            id: protocol::id_in(&head),
            code: ErrorCode::TooLong,
            message: format!("a request may be at most {MAX_LINE} bytes"),
        }),
        Line::Garbled => Err(bad(ErrorCode::BadRequest, "not UTF-8 text".to_owned())),
        Line::Eof => return,
    };
    let request = match request {
        Ok(r) => r,
        Err(e) => {
            send_to(clients, id, &ServerMessage::Error { id: e.id, code: e.code, message: e.message });
            return;
        }
    };
    let rid = request.id;
    if let Command::Subscribe { window } = request.cmd {
        if window && clients.iter().any(|(other, c)| *other != id && c.window) {
            let message = "Unhunch's window is already open; it was brought to the front".to_owned();
            send_to(clients, id, &ServerMessage::Error { id: rid, code: ErrorCode::WindowOpen, message });
            for c in clients.values().filter(|c| c.window) {
                let _ = c.tx.try_send(protocol::encode(&ServerMessage::Event { event: Event::Raise }));
            }
            return;
        }
        if let Some(c) = clients.get_mut(&id) {
            c.subscribed = true;
            c.window |= window;
        }
    }
    let claims = request.cmd == Command::ClaimBreak;
    // Only the window playing the break reports on it or ends it (another client's claim, or its
    // report, would take the break from under it).
    let on_the_break =
        matches!(request.cmd, Command::ClaimBreak | Command::BreakProgress { .. } | Command::FinishBreak { .. });
    if on_the_break && clients.iter().any(|(other, c)| *other != id && c.plays) {
        let message = "another window plays this break: only it can report on the break or end it".to_owned();
        send_to(clients, id, &ServerMessage::Error { id: rid, code: ErrorCode::Refused, message });
        return;
    }
    let test = request.cmd == Command::TestNotification;
    let result = engine.handle(request.cmd, now);
    if claims && result.is_ok() {
        for (other, c) in clients.iter_mut() {
            c.plays = *other == id;
        }
    }
    if test && result.is_ok() {
        tests.push(PendingTest { client: id, request: rid, until: now.mono + TEST_TIMEOUT });
        return;
    }
    let reply = match result {
        Ok(settings) => ServerMessage::Ok {
            id: rid,
            snapshot: Box::new(snapshot_with(engine, clients, now)),
            settings: settings.map(Box::new),
        },
        Err(f) => ServerMessage::Error { id: rid, code: f.code, message: f.message },
    };
    send_to(clients, id, &reply);
}

pub(super) fn send_to(clients: &mut BTreeMap<ClientId, Client>, id: ClientId, msg: &ServerMessage) {
    let line = protocol::encode(msg);
    let slow =
        clients.get(&id).is_some_and(|c| !c.dropped && matches!(c.tx.try_send(line), Err(TrySendError::Full(_))));
    if slow {
        drop_client(clients, id);
    }
}

pub(super) fn broadcast(clients: &mut BTreeMap<ClientId, Client>, msg: &ServerMessage) {
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
pub(super) fn drop_client(clients: &mut BTreeMap<ClientId, Client>, id: ClientId) {
    if let Some(c) = clients.get_mut(&id).filter(|c| !c.dropped) {
        log(&format!("client {id} is not reading; disconnecting it"));
        c.dropped = true;
        let _ = c.stream.shutdown(std::net::Shutdown::Both);
    }
}

pub(super) fn spawn_acceptor(listener: UnixListener, tx: mpsc::Sender<Input>) -> io::Result<()> {
    let live: Arc<Open> = Arc::default();
    std::thread::Builder::new().name("accept".to_owned()).spawn(move || {
        let mut backoff = AcceptBackoff::default();
        for (n, stream) in listener.incoming().enumerate() {
            let mut stream = match stream {
                Ok(stream) => {
                    backoff.recovered();
                    stream
                }
                Err(e) => {
                    backoff.failed(&e);
                    continue;
                }
            };
            let id = n as ClientId;
            // Each connection costs two threads. Past `MAX_CLIENTS` the loop closes the one
            // silent the longest for each new one; the acceptor waits a moment for those closings
            // to catch up, and only if they do not is a new connection refused.
            if !live.room_within(ROOM_WAIT) {
                let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
                let refusal = ServerMessage::Error {
                    id: 0,
                    code: ErrorCode::Busy,
                    message: format!("too many connections to the engine (at most {MAX_CLIENTS}); try again shortly"),
                };
                let _ = stream.write_all(protocol::encode(&refusal).as_bytes());
                refuse_gently(&mut stream);
                continue;
            }
            if let Err(e) = serve(id, stream, &tx, Live::count(&live)) {
                log(&format!("client {id}: {e}"));
            }
        }
    })?;
    Ok(())
}

/// Waiting after a failed `accept`: out of file descriptors (EMFILE, ENFILE) or memory, `accept`
/// fails at once for as long as it lasts, and trying again at once would spin a core. The wait
/// doubles from 10 ms to a second; the log says it once per spell.
#[derive(Default)]
struct AcceptBackoff {
    wait: Option<Duration>,
}

impl AcceptBackoff {
    fn failed(&mut self, e: &io::Error) {
        let wait = match self.wait {
            None => {
                log(&format!("cannot accept connections ({e}); trying again, less and less often"));
                Duration::from_millis(10)
            }
            Some(w) => (w * 2).min(Duration::from_secs(1)),
        };
        self.wait = Some(wait);
        std::thread::sleep(wait);
    }

    fn recovered(&mut self) {
        if self.wait.take().is_some() {
            log("accepting connections again");
        }
    }
}

/// Closes a refused connection so that its client reads the refusal: a socket closed with the
/// client's request still unread resets the connection, and the client would see "connection
/// reset" instead of the reason. So: no more writing, then what the client sent is read and
/// dropped, until it closes or for a quarter of a second at most.
fn refuse_gently(stream: &mut UnixStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_millis(250)));
    let mut sink = [0_u8; 4096];
    for _ in 0..16 {
        match std::io::Read::read(stream, &mut sink) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
}

/// Connections open at once before the one silent the longest is closed for a new one.
pub(super) const MAX_CLIENTS: usize = 32;

/// Connections open at most at once (room for the window and the CLI while idle ones close).
pub(super) const HARD_LIMIT: usize = MAX_CLIENTS + 16;

/// How long the acceptor waits for room before it refuses a connection.
const ROOM_WAIT: Duration = Duration::from_millis(500);

/// The connections open now; the acceptor waits on it for room.
#[derive(Default)]
pub(super) struct Open {
    count: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

impl Open {
    /// True when fewer than [`HARD_LIMIT`] are open, now or within `wait`.
    fn room_within(&self, wait: Duration) -> bool {
        let count = self.count.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (count, _) = self
            .freed
            .wait_timeout_while(count, wait, |n| *n >= HARD_LIMIT)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *count < HARD_LIMIT
    }
}

/// One open connection, counted until its reader ends.
pub(super) struct Live(Arc<Open>);

impl Live {
    fn count(open: &Arc<Open>) -> Self {
        *open.count.lock().unwrap_or_else(std::sync::PoisonError::into_inner) += 1;
        Self(Arc::clone(open))
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        let mut count = self.0.count.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *count = count.saturating_sub(1);
        self.0.freed.notify_all();
    }
}

/// Starts one client's reader and writer threads.
pub(super) fn serve(id: ClientId, stream: UnixStream, tx: &mpsc::Sender<Input>, open: Live) -> io::Result<()> {
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
        let _open = open;
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
