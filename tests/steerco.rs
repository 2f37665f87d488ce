//! The report a steering committee reads: the executive page's statuses at the edges of their
//! rules, what changed in a period, the byline, complete lists, hostile text; and the
//! palette's calendar and workbook files. Each output is parsed back as a reader gets it.

mod common;

use std::path::Path;

use botdash::model::health::{BudgetLine, Cost, Risk, RiskStatus};
use botdash::model::{EngagementData, Phase, Role, Side, Task};
use botdash::report::changes::Since;
use botdash::report::{Context, Report, Settings, html, markdown};
use botdash::store::Store;
use chrono::{Days, NaiveDate};
use common::{botdash, keys, markdown_tables};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

const TODAY: &str = "2026-06-15";

/// A fresh engagement with nothing recorded in it, in Plan, whose threshold (0) is met: no
/// area has anything against it.
fn blank() -> EngagementData {
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    let store = Store::open(&db).unwrap();
    let mut data = store.load(store.engagement_by_slug("acme-billing").unwrap()).unwrap();
    let kept = data.engagement.clone();
    data = EngagementData::new(kept);
    data.engagement.readiness_threshold = 0;
    data
}

fn report(data: &EngagementData, settings: &Settings) -> Report {
    let today = day(TODAY);
    let context = Context {
        overrides: &[],
        since: (today, Since::Given),
        changes: &[],
        previous: None,
        settings,
    };
    Report::new(data, &context, today, today)
}

/// The status of `area` as the Markdown executive table shows it, checked against the HTML
/// and the JSON.
fn status(data: &EngagementData, area: &str) -> String {
    let report = report(data, &Settings::default());
    let md = markdown(&report);
    let tables = markdown_tables(&md);
    let table = tables.iter().find(|t| t[0][0] == "Area").expect("the executive table");
    let row = table.iter().find(|r| r[0] == area).expect("a row per area");
    let json: serde_json::Value = serde_json::from_str(&report.json()).unwrap();
    let areas = json["executive"]["areas"].as_array().unwrap();
    let rated = areas.iter().find(|a| a["area"] == area.to_lowercase()).unwrap();
    assert_eq!(rated["rag"].as_str().unwrap().to_uppercase(), row[1], "{area}: JSON");
    let html = html(&report);
    let cell =
        format!("<td>{area}</td><td class=\"rag {}\">{}</td>", row[1].to_lowercase(), row[1]);
    assert!(html.contains(&cell), "{area}: HTML has {cell}");
    row[1].clone()
}

fn task(n: usize, due: &str, side: Side) -> Task {
    Task {
        id: format!("task-{n}"),
        due_date: Some(day(due)),
        position: n as i64,
        ..Task::to_do(Phase::Plan, format!("Card {n}"), side, "")
    }
}

#[test]
fn the_schedule_turns_amber_at_one_overdue_card_and_red_at_five() {
    for (overdue, expected) in [(0, "GREEN"), (1, "AMBER"), (4, "AMBER"), (5, "RED")] {
        let mut data = blank();
        data.tasks = (0..overdue).map(|n| task(n, "2026-06-14", Side::Contractor)).collect();
        // Due today is not overdue.
        data.tasks.push(task(99, TODAY, Side::Contractor));
        assert_eq!(status(&data, "Schedule"), expected, "{overdue} overdue");
    }
}

#[test]
fn readiness_is_amber_below_the_threshold_and_red_twenty_points_below() {
    // Documentation alone weighs: one document approved of two scores 50.0.
    let mut data = blank();
    data.engagement.weights = Some(botdash::model::score::Weights {
        staffing: 0.0,
        skills: 0.0,
        kt: 0.0,
        responsibilities: 0.0,
        docs: 1.0,
    });
    let mut approved = botdash::model::DocItem::missing("Ops".into(), "Runbook".into(), 2);
    approved.status = botdash::model::DocStatus::Approved;
    data.docs = vec![approved, botdash::model::DocItem::missing("Ops".into(), "SLA".into(), 2)];
    for (threshold, expected) in [(50, "GREEN"), (51, "AMBER"), (69, "AMBER"), (70, "RED")] {
        data.engagement.readiness_threshold = threshold;
        assert_eq!(status(&data, "Readiness"), expected, "threshold {threshold}, score 50.0");
    }
}

