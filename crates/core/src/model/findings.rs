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
    FindingKind {
        NoClientHolder => "no_client_holder", "no client holder";
        SignedOffBelowLevel => "signed_off_below_level", "signed off below the level";
        NoStandIn => "no_stand_in", "no stand-in";
        LeavesBeforeTakeover => "leaves_before_takeover", "leaves before the hand-over";
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
    rated.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| name_order(&a.0.name, &b.0.name)));
    rated
}

/// The client's people at `skill`'s required level: its holders.
fn holders<'a>(data: &'a EngagementData, skill: &Skill) -> Vec<&'a Person> {
    let rated = rated(data, skill).into_iter();
    rated.filter(|(_, level)| *level >= skill.required_level).map(|(person, _)| person).collect()
}

/// People and their levels in words: "Mira Novak 2, Felix Graf 1".
fn levels(rated: &[(&Person, u8)]) -> String {
    let each = rated.iter().map(|(person, level)| format!("{} {level}", person.name));
    each.collect::<Vec<_>>().join(", ")
}

/// The skill a duty or topic needs, when it names one.
fn skill_of<'a>(data: &'a EngagementData, id: Option<&str>) -> Option<&'a Skill> {
    data.skills.iter().find(|s| Some(s.id.as_str()) == id)
}

/// A duty with the client whose skill nobody on the client's team holds at its level.
fn no_client_holder(data: &EngagementData, duty: &Responsibility) -> Option<Finding> {
    let skill = skill_of(data, duty.skill_id.as_deref())?;
    if duty.owner != Owner::Client || !holders(data, skill).is_empty() {
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
            format!("rated in {name}: {}", levels(&rated))
        },
        action: format!("train someone in {name} to level {level} or keep it with the contractor"),
        about: RecordId::Responsibility(duty.id.clone()),
    })
}

/// A critical duty with the client whose skill one client person alone holds.
fn no_stand_in(data: &EngagementData, duty: &Responsibility) -> Option<Finding> {
    let skill = skill_of(data, duty.skill_id.as_deref())?;
    let holders = holders(data, skill);
    let [only] = holders.as_slice() else { return None };
    if duty.owner != Owner::Client || duty.criticality < CRITICAL {
        return None;
    }
    let (name, level, only) = (&skill.name, skill.required_level, &only.name);
    Some(Finding {
        kind: FindingKind::NoStandIn,
        finding: format!("{} is critical and rests on {only} alone: no stand-in", duty.activity),
        evidence: format!("the only client holder of {name} at level {level} is {only}"),
        action: format!("train a stand-in in {name} to level {level}"),
        about: RecordId::Responsibility(duty.id.clone()),
    })
}

/// The day the person `id` leaves: a client person's `left_at` (today's records, for one who
/// left undated), a contractor person's until-date.
fn leaves_on(data: &EngagementData, id: &str, today: NaiveDate) -> Option<NaiveDate> {
    if let Some(person) = data.people.iter().find(|p| p.id == id) {
        let gone = person.state == PersonState::Left;
        return person.left_at.or(gone.then_some(today));
    }
    data.contractor_staff.iter().find(|c| c.id == id)?.until
}

/// A duty not yet with the client whose accountable person leaves before its target date.
fn accountable_leaves(
    data: &EngagementData,
    duty: &Responsibility,
    today: NaiveDate,
) -> Option<Finding> {
    let target = duty.pending_due()?;
    let id = duty.accountable_id.as_deref()?;
    let leaves = leaves_on(data, id, today).filter(|day| *day < target)?;
    let name = data.person_name(id)?;
    Some(Finding {
        kind: FindingKind::LeavesBeforeTakeover,
        finding: format!("{name} is to take over {} but leaves before", duty.activity),
        evidence: format!("hand-over planned for {target}; {name} leaves on {leaves}"),
        action: "name someone who stays, or hand it over before they leave".to_string(),
        about: RecordId::Responsibility(duty.id.clone()),
    })
}

/// A topic still to sign off whose trainer leaves before its due date.
fn trainer_leaves(data: &EngagementData, topic: &KtTopic, today: NaiveDate) -> Option<Finding> {
    let due = topic.pending_due()?;
    let id = topic.trainer_id.as_deref()?;
    let leaves = leaves_on(data, id, today).filter(|day| *day < due)?;
    let name = data.person_name(id)?;
    Some(Finding {
        kind: FindingKind::LeavesBeforeTakeover,
        finding: format!("{name} trains KT {} but leaves before it is due", topic.title),
        evidence: format!("due {due}; {name} leaves on {leaves}"),
        action: "sign it off earlier, or name a trainer who stays".to_string(),
        about: RecordId::KtTopic(topic.id.clone()),
    })
}

/// A signed-off topic whose trainees are still rated below its skill's level.
fn signed_off_below_level(data: &EngagementData, topic: &KtTopic) -> Option<Finding> {
    let skill = skill_of(data, topic.skill_id.as_deref())?;
    if topic.status != KtStatus::SignedOff {
        return None;
    }
    let trainees: Vec<&str> = data.trainees_of(&topic.id).collect();
    let below: Vec<(&Person, u8)> = rated(data, skill)
        .into_iter()
        .filter(|(p, level)| *level < skill.required_level && trainees.contains(&p.id.as_str()))
        .collect();
    if below.is_empty() {
        return None;
    }
    let (name, level) = (&skill.name, skill.required_level);
    Some(Finding {
        kind: FindingKind::SignedOffBelowLevel,
        finding: format!(
            "KT {} is signed off, but not every trainee holds {name} at level {level}",
            topic.title
        ),
        evidence: format!("trainees below level {level}: {}", levels(&below)),
        action: format!(
            "rate them again after practice, or reopen the topic until they reach level {level}"
        ),
        about: RecordId::KtTopic(topic.id.clone()),
    })
}
