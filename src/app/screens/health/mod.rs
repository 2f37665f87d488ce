//! The Health screen: risks, the budget (planned amounts and costs), user tests,
//! integrations and lessons learned, each added, edited and deleted from the keyboard.

mod forms;
mod row;

pub use row::HealthRow;

use chrono::NaiveDate;

use super::{Component, Reply, RowKey, ScreenContext, position};
use crate::app::place::{Place, RecordRef};
use crate::app::{Action, HealthTab, Opened, Plan, Then};
use crate::model::EngagementData;
use crate::model::health::{self, IntegrationField, Risk, RiskField};
use crate::store::edit::Table;
use forms::{
    cost_form, describe, integration_form, lesson_form, next_status, planned_form, risk_form,
    test_form,
};

impl Opened {
    pub fn automatic_risks(&self, today: NaiveDate) -> Vec<Risk> {
        health::automatic_risks(&self.data, self.forecast.as_ref(), today)
    }
}

/// The Health screen's view and cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HealthScreen {
    pub tab: HealthTab,
    pub row: usize,
}

impl Default for HealthScreen {
    fn default() -> HealthScreen {
        HealthScreen { tab: HealthTab::Risks, row: 0 }
    }
}

const AUTOMATIC: &str = "botdash sees this risk in the data: it goes away when its cause does";

impl HealthScreen {
    /// `[` and `]`: the previous (`-1`) or next (`1`) tab, from its first row.
    fn switch_tab(&mut self, step: isize) {
        self.tab = super::step_in(HealthTab::ALL, self.tab, step);
        self.row = 0;
    }

