//! The control socket on the operating-system side: where it lives, the single-instance lock,
//! reading length-limited lines, and a blocking client connection.

use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Write as _};
use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use thiserror::Error;

use crate::protocol::{self, Command, MAX_LINE, Request, ServerMessage, VERSION};

/// Something went wrong talking to the engine.
#[derive(Debug, Error)]
pub enum IpcError {
    #[error(
        "Unhunch's engine is not running (no socket at {0}); start it with `unhunch daemon` or open the window with `unhunch`"
    )]
    NotRunning(PathBuf),
    #[error("could not talk to the engine at {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("the engine closed the connection")]
    Closed,
    #[error("the engine sent something unreadable: {0}")]
    Garbled(String),
    #[error("could not prepare {path}: {source}")]
    RuntimeDir { path: PathBuf, source: io::Error },
}

/// The folder for the socket and the lock: `$XDG_RUNTIME_DIR/unhunch`, or `/tmp/unhunch-<uid>`
/// where there is no runtime dir. Created with mode 0700; the `/tmp` fallback must be a real
/// folder of this user's (not a link, not someone else's), or it is refused.
pub fn runtime_dir() -> Result<PathBuf, IpcError> {
    let base = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from).filter(|p| p.is_absolute());
    let uid = fs::metadata("/proc/self").map_or(0, |m| m.uid());
    let Some(base) = base else {
        let dir = PathBuf::from(format!("/tmp/unhunch-{uid}"));
        private_dir(&dir, uid)?;
        return Ok(dir);
    };
    let dir = base.join("unhunch");
    let err = |source| IpcError::RuntimeDir { path: dir.clone(), source };
    fs::create_dir_all(&dir).map_err(err)?;
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).map_err(err)?;
    Ok(dir)
}

/// Makes `dir` (in a folder anyone may write to) a private folder of user `uid`: created with mode
/// 0700 in one step, or, if it exists, accepted only as a real folder owned by `uid` (its mode is
/// then set to 0700).
fn private_dir(dir: &Path, uid: u32) -> Result<(), IpcError> {
    use std::os::unix::fs::DirBuilderExt as _;
    let err = |source| IpcError::RuntimeDir { path: dir.to_path_buf(), source };
    match fs::DirBuilder::new().mode(0o700).create(dir) {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(err(e)),
    }
    let meta = fs::symlink_metadata(dir).map_err(err)?;
    let refuse = |why: &str| {
        err(io::Error::other(format!(
            "{why}, so Unhunch will not put its socket there; remove it, or set XDG_RUNTIME_DIR to a private folder"
        )))
    };
    if meta.file_type().is_symlink() {
        return Err(refuse("it is a symbolic link"));
    }
    if !meta.is_dir() {
        return Err(refuse("it is not a folder"));
    }
    if meta.uid() != uid {
        return Err(refuse(&format!("it belongs to another user (uid {})", meta.uid())));
    }
    if meta.mode() & 0o077 != 0 {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(err)?;
    }
    Ok(())
}

/// The control socket's path.
pub fn socket_path() -> Result<PathBuf, IpcError> {
    Ok(runtime_dir()?.join("control.sock"))
}

/// Holds the one-engine-per-user lock for as long as it lives.
#[derive(Debug)]
pub struct InstanceLock {
    _file: File,
}

/// Takes the engine lock next to the socket. `Ok(None)` when another engine holds it.
pub fn lock_instance(dir: &Path) -> io::Result<Option<InstanceLock>> {
    let file = File::options().create(true).truncate(false).write(true).open(dir.join("engine.lock"))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(InstanceLock { _file: file })),
        Err(fs::TryLockError::WouldBlock) => Ok(None),
        Err(fs::TryLockError::Error(e)) => Err(e),
    }
}

/// Waits until no engine holds the lock in `dir` (the engine has exited), for up to `limit`.
/// `false` when one still holds it at the end. Taking the lock to look releases it at once.
pub fn wait_for_exit(dir: &Path, limit: Duration) -> io::Result<bool> {
    const STEP: Duration = Duration::from_millis(20);
    for _ in 0..=limit.as_millis() / STEP.as_millis() {
        if lock_instance(dir)?.is_some() {
            return Ok(true);
        }
        std::thread::sleep(STEP);
    }
    Ok(false)
}

