//! Plain domain types and pure logic: no database, no terminal.

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

/// Criticality 1 (low) to 3 (critical), as stored in several tables.
pub const CRITICAL: u8 = 3;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Engagement {
    pub id: String,
    pub slug: String,
    pub client: String,
    pub name: String,
    pub start_date: Option<NaiveDate>,
    pub planned_transfer_date: Option<NaiveDate>,
    pub current_phase: Phase,
    pub readiness_threshold: u8,
    pub weights: Option<score::Weights>,
    /// Why the weights the file holds are not used, when they are not valid: the score then
    /// uses the default weights, and the warnings say so.
    #[serde(skip)]
    pub weights_problem: Option<String>,
    pub archived: bool,
    /// ISO 4217 code of every amount of the engagement.
    #[serde(default = "default_currency")]
    pub currency: String,
}

fn default_currency() -> String {
    "EUR".into()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseDates {
    pub id: String,
    pub kind: Phase,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub id: String,
    pub phase: Phase,
    pub title: String,
    pub notes: String,
    pub status: TaskStatus,
    pub side: Side,
    pub due_date: Option<NaiveDate>,
    pub position: i64,
    pub created_at: String,
    pub updated_at: String,
}

impl Task {
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status != TaskStatus::Done && self.due_date.is_some_and(|d| d < today)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateCriterion {
    pub id: String,
    pub phase: Phase,
    pub title: String,
    pub kind: CriterionKind,
    pub rule: Option<String>,
    pub blocking: bool,
    pub met_at: Option<String>,
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub title: String,
    pub planned_count: u32,
    pub criticality: u8,
    pub target_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub role_id: Option<String>,
    pub name: String,
    pub state: PersonState,
    pub planned_date: Option<NaiveDate>,
    pub hired_at: Option<NaiveDate>,
    pub onboarded_at: Option<NaiveDate>,
    pub independent_at: Option<NaiveDate>,
    pub left_at: Option<NaiveDate>,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skill {
    pub id: String,
    pub name: String,
    pub category: String,
    pub required_level: u8,
    pub min_holders: u32,
    pub criticality: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkillRating {
    pub person_id: String,
    pub skill_id: String,
    pub level: u8,
    pub assessed_at: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KtTopic {
    pub id: String,
    pub skill_id: Option<String>,
    pub title: String,
    pub status: KtStatus,
    pub due_date: Option<NaiveDate>,
    pub signed_off_at: Option<NaiveDate>,
}

impl KtTopic {
    /// Not signed off by its due date: a late step of the plan (the header counts it).
    pub fn is_late(&self, today: NaiveDate) -> bool {
        self.status != KtStatus::SignedOff && self.due_date.is_some_and(|d| d < today)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Responsibility {
    pub id: String,
    pub activity: String,
    pub criticality: u8,
    pub owner: Owner,
    pub target_date: Option<NaiveDate>,
}

impl Responsibility {
    /// Not with the client by its target date: a late step of the plan (the header counts it).
    pub fn is_late(&self, today: NaiveDate) -> bool {
        self.owner != Owner::Client && self.target_date.is_some_and(|d| d < today)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocItem {
    pub id: String,
    pub category: String,
    pub title: String,
    pub criticality: u8,
    pub status: DocStatus,
    pub not_applicable: bool,
    pub owner: Option<String>,
    pub reviewer: Option<String>,
    pub location: Option<String>,
    pub last_reviewed_at: Option<NaiveDate>,
    pub review_interval_days: Option<u32>,
    pub due_phase: Option<Phase>,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub day: NaiveDate,
    pub score: f64,
    pub staffing: f64,
    pub skills: f64,
    pub kt: f64,
    pub responsibilities: f64,
    pub docs: f64,
    pub level: score::Level,
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

/// The current moment as records are stamped with it: UTC, ISO 8601, to the second.
pub fn timestamp_now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
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

/// What the header and overview warn about: a transfer at risk (with its cause), overdue
/// work, stale approvals, a budget heading past its plan.
pub fn warnings(
    data: &EngagementData,
    forecast: Option<&forecast::Forecast>,
    today: NaiveDate,
) -> Vec<String> {
    let mut warnings = Vec::new();
    if let Some(problem) = &data.engagement.weights_problem {
        warnings.push(format!("weights not valid ({problem}): scored with the default weights"));
    }
    if let Some(cause) = forecast.filter(|f| f.at_risk).and_then(|f| f.cause.as_ref()) {
        warnings.push(format!("transfer at risk: {cause}"));
    }
    let overdue = data.overdue_tasks(today).count();
    if overdue > 0 {
        warnings.push(format!("{overdue} overdue"));
    }
    let stale = data.docs.iter().filter(|d| !d.not_applicable && d.is_stale(today)).count();
    if stale > 0 {
        warnings.push(format!("{stale} stale docs"));
    }
    let budget = health::budget(data, today);
    if budget.planned > 0 && budget.over_plan() {
        let over =
            health::format_amount(budget.estimate - budget.planned, &data.engagement.currency);
        warnings.push(format!("budget: estimate {over} over the plan"));
    }
    warnings
}
