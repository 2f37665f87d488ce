//! The dialogs over a screen — the help and palette, a form, a confirmation — and how they
//! take keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::form::FormOutcome;
use super::picker::Picker;
use super::place::RecordRef;
use super::targets::{self, Plan, RecordForm, Saved};
use super::{Effect, State, TerminalRequest};
use crate::model::EngagementData;
use crate::store::edit::Table;

/// What a confirmed dialog does.
#[derive(Debug, Clone)]
pub enum Then {
    Apply(Plan),
    /// Save this form (the one under the question, changed) as if Enter were pressed in it.
    Submit(Box<RecordForm>),
    /// Apply the plan, then select the record again wherever it went.
    ApplyAndFollow(Plan, RecordRef),
    /// Close the form underneath without saving.
    Discard,
    Quit,
}

#[derive(Debug, Clone)]
pub struct Confirm {
    pub question: String,
    pub then: Then,
    /// The overlay to return to when the answer is no.
    pub back: Option<Box<Overlay>>,
    /// The edit `n` makes instead, when the question offers two (then only `Esc` goes back).
    pub other: Option<OtherAnswer>,
}

/// The other of two answers: the edit `n` makes, and the words the dialog gives `y` and `n`.
#[derive(Debug, Clone)]
pub struct OtherAnswer {
    pub plan: Plan,
    pub words: [&'static str; 2],
}

/// The record to select once the screen is read again after an edit.
#[derive(Debug, Clone)]
pub enum Select {
    /// The record added to `table`: the one whose id is not among `before`.
    Added { table: Table, before: Vec<String> },
    /// A record an edit may have moved (a card to another column).
    Record(RecordRef),
}

/// The ids of the engagement's records of `table`.
fn ids(data: &EngagementData, table: Table) -> Vec<String> {
    fn of<T>(records: &[T], id: fn(&T) -> &String) -> Vec<String> {
        records.iter().map(|r| id(r).clone()).collect()
    }
    match table {
        Table::Task => of(&data.tasks, |r| &r.id),
        Table::GateCriterion => of(&data.gates, |r| &r.id),
        Table::Role => of(&data.roles, |r| &r.id),
        Table::Person => of(&data.people, |r| &r.id),
        Table::ContractorPerson => of(&data.contractor_staff, |r| &r.id),
        Table::Skill => of(&data.skills, |r| &r.id),
        Table::KtTopic => of(&data.kt_topics, |r| &r.id),
        Table::Responsibility => of(&data.responsibilities, |r| &r.id),
        Table::DocItem => of(&data.docs, |r| &r.id),
        Table::Risk => of(&data.risks, |r| &r.id),
        Table::BudgetLine => of(&data.budget, |r| &r.id),
        Table::CostEntry => of(&data.costs, |r| &r.id),
        Table::UserTest => of(&data.user_tests, |r| &r.id),
        Table::Integration => of(&data.integrations, |r| &r.id),
        Table::Lesson => of(&data.lessons, |r| &r.id),
        Table::HandoverItem => of(&data.handover, |r| &r.id),
        _ => Vec::new(),
    }
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Picker(Picker),
    Form(RecordForm),
    Confirm(Confirm),
}

impl State {
    /// Asks `question` before doing `then`; a no returns to the dialog it covers.
    pub(super) fn confirm(&mut self, question: String, then: Then) {
        let back = self.overlay.take().map(Box::new);
        let question = crate::model::text::sanitize(&question).into_owned();
        self.overlay = Some(Overlay::Confirm(Confirm { question, then, back, other: None }));
    }

