//! The person view in the detail pane: who they are, their key-person risks, skills, KT
//! topics and duties, scrolled so that the selected row shows, with what is scrolled away
//! counted in the frame.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::widgets::{fit, more_title, pad, scroll_offset, wrap};
use crate::app::detail::{PersonSection, sections};
use crate::app::{Action, State};
use crate::model::RecordId;
use crate::model::person::PersonReadiness;

/// The widest a column after the first gets, so that the first keeps room.
const COLUMN_MAX: usize = 18;

/// The widest sentences and dates are set: easy to read, and on as many lines at 80 columns
/// as beside a wide list, so that the view scrolls the same.
const MEASURE: usize = 76;

/// A line of the view, and the row it belongs to when it is part of one.
type ViewLine = (Line<'static>, Option<usize>);

pub fn draw(frame: &mut Frame, area: Rect, state: &State, selected: usize, theme: &Theme) {
    let inner = Rect::new(0, 0, area.width.saturating_sub(2), area.height.saturating_sub(2));
    let width = usize::from(inner.width);
    let (kind, lines) = match state.shown_person() {
        Some(person) => (kind(&person), person_lines(&person, selected, width, theme)),
        None => ("Person", vec![(Line::styled("that person is no longer there", theme.dim), None)]),
    };
    let height = usize::from(inner.height);
    let first = lines.iter().position(|(_, row)| *row == Some(selected)).unwrap_or(0);
    let offset = scroll_offset(first, height, lines.len());
    let more = more_title(offset, lines.len().saturating_sub(offset + height));
    let room = width.saturating_sub(more.as_ref().map_or(0, |m| m.width() + 1));
    let (open, close) = (state.key_label(Action::Drill), state.key_label(Action::Back));
    let title = format!(" {kind} · ↑↓ {open} opens · {close} closes ");
    let mut block =
        Block::default().borders(Borders::ALL).title(Span::styled(fit(&title, room), theme.title));
    if let Some(more) = more {
        block = block.title(Line::styled(more, theme.accent).right_aligned());
    }
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(height).map(|(l, _)| l).collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(shown).block(block), area);
}

fn kind(person: &PersonReadiness) -> &'static str {
    match person.record {
        RecordId::ContractorPerson(_) => "Contractor's person",
        _ => "Client person",
    }
}

/// Every line of the view, each row's lines marked with its index.
fn person_lines(
    person: &PersonReadiness,
    selected: usize,
    width: usize,
    theme: &Theme,
) -> Vec<ViewLine> {
    let who = [Some(person.name.as_str()), person.role.as_deref(), Some(&person.state)];
    let who: Vec<&str> = who.into_iter().flatten().collect();
    let dates: Vec<String> =
        person.dates.iter().map(|(what, day)| format!("{what} {day}")).collect();
    let mut lines: Vec<ViewLine> =
        vec![(Line::styled(fit(&who.join(" · "), width), theme.title), None)];
    let dates = packed(&dates, width.min(MEASURE)).into_iter();
    lines.extend(dates.map(|line| (Line::styled(line, theme.dim), None)));
    let mut row = 0;
    for section in sections(person) {
        lines.push((Line::raw(""), None));
        let title = format!("{} ({})", section.title, section.rows.len());
        lines.push((Line::styled(fit(&title, width), theme.accent), None));
        if section.rows.is_empty() {
            lines.push((Line::styled(fit(section.none, width), theme.dim), None));
        }
        lines.extend(section_lines(&section, row, selected, width, theme));
        row += section.rows.len();
    }
    lines
}

/// The rows of `section`, the first of which is the view's row `first`: sentences wrapped
/// under a "!", or a table under its header.
fn section_lines(
    section: &PersonSection,
    first: usize,
    selected: usize,
    width: usize,
    theme: &Theme,
) -> Vec<ViewLine> {
    let style = |row: usize, warn: bool| match (row == selected, warn) {
        (true, _) => theme.selected,
        (false, true) => theme.warn,
        (false, false) => theme.text,
    };
    let rows = section.rows.iter().enumerate().map(|(i, entry)| (first + i, entry));
    if section.header.is_empty() {
        let measure = width.min(MEASURE).saturating_sub(2);
        let wrapped = rows.flat_map(|(row, entry)| {
            let parts = wrap(&entry.cells.join(" "), measure, 3).into_iter().enumerate();
            parts.map(move |(i, part)| {
                let lead = if i == 0 { "! " } else { "  " };
                (Line::styled(format!("{lead}{part}"), style(row, entry.warn)), Some(row))
            })
        });
        return wrapped.collect();
    }
    let widths = column_widths(section, width);
    let header: Vec<String> = section.header.iter().map(|h| h.to_string()).collect();
    let header =
        (!section.rows.is_empty()).then(|| (table_line(&header, &widths, theme.dim), None));
    let table = rows
        .map(|(row, entry)| (table_line(&entry.cells, &widths, style(row, entry.warn)), Some(row)));
    header.into_iter().chain(table).collect()
}

/// `items` joined with " · " on as few lines of `width` as they fit on, none broken.
fn packed(items: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for item in items.iter().map(|item| fit(item, width)) {
        match lines.last_mut() {
            Some(line) if line.width() + 3 + item.width() <= width => {
                line.push_str(" · ");
                line.push_str(&item);
            }
            _ => lines.push(item),
        }
    }
    lines
}

/// The width of each column: as wide as its widest cell, the later ones up to a limit, the
/// first one at most what they leave.
fn column_widths(section: &PersonSection, width: usize) -> Vec<usize> {
    let widest = |column: usize| {
        let header = section.header.get(column).map_or(0, |h| h.width());
        let cells = section.rows.iter().filter_map(|r| r.cells.get(column)).map(|c| c.width());
        cells.chain([header]).max().unwrap_or(0)
    };
    let rest: Vec<usize> = (1..section.header.len()).map(|c| widest(c).min(COLUMN_MAX)).collect();
    let taken: usize = rest.iter().map(|w| w + 1).sum();
    std::iter::once(widest(0).min(width.saturating_sub(taken))).chain(rest).collect()
}

/// Cells fitted to their columns, one space apart.
fn table_line(cells: &[String], widths: &[usize], style: Style) -> Line<'static> {
    let text: Vec<String> = cells.iter().zip(widths).map(|(c, &w)| pad(&fit(c, w), w)).collect();
    Line::styled(text.join(" ").trim_end().to_string(), style)
}
