//! The status report for the client: one content model, written as Markdown, HTML or JSON.
//! Knows nothing of the terminal.

pub mod health;
mod html;
mod markdown;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::forecast::{Forecast, NEXT_ACTIONS, NextAction, forecast, next_actions};
use crate::model::gate::unmet;
use crate::model::score::{Readiness, readiness};
use crate::model::{DocStatus, EngagementData, Phase, TaskStatus, percent, percent_text, warnings};
use crate::store::undo::HistoryEntry;

pub use html::html;
pub use markdown::markdown;

crate::model::text_enum!(
    /// The formats a report is written in; the text form is the file's extension.
    ReportFormat {
        Md => "md", "Markdown";
        Html => "html", "HTML";
        Json => "json", "JSON";
    }
);

/// A table of plain text; the writers escape it for their format.
pub struct TextTable {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// A report section: a heading, sentences, then tables.
pub struct Section {
    pub heading: &'static str,
    pub sentences: Vec<String>,
    pub tables: Vec<TextTable>,
}

/// How many of the items costing points the Markdown and HTML reports list.
const COSTLIEST: usize = 10;

/// Figures of a later day than the records', in words: `score` and the reports say so.
pub fn records_note(as_of: NaiveDate, records_of: NaiveDate) -> Option<String> {
    (records_of != as_of).then(|| {
        format!(
            "Evaluated on {as_of} from today's records ({records_of}): documents whose review \
             falls due by then count as stale; nothing else is assumed."
        )
    })
}

/// A date as the reports write it, or a dash.
fn date(d: Option<NaiveDate>) -> String {
    d.map_or("—".to_string(), |d| d.to_string())
}

/// The status report of one engagement as text in `format`: today's records, evaluated on
/// `as_of` (today or a later day).
pub fn render(
    store: &crate::store::Store,
    slug: &str,
    format: ReportFormat,
    as_of: NaiveDate,
    today: NaiveDate,
) -> Result<String, crate::store::StoreError> {
    let data = store.load(store.engagement_by_slug(slug)?)?;
    let overrides = store.overrides(&data.engagement.id)?;
    let report = Report::new(&data, &overrides, as_of, today);
    Ok(match format {
        ReportFormat::Md => markdown(&report),
        ReportFormat::Html => html(&report),
        ReportFormat::Json => report.json(),
    })
}

#[derive(Debug, Serialize)]
pub struct Report {
    /// The day the records are evaluated on: today, or a later day.
    pub as_of: NaiveDate,
    /// The day of the records: today.
    pub records_of: NaiveDate,
    pub engagement: EngagementInfo,
    pub phases: Vec<PhaseInfo>,
    pub readiness: Readiness,
    pub trend: Trend,
    pub forecast: Forecast,
    pub risks: Vec<String>,
    pub next_actions: Vec<NextAction>,
    pub open_tasks: Vec<PhaseTasks>,
    pub docs: Vec<DocCategory>,
    pub gate_overrides: Vec<Override>,
    pub health: health::HealthReport,
    /// The debriefing's lessons, which close the report.
    pub lessons: Vec<crate::model::health::Lesson>,
}

#[derive(Debug, Serialize)]
pub struct EngagementInfo {
    pub slug: String,
    pub client: String,
    pub name: String,
    pub phase: Phase,
    pub start_date: Option<NaiveDate>,
    pub planned_transfer_date: Option<NaiveDate>,
}

#[derive(Debug, Serialize)]
pub struct PhaseInfo {
    pub phase: Phase,
    pub current: bool,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub tasks_done: usize,
    pub tasks: usize,
    pub gate_met: usize,
    pub gate_blocking: usize,
    /// The blocking criteria not met, with why.
    pub gate_unmet: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Trend {
    /// The trend in one sentence.
    pub words: String,
    /// Daily scores of the last 120 days.
    pub history: Vec<(NaiveDate, f64)>,
}

#[derive(Debug, Serialize)]
pub struct PhaseTasks {
    pub phase: Phase,
    pub tasks: Vec<TaskLine>,
}

#[derive(Debug, Serialize)]
pub struct TaskLine {
    pub title: String,
    pub status: TaskStatus,
    pub side: crate::model::Side,
    pub due_date: Option<NaiveDate>,
    pub overdue: bool,
}

#[derive(Debug, Serialize)]
pub struct DocCategory {
    pub category: String,
    pub approved: usize,
    pub applicable: usize,
    pub percent: u32,
    pub missing: Vec<String>,
    pub stale: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Override {
    pub at: String,
    pub summary: String,
    pub reason: String,
}

impl Report {
    pub fn new(
        data: &EngagementData,
        overrides: &[HistoryEntry],
        as_of: NaiveDate,
        records_of: NaiveDate,
    ) -> Report {
        let r = readiness(data, as_of);
        let forecast = forecast(data, as_of);
        let health = health::HealthReport::new(data, &forecast, as_of);
        let e = &data.engagement;
        Report {
            as_of,
            records_of,
            engagement: EngagementInfo {
                slug: e.slug.clone(),
                client: e.client.clone(),
                name: e.name.clone(),
                phase: e.current_phase,
                start_date: e.start_date,
                planned_transfer_date: e.planned_transfer_date,
            },
            phases: phases(data, &r, as_of),
            trend: trend(data, as_of),
            risks: warnings(data, Some(&forecast), as_of),
            next_actions: next_actions(data, as_of, NEXT_ACTIONS),
            open_tasks: open_tasks(data, as_of),
            docs: docs(data, as_of),
            gate_overrides: overrides
                .iter()
                .map(|c| Override {
                    at: c.at.clone(),
                    summary: c.summary.clone(),
                    reason: c.reason.clone().unwrap_or_default(),
                })
                .collect(),
            readiness: r,
            forecast,
            health,
            lessons: data.lessons.clone(),
        }
    }

