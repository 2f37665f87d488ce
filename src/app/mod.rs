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

use chrono::NaiveDate;

pub use action::{Action, Screen};
pub use overlay::{Confirm, Overlay, Then};
pub use runner::App;
pub use screens::health::HealthRow;
pub use state::State;
use targets::Plan;

use crate::model::evidence::{self, Check, Week};
use crate::model::forecast::{Forecast, NEXT_ACTIONS, NextAction, forecast, next_actions};
use crate::model::gate::{Unmet, unmet};
use crate::model::score::Readiness;
use crate::model::template::NewEngagement;
use crate::model::{Engagement, EngagementData, Finding, Warning, concerns, findings};

/// One line of the engagements screen.
#[derive(Debug, Clone)]
pub struct EngagementRow {
    pub engagement: Engagement,
    /// Read when the line is first on screen, so that a long list costs what is shown.
    pub summary: Option<RowSummary>,
}

/// The engagement on screen, with what is derived from it: its score, gate overrides,
/// findings and warnings at once; the forecast and next best actions (tens of score
/// evaluations) once the screen has been drawn — `None` until then — and the warnings again
/// with the forecast.
#[derive(Debug, Clone)]
pub struct Opened {
    pub data: EngagementData,
    pub readiness: Readiness,
    pub forecast: Option<Forecast>,
    pub actions: Option<Vec<NextAction>>,
    /// The current phase's gate criteria not met, for the Score view.
    pub gate_unmet: Option<Vec<Unmet>>,
    pub overrides: Vec<crate::store::undo::HistoryEntry>,
    /// The Operations view's weeks, the newest first: read once per load (a new day reloads),
    /// as every list call asks for them.
    pub weeks: Vec<Week>,
    /// The hypercare exit criteria in force, each with its verdict: read with the weeks, not
    /// with every frame of the Operations view.
    pub hypercare: Vec<(String, Check)>,
    /// The findings on who can do what (the Score view's notes) and the header's and
    /// Overview's warnings, which hold them (`model::concerns`): a millisecond or two on a
    /// large engagement, so read with the data and the forecast, not with every frame.
    pub findings: Vec<Finding>,
    pub warnings: Vec<Warning>,
}

impl Opened {
    /// Computes the forecast, next best actions and unmet gate criteria if they are not
    /// known, and the warnings again with the forecast; returns whether it did (and so the
    /// screen should be drawn again).
    pub fn derive(&mut self, today: NaiveDate) -> bool {
        if self.forecast.is_some() && self.actions.is_some() && self.gate_unmet.is_some() {
            return false;
        }
        let phase = self.data.engagement.current_phase;
        self.forecast = Some(forecast(&self.data, today));
        self.actions = Some(next_actions(&self.data, today, NEXT_ACTIONS));
        self.gate_unmet = Some(unmet(&self.data, &self.readiness, today, Some(phase)));
        self.read_concerns(today);
        true
    }

    /// Reads the findings and the warnings as of `today`, with the forecast where it is known.
    pub fn read_concerns(&mut self, today: NaiveDate) {
        self.findings = findings(&self.data, today);
        self.warnings = concerns(&self.data, self.forecast.as_ref(), today);
    }

    /// Reads the service desk's weeks and the hypercare verdicts as of `today`.
    pub fn read_evidence(&mut self, today: NaiveDate) {
        self.weeks = evidence::weeks(&self.data.tickets, today);
        self.weeks.reverse();
        self.hypercare = evidence::criteria(&self.data, today);
    }
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
