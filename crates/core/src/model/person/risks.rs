//! A person's key-person risks, each one sentence with what to do: the only holder of a
//! critical skill, no stand-in for a critical duty, accountable for a duty nobody can do,
//! and leaving before what they carry is due.

use chrono::NaiveDate;

use super::{
    DutyPart, DutyRole, KeyPersonRisk, PersonReadiness, RiskKind, SkillStanding, TopicPart,
    TopicRole,
};
use crate::model::findings::{Leaving, client_holders, judged_skill, level_in, single_holder};
use crate::model::{EngagementData, KtStatus, Owner, RecordId};

pub(super) fn only_holder_risks(skills: &[SkillStanding]) -> Vec<KeyPersonRisk> {
    skills
        .iter()
        .filter(|s| s.critical && s.only_holder)
        .map(|s| KeyPersonRisk {
            kind: RiskKind::OnlyHolder,
            about: RecordId::Skill(s.skill_id.clone()),
            text: format!(
                "Only holder of the critical skill '{}' (level {}): train a second person.",
                s.name, s.required
            ),
        })
        .collect()
}

/// The critical duties with the client, or moving to it, whose skill the person `id` alone
/// holds (as the finding "no stand-in" says).
pub(super) fn no_stand_in_risks(data: &EngagementData, id: &str) -> Vec<KeyPersonRisk> {
    data.responsibilities
        .iter()
        .filter(|duty| single_holder(data, duty).is_some_and(|only| only.id == id))
        .filter_map(|duty| Some((duty, judged_skill(data, duty.skill_id.as_deref())?)))
        .map(|(duty, skill)| KeyPersonRisk {
            kind: RiskKind::NoStandIn,
            about: RecordId::Responsibility(duty.id.clone()),
            text: format!(
                "No stand-in for the critical duty '{}': the only holder of '{}' (level {}); \
                 train a second person.",
                duty.activity, skill.name, skill.required_level
            ),
        })
        .collect()
}

/// The duties with the client the person `id` is accountable for whose skill nobody on the
/// client's team holds (as the finding "no client holder" says).
pub(super) fn no_holder_risks(
    data: &EngagementData,
    id: &str,
    duties: &[DutyPart],
) -> Vec<KeyPersonRisk> {
    let skill_of = |duty: &DutyPart| {
        let record = data.responsibilities.iter().find(|r| r.id == duty.duty_id)?;
        judged_skill(data, record.skill_id.as_deref())
    };
    duties
        .iter()
        .filter(|d| d.owner == Owner::Client && d.roles.contains(&DutyRole::Accountable))
        .filter_map(|duty| Some((duty, skill_of(duty)?)))
        .filter(|(_, skill)| client_holders(data, skill).is_empty())
        .map(|(duty, skill)| KeyPersonRisk {
            kind: RiskKind::NoHolder,
            about: RecordId::Responsibility(duty.duty_id.clone()),
            text: format!(
                "Accountable for '{}', which is with the client, though nobody on the client's \
                 team holds '{}' at level {} (rated {} here): train someone to that level or \
                 keep it with the contractor.",
                duty.activity,
                skill.name,
                skill.required_level,
                level_in(data, id, &skill.id)
            ),
        })
        .collect()
}

/// What the person's leaving (or having left) leaves uncovered: the duties and topics due
/// after they go and, once gone, the critical duty with the client they are still
/// accountable for, the duty they were to take over and the topics they still train.
pub(super) fn leaving_risks(
    view: &PersonReadiness,
    leaving: Leaving,
    today: NaiveDate,
) -> Vec<KeyPersonRisk> {
    let words = leaving.words();
    let start = words[..1].to_uppercase() + &words[1..];
    let duties = view.duties.iter().filter_map(|duty| duty_left(duty, &start, leaving, today));
    let topics = view.topics.iter().filter_map(|topic| topic_left(topic, &start, leaving, today));
    duties.chain(topics).collect()
}

/// The roles a person has, in words: "accountable and verifies".
fn in_words<R>(roles: &[R], label: impl Fn(&R) -> &'static str) -> String {
    roles.iter().map(label).collect::<Vec<_>>().join(" and ")
}

/// The risk to `duty` of the person leaving, the sentence beginning with `start` ("Left on
/// 2026-10-19").
fn duty_left(
    duty: &DutyPart,
    start: &str,
    leaving: Leaving,
    today: NaiveDate,
) -> Option<KeyPersonRisk> {
    let accountable = duty.roles.contains(&DutyRole::Accountable);
    let about = RecordId::Responsibility(duty.duty_id.clone());
    let roles = in_words(&duty.roles, |r| r.label());
    let (kind, text) = match (duty.owner == Owner::Client, leaving.gone && accountable) {
        (true, true) if duty.critical => (
            RiskKind::LeftButNamed,
            format!(
                "{start} but is still accountable for the critical duty '{}', which is with the \
                 client: name who takes it over.",
                duty.activity
            ),
        ),
        (true, _) => return None,
        (false, true) => {
            let due = duty.target.map(|t| format!(", due {t}")).unwrap_or_default();
            let text = format!(
                "{start} but is still to take over the duty '{}'{due} ({roles}): name who takes \
                 it over instead.",
                duty.activity
            );
            (RiskKind::LeavesBefore, text)
        }
        (false, false) => {
            let target = duty.target.filter(|t| leaving.day_or(today) < *t)?;
            let text = format!(
                "{start}, before the duty '{}' is due on {target} ({roles}): name who takes it \
                 over before then.",
                duty.activity
            );
            (RiskKind::LeavesBefore, text)
        }
    };
    Some(KeyPersonRisk { kind, about, text })
}

/// The risk to a topic not signed off yet of the person leaving, the sentence beginning with
/// `start`.
fn topic_left(
    topic: &TopicPart,
    start: &str,
    leaving: Leaving,
    today: NaiveDate,
) -> Option<KeyPersonRisk> {
    if topic.status == KtStatus::SignedOff {
        return None;
    }
    let trainer = topic.roles.contains(&TopicRole::Trainer);
    let about = RecordId::KtTopic(topic.topic_id.clone());
    if leaving.gone && trainer {
        let due = topic.due.map(|d| format!(", due {d}")).unwrap_or_default();
        let text = format!(
            "{start} but still trains the KT topic '{}' (at {}{due}): name a new trainer.",
            topic.title,
            topic.status.label()
        );
        return Some(KeyPersonRisk { kind: RiskKind::LeftButNamed, about, text });
    }
    let due = topic.due.filter(|d| leaving.day_or(today) < *d)?;
    let what_to_do = if trainer { "name another trainer" } else { "add another trainee" };
    let text = format!(
        "{start}, before the KT topic '{}' is due on {due} ({}): {what_to_do} or bring the \
         topic forward.",
        topic.title,
        in_words(&topic.roles, |r| r.label()),
    );
    Some(KeyPersonRisk { kind: RiskKind::LeavesBefore, about, text })
}
