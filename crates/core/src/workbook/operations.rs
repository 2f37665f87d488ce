//! The service desk's sheets: its weeks, each share red where it misses the hypercare exit
//! criterion's threshold and green where it meets it, and its tickets.

use chrono::NaiveDate;

use super::Rag;
use super::sheet::{Cell, Sheet, header};
use crate::model::EngagementData;
use crate::model::evidence::{Hypercare, Ticket, Week, in_force, weeks};

/// The weeks (oldest first) and the tickets, when any ticket is imported.
pub(super) fn sheets(data: &EngagementData, today: NaiveDate) -> Vec<Sheet> {
    if data.tickets.is_empty() {
        return Vec::new();
    }
    vec![weeks_sheet(data, today), tickets_sheet(&data.tickets)]
}

/// The thresholds a week is held to: the strictest of the criteria in force, if any.
#[derive(Default)]
struct WeekThresholds {
    sla: Option<u32>,
    client_alone: Option<u32>,
}

fn thresholds(data: &EngagementData) -> WeekThresholds {
    let mut thresholds = WeekThresholds::default();
    for (_, criterion) in in_force(data) {
        let (slot, percent) = match criterion {
            Hypercare::Sla { percent, .. } => (&mut thresholds.sla, percent),
            Hypercare::ClientAlone { percent, .. } => (&mut thresholds.client_alone, percent),
            Hypercare::P1Planned => continue,
        };
        *slot = Some(slot.map_or(percent, |p| p.max(percent)));
    }
    thresholds
}

/// A share against its threshold: red below, green at or above; empty without figures.
fn share_cell(share: Option<u32>, threshold: Option<u32>) -> Cell {
    let Some(share) = share else { return Cell::text("") };
    let rag = threshold.map(|t| if share >= t { Rag::Green } else { Rag::Red });
    Cell::number(share).with_rag(rag)
}

fn weeks_sheet(data: &EngagementData, today: NaiveDate) -> Sheet {
    let thresholds = thresholds(data);
    let rows = weeks(&data.tickets, today)
        .iter()
        .map(|w: &Week| {
            vec![
                Cell::text(w.label()),
                Cell::date(Some(w.monday)),
                Cell::number(w.resolved as u32),
                Cell::number(w.by_client as u32),
                share_cell(w.client_share(), thresholds.client_alone),
                Cell::number(w.urgent as u32),
                share_cell(w.urgent_sla(), thresholds.sla),
                share_cell(w.all_sla(), None),
                Cell::number(w.open_p1 as u32),
            ]
        })
        .collect();
    let header = header(&[
        "week",
        "monday",
        "resolved",
        "by client",
        "client alone %",
        "P1/P2 resolved",
        "P1/P2 in SLA %",
        "all in SLA %",
        "open P1",
    ]);
    Sheet { name: "Operations", header, rows }
}

/// Every ticket as the desk exported it, with its plan; an SLA missed red, an open P1
/// without a plan red.
fn tickets_sheet(tickets: &[Ticket]) -> Sheet {
    let rows = tickets
        .iter()
        .map(|t| {
            let sla = match t.sla_met {
                Some(true) => Cell::text("yes").with_rag(Some(Rag::Green)),
                Some(false) => Cell::text("no").with_rag(Some(Rag::Red)),
                None => Cell::text(""),
            };
            let unplanned = t.priority == 1 && t.resolved.is_none() && t.plan.trim().is_empty();
            vec![
                Cell::text(&t.key),
                Cell::text(t.kind.as_str()),
                Cell::number(t.priority),
                Cell::date(Some(t.opened)),
                Cell::date(t.resolved),
                Cell::text(t.resolved_by.map_or("", |r| r.as_str())),
                sla,
                Cell::text(&t.plan).with_rag(unplanned.then_some(Rag::Red)),
            ]
        })
        .collect();
    let header = header(&[
        "ticket",
        "kind",
        "priority",
        "opened",
        "resolved",
        "resolved by",
        "SLA met",
        "plan",
    ]);
    Sheet { name: "Tickets", header, rows }
}
