//! The status report for the client: one content model, written as Markdown, HTML, JSON or
//! PDF.
//! A pure function of what it reports — the engagement's records (with their snapshots), its
//! gate overrides, the change log of the period, the previous report's statuses and the day —
//! which the caller reads and passes in: it knows nothing of the terminal or the database.

pub mod changes;
pub mod chart;
pub mod evidence;
pub mod executive;
mod fields;
mod file;
mod gather;
pub mod handover;
pub mod health;
mod html;
mod markdown;
mod parts;
mod pdf;
pub mod people;
mod summary;
mod tables;
mod thresholds;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::forecast::{Forecast, NEXT_ACTIONS, NextAction, forecast, next_actions};
use crate::model::gate::unmet;
use crate::model::score::{Readiness, readiness};
use crate::model::{EngagementData, warnings};
use crate::store::report_log::{LoggedChange, WrittenReport};
use changes::{Changes, Since};
use executive::{Executive, Facts, Statuses, Thresholds};
use parts::date;

pub use file::ReportFormat;
pub use html::html;
pub use markdown::markdown;
pub use parts::{
    DocCategory, EngagementInfo, GateOverride, PhaseInfo, PhaseTasks, PreparedBy, Section,
    TaskLine, TextTable, Trend,
};
pub use pdf::pdf;
pub use tables::cell_status;

/// Who writes the reports and by which rules (the config's `[report]` section).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub consultancy: Option<String>,
    pub author: Option<String>,
    pub thresholds: Thresholds,
}

/// What a report reads besides the engagement's records; the caller gathers it.
pub struct Context<'a> {
    pub overrides: &'a [GateOverride],
    /// The start of "what changed", and where that day comes from.
    pub since: (NaiveDate, Since),
    /// The change log's row changes in force since then, oldest first.
    pub changes: &'a [LoggedChange],
    /// The last report written of an earlier day.
    pub previous: Option<&'a WrittenReport<Statuses>>,
    pub settings: &'a Settings,
}

/// Figures of a later day than the records', in words: `score` and the reports say so.
pub fn records_note(as_of: NaiveDate, records_of: NaiveDate) -> Option<String> {
    (records_of != as_of).then(|| {
        format!(
            "Evaluated on {as_of} from today's records ({records_of}): documents whose review \
             falls due by then count as stale; nothing else is assumed."
        )
    })
}

#[derive(Debug, Serialize)]
pub struct Report {
    /// The day the records are evaluated on: today, or a later day.
    pub as_of: NaiveDate,
    /// The day of the records: today, the day the report is written.
    pub records_of: NaiveDate,
    pub prepared_by: PreparedBy,
    pub engagement: EngagementInfo,
    pub executive: Executive,
    pub changes: Changes,
    pub phases: Vec<PhaseInfo>,
    pub readiness: Readiness,
    pub trend: Trend,
    pub forecast: Forecast,
    pub risks: Vec<String>,
    pub next_actions: Vec<NextAction>,
    pub open_tasks: Vec<PhaseTasks>,
    pub docs: Vec<DocCategory>,
    pub gate_overrides: Vec<GateOverride>,
    pub health: health::HealthReport,
    /// The transfer inventory.
    pub handover: handover::HandoverReport,
    /// The service desk's operational evidence.
    pub evidence: evidence::EvidenceReport,
    /// The people in the plan.
    pub people: people::PeopleReport,
    /// The debriefing's lessons, which close the report.
    pub lessons: Vec<crate::model::health::Lesson>,
}

impl Report {
    /// The report of `data` (today's records, of `records_of`) evaluated on `as_of`.
    pub fn new(
        data: &EngagementData,
        context: &Context,
        as_of: NaiveDate,
        records_of: NaiveDate,
    ) -> Report {
        let r = readiness(data, as_of);
        let forecast = forecast(data, as_of);
        let health = health::HealthReport::new(data, &forecast, as_of);
        let next_actions = next_actions(data, as_of, NEXT_ACTIONS);
        let people = people::PeopleReport::new(data, as_of);
        let facts = Facts {
            data,
            readiness: &r,
            forecast: &forecast,
            health: &health,
            next_actions: &next_actions,
            unmet: &unmet(data, &r, as_of, None),
            findings: &people.findings,
            as_of,
        };
        let settings = context.settings;
        let e = &data.engagement;
        Report {
            as_of,
            records_of,
            prepared_by: PreparedBy {
                consultancy: settings.consultancy.clone(),
                author: settings.author.clone(),
            },
            executive: Executive::new(&facts, &settings.thresholds, context.previous),
            changes: Changes::new(data, &r, context.changes, context.since),
            engagement: EngagementInfo {
                slug: e.slug.clone(),
                client: e.client.clone(),
                name: e.name.clone(),
                phase: e.current_phase,
                start_date: e.start_date,
                planned_transfer_date: e.planned_transfer_date,
            },
            phases: gather::phases(data, &r, as_of),
            trend: gather::trend(data, r.score, as_of),
            risks: warnings(data, Some(&forecast), as_of),
            next_actions,
            open_tasks: gather::open_tasks(data, as_of),
            docs: gather::docs(data, as_of),
            gate_overrides: context.overrides.to_vec(),
            readiness: r,
            forecast,
            health,
            handover: handover::HandoverReport::new(data, as_of),
            evidence: evidence::EvidenceReport::new(data, as_of),
            people,
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
}
