//! Sound and voice for a session, so eyes can leave the screen: which soft cue and which spoken
//! words each moment of a session gets, and the cues themselves, synthesised (small, made here,
//! nothing to ship). Playing them is the platform's job (`platform::sound`, `platform::speech`).

use std::f32::consts::TAU;
use std::time::Duration;

use super::player::{Segment, SegmentKind, SessionPlayer, Side, TempoPart};
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

/// How long `text` takes to say at speech-dispatcher's default rate (about 165 words a minute)
/// with a short pause at each full stop or colon.
pub fn speaking_time(text: &str) -> Duration {
    let words = text.split_whitespace().count();
    let stops = text.matches(['.', ':', ';', '?']).count().max(1);
    Duration::from_millis(u64::try_from(words * 360 + stops * 150).unwrap_or(u64::MAX))
}

/// How much a part of what is said matters, most first: safety words are always said; the rest
/// only while what is said still fits in the time it describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Weight {
    /// A swap, a caution, "gentler today": said whatever the time.
    Safety,
    /// What to do now (the exercise's name, the side, the count).
    Must,
    /// How (the move's words, where to go).
    Useful,
    /// Nice to hear ("Get ready", what comes next).
    Extra,
}

/// What to say in `room`: every safety part, then the others by weight while they fit, in the
/// order given. `None` when nothing is left to say.
fn plan(parts: &[(Weight, String)], room: Duration) -> Option<String> {
    let mut keep = vec![false; parts.len()];
    let text_of = |keep: &[bool]| {
        parts.iter().zip(keep).filter(|(_, k)| **k).map(|((_, t), _)| t.as_str()).collect::<Vec<_>>().join(" ")
    };
    for weight in [Weight::Safety, Weight::Must, Weight::Useful, Weight::Extra] {
        for (i, (w, _)) in parts.iter().enumerate() {
            if *w != weight {
                continue;
            }
            keep[i] = true;
            if weight != Weight::Safety && speaking_time(&text_of(&keep)) > room {
                keep[i] = false;
            }
        }
    }
    let text = text_of(&keep);
    (!text.is_empty()).then_some(text)
}

/// The share of a segment speech may take: the rest is quiet, to do the move.
const ROOM: (u32, u32) = (9, 10);

