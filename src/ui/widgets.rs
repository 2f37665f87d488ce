//! Small text pieces shared by the screens: fitted cells, bars, sparklines.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Row, Table};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::app::ListArea;
use crate::model::text::sanitize;

/// `text` made safe and cut to `width` columns, with an ellipsis when cut.
pub fn fit(text: &str, width: usize) -> String {
    let clean: Cow<str> = sanitize(text);
    if clean.width() <= width {
        return clean.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in clean.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `text` made safe and wrapped at spaces into at most `lines` lines of `width` columns, the
/// last one cut with an ellipsis when the text is longer.
pub fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let clean = sanitize(text);
    let mut out: Vec<String> = Vec::new();
    let mut words = clean.split(' ').peekable();
    while let Some(word) = words.next() {
        let fits = out.last().is_some_and(|line| line.width() + 1 + word.width() <= width);
        if fits && let Some(line) = out.last_mut() {
            line.push(' ');
            line.push_str(word);
        } else if out.len() == lines {
            let rest: Vec<&str> = std::iter::once(word).chain(words).collect();
            let last = out.pop().unwrap_or_default();
            out.push(fit(&format!("{last} {}", rest.join(" ")), width));
            break;
        } else {
            out.push(fit(word, width));
        }
    }
    out
}

/// `text` on lines of at most `width` columns, broken between words and, where one word is
/// too long, inside it: all of it, never cut (for the detail pane, which shows a record whole).
pub fn wrap_whole(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut parts = Vec::new();
    for line in text.lines() {
        let first = parts.len();
        let mut part = String::new();
        for word in line.split(' ') {
            let needed = part.width() + usize::from(!part.is_empty()) + word.width();
            if needed > width && !part.is_empty() {
                parts.push(std::mem::take(&mut part));
            }
            if !part.is_empty() {
                part.push(' ');
            }
            part.push_str(word);
            while part.width() > width {
                let cut: String = part
                    .chars()
                    .scan(0, |used, c| {
                        *used += c.width().unwrap_or(0);
                        (*used <= width).then_some(c)
                    })
                    .collect();
                // A character wider than the width still takes a line of its own.
                let cut = if cut.is_empty() { part.chars().take(1).collect() } else { cut };
                part = part[cut.len()..].to_string();
                parts.push(cut);
            }
        }
        // An empty line stays; a line whose last word filled its last part adds no empty one.
        if !part.is_empty() || parts.len() == first {
            parts.push(part);
        }
    }
    parts
}

/// Notes for an area: each wrapped onto up to three lines where all then fit, else one line
/// each; when even that is too many, the last line says how many more there are and where
/// they are (`rest`): a list is never cut silently.
pub fn notes(items: Vec<(String, Style)>, area: Rect, rest: &str) -> Vec<Line<'static>> {
    let (width, height) = (usize::from(area.width), usize::from(area.height));
    let wrapped = |lines| -> Vec<Line<'static>> {
        let each = items.iter().map(|(text, style)| (wrap(text, width, lines), *style));
        each.flat_map(|(texts, style)| texts.into_iter().map(move |t| Line::styled(t, style)))
            .collect()
    };
    let roomy = wrapped(3);
    if roomy.len() <= height {
        return roomy;
    }
    let mut lines = wrapped(1);
    if lines.len() > height && height > 0 {
        // One line per item now; a heading ("missing for L2 …:") never ends the kept ones.
        let mut kept = height - 1;
        while kept > 0 && items[kept - 1].0.ends_with(':') {
            kept -= 1;
        }
        let hidden = lines.len() - kept;
        lines.truncate(kept);
        lines.push(Line::raw(fit(&format!("… {hidden} more: {rest}"), width)));
    }
    lines
}

/// `text` fitted to `width`, with the characters the filter matched emphasised.
pub fn highlighted(
    text: &str,
    width: usize,
    fuzzy: &crate::app::filter::Fuzzy,
    base: Style,
    mark: Style,
) -> Line<'static> {
    let fitted = fit(text, width);
    let positions = fuzzy.positions(&fitted);
    if positions.is_empty() {
        return Line::styled(fitted, base);
    }
    let spans: Vec<Span<'static>> = fitted
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let style = if positions.binary_search(&i).is_ok() { base.patch(mark) } else { base };
            Span::styled(c.to_string(), style)
        })
        .collect();
    Line::from(spans)
}

