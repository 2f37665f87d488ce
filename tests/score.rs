//! The readiness score of SPEC §3, checked against values computed by hand.

mod common;

use botdash::model::score::{Dimension, Level, Weights, readiness};
use botdash::model::*;
use common::records::*;

const TODAY: &str = "2026-06-15";

fn value(data: &EngagementData, dimension: Dimension) -> f64 {
    readiness(data, day(TODAY)).dimension(dimension).value
}

fn assert_close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-9, "expected {expected}, got {actual}");
}

#[test]
fn an_empty_engagement_scores_zero_and_says_why() {
    let r = readiness(&empty(), day(TODAY));
    assert_eq!(r.score, 0.0);
    assert_eq!(r.level, Level::L0);
    let findings: Vec<_> = r.dimensions.iter().map(|d| d.finding.clone().unwrap()).collect();
    assert_eq!(findings[0], "no roles planned");
    assert!(findings.iter().all(|f| f.starts_with("no ")));
    assert!(r.missing_for_next.iter().any(|m| m.contains("no knowledge-transfer topic")));
}

#[test]
fn staffing_fills_slots_with_the_best_states_and_ignores_leavers() {
    let mut data = empty();
    data.roles = vec![role("dev", 2, 3), role("qa", 1, 1)];
    data.people = vec![
        person("a", "dev", PersonState::Hired),
        person("b", "dev", PersonState::Independent),
        person("c", "dev", PersonState::Onboarded),
        person("d", "qa", PersonState::Left),
        person("e", "qa", PersonState::Recruiting),
    ];
    // dev: independent 1.0 and onboarded 0.8 fill the two slots (the hired one is extra);
    // qa: the leaver counts nothing, the recruit 0.1. (3·1 + 3·0.8 + 1·0.1) / 7
    let expected = 5.5 / 7.0;
    assert_close(value(&data, Dimension::Staffing), expected);
    let r = readiness(&data, day(TODAY));
    // 20 × 5.5 / 7 = 15.714…, shown and decided on as 15.7.
    assert_eq!(r.score, 15.7);
    assert_eq!(r.dimension(Dimension::Staffing).points, 15.7);
}

#[test]
fn unfilled_slots_count_zero() {
    let mut data = empty();
    data.roles = vec![role("dba", 3, 2)];
    data.people = vec![person("a", "dba", PersonState::Independent)];
    assert_close(value(&data, Dimension::Staffing), 1.0 / 3.0);
}

#[test]
fn skills_count_holders_at_the_required_level_weighted_by_criticality() {
    let mut data = empty();
    data.roles = vec![role("dev", 3, 2)];
    data.people = vec![
        person("p1", "dev", PersonState::Hired),
        person("p2", "dev", PersonState::Left),
        person("p3", "dev", PersonState::Onboarded),
    ];
    data.skills = vec![skill("x", 3, 2, 3), skill("y", 2, 1, 1)];
    data.ratings = vec![
        rating("p1", "x", 3),
        rating("p1", "y", 1),
        rating("p2", "x", 4),
        rating("p3", "x", 2),
        rating("p3", "y", 2),
    ];
    // x: only p1 holds it (p2 left, p3 below level) → 1 of 2 → 0.5; y: p3 → 1 of 1 → 1.
    assert_close(value(&data, Dimension::Skills), (3.0 * 0.5 + 1.0) / 4.0);
}

#[test]
fn knowledge_transfer_is_an_unweighted_average_of_statuses() {
    let mut data = empty();
    data.kt_topics = vec![
        topic("a", None, KtStatus::Planned),
        topic("b", None, KtStatus::Session),
        topic("c", None, KtStatus::ReverseShadowing),
        topic("d", None, KtStatus::SignedOff),
    ];
    assert_close(value(&data, Dimension::Kt), 0.5);
    assert_close(readiness(&data, day(TODAY)).score, 7.5);
}

#[test]
fn responsibilities_weigh_owner_steps_by_criticality() {
    let mut data = empty();
    data.responsibilities = vec![
        duty("deploy", 3, Owner::Client),
        duty("support", 2, Owner::Shadowing),
        duty("capacity", 1, Owner::Contractor),
    ];
    assert_close(value(&data, Dimension::Responsibilities), (3.0 + 2.0 * 0.33) / 6.0);
}

