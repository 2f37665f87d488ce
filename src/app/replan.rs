//! Re-planning that keeps the plan whole: when the phase form moves a phase's planned end,
//! the following phases and the planned transfer can move with it, as one undoable edit;
//! left as they are, the overlap is shown (see `overlap`).

use chrono::{Days, NaiveDate};

use super::records::{Plan, RecordForm, Target};
use super::{Effect, Overlay, State};
use crate::model::text::sanitize;
use crate::model::{EngagementData, EngagementField, Phase, PhaseDates, PhaseDatesField};
use crate::records::FieldValue;
use crate::store::command::Command;
use crate::store::edit::{Column, Table};

/// Moving the phases after one, and the planned transfer, by the same number of days.
#[derive(Debug, Clone, PartialEq)]
struct Shift {
    days: i64,
    /// The phases that move, in order.
    phases: Vec<Phase>,
    /// The planned transfer's new date, when it moves.
    transfer: Option<NaiveDate>,
    commands: Vec<Command>,
}

/// The shift that follows `phase`'s planned end to `new_end`: by as much as the end moved,
/// or, for an end set for the first time, by as much as it runs into the next phase. None
/// when nothing moved or nothing follows.
fn shift(data: &EngagementData, phase: &PhaseDates, new_end: Option<NaiveDate>) -> Option<Shift> {
    let following: Vec<&PhaseDates> = data.phases.iter().filter(|p| p.kind > phase.kind).collect();
    let days = match (phase.planned_end, new_end) {
        (Some(old), Some(new)) => (new - old).num_days(),
        (None, Some(new)) => {
            let next_start = following.iter().filter_map(|p| p.planned_start).min()?;
            (new - next_start).num_days().max(0)
        }
        _ => 0,
    };
    if days == 0 {
        return None;
    }
    let mut shift = Shift { days, phases: Vec::new(), transfer: None, commands: Vec::new() };
    for next in following {
        let moved = [
            (PhaseDatesField::PlannedStart, next.planned_start),
            (PhaseDatesField::PlannedEnd, next.planned_end),
        ];
        let (values, shown) = moved_dates(&moved, days);
        if !values.is_empty() {
            shift.phases.push(next.kind);
            let (table, id) = (Table::Phase, next.id.clone());
            shift.commands.push(Command::Patch { table, id, values, shown });
        }
    }
    let engagement = &data.engagement;
    if phase.kind < Phase::Transfer
        && let Some(transfer) = engagement.planned_transfer_date
    {
        let moved = [(EngagementField::PlannedTransferDate, Some(transfer))];
        let (values, shown) = moved_dates(&moved, days);
        shift.transfer = add_days(transfer, days);
        let (table, id) = (Table::Engagement, engagement.id.clone());
        shift.commands.push(Command::Patch { table, id, values, shown });
    }
    Some(shift).filter(|s| !s.commands.is_empty())
}

type Values = Vec<(Column, FieldValue)>;

/// The dates among `dates` that are set, moved by `days`, and the values they had.
fn moved_dates<F: Into<Column> + Copy>(
    dates: &[(F, Option<NaiveDate>)],
    days: i64,
) -> (Values, Values) {
    let date = |d: NaiveDate| FieldValue::text(&d.to_string());
    dates
        .iter()
        .filter_map(|(field, d)| {
            let old = (*d)?;
            Some((((*field).into(), date(add_days(old, days)?)), ((*field).into(), date(old))))
        })
        .unzip()
}

fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    match days {
        0.. => date.checked_add_days(Days::new(days as u64)),
        _ => date.checked_sub_days(Days::new(days.unsigned_abs())),
    }
}

/// "Operate", "Operate and Transfer", "Build, Operate and Transfer".
fn names(phases: &[Phase]) -> String {
    let labels: Vec<&str> = phases.iter().map(|p| p.label()).collect();
    match labels.split_last() {
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The first phase whose planned end runs past the next one's planned start: "⚠ Build
/// overlaps Operate by 14 d".
pub fn overlap(data: &EngagementData) -> Option<String> {
    let mut phases: Vec<&PhaseDates> = data.phases.iter().collect();
    phases.sort_by_key(|p| p.kind);
    phases.windows(2).find_map(|pair| {
        let days = (pair[0].planned_end? - pair[1].planned_start?).num_days();
        (days > 0).then(|| {
            format!("⚠ {} overlaps {} by {days} d", pair[0].kind.label(), pair[1].kind.label())
        })
    })
}

impl State {
    /// Saving the open form as `plan`. When it is the phase form and moves the phase's
    /// planned end, asks first whether the following phases and the planned transfer move
    /// too (`y`) or stay (`n`).
    pub(super) fn apply_form(&mut self, plan: Plan) -> Option<Effect> {
        let Some(shift) = self.phase_shift() else { return Some(Effect::Apply(plan)) };
        let moved = format!("{} by {:+} d", names(&shift.phases), shift.days);
        let question = match shift.transfer {
            Some(day) if shift.phases.is_empty() => format!("Move the planned transfer to {day}?"),
            Some(day) => format!("Shift {moved}, and the planned transfer to {day}?"),
            None => format!("Shift {moved}?"),
        };
        let what = if shift.phases.is_empty() { "the planned transfer" } else { &moved };
        let shifted = Plan {
            summary: format!("{} and shifted {}", plan.summary, sanitize(what)),
            commands: plan.commands.iter().cloned().chain(shift.commands).collect(),
            engagement: plan.engagement.clone(),
        };
        self.offer(question, shifted, plan);
        None
    }

    /// The shift the open phase form asks for, if any.
    fn phase_shift(&self) -> Option<Shift> {
        let Some(Overlay::Form(RecordForm { form, target })) = &self.overlay else { return None };
        let Target::Update { table: Table::Phase, id, .. } = target else { return None };
        let data = &self.opened.as_ref()?.data;
        let phase = data.phases.iter().find(|p| p.id == *id)?;
        shift(data, phase, form.field("Planned end").date_value())
    }
}
