//! What the user calls the core's records and fields: one vocabulary for the detail pane,
//! the Conflicts screen and the command line's conflict lines; and a store's refusal, a file
//! it would not open and `doctor`'s findings in words, with what to do about them (the
//! core's errors name no window, key, action or command).

use std::path::Path;

use crate::model::evidence::TicketField;
use crate::model::evidence::import::{FIELDS, TicketImportError};
use crate::model::health::{BudgetLineField, IntegrationField, RiskField, UserTestField};
use crate::model::{DocItemField, EngagementField, TaskField};
use crate::store::edit::{Column, Table};
use crate::store::naming::TextsNaming;
use crate::store::{
    CheckupLine, FieldRefusal, LogEntryDefect, OpenError, Stale, StaleChange, StoreError,
};

/// A refusal of the store as the dashboard and the command line say it.
pub fn refusal(e: &StoreError) -> String {
    match e {
        StoreError::Unreadable(_) => format!("{e}; `botdash doctor` names it"),
        StoreError::Field { field, reason: FieldRefusal::Taken } => taken(*field),
        StoreError::Stale(stale) => stale_record(stale),
        StoreError::Deleted { table, .. } => format!(
            "that {} was deleted in another window or program: choose again; nothing was changed",
            kind(*table)
        ),
        StoreError::Tickets(refused) => ticket_import(refused),
        StoreError::EditedElsewhere { last } => format!(
            "the edits left here were made in another window (the last: '{last}'): undo or \
             redo them there"
        ),
        StoreError::FoundDamaged(damage) => {
            format!("{}; it is open read-only, nothing was changed", opening(damage))
        }
        StoreError::LogEntry(defect) => {
            format!("cannot undo or redo: {}; nothing was changed", log_entry(defect))
        }
        _ => e.to_string(),
    }
}

/// Why a database file was not opened, with what to do where the core leaves it to the app.
pub fn opening(e: &OpenError) -> String {
    match e {
        OpenError::Empty(_) => format!("{e} (remove it to start a new one)"),
        OpenError::Damaged { .. } => format!("{e}; restore it from a backup"),
        _ => e.to_string(),
    }
}

/// A line of `botdash doctor`, with what to do where the core leaves it to the app.
pub fn checkup_line(line: &CheckupLine) -> String {
    match line {
        CheckupLine::OpenToOthers { path, .. } => {
            format!("{line}; run chmod 600 {}", shell_word(path))
        }
        CheckupLine::Fact(_) => line.to_string(),
    }
}

