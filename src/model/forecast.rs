//! What to do next and when the threshold will be reached: the next best actions (each
//! possible single step tried on a copy of the data), the planned curve and the actual pace.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::score::{Dimension, readiness};
use super::{DocStatus, EngagementData, KtStatus, Owner, Person, PersonState, SkillRating};

/// One step the consultant can take, and the points it adds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextAction {
    pub step: String,
    pub dimension: Dimension,
    pub points: f64,
}

/// The data the score reads, without the tasks and history it does not need.
fn scoring_copy(data: &EngagementData) -> EngagementData {
    EngagementData {
        tasks: Vec::new(),
        snapshots: Vec::new(),
        gates: Vec::new(),
        phases: Vec::new(),
        ..data.clone()
    }
}

/// A candidate step: what it is called, its dimension, and how it changes the data.
type Step = (String, Dimension, Box<dyn Fn(&mut EngagementData)>);

fn candidate_steps(data: &EngagementData) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
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
        steps.push((step, Dimension::Staffing, Box::new(move |d| d.people[i].state = next)));
    }
    for role in &data.roles {
        let staffed = data
            .people
            .iter()
            .filter(|p| p.role_id.as_deref() == Some(&role.id) && p.state != PersonState::Left)
            .count();
        if staffed < role.planned_count as usize {
            let role_id = role.id.clone();
            steps.push((
                format!("hire 1 {}", role.title),
                Dimension::Staffing,
                Box::new(move |d| {
                    d.people.push(Person::new(
                        Some(role_id.clone()),
                        "new hire".into(),
                        PersonState::Hired,
                    ))
                }),
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
        steps.push((step, Dimension::Kt, Box::new(move |d| d.kt_topics[i].status = next)));
    }
    for (i, r) in data.responsibilities.iter().enumerate() {
        let Some(next) = Owner::ALL.iter().copied().find(|o| *o > r.owner) else { continue };
        let step = format!("{}: hand over to {}", r.activity, next.label());
        steps.push((
            step,
            Dimension::Responsibilities,
            Box::new(move |d| d.responsibilities[i].owner = next),
        ));
    }
    for (i, doc) in data.docs.iter().enumerate().filter(|(_, d)| !d.not_applicable) {
        let approved = doc.status == DocStatus::Approved;
        let step = if approved {
            format!("review doc: {}", doc.title)
        } else {
            format!("approve doc: {}", doc.title)
        };
        steps.push((
            step,
            Dimension::Docs,
            Box::new(move |d| {
                d.docs[i].status = DocStatus::Approved;
                d.docs[i].last_reviewed_at = None;
                d.docs[i].review_interval_days = None;
            }),
        ));
    }
    steps
}

/// For each skill short of holders: the client person closest to the required level
/// reaching it.
fn skill_steps(data: &EngagementData, steps: &mut Vec<Step>) {
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
        let candidate = data
            .people
            .iter()
            .filter(|p| p.state != PersonState::Left && level_of(p) < skill.required_level)
            .max_by_key(|p| level_of(p));
        let Some(person) = candidate else { continue };
        let (person_id, skill_id, level) =
            (person.id.clone(), skill.id.clone(), skill.required_level);
        steps.push((
            format!("train {} in {} to level {level}", person.name, skill.name),
            Dimension::Skills,
            Box::new(move |d| {
                d.ratings.retain(|r| !(r.person_id == person_id && r.skill_id == skill_id));
                d.ratings.push(SkillRating {
                    person_id: person_id.clone(),
                    skill_id: skill_id.clone(),
                    level,
                    assessed_at: None,
                });
            }),
        ));
    }
}

/// The `limit` single steps that add the most points, best first.
pub fn next_actions(data: &EngagementData, today: NaiveDate, limit: usize) -> Vec<NextAction> {
    let base = scoring_copy(data);
    let now = readiness(&base, today).score;
    let mut ranked: Vec<NextAction> = candidate_steps(&base)
        .into_iter()
        .map(|(step, dimension, apply)| {
            let mut copy = base.clone();
            apply(&mut copy);
            NextAction { step, dimension, points: readiness(&copy, today).score - now }
        })
        .filter(|a| a.points > 0.005)
        .collect();
    ranked.sort_by(|a, b| b.points.total_cmp(&a.points).then_with(|| a.step.cmp(&b.step)));
    ranked.truncate(limit);
    ranked
}

/// When the threshold will be reached: on plan, and at the recent pace.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// The first day the planned curve reaches the threshold (`None`: not within a year).
    pub planned_date: Option<NaiveDate>,
    /// The day the recent pace reaches the threshold (`None`: not within a year).
    pub pace_date: Option<NaiveDate>,
    pub at_risk: bool,
    /// Why the transfer is at risk, when it is.
    pub cause: Option<String>,
    /// The planned curve, one point a week for a year: (day, score).
    #[serde(skip)]
    pub planned_curve: Vec<(NaiveDate, f64)>,
}

