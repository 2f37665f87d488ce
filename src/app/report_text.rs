//! The status report of an engagement in the store: the report itself is a pure function of
//! what it reports, so this is where its records, gate overrides, the change log of the
//! period and the previous report are read for it, and where a report written is noted for
//! the next one. The palette's `:report` and `botdash report` both write it.

use chrono::{Days, NaiveDate};

use crate::report::changes::{DEFAULT_DAYS, Since};
use crate::report::executive::Statuses;
use crate::report::{Context, GateOverride, Report, ReportFormat, Settings};
use crate::store::{Store, StoreError};

/// What to write: the format, the day the records are evaluated on, and the start of "what
/// changed" (by default the day of the last report written before).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Request {
    pub format: ReportFormat,
    pub as_of: NaiveDate,
    pub since: Option<NaiveDate>,
}

/// A report's file, with what the report log keeps of it once written.
pub struct Rendered {
    pub bytes: Vec<u8>,
    engagement_id: String,
    day: NaiveDate,
    statuses: Statuses,
}

/// The report of the engagement `slug`: today's records, evaluated on `request.as_of`.
pub fn render(
    store: &Store,
    slug: &str,
    request: Request,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Rendered, StoreError> {
    let data = store.load(store.engagement_by_slug(slug)?)?;
    let id = data.engagement.id.clone();
    let overrides: Vec<GateOverride> = store
        .overrides(&id)?
        .into_iter()
        .map(|c| GateOverride {
            at: c.at,
            summary: c.summary,
            reason: c.reason.unwrap_or_default(),
        })
        .collect();
    let previous = store.report_before(&id, request.as_of)?;
    let since = match (request.since, &previous) {
        (Some(day), _) => (day, Since::Given),
        (None, Some(p)) => (p.day, Since::LastReport),
        (None, None) => (today - Days::new(DEFAULT_DAYS), Since::Default),
    };
    let changes = store.changes_since(&id, since.0)?;
    let context = Context {
        overrides: &overrides,
        since,
        changes: &changes,
        previous: previous.as_ref(),
        settings,
    };
    let report = Report::new(&data, &context, request.as_of, today);
    Ok(Rendered {
        bytes: report.bytes(request.format),
        engagement_id: id,
        day: request.as_of,
        statuses: report.executive.statuses(),
    })
}

impl Rendered {
    /// Notes the report as written, for the next one's trends and period; a read-only file
    /// keeps no note.
    pub fn record(&self, store: &mut Store) -> Result<(), StoreError> {
        if store.is_read_only() {
            return Ok(());
        }
        store.record_report(&self.engagement_id, self.day, &self.statuses)
    }
}
