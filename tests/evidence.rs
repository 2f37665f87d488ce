//! Operational evidence end to end: the ticket export imported from the command line into a
//! database, refused whole, re-imported, undone in one step; the report's evidence section in
//! each format.

mod common;

use botdash::app::detail::{Detail, Pane};
use botdash::app::{App, Overlay, Screen};
use botdash::model::evidence::Resolver;
use botdash::model::{EngagementData, Owner, Responsibility};
use botdash::report::changes::Since;
use botdash::report::{Context, Report, ReportFormat};
use botdash::store::Store;
use common::{botdash, keys, one_engagement, ticket, today};

const JIRA: &str = "Issue key,Issue Type,Priority,Created,Resolved,Resolved by,SLA met\n\
                    OPS-1,Incident,Highest,2026-03-02 09:15,2026-03-03 10:00,client,yes\n\
                    OPS-2,Change,Medium,2026-03-04,,,\n";

fn tickets(db: &std::path::Path) -> Vec<(String, Option<String>)> {
    let store = Store::open(db).unwrap();
    let data = store.load(store.engagement_by_slug("acme-billing").unwrap()).unwrap();
    data.tickets.into_iter().map(|t| (t.key, t.resolved.map(|d| d.to_string()))).collect()
}

fn import(db: &std::path::Path, csv: &str) -> std::process::Output {
    let file = db.with_file_name("export.csv");
    std::fs::write(&file, csv).unwrap();
    botdash(db, &["tickets", "import", "acme-billing", file.to_str().unwrap()])
}

#[test]
fn an_export_is_imported_and_a_reimport_updates_by_ticket_id() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_engagement(dir.path());
    let out = import(&db, JIRA);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "2 tickets added, 0 updated, 0 unchanged\n");
    let resolved = JIRA.replace(
        "OPS-2,Change,Medium,2026-03-04,,,",
        "OPS-2,Change,Medium,2026-03-04,2026-03-06,client,no",
    );
    let out = import(&db, &resolved);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "0 tickets added, 1 updated, 1 unchanged\n");
    assert_eq!(
        tickets(&db),
        [("OPS-1".into(), Some("2026-03-03".into())), ("OPS-2".into(), Some("2026-03-06".into()))]
    );
}

#[test]
fn a_bad_line_imports_nothing_and_names_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_engagement(dir.path());
    let bad = format!("{JIRA}OPS-3,Incident,P9,2026-03-05,,,\n");
    let out = import(&db, &bad);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("row 4: column 'priority': 'P9' is not a priority"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert!(tickets(&db).is_empty());
}

#[test]
fn an_import_is_undone_in_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_engagement(dir.path());
    assert!(import(&db, JIRA).status.success());
    let mut store = Store::open(&db).unwrap();
    let id = store.engagement_by_slug("acme-billing").unwrap().id;
    let undone = store.undo(Some(&id)).unwrap();
    assert!(undone.unwrap().starts_with("imported tickets from "));
    drop(store);
    assert!(tickets(&db).is_empty());
}

/// Last week (2026-W24) the client resolved a P1 and a change in SLA, the contractor a P2
/// out of it; a P1 opened on Friday is still open without a plan. One contractor duty of
/// criticality 3: the evidence weighs as much, so half of Responsibilities' 25 points.
fn desk_week() -> Report {
    let dir = tempfile::tempdir().unwrap();
    let db = one_engagement(dir.path());
    let store = Store::open(&db).unwrap();
    let loaded = store.load(store.engagement_by_slug("acme-billing").unwrap()).unwrap();
    let mut data = EngagementData::new(loaded.engagement);
    data.responsibilities = vec![Responsibility {
        id: "duty".into(),
        activity: "Run the nightly billing".into(),
        criticality: 3,
        owner: Owner::Contractor,
        target_date: None,
        accountable_id: None,
        verifier_id: None,
        signer_id: None,
        skill_id: None,
    }];
    data.tickets = vec![
        ticket("INC-1", "2026-06-08", 1, Some(Resolver::Client)),
        ticket("INC-2", "2026-06-10", 2, Some(Resolver::Contractor)),
        ticket("CHG-3", "2026-06-11", 3, Some(Resolver::Client)),
        ticket("INC-4", "2026-06-12", 1, None),
    ];
    let context = Context {
        overrides: &[],
        since: (today(), Since::Given),
        changes: &[],
        previous: None,
        settings: &Default::default(),
    };
    Report::new(&data, &context, today(), today())
}

