//! The Health screen's risks: the list, the selected risk's details and the heat map.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::{View, labelled};
use crate::app::{HealthRow, ListArea};
use crate::model::health::{self, RiskStatus};
use crate::ui::widgets::{TableSpec, cell, virtual_table};

/// The heat map's box, and the width the risks beside it keep at least (else no map).
const MAP_WIDTH: u16 = 27;
const LIST_MIN_WIDTH: u16 = 40;

impl View<'_> {
    pub(super) fn risks(&self, frame: &mut Frame, area: Rect) -> ListArea {
        let automatic = self.opened.automatic_risks(self.state.today);
        let data = &self.opened.data;
        let risk_of = |row: HealthRow| match row {
            HealthRow::Risk(i) => data.risks.get(i).map(|r| (r, false)),
            HealthRow::AutoRisk(i) => automatic.get(i).map(|r| (r, true)),
            _ => None,
        };
        let (left, map) = if area.width >= MAP_WIDTH + 1 + LIST_MIN_WIDTH {
            let [left, map] =
                Layout::horizontal([Constraint::Min(0), Constraint::Length(MAP_WIDTH)])
                    .spacing(1)
                    .areas(area);
            (left, Some(map))
        } else {
            (area, None)
        };
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
        if let Some(map) = map {
            self.heat_map(frame, map, health::heat_map(data.risks.iter().chain(&automatic)));
        }
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
        // A whole box or none: a box cut at the bottom would hide rows of the map.
        let height = lines.len() as u16 + 2;
        if area.height < height {
            return;
        }
        let [area, _] =
            Layout::vertical([Constraint::Length(height), Constraint::Min(0)]).areas(area);
        let block = Block::default().borders(Borders::ALL).title(" Heat map ");
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }
}
