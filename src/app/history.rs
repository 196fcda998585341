//! The History tab: what happened, by day, week or month, and is it helping? Charts (`egui_plot`)
//! of sitting time with the breaks taken, the longest bout, the completion rate and how the back
//! felt; the numbers of the latest span; the same plain words as `unhunch history`; and Export.
//! The records are read when the tab opens (every machine's file, merged); the panel only shows
//! what it was given and returns what was asked for.

use egui::RichText;
use egui_plot::{Bar, BarChart, Plot, PlotPoints, Points};

use super::command::{AppCommand, ExportFormat as Format};
use super::{labels, theme};
use crate::core::history::HistoryEntry;
use crate::core::insights::{self, Period, Span};
use crate::platform::clock::Calendar;

/// What the tab shows, computed once when the records are loaded.
#[derive(Debug, Default)]
pub struct HistoryPanel {
    pub view: Period,
    entries: Vec<(String, HistoryEntry)>,
    days: Vec<Span>,
    weeks: Vec<Span>,
    months: Vec<Span>,
    /// Lines that could not be read (`file:line: why`).
    notes: Vec<String>,
    /// What the last export did ("Saved to …", or why not).
    pub export_said: Option<String>,
    loaded: bool,
}

/// Spans shown in a chart: the most recent ones.
const SHOWN: usize = 28;

impl HistoryPanel {
    /// Takes the records (oldest first) and what could not be read.
    pub fn load(&mut self, entries: Vec<(String, HistoryEntry)>, notes: Vec<String>, calendar: &Calendar) {
        self.days = insights::by_day(entries.iter().map(|(_, e)| e), &|u| calendar.day_start(u));
        self.weeks = calendar.gather(&self.days, Period::Week);
        self.months = calendar.gather(&self.days, Period::Month);
        self.entries = entries;
        self.notes = notes;
        self.loaded = true;
    }

    /// The records, with their host, for export.
    pub fn entries(&self) -> &[(String, HistoryEntry)] {
        &self.entries
    }

