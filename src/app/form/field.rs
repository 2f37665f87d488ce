//! A form's field: what it holds, how a key edits it, and whether its value can be saved.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use super::choice::{Choice, choose_one, choose_several};
use super::{FieldKey, Input, IntoKey};
use crate::model::health::{AmountError, parse_amount};
use crate::model::template::parse_date;
use crate::model::text::{name_key, sanitize, sanitize_lines};
use crate::records::FieldValue;
use crate::store::edit::Column;

/// What a field holds, and so how it is edited and checked.
#[derive(Debug, Clone)]
pub enum InputKind {
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
    /// Any number of a list, in the order chosen: the people of a KT topic's trainees.
    Several {
        options: Vec<Choice>,
        chosen: Vec<usize>,
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
    /// What the field is: the column it edits, or a value the form's owner reads itself.
    pub key: FieldKey,
    pub kind: InputKind,
    pub required: bool,
    /// Empty is stored as an empty text rather than NULL (for a NOT NULL column).
    pub empty_text: bool,
    pub input: Input,
    /// Shown dimmed while the field is empty: what an empty field means.
    pub placeholder: String,
    pub error: Option<String>,
    /// Names a text field offers with → at the end of its text; any other text is kept too.
    pub offers: Vec<String>,
    /// Names a person's name field refuses: those other people of the engagement have.
    pub taken: Vec<String>,
}

impl Field {
    pub fn text(label: &'static str, key: impl IntoKey) -> Field {
        Field {
            label,
            key: key.into_key(),
            kind: InputKind::Text,
            required: false,
            empty_text: false,
            input: Input::default(),
            placeholder: String::new(),
            error: None,
            offers: Vec::new(),
            taken: Vec::new(),
        }
    }

    pub fn date(label: &'static str, key: impl IntoKey) -> Field {
        Field { kind: InputKind::Date, placeholder: "YYYY-MM-DD".into(), ..Field::text(label, key) }
    }

    pub fn number(label: &'static str, key: impl IntoKey, min: i64, max: i64) -> Field {
        Field {
            kind: InputKind::Number { min, max },
            placeholder: format!("{min} to {max}"),
            ..Field::text(label, key)
        }
    }

    /// A number field held to a value rule shared with the importers.
    pub fn ranged(
        label: &'static str,
        key: impl IntoKey,
        range: &crate::model::rules::Range,
    ) -> Field {
        Field::number(label, key, range.min, range.max)
    }

    pub fn choice(label: &'static str, key: impl IntoKey, options: Vec<Choice>) -> Field {
        Field { kind: InputKind::Choice { options, selected: None }, ..Field::text(label, key) }
    }

    /// A field holding any number of `options`, `chosen` (stored values) to begin with.
    pub fn several(
        label: &'static str,
        key: FieldKey,
        options: Vec<Choice>,
        chosen: &[String],
    ) -> Field {
        let chosen = chosen.iter().filter_map(|v| options.iter().position(|o| o.value == *v));
        let kind = InputKind::Several { chosen: chosen.collect(), options };
        Field { kind, ..Field::text(label, key) }
    }

    /// The column the field edits, when it edits one.
    pub fn column(&self) -> Option<Column> {
        self.key.column()
    }

    /// The stored values a field holding several has, in the order chosen.
    pub fn chosen(&self) -> Vec<String> {
        match &self.kind {
            InputKind::Several { options, chosen } => {
                chosen.iter().map(|&i| options[i].value.clone()).collect()
            }
            _ => Vec::new(),
        }
    }

    pub fn amount(label: &'static str, key: impl IntoKey, currency: &str) -> Field {
        Field {
            kind: InputKind::Amount { currency: currency.to_string(), negative: true },
            placeholder: format!("e.g. 1,234.50 ({currency})"),
            ..Field::text(label, key)
        }
    }

    /// For an amount: refuses a negative one.
    pub fn not_negative(mut self) -> Field {
        if let InputKind::Amount { negative, .. } = &mut self.kind {
            *negative = false;
        }
        self
    }

