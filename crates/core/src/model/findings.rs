//! Cross-checks of the people in the plan that become findings: declared ownership checked
//! against who can do the work, and who is still there to do it. Each says what is wrong,
//! the records that show it, and what to do; the header, the Score view and the report show
//! the one list.

use chrono::NaiveDate;
use serde::Serialize;

use super::text::name_order;
use super::{
    CRITICAL, EngagementData, KtStatus, KtTopic, Owner, Person, PersonState, RecordId,
    Responsibility, Skill, text_enum,
};

text_enum!(
    /// What a finding checks.
    FindingKind "finding kind" {
        NoClientHolder => "no_client_holder", "no client holder";
        SignedOffBelowLevel => "signed_off_below_level", "signed off below the level";
        NoStandIn => "no_stand_in", "no stand-in";
        LeavesBeforeTakeover => "leaves_before_takeover", "leaves before the hand-over";
        LeftButNamed => "left_but_named", "left but still named";
    }
);

/// A finding: what is wrong, the evidence, what to do, and the record it is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub finding: String,
    pub evidence: String,
    pub action: String,
    #[serde(skip)]
    pub about: RecordId,
}

/// Every finding of `data` on `today`: the duties first, in the order of the records.
pub fn findings(data: &EngagementData, today: NaiveDate) -> Vec<Finding> {
    let mut found = Vec::new();
    for duty in &data.responsibilities {
        found.extend(no_client_holder(data, duty));
        found.extend(no_stand_in(data, duty));
        found.extend(accountable_leaves(data, duty, today));
    }
    for topic in &data.kt_topics {
        found.extend(signed_off_below_level(data, topic));
        found.extend(trainer_leaves(data, topic, today));
    }
    found
}

/// The level the person `person_id` is rated at in `skill_id`: 0 when not rated.
pub(super) fn level_in(data: &EngagementData, person_id: &str, skill_id: &str) -> u8 {
    let rated = data.ratings.iter().find(|r| r.person_id == person_id && r.skill_id == skill_id);
    rated.map_or(0, |r| r.level)
}

/// The client's people still on the engagement rated in `skill`, the highest level first.
fn rated<'a>(data: &'a EngagementData, skill: &Skill) -> Vec<(&'a Person, u8)> {
    let mut rated: Vec<(&Person, u8)> = data
        .ratings
        .iter()
        .filter(|r| r.skill_id == skill.id)
        .filter_map(|r| {
            let person = data.people.iter().find(|p| p.id == r.person_id)?;
            (person.state != PersonState::Left).then_some((person, r.level))
        })
        .collect();
    by_level(&mut rated);
    rated
}

/// The highest level first, then by name.
fn by_level(people: &mut [(&Person, u8)]) {
    people.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| name_order(&a.0.name, &b.0.name)));
}

/// The client's people at `skill`'s required level: its holders (people who left hold
/// nothing).
pub(super) fn client_holders<'a>(data: &'a EngagementData, skill: &Skill) -> Vec<&'a Person> {
    let rated = rated(data, skill).into_iter();
    rated.filter(|(_, level)| *level >= skill.required_level).map(|(person, _)| person).collect()
}

/// People and their levels in words: "Mira Novak 2, Felix Graf not rated".
fn levels(data: &EngagementData, skill: &Skill, people: &[(&Person, u8)]) -> String {
    let each = people.iter().map(|(person, level)| {
        let rated = data.ratings.iter().any(|r| r.person_id == person.id && r.skill_id == skill.id);
        match rated {
            true => format!("{} {level}", person.name),
            false => format!("{} not rated", person.name),
        }
    });
    each.collect::<Vec<_>>().join(", ")
}

/// The skill a duty or topic needs, when it names one that asks for a level (a skill at
/// level 0 asks for nothing anyone could fall short of).
pub(super) fn judged_skill<'a>(data: &'a EngagementData, id: Option<&str>) -> Option<&'a Skill> {
    data.skills.iter().find(|s| Some(s.id.as_str()) == id && s.required_level > 0)
}

