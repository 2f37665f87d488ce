//! The Readiness screen, in tabs: roles and people (the client's and the contractor's),
//! skill levels set with the digit keys, knowledge-transfer topics, responsibilities, the
//! hand-over inventory, the weeks of operational evidence and the score's losses.

mod edits;
mod forms;
mod handover;

use super::{Component, Drill, Reply, RowKey, ScreenContext, position};
use crate::app::Spot;
use crate::app::keymap::Scope;
use crate::app::notes::{Note, finding_notes, level_notes};
use crate::app::place::{Place, RecordRef};
use crate::app::targets::{Plan, RecordForm};
use crate::app::{Action, ReadinessTab, Screen};
use crate::model::evidence::monday_of;
use crate::model::score::Loss;
use crate::model::text::sanitize;
use crate::model::{EngagementData, PersonState};
use crate::store::command::Command;
use crate::store::edit::Table;
use edits::{Selected, cycle_duty, cycle_person, cycle_topic, delete};
use forms::{contractor_form, duty_form, person_form, role_form, skill_form, topic_form};
use handover::{cycle_item, item_form};

/// The Readiness screen's tab and cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadinessScreen {
    pub tab: ReadinessTab,
    pub row: usize,
    /// The person's column in the skills matrix.
    pub skills_column: usize,
}

impl Default for ReadinessScreen {
    fn default() -> ReadinessScreen {
        ReadinessScreen { tab: ReadinessTab::Staffing, row: 0, skills_column: 0 }
    }
}

impl ReadinessScreen {
    /// The skills matrix's person column ← or → `action` goes to, if any.
    fn column_after(&self, action: Action, cx: &ScreenContext) -> Option<usize> {
        let opened = cx.opened.filter(|_| self.tab == ReadinessTab::Skills)?;
        super::column_after(action, self.skills_column, opened.data.people.len())
    }

    /// `[` and `]`: the previous (`-1`) or next (`1`) tab, from its first row.
    fn switch_tab(&mut self, step: isize) {
        self.tab = super::step_in(ReadinessTab::ALL, self.tab, step);
        self.row = 0;
        self.skills_column = 0;
    }

    /// The rows of the current tab, each as its index in its list (Staffing lists the
    /// roles, then the client's people, then the contractor's), after the `/` filter.
    pub fn rows(&self, cx: &ScreenContext) -> Vec<usize> {
        let Some(opened) = cx.opened else { return Vec::new() };
        let data = &opened.data;
        let weeks: Vec<String>;
        let names: Vec<&str> = match self.tab {
            ReadinessTab::Staffing => data
                .roles
                .iter()
                .map(|r| r.title.as_str())
                .chain(data.people.iter().map(|p| p.name.as_str()))
                .chain(data.contractor_staff.iter().map(|p| p.name.as_str()))
                .collect(),
            ReadinessTab::Skills => data.skills.iter().map(|s| s.name.as_str()).collect(),
            ReadinessTab::Kt => data.kt_topics.iter().map(|t| t.title.as_str()).collect(),
            ReadinessTab::Responsibilities => {
                data.responsibilities.iter().map(|r| r.activity.as_str()).collect()
            }
            ReadinessTab::Handover => data.handover.iter().map(|i| i.name.as_str()).collect(),
            ReadinessTab::Score => {
                opened.readiness.losses.iter().map(|l| l.item.as_str()).collect()
            }
            ReadinessTab::Operations => {
                weeks = opened.weeks.iter().map(|w| w.label()).collect();
                weeks.iter().map(String::as_str).collect()
            }
        };
        names.iter().enumerate().filter(|(_, n)| cx.fuzzy.matches(n)).map(|(i, _)| i).collect()
    }

