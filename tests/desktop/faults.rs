//! Real write failures: the history folder on a small tmpfs that fills up, then turns read-only,
//! under the real engine. Mounting needs root (as `.ci/run` runs); elsewhere the test reports
//! itself as ignored, and the engine's own tests cover the same paths with a failing store.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test plumbing: a failure here is a failed test")]

use std::io::{BufRead as _, BufReader, Write as _};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use libtest_mimic::Trial;

use crate::rig::Guard;
use crate::util::{Env, eventually};

pub fn trials() -> Vec<Trial> {
    vec![
        crate::rig::needs_tmpfs(
            "a_full_then_read_only_history_folder_loses_nothing_and_says_so",
            a_full_then_read_only_history_folder_loses_nothing_and_says_so,
        ),
        crate::rig::needs_tmpfs(
            "a_full_home_refuses_a_settings_save_whole_and_keeps_history_in_memory_until_space_comes_back",
            a_full_home_refuses_a_settings_save_whole_and_keeps_history_in_memory_until_space_comes_back,
        ),
    ]
}

/// A tmpfs of `size` mounted on `dir`, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(dir: &Path, size: &str) -> Self {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount").args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]).arg(dir).status();
        assert!(ok.is_ok_and(|s| s.success()), "mount a tmpfs on {}", dir.display());
        Self(dir.to_path_buf())
    }

    fn remount(&self, how: &str) {
        let ok = Command::new("mount").args(["-o", &format!("remount,{how}")]).arg(&self.0).status();
        assert!(ok.is_ok_and(|s| s.success()), "remount {} {how}", self.0.display());
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// Fills the file system holding `dir` with one file, until it refuses more.
fn fill(dir: &Path) -> PathBuf {
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).unwrap();
    let chunk = vec![0u8; 4096];
    while file.write_all(&chunk).is_ok() {}
    path
}

/// One request over the control socket; its answer (pushed snapshots skipped).
fn request(env: &Env, cmd: &str) -> serde_json::Value {
    let stream = UnixStream::connect(env.path().join("run/unhunch/control.sock")).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    (&stream).write_all(format!("{{\"v\":1,\"id\":7,\"cmd\":{cmd}}}\n").as_bytes()).unwrap();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("an answer");
        let msg: serde_json::Value = serde_json::from_str(&line).unwrap();
        if msg["id"] == 7 {
            return msg;
        }
    }
}

const CHECK_IN: &str = r#"{"type":"check_in","routine":"posture-reset","kind":"Micro","check_in":{"back":2}}"#;

