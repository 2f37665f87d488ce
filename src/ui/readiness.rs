//! The readiness screen: staffing, skills matrix, knowledge transfer, responsibilities,
//! hand-over (in `handover`), and the Score view (`score`).

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::rows::{date, due_cell, kept};
use super::widgets::{TableSpec, cell, tab_line, virtual_table};
use crate::app::{Action, ListArea, ReadinessTab, Spots, State, Visible};
use crate::model::{EngagementData, Owner, PersonState};

/// Draws the Readiness screen; returns where its lists showed which rows.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Visible {
    let Some(opened) = state.engagement_on_screen() else { return Visible::default() };
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    // Each tab takes its title, a space either side and one between tabs.
    let line_width = |title: fn(ReadinessTab) -> &'static str| -> usize {
        ReadinessTab::ALL.iter().map(|t| title(*t).width() + 3).sum()
    };
    let fits = line_width(ReadinessTab::title) <= usize::from(tabs.width);
    let title = if fits { ReadinessTab::title } else { ReadinessTab::short_title };
    let titles = ReadinessTab::ALL.iter().map(|t| (title(*t), *t == state.screens.readiness.tab));
    frame.render_widget(Paragraph::new(tab_line(titles, theme)), tabs);
    let data = &opened.data;
    let row = state.screens.readiness.row;
    let shown = state.screens.readiness.rows(&state.context());
    let spots = match state.screens.readiness.tab {
        ReadinessTab::Staffing => draw_staffing(frame, body, state, data, (&shown, row), theme),
        ReadinessTab::Skills => super::skills::draw(
            frame,
            body,
            data,
            &shown,
            (row, state.screens.readiness.skills_column),
            theme,
        ),
        ReadinessTab::Kt => draw_kt(frame, body, data, (&shown, row), state.today, theme).spots(),
        ReadinessTab::Responsibilities => {
            draw_responsibilities(frame, body, data, (&shown, row), state.today, theme).spots()
        }
        ReadinessTab::Handover => {
            let list = (&shown[..], row);
            super::handover::draw(frame, body, data, list, state.today, theme).spots()
        }
        ReadinessTab::Score => {
            super::score::draw(frame, body, opened, (&shown, row), state, theme).spots()
        }
        ReadinessTab::Operations => {
            super::operations::draw(frame, body, state, opened, (&shown, row), theme).spots()
        }
    };
    Visible { spots, ..Visible::default() }
}

fn draw_staffing(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    data: &EngagementData,
    (shown, row): (&[usize], usize),
    theme: &Theme,
) -> Spots {
    let today = state.today;
    let roles_shown = shown.iter().filter(|&&i| i < data.roles.len()).count();
    let client = data.roles.len() + data.people.len();
    let contractor_shown = shown.iter().filter(|&&i| i >= client).count();
    let roles_height = (roles_shown as u16 + 2).min(area.height / 2);
    let contractor_height = (contractor_shown as u16 + 2).min(area.height / 4);
    let [roles_area, people_area, contractor_area] = Layout::vertical([
        Constraint::Length(roles_height),
        Constraint::Min(0),
        Constraint::Length(contractor_height),
    ])
    .areas(area);
    let roles = kept(&data.roles, shown, 0)
        .map(|role| {
            let filled = data.staff_of(role).filter(|p| p.state.is_on_staff()).count();
            let open = data.open_slots(role);
            let open_style = if open > 0 { theme.warn } else { theme.good };
            vec![
                cell(&role.title),
                cell(role.planned_count.to_string()),
                cell(filled.to_string()),
                cell(open.to_string()).style(open_style),
                cell("!".repeat(role.criticality as usize)),
                due_cell(role.target_date, data.role_is_late(role, today), theme),
            ]
        })
        .collect();
    let roles_selected = (row < roles_shown).then_some(row);
    let roles_drawn = virtual_table(
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
                Constraint::Length(12),
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
                due_cell(since, p.is_late(today), theme),
            ]
        })
        .collect();
    let people_shown = shown.len() - roles_shown - contractor_shown;
    let people_selected = row.checked_sub(roles_shown).filter(|r| *r < people_shown);
    let people_drawn = virtual_table(
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
    let contractor_selected = row.checked_sub(roles_shown + people_shown);
    let contractor_drawn = draw_contractor_staff(
        frame,
        contractor_area,
        &state.key_label(Action::AddContractor),
        data,
        (shown, client),
        contractor_selected,
        theme,
    );
    [
        roles_drawn.spots(),
        people_drawn.after(roles_shown).spots(),
        contractor_drawn.after(roles_shown + people_shown).spots(),
    ]
    .concat()
}

