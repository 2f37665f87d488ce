//! Who fills the plan: each skill's holders and each role's slots, among the people who
//! have not left. The score, the level ladder, the gates, the next steps and the person view
//! count them.

use std::collections::HashMap;

use super::{EngagementData, Person, PersonState, Role};

/// How many people who have not left are rated at or above each skill's required level.
pub fn holders(data: &EngagementData) -> HashMap<&str, u32> {
    let active: HashMap<&str, &Person> = data
        .people
        .iter()
        .filter(|p| p.state != PersonState::Left)
        .map(|p| (p.id.as_str(), p))
        .collect();
    let required: HashMap<&str, u8> =
        data.skills.iter().map(|s| (s.id.as_str(), s.required_level)).collect();
    let mut holders: HashMap<&str, u32> = data.skills.iter().map(|s| (s.id.as_str(), 0)).collect();
    for rating in &data.ratings {
        let Some(&needed) = required.get(rating.skill_id.as_str()) else {
            continue;
        };
        if rating.level >= needed && active.contains_key(rating.person_id.as_str()) {
            *holders.entry(rating.skill_id.as_str()).or_default() += 1;
        }
    }
    holders
}

/// Each role's planned slots, filled by its people who have not left, best state first.
pub(super) fn role_slots(data: &EngagementData) -> Vec<(&Role, Vec<PersonState>)> {
    data.roles
        .iter()
        .map(|role| {
            let mut states: Vec<_> = data.staff_of(role).map(|p| p.state).collect();
            states.sort_by(|a, b| b.value().total_cmp(&a.value()));
            states.truncate(role.planned_count as usize);
            (role, states)
        })
        .collect()
}
