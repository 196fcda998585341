//! The routine format: serde mirrors of the RON files (`*Def`) and the validated model they become.
//!
//! Parsing and validation are two steps (ripgrep's "low args → high args"): the `*Def` types accept
//! exactly what a file may say, and [`super::validate`] turns them into
//! [`Exercise`] and [`Routine`] values whose numbers are in range and whose references resolve.
//! `exercises/README.md` documents every field; keep the two in step.

use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use super::condition::Condition;
use super::figure::{Figure, FigureDef};
use super::units::Seconds;

/// One RON file: either an exercise or a routine, named by its outer word.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Document {
    /// `Exercise(id: "…", …)`.
    Exercise(Box<ExerciseDef>),
    /// `Routine(id: "…", …)`.
    Routine(RoutineDef),
}

/// An exercise as written in a file: defined once, referenced by routines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseDef {
    pub id: String,
    pub name: String,
    pub family: Family,
    #[serde(default)]
    pub summary: String,
    pub position: Position,
    #[serde(default)]
    pub equipment: Vec<Equipment>,
    pub cues: Vec<String>,
    #[serde(default)]
    pub breathing: String,
    #[serde(default)]
    pub mistakes: Vec<String>,
    #[serde(default)]
    pub stop_if: Vec<String>,
    /// What you should feel, and where: "a stretch across the chest, not in the shoulder".
    #[serde(default)]
    pub feel: String,
    /// Conditions under which the exercise is skipped (the short form of a `Skip` caution).
    #[serde(default)]
    pub avoid_with: Vec<Condition>,
    /// Conditions under which the exercise is skipped or done differently, with the words to say.
    #[serde(default)]
    pub cautions: Vec<Caution>,
    #[serde(default)]
    pub alternatives: Vec<String>,
    #[serde(default)]
    pub home_only: bool,
    pub dose: DoseDef,
    /// The words for each part of the movement and for each side.
    #[serde(default)]
    pub words: PhaseWords,
    /// How the exercise is drawn and animated.
    #[serde(default)]
    pub figure: Option<FigureDef>,
    /// Keyframes of an earlier draft of the format, never drawn: still read, and ignored.
    #[serde(default, skip_serializing)]
    pub poses: serde::de::IgnoredAny,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// The words an exercise uses for its movement ("Lean back", "Come up") and its sides. Each left
/// out uses the general word ("Up", "Hold", "Down", "Release", "Keep going").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PhaseWords {
    /// A rep's first part.
    pub up: String,
    /// Holding at the end of a rep, or a hold.
    pub hold: String,
    /// A rep's last part.
    pub down: String,
    /// Letting go between two holds.
    pub release: String,
    /// Timed work ("Walk", "Breathe").
    pub timed: String,
    /// What the left side means: "stretching the left of your neck".
    pub left: String,
    /// What the right side means.
    pub right: String,
    /// What each set is, when the sets differ ("Y: arms overhead, thumbs up").
    pub sets: Vec<String>,
}

impl PhaseWords {
    /// The word for a part of the movement, the exercise's own or the general one.
    pub fn word(&self, part: MovePart) -> &str {
        let (own, general) = match part {
            MovePart::Up => (&self.up, "Up"),
            MovePart::Hold => (&self.hold, "Hold"),
            MovePart::Down => (&self.down, "Down"),
            MovePart::Release => (&self.release, "Release"),
            MovePart::Timed => (&self.timed, "Keep going"),
        };
        if own.trim().is_empty() { general } else { own.trim() }
    }

    /// "Left side" or "Left side: stretching the left of your neck".
    pub fn side(&self, right: bool) -> String {
        let (name, own) = if right { ("Right side", &self.right) } else { ("Left side", &self.left) };
        if own.trim().is_empty() { name.to_owned() } else { format!("{name}: {}", own.trim()) }
    }

