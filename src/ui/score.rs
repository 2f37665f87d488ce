//! The Readiness screen's Score view: the breakdown by dimension, the forecast and its chart,
//! the findings and the level's notes, the items costing the most points and the next best
//! actions.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::rows::kept;
use super::widgets::{TableSpec, cell, virtual_table};
use super::{Theme, widgets};
use crate::app::notes::{Note, Tone, finding_notes, level_notes};
use crate::app::{ListArea, Opened, State};
use crate::model::percent_text;

/// Columns of the score breakdown without its findings: dimension, value, weight, points.
const BREAKDOWN_NUMBERS: u16 = 18 + (7 + 1) + 2 * (6 + 1) + 1;

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    opened: &Opened,
    (shown, row): (&[usize], usize),
    state: &State,
    theme: &Theme,
) -> ListArea {
    let today = state.today;
    let r = &opened.readiness;
    // Wide terminals give the breakdown room for its findings; narrow ones keep the columns
    // of numbers and say the findings among the level's notes.
    let wide = area.width >= 110;
    let mut notes = finding_notes(opened);
    notes.extend(level_notes(opened, !wide));
    let notes = styled(notes, theme);
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
                cell(format!("{:>7}", percent_text(d.value))),
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
                Constraint::Length(18),
                Constraint::Length(7),
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
    let notes = widgets::notes(notes, inner, &more_notes(state));
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

/// Notes as the screen shows them: their texts, coloured by their tone.
pub(super) fn styled(notes: Vec<Note>, theme: &Theme) -> Vec<(String, Style)> {
    let style = |tone| match tone {
        Tone::Plain => theme.text,
        Tone::Good => theme.good,
        Tone::Warn => theme.warn,
        Tone::Bad => theme.bad,
    };
    notes.into_iter().map(|n| (n.text, style(n.tone))).collect()
}

/// The last line of notes cut short: how many more, and the key that lists them all.
pub(super) fn more_notes(state: &State) -> String {
    match state.notes_key() {
        Some(key) => format!("{key} lists all"),
        None => "the pane lists all".into(),
    }
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
