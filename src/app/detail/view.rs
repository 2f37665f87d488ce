//! What the detail pane shows of a record: each field with its label, the records related
//! to it, and its history, all as sanitized text.

use chrono::NaiveDate;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::app::place::RecordRef;
use crate::model::EngagementData;
use crate::model::health::format_amount;
use crate::model::text::{sanitize, sanitize_lines};
use crate::records::{FieldKind, Record};
use crate::store::edit::{Column, Table};
use crate::store::history::{Event, RecordEdit};
use crate::words::{field as label, kind};

/// A record as the pane shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordView {
    /// "card", "KT topic": what the record is.
    pub kind: &'static str,
    /// Each field's label and value; a long text (notes) may hold several lines.
    pub fields: Vec<(String, String)>,
    /// Records that belong with it: a person's ratings, a skill's holders.
    pub related: Vec<String>,
    /// What is wrong with it today, by the model's rules: "overdue", "stale: …".
    pub alarm: Option<&'static str>,
}

/// Whether the pane leaves the field out: a key or an order, which mean nothing to the
/// user. (The engagement's column is no field of a record.)
fn hidden(column: Column) -> bool {
    column.kind() == FieldKind::Hidden
}

/// The record `record` of `data` as the pane shows it on `today`; `None` when it is not
/// there.
pub fn record_view(
    data: &EngagementData,
    record: &RecordRef,
    today: NaiveDate,
) -> Option<RecordView> {
    let fields = record_fields(data, record)?
        .into_iter()
        .filter(|(column, _)| !hidden(*column))
        .map(|(column, value)| (label(column), value_text(data, column, &value)))
        .collect();
    Some(RecordView {
        kind: kind(record.table),
        fields,
        related: related(data, record),
        alarm: alarm(data, record, today),
    })
}

/// What is wrong with `record` on `today`, by the rules the header counts with.
fn alarm(data: &EngagementData, record: &RecordRef, today: NaiveDate) -> Option<&'static str> {
    let id = record.id.as_str();
    let late = match record.table {
        Table::Task => data.tasks.iter().any(|t| t.id == id && t.is_overdue(today)),
        Table::Role => data.roles.iter().any(|r| r.id == id && data.role_is_late(r, today)),
        Table::Person => data.people.iter().any(|p| p.id == id && p.is_late(today)),
        Table::KtTopic => data.kt_topics.iter().any(|t| t.id == id && t.is_late(today)),
        Table::Responsibility => {
            data.responsibilities.iter().any(|r| r.id == id && r.is_late(today))
        }
        Table::HandoverItem => data.handover.iter().any(|i| i.id == id && i.is_overdue(today)),
        Table::DocItem => {
            let stale = data.docs.iter().any(|d| d.id == id && d.is_stale(today));
            return stale.then_some("stale: not reviewed within its interval");
        }
        _ => false,
    };
    late.then_some("overdue")
}

/// The record's history, newest first: one line per field changed, "status: todo → done,
/// 2026-11-20 14:02".
pub fn history_lines(data: &EngagementData, edits: &[RecordEdit]) -> Vec<String> {
    let mut lines = Vec::new();
    for edit in edits {
        let when = local_time(&edit.at);
        match &edit.event {
            Event::Created => lines.push(format!("created, {when}")),
            Event::Deleted => lines.push(format!("deleted, {when}")),
            Event::Changed(fields) => {
                lines.extend(fields.iter().filter(|f| !hidden(f.column)).map(|f| {
                    let before = value_text(data, f.column, &f.before);
                    let after = value_text(data, f.column, &f.after);
                    let one_line = |text: String| sanitize(&text).into_owned();
                    format!(
                        "{}: {} → {}, {when}",
                        label(f.column),
                        one_line(before),
                        one_line(after)
                    )
                }))
            }
        }
    }
    lines
}

