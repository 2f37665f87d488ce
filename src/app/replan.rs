//! Re-planning that keeps the plan whole: when the phase form moves a phase's planned end,
//! the following phases and the planned transfer can move with it, as one undoable edit;
//! left as they are, the overlap is one of the warnings (`model::phase_overlap`). When it
//! moves only the planned start, the phase keeps its length (its end moves as far, and what
//! follows is offered the same shift) or its end (the phase grows or shrinks).

use chrono::{Days, NaiveDate};

use super::form::Form;
use super::targets::{Plan, RecordForm, Target};
use super::{Effect, Overlay, State, Then};
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

/// The phase form's planned start moved while its planned end was left as it was.
#[derive(Debug, Clone, PartialEq)]
struct StartMove {
    phase: Phase,
    days: i64,
    start: NaiveDate,
    /// The end the phase has, and the one that keeps its length.
    end: NaiveDate,
    moved_end: NaiveDate,
    /// The phase before it and its planned end, when the new start falls before that end.
    overlaps: Option<(Phase, NaiveDate)>,
}

impl StartMove {
    fn new(data: &EngagementData, phase: &PhaseDates, form: &Form) -> Option<StartMove> {
        let (old, end) = (phase.planned_start?, phase.planned_end?);
        let start = form.field(START)?.date_value().filter(|s| *s != old)?;
        if form.field_changed(END) {
            return None;
        }
        let days = (start - old).num_days();
        let before = data.phases.iter().filter(|p| p.kind < phase.kind).max_by_key(|p| p.kind);
        let overlaps = before.and_then(|p| Some((p.kind, p.planned_end?)));
        Some(StartMove {
            phase: phase.kind,
            days,
            start,
            end,
            moved_end: add_days(end, days)?,
            overlaps: overlaps.filter(|(_, end)| *end > start),
        })
    }

    /// "Build to start 14 d later, on 2026-10-18: keep its length (end 2027-03-01) or its
    /// end (2027-02-15)?", saying so when the new start falls inside the phase before.
    fn question(&self) -> String {
        let when = match self.overlaps {
            Some((before, end)) => {
                let days = (end - self.start).num_days();
                format!("on {}, {days} d before {} ends", self.start, before.label())
            }
            None if self.days > 0 => format!("{} d later, on {}", self.days, self.start),
            None => format!("{} d earlier, on {}", -self.days, self.start),
        };
        format!(
            "{} to start {when}: keep its length (end {}) or its end ({})?",
            self.phase.label(),
            self.moved_end,
            self.end
        )
    }
}

const START: PhaseDatesField = PhaseDatesField::PlannedStart;
const END: PhaseDatesField = PhaseDatesField::PlannedEnd;

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

impl State {
    /// Saving the open form as `plan`. When it is the phase form and moves only the phase's
    /// planned start, asks first whether the phase keeps its length (`y`: the form is saved
    /// again with the end moved as far) or its end (`n`). When it moves the planned end,
    /// asks whether the following phases and the planned transfer move too (`y`) or stay
    /// (`n`).
    pub(super) fn apply_form(&mut self, plan: Plan) -> Option<Effect> {
        if let Some((moved, mut record)) = self.start_move() {
            record.form.set_value(END, &moved.moved_end.to_string());
            let keep_length = ("keep the length", Then::Submit(Box::new(record)));
            self.offer(moved.question(), keep_length, ("keep the end", plan));
            return None;
        }
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
            then: plan.then.clone(),
        };
        self.offer(question, ("shift", Then::Apply(shifted)), ("keep", plan));
        None
    }

    /// The open phase form and the phase it edits.
    fn phase_form(&self) -> Option<(&RecordForm, &EngagementData, &PhaseDates)> {
        let Some(Overlay::Form(record)) = &self.overlay else { return None };
        let Target::Update { table: Table::Phase, id, .. } = &record.target else { return None };
        let data = &self.opened.as_ref()?.data;
        let phase = data.phases.iter().find(|p| p.id == *id)?;
        Some((record, data, phase))
    }

    /// The move of the planned start alone the open phase form asks for, if any, with the
    /// form.
    fn start_move(&self) -> Option<(StartMove, RecordForm)> {
        let (record, data, phase) = self.phase_form()?;
        Some((StartMove::new(data, phase, &record.form)?, record.clone()))
    }

    /// The shift the open phase form asks for, if any.
    fn phase_shift(&self) -> Option<Shift> {
        let (record, data, phase) = self.phase_form()?;
        shift(data, phase, record.form.field(END)?.date_value())
    }
}