    /// The costly item the cursor is on in the Score view.
    pub fn selected_loss<'a>(&self, cx: &ScreenContext<'a>) -> Option<&'a Loss> {
        let row = *self.rows(cx).get(self.row).filter(|_| self.tab == ReadinessTab::Score)?;
        cx.opened?.readiness.losses.get(row)
    }

    fn selected(&self, cx: &ScreenContext) -> Selected {
        let Some(opened) = cx.opened else { return Selected::None };
        let Some(&index) = self.rows(cx).get(self.row) else { return Selected::None };
        let roles = opened.data.roles.len();
        match self.tab {
            ReadinessTab::Staffing if index < roles => Selected::Role(index),
            ReadinessTab::Staffing if index - roles < opened.data.people.len() => {
                Selected::Person(index - roles)
            }
            ReadinessTab::Staffing => {
                Selected::Contractor(index - roles - opened.data.people.len())
            }
            ReadinessTab::Skills => Selected::Skill(index),
            ReadinessTab::Kt => Selected::Topic(index),
            ReadinessTab::Responsibilities => Selected::Duty(index),
            ReadinessTab::Handover => Selected::Item(index),
            ReadinessTab::Score | ReadinessTab::Operations => Selected::None,
        }
    }

    /// The form `action` opens on `selected`, if it opens one.
    fn form(&self, action: Action, selected: &Selected, cx: &ScreenContext) -> Option<RecordForm> {
        let opened = cx.opened?;
        let data = &opened.data;
        Some(match (action, selected) {
            (Action::Add, Selected::Role(_)) => role_form(opened, None),
            (Action::Add, Selected::Contractor(_)) | (Action::AddContractor, _) => {
                contractor_form(opened, None)
            }
            (Action::Add, Selected::Person(i)) => {
                person_form(opened, None, data.people[*i].role_id.as_deref())
            }
            (Action::Add, _) => match self.tab {
                ReadinessTab::Staffing => person_form(opened, None, None),
                ReadinessTab::Skills => skill_form(opened, None),
                ReadinessTab::Kt => topic_form(opened, None),
                ReadinessTab::Responsibilities => duty_form(opened, None),
                ReadinessTab::Handover => item_form(opened, None),
                ReadinessTab::Score | ReadinessTab::Operations => return None,
            },
            (Action::Edit, Selected::Role(i)) => role_form(opened, Some(&data.roles[*i])),
            (Action::Edit, Selected::Person(i)) => {
                person_form(opened, Some(&data.people[*i]), None)
            }
            (Action::Edit, Selected::Contractor(i)) => {
                contractor_form(opened, Some(&data.contractor_staff[*i]))
            }
            (Action::Edit, Selected::Skill(i)) => skill_form(opened, Some(&data.skills[*i])),
            (Action::Edit, Selected::Topic(i)) => topic_form(opened, Some(*i)),
            (Action::Edit, Selected::Duty(i)) => duty_form(opened, Some(*i)),
            (Action::Edit, Selected::Item(i)) => item_form(opened, Some(*i)),
            _ => return None,
        })
    }

    /// How to undo a level just set and how to leave the matrix, where digits set levels
    /// rather than choose screens, in the keys bound now.
    fn leaving_the_matrix(&self, cx: &ScreenContext) -> String {
        let keys = |action| cx.key_label(self.scope(), Screen::Readiness, action);
        format!(
            "{} undoes · {} or {} leave the matrix",
            keys(Action::Undo),
            keys(Action::NextScreen),
            keys(Action::Back)
        )
    }

    fn set_level(&self, level: u8, skill: usize, cx: &ScreenContext) -> Reply {
        let Some(data) = cx.opened.map(|o| &o.data) else { return Reply::Nothing };
        let skill = &data.skills[skill];
        let Some(person) = data.people.get(self.skills_column) else { return Reply::Nothing };
        let summary =
            format!("rated {} {level} in {}", sanitize(&person.name), sanitize(&skill.name));
        let rate = Command::RateSkill {
            person_id: person.id.clone(),
            skill_id: skill.id.clone(),
            level,
            day: cx.today,
        };
        let plan = Plan::new(&data.engagement.id, summary, vec![rate]);
        Reply::apply(plan.then_saying(self.leaving_the_matrix(cx)))
    }

    /// Selects the matrix cell of `skill` and `person`; returns whether both are there.
    fn show_rating(&mut self, skill: &str, person: &str, cx: &ScreenContext) -> bool {
        let Some(opened) = cx.opened else { return false };
        let column = position(opened.data.people.iter().map(|p| p.id.as_str()), person);
        let Some(column) = column else { return false };
        if !self.select_record(&RecordRef::new(Table::Skill, skill), cx) {
            return false;
        }
        self.skills_column = column;
        true
    }

    /// Shows the record's tab with its row selected.
    fn select_record(&mut self, record: &RecordRef, cx: &ScreenContext) -> bool {
        let Some(opened) = cx.opened else { return false };
        let data = &opened.data;
        let id = &record.id;
        let (roles, people) = (data.roles.len(), data.people.len());
        let found = match record.table {
            Table::Role => position(data.roles.iter().map(|r| r.id.as_str()), id)
                .map(|i| (ReadinessTab::Staffing, i)),
            Table::Person => position(data.people.iter().map(|p| p.id.as_str()), id)
                .map(|i| (ReadinessTab::Staffing, roles + i)),
            Table::ContractorPerson => {
                position(data.contractor_staff.iter().map(|p| p.id.as_str()), id)
                    .map(|i| (ReadinessTab::Staffing, roles + people + i))
            }
            Table::Skill => position(data.skills.iter().map(|s| s.id.as_str()), id)
                .map(|i| (ReadinessTab::Skills, i)),
            Table::KtTopic => position(data.kt_topics.iter().map(|t| t.id.as_str()), id)
                .map(|i| (ReadinessTab::Kt, i)),
            Table::Responsibility => {
                position(data.responsibilities.iter().map(|r| r.id.as_str()), id)
                    .map(|i| (ReadinessTab::Responsibilities, i))
            }
            Table::HandoverItem => position(data.handover.iter().map(|i| i.id.as_str()), id)
                .map(|i| (ReadinessTab::Handover, i)),
            Table::Ticket => {
                let ticket = data.tickets.iter().find(|t| t.id == *id);
                let day = ticket.map(|t| monday_of(t.resolved.unwrap_or(t.opened)));
                let row = opened.weeks.iter().position(|w| Some(w.monday) == day);
                row.map(|row| (ReadinessTab::Operations, row))
            }
            _ => None,
        };
        let Some((tab, index)) = found else { return false };
        self.tab = tab;
        self.row = self.rows(cx).iter().position(|&i| i == index).unwrap_or(0);
        true
    }
}

