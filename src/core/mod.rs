//! Pure domain logic. No egui, no OS, no files, no threads, no clock reads: time comes in as an
//! argument and everything else goes out as a returned value.
//!
//! - [`routine`]: the RON schema and its validated model; [`validate`]: from one to the other,
//!   with the problems that stop it; [`catalogue`] loads many files at once;
//!   [`builtin`]: the exercise and routine files embedded in the binary.
//! - [`kind`]: the break kinds, a value per kind, and `Now`; [`ports`]: the traits the engine and
//!   the window reach the world through (clock, store, notifier, idle).
//! - [`timer`]: the sitting timer (when breaks are due); [`hours`]: working hours; [`pause`]: the
//!   pause choices; [`rotation`]: which routine a break plays.
//! - [`player`]: the guided session player; [`figure`]: the animated figure (skeleton, poses,
//!   drawing); [`contact`]: what the figure touches, kept by the pose solver and checked;
//!   [`pose_report`]: a posed figure as numbers (`--pose-json`); [`skeleton`]: the body's
//!   segments and where its joints are; [`cues`]: the sounds and spoken words of a session. [`transition`]: getting into place between steps;
//!   [`break_watch`]: who plays the break in progress, and when the engine ends it by itself.
//! - [`profile`]: the user's place, equipment, screening and programme; [`condition`]: the
//!   conditions a screening asks about; [`adapt`]: a routine as it
//!   plays for this user (swaps, cautions, levels, recent pain); [`level`]: easier and harder doses
//!   and when the next level is offered.
//! - [`settings`], [`history`]: user data shapes; [`insights`]: the history in days, weeks and months, and words for it; [`export`]: its records as CSV and JSON rows; [`sample`]: a made-up realistic history for tests, benchmarks and screenshots; [`safety`]: the notice, the red flags, the sore-day card and the sleep tips; [`desk`]: the desk check; [`desk_picture`]: its pictures (the figure at a desk, the thing to check marked); [`banner`]: the engine's messages for the user.
//! - [`mod@write`]: definitions back to RON, stable and diff-friendly; [`document`]: a file being
//!   edited and its live check; [`units`]: durations read and said; [`suggest`]: "did you mean".
#![warn(clippy::wildcard_enum_match_arm)]

pub mod adapt;
pub mod banner;
pub mod break_watch;
pub mod builtin;
pub mod catalogue;
pub mod condition;
pub mod contact;
pub mod cues;
pub mod desk;
pub mod desk_picture;
pub mod document;
pub mod export;
pub mod figure;
pub mod history;
pub mod hours;
pub mod insights;
pub mod kind;
pub mod level;
pub mod pause;
pub mod player;
pub mod ports;
pub mod pose_report;
pub mod profile;
pub mod rotation;
pub mod routine;
pub mod safety;
pub mod sample;
pub mod settings;
pub mod skeleton;
pub mod suggest;
pub mod timer;
pub mod transition;
pub mod units;
pub mod validate;
pub mod write;
