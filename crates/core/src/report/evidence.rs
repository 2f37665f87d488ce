//! The report's operational evidence: the service desk's recent weeks, the hypercare exit
//! criteria with their verdicts and figures, and what the evidence adds to the score.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Section, TextTable};
use crate::model::EngagementData;
use crate::model::evidence::{Week, criteria, weeks};
use crate::model::score::{EvidencePoints, evidence_points};

/// How many of the latest weeks the report's table shows.
pub const REPORT_WEEKS: usize = 12;

/// The operational evidence as the report gives it.
#[derive(Debug, Serialize)]
pub struct EvidenceReport {
    /// How many tickets are imported.
    pub tickets: usize,
    /// The latest `REPORT_WEEKS` weeks, oldest first.
    pub weeks: Vec<Week>,
    pub criteria: Vec<Criterion>,
    /// What the evidence adds to the score; absent when it is not in the score.
    pub score: Option<EvidencePoints>,
}

#[derive(Debug, Serialize)]
pub struct Criterion {
    pub title: String,
    pub met: bool,
    pub figures: String,
}

impl EvidenceReport {
    pub fn new(data: &EngagementData, as_of: NaiveDate) -> EvidenceReport {
        let mut weeks = weeks(&data.tickets, as_of);
        weeks.drain(..weeks.len().saturating_sub(REPORT_WEEKS));
        let criteria = criteria(data, as_of)
            .into_iter()
            .map(|(title, check)| Criterion { title, met: check.met, figures: check.figures })
            .collect();
        EvidenceReport {
            tickets: data.tickets.len(),
            weeks,
            criteria,
            score: evidence_points(data, as_of),
        }
    }

    /// The section: the score's share, the hypercare criteria, then the weeks.
    pub fn section(&self) -> Section {
        if self.tickets == 0 {
            return Section {
                heading: HEADING,
                sentences: vec!["No service desk tickets imported yet.".into()],
                tables: Vec::new(),
            };
        }
        let mut sentences = vec![format!(
            "{} tickets imported; the last {} weeks below.",
            self.tickets,
            self.weeks.len()
        )];
        sentences.push(match &self.score {
            Some(s) => format!(
                "In the score: the client resolved {} of {} incidents and changes lately, \
                 adding {:.1} of the {:.1} points the evidence weighs.",
                s.by_client, s.resolved, s.points, s.of_points
            ),
            None => "The evidence is not in the score (no duties listed or nothing resolved \
                     lately)."
                .into(),
        });
        let criteria = TextTable {
            headers: vec!["Hypercare exit criterion", "Verdict", "Figures"],
            rows: self
                .criteria
                .iter()
                .map(|c| {
                    let verdict = if c.met { "met" } else { "not met" };
                    vec![c.title.clone(), verdict.into(), c.figures.clone()]
                })
                .collect(),
        };
        let weeks = TextTable {
            headers: vec!["Week", "Client alone", "SLA P1/P2", "SLA all", "Open P1"],
            rows: self.weeks.iter().map(week_row).collect(),
        };
        Section { heading: HEADING, sentences, tables: vec![criteria, weeks] }
    }
}

const HEADING: &str = "Operational evidence";

fn week_row(w: &Week) -> Vec<String> {
    let share = |p: Option<u32>| p.map_or("—".to_string(), |p| format!("{p} %"));
    let alone = match w.client_share() {
        Some(p) => format!("{p} % ({} of {})", w.by_client, w.resolved),
        None => "—".into(),
    };
    vec![w.label(), alone, share(w.urgent_sla()), share(w.all_sla()), w.open_p1.to_string()]
}