    /// Every word with its field name, for checking.
    pub fn fields(&self) -> [(&'static str, &str); 7] {
        [
            ("up", &self.up),
            ("hold", &self.hold),
            ("down", &self.down),
            ("release", &self.release),
            ("timed", &self.timed),
            ("left", &self.left),
            ("right", &self.right),
        ]
    }

    /// What set `set` (from 0) is, when the exercise says.
    pub fn set(&self, set: usize) -> Option<&str> {
        self.sets.get(set).map(|s| s.trim()).filter(|s| !s.is_empty())
    }
}

/// A part of a movement, named by [`PhaseWords`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MovePart {
    Up,
    Hold,
    Down,
    Release,
    Timed,
}

/// How much of an exercise to do: the work itself plus sets, sides, rests and a get-ready lead-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoseDef {
    pub work: Work,
    #[serde(default = "one")]
    pub sets: u32,
    #[serde(default)]
    pub rest: Seconds,
    #[serde(default)]
    pub sides: Sides,
    #[serde(default = "default_switch")]
    pub switch: Seconds,
    #[serde(default)]
    pub get_ready: Seconds,
}

/// The work in one set (on one side).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Work {
    /// Hold a position for `seconds`, `reps` times, with `release` seconds between holds.
    Hold {
        seconds: Seconds,
        #[serde(default = "one")]
        reps: u32,
        #[serde(default)]
        release: Seconds,
    },
    /// Move through `reps` repetitions, each taking `tempo`.
    Reps { reps: u32, tempo: Tempo },
    /// Keep going for `seconds`: walking, gazing, breathing.
    Timed { seconds: Seconds },
}

/// The seconds each part of one repetition takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tempo {
    #[serde(default)]
    pub up: Seconds,
    #[serde(default)]
    pub hold: Seconds,
    #[serde(default)]
    pub down: Seconds,
}

impl Tempo {
    /// Seconds one repetition takes.
    pub fn rep(self) -> Duration {
        self.up.duration() + self.hold.duration() + self.down.duration()
    }
}

/// Whether and how an exercise is done per side.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sides {
    /// Both sides at once, or no sides at all.
    #[default]
    Symmetric,
    /// All the work on the left, switch, then all the work on the right.
    EachSide,
    /// Left, switch, right, switch, … one hold or rep at a time.
    Alternating,
}

/// The two exercise families of the catalogue, plus the easy movement and eye/breath resets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Family {
    /// Thoracic mobility and stretches.
    Mobility,
    /// Rhomboid, mid-back, neck and shoulder strength.
    Strength,
    /// Standing up and walking.
    Movement,
    /// Far gaze, blinking, slow breathing.
    Relaxation,
}

/// Where the body is while doing an exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Position {
    Seated,
    Standing,
    SeatedOrStanding,
    Floor,
}

/// Things an exercise needs besides a body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Equipment {
    Chair,
    /// A steady chair that doesn't roll or recline, its back below the shoulder blades.
    SteadyChair,
    Wall,
    Doorway,
    Desk,
    Band,
    /// Something to loop a band round at chest height: a post, a door anchor.
    Anchor,
    Mat,
    Weights,
}

impl Family {
    /// Every family, in the order people see them.
    pub const ALL: [Self; 4] = [Self::Mobility, Self::Strength, Self::Movement, Self::Relaxation];

    /// The name people see.
    pub fn label(self) -> &'static str {
        match self {
            Self::Mobility => "Mobility",
            Self::Strength => "Strength",
            Self::Movement => "Movement",
            Self::Relaxation => "Relaxation",
        }
    }
}

impl Position {
    /// Every position.
    pub const ALL: [Self; 4] = [Self::Seated, Self::Standing, Self::SeatedOrStanding, Self::Floor];

    /// The name people see.
    pub fn label(self) -> &'static str {
        match self {
            Self::Seated => "Seated",
            Self::Standing => "Standing",
            Self::SeatedOrStanding => "Seated or standing",
            Self::Floor => "On the floor (at home)",
        }
    }
}

impl Equipment {
    /// Every kind of equipment.
    pub const ALL: [Self; 9] = [
        Self::Chair,
        Self::SteadyChair,
        Self::Wall,
        Self::Doorway,
        Self::Desk,
        Self::Band,
        Self::Anchor,
        Self::Mat,
        Self::Weights,
    ];

