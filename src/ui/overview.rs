//! The overview: phase timeline, readiness with its dimensions and trend, warnings, overdue work.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use super::widgets::{bar, days_until, fit, pad};
use crate::app::notes::overview_notes;
use crate::app::{Opened, State, Visible};
use crate::model::{EngagementData, percent_text};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Visible {
    let Some(opened) = state.engagement_on_screen() else { return Visible::default() };
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
            .spacing(1)
            .areas(area);
    let [timeline, milestones, overdue] =
        Layout::vertical([Constraint::Length(11), Constraint::Length(5), Constraint::Min(0)])
            .areas(left);
    draw_timeline(frame, timeline, &opened.data, state.today, theme);
    draw_milestones(frame, milestones, &opened.data, state.today, theme);
    draw_overdue(frame, overdue, &opened.data, state.today, theme);
    draw_readiness(frame, right, state, opened, theme);
    Visible::default()
}

/// Planned and actual bars per phase on one date axis, with a marker for today.
fn draw_timeline(
    frame: &mut Frame,
    area: Rect,
    data: &EngagementData,
    today: NaiveDate,
    theme: &Theme,
) {
    let block = Block::default().borders(Borders::TOP).title(" Phases ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let dates = data.phases.iter().flat_map(|p| {
        [p.planned_start, p.planned_end, p.actual_start, p.actual_end].into_iter().flatten()
    });
    let (Some(first), Some(last)) = (dates.clone().min(), dates.max().map(|d| d.max(today))) else {
        frame.render_widget(Paragraph::new("no phase dates planned"), inner);
        return;
    };
    const LABEL: usize = 11;
    let cells = (inner.width as usize).saturating_sub(LABEL);
    let span_days = (last - first).num_days().max(1) as f64;
    let column = |d: NaiveDate| {
        (((d - first).num_days() as f64 / span_days) * cells.saturating_sub(1) as f64).round()
            as usize
    };
    let today_column = (today >= first).then(|| column(today));
    let row = |from: Option<NaiveDate>, to: Option<NaiveDate>, fill: char| -> String {
        (0..cells)
            .map(|c| match (from, to) {
                _ if Some(c) == today_column => '│',
                (Some(f), Some(t)) if c >= column(f) && c <= column(t) => fill,
                _ => ' ',
            })
            .collect()
    };
    let mut lines = vec![Line::styled(
        format!("{}{}", pad("░ planned", LABEL), pad(&format!("{first} … {last}"), cells)),
        theme.dim,
    )];
    for p in &data.phases {
        let current = p.kind == data.engagement.current_phase;
        let label_style = if current { theme.title } else { theme.text };
        let actual_end = p.actual_end.or(p.actual_start.map(|_| today));
        lines.push(Line::from(vec![
            Span::styled(pad(p.kind.label(), LABEL), label_style),
            Span::styled(row(p.planned_start, p.planned_end, '░'), theme.dim),
        ]));
        lines.push(Line::from(vec![
            Span::styled(pad("  █ actual", LABEL), theme.dim),
            Span::styled(row(p.actual_start, actual_end, '█'), theme.accent),
        ]));
    }
    lines.push(Line::styled(format!("{}│ today {today}", pad("", LABEL)), theme.dim));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Phase ends and the transfer still ahead, soonest first.
fn draw_milestones(
    frame: &mut Frame,
    area: Rect,
    data: &EngagementData,
    today: NaiveDate,
    theme: &Theme,
) {
    let block = Block::default().borders(Borders::TOP).title(" Next milestones ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut ahead: Vec<(NaiveDate, String)> = data
        .phases
        .iter()
        .filter(|p| p.actual_end.is_none())
        .filter_map(|p| p.planned_end.map(|d| (d, format!("{} ends", p.kind.label()))))
        .collect();
    if let Some(transfer) = data.engagement.planned_transfer_date {
        ahead.push((transfer, "planned transfer".into()));
    }
    ahead.retain(|(d, _)| *d >= today);
    ahead.sort();
    let width = inner.width as usize;
    let lines: Vec<Line> = ahead
        .iter()
        .map(|(date, what)| {
            let when = format!(" {date} ({})", days_until(today, *date));
            Line::from(vec![
                Span::raw(fit(what, width.saturating_sub(when.len()))),
                Span::styled(when, theme.dim),
            ])
        })
        .collect();
    let lines =
        if lines.is_empty() { vec![Line::styled("none planned ahead", theme.dim)] } else { lines };
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_overdue(
    frame: &mut Frame,
    area: Rect,
    data: &EngagementData,
    today: NaiveDate,
    theme: &Theme,
) {
    let mut overdue: Vec<_> = data.overdue_tasks(today).collect();
    overdue.sort_by_key(|t| t.due_date);
    let block = Block::default()
        .borders(Borders::TOP)
        .title(format!(" Overdue tasks ({}) ", overdue.len()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if overdue.is_empty() {
        frame.render_widget(Paragraph::new(Line::styled("nothing overdue", theme.good)), inner);
        return;
    }
    let width = inner.width as usize;
    let lines: Vec<Line> = overdue
        .iter()
        .take(inner.height as usize)
        .map(|t| {
            let due = t.due_date.map(|d| days_until(today, d)).unwrap_or_default();
            let head = format!("{:<9}", t.phase.label());
            let tail = format!(" due {due}");
            let title = fit(&t.title, width.saturating_sub(head.len() + tail.len()));
            Line::from(vec![
                Span::styled(head, theme.dim),
                Span::raw(title),
                Span::styled(tail, theme.bad),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn draw_readiness(frame: &mut Frame, area: Rect, state: &State, opened: &Opened, theme: &Theme) {
    let r = &opened.readiness;
    let block = Block::default().borders(Borders::TOP).title(" Readiness ");
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [summary, trend, notes] =
        Layout::vertical([Constraint::Length(8), Constraint::Length(8), Constraint::Min(0)])
            .areas(inner);

    let width = inner.width as usize;
    let bar_width = width.saturating_sub(36).clamp(3, 30);
    let score_style = if r.meets_threshold() { theme.good } else { theme.warn };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{:.1}", r.score), score_style.patch(theme.title)),
            Span::raw(format!(" / 100  threshold {}  ", r.threshold)),
            Span::styled(format!("{} {}", r.level, r.level.label()), theme.title),
        ]),
        Line::styled(bar(r.score / 100.0, width.min(60)), score_style),
        Line::raw(""),
    ];
    for d in &r.dimensions {
        lines.push(Line::from(vec![
            Span::raw(pad(d.dimension.label(), 19)),
            Span::styled(bar(d.value, bar_width), theme.accent),
            Span::raw(format!(" {:>7} {:4.1} pts", percent_text(d.value), d.points)),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), summary);

    super::trend::draw(frame, trend, opened, state.today, theme);

    // The room left below gets the overrides, the warnings and what the warnings only sum
    // up: what the next level lacks, the gate's unmet criteria, the late steps.
    let notes_lines = super::score::styled(overview_notes(opened), theme);
    let more = super::score::more_notes(state);
    let notes_lines = super::widgets::notes(notes_lines, notes, &more);
    frame.render_widget(Paragraph::new(notes_lines), notes);
}
