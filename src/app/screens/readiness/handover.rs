//! The Readiness screen's Hand-over view: the transfer inventory's form and its status
//! steps. A secret's value is never asked for, and the form refuses one (see
//! `model::handover::secret_in`).

use super::Reply;
use crate::app::Opened;
use crate::app::form::{Choice, Field};
use crate::app::screens::board::client_staff;
use crate::app::targets::{Plan, RecordForm, date_text, record_form, text};
use crate::model::handover::{HandoverItem, HandoverItemField, HandoverKind, HandoverStatus};
use crate::model::text::sanitize;
use crate::store::edit::{Column, Table};

/// What the Notes field says while empty: the one place a secret might be typed.
const NO_SECRETS: &str = "never a secret's value: only that it exists and who holds it";

/// The form for a new item (`None`) or for editing the item at `index`.
pub(super) fn item_form(opened: &Opened, index: Option<usize>) -> RecordForm {
    let item = index.map(|i| &opened.data.handover[i]);
    let value = |f: fn(&HandoverItem) -> &str| item.map_or("", f);
    let kinds = HandoverKind::ALL.iter().map(|k| Choice::new(k.as_str(), k.label())).collect();
    let statuses = HandoverStatus::ALL.iter().map(|s| Choice::new(s.as_str(), s.label())).collect();
    let fields = vec![
        Field::text("Name", HandoverItemField::Name).required().with_value(value(|i| &i.name)),
        Field::choice("Kind", HandoverItemField::Kind, kinds)
            .required()
            .with_value(item.map_or(HandoverKind::Account, |i| i.kind).as_str()),
        Field::text("Held by", HandoverItemField::CurrentHolder)
            .with_value(value(|i| &i.current_holder)),
        Field::text("Goes to", HandoverItemField::TargetHolder)
            .offering(client_staff(opened))
            .with_value(value(|i| &i.target_holder)),
        Field::date("Due", HandoverItemField::DueDate)
            .with_value(&date_text(item.and_then(|i| i.due_date))),
        Field::choice("Status", HandoverItemField::Status, statuses)
            .required()
            .with_value(item.map_or(HandoverStatus::Planned, |i| i.status).as_str()),
        Field::text("Notes", HandoverItemField::Notes)
            .with_placeholder(NO_SECRETS)
            .with_value(value(|i| &i.notes)),
    ];
    let id = item.map(|i| i.id.as_str());
    record_form(opened, "hand-over item", Table::HandoverItem, "hand-over item", id, fields)
}

/// Space: the item at `index` one status further; from verified back to planned only after
/// asking.
pub(super) fn cycle_item(opened: &Opened, index: usize) -> Reply {
    let Some(item) = opened.data.handover.get(index) else { return Reply::Nothing };
    let next = item.status.next();
    let column: Column = HandoverItemField::Status.into();
    let summary = format!("'{}' is now {}", sanitize(&item.name), next.label());
    let plan = Plan::update(
        &opened.data.engagement.id,
        summary,
        (Table::HandoverItem, &item.id),
        vec![(column, text(next.as_str()))],
        vec![(column, text(item.status.as_str()))],
    );
    Reply::step(plan, &item.name, item.status, next)
}
