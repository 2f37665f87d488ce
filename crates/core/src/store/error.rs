//! Why the store failed or refused: typed where the app words it (`words::refusal`), else
//! plain words of what the data allows.

use crate::model::evidence::import::TicketImportError;
use crate::model::text::sanitize;

use super::tables::{Column, Table};

/// Why a database file could not be opened. Each reads as one sentence.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("{0} is not a botdash database")]
    NotBotdash(String),
    /// The file holds no bytes at all (nothing to lose: the app says what to do).
    #[error("{0} is an empty file, not a botdash database")]
    Empty(String),
    #[error(
        "{path} was written by a newer botdash (schema version {found}; this one knows up to {known})"
    )]
    Newer { path: String, found: i32, known: i32 },
    /// The file's pages do not hold together (what SQLite's check found: `detail`).
    #[error("{path} is damaged ({detail})")]
    Damaged { path: String, detail: String },
    #[error("cannot create {path}: {detail}")]
    Create { path: String, detail: String },
    #[error("cannot open {path}: {detail}")]
    Unreadable { path: String, detail: String },
    #[error("{path} is {what}, not a database file")]
    NotAFile { path: String, what: &'static str },
}

/// Why an edit or a read failed: typed where the app words it (a refusal naming a field, a
/// record changed or deleted meanwhile — `words::refusal`), else plain words of what the
/// data allows, which name no key, screen or command-line flag; `Display` gives those
/// words, for a log or a test.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database is open read-only; nothing was changed")]
    ReadOnly,
    #[error("{0}")]
    Refused(String),
    /// No engagement has the slug given (sanitized).
    #[error("no engagement with the slug '{0}'")]
    NoSuchSlug(String),
    /// Refused because the record no longer holds the values the edit was made against
    /// (`Command::Patch`'s `shown`): another connection changed it since. The caller reads
    /// it again.
    #[error("{0}")]
    Stale(Stale),
    /// Refused because a record the edit names (`id`, of `table`, in the column `field`
    /// where a column names it) was deleted by another connection or by a sync: the caller
    /// no longer offers it.
    #[error("that {} no longer exists; nothing was changed", table.name().replace('_', " "))]
    Deleted { field: Option<Column>, table: Table, id: String },
    /// Undo or redo refused: the edits left to take back or do again were made by another
    /// connection to the file (`last` is the summary of the newest).
    #[error("the edits left were made by another connection (the last: '{last}')")]
    EditedElsewhere { last: String },
    /// Undo or redo refused: the log's entry for the edit cannot be played back (as an
    /// import or a hand edit can leave it).
    #[error("the change log entry {0}; nothing was changed")]
    LogEntry(LogEntryDefect),
    /// The integrity check begun at opening found the file damaged: the store is read-only
    /// from now on.
    #[error("{0}; it is open read-only, nothing was changed")]
    FoundDamaged(OpenError),
    /// A ticket export refused: a mapping it does not fit, a column it lacks, a bad cell.
    #[error("{0}")]
    Tickets(TicketImportError),
    /// An imported engagement (its slug, sanitized) is in the database already.
    #[error("engagement '{slug}': already in this database")]
    AlreadyHere { slug: String },
    /// Refused because of one value: of `field` where the refusal knows which; why, for the
    /// app to word (`words::refusal`).
    #[error("{reason}")]
    Field { field: Option<Column>, reason: FieldRefusal },
    /// A value the file should not hold (from a hand edit): `doctor` names where it is.
    #[error("the file holds a value botdash cannot read ({0})")]
    Unreadable(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

/// Why the store refused a field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldRefusal {
    /// Another record holds the value where its table allows only one (the field says
    /// which: an engagement's slug, a phase's category of planned amounts).
    Taken,
    /// The value breaks a rule, in the rule's own words: the slug's rule, or a rule the
    /// schema's triggers state (a currency that cannot change now).
    Rule(String),
}

/// Plain words for a log or a test; the app words a refusal for the user (`words::refusal`).
impl std::fmt::Display for FieldRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            FieldRefusal::Taken => f.write_str("another record already exists with this value"),
            FieldRefusal::Rule(words) => f.write_str(words),
        }
    }
}

/// What keeps a change log entry from being played back by undo or redo.
#[derive(Debug, Clone, PartialEq)]
pub enum LogEntryDefect {
    /// Its row changes are not readable (the JSON parser's words).
    Unreadable(String),
    /// One of its row changes has neither a row before nor after.
    NoRow,
    /// One of its row images lacks a key column of its record, of `Table`.
    NoKey(Table),
}

