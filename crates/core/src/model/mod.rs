//! Plain domain types and pure logic: no terminal, and no database access — the records
//! only state which columns their fields are stored in (see `records`).

pub mod checklist;
pub mod forecast;
pub mod gate;
pub mod health;
pub mod rules;
pub mod score;
pub mod template;
pub mod text;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::records::{Blank, Codec, record};

/// Declares an enum stored as lower-case text (in SQLite, TOML and JSON), with its
/// stable text form, a human label and the list of all variants in their natural order.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every variant's text form, in order (for choices offered by name).
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The variant after this one, wrapping around to the first.
            pub fn next(self) -> Self {
                let i = Self::ALL.iter().position(|v| *v == self).unwrap_or(0);
                Self::ALL[(i + 1) % Self::ALL.len()]
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(
                        "unknown {} '{}' (expected one of: {})",
                        stringify!($name).to_lowercase(),
                        $crate::model::text::sanitize(s),
                        [$($text),+].join(", ")
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// The four phases of a BOT engagement, in order.
    Phase {
        Plan => "plan", "Plan";
        Build => "build", "Build";
        Operate => "operate", "Operate";
        Transfer => "transfer", "Transfer";
    }
);

text_enum!(TaskStatus {
    Todo => "todo", "To do";
    Doing => "doing", "Doing";
    Blocked => "blocked", "Blocked";
    Done => "done", "Done";
});

text_enum!(
    /// Who does a task: the contractor, the client, or both together.
    Side {
        Contractor => "contractor", "contractor";
        Client => "client", "client";
        Joint => "joint", "joint";
    }
);

text_enum!(CriterionKind {
    Manual => "manual", "manual";
    Computed => "computed", "computed";
});

text_enum!(
    /// The life of a client staff member, from plan to independence (or leaving).
    PersonState {
        Planned => "planned", "planned";
        Recruiting => "recruiting", "recruiting";
        Hired => "hired", "hired";
        Onboarded => "onboarded", "onboarded";
        Independent => "independent", "independent";
        Left => "left", "left";
    }
);

text_enum!(KtStatus {
    Planned => "planned", "planned";
    Session => "session", "session";
    Shadowing => "shadowing", "shadowing";
    ReverseShadowing => "reverse_shadowing", "reverse shadowing";
    SignedOff => "signed_off", "signed off";
});

text_enum!(
    /// Who carries a responsibility, on its way from the contractor to the client.
    Owner {
        Contractor => "contractor", "contractor";
        Shadowing => "shadowing", "shadowing";
        ReverseShadowing => "reverse_shadowing", "reverse shadowing";
        Client => "client", "client";
    }
);

text_enum!(DocStatus {
    Missing => "missing", "missing";
    Draft => "draft", "draft";
    InReview => "in_review", "in review";
    Approved => "approved", "approved";
});

impl PersonState {
    /// The state's contribution to a filled role slot (SPEC §3, staffing).
    pub fn value(self) -> f64 {
        match self {
            PersonState::Planned | PersonState::Left => 0.0,
            PersonState::Recruiting => 0.1,
            PersonState::Hired => 0.5,
            PersonState::Onboarded => 0.8,
            PersonState::Independent => 1.0,
        }
    }

    /// Hired, onboarded or independent: the person is actually on the client's staff.
    pub fn is_on_staff(self) -> bool {
        matches!(self, PersonState::Hired | PersonState::Onboarded | PersonState::Independent)
    }
}

impl KtStatus {
    pub fn value(self) -> f64 {
        match self {
            KtStatus::Planned => 0.0,
            KtStatus::Session => 0.25,
            KtStatus::Shadowing => 0.5,
            KtStatus::ReverseShadowing => 0.75,
            KtStatus::SignedOff => 1.0,
        }
    }
}

impl Owner {
    pub fn value(self) -> f64 {
        match self {
            Owner::Contractor => 0.0,
            Owner::Shadowing => 0.33,
            Owner::ReverseShadowing => 0.67,
            Owner::Client => 1.0,
        }
    }
}

impl DocStatus {
    pub fn value(self) -> f64 {
        match self {
            DocStatus::Missing => 0.0,
            DocStatus::Draft => 0.3,
            DocStatus::InReview => 0.6,
            DocStatus::Approved => 1.0,
        }
    }
}

/// A record of the engagement by its kind and id: what a score item, a next step or a
/// warning is about, so that a screen can open it without reading its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordId {
    Engagement(String),
    Task(String),
    Role(String),
    Person(String),
    Skill(String),
    KtTopic(String),
    Responsibility(String),
    DocItem(String),
}

