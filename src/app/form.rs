//! One form component for adding and editing records: typed fields, focus, validation.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::model::template::parse_date;

/// What a field holds, and so how it is checked.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text { required: bool },
    Date { required: bool },
}

/// A single-line text input with a cursor (a char index).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Input {
    value: String,
    cursor: usize,
}

impl Input {
    pub fn new(value: &str) -> Input {
        Input { value: value.to_string(), cursor: value.chars().count() }
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.value.char_indices().nth(char_index).map_or(self.value.len(), |(i, _)| i)
    }

    /// Applies an editing key; returns false for keys that are not editing keys.
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        let len = self.value.chars().count();
        match key.code {
            KeyCode::Char(c)
                if !key.modifiers.contains(KeyModifiers::CONTROL) && !c.is_control() =>
            {
                let at = self.byte_at(self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                let at = self.byte_at(self.cursor);
                self.value.replace_range(..at, "");
                self.cursor = 0;
            }
            KeyCode::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.value.remove(at);
                self.cursor -= 1;
            }
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
            }
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            KeyCode::Backspace | KeyCode::Delete => {}
            _ => return false,
        }
        true
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: &'static str,
    pub kind: FieldKind,
    pub input: Input,
    /// Shown dimmed while the field is empty: what an empty field means.
    pub placeholder: String,
    pub error: Option<String>,
}

impl Field {
    pub fn text(label: &'static str, required: bool) -> Field {
        Field {
            label,
            kind: FieldKind::Text { required },
            input: Input::default(),
            placeholder: String::new(),
            error: None,
        }
    }

    pub fn date(label: &'static str, required: bool) -> Field {
        Field { kind: FieldKind::Date { required }, ..Field::text(label, required) }
    }

    pub fn with_value(mut self, value: &str) -> Field {
        self.input = Input::new(value);
        self
    }

    pub fn with_placeholder(mut self, placeholder: &str) -> Field {
        self.placeholder = placeholder.to_string();
        self
    }

    pub fn value(&self) -> &str {
        self.input.value().trim()
    }

    /// The field's date, when it holds a valid one.
    pub fn date_value(&self) -> Option<NaiveDate> {
        parse_date(self.value()).ok()
    }

    fn check(&self) -> Option<String> {
        let empty = self.value().is_empty();
        match self.kind {
            FieldKind::Text { required } | FieldKind::Date { required } if empty => {
                required.then(|| format!("{} must not be empty", self.label))
            }
            FieldKind::Text { .. } => None,
            FieldKind::Date { .. } => parse_date(self.value()).err(),
        }
    }
}

/// What the form asks of its owner after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    Editing,
    Cancel,
    /// Every field passed its own check; the owner may still refuse (e.g. a taken slug).
    Submit,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A message for the whole form, e.g. why the database refused it.
    pub error: Option<String>,
    initial: Vec<String>,
}

impl Form {
    pub fn new(title: &str, fields: Vec<Field>) -> Form {
        let initial = fields.iter().map(|f| f.input.value().to_string()).collect();
        Form { title: title.to_string(), fields, focus: 0, error: None, initial }
    }

    /// Whether anything was typed since the form opened.
    pub fn is_modified(&self) -> bool {
        self.fields.iter().zip(&self.initial).any(|(f, v)| f.input.value() != v)
    }

    pub fn field(&self, label: &str) -> &Field {
        self.fields.iter().find(|f| f.label == label).expect("the form has this field")
    }

    /// Marks `label` as wrong with `message` and moves the focus there.
    pub fn reject(&mut self, label: &str, message: String) {
        if let Some(i) = self.fields.iter().position(|f| f.label == label) {
            self.fields[i].error = Some(message);
            self.focus = i;
        } else {
            self.error = Some(message);
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        let count = self.fields.len();
        match key.code {
            KeyCode::Esc => return FormOutcome::Cancel,
            KeyCode::Enter => return self.validate(),
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1) % count,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + count - 1) % count,
            _ => {
                if self.fields[self.focus].input.handle(key) {
                    self.fields[self.focus].error = None;
                    self.error = None;
                }
            }
        }
        FormOutcome::Editing
    }

    /// Checks every field, noting each problem beside its field; focuses the first one.
    fn validate(&mut self) -> FormOutcome {
        for field in &mut self.fields {
            field.error = field.check();
        }
        match self.fields.iter().position(|f| f.error.is_some()) {
            Some(i) => {
                self.focus = i;
                FormOutcome::Editing
            }
            None => FormOutcome::Submit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn type_text(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.handle_key(key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn impossible_dates_and_empty_required_fields_are_refused() {
        let mut form = Form::new("t", vec![Field::text("Name", true), Field::date("Start", false)]);
        assert_eq!(form.handle_key(key(KeyCode::Enter)), FormOutcome::Editing);
        assert_eq!(form.fields[0].error.as_deref(), Some("Name must not be empty"));
        type_text(&mut form, "Billing");
        form.handle_key(key(KeyCode::Tab));
        type_text(&mut form, "2026-02-30");
        assert_eq!(form.handle_key(key(KeyCode::Enter)), FormOutcome::Editing);
        assert_eq!(form.focus, 1);
        assert!(form.fields[1].error.as_deref().unwrap().contains("not a valid date"));
        for _ in 0..2 {
            form.handle_key(key(KeyCode::Backspace));
        }
        type_text(&mut form, "28");
        assert_eq!(form.handle_key(key(KeyCode::Enter)), FormOutcome::Submit);
        assert_eq!(form.fields[1].date_value(), NaiveDate::from_ymd_opt(2026, 2, 28));
    }

    #[test]
    fn editing_moves_the_cursor_over_characters_not_bytes() {
        let mut input = Input::new("Zürich");
        for _ in 0..4 {
            input.handle(key(KeyCode::Left));
        }
        input.handle(key(KeyCode::Backspace));
        assert_eq!(input.value(), "Zrich");
        input.handle(key(KeyCode::Char('ü')));
        assert_eq!(input.value(), "Zürich");
        assert!(!input.handle(key(KeyCode::Enter)));
    }

    #[test]
    fn the_form_knows_whether_anything_was_typed() {
        let mut form = Form::new("t", vec![Field::text("Name", true).with_value("x")]);
        assert!(!form.is_modified());
        type_text(&mut form, "y");
        assert!(form.is_modified());
        form.handle_key(key(KeyCode::Backspace));
        assert!(!form.is_modified());
    }
}
