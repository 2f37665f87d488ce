//! When the threshold will be reached: the planned curve and the actual pace (the next
//! best actions, in `next_actions`, are re-exported here).

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::next_actions::scoring_copy;
pub use super::next_actions::{NEXT_ACTIONS, NextAction, next_actions};
use super::score::{Readiness, reaches, readiness};
use super::{EngagementData, KtStatus, Owner, PersonState, percent_text};

/// When the threshold will be reached: on plan, and at the recent pace.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// The first day the plan reaches the threshold (`None`: the plan never reaches it).
    pub planned_date: Option<NaiveDate>,
    /// The recent pace, when there is enough history for one.
    pub pace: Pace,
    /// Unfinished steps whose planned date has passed: the plan never assumes them done.
    pub late: Vec<Late>,
    pub at_risk: bool,
    /// Why the transfer is at risk, when it is.
    pub cause: Option<String>,
    /// The planned curve: the score today and on each day a planned step falls due.
    #[serde(skip)]
    pub planned_curve: Vec<(NaiveDate, f64)>,
}

/// A planned step whose date has passed while it is still unfinished.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Late {
    pub step: String,
    pub due: NaiveDate,
}

impl std::fmt::Display for Late {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (due {})", self.step, self.due)
    }
}

/// The recent pace of the score and where it leads.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Pace {
    /// Fewer than two snapshots before today, or none at least `PACE_MIN_DAYS` back.
    NotEnoughHistory,
    /// Points a day, and the day the threshold is reached at that pace (`None`: never,
    /// or not within ten years).
    Fitted { points_per_day: f64, date: Option<NaiveDate> },
}

/// How far back the oldest snapshot must go before a pace is fitted.
const PACE_MIN_DAYS: i64 = 14;
/// The window of snapshots the pace is fitted to.
pub const PACE_WINDOW_DAYS: u64 = 90;

impl Forecast {
    /// When the threshold is reached, in words: "on plan D; at the current pace D".
    pub fn summary(&self) -> String {
        let plan =
            self.planned_date.map_or("not reached on plan".to_string(), |d| format!("on plan {d}"));
        let pace = match self.pace {
            Pace::NotEnoughHistory => "pace: not enough history yet".to_string(),
            Pace::Fitted { date: Some(d), .. } => format!("at the current pace {d}"),
            Pace::Fitted { date: None, .. } => "not reached at the current pace".to_string(),
        };
        format!("{plan}; {pace}")
    }
}

/// One planned step of the forecast: the day it falls due and what it changes.
struct PlannedStep {
    due: NaiveDate,
    apply: Box<dyn Fn(&mut EngagementData)>,
}

/// The steps the plan holds, as (due today or later, late): people hired on their planned
/// date, onboarded a month later and independent three months later; KT topics signed off
/// on their due date; responsibilities with the client on their target date. A step whose
/// date has passed unfinished is late; a person's later steps wait for their late one.
/// Both lists are in date order.
fn planned_steps(data: &EngagementData, today: NaiveDate) -> (Vec<PlannedStep>, Vec<Late>) {
    let (mut ahead, mut late) = (Vec::new(), Vec::new());
    let mut add = |due: NaiveDate, name: String, apply: Box<dyn Fn(&mut EngagementData)>| {
        if due < today {
            late.push(Late { step: name, due });
            false
        } else {
            ahead.push(PlannedStep { due, apply });
            true
        }
    };
    for (i, person) in data.people.iter().enumerate().filter(|(_, p)| p.state != PersonState::Left)
    {
        let pending = person.milestones().into_iter().filter(|(_, s, _)| *s > person.state);
        for (due, state, verb) in pending {
            let Some(due) = due else { break };
            let name = format!("{verb} {}", person.name);
            if !add(due, name, Box::new(move |d| d.people[i].state = d.people[i].state.max(state)))
            {
                break;
            }
        }
    }
    for (i, topic) in data.kt_topics.iter().enumerate() {
        if let Some(due) = topic.pending_due() {
            let name = format!("sign off KT {}", topic.title);
            add(due, name, Box::new(move |d| d.kt_topics[i].status = KtStatus::SignedOff));
        }
    }
    for (i, r) in data.responsibilities.iter().enumerate() {
        if let Some(due) = r.pending_due() {
            let name = format!("hand {} over to the client", r.activity);
            add(due, name, Box::new(move |d| d.responsibilities[i].owner = Owner::Client));
        }
    }
    late.extend(open_slots_late(data, today));
    ahead.sort_by_key(|s| s.due);
    late.sort_by_key(|l| l.due);
    (ahead, late)
}

/// Role slots past the role's target date with nobody on staff nor planned for them (a
/// person with a planned date is a step of their own, late or ahead).
fn open_slots_late(data: &EngagementData, today: NaiveDate) -> Vec<Late> {
    data.roles
        .iter()
        .filter_map(|r| {
            let due = r.target_date.filter(|d| *d < today)?;
            let covered = data
                .staff_of(r)
                .filter(|p| p.state.is_on_staff() || p.planned_date.is_some())
                .count() as u32;
            let open = r.planned_count.saturating_sub(covered);
            (open > 0).then(|| Late {
                step: format!("fill {open} of {} {} slots", r.planned_count, r.title),
                due,
            })
        })
        .collect()
}

