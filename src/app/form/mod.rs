//! One form component for adding and editing records: typed fields, focus, validation.
//! A screen declares the fields (each with a typed key, most a column); the form does the
//! rest.

mod choice;
mod field;
mod input;
mod key;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::records::FieldValue;
use crate::store::edit::Column;
pub use choice::Choice;
pub use field::{Field, InputKind};
pub use input::Input;
pub use key::{FieldKey, IntoKey};

/// What the form asks of its owner after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    Editing,
    Cancel,
    /// Every field passed its own check; the owner may still refuse (e.g. a taken slug).
    Submit,
    /// Edit the focused multi-line field's text in `$EDITOR`.
    OpenEditor(String),
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    /// Lines shown above the fields: what the form is about.
    pub notes: Vec<String>,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A message for the whole form, e.g. why the database refused it.
    pub error: Option<String>,
    initial: Vec<String>,
}

impl Form {
    pub fn new(title: &str, fields: Vec<Field>) -> Form {
        debug_assert!(
            fields.iter().enumerate().all(|(i, f)| fields[..i].iter().all(|g| g.key != f.key)),
            "each field of a form has its own key"
        );
        let initial = fields.iter().map(Field::value).collect();
        Form { title: title.to_string(), notes: Vec::new(), fields, focus: 0, error: None, initial }
    }

    /// Whether anything was typed since the form opened.
    pub fn is_modified(&self) -> bool {
        self.fields.iter().zip(&self.initial).any(|(f, v)| f.value() != *v)
    }

    /// The field keyed `key`, when the form has one.
    pub fn field(&self, key: impl IntoKey) -> Option<&Field> {
        let key = key.into_key();
        self.fields.iter().find(|f| f.key == key)
    }

    /// The field keyed `key`, to change, when the form has one.
    pub fn field_mut(&mut self, key: impl IntoKey) -> Option<&mut Field> {
        let key = key.into_key();
        self.fields.iter_mut().find(|f| f.key == key)
    }

    /// Sets the field keyed `key` to `value`, as if typed there.
    pub fn set_value(&mut self, key: impl IntoKey, value: &str) {
        if let Some(field) = self.field_mut(key) {
            *field = field.clone().with_value(value);
        }
    }

    /// The edited columns and their values, in field order.
    pub fn values(&self) -> Vec<(Column, FieldValue)> {
        self.fields.iter().filter_map(|f| f.column().map(|c| (c, f.stored_value()))).collect()
    }

    /// Whether the field keyed `key` differs from when the form opened.
    pub fn field_changed(&self, key: impl IntoKey) -> bool {
        let key = key.into_key();
        self.fields
            .iter()
            .zip(&self.initial)
            .any(|(f, initial)| f.key == key && f.value() != *initial)
    }

    /// The columns whose value differs from when the form opened.
    pub fn changed_values(&self) -> Vec<(Column, FieldValue)> {
        self.changed().map(|(column, field, _)| (column, field.stored_value())).collect()
    }

    /// The columns `changed_values` sets, with the values the form opened with.
    pub fn shown_values(&self) -> Vec<(Column, FieldValue)> {
        let opened_with = |field: &Field, text: &str| field.clone().with_value(text).stored_value();
        self.changed().map(|(column, field, text)| (column, opened_with(field, text))).collect()
    }

    /// Each edited column whose field differs from when the form opened, with the field and
    /// its text then.
    fn changed(&self) -> impl Iterator<Item = (Column, &Field, &str)> {
        self.fields
            .iter()
            .zip(&self.initial)
            .filter(|(f, initial)| f.value() != **initial)
            .filter_map(|(f, initial)| f.column().map(|c| (c, f, initial.as_str())))
    }

