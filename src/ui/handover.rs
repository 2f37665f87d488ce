//! The Readiness screen's Hand-over view: the transfer inventory, by kind, with who holds
//! each item now and who will, its status and its due date (marked when overdue).

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};

use super::Theme;
use super::rows::{due_cell, kept};
use super::widgets::{TableSpec, cell, virtual_table};
use crate::app::ListArea;
use crate::model::EngagementData;
use crate::model::handover::HandoverStatus;
use crate::model::text::or_dash;

/// The width from which the current holder has a column.
const WIDE: u16 = 100;

pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    data: &EngagementData,
    (shown, row): (&[usize], usize),
    today: NaiveDate,
    theme: &Theme,
) -> ListArea {
    // Narrow terminals leave out who holds an item now (the detail pane shows it), so that
    // names stay readable.
    let wide = area.width >= WIDE;
    let rows = kept(&data.handover, shown, 0)
        .map(|item| {
            let status_style = match item.status {
                HandoverStatus::Verified => theme.good,
                HandoverStatus::Transferred => theme.accent,
                HandoverStatus::Planned | HandoverStatus::InProgress => theme.dim,
            };
            let mut cells = vec![cell(&item.name), cell(item.kind.as_str())];
            if wide {
                cells.push(cell(or_dash(&item.current_holder)));
            }
            cells.extend([
                cell(or_dash(&item.target_holder)),
                cell(item.status.label()).style(status_style),
                due_cell(item.due_date, item.is_overdue(today), theme),
            ]);
            cells
        })
        .collect();
    let mut header = vec!["Item", "Kind", "Held by", "Goes to", "Status", "Due"];
    let mut widths = vec![
        Constraint::Fill(2),
        Constraint::Length(11),
        Constraint::Fill(1),
        Constraint::Fill(1),
        Constraint::Length(11),
        Constraint::Length(12),
    ];
    if !wide {
        header.remove(2);
        widths.remove(2);
    }
    let handed = data.handover.iter().filter(|i| i.is_handed_over()).count();
    virtual_table(
        frame,
        area,
        TableSpec {
            title: format!(" Hand-over ({handed} of {} handed over) ", data.handover.len()),
            header,
            widths,
        },
        rows,
        Some(row),
        theme,
    )
}
