//! The documentation checklist: keys on the Docs screen, the CSV exchange and templates.

mod common;

use common::cli::botdash;
use common::{demo_app, keys, today};
use std::path::Path;

use botdash::app::{App, Screen};
use botdash::model::checklist::{plan_import, to_csv};
use botdash::model::score::{Dimension, readiness};
use botdash::model::{DocItem, DocStatus};

fn docs_screen() -> App {
    let mut app = demo_app();
    keys(&mut app, "/nordw\r\r4");
    assert_eq!(app.state.screen, Screen::Docs);
    app
}

fn selected(app: &App) -> DocItem {
    app.state.screens.docs.selected(&app.state.context()).unwrap().clone()
}

fn stored(app: &App, id: &str) -> (String, Option<String>, bool) {
    app.store()
        .connection()
        .query_row(
            "SELECT status, last_reviewed_at, not_applicable FROM doc_item WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

#[test]
fn after_a_filter_is_dropped_space_changes_the_row_that_was_selected() {
    let mut app = docs_screen();
    let first = selected(&app);
    let last = app
        .state
        .screens
        .docs
        .rows(&app.state.context())
        .into_iter()
        .flat_map(|(_, d)| d)
        .last()
        .unwrap()
        .clone();
    keys(&mut app, &format!("/{}\r", last.title));
    let chosen = selected(&app);
    assert_ne!(chosen.id, first.id, "the filter moved the cursor");
    keys(&mut app, "\x1b");
    assert!(app.state.filter.is_none());
    assert_eq!(selected(&app).id, chosen.id, "the cursor stays on the filtered row");
    keys(&mut app, " ");
    assert_ne!(stored(&app, &chosen.id).0, chosen.status.as_str(), "the selected row changed");
    assert_eq!(stored(&app, &first.id).0, first.status.as_str(), "the first row did not");
}

#[test]
fn space_steps_the_status_and_approval_records_the_review() {
    let mut app = docs_screen();
    keys(&mut app, "f"); // missing items only
    let doc = selected(&app);
    assert_eq!(doc.status, DocStatus::Missing);
    // Stale, critical, each owner, then all again.
    for _ in 0..20 {
        if app.state.screens.docs.quick == botdash::app::docs::QuickFilter::All {
            break;
        }
        keys(&mut app, "f");
    }
    assert_eq!(app.state.screens.docs.quick, botdash::app::docs::QuickFilter::All);
    let index = app
        .state
        .screens
        .docs
        .rows(&app.state.context())
        .into_iter()
        .flat_map(|(_, d)| d)
        .position(|d| d.id == doc.id)
        .unwrap();
    app.state.screens.docs.row = index;
    for expected in ["draft", "in_review", "approved", "missing"] {
        keys(&mut app, " ");
        if expected == "missing" {
            keys(&mut app, "y"); // back to the first state: asked first
        }
        assert_eq!(stored(&app, &doc.id).0, expected);
    }
    assert_eq!(
        stored(&app, &doc.id).1.as_deref(),
        Some("2026-06-15"),
        "approving records the review"
    );
    keys(&mut app, "uuuu");
    assert_eq!(stored(&app, &doc.id).0, "missing");
    assert_eq!(stored(&app, &doc.id).1, None, "undo took the review date back too");
}

#[test]
fn reviewed_today_and_not_applicable_are_one_key_each() {
    let mut app = docs_screen();
    let doc = selected(&app);
    keys(&mut app, "r");
    assert_eq!(stored(&app, &doc.id).1.as_deref(), Some("2026-06-15"));
    let before = app.state.opened.as_ref().unwrap().data.docs_progress();
    keys(&mut app, "n");
    assert!(stored(&app, &doc.id).2);
    let after = app.state.opened.as_ref().unwrap().data.docs_progress();
    assert_eq!(after.1, before.1 - 1, "left out of the count");
    keys(&mut app, "n");
    assert!(!stored(&app, &doc.id).2);
}

#[test]
fn not_applicable_items_leave_the_score() {
    let mut app = docs_screen();
    let data = app.state.opened.as_ref().unwrap().data.clone();
    let docs_value = |data: &botdash::model::EngagementData| {
        readiness(data, today()).dimension(Dimension::Docs).value
    };
    let missing_critical = data
        .docs
        .iter()
        .find(|d| d.status == DocStatus::Missing && d.criticality == 3 && !d.not_applicable)
        .unwrap()
        .clone();
    let index = app
        .state
        .screens
        .docs
        .rows(&app.state.context())
        .into_iter()
        .flat_map(|(_, d)| d)
        .position(|d| d.id == missing_critical.id)
        .unwrap();
    app.state.screens.docs.row = index;
    keys(&mut app, "n");
    let after = app.state.opened.as_ref().unwrap().data.clone();
    assert!(docs_value(&after) > docs_value(&data), "a missing item no longer costs points");
}

#[test]
fn quick_filters_show_missing_stale_critical_and_one_owner() {
    let mut app = docs_screen();
    let shown = |app: &App| -> Vec<DocItem> {
        app.state
            .screens
            .docs
            .rows(&app.state.context())
            .into_iter()
            .flat_map(|(_, d)| d)
            .cloned()
            .collect()
    };
    keys(&mut app, "f");
    assert!(shown(&app).iter().all(|d| d.status == DocStatus::Missing));
    keys(&mut app, "f");
    assert!(!shown(&app).is_empty() && shown(&app).iter().all(|d| d.is_stale(today())));
    keys(&mut app, "f");
    assert!(shown(&app).iter().all(|d| d.criticality == 3));
    keys(&mut app, "f");
    let owner = shown(&app)[0].owner.clone().unwrap();
    assert!(shown(&app).iter().all(|d| d.owner.as_deref() == Some(owner.as_str())));
}

#[test]
fn items_are_added_edited_deleted_and_categories_renamed() {
    let mut app = docs_screen();
    keys(&mut app, "aRunbook for failover\t");
    keys(&mut app, &"\x7f".repeat(40));
    keys(&mut app, "Resilience\r");
    let count = |app: &App, sql: &str| -> i64 {
        app.store().connection().query_row(sql, [], |r| r.get(0)).unwrap()
    };
    assert_eq!(count(&app, "SELECT count(*) FROM doc_item WHERE category = 'Resilience'"), 1);
    assert_eq!(selected(&app).title, "Runbook for failover");
    keys(&mut app, "R");
    keys(&mut app, &"\x7f".repeat(20));
    keys(&mut app, "Resilience & DR\r");
    assert_eq!(count(&app, "SELECT count(*) FROM doc_item WHERE category = 'Resilience & DR'"), 1);
    keys(&mut app, "dy");
    assert_eq!(
        count(&app, "SELECT count(*) FROM doc_item WHERE title = 'Runbook for failover'"),
        0
    );
    keys(&mut app, "uuu");
    assert_eq!(
        count(&app, "SELECT count(*) FROM doc_item WHERE title = 'Runbook for failover'"),
        0,
        "three undos: delete, rename, add"
    );
}

fn item(title: &str) -> DocItem {
    DocItem {
        id: format!("id-{title}"),
        category: "Ops".into(),
        title: title.into(),
        criticality: 2,
        status: DocStatus::Draft,
        not_applicable: false,
        owner: None,
        reviewer: None,
        location: None,
        last_reviewed_at: None,
        review_interval_days: Some(90),
        due_phase: None,
    }
}

#[test]
fn export_then_import_changes_nothing_even_with_awkward_text() {
    let mut tricky = item("Runbook, \"primary\" site\nsecond line — Zürich 東京 🙂");
    tricky.owner = Some("Ana \"the ops lead\", DBA".into());
    tricky.location = Some("=HYPERLINK(\"x\")".into());
    let docs = vec![tricky, item("Plain")];
    let csv = to_csv(&docs);
    assert!(csv.starts_with("id,category,title,criticality,status,"));
    assert!(csv.contains("\"Runbook, \"\"primary\"\" site\nsecond line — Zürich 東京 🙂\""));
    let plan = plan_import(&docs, &csv, today()).unwrap();
    assert!(plan.is_empty(), "{:?}", plan.report());
}

#[test]
fn import_updates_matching_items_adds_new_ones_and_reports() {
    let docs = vec![item("Runbook"), item("Access list")];
    let csv = "category,title,status,owner,last_reviewed_at\r\n\
               ops,runbook,approved,Ana,2026-06-01\r\n\
               Security,Secrets rotation,in review,,\r\n";
    let plan = plan_import(&docs, csv, today()).unwrap();
    assert_eq!(plan.updates.len(), 1);
    assert_eq!(plan.updates[0].item.status, DocStatus::Approved);
    assert_eq!(plan.updates[0].changed, ["status", "owner", "last reviewed"]);
    assert_eq!(plan.added.len(), 1);
    assert_eq!(plan.added[0].status, DocStatus::InReview);
    assert_eq!(plan.report()[1], "added 'Secrets rotation' to Security");
}

#[test]
fn an_approval_imported_without_a_review_date_is_reviewed_on_the_day_of_the_import() {
    let docs = vec![item("Runbook"), item("Access list")];
    let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
    let csv = "category,title,status,last_reviewed_at\n\
               Ops,Runbook,approved,\n\
               Ops,Access list,approved,2026-06-01\n\
               Ops,Escalation list,approved,\n";
    let plan = plan_import(&docs, csv, today).unwrap();
    assert_eq!(plan.updates[0].item.last_reviewed_at, Some(today), "reviewed as it is approved");
    assert_eq!(plan.updates[0].changed, ["status", "last reviewed"]);
    assert_eq!(plan.updates[1].item.last_reviewed_at, chrono::NaiveDate::from_ymd_opt(2026, 6, 1));
    assert_eq!(plan.added[0].last_reviewed_at, Some(today), "a new approved item too");
    let approved = DocItem { status: DocStatus::Approved, ..plan.added[0].clone() };
    assert!(!approved.is_stale(today), "not stale the day it is approved");
}

#[test]
fn one_bad_row_refuses_the_whole_file_and_names_the_row() {
    let docs = vec![item("Runbook")];
    let bad_status = "category,title,status\nOps,Runbook,approved\nOps,New,finished\n";
    assert_eq!(
        plan_import(&docs, bad_status, today()).unwrap_err(),
        "row 3: unknown document status 'finished' (one of: missing, draft, in_review, approved)"
    );
    let bad_date = "category,title,last_reviewed_at\nOps,Runbook,2026-02-30\n";
    assert!(
        plan_import(&docs, bad_date, today())
            .unwrap_err()
            .starts_with("row 2: '2026-02-30' is not a valid date")
    );
    assert!(
        plan_import(&docs, "title\nx\n", today()).unwrap_err().contains("no 'category' column")
    );
    let unknown_id = "id,category,title\nnope,Ops,Runbook\n";
    assert!(
        plan_import(&docs, unknown_id, today()).unwrap_err().contains("no item has the id 'nope'")
    );
}

#[test]
fn formulas_leave_as_text_and_come_back_as_they_were() {
    let mut docs = vec![item("+cmd|' /C calc'!A0"), item("'quoted"), item("-2+3")];
    docs[0].owner = Some("@SUM(1+1)".into());
    docs[1].location = Some("=HYPERLINK(\"http://evil\")".into());
    docs[2].reviewer = Some("\tTab".into());
    let csv = to_csv(&docs);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{cell:?} is a formula");
        }
    }
    assert!(csv.contains(",'@SUM(1+1),") && csv.contains(",''quoted,"), "{csv}");
    let plan = plan_import(&docs, &csv, today()).unwrap();
    assert!(plan.is_empty(), "{:?}", plan.report());
}