/// Plain words for a log or a test; the app words it for the user (`words::refusal`).
impl std::fmt::Display for LogEntryDefect {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            LogEntryDefect::Unreadable(why) => write!(f, "is unreadable: {why}"),
            LogEntryDefect::NoRow => f.write_str("holds a change of no row"),
            LogEntryDefect::NoKey(table) => {
                write!(f, "lacks its record's key (a {} row)", table.name())
            }
        }
    }
}

/// A record no longer holding the values an edit was made against (another connection
/// changed it since), for the app to word.
#[derive(Debug, Clone, PartialEq)]
pub struct Stale {
    pub table: Table,
    /// The record's name (sanitized), where its table names records.
    pub name: Option<String>,
    pub change: StaleChange,
}

/// What became of a stale record.
#[derive(Debug, Clone, PartialEq)]
pub enum StaleChange {
    /// It was deleted.
    Deleted,
    /// These of its fields hold other values now.
    Fields(Vec<Column>),
    /// Undo or redo found it other than the edit it would take back or do again left it.
    SinceEdit,
}

/// Plain words for a log or a test; the app words it for the user (`words::refusal`).
impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        let table = self.table.name().replace('_', " ");
        let what = self.name.as_ref().map_or_else(|| format!("this {table}"), |n| format!("'{n}'"));
        match &self.change {
            StaleChange::Deleted => write!(f, "that {table} was deleted"),
            StaleChange::Fields(fields) => {
                let names: Vec<&str> = fields.iter().map(|c| c.name()).collect();
                write!(f, "{what} was changed ({})", names.join(", "))
            }
            StaleChange::SinceEdit => write!(f, "{what} was changed since the edit"),
        }?;
        f.write_str("; nothing was changed")
    }
}

impl StoreError {
    /// Whether the store refused the edit as asked (the user can change it and try again),
    /// rather than failed.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            StoreError::Refused(_)
                | StoreError::Unreadable(_)
                | StoreError::Field { .. }
                | StoreError::EditedElsewhere { .. }
                | StoreError::LogEntry(_)
                | StoreError::FoundDamaged(_)
                | StoreError::AlreadyHere { .. }
                | StoreError::Tickets(_)
        )
    }
}

impl From<rusqlite::Error> for StoreError {
    /// A value the file should not hold (from a hand edit) is reported as such.
    fn from(e: rusqlite::Error) -> StoreError {
        match e {
            rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::FromSqlConversionFailure(..) => {
                StoreError::Unreadable(sanitize(&e.to_string()).into_owned())
            }
            e => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TaskField;

    /// The core states what happened to the data or the file; where it happened (another
    /// window) and what to do (choose again, `--replace`, restore a backup, `chmod`) the app
    /// and the command line add.
    #[test]
    fn a_refusal_in_the_cores_words_names_no_window_action_or_flag() {
        let stale = |change| Stale { table: Table::Task, name: Some("Runbook".into()), change };
        let refusals = [
            StoreError::Stale(stale(StaleChange::Deleted)),
            StoreError::Stale(stale(StaleChange::Fields(vec![TaskField::Notes.into()]))),
            StoreError::Stale(stale(StaleChange::SinceEdit)),
            StoreError::Deleted { field: None, table: Table::Person, id: "p1".into() },
            StoreError::EditedElsewhere { last: "edited card 'Runbook'".into() },
            StoreError::AlreadyHere { slug: "acme".into() },
            StoreError::LogEntry(LogEntryDefect::NoKey(Table::Task)),
            StoreError::FoundDamaged(OpenError::Damaged {
                path: "b.db".into(),
                detail: "x".into(),
            }),
        ];
        let advice = ["window", "choose", "undo", "--", "Esc", "remove it", "restore", "run "];
        let empty = OpenError::Empty("b.db".into()).to_string();
        let open = crate::store::CheckupLine::OpenToOthers { mode: 0o644, path: "b.db".into() };
        let words = refusals.iter().map(ToString::to_string).chain([empty, open.to_string()]);
        for words in words {
            assert!(!advice.iter().any(|advice| words.contains(advice)), "{words}");
        }
        let changed = StoreError::Stale(stale(StaleChange::Fields(vec![TaskField::Notes.into()])));
        assert_eq!(changed.to_string(), "'Runbook' was changed (notes); nothing was changed");
    }
}