/// One line read by [`read_line`].
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    Text(String),
    /// The line was longer than the limit; it was read to its end and dropped, all but its first
    /// [`HEAD`] bytes (where a request's id is).
    TooLong {
        head: Vec<u8>,
    },
    /// Not UTF-8.
    Garbled,
    Eof,
}

/// How much of an over-long line is kept.
pub const HEAD: usize = 256;

/// Reads one `\n`-terminated line of at most `max` bytes without ever buffering more than that.
pub fn read_line(reader: &mut impl BufRead, max: usize) -> io::Result<Line> {
    let mut buf = Vec::new();
    let mut too_long = false;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(if buf.is_empty() && !too_long { Line::Eof } else { finish(buf, too_long) });
        }
        let (take, done) = match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            if buf.len() + take > max {
                too_long = true;
                let keep = HEAD.saturating_sub(buf.len()).min(take);
                buf.extend_from_slice(&chunk[..keep]);
                buf.truncate(HEAD);
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        reader.consume(take);
        if done {
            return Ok(finish(buf, too_long));
        }
    }
}

fn finish(mut buf: Vec<u8>, too_long: bool) -> Line {
    if too_long {
        return Line::TooLong { head: buf };
    }
    while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        buf.pop();
    }
    String::from_utf8(buf).map_or(Line::Garbled, Line::Text)
}

/// A blocking connection to the engine, for the CLI and for setting up the window.
#[derive(Debug)]
pub struct Connection {
    writer: Writer,
    reader: BufReader<UnixStream>,
}

impl Connection {
    /// Connects to a running engine.
    pub fn connect(path: &Path) -> Result<Self, IpcError> {
        let stream = UnixStream::connect(path).map_err(|e| match e.kind() {
            io::ErrorKind::NotFound | io::ErrorKind::ConnectionRefused => IpcError::NotRunning(path.to_path_buf()),
            _ => IpcError::Io { path: path.to_path_buf(), source: e },
        })?;
        let reader = stream.try_clone().map_err(|e| IpcError::Io { path: path.to_path_buf(), source: e })?;
        Ok(Self { writer: Writer { path: path.to_path_buf(), stream, next_id: 1 }, reader: BufReader::new(reader) })
    }

    /// Gives up waiting for the engine after `timeout` (a hung engine never hangs a client).
    pub fn set_timeout(&self, timeout: Option<Duration>) -> Result<(), IpcError> {
        self.reader.get_ref().set_read_timeout(timeout).map_err(|e| self.writer.io(e))
    }

    /// Sends a command without waiting; returns its id.
    pub fn send(&mut self, cmd: Command) -> Result<u64, IpcError> {
        self.writer.send(cmd)
    }

    /// Reads the next message from the engine.
    pub fn receive(&mut self) -> Result<ServerMessage, IpcError> {
        match read_line(&mut self.reader, MAX_LINE * 4).map_err(|e| self.writer.io(e))? {
            Line::Text(text) => serde_json::from_str(&text).map_err(|e| IpcError::Garbled(e.to_string())),
            Line::TooLong { .. } | Line::Garbled => Err(IpcError::Garbled("an unreadable line".to_owned())),
            Line::Eof => Err(IpcError::Closed),
        }
    }

    /// Sends a command and waits for its answer, skipping pushed snapshots and events.
    pub fn request(&mut self, cmd: Command) -> Result<ServerMessage, IpcError> {
        let id = self.send(cmd)?;
        loop {
            let msg = self.receive()?;
            match &msg {
                ServerMessage::Ok { id: got, .. } | ServerMessage::Error { id: got, .. } if *got == id => {
                    return Ok(msg);
                }
                // The engine turned the connection away (too many open, or this one idle too
                // long): its reason is the answer, not "the engine closed the connection".
                ServerMessage::Error { id: 0, code: crate::protocol::ErrorCode::Busy, .. } => return Ok(msg),
                ServerMessage::Ok { .. }
                | ServerMessage::Error { .. }
                | ServerMessage::Snapshot { .. }
                | ServerMessage::Event { .. } => {}
            }
        }
    }

    /// Splits into the sending half and the read half, for a reader thread.
    pub fn into_parts(self) -> (Writer, BufReader<UnixStream>) {
        (self.writer, self.reader)
    }
}

