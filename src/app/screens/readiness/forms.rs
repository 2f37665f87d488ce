//! The Readiness screen's forms: a role, a client's person (with the dates of their
//! states), a contractor's person, a skill, a knowledge-transfer topic (trainer, trainees,
//! who signed off) and a responsibility (who is accountable, verifies and signs off, and
//! the skill each needs).

use chrono::NaiveDate;

use crate::app::Opened;
use crate::app::form::{Choice, Field, FieldKey};
use crate::app::targets::{RecordForm, Target, date_text, record_form, text};
use crate::model::rules;
use crate::model::{
    ContractorPerson, ContractorPersonField, EngagementData, KtStatus, KtTopicField, Owner, Person,
    PersonField, PersonState, ResponsibilityField, Role, RoleField, Skill, SkillField, new_id,
};
use crate::store::edit::{Column, Table};

fn criticality(column: Column, value: u8) -> Field {
    let options = vec![
        Choice::new("1", "1 low"),
        Choice::new("2", "2 medium"),
        Choice::new("3", "3 critical"),
    ];
    Field::choice("Criticality", column, options).required().with_value(&value.to_string())
}

pub(super) fn role_form(opened: &Opened, role: Option<&Role>) -> RecordForm {
    let fields = vec![
        Field::text("Title", RoleField::Title).required().with_value(role.map_or("", |r| &r.title)),
        Field::ranged("Planned", RoleField::PlannedCount, &rules::PLANNED_COUNT)
            .required()
            .with_value(&role.map_or(1, |r| r.planned_count).to_string()),
        criticality(RoleField::Criticality.into(), role.map_or(2, |r| r.criticality)),
        Field::date("Target", RoleField::TargetDate)
            .with_value(&date_text(role.and_then(|r| r.target_date))),
    ];
    record_form(opened, "role", Table::Role, "role", role.map(|r| r.id.as_str()), fields)
}

pub(super) fn person_form(
    opened: &Opened,
    person: Option<&Person>,
    role_id: Option<&str>,
) -> RecordForm {
    let roles = opened.data.roles.iter().map(|r| Choice::new(&r.id, &r.title)).collect();
    let states = PersonState::ALL.iter().map(|s| Choice::new(s.as_str(), s.label())).collect();
    let day = |f: fn(&Person) -> Option<NaiveDate>| date_text(person.and_then(f));
    let fields = vec![
        Field::text("Name", PersonField::Name)
            .required()
            .refusing_names(names_taken(&opened.data, person.map(|p| p.name.as_str())))
            .with_value(person.map_or("", |p| &p.name)),
        Field::choice("Role", PersonField::RoleId, roles)
            .with_value(person.and_then(|p| p.role_id.as_deref()).or(role_id).unwrap_or("")),
        Field::choice("State", PersonField::State, states)
            .required()
            .with_value(person.map_or(PersonState::Planned, |p| p.state).as_str()),
        Field::date("Planned", PersonField::PlannedDate).with_value(&day(|p| p.planned_date)),
        Field::date("Hired", PersonField::HiredAt).with_value(&day(|p| p.hired_at)),
        Field::date("Onboarded", PersonField::OnboardedAt).with_value(&day(|p| p.onboarded_at)),
        Field::date("Independent", PersonField::IndependentAt)
            .with_value(&day(|p| p.independent_at)),
        Field::date("Left", PersonField::LeftAt).with_value(&day(|p| p.left_at)),
    ];
    let id = person.map(|p| p.id.as_str());
    let record = record_form(opened, "person", Table::Person, "person", id, fields);
    record.renaming(&opened.data, person.map(|p| p.name.as_str()))
}

