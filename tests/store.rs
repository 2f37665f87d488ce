//! The store on real files: creation, reopening, and every kind of file it must refuse
//! without changing a byte.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use botdash::model::template::{NewEngagement, Template, parse_date};
use botdash::store::{OpenError, Store, StoreError, schema};
use rusqlite::Connection;

fn new_engagement(slug: &str) -> NewEngagement {
    NewEngagement {
        client: "ACME".into(),
        name: "Billing".into(),
        slug: slug.into(),
        start: parse_date("2026-01-05").unwrap(),
        transfer: Some(parse_date("2026-10-05").unwrap()),
        threshold: 80,
        weights: None,
    }
}

/// Makes the database at `path` with one engagement, 'acme', and closes it.
fn with_one_engagement(path: &Path) {
    let mut store = Store::open(path).unwrap();
    create(&mut store, "acme").unwrap();
}

fn create(store: &mut Store, slug: &str) -> Result<(), StoreError> {
    store
        .create_engagement(&new_engagement(slug), &Template::standard(), "2026-01-05T09:00:00Z")
        .map(|_| ())
}

#[test]
fn a_new_file_is_private_identified_and_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("botdash.db");
    let mut store = Store::open(&path).unwrap();
    create(&mut store, "acme-billing").unwrap();
    drop(store);

    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let conn = Connection::open(&path).unwrap();
    let app_id: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
    let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!((app_id, version), (schema::APPLICATION_ID, schema::VERSION));
    drop(conn);

    let store = Store::open(&path).unwrap();
    let engagement = store.engagement_by_slug("acme-billing").unwrap();
    let data = store.load(engagement).unwrap();
    assert_eq!(data.engagement.client, "ACME");
    assert!(data.tasks.len() >= 20 && data.docs.len() >= 40);
    assert_eq!(data.phases.len(), 4);
}

#[test]
fn the_schema_uses_the_documented_names_and_strict_tables() {
    let store = Store::in_memory().unwrap();
    let conn = store.connection();
    let columns = |table: &str| -> Vec<String> {
        let mut st =
            conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')")).unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(
        columns("engagement"),
        [
            "id",
            "slug",
            "client",
            "name",
            "start_date",
            "planned_transfer_date",
            "current_phase",
            "readiness_threshold",
            "weights_json",
            "archived",
            "currency"
        ]
    );
    assert_eq!(
        columns("doc_item"),
        [
            "id",
            "engagement_id",
            "category",
            "title",
            "criticality",
            "status",
            "not_applicable",
            "owner",
            "reviewer",
            "location",
            "last_reviewed_at",
            "review_interval_days",
            "due_phase"
        ]
    );
    assert_eq!(columns("skill_rating"), ["person_id", "skill_id", "level", "assessed_at"]);
    let loose: i64 = conn
        .query_row(
            "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
                    AND strict = 0 AND name NOT LIKE 'sqlite_%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(loose, 0, "every table is STRICT");
}

#[test]
fn the_database_itself_refuses_impossible_values() {
    let mut store = Store::in_memory().unwrap();
    create(&mut store, "acme").unwrap();
    let conn = store.connection();
    for bad in [
        "UPDATE task SET due_date = '2026-02-30'",
        "UPDATE task SET status = 'finished'",
        "UPDATE skill SET required_level = 7",
        "UPDATE task SET title = '   '",
        "INSERT INTO task (id, engagement_id, phase, title, position, created_at, updated_at) \
         VALUES ('x', 'no-such-engagement', 'plan', 't', 0, '', '')",
    ] {
        assert!(conn.execute(bad, []).is_err(), "accepted: {bad}");
    }
}

#[test]
fn a_duplicate_slug_is_refused_and_nothing_is_written() {
    let mut store = Store::in_memory().unwrap();
    create(&mut store, "acme").unwrap();
    let count = |s: &Store| {
        s.connection().query_row("SELECT count(*) FROM task", [], |r| r.get::<_, i64>(0)).unwrap()
    };
    let before = count(&store);
    let err = create(&mut store, "acme").unwrap_err();
    assert!(err.to_string().contains("already exists"), "{err}");
    assert_eq!(count(&store), before);
}

/// Opens `path` expecting a refusal, and checks the file is byte for byte unchanged.
fn refused(path: &Path) -> OpenError {
    let before = std::fs::read(path).unwrap();
    let err = Store::open(path).err().expect("the file is refused");
    assert_eq!(std::fs::read(path).unwrap(), before, "the file was changed");
    let dir = path.parent().unwrap();
    let leftovers: Vec<_> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no side files: {leftovers:?}");
    err
}

#[test]
fn files_that_are_not_botdash_databases_are_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "meeting notes, not a database\n".repeat(20)).unwrap();
    let err = refused(&text);
    assert!(err.to_string().ends_with("notes.txt is not a botdash database"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.sqlite");
    let conn = Connection::open(&other).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    drop(conn);
    assert!(matches!(refused(&other), OpenError::NotBotdash(_)));

    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, "").unwrap();
    let err = refused(&empty);
    assert!(err.to_string().contains("is an empty file"), "{err}");
    let words = botdash::words::opening(&err);
    assert!(
        words.ends_with(
            "empty.db is an empty file, not a botdash database (remove it to start a new one)"
        ),
        "{words}"
    );
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    conn.pragma_update(None, "user_version", schema::VERSION + 1).unwrap();
    drop(conn);
    let err = refused(&path);
    assert!(err.to_string().contains("written by a newer botdash"), "{err}");
}

