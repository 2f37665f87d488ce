//! A row as the undo log and sync hold it: its columns' values in JSON (an image), and a
//! value of one back as SQLite stores it.

use rusqlite::types::Value;

pub(super) type Image = serde_json::Map<String, serde_json::Value>;

/// A value of an image as SQLite stores it.
pub(super) fn json_to_sql(value: &serde_json::Value) -> Value {
    match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Integer(i64::from(*b)),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Real(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}
