//! Team sync: two databases from one export, edited apart, synced through a folder in both
//! orders. They end equal but for the recorded conflicts, every conflict can be resolved, and
//! a damaged or foreign changeset changes nothing.

mod common;

use std::path::{Path, PathBuf};

use botdash::model::evidence::TicketField;
use botdash::model::health::CostField;
use botdash::model::template::{NewEngagement, Template, parse_date};
use botdash::model::{KtTopicField, PersonField, ResponsibilityField, TaskField};
use botdash::records::FieldValue;
use botdash::store::Store;
use botdash::store::command::Command;
use botdash::store::edit::Table;
use botdash::store::sync::{ConflictKind, Keep, WITHHELD, baseline_path};
use common::sync::{backups, create, noah, noah_verifies, on_call, runbook};
use rusqlite::types::Value;

fn new_engagement(slug: &str) -> NewEngagement {
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
fn resolve(store: &mut Store, id: &str, keep: Keep) -> botdash::store::Result<String> {
    store.resolve(id, keep, |c| botdash::conflict_text::resolved(c, keep))
}

/// Every synced table of `store`, row by row, in key order.
fn dump(store: &Store) -> Vec<String> {
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
fn pair(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
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

fn task_id(store: &Store, title: &str) -> String {
    store
        .connection()
        .query_row("SELECT id FROM task WHERE title = ?1", [title], |r| r.get(0))
        .unwrap()
}

fn set(store: &mut Store, title: &str, field: TaskField, value: &str) {
    let id = task_id(store, title);
    let values = vec![(field.into(), FieldValue::text(value))];
    let ops = [Command::Patch { table: Table::Task, id, values, shown: Vec::new() }];
    store.execute(None, "edit", &ops).unwrap();
}

fn delete(store: &mut Store, title: &str) {
    let id = task_id(store, title);
    store.execute(None, "delete", &[Command::Delete { table: Table::Task, id }]).unwrap();
}

fn titles(store: &Store) -> Vec<String> {
    let mut statement = store
        .connection()
        .prepare("SELECT title FROM task WHERE phase = 'plan' ORDER BY position")
        .unwrap();
    statement.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

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
fn a_cut_short_or_foreign_changeset_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    let first = titles(&a)[0].clone();
    set(&mut a, &first, TaskField::Title, "Changed on A");
    let (written, _) = a.sync(&shared).unwrap().written.unwrap();
    let name = written.file_name().unwrap().to_owned();

    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let bytes = std::fs::read(&written).unwrap();
    std::fs::write(elsewhere.join(&name), &bytes[..bytes.len() - 20]).unwrap();
    std::fs::write(elsewhere.join("0000-000001.changeset"), "meeting notes\n").unwrap();
    let mut b = Store::open(&b_path).unwrap();
    let before = dump(&b);
    let report = b.sync(&elsewhere).unwrap();
    assert_eq!(report.applied.len(), 0);
    let reasons: Vec<&str> = report.refused.iter().map(|(_, why)| why.as_str()).collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons.iter().any(|r| r.starts_with("cut short")), "{reasons:?}");
    assert!(reasons.contains(&"not a botdash changeset"), "{reasons:?}");
    assert_eq!(dump(&b), before);
    // Refused files are not marked applied: the whole file, once it arrives, still applies.
    std::fs::copy(&written, elsewhere.join(&name)).unwrap();
    let report = b.sync(&elsewhere).unwrap();
    assert_eq!(report.applied.len(), 1);
    assert!(titles(&b).contains(&"Changed on A".to_string()));
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

/// This database's id for sync, from the name of the changeset it just wrote.
fn written_by(store: &mut Store, shared: &Path) -> (PathBuf, String) {
    let title = titles(store)[0].clone();
    set(store, &title, TaskField::Title, "Changed");
    let written = store.sync(shared).unwrap().written.unwrap().0;
    let id = written.file_name().unwrap().to_string_lossy()[..36].to_string();
    (written, id)
}

#[test]
fn the_baseline_and_the_folder_mark_are_private_from_the_first_sync() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // Both made by the pair's first syncs.
    let (a_path, _, shared) = pair(dir.path());
    for path in [baseline_path(&a_path), shared.join("botdash-sync-folder")] {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", path.display());
    }
}

#[test]
fn a_planted_link_or_file_at_a_temporary_name_neither_redirects_nor_widens_a_changeset() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (a_path, _, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    let (_, id) = written_by(&mut a, &shared);
    // The next changeset's name, and the temporary names earlier versions wrote it under.
    let outside = dir.path().join("outside.txt");
    for number in 1..=20 {
        let temp = shared.join(format!(".{id}-{number:06}.changeset.new"));
        std::os::unix::fs::symlink(&outside, &temp).unwrap();
        let wide = shared.join(format!(".{id}-{number:06}.changeset.tmp"));
        std::fs::write(&wide, "").unwrap();
        std::fs::set_permissions(&wide, std::fs::Permissions::from_mode(0o666)).unwrap();
    }
    let title = titles(&a)[1].clone();
    set(&mut a, &title, TaskField::Title, "Changed again");
    let written = a.sync(&shared).unwrap().written.unwrap().0;
    assert!(!outside.exists(), "nothing was written through the link");
    let mode = std::fs::metadata(&written).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let planted = std::fs::read_dir(&shared).unwrap().map(|e| e.unwrap().path());
    for path in planted.filter(|p| p.to_string_lossy().ends_with(".tmp")) {
        assert_eq!(std::fs::read(&path).unwrap(), b"", "a planted file is left alone");
    }
}

#[test]
fn a_fifo_or_a_huge_file_in_the_folder_is_refused_without_waiting_or_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let (_, b_path, shared) = pair(dir.path());
    let fifo = shared.join("0000-000001.changeset");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // A header that promises 2 GB, and a sparse file of that size behind it.
    let huge = shared.join("0000-000002.changeset");
    let header =
        format!("botdash-changeset 2 0000 2 {} 2147483648\n", botdash::store::schema::VERSION);
    std::fs::write(&huge, &header).unwrap();
    let file = std::fs::OpenOptions::new().write(true).open(&huge).unwrap();
    file.set_len(header.len() as u64 + (2 << 30)).unwrap();

    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut b = Store::open(&b_path).unwrap();
        done.send(b.sync(&shared).unwrap().refused).unwrap();
    });
    let refused = finished
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("sync finished instead of waiting on the FIFO");
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert_eq!(refused[0], ("0000-000001.changeset".into(), "not a regular file".into()));
    assert!(refused[1].1.starts_with("too large"), "{refused:?}");
}

