//! The executive page: one red, amber or green status per area with its evidence, owner,
//! next action and trend against the previous report; the decisions asked of the client;
//! the top risks. The rules are the README's ("The executive page"); their thresholds come
//! from the config's `[report]` section.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::health::{HealthReport, RiskLine};
pub use super::thresholds::Thresholds;
use crate::model::forecast::{Forecast, NextAction};
use crate::model::health::{format_amount, late_hires};
use crate::model::score::{Dimension, Readiness};
use crate::model::{CriterionKind, EngagementData, Finding, Side, gate::Unmet, percent, text_enum};
use crate::store::report_log::WrittenReport;

text_enum!(
    /// A status, from good to bad (the order compares them).
    Rag "RAG status" {
        Green => "green", "green";
        Amber => "amber", "amber";
        Red => "red", "red";
    }
);

text_enum!(
    /// The areas the executive page rates, in its order.
    Area "area" {
        Schedule => "schedule", "Schedule";
        Readiness => "readiness", "Readiness";
        Documentation => "documentation", "Documentation";
        Budget => "budget", "Budget";
        Risks => "risks", "Risks";
        People => "people", "People";
    }
);

text_enum!(
    /// An area's status against the previous report's.
    Movement "movement" {
        Better => "better", "better";
        Same => "same", "unchanged";
        Worse => "worse", "worse";
        New => "new", "first report";
    }
);

/// One area's status and why.
#[derive(Debug, Clone, Serialize)]
pub struct AreaStatus {
    pub area: Area,
    pub rag: Rag,
    /// The figure the status comes from, and what it counts.
    pub evidence: String,
    pub owner: Option<String>,
    pub next_action: Option<String>,
    pub trend: Movement,
}

/// The statuses of a report, as the report log keeps them for the next one.
pub type Statuses = BTreeMap<Area, Rag>;

#[derive(Debug, Serialize)]
pub struct Executive {
    /// The day of the report the trends compare with (`None`: none written before).
    pub previous_report: Option<NaiveDate>,
    pub overall: Rag,
    pub overall_trend: Movement,
    pub areas: Vec<AreaStatus>,
    /// What only the client can decide or do, each with why.
    pub decisions: Vec<String>,
    /// The open risks of the highest exposure (every risk is in the risk register).
    pub top_risks: Vec<TopRisk>,
}

#[derive(Debug, Serialize)]
pub struct TopRisk {
    pub title: String,
    pub exposure: u8,
    pub owner: String,
    pub mitigation: String,
}

/// How many risks the executive page names.
const TOP_RISKS: usize = 5;

/// What the areas are rated from.
pub(super) struct Facts<'a> {
    pub data: &'a EngagementData,
    pub readiness: &'a Readiness,
    pub forecast: &'a Forecast,
    pub health: &'a HealthReport,
    pub next_actions: &'a [NextAction],
    pub unmet: &'a [Unmet],
    pub findings: &'a [Finding],
    pub as_of: NaiveDate,
}

impl Executive {
    pub(super) fn new(
        facts: &Facts,
        t: &Thresholds,
        previous: Option<&WrittenReport<Statuses>>,
    ) -> Executive {
        let mut areas = vec![
            schedule(facts, t),
            readiness(facts, t),
            documentation(facts, t),
            budget(facts, t),
            risks(facts, t),
            people(facts, t),
        ];
        let before = previous.map(|p| &p.statuses);
        for a in &mut areas {
            a.trend = movement(a.rag, before.and_then(|p| p.get(&a.area)));
        }
        let overall = areas.iter().map(|a| a.rag).max().unwrap_or(Rag::Green);
        let overall_trend = movement(overall, before.map(overall_of).as_ref());
        Executive {
            previous_report: previous.map(|p| p.day),
            overall,
            overall_trend,
            areas,
            decisions: decisions(facts),
            top_risks: top_risks(&facts.health.risks),
        }
    }

    /// The statuses to keep in the report log.
    pub fn statuses(&self) -> Statuses {
        self.areas.iter().map(|a| (a.area, a.rag)).collect()
    }
}

/// The overall status: the worst area's.
fn overall_of(statuses: &Statuses) -> Rag {
    statuses.values().copied().max().unwrap_or(Rag::Green)
}

fn movement(now: Rag, before: Option<&Rag>) -> Movement {
    match before {
        None => Movement::New,
        Some(before) if now < *before => Movement::Better,
        Some(before) if now > *before => Movement::Worse,
        Some(_) => Movement::Same,
    }
}

