//! How a submitted form becomes what must be done: an edit, a new engagement, a file to
//! write or read; or the field that is wrong, with why.

use super::{NewDefaults, Output, Plan, RecordForm, Saved, Target, text};
use chrono::NaiveDate;

use crate::app::form::{Field, FieldKey, Form};
use crate::model::handover::{HandoverItemField, secret_in};
use crate::model::health::is_currency;
use crate::model::rules;
use crate::model::score::{Dimension, Weights};
use crate::model::template::{NewEngagement, slugify, validate_slug};
use crate::model::text::sanitize;
use crate::model::{EngagementField, KtStatus, KtTopicField, PhaseDatesField};
use crate::records::FieldValue;
use crate::report::ReportFormat;
use crate::store::command::Command;
use crate::store::edit::{Column, Table};
use crate::store::naming::{NamingText, TextsNaming};
use crate::words::named_records;

use super::engagement::{WEIGHT_FIELDS, weight_percent, weights_changed, weights_of};

/// Turns a submitted form into what must be done, or marks the field that is wrong.
/// `today` dates what the form signs off.
pub fn save(record: &mut RecordForm, defaults: NewDefaults, today: NaiveDate) -> Option<Saved> {
    let form = &mut record.form;
    let inserting = record.target.inserts_into().is_some();
    if let Some((key, message)) = cross_check(form, record.target.table(), inserting) {
        form.reject(key, message);
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
            let value = |field: EngagementField| Some(form.field(field)?.value());
            let (client, name) = (value(EngagementField::Client)?, value(EngagementField::Name)?);
            let typed = value(EngagementField::Slug)?;
            let slug = if typed.is_empty() { slugify(&format!("{client} {name}")) } else { typed };
            let threshold = value(EngagementField::ReadinessThreshold)?.parse();
            let weights = Some(weights_of(form)).filter(|w| *w != Weights::default());
            Some(Saved::NewEngagement(NewEngagement {
                client,
                name,
                slug,
                start: form.field(EngagementField::StartDate)?.date_value()?,
                transfer: form.field(EngagementField::PlannedTransferDate)?.date_value(),
                threshold: threshold.unwrap_or(defaults.threshold),
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
            let to = form.field(FieldKey::Category)?.value();
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
                *format =
                    form.field(FieldKey::Format)?.value().parse().unwrap_or(ReportFormat::Html);
            }
            Some(Saved::Write(
                output,
                std::path::PathBuf::from(form.field(FieldKey::Path)?.value()),
            ))
        }
        Target::ImportTickets { slug } => {
            let path = std::path::PathBuf::from(form.field(FieldKey::Path)?.value());
            Some(Saved::ImportTickets { slug: slug.clone(), path })
        }
        Target::Topic { record, topic_id, before } => {
            let train = trainee_changes(form, topic_id, before)?;
            let signed = form.field(KtTopicField::Status)?.value() == KtStatus::SignedOff.as_str();
            let day = form.field_changed(KtTopicField::Status).then_some(signed.then_some(today));
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
                    let title = sanitize(&form.field(KtTopicField::Title)?.value()).into_owned();
                    Saved::Plan(Plan::new(engagement, format!("trainees of '{title}'"), train))
                }
                other => other,
            })
        }
        Target::Renaming { record, from, named } => {
            let name = record.table().and_then(|table| table.column(table.name_column()?))?;
            let renamed = form.field_changed(name) && !named.is_empty();
            let to = form.field(name)?.value();
            Some(match save_to(form, record, defaults, today)? {
                Saved::Plan(mut plan) if renamed => {
                    plan.commands.extend(rename_texts(named, from, &to));
                    plan.summary =
                        format!("{}, and the name on {}", plan.summary, named_records(named));
                    Saved::Plan(plan)
                }
                other => other,
            })
        }
        Target::Override(plan) => {
            let reason = form.field(FieldKey::Reason)?.value();
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
    let patch = |held: &NamingText| Command::Patch {
        table: held.table,
        id: held.id.clone(),
        values: vec![(held.column, text(to))],
        shown: vec![(held.column, text(from))],
    };
    named.texts.iter().map(patch).collect()
}

