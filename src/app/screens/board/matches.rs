//! The `/` filter on the board: `n`/`N` step the matching cards across the columns, and
//! a column without a match gives the focus to one with.

use super::BoardScreen;
use crate::app::screens::ScreenContext;

impl BoardScreen {
    /// `n`/`N`: the next or previous match across the board's columns, wrapping around.
    pub(super) fn step_match(&mut self, step: isize, cx: &ScreenContext) {
        let counts = self.card_counts(cx);
        let total: usize = counts.iter().sum();
        if total == 0 {
            return;
        }
        let flat = counts[..self.column].iter().sum::<usize>() + self.row;
        let next = (flat as isize + step).rem_euclid(total as isize) as usize;
        let (mut column, mut row) = (0, next);
        while row >= counts[column] {
            row -= counts[column];
            column += 1;
        }
        self.column = column;
        self.row = row;
    }

    /// The filter changed: a column without a matching card gives the focus to the first
    /// column that has one, so that the keys act on a card.
    pub(super) fn focus_a_match(&mut self, cx: &ScreenContext) {
        let counts = self.card_counts(cx);
        if counts[self.column] == 0
            && let Some(column) = counts.iter().position(|n| *n > 0)
        {
            (self.column, self.row) = (column, 0);
        }
    }
}
