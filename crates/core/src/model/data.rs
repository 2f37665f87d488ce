//! Everything recorded about one engagement, the readiness history it keeps, and what its
//! records say of one person (`references_to`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::handover::HandoverItem;
use super::health_records::{BudgetLine, Cost, Integration, Lesson, Risk, UserTest};
use super::score_terms::{Dimension, Level};
use super::tickets::Ticket;
use super::{
    ContractorPerson, DocItem, DocStatus, Engagement, GateCriterion, KtTopic, KtTrainee, Person,
    PersonState, Phase, PhaseDates, Responsibility, Role, Skill, SkillRating, Task,
};
use crate::records::record;

record! {
    /// The readiness of one day, as recorded for the engagement's history.
    pub struct Snapshot: SnapshotField in "readiness_snapshot", owned by "engagement_id" {
        Day day: NaiveDate,
        Score score: f64,
        Staffing staffing: f64,
        Skills skills: f64,
        Kt kt: f64,
        Responsibilities responsibilities: f64,
        Docs docs: f64,
        Level level: Level,
    }
}

impl Snapshot {
    /// Each dimension's recorded value, in the score's order.
    pub fn dimension_values(&self) -> [(Dimension, f64); 5] {
        use Dimension as D;
        [
            (D::Staffing, self.staffing),
            (D::Skills, self.skills),
            (D::Kt, self.kt),
            (D::Responsibilities, self.responsibilities),
            (D::Docs, self.docs),
        ]
    }
}

/// Everything recorded about one engagement: what the screens, the score and reports read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngagementData {
    pub engagement: Engagement,
    pub phases: Vec<PhaseDates>,
    pub tasks: Vec<Task>,
    pub gates: Vec<GateCriterion>,
    pub roles: Vec<Role>,
    pub people: Vec<Person>,
    pub skills: Vec<Skill>,
    pub ratings: Vec<SkillRating>,
    pub kt_topics: Vec<KtTopic>,
    pub responsibilities: Vec<Responsibility>,
    pub docs: Vec<DocItem>,
    pub snapshots: Vec<Snapshot>,
    // Health records; absent from exports made before they existed.
    #[serde(default)]
    pub risks: Vec<Risk>,
    #[serde(default)]
    pub budget: Vec<BudgetLine>,
    #[serde(default)]
    pub costs: Vec<Cost>,
    #[serde(default)]
    pub user_tests: Vec<UserTest>,
    #[serde(default)]
    pub integrations: Vec<Integration>,
    #[serde(default)]
    pub lessons: Vec<Lesson>,
    /// The transfer inventory; absent from exports made before it existed.
    #[serde(default)]
    pub handover: Vec<HandoverItem>,
    // People in the plan; absent from exports made before they existed.
    #[serde(default)]
    pub contractor_staff: Vec<ContractorPerson>,
    #[serde(default)]
    pub kt_trainees: Vec<KtTrainee>,
    /// The service desk's tickets; absent from exports made before they existed.
    #[serde(default)]
    pub tickets: Vec<Ticket>,
}

