//! The findings on who can do what, each by a hand-made case: present as built, and gone
//! once what it points at is fixed.

mod common;

use botdash::model::*;
use common::records::*;

const TODAY: &str = "2026-06-15";

/// Incident response at level 3; two client people, Mira and Noah, neither rated yet.
fn team() -> EngagementData {
    let mut data = empty();
    data.skills.push(Skill { name: "Incident response".into(), ..skill("ir", 3, 1, 3) });
    data.people.push(Person {
        name: "Mira Novak".into(),
        ..person("mira", "r", PersonState::Independent)
    });
    data.people.push(Person {
        name: "Noah Keller".into(),
        ..person("noah", "r", PersonState::Independent)
    });
    data
}

fn with_skill(mut duty: Responsibility) -> Responsibility {
    duty.skill_id = Some("ir".into());
    duty
}

fn found(data: &EngagementData) -> Vec<Finding> {
    findings(data, day(TODAY))
}

fn kinds(data: &EngagementData) -> Vec<FindingKind> {
    found(data).iter().map(|f| f.kind).collect()
}

#[test]
fn a_duty_with_the_client_whose_skill_no_client_person_holds() {
    let mut data = team();
    data.responsibilities.push(Responsibility {
        activity: "Incident management".into(),
        ..with_skill(duty("im", 2, Owner::Client))
    });
    data.ratings.push(rating("mira", "ir", 2));
    let [f] = found(&data).try_into().unwrap();
    assert_eq!(f.kind, FindingKind::NoClientHolder);
    assert_eq!(
        f.finding,
        "Incident management is with the client, but nobody on the client's team holds \
         Incident response at level 3"
    );
    assert_eq!(f.evidence, "rated in Incident response: Mira Novak 2");
    assert_eq!(
        f.action,
        "train someone in Incident response to level 3 or keep it with the contractor"
    );
    assert_eq!(f.about, RecordId::Responsibility("im".into()));
    // The header's warnings say it, and open the duty.
    let warned = concerns(&data, None, &findings(&data, day(TODAY)), day(TODAY));
    assert!(warned.iter().any(|w| w.text == f.finding
        && w.concern == Concern::Record(RecordId::Responsibility("im".into()))));

    // Still with the contractor: nothing to find yet.
    data.responsibilities[0].owner = Owner::ReverseShadowing;
    assert!(kinds(&data).is_empty());
    // With the client, and Mira trained to the level: held.
    data.responsibilities[0].owner = Owner::Client;
    data.ratings[0].level = 3;
    assert!(kinds(&data).is_empty());
    // Someone who left holds nothing.
    data.people[0].state = PersonState::Left;
    assert_eq!(kinds(&data), [FindingKind::NoClientHolder]);
}

#[test]
fn a_topic_signed_off_while_a_trainee_is_below_its_skill_s_level() {
    let mut data = team();
    data.kt_topics.push(KtTopic {
        title: "Incident runbook".into(),
        ..topic("runbook", Some("ir"), KtStatus::SignedOff)
    });
    for trainee in ["mira", "noah"] {
        data.kt_trainees.push(KtTrainee { topic_id: "runbook".into(), person_id: trainee.into() });
    }
    data.ratings.extend([rating("mira", "ir", 2), rating("noah", "ir", 3)]);
    let [f] = found(&data).try_into().unwrap();
    assert_eq!(f.kind, FindingKind::SignedOffBelowLevel);
    assert_eq!(
        f.finding,
        "KT Incident runbook is signed off, but not every trainee holds Incident response at level 3"
    );
    assert_eq!(f.evidence, "trainees below level 3: Mira Novak 2", "Noah is at the level");
    assert_eq!(f.about, RecordId::KtTopic("runbook".into()));

    // Not signed off yet: training still under way.
    data.kt_topics[0].status = KtStatus::ReverseShadowing;
    assert!(kinds(&data).is_empty());
    // Signed off once Mira reached the level.
    data.kt_topics[0].status = KtStatus::SignedOff;
    data.ratings[0].level = 3;
    assert!(kinds(&data).is_empty());
}

#[test]
fn a_critical_duty_with_the_client_that_one_person_alone_can_do() {
    let mut data = team();
    data.responsibilities.push(Responsibility {
        activity: "On-call".into(),
        ..with_skill(duty("oncall", CRITICAL, Owner::Client))
    });
    data.ratings.extend([rating("mira", "ir", 3), rating("noah", "ir", 2)]);
    let [f] = found(&data).try_into().unwrap();
    assert_eq!(f.kind, FindingKind::NoStandIn);
    assert_eq!(f.finding, "On-call is critical and rests on Mira Novak alone: no stand-in");
    assert_eq!(f.evidence, "the only client holder of Incident response at level 3 is Mira Novak");
    assert_eq!(f.action, "train a stand-in in Incident response to level 3");

    // Not critical: one holder is enough.
    data.responsibilities[0].criticality = 2;
    assert!(kinds(&data).is_empty());
    // Critical, and Noah trained as the stand-in.
    data.responsibilities[0].criticality = CRITICAL;
    data.ratings[1].level = 3;
    assert!(kinds(&data).is_empty());
}

