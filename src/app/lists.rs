//! The rows each screen lists, after the `/` filter: what the cursor moves over and what
//! the screens draw. Computed from the data on demand, never stored twice.

use super::filter::Fuzzy;
use super::{EngagementRow, ReadinessTab, Screen, State};
use crate::model::{DocItem, Task, TaskStatus};

impl State {
    /// The `/` filter's query (empty when there is none), for matching and highlighting.
    pub fn fuzzy(&self) -> Fuzzy {
        Fuzzy::new(self.filter.as_ref().map_or("", |f| f.input.value()))
    }

    /// Indices into `engagements` of the rows shown.
    pub fn engagement_rows(&self) -> Vec<usize> {
        let fuzzy = self.fuzzy();
        (0..self.engagements.len())
            .filter(|&i| {
                let e = &self.engagements[i].engagement;
                [&e.client, &e.name, &e.slug].iter().any(|field| fuzzy.matches(field))
            })
            .collect()
    }

    pub fn selected_engagement(&self) -> Option<&EngagementRow> {
        self.engagement_rows().get(self.engagement_cursor).map(|&i| &self.engagements[i])
    }

    /// The cards shown in one column of the selected phase.
    pub fn board_cards(&self, column: usize) -> Vec<&Task> {
        let Some(opened) = &self.opened else { return Vec::new() };
        let fuzzy = self.fuzzy();
        let mut cards = opened.column(self.board.phase, TaskStatus::ALL[column]);
        cards.retain(|t| fuzzy.matches(&t.title));
        cards
    }

    /// The documentation items shown, grouped by category, in display order.
    pub fn doc_rows(&self) -> Vec<(&str, Vec<&DocItem>)> {
        let Some(opened) = &self.opened else { return Vec::new() };
        let fuzzy = self.fuzzy();
        let mut groups = opened.doc_groups();
        for (_, docs) in &mut groups {
            docs.retain(|d| self.docs_quick.keeps(d, self.today));
        }
        for (category, docs) in &mut groups {
            if !fuzzy.matches(category) {
                docs.retain(|d| {
                    fuzzy.matches(&d.title) || d.owner.as_deref().is_some_and(|o| fuzzy.matches(o))
                });
            }
        }
        groups.retain(|(_, docs)| !docs.is_empty());
        groups
    }

    /// The names of the rows of the current Readiness view, each with its index in its list
    /// (Staffing lists the roles, then the people).
    pub fn readiness_rows(&self) -> Vec<usize> {
        let Some(opened) = &self.opened else { return Vec::new() };
        let data = &opened.data;
        let names: Vec<&str> = match self.readiness_tab {
            ReadinessTab::Staffing => data
                .roles
                .iter()
                .map(|r| r.title.as_str())
                .chain(data.people.iter().map(|p| p.name.as_str()))
                .collect(),
            ReadinessTab::Skills => data.skills.iter().map(|s| s.name.as_str()).collect(),
            ReadinessTab::Kt => data.kt_topics.iter().map(|t| t.title.as_str()).collect(),
            ReadinessTab::Responsibilities => {
                data.responsibilities.iter().map(|r| r.activity.as_str()).collect()
            }
            ReadinessTab::Score => {
                opened.readiness.losses.iter().map(|l| l.item.as_str()).collect()
            }
        };
        let fuzzy = self.fuzzy();
        names.iter().enumerate().filter(|(_, n)| fuzzy.matches(n)).map(|(i, _)| i).collect()
    }

    /// How many rows the current screen's list has.
    pub(super) fn row_count(&self) -> usize {
        match (self.screen, &self.opened) {
            (Screen::Conflicts, _) => self.conflicts.len(),
            (Screen::Engagements, _) | (_, None) => self.engagement_rows().len(),
            (Screen::Overview, _) => 0,
            (Screen::Board, _) if self.board.gate.is_some() => self.gate_criteria().len(),
            (Screen::Board, _) => self.board_cards(self.board.column).len(),
            (Screen::Readiness, _) => self.readiness_rows().len(),
            (Screen::Docs, _) => self.doc_rows().iter().map(|(_, docs)| docs.len()).sum(),
            (Screen::Health, _) => self.health_rows().len(),
        }
    }

    pub(super) fn row_mut(&mut self) -> Option<&mut usize> {
        match (self.screen, &self.opened) {
            (Screen::Conflicts, _) => Some(&mut self.conflicts_row),
            (Screen::Engagements, _) | (_, None) => Some(&mut self.engagement_cursor),
            (Screen::Overview, _) => None,
            (Screen::Board, _) => match &mut self.board.gate {
                Some(row) => Some(row),
                None => Some(&mut self.board.row),
            },
            (Screen::Readiness, _) => Some(&mut self.readiness_row),
            (Screen::Docs, _) => Some(&mut self.docs_row),
            (Screen::Health, _) => Some(&mut self.health_row),
        }
    }
}

/// The first row to show so that `selected` is visible in `height` rows: the app needs it to
/// know which lines a list shows, the screens to draw them.
pub fn scroll_offset(selected: usize, height: usize, len: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    let half = height / 2;
    selected.saturating_sub(half).min(len - height)
}

#[cfg(test)]
mod tests {
    use super::scroll_offset;

    #[test]
    fn scrolling_keeps_the_selection_visible() {
        assert_eq!(scroll_offset(0, 10, 100), 0);
        assert_eq!(scroll_offset(50, 10, 100), 45);
        assert_eq!(scroll_offset(99, 10, 100), 90);
        assert_eq!(scroll_offset(5, 10, 8), 0);
    }
}
