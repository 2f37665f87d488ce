//! The report as one self-contained HTML file: inline CSS and SVG, no scripts, no requests;
//! prints on A4. Built with maud, whose templates escape every value put into them (only the
//! style sheet goes in as it is); text from the records is sanitised first, as on the
//! terminal, so control characters and bidi overrides never reach the page either.

mod charts;

use maud::{Markup, PreEscaped};

use super::executive::Rag;
use super::{Report, Section, TaskLine, TextTable, chart, date};
use crate::model::text::sanitize;

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1f24;\
max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.4}h1{margin-bottom:.2rem}\
h2{border-bottom:1px solid #ccd;padding-bottom:.2rem;margin-top:2rem}table{border-collapse:collapse;\
width:100%;margin:.5rem 0}th,td{border:1px solid #ccd;padding:.25rem .5rem;text-align:left;\
vertical-align:top}th{background:#f2f4f8}.num{text-align:right}.bad{color:#b3261e;font-weight:600}\
.muted{color:#667}.rag{font-weight:700;color:#fff;text-align:center}.red{background:#b3261e}\
.amber{background:#b26a00}.green{background:#2e7d32}svg{max-width:100%;height:auto}.score{font-size:2rem;font-weight:700}\
@page{size:A4;margin:15mm}@media print{body{margin:0;max-width:none}h2{break-after:avoid}\
table,svg{break-inside:avoid}}";

pub fn html(report: &Report) -> String {
    let e = &report.engagement;
    let title = format!("{} · {}", sanitize(&e.client), sanitize(&e.name));
    let page = maud::html! {
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { (title) }
                p.muted {
                    "Status report of " (report.as_of.to_string())
                    " · phase " strong { (e.phase.label()) }
                    " · planned transfer " (date(e.planned_transfer_date))
                }
                p.muted { (sanitize(&report.byline())) }
                @if let Some(note) = report.records_note() { p.muted { (note) } }
                @for section in report.summary_sections() { (section_html(&section)) }
                (phases(report))
                (readiness(report))
                (risks(&report.risks))
                h2 { "Next best actions" }
                (text_table(&report.actions_table()))
                (open_tasks(report))
                (documentation(report))
                @for section in report.closing_sections() { (section_html(&section)) }
            }
        }
    };
    format!("<!DOCTYPE html>\n{}\n", page.into_string())
}

fn phases(report: &Report) -> Markup {
    let unmet = report.phases.iter().find(|p| p.current).filter(|p| !p.gate_unmet.is_empty());
    maud::html! {
        h2 { "Phases and gates" }
        @if let Some(timeline) = chart::timeline(report) { (charts::svg(&timeline)) }
        (text_table(&report.phases_table()))
        @if let Some(current) = unmet {
            p { "Unmet criteria of the " (current.phase.label()) " gate:" }
            (list(&current.gate_unmet))
        }
        @for o in &report.gate_overrides {
            p.bad { "Gate override " (sanitize(o.day())) ": " (sanitize(&o.summary)) }
        }
    }
}

fn readiness(report: &Report) -> Markup {
    let r = &report.readiness;
    maud::html! {
        h2 { "Readiness" }
        p {
            span.score { (format!("{:.1}", r.score)) }
            " / 100 · level " (r.level.to_string()) " " (r.level.label())
            " · threshold " (r.threshold)
        }
        (charts::svg(&chart::dimensions(report)))
        (text_table(&report.dimensions_table()))
        p { (sanitize(&report.losses_words())) }
        (text_table(&report.costliest_table()))
        (charts::svg(&chart::trend(report)))
        p {
            "Trend: " (sanitize(&report.trend.words)) ". Forecast for the threshold "
            (r.threshold) ": " (report.forecast.summary()) "."
        }
        @if !report.forecast.late.is_empty() {
            p { (Report::LATE_WORDS) }
            (list(&report.late_lines()))
        }
        @if !r.missing_for_next.is_empty() {
            p { "Missing for the next level:" }
            (list(&r.missing_for_next))
        }
    }
}

fn risks(risks: &[String]) -> Markup {
    maud::html! {
        h2 { "Risks" }
        @if risks.is_empty() {
            p { "None seen." }
        } @else {
            ul { @for risk in risks { li.bad { (sanitize(risk)) } } }
        }
    }
}

fn open_tasks(report: &Report) -> Markup {
    maud::html! {
        h2 { "Open tasks" }
        @for phase in &report.open_tasks {
            h3 { (phase.phase.label()) }
            table {
                tr { th { "Task" } th { "Status" } th { "Side" } th { "Due" } }
                @for TaskLine { task, overdue } in &phase.tasks {
                    tr {
                        td { (sanitize(&task.title)) }
                        td { (task.status.label()) }
                        td { (sanitize(&task.who())) }
                        td {
                            @if *overdue {
                                span.bad { (date(task.due_date)) " overdue" }
                            } @else {
                                (date(task.due_date))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn documentation(report: &Report) -> Markup {
    maud::html! {
        h2 { "Documentation" }
        (charts::svg(&chart::documentation(report)))
        (text_table(&report.docs_table()))
    }
}

fn section_html(section: &Section) -> Markup {
    maud::html! {
        h2 { (section.heading) }
        @for sentence in &section.sentences { p { (sanitize(sentence)) } }
        @for table in section.tables.iter().filter(|t| !t.rows.is_empty()) { (text_table(table)) }
    }
}

fn text_table(table: &TextTable) -> Markup {
    maud::html! {
        table {
            tr { @for header in &table.headers { th { (header) } } }
            @for row in &table.rows {
                tr {
                    @for (cell, header) in row.iter().zip(&table.headers) {
                        td class=[status_class(header, cell)] { (sanitize(cell)) }
                    }
                }
            }
        }
    }
}

/// The colour of a cell showing a RAG status.
fn status_class(header: &str, cell: &str) -> Option<&'static str> {
    super::cell_status(header, cell).map(|rag| match rag {
        Rag::Red => "rag red",
        Rag::Amber => "rag amber",
        Rag::Green => "rag green",
    })
}

/// A bulleted list of plain text.
fn list(items: &[String]) -> Markup {
    maud::html! { ul { @for item in items { li { (sanitize(item)) } } } }
}
