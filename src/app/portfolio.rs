//! The engagements list as a portfolio: the column it is sorted by, the "at risk only"
//! filter, and the counts over every engagement. Sorting by a figure and counting need every
//! line's figures (`summary`), which come in while the user is idle: until then they wait,
//! and the screen says "…".

use std::cmp::Ordering;

use chrono::NaiveDate;

use super::summary::RowSummary;
use super::{EngagementRow, State};
use crate::model::text::name_order;

/// The columns of the engagements list, each of which it can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListColumn {
    Client,
    Name,
    Phase,
    Score,
    Level,
    Docs,
    Risk,
    Transfer,
    Budget,
    Milestone,
    Overdue,
    Trend,
}

impl ListColumn {
    pub const ALL: &'static [ListColumn] = &[
        ListColumn::Client,
        ListColumn::Name,
        ListColumn::Phase,
        ListColumn::Score,
        ListColumn::Level,
        ListColumn::Docs,
        ListColumn::Risk,
        ListColumn::Transfer,
        ListColumn::Budget,
        ListColumn::Milestone,
        ListColumn::Overdue,
        ListColumn::Trend,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ListColumn::Client => "Client",
            ListColumn::Name => "Name",
            ListColumn::Phase => "Phase",
            ListColumn::Score => "Score",
            ListColumn::Level => "Level",
            ListColumn::Docs => "Docs",
            ListColumn::Risk => "Risk",
            ListColumn::Transfer => "Transfer",
            ListColumn::Budget => "Budget",
            ListColumn::Milestone => "Next milestone",
            ListColumn::Overdue => "Overdue",
            ListColumn::Trend => "Trend",
        }
    }

    /// Whether sorting by the column needs every line's summary.
    fn needs_summaries(self) -> bool {
        !matches!(
            self,
            ListColumn::Client | ListColumn::Name | ListColumn::Phase | ListColumn::Transfer
        )
    }
}

/// How the list is ordered and filtered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Portfolio {
    pub sort: ListColumn,
    pub descending: bool,
    pub at_risk_only: bool,
}

impl Default for Portfolio {
    /// By client, as the database lists them; every engagement.
    fn default() -> Portfolio {
        Portfolio { sort: ListColumn::Client, descending: false, at_risk_only: false }
    }
}

/// The counts over every active engagement, for the line above the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub at_risk: usize,
    pub overdue: usize,
    pub transfers_soon: usize,
}

/// "Soon" for a planned transfer, in days.
pub const TRANSFER_SOON_DAYS: i64 = 30;

impl Counts {
    pub fn text(self) -> String {
        format!(
            "{} at risk · {} overdue · {} transfers within {TRANSFER_SOON_DAYS} days",
            self.at_risk, self.overdue, self.transfers_soon
        )
    }
}

/// Whether every line's figures and verdict are known (what sorting by a figure, the "at
/// risk" filter and the counts need).
fn all_known(engagements: &[EngagementRow]) -> bool {
    engagements.iter().all(|r| r.summary.as_ref().is_some_and(|s| s.at_risk.is_some()))
}

/// Whether the list is in `portfolio`'s order: `false` while the sort waits for figures.
pub(super) fn sorted(portfolio: &Portfolio, engagements: &[EngagementRow]) -> bool {
    !portfolio.sort.needs_summaries() || all_known(engagements)
}

/// Keeps of `rows` (indices into `engagements`) those `portfolio` shows.
pub(super) fn keep_shown(
    portfolio: &Portfolio,
    engagements: &[EngagementRow],
    rows: &mut Vec<usize>,
) {
    if portfolio.at_risk_only {
        rows.retain(|&i| at_risk(&engagements[i]));
    }
}

/// Orders `rows` (indices into `engagements`) as `portfolio` says. Archived engagements
/// stay at the end.
pub(super) fn arrange(
    portfolio: &Portfolio,
    engagements: &[EngagementRow],
    today: NaiveDate,
    rows: &mut [usize],
) {
    if !sorted(portfolio, engagements) {
        return;
    }
    rows.sort_by(|&a, &b| {
        let (a, b) = (&engagements[a], &engagements[b]);
        let order = compare(a, b, portfolio.sort, today);
        let order = if portfolio.descending { order.reverse() } else { order };
        a.engagement.archived.cmp(&b.engagement.archived).then(order)
    });
}

impl State {
    /// Whether every line's figures and verdict are known.
    pub fn portfolio_known(&self) -> bool {
        all_known(&self.engagements)
    }

