//! Unhunch as the desktop sees it once installed: the autostart entry run by a real launcher, from
//! a path with characters the Desktop Entry spec reserves.
#![expect(clippy::unwrap_used, reason = "test plumbing: a failure here is a failed test")]

use std::process::{Command, Stdio};

use libtest_mimic::Trial;

use crate::rig::{Guard, needs};
use crate::util::{Env, eventually};

pub fn trials() -> Vec<Trial> {
    vec![needs(
        &["gio", "dex", "desktop-file-validate"],
        "the_autostart_entry_is_valid_and_a_real_launcher_starts_the_engine_from_an_awkward_path",
        the_autostart_entry_is_valid_and_a_real_launcher_starts_the_engine_from_an_awkward_path,
    )]
}

/// The binary copied to a folder whose name has characters the Desktop Entry spec reserves:
/// `unhunch autostart on` writes an entry `desktop-file-validate` accepts, and a real launcher runs
/// it as a session does at login, starting that very binary's engine. The `gio launch` of `GLib` gets
/// the full set (a space, a quote, `$`, brackets); `dex`, which undoes only one of the spec's two
/// levels of backslashes, gets a space, a quote and brackets.
fn the_autostart_entry_is_valid_and_a_real_launcher_starts_the_engine_from_an_awkward_path() {
    for (launcher, folder) in [("gio", "my apps/it's $HOME (v2)"), ("dex", "my apps/it's mine (v2)")] {
        let env = Env::new();
        let dir = env.path().join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        let exe = dir.join("unhunch");
        std::fs::copy(env!("CARGO_BIN_EXE_unhunch"), &exe).unwrap();
        // The test's private HOME and XDG folders, for any program.
        let template = env.command(&[]);
        let in_env = |program: &std::ffi::OsStr| {
            let mut cmd = Command::new(program);
            cmd.env_clear().envs(template.get_envs().filter_map(|(k, v)| Some((k, v?))));
            cmd
        };
        let out = in_env(exe.as_os_str()).args(["autostart", "on"]).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        let entry = env.config().join("autostart/unhunch.desktop");
        let validate = Command::new("desktop-file-validate").arg(&entry).output().unwrap();
        let said = String::from_utf8_lossy(&validate.stdout).into_owned() + &String::from_utf8_lossy(&validate.stderr);
        assert!(validate.status.success() && !said.contains("error"), "desktop-file-validate: {said}");

        let mut launch = in_env(launcher.as_ref());
        if launcher == "gio" {
            launch.arg("launch");
        }
        let _launcher = Guard(launch.arg(&entry).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());
        let socket = env.path().join("run/unhunch/control.sock");
        assert!(eventually(|| socket.exists()), "{launcher} started the engine from {}", exe.display());
        let wanted = format!("{}\0daemon\0", exe.display());
        let running = std::fs::read_dir("/proc")
            .unwrap()
            .flatten()
            .any(|p| std::fs::read(p.path().join("cmdline")).is_ok_and(|c| c == wanted.as_bytes()));
        assert!(running, "the engine runs from {}", exe.display());
        let _ = env.command(&["quit"]).output();
    }
}
