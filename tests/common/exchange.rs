//! Two databases from one export for the sync tests that work on the store: edited apart,
//! their rows dumped to compare, their conflicts resolved.

use std::path::{Path, PathBuf};

use botdash::model::TaskField;
use botdash::model::health::CostField;
use botdash::model::template::{NewEngagement, Template, parse_date};
use botdash::records::FieldValue;
use botdash::store::Store;
use botdash::store::command::Command;
use botdash::store::edit::Table;
use botdash::store::sync::Keep;
use rusqlite::types::Value;

use super::sync::{create, noah, on_call, runbook};

pub fn new_engagement(slug: &str) -> NewEngagement {
    NewEngagement {
        client: "ACME".into(),
        name: format!("Project {slug}"),
        slug: slug.into(),
        start: parse_date("2026-01-05").unwrap(),
        transfer: Some(parse_date("2026-10-05").unwrap()),
        threshold: 80,
        weights: None,
    }
}

/// Resolves conflict `id` to `keep`, worded for the undo history as the app words it.
pub fn resolve(store: &mut Store, id: &str, keep: Keep) -> botdash::store::Result<String> {
    store.resolve(id, keep, |c| botdash::conflict_text::resolved(c, keep))
}

/// Every synced table of `store`, row by row, in key order.
pub fn dump(store: &Store) -> Vec<String> {
    let mut rows = Vec::new();
    for table in Table::ALL {
        let name = table.name();
        let mut statement =
            store.connection().prepare(&format!("SELECT * FROM \"{name}\" ORDER BY 1, 2")).unwrap();
        let columns = statement.column_count();
        let found = statement
            .query_map([], |r| {
                let values: Vec<Value> =
                    (0..columns).map(|i| r.get::<_, Value>(i)).collect::<Result<_, _>>()?;
                Ok(format!("{name} {values:?}"))
            })
            .unwrap();
        rows.extend(found.map(Result::unwrap));
    }
    rows
}

/// A database with one engagement (and a cost with no note), and a second one imported from
/// its export; both synced once through `dir`, so that each has its baseline.
pub fn pair(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let shared = dir.join("shared");
    std::fs::create_dir(&shared).unwrap();
    let a = dir.join("a.db");
    let b = dir.join("b.db");
    let mut first = Store::open(&a).unwrap();
    first
        .create_engagement(&new_engagement("acme"), &Template::standard(), "2026-01-05T09:00:00Z")
        .unwrap();
    // A cost whose note was left empty, as the form stores it.
    let engagement = first.engagement_by_slug("acme").unwrap().id;
    let cost = Command::Create {
        engagement_id: engagement,
        table: Table::CostEntry,
        values: vec![
            (CostField::Phase.into(), FieldValue::text("plan")),
            (CostField::Category.into(), FieldValue::text("Travel")),
            (CostField::Day.into(), FieldValue::text("2026-01-10")),
            (CostField::Amount.into(), FieldValue::Integer(1234)),
            (CostField::Note.into(), FieldValue::Null),
        ],
    };
    first.execute(None, "added cost", &[cost]).unwrap();
    let export = first.export(&[], |_, _| {}).unwrap();
    let mut second = Store::open(&b).unwrap();
    second.import(&export, false, chrono::Local::now().date_naive(), |_, _| {}).unwrap();
    for first_turn in [true, false, true] {
        let store = if first_turn { &mut first } else { &mut second };
        let report = store.sync(&shared).unwrap();
        assert!(report.refused.is_empty(), "{:?}", report.refused);
        assert_eq!(report.conflicts.new, 0, "identical copies do not conflict");
    }
    assert_eq!(dump(&first), dump(&second));
    (a, b, shared)
}

pub fn task_id(store: &Store, title: &str) -> String {
    store
        .connection()
        .query_row("SELECT id FROM task WHERE title = ?1", [title], |r| r.get(0))
        .unwrap()
}

pub fn set(store: &mut Store, title: &str, field: TaskField, value: &str) {
    let id = task_id(store, title);
    let values = vec![(field.into(), FieldValue::text(value))];
    let ops = [Command::Patch { table: Table::Task, id, values, shown: Vec::new() }];
    store.execute(None, "edit", &ops).unwrap();
}

pub fn delete(store: &mut Store, title: &str) {
    let id = task_id(store, title);
    store.execute(None, "delete", &[Command::Delete { table: Table::Task, id }]).unwrap();
}

pub fn titles(store: &Store) -> Vec<String> {
    let mut statement = store
        .connection()
        .prepare("SELECT title FROM task WHERE phase = 'plan' ORDER BY position")
        .unwrap();
    statement.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// Runs `sql` on the database at `path` as a hand edit would: no rule of botdash's checks it.
pub fn by_hand(path: &Path, sql: &str) {
    rusqlite::Connection::open(path).unwrap().execute_batch(sql).unwrap();
}

/// Each ticket of `store`'s engagement: its key, the day it was resolved and its plan.
pub fn tickets(store: &Store) -> Vec<(String, Option<String>, String)> {
    let data = store.load(store.engagement_by_slug("acme").unwrap()).unwrap();
    let tickets = data.tickets.into_iter();
    tickets.map(|t| (t.key, t.resolved.map(|d| d.to_string()), t.plan)).collect()
}

/// Syncs `from`, then `to`, then `from` again, so that each has the other's changes.
pub fn sync_both(from: &mut Store, to: &mut Store, shared: &Path) {
    for first in [true, false, true] {
        let store = if first { &mut *from } else { &mut *to };
        let report = store.sync(shared).unwrap();
        assert!(report.refused.is_empty() && report.conflicts.new == 0, "{report:?}");
    }
}

/// `b`'s person Noah, a skill and a KT topic, synced to `a` (whose history never saw them
/// made); then `a` makes Noah a trainee of the topic and rates him, and `b` deletes Noah and
/// the skill. Returns the engagement's id after syncing `a`, `b`, `a`.
pub fn noah_deleted_while_trained(a: &mut Store, b: &mut Store, shared: &Path) -> String {
    let engagement_id = b.engagement_by_slug("acme").unwrap().id;
    let made = [
        create(&engagement_id, Table::Person, noah()),
        create(&engagement_id, Table::Skill, on_call()),
        create(&engagement_id, Table::KtTopic, runbook()),
    ];
    b.execute(Some(&engagement_id), "added", &made).unwrap();
    sync_both(b, a, shared);
    let train =
        Command::Train { topic_id: "t-runbook".into(), person_id: "p-noah".into(), trainee: true };
    let rate = Command::RateSkill {
        person_id: "p-noah".into(),
        skill_id: "s-oncall".into(),
        level: 2,
        day: super::today(),
    };
    a.execute(Some(&engagement_id), "trained and rated Noah", &[train, rate]).unwrap();
    let delete = |table, id: &str| Command::Delete { table, id: id.into() };
    let deleted = [delete(Table::Person, "p-noah"), delete(Table::Skill, "s-oncall")];
    b.execute(Some(&engagement_id), "deleted Noah", &deleted).unwrap();
    for first in [true, false, true] {
        let store = if first { &mut *a } else { &mut *b };
        assert!(store.sync(shared).unwrap().refused.is_empty());
    }
    engagement_id
}
