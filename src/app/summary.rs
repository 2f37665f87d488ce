//! What a line of the engagements list shows beyond the engagement's own fields, and how
//! those figures are read: the lines on screen right after the frame that first shows them,
//! so that a long list costs what is shown; the forecasts behind their "at risk" verdicts
//! and the lines off screen while the user is idle, a few milliseconds at a time.

use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::State;
use crate::model::forecast::{Forecast, forecast};
use crate::model::health::budget;
use crate::model::score::{Readiness, readiness};
use crate::model::{EngagementData, Phase, percent};
use crate::store::Store;

/// What a line of the engagements screen shows beyond the engagement's own fields.
#[derive(Debug, Clone)]
pub struct RowSummary {
    pub readiness: Readiness,
    pub docs_percent: u32,
    pub next_milestone: Option<(NaiveDate, String)>,
    pub overdue: usize,
    /// Recent daily scores, oldest first.
    pub trend: Vec<f64>,
    pub budget: BudgetStatus,
    /// The forecast's verdict, as the header shows it: `None` until it is computed.
    pub at_risk: Option<bool>,
}

/// Days of snapshots in the trend.
const TREND_DAYS: i64 = 30;

impl RowSummary {
    /// The summary of `data`, which has `overdue` overdue tasks; `forecast` once known.
    pub fn of(
        data: &EngagementData,
        readiness: &Readiness,
        forecast: Option<&Forecast>,
        overdue: usize,
        today: NaiveDate,
    ) -> RowSummary {
        let (approved, applicable) = data.docs_progress();
        let since = today - chrono::Days::new(TREND_DAYS as u64);
        RowSummary {
            readiness: readiness.clone(),
            docs_percent: percent(approved, applicable),
            next_milestone: next_milestone(data, today),
            overdue,
            trend: data.score_history(since, today, readiness.score).iter().map(|d| d.1).collect(),
            budget: BudgetStatus::of(data, today),
            at_risk: forecast.map(|f| f.at_risk),
        }
    }

    /// The change of the score over the trend's days.
    pub(super) fn trend_change(&self) -> f64 {
        match (self.trend.first(), self.trend.last()) {
            (Some(first), Some(last)) => last - first,
            _ => 0.0,
        }
    }
}

/// Where the budget is heading, from the estimate at completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BudgetStatus {
    OverPlan,
    OnPlan,
    NoBudget,
}

impl BudgetStatus {
    fn of(data: &EngagementData, today: NaiveDate) -> BudgetStatus {
        let budget = budget(data, today);
        if budget.planned == 0 {
            BudgetStatus::NoBudget
        } else if budget.over_plan() {
            BudgetStatus::OverPlan
        } else {
            BudgetStatus::OnPlan
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BudgetStatus::OverPlan => "over plan",
            BudgetStatus::OnPlan => "on plan",
            BudgetStatus::NoBudget => "no budget",
        }
    }
}

/// The next planned phase end or transfer that has not happened yet.
pub fn next_milestone(data: &EngagementData, today: NaiveDate) -> Option<(NaiveDate, String)> {
    let phase_ends = data
        .phases
        .iter()
        .filter(|p| p.actual_end.is_none())
        .filter_map(|p| p.planned_end.map(|d| (d, format!("{} ends", p.kind.label()))));
    let transfer = data
        .engagement
        .planned_transfer_date
        .filter(|_| data.engagement.current_phase < Phase::Transfer)
        .map(|d| (d, "transfer".to_string()));
    phase_ends.chain(transfer).filter(|(d, _)| *d >= today).min_by_key(|(d, _)| *d)
}

/// The engagements whose lines are read but whose forecast waits for idle time, with what
/// the forecast reads.
#[derive(Default)]
pub struct Pending {
    forecasts: Vec<EngagementData>,
}

/// How long one slice of idle work may take before input is looked at again.
const SLICE: Duration = Duration::from_millis(4);
/// How many lines off screen are read at once.
const LINES_AT_ONCE: usize = 8;

impl Pending {
    /// Forgets the forecasts due: the lines are read again.
    pub fn clear(&mut self) {
        self.forecasts.clear();
    }

    /// Reads the summaries of the lines at `indices` of the list; their forecasts wait.
    pub fn summarize(&mut self, state: &mut State, store: &Store, indices: Vec<usize>) {
        let today = state.today;
        let engagements =
            indices.iter().map(|&i| state.engagements[i].engagement.clone()).collect();
        match store.summaries(engagements, today) {
            Ok(read) => {
                for (index, (data, overdue)) in indices.into_iter().zip(read) {
                    let now = readiness(&data, today);
                    let summary = RowSummary::of(&data, &now, None, overdue, today);
                    state.engagements[index].summary = Some(summary);
                    self.forecasts.push(data);
                }
            }
            Err(e) => state.refused(&e),
        }
    }

    /// One slice of idle work: the forecasts of the lines read, then the lines not read
    /// yet, until every line's figures and verdict are known. Returns whether it did any.
    pub fn work(&mut self, state: &mut State, store: &Store) -> bool {
        let start = Instant::now();
        let mut worked = false;
        while start.elapsed() < SLICE {
            if let Some(data) = self.forecasts.pop() {
                // A verdict known meanwhile came from the engagement opened since, newer.
                if state.verdict(&data.engagement.id).is_none() {
                    let at_risk = forecast(&data, state.today).at_risk;
                    state.set_verdict(&data.engagement.id, at_risk);
                }
            } else {
                let unread = state.engagements.iter().enumerate();
                let unread: Vec<usize> = unread
                    .filter(|(_, r)| r.summary.is_none())
                    .map(|(i, _)| i)
                    .take(LINES_AT_ONCE)
                    .collect();
                if unread.is_empty() {
                    break;
                }
                self.summarize(state, store, unread);
            }
            worked = true;
        }
        worked
    }
}
