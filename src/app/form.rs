//! One form component for adding and editing records: typed fields, focus, validation.
//! A screen declares the fields (each tied to a column); the form does the rest.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

use crate::model::health::parse_amount;
use crate::model::template::parse_date;
use crate::model::text::{sanitize, sanitize_lines};
use crate::records::FieldValue;
use crate::store::edit::Column;

/// A single-line text input: ratatui-textarea's editor held to one line of safe text.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// Boxed: a text area is large, and every field, filter and palette holds one.
    area: Box<TextArea<'static>>,
}

impl Input {
    /// An input holding `value` as it is (the caller makes it safe), the cursor at its end.
    pub fn new(value: &str) -> Input {
        let mut area = TextArea::new(vec![value.to_string()]);
        area.move_cursor(CursorMove::End);
        Input { area: Box::new(area) }
    }

    pub fn value(&self) -> &str {
        &self.area.lines()[0]
    }

    /// The cursor's position, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.area.cursor().1
    }

    /// Inserts text at the cursor, as one line without control or bidi characters.
    pub fn insert(&mut self, text: &str) {
        let clean: String = text
            .chars()
            .map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        self.area.insert_str(sanitize(&clean));
    }

    /// Applies an editing key: a character, Backspace, Delete, `Ctrl-u` (delete to the
    /// start), ←, →, Home, End. Returns false for keys that are not editing keys.
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let plain = (key.modifiers - KeyModifiers::SHIFT).is_empty();
        match key.code {
            KeyCode::Char(c) if plain && !c.is_control() => self.insert(c.encode_utf8(&mut [0; 4])),
            KeyCode::Char('u') if ctrl => _ = self.area.delete_line_by_head(),
            KeyCode::Backspace => _ = self.area.delete_char(),
            KeyCode::Delete => _ = self.area.delete_next_char(),
            KeyCode::Left => self.area.move_cursor(CursorMove::Back),
            KeyCode::Right => self.area.move_cursor(CursorMove::Forward),
            KeyCode::Home => self.area.move_cursor(CursorMove::Head),
            KeyCode::End => self.area.move_cursor(CursorMove::End),
            _ => return false,
        }
        true
    }
}

/// One choice of a choice field: the stored value and what the user reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: &str, label: &str) -> Choice {
        Choice { value: value.into(), label: label.into() }
    }
}

