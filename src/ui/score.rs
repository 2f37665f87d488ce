//! The Readiness screen's Score view: the breakdown by dimension, the forecast and its chart,
//! the findings and the level's notes, the items costing the most points and the next best
//! actions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::readiness::kept;
use super::widgets::{TableSpec, cell, virtual_table};
use super::{Theme, widgets};
use crate::app::{ListArea, Opened};
use crate::model::percent_text;
use crate::model::score::Level;

/// Columns of the score breakdown without its findings: dimension, value, weight, points.
const BREAKDOWN_NUMBERS: u16 = 19 + 3 * (6 + 1) + 1;

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    opened: &Opened,
    (shown, row): (&[usize], usize),
    today: chrono::NaiveDate,
    theme: &Theme,
) -> ListArea {
    let r = &opened.readiness;
    // Wide terminals give the breakdown room for its findings; narrow ones keep the columns
    // of numbers and say the findings among the level's notes.
    let wide = area.width >= 110;
    let mut notes = finding_notes(opened, today, theme);
    notes.extend(level_notes(opened, !wide, theme));
    // The breakdown (8 lines), then the level's notes and their title, leaving the items
    // below at least two thirds of the height.
    let notes_height = (notes.len() as u16).min((area.height / 3).max(3));
    let [top, bottom] =
        Layout::vertical([Constraint::Length(8 + 1 + notes_height), Constraint::Min(0)])
            .areas(area);
    // The forecast and its chart beside the breakdown.
    let left = if wide { Constraint::Fill(1) } else { Constraint::Length(BREAKDOWN_NUMBERS) };
    let [top, chart] = Layout::horizontal([left, Constraint::Fill(1)]).spacing(1).areas(top);
    super::trend::draw(frame, chart, opened, today, theme);
    let [breakdown, level] =
        Layout::vertical([Constraint::Length(8), Constraint::Min(0)]).areas(top);
    let [losses, actions] = Layout::horizontal([Constraint::Fill(1); 2]).spacing(1).areas(bottom);
    draw_next_actions(frame, actions, opened, theme);
    let rows = r
        .dimensions
        .iter()
        .map(|d| {
            vec![
                cell(d.dimension.label()),
                cell(format!("{:>6}", percent_text(d.value))),
                cell(format!("{:>6}", percent_text(d.weight))),
                cell(format!("{:>6.1}", d.points)),
                cell(d.finding.clone().unwrap_or_default()).style(theme.warn),
            ]
        })
        .collect();
    virtual_table(
        frame,
        breakdown,
        TableSpec {
            title: format!(" Score {:.1} / 100, threshold {} ", r.score, r.threshold),
            header: vec!["Dimension", "Value", "Weight", "Points", "Finding"],
            widths: vec![
                Constraint::Length(19),
                Constraint::Length(6),
                Constraint::Length(6),
                Constraint::Length(6),
                Constraint::Fill(1),
            ],
        },
        rows,
        None,
        theme,
    );
    let block = Block::default().borders(Borders::TOP).title(format!(
        " Level {} {} ",
        r.level,
        r.level.label()
    ));
    let inner = block.inner(level);
    frame.render_widget(block, level);
    let notes = widgets::notes(notes, inner, "`botdash score` lists all");
    frame.render_widget(Paragraph::new(notes), inner);
    let rows = kept(&r.losses, shown, 0)
        .map(|l| vec![cell(format!("{:4.1}", l.points)), cell(l.dimension.label()), cell(&l.item)])
        .collect();
    virtual_table(
        frame,
        losses,
        TableSpec {
            title: " Items costing the most points ".into(),
            header: vec!["Pts", "Dimension", "Item"],
            widths: vec![Constraint::Length(4), Constraint::Length(19), Constraint::Fill(1)],
        },
        rows,
        Some(row),
        theme,
    )
}

/// The findings on who can do what, each with what to do, first: what the score cannot see.
fn finding_notes(opened: &Opened, today: chrono::NaiveDate, theme: &Theme) -> Vec<(String, Style)> {
    let found = crate::model::findings(&opened.data, today);
    if found.is_empty() {
        return Vec::new();
    }
    let each = found.into_iter().map(|f| (format!("· {}: {}", f.finding, f.action), theme.text));
    std::iter::once(("Findings:".to_string(), theme.warn)).chain(each).collect()
}

/// The dimensions' findings (when the breakdown has no room for them), what the level lacks
/// for the next one, the current gate's unmet criteria, and the planned steps that are late.
pub(super) fn level_notes(opened: &Opened, findings: bool, theme: &Theme) -> Vec<(String, Style)> {
    let r = &opened.readiness;
    let mut notes = Vec::new();
    if findings {
        let found = r.dimensions.iter().filter_map(|d| Some((d.dimension, d.finding.as_ref()?)));
        notes.extend(found.map(|(d, f)| (format!("{}: {f}", d.label()), theme.warn)));
    }
    if r.level == Level::L3 {
        notes.push(("every condition of the top level holds".to_string(), theme.good));
    } else {
        let next = Level::ALL[r.level as usize + 1];
        notes.push((format!("missing for {} {}:", next, next.label()), theme.text));
        notes.extend(r.missing_for_next.iter().map(|m| (format!("· {m}"), theme.text)));
    }
    let unmet = opened.gate_unmet.as_deref().unwrap_or_default();
    if !unmet.is_empty() {
        let phase = opened.data.engagement.current_phase;
        notes.push((format!("unmet criteria of the {} gate:", phase.label()), theme.text));
        notes.extend(unmet.iter().map(|u| (format!("· {u}"), theme.text)));
    }
    let late: Vec<_> = opened.forecast.iter().flat_map(|f| &f.late).collect();
    if !late.is_empty() {
        notes.push(("late on plan, never assumed done:".to_string(), theme.warn));
        notes.extend(late.iter().map(|l| (format!("· {l}"), theme.text)));
    }
    notes
}

/// The single steps that would add the most points, computed by trying each one.
fn draw_next_actions(frame: &mut Frame, area: Rect, opened: &Opened, theme: &Theme) {
    let rows = opened
        .actions
        .iter()
        .flatten()
        .map(|a| vec![cell(format!("+{:.1}", a.points)).style(theme.good), cell(&a.step)])
        .collect();
    virtual_table(
        frame,
        area,
        TableSpec {
            title: " Next best actions ".into(),
            header: vec!["Pts", "Step"],
            widths: vec![Constraint::Length(5), Constraint::Fill(1)],
        },
        rows,
        None,
        theme,
    );
}
