//! The documentation checklist exchanged with the client as CSV (RFC 4180), and filled
//! from checklist templates. Pure: reading and planning, no database.

use chrono::NaiveDate;

pub use super::csv_rows::rows_to_csv;
use super::csv_rows::{CsvRow, read_rows};
use super::template::{Template, TemplateDoc, TemplateError, line_of, parse_date};
use super::text::sanitize;
use super::{DocItem, DocStatus, rules};
use crate::records::Record;

/// The CSV columns, in order: every field of `DocItem`, as its record declares them (`id`
/// lets a re-import find each item again). A field added to `DocItem` lengthens this list,
/// and `cells` no longer compiles until it writes the new field too.
pub const COLUMNS: [&str; DocItem::COLUMNS.len()] = columns();

const fn columns() -> [&'static str; DocItem::COLUMNS.len()] {
    let mut columns = [""; DocItem::COLUMNS.len()];
    let mut i = 0;
    while i < columns.len() {
        columns[i] = DocItem::COLUMNS[i];
        i += 1;
    }
    columns
}

/// The checklist as CSV with a header row. A cell a spreadsheet would take for a formula
/// is written with a leading apostrophe (see `csv_rows::defuse`).
pub fn to_csv(docs: &[DocItem]) -> String {
    let header = COLUMNS.map(String::from).to_vec();
    rows_to_csv(std::iter::once(header).chain(docs.iter().map(|d| cells(d).to_vec())))
}

/// An item's values in the order of `COLUMNS`, as text.
pub fn cells(d: &DocItem) -> [String; COLUMNS.len()] {
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    [
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
    ]
}

/// What an import changes on one existing item: the item as the file has it.
#[derive(Debug, Clone, PartialEq)]
pub struct DocUpdate {
    pub item: DocItem,
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

    /// One line per change, for the user.
    pub fn report(&self) -> Vec<String> {
        let updated = self
            .updates
            .iter()
            .map(|u| format!("updated '{}': {}", sanitize(&u.item.title), u.changed.join(", ")));
        let added = self
            .added
            .iter()
            .map(|d| format!("added '{}' to {}", sanitize(&d.title), sanitize(&d.category)));
        updated.chain(added).collect()
    }
}

/// Plans an import of `csv` into the checklist `existing`: rows match items by id, else by
/// category and title; the rest are new items. Any bad row, and any row whose cells do not
/// match the header's (ragged, or cut short), refuses the whole file, naming the row (its
/// line in the file).
pub fn plan_import(
    existing: &[DocItem],
    csv: &str,
    today: NaiveDate,
) -> Result<ImportPlan, String> {
    let needs = |columns: &[String]| {
        let missing = ["category", "title"].into_iter().find(|n| !columns.iter().any(|c| c == n));
        missing.map_or(Ok(()), |needed| Err(format!("the header row has no '{needed}' column")))
    };
    let mut plan = ImportPlan::default();
    read_rows(csv, needs, |(), row| plan_row(existing, row, today, &mut plan))?;
    Ok(plan)
}

fn plan_row(
    existing: &[DocItem],
    row: &CsvRow,
    today: NaiveDate,
    plan: &mut ImportPlan,
) -> Result<(), String> {
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
        Some(old) => {
            let mut item = item_of(row, old, today)?;
            if id.is_none() {
                // Matched by name: the name as the checklist writes it stays.
                item.category.clone_from(&old.category);
                item.title.clone_from(&old.title);
            }
            let changed = differences(old, &item);
            if !changed.is_empty() {
                plan.updates.push(DocUpdate { item, changed });
            }
        }
        None if id.is_some() => return Err(format!("no item has the id '{}'", id.unwrap_or(""))),
        // A new item's values where the file has no column for them.
        None => {
            let base = DocItem::missing(String::new(), String::new(), 2);
            plan.added.push(item_of(row, &base, today)?)
        }
    }
    Ok(())
}