#[test]
fn documentation_halves_stale_approvals_and_leaves_out_not_applicable_items() {
    let mut data = empty();
    let mut fresh = doc("fresh", 3, DocStatus::Approved);
    fresh.review_interval_days = Some(30);
    fresh.last_reviewed_at = Some(day("2026-06-01"));
    let mut stale = doc("stale", 2, DocStatus::Approved);
    stale.review_interval_days = Some(30);
    stale.last_reviewed_at = Some(day("2026-01-01"));
    let mut excluded = doc("excluded", 3, DocStatus::Missing);
    excluded.not_applicable = true;
    data.docs = vec![fresh, stale, doc("draft", 1, DocStatus::Draft), excluded];
    assert_close(value(&data, Dimension::Docs), (3.0 + 2.0 * 0.5 + 0.3) / 6.0);
}

#[test]
fn staleness_starts_the_day_after_the_interval_ends() {
    let mut item = doc("d", 2, DocStatus::Approved);
    item.review_interval_days = Some(30);
    item.last_reviewed_at = Some(day("2026-05-16"));
    assert!(!item.is_stale(day("2026-06-15")), "reviewed exactly 30 days ago");
    assert!(item.is_stale(day("2026-06-16")), "31 days ago");
    item.status = DocStatus::InReview;
    assert!(!item.is_stale(day("2027-01-01")), "only approvals go stale");
}

#[test]
fn custom_weights_change_the_points() {
    let mut data = empty();
    data.kt_topics = vec![topic("a", None, KtStatus::SignedOff)];
    data.engagement.weights =
        Some(Weights { staffing: 0.1, skills: 0.1, kt: 0.6, responsibilities: 0.1, docs: 0.1 });
    assert_close(readiness(&data, day(TODAY)).score, 60.0);
    assert!(Weights { staffing: 0.5, ..Weights::default() }.validate().is_err());
    assert!(Weights::default().validate().is_ok());
}

/// An engagement that reaches every level: the tests below take one condition away.
fn transfer_ready() -> EngagementData {
    let mut data = empty();
    data.engagement.readiness_threshold = 80;
    data.roles = vec![role("ops", 2, 3)];
    data.people = vec![
        person("a", "ops", PersonState::Independent),
        person("b", "ops", PersonState::Independent),
    ];
    data.skills = vec![skill("oncall", 3, 2, 3)];
    data.ratings = vec![rating("a", "oncall", 3), rating("b", "oncall", 4)];
    data.kt_topics = vec![topic("runbook", Some("oncall"), KtStatus::SignedOff)];
    data.responsibilities = vec![duty("on-call", 3, Owner::Client)];
    data.docs = vec![doc("runbook", 3, DocStatus::Approved)];
    data
}

#[test]
fn the_full_ladder_reaches_l3() {
    let r = readiness(&transfer_ready(), day(TODAY));
    assert_close(r.score, 100.0);
    assert_eq!(r.level, Level::L3);
    assert!(r.missing_for_next.is_empty());
}

#[test]
fn l1_needs_half_the_slots_filled_by_hired_staff() {
    let mut data = transfer_ready();
    data.people[0].state = PersonState::Recruiting;
    data.people[1].state = PersonState::Planned;
    let r = readiness(&data, day(TODAY));
    assert_eq!(r.level, Level::L0);
    assert!(r.missing_for_next[0].contains("0 of 2 role slots"), "{:?}", r.missing_for_next);
    data.people[1].state = PersonState::Hired;
    assert!(readiness(&data, day(TODAY)).level >= Level::L1, "1 of 2 is 50 %");
}

#[test]
fn l2_needs_critical_kt_at_reverse_shadowing() {
    let mut data = transfer_ready();
    data.kt_topics[0].status = KtStatus::Shadowing;
    assert_eq!(readiness(&data, day(TODAY)).level, Level::L1);
    data.kt_topics[0].status = KtStatus::ReverseShadowing;
    assert!(readiness(&data, day(TODAY)).level >= Level::L2);
}

#[test]
fn l3_needs_enough_holders_and_fresh_critical_docs() {
    let mut data = transfer_ready();
    data.ratings[1].level = 2;
    let r = readiness(&data, day(TODAY));
    assert_eq!(r.level, Level::L2);
    assert!(r.missing_for_next.iter().any(|m| m.contains("1 of 2 holders")));

    let mut data = transfer_ready();
    data.docs[0].review_interval_days = Some(10);
    data.docs[0].last_reviewed_at = Some(day("2026-01-01"));
    let r = readiness(&data, day(TODAY));
    assert_eq!(r.level, Level::L2);
    assert!(r.missing_for_next.iter().any(|m| m.contains("stale")));
}

