//! The report's hand-over section: the transfer inventory by kind and status, with the items
//! overdue named.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Section, TextTable, date};
use crate::model::EngagementData;
use crate::model::handover::{HandoverItem, HandoverKind, HandoverStatus, sort};
use crate::model::text::or_dash;

/// The transfer inventory as the report gives it.
#[derive(Debug, Serialize)]
pub struct HandoverReport {
    /// The kinds recorded, in the inventory's order, each with its counts.
    pub by_kind: Vec<KindCount>,
    /// Every item, in the inventory's order.
    pub items: Vec<ItemLine>,
}

#[derive(Debug, Serialize)]
pub struct KindCount {
    pub kind: HandoverKind,
    pub items: usize,
    /// Transferred or verified.
    pub handed_over: usize,
    pub verified: usize,
}

#[derive(Debug, Serialize)]
pub struct ItemLine {
    #[serde(flatten)]
    pub item: HandoverItem,
    /// Due date passed, not handed over yet.
    pub overdue: bool,
}

impl HandoverReport {
    pub fn new(data: &EngagementData, as_of: NaiveDate) -> HandoverReport {
        let count = |kind: HandoverKind| {
            let of_kind = data.handover.iter().filter(|i| i.kind == kind);
            KindCount {
                kind,
                items: of_kind.clone().count(),
                handed_over: of_kind.clone().filter(|i| i.is_handed_over()).count(),
                verified: of_kind.filter(|i| i.status == HandoverStatus::Verified).count(),
            }
        };
        let mut inventory = data.handover.clone();
        sort(&mut inventory);
        let items = inventory
            .into_iter()
            .map(|item| ItemLine { overdue: item.is_overdue(as_of), item })
            .collect();
        HandoverReport {
            by_kind: HandoverKind::ALL.iter().map(|&k| count(k)).filter(|c| c.items > 0).collect(),
            items,
        }
    }

    /// The section: how much has changed hands, what is overdue, the counts by kind and
    /// every item.
    pub fn section(&self) -> Section {
        if self.items.is_empty() {
            return Section {
                heading: HEADING,
                sentences: vec!["No hand-over item recorded yet.".into()],
                tables: Vec::new(),
            };
        }
        let total: usize = self.by_kind.iter().map(|c| c.items).sum();
        let handed: usize = self.by_kind.iter().map(|c| c.handed_over).sum();
        let verified: usize = self.by_kind.iter().map(|c| c.verified).sum();
        let mut sentences =
            vec![format!("{handed} of {total} items handed over, {verified} of them verified.")];
        let overdue: Vec<&str> =
            self.items.iter().filter(|l| l.overdue).map(|l| l.item.name.as_str()).collect();
        if !overdue.is_empty() {
            sentences.push(format!("Overdue: {}.", overdue.join(", ")));
        }
        let by_kind = TextTable {
            headers: vec!["Kind", "Items", "Handed over", "Verified"],
            rows: self
                .by_kind
                .iter()
                .map(|c| {
                    let counts = [c.items, c.handed_over, c.verified].map(|n| n.to_string());
                    std::iter::once(c.kind.label().to_string()).chain(counts).collect()
                })
                .collect(),
        };
        let items = TextTable {
            headers: vec!["Item", "Kind", "Held by", "Goes to", "Due", "Status"],
            rows: self.items.iter().map(item_row).collect(),
        };
        Section { heading: HEADING, sentences, tables: vec![by_kind, items] }
    }
}

const HEADING: &str = "Hand-over inventory";

fn item_row(line: &ItemLine) -> Vec<String> {
    let i = &line.item;
    let status = if line.overdue {
        format!("{} (overdue)", i.status.label())
    } else {
        i.status.label().to_string()
    };
    vec![
        i.name.clone(),
        i.kind.label().to_string(),
        or_dash(&i.current_holder).to_string(),
        or_dash(&i.target_holder).to_string(),
        date(i.due_date),
        status,
    ]
}
