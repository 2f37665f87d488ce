//! The Checklist sheet read back, as the CSV text that `checklist::plan_import` reads: a
//! workbook is imported by the very rules, and refused with the very sentences, of a CSV file.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::CHECKLIST;
use crate::model::checklist;

/// The Checklist sheet of the XLSX file `bytes` as CSV, one line per row of the sheet (an empty
/// row an empty line), so that the rows an import names are the sheet's. A row with cells past
/// the header's last column keeps them, and the import refuses it as ragged.
pub fn checklist_csv(bytes: &[u8]) -> Result<String, String> {
    let mut workbook = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| format!("the file is not an XLSX workbook ({e})"))?;
    let range = workbook
        .worksheet_range(CHECKLIST)
        .map_err(|_| format!("the workbook has no sheet named {CHECKLIST}"))?;
    let first_row = range.start().map_or(0, |(row, _)| row);
    let mut rows = range.rows().map(|cells| cells.iter().map(text).collect::<Vec<String>>());
    let header = rows.next().map(trimmed).unwrap_or_default();
    let width = header.len();
    let above = std::iter::repeat_n(Vec::new(), first_row as usize);
    // The cells a row leaves empty at the end are there, as in a CSV row.
    let body = rows.map(|cells| match trimmed(cells) {
        used if used.is_empty() => used,
        used => pad(used, width),
    });
    Ok(checklist::rows_to_csv(above.chain(std::iter::once(header)).chain(body)))
}

/// The row without its empty cells at the end.
fn trimmed(mut cells: Vec<String>) -> Vec<String> {
    while cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    cells
}

/// The row filled with empty cells to `width`, when it is narrower.
fn pad(mut cells: Vec<String>, width: usize) -> Vec<String> {
    cells.resize(cells.len().max(width), String::new());
    cells
}

/// A cell as the CSV would hold it: a whole number without decimals, a date typed into the
/// sheet as YYYY-MM-DD.
fn text(cell: &Data) -> String {
    match cell {
        Data::DateTime(moment) => match moment.as_datetime() {
            Some(moment) if moment.time() == chrono::NaiveTime::MIN => moment.date().to_string(),
            Some(moment) => moment.to_string(),
            None => cell.to_string(),
        },
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    use super::*;

    #[test]
    fn cells_a_spreadsheet_typed_read_as_the_csv_writes_them() {
        // 46022 is 2025-12-31 in Excel's day count.
        let day = Data::DateTime(ExcelDateTime::new(46022.0, ExcelDateTimeType::DateTime, false));
        assert_eq!(text(&day), "2025-12-31");
        assert_eq!(text(&Data::Float(3.0)), "3");
        assert_eq!(text(&Data::Int(90)), "90");
        assert_eq!(text(&Data::String("=1+1".into())), "=1+1");
        assert_eq!(text(&Data::Empty), "");
    }

    #[test]
    fn a_row_keeps_its_empty_cells_up_to_the_header_and_any_cells_past_it() {
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(pad(trimmed(row(&["a", "", ""])), 3), row(&["a", "", ""]));
        assert_eq!(pad(trimmed(row(&["a", "", "", "x"])), 3), row(&["a", "", "", "x"]));
        assert!(trimmed(row(&["", ""])).is_empty());
    }
}