/// Scribbles over the middle of the file, where the tables' pages are; returns its bytes.
fn scribble(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle..middle + 4096].fill(0xA5);
    std::fs::write(path, &bytes).unwrap();
    bytes
}

#[test]
fn a_damaged_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.db");
    let mut store = Store::open(&path).unwrap();
    create(&mut store, "acme").unwrap();
    store.connection().pragma_update(None, "journal_mode", "DELETE").unwrap();
    drop(store);
    let bytes = scribble(&path);
    let err = refused(&path);
    assert!(matches!(err, OpenError::Damaged { .. }), "{err}");
    assert!(err.to_string().contains("is damaged"), "{err}");
    let words = botdash::words::opening(&err);
    assert!(words.ends_with("; restore it from a backup"), "{words}");

    // A truncated copy: the header promises pages that are not there.
    let dir = tempfile::tempdir().unwrap();
    let truncated = dir.path().join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    assert!(matches!(refused(&truncated), OpenError::Damaged { .. }));
}

#[test]
fn a_read_only_file_opens_for_viewing_and_refuses_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    with_one_engagement(&path);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400)).unwrap();
    let before = std::fs::read(&path).unwrap();

    let mut store = Store::open(&path).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.engagements().unwrap().len(), 1);
    let err = create(&mut store, "other").unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly), "{err}");
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(listing(dir.path()), ["shared.db"], "no journal or shared-memory file was made");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    create(&mut Store::open(&path).unwrap(), "other").expect("writable again, nothing in the way");
}

#[test]
fn a_path_whose_folder_is_missing_is_refused_and_nothing_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo/botdash.db");
    let err = Store::open(&path).err().expect("refused");
    let folder = dir.path().join("typo");
    assert_eq!(
        err.to_string(),
        format!("cannot create {}: the folder {} does not exist", path.display(), folder.display())
    );
    assert!(!folder.exists());
}

/// Makes `dir` read-only for the length of a test and writable again afterwards, so the
/// temporary folder can be removed.
struct ReadOnlyFolder<'a>(&'a Path);

impl<'a> ReadOnlyFolder<'a> {
    fn new(dir: &'a Path) -> Self {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        ReadOnlyFolder(dir)
    }
}

