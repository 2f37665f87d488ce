//! Property: any sequence of edits, each through the one edit path, followed by undoing
//! them all, leaves the database exactly as it started.

use botdash::store::Store;
use botdash::store::edit::{RowEdit, Table};
use chrono::NaiveDate;
use proptest::prelude::*;
use rusqlite::types::Value;

#[derive(Debug, Clone)]
enum Edit {
    TaskStatus(usize, usize),
    RenameTask(usize, String),
    DeleteTask(usize),
    AddTask(String),
    DocStatus(usize, usize),
    Archive(usize, bool),
    DeleteRole(usize),
    DeleteEngagement(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..200usize, 0..4usize).prop_map(|(t, s)| Edit::TaskStatus(t, s)),
        (0..200usize, "[a-zA-Z0-9 äöü東京🙂]{1,16}").prop_map(|(t, s)| Edit::RenameTask(t, s)),
        (0..200usize).prop_map(Edit::DeleteTask),
        "[a-z ]{1,12}".prop_map(Edit::AddTask),
        (0..150usize, 0..4usize).prop_map(|(d, s)| Edit::DocStatus(d, s)),
        (0..3usize, any::<bool>()).prop_map(|(e, a)| Edit::Archive(e, a)),
        (0..25usize).prop_map(Edit::DeleteRole),
        (0..3usize).prop_map(Edit::DeleteEngagement),
    ]
}

fn ids(store: &Store, sql: &str) -> Vec<String> {
    let mut st = store.connection().prepare(sql).unwrap();
    st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// Every row of every recorded table, in key order.
fn dump(store: &Store) -> Vec<String> {
    let mut rows = Vec::new();
    for table in Table::ALL {
        let order = if *table == Table::SkillRating { "person_id, skill_id" } else { "id" };
        let sql = format!("SELECT * FROM {} ORDER BY {order}", table.name());
        let mut st = store.connection().prepare(&sql).unwrap();
        let columns = st.column_count();
        let mut query = st.query([]).unwrap();
        while let Some(row) = query.next().unwrap() {
            let values: Vec<Value> = (0..columns).map(|i| row.get(i).unwrap()).collect();
            rows.push(format!("{}: {values:?}", table.name()));
        }
    }
    rows
}

fn ops(
    edit: &Edit,
    tasks: &[String],
    docs: &[String],
    engagements: &[String],
    roles: &[String],
) -> Vec<RowEdit> {
    let pick = |list: &[String], i: usize| list[i % list.len()].clone();
    let text = |s: &str| Value::Text(s.to_string());
    let statuses = ["todo", "doing", "blocked", "done"];
    let doc_statuses = ["missing", "draft", "in_review", "approved"];
    match edit {
        Edit::TaskStatus(t, s) => vec![RowEdit::Update {
            table: Table::Task,
            id: pick(tasks, *t),
            values: vec![("status", text(statuses[*s]))],
            shown: Vec::new(),
        }],
        Edit::RenameTask(t, title) => vec![RowEdit::Update {
            table: Table::Task,
            id: pick(tasks, *t),
            values: vec![("title", text(title))],
            shown: Vec::new(),
        }],
        Edit::DeleteTask(t) => vec![RowEdit::Delete { table: Table::Task, id: pick(tasks, *t) }],
        Edit::AddTask(title) => vec![RowEdit::Insert {
            table: Table::Task,
            values: vec![
                ("id", text(&botdash::model::new_id())),
                ("engagement_id", text(&engagements[0])),
                ("phase", text("build")),
                ("title", text(&format!("new {title}"))),
                ("position", Value::Integer(999)),
                ("created_at", text("2026-06-15T00:00:00Z")),
                ("updated_at", text("2026-06-15T00:00:00Z")),
            ],
        }],
        Edit::DocStatus(d, s) => vec![RowEdit::Update {
            table: Table::DocItem,
            id: pick(docs, *d),
            values: vec![("status", text(doc_statuses[*s]))],
            shown: Vec::new(),
        }],
        Edit::Archive(e, a) => vec![RowEdit::Update {
            table: Table::Engagement,
            id: pick(engagements, *e),
            values: vec![("archived", Value::Integer(i64::from(*a)))],
            shown: Vec::new(),
        }],
        Edit::DeleteRole(r) => vec![RowEdit::Delete { table: Table::Role, id: pick(roles, *r) }],
        Edit::DeleteEngagement(e) => {
            vec![RowEdit::Delete { table: Table::Engagement, id: pick(engagements, *e) }]
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn undoing_every_edit_restores_the_database(edits in proptest::collection::vec(edit(), 1..25)) {
        let mut store = Store::in_memory().unwrap();
        botdash::demo::save(&mut store, NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()).unwrap();
        let start = dump(&store);
        let tasks = ids(&store, "SELECT id FROM task ORDER BY id");
        let docs = ids(&store, "SELECT id FROM doc_item ORDER BY id");
        let engagements = ids(&store, "SELECT id FROM engagement ORDER BY id");
        let roles = ids(&store, "SELECT id FROM role ORDER BY id");
        let mut applied = 0;
        for edit in &edits {
            // Edits of rows an earlier edit deleted are refused and change nothing.
            if store.apply(Some(&engagements[0]), &format!("{edit:?}"), &ops(edit, &tasks, &docs, &engagements, &roles)).is_ok() {
                applied += 1;
            }
        }
        let mut undone = 0;
        while store.undo(None).unwrap().is_some() {
            undone += 1;
        }
        prop_assert_eq!(undone, applied);
        prop_assert_eq!(dump(&store), start);
    }
}
