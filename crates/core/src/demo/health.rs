//! What the sample records beside its plan: risks, a budget spent week by week, user tests,
//! integrations, and the lessons of the phases already closed.

use chrono::{Days, NaiveDate};

use super::Rng;
use crate::model::health::{
    BudgetLine, Cost, Direction, Integration, Lesson, Risk, RiskStatus, Severity, TestStatus,
    UserTest,
};
use crate::model::{EngagementData, Phase, new_id};

/// Risks, a budget spent week by week up to today, user tests, integrations, and the
/// lessons of the phases already closed.
pub(super) fn add_health(
    data: &mut EngagementData,
    current: Phase,
    today: NaiveDate,
    rng: &mut Rng,
) {
    let risk = |title: &str, category: &str, likelihood, impact, status| Risk {
        id: new_id(),
        title: title.into(),
        category: category.into(),
        likelihood,
        impact,
        owner: "Lead consultant".into(),
        mitigation: "Agreed with the client's steering committee".into(),
        trigger: String::new(),
        status,
    };
    data.risks = vec![
        risk(
            "Client cannot hire the ops engineers in time",
            "staffing",
            4,
            4,
            RiskStatus::Mitigating,
        ),
        risk("ERP interface changes during the build", "integration", 3, 4, RiskStatus::Open),
        risk("Budget cut in the next fiscal year", "budget", 2, 5, RiskStatus::Open),
        risk("Key user leaves before the tests", "users", 2, 3, RiskStatus::Closed),
    ];
    let planned = [("Team", 18_000_000), ("Licences", 2_400_000)];
    for dates in &data.phases {
        for (category, per_phase) in planned {
            data.budget.push(BudgetLine {
                id: new_id(),
                phase: dates.kind,
                category: category.into(),
                planned: per_phase,
            });
        }
        let (Some(start), Some(end)) = (dates.planned_start, dates.planned_end) else { continue };
        let mut day = start;
        while day <= end.min(today) {
            data.costs.push(Cost {
                id: new_id(),
                phase: dates.kind,
                category: "Team".into(),
                day,
                amount: 2_000_000 + rng.below(400_000) as i64 * 5,
                note: "weekly timesheets".into(),
            });
            day = day + Days::new(14);
        }
    }
    data.user_tests = vec![UserTest {
        id: new_id(),
        day: today - Days::new(60),
        group: "Dispatchers".into(),
        participants: 6,
        scenario: "Plan tomorrow's tours from the order list".into(),
        findings: "Filtering by depot is hard to find; export works".into(),
        severity: Severity::Major,
    }];
    data.integrations = vec![
        Integration {
            id: new_id(),
            system: "SAP ERP".into(),
            data_objects: "orders, customers".into(),
            direction: Direction::Inbound,
            frequency: "hourly".into(),
            owner: "Client IT".into(),
            status: TestStatus::Passed,
        },
        Integration {
            id: new_id(),
            system: "Telematics".into(),
            data_objects: "vehicle positions".into(),
            direction: Direction::Inbound,
            frequency: "every minute".into(),
            owner: "Vendor".into(),
            status: TestStatus::InProgress,
        },
    ];
    data.lessons = Phase::ALL
        .iter()
        .filter(|p| **p < current)
        .map(|&phase| Lesson {
            id: new_id(),
            phase,
            went_well: "Weekly demos kept the client close".into(),
            went_badly: "Recruiting started too late".into(),
            recommendation: format!("Start the {} hiring plan in week one", phase.label()),
            owner: "Lead consultant".into(),
        })
        .collect();
}
