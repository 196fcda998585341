//! The shared vocabulary of breaks: the two kinds ([`BreakKind`]), a value for each
//! ([`PerKind`]), and the time as the shell reads it ([`Now`]).

use std::ops::{Index, IndexMut};
use std::time::{Duration, Instant, SystemTime};

use serde::{Deserialize, Serialize};

/// The current time, monotonic and wall, read once by the shell and handed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Now {
    /// For measuring spans; does not advance while the machine is suspended.
    pub mono: Instant,
    /// For history stamps, "pause until 14:30", and noticing that the machine slept.
    pub wall: SystemTime,
}

impl Now {
    /// The same instant `d` later on both clocks (what a fake clock does).
    #[must_use]
    pub fn after(self, d: Duration) -> Self {
        Self { mono: self.mono + d, wall: self.wall + d }
    }
}

/// The two kinds of break.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum BreakKind {
    /// "Posture reset": about a minute, every half hour of sitting.
    Micro,
    /// "Stretch break": about five minutes, every hour of sitting.
    Long,
}

impl BreakKind {
    /// Every kind, shortest first.
    pub const ALL: [Self; 2] = [Self::Micro, Self::Long];

    /// The name people see, as a title: "Posture reset".
    pub fn label(self) -> &'static str {
        match self {
            Self::Micro => "Posture reset",
            Self::Long => "Stretch break",
        }
    }

    /// The name people see, in a sentence: "a posture reset is due".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Micro => "posture reset",
            Self::Long => "stretch break",
        }
    }

    /// The kind a routine of this length counts as when it is started by hand: up to two minutes
    /// is a posture reset, anything longer a stretch break.
    pub fn for_routine_length(length: Duration) -> Self {
        if length <= Duration::from_secs(120) { Self::Micro } else { Self::Long }
    }
}

/// One value for each break kind, indexed by the kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PerKind<T> {
    pub micro: T,
    pub long: T,
}

impl<T> PerKind<T> {
    /// The same value for both kinds.
    pub fn splat(value: T) -> Self
    where
        T: Clone,
    {
        Self { micro: value.clone(), long: value }
    }

    /// A value for each kind, made from the kind.
    pub fn from_fn(mut f: impl FnMut(BreakKind) -> T) -> Self {
        Self { micro: f(BreakKind::Micro), long: f(BreakKind::Long) }
    }

    /// Each value turned into another.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> PerKind<U> {
        PerKind { micro: f(self.micro), long: f(self.long) }
    }

    /// Every value, mutably, shortest kind first.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        [&mut self.micro, &mut self.long].into_iter()
    }
}

impl<T> Index<BreakKind> for PerKind<T> {
    type Output = T;

    fn index(&self, kind: BreakKind) -> &T {
        match kind {
            BreakKind::Micro => &self.micro,
            BreakKind::Long => &self.long,
        }
    }
}

impl<T> IndexMut<BreakKind> for PerKind<T> {
    fn index_mut(&mut self, kind: BreakKind) -> &mut T {
        match kind {
            BreakKind::Micro => &mut self.micro,
            BreakKind::Long => &mut self.long,
        }
    }
}