    pub fn multiline(label: &'static str, key: impl IntoKey) -> Field {
        Field { kind: InputKind::MultiLine(Box::default()), ..Field::text(label, key) }
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// Sets the field's value: the text, or for a choice the option's stored value.
    pub fn with_value(mut self, value: &str) -> Field {
        match &mut self.kind {
            InputKind::Choice { options, selected } => {
                *selected = options.iter().position(|o| o.value == value);
            }
            // The text area shows its text as it is: made safe first, so that what the
            // user sees is what a save writes.
            InputKind::MultiLine(area) => {
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

    /// Refuses, in a person's name field, the names `taken` by the engagement's other
    /// people (whatever the case): texts naming one of them would be renamed with the other.
    pub fn refusing_names(mut self, taken: Vec<String>) -> Field {
        self.taken = taken;
        self
    }

    /// Drops the choice storing `value` (a record deleted elsewhere); chosen, it leaves the
    /// field empty (or, holding several, without it).
    pub fn forget(&mut self, value: &str) {
        let keep = |options: &mut Vec<Choice>, chosen: &[usize]| -> Vec<usize> {
            let values: Vec<String> = chosen.iter().map(|&i| options[i].value.clone()).collect();
            options.retain(|o| o.value != value);
            values.iter().filter_map(|v| options.iter().position(|o| o.value == *v)).collect()
        };
        match &mut self.kind {
            InputKind::Choice { options, selected } => {
                let chosen: Vec<usize> = selected.iter().copied().collect();
                *selected = keep(options, &chosen).first().copied();
            }
            InputKind::Several { options, chosen } => *chosen = keep(options, chosen),
            _ => {}
        }
    }

    pub fn with_placeholder(mut self, placeholder: &str) -> Field {
        self.placeholder = placeholder.to_string();
        self
    }

    /// The field's value as text: trimmed input, a choice's stored value, or the lines.
    pub fn value(&self) -> String {
        match &self.kind {
            InputKind::Choice { options, selected } => {
                selected.and_then(|i| options.get(i)).map(|o| o.value.clone()).unwrap_or_default()
            }
            InputKind::Several { .. } => self.chosen().join(","),
            InputKind::MultiLine(area) => area.lines().join("\n").trim_end().to_string(),
            _ => self.input.value().trim().to_string(),
        }
    }

    /// What the field shows on its line.
    pub fn display(&self) -> String {
        match &self.kind {
            // A label may be a name typed anywhere: made safe for the terminal.
            InputKind::Choice { options, selected } => selected
                .and_then(|i| options.get(i))
                .map(|o| format!("◂ {} ▸", sanitize(&o.label)))
                .unwrap_or_default(),
            InputKind::Several { options, chosen } => {
                let labels = chosen.iter().map(|&i| sanitize(&options[i].label));
                labels.collect::<Vec<_>>().join(", ")
            }
            InputKind::MultiLine(area) => area.lines().join(" ⏎ "),
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
            InputKind::Number { .. } => text.parse().map_or(FieldValue::Null, FieldValue::Integer),
            InputKind::Amount { currency, .. } => {
                parse_amount(&text, currency).map_or(FieldValue::Null, FieldValue::Integer)
            }
            _ => FieldValue::Text(text),
        }
    }

    /// Why the value cannot be saved, if it cannot.
    pub(super) fn check(&self) -> Option<String> {
        let text = self.value();
        if text.is_empty() {
            return self.required.then(|| format!("{} must not be empty", self.label));
        }
        let same = |name: &&String| name_key(name) == name_key(&text);
        if let Some(name) = self.taken.iter().find(same) {
            let name = sanitize(name.trim());
            return Some(format!("another person of this engagement is called '{name}'"));
        }
        match &self.kind {
            InputKind::Date => parse_date(&text).err(),
            InputKind::Number { min, max } => match text.parse::<i64>() {
                Ok(n) if (*min..=*max).contains(&n) => None,
                _ => Some(format!("{} must be a whole number from {min} to {max}", self.label)),
            },
            InputKind::Amount { currency, negative } => match parse_amount(&text, currency) {
                Ok(amount) if amount < 0 && !negative => {
                    Some(format!("{} cannot be negative", self.label))
                }
                Ok(_) => None,
                Err(e @ AmountError::TooManyDecimals { digits: 0, .. }) => {
                    Some(format!("{e}; enter a whole amount"))
                }
                Err(e) => Some(e.to_string()),
            },
            _ => None,
        }
    }

    pub(super) fn is_multiline(&self) -> bool {
        matches!(self.kind, InputKind::MultiLine(_))
    }

    /// Applies a key meant for this field; returns whether it changed anything.
    pub(super) fn handle(&mut self, key: KeyEvent) -> bool {
        if key.code == KeyCode::Right && !self.offers.is_empty() && self.at_end() {
            return self.offer_next();
        }
        match &mut self.kind {
            InputKind::Choice { options, selected } => {
                choose_one(options, selected, key.code, !self.required)
            }
            InputKind::Several { options, chosen } => choose_several(options, chosen, key.code),
            InputKind::MultiLine(area) => {
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

    /// Whether keys choose among options rather than type text.
    pub fn is_choice(&self) -> bool {
        matches!(self.kind, InputKind::Choice { .. } | InputKind::Several { .. })
    }

    fn at_end(&self) -> bool {
        self.input.cursor() == self.input.value().chars().count()
    }

    /// Replaces the text with the next offered name: the first that starts with what is
    /// typed, or after a name already offered, the one after it.
    fn offer_next(&mut self) -> bool {
        let typed = self.input.value().trim().to_string();
        let offers = &self.offers;
        let next = match offers.iter().position(|name| *name == typed) {
            Some(i) => offers.get((i + 1) % offers.len()),
            None => {
                let typed = typed.to_lowercase();
                offers.iter().find(|name| name.to_lowercase().starts_with(&typed))
            }
        };
        let Some(next) = next else { return false };
        self.input = Input::new(&sanitize(next));
        true
    }

    /// Inserts pasted text: one line for single-line fields, control characters removed.
    pub(super) fn paste(&mut self, text: &str) {
        match &mut self.kind {
            InputKind::Choice { .. } | InputKind::Several { .. } => {}
            InputKind::MultiLine(area) => {
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
