//! The documentation checklist, grouped by category with progress per category.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::widgets::{bar, column_widths, fit, more_title, rows_below_header, scroll_offset};
use crate::app::docs::doc_groups;
use crate::app::{Action, Opened, Spot, State, Visible};
use crate::model::{CRITICAL, DocItem, DocStatus, percent};

/// One line of the checklist: a category's heading or one of its items.
enum ChecklistLine<'a> {
    Category { name: &'a str, approved: usize, applicable: usize },
    Item { index: usize, doc: &'a DocItem },
}

/// Draws the checklist; returns where it drew each item.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Visible {
    let Some(opened) = state.engagement_on_screen() else { return Visible::default() };
    let (approved, applicable) = opened.data.docs_progress();
    let ratio = if applicable == 0 { 0.0 } else { approved as f64 / applicable as f64 };
    let title = format!(
        " Documentation {} {approved} of {applicable} approved ({}%) · showing {} ({}) ",
        bar(ratio, 10),
        percent(approved, applicable),
        state.screens.docs.quick.label(),
        state.key_label(Action::QuickFilter)
    );
    let block = Block::default().borders(Borders::TOP);
    let inner = block.inner(area);
    if opened.data.docs.is_empty() {
        frame.render_widget(block.title(title), area);
        frame.render_widget(Paragraph::new("no documentation items listed"), inner);
        return Visible::default();
    }
    let [gate, inner] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let lines = checklist_lines(state, opened);
    let selected_line = lines
        .iter()
        .position(
            |e| matches!(e, ChecklistLine::Item { index, .. } if *index == state.screens.docs.row),
        )
        .unwrap_or(0);
    let visible = inner.height.saturating_sub(1) as usize;
    let offset = scroll_offset(selected_line, visible, lines.len());
    // The lines scrolled away, so the list is never shortened silently.
    let more = more_title(offset, lines.len().saturating_sub(offset + visible)).unwrap_or_default();
    let room = usize::from(area.width).saturating_sub(more.width() + 1);
    let block =
        block.title(fit(&title, room)).title(Line::styled(more, theme.accent).right_aligned());
    frame.render_widget(block, area);
    draw_gate_line(frame, gate, state, opened, theme);
    let wide = inner.width >= 120;
    let mut widths = vec![
        Constraint::Length(12),
        Constraint::Length(4),
        Constraint::Fill(3),
        Constraint::Fill(1),
    ];
    let mut header = vec!["Status", "Crit", "Title", "Owner"];
    if wide {
        widths.extend([Constraint::Fill(1), Constraint::Fill(1)]);
        header.extend(["Reviewer", "Location"]);
    }
    widths.extend([Constraint::Length(10), Constraint::Length(5), Constraint::Length(10)]);
    header.extend(["Reviewed", "Stale", "Due"]);
    let fitted = column_widths(inner.width, &widths);
    let rows = lines.iter().skip(offset).take(visible).map(|line| match line {
        ChecklistLine::Category { name, approved, applicable } => {
            let ratio = if *applicable == 0 { 0.0 } else { *approved as f64 / *applicable as f64 };
            Row::new(vec![
                Cell::from(Line::from(vec![
                    Span::styled(bar(ratio, 8), theme.accent),
                    Span::raw(format!(" {approved}/{applicable}")),
                ])),
                Cell::from(""),
                Cell::from(fit(name, fitted[2])).style(theme.title),
            ])
        }
        ChecklistLine::Item { index, doc } => {
            let selected = *index == state.screens.docs.row;
            item_row(doc, (selected, &fitted), state, opened, theme)
        }
    });
    let table =
        Table::new(rows, widths).header(Row::new(header).style(theme.title)).column_spacing(1);
    frame.render_widget(table, inner);
    // Where each item's line is; a category's heading is no row of the cursor's.
    let drawn = rows_below_header(inner, offset..lines.len().min(offset + visible));
    let drawn_lines = &lines[drawn.rows];
    let spots = drawn
        .area
        .rows()
        .zip(drawn_lines)
        .filter_map(|(place, line)| match line {
            ChecklistLine::Item { index, .. } => Some((place, Spot::Row(*index))),
            ChecklistLine::Category { .. } => None,
        })
        .collect();
    Visible { spots, ..Visible::default() }
}

