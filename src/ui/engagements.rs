//! The engagements screen: one row per engagement, or a welcome on an empty database.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

use super::Theme;
use super::widgets::{
    centered, column_widths, fit, highlighted, rows_below_header, scroll_offset, sparkline,
};
use crate::app::{ListArea, RowSummary, State};

/// Days of readiness history in the trend column.
const TREND_WIDTH: usize = 14;
/// Columns of the next milestone, shown on wide terminals.
const MILESTONE_WIDTH: usize = 24;

/// Draws the list; returns where it showed which positions in `engagement_rows`.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> ListArea {
    if state.engagements.is_empty() {
        draw_welcome(frame, area, state, theme);
        return ListArea::default();
    }
    let block = Block::default().borders(Borders::TOP).title(" Engagements ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let visible = inner.height.saturating_sub(1) as usize;
    let shown = state.engagement_rows();
    let offset = scroll_offset(state.engagement_cursor, visible, shown.len());
    let wide = inner.width >= 110;
    let fuzzy = state.fuzzy();
    let mut widths = vec![
        Constraint::Fill(2),
        Constraint::Fill(3),
        Constraint::Length(8),
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(4),
    ];
    let mut header = vec!["Client", "Name", "Phase", "Score", "Level", "Docs"];
    if wide {
        widths.push(Constraint::Length(MILESTONE_WIDTH as u16));
        header.push("Next milestone");
    }
    widths.extend([Constraint::Length(7), Constraint::Length(TREND_WIDTH as u16)]);
    header.extend(["Overdue", "Trend"]);
    let fitted = column_widths(inner.width, &widths);
    let rows = shown.iter().enumerate().skip(offset).take(visible).map(|(i, &index)| {
        let row = &state.engagements[index];
        let e = &row.engagement;
        let archived = if e.archived { " (archived)" } else { "" };
        let name = format!("{}{archived}", e.name);
        let mut cells = vec![
            Cell::from(highlighted(&e.client, fitted[0], &fuzzy, theme.text, theme.matched)),
            Cell::from(highlighted(&name, fitted[1], &fuzzy, theme.text, theme.matched)),
            Cell::from(e.current_phase.label()),
        ];
        cells.extend(summary_cells(row.summary.as_ref(), wide, theme));
        let style = if i == state.engagement_cursor { theme.selected } else { theme.text };
        Row::new(cells).style(if e.archived { style.patch(theme.dim) } else { style })
    });
    let table =
        Table::new(rows, widths).header(Row::new(header).style(theme.title)).column_spacing(1);
    frame.render_widget(table, inner);
    rows_below_header(inner, offset..shown.len().min(offset + visible))
}

/// Score, level, docs, next milestone (when `wide`), overdue and trend; blank for a line
/// whose summary is not read yet.
fn summary_cells(summary: Option<&RowSummary>, wide: bool, theme: &Theme) -> Vec<Cell<'static>> {
    let columns = if wide { 6 } else { 5 };
    let Some(s) = summary else { return vec![Cell::from(""); columns] };
    let r = &s.readiness;
    let score_style = if r.meets_threshold() { theme.good } else { theme.text };
    let mut cells = vec![
        Cell::from(format!("{:5.1}", r.score)).style(score_style),
        Cell::from(r.level.as_str()),
        Cell::from(format!("{:3}%", s.docs_percent)),
    ];
    if wide {
        let milestone = s
            .next_milestone
            .as_ref()
            .map(|(date, what)| format!("{what} {}", date.format("%Y-%m-%d")));
        cells.push(Cell::from(fit(&milestone.unwrap_or_default(), MILESTONE_WIDTH)));
    }
    let overdue = if s.overdue > 0 { s.overdue.to_string() } else { String::new() };
    cells.push(Cell::from(overdue).style(theme.bad));
    let trend = &s.trend[s.trend.len().saturating_sub(TREND_WIDTH)..];
    cells.push(Cell::from(sparkline(trend, 100.0)).style(theme.accent));
    cells
}

fn draw_welcome(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let key = |k: &'static str| Span::styled(k, theme.accent.patch(theme.title));
    let mut lines = vec![
        Line::styled("Welcome to botdash", theme.title),
        Line::raw(""),
        Line::raw("This database holds no engagement yet."),
        Line::raw(""),
    ];
    if state.read_only {
        lines.push(Line::raw("It is open read-only, so nothing can be added."));
    } else {
        lines.push(Line::from(vec![
            Span::raw("Press "),
            key("a"),
            Span::raw(" to create your first engagement"),
        ]));
        lines.push(Line::raw("from the standard BOT template."));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![key("?"), Span::raw(" help   "), key("q"), Span::raw(" quit")]));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Try `botdash demo` for a sample.", theme.dim));
    let box_area = centered(area, 52, lines.len() as u16 + 2);
    let paragraph =
        Paragraph::new(lines).centered().wrap(Wrap { trim: true }).block(Block::bordered());
    frame.render_widget(paragraph, box_area);
}
