//! What the Readiness tabs' tables share: the rows the filter lets through, and a date
//! in a cell.

use chrono::NaiveDate;

use super::Theme;
use super::widgets::{TextCell, cell};

/// The items whose index is in `shown` (sorted): what the filter lets through.
pub(super) fn kept<'a, T>(
    items: &'a [T],
    shown: &'a [usize],
    offset: usize,
) -> impl Iterator<Item = &'a T> {
    items
        .iter()
        .enumerate()
        .filter(move |(i, _)| shown.binary_search(&(i + offset)).is_ok())
        .map(|(_, t)| t)
}

pub(super) fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

/// A due date, marked "⚠" in the warning colour when the step is late.
pub(super) fn due_cell(d: Option<NaiveDate>, late: bool, theme: &Theme) -> TextCell {
    if late { cell(format!("{} ⚠", date(d))).style(theme.bad) } else { cell(date(d)) }
}
