//! Is the user in a call? Two detectors, each on a thread of its own that sleeps until something
//! changes (no polling): nothing is seen or heard, only whether a device is in use.
//!
//! - **Microphone**: a recording stream on the desktop's sound server (the PulseAudio native
//!   protocol, also served by PipeWire), from a client, that is not a capture of what plays (a
//!   monitor source) and not a level meter (`pavucontrol`'s peak-detect streams). Subscribed to:
//!   the server says when a recording starts or stops.
//! - **Camera**: inotify on each video device (`/dev/video*`, and the folder for devices that
//!   come and go): an open or close there makes [`super::camera::in_use_by`] look through `/proc`
//!   for a process of the user's holding one open.
//!
//! Each waits for a quiet second after a change before it looks (a call app reopening its device
//! is not two calls), and reports only changes. A sound server that goes away counts as no
//! recording and is looked for again after 10 s, then less and less often (at most every 5 min).

use std::io::{self, BufReader};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

use pulseaudio::protocol;

/// How long a change must have settled before the detectors look.
const SETTLE: Duration = Duration::from_secs(1);

/// The first wait before looking for a sound server again; doubled up to [`RETRY_MAX`].
const RETRY_FIRST: Duration = Duration::from_secs(10);
const RETRY_MAX: Duration = Duration::from_secs(300);

/// Watches the microphone; `report(Some(app))` when a recording starts (the app's name, or
/// "an app"), `report(None)` when the last one stops. `log` gets what people should know once.
pub fn watch_microphone(report: impl Fn(Option<String>) + Send + 'static, log: fn(&str)) -> io::Result<()> {
    std::thread::Builder::new().name("unhunch-microphone".to_owned()).spawn(move || {
        let mut last: Option<Option<String>> = None;
        let mut retry = RETRY_FIRST;
        let mut said_why = false;
        loop {
            let result: io::Result<()> = subscribe().and_then(|mut events| {
                retry = RETRY_FIRST;
                said_why = false;
                loop {
                    let now = recording()?;
                    if last.as_ref() != Some(&now) {
                        report(now.clone());
                        last = Some(now);
                    }
                    events.wait_for_change()?;
                }
            });
            if let Err(e) = result {
                if !said_why {
                    log(&format!("microphone: not watched for now ({e}); looked for again in a while"));
                    said_why = true;
                }
                // Without the sound server nothing can record through it.
                if last.as_ref().is_some_and(Option::is_some) {
                    report(None);
                }
                last = Some(None);
                std::thread::sleep(retry);
                retry = (retry * 2).min(RETRY_MAX);
            }
        }
    })?;
    Ok(())
}

/// A connection subscribed to recording streams and sources coming and going.
struct Events {
    sock: BufReader<UnixStream>,
    version: u16,
}

impl Events {
    /// Waits for a change, then for a quiet second after it.
    fn wait_for_change(&mut self) -> io::Result<()> {
        self.sock.get_ref().set_read_timeout(None)?;
        while !self.read_event()? {}
        self.sock.get_ref().set_read_timeout(Some(SETTLE))?;
        loop {
            match self.read_event() {
                Ok(_) => {}
                Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => return Ok(()),
                Err(e) => return Err(e),
            }
        }
    }

    /// Reads one message; true when it says a recording stream or source changed.
    fn read_event(&mut self) -> io::Result<bool> {
        let desc = protocol::read_descriptor(&mut self.sock).map_err(|e| match e {
            protocol::ProtocolError::Io(io) => io,
            other => io::Error::other(other.to_string()),
        })?;
        let mut payload = vec![0; usize::try_from(desc.length).unwrap_or(0).min(16 << 20)];
        io::Read::read_exact(&mut self.sock, &mut payload)?;
        let mut cursor = io::Cursor::new(payload);
        Ok(matches!(
            protocol::Command::read_tag_prefixed(&mut cursor, self.version),
            Ok((_, protocol::Command::SubscribeEvent(_)))
        ))
    }
}

fn subscribe() -> io::Result<Events> {
    let (mut sock, version) = super::sound::connect("Unhunch (is the microphone in use?)")?;
    let mask = protocol::SubscriptionMask::SOURCE_OUTPUT | protocol::SubscriptionMask::SOURCE;
    protocol::write_command_message(sock.get_mut(), 2, &protocol::Command::Subscribe(mask), version).map_err(other)?;
    protocol::read_ack_message(&mut sock).map_err(other)?;
    Ok(Events { sock, version })
}

