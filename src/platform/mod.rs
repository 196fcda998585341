//! Adapters between the pure core and the operating system.
//!
//! - [`clock`]: the real clock and a shareable fake.
//! - [`files`]: XDG paths, atomic writes, reading routine files, settings and history.

pub mod clock;
pub mod files;