/// The contractor's own people: who is on the engagement, from when until when.
fn draw_contractor_staff(
    frame: &mut Frame,
    area: Rect,
    add_key: &str,
    data: &EngagementData,
    (shown, offset): (&[usize], usize),
    selected: Option<usize>,
    theme: &Theme,
) -> ListArea {
    let rows = kept(&data.contractor_staff, shown, offset)
        .map(|p| vec![cell(&p.name), cell(&p.role), cell(date(p.on_from)), cell(date(p.until))])
        .collect();
    virtual_table(
        frame,
        area,
        TableSpec {
            title: format!(" Contractor staff ({}) · {add_key} add ", data.contractor_staff.len()),
            header: vec!["Name", "Role", "On from", "Until"],
            widths: vec![
                Constraint::Fill(2),
                Constraint::Fill(2),
                Constraint::Length(10),
                Constraint::Length(10),
            ],
        },
        rows,
        selected,
        theme,
    )
}

/// The terminal width from which the KT table shows each topic's skill: narrower ones give
/// its room to the trainer, as a topic's title mostly names its skill anyway.
const KT_SKILL_FROM: u16 = 100;

fn draw_kt(
    frame: &mut Frame,
    area: Rect,
    data: &EngagementData,
    (shown, row): (&[usize], usize),
    today: chrono::NaiveDate,
    theme: &Theme,
) -> ListArea {
    let with_skill = area.width >= KT_SKILL_FROM;
    let skill_name: HashMap<&str, &str> =
        data.skills.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    let rows = kept(&data.kt_topics, shown, 0)
        .map(|t| {
            let skill =
                t.skill_id.as_deref().and_then(|id| skill_name.get(id)).copied().unwrap_or("—");
            let trainer = t.trainer_id.as_deref().and_then(|id| data.person_name(id));
            let trainees = data.trainees_of(&t.id).count();
            let people = cell(trainer.unwrap_or("—")).tail(format!(" ({trainees})"));
            let steps = (t.status.value() * 4.0).round() as usize;
            let progress = format!("{}{}", "●".repeat(steps), "○".repeat(4 - steps));
            let mut cells = vec![cell(&t.title)];
            if with_skill {
                cells.push(cell(skill));
            }
            cells.extend([
                people,
                cell(progress).style(theme.accent),
                cell(t.status.label()),
                due_cell(t.due_date, t.is_late(today), theme),
            ]);
            cells
        })
        .collect();
    let skill = with_skill.then_some(("Skill", Constraint::Fill(2)));
    let trainer = Constraint::Fill(if with_skill { 2 } else { 3 });
    let (header, widths) = [("Topic", Constraint::Fill(4))]
        .into_iter()
        .chain(skill)
        .chain([
            ("Trainer (trainees)", trainer),
            ("Steps", Constraint::Length(5)),
            ("Status", Constraint::Length(17)),
            ("Due", Constraint::Length(12)),
        ])
        .unzip();
    virtual_table(
        frame,
        area,
        TableSpec {
            title: format!(" Knowledge transfer ({} topics) ", data.kt_topics.len()),
            header,
            widths,
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
            let accountable = r.accountable_id.as_deref().and_then(|id| data.person_name(id));
            let mut cells = vec![
                cell(&r.activity),
                cell(accountable.unwrap_or("—")),
                cell("!".repeat(r.criticality as usize)),
            ];
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
                "Accountable",
                "Crit",
                "Contractor",
                "Shadowing",
                "Reverse",
                "Client",
                "Target",
            ],
            widths: vec![
                Constraint::Fill(2),
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
