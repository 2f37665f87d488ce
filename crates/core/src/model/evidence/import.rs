//! The service desk's ticket export read: CSV from Jira, ServiceNow or a spreadsheet, its
//! columns found by their common names (or as a mapping names them), planned against the
//! tickets already imported so that a re-import updates by ticket id.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::{Resolver, Ticket, TicketKind};
use crate::model::csv_rows::{CsvRow, header_row, read_rows};
use crate::model::new_id;
use crate::model::text::sanitize;

/// The largest export read: 16 MiB (about 100,000 tickets).
pub const MAX_BYTES: usize = 16 << 20;
/// The most tickets one file may hold.
pub const MAX_TICKETS: usize = 100_000;
/// The longest cell kept (a plan or a key); a longer one refuses the file.
pub const MAX_CELL: usize = 2_000;

/// The fields a ticket is read from, each with the header names it is found under
/// (compared without case).
pub const FIELDS: &[(&str, &[&str])] = &[
    ("id", &["id", "key", "issue key", "number", "ticket", "ticket id"]),
    ("opened", &["opened", "created", "opened_at", "opened at", "sys_created_on"]),
    ("resolved", &["resolved", "resolved_at", "resolved at", "resolution date"]),
    ("priority", &["priority"]),
    ("type", &["type", "issue type", "kind", "sys_class_name"]),
    ("resolved by", &["resolved by", "resolved_by", "resolver"]),
    ("sla met", &["sla met", "sla_met", "made_sla", "made sla"]),
    ("plan", &["plan", "next step"]),
];

/// The earliest day a ticket may carry: an older one is a typo or an export's placeholder
/// (1900-01-01), which would stretch the weeks back for decades.
pub const EARLIEST_DAY: NaiveDate = NaiveDate::from_ymd_opt(1990, 1, 1).expect("a valid day");

/// Why a ticket export was refused: typed where the file does not fit the mapping given or
/// lacks a column, which the app words with how to name a column (`words::ticket_import`);
/// else what is wrong with the file, in words. `Display` gives plain words, for a test.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketImportError {
    /// A pair of the mapping is not `field=Header` (the pair, as given).
    #[error("the mapping takes field=Header pairs, not '{0}'")]
    NotAPair(String),
    /// The mapping names a field no ticket has (lower-cased, as given); `FIELDS` has them.
    #[error("the mapping names an unknown field '{0}'")]
    UnknownField(String),
    /// The mapping names `field` twice: which of its headers to read would be a guess.
    #[error("the mapping names the field '{0}' twice")]
    NamedTwice(&'static str),
    /// The mapping names for `field` a `header` (sanitized) the file lacks; `columns`: the
    /// file's, listed.
    #[error("the mapping {field}={header}: the header row has no column '{header}' ({columns})")]
    NoMappedColumn { field: &'static str, header: String, columns: String },
    /// The file has no column for a needed `field` by any of its common names.
    #[error("the header row has no column for the ticket's {field} ({columns})")]
    NoColumn { field: &'static str, columns: String },
    /// Any other refusal of the file, in words.
    #[error("{0}")]
    File(String),
}

impl From<String> for TicketImportError {
    fn from(words: String) -> TicketImportError {
        TicketImportError::File(words)
    }
}

/// What an import changes: new tickets, and existing ones as the file now has them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TicketImport {
    pub added: Vec<Ticket>,
    pub updated: Vec<Ticket>,
    pub unchanged: usize,
}

impl TicketImport {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.updated.is_empty()
    }

    /// One line for the user: "1 ticket added, 2 updated, 0 unchanged".
    pub fn summary(&self) -> String {
        let added = self.added.len();
        if added + self.updated.len() + self.unchanged == 0 {
            return "the file lists no tickets".into();
        }
        format!(
            "{added} {} added, {} updated, {} unchanged",
            if added == 1 { "ticket" } else { "tickets" },
            self.updated.len(),
            self.unchanged
        )
    }
}

