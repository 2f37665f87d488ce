//! Records built by hand for tests that check figures computed by hand: an empty engagement
//! and one record of each people and plan kind, named by their id.

use botdash::model::*;
use chrono::NaiveDate;

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn empty() -> EngagementData {
    EngagementData::new(Engagement {
        id: "e".into(),
        slug: "e".into(),
        client: "Client".into(),
        name: "Name".into(),
        start_date: None,
        planned_transfer_date: None,
        current_phase: Phase::Plan,
        readiness_threshold: 80,
        weights: None,
        weights_problem: None,
        archived: false,
        currency: "EUR".into(),
    })
}

pub fn role(id: &str, planned_count: u32, criticality: u8) -> Role {
    Role { id: id.into(), title: id.into(), planned_count, criticality, target_date: None }
}

pub fn person(id: &str, role: &str, state: PersonState) -> Person {
    Person {
        id: id.into(),
        role_id: Some(role.into()),
        name: id.into(),
        state,
        planned_date: None,
        hired_at: None,
        onboarded_at: None,
        independent_at: None,
        left_at: None,
    }
}

pub fn skill(id: &str, required_level: u8, min_holders: u32, criticality: u8) -> Skill {
    Skill {
        id: id.into(),
        name: id.into(),
        category: String::new(),
        required_level,
        min_holders,
        criticality,
    }
}

pub fn rating(person: &str, skill: &str, level: u8) -> SkillRating {
    SkillRating { person_id: person.into(), skill_id: skill.into(), level, assessed_at: None }
}

pub fn topic(id: &str, skill: Option<&str>, status: KtStatus) -> KtTopic {
    KtTopic {
        id: id.into(),
        skill_id: skill.map(Into::into),
        title: id.into(),
        status,
        due_date: None,
        signed_off_at: None,
        trainer_id: None,
        signed_off_by_id: None,
    }
}

pub fn duty(id: &str, criticality: u8, owner: Owner) -> Responsibility {
    Responsibility {
        id: id.into(),
        activity: id.into(),
        criticality,
        owner,
        target_date: None,
        accountable_id: None,
        verifier_id: None,
        signer_id: None,
        skill_id: None,
    }
}

pub fn doc(id: &str, criticality: u8, status: DocStatus) -> DocItem {
    DocItem {
        id: id.into(),
        category: "Ops".into(),
        title: id.into(),
        criticality,
        status,
        not_applicable: false,
        owner: None,
        reviewer: None,
        location: None,
        last_reviewed_at: None,
        review_interval_days: None,
        due_phase: None,
    }
}
