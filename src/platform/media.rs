//! Media players during a break (MPRIS over the session bus): when a session starts, the players
//! that are playing are paused; when it ends, exactly those are played again, and only if they
//! are still paused (one the user started or stopped meanwhile is left alone; one the user had
//! paused before is never touched). Players are remembered by their unique bus name, so a player
//! that quit and came back is not mistaken for the one that was paused.
//!
//! The bus is talked to on a thread of its own, so a player that answers slowly never holds up
//! the engine; the thread sleeps until asked.

use std::sync::mpsc::{self, Sender};
use std::time::Duration;

const PREFIX: &str = "org.mpris.MediaPlayer2.";
const PATH: &str = "/org/mpris/MediaPlayer2";
const PLAYER: &str = "org.mpris.MediaPlayer2.Player";

/// How long one player may take to answer.
const TIMEOUT: Duration = Duration::from_secs(2);

/// Pauses and resumes the session's players on a thread of its own.
#[derive(Debug)]
pub struct Media {
    tx: Option<Sender<Ask>>,
}

/// What the media thread is asked to do.
enum Ask {
    /// `true`: pause what plays; `false`: play again what was paused.
    Hold(bool),
    /// Answer once everything asked before is done.
    Flush(mpsc::SyncSender<()>),
}

impl Media {
    /// Starts the thread; what it did and what failed goes to `log`.
    pub fn start(log: fn(&str)) -> Self {
        let (tx, rx) = mpsc::channel::<Ask>();
        let spawned = std::thread::Builder::new().name("unhunch-media".to_owned()).spawn(move || {
            let mut paused: Vec<String> = Vec::new();
            while let Ok(ask) = rx.recv() {
                let hold = match ask {
                    Ask::Hold(hold) => hold,
                    Ask::Flush(done) => {
                        let _ = done.try_send(());
                        continue;
                    }
                };
                let bus = match super::bus::session(TIMEOUT) {
                    Ok(bus) => bus,
                    Err(e) => {
                        log(&format!("media players: no session bus ({e})"));
                        continue;
                    }
                };
                if hold {
                    paused = pause_playing(&bus, log);
                    if !paused.is_empty() {
                        log(&format!("paused for the break: {}", paused.join(", ")));
                    }
                } else {
                    let resumed = resume(&bus, &std::mem::take(&mut paused), log);
                    if !resumed.is_empty() {
                        log(&format!("playing again after the break: {}", resumed.join(", ")));
                    }
                }
            }
        });
        if let Err(e) = &spawned {
            log(&format!("media players will not be paused for breaks: {e}"));
        }
        Self { tx: spawned.ok().map(|_| tx) }
    }

    /// `true`: pause what plays; `false`: play again what was paused.
    pub fn hold(&self, hold: bool) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Ask::Hold(hold));
        }
    }

    /// Waits until what was asked is done, for at most `within` (the engine is about to exit:
    /// the players it paused play again first, unless they do not answer).
    pub fn finish(&self, within: Duration) {
        let (done, wait) = mpsc::sync_channel(1);
        if self.tx.as_ref().is_some_and(|tx| tx.send(Ask::Flush(done)).is_ok()) {
            let _ = wait.recv_timeout(within);
        }
    }
}

/// The unique bus names of the MPRIS players on the bus, with their well-known names.
fn players(bus: &zbus::blocking::Connection) -> Vec<(String, String)> {
    let Some(names) = bus
        .call_method(
            Some("org.freedesktop.DBus"),
            "/org/freedesktop/DBus",
            Some("org.freedesktop.DBus"),
            "ListNames",
            &(),
        )
        .ok()
        .and_then(|m| m.body().deserialize::<Vec<String>>().ok())
    else {
        return Vec::new();
    };
    names
        .into_iter()
        .filter(|n| n.starts_with(PREFIX))
        .filter_map(|name| {
            let owner = bus
                .call_method(
                    Some("org.freedesktop.DBus"),
                    "/org/freedesktop/DBus",
                    Some("org.freedesktop.DBus"),
                    "GetNameOwner",
                    &(name.as_str(),),
                )
                .ok()?
                .body()
                .deserialize::<String>()
                .ok()?;
            Some((owner, name))
        })
        .collect()
}

/// A player's `PlaybackStatus`: "Playing", "Paused" or "Stopped". Plain method calls, not a
/// proxy: a caching proxy waits on the player's property signals, which can hang a thread.
fn status(bus: &zbus::blocking::Connection, owner: &str) -> Option<String> {
    let reply = bus
        .call_method(Some(owner), PATH, Some("org.freedesktop.DBus.Properties"), "Get", &(PLAYER, "PlaybackStatus"))
        .ok()?;
    let value: zbus::zvariant::OwnedValue = reply.body().deserialize().ok()?;
    String::try_from(value).ok()
}

fn call(bus: &zbus::blocking::Connection, owner: &str, method: &str, log: fn(&str)) -> bool {
    let done = bus.call_method(Some(owner), PATH, Some(PLAYER), method, &());
    if let Err(e) = &done {
        log(&format!("media player {owner}: {method} failed ({e})"));
    }
    done.is_ok()
}

/// Pauses every player that is playing; returns their unique names.
fn pause_playing(bus: &zbus::blocking::Connection, log: fn(&str)) -> Vec<String> {
    players(bus)
        .into_iter()
        .filter(|(owner, _)| status(bus, owner).as_deref() == Some("Playing"))
        .filter(|(owner, _)| call(bus, owner, "Pause", log))
        .map(|(owner, _)| owner)
        .collect()
}

/// Plays again those of `paused` that are still there and still paused.
fn resume(bus: &zbus::blocking::Connection, paused: &[String], log: fn(&str)) -> Vec<String> {
    paused
        .iter()
        .filter(|owner| status(bus, owner).as_deref() == Some("Paused"))
        .filter(|owner| call(bus, owner, "Play", log))
        .cloned()
        .collect()
}