pub(super) fn skill_form(opened: &Opened, skill: Option<&Skill>) -> RecordForm {
    let fields = vec![
        Field::text("Name", SkillField::Name).required().with_value(skill.map_or("", |s| &s.name)),
        Field::text("Category", SkillField::Category)
            .empty_text()
            .with_value(skill.map_or("", |s| &s.category)),
        Field::ranged("Required", SkillField::RequiredLevel, &rules::REQUIRED_LEVEL)
            .required()
            .with_value(&skill.map_or(3, |s| s.required_level).to_string()),
        Field::ranged("Min holders", SkillField::MinHolders, &rules::MIN_HOLDERS)
            .required()
            .with_value(&skill.map_or(2, |s| s.min_holders).to_string()),
        criticality(SkillField::Criticality.into(), skill.map_or(2, |s| s.criticality)),
    ];
    record_form(opened, "skill", Table::Skill, "skill", skill.map(|s| s.id.as_str()), fields)
}

/// A field naming one of `people` (id, name), chosen with ← and →, cleared with Backspace.
fn person_field<'a>(
    label: &'static str,
    column: Column,
    people: impl Iterator<Item = (&'a String, &'a String)>,
    value: Option<&str>,
) -> Field {
    Field::choice(label, column, people_choices(people)).with_value(value.unwrap_or(""))
}

/// People as choices, told apart where two share a name: the second "Mira Novak (2)".
fn people_choices<'a>(people: impl Iterator<Item = (&'a String, &'a String)>) -> Vec<Choice> {
    let mut seen: Vec<&str> = Vec::new();
    people
        .map(|(id, name)| {
            let before = seen.iter().filter(|n| **n == name.as_str()).count();
            seen.push(name);
            match before {
                0 => Choice::new(id, name),
                n => Choice::new(id, &format!("{name} ({})", n + 1)),
            }
        })
        .collect()
}

/// The client's people, by id and name.
fn client_people(data: &EngagementData) -> impl Iterator<Item = (&String, &String)> {
    data.people.iter().map(|p| (&p.id, &p.name))
}

/// The names of the engagement's people on either side, but for the name of the person
/// edited (`own`): a name kept as it was is not refused, even where another shares it.
fn names_taken(data: &EngagementData, own: Option<&str>) -> Vec<String> {
    let client = data.people.iter().map(|p| &p.name);
    let contractor = data.contractor_staff.iter().map(|p| &p.name);
    let own = own.map(str::to_lowercase);
    let others = client.chain(contractor).filter(|name| own.as_ref() != Some(&name.to_lowercase()));
    others.cloned().collect()
}

pub(super) fn contractor_form(opened: &Opened, person: Option<&ContractorPerson>) -> RecordForm {
    let fields = vec![
        Field::text("Name", ContractorPersonField::Name)
            .required()
            .refusing_names(names_taken(&opened.data, person.map(|p| p.name.as_str())))
            .with_value(person.map_or("", |p| &p.name)),
        Field::text("Role", ContractorPersonField::Role)
            .with_value(person.map_or("", |p| &p.role))
            .with_placeholder("on the engagement, e.g. Lead engineer"),
        Field::date("On from", ContractorPersonField::OnFrom)
            .with_value(&date_text(person.and_then(|p| p.on_from))),
        Field::date("Until", ContractorPersonField::Until)
            .with_value(&date_text(person.and_then(|p| p.until))),
    ];
    let id = person.map(|p| p.id.as_str());
    let table = Table::ContractorPerson;
    let record = record_form(opened, "contractor person", table, "contractor person", id, fields);
    record.renaming(&opened.data, person.map(|p| p.name.as_str()))
}