/// Rewrites a changeset file's header to state schema `version`.
fn restate_version(path: &Path, version: i32) {
    let bytes = std::fs::read(path).unwrap();
    let newline = bytes.iter().position(|b| *b == b'\n').unwrap();
    let header = String::from_utf8(bytes[..newline].to_vec()).unwrap();
    let mut fields: Vec<String> = header.split(' ').map(String::from).collect();
    assert_eq!(fields.len(), 7, "the header states the schema version and folder: {header}");
    fields[4] = version.to_string();
    let mut restated = fields.join(" ").into_bytes();
    restated.extend_from_slice(&bytes[newline..]);
    std::fs::write(path, restated).unwrap();
}

#[test]
fn a_changeset_from_a_newer_version_is_refused_and_applies_after_the_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let (written, _) = written_by(&mut Store::open(&a_path).unwrap(), &shared);
    restate_version(&written, botdash::store::schema::VERSION + 1);

    let mut b = Store::open(&b_path).unwrap();
    let before = dump(&b);
    let report = b.sync(&shared).unwrap();
    assert!(report.applied.is_empty());
    let why = &report.refused[0].1;
    assert!(why.starts_with("written by a newer botdash (schema version"), "{why}");
    assert!(why.ends_with("it applies once botdash is upgraded"), "{why}");
    assert_eq!(dump(&b), before);
    // Still not applied at the next sync; once this botdash knows the version (here: the
    // file states one it knows), it applies.
    assert_eq!(b.sync(&shared).unwrap().refused.len(), 1);
    restate_version(&written, botdash::store::schema::VERSION);
    assert_eq!(b.sync(&shared).unwrap().applied.len(), 1);
    assert!(titles(&b).contains(&"Changed".to_string()));
}

/// A changeset of one insert into `table`: its columns' primary-key flags, then text values
/// (SQLite's changeset format).
fn insert_changeset(table: &str, primary_key: &[u8], values: &[&str]) -> Vec<u8> {
    let mut bytes = vec![b'T', primary_key.len() as u8];
    bytes.extend_from_slice(primary_key);
    bytes.extend_from_slice(table.as_bytes());
    bytes.extend_from_slice(&[0, 18, 0]);
    for value in values {
        bytes.extend_from_slice(&[3, value.len() as u8]);
        bytes.extend_from_slice(value.as_bytes());
    }
    bytes
}

#[test]
fn a_changeset_for_a_table_sync_does_not_exchange_or_with_unknown_fields_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, b_path, shared) = pair(dir.path());
    let id = "0000";
    let crafted = [
        insert_changeset("sync_applied", &[1, 0], &["a-000001.changeset", "2026-01-01"]),
        insert_changeset("future_table", &[1, 0], &["x", "y"]),
        // A lesson with more fields than this version's lesson has.
        insert_changeset("lesson", &[1, 0, 0, 0, 0, 0, 0, 0, 0], &["l"; 9]),
    ];
    for (number, changeset) in crafted.iter().enumerate() {
        let number = number + 1;
        let version = botdash::store::schema::VERSION;
        let mut file = format!("botdash-changeset 2 {id} {number} {version} {}\n", changeset.len())
            .into_bytes();
        file.extend_from_slice(changeset);
        std::fs::write(shared.join(format!("{id}-{number:06}.changeset")), file).unwrap();
    }
    let mut b = Store::open(&b_path).unwrap();
    let applied_before: i64 =
        b.connection().query_row("SELECT count(*) FROM sync_applied", [], |r| r.get(0)).unwrap();
    let report = b.sync(&shared).unwrap();
    assert!(report.applied.is_empty(), "{:?}", report.applied);
    let reasons: Vec<&str> = report.refused.iter().map(|(_, why)| why.as_str()).collect();
    assert_eq!(
        reasons[..2],
        [
            "it writes to 'sync_applied', a table sync does not exchange",
            "it writes to 'future_table', a table sync does not exchange"
        ]
    );
    assert!(reasons[2].starts_with("written by a newer botdash (more fields in 'lesson'"));
    let applied_after: i64 =
        b.connection().query_row("SELECT count(*) FROM sync_applied", [], |r| r.get(0)).unwrap();
    assert_eq!(applied_after, applied_before);
}