    /// The name people see, in a list ("a band, a wall").
    pub fn label(self) -> &'static str {
        match self {
            Self::Chair => "a chair",
            Self::SteadyChair => "a steady chair that doesn't recline",
            Self::Wall => "a wall",
            Self::Doorway => "a doorway",
            Self::Desk => "a desk",
            Self::Band => "a resistance band",
            Self::Anchor => "something to loop a band round (a post or a door anchor)",
            Self::Mat => "floor space or a mat",
            Self::Weights => "water bottles or light weights",
        }
    }

    /// The name as a title ("Resistance band"), for a checkbox.
    pub fn title(self) -> &'static str {
        match self {
            Self::Chair => "Chair",
            Self::SteadyChair => "Steady chair (doesn't roll or recline)",
            Self::Wall => "Wall",
            Self::Doorway => "Doorway",
            Self::Desk => "Desk",
            Self::Band => "Resistance band",
            Self::Anchor => "A post or door anchor for the band",
            Self::Mat => "Floor space or a mat",
            Self::Weights => "Water bottles or light weights",
        }
    }

    /// What is said when it is missing: "no band".
    pub fn missing(self) -> &'static str {
        match self {
            Self::Chair => "no chair",
            Self::SteadyChair => "your chair rolls or reclines",
            Self::Wall => "no free wall",
            Self::Doorway => "no doorway",
            Self::Desk => "no desk",
            Self::Band => "no band",
            Self::Anchor => "nothing to loop the band round",
            Self::Mat => "no floor space",
            Self::Weights => "no water bottles or weights",
        }
    }

    /// The short word used on the command line (`--without band,floor`).
    pub fn word(self) -> &'static str {
        match self {
            Self::Chair => "chair",
            Self::SteadyChair => "steady-chair",
            Self::Wall => "wall",
            Self::Doorway => "doorway",
            Self::Desk => "desk",
            Self::Band => "band",
            Self::Anchor => "anchor",
            Self::Mat => "floor",
            Self::Weights => "weights",
        }
    }
}

/// What a caution does to an exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Leave it out (a fallback or alternative plays instead).
    Skip,
    /// Do it, the way the caution's words say.
    Modify,
}

/// One condition's rule for an exercise: `(Osteoporosis, Modify, "Keep the rounding small.")`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "(Condition, Action, String)", into = "(Condition, Action, String)")]
pub struct Caution {
    pub condition: Condition,
    pub action: Action,
    /// What to do instead, or why it is skipped; required for `Modify`.
    pub words: String,
}

impl From<(Condition, Action, String)> for Caution {
    fn from((condition, action, words): (Condition, Action, String)) -> Self {
        Self { condition, action, words }
    }
}

impl From<Caution> for (Condition, Action, String) {
    fn from(c: Caution) -> Self {
        (c.condition, c.action, c.words)
    }
}

