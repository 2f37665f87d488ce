//! Readiness: next best actions, the forecast on synthetic histories, daily snapshots,
//! and the Readiness screen's editing keys.

mod common;

use botdash::app::{App, ReadinessTab, Screen};
use botdash::model::forecast::{as_planned, forecast, next_actions, pace_date};
use botdash::model::score::readiness;
use botdash::model::*;
use botdash::store::Store;
use chrono::{Days, NaiveDate};
use common::{demo_app, keys, today};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn empty() -> EngagementData {
    let mut data = botdash::demo::sample(today()).remove(0);
    data.roles.clear();
    data.people.clear();
    data.skills.clear();
    data.ratings.clear();
    data.kt_topics.clear();
    data.responsibilities.clear();
    data.docs.clear();
    data.snapshots.clear();
    data.engagement.weights = None;
    data.engagement.readiness_threshold = 80;
    data.engagement.current_phase = Phase::Build;
    data.engagement.planned_transfer_date = Some(day("2026-09-01"));
    data
}

fn topic(title: &str, status: KtStatus, due: Option<&str>) -> KtTopic {
    KtTopic {
        id: title.into(),
        skill_id: None,
        title: title.into(),
        status,
        due_date: due.map(day),
        signed_off_at: None,
    }
}

fn duty(activity: &str, criticality: u8, owner: Owner) -> Responsibility {
    Responsibility {
        id: activity.into(),
        activity: activity.into(),
        criticality,
        owner,
        target_date: None,
    }
}

#[test]
fn next_best_actions_are_ranked_by_the_points_each_adds() {
    let mut data = empty();
    data.kt_topics = vec![
        topic("Incident runbook", KtStatus::Planned, None),
        topic("Backups", KtStatus::Shadowing, None),
    ];
    data.responsibilities =
        vec![duty("On-call", 3, Owner::Contractor), duty("Support", 1, Owner::Contractor)];
    let actions = next_actions(&data, today(), 10);
    // On-call to shadowing: 25 × 3/4 × 0.33; a KT step: 15 × 0.25 / 2.
    assert_eq!(actions[0].step, "On-call: hand over to shadowing");
    assert!((actions[0].points - 25.0 * 0.75 * 0.33).abs() < 1e-9);
    assert!(actions.windows(2).all(|w| w[0].points >= w[1].points));
    assert!(actions.iter().any(|a| a.step == "KT Incident runbook: move to session"));
    // Each action's points are what applying it really adds.
    let before = readiness(&data, today()).score;
    data.responsibilities[0].owner = Owner::Shadowing;
    assert!((readiness(&data, today()).score - before - actions[0].points).abs() < 1e-9);
}

#[test]
fn an_open_slot_suggests_hiring_and_a_missing_holder_suggests_training() {
    let mut data = empty();
    data.roles = vec![Role {
        id: "dba".into(),
        title: "DBA".into(),
        planned_count: 1,
        criticality: 3,
        target_date: None,
    }];
    data.people = vec![];
    data.skills = vec![Skill {
        id: "pg".into(),
        name: "PostgreSQL".into(),
        category: String::new(),
        required_level: 3,
        min_holders: 1,
        criticality: 3,
    }];
    let steps: Vec<String> = next_actions(&data, today(), 10).into_iter().map(|a| a.step).collect();
    assert!(steps.contains(&"hire 1 DBA".to_string()), "{steps:?}");
    data.people = vec![Person {
        id: "ana".into(),
        role_id: Some("dba".into()),
        name: "Ana".into(),
        state: PersonState::Hired,
        planned_date: None,
        hired_at: None,
        onboarded_at: None,
        independent_at: None,
        left_at: None,
    }];
    let steps: Vec<String> = next_actions(&data, today(), 10).into_iter().map(|a| a.step).collect();
    assert!(steps.contains(&"train Ana in PostgreSQL to level 3".to_string()), "{steps:?}");
    assert!(steps.contains(&"onboard Ana (DBA)".to_string()), "{steps:?}");
}

fn with_history(scores: &[(i64, f64)]) -> EngagementData {
    let mut data = empty();
    data.snapshots = scores
        .iter()
        .map(|(back, score)| Snapshot {
            day: today() - Days::new(*back as u64),
            score: *score,
            staffing: 0.0,
            skills: 0.0,
            kt: 0.0,
            responsibilities: 0.0,
            docs: 0.0,
            level: botdash::model::score::Level::L0,
        })
        .collect();
    data
}