/// What a session says when segment `index` begins: the safety words of a swapped or changed
/// exercise first, then the step and what to do ("Wall angels. Slide up."), the side, the hold or
/// rep count, "switch sides, right side next"; planned against the clock, so nothing but safety
/// words runs past the segment (or, for reps, the first part of the rep) it describes.
pub fn on_segment(player: &SessionPlayer, index: usize) -> Announcement {
    let segments = player.segments();
    let Some(seg) = segments.get(index).copied() else { return Announcement::default() };
    let previous = index.checked_sub(1).and_then(|i| segments.get(i)).copied();
    let routine = player.routine();
    let new_step = previous.is_none_or(|p| p.step != seg.step);
    let step = routine.steps.get(seg.step);
    let mut parts: Vec<(Weight, String)> = Vec::new();
    if index == 0 {
        parts.extend(routine.adjust.iter().map(|a| (Weight::Safety, sentence(a))));
    }
    let mut room = seg.duration * ROOM.0 / ROOM.1;
    let cue = match (seg.kind, step) {
        (_, Some(Step::Rest { .. })) | (SegmentKind::Rest, None) => {
            parts.push((Weight::Useful, "Rest.".to_owned()));
            let next = player.next_up(seg.step);
            parts.extend(next.map(|t| (Weight::Must, format!("Next up: {}", sentence(&t)))));
            Some(Cue::Step)
        }
        (_, Some(Step::Exercise { exercise, dose, transition, adjust, .. })) => {
            let words = &exercise.words;
            if new_step {
                // A swap says the name itself ("W squeeze instead of band pull-apart: no band").
                let swap = adjust.iter().any(|a| a.starts_with(&format!("{} instead of", exercise.name)));
                parts.extend(adjust.iter().map(|a| (Weight::Safety, sentence(a))));
                if !swap {
                    parts.push((Weight::Must, format!("{}.", exercise.name)));
                }
                if let Some(t) = transition {
                    parts.push((Weight::Useful, sentence(&t.words)));
                }
            }
            match seg.kind {
                SegmentKind::GetReady => {
                    if dose.sides == Sides::EachSide {
                        parts.push((Weight::Useful, format!("{} first.", words.side(false))));
                    }
                    // How to get into place, for someone not looking: the first cue.
                    if let Some(first) = exercise.cues.first() {
                        parts.push((Weight::Useful, sentence(first)));
                    }
                    parts.push((Weight::Extra, "Get ready.".to_owned()));
                }
                SegmentKind::Switch => {
                    let next_right = previous.and_then(|p| p.side) != Some(Side::Right);
                    parts.push((Weight::Must, format!("Switch sides. {} next.", words.side(next_right))));
                }
                SegmentKind::Work => {
                    if let Work::Reps { tempo, .. } = dose.work {
                        // The words for the rep go with its first part.
                        room = tempo.up.duration().max(Duration::from_secs(1)) * ROOM.0 / ROOM.1;
                    }
                    work_words(&seg, previous, dose.work, words, &mut parts);
                }
                SegmentKind::Release => parts.push((Weight::Useful, sentence(words.word(MovePart::Release)))),
                SegmentKind::SetRest => {
                    // What the next set is, when the sets differ (face down, the screen out of sight).
                    let next = match words.set(seg.set.0 as usize) {
                        Some(what) => format!("Rest. Set {} of {} next: {}", seg.set.0 + 1, seg.set.1, sentence(what)),
                        None => format!("Rest. Set {} of {} next.", seg.set.0 + 1, seg.set.1),
                    };
                    parts.push((Weight::Must, next));
                }
                SegmentKind::Rest => {}
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
    Announcement { cue, speech: plan(&parts, room) }
}

/// What is said when a later part of a rep begins (the hold or the way back: "Round: chin down"),
/// when the part is long enough to say it in; `None` otherwise (a quick rep is only counted).
pub fn on_part(player: &SessionPlayer, index: usize, part: TempoPart) -> Option<String> {
    let seg = player.segments().get(index)?;
    let Some(Step::Exercise { exercise, dose, .. }) = player.routine().steps.get(seg.step) else { return None };
    let Work::Reps { tempo, .. } = dose.work else { return None };
    let (move_part, length) = match part {
        TempoPart::Up => return None,
        TempoPart::Hold => (MovePart::Hold, tempo.hold.duration()),
        TempoPart::Down => (MovePart::Down, tempo.down.duration()),
    };
    plan(&[(Weight::Useful, sentence(exercise.words.word(move_part)))], length * ROOM.0 / ROOM.1)
}

/// `text` as a sentence: with a full stop unless it has one.
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?']) { text.to_owned() } else { format!("{text}.") }
}

/// The words for a piece of work: the side when it changes, then the hold or the rep. On the
/// first hold or rep the move's words come before the count; after that the count does.
fn work_words(
    seg: &Segment,
    previous: Option<Segment>,
    work: Work,
    words: &super::routine::PhaseWords,
    parts: &mut Vec<(Weight, String)>,
) {
    if let Some(side) = seg.side
        && previous.and_then(|p| p.side) != Some(side)
    {
        // "Right side." always; what it means ("turning to your right") when there is time.
        let right = side == Side::Right;
        parts.push((Weight::Must, if right { "Right side.".to_owned() } else { "Left side.".to_owned() }));
        let own = if right { &words.right } else { &words.left };
        if !own.trim().is_empty() {
            parts.push((Weight::Useful, sentence(&super::units::capitalised(own.trim()))));
        }
    }
    let (first, word_weight, count_weight) =
        if seg.rep.0 == 1 { (true, Weight::Must, Weight::Useful) } else { (false, Weight::Useful, Weight::Must) };
    match work {
        Work::Hold { .. } if seg.rep.1 > 1 => {
            parts.push((word_weight, sentence(words.word(MovePart::Hold))));
            parts.push((count_weight, format!("{} of {}.", seg.rep.0, seg.rep.1)));
        }
        Work::Hold { .. } => parts.push((Weight::Must, sentence(words.word(MovePart::Hold)))),
        Work::Reps { .. } => {
            let count = if first {
                format!("{} reps.", seg.rep.1)
            } else if seg.rep.0 == seg.rep.1 {
                "Last one.".to_owned()
            } else {
                format!("{}.", seg.rep.0)
            };
            parts.push((Weight::Must, count));
            parts.push((if first { Weight::Must } else { Weight::Useful }, sentence(words.word(MovePart::Up))));
        }
        Work::Timed { .. } => parts.push((Weight::Must, sentence(words.word(MovePart::Timed)))),
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
        assert!(!text.iter().any(|t| t.contains("Next up:")), "said by the next step's own name: {text:#?}");
        assert!(all.iter().any(|a| a.cue == Some(Cue::Side)));
        // Each segment the player starts gets its announcement.
        let mut p = player.clone();
        let effects = p.handle(PlayerInput::Next, now);
        assert!(effects.iter().any(|e| matches!(e, PlayerEffect::SegmentStarted(_))));
        assert_eq!(on_end(true).cue, Some(Cue::End));
    }

    /// Everything said in `routine` for `profile`, segment by segment and part by part, with the
    /// time each had.
    fn spoken(routine: &str, profile: &crate::core::profile::Profile) -> Vec<(String, Duration)> {
        use crate::core::adapt::{Circumstances, Recent, for_user};
        let cat = crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue;
        let recent = Recent::default();
        let c = Circumstances { profile, recent: &recent, level: crate::core::level::STANDARD };
        let r = for_user(&cat.routines[routine], &cat, &c);
        let now = FakeClock::new().now().mono;
        let player = SessionPlayer::new(r, PlayOptions { lead_in: Duration::from_secs(5), resume: None }, now);
        let mut out = Vec::new();
        for (i, seg) in player.segments().iter().enumerate() {
            let room = match player.routine().steps.get(seg.step) {
                Some(Step::Exercise { dose, .. }) if seg.kind == SegmentKind::Work => match dose.work {
                    Work::Reps { tempo, .. } => tempo.up.duration().max(Duration::from_secs(1)),
                    Work::Hold { .. } | Work::Timed { .. } => seg.duration,
                },
                Some(_) | None => seg.duration,
            };
            out.extend(on_segment(&player, i).speech.map(|t| (t, room)));
            for part in [TempoPart::Hold, TempoPart::Down] {
                out.extend(on_part(&player, i, part).map(|t| (t, seg.duration)));
            }
        }
        out
    }

    /// Issue 24: the voice talked through whole 3-second holds, said "Next up: X." and then "X."
    /// 0.4 s later, said the move's words on the first rep only, and never said the swaps and
    /// cautions shown on screen. Now speech fits the time it describes (safety words excepted),
    /// every rep long enough for words gets them, and the safety words come first.
    #[test]
    fn the_voice_fits_the_clock_says_each_rep_and_puts_safety_first() {
        use crate::core::profile::Profile;
        use crate::core::routine::{Condition, Equipment};
        let everyone = Profile::default();
        for id in ["posture-reset", "thoracic-mobility", "rhomboid-strength", "open-plan-seated", "end-of-day-unwind"] {
            for (text, room) in spoken(id, &everyone) {
                assert!(speaking_time(&text) <= room, "{id}: {text:?} takes {:?}, has {room:?}", speaking_time(&text));
            }
        }
        // Cat-cow's 3-second halves: both words, on every rep.
        let said: Vec<String> = spoken("thoracic-mobility", &everyone).into_iter().map(|s| s.0).collect();
        let rounds = said.iter().filter(|t| t.contains("Round")).count();
        assert!(rounds >= 5, "the way back is said on every rep: {said:#?}");
        // Slow breathing: "in" and "out" on every breath, and nothing cut off.
        let said: Vec<String> = spoken("end-of-day-unwind", &everyone).into_iter().map(|s| s.0).collect();
        let (ins, outs) = (
            said.iter().filter(|t| t.contains("Breathe in")).count(),
            said.iter().filter(|t| t.contains("Breathe out")).count(),
        );
        assert!(ins >= 4 && outs >= 4, "in {ins}, out {outs}: {said:#?}");
        // The unwind's six breaths are spoken too: "in" and "out" each time.
        let said: Vec<String> = spoken("unwind", &everyone).into_iter().map(|s| s.0).collect();
        let (ins, outs) = (
            said.iter().filter(|t| t.contains("Breathe in")).count(),
            said.iter().filter(|t| t.contains("Breathe out")).count(),
        );
        assert!(ins >= 6 && outs >= 6, "unwind: in {ins}, out {outs}: {said:#?}");
        // A user with no band who told of osteoporosis hears the swaps and the caution first.
        let profile = Profile { without: vec![Equipment::Band], conditions: vec![Condition::Osteoporosis], ..everyone };
        let said: Vec<String> = spoken("rhomboid-strength", &profile).into_iter().map(|s| s.0).collect();
        assert!(
            said.iter().any(|t| t.starts_with("W squeeze instead of band pull-apart: no band.")),
            "the swap, first: {said:#?}"
        );
        assert!(!said.iter().any(|t| t.contains("band pull-apart.") && !t.contains("instead of")), "{said:#?}");
        let said: Vec<String> = spoken("thoracic-mobility", &profile).into_iter().map(|s| s.0).collect();
        assert!(said.iter().any(|t| t.starts_with("Osteoporosis:")), "the caution, first: {said:#?}");
    }

    /// Issue 25: face down, the user hears which letter the next set is; getting ready, how to get
    /// into place (the first cue) where there is time to say it.
    #[test]
    fn the_voice_says_the_next_set_and_how_to_get_into_place() {
        let everyone = crate::core::profile::Profile { place: crate::core::profile::Place::Home, ..Default::default() };
        let said: Vec<String> = spoken("home-floor", &everyone).into_iter().map(|s| s.0).collect();
        assert!(said.iter().any(|t| t.starts_with("Rest. Set 2 of 3 next: T")), "the T set is named: {said:#?}");
        assert!(said.iter().any(|t| t.starts_with("Rest. Set 3 of 3 next: W")), "the W set is named: {said:#?}");
        let said: Vec<String> =
            spoken("thoracic-mobility", &crate::core::profile::Profile::default()).into_iter().map(|s| s.0).collect();
        assert!(said.iter().any(|t| t.starts_with("Seated cat–cow. Sit near the front of the seat.")), "{said:#?}");
    }
}
