//! A record's key and values between SQLite and JSON, and reading and writing whole records
//! by key, here (`main`) or in the baseline (`base`), and setting fields here held to what
//! refuses them.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params_from_iter};
use serde_json::Value as Json;

use super::Result;
use crate::records::Record;
use crate::store::guard::refusal;
use crate::store::image::json_to_sql;
use crate::store::undo::{HistoryEntry, HistoryEntryField, Image};

/// The record with `key` in database `schema` (`main` or the baseline, `base`), column by
/// column.
pub(super) fn stored_row(
    tx: &Connection,
    schema: &str,
    table: &str,
    columns: &[String],
    key: &Image,
) -> Result<Option<Image>> {
    let (where_sql, params) = key_condition(key);
    let list = columns.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let sql = format!("SELECT {list} FROM {schema}.\"{table}\" WHERE {where_sql}");
    let found = tx
        .query_row(&sql, params_from_iter(params), |r| {
            (0..columns.len())
                .map(|i| Ok((columns[i].clone(), to_json(Some(&r.get::<_, Value>(i)?)))))
                .collect::<rusqlite::Result<Image>>()
        })
        .optional()?;
    Ok(found)
}

/// The record with `key` as the undo history last saw it before deleting it.
pub(super) fn deleted_row(tx: &Connection, table: &str, key: &Image) -> Result<Option<Image>> {
    let matches = key
        .keys()
        .map(|k| format!("json_extract(c.value, '$.before.{k}') = ?"))
        .collect::<Vec<_>>()
        .join(" AND ");
    let (log, changes, seq) = (
        HistoryEntry::TABLE,
        HistoryEntryField::ChangesJson.column(),
        HistoryEntryField::Seq.column(),
    );
    let sql = format!(
        "SELECT json_extract(c.value, '$.before') AS before FROM {log}, json_each({log}.{changes}) c \
         WHERE json_extract(c.value, '$.table') = '{table}' AND json_extract(c.value, '$.after') IS NULL \
         AND {matches} ORDER BY {log}.{seq} DESC LIMIT 1"
    );
    let values = params_from_iter(key.values().map(|v| to_sql(Some(v))));
    let found: Option<String> = tx.query_row(&sql, values, |r| r.get("before")).optional()?;
    Ok(match found.and_then(|text| serde_json::from_str::<Json>(&text).ok()) {
        Some(Json::Object(row)) => Some(row),
        _ => None,
    })
}

/// `"a" = ? AND "b" = ?` and the values, for a primary key.
pub(super) fn key_condition(key: &Image) -> (String, Vec<Value>) {
    let condition = key.keys().map(|k| format!("\"{k}\" = ?")).collect::<Vec<_>>().join(" AND ");
    (condition, key.values().map(|v| to_sql(Some(v))).collect())
}

/// Inserts a whole record (replacing one with the same key when `replace`).
pub(super) fn insert_row(
    tx: &Connection,
    schema: &str,
    table: &str,
    row: &Image,
    replace: bool,
) -> Result<()> {
    let columns = row.keys().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ");
    let marks = vec!["?"; row.len()].join(", ");
    let verb = if replace { "INSERT OR REPLACE" } else { "INSERT" };
    let sql = format!("{verb} INTO {schema}.\"{table}\" ({columns}) VALUES ({marks})");
    tx.execute(&sql, params_from_iter(row.values().map(|v| to_sql(Some(v)))))?;
    Ok(())
}

/// Writes a record's fields: its changed fields if it is here, else the whole record.
pub(super) fn put_row(tx: &Connection, table: &str, key: &Image, row: &Image) -> Result<()> {
    let (where_sql, params) = key_condition(key);
    let sql = format!("SELECT EXISTS (SELECT 1 FROM main.\"{table}\" WHERE {where_sql})");
    let here: bool = tx.query_row(&sql, params_from_iter(params.clone()), |r| r.get(0))?;
    if !here {
        return insert_row(tx, "main", table, row, false);
    }
    let fields = row.iter().filter(|(name, _)| !key.contains_key(*name));
    let (names, values): (Vec<_>, Vec<_>) =
        fields.map(|(name, value)| (format!("\"{name}\" = ?"), to_sql(Some(value)))).unzip();
    if names.is_empty() {
        return Ok(());
    }
    let sql = format!("UPDATE main.\"{table}\" SET {} WHERE {where_sql}", names.join(", "));
    tx.execute(&sql, params_from_iter(values.into_iter().chain(params)))?;
    Ok(())
}

/// A value as JSON; a blob as its bytes in hex.
pub(super) fn to_json(value: Option<&Value>) -> Json {
    match value {
        None | Some(Value::Null) => Json::Null,
        Some(Value::Integer(i)) => Json::from(*i),
        Some(Value::Real(f)) => Json::from(*f),
        Some(Value::Text(t)) => Json::from(t.as_str()),
        Some(Value::Blob(b)) => {
            Json::from(b.iter().map(|byte| format!("{byte:02x}")).collect::<String>())
        }
    }
}

/// A JSON value as SQLite stores it; `None` (no value) is NULL.
pub(super) fn to_sql(value: Option<&Json>) -> Value {
    value.map_or(Value::Null, json_to_sql)
}

/// Sets one field of a record here, or says which rule or constraint refuses the value.
pub(super) fn set_field(
    tx: &Connection,
    table: &str,
    key: &Image,
    column: &str,
    value: &Value,
) -> Result<std::result::Result<(), String>> {
    set_fields(tx, table, key, &[(column, value)])
}

/// Sets fields of a record here in one write (none: nothing), or says which rule or
/// constraint refuses the values.
pub(super) fn set_fields(
    tx: &Connection,
    table: &str,
    key: &Image,
    fields: &[(&str, &Value)],
) -> Result<std::result::Result<(), String>> {
    if fields.is_empty() {
        return Ok(Ok(()));
    }
    let (where_sql, params) = key_condition(key);
    let sets: Vec<String> = fields.iter().map(|(column, _)| format!("\"{column}\" = ?")).collect();
    let sql = format!("UPDATE main.\"{table}\" SET {} WHERE {where_sql}", sets.join(", "));
    let values = fields.iter().map(|(_, value)| (*value).clone()).chain(params);
    match tx.execute(&sql, params_from_iter(values)) {
        Ok(_) => Ok(Ok(())),
        Err(e) => refusal(&e).map(Err).ok_or_else(|| e.into()),
    }
}
