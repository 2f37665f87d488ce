//! Commands: what the app asks the store to do, in the domain's words rather than in rows
//! and columns. A command lowers to row edits (`RowEdit`), each checked against what the
//! screen showed, so that undo, history and sync see one kind of change whatever asked
//! for it.

use chrono::NaiveDate;
use rusqlite::Transaction;
use rusqlite::types::Value;

use super::edit::{RowEdit, checklist_import_edits, ticket_import_edits};
use super::guard::{broken_date_order, is_foreign_key, with_date_order};
use super::tables::{Column, Table};
use super::{Result, Store, StoreError};
use crate::model::checklist::ImportPlan;
use crate::model::evidence::Ticket;
use crate::model::evidence::import::TicketImport;
use crate::model::handover::{SECRET_FREE, secret_in};
use crate::model::rules::{REFERENCES, Reference};
use crate::model::{
    DocItem, DocItemField, EngagementField, KtTraineeField, Phase, PhaseDatesField,
    SkillRatingField, TaskField, TaskStatus, new_id,
};
use crate::records::FieldValue;

/// One part of a user edit.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Adds a record of `table` to the engagement, with `values` for its fields and, where
    /// the table has ids and `values` give none, a new id.
    Create { engagement_id: String, table: Table, values: Vec<(Column, FieldValue)> },
    /// Sets fields of the record `id` of `table`, refused unless it still holds `shown`: the
    /// values the screen showed for the fields the edit changes (see `RowEdit::Update`).
    Patch {
        table: Table,
        id: String,
        values: Vec<(Column, FieldValue)>,
        shown: Vec<(Column, FieldValue)>,
    },
    /// Deletes a record, and what belongs to it.
    Delete { table: Table, id: String },
    /// Moves a card shown in the column `from` to `position` in the column `to`, at `at`.
    MoveCard { id: String, from: TaskStatus, to: TaskStatus, position: i64, at: String },
    /// Gives a card shown at position `from` the position `to`.
    PlaceCard { id: String, from: i64, to: i64 },
    /// Moves the engagement from phase `from` to `to` on `day`, ending the phase dates
    /// `ending` and starting `starting` (those not dated yet); with the written `reason`
    /// when it overrides a gate not met.
    AdvancePhase {
        engagement_id: String,
        from: Phase,
        to: Phase,
        day: NaiveDate,
        ending: Option<String>,
        starting: Option<String>,
        reason: Option<String>,
    },
    /// Archives the engagement (or, with `false`, restores it).
    Archive { engagement_id: String, archived: bool },
    /// Makes a client person a trainee of a KT topic, or with `false` no longer one.
    Train { topic_id: String, person_id: String, trainee: bool },
    /// Rates a person's level in a skill on `day`.
    RateSkill { person_id: String, skill_id: String, level: u8, day: NaiveDate },
    /// Renames the category `from` of the checklist items `ids` to `to`.
    RenameCategory { ids: Vec<String>, from: String, to: String },
    /// Adds checklist items to the engagement.
    AddDocs { engagement_id: String, docs: Vec<DocItem> },
    /// Applies a planned checklist import to the items as they were `read` for the plan:
    /// an item changed meanwhile refuses the import instead of being overwritten.
    ImportChecklist { engagement_id: String, plan: ImportPlan, read: Vec<DocItem> },
    /// Applies a planned ticket import to the tickets as they were `read` for it.
    ImportTickets { engagement_id: String, import: TicketImport, read: Vec<Ticket> },
}

/// A person's rating of a skill is one row.
const RATING_KEY: &[&str] =
    &[SkillRatingField::PersonId.column(), SkillRatingField::SkillId.column()];

/// The column of a record's id, where it has one.
const ID: &str = "id";

