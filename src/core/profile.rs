//! What suits this user: where they work, what they have to hand, the conditions they chose to
//! tell (the optional screening), and the programme over weeks (strength days, the end-of-day
//! routine, levels). All of it lives only in the local `settings.ron`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::routine::{Condition, Equipment};

/// A routine's level easier than written (see `core::level`).
pub const EASIER: u8 = 1;
/// A routine's level as written.
pub const STANDARD: u8 = 2;
/// The hardest level.
pub const HARDEST: u8 = 4;

/// Where the user usually is when a break comes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Place {
    /// An office desk: no floor exercises.
    #[default]
    Office,
    /// At home: the floor is there (with floor space or a mat).
    Home,
    /// Working standing: standing versions of seated moves are preferred, no floor exercises.
    StandingDesk,
}

impl Place {
    pub const ALL: [Self; 3] = [Self::Office, Self::Home, Self::StandingDesk];

    /// The name people see.
    pub fn label(self) -> &'static str {
        match self {
            Self::Office => "Office",
            Self::Home => "Home",
            Self::StandingDesk => "Standing desk",
        }
    }

    /// The word on the command line (`--place home`).
    pub fn word(self) -> &'static str {
        match self {
            Self::Office => "office",
            Self::Home => "home",
            Self::StandingDesk => "standing-desk",
        }
    }

    /// Said when a floor exercise is left out here: "at the office".
    pub fn no_floor(self) -> &'static str {
        match self {
            Self::Office => "at the office",
            Self::Home => "no floor space",
            Self::StandingDesk => "at a standing desk",
        }
    }
}

/// The user's place, equipment and (optional) screening.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    pub place: Place,
    /// What the user does not have (`[Band, Doorway]`); everything else is assumed to hand.
    pub without: Vec<Equipment>,
    /// Conditions the user chose to tell: exercises they skip are swapped, those they modify say how.
    pub conditions: Vec<Condition>,
    /// The user has seen the screening (answered it or said "not now"); it is not offered again.
    pub asked: bool,
}

impl Profile {
    /// True when `item` is to hand.
    pub fn has(&self, item: Equipment) -> bool {
        match item {
            Equipment::Mat => self.place == Place::Home && !self.without.contains(&Equipment::Mat),
            // A steady chair is a chair too.
            Equipment::Chair => !self.without.contains(&Equipment::Chair),
            Equipment::SteadyChair => {
                !self.without.contains(&Equipment::SteadyChair) && !self.without.contains(&Equipment::Chair)
            }
            Equipment::Wall
            | Equipment::Doorway
            | Equipment::Desk
            | Equipment::Band
            | Equipment::Anchor
            | Equipment::Weights => !self.without.contains(&item),
        }
    }

    /// True when the user told of `condition`.
    pub fn has_condition(&self, condition: Condition) -> bool {
        self.conditions.contains(&condition)
    }
}

/// A routine's level as the user chose it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LevelChoice {
    /// 1 (easier) to 4; 2 is the routine as written.
    pub level: u8,
    /// Unix seconds when this level was chosen.
    pub since: u64,
    /// Unix seconds when the offer of the next level was last turned down ("Not now").
    pub not_now: u64,
}

impl Default for LevelChoice {
    fn default() -> Self {
        Self { level: STANDARD, since: 0, not_now: 0 }
    }
}

/// The programme over weeks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Programme {
    /// Days a week with a strength routine, at most (the brief: 2–5; ACSM: 2–3 non-consecutive).
    pub strength_days: u32,
    /// Strength on two days running is allowed (off: a rest day follows each strength day).
    pub strength_days_running: bool,
    /// The routine for the first long break of the late afternoon; empty for none.
    pub end_of_day: String,
    /// From when the end-of-day routine plays (`HH:MM`, local time). With working hours on, the
    /// last working hour is used instead.
    pub end_of_day_from: String,
    /// Each routine's level, by id (absent: the routine as written).
    pub levels: BTreeMap<String, LevelChoice>,
}

impl Default for Programme {
    fn default() -> Self {
        Self {
            strength_days: 3,
            strength_days_running: false,
            end_of_day: "end-of-day-unwind".to_owned(),
            end_of_day_from: "16:00".to_owned(),
            levels: BTreeMap::new(),
        }
    }
}

impl Programme {
    /// The level a routine plays at.
    pub fn level(&self, routine: &str) -> u8 {
        self.levels.get(routine).map_or(STANDARD, |c| c.level)
    }

    /// Minutes after local midnight from when the end-of-day routine plays (16:00 if unreadable).
    pub fn end_of_day_minute(&self) -> u32 {
        let parse = |t: &str| -> Option<u32> {
            let (h, m) = t.trim().split_once(':')?;
            let (h, m): (u32, u32) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
            (h < 24 && m < 60).then_some(h * 60 + m)
        };
        parse(&self.end_of_day_from).unwrap_or(16 * 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_floor_is_there_only_at_home_and_a_steady_chair_needs_a_chair() {
        let mut p = Profile::default();
        assert!(!p.has(Equipment::Mat), "no floor at the office");
        p.place = Place::Home;
        assert!(p.has(Equipment::Mat));
        p.without = vec![Equipment::Mat];
        assert!(!p.has(Equipment::Mat), "home, but no floor space");
        p.without = vec![Equipment::Chair];
        assert!(!p.has(Equipment::SteadyChair));
        assert!(p.has(Equipment::Band));
    }

    #[test]
    fn the_end_of_day_time_reads_or_falls_back_to_four() {
        let mut p = Programme::default();
        assert_eq!(p.end_of_day_minute(), 16 * 60);
        p.end_of_day_from = "17:15".to_owned();
        assert_eq!(p.end_of_day_minute(), 17 * 60 + 15);
        p.end_of_day_from = "teatime".to_owned();
        assert_eq!(p.end_of_day_minute(), 16 * 60);
    }
}
