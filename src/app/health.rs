//! The Health screen's actions: risks, the budget (planned amounts and costs), user tests,
//! integrations and lessons learned, each added, edited and deleted from the keyboard.

use chrono::NaiveDate;

use super::form::{Choice, Field};
use super::records::{Plan, RecordForm, record_form, text};
use super::{Action, Effect, HealthTab, Opened, Overlay, State, Then};
use crate::model::Phase;
use crate::model::health::{
    self, BudgetLine, BudgetLineField, Cost, CostField, Direction, Integration, IntegrationField,
    Lesson, LessonField, Risk, RiskField, RiskStatus, Severity, TestStatus, UserTest,
    UserTestField, format_number,
};
use crate::model::rules;
use crate::model::text::sanitize;
use crate::store::command::Command;
use crate::store::edit::{Column, Table};

/// A row of the Health screen's current view, by its index in the engagement's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthRow {
    Risk(usize),
    /// A risk the program sees in the data (index into `Opened::automatic_risks`).
    AutoRisk(usize),
    Planned(usize),
    Cost(usize),
    Test(usize),
    Integration(usize),
    Lesson(usize),
}

impl Opened {
    pub fn automatic_risks(&self, today: NaiveDate) -> Vec<Risk> {
        health::automatic_risks(&self.data, self.forecast.as_ref(), today)
    }
}

impl State {
    /// The rows of the current Health view, after the `/` filter.
    pub fn health_rows(&self) -> Vec<HealthRow> {
        let Some(opened) = &self.opened else { return Vec::new() };
        let data = &opened.data;
        let named = |row: fn(usize) -> HealthRow, names: Vec<String>| {
            names.into_iter().enumerate().map(move |(i, name)| (row(i), name))
        };
        let rows: Vec<(HealthRow, String)> = match self.health_tab {
            HealthTab::Risks => {
                named(HealthRow::Risk, data.risks.iter().map(|r| r.title.clone()).collect())
                    .chain(named(
                        HealthRow::AutoRisk,
                        opened.automatic_risks(self.today).into_iter().map(|r| r.title).collect(),
                    ))
                    .collect()
            }
            HealthTab::Budget => named(
                HealthRow::Planned,
                data.budget.iter().map(|l| format!("{} {}", l.phase.label(), l.category)).collect(),
            )
            .chain(named(
                HealthRow::Cost,
                data.costs.iter().map(|c| format!("{} {}", c.category, c.note)).collect(),
            ))
            .collect(),
            HealthTab::Tests => named(
                HealthRow::Test,
                data.user_tests.iter().map(|t| format!("{} {}", t.group, t.scenario)).collect(),
            )
            .collect(),
            HealthTab::Integrations => named(
                HealthRow::Integration,
                data.integrations
                    .iter()
                    .map(|i| format!("{} {}", i.system, i.data_objects))
                    .collect(),
            )
            .collect(),
            HealthTab::Lessons => named(
                HealthRow::Lesson,
                data.lessons
                    .iter()
                    .map(|l| format!("{} {}", l.phase.label(), l.recommendation))
                    .collect(),
            )
            .collect(),
        };
        let fuzzy = self.fuzzy();
        rows.into_iter().filter(|(_, name)| fuzzy.matches(name)).map(|(row, _)| row).collect()
    }

