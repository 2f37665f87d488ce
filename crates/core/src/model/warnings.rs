//! What the header and overview warn about, each with what it is about.

use chrono::NaiveDate;

use super::{EngagementData, Finding, Phase, PhaseDates, RecordId, findings, forecast, health};

/// What a warning is about: one record, or a view where no one record is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Concern {
    Record(RecordId),
    /// The readiness score and its forecast.
    Score,
    Budget,
    /// A phase's planned dates.
    Phase(Phase),
}

/// A warning of the header and overview, and what it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub text: String,
    pub concern: Concern,
}

/// What the header and overview warn about, in words (see `concerns`).
pub fn warnings(
    data: &EngagementData,
    forecast: Option<&forecast::Forecast>,
    today: NaiveDate,
) -> Vec<String> {
    let findings = findings(data, today);
    concerns(data, forecast, &findings, today).into_iter().map(|w| w.text).collect()
}

/// The first phase whose planned end runs past the next one's planned start, that next
/// phase and by how many days.
pub fn phase_overlap(data: &EngagementData) -> Option<(Phase, Phase, i64)> {
    let mut phases: Vec<&PhaseDates> = data.phases.iter().collect();
    phases.sort_by_key(|p| p.kind);
    phases.windows(2).find_map(|pair| {
        let days = (pair[0].planned_end? - pair[1].planned_start?).num_days();
        (days > 0).then_some((pair[0].kind, pair[1].kind, days))
    })
}

/// The planned transfer and the planned start of the Transfer phase, when both are set and
/// they disagree: a plan made from a template starts the phase on the transfer, and the
/// engagement form can move one without the other.
pub fn transfer_disagreement(data: &EngagementData) -> Option<(NaiveDate, NaiveDate)> {
    let transfer = data.engagement.planned_transfer_date?;
    let start = data.phase_dates(Phase::Transfer)?.planned_start?;
    (transfer != start).then_some((transfer, start))
}

/// The warnings: a transfer at risk (with its cause), phases that overlap (about the first of
/// them), a planned transfer the Transfer phase does not start on (about that phase), overdue
/// work (about the oldest overdue card), stale approvals (about the first stale document), hand-over items overdue (about the
/// first in the inventory's order), a budget heading past its plan, then each of `findings`,
/// the findings on the people in the plan as of `today` (about its duty or topic; passed in,
/// as the app keeps them).
pub fn concerns(
    data: &EngagementData,
    forecast: Option<&forecast::Forecast>,
    findings: &[Finding],
    today: NaiveDate,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut warn = |text: String, concern| warnings.push(Warning { text, concern });
    if let Some(problem) = &data.engagement.weights_problem {
        let engagement = Concern::Record(RecordId::Engagement(data.engagement.id.clone()));
        warn(format!("weights not valid ({problem}): scored with the default weights"), engagement);
    }
    if let Some(cause) = forecast.filter(|f| f.at_risk).and_then(|f| f.cause.as_ref()) {
        warn(format!("transfer at risk: {cause}"), Concern::Score);
    }
    if let Some((phase, next, days)) = phase_overlap(data) {
        let text = format!("{} overlaps {} by {days} d", phase.label(), next.label());
        warn(text, Concern::Phase(phase));
    }
    if let Some((transfer, start)) = transfer_disagreement(data) {
        let text = format!("planned transfer {transfer}, but the Transfer phase starts {start}");
        warn(text, Concern::Phase(Phase::Transfer));
    }
    let overdue = data.overdue_tasks(today).count();
    if let Some(oldest) = data.overdue_tasks(today).min_by_key(|t| t.due_date) {
        warn(format!("{overdue} overdue"), Concern::Record(RecordId::Task(oldest.id.clone())));
    }
    let mut stale = data.docs.iter().filter(|d| !d.not_applicable && d.is_stale(today));
    if let Some(first) = stale.next() {
        let about = Concern::Record(RecordId::DocItem(first.id.clone()));
        warn(format!("{} stale docs", stale.count() + 1), about);
    }
    let mut late_items = data.handover.iter().filter(|i| i.is_overdue(today));
    if let Some(first) = late_items.next() {
        let about = Concern::Record(RecordId::HandoverItem(first.id.clone()));
        warn(format!("{} hand-over overdue", late_items.count() + 1), about);
    }
    let budget = health::budget(data, today);
    if budget.planned > 0 && budget.over_plan() {
        let over = budget.estimate.saturating_sub(budget.planned);
        let over = health::format_amount(over, &data.engagement.currency);
        warn(format!("budget: estimate {over} over the plan"), Concern::Budget);
    }
    for finding in findings {
        warn(finding.finding.clone(), Concern::Record(finding.about.clone()));
    }
    warnings
}
