//! The Readiness screen's actions: roles, the client's people (with the dates of their
//! states) and the contractor's, skill levels set with the digit keys, knowledge-transfer
//! topics (trainer, trainees, who signed off) and responsibilities (who is accountable,
//! verifies and signs off, and the skill each needs); the weeks of operational evidence and
//! the tickets behind them; the hand-over inventory's form and steps are in `handover`.

use chrono::NaiveDate;

use super::form::{Choice, Field};
use super::handover::item_form;
use super::keymap::sequence_label;
use super::records::{Plan, RecordForm, Target, date_text, record_form, text};
use super::{Action, Effect, Opened, Overlay, ReadinessTab, State, Then};
use crate::model::rules;
use crate::model::text::sanitize;
use crate::model::{
    ContractorPerson, ContractorPersonField, EngagementData, KtStatus, KtTopicField, Owner, Person,
    PersonField, PersonState, ResponsibilityField, Role, RoleField, Skill, SkillField, new_id,
};
use crate::records::FieldValue;
use crate::store::command::Command;
use crate::store::edit::{Column, Table};

fn criticality(column: Column, value: u8) -> Field {
    let options = vec![
        Choice::new("1", "1 low"),
        Choice::new("2", "2 medium"),
        Choice::new("3", "3 critical"),
    ];
    Field::choice("Criticality", Some(column), options).required().with_value(&value.to_string())
}

fn role_form(opened: &Opened, role: Option<&Role>) -> RecordForm {
    let fields = vec![
        Field::text("Title", Some(RoleField::Title.into()))
            .required()
            .with_value(role.map_or("", |r| &r.title)),
        Field::ranged("Planned", Some(RoleField::PlannedCount.into()), &rules::PLANNED_COUNT)
            .required()
            .with_value(&role.map_or(1, |r| r.planned_count).to_string()),
        criticality(RoleField::Criticality.into(), role.map_or(2, |r| r.criticality)),
        Field::date("Target", Some(RoleField::TargetDate.into()))
            .with_value(&date_text(role.and_then(|r| r.target_date))),
    ];
    record_form(opened, "role", Table::Role, "role", role.map(|r| r.id.as_str()), fields)
}

fn person_form(opened: &Opened, person: Option<&Person>, role_id: Option<&str>) -> RecordForm {
    let roles = opened.data.roles.iter().map(|r| Choice::new(&r.id, &r.title)).collect();
    let states = PersonState::ALL.iter().map(|s| Choice::new(s.as_str(), s.label())).collect();
    let day = |f: fn(&Person) -> Option<NaiveDate>| date_text(person.and_then(f));
    let fields = vec![
        Field::text("Name", Some(PersonField::Name.into()))
            .required()
            .with_value(person.map_or("", |p| &p.name)),
        Field::choice("Role", Some(PersonField::RoleId.into()), roles)
            .with_value(person.and_then(|p| p.role_id.as_deref()).or(role_id).unwrap_or("")),
        Field::choice("State", Some(PersonField::State.into()), states)
            .required()
            .with_value(person.map_or(PersonState::Planned, |p| p.state).as_str()),
        Field::date("Planned", Some(PersonField::PlannedDate.into()))
            .with_value(&day(|p| p.planned_date)),
        Field::date("Hired", Some(PersonField::HiredAt.into())).with_value(&day(|p| p.hired_at)),
        Field::date("Onboarded", Some(PersonField::OnboardedAt.into()))
            .with_value(&day(|p| p.onboarded_at)),
        Field::date("Independent", Some(PersonField::IndependentAt.into()))
            .with_value(&day(|p| p.independent_at)),
        Field::date("Left", Some(PersonField::LeftAt.into())).with_value(&day(|p| p.left_at)),
    ];
    let mut record = record_form(
        opened,
        "person",
        Table::Person,
        "person",
        person.map(|p| p.id.as_str()),
        fields,
    );
    if let Some(person) = person {
        let named = opened.data.texts_naming(&person.name);
        let from = person.name.clone();
        record.target = Target::Renaming { record: Box::new(record.target), from, named };
    }
    record
}