    /// Marks the field keyed `key` as wrong with `message` and moves the focus there; a
    /// form without that field shows the message for the whole form.
    pub fn reject(&mut self, key: impl IntoKey, message: String) {
        let key = key.into_key();
        match self.fields.iter().position(|f| f.key == key) {
            Some(i) => {
                self.fields[i].error = Some(message);
                self.focus = i;
            }
            None => self.error = Some(message),
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        let count = self.fields.len();
        let alt_or_shift = key.modifiers.intersects(KeyModifiers::ALT | KeyModifiers::SHIFT);
        let in_text = self.fields[self.focus].is_multiline();
        match key.code {
            KeyCode::Esc => return FormOutcome::Cancel,
            KeyCode::Enter if !(in_text && alt_or_shift) => return self.validate(),
            KeyCode::Char('e') if in_text && key.modifiers.contains(KeyModifiers::CONTROL) => {
                return FormOutcome::OpenEditor(self.fields[self.focus].value());
            }
            KeyCode::Tab => self.focus = (self.focus + 1) % count,
            KeyCode::BackTab => self.focus = (self.focus + count - 1) % count,
            KeyCode::Down if !in_text => self.focus = (self.focus + 1) % count,
            KeyCode::Up if !in_text => self.focus = (self.focus + count - 1) % count,
            _ => {
                if self.fields[self.focus].handle(key) {
                    self.fields[self.focus].error = None;
                    self.error = None;
                }
            }
        }
        FormOutcome::Editing
    }

    pub fn paste(&mut self, text: &str) {
        self.fields[self.focus].paste(text);
        self.fields[self.focus].error = None;
    }

    /// Puts text back from `$EDITOR` into the focused multi-line field.
    pub fn set_focused_text(&mut self, text: &str) {
        let field = &mut self.fields[self.focus];
        if field.is_multiline() {
            *field = field.clone().with_value(text);
        }
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
    use crate::model::{EngagementField, SkillRatingField, TaskField};
    use chrono::NaiveDate;

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
        let mut form = Form::new(
            "t",
            vec![
                Field::text("Name", EngagementField::Name).required(),
                Field::date("Start", EngagementField::StartDate),
            ],
        );
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
        assert_eq!(
            form.values()[1],
            (EngagementField::StartDate.into(), FieldValue::text("2026-02-28"))
        );
    }

    #[test]
    fn numbers_out_of_range_are_refused() {
        let mut form = Form::new("t", vec![Field::number("Level", SkillRatingField::Level, 0, 4)]);
        type_text(&mut form, "7");
        assert_eq!(form.handle_key(key(KeyCode::Enter)), FormOutcome::Editing);
        assert_eq!(
            form.fields[0].error.as_deref(),
            Some("Level must be a whole number from 0 to 4")
        );
        form.handle_key(key(KeyCode::Backspace));
        type_text(&mut form, "3");
        assert_eq!(form.handle_key(key(KeyCode::Enter)), FormOutcome::Submit);
        assert_eq!(form.values(), vec![(SkillRatingField::Level.into(), FieldValue::Integer(3))]);
    }

    #[test]
    fn decimals_in_a_currency_without_them_are_refused_with_what_to_enter() {
        use crate::model::health::CostField;
        let mut form = Form::new("t", vec![Field::amount("Amount", CostField::Amount, "JPY")]);
        type_text(&mut form, "1.5");
        assert_eq!(form.handle_key(key(KeyCode::Enter)), FormOutcome::Editing);
        assert_eq!(
            form.fields[0].error.as_deref(),
            Some("JPY has no minor unit: '1.5' has decimals; enter a whole amount")
        );
    }

    #[test]
    fn choices_cycle_and_jump_by_letter() {
        let options = vec![
            Choice::new("contractor", "contractor"),
            Choice::new("client", "client"),
            Choice::new("joint", "joint"),
        ];
        let mut form = Form::new(
            "t",
            vec![Field::choice("Side", TaskField::Side, options).with_value("client")],
        );
        form.handle_key(key(KeyCode::Right));
        assert_eq!(form.fields[0].value(), "joint");
        form.handle_key(key(KeyCode::Char('c')));
        assert_eq!(form.fields[0].value(), "contractor");
        form.handle_key(key(KeyCode::Char('c')));
        assert_eq!(form.fields[0].value(), "client");
        assert!(!form.is_modified(), "back where it started");
    }

    #[test]
    fn multiline_fields_keep_lines_and_enter_saves() {
        let mut form = Form::new("t", vec![Field::multiline("Notes", TaskField::Notes)]);
        type_text(&mut form, "first");
        form.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));
        type_text(&mut form, "second");
        assert_eq!(form.fields[0].value(), "first\nsecond");
        form.paste("\x1b[31mthird\r\nfourth");
        assert_eq!(form.fields[0].value(), "first\nsecond[31mthird\nfourth");
        let ctrl_e = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL);
        assert!(matches!(form.handle_key(ctrl_e), FormOutcome::OpenEditor(_)));
        assert_eq!(form.handle_key(key(KeyCode::Enter)), FormOutcome::Submit);
    }

    #[test]
    fn right_at_the_end_offers_names_and_any_other_name_is_kept() {
        let names = vec!["Ana Costa".to_string(), "Ben Okafor".to_string()];
        let mut form =
            Form::new("t", vec![Field::text("Who", TaskField::Assignee).offering(names)]);
        form.handle_key(key(KeyCode::Right));
        assert_eq!(form.fields[0].value(), "Ana Costa", "the first name when empty");
        form.handle_key(key(KeyCode::Right));
        assert_eq!(form.fields[0].value(), "Ben Okafor", "the next after a name");
        form.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        type_text(&mut form, "an");
        form.handle_key(key(KeyCode::Right));
        assert_eq!(form.fields[0].value(), "Ana Costa", "the name starting with what is typed");
        form.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        type_text(&mut form, "Jo Contractor");
        form.handle_key(key(KeyCode::Right));
        assert_eq!(form.fields[0].value(), "Jo Contractor", "a name not offered stays");
    }

    #[test]
    fn a_field_holding_several_adds_changes_and_removes_by_id_whatever_the_names() {
        let people = [("a", "Ana, Costa"), ("m1", "Mira Novak"), ("m2", "Mira Novak (2)")];
        let options = people.iter().map(|(id, name)| Choice::new(id, name)).collect();
        let mut form = Form::new(
            "t",
            vec![Field::several("Who", FieldKey::Trainees, options, &["m1".into()])],
        );
        form.handle_key(key(KeyCode::Right));
        assert_eq!(form.fields[0].chosen(), ["m1", "m2"], "the next one not chosen");
        form.handle_key(key(KeyCode::Right));
        assert_eq!(form.fields[0].chosen(), ["m1", "m2", "a"], "round to the first");
        form.handle_key(key(KeyCode::Right));
        assert_eq!(form.fields[0].chosen(), ["m1", "m2", "a"], "nobody is offered twice");
        assert_eq!(form.fields[0].display(), "Mira Novak, Mira Novak (2), Ana, Costa");
        form.handle_key(key(KeyCode::Backspace));
        form.handle_key(key(KeyCode::Left));
        assert_eq!(form.fields[0].chosen(), ["m1", "a"], "the last changed to one not chosen");
        form.handle_key(key(KeyCode::Backspace));
        form.handle_key(key(KeyCode::Char('m')));
        assert_eq!(form.fields[0].chosen(), ["m1", "m2"], "a letter adds one starting with it");
    }

    #[test]
    fn a_chosen_name_shows_without_the_terminal_controls_it_holds() {
        let options = vec![Choice::new("x", "Evil\x1b[31mRed")];
        let mut form =
            Form::new("t", vec![Field::several("Who", FieldKey::Trainees, options.clone(), &[])]);
        form.fields.push(Field::choice("One", TaskField::Side, options).with_value("x"));
        form.handle_key(key(KeyCode::Right));
        assert!(!form.fields[0].display().contains('\x1b'), "{:?}", form.fields[0].display());
        assert!(!form.fields[1].display().contains('\x1b'), "{:?}", form.fields[1].display());
    }

    #[test]
    fn pasted_text_lands_in_one_single_line_field() {
        let mut form = Form::new(
            "t",
            vec![Field::text("A", TaskField::Title), Field::text("B", TaskField::Assignee)],
        );
        form.paste("line one\nline two\x07");
        assert_eq!(form.fields[0].value(), "line one line two");
        assert_eq!(form.fields[1].value(), "");
    }

    #[test]
    fn the_form_knows_whether_anything_was_typed() {
        let mut form =
            Form::new("t", vec![Field::text("Reason", FieldKey::Reason).with_value("x")]);
        assert!(!form.is_modified());
        type_text(&mut form, "y");
        assert!(form.is_modified());
        assert_eq!(form.changed_values(), vec![]);
        form.handle_key(key(KeyCode::Backspace));
        assert!(!form.is_modified());
    }
}
