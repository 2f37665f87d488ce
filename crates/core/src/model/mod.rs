//! Plain domain types and pure logic: no terminal, and no database access — the records
//! only state which columns their fields are stored in (see `records`). The modules stand in
//! layers, each importing only those below it (`crates/core/tests/layers/` checks it):
//! plain values (`kinds`, `text`, `input`, `ranges`, `money`, `score_terms`, `csv_rows`);
//! the records by subject (`plan`, `people`, `docs`, `handover`, `health_records`,
//! `tickets`), each with what it answers of its own fields alone; `data`, which holds them
//! (`EngagementData`, `Snapshot`); and what is computed from it (`staffing`, `level`,
//! `score`, `evidence`, `forecast`, `health`, `gate`, `rules`, `template`, `checklist`,
//! `findings`, `person`, `warnings` …). The most used are re-exported here (`model::Task`).

pub mod checklist;
mod csv_rows;
mod data;
mod docs;
pub mod evidence;
mod findings;
pub mod forecast;
pub mod gate;
pub mod handover;
pub mod health;
mod health_records;
mod input;
mod kinds;
mod level;
mod money;
mod next_actions;
mod people;
pub mod person;
mod plan;
mod ranges;
mod references;
pub mod rules;
pub mod score;
mod score_terms;
mod staffing;
pub mod template;
pub mod text;
mod tickets;
mod warnings;

pub use data::*;
pub use docs::*;
pub use findings::*;
pub use kinds::*;
pub use people::*;
pub use plan::*;
pub use warnings::*;

/// Declares an enum stored as lower-case text (in SQLite, TOML and JSON), with its
/// stable text form, a human label and the list of all variants in their natural order.
/// After its name comes the noun a user calls a value of it by ("ticket type"), with which
/// a text that is none of them is refused.
macro_rules! text_enum {
    (
        $(#[$meta:meta])* $name:ident $noun:literal {
            $($variant:ident => $text:literal, $label:literal;)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <String as serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every variant's text form, in order (for choices offered by name).
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Whether this is the last variant: `next` wraps around from it to the first.
            pub fn is_last(self) -> bool {
                Self::ALL.last() == Some(&self)
            }

            /// The variant after this one, wrapping around to the first.
            pub fn next(self) -> Self {
                let i = Self::ALL.iter().position(|v| *v == self).unwrap_or(0);
                Self::ALL[(i + 1) % Self::ALL.len()]
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(
                        "unknown {} '{}' (one of: {})",
                        $noun,
                        $crate::model::text::sanitize(s),
                        [$($text),+].join(", ")
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

/// A record of the engagement by its kind and id: what a score item, a next step or a
/// warning is about, so that a screen can open it without reading its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordId {
    Engagement(String),
    Task(String),
    Role(String),
    Person(String),
    ContractorPerson(String),
    Skill(String),
    KtTopic(String),
    Responsibility(String),
    DocItem(String),
    HandoverItem(String),
    Ticket(String),
}

/// Criticality 1 (low) to 3 (critical), as stored in several tables.
pub const CRITICAL: u8 = 3;

/// Whole percent of `part` in `whole`, rounded half up; 0 when there is nothing to count.
pub fn percent(part: usize, whole: usize) -> u32 {
    (part * 200 + whole).checked_div(2 * whole).unwrap_or(0) as u32
}

/// A share in 0..=1 as a percentage to one decimal, rounded half up: how a dimension's value
/// and weight are shown beside its points, precise enough to recompute them ("47.6 %" ×
/// "20.0 %" → 9.5), and alike in a column ("51.0 %" under "89.7 %").
pub fn percent_text(share: f64) -> String {
    format!("{:.1} %", round_half_up(share * 1000.0) / 10.0)
}

/// Rounds half up, ignoring the float noise of sums (a hand-computed 95.95 may be held as
/// 95.94999…): the rounding a person does on paper.
pub fn round_half_up(x: f64) -> f64 {
    (x + 1e-9).round()
}

/// `x` to one decimal, rounded half up: how points and scores are shown and decided on.
pub fn one_decimal(x: f64) -> f64 {
    round_half_up(x * 10.0) / 10.0
}

/// A moment in UTC as records are stamped with it: ISO 8601, to the second, e.g.
/// `2026-06-15T09:30:00Z`.
pub fn timestamp(utc: chrono::NaiveDateTime) -> String {
    utc.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The current moment as the store stamps its own rows with it (see `timestamp`): when an
/// edit was logged, a sync file applied, a conflict found or resolved, a report written.
/// Read here rather than passed in: each is the moment of the write itself, which no caller
/// knows better, and passing it would add an argument to every edit. What the user sees as
/// a record's dates (a card's last change, a new engagement's creation) comes from the
/// app's clock with the command.
pub fn timestamp_now() -> String {
    timestamp(chrono::Utc::now().naive_utc())
}

/// A new time-ordered unique id for a record.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
