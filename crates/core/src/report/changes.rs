//! What changed since a day: the score's movement dimension by dimension (from the readiness
//! snapshots), and from the change log the items finished, the risks added and the planned
//! dates moved later.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::model::handover::HandoverStatus::Verified;
use crate::model::score::{Dimension, Readiness};
use crate::model::{
    DocStatus, EngagementData, KtStatus, Snapshot, TaskStatus, one_decimal, text_enum,
};
use crate::store::edit::Table;
use crate::store::report_log::LoggedChange;

text_enum!(
    /// Where the start of the period comes from.
    Since "period start" {
        LastReport => "last_report", "the last report written";
        Given => "given", "the day asked for";
        Default => "default", "no earlier report: the last 14 days";
    }
);

/// The days a period reaches back when no report was written before.
pub const DEFAULT_DAYS: u64 = 14;

#[derive(Debug, Serialize)]
pub struct Changes {
    pub since: NaiveDate,
    pub since_from: Since,
    /// `None` when no readiness was recorded on or before `since`.
    pub score: Option<ScoreMove>,
    pub finished: Vec<Finished>,
    pub new_risks: Vec<NewRisk>,
    pub slipped: Vec<Slip>,
}

/// The score then (the last snapshot on or before the start) and now.
#[derive(Debug, Serialize)]
pub struct ScoreMove {
    pub then_day: NaiveDate,
    pub then: f64,
    pub now: f64,
    pub dimensions: Vec<DimensionMove>,
}

/// One dimension's value then and now, and the points its change moved the score by
/// (at today's weight).
#[derive(Debug, Serialize)]
pub struct DimensionMove {
    pub dimension: Dimension,
    pub then: f64,
    pub now: f64,
    pub points: f64,
}

#[derive(Debug, Serialize)]
pub struct Finished {
    pub day: NaiveDate,
    /// "card done", "document approved", "KT signed off".
    pub what: &'static str,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct NewRisk {
    pub day: NaiveDate,
    pub title: String,
    pub exposure: u8,
}

/// A planned date moved later within the period: its first value and its last.
#[derive(Debug, Serialize)]
pub struct Slip {
    pub record: String,
    pub field: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// The columns holding a planned date (a due date, a target, a planned start or end).
const PLANNED_DATES: &[&str] = &[
    "due_date",
    "planned_start",
    "planned_end",
    "target_date",
    "planned_transfer_date",
    "planned_date",
];

impl Changes {
    /// `edits` are the engagement's change log entries in force since `since`, oldest first.
    pub fn new(
        data: &EngagementData,
        readiness: &Readiness,
        edits: &[LoggedChange],
        (since, since_from): (NaiveDate, Since),
    ) -> Changes {
        Changes {
            since,
            since_from,
            score: score_move(&data.snapshots, readiness, since),
            finished: finished(data, edits),
            new_risks: new_risks(data, edits),
            slipped: slipped(edits),
        }
    }
}

fn score_move(snapshots: &[Snapshot], r: &Readiness, since: NaiveDate) -> Option<ScoreMove> {
    let then = snapshots.iter().rfind(|s| s.day <= since)?;
    let dimensions = then
        .dimension_values()
        .iter()
        .map(|&(dimension, was)| {
            let d = r.dimension(dimension);
            let points = one_decimal((d.value - was) * d.weight * 100.0);
            DimensionMove { dimension, then: was, now: d.value, points }
        })
        .collect();
    Some(ScoreMove { then_day: then.day, then: then.score, now: r.score, dimensions })
}

fn day(edit: &LoggedChange) -> NaiveDate {
    edit.at.get(..10).and_then(|d| d.parse().ok()).unwrap_or_default()
}

fn text<'a>(image: Option<&'a Map<String, Value>>, column: &str) -> Option<&'a str> {
    image?.get(column)?.as_str()
}

