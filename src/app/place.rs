//! Where the app can go: a record by kind and id, or a view of a screen. The screens
//! say whether a place is theirs (`Component::show`); the detail pane, the notes and the
//! drill-down lead to them.

use super::tabs::{HealthTab, ReadinessTab};
use crate::model::RecordId;
use crate::store::edit::Table;

/// A record of the engagement on screen (or an engagement), by kind and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRef {
    pub table: Table,
    pub id: String,
}

impl RecordRef {
    pub fn new(table: Table, id: &str) -> RecordRef {
        RecordRef { table, id: id.to_string() }
    }
}

impl From<&RecordId> for RecordRef {
    fn from(record: &RecordId) -> RecordRef {
        let (table, id) = Table::of(record);
        RecordRef::new(table, id)
    }
}

/// Where a drill-down leads: a record, or a view when no one record is behind it.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Record(RecordRef),
    Readiness(ReadinessTab),
    Health(HealthTab),
    /// The board's current phase with its gate criteria in focus.
    Gate,
    /// A phase on the board, where its dates are edited.
    Phase(crate::model::Phase),
    /// A cell of the skills matrix: the skill's row, the person's column.
    Rating {
        skill: String,
        person: String,
    },
}
