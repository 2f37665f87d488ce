//! The board's forms (a card, a criterion's evidence, a phase's dates, the reason for a
//! gate overridden) and the edit that advances the phase.

use chrono::NaiveDate;

use super::super::{Reply, ScreenContext};
use crate::app::form::{Choice, Field, FieldKey, Form};
use crate::app::targets::{Plan, RecordForm, Target, date_text, text};
use crate::app::{Opened, Then};
use crate::model::gate::evaluate;
use crate::model::text::sanitize;
use crate::model::{
    GateCriterion, GateCriterionField, PersonState, Phase, PhaseDates, PhaseDatesField, Side, Task,
    TaskField, TaskStatus,
};
use crate::records::FieldValue;
use crate::store::command::Command;
use crate::store::edit::Table;

/// The form for a card: new in `status` of `phase`, or editing `existing`, saved at `now`.
pub(super) fn task_form(
    opened: &Opened,
    (phase, status): (Phase, TaskStatus),
    existing: Option<&Task>,
    now: &str,
) -> RecordForm {
    let engagement = opened.data.engagement.id.clone();
    let sides = Side::ALL.iter().map(|s| Choice::new(s.as_str(), s.label())).collect();
    let fields = vec![
        Field::text("Title", TaskField::Title)
            .required()
            .with_value(existing.map_or("", |t| &t.title)),
        Field::choice("Side", TaskField::Side, sides)
            .required()
            .with_value(existing.map_or(Side::Contractor, |t| t.side).as_str()),
        Field::date("Due", TaskField::DueDate)
            .with_value(&date_text(existing.and_then(|t| t.due_date))),
        Field::multiline("Notes", TaskField::Notes)
            .empty_text()
            .with_value(existing.map_or("", |t| &t.notes)),
        Field::text("Assignee", TaskField::Assignee)
            .with_value(existing.map_or("", |t| &t.assignee))
            .offering(client_staff(opened))
            .with_placeholder("→ the client's people, or a contractor's name"),
    ];
    match existing {
        Some(task) => RecordForm {
            form: Form::new("Edit card", fields),
            target: Target::Update {
                table: Table::Task,
                id: task.id.clone(),
                noun: "card",
                engagement,
                extra: vec![(TaskField::UpdatedAt.into(), text(now))],
                summary: None,
            },
        },
        None => {
            let position = opened.data.tasks.iter().map(|t| t.position).max().map_or(0, |p| p + 1);
            RecordForm {
                form: Form::new(
                    &format!("New card in {} · {}", phase.label(), status.label()),
                    fields,
                ),
                target: Target::Insert {
                    table: Table::Task,
                    noun: "card",
                    engagement,
                    fixed: vec![
                        (TaskField::Phase.into(), text(phase.as_str())),
                        (TaskField::Status.into(), text(status.as_str())),
                        (TaskField::Position.into(), FieldValue::Integer(position)),
                        (TaskField::CreatedAt.into(), text(now)),
                        (TaskField::UpdatedAt.into(), text(now)),
                    ],
                },
            }
        }
    }
}

/// The names of the client's people still on the engagement, as a card's form offers them.
pub(in crate::app) fn client_staff(opened: &Opened) -> Vec<String> {
    let people = opened.data.people.iter().filter(|p| p.state != PersonState::Left);
    people.map(|p| p.name.clone()).collect()
}

/// Ticking a manual criterion (at `now`) asks for optional evidence; editing one changes
/// its evidence.
pub(super) fn criterion_form(
    opened: &Opened,
    criterion: &GateCriterion,
    tick: Option<&str>,
) -> RecordForm {
    let mut extra = Vec::new();
    let mut summary = None;
    if let Some(now) = tick {
        extra.push((GateCriterionField::MetAt.into(), text(now)));
        summary = Some(format!("ticked '{}'", sanitize(&criterion.title)));
    }
    let evidence = Field::text("Evidence", GateCriterionField::Evidence)
        .with_value(criterion.evidence.as_deref().unwrap_or(""))
        .with_placeholder("optional: a link, a document, who confirmed it");
    let title = if tick.is_some() { "Tick criterion" } else { "Criterion evidence" };
    let mut form = Form::new(title, vec![evidence]);
    form.notes.push(sanitize(&criterion.title).into_owned());
    RecordForm {
        form,
        target: Target::Update {
            table: Table::GateCriterion,
            id: criterion.id.clone(),
            noun: "criterion",
            engagement: opened.data.engagement.id.clone(),
            extra,
            summary,
        },
    }
}

