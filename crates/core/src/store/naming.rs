//! The free texts of an engagement that hold a person's name — the fields its records declare
//! `[Name]`, where a contractor's name or "Client IT" may stand as well — by table and
//! column: what renaming the person renames with it.

use super::tables::{Column, Table, TableRecord};
use crate::model::EngagementData;

/// The free texts holding a name (see `texts_naming`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextsNaming {
    pub texts: Vec<NamingText>,
}

/// A free text holding a name: its record's table and id, and its column.
#[derive(Debug, Clone, PartialEq)]
pub struct NamingText {
    pub table: Table,
    pub column: Column,
    pub id: String,
}

impl TextsNaming {
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Adds the free texts of `records` that hold `name`.
    fn find<R: TableRecord>(&mut self, records: &[R], name: &str)
    where
        Column: From<R::Field>,
    {
        for record in records {
            let fields = record.texts_holding(name);
            let Some(id) = record.key().filter(|_| !fields.is_empty()) else { continue };
            let text = |field| NamingText { table: R::STORED_IN, column: field, id: id.clone() };
            self.texts.extend(fields.into_iter().map(Column::from).map(text));
        }
    }
}

/// The free texts of `data` that hold `name` exactly, in records of every kind (the cards
/// and hand-over items first, as a rename's message counts them); none while two people of
/// the engagement are called `name` (an import or a sync may bring them): whose the texts
/// are is not known.
pub fn texts_naming(data: &EngagementData, name: &str) -> TextsNaming {
    let client = data.people.iter().map(|p| &p.name);
    let called = client.chain(data.contractor_staff.iter().map(|p| &p.name));
    if called.filter(|called| *called == name).count() > 1 {
        return TextsNaming::default();
    }
    // Every kind of record, named so that a new one is thought of here; those without an id
    // (no record to patch) hold no name.
    let EngagementData {
        engagement,
        phases: _,
        tasks,
        gates,
        roles,
        people,
        skills,
        ratings: _,
        kt_topics,
        responsibilities,
        docs,
        snapshots: _,
        risks,
        budget,
        costs,
        user_tests,
        integrations,
        lessons,
        handover,
        contractor_staff,
        kt_trainees: _,
        tickets,
    } = data;
    let mut named = TextsNaming::default();
    named.find(tasks, name);
    named.find(handover, name);
    named.find(std::slice::from_ref(engagement), name);
    named.find(gates, name);
    named.find(roles, name);
    named.find(people, name);
    named.find(skills, name);
    named.find(kt_topics, name);
    named.find(responsibilities, name);
    named.find(docs, name);
    named.find(risks, name);
    named.find(budget, name);
    named.find(costs, name);
    named.find(user_tests, name);
    named.find(integrations, name);
    named.find(lessons, name);
    named.find(contractor_staff, name);
    named.find(tickets, name);
    named
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::{DocItemField, TaskField};
    use crate::records::{FieldKind, Record};

    #[test]
    fn only_the_texts_declared_to_hold_names_are_found_naming_someone() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        let mut data = crate::demo::sample(today).remove(0);
        let name = "Ines Vogt";
        data.tasks[0].assignee = name.into();
        data.tasks[1].title = name.into();
        data.docs[0].reviewer = Some(name.into());
        let found = texts_naming(&data, name).texts;
        let expected = [
            NamingText {
                table: Table::Task,
                column: TaskField::Assignee.into(),
                id: data.tasks[0].id.clone(),
            },
            NamingText {
                table: Table::DocItem,
                column: DocItemField::Reviewer.into(),
                id: data.docs[0].id.clone(),
            },
        ];
        assert_eq!(found, expected, "a card's title is no name");
    }

    #[test]
    fn the_texts_of_a_name_two_people_share_are_nobody_s_to_rename() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        let mut data = crate::demo::sample(today).remove(0);
        let name = data.people[0].name.clone();
        data.tasks[0].assignee = name.clone();
        assert!(!texts_naming(&data, &name).is_empty());
        data.contractor_staff[0].name = name.clone();
        assert!(texts_naming(&data, &name).is_empty());
    }

    #[test]
    fn the_records_without_an_id_declare_no_name() {
        use crate::model::{KtTrainee, PhaseDates, SkillRating, Snapshot};
        fn none<R: Record>() -> bool {
            R::FIELDS.iter().all(|field| R::field_kind(*field) != FieldKind::Name)
        }
        assert!(none::<PhaseDates>() && none::<SkillRating>());
        assert!(none::<Snapshot>() && none::<KtTrainee>(), "texts_naming passes them by");
    }
}
