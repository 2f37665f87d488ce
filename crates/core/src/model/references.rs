//! The references between the records of an engagement as it arrives from outside (a JSON
//! import): each must name a record of the same engagement, and of the kind it should.

use std::collections::HashMap;

use super::{
    ContractorPerson, EngagementData, KtTopic, KtTopicField, KtTrainee, KtTraineeField, Person,
    PersonField, Responsibility, ResponsibilityField, Role, Skill, SkillRating, SkillRatingField,
};
use crate::records::Record;

/// The references between records, as (table, column, referenced table): each must name a
/// record of the same engagement.
pub const REFERENCES: &[(&str, &str, &str)] = &[
    (Person::TABLE, PersonField::RoleId.column(), Role::TABLE),
    (SkillRating::TABLE, SkillRatingField::PersonId.column(), Person::TABLE),
    (SkillRating::TABLE, SkillRatingField::SkillId.column(), Skill::TABLE),
    (KtTopic::TABLE, KtTopicField::SkillId.column(), Skill::TABLE),
    (KtTopic::TABLE, KtTopicField::TrainerId.column(), ContractorPerson::TABLE),
    (KtTopic::TABLE, KtTopicField::SignedOffById.column(), Person::TABLE),
    (KtTrainee::TABLE, KtTraineeField::TopicId.column(), KtTopic::TABLE),
    (KtTrainee::TABLE, KtTraineeField::PersonId.column(), Person::TABLE),
    (Responsibility::TABLE, ResponsibilityField::AccountableId.column(), Person::TABLE),
    (Responsibility::TABLE, ResponsibilityField::VerifierId.column(), Person::TABLE),
    (Responsibility::TABLE, ResponsibilityField::SignerId.column(), Person::TABLE),
    (Responsibility::TABLE, ResponsibilityField::SkillId.column(), Skill::TABLE),
];

/// A record of `table` (one `REFERENCES` names), in words.
pub fn kind(table: &str) -> &'static str {
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
    for p in &data.people {
        records.check(
            &format!("person '{}'", p.name),
            [("role", Role::TABLE, p.role_id.as_deref())],
        )?;
    }
    for r in &data.ratings {
        let person = ("person", Person::TABLE, Some(r.person_id.as_str()));
        let references = [person, ("skill", Skill::TABLE, Some(r.skill_id.as_str()))];
        records.check("a skill rating", references)?;
    }
    for k in &data.kt_topics {
        let references = [
            ("skill", Skill::TABLE, k.skill_id.as_deref()),
            ("trainer", ContractorPerson::TABLE, k.trainer_id.as_deref()),
            ("signer", Person::TABLE, k.signed_off_by_id.as_deref()),
        ];
        records.check(&format!("KT topic '{}'", k.title), references)?;
    }
    for t in &data.kt_trainees {
        let topic = ("topic", KtTopic::TABLE, Some(t.topic_id.as_str()));
        let references = [topic, ("trainee", Person::TABLE, Some(t.person_id.as_str()))];
        records
            .check(&format!("a trainee of KT topic '{}'", records.name(&t.topic_id)), references)?;
    }
    for r in &data.responsibilities {
        let references = [
            ("accountable", Person::TABLE, r.accountable_id.as_deref()),
            ("verifier", Person::TABLE, r.verifier_id.as_deref()),
            ("signer", Person::TABLE, r.signer_id.as_deref()),
            ("skill", Skill::TABLE, r.skill_id.as_deref()),
        ];
        records.check(&format!("responsibility '{}'", r.activity), references)?;
    }
    Ok(())
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
                    let (is, must) = (kind(found), kind(table));
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
