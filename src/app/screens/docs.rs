//! The Docs screen: the documentation checklist by category. Statuses stepped, reviews
//! recorded, items marked not applicable, added, edited, deleted, categories renamed, quick
//! filters.

use chrono::NaiveDate;

use super::{Component, Reply, RowKey, ScreenContext};
use crate::app::form::{Choice, Field, FieldKey, Form};
use crate::app::place::{Place, RecordRef};
use crate::app::targets::{Plan, RecordForm, Target, text};
use crate::app::{Action, Opened, Then};
use crate::model::rules;
use crate::model::text::{name_order, sanitize};
use crate::model::{CRITICAL, DocItem, DocItemField, DocStatus, EngagementData, Phase};
use crate::records::FieldValue;
use crate::store::command::Command;
use crate::store::edit::Table;

/// Which items the checklist shows, besides the `/` filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum QuickFilter {
    #[default]
    All,
    Missing,
    Stale,
    Critical,
    Owner(String),
}

impl QuickFilter {
    pub fn label(&self) -> String {
        match self {
            QuickFilter::All => "all".into(),
            QuickFilter::Missing => "missing".into(),
            QuickFilter::Stale => "stale".into(),
            QuickFilter::Critical => "critical".into(),
            QuickFilter::Owner(owner) => format!("owned by {}", sanitize(owner)),
        }
    }

    pub fn keeps(&self, doc: &DocItem, today: NaiveDate) -> bool {
        match self {
            QuickFilter::All => true,
            QuickFilter::Missing => !doc.not_applicable && doc.status == DocStatus::Missing,
            QuickFilter::Stale => !doc.not_applicable && doc.is_stale(today),
            QuickFilter::Critical => doc.criticality == CRITICAL,
            QuickFilter::Owner(owner) => doc.owner.as_deref() == Some(owner.as_str()),
        }
    }

    /// The next quick filter: all, missing, stale, critical, then each owner in turn.
    fn next(&self, owners: &[String]) -> QuickFilter {
        let after_owners = || QuickFilter::All;
        match self {
            QuickFilter::All => QuickFilter::Missing,
            QuickFilter::Missing => QuickFilter::Stale,
            QuickFilter::Stale => QuickFilter::Critical,
            QuickFilter::Critical => {
                owners.first().cloned().map_or_else(after_owners, QuickFilter::Owner)
            }
            QuickFilter::Owner(owner) => {
                let next = owners.iter().position(|o| o == owner).and_then(|i| owners.get(i + 1));
                next.cloned().map_or_else(after_owners, QuickFilter::Owner)
            }
        }
    }
}

fn doc_form(opened: &Opened, existing: Option<&DocItem>, category: &str) -> RecordForm {
    let engagement = opened.data.engagement.id.clone();
    let criticality = vec![
        Choice::new("1", "1 low"),
        Choice::new("2", "2 medium"),
        Choice::new("3", "3 critical"),
    ];
    let statuses = DocStatus::ALL.iter().map(|s| Choice::new(s.as_str(), s.label())).collect();
    let phases = Phase::ALL.iter().map(|p| Choice::new(p.as_str(), p.label())).collect();
    let optional = |s: Option<&String>| s.map_or(String::new(), |s| s.clone());
    let d = existing;
    let fields = vec![
        Field::text("Title", DocItemField::Title).required().with_value(d.map_or("", |d| &d.title)),
        Field::text("Category", DocItemField::Category)
            .required()
            .with_value(d.map_or(category, |d| &d.category))
            .with_placeholder("an existing or a new category"),
        Field::choice("Criticality", DocItemField::Criticality, criticality)
            .required()
            .with_value(&d.map_or(2, |d| d.criticality).to_string()),
        Field::choice("Status", DocItemField::Status, statuses)
            .required()
            .with_value(d.map_or(DocStatus::Missing, |d| d.status).as_str()),
        Field::text("Owner", DocItemField::Owner)
            .with_value(&optional(d.and_then(|d| d.owner.as_ref()))),
        Field::text("Reviewer", DocItemField::Reviewer)
            .with_value(&optional(d.and_then(|d| d.reviewer.as_ref()))),
        Field::text("Location", DocItemField::Location)
            .with_value(&optional(d.and_then(|d| d.location.as_ref())))
            .with_placeholder("a link or a path"),
        Field::date("Reviewed", DocItemField::LastReviewedAt).with_value(
            &d.and_then(|d| d.last_reviewed_at).map(|x| x.to_string()).unwrap_or_default(),
        ),
        Field::ranged(
            "Review every",
            DocItemField::ReviewIntervalDays,
            &rules::REVIEW_INTERVAL_DAYS,
        )
        .with_value(
            &d.and_then(|d| d.review_interval_days).map(|n| n.to_string()).unwrap_or_default(),
        )
        .with_placeholder("days (empty: no periodic review)"),
        Field::choice("Due phase", DocItemField::DuePhase, phases)
            .with_value(d.and_then(|d| d.due_phase).map_or("", |p| p.as_str())),
    ];
    let target = match existing {
        Some(doc) => Target::Update {
            table: Table::DocItem,
            id: doc.id.clone(),
            noun: "doc",
            engagement,
            extra: Vec::new(),
            summary: None,
        },
        None => Target::Insert {
            table: Table::DocItem,
            noun: "doc",
            engagement: engagement.clone(),
            fixed: Vec::new(),
        },
    };
    let title =
        if existing.is_some() { "Edit documentation item" } else { "New documentation item" };
    RecordForm { form: Form::new(title, fields), target }
}

