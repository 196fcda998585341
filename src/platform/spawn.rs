//! Starting Unhunch's other role as a detached process: the window starts the engine, the engine
//! opens the window.

use std::path::Path;
use std::process::{Command, Stdio};
use std::{fs, io};

use std::os::unix::process::CommandExt as _;

/// Runs this executable with `args`, detached from the caller's terminal and process group. Its
/// output goes to `log` (appended) when given. The child is reaped by a small thread, so a
/// long-lived parent leaves no zombie.
pub fn spawn_self(args: &[&str], log: Option<&Path>) -> io::Result<u32> {
    let exe = std::env::current_exe()?;
    let (out, err) = match log {
        Some(path) => {
            let file = fs::OpenOptions::new().create(true).append(true).open(path)?;
            (Stdio::from(file.try_clone()?), Stdio::from(file))
        }
        None => (Stdio::null(), Stdio::null()),
    };
    let mut child =
        Command::new(exe).args(args).stdin(Stdio::null()).stdout(out).stderr(err).process_group(0).spawn()?;
    let pid = child.id();
    std::thread::Builder::new().name("reaper".to_owned()).spawn(move || {
        let _ = child.wait();
    })?;
    Ok(pid)
}

/// Opens `path` with the desktop's default handler (`xdg-open`), detached. Errors say what to
/// install.
pub fn open_with_desktop(path: &Path) -> io::Result<()> {
    let mut child = Command::new("xdg-open")
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|e| io::Error::new(e.kind(), format!("could not run xdg-open ({e}); install xdg-utils")))?;
    std::thread::Builder::new().name("reaper".to_owned()).spawn(move || {
        let _ = child.wait();
    })?;
    Ok(())
}
