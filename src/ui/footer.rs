//! The frame's last line (two while a long message is shown): the filter being typed, the
//! last action's message, a key sequence under way, or the keys that work here.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::widgets::{self, fit};
use crate::app::{Action, State};

/// The filter being typed, the message of the last action, a key sequence under way, or
/// the keys that work here.
pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    message: Vec<String>,
    theme: &Theme,
) {
    let width = area.width as usize;
    if let Some(filter) = &state.filter {
        let query = filter.input.value();
        let mut spans =
            vec![Span::styled("/", theme.accent), Span::raw(fit(query, width.saturating_sub(40)))];
        if filter.typing {
            let before: String = query.chars().take(filter.input.cursor()).collect();
            let x = area.x
                + 1
                + UnicodeWidthStr::width(before.as_str()).min(width.saturating_sub(41)) as u16;
            frame.set_cursor_position(Position::new(x, area.y));
            spans.push(Span::styled("   Enter keep · Esc clear", theme.dim));
        } else {
            let key = |action| state.key_label(action);
            let (next, previous, clear) =
                (key(Action::NextMatch), key(Action::PrevMatch), key(Action::Back));
            let keys = format!("   {next}/{previous} next/previous match · {clear} clear");
            spans.push(Span::styled(keys, theme.dim));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    if !message.is_empty() {
        let lines: Vec<Line> =
            message.into_iter().map(|l| Line::styled(format!(" {l}"), theme.warn)).collect();
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let line = if !state.pending_keys().is_empty() {
        let typed = crate::app::keymap::sequence_label(state.pending_keys());
        Line::styled(format!(" {typed} …"), theme.accent)
    } else {
        key_hints(state, width, theme)
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// The message of the last action as the footer shows it: on one line, or wrapped at
/// whole words onto a second one when it does not fit (the footer grows by a line while
/// it is shown); none while a filter is shown instead.
pub(super) fn message_lines(state: &State, width: usize) -> Vec<String> {
    let Some(message) = state.message.as_deref().filter(|_| state.filter.is_none()) else {
        return Vec::new();
    };
    let width = width.saturating_sub(1);
    let mut lines = widgets::wrap_whole(message, width);
    if lines.len() > 2 {
        let rest = lines.split_off(1).join(" ");
        lines.push(fit(&rest, width));
    }
    lines
}

/// The footer's keys: as many whole hints as fit, then the key that shows the others.
fn key_hints(state: &State, width: usize, theme: &Theme) -> Line<'static> {
    use crate::app::keymap::sequence_label;
    let bindings = state.bindings();
    // An action's narrowest binding gives its keys: a key the config rebinds on one screen
    // is shown there with its new keys, even when only the global binding is hinted.
    let mut hints: Vec<(Action, String, &str)> = Vec::new();
    for b in &bindings {
        let hinted = bindings.iter().any(|other| other.action == b.action && other.hint);
        if hinted && !b.keys.is_empty() && !hints.iter().any(|(a, ..)| *a == b.action) {
            hints.push((b.action, sequence_label(&b.keys), b.desc));
        }
    }
    let help = bindings.iter().find(|b| b.action == Action::Help && !b.keys.is_empty());
    let more = help.map_or(" …".to_string(), |b| format!(" … {} help", sequence_label(&b.keys)));
    let hint_width = |(_, keys, desc): &(Action, String, &str)| keys.width() + desc.width() + 3;
    let all: usize = hints.iter().map(hint_width).sum();
    let room = if all <= width { width } else { width.saturating_sub(more.width()) };
    if all > width {
        // The help key ends the line after the "…": not a second time before it.
        hints.retain(|(action, ..)| *action != Action::Help);
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for hint in &hints {
        used += hint_width(hint);
        if used > room {
            break;
        }
        spans.push(Span::styled(format!(" {}", hint.1), theme.accent));
        spans.push(Span::styled(format!(" {} ", hint.2), theme.dim));
    }
    if all > width {
        spans.push(Span::styled(more, theme.accent));
    }
    Line::from(spans)
}
