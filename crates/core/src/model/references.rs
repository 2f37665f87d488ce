//! The references between the records of an engagement as it arrives from outside (a JSON
//! import): each must name a record of the same engagement, and of the kind it should.

use std::collections::HashMap;

use rusqlite::types::Value;

use super::{
    ContractorPerson, EngagementData, KtTopic, KtTopicField, KtTrainee, KtTraineeField, Person,
    PersonField, Responsibility, ResponsibilityField, Role, Skill, SkillRating, SkillRatingField,
};
use crate::records::Record;

/// A reference from a record of `table`, in `column`, to a record of `target` of the same
/// engagement; `called` is what the record calls it ("trainer").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    pub table: &'static str,
    pub column: &'static str,
    pub target: &'static str,
    pub called: &'static str,
}

const fn reference(
    table: &'static str,
    column: &'static str,
    target: &'static str,
    called: &'static str,
) -> Reference {
    Reference { table, column, target, called }
}

/// The references between records, each table's in the order its import checks them.
pub const REFERENCES: &[Reference] = &[
    reference(Person::TABLE, PersonField::RoleId.column(), Role::TABLE, "role"),
    reference(SkillRating::TABLE, SkillRatingField::PersonId.column(), Person::TABLE, "person"),
    reference(SkillRating::TABLE, SkillRatingField::SkillId.column(), Skill::TABLE, "skill"),
    reference(KtTopic::TABLE, KtTopicField::SkillId.column(), Skill::TABLE, "skill"),
    reference(KtTopic::TABLE, KtTopicField::TrainerId.column(), ContractorPerson::TABLE, "trainer"),
    reference(KtTopic::TABLE, KtTopicField::SignedOffById.column(), Person::TABLE, "signer"),
    reference(KtTrainee::TABLE, KtTraineeField::TopicId.column(), KtTopic::TABLE, "topic"),
    reference(KtTrainee::TABLE, KtTraineeField::PersonId.column(), Person::TABLE, "trainee"),
    reference(
        Responsibility::TABLE,
        ResponsibilityField::AccountableId.column(),
        Person::TABLE,
        "accountable",
    ),
    reference(
        Responsibility::TABLE,
        ResponsibilityField::VerifierId.column(),
        Person::TABLE,
        "verifier",
    ),
    reference(
        Responsibility::TABLE,
        ResponsibilityField::SignerId.column(),
        Person::TABLE,
        "signer",
    ),
    reference(Responsibility::TABLE, ResponsibilityField::SkillId.column(), Skill::TABLE, "skill"),
];

/// A record of `table` (one `REFERENCES` names) as a data rule's sentence says it: with its
/// article and, for people, their side ("a client person", "one of the contractor's
/// people"). The core words these itself, as it words every data rule (an import refused, a
/// trigger, `doctor`'s lines); the app's noun for a record of any table, as a screen or a
/// refusal names it ("person", "KT topic"), is `words::kind`.
pub fn a_record_of(table: &str) -> &'static str {
    match table {
        Person::TABLE => "a client person",
        ContractorPerson::TABLE => "one of the contractor's people",
        Skill::TABLE => "a skill",
        Role::TABLE => "a role",
        KtTopic::TABLE => "a KT topic",
        _ => "another kind of record",
    }
}

/// The people of the other side, for a reference to people of `table`: the client's and the
/// contractor's are easily mixed up (a client person named as a topic's trainer).
pub fn other_side(table: &str) -> Option<&'static str> {
    match table {
        Person::TABLE => Some(ContractorPerson::TABLE),
        ContractorPerson::TABLE => Some(Person::TABLE),
        _ => None,
    }
}

/// Refuses a reference to a record not of this engagement, or to one of the wrong kind (a
/// client person named as a topic's trainer), saying what it names and what it should.
pub(super) fn check_references(data: &EngagementData) -> Result<(), String> {
    let records = Referable::of(data);
    records.check_each(&data.people, |p| format!("person '{}'", p.name))?;
    records.check_each(&data.ratings, |_| "a skill rating".to_string())?;
    records.check_each(&data.kt_topics, |k| format!("KT topic '{}'", k.title))?;
    records.check_each(&data.kt_trainees, |t| {
        format!("a trainee of KT topic '{}'", records.name(&t.topic_id))
    })?;
    records.check_each(&data.responsibilities, |r| format!("responsibility '{}'", r.activity))
}

/// The records of one engagement a reference may name, by id: their table and name.
struct Referable<'a>(HashMap<&'a str, (&'static str, &'a str)>);

impl<'a> Referable<'a> {
    fn of(data: &'a EngagementData) -> Self {
        let roles = data.roles.iter().map(|r| (r.id.as_str(), (Role::TABLE, r.title.as_str())));
        let people = data.people.iter().map(|p| (p.id.as_str(), (Person::TABLE, p.name.as_str())));
        let skills = data.skills.iter().map(|s| (s.id.as_str(), (Skill::TABLE, s.name.as_str())));
        let staff = data.contractor_staff.iter();
        let staff = staff.map(|p| (p.id.as_str(), (ContractorPerson::TABLE, p.name.as_str())));
        let topics = data.kt_topics.iter();
        let topics = topics.map(|k| (k.id.as_str(), (KtTopic::TABLE, k.title.as_str())));
        Self(roles.chain(people).chain(skills).chain(staff).chain(topics).collect())
    }

    /// Checks the references (`REFERENCES`) of each of `rows`, each record named by `what`
    /// ("person 'Ana'", "a skill rating").
    fn check_each<R: Record>(&self, rows: &[R], what: impl Fn(&R) -> String) -> Result<(), String> {
        for row in rows {
            let values = row.column_values().map_err(|e| e.to_string())?;
            let text = |column: &str| match values.iter().find(|(c, _)| *c == column) {
                Some((_, Value::Text(text))) => Some(text.as_str()),
                _ => None,
            };
            let references = REFERENCES.iter().filter(|r| r.table == R::TABLE);
            self.check(&what(row), references.map(|r| (r.called, r.target, text(r.column))))?;
        }
        Ok(())
    }

    /// The name of the record `id`, else the id itself.
    fn name<'i>(&self, id: &'i str) -> &'i str
    where
        'a: 'i,
    {
        self.0.get(id).map_or(id, |(_, name)| name)
    }

    /// The first of `references` (what the record calls it, the table it must name, the id
    /// it names) that names no record of `table`, in a sentence about the record `what`.
    fn check<'r>(
        &self,
        what: &str,
        references: impl IntoIterator<Item = (&'r str, &'static str, Option<&'r str>)>,
    ) -> Result<(), String> {
        for (called, table, id) in references {
            let Some(id) = id else { continue };
            match self.0.get(id) {
                Some((found, _)) if *found == table => {}
                Some((found, name)) => {
                    let (is, must) = (a_record_of(found), a_record_of(table));
                    return Err(format!(
                        "{what}: {called} '{name}' is {is}; the {called} must be {must}"
                    ));
                }
                None => {
                    return Err(format!(
                        "{what} refers to '{id}', which is not a record of this engagement"
                    ));
                }
            }
        }
        Ok(())
    }
}