    /// What the list of late steps is.
    pub const LATE_WORDS: &str =
        "Late: planned steps whose date has passed unfinished (the plan never assumes them done):";

    /// The late steps, each with its due date.
    pub fn late_lines(&self) -> Vec<String> {
        self.forecast.late.iter().map(ToString::to_string).collect()
    }

    /// When the report is of a later day than its records: which day the records are of.
    pub fn records_note(&self) -> Option<String> {
        records_note(self.as_of, self.records_of)
    }

    pub fn json(&self) -> String {
        crate::model::text::to_json(self).unwrap_or_default() + "\n"
    }

    /// The next best actions: the points each adds, and the step.
    pub fn actions_table(&self) -> TextTable {
        TextTable {
            headers: vec!["Points", "Step"],
            rows: self
                .next_actions
                .iter()
                .map(|a| vec![format!("+{:.1}", a.points), a.step.clone()])
                .collect(),
        }
    }

    /// The score's breakdown: each dimension's value, weight and points, then the total the
    /// points add up to as printed.
    pub fn dimensions_table(&self) -> TextTable {
        let r = &self.readiness;
        let mut rows: Vec<Vec<String>> = r
            .dimensions
            .iter()
            .map(|d| {
                vec![
                    d.dimension.label().to_string(),
                    percent_text(d.value),
                    percent_text(d.weight),
                    format!("{:.1}", d.points),
                    d.finding.clone().unwrap_or_default(),
                ]
            })
            .collect();
        let total = format!("{:.1}", r.score);
        rows.push(vec!["Total".into(), String::new(), String::new(), total, String::new()]);
        TextTable { headers: vec!["Dimension", "Value", "Weight", "Points", "Finding"], rows }
    }

    /// The items that cost the most points, the costliest first.
    pub fn losses_table(&self) -> TextTable {
        TextTable {
            headers: vec!["Points lost", "Dimension", "Item"],
            rows: self
                .readiness
                .losses
                .iter()
                .take(COSTLIEST)
                .map(|l| {
                    vec![format!("{:.1}", l.points), l.dimension.label().into(), l.item.clone()]
                })
                .collect(),
        }
    }

    /// How many of the items costing points the losses table shows, in words.
    pub fn losses_words(&self) -> String {
        match self.readiness.losses.len() {
            0 => "Nothing costs points.".to_string(),
            n if n <= COSTLIEST => format!("Every item that costs points ({n}):"),
            n => format!(
                "The {COSTLIEST} costliest of the {n} items that cost points (the JSON report lists them all):"
            ),
        }
    }

    /// The documentation per category: approved of applicable, missing and stale items.
    pub fn docs_table(&self) -> TextTable {
        let list =
            |items: &[String]| if items.is_empty() { "—".into() } else { items.join("; ") };
        TextTable {
            headers: vec!["Category", "Approved", "Missing", "Stale"],
            rows: self
                .docs
                .iter()
                .map(|c| {
                    vec![
                        c.category.clone(),
                        format!("{} of {} ({} %)", c.approved, c.applicable, c.percent),
                        list(&c.missing),
                        list(&c.stale),
                    ]
                })
                .collect(),
        }
    }
}

fn phases(data: &EngagementData, r: &Readiness, today: NaiveDate) -> Vec<PhaseInfo> {
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

/// The last 120 days of scores and what they say in words.
fn trend(data: &EngagementData, today: NaiveDate) -> Trend {
    let since = today - chrono::Days::new(120);
    let history: Vec<(NaiveDate, f64)> = data
        .snapshots
        .iter()
        .filter(|s| s.day >= since && s.day <= today)
        .map(|s| (s.day, s.score))
        .collect();
    let month_ago = today - chrono::Days::new(30);
    let then = data.snapshots.iter().rfind(|s| s.day <= month_ago).map(|s| s.score);
    let now = history.last().map(|(_, s)| *s);
    let words = match (then, now) {
        (Some(then), Some(now)) if now - then >= 1.0 => {
            format!("rising: up {:.1} points in the last 30 days", now - then)
        }
        (Some(then), Some(now)) if then - now >= 1.0 => {
            format!("falling: down {:.1} points in the last 30 days", then - now)
        }
        (Some(_), Some(_)) => "flat: within a point of where it was 30 days ago".to_string(),
        _ => "not enough history yet".to_string(),
    };
    Trend { words, history }
}

fn open_tasks(data: &EngagementData, today: NaiveDate) -> Vec<PhaseTasks> {
    Phase::ALL
        .iter()
        .map(|&phase| {
            let mut tasks: Vec<TaskLine> = data
                .tasks
                .iter()
                .filter(|t| t.phase == phase && t.status != TaskStatus::Done)
                .map(|t| TaskLine {
                    title: t.title.clone(),
                    status: t.status,
                    side: t.side,
                    due_date: t.due_date,
                    overdue: t.is_overdue(today),
                })
                .collect();
            tasks.sort_by_key(|t| (!t.overdue, t.due_date));
            PhaseTasks { phase, tasks }
        })
        .filter(|p| !p.tasks.is_empty())
        .collect()
}

fn docs(data: &EngagementData, today: NaiveDate) -> Vec<DocCategory> {
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
