//! A realistic sample: three engagements in different phases, built from the standard
//! template and brought to a plausible state. Deterministic for a given "today".

mod handover;
mod health;
mod large;
mod people;
mod team;
mod tickets;

use chrono::{Days, NaiveDate};

use crate::model::score::{Level, readiness};
use crate::model::template::{NewEngagement, Template};
use crate::model::{DocStatus, EngagementData, Phase, Snapshot, TaskStatus};
use crate::store::{Store, StoreError, insert_engagement_data};

/// A small deterministic generator (xorshift64*), so the sample is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in 0..n.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 10_000) as f64 / 10_000.0 < p
    }
}

/// How far along one sample engagement is.
struct Sample {
    client: String,
    name: String,
    slug: String,
    /// Weeks between the start and today, and between today and the planned transfer.
    weeks_ago: u64,
    weeks_to_transfer: i64,
    phase: Phase,
    /// 0..=1: how much of the client's capacity has been built.
    maturity: f64,
    /// The service desk, once the service runs.
    desk: Option<tickets::Desk>,
}

/// The three engagements of the small sample.
fn small() -> Vec<Sample> {
    vec![
        Sample {
            client: "Nordwind Logistik".into(),
            name: "Fleet portal".into(),
            slug: "nordwind-fleet".into(),
            weeks_ago: 36,
            weeks_to_transfer: 6,
            phase: Phase::Operate,
            maturity: 0.6,
            desk: None,
        },
        Sample {
            client: "Helvetia Retail".into(),
            name: "PIM integration".into(),
            slug: "helvetia-pim".into(),
            weeks_ago: 12,
            weeks_to_transfer: 30,
            phase: Phase::Build,
            maturity: 0.15,
            desk: None,
        },
        Sample {
            client: "Stadtwerke Süd".into(),
            name: "Billing modernisation".into(),
            slug: "stadtwerke-billing".into(),
            weeks_ago: 52,
            weeks_to_transfer: -4,
            phase: Phase::Transfer,
            maturity: 0.92,
            desk: Some(tickets::Desk { weeks: 16, from: 0.55, to: 1.0 }),
        },
    ]
}

const FIRST_NAMES: &[&str] = &[
    "Anna", "Ben", "Chiara", "David", "Elif", "Felix", "Greta", "Hamid", "Ines", "Jonas", "Katrin",
    "Luca", "Mira", "Noah", "Olga", "Paul", "Rosa", "Samir", "Tanja", "Yusuf",
];
const LAST_NAMES: &[&str] = &[
    "Berger",
    "Costa",
    "Dietrich",
    "Engel",
    "Fischer",
    "Graf",
    "Huber",
    "Keller",
    "Lang",
    "Meier",
    "Novak",
    "Özdemir",
    "Peters",
    "Roth",
    "Schmid",
    "Vogel",
    "Weber",
    "Zimmermann",
];

crate::model::text_enum!(
    /// How much sample data to make: three engagements with 120 days of history, or fifty
    /// with 10,000 tasks (one column of 1,200 cards), 1,500 people, 3,000 documentation
    /// items and a year of daily snapshots each.
    Size "demo size" {
        Small => "small", "three engagements";
        Large => "large", "fifty engagements, 10,000 tasks";
    }
);

/// Writes the small sample engagements into `store` in one transaction.
pub fn save(store: &mut Store, today: NaiveDate) -> Result<(), StoreError> {
    save_sized(store, today, Size::Small)
}

pub fn save_sized(store: &mut Store, today: NaiveDate, size: Size) -> Result<(), StoreError> {
    save_scaled(store, today, size, 1)
}

/// The sample `scale` times over (for the large one: fifty more engagements each time, for
/// growth measurements).
pub fn save_scaled(
    store: &mut Store,
    today: NaiveDate,
    size: Size,
    scale: u64,
) -> Result<(), StoreError> {
    let sample = sample_scaled(today, size, scale);
    store.edit(|tx| sample.iter().try_for_each(|data| insert_engagement_data(tx, data)))
}

/// The small sample engagements as of `today`.
pub fn sample(today: NaiveDate) -> Vec<EngagementData> {
    sample_sized(today, Size::Small)
}

pub fn sample_sized(today: NaiveDate, size: Size) -> Vec<EngagementData> {
    sample_scaled(today, size, 1)
}

fn sample_scaled(today: NaiveDate, size: Size, scale: u64) -> Vec<EngagementData> {
    let template = Template::standard();
    match size {
        Size::Small => small()
            .iter()
            .enumerate()
            .map(|(i, s)| build(&template, s, today, i as u64 + 1, 120))
            .collect(),
        Size::Large => large::engagements(&template, scale, today),
    }
}

fn build(
    template: &Template,
    s: &Sample,
    today: NaiveDate,
    seed: u64,
    history_days: u64,
) -> EngagementData {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed);
    let start = today - Days::new(s.weeks_ago * 7);
    let transfer = if s.weeks_to_transfer >= 0 {
        today + Days::new(s.weeks_to_transfer as u64 * 7)
    } else {
        today - Days::new(s.weeks_to_transfer.unsigned_abs() * 7)
    };
    let new = NewEngagement {
        client: s.client.clone(),
        name: s.name.clone(),
        slug: s.slug.clone(),
        start,
        transfer: Some(transfer),
        threshold: 80,
        weights: None,
    };
    let now = format!("{start}T09:00:00Z");
    let mut data = template.instantiate(&new, &now);
    data.engagement.current_phase = s.phase;
    advance_phases(&mut data, s.phase);
    progress_tasks(&mut data, s.phase, &mut rng);
    tick_gates(&mut data, s.phase, &now);
    team::staff(&mut data, s, today, &mut rng);
    team::transfer_knowledge(&mut data, s.maturity, today, &mut rng);
    people::plan_people(&mut data, transfer);
    document(&mut data, s.maturity, today, &mut rng);
    add_history(&mut data, today, history_days, &mut rng);
    health::add_health(&mut data, s.phase, today, &mut rng);
    handover::hand_over(&mut data, s.phase);
    if let Some(desk) = &s.desk {
        data.tickets = tickets::tickets(desk, today, &mut rng);
    }
    data
}