#[test]
fn the_pace_is_a_straight_line_through_the_last_ninety_days() {
    let rising: Vec<(i64, f64)> = (0..90).map(|back| (back, 50.0 - 0.5 * back as f64)).collect();
    assert_eq!(pace_date(&with_history(&rising), today(), 80.0), Some(today() + Days::new(60)));
    let flat: Vec<(i64, f64)> = (0..90).map(|back| (back, 40.0)).collect();
    assert_eq!(pace_date(&with_history(&flat), today(), 80.0), None, "flat: never");
    let falling: Vec<(i64, f64)> = (0..90).map(|back| (back, 40.0 + 0.2 * back as f64)).collect();
    assert_eq!(pace_date(&with_history(&falling), today(), 80.0), None, "falling: never");
    let sparse = [(80, 20.0), (40, 40.0), (0, 60.0)];
    assert_eq!(pace_date(&with_history(&sparse), today(), 80.0), Some(today() + Days::new(40)));
    assert_eq!(
        pace_date(&with_history(&[(0, 60.0)]), today(), 80.0),
        None,
        "one point is no trend"
    );
    let old = [(200, 10.0), (150, 20.0), (0, 60.0)];
    assert_eq!(
        pace_date(&with_history(&old), today(), 80.0),
        None,
        "older than 90 days is left out"
    );
    let above = [(10, 85.0), (0, 90.0)];
    assert_eq!(pace_date(&with_history(&above), today(), 80.0), Some(today()));
    let slow: Vec<(i64, f64)> = (0..90).map(|back| (back, 10.0 - 0.01 * back as f64)).collect();
    assert_eq!(pace_date(&with_history(&slow), today(), 80.0), None, "not within a year");
}

#[test]
fn the_planned_curve_assumes_every_planned_date_is_met() {
    let mut data = empty();
    data.kt_topics = vec![topic("Runbook", KtStatus::Planned, Some("2026-07-01"))];
    data.responsibilities = vec![Responsibility {
        target_date: Some(day("2026-08-01")),
        ..duty("On-call", 3, Owner::Contractor)
    }];
    let july = as_planned(&data, day("2026-07-15"));
    assert_eq!(july.kt_topics[0].status, KtStatus::SignedOff);
    assert_eq!(july.responsibilities[0].owner, Owner::Contractor);
    let f = forecast(&data, today());
    // KT 15 + responsibilities 25 = 40 at most: the threshold of 80 is never reached.
    assert_eq!(f.planned_date, None);
    assert!(f.at_risk, "not reached before the transfer");
    data.engagement.readiness_threshold = 40;
    let f = forecast(&data, today());
    assert_eq!(f.planned_date, Some(day("2026-08-03")), "the first weekly point after 1 August");
    assert!(!f.at_risk || f.pace_date.is_none());
}

#[test]
fn a_late_plan_raises_transfer_at_risk_with_its_cause() {
    let mut data = empty();
    data.roles = vec![Role {
        id: "ops".into(),
        title: "Ops".into(),
        planned_count: 3,
        criticality: 3,
        target_date: Some(day("2026-05-01")),
    }];
    let f = forecast(&data, today());
    assert!(f.at_risk);
    assert_eq!(
        f.cause.as_deref(),
        Some("staffing: 3 of 3 slots still open past their target date")
    );
    let warnings = warnings(&data, Some(&f), today());
    assert_eq!(
        warnings[0],
        "transfer at risk: staffing: 3 of 3 slots still open past their target date"
    );
}

fn snapshot_rows(store: &Store) -> Vec<(String, f64)> {
    let mut st = store.connection().prepare("SELECT s.day, s.score FROM readiness_snapshot s JOIN engagement e ON e.id = s.engagement_id WHERE e.slug = 'acme' ORDER BY day").unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn one_snapshot_a_day_written_on_open_and_updated_by_edits_across_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut store = Store::open(&path).unwrap();
    let new = botdash::model::template::NewEngagement {
        client: "ACME".into(),
        name: "Billing".into(),
        slug: "acme".into(),
        start: day("2026-01-05"),
        transfer: None,
        threshold: 80,
        weights: None,
    };
    store
        .create_engagement(
            &new,
            &botdash::model::template::Template::standard(),
            "2026-01-05T00:00:00Z",
        )
        .unwrap();
    let mut app = App::new(store, today()).unwrap();
    assert!(snapshot_rows(app.store()).is_empty(), "recorded after the first frame, not before");
    app.derive(); // what the terminal loop does once the first frame is drawn
    assert_eq!(snapshot_rows(app.store()), vec![("2026-06-15".to_string(), 0.0)]);
    // KT view: start the first topic's session.
    keys(&mut app, "3]] ");
    let rows = snapshot_rows(app.store());
    assert_eq!(rows.len(), 1, "still one row for today");
    assert!(rows[0].1 > 0.0, "updated by the edit: {rows:?}");
    drop(app);
    let mut app = App::new(Store::open(&path).unwrap(), today()).unwrap();
    app.derive();
    assert_eq!(snapshot_rows(app.store()), rows, "reopening the same day changes nothing");
}

