//! Sound cues and voice guidance against the real servers: a private PulseAudio (a null sink and
//! its own runtime folder) and a private speech-dispatcher whose output module writes down what
//! it is asked to say.
#![expect(clippy::expect_used, reason = "test plumbing: a failure here is a failed test")]

use std::process::{Command, Stdio};

use libtest_mimic::Trial;

use crate::rig::{Guard, Pulse, needs};
use crate::util::{Env, eventually_within};

fn test_sound(env: &Env, server: &str) -> std::process::Output {
    env.command(&["test-sound"]).env("PULSE_SERVER", server).output().expect("run unhunch test-sound")
}

fn test_sound_plays_a_stream_the_server_reports_and_the_sink_hears_it() {
    let env = Env::new();
    let pulse = Pulse::start(env.path());
    let events = env.path().join("events.txt");
    let mut subscribe = Command::new("pactl")
        .arg("subscribe")
        .env("PULSE_SERVER", pulse.server())
        .stdout(std::fs::File::create(&events).expect("an events file"))
        .spawn()
        .expect("start pactl subscribe");
    // Subscribed once a change it is sent shows up (a guessed wait loses the events of a slow start).
    let subscribed = eventually_within(15, || {
        let _ = pulse.pactl(&["set-sink-mute", "null", "toggle"]);
        std::fs::read_to_string(&events).unwrap_or_default().contains("on sink #")
    });
    assert!(subscribed, "awaited `pactl subscribe` reporting a sink change; it printed nothing");
    assert!(pulse.pactl(&["set-sink-mute", "null", "0"]).status.success(), "the sink unmuted again");
    let mut out = None;
    let loudest = pulse.loudest_while(env.path(), || out = Some(test_sound(&env, &pulse.server())));
    let out = out.expect("test-sound ran");
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("through the sound server (PulseAudio protocol)"), "{said}");
    assert!(loudest > 1000, "the cue is heard on the sink's monitor, not silence: loudest sample {loudest}");
    let seen =
        eventually_within(10, || std::fs::read_to_string(&events).unwrap_or_default().contains("'new' on sink-input"));
    let _ = subscribe.kill();
    let _ = subscribe.wait();
    assert!(seen, "the server reported a playback stream: {}", std::fs::read_to_string(&events).unwrap_or_default());
}

fn without_the_native_socket_the_cue_falls_back_to_paplay() {
    let env = Env::new();
    let pulse = Pulse::start(env.path());
    // A server elsewhere: the native client leaves it to the command-line players.
    let mut out = None;
    let loudest =
        pulse.loudest_while(env.path(), || out = Some(test_sound(&env, &format!("tcp:127.0.0.1:{}", pulse.port))));
    let out = out.expect("test-sound ran");
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("through paplay") || said.contains("through pw-play"), "{said}");
    assert!(loudest > 1000, "heard through the fallback: {loudest}");
}

fn with_no_sound_server_test_sound_fails_and_says_why() {
    let env = Env::new();
    let out = test_sound(&env, &format!("unix:{}", env.path().join("no-such-socket").display()));
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(why.contains("no sound could be played") && why.contains("paplay"), "{why}");
}

/// A sound server that is stopped (SIGSTOP) once made each cue take 33 s (3 s on its protocol,
/// then `paplay` waiting about 30 s). Now `test-sound` gives up within a few seconds and says the
/// server does not answer.
fn a_stopped_sound_server_costs_a_cue_seconds_not_half_a_minute() {
    let env = Env::new();
    let pulse = Pulse::start(env.path());
    let pid = pulse.pid().to_string();
    let stopped = Command::new("kill").args(["-STOP", &pid]).status().is_ok_and(|s| s.success());
    assert!(stopped, "the server stopped");
    let clock = unhunch::platform::clock::SystemClock;
    let started = unhunch::core::ports::Clock::now(&clock).mono;
    let out = Command::new("timeout")
        .arg("60")
        .arg(env!("CARGO_BIN_EXE_unhunch"))
        .arg("test-sound")
        .envs(env.command(&[]).get_envs().filter_map(|(k, v)| Some((k, v?))))
        .env("PULSE_SERVER", pulse.server())
        .output()
        .expect("run unhunch test-sound");
    let took = unhunch::core::ports::Clock::now(&clock).mono.saturating_duration_since(started);
    let _ = Command::new("kill").args(["-CONT", &pid]).status();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let why = String::from_utf8_lossy(&out.stderr);
    assert!(why.contains("did not answer"), "{why}");
    assert!(took < std::time::Duration::from_secs(8), "it took {took:?}");
}