/// `text` fitted and padded with spaces to exactly `width` columns.
pub fn pad(text: &str, width: usize) -> String {
    let mut out = fit(text, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// A bar of `width` cells, `ratio` of them full.
pub fn bar(ratio: f64, width: usize) -> String {
    let full = ((ratio.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    "█".repeat(full) + &"░".repeat(width - full)
}

/// A one-line sparkline of `values` scaled to 0..=max; a value not known (`None`) is a gap,
/// never drawn as a zero.
pub fn sparkline(values: impl IntoIterator<Item = Option<f64>>, max: f64) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .into_iter()
        .map(|v| match v {
            Some(v) if max > 0.0 => BLOCKS[(v / max * 7.0).round().clamp(0.0, 7.0) as usize],
            Some(_) => BLOCKS[0],
            None => ' ',
        })
        .collect()
}

/// A box of at most `width`×`height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Days from `today` to `date`, as "in 12 d", "today" or "5 d ago".
pub fn days_until(today: chrono::NaiveDate, date: chrono::NaiveDate) -> String {
    match (date - today).num_days() {
        0 => "today".into(),
        n if n > 0 => format!("in {n} d"),
        n => format!("{} d ago", -n),
    }
}

/// A line of view names, the current one highlighted.
pub fn tab_line<'a>(
    tabs: impl Iterator<Item = (&'a str, bool)>,
    theme: &super::Theme,
) -> ratatui::text::Line<'a> {
    use ratatui::text::Span;
    let mut spans = Vec::new();
    for (title, current) in tabs {
        let style = if current { theme.selected.patch(theme.title) } else { theme.dim };
        spans.push(Span::styled(format!(" {title} "), style));
        spans.push(Span::raw(" "));
    }
    ratatui::text::Line::from(spans)
}

/// What a virtual table shows above its rows.
pub struct TableSpec<'a> {
    pub title: String,
    pub header: Vec<&'a str>,
    pub widths: Vec<Constraint>,
}

/// A table cell's text and style; the table cuts the text to its column, with `…`, before
/// its tail, which stays whole.
pub struct TextCell {
    text: String,
    tail: String,
    style: Style,
}

/// A cell of `text` in the row's style.
pub fn cell(text: impl Into<String>) -> TextCell {
    TextCell { text: text.into(), tail: String::new(), style: Style::default() }
}

impl TextCell {
    pub fn style(self, style: Style) -> TextCell {
        TextCell { style, ..self }
    }

    /// The cell with `tail` after its text, kept whole where the text is cut (e.g. a count
    /// the row is for, after a name).
    pub fn tail(self, tail: impl Into<String>) -> TextCell {
        TextCell { tail: tail.into(), ..self }
    }

    /// The cell for a column `width` wide.
    fn fitted(self, width: usize) -> Cell<'static> {
        let tail = fit(&self.tail, width);
        let text = fit(&self.text, width.saturating_sub(tail.width())) + &tail;
        Cell::from(text).style(self.style)
    }
}

/// Where each of `spans` lands when drawn as one line in `area`, cut at its right edge.
pub fn span_places(area: Rect, spans: &[Span]) -> Vec<Rect> {
    let mut x = area.x;
    spans
        .iter()
        .map(|span| {
            let width = span.width() as u16;
            let place = Rect { x, width, ..area }.intersection(area);
            x = x.saturating_add(width);
            place
        })
        .collect()
}

/// The widths of a table's columns in `width` cells, one apart, as the table lays them out.
pub fn column_widths(width: u16, constraints: &[Constraint]) -> Vec<usize> {
    Layout::horizontal(constraints.iter().copied())
        .flex(Flex::Start)
        .spacing(1)
        .split(Rect::new(0, 0, width, 1))
        .iter()
        .map(|r| usize::from(r.width))
        .collect()
}