/// Reads a mapping, "field=Header,field=Header", into the header name of each field, as
/// the user spells it (headers are compared without case).
/// A field named twice is refused: which of its headers to read would be a guess.
pub fn parse_map(text: &str) -> Result<Vec<(&'static str, String)>, TicketImportError> {
    let mut map: Vec<(&'static str, String)> = Vec::new();
    for pair in text.split(',').filter(|pair| !pair.trim().is_empty()) {
        let (field, header) =
            pair.split_once('=').ok_or_else(|| TicketImportError::NotAPair(pair.into()))?;
        let field = field.trim().to_lowercase();
        let (known, _) = FIELDS
            .iter()
            .find(|(name, _)| *name == field)
            .ok_or(TicketImportError::UnknownField(field))?;
        if map.iter().any(|(f, _)| f == known) {
            return Err(TicketImportError::NamedTwice(known));
        }
        map.push((known, header.trim().to_string()));
    }
    Ok(map)
}

/// The fields a file must have a column for; the others may be missing.
const NEEDED: [&str; 3] = ["id", "opened", "priority"];

/// The header each field is read from (lower-cased, as `columns` hold them): as `map` names
/// it, else the first common name the file has; `None` for a field the file has no column
/// for, refused when it is needed or `map` names a header the file does not have. A refusal
/// lists the headers as the file spells them (`spelled`).
fn header_of(
    columns: &[String],
    spelled: &[String],
    map: &[(&str, String)],
    field: &'static str,
) -> Result<Option<String>, TicketImportError> {
    if let Some((_, header)) = map.iter().find(|(f, _)| *f == field) {
        let lower = header.to_lowercase();
        if columns.contains(&lower) {
            return Ok(Some(lower));
        }
        let header = sanitize(header).into_owned();
        return Err(TicketImportError::NoMappedColumn { field, header, columns: listed(spelled) });
    }
    let (_, names) = FIELDS.iter().find(|(f, _)| *f == field).expect("a known field");
    let found = names.iter().find(|n| columns.iter().any(|c| c == *n)).map(|n| n.to_string());
    if found.is_none() && NEEDED.contains(&field) {
        return Err(TicketImportError::NoColumn { field, columns: listed(spelled) });
    }
    Ok(found)
}

/// Refuses a header row read as one column holding a `;` or a tab: a file separated by
/// those, which no mapping can help.
fn separated_by_commas(spelled: &[String]) -> Result<(), String> {
    let separator = match spelled {
        [only] if only.contains(';') => "';'",
        [only] if only.contains('\t') => "tabs",
        _ => return Ok(()),
    };
    Err(format!(
        "the header row is separated by {separator}, not commas: save the export as CSV with \
         commas between the columns"
    ))
}

/// The file's columns for a message, cut after the first 200 characters.
fn listed(columns: &[String]) -> String {
    const MOST: usize = 200;
    let all = sanitize(&columns.join(", ")).into_owned();
    let shown: String = all.chars().take(MOST).collect();
    let cut = if shown.len() < all.len() { "…" } else { "" };
    format!("its columns: {shown}{cut}")
}

/// Plans the import of `csv` against the tickets `existing`, on `today`: a row whose id a
/// ticket has updates it, the others are added. Any bad cell (a day after `today` among
/// them) refuses the whole file with its line and column.
pub fn plan_import(
    existing: &[Ticket],
    csv: &str,
    map: &[(&'static str, String)],
    today: NaiveDate,
) -> Result<TicketImport, TicketImportError> {
    if csv.len() > MAX_BYTES {
        return Err(format!("the file is larger than {} MiB", MAX_BYTES >> 20).into());
    }
    if csv.contains('\0') {
        return Err(String::from("the file holds a NUL byte: not a text export").into());
    }
    if csv.trim_start_matches('\u{feff}').trim().is_empty() {
        let words = "the file is empty: a ticket export starts with a header row";
        return Err(String::from(words).into());
    }
    let read_header = |columns: &[String]| {
        let spelled = header_row(csv)?;
        separated_by_commas(&spelled)?;
        let headers =
            FIELDS.iter().map(|(field, _)| Ok((*field, header_of(columns, &spelled, map, field)?)));
        headers.collect::<Result<Vec<_>, TicketImportError>>()
    };
    let by_key: HashMap<&str, &Ticket> = existing.iter().map(|t| (t.key.as_str(), t)).collect();
    let mut plan = TicketImport::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let each = |headers: &Vec<(&str, Option<String>)>, row: &CsvRow| {
        if seen.len() == MAX_TICKETS {
            return Err(format!("the file holds more than {MAX_TICKETS} tickets"));
        }
        let cells = Cells { row, headers, today };
        let mut ticket = ticket_of(&cells)?;
        if let Some(first) = seen.insert(ticket.key.clone(), row.line) {
            return Err(format!("ticket {} appears twice (also row {first})", ticket.key));
        }
        match by_key.get(ticket.key.as_str()) {
            Some(old) => {
                ticket.id.clone_from(&old.id);
                if cells.get("plan")?.is_none() {
                    ticket.plan.clone_from(&old.plan);
                }
                if ticket == **old {
                    plan.unchanged += 1;
                } else {
                    plan.updated.push(ticket);
                }
            }
            None => plan.added.push(ticket),
        }
        Ok(())
    };
    read_rows(csv, read_header, each)?;
    Ok(plan)
}

/// A row's cells by field.
struct Cells<'a> {
    row: &'a CsvRow<'a>,
    headers: &'a [(&'a str, Option<String>)],
    /// The day of the import: no ticket's day comes after it.
    today: NaiveDate,
}