#[test]
fn the_report_gives_the_weeks_the_hypercare_verdicts_and_the_evidence_s_points() {
    let report = desk_week();
    let markdown = botdash::report::markdown(&report);
    assert!(markdown.contains("## Operational evidence"), "{markdown}");
    assert!(markdown.contains("| 2026-W24 | 67 % (2 of 3) | 50 % | 67 % | 1 |"), "{markdown}");
    assert!(markdown.contains("| 2026-W25 | — | — | — | 1 |"), "{markdown}");
    assert!(markdown.contains("| not met | open P1 without a plan: INC-4 |"), "{markdown}");
    assert!(
        markdown.contains("| not met | 50 % of 2 P1/P2 within SLA in the last 4 weeks"),
        "{markdown}"
    );
    assert!(
        markdown.contains(
            "the client resolved 2 of 3 incidents and changes lately, adding 8.3 of the 12.5 \
             points the evidence weighs."
        ),
        "{markdown}"
    );
    let json = serde_json::to_value(&report).unwrap();
    let evidence = &json["evidence"];
    assert_eq!(evidence["weeks"][0]["by_client"], 2);
    assert_eq!(evidence["score"]["points"], 8.3);
    assert_eq!(evidence["criteria"].as_array().unwrap().len(), 3);
    assert!(evidence["criteria"].as_array().unwrap().iter().all(|c| c["met"] == false));
    let html = botdash::report::html(&report);
    assert!(html.contains("Operational evidence") && html.contains("2026-W24"), "{html}");
}

#[test]
fn the_pdf_report_has_the_evidence_section() {
    let pdf = desk_week().bytes(ReportFormat::Pdf);
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let pages = doc.get_pages().len() as u32;
    let text = doc.extract_text(&(1..=pages).collect::<Vec<_>>()).unwrap();
    assert!(text.contains("Operational evidence"), "{text}");
    assert!(text.contains("open P1 without a plan: INC-4"), "{text}");
}

#[test]
fn the_operations_weeks_are_read_once_per_load_and_again_on_a_new_week() {
    use botdash::clock::Clock;
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let sunday = today() + chrono::Days::new(6);
    let clock = Clock::set_to(sunday.and_hms_opt(23, 59, 30).unwrap());
    let mut app = App::new(store, clock.clone()).unwrap();
    app.open_slug("stadtwerke-billing", Screen::Readiness).unwrap();
    let newest = |app: &App| app.state.operations_weeks().first().map(|w| w.label());
    assert_eq!(newest(&app).as_deref(), Some("2026-W25"));
    let weeks = app.state.operations_weeks().len();
    clock.set(sunday.succ_opt().unwrap().and_hms_opt(0, 0, 5).unwrap());
    assert!(app.turn_of_day());
    assert_eq!(newest(&app).as_deref(), Some("2026-W26"));
    assert_eq!(app.state.operations_weeks().len(), weeks + 1);
}

fn path_error(app: &App) -> Option<String> {
    match &app.state.overlay {
        Some(Overlay::Form(record)) => {
            record.form.fields.iter().find(|f| f.label == "Path")?.error.clone()
        }
        _ => None,
    }
}

fn tickets_on_screen(app: &App) -> usize {
    app.state.opened.as_ref().unwrap().data.tickets.len()
}

#[test]
fn the_palette_imports_tickets_names_a_bad_line_and_undo_takes_the_import_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::demo_app();
    app.open_slug("nordwind-fleet", Screen::Readiness).unwrap();
    assert_eq!(tickets_on_screen(&app), 0);
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{JIRA}OPS-3,Incident,P9,2026-03-05,,,\n")).unwrap();
    keys(&mut app, &format!(":import-tickets\r{}\r", bad.display()));
    let error = path_error(&app).expect("the dialog stays open with the reason");
    assert!(error.contains("row 4: column 'priority': 'P9' is not a priority"), "{error}");
    assert!(error.ends_with("nothing was imported"), "{error}");
    assert_eq!(tickets_on_screen(&app), 0);

    let good = dir.path().join("good.csv");
    std::fs::write(&good, JIRA).unwrap();
    keys(&mut app, &format!("\u{15}{}\r", good.display()));
    assert!(app.state.overlay.is_none());
    let message = app.state.message.clone().unwrap_or_default();
    assert_eq!(message, "2 tickets added, 0 updated, 0 unchanged");
    assert_eq!(tickets_on_screen(&app), 2);
    keys(&mut app, "u");
    assert_eq!(tickets_on_screen(&app), 0, "one undo step takes the whole import back");
    let undone = app.state.message.clone().unwrap_or_default();
    assert!(undone.starts_with("undid: imported tickets from "), "{undone}");
}

