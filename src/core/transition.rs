//! Getting into place between steps: when the next exercise is somewhere else (a wall, a doorway,
//! the floor), in another position (seated → standing) or needs something picked up (a band), the
//! step opens with enough get-ready time to get there, and the player says what to do.
//!
//! Worked out from the exercises' `position` and `equipment` when a routine is validated, so the
//! routine's length, the editor's total and the player all agree. A session starts from "seated
//! at the desk".

use std::time::Duration;

use super::routine::{Equipment, Exercise, Position, Step, Transition};

/// Where the body is and what it holds, as the routine goes on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    position: Body,
    /// A wall or a doorway, when standing at one.
    at: Option<Equipment>,
    /// A band or weights in hand.
    holding: Vec<Equipment>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Body {
    Seated,
    Standing,
    Floor,
}

impl Place {
    /// Where a session starts: seated at the desk, hands free.
    pub fn at_desk() -> Self {
        Self { position: Body::Seated, at: None, holding: Vec::new() }
    }

    /// Moves to where `exercise` is done; returns what that takes, if anything.
    pub fn move_to(&mut self, exercise: &Exercise) -> Option<Transition> {
        let position = match exercise.position {
            Position::Seated => Body::Seated,
            Position::Standing => Body::Standing,
            Position::Floor => Body::Floor,
            // Either will do: stay as you are (off the floor, you sit).
            Position::SeatedOrStanding if self.position == Body::Floor => Body::Seated,
            Position::SeatedOrStanding => self.position,
        };
        let needs_place = |e: Equipment| exercise.equipment.contains(&e);
        let at = [Equipment::Doorway, Equipment::Wall].into_iter().find(|e| needs_place(*e));
        let mut steps: Vec<(u64, &str)> = Vec::new();
        if position == Body::Floor && self.position != Body::Floor {
            steps.push((15, "get down on the floor (on a mat if you have one)"));
        } else if self.position == Body::Floor && position != Body::Floor {
            steps.push((10, "get up from the floor"));
        }
        // Walking somewhere takes longer from a chair (stand up first) than when already standing.
        let walk = if self.position == Body::Standing { 5 } else { 8 };
        match at {
            Some(Equipment::Doorway) if self.at != at => steps.push((walk, "go to a doorway")),
            Some(_) if self.at != at => steps.push((walk, "go to a wall")),
            None if self.at.is_some()
                && (needs_place(Equipment::Chair)
                    || needs_place(Equipment::SteadyChair)
                    || needs_place(Equipment::Desk)) =>
            {
                steps.push((8, "go back to your chair"));
            }
            Some(_) | None => {}
        }
        let moved = !steps.is_empty();
        match (self.position, position) {
            (Body::Seated, Body::Standing) if !moved => steps.push((3, "stand up")),
            (Body::Standing, Body::Seated) if !moved => steps.push((3, "sit down")),
            (Body::Seated | Body::Standing | Body::Floor, _) => {}
        }
        for (item, words) in [
            (Equipment::Band, "get your band"),
            (Equipment::Anchor, "loop it round a post or door anchor"),
            (Equipment::Weights, "get your water bottles or weights"),
        ] {
            if needs_place(item) && !self.holding.contains(&item) {
                steps.push((5, words));
                self.holding.push(item);
            }
        }
        self.position = position;
        // Standing somewhere else leaves the wall or doorway; a seated or floor exercise does too.
        if at.is_some() || position != Body::Standing || needs_place(Equipment::Desk) {
            self.at = at;
        }
        let needs = steps.iter().map(|(s, _)| *s).max()?;
        let words: Vec<&str> = steps.iter().map(|(_, w)| *w).collect();
        Some(Transition {
            needs: Duration::from_secs(needs),
            words: crate::core::units::capitalised(&words.join(" and ")),
        })
    }
}

/// Works out where each exercise is done and gives a step that needs moving (to a wall, a doorway,
/// the floor, standing up) the get-ready time to do it. A rest before the step counts toward it.
pub fn add_transitions(steps: &mut [Step]) {
    let mut place = Place::at_desk();
    let mut rested = Duration::ZERO;
    for step in steps {
        match step {
            Step::Rest { duration, .. } => rested += *duration,
            Step::Exercise { exercise, dose, transition, .. } => {
                *transition = place.move_to(exercise);
                if let Some(t) = transition {
                    dose.get_ready = dose.get_ready.max(t.needs.saturating_sub(rested));
                }
                rested = Duration::ZERO;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(id: &str) -> Exercise {
        crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue.exercises[id].as_ref().clone()
    }

    #[test]
    fn a_seated_start_needs_nothing_for_a_seated_exercise() {
        assert_eq!(Place::at_desk().move_to(&exercise("seated-cat-cow")), None);
        assert_eq!(Place::at_desk().move_to(&exercise("chin-tuck")), None, "seated or standing: stay seated");
    }

    #[test]
    fn moving_to_a_wall_then_a_doorway_then_back_to_the_chair_is_said_and_timed() {
        let mut place = Place::at_desk();
        let wall = place.move_to(&exercise("wall-angels")).expect("to the wall");
        assert_eq!((wall.needs, wall.words.as_str()), (Duration::from_secs(8), "Go to a wall"));
        let door = place.move_to(&exercise("doorway-pec-stretch")).expect("to the doorway");
        assert_eq!((door.needs, door.words.as_str()), (Duration::from_secs(5), "Go to a doorway"), "already standing");
        assert_eq!(place.move_to(&exercise("chin-tuck")), None, "a chin tuck can be done where you stand");
        let back = place.move_to(&exercise("thoracic-extension")).expect("back to the chair");
        assert_eq!(back.words, "Go back to your chair");
    }

    #[test]
    fn the_floor_and_a_band_are_announced() {
        let mut place = Place::at_desk();
        let down = place.move_to(&exercise("thread-the-needle")).expect("to the floor");
        assert_eq!(down.needs, Duration::from_secs(15));
        assert!(down.words.starts_with("Get down on the floor"), "{}", down.words);
        let up = place.move_to(&exercise("band-pull-apart")).expect("up, with a band");
        assert_eq!(up.words, "Get up from the floor and get your band");
        assert_eq!(place.move_to(&exercise("band-w")), None, "the band is already in hand");
    }
}
