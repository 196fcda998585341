//! Pure domain logic. No egui, no OS, no files, no threads, no clock reads: time comes in as an
//! argument and everything else goes out as a returned value.
//!
//! - [`routine`]: the RON schema and its validated model; [`catalogue`] loads many files at once.
//! - [`timer`]: the sitting timer (when breaks are due).
//! - [`session`]: the guided session player.
//! - [`settings`], [`history`]: user data shapes.
//! - [`mod@write`]: definitions back to RON, stable and diff-friendly.
#![warn(clippy::wildcard_enum_match_arm)]

pub mod catalogue;
pub mod history;
pub mod hours;
pub mod ports;
pub mod rotation;
pub mod routine;
pub mod session;
pub mod settings;
pub mod suggest;
pub mod timer;
pub mod units;
pub mod write;
