//! Undo and redo through the change log: exact, bounded, and surviving a restart.

use botdash::model::TaskField;
use botdash::model::template::{NewEngagement, Template, parse_date};
use botdash::records::FieldValue;
use botdash::store::Store;
use botdash::store::command::Command;
use botdash::store::edit::Table;
use rusqlite::types::Value;

fn create(store: &mut Store) -> String {
    let new = NewEngagement {
        client: "ACME".into(),
        name: "Billing".into(),
        slug: "acme".into(),
        start: parse_date("2026-01-05").unwrap(),
        transfer: None,
        threshold: 80,
        weights: None,
    };
    store
        .create_engagement(&new, &Template::standard(), "2026-01-05T09:00:00Z")
        .unwrap()
        .engagement
        .id
}

fn first_task(store: &Store) -> (String, String, String) {
    store
        .connection()
        .query_row("SELECT id, title, status FROM task ORDER BY position LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
}

fn set_status(store: &mut Store, engagement: &str, task: &str, status: &str) {
    let op = Command::Patch {
        table: Table::Task,
        id: task.into(),
        values: vec![(TaskField::Status.into(), FieldValue::text(status))],
        shown: Vec::new(),
    };
    store.execute(Some(engagement), &format!("moved task to {status}"), &[op]).unwrap();
}

#[test]
fn undo_and_redo_survive_closing_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut store = Store::open(&path).unwrap();
    let engagement = create(&mut store);
    let (task, _, _) = first_task(&store);
    set_status(&mut store, &engagement, &task, "doing");
    set_status(&mut store, &engagement, &task, "done");
    drop(store);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.undo(Some(&engagement)).unwrap().as_deref(), Some("moved task to done"));
    assert_eq!(first_task(&store).2, "doing");
    drop(store);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.undo(Some(&engagement)).unwrap().as_deref(), Some("moved task to doing"));
    assert_eq!(first_task(&store).2, "todo");
    assert_eq!(store.redo(Some(&engagement)).unwrap().as_deref(), Some("moved task to doing"));
    assert_eq!(store.redo(Some(&engagement)).unwrap().as_deref(), Some("moved task to done"));
    assert_eq!(store.redo(Some(&engagement)).unwrap(), None, "nothing left to redo");
    assert_eq!(first_task(&store).2, "done");
}

#[test]
fn undoing_the_creation_removes_the_engagement_and_redo_brings_it_back_whole() {
    let mut store = Store::in_memory().unwrap();
    let engagement = create(&mut store);
    let count = |s: &Store| -> i64 {
        s.connection().query_row("SELECT (SELECT count(*) FROM task) + (SELECT count(*) FROM doc_item) + (SELECT count(*) FROM engagement)", [], |r| r.get(0)).unwrap()
    };
    let full = count(&store);
    assert!(full > 60);
    store.undo(Some(&engagement)).unwrap();
    assert_eq!(count(&store), 0);
    store.redo(Some(&engagement)).unwrap();
    assert_eq!(count(&store), full);
}

#[test]
fn a_new_edit_clears_the_redo_stack() {
    let mut store = Store::in_memory().unwrap();
    let engagement = create(&mut store);
    let (task, _, _) = first_task(&store);
    set_status(&mut store, &engagement, &task, "doing");
    store.undo(Some(&engagement)).unwrap();
    set_status(&mut store, &engagement, &task, "blocked");
    assert_eq!(store.redo(Some(&engagement)).unwrap(), None);
    assert_eq!(first_task(&store).2, "blocked");
}

#[test]
fn undo_refuses_to_overwrite_a_change_made_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut mine = Store::open(&path).unwrap();
    let engagement = create(&mut mine);
    let (task, _, _) = first_task(&mine);
    set_status(&mut mine, &engagement, &task, "doing");
    let other = Store::open(&path).unwrap();
    other
        .connection()
        .execute("UPDATE task SET status = 'blocked' WHERE id = ?1", [&task])
        .unwrap();
    let err = mine.undo(Some(&engagement)).unwrap_err();
    assert!(err.to_string().contains("was changed since"), "{err}");
    assert_eq!(first_task(&mine).2, "blocked", "nothing was changed");
}