    fn spans(&self) -> &[Span] {
        match self.view {
            Period::Day => &self.days,
            Period::Week => &self.weeks,
            Period::Month => &self.months,
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, calendar: &Calendar) -> Option<AppCommand> {
        let mut cmd = None;
        crate::app::focus::show(egui::ScrollArea::vertical().auto_shrink([false, false]), ui, |ui| {
            ui.horizontal(|ui| {
                for (view, label) in [
                    (Period::Day, labels::HISTORY_DAYS),
                    (Period::Week, labels::HISTORY_WEEKS),
                    (Period::Month, labels::HISTORY_MONTHS),
                ] {
                    if ui.selectable_label(self.view == view, label).clicked() {
                        self.view = view;
                    }
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    // Clear of the scroll bar.
                    ui.add_space(12.0);
                    if ui.add_enabled(!self.entries.is_empty(), theme::secondary(labels::EXPORT_JSON)).clicked() {
                        cmd = Some(AppCommand::ExportHistory(Format::Json));
                    }
                    if ui.add_enabled(!self.entries.is_empty(), theme::secondary(labels::EXPORT_CSV)).clicked() {
                        cmd = Some(AppCommand::ExportHistory(Format::Csv));
                    }
                });
            });
            if let Some(said) = &self.export_said {
                ui.label(RichText::new(said).color(theme::muted()));
            }
            ui.add_space(6.0);
            if !self.loaded {
                ui.label("Reading your history…");
                return;
            }
            if self.days.is_empty() {
                theme::card().show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(RichText::new(labels::HISTORY_EMPTY).strong());
                    ui.label(
                        "Unhunch notes each break as it comes due and what became of it, and how long you \
                         sat in between. After a day or two of work, this page shows your days, weeks and \
                         months, and whether your back feels better in weeks with more breaks.",
                    );
                });
                return;
            }
            self.words_card(ui, calendar);
            ui.add_space(8.0);
            self.charts(ui, calendar);
            for note in self.notes.iter().take(3) {
                ui.label(RichText::new(format!("Skipped: {note}")).small().color(theme::muted()));
            }
        });
        cmd
    }

    /// The latest span in numbers and words, and "is it helping?".
    fn words_card(&self, ui: &mut egui::Ui, calendar: &Calendar) {
        let spans = self.spans();
        let Some(last) = spans.last() else { return };
        let title = match self.view {
            Period::Week => format!("Week {}", calendar.span_label(self.view, last.start)),
            Period::Day | Period::Month => calendar.span_label(self.view, last.start),
        };
        let words = insights::latest_summary(spans, self.view, &|start| calendar.short_day(start)).unwrap_or_default();
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(title).size(18.0).strong());
            ui.label(words);
            ui.label(RichText::new(numbers_line(last)).color(theme::muted()));
        });
        ui.add_space(8.0);
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(labels::IS_IT_HELPING).strong());
            ui.label(insights::helping(&self.weeks));
            let day = |at: u64| calendar.short_day(calendar.day_start(at));
            if let Some(desk) = insights::desk_line(self.entries.iter().map(|(_, e)| e), &day) {
                ui.label(desk);
            }
        });
    }

    /// One chart per measure, each with its own axis, unit and hover text (sitting hours and break
    /// counts shared an unlabelled axis before).
    fn charts(&self, ui: &mut egui::Ui, calendar: &Calendar) {
        let spans = self.spans();
        let shown = &spans[spans.len().saturating_sub(SHOWN)..];
        let names: Vec<String> = shown.iter().map(|s| calendar.span_label(self.view, s.start)).collect();
        let weeks = &self.weeks[self.weeks.len().saturating_sub(SHOWN)..];
        let week_names: Vec<String> = weeks.iter().map(|w| calendar.short_day(w.start)).collect();
        let per = self.view.noun();
        let sat: Vec<Option<f64>> = shown.iter().map(|s| Some(hours(s.sat_secs))).collect();
        let taken: Vec<Option<f64>> = shown
            .iter()
            .map(|s| Some(f64::from(s.due_fates.completed + s.other.completed + s.counts.natural)))
            .collect();
        let longest: Vec<Option<f64>> = weeks
            .iter()
            .map(|w| {
                (w.bouts > 0)
                    .then(|| f64::from(u32::try_from(insights::minutes(w.longest_bout_secs)).unwrap_or(u32::MAX)))
            })
            .collect();
        let rate: Vec<Option<f64>> =
            weeks.iter().map(|w| (w.counts.due > 0).then(|| (100.0 * w.completion_rate()).round())).collect();
        let back: Vec<Option<f64>> = weeks.iter().map(Span::back_mean).collect();
        let charts = [
            Chart {
                id: "history-sitting",
                title: format!("{}, by {per}", labels::CHART_SITTING),
                names: &names,
                values: sat,
                unit: Unit::Hours,
            },
            Chart {
                id: "history-taken",
                title: format!("{}, by {per}", labels::CHART_TAKEN),
                names: &names,
                values: taken,
                unit: Unit::Breaks,
            },
            Chart {
                id: "history-longest",
                title: labels::CHART_LONGEST.to_owned(),
                names: &week_names,
                values: longest,
                unit: Unit::Minutes,
            },
            Chart {
                id: "history-rate",
                title: labels::CHART_RATE.to_owned(),
                names: &week_names,
                values: rate,
                unit: Unit::Percent,
            },
            Chart {
                id: "history-back",
                title: labels::CHART_BACK.to_owned(),
                names: &week_names,
                values: back,
                unit: Unit::Score,
            },
        ];
        for pair in charts.chunks(2) {
            ui.columns(2, |cols| {
                for (col, chart) in cols.iter_mut().zip(pair) {
                    theme::card().show(col, |ui| chart.ui(ui));
                }
            });
            ui.add_space(8.0);
        }
    }
}