fn engine(env: &Env) -> Guard {
    let child = env.command(&["daemon"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    let guard = Guard(child);
    assert!(
        eventually(|| UnixStream::connect(env.path().join("run/unhunch/control.sock")).is_ok()),
        "the engine listens"
    );
    guard
}

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

/// The records in a file of them (the records kept aside start with a comment line).
fn records(path: &Path) -> usize {
    std::fs::read(path).map_or(0, |b| unhunch::core::history::parse_history_bytes(&b).0.len())
}

fn a_full_then_read_only_history_folder_loses_nothing_and_says_so() {
    let env = Env::new();
    let data = env.path().join("data");
    let mount = Mount::tmpfs(&data, "256k");
    let paths = env.run(&["paths"]).stdout;
    let history = PathBuf::from(paths.lines().find_map(|l| l.strip_prefix("history:")).unwrap().trim());
    let waiting = env.path().join("state/unhunch/history-waiting.ron");
    let mut daemon = engine(&env);

    // The disk fills up. A check-in is answered at once, says that it waits, and is kept aside.
    let filler = fill(&data);
    let answer = request(&env, CHECK_IN);
    assert_eq!(answer["type"], "ok", "{answer}");
    assert_eq!(answer["snapshot"]["history_waiting"], 1, "{answer}");
    let banners = answer["snapshot"]["banners"].to_string();
    assert!(banners.contains("No space left on device") && banners.contains("history-waiting.ron"), "{banners}");
    assert_eq!(records(&waiting), 1, "kept aside in the state folder");

    // `unhunch quit` in the middle of it: the CLI says what is not saved, and the record survives
    // the engine.
    let quit = env.run(&["quit"]);
    assert!(quit.stderr.contains("1 history record not saved yet"), "{quit:?}");
    let _ = daemon.0.wait();
    assert_eq!(lines(&history), 0, "nothing was written while the disk was full");

    // Space again: the next engine writes what waited, and the copy goes.
    std::fs::remove_file(&filler).unwrap();
    daemon = engine(&env);
    assert!(eventually(|| lines(&history) == 1), "written at the next start");
    assert!(!waiting.exists(), "and the copy kept aside is gone");

    // The folder turns read-only: two more records wait, in order, then go in when it is
    // writable again (the next record tries again; so does the engine each minute).
    mount.remount("ro");
    for _ in 0..2 {
        let answer = request(&env, CHECK_IN);
        assert!(answer["snapshot"]["banners"].to_string().contains("Read-only file system"), "{answer}");
    }
    assert_eq!(records(&waiting), 2);
    mount.remount("rw");
    let answer = request(&env, CHECK_IN);
    assert!(answer["snapshot"].get("history_waiting").is_none(), "nothing waits (the field is left out): {answer}");
    assert!(answer["snapshot"]["banners"].to_string().contains("saved again"), "{answer}");
    assert_eq!(lines(&history), 4, "every record acknowledged is in the file");
    assert!(!waiting.exists());
    let text = std::fs::read_to_string(&history).unwrap();
    let (entries, bad) = unhunch::core::history::parse_history_bytes(text.as_bytes());
    assert!(bad.is_empty(), "no torn or glued lines: {bad:?}");
    assert!(entries.windows(2).all(|w| w[0].at <= w[1].at), "in the order they happened");
    drop(daemon);
}

/// Everything on one full tmpfs (settings, history, state): a settings save is refused with the
/// reason and leaves the old file whole and no temporary file behind; a record waits in memory
/// (nowhere to keep it aside) and the banner says so; it goes in once there is room.
fn a_full_home_refuses_a_settings_save_whole_and_keeps_history_in_memory_until_space_comes_back() {
    let env = Env::new();
    let _mount = Mount::tmpfs(env.path(), "512k");
    let paths = env.run(&["paths"]).stdout;
    let history = PathBuf::from(paths.lines().find_map(|l| l.strip_prefix("history:")).unwrap().trim());
    let settings_file = env.config().join("unhunch/settings.ron");
    let daemon = engine(&env);
    let mut settings = request(&env, r#"{"type":"get_settings"}"#)["settings"].clone();
    settings["lead_in"] = serde_json::json!(4);
    let saved = request(&env, &format!(r#"{{"type":"set_settings","settings":{settings}}}"#));
    assert_eq!(saved["type"], "ok", "{saved}");
    let before = std::fs::read(&settings_file).unwrap();

    let filler = fill(env.path());
    settings["lead_in"] = serde_json::json!(8);
    let refused = request(&env, &format!(r#"{{"type":"set_settings","settings":{settings}}}"#));
    assert_eq!(refused["type"], "error", "{refused}");
    assert!(refused["message"].to_string().contains("No space left on device"), "{refused}");
    assert_eq!(std::fs::read(&settings_file).unwrap(), before, "the old settings are whole");
    let leftovers: Vec<_> = std::fs::read_dir(settings_file.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left to fill the disk: {leftovers:?}");
    let kept = request(&env, r#"{"type":"get_settings"}"#);
    assert_eq!(kept["settings"]["lead_in"], 4, "the engine keeps the settings it has");

    let answer = request(&env, CHECK_IN);
    assert_eq!(answer["snapshot"]["history_waiting"], 1, "{answer}");
    assert!(answer["snapshot"]["banners"].to_string().contains("in memory only"), "{answer}");

    std::fs::remove_file(&filler).unwrap();
    let answer = request(&env, CHECK_IN);
    assert!(answer["snapshot"].get("history_waiting").is_none(), "{answer}");
    assert_eq!(lines(&history), 2, "both records are in");
    drop(daemon);
}
