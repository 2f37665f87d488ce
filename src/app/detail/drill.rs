//! Drill-down: from a gate criterion, a header warning, a costly item or a next best action
//! to the records behind it, on the screen where they can be acted on; from a person to
//! their view.

use super::{Detail, Pane};
use crate::app::place::{Place, RecordRef};
use crate::app::screens::Drill;
use crate::app::{Action, Effect, HealthTab, ReadinessTab, State};
use crate::model::handover::{GateScope, not_handed_over};
use crate::model::score::holders;
use crate::model::{CRITICAL, DocStatus, EngagementData, GateRule, RecordId, TaskStatus};
use crate::store::edit::Table;

impl State {
    /// Goes to `place`; says so when its record is gone.
    pub(in crate::app) fn go_to_place(&mut self, place: &Place) {
        match place {
            Place::Record(record) => {
                if !self.go_to_record(record) {
                    self.message = Some("that record is no longer there".into());
                }
            }
            Place::Rating { .. } => {
                self.filter = None;
                if !self.go_to_screen_where(|component, cx| component.show(place, cx)) {
                    self.message = Some("that record is no longer there".into());
                }
            }
            Place::Readiness(_) | Place::Gate | Place::Health(_) | Place::Phase(_) => {
                self.go_to_screen_where(|component, cx| component.show(place, cx));
            }
        }
    }

    /// Enter on a gate criterion (a computed one: the records that keep it from holding; a
    /// ticked-by-hand one: its evidence, as before), on a costly item of the Score view or
    /// a week of the Operations view, or on a person (their view).
    pub(in crate::app) fn drill(&mut self) -> Option<Effect> {
        let data = &self.opened.as_ref()?.data;
        match self.component().drill_target(&self.context())? {
            Drill::Criterion(criterion) => {
                let Some(rule) = criterion.rule.as_deref() else {
                    return self.apply(Action::Edit);
                };
                let rule = crate::model::gate::parse_rule(rule).ok()?.rule;
                let targets = failing(rule, criterion.phase, data, self.today);
                let title = format!("Behind '{}'", criterion.title);
                self.show_places(title, targets);
            }
            Drill::Week(row) => self.show_week(row),
            Drill::Loss(loss) => {
                let place = Place::Record((&loss.about).into());
                self.go_to_place(&place);
            }
            Drill::Person(person) => {
                self.detail = Some(Detail::new(Pane::Person { person, selected: 0 }));
            }
        }
        None
    }

    /// Whether `Drill` or `Warnings` has something to open here.
    pub(in crate::app) fn drill_works(&self, action: Action) -> bool {
        let Some(opened) = self.engagement_on_screen() else { return false };
        match action {
            Action::Drill => match self.component().drill_target(&self.context()) {
                Some(Drill::Criterion(criterion)) => match criterion.rule.as_deref() {
                    Some(rule) => crate::model::gate::parse_rule(rule).is_ok(),
                    None => !self.read_only,
                },
                Some(Drill::Week(_) | Drill::Loss(_) | Drill::Person(_)) => true,
                None => false,
            },
            Action::Warnings => !opened.warnings.is_empty(),
            _ => false,
        }
    }

    /// `w`: the header's warnings, each opening what it is about.
    pub(in crate::app) fn show_warnings(&mut self) {
        let Some(opened) = &self.opened else { return };
        let entries = opened
            .warnings
            .iter()
            .map(|warning| {
                let place = crate::app::notes::concern_place(&warning.concern);
                (warning.text.clone(), place)
            })
            .collect();
        self.show_places("Warnings".into(), entries);
    }

    /// `b`: the next best actions, each opening the record it acts on.
    pub(in crate::app) fn show_next_actions(&mut self) {
        let Some(opened) = &self.opened else { return };
        let entries = opened
            .actions
            .iter()
            .flatten()
            .map(|action| {
                let place = match (&action.about, &action.trains) {
                    (RecordId::Skill(skill), Some(person)) => {
                        Place::Rating { skill: skill.clone(), person: person.clone() }
                    }
                    (about, _) => Place::Record(about.into()),
                };
                (format!("+{:.1}  {}", action.points, action.step), place)
            })
            .collect();
        self.show_places("Next best actions".into(), entries);
    }
}

/// The records (or the view) that keep a computed criterion of `phase` from holding, each
/// with its name.
fn failing(
    rule: GateRule,
    phase: crate::model::Phase,
    data: &EngagementData,
    today: chrono::NaiveDate,
) -> Vec<(String, Place)> {
    let record =
        |table, id: &str, name: &str| (name.to_string(), Place::Record(RecordRef::new(table, id)));
    match rule {
        GateRule::ReadinessThreshold => {
            vec![("readiness below the threshold".into(), Place::Readiness(ReadinessTab::Score))]
        }
        GateRule::CriticalDocsApproved => data
            .docs
            .iter()
            .filter(|d| d.criticality == CRITICAL && !d.not_applicable)
            .filter(|d| d.status != DocStatus::Approved || d.is_stale(today))
            .map(|d| record(Table::DocItem, &d.id, &d.title))
            .collect(),
        GateRule::CriticalSkillsCovered => {
            let held = holders(data);
            data.skills
                .iter()
                .filter(|s| s.criticality == CRITICAL)
                .filter(|s| held.get(s.id.as_str()).copied().unwrap_or(0) < s.min_holders)
                .map(|s| record(Table::Skill, &s.id, &s.name))
                .collect()
        }
        GateRule::TasksDone => data
            .tasks
            .iter()
            .filter(|t| t.phase == phase && t.status != TaskStatus::Done)
            .map(|t| record(Table::Task, &t.id, &t.title))
            .collect(),
        GateRule::DebriefingHeld => {
            vec![("lessons learned".into(), Place::Health(HealthTab::Lessons))]
        }
        GateRule::AccessHandedOver => handover_items(data, GateScope::Access),
        GateRule::ToolsHandedOver => handover_items(data, GateScope::Tools),
        GateRule::TicketsP1Planned | GateRule::TicketsSla | GateRule::TicketsClientAlone => {
            vec![("operational evidence".into(), Place::Readiness(ReadinessTab::Operations))]
        }
    }
}

/// The inventory's items of `scope` not handed over far enough, or the inventory itself when
/// it has none of them.
fn handover_items(data: &EngagementData, scope: GateScope) -> Vec<(String, Place)> {
    let items: Vec<_> = not_handed_over(&data.handover, scope)
        .map(|i| (i.name.clone(), Place::Record(RecordRef::new(Table::HandoverItem, &i.id))))
        .collect();
    if items.is_empty() {
        return vec![("the hand-over inventory".into(), Place::Readiness(ReadinessTab::Handover))];
    }
    items
}