/// A table given only the rows that fit, scrolled so that `selected` is visible; its
/// title says how many rows are scrolled away above and below.
pub fn virtual_table(
    frame: &mut Frame,
    area: Rect,
    spec: TableSpec,
    rows: Vec<Vec<TextCell>>,
    selected: Option<usize>,
    theme: &super::Theme,
) -> ListArea {
    let inner_height = area.height.saturating_sub(1);
    let visible = inner_height.saturating_sub(1) as usize;
    let offset = scroll_offset(selected.unwrap_or(0), visible, rows.len());
    let more = more_title(offset, rows.len().saturating_sub(offset + visible));
    let room = usize::from(area.width).saturating_sub(more.as_ref().map_or(0, |m| m.width() + 1));
    let mut block = Block::default().borders(Borders::TOP).title(fit(&spec.title, room));
    if let Some(more) = more {
        block = block.title(Line::styled(more, theme.accent).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let widths = column_widths(inner.width, &spec.widths);
    let shown = offset..rows.len().min(offset + visible);
    let rows = rows.into_iter().enumerate().skip(offset).take(visible).map(|(i, cells)| {
        let style = if Some(i) == selected { theme.selected } else { theme.text };
        Row::new(cells.into_iter().zip(&widths).map(|(c, &w)| c.fitted(w))).style(style)
    });
    let header = spec.header.iter().zip(&widths).map(|(h, &w)| fit(h, w));
    let header = Row::new(header).style(theme.title);
    frame.render_widget(Table::new(rows, spec.widths).header(header).column_spacing(1), inner);
    rows_below_header(inner, shown)
}

/// Where a table in `inner` drew `rows`: on the lines under its one-line header.
pub fn rows_below_header(inner: Rect, rows: std::ops::Range<usize>) -> ListArea {
    let area =
        Rect { y: inner.y.saturating_add(1), height: inner.height.saturating_sub(1), ..inner };
    ListArea { area, rows }
}

/// " ↑ 3 more · ↓ 12 more " for rows scrolled away, when any are.
pub fn more_title(above: usize, below: usize) -> Option<String> {
    match (above, below) {
        (0, 0) => None,
        (0, b) => Some(format!(" ↓ {b} more ")),
        (a, 0) => Some(format!(" ↑ {a} more ")),
        (a, b) => Some(format!(" ↑ {a} more · ↓ {b} more ")),
    }
}

/// The first row to show so that `selected` is visible in `height` rows.
pub fn scroll_offset(selected: usize, height: usize, len: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    let half = height / 2;
    selected.saturating_sub(half).min(len - height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sparkline_leaves_a_gap_where_a_value_is_not_known() {
        let values = [Some(0.0), None, Some(50.0), Some(100.0)];
        assert_eq!(sparkline(values, 100.0), "▁ ▅█");
    }

    #[test]
    fn fitting_respects_wide_characters() {
        assert_eq!(fit("東京東京", 5), "東京…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(fit("a\x1b[2Jb", 10), "a^[[2Jb");
    }

    #[test]
    fn wrapping_whole_keeps_every_character_even_on_the_narrowest_line() {
        assert_eq!(wrap_whole("ab cdefg", 3), ["ab", "cde", "fg"]);
        assert_eq!(wrap_whole("東京", 1), ["東", "京"]);
        assert_eq!(wrap_whole("one\ntwo", 10), ["one", "two"]);
    }

    #[test]
    fn wrapping_cuts_only_the_last_line() {
        assert_eq!(
            wrap("at the current pace 2027-01-04", 14, 3),
            ["at the current", "pace", "2027-01-04"]
        );
        assert_eq!(
            wrap("at the current pace 2027-01-04", 14, 2),
            ["at the current", "pace 2027-01-…"]
        );
        assert_eq!(wrap("short", 14, 2), ["short"]);
    }

    #[test]
    fn cut_notes_never_end_on_a_heading_and_say_how_many_more() {
        let items = ["⚠ 1 overdue", "late on plan:", "· hire Ben", "· hire Ines"];
        let items = items.iter().map(|t| (t.to_string(), Style::default())).collect();
        let lines = notes(items, Rect::new(0, 0, 30, 3), "L lists all");
        let texts: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(texts, ["⚠ 1 overdue", "… 3 more: L lists all"]);
    }

    #[test]
    fn scrolling_keeps_the_selection_visible() {
        assert_eq!(scroll_offset(0, 10, 100), 0);
        assert_eq!(scroll_offset(50, 10, 100), 45);
        assert_eq!(scroll_offset(99, 10, 100), 90);
        assert_eq!(scroll_offset(5, 10, 8), 0);
    }
}