impl Drop for ReadOnlyFolder<'_> {
    fn drop(&mut self) {
        std::fs::set_permissions(self.0, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
}

fn listing(dir: &Path) -> Vec<std::ffi::OsString> {
    let mut names: Vec<_> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    names
}

#[test]
fn a_database_in_a_read_only_folder_opens_for_viewing_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    with_one_engagement(&path);
    let before = std::fs::read(&path).unwrap();
    let files = listing(dir.path());

    let _guard = ReadOnlyFolder::new(dir.path());
    let mut store = Store::open(&path).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.engagements().unwrap().len(), 1);
    let err = create(&mut store, "other").unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly), "{err}");
    drop(store);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(listing(dir.path()), files, "no journal or shared-memory file was made");
}

#[test]
fn a_new_database_in_a_read_only_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let _guard = ReadOnlyFolder::new(dir.path());
    let path = dir.path().join("new.db");
    let err = Store::open(&path).err().expect("refused");
    assert!(err.to_string().ends_with("is read-only"), "{err}");
    assert!(listing(dir.path()).is_empty());
}

#[test]
fn two_connections_see_each_others_commits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let mut first = Store::open(&path).unwrap();
    let second = Store::open(&path).unwrap();
    create(&mut first, "acme").unwrap();
    assert_eq!(second.engagements().unwrap().len(), 1);
}

#[test]
fn a_full_disk_refuses_the_edit_with_a_sentence_and_keeps_the_file_sound() {
    use botdash::model::TaskField;
    use botdash::records::FieldValue;
    use botdash::store::command::Command;
    use botdash::store::edit::Table;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("full.db");
    let mut store = Store::open(&path).unwrap();
    create(&mut store, "acme").unwrap();
    let pages: i64 = store.connection().query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap();
    // No room to grow: as if the disk were full.
    store.connection().pragma_update(None, "max_page_count", pages).unwrap();
    let engagement: String =
        store.connection().query_row("SELECT id FROM engagement", [], |r| r.get(0)).unwrap();
    let big = FieldValue::Text("x".repeat(200_000));
    let task: String =
        store.connection().query_row("SELECT id FROM task LIMIT 1", [], |r| r.get(0)).unwrap();
    let op = Command::Patch {
        table: Table::Task,
        id: task.clone(),
        values: vec![(TaskField::Notes.into(), big)],
        shown: Vec::new(),
    };
    let err = store.execute(Some(&engagement), "filled the disk", &[op]).unwrap_err();
    assert!(err.to_string().contains("full"), "{err}");
    let notes: String = store
        .connection()
        .query_row("SELECT notes FROM task WHERE id = ?1", [&task], |r| r.get(0))
        .unwrap();
    assert_eq!(notes, "", "nothing was changed");
    drop(store);
    let store = Store::open(&path).unwrap();
    let verdict: String =
        store.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(verdict, "ok");
}

#[test]
fn a_second_writer_waits_for_the_first_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let mut first = Store::open(&path).unwrap();
    create(&mut first, "acme").unwrap();
    let held = std::thread::spawn({
        let path = path.clone();
        move || {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("BEGIN IMMEDIATE; UPDATE engagement SET name = 'Held';").unwrap();
            std::thread::sleep(std::time::Duration::from_millis(400));
            conn.execute_batch("COMMIT;").unwrap();
        }
    });
    std::thread::sleep(std::time::Duration::from_millis(100));
    // The file is locked for writing now; this edit waits for the lock, then commits.
    let mut second = Store::open(&path).unwrap();
    create(&mut second, "second").expect("no 'database is locked' within the wait");
    held.join().unwrap();
    assert_eq!(first.engagements().unwrap().len(), 2);
}