/// The commands that make the trainees of `topic_id` the people the form's trainees field
/// holds, from the ids it had (`before`).
fn trainee_changes(form: &Form, topic_id: &str, before: &[String]) -> Option<Vec<Command>> {
    let wanted = form.field(FieldKey::Trainees)?.chosen();
    let train = |person_id: &String, trainee| Command::Train {
        topic_id: topic_id.to_string(),
        person_id: person_id.clone(),
        trainee,
    };
    let added = wanted.iter().filter(|id| !before.contains(id)).map(|id| train(id, true));
    let removed = before.iter().filter(|id| !wanted.contains(id)).map(|id| train(id, false));
    Some(added.chain(removed).collect())
}

/// Checks between fields, beyond each field's own check.
fn cross_check(form: &Form, table: Option<Table>, inserting: bool) -> Option<(FieldKey, String)> {
    // Weights left as they were are kept exactly as stored (they need not be whole percents).
    if weights_changed(form) {
        let sum: u32 =
            WEIGHT_FIELDS.iter().map(|(_, dimension)| weight_percent(form, *dimension)).sum();
        if sum != 100 {
            return Some((
                FieldKey::Weight(Dimension::Docs),
                format!("the weights must add up to 100 % (they add up to {sum} %)"),
            ));
        }
    }
    let secret = form.fields.iter().filter(|f| refuses_secrets(f.column()));
    if let Some((field, why)) = secret.filter_map(|f| Some((f, secret_in(&f.value())?))).next() {
        return Some((field.key, why));
    }
    if let Some(currency) = form.field(EngagementField::Currency)
        && !is_currency(&currency.value())
    {
        return Some((
            currency.key,
            "a currency is three capital letters (ISO 4217), e.g. EUR".into(),
        ));
    }
    if let Some(slug) = form.field(EngagementField::Slug)
        && !slug.value().is_empty()
        && let Err(message) = validate_slug(&slug.value())
    {
        return Some((slug.key, message));
    }
    if let (Some(signer), Some(status)) =
        (form.field(KtTopicField::SignedOffById), form.field(KtTopicField::Status))
        && !signer.value().is_empty()
        && status.value() != KtStatus::SignedOff.as_str()
    {
        return Some((signer.key, "only a signed-off topic has a signer".into()));
    }
    dates_out_of_order(form, table, inserting)
}

/// Two dates of the form out of order, refused where the form adds a record or changes one
/// of them (as the store does): a file already holding them so does not stop an edit of
/// other fields.
fn dates_out_of_order(
    form: &Form,
    table: Option<Table>,
    inserting: bool,
) -> Option<(FieldKey, String)> {
    let changed = |key: FieldKey| inserting || form.field_changed(key);
    if let Some(table) = table {
        let field_of = |column: &str| {
            form.fields.iter().find(|f| f.column().is_some_and(|c| c.name() == column))
        };
        let date_of = |column: &str| field_of(column)?.date_value();
        let edited = |column: &str| field_of(column).is_some_and(|f| changed(f.key));
        // Each pair the form changes a date of, asked alone.
        let pairs = rules::DATE_ORDER.iter().filter(|o| o.table == table.name());
        let mut edited_pairs = pairs.filter(|o| edited(o.first.column) || edited(o.then.column));
        let out_of_order = edited_pairs.find_map(|o| {
            let pair = [o.first.column, o.then.column];
            rules::dates_out_of_order(table.name(), |c| date_of(c).filter(|_| pair.contains(&c)))
        });
        if let Some((date, problem)) = out_of_order {
            return Some((field_of(date.column)?.key, problem));
        }
    }
    let ordered: [(Column, Column, &str); 3] = [
        (
            EngagementField::StartDate.into(),
            EngagementField::PlannedTransferDate.into(),
            "the transfer must come after the start",
        ),
        (
            PhaseDatesField::PlannedStart.into(),
            PhaseDatesField::PlannedEnd.into(),
            "the planned end must come after the start",
        ),
        (
            PhaseDatesField::ActualStart.into(),
            PhaseDatesField::ActualEnd.into(),
            "the actual end must come after the start",
        ),
    ];
    ordered.into_iter().find_map(|(first, second, message)| {
        let date = |column| form.field(column).and_then(Field::date_value);
        if !changed(FieldKey::Column(first)) && !changed(FieldKey::Column(second)) {
            return None;
        }
        match (date(first), date(second)) {
            (Some(a), Some(b)) if b <= a => Some((FieldKey::Column(second), message.into())),
            _ => None,
        }
    })
}

