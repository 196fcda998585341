//! Voice guidance through speech-dispatcher, spoken with the desktop's own voice settings. A
//! small SSIP client over its socket (`$SPEECHD_ADDRESS`, or
//! `$XDG_RUNTIME_DIR/speech-dispatcher/speechd.sock`), started with `speech-dispatcher --spawn`
//! where none is running, as speech-dispatcher's own clients do.

use std::io::{self, BufRead as _, BufReader, Write as _};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::mpsc::{self, Sender};
use std::time::Duration;

use thiserror::Error;

/// Why nothing could be spoken.
#[derive(Debug, Error)]
pub enum SpeechError {
    #[error(
        "speech-dispatcher is not running and could not be started ({0}); install speech-dispatcher and a voice (espeak-ng)"
    )]
    NoServer(String),
    #[error("speech-dispatcher at {path} did not take the text: {why}")]
    Refused { path: PathBuf, why: String },
}

/// The socket speech-dispatcher listens on.
fn socket_path() -> Option<PathBuf> {
    if let Ok(address) = std::env::var("SPEECHD_ADDRESS") {
        return address.strip_prefix("unix_socket:").map(PathBuf::from);
    }
    std::env::var_os("XDG_RUNTIME_DIR").map(|d| PathBuf::from(d).join("speech-dispatcher/speechd.sock"))
}

/// One connection to speech-dispatcher.
#[derive(Debug)]
pub struct Speaker {
    path: PathBuf,
    reader: BufReader<UnixStream>,
}

impl Speaker {
    /// Connects (starting speech-dispatcher if needed) and names this client.
    pub fn connect() -> Result<Self, SpeechError> {
        let path = socket_path().ok_or_else(|| SpeechError::NoServer("no XDG_RUNTIME_DIR".to_owned()))?;
        let stream = match UnixStream::connect(&path) {
            Ok(s) => s,
            Err(first) => {
                // Only the default address is ours to start a server for.
                if std::env::var_os("SPEECHD_ADDRESS").is_some() {
                    return Err(SpeechError::NoServer(format!("{}: {first}", path.display())));
                }
                let spawned = std::process::Command::new("speech-dispatcher")
                    .arg("--spawn")
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .status();
                if let Err(e) = spawned {
                    return Err(SpeechError::NoServer(format!("{}: {first}; speech-dispatcher: {e}", path.display())));
                }
                UnixStream::connect(&path).map_err(|e| SpeechError::NoServer(format!("{}: {e}", path.display())))?
            }
        };
        let timeout = Some(Duration::from_secs(3));
        let refused = |e: io::Error| SpeechError::Refused { path: path.clone(), why: e.to_string() };
        stream.set_read_timeout(timeout).map_err(refused)?;
        stream.set_write_timeout(timeout).map_err(refused)?;
        let mut speaker = Self { path: path.clone(), reader: BufReader::new(stream) };
        speaker.command("SET self CLIENT_NAME unhunch:unhunch:guide", "208")?;
        Ok(speaker)
    }

    /// Sends one command line and reads the reply, which must carry `code`.
    fn command(&mut self, line: &str, code: &str) -> Result<(), SpeechError> {
        let path = self.path.clone();
        let refused = |why: String| SpeechError::Refused { path: path.clone(), why };
        self.reader.get_mut().write_all(format!("{line}\r\n").as_bytes()).map_err(|e| refused(e.to_string()))?;
        self.read_reply(code).map_err(refused)
    }

    /// Reads a (possibly multi-line) reply and checks its final code.
    fn read_reply(&mut self, code: &str) -> Result<(), String> {
        loop {
            let mut reply = String::new();
            let n = self.reader.read_line(&mut reply).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("the connection closed".to_owned());
            }
            // "225-17" continues, "225 OK MESSAGE QUEUED" ends.
            if reply.as_bytes().get(3) == Some(&b'-') {
                continue;
            }
            return if reply.starts_with(code) { Ok(()) } else { Err(reply.trim().to_owned()) };
        }
    }

    /// Says `text`, cutting off whatever this client was still saying (the newest guidance is
    /// the one that matters).
    pub fn say(&mut self, text: &str) -> Result<(), SpeechError> {
        self.command("CANCEL self", "213")?;
        self.command("SPEAK", "230")?;
        let mut body = String::new();
        for line in text.lines() {
            // A line that is a single dot ends the text in SSIP; a leading dot is doubled.
            if line.starts_with('.') {
                body.push('.');
            }
            body.push_str(line);
            body.push_str("\r\n");
        }
        body.push_str(".\r\n");
        let path = self.path.clone();
        self.reader
            .get_mut()
            .write_all(body.as_bytes())
            .map_err(|e| SpeechError::Refused { path: path.clone(), why: e.to_string() })?;
        self.read_reply("225").map_err(|why| SpeechError::Refused { path, why })
    }
}

/// Speaks on a thread of its own; the first failure is logged once, and the connection is made
/// again for the next text.
#[derive(Debug, Clone)]
pub struct Voice {
    tx: Option<Sender<String>>,
}

impl Voice {
    /// Starts the thread; `log` gets the one line saying why nothing is spoken.
    pub fn start(log: impl Fn(&str) + Send + 'static) -> Self {
        let (tx, rx) = mpsc::channel::<String>();
        let spawned = std::thread::Builder::new().name("unhunch-voice".to_owned()).spawn(move || {
            let mut speaker: Option<Speaker> = None;
            let mut said_why = false;
            while let Ok(text) = rx.recv() {
                let result = match speaker.as_mut() {
                    Some(s) => s.say(&text),
                    None => Speaker::connect().and_then(|mut s| {
                        let r = s.say(&text);
                        speaker = Some(s);
                        r
                    }),
                };
                match result {
                    Ok(()) => said_why = false,
                    Err(e) => {
                        speaker = None;
                        if !said_why {
                            log(&format!("voice guidance is silent: {e}"));
                            said_why = true;
                        }
                    }
                }
            }
        });
        Self { tx: spawned.ok().map(|_| tx) }
    }

    /// Queues `text` to be spoken.
    pub fn say(&self, text: String) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(text);
        }
    }
}
