//! Plays the session's cues through the desktop's sound server: the PulseAudio native protocol in
//! pure Rust (PipeWire's pulse server speaks it too), else `pw-play` or `paplay`, else silence
//! with one logged reason. Nothing here blocks the window: cues go to a thread of their own.

use std::ffi::CString;
use std::io::{self, BufReader, Read as _, Write as _};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Sender};
use std::time::Duration;

use pulseaudio::protocol;
use thiserror::Error;

use crate::core::cues::RATE;

/// How a cue was played: the backend, and why the sound server's own protocol was not used when
/// a player program played it instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Played {
    pub backend: Backend,
    pub native_failed: Option<String>,
}

/// The ways a cue can be played.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Straight to the sound server over its native protocol.
    Pulse,
    /// PipeWire's `pw-play`.
    PwPlay,
    /// PulseAudio's `paplay`.
    Paplay,
}

impl Backend {
    /// The name people see.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pulse => "the sound server (PulseAudio protocol)",
            Self::PwPlay => "pw-play",
            Self::Paplay => "paplay",
        }
    }
}

/// Why nothing could be played.
#[derive(Debug, Error)]
#[error(
    "no sound could be played: {pulse}; {players}. Check that PulseAudio or PipeWire runs (`pactl info`), or install pulseaudio-utils"
)]
pub struct SoundError {
    pulse: String,
    players: String,
}

/// How long talking to the sound server may take before it counts as not answering.
const TIMEOUT: Duration = Duration::from_secs(3);

/// The tag of the drain command, whose reply says the stream has played.
const DRAINED: u32 = 3;

/// How much longer than the cue itself any one way of playing it may take.
const SLACK: Duration = Duration::from_secs(3);

/// Plays `samples` (mono, 16-bit, [`RATE`]) and returns once they have played, or why they
/// could not. Bounded: each way of playing gets the cue's length plus 3 s (`SLACK`), and a sound
/// server that is there but does not answer (stopped, hung) is not tried again through a player
/// program that would wait on the same server.
pub fn play_blocking(samples: &[i16]) -> Result<Played, SoundError> {
    let bytes: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
    let length = Duration::from_secs_f64(samples.len() as f64 / f64::from(RATE));
    let pulse = match play_pulse(&bytes, length + SLACK) {
        Ok(()) => return Ok(Played { backend: Backend::Pulse, native_failed: None }),
        Err(e) => e,
    };
    if matches!(pulse.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock) {
        return Err(SoundError {
            pulse: format!("the sound server did not answer within {} s ({pulse}; is it stopped?)", SLACK.as_secs()),
            players: "the player programs were not tried (they would wait on the same server)".to_owned(),
        });
    }
    let rate = RATE.to_string();
    let players: [(Backend, &str, Vec<&str>); 2] = [
        (Backend::PwPlay, "pw-play", vec!["--format", "s16", "--rate", &rate, "--channels", "1", "-"]),
        (Backend::Paplay, "paplay", vec!["--raw", "--format=s16le", "--rate", &rate, "--channels=1"]),
    ];
    let mut tried = Vec::new();
    for (backend, program, args) in players {
        match play_with(program, &args, &bytes, length + SLACK) {
            Ok(()) => return Ok(Played { backend, native_failed: Some(pulse.to_string()) }),
            Err(e) => tried.push(format!("{program}: {e}")),
        }
    }
    Err(SoundError { pulse: format!("the sound server: {pulse}"), players: tried.join("; ") })
}