/// A duty with the client whose skill nobody on the client's team holds at its level.
fn no_client_holder(data: &EngagementData, duty: &Responsibility) -> Option<Finding> {
    let skill = judged_skill(data, duty.skill_id.as_deref())?;
    if duty.owner != Owner::Client || !client_holders(data, skill).is_empty() {
        return None;
    }
    let (name, level) = (&skill.name, skill.required_level);
    let rated = rated(data, skill);
    Some(Finding {
        kind: FindingKind::NoClientHolder,
        finding: format!(
            "{} is with the client, but nobody on the client's team holds {name} at level {level}",
            duty.activity
        ),
        evidence: if rated.is_empty() {
            format!("nobody on the client's team is rated in {name}")
        } else {
            format!("rated in {name}: {}", levels(data, skill, &rated))
        },
        action: format!("train someone in {name} to level {level} or keep it with the contractor"),
        about: RecordId::Responsibility(duty.id.clone()),
    })
}

/// The one client person a critical duty with the client, or moving to it, rests on: the
/// only holder of its skill.
pub(super) fn single_holder<'a>(
    data: &'a EngagementData,
    duty: &Responsibility,
) -> Option<&'a Person> {
    if duty.owner == Owner::Contractor || duty.criticality < CRITICAL {
        return None;
    }
    let skill = judged_skill(data, duty.skill_id.as_deref())?;
    let [only] = client_holders(data, skill)[..] else { return None };
    Some(only)
}

/// A critical duty with the client, or moving to it, whose skill one client person alone
/// holds.
fn no_stand_in(data: &EngagementData, duty: &Responsibility) -> Option<Finding> {
    let only = &single_holder(data, duty)?.name;
    let skill = judged_skill(data, duty.skill_id.as_deref())?;
    let (name, level) = (&skill.name, skill.required_level);
    Some(Finding {
        kind: FindingKind::NoStandIn,
        finding: format!("{} is critical and rests on {only} alone: no stand-in", duty.activity),
        evidence: format!("the only client holder of {name} at level {level} is {only}"),
        action: format!("train a stand-in in {name} to level {level}"),
        about: RecordId::Responsibility(duty.id.clone()),
    })
}

/// When a person leaves the engagement, and whether they are gone by the day asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Leaving {
    /// A client person's `left_at`, the contractor's until-date; none for a client person
    /// who left undated.
    pub(super) day: Option<NaiveDate>,
    pub(super) gone: bool,
}

impl Leaving {
    /// "leaves on 2027-01-15", "left on 2026-10-19", "has left".
    pub(super) fn words(&self) -> String {
        match (self.gone, self.day) {
            (false, Some(day)) => format!("leaves on {day}"),
            (true, Some(day)) => format!("left on {day}"),
            (_, None) => "has left".to_string(),
        }
    }

    /// The day they leave, or `today` for one who left undated.
    pub(super) fn day_or(&self, today: NaiveDate) -> NaiveDate {
        self.day.unwrap_or(today)
    }
}

/// When the person `id` leaves: a client person by `left_at` (gone in state "left" or once
/// the day has passed), the contractor's by the until-date (gone once it has passed).
pub(super) fn leaving(data: &EngagementData, id: &str, today: NaiveDate) -> Option<Leaving> {
    if let Some(person) = data.people.iter().find(|p| p.id == id) {
        let left = person.state == PersonState::Left;
        let day = person.left_at;
        let gone = left || day.is_some_and(|d| d < today);
        return (left || day.is_some()).then_some(Leaving { day, gone });
    }
    let day = data.contractor_staff.iter().find(|c| c.id == id)?.until?;
    Some(Leaving { day: Some(day), gone: day < today })
}