/// A record's fields as JSON values, in the order its struct declares them.
struct Fields(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Fields, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Fields;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a record")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut fields = Vec::new();
                while let Some(field) = map.next_entry()? {
                    fields.push(field);
                }
                Ok(Fields(fields))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

/// The record's fields, typed, with their values.
fn record_fields(data: &EngagementData, record: &RecordRef) -> Option<Vec<(Column, Value)>> {
    /// A record serializes its stored fields in their order, and nothing else (its derived
    /// fields are skipped): the n-th value is that of its n-th field.
    fn in_order<T: Record + Serialize>(item: &T) -> Option<Vec<(Column, Value)>>
    where
        Column: From<T::Field>,
    {
        let json = serde_json::to_string(item).ok()?;
        let Fields(values) = serde_json::from_str(&json).ok()?;
        debug_assert_eq!(values.len(), T::FIELDS.len(), "{}", T::TABLE);
        let columns = T::FIELDS.iter().map(|&field| Column::from(field));
        Some(columns.zip(values.into_iter().map(|(_, value)| value)).collect())
    }
    fn find<T: Record + Serialize>(
        items: &[T],
        id: impl Fn(&T) -> &str,
        wanted: &str,
    ) -> Option<Vec<(Column, Value)>>
    where
        Column: From<T::Field>,
    {
        items.iter().find(|item| id(item) == wanted).and_then(in_order)
    }
    let id = record.id.as_str();
    match record.table {
        Table::Engagement => Some(&data.engagement).filter(|e| e.id == id).and_then(in_order),
        Table::Task => find(&data.tasks, |t| &t.id, id),
        Table::GateCriterion => find(&data.gates, |g| &g.id, id),
        Table::Role => find(&data.roles, |r| &r.id, id),
        Table::Person => find(&data.people, |p| &p.id, id),
        Table::ContractorPerson => find(&data.contractor_staff, |p| &p.id, id),
        Table::Skill => find(&data.skills, |s| &s.id, id),
        Table::KtTopic => find(&data.kt_topics, |t| &t.id, id),
        Table::Responsibility => find(&data.responsibilities, |r| &r.id, id),
        Table::DocItem => find(&data.docs, |d| &d.id, id),
        Table::Risk => find(&data.risks, |r| &r.id, id),
        Table::BudgetLine => find(&data.budget, |l| &l.id, id),
        Table::CostEntry => find(&data.costs, |c| &c.id, id),
        Table::UserTest => find(&data.user_tests, |t| &t.id, id),
        Table::Integration => find(&data.integrations, |i| &i.id, id),
        Table::Lesson => find(&data.lessons, |l| &l.id, id),
        Table::HandoverItem => find(&data.handover, |i| &i.id, id),
        Table::Ticket => find(&data.tickets, |t| &t.id, id),
        Table::Phase | Table::SkillRating | Table::KtTrainee | Table::ReadinessSnapshot => None,
    }
}

/// A field's value as one shown text, as its kind says: names for references, amounts with
/// their currency, "—" for none.
fn value_text(data: &EngagementData, column: Column, value: &Value) -> String {
    let text = match (column.kind(), value) {
        (_, Value::Null) => "—".to_string(),
        (_, Value::String(text)) if text.is_empty() => "—".to_string(),
        (_, Value::Bool(yes)) => if *yes { "yes" } else { "no" }.to_string(),
        (FieldKind::Money, Value::Number(n)) => {
            format_amount(n.as_i64().unwrap_or_default(), &data.engagement.currency)
        }
        (FieldKind::Reference, Value::String(id)) => reference(data, id),
        (FieldKind::Word, Value::String(word)) => word.replace('_', " "),
        (FieldKind::Timestamp, Value::String(text)) => local_time(text),
        (_, Value::String(text)) => text.clone(),
        (_, other) => other.to_string(),
    };
    sanitize_lines(&text).into_owned()
}

/// The name of the role, skill or person (of either side) with id `id`.
fn reference(data: &EngagementData, id: &str) -> String {
    let roles = data.roles.iter().map(|r| (&r.id, &r.title));
    let skills = data.skills.iter().map(|s| (&s.id, &s.name));
    let named =
        roles.chain(skills).find(|(candidate, _)| *candidate == id).map(|(_, n)| n.as_str());
    named.or_else(|| data.person_name(id)).unwrap_or("(removed)").to_string()
}

/// The records that belong with `record`: a role's people, a person's ratings, a skill's
/// holders and topics.
fn related(data: &EngagementData, record: &RecordRef) -> Vec<String> {
    let id = record.id.as_str();
    let lines: Vec<String> = match record.table {
        Table::Role => data
            .people
            .iter()
            .filter(|p| p.role_id.as_deref() == Some(id))
            .map(|p| format!("person {}: {}", p.name, p.state.label()))
            .collect(),
        Table::Person => data
            .ratings
            .iter()
            .filter(|r| r.person_id == id)
            .map(|r| format!("{}: level {}", reference(data, &r.skill_id), r.level))
            .chain(data.references_to(id))
            .collect(),
        Table::ContractorPerson => data.references_to(id),
        Table::KtTopic => {
            data.trainees_of(id).map(|p| format!("trainee {}", reference(data, p))).collect()
        }
        Table::Skill => data
            .ratings
            .iter()
            .filter(|r| r.skill_id == id && r.level > 0)
            .map(|r| format!("held by {}: level {}", reference(data, &r.person_id), r.level))
            .chain(
                data.kt_topics
                    .iter()
                    .filter(|t| t.skill_id.as_deref() == Some(id))
                    .map(|t| format!("KT topic {}: {}", t.title, t.status.label())),
            )
            .collect(),
        _ => Vec::new(),
    };
    lines.iter().map(|line| sanitize(line).into_owned()).collect()
}

/// A log time (UTC) in the local time zone, to the minute.
fn local_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| sanitize(at).into_owned())
}
