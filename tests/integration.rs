//! Integration tests: the real `unhunch` binary in a private, temporary XDG environment.
//! One test binary (ripgrep style) with a module per area; the tests that need desktop programs
//! are in `tests/desktop/`, a binary of their own.

mod util;

mod app_flow;
mod cli;
mod docs;
mod engine;
mod hostile;
mod shape;