/// Criticality 1 (low) to 3 (critical), as stored in several tables.
pub const CRITICAL: u8 = 3;

record! {
    pub struct Engagement: EngagementField in "engagement", named by Name {
        Id id: String,
        Slug slug: String,
        Client client: String,
        Name name: String,
        StartDate start_date: Option<NaiveDate>,
        PlannedTransferDate planned_transfer_date: Option<NaiveDate>,
        CurrentPhase current_phase: Phase,
        ReadinessThreshold readiness_threshold: u8,
        Weights weights: Option<score::Weights> = "weights_json" as StoredWeights,
        Archived archived: bool,
        /// ISO 4217 code of every amount of the engagement.
        #[serde(default = "default_currency")]
        Currency currency: String,
    }
    derived {
        /// Why the weights the file holds are not used, when they are not valid: the score
        /// then uses the default weights, and the warnings say so.
        #[serde(skip)]
        weights_problem: Option<String> = weights_problem,
    }
}

fn default_currency() -> String {
    "EUR".into()
}

/// An engagement's weights, stored as JSON; weights the file holds but that are not valid
/// read as none (`weights_problem` says why).
pub struct StoredWeights;

impl Codec<Option<score::Weights>> for StoredWeights {
    fn read(row: &rusqlite::Row, column: &str) -> rusqlite::Result<Option<score::Weights>> {
        Ok(stored_weights(row, column)?.and_then(Result::ok))
    }

    fn write(
        weights: &Option<score::Weights>,
    ) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        let json = weights.map(|w| serde_json::to_string(&w)).transpose();
        let json = json.map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
        Ok(rusqlite::types::ToSqlOutput::Owned(json.into()))
    }
}

/// Why the weights an engagement's row holds are not valid, if they are not.
fn weights_problem(row: &rusqlite::Row) -> rusqlite::Result<Option<String>> {
    Ok(stored_weights(row, EngagementField::Weights.column())?.and_then(Result::err))
}

fn stored_weights(
    row: &rusqlite::Row,
    column: &str,
) -> rusqlite::Result<Option<Result<score::Weights, String>>> {
    Ok(row.get::<_, Option<String>>(column)?.map(|json| score::Weights::from_stored(&json)))
}

record! {
    pub struct PhaseDates: PhaseDatesField in "phase", owned by "engagement_id" {
        Id id: String,
        Kind kind: Phase,
        PlannedStart planned_start: Option<NaiveDate>,
        PlannedEnd planned_end: Option<NaiveDate>,
        ActualStart actual_start: Option<NaiveDate>,
        ActualEnd actual_end: Option<NaiveDate>,
    }
}

record! {
    /// A card of the board.
    pub struct Task: TaskField in "task", owned by "engagement_id", named by Title {
        Id id: String,
        Phase phase: Phase,
        Title title: String,
        Notes notes: String,
        Status status: TaskStatus,
        Side side: Side,
        /// Who does it: a client person's name or a contractor's, as typed; empty: nobody
        /// named (as in exports made before cards had one).
        #[serde(default)]
        Assignee assignee: String as Blank,
        DueDate due_date: Option<NaiveDate>,
        Position position: i64,
        CreatedAt created_at: String,
        UpdatedAt updated_at: String,
    }
}

impl Task {
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status != TaskStatus::Done && self.due_date.is_some_and(|d| d < today)
    }
}