/// The checklist's cursor and quick filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocsScreen {
    /// The selected item, counted over every category's items shown.
    pub row: usize,
    pub quick: QuickFilter,
}

impl DocsScreen {
    /// The documentation items shown, grouped by category, in display order.
    pub fn rows<'a>(&self, cx: &ScreenContext<'a>) -> Vec<(&'a str, Vec<&'a DocItem>)> {
        let Some(opened) = cx.opened else { return Vec::new() };
        let mut groups = doc_groups(opened);
        for (_, docs) in &mut groups {
            docs.retain(|d| self.quick.keeps(d, cx.today));
        }
        for (category, docs) in &mut groups {
            if !cx.fuzzy.matches(category) {
                docs.retain(|d| {
                    cx.fuzzy.matches(&d.title)
                        || d.owner.as_deref().is_some_and(|o| cx.fuzzy.matches(o))
                });
            }
        }
        groups.retain(|(_, docs)| !docs.is_empty());
        groups
    }

    /// The documentation item under the cursor.
    pub fn selected<'a>(&self, cx: &ScreenContext<'a>) -> Option<&'a DocItem> {
        self.rows(cx).into_iter().flat_map(|(_, docs)| docs).nth(self.row)
    }

    fn ids(&self, cx: &ScreenContext) -> Vec<String> {
        self.rows(cx).into_iter().flat_map(|(_, d)| d).map(|d| d.id.clone()).collect()
    }

    /// What works without a selected item.
    fn list_action(&mut self, action: Action, opened: &Opened) -> Option<Reply> {
        let reply = match action {
            Action::Add => Reply::Form(doc_form(opened, None, "")),
            Action::QuickFilter => {
                let mut owners: Vec<String> =
                    opened.data.docs.iter().filter_map(|d| d.owner.clone()).collect();
                owners.sort_by(|a, b| name_order(a, b));
                owners.dedup();
                self.quick = self.quick.next(&owners);
                self.row = 0;
                Reply::message(format!("showing {} items", self.quick.label()))
            }
            _ => return None,
        };
        Some(reply)
    }
}

impl DocsScreen {
    /// Shows every item again, so that the record is among them.
    fn select_record(&mut self, record: &RecordRef, cx: &ScreenContext) -> bool {
        if record.table != Table::DocItem {
            return false;
        }
        self.quick = QuickFilter::All;
        let row = self.ids(cx).iter().position(|id| *id == record.id);
        row.map(|row| self.row = row).is_some()
    }
}

impl Component for DocsScreen {
    fn cursor_mut(&mut self) -> Option<&mut usize> {
        Some(&mut self.row)
    }

    /// The same quick filter, from the first item.
    fn on_engagement_changed(&mut self, _data: &EngagementData) {
        self.row = 0;
    }

    fn row_keys(&self, cx: &ScreenContext) -> Vec<RowKey> {
        self.ids(cx).into_iter().map(RowKey::Id).collect()
    }

    fn selected_record(&self, cx: &ScreenContext) -> Option<RecordRef> {
        Some(RecordRef::new(Table::DocItem, &self.selected(cx)?.id))
    }

    fn show(&mut self, place: &Place, cx: &ScreenContext) -> bool {
        let Place::Record(record) = place else { return false };
        self.select_record(record, cx)
    }

