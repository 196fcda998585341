//! A strict break on two monitors: a private Xvfb whose one screen is split into two monitors
//! with `xrandr --setmonitor` (no window manager), the real engine and window. The break window
//! covers the left (first) monitor and a cover window the right one; Esc leaves both; the pain
//! button on the cover ends the break; a monitor that goes takes its cover with it. The screenshot
//! it checks is left in `target/tmp/strict-two-monitors.ppm` to look at. The screen is read back from the X server itself.
#![expect(clippy::unwrap_used, clippy::expect_used, reason = "test plumbing: a failure here is a failed test")]

use std::process::Command;

use libtest_mimic::Trial;
use x11rb::connection::Connection as _;
use x11rb::protocol::xproto::{ConnectionExt as _, ImageFormat};

use crate::rig::{Bus, Display, Guard, needs};
use crate::session::{engine_on, status_json};
use crate::util::{Env, eventually_within};

const WIDTH: u16 = 1600;
const HEIGHT: u16 = 600;

/// The screen as the X server has it: RGB, row by row.
struct Shot {
    rgb: Vec<[u8; 3]>,
}

impl Shot {
    fn take(display: &Display) -> Self {
        let (conn, screen) = x11rb::connect(Some(&display.name)).expect("connect to Xvfb");
        let root = conn.setup().roots[screen].root;
        let image =
            conn.get_image(ImageFormat::Z_PIXMAP, root, 0, 0, WIDTH, HEIGHT, u32::MAX).unwrap().reply().unwrap();
        // Depth 24 at 32 bits a pixel, least significant byte first: blue, green, red, pad.
        let rgb = image.data.chunks_exact(4).map(|p| [p[2], p[1], p[0]]).collect();
        Self { rgb }
    }

    /// Saves it as a PPM (any image viewer opens it) for a person to look at; returns where.
    fn save(&self, name: &str) -> std::path::PathBuf {
        let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.ppm"));
        let mut bytes = format!("P6\n{WIDTH} {HEIGHT}\n255\n").into_bytes();
        bytes.extend(self.rgb.iter().flatten());
        let mut file = std::fs::File::create(&path).unwrap();
        std::io::Write::write_all(&mut file, &bytes).unwrap();
        path
    }

    /// The pixels of the monitor from `left` (in pixels) to `left + width`, with their positions.
    fn monitor(&self, left: usize, width: usize) -> impl Iterator<Item = (usize, usize, [u8; 3])> + '_ {
        self.rgb.iter().enumerate().filter_map(move |(i, p)| {
            let (x, y) = (i % usize::from(WIDTH), i / usize::from(WIDTH));
            (x >= left && x < left + width).then_some((x, y, *p))
        })
    }

    /// The share of the monitor's pixels that are not the bare (black) root window.
    fn covered(&self, left: usize, width: usize) -> f64 {
        let total = usize::from(HEIGHT) * width;
        let drawn = self.monitor(left, width).filter(|(_, _, p)| *p != [0, 0, 0]).count();
        drawn as f64 / total as f64
    }

    /// The middle of the pain button's red on the monitor, if it shows one.
    fn pain_button(&self, left: usize, width: usize) -> Option<(usize, usize)> {
        // The theme's `danger`, light (b02a2a) or dark (c4433e), give or take anti-aliasing.
        let red = |p: [u8; 3]| {
            [[0xb0, 0x2a, 0x2a], [0xc4, 0x43, 0x3e]]
                .iter()
                .any(|c: &[u8; 3]| c.iter().zip(p).all(|(a, b)| a.abs_diff(b) <= 6))
        };
        let points: Vec<(usize, usize)> =
            self.monitor(left, width).filter(|(_, _, p)| red(*p)).map(|(x, y, _)| (x, y)).collect();
        // A button, not a stray pixel of red text.
        (points.len() > 500).then(|| {
            let n = points.len();
            (points.iter().map(|p| p.0).sum::<usize>() / n, points.iter().map(|p| p.1).sum::<usize>() / n)
        })
    }
}

/// The visible windows named "Unhunch…" as (x, y, width, height), sorted.
fn windows(display: &Display) -> Vec<(i64, i64, i64, i64)> {
    let out = Command::new("xdotool")
        .args(["search", "--onlyvisible", "--name", "^Unhunch", "getwindowgeometry", "--shell", "%@"])
        .env("DISPLAY", &display.name)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let value = |line: &str, key: &str| line.strip_prefix(key).and_then(|v| v.parse::<i64>().ok());
    let mut found = Vec::new();
    let mut current = [0_i64; 4];
    for line in text.lines() {
        for (i, key) in ["X=", "Y=", "WIDTH=", "HEIGHT="].iter().enumerate() {
            if let Some(v) = value(line, key) {
                current[i] = v;
                if i == 3 {
                    found.push((current[0], current[1], current[2], current[3]));
                }
            }
        }
    }
    found.sort_unstable();
    found
}