#[test]
fn a_damage_found_after_opening_refuses_the_first_write_and_turns_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.db");
    with_one_engagement(&path);
    let bytes = scribble(&path);

    let mut store = Store::open_checking_later(&path).expect("the header and identity are fine");
    assert!(!store.is_read_only());
    let err = create(&mut store, "other").unwrap_err();
    assert!(err.to_string().contains("is damaged"), "{err}");
    assert!(err.to_string().ends_with("it is open read-only, nothing was changed"), "{err}");
    assert!(store.is_read_only());
    assert!(matches!(create(&mut store, "third"), Err(StoreError::ReadOnly)));
    drop(store);
    assert!(std::fs::read(&path).unwrap() == bytes, "the file was changed");

    let mut store = Store::open_checking_later(&path).unwrap();
    let damage = loop {
        if let Some(damage) = store.damage_found() {
            break damage;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    // As the dashboard's footer says it.
    let damage = botdash::words::refusal(&damage);
    assert!(damage.contains("is damaged"), "{damage}");
    let next = "; restore it from a backup; it is open read-only, nothing was changed";
    assert!(damage.ends_with(next), "{damage}");
    assert!(store.is_read_only());
}

#[test]
fn a_sound_file_opened_with_a_later_check_takes_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sound.db");
    drop(Store::open(&path).unwrap());
    let mut store = Store::open_checking_later(&path).unwrap();
    create(&mut store, "acme").unwrap();
    assert!(store.damage_found().is_none());
    assert_eq!(store.engagements().unwrap().len(), 1);
}

/// A file of schema `version`, written with SQL every version takes: an engagement with a
/// task and the template's manual debriefing criterion, and one with nothing in it.
fn file_of_version(path: &Path, version: i32) {
    let mut conn = Connection::open(path).unwrap();
    schema::migrate_between(&mut conn, 0, version).unwrap();
    conn.execute_batch(
        "INSERT INTO engagement (id, slug, client, name) VALUES ('e', 'acme', 'ACME', 'Billing');
         INSERT INTO engagement (id, slug, client, name) VALUES ('f', 'bare', 'Bare', 'Site');
         INSERT INTO task (id, engagement_id, phase, title, status, position, created_at,
             updated_at) VALUES ('t', 'e', 'build', 'Ship it', 'todo', 1, '', '');
         INSERT INTO gate_criterion (id, engagement_id, phase, title, kind, met_at)
             VALUES ('g', 'e', 'transfer', 'Debriefing (lessons learned) held', 'manual',
             '2026-01-05T09:00:00Z');",
    )
    .unwrap();
}

#[test]
fn files_of_every_earlier_version_are_brought_forward_with_their_data() {
    for version in 1..schema::VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        file_of_version(&path, version);
        let store = Store::open(&path).unwrap();
        let found: i32 =
            store.connection().pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(found, schema::VERSION, "from version {version}");
        let data = store.load(store.engagement_by_slug("acme").unwrap()).unwrap();
        assert_eq!(data.tasks[0].title, "Ship it");
        assert_eq!(data.engagement.currency, "EUR");
        assert!(data.risks.is_empty() && data.budget.is_empty() && data.lessons.is_empty());
        if version < 3 {
            // Version 3 made the template's manual debriefing criterion a computed one.
            let debriefing: Vec<_> =
                data.gates.iter().filter(|g| g.title.starts_with("Debriefing")).collect();
            assert_eq!(debriefing.len(), 1, "converted, not added twice: {debriefing:?}");
            assert_eq!(debriefing[0].rule.as_deref(), Some("debriefing.held"));
            let bare = store.load(store.engagement_by_slug("bare").unwrap()).unwrap();
            assert_eq!(bare.gates.len(), 1, "an engagement without it gets the criterion");
        }
        assert!(store.conflicts().unwrap().is_empty(), "the sync tables are there");
        let plan: String = store
            .connection()
            .query_row(
                "EXPLAIN QUERY PLAN SELECT count(*) FROM task WHERE engagement_id = ?1 \
                 AND status != 'done' AND due_date < ?2",
                ["x", "2026-01-01"],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("task_open_by_due"), "{plan}");
    }
}