/// The server's socket: `$PULSE_SERVER` (a `unix:` path), `$PULSE_RUNTIME_PATH/native`, or
/// `$XDG_RUNTIME_DIR/pulse/native`.
pub(crate) fn socket_path() -> Option<PathBuf> {
    // A server elsewhere (`tcp:host`) is left to the command-line players.
    if let Ok(server) = std::env::var("PULSE_SERVER") {
        let path = server.strip_prefix("unix:").unwrap_or(&server);
        return Some(PathBuf::from(path)).filter(|p| p.is_absolute() && p.exists());
    }
    let runtime = std::env::var_os("PULSE_RUNTIME_PATH").map(|p| PathBuf::from(p).join("native"));
    let xdg = std::env::var_os("XDG_RUNTIME_DIR").map(|p| PathBuf::from(p).join("pulse/native"));
    [runtime, xdg].into_iter().flatten().find(|p| p.exists())
}

fn other(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// A protocol error as an I/O error, keeping the kind of one that was I/O (a timeout stays one).
fn proto(e: protocol::ProtocolError) -> io::Error {
    match e {
        protocol::ProtocolError::Io(io) => io,
        other => io::Error::other(other.to_string()),
    }
}

/// Connects to the sound server, authenticates and names this client `name`: the socket, with
/// timeouts of [`TIMEOUT`], and the protocol version both speak.
pub(crate) fn connect(name: &str) -> io::Result<(BufReader<UnixStream>, u16)> {
    let path = socket_path().ok_or_else(|| other("no server socket (PULSE_SERVER, XDG_RUNTIME_DIR/pulse/native)"))?;
    let stream = UnixStream::connect(&path).map_err(|e| other(format!("{}: {e}", path.display())))?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    let mut sock = BufReader::new(stream);
    let cookie = pulseaudio::cookie_path_from_env().and_then(|p| std::fs::read(p).ok()).unwrap_or_default();
    let auth =
        protocol::AuthParams { version: protocol::MAX_VERSION, supports_shm: false, supports_memfd: false, cookie };
    protocol::write_command_message(sock.get_mut(), 0, &protocol::Command::Auth(auth), protocol::MAX_VERSION)
        .map_err(proto)?;
    let (_, reply) =
        protocol::read_reply_message::<protocol::AuthReply>(&mut sock, protocol::MAX_VERSION).map_err(proto)?;
    let version = protocol::MAX_VERSION.min(reply.version);
    let mut props = protocol::Props::new();
    props.set(protocol::Prop::ApplicationName, CString::new(name).map_err(other)?);
    protocol::write_command_message(sock.get_mut(), 1, &protocol::Command::SetClientName(props), version)
        .map_err(proto)?;
    protocol::read_reply_message::<protocol::SetClientNameReply>(&mut sock, version).map_err(proto)?;
    Ok((sock, version))
}

/// One playback stream on the server: authenticate, name the client, create the stream, send the
/// samples as the server asks for them, drain; all within `limit`.
fn play_pulse(bytes: &[u8], limit: Duration) -> io::Result<()> {
    use crate::core::ports::Clock as _;
    let clock = crate::platform::clock::SystemClock;
    let deadline = clock.now().mono + limit;
    let (mut sock, version) = connect("Unhunch")?;

    let params = protocol::PlaybackStreamParams {
        sample_spec: protocol::SampleSpec { format: protocol::SampleFormat::S16Le, channels: 1, sample_rate: RATE },
        channel_map: protocol::ChannelMap::mono(),
        cvolume: None,
        sink_name: Some(protocol::DEFAULT_SINK.to_owned()),
        ..Default::default()
    };
    protocol::write_command_message(sock.get_mut(), 2, &protocol::Command::CreatePlaybackStream(params), version)
        .map_err(proto)?;
    let (_, info) =
        protocol::read_reply_message::<protocol::CreatePlaybackStreamReply>(&mut sock, version).map_err(proto)?;
    let mut sent = 0;
    let mut push_more = |sock: &mut BufReader<UnixStream>, want: usize| -> io::Result<bool> {
        let end = (sent + want.max(1)).min(bytes.len());
        if sent < end {
            protocol::write_memblock(sock.get_mut(), info.channel, &bytes[sent..end], 0).map_err(proto)?;
            sent = end;
        }
        Ok(sent >= bytes.len())
    };
    // Once everything is sent: the server answers the drain when it has played it all.
    let drain = |sock: &mut BufReader<UnixStream>| {
        let cmd = protocol::Command::DrainPlaybackStream(info.channel);
        protocol::write_command_message(sock.get_mut(), DRAINED, &cmd, version).map_err(proto)
    };
    let mut draining = push_more(&mut sock, info.requested_bytes as usize)?;
    if draining {
        drain(&mut sock)?;
    }
    loop {
        // Each read waits at most until the deadline: a server that keeps the stream open but
        // never drains it does not hold the cue longer.
        let left = deadline.saturating_duration_since(clock.now().mono);
        if left.is_zero() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "the stream did not finish in time"));
        }
        sock.get_ref().set_read_timeout(Some(left.min(TIMEOUT)))?;
        let Some((seq, msg)) = read_message(&mut sock, version)? else { continue };
        match msg {
            protocol::Command::Request(protocol::Request { channel, length })
                if channel == info.channel && !draining =>
            {
                let all_sent = push_more(&mut sock, length as usize)?;
                if all_sent {
                    draining = true;
                    drain(&mut sock)?;
                }
            }
            protocol::Command::Reply if seq == DRAINED => return Ok(()),
            protocol::Command::Error(e) => return Err(other(format!("the server said {e:?}"))),
            _ => {}
        }
    }
}

