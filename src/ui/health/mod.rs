//! The Health screen: risks with their heat map, the budget with its burn, user tests,
//! integrations with the client's systems, and the lessons learned.

mod budget;
mod risks;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Theme;
use super::widgets::{TableSpec, cell, fit, tab_line, virtual_table};
use crate::app::{HealthRow, HealthTab, ListArea, Opened, State, Visible};
use crate::model::health::{self, Severity, TestStatus};

/// Draws the Health screen; returns where its list showed which rows.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) -> Visible {
    let Some(opened) = state.engagement_on_screen() else { return Visible::default() };
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let titles = HealthTab::ALL.iter().map(|t| (t.title(), *t == state.screens.health.tab));
    frame.render_widget(Paragraph::new(tab_line(titles, theme)), tabs);
    let rows = state.screens.health.rows(&state.context());
    let view = View { opened, rows: &rows, selected: state.screens.health.row, state, theme };
    let shown = match state.screens.health.tab {
        HealthTab::Risks => view.risks(frame, body),
        HealthTab::Budget => view.budget(frame, body),
        HealthTab::Tests => view.tests(frame, body),
        HealthTab::Integrations => view.integrations(frame, body),
        HealthTab::Lessons => view.lessons(frame, body),
    };
    Visible { spots: shown.spots(), ..Visible::default() }
}

/// What every view draws from: the engagement, its rows after the filter, the cursor.
struct View<'a> {
    opened: &'a Opened,
    rows: &'a [HealthRow],
    selected: usize,
    /// For the day and the keys bound now.
    state: &'a State,
    theme: &'a Theme,
}

/// Lines under a list at least kept for the selected record's long texts.
const DETAIL_HEIGHT: u16 = 5;

