//! `unhunch check`, `unhunch routines`, `unhunch paths` and `--help`, run as a user would.

use crate::util::Env;

/// A copy of the built-in posture reset with one field misspelled on line 4.
const MISSPELLED: &str = r#"// my posture reset
Routine(
    id: "my-reset",
    nmae: "My reset",
    steps: [Do(exercise: "chin-tuck")],
)
"#;

#[test]
fn check_on_the_built_ins_finds_no_errors() {
    let env = Env::new();
    let run = env.run(&["check"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let summary = run.last_line();
    let numbers: Vec<usize> = summary.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse().ok()).collect();
    assert!(summary.ends_with(" 0 errors"), "{summary}");
    assert!(numbers[0] >= 16 && numbers[1] >= 6, "{summary}");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn a_misspelled_field_is_reported_at_its_line_and_column_with_a_suggestion() {
    let env = Env::new();
    let path = env.write("mine.ron", MISSPELLED);
    let run = env.run(&["check", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(1), "{run:?}");
    let expected = format!("{}:4:5: error: unknown field `nmae` in `Routine(…)`; did you mean `name`?", path.display());
    assert!(run.stdout.lines().any(|l| l == expected), "want {expected}\ngot:\n{}", run.stdout);
    assert!(run.stdout.contains("4 |     nmae: \"My reset\","), "shows the line:\n{}", run.stdout);
    assert!(run.last_line().ends_with("1 error"), "{}", run.last_line());
}

#[test]
fn garbage_empty_huge_and_deeply_nested_files_each_get_one_clear_line() {
    let env = Env::new();
    let mut random = Vec::with_capacity(4096);
    let mut x: u32 = 0x2545_f491;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        random.push(x.to_le_bytes()[0]);
    }
    let cases = [
        ("garbage.ron", random, "not UTF-8"),
        ("text.ron", b"hello there, this is not RON at all ]]]".to_vec(), "unknown value `hello`"),
        ("empty.ron", Vec::new(), "the file is empty"),
        ("huge.ron", vec![b' '; 50 * 1024 * 1024], "may be at most 256 KiB"),
        ("deep.ron", format!("Exercise({}", "(".repeat(100_000)).into_bytes(), "nested more than"),
    ];
    for (name, bytes, expect) in cases {
        let path = env.write(name, bytes);
        let run = env.run(&["check", path.to_str().unwrap()]);
        assert_eq!(run.code, Some(1), "{name}: {run:?}");
        let prefix = format!("{}:", path.display());
        let lines: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with(&prefix)).collect();
        assert_eq!(lines.len(), 1, "{name}: one diagnostic line, got {lines:#?}");
        assert!(lines[0].contains(expect), "{name}: {}", lines[0]);
        assert!(run.stderr.is_empty(), "{name}: no panic, nothing on stderr: {}", run.stderr);
    }
}

#[test]
fn an_unknown_exercise_gets_a_did_you_mean() {
    let env = Env::new();
    let path = env.write("r.ron", "Routine(id: \"r\", name: \"R\", steps: [Do(exercise: \"chin-tuk\")])");
    let run = env.run(&["check", path.to_str().unwrap()]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout.contains(":1:50: error: unknown exercise \"chin-tuk\"; did you mean \"chin-tuck\"?"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_user_routine_overrides_the_built_in_with_the_same_id() {
    let env = Env::new();
    let mine = r#"Routine(
    id: "posture-reset",
    name: "My posture reset",
    steps: [Do(exercise: "chin-tuck"), Do(exercise: "far-gaze")],
)"#;
    env.write("config/unhunch/routines/posture-reset.ron", mine);
    let list = env.run(&["routines"]);
    assert_eq!(list.code, Some(0));
    let line = list.stdout.lines().find(|l| l.starts_with("posture-reset ")).expect("listed");
    assert!(line.contains("My posture reset") && line.contains("yours"), "{line}");
    let check = env.run(&["check"]);
    assert_eq!(check.code, Some(0), "an override is not an error: {check:?}");
    assert!(check.stdout.contains("note: the built-in routine \"posture-reset\" is overridden by"), "{}", check.stdout);
}

#[test]
fn a_broken_user_file_is_reported_and_the_built_ins_still_load() {
    let env = Env::new();
    env.write("config/unhunch/routines/mine.ron", MISSPELLED);
    let check = env.run(&["check"]);
    assert_eq!(check.code, Some(1));
    assert!(check.stdout.contains("mine.ron:4:5: error"), "{}", check.stdout);
    let list = env.run(&["routines"]);
    assert_eq!(list.stdout.lines().filter(|l| l.contains("built-in")).count(), 10, "{}", list.stdout);
    assert!(list.stdout.contains("run `unhunch check` for details"), "{}", list.stdout);
}

#[test]
fn routines_lists_the_six_built_ins_with_their_durations() {
    let env = Env::new();
    let run = env.run(&["routines"]);
    assert_eq!(run.code, Some(0));
    for (id, time) in [
        ("posture-reset", "1:00"),
        ("thoracic-mobility", "5:00"),
        ("rhomboid-strength", "7:00"),
        ("end-of-day-unwind", "6:00"),
        ("open-plan-seated", "3:00"),
        ("stand-and-stroll", "2:00"),
    ] {
        let line = run.stdout.lines().find(|l| l.starts_with(id)).unwrap_or_else(|| panic!("{id} missing"));
        assert!(line.contains(time), "{line}");
    }
    let exercises = env.run(&["routines", "--exercises"]);
    assert!(
        exercises.stdout.contains("chin-tuck") && exercises.stdout.contains("floor (home)"),
        "{}",
        exercises.stdout
    );
}

#[test]
fn help_describes_every_command() {
    let env = Env::new();
    let run = env.run(&["--help"]);
    assert_eq!(run.code, Some(0));
    for word in ["check", "routines", "paths", "Usage: unhunch"] {
        assert!(run.stdout.contains(word), "--help lacks {word}:\n{}", run.stdout);
    }
    let bad = env.run(&["frobnicate"]);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("unrecognized subcommand 'frobnicate'"), "{}", bad.stderr);
}

#[test]
fn paths_follow_the_xdg_variables() {
    let env = Env::new();
    let run = env.run(&["paths"]);
    assert!(run.stdout.contains(&env.routines().display().to_string()), "{}", run.stdout);
    assert!(run.stdout.contains(&env.path().join("data/unhunch/history").display().to_string()), "{}", run.stdout);
}

#[test]
fn autostart_on_writes_an_engine_only_entry_and_off_removes_it() {
    let env = Env::new();
    let entry = env.config().join("autostart/unhunch.desktop");
    let run = env.run(&["autostart"]);
    assert!(run.stdout.contains("does not start at login"), "{run:?}");
    let run = env.run(&["autostart", "on"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let text = std::fs::read_to_string(&entry).expect("the entry was written");
    assert!(text.contains(&format!("Exec={} daemon\n", env!("CARGO_BIN_EXE_unhunch"))), "{text}");
    assert!(env.run(&["autostart"]).stdout.contains("starts at login"));
    assert_eq!(env.run(&["autostart", "off"]).code, Some(0));
    assert!(!entry.exists());
    let bad = env.run(&["autostart", "maybe"]);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("possible values: on, off"), "{}", bad.stderr);
}

/// bash completes subcommands and their arguments from the script `unhunch completions bash`
/// prints (run in a real bash); zsh and fish get scripts of their own, and a bad shell is refused.
#[test]
fn completions_complete_subcommands_in_a_real_bash_and_exist_for_zsh_and_fish() {
    let env = Env::new();
    let script = env.run(&["completions", "bash"]);
    assert_eq!(script.code, Some(0), "{script:?}");
    let path = env.write("unhunch.bash", &script.stdout);
    let complete = |words: &str, cword: usize| {
        let probe = format!(
            "source {}; COMP_WORDS=({words}); COMP_CWORD={cword}; _unhunch unhunch \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            path.display()
        );
        let out = std::process::Command::new("bash").args(["--norc", "-c", &probe]).output().expect("bash runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let subcommands = complete("unhunch pa", 1);
    assert!(subcommands.contains("pause") && subcommands.contains("paths"), "{subcommands}");
    let switch = complete("unhunch autostart o", 2);
    assert!(switch.contains("on") && switch.contains("off"), "{switch}");
    let zsh = env.run(&["completions", "zsh"]).stdout;
    assert!(zsh.starts_with("#compdef unhunch") && zsh.contains("autostart"), "{zsh:.200}");
    let fish = env.run(&["completions", "fish"]).stdout;
    assert!(fish.contains("complete -c unhunch") && fish.contains("test-notification"), "{fish:.200}");
    let bad = env.run(&["completions", "tcsh"]);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("possible values: bash"), "{}", bad.stderr);
}

/// The man page comes from the CLI's own help: the main page lists every subcommand, and with a
/// folder each subcommand gets its page too.
#[test]
fn the_man_pages_are_made_from_the_command_line_help() {
    let env = Env::new();
    let page = env.run(&["manpage"]);
    assert_eq!(page.code, Some(0), "{page:?}");
    assert!(page.stdout.starts_with(".ie") || page.stdout.contains(".TH unhunch 1"), "{:.300}", page.stdout);
    for part in [".SH NAME", ".SH SUBCOMMANDS", "unhunch\\-pause(1)", "break\\-and\\-stretch"] {
        assert!(page.stdout.contains(part), "{part} in the page: {:.2000}", page.stdout);
    }
    let dir = env.path().join("man");
    std::fs::create_dir_all(&dir).unwrap();
    assert_eq!(env.run(&["manpage", &dir.to_string_lossy()]).code, Some(0));
    for name in ["unhunch.1", "unhunch-pause.1", "unhunch-check.1", "unhunch-completions.1"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(text.contains(".SH NAME"), "{name}: {text:.200}");
    }
    assert!(!dir.join("unhunch-manpage.1").exists(), "the hidden helper has no page");
}

#[test]
fn the_desktop_file_and_icons_are_shipped() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    let desktop = std::fs::read_to_string(root.join("unhunch.desktop")).unwrap();
    assert!(desktop.contains("\nExec=unhunch\n") && desktop.contains("\nIcon=unhunch\n"));
    for size in [16, 32, 48, 64, 128, 256] {
        let png = std::fs::read(root.join(format!("icons/{size}x{size}/unhunch.png"))).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let (w, h) =
            (u32::from_be_bytes(png[16..20].try_into().unwrap()), u32::from_be_bytes(png[20..24].try_into().unwrap()));
        assert_eq!((w, h), (size, size));
    }
}

/// Runs `unhunch ARGS…` with `$EDITOR` set (and `$VISUAL` unset).
fn run_with_editor(env: &Env, editor: &str, args: &[&str]) -> crate::util::Run {
    let output = env.command(args).env("EDITOR", editor).output();
    crate::util::Run::from(output.unwrap_or_else(|e| panic!("run unhunch: {e}")))
}

#[test]
fn new_writes_a_template_that_passes_check_and_never_overwrites() {
    let env = Env::new();
    let run = env.run(&["new", "routine", "Desk", "reset"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let path = env.routines().join("desk-reset.ron");
    assert_eq!(run.stdout.trim(), path.display().to_string(), "prints the path and nothing else");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("name: \"Desk reset\"") && text.starts_with("//"), "named and commented:\n{text}");
    assert!(env.run(&["check"]).last_line().ends_with(" 0 errors"));
    assert!(env.run(&["routines"]).stdout.lines().any(|l| l.starts_with("desk-reset ") && l.contains("yours")));

    let again = env.run(&["new", "routine", "Desk reset"]);
    assert_eq!(again.code, Some(1));
    assert!(again.stderr.contains("already exists") && again.stdout.is_empty(), "errors go to stderr: {again:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "left alone");

    let builtin = env.run(&["new", "routine", "Posture reset"]);
    assert_eq!(builtin.code, Some(1));
    assert!(builtin.stderr.contains("unhunch edit posture-reset"), "{builtin:?}");

    let exercise = env.run(&["new", "exercise", "Wall slide"]);
    assert_eq!(exercise.code, Some(0), "{exercise:?}");
    assert!(env.routines().join("wall-slide.ron").exists());
    assert!(env.run(&["routines", "--exercises"]).stdout.contains("wall-slide"));
}

#[test]
fn edit_copies_a_built_in_opens_the_editor_and_lints_what_was_saved() {
    let env = Env::new();
    let run = run_with_editor(
        &env,
        "sed -i s/Posture\\x20reset\"/Posture\\x20reset\\x20(mine)\"/",
        &["edit", "posture-reset"],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("Copied the built-in \"posture-reset\""), "{run:?}");
    let copy = std::fs::read_to_string(env.routines().join("posture-reset.ron")).unwrap();
    assert!(copy.contains("name: \"Posture reset (mine)\""), "the editor changed the copy:\n{copy}");
    assert!(copy.contains("// 0:00–0:10"), "the built-in's comments come along");
    let listed = env.run(&["routines"]).stdout;
    assert!(listed.lines().any(|l| l.starts_with("posture-reset ") && l.contains("(mine)") && l.contains("yours")));

    // A typo made in the editor is reported as soon as it closes.
    let typo = run_with_editor(&env, "sed -i s/name:/nmae:/", &["edit", "posture-reset"]);
    let path = env.routines().join("posture-reset.ron");
    assert!(typo.stderr.contains(&format!("{}:4:5: error: unknown field `nmae`", path.display())), "{typo:?}");

    let unknown = run_with_editor(&env, "true", &["edit", "posture-rest"]);
    assert_eq!(unknown.code, Some(1));
    assert!(unknown.stderr.contains("did you mean \"posture-reset\"?"), "{unknown:?}");
}

/// `unhunch safety` prints the notice and the red flags, most urgent first, with the emergency
/// number from the settings.
#[test]
fn safety_prints_the_red_flags_by_urgency_with_the_local_number() {
    let env = Env::new();
    let run = env.run(&["safety"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let emergency = run.stdout.find("Call emergency services now").expect("the emergency tier");
    let same_day = run.stdout.find("Get a same-day appointment").expect("the same-day tier");
    let soon = run.stdout.find("See a clinician soon").expect("the last tier");
    assert!(emergency < same_day && same_day < soon, "most urgent first");
    assert!(run.stdout.contains("significant injury"), "{}", run.stdout);
    env.write("config/unhunch/settings.ron", r#"(emergency_number: "000")"#);
    let run = env.run(&["safety"]);
    assert!(run.stdout.contains("Call emergency services now (000)"), "{}", run.stdout);
}

/// Every exercise as JSON, with its figure and its words.
#[test]
fn exercises_json_lists_every_exercise_with_its_figure_and_words() {
    let env = Env::new();
    let run = env.run(&["exercises", "--json"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(rows.len(), 30);
    for row in &rows {
        for field in [
            "id",
            "name",
            "family",
            "position",
            "equipment",
            "avoid_with",
            "cautions",
            "alternatives",
            "view",
            "phase_words",
        ] {
            assert!(row.get(field).is_some(), "{field} in {row}");
        }
        assert!(row["keyframes"].as_u64().is_some_and(|k| k >= 2), "{row}");
    }
    let tuck = rows.iter().find(|r| r["id"] == "chin-tuck").expect("the chin tuck");
    assert_eq!(tuck["phase_words"]["hold"], "Glide back and hold");
    assert_eq!(tuck["view"], "Side");
}

/// `unhunch figure` writes the SVG the window draws, and says so when the id is wrong.
#[test]
fn figure_writes_an_svg_and_suggests_a_misspelt_id() {
    let env = Env::new();
    let out = env.path().join("w.svg");
    let run = env.run(&["figure", "wall-angels", "--svg", out.to_str().expect("a path"), "--at", "0.5"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let svg = std::fs::read_to_string(&out).expect("the SVG");
    assert!(svg.starts_with("<svg") && svg.contains("<title>Wall angels: "), "{svg}");
    let run = env.run(&["figure", "wall-angel", "--svg", "-"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("did you mean \"wall-angels\"?"), "{}", run.stderr);
    // Issue 26, item 11: a pipe (or a device) at the path is left as it is, and no folder is made.
    let fifo = env.path().join("pipe.svg");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
    assert!(made.success());
    let run = env.run(&["figure", "wall-angels", "--svg", fifo.to_str().expect("a path")]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("is not a regular file"), "{}", run.stderr);
    let kind = std::fs::metadata(&fifo).expect("still there").file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&kind), "the pipe is left as it was");
    let deep = env.path().join("no/such/folder/w.svg");
    let run = env.run(&["figure", "wall-angels", "--svg", deep.to_str().expect("a path")]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stderr.contains("does not exist; make it first"), "{}", run.stderr);
    assert!(!env.path().join("no").exists(), "no folder was made");
}

/// `unhunch show`: the routine as it plays for a profile, with every swap and its reason; a profile
/// given on the command line replaces the saved one's parts, and nonsense is refused with the choices.
#[test]
fn show_prints_a_routine_as_it_plays_for_a_profile_with_its_swaps() {
    let env = Env::new();
    let run = env.run(&["show", "rhomboid-strength", "--without", "band", "--place", "office"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("W squeeze instead of band pull-apart: no band"), "{}", run.stdout);
    assert!(!run.stdout.contains("Band pull-apart  "), "{}", run.stdout);
    let json = env.run(&["show", "Rhomboid strength", "--json", "--without", "band"]);
    let shown: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let steps = shown["steps"].as_array().expect("steps");
    assert!(steps.iter().all(|s| s["exercise"] != "band-pull-apart" && s["exercise"] != "band-w"), "{shown}");
    assert_eq!(shown["without"], serde_json::json!(["band"]));
    // Saved profile: osteoporosis and an unstable shoulder, told in settings.ron.
    env.write("config/unhunch/settings.ron", "(profile: (conditions: [Osteoporosis, ShoulderInstability]))");
    let saved = env.run(&["show", "thoracic-mobility", "--json"]);
    let shown: serde_json::Value = serde_json::from_str(&saved.stdout).expect("JSON");
    let ids: Vec<&str> =
        shown["steps"].as_array().expect("steps").iter().filter_map(|s| s["exercise"].as_str()).collect();
    assert!(!ids.contains(&"wall-angels") && !ids.contains(&"doorway-pec-stretch"), "{ids:?}");
    assert_eq!(shown["conditions"], serde_json::json!(["osteoporosis", "shoulder-instability"]));
    let plain = env.run(&["show", "thoracic-mobility"]);
    assert!(!plain.stdout.contains("Nothing changed") && plain.stdout.contains("Cross your arms"), "{}", plain.stdout);
    let bad = env.run(&["show", "thoracic-mobility", "--place", "moon"]);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("office, home, standing-desk"), "{}", bad.stderr);
    let missing = env.run(&["show", "thoracic-mobilty"]);
    assert_eq!(missing.code, Some(2));
    assert!(missing.stderr.contains("did you mean \"thoracic-mobility\""), "{}", missing.stderr);
}

/// `unhunch check` on a FIFO or a device returns at once with an error instead of waiting forever.
#[test]
fn check_refuses_a_fifo_and_a_device_at_once() {
    let env = Env::new();
    let fifo = env.path().join("pipe.ron");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    for path in [fifo.to_string_lossy().into_owned(), "/dev/zero".to_owned()] {
        // Watched from another thread: a check that waits on a reader (or reads forever) fails here
        // after 20 s instead of hanging the suite.
        let (tx, rx) = std::sync::mpsc::channel();
        let mut cmd = env.command(&["check", &path]);
        std::thread::Builder::new().name("check".to_owned()).spawn(move || drop(tx.send(cmd.output()))).unwrap();
        let out = rx.recv_timeout(std::time::Duration::from_secs(20)).expect("check returned within 20 s").unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert!(stdout.contains("not a regular file"), "{stdout}");
    }
}

/// `unhunch history --csv` on a big history from two machines (over 100,000 lines) prints every
/// record once, in time order, with the documented header; a damaged line is named and skipped.
#[test]
fn history_csv_prints_every_record_of_every_machine_once_in_order() {
    let env = Env::new();
    let today = 20_400 * 86_400;
    let mut lines = 0;
    for (host, seed, years) in [("laptop", 3, 6), ("desk", 5, 4)] {
        let text = unhunch::core::sample::file_text(&unhunch::core::sample::history(years * 365, today, seed));
        lines += text.lines().count();
        env.write(&format!("data/unhunch/history/{host}.ron"), text);
    }
    assert!(lines >= 100_000, "a big history: {lines} lines");
    let damaged = env.path().join("data/unhunch/history/desk.ron");
    let mut file = std::fs::OpenOptions::new().append(true).open(&damaged).unwrap();
    std::io::Write::write_all(&mut file, b"(at: 1, kind: Micro, outcome: FromTheFuture)\n").unwrap();

    let run = env.run(&["history", "--csv"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let mut rows = run.stdout.lines();
    assert_eq!(rows.next(), Some(unhunch::core::export::CSV_HEADER));
    let rows: Vec<&str> = rows.collect();
    assert_eq!(rows.len(), lines, "every record once");
    let unix: Vec<u64> = rows.iter().map(|r| r.split(',').nth(1).unwrap().parse().unwrap()).collect();
    assert!(unix.windows(2).all(|w| w[0] <= w[1]), "in time order");
    assert!(rows.iter().any(|r| r.contains(",laptop,")) && rows.iter().any(|r| r.contains(",desk,")));
    assert!(run.stderr.contains("desk.ron:") && run.stderr.contains("skipped"), "{}", run.stderr);
}

#[test]
fn history_filters_by_date_summarises_in_words_and_refuses_bad_dates() {
    let env = Env::new();
    let today = 20_400 * 86_400; // 2025-11-08
    let text = unhunch::core::sample::file_text(&unhunch::core::sample::history(60, today, 9));
    env.write("data/unhunch/history/laptop.ron", text);
    let run = |args: &[&str]| env.command(args).env("TZ", "UTC").output().unwrap();

    let json = run(&["history", "--json", "--since", "2025-11-03", "--until", "2025-11-04"]);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r["time"].as_str().is_some_and(|t| t.starts_with("2025-11-03") || t.starts_with("2025-11-04")))
    );

    let weeks = String::from_utf8_lossy(&run(&["history", "--by", "week"]).stdout).into_owned();
    assert!(weeks.contains("from Mon 3 Nov"), "{weeks}");
    assert!(weeks.contains("you sat at most") && weeks.contains("not a diagnosis"), "{weeks}");

    let bad = run(&["history", "--since", "3 Nov"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM-DD"));

    let empty = Env::new();
    let first_day = empty.run(&["history"]);
    assert!(first_day.stdout.contains("No history yet"), "{first_day:?}");
}

/// Issue 25: copies of the built-in files as they were when their figures reached impossible
/// angles (`tests/fixtures/broken-figures/`): `check` reports each at the value that takes the
/// joint out of its range, naming the joint, the keyframe, the sum and the range.
#[test]
fn check_reports_figures_that_reach_impossible_angles_at_the_value_that_does_it() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken-figures");
    let cases = [
        (
            "doorway-pec-stretch.ron",
            "41:65",
            "\"shoulder_plane_l\" reaches 200° at 0.5 (88 base + 112 key); its range is -90° to 180°",
        ),
        (
            "seated-band-row.ron",
            "46:82",
            "\"elbow_l\" reaches 170° at 0.5 (75 sitting on a chair + 95 key); its range is 0° to 160°",
        ),
        ("thoracic-extension.ron", "45:16", "\"elbow_l\" reaches 220° at 0 (75 sitting on a chair + 145 base)"),
        ("executive-stretch.ron", "36:16", "\"elbow_l\" reaches 220° at 0 (75 sitting on a chair + 145 base)"),
        ("levator-stretch.ron", "43:32", "\"elbow_r\" reaches 205° at 0.5 (75 sitting on a chair + 130 key)"),
        ("upper-trap-stretch.ron", "44:32", "\"elbow_r\" reaches 225° at 0.5 (75 sitting on a chair + 150 key)"),
    ];
    for (file, at, says) in cases {
        let env = Env::new();
        let path = env.routines().join(file);
        std::fs::create_dir_all(env.routines()).unwrap();
        std::fs::copy(fixtures.join(file), &path).unwrap();
        let run = env.run(&["check", path.to_str().unwrap()]);
        assert_eq!(run.code, Some(1), "{file}: {run:?}");
        let expected = format!("{}:{at}: error: the joint {says}", path.display());
        assert!(run.stdout.lines().any(|l| l.starts_with(&expected)), "{file}: want {expected}\ngot:\n{}", run.stdout);
    }
}

/// Issue 25's acceptance: the doorway stretch's held position, as numbers: both forearms on the
/// door frame (within 2 cm) and both shoulders within their range.
#[test]
fn pose_json_shows_the_doorway_stretch_with_both_forearms_on_the_frame() {
    let env = Env::new();
    for right in [false, true] {
        let mut args = vec!["figure", "doorway-pec-stretch", "--pose-json", "--at", "0.5"];
        if right {
            args.push("--right");
        }
        let run = env.run(&args);
        assert_eq!(run.code, Some(0), "{run:?}");
        let pose: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        let contacts = pose["contacts"].as_array().expect("contacts");
        // Both forearms on the frame, and both feet flat where they stood (planted by default).
        let on = |surface: &str| contacts.iter().filter(|c| c["on"] == surface).count();
        assert_eq!((on("DoorFrame"), on("Floor")), (2, 2), "{}", run.stdout);
        for c in contacts {
            assert!(c["distance"].as_f64().is_some_and(|d| d <= 0.02), "a forearm or a foot off: {c}");
        }
        for name in ["shoulder_l", "shoulder_r", "shoulder_plane_l", "shoulder_plane_r"] {
            let joint = pose["joints"].as_array().and_then(|js| js.iter().find(|j| j["name"] == name)).expect(name);
            let (angle, range) = (joint["angle"].as_f64().unwrap(), &joint["range"]);
            assert!(angle >= range[0].as_f64().unwrap() && angle <= range[1].as_f64().unwrap(), "{joint}");
            assert!(joint["position"].as_array().is_some_and(|p| p.len() == 3), "{joint}");
        }
        let jambs = pose["props"]
            .as_array()
            .map_or(0, |ps| ps.iter().filter(|p| p["name"].as_str().is_some_and(|n| n.contains("jamb"))).count());
        assert_eq!(jambs, 2, "{}", run.stdout);
    }
    let run = env.run(&["figure", "doorway-pec-stretch"]);
    assert_eq!(run.code, Some(2), "one of --svg and --pose-json is needed: {run:?}");
}

/// `unhunch desk` prints the desk check, item by item with why and what to change; `unhunch safety`
/// has the sleep tips and what helps on a sore day.
#[test]
fn desk_prints_the_desk_check_and_safety_has_the_night_and_a_sore_day() {
    let env = Env::new();
    let desk = env.run(&["desk"]);
    assert_eq!(desk.code, Some(0), "{desk:?}");
    for said in ["Desk check", "eye level", "arm's length", "laptop", "feet flat", "glare", "Why:", "If not:"] {
        assert!(desk.stdout.contains(said), "{said}: {}", desk.stdout);
    }
    assert_eq!(desk.stdout.matches("Why:").count(), unhunch::core::desk::CHECKS.len());
    let safety = env.run(&["safety"]);
    for said in ["At night", "hug a pillow", "stomach", "A sore day: what helps", "pharmacist"] {
        assert!(safety.stdout.contains(said), "{said}: {}", safety.stdout);
    }
}
