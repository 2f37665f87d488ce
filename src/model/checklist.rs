//! The documentation checklist exchanged with the client as CSV (RFC 4180), and filled
//! from checklist templates. Pure: reading and planning, no database.

use chrono::NaiveDate;

use super::template::{Template, TemplateDoc, TemplateError, line_of, parse_date};
use super::text::sanitize;
use super::{DocItem, DocStatus, Phase, new_id};

/// The CSV columns, in order; `id` lets a re-import find each item again.
pub const COLUMNS: [&str; 12] = [
    "id",
    "category",
    "title",
    "criticality",
    "status",
    "not_applicable",
    "owner",
    "reviewer",
    "location",
    "last_reviewed_at",
    "review_interval_days",
    "due_phase",
];

/// The checklist as CSV with a header row.
pub fn to_csv(docs: &[DocItem]) -> String {
    let mut writer =
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    let _ = writer.write_record(COLUMNS);
    for d in docs {
        let _ = writer.write_record([
            d.id.clone(),
            d.category.clone(),
            d.title.clone(),
            d.criticality.to_string(),
            d.status.as_str().to_string(),
            if d.not_applicable { "yes" } else { "no" }.to_string(),
            text(&d.owner),
            text(&d.reviewer),
            text(&d.location),
            d.last_reviewed_at.map(|d| d.to_string()).unwrap_or_default(),
            d.review_interval_days.map(|d| d.to_string()).unwrap_or_default(),
            d.due_phase.map(|p| p.as_str().to_string()).unwrap_or_default(),
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// What an import changes on one existing item: the five columns the client maintains.
#[derive(Debug, Clone, PartialEq)]
pub struct DocUpdate {
    pub id: String,
    pub title: String,
    pub status: DocStatus,
    pub owner: Option<String>,
    pub reviewer: Option<String>,
    pub location: Option<String>,
    pub last_reviewed_at: Option<NaiveDate>,
    /// The names of the columns that differ from the item as it is.
    pub changed: Vec<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ImportPlan {
    pub updates: Vec<DocUpdate>,
    pub added: Vec<DocItem>,
}

impl ImportPlan {
    pub fn is_empty(&self) -> bool {
        self.updates.is_empty() && self.added.is_empty()
    }

    /// An approval the file records without a review date of its own counts as reviewed
    /// `today`, as approving in the dashboard does: otherwise it would be stale at once.
    pub fn date_approvals(&mut self, existing: &[DocItem], today: NaiveDate) {
        for update in &mut self.updates {
            let Some(item) = existing.iter().find(|d| d.id == update.id) else { continue };
            let approved_now =
                update.status == DocStatus::Approved && item.status != DocStatus::Approved;
            if approved_now && update.last_reviewed_at == item.last_reviewed_at {
                update.last_reviewed_at = Some(today);
                if !update.changed.contains(&"last reviewed") {
                    update.changed.push("last reviewed");
                }
            }
        }
        for item in self.added.iter_mut().filter(|d| d.status == DocStatus::Approved) {
            item.last_reviewed_at.get_or_insert(today);
        }
    }

    /// One line per change, for the user.
    pub fn report(&self) -> Vec<String> {
        let updated = self
            .updates
            .iter()
            .map(|u| format!("updated '{}': {}", sanitize(&u.title), u.changed.join(", ")));
        let added = self
            .added
            .iter()
            .map(|d| format!("added '{}' to {}", sanitize(&d.title), sanitize(&d.category)));
        updated.chain(added).collect()
    }
}

/// One CSV row, by column name.
struct Row<'a> {
    record: &'a csv::StringRecord,
    columns: &'a [String],
}

impl Row<'_> {
    /// The cell of `column`, trimmed; `None` when the file has no such column.
    fn get(&self, column: &str) -> Option<&str> {
        let i = self.columns.iter().position(|c| c == column)?;
        Some(self.record.get(i).unwrap_or("").trim())
    }

    fn optional(&self, column: &str) -> Option<Option<String>> {
        self.get(column).map(|v| (!v.is_empty()).then(|| v.to_string()))
    }
}

/// Plans an import of `csv` into the checklist `existing`: rows match items by id, else by
/// category and title; the rest are new items. Any bad row refuses the whole file, naming
/// the row (its line in the file).
pub fn plan_import(existing: &[DocItem], csv: &str) -> Result<ImportPlan, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(csv.as_bytes());
    let columns: Vec<String> = reader
        .headers()
        .map_err(|e| format!("the header row cannot be read: {e}"))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    for needed in ["category", "title"] {
        if !columns.iter().any(|c| c == needed) {
            return Err(format!("the header row has no '{needed}' column"));
        }
    }
    let mut plan = ImportPlan::default();
    for record in reader.records() {
        let record = record.map_err(|e| format!("the file is not valid CSV: {e}"))?;
        let line = record.position().map_or(0, |p| p.line());
        let row = Row { record: &record, columns: &columns };
        plan_row(existing, &row, &mut plan).map_err(|e| format!("row {line}: {}", sanitize(&e)))?;
    }
    Ok(plan)
}

fn plan_row(existing: &[DocItem], row: &Row, plan: &mut ImportPlan) -> Result<(), String> {
    let status = match row.get("status").filter(|s| !s.is_empty()) {
        Some(s) => Some(s.replace(' ', "_").to_lowercase().parse::<DocStatus>()?),
        None => None,
    };
    let reviewed = match row.get("last_reviewed_at").filter(|s| !s.is_empty()) {
        Some(s) => Some(Some(parse_date(s)?)),
        None => row.get("last_reviewed_at").map(|_| None),
    };
    let category = row.get("category").unwrap_or("");
    let title = row.get("title").unwrap_or("");
    let id = row.get("id").filter(|s| !s.is_empty());
    let found = match id {
        Some(id) => existing.iter().find(|d| d.id == id),
        None => existing.iter().find(|d| {
            d.category.eq_ignore_ascii_case(category) && d.title.eq_ignore_ascii_case(title)
        }),
    };
    match found {
        Some(item) => {
            let update = DocUpdate {
                id: item.id.clone(),
                title: item.title.clone(),
                status: status.unwrap_or(item.status),
                owner: row.optional("owner").unwrap_or_else(|| item.owner.clone()),
                reviewer: row.optional("reviewer").unwrap_or_else(|| item.reviewer.clone()),
                location: row.optional("location").unwrap_or_else(|| item.location.clone()),
                last_reviewed_at: reviewed.unwrap_or(item.last_reviewed_at),
                changed: Vec::new(),
            };
            let changed: Vec<&'static str> = [
                ("status", update.status != item.status),
                ("owner", update.owner != item.owner),
                ("reviewer", update.reviewer != item.reviewer),
                ("location", update.location != item.location),
                ("last reviewed", update.last_reviewed_at != item.last_reviewed_at),
            ]
            .into_iter()
            .filter_map(|(name, differs)| differs.then_some(name))
            .collect();
            if !changed.is_empty() {
                plan.updates.push(DocUpdate { changed, ..update });
            }
        }
        None if id.is_some() => return Err(format!("no item has the id '{}'", id.unwrap_or(""))),
        None => plan.added.push(new_item(row, category, title, status, reviewed.flatten())?),
    }
    Ok(())
}

fn new_item(
    row: &Row,
    category: &str,
    title: &str,
    status: Option<DocStatus>,
    last_reviewed_at: Option<NaiveDate>,
) -> Result<DocItem, String> {
    if category.is_empty() || title.is_empty() {
        return Err("a new item needs a category and a title".into());
    }
    let criticality = match row.get("criticality").filter(|s| !s.is_empty()) {
        Some(s) => match s.parse::<u8>() {
            Ok(c @ 1..=3) => c,
            _ => return Err(format!("criticality must be 1, 2 or 3, not '{s}'")),
        },
        None => 2,
    };
    let not_applicable = match row.get("not_applicable").unwrap_or("").to_lowercase().as_str() {
        "" | "no" | "0" | "false" => false,
        "yes" | "1" | "true" => true,
        other => return Err(format!("not_applicable must be yes or no, not '{other}'")),
    };
    let review_interval_days = match row.get("review_interval_days").filter(|s| !s.is_empty()) {
        Some(s) => match s.parse::<u32>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                return Err(format!(
                    "review_interval_days must be a whole number of days, not '{s}'"
                ));
            }
        },
        None => None,
    };
    let due_phase = match row.get("due_phase").filter(|s| !s.is_empty()) {
        Some(s) => Some(s.to_lowercase().parse::<Phase>()?),
        None => None,
    };
    Ok(DocItem {
        id: new_id(),
        category: category.to_string(),
        title: title.to_string(),
        criticality,
        status: status.unwrap_or(DocStatus::Missing),
        not_applicable,
        owner: row.optional("owner").flatten(),
        reviewer: row.optional("reviewer").flatten(),
        location: row.optional("location").flatten(),
        last_reviewed_at,
        review_interval_days,
        due_phase,
    })
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecklistFile {
    /// A label for people reading the file.
    #[serde(default, rename = "name")]
    _name: String,
    #[serde(default, rename = "doc")]
    docs: Vec<TemplateDoc>,
}

