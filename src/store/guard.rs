//! The rules of `model::rules` as temporary triggers, for the writes whose values come from
//! outside without a form or an importer to check them first: sync's apply and taking the
//! other side of a sync conflict. A write that breaks a rule fails as a constraint does, with
//! the rule in words as its message, and changes nothing.

use rusqlite::Connection;

use super::Result;
use crate::model::rules::{RANGES, REFERENCES};

/// Runs `f` with the rules enforced on `tx`'s main tables. If `f` fails, the transaction
/// is given up, and the triggers (made in it) with it.
pub fn with_rules<T>(tx: &Connection, f: impl FnOnce() -> Result<T>) -> Result<T> {
    let rules = rules();
    tx.execute_batch(&triggers(&rules))?;
    let value = f()?;
    for name in trigger_names(&rules) {
        tx.execute_batch(&format!("DROP TRIGGER temp.\"{name}\""))?;
    }
    Ok(value)
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

/// One rule: its table and column, the condition of a value that breaks
/// it (on `NEW`) and the rule in words.
struct Rule {
    table: &'static str,
    column: &'static str,
    broken: String,
    words: String,
}

fn rules() -> Vec<Rule> {
    let ranges = RANGES.iter().flat_map(|range| {
        range.columns.iter().map(move |(table, column)| Rule {
            table,
            column,
            broken: format!(
                "NEW.\"{column}\" IS NOT NULL AND NOT (typeof(NEW.\"{column}\") = 'integer' \
                 AND NEW.\"{column}\" BETWEEN {} AND {})",
                range.min, range.max
            ),
            words: format!("{} must be {} to {}", range.name, range.min, range.max),
        })
    });
    let references = REFERENCES.iter().map(|(table, column, target)| {
        // A skill rating has no engagement of its own: its person and its skill must share
        // one, so each is checked against the other (whichever of the two changes).
        let owner = match (*table, *column) {
            ("skill_rating", "person_id") => {
                "(SELECT engagement_id FROM main.skill WHERE id = NEW.skill_id)"
            }
            ("skill_rating", _) => {
                "(SELECT engagement_id FROM main.person WHERE id = NEW.person_id)"
            }
            _ => "NEW.engagement_id",
        };
        Rule {
            table,
            column,
            broken: format!(
                "NEW.\"{column}\" IS NOT NULL AND EXISTS (SELECT 1 FROM main.\"{target}\" \
                 WHERE id = NEW.\"{column}\" AND engagement_id IS NOT {owner})"
            ),
            words: format!("{column} names a {target} of another engagement"),
        }
    });
    // The slug rule of `model::template::validate_slug`, in SQL.
    let slug = Rule {
        table: "engagement",
        column: "slug",
        broken: "NOT (typeof(NEW.slug) = 'text' AND length(NEW.slug) BETWEEN 1 AND 40 \
                 AND NEW.slug NOT GLOB '*[^a-z0-9-]*' AND NEW.slug NOT GLOB '-*')"
            .into(),
        words: "a slug is 1 to 40 lower-case letters, digits and dashes".into(),
    };
    ranges.chain(references).chain([slug]).collect()
}

fn trigger_names(rules: &[Rule]) -> Vec<String> {
    rules
        .iter()
        .flat_map(|r| ["insert", "update"].map(|op| format!("rule_{}_{}_{op}", r.table, r.column)))
        .collect()
}

fn triggers(rules: &[Rule]) -> String {
    rules
        .iter()
        .map(|r| {
            let (table, column) = (r.table, r.column);
            let body = format!(
                "WHEN {} BEGIN SELECT RAISE(ABORT, '{}'); END;\n",
                r.broken,
                r.words.replace('\'', "''")
            );
            format!(
                "CREATE TEMP TRIGGER \"rule_{table}_{column}_insert\" BEFORE INSERT ON \
                 main.\"{table}\" {body}CREATE TEMP TRIGGER \"rule_{table}_{column}_update\" \
                 BEFORE UPDATE OF \"{column}\" ON main.\"{table}\" {body}"
            )
        })
        .collect()
}
