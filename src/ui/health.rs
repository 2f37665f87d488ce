//! The Health screen: risks with their heat map, the budget with its burn, user tests,
//! integrations with the client's systems, and the lessons learned.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph, Wrap};

use super::Theme;
use super::widgets::{TableSpec, cell, fit, tab_line, virtual_table};
use crate::app::{HealthRow, HealthTab, ListArea, Opened, Spots, State};
use crate::model::health::{self, RiskStatus, Severity, TestStatus, format_number};

/// Draws the Health screen; returns where its list showed which rows.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, opened: &Opened, theme: &Theme) -> Spots {
    let [tabs, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let titles = HealthTab::ALL.iter().map(|t| (t.title(), *t == state.health_tab));
    frame.render_widget(Paragraph::new(tab_line(titles, theme)), tabs);
    let rows = state.health_rows();
    let view = View { opened, rows: &rows, selected: state.health_row, today: state.today, theme };
    let shown = match state.health_tab {
        HealthTab::Risks => view.risks(frame, body),
        HealthTab::Budget => view.budget(frame, body),
        HealthTab::Tests => view.tests(frame, body),
        HealthTab::Integrations => view.integrations(frame, body),
        HealthTab::Lessons => view.lessons(frame, body),
    };
    shown.spots()
}

/// What every view draws from: the engagement, its rows after the filter, the cursor.
struct View<'a> {
    opened: &'a Opened,
    rows: &'a [HealthRow],
    selected: usize,
    today: NaiveDate,
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

    fn risks(&self, frame: &mut Frame, area: Rect) -> ListArea {
        let automatic = self.opened.automatic_risks(self.today);
        let data = &self.opened.data;
        let risk_of = |row: HealthRow| match row {
            HealthRow::Risk(i) => data.risks.get(i).map(|r| (r, false)),
            HealthRow::AutoRisk(i) => automatic.get(i).map(|r| (r, true)),
            _ => None,
        };
        let [left, map] =
            Layout::horizontal([Constraint::Min(0), Constraint::Length(27)]).areas(area);
        let [list, detail] = self.list_and_detail(left);
        let cells = self
            .rows
            .iter()
            .filter_map(|&row| risk_of(row))
            .map(|(risk, auto)| {
                let status_style = if risk.status == RiskStatus::Closed {
                    self.theme.dim
                } else {
                    self.theme.text
                };
                vec![
                    cell(if auto { "auto" } else { "" }).style(self.theme.accent),
                    cell(&risk.title),
                    cell(&risk.category),
                    cell(format!("{}×{}", risk.likelihood, risk.impact)),
                    cell(risk.exposure().to_string()).style(self.exposure_style(risk.exposure())),
                    cell(risk.status.label()).style(status_style),
                ]
            })
            .collect();
        let open = data.risks.iter().chain(&automatic).filter(|r| r.is_open()).count();
        // A narrow screen gives the category's room to the risk's title.
        let category_width = if list.width >= 80 { 14 } else { 0 };
        let shown = virtual_table(
            frame,
            list,
            TableSpec {
                title: format!(" Risks ({open} open, {} seen by botdash) ", automatic.len()),
                header: vec!["", "Risk", "Category", "L×I", "Exp", "Status"],
                widths: vec![
                    Constraint::Length(4),
                    Constraint::Fill(1),
                    Constraint::Length(category_width),
                    Constraint::Length(4),
                    Constraint::Length(3),
                    Constraint::Length(10),
                ],
            },
            cells,
            Some(self.selected),
            self.theme,
        );
        let chosen = self.selected_row().and_then(risk_of);
        let lines = match chosen {
            Some((risk, _)) => vec![
                labelled("Risk", &risk.title, self.theme),
                labelled("Category", &risk.category, self.theme),
                labelled("Owner", &risk.owner, self.theme),
                labelled("Trigger", &risk.trigger, self.theme),
                labelled("Mitigation", &risk.mitigation, self.theme),
            ],
            None => vec![Line::styled("No risk recorded: a to add one.", self.theme.dim)],
        };
        self.detail(frame, detail, lines);
        self.heat_map(frame, map, health::heat_map(data.risks.iter().chain(&automatic)));
        shown
    }

    /// Likelihood up, impact across; each cell the number of open risks there.
    fn heat_map(&self, frame: &mut Frame, area: Rect, counts: [[usize; 5]; 5]) {
        let mut lines = vec![Line::styled("  likelihood × impact", self.theme.dim)];
        for (row, cells) in counts.iter().enumerate() {
            let likelihood = 5 - row as u8;
            let mut spans = vec![Span::styled(format!(" {likelihood} "), self.theme.dim)];
            for (column, count) in cells.iter().enumerate() {
                let exposure = likelihood * (column as u8 + 1);
                let text = if *count == 0 { "  · ".to_string() } else { format!("{count:>3} ") };
                let style =
                    if *count == 0 { self.theme.dim } else { self.exposure_style(exposure) };
                spans.push(Span::styled(text, style));
            }
            lines.push(Line::from(spans));
        }
        lines.push(Line::styled("     1   2   3   4   5", self.theme.dim));
        let block = Block::default().borders(Borders::TOP | Borders::LEFT).title(" Heat map ");
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }

    fn budget(&self, frame: &mut Frame, area: Rect) -> ListArea {
        let data = &self.opened.data;
        let currency = &data.engagement.currency;
        let money = |minor: i64| format_number(minor, currency);
        let budget = health::budget(data, self.today);
        let [summary, rest] =
            Layout::vertical([Constraint::Length(8), Constraint::Min(0)]).areas(area);
        let mut lines = vec![Line::styled(
            format!(
                "{:<10}{:>16}{:>16}{:>7}",
                "Phase",
                format!("Planned {currency}"),
                format!("Spent {currency}"),
                "Burn"
            ),
            self.theme.title,
        )];
        let burn = |spent: i64, planned: i64| match planned {
            0 => "—".to_string(),
            p => format!("{}%", (spent as i128 * 100 / p as i128)),
        };
        for p in &budget.phases {
            let style =
                if p.spent > p.planned && p.planned > 0 { self.theme.bad } else { self.theme.text };
            lines.push(Line::styled(
                format!(
                    "{:<10}{:>16}{:>16}{:>7}",
                    p.phase.label(),
                    money(p.planned),
                    money(p.spent),
                    burn(p.spent, p.planned)
                ),
                style,
            ));
        }
        lines.push(Line::styled(
            format!(
                "{:<10}{:>16}{:>16}{:>7}",
                "Total",
                money(budget.planned),
                money(budget.spent),
                burn(budget.spent, budget.planned)
            ),
            self.theme.title,
        ));
        let estimate_style = if budget.over_plan() { self.theme.bad } else { self.theme.good };
        let mut estimate = vec![
            Span::raw(format!("Planned to date {} · ", money(budget.planned_to_date))),
            Span::styled(
                format!("estimate at completion {}", money(budget.estimate)),
                estimate_style,
            ),
        ];
        if budget.over_plan() {
            let over = budget.estimate - budget.planned;
            estimate.push(Span::styled(format!(" ⚠ +{}", money(over)), self.theme.bad));
        }
        lines.push(Line::from(estimate));
        let block = Block::default().borders(Borders::TOP).title(" Budget ");
        frame.render_widget(Paragraph::new(lines).block(block), summary);

        let (list, chart) = if rest.width >= 110 {
            let [list, chart] =
                Layout::horizontal([Constraint::Min(0), Constraint::Length(48)]).areas(rest);
            (list, Some(chart))
        } else {
            (rest, None)
        };
        let cells = self
            .rows
            .iter()
            .filter_map(|&row| match row {
                HealthRow::Planned(i) => data.budget.get(i).map(|l| {
                    vec![
                        cell("plan"),
                        cell(l.phase.label()),
                        cell(&l.category),
                        cell(money(l.planned)),
                        cell(""),
                    ]
                }),
                HealthRow::Cost(i) => data.costs.get(i).map(|c| {
                    vec![
                        cell(c.day.to_string()),
                        cell(c.phase.label()),
                        cell(&c.category),
                        cell(money(c.amount)),
                        cell(&c.note),
                    ]
                }),
                _ => None,
            })
            .collect();
        let shown = virtual_table(
            frame,
            list,
            TableSpec {
                title: format!(
                    " Planned amounts ({}) and costs ({}) — p adds a planned amount ",
                    data.budget.len(),
                    data.costs.len()
                ),
                header: vec!["Date", "Phase", "Category", "Amount", "Note"],
                widths: vec![
                    Constraint::Length(10),
                    Constraint::Length(8),
                    Constraint::Length(16),
                    Constraint::Length(14),
                    Constraint::Fill(1),
                ],
            },
            cells,
            Some(self.selected),
            self.theme,
        );
        if let Some(chart) = chart {
            self.burn_chart(frame, chart);
        }
        shown
    }

    /// Planned and actual spending, cumulated, from the first planned phase start on.
    fn burn_chart(&self, frame: &mut Frame, area: Rect) {
        let data = &self.opened.data;
        let starts = data.phases.iter().filter_map(|p| p.planned_start);
        let ends = data.phases.iter().filter_map(|p| p.planned_end);
        let (Some(first), Some(last)) = (starts.min(), ends.max()) else { return };
        if area.height < 6 || last <= first {
            return;
        }
        let weeks = (last - first).num_days() / 7 + 1;
        let day = |week: i64| first + chrono::Days::new(week as u64 * 7);
        let unit = 10f64.powi(health::minor_digits(&data.engagement.currency) as i32);
        let planned: Vec<(f64, f64)> = (0..=weeks)
            .map(|w| (w as f64, health::planned_by(data, day(w)) as f64 / unit))
            .collect();
        let actual: Vec<(f64, f64)> = (0..=weeks)
            .take_while(|w| day(*w) <= self.today)
            .map(|w| (w as f64, health::spent_by(data, day(w)) as f64 / unit))
            .collect();
        let top = planned.iter().chain(&actual).map(|(_, y)| *y).fold(1.0, f64::max);
        let datasets = vec![
            Dataset::default()
                .name("planned")
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(self.theme.dim)
                .data(&planned),
            Dataset::default()
                .name("spent")
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(self.theme.accent)
                .data(&actual),
        ];
        let chart = Chart::new(datasets)
            .block(Block::default().borders(Borders::TOP).title(" Burn "))
            .x_axis(Axis::default().bounds([0.0, weeks as f64]).labels([
                Span::raw(first.format("%b %y").to_string()),
                Span::raw(last.format("%b %y").to_string()),
            ]))
            .y_axis(
                Axis::default()
                    .bounds([0.0, top])
                    .labels([Span::raw("0"), Span::raw(format!("{:.0}", top))]),
            );
        frame.render_widget(chart, area);
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