/// Equipment as people read it: "a chair, a wall and a doorway", or "no equipment".
pub fn equipment_words(items: &[Equipment]) -> String {
    let words: Vec<&str> = items.iter().map(|e| e.label()).collect();
    match words.as_slice() {
        [] => "no equipment".to_owned(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A routine as written in a file: an ordered list of steps.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoutineDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub summary: String,
    pub steps: Vec<StepDef>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// One step of a routine: an exercise (with optional dose overrides) or a rest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum StepDef {
    /// Do an exercise; every field left out comes from the exercise's own dose.
    Do {
        exercise: String,
        #[serde(default)]
        work: Option<Work>,
        #[serde(default)]
        sets: Option<u32>,
        #[serde(default)]
        rest: Option<Seconds>,
        #[serde(default)]
        sides: Option<Sides>,
        #[serde(default)]
        switch: Option<Seconds>,
        #[serde(default)]
        get_ready: Option<Seconds>,
        #[serde(default)]
        note: String,
        /// What to do instead, in order of preference, when this exercise doesn't suit (no band,
        /// a condition that skips it): `Do` steps with their own doses.
        #[serde(default)]
        instead: Vec<Self>,
    },
    /// Rest, shake out, get set up for what comes next.
    Rest {
        seconds: Seconds,
        #[serde(default)]
        note: String,
    },
}

impl StepDef {
    /// The dose this step plays: the exercise's own (`base`) with the step's overrides on top.
    /// `None` for a rest.
    pub fn dose_over(&self, base: &DoseDef) -> Option<DoseDef> {
        let Self::Do { work, sets, rest, sides, switch, get_ready, .. } = self else { return None };
        Some(DoseDef {
            work: work.unwrap_or(base.work),
            sets: sets.unwrap_or(base.sets),
            rest: rest.unwrap_or(base.rest),
            sides: sides.unwrap_or(base.sides),
            switch: switch.unwrap_or(base.switch),
            get_ready: get_ready.unwrap_or(base.get_ready),
        })
    }

    /// Makes this step play `dose`, written as overrides of `base`: a field equal to the
    /// exercise's own is left out, so the file says only what the step changes.
    pub fn set_dose(&mut self, base: &DoseDef, dose: &DoseDef) {
        let Self::Do { work, sets, rest, sides, switch, get_ready, .. } = self else { return };
        *work = (dose.work != base.work).then_some(dose.work);
        *sets = (dose.sets != base.sets).then_some(dose.sets);
        *rest = (dose.rest != base.rest).then_some(dose.rest);
        *sides = (dose.sides != base.sides).then_some(dose.sides);
        *switch = (dose.switch != base.switch).then_some(dose.switch);
        *get_ready = (dose.get_ready != base.get_ready).then_some(dose.get_ready);
    }

    /// A step that does `exercise` with its own dose and no note.
    pub fn plain(exercise: impl Into<String>) -> Self {
        Self::Do {
            exercise: exercise.into(),
            work: None,
            sets: None,
            rest: None,
            sides: None,
            switch: None,
            get_ready: None,
            note: String::new(),
            instead: Vec::new(),
        }
    }
}

fn one() -> u32 {
    1
}

fn default_switch() -> Seconds {
    Seconds(5)
}

/// Allowed ranges, in one place so the docs, the validator and the editor agree.
pub mod limits {
    use std::ops::RangeInclusive;

    pub const HOLD_SECONDS: RangeInclusive<u32> = 1..=300;
    pub const HOLD_REPS: RangeInclusive<u32> = 1..=50;
    pub const RELEASE_SECONDS: RangeInclusive<u32> = 0..=60;
    pub const REPS: RangeInclusive<u32> = 1..=100;
    pub const TEMPO_PART: RangeInclusive<u32> = 0..=30;
    pub const TIMED_SECONDS: RangeInclusive<u32> = 1..=1800;
    pub const SETS: RangeInclusive<u32> = 1..=10;
    pub const SET_REST: RangeInclusive<u32> = 0..=300;
    pub const SWITCH: RangeInclusive<u32> = 0..=60;
    pub const GET_READY: RangeInclusive<u32> = 0..=60;
    pub const REST_STEP: RangeInclusive<u32> = 1..=600;
    /// The longest routine, in seconds.
    pub const ROUTINE_SECONDS: u32 = 60 * 60;
    pub const ID_CHARS: usize = 64;
    pub const NAME_CHARS: usize = 80;
    pub const TEXT_CHARS: usize = 300;
    /// A word for a part of the movement or a side.
    pub const WORD_CHARS: usize = 60;
}

/// A validated dose with every default filled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dose {
    pub work: Work,
    pub sets: u32,
    pub rest: Duration,
    pub sides: Sides,
    pub switch: Duration,
    pub get_ready: Duration,
}

impl Dose {
    /// How long the whole dose takes, lead-in, sides, sets and rests included.
    pub fn duration(&self) -> Duration {
        self.get_ready + self.sets * self.set_duration() + self.sets.saturating_sub(1) * self.rest
    }

    /// How long one set takes, both sides included.
    pub fn set_duration(&self) -> Duration {
        let units = self.units_per_side();
        let unit = self.unit();
        match self.sides {
            Sides::Symmetric => self.one_side(),
            Sides::EachSide => 2 * self.one_side() + self.switch,
            Sides::Alternating => 2 * units * unit + (2 * units - 1) * self.switch,
        }
    }

    /// How long the work on one side takes (the whole set when symmetric).
    pub fn one_side(&self) -> Duration {
        let units = self.units_per_side();
        units * self.unit() + units.saturating_sub(1) * self.gap()
    }

    /// Holds or reps per side; a timed piece of work is one unit.
    pub fn units_per_side(&self) -> u32 {
        match self.work {
            Work::Hold { reps, .. } | Work::Reps { reps, .. } => reps,
            Work::Timed { .. } => 1,
        }
    }

    /// How long one hold, one rep or the timed piece takes.
    pub fn unit(&self) -> Duration {
        match self.work {
            Work::Hold { seconds, .. } | Work::Timed { seconds } => seconds.duration(),
            Work::Reps { tempo, .. } => tempo.rep(),
        }
    }

    /// The pause between two holds on the same side (reps flow into each other).
    pub fn gap(&self) -> Duration {
        match self.work {
            Work::Hold { release, .. } => release.duration(),
            Work::Reps { .. } | Work::Timed { .. } => Duration::ZERO,
        }
    }

    /// A short description people can read: `5 × 2 s hold`, `8 reps (3-0-3)`, `30 s each side`.
    pub fn describe(&self) -> String {
        let work = match self.work {
            Work::Hold { seconds, reps: 1, .. } => format!("{} s hold", seconds.0),
            Work::Hold { seconds, reps, .. } => format!("{reps} × {} s hold", seconds.0),
            Work::Reps { reps, tempo } => {
                format!("{reps} reps ({}-{}-{} s)", tempo.up.0, tempo.hold.0, tempo.down.0)
            }
            Work::Timed { seconds } => super::units::human(seconds.duration()),
        };
        let sides = match self.sides {
            Sides::Symmetric => "",
            Sides::EachSide => " each side",
            Sides::Alternating => " each side, alternating",
        };
        let sets = if self.sets > 1 { format!(", {} sets", self.sets) } else { String::new() };
        format!("{work}{sides}{sets}")
    }
}

/// Where a loaded file came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// Shipped inside the binary.
    BuiltIn,
    /// The user's routines folder, or a path given on the command line.
    User,
}

