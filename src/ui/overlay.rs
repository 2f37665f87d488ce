//! Overlays drawn over the screen: the help and forms.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::widgets::{centered, fit, pad, scroll_offset};
use crate::app::form::Form;
use crate::app::{Help, Overlay, State};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    match &state.overlay {
        Some(Overlay::Help(help)) => draw_help(frame, area, state, help, theme),
        Some(Overlay::NewEngagement(form)) => draw_form(frame, area, form, theme),
        None => {}
    }
}

fn draw_help(frame: &mut Frame, area: Rect, state: &State, help: &Help, theme: &Theme) {
    let entries = state.help_entries(help);
    let box_area = centered(area, 60, entries.len() as u16 + 5);
    frame.render_widget(Clear, box_area);
    let title = format!(
        " Help: {} — type to filter, ↑↓ choose, Enter runs, Esc closes ",
        state.screen.title()
    );
    let block = Block::bordered().title(fit(&title, box_area.width.saturating_sub(2) as usize));
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let width = inner.width as usize;
    let mut lines = vec![
        Line::from(vec![
            Span::styled("filter: ", theme.dim),
            Span::raw(help.query.value().to_string()),
        ]),
        Line::raw(""),
    ];
    let visible = (inner.height as usize).saturating_sub(2);
    let offset = scroll_offset(help.selected, visible, entries.len());
    for (i, binding) in entries.iter().enumerate().skip(offset).take(visible) {
        let style = if i == help.selected { theme.selected } else { theme.text };
        let key = pad(&binding.key.label(), 12);
        lines.push(Line::from(vec![
            Span::styled(key, theme.accent.patch(style)),
            Span::styled(pad(binding.desc, width.saturating_sub(12)), style),
        ]));
    }
    if entries.is_empty() {
        lines.push(Line::styled("no key matches", theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let cursor_x = inner.x + 8 + help.query.value().width() as u16;
    frame
        .set_cursor_position(Position::new(cursor_x.min(inner.right().saturating_sub(1)), inner.y));
}

/// A form: one line per field with its value, and its error beneath when it has one.
pub fn draw_form(frame: &mut Frame, area: Rect, form: &Form, theme: &Theme) {
    const LABEL: usize = 11;
    let errors = form.fields.iter().filter(|f| f.error.is_some()).count()
        + usize::from(form.error.is_some());
    let height = (form.fields.len() + errors) as u16 + 4;
    let box_area = centered(area, 64, height);
    frame.render_widget(Clear, box_area);
    let block = Block::bordered()
        .title(format!(" {} — Enter saves, Esc cancels, Tab next field ", form.title));
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let width = (inner.width as usize).saturating_sub(LABEL);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let label_style = if focused { theme.accent.patch(theme.title) } else { theme.text };
        let value = field.input.value();
        let shown = if value.is_empty() {
            Span::styled(fit(&field.placeholder, width), theme.dim)
        } else {
            Span::raw(fit(value, width))
        };
        if focused {
            let before: String = value.chars().take(field.input.cursor()).collect();
            cursor = Some((lines.len() as u16, (LABEL + before.width().min(width)) as u16));
        }
        lines.push(Line::from(vec![Span::styled(pad(field.label, LABEL), label_style), shown]));
        if let Some(error) = &field.error {
            lines.push(Line::styled(format!("{}{}", pad("", LABEL), fit(error, width)), theme.bad));
        }
    }
    if let Some(error) = &form.error {
        lines.push(Line::styled(fit(error, inner.width as usize), theme.bad));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((row, column)) = cursor {
        let x = (inner.x + column).min(inner.right().saturating_sub(1));
        let y = (inner.y + row).min(inner.bottom().saturating_sub(1));
        frame.set_cursor_position(Position::new(x, y));
    }
}
