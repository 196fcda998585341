//! Entry point: parse the command line and run the chosen command.

use std::io::{self, Write as _};
use std::process::ExitCode;

use clap::Parser as _;
use unhunch::cli::{Cli, Term, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Not locked for the whole run: the engine's threads write its log to stderr too, and one
    // waiting for a lock the main thread never lets go of would hang for good.
    let (mut out, mut err) = (io::stdout(), io::stderr());
    match run(cli, &mut Term { out: &mut out, err: &mut err }) {
        Ok(code) => code,
        // A closed pipe (`unhunch routines | head`) is not an error worth shouting about.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "unhunch: {e}");
            ExitCode::FAILURE
        }
    }
}
