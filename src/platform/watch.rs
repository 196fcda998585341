//! Watching the routines folder, so a file saved in a text editor is picked up at once.
//!
//! inotify (through `notify`) wakes a thread of ours; it waits until the folder has been quiet for
//! [`SETTLE`] (an editor's save is often write + rename + chmod) and then calls back once. Only
//! `*.ron` files count, so editor swap and backup files do not cause reloads.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher as _};

/// How long the folder must be quiet before a change is reported.
pub const SETTLE: Duration = Duration::from_millis(150);

/// Watches one folder until dropped.
pub struct DirWatcher {
    _watcher: notify::RecommendedWatcher,
}

impl std::fmt::Debug for DirWatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirWatcher").finish_non_exhaustive()
    }
}

impl DirWatcher {
    /// Watches `dir` (creating it if needed) and calls `on_change` after each settled change to a
    /// `.ron` file in it.
    pub fn start(dir: &Path, on_change: impl Fn() + Send + 'static) -> Result<Self, super::ServiceError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| super::ServiceError::failed(format!("could not create {}", dir.display()), e))?;
        let (tx, rx) = mpsc::channel::<()>();
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if let Ok(event) = event
                && matters(event.kind, &event.paths)
            {
                let _ = tx.send(());
            }
        })
        .map_err(|e| super::ServiceError::failed(format!("could not watch {}", dir.display()), e))?;
        watcher
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|e| super::ServiceError::failed(format!("could not watch {}", dir.display()), e))?;
        std::thread::Builder::new()
            .name("routines-watch".to_owned())
            .spawn(move || settle(&rx, &on_change))
            .map_err(|e| super::ServiceError::failed(format!("could not start watching {}", dir.display()), e))?;
        Ok(Self { _watcher: watcher })
    }
}

/// Calls `on_change` once per burst of events; ends when the watcher is dropped.
fn settle(rx: &mpsc::Receiver<()>, on_change: &dyn Fn()) {
    while rx.recv().is_ok() {
        loop {
            match rx.recv_timeout(SETTLE) {
                Ok(()) => {}
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return,
            }
        }
        on_change();
    }
}

/// Content changes to `.ron` files; not reads or metadata-only touches.
fn matters(kind: EventKind, paths: &[PathBuf]) -> bool {
    let content = matches!(kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any);
    content && paths.iter().any(|p| p.extension().is_some_and(|x| x == "ron"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_saved_ron_file_is_reported_once_and_other_files_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let count = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&count);
        let _watch = DirWatcher::start(dir.path(), move || {
            seen.fetch_add(1, Ordering::SeqCst);
        })
        .unwrap();
        // Nothing more happens within a few settling times: for what must *not* happen.
        let wait = || std::thread::sleep(SETTLE * 4);
        // What must happen is waited for, up to fifteen seconds on a loaded machine.
        let reaches = |n: usize| {
            (0..300).any(|_| {
                let now = count.load(Ordering::SeqCst);
                now >= n || {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    false
                }
            })
        };
        crate::platform::files::write_atomic(&dir.path().join(".x.swp"), b"swap").unwrap();
        wait();
        assert_eq!(count.load(Ordering::SeqCst), 0, "an editor's swap file is not a change");
        // An editor's save: a temporary file renamed over the real one, written twice.
        crate::platform::files::write_atomic(&dir.path().join("mine.ron"), b"Routine()").unwrap();
        crate::platform::files::write_atomic(&dir.path().join("mine.ron"), b"Routine(id: \"mine\")").unwrap();
        assert!(reaches(1), "awaited a reload after the save; saw none");
        wait();
        assert_eq!(count.load(Ordering::SeqCst), 1, "one burst, one reload");
        std::fs::remove_file(dir.path().join("mine.ron")).unwrap();
        assert!(reaches(2), "awaited a reload after the delete; saw {}", count.load(Ordering::SeqCst));
        wait();
        assert_eq!(count.load(Ordering::SeqCst), 2, "a deleted file is a change too, once");
    }
}