pub(super) fn phase_form(opened: &Opened, phase: &PhaseDates) -> RecordForm {
    let field = |label, column: PhaseDatesField, date| {
        Field::date(label, column).with_value(&date_text(date))
    };
    let fields = vec![
        field("Planned start", PhaseDatesField::PlannedStart, phase.planned_start),
        field("Planned end", PhaseDatesField::PlannedEnd, phase.planned_end),
        field("Actual start", PhaseDatesField::ActualStart, phase.actual_start),
        field("Actual end", PhaseDatesField::ActualEnd, phase.actual_end),
    ];
    RecordForm {
        form: Form::new(&format!("{} dates", phase.kind.label()), fields),
        target: Target::Update {
            table: Table::Phase,
            id: phase.id.clone(),
            noun: "phase dates of",
            engagement: opened.data.engagement.id.clone(),
            extra: Vec::new(),
            summary: Some(format!("edited the dates of {}", phase.kind.label())),
        },
    }
}

/// The phase the engagement is in and the one after it; `None` in the last.
fn next_phase(opened: &Opened) -> Option<(Phase, Phase)> {
    let from = opened.data.engagement.current_phase;
    let to = *Phase::ALL.get(Phase::ALL.iter().position(|p| *p == from)? + 1)?;
    Some((from, to))
}

/// The edit that moves the engagement from phase `from` to `to`, dating both.
fn advance_plan(opened: &Opened, (from, to): (Phase, Phase), today: NaiveDate) -> Plan {
    let data = &opened.data;
    let advance = Command::AdvancePhase {
        engagement_id: data.engagement.id.clone(),
        from,
        to,
        day: today,
        ending: data.phase_dates(from).filter(|p| p.actual_end.is_none()).map(|p| p.id.clone()),
        starting: data.phase_dates(to).filter(|p| p.actual_start.is_none()).map(|p| p.id.clone()),
        reason: None,
    };
    Plan::new(
        &data.engagement.id,
        format!("advanced from {} to {}", from.label(), to.label()),
        vec![advance],
    )
}

/// `P`: advances when every blocking criterion of the current phase holds; otherwise lists
/// what is unmet and offers an override that needs a written reason.
pub(super) fn advance(cx: &ScreenContext) -> Reply {
    let Some(opened) = cx.opened else { return Reply::Nothing };
    let Some((from, to)) = next_phase(opened) else {
        return Reply::message("Transfer is the last phase");
    };
    let plan = advance_plan(opened, (from, to), cx.today);
    let data = &opened.data;
    let unmet: Vec<String> = data
        .gates
        .iter()
        .filter(|g| g.phase == data.engagement.current_phase && g.blocking)
        .filter_map(|g| {
            let verdict = evaluate(g, data, &opened.readiness, cx.today);
            (!verdict.met).then(|| {
                let reason = verdict.reason.map(|r| format!(": {r}")).unwrap_or_default();
                format!("✗ {}{reason}", sanitize(&g.title))
            })
        })
        .collect();
    if unmet.is_empty() {
        let question = format!("Advance from {} to {}?", from.label(), to.label());
        return Reply::Confirm(question, Then::Apply(plan));
    }
    let reason = Field::text("Reason", FieldKey::Reason)
        .required()
        .with_placeholder("why the gate is overridden");
    let mut form = Form::new("Gate not met: override?", vec![reason]);
    form.notes = unmet;
    form.notes.push("Write why the phase advances anyway; the reason is kept and shown.".into());
    Reply::Form(RecordForm { form, target: Target::Override(plan) })
}
