//! The detail pane: the whole selected record with its history, or a list of places to
//! go. Beside the list on a wide terminal, over it otherwise.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::Theme;
use super::widgets::{fit, more_title, scroll_offset, wrap_whole};
use crate::app::detail::{Detail, Pane, history_lines, record_view};
use crate::app::{Action, State};
use crate::model::text::sanitize;
use crate::model::{EngagementData, RecordId};

/// The narrowest terminal that shows the pane beside the list.
pub const BESIDE_FROM: u16 = 140;

/// Splits the screen's body into the list's part and the pane's: beside each other when
/// the terminal is wide enough, else the pane covers the whole body.
pub fn split(body: Rect, state: &State) -> (Rect, Option<Rect>) {
    if state.detail.is_none() {
        return (body, None);
    }
    if body.width < BESIDE_FROM {
        return (body, Some(body));
    }
    let [list, pane] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Percentage(40)]).areas(body);
    (list, Some(pane))
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(detail) = &state.detail else { return };
    let beside = frame.area().width >= BESIDE_FROM;
    let back = state.key_label(Action::Back);
    let close = match state.keymap.key_of(&state.scopes(), Action::Detail) {
        Some(detail) if beside => format!("{detail} / {back} closes"),
        _ => format!("{back} closes"),
    };
    let height = usize::from(area.height.saturating_sub(2));
    let (title, lines, offset) = match &detail.pane {
        Pane::Record => {
            let (title, lines) =
                record_lines(state, detail, area.width.saturating_sub(2) as usize, theme);
            let room = lines.len().saturating_sub(height);
            detail.scroll_room.set(room);
            (title, lines, state.pane_scroll().min(room))
        }
        Pane::Places { title, entries, selected } => {
            let width = area.width.saturating_sub(4) as usize;
            // Each place whole, wrapped at words; the selected one kept in view.
            let mut lines = Vec::new();
            let mut selected_line = 0;
            for (i, (text, _)) in entries.iter().enumerate() {
                let style = if i == *selected { theme.selected } else { theme.text };
                if i == *selected {
                    selected_line = lines.len();
                }
                let parts = wrap_whole(text, width).into_iter().enumerate();
                lines.extend(parts.map(|(n, part)| {
                    let lead = if n == 0 { " " } else { "  " };
                    Line::styled(format!("{lead}{part}"), style)
                }));
            }
            let offset = scroll_offset(selected_line, height, lines.len());
            (format!("{title} — {} opens", state.key_label(Action::Drill)), lines, offset)
        }
        Pane::Person { selected, .. } => {
            return super::person::draw(frame, area, state, *selected, theme);
        }
    };
    let below = lines.len().saturating_sub(offset + height);
    let title = fit(&format!(" {title} · {close} "), area.width.saturating_sub(2) as usize);
    let mut block = Block::default().borders(Borders::ALL).title(Span::styled(title, theme.title));
    if let Some(more) = more_title(offset, below) {
        block = block.title_bottom(Line::styled(more, theme.accent).right_aligned());
    }
    let lines: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The pane's title and lines for the selection: what the screen's own pane shows, else
/// the selected record's fields, related records and history.
fn record_lines(
    state: &State,
    detail: &Detail,
    inner: usize,
    theme: &Theme,
) -> (String, Vec<Line<'static>>) {
    let own = super::screen_drawer(state.listed()).pane;
    if let Some(shown) = own.and_then(|pane| pane(state, inner, theme)) {
        return shown;
    }
    let shown = state.selected_record().and_then(|record| {
        let data = record_data(state)?;
        Some((record_view(&data, &record, state.today)?, record, data))
    });
    let Some((view, record, data)) = shown else {
        let line = Line::styled("nothing selected here: move to a record", theme.dim);
        return ("Detail".into(), vec![line]);
    };
    let width = view.fields.iter().map(|(label, _)| label.chars().count()).max().unwrap_or(0);
    let mut lines = costly_item_lines(state, inner, theme);
    if let Some(alarm) = view.alarm {
        lines.push(Line::styled(format!("⚠ {alarm}"), theme.bad));
    }
    let indent = " ".repeat(width + 2);
    for (label, value) in &view.fields {
        let label = Span::styled(format!("{label:<width$}  "), theme.dim);
        for (i, part) in wrap_whole(value, inner.saturating_sub(width + 2)).into_iter().enumerate()
        {
            let lead = if i == 0 { label.clone() } else { Span::raw(indent.clone()) };
            lines.push(Line::from(vec![lead, Span::styled(part, theme.text)]));
        }
    }
    if !view.related.is_empty() {
        lines.extend(heading("Related", theme.accent));
        lines.extend(view.related.iter().flat_map(|r| item_lines(r, inner)));
    }
    lines.extend(heading("History", theme.accent));
    match detail.history.as_ref().filter(|(shown, _)| *shown == record) {
        None => lines.push(Line::styled("reading…", theme.dim)),
        Some((_, edits)) if edits.is_empty() => {
            lines.push(Line::styled("no edits in the log", theme.dim));
        }
        Some((_, edits)) => {
            lines.extend(history_lines(&data, edits).iter().flat_map(|l| item_lines(l, inner)))
        }
    }
    let title = match state.selected_loss() {
        Some(_) => format!("costly item · {}", view.kind),
        None => view.kind.to_string(),
    };
    (title, lines)
}

/// On the Score view, the costly item the cursor is on, whole, above the record it is about.
fn costly_item_lines(state: &State, inner: usize, theme: &Theme) -> Vec<Line<'static>> {
    let Some(loss) = state.selected_loss() else { return Vec::new() };
    let item = sanitize(&loss.item);
    let mut lines: Vec<Line> =
        wrap_whole(&item, inner).into_iter().map(|l| Line::styled(l, theme.title)).collect();
    lines.push(Line::styled(
        format!("costs {:.1} points of {}", loss.points, loss.dimension.label()),
        theme.text,
    ));
    lines.push(Line::raw(""));
    // The service desk's figure counts every ticket of its window: the one below is the
    // newest, where Enter takes the Operations view, not the ticket the item is about.
    let heading = match loss.about {
        RecordId::Ticket(_) => {
            let open = state.key_label(Action::Drill);
            format!("The newest ticket it counts ({open}: the Operations view)")
        }
        _ => "The record it is about".to_string(),
    };
    lines.push(Line::styled(heading, theme.accent));
    lines
}

/// The data the selected record belongs to: the engagement on screen, or on the list of
/// engagements the selected one alone.
fn record_data(state: &State) -> Option<Cow<'_, EngagementData>> {
    match state.engagement_on_screen() {
        Some(opened) => Some(Cow::Borrowed(&opened.data)),
        None => {
            let engagement =
                state.screens.engagements.selected(&state.context())?.engagement.clone();
            Some(Cow::Owned(EngagementData::new(engagement)))
        }
    }
}

/// One item of a list, "· " before its first line, wrapped to `width` at whole words.
fn item_lines(text: &str, width: usize) -> Vec<Line<'static>> {
    let parts = wrap_whole(text, width.saturating_sub(2)).into_iter().enumerate();
    parts
        .map(|(i, part)| Line::raw(format!("{}{part}", if i == 0 { "· " } else { "  " })))
        .collect()
}

/// A blank line and a section's name.
fn heading(text: &'static str, style: Style) -> [Line<'static>; 2] {
    [Line::raw(""), Line::styled(text, style)]
}
