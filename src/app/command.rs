//! What panels may ask for. Panels never change state themselves; the app carries these out.

use std::path::PathBuf;

use super::editor::EditorAction;
use crate::core::player::PlayerInput;
use crate::core::settings::Settings;
use crate::protocol::Command;

/// The window's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Today,
    History,
    Routines,
    Settings,
}

/// The formats the History tab exports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

impl Tab {
    /// Every tab, in order (Ctrl+1 is the first).
    pub const ALL: [Self; 4] = [Self::Today, Self::History, Self::Routines, Self::Settings];
}

/// What the desk check asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeskCommand {
    Show,
    Answer(crate::core::desk::DeskItem, crate::core::desk::DeskAnswer),
    /// Keep the answers in the history.
    Save,
    /// Leave without keeping anything.
    Close,
    /// "Not now" to the offer (it comes again in three months).
    Decline,
}

/// Everything a panel may ask the app to do.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum AppCommand {
    /// Send to the engine.
    Engine(Command),
    ShowTab(Tab),
    /// Write every history record to a file in the Downloads folder.
    ExportHistory(ExportFormat),
    /// The safety notice was read.
    AcknowledgeSafety,
    SaveSettings(Box<Settings>),
    /// Drive the session player.
    Player(PlayerInput),
    /// Esc in the player: ask before ending the session.
    AskEndSession,
    /// Start a session that waits to be seen, now.
    StartWaitingSession,
    /// Resume the break a closed window left, where it was.
    ResumeBreak,
    /// Leave the finished session's screen (sending the check-in, if answered).
    CloseSession,
    /// An answer in the check-in after a session.
    CheckIn(CheckInAnswer),
    /// Play a routine at another level from now on (taking an offer, or going back).
    SetLevel {
        routine: String,
        level: u8,
    },
    /// Open Settings at "About you" (place, equipment, screening, programme).
    ShowAboutYou,
    /// Save (marking the invitation seen), then open "About you".
    SaveSettingsAndShowAboutYou(Box<Settings>),
    /// "Not now" to the offer of a routine's next level.
    DeclineLevel(String),
    /// Start the engine again (after it was stopped or lost) and reconnect.
    RestartEngine,
    /// Take down a message: one of this window's (by index) or the engine's (by text).
    DismissError(usize),
    DismissBanner(String),
    /// Start the engine at login, or not.
    SetAutostart(bool),
    /// Show "When to get help" over the current screen, or close it.
    ShowHelp,
    CloseHelp,
    /// The desk check: open it, answer, keep the answers, leave it, or put the offer off.
    Desk(DeskCommand),
    /// Play the new-step cue at `volume` (0–100), and with `voice` say a test sentence.
    TestSound {
        volume: u32,
        voice: bool,
    },
    /// Something for the Routines screen (the library, the editor, their questions).
    Routines(RoutinesCommand),
    /// The answer to the window's question (closing with unsaved edits, ending a session).
    Answer(Answer),
}

/// One answer of the check-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckInAnswer {
    /// How the upper back feels, 0–10.
    Back(u8),
    /// Any pain during the session.
    Pain(bool),
    /// Which exercise hurt (`None`: not sure).
    Hurt(Option<String>),
}

/// A routine or an exercise, by id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    Routine(String),
    Exercise(String),
}

impl Target {
    /// The id.
    pub fn id(&self) -> &str {
        match self {
            Self::Routine(id) | Self::Exercise(id) => id,
        }
    }
}

/// How a question was answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Save, then go on.
    Save,
    /// Go on without saving / delete.
    Proceed,
    Cancel,
}

/// What the Routines screen can be asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum RoutinesCommand {
    /// Open a routine or exercise in the editor (a built-in is copied to the user's folder first).
    Edit(Target),
    NewRoutine,
    NewExercise,
    /// Open an unsaved copy under a new id.
    Duplicate(Target),
    /// Show this item (closing the editor, asking first if unsaved).
    Select(Target),
    /// Show the Problems list (closing the editor, asking first if unsaved).
    ShowProblems,
    /// Ask before moving a user file to the trash.
    AskDelete(Target),
    /// Open the folder holding this file.
    Reveal(PathBuf),
    /// Open this file with the desktop's editor.
    OpenFile(PathBuf),
    /// Something the editor asked for.
    Editor(EditorAction),
    /// The answer to the screen's question (unsaved changes, delete).
    Answer(Answer),
}

impl From<RoutinesCommand> for AppCommand {
    fn from(cmd: RoutinesCommand) -> Self {
        Self::Routines(cmd)
    }
}
