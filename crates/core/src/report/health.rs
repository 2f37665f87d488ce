//! The health part of the report: risk register and heat map, budget, user tests,
//! integrations, and the lessons learned that close the report. Structured for JSON, and
//! laid out once as sections of text tables that the Markdown and HTML writers share.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Section, TextTable};
use crate::model::EngagementData;
use crate::model::forecast::Forecast;
use crate::model::health::{
    self, Integration, Lesson, Risk, UserTest, automatic_risks, format_amount,
};
use crate::model::{Phase, health::Budget};

#[derive(Debug, Serialize)]
pub struct HealthReport {
    /// Open and closed risks, the ones botdash sees marked `automatic`, highest exposure first.
    pub risks: Vec<RiskLine>,
    /// Open risks by likelihood (rows, 5 first) and impact (columns, 1 first).
    pub heat_map: [[usize; 5]; 5],
    pub budget: BudgetReport,
    pub user_tests: Vec<UserTest>,
    pub integrations: Vec<Integration>,
}

#[derive(Debug, Serialize)]
pub struct RiskLine {
    #[serde(flatten)]
    pub risk: Risk,
    pub automatic: bool,
    pub exposure: u8,
}

/// Amounts in integer minor units of `currency` (`minor_digits` decimals).
#[derive(Debug, Serialize)]
pub struct BudgetReport {
    pub currency: String,
    pub minor_digits: u32,
    pub phases: Vec<BudgetPhase>,
    pub planned: i64,
    pub spent: i64,
    pub planned_to_date: i64,
    pub estimate_at_completion: i64,
    pub over_plan: bool,
}

#[derive(Debug, Serialize)]
pub struct BudgetPhase {
    pub phase: Phase,
    pub planned: i64,
    pub spent: i64,
}

impl HealthReport {
    pub fn new(data: &EngagementData, forecast: &Forecast, today: NaiveDate) -> HealthReport {
        let automatic = automatic_risks(data, Some(forecast), today);
        let heat_map = health::heat_map(data.risks.iter().chain(&automatic));
        let mut risks: Vec<RiskLine> = data
            .risks
            .iter()
            .map(|r| (r, false))
            .chain(automatic.iter().map(|r| (r, true)))
            .map(|(risk, automatic)| RiskLine {
                exposure: risk.exposure(),
                risk: risk.clone(),
                automatic,
            })
            .collect();
        risks.sort_by_key(|r| (!r.risk.is_open(), std::cmp::Reverse(r.exposure)));
        HealthReport {
            risks,
            heat_map,
            budget: budget_report(data, health::budget(data, today)),
            user_tests: data.user_tests.clone(),
            integrations: data.integrations.clone(),
        }
    }
}

fn budget_report(data: &EngagementData, b: Budget) -> BudgetReport {
    let currency = data.engagement.currency.clone();
    BudgetReport {
        minor_digits: health::minor_digits(&currency),
        currency,
        phases: b
            .phases
            .iter()
            .map(|p| BudgetPhase { phase: p.phase, planned: p.planned, spent: p.spent })
            .collect(),
        over_plan: b.over_plan(),
        planned: b.planned,
        spent: b.spent,
        planned_to_date: b.planned_to_date,
        estimate_at_completion: b.estimate,
    }
}

/// The health sections in report order, the lessons learned last.
pub fn sections(health: &HealthReport, lessons: &[Lesson]) -> Vec<Section> {
    vec![
        risk_section(health),
        budget_section(&health.budget),
        tests_section(health),
        integrations_section(health),
        lessons_section(lessons),
    ]
}

