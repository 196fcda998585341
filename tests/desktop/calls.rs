//! Calls and media against the real programs: a private PulseAudio whose null source stands for
//! the microphone (`parecord` recording from it is a call; recording what plays is not), a
//! stand-in video device folder (no video device can be made here) held open by a real process,
//! and real MPRIS players (`mpv` with Debian's `mpv-mpris`) paused for a break and played again.
#![expect(clippy::expect_used, reason = "test plumbing: a failure here is a failed test")]

use std::process::{Command, Stdio};

use libtest_mimic::Trial;
use serde_json::Value;

use crate::rig::{Bus, Guard, Pulse, needs};
use crate::util::{Env, eventually_within};

/// A posture reset due a second after the engine starts, with no heads-up.
fn due_at_once(env: &Env, extra: &str) {
    env.write(
        "config/unhunch/settings.ron",
        format!("(micro: (interval: 10), warning: 0, safety_acknowledged: true{extra})"),
    );
    env.sat_for(599);
}

/// The engine with `envs`; returns once it listens.
fn engine(env: &Env, bus: &Bus, envs: &[(&str, String)]) -> Guard {
    let child = env
        .command(&["daemon"])
        .envs(envs.iter().map(|(k, v)| (*k, v.as_str())))
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(env.path().join("engine.log")).expect("a log file"))
        .spawn()
        .expect("start the engine");
    let guard = Guard(child);
    let up = eventually_within(20, || env.path().join("run/unhunch/control.sock").exists());
    assert!(up, "the engine listens on {}", env.path().join("run/unhunch/control.sock").display());
    guard
}

