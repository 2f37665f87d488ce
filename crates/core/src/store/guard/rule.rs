//! One rule of the guard: its condition in SQL, its words, and how doctor counts and
//! names the rows that break it.

use rusqlite::Connection;

use crate::model::rules::{REFERENCES, Reference, other_side};
use crate::model::text::sanitize;
use crate::store::Result;
use crate::store::tables::Table;

/// How many of the rows breaking a rule doctor names.
const NAMED_BREACHES: usize = 3;

/// One rule: its table and column, the condition of a row whose value breaks it (written
/// on `ROW.`, the row's alias), the rule in words, and what `doctor` calls a breach.
pub(in crate::store) struct Rule {
    pub(super) table: &'static str,
    pub(super) column: &'static str,
    /// Another column whose change can break the rule too (the earlier of two dates).
    pub(super) also: Option<&'static str>,
    pub(super) broken: String,
    pub(super) words: String,
    pub(super) breach: String,
    /// Whether doctor names the rows that break it: not where a name may hold the secret
    /// the rule refuses.
    pub(super) named: bool,
}

impl Rule {
    /// The condition of a value that breaks the rule, on the row called `row`.
    pub(super) fn broken_on(&self, row: &str) -> String {
        self.broken.replace("ROW.", &format!("{row}."))
    }

    /// How many rows of the file break the rule and the first few by name, as doctor
    /// reports it (`None`: none).
    pub(in crate::store) fn breaches(&self, conn: &Connection) -> Result<Option<String>> {
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