record! {
    pub struct GateCriterion: GateCriterionField in "gate_criterion", owned by "engagement_id",
        named by Title {
        Id id: String,
        Phase phase: Phase,
        Title title: String,
        Kind kind: CriterionKind,
        Rule rule: Option<String>,
        Blocking blocking: bool,
        MetAt met_at: Option<String>,
        Evidence evidence: Option<String>,
    }
}

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

record! {
    pub struct DocItem: DocItemField in "doc_item", owned by "engagement_id", named by Title {
        Id id: String,
        Category category: String,
        Title title: String,
        Criticality criticality: u8,
        Status status: DocStatus,
        NotApplicable not_applicable: bool,
        Owner owner: Option<String>,
        Reviewer reviewer: Option<String>,
        Location location: Option<String>,
        LastReviewedAt last_reviewed_at: Option<NaiveDate>,
        ReviewIntervalDays review_interval_days: Option<u32>,
        DuePhase due_phase: Option<Phase>,
    }
}

impl DocItem {
    /// A new checklist item, still missing.
    pub fn missing(category: String, title: String, criticality: u8) -> DocItem {
        DocItem {
            id: new_id(),
            category,
            title,
            criticality,
            status: DocStatus::Missing,
            not_applicable: false,
            owner: None,
            reviewer: None,
            location: None,
            last_reviewed_at: None,
            review_interval_days: None,
            due_phase: None,
        }
    }

    /// Approved, with a review interval, and not reviewed within it (never reviewed counts
    /// as past the interval: an approval nobody has looked at since is not trustworthy).
    pub fn is_stale(&self, today: NaiveDate) -> bool {
        let (DocStatus::Approved, Some(days)) = (self.status, self.review_interval_days) else {
            return false;
        };
        match self.last_reviewed_at {
            // An interval reaching past the calendar's end never runs out.
            Some(reviewed) => reviewed
                .checked_add_days(chrono::Days::new(u64::from(days)))
                .is_some_and(|due| due < today),
            None => true,
        }
    }
}

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
        Level level: score::Level,
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
    pub risks: Vec<health::Risk>,
    #[serde(default)]
    pub budget: Vec<health::BudgetLine>,
    #[serde(default)]
    pub costs: Vec<health::Cost>,
    #[serde(default)]
    pub user_tests: Vec<health::UserTest>,
    #[serde(default)]
    pub integrations: Vec<health::Integration>,
    #[serde(default)]
    pub lessons: Vec<health::Lesson>,
}

impl EngagementData {
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

    pub fn phase_dates(&self, phase: Phase) -> Option<&PhaseDates> {
        self.phases.iter().find(|p| p.kind == phase)
    }
}

/// Whole percent of `part` in `whole`, rounded half up; 0 when there is nothing to count.
pub fn percent(part: usize, whole: usize) -> u32 {
    (part * 200 + whole).checked_div(2 * whole).unwrap_or(0) as u32
}

/// A share in 0..=1 as a percentage to one decimal, rounded half up, without a needless
/// ".0": how a dimension's value and weight are shown beside its points, precise enough to
/// recompute them ("47.6 %" × "20 %" → 9.5).
pub fn percent_text(share: f64) -> String {
    let tenths = round_half_up(share * 1000.0);
    if tenths % 10.0 == 0.0 {
        format!("{} %", tenths / 10.0)
    } else {
        format!("{:.1} %", tenths / 10.0)
    }
}

/// Rounds half up, ignoring the float noise of sums (a hand-computed 95.95 may be held as
/// 95.94999…): the rounding a person does on paper.
pub fn round_half_up(x: f64) -> f64 {
    (x + 1e-9).round()
}

/// `x` to one decimal, rounded half up: how points and scores are shown and decided on.
pub fn one_decimal(x: f64) -> f64 {
    round_half_up(x * 10.0) / 10.0
}