/// The largest message the cue's connection reads (the server's own limit is far below).
const MAX_MESSAGE: u32 = 16 << 20;

/// Reads one whole message from the server. A message this client can't parse (the server sends
/// stream events such as underruns, more often on a busy machine, that the protocol crate reads
/// differently) is skipped as a whole, so the next one is read from its start: `None`.
fn read_message(sock: &mut BufReader<UnixStream>, version: u16) -> io::Result<Option<(u32, protocol::Command)>> {
    let desc = protocol::read_descriptor(sock).map_err(proto)?;
    if desc.length > MAX_MESSAGE {
        return Err(other(format!("the server sent a message of {} bytes", desc.length)));
    }
    let mut payload = vec![0; desc.length as usize];
    sock.read_exact(&mut payload)?;
    if desc.channel != u32::MAX {
        return Ok(None);
    }
    let mut cursor = io::Cursor::new(payload);
    Ok(protocol::Command::read_tag_prefixed(&mut cursor, version).ok())
}

/// Pipes the raw samples to a command-line player, which has `limit` to finish: past it, it is
/// killed (a player waiting on a stopped sound server would otherwise take half a minute).
fn play_with(program: &str, args: &[&str], bytes: &[u8], limit: Duration) -> io::Result<()> {
    use crate::core::ports::Clock as _;
    let clock = crate::platform::clock::SystemClock;
    let deadline = clock.now().mono + limit;
    let mut child =
        Command::new(program).args(args).stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn()?;
    // Fed from a thread: a player that stops reading must not hold this one past the limit.
    if let Some(mut stdin) = child.stdin.take() {
        let bytes = bytes.to_vec();
        let _ = std::thread::Builder::new().name("sound-feed".to_owned()).spawn(move || stdin.write_all(&bytes));
    }
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if clock.now().mono >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                format!("did not finish within {} s and was stopped", limit.as_secs()),
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if status.success() {
        Ok(())
    } else {
        let mut said = String::new();
        if let Some(mut err) = child.stderr.take() {
            let _ = err.read_to_string(&mut said);
        }
        Err(other(format!("{status} ({})", said.lines().next().unwrap_or_default().trim())))
    }
}

/// Plays cues one after another on a thread of its own, so the window never waits for sound.
/// The first failure is logged once; later cues are tried again (a sound server may come back).
/// A cue that waited longer than [`LATE`] (behind one a stuck server held) is dropped: a step's
/// cue heard seconds after the step began would mislead.
#[derive(Debug, Clone)]
pub struct Player {
    tx: Option<Sender<(std::time::Instant, Vec<i16>)>>,
}

