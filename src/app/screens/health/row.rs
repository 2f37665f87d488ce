//! A row of the Health screen, which the screen lists and its forms describe.

/// A row of the Health screen's current view, by its index in the engagement's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthRow {
    Risk(usize),
    /// A risk the program sees in the data (index into `Opened::automatic_risks`).
    AutoRisk(usize),
    Planned(usize),
    Cost(usize),
    Test(usize),
    Integration(usize),
    Lesson(usize),
}
