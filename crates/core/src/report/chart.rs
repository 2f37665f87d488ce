//! The report's pictures as shapes, drawn by the HTML report as inline SVG and by the PDF as
//! vector paths: the readiness trend, horizontal bars and the phase timeline. Coordinates are
//! in a box `width` × `height` with y growing downwards, as in SVG.

use chrono::NaiveDate;

use super::Report;
use crate::model::percent_text;
use crate::model::text::sanitize;

/// Where a text's x is: at its start, middle or end.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A colour as `#rrggbb`.
pub type Colour = &'static str;

pub const ACCENT: Colour = "#1f6feb";
pub const BAD: Colour = "#b3261e";
pub const FRAME: Colour = "#ccd";
pub const MUTED: Colour = "#667";

#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Colour,
        stroke: Option<Colour>,
    },
    /// A line through `points`; `dash` is the lengths of dash and gap.
    Line {
        points: Vec<(f64, f64)>,
        stroke: Colour,
        width: f64,
        dash: Option<(f64, f64)>,
    },
    Text {
        x: f64,
        y: f64,
        size: f64,
        anchor: Anchor,
        text: String,
    },
}

/// A picture: its size, what it shows in words, and its shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub label: &'static str,
    pub width: f64,
    pub height: f64,
    pub shapes: Vec<Shape>,
}

fn line(points: Vec<(f64, f64)>, stroke: Colour, width: f64, dash: Option<(f64, f64)>) -> Shape {
    Shape::Line { points, stroke, width, dash }
}

fn text(x: f64, y: f64, size: f64, anchor: Anchor, text: impl Into<String>) -> Shape {
    Shape::Text { x, y, size, anchor, text: text.into() }
}

/// The score over time, the threshold and the planned forecast.
pub fn trend(report: &Report) -> Chart {
    let (w, h, pad) = (600.0, 180.0, 30.0);
    let first = report.trend.history.first().map_or(report.as_of, |(d, _)| *d);
    let last =
        report.forecast.planned_curve.last().map_or(report.as_of, |(d, _)| *d).max(report.as_of);
    let span = (last - first).num_days().max(1) as f64;
    let x = |d: NaiveDate| pad + (d - first).num_days() as f64 / span * (w - 2.0 * pad);
    let y = |score: f64| h - pad - score / 100.0 * (h - 2.0 * pad);
    let points = |series: &[(NaiveDate, f64)]| series.iter().map(|(d, s)| (x(*d), y(*s))).collect();
    let threshold = f64::from(report.readiness.threshold);
    let (today, label_y, line_y) = (x(report.as_of), h - pad + 14.0, y(threshold));
    let shapes = vec![
        Shape::Rect {
            x: pad,
            y: pad,
            w: w - 2.0 * pad,
            h: h - 2.0 * pad,
            fill: "#fafbfd",
            stroke: Some(FRAME),
        },
        line(vec![(pad, line_y), (w - pad, line_y)], "#b58900", 1.0, Some((4.0, 3.0))),
        text(w - pad, line_y - 3.0, 10.0, Anchor::End, format!("threshold {threshold}")),
        line(points(&report.forecast.planned_curve), "#8a93a6", 1.0, Some((2.0, 3.0))),
        line(points(&report.trend.history), ACCENT, 2.0, None),
        line(vec![(today, pad), (today, h - pad)], MUTED, 1.0, None),
        text(today, label_y, 10.0, Anchor::Middle, "today"),
        text(pad, label_y, 10.0, Anchor::Start, first.to_string()),
        text(w - pad, label_y, 10.0, Anchor::End, last.to_string()),
    ];
    Chart { label: "Readiness trend", width: w, height: h, shapes }
}

