//! What saving a form does (`Target`): the record a screen's form adds or edits, a file to
//! write or read; and how a submitted form becomes an edit for the store (`save`). The
//! engagement's own form and edits are in `engagement`.

mod engagement;
mod save;

pub use engagement::{archive, delete_engagement, engagement_form};
pub use save::save;

use chrono::NaiveDate;

use super::form::{Field, FieldKey, Form};
use super::opened::Opened;
use crate::model::EngagementData;
use crate::model::template::NewEngagement;
use crate::records::FieldValue;
use crate::report::ReportFormat;
use crate::store::command::Command;
use crate::store::edit::{Column, Table};
use crate::store::naming::{TextsNaming, texts_naming};

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
    /// A KT topic saved as `record` says, and its trainees: the people the form's
    /// trainees field (`FieldKey::Trainees`) holds against the ids it had, `before`.
    Topic { record: Box<Target>, topic_id: String, before: Vec<String> },
    /// A person (of either side) saved as `record` says; renamed, the free texts that held
    /// the old name `from` (`named`: the fields a record declares `[Name]`) take the new one
    /// in the same edit.
    Renaming { record: Box<Target>, from: String, named: TextsNaming },
    /// The phase advanced although its gate is not met; the form holds the reason.
    Override(Plan),
    /// A file to write: the form holds its path (and a report's format).
    Write(Output),
    /// The service desk's ticket export to import into the engagement `slug`: the form holds
    /// its path.
    ImportTickets { slug: String },
    /// Every item of a documentation category renamed to what the form holds as
    /// `FieldKey::Category`.
    RenameCategory { engagement: String, from: String, ids: Vec<String> },
}

impl Target {
    /// The table whose record saving writes, when it writes one.
    fn table(&self) -> Option<Table> {
        match self {
            Target::Update { table, .. } | Target::Insert { table, .. } => Some(*table),
            Target::Topic { record, .. } | Target::Renaming { record, .. } => record.table(),
            _ => None,
        }
    }

    /// The table a new record goes into, when saving adds one.
    pub fn inserts_into(&self) -> Option<Table> {
        match self {
            Target::Insert { table, .. } => Some(*table),
            Target::Topic { record, .. } | Target::Renaming { record, .. } => record.inserts_into(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct RecordForm {
    pub form: Form,
    pub target: Target,
}

impl RecordForm {
    /// The form of a person (of the client's or the contractor's staff) called `name`, when
    /// they exist: renamed, the free texts of `data` that held the name take the new one in
    /// the same edit.
    pub fn renaming(self, data: &EngagementData, name: Option<&str>) -> RecordForm {
        let Some(name) = name else { return self };
        let (record, named) = (Box::new(self.target), texts_naming(data, name));
        RecordForm { target: Target::Renaming { record, from: name.to_string(), named }, ..self }
    }
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

    /// Deleting the record `id` of `table`, which the footer calls `name` (after its `kind`,
    /// where it says one).
    pub fn delete(
        engagement: &str,
        (table, id): (Table, &str),
        kind: Option<&str>,
        name: &str,
    ) -> Plan {
        let name = format!("'{}'", crate::model::text::sanitize(name));
        let what = kind.map_or(name.clone(), |kind| format!("{kind} {name}"));
        let id = id.to_string();
        Plan::new(engagement, format!("deleted {what}"), vec![Command::Delete { table, id }])
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
    let mut fields = vec![Field::text("Path", FieldKey::Path).required().with_value(default_path)];
    let title = match &output {
        Output::Report { .. } => {
            let formats = ReportFormat::ALL
                .iter()
                .map(|f| super::form::Choice::new(f.as_str(), f.as_str()))
                .collect();
            fields.push(
                Field::choice("Format", FieldKey::Format, formats).required().with_value("html"),
            );
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
    let path = Field::text("Path", FieldKey::Path).required();
    let form = Form::new("Import the service desk's tickets (CSV)", vec![path]);
    RecordForm { form, target: Target::ImportTickets { slug } }
}

/// In the report dialog, a path ending in a report format's extension follows the format
/// chosen: switching to Markdown turns `.html` into `.md`.
pub fn follow_format(record: &mut RecordForm) {
    if !matches!(record.target, Target::Write(Output::Report { .. })) {
        return;
    }
    let Some(format) = record.form.field(FieldKey::Format).map(|f| f.value()) else { return };
    let Some(path) = record.form.field_mut(FieldKey::Path) else { return };
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
