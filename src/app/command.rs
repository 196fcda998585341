//! What panels may ask for. Panels never change state themselves; the app carries these out.

use crate::core::session::PlayerInput;
use crate::core::settings::Settings;
use crate::protocol::Command;

/// The window's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Today,
    Routines,
    Settings,
}

/// Everything a panel may ask the app to do.
#[must_use]
#[derive(Clone, Debug, PartialEq)]
pub enum AppCommand {
    /// Send to the engine.
    Engine(Command),
    ShowTab(Tab),
    /// The safety notice was read.
    AcknowledgeSafety,
    SaveSettings(Box<Settings>),
    /// Drive the session player.
    Player(PlayerInput),
    /// Leave the finished session's screen.
    CloseSession,
    /// Start the engine at login, or not.
    SetAutostart(bool),
}
