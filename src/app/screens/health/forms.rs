//! The Health screen's forms (a risk, a planned amount, a cost, a user test, an
//! integration, a lesson) and the edits its rows take.

use chrono::NaiveDate;

use super::row::HealthRow;
use crate::app::Opened;
use crate::app::form::{Choice, Field};
use crate::app::targets::{Plan, RecordForm, record_form, text};
use crate::model::Phase;
use crate::model::health::{
    BudgetLine, BudgetLineField, Cost, CostField, Direction, Integration, IntegrationField, Lesson,
    LessonField, Risk, RiskField, RiskStatus, Severity, TestStatus, UserTest, UserTestField,
    format_number,
};
use crate::model::rules;
use crate::model::text::sanitize;
use crate::store::edit::{Column, Table};

/// The table, id and name of the record on `row`.
pub(super) fn describe(opened: &Opened, row: HealthRow) -> Option<(Table, String, String)> {
    let d = &opened.data;
    Some(match row {
        HealthRow::Risk(i) => (Table::Risk, d.risks[i].id.clone(), d.risks[i].title.clone()),
        HealthRow::Planned(i) => {
            let line = &d.budget[i];
            (
                Table::BudgetLine,
                line.id.clone(),
                format!("{} {}", line.phase.label(), line.category),
            )
        }
        HealthRow::Cost(i) => {
            let cost = &d.costs[i];
            let amount = format_number(cost.amount, &d.engagement.currency);
            (
                Table::CostEntry,
                cost.id.clone(),
                format!("{} {} on {}", cost.category, amount, cost.day),
            )
        }
        HealthRow::Test(i) => {
            let test = &d.user_tests[i];
            (Table::UserTest, test.id.clone(), format!("test with {} on {}", test.group, test.day))
        }
        HealthRow::Integration(i) => {
            (Table::Integration, d.integrations[i].id.clone(), d.integrations[i].system.clone())
        }
        HealthRow::Lesson(i) => {
            let lesson = &d.lessons[i];
            (Table::Lesson, lesson.id.clone(), format!("{} lesson", lesson.phase.label()))
        }
        HealthRow::AutoRisk(_) => return None,
    })
}

/// Moves the status of the record `id`, named `name`, on: `change` is the column, the value
/// shown, the value to store and its label.
pub(super) fn next_status(
    opened: &Opened,
    table: Table,
    id: &str,
    name: &str,
    (column, shown, value, label): (Column, &str, &str, &str),
) -> Plan {
    let summary = format!("'{}' is now {label}", sanitize(name));
    let (values, shown) = (vec![(column, text(value))], vec![(column, text(shown))]);
    Plan::update(&opened.data.engagement.id, summary, (table, id), values, shown)
}

fn phase_field(column: Column, value: Phase) -> Field {
    Field::choice("Phase", column, choices(Phase::ALL, Phase::as_str, Phase::label))
        .required()
        .with_value(value.as_str())
}

fn rating(label: &'static str, column: RiskField, value: u8) -> Field {
    Field::ranged(label, column, &rules::RISK_RATING).required().with_value(&value.to_string())
}

pub(super) fn risk_form(opened: &Opened, risk: Option<&Risk>) -> RecordForm {
    let statuses = choices(RiskStatus::ALL, RiskStatus::as_str, RiskStatus::label);
    let value = |f: fn(&Risk) -> &str| risk.map_or("", f);
    let fields = vec![
        Field::text("Title", RiskField::Title).required().with_value(value(|r| &r.title)),
        Field::text("Category", RiskField::Category).with_value(value(|r| &r.category)),
        rating("Likelihood", RiskField::Likelihood, risk.map_or(3, |r| r.likelihood)),
        rating("Impact", RiskField::Impact, risk.map_or(3, |r| r.impact)),
        Field::text("Owner", RiskField::Owner).with_value(value(|r| &r.owner)),
        Field::multiline("Mitigation", RiskField::Mitigation).with_value(value(|r| &r.mitigation)),
        Field::text("Trigger", RiskField::Trigger).with_value(value(|r| &r.trigger)),
        Field::choice("Status", RiskField::Status, statuses)
            .required()
            .with_value(risk.map_or(RiskStatus::Open, |r| r.status).as_str()),
    ];
    record_form(opened, "risk", Table::Risk, "risk", risk.map(|r| r.id.as_str()), fields)
}

pub(super) fn planned_form(opened: &Opened, line: Option<&BudgetLine>) -> RecordForm {
    let currency = &opened.data.engagement.currency;
    let fields = vec![
        Field::text("Category", BudgetLineField::Category)
            .required()
            .with_value(line.map_or("", |l| &l.category)),
        phase_field(
            BudgetLineField::Phase.into(),
            line.map_or(opened.data.engagement.current_phase, |l| l.phase),
        ),
        Field::amount("Planned", BudgetLineField::Planned, currency)
            .required()
            .not_negative()
            .with_value(&line.map_or(String::new(), |l| format_number(l.planned, currency))),
    ];
    let id = line.map(|l| l.id.as_str());
    record_form(opened, "planned amount", Table::BudgetLine, "planned amount", id, fields)
}