impl Component for ReadinessScreen {
    fn scope(&self) -> Option<Scope> {
        match self.tab {
            ReadinessTab::Skills => Some(Scope::Matrix),
            // Enter opens what is behind a row: an item costing points, a week's tickets.
            ReadinessTab::Score | ReadinessTab::Operations => Some(Scope::Score),
            ReadinessTab::Staffing => Some(Scope::Staffing),
            _ => None,
        }
    }

    fn cursor_mut(&mut self) -> Option<&mut usize> {
        Some(&mut self.row)
    }

    fn show(&mut self, place: &Place, cx: &ScreenContext) -> bool {
        match place {
            Place::Readiness(tab) => {
                (self.tab, self.row) = (*tab, 0);
                true
            }
            Place::Rating { skill, person } => self.show_rating(skill, person, cx),
            Place::Record(record) => self.select_record(record, cx),
            _ => false,
        }
    }

    fn drill_target<'a>(&self, cx: &ScreenContext<'a>) -> Option<Drill<'a>> {
        let row = *self.rows(cx).get(self.row)?;
        match self.tab {
            ReadinessTab::Operations => Some(Drill::Week(row)),
            ReadinessTab::Score => Some(Drill::Loss(cx.opened?.readiness.losses.get(row)?)),
            ReadinessTab::Staffing => self
                .selected_record(cx)
                .filter(|r| matches!(r.table, Table::Person | Table::ContractorPerson))
                .map(Drill::Person),
            _ => None,
        }
    }

    /// The Score view's: what the findings say, and how to reach the next level.
    fn notes(&self, cx: &ScreenContext) -> Vec<Note> {
        let Some(opened) = cx.opened.filter(|_| self.tab == ReadinessTab::Score) else {
            return Vec::new();
        };
        let mut notes = finding_notes(opened);
        notes.extend(level_notes(opened, true));
        notes
    }

    fn select_spot(&mut self, spot: Spot) -> Option<bool> {
        let Spot::Cell { row, column } = spot else { return None };
        let was = (self.row, self.skills_column) == (row, column);
        (self.row, self.skills_column) = (row, column);
        Some(was)
    }

    /// The same tab, from its first row.
    fn on_engagement_changed(&mut self, _data: &EngagementData) {
        (self.row, self.skills_column) = (0, 0);
    }

    fn row_keys(&self, cx: &ScreenContext) -> Vec<RowKey> {
        self.rows(cx).into_iter().map(RowKey::At).collect()
    }

    fn selected_record(&self, cx: &ScreenContext) -> Option<RecordRef> {
        let data = &cx.opened?.data;
        let (table, id) = match self.selected(cx) {
            Selected::Role(i) => (Table::Role, &data.roles[i].id),
            Selected::Person(i) => (Table::Person, &data.people[i].id),
            Selected::Contractor(i) => (Table::ContractorPerson, &data.contractor_staff[i].id),
            Selected::Skill(i) => (Table::Skill, &data.skills[i].id),
            Selected::Topic(i) => (Table::KtTopic, &data.kt_topics[i].id),
            Selected::Duty(i) => (Table::Responsibility, &data.responsibilities[i].id),
            Selected::Item(i) => (Table::HandoverItem, &data.handover[i].id),
            Selected::None => return self.selected_loss(cx).map(|loss| (&loss.about).into()),
        };
        Some(RecordRef::new(table, id))
    }

    fn works_now(&self, action: Action, cx: &ScreenContext) -> Option<bool> {
        if super::tab_step(action).is_some() || self.column_after(action, cx).is_some() {
            return Some(true);
        }
        let opened = cx.opened?;
        let data = &opened.data;
        let tab = self.tab;
        let editable = !matches!(tab, ReadinessTab::Score | ReadinessTab::Operations);
        let selected = self.rows(cx).get(self.row).copied();
        let works = match action {
            Action::Add => editable,
            Action::AddContractor => tab == ReadinessTab::Staffing,
            Action::Edit | Action::Delete => editable && selected.is_some(),
            Action::Cycle => match (tab, selected) {
                (ReadinessTab::Staffing, Some(i)) => i
                    .checked_sub(data.roles.len())
                    .and_then(|person| data.people.get(person))
                    .is_some_and(|p| {
                        !matches!(p.state, PersonState::Independent | PersonState::Left)
                    }),
                (
                    ReadinessTab::Kt | ReadinessTab::Responsibilities | ReadinessTab::Handover,
                    Some(_),
                ) => true,
                _ => false,
            },
            Action::NextActions => {
                tab == ReadinessTab::Score && opened.actions.as_ref().is_some_and(|a| !a.is_empty())
            }
            Action::SetLevel(_) => {
                tab == ReadinessTab::Skills
                    && selected.is_some()
                    && self.skills_column < data.people.len()
            }
            _ => return None,
        };
        Some(works)
    }

    fn handle(&mut self, action: Action, cx: &ScreenContext) -> Option<Reply> {
        if let Some(step) = super::tab_step(action) {
            self.switch_tab(step);
            return Some(Reply::Nothing);
        }
        if let Some(column) = self.column_after(action, cx) {
            self.skills_column = column;
            return Some(Reply::Nothing);
        }
        let opened = cx.opened?;
        let data = &opened.data;
        let selected = self.selected(cx);
        if let Some(form) = self.form(action, &selected, cx) {
            return Some(Reply::Form(form));
        }
        let reply = match (action, selected) {
            (Action::Delete, selected) => delete(data, selected),
            (Action::Cycle, Selected::Person(i)) => cycle_person(data, i, cx),
            (Action::Cycle, Selected::Topic(i)) => cycle_topic(data, i, cx),
            (Action::Cycle, Selected::Duty(i)) => cycle_duty(data, i),
            (Action::Cycle, Selected::Item(i)) => cycle_item(opened, i),
            (Action::SetLevel(level), Selected::Skill(i)) => self.set_level(level, i, cx),
            _ => return None,
        };
        Some(reply)
    }
}
