//! The sync conflicts: what both databases changed differently, to resolve side by side.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::Theme;
use super::widgets::{TableSpec, cell, fit, virtual_table};
use crate::app::{State, Visible};
use crate::conflict_text::{describe_in_words, here_text, record, side_text as value, verdict};
use crate::words::{field, kind};

/// Draws the conflicts; returns where their list showed which rows.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Visible {
    if state.screens.conflicts.list.is_empty() {
        let lines = vec![
            Line::styled("No sync conflicts.", theme.title),
            Line::raw(""),
            Line::raw("`botdash sync DIR` exchanges changes with colleagues' databases through a"),
            Line::raw("shared folder; a field both sides changed differently is listed here."),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
        return Visible::default();
    }
    let [list, detail] = Layout::vertical([Constraint::Min(3), Constraint::Length(4)]).areas(area);
    let rows = state
        .screens
        .conflicts
        .list
        .iter()
        .map(|c| {
            vec![
                cell(format!("{} {}", kind(c.table), record(c))),
                cell(c.column.map_or_else(|| "(record)".into(), field)),
                cell(here_text(c)).style(theme.accent),
                cell(value(&c.theirs)).style(theme.warn),
            ]
        })
        .collect();
    let shown = virtual_table(
        frame,
        list,
        TableSpec {
            title: format!(
                " Sync conflicts ({}) — m keep mine · t take theirs ",
                state.screens.conflicts.list.len()
            ),
            header: vec!["Record", "Field", "Here (mine)", "There (theirs)"],
            widths: vec![
                Constraint::Fill(2),
                Constraint::Length(14),
                Constraint::Fill(1),
                Constraint::Fill(1),
            ],
        },
        rows,
        Some(state.screens.conflicts.row),
        theme,
    );
    if let Some(c) = state.screens.conflicts.list.get(state.screens.conflicts.row) {
        let lines = vec![
            Line::raw(format!("{}: {}", fit(&describe_in_words(c), 200), fit(&verdict(c), 120))),
            Line::styled(format!("from {} · found {}", fit(&c.source, 60), c.found_at), theme.dim),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), detail);
    }
    Visible { spots: shown.spots(), ..Visible::default() }
}
