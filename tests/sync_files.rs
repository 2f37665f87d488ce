//! The sync folder and its files: a changeset cut short, foreign, from a newer version or
//! another folder changes nothing; planted links, FIFOs and huge files are neither followed
//! nor read; the baseline and the folder mark are private; a database keeps to one folder.

mod common;

use std::path::{Path, PathBuf};

use botdash::model::TaskField;
use botdash::store::Store;
use botdash::store::sync::baseline_path;
use common::exchange::*;

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