#[test]
fn a_clashing_change_written_before_a_column_was_added_is_settled_not_panicked_on() {
    let dir = tempfile::tempdir().unwrap();
    let (_, b_path, shared) = pair(dir.path());
    let mut b = Store::open(&b_path).unwrap();
    let data = b.load(b.engagement_by_slug("acme").unwrap()).unwrap();
    let (engagement, card) = (data.engagement.id.as_str(), &data.tasks[0]);
    // An older botdash's insert of a card this database already has: four of its columns.
    let changeset =
        insert_changeset("task", &[1, 0, 0, 0], &[&card.id, engagement, "build", "Older title"]);
    let mut file = format!("botdash-changeset 2 0000 1 1 {}\n", changeset.len()).into_bytes();
    file.extend_from_slice(&changeset);
    std::fs::write(shared.join("0000-000001.changeset"), file).unwrap();
    let report = b.sync(&shared).unwrap();
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    assert_eq!(report.applied.len(), 1);
    assert!(report.conflicts.new >= 1, "the differing title is a conflict to resolve");
    assert!(titles(&b).contains(&card.title), "the card is kept as it was here");
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

/// A third database, a copy of `a`'s data, that has synced only with a folder of its own
/// (`dir/other`) and written a changeset there; returns that folder and the changeset.
fn stranger(dir: &Path, a_path: &Path) -> (PathBuf, PathBuf) {
    let other = dir.join("other");
    std::fs::create_dir(&other).unwrap();
    let export = Store::open(a_path).unwrap().export(&[], |_, _| {}).unwrap();
    let mut c = Store::open(&dir.join("c.db")).unwrap();
    c.import(&export, false, chrono::Local::now().date_naive(), |_, _| {}).unwrap();
    c.sync(&other).unwrap();
    let (written, _) = written_by(&mut c, &other);
    (other, written)
}

/// Every file in `dir` with its bytes.
fn folder_bytes(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn a_changeset_written_for_another_sync_folder_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let (_, written) = stranger(dir.path(), &a_path);
    std::fs::copy(&written, shared.join(written.file_name().unwrap())).unwrap();

    let mut b = Store::open(&b_path).unwrap();
    let before = dump(&b);
    for _ in 0..2 {
        let report = b.sync(&shared).unwrap();
        assert!(report.applied.is_empty(), "{:?}", report.applied);
        let why = &report.refused[0].1;
        assert!(why.starts_with("written for another sync folder (…"), "{why}");
        assert_eq!(dump(&b), before, "nothing of it applied, and it is refused again");
    }
}

#[test]
fn a_database_syncs_with_one_folder_only_and_its_folder_moves_with_its_mark() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, _, shared) = pair(dir.path());
    let (other, _) = stranger(dir.path(), &a_path);
    let mut a = Store::open(&a_path).unwrap();
    let title = titles(&a)[0].clone();
    set(&mut a, &title, TaskField::Title, "Meant for the team");
    let (folder_before, base_before) =
        (folder_bytes(&other), std::fs::read(baseline_path(&a_path)).unwrap());
    let why = a.sync(&other).unwrap_err().to_string();
    assert!(why.contains("is not the sync folder this database syncs with"), "{why}");
    assert!(why.ends_with("a database syncs with one folder only; nothing was synced"), "{why}");
    assert_eq!(folder_bytes(&other), folder_before, "nothing written into the other folder");
    assert_eq!(std::fs::read(baseline_path(&a_path)).unwrap(), base_before);
    // A copy of the team's folder, its mark included, is the same folder.
    let moved = dir.path().join("moved");
    std::fs::create_dir(&moved).unwrap();
    for (path, bytes) in folder_bytes(&shared) {
        std::fs::write(moved.join(path.file_name().unwrap()), bytes).unwrap();
    }
    let report = a.sync(&moved).unwrap();
    assert!(report.written.is_some() && report.refused.is_empty(), "{:?}", report.refused);
}

#[test]
fn a_backup_syncs_as_a_new_database_with_the_folder_of_its_first_sync() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, _, _) = pair(dir.path());
    let (other, _) = stranger(dir.path(), &a_path);
    let copy = dir.path().join("copy.db");
    Store::open(&a_path).unwrap().backup(&copy).unwrap();
    let mut copied = Store::open(&copy).unwrap();
    let report = copied.sync(&other).unwrap();
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    assert_eq!(report.applied.len(), 2, "the other folder's changesets apply to the copy");
}

/// Runs `sql` on the database at `path` as a hand edit would: no rule of botdash's checks it.
fn by_hand(path: &Path, sql: &str) {
    rusqlite::Connection::open(path).unwrap().execute_batch(sql).unwrap();
}