/// Red from `red` on, amber from `amber` on: for figures where more is worse.
fn at_least(value: u32, amber: u32, red: u32) -> Rag {
    if value >= red {
        Rag::Red
    } else if value >= amber {
        Rag::Amber
    } else {
        Rag::Green
    }
}

/// "1 overdue card", "2 overdue cards".
fn counted(n: u32, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

fn status(area: Area, rag: Rag, evidence: String) -> AreaStatus {
    AreaStatus { area, rag, evidence, owner: None, next_action: None, trend: Movement::New }
}

/// The first next best action in one of `dimensions`.
fn action_in(facts: &Facts, dimensions: &[Dimension]) -> Option<String> {
    let a = facts.next_actions.iter().find(|a| dimensions.contains(&a.dimension))?;
    Some(format!("{} (+{:.1} points)", a.step, a.points))
}

fn schedule(facts: &Facts, t: &Thresholds) -> AreaStatus {
    let mut overdue: Vec<_> = facts.data.overdue_tasks(facts.as_of).collect();
    overdue.sort_by_key(|task| task.due_date);
    let count = overdue.len() as u32;
    let at_risk = facts.forecast.at_risk.then_some(facts.forecast.cause.as_deref()).flatten();
    let rag = match at_risk {
        Some(_) => Rag::Red,
        None => at_least(count, t.overdue_amber, t.overdue_red),
    };
    let mut evidence = counted(count, "overdue card");
    if let Some(cause) = at_risk {
        evidence += &format!("; transfer at risk: {cause}");
    }
    let mut s = status(Area::Schedule, rag, evidence);
    if let Some(oldest) = overdue.first() {
        s.owner = Some(oldest.side.label().to_string());
        let due = oldest.due_date.map(|d| format!(" (due {d})")).unwrap_or_default();
        s.next_action = Some(format!("finish the oldest overdue card: {}{due}", oldest.title));
    }
    s
}

fn readiness(facts: &Facts, t: &Thresholds) -> AreaStatus {
    let r = facts.readiness;
    let gap = f64::from(r.threshold) - r.score;
    let rag = if r.meets_threshold() {
        Rag::Green
    } else if gap + 1e-9 >= f64::from(t.readiness_red_gap) {
        Rag::Red
    } else {
        Rag::Amber
    };
    let evidence = format!(
        "readiness {:.1} of 100 against the threshold {} (level {})",
        r.score, r.threshold, r.level
    );
    let mut s = status(Area::Readiness, rag, evidence);
    s.next_action = action_in(facts, Dimension::ALL);
    s
}

fn documentation(facts: &Facts, t: &Thresholds) -> AreaStatus {
    let (approved, applicable) = facts.data.docs_progress();
    let share = percent(approved, applicable);
    let rag = if applicable == 0 {
        Rag::Green
    } else if share < t.docs_red {
        Rag::Red
    } else if share < t.docs_amber {
        Rag::Amber
    } else {
        Rag::Green
    };
    let evidence = format!("{approved} of {applicable} documents approved ({share} %)");
    let mut s = status(Area::Documentation, rag, evidence);
    // The most critical document not approved yet: its owner, and its approval.
    let first = facts
        .data
        .docs
        .iter()
        .filter(|d| !d.not_applicable && d.status != crate::model::DocStatus::Approved)
        .max_by_key(|d| d.criticality);
    s.owner = first.and_then(|d| d.owner.clone());
    let approve = first.map(|d| format!("approve {} (now {})", d.title, d.status.label()));
    s.next_action = action_in(facts, &[Dimension::Docs]).or(approve);
    s
}

fn budget(facts: &Facts, t: &Thresholds) -> AreaStatus {
    let b = &facts.health.budget;
    if b.planned <= 0 {
        return status(Area::Budget, Rag::Green, "no budget planned".into());
    }
    // In i128: amounts come from the file, and any i64 fits there a hundred times over.
    let (estimate, planned) = (i128::from(b.estimate_at_completion), i128::from(b.planned));
    let over = estimate - planned;
    // Percent of the plan, rounded up: 10.01 % over is past a threshold of 10.
    let share = (over.max(0) * 100 + planned - 1) / planned;
    let share = u32::try_from(share).unwrap_or(u32::MAX);
    let rag = if over > 0 && share > t.budget_red {
        Rag::Red
    } else if over > 0 && share > t.budget_amber {
        Rag::Amber
    } else {
        Rag::Green
    };
    let money = |minor| format_amount(minor, &b.currency);
    let evidence = format!(
        "estimate at completion {} against the plan {} ({})",
        money(b.estimate_at_completion),
        money(b.planned),
        if over > 0 { format!("{share} % over") } else { "within it".to_string() }
    );
    let mut s = status(Area::Budget, rag, evidence);
    let worst = b
        .phases
        .iter()
        .filter(|p| p.spent > p.planned)
        .max_by_key(|p| p.spent.saturating_sub(p.planned));
    if let Some(p) = worst.filter(|_| rag != Rag::Green) {
        s.next_action = Some(format!(
            "review the {} spending: {} spent of {} planned",
            p.phase.label(),
            money(p.spent),
            money(p.planned)
        ));
    }
    s
}

fn risks(facts: &Facts, t: &Thresholds) -> AreaStatus {
    let open: Vec<&RiskLine> = facts.health.risks.iter().filter(|r| r.risk.is_open()).collect();
    let Some(top) = open.iter().max_by_key(|r| r.exposure) else {
        return status(Area::Risks, Rag::Green, "no open risk".into());
    };
    let rag = at_least(u32::from(top.exposure), t.risk_amber, t.risk_red);
    let evidence = format!(
        "{}; the highest exposure {} (likelihood {} × impact {}): {}",
        counted(open.len() as u32, "open risk"),
        top.exposure,
        top.risk.likelihood,
        top.risk.impact,
        top.risk.title
    );
    let mut s = status(Area::Risks, rag, evidence);
    s.owner = Some(top.risk.owner.clone()).filter(|o| !o.is_empty());
    s.next_action = Some(if top.risk.mitigation.is_empty() {
        "agree a mitigation".to_string()
    } else {
        top.risk.mitigation.replace('\n', " ")
    });
    s
}

fn people(facts: &Facts, t: &Thresholds) -> AreaStatus {
    let late = late_hires(facts.data, facts.as_of);
    let open: u32 = late.iter().map(|l| l.open).sum();
    let found = u32::try_from(facts.findings.len()).unwrap_or(u32::MAX);
    let rag = at_least(open, t.late_hires_amber, t.late_hires_red).max(at_least(
        found,
        t.findings_amber,
        t.findings_red,
    ));
    let evidence = format!(
        "{} open past the target date; {} on who can do what",
        counted(open, "role slot"),
        counted(found, "finding")
    );
    let mut s = status(Area::People, rag, evidence);
    if open > 0 || found > 0 {
        s.owner = Some(Side::Client.label().to_string());
    }
    let hire = late.first().map(|l| format!("hire the {} ({})", l.role.title, l.target));
    let finding = facts.findings.first().map(|f| f.action.clone());
    s.next_action =
        action_in(facts, &[Dimension::Staffing, Dimension::Skills]).or(hire).or(finding);
    s
}

/// What the client must decide or do: criteria of the current gate that someone has to
/// confirm, the client's overdue cards, and roles not hired by their target date.
fn decisions(facts: &Facts) -> Vec<String> {
    let data = facts.data;
    let phase = data.engagement.current_phase;
    let manual = |u: &&Unmet| {
        data.gates
            .iter()
            .any(|g| g.phase == u.phase && g.title == u.title && g.kind == CriterionKind::Manual)
    };
    let mut out: Vec<String> = facts
        .unmet
        .iter()
        .filter(|u| u.phase == phase)
        .filter(manual)
        .map(|u| format!("confirm the {} gate criterion: {}", phase.label(), u.title))
        .collect();
    let mut overdue: Vec<_> = data
        .overdue_tasks(facts.as_of)
        .filter(|task| matches!(task.side, Side::Client | Side::Joint))
        .collect();
    overdue.sort_by_key(|task| task.due_date);
    out.extend(overdue.iter().map(|task| {
        let due = task.due_date.map(|d| d.to_string()).unwrap_or_default();
        format!("{} card overdue since {due}: {}", task.side.label(), task.title)
    }));
    out.extend(late_hires(data, facts.as_of).iter().map(|l| {
        format!(
            "hire {} of {} {} (target date {} passed)",
            l.open, l.role.planned_count, l.role.title, l.target
        )
    }));
    out
}

fn top_risks(risks: &[RiskLine]) -> Vec<TopRisk> {
    // The register is sorted open first, highest exposure first.
    risks
        .iter()
        .filter(|r| r.risk.is_open())
        .take(TOP_RISKS)
        .map(|r| TopRisk {
            title: r.risk.title.clone(),
            exposure: r.exposure,
            owner: r.risk.owner.clone(),
            mitigation: r.risk.mitigation.replace('\n', " "),
        })
        .collect()
}
