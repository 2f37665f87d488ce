//! The readiness chart: daily scores, the threshold line, and the planned forecast.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Chart, Dataset, GraphType};

use super::Theme;
use crate::app::Opened;

/// Days of history shown before today, and of forecast after.
const PAST: i64 = 120;
const AHEAD: i64 = 120;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    opened: &Opened,
    today: chrono::NaiveDate,
    theme: &Theme,
) {
    if area.width < 20 || area.height < 5 {
        return;
    }
    let history: Vec<(f64, f64)> = opened
        .data
        .snapshots
        .iter()
        .map(|s| ((s.day - today).num_days() as f64, s.score))
        .filter(|(x, _)| *x >= -PAST as f64)
        .collect();
    let planned: Vec<(f64, f64)> = opened
        .forecast
        .iter()
        .flat_map(|f| &f.planned_curve)
        .map(|(day, score)| ((*day - today).num_days() as f64, *score))
        .filter(|(x, _)| *x <= AHEAD as f64)
        .collect();
    let threshold = f64::from(opened.readiness.threshold);
    let line = [(-PAST as f64, threshold), (AHEAD as f64, threshold)];
    let datasets = vec![
        Dataset::default()
            .name(format!("threshold {}", opened.readiness.threshold))
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.warn)
            .data(&line),
        Dataset::default()
            .name("planned")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.dim)
            .data(&planned),
        Dataset::default()
            .name("score")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.accent)
            .data(&history),
    ];
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
