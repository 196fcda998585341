//! The History tab: what happened, by day, week or month, and is it helping? Charts (`egui_plot`)
//! of sitting time with the breaks taken, the longest bout, the completion rate and how the back
//! felt; the numbers of the latest span; the same plain words as `unhunch history`; and Export.
//! The records are read when the tab opens (every machine's file, merged); the panel only shows
//! what it was given and returns what was asked for.

use egui::RichText;
use egui_plot::{Bar, BarChart, Legend, Line, Plot, PlotPoints, Points};

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
            let c = &last.counts;
            let sat = crate::core::units::human(std::time::Duration::from_secs(insights::minutes(last.sat_secs) * 60));
            ui.label(
                RichText::new(format!(
                    "Sat {sat} in {} · {} due · {} started · {} completed · {} ended early · {} natural · {} skipped · {} snoozed · {} held back · {}{}",
                    crate::core::units::plural(u64::from(last.bouts), "bout", None),
                    c.due,
                    c.taken,
                    c.completed,
                    c.ended_early,
                    c.natural,
                    c.skipped,
                    c.snoozed,
                    c.deferred,
                    crate::core::units::plural(u64::from(last.routines_done), "routine", None) + " done",
                    last.back_mean().map_or_else(String::new, |m| format!(" · back {m:.1} of 10")),
                ))
                .color(theme::muted()),
            );
        });
        ui.add_space(8.0);
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(labels::IS_IT_HELPING).strong());
            ui.label(insights::helping(&self.weeks));
        });
    }

    fn charts(&self, ui: &mut egui::Ui, calendar: &Calendar) {
        let spans = self.spans();
        let shown = &spans[spans.len().saturating_sub(SHOWN)..];
        let names: Vec<String> = shown.iter().map(|s| calendar.span_label(self.view, s.start)).collect();
        theme::card().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(labels::CHART_SITTING).strong());
            let bars: Vec<Bar> = shown
                .iter()
                .enumerate()
                .map(|(i, s)| Bar::new(x(i), hours(s.sat_secs)).width(0.7).name(&names[i]))
                .collect();
            let taken = |s: &Span| f64::from(s.counts.completed + s.counts.natural);
            // Headroom above the tallest bar or point, where the legend sits.
            let top = shown.iter().map(|s| hours(s.sat_secs).max(taken(s))).fold(1.0, f64::max);
            let breaks: PlotPoints<'_> = shown.iter().enumerate().map(|(i, s)| [x(i), taken(s)]).collect();
            quiet_plot("history-sitting", top, names).show(ui, |plot| {
                plot.bar_chart(BarChart::new("hours sitting", bars).color(theme::accent().gamma_multiply(0.45)));
                plot.line(Line::new("breaks taken (completed or time away)", breaks).color(theme::accent()).width(2.0));
            });
        });
        ui.add_space(8.0);
        let weeks = &self.weeks[self.weeks.len().saturating_sub(SHOWN)..];
        let week_names: Vec<String> = weeks.iter().map(|w| calendar.short_day(w.start)).collect();
        ui.columns(2, |cols| {
            theme::card().show(&mut cols[0], |ui| {
                ui.label(RichText::new(labels::CHART_LONGEST).strong());
                let minutes =
                    |w: &Span| f64::from(u32::try_from(insights::minutes(w.longest_bout_secs)).unwrap_or(u32::MAX));
                let top = weeks.iter().map(|w| minutes(w).max(100.0 * w.completion_rate())).fold(1.0, f64::max);
                let longest: PlotPoints<'_> = weeks.iter().enumerate().map(|(i, w)| [x(i), minutes(w)]).collect();
                let rate: PlotPoints<'_> =
                    weeks.iter().enumerate().map(|(i, w)| [x(i), 100.0 * w.completion_rate()]).collect();
                quiet_plot("history-longest", top, week_names.clone()).show(ui, |plot| {
                    plot.line(Line::new("longest bout, minutes", longest).color(theme::accent()).width(2.0));
                    plot.line(Line::new("breaks completed, % of due", rate).color(theme::muted()).width(1.5));
                });
            });
            theme::card().show(&mut cols[1], |ui| {
                ui.label(RichText::new(labels::CHART_BACK).strong());
                let back: PlotPoints<'_> =
                    weeks.iter().enumerate().filter_map(|(i, w)| w.back_mean().map(|m| [x(i), m])).collect();
                quiet_plot("history-back", 10.0, week_names).show(ui, |plot| {
                    plot.points(Points::new("back, 0 best to 10 worst", back).radius(4.0).color(theme::accent()));
                });
            });
        });
    }
}

/// The chart's `i`th span on the x axis.
fn x(i: usize) -> f64 {
    f64::from(u32::try_from(i).unwrap_or(u32::MAX))
}

fn hours(secs: u64) -> f64 {
    f64::from(u32::try_from(secs).unwrap_or(u32::MAX)) / 3600.0
}

/// A chart that only shows (no dragging or zooming), from 0 to above `top` so the legend has
/// room, with `names` under the whole numbers of the x axis.
fn quiet_plot(id: &str, top: f64, names: Vec<String>) -> Plot<'static> {
    Plot::new(id)
        .height(170.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .include_y(top * 1.45)
        .legend(Legend::default().position(egui_plot::Corner::LeftTop))
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