pub(super) fn cost_form(opened: &Opened, cost: Option<&Cost>, today: NaiveDate) -> RecordForm {
    let data = &opened.data;
    let currency = &data.engagement.currency;
    // A new cost is most likely of the category of the one before.
    let category = cost.or(data.costs.last()).map_or("", |c| &c.category);
    let fields = vec![
        Field::text("Category", CostField::Category).required().with_value(category),
        Field::amount("Amount", CostField::Amount, currency)
            .required()
            .with_value(&cost.map_or(String::new(), |c| format_number(c.amount, currency))),
        Field::date("Date", CostField::Day)
            .required()
            .with_value(&cost.map_or(today, |c| c.day).to_string()),
        phase_field(
            CostField::Phase.into(),
            cost.map_or(data.engagement.current_phase, |c| c.phase),
        ),
        Field::text("Note", CostField::Note).with_value(cost.map_or("", |c| &c.note)),
    ];
    record_form(opened, "cost", Table::CostEntry, "cost", cost.map(|c| c.id.as_str()), fields)
}

pub(super) fn test_form(opened: &Opened, test: Option<&UserTest>, today: NaiveDate) -> RecordForm {
    let severities = choices(Severity::ALL, Severity::as_str, Severity::label);
    let value = |f: fn(&UserTest) -> &str| test.map_or("", f);
    let fields = vec![
        Field::text("Group", UserTestField::Group).required().with_value(value(|t| &t.group)),
        Field::date("Date", UserTestField::Day)
            .required()
            .with_value(&test.map_or(today, |t| t.day).to_string()),
        Field::ranged("People", UserTestField::Participants, &rules::PARTICIPANTS)
            .required()
            .with_value(&test.map_or(0, |t| t.participants).to_string()),
        Field::multiline("Scenario", UserTestField::Scenario).with_value(value(|t| &t.scenario)),
        Field::multiline("Findings", UserTestField::Findings).with_value(value(|t| &t.findings)),
        Field::choice("Worst", UserTestField::Severity, severities)
            .required()
            .with_value(test.map_or(Severity::None, |t| t.severity).as_str()),
    ];
    record_form(
        opened,
        "user test",
        Table::UserTest,
        "user test",
        test.map(|t| t.id.as_str()),
        fields,
    )
}

pub(super) fn integration_form(opened: &Opened, integration: Option<&Integration>) -> RecordForm {
    let directions = choices(Direction::ALL, Direction::as_str, Direction::label);
    let statuses = choices(TestStatus::ALL, TestStatus::as_str, TestStatus::label);
    let value = |f: fn(&Integration) -> &str| integration.map_or("", f);
    let fields = vec![
        Field::text("System", IntegrationField::System).required().with_value(value(|i| &i.system)),
        Field::text("Data", IntegrationField::DataObjects).with_value(value(|i| &i.data_objects)),
        Field::choice("Direction", IntegrationField::Direction, directions)
            .required()
            .with_value(integration.map_or(Direction::Both, |i| i.direction).as_str()),
        Field::text("Frequency", IntegrationField::Frequency).with_value(value(|i| &i.frequency)),
        Field::text("Owner", IntegrationField::Owner).with_value(value(|i| &i.owner)),
        Field::choice("Test status", IntegrationField::Status, statuses)
            .required()
            .with_value(integration.map_or(TestStatus::NotTested, |i| i.status).as_str()),
    ];
    let id = integration.map(|i| i.id.as_str());
    record_form(opened, "integration", Table::Integration, "integration", id, fields)
}

pub(super) fn lesson_form(opened: &Opened, lesson: Option<&Lesson>) -> RecordForm {
    let value = |f: fn(&Lesson) -> &str| lesson.map_or("", f);
    let fields = vec![
        Field::multiline("Advice", LessonField::Recommendation)
            .required()
            .with_value(value(|l| &l.recommendation)),
        phase_field(
            LessonField::Phase.into(),
            lesson.map_or(opened.data.engagement.current_phase, |l| l.phase),
        ),
        Field::multiline("Went well", LessonField::WentWell).with_value(value(|l| &l.went_well)),
        Field::multiline("Went badly", LessonField::WentBadly).with_value(value(|l| &l.went_badly)),
        Field::text("Owner", LessonField::Owner).with_value(value(|l| &l.owner)),
    ];
    record_form(opened, "lesson", Table::Lesson, "lesson", lesson.map(|l| l.id.as_str()), fields)
}

/// The choices of a text enum, for a form field.
fn choices<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter().map(|&v| Choice::new(value(v), label(v))).collect()
}
