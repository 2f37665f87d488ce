//! One sample engagement built from the template and brought to a plausible state: its
//! phases, tasks, gates, team, documents, history, health, hand-over and tickets.

use chrono::{Days, NaiveDate};

use super::rng::Rng;
use super::sample::Sample;
use super::{handover, health, people, team, tickets};
use crate::model::score::{Level, readiness};
use crate::model::template::{NewEngagement, Template};
use crate::model::{DocStatus, EngagementData, Phase, Snapshot, TaskStatus};

pub(super) fn build(
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
