//! `botdash score`: the readiness, its breakdown, forecast and next best actions, and the
//! transfer gate for scripts.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use serde::Serialize;

use super::{Failure, json_failure, print};
use crate::model::forecast::{Forecast, NEXT_ACTIONS, NextAction, forecast, next_actions};
use crate::model::gate::Unmet;
use crate::model::score::{Level, Readiness, reaches, readiness};
use crate::model::template::parse_date;
use crate::model::text::{sanitize, to_json};
use crate::model::{
    Engagement, EngagementData, Finding, Snapshot, one_decimal, percent_text, warnings,
};
use crate::store::Store;

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The engagement's slug
    slug: String,
    /// Print JSON
    #[arg(long)]
    json: bool,
    /// Exit with status 1 unless the engagement is transfer-ready (level L3, which includes
    /// the threshold); `--check score` checks the threshold alone
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "transfer", value_name = "WHAT")]
    check: Option<ScoreCheck>,
    /// Also print the items that cost the most points and the next best actions
    #[arg(long)]
    explain: bool,
    /// Evaluate on this day, YYYY-MM-DD: a later day reads today's records (it decides which
    /// documents are stale by then); an earlier day shows the readiness recorded that day
    /// [default: today]
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    as_of: Option<NaiveDate>,
}

/// What `score --check` checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreCheck {
    /// Level L3, transfer-ready (the default)
    Transfer,
    /// The score at or above the threshold
    Score,
}

#[derive(Serialize)]
struct ScoreJson<'a> {
    engagement: &'a str,
    as_of: NaiveDate,
    /// The day of the records evaluated: today (`as_of` may be later).
    records_of: NaiveDate,
    score: f64,
    level: &'static str,
    threshold: u8,
    threshold_met: bool,
    transfer_ready: bool,
    dimensions: Vec<DimensionJson>,
    /// The dimensions with nothing in them, e.g. "no roles planned" (each dimension's
    /// `finding`).
    empty_dimensions: Vec<&'a str>,
    /// The findings on who can do what, as the JSON report's `people.findings`.
    findings: Vec<Finding>,
    /// Every item that costs points, the costliest first.
    losses: Vec<LossJson>,
    missing_for_next: &'a [String],
    unmet_gate_criteria: Vec<Unmet>,
    next_actions: Vec<ActionJson>,
    forecast: &'a Forecast,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct ActionJson {
    step: String,
    dimension: &'static str,
    points: f64,
}

#[derive(Serialize)]
struct LossJson {
    dimension: &'static str,
    item: String,
    points: f64,
}

#[derive(Serialize)]
struct DimensionJson {
    name: &'static str,
    /// As the text shows it and the level decides on it: a percentage to one decimal.
    value: f64,
    weight: f64,
    points: f64,
    finding: Option<String>,
}

/// The readiness recorded on a past day, as `score --as-of` shows it.
#[derive(Serialize)]
struct RecordedJson<'a> {
    engagement: &'a str,
    as_of: NaiveDate,
    recorded: &'a Snapshot,
}

pub(super) fn score(db: &Path, args: ScoreArgs, today: NaiveDate) -> Result<ExitCode, Failure> {
    let store = Store::open(db)?;
    let data = store.load(store.engagement_by_slug(&args.slug)?)?;
    let day = args.as_of.unwrap_or(today);
    if day < today {
        return recorded_score(&data, day, &args);
    }
    let r = readiness(&data, day);
    let actions = next_actions(&data, day, NEXT_ACTIONS);
    let forecast = forecast(&data, day);
    let text = if args.json {
        score_json(&data, (day, today), &r, &actions, &forecast)?
    } else {
        let mut text = score_text(&data, day, &r, &forecast);
        if let Some(note) = crate::report::records_note(day, today) {
            text += &format!("\n{note}\n");
        }
        if args.explain {
            text += &explain_text(&r, &actions);
        }
        text
    };
    print(&text)?;
    Ok(check_status(args.check, r.meets_threshold(), r.level))
}

