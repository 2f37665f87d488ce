//! The large sample, for speed tests and growth measurements: fifty engagements (each time
//! over) with the standard content and more people, tasks and documents.

use chrono::{Days, NaiveDate};

use super::{FIRST_NAMES, LAST_NAMES, Rng, Sample, build, people};
use crate::model::template::Template;
use crate::model::{EngagementData, Person, PersonState, Phase, TaskStatus, new_id};

/// Fifty engagements `scale` times over.
pub(super) fn engagements(
    template: &Template,
    scale: u64,
    today: NaiveDate,
) -> Vec<EngagementData> {
    (0..50 * scale.max(1)).map(|i| engagement(template, i, today)).collect()
}

/// One of the fifty engagements of the large sample: the standard content, more people,
/// tasks and documents; the first has a To do column of 1,200 cards.
fn engagement(template: &Template, i: u64, today: NaiveDate) -> EngagementData {
    let phases = [Phase::Plan, Phase::Build, Phase::Operate, Phase::Transfer];
    let phase = phases[(i % 4) as usize];
    let sample = Sample {
        client: format!(
            "{} {}",
            LAST_NAMES[(i as usize) % LAST_NAMES.len()],
            ["GmbH", "AG", "SE", "Ltd"][(i % 4) as usize]
        ),
        name: format!("Platform {}", i + 1),
        slug: format!("client-{:02}", i + 1),
        weeks_ago: 10 + i % 40,
        weeks_to_transfer: 20 - (i % 30) as i64,
        phase,
        maturity: (i % 10) as f64 / 10.0,
        desk: None,
    };
    let mut data = build(template, &sample, today, 1000 + i, 365);
    let mut rng = Rng(0xD1B5_4A32_D192_ED03 ^ i);
    // 26 template tasks each, plus these: 10,000 in all.
    let extra_tasks = if i == 0 { 1203 } else { 153 };
    let base = data.tasks.len() as i64;
    for n in 0..extra_tasks {
        let mut task = data.tasks[(n % 6) as usize].clone();
        task.id = new_id();
        task.title = format!("Work item {} of {}", n + 1, sample.slug);
        task.position = base + n;
        if i == 0 {
            task.phase = Phase::Build;
            task.status = TaskStatus::Todo;
        } else {
            task.phase = phases[rng.below(4) as usize];
            task.status = TaskStatus::ALL[rng.below(4) as usize];
        }
        data.tasks.push(task);
    }
    let roles: Vec<String> = data.roles.iter().map(|r| r.id.clone()).collect();
    while data.people.len() < 30 {
        let n = data.people.len();
        let role = roles[n % roles.len()].clone();
        let name = format!(
            "{} {} {n}",
            FIRST_NAMES[n % FIRST_NAMES.len()],
            LAST_NAMES[(n * 3) % LAST_NAMES.len()]
        );
        let mut person = Person::new(Some(role), name, PersonState::ALL[rng.below(5) as usize]);
        person.planned_date = Some(today + Days::new(rng.below(200)));
        data.people.push(person);
    }
    data.people.truncate(30);
    let people: std::collections::HashSet<&str> =
        data.people.iter().map(|p| p.id.as_str()).collect();
    data.ratings.retain(|r| people.contains(r.person_id.as_str()));
    let transfer = data.engagement.planned_transfer_date.unwrap_or(today);
    people::plan_people(&mut data, transfer);
    while data.docs.len() < 60 {
        let mut doc = data.docs[data.docs.len() % 40].clone();
        doc.id = new_id();
        doc.title = format!("{} (part {})", doc.title, data.docs.len());
        data.docs.push(doc);
    }
    data
}
