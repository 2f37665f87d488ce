//! CSV (RFC 4180) as the checklist and the ticket import exchange it: rows written with each
//! cell defused against formula injection, and read back by column name, each row named by
//! its line in the file.

use super::text::sanitize;

/// Rows of cells as CSV, each cell defused (see `defuse`), so that `plan_import` reads back
/// exactly these cells; a row without cells is an empty line, which the import skips.
pub fn rows_to_csv(rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut bytes = Vec::new();
    for row in rows {
        if row.is_empty() {
            bytes.extend_from_slice(b"\r\n");
            continue;
        }
        // A writer per row: rows may differ in length, and an empty line is no record.
        let mut writer =
            csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(&mut bytes);
        let _ = writer.write_record(row.into_iter().map(defuse));
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// OWASP's rule against CSV injection: a cell starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading apostrophe, so that a spreadsheet shows it as text. A
/// cell that starts with an apostrophe gets one too, so that `restore` can always take
/// exactly one away.
fn defuse(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) { format!("'{cell}") } else { cell }
}

/// The text of a cell as `defuse` found it: one leading apostrophe removed.
fn restore(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// One CSV row, by column name.
pub(super) struct CsvRow<'a> {
    record: &'a csv::StringRecord,
    columns: &'a [String],
    /// The row's line in the file, as its messages name it.
    pub(super) line: usize,
}

impl CsvRow<'_> {
    /// The cell of `column`, trimmed and restored (see `defuse`); `None` when the file has
    /// no such column.
    pub(super) fn get(&self, column: &str) -> Option<&str> {
        let i = self.columns.iter().position(|c| c == column)?;
        Some(restore(self.record.get(i).unwrap_or("").trim()))
    }

    /// The cell of `column` when it is not empty, read by `parse`; `base` when the file has
    /// no such column, `None` when the cell is empty.
    pub(super) fn parsed<T>(
        &self,
        column: &str,
        base: Option<T>,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<Option<T>, String> {
        match self.get(column) {
            None => Ok(base),
            Some("") => Ok(None),
            Some(cell) => parse(cell).map(Some),
        }
    }

    pub(super) fn optional(&self, column: &str, base: &Option<String>) -> Option<String> {
        match self.get(column) {
            None => base.clone(),
            Some(cell) => (!cell.is_empty()).then(|| cell.to_string()),
        }
    }
}

/// The names of `csv`'s header row as the file spells them (trimmed, without a byte order
/// mark), for messages that name them.
pub(super) fn header_row(csv: &str) -> Result<Vec<String>, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(csv.as_bytes());
    let header = reader.headers().map_err(|e| format!("the header row cannot be read: {e}"))?;
    Ok(header.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_string()).collect())
}

/// Reads `csv`: its header row (names trimmed and lower-cased), which `read_header` reads
/// (or refuses), then each row, handed to `each` with what `read_header` made of the
/// header. Any bad row, and any row whose cells do not match the header's (ragged, or cut
/// short), stops the reading with a message naming the row; `read_header` may refuse with
/// an error of its own kind `E`.
pub(super) fn read_rows<H, E: From<String>>(
    csv: &str,
    read_header: impl FnOnce(&[String]) -> Result<H, E>,
    mut each: impl FnMut(&H, &CsvRow) -> Result<(), String>,
) -> Result<(), E> {
    // Quotes come in pairs (a quote inside a quoted cell is doubled): an odd count means
    // the file was cut inside a quoted cell, which the reader would take as complete.
    if csv.bytes().filter(|b| *b == b'"').count() % 2 == 1 {
        return Err(String::from("the file ends inside a quoted cell (cut short?)").into());
    }
    let columns: Vec<String> = header_row(csv)?.iter().map(|h| h.to_lowercase()).collect();
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(csv.as_bytes());
    let header = read_header(&columns)?;
    // Lines are counted here, carried from row to row: the reader's own line count is one
    // short, and its position may be the line break before the row, or an empty line above.
    let (mut counted_to, mut line) = (0, 1);
    for record in reader.records() {
        let record = record.map_err(|e| format!("the file is not valid CSV: {e}"))?;
        let mut start = record.position().map_or(0, |p| p.byte() as usize).min(csv.len());
        while csv.as_bytes().get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        line +=
            csv.as_bytes()[counted_to.min(start)..start].iter().filter(|b| **b == b'\n').count();
        counted_to = start;
        if record.len() != columns.len() {
            return Err(format!(
                "row {line} has {} cells where the header has {} (cut short?)",
                record.len(),
                columns.len()
            )
            .into());
        }
        let row = CsvRow { record: &record, columns: &columns, line };
        each(&header, &row).map_err(|e| format!("row {line}: {}", sanitize(&e)))?;
    }
    Ok(())
}
