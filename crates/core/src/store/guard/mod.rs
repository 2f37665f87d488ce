//! The rules of `model::rules` in SQL, written once: as temporary triggers for the writes
//! whose values come from outside without a form or an importer to check them first (sync's
//! apply and taking the other side of a sync conflict; a write that breaks a rule fails as a
//! constraint does, with the rule in words, and changes nothing), and as the queries with
//! which `doctor` counts what got in by a way that did not check it.

mod secret;

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

use self::secret::secret_rules;
use super::Result;
use super::tables::Table;
use crate::model::evidence::import::EARLIEST_DAY;
use crate::model::evidence::{KEY_BLANKS, Ticket, TicketField};
use crate::model::gate::parse_rule;
use crate::model::rules::{DATE_ORDER, DateOrder, RANGES, REFERENCES, Reference, kind, other_side};
use crate::model::text::sanitize;
use crate::model::{GateCriterion, GateCriterionField, KtStatus, KtTopic, KtTopicField};
use crate::records::Record;

/// How many of the rows breaking a rule doctor names.
const NAMED_BREACHES: usize = 3;

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

/// One rule: its table and column, the condition of a row whose value breaks it (written
/// on `ROW.`, the row's alias), the rule in words, and what `doctor` calls a breach.
pub(super) struct Rule {
    table: &'static str,
    column: &'static str,
    /// Another column whose change can break the rule too (the earlier of two dates).
    also: Option<&'static str>,
    broken: String,
    words: String,
    breach: String,
    /// Whether doctor names the rows that break it: not where a name may hold the secret
    /// the rule refuses.
    named: bool,
}

impl Rule {
    /// The condition of a value that breaks the rule, on the row called `row`.
    fn broken_on(&self, row: &str) -> String {
        self.broken.replace("ROW.", &format!("{row}."))
    }

    /// How many rows of the file break the rule and the first few by name, as doctor
    /// reports it (`None`: none).
    pub(super) fn breaches(&self, conn: &Connection) -> Result<Option<String>> {
        let sql = format!(
            "SELECT count(*) FROM main.\"{}\" AS a WHERE {}",
            self.table,
            self.broken_on("a")
        );
        let count: i64 = conn.query_row(&sql, [], |r| r.get(0))?;
        if count == 0 {
            return Ok(None);
        }
        let names = self.first_names(conn)?;
        let more = if count > names.len() as i64 { ", …" } else { "" };
        let breach = self.breach.replace("{count}", &count.to_string());
        if names.is_empty() {
            return Ok(Some(breach));
        }
        Ok(Some(format!("{breach}: {}{more}", names.join(", "))))
    }

    /// The names of the first rows that break the rule, quoted: a row's name, or for a
    /// record with none (a skill rating, a KT trainee) the records it links.
    fn first_names(&self, conn: &Connection) -> Result<Vec<String>> {
        let Some(name) = name_sql(self.table).filter(|_| self.named) else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT {name} FROM main.\"{}\" AS a WHERE {} ORDER BY 1 LIMIT {NAMED_BREACHES}",
            self.table,
            self.broken_on("a")
        );
        let mut statement = conn.prepare(&sql)?;
        let names = statement.query_map([], |r| r.get::<_, String>(0))?;
        Ok(names
            .map(|n| n.map(|n| format!("'{}'", sanitize(&n))))
            .collect::<rusqlite::Result<_>>()?)
    }
}

/// The name of a row `a` of `table` in SQL: its name column, else the names of the records
/// its references link ("Paul Engel' / 'Domain model", quoted whole by the caller) on
/// either side's people; `None` where there is neither.
fn name_sql(table: &str) -> Option<String> {
    if let Some(name) = Table::from_name(table).and_then(Table::name_column) {
        return Some(format!("coalesce(CAST(a.\"{name}\" AS TEXT), '')"));
    }
    let named = |target: &str| Some(Table::from_name(target)?.name_column()?.to_string());
    let linked: Vec<String> = REFERENCES
        .iter()
        .filter(|r| r.table == table)
        .filter_map(|&Reference { column, target, .. }| {
            let tables = std::iter::once(target).chain(other_side(target));
            let names = tables.filter_map(|t| {
                Some(format!(
                    "(SELECT \"{}\" FROM main.\"{t}\" WHERE id = a.\"{column}\")",
                    named(t)?
                ))
            });
            let names: Vec<String> = names.collect();
            (!names.is_empty())
                .then(|| format!("coalesce({}, a.\"{column}\", '')", names.join(", ")))
        })
        .collect();
    (!linked.is_empty()).then(|| linked.join(" || ''' / ''' || "))
}

