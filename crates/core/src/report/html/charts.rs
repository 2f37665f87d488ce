//! The HTML report's pictures as inline SVG: the readiness trend, horizontal bars and the
//! phase timeline. Coordinates are written with one decimal.

use chrono::NaiveDate;
use maud::{Markup, html};

use super::super::Report;
use crate::model::text::sanitize;

/// A coordinate as the SVG attributes write it.
fn at(v: f64) -> String {
    format!("{v:.1}")
}

/// The score over time, the threshold and the planned forecast.
pub fn trend(report: &Report) -> Markup {
    let (w, h, pad) = (600.0, 180.0, 30.0);
    let first = report.trend.history.first().map_or(report.as_of, |(d, _)| *d);
    let last =
        report.forecast.planned_curve.last().map_or(report.as_of, |(d, _)| *d).max(report.as_of);
    let span = (last - first).num_days().max(1) as f64;
    let x = |d: NaiveDate| pad + (d - first).num_days() as f64 / span * (w - 2.0 * pad);
    let y = |score: f64| h - pad - score / 100.0 * (h - 2.0 * pad);
    let points = |series: &[(NaiveDate, f64)]| {
        series
            .iter()
            .map(|(d, s)| format!("{},{}", at(x(*d)), at(y(*s))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let threshold = f64::from(report.readiness.threshold);
    let (today, label_y, line_y) = (at(x(report.as_of)), h - pad + 14.0, at(y(threshold)));
    html! {
        svg viewBox=(format!("0 0 {w} {h}")) role="img" aria-label="Readiness trend" {
            rect x=(pad) y=(pad) width=(w - 2.0 * pad) height=(h - 2.0 * pad)
                fill="#fafbfd" stroke="#ccd" {}
            line x1=(pad) x2=(w - pad) y1=(line_y) y2=(line_y)
                stroke="#b58900" stroke-dasharray="4 3" {}
            text x=(w - pad) y=(at(y(threshold) - 3.0)) font-size="10" text-anchor="end" {
                "threshold " (threshold)
            }
            polyline fill="none" stroke="#8a93a6" stroke-dasharray="2 3"
                points=(points(&report.forecast.planned_curve)) {}
            polyline fill="none" stroke="#1f6feb" stroke-width="2"
                points=(points(&report.trend.history)) {}
            line x1=(today) x2=(today) y1=(pad) y2=(h - pad) stroke="#667" {}
            text x=(today) y=(label_y) font-size="10" text-anchor="middle" { "today" }
            text x=(pad) y=(label_y) font-size="10" { (first.to_string()) }
            text x=(w - pad) y=(label_y) font-size="10" text-anchor="end" { (last.to_string()) }
        }
    }
}

/// One horizontal bar per row: label, share filled, and the caption after it.
pub fn bars(rows: &[(String, f64, String)], label: &str) -> Markup {
    let (row_h, w, bar_x, bar_w) = (22.0, 600.0, 170.0, 240.0);
    let height = row_h * rows.len() as f64 + 4.0;
    html! {
        svg viewBox=(format!("0 0 {w} {height}")) role="img" aria-label=(label) {
            @for (i, (name, ratio, caption)) in rows.iter().enumerate() {
                @let y = i as f64 * row_h + 4.0;
                text x="0" y=(at(y + 12.0)) font-size="12" { (sanitize(name)) }
                rect x=(bar_x) y=(at(y)) width=(bar_w) height="14" fill="#e6e9f0" {}
                rect x=(bar_x) y=(at(y)) width=(at(ratio.clamp(0.0, 1.0) * bar_w)) height="14"
                    fill="#1f6feb" {}
                text x=(at(bar_x + bar_w + 8.0)) y=(at(y + 12.0)) font-size="12" {
                    (sanitize(caption))
                }
            }
        }
    }
}

/// Planned and actual bars per phase on one date axis, with today marked; nothing when no
/// phase has a date.
pub fn timeline(report: &Report) -> Markup {
    let dates: Vec<NaiveDate> = report
        .phases
        .iter()
        .flat_map(|p| [p.planned_start, p.planned_end, p.actual_start, p.actual_end])
        .flatten()
        .chain([report.as_of])
        .collect();
    let (Some(first), Some(last)) = (dates.iter().min().copied(), dates.iter().max().copied())
    else {
        return Markup::default();
    };
    let (w, label_w, row_h) = (600.0, 90.0, 30.0);
    let span = (last - first).num_days().max(1) as f64;
    let x = |d: NaiveDate| label_w + (d - first).num_days() as f64 / span * (w - label_w - 10.0);
    let bar_width = |from: NaiveDate, to: NaiveDate| at((x(to) - x(from)).max(1.0));
    let height = row_h * report.phases.len() as f64 + 20.0;
    let today = at(x(report.as_of));
    html! {
        svg viewBox=(format!("0 0 {w} {height}")) role="img" aria-label="Phase timeline" {
            @for (i, p) in report.phases.iter().enumerate() {
                @let y = i as f64 * row_h;
                text x="0" y=(at(y + 14.0)) font-size="12" { (p.phase.label()) }
                @if let (Some(s), Some(e)) = (p.planned_start, p.planned_end) {
                    rect x=(at(x(s))) y=(at(y + 2.0)) width=(bar_width(s, e)) height="9"
                        fill="#c9d1e0" {}
                }
                @if let Some(s) = p.actual_start {
                    @let e = p.actual_end.unwrap_or(report.as_of);
                    rect x=(at(x(s))) y=(at(y + 13.0)) width=(bar_width(s, e)) height="9"
                        fill="#1f6feb" {}
                }
            }
            line x1=(today) x2=(today) y1="0" y2=(at(height - 18.0)) stroke="#b3261e" {}
            text x=(today) y=(at(height - 6.0)) font-size="10" text-anchor="middle" { "today" }
            text x=(label_w) y=(at(height - 6.0)) font-size="10" {
                (first.to_string()) " · planned (light), actual (dark)"
            }
        }
    }
}
