//! The dialogs over a screen — the help and palette, a form, a confirmation — and how they
//! take keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::form::FormOutcome;
use super::picker::Picker;
use super::records::{self, Plan, RecordForm, Saved};
use super::{Effect, State, TerminalRequest};

/// What a confirmed dialog does.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    Apply(Plan),
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
    pub keep: Option<Plan>,
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
        self.overlay = Some(Overlay::Confirm(Confirm { question, then, back, keep: None }));
    }

    /// Asks `question`, offering two edits: `yes` (`y`) and `no` (`n`); `Esc` goes back.
    pub(super) fn offer(&mut self, question: String, yes: Plan, no: Plan) {
        self.confirm(question, Then::Apply(yes));
        if let Some(Overlay::Confirm(confirm)) = &mut self.overlay {
            confirm.keep = Some(no);
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
                    Then::Discard => {}
                    Then::Quit => self.quit = true,
                },
                KeyCode::Char('n') | KeyCode::Char('N') if confirm.keep.is_some() => {
                    return confirm.keep.map(Effect::Apply);
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
                        records::follow_format(&mut record);
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
                    FormOutcome::Submit => {
                        if matches!(record.target, records::Target::Insert { .. })
                            && let Some(row) = self.row_mut()
                        {
                            // The new record comes last: select it once it is saved.
                            *row = usize::MAX;
                        }
                        let saved = records::save(&mut record, self.defaults);
                        self.overlay = Some(Overlay::Form(record));
                        match saved? {
                            Saved::NewEngagement(new) => return Some(Effect::Create(new)),
                            Saved::Plan(plan) => return self.apply_form(plan),
                            Saved::Write(output, path) => return Some(Effect::Write(output, path)),
                            Saved::Unchanged => {
                                self.overlay = None;
                                self.message = Some("nothing changed".into());
                            }
                        }
                    }
                }
            }
        }
        None
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

    /// Puts the text back from `$EDITOR` into the open form, or says why not.
    pub fn editor_finished(&mut self, result: Result<String, String>) {
        match (result, &mut self.overlay) {
            (Ok(text), Some(Overlay::Form(record))) => record.form.set_focused_text(&text),
            (Err(message), _) => self.message = Some(message),
            _ => {}
        }
    }
}