#[test]
fn someone_planned_to_take_over_or_to_train_who_leaves_before() {
    let mut data = team();
    data.responsibilities.push(Responsibility {
        activity: "Deployments".into(),
        owner: Owner::Shadowing,
        target_date: Some(day("2026-09-01")),
        accountable_id: Some("mira".into()),
        ..duty("deploy", 2, Owner::Shadowing)
    });
    data.people[0].left_at = Some(day("2026-08-01"));
    let [f] = found(&data).try_into().unwrap();
    assert_eq!(f.kind, FindingKind::LeavesBeforeTakeover);
    assert_eq!(
        f.finding,
        "Mira Novak is to take over Deployments but leaves on 2026-08-01, before its target \
         2026-09-01"
    );
    assert_eq!(f.evidence, "hand-over planned for 2026-09-01; Mira Novak leaves on 2026-08-01");
    // Staying past the hand-over, or already handed over: nothing to find.
    data.people[0].left_at = Some(day("2026-10-01"));
    assert!(kinds(&data).is_empty());
    data.people[0].left_at = Some(day("2026-08-01"));
    data.responsibilities[0].owner = Owner::Client;
    assert!(kinds(&data).is_empty());

    // The contractor's trainer of a topic due after their until-date.
    data.contractor_staff.push(ContractorPerson {
        id: "jo".into(),
        name: "Jo Brandt".into(),
        role: "Engagement lead".into(),
        on_from: None,
        until: Some(day("2026-07-01")),
    });
    data.kt_topics.push(KtTopic {
        title: "Release process".into(),
        due_date: Some(day("2026-08-01")),
        trainer_id: Some("jo".into()),
        ..topic("release", None, KtStatus::Session)
    });
    let [f] = found(&data).try_into().unwrap();
    assert_eq!(f.kind, FindingKind::LeavesBeforeTakeover);
    assert_eq!(f.finding, "Jo Brandt trains KT Release process but leaves before it is due");
    assert_eq!(f.about, RecordId::KtTopic("release".into()));
    data.contractor_staff[0].until = Some(day("2026-08-15"));
    assert!(kinds(&data).is_empty());
}

#[test]
fn a_trainee_not_rated_in_a_signed_off_topic_s_skill_is_at_level_0() {
    let mut data = team();
    data.kt_topics.push(KtTopic {
        title: "Deployment pipeline".into(),
        ..topic("pipeline", Some("ir"), KtStatus::SignedOff)
    });
    for trainee in ["mira", "noah"] {
        data.kt_trainees.push(KtTrainee { topic_id: "pipeline".into(), person_id: trainee.into() });
    }
    data.ratings.push(rating("mira", "ir", 3));
    let [f] = found(&data).try_into().unwrap();
    assert_eq!(f.kind, FindingKind::SignedOffBelowLevel);
    assert_eq!(f.evidence, "trainees below level 3: Noah Keller not rated");

    data.ratings.clear();
    let [f] = found(&data).try_into().unwrap();
    assert_eq!(f.evidence, "trainees below level 3: Mira Novak not rated, Noah Keller not rated");
    data.ratings = vec![rating("mira", "ir", 3), rating("noah", "ir", 3)];
    assert!(kinds(&data).is_empty(), "both rated at the level");
}

#[test]
fn a_critical_duty_moving_to_the_client_that_one_person_alone_can_do() {
    let mut data = team();
    data.responsibilities.push(Responsibility {
        activity: "On-call".into(),
        ..with_skill(duty("oncall", CRITICAL, Owner::ReverseShadowing))
    });
    data.ratings.push(rating("mira", "ir", 3));
    assert_eq!(kinds(&data), [FindingKind::NoStandIn], "it lands on Mira alone");
    data.responsibilities[0].owner = Owner::Contractor;
    assert!(kinds(&data).is_empty(), "still with the contractor");
}

/// Lena of the contractor trains "Frontend structure" (Incident response), due 2026-05-15,
/// in session; she stays until 2026-06-01, two weeks before today.
fn with_a_trainer_gone() -> EngagementData {
    let mut data = team();
    data.contractor_staff.push(ContractorPerson {
        id: "lena".into(),
        name: "Lena Wolf".into(),
        role: "Backend engineer".into(),
        on_from: None,
        until: Some(day("2026-06-01")),
    });
    data.kt_topics.push(KtTopic {
        title: "Frontend structure".into(),
        due_date: Some(day("2026-05-15")),
        trainer_id: Some("lena".into()),
        ..topic("frontend", Some("ir"), KtStatus::Session)
    });
    data
}

