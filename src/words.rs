//! What the user calls the core's records and fields: one vocabulary for the detail pane,
//! the Conflicts screen and the command line's conflict lines; and a store's refusal in
//! words, with what to do about it.

use crate::store::StoreError;
use crate::store::edit::Table;

/// A refusal of the store as the dashboard and the command line say it.
pub fn refusal(e: &StoreError) -> String {
    match e {
        StoreError::Unreadable(_) => format!("{e}; `botdash doctor` names it"),
        _ => e.to_string(),
    }
}

/// What a record of `table` is to the user: "document", "KT topic".
pub fn kind(table: Table) -> &'static str {
    match table {
        Table::Engagement => "engagement",
        Table::Phase => "phase",
        Table::Task => "card",
        Table::GateCriterion => "gate criterion",
        Table::Role => "role",
        Table::Person => "person",
        Table::Skill => "skill",
        Table::SkillRating => "skill rating",
        Table::ContractorPerson => "contractor person",
        Table::KtTopic => "KT topic",
        Table::KtTrainee => "KT trainee",
        Table::Responsibility => "responsibility",
        Table::DocItem => "document",
        Table::Risk => "risk",
        Table::BudgetLine => "planned amount",
        Table::CostEntry => "cost",
        Table::UserTest => "user test",
        Table::Integration => "integration",
        Table::Lesson => "lesson",
        Table::HandoverItem => "hand-over item",
        Table::Ticket => "ticket",
        Table::ReadinessSnapshot => "readiness snapshot",
    }
}

/// A column's label: "review date" for `last_reviewed_at`, "last change" for `updated_at`;
/// other columns with their underscores as spaces.
pub fn field(column: &str) -> String {
    let label = match column {
        "updated_at" => "last change",
        "created_at" => "created",
        "last_reviewed_at" => "review date",
        "review_interval_days" => "review every (days)",
        "weights_json" => "weights",
        "not_applicable" => "not applicable",
        other => return other.trim_end_matches("_id").replace('_', " "),
    };
    label.to_string()
}
