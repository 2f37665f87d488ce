//! A sheet's content as the sheets state it and `workbook` writes it: its name, header and
//! rows of cells, each a value with its status.

use chrono::NaiveDate;

use crate::report::executive::Rag;

/// The name of the sheet `checklist_csv` reads back.
pub const CHECKLIST: &str = "Checklist";

#[derive(Debug, Clone, PartialEq)]
pub(super) enum CellValue {
    Text(String),
    Number(f64),
    /// Minor units of a currency with this many decimals, shown as the major amount.
    Amount(i64, u32),
    Empty,
}

/// One cell of a sheet's row.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Cell {
    pub(super) value: CellValue,
    pub(super) rag: Option<Rag>,
}

impl Cell {
    /// Text, or an empty cell for empty text.
    pub(super) fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        let value = if text.is_empty() { CellValue::Empty } else { CellValue::Text(text) };
        Cell { value, rag: None }
    }

    pub(super) fn date(date: Option<NaiveDate>) -> Cell {
        Cell::text(date.map(|d| d.to_string()).unwrap_or_default())
    }

    pub(super) fn number(number: impl Into<f64>) -> Cell {
        Cell { value: CellValue::Number(number.into()), rag: None }
    }

    pub(super) fn with_rag(self, rag: Option<Rag>) -> Cell {
        Cell { rag, ..self }
    }
}

/// A sheet's content: its header and its rows.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Sheet {
    pub(super) name: &'static str,
    pub(super) header: Vec<String>,
    pub(super) rows: Vec<Vec<Cell>>,
}

pub(super) fn header(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| name.to_string()).collect()
}