#[test]
fn a_trainer_who_is_gone_but_still_trains_a_topic_not_signed_off() {
    let mut data = with_a_trainer_gone();
    let [f] = found(&data).try_into().unwrap();
    assert_eq!(f.kind, FindingKind::LeftButNamed);
    assert_eq!(f.finding, "Lena Wolf left on 2026-06-01 but still trains KT Frontend structure");
    assert_eq!(f.evidence, "still at session, due 2026-05-15");
    assert_eq!(f.action, "name a new trainer");
    assert_eq!(f.about, RecordId::KtTopic("frontend".into()));
    let warned = concerns(&data, None, &findings(&data, day(TODAY)), day(TODAY));
    assert!(warned.iter().any(|w| w.text == f.finding), "the header says it");

    data.kt_topics[0].due_date = None;
    assert_eq!(kinds(&data), [FindingKind::LeftButNamed], "due or not, she is gone");
    data.contractor_staff[0].until = Some(day(TODAY));
    assert!(kinds(&data).is_empty(), "her last day is today: still there");
    data.contractor_staff[0].until = Some(day("2026-06-01"));
    data.kt_topics[0].status = KtStatus::SignedOff;
    assert!(kinds(&data).is_empty(), "signed off: nothing left to train");
}

#[test]
fn a_client_person_who_left_but_is_accountable_for_a_critical_duty_with_the_client() {
    let mut data = team();
    data.responsibilities.push(Responsibility {
        activity: "On-call".into(),
        accountable_id: Some("mira".into()),
        ..duty("oncall", CRITICAL, Owner::Client)
    });
    data.people[0].state = PersonState::Left;
    data.people[0].left_at = Some(day("2026-05-31"));
    let [f] = found(&data).try_into().unwrap();
    assert_eq!(f.kind, FindingKind::LeftButNamed);
    assert_eq!(f.finding, "Mira Novak left on 2026-05-31 but is still accountable for On-call");
    assert_eq!(f.action, "name who takes it over");
    data.people[0].left_at = None;
    assert_eq!(found(&data)[0].finding, "Mira Novak has left but is still accountable for On-call");

    data.responsibilities[0].criticality = 2;
    assert!(kinds(&data).is_empty(), "not a critical duty");
    data.responsibilities[0].criticality = CRITICAL;
    data.people[0].state = PersonState::Independent;
    assert!(kinds(&data).is_empty(), "still there");
    // Planned to take over a duty still with the contractor, and gone: no target date needed.
    data.people[0].state = PersonState::Left;
    data.responsibilities[0].owner = Owner::Contractor;
    let [f] = found(&data).try_into().unwrap();
    assert_eq!(f.kind, FindingKind::LeavesBeforeTakeover);
    assert_eq!(f.finding, "Mira Novak is to take over On-call but has left");
    assert_eq!(f.action, "name who takes it over instead");
}

/// None of the checks cries wolf: each case below is one a finding could wrongly read.
#[test]
fn no_finding_for_who_left_holding_nothing_the_not_applicable_the_contractor_s_level_0_or_unsigned()
{
    // A person who left, rated at the level, named nowhere: neither a holder nor a finding.
    let mut data = team();
    data.people[0].state = PersonState::Left;
    data.people[0].left_at = Some(day("2026-05-31"));
    data.ratings.push(rating("mira", "ir", 4));
    assert!(kinds(&data).is_empty());
    // ... nor a below-level trainee of a signed-off topic once gone.
    data.kt_topics.push(topic("runbook", Some("ir"), KtStatus::SignedOff));
    data.kt_trainees.push(KtTrainee { topic_id: "runbook".into(), person_id: "mira".into() });
    data.ratings[0].level = 1;
    assert!(kinds(&data).is_empty(), "{:?}", found(&data));

    // A not-applicable critical document: findings are about people, not the checklist.
    let mut data = team();
    data.docs.push(DocItem { not_applicable: true, ..doc("dr", CRITICAL, DocStatus::Missing) });
    assert!(kinds(&data).is_empty());

    // A critical duty with the contractor whose skill nobody holds, Noah to take it over.
    let mut data = team();
    data.responsibilities.push(Responsibility {
        accountable_id: Some("noah".into()),
        ..with_skill(duty("oncall", CRITICAL, Owner::Contractor))
    });
    assert!(kinds(&data).is_empty(), "{:?}", found(&data));

    // A skill that asks for level 0: nobody is below it, no holder is missing.
    let mut data = team();
    data.skills[0].required_level = 0;
    data.responsibilities.push(with_skill(duty("oncall", CRITICAL, Owner::Client)));
    data.kt_topics.push(topic("runbook", Some("ir"), KtStatus::SignedOff));
    data.kt_trainees.push(KtTrainee { topic_id: "runbook".into(), person_id: "noah".into() });
    data.ratings.push(rating("mira", "ir", 0));
    assert!(kinds(&data).is_empty(), "{:?}", found(&data));

    // A topic not signed off, its trainees below the level: training is under way.
    let mut data = team();
    data.kt_topics.push(topic("runbook", Some("ir"), KtStatus::ReverseShadowing));
    data.kt_trainees.push(KtTrainee { topic_id: "runbook".into(), person_id: "noah".into() });
    assert!(kinds(&data).is_empty(), "{:?}", found(&data));
}