/// A validated exercise.
#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    pub id: String,
    pub name: String,
    pub family: Family,
    pub summary: String,
    pub position: Position,
    pub equipment: Vec<Equipment>,
    pub cues: Vec<String>,
    pub breathing: String,
    pub mistakes: Vec<String>,
    pub stop_if: Vec<String>,
    pub feel: String,
    /// `avoid_with` (as `Skip` cautions) and `cautions`, together.
    pub cautions: Vec<Caution>,
    pub alternatives: Vec<String>,
    pub home_only: bool,
    pub dose: Dose,
    pub words: PhaseWords,
    pub figure: Option<Figure>,
    pub sources: Vec<String>,
    pub origin: Origin,
    pub path: String,
}

/// A validated routine: every step resolved to a copy of its exercise, so a running session keeps
/// the version it started with even if the files change underneath it.
#[derive(Clone, Debug, PartialEq)]
pub struct Routine {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub steps: Vec<Step>,
    pub sources: Vec<String>,
    pub origin: Origin,
    pub path: String,
    /// What was changed for this user as a whole ("Gentler today: …"); empty as written. Each
    /// step's own changes are in its `adjust`.
    pub adjust: Vec<String>,
    /// The level it plays at (see [`super::level`]).
    pub level: u8,
}

/// A validated routine step.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// `dose.get_ready` includes the time to get into place (`transition`), when the exercise is
    /// somewhere else or in another position than the step before.
    Exercise {
        exercise: std::sync::Arc<Exercise>,
        dose: Dose,
        note: String,
        transition: Option<Transition>,
        /// The get-ready the file asked for, before any time to get into place was added.
        written_get_ready: Duration,
        /// What the routine says to do instead, in order (see [`super::adapt`]).
        instead: Vec<Fallback>,
        /// What was changed for this user and why ("Seated row instead of band pull-apart: no
        /// band"; "With osteoporosis: keep the rounding small"). Empty as written.
        adjust: Vec<String>,
    },
    Rest {
        duration: Duration,
        note: String,
    },
}

