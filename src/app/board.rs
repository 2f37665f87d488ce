//! The board's actions: cards added, edited, moved and reordered; gate criteria ticked;
//! the phase advanced (or overridden, with a reason); phase dates edited.

use chrono::NaiveDate;

use super::form::{Choice, Field, Form};
use super::records::{Plan, RecordForm, Target, date_text, text};
use super::{Action, Effect, Opened, Overlay, State, Then};
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
fn task_form(
    opened: &Opened,
    (phase, status): (Phase, TaskStatus),
    existing: Option<&Task>,
    now: &str,
) -> RecordForm {
    let engagement = opened.data.engagement.id.clone();
    let sides = Side::ALL.iter().map(|s| Choice::new(s.as_str(), s.label())).collect();
    let fields = vec![
        Field::text("Title", Some(TaskField::Title.into()))
            .required()
            .with_value(existing.map_or("", |t| &t.title)),
        Field::choice("Side", Some(TaskField::Side.into()), sides)
            .required()
            .with_value(existing.map_or(Side::Contractor, |t| t.side).as_str()),
        Field::date("Due", Some(TaskField::DueDate.into()))
            .with_value(&date_text(existing.and_then(|t| t.due_date))),
        Field::multiline("Notes", Some(TaskField::Notes.into()))
            .empty_text()
            .with_value(existing.map_or("", |t| &t.notes)),
        Field::text("Assignee", Some(TaskField::Assignee.into()))
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
pub(super) fn client_staff(opened: &Opened) -> Vec<String> {
    let people = opened.data.people.iter().filter(|p| p.state != PersonState::Left);
    people.map(|p| p.name.clone()).collect()
}

/// Ticking a manual criterion (at `now`) asks for optional evidence; editing one changes
/// its evidence.
fn criterion_form(opened: &Opened, criterion: &GateCriterion, tick: Option<&str>) -> RecordForm {
    let mut extra = Vec::new();
    let mut summary = None;
    if let Some(now) = tick {
        extra.push((GateCriterionField::MetAt.into(), text(now)));
        summary = Some(format!("ticked '{}'", sanitize(&criterion.title)));
    }
    let evidence = Field::text("Evidence", Some(GateCriterionField::Evidence.into()))
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

fn phase_form(opened: &Opened, phase: &PhaseDates) -> RecordForm {
    let field = |label, column: PhaseDatesField, date| {
        Field::date(label, Some(column.into())).with_value(&date_text(date))
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

impl State {
    /// The selected phase's exit criteria.
    pub fn gate_criteria(&self) -> Vec<&GateCriterion> {
        let Some(opened) = &self.opened else { return Vec::new() };
        opened.data.gates.iter().filter(|g| g.phase == self.board.phase).collect()
    }

    fn selected_card(&self) -> Option<&Task> {
        self.board_cards(self.board.column).get(self.board.row).copied()
    }

    pub(super) fn board_action(&mut self, action: Action) -> Option<Effect> {
        let opened = self.opened.as_ref()?;
        if let Some(row) = self.board.gate {
            return self.gate_action(action, row);
        }
        let phase = self.board.phase;
        let status = TaskStatus::ALL[self.board.column];
        let card = self.selected_card().cloned();
        let engagement = opened.data.engagement.id.clone();
        let now = self.timestamp();
        match (action, card) {
            (Action::Add, _) => {
                self.overlay = Some(Overlay::Form(task_form(opened, (phase, status), None, &now)))
            }
            (Action::Edit, Some(task)) => {
                let form = task_form(opened, (phase, status), Some(&task), &now);
                self.overlay = Some(Overlay::Form(form));
            }
            (Action::EditInEditor, Some(task)) => {
                let mut record = task_form(opened, (phase, status), Some(&task), &now);
                let notes = Some(TaskField::Notes.into());
                record.form.focus =
                    record.form.fields.iter().position(|f| f.column == notes).unwrap_or(0);
                self.request = Some(super::TerminalRequest::Editor(task.notes.clone()));
                self.overlay = Some(Overlay::Form(record));
            }
            (Action::Delete, Some(task)) => {
                let plan = Plan::new(
                    &engagement,
                    format!("deleted card '{}'", sanitize(&task.title)),
                    vec![Command::Delete { table: Table::Task, id: task.id.clone() }],
                );
                self.confirm(format!("Delete the card '{}'?", task.title), Then::Apply(plan));
            }
            (Action::Cycle, Some(task)) if task.status.is_last() => {
                let (cursor, to) = (self.board, TaskStatus::ALL[0]);
                let effect = self.move_card(&task, to);
                self.board = cursor; // asked first: the cursor follows once confirmed
                return self.step(effect, true, (&task.title, task.status.label(), to.label()));
            }
            (Action::Cycle, Some(task)) => return Some(self.move_card(&task, task.status.next())),
            (Action::MoveLeft, Some(task)) if self.board.column > 0 => {
                return Some(self.move_card(&task, TaskStatus::ALL[self.board.column - 1]));
            }
            (Action::MoveRight, Some(task)) if self.board.column + 1 < TaskStatus::ALL.len() => {
                return Some(self.move_card(&task, TaskStatus::ALL[self.board.column + 1]));
            }
            (Action::MoveUp, Some(task)) => return self.reorder(&task, -1),
            (Action::MoveDown, Some(task)) => return self.reorder(&task, 1),
            (Action::FocusGate, _) => {
                if self.gate_criteria().is_empty() {
                    self.message = Some(format!("{} has no exit criteria", phase.label()));
                } else {
                    self.board.gate = Some(0);
                }
            }
            (Action::Advance, _) => self.advance(),
            (Action::PhaseDates, _) => {
                if let Some(dates) = opened.data.phase_dates(phase) {
                    self.overlay = Some(Overlay::Form(phase_form(opened, dates)));
                }
            }
            _ => {}
        }
        None
    }

    /// Moves a card to another column (at its end); the cursor follows the card.
    fn move_card(&mut self, task: &Task, to: TaskStatus) -> Effect {
        let opened = self.opened.as_ref().expect("the board shows an engagement");
        let end =
            opened.column(task.phase, to).iter().map(|t| t.position).max().map_or(0, |p| p + 1);
        let plan = Plan::new(
            &opened.data.engagement.id,
            format!("moved '{}' to {}", sanitize(&task.title), to.label()),
            vec![Command::MoveCard {
                id: task.id.clone(),
                from: task.status,
                to,
                position: end,
                at: self.timestamp(),
            }],
        );
        self.board.column = TaskStatus::ALL.iter().position(|s| *s == to).unwrap_or(0);
        self.board.row = usize::MAX;
        Effect::Apply(plan)
    }

    /// Swaps a card with its neighbour above or below; the cursor follows the card.
    fn reorder(&mut self, task: &Task, step: isize) -> Option<Effect> {
        let cards = self.board_cards(self.board.column);
        let neighbour = cards.get(self.board.row.checked_add_signed(step)?)?;
        let opened = self.opened.as_ref()?;
        let swap =
            |t: &Task, to: i64| Command::PlaceCard { id: t.id.clone(), from: t.position, to };
        // Equal positions (possible after imports) are separated by the step itself.
        let (mine, theirs) = if neighbour.position == task.position {
            (task.position + step as i64, task.position)
        } else {
            (neighbour.position, task.position)
        };
        let direction = if step < 0 { "up" } else { "down" };
        let plan = Plan::new(
            &opened.data.engagement.id,
            format!("moved '{}' {direction}", sanitize(&task.title)),
            vec![swap(task, mine), swap(neighbour, theirs)],
        );
        self.board.row = self.board.row.saturating_add_signed(step);
        Some(Effect::Apply(plan))
    }

    fn gate_action(&mut self, action: Action, row: usize) -> Option<Effect> {
        let criterion = self.gate_criteria().get(row).copied().cloned()?;
        let opened = self.opened.as_ref()?;
        match action {
            Action::FocusGate => self.board.gate = None,
            Action::Cycle if criterion.rule.is_some() => {
                self.message =
                    Some("a computed criterion follows the data; it cannot be ticked".into());
            }
            Action::Cycle if criterion.met_at.is_some() => {
                let text_or_null = |t: &Option<String>| t.as_deref().map_or(FieldValue::Null, text);
                let plan = Plan::update(
                    &opened.data.engagement.id,
                    format!("unticked '{}'", sanitize(&criterion.title)),
                    (Table::GateCriterion, &criterion.id),
                    vec![
                        (GateCriterionField::MetAt.into(), FieldValue::Null),
                        (GateCriterionField::Evidence.into(), FieldValue::Null),
                    ],
                    vec![
                        (GateCriterionField::MetAt.into(), text_or_null(&criterion.met_at)),
                        (GateCriterionField::Evidence.into(), text_or_null(&criterion.evidence)),
                    ],
                );
                self.confirm(format!("Untick '{}'?", criterion.title), Then::Apply(plan));
            }
            Action::Cycle => {
                let now = self.timestamp();
                self.overlay = Some(Overlay::Form(criterion_form(opened, &criterion, Some(&now))))
            }
            Action::Edit if criterion.rule.is_none() => {
                self.overlay = Some(Overlay::Form(criterion_form(opened, &criterion, None)));
            }
            Action::Advance => self.advance(),
            _ => {}
        }
        None
    }

    /// `P`: advances when every blocking criterion of the current phase holds; otherwise
    /// lists what is unmet and offers an override that needs a written reason.
    fn advance(&mut self) {
        let Some(opened) = &self.opened else { return };
        let Some((from, to)) = next_phase(opened) else {
            self.message = Some("Transfer is the last phase".into());
            return;
        };
        let plan = advance_plan(opened, (from, to), self.today);
        let data = &opened.data;
        let unmet: Vec<String> = data
            .gates
            .iter()
            .filter(|g| g.phase == data.engagement.current_phase && g.blocking)
            .filter_map(|g| {
                let verdict = evaluate(g, data, &opened.readiness, self.today);
                (!verdict.met).then(|| {
                    let reason = verdict.reason.map(|r| format!(": {r}")).unwrap_or_default();
                    format!("✗ {}{reason}", sanitize(&g.title))
                })
            })
            .collect();
        if unmet.is_empty() {
            let question = format!("Advance from {} to {}?", from.label(), to.label());
            self.confirm(question, Then::Apply(plan));
            return;
        }
        let reason =
            Field::text("Reason", None).required().with_placeholder("why the gate is overridden");
        let mut form = Form::new("Gate not met: override?", vec![reason]);
        form.notes = unmet;
        form.notes
            .push("Write why the phase advances anyway; the reason is kept and shown.".into());
        self.overlay = Some(Overlay::Form(RecordForm { form, target: Target::Override(plan) }));
    }
}
