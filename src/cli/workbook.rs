//! `botdash workbook`: the engagement as an XLSX workbook for the client's spreadsheet.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{Failure, write_file};
use crate::store::Store;

pub(super) fn workbook(
    db: &Path,
    slug: &str,
    output: &Path,
    today: NaiveDate,
) -> Result<ExitCode, Failure> {
    let store = Store::open(db)?;
    let data = store.load(store.engagement_by_slug(slug)?)?;
    let bytes = crate::workbook::workbook(&data, today)
        .map_err(|e| Failure { message: e.to_string(), code: 1 })?;
    write_file(output, &bytes)
}
