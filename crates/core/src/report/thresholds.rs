//! Where each area of the executive page turns amber and red: the config's
//! `[report.thresholds]`, with the README's defaults.

use serde::Deserialize;

/// Where each rule turns amber and red (the config's `[report]` section; defaults below).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Overdue cards from which the schedule is amber, and red.
    pub overdue_amber: u32,
    pub overdue_red: u32,
    /// Points below the readiness threshold from which readiness is red (any: amber).
    pub readiness_red_gap: u32,
    /// Approved documents (percent of those that apply) below which documentation is amber,
    /// and red.
    pub docs_amber: u32,
    pub docs_red: u32,
    /// The estimate at completion over the plan (percent of the plan) above which the budget
    /// is amber, and red.
    pub budget_amber: u32,
    pub budget_red: u32,
    /// The exposure (likelihood × impact) of an open risk from which risks are amber, and red.
    pub risk_amber: u32,
    pub risk_red: u32,
    /// Role slots open past their target date from which people is amber, and red.
    pub late_hires_amber: u32,
    pub late_hires_red: u32,
    /// Findings on who can do what (`model::findings`) from which people is amber, and red.
    pub findings_amber: u32,
    pub findings_red: u32,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            overdue_amber: 1,
            overdue_red: 5,
            readiness_red_gap: 20,
            docs_amber: 80,
            docs_red: 50,
            budget_amber: 0,
            budget_red: 10,
            risk_amber: 8,
            risk_red: 15,
            late_hires_amber: 1,
            late_hires_red: 3,
            findings_amber: 1,
            findings_red: 3,
        }
    }
}

impl Thresholds {
    /// Each pair in order: an amber past its red would never show.
    pub fn validate(&self) -> Result<(), String> {
        let t = self;
        let pairs = [
            ("overdue", t.overdue_amber <= t.overdue_red),
            ("docs", t.docs_amber >= t.docs_red),
            ("budget", t.budget_amber <= t.budget_red),
            ("risk", t.risk_amber <= t.risk_red),
            ("late_hires", t.late_hires_amber <= t.late_hires_red),
            ("findings", t.findings_amber <= t.findings_red),
        ];
        match pairs.iter().find(|(_, ordered)| !ordered) {
            Some((name, _)) => Err(format!("{name}_amber is past {name}_red: it would never show")),
            None => Ok(()),
        }
    }
}
