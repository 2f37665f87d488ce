//! The records a screen can add and edit: each declares its form fields (tied to columns)
//! and how a saved form becomes an edit for the store.

use chrono::NaiveDate;

use super::Opened;
use super::form::{Field, Form};
use crate::model::handover::secret_in;
use crate::model::health::is_currency;
use crate::model::rules::{self, PersonDate};
use crate::model::score::{Dimension, Weights};
use crate::model::template::{NewEngagement, slugify, validate_slug};
use crate::model::text::sanitize;
use crate::model::{Engagement, EngagementField};
use crate::records::FieldValue;
use crate::report::ReportFormat;
use crate::store::command::Command;
use crate::store::edit::{Column, Table};

/// What saving a form does.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A new engagement, built from the template.
    NewEngagement,
    /// Changed fields written to one record, with `extra` fields always set (e.g. a
    /// timestamp); `summary` replaces "edited NOUN 'TITLE'" when given.
    Update {
        table: Table,
        id: String,
        noun: &'static str,
        engagement: String,
        extra: Vec<(Column, FieldValue)>,
        summary: Option<String>,
    },
    /// A new record of the engagement: the form's fields plus `fixed` ones (phase,
    /// position…).
    Insert {
        table: Table,
        noun: &'static str,
        engagement: String,
        fixed: Vec<(Column, FieldValue)>,
    },
    /// A KT topic saved as `record` says, and its trainees: the form's "Trainees" (names
    /// of the client's `people`, by id and name) against the ids it had, `before`.
    Topic {
        record: Box<Target>,
        topic_id: String,
        before: Vec<String>,
        people: Vec<(String, String)>,
    },
    /// The phase advanced although its gate is not met; the form holds the reason.
    Override(Plan),
    /// A file to write: the form holds its path (and a report's format).
    Write(Output),
    /// The service desk's ticket export to import into the engagement `slug`: the form holds
    /// its path.
    ImportTickets { slug: String },
    /// Every item of a documentation category renamed to the form's "Category".
    RenameCategory { engagement: String, from: String, ids: Vec<String> },
}

impl Target {
    /// The table a new record goes into, when saving adds one.
    pub fn inserts_into(&self) -> Option<Table> {
        match self {
            Target::Insert { table, .. } => Some(*table),
            Target::Topic { record, .. } => record.inserts_into(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct RecordForm {
    pub form: Form,
    pub target: Target,
}

/// An edit ready for the store: the engagement it belongs to (its undo history), its
/// summary (what undo will say) and its commands.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub engagement: String,
    pub summary: String,
    pub commands: Vec<Command>,
    /// What the footer says after the summary once the edit is done (not logged).
    pub then: Option<String>,
}

impl Plan {
    pub fn new(engagement: &str, summary: String, commands: Vec<Command>) -> Plan {
        Plan { engagement: engagement.to_string(), summary, commands, then: None }
    }

    /// The plan, with `then` said after its summary once it is done.
    pub fn then_saying(self, then: String) -> Plan {
        Plan { then: Some(then), ..self }
    }

    /// What the footer says once the plan is done.
    pub fn done_message(&self) -> String {
        match &self.then {
            Some(then) => format!("{} · {then}", self.summary),
            None => self.summary.clone(),
        }
    }

    /// An edit of some fields of one record, refused if the record no longer holds the
    /// values `shown` for them (see `Command::Patch`).
    pub fn update(
        engagement: &str,
        summary: String,
        (table, id): (Table, &str),
        values: Vec<(Column, FieldValue)>,
        shown: Vec<(Column, FieldValue)>,
    ) -> Plan {
        let id = id.to_string();
        Plan::new(engagement, summary, vec![Command::Patch { table, id, values, shown }])
    }
}

/// What a submitted form asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    NewEngagement(NewEngagement),
    Plan(Plan),
    Write(Output, std::path::PathBuf),
    ImportTickets { slug: String, path: std::path::PathBuf },
    Unchanged,
}

/// Files written from the palette.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    Report { slug: String, format: ReportFormat },
    Calendar { slug: String },
    Workbook { slug: String },
    Export { slug: String },
    Backup,
}

/// The form that asks where to write `output`.
pub fn output_form(output: Output, default_path: &str) -> RecordForm {
    let mut fields = vec![Field::text("Path", None).required().with_value(default_path)];
    let title = match &output {
        Output::Report { .. } => {
            let formats = ReportFormat::ALL
                .iter()
                .map(|f| super::form::Choice::new(f.as_str(), f.as_str()))
                .collect();
            fields.push(Field::choice("Format", None, formats).required().with_value("html"));
            "Write the status report"
        }
        Output::Calendar { .. } => "Write the engagement's dates (iCalendar)",
        Output::Workbook { .. } => "Write the engagement as a workbook (Excel)",
        Output::Export { .. } => "Export the engagement (JSON)",
        Output::Backup => "Back up the whole database",
    };
    RecordForm { form: Form::new(title, fields), target: Target::Write(output) }
}

/// The form that asks for the path of the ticket export to import.
pub fn import_form(slug: String) -> RecordForm {
    let path = Field::text("Path", None).required();
    let form = Form::new("Import the service desk's tickets (CSV)", vec![path]);
    RecordForm { form, target: Target::ImportTickets { slug } }
}

/// In the report dialog, a path ending in a report format's extension follows the format
/// chosen: switching to Markdown turns `.html` into `.md`.
pub fn follow_format(record: &mut RecordForm) {
    if !matches!(record.target, Target::Write(Output::Report { .. })) {
        return;
    }
    let format = record.form.field("Format").value();
    let Some(path) = record.form.fields.iter_mut().find(|f| f.label == "Path") else { return };
    let current = std::path::PathBuf::from(path.input.value());
    let extension = current.extension().and_then(|e| e.to_str()).unwrap_or_default();
    if extension != format && extension.parse::<ReportFormat>().is_ok() {
        let renamed = current.with_extension(&format);
        path.input = super::form::Input::new(&renamed.to_string_lossy());
    }
}

/// Defaults for new engagements, from the config file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewDefaults {
    pub threshold: u8,
    pub weights: Option<crate::model::score::Weights>,
}

