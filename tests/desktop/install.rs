//! Unhunch as the desktop sees it once installed: the autostart entry run by a real launcher, from
//! a path with characters the Desktop Entry spec reserves.
#![expect(clippy::unwrap_used, reason = "test plumbing: a failure here is a failed test")]

use std::process::{Command, Stdio};

use libtest_mimic::Trial;

use crate::rig::{Guard, needs};
use crate::util::{Env, eventually};

pub fn trials() -> Vec<Trial> {
    vec![
        needs(
            &["gio", "dex", "desktop-file-validate"],
            "the_autostart_entry_is_valid_and_a_real_launcher_starts_the_engine_from_an_awkward_path",
            the_autostart_entry_is_valid_and_a_real_launcher_starts_the_engine_from_an_awkward_path,
        ),
        needs(
            &["fish", "bash", "zsh"],
            "shell_completions_offer_the_values_and_no_hidden_commands",
            shell_completions_offer_the_values_and_no_hidden_commands,
        ),
    ]
}

/// Issue 24: fish completed file names after `unhunch autostart` (not `on off`) and after
/// `unhunch completions` (not the shells), and all three shells offered the hidden commands.
/// Each real shell is asked what it completes.
fn shell_completions_offer_the_values_and_no_hidden_commands() {
    let env = Env::new();
    let script = |shell: &str| {
        let out = env.command(&["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        env.write(&format!("unhunch.{shell}"), out.stdout)
    };
    let fish = |line: &str| {
        let code = format!("source {}; complete -C '{line}'", script("fish").display());
        let out = Command::new("fish").args(["--no-config", "-c", &code]).output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout).into_owned();
        said.lines().map(|l| l.split('\t').next().unwrap_or_default().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(fish("unhunch autostart "), ["off", "on"], "fish: on and off, not files");
    let shells = fish("unhunch completions ");
    for shell in ["bash", "fish", "zsh"] {
        assert!(shells.iter().any(|s| s == shell), "fish offers {shell}: {shells:?}");
    }
    let commands = fish("unhunch ");
    assert!(commands.iter().any(|c| c == "status"), "{commands:?}");
    assert!(!commands.iter().any(|c| c == "sample-history" || c == "manpage"), "no hidden commands: {commands:?}");

    // bash: what the completion function puts in COMPREPLY after `unhunch `.
    let code = format!(
        "source {}; COMP_WORDS=(unhunch ''); COMP_CWORD=1; COMP_LINE='unhunch '; COMP_POINT=8; _unhunch unhunch '' unhunch; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script("bash").display()
    );
    let out = Command::new("bash").args(["--norc", "-c", &code]).output().unwrap();
    let words = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(words.lines().any(|w| w == "status"), "bash offers the commands: {words}");
    assert!(!words.contains("sample-history") && !words.contains("manpage"), "bash: no hidden commands: {words}");

    // zsh: the script names no hidden command (it is loaded by compinit, which a test can't drive).
    let zsh = std::fs::read_to_string(script("zsh")).unwrap();
    assert!(zsh.contains("autostart") && !zsh.contains("sample-history") && !zsh.contains("manpage"));
    let out = Command::new("zsh").args(["-n", &script("zsh").to_string_lossy()]).output().unwrap();
    assert!(out.status.success(), "zsh parses it: {out:?}");
}

/// The binary copied to a folder whose name has characters the Desktop Entry spec reserves:
/// Runs a program just copied into place. Another test thread that forks while the copy's file
/// is still open for writing carries that descriptor into its child until the child's `exec`, and
/// for that moment running the copy fails with "text file busy" (ETXTBSY); it is tried again
/// until the descriptor is gone, for at most 10 s.
fn output_of_copied(cmd: &mut Command) -> std::process::Output {
    let mut out = None;
    let ran = crate::util::eventually_within(10, || match cmd.output() {
        Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => false,
        other => {
            out = Some(other);
            true
        }
    });
    match out {
        Some(Ok(output)) if ran => output,
        Some(Err(e)) => panic!("the copied program did not run: {e}"),
        _ => panic!("the copied program stayed busy (ETXTBSY) for 10 s"),
    }
}

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
        let out = output_of_copied(in_env(exe.as_os_str()).args(["autostart", "on"]));
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