#[test]
fn documentation_is_amber_below_eighty_percent_approved_and_red_below_fifty() {
    for (approved, expected) in [(8, "GREEN"), (7, "AMBER"), (5, "AMBER"), (4, "RED")] {
        let mut data = blank();
        data.docs = (0..10)
            .map(|n| {
                let mut doc = botdash::model::DocItem::missing("Ops".into(), format!("Doc {n}"), 2);
                if n < approved {
                    doc.status = botdash::model::DocStatus::Approved;
                }
                doc
            })
            .collect();
        assert_eq!(status(&data, "Documentation"), expected, "{approved} of 10 approved");
    }
}

#[test]
fn the_budget_is_amber_past_its_plan_and_red_more_than_ten_percent_past() {
    // Plan has no dates and is under way: its whole plan is due, and the estimate is what
    // was spent.
    // The last: a cost as large as a hand-edited file can hold overflowed the percentage.
    for (spent, expected) in [
        (100_000, "GREEN"),
        (100_001, "AMBER"),
        (110_000, "AMBER"),
        (110_001, "RED"),
        (i64::MAX / 2, "RED"),
    ] {
        let mut data = blank();
        let line = |planned| BudgetLine {
            id: "b".into(),
            phase: Phase::Plan,
            category: "Team".into(),
            planned,
        };
        data.budget = vec![line(100_000)];
        data.costs = vec![Cost {
            id: "c".into(),
            phase: Phase::Plan,
            category: "Team".into(),
            day: day("2026-06-01"),
            amount: spent,
            note: String::new(),
        }];
        assert_eq!(status(&data, "Budget"), expected, "{spent} cents spent of 100000");
    }
}

#[test]
fn risks_are_amber_from_exposure_eight_and_red_from_fifteen() {
    for ((likelihood, impact), expected) in
        [((2, 3), "GREEN"), ((4, 2), "AMBER"), ((3, 4), "AMBER"), ((3, 5), "RED")]
    {
        let mut data = blank();
        let risk = |status| Risk {
            id: format!("r-{status:?}"),
            title: "Vendor goes bust".into(),
            category: String::new(),
            likelihood,
            impact,
            owner: "CFO".into(),
            mitigation: "second vendor".into(),
            trigger: String::new(),
            status,
        };
        // A closed risk of any exposure does not count.
        let mut closed = risk(RiskStatus::Closed);
        closed.likelihood = 5;
        closed.impact = 5;
        data.risks = vec![risk(RiskStatus::Open), closed];
        assert_eq!(status(&data, "Risks"), expected, "exposure {likelihood} × {impact}");
    }
}

#[test]
fn people_is_amber_from_one_slot_open_past_its_date_and_red_from_three() {
    for (open, expected) in [(0, "GREEN"), (1, "AMBER"), (2, "AMBER"), (3, "RED")] {
        let mut data = blank();
        data.roles = vec![Role {
            id: "role".into(),
            title: "Ops engineer".into(),
            planned_count: open,
            criticality: 2,
            target_date: Some(day("2026-06-14")),
        }];
        assert_eq!(status(&data, "People"), expected, "{open} slots open");
    }
}

/// A finding on who can do what counts like a late hire: the People section listing one never
/// sits under a green People status.
#[test]
fn people_is_amber_from_one_finding_and_red_from_three() {
    use botdash::model::{Owner, findings};
    use common::records::{duty, skill};
    for (duties, expected) in [(0, "GREEN"), (1, "AMBER"), (2, "AMBER"), (3, "RED")] {
        let mut data = blank();
        data.skills.push(skill("ir", 3, 1, 3));
        // Each duty is with the client, and needs a skill nobody on its team holds.
        data.responsibilities = (0..duties)
            .map(|n| {
                let mut duty = duty(&format!("duty {n}"), 1, Owner::Client);
                duty.skill_id = Some("ir".into());
                duty
            })
            .collect();
        assert_eq!(findings(&data, day(TODAY)).len(), duties);
        assert_eq!(status(&data, "People"), expected, "{duties} findings");
        let json: serde_json::Value =
            serde_json::from_str(&report(&data, &Settings::default()).json()).unwrap();
        let people = &json["executive"]["areas"][5];
        let evidence = people["evidence"].as_str().unwrap();
        let counted = if duties == 1 { "1 finding".into() } else { format!("{duties} findings") };
        assert!(evidence.ends_with(&format!("{counted} on who can do what")), "{evidence}");
    }
}

