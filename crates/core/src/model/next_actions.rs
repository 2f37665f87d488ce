//! The next best actions: each possible single step tried on a copy of the data, ranked by
//! the points it adds to the score.

use chrono::NaiveDate;
use serde::Serialize;

use super::score::{Dimension, readiness};
use super::text::name_order;
use super::{
    DocStatus, EngagementData, KtStatus, Owner, Person, PersonState, RecordId, SkillRating,
    one_decimal,
};

/// One step the consultant can take, and the points it adds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextAction {
    pub step: String,
    pub dimension: Dimension,
    /// The record the step acts on.
    #[serde(skip)]
    pub about: RecordId,
    /// The client person a step on a skill trains: with `about`, the skills matrix's cell.
    #[serde(skip)]
    pub trains: Option<String>,
    pub points: f64,
}

/// The data the score reads, without the tasks and history it does not need.
pub(super) fn scoring_copy(data: &EngagementData) -> EngagementData {
    EngagementData {
        tasks: Vec::new(),
        snapshots: Vec::new(),
        gates: Vec::new(),
        phases: Vec::new(),
        ..data.clone()
    }
}

/// A candidate step: what it is called, its dimension, the record it acts on, and how it
/// changes the data.
struct Candidate {
    name: String,
    dimension: Dimension,
    about: RecordId,
    trains: Option<String>,
    apply: Box<dyn Fn(&mut EngagementData)>,
}

impl Candidate {
    fn new(
        name: String,
        dimension: Dimension,
        about: RecordId,
        apply: impl Fn(&mut EngagementData) + 'static,
    ) -> Candidate {
        Candidate { name, dimension, about, trains: None, apply: Box::new(apply) }
    }

    /// The step trains the client person `person_id` in the skill it is about.
    fn training(self, person_id: &str) -> Candidate {
        Candidate { trains: Some(person_id.to_string()), ..self }
    }
}

fn candidate_steps(data: &EngagementData) -> Vec<Candidate> {
    let mut steps: Vec<Candidate> = Vec::new();
    let role_title = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| data.roles.iter().find(|r| &r.id == id))
            .map_or("no role", |r| r.title.as_str())
    };
    for (i, person) in data.people.iter().enumerate() {
        let next = match person.state {
            PersonState::Planned => PersonState::Recruiting,
            PersonState::Recruiting => PersonState::Hired,
            PersonState::Hired => PersonState::Onboarded,
            PersonState::Onboarded => PersonState::Independent,
            PersonState::Independent | PersonState::Left => continue,
        };
        let verb = match next {
            PersonState::Recruiting => "start recruiting",
            PersonState::Hired => "hire",
            PersonState::Onboarded => "onboard",
            _ => "make independent",
        };
        let step = format!("{verb} {} ({})", person.name, role_title(&person.role_id));
        let about = RecordId::Person(person.id.clone());
        steps.push(Candidate::new(step, Dimension::Staffing, about, move |d| {
            d.people[i].state = next
        }));
    }
    for role in &data.roles {
        let staffed = data.staff_of(role).count();
        if staffed < role.planned_count as usize {
            let role_id = role.id.clone();
            steps.push(Candidate::new(
                format!("hire 1 {}", role.title),
                Dimension::Staffing,
                RecordId::Role(role.id.clone()),
                move |d| {
                    d.people.push(Person::new(
                        Some(role_id.clone()),
                        "new hire".into(),
                        PersonState::Hired,
                    ))
                },
            ));
        }
    }
    skill_steps(data, &mut steps);
    for (i, topic) in data.kt_topics.iter().enumerate() {
        let Some(next) = KtStatus::ALL.iter().copied().find(|s| *s > topic.status) else {
            continue;
        };
        let step = match next {
            KtStatus::SignedOff => format!("sign off KT: {}", topic.title),
            _ => format!("KT {}: move to {}", topic.title, next.label()),
        };
        let about = RecordId::KtTopic(topic.id.clone());
        steps.push(Candidate::new(step, Dimension::Kt, about, move |d| {
            d.kt_topics[i].status = next
        }));
    }
    for (i, r) in data.responsibilities.iter().enumerate() {
        let Some(next) = Owner::ALL.iter().copied().find(|o| *o > r.owner) else { continue };
        let step = format!("{}: hand over to {}", r.activity, next.label());
        steps.push(Candidate::new(
            step,
            Dimension::Responsibilities,
            RecordId::Responsibility(r.id.clone()),
            move |d| d.responsibilities[i].owner = next,
        ));
    }
    for (i, doc) in data.docs.iter().enumerate().filter(|(_, d)| !d.not_applicable) {
        let approved = doc.status == DocStatus::Approved;
        let step = if approved {
            format!("review doc: {}", doc.title)
        } else {
            format!("approve doc: {}", doc.title)
        };
        steps.push(Candidate::new(
            step,
            Dimension::Docs,
            RecordId::DocItem(doc.id.clone()),
            move |d| {
                d.docs[i].status = DocStatus::Approved;
                d.docs[i].last_reviewed_at = None;
                d.docs[i].review_interval_days = None;
            },
        ));
    }
    steps
}