#[test]
fn a_log_entry_without_its_records_key_is_refused_not_panicked_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    let engagement = create(&mut store);
    let (task, _, _) = first_task(&store);
    set_status(&mut store, &engagement, &task, "doing");
    // As an imported export or a hand edit can leave it: the images lack the card's id.
    store
        .connection()
        .execute(
            "UPDATE change_log SET changes_json = json_remove(changes_json, '$[0].before.id', \
             '$[0].after.id') WHERE seq = (SELECT max(seq) FROM change_log)",
            [],
        )
        .unwrap();
    let err = store.undo(Some(&engagement)).unwrap_err();
    assert!(err.to_string().contains("lacks its record's key"), "{err}");
    assert_eq!(
        botdash::words::refusal(&err),
        "cannot undo or redo: the change log entry of that edit lacks the key of its card; \
         nothing was changed"
    );
    assert_eq!(first_task(&store).2, "doing", "nothing was changed");
}

#[test]
fn history_is_bounded_and_prunable() {
    let mut store = Store::in_memory().unwrap();
    store.set_history_limit(5);
    let engagement = create(&mut store);
    let (task, _, _) = first_task(&store);
    for i in 0..12 {
        set_status(&mut store, &engagement, &task, if i % 2 == 0 { "doing" } else { "todo" });
    }
    assert_eq!(store.history(Some(&engagement)).unwrap().len(), 5);
    assert_eq!(store.prune_history(2).unwrap(), 3);
    assert_eq!(store.history(Some(&engagement)).unwrap().len(), 2);
    store.undo(Some(&engagement)).unwrap();
    store.undo(Some(&engagement)).unwrap();
    assert_eq!(store.undo(Some(&engagement)).unwrap(), None, "older edits were pruned");
}

