//! The engagement's form (its weights in percent, checked to add up), archiving and
//! deleting an engagement.

use chrono::NaiveDate;

use super::{NewDefaults, Plan, RecordForm, Target, date_text};
use crate::app::form::{Field, Form};
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
    let mut slug = Field::text("Slug", Some(EngagementField::Slug.into()));
    slug = match existing {
        Some(e) => slug.required().with_value(&e.slug),
        None => slug.with_placeholder("made from client and name"),
    };
    let mut fields = vec![
        Field::text("Client", Some(EngagementField::Client.into()))
            .required()
            .with_value(existing.map_or("", |e| &e.client)),
        Field::text("Name", Some(EngagementField::Name.into()))
            .required()
            .with_value(existing.map_or("", |e| &e.name)),
        slug,
        Field::date("Start", Some(EngagementField::StartDate.into()))
            .required()
            .with_value(&existing.map_or(today.to_string(), |e| date_text(e.start_date))),
        Field::date("Transfer", Some(EngagementField::PlannedTransferDate.into()))
            .with_value(&existing.map_or(String::new(), |e| date_text(e.planned_transfer_date)))
            .with_placeholder("start + the template's plan"),
        Field::ranged(
            "Threshold",
            Some(EngagementField::ReadinessThreshold.into()),
            &rules::THRESHOLD,
        )
        .required()
        .with_value(&threshold),
    ];
    let weights = existing.and_then(|e| e.weights).or(defaults.weights).unwrap_or_default();
    for (label, dimension) in WEIGHT_FIELDS {
        let percent = (weights.get(*dimension) * 100.0).round().to_string();
        fields.push(Field::number(label, None, 0, 100).required().with_value(&percent));
    }
    if let Some(e) = existing {
        // New engagements count in EUR until edited.
        fields.push(
            Field::text("Currency", Some(EngagementField::Currency.into()))
                .required()
                .with_value(&e.currency),
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

pub(super) fn weight_percent(form: &Form, label: &str) -> u32 {
    form.field(label).value().parse().unwrap_or(0)
}

pub(super) fn weights_of(form: &Form) -> Weights {
    let w = |label| f64::from(weight_percent(form, label)) / 100.0;
    Weights {
        staffing: w("Staffing %"),
        skills: w("Skills %"),
        kt: w("KT %"),
        responsibilities: w("Duties %"),
        docs: w("Docs %"),
    }
}

pub(super) fn weights_changed(form: &Form) -> bool {
    WEIGHT_FIELDS.iter().any(|(label, _)| form.field_changed(label))
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