/// Typed fields' values as their columns store them.
fn sql(values: &[(Column, FieldValue)]) -> impl Iterator<Item = (&'static str, Value)> + '_ {
    values.iter().map(|(column, value)| (column.name(), value.to_sql()))
}

/// Sets one column of the record `id` from the value shown to the new one, refused unless
/// the record still holds the value shown.
fn set(table: Table, id: &str, column: &'static str, (shown, value): (Value, Value)) -> RowEdit {
    let id = id.to_string();
    RowEdit::Update { table, id, values: vec![(column, value)], shown: vec![(column, shown)] }
}

fn text(value: &str) -> Value {
    Value::Text(value.into())
}

impl Command {
    /// The row edits that carry the command out.
    fn row_edits(&self) -> Result<Vec<RowEdit>> {
        let int = Value::Integer;
        Ok(match self {
            Command::Create { engagement_id, table, values } => {
                let owner = table.owner().map(|column| (column, text(engagement_id)));
                let given = values.iter().any(|(column, _)| column.name() == ID);
                let id = (!given && table.columns().contains(&ID)).then(|| (ID, text(&new_id())));
                let values = owner.into_iter().chain(id).chain(sql(values)).collect();
                vec![RowEdit::Insert { table: *table, values }]
            }
            Command::Patch { table, id, values, shown } => vec![RowEdit::Update {
                table: *table,
                id: id.clone(),
                values: sql(values).collect(),
                shown: sql(shown).collect(),
            }],
            Command::Delete { table, id } => {
                vec![RowEdit::Delete { table: *table, id: id.clone() }]
            }
            Command::MoveCard { id, from, to, position, at } => vec![RowEdit::Update {
                table: Table::Task,
                id: id.clone(),
                values: vec![
                    (TaskField::Status.column(), text(to.as_str())),
                    (TaskField::Position.column(), int(*position)),
                    (TaskField::UpdatedAt.column(), text(at)),
                ],
                shown: vec![(TaskField::Status.column(), text(from.as_str()))],
            }],
            Command::PlaceCard { id, from, to } => {
                vec![set(Table::Task, id, TaskField::Position.column(), (int(*from), int(*to)))]
            }
            Command::AdvancePhase { engagement_id, from, to, day, ending, starting, .. } => {
                let advance = (text(from.as_str()), text(to.as_str()));
                let phase = EngagementField::CurrentPhase.column();
                let date = |id: &String, field: PhaseDatesField| {
                    set(Table::Phase, id, field.column(), (Value::Null, text(&day.to_string())))
                };
                std::iter::once(set(Table::Engagement, engagement_id, phase, advance))
                    .chain(ending.iter().map(|id| date(id, PhaseDatesField::ActualEnd)))
                    .chain(starting.iter().map(|id| date(id, PhaseDatesField::ActualStart)))
                    .collect()
            }
            Command::Archive { engagement_id, archived } => {
                let (now, before) = (int(i64::from(*archived)), int(i64::from(!archived)));
                let column = EngagementField::Archived.column();
                vec![set(Table::Engagement, engagement_id, column, (before, now))]
            }
            Command::RateSkill { person_id, skill_id, level, day } => {
                let values = vec![
                    (SkillRatingField::PersonId.column(), text(person_id)),
                    (SkillRatingField::SkillId.column(), text(skill_id)),
                    (SkillRatingField::Level.column(), int(i64::from(*level))),
                    (SkillRatingField::AssessedAt.column(), text(&day.to_string())),
                ];
                vec![RowEdit::Upsert { table: Table::SkillRating, key: RATING_KEY, values }]
            }
            Command::Train { topic_id, person_id, trainee } => {
                let key = vec![
                    (KtTraineeField::TopicId.column(), text(topic_id)),
                    (KtTraineeField::PersonId.column(), text(person_id)),
                ];
                let table = Table::KtTrainee;
                vec![if *trainee {
                    RowEdit::Insert { table, values: key }
                } else {
                    RowEdit::Remove { table, key }
                }]
            }
            Command::RenameCategory { ids, from, to } => {
                let category = DocItemField::Category.column();
                let rename =
                    |id: &String| set(Table::DocItem, id, category, (text(from), text(to)));
                ids.iter().map(rename).collect()
            }
            Command::AddDocs { engagement_id, docs } => {
                docs.iter().map(|d| RowEdit::insert(engagement_id, d)).collect::<Result<_>>()?
            }
            Command::ImportChecklist { engagement_id, plan, read } => {
                checklist_import_edits(engagement_id, plan, read)?
            }
            Command::ImportTickets { engagement_id, import, read } => {
                ticket_import_edits(engagement_id, import, read)?
            }
        })
    }

    /// The records the command names by id, with the table and field naming each.
    fn references(&self) -> Vec<(Table, Column, &str)> {
        match self {
            Command::Create { table, values, .. } | Command::Patch { table, values, .. } => values
                .iter()
                .filter_map(|(column, value)| match value {
                    FieldValue::Text(id) => Some((*table, *column, id.as_str())),
                    _ => None,
                })
                .collect(),
            Command::Train { topic_id, person_id, .. } => vec![
                (Table::KtTrainee, KtTraineeField::TopicId.into(), topic_id.as_str()),
                (Table::KtTrainee, KtTraineeField::PersonId.into(), person_id.as_str()),
            ],
            Command::RateSkill { person_id, skill_id, .. } => vec![
                (Table::SkillRating, SkillRatingField::PersonId.into(), person_id.as_str()),
                (Table::SkillRating, SkillRatingField::SkillId.into(), skill_id.as_str()),
            ],
            _ => Vec::new(),
        }
    }

    /// The written justification the command is kept with, if any (a gate override).
    fn reason(&self) -> Option<&str> {
        match self {
            Command::AdvancePhase { reason, .. } => reason.as_deref(),
            _ => None,
        }
    }

    /// Refuses a hand-over item's text (`model::handover::SECRET_FREE`) that holds a secret,
    /// whatever asked for it: the form checks first, this keeps one out of the undo history.
    fn check_no_secret(&self) -> Result<()> {
        let (Command::Create { table: Table::HandoverItem, values, .. }
        | Command::Patch { table: Table::HandoverItem, values, .. }) = self
        else {
            return Ok(());
        };
        let texts = values.iter().filter_map(|(column, value)| match (column, value) {
            (Column::HandoverItem(field), FieldValue::Text(text))
                if SECRET_FREE.contains(field) =>
            {
                Some(text)
            }
            _ => None,
        });
        match texts.filter_map(|text| secret_in(text)).next() {
            Some(why) => Err(StoreError::Refused(why)),
            None => Ok(()),
        }
    }

    /// The cards the command changes, when it changes nothing else.
    fn changed_cards(&self) -> Option<Vec<&str>> {
        match self {
            Command::MoveCard { id, .. } | Command::PlaceCard { id, .. } => Some(vec![id]),
            Command::Patch { table: Table::Task, id, .. } => Some(vec![id]),
            _ => None,
        }
    }
}

/// The cards `commands` change, when they change nothing else (and something).
pub(super) fn changed_cards(commands: &[Command]) -> Option<Vec<&str>> {
    let mut cards = Vec::new();
    for command in commands {
        cards.extend(command.changed_cards()?);
    }
    Some(cards).filter(|cards| !cards.is_empty())
}

impl Store {
    /// Carries `commands` out as one recorded edit of the engagement, which undo takes back
    /// whole and whose `summary` the history shows.
    pub fn execute(
        &mut self,
        engagement_id: Option<&str>,
        summary: &str,
        commands: &[Command],
    ) -> Result<()> {
        commands.iter().try_for_each(Command::check_no_secret)?;
        let reason = commands.iter().find_map(Command::reason);
        let edits = commands.iter().map(Command::row_edits).collect::<Result<Vec<_>>>()?.concat();
        let write = |tx: &Transaction| edits.iter().try_for_each(|edit| edit.write(tx));
        let done = self.record(engagement_id, summary, reason, |tx| {
            // The order of a record's dates holds whatever screen built the edit. Its
            // triggers are made only for an edit that writes such a date: making them
            // changes the schema, which re-prepares every statement of the connection.
            if edits.iter().any(RowEdit::writes_ordered_date) {
                with_date_order(tx, || write(tx))
            } else {
                write(tx)
            }
        });
        match done {
            Err(StoreError::Sqlite(e)) if is_foreign_key(&e) => {
                Err(self.deleted_in(commands)?.unwrap_or(StoreError::Sqlite(e)))
            }
            Err(StoreError::Sqlite(e)) => {
                Err(broken_date_order(&e).map_or(StoreError::Sqlite(e), StoreError::Refused))
            }
            done => done,
        }
    }

    /// Which record `commands` name is gone, when a write failed for a reference: deleted in
    /// another window or by a sync since the screen listed it.
    fn deleted_in(&self, commands: &[Command]) -> Result<Option<StoreError>> {
        for (table, column, id) in commands.iter().flat_map(Command::references) {
            let Some(Reference { target, .. }) =
                REFERENCES.iter().find(|r| r.table == table.name() && r.column == column.name())
            else {
                continue;
            };
            let sql = format!("SELECT EXISTS (SELECT 1 FROM \"{target}\" WHERE id = ?1)");
            let Some(target) = Table::from_name(target) else { continue };
            if !self.conn.query_row(&sql, [id], |r| r.get::<_, bool>(0))? {
                let field = Some(column);
                return Ok(Some(StoreError::Deleted { field, table: target, id: id.into() }));
            }
        }
        Ok(None)
    }
}