/// What a field holds, and so how it is edited and checked.
#[derive(Debug, Clone)]
pub enum FieldKind {
    Text,
    Date,
    /// A whole number between the bounds.
    Number {
        min: i64,
        max: i64,
    },
    /// One of a list: an enumerated column, or a reference to another record.
    Choice {
        options: Vec<Choice>,
        selected: Option<usize>,
    },
    /// Several lines, edited in place or in `$EDITOR`.
    MultiLine(Box<TextArea<'static>>),
    /// Money in the currency's decimals, stored exactly as an integer of minor units.
    Amount {
        currency: String,
        negative: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    /// The column the field edits (None for values the screen handles itself).
    pub column: Option<Column>,
    pub kind: FieldKind,
    pub required: bool,
    /// Empty is stored as an empty text rather than NULL (for a NOT NULL column).
    pub empty_text: bool,
    pub input: Input,
    /// Shown dimmed while the field is empty: what an empty field means.
    pub placeholder: String,
    pub error: Option<String>,
    /// Names a text field offers with → at the end of its text; any other text is kept too.
    pub offers: Vec<String>,
    /// The field lists several of the offered names, comma-separated: → offers the next
    /// name for the last one.
    pub several: bool,
}

impl Field {
    pub fn text(label: &'static str, column: Option<Column>) -> Field {
        Field {
            label,
            column,
            kind: FieldKind::Text,
            required: false,
            empty_text: false,
            input: Input::default(),
            placeholder: String::new(),
            error: None,
            offers: Vec::new(),
            several: false,
        }
    }

    pub fn date(label: &'static str, column: Option<Column>) -> Field {
        Field {
            kind: FieldKind::Date,
            placeholder: "YYYY-MM-DD".into(),
            ..Field::text(label, column)
        }
    }

    pub fn number(label: &'static str, column: Option<Column>, min: i64, max: i64) -> Field {
        Field {
            kind: FieldKind::Number { min, max },
            placeholder: format!("{min} to {max}"),
            ..Field::text(label, column)
        }
    }

    /// A number field held to a value rule shared with the importers.
    pub fn ranged(
        label: &'static str,
        column: Option<Column>,
        range: &crate::model::rules::Range,
    ) -> Field {
        Field::number(label, column, range.min, range.max)
    }

    pub fn choice(label: &'static str, column: Option<Column>, options: Vec<Choice>) -> Field {
        Field { kind: FieldKind::Choice { options, selected: None }, ..Field::text(label, column) }
    }

    pub fn amount(label: &'static str, column: Option<Column>, currency: &str) -> Field {
        Field {
            kind: FieldKind::Amount { currency: currency.to_string(), negative: true },
            placeholder: format!("e.g. 1,234.50 ({currency})"),
            ..Field::text(label, column)
        }
    }

    /// For an amount: refuses a negative one.
    pub fn not_negative(mut self) -> Field {
        if let FieldKind::Amount { negative, .. } = &mut self.kind {
            *negative = false;
        }
        self
    }

    pub fn multiline(label: &'static str, column: Option<Column>) -> Field {
        Field { kind: FieldKind::MultiLine(Box::default()), ..Field::text(label, column) }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// Sets the field's value: the text, or for a choice the option's stored value.
    pub fn with_value(mut self, value: &str) -> Field {
        match &mut self.kind {
            FieldKind::Choice { options, selected } => {
                *selected = options.iter().position(|o| o.value == value);
            }
            // The text area shows its text as it is: made safe first, so that what the
            // user sees is what a save writes.
            FieldKind::MultiLine(area) => {
                **area = TextArea::new(sanitize_lines(value).lines().map(String::from).collect());
            }
            _ => self.input = Input::new(&sanitize(value)),
        }
        self
    }

    /// Offers `names` in a text field (see `offers`).
    pub fn offering(mut self, names: Vec<String>) -> Field {
        self.offers = names;
        self
    }

    /// Offers `names` in a text field listing several of them (see `several`).
    pub fn offering_several(mut self, names: Vec<String>) -> Field {
        self.offers = names;
        self.several = true;
        self
    }

    /// The names of a field listing several, as typed.
    pub fn listed(&self) -> Vec<String> {
        let value = self.value();
        value.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect()
    }

    pub fn with_placeholder(mut self, placeholder: &str) -> Field {
        self.placeholder = placeholder.to_string();
        self
    }

    /// The field's value as text: trimmed input, a choice's stored value, or the lines.
    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Choice { options, selected } => {
                selected.and_then(|i| options.get(i)).map(|o| o.value.clone()).unwrap_or_default()
            }
            FieldKind::MultiLine(area) => area.lines().join("\n").trim_end().to_string(),
            _ => self.input.value().trim().to_string(),
        }
    }

    /// What the field shows on its line.
    pub fn display(&self) -> String {
        match &self.kind {
            FieldKind::Choice { options, selected } => selected
                .and_then(|i| options.get(i))
                .map(|o| format!("◂ {} ▸", o.label))
                .unwrap_or_default(),
            FieldKind::MultiLine(area) => area.lines().join(" ⏎ "),
            _ => self.input.value().to_string(),
        }
    }

    /// The field's date, when it holds a valid one.
    pub fn date_value(&self) -> Option<NaiveDate> {
        parse_date(&self.value()).ok()
    }

    /// Stores an empty value as an empty text, for a column that does not take NULL.
    pub fn empty_text(mut self) -> Field {
        self.empty_text = true;
        self
    }

    /// The value to store: none when empty (unless `empty_text`), a number for number
    /// fields, else text.
    pub fn stored_value(&self) -> FieldValue {
        let text = self.value();
        match &self.kind {
            _ if text.is_empty() && self.empty_text => FieldValue::Text(text),
            _ if text.is_empty() => FieldValue::Null,
            FieldKind::Number { .. } => text.parse().map_or(FieldValue::Null, FieldValue::Integer),
            FieldKind::Amount { currency, .. } => {
                parse_amount(&text, currency).map_or(FieldValue::Null, FieldValue::Integer)
            }
            _ => FieldValue::Text(text),
        }
    }

    /// Why the value cannot be saved, if it cannot.
    fn check(&self) -> Option<String> {
        let text = self.value();
        if text.is_empty() {
            return self.required.then(|| format!("{} must not be empty", self.label));
        }
        match &self.kind {
            FieldKind::Date => parse_date(&text).err(),
            FieldKind::Number { min, max } => match text.parse::<i64>() {
                Ok(n) if (*min..=*max).contains(&n) => None,
                _ => Some(format!("{} must be a whole number from {min} to {max}", self.label)),
            },
            FieldKind::Amount { currency, negative } => match parse_amount(&text, currency) {
                Ok(amount) if amount < 0 && !negative => {
                    Some(format!("{} cannot be negative", self.label))
                }
                Ok(_) => None,
                Err(message) => Some(message),
            },
            _ => None,
        }
    }

    fn is_multiline(&self) -> bool {
        matches!(self.kind, FieldKind::MultiLine(_))
    }

    /// Applies a key meant for this field; returns whether it changed anything.
    fn handle(&mut self, key: KeyEvent) -> bool {
        if key.code == KeyCode::Right && !self.offers.is_empty() && self.at_end() {
            return self.offer_next();
        }
        match &mut self.kind {
            FieldKind::Choice { options, selected } => {
                let count = options.len();
                if count == 0 {
                    return false;
                }
                let next = match key.code {
                    KeyCode::Right | KeyCode::Char(' ') => selected.map_or(0, |i| (i + 1) % count),
                    KeyCode::Left => selected.map_or(count - 1, |i| (i + count - 1) % count),
                    KeyCode::Backspace | KeyCode::Delete if !self.required => {
                        *selected = None;
                        return true;
                    }
                    KeyCode::Char(c) => {
                        let c = c.to_lowercase().to_string();
                        let start = selected.map_or(0, |i| i + 1);
                        match (0..count)
                            .map(|k| (start + k) % count)
                            .find(|&i| options[i].label.to_lowercase().starts_with(&c))
                        {
                            Some(i) => i,
                            None => return false,
                        }
                    }
                    _ => return false,
                };
                *selected = Some(next);
                true
            }
            FieldKind::MultiLine(area) => {
                if key.code == KeyCode::Enter {
                    area.insert_newline();
                } else {
                    area.input(key);
                }
                true
            }
            _ => self.input.handle(key),
        }
    }

    fn at_end(&self) -> bool {
        self.input.cursor() == self.input.value().chars().count()
    }

    /// Replaces the text (in a field listing several, its last name) with the next offered
    /// name: the first that starts with what is typed, or after a name already offered, the
    /// one after it; a list skips the names it holds already.
    fn offer_next(&mut self) -> bool {
        let value = self.input.value().to_string();
        let (head, typed) = match value.rsplit_once(',') {
            Some((head, last)) if self.several => (Some(head.trim_end()), last.trim()),
            _ => (None, value.trim()),
        };
        let listed: Vec<&str> = head.map_or(Vec::new(), |h| h.split(',').map(str::trim).collect());
        let offers: Vec<&String> =
            self.offers.iter().filter(|name| !listed.contains(&name.as_str())).collect();
        let next = match offers.iter().position(|name| *name == typed) {
            Some(i) => offers.get((i + 1) % offers.len()),
            None => {
                let typed = typed.to_lowercase();
                offers.iter().find(|name| name.to_lowercase().starts_with(&typed))
            }
        };
        let Some(next) = next else { return false };
        let text = match head {
            Some(head) => format!("{head}, {next}"),
            None => next.to_string(),
        };
        self.input = Input::new(&sanitize(&text));
        true
    }

    /// Inserts pasted text: one line for single-line fields, control characters removed.
    fn paste(&mut self, text: &str) {
        match &mut self.kind {
            FieldKind::Choice { .. } => {}
            FieldKind::MultiLine(area) => {
                let clean: String = text
                    .replace("\r\n", "\n")
                    .replace('\r', "\n")
                    .chars()
                    .filter(|c| *c == '\n' || !c.is_control())
                    .collect();
                area.insert_str(sanitize_lines(&clean));
            }
            _ => self.input.insert(text),
        }
    }
}

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
        let initial = fields.iter().map(Field::value).collect();
        Form { title: title.to_string(), notes: Vec::new(), fields, focus: 0, error: None, initial }
    }

    /// Whether anything was typed since the form opened.
    pub fn is_modified(&self) -> bool {
        self.fields.iter().zip(&self.initial).any(|(f, v)| f.value() != *v)
    }

    pub fn field(&self, label: &str) -> &Field {
        self.fields.iter().find(|f| f.label == label).expect("the form has this field")
    }

    /// The edited columns and their values, in field order.
    pub fn values(&self) -> Vec<(Column, FieldValue)> {
        self.fields.iter().filter_map(|f| f.column.map(|c| (c, f.stored_value()))).collect()
    }

    /// Whether the field labelled `label` differs from when the form opened.
    pub fn field_changed(&self, label: &str) -> bool {
        self.fields
            .iter()
            .zip(&self.initial)
            .any(|(f, initial)| f.label == label && f.value() != *initial)
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
            .filter_map(|(f, initial)| f.column.map(|c| (c, f, initial.as_str())))
    }

    /// Marks `label` as wrong with `message` and moves the focus there.
    pub fn reject(&mut self, label: &str, message: String) {
        match self.fields.iter().position(|f| f.label == label) {
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
                Field::text("Name", Some(EngagementField::Name.into())).required(),
                Field::date("Start", Some(EngagementField::StartDate.into())),
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
        let mut form = Form::new(
            "t",
            vec![Field::number("Level", Some(SkillRatingField::Level.into()), 0, 4)],
        );
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
    fn choices_cycle_and_jump_by_letter() {
        let options = vec![
            Choice::new("contractor", "contractor"),
            Choice::new("client", "client"),
            Choice::new("joint", "joint"),
        ];
        let mut form = Form::new(
            "t",
            vec![Field::choice("Side", Some(TaskField::Side.into()), options).with_value("client")],
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
        let mut form =
            Form::new("t", vec![Field::multiline("Notes", Some(TaskField::Notes.into()))]);
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
        let mut form = Form::new("t", vec![Field::text("Who", None).offering(names)]);
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
    fn a_field_listing_several_names_offers_the_next_for_its_last_one() {
        let names: Vec<String> = ["Ana Costa", "Ben Okafor", "Cleo Marin"].map(String::from).into();
        let mut form = Form::new("t", vec![Field::text("Who", None).offering_several(names)]);
        form.handle_key(key(KeyCode::Right));
        assert_eq!(form.fields[0].value(), "Ana Costa");
        type_text(&mut form, ", ");
        form.handle_key(key(KeyCode::Right));
        assert_eq!(form.fields[0].value(), "Ana Costa, Ben Okafor", "not the one listed already");
        form.handle_key(key(KeyCode::Right));
        assert_eq!(form.fields[0].value(), "Ana Costa, Cleo Marin");
        type_text(&mut form, ",b");
        form.handle_key(key(KeyCode::Right));
        assert_eq!(form.fields[0].listed(), ["Ana Costa", "Cleo Marin", "Ben Okafor"]);
    }

    #[test]
    fn pasted_text_lands_in_one_single_line_field() {
        let mut form = Form::new("t", vec![Field::text("A", None), Field::text("B", None)]);
        form.paste("line one\nline two\x07");
        assert_eq!(form.fields[0].value(), "line one line two");
        assert_eq!(form.fields[1].value(), "");
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
    fn a_single_line_input_keeps_one_line_and_its_editing_keys() {
        let mut input = Input::new("Zürich Nord");
        input.handle(key(KeyCode::Home));
        input.handle(key(KeyCode::Delete));
        input.handle(key(KeyCode::End));
        input.handle(key(KeyCode::Left));
        input.handle(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!((input.value(), input.cursor()), ("d", 0));
        for editor_key in [KeyCode::Enter, KeyCode::Tab] {
            assert!(!input.handle(key(editor_key)), "{editor_key:?} is not an editing key");
        }
        input.insert("a\nb\tc\u{202e}");
        assert_eq!((input.value(), input.cursor()), ("a b cd", 5));
    }

    #[test]
    fn the_form_knows_whether_anything_was_typed() {
        let mut form = Form::new("t", vec![Field::text("Name", None).with_value("x")]);
        assert!(!form.is_modified());
        type_text(&mut form, "y");
        assert!(form.is_modified());
        assert_eq!(form.changed_values(), vec![]);
        form.handle_key(key(KeyCode::Backspace));
        assert!(!form.is_modified());
    }
}
