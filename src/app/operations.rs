//! The Operations view's tickets: a week's list (Enter on a week) and a ticket's plan, the
//! one field of a ticket the service desk's export does not own, edited with `e` on it.

use super::detail::{Detail, Pane};
use super::form::Field;
use super::place::{Place, RecordRef};
use super::targets::{RecordForm, Target, record_form};
use super::{Opened, Overlay, State};
use crate::model::evidence::{self, Ticket, TicketField, Week};
use crate::model::text::sanitize;
use crate::store::edit::Table;

impl State {
    /// The weeks the Operations view lists, the newest first.
    pub fn operations_weeks(&self) -> &[Week] {
        self.opened.as_ref().map_or(&[], |o| &o.weeks)
    }

    /// Enter on a week of the Operations view: the tickets behind its figures, each going
    /// to the week it was resolved in; listed even when one ticket alone, so that `e` can
    /// plan an open P1 (its week is this one, or none).
    pub(super) fn show_week(&mut self, row: usize) {
        let Some(opened) = &self.opened else { return };
        let Some(week) = opened.weeks.get(row) else { return };
        let entries = evidence::tickets_of(&opened.data.tickets, week, self.today)
            .into_iter()
            .map(|t| {
                let place = Place::Record(RecordRef::new(Table::Ticket, &t.id));
                (ticket_line(t), place)
            })
            .collect();
        self.show_list(format!("Tickets of {}", week.label()), entries);
    }
}

/// A ticket in one line: its id, priority, type, and who resolved it when, within SLA or
/// not, or its plan while open; made safe for the terminal (a control character shows as
/// `^[`, as the plan's form shows it).
fn ticket_line(t: &Ticket) -> String {
    let outcome = match (t.resolved, t.resolved_by) {
        (Some(day), by) => {
            let by = by.map_or("", |b| b.label());
            let sla = match t.sla_met {
                Some(true) => ", SLA met",
                Some(false) => ", SLA missed",
                None => "",
            };
            format!("resolved {day} {by}{sla}")
        }
        (None, _) if t.plan.is_empty() => "open, no plan".to_string(),
        (None, _) => format!("open: {}", sanitize(&t.plan)),
    };
    format!("{} P{} {} — {outcome}", sanitize(&t.key), t.priority, t.kind.label())
}

impl State {
    /// The ticket at `place`, if it is one.
    fn ticket_at(&self, place: &Place) -> Option<&Ticket> {
        let Place::Record(RecordRef { table: Table::Ticket, id }) = place else { return None };
        self.opened.as_ref()?.data.tickets.iter().find(|t| t.id == *id)
    }

    /// Whether `e` edits a plan here: the selected place is a ticket.
    pub(super) fn plans_ticket_at(&self, place: Option<&Place>) -> bool {
        place.and_then(|p| self.ticket_at(p)).is_some()
    }

    /// `e` on a ticket of a week's list: a form for its plan.
    pub(super) fn edit_plan(&mut self, place: Option<&Place>) {
        let Some(ticket) = place.and_then(|p| self.ticket_at(p)) else { return };
        if self.read_only {
            return self.refuse_read_only();
        }
        let Some(opened) = &self.opened else { return };
        self.overlay = Some(Overlay::Form(plan_form(opened, ticket)));
    }

    /// After a reload, the ticket lines of a week's list say what the tickets say now: a
    /// plan just written shows.
    pub(super) fn refresh_ticket_lines(&mut self) {
        let (Some(opened), Some(Detail { pane: Pane::Places { entries, .. }, .. })) =
            (&self.opened, &mut self.detail)
        else {
            return;
        };
        for (line, place) in entries {
            let Place::Record(RecordRef { table: Table::Ticket, id }) = place else { continue };
            if let Some(ticket) = opened.data.tickets.iter().find(|t| t.id == *id) {
                *line = ticket_line(ticket);
            }
        }
    }
}

/// The form for a ticket's plan: who does what next.
fn plan_form(opened: &Opened, ticket: &Ticket) -> RecordForm {
    let key = sanitize(&ticket.key).into_owned();
    let plan = Field::text("Plan", TicketField::Plan)
        .with_placeholder("who does what next")
        .with_value(&ticket.plan);
    let title = format!("plan of {key}");
    let mut record =
        record_form(opened, &title, Table::Ticket, "ticket", Some(&ticket.id), vec![plan]);
    if let Target::Update { summary, .. } = &mut record.target {
        *summary = Some(format!("planned ticket {key}"));
    }
    record
}