fn doc(store: &Store) -> (String, String, i64) {
    store
        .connection()
        .query_row(
            "SELECT id, title, review_interval_days FROM doc_item ORDER BY title LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

#[test]
fn a_change_by_sync_that_breaks_a_rule_is_refused_named_and_never_stored() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let (id, title, interval) = doc(&Store::open(&b_path).unwrap());
    by_hand(
        &a_path,
        &format!(
            "UPDATE doc_item SET review_interval_days = 99999999 WHERE id = '{id}';
             INSERT INTO doc_item (id, engagement_id, category, title, review_interval_days)
             SELECT 'doc-bad', engagement_id, category, 'Bad interval', 5000 FROM doc_item
             WHERE id = '{id}';"
        ),
    );
    let mut a = Store::open(&a_path).unwrap();
    let task = titles(&a)[0].clone();
    set(&mut a, &task, TaskField::Title, "A good change");
    assert!(a.sync(&shared).unwrap().refused.is_empty());

    let mut b = Store::open(&b_path).unwrap();
    let report = b.sync(&shared).unwrap();
    assert_eq!(report.applied.len(), 1, "the file applies, but for what breaks a rule");
    assert!(titles(&b).contains(&"A good change".to_string()));
    assert_eq!(doc(&b), (id.clone(), title.clone(), interval), "the interval is kept");
    let stored: i64 = b
        .connection()
        .query_row("SELECT count(*) FROM doc_item WHERE id = 'doc-bad'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 0, "the record with an interval of 5000 days is not stored");

    let mut conflicts = b.conflicts().unwrap();
    conflicts.sort_by_key(|c| c.column.is_none());
    assert_eq!(conflicts.len(), 2, "{conflicts:?}");
    let lines: Vec<String> = conflicts
        .iter()
        .map(|c| {
            use botdash::conflict_text::{describe, here_text, there_text, verdict};
            format!(
                "{}: {} · here {} · there {}",
                describe(c),
                verdict(c),
                here_text(c),
                there_text(c)
            )
        })
        .collect();
    assert_eq!(
        lines[0],
        format!(
            "doc_item '{title}' of 'acme', field review every (days): refused here: \
             review every (days) must be 1 to 3650 · here {interval} · there 99999999"
        )
    );
    assert_eq!(
        lines[1],
        "doc_item 'Bad interval' of 'acme': refused here: review every (days) must be 1 to \
         3650 · here (not here) · there (the whole record)"
    );
    // Taking theirs is held to the same rules; keeping mine resolves it.
    let why = resolve(&mut b, &conflicts[0].id, Keep::Theirs).unwrap_err().to_string();
    assert!(why.starts_with("the other side's change is still refused here"), "{why}");
    assert_eq!(doc(&b).2, interval);
    resolve(&mut b, &conflicts[0].id, Keep::Mine).unwrap();
    assert_eq!(b.conflicts().unwrap().len(), 1);
}

#[test]
fn a_huge_amount_or_people_s_dates_out_of_order_arriving_by_sync_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    by_hand(
        &a_path,
        "UPDATE cost_entry SET amount = 9223372036854775807;
         INSERT INTO person (id, engagement_id, name, state, planned_date, hired_at)
         SELECT 'p-early', engagement_id, 'Early Hire', 'hired', '2026-12-01', '2026-10-01'
         FROM cost_entry;
         INSERT INTO contractor_person (id, engagement_id, name, role, on_from, until)
         SELECT 'c-gone', engagement_id, 'Gone Before', '', '2026-06-10', '2026-06-01'
         FROM cost_entry;",
    );
    let mut a = Store::open(&a_path).unwrap();
    let task = titles(&a)[0].clone();
    set(&mut a, &task, TaskField::Title, "A good change");
    assert!(a.sync(&shared).unwrap().refused.is_empty());

    let mut b = Store::open(&b_path).unwrap();
    b.sync(&shared).unwrap();
    assert!(titles(&b).contains(&"A good change".to_string()));
    let stored = |sql: &str| -> i64 { b.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(stored("SELECT amount FROM cost_entry"), 1234);
    assert_eq!(stored("SELECT count(*) FROM person WHERE id = 'p-early'"), 0);
    assert_eq!(stored("SELECT count(*) FROM contractor_person WHERE id = 'c-gone'"), 0);
    let reasons: Vec<String> =
        b.conflicts().unwrap().iter().map(botdash::conflict_text::verdict).collect();
    assert!(reasons.iter().any(|r| r.contains("amount in minor units must be")), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.contains("hired date cannot come before the planned date")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r
                .contains("a contractor person's until date cannot come before the on from date")),
        "{reasons:?}"
    );

    // Keeping this side's amount sends it on: the next syncs mend the file that held the
    // impossible one.
    let amount =
        b.conflicts().unwrap().into_iter().find(|c| c.column == Some(CostField::Amount.into()));
    let amount = amount.expect("the amount's conflict").id;
    resolve(&mut b, &amount, Keep::Mine).unwrap();
    b.sync(&shared).unwrap();
    a.sync(&shared).unwrap();
    let amount: i64 =
        a.connection().query_row("SELECT amount FROM cost_entry", [], |r| r.get(0)).unwrap();
    assert_eq!(amount, 1234, "the kept value reached the other side");
}

#[test]
fn weights_a_colleague_cannot_take_neither_block_the_sender_nor_read_as_a_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    // Weights that do not sum to 1, from a file older than the rule's trigger.
    let bad = r#"{"staffing":0.5,"skills":0.5,"kt":0.5,"responsibilities":0.5,"docs":0.5}"#;
    let triggers: String = rusqlite::Connection::open(&a_path)
        .unwrap()
        .query_row(
            "SELECT group_concat(sql, ';') || ';' FROM sqlite_schema WHERE name LIKE 'engagement_weights%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    by_hand(
        &a_path,
        &format!(
            "DROP TRIGGER engagement_weights_valid_insert; DROP TRIGGER engagement_weights_valid_update;
             UPDATE engagement SET weights_json = '{bad}'; {triggers}"
        ),
    );
    let mut a = Store::open(&a_path).unwrap();
    for _ in 0..2 {
        let report = a.sync(&shared).expect("the sender's own values never block its sync");
        assert!(report.refused.is_empty());
    }
    let mut b = Store::open(&b_path).unwrap();
    let before = dump(&b);
    b.sync(&shared).unwrap();
    assert_eq!(dump(&b), before, "nothing of the refused change is stored");
    let conflicts = b.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let c = &conflicts[0];
    assert_eq!(botdash::conflict_text::describe(c), "engagement 'Project acme', field weights");
    assert_eq!(
        botdash::conflict_text::verdict(c),
        "refused here: Weights: the five weights must each be from 0 to 1 and sum to 1"
    );
    assert_eq!(
        botdash::conflict_text::here_text(c),
        "(empty)",
        "not '(deleted)': the record is here"
    );
    assert_eq!(botdash::conflict_text::there_text(c), bad);
}

#[test]
fn a_folder_id_edited_by_hand_is_refused_with_a_sentence_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, _, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    a.connection()
        .execute(
            "UPDATE sync_state SET value = 'ünïcödé-ïd-mäde-by-händ' WHERE key = 'folder_id'",
            [],
        )
        .unwrap();
    let mark = std::fs::read(shared.join("botdash-sync-folder")).unwrap();
    let why = a.sync(&shared).unwrap_err().to_string();
    assert!(why.contains("not an id botdash writes"), "{why}");
    assert_eq!(std::fs::read(shared.join("botdash-sync-folder")).unwrap(), mark);
    assert_eq!(botdash::store::sync::tail("ünïcödé-ïd-mäde"), "-ïd-mäde", "eight characters");
}

