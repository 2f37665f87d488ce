//! Team sync: two databases from one export, edited apart, synced through a folder in both
//! orders. They end equal but for the recorded conflicts, and every conflict can be resolved,
//! from the command line or the Conflicts screen. The folder and its files are
//! `sync_files.rs`; what is refused on the way in `sync_refused.rs`; each kind of record and
//! a deletion there `sync_records.rs`.

mod common;

use std::path::Path;

use botdash::model::TaskField;
use botdash::model::template::Template;
use botdash::records::FieldValue;
use botdash::store::Store;
use botdash::store::command::Command;
use botdash::store::edit::Table;
use botdash::store::sync::{ConflictKind, Keep, baseline_path};
use common::exchange::*;

/// The edits of both sides: different records, different fields of one record, the same
/// field, delete against edit, and a new engagement on each side.
fn edit_apart(a: &mut Store, b: &mut Store) {
    let plan = titles(a);
    set(a, &plan[0], TaskField::Title, "Agree the scope (A)");
    set(b, &plan[1], TaskField::Title, "Set milestones (B)");
    set(a, &plan[2], TaskField::Title, "Transfer conditions (A)");
    set(b, &plan[2], TaskField::Status, "doing");
    set(a, &plan[3], TaskField::Title, "Org chart by A");
    set(b, &plan[3], TaskField::Title, "Org chart by B");
    delete(a, &plan[4]);
    set(b, &plan[4], TaskField::Title, "Skills list, kept by B");
    let template = Template::standard();
    a.create_engagement(&new_engagement("alpha"), &template, "2026-02-01T09:00:00Z").unwrap();
    b.create_engagement(&new_engagement("beta"), &template, "2026-02-01T09:00:00Z").unwrap();
}

/// Copies a database and its baseline to `dir` (closed first, so the copy is whole).
fn copy_pair(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for file in ["a.db", "b.db", "a.db.sync-base", "b.db.sync-base"] {
        std::fs::copy(from.join(file), to.join(file)).unwrap();
    }
    std::fs::create_dir_all(to.join("shared")).unwrap();
    for entry in std::fs::read_dir(from.join("shared")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join("shared").join(entry.file_name())).unwrap();
    }
}

fn without_conflicted(rows: Vec<String>, conflicted: &[String]) -> Vec<String> {
    rows.into_iter().filter(|r| !conflicted.iter().any(|id| r.contains(id.as_str()))).collect()
}

#[test]
fn two_databases_edited_apart_end_equal_but_for_the_conflicts_in_either_order() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, _) = pair(dir.path());
    let (conflicted, plan) = {
        let mut a = Store::open(&a_path).unwrap();
        let mut b = Store::open(&b_path).unwrap();
        let plan = titles(&a);
        let ids = vec![task_id(&a, &plan[3]), task_id(&a, &plan[4])];
        edit_apart(&mut a, &mut b);
        (ids, plan)
    };
    let mut finals = Vec::new();
    for order in ["ab", "ba"] {
        let run = dir.path().join(order);
        copy_pair(dir.path(), &run);
        let mut a = Store::open(&run.join("a.db")).unwrap();
        let mut b = Store::open(&run.join("b.db")).unwrap();
        let shared = run.join("shared");
        let (first, second): (&mut Store, &mut Store) =
            if order == "ab" { (&mut a, &mut b) } else { (&mut b, &mut a) };
        first.sync(&shared).unwrap();
        second.sync(&shared).unwrap();
        first.sync(&shared).unwrap();

        // Merged: each side's edit of its own record, both fields of the shared one, and
        // both new engagements.
        for store in [&a, &b] {
            let titles = titles(store);
            assert!(titles.contains(&"Agree the scope (A)".to_string()), "{titles:?}");
            assert!(titles.contains(&"Set milestones (B)".to_string()), "{titles:?}");
            let merged: String = store
                .connection()
                .query_row(
                    "SELECT title || ' / ' || status FROM task WHERE id = (SELECT id FROM task \
                     WHERE title = 'Transfer conditions (A)')",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(merged, "Transfer conditions (A) / doing");
            assert!(
                store.engagement_by_slug("alpha").is_ok()
                    && store.engagement_by_slug("beta").is_ok()
            );
        }
        // Each side keeps its own value where both changed the same field, and records it.
        let value = |s: &Store| -> Option<String> {
            s.connection()
                .query_row("SELECT title FROM task WHERE id = ?1", [&conflicted[0]], |r| r.get(0))
                .ok()
        };
        assert_eq!(value(&a).as_deref(), Some("Org chart by A"));
        assert_eq!(value(&b).as_deref(), Some("Org chart by B"));
        let kinds = |s: &Store| {
            let mut k: Vec<_> = s.conflicts().unwrap().iter().map(|c| (c.kind, c.column)).collect();
            k.sort_by_key(|(kind, _)| kind.as_str());
            k
        };
        assert_eq!(
            kinds(&a),
            [
                (ConflictKind::BothChanged, Some(TaskField::Title.into())),
                (ConflictKind::DeletedHere, None)
            ]
        );
        assert_eq!(
            kinds(&b),
            [
                (ConflictKind::BothChanged, Some(TaskField::Title.into())),
                (ConflictKind::DeletedThere, None)
            ]
        );
        assert_eq!(
            without_conflicted(dump(&a), &conflicted),
            without_conflicted(dump(&b), &conflicted)
        );
        finals.push(without_conflicted(dump(&a), &conflicted));
    }
    assert_eq!(finals[0], finals[1], "the order of the syncs does not change the result");
    assert!(plan.len() >= 5);
}

