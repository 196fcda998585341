//! The engine's messages for the user (shown at the top of the window and in `unhunch status`):
//! one type, so each kind of message is found, replaced and taken down by what it is, not by
//! comparing its words.

/// One message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Banner {
    /// Some routine files did not load (this many problems).
    RoutineProblems(usize),
    /// The desktop could not show a notification; reminders open the window instead.
    NotificationsFailing(String),
    /// No idle backend works here.
    NoIdleDetection,
    /// The history file refuses records (`why`); `waiting` of them are kept to be written later,
    /// in the file `kept_in` or, when that too could not be written, only in memory.
    HistoryUnsaved { waiting: usize, why: String, kept_in: Option<String> },
    /// The history file takes records again; the `written` that waited are in.
    HistorySavedAgain { written: usize },
    /// A sentence from start-up or from saving (a value brought into range, a file that could not
    /// be read or written, a notification button that did nothing).
    Note(String),
}

impl Banner {
    /// The words people read.
    pub fn text(&self) -> String {
        match self {
            Self::RoutineProblems(1) => {
                "A routine file has a problem; the Routines tab shows where. Everything else loaded.".to_owned()
            }
            Self::RoutineProblems(n) => {
                format!("Your routine files have {n} problems; the Routines tab shows where. Everything else loaded.")
            }
            Self::NotificationsFailing(why) => {
                format!("Desktop notifications are not working ({why}); break reminders will open this window instead.")
            }
            Self::NoIdleDetection => "No idle detection here (see the engine log), so Unhunch counts you as active \
                                      all the time; time away will not count as a break."
                .to_owned(),
            Self::HistoryUnsaved { waiting, why, kept_in } => {
                let records =
                    if *waiting == 1 { "1 record waits".to_owned() } else { format!("{waiting} records wait") };
                let kept = kept_in.as_ref().map_or_else(
                    || " in memory only (keep Unhunch running)".to_owned(),
                    |path| format!(", kept in {path},"),
                );
                format!(
                    "The history could not be saved ({why}); {records}{kept} and will be written as soon as it can \
                     be (free some space or fix the folder's permissions)."
                )
            }
            Self::HistorySavedAgain { written } => {
                format!("The history is saved again: the {written} record(s) that waited are in the file.")
            }
            Self::Note(text) if text.chars().count() > MAX_NOTE_CHARS => {
                let cut: String = text.chars().take(MAX_NOTE_CHARS - 1).collect();
                format!("{cut}…")
            }
            Self::Note(text) => text.clone(),
        }
    }

    /// True when `other` is the same kind of message (a newer count of routine problems replaces
    /// the older one).
    pub fn replaces(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::RoutineProblems(_), Self::RoutineProblems(_))
            | (Self::NotificationsFailing(_), Self::NotificationsFailing(_))
            | (Self::NoIdleDetection, Self::NoIdleDetection)
            | (
                Self::HistoryUnsaved { .. } | Self::HistorySavedAgain { .. },
                Self::HistoryUnsaved { .. } | Self::HistorySavedAgain { .. },
            ) => true,
            (Self::Note(a), Self::Note(b)) => a == b,
            (
                Self::RoutineProblems(_)
                | Self::NotificationsFailing(_)
                | Self::NoIdleDetection
                | Self::HistoryUnsaved { .. }
                | Self::HistorySavedAgain { .. }
                | Self::Note(_),
                _,
            ) => false,
        }
    }
}

/// Notes kept at most (each at most [`MAX_NOTE_CHARS`]).
pub const MAX_NOTES: usize = 8;
/// A note's words at most; a longer one is cut with "…".
pub const MAX_NOTE_CHARS: usize = 600;

/// The messages in force: each kind once, in the order they came.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Banners(Vec<Banner>);

impl Banners {
    /// Adds a message, replacing one of the same kind. Notes are capped at [`MAX_NOTES`] (the
    /// oldest go first), so hundreds of failures never crowd out the snapshot.
    pub fn set(&mut self, banner: Banner) {
        match self.0.iter_mut().find(|b| b.replaces(&banner)) {
            Some(old) => *old = banner,
            None => self.0.push(banner),
        }
        let notes = self.0.iter().filter(|b| matches!(b, Banner::Note(_))).count();
        if notes > MAX_NOTES {
            let mut extra = notes - MAX_NOTES;
            self.0.retain(|b| {
                let drop = extra > 0 && matches!(b, Banner::Note(_));
                extra -= usize::from(drop);
                !drop
            });
        }
    }

    /// Takes down every message of this kind.
    pub fn clear(&mut self, kind: &Banner) {
        self.0.retain(|b| !b.replaces(kind));
    }

    /// Takes down the message that reads `text` (the user dismissed it, as [`Banners::texts`]
    /// gave it).
    pub fn dismiss(&mut self, text: &str) {
        self.0.retain(|b| shown(&b.text()) != text);
    }

    /// True when a message of this kind is shown.
    pub fn has(&self, kind: &Banner) -> bool {
        self.0.iter().any(|b| b.replaces(kind))
    }

    /// The words of every message, each at most [`MAX_CHARS`] characters (a note may quote what
    /// someone sent, or an OS error): there are at most [`MAX_NOTES`] notes and one of each other
    /// kind, so what a snapshot carries is bounded whatever happened.
    pub fn texts(&self) -> Vec<String> {
        self.0.iter().map(|b| shown(&b.text())).collect()
    }
}

/// The longest banner shown, in characters.
pub const MAX_CHARS: usize = 600;

/// `text` as a banner shows it: cut to [`MAX_CHARS`], an ellipsis saying so.
fn shown(text: &str) -> String {
    if text.chars().count() <= MAX_CHARS {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(MAX_CHARS - 1).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_note_is_shown_short_and_dismissed_as_shown() {
        let mut banners = Banners::default();
        banners.set(Banner::Note("x".repeat(60_000)));
        let texts = banners.texts();
        assert_eq!(texts[0].chars().count(), MAX_CHARS);
        banners.dismiss(&texts[0]);
        assert!(banners.texts().is_empty());
    }

    #[test]
    fn a_newer_count_of_routine_problems_replaces_the_older_and_notes_stay_once() {
        let mut banners = Banners::default();
        banners.set(Banner::RoutineProblems(1));
        banners.set(Banner::Note("History could not be saved: disk full".to_owned()));
        banners.set(Banner::RoutineProblems(3));
        banners.set(Banner::Note("History could not be saved: disk full".to_owned()));
        assert_eq!(banners.texts().len(), 2, "{:?}", banners.texts());
        assert!(banners.texts()[0].starts_with("Your routine files have 3 problems"));
        banners.clear(&Banner::RoutineProblems(0));
        banners.dismiss("History could not be saved: disk full");
        assert!(banners.texts().is_empty());
    }

    #[test]
    fn notes_are_capped_and_a_long_one_is_cut() {
        let mut banners = Banners::default();
        banners.set(Banner::NoIdleDetection);
        for i in 0..500 {
            banners.set(Banner::Note(format!("Settings were not saved, try {i}")));
        }
        let texts = banners.texts();
        assert_eq!(texts.len(), MAX_NOTES + 1, "{texts:?}");
        assert!(banners.has(&Banner::NoIdleDetection), "other kinds stay");
        assert!(texts.last().is_some_and(|t| t.ends_with("try 499")), "the newest stay");
        banners.set(Banner::Note("x".repeat(10_000)));
        let long = banners.texts().last().cloned().unwrap_or_default();
        assert_eq!(long.chars().count(), MAX_NOTE_CHARS);
        assert!(long.ends_with('…'));
    }
}
