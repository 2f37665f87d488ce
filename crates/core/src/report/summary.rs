//! The report's first pages as sections the Markdown and HTML writers share: the byline, the
//! executive page (statuses, decisions asked of the client, top risks), what changed in the
//! period, and the appendix of every item that costs points.

use super::changes::{Changes, ScoreMove};
use super::executive::{Executive, Movement};
use super::health::sections as sections_of_health;
use super::{Report, Section, TextTable};
use crate::model::percent_text;

impl Report {
    /// Who wrote the report and when, and the day its figures are of.
    pub fn byline(&self) -> String {
        let by = match (&self.prepared_by.author, &self.prepared_by.consultancy) {
            (Some(author), Some(firm)) => format!(" by {author}, {firm}"),
            (Some(one), None) | (None, Some(one)) => format!(" by {one}"),
            (None, None) => String::new(),
        };
        let of = if self.as_of == self.records_of {
            "today's records".to_string()
        } else {
            format!("today's records evaluated on {}", self.as_of)
        };
        format!("Report written {}{by} · figures as of {} ({of})", self.records_of, self.as_of)
    }

    /// The executive page and what changed: the sections before the details.
    pub fn summary_sections(&self) -> Vec<Section> {
        let e = &self.executive;
        vec![
            status_section(e),
            decisions_section(e),
            top_risks_section(self),
            changes_section(&self.changes),
        ]
    }

    /// The sections after the details: the people in the plan, the hand-over inventory, the
    /// operational evidence, health, then the appendix (when the readiness section leaves items to it), and the
    /// lessons learned, which close the report.
    pub fn closing_sections(&self) -> Vec<Section> {
        let mut sections =
            vec![self.people.section(), self.handover.section(), self.evidence.section()];
        sections.extend(sections_of_health(&self.health, &self.lessons));
        if let Some(appendix) = self.appendix_section() {
            sections.insert(sections.len() - 1, appendix);
        }
        sections
    }

    fn appendix_section(&self) -> Option<Section> {
        self.has_appendix().then(|| Section {
            heading: "Appendix: every item that costs points",
            sentences: vec![format!("{} items, the costliest first.", self.readiness.losses.len())],
            tables: vec![self.appendix_table()],
        })
    }
}

fn compared(e: &Executive, trend: Movement) -> String {
    match (trend, e.previous_report) {
        (Movement::New, _) | (_, None) => "no earlier report to compare with".to_string(),
        (trend, Some(day)) => format!("{} since the report of {day}", trend.label()),
    }
}

fn status_section(e: &Executive) -> Section {
    let rows = e
        .areas
        .iter()
        .map(|a| {
            vec![
                a.area.label().to_string(),
                a.rag.as_str().to_uppercase(),
                a.trend.label().to_string(),
                a.evidence.clone(),
                a.owner.clone().unwrap_or_default(),
                a.next_action.clone().unwrap_or_default(),
            ]
        })
        .collect();
    Section {
        heading: "Executive summary",
        sentences: vec![format!(
            "Overall status: {} ({}).",
            e.overall.as_str().to_uppercase(),
            compared(e, e.overall_trend)
        )],
        tables: vec![TextTable {
            headers: vec!["Area", "Status", "Trend", "Evidence", "Owner", "Next action"],
            rows,
        }],
    }
}

fn decisions_section(e: &Executive) -> Section {
    Section {
        heading: "Decisions needed from the client",
        sentences: if e.decisions.is_empty() { vec!["None at present.".into()] } else { vec![] },
        tables: vec![TextTable {
            headers: vec!["Decision or action"],
            rows: e.decisions.iter().map(|d| vec![d.clone()]).collect(),
        }],
    }
}

fn top_risks_section(report: &Report) -> Section {
    let open = report.health.risks.iter().filter(|r| r.risk.is_open()).count();
    let top = &report.executive.top_risks;
    let sentence = match open {
        0 => "No open risk.".to_string(),
        n if n == top.len() => format!("Every open risk ({n}); the risk register has them all."),
        n => format!(
            "The {} highest exposures of the {n} open risks; the risk register lists every one.",
            top.len()
        ),
    };
    Section {
        heading: "Top risks",
        sentences: vec![sentence],
        tables: vec![TextTable {
            headers: vec!["Top risk", "Exposure", "Owner", "Mitigation"],
            rows: top
                .iter()
                .map(|r| {
                    let (title, owner, mitigation) =
                        (r.title.clone(), r.owner.clone(), r.mitigation.clone());
                    vec![title, r.exposure.to_string(), owner, mitigation]
                })
                .collect(),
        }],
    }
}

fn changes_section(c: &Changes) -> Section {
    let mut sentences = vec![
        format!("Since {} ({}).", c.since, c.since_from.label()),
        score_words(c.score.as_ref()),
    ];
    let none = [
        (c.finished.is_empty(), "Nothing finished in the period."),
        (c.new_risks.is_empty(), "No new risk recorded."),
        (c.slipped.is_empty(), "No planned date moved later."),
    ];
    sentences.extend(none.iter().filter(|(empty, _)| *empty).map(|(_, s)| s.to_string()));
    let dimensions = c.score.as_ref().map_or(Vec::new(), |m| {
        m.dimensions
            .iter()
            .map(|d| {
                vec![
                    d.dimension.label().to_string(),
                    percent_text(d.then),
                    percent_text(d.now),
                    format!("{:+.1}", d.points),
                ]
            })
            .collect()
    });
    let finished =
        c.finished.iter().map(|f| vec![f.day.to_string(), f.what.to_string(), f.title.clone()]);
    let risks = c
        .new_risks
        .iter()
        .map(|r| vec![r.day.to_string(), r.title.clone(), r.exposure.to_string()]);
    let slipped = c
        .slipped
        .iter()
        .map(|s| vec![s.record.clone(), s.field.clone(), s.from.to_string(), s.to.to_string()]);
    Section {
        heading: "What changed",
        sentences,
        tables: vec![
            TextTable {
                headers: vec!["Dimension moved", "Then", "Now", "Points"],
                rows: dimensions,
            },
            TextTable { headers: vec!["Finished", "What", "Item"], rows: finished.collect() },
            TextTable { headers: vec!["Recorded", "New risk", "Exposure"], rows: risks.collect() },
            TextTable { headers: vec!["Slipped", "Date", "Was", "Now"], rows: slipped.collect() },
        ],
    }
}

fn score_words(score: Option<&ScoreMove>) -> String {
    match score {
        Some(m) => format!(
            "Readiness {:.1} on {} → {:.1} now ({:+.1}).",
            m.then,
            m.then_day,
            m.now,
            m.now - m.then
        ),
        None => "No readiness was recorded on or before that day: the score's movement is unknown."
            .to_string(),
    }
}