#[test]
fn every_changed_column_is_applied_and_reported_and_bad_values_refused() {
    let docs = vec![item("Runbook")];
    let csv = to_csv(&docs).replace(",Runbook,2,draft,", ",Runbook v2,3,draft,");
    let plan = plan_import(&docs, &csv, today()).unwrap();
    assert_eq!(plan.report(), ["updated 'Runbook v2': title, criticality"]);
    assert_eq!(plan.updates[0].item.title, "Runbook v2");
    for (from, to, expected) in [
        (",90,", ",99999999,", "row 2: review_interval_days must be 1 to 3650, not 99999999"),
        (",90,", ",0,", "row 2: review_interval_days must be 1 to 3650, not 0"),
        (",2,draft,", ",7,draft,", "row 2: criticality must be 1 to 3, not 7"),
        (",Runbook,", ",,", "row 2: an item needs a category and a title"),
    ] {
        let csv = to_csv(&docs).replace(from, to);
        assert_eq!(plan_import(&docs, &csv, today()).unwrap_err(), expected, "{csv}");
    }
}

#[test]
fn ragged_and_cut_short_files_are_refused_with_their_line() {
    let docs = vec![item("Runbook"), item("Access list")];
    let csv = to_csv(&docs);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    let cut_row: String = lines[2].split(',').take(5).collect::<Vec<_>>().join(",");
    let cut_short = format!("{}\r\n{}\r\n{cut_row}", lines[0], lines[1]);
    assert_eq!(
        plan_import(&docs, &cut_short, today()).unwrap_err(),
        "row 3 has 5 cells where the header has 12 (cut short?)"
    );
    let ragged = csv.replacen(",no,", ",no,extra,", 1);
    assert!(plan_import(&docs, &ragged, today()).unwrap_err().starts_with("row 2 has 13 cells"));
    let multi_line = "category,title\nOps,\"two\nlines\"\nOps,x,y\n";
    assert!(plan_import(&docs, multi_line, today()).unwrap_err().starts_with("row 4 has 3 cells"));
    let open_quote = "category,title\nOps,\"cut inside a quot";
    assert_eq!(
        plan_import(&docs, open_quote, today()).unwrap_err(),
        "the file ends inside a quoted cell (cut short?)"
    );
}