    pub(super) fn health_action(&mut self, action: Action) -> Option<Effect> {
        let opened = self.opened.as_ref()?;
        let data = &opened.data;
        let selected = self.health_rows().get(self.health_row).copied();
        let today = self.today;
        let form = match (action, selected) {
            (Action::AddPlanned, _) => planned_form(opened, None),
            (Action::Add, _) => match self.health_tab {
                HealthTab::Risks => risk_form(opened, None),
                HealthTab::Budget => cost_form(opened, None, today),
                HealthTab::Tests => test_form(opened, None, today),
                HealthTab::Integrations => integration_form(opened, None),
                HealthTab::Lessons => lesson_form(opened, None),
            },
            (Action::Edit, Some(row)) => match row {
                HealthRow::Risk(i) => risk_form(opened, Some(&data.risks[i])),
                HealthRow::Planned(i) => planned_form(opened, Some(&data.budget[i])),
                HealthRow::Cost(i) => cost_form(opened, Some(&data.costs[i]), today),
                HealthRow::Test(i) => test_form(opened, Some(&data.user_tests[i]), today),
                HealthRow::Integration(i) => integration_form(opened, Some(&data.integrations[i])),
                HealthRow::Lesson(i) => lesson_form(opened, Some(&data.lessons[i])),
                HealthRow::AutoRisk(_) => return self.refuse_automatic(),
            },
            (Action::Delete, Some(HealthRow::AutoRisk(_))) => return self.refuse_automatic(),
            (Action::Delete, Some(row)) => {
                let (table, id, name) = describe(opened, row)?;
                let then = Then::Apply(Plan::new(
                    &data.engagement.id,
                    format!("deleted '{}'", sanitize(&name)),
                    vec![Command::Delete { table, id }],
                ));
                self.confirm(format!("Delete '{name}'?"), then);
                return None;
            }
            (Action::Cycle, Some(HealthRow::Risk(i))) => {
                let (risk, next) = (&data.risks[i], data.risks[i].status.next());
                let status = RiskField::Status.into();
                let change = (status, risk.status.as_str(), next.as_str(), next.label());
                let effect = next_status(opened, Table::Risk, &risk.id, &risk.title, change);
                let (name, from) = (risk.title.clone(), risk.status.label());
                let wraps = risk.status.is_last();
                return self.step(effect, wraps, (&name, from, next.label()));
            }
            (Action::Cycle, Some(HealthRow::Integration(i))) => {
                let (it, next) = (&data.integrations[i], data.integrations[i].status.next());
                let status = IntegrationField::Status.into();
                let change = (status, it.status.as_str(), next.as_str(), next.label());
                let effect = next_status(opened, Table::Integration, &it.id, &it.system, change);
                let (name, from) = (it.system.clone(), it.status.label());
                let wraps = it.status.is_last();
                return self.step(effect, wraps, (&name, from, next.label()));
            }
            (Action::Cycle, Some(HealthRow::AutoRisk(_))) => return self.refuse_automatic(),
            _ => return None,
        };
        self.overlay = Some(Overlay::Form(form));
        None
    }

    fn refuse_automatic(&mut self) -> Option<Effect> {
        self.message =
            Some("botdash sees this risk in the data: it goes away when its cause does".into());
        None
    }
}