/// Every rule, as `model::rules` states them, that doctor counts: the gate criteria's rules
/// it names one by one with the reason (`checkup::broken_gate_rules`).
pub(super) fn rules() -> Vec<Rule> {
    let ranges = RANGES.iter().flat_map(|range| {
        range.columns.iter().map(move |(table, column)| Rule {
            table,
            column,
            also: None,
            broken: format!(
                "ROW.\"{column}\" IS NOT NULL AND NOT (typeof(ROW.\"{column}\") = 'integer' \
                 AND ROW.\"{column}\" BETWEEN {} AND {})",
                range.min, range.max
            ),
            words: format!("{} must be {} to {}", range.name, range.min, range.max),
            breach: format!(
                "out of range: {{count}} {table}.{column} outside {} to {}; correct them in the app",
                range.min, range.max
            ),
            named: true,
        })
    });
    let references = REFERENCES.iter().map(|&Reference { table, column, target, .. }| {
        let target_owner = owner(target).expect("a referenced record belongs to an engagement");
        let engagement = engagement_of(table, column, target_owner);
        Rule {
            table,
            column,
            also: None,
            broken: format!(
                "ROW.\"{column}\" IS NOT NULL AND EXISTS (SELECT 1 FROM main.\"{target}\" \
                 WHERE id = ROW.\"{column}\" AND {target_owner} IS NOT {engagement})"
            ),
            words: format!("{column} names a {target} of another engagement"),
            breach: format!(
                "crossed references: {{count}} {table}.{column} name a {target} of another engagement"
            ),
            named: true,
        }
    });
    // A reference to a record not here: a foreign key refuses it too, but only at the end of
    // a sync's file and for the whole file; this refuses the one change, and says why.
    // One of the other side's people is not a deleted record: `wrong_side` says what it is.
    let missing = REFERENCES.iter().map(|&Reference { table, column, target, .. }| Rule {
        table,
        column,
        also: None,
        broken: format!(
            "ROW.\"{column}\" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM main.\"{target}\" \
             WHERE id = ROW.\"{column}\"){}",
            other_side(target).map_or(String::new(), |other| format!(
                " AND NOT EXISTS (SELECT 1 FROM main.\"{other}\" WHERE id = ROW.\"{column}\")"
            ))
        ),
        words: format!("{column} names a {target} that was deleted"),
        breach: format!("dangling references: {{count}} {table}.{column} name a deleted {target}"),
        named: true,
    });
    // The slug rule of `model::template::validate_slug`, in SQL.
    let words = "a slug is 1 to 40 lower-case letters, digits and dashes";
    let slug = Rule {
        table: "engagement",
        column: "slug",
        also: None,
        broken: "NOT (typeof(ROW.slug) = 'text' AND length(ROW.slug) BETWEEN 1 AND 40 \
                 AND ROW.slug NOT GLOB '*[^a-z0-9-]*' AND ROW.slug NOT GLOB '-*')"
            .into(),
        words: words.into(),
        breach: format!("not a slug: {{count}} engagement.slug ({words})"),
        named: true,
    };
    ranges
        .chain(references)
        .chain(missing)
        .chain(wrong_side())
        .chain([slug, signer(), ticket_key()])
        .chain(ticket_days())
        .chain(date_rules())
        .chain(secret_rules())
        .collect()
}

/// A reference to one of the other side's people (`model::rules::other_side`): a client
/// person named as a topic's trainer, one of the contractor's people as a duty's verifier.
fn wrong_side() -> impl Iterator<Item = Rule> {
    let people = REFERENCES.iter().filter_map(|&Reference { table, column, target, .. }| {
        Some((table, column, target, other_side(target)?))
    });
    people.map(|(table, column, target, other)| {
        let (is, must) = (kind(other), kind(target));
        Rule {
            table,
            column,
            also: None,
            broken: format!("EXISTS (SELECT 1 FROM main.\"{other}\" WHERE id = ROW.\"{column}\")"),
            words: format!("{column} names {is}, not {must}"),
            breach: format!("wrong side: {{count}} {table}.{column} name {is}, not {must}"),
            named: true,
        }
    })
}

