//! Desktop tests: the real `unhunch` binary against real desktop programs, each started privately
//! by the test (a D-Bus session bus, Xvfb, dunst, openbox, a Wayland compositor, PulseAudio,
//! speech-dispatcher, `xrandr` monitors).
//!
//! A test that cannot run here (a program or library is missing) is reported as `ignored`, with
//! what to install, never as passed; `UNHUNCH_REQUIRE_DESKTOP=1` (set by `.ci/run`) makes it a
//! failure instead. The standard test harness decides "ignored" when it compiles, so this binary
//! uses `libtest-mimic`'s, which looks and behaves the same (filters, `--ignored`,
//! `--test-threads`) and can decide while it runs.

mod a11y;
mod appearance;
mod calls;
mod faults;
mod frozen;
mod gnome;
mod install;
mod rig;
mod session;
mod sound;
mod strict;
mod sway;
#[expect(dead_code, reason = "shared with the integration tests, which use the rest of it")]
#[path = "../util/mod.rs"]
mod util;
mod wayland;

fn main() {
    let args = libtest_mimic::Arguments::from_args();
    let mut trials = session::trials();
    trials.extend(session::issue_24_trials());
    trials.extend(wayland::trials());
    trials.extend(sound::trials());
    trials.extend(appearance::trials());
    trials.extend(faults::trials());
    trials.extend(frozen::trials());
    trials.extend(install::trials());
    trials.extend(sway::trials());
    trials.extend(calls::trials());
    trials.extend(strict::trials());
    trials.extend(a11y::trials());
    trials.extend(gnome::trials());
    libtest_mimic::run(&args, trials).exit();
}