/// A moment in UTC as records are stamped with it: ISO 8601, to the second, e.g.
/// `2026-06-15T09:30:00Z`.
pub fn timestamp(utc: chrono::NaiveDateTime) -> String {
    utc.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The current moment as records are stamped with it (see `timestamp`).
pub fn timestamp_now() -> String {
    timestamp(chrono::Utc::now().naive_utc())
}

/// A new time-ordered unique id for a record.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

text_enum!(
    /// The rules a computed gate criterion can check, evaluated from the data.
    GateRule {
        ReadinessThreshold => "readiness>=threshold", "readiness at or above the threshold";
        CriticalDocsApproved => "docs.critical_approved", "every critical document approved";
        CriticalSkillsCovered => "skills.critical_covered", "every critical skill has enough holders";
        TasksDone => "tasks.all_done", "every task of the phase done";
        DebriefingHeld => "debriefing.held", "lessons learned recorded for every phase";
    }
);

impl Snapshot {
    /// Each dimension's recorded value, in the score's order.
    pub fn dimension_values(&self) -> [(score::Dimension, f64); 5] {
        use score::Dimension as D;
        [
            (D::Staffing, self.staffing),
            (D::Skills, self.skills),
            (D::Kt, self.kt),
            (D::Responsibilities, self.responsibilities),
            (D::Docs, self.docs),
        ]
    }

    /// The snapshot of a readiness evaluation on `day`.
    pub fn of(day: NaiveDate, readiness: &score::Readiness) -> Snapshot {
        use score::Dimension as D;
        let value = |d| readiness.dimension(d).value;
        Snapshot {
            day,
            score: readiness.score,
            staffing: value(D::Staffing),
            skills: value(D::Skills),
            kt: value(D::Kt),
            responsibilities: value(D::Responsibilities),
            docs: value(D::Docs),
            level: readiness.level,
        }
    }
}

/// What a warning is about: one record, or a view where no one record is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Concern {
    Record(RecordId),
    /// The readiness score and its forecast.
    Score,
    Budget,
}

/// A warning of the header and overview, and what it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub text: String,
    pub concern: Concern,
}

/// What the header and overview warn about, in words (see `concerns`).
pub fn warnings(
    data: &EngagementData,
    forecast: Option<&forecast::Forecast>,
    today: NaiveDate,
) -> Vec<String> {
    concerns(data, forecast, today).into_iter().map(|w| w.text).collect()
}

/// The warnings: a transfer at risk (with its cause), overdue work (about the oldest overdue
/// card), stale approvals (about the first stale document), a budget heading past its plan.
pub fn concerns(
    data: &EngagementData,
    forecast: Option<&forecast::Forecast>,
    today: NaiveDate,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let mut warn = |text: String, concern| warnings.push(Warning { text, concern });
    if let Some(problem) = &data.engagement.weights_problem {
        let engagement = Concern::Record(RecordId::Engagement(data.engagement.id.clone()));
        warn(format!("weights not valid ({problem}): scored with the default weights"), engagement);
    }
    if let Some(cause) = forecast.filter(|f| f.at_risk).and_then(|f| f.cause.as_ref()) {
        warn(format!("transfer at risk: {cause}"), Concern::Score);
    }
    let overdue = data.overdue_tasks(today).count();
    if let Some(oldest) = data.overdue_tasks(today).min_by_key(|t| t.due_date) {
        warn(format!("{overdue} overdue"), Concern::Record(RecordId::Task(oldest.id.clone())));
    }
    let mut stale = data.docs.iter().filter(|d| !d.not_applicable && d.is_stale(today));
    if let Some(first) = stale.next() {
        let about = Concern::Record(RecordId::DocItem(first.id.clone()));
        warn(format!("{} stale docs", stale.count() + 1), about);
    }
    let budget = health::budget(data, today);
    if budget.planned > 0 && budget.over_plan() {
        let over =
            health::format_amount(budget.estimate - budget.planned, &data.engagement.currency);
        warn(format!("budget: estimate {over} over the plan"), Concern::Budget);
    }
    warnings
}
