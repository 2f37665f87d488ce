//! The engagements screen: the portfolio, one row per engagement, with the counts over all
//! of them; or a welcome on an empty database.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

use super::Theme;
use super::widgets::{
    centered, column_widths, days_until, fit, highlighted, rows_below_header, scroll_offset,
    sparkline,
};
use crate::app::{BudgetStatus, EngagementRow, ListColumn, RowSummary, State, Visible};

/// From this inner width on, the list shows level, docs and budget words in columns of
/// their own, and a trend of `WIDE_TREND` days.
const WIDE: u16 = 110;
/// From this inner width on, the list also shows the next milestone.
const WIDEST: u16 = 150;
/// Days of readiness history in the trend column, on wide and on narrow terminals.
const WIDE_TREND: usize = 14;
const NARROW_TREND: usize = 7;

/// The columns shown at `width`, with their widths (room for the title and a sort mark).
fn layout(width: u16) -> Vec<(ListColumn, Constraint)> {
    use ListColumn::*;
    let wide = width >= WIDE;
    let trend = if wide { WIDE_TREND } else { NARROW_TREND };
    let mut columns = vec![(Client, Constraint::Fill(2)), (Name, Constraint::Fill(3))];
    let fixed: &[(ListColumn, u16)] = if wide {
        &[(Phase, 8), (Score, 6), (Level, 6), (Docs, 5), (Risk, 5), (Transfer, 10), (Budget, 9)]
    } else {
        &[(Phase, 8), (Score, 7), (Risk, 5), (Transfer, 9), (Budget, 7)]
    };
    columns.extend(fixed.iter().map(|&(c, w)| (c, Constraint::Length(w))));
    if width >= WIDEST {
        columns.push((Milestone, Constraint::Length(24)));
    }
    columns.extend([(Overdue, Constraint::Length(8)), (Trend, Constraint::Length(trend as u16))]);
    columns
}

/// Draws the list; returns where it showed which positions in `engagement_rows`, and the
/// columns it showed.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Visible {
    if state.engagements.is_empty() {
        draw_welcome(frame, area, state, theme);
        return Visible::default();
    }
    let columns = layout(area.width);
    // Under the title line, the header row, then the lines.
    let visible = area.height.saturating_sub(2) as usize;
    let shown = state.screens.engagements.rows(&state.context());
    let offset = scroll_offset(state.screens.engagements.cursor(), visible, shown.len());
    let lines = (offset + 1, (offset + visible).min(shown.len()), shown.len());
    let block = title_block(state, &columns, (area.width, lines), theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let constraints: Vec<Constraint> = columns.iter().map(|(_, c)| *c).collect();
    let fitted = column_widths(inner.width, &constraints);
    let rows = shown.iter().enumerate().skip(offset).take(visible).map(|(i, &index)| {
        let row = &state.engagements[index];
        let cells = columns.iter().zip(&fitted).map(|(&(column, _), &width)| {
            line_cell(state, row, column, width, inner.width >= WIDE, theme)
        });
        let style =
            if i == state.screens.engagements.cursor() { theme.selected } else { theme.text };
        Row::new(cells).style(if row.engagement.archived { style.patch(theme.dim) } else { style })
    });
    let header = columns.iter().zip(&fitted).map(|(&(column, _), &width)| {
        Cell::from(fit(
            &format!("{}{}", column.title(), sort_mark(state, column, inner.width)),
            width,
        ))
    });
    let table =
        Table::new(rows, constraints).header(Row::new(header).style(theme.title)).column_spacing(1);
    frame.render_widget(table, inner);
    let drawn = rows_below_header(inner, offset..shown.len().min(offset + visible));
    Visible {
        spots: drawn.spots(),
        engagements: drawn.rows,
        list_columns: columns.into_iter().map(|(column, _)| column).collect(),
        ..Visible::default()
    }
}

/// The list's title: which lines of how many it shows (when they do not all fit), what it is
/// filtered to, how it is sorted when the sorted column is not shown, and the counts over
/// every engagement on the right.
fn title_block(
    state: &State,
    columns: &[(ListColumn, Constraint)],
    (width, (first, last, total)): (u16, (usize, usize, usize)),
    theme: &Theme,
) -> Block<'static> {
    let p = state.screens.engagements.portfolio;
    let mut title = String::from(" Engagements");
    if last - first + 1 < total {
        title += &format!(" {first}–{last} of {total}");
    }
    if p.at_risk_only {
        title += " · at risk only";
    }
    if !columns.iter().any(|(c, _)| stands_for(*c, p.sort, width)) {
        title += &format!(" · by {}{}", p.sort.title(), sort_mark(state, p.sort, width));
    }
    title += " ";
    let counts = state.portfolio_counts().map_or("…".to_string(), |c| c.text());
    let room = usize::from(width).saturating_sub(title.chars().count() + 3);
    Block::default().borders(Borders::TOP).title(title).title(
        Line::styled(format!(" {} ", fit(&counts, room.saturating_sub(2))), theme.accent)
            .right_aligned(),
    )
}