    /// The rows of the current view, after the `/` filter.
    pub fn rows(&self, cx: &ScreenContext) -> Vec<HealthRow> {
        let Some(opened) = cx.opened else { return Vec::new() };
        let data = &opened.data;
        let named = |row: fn(usize) -> HealthRow, names: Vec<String>| {
            names.into_iter().enumerate().map(move |(i, name)| (row(i), name))
        };
        let rows: Vec<(HealthRow, String)> = match self.tab {
            HealthTab::Risks => {
                named(HealthRow::Risk, data.risks.iter().map(|r| r.title.clone()).collect())
                    .chain(named(
                        HealthRow::AutoRisk,
                        opened.automatic_risks(cx.today).into_iter().map(|r| r.title).collect(),
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
        rows.into_iter().filter(|(_, name)| cx.fuzzy.matches(name)).map(|(row, _)| row).collect()
    }

    pub fn selected(&self, cx: &ScreenContext) -> Option<HealthRow> {
        self.rows(cx).get(self.row).copied()
    }
}

/// The record `row` shows, unless it is an automatic risk.
fn record(row: HealthRow, cx: &ScreenContext) -> Option<RecordRef> {
    let data = &cx.opened?.data;
    let (table, id) = match row {
        HealthRow::Risk(i) => (Table::Risk, &data.risks[i].id),
        HealthRow::AutoRisk(_) => return None,
        HealthRow::Planned(i) => (Table::BudgetLine, &data.budget[i].id),
        HealthRow::Cost(i) => (Table::CostEntry, &data.costs[i].id),
        HealthRow::Test(i) => (Table::UserTest, &data.user_tests[i].id),
        HealthRow::Integration(i) => (Table::Integration, &data.integrations[i].id),
        HealthRow::Lesson(i) => (Table::Lesson, &data.lessons[i].id),
    };
    Some(RecordRef::new(table, id))
}

impl HealthScreen {
    /// Shows the record's view with its row selected.
    fn select_record(&mut self, record: &RecordRef, cx: &ScreenContext) -> bool {
        let Some(data) = cx.opened.map(|o| &o.data) else { return false };
        let id = &record.id;
        let found = match record.table {
            Table::Risk => position(data.risks.iter().map(|r| r.id.as_str()), id)
                .map(|i| (HealthTab::Risks, HealthRow::Risk(i))),
            Table::BudgetLine => position(data.budget.iter().map(|l| l.id.as_str()), id)
                .map(|i| (HealthTab::Budget, HealthRow::Planned(i))),
            Table::CostEntry => position(data.costs.iter().map(|c| c.id.as_str()), id)
                .map(|i| (HealthTab::Budget, HealthRow::Cost(i))),
            Table::UserTest => position(data.user_tests.iter().map(|t| t.id.as_str()), id)
                .map(|i| (HealthTab::Tests, HealthRow::Test(i))),
            Table::Integration => position(data.integrations.iter().map(|i| i.id.as_str()), id)
                .map(|i| (HealthTab::Integrations, HealthRow::Integration(i))),
            Table::Lesson => position(data.lessons.iter().map(|l| l.id.as_str()), id)
                .map(|i| (HealthTab::Lessons, HealthRow::Lesson(i))),
            _ => None,
        };
        let Some((tab, row)) = found else { return false };
        self.tab = tab;
        self.row = self.rows(cx).iter().position(|r| *r == row).unwrap_or(0);
        true
    }
}

impl Component for HealthScreen {
    fn cursor_mut(&mut self) -> Option<&mut usize> {
        Some(&mut self.row)
    }

    fn show(&mut self, place: &Place, cx: &ScreenContext) -> bool {
        match place {
            Place::Health(tab) => {
                (self.tab, self.row) = (*tab, 0);
                true
            }
            Place::Record(record) => self.select_record(record, cx),
            _ => false,
        }
    }

    /// The same view, from its first row.
    fn on_engagement_changed(&mut self, _data: &EngagementData) {
        self.row = 0;
    }

    /// A record's id; an automatic risk's place among them. (Without an engagement there
    /// are no rows, and every other row has its record.)
    fn row_keys(&self, cx: &ScreenContext) -> Vec<RowKey> {
        let key = |row| match row {
            HealthRow::AutoRisk(i) => Some(RowKey::At(i)),
            row => Some(RowKey::Id(record(row, cx)?.id)),
        };
        self.rows(cx).into_iter().filter_map(key).collect()
    }

    fn selected_record(&self, cx: &ScreenContext) -> Option<RecordRef> {
        record(self.selected(cx)?, cx)
    }

    fn works_now(&self, action: Action, cx: &ScreenContext) -> Option<bool> {
        if super::tab_step(action).is_some() {
            return Some(true);
        }
        let selected = self.selected(cx);
        let manual = selected.filter(|row| !matches!(row, HealthRow::AutoRisk(_)));
        match action {
            Action::Add | Action::AddPlanned => Some(cx.opened.is_some()),
            Action::Edit | Action::Delete => Some(manual.is_some()),
            Action::Cycle => {
                Some(matches!(selected, Some(HealthRow::Risk(_) | HealthRow::Integration(_))))
            }
            _ => None,
        }
    }

    fn handle(&mut self, action: Action, cx: &ScreenContext) -> Option<Reply> {
        if let Some(step) = super::tab_step(action) {
            self.switch_tab(step);
            return Some(Reply::Nothing);
        }
        let opened = cx.opened?;
        let data = &opened.data;
        let today = cx.today;
        let form = match (action, self.selected(cx)) {
            (Action::AddPlanned, _) => planned_form(opened, None),
            (Action::Add, _) => match self.tab {
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
                HealthRow::AutoRisk(_) => return Some(Reply::message(AUTOMATIC)),
            },
            (Action::Delete, Some(HealthRow::AutoRisk(_))) => {
                return Some(Reply::message(AUTOMATIC));
            }
            (Action::Delete, Some(row)) => {
                let Some((table, id, name)) = describe(opened, row) else {
                    return Some(Reply::Nothing);
                };
                let plan = Plan::delete(&data.engagement.id, (table, &id), None, &name);
                let then = Then::Apply(plan);
                return Some(Reply::Confirm(format!("Delete '{name}'?"), then));
            }
            (Action::Cycle, Some(HealthRow::Risk(i))) => {
                let (risk, next) = (&data.risks[i], data.risks[i].status.next());
                let status = RiskField::Status.into();
                let change = (status, risk.status.as_str(), next.as_str(), next.label());
                let plan = next_status(opened, Table::Risk, &risk.id, &risk.title, change);
                return Some(Reply::step(plan, &risk.title, risk.status, next));
            }
            (Action::Cycle, Some(HealthRow::Integration(i))) => {
                let (it, next) = (&data.integrations[i], data.integrations[i].status.next());
                let status = IntegrationField::Status.into();
                let change = (status, it.status.as_str(), next.as_str(), next.label());
                let plan = next_status(opened, Table::Integration, &it.id, &it.system, change);
                return Some(Reply::step(plan, &it.system, it.status, next));
            }
            (Action::Cycle, Some(HealthRow::AutoRisk(_))) => {
                return Some(Reply::message(AUTOMATIC));
            }
            _ => return None,
        };
        Some(Reply::Form(form))
    }
}