#[test]
fn a_deleted_row_comes_back_with_the_references_to_it() {
    let mut store = Store::in_memory().unwrap();
    let engagement = create(&mut store);
    let conn = store.connection();
    let role: String = conn.query_row("SELECT id FROM role LIMIT 1", [], |r| r.get(0)).unwrap();
    conn.execute(
        "INSERT INTO person (id, engagement_id, role_id, name) VALUES ('p1', ?1, ?2, 'Ana')",
        [&engagement, &role],
    )
    .unwrap();
    store
        .execute(
            Some(&engagement),
            "deleted role",
            &[Command::Delete { table: Table::Role, id: role.clone() }],
        )
        .unwrap();
    let role_of = |s: &Store| -> Option<String> {
        s.connection()
            .query_row("SELECT role_id FROM person WHERE id = 'p1'", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(role_of(&store), None, "the person lost the deleted role");
    store.undo(Some(&engagement)).unwrap();
    assert_eq!(role_of(&store), Some(role));
}

/// Every row of every table but the log, in a stable order.
fn every_row(store: &Store) -> Vec<String> {
    let conn = store.connection();
    let tables: Vec<String> = {
        let mut st = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN ('change_log') AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let mut rows = Vec::new();
    for table in tables {
        let mut st = conn.prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2")).unwrap();
        let columns = st.column_count();
        let mut query = st.query([]).unwrap();
        while let Some(row) = query.next().unwrap() {
            let values: Vec<Value> = (0..columns).map(|i| row.get(i).unwrap()).collect();
            rows.push(format!("{table}: {values:?}"));
        }
    }
    rows
}

#[test]
fn undoing_the_deletion_of_an_engagement_gives_back_every_row_and_its_readiness_history() {
    let mut store = Store::in_memory().unwrap();
    let engagement = create(&mut store);
    let data = store.load(store.engagement_by_slug("acme").unwrap()).unwrap();
    let readiness = botdash::model::score::readiness(&data, parse_date("2026-06-01").unwrap());
    for day in ["2026-05-30", "2026-05-31", "2026-06-01"] {
        store.record_snapshot(&engagement, parse_date(day).unwrap(), &readiness).unwrap();
    }
    let start = every_row(&store);
    assert_eq!(start.iter().filter(|r| r.starts_with("readiness_snapshot")).count(), 3);
    let delete = Command::Delete { table: Table::Engagement, id: engagement.clone() };
    store.execute(Some(&engagement), "deleted engagement 'Billing'", &[delete]).unwrap();
    assert!(!every_row(&store).iter().any(|r| r.starts_with("readiness_snapshot")));
    store.undo(Some(&engagement)).unwrap();
    assert_eq!(every_row(&store), start, "undo restores every table, the history included");
    store.redo(Some(&engagement)).unwrap();
    assert!(
        !every_row(&store)
            .iter()
            .any(|r| r.starts_with("engagement") || r.starts_with("readiness_snapshot"))
    );
}

#[test]
fn pruning_to_a_huge_number_keeps_every_edit() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("b.db")).unwrap();
    let engagement = create(&mut store);
    let (task, _, _) = first_task(&store);
    set_status(&mut store, &engagement, &task, "doing");
    let before = store.history(Some(&engagement)).unwrap().len();
    // `--keep 18446744073709551615` once wrapped to an offset of -1: every edit deleted.
    assert_eq!(store.prune_history(usize::MAX).unwrap(), 0);
    assert_eq!(store.history(Some(&engagement)).unwrap().len(), before);
}

#[test]
fn undo_steps_say_what_undo_and_redo_would_find_in_this_window() {
    use botdash::store::undo::Steps;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mine = Store::open(&path).unwrap();
    let mut other = Store::open(&path).unwrap();
    let engagement = create(&mut other);
    let steps = |store: &Store| store.undo_steps().unwrap().of(Some(&engagement));
    assert_eq!(steps(&other), Steps { undo: true, redo: false });
    // Another window's edit is that window's to undo.
    assert_eq!(steps(&mine), Steps::default());
    assert_eq!(mine.undo_steps().unwrap().of(None), Steps::default());
    drop((mine, other));
    let mut reopened = Store::open(&path).unwrap();
    let (task, _, _) = first_task(&reopened);
    set_status(&mut reopened, &engagement, &task, "doing");
    reopened.undo(Some(&engagement)).unwrap();
    assert_eq!(steps(&reopened), Steps { undo: true, redo: true });
    assert_eq!(reopened.undo_steps().unwrap().of(None), Steps { undo: true, redo: true });
    assert_eq!(reopened.undo_steps().unwrap().of(Some("another")), Steps::default());
}

#[test]
fn after_a_restart_undo_steps_find_each_engagement_s_redo_and_a_deleted_one_s_edits() {
    use botdash::store::undo::Steps;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut store = Store::open(&path).unwrap();
    let engagement = create(&mut store);
    let (task, _, _) = first_task(&store);
    set_status(&mut store, &engagement, &task, "doing");
    store.undo(Some(&engagement)).unwrap();
    drop(store);

    // Logged before this store opened: read per engagement, not from its own edits.
    let mut store = Store::open(&path).unwrap();
    let both = Steps { undo: true, redo: true };
    assert_eq!(store.undo_steps().unwrap().of(Some(&engagement)), both);
    assert_eq!(store.undo_steps().unwrap().of(None), both);
    let delete = Command::Delete { table: Table::Engagement, id: engagement.clone() };
    store.execute(Some(&engagement), "deleted the engagement", &[delete]).unwrap();
    drop(store);

    // The engagement is gone; the list still takes its deletion back.
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.undo_steps().unwrap().of(None), Steps { undo: true, redo: false });
    assert_eq!(store.undo(None).unwrap().as_deref(), Some("deleted the engagement"));
    assert_eq!(store.engagements().unwrap().len(), 1);
}
