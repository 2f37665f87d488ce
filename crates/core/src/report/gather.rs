//! The report's content gathered from an engagement's records: each phase with its gate,
//! the score's trend, the open tasks and the documentation per category.

use chrono::NaiveDate;

use super::{DocCategory, PhaseInfo, PhaseTasks, TaskLine, Trend};
use crate::model::gate::unmet;
use crate::model::score::Readiness;
use crate::model::{DocStatus, EngagementData, Phase, TaskStatus, percent};

pub(super) fn phases(data: &EngagementData, r: &Readiness, today: NaiveDate) -> Vec<PhaseInfo> {
    Phase::ALL
        .iter()
        .map(|&phase| {
            let dates = data.phase_dates(phase);
            let tasks = data.tasks.iter().filter(|t| t.phase == phase);
            let blocking = data.gates.iter().filter(|g| g.phase == phase && g.blocking).count();
            let unmet = unmet(data, r, today, Some(phase));
            PhaseInfo {
                phase,
                current: phase == data.engagement.current_phase,
                planned_start: dates.and_then(|d| d.planned_start),
                planned_end: dates.and_then(|d| d.planned_end),
                actual_start: dates.and_then(|d| d.actual_start),
                actual_end: dates.and_then(|d| d.actual_end),
                tasks_done: tasks.clone().filter(|t| t.status == TaskStatus::Done).count(),
                tasks: tasks.count(),
                gate_met: blocking - unmet.len(),
                gate_blocking: blocking,
                gate_unmet: unmet.iter().map(ToString::to_string).collect(),
            }
        })
        .collect()
}

/// The last 120 days of scores, ending with the live `score` of `today`, and what they say
/// in words.
pub(super) fn trend(data: &EngagementData, score: f64, today: NaiveDate) -> Trend {
    let history = data.score_history(today - chrono::Days::new(121), today, score);
    let month_ago = today - chrono::Days::new(30);
    let then = data.snapshots.iter().rfind(|s| s.day <= month_ago).map(|s| s.score);
    let words = match then {
        Some(then) if score - then >= 1.0 => {
            format!("rising: up {:.1} points in the last 30 days", score - then)
        }
        Some(then) if then - score >= 1.0 => {
            format!("falling: down {:.1} points in the last 30 days", then - score)
        }
        Some(_) => "flat: within a point of where it was 30 days ago".to_string(),
        None => "not enough history yet".to_string(),
    };
    Trend { words, history }
}

pub(super) fn open_tasks(data: &EngagementData, today: NaiveDate) -> Vec<PhaseTasks> {
    Phase::ALL
        .iter()
        .map(|&phase| {
            let mut tasks: Vec<TaskLine> = data
                .tasks
                .iter()
                .filter(|t| t.phase == phase && t.status != TaskStatus::Done)
                .map(|t| TaskLine { overdue: t.is_overdue(today), task: t.clone() })
                .collect();
            tasks.sort_by_key(|t| (!t.overdue, t.task.due_date));
            PhaseTasks { phase, tasks }
        })
        .filter(|p| !p.tasks.is_empty())
        .collect()
}

pub(super) fn docs(data: &EngagementData, today: NaiveDate) -> Vec<DocCategory> {
    let mut categories: Vec<DocCategory> = Vec::new();
    for doc in &data.docs {
        if !categories.iter().any(|c| c.category == doc.category) {
            categories.push(DocCategory {
                category: doc.category.clone(),
                approved: 0,
                applicable: 0,
                percent: 0,
                missing: Vec::new(),
                stale: Vec::new(),
            });
        }
        let entry =
            categories.iter_mut().find(|c| c.category == doc.category).expect("added above");
        if doc.not_applicable {
            continue;
        }
        entry.applicable += 1;
        if doc.status == DocStatus::Approved {
            entry.approved += 1;
        }
        if doc.status == DocStatus::Missing {
            entry.missing.push(doc.title.clone());
        }
        if doc.is_stale(today) {
            entry.stale.push(doc.title.clone());
        }
    }
    for c in &mut categories {
        c.percent = percent(c.approved, c.applicable);
    }
    categories
}
