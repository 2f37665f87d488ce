//! The Checklist sheet read back, as the CSV text that `checklist::plan_import` reads: a
//! workbook is imported by the very rules, and refused with the very sentences, of a CSV file.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::CHECKLIST;
use crate::model::checklist;

/// The Checklist sheet of the XLSX file `bytes` as CSV, one line per row of the sheet (an empty
/// row an empty line), so that the rows an import names are the sheet's. A row with cells past
/// the header's last column keeps them, and ends the text: the import refuses it as ragged.
pub fn checklist_csv(bytes: &[u8]) -> Result<String, String> {
    let not_xlsx = |e: &dyn std::fmt::Display| format!("the file is not an XLSX workbook ({e})");
    let expanded = expanded_size(bytes).map_err(|e| not_xlsx(&e))?;
    if expanded > MAX_EXPANDED {
        return Err(format!(
            "the workbook's parts expand to {} MB, more than a checklist ever needs ({} MB)",
            expanded >> 20,
            MAX_EXPANDED >> 20
        ));
    }
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| not_xlsx(&e))?;
    let rows = used_rows(&mut workbook)?;
    // The header is the first row that holds something.
    let width = rows.values().next().map_or(0, Vec::len);
    let mut lines = Vec::new();
    for (row, cells) in rows {
        lines.resize(row as usize, Vec::new());
        let ragged = cells.len() > width;
        lines.push(pad(cells, width));
        if ragged {
            break;
        }
    }
    Ok(checklist::rows_to_csv(lines))
}

/// The most an XLSX checklist's parts may expand to. The largest checklist a CSV file may
/// hold is 16 MB; as a sheet's XML it takes a few times that. A few kilobytes of zip can expand
/// to gigabytes, and calamine holds the shared strings in memory.
const MAX_EXPANDED: u64 = 128 << 20;

/// What the parts of the zip archive `bytes` expand to, by its central directory. The zip
/// reader holds each part to that declared size, so it bounds what reading the sheet takes.
fn expanded_size(bytes: &[u8]) -> zip::result::ZipResult<u64> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))?;
    (0..archive.len())
        .try_fold(0u64, |total, i| Ok(total.saturating_add(archive.by_index_raw(i)?.size())))
}

/// The last row and column (0-based) an XLSX sheet can have; a cell placed past them is made
/// up, and would make the rows asked for here take any amount of memory.
const LAST_ROW: u32 = 1_048_575;
const LAST_COLUMN: u32 = 16_383;

/// The cells of the Checklist sheet that hold something, by row, each row as far as its last
/// such cell. Read cell by cell: a sheet read as one grid takes memory for every cell between
/// the first and the last, 17 billion of them for two cells in opposite corners.
fn used_rows(workbook: &mut Xlsx<Cursor<&[u8]>>) -> Result<BTreeMap<u32, Vec<String>>, String> {
    let mut reader = workbook
        .worksheet_cells_reader(CHECKLIST)
        .map_err(|_| format!("the workbook has no sheet named {CHECKLIST}"))?;
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let unreadable = |e| format!("the {CHECKLIST} sheet cannot be read ({e})");
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let text = text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        let (row, column) = cell.get_position();
        if row > LAST_ROW || column > LAST_COLUMN {
            return Err(format!(
                "the {CHECKLIST} sheet has a cell past the last row or column a spreadsheet has"
            ));
        }
        let cells = rows.entry(row).or_default();
        let column = column as usize;
        cells.resize(cells.len().max(column + 1), String::new());
        cells[column] = text;
    }
    Ok(rows)
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
        assert_eq!(pad(row(&["a"]), 3), row(&["a", "", ""]));
        assert_eq!(pad(row(&["a", "", "", "x"]), 3), row(&["a", "", "", "x"]));
    }

    #[test]
    fn rows_are_named_as_the_sheet_numbers_them_below_empty_rows_too() {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet().set_name(CHECKLIST).unwrap();
        for (column, name) in (0..).zip(["category", "title", "status"]) {
            sheet.write_string(2, column, name).unwrap();
        }
        sheet.write_row(3, 0, ["Ops", "Runbook", "draft"]).unwrap();
        sheet.write_row(5, 0, ["Ops", "Backup plan", "done"]).unwrap();
        let csv = checklist_csv(&workbook.save_to_buffer().unwrap()).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        let refusal = checklist::plan_import(&[], &csv, today).unwrap_err();
        assert!(refusal.starts_with("row 6: unknown document status 'done' (one of: missing, draft, in_review, approved)"), "{refusal}");
    }
}
