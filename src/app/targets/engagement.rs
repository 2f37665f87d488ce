//! The engagement's form (its weights in percent, checked to add up), archiving and
//! deleting an engagement.

use chrono::NaiveDate;

use super::{NewDefaults, Plan, RecordForm, Target, date_text};
use crate::app::form::{Field, FieldKey, Form};
use crate::model::rules;
use crate::model::score::{Dimension, Weights};
use crate::model::text::sanitize;
use crate::model::{Engagement, EngagementField};
use crate::store::command::Command;
use crate::store::edit::Table;

/// The form for a new engagement, or for editing `existing`.
pub fn engagement_form(
    existing: Option<&Engagement>,
    today: NaiveDate,
    defaults: NewDefaults,
) -> RecordForm {
    let threshold = existing.map_or(defaults.threshold, |e| e.readiness_threshold).to_string();
    let mut slug = Field::text("Slug", EngagementField::Slug);
    slug = match existing {
        Some(e) => slug.required().with_value(&e.slug),
        None => slug.with_placeholder("made from client and name"),
    };
    let mut fields = vec![
        Field::text("Client", EngagementField::Client)
            .required()
            .with_value(existing.map_or("", |e| &e.client)),
        Field::text("Name", EngagementField::Name)
            .required()
            .with_value(existing.map_or("", |e| &e.name)),
        slug,
        Field::date("Start", EngagementField::StartDate)
            .required()
            .with_value(&existing.map_or(today.to_string(), |e| date_text(e.start_date))),
        Field::date("Transfer", EngagementField::PlannedTransferDate)
            .with_value(&existing.map_or(String::new(), |e| date_text(e.planned_transfer_date)))
            .with_placeholder("start + the template's plan"),
        Field::ranged("Threshold", EngagementField::ReadinessThreshold, &rules::THRESHOLD)
            .required()
            .with_value(&threshold),
    ];
    let weights = existing.and_then(|e| e.weights).or(defaults.weights).unwrap_or_default();
    for (label, dimension) in WEIGHT_FIELDS {
        let percent = (weights.get(*dimension) * 100.0).round().to_string();
        fields.push(
            Field::number(label, FieldKey::Weight(*dimension), 0, 100)
                .required()
                .with_value(&percent),
        );
    }
    if let Some(e) = existing {
        // New engagements count in EUR until edited.
        fields.push(
            Field::text("Currency", EngagementField::Currency).required().with_value(&e.currency),
        );
    }
    match existing {
        None => {
            RecordForm { form: Form::new("New engagement", fields), target: Target::NewEngagement }
        }
        Some(e) => RecordForm {
            form: Form::new("Edit engagement", fields),
            target: Target::Update {
                table: Table::Engagement,
                id: e.id.clone(),
                noun: "engagement",
                engagement: e.id.clone(),
                extra: Vec::new(),
                summary: None,
            },
        },
    }
}

/// The engagement form's weight fields, in percent, and the dimension each sets.
pub(super) const WEIGHT_FIELDS: &[(&str, Dimension)] = &[
    ("Staffing %", Dimension::Staffing),
    ("Skills %", Dimension::Skills),
    ("KT %", Dimension::Kt),
    ("Duties %", Dimension::Responsibilities),
    ("Docs %", Dimension::Docs),
];

/// The weight the form gives `dimension`, in percent (0 when it has no such field).
pub(super) fn weight_percent(form: &Form, dimension: Dimension) -> u32 {
    let field = form.field(FieldKey::Weight(dimension));
    field.and_then(|f| f.value().parse().ok()).unwrap_or(0)
}

pub(super) fn weights_of(form: &Form) -> Weights {
    let w = |dimension| f64::from(weight_percent(form, dimension)) / 100.0;
    Weights {
        staffing: w(Dimension::Staffing),
        skills: w(Dimension::Skills),
        kt: w(Dimension::Kt),
        responsibilities: w(Dimension::Responsibilities),
        docs: w(Dimension::Docs),
    }
}

/// Whether the form has weight fields and one of them was changed.
pub(super) fn weights_changed(form: &Form) -> bool {
    WEIGHT_FIELDS.iter().any(|(_, dimension)| form.field_changed(FieldKey::Weight(*dimension)))
}

/// Archiving or restoring an engagement.
pub fn archive(engagement: &Engagement) -> Plan {
    let (verb, archived) =
        if engagement.archived { ("restored", false) } else { ("archived", true) };
    let archive = Command::Archive { engagement_id: engagement.id.clone(), archived };
    Plan::new(
        &engagement.id,
        format!("{verb} engagement '{}'", sanitize(&engagement.name)),
        vec![archive],
    )
}

/// Deleting an engagement with everything in it (undoable).
pub fn delete_engagement(engagement: &Engagement) -> Plan {
    let record = (Table::Engagement, engagement.id.as_str());
    Plan::delete(&engagement.id, record, Some("engagement"), &engagement.name)
}
