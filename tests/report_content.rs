//! Reports built in the process from the records, read as a client's tool reads them.

mod common;

use botdash::model::EngagementData;
use botdash::report::changes::Since;
use botdash::report::{Context, Report};
use chrono::NaiveDate;

/// The report of `data` on `today`, with nothing written before and no override.
fn report_of(data: &EngagementData, today: NaiveDate) -> Report {
    let context = Context {
        overrides: &[],
        since: (today, Since::Given),
        changes: &[],
        previous: None,
        settings: &Default::default(),
    };
    Report::new(data, &context, today, today)
}

#[test]
fn an_open_card_in_the_json_report_has_the_fields_the_report_shows_in_the_card_s_order() {
    let today = common::today();
    let mut data = botdash::demo::sample(today).remove(0);
    let card = data.tasks.iter_mut().find(|t| t.is_overdue(today)).expect("an overdue card");
    card.assignee = "Ana Costa".into();
    let card = card.clone();
    let json = report_of(&data, today).json();

    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let phases = value["open_tasks"].as_array().unwrap();
    let mut listed = phases.iter().flat_map(|p| p["tasks"].as_array().unwrap());
    let listed = listed.find(|t| t["title"] == card.title.as_str()).expect("the card is listed");
    let expected = serde_json::json!({
        "title": card.title,
        "status": card.status,
        "side": card.side,
        "assignee": "Ana Costa",
        "due_date": card.due_date,
        "overdue": true,
    });
    assert_eq!(listed, &expected, "neither its id, notes, order nor stamps");

    let open_tasks = &json[json.find("\"open_tasks\"").unwrap()..];
    let title = format!("\"title\": {}", serde_json::to_string(&card.title).unwrap());
    let lines = open_tasks[open_tasks.find(&title).unwrap()..].lines();
    let keys: Vec<&str> = lines.take(6).map(|l| l.trim().split('"').nth(1).unwrap()).collect();
    assert_eq!(keys, ["title", "status", "side", "assignee", "due_date", "overdue"]);
}

#[test]
fn the_trend_ends_at_the_score_the_report_prints_after_an_edit_since_today_s_snapshot() {
    use botdash::model::{DocStatus, KtStatus};

    let today = common::today();
    let mut data = botdash::demo::sample(today).remove(0);
    let recorded = data.snapshots.iter().find(|s| s.day == today).unwrap().score;
    let month_ago = data.snapshots.iter().rfind(|s| (today - s.day).num_days() >= 30).unwrap();
    let then = month_ago.score;
    // Every document and KT topic back to the start after today's snapshot was taken.
    data.docs.iter_mut().for_each(|d| d.status = DocStatus::Missing);
    data.kt_topics.iter_mut().for_each(|t| t.status = KtStatus::Planned);
    let report = report_of(&data, today);
    let score = report.readiness.score;
    assert!(score < then - 1.0 && score < recorded, "{then} {recorded} → {score}");
    assert_eq!(report.trend.history.last(), Some(&(today, score)));
    let markdown = botdash::report::markdown(&report);
    let words = format!("Trend: falling: down {:.1} points in the last 30 days.", then - score);
    assert!(markdown.contains(&words), "{words} not in:\n{markdown}");
    assert!(markdown.contains(&format!("{score:.1}")), "{markdown}");
}