fn risk_section(health: &HealthReport) -> Section {
    let register = TextTable {
        headers: vec!["Risk", "Category", "Likelihood × impact", "Status", "Owner", "Mitigation"],
        rows: health
            .risks
            .iter()
            .map(|line| {
                let r = &line.risk;
                let title = if line.automatic {
                    format!("{} (seen by botdash)", r.title)
                } else {
                    r.title.clone()
                };
                vec![
                    title,
                    r.category.clone(),
                    format!("{} × {} = {}", r.likelihood, r.impact, line.exposure),
                    r.status.label().to_string(),
                    r.owner.clone(),
                    r.mitigation.replace('\n', " "),
                ]
            })
            .collect(),
    };
    let heat_map = TextTable {
        headers: vec!["Likelihood ↓ impact →", "1", "2", "3", "4", "5"],
        rows: health
            .heat_map
            .iter()
            .enumerate()
            .map(|(i, counts)| {
                std::iter::once((5 - i).to_string())
                    .chain(counts.iter().map(|c| if *c == 0 { "·".into() } else { c.to_string() }))
                    .collect()
            })
            .collect(),
    };
    let open = health.risks.iter().filter(|r| r.risk.is_open()).count();
    Section {
        heading: "Risk register",
        sentences: vec![format!(
            "{open} open of {} risks; the heat map counts the open ones.",
            health.risks.len()
        )],
        tables: vec![register, heat_map],
    }
}

fn budget_section(b: &BudgetReport) -> Section {
    let money = |minor: i64| format_amount(minor, &b.currency);
    let mut rows: Vec<Vec<String>> = b
        .phases
        .iter()
        .map(|p| vec![p.phase.label().to_string(), money(p.planned), money(p.spent)])
        .collect();
    rows.push(vec!["Total".into(), money(b.planned), money(b.spent)]);
    let mut sentence = format!(
        "Planned to date {}; estimate at completion {} (spending at today's ratio to the plan).",
        money(b.planned_to_date),
        money(b.estimate_at_completion)
    );
    if b.over_plan {
        sentence += &format!(
            " Warning: the estimate exceeds the plan by {}.",
            money(b.estimate_at_completion.saturating_sub(b.planned))
        );
    }
    Section {
        heading: "Budget",
        sentences: vec![sentence],
        tables: vec![TextTable { headers: vec!["Phase", "Planned", "Spent"], rows }],
    }
}

fn tests_section(health: &HealthReport) -> Section {
    let rows = health
        .user_tests
        .iter()
        .map(|t| {
            vec![
                t.day.to_string(),
                t.group.clone(),
                t.participants.to_string(),
                t.scenario.replace('\n', " "),
                t.findings.replace('\n', " "),
                t.severity.label().to_string(),
            ]
        })
        .collect();
    Section {
        heading: "User tests",
        sentences: none_yet(health.user_tests.is_empty(), "No user test recorded yet."),
        tables: vec![TextTable {
            headers: vec!["Date", "Group", "Participants", "Scenario", "Findings", "Worst"],
            rows,
        }],
    }
}

fn integrations_section(health: &HealthReport) -> Section {
    let rows = health
        .integrations
        .iter()
        .map(|i| {
            vec![
                i.system.clone(),
                i.data_objects.clone(),
                i.direction.label().to_string(),
                i.frequency.clone(),
                i.owner.clone(),
                i.status.label().to_string(),
            ]
        })
        .collect();
    Section {
        heading: "Integrations with client systems",
        sentences: none_yet(health.integrations.is_empty(), "No integration recorded yet."),
        tables: vec![TextTable {
            headers: vec!["System", "Data", "Direction", "Frequency", "Owner", "Test"],
            rows,
        }],
    }
}

fn lessons_section(lessons: &[Lesson]) -> Section {
    let rows = lessons
        .iter()
        .map(|l| {
            vec![
                l.phase.label().to_string(),
                l.went_well.replace('\n', " "),
                l.went_badly.replace('\n', " "),
                l.recommendation.replace('\n', " "),
                l.owner.clone(),
            ]
        })
        .collect();
    Section {
        heading: "Lessons learned",
        sentences: none_yet(lessons.is_empty(), "The debriefing has not been recorded yet."),
        tables: vec![TextTable {
            headers: vec!["Phase", "Went well", "Went badly", "Recommendation", "Owner"],
            rows,
        }],
    }
}

fn none_yet(empty: bool, sentence: &str) -> Vec<String> {
    if empty { vec![sentence.to_string()] } else { Vec::new() }
}