    fn works_now(&self, action: Action, cx: &ScreenContext) -> Option<bool> {
        match action {
            Action::Add | Action::QuickFilter => Some(true),
            Action::Cycle
            | Action::MarkReviewed
            | Action::ToggleNotApplicable
            | Action::Edit
            | Action::Delete
            | Action::RenameCategory => Some(self.selected(cx).is_some()),
            _ => None,
        }
    }

    fn handle(&mut self, action: Action, cx: &ScreenContext) -> Option<Reply> {
        let opened = cx.opened?;
        let Some(doc) = self.selected(cx) else { return self.list_action(action, opened) };
        let engagement = &opened.data.engagement.id;
        let today = cx.today.to_string();
        let update = |summary: String, values, shown| {
            Plan::update(engagement, summary, (Table::DocItem, &doc.id), values, shown)
        };
        let reply = match action {
            Action::Cycle => {
                let next = doc.status.next();
                let mut values = vec![(DocItemField::Status.into(), text(next.as_str()))];
                if next == DocStatus::Approved {
                    values.push((DocItemField::LastReviewedAt.into(), text(&today)));
                }
                let summary = format!("set '{}' to {}", sanitize(&doc.title), next.label());
                let shown = vec![(DocItemField::Status.into(), text(doc.status.as_str()))];
                Reply::step(update(summary, values, shown), &doc.title, doc.status, next)
            }
            Action::MarkReviewed if doc.status == DocStatus::Missing => Reply::message(format!(
                "'{}' is missing: there is nothing to review until it is written",
                sanitize(&doc.title)
            )),
            Action::MarkReviewed => {
                let summary = format!("reviewed '{}' today", sanitize(&doc.title));
                let values = vec![(DocItemField::LastReviewedAt.into(), text(&today))];
                Reply::apply(update(summary, values, Vec::new()))
            }
            Action::ToggleNotApplicable => {
                let was = doc.not_applicable;
                let verb = if was { "applicable again" } else { "not applicable" };
                let summary = format!("marked '{}' {verb}", sanitize(&doc.title));
                let field = DocItemField::NotApplicable.into();
                let shown = vec![(field, FieldValue::yes_no(was))];
                let values = vec![(field, FieldValue::yes_no(!was))];
                let plan = update(summary, values, shown);
                if doc.status != DocStatus::Approved || doc.not_applicable {
                    return Some(Reply::apply(plan));
                }
                let question = format!(
                    "Mark the approved '{}' not applicable? It leaves the approved count.",
                    doc.title
                );
                Reply::Confirm(question, Then::Apply(plan))
            }
            Action::Add => Reply::Form(doc_form(opened, None, &doc.category)),
            Action::Edit => Reply::Form(doc_form(opened, Some(doc), "")),
            Action::Delete => {
                let item = (Table::DocItem, doc.id.as_str());
                let plan = Plan::delete(engagement, item, Some("doc"), &doc.title);
                let question = format!("Delete '{}' from the checklist?", doc.title);
                Reply::Confirm(question, Then::Apply(plan))
            }
            Action::RenameCategory => {
                let ids = opened
                    .data
                    .docs
                    .iter()
                    .filter(|d| d.category == doc.category)
                    .map(|d| d.id.clone())
                    .collect();
                let field = Field::text("Category", FieldKey::Category)
                    .required()
                    .with_value(&doc.category);
                let form = Form::new("Rename category", vec![field]);
                let target = Target::RenameCategory {
                    engagement: engagement.clone(),
                    from: doc.category.clone(),
                    ids,
                };
                Reply::Form(RecordForm { form, target })
            }
            _ => return self.list_action(action, opened),
        };
        Some(reply)
    }
}

/// Adds the doc items `docs` at once (`botdash docs apply-template`: the template's items the
/// engagement lacks).
pub fn add_docs_plan(engagement: &str, docs: &[DocItem], summary: String) -> Plan {
    let add = Command::AddDocs { engagement_id: engagement.into(), docs: docs.to_vec() };
    Plan::new(engagement, summary, vec![add])
}

/// Documentation items grouped by category (categories in order of first appearance).
pub fn doc_groups(opened: &Opened) -> Vec<(&str, Vec<&DocItem>)> {
    let mut groups: Vec<(&str, Vec<&DocItem>)> = Vec::new();
    for doc in &opened.data.docs {
        match groups.iter_mut().find(|(c, _)| *c == doc.category) {
            Some((_, docs)) => docs.push(doc),
            None => groups.push((&doc.category, vec![doc])),
        }
    }
    groups
}
