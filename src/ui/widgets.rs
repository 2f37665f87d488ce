//! Small text pieces shared by the screens: fitted cells, bars, sparklines.

use std::borrow::Cow;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
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

/// A one-line sparkline of `values` scaled to 0..=max.
pub fn sparkline(values: &[f64], max: f64) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    values
        .iter()
        .map(|v| {
            let i = if max > 0.0 { (v / max * 7.0).round().clamp(0.0, 7.0) as usize } else { 0 };
            BLOCKS[i]
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
    pub widths: Vec<ratatui::layout::Constraint>,
}

/// A table given only the rows that fit, scrolled so that `selected` is visible.
pub fn virtual_table<'a>(
    frame: &mut ratatui::Frame,
    area: Rect,
    spec: TableSpec<'a>,
    rows: Vec<Vec<ratatui::widgets::Cell<'a>>>,
    selected: Option<usize>,
    theme: &super::Theme,
) -> ListArea {
    use ratatui::widgets::{Block, Borders, Row, Table};
    let block = Block::default().borders(Borders::TOP).title(spec.title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let visible = inner.height.saturating_sub(1) as usize;
    let offset = scroll_offset(selected.unwrap_or(0), visible, rows.len());
    let shown = offset..rows.len().min(offset + visible);
    let rows = rows.into_iter().enumerate().skip(offset).take(visible).map(|(i, cells)| {
        let style = if Some(i) == selected { theme.selected } else { theme.text };
        Row::new(cells).style(style)
    });
    let header = Row::new(spec.header).style(theme.title);
    frame.render_widget(Table::new(rows, spec.widths).header(header).column_spacing(1), inner);
    rows_below_header(inner, shown)
}

/// Where a table in `inner` drew `rows`: on the lines under its one-line header.
pub fn rows_below_header(inner: Rect, rows: std::ops::Range<usize>) -> ListArea {
    let area =
        Rect { y: inner.y.saturating_add(1), height: inner.height.saturating_sub(1), ..inner };
    ListArea { area, rows }
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
    fn fitting_respects_wide_characters() {
        assert_eq!(fit("東京東京", 5), "東京…");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(fit("abc", 0), "");
        assert_eq!(fit("a\x1b[2Jb", 10), "a^[[2Jb");
    }

    #[test]
    fn scrolling_keeps_the_selection_visible() {
        assert_eq!(scroll_offset(0, 10, 100), 0);
        assert_eq!(scroll_offset(50, 10, 100), 45);
        assert_eq!(scroll_offset(99, 10, 100), 90);
        assert_eq!(scroll_offset(5, 10, 8), 0);
    }
}
