//! What the readiness score is given in (SPEC §3): its five dimensions and their weights,
//! the levels of the ladder, and an evaluation's result (`Readiness`). Plain values, below
//! the records that store them (`Snapshot`, `Engagement::weights`) and the score that
//! computes them.

use serde::{Deserialize, Serialize};

use super::{RecordId, round_half_up, text_enum};

text_enum!(Dimension "dimension" {
    Staffing => "staffing", "Staffing";
    Skills => "skills", "Skills";
    Kt => "kt", "Knowledge transfer";
    Responsibilities => "responsibilities", "Responsibilities";
    Docs => "docs", "Documentation";
});

text_enum!(
    /// A rung of the level ladder; what keeps an engagement from each is in `level`.
    Level "level" {
        L0 => "L0", "Not ready";
        L1 => "L1", "Observing";
        L2 => "L2", "Operating with support";
        L3 => "L3", "Transfer-ready";
    }
);

/// The weight of each dimension; they sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub staffing: f64,
    pub skills: f64,
    pub kt: f64,
    pub responsibilities: f64,
    pub docs: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { staffing: 0.20, skills: 0.25, kt: 0.15, responsibilities: 0.25, docs: 0.15 }
    }
}

impl Weights {
    pub fn get(&self, dimension: Dimension) -> f64 {
        match dimension {
            Dimension::Staffing => self.staffing,
            Dimension::Skills => self.skills,
            Dimension::Kt => self.kt,
            Dimension::Responsibilities => self.responsibilities,
            Dimension::Docs => self.docs,
        }
    }

    /// Weights as a file stores them (`weights_json`), checked.
    pub fn from_stored(json: &str) -> Result<Weights, String> {
        let weights: Weights = serde_json::from_str(json)
            .map_err(|e| super::text::sanitize(&e.to_string()).into_owned())?;
        weights.validate().map(|()| weights)
    }

    /// Refuses negative weights and weights that do not sum to 1.
    pub fn validate(&self) -> Result<(), String> {
        let all = Dimension::ALL.iter().map(|d| self.get(*d));
        if all.clone().any(|w| !(0.0..=1.0).contains(&w)) {
            return Err("each weight must be between 0 and 1".into());
        }
        let sum: f64 = all.sum();
        if (sum - 1.0).abs() > 1e-6 {
            return Err(format!("the weights must sum to 1 (they sum to {sum:.3})"));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionScore {
    pub dimension: Dimension,
    /// 0..=1
    pub value: f64,
    pub weight: f64,
    /// value × weight × 100, to one decimal, rounded so that the dimensions' points add up
    /// to the score as shown.
    pub points: f64,
    /// Set when the dimension has nothing in it, e.g. "no roles planned".
    pub finding: Option<String>,
}

impl DimensionScore {
    /// The value as shown, a percentage to one decimal (rounded half up) given as a share:
    /// 0.799475 is shown as 79.9 % and is 0.799 here. The level decides on this figure.
    pub fn shown_value(&self) -> f64 {
        round_half_up(self.value * 1000.0) / 1000.0
    }
}

/// One item's shortfall: the points the score would gain if it were complete, to one decimal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Loss {
    pub dimension: Dimension,
    pub item: String,
    /// The record the item is of: a role (for its slots), a skill, a topic, a
    /// responsibility, a document.
    #[serde(skip)]
    pub about: RecordId,
    pub points: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Readiness {
    /// 0..=100, to one decimal (rounded half up): the figure shown is the one that decides.
    pub score: f64,
    pub level: Level,
    pub threshold: u8,
    pub dimensions: Vec<DimensionScore>,
    /// Every item that costs points, the costliest first.
    pub losses: Vec<Loss>,
    /// What keeps the engagement from the next level (empty at L3).
    pub missing_for_next: Vec<String>,
}

impl Readiness {
    pub fn dimension(&self, dimension: Dimension) -> &DimensionScore {
        &self.dimensions[Dimension::ALL.iter().position(|d| *d == dimension).unwrap_or(0)]
    }

    /// Whether the score as shown reaches the threshold.
    pub fn meets_threshold(&self) -> bool {
        reaches(self.score, f64::from(self.threshold))
    }
}

/// Whether a score (as shown, to one decimal) reaches `threshold`.
pub fn reaches(score: f64, threshold: f64) -> bool {
    score + 1e-9 >= threshold
}
