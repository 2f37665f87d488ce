//! A new engagement as a template makes it, read through the public API.

use botdash::model::template::{NewEngagement, Template, parse_date};
use botdash::model::{Phase, Side, TaskStatus};
use chrono::Days;

#[test]
fn a_template_s_cards_start_to_do_of_nobody_in_its_order_with_its_notes() {
    let source = r#"
name = "t"
[weeks]
plan = 2
build = 2
operate = 2
transfer = 2

[[task]]
phase = "build"
title = "Pipeline"
notes = "blue-green"
due_week = 1

[[task]]
phase = "plan"
title = "Kick-off"
side = "joint"
"#;
    let template = Template::parse(source, "t.toml").unwrap();
    // No transfer day asked for: the template's weeks as they are.
    let new = NewEngagement {
        client: "ACME".into(),
        name: "Billing".into(),
        slug: "acme-billing".into(),
        start: parse_date("2026-01-05").unwrap(),
        transfer: None,
        threshold: 80,
        weights: None,
    };
    let now = "2026-01-05T09:00:00Z";
    let data = template.instantiate(&new, now);

    let cards: Vec<_> = (data.tasks.iter())
        .map(|t| (t.phase, t.title.as_str(), t.notes.as_str(), t.side, t.position))
        .collect();
    assert_eq!(
        cards,
        [
            (Phase::Build, "Pipeline", "blue-green", Side::Contractor, 0),
            (Phase::Plan, "Kick-off", "", Side::Joint, 1),
        ]
    );
    let build_starts = data.phase_dates(Phase::Build).unwrap().planned_start.unwrap();
    assert_eq!(data.tasks[0].due_date, Some(build_starts + Days::new(7)));
    assert_eq!(data.tasks[1].due_date, None);
    for card in &data.tasks {
        assert_eq!(card.status, TaskStatus::Todo);
        assert_eq!(card.assignee, "", "nobody named");
        assert_eq!((card.created_at.as_str(), card.updated_at.as_str()), (now, now));
    }
    assert_ne!(data.tasks[0].id, data.tasks[1].id);
}