#[test]
fn every_conflict_is_resolved_by_choosing_a_side_and_both_then_agree() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    edit_apart(&mut a, &mut b);
    a.sync(&shared).unwrap();
    b.sync(&shared).unwrap();
    a.sync(&shared).unwrap();
    // Org chart: A keeps its title, B takes A's. The deleted task: A restores B's version,
    // B keeps it.
    for c in a.conflicts().unwrap() {
        let side = if c.kind == ConflictKind::BothChanged { Keep::Mine } else { Keep::Theirs };
        resolve(&mut a, &c.id[c.id.len() - 8..], side).unwrap();
    }
    for c in b.conflicts().unwrap() {
        let side = if c.kind == ConflictKind::BothChanged { Keep::Theirs } else { Keep::Mine };
        resolve(&mut b, &c.id, side).unwrap();
    }
    assert!(a.conflicts().unwrap().is_empty() && b.conflicts().unwrap().is_empty());
    a.sync(&shared).unwrap();
    b.sync(&shared).unwrap();
    a.sync(&shared).unwrap();
    assert_eq!(dump(&a), dump(&b));
    let titles = titles(&a);
    assert!(titles.contains(&"Org chart by A".to_string()), "{titles:?}");
    assert!(titles.contains(&"Skills list, kept by B".to_string()), "{titles:?}");
    assert!(a.conflicts().unwrap().is_empty() && b.conflicts().unwrap().is_empty());
    // Taking the other side is an edit like any other: it can be undone.
    assert!(a.undo(None).unwrap().unwrap().starts_with("took the other side of task"));
}

#[test]
fn changes_made_across_program_runs_are_all_sent() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    for title in ["First run", "Second run"] {
        let mut a = Store::open(&a_path).unwrap();
        let plan = titles(&a);
        let position = if title == "First run" { 0 } else { 1 };
        set(&mut a, &plan[position], TaskField::Title, title);
    }
    Store::open(&a_path).unwrap().sync(&shared).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    let report = b.sync(&shared).unwrap();
    assert_eq!(report.applied.len(), 1);
    assert_eq!(report.applied[0].1, 2, "one changeset with both edits");
    let titles = titles(&b);
    assert!(titles.contains(&"First run".into()) && titles.contains(&"Second run".into()));
}

