//! The range each whole number must keep (a criticality, a level, an amount …), and the
//! columns that hold it: plain values that the forms, the imports, the money parser and
//! `doctor` check against (see `rules`, which re-exports them).

/// A whole number between two bounds, and the columns that hold one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// What the value is, as messages name it.
    pub name: &'static str,
    pub min: i64,
    pub max: i64,
    /// The (table, column) pairs the rule holds for.
    pub columns: &'static [(&'static str, &'static str)],
}

impl Range {
    pub fn contains(&self, value: i64) -> bool {
        (self.min..=self.max).contains(&value)
    }

    /// Refuses a value outside the range, in a sentence.
    pub fn check(&self, value: impl Into<i64>) -> Result<(), String> {
        let value = value.into();
        if self.contains(value) {
            return Ok(());
        }
        Err(format!("{} must be {} to {}, not {value}", self.name, self.min, self.max))
    }
}

pub const CRITICALITY: Range = Range {
    name: "criticality",
    min: 1,
    max: 3,
    columns: &[
        ("role", "criticality"),
        ("skill", "criticality"),
        ("responsibility", "criticality"),
        ("doc_item", "criticality"),
    ],
};
pub const PLANNED_COUNT: Range =
    Range { name: "planned count", min: 0, max: 1000, columns: &[("role", "planned_count")] };
pub const REQUIRED_LEVEL: Range =
    Range { name: "required level", min: 1, max: 4, columns: &[("skill", "required_level")] };
pub const MIN_HOLDERS: Range =
    Range { name: "minimum holders", min: 1, max: 100, columns: &[("skill", "min_holders")] };
pub const LEVEL: Range =
    Range { name: "skill level", min: 0, max: 4, columns: &[("skill_rating", "level")] };
pub const REVIEW_INTERVAL_DAYS: Range = Range {
    name: "review_interval_days",
    min: 1,
    max: 3650,
    columns: &[("doc_item", "review_interval_days")],
};
pub const THRESHOLD: Range = Range {
    name: "readiness threshold",
    min: 0,
    max: 100,
    columns: &[("engagement", "readiness_threshold")],
};
pub const RISK_RATING: Range = Range {
    name: "likelihood and impact",
    min: 1,
    max: 5,
    columns: &[("risk", "likelihood"), ("risk", "impact")],
};
/// A template's phase lengths and week offsets: ten years at most.
pub const WEEKS: Range = Range { name: "weeks", min: 0, max: 520, columns: &[] };
pub const PARTICIPANTS: Range =
    Range { name: "participants", min: 0, max: 100_000, columns: &[("user_test", "participants")] };
/// Money in the currency's minor unit: a planned amount or a cost (negative for a credit).
/// 10^13 minor units (a hundred billion EUR) is more than any engagement's budget, and
/// leaves a sum of hundreds of thousands of such amounts far from overflowing.
pub const AMOUNT: Range = Range {
    name: "amount in minor units",
    min: -10_000_000_000_000,
    max: 10_000_000_000_000,
    columns: &[("budget_line", "planned"), ("cost_entry", "amount")],
};

/// Every range, for `doctor`.
pub const RANGES: &[Range] = &[
    CRITICALITY,
    PLANNED_COUNT,
    REQUIRED_LEVEL,
    MIN_HOLDERS,
    LEVEL,
    REVIEW_INTERVAL_DAYS,
    THRESHOLD,
    RISK_RATING,
    PARTICIPANTS,
    AMOUNT,
];