/// A routine's fallback for one step: another exercise with its dose.
#[derive(Clone, Debug, PartialEq)]
pub struct Fallback {
    pub exercise: std::sync::Arc<Exercise>,
    /// As written: the get-ready before any time to get into place.
    pub dose: Dose,
    pub note: String,
}

impl Exercise {
    /// The caution this exercise has for `condition`, if any.
    pub fn caution(&self, condition: Condition) -> Option<&Caution> {
        self.cautions.iter().find(|c| c.condition == condition)
    }

    /// True when the exercise is done on the floor (at home).
    pub fn needs_floor(&self) -> bool {
        self.home_only || self.position == Position::Floor || self.equipment.contains(&Equipment::Mat)
    }

    /// What the figure shows, for people who can't see it: "Thoracic extension: arching …".
    pub fn figure_label(&self) -> String {
        match &self.figure {
            Some(f) if !f.label.is_empty() => format!("{}: {}", self.name, f.label),
            Some(_) | None => format!("{}: {}", self.name, self.summary),
        }
    }
}

impl Step {
    /// How long the step takes.
    pub fn duration(&self) -> Duration {
        match self {
            Self::Exercise { dose, .. } => dose.duration(),
            Self::Rest { duration, .. } => *duration,
        }
    }

    /// The name shown for the step.
    pub fn title(&self) -> &str {
        match self {
            Self::Exercise { exercise, .. } => &exercise.name,
            Self::Rest { .. } => "Rest",
        }
    }
}

impl Routine {
    /// How long the whole routine takes.
    pub fn duration(&self) -> Duration {
        self.steps.iter().map(Step::duration).sum()
    }

    /// True when most of the routine's exercise time is strength work (limited to once a day).
    pub fn is_strength(&self) -> bool {
        let (mut strength, mut other) = (Duration::ZERO, Duration::ZERO);
        for step in &self.steps {
            if let Step::Exercise { exercise, dose, .. } = step {
                if exercise.family == Family::Strength {
                    strength += dose.duration();
                } else {
                    other += dose.duration();
                }
            }
        }
        strength > other
    }

    /// True when any step needs the floor (the routine suits home, not the office).
    pub fn is_home_only(&self) -> bool {
        self.steps.iter().any(|s| matches!(s, Step::Exercise { exercise, .. } if exercise.home_only))
    }

    /// True when every exercise of the routine needs `item`, and so does everything it offers
    /// instead: without it, nothing of the routine is left to play.
    pub fn needs_throughout(&self, item: Equipment) -> bool {
        let mut exercises = self.steps.iter().filter_map(|s| match s {
            Step::Exercise { exercise, instead, .. } => Some((exercise, instead)),
            Step::Rest { .. } => None,
        });
        exercises.all(|(e, instead)| {
            e.equipment.contains(&item) && instead.iter().all(|f| f.exercise.equipment.contains(&item))
        }) && self.steps.iter().any(|s| matches!(s, Step::Exercise { .. }))
    }

    /// Everything the routine needs, without repeats.
    pub fn equipment(&self) -> Vec<Equipment> {
        let mut all: Vec<Equipment> = self
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::Exercise { exercise, .. } => Some(exercise.equipment.iter().copied()),
                Step::Rest { .. } => None,
            })
            .flatten()
            .collect();
        all.sort();
        all.dedup();
        // A steady chair is the chair.
        if all.contains(&Equipment::SteadyChair) {
            all.retain(|e| *e != Equipment::Chair);
        }
        all
    }
}

