//! The engagement as an XLSX workbook for the client's spreadsheet: the checklist (the columns
//! of the CSV exchange, so that it re-imports like the CSV), the risks, the people, the skills
//! matrix, the budget, the transfer inventory and, with tickets imported, the service desk's
//! weeks and tickets. Each sheet has a bold frozen header row, a filter over its rows and
//! columns as wide as their text; a cell whose value has a status is filled red, amber or green.
//! Text is always written as a string cell, control characters but line breaks and tabs made
//! visible: no cell is ever a formula, whatever the data holds.

mod import;
mod operations;
mod sheet;
mod sheets;

pub use import::checklist_csv;
pub use sheet::CHECKLIST;

use chrono::NaiveDate;
use rust_xlsxwriter::{Color, Format, Workbook, Worksheet, XlsxError};

use crate::model::EngagementData;
use crate::model::text::{sanitize, sanitize_lines};
use crate::report::executive::Rag;

use self::sheet::{Cell, CellValue, Sheet};

/// The most UTF-16 code units a cell holds (Excel's limit).
const CELL_LIMIT: usize = 32_767;

/// Widest a column grows to fit its text, in pixels (about 50 characters); longer text wraps
/// out of sight rather than push the other columns off the screen.
const MAX_COLUMN_PIXELS: u32 = 360;

#[derive(Debug, thiserror::Error)]
#[error("cannot make the workbook: {0}")]
pub struct WorkbookError(#[from] XlsxError);

/// A status's light fill, as spreadsheets' own "good, neutral, bad" styles: the text stays
/// legible.
fn fill(rag: Rag) -> Color {
    match rag {
        Rag::Red => Color::RGB(0xFFC7CE),
        Rag::Amber => Color::RGB(0xFFEB9C),
        Rag::Green => Color::RGB(0xC6EFCE),
    }
}

/// The workbook of `data` as the bytes of an XLSX file; `today` decides which approvals are
/// stale.
pub fn workbook(data: &EngagementData, today: NaiveDate) -> Result<Vec<u8>, WorkbookError> {
    let mut workbook = Workbook::new();
    for sheet in sheets::sheets(data, today) {
        write_sheet(workbook.add_worksheet(), &sheet)?;
    }
    Ok(workbook.save_to_buffer()?)
}

fn write_sheet(worksheet: &mut Worksheet, sheet: &Sheet) -> Result<(), XlsxError> {
    worksheet.set_name(sheet.name)?;
    let bold = Format::new().set_bold();
    for (column, title) in (0..).zip(&sheet.header) {
        worksheet.write_string_with_format(
            0,
            column,
            within_cell_limit(&sanitize(title)),
            &bold,
        )?;
    }
    for (row, cells) in (1..).zip(&sheet.rows) {
        for (column, cell) in (0..).zip(cells) {
            write_cell(worksheet, row, column, cell)?;
        }
    }
    let last_row = u32::try_from(sheet.rows.len()).unwrap_or(u32::MAX);
    let last_column = u16::try_from(sheet.header.len().saturating_sub(1)).unwrap_or(u16::MAX);
    worksheet.set_freeze_panes(1, 0)?;
    worksheet.autofilter(0, 0, last_row, last_column)?;
    worksheet.set_autofit_max_width(MAX_COLUMN_PIXELS).autofit();
    Ok(())
}

/// Text only ever through `write_string`: a value starting with `=` stays text. Its line breaks
/// and tabs are kept (a spreadsheet shows them, and the checklist comes back as it was), other
/// control characters shown.
fn write_cell(sheet: &mut Worksheet, row: u32, column: u16, cell: &Cell) -> Result<(), XlsxError> {
    let mut format = Format::new();
    if let Some(rag) = cell.rag {
        format = format.set_background_color(fill(rag));
    }
    match &cell.value {
        CellValue::Text(text) => {
            let text = within_cell_limit(&sanitize_lines(text));
            sheet.write_string_with_format(row, column, text, &format)
        }
        CellValue::Number(number) => sheet.write_number_with_format(row, column, *number, &format),
        CellValue::Amount(minor, digits) => {
            let format = format.set_num_format(amount_format(*digits));
            let major = *minor as f64 / 10f64.powi(*digits as i32);
            sheet.write_number_with_format(row, column, major, &format)
        }
        CellValue::Empty if cell.rag.is_some() => sheet.write_blank(row, column, &format),
        CellValue::Empty => Ok(sheet),
    }?;
    Ok(())
}

/// `text`, or as much of it as a cell holds ending in `…`: a longer text would leave the
/// client without any workbook.
fn within_cell_limit(text: &str) -> String {
    if text.encode_utf16().count() <= CELL_LIMIT {
        return text.to_string();
    }
    let mut units = 0;
    let kept = text.chars().take_while(|c| {
        units += c.len_utf16();
        units < CELL_LIMIT
    });
    kept.chain(['…']).collect()
}

/// Thousands grouped, with the currency's decimals: `#,##0.00` for two.
fn amount_format(digits: u32) -> String {
    match digits {
        0 => "#,##0".into(),
        n => format!("#,##0.{}", "0".repeat(n as usize)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_longer_than_a_cell_holds_is_cut_with_an_ellipsis() {
        let short = "ß".repeat(CELL_LIMIT);
        assert_eq!(within_cell_limit(&short), short);
        let long = format!("{}🙂🙂", "a".repeat(CELL_LIMIT - 2));
        let cut = within_cell_limit(&long);
        assert!(cut.ends_with("a…"), "a 🙂 is two units: it does not fit");
        assert_eq!(cut.encode_utf16().count(), CELL_LIMIT - 1);
    }

    #[test]
    fn amounts_show_the_currencys_decimals() {
        assert_eq!(amount_format(2), "#,##0.00");
        assert_eq!(amount_format(0), "#,##0");
        assert_eq!(amount_format(3), "#,##0.000");
    }
}
