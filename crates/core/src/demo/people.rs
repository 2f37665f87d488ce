//! The people in the sample's plan: the contractor's staff who train, the client's people who
//! take each topic, sign it off, and are accountable for, verify and sign off each duty.

use chrono::NaiveDate;

use crate::model::{
    ContractorPerson, EngagementData, KtStatus, KtTrainee, Person, PersonState, new_id,
};

/// The contractor's staff of every sample engagement: name, role, and how many weeks after
/// the planned transfer each stays (hypercare), the last leaving before it.
const CONTRACTOR_STAFF: &[(&str, &str, i64)] = &[
    ("Jo Brandt", "Engagement lead", 6),
    ("Sam Okafor", "Operations engineer", 4),
    ("Lena Wolf", "Backend engineer", -2),
];

/// Puts people into the plan of `data`, from its start to `transfer`: replaces whatever an
/// earlier call put there, so that it can run again after the staff changed.
pub(super) fn plan_people(data: &mut EngagementData, transfer: NaiveDate) {
    let start = data.engagement.start_date;
    data.contractor_staff = CONTRACTOR_STAFF
        .iter()
        .map(|(name, role, weeks)| ContractorPerson {
            id: new_id(),
            name: name.to_string(),
            role: role.to_string(),
            on_from: start,
            until: Some(transfer.checked_add_signed(chrono::Duration::weeks(*weeks))).flatten(),
        })
        .collect();
    let on_staff: Vec<&Person> = data
        .people
        .iter()
        .filter(|p| p.state >= PersonState::Hired && p.left_at.is_none())
        .collect();
    let pick = |n: usize| on_staff.get(n % on_staff.len().max(1)).map(|p| p.id.clone());
    let trainers: Vec<String> = data.contractor_staff.iter().map(|c| c.id.clone()).collect();
    data.kt_trainees.clear();
    for (i, topic) in data.kt_topics.iter_mut().enumerate() {
        topic.trainer_id = Some(trainers[i % trainers.len()].clone());
        let trainees: Vec<String> = [pick(i), pick(i + 1)].into_iter().flatten().collect();
        topic.signed_off_by_id = pick(i + 2).filter(|_| topic.status == KtStatus::SignedOff);
        for person_id in trainees.iter().take(if i % 3 == 0 { 1 } else { 2 }) {
            let trainee = KtTrainee { topic_id: topic.id.clone(), person_id: person_id.clone() };
            if !data.kt_trainees.contains(&trainee) {
                data.kt_trainees.push(trainee);
            }
        }
    }
    for (i, duty) in data.responsibilities.iter_mut().enumerate() {
        duty.accountable_id = pick(i);
        duty.verifier_id = pick(i + 1).filter(|v| Some(v) != duty.accountable_id.as_ref());
        duty.signer_id = pick(0);
    }
}
