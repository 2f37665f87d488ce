//! What the last frame showed of the lists, as `ui::draw` laid it out, and where a list's
//! cursor goes back to when its rows change.

use std::ops::Range;

use ratatui::layout::Rect;

use super::{ListColumn, Screen};
use crate::model::Phase;

/// Puts `row` back on `key` among `keys` (on the first row when it is gone); leaves it where
/// it is when nothing was selected.
pub(in crate::app) fn refind<T: PartialEq>(row: &mut usize, keys: Vec<T>, key: Option<T>) {
    if let Some(key) = key {
        *row = keys.iter().position(|k| *k == key).unwrap_or(0);
    }
}

/// What the last frame showed, as `ui::draw` laid it out: the app learns which lines are on
/// screen, and what a click lands on, from here, never by working the layout out again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Visible {
    /// The positions in `engagement_rows` the engagements list showed.
    pub engagements: Range<usize>,
    /// Where the header drew each screen's tab.
    pub tabs: Vec<(Rect, Screen)>,
    /// Where the screen drew each thing a click selects.
    pub spots: Spots,
    /// The columns the engagements list drew, which `s` sorts by in turn (before the first
    /// frame, none: then every column).
    pub list_columns: Vec<ListColumn>,
}

/// Where a screen drew the things a click selects, each with what it is.
pub type Spots = Vec<(Rect, Spot)>;

/// A thing on screen a click selects, as the cursor counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spot {
    /// A row of the screen's list: its position in the rows `row_mut` moves over.
    Row(usize),
    /// A card on the board: its column and its row in that column.
    Card { column: usize, row: usize },
    /// A phase on the board's strip.
    Phase(Phase),
    /// A criterion of the board's gate: its position in `gate_criteria`.
    Criterion(usize),
    /// A cell of the skills matrix: the skill's row and the person's column.
    Cell { row: usize, column: usize },
}

/// Where a list drew its rows: row `rows.start + i` (a position in the screen's rows, as
/// the cursor counts them) on the line `area.y + i`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListArea {
    pub area: Rect,
    pub rows: Range<usize>,
}

impl ListArea {
    /// The same lines counted `by` rows further on: a second table of one list.
    pub fn after(self, by: usize) -> ListArea {
        ListArea { rows: self.rows.start + by..self.rows.end + by, ..self }
    }

    /// Each row drawn, one line high, as a spot to click.
    pub fn spots(&self) -> Spots {
        self.area.rows().zip(self.rows.clone()).map(|(line, row)| (line, Spot::Row(row))).collect()
    }
}