#[test]
fn the_threshold_is_met_at_exactly_the_threshold() {
    let mut data = transfer_ready();
    // Docs at 0.3 of their 0.15 weight: 100 − 15 × 0.7 = 89.5.
    data.docs[0].status = DocStatus::Draft;
    data.docs[0].criticality = 2;
    let r = readiness(&data, day(TODAY));
    assert_close(r.score, 89.5);
    data.engagement.readiness_threshold = 89;
    assert_eq!(readiness(&data, day(TODAY)).level, Level::L3);
    data.engagement.readiness_threshold = 90;
    let r = readiness(&data, day(TODAY));
    assert_eq!(r.level, Level::L2);
    assert!(r.missing_for_next.iter().any(|m| m.contains("below the threshold 90")));
}

/// `transfer_ready` with ten low-criticality documents instead of its one: `approved` of
/// them approved, the next a draft, the rest missing — docs at (approved + 0.3) / 10.
fn with_docs(approved: usize) -> EngagementData {
    let mut data = transfer_ready();
    data.docs = (0..10)
        .map(|i| {
            let status = match i {
                i if i < approved => DocStatus::Approved,
                i if i == approved => DocStatus::Draft,
                _ => DocStatus::Missing,
            };
            doc(&format!("doc {i}"), 1, status)
        })
        .collect();
    data
}

#[test]
fn the_score_as_shown_decides_at_the_threshold_edge() {
    // Docs: 7 approved + 1 draft of 10 = 0.73; 100 − 15 × 0.27 = 95.95, shown as 96.0.
    let mut data = with_docs(7);
    data.engagement.readiness_threshold = 96;
    let r = readiness(&data, day(TODAY));
    assert_eq!(format!("{:.1}", r.score), "96.0");
    assert!(r.meets_threshold(), "96.0 reaches the threshold 96");
    assert_eq!(r.level, Level::L3, "{:?}", r.missing_for_next);
    let points: Vec<String> = r.dimensions.iter().map(|d| format!("{:.1}", d.points)).collect();
    assert_eq!(points, ["20.0", "25.0", "15.0", "25.0", "11.0"], "11.0 = 10.95 rounded up");
    // 6 approved + 1 draft = 0.63: 100 − 15 × 0.37 = 94.45, shown as 94.5.
    let r = readiness(&with_docs(6), day(TODAY));
    assert_eq!(r.score, 94.5);
    data.engagement.readiness_threshold = 97;
    let r = readiness(&data, day(TODAY));
    assert!(!r.meets_threshold());
    assert!(r.missing_for_next.contains(&"score 96.0 is below the threshold 97".to_string()));
}

#[test]
fn transfer_ready_needs_responsibilities_at_80_percent_as_shown() {
    let mut data = transfer_ready();
    // 11 criticality points with the client, three 1s in shadowing, one 1 with the
    // contractor: (11 + 3 × 0.33) / 15 = 0.7993, shown as 79.9 % (a whole percent says 80).
    data.responsibilities = vec![
        duty("a", 3, Owner::Client),
        duty("b", 3, Owner::Client),
        duty("c", 3, Owner::Client),
        duty("d", 2, Owner::Client),
        duty("e", 1, Owner::Shadowing),
        duty("f", 1, Owner::Shadowing),
        duty("g", 1, Owner::Shadowing),
        duty("h", 1, Owner::Contractor),
    ];
    data.engagement.readiness_threshold = 50;
    let r = readiness(&data, day(TODAY));
    assert_eq!(r.level, Level::L2);
    assert_eq!(r.missing_for_next, ["responsibilities at 79.9 % (need 80 %)"]);
    data.responsibilities[7].owner = Owner::Shadowing; // (11 + 4 × 0.33) / 15 = 82.1 %
    assert_eq!(readiness(&data, day(TODAY)).level, Level::L3);
}

