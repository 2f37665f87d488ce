//! The Operations view of the Readiness screen: the service desk's tickets week by week —
//! the share the client's team resolved alone, SLA attainment, open P1s — a chart of the
//! client's share, and the hypercare exit criteria with the figures that decide them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use super::widgets::{TableSpec, TextCell, cell, fit, sparkline, virtual_table};
use crate::app::{Action, ListArea, Opened, State};
use crate::model::evidence::{self, Week};

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    opened: &Opened,
    (shown, row): (&[usize], usize),
    theme: &Theme,
) -> ListArea {
    let criteria = &opened.hypercare;
    let below = criteria.len() as u16 + 2;
    let [table, summary] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(below)]).areas(area);
    let weeks = state.operations_weeks();
    draw_summary(frame, summary, weeks, criteria, theme);
    let rows = weeks
        .iter()
        .enumerate()
        .filter(|(i, _)| shown.binary_search(i).is_ok())
        .map(|(_, w)| week_row(w, theme))
        .collect();
    let open = state.key_label(Action::Drill);
    let title = match opened.data.tickets.len() {
        0 => " Operations — no tickets (botdash tickets import) ".to_string(),
        1 => format!(" Operations — 1 ticket, by ISO week ({open}: the tickets) "),
        n => format!(" Operations — {n} tickets, by ISO week ({open}: the tickets) "),
    };
    virtual_table(
        frame,
        table,
        TableSpec {
            title,
            header: vec!["Week", "Resolved", "Client alone", "P1/P2 SLA", "All SLA", "Open P1"],
            widths: vec![
                Constraint::Length(8),
                Constraint::Length(8),
                Constraint::Length(12),
                Constraint::Length(9),
                Constraint::Length(7),
                Constraint::Fill(1),
            ],
        },
        rows,
        Some(row),
        theme,
    )
}

fn week_row(w: &Week, theme: &Theme) -> Vec<TextCell> {
    let share = |p: Option<u32>| p.map_or_else(|| "—".to_string(), |p| format!("{p} %"));
    let open = cell(w.open_p1.to_string());
    vec![
        cell(w.label()),
        cell(w.resolved.to_string()),
        cell(share(w.client_share())),
        cell(share(w.urgent_sla())),
        cell(share(w.all_sla())),
        if w.open_p1 > 0 { open.style(theme.bad) } else { open },
    ]
}

/// The client's share as a chart, oldest week first, and each hypercare criterion's verdict.
fn draw_summary(
    frame: &mut Frame,
    area: Rect,
    weeks: &[Week],
    criteria: &[(String, evidence::Check)],
    theme: &Theme,
) {
    let block = Block::default().borders(Borders::TOP).title(" Hypercare exit ");
    let width = block.inner(area).width as usize;
    // A week with nothing resolved has no share: a gap in the chart, not a zero.
    let shares: Vec<Option<f64>> =
        weeks.iter().rev().map(|w| w.client_share().map(f64::from)).collect();
    let recent = &shares[shares.len().saturating_sub(width.saturating_sub(14))..];
    let mut lines = vec![Line::from(vec![
        Span::raw("Client alone "),
        Span::styled(sparkline(recent.iter().copied(), 100.0), theme.accent),
    ])];
    for (title, check) in criteria {
        let (mark, style) = if check.met { ("✓ ", theme.good) } else { ("✗ ", theme.bad) };
        let text = fit(&format!("{title}: {}", check.figures), width.saturating_sub(2));
        lines.push(Line::from(vec![Span::styled(mark, style), Span::raw(text)]));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
