//! Integration tests: the real `unhunch` binary in a private, temporary XDG environment.
//! One test binary (ripgrep style) with a module per area.

mod util;

mod app_flow;
mod cli;
mod desktop;
mod docs;
mod engine;
mod wayland;