fn assignee(store: &Store, title: &str) -> Option<String> {
    store
        .connection()
        .query_row("SELECT assignee FROM task WHERE title = ?1", [title], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_card_assignee_is_exported_imported_and_synced_and_old_exports_have_none() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    let [first, second] = [0, 1].map(|i| titles(&a)[i].clone());
    set(&mut a, &first, TaskField::Assignee, "Ana Costa");
    a.sync(&shared).unwrap();
    b.sync(&shared).unwrap();
    assert_eq!(assignee(&b, &first).as_deref(), Some("Ana Costa"), "synced");
    set(&mut b, &second, TaskField::Assignee, "Jo Contractor");
    b.sync(&shared).unwrap();
    a.sync(&shared).unwrap();
    assert_eq!(dump(&a), dump(&b));

    let export = a.export(&[], |_, _| {}).unwrap();
    let mut imported = Store::in_memory().unwrap();
    imported.import(&export, false, chrono::Local::now().date_naive(), |_, _| {}).unwrap();
    assert_eq!(assignee(&imported, &first).as_deref(), Some("Ana Costa"), "exported");
    assert_eq!(assignee(&imported, &second).as_deref(), Some("Jo Contractor"));

    // An export made before cards had an assignee.
    let mut old = serde_json::to_value(&export).unwrap();
    for task in old["engagements"][0]["tasks"].as_array_mut().unwrap() {
        assert!(task.as_object_mut().unwrap().remove("assignee").is_some());
    }
    let mut from_old = Store::in_memory().unwrap();
    from_old
        .import(
            &serde_json::from_value(old).unwrap(),
            false,
            chrono::Local::now().date_naive(),
            |_, _| {},
        )
        .unwrap();
    assert_eq!(assignee(&from_old, &first), None);
}

#[test]
fn a_hand_over_item_syncs_and_one_holding_a_secret_is_refused_and_never_stored() {
    use botdash::model::handover::HandoverItemField as F;
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    let engagement = a.engagement_by_slug("acme").unwrap().id;
    let create = Command::Create {
        engagement_id: engagement.clone(),
        table: Table::HandoverItem,
        values: vec![
            (F::Kind.into(), FieldValue::text("credential")),
            (F::Name.into(), FieldValue::text("Database admin credentials")),
            (F::TargetHolder.into(), FieldValue::text("Client DBA")),
            (F::Status.into(), FieldValue::text("transferred")),
        ],
    };
    a.execute(None, "added hand-over item", &[create]).unwrap();
    assert!(a.sync(&shared).unwrap().refused.is_empty());
    drop(a);
    // A key pasted into a note by a hand edit, which no form checked.
    by_hand(
        &a_path,
        &format!(
            "INSERT INTO handover_item (id, engagement_id, kind, name, notes) VALUES \
             ('leak', '{engagement}', 'credential', 'Deploy key', 'AKIAIOSFODNN7EXAMPLE'), \
             ('spaced', '{engagement}', 'credential', 'DB root', 'Password : \"Hunter2\"'), \
             ('url', '{engagement}', 'credential', 'App database', \
              'postgres://admin:S3cret@db.example:5432/app'), \
             ('jwt', '{engagement}', 'credential', 'API token', 'eyJhbGciOi.eyJzdWIiOi.sig'), \
             ('repo', '{engagement}', 'repository', 'Repository', \
              'ssh://git@host:22/repo, mirror https://git.example/repo.git'); \
             INSERT INTO handover_item (id, engagement_id, kind, name, current_holder, \
              target_holder) VALUES \
             ('held', '{engagement}', 'credential', 'Reporting database', \
              'postgres://admin:H0lderPw@db/app', 'Client DBA'), \
             ('goes', '{engagement}', 'credential', 'Monitoring API', 'Contractor', \
              'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.dBjftJeZ4CVP'); \
             UPDATE handover_item SET notes = 'token = T0kenOnAnEdit' \
             WHERE name = 'Database admin credentials'"
        ),
    );
    assert!(Store::open(&a_path).unwrap().sync(&shared).unwrap().refused.is_empty());

    let mut b = Store::open(&b_path).unwrap();
    b.sync(&shared).unwrap();
    let data = b.load(b.engagement_by_slug("acme").unwrap()).unwrap();
    let holder =
        |name: &str| data.handover.iter().find(|i| i.name == name).map(|i| &i.target_holder);
    assert_eq!(holder("Database admin credentials").unwrap(), "Client DBA");
    assert_eq!(holder("Deploy key"), None, "the key is not stored");
    assert_eq!(holder("DB root"), None, "nor a password written with blanks and quotes");
    assert_eq!(holder("App database"), None, "nor a URL with a password");
    assert_eq!(holder("API token"), None, "nor a JSON web token");
    assert!(holder("Repository").is_some(), "URLs without a password are kept");
    assert_eq!(holder("Reporting database"), None, "nor a password in Held by");
    assert_eq!(holder("Monitoring API"), None, "nor a JSON web token in Goes to");
    let conflicts = b.conflicts().unwrap();
    assert_eq!(conflicts.len(), 7, "{conflicts:?}");
    for conflict in &conflicts {
        let column = match conflict.name.as_deref() {
            Some("Reporting database") => "current_holder",
            Some("Monitoring API") => "target_holder",
            _ => "notes",
        };
        let verdict = botdash::conflict_text::verdict(conflict);
        let field = column.replace('_', " ");
        assert_eq!(
            verdict,
            format!("refused here: {field}: secrets are never stored in the hand-over inventory")
        );
        // The conflict shows that a value was refused, never the value.
        let theirs = conflict.theirs.as_ref().unwrap();
        let value = theirs.get(column).unwrap_or(theirs);
        assert_eq!(value.as_str(), Some(WITHHELD), "{conflict:?}");
    }
    let edited = conflicts.iter().find(|c| c.column.is_some()).expect("the edited note");
    assert_eq!(botdash::conflict_text::there_text(edited), WITHHELD);
    assert_no_secret_in(&b_path);

    // Taking the other side would store the secret (or the placeholder as a note): refused.
    for conflict in &conflicts {
        let why = b.resolve(&conflict.id, Keep::Theirs, |_| "took theirs".into()).unwrap_err();
        assert!(why.to_string().contains("holds a secret, which is never stored here"), "{why}");
    }
    assert_eq!(b.conflicts().unwrap(), conflicts, "nothing changed");
    let notes = |b: &Store| {
        let data = b.load(b.engagement_by_slug("acme").unwrap()).unwrap();
        data.handover.iter().map(|i| i.notes.clone()).collect::<Vec<_>>()
    };
    let before = notes(&b);
    for conflict in &conflicts {
        b.resolve(&conflict.id, Keep::Mine, |_| "kept mine".into()).unwrap();
    }
    assert!(b.conflicts().unwrap().is_empty());
    assert_eq!(notes(&b), before);
    drop(b);
    assert_no_secret_in(&b_path);
    by_hand(&b_path, "VACUUM");
    assert_no_secret_in(&b_path);
}

#[test]
fn a_secret_an_older_conflict_recorded_is_withheld_and_overwritten_at_the_next_sync() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    Store::open(&a_path).unwrap().sync(&shared).unwrap();
    Store::open(&b_path).unwrap().sync(&shared).unwrap();
    // As a botdash that kept the value as sent recorded them: one open, one resolved.
    by_hand(
        &b_path,
        "INSERT INTO sync_conflict (id, tbl, row_key, col, kind, mine, theirs, source, \
         found_at, resolved_at, resolution, reason) VALUES \
         ('open', 'handover_item', '{\"id\":\"x\"}', NULL, 'refused', NULL, \
          '{\"id\":\"x\",\"name\":\"Vault\",\"notes\":\"token=Tok3nFromOlder\"}', 'f', \
          '2026-01-01T00:00:00Z', NULL, NULL, 'notes: secrets are never stored'), \
         ('done', 'handover_item', '{\"id\":\"y\"}', 'notes', 'both_changed', \
          '\"password: Passw0rdOlder\"', '\"plain words\"', 'f', '2026-01-01T00:00:00Z', \
          '2026-01-02T00:00:00Z', 'mine', NULL)",
    );
    let mut b = Store::open(&b_path).unwrap();
    b.sync(&shared).unwrap();
    let stored: Vec<(String, String)> = b
        .connection()
        .prepare("SELECT mine, theirs FROM sync_conflict ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            let side = |i| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
            Ok((side(0)?, side(1)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let withheld = serde_json::to_string(WITHHELD).unwrap();
    assert_eq!(stored[0], (withheld.clone(), "\"plain words\"".into()), "the resolved one");
    let theirs = format!("{{\"id\":\"x\",\"name\":\"Vault\",\"notes\":{withheld}}}");
    assert_eq!(stored[1], (String::new(), theirs), "the open one keeps the rest of the record");
    drop(b);
    for file in files_of(&b_path) {
        let bytes = std::fs::read(&file).unwrap();
        for secret in ["Tok3nFromOlder", "Passw0rdOlder"] {
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "{secret} is still in {}", file.display());
        }
    }
}

/// The secrets planted in `a_hand_over_item_syncs_and_one_holding_a_secret_is_refused_…`.
const PLANTED: &[&str] = &[
    "AKIAIOSFODNN7EXAMPLE",
    "Hunter2",
    "S3cret",
    "eyJhbGciOi",
    "eyJzdWIiOi",
    "T0kenOnAnEdit",
    "H0lderPw",
    "dBjftJeZ4CVP",
];

/// The database at `path` and the files beside it: its write-ahead log, its baseline.
fn files_of(path: &Path) -> Vec<PathBuf> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let files = std::fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().path());
    files.filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&name)).collect()
}

