//! The status report of an engagement in the store: the report itself is a pure function of
//! what it reports, so this is where its records and gate overrides are read for it. The
//! palette's `:report` and `botdash report` both write it.

use chrono::NaiveDate;

use crate::report::{GateOverride, ReportFormat};
use crate::store::{Store, StoreError};

/// The report of the engagement `slug` in `format`: today's records, evaluated on `as_of`.
pub fn render(
    store: &Store,
    slug: &str,
    format: ReportFormat,
    as_of: NaiveDate,
    today: NaiveDate,
) -> Result<String, StoreError> {
    let data = store.load(store.engagement_by_slug(slug)?)?;
    let overrides: Vec<GateOverride> = store
        .overrides(&data.engagement.id)?
        .into_iter()
        .map(|c| GateOverride {
            at: c.at,
            summary: c.summary,
            reason: c.reason.unwrap_or_default(),
        })
        .collect();
    Ok(crate::report::render(&data, &overrides, format, as_of, today))
}