/// How long a cue may wait to be played before it is dropped.
pub const LATE: Duration = Duration::from_secs(1);

impl Player {
    /// Starts the thread (or, if that fails, a player that stays silent); `log` gets the one
    /// line saying why cues are silent.
    pub fn start(log: impl Fn(&str) + Send + 'static) -> Self {
        Self::start_with(play_blocking, log)
    }

    /// A player that plays through `play` (tests give it a slow one).
    pub fn start_with(
        play: impl Fn(&[i16]) -> Result<Played, SoundError> + Send + 'static,
        log: impl Fn(&str) + Send + 'static,
    ) -> Self {
        use crate::core::ports::Clock as _;
        let (tx, rx) = mpsc::channel::<(std::time::Instant, Vec<i16>)>();
        let spawned = std::thread::Builder::new().name("unhunch-sound".to_owned()).spawn(move || {
            let mut said_why = false;
            let mut said_late = false;
            while let Ok((queued, samples)) = rx.recv() {
                let waited = crate::platform::clock::SystemClock.now().mono.saturating_duration_since(queued);
                if waited > LATE {
                    if !said_late {
                        log(&format!("a sound cue came {} s late and was dropped", waited.as_secs()));
                        said_late = true;
                    }
                    continue;
                }
                said_late = false;
                match play(&samples) {
                    Ok(_) => said_why = false,
                    Err(e) if !said_why => {
                        log(&format!("sound cues are silent: {e}"));
                        said_why = true;
                    }
                    Err(_) => {}
                }
            }
        });
        Self { tx: spawned.ok().map(|_| tx) }
    }

    /// Queues `samples` to play.
    pub fn play(&self, samples: Vec<i16>) {
        use crate::core::ports::Clock as _;
        if let Some(tx) = &self.tx {
            let _ = tx.send((crate::platform::clock::SystemClock.now().mono, samples));
        }
    }
}

/// The desktop's guide: cues through [`Player`], voice through [`super::speech::Voice`].
#[derive(Debug, Clone)]
pub struct DesktopGuide {
    sound: Player,
    voice: super::speech::Voice,
}

impl DesktopGuide {
    /// Starts both threads; their one-line reasons for silence go to `log`.
    pub fn start(log: fn(&str)) -> Self {
        Self { sound: Player::start(log), voice: super::speech::Voice::start(log) }
    }
}

impl crate::core::ports::Guide for DesktopGuide {
    fn cue(&self, cue: crate::core::cues::Cue, volume: f32) {
        self.sound.play(crate::core::cues::synth(cue, volume));
    }
    fn say(&self, text: &str) {
        self.voice.say(text.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cue held up behind one a stuck server kept is dropped, not played seconds late.
    #[test]
    fn cues_that_waited_behind_a_stuck_one_are_dropped() {
        let (heard_tx, heard) = mpsc::channel::<usize>();
        let (release_tx, release) = mpsc::channel::<()>();
        let release = std::sync::Mutex::new(release);
        let player = Player::start_with(
            move |samples| {
                // The first cue is stuck until the test lets it go.
                if samples.len() == 1 {
                    let _ = release.lock().map(|r| r.recv());
                }
                let _ = heard_tx.send(samples.len());
                Ok(Played { backend: Backend::Pulse, native_failed: None })
            },
            |_| {},
        );
        player.play(vec![0]);
        player.play(vec![0, 0]);
        player.play(vec![0, 0, 0]);
        // Held past the limit: the two behind it are late by then.
        std::thread::sleep(LATE + Duration::from_millis(300));
        let _ = release_tx.send(());
        assert_eq!(heard.recv_timeout(Duration::from_secs(5)), Ok(1));
        player.play(vec![0; 4]);
        assert_eq!(heard.recv_timeout(Duration::from_secs(5)), Ok(4), "the late ones were dropped; a fresh one plays");
    }
}
