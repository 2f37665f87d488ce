//! The readiness screen: staffing, skills matrix, knowledge transfer, responsibilities, score.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::widgets::{TableSpec, TextCell, cell, tab_line, virtual_table};
use super::{Theme, widgets};
use crate::app::{ListArea, Opened, ReadinessTab, State};
use crate::model::score::Level;
use crate::model::{EngagementData, Owner, PersonState, percent_text};

/// Draws the Readiness screen; returns where its list showed which rows, for the tabs whose
/// one list is the cursor's.
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    opened: &Opened,
    theme: &Theme,
) -> Option<ListArea> {
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let titles = ReadinessTab::ALL.iter().map(|t| (t.title(), *t == state.readiness_tab));
    frame.render_widget(Paragraph::new(tab_line(titles, theme)), tabs);
    let data = &opened.data;
    let row = state.readiness_row;
    let shown = state.readiness_rows();
    match state.readiness_tab {
        ReadinessTab::Staffing => draw_staffing(frame, body, data, &shown, row, theme),
        ReadinessTab::Skills => {
            super::skills::draw(frame, body, data, &shown, (row, state.skills_column), theme)
        }
        ReadinessTab::Kt => {
            return Some(draw_kt(frame, body, data, (&shown, row), state.today, theme));
        }
        ReadinessTab::Responsibilities => {
            return Some(draw_responsibilities(
                frame,
                body,
                data,
                (&shown, row),
                state.today,
                theme,
            ));
        }
        ReadinessTab::Score => draw_score(frame, body, opened, (&shown, row), state.today, theme),
        ReadinessTab::Operations => {
            return Some(super::operations::draw(frame, body, state, opened, (&shown, row), theme));
        }
    }
    None
}

/// The items whose index is in `shown` (sorted): what the filter lets through.
pub(super) fn kept<'a, T>(
    items: &'a [T],
    shown: &'a [usize],
    offset: usize,
) -> impl Iterator<Item = &'a T> {
    items
        .iter()
        .enumerate()
        .filter(move |(i, _)| shown.binary_search(&(i + offset)).is_ok())
        .map(|(_, t)| t)
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

/// A due date, marked "⚠" in the warning colour when the step is late.
fn due_cell(d: Option<chrono::NaiveDate>, late: bool, theme: &Theme) -> TextCell {
    if late { cell(format!("{} ⚠", date(d))).style(theme.bad) } else { cell(date(d)) }
}

fn draw_staffing(
    frame: &mut Frame,
    area: Rect,
    data: &EngagementData,
    shown: &[usize],
    row: usize,
    theme: &Theme,
) {
    let roles_shown = shown.iter().filter(|&&i| i < data.roles.len()).count();
    let roles_height = (roles_shown as u16 + 2).min(area.height / 2);
    let [roles_area, people_area] =
        Layout::vertical([Constraint::Length(roles_height), Constraint::Min(0)]).areas(area);
    let roles = kept(&data.roles, shown, 0)
        .map(|role| {
            let filled = data.staff_of(role).filter(|p| p.state.is_on_staff()).count() as u32;
            let open = role.planned_count.saturating_sub(filled);
            let open_style = if open > 0 { theme.warn } else { theme.good };
            vec![
                cell(&role.title),
                cell(role.planned_count.to_string()),
                cell(filled.to_string()),
                cell(open.to_string()).style(open_style),
                cell("!".repeat(role.criticality as usize)),
                cell(date(role.target_date)),
            ]
        })
        .collect();
    let roles_selected = (row < roles_shown).then_some(row);
    virtual_table(
        frame,
        roles_area,
        TableSpec {
            title: format!(" Roles ({}) ", data.roles.len()),
            header: vec!["Role", "Planned", "Hired", "Open", "Crit", "Target"],
            widths: vec![
                Constraint::Fill(1),
                Constraint::Length(7),
                Constraint::Length(5),
                Constraint::Length(4),
                Constraint::Length(4),
                Constraint::Length(10),
            ],
        },
        roles,
        roles_selected,
        theme,
    );
    let role_title: HashMap<&str, &str> =
        data.roles.iter().map(|r| (r.id.as_str(), r.title.as_str())).collect();
    let people = kept(&data.people, shown, data.roles.len())
        .map(|p| {
            let role =
                p.role_id.as_deref().and_then(|id| role_title.get(id)).copied().unwrap_or("—");
            let state_style = match p.state {
                PersonState::Left => theme.dim,
                PersonState::Independent => theme.good,
                PersonState::Planned | PersonState::Recruiting => theme.warn,
                _ => theme.text,
            };
            let since = match p.state {
                PersonState::Planned | PersonState::Recruiting => p.planned_date,
                PersonState::Hired => p.hired_at,
                PersonState::Onboarded => p.onboarded_at,
                PersonState::Independent => p.independent_at,
                PersonState::Left => p.left_at,
            };
            vec![
                cell(&p.name),
                cell(role),
                cell(p.state.label()).style(state_style),
                cell(date(since)),
            ]
        })
        .collect();
    let people_selected = row.checked_sub(roles_shown);
    virtual_table(
        frame,
        people_area,
        TableSpec {
            title: format!(" Client staff ({}) ", data.people.len()),
            header: vec!["Name", "Role", "State", "Since / planned"],
            widths: vec![
                Constraint::Fill(2),
                Constraint::Fill(2),
                Constraint::Length(11),
                Constraint::Length(15),
            ],
        },
        people,
        people_selected,
        theme,
    );
}