impl Default for NewDefaults {
    fn default() -> Self {
        NewDefaults { threshold: 80, weights: None }
    }
}

/// A date as a form shows it: YYYY-MM-DD, or empty.
pub(super) fn date_text(date: Option<NaiveDate>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

/// A form that updates `id` in `table`, or inserts a new record of the engagement.
pub(super) fn record_form(
    opened: &Opened,
    title: &str,
    table: Table,
    noun: &'static str,
    id: Option<&str>,
    fields: Vec<Field>,
) -> RecordForm {
    let engagement = opened.data.engagement.id.clone();
    let target = match id {
        Some(id) => Target::Update {
            table,
            id: id.to_string(),
            noun,
            engagement,
            extra: Vec::new(),
            summary: None,
        },
        None => Target::Insert { table, noun, engagement, fixed: Vec::new() },
    };
    let verb = if id.is_some() { "Edit" } else { "New" };
    RecordForm { form: Form::new(&format!("{verb} {title}"), fields), target }
}

/// A text value for an edit.
pub(super) fn text(s: &str) -> FieldValue {
    FieldValue::text(s)
}

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

/// Turns a submitted form into what must be done, or marks the field that is wrong.
pub fn save(record: &mut RecordForm, defaults: NewDefaults) -> Option<Saved> {
    let form = &mut record.form;
    if let Some((label, message)) = cross_check(form) {
        form.reject(label, message);
        return None;
    }
    save_to(form, &record.target, defaults)
}

fn save_to(form: &mut Form, target: &Target, defaults: NewDefaults) -> Option<Saved> {
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
        Target::Topic { record, topic_id, before, people } => {
            let train = match trainee_changes(form, topic_id, before, people) {
                Ok(train) => train,
                Err(message) => {
                    form.reject("Trainees", message);
                    return None;
                }
            };
            let saved = save_to(form, record, defaults)?;
            Some(match saved {
                Saved::Plan(mut plan) => {
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

/// The commands that make the trainees of `topic_id` the people the form's "Trainees" names,
/// from the ids it had (`before`); a name not of the client's `people` is refused.
fn trainee_changes(
    form: &Form,
    topic_id: &str,
    before: &[String],
    people: &[(String, String)],
) -> Result<Vec<Command>, String> {
    let mut wanted = Vec::new();
    for name in form.field("Trainees").listed() {
        let Some((id, _)) = people.iter().find(|(_, n)| *n == name) else {
            return Err(format!("'{}' is not one of the client's people", sanitize(&name)));
        };
        if !wanted.contains(id) {
            wanted.push(id.clone());
        }
    }
    let train = |person_id: &String, trainee| Command::Train {
        topic_id: topic_id.to_string(),
        person_id: person_id.clone(),
        trainee,
    };
    let added = wanted.iter().filter(|id| !before.contains(id)).map(|id| train(id, true));
    let removed = before.iter().filter(|id| !wanted.contains(id)).map(|id| train(id, false));
    Ok(added.chain(removed).collect())
}

/// The engagement form's weight fields, in percent, and the dimension each sets.
const WEIGHT_FIELDS: &[(&str, Dimension)] = &[
    ("Staffing %", Dimension::Staffing),
    ("Skills %", Dimension::Skills),
    ("KT %", Dimension::Kt),
    ("Duties %", Dimension::Responsibilities),
    ("Docs %", Dimension::Docs),
];

fn weight_percent(form: &Form, label: &str) -> u32 {
    form.field(label).value().parse().unwrap_or(0)
}

fn weights_of(form: &Form) -> Weights {
    let w = |label| f64::from(weight_percent(form, label)) / 100.0;
    Weights {
        staffing: w("Staffing %"),
        skills: w("Skills %"),
        kt: w("KT %"),
        responsibilities: w("Duties %"),
        docs: w("Docs %"),
    }
}

fn weights_changed(form: &Form) -> bool {
    WEIGHT_FIELDS.iter().any(|(label, _)| form.field_changed(label))
}

/// Checks between fields, beyond each field's own check.
fn cross_check(form: &Form) -> Option<(&'static str, String)> {
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
    let secret =
        form.fields.iter().filter(|f| super::screens::readiness::refuses_secrets(f.column));
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
    if has("Onboarded") {
        let label = |date| match date {
            PersonDate::Planned => "Planned",
            PersonDate::Hired => "Hired",
            PersonDate::Onboarded => "Onboarded",
            PersonDate::Independent => "Independent",
            PersonDate::Left => "Left",
        };
        let date_of = |date| form.field(label(date)).date_value();
        if let Some((date, problem)) = rules::person_dates_out_of_order(date_of) {
            return Some((label(date), problem));
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
    Plan::new(
        &engagement.id,
        format!("deleted engagement '{}'", sanitize(&engagement.name)),
        vec![Command::Delete { table: Table::Engagement, id: engagement.id.clone() }],
    )
}
