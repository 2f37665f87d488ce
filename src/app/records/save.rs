//! How a submitted form becomes what must be done: an edit, a new engagement, a file to
//! write or read; or the field that is wrong, with why.

use super::{NewDefaults, Output, Plan, RecordForm, Saved, Target, text};
use chrono::NaiveDate;

use crate::app::form::Form;
use crate::model::handover::{HandoverItemField, secret_in};
use crate::model::health::is_currency;
use crate::model::rules;
use crate::model::score::Weights;
use crate::model::template::{NewEngagement, slugify, validate_slug};
use crate::model::text::sanitize;
use crate::model::{EngagementField, KtStatus, KtTopicField, TaskField, TextsNaming};
use crate::records::FieldValue;
use crate::report::ReportFormat;
use crate::store::command::Command;
use crate::store::edit::{Column, Table};

use super::engagement::{WEIGHT_FIELDS, weight_percent, weights_changed, weights_of};

/// Turns a submitted form into what must be done, or marks the field that is wrong.
/// `today` dates what the form signs off.
pub fn save(record: &mut RecordForm, defaults: NewDefaults, today: NaiveDate) -> Option<Saved> {
    let form = &mut record.form;
    if let Some((label, message)) = cross_check(form, record.target.table()) {
        form.reject(label, message);
        return None;
    }
    save_to(form, &record.target, defaults, today)
}

fn save_to(
    form: &mut Form,
    target: &Target,
    defaults: NewDefaults,
    today: NaiveDate,
) -> Option<Saved> {
    match target {
        Target::NewEngagement => {
            let client = form.field("Client").value();
            let name = form.field("Name").value();
            let typed = form.field("Slug").value();
            let slug = if typed.is_empty() { slugify(&format!("{client} {name}")) } else { typed };
            let threshold = form.field("Threshold").value().parse().unwrap_or(defaults.threshold);
            let weights = Some(weights_of(form)).filter(|w| *w != Weights::default());
            Some(Saved::NewEngagement(NewEngagement {
                client,
                name,
                slug,
                start: form.field("Start").date_value()?,
                transfer: form.field("Transfer").date_value(),
                threshold,
                weights,
            }))
        }
        Target::Update { table, id, noun, engagement, extra, summary } => {
            let mut values = form.changed_values();
            let shown = form.shown_values();
            if *table == Table::Engagement && weights_changed(form) {
                let json = serde_json::to_string(&weights_of(form)).unwrap_or_default();
                values.push((EngagementField::Weights.into(), FieldValue::Text(json)));
            }
            if values.is_empty() && extra.is_empty() {
                return Some(Saved::Unchanged);
            }
            values.extend(extra.iter().cloned());
            let title = form.fields.first().map(|f| f.value()).unwrap_or_default();
            let summary =
                summary.clone().unwrap_or_else(|| format!("edited {noun} '{}'", sanitize(&title)));
            Some(Saved::Plan(Plan::update(engagement, summary, (*table, id), values, shown)))
        }
        Target::Insert { table, noun, engagement, fixed } => {
            let mut values = fixed.clone();
            values.extend(form.values());
            let title = form.fields.first().map(|f| f.value()).unwrap_or_default();
            let summary = format!("added {noun} '{}'", sanitize(&title));
            let create =
                Command::Create { engagement_id: engagement.clone(), table: *table, values };
            Some(Saved::Plan(Plan::new(engagement, summary, vec![create])))
        }
        Target::RenameCategory { engagement, from, ids } => {
            let to = form.field("Category").value();
            if to == *from {
                return Some(Saved::Unchanged);
            }
            let summary = format!("renamed category '{}' to '{}'", sanitize(from), sanitize(&to));
            let rename = Command::RenameCategory { ids: ids.clone(), from: from.clone(), to };
            Some(Saved::Plan(Plan::new(engagement, summary, vec![rename])))
        }
        Target::Write(output) => {
            let mut output = output.clone();
            if let Output::Report { format, .. } = &mut output {
                *format = form.field("Format").value().parse().unwrap_or(ReportFormat::Html);
            }
            Some(Saved::Write(output, std::path::PathBuf::from(form.field("Path").value())))
        }
        Target::ImportTickets { slug } => {
            let path = std::path::PathBuf::from(form.field("Path").value());
            Some(Saved::ImportTickets { slug: slug.clone(), path })
        }
        Target::Topic { record, topic_id, before } => {
            let train = trainee_changes(form, topic_id, before);
            let status = form.field("Status").value();
            let signed = status == KtStatus::SignedOff.as_str();
            let day = form.field_changed("Status").then_some(signed.then_some(today));
            let saved = save_to(form, record, defaults, today)?;
            Some(match saved {
                Saved::Plan(mut plan) => {
                    if let Some(day) = day {
                        date_sign_off(&mut plan, day);
                    }
                    plan.commands.extend(train);
                    Saved::Plan(plan)
                }
                Saved::Unchanged if !train.is_empty() => {
                    let Target::Update { engagement, .. } = record.as_ref() else { return None };
                    let title = sanitize(&form.field("Title").value()).into_owned();
                    Saved::Plan(Plan::new(engagement, format!("trainees of '{title}'"), train))
                }
                other => other,
            })
        }
        Target::Renaming { record, from, named } => {
            let renamed = form.field_changed("Name") && !named.is_empty();
            let to = form.field("Name").value();
            Some(match save_to(form, record, defaults, today)? {
                Saved::Plan(mut plan) if renamed => {
                    plan.commands.extend(rename_texts(named, from, &to));
                    plan.summary = format!("{}, and the name on {}", plan.summary, named.words());
                    Saved::Plan(plan)
                }
                other => other,
            })
        }
        Target::Override(plan) => {
            let reason = form.field("Reason").value();
            let summary = format!("{} overriding the gate: {}", plan.summary, sanitize(&reason));
            let mut commands = plan.commands.clone();
            for command in &mut commands {
                if let Command::AdvancePhase { reason: kept, .. } = command {
                    *kept = Some(reason.clone());
                }
            }
            Some(Saved::Plan(Plan { summary, commands, ..plan.clone() }))
        }
    }
}