#[test]
fn a_cut_short_file_changes_nothing_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(
        botdash(&db, &["new", "--client", "A", "--name", "B", "--slug", "acme"]).status.success()
    );
    let csv_path = dir.path().join("docs.csv");
    let csv_file = csv_path.to_str().unwrap();
    assert!(botdash(&db, &["docs", "export", "acme", "--csv", "-o", csv_file]).status.success());
    let owned = std::fs::read_to_string(&csv_path).unwrap().replace(",no,,", ",no,Ana,");
    std::fs::write(&csv_path, &owned).unwrap();
    let out = botdash(&db, &["docs", "import", "acme", csv_file]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let before = botdash(&db, &["docs", "export", "acme", "--csv"]).stdout;
    let cut = &owned[..owned.find(",missing,").unwrap() + ",missing,".len()];
    std::fs::write(&csv_path, cut).unwrap();
    let out = botdash(&db, &["docs", "import", "acme", csv_file]);
    assert_eq!(out.status.code(), Some(2));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.ends_with(
            "docs.csv: row 2 has 6 cells where the header has 12 (cut short?); \
             nothing was changed\n"
        ),
        "{message}"
    );
    assert_eq!(botdash(&db, &["docs", "export", "acme", "--csv"]).stdout, before);
}

/// Runs the binary with its config folder beside the database: `DIR/botdash/`.
#[test]
fn the_command_line_exports_imports_and_applies_templates() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(
        botdash(&db, &["new", "--client", "ACME", "--name", "Billing", "--slug", "acme"])
            .status
            .success()
    );
    let csv_path = dir.path().join("docs.csv");
    let out = botdash(&db, &["docs", "export", "acme", "--csv", "-o", csv_path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&csv_path).unwrap().permissions().mode() & 0o777, 0o600);
    let out = botdash(&db, &["docs", "import", "acme", csv_path.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "nothing to change: the checklist already matches the file\n"
    );

    let csv = std::fs::read_to_string(&csv_path).unwrap().replacen(",missing,", ",approved,", 1);
    let mut bad = csv.clone();
    bad.push_str(",Ops,Broken,2,done,no,,,,,,\r\n");
    std::fs::write(&csv_path, &bad).unwrap();
    let out = botdash(&db, &["docs", "import", "acme", csv_path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was changed"));
    let approved = |db: &Path| -> i64 {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row("SELECT count(*) FROM doc_item WHERE status = 'approved'", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(approved(&db), 0);
    std::fs::write(&csv_path, &csv).unwrap();
    let out = botdash(&db, &["docs", "import", "acme", csv_path.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("updated '"));
    assert_eq!(approved(&db), 1);

    let template = dir.path().join("extra.toml");
    std::fs::write(&template, "[[doc]]\ncategory = \"Architecture\"\ntitle = \"arc42 architecture description\"\ncriticality = 3\n\n[[doc]]\ncategory = \"Compliance\"\ntitle = \"GDPR record of processing\"\ncriticality = 3\n").unwrap();
    let out = botdash(&db, &["docs", "apply-template", "acme", template.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "added 'GDPR record of processing' to Compliance\n"
    );
    let out = botdash(&db, &["docs", "apply-template", "acme", template.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("nothing to add"));
    std::fs::write(&template, "[[doc]]\ncategory = \"X\"\ntitle = \"Y\"\ncriticality = 9\n")
        .unwrap();
    let out = botdash(&db, &["docs", "apply-template", "acme", template.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("extra.toml: line 4: criticality must be 1 to 3")
    );
}

/// A whole engagement template with one task and one document of the standard checklist.
const LEAN: &str = r#"name = "Lean"
description = "One task, one document."

[weeks]
plan = 1
build = 1
operate = 1
transfer = 1

[[task]]
phase = "plan"
title = "Agree the scope"

[[doc]]
category = "Architecture"
title = "arc42 architecture description"
criticality = 3
"#;

#[test]
fn apply_template_finds_templates_as_new_does_and_takes_only_their_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let own = dir.path().join("botdash").join("templates");
    std::fs::create_dir_all(&own).unwrap();
    std::fs::write(own.join("lean.toml"), LEAN).unwrap();
    for slug in ["a", "b"] {
        let out = botdash(
            &db,
            &["new", "--client", "C", "--name", slug, "--slug", slug, "--template", "lean"],
        );
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    let count = |table: &str| -> i64 {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!((count("task"), count("doc_item")), (2, 2));

    let standard_docs = botdash::model::template::Template::standard().docs.len();
    let standard_file = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/templates/standard.toml");
    for (slug, template) in [("a", "standard"), ("b", standard_file)] {
        let out = botdash(&db, &["docs", "apply-template", slug, template]);
        assert!(out.status.success(), "{template}: {}", String::from_utf8_lossy(&out.stderr));
        let added = String::from_utf8_lossy(&out.stdout).lines().count();
        assert_eq!(added, standard_docs - 1, "{template}: all but the one the engagement has");
    }
    assert_eq!(count("doc_item"), 2 * standard_docs as i64);
    assert_eq!(count("task"), 2, "only the checklist of a whole template is used");
    let out = botdash(&db, &["docs", "apply-template", "a", "lean"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("nothing to add"));

    // A whole template is checked whole: a mistake outside its checklist refuses it.
    let bad = dir.path().join("bad.toml");
    let rule_line = LEAN.lines().count() + 5;
    std::fs::write(
        &bad,
        format!("{LEAN}\n[[gate]]\nphase = \"plan\"\ntitle = \"t\"\nrule = \"moon.full\"\n"),
    )
    .unwrap();
    std::fs::write(own.join("lean.toml"), std::fs::read(&bad).unwrap()).unwrap();
    let before = count("doc_item");
    for template in [bad.to_str().unwrap(), "lean"] {
        let out = botdash(&db, &["docs", "apply-template", "a", template]);
        assert_eq!(out.status.code(), Some(2), "{template}");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let file = if template == "lean" { "lean.toml" } else { "bad.toml" };
        assert!(err.contains(&format!("{file}: line {rule_line}: ")), "{err}");
    }
    assert_eq!(count("doc_item"), before, "nothing was added");
    let out = botdash(&db, &["docs", "apply-template", "a", "nosuch"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no template named 'nosuch'"));
}

#[test]
fn an_import_planned_before_a_window_changed_an_item_is_refused_not_applied_over_it() {
    let mut store = botdash::store::Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let engagement = store.engagement_by_slug("nordwind-fleet").unwrap();
    let read = store.load(engagement.clone()).unwrap().docs;
    let doc = &read[0];
    let csv = format!("id,category,title,owner\n{},{},{},Ana\n", doc.id, doc.category, doc.title);
    let plan = plan_import(&read, &csv, today()).unwrap();
    let import = botdash::store::command::Command::ImportChecklist {
        engagement_id: engagement.id.clone(),
        plan,
        read: read.clone(),
    };
    // Meanwhile a window renames the item.
    let rename = "UPDATE doc_item SET title = 'Renamed in a window' WHERE id = ?1";
    store.connection().execute(rename, [&doc.id]).unwrap();
    let err = store.execute(Some(&engagement.id), "imported", &[import]).unwrap_err();
    let err = botdash::words::refusal(&err);
    assert!(err.contains("was changed in another window (title)"), "{err}");
    let title: String = store
        .connection()
        .query_row("SELECT title FROM doc_item WHERE id = ?1", [&doc.id], |r| r.get(0))
        .unwrap();
    assert_eq!(title, "Renamed in a window", "the window's change is kept");
}