    /// The forecast's verdict on the engagement `id`'s line, once known.
    pub(super) fn verdict(&self, id: &str) -> Option<bool> {
        let row = self.engagements.iter().find(|r| r.engagement.id == id)?;
        row.summary.as_ref()?.at_risk
    }

    /// Notes the forecast's verdict on the engagement `id`'s line.
    pub(super) fn set_verdict(&mut self, id: &str, at_risk: bool) {
        self.keeping_selection(|state| {
            let row = state.engagements.iter_mut().find(|r| r.engagement.id == id);
            if let Some(summary) = row.and_then(|r| r.summary.as_mut()) {
                summary.at_risk = Some(at_risk);
            }
        });
    }

    /// Notes the verdict of the forecast of the engagement on screen on its line.
    pub(super) fn note_opened_verdict(&mut self) {
        let opened =
            self.opened.as_ref().and_then(|o| Some((&o.data.engagement.id, o.forecast.as_ref()?)));
        if let Some((id, forecast)) = opened {
            let (id, at_risk) = (id.clone(), forecast.at_risk);
            self.set_verdict(&id, at_risk);
        }
    }

    /// The counts over every active engagement, once every verdict is known.
    pub fn portfolio_counts(&self) -> Option<Counts> {
        if !self.portfolio_known() {
            return None;
        }
        let active = self.engagements.iter().filter(|r| !r.engagement.archived);
        let mut counts = Counts { at_risk: 0, overdue: 0, transfers_soon: 0 };
        for row in active {
            counts.at_risk += usize::from(at_risk(row));
            counts.overdue += usize::from(row.summary.as_ref().is_some_and(|s| s.overdue > 0));
            let days = days_to_transfer(row, self.today);
            counts.transfers_soon +=
                usize::from(days.is_some_and(|d| (0..=TRANSFER_SOON_DAYS).contains(&d)));
        }
        Some(counts)
    }
}

fn at_risk(row: &EngagementRow) -> bool {
    row.summary.as_ref().and_then(|s| s.at_risk) == Some(true)
}

/// Days from `today` to the engagement's planned transfer (negative: past).
pub fn days_to_transfer(row: &EngagementRow, today: NaiveDate) -> Option<i64> {
    row.engagement.planned_transfer_date.map(|d| (d - today).num_days())
}

/// The order of two lines by `column`, ascending; a line without the figure comes last.
/// "At risk" sorts first, as does a budget over plan.
fn compare(a: &EngagementRow, b: &EngagementRow, column: ListColumn, today: NaiveDate) -> Ordering {
    let (ea, eb) = (&a.engagement, &b.engagement);
    let figures = |f: fn(&RowSummary, &RowSummary) -> Ordering| match (&a.summary, &b.summary) {
        (Some(x), Some(y)) => f(x, y),
        (x, y) => x.is_none().cmp(&y.is_none()),
    };
    match column {
        ListColumn::Client => {
            name_order(&ea.client, &eb.client).then(name_order(&ea.name, &eb.name))
        }
        ListColumn::Name => name_order(&ea.name, &eb.name),
        ListColumn::Phase => ea.current_phase.cmp(&eb.current_phase),
        ListColumn::Transfer => known_first(days_to_transfer(a, today), days_to_transfer(b, today)),
        ListColumn::Score => figures(|x, y| x.readiness.score.total_cmp(&y.readiness.score)),
        ListColumn::Level => figures(|x, y| {
            let (x, y) = (&x.readiness, &y.readiness);
            x.level.cmp(&y.level).then(x.score.total_cmp(&y.score))
        }),
        ListColumn::Docs => figures(|x, y| x.docs_percent.cmp(&y.docs_percent)),
        ListColumn::Risk => figures(|x, y| y.at_risk.cmp(&x.at_risk)),
        ListColumn::Budget => figures(|x, y| x.budget.cmp(&y.budget)),
        ListColumn::Milestone => figures(|x, y| {
            let day = |s: &RowSummary| s.next_milestone.as_ref().map(|(day, _)| *day);
            known_first(day(x), day(y))
        }),
        ListColumn::Overdue => figures(|x, y| x.overdue.cmp(&y.overdue)),
        ListColumn::Trend => figures(|x, y| x.trend_change().total_cmp(&y.trend_change())),
    }
}

/// Orders known values ascending, with the unknown after them.
fn known_first<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (a, b) => a.is_none().cmp(&b.is_none()),
    }
}