/// A P1 resolved in 2026-W24 and a P1 still open since its Friday, without a plan.
const OPEN_P1: &str = "Issue key,Issue Type,Priority,Created,Resolved,Resolved by,SLA met\n\
                       OPS-1,Incident,Highest,2026-06-08,2026-06-08,client,yes\n\
                       OPS-2,Incident,Highest,2026-06-12,,,\n";

#[test]
fn e_on_a_ticket_of_a_week_writes_its_plan_and_the_p1_criterion_is_met() {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let engagement = store.engagement_by_slug("nordwind-fleet").unwrap();
    store.import_tickets(&engagement, OPEN_P1, &[], "export.csv", today()).unwrap();
    let mut app = App::new(store, today()).unwrap();
    app.open_slug("nordwind-fleet", Screen::Readiness).unwrap();
    while app.state.screens.readiness.tab != botdash::app::ReadinessTab::Operations {
        app.perform(botdash::app::Action::NextTab);
    }
    // The verdict the Operations view shows, read with the engagement's weeks.
    let p1_planned = |app: &App| app.state.opened.as_ref().unwrap().hypercare[0].1.clone();
    assert_eq!(p1_planned(&app).figures, "open P1 without a plan: OPS-2");
    // The weeks, newest first: W25, then W24 with both tickets.
    common::draw(&mut app, 80, 24);
    app.perform(botdash::app::Action::Down);
    keys(&mut app, "\r");
    app.perform(botdash::app::Action::Down);
    keys(&mut app, "e");
    assert!(matches!(app.state.overlay, Some(Overlay::Form(_))), "e asks for the plan");
    keys(&mut app, "Vendor patch Friday, Ana on call\r");
    assert!(app.state.overlay.is_none());
    assert_eq!(app.state.message.as_deref(), Some("planned ticket OPS-2"));
    let check = p1_planned(&app);
    assert!(check.met, "{check:?}");
    let Some(Detail { pane: Pane::Places { entries, .. }, .. }) = &app.state.detail else {
        panic!("the week's list stays open")
    };
    assert_eq!(entries[1].0, "OPS-2 P1 incident — open: Vendor patch Friday, Ana on call");
    keys(&mut app, "\x1bu");
    assert!(!p1_planned(&app).met, "undo takes the plan back");
}

#[test]
fn a_day_after_today_is_refused_naming_its_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_engagement(dir.path());
    let out = import(&db, &format!("{JIRA}OPS-3,Incident,Highest,2062-03-02,,,\n"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("row 4: column 'created': 2062-03-02 is after today ("), "{stderr}");
    assert!(stderr.ends_with("nothing was imported\n"), "{stderr}");
    assert!(tickets(&db).is_empty());
}

#[test]
fn the_cli_names_a_twice_listed_ticket_and_counts_one_ticket_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_engagement(dir.path());
    let twice = format!("{JIRA}OPS-1,Incident,High,2026-03-05,,,\n");
    let stderr = String::from_utf8_lossy(&import(&db, &twice).stderr).into_owned();
    assert!(stderr.contains("row 4: ticket OPS-1 appears twice (also row 2)"), "{stderr}");
    assert!(!stderr.contains("UNIQUE"), "{stderr}");
    let untyped = "id,opened,priority\nOPS-9,2026-03-02,P1\n";
    let out = import(&db, untyped);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1 ticket added, 0 updated, 0 unchanged\n");
}

/// The JIRA tickets exported as JSON from one database in `dir`, `spoil`ed, and imported
/// into a new one: what `botdash import` says, and the new database.
fn json_import(
    dir: &std::path::Path,
    spoil: impl Fn(&mut serde_json::Value),
) -> (std::process::Output, std::path::PathBuf) {
    let from = one_engagement(dir);
    assert!(import(&from, JIRA).status.success());
    let file = dir.join("export.json");
    assert!(botdash(&from, &["export", "-o", file.to_str().unwrap()]).status.success());
    let mut export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    spoil(&mut export["engagements"][0]["tickets"]);
    std::fs::write(&file, export.to_string()).unwrap();
    let to = dir.join("b.db");
    (botdash(&to, &["import", file.to_str().unwrap()]), to)
}