/// One horizontal bar per row: label, share filled, and the caption after it.
pub fn bars(rows: &[(String, f64, String)], label: &'static str) -> Chart {
    // Room after the bar for the longest caption, "100.0 % × weight 25.0 % → 25.0 pts".
    let (row_h, w, bar_x, bar_w) = (22.0, 640.0, 170.0, 200.0);
    let mut shapes = Vec::new();
    for (i, (name, ratio, caption)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        shapes.extend([
            text(0.0, y + 12.0, 12.0, Anchor::Start, sanitize(name)),
            Shape::Rect { x: bar_x, y, w: bar_w, h: 14.0, fill: "#e6e9f0", stroke: None },
            Shape::Rect {
                x: bar_x,
                y,
                w: ratio.clamp(0.0, 1.0) * bar_w,
                h: 14.0,
                fill: ACCENT,
                stroke: None,
            },
            text(bar_x + bar_w + 8.0, y + 12.0, 12.0, Anchor::Start, sanitize(caption)),
        ]);
    }
    Chart { label, width: w, height: row_h * rows.len() as f64 + 4.0, shapes }
}

/// Each readiness dimension's bar: its value, with weight and points after it.
pub fn dimensions(report: &Report) -> Chart {
    let rows: Vec<(String, f64, String)> = report
        .readiness
        .dimensions
        .iter()
        .map(|d| {
            let (value, weight) = (percent_text(d.value), percent_text(d.weight));
            let caption = format!("{value} × weight {weight} → {:.1} pts", d.points);
            (d.dimension.label().to_string(), d.value, caption)
        })
        .collect();
    bars(&rows, "Readiness dimensions")
}

/// Each documentation category's bar: the share of its applicable items approved.
pub fn documentation(report: &Report) -> Chart {
    let rows: Vec<(String, f64, String)> = report
        .docs
        .iter()
        .map(|c| {
            let ratio =
                if c.applicable == 0 { 0.0 } else { c.approved as f64 / c.applicable as f64 };
            (c.category.clone(), ratio, format!("{} of {} approved", c.approved, c.applicable))
        })
        .collect();
    bars(&rows, "Documentation progress per category")
}

/// Planned and actual bars per phase on one date axis, with today marked; nothing when no
/// phase has a date.
pub fn timeline(report: &Report) -> Option<Chart> {
    let dates: Vec<NaiveDate> = report
        .phases
        .iter()
        .flat_map(|p| [p.planned_start, p.planned_end, p.actual_start, p.actual_end])
        .flatten()
        .chain([report.as_of])
        .collect();
    let (first, last) = (*dates.iter().min()?, *dates.iter().max()?);
    let (w, label_w, row_h) = (600.0, 90.0, 30.0);
    let span = (last - first).num_days().max(1) as f64;
    let x = |d: NaiveDate| label_w + (d - first).num_days() as f64 / span * (w - label_w - 10.0);
    let bar = |from: NaiveDate, to: NaiveDate, y: f64, fill: Colour| Shape::Rect {
        x: x(from),
        y,
        w: (x(to) - x(from)).max(1.0),
        h: 9.0,
        fill,
        stroke: None,
    };
    let height = row_h * report.phases.len() as f64 + 20.0;
    let mut shapes = Vec::new();
    for (i, p) in report.phases.iter().enumerate() {
        let y = i as f64 * row_h;
        shapes.push(text(0.0, y + 14.0, 12.0, Anchor::Start, p.phase.label()));
        if let (Some(s), Some(e)) = (p.planned_start, p.planned_end) {
            shapes.push(bar(s, e, y + 2.0, "#c9d1e0"));
        }
        if let Some(s) = p.actual_start {
            shapes.push(bar(s, p.actual_end.unwrap_or(report.as_of), y + 13.0, ACCENT));
        }
    }
    let today = x(report.as_of);
    shapes.extend([
        line(vec![(today, 0.0), (today, height - 18.0)], BAD, 1.0, None),
        text(today, height - 6.0, 10.0, Anchor::Middle, "today"),
        text(
            label_w,
            height - 6.0,
            10.0,
            Anchor::Start,
            format!("{first} · planned (light), actual (dark)"),
        ),
    ]);
    Some(Chart { label: "Phase timeline", width: w, height, shapes })
}