/// A duty not yet with the client whose accountable person has left or leaves before its
/// target date; a critical duty with the client whose accountable person has left.
fn accountable_leaves(
    data: &EngagementData,
    duty: &Responsibility,
    today: NaiveDate,
) -> Option<Finding> {
    let id = duty.accountable_id.as_deref()?;
    let leaving = leaving(data, id, today)?;
    let name = data.person_name(id)?;
    let about = RecordId::Responsibility(duty.id.clone());
    if duty.owner == Owner::Client {
        return (leaving.gone && duty.criticality >= CRITICAL).then(|| Finding {
            kind: FindingKind::LeftButNamed,
            finding: format!(
                "{name} {} but is still accountable for {}",
                leaving.words(),
                duty.activity
            ),
            evidence: format!("{} is critical and with the client", duty.activity),
            action: "name who takes it over".to_string(),
            about,
        });
    }
    let target = duty.pending_due();
    let before = target.is_some_and(|target| leaving.day_or(today) < target);
    if !leaving.gone && !before {
        return None;
    }
    let (when, action) = match target.filter(|_| !leaving.gone) {
        Some(target) => (
            format!("{}, before its target {target}", leaving.words()),
            "name someone who stays, or hand it over before they leave",
        ),
        None => (leaving.words(), "name who takes it over instead"),
    };
    let planned = target.map(|t| format!("hand-over planned for {t}; ")).unwrap_or_default();
    Some(Finding {
        kind: FindingKind::LeavesBeforeTakeover,
        finding: format!("{name} is to take over {} but {when}", duty.activity),
        evidence: format!("{planned}{name} {}", leaving.words()),
        action: action.to_string(),
        about,
    })
}

/// A topic still to sign off whose trainer has left, or leaves before its due date.
fn trainer_leaves(data: &EngagementData, topic: &KtTopic, today: NaiveDate) -> Option<Finding> {
    if topic.status == KtStatus::SignedOff {
        return None;
    }
    let id = topic.trainer_id.as_deref()?;
    let leaving = leaving(data, id, today)?;
    let name = data.person_name(id)?;
    let about = RecordId::KtTopic(topic.id.clone());
    let due = topic.pending_due();
    if leaving.gone {
        let due = due.map(|d| format!(", due {d}")).unwrap_or_default();
        return Some(Finding {
            kind: FindingKind::LeftButNamed,
            finding: format!("{name} {} but still trains KT {}", leaving.words(), topic.title),
            evidence: format!("still at {}{due}", topic.status.label()),
            action: "name a new trainer".to_string(),
            about,
        });
    }
    let due = due.filter(|due| leaving.day_or(today) < *due)?;
    Some(Finding {
        kind: FindingKind::LeavesBeforeTakeover,
        finding: format!("{name} trains KT {} but leaves before it is due", topic.title),
        evidence: format!("due {due}; {name} {}", leaving.words()),
        action: "sign it off earlier, or name a trainer who stays".to_string(),
        about,
    })
}

/// A signed-off topic whose trainees (who have not left) are still below its skill's level;
/// one not rated is at level 0.
fn signed_off_below_level(data: &EngagementData, topic: &KtTopic) -> Option<Finding> {
    let skill = judged_skill(data, topic.skill_id.as_deref())?;
    if topic.status != KtStatus::SignedOff {
        return None;
    }
    let mut below: Vec<(&Person, u8)> = data
        .trainees_of(&topic.id)
        .filter_map(|id| data.people.iter().find(|p| p.id == id))
        .filter(|p| p.state != PersonState::Left)
        .map(|p| (p, level_in(data, &p.id, &skill.id)))
        .filter(|(_, level)| *level < skill.required_level)
        .collect();
    if below.is_empty() {
        return None;
    }
    by_level(&mut below);
    let (name, level) = (&skill.name, skill.required_level);
    Some(Finding {
        kind: FindingKind::SignedOffBelowLevel,
        finding: format!(
            "KT {} is signed off, but not every trainee holds {name} at level {level}",
            topic.title
        ),
        evidence: format!("trainees below level {level}: {}", levels(data, skill, &below)),
        action: format!(
            "rate them again after practice, or reopen the topic until they reach level {level}"
        ),
        about: RecordId::KtTopic(topic.id.clone()),
    })
}
