//! A person as the plan sees them: what `person_readiness` fills and a screen or a report
//! lays out.

use chrono::NaiveDate;

use crate::model::{KtStatus, Owner, RecordId};

/// One person as the plan sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonReadiness {
    pub record: RecordId,
    pub name: String,
    /// The client role's title or the contractor's role on the engagement.
    pub role: Option<String>,
    /// "independent", "left" — or, for the contractor's staff, "contractor".
    pub state: String,
    /// The dated steps: "hired 2026-03-01", "leaves 2026-12-15" (still to come), "until
    /// 2026-12-27".
    pub dates: Vec<(&'static str, NaiveDate)>,
    /// When they leave (or left): the client person's `left_at`, the contractor's `until`.
    pub leaves: Option<NaiveDate>,
    /// Every skill of the engagement against this person's rating (none for the contractor's
    /// staff, who are not rated).
    pub skills: Vec<SkillStanding>,
    pub topics: Vec<TopicPart>,
    pub duties: Vec<DutyPart>,
    pub risks: Vec<KeyPersonRisk>,
}

/// A person's rating in one skill against the level the skill requires.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillStanding {
    pub skill_id: String,
    pub name: String,
    pub critical: bool,
    /// 0 when not rated.
    pub rated: u8,
    pub required: u8,
    /// Levels still missing to the required one.
    pub gap: u8,
    /// Nobody else who has not left holds it at the required level.
    pub only_holder: bool,
}

/// What a person does in a KT topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopicRole {
    Trainee,
    Trainer,
    SignedOff,
}

impl TopicRole {
    pub fn label(self) -> &'static str {
        match self {
            TopicRole::Trainee => "trainee",
            TopicRole::Trainer => "trainer",
            TopicRole::SignedOff => "signed off",
        }
    }
}

/// A KT topic a person takes, gives or signed off.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicPart {
    pub topic_id: String,
    pub title: String,
    pub roles: Vec<TopicRole>,
    pub status: KtStatus,
    pub due: Option<NaiveDate>,
    pub signed_off_at: Option<NaiveDate>,
    /// Not signed off by its due date (as the header counts it).
    pub late: bool,
}

/// What a person does for a responsibility (RACI plus verify and sign-off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DutyRole {
    Accountable,
    Verifies,
    SignsOff,
}

impl DutyRole {
    pub fn label(self) -> &'static str {
        match self {
            DutyRole::Accountable => "accountable",
            DutyRole::Verifies => "verifies",
            DutyRole::SignsOff => "signs off",
        }
    }
}

/// A responsibility a person holds.
#[derive(Debug, Clone, PartialEq)]
pub struct DutyPart {
    pub duty_id: String,
    pub activity: String,
    pub critical: bool,
    pub roles: Vec<DutyRole>,
    /// Who carries it today.
    pub owner: Owner,
    pub target: Option<NaiveDate>,
    /// Not with the client by its target date (as the header counts it).
    pub late: bool,
}

/// Why losing a person would hurt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskKind {
    /// The only holder at the required level of a critical skill.
    OnlyHolder,
    /// The only holder of the skill of a critical duty with the client or moving to it.
    NoStandIn,
    /// Accountable for a duty with the client whose skill nobody on the client's team holds.
    NoHolder,
    /// Leaving before a duty's target date or a topic's due date.
    LeavesBefore,
    /// Gone, yet still accountable for a critical duty with the client or training a topic.
    LeftButNamed,
}

/// One key-person risk: the record it is about and one sentence with what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyPersonRisk {
    pub kind: RiskKind,
    pub about: RecordId,
    pub text: String,
}
