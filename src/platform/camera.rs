//! Is the camera in use? True while any of the user's processes has a video device
//! (`/dev/video*`) open — read from `/proc/<pid>/fd`, never from the device: nothing is seen or
//! recorded, only that a device is open. Asked by [`super::calls`] when a device is opened or
//! closed.

use std::path::Path;

/// The first of `uid`'s processes (under `proc_root`, normally `/proc`) with a file open that
/// `is_camera` accepts, as its command name ("firefox"); `None` when there is none. Processes
/// that can't be looked into (another user's, gone meanwhile) are passed over.
pub fn in_use_by(proc_root: &Path, uid: u32, is_camera: &dyn Fn(&Path) -> bool) -> Option<String> {
    use std::os::unix::fs::MetadataExt as _;
    let entries = std::fs::read_dir(proc_root).ok()?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let dir = entry.path();
        if std::fs::metadata(&dir).ok().map(|m| m.uid()) != Some(uid) {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(dir.join("fd")) else { continue };
        let open = fds.flatten().filter_map(|fd| std::fs::read_link(fd.path()).ok()).any(|target| is_camera(&target));
        if open {
            let comm = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
            return Some(comm.trim().to_owned());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::MetadataExt as _;
    use std::path::Path;
    use std::process::{Command, Stdio};

    use super::*;

    /// A real process holding a stand-in device open (no video device can be made here) is found
    /// through the real `/proc`, by its name; once it closes it, nothing is.
    #[test]
    fn a_process_holding_the_device_open_is_found_by_name_and_not_after() {
        let dir = tempfile::tempdir().expect("a folder");
        let device = dir.path().join("video0");
        std::fs::File::create(&device).expect("a stand-in device");
        let uid = std::fs::metadata("/proc/self").expect("/proc").uid();
        let is_camera = |p: &Path| p == device.as_path();
        assert_eq!(in_use_by(Path::new("/proc"), uid, &is_camera), None, "nobody has it open yet");
        let mut holder = Command::new("sh")
            .arg("-c")
            .arg(format!("exec 3<'{}'; exec sleep 30", device.display()))
            .stdout(Stdio::null())
            .spawn()
            .expect("sh runs");
        // Found as `sh` until it has become `sleep` (it holds the file from before its exec).
        let mut found = None;
        for _ in 0..750 {
            found = in_use_by(Path::new("/proc"), uid, &is_camera);
            if found.as_deref() == Some("sleep") {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert_eq!(found.as_deref(), Some("sleep"), "awaited for 15 s the holder found by its name");
        let _ = holder.kill();
        let _ = holder.wait();
        assert_eq!(in_use_by(Path::new("/proc"), uid, &is_camera), None, "closed with the process");
    }
}