/// Reads a checklist template: `[[doc]]` entries (and a `name`) alone, or a whole
/// engagement template, checked as `new --template` checks it, of which only the
/// checklist is used.
pub fn parse_template(source: &str, file: &str) -> Result<Vec<TemplateDoc>, TemplateError> {
    let checklist_only = toml::from_str::<toml::Table>(source)
        .map_or(true, |table| table.keys().all(|key| key == "name" || key == "doc"));
    if !checklist_only {
        return Template::parse(source, file).map(|template| template.docs);
    }
    let error = |offset: usize, message: String| TemplateError {
        file: sanitize(file).into_owned(),
        line: line_of(source, offset),
        message: sanitize(&message).into_owned(),
    };
    let parsed: ChecklistFile = toml::from_str(source)
        .map_err(|e| error(e.span().map_or(0, |s| s.start), e.message().trim().to_string()))?;
    for doc in &parsed.docs {
        if !(1..=3).contains(doc.criticality.get_ref()) {
            let message = format!("criticality must be 1 to 3, not {}", doc.criticality.get_ref());
            return Err(error(doc.criticality.span().start, message));
        }
    }
    Ok(parsed.docs)
}

/// The template's items that the checklist does not have yet (same category and title).
pub fn missing_from(existing: &[DocItem], template: &[TemplateDoc]) -> Vec<DocItem> {
    template
        .iter()
        .filter(|t| {
            !existing.iter().any(|d| {
                d.category.eq_ignore_ascii_case(&t.category)
                    && d.title.eq_ignore_ascii_case(&t.title)
            })
        })
        .map(TemplateDoc::to_item)
        .collect()
}
