//! The report as the blocks the PDF lays out, in the HTML report's order. The shared sections
//! (`summary_sections`, `closing_sections`) come through `section` as they are, so a section
//! added to the report shows up here without a line of its own.

use super::super::chart::{self, Chart};
use super::super::{Report, Section, TaskLine, TextTable, date};

/// How a paragraph or list reads.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Emphasis {
    Plain,
    Muted,
    /// Something wrong: a risk, an override.
    Bad,
    /// The score.
    Strong,
}

pub enum Block {
    Title(String),
    Heading(String),
    Subheading(String),
    Paragraph(String, Emphasis),
    List(Vec<String>, Emphasis),
    Table(TextTable),
    Chart(Chart),
}

pub fn blocks(report: &Report) -> Vec<Block> {
    let e = &report.engagement;
    let mut out = vec![
        Block::Title(format!("{} · {}", e.client, e.name)),
        Block::Paragraph(
            format!(
                "Status report of {} · phase {} · planned transfer {}",
                report.as_of,
                e.phase.label(),
                date(e.planned_transfer_date)
            ),
            Emphasis::Muted,
        ),
        Block::Paragraph(report.byline(), Emphasis::Muted),
    ];
    out.extend(report.records_note().map(|note| Block::Paragraph(note, Emphasis::Muted)));
    report.summary_sections().into_iter().for_each(|s| section(&mut out, s));
    phases(&mut out, report);
    readiness(&mut out, report);
    out.push(Block::Heading("Risks".into()));
    out.push(match report.risks.is_empty() {
        true => Block::Paragraph("None seen.".into(), Emphasis::Plain),
        false => Block::List(report.risks.clone(), Emphasis::Bad),
    });
    out.push(Block::Heading("Next best actions".into()));
    out.push(Block::Table(report.actions_table()));
    open_tasks(&mut out, report);
    out.push(Block::Heading("Documentation".into()));
    out.push(Block::Chart(chart::documentation(report)));
    out.push(Block::Table(report.docs_table()));
    report.closing_sections().into_iter().for_each(|s| section(&mut out, s));
    out
}

fn section(out: &mut Vec<Block>, section: Section) {
    out.push(Block::Heading(section.heading.into()));
    out.extend(section.sentences.into_iter().map(|s| Block::Paragraph(s, Emphasis::Plain)));
    out.extend(section.tables.into_iter().filter(|t| !t.rows.is_empty()).map(Block::Table));
}

fn phases(out: &mut Vec<Block>, report: &Report) {
    out.push(Block::Heading("Phases and gates".into()));
    out.extend(chart::timeline(report).map(Block::Chart));
    out.push(Block::Table(report.phases_table()));
    if let Some(current) = report.phases.iter().find(|p| p.current && !p.gate_unmet.is_empty()) {
        let words = format!("Unmet criteria of the {} gate:", current.phase.label());
        out.push(Block::Paragraph(words, Emphasis::Plain));
        out.push(Block::List(current.gate_unmet.clone(), Emphasis::Plain));
    }
    out.extend(report.gate_overrides.iter().map(|o| {
        Block::Paragraph(format!("Gate override {}: {}", o.day(), o.summary), Emphasis::Bad)
    }));
}

fn readiness(out: &mut Vec<Block>, report: &Report) {
    let r = &report.readiness;
    out.push(Block::Heading("Readiness".into()));
    let score = format!(
        "{:.1} / 100 · level {} {} · threshold {}",
        r.score,
        r.level,
        r.level.label(),
        r.threshold
    );
    out.push(Block::Paragraph(score, Emphasis::Strong));
    out.push(Block::Chart(chart::dimensions(report)));
    out.push(Block::Table(report.dimensions_table()));
    out.push(Block::Paragraph(report.losses_words(), Emphasis::Plain));
    out.push(Block::Table(report.costliest_table()));
    out.push(Block::Chart(chart::trend(report)));
    let trend = format!(
        "Trend: {}. Forecast for the threshold {}: {}.",
        report.trend.words,
        r.threshold,
        report.forecast.summary()
    );
    out.push(Block::Paragraph(trend, Emphasis::Plain));
    if !report.forecast.late.is_empty() {
        out.push(Block::Paragraph(Report::LATE_WORDS.into(), Emphasis::Plain));
        out.push(Block::List(report.late_lines(), Emphasis::Plain));
    }
    if !r.missing_for_next.is_empty() {
        out.push(Block::Paragraph("Missing for the next level:".into(), Emphasis::Plain));
        out.push(Block::List(r.missing_for_next.clone(), Emphasis::Plain));
    }
}

fn open_tasks(out: &mut Vec<Block>, report: &Report) {
    out.push(Block::Heading("Open tasks".into()));
    for phase in &report.open_tasks {
        out.push(Block::Subheading(phase.phase.label().into()));
        let rows = phase
            .tasks
            .iter()
            .map(|TaskLine { task, overdue }| {
                let due = date(task.due_date) + if *overdue { " overdue" } else { "" };
                vec![task.title.clone(), task.status.label().into(), task.who(), due]
            })
            .collect();
        let headers = vec!["Task", "Status", "Side", "Due"];
        out.push(Block::Table(TextTable { headers, rows }));
    }
}
