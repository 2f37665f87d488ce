//! The engagement on screen and what is derived from it, which every screen and form reads.

use chrono::NaiveDate;

use crate::model::evidence::{self, Check, Week};
use crate::model::forecast::{Forecast, NEXT_ACTIONS, NextAction, forecast, next_actions};
use crate::model::gate::{Unmet, unmet};
use crate::model::score::Readiness;
use crate::model::{EngagementData, Finding, Warning, concerns, findings};

/// The engagement on screen, with what is derived from it: its score, gate overrides,
/// findings and warnings at once; the forecast and next best actions (tens of score
/// evaluations) once the screen has been drawn — `None` until then — and the warnings again
/// with the forecast. The derived parts are read once per load for all readers — the screens,
/// the notes, the drill-down and the UI — so they stay here rather than in one screen's state.
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
        self.read_warnings(today);
        true
    }

    /// Reads the findings and the warnings as of `today`, with the forecast where it is known.
    pub fn read_concerns(&mut self, today: NaiveDate) {
        self.findings = findings(&self.data, today);
        self.read_warnings(today);
    }

    /// Reads the warnings again with the findings kept (the forecast does not change them).
    fn read_warnings(&mut self, today: NaiveDate) {
        self.warnings = concerns(&self.data, self.forecast.as_ref(), &self.findings, today);
    }

    /// Reads the service desk's weeks and the hypercare verdicts as of `today`.
    pub fn read_evidence(&mut self, today: NaiveDate) {
        self.weeks = evidence::weeks(&self.data.tickets, today);
        self.weeks.reverse();
        self.hypercare = evidence::criteria(&self.data, today);
    }
}
