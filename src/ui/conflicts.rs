//! The sync conflicts: what both databases changed differently, to resolve side by side.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::Theme;
use super::widgets::{TableSpec, cell, fit, virtual_table, wrap_whole};
use crate::app::{Action, State, Visible};
use crate::conflict_text::{describe_in_words, here_text, record, side_lines, there_text, verdict};
use crate::model::text::sanitize;
use crate::store::sync::Conflict;
use crate::words::{field, kind};

/// The list's title with the keys that resolve the selected conflict: `t` only where the
/// footer offers it too.
fn title(state: &State) -> String {
    let mut title = format!(
        " Sync conflicts ({}) — {} keep mine",
        state.screens.conflicts.list.len(),
        state.key_label(Action::KeepMine)
    );
    if state.works_now(Action::TakeTheirs) {
        title.push_str(&format!(" · {} take theirs", state.key_label(Action::TakeTheirs)));
    }
    title + " "
}

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
                cell(there_text(c)).style(theme.warn),
            ]
        })
        .collect();
    let shown = virtual_table(
        frame,
        list,
        TableSpec {
            title: title(state),
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

/// The detail pane on this screen: the selected conflict whole, if one is selected.
pub fn pane(state: &State, inner: usize, theme: &Theme) -> Option<(String, Vec<Line<'static>>)> {
    let conflict = state.screens.conflicts.selected()?;
    Some(("sync conflict".into(), lines(conflict, inner, theme)))
}

/// A sync conflict whole: the record, the field, and both sides' values, wrapped.
fn lines(c: &Conflict, inner: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = wrap_whole(&describe_in_words(c), inner)
        .into_iter()
        .map(|l| Line::styled(l, theme.title))
        .collect();
    lines.extend(wrap_whole(&verdict(c), inner).into_iter().map(Line::raw));
    let sides = [("Here (mine)", true, theme.accent), ("There (theirs)", false, theme.warn)];
    for (heading, here, style) in sides {
        lines.push(Line::raw(""));
        lines.push(Line::styled(heading, theme.dim));
        for value in side_lines(c, here) {
            lines.extend(wrap_whole(&value, inner).into_iter().map(|l| Line::styled(l, style)));
        }
    }
    lines.push(Line::raw(""));
    let source = format!("from {} · found {}", c.source, c.found_at);
    lines.extend(
        wrap_whole(&sanitize(&source), inner).into_iter().map(|l| Line::styled(l, theme.dim)),
    );
    lines
}
