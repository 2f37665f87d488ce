//! Who is ready, per person: one person's role and state, skills against the required
//! levels, the KT topics they take or give, the duties they hold, and their key-person
//! risk — each risk one sentence with what to do. A pure function of the engagement data
//! and today, so that a screen or a report only lays it out.

mod risks;

use std::collections::HashMap;

use chrono::NaiveDate;

use super::findings::{leaving, level_in};
use super::score::holders;
use super::{
    CRITICAL, EngagementData, KtStatus, KtTopic, Owner, Person, PersonState, RecordId,
    Responsibility, Skill,
};

/// Each skill's number of holders, by skill id.
type Held<'a> = HashMap<&'a str, u32>;

/// One person as the plan sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonReadiness {
    pub record: RecordId,
    pub name: String,
    /// The client role's title or the contractor's role on the engagement.
    pub role: Option<String>,
    /// "independent", "left" — or, for the contractor's staff, "contractor".
    pub state: String,
    /// The dated steps: "hired 2026-03-01", "leaves 2026-12-15" (still to come), "until
    /// 2026-12-27".
    pub dates: Vec<(&'static str, NaiveDate)>,
    /// When they leave (or left): the client person's `left_at`, the contractor's `until`.
    pub leaves: Option<NaiveDate>,
    /// Every skill of the engagement against this person's rating (none for the contractor's
    /// staff, who are not rated).
    pub skills: Vec<SkillStanding>,
    pub topics: Vec<TopicPart>,
    pub duties: Vec<DutyPart>,
    pub risks: Vec<KeyPersonRisk>,
}

/// A person's rating in one skill against the level the skill requires.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillStanding {
    pub skill_id: String,
    pub name: String,
    pub critical: bool,
    /// 0 when not rated.
    pub rated: u8,
    pub required: u8,
    /// Levels still missing to the required one.
    pub gap: u8,
    /// Nobody else who has not left holds it at the required level.
    pub only_holder: bool,
}

/// What a person does in a KT topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicRole {
    Trainee,
    Trainer,
    SignedOff,
}

impl TopicRole {
    pub fn label(self) -> &'static str {
        match self {
            TopicRole::Trainee => "trainee",
            TopicRole::Trainer => "trainer",
            TopicRole::SignedOff => "signed off",
        }
    }
}

/// A KT topic a person takes, gives or signed off.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicPart {
    pub topic_id: String,
    pub title: String,
    pub roles: Vec<TopicRole>,
    pub status: KtStatus,
    pub due: Option<NaiveDate>,
    pub signed_off_at: Option<NaiveDate>,
    /// Not signed off by its due date (as the header counts it).
    pub late: bool,
}

/// What a person does for a responsibility (RACI plus verify and sign-off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DutyRole {
    Accountable,
    Verifies,
    SignsOff,
}

impl DutyRole {
    pub fn label(self) -> &'static str {
        match self {
            DutyRole::Accountable => "accountable",
            DutyRole::Verifies => "verifies",
            DutyRole::SignsOff => "signs off",
        }
    }
}

/// A responsibility a person holds.
#[derive(Debug, Clone, PartialEq)]
pub struct DutyPart {
    pub duty_id: String,
    pub activity: String,
    pub critical: bool,
    pub roles: Vec<DutyRole>,
    /// Who carries it today.
    pub owner: Owner,
    pub target: Option<NaiveDate>,
    /// Not with the client by its target date (as the header counts it).
    pub late: bool,
}

/// Why losing a person would hurt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskKind {
    /// The only holder at the required level of a critical skill.
    OnlyHolder,
    /// The only holder of the skill of a critical duty with the client or moving to it.
    NoStandIn,
    /// Accountable for a duty with the client whose skill nobody on the client's team holds.
    NoHolder,
    /// Leaving before a duty's target date or a topic's due date.
    LeavesBefore,
    /// Gone, yet still accountable for a critical duty with the client or training a topic.
    LeftButNamed,
}

/// One key-person risk: the record it is about and one sentence with what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPersonRisk {
    pub kind: RiskKind,
    pub about: RecordId,
    pub text: String,
}

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
