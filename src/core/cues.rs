//! Sound and voice for a session, so eyes can leave the screen: which soft cue and which spoken
//! words each moment of a session gets, and the cues themselves, synthesised (small, made here,
//! nothing to ship). Playing them is the platform's job (`platform::sound`, `platform::speech`).

use std::f32::consts::TAU;

use super::player::{Segment, SegmentKind, SessionPlayer, Side};
use super::routine::{MovePart, Sides, Step, Work};

/// The cues, each with a sound of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    /// A part of a rep begins (up, hold, down): a soft tick. Optional.
    Phase,
    /// A new step (or its get-ready) begins: two rising notes.
    Step,
    /// Switch sides: two equal knocks.
    Side,
    /// The session is over: three notes coming to rest.
    End,
}

/// What the voice test says.
pub const TEST_SENTENCE: &str = "This is Unhunch's voice guidance. Lean back over the chair, and hold.";

/// Samples per second of the synthesised cues (mono, 16-bit).
pub const RATE: u32 = 44_100;

/// One note: frequency in Hz, start and length in seconds.
struct Note(f32, f32, f32);

/// How many samples `secs` seconds take (the few seconds a cue lasts).
#[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a few seconds, never negative")]
fn samples_in(secs: f32) -> usize {
    (secs.max(0.0) * RATE as f32).ceil() as usize
}

/// The cue's samples at `volume` (0..1): sine notes with a soft overtone, a 5 ms attack and an
/// exponential decay, so nothing clicks.
pub fn synth(cue: Cue, volume: f32) -> Vec<i16> {
    let notes: &[Note] = match cue {
        Cue::Phase => &[Note(880.0, 0.0, 0.07)],
        Cue::Step => &[Note(659.3, 0.0, 0.22), Note(880.0, 0.16, 0.35)],
        Cue::Side => &[Note(740.0, 0.0, 0.12), Note(740.0, 0.18, 0.16)],
        Cue::End => &[Note(880.0, 0.0, 0.3), Note(659.3, 0.22, 0.3), Note(523.3, 0.44, 0.9)],
    };
    let end = notes.iter().map(|n| n.1 + n.2).fold(0.0_f32, f32::max);
    let count = samples_in(end);
    let gain = volume.clamp(0.0, 1.0) * 0.35;
    let mut out = vec![0.0_f32; count];
    for Note(freq, start, length) in notes {
        let first = samples_in(*start);
        let n = samples_in(*length);
        for i in 0..n {
            let t = i as f32 / RATE as f32;
            let attack = (t / 0.005).min(1.0);
            let decay = (-t * 5.0 / length).exp();
            let tail = ((n - i) as f32 / (0.01 * RATE as f32)).min(1.0);
            let wave = (TAU * freq * t).sin() + 0.25 * (TAU * 2.0 * freq * t).sin();
            if let Some(s) = out.get_mut(first + i) {
                *s += wave * attack * decay * tail;
            }
        }
    }
    #[expect(clippy::cast_possible_truncation, reason = "clamped to the i16 range first")]
    out.into_iter().map(|s| (s * gain).clamp(-1.0, 1.0).mul_add(f32::from(i16::MAX), 0.0) as i16).collect()
}

/// What to play and say when a segment begins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Announcement {
    pub cue: Option<Cue>,
    /// Spoken when voice guidance is on.
    pub speech: Option<String>,
}

/// What a session says when segment `index` begins: the step and what to do ("Wall angels. Slide
/// up."), the side, "hold", the rep count, "switch sides, right side next", "next up".
pub fn on_segment(player: &SessionPlayer, index: usize) -> Announcement {
    let segments = player.segments();
    let Some(seg) = segments.get(index).copied() else { return Announcement::default() };
    let previous = index.checked_sub(1).and_then(|i| segments.get(i)).copied();
    let routine = player.routine();
    let new_step = previous.is_none_or(|p| p.step != seg.step);
    let step = routine.steps.get(seg.step);
    let next_title = routine.steps.get(seg.step + 1).map(Step::title);
    let mut said: Vec<String> = Vec::new();
    let cue = match (seg.kind, step) {
        (_, Some(Step::Rest { .. })) | (SegmentKind::Rest, None) => {
            said.push("Rest.".to_owned());
            said.extend(next_title.map(|t| format!("Next up: {t}.")));
            Some(Cue::Step)
        }
        (_, Some(Step::Exercise { exercise, dose, transition, .. })) => {
            let words = &exercise.words;
            if new_step {
                said.push(format!("{}.", exercise.name));
                if let Some(t) = transition {
                    said.push(format!("{}.", t.words));
                }
            }
            match seg.kind {
                SegmentKind::GetReady => {
                    said.push("Get ready.".to_owned());
                    if dose.sides == Sides::EachSide {
                        said.push(format!("{} first.", words.side(false)));
                    }
                }
                SegmentKind::Switch => {
                    let next_right = previous.and_then(|p| p.side) != Some(Side::Right);
                    said.push(format!("Switch sides. {} next.", words.side(next_right)));
                }
                SegmentKind::Work => work_words(&seg, previous, dose.work, words, &mut said),
                SegmentKind::Release => said.push(format!("{}.", words.word(MovePart::Release))),
                SegmentKind::SetRest => said.push(format!("Rest. Set {} of {} next.", seg.set.0 + 1, seg.set.1)),
                SegmentKind::Rest => {}
            }
            let last_of_step = segments.get(index + 1).is_none_or(|n| n.step != seg.step);
            if last_of_step && let Some(t) = next_title {
                said.push(format!("Next up: {t}."));
            }
            Some(match seg.kind {
                SegmentKind::Switch => Cue::Side,
                _ if new_step => Cue::Step,
                SegmentKind::GetReady
                | SegmentKind::Work
                | SegmentKind::Release
                | SegmentKind::SetRest
                | SegmentKind::Rest => Cue::Phase,
            })
        }
        (_, None) => None,
    };
    Announcement { cue, speech: (!said.is_empty()).then(|| said.join(" ")) }
}

