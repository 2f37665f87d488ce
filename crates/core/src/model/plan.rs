//! The records of the engagement and its plan: the engagement itself (with its weights,
//! stored as JSON), the phases' dates, the board's cards and the gates' criteria.

use chrono::NaiveDate;

use super::score_terms::Weights;
use super::{CriterionKind, Phase, Side, TaskStatus, new_id};
use crate::records::{Blank, Codec, record};

record! {
    pub struct Engagement: EngagementField in "engagement", named by Name {
        Id id: String [Hidden],
        Slug slug: String,
        Client client: String,
        Name name: String,
        StartDate start_date: Option<NaiveDate>,
        PlannedTransferDate planned_transfer_date: Option<NaiveDate>,
        CurrentPhase current_phase: Phase [Word],
        ReadinessThreshold readiness_threshold: u8,
        Weights weights: Option<Weights> = "weights_json" as StoredWeights,
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

impl Codec<Option<Weights>> for StoredWeights {
    fn read(row: &rusqlite::Row, column: &str) -> rusqlite::Result<Option<Weights>> {
        Ok(stored_weights(row, column)?.and_then(Result::ok))
    }

    fn write(weights: &Option<Weights>) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
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
) -> rusqlite::Result<Option<Result<Weights, String>>> {
    Ok(row.get::<_, Option<String>>(column)?.map(|json| Weights::from_stored(&json)))
}

record! {
    pub struct PhaseDates: PhaseDatesField in "phase", owned by "engagement_id" {
        Id id: String [Hidden],
        Kind kind: Phase [Word],
        PlannedStart planned_start: Option<NaiveDate>,
        PlannedEnd planned_end: Option<NaiveDate>,
        ActualStart actual_start: Option<NaiveDate>,
        ActualEnd actual_end: Option<NaiveDate>,
    }
}

record! {
    /// A card of the board.
    pub struct Task: TaskField in "task", owned by "engagement_id", named by Title {
        Id id: String [Hidden],
        Phase phase: Phase [Word],
        Title title: String,
        Notes notes: String,
        Status status: TaskStatus [Word],
        Side side: Side [Word],
        /// Who does it: a client person's name or a contractor's, as typed; empty: nobody
        /// named (as in exports made before cards had one).
        #[serde(default)]
        Assignee assignee: String [Name] as Blank,
        DueDate due_date: Option<NaiveDate>,
        Position position: i64 [Hidden],
        CreatedAt created_at: String [Timestamp],
        UpdatedAt updated_at: String [Timestamp],
    }
}

impl Task {
    /// A card still to do, with no notes, nobody named and no due date, at position 0,
    /// stamped `now`.
    pub fn to_do(phase: Phase, title: String, side: Side, now: &str) -> Task {
        Task {
            id: new_id(),
            phase,
            title,
            notes: String::new(),
            status: TaskStatus::Todo,
            side,
            assignee: String::new(),
            due_date: None,
            position: 0,
            created_at: now.to_string(),
            updated_at: now.to_string(),
        }
    }

    /// The side, and the assignee where one is named: "joint · Ana Costa".
    pub fn who(&self) -> String {
        match self.assignee.as_str() {
            "" => self.side.label().to_string(),
            name => format!("{} · {name}", self.side.label()),
        }
    }

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status != TaskStatus::Done && self.due_date.is_some_and(|d| d < today)
    }
}

record! {
    pub struct GateCriterion: GateCriterionField in "gate_criterion", owned by "engagement_id",
        named by Title {
        Id id: String [Hidden],
        Phase phase: Phase [Word],
        Title title: String,
        Kind kind: CriterionKind [Word],
        Rule rule: Option<String>,
        Blocking blocking: bool,
        MetAt met_at: Option<String> [Timestamp],
        Evidence evidence: Option<String>,
    }
}