/// The table, id and name of the record on `row`.
fn describe(opened: &Opened, row: HealthRow) -> Option<(Table, String, String)> {
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
fn next_status(
    opened: &Opened,
    table: Table,
    id: &str,
    name: &str,
    (column, shown, value, label): (Column, &str, &str, &str),
) -> Effect {
    let summary = format!("'{}' is now {label}", sanitize(name));
    let (values, shown) = (vec![(column, text(value))], vec![(column, text(shown))]);
    Effect::Apply(Plan::update(&opened.data.engagement.id, summary, (table, id), values, shown))
}

fn phase_field(column: Column, value: Phase) -> Field {
    Field::choice("Phase", Some(column), choices(Phase::ALL, Phase::as_str, Phase::label))
        .required()
        .with_value(value.as_str())
}

fn rating(label: &'static str, column: RiskField, value: u8) -> Field {
    Field::ranged(label, Some(column.into()), &rules::RISK_RATING)
        .required()
        .with_value(&value.to_string())
}

fn risk_form(opened: &Opened, risk: Option<&Risk>) -> RecordForm {
    let statuses = choices(RiskStatus::ALL, RiskStatus::as_str, RiskStatus::label);
    let value = |f: fn(&Risk) -> &str| risk.map_or("", f);
    let fields = vec![
        Field::text("Title", Some(RiskField::Title.into()))
            .required()
            .with_value(value(|r| &r.title)),
        Field::text("Category", Some(RiskField::Category.into()))
            .with_value(value(|r| &r.category)),
        rating("Likelihood", RiskField::Likelihood, risk.map_or(3, |r| r.likelihood)),
        rating("Impact", RiskField::Impact, risk.map_or(3, |r| r.impact)),
        Field::text("Owner", Some(RiskField::Owner.into())).with_value(value(|r| &r.owner)),
        Field::multiline("Mitigation", Some(RiskField::Mitigation.into()))
            .with_value(value(|r| &r.mitigation)),
        Field::text("Trigger", Some(RiskField::Trigger.into())).with_value(value(|r| &r.trigger)),
        Field::choice("Status", Some(RiskField::Status.into()), statuses)
            .required()
            .with_value(risk.map_or(RiskStatus::Open, |r| r.status).as_str()),
    ];
    record_form(opened, "risk", Table::Risk, "risk", risk.map(|r| r.id.as_str()), fields)
}

fn planned_form(opened: &Opened, line: Option<&BudgetLine>) -> RecordForm {
    let currency = &opened.data.engagement.currency;
    let fields = vec![
        Field::text("Category", Some(BudgetLineField::Category.into()))
            .required()
            .with_value(line.map_or("", |l| &l.category)),
        phase_field(
            BudgetLineField::Phase.into(),
            line.map_or(opened.data.engagement.current_phase, |l| l.phase),
        ),
        Field::amount("Planned", Some(BudgetLineField::Planned.into()), currency)
            .required()
            .not_negative()
            .with_value(&line.map_or(String::new(), |l| format_number(l.planned, currency))),
    ];
    let id = line.map(|l| l.id.as_str());
    record_form(opened, "planned amount", Table::BudgetLine, "planned amount", id, fields)
}

fn cost_form(opened: &Opened, cost: Option<&Cost>, today: NaiveDate) -> RecordForm {
    let data = &opened.data;
    let currency = &data.engagement.currency;
    // A new cost is most likely of the category of the one before.
    let category = cost.or(data.costs.last()).map_or("", |c| &c.category);
    let fields = vec![
        Field::text("Category", Some(CostField::Category.into())).required().with_value(category),
        Field::amount("Amount", Some(CostField::Amount.into()), currency)
            .required()
            .with_value(&cost.map_or(String::new(), |c| format_number(c.amount, currency))),
        Field::date("Date", Some(CostField::Day.into()))
            .required()
            .with_value(&cost.map_or(today, |c| c.day).to_string()),
        phase_field(
            CostField::Phase.into(),
            cost.map_or(data.engagement.current_phase, |c| c.phase),
        ),
        Field::text("Note", Some(CostField::Note.into())).with_value(cost.map_or("", |c| &c.note)),
    ];
    record_form(opened, "cost", Table::CostEntry, "cost", cost.map(|c| c.id.as_str()), fields)
}

fn test_form(opened: &Opened, test: Option<&UserTest>, today: NaiveDate) -> RecordForm {
    let severities = choices(Severity::ALL, Severity::as_str, Severity::label);
    let value = |f: fn(&UserTest) -> &str| test.map_or("", f);
    let fields = vec![
        Field::text("Group", Some(UserTestField::Group.into()))
            .required()
            .with_value(value(|t| &t.group)),
        Field::date("Date", Some(UserTestField::Day.into()))
            .required()
            .with_value(&test.map_or(today, |t| t.day).to_string()),
        Field::ranged("People", Some(UserTestField::Participants.into()), &rules::PARTICIPANTS)
            .required()
            .with_value(&test.map_or(0, |t| t.participants).to_string()),
        Field::multiline("Scenario", Some(UserTestField::Scenario.into()))
            .with_value(value(|t| &t.scenario)),
        Field::multiline("Findings", Some(UserTestField::Findings.into()))
            .with_value(value(|t| &t.findings)),
        Field::choice("Worst", Some(UserTestField::Severity.into()), severities)
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

fn integration_form(opened: &Opened, integration: Option<&Integration>) -> RecordForm {
    let directions = choices(Direction::ALL, Direction::as_str, Direction::label);
    let statuses = choices(TestStatus::ALL, TestStatus::as_str, TestStatus::label);
    let value = |f: fn(&Integration) -> &str| integration.map_or("", f);
    let fields = vec![
        Field::text("System", Some(IntegrationField::System.into()))
            .required()
            .with_value(value(|i| &i.system)),
        Field::text("Data", Some(IntegrationField::DataObjects.into()))
            .with_value(value(|i| &i.data_objects)),
        Field::choice("Direction", Some(IntegrationField::Direction.into()), directions)
            .required()
            .with_value(integration.map_or(Direction::Both, |i| i.direction).as_str()),
        Field::text("Frequency", Some(IntegrationField::Frequency.into()))
            .with_value(value(|i| &i.frequency)),
        Field::text("Owner", Some(IntegrationField::Owner.into())).with_value(value(|i| &i.owner)),
        Field::choice("Test status", Some(IntegrationField::Status.into()), statuses)
            .required()
            .with_value(integration.map_or(TestStatus::NotTested, |i| i.status).as_str()),
    ];
    let id = integration.map(|i| i.id.as_str());
    record_form(opened, "integration", Table::Integration, "integration", id, fields)
}

fn lesson_form(opened: &Opened, lesson: Option<&Lesson>) -> RecordForm {
    let value = |f: fn(&Lesson) -> &str| lesson.map_or("", f);
    let fields = vec![
        Field::multiline("Advice", Some(LessonField::Recommendation.into()))
            .required()
            .with_value(value(|l| &l.recommendation)),
        phase_field(
            LessonField::Phase.into(),
            lesson.map_or(opened.data.engagement.current_phase, |l| l.phase),
        ),
        Field::multiline("Went well", Some(LessonField::WentWell.into()))
            .with_value(value(|l| &l.went_well)),
        Field::multiline("Went badly", Some(LessonField::WentBadly.into()))
            .with_value(value(|l| &l.went_badly)),
        Field::text("Owner", Some(LessonField::Owner.into())).with_value(value(|l| &l.owner)),
    ];
    record_form(opened, "lesson", Table::Lesson, "lesson", lesson.map(|l| l.id.as_str()), fields)
}

/// The choices of a text enum, for a form field.
pub(super) fn choices<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<Choice> {
    all.iter().map(|&v| Choice::new(value(v), label(v))).collect()
}