/// The sending half of a connection.
#[derive(Debug)]
pub struct Writer {
    path: PathBuf,
    stream: UnixStream,
    next_id: u64,
}

impl Writer {
    fn io(&self, source: io::Error) -> IpcError {
        IpcError::Io { path: self.path.clone(), source }
    }

    /// Sends a command without waiting; returns its id.
    pub fn send(&mut self, cmd: Command) -> Result<u64, IpcError> {
        let id = self.next_id;
        self.next_id += 1;
        let line = protocol::encode(&Request { v: VERSION, id, cmd });
        self.stream.write_all(line.as_bytes()).map_err(|e| self.io(e))?;
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_whole_and_oversized_ones_are_skipped_to_their_end() {
        let input = b"short\n".iter().chain(&[b'x'; 100]).chain(b"\nnext\nlast".iter()).copied().collect::<Vec<u8>>();
        let mut reader = BufReader::with_capacity(8, &input[..]);
        assert_eq!(read_line(&mut reader, 50).unwrap(), Line::Text("short".to_owned()));
        assert!(matches!(read_line(&mut reader, 50).unwrap(), Line::TooLong { .. }));
        assert_eq!(read_line(&mut reader, 50).unwrap(), Line::Text("next".to_owned()));
        assert_eq!(read_line(&mut reader, 50).unwrap(), Line::Text("last".to_owned()));
        assert_eq!(read_line(&mut reader, 50).unwrap(), Line::Eof);
    }

    #[test]
    fn invalid_utf8_is_reported_not_fatal() {
        let input = [0xff, 0xfe, b'\n', b'o', b'k', b'\n'];
        let mut reader = BufReader::new(&input[..]);
        assert_eq!(read_line(&mut reader, 50).unwrap(), Line::Garbled);
        assert_eq!(read_line(&mut reader, 50).unwrap(), Line::Text("ok".to_owned()));
    }

    /// An engine that turns the connection away says why, and that is what the CLI shows, not
    /// "the engine closed the connection".
    #[test]
    fn the_engines_own_words_are_the_answer_when_it_turns_a_connection_away() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("control.sock");
        let listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
        let server = std::thread::Builder::new().name("busy-engine".to_owned()).spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let busy = ServerMessage::Error {
                id: 0,
                code: crate::protocol::ErrorCode::Busy,
                message: "the engine has too many connections".to_owned(),
            };
            stream.write_all(protocol::encode(&busy).as_bytes()).unwrap();
        });
        let server = server.unwrap();
        let mut conn = Connection::connect(&path).unwrap();
        let answer = conn.request(Command::Status).unwrap();
        server.join().unwrap();
        assert!(
            matches!(&answer, ServerMessage::Error { message, .. } if message == "the engine has too many connections"),
            "{answer:?}"
        );
    }

    #[test]
    fn a_second_lock_is_refused_while_the_first_is_held() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock_instance(dir.path()).unwrap();
        assert!(first.is_some());
        assert!(lock_instance(dir.path()).unwrap().is_none());
        drop(first);
        assert!(lock_instance(dir.path()).unwrap().is_some());
    }

    #[test]
    fn the_tmp_fallback_is_private_and_a_planted_one_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let uid = fs::metadata("/proc/self").map_or(0, |m| m.uid());
        let dir = tmp.path().join("unhunch-x");
        private_dir(&dir, uid).unwrap();
        assert_eq!(fs::symlink_metadata(&dir).unwrap().mode() & 0o777, 0o700, "created private");
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
        private_dir(&dir, uid).unwrap();
        assert_eq!(fs::metadata(&dir).unwrap().mode() & 0o777, 0o700, "ours, made private again");
        let link = tmp.path().join("unhunch-link");
        std::os::unix::fs::symlink(&dir, &link).unwrap();
        let e = private_dir(&link, uid).unwrap_err().to_string();
        assert!(e.contains("symbolic link") && e.contains("XDG_RUNTIME_DIR"), "{e}");
        let file = tmp.path().join("unhunch-file");
        crate::platform::files::write_atomic(&file, b"").unwrap();
        assert!(private_dir(&file, uid).unwrap_err().to_string().contains("not a folder"));
        let e = private_dir(&dir, uid + 1).unwrap_err().to_string();
        assert!(e.contains("belongs to another user"), "someone else's folder: {e}");
    }
}