fn demo_readiness() -> App {
    let mut app = demo_app();
    keys(&mut app, "/nordw\r\r3");
    assert_eq!(app.state.screen, Screen::Readiness);
    app
}

fn value(app: &App, sql: &str) -> String {
    app.store().connection().query_row(sql, [], |r| r.get::<_, String>(0)).unwrap()
}

#[test]
fn staffing_roles_and_people_are_edited_and_states_dated() {
    let mut app = demo_readiness();
    let roles = app.state.opened.as_ref().unwrap().data.roles.len();
    // The first person after the roles is Olga (left); the second, Ben, is planned.
    app.state.readiness_row = roles + 1;
    keys(&mut app, " ");
    assert_eq!(value(&app, "SELECT state FROM person WHERE name = 'Ben Özdemir'"), "recruiting");
    keys(&mut app, " ");
    assert_eq!(
        value(&app, "SELECT state || ' ' || hired_at FROM person WHERE name = 'Ben Özdemir'"),
        "hired 2026-06-15"
    );
    keys(&mut app, "u");
    assert_eq!(
        value(
            &app,
            "SELECT state || ' ' || coalesce(hired_at, '-') FROM person WHERE name = 'Ben Özdemir'"
        ),
        "recruiting -"
    );
    app.state.readiness_row = 0;
    keys(&mut app, "aSRE\t");
    keys(&mut app, "\x7f2\r");
    assert_eq!(
        value(&app, "SELECT planned_count || ' ' || criticality FROM role WHERE title = 'SRE'"),
        "2 2"
    );
    app.state.readiness_row = roles + 3;
    keys(&mut app, "aNew Person\r");
    assert_eq!(value(&app, "SELECT state FROM person WHERE name = 'New Person'"), "planned");
}

#[test]
fn digit_keys_set_skill_levels_in_the_matrix() {
    let mut app = demo_readiness();
    keys(&mut app, "]");
    assert_eq!(app.state.readiness_tab, ReadinessTab::Skills);
    keys(&mut app, "ll");
    let person = app.state.opened.as_ref().unwrap().data.people[2].id.clone();
    let skill = app.state.opened.as_ref().unwrap().data.skills[0].id.clone();
    keys(&mut app, "4");
    let level = |app: &App| -> Option<i64> {
        app.store()
            .connection()
            .query_row(
                "SELECT level FROM skill_rating WHERE person_id = ?1 AND skill_id = ?2",
                [&person, &skill],
                |r| r.get(0),
            )
            .ok()
    };
    assert_eq!(level(&app), Some(4));
    keys(&mut app, "2");
    assert_eq!(level(&app), Some(2));
    keys(&mut app, "u");
    assert_eq!(level(&app), Some(4));
    assert_eq!(app.state.screen, Screen::Readiness, "digits set levels here, not screens");
    keys(&mut app, "]1");
    assert_eq!(app.state.screen, Screen::Overview, "elsewhere 1 is the Overview again");
}

#[test]
fn kt_topics_and_responsibilities_step_forward_with_space() {
    let mut app = demo_readiness();
    keys(&mut app, "]]");
    let topic = app.state.opened.as_ref().unwrap().data.kt_topics[0].clone();
    keys(&mut app, " ");
    let status = value(&app, &format!("SELECT status FROM kt_topic WHERE id = '{}'", topic.id));
    assert_eq!(status, topic.status.next().as_str());
    keys(&mut app, "]");
    let duty = app.state.opened.as_ref().unwrap().data.responsibilities[0].clone();
    keys(&mut app, " ");
    let owner = value(&app, &format!("SELECT owner FROM responsibility WHERE id = '{}'", duty.id));
    assert_eq!(owner, duty.owner.next().as_str());
    keys(&mut app, "dy");
    let count: i64 = app
        .store()
        .connection()
        .query_row("SELECT count(*) FROM responsibility WHERE id = ?1", [&duty.id], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0);
}

#[test]
fn weights_and_threshold_are_edited_per_engagement_and_must_sum_to_one() {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let mut app = App::new(store, today()).unwrap();
    keys(&mut app, "e\t\t\t\t\t\t");
    keys(&mut app, "\x7f\x7f30\r");
    assert!(
        matches!(app.state.overlay, Some(botdash::app::Overlay::Form(_))),
        "20+25+15+25+15 → 30: 110 %"
    );
    // The error puts the focus on the last weight.
    keys(&mut app, "\x7f\x7f5\r");
    let json = value(&app, "SELECT weights_json FROM engagement WHERE slug = 'helvetia-pim'");
    let weights: botdash::model::score::Weights = serde_json::from_str(&json).unwrap();
    assert!((weights.staffing - 0.30).abs() < 1e-9 && (weights.docs - 0.05).abs() < 1e-9, "{json}");
}