/// The app recording from a microphone now, if one is (asked on a connection of its own, so the
/// answers never mix with the events).
fn recording() -> io::Result<Option<String>> {
    let (mut sock, version) = super::sound::connect("Unhunch (is the microphone in use?)")?;
    protocol::write_command_message(sock.get_mut(), 2, &protocol::Command::GetSourceInfoList, version)
        .map_err(other)?;
    let (_, sources) = protocol::read_reply_message::<protocol::SourceInfoList>(&mut sock, version).map_err(other)?;
    protocol::write_command_message(sock.get_mut(), 3, &protocol::Command::GetSourceOutputInfoList, version)
        .map_err(other)?;
    let (_, outputs) =
        protocol::read_reply_message::<protocol::SourceOutputInfoList>(&mut sock, version).map_err(other)?;
    let monitors: Vec<u32> = sources.iter().filter(|s| s.monitor_of_sink_index.is_some()).map(|s| s.index).collect();
    Ok(outputs.iter().find(|o| is_a_call(o, &monitors)).map(|o| {
        o.props
            .get(protocol::Prop::ApplicationName)
            .map(|n| String::from_utf8_lossy(n).trim_end_matches('\0').to_owned())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| "an app".to_owned())
    }))
}

/// A recording that means someone is talking into the microphone: from a client (not a module's
/// loopback), not from a monitor (a capture of what plays), not a level meter.
fn is_a_call(output: &protocol::SourceOutputInfo, monitors: &[u32]) -> bool {
    let meter = output.resample_method.as_ref().is_some_and(|m| m.as_bytes() == b"peaks");
    output.client_index.is_some() && !monitors.contains(&output.source_index) && !meter
}

fn other(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// Watches the video devices in `devices` (normally `/dev`); `report(Some(app))` when one of
/// `uid`'s processes opens one, `report(None)` when none holds one any more.
pub fn watch_camera(
    devices: PathBuf,
    uid: u32,
    report: impl Fn(Option<String>) + Send + 'static,
    log: fn(&str),
) -> io::Result<()> {
    use inotify::{Inotify, WatchMask};
    let mut inotify = Inotify::init()?;
    inotify.watches().add(&devices, WatchMask::CREATE | WatchMask::DELETE | WatchMask::ATTRIB)?;
    std::thread::Builder::new().name("unhunch-camera".to_owned()).spawn(move || {
        let use_mask = WatchMask::OPEN | WatchMask::CLOSE_WRITE | WatchMask::CLOSE_NOWRITE;
        let mut buffer = [0u8; 4096];
        let mut last = None;
        loop {
            // Devices plugged in since are watched too (adding a watch twice changes nothing).
            let present = video_devices(&devices);
            for device in &present {
                if let Err(e) = inotify.watches().add(device, use_mask) {
                    log(&format!("camera: {} can't be watched ({e})", device.display()));
                }
            }
            // No camera, nothing to look for among the processes' open files.
            let now = if present.is_empty() {
                None
            } else {
                super::camera::in_use_by(Path::new("/proc"), uid, &|p| is_video_device(&devices, p))
            };
            if last.as_ref() != Some(&now) {
                report(now.clone());
                last = Some(now);
            }
            if let Err(e) = inotify.read_events_blocking(&mut buffer) {
                log(&format!("camera: no longer watched ({e})"));
                return;
            }
            // A quiet second after the last open or close.
            loop {
                std::thread::sleep(SETTLE);
                match inotify.read_events(&mut buffer) {
                    Ok(mut events) => {
                        if events.next().is_none() {
                            break;
                        }
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                    Err(e) => {
                        log(&format!("camera: no longer watched ({e})"));
                        return;
                    }
                }
            }
        }
    })?;
    Ok(())
}

/// The video devices in `dir`.
fn video_devices(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).filter(|p| is_video_device(dir, p)).collect())
        .unwrap_or_default()
}

/// A video capture device in `dir`: `video0`, `video1`, …
pub fn is_video_device(dir: &Path, path: &Path) -> bool {
    path.parent() == Some(dir)
        && path.file_name().is_some_and(|n| {
            n.to_string_lossy()
                .strip_prefix("video")
                .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn video_devices_are_video_and_a_number_in_the_folder() {
        let dev = Path::new("/dev");
        assert!(is_video_device(dev, Path::new("/dev/video0")));
        assert!(is_video_device(dev, Path::new("/dev/video12")));
        for not in ["/dev/video", "/dev/videoX", "/tmp/video0", "/dev/v4l/video0", "/dev/snd/pcmC0D0c"] {
            assert!(!is_video_device(dev, Path::new(not)), "{not}");
        }
    }

    fn output(client: Option<u32>, source: u32, resample: Option<&str>) -> protocol::SourceOutputInfo {
        protocol::SourceOutputInfo {
            client_index: client,
            source_index: source,
            resample_method: resample.and_then(|r| std::ffi::CString::new(r).ok()),
            ..Default::default()
        }
    }

    #[test]
    fn only_an_app_recording_a_real_source_is_a_call() {
        let monitors = [7];
        assert!(is_a_call(&output(Some(1), 2, None), &monitors), "an app recording the microphone");
        assert!(!is_a_call(&output(Some(1), 7, None), &monitors), "a capture of what plays");
        assert!(!is_a_call(&output(None, 2, None), &monitors), "a module's loopback");
        assert!(!is_a_call(&output(Some(1), 2, Some("peaks")), &monitors), "a level meter");
    }
}