/// `text` as one word for a POSIX shell: as it is where that is safe, else in single quotes
/// (a quote in it written `'\''`).
fn shell_word(text: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "/._-+,:@%=".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// What keeps a change log entry from undo and redo; all come from an import or a hand edit.
fn log_entry(defect: &LogEntryDefect) -> String {
    let what = match defect {
        LogEntryDefect::Unreadable(why) => format!("is unreadable ({why})"),
        LogEntryDefect::NoRow => "holds a change of no record".into(),
        LogEntryDefect::NoKey(table) => format!("lacks the key of its {}", kind(*table)),
    };
    format!("the change log entry of that edit {what}")
}

/// A file the user asked to write where the database is, or a file kept beside it.
pub fn own_file(path: &Path) -> String {
    let shown = crate::files::shown(path);
    format!(
        "{shown} is the database botdash works on, or a file it keeps beside it: write to \
         another file; nothing was written"
    )
}

/// A ticket export refused, with how `botdash tickets import --map` names a column.
pub fn ticket_import(refused: &TicketImportError) -> String {
    match refused {
        TicketImportError::NotAPair(pair) => {
            format!("--map takes field=Header pairs, not '{pair}'")
        }
        TicketImportError::UnknownField(field) => {
            let names: Vec<&str> = FIELDS.iter().map(|(name, _)| *name).collect();
            format!("--map: unknown field '{field}' (expected one of: {})", names.join(", "))
        }
        TicketImportError::NamedTwice(field) => {
            format!("--map names the field '{field}' twice: name each field once")
        }
        TicketImportError::NoMappedColumn { field, header, columns } => {
            format!("--map {field}={header}: the header row has no column '{header}' ({columns})")
        }
        TicketImportError::NoColumn { field, columns } => format!(
            "the header row has no column for the ticket's {field} ({columns}); `botdash \
             tickets import --map {field}=HEADER` names it"
        ),
        TicketImportError::File(words) => words.clone(),
    }
}

/// A record another window or program changed or deleted since the screen showed it.
fn stale_record(stale: &Stale) -> String {
    let kind = kind(stale.table);
    let named = stale.name.as_ref().map(|name| format!("'{name}'"));
    let what = match &stale.change {
        StaleChange::Deleted => format!("that {kind} was deleted in another window or program"),
        StaleChange::Fields(fields) => {
            let fields: Vec<String> = fields.iter().map(|c| field(*c)).collect();
            let what = named.unwrap_or_else(|| format!("this {kind}"));
            format!("{what} was changed in another window ({})", fields.join(", "))
        }
        StaleChange::SinceEdit => {
            let what = named.unwrap_or_else(|| "a record".into());
            format!("cannot undo or redo: {what} was changed since")
        }
    };
    format!("{what}; nothing was changed")
}

/// A value another record holds where its table allows only one, by the field.
fn taken(field: Option<Column>) -> String {
    let what = match field {
        Some(Column::Engagement(EngagementField::Slug)) => {
            "an engagement with this slug already exists"
        }
        Some(Column::BudgetLine(BudgetLineField::Category)) => {
            "this phase already has a planned amount of that category: edit it instead"
        }
        _ => "that record exists already",
    };
    format!("{what}; nothing was changed")
}

/// What a record of `table` is to the user, as a screen or a refusal names it: "document",
/// "KT topic". (A data rule's sentence, which the core words, says it with its article and
/// side: `model::rules::a_record_of`.)
pub fn kind(table: Table) -> &'static str {
    match table {
        Table::Engagement => "engagement",
        Table::Phase => "phase",
        Table::Task => "card",
        Table::GateCriterion => "gate criterion",
        Table::Role => "role",
        Table::Person => "person",
        Table::Skill => "skill",
        Table::SkillRating => "skill rating",
        Table::ContractorPerson => "contractor person",
        Table::KtTopic => "KT topic",
        Table::KtTrainee => "KT trainee",
        Table::Responsibility => "responsibility",
        Table::DocItem => "document",
        Table::Risk => "risk",
        Table::BudgetLine => "planned amount",
        Table::CostEntry => "cost",
        Table::UserTest => "user test",
        Table::Integration => "integration",
        Table::Lesson => "lesson",
        Table::HandoverItem => "hand-over item",
        Table::Ticket => "ticket",
        Table::ReadinessSnapshot => "readiness snapshot",
    }
}

/// The records whose free texts hold a name, counted by kind: "2 cards, 1 hand-over item
/// and 1 document" (a record holding it in two texts counts once).
pub fn named_records(named: &TextsNaming) -> String {
    let mut counted: Vec<(&str, Vec<&str>)> = Vec::new();
    for text in &named.texts {
        let kind = kind(text.table);
        match counted.iter_mut().find(|(counted_kind, _)| *counted_kind == kind) {
            Some((_, ids)) if ids.contains(&text.id.as_str()) => {}
            Some((_, ids)) => ids.push(&text.id),
            None => counted.push((kind, vec![&text.id])),
        }
    }
    let counts: Vec<String> = counted
        .iter()
        .map(|(kind, ids)| match ids.len() {
            1 => format!("1 {kind}"),
            n => format!("{n} {kind}s"),
        })
        .collect();
    match counts.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A field's label: "review date" for a document's `last_reviewed_at`, "last change" for a
/// card's `updated_at`, a column named apart from its field by the field's name; other
/// fields by their column, underscores as spaces and a reference without its `_id`.
pub fn field(column: Column) -> String {
    let label = match column {
        Column::Task(TaskField::UpdatedAt) => "last change",
        Column::Task(TaskField::CreatedAt) => "created",
        Column::DocItem(DocItemField::LastReviewedAt) => "review date",
        Column::DocItem(DocItemField::ReviewIntervalDays) => "review every (days)",
        Column::Engagement(EngagementField::Weights) => "weights",
        Column::Risk(RiskField::Trigger) => "trigger",
        Column::UserTest(UserTestField::Group) => "group",
        Column::Integration(IntegrationField::Status) => "status",
        Column::Ticket(TicketField::Key) => "key",
        other => return other.name().trim_end_matches("_id").replace('_', " "),
    };
    label.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doctor_s_chmod_runs_as_printed_whatever_the_file_is_called() {
        let line = |path: &str| {
            checkup_line(&CheckupLine::OpenToOthers { mode: 0o644, path: path.into() })
        };
        let ends = |path: &str, command: &str| {
            let line = line(path);
            assert!(line.ends_with(&format!("; run {command}")), "{line}");
        };
        ends("/tmp/botdash.db", "chmod 600 /tmp/botdash.db");
        ends("/tmp/my file;x.db", "chmod 600 '/tmp/my file;x.db'");
        ends("/tmp/it's.db", r"chmod 600 '/tmp/it'\''s.db'");
    }
}