pub(super) fn topic_form(opened: &Opened, index: Option<usize>) -> RecordForm {
    let data = &opened.data;
    let topic = index.map(|i| &data.kt_topics[i]);
    let skills = data.skills.iter().map(|s| Choice::new(&s.id, &s.name)).collect();
    let statuses = KtStatus::ALL.iter().map(|s| Choice::new(s.as_str(), s.label())).collect();
    let trainers = data.contractor_staff.iter().map(|p| (&p.id, &p.name));
    let trainees: Vec<String> =
        topic.map(|t| data.trainees_of(&t.id).map(String::from).collect()).unwrap_or_default();
    // Those still on the engagement, and any trainee who has left since.
    let offered =
        data.people.iter().filter(|p| p.state != PersonState::Left || trainees.contains(&p.id));
    let fields = vec![
        Field::text("Title", KtTopicField::Title)
            .required()
            .with_value(topic.map_or("", |t| &t.title)),
        Field::choice("Skill", KtTopicField::SkillId, skills)
            .with_value(topic.and_then(|t| t.skill_id.as_deref()).unwrap_or("")),
        Field::choice("Status", KtTopicField::Status, statuses)
            .required()
            .with_value(topic.map_or(KtStatus::Planned, |t| t.status).as_str()),
        Field::date("Due", KtTopicField::DueDate)
            .with_value(&date_text(topic.and_then(|t| t.due_date))),
        person_field(
            "Trainer",
            KtTopicField::TrainerId.into(),
            trainers,
            topic.and_then(|t| t.trainer_id.as_deref()),
        ),
        Field::several(
            "Trainees",
            FieldKey::Trainees,
            people_choices(offered.map(|p| (&p.id, &p.name))),
            &trainees,
        )
        .with_placeholder("→ adds one of the client's people, ← changes, ⌫ removes"),
        person_field(
            "Signed off by",
            KtTopicField::SignedOffById.into(),
            client_people(data),
            topic.and_then(|t| t.signed_off_by_id.as_deref()),
        ),
    ];
    let mut record = record_form(
        opened,
        "KT topic",
        Table::KtTopic,
        "KT topic",
        topic.map(|t| t.id.as_str()),
        fields,
    );
    let topic_id = topic.map_or_else(new_id, |t| t.id.clone());
    if let Target::Insert { fixed, .. } = &mut record.target {
        fixed.push((KtTopicField::Id.into(), text(&topic_id)));
    }
    let before = data.trainees_of(&topic_id).map(String::from).collect();
    record.target = Target::Topic { record: Box::new(record.target), topic_id, before };
    record
}

pub(super) fn duty_form(opened: &Opened, index: Option<usize>) -> RecordForm {
    let duty = index.map(|i| &opened.data.responsibilities[i]);
    let skills = opened.data.skills.iter().map(|s| Choice::new(&s.id, &s.name)).collect();
    let owners = Owner::ALL.iter().map(|o| Choice::new(o.as_str(), o.label())).collect();
    let fields = vec![
        Field::text("Activity", ResponsibilityField::Activity)
            .required()
            .with_value(duty.map_or("", |r| &r.activity)),
        criticality(ResponsibilityField::Criticality.into(), duty.map_or(2, |r| r.criticality)),
        Field::choice("Owner", ResponsibilityField::Owner, owners)
            .required()
            .with_value(duty.map_or(Owner::Contractor, |r| r.owner).as_str()),
        Field::date("Target", ResponsibilityField::TargetDate)
            .with_value(&date_text(duty.and_then(|r| r.target_date))),
        Field::choice("Skill", ResponsibilityField::SkillId, skills)
            .with_value(duty.and_then(|r| r.skill_id.as_deref()).unwrap_or("")),
    ];
    let roles = [
        (
            "Accountable",
            ResponsibilityField::AccountableId,
            duty.and_then(|r| r.accountable_id.as_deref()),
        ),
        ("Verifies", ResponsibilityField::VerifierId, duty.and_then(|r| r.verifier_id.as_deref())),
        ("Signs off", ResponsibilityField::SignerId, duty.and_then(|r| r.signer_id.as_deref())),
    ];
    let people = |(label, field, value): (_, ResponsibilityField, _)| {
        person_field(label, field.into(), client_people(&opened.data), value)
    };
    let fields = fields.into_iter().chain(roles.map(people)).collect();
    record_form(
        opened,
        "responsibility",
        Table::Responsibility,
        "responsibility",
        duty.map(|r| r.id.as_str()),
        fields,
    )
}