/// The items that reached their last step in the period and are still there, each once
/// (on the day it last got there).
fn finished(data: &EngagementData, edits: &[LoggedChange]) -> Vec<Finished> {
    let mut found: BTreeMap<String, Finished> = BTreeMap::new();
    for edit in edits {
        let c = &edit.change;
        let (what, column, done) = match c.table {
            Table::Task => ("card done", "status", TaskStatus::Done.as_str()),
            Table::DocItem => ("document approved", "status", DocStatus::Approved.as_str()),
            Table::KtTopic => ("KT signed off", "status", KtStatus::SignedOff.as_str()),
            Table::HandoverItem => ("hand-over verified", "status", Verified.as_str()),
            _ => continue,
        };
        let reached = text(c.after.as_ref(), column) == Some(done)
            && text(c.before.as_ref(), column) != Some(done);
        let Some(id) = text(c.after.as_ref(), "id").filter(|_| reached) else { continue };
        let name = c.table.name_column().and_then(|column| text(c.after.as_ref(), column));
        let title = name.unwrap_or_default().to_string();
        found.remove(id);
        found.insert(id.to_string(), Finished { day: day(edit), what, title });
    }
    let still = |id: &str| {
        data.tasks.iter().any(|t| t.id == id && t.status == TaskStatus::Done)
            || data.docs.iter().any(|d| d.id == id && d.status == DocStatus::Approved)
            || data.kt_topics.iter().any(|k| k.id == id && k.status == KtStatus::SignedOff)
            || data.handover.iter().any(|i| i.id == id && i.status == Verified)
    };
    let mut list: Vec<Finished> =
        found.into_iter().filter(|(id, _)| still(id)).map(|(_, f)| f).collect();
    list.sort_by_key(|f| f.day);
    list
}

/// The risks recorded in the period that are still on the register.
fn new_risks(data: &EngagementData, edits: &[LoggedChange]) -> Vec<NewRisk> {
    edits
        .iter()
        .filter(|e| e.change.table == Table::Risk && e.change.before.is_none())
        .filter_map(|e| {
            let id = text(e.change.after.as_ref(), "id")?;
            let risk = data.risks.iter().find(|r| r.id == id)?;
            Some(NewRisk { day: day(e), title: risk.title.clone(), exposure: risk.exposure() })
        })
        .collect()
}

/// The planned dates that ended the period later than they started it.
fn slipped(edits: &[LoggedChange]) -> Vec<Slip> {
    let mut moves: Vec<(String, &str, Slip)> = Vec::new();
    for edit in edits {
        let c = &edit.change;
        let (Some(before), Some(after)) = (&c.before, &c.after) else { continue };
        let id = text(Some(after), "id").unwrap_or_default().to_string();
        for &column in PLANNED_DATES {
            let date = |image| text(Some(image), column).and_then(|d| d.parse().ok());
            let (Some(from), Some(to)) = (date(before), date(after)) else { continue };
            if from == to {
                continue;
            }
            match moves.iter_mut().find(|(i, col, _)| *i == id && *col == column) {
                Some((_, _, slip)) => slip.to = to,
                None => {
                    let field = column.replace('_', " ");
                    let record = record_name(c.table, after);
                    moves.push((id.clone(), column, Slip { record, field, from, to }));
                }
            }
        }
    }
    moves.into_iter().map(|(_, _, slip)| slip).filter(|s| s.to > s.from).collect()
}

/// "card 'Title'", "Build phase", "the engagement".
fn record_name(table: Table, image: &Map<String, Value>) -> String {
    let named = |noun: &str| {
        let name = table.name_column().and_then(|c| text(Some(image), c)).unwrap_or_default();
        format!("{noun} '{name}'")
    };
    match table {
        Table::Engagement => "the engagement".to_string(),
        Table::Phase => {
            let kind =
                text(Some(image), "kind").and_then(|k| k.parse::<crate::model::Phase>().ok());
            format!("{} phase", kind.map_or("a", |k| k.label()))
        }
        Table::Task => named("card"),
        Table::Role => named("role"),
        Table::Person => named("person"),
        Table::KtTopic => named("KT topic"),
        Table::Responsibility => named("responsibility"),
        Table::HandoverItem => named("hand-over item"),
        other => named(other.name()),
    }
}
