//! Overlays drawn over the screen: help and palette, forms, confirmations.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::widgets::{centered, fit, pad, scroll_offset, wrap_whole};
use crate::app::form::{Form, InputKind};
use crate::app::picker::{Picker, PickerKind};
use crate::app::{Confirm, Overlay, State};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    match &state.overlay {
        Some(Overlay::Picker(picker)) => draw_picker(frame, area, state, picker, theme),
        Some(Overlay::Form(record)) => draw_form(frame, area, &record.form, theme),
        Some(Overlay::Confirm(confirm)) => {
            if let Some(back) = &confirm.back
                && let Overlay::Form(record) = back.as_ref()
            {
                draw_form(frame, area, &record.form, theme);
            }
            draw_confirm(frame, area, confirm, theme);
        }
        None => {}
    }
}

/// The help and the palette: the screen's actions, filtered by the query.
fn draw_picker(frame: &mut Frame, area: Rect, state: &State, picker: &Picker, theme: &Theme) {
    let entries = picker.entries(&state.bindings());
    let box_area = centered(area, 64, entries.len() as u16 + 5);
    frame.render_widget(Clear, box_area);
    let title = match picker.kind {
        PickerKind::Help => {
            format!(" Help: {} — type to search, Enter runs ", state.screen.title())
        }
        PickerKind::Palette => " Command palette — type, ↑↓, Enter runs, Esc closes ".to_string(),
    };
    let block = Block::bordered().title(fit(&title, box_area.width.saturating_sub(2) as usize));
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let width = inner.width as usize;
    let prompt = match picker.kind {
        PickerKind::Help => "search: ",
        PickerKind::Palette => ":",
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(prompt, theme.accent),
            Span::raw(picker.query.value().to_string()),
        ]),
        Line::raw(""),
    ];
    let visible = (inner.height as usize).saturating_sub(2);
    let offset = scroll_offset(picker.selected, visible, entries.len());
    const KEYS: usize = 14;
    for (i, entry) in entries.iter().enumerate().skip(offset).take(visible) {
        let style = if i == picker.selected { theme.selected } else { theme.text };
        let text = match picker.kind {
            PickerKind::Help => entry.desc.to_string(),
            PickerKind::Palette => format!("{} — {}", entry.action.name(), entry.desc),
        };
        lines.push(Line::from(vec![
            Span::styled(pad(&entry.keys, KEYS), theme.accent.patch(style)),
            Span::styled(pad(&text, width.saturating_sub(KEYS)), style),
        ]));
    }
    if entries.is_empty() {
        lines.push(Line::styled("nothing matches", theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let x = inner.x + (prompt.width() + picker.query.value().width()) as u16;
    frame.set_cursor_position(Position::new(x.min(inner.right().saturating_sub(1)), inner.y));
}

/// Lines a multi-line field takes in a form.
const TEXT_LINES: usize = 5;

/// A form's width, borders included, where the terminal is wide enough.
const FORM_WIDTH: u16 = 72;

/// A form: one line per field with its value (a few for multi-line ones), and its error
/// beneath when it has one.
fn draw_form(frame: &mut Frame, area: Rect, form: &Form, theme: &Theme) {
    // The label column: the longest label with its required marker, and a space.
    let label_width = |f: &crate::app::form::Field| f.label.width() + usize::from(f.required);
    let label_column = form.fields.iter().map(label_width).max().unwrap_or(0) + 1;
    let inner_width = usize::from(FORM_WIDTH.min(area.width).saturating_sub(2));
    let width = inner_width.saturating_sub(label_column);
    // Errors are shown whole, wrapped at words: under the field, or the form's under all.
    let field_errors: Vec<Vec<String>> = form
        .fields
        .iter()
        .map(|f| f.error.as_deref().map_or_else(Vec::new, |e| wrap_whole(e, width)))
        .collect();
    let form_error = form.error.as_deref().map_or_else(Vec::new, |e| wrap_whole(e, inner_width));
    let value_rows = |f: &crate::app::form::Field| match f.kind {
        InputKind::MultiLine(_) => TEXT_LINES,
        _ => 1,
    };
    let rows: usize = form.fields.iter().map(value_rows).sum::<usize>()
        + field_errors.iter().map(Vec::len).sum::<usize>()
        + form_error.len()
        + form.notes.len();
    let box_area = centered(area, FORM_WIDTH, rows as u16 + 3);
    frame.render_widget(Clear, box_area);
    let block = Block::bordered().title(format!(" {} ", form.title));
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let mut y = inner.y;
    let bottom = inner.bottom().saturating_sub(1);
    let mut cursor = None;
    let multiline_help =
        form.fields.get(form.focus).is_some_and(|f| matches!(f.kind, InputKind::MultiLine(_)));
    for note in &form.notes {
        let row = Rect { x: inner.x, y: y.min(bottom), width: inner.width, height: 1 };
        frame.render_widget(
            Paragraph::new(Line::styled(fit(note, inner.width as usize), theme.warn)),
            row,
        );
        y += 1;
    }
    for (i, field) in form.fields.iter().enumerate() {
        if y >= bottom {
            break;
        }
        let focused = i == form.focus;
        let label_style = if focused { theme.accent.patch(theme.title) } else { theme.text };
        let marker = if field.required { "*" } else { "" };
        let label =
            Span::styled(pad(&format!("{}{marker}", field.label), label_column), label_style);
        let row = Rect { x: inner.x, y, width: inner.width, height: 1 };
        if let InputKind::MultiLine(area) = &field.kind {
            let height = (TEXT_LINES as u16).min(bottom - y);
            frame.render_widget(Paragraph::new(Line::from(label)), row);
            let text_area =
                Rect { x: inner.x + label_column as u16, y, width: width as u16, height };
            // The text area draws its own cursor.
            frame.render_widget(area.as_ref(), text_area);
            y += height;
        } else {
            let value = field.display();
            let shown = if value.is_empty() {
                Span::styled(fit(&field.placeholder, width), theme.dim)
            } else {
                Span::raw(fit(&value, width))
            };
            frame.render_widget(Paragraph::new(Line::from(vec![label, shown])), row);
            if focused && !field.is_choice() {
                let before: String =
                    field.input.value().chars().take(field.input.cursor()).collect();
                cursor = Some(Position::new(
                    inner.x + (label_column + before.width().min(width)) as u16,
                    y,
                ));
            }
            y += 1;
        }
        for line in &field_errors[i] {
            let row = Rect { x: inner.x, y: y.min(bottom), width: inner.width, height: 1 };
            let text = format!("{}{line}", pad("", label_column));
            frame.render_widget(Paragraph::new(Line::styled(text, theme.bad)), row);
            y += 1;
        }
    }
    for line in &form_error {
        let row = Rect { x: inner.x, y: y.min(bottom), width: inner.width, height: 1 };
        frame.render_widget(Paragraph::new(Line::styled(line.clone(), theme.bad)), row);
        y += 1;
    }
    let hint = if multiline_help {
        "Enter save · Alt-Enter new line · Ctrl-e $EDITOR · Esc cancel"
    } else {
        "Enter save · Tab next field · ←→ choose · Esc cancel"
    };
    let hint_row = Rect { x: inner.x, y: bottom, width: inner.width, height: 1 };
    frame.render_widget(
        Paragraph::new(Line::styled(fit(hint, inner.width as usize), theme.dim)),
        hint_row,
    );
    if let Some(position) = cursor {
        let x = position.x.min(inner.right().saturating_sub(1));
        frame.set_cursor_position(Position::new(x, position.y.min(bottom)));
    }
}

fn draw_confirm(frame: &mut Frame, area: Rect, confirm: &Confirm, theme: &Theme) {
    // Two lines for the question, more when it needs them; a blank line; the answers.
    const WIDTH: u16 = 56;
    let question = wrap_whole(&confirm.question, usize::from(WIDTH - 2)).len().max(2);
    let box_area = centered(area, WIDTH, question as u16 + 4);
    frame.render_widget(Clear, box_area);
    let block = Block::bordered().title(" Confirm ").border_style(theme.warn);
    let key = |k| Span::styled(k, theme.accent.patch(theme.title));
    let lines = vec![
        Line::raw(confirm.question.clone()),
        Line::raw(""),
        Line::from(match &confirm.other {
            None => vec![key("y"), Span::raw("/Enter yes   "), key("n"), Span::raw("/Esc no")],
            Some(other) => {
                let [yes, no] = other.words.map(|words| Span::raw(format!(" {words} · ")));
                vec![key("y"), yes, key("n"), no, key("Esc"), Span::raw(" back")]
            }
        }),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }).block(block), box_area);
}