#[test]
fn the_client_is_asked_for_its_overdue_cards_and_late_hires_and_hostile_text_stays_text() {
    let hostile = "<img src=x onerror=alert(1)> | **bold** [link](http://evil)";
    let mut data = blank();
    let mut card = task(1, "2026-06-01", Side::Client);
    card.title = hostile.into();
    data.tasks = vec![card, task(2, "2026-06-01", Side::Contractor)];
    data.roles = vec![Role {
        id: "role".into(),
        title: "Product owner".into(),
        planned_count: 1,
        criticality: 3,
        target_date: Some(day("2026-05-17")),
    }];
    let report = report(&data, &Settings::default());

    let md = markdown(&report);
    let tables = markdown_tables(&md);
    let decisions = tables.iter().find(|t| t[0][0] == "Decision or action").unwrap();
    let asked: Vec<&str> = decisions[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        asked,
        [
            format!("client card overdue since 2026-06-01: {hostile}").as_str(),
            "hire 1 of 1 Product owner (target date 2026-05-17 passed)",
        ],
        "the contractor's card is not the client's to decide"
    );
    let html = html(&report);
    assert!(!html.contains("<img"), "markup from the records stays text");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt; | **bold**"));
    let json: serde_json::Value = serde_json::from_str(&report.json()).unwrap();
    assert_eq!(json["executive"]["decisions"][0], asked[0]);
}

/// Runs `sql` on the database `db` (to date a prepared history).
fn sql(db: &Path, sql: &str) {
    rusqlite::Connection::open(db).unwrap().execute_batch(sql).unwrap();
}

