//! `unhunch test-sound [--voice]`: plays a cue (and says a sentence) the way a session does, and
//! says how, or exactly why nothing could play.

use std::io;
use std::process::ExitCode;

use super::Term;
use crate::core::cues::{Cue, TEST_SENTENCE, synth};
use crate::platform::files::{Paths, load_settings};
use crate::platform::{sound, speech};

/// `unhunch test-sound [--voice]`.
pub fn test_sound(t: &mut Term<'_>, voice: bool) -> io::Result<ExitCode> {
    let volume = Paths::from_env().map_or(0.6, |p| load_settings(&p.settings()).settings.volume());
    let mut ok = true;
    match sound::play_blocking(&synth(Cue::Step, volume)) {
        Ok(played) => {
            writeln!(t.out, "Played the new-step cue through {}.", played.backend.label())?;
            if let Some(why) = played.native_failed {
                writeln!(t.out, "(Not over the sound server's own protocol: {why}.)")?;
            }
        }
        Err(e) => {
            writeln!(t.err, "unhunch test-sound: {e}")?;
            ok = false;
        }
    }
    if voice {
        match speech::Speaker::connect().and_then(|mut s| s.say(TEST_SENTENCE)) {
            Ok(()) => writeln!(t.out, "Said through speech-dispatcher: \"{TEST_SENTENCE}\"")?,
            Err(e) => {
                writeln!(t.err, "unhunch test-sound: {e}")?;
                ok = false;
            }
        }
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