fn skill_form(opened: &Opened, skill: Option<&Skill>) -> RecordForm {
    let fields = vec![
        Field::text("Name", Some(SkillField::Name.into()))
            .required()
            .with_value(skill.map_or("", |s| &s.name)),
        Field::text("Category", Some(SkillField::Category.into()))
            .empty_text()
            .with_value(skill.map_or("", |s| &s.category)),
        Field::ranged("Required", Some(SkillField::RequiredLevel.into()), &rules::REQUIRED_LEVEL)
            .required()
            .with_value(&skill.map_or(3, |s| s.required_level).to_string()),
        Field::ranged("Min holders", Some(SkillField::MinHolders.into()), &rules::MIN_HOLDERS)
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
    Field::choice(label, Some(column), people_choices(people)).with_value(value.unwrap_or(""))
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

fn contractor_form(opened: &Opened, person: Option<&ContractorPerson>) -> RecordForm {
    let fields = vec![
        Field::text("Name", Some(ContractorPersonField::Name.into()))
            .required()
            .with_value(person.map_or("", |p| &p.name)),
        Field::text("Role", Some(ContractorPersonField::Role.into()))
            .with_value(person.map_or("", |p| &p.role))
            .with_placeholder("on the engagement, e.g. Lead engineer"),
        Field::date("On from", Some(ContractorPersonField::OnFrom.into()))
            .with_value(&date_text(person.and_then(|p| p.on_from))),
        Field::date("Until", Some(ContractorPersonField::Until.into()))
            .with_value(&date_text(person.and_then(|p| p.until))),
    ];
    let id = person.map(|p| p.id.as_str());
    let table = Table::ContractorPerson;
    record_form(opened, "contractor person", table, "contractor person", id, fields)
}

fn topic_form(opened: &Opened, index: Option<usize>) -> RecordForm {
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
        Field::text("Title", Some(KtTopicField::Title.into()))
            .required()
            .with_value(topic.map_or("", |t| &t.title)),
        Field::choice("Skill", Some(KtTopicField::SkillId.into()), skills)
            .with_value(topic.and_then(|t| t.skill_id.as_deref()).unwrap_or("")),
        Field::choice("Status", Some(KtTopicField::Status.into()), statuses)
            .required()
            .with_value(topic.map_or(KtStatus::Planned, |t| t.status).as_str()),
        Field::date("Due", Some(KtTopicField::DueDate.into()))
            .with_value(&date_text(topic.and_then(|t| t.due_date))),
        person_field(
            "Trainer",
            KtTopicField::TrainerId.into(),
            trainers,
            topic.and_then(|t| t.trainer_id.as_deref()),
        ),
        Field::several("Trainees", people_choices(offered.map(|p| (&p.id, &p.name))), &trainees)
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

fn duty_form(opened: &Opened, index: Option<usize>) -> RecordForm {
    let duty = index.map(|i| &opened.data.responsibilities[i]);
    let skills = opened.data.skills.iter().map(|s| Choice::new(&s.id, &s.name)).collect();
    let owners = Owner::ALL.iter().map(|o| Choice::new(o.as_str(), o.label())).collect();
    let fields = vec![
        Field::text("Activity", Some(ResponsibilityField::Activity.into()))
            .required()
            .with_value(duty.map_or("", |r| &r.activity)),
        criticality(ResponsibilityField::Criticality.into(), duty.map_or(2, |r| r.criticality)),
        Field::choice("Owner", Some(ResponsibilityField::Owner.into()), owners)
            .required()
            .with_value(duty.map_or(Owner::Contractor, |r| r.owner).as_str()),
        Field::date("Target", Some(ResponsibilityField::TargetDate.into()))
            .with_value(&date_text(duty.and_then(|r| r.target_date))),
        Field::choice("Skill", Some(ResponsibilityField::SkillId.into()), skills)
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

/// The record under the cursor: its table, id and name, in the current view.
enum Selected {
    Role(usize),
    Person(usize),
    Contractor(usize),
    Skill(usize),
    Topic(usize),
    Duty(usize),
    Item(usize),
    None,
}

impl State {
    fn selected_readiness(&self) -> Selected {
        let Some(opened) = &self.opened else { return Selected::None };
        let Some(&index) = self.readiness_rows().get(self.readiness_row) else {
            return Selected::None;
        };
        let roles = opened.data.roles.len();
        match self.readiness_tab {
            ReadinessTab::Staffing if index < roles => Selected::Role(index),
            ReadinessTab::Staffing if index - roles < opened.data.people.len() => {
                Selected::Person(index - roles)
            }
            ReadinessTab::Staffing => {
                Selected::Contractor(index - roles - opened.data.people.len())
            }
            ReadinessTab::Skills => Selected::Skill(index),
            ReadinessTab::Kt => Selected::Topic(index),
            ReadinessTab::Responsibilities => Selected::Duty(index),
            ReadinessTab::Handover => Selected::Item(index),
            ReadinessTab::Score | ReadinessTab::Operations => Selected::None,
        }
    }

    pub(super) fn readiness_action(&mut self, action: Action) -> Option<Effect> {
        let opened = self.opened.as_ref()?;
        let data = &opened.data;
        let engagement = data.engagement.id.clone();
        let selected = self.selected_readiness();
        let today = self.today.to_string();
        let update = |summary, table, id: &str, values, shown| {
            Effect::Apply(Plan::update(&engagement, summary, (table, id), values, shown))
        };
        let form = match (action, &selected) {
            (Action::Add, Selected::Role(_)) => role_form(opened, None),
            (Action::Add, Selected::Contractor(_)) | (Action::AddContractor, _) => {
                contractor_form(opened, None)
            }
            (Action::Add, Selected::Person(i)) => {
                person_form(opened, None, data.people[*i].role_id.as_deref())
            }
            (Action::Add, _) => match self.readiness_tab {
                ReadinessTab::Staffing => person_form(opened, None, None),
                ReadinessTab::Skills => skill_form(opened, None),
                ReadinessTab::Kt => topic_form(opened, None),
                ReadinessTab::Responsibilities => duty_form(opened, None),
                ReadinessTab::Handover => item_form(opened, None),
                ReadinessTab::Score | ReadinessTab::Operations => return None,
            },
            (Action::Edit, Selected::Role(i)) => role_form(opened, Some(&data.roles[*i])),
            (Action::Edit, Selected::Person(i)) => {
                person_form(opened, Some(&data.people[*i]), None)
            }
            (Action::Edit, Selected::Contractor(i)) => {
                contractor_form(opened, Some(&data.contractor_staff[*i]))
            }
            (Action::Edit, Selected::Skill(i)) => skill_form(opened, Some(&data.skills[*i])),
            (Action::Edit, Selected::Topic(i)) => topic_form(opened, Some(*i)),
            (Action::Edit, Selected::Duty(i)) => duty_form(opened, Some(*i)),
            (Action::Edit, Selected::Item(i)) => item_form(opened, Some(*i)),
            (Action::Delete, _) => {
                let (table, id, name) = match selected {
                    Selected::Role(i) => (Table::Role, &data.roles[i].id, &data.roles[i].title),
                    Selected::Person(i) => {
                        (Table::Person, &data.people[i].id, &data.people[i].name)
                    }
                    Selected::Contractor(i) => {
                        let person = &data.contractor_staff[i];
                        (Table::ContractorPerson, &person.id, &person.name)
                    }
                    Selected::Skill(i) => (Table::Skill, &data.skills[i].id, &data.skills[i].name),
                    Selected::Topic(i) => {
                        (Table::KtTopic, &data.kt_topics[i].id, &data.kt_topics[i].title)
                    }
                    Selected::Duty(i) => (
                        Table::Responsibility,
                        &data.responsibilities[i].id,
                        &data.responsibilities[i].activity,
                    ),
                    Selected::Item(i) => {
                        (Table::HandoverItem, &data.handover[i].id, &data.handover[i].name)
                    }
                    Selected::None => return None,
                };
                let summary = format!("deleted '{}'", sanitize(name));
                let then = Then::Apply(Plan::new(
                    &engagement,
                    summary,
                    vec![Command::Delete { table, id: id.clone() }],
                ));
                let references = data.references_to(id);
                let mut question = match references.is_empty() {
                    true => format!("Delete '{name}'?"),
                    false => format!(
                        "Delete '{name}'? They are {}: that will name nobody.",
                        references.join(", ")
                    ),
                };
                if let Selected::Person(i) = selected {
                    let named = data.texts_naming(&data.people[i].name);
                    if !named.is_empty() {
                        question += &format!(" The name stays as text on {}.", named.words());
                    }
                }
                self.confirm(question, then);
                return None;
            }
            (Action::Cycle, Selected::Person(i)) => {
                let person = &data.people[*i];
                let next = match person.state {
                    PersonState::Planned => PersonState::Recruiting,
                    PersonState::Recruiting => PersonState::Hired,
                    PersonState::Hired => PersonState::Onboarded,
                    PersonState::Onboarded => PersonState::Independent,
                    PersonState::Independent | PersonState::Left => {
                        self.message = Some("edit the person (e) to change this state".into());
                        return None;
                    }
                };
                let mut values = vec![(PersonField::State.into(), text(next.as_str()))];
                let date_column = match next {
                    PersonState::Hired => Some((PersonField::HiredAt, person.hired_at)),
                    PersonState::Onboarded => Some((PersonField::OnboardedAt, person.onboarded_at)),
                    PersonState::Independent => {
                        Some((PersonField::IndependentAt, person.independent_at))
                    }
                    _ => None,
                };
                if let Some((column, None)) = date_column {
                    values.push((column.into(), text(&today)));
                }
                let summary = format!("{} is now {}", sanitize(&person.name), next.label());
                let shown = vec![(PersonField::State.into(), text(person.state.as_str()))];
                return Some(update(summary, Table::Person, &person.id, values, shown));
            }
            (Action::Cycle, Selected::Topic(i)) => {
                let topic = &data.kt_topics[*i];
                let next = topic.status.next();
                let signed =
                    if next == KtStatus::SignedOff { text(&today) } else { FieldValue::Null };
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
                let effect = update(summary, Table::KtTopic, &topic.id, values, shown);
                let wraps = topic.status.is_last();
                let (name, from) = (topic.title.clone(), topic.status.label());
                return self.step(effect, wraps, (&name, from, next.label()));
            }
            (Action::Cycle, Selected::Duty(i)) => {
                let duty = &data.responsibilities[*i];
                let next = duty.owner.next();
                let values = vec![(ResponsibilityField::Owner.into(), text(next.as_str()))];
                let summary =
                    format!("'{}' is now with {}", sanitize(&duty.activity), next.label());
                let shown = vec![(ResponsibilityField::Owner.into(), text(duty.owner.as_str()))];
                let effect = update(summary, Table::Responsibility, &duty.id, values, shown);
                let wraps = duty.owner.is_last();
                let (name, from) = (duty.activity.clone(), duty.owner.label());
                return self.step(effect, wraps, (&name, from, next.label()));
            }
            (Action::Cycle, Selected::Item(i)) => return self.cycle_item(*i),
            (Action::SetLevel(level), Selected::Skill(i)) => {
                let skill = &data.skills[*i];
                let person = data.people.get(self.skills_column)?;
                let summary = format!(
                    "rated {} {level} in {}",
                    sanitize(&person.name),
                    sanitize(&skill.name)
                );
                let rate = Command::RateSkill {
                    person_id: person.id.clone(),
                    skill_id: skill.id.clone(),
                    level,
                    day: self.today,
                };
                let plan = Plan::new(&engagement, summary, vec![rate]);
                return Some(Effect::Apply(plan.then_saying(self.leaving_the_matrix())));
            }
            _ => return None,
        };
        self.overlay = Some(Overlay::Form(form));
        None
    }
}

impl State {
    /// How to undo a level just set and how to leave the matrix, where digits set levels
    /// rather than choose screens, in the keys bound now.
    fn leaving_the_matrix(&self) -> String {
        let bindings = self.keymap.for_scopes(&self.scopes());
        let keys = |action| {
            let bound = bindings.iter().find(|b| b.action == action && !b.keys.is_empty());
            bound.map_or("(no key)".to_string(), |b| sequence_label(&b.keys))
        };
        format!(
            "{} undoes · {} or {} leave the matrix",
            keys(Action::Undo),
            keys(Action::NextScreen),
            keys(Action::Back)
        )
    }
}
