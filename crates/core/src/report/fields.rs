//! A record as the JSON report gives it: its fields but those the report leaves out, in the
//! record's order, so that a new field of a record needs no line in the report.

use serde::ser::{Error, SerializeMap};
use serde::{Serialize, Serializer};

use crate::model::{
    ContractorPerson, ContractorPersonField, Responsibility, ResponsibilityField, Task, TaskField,
};
use crate::records::Record;

/// A record the report gives field by field.
pub(super) trait Shown: Record + Serialize {
    /// The fields the report leaves out.
    const LEFT_OUT: &'static [Self::Field];
}

/// A card: neither its key, order and stamps, nor its notes (the team's own), nor the phase
/// it is listed under.
impl Shown for Task {
    const LEFT_OUT: &'static [TaskField] = &[
        TaskField::Id,
        TaskField::Phase,
        TaskField::Notes,
        TaskField::Position,
        TaskField::CreatedAt,
        TaskField::UpdatedAt,
    ];
}

/// One of the contractor's people: all but the key.
impl Shown for ContractorPerson {
    const LEFT_OUT: &'static [ContractorPersonField] = &[ContractorPersonField::Id];
}

/// A duty: neither its key, criticality and target date, nor the ids of its people and
/// skill (the report names them).
impl Shown for Responsibility {
    const LEFT_OUT: &'static [ResponsibilityField] = &[
        ResponsibilityField::Id,
        ResponsibilityField::Criticality,
        ResponsibilityField::TargetDate,
        ResponsibilityField::AccountableId,
        ResponsibilityField::VerifierId,
        ResponsibilityField::SignerId,
        ResponsibilityField::SkillId,
    ];
}

/// `record`'s fields but those left out, each under its column's name (`serialize_with`).
pub(super) fn shown<R: Shown, S: Serializer>(record: &R, serializer: S) -> Result<S::Ok, S::Error> {
    let values = serde_json::to_value(record).map_err(S::Error::custom)?;
    let mut map = serializer.serialize_map(None)?;
    for (field, column) in R::FIELDS.iter().zip(R::COLUMNS) {
        if !R::LEFT_OUT.contains(field) {
            // Serialized under its column's name: the test below holds it for the records
            // given this way, and a record serialized otherwise fails here, not as a null.
            let value = values
                .get(column)
                .ok_or_else(|| S::Error::custom(format!("{} holds no field {column}", R::TABLE)))?;
            map.serialize_entry(column, value)?;
        }
    }
    map.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names `record` is serialized under, and its columns, each sorted.
    fn names_and_columns<R: Record + Serialize>(record: &R) -> (Vec<String>, Vec<String>) {
        let value = serde_json::to_value(record).unwrap();
        let mut names: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
        let mut columns: Vec<String> = R::COLUMNS.iter().map(ToString::to_string).collect();
        names.sort();
        columns.sort();
        (names, columns)
    }

    #[test]
    fn the_records_the_report_gives_field_by_field_are_serialized_under_their_columns() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        let samples = crate::demo::sample(today);
        let data = samples.iter().find(|d| !d.contractor_staff.is_empty()).unwrap();
        let (names, columns) = names_and_columns(&data.tasks[0]);
        assert_eq!(names, columns);
        let (names, columns) = names_and_columns(&data.contractor_staff[0]);
        assert_eq!(names, columns);
        let (names, columns) = names_and_columns(&data.responsibilities[0]);
        assert_eq!(names, columns);
    }
}