/// A topic whose status the form changed is dated as `Space` dates it: signed off on `day`,
/// or (`None`) no longer signed off.
fn date_sign_off(plan: &mut Plan, day: Option<NaiveDate>) {
    let value = day.map_or(FieldValue::Null, |day| text(&day.to_string()));
    for command in &mut plan.commands {
        if let Command::Create { table: Table::KtTopic, values, .. }
        | Command::Patch { table: Table::KtTopic, values, .. } = command
        {
            values.push((KtTopicField::SignedOffAt.into(), value.clone()));
        }
    }
}

/// The commands that give the free texts `named`, which held `from`, the name `to`: each
/// refused if another window changed it meanwhile.
fn rename_texts(named: &TextsNaming, from: &str, to: &str) -> Vec<Command> {
    let patch = |table, column: Column| {
        move |id: &String| Command::Patch {
            table,
            id: id.clone(),
            values: vec![(column, text(to))],
            shown: vec![(column, text(from))],
        }
    };
    let cards = named.cards.iter().map(patch(Table::Task, TaskField::Assignee.into()));
    let held = named.held_by.iter();
    let held = held.map(patch(Table::HandoverItem, HandoverItemField::CurrentHolder.into()));
    let goes = named.goes_to.iter();
    let goes = goes.map(patch(Table::HandoverItem, HandoverItemField::TargetHolder.into()));
    cards.chain(held).chain(goes).collect()
}

/// The commands that make the trainees of `topic_id` the people the form's "Trainees" holds,
/// from the ids it had (`before`).
fn trainee_changes(form: &Form, topic_id: &str, before: &[String]) -> Vec<Command> {
    let wanted = form.field("Trainees").chosen();
    let train = |person_id: &String, trainee| Command::Train {
        topic_id: topic_id.to_string(),
        person_id: person_id.clone(),
        trainee,
    };
    let added = wanted.iter().filter(|id| !before.contains(id)).map(|id| train(id, true));
    let removed = before.iter().filter(|id| !wanted.contains(id)).map(|id| train(id, false));
    added.chain(removed).collect()
}

/// Checks between fields, beyond each field's own check.
fn cross_check(form: &Form, table: Option<Table>) -> Option<(&'static str, String)> {
    let has = |label: &str| form.fields.iter().any(|f| f.label == label);
    // Weights left as they were are kept exactly as stored (they need not be whole percents).
    if has("Staffing %") && weights_changed(form) {
        let sum: u32 = WEIGHT_FIELDS.iter().map(|(label, _)| weight_percent(form, label)).sum();
        if sum != 100 {
            return Some((
                "Docs %",
                format!("the weights must add up to 100 % (they add up to {sum} %)"),
            ));
        }
    }
    let secret = form.fields.iter().filter(|f| refuses_secrets(f.column));
    if let Some((field, why)) = secret.filter_map(|f| Some((f, secret_in(&f.value())?))).next() {
        return Some((field.label, why));
    }
    if has("Currency") && !is_currency(&form.field("Currency").value()) {
        return Some((
            "Currency",
            "a currency is three capital letters (ISO 4217), e.g. EUR".into(),
        ));
    }
    if has("Slug") {
        let slug = form.field("Slug").value();
        if !slug.is_empty()
            && let Err(message) = validate_slug(&slug)
        {
            return Some(("Slug", message));
        }
    }
    if table == Some(Table::KtTopic)
        && !form.field("Signed off by").value().is_empty()
        && form.field("Status").value() != KtStatus::SignedOff.as_str()
    {
        return Some(("Signed off by", "only a signed-off topic has a signer".into()));
    }
    if let Some(table) = table {
        let field_of = |column: &str| {
            form.fields.iter().find(|f| f.column.is_some_and(|c| c.name() == column))
        };
        let date_of = |column: &str| field_of(column)?.date_value();
        if let Some((date, problem)) = rules::dates_out_of_order(table.name(), date_of) {
            return Some((field_of(date.column)?.label, problem));
        }
    }
    let ordered = [
        ("Start", "Transfer", "the transfer must come after the start"),
        ("Planned start", "Planned end", "the planned end must come after the start"),
        ("Actual start", "Actual end", "the actual end must come after the start"),
    ];
    for (first, second, message) in ordered {
        if !(has(first) && has(second)) {
            continue;
        }
        if let (Some(a), Some(b)) =
            (form.field(first).date_value(), form.field(second).date_value())
            && b <= a
        {
            return Some((second, message.into()));
        }
    }
    None
}

/// Whether a form field holds text the hand-over inventory refuses secrets in.
fn refuses_secrets(column: Option<Column>) -> bool {
    use HandoverItemField::{Name, Notes};
    matches!(column, Some(Column::HandoverItem(Name | Notes)))
}
