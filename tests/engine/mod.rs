//! The real engine process (`unhunch daemon`) in a temporary XDG environment, spoken to over its
//! control socket like any client: requests, junk, a client that never reads, `kill -9` and restart.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test plumbing: a failure here is a failed test")]

use std::io::{BufRead as _, BufReader, Write as _};
use std::os::unix::fs::PermissionsExt as _;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use unhunch::core::ports::Clock as _;

use crate::util::Env;

/// A running engine, killed when dropped.
struct Daemon {
    child: Child,
    socket: PathBuf,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn command(env: &Env) -> Command {
    home_env(Command::new(env!("CARGO_BIN_EXE_unhunch")), env)
}

/// `cmd` with only the environment the engine's tests give it: `env`'s folders and `PATH`.
fn home_env(mut cmd: Command, env: &Env) -> Command {
    cmd.env_clear()
        .env("HOME", env.path())
        .env("XDG_CONFIG_HOME", env.config())
        .env("XDG_DATA_HOME", env.path().join("data"))
        .env("XDG_STATE_HOME", env.path().join("state"))
        .env("XDG_RUNTIME_DIR", env.path().join("run"))
        .env("PATH", std::env::var_os("PATH").unwrap_or_default());
    cmd
}

fn start(env: &Env) -> Daemon {
    start_with(env, &[])
}

/// The engine with extra environment variables (a fault knob); returns once it listens.
fn start_with(env: &Env, extra: &[(&str, &str)]) -> Daemon {
    let mut cmd = command(env);
    cmd.arg("daemon").envs(extra.iter().copied());
    listening(env, cmd)
}

/// Starts `cmd` (an engine, in `env`'s folders); returns once it listens.
fn listening(env: &Env, mut cmd: Command) -> Daemon {
    let run = env.path().join("run");
    std::fs::create_dir_all(&run).unwrap();
    std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700)).unwrap();
    let child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let socket = env.path().join("run/unhunch/control.sock");
    // The guard kills and reaps the child whatever happens next.
    let daemon = Daemon { child, socket };
    // A generous deadline: a loaded machine can take seconds to start a process.
    for _ in 0..800 {
        if UnixStream::connect(&daemon.socket).is_ok() {
            return daemon;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("the engine did not start listening on {}", daemon.socket.display());
}

/// A line-based client.
struct Client {
    stream: UnixStream,
    reader: BufReader<UnixStream>,
}

impl Client {
    fn connect(daemon: &Daemon) -> Self {
        let stream = UnixStream::connect(&daemon.socket).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let reader = BufReader::new(stream.try_clone().unwrap());
        Self { stream, reader }
    }

    fn send_raw(&mut self, line: &[u8]) {
        self.stream.write_all(line).unwrap();
    }

    fn read(&mut self) -> Value {
        let mut line = String::new();
        self.reader.read_line(&mut line).expect("an answer within 10 s");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line:?}"))
    }

    /// Sends a request and returns its answer (skipping pushed snapshots).
    fn request(&mut self, id: u64, cmd: &str) -> Value {
        self.send_raw(format!("{{\"v\":1,\"id\":{id},\"cmd\":{cmd}}}\n").as_bytes());
        loop {
            let msg = self.read();
            if msg["id"] == id {
                return msg;
            }
        }
    }
}

#[test]
fn the_engine_answers_status_on_a_private_socket() {
    let env = Env::new();
    let daemon = start(&env);
    let mode = std::fs::metadata(&daemon.socket).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "only the user may talk to the engine");
    let mut client = Client::connect(&daemon);
    let reply = client.request(1, r#"{"type":"status"}"#);
    assert_eq!(reply["type"], "ok", "{reply}");
    assert_eq!(reply["snapshot"]["state"], "working");
    assert_eq!(reply["snapshot"]["next"][0]["routine"], "posture-reset");
}

