//! Property: any sequence of edits, each through the one edit path, followed by undoing
//! them all, leaves the database exactly as it started.

use botdash::model::{DocItemField, EngagementField, TaskField};
use botdash::records::FieldValue;
use botdash::store::Store;
use botdash::store::command::Command;
use botdash::store::edit::Table;
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
        let order = match table {
            Table::SkillRating => "person_id, skill_id",
            Table::KtTrainee => "topic_id, person_id",
            _ => "id",
        };
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
) -> Vec<Command> {
    let pick = |list: &[String], i: usize| list[i % list.len()].clone();
    let text = FieldValue::text;
    let statuses = ["todo", "doing", "blocked", "done"];
    let doc_statuses = ["missing", "draft", "in_review", "approved"];
    let patch = |table, id, values| Command::Patch { table, id, values, shown: Vec::new() };
    match edit {
        Edit::TaskStatus(t, s) => vec![patch(
            Table::Task,
            pick(tasks, *t),
            vec![(TaskField::Status.into(), text(statuses[*s]))],
        )],
        Edit::RenameTask(t, title) => {
            vec![patch(Table::Task, pick(tasks, *t), vec![(TaskField::Title.into(), text(title))])]
        }
        Edit::DeleteTask(t) => vec![Command::Delete { table: Table::Task, id: pick(tasks, *t) }],
        Edit::AddTask(title) => vec![Command::Create {
            engagement_id: engagements[0].clone(),
            table: Table::Task,
            values: vec![
                (TaskField::Phase.into(), text("build")),
                (TaskField::Title.into(), text(&format!("new {title}"))),
                (TaskField::Position.into(), FieldValue::Integer(999)),
                (TaskField::CreatedAt.into(), text("2026-06-15T00:00:00Z")),
                (TaskField::UpdatedAt.into(), text("2026-06-15T00:00:00Z")),
            ],
        }],
        Edit::DocStatus(d, s) => vec![patch(
            Table::DocItem,
            pick(docs, *d),
            vec![(DocItemField::Status.into(), text(doc_statuses[*s]))],
        )],
        Edit::Archive(e, a) => vec![patch(
            Table::Engagement,
            pick(engagements, *e),
            vec![(EngagementField::Archived.into(), FieldValue::Integer(i64::from(*a)))],
        )],
        Edit::DeleteRole(r) => vec![Command::Delete { table: Table::Role, id: pick(roles, *r) }],
        Edit::DeleteEngagement(e) => {
            vec![Command::Delete { table: Table::Engagement, id: pick(engagements, *e) }]
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
            if store.execute(Some(&engagements[0]), &format!("{edit:?}"), &ops(edit, &tasks, &docs, &engagements, &roles)).is_ok() {
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
