//! The board: the phase strip, the selected phase's kanban, and its gate.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use super::widgets::{fit, highlighted, scroll_offset, span_places};
use crate::app::screens::board::listed_title;
use crate::app::{Action, Opened, Spot, Spots, State, Visible};
use crate::model::gate::{evaluate, phase_gate};
use crate::model::{CriterionKind, Phase, Task, TaskStatus, percent};

/// Lines one card takes: its title, then side, due date and assignee.
const CARD_HEIGHT: usize = 2;

/// Draws the board; returns where it drew each phase, card and gate criterion.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Visible {
    let Some(opened) = state.engagement_on_screen() else { return Visible::default() };
    let phase = state.screens.board.phase;
    let criteria = opened.data.gates.iter().filter(|g| g.phase == phase).count() as u16;
    let gate_height = (criteria + 1).min(area.height / 3);
    let [strip, kanban, gate] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(gate_height),
    ])
    .areas(area);
    let mut spots = draw_strip(frame, strip, state, opened, theme);
    spots.extend(draw_kanban(frame, kanban, state, theme));
    spots.extend(draw_gate(frame, gate, state, opened, theme));
    Visible { spots, ..Visible::default() }
}

/// Plan ▸ Build ▸ Operate ▸ Transfer, each with % done and gate state.
fn draw_strip(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    opened: &Opened,
    theme: &Theme,
) -> Spots {
    let data = &opened.data;
    let mut spans = Vec::new();
    for (i, &phase) in Phase::ALL.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" ▸ ", theme.dim));
        }
        let tasks = data.tasks.iter().filter(|t| t.phase == phase);
        let done = tasks.clone().filter(|t| t.status == TaskStatus::Done).count();
        let (met, blocking) = phase_gate(phase, data, &opened.readiness, state.today);
        let gate =
            if met == blocking { "✓".to_string() } else { format!("✗ {met}/{blocking}") };
        let current = if phase == data.engagement.current_phase { "● " } else { "" };
        let text = format!("{current}{} {}% {gate}", phase.label(), percent(done, tasks.count()));
        let style = if phase == state.screens.board.phase {
            theme.selected.patch(theme.title)
        } else {
            theme.text
        };
        spans.push(Span::styled(text, style));
    }
    // Every other span is a phase, in order.
    let places = span_places(area, &spans);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let phases = Phase::ALL.iter().map(|&phase| Spot::Phase(phase));
    places.into_iter().step_by(2).zip(phases).collect()
}

