//! The application without a terminal: state, actions, and the update that joins them.
//! Keys resolve to actions through the keymap; `State::update` (in `state`) changes the state
//! and asks for effects; `App` (in `runner`) carries the effects out against the store.

pub mod action;
mod available;
pub mod detail;
pub mod filter;
pub mod form;
pub mod keymap;
mod lists;
pub mod notes;
mod visible;
pub use visible::{ListArea, Spot, Spots, Visible};
mod mouse;
mod opened;
pub use opened::Opened;
mod operations;
mod output;
mod overlay;
pub mod picker;
pub mod place;
mod portfolio;
pub use portfolio::{Counts, ListColumn, Portfolio, days_to_transfer};
mod replan;
pub mod report_text;
mod runner;
pub mod screens;
pub mod targets;
pub use screens::docs;
mod state;
mod summary;
pub use summary::{BudgetStatus, RowSummary};
mod tabs;
pub use tabs::{HealthTab, ReadinessTab};

pub use action::{Action, Screen};
pub use overlay::{Confirm, Overlay, Then};
pub use runner::App;
pub use screens::health::HealthRow;
pub use state::State;
use targets::Plan;

use crate::model::Engagement;
use crate::model::template::NewEngagement;

/// One line of the engagements screen.
#[derive(Debug, Clone)]
pub struct EngagementRow {
    pub engagement: Engagement,
    /// Read when the line is first on screen, so that a long list costs what is shown.
    pub summary: Option<RowSummary>,
}

/// What the state asks the app to do with the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Open(usize),
    Write(targets::Output, std::path::PathBuf),
    /// The ticket export at `path` imported into the engagement `slug`.
    ImportTickets {
        slug: String,
        path: std::path::PathBuf,
    },
    Create(NewEngagement),
    Apply(Plan),
    Undo,
    Redo,
    Refresh,
    Resolve(String, crate::store::sync::Keep),
}

/// What the state asks of the terminal.
#[derive(Debug, Clone, PartialEq)]
pub enum TerminalRequest {
    Suspend,
    /// Edit this text in `$EDITOR`; the result goes to the open form's focused field.
    Editor(String),
}