#[test]
fn a_backup_is_a_new_database_for_sync() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, _, shared) = pair(dir.path());
    let copy = dir.path().join("copy.db");
    Store::open(&a_path).unwrap().backup(&copy).unwrap();
    assert!(!baseline_path(&copy).exists());
    let mut copied = Store::open(&copy).unwrap();
    let report = copied.sync(&shared).unwrap();
    let written = report.written.unwrap().0;
    let a_files: Vec<_> =
        std::fs::read_dir(&shared).unwrap().map(|e| e.unwrap().file_name()).collect();
    let own_prefix = written.file_name().unwrap().to_string_lossy()[..36].to_string();
    assert_eq!(a_files.iter().filter(|f| f.to_string_lossy().starts_with(&own_prefix)).count(), 1);
    assert_eq!(report.conflicts.new, 0);
}

#[test]
fn contradicting_resolutions_leave_a_trace_not_a_silent_swap() {
    for side in [Keep::Mine, Keep::Theirs] {
        let dir = tempfile::tempdir().unwrap();
        let (a_path, b_path, shared) = pair(dir.path());
        let mut a = Store::open(&a_path).unwrap();
        let mut b = Store::open(&b_path).unwrap();
        let title = titles(&a)[0].clone();
        let id = task_id(&a, &title);
        set(&mut a, &title, TaskField::Title, "A's title");
        set(&mut b, &title, TaskField::Title, "B's title");
        for store in [&mut a, &mut b] {
            store.sync(&shared).unwrap();
        }
        a.sync(&shared).unwrap();
        for store in [&mut a, &mut b] {
            let open = store.conflicts().unwrap();
            assert_eq!(open.len(), 1);
            resolve(store, &open[0].id, side).unwrap();
        }
        for _ in 0..2 {
            a.sync(&shared).unwrap();
            b.sync(&shared).unwrap();
        }
        let value = |s: &Store| -> String {
            s.connection()
                .query_row("SELECT title FROM task WHERE id = ?1", [&id], |r| r.get(0))
                .unwrap()
        };
        let open = a.conflicts().unwrap().len() + b.conflicts().unwrap().len();
        assert_eq!(value(&a), value(&b), "{side:?}: both end with one value");
        assert_eq!(open, 1, "{side:?}: and the side whose choice lost still lists the conflict");
    }
}

