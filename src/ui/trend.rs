//! The readiness chart: daily scores, the threshold line, the planned forecast and the
//! current pace, with a legend beneath.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph};

use super::Theme;
use super::widgets::wrap;
use crate::app::Opened;
use crate::model::forecast::Pace;

/// A line of the chart: its name in the legend, its style and its points.
type Series<'a> = (&'a str, Style, &'a [(f64, f64)]);

/// Days of history shown before today, and of forecast after.
const PAST: i64 = 120;
const AHEAD: i64 = 120;

/// The forecast in words (on two lines where one is too narrow), then the chart.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    opened: &Opened,
    today: chrono::NaiveDate,
    theme: &Theme,
) {
    let title = wrap(&forecast_line(opened), usize::from(area.width), 2);
    let [title_area, chart] =
        Layout::vertical([Constraint::Length(title.len() as u16), Constraint::Min(0)]).areas(area);
    let title: Vec<Line> = title.into_iter().map(|l| Line::styled(l, theme.dim)).collect();
    frame.render_widget(Paragraph::new(title), title_area);
    draw_chart(frame, chart, opened, today, theme);
}

/// The chart with its legend beneath, where there is room for them.
fn draw_chart(
    frame: &mut Frame,
    area: Rect,
    opened: &Opened,
    today: chrono::NaiveDate,
    theme: &Theme,
) {
    if area.width < 20 || area.height < 6 {
        return;
    }
    let [area, legend_area] =
        Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(area);
    let since = today - chrono::Days::new(PAST as u64 + 1);
    let history = opened.data.score_history(since, today, opened.readiness.score);
    let history: Vec<(f64, f64)> =
        history.into_iter().map(|(day, score)| ((day - today).num_days() as f64, score)).collect();
    let planned: Vec<(f64, f64)> = opened
        .forecast
        .iter()
        .flat_map(|f| &f.planned_curve)
        .map(|(day, score)| ((*day - today).num_days() as f64, *score))
        .filter(|(x, _)| *x <= AHEAD as f64)
        .collect();
    let threshold = f64::from(opened.readiness.threshold);
    let line = [(-PAST as f64, threshold), (AHEAD as f64, threshold)];
    // The current pace carried on from today's score.
    let pace: Vec<(f64, f64)> = match opened.forecast.as_ref().map(|f| f.pace) {
        Some(Pace::Fitted { points_per_day, .. }) => {
            let now = opened.readiness.score;
            vec![(0.0, now), (AHEAD as f64, now + points_per_day * AHEAD as f64)]
        }
        _ => Vec::new(),
    };
    let threshold_name = format!("threshold {}", opened.readiness.threshold);
    let series: [Series; 4] = [
        (&threshold_name, theme.warn, &line),
        ("plan", theme.dim, &planned),
        ("pace", theme.good, &pace),
        ("history", theme.accent, &history),
    ];
    let datasets = series
        .iter()
        .map(|(_, style, data)| {
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(*style)
                .data(data)
        })
        .collect();
    let legend = series.iter().rev().flat_map(|(name, style, _)| {
        [Span::styled("━ ", *style), Span::styled(format!("{name} "), theme.dim)]
    });
    frame.render_widget(Paragraph::new(Line::from(legend.collect::<Vec<_>>())), legend_area);
    let chart = Chart::new(datasets)
        .x_axis(Axis::default().bounds([-PAST as f64, AHEAD as f64]).labels([
            Span::raw(format!("-{PAST} d")),
            Span::raw("today"),
            Span::raw(format!("+{AHEAD} d")),
        ]))
        .y_axis(Axis::default().bounds([0.0, 100.0]).labels([
            Span::raw("0"),
            Span::raw("50"),
            Span::raw("100"),
        ]));
    frame.render_widget(chart, area);
}

/// When the threshold is reached on plan and at the current pace, in one line.
pub fn forecast_line(opened: &Opened) -> String {
    let Some(forecast) = &opened.forecast else {
        return format!("Threshold {}: forecasting…", opened.readiness.threshold);
    };
    format!("Threshold {}: {}", opened.readiness.threshold, forecast.summary())
}