#[test]
fn refused_files_in_wal_mode_leave_their_folder_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.sqlite");
    let conn = Connection::open(&other).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    drop(conn);
    assert!(matches!(refused(&other), OpenError::NotBotdash(_)));

    let dir = tempfile::tempdir().unwrap();
    let newer = dir.path().join("newer.db");
    with_one_engagement(&newer);
    let conn = Connection::open(&newer).unwrap();
    conn.pragma_update(None, "user_version", schema::VERSION + 1).unwrap();
    drop(conn);
    assert!(matches!(refused(&newer), OpenError::Newer { .. }));

    let dir = tempfile::tempdir().unwrap();
    let damaged = dir.path().join("damaged.db");
    with_one_engagement(&damaged);
    let bytes = scribble(&damaged);
    assert!(matches!(refused(&damaged), OpenError::Damaged { .. }));

    let dir = tempfile::tempdir().unwrap();
    let truncated = dir.path().join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let err = refused(&truncated);
    assert!(err.to_string().contains("is damaged (cut short"), "{err}");
}

#[test]
fn a_damaged_file_with_a_pending_log_is_never_checkpointed_into() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.db");
    with_one_engagement(&path);
    // An edit left in the write-ahead log, as a crash leaves it.
    let conn = Connection::open(&path).unwrap();
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true).unwrap();
    conn.execute("UPDATE engagement SET name = 'pending'", []).unwrap();
    drop(conn);
    assert!(std::fs::metadata(dir.path().join("damaged.db-wal")).unwrap().len() > 0);
    let bytes = scribble(&path);

    // Quit before the check has run, as the TUI does when closed at once.
    drop(Store::open_checking_later(&path).unwrap());
    assert!(std::fs::read(&path).unwrap() == bytes, "the log was written into the file");
    // Quit after the check found the damage.
    let mut store = Store::open_checking_later(&path).unwrap();
    assert!(create(&mut store, "other").unwrap_err().to_string().contains("is damaged"));
    drop(store);
    assert!(std::fs::read(&path).unwrap() == bytes, "the log was written into the file");
}

#[test]
fn a_path_that_is_not_a_regular_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.db");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let err = Store::open(&fifo).err().expect("refused");
    assert_eq!(err.to_string(), format!("{} is a FIFO, not a database file", fifo.display()));
    let err = Store::open(dir.path()).err().expect("refused");
    assert!(err.to_string().ends_with("is a folder, not a database file"), "{err}");
    let err = Store::open(Path::new("/dev/null")).err().expect("refused");
    assert_eq!(err.to_string(), "/dev/null is a device, not a database file");
    assert_eq!(listing(dir.path()), ["fifo.db"]);
}

#[test]
fn every_commit_waits_until_it_is_on_disk() {
    // A power cut cannot be staged here; the setting that decides what survives one can be
    // read: FULL (2) syncs the write-ahead log at every commit, NORMAL (1) does not.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    with_one_engagement(&path);
    let store = Store::open(&path).unwrap();
    let synchronous: i64 =
        store.connection().pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
    let journal: String =
        store.connection().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!((journal.as_str(), synchronous), ("wal", 2));
}

#[test]
fn a_card_another_window_deleted_is_not_kept_on_screen_after_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    with_one_engagement(&path);
    let store = Store::open(&path).unwrap();
    let shown = store.load(store.engagement_by_slug("acme").unwrap()).unwrap();
    let card = shown.tasks[0].clone();
    // The card is deleted elsewhere between this window's edit and its refresh.
    Connection::open(&path).unwrap().execute("DELETE FROM task WHERE id = ?1", [&card.id]).unwrap();
    let moved = botdash::store::command::Command::PlaceCard { id: card.id.clone(), from: 0, to: 1 };
    let refreshed = store.refreshed(shown, &[moved]).unwrap();
    assert!(refreshed.tasks.iter().all(|t| t.id != card.id), "the deleted card is gone");
}
