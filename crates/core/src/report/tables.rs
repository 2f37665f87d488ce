//! The report's tables of plain text, built once for every format: the writers escape them
//! for theirs.

use super::parts::{TextTable, date};
use super::{Report, executive};
use crate::model::percent_text;

/// The RAG status a table cell shows: a Status column's RED, AMBER or GREEN (the executive
/// page's); a risk or a card titled "RED" is text, never a status.
pub fn cell_status(header: &str, cell: &str) -> Option<executive::Rag> {
    match (header, cell) {
        ("Status", "RED") => Some(executive::Rag::Red),
        ("Status", "AMBER") => Some(executive::Rag::Amber),
        ("Status", "GREEN") => Some(executive::Rag::Green),
        _ => None,
    }
}

/// How many of the items costing points the readiness section lists (the appendix lists all).
const COSTLIEST: usize = 10;

impl Report {
    /// The phases: planned and actual dates, tasks done and the gate, the current one marked.
    pub fn phases_table(&self) -> TextTable {
        let rows = self
            .phases
            .iter()
            .map(|p| {
                vec![
                    format!("{}{}", p.phase.label(), if p.current { " (current)" } else { "" }),
                    format!("{} – {}", date(p.planned_start), date(p.planned_end)),
                    format!("{} – {}", date(p.actual_start), date(p.actual_end)),
                    format!("{} of {}", p.tasks_done, p.tasks),
                    p.gate_words(),
                ]
            })
            .collect();
        TextTable { headers: vec!["Phase", "Planned", "Actual", "Tasks done", "Gate"], rows }
    }

    /// The next best actions: the points each adds, and the step.
    pub fn actions_table(&self) -> TextTable {
        TextTable {
            headers: vec!["Points", "Step"],
            rows: self
                .next_actions
                .iter()
                .map(|a| vec![format!("+{:.1}", a.points), a.step.clone()])
                .collect(),
        }
    }

    /// The score's breakdown: each dimension's value, weight and points, then the total the
    /// points add up to as printed.
    pub fn dimensions_table(&self) -> TextTable {
        let r = &self.readiness;
        let mut rows: Vec<Vec<String>> = r
            .dimensions
            .iter()
            .map(|d| {
                vec![
                    d.dimension.label().to_string(),
                    percent_text(d.value),
                    percent_text(d.weight),
                    format!("{:.1}", d.points),
                    d.finding.clone().unwrap_or_default(),
                ]
            })
            .collect();
        let total = format!("{:.1}", r.score);
        rows.push(vec!["Total".into(), String::new(), String::new(), total, String::new()]);
        TextTable { headers: vec!["Dimension", "Value", "Weight", "Points", "Finding"], rows }
    }

    /// The `limit` items that cost the most points, the costliest first.
    pub fn losses_table(&self, limit: usize) -> TextTable {
        TextTable {
            headers: vec!["Points lost", "Dimension", "Item"],
            rows: self
                .readiness
                .losses
                .iter()
                .take(limit)
                .map(|l| {
                    vec![format!("{:.1}", l.points), l.dimension.label().into(), l.item.clone()]
                })
                .collect(),
        }
    }

    /// The costliest items, as the readiness section lists them.
    pub fn costliest_table(&self) -> TextTable {
        self.losses_table(COSTLIEST)
    }

    /// Whether the readiness section leaves items to the appendix.
    pub fn has_appendix(&self) -> bool {
        self.readiness.losses.len() > COSTLIEST
    }

    /// How many of the items costing points the readiness section shows, in words.
    pub fn losses_words(&self) -> String {
        match self.readiness.losses.len() {
            0 => "Nothing costs points.".to_string(),
            n if n <= COSTLIEST => format!("Every item that costs points ({n}):"),
            n => format!(
                "The {COSTLIEST} costliest of the {n} items that cost points (the appendix lists all {n}):"
            ),
        }
    }

    /// Every item that costs points: the appendix.
    pub fn appendix_table(&self) -> TextTable {
        self.losses_table(usize::MAX)
    }

    /// The documentation per category: approved of applicable, missing and stale items.
    pub fn docs_table(&self) -> TextTable {
        let list =
            |items: &[String]| if items.is_empty() { "—".into() } else { items.join("; ") };
        TextTable {
            headers: vec!["Category", "Approved", "Missing", "Stale"],
            rows: self
                .docs
                .iter()
                .map(|c| {
                    vec![
                        c.category.clone(),
                        format!("{} of {} ({} %)", c.approved, c.applicable, c.percent),
                        list(&c.missing),
                        list(&c.stale),
                    ]
                })
                .collect(),
        }
    }
}
