//! A file botdash writes for the user is never written over the database it works on, nor
//! over the files it keeps beside it: a report there would leave no database. Refused in
//! words from the command line and the palette, by whatever path names the file.

mod common;

use botdash::store::Store;
use common::cli::{botdash, demo_db};
use std::path::{Path, PathBuf};

/// A demo database in `dir`, and the slug of one of its engagements.
fn demo(dir: &Path) -> (PathBuf, &'static str) {
    (demo_db(dir), "nordwind-fleet")
}

fn engagements(db: &Path) -> usize {
    Store::open(db).unwrap().engagements().unwrap().len()
}

#[test]
fn the_commands_that_write_a_file_refuse_the_database_and_its_files_by_any_path() {
    let dir = tempfile::tempdir().unwrap();
    let (db, slug) = demo(dir.path());
    let before = engagements(&db);
    std::os::unix::fs::symlink(dir.path(), dir.path().join("linked")).unwrap();
    let through_link = dir.path().join("linked").join("botdash.db");
    let baseline = dir.path().join("botdash.db.sync-base");
    let wal = dir.path().join("botdash.db-wal");
    let db_arg = db.to_str().unwrap();
    let cases: Vec<(Vec<&str>, &Path)> = vec![
        (vec!["report", slug, "-o", db_arg], &db),
        (
            vec!["report", slug, "--format", "html", "-o", through_link.to_str().unwrap()],
            &through_link,
        ),
        (vec!["calendar", slug, "-o", wal.to_str().unwrap()], &wal),
        (vec!["workbook", slug, "-o", db_arg], &db),
        (vec!["docs", "export", slug, "--csv", "-o", baseline.to_str().unwrap()], &baseline),
        (vec!["export", "--force", "-o", db_arg], &db),
    ];
    for (args, named) in cases {
        let out = botdash(&db, &args);
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {said}");
        let refusal = format!("{} is the database botdash works on", named.display());
        assert!(said.contains(&refusal), "{args:?}: {said}");
        assert!(said.contains("nothing was written"), "{said}");
        assert_eq!(engagements(&db), before, "{args:?} left the database whole");
    }
    assert!(!baseline.exists(), "no file was made at the baseline's name");
}

#[test]
fn a_demo_saved_or_a_report_written_as_another_name_of_the_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (db, slug) = demo(dir.path());
    let before = engagements(&db);
    let journal = dir.path().join("botdash.db-journal");
    let out = botdash(&db, &["demo", "--save", journal.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!journal.exists(), "no journal was made for SQLite to read as the database's");
    let hard_link = dir.path().join("same.db");
    std::fs::hard_link(&db, &hard_link).unwrap();
    let out = botdash(&db, &["report", slug, "-o", hard_link.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(engagements(&hard_link), before, "its other name still opens it");
}

#[test]
fn the_database_opened_through_a_link_is_refused_by_its_own_name_too() {
    let dir = tempfile::tempdir().unwrap();
    let (db, slug) = demo(dir.path());
    let link = dir.path().join("work.db");
    std::os::unix::fs::symlink(&db, &link).unwrap();
    let out = botdash(&link, &["report", slug, "-o", db.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(engagements(&db) > 0);
    let beside = dir.path().join("report.md");
    let out = botdash(&link, &["report", slug, "-o", beside.to_str().unwrap()]);
    assert!(out.status.success(), "another name beside it is written");
}

#[test]
fn the_palette_refuses_to_write_a_report_over_the_open_database() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = demo(dir.path());
    let before = engagements(&db);
    let store = Store::open(&db).unwrap();
    let mut app = botdash::app::App::new(store, common::today()).unwrap();
    common::keys(&mut app, &format!("/nordw\r\r:report\r\u{15}{}\r", db.display()));
    let Some(botdash::app::Overlay::Form(record)) = &app.state.overlay else {
        panic!("the form stays open: {:?}", app.state.message)
    };
    let path = record.form.fields.iter().find(|f| f.label == "Path").unwrap();
    let refusal = format!("{} is the database botdash works on", db.display());
    assert!(path.error.as_deref().is_some_and(|e| e.starts_with(&refusal)), "{:?}", path.error);
    drop(app);
    assert_eq!(engagements(&db), before, "the database is whole");
}
