//! The level ladder of SPEC §3: L1 observing, L2 operating with support, L3 transfer-ready,
//! each with the conditions that keep an engagement from it.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::score_terms::{Dimension, Level, Readiness};
use super::staffing::role_slots;
use super::{CRITICAL, DocStatus, EngagementData, KtStatus, percent_text};

/// The highest level whose conditions and all lower ones hold, and what the next one lacks.
pub(super) fn level(
    data: &EngagementData,
    readiness: &Readiness,
    holders: &HashMap<&str, u32>,
    today: NaiveDate,
) -> (Level, Vec<String>) {
    let ladder = [
        (Level::L1, observing(data)),
        (Level::L2, operating_with_support(data, holders)),
        (Level::L3, transfer_ready(data, readiness, holders, today)),
    ];
    let mut reached = Level::L0;
    for (level, missing) in ladder {
        if !missing.is_empty() {
            return (reached, missing);
        }
        reached = level;
    }
    (reached, Vec::new())
}

fn observing(data: &EngagementData) -> Vec<String> {
    let mut missing = Vec::new();
    if data.kt_topics.is_empty() {
        missing.push("no knowledge-transfer topic exists".to_string());
    }
    // Wide enough for any stored counts, even past the rule's maximum.
    let slots: u64 = data.roles.iter().map(|r| u64::from(r.planned_count)).sum();
    let on_staff: usize = role_slots(data)
        .iter()
        .map(|(_, filled)| filled.iter().filter(|s| s.is_on_staff()).count())
        .sum();
    if slots == 0 {
        missing.push("no role slots planned".to_string());
    } else if on_staff as u64 * 2 < slots {
        missing.push(format!("{on_staff} of {slots} role slots filled by hired staff (need 50 %)"));
    }
    missing
}

fn operating_with_support(data: &EngagementData, holders: &HashMap<&str, u32>) -> Vec<String> {
    let mut missing = Vec::new();
    for skill in data.skills.iter().filter(|s| s.criticality == CRITICAL) {
        if holders.get(skill.id.as_str()).copied().unwrap_or(0) == 0 {
            missing.push(format!("critical skill {} has no holder", skill.name));
        }
    }
    let critical_skills: Vec<&str> =
        data.skills.iter().filter(|s| s.criticality == CRITICAL).map(|s| s.id.as_str()).collect();
    for topic in &data.kt_topics {
        let linked = topic.skill_id.as_deref().is_some_and(|id| critical_skills.contains(&id));
        if linked && topic.status < KtStatus::ReverseShadowing {
            missing.push(format!("KT {} is only at {}", topic.title, topic.status.label()));
        }
    }
    missing
}

fn transfer_ready(
    data: &EngagementData,
    readiness: &Readiness,
    holders: &HashMap<&str, u32>,
    today: NaiveDate,
) -> Vec<String> {
    let mut missing = Vec::new();
    for skill in data.skills.iter().filter(|s| s.criticality == CRITICAL) {
        let held = holders.get(skill.id.as_str()).copied().unwrap_or(0);
        if held < skill.min_holders {
            missing.push(format!(
                "critical skill {} has {held} of {} holders",
                skill.name, skill.min_holders
            ));
        }
    }
    // Decided on the percentage as shown (to one decimal), like every rounded figure.
    let responsibilities = readiness.dimension(Dimension::Responsibilities).shown_value();
    if responsibilities < 0.8 {
        missing.push(format!("responsibilities at {} (need 80 %)", percent_text(responsibilities)));
    }
    for doc in data.docs.iter().filter(|d| d.criticality == CRITICAL && !d.not_applicable) {
        if doc.status != DocStatus::Approved {
            missing.push(format!("critical doc {} is {}", doc.title, doc.status.label()));
        } else if doc.is_stale(today) {
            missing.push(format!("critical doc {} is stale", doc.title));
        }
    }
    if !readiness.meets_threshold() {
        missing.push(format!(
            "score {:.1} is below the threshold {}",
            readiness.score, readiness.threshold
        ));
    }
    missing
}