/// "Sitting: 3 h 10 min in 4 bouts · 3 due · 4 started: 2 completed, 1 ended early, 1 stopped for pain
/// · 1 natural · …": every number of a span, adding up (sessions started = how they ended).
pub fn numbers_line(last: &Span) -> String {
    use crate::core::units::plural;
    let c = &last.counts;
    let mut parts = Vec::new();
    if last.bouts > 0 || last.sat_secs > 0 {
        let sat = crate::core::units::human(std::time::Duration::from_secs(insights::minutes(last.sat_secs) * 60));
        parts.push(format!("Sitting: {sat} in {}", plural(u64::from(last.bouts), "bout", None)));
    }
    parts.push(format!("{} due", c.due));
    let mut sessions = last.due_fates;
    for (total, one) in [
        (&mut sessions.started, last.other.started),
        (&mut sessions.completed, last.other.completed),
        (&mut sessions.ended_early, last.other.ended_early),
        (&mut sessions.pain, last.other.pain),
        (&mut sessions.unfinished, last.other.unfinished),
    ] {
        *total += one;
    }
    let (skipped, natural) = (c.skipped, c.natural);
    sessions.skipped = 0;
    sessions.natural = 0;
    let mut ends = sessions.words();
    if sessions.open_sessions() > 0 {
        ends.push(format!("{} with no end on record", sessions.open_sessions()));
    }
    if sessions.started > 0 {
        parts.push(format!("{} started: {}", sessions.started, ends.join(", ")));
    } else {
        parts.push("0 started".to_owned());
    }
    parts.push(format!(
        "{natural} natural · {skipped} skipped · {} snoozed · {} held for do-not-disturb, fullscreen or a call",
        c.snoozed, c.deferred
    ));
    if let Some(m) = last.back_mean() {
        parts.push(format!("back {m:.1} of 10"));
    }
    parts.join(" · ")
}

/// What a chart measures, and how its numbers are written.
#[derive(Clone, Copy, Debug)]
enum Unit {
    Hours,
    Breaks,
    Minutes,
    Percent,
    Score,
}

impl Unit {
    /// The axis's name.
    fn axis(self) -> &'static str {
        match self {
            Self::Hours => "hours",
            Self::Breaks => "breaks",
            Self::Minutes => "minutes",
            Self::Percent => "% of due",
            Self::Score => "0 best – 10 worst",
        }
    }

    /// A value in words, for the hover text: "7.1 h", "3 breaks", "52 min", "67 %", "3.5 of 10".
    fn value(self, v: f64) -> String {
        match self {
            Self::Hours => format!("{v:.1} h"),
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                reason = "a count, drawn as a whole number"
            )]
            Self::Breaks => crate::core::units::plural(v.round().max(0.0) as u64, "break", None),
            Self::Minutes => format!("{v:.0} min"),
            Self::Percent => format!("{v:.0} %"),
            Self::Score => format!("{v:.1} of 10"),
        }
    }

    /// A tick on the y axis ("2 h", "30 min"); counts only at whole numbers.
    fn tick(self, v: f64) -> String {
        if matches!(self, Self::Breaks) && (v - v.round()).abs() > 1e-6 {
            return String::new();
        }
        match self {
            Self::Hours => format!("{v} h"),
            Self::Breaks | Self::Score => format!("{v}"),
            Self::Minutes => format!("{v} min"),
            Self::Percent => format!("{v} %"),
        }
    }

    /// The top of the axis, whatever the values: a percentage and a score have fixed ranges.
    fn top(self, values: &[Option<f64>]) -> f64 {
        let max = values.iter().flatten().copied().fold(0.0, f64::max);
        match self {
            Self::Percent => 100.0,
            Self::Score => 10.0,
            Self::Hours => max.max(1.0),
            Self::Breaks | Self::Minutes => max.max(4.0),
        }
    }
}