/// Whether a form field holds text the hand-over inventory refuses secrets in.
fn refuses_secrets(column: Option<Column>) -> bool {
    use HandoverItemField::{Name, Notes};
    matches!(column, Some(Column::HandoverItem(Name | Notes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::form::IntoKey;
    use crate::app::targets::engagement_form;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
    }

    /// The new-engagement form for "Acme" "Billing" with `typed` typed in, saved: what it
    /// saves, or the label of the field it refuses and why.
    fn saved(typed: &[(FieldKey, &str)]) -> Result<Saved, (&'static str, String)> {
        let mut record = engagement_form(None, today(), NewDefaults::default());
        record.form.set_value(EngagementField::Client, "Acme");
        record.form.set_value(EngagementField::Name, "Billing");
        for (key, text) in typed {
            record.form.set_value(*key, text);
        }
        save(&mut record, NewDefaults::default(), today()).ok_or_else(|| {
            let field = record.form.fields.iter().find(|f| f.error.is_some());
            field.map_or(("", String::new()), |f| (f.label, f.error.clone().unwrap_or_default()))
        })
    }

    #[test]
    fn a_new_engagement_is_what_its_fields_hold() {
        let transfer = EngagementField::PlannedTransferDate.into_key();
        let expected = NewEngagement {
            client: "Acme".into(),
            name: "Billing".into(),
            slug: "acme-billing".into(),
            start: today(),
            transfer: NaiveDate::from_ymd_opt(2027, 1, 31),
            threshold: 80,
            weights: None,
        };
        assert_eq!(saved(&[(transfer, "2027-01-31")]), Ok(Saved::NewEngagement(expected)));
    }

    #[test]
    fn dates_out_of_order_in_the_file_stop_only_an_edit_of_one_of_them() {
        let mut engagement = crate::demo::sample(today()).remove(0).engagement;
        let start = engagement.start_date.unwrap();
        engagement.planned_transfer_date = Some(start - chrono::Days::new(1));
        let edit = |typed: &[(FieldKey, String)]| {
            let mut record = engagement_form(Some(&engagement), today(), NewDefaults::default());
            for (key, text) in typed {
                record.form.set_value(*key, text);
            }
            let saved = save(&mut record, NewDefaults::default(), today());
            saved.map(|_| ()).ok_or_else(|| record.form.fields.into_iter().find_map(|f| f.error))
        };
        let name = EngagementField::Name.into_key();
        assert_eq!(edit(&[(name, "Billing, renamed".into())]), Ok(()), "the name goes through");
        let transfer = EngagementField::PlannedTransferDate.into_key();
        let earlier = (start - chrono::Days::new(2)).to_string();
        let after = "the transfer must come after the start".to_string();
        assert_eq!(edit(&[(transfer, earlier)]), Err(Some(after)), "a date of the pair is checked");
    }

    #[test]
    fn checks_between_fields_are_told_beside_the_field_at_fault() {
        let weights = "the weights must add up to 100 % (they add up to 115 %)".to_string();
        assert_eq!(saved(&[(FieldKey::Weight(Dimension::Kt), "30")]), Err(("Docs %", weights)));
        let transfer = EngagementField::PlannedTransferDate.into_key();
        let after = "the transfer must come after the start".to_string();
        assert_eq!(saved(&[(transfer, "2026-06-15")]), Err(("Transfer", after)));
        let slug = EngagementField::Slug.into_key();
        assert!(matches!(saved(&[(slug, "Not A Slug")]), Err(("Slug", _))));
    }
}