/// The checklist in display order: each category's heading (with the progress of the whole
/// category), then its items that pass the filter, numbered as the cursor counts them.
fn checklist_lines<'a>(state: &'a State, opened: &'a Opened) -> Vec<ChecklistLine<'a>> {
    let all = doc_groups(opened);
    let mut lines = Vec::new();
    let mut index = 0;
    for (category, docs) in state.screens.docs.rows(&state.context()) {
        let everything = all.iter().find(|(c, _)| *c == category).map_or(&docs, |(_, d)| d);
        let applicable: Vec<_> = everything.iter().filter(|d| !d.not_applicable).collect();
        let approved = applicable.iter().filter(|d| d.status == DocStatus::Approved).count();
        lines.push(ChecklistLine::Category {
            name: category,
            approved,
            applicable: applicable.len(),
        });
        for doc in docs {
            lines.push(ChecklistLine::Item { index, doc });
            index += 1;
        }
    }
    lines
}

fn item_row<'a>(
    doc: &'a DocItem,
    (selected, widths): (bool, &[usize]),
    state: &State,
    opened: &Opened,
    theme: &Theme,
) -> Row<'a> {
    let today = state.today;
    let stale = doc.is_stale(today);
    let late = doc.status != DocStatus::Approved
        && doc.due_phase.is_some_and(|p| p < opened.data.engagement.current_phase);
    let (mark, status_style) = match doc.status {
        DocStatus::Missing => ("✗", theme.bad),
        DocStatus::Draft => ("✎", theme.warn),
        DocStatus::InReview => ("◐", theme.warn),
        DocStatus::Approved => ("✓", theme.good),
    };
    let optional =
        |s: &Option<String>, column: usize| fit(s.as_deref().unwrap_or("—"), widths[column]);
    let mut cells = vec![
        Cell::from(format!("{mark} {}", doc.status.label())).style(status_style),
        Cell::from("!".repeat(doc.criticality as usize)),
        Cell::from(fit(&doc.title, widths[2])).style(if late { theme.bad } else { theme.text }),
        Cell::from(optional(&doc.owner, 3)),
    ];
    // Wide tables have the reviewer and the location after the owner.
    if widths.len() > 7 {
        cells.extend([
            Cell::from(optional(&doc.reviewer, 4)),
            Cell::from(optional(&doc.location, 5)),
        ]);
    }
    cells.extend([
        Cell::from(doc.last_reviewed_at.map(|d| d.to_string()).unwrap_or_else(|| "—".into())),
        Cell::from(if stale { "stale" } else { "" }).style(theme.warn),
        Cell::from(format!(
            "{}{}",
            doc.due_phase.map(|p| p.label()).unwrap_or(""),
            if late { " ⚠" } else { "" }
        ))
        .style(if late { theme.bad } else { theme.text }),
    ]);
    let mut style = if doc.not_applicable { theme.dim } else { theme.text };
    if doc.not_applicable {
        cells[0] = Cell::from("– n/a");
    }
    if selected {
        style = style.patch(theme.selected);
    }
    Row::new(cells).style(style)
}

/// Which critical items keep the "critical docs approved" gate criterion from being met.
fn draw_gate_line(frame: &mut Frame, area: Rect, state: &State, opened: &Opened, theme: &Theme) {
    let blocking: Vec<&str> = opened
        .data
        .docs
        .iter()
        .filter(|d| d.criticality == CRITICAL && !d.not_applicable)
        .filter(|d| d.status != DocStatus::Approved || d.is_stale(state.today))
        .map(|d| d.title.as_str())
        .collect();
    let line = if blocking.is_empty() {
        Line::styled("✓ every critical item is approved: the gate criterion is met", theme.good)
    } else {
        let text = format!(
            "✗ {} critical items block the gate \"critical docs approved\": {}",
            blocking.len(),
            blocking.join(", ")
        );
        Line::styled(fit(&text, area.width as usize), theme.bad)
    };
    frame.render_widget(Paragraph::new(line), area);
}
