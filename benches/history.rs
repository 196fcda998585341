//! Ten years of history: reading it, and gathering it into days, weeks and months (what the
//! History screen and `unhunch history` do when they open). `cargo bench --bench history`.

use unhunch::core::history::{HistoryEntry, parse_history_bytes};
use unhunch::core::insights;

fn main() {
    divan::main();
}

/// Ten years of working days ending on a Monday (Unix day 20 400 + 2), about 108 000 lines.
fn ten_years() -> Vec<HistoryEntry> {
    unhunch::core::sample::history(3653, 20_402 * 86_400, 7)
}

fn utc_day(at: u64) -> u64 {
    at - at % 86_400
}

#[divan::bench]
fn read_ten_years(bencher: divan::Bencher<'_, '_>) {
    let text = unhunch::core::sample::file_text(&ten_years());
    assert!(text.lines().count() >= 100_000, "{} lines", text.lines().count());
    bencher.bench(|| parse_history_bytes(divan::black_box(text.as_bytes())));
}

#[divan::bench]
fn gather_ten_years_by_day_week_and_month(bencher: divan::Bencher<'_, '_>) {
    let entries = ten_years();
    bencher.bench(|| {
        let days = insights::by_day(divan::black_box(&entries), &utc_day);
        let weeks = insights::gather(&days, &|d| d - (d / 86_400 + 3) % 7 * 86_400);
        let months = insights::gather(&days, &|d| d - d % (30 * 86_400));
        (days.len(), weeks.len(), months.len())
    });
}

#[divan::bench]
fn read_and_gather_with_the_local_calendar(bencher: divan::Bencher<'_, '_>) {
    let text = unhunch::core::sample::file_text(&ten_years());
    let calendar = unhunch::platform::clock::Calendar::of("CET-1CEST,M3.5.0,M10.5.0/3");
    bencher.bench(|| {
        let (entries, _) = parse_history_bytes(divan::black_box(text.as_bytes()));
        let days = insights::by_day(&entries, &|u| calendar.day_start(u));
        let weeks = insights::gather(&days, &|u| calendar.week_start(u));
        let months = insights::gather(&days, &|u| calendar.month_start(u));
        (days.len(), weeks.len(), months.len())
    });
}

/// One frame of the History tab over ten years of history, as the window draws it: layout of the
/// cards and the three charts, and tessellation into triangles (the GPU upload is not counted).
#[divan::bench(args = ["days", "weeks", "months"])]
fn history_tab_frame(bencher: divan::Bencher<'_, '_>, view: &str) {
    use unhunch::app::history::HistoryPanel;
    use unhunch::core::insights::Period as View;
    let calendar = unhunch::platform::clock::Calendar::of("CET-1CEST,M3.5.0,M10.5.0/3");
    let mut panel = HistoryPanel::default();
    let entries = ten_years().into_iter().map(|e| ("laptop".to_owned(), e)).collect();
    panel.load(entries, Vec::new(), &calendar);
    panel.view = match view {
        "weeks" => View::Week,
        "months" => View::Month,
        _ => View::Day,
    };
    let ctx = egui::Context::default();
    let input = || egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1000.0, 800.0))),
        ..egui::RawInput::default()
    };
    // The first frames load the fonts and settle the layout.
    for _ in 0..3 {
        let _ = ctx.run_ui(input(), |ui| {
            let _ = panel.ui(ui, &calendar);
        });
    }
    bencher.bench_local(|| {
        let output = ctx.run_ui(input(), |ui| {
            let _ = panel.ui(ui, &calendar);
        });
        ctx.tessellate(output.shapes, output.pixels_per_point).len()
    });
}