/// A KT topic's signer, only while it is signed off (as the app clears it on leaving that).
fn signer() -> Rule {
    let (column, status) = (KtTopicField::SignedOffById.column(), KtTopicField::Status.column());
    Rule {
        table: KtTopic::TABLE,
        column,
        also: Some(status),
        broken: format!(
            "ROW.\"{column}\" IS NOT NULL AND ROW.\"{status}\" IS NOT '{}'",
            KtStatus::SignedOff.as_str()
        ),
        words: "only a signed-off KT topic has a signer".into(),
        breach: format!(
            "signers of topics not signed off: {{count}} {}.{column}; edit the topic in the app",
            KtTopic::TABLE
        ),
        named: true,
    }
}

/// A ticket's id without blanks around it (`model::evidence::KEY_BLANKS`), as
/// `Ticket::check` has it: one with them would count beside the same ticket without.
fn ticket_key() -> Rule {
    let column = TicketField::Key.column();
    let blanks = KEY_BLANKS.iter().map(|c| u32::from(*c).to_string()).collect::<Vec<_>>();
    Rule {
        table: Ticket::TABLE,
        column,
        also: None,
        broken: format!(
            "ROW.\"{column}\" IS NOT trim(ROW.\"{column}\", char({}))",
            blanks.join(", ")
        ),
        words: "a ticket's id has no blanks around it".into(),
        breach: format!(
            "ticket ids with blanks around them: {{count}} {}.{column}, each counted beside its ticket",
            Ticket::TABLE
        ),
        named: true,
    }
}

/// A ticket's days, not before the earliest a ticket may have, as `Ticket::check` has it.
fn ticket_days() -> impl Iterator<Item = Rule> {
    [TicketField::Opened, TicketField::Resolved].into_iter().map(|field| {
        let column = field.column();
        Rule {
            table: Ticket::TABLE,
            column,
            also: None,
            broken: format!("ROW.\"{column}\" < '{EARLIEST_DAY}'"),
            words: format!("a ticket's day cannot be before {EARLIEST_DAY}"),
            breach: format!(
                "ticket days before {EARLIEST_DAY}: {{count}} {}.{column}",
                Ticket::TABLE
            ),
            named: true,
        }
    })
}

/// A gate criterion's rule, one the gate can evaluate (`model::gate::parse_rule`), as the
/// import has it.
fn gate_rule() -> Rule {
    let column = GateCriterionField::Rule.column();
    Rule {
        table: GateCriterion::TABLE,
        column,
        also: None,
        broken: format!("gate_rule_problem(ROW.\"{column}\") IS NOT NULL"),
        words: "a gate criterion's rule must be one the gate can evaluate".into(),
        breach: format!(
            "gate rules the gate cannot evaluate: {{count}} {}.{column}",
            GateCriterion::TABLE
        ),
        named: true,
    }
}

/// The order of a record's dates (`model::rules::DATE_ORDER`), in SQL: one rule on the
/// later date of each pair. Dates are stored as `YYYY-MM-DD`, so texts compare as days.
fn date_rules() -> impl Iterator<Item = Rule> {
    DATE_ORDER.iter().map(|&DateOrder { table, first, then }| {
        let (before, column) = (first.column, then.column);
        let record = table.replace('_', " ");
        Rule {
            table,
            column,
            also: Some(before),
            broken: format!("ROW.\"{column}\" < ROW.\"{before}\""),
            words: format!("a {record}'s {} date cannot come before the {} date", then.name, first.name),
            breach: format!(
                "dates out of order: {{count}} {table}.{column} before {before}; correct them in the app"
            ),
            named: true,
        }
    })
}

/// The column naming the engagement a row of `table` belongs to, where it has one.
fn owner(table: &str) -> Option<&'static str> {
    Table::from_name(table).and_then(Table::owner)
}

/// The engagement a row of `table` belongs to, on the row called `ROW`, compared with the
/// record `column` names (`named`, its engagement): its owner column, or for a table without
/// one (a skill rating) the engagement of the record its other reference names, so that its
/// person and its skill must share one, whichever changes. When that record is not here,
/// `named` itself: the rule on missing records says so.
fn engagement_of(table: &str, column: &str, named: &str) -> String {
    if let Some(owner) = owner(table) {
        return format!("ROW.{owner}");
    }
    let Reference { column: other, target, .. } = REFERENCES
        .iter()
        .find(|r| r.table == table && r.column != column)
        .expect("a record without an engagement references two that have one");
    let owner = owner(target).expect("a referenced record belongs to an engagement");
    format!("coalesce((SELECT {owner} FROM main.\"{target}\" WHERE id = ROW.\"{other}\"), {named})")
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
