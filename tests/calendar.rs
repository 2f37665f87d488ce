//! `botdash calendar`: an iCalendar file a calendar program reads back as the engagement's dates.

use std::io::BufReader;
use std::path::Path;
use std::process::Command;

use botdash::store::Store;
use ical::parser::ical::component::{IcalCalendar, IcalEvent};

mod common;

const SLUG: &str = "stadtwerke-billing";

fn demo_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("botdash.db");
    let mut store = Store::open(&db).unwrap();
    botdash::demo::save(&mut store, common::today()).unwrap();
    db
}

/// Runs `botdash calendar SLUG` and returns the file's bytes as written to stdout.
fn calendar_bytes(db: &Path) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_botdash"))
        .args(["--db", db.to_str().unwrap(), "calendar", SLUG])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

fn parse(bytes: &[u8]) -> IcalCalendar {
    let mut calendars = ical::IcalParser::new(BufReader::new(bytes));
    let calendar = calendars.next().expect("one calendar").expect("a valid calendar");
    assert!(calendars.next().is_none());
    calendar
}

fn property<'a>(event: &'a IcalEvent, name: &str) -> &'a str {
    let found = event.properties.iter().find(|p| p.name == name);
    found.and_then(|p| p.value.as_deref()).unwrap_or_default()
}

fn event_with<'a>(calendar: &'a IcalCalendar, summary: &str) -> &'a IcalEvent {
    let found = calendar.events.iter().find(|e| property(e, "SUMMARY").contains(summary));
    found.unwrap_or_else(|| panic!("no event '{summary}'"))
}

#[test]
fn the_calendar_holds_the_engagements_dates_as_all_day_events() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let bytes = calendar_bytes(&db);
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.split_inclusive('\n').all(|line| line.ends_with("\r\n")), "CRLF line ends");
    assert!(text.split("\r\n").all(|line| line.len() <= 75), "lines folded at 75 octets");

    let calendar = parse(&bytes);
    let store = Store::open(&db).unwrap();
    let data = store.load(store.engagement_by_slug(SLUG).unwrap()).unwrap();
    let transfer = data.engagement.planned_transfer_date.unwrap();
    let event = event_with(&calendar, "Planned transfer");
    assert_eq!(property(event, "DTSTART"), transfer.format("%Y%m%d").to_string());
    assert_eq!(property(event, "DTEND"), transfer.succ_opt().unwrap().format("%Y%m%d").to_string());

    for phase in &data.phases {
        let event = event_with(&calendar, &format!("{} phase ends", phase.kind.label()));
        let end = phase.planned_end.unwrap().format("%Y%m%d").to_string();
        assert_eq!(property(event, "DTSTART"), end);
    }
    let open_topic = data.kt_topics.iter().find(|k| k.due_date.is_some()).unwrap();
    event_with(&calendar, &format!("Knowledge transfer due: {}", open_topic.title));
    let open_tasks = data
        .tasks
        .iter()
        .filter(|t| t.due_date.is_some() && t.status != botdash::model::TaskStatus::Done);
    for task in open_tasks {
        let uid = format!("{}.due@botdash", task.id);
        assert!(calendar.events.iter().any(|e| property(e, "UID") == uid), "{}", task.title);
    }
    let done = data.tasks.iter().find(|t| t.status == botdash::model::TaskStatus::Done).unwrap();
    assert!(!calendar.events.iter().any(|e| property(e, "UID").starts_with(&done.id)));
}

#[test]
fn a_newer_calendar_updates_the_same_events_instead_of_adding_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let uids = |calendar: &IcalCalendar| {
        let mut uids: Vec<String> =
            calendar.events.iter().map(|e| property(e, "UID").to_string()).collect();
        uids.sort();
        uids
    };
    let before = parse(&calendar_bytes(&db));
    let mut unique = uids(&before);
    unique.dedup();
    assert_eq!(unique.len(), before.events.len(), "every UID once");

    // The plan moves: the transfer is a week later.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE engagement SET planned_transfer_date = date(planned_transfer_date, '+7 days') \
         WHERE slug = ?1",
        [SLUG],
    )
    .unwrap();
    let after = parse(&calendar_bytes(&db));
    assert_eq!(uids(&after), uids(&before));
    let moved = |calendar: &IcalCalendar| {
        property(event_with(calendar, "Planned transfer"), "DTSTART").to_string()
    };
    assert_ne!(moved(&after), moved(&before));
}

#[test]
fn hostile_text_stays_inside_its_own_property() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let events = parse(&calendar_bytes(&db)).events.len();
    let hostile = "Deploy\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:pwned;x,y\\\u{1b}[31m";
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE task SET title = ?1 WHERE id = (SELECT t.id FROM task t JOIN engagement e \
         ON e.id = t.engagement_id WHERE e.slug = ?2 AND t.status != 'done' \
         AND t.due_date IS NOT NULL LIMIT 1)",
        [hostile, SLUG],
    )
    .unwrap();
    let bytes = calendar_bytes(&db);
    assert!(!bytes.contains(&0x1b), "no escape character reaches the file");
    let calendar = parse(&bytes);
    assert_eq!(calendar.events.len(), events, "no event smuggled in");
    let event = event_with(&calendar, "Due: Deploy");
    let summary = property(event, "SUMMARY");
    assert!(
        summary.contains("\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:pwned\\;x\\,y\\\\"),
        "{summary}"
    );
}