/// Asserts that no byte sequence of a planted secret is in the database at `path`, its
/// write-ahead log or its sync baseline: not in a row, nor in a page freed since.
fn assert_no_secret_in(path: &Path) {
    let files = files_of(path);
    assert!(files.len() >= 2, "the database and its baseline: {files:?}");
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        for secret in PLANTED {
            let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!found, "{secret} is in {}", file.display());
        }
    }
}

fn trainees(store: &Store) -> Vec<(String, String)> {
    let mut statement =
        store.connection().prepare("SELECT topic_id, person_id FROM kt_trainee").unwrap();
    statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn a_trainee_added_on_one_side_and_removed_on_the_other_syncs_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    let engagement_id = a.engagement_by_slug("acme").unwrap().id;
    let create = |table, values: Vec<(botdash::store::edit::Column, FieldValue)>| Command::Create {
        engagement_id: engagement_id.clone(),
        table,
        values,
    };
    let person = create(
        Table::Person,
        vec![
            (PersonField::Id.into(), FieldValue::text("p-ana")),
            (PersonField::Name.into(), FieldValue::text("Ana Costa")),
            (PersonField::State.into(), FieldValue::text("hired")),
        ],
    );
    let topic = create(
        Table::KtTopic,
        vec![
            (KtTopicField::Id.into(), FieldValue::text("t-runbook")),
            (KtTopicField::Title.into(), FieldValue::text("Incident runbook")),
            (KtTopicField::Status.into(), FieldValue::text("planned")),
        ],
    );
    a.execute(None, "added", &[person, topic]).unwrap();
    let train = |trainee| Command::Train {
        topic_id: "t-runbook".into(),
        person_id: "p-ana".into(),
        trainee,
    };
    a.execute(None, "trainee", &[train(true)]).unwrap();
    a.sync(&shared).unwrap();
    b.sync(&shared).unwrap();
    let ana = ("t-runbook".to_string(), "p-ana".to_string());
    assert_eq!(trainees(&b), [ana], "the trainee reached the other database");

    b.execute(None, "no longer a trainee", &[train(false)]).unwrap();
    b.sync(&shared).unwrap();
    a.sync(&shared).unwrap();
    assert!(trainees(&a).is_empty(), "the removal came back");
    assert_eq!(dump(&a), dump(&b));
}

/// Each ticket of `store`'s engagement: its key, the day it was resolved and its plan.
fn tickets(store: &Store) -> Vec<(String, Option<String>, String)> {
    let data = store.load(store.engagement_by_slug("acme").unwrap()).unwrap();
    let tickets = data.tickets.into_iter();
    tickets.map(|t| (t.key, t.resolved.map(|d| d.to_string()), t.plan)).collect()
}

/// Syncs `from`, then `to`, then `from` again, so that each has the other's changes.
fn sync_both(from: &mut Store, to: &mut Store, shared: &Path) {
    for first in [true, false, true] {
        let store = if first { &mut *from } else { &mut *to };
        let report = store.sync(shared).unwrap();
        assert!(report.refused.is_empty() && report.conflicts.new == 0, "{report:?}");
    }
}