/// The planned curve: the score today, then the score on each day a planned step falls due,
/// every step up to that day assumed met and approvals past their review interval by then
/// counted stale; and the readiness once every planned step is met.
fn planned_curve(
    data: &EngagementData,
    now: &Readiness,
    today: NaiveDate,
    steps: &[PlannedStep],
) -> (Vec<(NaiveDate, f64)>, Readiness) {
    let mut copy = scoring_copy(data);
    let mut end = now.clone();
    let mut curve = vec![(today, now.score)];
    for (i, step) in steps.iter().enumerate() {
        (step.apply)(&mut copy);
        if steps.get(i + 1).is_none_or(|next| next.due != step.due) {
            end = readiness(&copy, step.due);
            curve.push((step.due, end.score));
        }
    }
    (curve, end)
}

/// The pace: a least-squares line through the last 90 days of snapshots before today and
/// today's live score, followed from the live score to `threshold`.
pub fn pace(data: &EngagementData, today: NaiveDate, live: f64, threshold: f64) -> Pace {
    let since = today - Days::new(PACE_WINDOW_DAYS);
    let mut points: Vec<(f64, f64)> = data
        .snapshots
        .iter()
        .filter(|s| s.day >= since && s.day < today)
        .map(|s| ((s.day - today).num_days() as f64, s.score))
        .collect();
    let oldest = points.iter().map(|p| p.0).fold(0.0, f64::min);
    if points.len() < 2 || -oldest < PACE_MIN_DAYS as f64 {
        return Pace::NotEnoughHistory;
    }
    points.push((0.0, live));
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let slope = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum::<f64>() / sxx;
    let date = if reaches(live, threshold) {
        Some(today)
    } else if slope <= 0.0 {
        None
    } else {
        let days = ((threshold - live) / slope).ceil();
        (days <= 3650.0).then(|| today + Days::new(days as u64))
    };
    Pace::Fitted { points_per_day: slope, date }
}

pub fn forecast(data: &EngagementData, today: NaiveDate) -> Forecast {
    let now = readiness(data, today);
    let threshold = f64::from(now.threshold);
    let (steps, late) = planned_steps(data, today);
    let (planned_curve, planned_end) = planned_curve(data, &now, today, &steps);
    let planned_date = planned_curve.iter().find(|(_, s)| reaches(*s, threshold)).map(|(d, _)| *d);
    let pace = pace(data, today, now.score, threshold);
    let transfer = data.engagement.planned_transfer_date;
    // Never reached is late for any transfer; a date is late when it falls after it.
    let too_late = |date: Option<NaiveDate>| match (date, transfer) {
        (None, _) => true,
        (Some(d), Some(t)) => d > t,
        (Some(_), None) => false,
    };
    let pace_date = match pace {
        Pace::Fitted { date, .. } => Some(date),
        Pace::NotEnoughHistory => None,
    };
    let plan_late = too_late(planned_date);
    let pace_late = pace_date.is_some_and(too_late);
    let at_risk = !now.meets_threshold() && (plan_late || pace_late);
    let cause = at_risk.then(|| {
        if !late.is_empty() {
            late_cause(&late)
        } else if plan_late {
            plan_cause(planned_date, &planned_end, transfer)
        } else {
            format!(
                "at the current pace the threshold is {}",
                reached_words(pace_date.flatten(), transfer)
            )
        }
    });
    Forecast { planned_date, pace, late, at_risk, cause, planned_curve }
}

/// The late steps as a cause: the one, or how many and the oldest.
fn late_cause(late: &[Late]) -> String {
    match late {
        [one] => format!("late: {one}"),
        [oldest, ..] => format!("{} planned steps late, the oldest: {oldest}", late.len()),
        [] => String::new(),
    }
}

/// Why the plan is late: when it reaches the threshold, or how far it gets and which
/// dimensions nothing planned completes.
fn plan_cause(
    planned_date: Option<NaiveDate>,
    planned_end: &Readiness,
    transfer: Option<NaiveDate>,
) -> String {
    if planned_date.is_some() {
        return format!("on plan the threshold is {}", reached_words(planned_date, transfer));
    }
    let short: Vec<String> = planned_end
        .dimensions
        .iter()
        .filter(|d| d.value < 1.0)
        .map(|d| format!("{} at {}", d.dimension.label(), percent_text(d.value)))
        .collect();
    let most = format!(
        "on plan the score reaches at most {:.1} of {}",
        planned_end.score, planned_end.threshold
    );
    if short.is_empty() { most } else { format!("{most}; the plan leaves {}", short.join(", ")) }
}

/// "reached on D, after the transfer on T" or "not reached".
fn reached_words(date: Option<NaiveDate>, transfer: Option<NaiveDate>) -> String {
    match (date, transfer) {
        (Some(d), Some(t)) => format!("reached on {d}, after the transfer on {t}"),
        (Some(d), None) => format!("reached on {d}"),
        (None, _) => "not reached".to_string(),
    }
}