impl Dose {
    /// The dose as a file writes it (whole seconds).
    pub fn to_def(&self) -> DoseDef {
        let secs = |d: Duration| Seconds(u32::try_from(d.as_secs()).unwrap_or(u32::MAX));
        DoseDef {
            work: self.work,
            sets: self.sets,
            rest: secs(self.rest),
            sides: self.sides,
            switch: secs(self.switch),
            get_ready: secs(self.get_ready),
        }
    }
}

impl DoseDef {
    /// The dose in durations.
    pub fn resolve(&self) -> Dose {
        Dose {
            work: self.work,
            sets: self.sets,
            rest: self.rest.duration(),
            sides: self.sides,
            switch: self.switch.duration(),
            get_ready: self.get_ready.duration(),
        }
    }
}

/// What the get-ready of a step asks for, and how long it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    /// Time to get there, before any rest that comes first is taken off.
    pub needs: Duration,
    /// What to do, as a sentence: "Stand up and go to a wall".
    pub words: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dose(work: Work, sets: u32, sides: Sides) -> Dose {
        Dose {
            work,
            sets,
            rest: Duration::from_secs(10),
            sides,
            switch: Duration::from_secs(5),
            get_ready: Duration::from_secs(3),
        }
    }

    #[test]
    fn hold_dose_counts_holds_releases_sets_and_rests() {
        let d = dose(Work::Hold { seconds: Seconds(20), reps: 2, release: Seconds(5) }, 2, Sides::Symmetric);
        // get ready 3 + 2 sets × (20 + 5 + 20) + 1 rest × 10
        assert_eq!(d.duration(), Duration::from_secs(3 + 2 * 45 + 10), "hold dose total");
    }

    #[test]
    fn each_side_dose_does_one_side_then_switches() {
        let d = dose(Work::Timed { seconds: Seconds(30) }, 1, Sides::EachSide);
        assert_eq!(d.duration(), Duration::from_secs(3 + 30 + 5 + 30), "each-side timed dose");
    }

    #[test]
    fn alternating_dose_switches_between_every_rep() {
        let tempo = Tempo { up: Seconds(2), hold: Seconds(5), down: Seconds(2) };
        let d = dose(Work::Reps { reps: 3, tempo }, 1, Sides::Alternating);
        // 6 reps of 9 s with 5 switches of 5 s
        assert_eq!(d.duration(), Duration::from_secs(3 + 6 * 9 + 5 * 5), "alternating dose");
    }

    #[test]
    fn a_step_dose_is_the_exercise_dose_with_only_its_changes_written() {
        let base = DoseDef {
            work: Work::Hold { seconds: Seconds(2), reps: 5, release: Seconds(1) },
            sets: 1,
            rest: Seconds(0),
            sides: Sides::Symmetric,
            switch: Seconds(5),
            get_ready: Seconds(1),
        };
        let mut step = StepDef::plain("chin-tuck");
        assert_eq!(step.dose_over(&base), Some(base.clone()), "no overrides: the exercise's own");
        let edited = DoseDef { sets: 2, get_ready: Seconds(4), ..base.clone() };
        step.set_dose(&base, &edited);
        let StepDef::Do { work, sets, get_ready, rest, .. } = &step else { panic!("a Do step") };
        assert_eq!((*work, *sets, *get_ready, *rest), (None, Some(2), Some(Seconds(4)), None), "only the changes");
        assert_eq!(step.dose_over(&base), Some(edited));
        step.set_dose(&base, &base);
        assert_eq!(step, StepDef::plain("chin-tuck"), "set back: nothing is overridden");
        assert_eq!(StepDef::Rest { seconds: Seconds(30), note: String::new() }.dose_over(&base), None);
    }

    #[test]
    fn dose_descriptions_read_like_a_trainer_would_say_them() {
        let d = dose(Work::Hold { seconds: Seconds(2), reps: 5, release: Seconds(1) }, 1, Sides::Symmetric);
        assert_eq!(d.describe(), "5 × 2 s hold");
        let d = dose(Work::Timed { seconds: Seconds(30) }, 2, Sides::EachSide);
        assert_eq!(d.describe(), "30 s each side, 2 sets");
    }
}
