//! The client's team in the sample: a person for every role slot and the states they have
//! reached, their skill ratings, and how far knowledge and duties have moved to them.

use chrono::{Days, NaiveDate};

use super::{FIRST_NAMES, LAST_NAMES, Rng, Sample};
use crate::model::{EngagementData, KtStatus, Owner, Person, PersonState, Phase, SkillRating};

/// People for every role slot, further along the more mature the engagement; the most
/// mature slots first. The engagement in Operate gets people in every state.
pub(super) fn staff(data: &mut EngagementData, s: &Sample, today: NaiveDate, rng: &mut Rng) {
    let ladder = [
        PersonState::Planned,
        PersonState::Recruiting,
        PersonState::Hired,
        PersonState::Onboarded,
        PersonState::Independent,
    ];
    let mut people = Vec::new();
    let slots: Vec<(String, Option<NaiveDate>)> = data
        .roles
        .iter()
        .flat_map(|r| std::iter::repeat_n((r.id.clone(), r.target_date), r.planned_count as usize))
        .collect();
    for (n, (role_id, target)) in slots.iter().enumerate() {
        let jitter = rng.below(3) as f64 - 1.0;
        let rung = (s.maturity * 5.0 + jitter).clamp(0.0, 4.0) as usize;
        let state = ladder[rung];
        let name = format!(
            "{} {}",
            FIRST_NAMES[(n * 7 + s.slug.len()) % FIRST_NAMES.len()],
            LAST_NAMES[(n * 5 + s.slug.len() * 3) % LAST_NAMES.len()]
        );
        let mut person = Person::new(Some(role_id.clone()), name, state);
        person.planned_date = *target;
        people.push(person);
    }
    if s.phase == Phase::Operate {
        // One who left, replaced by a colleague still being recruited.
        if let Some(first) = people.first_mut() {
            first.state = PersonState::Left;
        }
        if let Some(role_id) = people.first().and_then(|p| p.role_id.clone()) {
            let mut recruit =
                Person::new(Some(role_id), "Vera Lindqvist".into(), PersonState::Recruiting);
            recruit.planned_date = Some(today + Days::new(21));
            people.push(recruit);
        }
        for (person, state) in people.iter_mut().skip(1).zip(ladder) {
            person.state = state;
        }
    }
    for person in &mut people {
        date_states(person, today);
    }
    data.ratings = rate_skills(data, &people, rng, today);
    data.people = people;
}

/// The dates of the states a person has passed through, a few weeks apart.
fn date_states(person: &mut Person, today: NaiveDate) {
    let reached = |state: PersonState| person.state >= state;
    let ago = |days: u64| Some(today - Days::new(days));
    person.hired_at = if reached(PersonState::Hired) { ago(130) } else { None };
    person.onboarded_at = if reached(PersonState::Onboarded) { ago(90) } else { None };
    person.independent_at = if reached(PersonState::Independent) { ago(25) } else { None };
    person.left_at = if person.state == PersonState::Left { ago(10) } else { None };
    // Hired before the slot's target: the plan said no later than that.
    if person.hired_at.is_some() && person.planned_date > person.hired_at {
        person.planned_date = person.hired_at;
    }
}

/// A partly filled skills matrix: people further along know more.
fn rate_skills(
    data: &EngagementData,
    people: &[Person],
    rng: &mut Rng,
    today: NaiveDate,
) -> Vec<SkillRating> {
    let mut ratings = Vec::new();
    for person in people.iter().filter(|p| p.state >= PersonState::Hired) {
        let base = match person.state {
            PersonState::Hired => 1,
            PersonState::Onboarded => 2,
            _ => 3,
        };
        for skill in &data.skills {
            if rng.chance(0.35) {
                continue;
            }
            let level = (base + rng.below(3) as u8).saturating_sub(1).min(4);
            ratings.push(SkillRating {
                person_id: person.id.clone(),
                skill_id: skill.id.clone(),
                level,
                assessed_at: Some(today - Days::new(rng.below(60))),
            });
        }
    }
    ratings
}

/// Moves KT topics and duties along as far as `maturity`; a topic signed off on its due
/// date, or today if that is still to come.
pub(super) fn transfer_knowledge(
    data: &mut EngagementData,
    maturity: f64,
    today: NaiveDate,
    rng: &mut Rng,
) {
    let owners = [Owner::Contractor, Owner::Shadowing, Owner::ReverseShadowing, Owner::Client];
    let statuses = KtStatus::ALL;
    let count = data.kt_topics.len().max(1);
    for (i, topic) in data.kt_topics.iter_mut().enumerate() {
        // Spread over every status around the engagement's maturity.
        let spread = i as f64 / count as f64 - 0.5;
        let rung = ((maturity + spread * 0.8) * 4.99).clamp(0.0, 4.0) as usize;
        topic.status = statuses[rung];
        if topic.status == KtStatus::SignedOff {
            topic.signed_off_at = topic.due_date.map(|due| due.min(today));
        }
    }
    for r in &mut data.responsibilities {
        let rung = (maturity * 4.0 + rng.below(2) as f64 - 0.5).clamp(0.0, 3.0) as usize;
        r.owner = owners[rung];
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Days, NaiveDate};

    use crate::demo::sample;

    /// Whatever day the sample is made on, nothing in it is signed off after that day, and
    /// each person's states are dated in the order they were reached, none ahead of it.
    #[test]
    fn sign_offs_and_states_are_dated_no_later_than_today_and_in_order() {
        let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for today in (0..400).step_by(19).map(|d| first + Days::new(d)) {
            for data in sample(today) {
                let slug = &data.engagement.slug;
                for topic in &data.kt_topics {
                    let signed = topic.signed_off_at;
                    assert!(signed <= Some(today), "{slug} {}: signed off {signed:?}", topic.title);
                }
                for p in &data.people {
                    let dates: Vec<NaiveDate> =
                        [p.hired_at, p.onboarded_at, p.independent_at, p.left_at]
                            .into_iter()
                            .flatten()
                            .collect();
                    assert!(dates.is_sorted(), "{slug} {}: {dates:?}", p.name);
                    assert!(dates.iter().all(|d| *d <= today), "{slug} {}: {dates:?}", p.name);
                }
            }
        }
    }
}
