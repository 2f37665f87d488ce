//! The documentation checklist's actions: statuses stepped, reviews recorded, items marked
//! not applicable, added, edited, deleted, categories renamed, quick filters.

use chrono::NaiveDate;

use super::form::{Choice, Field, Form};
use super::records::{Plan, RecordForm, Target, text};
use super::{Action, Effect, Opened, Overlay, State, Then};
use crate::model::rules;
use crate::model::text::{name_order, sanitize};
use crate::model::{CRITICAL, DocItem, DocItemField, DocStatus, Phase};
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
        Field::text("Title", Some(DocItemField::Title.into()))
            .required()
            .with_value(d.map_or("", |d| &d.title)),
        Field::text("Category", Some(DocItemField::Category.into()))
            .required()
            .with_value(d.map_or(category, |d| &d.category))
            .with_placeholder("an existing or a new category"),
        Field::choice("Criticality", Some(DocItemField::Criticality.into()), criticality)
            .required()
            .with_value(&d.map_or(2, |d| d.criticality).to_string()),
        Field::choice("Status", Some(DocItemField::Status.into()), statuses)
            .required()
            .with_value(d.map_or(DocStatus::Missing, |d| d.status).as_str()),
        Field::text("Owner", Some(DocItemField::Owner.into()))
            .with_value(&optional(d.and_then(|d| d.owner.as_ref()))),
        Field::text("Reviewer", Some(DocItemField::Reviewer.into()))
            .with_value(&optional(d.and_then(|d| d.reviewer.as_ref()))),
        Field::text("Location", Some(DocItemField::Location.into()))
            .with_value(&optional(d.and_then(|d| d.location.as_ref())))
            .with_placeholder("a link or a path"),
        Field::date("Reviewed", Some(DocItemField::LastReviewedAt.into())).with_value(
            &d.and_then(|d| d.last_reviewed_at).map(|x| x.to_string()).unwrap_or_default(),
        ),
        Field::ranged(
            "Review every",
            Some(DocItemField::ReviewIntervalDays.into()),
            &rules::REVIEW_INTERVAL_DAYS,
        )
        .with_value(
            &d.and_then(|d| d.review_interval_days).map(|n| n.to_string()).unwrap_or_default(),
        )
        .with_placeholder("days (empty: no periodic review)"),
        Field::choice("Due phase", Some(DocItemField::DuePhase.into()), phases)
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

impl State {
    /// The documentation item under the cursor.
    pub fn selected_doc(&self) -> Option<&DocItem> {
        self.doc_rows().into_iter().flat_map(|(_, docs)| docs).nth(self.docs_row)
    }

    pub(super) fn docs_action(&mut self, action: Action) -> Option<Effect> {
        let opened = self.opened.as_ref()?;
        let engagement = opened.data.engagement.id.clone();
        let doc = self.selected_doc().cloned();
        let today = self.today.to_string();
        let update = |doc: &DocItem, summary: String, values, shown| {
            Effect::Apply(Plan::update(
                &engagement,
                summary,
                (Table::DocItem, &doc.id),
                values,
                shown,
            ))
        };
        match (action, doc) {
            (Action::Cycle, Some(doc)) => {
                let next = doc.status.next();
                let mut values = vec![(DocItemField::Status.into(), text(next.as_str()))];
                if next == DocStatus::Approved {
                    values.push((DocItemField::LastReviewedAt.into(), text(&today)));
                }
                let summary = format!("set '{}' to {}", sanitize(&doc.title), next.label());
                let shown = vec![(DocItemField::Status.into(), text(doc.status.as_str()))];
                let effect = update(&doc, summary, values, shown);
                let wraps = doc.status.is_last();
                return self.step(effect, wraps, (&doc.title, doc.status.label(), next.label()));
            }
            (Action::MarkReviewed, Some(doc)) if doc.status == DocStatus::Missing => {
                self.message = Some(format!(
                    "'{}' is missing: there is nothing to review until it is written",
                    sanitize(&doc.title)
                ));
            }
            (Action::MarkReviewed, Some(doc)) => {
                let summary = format!("reviewed '{}' today", sanitize(&doc.title));
                let values = vec![(DocItemField::LastReviewedAt.into(), text(&today))];
                return Some(update(&doc, summary, values, Vec::new()));
            }
            (Action::ToggleNotApplicable, Some(doc)) => {
                let (verb, value) = if doc.not_applicable {
                    ("applicable again", 0)
                } else {
                    ("not applicable", 1)
                };
                let summary = format!("marked '{}' {verb}", sanitize(&doc.title));
                let shown =
                    vec![(DocItemField::NotApplicable.into(), FieldValue::Integer(1 - value))];
                let values = vec![(DocItemField::NotApplicable.into(), FieldValue::Integer(value))];
                let plan =
                    Plan::update(&engagement, summary, (Table::DocItem, &doc.id), values, shown);
                if doc.status != DocStatus::Approved || doc.not_applicable {
                    return Some(Effect::Apply(plan));
                }
                let question = format!(
                    "Mark the approved '{}' not applicable? It leaves the approved count.",
                    doc.title
                );
                self.confirm(question, Then::Apply(plan));
            }
            (Action::Add, doc) => {
                let category = doc.map(|d| d.category).unwrap_or_default();
                self.overlay = Some(Overlay::Form(doc_form(opened, None, &category)));
            }
            (Action::Edit, Some(doc)) => {
                self.overlay = Some(Overlay::Form(doc_form(opened, Some(&doc), "")));
            }
            (Action::Delete, Some(doc)) => {
                let plan = Plan::new(
                    &engagement,
                    format!("deleted doc '{}'", sanitize(&doc.title)),
                    vec![Command::Delete { table: Table::DocItem, id: doc.id.clone() }],
                );
                self.confirm(
                    format!("Delete '{}' from the checklist?", doc.title),
                    Then::Apply(plan),
                );
            }
            (Action::RenameCategory, Some(doc)) => {
                let ids = opened
                    .data
                    .docs
                    .iter()
                    .filter(|d| d.category == doc.category)
                    .map(|d| d.id.clone())
                    .collect();
                let field = Field::text("Category", None).required().with_value(&doc.category);
                let form = Form::new("Rename category", vec![field]);
                let target = Target::RenameCategory { engagement, from: doc.category.clone(), ids };
                self.overlay = Some(Overlay::Form(RecordForm { form, target }));
            }
            (Action::QuickFilter, _) => {
                let mut owners: Vec<String> =
                    opened.data.docs.iter().filter_map(|d| d.owner.clone()).collect();
                owners.sort_by(|a, b| name_order(a, b));
                owners.dedup();
                self.docs_quick = self.docs_quick.next(&owners);
                self.docs_row = 0;
                self.message = Some(format!("showing {} items", self.docs_quick.label()));
            }
            _ => {}
        }
        None
    }
}

/// Adds a doc item (used by checklist templates applied from the command line).
pub fn add_docs_plan(engagement: &str, docs: &[DocItem], summary: String) -> Plan {
    let add = Command::AddDocs { engagement_id: engagement.into(), docs: docs.to_vec() };
    Plan::new(engagement, summary, vec![add])
}