/// For each skill short of holders: the client person closest to the required level
/// reaching it.
fn skill_steps(data: &EngagementData, steps: &mut Vec<Candidate>) {
    let holders = super::score::holders(data);
    for skill in &data.skills {
        if holders.get(skill.id.as_str()).copied().unwrap_or(0) >= skill.min_holders {
            continue;
        }
        let level_of = |p: &Person| {
            data.ratings
                .iter()
                .find(|r| r.person_id == p.id && r.skill_id == skill.id)
                .map_or(0, |r| r.level)
        };
        // Of people at the same level, the first by name: the step must not depend on the
        // order the file holds them in (an undone delete puts a person last).
        let candidate = data
            .people
            .iter()
            .filter(|p| p.state != PersonState::Left && level_of(p) < skill.required_level)
            .min_by(|a, b| {
                level_of(b)
                    .cmp(&level_of(a))
                    .then_with(|| name_order(&a.name, &b.name))
                    .then_with(|| a.id.cmp(&b.id))
            });
        let Some(person) = candidate else { continue };
        let (person_id, skill_id, level) =
            (person.id.clone(), skill.id.clone(), skill.required_level);
        let step = Candidate::new(
            format!("train {} in {} to level {level}", person.name, skill.name),
            Dimension::Skills,
            RecordId::Skill(skill.id.clone()),
            move |d| {
                d.ratings.retain(|r| !(r.person_id == person_id && r.skill_id == skill_id));
                d.ratings.push(SkillRating {
                    person_id: person_id.clone(),
                    skill_id: skill_id.clone(),
                    level,
                    assessed_at: None,
                });
            },
        );
        steps.push(step.training(&person.id));
    }
}

/// How many next best actions the Score view, `score` and the reports list.
pub const NEXT_ACTIONS: usize = 10;

/// The `limit` single steps that add the most points, best first.
pub fn next_actions(data: &EngagementData, today: NaiveDate, limit: usize) -> Vec<NextAction> {
    let base = scoring_copy(data);
    let now = readiness(&base, today).score;
    let mut ranked: Vec<NextAction> = candidate_steps(&base)
        .into_iter()
        .map(|Candidate { name, dimension, about, trains, apply }| {
            let mut copy = base.clone();
            apply(&mut copy);
            let points = one_decimal(readiness(&copy, today).score - now);
            NextAction { step: name, dimension, about, trains, points }
        })
        .filter(|a| a.points > 0.005)
        .collect();
    ranked.sort_by(|a, b| b.points.total_cmp(&a.points).then_with(|| a.step.cmp(&b.step)));
    ranked.truncate(limit);
    ranked
}
