//! The readiness score of SPEC §3: each dimension measured, weighted and summed (the level
//! ladder is in `level`, what the score is given in in `score_terms`). A pure function of
//! an engagement's data and the day it is evaluated on.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::level::level;
pub use super::score_terms::{Dimension, DimensionScore, Level, Loss, Readiness, Weights, reaches};
pub use super::staffing::holders;
use super::staffing::role_slots;
use super::{DocItem, EngagementData, RecordId, Snapshot, one_decimal, round_half_up};

/// One weighted item of a dimension: its weight, its value in 0..=1, its name and its
/// record.
struct Item {
    weight: f64,
    value: f64,
    name: String,
    about: RecordId,
}

/// A dimension before weighting: its items, or the finding that explains why it has none.
struct Measured {
    items: Vec<Item>,
    empty_finding: &'static str,
}

impl Measured {
    fn value(&self) -> f64 {
        let total: f64 = self.items.iter().map(|i| i.weight).sum();
        if total == 0.0 {
            return 0.0;
        }
        self.items.iter().map(|i| i.weight * i.value).sum::<f64>() / total
    }

    fn losses(&self, dimension: Dimension, weight: f64) -> impl Iterator<Item = Loss> + '_ {
        let total: f64 = self.items.iter().map(|i| i.weight).sum();
        self.items.iter().filter(|i| i.value < 1.0).map(move |i| Loss {
            dimension,
            item: i.name.clone(),
            about: i.about.clone(),
            points: 100.0 * weight * i.weight * (1.0 - i.value) / total,
        })
    }
}

/// Evaluates the readiness of an engagement on `today`.
pub fn readiness(data: &EngagementData, today: NaiveDate) -> Readiness {
    let weights = data.engagement.weights.unwrap_or_default();
    let holders = holders(data);
    let measured = [
        (Dimension::Staffing, staffing(data)),
        (Dimension::Skills, skills(data, &holders)),
        (Dimension::Kt, kt(data)),
        (Dimension::Responsibilities, responsibilities(data, today)),
        (Dimension::Docs, docs(data, today)),
    ];
    let raw: Vec<f64> = measured.iter().map(|(d, m)| 100.0 * m.value() * weights.get(*d)).collect();
    let (score, points) = shown_points(&raw);
    let dimensions: Vec<DimensionScore> = measured
        .iter()
        .zip(points)
        .map(|((dimension, m), points)| DimensionScore {
            dimension: *dimension,
            value: m.value(),
            weight: weights.get(*dimension),
            points,
            finding: m.items.is_empty().then(|| m.empty_finding.to_string()),
        })
        .collect();
    let mut losses: Vec<Loss> =
        measured.iter().flat_map(|(d, m)| m.losses(*d, weights.get(*d))).collect();
    losses.sort_by(|a, b| b.points.total_cmp(&a.points));
    // Shown to one decimal everywhere, so rounded once here.
    for loss in &mut losses {
        loss.points = one_decimal(loss.points);
    }
    let mut readiness = Readiness {
        score,
        level: Level::L0,
        threshold: data.engagement.readiness_threshold,
        dimensions,
        losses,
        missing_for_next: Vec::new(),
    };
    let (level, missing) = level(data, &readiness, &holders, today);
    readiness.level = level;
    readiness.missing_for_next = missing;
    readiness
}

/// The score and each dimension's points as shown, to one decimal: the score is the exact
/// sum rounded half up, and the points are rounded so that they add up to it as printed
/// (largest remainder: each is rounded down, then the tenths still missing go to the
/// dimensions that lost the most by it).
fn shown_points(raw: &[f64]) -> (f64, Vec<f64>) {
    let total = round_half_up(raw.iter().sum::<f64>() * 10.0).clamp(0.0, 1000.0);
    let mut tenths: Vec<f64> = raw.iter().map(|p| (p * 10.0 + 1e-9).floor()).collect();
    let mut by_remainder: Vec<usize> = (0..raw.len()).collect();
    by_remainder.sort_by(|&a, &b| {
        let remainder = |i: usize| raw[i] * 10.0 - tenths[i];
        remainder(b).total_cmp(&remainder(a)).then(a.cmp(&b))
    });
    let missing = (total - tenths.iter().sum::<f64>()).max(0.0) as usize;
    for &i in by_remainder.iter().take(missing) {
        tenths[i] += 1.0;
    }
    (total / 10.0, tenths.into_iter().map(|t| t / 10.0).collect())
}

// Here, beside the evaluation it records: the records, `Snapshot` among them, stand below
// the score.
impl Snapshot {
    /// The snapshot of a readiness evaluation on `day`.
    pub fn of(day: NaiveDate, readiness: &Readiness) -> Snapshot {
        use Dimension as D;
        let value = |d| readiness.dimension(d).value;
        Snapshot {
            day,
            score: readiness.score,
            staffing: value(D::Staffing),
            skills: value(D::Skills),
            kt: value(D::Kt),
            responsibilities: value(D::Responsibilities),
            docs: value(D::Docs),
            level: readiness.level,
        }
    }
}