fn status(env: &Env, bus: &Bus) -> Value {
    let out =
        env.command(&["status", "--json"]).env("DBUS_SESSION_BUS_ADDRESS", &bus.address).output().expect("status");
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

fn engine_log(env: &Env) -> String {
    std::fs::read_to_string(env.path().join("engine.log")).unwrap_or_default()
}

/// Waits up to 20 s for the status to satisfy `check`; fails saying what was awaited and seen.
fn await_status(env: &Env, bus: &Bus, what: &str, check: impl Fn(&Value) -> bool) -> Value {
    let mut seen = Value::Null;
    let ok = eventually_within(20, || {
        seen = status(env, bus);
        check(&seen)
    });
    assert!(ok, "awaited {what}; the status said {seen}\nengine log:\n{}", engine_log(env));
    seen
}

fn held_by_call(v: &Value, by: &str) -> bool {
    v["phase"] == "due" && v["held"] == "in a call" && v["in_a_call"] == by && v["break_waiting"] == true
}

fn offered(v: &Value) -> bool {
    v["phase"] == "due" && v["held"].is_null() && v["break_waiting"] == false
}

fn record(pulse: &Pulse, device: &str) -> Guard {
    let child = Command::new("parecord")
        .args([&format!("--device={device}"), "--raw", "--format=s16le", "--channels=1", "/dev/null"])
        .env("PULSE_SERVER", pulse.server())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start parecord");
    Guard(child)
}

/// A recording from the microphone holds the due break as a call, named in the status; a
/// capture of what plays (the sink's monitor) does not, and once the microphone stops the break
/// is offered while that capture goes on.
fn a_microphone_recording_holds_the_break_and_a_monitor_capture_does_not() {
    let env = Env::new();
    let bus = Bus::start();
    let pulse = Pulse::start(env.path());
    due_at_once(&env, "");
    let _monitor = record(&pulse, "null.monitor");
    let _engine = engine(&env, &bus, &[("PULSE_SERVER", pulse.server())]);
    let first = await_status(&env, &bus, "the break offered (a monitor capture is no call)", offered);
    assert!(first["in_a_call"].is_null(), "{first}");
    let mic = record(&pulse, "mic");
    await_status(&env, &bus, "the break held by the microphone", |v| held_by_call(v, "microphone"));
    let human = env.command(&["status"]).env("DBUS_SESSION_BUS_ADDRESS", &bus.address).output().expect("status");
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(human.contains("held: in a call (microphone)"), "{human}");
    drop(mic);
    await_status(&env, &bus, "the break offered once the microphone stopped", offered);
    let log = engine_log(&env);
    assert!(
        log.contains("microphone: recording (parecord)") && log.contains("microphone: no longer recording"),
        "{log}"
    );
}

/// The microphone switched off in Settings: nothing looks, and a recording holds nothing.
/// Switched on (as the Settings screen does, while the engine runs), it is watched at once.
fn with_the_microphone_switched_off_a_recording_holds_nothing_until_it_is_switched_on() {
    let env = Env::new();
    let bus = Bus::start();
    let pulse = Pulse::start(env.path());
    due_at_once(&env, ", interruptions: (microphone: false)");
    let _mic = record(&pulse, "mic");
    let _engine = engine(&env, &bus, &[("PULSE_SERVER", pulse.server())]);
    await_status(&env, &bus, "the break offered", offered);
    assert!(engine_log(&env).contains("microphone: not watched (switched off in Settings)"), "{}", engine_log(&env));

    let (mut settings, _) =
        unhunch::core::settings::parse_lenient("(micro: (interval: 10), warning: 0, safety_acknowledged: true)")
            .expect("settings");
    settings.interruptions.microphone = true;
    let settings = serde_json::to_string(&settings).expect("settings as JSON");
    request(&env, &format!(r#"{{"type":"set_settings","settings":{settings}}}"#));
    await_status(&env, &bus, "the due break held by the recording", |v| held_by_call(v, "microphone"));
}

/// A real process holding a (stand-in) video device open holds the due break as a call with the
/// camera; once it closes it, the break is offered.
fn an_open_camera_holds_the_break_until_it_is_closed() {
    let env = Env::new();
    let bus = Bus::start();
    due_at_once(&env, "");
    let devices = env.path().join("dev");
    std::fs::create_dir_all(&devices).expect("a device folder");
    let device = devices.join("video0");
    std::fs::File::create(&device).expect("a stand-in device");
    let dir = ("UNHUNCH_TEST_VIDEO_DIR", devices.display().to_string());
    let _engine = engine(&env, &bus, &[dir, ("PULSE_SERVER", "unix:/nonexistent".to_owned())]);
    await_status(&env, &bus, "the break offered", offered);
    let holder = Command::new("sh")
        .arg("-c")
        .arg(format!("exec 3<'{}'; exec sleep 60", device.display()))
        .spawn()
        .expect("a process holding the device");
    let holder = Guard(holder);
    await_status(&env, &bus, "the break held by the camera", |v| held_by_call(v, "camera"));
    drop(holder);
    await_status(&env, &bus, "the break offered once the camera closed", offered);
    assert!(engine_log(&env).contains("camera: in use (sleep)"), "{}", engine_log(&env));
}

/// An `mpv` with the MPRIS plugin, playing (or paused from the start), on `bus`.
fn mpv(bus: &Bus, env: &Env, paused: bool) -> Guard {
    let mut cmd = Command::new("mpv");
    cmd.args(["--no-config", "--ao=null", "--vo=null", "--loop=inf", "--really-quiet"])
        .arg(format!("--script={}", crate::rig::MPV_MPRIS))
        .arg("av://lavfi:sine=frequency=440");
    if paused {
        cmd.arg("--pause");
    }
    let child = cmd
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .env("HOME", env.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start mpv");
    Guard(child)
}

/// Every MPRIS player on `bus` with its playback status.
fn players(bus: &Bus) -> Vec<(String, String)> {
    let conn = zbus::blocking::connection::Builder::address(bus.address.as_str())
        .and_then(zbus::blocking::connection::Builder::build)
        .expect("connect to the test bus");
    let names: Vec<String> = conn
        .call_method(
            Some("org.freedesktop.DBus"),
            "/org/freedesktop/DBus",
            Some("org.freedesktop.DBus"),
            "ListNames",
            &(),
        )
        .and_then(|m| m.body().deserialize())
        .unwrap_or_default();
    names
        .into_iter()
        .filter(|n| n.starts_with("org.mpris.MediaPlayer2."))
        .filter_map(|n| {
            let proxy = zbus::blocking::Proxy::new(
                &conn,
                n.clone(),
                "/org/mpris/MediaPlayer2",
                "org.mpris.MediaPlayer2.Player",
            )
            .ok()?;
            Some((n, proxy.get_property::<String>("PlaybackStatus").ok()?))
        })
        .collect()
}

fn statuses(bus: &Bus) -> Vec<String> {
    let mut s: Vec<String> = players(bus).into_iter().map(|(_, s)| s).collect();
    s.sort();
    s
}

/// One request over the control socket.
fn request(env: &Env, cmd: &str) {
    use std::io::{BufRead as _, Write as _};
    let stream =
        std::os::unix::net::UnixStream::connect(env.path().join("run/unhunch/control.sock")).expect("the socket");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).expect("a timeout");
    (&stream).write_all(format!("{{\"v\":1,\"id\":7,\"cmd\":{cmd}}}\n").as_bytes()).expect("a request");
    let mut reader = std::io::BufReader::new(stream);
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("an answer");
        let msg: Value = serde_json::from_str(&line).expect("JSON");
        if msg["id"] == 7 {
            assert_eq!(msg["type"], "ok", "{cmd}: {msg}");
            return;
        }
    }
}

/// A player that plays is paused when a break's session starts and plays again when it ends; one
/// the user had paused stays paused throughout.
fn playing_media_is_paused_for_a_break_and_resumed_after_and_a_paused_player_stays_paused() {
    let env = Env::new();
    let bus = Bus::start();
    env.write("config/unhunch/settings.ron", "(safety_acknowledged: true)");
    let _engine = engine(&env, &bus, &[("PULSE_SERVER", "unix:/nonexistent".to_owned())]);
    let _playing = mpv(&bus, &env, false);
    let _paused = mpv(&bus, &env, true);
    let mut seen = Vec::new();
    let ready = eventually_within(20, || {
        seen = statuses(&bus);
        seen == ["Paused", "Playing"]
    });
    assert!(ready, "awaited one player playing and one paused; saw {seen:?}");
    let start = env.command(&["start"]).env("DBUS_SESSION_BUS_ADDRESS", &bus.address).output().expect("start");
    assert!(start.status.success(), "{start:?}");
    let paused = eventually_within(20, || {
        seen = statuses(&bus);
        seen == ["Paused", "Paused"]
    });
    assert!(paused, "awaited both paused during the break; saw {seen:?}\n{}", engine_log(&env));
    request(&env, r#"{"type":"finish_break","outcome":"Completed"}"#);
    let resumed = eventually_within(20, || {
        seen = statuses(&bus);
        seen == ["Paused", "Playing"]
    });
    assert!(
        resumed,
        "awaited the one that played playing again, the other still paused; saw {seen:?}\n{}",
        engine_log(&env)
    );
    let log = engine_log(&env);
    assert!(log.contains("paused for the break: ") && log.contains("playing again after the break: "), "{log}");
}

/// One request over the control socket; its answer.
fn ask(env: &Env, cmd: &str) -> Value {
    use std::io::{BufRead as _, Write as _};
    let stream =
        std::os::unix::net::UnixStream::connect(env.path().join("run/unhunch/control.sock")).expect("the socket");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).expect("a timeout");
    (&stream).write_all(format!("{{\"v\":1,\"id\":8,\"cmd\":{cmd}}}\n").as_bytes()).expect("a request");
    let mut reader = std::io::BufReader::new(stream);
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("an answer");
        let msg: Value = serde_json::from_str(&line).expect("JSON");
        if msg["id"] == 8 {
            return msg;
        }
    }
}

/// A break that pauses a playing player, then `how` ends what holds it: the player plays again.
fn media_paused_for_a_break_plays_again_when(how: fn(&Env, &Bus)) {
    let env = Env::new();
    let bus = Bus::start();
    env.write("config/unhunch/settings.ron", "(safety_acknowledged: true)");
    let _engine = engine(&env, &bus, &[("PULSE_SERVER", "unix:/nonexistent".to_owned())]);
    let _playing = mpv(&bus, &env, false);
    let mut seen = Vec::new();
    assert!(
        eventually_within(20, || {
            seen = statuses(&bus);
            seen == ["Playing"]
        }),
        "awaited the player playing; saw {seen:?}"
    );
    let start = env.command(&["start"]).env("DBUS_SESSION_BUS_ADDRESS", &bus.address).output().expect("start");
    assert!(start.status.success(), "{start:?}");
    assert!(
        eventually_within(20, || {
            seen = statuses(&bus);
            seen == ["Paused"]
        }),
        "awaited it paused for the break; saw {seen:?}\n{}",
        engine_log(&env)
    );
    how(&env, &bus);
    let resumed = eventually_within(20, || {
        seen = statuses(&bus);
        seen == ["Playing"]
    });
    assert!(resumed, "awaited it playing again; saw {seen:?}\n{}", engine_log(&env));
}

/// `unhunch quit` during a break: the break is recorded as left, and the player the break paused
/// plays again before the engine goes.
fn quitting_during_a_break_plays_the_paused_media_again() {
    media_paused_for_a_break_plays_again_when(|env, bus| {
        let out = env.command(&["quit"]).env("DBUS_SESSION_BUS_ADDRESS", &bus.address).output().expect("quit");
        assert!(out.status.success(), "{out:?}");
    });
}

/// "Pause media during breaks" switched off while a break holds them: they play again at once.
fn switching_pause_media_off_during_a_break_plays_them_again() {
    media_paused_for_a_break_plays_again_when(|env, _| {
        let mut settings = ask(env, r#"{"type":"get_settings"}"#)["settings"].clone();
        settings["interruptions"]["pause_media"] = Value::Bool(false);
        let saved = ask(env, &format!(r#"{{"type":"set_settings","settings":{settings}}}"#));
        assert_eq!(saved["type"], "ok", "{saved}");
    });
}

pub fn trials() -> Vec<Trial> {
    vec![
        needs(
            &["pulseaudio", "parecord", "dbus-daemon"],
            "a_microphone_recording_holds_the_break_and_a_monitor_capture_does_not",
            a_microphone_recording_holds_the_break_and_a_monitor_capture_does_not,
        ),
        needs(
            &["pulseaudio", "parecord", "dbus-daemon"],
            "with_the_microphone_switched_off_a_recording_holds_nothing_until_it_is_switched_on",
            with_the_microphone_switched_off_a_recording_holds_nothing_until_it_is_switched_on,
        ),
        needs(
            &["dbus-daemon"],
            "an_open_camera_holds_the_break_until_it_is_closed",
            an_open_camera_holds_the_break_until_it_is_closed,
        ),
        needs(
            &["dbus-daemon", "mpv", crate::rig::MPV_MPRIS],
            "playing_media_is_paused_for_a_break_and_resumed_after_and_a_paused_player_stays_paused",
            playing_media_is_paused_for_a_break_and_resumed_after_and_a_paused_player_stays_paused,
        ),
        needs(
            &["dbus-daemon", "mpv", crate::rig::MPV_MPRIS],
            "quitting_during_a_break_plays_the_paused_media_again",
            quitting_during_a_break_plays_the_paused_media_again,
        ),
        needs(
            &["dbus-daemon", "mpv", crate::rig::MPV_MPRIS],
            "switching_pause_media_off_during_a_break_plays_them_again",
            switching_pause_media_off_during_a_break_plays_them_again,
        ),
    ]
}
