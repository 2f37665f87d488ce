//! Readiness: next best actions, the forecast on synthetic histories, daily snapshots,
//! and the Readiness screen's editing keys.

mod common;

use botdash::app::{App, Overlay, ReadinessTab, Screen};
use botdash::model::forecast::{Pace, forecast, next_actions, pace};
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
        trainer_id: None,
        signed_off_by_id: None,
    }
}

fn duty(activity: &str, criticality: u8, owner: Owner) -> Responsibility {
    Responsibility {
        id: activity.into(),
        activity: activity.into(),
        criticality,
        owner,
        target_date: None,
        accountable_id: None,
        verifier_id: None,
        signer_id: None,
        skill_id: None,
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
    // The score as shown goes from 3.8 (3.75) to 9.9 (3.75 + 6.1875 = 9.9375): +6.1.
    assert_eq!(actions[0].points, 6.1);
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

/// Two client people at the same level of a skill short of holders tie for its training step:
/// the step names the same one after deleting the other and undoing it, which puts the other
/// last in the file's order.
#[test]
fn next_actions_are_the_same_after_a_delete_and_its_undo() {
    use botdash::store::command::Command;
    use botdash::store::edit::Table;
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let engagement = store.engagement_by_slug("nordwind-fleet").unwrap();
    let listed = |store: &Store| -> Vec<String> {
        let data = store.load(engagement.clone()).unwrap();
        next_actions(&data, today(), 100)
            .into_iter()
            .map(|a| format!("+{} {}", a.points, a.step))
            .collect()
    };
    let data = store.load(engagement.clone()).unwrap();
    let step = next_actions(&data, today(), 100).into_iter().find(|a| a.trains.is_some()).unwrap();
    let (trained, RecordId::Skill(skill)) = (step.trains.unwrap(), step.about) else {
        panic!("a training step is about a skill")
    };
    let level = |person: &str| {
        data.ratings
            .iter()
            .find(|r| r.person_id == person && r.skill_id == skill)
            .map_or(0, |r| r.level)
    };
    // Every other person at the same level: each ties with the one trained.
    let others: Vec<&Person> =
        data.people.iter().filter(|p| p.id != trained && p.state != PersonState::Left).collect();
    for other in &others {
        store
            .connection()
            .execute(
                "INSERT OR REPLACE INTO skill_rating (person_id, skill_id, level) VALUES (?1, ?2, ?3)",
                rusqlite::params![other.id, skill, level(&trained)],
            )
            .unwrap();
    }
    let before = listed(&store);
    for other in others {
        let delete = Command::Delete { table: Table::Person, id: other.id.clone() };
        store.execute(Some(&engagement.id), "deleted person", &[delete]).unwrap();
        store.undo(Some(&engagement.id)).unwrap();
        assert_eq!(listed(&store), before, "after deleting {} and undoing it", other.name);
    }
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

fn pace_date(history: &[(i64, f64)], live: f64) -> Option<NaiveDate> {
    match pace(&with_history(history), today(), live, 80.0) {
        Pace::Fitted { date, .. } => date,
        Pace::NotEnoughHistory => panic!("expected a pace for {history:?}"),
    }
}

#[test]
fn the_pace_is_a_straight_line_through_ninety_days_and_the_live_score() {
    // 0.5 a day up to a live 50: 30 points to go take 60 days.
    let rising: Vec<(i64, f64)> = (1..90).map(|back| (back, 50.0 - 0.5 * back as f64)).collect();
    assert_eq!(pace_date(&rising, 50.0), Some(today() + Days::new(60)));
    let flat: Vec<(i64, f64)> = (1..90).map(|back| (back, 40.0)).collect();
    assert_eq!(pace_date(&flat, 40.0), None, "flat: never");
    let falling: Vec<(i64, f64)> = (1..90).map(|back| (back, 40.0 + 0.2 * back as f64)).collect();
    assert_eq!(pace_date(&falling, 40.0), None, "falling: never");
    // 20 → 40 → 60, 40 days apart: 0.5 a day, 20 to go from 60: 40 days.
    assert_eq!(pace_date(&[(80, 20.0), (40, 40.0)], 60.0), Some(today() + Days::new(40)));
    let old = [(200, 10.0), (150, 20.0), (30, 50.0), (15, 55.0)];
    // Only 30 and 15 days back count: slope through (−30, 50), (−15, 55), (0, 60) is 1/3.
    assert_eq!(
        pace_date(&old, 60.0),
        Some(today() + Days::new(60)),
        "older than 90 days is left out"
    );
    assert_eq!(pace_date(&[(20, 85.0), (10, 88.0)], 90.0), Some(today()), "reached today");
    let slow: Vec<(i64, f64)> = (1..90).map(|back| (back, 10.0 - 0.01 * back as f64)).collect();
    assert_eq!(pace_date(&slow, 10.0), None, "not within ten years");
}

#[test]
fn a_pace_needs_two_snapshots_before_today_the_oldest_two_weeks_back() {
    let enough = |history: &[(i64, f64)]| {
        pace(&with_history(history), today(), 50.0, 80.0) != Pace::NotEnoughHistory
    };
    assert!(!enough(&[]), "no history");
    assert!(!enough(&[(0, 40.0)]), "a single snapshot, today's");
    assert!(!enough(&[(20, 40.0)]), "one snapshot before today");
    assert!(!enough(&[(13, 40.0), (5, 45.0)]), "less than two weeks back");
    assert!(enough(&[(14, 40.0), (5, 45.0)]));
    let f = forecast(&with_history(&[(0, 40.0)]), today());
    assert_eq!(f.pace, Pace::NotEnoughHistory);
    assert!(f.summary().ends_with("pace: not enough history yet"), "{}", f.summary());
}

#[test]
fn after_a_drop_the_pace_never_claims_the_threshold_is_reached() {
    let mut data = with_history(&[(20, 90.0), (10, 85.0)]);
    data.engagement.planned_transfer_date = Some(today() + Days::new(30));
    data.kt_topics = vec![topic("Runbook", KtStatus::Planned, None)];
    data.engagement.weights = None;
    // Live score 0 (one planned topic): the line through 90, 85, 0 falls.
    let f = forecast(&data, today());
    assert!(matches!(f.pace, Pace::Fitted { date: None, .. }), "{:?}", f.pace);
    assert!(f.at_risk);
    // Even when the history lies well above, a live score below the threshold is not "reached".
    assert_ne!(pace_date(&[(30, 95.0), (15, 95.0)], 70.0), Some(today()));
}

#[test]
fn the_plan_reaches_the_threshold_on_the_day_of_the_planned_step() {
    let mut data = empty();
    // KT 15 + responsibilities 25 = 40 at most.
    data.kt_topics = vec![topic("Runbook", KtStatus::Planned, Some("2026-07-01"))];
    data.responsibilities = vec![Responsibility {
        target_date: Some(day("2026-06-20")),
        ..duty("On-call", 3, Owner::Contractor)
    }];
    let f = forecast(&data, today());
    assert_eq!(
        f.planned_curve,
        vec![(today(), 0.0), (day("2026-06-20"), 25.0), (day("2026-07-01"), 40.0)]
    );
    assert_eq!(f.planned_date, None, "80 is never reached");
    assert!(f.at_risk, "not reached at all");
    assert_eq!(
        f.cause.as_deref(),
        Some(
            "on plan the score reaches at most 40.0 of 80; the plan leaves Staffing at 0.0 %, \
             Skills at 0.0 %, Documentation at 0.0 %"
        )
    );
    data.engagement.readiness_threshold = 25;
    let f = forecast(&data, today());
    assert_eq!(
        f.planned_date,
        Some(day("2026-06-20")),
        "a Saturday: the day itself, not a week later"
    );
    data.engagement.planned_transfer_date = Some(day("2026-06-19"));
    let f = forecast(&data, today());
    assert!(f.at_risk, "reached a day after the transfer");
    assert_eq!(
        f.cause.as_deref(),
        Some("on plan the threshold is reached on 2026-06-20, after the transfer on 2026-06-19")
    );
    data.engagement.planned_transfer_date = Some(day("2026-06-21"));
    assert!(!forecast(&data, today()).at_risk, "reached the day before the transfer");
}

#[test]
fn each_point_of_the_plan_counts_the_approvals_stale_by_its_day() {
    let mut data = empty();
    data.kt_topics = vec![topic("Runbook", KtStatus::Planned, Some("2026-08-01"))];
    data.docs = vec![DocItem {
        id: "d".into(),
        category: "Ops".into(),
        title: "Runbook".into(),
        criticality: 1,
        status: DocStatus::Approved,
        not_applicable: false,
        owner: None,
        reviewer: None,
        location: None,
        last_reviewed_at: Some(day("2026-06-01")),
        review_interval_days: Some(30),
        due_phase: None,
    }];
    // Today docs count 15; by 1 August the approval is stale (7.5) while KT adds 15.
    let f = forecast(&data, today());
    assert_eq!(f.planned_curve, vec![(today(), 15.0), (day("2026-08-01"), 22.5)]);
}

#[test]
fn an_overdue_step_is_late_never_assumed_done() {
    let mut data = empty();
    data.engagement.readiness_threshold = 10;
    data.kt_topics = vec![topic("Runbook", KtStatus::Planned, Some("2026-06-01"))];
    let f = forecast(&data, today());
    assert_eq!(f.planned_curve, vec![(today(), 0.0)], "not done today, nor in the past");
    assert_eq!(f.planned_date, None);
    let late: Vec<String> = f.late.iter().map(ToString::to_string).collect();
    assert_eq!(late, ["sign off KT Runbook (due 2026-06-01)"]);
    assert!(f.at_risk);
    assert_eq!(f.cause.as_deref(), Some("late: sign off KT Runbook (due 2026-06-01)"));
    // A person hired late is not assumed onboarded on the later planned day either.
    data.kt_topics.clear();
    data.roles = vec![Role {
        id: "ops".into(),
        title: "Ops".into(),
        planned_count: 1,
        criticality: 1,
        target_date: None,
    }];
    data.people = vec![Person {
        planned_date: Some(day("2026-06-01")),
        ..Person::new(Some("ops".into()), "Ana".into(), PersonState::Recruiting)
    }];
    let f = forecast(&data, today());
    assert_eq!(f.late[0].to_string(), "hire Ana (due 2026-06-01)");
    assert_eq!(f.late.len(), 1, "onboarding waits for the late hire");
    // A role past its target whose slot Ana is planned for: her step speaks for the slot.
    data.roles[0].target_date = Some(day("2026-05-01"));
    let late: Vec<String> = forecast(&data, today()).late.iter().map(ToString::to_string).collect();
    assert_eq!(late, ["hire Ana (due 2026-06-01)"]);
    data.roles[0].planned_count = 2;
    let late: Vec<String> = forecast(&data, today()).late.iter().map(ToString::to_string).collect();
    assert_eq!(late, ["fill 1 of 2 Ops slots (due 2026-05-01)", "hire Ana (due 2026-06-01)"]);
    data.roles[0].planned_count = 1;
    data.roles[0].target_date = None;
    assert_eq!(f.planned_curve.len(), 1, "{:?}", f.planned_curve);
    // Due today is not late.
    data.people[0].planned_date = Some(today());
    let f = forecast(&data, today());
    assert!(f.late.is_empty());
    assert_eq!(f.planned_date, Some(today()), "hired today: staffing 20 × 0.5 = 10");
}

#[test]
fn a_new_engagement_whose_plan_is_on_time_is_not_at_risk() {
    let mut data = empty();
    data.engagement.readiness_threshold = 25;
    data.responsibilities = vec![Responsibility {
        target_date: Some(day("2026-07-01")),
        ..duty("On-call", 3, Owner::Contractor)
    }];
    let f = forecast(&data, today());
    assert_eq!(f.pace, Pace::NotEnoughHistory);
    assert_eq!(f.planned_date, Some(day("2026-07-01")));
    assert!(!f.at_risk, "the plan reaches 25 two months before the transfer: {:?}", f.cause);
    // A phase change, even by override, does not switch the analysis off.
    data.engagement.current_phase = Phase::Transfer;
    data.engagement.readiness_threshold = 80;
    assert!(forecast(&data, today()).at_risk);
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
    assert_eq!(f.cause.as_deref(), Some("late: fill 3 of 3 Ops slots (due 2026-05-01)"));
    let warnings = warnings(&data, Some(&f), today());
    assert_eq!(warnings[0], "transfer at risk: late: fill 3 of 3 Ops slots (due 2026-05-01)");
    // Several late steps: how many, and the oldest.
    data.kt_topics = vec![topic("Runbook", KtStatus::Planned, Some("2026-04-01"))];
    let f = forecast(&data, today());
    assert_eq!(
        f.cause.as_deref(),
        Some("2 planned steps late, the oldest: sign off KT Runbook (due 2026-04-01)")
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
    app.state.screens.readiness.row = roles + 1;
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
    app.state.screens.readiness.row = 0;
    keys(&mut app, "aSRE\t");
    keys(&mut app, "\x7f2\r");
    assert_eq!(
        value(&app, "SELECT planned_count || ' ' || criticality FROM role WHERE title = 'SRE'"),
        "2 2"
    );
    app.state.screens.readiness.row = roles + 3;
    keys(&mut app, "aNew Person\r");
    assert_eq!(value(&app, "SELECT state FROM person WHERE name = 'New Person'"), "planned");

    // Onboarded before hired is refused beside the field; the same day is fine.
    keys(&mut app, "aLate Starter\t\t\t\t2026-06-10\t2026-06-01\r");
    let error = match &app.state.overlay {
        Some(Overlay::Form(record)) => {
            record.form.field(PersonField::OnboardedAt).and_then(|f| f.error.clone())
        }
        _ => None,
    };
    assert_eq!(
        error.as_deref(),
        Some("onboarded (2026-06-01) cannot come before hired (2026-06-10)")
    );
    keys(&mut app, "\u{15}2026-06-10\r");
    assert_eq!(
        value(
            &app,
            "SELECT hired_at || ' ' || onboarded_at FROM person WHERE name = 'Late Starter'"
        ),
        "2026-06-10 2026-06-10"
    );

    // Hired before the planned date is refused the same way.
    keys(&mut app, "aEarly Plan\t\t\t2026-12-01\t2026-10-01\r");
    let error = match &app.state.overlay {
        Some(Overlay::Form(record)) => {
            record.form.field(PersonField::HiredAt).and_then(|f| f.error.clone())
        }
        _ => None,
    };
    assert_eq!(
        error.as_deref(),
        Some("hired (2026-10-01) cannot come before planned (2026-12-01)")
    );

    // A contractor's person on the engagement until a day before they are on it from, too.
    keys(&mut app, "\x1by");
    keys(&mut app, "cLate Leaver\t\t2026-06-10\t2026-06-01\r");
    let error = match &app.state.overlay {
        Some(Overlay::Form(record)) => {
            record.form.field(ContractorPersonField::Until).and_then(|f| f.error.clone())
        }
        _ => None,
    };
    assert_eq!(
        error.as_deref(),
        Some("until (2026-06-01) cannot come before on from (2026-06-10)")
    );
    keys(&mut app, "\u{15}2026-06-10\r");
    assert_eq!(
        value(
            &app,
            "SELECT on_from || ' ' || until FROM contractor_person WHERE name = 'Late Leaver'"
        ),
        "2026-06-10 2026-06-10"
    );
}

#[test]
fn digit_keys_set_skill_levels_in_the_matrix() {
    let mut app = demo_readiness();
    keys(&mut app, "]");
    assert_eq!(app.state.screens.readiness.tab, ReadinessTab::Skills);
    keys(&mut app, "ll");
    // The footer at 80×24 says what the digits do here.
    let terminal = common::draw(&mut app, 80, 24);
    let buffer = terminal.backend().buffer();
    let footer: String = (0..80).map(|x| buffer[(x, 23)].symbol()).collect();
    assert!(footer.contains("1 digits set levels  a add"), "{footer}");
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
    let data = &app.state.opened.as_ref().unwrap().data;
    assert_eq!(
        app.state.message.as_deref(),
        Some(
            format!(
                "rated {} 2 in {} · u undoes · Tab or Esc leave the matrix",
                data.people[2].name, data.skills[0].name
            )
            .as_str()
        )
    );
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

#[test]
fn weights_that_are_not_whole_percents_stay_as_they_are_when_other_fields_are_edited() {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let exact =
        r#"{"staffing":0.125,"skills":0.125,"kt":0.25,"responsibilities":0.25,"docs":0.25}"#;
    store
        .connection()
        .execute("UPDATE engagement SET weights_json = ?1 WHERE slug = 'helvetia-pim'", [exact])
        .unwrap();
    let mut app = App::new(store, today()).unwrap();
    // The form shows 13 % twice (101 % in all); renaming must not be refused for it.
    keys(&mut app, "e\t\x7f\x7fXY\r");
    assert!(app.state.overlay.is_none(), "the form was saved and closed");
    let name = value(&app, "SELECT name FROM engagement WHERE slug = 'helvetia-pim'");
    assert!(name.ends_with("XY"), "{name}");
    let json = value(&app, "SELECT weights_json FROM engagement WHERE slug = 'helvetia-pim'");
    assert_eq!(json, exact, "the weights are kept exactly");
}
