//! The parts a report is made of, below all that fills them: a section of sentences and
//! tables, each phase, the trend, the open tasks, the documents, the gate overrides.

use chrono::NaiveDate;
use serde::Serialize;

use super::fields;
use crate::model::{Phase, Task};

/// A table of plain text; the writers escape it for their format.
pub struct TextTable {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// A report section: a heading, sentences, then tables.
pub struct Section {
    pub heading: &'static str,
    pub sentences: Vec<String>,
    pub tables: Vec<TextTable>,
}

/// A date as the reports write it, or a dash.
pub(super) fn date(d: Option<NaiveDate>) -> String {
    d.map_or("—".to_string(), |d| d.to_string())
}

/// The consultancy and the author, from the config (absent when it names none).
#[derive(Debug, Serialize)]
pub struct PreparedBy {
    pub consultancy: Option<String>,
    pub author: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct EngagementInfo {
    pub slug: String,
    pub client: String,
    pub name: String,
    pub phase: Phase,
    pub start_date: Option<NaiveDate>,
    pub planned_transfer_date: Option<NaiveDate>,
}

#[derive(Debug, Serialize)]
pub struct PhaseInfo {
    pub phase: Phase,
    pub current: bool,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub tasks_done: usize,
    pub tasks: usize,
    pub gate_met: usize,
    pub gate_blocking: usize,
    /// The blocking criteria not met, with why.
    pub gate_unmet: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Trend {
    /// The trend in one sentence.
    pub words: String,
    /// Daily scores of the last 120 days.
    pub history: Vec<(NaiveDate, f64)>,
}

#[derive(Debug, Serialize)]
pub struct PhaseTasks {
    pub phase: Phase,
    pub tasks: Vec<TaskLine>,
}

/// An open card as the report lists it: the card, and whether its due date has passed.
#[derive(Debug, Serialize)]
pub struct TaskLine {
    #[serde(flatten, serialize_with = "fields::shown")]
    pub task: Task,
    pub overdue: bool,
}

#[derive(Debug, Serialize)]
pub struct DocCategory {
    pub category: String,
    pub approved: usize,
    pub applicable: usize,
    pub percent: u32,
    pub missing: Vec<String>,
    pub stale: Vec<String>,
}

/// A phase advanced although its gate was not met, as the engagement's history records it.
#[derive(Debug, Clone, Serialize)]
pub struct GateOverride {
    /// When, as the history's timestamp.
    pub at: String,
    pub summary: String,
    pub reason: String,
}

impl GateOverride {
    /// The day of the override: its timestamp's date.
    pub fn day(&self) -> &str {
        self.at.get(..10).unwrap_or(&self.at)
    }
}

impl PhaseInfo {
    /// The phase's gate in words: met, or how many of its blocking criteria are.
    pub fn gate_words(&self) -> String {
        if self.gate_met == self.gate_blocking {
            "met".to_string()
        } else {
            format!("{} of {} met", self.gate_met, self.gate_blocking)
        }
    }
}