impl Cells<'_> {
    /// The cell of `field`, `None` when the file has no column for it or the cell is empty.
    fn get(&self, field: &str) -> Result<Option<(&str, &str)>, String> {
        let Some((_, Some(header))) = self.headers.iter().find(|(f, _)| *f == field) else {
            return Ok(None);
        };
        let cell = self.row.get(header).unwrap_or("");
        if cell.chars().count() > MAX_CELL {
            return Err(format!("column '{header}': longer than {MAX_CELL} characters"));
        }
        Ok((!cell.is_empty()).then_some((header.as_str(), cell)))
    }

    /// The cell of `field` read by `parse`, its errors naming the column.
    fn parsed<T>(
        &self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Option<T>, String> {
        let Some((header, cell)) = self.get(field)? else { return Ok(None) };
        parse(cell).map(Some).map_err(|e| format!("column '{header}': {e}"))
    }

    fn required<T>(
        &self,
        field: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, String> {
        self.parsed(field, parse)?.ok_or_else(|| format!("the ticket's {field} is empty"))
    }
}

fn ticket_of(cells: &Cells) -> Result<Ticket, String> {
    let key = cells.required("id", |s| Ok(s.to_string()))?;
    let day = |text: &str| ticket_day(text, cells.today);
    let ticket = Ticket {
        id: new_id(),
        opened: cells.required("opened", day)?,
        resolved: cells.parsed("resolved", day)?,
        priority: cells.required("priority", parse_priority)?,
        kind: cells.parsed("type", parse_kind)?.unwrap_or_else(|| untyped_kind(&key)),
        resolved_by: cells.parsed("resolved by", |s| s.to_lowercase().parse::<Resolver>())?,
        sla_met: cells.parsed("sla met", parse_yes_no)?,
        plan: cells.parsed("plan", |s| Ok(s.to_string()))?.unwrap_or_default(),
        key,
    };
    ticket.check()?;
    Ok(ticket)
}

/// A ticket's day: as `parse_day` reads it, from `EARLIEST_DAY` to `today`.
fn ticket_day(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let day = parse_day(text)?;
    not_after(day, today)?;
    if day < EARLIEST_DAY {
        return Err(format!("{day} is before {EARLIEST_DAY}, the earliest day a ticket may have"));
    }
    Ok(day)
}

/// Refuses a ticket's day after `today`: a ticket is imported once it was opened.
pub(super) fn not_after(day: NaiveDate, today: NaiveDate) -> Result<(), String> {
    if day > today {
        return Err(format!("{day} is after today ({today})"));
    }
    Ok(())
}

/// A day as exports write it: ISO (`2026-03-04`, also with a time, `T` or space
/// separated), `04.03.2026`, or `2026-03-04 09:15`; the time is dropped, and with it any time
/// zone offset: the day is the desk's calendar day, as the export writes it.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    let parsed = NaiveDate::parse_from_str(date_part, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(date_part, "%d.%m.%Y"))
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%d/%b/%y %I:%M %p").map(|t| t.date()));
    parsed.map_err(|_| {
        format!("'{text}' is not a date (expected 2026-03-04, 04.03.2026 or 2026-03-04 09:15)")
    })
}

/// "1", "P1", "1 - Critical" (ServiceNow), or Jira's Highest / High / Medium / Low /
/// Lowest.
fn parse_priority(text: &str) -> Result<u8, String> {
    let lower = text.to_lowercase();
    let digits = lower.trim_start_matches('p');
    // A leading digit alone ("1", "1 - Critical"), not the start of a number ("12").
    if let Some(digit) = digits.chars().next().and_then(|c| c.to_digit(10))
        && (1..=4).contains(&digit)
        && !digits[1..].starts_with(|c: char| c.is_ascii_digit())
    {
        return Ok(digit as u8);
    }
    match lower.as_str() {
        "highest" | "critical" | "blocker" => Ok(1),
        "high" | "major" => Ok(2),
        "medium" | "moderate" => Ok(3),
        "low" | "lowest" | "minor" | "planning" => Ok(4),
        _ => Err(format!("'{text}' is not a priority (expected 1 to 4, P1 to P4, or High …)")),
    }
}

/// Incident, change or request, also as Jira's "Service Request" or ServiceNow's
/// "change_request".
fn parse_kind(text: &str) -> Result<TicketKind, String> {
    let lower = text.to_lowercase();
    let found = [TicketKind::Incident, TicketKind::Change, TicketKind::Request]
        .into_iter()
        .find(|k| lower.contains(k.as_str()));
    found.ok_or_else(|| format!("'{text}' is not a ticket type (incident, change or request)"))
}

/// The type of a ticket the file does not type: as a ServiceNow number tells (CHG… a
/// change, REQ… or RITM… a request), else an incident, as a service desk's queue mostly
/// holds.
fn untyped_kind(key: &str) -> TicketKind {
    let upper = key.to_uppercase();
    if upper.starts_with("CHG") {
        TicketKind::Change
    } else if upper.starts_with("REQ") || upper.starts_with("RITM") {
        TicketKind::Request
    } else {
        TicketKind::Incident
    }
}

fn parse_yes_no(text: &str) -> Result<bool, String> {
    match text.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "met" => Ok(true),
        "no" | "n" | "false" | "0" | "breached" | "missed" => Ok(false),
        _ => Err(format!("'{text}' is not yes or no")),
    }
}
