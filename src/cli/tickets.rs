//! `botdash tickets import`: the service desk's ticket export read into an engagement.

use std::process::ExitCode;

use chrono::NaiveDate;

use super::{Failure, TicketsCommand, print};
use crate::model::evidence::import::parse_map;
use crate::model::text::sanitize;
use crate::store::Store;
use crate::store::evidence::read_export;

pub(super) fn tickets(
    mut store: Store,
    command: TicketsCommand,
    today: NaiveDate,
) -> Result<ExitCode, Failure> {
    let TicketsCommand::Import { slug, file, map } = command;
    let engagement = store.engagement_by_slug(&slug)?;
    let shown = sanitize(&file.display().to_string()).into_owned();
    let refused = |e: String| Failure::usage(format!("{shown}: {e}; nothing was imported"));
    let map = parse_map(map.as_deref().unwrap_or(""))
        .map_err(|e| refused(crate::words::ticket_import(&e)))?;
    let csv =
        read_export(&file).map_err(|e| Failure::usage(format!("{e}; nothing was imported")))?;
    let import = store
        .import_tickets(&engagement, &csv, &map, &shown, today)
        .map_err(|e| refused(crate::words::refusal(&e)))?;
    print(&format!("{}\n", import.summary()))
}
