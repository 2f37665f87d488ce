//! One sample engagement as the demo describes it before it is built, and the names its
//! people are given.

use super::tickets;
use crate::model::Phase;

/// How far along one sample engagement is.
pub(super) struct Sample {
    pub(super) client: String,
    pub(super) name: String,
    pub(super) slug: String,
    /// Weeks between the start and today, and between today and the planned transfer.
    pub(super) weeks_ago: u64,
    pub(super) weeks_to_transfer: i64,
    pub(super) phase: Phase,
    /// 0..=1: how much of the client's capacity has been built.
    pub(super) maturity: f64,
    /// The service desk, once the service runs.
    pub(super) desk: Option<tickets::Desk>,
}

pub(super) const FIRST_NAMES: &[&str] = &[
    "Anna", "Ben", "Chiara", "David", "Elif", "Felix", "Greta", "Hamid", "Ines", "Jonas", "Katrin",
    "Luca", "Mira", "Noah", "Olga", "Paul", "Rosa", "Samir", "Tanja", "Yusuf",
];
pub(super) const LAST_NAMES: &[&str] = &[
    "Berger",
    "Costa",
    "Dietrich",
    "Engel",
    "Fischer",
    "Graf",
    "Huber",
    "Keller",
    "Lang",
    "Meier",
    "Novak",
    "Özdemir",
    "Peters",
    "Roth",
    "Schmid",
    "Vogel",
    "Weber",
    "Zimmermann",
];
