//! Who is ready, per person: one person's role and state, skills against the required
//! levels, the KT topics they take or give, the duties they hold, and their key-person
//! risk — each risk one sentence with what to do. A pure function of the engagement data
//! and today, so that a screen or a report only lays it out.

use std::collections::HashMap;

use chrono::NaiveDate;

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
    /// The dated steps: "hired 2026-03-01", "until 2026-12-27".
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
    /// Accountable for a critical duty nobody else could stand in for.
    NoStandIn,
    /// Leaving before a duty's target date or a topic's due date.
    LeavesBefore,
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
        Some(person) => client_person(data, &held, person),
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
    view.risks = only_holder_risks(&view.skills);
    view.risks.extend(no_stand_in_risks(data, &held, id, &view.duties));
    if let Some(leaves) = view.leaves {
        view.risks.extend(leaving_risks(&view, leaves, today));
    }
    Some(view)
}

fn client_person(data: &EngagementData, held: &Held, person: &Person) -> PersonReadiness {
    let role = person.role_id.as_deref().and_then(|id| data.roles.iter().find(|r| r.id == id));
    let dates = [
        ("planned", person.planned_date),
        ("hired", person.hired_at),
        ("onboarded", person.onboarded_at),
        ("independent", person.independent_at),
        ("left", person.left_at),
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

/// The level the person `id` is rated at in `skill_id`, 0 when not rated.
fn rating(data: &EngagementData, person_id: &str, skill_id: &str) -> u8 {
    let rated = data.ratings.iter().find(|r| r.person_id == person_id && r.skill_id == skill_id);
    rated.map_or(0, |r| r.level)
}

/// How many hold `skill` (as the score counts holders: `score::holders`, given as `held`)
/// other than the person `person_id`.
fn other_holders(data: &EngagementData, held: &Held, person_id: &str, skill: &Skill) -> u32 {
    let all = held.get(skill.id.as_str()).copied().unwrap_or(0);
    let active = data.people.iter().any(|p| p.id == person_id && p.state != PersonState::Left);
    let holds = active && rating(data, person_id, &skill.id) >= skill.required_level;
    all - u32::from(holds)
}

/// The person's rating in `skill`; the only holder when they hold it and the count `held`
/// says one holds it.
fn standing(data: &EngagementData, held: &Held, person: &Person, skill: &Skill) -> SkillStanding {
    let rated = rating(data, &person.id, &skill.id);
    let holds = rated >= skill.required_level && person.state != PersonState::Left;
    SkillStanding {
        skill_id: skill.id.clone(),
        name: skill.name.clone(),
        critical: skill.criticality == CRITICAL,
        rated,
        required: skill.required_level,
        gap: skill.required_level.saturating_sub(rated),
        only_holder: holds && held.get(skill.id.as_str()) == Some(&1),
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

fn only_holder_risks(skills: &[SkillStanding]) -> Vec<KeyPersonRisk> {
    skills
        .iter()
        .filter(|s| s.critical && s.only_holder)
        .map(|s| KeyPersonRisk {
            kind: RiskKind::OnlyHolder,
            about: RecordId::Skill(s.skill_id.clone()),
            text: format!(
                "Only holder of the critical skill '{}' (level {}): train a second person.",
                s.name, s.required
            ),
        })
        .collect()
}

/// The critical duties `id` is accountable for whose skill nobody else holds at its level.
fn no_stand_in_risks(
    data: &EngagementData,
    held: &Held,
    id: &str,
    duties: &[DutyPart],
) -> Vec<KeyPersonRisk> {
    let skill_of = |duty: &DutyPart| {
        let record = data.responsibilities.iter().find(|r| r.id == duty.duty_id)?;
        let skill = record.skill_id.as_deref()?;
        data.skills.iter().find(|s| s.id == skill)
    };
    duties
        .iter()
        .filter(|d| d.critical && d.roles.contains(&DutyRole::Accountable))
        .filter_map(|duty| Some((duty, skill_of(duty)?)))
        .filter(|(_, skill)| other_holders(data, held, id, skill) == 0)
        .map(|(duty, skill)| KeyPersonRisk {
            kind: RiskKind::NoStandIn,
            about: RecordId::Responsibility(duty.duty_id.clone()),
            text: format!(
                "Accountable for the critical duty '{}' with no stand-in in '{}' (level {}): \
                 train a second person.",
                duty.activity, skill.name, skill.required_level
            ),
        })
        .collect()
}

/// The duties and topics whose date comes after the person leaves on `leaves`.
fn leaving_risks(
    view: &PersonReadiness,
    leaves: NaiveDate,
    today: NaiveDate,
) -> Vec<KeyPersonRisk> {
    let verb = if leaves < today { "Left" } else { "Leaves" };
    let roles = |labels: Vec<&str>| labels.join(" and ");
    let duties = view.duties.iter().filter_map(|duty| {
        let target = duty.target.filter(|t| leaves < *t)?;
        Some(KeyPersonRisk {
            kind: RiskKind::LeavesBefore,
            about: RecordId::Responsibility(duty.duty_id.clone()),
            text: format!(
                "{verb} on {leaves}, before the duty '{}' is due on {target} ({}): name who \
                 takes it over before then.",
                duty.activity,
                roles(duty.roles.iter().map(|r| r.label()).collect()),
            ),
        })
    });
    let topics = view.topics.iter().filter_map(|topic| {
        let due = topic.due.filter(|d| leaves < *d && topic.status != KtStatus::SignedOff)?;
        let trainer = topic.roles.contains(&TopicRole::Trainer);
        let what_to_do = if trainer { "name another trainer" } else { "add another trainee" };
        Some(KeyPersonRisk {
            kind: RiskKind::LeavesBefore,
            about: RecordId::KtTopic(topic.topic_id.clone()),
            text: format!(
                "{verb} on {leaves}, before the KT topic '{}' is due on {due} ({}): \
                 {what_to_do} or bring the topic forward.",
                topic.title,
                roles(topic.roles.iter().map(|r| r.label()).collect()),
            ),
        })
    });
    duties.chain(topics).collect()
}
