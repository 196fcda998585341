//! A routine or exercise file being edited: the definition as written ([`Document`]), what a
//! form editor needs of it (id, name, tidying, the file's text), and the live check of it
//! ([`check_document`]), with problems per field and per step. Pure: the window's editor draws
//! these; `unhunch new`/`edit` and the tests use them too.

use std::time::Duration;

use super::catalogue::Catalogue;
pub use super::routine::Document;
use super::routine::{Origin, Routine, RoutineDef};
use super::validate::{Problem, validate_exercise, validate_routine};

impl Document {
    /// The definition's id (also its file name).
    pub fn id(&self) -> &str {
        match self {
            Self::Routine(r) => &r.id,
            Self::Exercise(e) => &e.id,
        }
    }

    /// Gives the definition a new id.
    pub fn set_id(&mut self, id: String) {
        match self {
            Self::Routine(r) => r.id = id,
            Self::Exercise(e) => e.id = id,
        }
    }

    /// The name people see.
    pub fn name(&self) -> &str {
        match self {
            Self::Routine(r) => &r.name,
            Self::Exercise(e) => &e.name,
        }
    }

    /// The file's text (of the tidied document).
    pub fn to_ron(&self) -> String {
        match self.tidied() {
            Self::Routine(r) => crate::core::write::routine(&r),
            Self::Exercise(e) => crate::core::write::exercise(&e),
        }
    }

    /// The document as it will be saved: list fields typed one per line lose surrounding spaces and
    /// blank lines (kept while typing, so Enter starts a new line).
    #[must_use]
    pub fn tidied(&self) -> Self {
        let tidy = |lines: &[String]| -> Vec<String> {
            lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).map(str::to_owned).collect()
        };
        match self {
            Self::Routine(r) => Self::Routine(r.clone()),
            Self::Exercise(e) => {
                let mut e = e.clone();
                e.cues = tidy(&e.cues);
                e.mistakes = tidy(&e.mistakes);
                e.stop_if = tidy(&e.stop_if);
                Self::Exercise(e)
            }
        }
    }
}

/// The live check of a document being edited.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Check {
    /// Problems with the whole document (or a field: the anchor names it), in plain words.
    pub problems: Vec<Problem>,
    /// Problems per routine step, by step index.
    pub steps: Vec<Vec<String>>,
    /// The routine's total, when it is valid.
    pub total: Option<Duration>,
    /// The validated routine (for Preview).
    pub routine: Option<Routine>,
}

impl Check {
    /// True when the document can be saved.
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty() && self.steps.iter().all(Vec::is_empty)
    }

    /// Every problem, counted.
    pub fn count(&self) -> usize {
        self.problems.len() + self.steps.iter().map(Vec::len).sum::<usize>()
    }

    /// The messages for one field (by the validator's anchor).
    pub fn field(&self, anchor: &str) -> Vec<&str> {
        self.problems.iter().filter(|p| p.anchor == anchor).map(|p| p.message.as_str()).collect()
    }
}

/// Checks a document against the catalogue (for the exercises a routine uses).
pub fn check_document(doc: &Document, catalogue: &Catalogue) -> Check {
    let doc = &doc.tidied();
    let lookup = |id: &str| catalogue.exercises.get(id);
    let ids: Vec<&str> = catalogue.exercises.keys().map(String::as_str).collect();
    match doc {
        Document::Exercise(def) => match validate_exercise(def, Origin::User, "") {
            Ok(_) => Check::default(),
            Err(problems) => Check { problems, ..Check::default() },
        },
        Document::Routine(def) => {
            // Each step on its own, so its problems show next to it.
            let steps: Vec<Vec<String>> = def
                .steps
                .iter()
                .map(|step| {
                    let one = RoutineDef { id: "x".into(), name: "x".into(), steps: vec![step.clone()], ..def.clone() };
                    validate_routine(&one, Origin::User, "", lookup, &ids)
                        .err()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|p| p.message)
                        .collect()
                })
                .collect();
            match validate_routine(def, Origin::User, "", lookup, &ids) {
                Ok(routine) => {
                    Check { total: Some(routine.duration()), routine: Some(routine), steps, ..Check::default() }
                }
                Err(all) => {
                    let shown: Vec<&String> = steps.iter().flatten().collect();
                    let problems = all.into_iter().filter(|p| !shown.contains(&&p.message)).collect();
                    Check { problems, steps, ..Check::default() }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::routine::StepDef;
    use crate::core::units::Seconds;

    fn catalogue() -> Catalogue {
        crate::core::catalogue::load(&crate::core::builtin::sources()).catalogue
    }

    fn routine(steps: Vec<StepDef>) -> Document {
        Document::Routine(RoutineDef {
            id: "mine".to_owned(),
            name: "Mine".to_owned(),
            summary: String::new(),
            steps,
            sources: Vec::new(),
        })
    }

    #[test]
    fn each_steps_problems_are_told_apart_and_a_valid_routine_has_its_total() {
        let mut bad = StepDef::plain("chin-tuck");
        if let StepDef::Do { sets, .. } = &mut bad {
            *sets = Some(0);
        }
        let check = check_document(&routine(vec![StepDef::plain("far-gaze"), bad]), &catalogue());
        assert!(!check.is_ok());
        assert!(check.steps[0].is_empty(), "the first step is fine");
        assert_eq!(check.steps[1], ["The number of sets is zero; it must be between 1 and 10"]);
        assert_eq!(check.count(), 1);
        let good = check_document(&routine(vec![StepDef::plain("far-gaze")]), &catalogue());
        assert!(good.is_ok());
        assert_eq!(good.total, Some(Duration::from_secs(20)));
    }

    #[test]
    fn list_fields_are_tidied_before_they_are_checked_and_saved() {
        let text =
            crate::core::builtin::sources().into_iter().find(|s| s.path.ends_with("chin-tuck.ron")).unwrap().text;
        let Ok(Document::Exercise(mut e)) = crate::core::catalogue::parse_document(&text) else {
            panic!("an exercise")
        };
        e.cues = vec!["  Sit tall. ".to_owned(), String::new(), "Glide back.".to_owned()];
        let doc = Document::Exercise(e);
        let Document::Exercise(tidy) = doc.tidied() else { panic!("an exercise") };
        assert_eq!(tidy.cues, ["Sit tall.", "Glide back."]);
        assert!(doc.to_ron().contains("\"Sit tall.\""));
        let _ = Seconds(0);
    }
}
