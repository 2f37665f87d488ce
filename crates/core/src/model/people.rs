//! The records of the client's people and what passes to them: roles, people, skills and
//! their ratings, knowledge-transfer topics (with trainer, trainees and who signed them off)
//! and responsibilities (with who is accountable, verifies and signs off); and the
//! contractor's own staff, who train and hand over.

use chrono::{Days, NaiveDate};

use super::{KtStatus, Owner, PersonState, new_id};
use crate::records::{Blank, record};

record! {
    pub struct Role: RoleField in "role", owned by "engagement_id", named by Title {
        Id id: String [Hidden],
        Title title: String,
        PlannedCount planned_count: u32,
        Criticality criticality: u8,
        TargetDate target_date: Option<NaiveDate>,
    }
}

record! {
    pub struct Person: PersonField in "person", owned by "engagement_id", named by Name {
        Id id: String [Hidden],
        RoleId role_id: Option<String> [Reference],
        Name name: String,
        State state: PersonState [Word],
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

    /// The steps the plan expects of the person, as (due, state reached, verb): hired on
    /// the planned date, onboarded a month later, independent three months later.
    pub fn milestones(&self) -> [(Option<NaiveDate>, PersonState, &'static str); 3] {
        let after = |days| self.planned_date.and_then(|d| d.checked_add_days(Days::new(days)));
        [
            (self.planned_date, PersonState::Hired, "hire"),
            (after(30), PersonState::Onboarded, "onboard"),
            (after(90), PersonState::Independent, "make independent"),
        ]
    }

    /// The due date of the next step the plan waits for, while the person has not left.
    pub fn pending_due(&self) -> Option<NaiveDate> {
        let (due, _, _) = self.milestones().into_iter().find(|(_, s, _)| *s > self.state)?;
        due.filter(|_| self.state != PersonState::Left)
    }

    /// The next step not reached by its date: a late step of the plan (the header counts it).
    pub fn is_late(&self, today: NaiveDate) -> bool {
        self.pending_due().is_some_and(|d| d < today)
    }
}

record! {
    pub struct Skill: SkillField in "skill", owned by "engagement_id", named by Name {
        Id id: String [Hidden],
        Name name: String,
        Category category: String,
        RequiredLevel required_level: u8,
        MinHolders min_holders: u32,
        Criticality criticality: u8,
    }
}

record! {
    pub struct SkillRating: SkillRatingField in "skill_rating" {
        PersonId person_id: String [Reference],
        SkillId skill_id: String [Reference],
        Level level: u8,
        AssessedAt assessed_at: Option<NaiveDate>,
    }
}

record! {
    pub struct KtTopic: KtTopicField in "kt_topic", owned by "engagement_id", named by Title {
        Id id: String [Hidden],
        SkillId skill_id: Option<String> [Reference],
        Title title: String,
        Status status: KtStatus [Word],
        DueDate due_date: Option<NaiveDate>,
        SignedOffAt signed_off_at: Option<NaiveDate>,
        /// Who of the contractor's staff teaches it (none in exports made before).
        #[serde(default)]
        TrainerId trainer_id: Option<String> [Reference],
        /// Who of the client's people signed it off.
        #[serde(default)]
        SignedOffById signed_off_by_id: Option<String> [Reference],
    }
}

record! {
    /// One of the client's people taking a KT topic.
    pub struct KtTrainee: KtTraineeField in "kt_trainee" {
        TopicId topic_id: String [Reference],
        PersonId person_id: String [Reference],
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
        Id id: String [Hidden],
        Activity activity: String,
        Criticality criticality: u8,
        Owner owner: Owner [Word],
        TargetDate target_date: Option<NaiveDate>,
        /// The client person accountable for it (none in exports made before).
        #[serde(default)]
        AccountableId accountable_id: Option<String> [Reference],
        /// The client person who verifies it is done well.
        #[serde(default)]
        VerifierId verifier_id: Option<String> [Reference],
        /// The client person who signs its hand-over off.
        #[serde(default)]
        SignerId signer_id: Option<String> [Reference],
        /// The skill it needs.
        #[serde(default)]
        SkillId skill_id: Option<String> [Reference],
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

record! {
    /// One of the contractor's people on the engagement, and from when until when: who
    /// trains, and who is gone after the exit.
    pub struct ContractorPerson: ContractorPersonField in "contractor_person",
        owned by "engagement_id", named by Name {
        Id id: String [Hidden],
        Name name: String,
        /// The role on the engagement, e.g. "Lead engineer".
        Role role: String as Blank,
        OnFrom on_from: Option<NaiveDate>,
        Until until: Option<NaiveDate>,
    }
}