fn xdotool(display: &Display, args: &[&str]) {
    let status = Command::new("xdotool").args(args).env("DISPLAY", &display.name).status().unwrap();
    assert!(status.success(), "xdotool {args:?}");
}

/// A screen reader reaches the player's window and the cover on the other screen, each with its
/// pain button (the cover has an accessible tree of its own: eframe gives one to its first window
/// only).
fn a_screen_reader_reaches_both_pain_buttons(bus: &Bus) {
    let tree = crate::a11y::tree_with(bus, "Unhunch — Break time", "Session progress");
    let pain = tree.iter().filter(|n| n["role"] == "push button" && n["name"] == "Stop — I feel pain").count();
    assert_eq!(pain, 2, "the player's and the cover's pain buttons:\n{}", crate::a11y::dump(&tree));
    assert!(crate::a11y::has(&tree, "frame", "Unhunch"), "{}", crate::a11y::dump(&tree));
    assert!(crate::a11y::has(&tree, "push button", "Skip this break"), "{}", crate::a11y::dump(&tree));
    let says = |n: &serde_json::Value| {
        n["name"].as_str().is_some_and(|t| t.starts_with("Posture reset plays on your main screen"))
    };
    assert!(tree.iter().any(says), "the cover says what it is: {}", crate::a11y::dump(&tree));
}

/// A strict posture reset playing on two monitors side by side (the window on the left, a cover
/// on the right), with a screen reader's accessibility bus on.
struct StrictBreak {
    display: Display,
    bus: Bus,
    env: Env,
    _a11y: crate::a11y::A11y,
    _engine: Guard,
}

impl StrictBreak {
    fn start() -> Self {
        let display = Display::with_screen(&format!("{WIDTH}x{HEIGHT}x24"));
        // Two monitors side by side on the one screen; the left one takes the screen's output.
        xrandr(&display, &["--setmonitor", "left", "800/211x600/158+0+0", "screen"]);
        xrandr(&display, &["--setmonitor", "right", "800/211x600/158+800+0", "none"]);
        let monitors = xrandr(&display, &["--listmonitors"]);
        assert!(monitors.starts_with("Monitors: 2"), "two monitors: {monitors}");

        let bus = Bus::start();
        // A screen reader is on: the strict break's window and its pain button must reach it.
        let a11y = crate::a11y::start_a11y(&bus);
        let env = Env::new();
        // A strict posture reset due three seconds after the engine starts, without a heads-up.
        env.write(
            "config/unhunch/settings.ron",
            "(safety_acknowledged: true, micro: (interval: 10, strictness: Strict), warning: 0, skips_per_day: 2)",
        );
        env.sat_for(597);
        let engine: Guard = engine_on(&env, &bus, Some(&display));
        let this = Self { display, bus, env, _a11y: a11y, _engine: engine };

        // The engine begins the break by itself and opens the window, which plays it at once.
        let playing = eventually_within(40, || this.status()["on_break"]["playing"] == true);
        assert!(playing, "the strict break plays: {}", this.status());
        assert_eq!(this.status()["on_break"]["strict"], true, "{}", this.status());
        let mut seen = Vec::new();
        let placed = eventually_within(20, || {
            seen = windows(&this.display);
            seen == BOTH
        });
        assert!(placed, "one window on each monitor, exactly over it: {seen:?}");
        this
    }

    fn status(&self) -> serde_json::Value {
        status_json(&self.env, &self.bus)
    }
}

/// The windows over the two monitors.
const BOTH: [(i64, i64, i64, i64); 2] = [(0, 0, 800, 600), (800, 0, 800, 600)];