/// `▲` or `▼` after the title of the column the list is sorted by, `…` while the sort
/// waits for the figures; nothing after the others.
fn sort_mark(state: &State, column: ListColumn, width: u16) -> &'static str {
    let p = state.screens.engagements.portfolio;
    if !stands_for(column, p.sort, width) {
        ""
    } else if !state.sort_applied() {
        "…"
    } else if p.descending {
        "▼"
    } else {
        "▲"
    }
}

/// Whether the column shown as `column` holds `sort`'s figures: on narrow terminals the
/// score column holds the level too.
fn stands_for(column: ListColumn, sort: ListColumn, width: u16) -> bool {
    column == sort || (width < WIDE && (column, sort) == (ListColumn::Score, ListColumn::Level))
}

/// What the line of `row` shows in `column`, `width` wide; blank for a figure not read yet
/// (`…` for the verdict not known yet).
fn line_cell(
    state: &State,
    row: &EngagementRow,
    column: ListColumn,
    width: usize,
    wide: bool,
    theme: &Theme,
) -> Cell<'static> {
    let e = &row.engagement;
    let fuzzy = state.fuzzy();
    match column {
        ListColumn::Client => {
            Cell::from(highlighted(&e.client, width, &fuzzy, theme.text, theme.matched))
        }
        ListColumn::Name => {
            let archived = if e.archived { " (archived)" } else { "" };
            let name = format!("{}{archived}", e.name);
            Cell::from(highlighted(&name, width, &fuzzy, theme.text, theme.matched))
        }
        ListColumn::Phase => Cell::from(e.current_phase.label()),
        ListColumn::Transfer => {
            let days = e.planned_transfer_date.map(|d| days_until(state.today, d));
            Cell::from(fit(&days.unwrap_or_default(), width))
        }
        _ => match &row.summary {
            Some(s) => figure_cell(s, column, width, wide, theme),
            None => Cell::from(""),
        },
    }
}

/// A cell of the figures a line's summary holds.
fn figure_cell(
    s: &RowSummary,
    column: ListColumn,
    width: usize,
    wide: bool,
    theme: &Theme,
) -> Cell<'static> {
    let r = &s.readiness;
    match column {
        ListColumn::Score => {
            let score_style = if r.meets_threshold() { theme.good } else { theme.text };
            let text = if wide {
                format!("{:5.1}", r.score)
            } else {
                format!("{:4.1} {}", r.score, r.level)
            };
            Cell::from(text).style(score_style)
        }
        ListColumn::Level => Cell::from(r.level.as_str()),
        ListColumn::Docs => Cell::from(format!("{:3}%", s.docs_percent)),
        ListColumn::Risk => match s.at_risk {
            Some(true) => Cell::from("⚠").style(theme.bad),
            Some(false) => Cell::from(""),
            None => Cell::from("…").style(theme.dim),
        },
        ListColumn::Budget => {
            let text = match s.budget {
                BudgetStatus::OverPlan if !wide => "over",
                BudgetStatus::NoBudget if !wide => "none",
                status => status.label(),
            };
            let style = if s.budget == BudgetStatus::OverPlan { theme.bad } else { theme.text };
            Cell::from(text).style(style)
        }
        ListColumn::Milestone => {
            let milestone = s
                .next_milestone
                .as_ref()
                .map(|(date, what)| format!("{what} {}", date.format("%Y-%m-%d")));
            Cell::from(fit(&milestone.unwrap_or_default(), width))
        }
        // Only a figure gets the alarm style: a theme may paint it as a block.
        ListColumn::Overdue if s.overdue > 0 => Cell::from(s.overdue.to_string()).style(theme.bad),
        ListColumn::Overdue => Cell::from(""),
        ListColumn::Trend => {
            let trend = &s.trend[s.trend.len().saturating_sub(width)..];
            Cell::from(sparkline(trend.iter().copied().map(Some), 100.0)).style(theme.accent)
        }
        ListColumn::Client | ListColumn::Name | ListColumn::Phase | ListColumn::Transfer => {
            Cell::from("")
        }
    }
}

fn draw_welcome(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let key = |k: &'static str| Span::styled(k, theme.accent.patch(theme.title));
    let mut lines = vec![
        Line::styled("Welcome to botdash", theme.title),
        Line::raw(""),
        Line::raw("This database holds no engagement yet."),
        Line::raw(""),
    ];
    if state.read_only {
        lines.push(Line::raw("It is open read-only, so nothing can be added."));
    } else {
        lines.push(Line::from(vec![
            Span::raw("Press "),
            key("a"),
            Span::raw(" to create your first engagement"),
        ]));
        lines.push(Line::raw("from the standard BOT template."));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![key("?"), Span::raw(" help   "), key("q"), Span::raw(" quit")]));
    lines.push(Line::raw(""));
    lines.push(Line::styled("Try `botdash demo` for a sample.", theme.dim));
    let box_area = centered(area, 52, lines.len() as u16 + 2);
    let paragraph =
        Paragraph::new(lines).centered().wrap(Wrap { trim: true }).block(Block::bordered());
    frame.render_widget(paragraph, box_area);
}
