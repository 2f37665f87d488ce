//! A sync's changeset reaches the shared folder only once the sync is kept here: a sync that
//! fails at its commit leaves no file the other databases would apply.

mod common;

use std::path::{Path, PathBuf};

use botdash::store::sync::baseline_path;
use common::sync::{Pair, fresh_pair, rate, sync};

/// The names in `dir`, hidden ones too, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn level(store: &botdash::store::Store) -> i64 {
    let sql = "SELECT level FROM skill_rating WHERE person_id = 'p-noah'";
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_sync_that_fails_at_its_commit_leaves_no_changeset_and_the_next_one_sends_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut pair = fresh_pair(dir.path());
    let engagement = Some(pair.engagement_id.clone());
    pair.a.execute(engagement.as_deref(), "raised Noah", &[rate(3)]).unwrap();
    let before = listing(&pair.shared);

    // Another program reading a's baseline holds it: the sync cannot commit.
    let reader = rusqlite::Connection::open(baseline_path(&dir.path().join("a.db"))).unwrap();
    reader.execute_batch("BEGIN; SELECT count(*) FROM person;").unwrap();
    let failed = pair.a.sync(&pair.shared).unwrap_err().to_string();
    assert!(failed.contains("locked"), "{failed}");
    assert_eq!(listing(&pair.shared), before, "no changeset, not even half-named");
    reader.execute_batch("COMMIT").unwrap();

    let sent = sync(&mut pair.a, &pair.shared);
    assert!(sent.written.is_some(), "the change is still to send: {sent:?}");
    sync(&mut pair.b, &pair.shared);
    assert_eq!(level(&pair.b), 3);
}

#[test]
fn a_changeset_left_hidden_is_sent_by_the_next_sync_if_its_sync_was_kept_else_removed() {
    let dir = tempfile::tempdir().unwrap();
    let mut pair = fresh_pair(dir.path());
    let engagement = Some(pair.engagement_id.clone());
    pair.a.execute(engagement.as_deref(), "raised Noah", &[rate(3)]).unwrap();
    let (path, _) = sync(&mut pair.a, &pair.shared).written.expect("a changeset");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    // As a crash between the commit and the renaming leaves it; and one of a sync not kept.
    let hidden = pair.shared.join(format!(".{name}"));
    std::fs::rename(&path, &hidden).unwrap();
    let database = name.rsplit_once('-').unwrap().0;
    let unkept = pair.shared.join(format!(".{database}-999999.changeset"));
    std::fs::copy(&hidden, &unkept).unwrap();
    sync(&mut pair.b, &pair.shared);
    assert_eq!(level(&pair.b), 1, "b sees nothing hidden");

    let report = sync(&mut pair.a, &pair.shared);
    assert!(report.written.is_none(), "nothing new to write: {report:?}");
    assert!(path.exists() && !hidden.exists() && !unkept.exists(), "{:?}", listing(&pair.shared));
    sync(&mut pair.b, &pair.shared);
    assert_eq!(level(&pair.b), 3);

    // One hidden under a name already in place (sent, or planted) neither blocks the sync
    // nor replaces the file.
    std::fs::write(&hidden, b"planted").unwrap();
    sync(&mut pair.a, &pair.shared);
    assert!(!hidden.exists() && std::fs::read(&path).unwrap() != b"planted");
}

/// What another machine or a person may put under a changeset's name.
enum Planted {
    File,
    Link,
    Folder,
}

fn plant(path: &Path, what: &Planted) {
    match what {
        Planted::File => std::fs::write(path, b"planted").unwrap(),
        Planted::Link => std::os::unix::fs::symlink("/nowhere", path).unwrap(),
        Planted::Folder => std::fs::create_dir(path).unwrap(),
    }
}

/// Syncs b, which refuses only the file planted at `planted`.
fn sync_b(pair: &mut Pair, planted: &Path) {
    let report = pair.b.sync(&pair.shared).unwrap();
    for (name, _) in &report.refused {
        assert_eq!(pair.shared.join(name), planted, "{:?}", report.refused);
    }
}

/// The changeset `path`'s name with the number after its own.
fn numbered_after(path: &Path) -> PathBuf {
    let name = path.to_string_lossy();
    let (database, rest) = name.rsplit_once('-').unwrap();
    let number: u64 = rest.strip_suffix(".changeset").unwrap().parse().unwrap();
    PathBuf::from(format!("{database}-{:06}.changeset", number + 1))
}

#[test]
fn a_kept_changeset_whose_name_was_taken_before_it_was_sent_goes_under_the_next_free_number() {
    for what in [Planted::File, Planted::Link, Planted::Folder] {
        let dir = tempfile::tempdir().unwrap();
        let mut pair = fresh_pair(dir.path());
        let engagement = Some(pair.engagement_id.clone());
        pair.a.execute(engagement.as_deref(), "raised Noah", &[rate(3)]).unwrap();
        let (path, _) = sync(&mut pair.a, &pair.shared).written.expect("a changeset");
        // As a sync whose name was taken between writing and sending leaves it: kept here
        // (its changes are in a's baseline), the changeset still hidden.
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let hidden = pair.shared.join(format!(".{name}"));
        std::fs::rename(&path, &hidden).unwrap();
        plant(&path, &what);

        sync(&mut pair.a, &pair.shared);
        sync_b(&mut pair, &path);
        assert_eq!(level(&pair.b), 3, "{:?}", listing(&pair.shared));
        assert!(!hidden.exists() && path.symlink_metadata().is_ok(), "the planted one stays");

        // The next change goes under a number of its own again.
        pair.a.execute(engagement.as_deref(), "raised Noah", &[rate(4)]).unwrap();
        sync(&mut pair.a, &pair.shared);
        sync_b(&mut pair, &path);
        assert_eq!(level(&pair.b), 4, "{:?}", listing(&pair.shared));
    }
}

#[test]
fn a_name_taken_before_the_sync_is_passed_over() {
    for what in [Planted::File, Planted::Link, Planted::Folder] {
        let dir = tempfile::tempdir().unwrap();
        let mut pair = fresh_pair(dir.path());
        let engagement = Some(pair.engagement_id.clone());
        pair.a.execute(engagement.as_deref(), "raised Noah", &[rate(3)]).unwrap();
        let (first, _) = sync(&mut pair.a, &pair.shared).written.expect("a changeset");
        let next = numbered_after(&first);
        plant(&next, &what);

        pair.a.execute(engagement.as_deref(), "raised Noah", &[rate(4)]).unwrap();
        let (written, _) = sync(&mut pair.a, &pair.shared).written.expect("a changeset");
        assert_eq!(written, numbered_after(&next));
        sync_b(&mut pair, &next);
        assert_eq!(level(&pair.b), 4, "{:?}", listing(&pair.shared));
    }
}