/// Database B after both databases changed one task's title and synced, A first: B holds
/// one conflict.
fn with_one_conflict(dir: &Path) -> Store {
    let (a_path, b_path, shared) = pair(dir);
    let mut a = Store::open(&a_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    let title = titles(&a)[0].clone();
    set(&mut a, &title, TaskField::Title, "A's title");
    set(&mut b, &title, TaskField::Title, "B's title");
    a.sync(&shared).unwrap();
    b.sync(&shared).unwrap();
    b
}

#[test]
fn the_conflicts_screen_lists_them_and_resolves_with_a_key() {
    use botdash::app::{App, Screen};
    let dir = tempfile::tempdir().unwrap();
    let b = with_one_conflict(dir.path());

    let mut app = App::new(b, chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()).unwrap();
    let narrow = common::draw(&mut app, 80, 24);
    let overview = format!("{:?}", narrow.backend());
    assert!(overview.contains("⚠ 1 sync conflict (C)"), "the header says so: {overview}");
    common::keys(&mut app, "C");
    assert_eq!(app.state.screen, Screen::Conflicts);
    let terminal = common::draw(&mut app, 100, 20);
    let screen = format!("{:?}", terminal.backend());
    assert!(screen.contains("Sync conflicts (1)"), "{screen}");
    assert!(screen.contains("B's title") && screen.contains("A's title"), "{screen}");
    common::keys(&mut app, "t");
    assert!(app.state.screens.conflicts.list.is_empty());
    let message = app.state.message.clone().unwrap_or_default();
    assert!(message.starts_with("took the other side of task"), "{message}");
    let now: String = app
        .store()
        .connection()
        .query_row("SELECT title FROM task WHERE title = ?1", ["A's title"], |r| r.get(0))
        .unwrap();
    assert_eq!(now, "A's title");
}

#[test]
fn changed_fields_of_one_record_merge_without_a_conflict_on_its_update_time() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    let id = task_id(&a, &titles(&a)[0]);
    let edit = |store: &mut Store, field: TaskField, value: &str, at: &str| {
        let values = vec![
            (field.into(), FieldValue::text(value)),
            (TaskField::UpdatedAt.into(), FieldValue::text(at)),
        ];
        let ops =
            [Command::Patch { table: Table::Task, id: id.clone(), values, shown: Vec::new() }];
        store.execute(None, "edit", &ops).unwrap();
    };
    edit(&mut a, TaskField::Title, "Title by A", "2026-03-02T10:00:00Z");
    edit(&mut b, TaskField::Status, "doing", "2026-03-01T10:00:00Z");
    for first in [true, false, true] {
        let store = if first { &mut a } else { &mut b };
        assert_eq!(store.sync(&shared).unwrap().conflicts.new, 0);
    }
    assert!(a.conflicts().unwrap().is_empty() && b.conflicts().unwrap().is_empty());
    assert_eq!(dump(&a), dump(&b));
    let merged: (String, String, String) = b
        .connection()
        .query_row("SELECT title, status, updated_at FROM task WHERE id = ?1", [&id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(merged, ("Title by A".into(), "doing".into(), "2026-03-02T10:00:00Z".into()));
}

#[test]
fn a_conflict_resolves_by_any_unique_prefix_of_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = with_one_conflict(dir.path());
    let id = b.conflicts().unwrap()[0].id.clone();
    resolve(&mut b, &id[..13], Keep::Theirs).unwrap();
    assert!(b.conflicts().unwrap().is_empty());
    assert!(titles(&b).contains(&"A's title".to_string()));
}

#[test]
fn conflicts_on_a_trainee_and_a_rating_name_the_topic_skill_and_person_and_their_engagement() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    noah_deleted_while_trained(&mut a, &mut b, &shared);
    let described = |store: &Store| -> Vec<String> {
        let conflicts = store.conflicts().unwrap();
        let mut lines: Vec<String> =
            conflicts.iter().map(botdash::conflict_text::describe_in_words).collect();
        lines.sort();
        lines
    };
    let both = [
        "KT trainee 'Incident runbook' / 'Noah Keller' of 'acme'",
        "skill rating 'Noah Keller' / 'On-call' of 'acme'",
    ];
    assert_eq!(described(&a), both, "where Noah went with the sync");
    assert_eq!(described(&b), both, "where Noah was deleted and the change refused");
}

/// Database B after both databases changed the titles of two tasks and synced, A first: B
/// holds two conflicts.
fn with_two_conflicts(dir: &Path) -> Store {
    let (a_path, b_path, shared) = pair(dir);
    let mut a = Store::open(&a_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    for (i, title) in titles(&a)[..2].iter().enumerate() {
        set(&mut a, title, TaskField::Title, &format!("A's title {i}"));
        set(&mut b, title, TaskField::Title, &format!("B's title {i}"));
    }
    a.sync(&shared).unwrap();
    b.sync(&shared).unwrap();
    b
}

#[test]
fn the_conflicts_screen_opened_from_the_list_stays_while_conflicts_remain() {
    use botdash::app::{App, Screen};
    let dir = tempfile::tempdir().unwrap();
    let mut b = with_two_conflicts(dir.path());
    // A second engagement, so that the app starts on the list with none open.
    b.create_engagement(&new_engagement("beta"), &Template::standard(), "2026-01-05T09:00:00Z")
        .unwrap();
    let mut app = App::new(b, chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()).unwrap();
    assert_eq!(app.state.screen, Screen::Engagements);
    assert!(app.state.opened.is_none(), "no engagement is open");
    common::keys(&mut app, "C");
    assert_eq!(app.state.screens.conflicts.list.len(), 2);
    common::keys(&mut app, "jm");
    assert_eq!(app.state.screens.conflicts.list.len(), 1);
    assert_eq!(app.state.screen, Screen::Conflicts, "one conflict remains to resolve");
    assert!(app.state.screens.conflicts.selected().is_some(), "the cursor is on it");
}