impl View<'_> {
    fn selected_row(&self) -> Option<HealthRow> {
        self.rows.get(self.selected).copied()
    }

    fn exposure_style(&self, exposure: u8) -> Style {
        match exposure {
            0..=4 => self.theme.good,
            5..=12 => self.theme.warn,
            _ => self.theme.bad,
        }
    }

    fn tests(&self, frame: &mut Frame, area: Rect) -> ListArea {
        let data = &self.opened.data;
        let [list, detail] = self.list_and_detail(area);
        let cells = self
            .rows
            .iter()
            .filter_map(|&row| match row {
                HealthRow::Test(i) => data.user_tests.get(i),
                _ => None,
            })
            .map(|t| {
                let style = match t.severity {
                    Severity::None => self.theme.good,
                    Severity::Minor => self.theme.text,
                    Severity::Major => self.theme.warn,
                    Severity::Critical => self.theme.bad,
                };
                vec![
                    cell(t.day.to_string()),
                    cell(&t.group),
                    cell(t.participants.to_string()),
                    cell(t.severity.label()).style(style),
                    cell(t.scenario.replace('\n', " ")),
                ]
            })
            .collect();
        let shown = virtual_table(
            frame,
            list,
            TableSpec {
                title: format!(" User tests with the target group ({}) ", data.user_tests.len()),
                header: vec!["Date", "Group", "People", "Worst", "Scenario"],
                widths: vec![
                    Constraint::Length(10),
                    Constraint::Length(20),
                    Constraint::Length(6),
                    Constraint::Length(8),
                    Constraint::Fill(1),
                ],
            },
            cells,
            Some(self.selected),
            self.theme,
        );
        let lines = match self.selected_row() {
            Some(HealthRow::Test(i)) => {
                vec![labelled("Findings", &data.user_tests[i].findings, self.theme)]
            }
            _ => vec![Line::styled("Test early and often: a to record a test.", self.theme.dim)],
        };
        self.detail(frame, detail, lines);
        shown
    }

    fn integrations(&self, frame: &mut Frame, area: Rect) -> ListArea {
        let data = &self.opened.data;
        let cells = self
            .rows
            .iter()
            .filter_map(|&row| match row {
                HealthRow::Integration(i) => data.integrations.get(i),
                _ => None,
            })
            .map(|i| {
                let style = match i.status {
                    TestStatus::Passed => self.theme.good,
                    TestStatus::Failed => self.theme.bad,
                    TestStatus::InProgress => self.theme.text,
                    TestStatus::NotTested => self.theme.warn,
                };
                vec![
                    cell(&i.system),
                    cell(&i.data_objects),
                    cell(i.direction.label()),
                    cell(&i.frequency),
                    cell(&i.owner),
                    cell(i.status.label()).style(style),
                ]
            })
            .collect();
        let passed = data.integrations.iter().filter(|i| i.status == TestStatus::Passed).count();
        virtual_table(
            frame,
            area,
            TableSpec {
                title: format!(
                    " Integrations with client systems ({passed} of {} tested) ",
                    data.integrations.len()
                ),
                header: vec!["System", "Data", "Direction", "Frequency", "Owner", "Test"],
                widths: vec![
                    Constraint::Length(16),
                    Constraint::Fill(1),
                    Constraint::Length(18),
                    Constraint::Length(10),
                    Constraint::Length(12),
                    Constraint::Length(11),
                ],
            },
            cells,
            Some(self.selected),
            self.theme,
        )
    }

    fn lessons(&self, frame: &mut Frame, area: Rect) -> ListArea {
        let data = &self.opened.data;
        let [list, detail] = self.list_and_detail(area);
        let cells = self
            .rows
            .iter()
            .filter_map(|&row| match row {
                HealthRow::Lesson(i) => data.lessons.get(i),
                _ => None,
            })
            .map(|l| {
                vec![
                    cell(l.phase.label()),
                    cell(l.recommendation.replace('\n', " ")),
                    cell(&l.owner),
                ]
            })
            .collect();
        let missing: Vec<&str> =
            health::phases_without_lessons(data).iter().map(|p| p.label()).collect();
        let title = match missing.as_slice() {
            [] => format!(" Lessons learned ({}) — every phase debriefed ", data.lessons.len()),
            m => format!(
                " Lessons learned ({}) — none yet for {} ",
                data.lessons.len(),
                m.join(", ")
            ),
        };
        let shown = virtual_table(
            frame,
            list,
            TableSpec {
                title,
                header: vec!["Phase", "Recommendation", "Owner"],
                widths: vec![Constraint::Length(9), Constraint::Fill(1), Constraint::Length(16)],
            },
            cells,
            Some(self.selected),
            self.theme,
        );
        let lines = match self.selected_row() {
            Some(HealthRow::Lesson(i)) => {
                let lesson = &data.lessons[i];
                vec![
                    labelled("Went well", &lesson.went_well, self.theme),
                    labelled("Went badly", &lesson.went_badly, self.theme),
                ]
            }
            _ => vec![Line::styled(
                "The debriefing: a to record what went well, what went badly, and what to do next time.",
                self.theme.dim,
            )],
        };
        self.detail(frame, detail, lines);
        shown
    }

    /// The list as tall as its rows (title and header included), the selected record's
    /// details under it in the rest: no empty screen between the two.
    fn list_and_detail(&self, area: Rect) -> [Rect; 2] {
        let rows = u16::try_from(self.rows.len()).unwrap_or(u16::MAX).saturating_add(2);
        Layout::vertical([Constraint::Max(rows.max(3)), Constraint::Min(DETAIL_HEIGHT)]).areas(area)
    }

    fn detail(&self, frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
        let block = Block::default().borders(Borders::TOP);
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }).block(block), area);
    }
}

/// "Label: text" on one line, the text's line breaks shown as spaces.
fn labelled(label: &str, text: &str, theme: &Theme) -> Line<'static> {
    let shown =
        if text.is_empty() { "—".to_string() } else { fit(&text.replace('\n', " "), 400) };
    Line::from(vec![Span::styled(format!("{label}: "), theme.dim), Span::raw(shown)])
}
