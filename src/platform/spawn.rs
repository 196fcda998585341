//! Starting Unhunch's other role as a detached process: the window and the CLI start the engine
//! ([`ensure_running`]), the engine opens the window.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
use std::{fs, io};

use crate::platform::ipc;

use std::os::unix::process::CommandExt as _;

/// The engine alone, without the window's code, installed beside `unhunch` (`src/bin`).
pub const ENGINE_PROGRAM: &str = "unhunch-engine";

/// Set for `unhunch daemon` when the engine must run inside it, not in [`ENGINE_PROGRAM`].
pub const ENGINE_HERE: &str = "UNHUNCH_ENGINE_HERE";

/// The `unhunch` program: this one, or the one beside it when this is [`ENGINE_PROGRAM`].
pub fn unhunch_program() -> io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    Ok(if exe.file_name().is_some_and(|n| n == ENGINE_PROGRAM) { exe.with_file_name("unhunch") } else { exe })
}

/// This build's id (`build.rs`): an [`ENGINE_PROGRAM`] runs the engine only for the `unhunch`
/// that has the same one.
pub const BUILD_ID: &str = env!("UNHUNCH_BUILD_ID");

/// glibc's allocator tuned for a process that lives for days and serves short-lived client
/// threads: two arenas instead of one per thread, and buffers of 32 KiB or more (a request line
/// being read) straight from the kernel and back to it. With glibc's defaults a flood of clients
/// leaves every thread's arena behind (about 2.5 MB more than idle, for good); with these, about
/// 1 MB (`scripts/flood-memory.sh`). Other C libraries ignore the variable.
pub const ALLOCATOR_TUNABLES: &str = "glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=32768";

/// How [`ENGINE_PROGRAM`] beside `unhunch` is started (told this build's id, its allocator
/// tuned); `None` when there is none, or when the engine must run inside `unhunch` ([`ENGINE_HERE`]).
pub fn lean_engine() -> Option<Command> {
    if std::env::var_os(ENGINE_HERE).is_some() {
        return None;
    }
    let lean = unhunch_program().ok()?.with_file_name(ENGINE_PROGRAM);
    if !lean.is_file() {
        return None;
    }
    let mut command = Command::new(lean);
    command.arg("--build").arg(BUILD_ID);
    if std::env::var_os("GLIBC_TUNABLES").is_none() {
        command.env("GLIBC_TUNABLES", ALLOCATOR_TUNABLES);
    }
    Some(command)
}

/// Runs `unhunch` with `args`, detached from the caller's terminal and process group. Its
/// output goes to `log` (appended) when given. The child is reaped by a small thread, so a
/// long-lived parent leaves no zombie.
pub fn spawn_self(args: &[&str], log: Option<&Path>) -> io::Result<u32> {
    let mut command = Command::new(unhunch_program()?);
    command.args(args);
    spawn_detached(command, log)
}

/// Runs `command` as [`spawn_self`] does.
fn spawn_detached(mut command: Command, log: Option<&Path>) -> io::Result<u32> {
    let (out, err) = match log {
        Some(path) => {
            let file = super::files::open_append(path)?;
            (Stdio::from(file.try_clone()?), Stdio::from(file))
        }
        None => (Stdio::null(), Stdio::null()),
    };
    let mut child =
        command.env_remove(ENGINE_HERE).stdin(Stdio::null()).stdout(out).stderr(err).process_group(0).spawn()?;
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

/// Starts the engine as a detached process if none is running, and waits until it answers.
pub fn ensure_running(socket: &Path, log_path: &Path) -> Result<ipc::Connection, ipc::IpcError> {
    if let Ok(c) = ipc::Connection::connect(socket) {
        return Ok(c);
    }
    start_engine(socket, log_path)?;
    wait_for_engine(socket)
}

/// Starts the engine as a detached process, its output appended to `log_path`; returns at once
/// ([`wait_for_engine`] waits for it to answer). [`ENGINE_PROGRAM`] is started straight away when
/// it is beside this program (what `unhunch daemon` would become, without starting `unhunch`
/// first: the window opening beside it has the processor to itself sooner), else `unhunch daemon`.
pub fn start_engine(socket: &Path, log_path: &Path) -> Result<(), ipc::IpcError> {
    if let Some(dir) = log_path.parent() {
        let _ = fs::create_dir_all(dir);
    }
    let started = match lean_engine() {
        Some(command) => spawn_detached(command, Some(log_path)),
        None => spawn_self(&["daemon"], Some(log_path)),
    };
    started.map(|_| ()).map_err(|source| ipc::IpcError::Io { path: socket.to_path_buf(), source })
}

/// Connects to an engine that is starting: tries every 5 ms (a connection attempt costs
/// microseconds, and the engine listens about 30 ms after it starts) for up to 5 s.
pub fn wait_for_engine(socket: &Path) -> Result<ipc::Connection, ipc::IpcError> {
    let mut last = ipc::IpcError::NotRunning(socket.to_path_buf());
    for _ in 0..1000 {
        match ipc::Connection::connect(socket) {
            Ok(c) => return Ok(c),
            Err(e) => last = e,
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Err(last)
}