#[test]
fn a_json_import_names_a_ticket_resolved_before_it_was_opened() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = json_import(dir.path(), |tickets| tickets[0]["resolved"] = "2026-03-01".into());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "engagement 'acme-billing': the ticket OPS-1 is resolved before it was opened"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("0000-01-01"), "{stderr}");
}

#[test]
fn a_json_import_refuses_a_day_after_today_as_the_ticket_import_does() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = json_import(dir.path(), |tickets| tickets[1]["opened"] = "2062-03-04".into());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("engagement 'acme-billing': the ticket OPS-2: 2062-03-04 is after today ("),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was imported"), "{stderr}");
}

#[test]
fn an_open_p1_dated_after_today_by_a_hand_edit_still_fails_the_p1_criterion() {
    let dir = tempfile::tempdir().unwrap();
    let (out, db) = json_import(dir.path(), |tickets| tickets[1]["priority"] = 1.into());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let edit = "UPDATE ticket SET opened = '2062-03-04' WHERE ticket_key = 'OPS-2'";
    rusqlite::Connection::open(&db).unwrap().execute_batch(edit).unwrap();
    let store = Store::open(&db).unwrap();
    let data = store.load(store.engagement_by_slug("acme-billing").unwrap()).unwrap();
    let criteria = botdash::model::evidence::criteria(&data, today());
    assert_eq!(criteria[0].1.figures, "open P1 without a plan: OPS-2");
    assert!(!criteria[0].1.met);
    let weeks = botdash::model::evidence::weeks(&data.tickets, today());
    assert_eq!(weeks.last().unwrap().open_p1, 1, "this week shows the open P1");
}

#[test]
fn a_reimport_writes_only_the_tickets_that_changed() {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let engagement = store.engagement_by_slug("nordwind-fleet").unwrap();
    let history = |store: &Store| store.history(Some(&engagement.id)).unwrap();
    store.import_tickets(&engagement, JIRA, &[], "export.csv", today()).unwrap();
    let before = history(&store);
    let again = store.import_tickets(&engagement, JIRA, &[], "export.csv", today()).unwrap();
    assert_eq!(again.summary(), "0 tickets added, 0 updated, 2 unchanged");
    assert_eq!(history(&store), before, "an unchanged file writes no undo step");
    let resolved = JIRA.replace("2026-03-04,,,", "2026-03-04,2026-03-06,client,no");
    store.import_tickets(&engagement, &resolved, &[], "export.csv", today()).unwrap();
    let after = history(&store);
    assert_eq!(after.len(), before.len() + 1);
    let changes: Vec<serde_json::Value> = serde_json::from_str(&after[0].changes_json).unwrap();
    assert_eq!(changes.len(), 1, "only OPS-2 is written: {changes:?}");
    assert_eq!(changes[0]["after"]["ticket_key"], "OPS-2");
}

/// A P1 opened on Friday of 2026-W24 and open since, its plan holding an ESC (as an export
/// may bring it): the only ticket of 2026-W25.
const ESC_PLAN: &str = "id,opened,priority,plan\nOPS-9,2026-06-12,P1,Vendor\x1bpatch\n";