/// Phases before the current one have ended as planned; the current one has started.
fn advance_phases(data: &mut EngagementData, current: Phase) {
    for phase in &mut data.phases {
        if phase.kind <= current {
            phase.actual_start = phase.planned_start;
        }
        if phase.kind < current {
            phase.actual_end = phase.planned_end;
        }
    }
}

fn progress_tasks(data: &mut EngagementData, current: Phase, rng: &mut Rng) {
    let mut index_in_phase = 0;
    let mut last_phase = None;
    for task in &mut data.tasks {
        if last_phase != Some(task.phase) {
            index_in_phase = 0;
            last_phase = Some(task.phase);
        }
        task.status = match task.phase.cmp(&current) {
            std::cmp::Ordering::Less => TaskStatus::Done,
            std::cmp::Ordering::Greater => TaskStatus::Todo,
            std::cmp::Ordering::Equal => match index_in_phase {
                0 | 1 => TaskStatus::Done,
                2 => TaskStatus::Doing,
                3 if rng.chance(0.7) => TaskStatus::Blocked,
                _ => TaskStatus::Todo,
            },
        };
        index_in_phase += 1;
    }
}

/// Manual criteria of past phases are met; the current phase has about half of them.
fn tick_gates(data: &mut EngagementData, current: Phase, now: &str) {
    for (i, gate) in data.gates.iter_mut().enumerate() {
        let met = gate.phase < current || (gate.phase == current && i % 2 == 0);
        if met && gate.rule.is_none() {
            gate.met_at = Some(now.to_string());
        }
    }
}

fn document(data: &mut EngagementData, maturity: f64, today: NaiveDate, rng: &mut Rng) {
    let owners = ["Anna Berger", "Ben Costa", "Chiara Dietrich", "contractor"];
    for (i, doc) in data.docs.iter_mut().enumerate() {
        let roll = rng.below(100) as f64 / 100.0;
        doc.status = match roll + maturity - 0.5 {
            x if x > 0.8 => DocStatus::Approved,
            x if x > 0.55 => DocStatus::InReview,
            x if x > 0.3 => DocStatus::Draft,
            _ => DocStatus::Missing,
        };
        if doc.status != DocStatus::Missing {
            doc.owner = Some(owners[i % owners.len()].to_string());
            doc.location = Some(format!("wiki/{}", crate::model::template::slugify(&doc.title)));
        }
        if doc.status == DocStatus::Approved {
            doc.reviewer = Some(owners[(i + 1) % owners.len()].to_string());
            // Every fourth approval has not been reviewed for a long while: stale.
            let age = if i % 4 == 0 { 200 } else { rng.below(25) };
            doc.last_reviewed_at = Some(today - Days::new(age));
        }
        doc.not_applicable = i % 17 == 16;
    }
}

/// Daily snapshots rising towards today's score, with small day-to-day noise.
fn add_history(data: &mut EngagementData, today: NaiveDate, days: u64, rng: &mut Rng) {
    let now = readiness(data, today);
    let current = Snapshot::of(today, &now);
    data.snapshots = (0..days)
        .map(|back| {
            let progress = 1.0 - back as f64 / days as f64 * 0.6;
            let noise = 1.0 + (rng.below(60) as f64 - 30.0) / 1000.0;
            let f = (progress * noise).min(1.0);
            let level = if back > 60 {
                Level::ALL[(now.level as usize).saturating_sub(1)]
            } else {
                now.level
            };
            Snapshot {
                day: today - Days::new(back),
                score: current.score * f,
                staffing: current.staffing * f,
                skills: current.skills * f,
                kt: current.kt * f,
                responsibilities: current.responsibilities * f,
                docs: current.docs * f,
                level,
            }
        })
        .rev()
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KtStatus, PersonState};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
    }

    #[test]
    fn operate_sample_has_people_in_every_state_and_kt_at_every_status() {
        let data = sample(today());
        let operate = data.iter().find(|d| d.engagement.current_phase == Phase::Operate).unwrap();
        for state in PersonState::ALL {
            assert!(operate.people.iter().any(|p| p.state == *state), "no one {state}");
        }
        for status in KtStatus::ALL {
            assert!(operate.kt_topics.iter().any(|t| t.status == *status), "no KT {status}");
        }
        assert!(operate.docs.iter().any(|d| d.is_stale(today())));
        assert!(
            operate.docs.iter().any(|d| d.status == DocStatus::Approved && !d.is_stale(today()))
        );
        assert_eq!(operate.snapshots.len(), 120);
    }

    #[test]
    fn phases_differ_and_the_sample_is_deterministic() {
        let a = sample(today());
        let phases: Vec<Phase> = a.iter().map(|d| d.engagement.current_phase).collect();
        assert_eq!(phases.len(), 3);
        assert!(phases.windows(2).all(|w| w[0] != w[1]));
        let b = sample(today());
        let score = |d: &[EngagementData]| readiness(&d[0], today()).score;
        assert_eq!(score(&a), score(&b));
    }
}