/// The data as it will be on `day` if every planned date is met: people hired on their
/// planned date, onboarded a month later and independent three months later; KT topics
/// signed off on their due date; responsibilities with the client on their target date.
pub fn as_planned(data: &EngagementData, day: NaiveDate) -> EngagementData {
    let mut copy = scoring_copy(data);
    for person in copy.people.iter_mut().filter(|p| p.state != PersonState::Left) {
        let Some(planned) = person.planned_date else { continue };
        let reached = [
            (planned, PersonState::Hired),
            (planned + Days::new(30), PersonState::Onboarded),
            (planned + Days::new(90), PersonState::Independent),
        ];
        for (date, state) in reached {
            if date <= day && state > person.state {
                person.state = state;
            }
        }
    }
    for topic in &mut copy.kt_topics {
        if topic.due_date.is_some_and(|d| d <= day) {
            topic.status = KtStatus::SignedOff;
        }
    }
    for r in &mut copy.responsibilities {
        if r.target_date.is_some_and(|d| d <= day) {
            r.owner = Owner::Client;
        }
    }
    copy
}

/// A forecast date in words: the day, or "not within a year" when there is none.
pub fn when(date: Option<NaiveDate>) -> String {
    date.map_or("not within a year".to_string(), |d| d.to_string())
}

/// The date a least-squares line through the last 90 days of scores reaches `threshold`.
pub fn pace_date(data: &EngagementData, today: NaiveDate, threshold: f64) -> Option<NaiveDate> {
    let since = today - Days::new(90);
    let points: Vec<(f64, f64)> = data
        .snapshots
        .iter()
        .filter(|s| s.day >= since && s.day <= today)
        .map(|s| ((s.day - today).num_days() as f64, s.score))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let slope = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum::<f64>() / sxx;
    let now = mean_y - slope * mean_x;
    if now >= threshold {
        return Some(today);
    }
    if slope <= 0.0 {
        return None;
    }
    let days = ((threshold - now) / slope).ceil();
    (days <= 365.0).then(|| today + Days::new(days as u64))
}

pub fn forecast(data: &EngagementData, today: NaiveDate) -> Forecast {
    let threshold = f64::from(data.engagement.readiness_threshold);
    let planned_curve: Vec<(NaiveDate, f64)> = (0..=52)
        .map(|week| {
            let day = today + Days::new(week * 7);
            (day, readiness(&as_planned(data, day), today).score)
        })
        .collect();
    let planned_date = planned_curve.iter().find(|(_, s)| *s + 1e-9 >= threshold).map(|(d, _)| *d);
    let pace_date = pace_date(data, today, threshold);
    let transfer = data.engagement.planned_transfer_date;
    let late = |date: Option<NaiveDate>| match (date, transfer) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(d), Some(t)) => d > t,
    };
    let reached = readiness(data, today).meets_threshold();
    let at_risk = !reached
        && data.engagement.current_phase < super::Phase::Transfer
        && (late(planned_date) || late(pace_date));
    let cause = at_risk.then(|| main_cause(data, today));
    Forecast { planned_date, pace_date, at_risk, cause, planned_curve }
}

/// The biggest shortfall whose planned date has already passed, in words.
fn main_cause(data: &EngagementData, today: NaiveDate) -> String {
    let past = |d: Option<NaiveDate>| d.is_some_and(|d| d < today);
    let slots: u32 = data.roles.iter().map(|r| r.planned_count).sum();
    let open_late: u32 = data
        .roles
        .iter()
        .filter(|r| past(r.target_date))
        .map(|r| {
            let staffed = data
                .people
                .iter()
                .filter(|p| p.role_id.as_deref() == Some(&r.id) && p.state.is_on_staff())
                .count() as u32;
            r.planned_count.saturating_sub(staffed)
        })
        .sum();
    let kt_late = data
        .kt_topics
        .iter()
        .filter(|t| past(t.due_date) && t.status != KtStatus::SignedOff)
        .count();
    let duties_late = data
        .responsibilities
        .iter()
        .filter(|r| past(r.target_date) && r.owner != Owner::Client)
        .count();
    let candidates = [
        (
            open_late as usize * 3,
            format!("staffing: {open_late} of {slots} slots still open past their target date"),
        ),
        (kt_late * 2, format!("knowledge transfer: {kt_late} topics past their due date")),
        (
            duties_late * 2,
            format!("responsibilities: {duties_late} not handed over by their target date"),
        ),
    ];
    match candidates.into_iter().max_by_key(|(weight, _)| *weight) {
        Some((weight, cause)) if weight > 0 => cause,
        _ => {
            let r = readiness(data, today);
            let weakest = r.dimensions.iter().max_by(|a, b| {
                (a.weight - a.points / 100.0).total_cmp(&(b.weight - b.points / 100.0))
            });
            weakest.map_or_else(
                || "readiness is growing too slowly".into(),
                |d| format!("{} is at {:.0} %", d.dimension.label(), d.value * 100.0),
            )
        }
    }
}