#[test]
fn a_week_of_one_open_p1_lists_it_and_its_plan_shows_a_control_character_as_caret() {
    use ratatui::crossterm::event::Event;
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let engagement = store.engagement_by_slug("nordwind-fleet").unwrap();
    store.import_tickets(&engagement, ESC_PLAN, &[], "export.csv", today()).unwrap();
    let mut app = App::new(store, today()).unwrap();
    app.open_slug("nordwind-fleet", Screen::Readiness).unwrap();
    while app.state.screens.readiness.tab != botdash::app::ReadinessTab::Operations {
        app.perform(botdash::app::Action::NextTab);
    }
    let shown = common::draw(&mut app, 80, 24).backend().to_string();
    assert!(shown.contains("Operations — 1 ticket, by ISO week"), "{shown}");
    keys(&mut app, "\r");
    let Some(Detail { pane: Pane::Places { entries, .. }, .. }) = &app.state.detail else {
        panic!("Enter on 2026-W25 lists its one ticket")
    };
    assert_eq!(entries[0].0, "OPS-9 P1 incident — open: Vendor^[patch");
    keys(&mut app, "e");
    let field = |app: &App| match &app.state.overlay {
        Some(Overlay::Form(record)) => record.form.fields[0].value().to_string(),
        other => panic!("{other:?}"),
    };
    assert_eq!(field(&app), "Vendor^[patch", "the form shows the plan as the list does");
    // A pasted ESC is dropped, as from a card's title.
    keys(&mut app, "\u{15}");
    app.handle_event(Event::Paste("Ana\x1bcalls".into()));
    let mut board = common::demo_app();
    board.open_slug("nordwind-fleet", Screen::Board).unwrap();
    keys(&mut board, "a");
    board.handle_event(Event::Paste("Ana\x1bcalls".into()));
    assert_eq!((field(&app).as_str(), field(&board).as_str()), ("Anacalls", "Anacalls"));
}

#[test]
fn a_reimport_that_changes_nothing_says_so_and_leaves_the_screen_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::demo_app();
    app.open_slug("nordwind-fleet", Screen::Readiness).unwrap();
    let file = dir.path().join("export.csv");
    std::fs::write(&file, JIRA).unwrap();
    keys(&mut app, &format!(":import-tickets\r{}\r", file.display()));
    assert_eq!(tickets_on_screen(&app), 2);
    // A mark only the screen's copy holds: reading the engagement again would undo it.
    app.state.opened.as_mut().unwrap().data.tickets.pop();
    keys(&mut app, &format!(":import-tickets\r{}\r", file.display()));
    assert!(app.state.overlay.is_none(), "the dialog closes");
    let message = app.state.message.clone().unwrap_or_default();
    assert_eq!(message, "0 tickets added, 0 updated, 2 unchanged");
    assert_eq!(tickets_on_screen(&app), 1, "the engagement was not read again");
}

/// Spoils the exported tickets.
type SpoilTickets = fn(&mut serde_json::Value);

