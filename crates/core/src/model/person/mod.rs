//! Who is ready, per person: one person's role and state, skills against the required
//! levels, the KT topics they take or give, the duties they hold, and their key-person
//! risk — each risk one sentence with what to do. A pure function of the engagement data
//! and today, so that a screen or a report only lays it out.

mod risks;
mod view;

use std::collections::HashMap;

use chrono::NaiveDate;

use super::findings::{leaving, level_in};
use super::score::holders;
use super::{
    CRITICAL, EngagementData, KtTopic, Person, PersonState, RecordId, Responsibility, Skill,
};

/// Each skill's number of holders, by skill id.
type Held<'a> = HashMap<&'a str, u32>;

pub use view::{
    DutyPart, DutyRole, KeyPersonRisk, PersonReadiness, RiskKind, SkillStanding, TopicPart,
    TopicRole,
};

/// The person `id` (of the client's or the contractor's staff) as the plan sees them on
/// `today`; `None` when there is no such person.
pub fn person_readiness(
    data: &EngagementData,
    id: &str,
    today: NaiveDate,
) -> Option<PersonReadiness> {
    let held = holders(data);
    let mut view = match data.people.iter().find(|p| p.id == id) {
        Some(person) => client_person(data, &held, person, today),
        None => {
            let staff = data.contractor_staff.iter().find(|p| p.id == id)?;
            let dates = [("on from", staff.on_from), ("until", staff.until)];
            PersonReadiness {
                record: RecordId::ContractorPerson(staff.id.clone()),
                name: staff.name.clone(),
                role: Some(staff.role.clone()).filter(|r| !r.is_empty()),
                state: "contractor".into(),
                dates: dates.into_iter().filter_map(|(what, d)| Some((what, d?))).collect(),
                leaves: staff.until,
                skills: Vec::new(),
                topics: Vec::new(),
                duties: Vec::new(),
                risks: Vec::new(),
            }
        }
    };
    view.topics = topic_parts(data, id, today);
    view.duties = duty_parts(data, id, today);
    view.risks = risks::only_holder_risks(&view.skills);
    view.risks.extend(risks::no_stand_in_risks(data, id));
    view.risks.extend(risks::no_holder_risks(data, id, &view.duties));
    if let Some(leaving) = leaving(data, id, today) {
        view.risks.extend(risks::leaving_risks(&view, leaving, today));
    }
    Some(view)
}

fn client_person(
    data: &EngagementData,
    held: &Held,
    person: &Person,
    today: NaiveDate,
) -> PersonReadiness {
    let role = person.role_id.as_deref().and_then(|id| data.roles.iter().find(|r| r.id == id));
    // As the findings say it: gone once the day has passed.
    let left = if person.left_at.is_some_and(|d| d >= today) { "leaves" } else { "left" };
    let dates = [
        ("planned", person.planned_date),
        ("hired", person.hired_at),
        ("onboarded", person.onboarded_at),
        ("independent", person.independent_at),
        (left, person.left_at),
    ];
    PersonReadiness {
        record: RecordId::Person(person.id.clone()),
        name: person.name.clone(),
        role: role.map(|r| r.title.clone()),
        state: person.state.label().to_string(),
        dates: dates.into_iter().filter_map(|(what, d)| Some((what, d?))).collect(),
        leaves: person.left_at,
        skills: data.skills.iter().map(|skill| standing(data, held, person, skill)).collect(),
        topics: Vec::new(),
        duties: Vec::new(),
        risks: Vec::new(),
    }
}

/// The person's rating in `skill`; the only holder when they hold it and the count `held`
/// says one holds it (a skill at level 0 has no only holder: it asks for nothing).
fn standing(data: &EngagementData, held: &Held, person: &Person, skill: &Skill) -> SkillStanding {
    let rated = level_in(data, &person.id, &skill.id);
    let holds = rated >= skill.required_level && person.state != PersonState::Left;
    SkillStanding {
        skill_id: skill.id.clone(),
        name: skill.name.clone(),
        critical: skill.criticality == CRITICAL,
        rated,
        required: skill.required_level,
        gap: skill.required_level.saturating_sub(rated),
        only_holder: holds && skill.required_level > 0 && held.get(skill.id.as_str()) == Some(&1),
    }
}

fn topic_parts(data: &EngagementData, id: &str, today: NaiveDate) -> Vec<TopicPart> {
    let is = |field: &Option<String>| field.as_deref() == Some(id);
    let roles = |topic: &KtTopic| {
        let trainee = data.trainees_of(&topic.id).any(|p| p == id);
        [
            (trainee, TopicRole::Trainee),
            (is(&topic.trainer_id), TopicRole::Trainer),
            (is(&topic.signed_off_by_id), TopicRole::SignedOff),
        ]
        .into_iter()
        .filter_map(|(holds, role)| holds.then_some(role))
        .collect::<Vec<_>>()
    };
    data.kt_topics
        .iter()
        .map(|topic| (topic, roles(topic)))
        .filter(|(_, roles)| !roles.is_empty())
        .map(|(topic, roles)| TopicPart {
            topic_id: topic.id.clone(),
            title: topic.title.clone(),
            roles,
            status: topic.status,
            due: topic.due_date,
            signed_off_at: topic.signed_off_at,
            late: topic.is_late(today),
        })
        .collect()
}

fn duty_parts(data: &EngagementData, id: &str, today: NaiveDate) -> Vec<DutyPart> {
    let is = |field: &Option<String>| field.as_deref() == Some(id);
    let roles = |duty: &Responsibility| {
        [
            (is(&duty.accountable_id), DutyRole::Accountable),
            (is(&duty.verifier_id), DutyRole::Verifies),
            (is(&duty.signer_id), DutyRole::SignsOff),
        ]
        .into_iter()
        .filter_map(|(holds, role)| holds.then_some(role))
        .collect::<Vec<_>>()
    };
    data.responsibilities
        .iter()
        .map(|duty| (duty, roles(duty)))
        .filter(|(_, roles)| !roles.is_empty())
        .map(|(duty, roles)| DutyPart {
            duty_id: duty.id.clone(),
            activity: duty.activity.clone(),
            critical: duty.criticality == CRITICAL,
            roles,
            owner: duty.owner,
            target: duty.target_date,
            late: duty.is_late(today),
        })
        .collect()
}