impl EngagementData {
    /// The people of `role` who have not left: those who fill (or will fill) its slots.
    pub fn staff_of<'a>(&'a self, role: &'a Role) -> impl Iterator<Item = &'a Person> + 'a {
        self.people.iter().filter(move |p| {
            p.role_id.as_deref() == Some(role.id.as_str()) && p.state != PersonState::Left
        })
    }

    /// The slots of `role` with nobody on staff in them.
    pub fn open_slots(&self, role: &Role) -> u32 {
        let filled = self.staff_of(role).filter(|p| p.state.is_on_staff()).count() as u32;
        role.planned_count.saturating_sub(filled)
    }

    /// Slots of `role` still open after its target date: a late hire.
    pub fn role_is_late(&self, role: &Role, today: NaiveDate) -> bool {
        role.target_date.is_some_and(|d| d < today) && self.open_slots(role) > 0
    }

    /// An engagement with nothing recorded in it yet.
    pub fn new(engagement: Engagement) -> EngagementData {
        EngagementData {
            engagement,
            phases: Vec::new(),
            tasks: Vec::new(),
            gates: Vec::new(),
            roles: Vec::new(),
            people: Vec::new(),
            skills: Vec::new(),
            ratings: Vec::new(),
            kt_topics: Vec::new(),
            responsibilities: Vec::new(),
            docs: Vec::new(),
            snapshots: Vec::new(),
            risks: Vec::new(),
            budget: Vec::new(),
            costs: Vec::new(),
            user_tests: Vec::new(),
            integrations: Vec::new(),
            lessons: Vec::new(),
            handover: Vec::new(),
            contractor_staff: Vec::new(),
            kt_trainees: Vec::new(),
            tickets: Vec::new(),
        }
    }

    /// Approved and applicable documentation items, out of all applicable ones.
    pub fn docs_progress(&self) -> (usize, usize) {
        let applicable = self.docs.iter().filter(|d| !d.not_applicable);
        let approved = applicable.clone().filter(|d| d.status == DocStatus::Approved).count();
        (approved, applicable.count())
    }

    /// Tasks not done whose due date has passed.
    pub fn overdue_tasks(&self, today: NaiveDate) -> impl Iterator<Item = &Task> {
        self.tasks.iter().filter(move |t| t.is_overdue(today))
    }

    /// The daily scores after `since` up to `day`, oldest first, ending with `day`'s own
    /// `live` score: a snapshot recorded earlier that day may predate an edit, and every
    /// figure shown must agree with the score shown beside it.
    pub fn score_history(
        &self,
        since: NaiveDate,
        day: NaiveDate,
        live: f64,
    ) -> Vec<(NaiveDate, f64)> {
        let recorded = self.snapshots.iter().filter(|s| s.day > since && s.day < day);
        recorded.map(|s| (s.day, s.score)).chain([(day, live)]).collect()
    }

    pub fn phase_dates(&self, phase: Phase) -> Option<&PhaseDates> {
        self.phases.iter().find(|p| p.kind == phase)
    }
}

impl EngagementData {
    /// What names the person `id` (of the client's or the contractor's staff), in words —
    /// "trainee of 2 topics", "accountable for 1 duty" — as deleting them clears it.
    pub fn references_to(&self, id: &str) -> Vec<String> {
        let is = |field: &Option<String>| field.as_deref() == Some(id);
        let topics = |n: usize| if n == 1 { "1 topic".to_string() } else { format!("{n} topics") };
        let duties = |n: usize| if n == 1 { "1 duty".to_string() } else { format!("{n} duties") };
        let count_topics =
            |f: fn(&KtTopic) -> &Option<String>| self.kt_topics.iter().filter(|t| is(f(t))).count();
        let count_duties = |f: fn(&Responsibility) -> &Option<String>| {
            self.responsibilities.iter().filter(|r| is(f(r))).count()
        };
        let trainee = self.kt_trainees.iter().filter(|t| t.person_id == id).count();
        [
            (count_topics(|t| &t.trainer_id), "trainer of", topics as fn(usize) -> String),
            (trainee, "trainee of", topics),
            (count_topics(|t| &t.signed_off_by_id), "signed off", topics),
            (count_duties(|r| &r.accountable_id), "accountable for", duties),
            (count_duties(|r| &r.verifier_id), "verifies", duties),
            (count_duties(|r| &r.signer_id), "signs off", duties),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, what, counted)| format!("{what} {}", counted(n)))
        .collect()
    }

    /// The name of the person `id`, of the client's or the contractor's staff.
    pub fn person_name(&self, id: &str) -> Option<&str> {
        let client = self.people.iter().map(|p| (&p.id, &p.name));
        let contractor = self.contractor_staff.iter().map(|p| (&p.id, &p.name));
        client.chain(contractor).find(|(candidate, _)| *candidate == id).map(|(_, n)| n.as_str())
    }

    /// The trainees of the KT topic `topic_id`, by id.
    pub fn trainees_of<'a>(&'a self, topic_id: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.kt_trainees
            .iter()
            .filter(move |t| t.topic_id == topic_id)
            .map(|t| t.person_id.as_str())
    }
}
