//! The tabs of the Readiness and Health screens: each screen keeps the one it shows, and a
//! `Place` (which the keymap, the drill-down and the notes name) can point at one, so the
//! types stand below both.

/// The sub-views of the Readiness screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadinessTab {
    Staffing,
    Skills,
    Kt,
    Responsibilities,
    Handover,
    Operations,
    Score,
}

impl ReadinessTab {
    pub const ALL: &'static [ReadinessTab] = &[
        ReadinessTab::Staffing,
        ReadinessTab::Skills,
        ReadinessTab::Kt,
        ReadinessTab::Responsibilities,
        ReadinessTab::Handover,
        ReadinessTab::Operations,
        ReadinessTab::Score,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ReadinessTab::Staffing => "Staffing",
            ReadinessTab::Skills => "Skills",
            ReadinessTab::Kt => "Knowledge transfer",
            ReadinessTab::Responsibilities => "Responsibilities",
            ReadinessTab::Handover => "Hand-over",
            ReadinessTab::Score => "Score",
            ReadinessTab::Operations => "Operations",
        }
    }

    /// The title where the tabs' whole titles do not fit in one line.
    pub fn short_title(self) -> &'static str {
        match self {
            ReadinessTab::Kt => "KT",
            other => other.title(),
        }
    }
}

/// The sub-views of the Health screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthTab {
    Risks,
    Budget,
    Tests,
    Integrations,
    Lessons,
}

impl HealthTab {
    pub const ALL: &'static [HealthTab] = &[
        HealthTab::Risks,
        HealthTab::Budget,
        HealthTab::Tests,
        HealthTab::Integrations,
        HealthTab::Lessons,
    ];

    pub fn title(self) -> &'static str {
        match self {
            HealthTab::Risks => "Risks",
            HealthTab::Budget => "Budget",
            HealthTab::Tests => "User tests",
            HealthTab::Integrations => "Integrations",
            HealthTab::Lessons => "Lessons learned",
        }
    }
}
