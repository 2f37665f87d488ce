//! What a form field is, by type: the column of the record it edits, or a value the form's
//! owner reads itself. Code finds a field by its key; the label is only what the user sees.

use crate::model::{self, score::Dimension};
use crate::store::edit::Column;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey {
    /// A column of the record the form saves.
    Column(Column),
    /// The path of a file to write or read.
    Path,
    /// The format of the report to write.
    Format,
    /// Why the phase advances although its gate is not met.
    Reason,
    /// The people a KT topic trains.
    Trainees,
    /// The new name of a documentation category.
    Category,
    /// A dimension's weight in the readiness score, in percent.
    Weight(Dimension),
}

impl FieldKey {
    /// The column the field edits, when it edits one.
    pub fn column(self) -> Option<Column> {
        match self {
            FieldKey::Column(column) => Some(column),
            _ => None,
        }
    }
}

/// What names a field: a record's field (e.g. `TaskField::Title`), a column, or a key.
pub trait IntoKey {
    fn into_key(self) -> FieldKey;
}

impl IntoKey for FieldKey {
    fn into_key(self) -> FieldKey {
        self
    }
}

/// Implements `IntoKey` for types that turn into a column. (A blanket impl over
/// `Into<Column>` would overlap the one for `FieldKey`, so the field types a form edits are
/// named; a form field of another record's field does not compile until it is added here.)
macro_rules! column_keys {
    ($($field:ty),+ $(,)?) => {
        $(impl IntoKey for $field {
            fn into_key(self) -> FieldKey {
                FieldKey::Column(self.into())
            }
        })+
    };
}

column_keys! {
    Column,
    model::EngagementField,
    model::PhaseDatesField,
    model::TaskField,
    model::GateCriterionField,
    model::RoleField,
    model::PersonField,
    model::SkillField,
    model::SkillRatingField,
    model::ContractorPersonField,
    model::KtTopicField,
    model::ResponsibilityField,
    model::DocItemField,
    model::health::RiskField,
    model::health::BudgetLineField,
    model::health::CostField,
    model::health::UserTestField,
    model::health::IntegrationField,
    model::health::LessonField,
    model::handover::HandoverItemField,
    model::evidence::TicketField,
}