fn md_report(db: &Path, args: &[&str]) -> String {
    let mut all = vec!["report", "acme-billing"];
    all.extend_from_slice(args);
    let out = botdash(db, &all);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// One recorded edit of a task's field, made through the command line's own database.
fn patch_task(db: &Path, title: &str, column: &str, value: &str) {
    use botdash::records::FieldValue;
    use botdash::store::command::Command;
    use botdash::store::edit::{Column, Table};
    let mut store = Store::open(db).unwrap();
    let data = store.load(store.engagement_by_slug("acme-billing").unwrap()).unwrap();
    let t = data.tasks.iter().find(|t| t.title == title).unwrap();
    let (column, shown): (Column, FieldValue) = match column {
        "status" => (botdash::model::TaskField::Status.into(), FieldValue::text(t.status.as_str())),
        _ => (
            botdash::model::TaskField::DueDate.into(),
            FieldValue::text(&t.due_date.unwrap().to_string()),
        ),
    };
    let values = vec![(column, FieldValue::text(value))];
    let patch = Command::Patch {
        table: Table::Task,
        id: t.id.clone(),
        values,
        shown: vec![(column, shown)],
    };
    store.execute(Some(&data.engagement.id), &format!("edited {title}"), &[patch]).unwrap();
}

#[test]
fn what_changed_lists_the_period_s_finished_cards_slipped_dates_and_score_movement() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    let today = chrono::Local::now().date_naive();
    let (before, since, during) =
        (today - Days::new(30), today - Days::new(10), today - Days::new(5));
    // Before the period: a card done. In it: another done, one moved later, one earlier.
    patch_task(&db, "Agree concept and scope with the client", "status", "done");
    sql(&db, &format!("UPDATE change_log SET at = '{before}T09:00:00Z'"));
    patch_task(&db, "Set milestones (fixed or agile)", "status", "done");
    // The template dates the card from the day the engagement was made: today.
    let planned: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT due_date FROM task WHERE title = 'Write transfer conditions into the contract'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let planned_day: chrono::NaiveDate = planned.parse().unwrap();
    let (later, later_still) = (planned_day + Days::new(35), planned_day + Days::new(63));
    patch_task(&db, "Write transfer conditions into the contract", "due_date", &later.to_string());
    let last = later_still.to_string();
    patch_task(&db, "Write transfer conditions into the contract", "due_date", &last);
    patch_task(&db, "List required skills and criticality", "due_date", "2020-01-01");
    sql(&db, &format!("UPDATE change_log SET at = '{during}T09:00:00Z' WHERE at > '{before}T10'"));
    // The readiness recorded the day before the period: nothing at all yet.
    sql(
        &db,
        &format!(
            "INSERT INTO readiness_snapshot SELECT id, '{}', 0, 0, 0, 0, 0, 0, 'L0' FROM engagement",
            since - Days::new(1)
        ),
    );

    let since_arg = since.to_string();
    let md = md_report(&db, &["--since", &since_arg]);
    assert!(md.contains(&format!("Since {since} (the day asked for).")), "{md}");
    let tables = markdown_tables(&md);
    let finished = tables.iter().find(|t| t[0][0] == "Finished").unwrap();
    let items: Vec<&str> = finished[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(items, ["Set milestones (fixed or agile)"], "only the period's");
    assert_eq!(finished[1][..2], [during.to_string(), "card done".to_string()]);
    let slipped = tables.iter().find(|t| t[0][0] == "Slipped").unwrap();
    assert_eq!(
        slipped[1..],
        [vec![
            "card 'Write transfer conditions into the contract'".to_string(),
            "due date".into(),
            planned,
            last
        ]],
        "the first and the last date of the one that moved later; not the one moved earlier"
    );
    let moved = tables.iter().find(|t| t[0][0] == "Dimension moved").unwrap();
    assert_eq!(moved.len(), 6, "a header and five dimensions");
    assert!(md.contains(&format!("Readiness 0.0 on {}", since - Days::new(1))), "{md}");

    // Without --since, the period starts at the last report written to a file, and each
    // area's trend compares with its statuses: as now, but the budget red then.
    let file = dir.path().join("r.md");
    md_report(&db, &["-o", file.to_str().unwrap()]);
    let json: serde_json::Value =
        serde_json::from_str(&md_report(&db, &["--format", "json"])).unwrap();
    let mut then = serde_json::Map::new();
    for area in json["executive"]["areas"].as_array().unwrap() {
        then.insert(area["area"].as_str().unwrap().into(), area["rag"].clone());
    }
    assert_eq!(then["budget"], "green", "no budget planned");
    then.insert("budget".into(), "red".into());
    let last = today - Days::new(7);
    let then = serde_json::Value::Object(then);
    sql(&db, &format!("UPDATE report_written SET day = '{last}', statuses_json = '{then}'"));
    let md = md_report(&db, &[]);
    assert!(md.contains(&format!("Since {last} (the last report written).")), "{md}");
    let tables = markdown_tables(&md);
    let areas = tables.iter().find(|t| t[0][0] == "Area").unwrap();
    for row in &areas[1..] {
        let expected = if row[0] == "Budget" { "better" } else { "unchanged" };
        assert_eq!(row[2], expected, "{row:?}");
    }
}

#[test]
fn the_report_names_the_consultancy_the_author_and_both_days_and_lists_everything() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(botdash(&db, &["demo", "--save", db.to_str().unwrap()]).status.success());
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[report]\nconsultancy = \"Nordlicht <Beratung>\"\nauthor = \"Ada Weber\"\n",
    )
    .unwrap();
    let later = (chrono::Local::now().date_naive() + Days::new(3)).to_string();
    let run = |format: &str| {
        let args = [
            "--config",
            config.to_str().unwrap(),
            "report",
            "nordwind-fleet",
            "--format",
            format,
            "--as-of",
            &later,
        ];
        String::from_utf8(botdash(&db, &args).stdout).unwrap()
    };
    let today = chrono::Local::now().date_naive();
    let byline = format!(
        "Report written {today} by Ada Weber, Nordlicht <Beratung> · figures as of {later} \
         (today's records evaluated on {later})"
    );
    let md = run("md");
    let paragraphs = paragraphs(&md);
    assert!(paragraphs.contains(&byline), "{paragraphs:?}");
    let html = run("html");
    assert!(html.contains(&byline.replace('<', "&lt;").replace('>', "&gt;")), "HTML byline");
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["prepared_by"]["consultancy"], "Nordlicht <Beratung>");
    assert_eq!(json["prepared_by"]["author"], "Ada Weber");
    assert_eq!(
        (json["as_of"].as_str(), json["records_of"].as_str()),
        (Some(later.as_str()), Some(today.to_string().as_str()))
    );

    for (format, text) in [("md", &md), ("html", &html)] {
        assert!(!text.contains("more)"), "{format}: no list is cut short");
    }
    // The appendix lists every item that costs points, as many as the JSON holds.
    let losses = json["readiness"]["losses"].as_array().unwrap().len();
    assert!(losses > 10, "the demo has more than the readiness section shows");
    let tables = markdown_tables(&md);
    let appendix = tables.iter().rfind(|t| t[0][0] == "Points lost").unwrap();
    assert_eq!(appendix.len() - 1, losses);
    assert!(md.contains("## Appendix: every item that costs points"));
}

