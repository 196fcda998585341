//! Entry point: parse the command line and run the chosen command.

use std::io::{self, Write as _};
use std::process::ExitCode;

use clap::Parser as _;
use unhunch::cli::{Cli, Term, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (stdout, stderr) = (io::stdout(), io::stderr());
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
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