/// One measure over the spans shown: bars for amounts, points for scores and rates.
struct Chart<'a> {
    id: &'static str,
    title: String,
    names: &'a [String],
    values: Vec<Option<f64>>,
    unit: Unit,
}

impl Chart<'_> {
    fn ui(&self, ui: &mut egui::Ui) {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(&self.title).strong());
        let unit = self.unit;
        let named = |i: usize| self.names.get(i).cloned().unwrap_or_default();
        let plot = quiet_plot(self.id, unit.top(&self.values), self.names.to_vec())
            .y_axis_label(unit.axis())
            .y_axis_formatter(move |mark, _| unit.tick(mark.value));
        match unit {
            Unit::Hours | Unit::Breaks | Unit::Minutes => {
                let bars: Vec<Bar> = self
                    .values
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| v.map(|v| Bar::new(x(i), v).width(0.7).name(named(i))))
                    .collect();
                let chart = BarChart::new(self.title.clone(), bars)
                    .color(theme::accent().gamma_multiply(0.6))
                    .element_formatter(Box::new(move |bar, _| format!("{}: {}", bar.name, unit.value(bar.value))));
                plot.show(ui, |p| p.bar_chart(chart));
            }
            Unit::Percent | Unit::Score => {
                let points: PlotPoints<'_> =
                    self.values.iter().enumerate().filter_map(|(i, v)| v.map(|v| [x(i), v])).collect();
                let span_names = self.names.to_vec();
                let plot = plot.label_formatter(move |pos| match pos {
                    egui_plot::HoverPosition::NearDataPoint { index, position, .. } => {
                        // Points are only where there is a value: find the span by its x.
                        let span = span_names
                            .iter()
                            .zip(0u32..)
                            .find(|(_, i)| (f64::from(*i) - position.x).abs() < 0.5)
                            .map_or_else(|| index.to_string(), |(name, _)| name.clone());
                        Some(format!("{span}: {}", unit.value(position.y)))
                    }
                    egui_plot::HoverPosition::Elsewhere { .. } => None,
                });
                plot.show(ui, |p| p.points(Points::new(self.title.clone(), points).radius(4.0).color(theme::accent())));
            }
        }
    }
}

/// The chart's `i`th span on the x axis.
fn x(i: usize) -> f64 {
    f64::from(u32::try_from(i).unwrap_or(u32::MAX))
}

fn hours(secs: u64) -> f64 {
    f64::from(u32::try_from(secs).unwrap_or(u32::MAX)) / 3600.0
}

/// A chart that only shows (no dragging or zooming), from 0 to a little above `top`, with `names`
/// under the whole numbers of the x axis. No legend: each chart has one measure, named above it.
fn quiet_plot(id: &str, top: f64, names: Vec<String>) -> Plot<'static> {
    // About four names fit under a chart: one every `step` spans (a week of days: every 7th).
    let step = f64::from(u32::try_from(names.len().div_ceil(4).max(1)).unwrap_or(1));
    // Three or four numbers up the y axis, at round values.
    let y_step = [0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 50.0, 60.0, 100.0, 200.0, 500.0]
        .into_iter()
        .find(|s| top / s <= 4.0)
        .unwrap_or(1000.0);
    Plot::new(id)
        .x_grid_spacer(egui_plot::uniform_grid_spacer(move |_| [step, step * 2.0, step * 4.0]))
        .y_grid_spacer(egui_plot::uniform_grid_spacer(move |_| [y_step, y_step * 2.0, y_step * 4.0]))
        // Lines across only: upright ones ran through the bars.
        .show_grid([false, true])
        .height(170.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .include_y(top * 1.1)
        .y_axis_min_width(56.0)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            names
                .iter()
                .zip(0u32..)
                .find(|(_, n)| (f64::from(*n) - i).abs() < 0.5)
                .map(|(name, _)| name.clone())
                .unwrap_or_default()
        })
}
