//! The rules of `model::rules` in SQL, written once: as temporary triggers for the writes
//! whose values come from outside without a form or an importer to check them first (sync's
//! apply and taking the other side of a sync conflict; a write that breaks a rule fails as a
//! constraint does, with the rule in words, and changes nothing), and as the queries with
//! which `doctor` counts what got in by a way that did not check it.

mod rule;
mod rules;
mod secret;

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

use self::rule::Rule;
pub(super) use self::rules::rules;
use self::rules::{date_rules, gate_rule};
use super::Result;
use crate::model::gate::parse_rule;

/// Runs `f` with the rules enforced on `tx`'s main tables. If `f` fails, the transaction
/// is given up, and the triggers (made in it) with it.
pub fn with_rules<T>(tx: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let mut rules = rules();
    rules.push(gate_rule());
    enforce(tx, &rules, f)
}

/// Runs `f` with the order of a record's dates (`model::rules::DATE_ORDER`) enforced on
/// `tx`'s main tables: the store's commands keep it whatever screen asks for the edit.
pub fn with_date_order<T>(tx: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    enforce(tx, &date_rules().collect::<Vec<_>>(), f)
}

/// The date order `e` says a write broke, in words, if that is why it failed.
pub fn broken_date_order(e: &rusqlite::Error) -> Option<String> {
    let why = refusal(e)?;
    date_rules().any(|rule| rule.words == why).then_some(why)
}

fn enforce<T>(tx: &Connection, rules: &[Rule], f: impl FnOnce() -> Result<T>) -> Result<T> {
    add_functions(tx)?;
    tx.execute_batch(&triggers(rules))?;
    let value = f()?;
    for name in trigger_names(rules) {
        tx.execute_batch(&format!("DROP TRIGGER temp.\"{name}\""))?;
    }
    Ok(value)
}

/// The SQL function the rules call where SQL cannot say the rule: `gate_rule_problem(rule)`,
/// why the gate cannot evaluate a criterion's rule (`model::gate::parse_rule`), else NULL.
fn add_functions(conn: &Connection) -> Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("gate_rule_problem", 1, flags, |context| {
        let rule: Option<String> = context.get(0)?;
        Ok(rule.and_then(|rule| parse_rule(&rule).err()))
    })?;
    Ok(())
}

/// The message of a write that a rule or constraint refused, if that is why `e` failed.
pub fn refusal(e: &rusqlite::Error) -> Option<String> {
    if e.sqlite_error_code() != Some(rusqlite::ErrorCode::ConstraintViolation) {
        return None;
    }
    Some(match e {
        rusqlite::Error::SqliteFailure(_, Some(message)) => message.clone(),
        _ => e.to_string(),
    })
}

/// Whether a write failed because a record it names is not there (a foreign key).
pub fn is_foreign_key(e: &rusqlite::Error) -> bool {
    e.sqlite_error().is_some_and(|e| e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY)
}

/// A rule's trigger for `op`, numbered: one column may have several rules.
fn trigger_name(n: usize, rule: &Rule, op: &str) -> String {
    format!("rule_{n}_{}_{}_{op}", rule.table, rule.column)
}

fn trigger_names(rules: &[Rule]) -> Vec<String> {
    let names = rules.iter().enumerate();
    names.flat_map(|(n, r)| ["insert", "update"].map(|op| trigger_name(n, r, op))).collect()
}

fn triggers(rules: &[Rule]) -> String {
    rules
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let (table, column) = (r.table, r.column);
            let body = format!(
                "WHEN {} BEGIN SELECT RAISE(ABORT, '{}'); END;\n",
                r.broken_on("NEW"),
                r.words.replace('\'', "''")
            );
            let (insert, update) = (trigger_name(n, r, "insert"), trigger_name(n, r, "update"));
            let also = r.also.map_or(String::new(), |also| format!(", \"{also}\""));
            format!(
                "CREATE TEMP TRIGGER \"{insert}\" BEFORE INSERT ON main.\"{table}\" {body}\
                 CREATE TEMP TRIGGER \"{update}\" BEFORE UPDATE OF \"{column}\"{also} ON \
                 main.\"{table}\" {body}"
            )
        })
        .collect()
}
