//! The report as CommonMark: headings, lists and pipe tables.

use super::{Report, TaskLine, date};
use super::{Section, TextTable};
use crate::model::text::sanitize;

/// Text safe inside a Markdown table cell or line: one line, no raw HTML, pipes escaped.
fn cell(text: &str) -> String {
    sanitize(text)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('*', "\\*")
        .replace('_', "\\_")
        .replace('`', "\\`")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

pub fn markdown(report: &Report) -> String {
    let e = &report.engagement;
    let r = &report.readiness;
    let mut out = format!("# {} · {}\n\n", cell(&e.client), cell(&e.name));
    out += &format!(
        "Status report of {} · phase **{}** · planned transfer {}\n\n",
        report.as_of,
        e.phase.label(),
        date(e.planned_transfer_date)
    );
    out += &format!("{}\n\n", cell(&report.byline()));
    if let Some(note) = report.records_note() {
        out += &format!("{note}\n\n");
    }
    for section in report.summary_sections() {
        out += &section_text(&section);
    }
    out += "\n";

    out += "## Phases and gates\n";
    out += &text_table(&report.phases_table());
    if let Some(current) =
        report.phases.iter().find(|p| p.current).filter(|p| !p.gate_unmet.is_empty())
    {
        out += &format!("\nUnmet criteria of the {} gate:\n\n", current.phase.label());
        out += &list(&current.gate_unmet);
    }
    for o in &report.gate_overrides {
        out += &format!("\n**Gate override** {}: {}\n", cell(o.day()), cell(&o.summary));
    }

    out += &format!(
        "\n## Readiness\n\n**{:.1} / 100** · level {} {} · threshold {}\n\n",
        r.score,
        r.level,
        r.level.label(),
        r.threshold
    );
    out += &text_table(&report.dimensions_table());
    out += &format!("\n{}\n", report.losses_words());
    out += &text_table(&report.costliest_table());
    out += &format!("\nTrend: {}.\n\n", report.trend.words);
    out += &format!("Forecast for the threshold {}: {}.\n", r.threshold, report.forecast.summary());
    if !report.forecast.late.is_empty() {
        out += &format!("\n{}\n\n", Report::LATE_WORDS);
        out += &list(&report.late_lines());
    }
    if !r.missing_for_next.is_empty() {
        out += "\nMissing for the next level:\n\n";
        out += &list(&r.missing_for_next);
    }
    out += "\n## Risks\n\n";
    if report.risks.is_empty() {
        out += "None seen.\n";
    }
    for risk in &report.risks {
        out += &format!("- {}\n", cell(risk));
    }
    out += "\n## Next best actions\n";
    out += &text_table(&report.actions_table());

    out += "\n## Open tasks\n";
    for phase in &report.open_tasks {
        out += &format!(
            "\n### {}\n\n| Task | Status | Side | Due |\n|---|---|---|---|\n",
            phase.phase.label()
        );
        for TaskLine { task, overdue } in &phase.tasks {
            let due = if *overdue {
                format!("**{} (overdue)**", date(task.due_date))
            } else {
                date(task.due_date)
            };
            out += &format!(
                "| {} | {} | {} | {due} |\n",
                cell(&task.title),
                task.status.label(),
                cell(&task.who())
            );
        }
    }

    out += "\n## Documentation\n";
    out += &text_table(&report.docs_table());
    for section in &report.closing_sections() {
        out += &section_text(section);
    }
    out
}

fn section_text(section: &Section) -> String {
    let mut out = format!("\n## {}\n", section.heading);
    for sentence in &section.sentences {
        out += &format!("\n{}\n", cell(sentence));
    }
    for table in section.tables.iter().filter(|t| !t.rows.is_empty()) {
        out += &text_table(table);
    }
    out
}

/// A bulleted list of plain text.
fn list(items: &[String]) -> String {
    items.iter().map(|i| format!("- {}\n", cell(i))).collect()
}

fn text_table(table: &TextTable) -> String {
    let row = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    let mut out = String::from("\n");
    out += &row(table.headers.iter().map(|h| cell(h)).collect());
    out += &row(table.headers.iter().map(|_| "---".to_string()).collect());
    for cells in &table.rows {
        out += &row(cells.iter().map(|c| cell(c)).collect());
    }
    out
}
