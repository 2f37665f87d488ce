//! `botdash report`: the status report, printed or written to a file; a report written to a
//! file is noted for the next one (its trends and its "what changed" start there).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{Failure, print, write_file};
use crate::app::report_text::{self, Request};
use crate::config::Config;
use crate::model::text::sanitize;
use crate::report::ReportFormat;
use crate::store::Store;

pub(super) struct ReportArgs {
    pub slug: String,
    pub format: ReportFormat,
    pub output: Option<PathBuf>,
    pub as_of: Option<NaiveDate>,
    pub since: Option<NaiveDate>,
}

pub(super) fn report(
    db: &Path,
    args: ReportArgs,
    config: &Config,
    today: NaiveDate,
) -> Result<ExitCode, Failure> {
    let mut store = Store::open(db)?;
    let as_of = args.as_of.unwrap_or(today);
    if as_of < today {
        return Err(Failure::usage(format!(
            "a report shows today's records, evaluated on today or a later day, and \
             botdash does not keep the records of {as_of}; `botdash score {} --as-of \
             {as_of}` shows the readiness recorded that day",
            sanitize(&args.slug)
        )));
    }
    if args.since.is_some_and(|since| since > today) {
        return Err(Failure::usage("--since takes today or an earlier day".into()));
    }
    if args.format == ReportFormat::Pdf && args.output.is_none() {
        return Err(Failure::usage("a PDF is written to a file: add -o FILE".into()));
    }
    let request = Request { format: args.format, as_of, since: args.since };
    let rendered = report_text::render(&store, &args.slug, request, &config.report, today)?;
    match args.output {
        Some(path) => {
            let done = write_file(&path, &rendered.bytes)?;
            rendered.record(&mut store)?;
            Ok(done)
        }
        // The text formats: Markdown, HTML, JSON.
        None => print(&String::from_utf8_lossy(&rendered.bytes)),
    }
}