#[test]
fn imported_tickets_their_plans_and_a_reimport_reach_the_other_database() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    let engagement = a.engagement_by_slug("acme").unwrap();
    let export = "Issue key,Issue Type,Priority,Created,Resolved,Resolved by,SLA met\n\
                  OPS-1,Incident,Highest,2026-03-02,2026-03-03,client,yes\n\
                  OPS-2,Incident,Highest,2026-03-04,,,\n";
    a.import_tickets(&engagement, export, &[], "export.csv", common::today()).unwrap();
    sync_both(&mut a, &mut b, &shared);
    let imported = [
        ("OPS-1".to_string(), Some("2026-03-03".to_string()), String::new()),
        ("OPS-2".to_string(), None, String::new()),
    ];
    assert_eq!(tickets(&b), imported);

    let id: String = b
        .connection()
        .query_row("SELECT id FROM ticket WHERE ticket_key = 'OPS-2'", [], |r| r.get(0))
        .unwrap();
    let values = vec![(TicketField::Plan.into(), FieldValue::text("Vendor fix on Friday"))];
    let ops = [Command::Patch { table: Table::Ticket, id, values, shown: Vec::new() }];
    b.execute(None, "planned OPS-2", &ops).unwrap();
    sync_both(&mut b, &mut a, &shared);
    assert_eq!(tickets(&a)[1].2, "Vendor fix on Friday");

    let resolved = export.replace("2026-03-04,,,", "2026-03-04,2026-03-06,client,yes");
    let import =
        a.import_tickets(&engagement, &resolved, &[], "export.csv", common::today()).unwrap();
    assert_eq!((import.added.len(), import.updated.len()), (0, 1));
    sync_both(&mut a, &mut b, &shared);
    let expected = ("OPS-2".into(), Some("2026-03-06".into()), "Vendor fix on Friday".into());
    assert_eq!(tickets(&b)[1], expected);
    assert_eq!(dump(&a), dump(&b));

    // A copy of OPS-1 under its id with a blank around it, written by hand, would count
    // twice on the other side: refused there, saying why.
    drop(a);
    by_hand(
        &a_path,
        "INSERT INTO ticket (id, engagement_id, ticket_key, opened, priority, kind) \
         SELECT 'copy', engagement_id, 'OPS-1 ', opened, priority, kind FROM ticket \
         WHERE ticket_key = 'OPS-1'",
    );
    Store::open(&a_path).unwrap().sync(&shared).unwrap();
    b.sync(&shared).unwrap();
    assert_eq!(tickets(&b).len(), 2, "{:?}", tickets(&b));
    let conflicts = b.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let verdict = botdash::conflict_text::verdict(&conflicts[0]);
    assert_eq!(verdict, "refused here: a ticket's id has no blanks around it");
}

/// `b`'s person Noah, a skill and a KT topic, synced to `a` (whose history never saw them
/// made); then `a` makes Noah a trainee of the topic and rates him, and `b` deletes Noah and
/// the skill. Returns the engagement's id after syncing `a`, `b`, `a`.
fn noah_deleted_while_trained(a: &mut Store, b: &mut Store, shared: &Path) -> String {
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
        day: common::today(),
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

#[test]
fn an_export_imports_again_after_a_sync_deleted_the_person_its_history_names() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    noah_deleted_while_trained(&mut a, &mut b, &shared);
    assert!(trainees(&a).is_empty(), "the deletion reached A");

    let export = a.export(&[], |_, _| {}).unwrap();
    let mut fresh = Store::open(&dir.path().join("fresh.db")).unwrap();
    assert_eq!(
        fresh.import(&export, false, chrono::Local::now().date_naive(), |_, _| {}).unwrap(),
        ["acme"]
    );
    assert_eq!(
        a.import(&export, true, chrono::Local::now().date_naive(), |_, _| {}).unwrap(),
        ["acme"]
    );
    let id = fresh.engagement_by_slug("acme").unwrap().id;
    let summaries = |store: &Store| -> Vec<String> {
        store.history(Some(&id)).unwrap().into_iter().map(|e| e.summary).collect()
    };
    assert!(summaries(&fresh).contains(&"trained and rated Noah".to_string()));
    assert_eq!(summaries(&fresh), summaries(&a), "the history came along whole");
}

#[test]
fn a_change_naming_a_person_deleted_there_is_a_conflict_on_both_sides_with_the_true_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    noah_deleted_while_trained(&mut a, &mut b, &shared);
    let trainee_conflict = |store: &Store| {
        let conflicts = store.conflicts().unwrap();
        conflicts.into_iter().find(|c| c.table == Table::KtTrainee).expect("listed")
    };

    // B deleted Noah: A's trainee is refused there, for what is true.
    let refused = trainee_conflict(&b);
    let verdict = botdash::conflict_text::verdict(&refused);
    assert_eq!(verdict, "refused here: person names a person that was deleted");
    let again = resolve(&mut b, &refused.id, Keep::Theirs).unwrap_err().to_string();
    assert!(again.contains("person_id names a person that was deleted"), "{again}");

    // A lost its trainee with Noah: listed there too, not silently gone.
    let lost = trainee_conflict(&a);
    assert_eq!(
        botdash::conflict_text::verdict(&lost),
        "changed here, deleted there: removed with the person it names (person), deleted there"
    );
    assert_eq!(a.conflicts().unwrap().len(), 2, "the rating went with Noah too");
    let kept = resolve(&mut a, &lost.id, Keep::Mine).unwrap_err().to_string();
    assert!(kept.contains("person_id names a person that was deleted"), "{kept}");
    resolve(&mut a, &lost.id, Keep::Theirs).unwrap();
    assert_eq!(a.conflicts().unwrap().len(), 1);
    assert!(a.sync(&shared).unwrap().refused.is_empty());
    assert_eq!(a.conflicts().unwrap().len(), 1, "a later sync does not settle it by itself");
}