/// The item as the row has it: `base`'s values for the columns the file lacks. An approval
/// the file records without a review date of its own is reviewed `today`, as approving in
/// the dashboard does: otherwise it would be stale at once.
fn item_of(row: &CsvRow, base: &DocItem, today: NaiveDate) -> Result<DocItem, String> {
    let category = row.get("category").unwrap_or("").to_string();
    let title = row.get("title").unwrap_or("").to_string();
    if category.is_empty() || title.is_empty() {
        return Err("an item needs a category and a title".into());
    }
    let criticality = row.parsed("criticality", Some(base.criticality), |s| {
        let c = s.parse::<u8>().map_err(|_| format!("criticality must be 1, 2 or 3, not '{s}'"))?;
        rules::CRITICALITY.check(c).map(|()| c)
    })?;
    let not_applicable = row.parsed("not_applicable", Some(base.not_applicable), |s| {
        match s.to_lowercase().as_str() {
            "no" | "0" | "false" => Ok(false),
            "yes" | "1" | "true" => Ok(true),
            other => Err(format!("not_applicable must be yes or no, not '{other}'")),
        }
    })?;
    let review_interval_days =
        row.parsed("review_interval_days", base.review_interval_days, |s| {
            let range = rules::REVIEW_INTERVAL_DAYS;
            let days = s
                .parse::<u32>()
                .map_err(|_| format!("{} must be a whole number of days, not '{s}'", range.name))?;
            range.check(days).map(|()| days)
        })?;
    let mut item = DocItem {
        id: base.id.clone(),
        category,
        title,
        criticality: criticality.unwrap_or(base.criticality),
        status: row
            .parsed("status", Some(base.status), |s| s.replace(' ', "_").to_lowercase().parse())?
            .unwrap_or(base.status),
        not_applicable: not_applicable.unwrap_or(false),
        owner: row.optional("owner", &base.owner),
        reviewer: row.optional("reviewer", &base.reviewer),
        location: row.optional("location", &base.location),
        last_reviewed_at: row.parsed("last_reviewed_at", base.last_reviewed_at, parse_date)?,
        review_interval_days,
        due_phase: row.parsed("due_phase", base.due_phase, |s| s.to_lowercase().parse())?,
    };
    let approved_now = item.status == DocStatus::Approved && base.status != DocStatus::Approved;
    if approved_now && item.last_reviewed_at == base.last_reviewed_at {
        item.last_reviewed_at = Some(today);
    }
    Ok(item)
}

/// The names of the columns in which `new` differs from `old`.
fn differences(old: &DocItem, new: &DocItem) -> Vec<&'static str> {
    [
        ("category", old.category != new.category),
        ("title", old.title != new.title),
        ("criticality", old.criticality != new.criticality),
        ("status", old.status != new.status),
        ("not applicable", old.not_applicable != new.not_applicable),
        ("owner", old.owner != new.owner),
        ("reviewer", old.reviewer != new.reviewer),
        ("location", old.location != new.location),
        ("last reviewed", old.last_reviewed_at != new.last_reviewed_at),
        ("review interval", old.review_interval_days != new.review_interval_days),
        ("due phase", old.due_phase != new.due_phase),
    ]
    .into_iter()
    .filter_map(|(name, differs)| differs.then_some(name))
    .collect()
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
        doc.check().map_err(|(offset, message)| error(offset, message))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cell_sits_under_the_column_of_its_field() {
        use crate::model::Phase;
        use rusqlite::types::Value;
        let mut doc = DocItem::missing("Ops".into(), "Runbook".into(), 3);
        (doc.owner, doc.reviewer, doc.location) =
            (Some("Ana".into()), Some("Ben".into()), Some("wiki/runbook".into()));
        (doc.last_reviewed_at, doc.review_interval_days) =
            (NaiveDate::from_ymd_opt(2026, 5, 1), Some(90));
        (doc.due_phase, doc.not_applicable) = (Some(Phase::Operate), true);
        let stored = doc.column_values().unwrap();
        for ((column, cell), (name, value)) in COLUMNS.iter().zip(cells(&doc)).zip(stored) {
            assert_eq!(*column, name);
            let expected = match value {
                Value::Integer(1) if name == "not_applicable" => "yes".to_string(),
                Value::Integer(n) => n.to_string(),
                Value::Text(text) => text,
                other => panic!("{name}: {other:?}"),
            };
            assert_eq!(cell, expected, "{name}");
        }
    }

    #[test]
    fn empty_lines_above_a_bad_row_count_in_the_row_it_names() {
        let today = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        for end in ["\n", "\r\n"] {
            let csv = ["", "category,title,status", "Ops,Runbook,draft", "", "", "Ops,Backup,done"]
                .join(end);
            let refusal = plan_import(&[], &csv, today).unwrap_err();
            assert!(
                refusal.starts_with("row 6: unknown document status 'done'"),
                "{end:?}: {refusal}"
            );
        }
    }
}
