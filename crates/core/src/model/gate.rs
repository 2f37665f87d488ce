//! Exit criteria of a phase: manual ones are ticked by hand, computed ones read the data.

use chrono::NaiveDate;

pub use super::evidence::{ParsedRule, parse_rule};
use super::handover::{self, GateScope};
use super::score::Readiness;
use super::{CRITICAL, DocStatus, EngagementData, GateCriterion, GateRule, Phase, TaskStatus};

/// Whether a criterion holds, and why not when it does not.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub met: bool,
    pub reason: Option<String>,
}

impl Verdict {
    fn met() -> Verdict {
        Verdict { met: true, reason: None }
    }

    fn unmet(reason: String) -> Verdict {
        Verdict { met: false, reason: Some(reason) }
    }

    /// Met when there is no problem; otherwise every problem, in full.
    fn from_problems(problems: Vec<String>) -> Verdict {
        if problems.is_empty() { Verdict::met() } else { Verdict::unmet(problems.join("; ")) }
    }
}

pub fn evaluate(
    criterion: &GateCriterion,
    data: &EngagementData,
    readiness: &Readiness,
    today: NaiveDate,
) -> Verdict {
    let Some(rule) = criterion.rule.as_deref() else {
        return match criterion.met_at {
            Some(_) => Verdict::met(),
            None => Verdict::unmet("not ticked yet".into()),
        };
    };
    let parsed = parse_rule(rule);
    if let Ok(ParsedRule { hypercare: Some(hypercare), .. }) = parsed {
        let check = hypercare.check(&data.tickets, today);
        return if check.met { Verdict::met() } else { Verdict::unmet(check.figures) };
    }
    match parsed.map(|p| p.rule) {
        Ok(GateRule::ReadinessThreshold) if readiness.meets_threshold() => Verdict::met(),
        Ok(GateRule::ReadinessThreshold) => Verdict::unmet(format!(
            "readiness {:.1} is below {}",
            readiness.score, readiness.threshold
        )),
        Ok(GateRule::CriticalDocsApproved) => Verdict::from_problems(
            data.docs
                .iter()
                .filter(|d| d.criticality == CRITICAL && !d.not_applicable)
                .filter(|d| d.status != DocStatus::Approved || d.is_stale(today))
                .map(|d| format!("{} not approved", d.title))
                .collect(),
        ),
        Ok(GateRule::CriticalSkillsCovered) => Verdict::from_problems(critical_skill_gaps(data)),
        Ok(GateRule::TasksDone) => {
            let open = data
                .tasks
                .iter()
                .filter(|t| t.phase == criterion.phase && t.status != TaskStatus::Done)
                .count();
            if open == 0 {
                Verdict::met()
            } else {
                Verdict::unmet(format!("{open} tasks not done"))
            }
        }
        Ok(GateRule::DebriefingHeld) => Verdict::from_problems(
            super::health::phases_without_lessons(data)
                .into_iter()
                .map(|p| format!("no lesson recorded for {}", p.label()))
                .collect(),
        ),
        Ok(GateRule::AccessHandedOver) => {
            Verdict::from_problems(handover::gate_problems(&data.handover, GateScope::Access))
        }
        Ok(GateRule::ToolsHandedOver) => {
            Verdict::from_problems(handover::gate_problems(&data.handover, GateScope::Tools))
        }
        Ok(GateRule::TicketsP1Planned | GateRule::TicketsSla | GateRule::TicketsClientAlone) => {
            unreachable!("a hypercare rule is checked above")
        }
        Err(e) => Verdict::unmet(e),
    }
}

fn critical_skill_gaps(data: &EngagementData) -> Vec<String> {
    let holders = super::score::holders(data);
    data.skills
        .iter()
        .filter(|s| s.criticality == CRITICAL)
        .filter_map(|s| {
            let held = holders.get(s.id.as_str()).copied().unwrap_or(0);
            (held < s.min_holders)
                .then(|| format!("{}: {held} of {} holders", s.name, s.min_holders))
        })
        .collect()
}

/// A blocking criterion of a phase's gate that does not hold, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Unmet {
    pub phase: Phase,
    pub title: String,
    pub reason: Option<String>,
}

impl std::fmt::Display for Unmet {
    /// "title: reason", as every output words it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.reason {
            Some(reason) => write!(f, "{}: {reason}", self.title),
            None => f.write_str(&self.title),
        }
    }
}

/// Every blocking criterion not met, of `phase` or (with `None`) of every phase in phase
/// order.
pub fn unmet(
    data: &EngagementData,
    readiness: &Readiness,
    today: NaiveDate,
    phase: Option<Phase>,
) -> Vec<Unmet> {
    let mut unmet: Vec<Unmet> = data
        .gates
        .iter()
        .filter(|g| g.blocking && phase.is_none_or(|p| g.phase == p))
        .filter_map(|g| {
            let verdict = evaluate(g, data, readiness, today);
            (!verdict.met).then(|| Unmet {
                phase: g.phase,
                title: g.title.clone(),
                reason: verdict.reason,
            })
        })
        .collect();
    unmet.sort_by_key(|u| u.phase);
    unmet
}

/// How many of a phase's blocking criteria hold, out of how many.
pub fn phase_gate(
    phase: Phase,
    data: &EngagementData,
    readiness: &Readiness,
    today: NaiveDate,
) -> (usize, usize) {
    let blocking = data.gates.iter().filter(|g| g.phase == phase && g.blocking);
    let met = blocking.clone().filter(|g| evaluate(g, data, readiness, today).met).count();
    (met, blocking.count())
}
