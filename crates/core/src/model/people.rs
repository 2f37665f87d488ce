//! The records of the client's people and what passes to them: roles, people, skills and
//! their ratings, knowledge-transfer topics and responsibilities.

use chrono::NaiveDate;

use super::{KtStatus, Owner, PersonState, new_id};
use crate::records::record;

record! {
    pub struct Role: RoleField in "role", owned by "engagement_id", named by Title {
        Id id: String,
        Title title: String,
        PlannedCount planned_count: u32,
        Criticality criticality: u8,
        TargetDate target_date: Option<NaiveDate>,
    }
}

record! {
    pub struct Person: PersonField in "person", owned by "engagement_id", named by Name {
        Id id: String,
        RoleId role_id: Option<String>,
        Name name: String,
        State state: PersonState,
        PlannedDate planned_date: Option<NaiveDate>,
        HiredAt hired_at: Option<NaiveDate>,
        OnboardedAt onboarded_at: Option<NaiveDate>,
        IndependentAt independent_at: Option<NaiveDate>,
        LeftAt left_at: Option<NaiveDate>,
    }
}

impl Person {
    /// A new person of the client's staff, no state dated yet.
    pub fn new(role_id: Option<String>, name: String, state: PersonState) -> Person {
        Person {
            id: new_id(),
            role_id,
            name,
            state,
            planned_date: None,
            hired_at: None,
            onboarded_at: None,
            independent_at: None,
            left_at: None,
        }
    }
}

record! {
    pub struct Skill: SkillField in "skill", owned by "engagement_id", named by Name {
        Id id: String,
        Name name: String,
        Category category: String,
        RequiredLevel required_level: u8,
        MinHolders min_holders: u32,
        Criticality criticality: u8,
    }
}

record! {
    pub struct SkillRating: SkillRatingField in "skill_rating" {
        PersonId person_id: String,
        SkillId skill_id: String,
        Level level: u8,
        AssessedAt assessed_at: Option<NaiveDate>,
    }
}

record! {
    pub struct KtTopic: KtTopicField in "kt_topic", owned by "engagement_id", named by Title {
        Id id: String,
        SkillId skill_id: Option<String>,
        Title title: String,
        Status status: KtStatus,
        DueDate due_date: Option<NaiveDate>,
        SignedOffAt signed_off_at: Option<NaiveDate>,
    }
}

impl KtTopic {
    /// The due date, while the topic is not signed off: when the plan expects it to be.
    pub fn pending_due(&self) -> Option<NaiveDate> {
        self.due_date.filter(|_| self.status != KtStatus::SignedOff)
    }

    /// Not signed off by its due date: a late step of the plan (the header counts it).
    pub fn is_late(&self, today: NaiveDate) -> bool {
        self.pending_due().is_some_and(|d| d < today)
    }
}

record! {
    pub struct Responsibility: ResponsibilityField in "responsibility", owned by "engagement_id",
        named by Activity {
        Id id: String,
        Activity activity: String,
        Criticality criticality: u8,
        Owner owner: Owner,
        TargetDate target_date: Option<NaiveDate>,
    }
}

impl Responsibility {
    /// The target date, while the client does not carry it yet: when the plan expects it to.
    pub fn pending_due(&self) -> Option<NaiveDate> {
        self.target_date.filter(|_| self.owner != Owner::Client)
    }

    /// Not with the client by its target date: a late step of the plan (the header counts it).
    pub fn is_late(&self, today: NaiveDate) -> bool {
        self.pending_due().is_some_and(|d| d < today)
    }
}
