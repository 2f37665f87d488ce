//! The record of a documentation checklist item.

use chrono::NaiveDate;

use super::{DocStatus, Phase, new_id};
use crate::records::record;

record! {
    pub struct DocItem: DocItemField in "doc_item", owned by "engagement_id", named by Title {
        Id id: String [Hidden],
        Category category: String,
        Title title: String,
        Criticality criticality: u8,
        Status status: DocStatus [Word],
        NotApplicable not_applicable: bool,
        Owner owner: Option<String> [Name],
        Reviewer reviewer: Option<String> [Name],
        Location location: Option<String>,
        LastReviewedAt last_reviewed_at: Option<NaiveDate>,
        ReviewIntervalDays review_interval_days: Option<u32>,
        DuePhase due_phase: Option<Phase> [Word],
    }
}

impl DocItem {
    /// A new checklist item, still missing.
    pub fn missing(category: String, title: String, criticality: u8) -> DocItem {
        DocItem {
            id: new_id(),
            category,
            title,
            criticality,
            status: DocStatus::Missing,
            not_applicable: false,
            owner: None,
            reviewer: None,
            location: None,
            last_reviewed_at: None,
            review_interval_days: None,
            due_phase: None,
        }
    }

    /// Approved, with a review interval, and not reviewed within it (never reviewed counts
    /// as past the interval: an approval nobody has looked at since is not trustworthy).
    pub fn is_stale(&self, today: NaiveDate) -> bool {
        let (DocStatus::Approved, Some(days)) = (self.status, self.review_interval_days) else {
            return false;
        };
        match self.last_reviewed_at {
            // An interval reaching past the calendar's end never runs out.
            Some(reviewed) => reviewed
                .checked_add_days(chrono::Days::new(u64::from(days)))
                .is_some_and(|due| due < today),
            None => true,
        }
    }
}
