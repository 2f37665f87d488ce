//! The report as one self-contained HTML file: inline CSS and SVG, no scripts, no requests,
//! every text escaped; prints on A4.

use chrono::NaiveDate;

use super::TextTable;
use super::health::sections;
use super::{Report, date};
use crate::model::percent_text;
use crate::model::text::sanitize;

/// Text safe in HTML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in sanitize(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1f24;\
max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}h1{margin-bottom:.2rem}\
h2{border-bottom:1px solid #ccd;padding-bottom:.2rem;margin-top:2rem}table{border-collapse:collapse;\
width:100%;margin:.5rem 0}th,td{border:1px solid #ccd;padding:.25rem .5rem;text-align:left;\
vertical-align:top}th{background:#f2f4f8}.num{text-align:right}.bad{color:#b3261e;font-weight:600}\
.muted{color:#667}svg{max-width:100%;height:auto}.score{font-size:2rem;font-weight:700}\
@page{size:A4;margin:15mm}@media print{body{margin:0;max-width:none}h2{break-after:avoid}\
table,svg{break-inside:avoid}}";

fn text_table(table: &TextTable) -> String {
    let cells = |tag: &str, cells: Vec<String>| {
        cells.iter().map(|c| format!("<{tag}>{c}</{tag}>")).collect::<String>()
    };
    let mut out =
        format!("<table><tr>{}</tr>", cells("th", table.headers.iter().map(|h| esc(h)).collect()));
    for row in &table.rows {
        out += &format!("<tr>{}</tr>", cells("td", row.iter().map(|c| esc(c)).collect()));
    }
    out + "</table>"
}

/// A bulleted list of plain text.
fn list(items: &[String]) -> String {
    format!("<ul>{}</ul>", items.iter().map(|i| format!("<li>{}</li>", esc(i))).collect::<String>())
}

/// The score over time, the threshold and the planned forecast.
fn trend_svg(report: &Report) -> String {
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
            .map(|(d, s)| format!("{:.1},{:.1}", x(*d), y(*s)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let threshold = f64::from(report.readiness.threshold);
    format!(
        "<svg viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Readiness trend\">\
         <rect x=\"{pad}\" y=\"{pad}\" width=\"{iw}\" height=\"{ih}\" fill=\"#fafbfd\" stroke=\"#ccd\"/>\
         <line x1=\"{pad}\" x2=\"{x2}\" y1=\"{ty:.1}\" y2=\"{ty:.1}\" stroke=\"#b58900\" stroke-dasharray=\"4 3\"/>\
         <text x=\"{x2}\" y=\"{tl:.1}\" font-size=\"10\" text-anchor=\"end\">threshold {threshold}</text>\
         <polyline fill=\"none\" stroke=\"#8a93a6\" stroke-dasharray=\"2 3\" points=\"{planned}\"/>\
         <polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" points=\"{history}\"/>\
         <line x1=\"{tx:.1}\" x2=\"{tx:.1}\" y1=\"{pad}\" y2=\"{yb}\" stroke=\"#667\"/>\
         <text x=\"{tx:.1}\" y=\"{yl}\" font-size=\"10\" text-anchor=\"middle\">today</text>\
         <text x=\"{pad}\" y=\"{yl}\" font-size=\"10\">{first}</text>\
         <text x=\"{x2}\" y=\"{yl}\" font-size=\"10\" text-anchor=\"end\">{last}</text></svg>",
        iw = w - 2.0 * pad,
        ih = h - 2.0 * pad,
        x2 = w - pad,
        ty = y(threshold),
        tl = y(threshold) - 3.0,
        planned = points(&report.forecast.planned_curve),
        history = points(&report.trend.history),
        tx = x(report.as_of),
        yb = h - pad,
        yl = h - pad + 14.0,
    )
}

/// One horizontal bar per row: label, share filled, and the text after it.
fn bars_svg(rows: &[(String, f64, String)], label: &str) -> String {
    let (row_h, w, bar_x, bar_w) = (22.0, 600.0, 170.0, 240.0);
    let mut svg = format!(
        "<svg viewBox=\"0 0 {w} {}\" role=\"img\" aria-label=\"{}\">",
        row_h * rows.len() as f64 + 4.0,
        esc(label)
    );
    for (i, (name, ratio, text)) in rows.iter().enumerate() {
        let y = i as f64 * row_h + 4.0;
        svg += &format!(
            "<text x=\"0\" y=\"{:.1}\" font-size=\"12\">{}</text>\
             <rect x=\"{bar_x}\" y=\"{y:.1}\" width=\"{bar_w}\" height=\"14\" fill=\"#e6e9f0\"/>\
             <rect x=\"{bar_x}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"14\" fill=\"#1f6feb\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\">{}</text>",
            y + 12.0,
            esc(name),
            ratio.clamp(0.0, 1.0) * bar_w,
            bar_x + bar_w + 8.0,
            y + 12.0,
            esc(text)
        );
    }
    svg + "</svg>"
}

/// Planned and actual bars per phase on one date axis, with today marked.
fn timeline_svg(report: &Report) -> String {
    let dates: Vec<NaiveDate> = report
        .phases
        .iter()
        .flat_map(|p| [p.planned_start, p.planned_end, p.actual_start, p.actual_end])
        .flatten()
        .chain([report.as_of])
        .collect();
    let (Some(first), Some(last)) = (dates.iter().min().copied(), dates.iter().max().copied())
    else {
        return String::new();
    };
    let (w, label_w, row_h) = (600.0, 90.0, 30.0);
    let span = (last - first).num_days().max(1) as f64;
    let x = |d: NaiveDate| label_w + (d - first).num_days() as f64 / span * (w - label_w - 10.0);
    let height = row_h * report.phases.len() as f64 + 20.0;
    let mut svg =
        format!("<svg viewBox=\"0 0 {w} {height}\" role=\"img\" aria-label=\"Phase timeline\">");
    for (i, p) in report.phases.iter().enumerate() {
        let y = i as f64 * row_h;
        svg += &format!(
            "<text x=\"0\" y=\"{:.1}\" font-size=\"12\">{}</text>",
            y + 14.0,
            p.phase.label()
        );
        if let (Some(s), Some(e)) = (p.planned_start, p.planned_end) {
            svg += &format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"9\" fill=\"#c9d1e0\"/>",
                x(s),
                y + 2.0,
                (x(e) - x(s)).max(1.0)
            );
        }
        if let Some(s) = p.actual_start {
            let e = p.actual_end.unwrap_or(report.as_of);
            svg += &format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"9\" fill=\"#1f6feb\"/>",
                x(s),
                y + 13.0,
                (x(e) - x(s)).max(1.0)
            );
        }
    }
    let t = x(report.as_of);
    svg += &format!(
        "<line x1=\"{t:.1}\" x2=\"{t:.1}\" y1=\"0\" y2=\"{:.1}\" stroke=\"#b3261e\"/>\
         <text x=\"{t:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\">today</text>\
         <text x=\"{label_w}\" y=\"{:.1}\" font-size=\"10\">{first} · planned (light), actual (dark)</text></svg>",
        height - 18.0,
        height - 6.0,
        height - 6.0
    );
    svg
}

pub fn html(report: &Report) -> String {
    let e = &report.engagement;
    let r = &report.readiness;
    let title = format!("{} · {}", esc(&e.client), esc(&e.name));
    let mut body = format!(
        "<h1>{title}</h1><p class=\"muted\">Status report of {} · phase <strong>{}</strong> · planned transfer {}</p>",
        report.as_of,
        e.phase.label(),
        date(e.planned_transfer_date)
    );

    if let Some(note) = report.records_note() {
        body += &format!("<p class=\"muted\">{}</p>", esc(&note));
    }
    body += "<h2>Phases and gates</h2>";
    body += &timeline_svg(report);
    body += "<table><tr><th>Phase</th><th>Planned</th><th>Actual</th><th>Tasks done</th><th>Gate</th></tr>";
    for p in &report.phases {
        let gate = if p.gate_met == p.gate_blocking {
            "met".to_string()
        } else {
            format!("{} of {} met", p.gate_met, p.gate_blocking)
        };
        body += &format!(
            "<tr><td>{}{}</td><td>{} – {}</td><td>{} – {}</td><td class=\"num\">{} of {}</td><td>{gate}</td></tr>",
            p.phase.label(),
            if p.current { " (current)" } else { "" },
            date(p.planned_start),
            date(p.planned_end),
            date(p.actual_start),
            date(p.actual_end),
            p.tasks_done,
            p.tasks
        );
    }
    body += "</table>";
    if let Some(current) =
        report.phases.iter().find(|p| p.current).filter(|p| !p.gate_unmet.is_empty())
    {
        body += &format!("<p>Unmet criteria of the {} gate:</p>", current.phase.label());
        body += &list(&current.gate_unmet);
    }
    for o in &report.gate_overrides {
        body += &format!(
            "<p class=\"bad\">Gate override {}: {}</p>",
            esc(o.at.get(..10).unwrap_or(&o.at)),
            esc(&o.summary)
        );
    }

    body += &format!(
        "<h2>Readiness</h2><p><span class=\"score\">{:.1}</span> / 100 · level {} {} · threshold {}</p>",
        r.score,
        r.level,
        r.level.label(),
        r.threshold
    );
    let dims: Vec<(String, f64, String)> = r
        .dimensions
        .iter()
        .map(|d| {
            (
                d.dimension.label().to_string(),
                d.value,
                format!(
                    "{} × weight {} → {:.1} pts",
                    percent_text(d.value),
                    percent_text(d.weight),
                    d.points
                ),
            )
        })
        .collect();
    body += &bars_svg(&dims, "Readiness dimensions");
    body += &text_table(&report.dimensions_table());
    body += &format!("<p>{}</p>", esc(&report.losses_words()));
    body += &text_table(&report.losses_table());
    body += &trend_svg(report);
    body += &format!(
        "<p>Trend: {}. Forecast for the threshold {}: {}.</p>",
        esc(&report.trend.words),
        r.threshold,
        report.forecast.summary()
    );
    if !report.forecast.late.is_empty() {
        body += &format!("<p>{}</p>", Report::LATE_WORDS);
        body += &list(&report.late_lines());
    }
    if !r.missing_for_next.is_empty() {
        body += "<p>Missing for the next level:</p>";
        body += &list(&r.missing_for_next);
    }

    body += "<h2>Risks</h2>";
    body += &if report.risks.is_empty() {
        "<p>None seen.</p>".to_string()
    } else {
        format!(
            "<ul>{}</ul>",
            report
                .risks
                .iter()
                .map(|r| format!("<li class=\"bad\">{}</li>", esc(r)))
                .collect::<String>()
        )
    };
    body += "<h2>Next best actions</h2>";
    body += &text_table(&report.actions_table());
    body += "<h2>Open tasks</h2>";
    for phase in &report.open_tasks {
        body += &format!(
            "<h3>{}</h3><table><tr><th>Task</th><th>Status</th><th>Side</th><th>Due</th></tr>",
            phase.phase.label()
        );
        for t in &phase.tasks {
            let due = if t.overdue {
                format!("<span class=\"bad\">{} overdue</span>", date(t.due_date))
            } else {
                date(t.due_date)
            };
            body += &format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{due}</td></tr>",
                esc(&t.title),
                t.status.label(),
                t.side.label()
            );
        }
        body += "</table>";
    }

    body += "<h2>Documentation</h2>";
    let categories: Vec<(String, f64, String)> = report
        .docs
        .iter()
        .map(|c| {
            let ratio =
                if c.applicable == 0 { 0.0 } else { c.approved as f64 / c.applicable as f64 };
            (c.category.clone(), ratio, format!("{} of {} approved", c.approved, c.applicable))
        })
        .collect();
    body += &bars_svg(&categories, "Documentation progress per category");
    body += &text_table(&report.docs_table());
    for section in sections(&report.health, &report.lessons) {
        body += &format!("<h2>{}</h2>", section.heading);
        for sentence in &section.sentences {
            body += &format!("<p>{}</p>", esc(sentence));
        }
        for table in section.tables.iter().filter(|t| !t.rows.is_empty()) {
            body += &text_table(table);
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body>{body}</body></html>\n"
    )
}
