//! The tables of the records, by name: what the change log, undo and sync say a row
//! belongs to. Each table's columns come from its record.

use serde::{Deserialize, Serialize};

use crate::model::evidence::Ticket;
use crate::model::handover::HandoverItem;
use crate::model::health::{BudgetLine, Cost, Integration, Lesson, Risk, UserTest};
use crate::model::{
    ContractorPerson, DocItem, Engagement, GateCriterion, KtTopic, KtTrainee, Person, PhaseDates,
    RecordId, Responsibility, Role, Skill, SkillRating, Snapshot, Task,
};
use crate::records::Record;

/// A record with its table.
pub trait TableRecord: Record {
    const STORED_IN: Table;
}

/// Declares `Table` with one variant per record, edited ones first.
macro_rules! tables {
    (
        edited { $($edited:ident => $edited_record:ty),+ $(,)? }
        deleted with engagement { $($derived:ident => $derived_record:ty),+ $(,)? }
    ) => {
        /// The tables whose rows user edits change, and the readiness history, whose rows
        /// only the deletion of their engagement removes. The log itself is not recorded.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Table {
            $($edited,)+
            $($derived,)+
        }

        /// A typed column of one of the tables.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Column {
            $($edited(<$edited_record as Record>::Field),)+
            $($derived(<$derived_record as Record>::Field),)+
        }

        impl Column {
            /// The column's name.
            pub fn name(self) -> &'static str {
                match self {
                    $(Column::$edited(field) => field.column(),)+
                    $(Column::$derived(field) => field.column(),)+
                }
            }

            /// What the column's value is to a reader, as its record states it.
            pub fn kind(self) -> crate::records::FieldKind {
                match self {
                    $(Column::$edited(field) => field.kind(),)+
                    $(Column::$derived(field) => field.kind(),)+
                }
            }
        }

        /// A column is written as its name (a conflict's field in JSON).
        impl Serialize for Column {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.name())
            }
        }

        $(impl From<<$edited_record as Record>::Field> for Column {
            fn from(field: <$edited_record as Record>::Field) -> Column {
                Column::$edited(field)
            }
        })+
        $(impl From<<$derived_record as Record>::Field> for Column {
            fn from(field: <$derived_record as Record>::Field) -> Column {
                Column::$derived(field)
            }
        })+

        impl Table {
            /// The tables user edits change.
            pub const ALL: &'static [Table] = &[$(Table::$edited),+];

            /// Derived data that edits never write but a deletion removes with its
            /// engagement: only its deletions are recorded, so that undo gives the readiness
            /// history back.
            pub const DELETED_WITH_ENGAGEMENT: &'static [Table] = &[$(Table::$derived),+];

            pub fn name(self) -> &'static str {
                match self {
                    $(Table::$edited => <$edited_record>::TABLE,)+
                    $(Table::$derived => <$derived_record>::TABLE,)+
                }
            }

            /// The column that names a record of the table, for messages; `None` where none
            /// does.
            pub fn name_column(self) -> Option<&'static str> {
                match self {
                    $(Table::$edited => <$edited_record>::NAME_COLUMN,)+
                    $(Table::$derived => <$derived_record>::NAME_COLUMN,)+
                }
            }

            /// The column naming the engagement a row belongs to, where the table has one.
            pub fn owner(self) -> Option<&'static str> {
                match self {
                    $(Table::$edited => <$edited_record>::OWNER,)+
                    $(Table::$derived => <$derived_record>::OWNER,)+
                }
            }

            /// The table's column named `name`, typed; `None` for the column naming the
            /// engagement (no field of the record) and for a name no record knows.
            pub fn column(self, name: &str) -> Option<Column> {
                match self {
                    $(Table::$edited => <$edited_record>::field(name).map(Column::$edited),)+
                    $(Table::$derived => <$derived_record>::field(name).map(Column::$derived),)+
                }
            }

            /// Every column of the table, as its record states them.
            pub fn columns(self) -> Vec<&'static str> {
                match self {
                    $(Table::$edited => <$edited_record>::all_columns(),)+
                    $(Table::$derived => <$derived_record>::all_columns(),)+
                }
            }
        }

        $(impl TableRecord for $edited_record {
            const STORED_IN: Table = Table::$edited;
        })+
        $(impl TableRecord for $derived_record {
            const STORED_IN: Table = Table::$derived;
        })+
    };
}

