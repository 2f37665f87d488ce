//! The edits the Readiness screen's rows take besides their forms: a record deleted, a
//! person's state, a KT topic's status and a responsibility's owner stepped with Space.

use super::{Reply, ScreenContext};
use crate::app::keymap::Scope;
use crate::app::targets::{Plan, text};
use crate::app::{Action, Screen, Then};
use crate::model::text::sanitize;
use crate::model::{
    EngagementData, KtStatus, KtTopicField, PersonField, PersonState, ResponsibilityField,
};
use crate::records::FieldValue;
use crate::store::edit::Table;
use crate::words::named_records;

/// The record under the cursor, by its index in its list.
pub(super) enum Selected {
    Role(usize),
    Person(usize),
    Contractor(usize),
    Skill(usize),
    Topic(usize),
    Duty(usize),
    Item(usize),
    None,
}

/// Asks before deleting the selected record, naming what refers to it.
pub(super) fn delete(data: &EngagementData, selected: Selected) -> Reply {
    let (table, id, name) = match selected {
        Selected::Role(i) => (Table::Role, &data.roles[i].id, &data.roles[i].title),
        Selected::Person(i) => (Table::Person, &data.people[i].id, &data.people[i].name),
        Selected::Contractor(i) => {
            let person = &data.contractor_staff[i];
            (Table::ContractorPerson, &person.id, &person.name)
        }
        Selected::Skill(i) => (Table::Skill, &data.skills[i].id, &data.skills[i].name),
        Selected::Topic(i) => (Table::KtTopic, &data.kt_topics[i].id, &data.kt_topics[i].title),
        Selected::Duty(i) => {
            let duty = &data.responsibilities[i];
            (Table::Responsibility, &duty.id, &duty.activity)
        }
        Selected::Item(i) => (Table::HandoverItem, &data.handover[i].id, &data.handover[i].name),
        Selected::None => return Reply::Nothing,
    };
    let then = Then::Apply(Plan::delete(&data.engagement.id, (table, id), None, name));
    let references = data.references_to(id);
    let mut question = match references.is_empty() {
        true => format!("Delete '{name}'?"),
        false => {
            format!("Delete '{name}'? They are {}: that will name nobody.", references.join(", "))
        }
    };
    if let Selected::Person(_) | Selected::Contractor(_) = selected {
        let named = crate::store::naming::texts_naming(data, name);
        if !named.is_empty() {
            question += &format!(" The name stays as text on {}.", named_records(&named));
        }
    }
    Reply::Confirm(question, then)
}

/// Space on a client's person: their next state, dating it.
pub(super) fn cycle_person(data: &EngagementData, index: usize, cx: &ScreenContext) -> Reply {
    let person = &data.people[index];
    let next = match person.state {
        PersonState::Planned => PersonState::Recruiting,
        PersonState::Recruiting => PersonState::Hired,
        PersonState::Hired => PersonState::Onboarded,
        PersonState::Onboarded => PersonState::Independent,
        PersonState::Independent | PersonState::Left => {
            let edit = cx.key_label(Some(Scope::Staffing), Screen::Readiness, Action::Edit);
            return Reply::message(format!("edit the person ({edit}) to change this state"));
        }
    };
    let mut values = vec![(PersonField::State.into(), text(next.as_str()))];
    let date_column = match next {
        PersonState::Hired => Some((PersonField::HiredAt, person.hired_at)),
        PersonState::Onboarded => Some((PersonField::OnboardedAt, person.onboarded_at)),
        PersonState::Independent => Some((PersonField::IndependentAt, person.independent_at)),
        _ => None,
    };
    if let Some((column, None)) = date_column {
        values.push((column.into(), text(&cx.today.to_string())));
    }
    let summary = format!("{} is now {}", sanitize(&person.name), next.label());
    let shown = vec![(PersonField::State.into(), text(person.state.as_str()))];
    let target = (Table::Person, person.id.as_str());
    Reply::apply(Plan::update(&data.engagement.id, summary, target, values, shown))
}

/// Space on a KT topic: its next status; signed off today.
pub(super) fn cycle_topic(data: &EngagementData, index: usize, cx: &ScreenContext) -> Reply {
    let topic = &data.kt_topics[index];
    let next = topic.status.next();
    let signed = match next {
        KtStatus::SignedOff => text(&cx.today.to_string()),
        _ => FieldValue::Null,
    };
    let mut values = vec![
        (KtTopicField::Status.into(), text(next.as_str())),
        (KtTopicField::SignedOffAt.into(), signed),
    ];
    // Only a signed-off topic has a signer: leaving it takes the signer too.
    if next != KtStatus::SignedOff && topic.signed_off_by_id.is_some() {
        values.push((KtTopicField::SignedOffById.into(), FieldValue::Null));
    }
    let summary = format!("KT '{}' is now {}", sanitize(&topic.title), next.label());
    let shown = vec![(KtTopicField::Status.into(), text(topic.status.as_str()))];
    let target = (Table::KtTopic, topic.id.as_str());
    let plan = Plan::update(&data.engagement.id, summary, target, values, shown);
    Reply::step(plan, &topic.title, topic.status, next)
}

/// Space on a responsibility: the next side owns it.
pub(super) fn cycle_duty(data: &EngagementData, index: usize) -> Reply {
    let duty = &data.responsibilities[index];
    let next = duty.owner.next();
    let values = vec![(ResponsibilityField::Owner.into(), text(next.as_str()))];
    let summary = format!("'{}' is now with {}", sanitize(&duty.activity), next.label());
    let shown = vec![(ResponsibilityField::Owner.into(), text(duty.owner.as_str()))];
    let target = (Table::Responsibility, duty.id.as_str());
    let plan = Plan::update(&data.engagement.id, summary, target, values, shown);
    Reply::step(plan, &duty.activity, duty.owner, next)
}