fn draw_kt(
    frame: &mut Frame,
    area: Rect,
    data: &EngagementData,
    (shown, row): (&[usize], usize),
    today: chrono::NaiveDate,
    theme: &Theme,
) -> ListArea {
    let skill_name: HashMap<&str, &str> =
        data.skills.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let rows = kept(&data.kt_topics, shown, 0)
        .map(|t| {
            let skill =
                t.skill_id.as_deref().and_then(|id| skill_name.get(id)).copied().unwrap_or("—");
            let steps = (t.status.value() * 4.0).round() as usize;
            let progress = format!("{}{}", "●".repeat(steps), "○".repeat(4 - steps));
            vec![
                cell(&t.title),
                cell(skill),
                cell(progress).style(theme.accent),
                cell(t.status.label()),
                due_cell(t.due_date, t.is_late(today), theme),
            ]
        })
        .collect();
    virtual_table(
        frame,
        area,
        TableSpec {
            title: format!(" Knowledge transfer ({} topics) ", data.kt_topics.len()),
            header: vec!["Topic", "Skill", "Steps", "Status", "Due"],
            widths: vec![
                Constraint::Fill(2),
                Constraint::Fill(1),
                Constraint::Length(5),
                Constraint::Length(17),
                Constraint::Length(12),
            ],
        },
        rows,
        Some(row),
        theme,
    )
}

/// The RACI shift: where each activity stands between contractor and client.
fn draw_responsibilities(
    frame: &mut Frame,
    area: Rect,
    data: &EngagementData,
    (shown, row): (&[usize], usize),
    today: chrono::NaiveDate,
    theme: &Theme,
) -> ListArea {
    let rows = kept(&data.responsibilities, shown, 0)
        .map(|r| {
            let mut cells = vec![cell(&r.activity), cell("!".repeat(r.criticality as usize))];
            for owner in Owner::ALL {
                let (text, style) =
                    if *owner == r.owner { ("●", theme.accent) } else { ("─", theme.dim) };
                cells.push(cell(text).style(style));
            }
            cells.push(due_cell(r.target_date, r.is_late(today), theme));
            cells
        })
        .collect();
    virtual_table(
        frame,
        area,
        TableSpec {
            title: format!(" Responsibilities ({}) ", data.responsibilities.len()),
            header: vec![
                "Activity",
                "Crit",
                "Contractor",
                "Shadowing",
                "Reverse",
                "Client",
                "Target",
            ],
            widths: vec![
                Constraint::Fill(1),
                Constraint::Length(4),
                Constraint::Length(10),
                Constraint::Length(9),
                Constraint::Length(7),
                Constraint::Length(6),
                Constraint::Length(12),
            ],
        },
        rows,
        Some(row),
        theme,
    )
}

/// Columns of the score breakdown without its findings: dimension, value, weight, points.
const BREAKDOWN_NUMBERS: u16 = 19 + 3 * (6 + 1) + 1;

fn draw_score(
    frame: &mut Frame,
    area: Rect,
    opened: &Opened,
    (shown, row): (&[usize], usize),
    today: chrono::NaiveDate,
    theme: &Theme,
) {
    let r = &opened.readiness;
    // Wide terminals give the breakdown room for its findings; narrow ones keep the columns
    // of numbers and say the findings among the level's notes.
    let wide = area.width >= 110;
    let notes = level_notes(opened, !wide, theme);
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
    );
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
