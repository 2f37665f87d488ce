//! The Health screen's budget: planned and spent per phase, the planned amounts and costs,
//! and the burn chart.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, Paragraph};

use super::View;
use crate::app::{Action, HealthRow, ListArea};
use crate::model::health::{self, format_amount, format_number};
use crate::ui::widgets::{TableSpec, cell, virtual_table};

impl View<'_> {
    pub(super) fn budget(&self, frame: &mut Frame, area: Rect) -> ListArea {
        let data = &self.opened.data;
        let currency = &data.engagement.currency;
        let money = |minor: i64| format_number(minor, currency);
        let budget = health::budget(data, self.state.today);
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
            let over = budget.estimate.saturating_sub(budget.planned);
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
                    " Planned amounts ({}) and costs ({}) — {} adds a planned amount ",
                    data.budget.len(),
                    data.costs.len(),
                    self.state.key_label(Action::AddPlanned)
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
            .take_while(|w| day(*w) <= self.state.today)
            .map(|w| (w as f64, health::spent_by(data, day(w)) as f64 / unit))
            .collect();
        let top = planned.iter().chain(&actual).map(|(_, y)| *y).fold(1.0, f64::max);
        let (top_minor, currency) = ((top * unit).round() as i64, &data.engagement.currency);
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
            // The amount on the y-axis takes room: the legend stays up to half the plot.
            .hidden_legend_constraints((Constraint::Ratio(1, 2), Constraint::Ratio(1, 2)))
            .x_axis(Axis::default().bounds([0.0, weeks as f64]).labels([
                Span::raw(first.format("%b %y").to_string()),
                Span::raw(last.format("%b %y").to_string()),
            ]))
            .y_axis(
                Axis::default()
                    .bounds([0.0, top])
                    .labels([Span::raw("0"), Span::raw(format_amount(top_minor, currency))]),
            );
        frame.render_widget(chart, area);
    }
}