#[test]
fn a_reference_cleared_with_a_person_deleted_there_is_listed_where_it_was_set() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    let engagement_id = b.engagement_by_slug("acme").unwrap().id;
    let made = [
        create(&engagement_id, Table::Person, noah()),
        create(&engagement_id, Table::Responsibility, backups()),
    ];
    b.execute(Some(&engagement_id), "added", &made).unwrap();
    sync_both(&mut b, &mut a, &shared);
    a.execute(Some(&engagement_id), "Noah verifies", &[noah_verifies()]).unwrap();
    let gone = Command::Delete { table: Table::Person, id: "p-noah".into() };
    b.execute(Some(&engagement_id), "deleted Noah", &[gone]).unwrap();
    for first in [true, false, true] {
        let store = if first { &mut a } else { &mut b };
        assert!(store.sync(&shared).unwrap().refused.is_empty());
    }

    let conflicts = a.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    let lost = &conflicts[0];
    assert_eq!(lost.column, Some(ResponsibilityField::VerifierId.into()));
    assert_eq!(
        botdash::conflict_text::verdict(lost),
        "changed here, deleted there: removed with the person it names (verifier), deleted there"
    );
    let kept = resolve(&mut a, &lost.id, Keep::Mine).unwrap_err().to_string();
    assert!(kept.contains("verifier_id names a person that was deleted"), "{kept}");
    resolve(&mut a, &lost.id, Keep::Theirs).unwrap();
    let duties: i64 = a
        .connection()
        .query_row("SELECT count(*) FROM responsibility WHERE id = 'r-backup'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(duties, 1, "taking theirs keeps the duty, without its verifier");
    assert!(a.conflicts().unwrap().is_empty());
}

#[test]
fn a_deletion_in_an_earlier_file_of_the_same_sync_is_no_lost_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    let plan = titles(&a);
    delete(&mut a, &plan[0]);
    assert!(a.sync(&shared).unwrap().refused.is_empty());
    set(&mut a, &plan[1], TaskField::Title, "Second file");
    assert!(a.sync(&shared).unwrap().refused.is_empty());
    let report = b.sync(&shared).unwrap();
    assert_eq!(report.applied.len(), 2, "both of A's files at once");
    assert_eq!(report.conflicts.new, 0, "{:?}", b.conflicts().unwrap());
    assert!(b.conflicts().unwrap().is_empty());
}

#[test]
fn a_record_lost_to_a_deletion_there_is_listed_as_it_was_here_with_its_edit_since_the_last_sync() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    let mut a = Store::open(&a_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    let engagement_id = b.engagement_by_slug("acme").unwrap().id;
    let made = [
        create(&engagement_id, Table::Person, noah()),
        create(&engagement_id, Table::Skill, on_call()),
    ];
    b.execute(Some(&engagement_id), "added", &made).unwrap();
    sync_both(&mut b, &mut a, &shared);
    let rate = |level| Command::RateSkill {
        person_id: "p-noah".into(),
        skill_id: "s-oncall".into(),
        level,
        day: common::today(),
    };
    // A's rating reaches the folder, and A raises it since; B deletes Noah before it reads it.
    a.execute(Some(&engagement_id), "rated Noah", &[rate(2)]).unwrap();
    assert!(a.sync(&shared).unwrap().refused.is_empty());
    a.execute(Some(&engagement_id), "raised Noah", &[rate(3)]).unwrap();
    let gone = Command::Delete { table: Table::Person, id: "p-noah".into() };
    b.execute(Some(&engagement_id), "deleted Noah", &[gone]).unwrap();
    for store in [&mut b, &mut a] {
        assert!(store.sync(&shared).unwrap().refused.is_empty());
    }

    let conflicts = a.conflicts().unwrap();
    let lost = conflicts.iter().find(|c| c.table == Table::SkillRating).expect("listed");
    assert_eq!(lost.kind, ConflictKind::DeletedThere);
    let mine = lost.mine.as_ref().and_then(|row| row.get("level")).cloned();
    assert_eq!(mine, Some(serde_json::json!(3)), "the level as it was here: {lost:?}");
}

#[test]
fn a_ticket_day_before_1990_or_a_gate_rule_the_gate_cannot_evaluate_arriving_by_sync_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (a_path, b_path, shared) = pair(dir.path());
    by_hand(
        &a_path,
        "INSERT INTO ticket (id, engagement_id, ticket_key, opened, priority, kind)
         SELECT 't-old', id, 'INC00001', '1989-12-31', 1, 'incident' FROM engagement;
         INSERT INTO gate_criterion (id, engagement_id, phase, title, kind, rule)
         SELECT 'g-sla', id, 'transfer', 'SLA held', 'computed', 'tickets.sla(150,4)'
         FROM engagement;
         INSERT INTO gate_criterion (id, engagement_id, phase, title, kind, rule)
         SELECT 'g-bogus', id, 'transfer', 'Bogus', 'computed', 'bogus.rule' FROM engagement;",
    );
    let mut a = Store::open(&a_path).unwrap();
    assert!(a.sync(&shared).unwrap().refused.is_empty());

    let mut b = Store::open(&b_path).unwrap();
    assert!(b.sync(&shared).unwrap().refused.is_empty());
    let stored = |sql: &str| -> i64 { b.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(stored("SELECT count(*) FROM ticket"), 0, "the ticket of 1989 is not stored");
    assert_eq!(stored("SELECT count(*) FROM gate_criterion WHERE id LIKE 'g-%'"), 0);
    let mut reasons: Vec<String> =
        b.conflicts().unwrap().iter().map(botdash::conflict_text::verdict).collect();
    reasons.sort();
    assert_eq!(
        reasons,
        [
            "refused here: a gate criterion's rule must be one the gate can evaluate",
            "refused here: a gate criterion's rule must be one the gate can evaluate",
            "refused here: a ticket's day cannot be before 1990-01-01",
        ]
    );
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
