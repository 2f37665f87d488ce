//! Every engagement's line, with the order the list arranges them in kept until a line or
//! the arrangement changes: the list is drawn, counted and asked for its selection several
//! times a frame, and sorting it is most of that work.

use std::cell::RefCell;
use std::ops::{Deref, DerefMut};

use chrono::NaiveDate;

use crate::app::EngagementRow;
use crate::app::portfolio::{ListColumn, Portfolio, arrange};

/// Every engagement's line, in the store's order. Changing a line forgets the kept order.
#[derive(Clone, Default)]
pub struct EngagementRows {
    rows: Vec<EngagementRow>,
    /// The last arrangement: what it was made for, and the positions in `rows` in its order.
    arranged: RefCell<Option<(Arrangement, Vec<usize>)>>,
}

/// What the order of the lines depends on besides the lines: the column sorted by, its
/// direction, and the day (days to the transfer count from it).
type Arrangement = (ListColumn, bool, NaiveDate);

impl EngagementRows {
    /// The positions of every line, in the order `portfolio` arranges them on `today`.
    pub fn arranged(&self, portfolio: &Portfolio, today: NaiveDate) -> Vec<usize> {
        let wanted = (portfolio.sort, portfolio.descending, today);
        let mut kept = self.arranged.borrow_mut();
        if let Some((arrangement, order)) = kept.as_ref()
            && *arrangement == wanted
        {
            return order.clone();
        }
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        arrange(portfolio, &self.rows, today, &mut order);
        *kept = Some((wanted, order.clone()));
        order
    }
}

impl Deref for EngagementRows {
    type Target = [EngagementRow];

    fn deref(&self) -> &[EngagementRow] {
        &self.rows
    }
}

impl DerefMut for EngagementRows {
    fn deref_mut(&mut self) -> &mut [EngagementRow] {
        *self.arranged.get_mut() = None;
        &mut self.rows
    }
}

impl FromIterator<EngagementRow> for EngagementRows {
    fn from_iter<I: IntoIterator<Item = EngagementRow>>(rows: I) -> EngagementRows {
        EngagementRows { rows: rows.into_iter().collect(), arranged: RefCell::default() }
    }
}

/// The lines alone: the kept order is no part of the state.
impl std::fmt::Debug for EngagementRows {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.rows.fmt(f)
    }
}