fn voice_guidance_reaches_a_private_speech_dispatcher() {
    let env = Env::new();
    let pulse = Pulse::start(env.path());
    let dir = env.path().join("speechd");
    let spoken = env.path().join("spoken.txt");
    env.write("speechd/conf/speechd.conf", format!(
        "LogLevel 3\nLogDir \"{}\"\nAudioOutputMethod \"pulse\"\nAddModule \"recorder\" \"sd_generic\" \"recorder.conf\"\nDefaultModule recorder\n",
        dir.display()
    ));
    env.write(
        "speechd/conf/modules/recorder.conf",
        format!(
            "GenericExecuteSynth \"echo \\'$DATA\\' >> {}\"\nAddVoice \"en\" \"MALE1\" \"default\"\n",
            spoken.display()
        ),
    );
    let socket = dir.join("speechd.sock");
    let daemon = Command::new("speech-dispatcher")
        .args(["-s", "-t", "0", "-c", "unix_socket", "-S"])
        .arg(&socket)
        .arg("-C")
        .arg(dir.join("conf"))
        .env("HOME", env.path())
        .env("XDG_RUNTIME_DIR", &dir)
        .env("PULSE_SERVER", pulse.server())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start speech-dispatcher");
    let _daemon = Guard(daemon);
    assert!(eventually_within(20, || socket.exists()), "speech-dispatcher listens on {}", socket.display());
    let out = env
        .command(&["test-sound", "--voice"])
        .env("PULSE_SERVER", pulse.server())
        .env("SPEECHD_ADDRESS", format!("unix_socket:{}", socket.display()))
        .output()
        .expect("run unhunch test-sound --voice");
    assert!(out.status.success(), "{out:?}");
    let heard = eventually_within(15, || {
        std::fs::read_to_string(&spoken).unwrap_or_default().contains("Lean back over the chair")
    });
    assert!(heard, "speech-dispatcher was asked to say the sentence: {:?}", std::fs::read_to_string(&spoken));
}

pub fn trials() -> Vec<Trial> {
    vec![
        needs(
            &["pulseaudio", "pactl", "parecord"],
            "test_sound_plays_a_stream_the_server_reports_and_the_sink_hears_it",
            test_sound_plays_a_stream_the_server_reports_and_the_sink_hears_it,
        ),
        needs(
            &["pulseaudio", "pactl", "parecord", "paplay"],
            "without_the_native_socket_the_cue_falls_back_to_paplay",
            without_the_native_socket_the_cue_falls_back_to_paplay,
        ),
        needs(
            &["paplay"],
            "with_no_sound_server_test_sound_fails_and_says_why",
            with_no_sound_server_test_sound_fails_and_says_why,
        ),
        needs(
            &["pulseaudio", "pactl", "paplay"],
            "a_stopped_sound_server_costs_a_cue_seconds_not_half_a_minute",
            a_stopped_sound_server_costs_a_cue_seconds_not_half_a_minute,
        ),
        needs(
            &["pulseaudio", "pactl", "speech-dispatcher"],
            "voice_guidance_reaches_a_private_speech_dispatcher",
            voice_guidance_reaches_a_private_speech_dispatcher,
        ),
    ]
}