fn xrandr(display: &Display, args: &[&str]) -> String {
    let out = Command::new("xrandr").args(args).env("DISPLAY", &display.name).output().unwrap();
    assert!(out.status.success(), "xrandr {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The acceptance: a strict break under Xvfb with two monitors shows on both; Esc
/// doesn't close it; the pain button does.
fn a_strict_break_covers_both_monitors_esc_leaves_it_and_the_pain_button_ends_it() {
    let strict = StrictBreak::start();
    let StrictBreak { display, bus, env, .. } = &strict;
    let xrandr = |args: &[&str]| xrandr(display, args);
    let status = || strict.status();
    let both = BOTH;
    let mut seen = Vec::new();

    // What the user sees: both monitors drawn over, each with the pain button.
    let mut shot = Shot::take(display);
    let drawn = eventually_within(10, || {
        shot = Shot::take(display);
        shot.covered(0, 800) > 0.99 && shot.covered(800, 800) > 0.99 && shot.pain_button(800, 800).is_some()
    });
    let path = shot.save("strict-two-monitors");
    assert!(
        drawn,
        "both monitors covered ({:.3}, {:.3}) with a pain button on the right: {}",
        shot.covered(0, 800),
        shot.covered(800, 800),
        path.display()
    );
    assert!(shot.pain_button(0, 800).is_some(), "the player on the left has its pain button: {}", path.display());
    a_screen_reader_reaches_both_pain_buttons(bus);

    // Esc and Right over the player do nothing (a strict break plays each step to its end).
    // Space after them pauses, so by the time the pause is reported both have been handled.
    let step = status()["on_break"]["step"].as_u64().unwrap();
    // No window manager: the window under the pointer is given the keyboard focus.
    xdotool(display, &["mousemove", "400", "300"]);
    xdotool(display, &["search", "--onlyvisible", "--name", "^Unhunch$", "windowfocus", "--sync"]);
    xdotool(display, &["key", "Escape"]);
    xdotool(display, &["key", "Right"]);
    xdotool(display, &["key", "space"]);
    let paused = eventually_within(20, || status()["on_break"]["paused"] == true);
    assert!(paused, "the keys reached the player: {}", status());
    assert_eq!(status()["on_break"]["step"].as_u64(), Some(step), "Right did not skip the step: {}", status());
    assert_eq!(status()["on_break"]["playing"], true, "Esc did not end the break: {}", status());
    xdotool(display, &["key", "space"]);
    assert!(eventually_within(20, || status()["on_break"]["paused"] == false), "Space resumed it: {}", status());
    // A cover is remade when the monitors are looked at again (every two seconds): both are
    // there again within a moment, whatever the keys did.
    let kept = eventually_within(10, || {
        seen = windows(display);
        seen == both
    });
    assert!(kept, "Esc left both windows: {seen:?}");

    // Monitors come and go: the cover follows (the screens are looked at every two seconds).
    xrandr(&["--delmonitor", "right"]);
    let gone = eventually_within(20, || {
        seen = windows(display);
        seen == [(0, 0, 800, 600)]
    });
    assert!(gone, "the right monitor went, and its cover with it: {seen:?}");
    xrandr(&["--setmonitor", "right", "800/211x600/158+800+0", "none"]);
    let back = eventually_within(20, || {
        seen = windows(display);
        seen == both
    });
    assert!(back, "the right monitor came back, and a cover over it: {seen:?}");

    // The pain button on the right monitor's cover ends the break at once.
    // The new cover is drawn a frame or two after it is placed.
    let mut pain = None;
    let drawn = eventually_within(10, || {
        pain = Shot::take(display).pain_button(800, 800);
        pain.is_some()
    });
    assert!(drawn, "the new cover is drawn with its pain button");
    let (x, y) = pain.expect("the cover's pain button");
    xdotool(display, &["mousemove", &x.to_string(), &y.to_string(), "click", "1"]);
    let ended = eventually_within(20, || status()["phase"] == "working");
    assert!(ended, "the pain button ended the break: {}", status());
    let mut left = Vec::new();
    let uncovered = eventually_within(20, || {
        left = windows(display);
        left.len() == 1 && left != [(0, 0, 800, 600)]
    });
    assert!(uncovered, "the cover went and the window is an ordinary one again: {left:?}");
    let (_, entries) = env.history();
    let last = entries.last().expect("the break is in the history");
    assert_eq!(last.outcome, unhunch::core::history::Outcome::Pain, "{last:?}");
}

/// A screen reader user, who cannot see where the pain button is, activates the cover's through
/// the accessibility tree (not the player's): the break ends at once, recorded as pain, and the
/// cover goes.
fn a_screen_reader_user_ends_a_strict_break_with_the_covers_pain_button() {
    let strict = StrictBreak::start();
    a_screen_reader_reaches_both_pain_buttons(&strict.bus);
    let pressed = crate::a11y::press(&strict.bus, "Unhunch — Break time", "Stop — I feel pain");
    assert!(pressed, "the cover's pain button took its accessible action");
    let ended = eventually_within(20, || strict.status()["phase"] == "working");
    assert!(ended, "the cover's pain button ended the break: {}", strict.status());
    let mut left = Vec::new();
    let uncovered = eventually_within(20, || {
        left = windows(&strict.display);
        left.len() == 1
    });
    assert!(uncovered, "the cover went: {left:?}");
    let (_, entries) = strict.env.history();
    let last = entries.last().expect("the break is in the history");
    assert_eq!(last.outcome, unhunch::core::history::Outcome::Pain, "{last:?}");
}

pub fn trials() -> Vec<Trial> {
    const NEEDS: &[&str] = &[
        "Xvfb",
        "dbus-daemon",
        "dbus-send",
        "xdotool",
        "xrandr",
        crate::rig::AT_SPI_BUS_LAUNCHER,
        crate::rig::PYATSPI,
    ];
    vec![
        needs(
            NEEDS,
            "a_strict_break_covers_both_monitors_esc_leaves_it_and_the_pain_button_ends_it",
            a_strict_break_covers_both_monitors_esc_leaves_it_and_the_pain_button_ends_it,
        ),
        needs(
            NEEDS,
            "a_screen_reader_user_ends_a_strict_break_with_the_covers_pain_button",
            a_screen_reader_user_ends_a_strict_break_with_the_covers_pain_button,
        ),
    ]
}
