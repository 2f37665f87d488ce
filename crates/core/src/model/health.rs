//! Engagement health: the risks (recorded, and those the program sees for itself), the
//! budget in exact minor units, user tests with the target group, integrations with the
//! client's systems, and the lessons of the debriefing. The records are stated in
//! `health_records` and re-exported here.

use chrono::NaiveDate;

use super::forecast::Forecast;
pub use super::health_records::*;
use super::money::scale;
pub use super::money::{
    AmountError, format_amount, format_number, is_currency, minor_digits, parse_amount, total,
};
use super::{CRITICAL, DocStatus, EngagementData, Phase, Role};

/// The risks the program sees in the data, newest cause first: the transfer at risk by the
/// readiness forecast (once it is known), critical documents missing in the Operate phase,
/// and role slots still open after their target date.
pub fn automatic_risks(
    data: &EngagementData,
    forecast: Option<&Forecast>,
    today: NaiveDate,
) -> Vec<Risk> {
    let seen =
        |key: &str, title: String, category: &str, likelihood, impact, mitigation: &str| Risk {
            id: format!("auto:{key}"),
            title,
            category: category.into(),
            likelihood,
            impact,
            owner: String::new(),
            mitigation: mitigation.into(),
            trigger: String::new(),
            status: RiskStatus::Open,
        };
    let mut risks = Vec::new();
    if let Some(f) = forecast.filter(|f| f.at_risk) {
        let cause = f.cause.as_deref().unwrap_or("readiness below the threshold");
        risks.push(seen(
            "transfer",
            format!("Transfer at risk: {cause}"),
            "readiness",
            4,
            5,
            "work through the next best actions",
        ));
    }
    if data.engagement.current_phase == Phase::Operate {
        let missing = data
            .docs
            .iter()
            .filter(|d| d.criticality == CRITICAL && !d.not_applicable)
            .filter(|d| d.status != DocStatus::Approved)
            .count();
        if missing > 0 {
            risks.push(seen(
                "docs",
                format!("{missing} critical documents not approved in Operate"),
                "documentation",
                4,
                4,
                "write and approve them before the Transfer gate",
            ));
        }
    }
    for late in late_hires(data, today) {
        let role = late.role;
        risks.push(seen(
            &format!("role:{}", role.id),
            format!(
                "{}: {} of {} slots open since {}",
                role.title, late.open, role.planned_count, late.target
            ),
            "staffing",
            3,
            2 + role.criticality.min(CRITICAL),
            "escalate the recruiting with the client",
        ));
    }
    risks
}

/// A role with slots still open (nobody on staff in them) after its target date.
pub struct LateHire<'a> {
    pub role: &'a Role,
    pub open: u32,
    pub target: NaiveDate,
}

/// The roles not filled by their target date, in the order of the roles.
pub fn late_hires(data: &EngagementData, today: NaiveDate) -> Vec<LateHire<'_>> {
    data.roles
        .iter()
        .filter_map(|role| {
            let target = role.target_date.filter(|_| data.role_is_late(role, today))?;
            Some(LateHire { role, open: data.open_slots(role), target })
        })
        .collect()
}

/// Open risks counted by likelihood (rows, 5 first) and impact (columns, 1 first).
pub fn heat_map<'a>(risks: impl IntoIterator<Item = &'a Risk>) -> [[usize; 5]; 5] {
    let mut counts = [[0; 5]; 5];
    for risk in risks.into_iter().filter(|r| r.is_open()) {
        let row = 5 - usize::from(risk.likelihood.clamp(1, 5));
        let column = usize::from(risk.impact.clamp(1, 5)) - 1;
        counts[row][column] += 1;
    }
    counts
}

/// The phases without a recorded lesson: a debriefing covers each of them.
pub fn phases_without_lessons(data: &EngagementData) -> Vec<Phase> {
    Phase::ALL.iter().copied().filter(|p| !data.lessons.iter().any(|l| l.phase == *p)).collect()
}

/// Planned and spent amounts of one phase.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseBurn {
    pub phase: Phase,
    pub planned: i64,
    pub spent: i64,
}

/// The budget on one day: per phase, in total, and where it is heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    pub phases: Vec<PhaseBurn>,
    pub planned: i64,
    pub spent: i64,
    /// What the plan expected to be spent by today.
    pub planned_to_date: i64,
    /// Spending at today's ratio to the plan, carried to the end: spent ÷ planned to date ×
    /// the whole plan (the plan plus what is spent when nothing was planned yet).
    pub estimate: i64,
}

impl Budget {
    pub fn over_plan(&self) -> bool {
        self.estimate > self.planned
    }
}

/// The budget of `data` on `today`. Each phase's plan is spent evenly over its planned
/// dates; a phase without them counts as planned once the engagement has reached it.
pub fn budget(data: &EngagementData, today: NaiveDate) -> Budget {
    let phases: Vec<PhaseBurn> = Phase::ALL
        .iter()
        .map(|&phase| PhaseBurn {
            phase,
            planned: total(data.budget.iter().filter(|l| l.phase == phase).map(|l| l.planned)),
            spent: total(data.costs.iter().filter(|c| c.phase == phase).map(|c| c.amount)),
        })
        .collect();
    let planned = total(phases.iter().map(|p| p.planned));
    let spent = total(phases.iter().map(|p| p.spent));
    let planned_to_date = planned_by(data, today);
    let estimate = if planned_to_date > 0 {
        scale(spent, planned, planned_to_date)
    } else {
        planned.saturating_add(spent)
    };
    Budget { phases, planned, spent, planned_to_date, estimate }
}

/// What the plan expected to be spent by the end of `day`.
pub fn planned_by(data: &EngagementData, day: NaiveDate) -> i64 {
    total(Phase::ALL.iter().map(|&phase| {
        let amount = total(data.budget.iter().filter(|l| l.phase == phase).map(|l| l.planned));
        let dates = data.phase_dates(phase);
        match dates.and_then(|p| p.planned_start.zip(p.planned_end)) {
            Some((start, end)) if end > start => {
                let length = (end - start).num_days();
                let elapsed = (day - start).num_days().clamp(0, length);
                scale(amount, elapsed, length)
            }
            Some((start, _)) if day >= start => amount,
            Some(_) => 0,
            None if data.engagement.current_phase >= phase => amount,
            None => 0,
        }
    }))
}

/// What was spent up to and including `day`.
pub fn spent_by(data: &EngagementData, day: NaiveDate) -> i64 {
    total(data.costs.iter().filter(|c| c.day <= day).map(|c| c.amount))
}