#[test]
fn the_points_add_up_to_the_score_as_printed() {
    // KT 8.375, responsibilities 16.75 and docs 9.9 make 35.025, shown as 35.0; rounded
    // alone they would print 8.4 + 16.8 + 9.9 = 35.1. The tenth goes where the least was lost.
    let mut data = empty();
    data.engagement.weights = Some(Weights {
        staffing: 0.0,
        skills: 0.0,
        kt: 0.335,
        responsibilities: 0.335,
        docs: 0.33,
    });
    data.kt_topics = vec![topic("a", None, KtStatus::Planned), topic("b", None, KtStatus::Planned)];
    data.kt_topics[0].status = KtStatus::Shadowing;
    data.responsibilities = vec![duty("x", 1, Owner::Contractor), duty("y", 1, Owner::Client)];
    data.docs = vec![doc("d", 1, DocStatus::Draft)];
    let r = readiness(&data, day(TODAY));
    assert_eq!(r.score, 35.0);
    let points: Vec<f64> = r.dimensions.iter().map(|d| d.points).collect();
    assert_eq!(points, [0.0, 0.0, 8.4, 16.7, 9.9]);
    for d in &r.dimensions {
        let exact = d.value * d.weight * 100.0;
        assert!(
            (d.points - exact).abs() < 0.1 + 1e-9,
            "{:?}: {} vs {exact}",
            d.dimension,
            d.points
        );
    }
}

#[test]
fn losses_rank_the_costliest_items_first() {
    let mut data = empty();
    data.responsibilities =
        vec![duty("deploy", 3, Owner::Contractor), duty("support", 1, Owner::Contractor)];
    let r = readiness(&data, day(TODAY));
    assert_eq!(r.losses[0].item, "deploy: contractor");
    // 25 × 3/4 = 18.75, shown and listed as 18.8 (support: 25 × 1/4 = 6.25 → 6.3).
    assert_eq!(r.losses[0].points, 18.8);
    assert_eq!(r.losses[1].points, 6.3);
}

/// An incident resolved on `on` by `by`.
fn ticket(key: &str, on: &str, by: evidence::Resolver) -> evidence::Ticket {
    evidence::Ticket {
        id: key.into(),
        key: key.into(),
        opened: day(on),
        resolved: Some(day(on)),
        priority: 3,
        kind: evidence::TicketKind::Incident,
        resolved_by: Some(by),
        sla_met: Some(true),
        plan: String::new(),
    }
}

#[test]
fn service_desk_evidence_weighs_as_much_as_the_declared_duties() {
    use evidence::Resolver::{Client, Contractor};
    let mut data = empty();
    data.responsibilities = vec![
        duty("deploy", 3, Owner::Client),
        duty("support", 2, Owner::Shadowing),
        duty("capacity", 1, Owner::Contractor),
    ];
    let declared = (3.0 + 2.0 * 0.33) / 6.0;
    data.tickets = vec![
        ticket("I0", "2026-05-01", Contractor), // more than 28 days before the newest: left out
        ticket("I1", "2026-05-20", Client),
        ticket("I2", "2026-06-01", Contractor),
        ticket("I3", "2026-06-10", Client),
        ticket("I4", "2026-06-12", Client),
    ];
    // ½ × declared + ½ × evidence, the client having resolved 3 of the 4 in the window.
    assert_close(value(&data, Dimension::Responsibilities), declared / 2.0 + 0.75 / 2.0);
    let result = readiness(&data, day(TODAY));
    let loss = result.losses.iter().find(|l| l.item.starts_with("service desk")).unwrap();
    assert_eq!(loss.item, "service desk: client resolved 3 of 4 in the last 28 days");
    // 100 × 0.25 × 6 × (1 − 0.75) ÷ 12
    assert_eq!(loss.points, 3.1);
}

#[test]
fn without_tickets_or_duties_the_evidence_changes_nothing() {
    let mut data = empty();
    data.responsibilities = vec![duty("deploy", 3, Owner::Shadowing)];
    assert_close(value(&data, Dimension::Responsibilities), 0.33);
    data.tickets = vec![ticket("R1", "2026-06-01", evidence::Resolver::Client)];
    data.tickets[0].kind = evidence::TicketKind::Request;
    assert_close(value(&data, Dimension::Responsibilities), 0.33);
    data.responsibilities.clear();
    data.tickets[0].kind = evidence::TicketKind::Incident;
    let result = readiness(&data, day(TODAY));
    assert_eq!(result.dimension(Dimension::Responsibilities).value, 0.0);
    assert_eq!(
        result.dimension(Dimension::Responsibilities).finding.as_deref(),
        Some("no responsibilities listed")
    );
}
