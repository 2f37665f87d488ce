//! The records of engagement health: risks, the budget and costs (in exact minor units),
//! user tests with the target group, integrations with the client's systems, and the
//! lessons of the debriefing. What they add up to is computed in `health`.

use chrono::NaiveDate;

use super::{Phase, text_enum};
use crate::records::{Blank, record};

text_enum!(RiskStatus "risk status" {
    Open => "open", "open";
    Mitigating => "mitigating", "mitigating";
    Closed => "closed", "closed";
});

text_enum!(
    /// The worst finding of a user test.
    Severity "severity" {
        None => "none", "none";
        Minor => "minor", "minor";
        Major => "major", "major";
        Critical => "critical", "critical";
    }
);

text_enum!(
    /// Which way data flows between the product and a client system.
    Direction "direction" {
        Inbound => "inbound", "into the product";
        Outbound => "outbound", "out of the product";
        Both => "both", "both ways";
    }
);

text_enum!(TestStatus "test status" {
    NotTested => "not_tested", "not tested";
    InProgress => "in_progress", "in progress";
    Passed => "passed", "passed";
    Failed => "failed", "failed";
});

record! {
    pub struct Risk: RiskField in "risk", owned by "engagement_id", named by Title {
        Id id: String [Hidden],
        Title title: String,
        Category category: String as Blank,
        /// 1 (rare) to 5 (almost certain).
        Likelihood likelihood: u8,
        /// 1 (negligible) to 5 (severe).
        Impact impact: u8,
        Owner owner: String [Name] as Blank,
        Mitigation mitigation: String as Blank,
        /// What shows that the risk is turning into an issue.
        Trigger trigger: String = "trigger_event" as Blank,
        Status status: RiskStatus [Word],
    }
}

record! {
    /// The planned amount of one phase and cost category.
    pub struct BudgetLine: BudgetLineField in "budget_line", owned by "engagement_id",
        named by Category {
        Id id: String [Hidden],
        Phase phase: Phase [Word],
        Category category: String,
        /// In the currency's minor unit (cents for EUR).
        Planned planned: i64 [Money],
    }
}

record! {
    /// Money spent (negative for a credit), in the currency's minor unit.
    pub struct Cost: CostField in "cost_entry", owned by "engagement_id", named by Category {
        Id id: String [Hidden],
        Phase phase: Phase [Word],
        Category category: String,
        Day day: NaiveDate,
        Amount amount: i64 [Money],
        Note note: String as Blank,
    }
}

record! {
    pub struct UserTest: UserTestField in "user_test", owned by "engagement_id" {
        Id id: String [Hidden],
        Day day: NaiveDate,
        Group group: String = "target_group",
        Participants participants: u32,
        Scenario scenario: String as Blank,
        Findings findings: String as Blank,
        Severity severity: Severity [Word],
    }
}

record! {
    pub struct Integration: IntegrationField in "integration", owned by "engagement_id",
        named by System {
        Id id: String [Hidden],
        System system: String,
        DataObjects data_objects: String as Blank,
        Direction direction: Direction [Word],
        Frequency frequency: String as Blank,
        Owner owner: String [Name] as Blank,
        Status status: TestStatus [Word] = "test_status",
    }
}

record! {
    pub struct Lesson: LessonField in "lesson", owned by "engagement_id" {
        Id id: String [Hidden],
        Phase phase: Phase [Word],
        WentWell went_well: String as Blank,
        WentBadly went_badly: String as Blank,
        Recommendation recommendation: String as Blank,
        Owner owner: String [Name] as Blank,
    }
}

impl Risk {
    pub fn is_open(&self) -> bool {
        self.status != RiskStatus::Closed
    }

    /// Likelihood times impact, 1 to 25.
    pub fn exposure(&self) -> u8 {
        self.likelihood * self.impact
    }
}
