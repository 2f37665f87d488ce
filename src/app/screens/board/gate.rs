//! The board's gate panel: its criteria ticked (with evidence) or unticked, the phase
//! advanced from it.

use super::BoardScreen;
use super::forms::{advance, criterion_form};
use crate::app::screens::{Reply, ScreenContext};
use crate::app::targets::{Plan, text};
use crate::app::{Action, Then};
use crate::model::text::sanitize;
use crate::model::{CriterionKind, GateCriterion, GateCriterionField, Phase};
use crate::records::FieldValue;
use crate::store::edit::Table;

impl BoardScreen {
    pub(super) fn gate_action(
        &mut self,
        action: Action,
        row: usize,
        cx: &ScreenContext,
    ) -> Option<Reply> {
        let (criterion, opened) = (self.gate_criteria(cx).get(row).copied()?, cx.opened?);
        let reply = match action {
            Action::FocusGate => {
                self.gate = None;
                Reply::Nothing
            }
            Action::Cycle if criterion.rule.is_some() => {
                Reply::message("a computed criterion follows the data; it cannot be ticked")
            }
            Action::Cycle if criterion.met_at.is_some() => {
                let text_or_null = |t: &Option<String>| t.as_deref().map_or(FieldValue::Null, text);
                let plan = Plan::update(
                    &opened.data.engagement.id,
                    format!("unticked '{}'", sanitize(&criterion.title)),
                    (Table::GateCriterion, &criterion.id),
                    vec![
                        (GateCriterionField::MetAt.into(), FieldValue::Null),
                        (GateCriterionField::Evidence.into(), FieldValue::Null),
                    ],
                    vec![
                        (GateCriterionField::MetAt.into(), text_or_null(&criterion.met_at)),
                        (GateCriterionField::Evidence.into(), text_or_null(&criterion.evidence)),
                    ],
                );
                Reply::Confirm(format!("Untick '{}'?", criterion.title), Then::Apply(plan))
            }
            Action::Cycle => Reply::Form(criterion_form(opened, criterion, Some(&cx.timestamp()))),
            Action::Edit if criterion.rule.is_none() => {
                Reply::Form(criterion_form(opened, criterion, None))
            }
            Action::Advance => advance(cx),
            _ => return None,
        };
        Some(reply)
    }

    /// `n`/`N` in the gate's focus: the next (`step` 1) or previous (-1) criterion from
    /// `row` whose title the filter matches, wrapping around; `None` when none does.
    pub(super) fn gate_match_after(
        &self,
        row: usize,
        step: isize,
        cx: &ScreenContext,
    ) -> Option<usize> {
        let criteria = self.gate_criteria(cx);
        let count = criteria.len() as isize;
        (1..=count)
            .map(|i| (row as isize + step * i).rem_euclid(count) as usize)
            .find(|&i| cx.fuzzy.matches(&listed_title(criteria[i])))
    }

    pub(super) fn gate_action_works(
        &self,
        action: Action,
        row: usize,
        cx: &ScreenContext,
    ) -> Option<bool> {
        let opened = cx.opened?;
        let manual = self.gate_criteria(cx).get(row).is_some_and(|c| c.rule.is_none());
        match action {
            Action::FocusGate => Some(true),
            Action::Advance => Some(opened.data.engagement.current_phase != Phase::Transfer),
            Action::Cycle | Action::Edit => Some(manual),
            _ => None,
        }
    }
}

/// A criterion's title as the gate lists it, marked when computed: what `/` matches there.
pub fn listed_title(criterion: &GateCriterion) -> String {
    match criterion.kind {
        CriterionKind::Computed => format!("{} (computed)", criterion.title),
        CriterionKind::Manual => criterion.title.clone(),
    }
}