#[test]
fn a_json_import_names_a_ticket_with_a_value_the_schema_refuses_and_imports_nothing() {
    let long = "X".repeat(10_000);
    let cases: Vec<(SpoilTickets, String)> = vec![
        (
            |t| t[0]["priority"] = 0.into(),
            "the ticket OPS-1 has priority 0 (expected 1 to 4)".into(),
        ),
        (
            |t| t[0]["priority"] = 9.into(),
            "the ticket OPS-1 has priority 9 (expected 1 to 4)".into(),
        ),
        (
            |t| t[0]["kind"] = "outage".into(),
            "the ticket OPS-1: unknown ticket type 'outage' (one of: incident, change, request)"
                .into(),
        ),
        (
            |t| t[0]["resolved_by"] = "vendor".into(),
            "the ticket OPS-1: unknown resolver 'vendor' (one of: client, contractor)".into(),
        ),
        (|t| t[0]["key"] = " ".into(), "ticket #1 in the file: its id is empty".into()),
        (|t| t[1]["key"] = "".into(), "ticket #2 in the file: its id is empty".into()),
        (
            // A copy of a ticket under its id with a blank after it would count twice.
            |t| {
                let mut copy = t[0].clone();
                copy["key"] = "OPS-1 ".into();
                t.as_array_mut().unwrap().push(copy);
            },
            "the ticket id \"OPS-1 \" has blanks around it".into(),
        ),
        (|t| t[1]["key"] = " OPS-2".into(), "the ticket id \" OPS-2\" has blanks around it".into()),
        (
            |t| t[0]["opened"] = "1989-12-31".into(),
            "the ticket OPS-1 has a day before 1990-01-01, the earliest day a ticket may have"
                .into(),
        ),
        (
            |t| t[1]["resolved"] = "1900-01-01".into(),
            "the ticket OPS-2 has a day before 1990-01-01, the earliest day a ticket may have"
                .into(),
        ),
        (
            |t| t[0]["key"] = "X".repeat(10_000).into(),
            format!("the ticket {}… has an id of 10000 characters (at most 2000)", &long[..40]),
        ),
    ];
    for (spoil, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let (out, db) = json_import(dir.path(), spoil);
        assert_eq!(out.status.code(), Some(2), "{expected}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&format!("engagement 'acme-billing': {expected}")), "{stderr}");
        assert!(stderr.ends_with("nothing was imported\n"), "{stderr}");
        assert!(Store::open(&db).unwrap().engagements().unwrap().is_empty(), "{expected}");
    }
}

#[test]
fn an_empty_file_a_file_not_separated_by_commas_and_a_field_mapped_twice_are_each_told_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = one_engagement(dir.path());
    let refusal = |csv: &str| {
        let out = import(&db, csv);
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let empty = refusal("");
    let words = "export.csv: the file is empty: a ticket export starts with a header row;";
    assert!(empty.contains(words), "{empty}");
    let by = "not commas: save the export as CSV with commas between the columns";
    let semicolons = refusal("id;opened;priority\nOPS-1;2026-03-02;1\n");
    assert!(semicolons.contains(&format!("separated by ';', {by}")), "{semicolons}");
    assert!(!semicolons.contains("--map"), "{semicolons}");
    let tabs = refusal("id\topened\tpriority\nOPS-1\t2026-03-02\t1\n");
    assert!(tabs.contains(&format!("separated by tabs, {by}")), "{tabs}");

    let file = db.with_file_name("export.csv");
    std::fs::write(&file, JIRA).unwrap();
    let args = ["tickets", "import", "acme-billing", file.to_str().unwrap()];
    let out = botdash(&db, &[&args[..], &["--map", "id=Issue key,id=Created"]].concat());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--map names the field 'id' twice: name each field once"), "{stderr}");
    assert!(tickets(&db).is_empty());
}

#[test]
fn a_json_import_names_a_gate_criterion_whose_rule_cannot_be_evaluated() {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let mut export = store.export(&[], |_, _| {}).unwrap();
    let slug = export.engagements[0].data.engagement.slug.clone();
    let title = export.engagements[0].data.gates[0].title.clone();
    for (rule, why) in [
        ("tickets.sla(150,4)", "the rule tickets.sla takes a percent from 0 to 100"),
        ("tickets.sla(90,0)", "the rule tickets.sla takes a percent from 0 to 100 and from 1"),
        ("tickets.p1_planned(3)", "the rule tickets.p1_planned takes no parameters"),
        ("bogus.rule", "unknown gate rule 'bogus.rule' (one of: "),
    ] {
        export.engagements[0].data.gates[0].rule = Some(rule.into());
        let mut other = Store::in_memory().unwrap();
        let error = other
            .import(&export, false, chrono::Local::now().date_naive(), |_, _| {})
            .unwrap_err()
            .to_string();
        let named = format!("engagement '{slug}': gate criterion '{title}': ");
        assert!(error.contains(&named) && error.contains(why), "{rule}: {error}");
        assert!(other.engagements().unwrap().is_empty(), "{rule}: nothing imported");
    }
}

/// The import's refusals about the columns, as the command line words them: with `--map`,
/// which names a column the common names miss.
#[test]
fn a_refusal_about_the_columns_says_how_map_names_one() {
    use botdash::model::evidence::import::{parse_map, plan_import};
    use botdash::words::ticket_import;
    let today = today();
    let csv = "Ref,Raised,Urgency\nX-1,2026-03-02,P2\n";
    assert_eq!(
        ticket_import(&plan_import(&[], csv, &[], today).unwrap_err()),
        "the header row has no column for the ticket's id (its columns: Ref, Raised, Urgency); \
         `botdash tickets import --map id=HEADER` names it"
    );
    let map = parse_map("id=Nope,opened=Raised,priority=Urgency").unwrap();
    assert_eq!(
        ticket_import(&plan_import(&[], csv, &map, today).unwrap_err()),
        "--map id=Nope: the header row has no column 'Nope' (its columns: Ref, Raised, Urgency)"
    );
    let map = parse_map("id=Ref,opened=Raised,priority=Urgency,plan=Next").unwrap();
    let refused = ticket_import(&plan_import(&[], csv, &map, today).unwrap_err());
    assert!(refused.starts_with("--map plan=Next: the header row has no column 'Next'"));
    assert_eq!(
        ticket_import(&parse_map("owner=Who").unwrap_err()),
        "--map: unknown field 'owner' (expected one of: id, opened, resolved, priority, type, \
         resolved by, sla met, plan)"
    );
    assert_eq!(
        ticket_import(&parse_map("id").unwrap_err()),
        "--map takes field=Header pairs, not 'id'"
    );
}
