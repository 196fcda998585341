//! Unhunch: a light desktop break-and-stretch reminder with guided upper-back routines.
//!
//! Module map:
//! - [`core`]: pure logic — the routine format, the sitting timer, the session player, settings and
//!   history shapes. No I/O and no clock reads; everything is testable with a fake clock.
//! - [`platform`]: adapters to the outside world — the clock, XDG files, the control socket,
//!   notifications, idle time, lock and suspend, the tray — and the fakes of the ports.
//! - [`engine`]: the always-on engine (timer, history, notifications) and its daemon loop.
//! - [`protocol`]: the control-socket messages between the engine and its clients.
//! - [`app`]: the egui window (dashboard, session player, Routines screen and editor, settings),
//!   a client of the engine.
//! - [`cli`]: the command line: files (`check`, `routines`, `new`, `edit`, …) and the remote
//!   control of the engine (`status`, `pause`, `start`, …).
//!
//! Two programs link this library: `unhunch` (`src/main.rs`: the window, the command line and
//! the engine) and `unhunch-engine` (`src/bin/unhunch-engine.rs`: the engine alone, which
//! `unhunch daemon` becomes when it is installed beside it, so what runs all day carries none of
//! the window's code).

pub mod app;
pub mod cli;
pub mod core;
pub mod engine;
pub mod platform;
pub mod protocol;