fn draw_kanban(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Spots {
    let columns = Layout::horizontal([Constraint::Fill(1); 4]).spacing(1).split(area);
    let mut spots = Vec::new();
    for (column, (&status, &column_area)) in TaskStatus::ALL.iter().zip(columns.iter()).enumerate()
    {
        let cards = state.screens.board.cards(column, &state.context());
        let selected = (column == state.screens.board.column).then_some(state.screens.board.row);
        let drawn = draw_column(frame, column_area, status, &cards, selected, state, theme);
        spots.extend(drawn.into_iter().map(|(place, row)| (place, Spot::Card { column, row })));
    }
    spots
}

/// Draws one column of cards; returns where it drew each card, by its row in the column.
fn draw_column(
    frame: &mut Frame,
    area: Rect,
    status: TaskStatus,
    cards: &[&Task],
    selected: Option<usize>,
    state: &State,
    theme: &Theme,
) -> Vec<(Rect, usize)> {
    let title_style =
        if selected.is_some() { theme.accent.patch(theme.title) } else { theme.title };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(title_style)
        .title(Span::styled(format!(" {} ({}) ", status.label(), cards.len()), title_style));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let height = inner.height as usize;
    let fits_all = cards.len() * CARD_HEIGHT <= height;
    // When not every card fits, keep a line above and one below for the "more" notes.
    let visible = if fits_all { cards.len() } else { height.saturating_sub(2) / CARD_HEIGHT };
    let offset = scroll_offset(selected.unwrap_or(0), visible, cards.len());
    let shown = cards.len().saturating_sub(offset).min(visible);
    let fuzzy = state.fuzzy();
    let mut lines = Vec::new();
    let mut places = Vec::new();
    if offset > 0 {
        lines.push(Line::styled(format!("↑ {offset} more"), theme.dim));
    }
    for (i, task) in cards.iter().enumerate().skip(offset).take(shown) {
        let y = inner.y + lines.len() as u16;
        places.push((Rect { y, height: CARD_HEIGHT as u16, ..inner }.intersection(inner), i));
        let overdue = task.is_overdue(state.today);
        let mut style = if overdue { theme.bad } else { theme.text };
        if selected == Some(i) {
            style = style.patch(theme.selected);
        }
        let mark = if overdue { "! " } else { "  " };
        let mut title =
            highlighted(&task.title, width.saturating_sub(2), &fuzzy, style, theme.matched);
        title.spans.insert(0, Span::styled(mark, style));
        let used: usize = title.spans.iter().map(Span::width).sum();
        title.spans.push(Span::styled(" ".repeat(width.saturating_sub(used)), style));
        lines.push(title);
        lines.push(Line::styled(fit(&card_footnote(task, state.today), width), theme.dim));
    }
    let hidden = cards.len() - offset - shown;
    if hidden > 0 {
        lines.push(Line::styled(format!("↓ {hidden} more"), theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    places
}

/// Draws the gate's criteria; returns where it drew each.
fn draw_gate(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    opened: &Opened,
    theme: &Theme,
) -> Spots {
    let phase = state.screens.board.phase;
    let focused = state.screens.board.gate.is_some();
    let key = |action| state.key_label(action);
    let (tick, evidence, focus) = (key(Action::Cycle), key(Action::Edit), key(Action::FocusGate));
    let title = if focused {
        format!(
            " {} gate — {tick} tick/untick · {evidence} evidence · {focus} back ",
            phase.label()
        )
    } else {
        format!(" {} gate — {focus} to tick criteria ", phase.label())
    };
    let border = if focused { theme.accent } else { theme.text };
    let block = Block::default().borders(Borders::TOP).border_style(border).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = inner.width as usize;
    let criteria = state.screens.board.gate_criteria(&state.context());
    let selected = state.screens.board.gate.unwrap_or(usize::MAX);
    let offset =
        scroll_offset(state.screens.board.gate.unwrap_or(0), inner.height as usize, criteria.len());
    let lines: Vec<Line> = criteria
        .iter()
        .enumerate()
        .skip(offset)
        .take(inner.height as usize)
        .map(|(i, g)| {
            let verdict = evaluate(g, &opened.data, &opened.readiness, state.today);
            let (mark, style) = if verdict.met { ("✓", theme.good) } else { ("✗", theme.bad) };
            let mut detail = String::new();
            match g.kind {
                CriterionKind::Computed => {
                    if let Some(reason) = verdict.reason {
                        detail.push_str(&format!(" — {reason}"));
                    }
                }
                CriterionKind::Manual => {
                    if let Some(met) = &g.met_at {
                        detail.push_str(&format!(" — {}", met.get(..10).unwrap_or(met)));
                    }
                    if let Some(evidence) = g.evidence.as_deref().filter(|e| !e.is_empty()) {
                        detail.push_str(&format!(" · {evidence}"));
                    }
                }
            }
            if !g.blocking {
                detail.push_str(" (not blocking)");
            }
            let row_style = if i == selected { theme.selected } else { theme.text };
            Line::from(vec![
                Span::styled(format!("{mark} "), style.patch(row_style)),
                Span::styled(
                    fit(&format!("{}{detail}", listed_title(g)), width.saturating_sub(2)),
                    row_style,
                ),
            ])
        })
        .collect();
    let drawn = inner.rows().zip(offset..).take(lines.len());
    let spots = drawn.map(|(line, row)| (line, Spot::Criterion(row))).collect();
    frame.render_widget(Paragraph::new(lines), inner);
    spots
}

/// A card's second line: its side, due date and assignee, "  joint · 6 Jul · Ana Costa".
fn card_footnote(task: &Task, today: chrono::NaiveDate) -> String {
    let due = task.due_date.map(|d| short_date(d, today));
    let assignee = Some(task.assignee.clone()).filter(|a| !a.is_empty());
    let parts = [Some(task.side.label().to_string()), due, assignee];
    format!("  {}", parts.into_iter().flatten().collect::<Vec<_>>().join(" · "))
}

/// "18 Dec" within the current year, "18 Dec 27" otherwise.
fn short_date(date: chrono::NaiveDate, today: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    if date.year() == today.year() {
        date.format("%-d %b").to_string()
    } else {
        date.format("%-d %b %y").to_string()
    }
}