fn staffing(data: &EngagementData) -> Measured {
    let mut items = Vec::new();
    for (role, filled) in role_slots(data) {
        for slot in 0..role.planned_count as usize {
            let state = filled.get(slot).copied();
            let name = match state {
                Some(s) => format!("{} slot {}: {}", role.title, slot + 1, s.label()),
                None => format!("{} slot {}: open", role.title, slot + 1),
            };
            let value = state.map_or(0.0, |s| s.value());
            let about = RecordId::Role(role.id.clone());
            items.push(Item { weight: f64::from(role.criticality), value, name, about });
        }
    }
    Measured { items, empty_finding: "no roles planned" }
}

fn skills(data: &EngagementData, holders: &HashMap<&str, u32>) -> Measured {
    let items = data
        .skills
        .iter()
        .map(|s| {
            let held = holders.get(s.id.as_str()).copied().unwrap_or(0);
            let needed = s.min_holders.max(1);
            Item {
                weight: f64::from(s.criticality),
                value: f64::from(held.min(needed)) / f64::from(needed),
                name: format!("skill {}: {held} of {needed} holders", s.name),
                about: RecordId::Skill(s.id.clone()),
            }
        })
        .collect();
    Measured { items, empty_finding: "no skills listed" }
}

fn kt(data: &EngagementData) -> Measured {
    let items = data
        .kt_topics
        .iter()
        .map(|t| Item {
            weight: 1.0,
            value: t.status.value(),
            name: format!("KT {}: {}", t.title, t.status.label()),
            about: RecordId::KtTopic(t.id.clone()),
        })
        .collect();
    Measured { items, empty_finding: "no knowledge-transfer topics planned" }
}

/// The duties by who holds them; with tickets resolved lately, the service desk's evidence
/// weighs as much as all declared duties together (see `evidence_item`).
fn responsibilities(data: &EngagementData, today: NaiveDate) -> Measured {
    let mut items: Vec<Item> = data
        .responsibilities
        .iter()
        .map(|r| Item {
            weight: f64::from(r.criticality),
            value: r.owner.value(),
            name: format!("{}: {}", r.activity, r.owner.label()),
            about: RecordId::Responsibility(r.id.clone()),
        })
        .collect();
    let declared: f64 = items.iter().map(|i| i.weight).sum();
    items.extend(evidence_item(data, today, declared));
    Measured { items, empty_finding: "no responsibilities listed" }
}

/// The share of the incidents and changes resolved lately that the client's team resolved
/// alone, as one item of the Responsibilities dimension weighing `declared` (the weight of
/// the declared duties): the dimension becomes ½ × declared + ½ × evidence. None without
/// duties or without such tickets, so that the score is what it was.
fn evidence_item(data: &EngagementData, today: NaiveDate, declared: f64) -> Option<Item> {
    let evidence = super::evidence::recent_evidence(&data.tickets, today)?;
    let (by_client, resolved) = (evidence.by_client, evidence.resolved);
    (declared > 0.0).then(|| Item {
        weight: declared,
        value: by_client as f64 / resolved as f64,
        name: format!(
            "service desk: client resolved {by_client} of {resolved} in the last {} days",
            super::evidence::EVIDENCE_DAYS
        ),
        about: RecordId::Ticket(evidence.newest.id.clone()),
    })
}

/// The service desk's evidence as the score counts it: the points it adds and the most it
/// could add (its share of the Responsibilities dimension's weight), to one decimal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidencePoints {
    pub resolved: usize,
    pub by_client: usize,
    pub points: f64,
    pub of_points: f64,
}

/// What the evidence adds to the score on `today`; `None` when it is not in the score.
pub fn evidence_points(data: &EngagementData, today: NaiveDate) -> Option<EvidencePoints> {
    let evidence = super::evidence::recent_evidence(&data.tickets, today)?;
    let measured = responsibilities(data, today);
    let total: f64 = measured.items.iter().map(|i| i.weight).sum();
    let item = measured.items.iter().find(|i| matches!(i.about, RecordId::Ticket(_)))?;
    let weights = data.engagement.weights.unwrap_or_default();
    let of_points = 100.0 * weights.get(Dimension::Responsibilities) * item.weight / total;
    Some(EvidencePoints {
        resolved: evidence.resolved,
        by_client: evidence.by_client,
        points: one_decimal(of_points * item.value),
        of_points: one_decimal(of_points),
    })
}

/// A documentation item's value: its status, halved when an approval has gone stale.
pub fn doc_value(doc: &DocItem, today: NaiveDate) -> f64 {
    if doc.is_stale(today) { 0.5 } else { doc.status.value() }
}

fn docs(data: &EngagementData, today: NaiveDate) -> Measured {
    let items = data
        .docs
        .iter()
        .filter(|d| !d.not_applicable)
        .map(|d| {
            let state = if d.is_stale(today) { "stale" } else { d.status.label() };
            Item {
                weight: f64::from(d.criticality),
                value: doc_value(d, today),
                name: format!("doc {}: {state}", d.title),
                about: RecordId::DocItem(d.id.clone()),
            }
        })
        .collect();
    Measured { items, empty_finding: "no documentation items listed" }
}