/// The words for a piece of work: the side when it changes, then the hold or the rep.
fn work_words(
    seg: &Segment,
    previous: Option<Segment>,
    work: Work,
    words: &super::routine::PhaseWords,
    said: &mut Vec<String>,
) {
    if let Some(side) = seg.side
        && previous.and_then(|p| p.side) != Some(side)
    {
        said.push(format!("{}.", words.side(side == Side::Right)));
    }
    match work {
        Work::Hold { .. } if seg.rep.1 > 1 => {
            said.push(format!("{}. {} of {}.", words.word(MovePart::Hold), seg.rep.0, seg.rep.1));
        }
        Work::Hold { .. } => said.push(format!("{}.", words.word(MovePart::Hold))),
        Work::Reps { .. } if seg.rep.0 == 1 => {
            said.push(format!("{} reps. {}.", seg.rep.1, words.word(MovePart::Up)));
        }
        Work::Reps { .. } if seg.rep.0 == seg.rep.1 => said.push("Last one.".to_owned()),
        Work::Reps { .. } => said.push(format!("{}.", seg.rep.0)),
        Work::Timed { .. } => said.push(format!("{}.", words.word(MovePart::Timed))),
    }
}

/// The end of a session: the closing chime and words.
pub fn on_end(completed: bool) -> Announcement {
    let words = if completed { "Well done. That's the end." } else { "The session has ended." };
    Announcement { cue: Some(Cue::End), speech: Some(words.to_owned()) }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::core::player::{PlayOptions, PlayerEffect, PlayerInput};
    use crate::core::ports::Clock as _;
    use crate::platform::fake::FakeClock;

    fn rms(samples: &[i16]) -> f64 {
        (samples.iter().map(|s| f64::from(*s).powi(2)).sum::<f64>() / samples.len().max(1) as f64).sqrt()
    }

    #[test]
    fn each_cue_is_a_short_soft_sound_of_its_own_that_starts_and_ends_quietly() {
        let sounds: Vec<Vec<i16>> = [Cue::Phase, Cue::Step, Cue::Side, Cue::End].map(|c| synth(c, 1.0)).to_vec();
        for (i, s) in sounds.iter().enumerate() {
            assert!(!s.is_empty() && s.len() < RATE as usize * 2, "at most two seconds");
            assert!(rms(s) > 500.0, "audible: {}", rms(s));
            assert!(s.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0) < 16_000, "soft, never clipping");
            assert!(s[0].unsigned_abs() < 200 && s[s.len() - 1].unsigned_abs() < 200, "no click");
            for other in &sounds[i + 1..] {
                assert_ne!(s.len(), other.len(), "distinct sounds");
            }
        }
        assert!(rms(&synth(Cue::Step, 0.2)) < rms(&synth(Cue::Step, 1.0)) / 3.0, "volume scales it");
        assert!(rms(&synth(Cue::Step, 0.0)) < 1.0, "zero is silent");
    }

    #[test]
    fn a_session_announces_steps_sides_holds_and_what_comes_next() {
        let catalogue = crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue;
        let now = FakeClock::new().now().mono;
        let player = SessionPlayer::new(
            catalogue.routines["open-plan-seated"].clone(),
            PlayOptions { lead_in: Duration::from_secs(5), resume: None },
            now,
        );
        let all: Vec<Announcement> = (0..player.segments().len()).map(|i| on_segment(&player, i)).collect();
        let first = &all[0];
        assert_eq!(first.cue, Some(Cue::Step));
        let speech = first.speech.clone().unwrap_or_default();
        assert!(speech.contains("Get ready."), "{speech}");
        let text: Vec<String> = all.iter().filter_map(|a| a.speech.clone()).collect();
        assert!(text.iter().any(|t| t.starts_with("Switch sides.") && t.contains("Right side")), "{text:#?}");
        assert!(text.iter().any(|t| t.contains("Next up:")), "{text:#?}");
        assert!(all.iter().any(|a| a.cue == Some(Cue::Side)));
        // Each segment the player starts gets its announcement.
        let mut p = player.clone();
        let effects = p.handle(PlayerInput::Next, now);
        assert!(effects.iter().any(|e| matches!(e, PlayerEffect::SegmentStarted(_))));
        assert_eq!(on_end(true).cue, Some(Cue::End));
    }
}