    /// Asks `question`, offering two answers, each with its words: `yes` (`y`) and `no`
    /// (`n`); `Esc` goes back.
    pub(super) fn offer(
        &mut self,
        question: String,
        (yes_words, yes): (&'static str, Then),
        (no_words, no): (&'static str, Plan),
    ) {
        self.confirm(question, yes);
        if let Some(Overlay::Confirm(confirm)) = &mut self.overlay {
            confirm.other = Some(OtherAnswer { plan: no, words: [yes_words, no_words] });
        }
    }

    /// Handles a key in the overlay.
    pub(super) fn overlay_key(&mut self, key: KeyEvent) -> Option<Effect> {
        let ctrl_c =
            key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        match self.overlay.take()? {
            Overlay::Picker(picker) => return self.picker_key(picker, key),
            Overlay::Confirm(confirm) => match key.code {
                KeyCode::Enter | KeyCode::Char('y') | KeyCode::Char('Y') => match confirm.then {
                    Then::Apply(plan) => return Some(Effect::Apply(plan)),
                    Then::ApplyAndFollow(plan, record) => {
                        self.select = Some(Select::Record(record));
                        return Some(Effect::Apply(plan));
                    }
                    Then::Submit(record) => return self.submit(*record),
                    Then::Discard => {}
                    Then::Quit => self.quit = true,
                },
                KeyCode::Char('n') | KeyCode::Char('N') if confirm.other.is_some() => {
                    return confirm.other.map(|other| Effect::Apply(other.plan));
                }
                KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('N') => {
                    self.overlay = confirm.back.map(|b| *b);
                }
                _ => self.overlay = Some(Overlay::Confirm(confirm)),
            },
            Overlay::Form(mut record) => {
                let outcome =
                    if ctrl_c { FormOutcome::Cancel } else { record.form.handle_key(key) };
                let modified = record.form.is_modified();
                match outcome {
                    FormOutcome::Editing => {
                        targets::follow_format(&mut record);
                        self.overlay = Some(Overlay::Form(record));
                    }
                    FormOutcome::Cancel if modified => {
                        self.overlay = Some(Overlay::Form(record));
                        let then = if ctrl_c { Then::Quit } else { Then::Discard };
                        self.confirm("Discard what you typed?".into(), then);
                    }
                    FormOutcome::Cancel => self.quit = ctrl_c,
                    FormOutcome::OpenEditor(text) => {
                        self.overlay = Some(Overlay::Form(record));
                        self.request = Some(TerminalRequest::Editor(text));
                    }
                    FormOutcome::Submit => return self.submit(record),
                }
            }
        }
        None
    }

    /// Saves the form whose fields passed their checks; it stays open under a question or
    /// with the reason the save was refused.
    fn submit(&mut self, mut record: RecordForm) -> Option<Effect> {
        if let Some(table) = record.target.inserts_into() {
            self.select = Some(self.added_to(table));
        }
        let saved = targets::save(&mut record, self.defaults, self.today);
        self.overlay = Some(Overlay::Form(record));
        match saved? {
            Saved::NewEngagement(new) => Some(Effect::Create(new)),
            Saved::Plan(plan) => self.apply_form(plan),
            Saved::Write(output, path) => Some(Effect::Write(output, path)),
            Saved::ImportTickets { slug, path } => Some(Effect::ImportTickets { slug, path }),
            Saved::Unchanged => {
                self.overlay = None;
                self.message = Some("nothing changed".into());
                None
            }
        }
    }

    pub(super) fn picker_key(&mut self, mut picker: Picker, key: KeyEvent) -> Option<Effect> {
        let count = picker.entries(&self.bindings()).len();
        match key.code {
            KeyCode::Esc => return None,
            KeyCode::Up => picker.selected = picker.selected.saturating_sub(1),
            KeyCode::Down => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
            KeyCode::Enter => {
                let chosen =
                    picker.entries(&self.bindings()).get(picker.selected).map(|e| e.action);
                return chosen.and_then(|action| self.apply(action));
            }
            _ => {
                if picker.query.handle(key) {
                    picker.selected = 0;
                }
            }
        }
        self.overlay = Some(Overlay::Picker(picker));
        None
    }

    /// A Space step of the record `name` from the state `from` to `to`: at once, unless
    /// `wraps` (from the last state back to the first, undoing every step before), which
    /// asks first.
    pub(super) fn step(
        &mut self,
        plan: Plan,
        wraps: bool,
        (name, from, to): (&str, &str, &str),
    ) -> Option<Effect> {
        if !wraps {
            return Some(Effect::Apply(plan));
        }
        let question = format!("Set '{name}' from {from} back to {to}?");
        let then = match self.selected_record() {
            Some(record) => Then::ApplyAndFollow(plan, record),
            None => Then::Apply(plan),
        };
        self.confirm(question, then);
        None
    }

    /// The records of `table` before one is added to it.
    fn added_to(&self, table: Table) -> Select {
        let data = self.opened.as_ref().map(|o| &o.data);
        Select::Added { table, before: data.map(|d| ids(d, table)).unwrap_or_default() }
    }

    /// Once the screen is read again after an edit: selects the record added, or the one
    /// the edit moved, where its list shows it, whatever the list's order.
    pub(super) fn select_after_edit(&mut self) {
        let record = match self.select.take() {
            Some(Select::Added { table, before }) => {
                let Some(data) = self.opened.as_ref().map(|o| &o.data) else { return };
                let added = ids(data, table).into_iter().find(|id| !before.contains(id));
                added.map(|id| RecordRef::new(table, &id))
            }
            Some(Select::Record(record)) => Some(record),
            None => None,
        };
        if let Some(record) = record {
            self.go_to_record(&record);
        }
    }

    /// Puts the text back from `$EDITOR` into the open form, or says why not.
    pub fn editor_finished(&mut self, result: Result<String, String>) {
        match (result, &mut self.overlay) {
            (Ok(text), Some(Overlay::Form(record))) => record.form.set_focused_text(&text),
            (Err(message), _) => self.message = Some(message),
            _ => {}
        }
    }
}