tables! {
    edited {
        Engagement => Engagement,
        Phase => PhaseDates,
        Task => Task,
        GateCriterion => GateCriterion,
        Role => Role,
        Person => Person,
        Skill => Skill,
        SkillRating => SkillRating,
        ContractorPerson => ContractorPerson,
        KtTopic => KtTopic,
        KtTrainee => KtTrainee,
        Responsibility => Responsibility,
        DocItem => DocItem,
        Risk => Risk,
        BudgetLine => BudgetLine,
        CostEntry => Cost,
        UserTest => UserTest,
        Integration => Integration,
        Lesson => Lesson,
        HandoverItem => HandoverItem,
        Ticket => Ticket,
    }
    deleted with engagement {
        ReadinessSnapshot => Snapshot,
    }
}

impl Table {
    /// Every table, the derived ones last.
    pub fn every() -> impl Iterator<Item = Table> {
        Table::ALL.iter().chain(Table::DELETED_WITH_ENGAGEMENT).copied()
    }

    pub(super) fn from_name(name: &str) -> Option<Table> {
        Table::every().find(|t| t.name() == name)
    }

    /// The table of the record `record` names, and its id.
    pub fn of(record: &RecordId) -> (Table, &str) {
        match record {
            RecordId::Engagement(id) => (Table::Engagement, id),
            RecordId::Task(id) => (Table::Task, id),
            RecordId::Role(id) => (Table::Role, id),
            RecordId::Person(id) => (Table::Person, id),
            RecordId::ContractorPerson(id) => (Table::ContractorPerson, id),
            RecordId::Skill(id) => (Table::Skill, id),
            RecordId::KtTopic(id) => (Table::KtTopic, id),
            RecordId::Responsibility(id) => (Table::Responsibility, id),
            RecordId::DocItem(id) => (Table::DocItem, id),
            RecordId::HandoverItem(id) => (Table::HandoverItem, id),
            RecordId::Ticket(id) => (Table::Ticket, id),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::Table;
    use crate::records::Record;
    use crate::store::Store;
    use crate::store::report_log::ReportWritten;
    use crate::store::sync::{AppliedFile, StoredConflict, SyncState};
    use crate::store::undo::HistoryEntry;

    /// The columns of the migrated table `name`.
    fn live_columns(store: &Store, name: &str) -> BTreeSet<String> {
        let sql = "SELECT name FROM pragma_table_info(?1)";
        let mut statement = store.connection().prepare(sql).unwrap();
        let rows = statement.query_map([name], |r| r.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    }

    /// Whether `stated` names each column of the table `name` once, and no other.
    fn assert_states_its_table(store: &Store, name: &str, stated: &[&str]) {
        let live = live_columns(store, name);
        assert!(!live.is_empty(), "no table {name}");
        let stated_set: BTreeSet<String> = stated.iter().map(|c| c.to_string()).collect();
        assert_eq!(stated_set.len(), stated.len(), "a column stated twice in {name}");
        assert_eq!(stated_set, live, "the record of {name} and its table differ");
    }

    #[test]
    fn every_record_states_exactly_the_columns_of_its_migrated_table() {
        let store = Store::in_memory().unwrap();
        for table in Table::every() {
            assert_states_its_table(&store, table.name(), &table.columns());
        }
        let own_records = [
            (HistoryEntry::TABLE, HistoryEntry::all_columns()),
            (ReportWritten::TABLE, ReportWritten::all_columns()),
            (StoredConflict::TABLE, StoredConflict::all_columns()),
            (SyncState::TABLE, SyncState::all_columns()),
            (AppliedFile::TABLE, AppliedFile::all_columns()),
        ];
        for (table, columns) in own_records {
            assert_states_its_table(&store, table, &columns);
        }
    }

    #[test]
    fn each_field_of_a_table_is_found_by_its_column_name_and_the_owner_is_none() {
        for table in Table::every() {
            for name in table.columns() {
                let found = table.column(name).map(|column| column.name());
                let expected = (Some(name) != table.owner()).then_some(name);
                assert_eq!(found, expected, "{table:?}");
            }
            assert_eq!(table.column("a_column_of_a_newer_version"), None);
        }
    }

    #[test]
    fn the_change_log_names_each_table_by_its_name() {
        for table in Table::every() {
            let logged = serde_json::to_value(table).unwrap();
            assert_eq!(logged, table.name(), "{table:?}");
            assert_eq!(Table::from_name(table.name()), Some(table));
        }
    }
}
