//! `unhunch-engine`: the engine alone. `unhunch daemon` becomes this program when it is installed
//! beside `unhunch`, so what runs all day carries none of the window's code (egui, OpenGL, fonts):
//! about 7 MB resident instead of 11 (`scripts/wakeups.sh`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    unhunch::engine::daemon::engine_main(&args)
}
