//! A realistic sample: three engagements in different phases, built from the standard
//! template and brought to a plausible state. Deterministic for a given "today".

mod build;
mod handover;
mod health;
mod large;
mod people;
mod rng;
mod sample;
mod team;
mod tickets;

use chrono::NaiveDate;

use crate::model::template::Template;
use crate::model::{EngagementData, Phase};
use crate::store::{Store, StoreError, insert_engagement_data};
use build::build;
use rng::Rng;
use sample::{FIRST_NAMES, LAST_NAMES, Sample};

/// The three engagements of the small sample.
fn small() -> Vec<Sample> {
    vec![
        Sample {
            client: "Nordwind Logistik".into(),
            name: "Fleet portal".into(),
            slug: "nordwind-fleet".into(),
            weeks_ago: 36,
            weeks_to_transfer: 6,
            phase: Phase::Operate,
            maturity: 0.6,
            desk: None,
        },
        Sample {
            client: "Helvetia Retail".into(),
            name: "PIM integration".into(),
            slug: "helvetia-pim".into(),
            weeks_ago: 12,
            weeks_to_transfer: 30,
            phase: Phase::Build,
            maturity: 0.15,
            desk: None,
        },
        Sample {
            client: "Stadtwerke Süd".into(),
            name: "Billing modernisation".into(),
            slug: "stadtwerke-billing".into(),
            weeks_ago: 52,
            weeks_to_transfer: -4,
            phase: Phase::Transfer,
            maturity: 0.92,
            desk: Some(tickets::Desk { weeks: 16, from: 0.55, to: 1.0 }),
        },
    ]
}

crate::model::text_enum!(
    /// How much sample data to make: three engagements with 120 days of history, or fifty
    /// with 10,000 tasks (one column of 1,200 cards), 1,500 people, 3,000 documentation
    /// items and a year of daily snapshots each.
    Size "demo size" {
        Small => "small", "three engagements";
        Large => "large", "fifty engagements, 10,000 tasks";
    }
);

/// Writes the small sample engagements into `store` in one transaction.
pub fn save(store: &mut Store, today: NaiveDate) -> Result<(), StoreError> {
    save_sized(store, today, Size::Small)
}

pub fn save_sized(store: &mut Store, today: NaiveDate, size: Size) -> Result<(), StoreError> {
    save_scaled(store, today, size, 1)
}

/// The sample `scale` times over (for the large one: fifty more engagements each time, for
/// growth measurements).
pub fn save_scaled(
    store: &mut Store,
    today: NaiveDate,
    size: Size,
    scale: u64,
) -> Result<(), StoreError> {
    let sample = sample_scaled(today, size, scale);
    store.edit(|tx| sample.iter().try_for_each(|data| insert_engagement_data(tx, data)))
}

/// The small sample engagements as of `today`.
pub fn sample(today: NaiveDate) -> Vec<EngagementData> {
    sample_sized(today, Size::Small)
}

pub fn sample_sized(today: NaiveDate, size: Size) -> Vec<EngagementData> {
    sample_scaled(today, size, 1)
}

fn sample_scaled(today: NaiveDate, size: Size, scale: u64) -> Vec<EngagementData> {
    let template = Template::standard();
    match size {
        Size::Small => small()
            .iter()
            .enumerate()
            .map(|(i, s)| build(&template, s, today, i as u64 + 1, 120))
            .collect(),
        Size::Large => large::engagements(&template, scale, today),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::score::readiness;
    use crate::model::{DocStatus, KtStatus, PersonState};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
    }

    #[test]
    fn operate_sample_has_people_in_every_state_and_kt_at_every_status() {
        let data = sample(today());
        let operate = data.iter().find(|d| d.engagement.current_phase == Phase::Operate).unwrap();
        for state in PersonState::ALL {
            assert!(operate.people.iter().any(|p| p.state == *state), "no one {state}");
        }
        for status in KtStatus::ALL {
            assert!(operate.kt_topics.iter().any(|t| t.status == *status), "no KT {status}");
        }
        assert!(operate.docs.iter().any(|d| d.is_stale(today())));
        assert!(
            operate.docs.iter().any(|d| d.status == DocStatus::Approved && !d.is_stale(today()))
        );
        assert_eq!(operate.snapshots.len(), 120);
    }

    #[test]
    fn phases_differ_and_the_sample_is_deterministic() {
        let a = sample(today());
        let phases: Vec<Phase> = a.iter().map(|d| d.engagement.current_phase).collect();
        assert_eq!(phases.len(), 3);
        assert!(phases.windows(2).all(|w| w[0] != w[1]));
        let b = sample(today());
        let score = |d: &[EngagementData]| readiness(&d[0], today()).score;
        assert_eq!(score(&a), score(&b));
    }
}
