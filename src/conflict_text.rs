//! A sync conflict in words, the same on the Conflicts screen, on the command line and in the
//! undo history: the core gives the facts (table, record, field, both sides), this says them.

use serde_json::Value as Json;

use crate::model::text::sanitize;
use crate::store::edit::Table;
use crate::store::sync::{Conflict, ConflictKind, Keep};
use crate::words::{field, kind};

/// The record: `'its name'`; where it has none, the records it links (`'Incident runbook' /
/// 'Noah Keller'` for a KT trainee), else its key.
pub fn record(c: &Conflict) -> String {
    let quoted = |name: &String| format!("'{}'", sanitize(name));
    match &c.name {
        Some(name) => quoted(name),
        None if !c.linked.is_empty() => c.linked.iter().map(quoted).collect::<Vec<_>>().join(" / "),
        None => c
            .key
            .values()
            .map(|v| v.to_string().trim_matches('"').to_string())
            .collect::<Vec<_>>()
            .join("/"),
    }
}

/// One line naming a conflict's record (and its engagement) and field, for the command line
/// and the undo history: the table's name as stored, the field in words ("field hired at").
pub fn describe(c: &Conflict) -> String {
    let field = c.column.map(|column| format!("field {}", field(column)));
    described(c, c.table.name(), field)
}

/// The same line in the user's words: "document 'Runbooks' of 'acme', review date".
pub fn describe_in_words(c: &Conflict) -> String {
    described(c, kind(c.table), c.column.map(field))
}

fn described(c: &Conflict, kind: &str, field: Option<String>) -> String {
    let engagement = match &c.engagement {
        Some(slug) if c.table != Table::Engagement => format!(" of '{}'", sanitize(slug)),
        _ => String::new(),
    };
    let record = record(c);
    match field {
        Some(field) => format!("{kind} {record}{engagement}, {field}"),
        None => format!("{kind} {record}{engagement}"),
    }
}

/// What kind of conflict it is, with the rule or constraint that refused a change.
pub fn verdict(c: &Conflict) -> String {
    match &c.reason {
        Some(reason) => format!("{}: {}", c.kind.label(), fields_in_words(c, &sanitize(reason))),
        None => c.kind.label().to_string(),
    }
}

/// A reason as the core words it, with the fields of the conflict's record it names by
/// their column (`verifier_id`, `hired_at`) in the app's words ("verifier", "hired at").
fn fields_in_words(c: &Conflict, reason: &str) -> String {
    let is_word = |ch: char| ch.is_ascii_alphanumeric() || ch == '_';
    let mut worded = String::new();
    let mut rest = reason;
    while let Some(start) = rest.find(is_word) {
        worded += &rest[..start];
        let from = &rest[start..];
        let end = from.find(|ch: char| !is_word(ch)).unwrap_or(from.len());
        let token = &from[..end];
        match c.table.column(token) {
            Some(column) if token.contains('_') => worded += &field(column),
            _ => worded += token,
        }
        rest = &from[end..];
    }
    worded + rest
}

/// This side's value as one line; a refused record that is not here is "(not here)".
pub fn here_text(c: &Conflict) -> String {
    match (&c.mine, c.kind) {
        (None, ConflictKind::Refused) => "(not here)".into(),
        (mine, _) => side_text(c, mine),
    }
}

/// The other side's value as one line.
pub fn there_text(c: &Conflict) -> String {
    side_text(c, &c.theirs)
}

/// A side's value as one line: the value (a reference as the name of the record it holds),
/// "(empty)", "(deleted)" or "(the whole record)".
fn side_text(c: &Conflict, side: &Option<Json>) -> String {
    match side {
        None => "(deleted)".into(),
        Some(Json::Object(_)) => "(the whole record)".into(),
        Some(value) => value_text(c, value),
    }
}

/// This side (`here`) or the other whole, a line each: a record field by field ("level: 4",
/// "person: 'Noah Keller'"), without its key and engagement, which the conflict names;
/// else its one line.
pub fn side_lines(c: &Conflict, here: bool) -> Vec<String> {
    let (side, line) = if here { (&c.mine, here_text(c)) } else { (&c.theirs, there_text(c)) };
    let Some(Json::Object(row)) = side else { return vec![line] };
    let shown = |name: &&String| name.as_str() != "id" && Some(name.as_str()) != c.table.owner();
    row.iter()
        .filter(|(name, _)| shown(name))
        .map(|(name, value)| {
            let label = c.table.column(name).map_or_else(|| sanitize(name).into_owned(), field);
            format!("{label}: {}", value_text(c, value))
        })
        .collect()
}

/// One value as one line: "(empty)", a record a reference holds by its name, else the text.
fn value_text(c: &Conflict, value: &Json) -> String {
    match value {
        Json::Null => "(empty)".into(),
        Json::String(id) if c.names.contains_key(id) => format!("'{}'", sanitize(&c.names[id])),
        Json::String(text) => sanitize(&text.replace('\n', " ")).into_owned(),
        other => other.to_string(),
    }
}

/// The choice made, for the undo history: "kept this side of …", "took the other side of …".
pub fn resolved(c: &Conflict, keep: Keep) -> String {
    let verb = if keep == Keep::Mine { "kept" } else { "took" };
    format!("{verb} {} of {}", keep.label(), describe(c))
}