/// Exit status 1 when the check asked for fails.
fn check_status(check: Option<ScoreCheck>, threshold_met: bool, level: Level) -> ExitCode {
    let passed = match check {
        None => true,
        Some(ScoreCheck::Transfer) => level == Level::L3,
        Some(ScoreCheck::Score) => threshold_met,
    };
    if passed { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// `score --as-of` a past day: the readiness recorded that day, since botdash keeps the
/// daily score of past days but not their records.
fn recorded_score(
    data: &EngagementData,
    day: NaiveDate,
    args: &ScoreArgs,
) -> Result<ExitCode, Failure> {
    let Some(recorded) = data.snapshots.iter().find(|s| s.day == day) else {
        let recorded_days = match (data.snapshots.first(), data.snapshots.last()) {
            (Some(first), Some(last)) => {
                format!("recorded days run from {} to {}", first.day, last.day)
            }
            _ => "none is recorded yet".to_string(),
        };
        return Err(Failure::usage(format!(
            "no readiness was recorded for '{}' on {day}: botdash keeps one snapshot a day \
             the engagement is opened, not the records of past days ({recorded_days})",
            data.engagement.slug
        )));
    };
    // Snapshots written before scores were rounded once hold the raw figure.
    let recorded = &Snapshot { score: one_decimal(recorded.score), ..recorded.clone() };
    let text = if args.json {
        let json = RecordedJson { engagement: &data.engagement.slug, as_of: day, recorded };
        to_json(&json).map_err(json_failure)? + "\n"
    } else {
        recorded_text(data, recorded)
    };
    print(&text)?;
    let threshold_met = reaches(recorded.score, f64::from(data.engagement.readiness_threshold));
    Ok(check_status(args.check, threshold_met, recorded.level))
}

/// "Client · Name (slug)", then the readiness and its level, followed by `after`.
fn score_heading(e: &Engagement, score: f64, level: Level, after: &str) -> String {
    format!(
        "{} · {} ({})\nReadiness {score:.1} / 100 — {level} {}{after}\n\n",
        sanitize(&e.client),
        sanitize(&e.name),
        e.slug,
        level.label()
    )
}

fn recorded_text(data: &EngagementData, s: &Snapshot) -> String {
    let recorded_on = format!(", as recorded on {}", s.day);
    let mut out = score_heading(&data.engagement, s.score, s.level, &recorded_on);
    for (dimension, value) in s.dimension_values() {
        out += &format!("{:<20} {:>7}\n", dimension.label(), percent_text(value));
    }
    out + "\nOnly the daily score and dimensions are kept for past days; the items, actions \
           and forecast exist for today and later days.\n"
}

fn score_json(
    data: &EngagementData,
    (day, records_of): (NaiveDate, NaiveDate),
    r: &Readiness,
    actions: &[NextAction],
    forecast: &Forecast,
) -> Result<String, Failure> {
    let json = ScoreJson {
        engagement: &data.engagement.slug,
        as_of: day,
        records_of,
        score: r.score,
        level: r.level.as_str(),
        threshold: r.threshold,
        threshold_met: r.meets_threshold(),
        transfer_ready: r.level == Level::L3,
        dimensions: r
            .dimensions
            .iter()
            .map(|d| DimensionJson {
                name: d.dimension.as_str(),
                value: d.shown_value(),
                weight: d.weight,
                points: d.points,
                finding: d.finding.clone(),
            })
            .collect(),
        empty_dimensions: r.dimensions.iter().filter_map(|d| d.finding.as_deref()).collect(),
        findings: crate::model::findings(data, day),
        losses: r
            .losses
            .iter()
            .map(|l| LossJson {
                dimension: l.dimension.as_str(),
                item: l.item.clone(),
                points: l.points,
            })
            .collect(),
        missing_for_next: &r.missing_for_next,
        unmet_gate_criteria: crate::model::gate::unmet(data, r, day, None),
        next_actions: actions
            .iter()
            .map(|a| ActionJson {
                step: a.step.clone(),
                dimension: a.dimension.as_str(),
                points: a.points,
            })
            .collect(),
        forecast,
        warnings: warnings(data, Some(forecast), day),
    };
    Ok(to_json(&json).map_err(json_failure)? + "\n")
}

fn score_text(data: &EngagementData, day: NaiveDate, r: &Readiness, forecast: &Forecast) -> String {
    let e = &data.engagement;
    let threshold = format!(" (threshold {})", r.threshold);
    let mut out = score_heading(e, r.score, r.level, &threshold);
    out += &format!("{:<20} {:>7} {:>7} {:>7}\n", "dimension", "value", "weight", "points");
    for d in &r.dimensions {
        let finding = d.finding.as_deref().map(|f| format!("  ({f})")).unwrap_or_default();
        out += &format!(
            "{:<20} {:>7} {:>7} {:>7.1}{finding}\n",
            d.dimension.label(),
            percent_text(d.value),
            percent_text(d.weight),
            d.points
        );
    }
    out += &format!("{:<20} {:>7} {:>7} {:>7.1}\n", "total", "", "", r.score);
    if let Some(problem) = &e.weights_problem {
        out += &format!("Weights not valid ({problem}): scored with the default weights.\n");
    }
    out += &format!("\nThreshold {}: {}\n", r.threshold, forecast.summary());
    if let Some(cause) = forecast.cause.as_ref().filter(|_| forecast.at_risk) {
        out += &format!("Transfer at risk: {}\n", sanitize(cause));
    }
    let findings = crate::model::findings(data, day);
    if !findings.is_empty() {
        out += "\nFindings on who can do what:\n";
        for f in &findings {
            let line = format!("{} ({}): {}", f.finding, f.evidence, f.action);
            out += &format!("  - {}\n", sanitize(&line));
        }
    }
    let phase = e.current_phase;
    let unmet = crate::model::gate::unmet(data, r, day, Some(phase));
    if !unmet.is_empty() {
        out += &format!("\nUnmet criteria of the {} gate:\n", phase.label());
        for u in &unmet {
            out += &format!("  - {}\n", sanitize(&u.to_string()));
        }
    }
    if !forecast.late.is_empty() {
        out += "\nLate on plan (never assumed done):\n";
        for late in &forecast.late {
            out += &format!("  - {}\n", sanitize(&late.to_string()));
        }
    }
    if !r.missing_for_next.is_empty() {
        out += "\nMissing for the next level:\n";
        for m in &r.missing_for_next {
            out += &format!("  - {}\n", sanitize(m));
        }
    }
    out
}

/// Every item that costs points and the steps that would add the most.
fn explain_text(r: &Readiness, actions: &[NextAction]) -> String {
    let mut out = String::from("\nEvery item that costs points, the costliest first:\n");
    for loss in &r.losses {
        out += &format!(
            "  {:>5.1}  {:<19} {}\n",
            loss.points,
            loss.dimension.label(),
            sanitize(&loss.item)
        );
    }
    out += "\nNext best actions:\n";
    for action in actions {
        out += &format!("  +{:>4.1}  {}\n", action.points, sanitize(&action.step));
    }
    out
}