/// The text of each paragraph of a CommonMark document.
fn paragraphs(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let (mut out, mut current) = (Vec::new(), None::<String>);
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Paragraph) => current = Some(String::new()),
            Event::Text(t) => current.iter_mut().for_each(|c| c.push_str(&t)),
            Event::End(TagEnd::Paragraph) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

#[test]
fn the_palette_writes_the_calendar_and_the_workbook_as_private_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    botdash::demo::save(&mut store, common::today()).unwrap();
    let mut app = botdash::app::App::new(store, common::today()).unwrap();
    keys(&mut app, "\r");
    for (command, name) in [(":calendar", "dates.ics"), (":workbook", "book.xlsx")] {
        let path = dir.path().join(name);
        keys(&mut app, &format!("{command}\r\u{15}{}\r", path.display()));
        assert!(path.exists(), "{command} wrote {name}: {:?}", app.state.message);
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let ics = std::fs::read_to_string(dir.path().join("dates.ics")).unwrap();
    // Stamped with the time the app was given (noon of the test day), not the system's.
    let noon = common::today().and_hms_opt(12, 0, 0).unwrap();
    let stamp = botdash::clock::utc(noon).format("DTSTAMP:%Y%m%dT%H%M%SZ").to_string();
    assert!(ics.lines().any(|line| line == stamp), "{stamp} in {ics}");
    let calendar = ical::IcalParser::new(ics.as_bytes()).next().unwrap().unwrap();
    assert!(calendar.events.iter().any(|e| {
        e.properties
            .iter()
            .any(|p| p.name == "SUMMARY" && p.value.as_deref().unwrap_or("").contains("transfer"))
    }));
    use calamine::Reader;
    let bytes = std::fs::read(dir.path().join("book.xlsx")).unwrap();
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names()[0], "Checklist");
    assert!(book.worksheet_range("Checklist").unwrap().rows().count() > 1);
}

#[test]
fn an_unreadable_report_log_row_or_change_entry_never_stops_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    patch_task(&db, "Agree concept and scope with the client", "status", "done");
    // A status this version does not know (a newer one's, or a hand edit), and a change entry
    // that is no row change: both valid JSON, as the schema checks.
    sql(
        &db,
        "INSERT INTO report_written (engagement_id, day, written_at, statuses_json) \
         SELECT id, date('now', '-3 days'), 'x', '{\"schedule\": \"purple\"}' FROM engagement;
         UPDATE change_log SET changes_json = '[{\"not\": \"a change\"}]';",
    );
    let report = md_report(&db, &[]);
    assert!(report.contains("Executive"), "{report}");
}

#[test]
fn a_risk_titled_like_a_status_is_text_not_a_coloured_status() {
    let mut data = blank();
    data.risks = vec![Risk {
        id: "r".into(),
        title: "RED".into(),
        category: String::new(),
        likelihood: 1,
        impact: 1,
        owner: "GREEN".into(),
        mitigation: String::new(),
        trigger: String::new(),
        status: RiskStatus::Open,
    }];
    let html = html(&report(&data, &Settings::default()));
    assert!(html.contains("<td>RED</td>"), "the title is a plain cell");
    assert!(!html.contains("<td class=\"rag red\">RED</td>"), "no red status: exposure is 1");
}