/// The program a process runs now.
fn program_of(daemon: &Daemon) -> String {
    let exe = std::fs::read_link(format!("/proc/{}/exe", daemon.child.id())).unwrap();
    exe.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn unhunch_daemon_becomes_the_engine_program_beside_it() {
    // What runs all day carries none of the window's code: `unhunch daemon` becomes
    // `unhunch-engine` (same process), which answers like any engine.
    let env = Env::new();
    let daemon = start(&env);
    assert_eq!(program_of(&daemon), "unhunch-engine");
    let reply = Client::connect(&daemon).request(1, r#"{"type":"status"}"#);
    assert_eq!(reply["snapshot"]["state"], "working", "{reply}");
}

#[test]
fn an_engine_program_from_another_build_gives_the_engine_back_to_unhunch() {
    // An `unhunch-engine` left beside a newer `unhunch` must not speak for it.
    let env = Env::new();
    let mut cmd = home_env(Command::new(env!("CARGO_BIN_EXE_unhunch-engine")), &env);
    cmd.args(["--build", "0000000000000000"]);
    let daemon = listening(&env, cmd);
    assert_eq!(program_of(&daemon), "unhunch");
    let reply = Client::connect(&daemon).request(1, r#"{"type":"status"}"#);
    assert_eq!(reply["snapshot"]["state"], "working", "{reply}");
    let log = std::fs::read_to_string(env.path().join("state/unhunch/engine.log")).unwrap();
    assert!(log.contains("unhunch-engine is from another build"), "{log}");
}

#[test]
fn junk_gets_an_error_and_changes_nothing() {
    let env = Env::new();
    let daemon = start(&env);
    let mut client = Client::connect(&daemon);
    client.send_raw(b"hello there\n");
    assert_eq!(client.read()["code"], "bad_request");
    client.send_raw(&[0xff, 0xfe, b'\n']);
    assert_eq!(client.read()["code"], "bad_request");
    let mut huge = vec![b'x'; 200_000];
    huge.push(b'\n');
    client.send_raw(&huge);
    assert_eq!(client.read()["code"], "too_long");
    // An oversized request is answered with its own id, so its sender knows at once.
    let mut big = br#"{"v":1,"id":42,"cmd":{"type":"dismiss_banner","text":""#.to_vec();
    big.extend(std::iter::repeat_n(b'y', 100_000));
    big.extend_from_slice(b"\"}}\n");
    client.send_raw(&big);
    let reply = client.read();
    assert_eq!((reply["id"].as_u64(), reply["code"].as_str()), (Some(42), Some("too_long")), "{reply}");
    assert_eq!(client.request(1, r#"{"type":"dance"}"#)["code"], "bad_request");
    client.send_raw(b"{\"v\":99,\"id\":2,\"cmd\":{\"type\":\"status\"}}\n");
    assert_eq!(client.read()["code"], "version");
    let refused = client.request(3, r#"{"type":"snooze"}"#);
    assert_eq!(
        (refused["code"].as_str(), refused["message"].as_str()),
        (Some("refused"), Some("no break is due right now"))
    );
    // Still fine, and nothing changed.
    let status = client.request(4, r#"{"type":"status"}"#);
    assert_eq!(status["snapshot"]["state"], "working");
    assert_eq!(status["snapshot"]["today"]["snoozed"], 0);
}

#[test]
fn a_client_that_never_reads_does_not_stall_the_engine() {
    let env = Env::new();
    let daemon = start(&env);
    let mut lazy = Client::connect(&daemon);
    lazy.send_raw(b"{\"v\":1,\"id\":1,\"cmd\":{\"type\":\"subscribe\"}}\n");
    // Every request below pushes a snapshot to the lazy subscriber, which never reads them.
    let mut busy = Client::connect(&daemon);
    for id in 1..=3000 {
        let reply = busy.request(id, r#"{"type":"status"}"#);
        assert_eq!(reply["type"], "ok");
    }
}

#[test]
fn after_kill_9_a_new_engine_replaces_the_stale_socket_and_nothing_is_lost() {
    let env = Env::new();
    let mut daemon = start(&env);
    let mut client = Client::connect(&daemon);
    // A month from now (a pause may last at most a year).
    let now = {
        use unhunch::core::ports::Clock as _;
        unhunch::platform::clock::SystemClock.now().wall
    };
    let until = now.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() + 30 * 86_400;
    let started = client.request(1, r#"{"type":"start_break","routine":"posture-reset"}"#);
    assert_eq!(started["type"], "ok", "{started}");
    let finish = r#"{"type":"finish_break","outcome":"Completed","done":{"performed_secs":60,"routine_secs":60,"exercises_done":4,"exercises":4}}"#;
    assert_eq!(client.request(2, finish)["type"], "ok");
    assert_eq!(client.request(3, &format!(r#"{{"type":"pause","until":{until}}}"#))["type"], "ok");
    drop(client);

    daemon.child.kill().unwrap(); // SIGKILL: no chance to clean up
    daemon.child.wait().unwrap();
    assert!(daemon.socket.exists(), "the dead engine left its socket behind");

    let daemon = start(&env);
    let mut client = Client::connect(&daemon);
    let status = client.request(1, r#"{"type":"status"}"#);
    assert_eq!(status["snapshot"]["state"], "paused", "{status}");
    assert_eq!(status["snapshot"]["paused_until"], until);
    assert_eq!(status["snapshot"]["today"]["completed"], 1);
    let (lines, entries) = env.history();
    assert_eq!(entries.len(), 2, "{lines}");
}

#[test]
fn a_second_engine_refuses_to_start() {
    let env = Env::new();
    let _daemon = start(&env);
    let out = command(&env).arg("daemon").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already running"), "{out:?}");
}

#[test]
fn quit_stops_the_engine_and_removes_its_socket() {
    let env = Env::new();
    let mut daemon = start(&env);
    let mut client = Client::connect(&daemon);
    assert_eq!(client.request(1, r#"{"type":"quit"}"#)["type"], "ok");
    let status = daemon.child.wait().unwrap();
    assert!(status.success());
    assert!(!daemon.socket.exists());
}

#[test]
fn unhunch_quit_stops_a_running_engine_and_says_so_when_there_is_none() {
    let env = Env::new();
    let mut daemon = start(&env);
    let out = command(&env).arg("quit").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("engine has stopped"), "{out:?}");
    // `quit` returned once the engine had gone, so a new one starts at once instead of finding
    // the old one still holding the lock.
    let mut fresh = start(&env);
    assert!(daemon.child.wait().unwrap().success());
    let out = command(&env).arg("quit").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(fresh.child.wait().unwrap().success());
    let again = command(&env).arg("quit").output().unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not running"), "errors go to stderr: {again:?}");
}

fn unhunch(env: &Env, args: &[&str]) -> (Option<i32>, String) {
    let out = command(env).args(args).output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code(), text)
}

#[test]
fn every_control_command_works_against_a_running_engine() {
    let env = Env::new();
    let _daemon = start(&env);

    let (code, text) = unhunch(&env, &["status"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.starts_with("Sitting for less than a minute. Reminders on."), "{text}");
    assert!(text.contains("Posture reset  in 30 min   plays Posture reset (1:00)"), "{text}");

    let (code, json) = unhunch(&env, &["status", "--json"]);
    assert_eq!(code, Some(0));
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!((v["phase"].as_str(), v["paused"].as_bool()), (Some("working"), Some(false)), "{v}");
    let secs = |i: usize| v["breaks"][i]["in_secs"].as_u64().unwrap();
    assert!((1790..=1800).contains(&secs(0)) && (3590..=3600).contains(&secs(1)), "{v}");

    let (code, text) = unhunch(&env, &["pause", "1h"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.starts_with("Reminders paused until "), "{text}");
    let v: Value = serde_json::from_str(&unhunch(&env, &["status", "--json"]).1).unwrap();
    assert_eq!(v["phase"], "paused");
    let until = v["paused_until"].as_u64().unwrap();
    let now = unhunch::platform::clock::SystemClock.now().wall.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    assert!((now + 3590..=now + 3610).contains(&until), "paused for an hour: {until} vs {now}");
    assert!(unhunch(&env, &["status"]).1.contains("Reminders paused until"));

    let (code, text) = unhunch(&env, &["resume"]);
    assert_eq!((code, text.trim()), (Some(0), "Reminders are back on."));
    let (code, text) = unhunch(&env, &["resume"]);
    assert_eq!((code, text.trim()), (Some(1), "unhunch: reminders are not paused"));

    let (code, text) = unhunch(&env, &["snooze"]);
    assert_eq!((code, text.trim()), (Some(1), "unhunch: no break is due right now"));

    // No notification server here: the test notification says so and fails, changing nothing.
    let (code, text) = unhunch(&env, &["test-notification"]);
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("no notification could be shown"), "{text}");
    let v: Value = serde_json::from_str(&unhunch(&env, &["status", "--json"]).1).unwrap();
    assert_eq!((v["phase"].as_str(), v["today"]["taken"].as_u64()), (Some("working"), Some(0)), "{v}");

    let (code, text) = unhunch(&env, &["start", "thoracic-mobility"]);
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(text.trim(), "Started Thoracic mobility; it plays in the Unhunch window, which comes to the front.");
    let v: Value = serde_json::from_str(&unhunch(&env, &["status", "--json"]).1).unwrap();
    assert_eq!((v["phase"].as_str(), v["session"].as_str()), (Some("on_break"), Some("thoracic-mobility")));
    let status = unhunch(&env, &["status"]).1;
    assert!(status.contains("On a break: Thoracic mobility, but no window is playing it"), "names, not ids: {status}");
    let (code, text) = unhunch(&env, &["start", "thoracic-mobilty"]);
    assert_eq!(code, Some(1));
    assert!(text.contains("a break is already in progress") || text.contains("did you mean"), "{text}");
}

/// A real due break (sat for ten minutes of a ten-minute interval) is snoozed and skipped from the
/// command line, in words a person reads.
#[test]
fn snooze_and_skip_work_on_a_due_break_from_the_command_line() {
    let env = Env::new();
    env.write("config/unhunch/settings.ron", "(micro: (interval: 10), warning: 0)");
    env.sat_for(599);
    let _daemon = start(&env);
    let due = || unhunch(&env, &["status"]).1.contains("A posture reset is due (3 snoozes left).");
    assert!(crate::util::eventually(due), "{}", unhunch(&env, &["status"]).1);
    let (code, text) = unhunch(&env, &["snooze"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("(2 snoozes left for this break)"), "{text}");
    let status = unhunch(&env, &["status"]).1;
    assert!(status.starts_with("Sitting for 10 min."), "snoozing does not end the sitting bout: {status}");
    let (code, text) = unhunch(&env, &["skip"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.starts_with("Skipped. Next: a posture reset in 10 min."), "{text}");
    let status = unhunch(&env, &["status"]).1;
    assert!(status.starts_with("Sitting for 10 min."), "nor does skipping: {status}");
}

#[test]
fn bad_arguments_are_refused_clearly_before_anything_changes() {
    let env = Env::new();
    let _daemon = start(&env);
    for (args, expect) in [
        (&["pause", "5x"][..], "unknown unit \"x\" in \"5x\""),
        (&["pause", "soon"][..], "can't read \"soon\" as a duration"),
        (&["pause", "until", "25:00"][..], "can't read \"25:00\" as a time of day"),
        (&["pause", "3", "days"][..], "unknown unit \"days\""),
        (&["pause", "30h"][..], "longer than a day"),
    ] {
        let (code, text) = unhunch(&env, args);
        assert_eq!(code, Some(2), "{args:?}: {text}");
        assert!(text.contains(expect) && text.contains("until-tomorrow"), "{args:?}: {text}");
    }
    let (code, text) = unhunch(&env, &["start", "no-such-routine"]);
    assert_eq!(code, Some(1));
    assert!(text.contains("no routine \"no-such-routine\""), "{text}");
    let v: Value = serde_json::from_str(&unhunch(&env, &["status", "--json"]).1).unwrap();
    assert_eq!(v["phase"], "working", "nothing changed");
}

#[test]
fn with_no_engine_the_commands_say_so_and_fail() {
    let env = Env::new();
    std::fs::create_dir_all(env.path().join("run")).unwrap();
    for args in [&["status"][..], &["pause", "1h"], &["resume"], &["snooze"], &["skip"], &["test-notification"]] {
        let (code, text) = unhunch(&env, args);
        assert_eq!(code, Some(1), "{args:?}");
        assert!(text.contains("engine is not running"), "{args:?}: {text}");
    }
}

#[test]
fn start_starts_the_engine_when_none_is_running() {
    let env = Env::new();
    std::fs::create_dir_all(env.path().join("run")).unwrap();
    let (code, text) = unhunch(&env, &["start", "posture-reset"]);
    assert_eq!(code, Some(0), "{text}");
    let (code, _) = unhunch(&env, &["quit"]);
    assert_eq!(code, Some(0), "the engine start started is running, and stops");
}

/// Routine files saved while the engine runs are picked up (the watcher reloads within a second;
/// the test gives it a loaded machine's fifteen): a broken file shows as a note in the status until
/// it is fixed, and a customized routine is what breaks play.
#[test]
fn the_engine_picks_up_saved_routine_files_while_it_runs() {
    let env = Env::new();
    let _daemon = start(&env);
    let status = || unhunch(&env, &["status"]).1;
    let picked_up = |check: &dyn Fn(&str) -> bool| crate::util::eventually(|| check(&status()));
    env.write(
        "config/unhunch/routines/posture-reset.ron",
        "Routine(id: \"posture-reset\", nmae: \"Posture reset (mine)\", steps: [Do(exercise: \"chin-tuck\")])",
    );
    assert!(
        picked_up(&|s| s.contains("Note: A routine file has a problem; the Routines tab shows where.")),
        "{}",
        status()
    );
    assert!(status().contains("plays Posture reset (1:00)"), "a broken customization leaves the built-in in place");

    env.write(
        "config/unhunch/routines/posture-reset.ron",
        "Routine(id: \"posture-reset\", name: \"Posture reset (mine)\", steps: [Do(exercise: \"chin-tuck\")])",
    );
    assert!(picked_up(&|s| s.contains("plays Posture reset (mine) (0:15)")), "{}", status());
    assert!(!status().contains("has a problem"), "the note clears itself: {}", status());
}

/// Times no clock can hold, from the socket and from the timer's save: refused with a reason, the
/// engine carries on, and a save holding one is set aside (kept, not deleted) so every start works.
#[test]
fn out_of_range_times_are_refused_and_a_save_holding_one_is_set_aside() {
    let env = Env::new();
    let daemon = start(&env);
    let mut client = Client::connect(&daemon);
    for (id, until) in [(1, u64::MAX), (2, 253_402_300_800), (3, 99_999_999_999)] {
        let reply = client.request(id, &format!(r#"{{"type":"pause","until":{until}}}"#));
        assert_eq!(reply["type"], "error", "{reply}");
        let message = reply["message"].as_str().unwrap_or_default();
        assert!(message.contains("year"), "says why: {reply}");
    }
    let status = client.request(4, r#"{"type":"status"}"#);
    assert_eq!(status["snapshot"]["state"], "working", "the engine is still there and not paused: {status}");
    drop(client);
    drop(daemon);

    let state = env.path().join("state/unhunch");
    std::fs::create_dir_all(&state).unwrap();
    let saved = "(at: 1796000000, sat_secs: (600, 600), paused_until: Some(18446744073709551615))\n";
    env.write("state/unhunch/timer.ron", saved);
    for run in 0..2 {
        let daemon = start(&env);
        let mut client = Client::connect(&daemon);
        let status = client.request(1, r#"{"type":"status"}"#);
        assert_eq!(status["snapshot"]["paused"], false, "{status}");
        let banners = status["snapshot"]["banners"].to_string();
        assert_eq!(banners.contains("could not be used"), run == 0, "said once, at the start that found it: {banners}");
        drop(client);
        drop(daemon);
    }
    let kept: Vec<String> = std::fs::read_dir(&state)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.starts_with("timer.ron.broken-"))
        .collect();
    assert_eq!(kept.len(), 1, "the bad save is kept aside once: {kept:?}");
    assert_eq!(std::fs::read_to_string(state.join(&kept[0])).unwrap(), saved, "exactly as it was");
}

/// A routines folder that takes 30 s to read (a slow network mount, simulated): the engine starts
/// within its one-second wait on the built-ins, answers status, and quits at once.
#[test]
fn a_slow_routines_folder_holds_up_neither_the_start_nor_status_nor_quit() {
    let env = Env::new();
    env.write(
        "config/unhunch/routines/mine.ron",
        r#"Routine(id: "mine", name: "Mine", steps: [Do(exercise: "chin-tuck")])"#,
    );
    // Listening within the 20 s start deadline means the slow read held nothing up for long.
    let daemon = start_with(&env, &[("UNHUNCH_FAULT_SLOW_ROUTINES_MS", "30000")]);
    let mut client = Client::connect(&daemon);
    let status = client.request(1, r#"{"type":"status"}"#);
    assert_eq!(status["snapshot"]["next"][0]["routine"], "posture-reset", "built-ins in the meantime: {status}");
    let refused = client.request(2, r#"{"type":"start_break","routine":"mine"}"#);
    assert_eq!(refused["code"], "refused", "not read yet, and said so: {refused}");
    let (code, out) = unhunch(&env, &["quit"]);
    assert_eq!(code, Some(0), "{out}");
}

/// Connections are bounded: past 32 open at once, a new one is told the engine is busy and closed;
/// when they go, new ones are served again.
/// Connections held open without a word (340 of them: 32 fill the table, the rest wait behind)
/// never lock the CLI or the window out: each new connection closes the one silent the longest,
/// never the window, and a connection silent for ten seconds is closed with the reason.
#[test]
fn held_open_connections_never_lock_the_window_or_the_cli_out() {
    let env = Env::new();
    let daemon = start(&env);
    let mut window = Client::connect(&daemon);
    let subscribed = window.request(1, r#"{"type":"subscribe","window":true}"#);
    assert_eq!(subscribed["type"], "ok", "{subscribed}");
    let held: Vec<UnixStream> = (0..340).map(|_| UnixStream::connect(&daemon.socket).unwrap()).collect();
    let clock = unhunch::platform::clock::SystemClock;
    let started = clock.now().mono;
    let (code, said) = unhunch(&env, &["status"]);
    let took = clock.now().mono.saturating_duration_since(started);
    assert_eq!(code, Some(0), "the CLI gets in: {said}");
    assert!(took < Duration::from_secs(3), "at once, not after the others: {took:?}");
    let status = window.request(2, r#"{"type":"status"}"#);
    assert_eq!(status["snapshot"]["window_open"], true, "the window was never the one closed: {status}");
    // A connection that says nothing is told why it is closed.
    let mut quiet = Client::connect(&daemon);
    quiet.stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let told = quiet.read();
    assert_eq!(told["code"], "busy", "{told}");
    let why = told["message"].as_str().unwrap_or_default().to_owned();
    assert!(why.contains("no request within 10 s") || why.contains("too many connections"), "{why}");
    drop(held);
    assert_eq!(window.request(3, r#"{"type":"status"}"#)["type"], "ok");
}

/// Every hostile protocol line in `tests/corpus/protocol/` sent to the real engine: each gets an
/// answer, and the engine is still there and unchanged in what matters after them all.
#[test]
fn the_engine_answers_every_hostile_line_and_lives() {
    let env = Env::new();
    let daemon = start(&env);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/protocol");
    let mut names: Vec<std::path::PathBuf> =
        std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    for path in names {
        let mut client = Client::connect(&daemon);
        let mut line = std::fs::read(&path).unwrap();
        line.push(b'\n');
        client.send_raw(&line);
        let answer = client.read();
        assert!(answer["type"] == "ok" || answer["type"] == "error", "{}: {answer}", path.display());
    }
    let mut client = Client::connect(&daemon);
    let status = client.request(99, r#"{"type":"status"}"#);
    assert_eq!(status["type"], "ok", "{status}");
    assert_eq!(status["snapshot"]["paused"], false, "no hostile pause took: {status}");
}

/// kill -9 in the middle of saves and appends, twenty times over: every start finds settings that
/// parse whole, a history whose every record reads (a torn last line at most, never glued to the
/// next), and the records acknowledged before the kill still there.
#[test]
fn kill_9_during_saves_and_appends_loses_nothing_acknowledged() {
    let env = Env::new();
    let mut acknowledged = 0usize;
    for round in 0..20u64 {
        let mut daemon = start(&env);
        let mut client = Client::connect(&daemon);
        let settings = client.request(1, r#"{"type":"get_settings"}"#)["settings"].clone();
        // Requests sent without waiting, so the kill lands in the middle of some of them.
        let mut burst = Vec::new();
        for i in 0..30u64 {
            let mut s = settings.clone();
            s["lead_in"] = serde_json::json!(i % 10);
            burst.extend(
                format!("{{\"v\":1,\"id\":{},\"cmd\":{{\"type\":\"set_settings\",\"settings\":{s}}}}}\n", 100 + i)
                    .into_bytes(),
            );
            burst.extend(format!("{{\"v\":1,\"id\":{},\"cmd\":{{\"type\":\"check_in\",\"routine\":\"posture-reset\",\"kind\":\"Micro\",\"check_in\":{{\"back\":{}}}}}}}\n", 200 + i, i % 11).into_bytes());
        }
        // The first check-in is waited for: it is acknowledged, so it must survive.
        let first =
            client.request(2, r#"{"type":"check_in","routine":"posture-reset","kind":"Micro","check_in":{"back":1}}"#);
        assert_eq!(first["type"], "ok", "{first}");
        acknowledged += 1;
        client.send_raw(&burst);
        std::thread::sleep(Duration::from_millis(round * 3));
        daemon.child.kill().unwrap();
        daemon.child.wait().unwrap();

        // Not saved yet (killed before the first save) is fine; half a file never is.
        if let Ok(settings_text) = std::fs::read_to_string(env.config().join("unhunch/settings.ron")) {
            let parsed: Result<unhunch::core::settings::Settings, _> =
                unhunch::core::catalogue::ron_options().from_str(&settings_text);
            assert!(parsed.is_ok(), "round {round}: settings.ron is whole: {settings_text:.200}");
        }
        let dir = env.path().join("data/unhunch/history");
        let mut check_ins = 0;
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let bytes = std::fs::read(entry.path()).unwrap();
            let (entries, bad) = unhunch::core::history::parse_history_bytes(&bytes);
            let lines = bytes.split(|b| *b == b'\n').filter(|l| !l.is_empty()).count();
            assert!(bad.len() <= 1, "round {round}: at most the torn last line is bad: {bad:?}");
            assert!(bad.iter().all(|b| b.line == lines), "round {round}: only the last line can be torn: {bad:?}");
            check_ins += entries.iter().filter(|e| e.outcome == unhunch::core::history::Outcome::CheckIn).count();
        }
        assert!(check_ins >= acknowledged, "round {round}: {check_ins} check-ins kept, {acknowledged} acknowledged");
    }
    assert!(env.config().join("unhunch/settings.ron").exists(), "some saves did happen between the kills");
}

/// A directory where the history file should be: each record is answered, kept aside in the state
/// folder and said to wait; once the directory is gone they all go in, in order.
#[test]
fn a_directory_in_the_way_of_the_history_keeps_every_record_aside_until_it_goes() {
    let env = Env::new();
    let paths = env.run(&["paths"]).stdout;
    let history = PathBuf::from(paths.lines().find_map(|l| l.strip_prefix("history:")).unwrap().trim());
    std::fs::create_dir_all(&history).unwrap();
    let waiting = env.path().join("state/unhunch/history-waiting.ron");
    let daemon = start(&env);
    let mut client = Client::connect(&daemon);
    let check_in = r#"{"type":"check_in","routine":"posture-reset","kind":"Micro","check_in":{"back":3}}"#;
    for id in 1..=2 {
        let answer = client.request(id, check_in);
        assert_eq!(answer["snapshot"]["history_waiting"], id, "{answer}");
        let banners = answer["snapshot"]["banners"].as_array().unwrap();
        let unsaved = banners.iter().filter_map(Value::as_str).find(|b| b.contains("could not be saved")).unwrap();
        assert!(unsaved.contains("it is a folder"), "{answer}");
        assert_eq!(unsaved.matches(&*history.to_string_lossy()).count(), 1, "the file is named once: {unsaved}");
    }
    let kept = unhunch::core::history::parse_history_bytes(&std::fs::read(&waiting).unwrap()).0;
    assert_eq!(kept.len(), 2, "both kept aside");
    std::fs::remove_dir(&history).unwrap();
    let answer = client.request(3, check_in);
    assert!(answer["snapshot"].get("history_waiting").is_none(), "{answer}");
    let (entries, bad) = unhunch::core::history::parse_history_bytes(&std::fs::read(&history).unwrap());
    assert_eq!((entries.len(), bad.len()), (3, 0), "all three, whole");
    assert!(!waiting.exists(), "the copy kept aside is gone");
}

/// The engine restarts itself (same process) with its allocator tuned for many short-lived client
/// threads, and leaves a `GLIBC_TUNABLES` the user set alone.
#[test]
fn the_engine_runs_with_its_allocator_tuned_unless_the_user_tuned_it() {
    let tunables = |daemon: &Daemon| {
        let environ = std::fs::read(format!("/proc/{}/environ", daemon.child.id())).unwrap();
        environ
            .split(|b| *b == 0)
            .find_map(|v| v.strip_prefix(b"GLIBC_TUNABLES=").map(|t| String::from_utf8_lossy(t).into_owned()))
    };
    let env = Env::new();
    let daemon = start(&env);
    assert!(tunables(&daemon).is_some_and(|t| t.contains("glibc.malloc.arena_max=2")), "{:?}", tunables(&daemon));
    let status = Client::connect(&daemon).request(1, r#"{"type":"status"}"#);
    assert_eq!(status["type"], "ok", "the restarted engine serves: {status}");
    drop(daemon);
    let daemon = start_with(&env, &[("GLIBC_TUNABLES", "glibc.malloc.arena_max=4")]);
    assert_eq!(tunables(&daemon).as_deref(), Some("glibc.malloc.arena_max=4"));
}

/// Issue 24: upgrading from a settings file an older Unhunch wrote (the end-of-day unwind in the
/// hourly turn, the user's comments): the engine takes the unwind out of the turn, saves, keeps
/// the old file with its comments beside it, and says both once.
#[test]
fn old_settings_are_brought_up_to_date_once_and_the_users_comments_are_kept() {
    let env = Env::new();
    let old = "// tuned with my physio\n(\n    long: (interval: 50, routines: [\"thoracic-mobility\", \"end-of-day-unwind\"]),\n    warning: 45, // a longer heads-up\n)\n";
    env.write("config/unhunch/settings.ron", old);
    let daemon = start(&env);
    let mut client = Client::connect(&daemon);
    let reply = client.request(1, r#"{"type":"get_settings"}"#);
    assert_eq!(reply["settings"]["long"]["routines"], serde_json::json!(["thoracic-mobility"]), "{reply}");
    assert_eq!(reply["settings"]["long"]["interval"], 50, "{reply}");
    let banners = reply["snapshot"]["banners"].to_string();
    assert!(banners.contains("end-of-day-unwind") && banners.contains("with-comments"), "{banners}");
    let dir = env.config().join("unhunch");
    let copies: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("settings.ron.with-comments-"))
        .collect();
    assert_eq!(copies.len(), 1, "one copy of the old file");
    assert_eq!(std::fs::read_to_string(copies[0].path()).unwrap(), old, "comments and all");
    let now = std::fs::read_to_string(dir.join("settings.ron")).unwrap();
    assert!(now.contains("programme") && !now.contains("\"end-of-day-unwind\",\n    ],"), "{now}");
    drop(client);
    drop(daemon);
    // The next start has nothing to bring up to date and says nothing.
    let daemon = start(&env);
    let mut client = Client::connect(&daemon);
    let reply = client.request(2, r#"{"type":"status"}"#);
    assert!(!reply["snapshot"]["banners"].to_string().contains("end-of-day"), "{reply}");
}

/// Issue 24: `unhunch daemon` (what autostart runs) logged only to its stderr, not to the
/// `engine.log` the README and `unhunch paths` point at. Now it writes there too, and an engine
/// whose stderr already is that file (started by the window or the CLI) writes each line once.
#[test]
fn the_daemon_logs_to_engine_log_however_it_was_started() {
    let env = Env::new();
    let log = env.path().join("state/unhunch/engine.log");
    let listening = |text: &str| text.lines().filter(|l| l.contains("listening on")).count();
    {
        let _daemon = start(&env);
        // The socket takes connections from the moment it is bound, a moment before the line.
        let logged = (0..200).any(|_| {
            let said = std::fs::read_to_string(&log).is_ok_and(|t| listening(&t) == 1);
            if !said {
                std::thread::sleep(Duration::from_millis(50));
            }
            said
        });
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(logged && listening(&text) == 1, "started as `unhunch daemon`: {text}");
    }
    // Started the way the window and the CLI start it: stderr is engine.log itself.
    let file = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let mut child = command(&env).arg("daemon").stdout(Stdio::null()).stderr(file).spawn().unwrap();
    let socket = env.path().join("run/unhunch/control.sock");
    let up = (0..200).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        std::fs::read_to_string(&log).is_ok_and(|t| listening(&t) == 2)
    });
    let (_, said) = unhunch(&env, &["quit"]);
    let _ = child.wait();
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(up && listening(&text) == 2, "one line for the second start, not two: {text} ({said})");
    assert!(!socket.exists());
}

/// Five check-ins naming a 60,000-character "exercise" once pushed every snapshot past what a
/// client reads, for days (they are in the history). Now such a check-in is refused with a short
/// reason, and those an older version kept lock nobody out: status, a real check-in and quit work.
#[test]
fn long_check_in_texts_are_refused_and_those_already_kept_lock_nobody_out() {
    use unhunch::core::history::{CheckIn, HistoryEntry, Outcome};
    use unhunch::core::kind::BreakKind;
    let env = Env::new();
    let wall = unhunch::platform::clock::SystemClock.now().wall;
    let kept: String = (0..5u64)
        .map(|i| {
            let hurt = format!("{i}{}", "x".repeat(60_000));
            let at = wall - Duration::from_secs(60 * (i + 1));
            let entry = HistoryEntry::new(at, BreakKind::Micro, Outcome::CheckIn)
                .with_routine("posture-reset")
                .with_check_in(CheckIn { back: Some(3), pain: Some(true), hurt: Some(hurt) });
            entry.to_line() + "\n"
        })
        .collect();
    env.write(&format!("data/unhunch/history/{}.ron", unhunch::platform::files::hostname()), kept);
    let daemon = start(&env);
    let mut client = Client::connect(&daemon);
    let small = |v: &Value| serde_json::to_string(v).unwrap().len() < unhunch::protocol::MAX_LINE;
    let status = client.request(1, r#"{"type":"status"}"#);
    assert!(status["type"] == "ok" && small(&status), "a readable status: {} bytes", status.to_string().len());

    let check_in = |hurt: &str| {
        format!(
            r#"{{"type":"check_in","routine":"posture-reset","kind":"Micro","check_in":{{"back":2,"pain":true,"hurt":"{hurt}"}}}}"#
        )
    };
    let refused = client.request(2, &check_in(&"y".repeat(60_000)));
    assert_eq!(refused["code"], "bad_request", "{}", &refused.to_string()[..200]);
    assert!(small(&refused) && refused["message"].as_str().is_some_and(|m| m.len() < 300), "a short reason");
    let elsewhere = client.request(3, &check_in("doorway-pec-stretch"));
    let said = elsewhere["message"].as_str().unwrap_or_default();
    assert!(said.contains("is not an exercise of routine \"posture-reset\""), "{elsewhere}");
    let unknown =
        client.request(4, r#"{"type":"check_in","routine":"no-such-routine","kind":"Micro","check_in":{"back":2}}"#);
    assert_eq!(unknown["code"], "bad_request", "{unknown}");
    assert_eq!(client.request(5, &check_in("chin-tuck"))["type"], "ok", "a real check-in is kept");

    let status = client.request(6, r#"{"type":"status"}"#);
    assert!(small(&status), "still readable");
    assert_eq!(
        status["snapshot"]["recent"]["resting"],
        serde_json::json!(["chin-tuck"]),
        "{}",
        status["snapshot"]["recent"]
    );
    let (_, text_entries) = env.history();
    assert_eq!(text_entries.len(), 6, "only the real check-in was added");
    let (code, said) = unhunch(&env, &["quit"]);
    assert_eq!(code, Some(0), "{said}");
}

/// A break cut short by kill -9 (or a power cut) is recorded at the next start as left
/// unfinished, with what the window had reported done; it is not left open in the history.
#[test]
fn a_break_cut_by_kill_9_is_recorded_as_abandoned_with_what_was_done_at_the_next_start() {
    let env = Env::new();
    let mut daemon = start(&env);
    let mut client = Client::connect(&daemon);
    assert_eq!(client.request(1, r#"{"type":"start_break","routine":"posture-reset"}"#)["type"], "ok");
    assert_eq!(client.request(2, r#"{"type":"claim_break"}"#)["type"], "ok");
    let progress = r#"{"type":"break_progress","progress":{"step":2,"steps":4,"done_steps":[0,1],"done":{"performed_secs":31,"routine_secs":75,"exercises_done":2,"exercises":4,"skipped":[]},"paused":false}}"#;
    let reply = client.request(3, progress);
    assert_eq!(reply["type"], "ok", "{reply}");
    drop(client);
    daemon.child.kill().unwrap();
    daemon.child.wait().unwrap();
    let (_, before) = env.history();
    assert!(!before.iter().any(|e| e.outcome.ends_session()), "nothing closed the break: {before:?}");

    let daemon = start(&env);
    let mut client = Client::connect(&daemon);
    let status = client.request(1, r#"{"type":"status"}"#);
    assert_eq!(status["snapshot"]["today"]["abandoned"], 1, "{}", status["snapshot"]["today"]);
    let (_, after) = env.history();
    let closed: Vec<_> = after.iter().filter(|e| e.outcome.ends_session()).collect();
    assert_eq!(closed.len(), 1, "{after:?}");
    let done = closed[0].done.clone().unwrap_or_default();
    assert_eq!(
        (closed[0].outcome, closed[0].routine.as_deref(), done.exercises_done, done.exercises, done.performed_secs),
        (unhunch::core::history::Outcome::Abandoned, Some("posture-reset"), 2, 4, 31)
    );
    drop(client);
    drop(daemon);
    // Started once more: recorded once, not again.
    let daemon = start(&env);
    let mut client = Client::connect(&daemon);
    assert_eq!(client.request(1, r#"{"type":"status"}"#)["snapshot"]["today"]["abandoned"], 1);
    assert_eq!(env.history().1.len(), after.len());
}

/// A second client can neither take the break from the window playing it nor report on it or end
/// it; when it goes away, the window's break goes on.
#[test]
fn only_the_window_playing_a_break_may_report_on_it_or_end_it() {
    let env = Env::new();
    let daemon = start(&env);
    let mut window = Client::connect(&daemon);
    assert_eq!(window.request(1, r#"{"type":"start_break","routine":"posture-reset"}"#)["type"], "ok");
    assert_eq!(window.request(2, r#"{"type":"claim_break"}"#)["type"], "ok");
    let mut other = Client::connect(&daemon);
    let progress = r#"{"type":"break_progress","progress":{"step":1,"steps":4,"done_steps":[0],"done":{"performed_secs":9,"exercises_done":1,"exercises":4},"paused":false}}"#;
    for (n, cmd) in [r#"{"type":"claim_break"}"#, progress, r#"{"type":"finish_break","outcome":"EndedEarly"}"#]
        .into_iter()
        .enumerate()
    {
        let reply = other.request(10 + n as u64, cmd);
        let said = reply["message"].as_str().unwrap_or_default();
        assert!(reply["code"] == "refused" && said.contains("another window plays this break"), "{cmd}: {reply}");
    }
    drop(other);
    let status = window.request(3, r#"{"type":"status"}"#);
    assert_eq!(status["snapshot"]["on_break"]["playing"], true, "the window still plays it: {status}");
    assert_eq!(status["snapshot"]["today"]["abandoned"], 0);
    assert_eq!(window.request(4, progress)["type"], "ok");
    let finish = r#"{"type":"finish_break","outcome":"EndedEarly"}"#;
    assert_eq!(window.request(5, finish)["type"], "ok");
    let status = window.request(6, r#"{"type":"status"}"#);
    assert_eq!(status["snapshot"]["today"]["ended_early"], 1, "{}", status["snapshot"]["today"]);
}

/// A FIFO in place of each state file (settings, the saved timer, the history, the records kept
/// aside, the break in progress, the log) once hung the engine at start. Now it starts, answers,
/// and says which file is not a regular file; quit works.
#[test]
fn fifos_in_place_of_the_state_files_hang_nothing_and_are_named() {
    let env = Env::new();
    let host = unhunch::platform::files::hostname();
    let fifos = [
        "config/unhunch/settings.ron".to_owned(),
        "state/unhunch/timer.ron".to_owned(),
        "state/unhunch/history-waiting.ron".to_owned(),
        "state/unhunch/break-in-progress.ron".to_owned(),
        "state/unhunch/engine.log".to_owned(),
        format!("data/unhunch/history/{host}.ron"),
    ];
    for rel in &fifos {
        let path = env.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let made = Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(made.success(), "mkfifo {}", path.display());
    }
    let daemon = start(&env);
    let mut client = Client::connect(&daemon);
    let status = client.request(1, r#"{"type":"status"}"#);
    assert_eq!(status["type"], "ok", "{status}");
    let banners = status["snapshot"]["banners"].to_string();
    assert!(
        banners.contains("settings.ron") && banners.contains("not a regular file"),
        "the settings' FIFO is named: {banners}"
    );
    // A break recorded while the history file is a FIFO is kept aside, not lost, and not waited on.
    assert_eq!(client.request(2, r#"{"type":"start_break","routine":"posture-reset"}"#)["type"], "ok");
    assert_eq!(client.request(3, r#"{"type":"finish_break","outcome":"EndedEarly"}"#)["type"], "ok");
    let status = client.request(4, r#"{"type":"status"}"#);
    assert!(status["snapshot"]["history_waiting"].as_u64() >= Some(1), "{}", status["snapshot"]);
    let (code, said) = unhunch(&env, &["quit"]);
    assert_eq!(code, Some(0), "{said}");
}

/// CPU time (user + system, in clock ticks) the process `pid` has used.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

/// Out of file descriptors (`ulimit -n`), the engine's accept loop once spun at ~70 % of a core.
/// Now it backs off: while clients hold every descriptor it uses next to no CPU, and once they go
/// it serves again.
#[test]
fn out_of_file_descriptors_the_engine_waits_instead_of_spinning() {
    // Each connection costs the engine three descriptors: one of three limits leaves `accept`
    // itself with none.
    for limit in [40, 41, 42] {
        engine_out_of_descriptors(limit);
    }
}

fn engine_out_of_descriptors(limit: u32) {
    let env = Env::new();
    // `sh` lowers the limit, as `ulimit -n` would, and becomes the engine.
    let mut sh = home_env(Command::new("sh"), &env);
    sh.env("UNHUNCH_EXE", env!("CARGO_BIN_EXE_unhunch"))
        .args(["-c", &format!(r#"ulimit -n {limit} && exec "$UNHUNCH_EXE" daemon"#)]);
    let daemon = listening(&env, sh);
    // Connections until the engine runs out of descriptors (each costs it three).
    let held: Vec<UnixStream> = (0..200).filter_map(|_| UnixStream::connect(&daemon.socket).ok()).collect();
    std::thread::sleep(Duration::from_millis(500));
    let pid = daemon.child.id();
    let before = cpu_ticks(pid);
    std::thread::sleep(Duration::from_secs(2));
    let used = cpu_ticks(pid) - before;
    // Clock ticks are hundredths of a second: 2 s spinning would be about 140.
    assert!(used <= 10, "with {limit} files: the engine used {used} ticks of CPU in 2 s with no descriptors left");
    drop(held);
    let answered = (0..200).any(|_| {
        std::thread::sleep(Duration::from_millis(50));
        unhunch(&env, &["status"]).0 == Some(0)
    });
    assert!(answered, "it serves again once descriptors are free");
}

/// Records kept aside while the history file refused them are written at the next start, each of
/// them: two identical records in the same second are two, those a run wrote before it died are
/// not written again, and a damaged line is kept in a file of its own, not deleted.
#[test]
fn records_kept_aside_are_written_once_each_and_damaged_lines_are_kept() {
    use unhunch::core::history::{HistoryEntry, Outcome};
    use unhunch::core::kind::BreakKind;
    let env = Env::new();
    let host = unhunch::platform::files::hostname();
    let history = env.path().join(format!("data/unhunch/history/{host}.ron"));
    let waiting = env.path().join("state/unhunch/history-waiting.ron");
    let wall = unhunch::platform::clock::SystemClock.now().wall - Duration::from_secs(60);
    let snoozed = HistoryEntry::new(wall, BreakKind::Micro, Outcome::Snoozed).to_line();
    let skipped = HistoryEntry::new(wall, BreakKind::Micro, Outcome::Skipped).to_line();
    // The history holds one snooze at that second; two more, identical, waited (the disk was full),
    // then a skip and a damaged line.
    env.write(&format!("data/unhunch/history/{host}.ron"), format!("{snoozed}\n"));
    let size = std::fs::metadata(&history).unwrap().len();
    env.write(
        "state/unhunch/history-waiting.ron",
        format!(
            "// kept aside when the history file was this many bytes long: {size}\n{snoozed}\n{snoozed}\n\
             {skipped}\n(at: 17, kind: Micro, outc\n"
        ),
    );
    // And the run that kept them managed to write the first of them before it died.
    env.write(&format!("data/unhunch/history/{host}.ron"), format!("{snoozed}\n{snoozed}\n"));

    let daemon = start(&env);
    let mut client = Client::connect(&daemon);
    let status = client.request(1, r#"{"type":"status"}"#);
    assert_eq!(status["snapshot"]["history_waiting"].as_u64().unwrap_or(0), 0, "{status}");
    let text = std::fs::read_to_string(&history).unwrap();
    let outcomes: Vec<&str> = text.lines().map(|l| if l.contains("Snoozed") { "snoozed" } else { "skipped" }).collect();
    assert_eq!(outcomes, ["snoozed", "snoozed", "snoozed", "skipped"], "each once: {text}");
    assert!(!waiting.exists(), "the copy kept aside went once they were written");
    let damaged: Vec<_> = std::fs::read_dir(waiting.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("history-waiting.ron.damaged-"))
        .collect();
    assert_eq!(damaged.len(), 1, "the damaged line is kept aside");
    let kept = std::fs::read_to_string(damaged[0].path()).unwrap();
    assert_eq!(kept, "(at: 17, kind: Micro, outc\n");
    let banners = status["snapshot"]["banners"].to_string();
    assert!(banners.contains("could not be read; they are kept in"), "{banners}");
}
