//! Two databases for sync tests, as a team starts: "a" with one engagement and Noah Keller
//! (rated 1 in On-call, a KT topic and a duty), and "b", a backup of it; a synced, then b,
//! then a again through one folder, so that each has its baseline.

use std::path::{Path, PathBuf};

use botdash::model::template::{NewEngagement, Template, parse_date};
use botdash::model::{KtTopicField, PersonField, ResponsibilityField, SkillField};
use botdash::records::FieldValue;
use botdash::store::Store;
use botdash::store::command::Command;
use botdash::store::edit::{Column, Table};
use botdash::store::sync::SyncReport;

pub struct Pair {
    pub a: Store,
    pub b: Store,
    pub shared: PathBuf,
    pub engagement_id: String,
}

pub const NOAH: &str = "p-noah";
pub const ON_CALL: &str = "s-oncall";
pub const RUNBOOK: &str = "t-runbook";
pub const BACKUPS: &str = "r-backup";

pub fn fresh_pair(dir: &Path) -> Pair {
    let shared = dir.join("shared");
    std::fs::create_dir(&shared).unwrap();
    let mut a = Store::open(&dir.join("a.db")).unwrap();
    let acme = NewEngagement {
        client: "ACME".into(),
        name: "Project acme".into(),
        slug: "acme".into(),
        start: parse_date("2026-01-05").unwrap(),
        transfer: Some(parse_date("2026-10-05").unwrap()),
        threshold: 80,
        weights: None,
    };
    a.create_engagement(&acme, &Template::standard(), "2026-01-05T09:00:00Z").unwrap();
    let engagement_id = a.engagement_by_slug("acme").unwrap().id;
    let made = [
        create(&engagement_id, Table::Person, noah()),
        create(&engagement_id, Table::Skill, on_call()),
        create(&engagement_id, Table::KtTopic, runbook()),
        create(&engagement_id, Table::Responsibility, backups()),
        rate(1),
    ];
    a.execute(Some(&engagement_id), "added", &made).unwrap();
    let b_path = dir.join("b.db");
    a.backup(&b_path).unwrap();
    let mut b = Store::open(&b_path).unwrap();
    for store in [&mut a, &mut b] {
        sync(store, &shared);
    }
    sync(&mut a, &shared);
    Pair { a, b, shared, engagement_id }
}

/// Syncs `store`, which no file refuses.
pub fn sync(store: &mut Store, shared: &Path) -> SyncReport {
    let report = store.sync(shared).unwrap();
    assert!(report.refused.is_empty(), "{:?}", report.refused);
    report
}

/// Noah's rating in On-call, at `level`.
pub fn rate(level: u8) -> Command {
    Command::RateSkill {
        person_id: NOAH.into(),
        skill_id: ON_CALL.into(),
        level,
        day: super::today(),
    }
}

/// Deletes Noah Keller.
pub fn delete_noah() -> Command {
    Command::Delete { table: Table::Person, id: NOAH.into() }
}

/// Noah Keller (`NOAH`), a hired client person, as a new record's values.
pub fn noah() -> Vec<(Column, FieldValue)> {
    vec![
        (PersonField::Id.into(), FieldValue::text(NOAH)),
        (PersonField::Name.into(), FieldValue::text("Noah Keller")),
        (PersonField::State.into(), FieldValue::text("hired")),
    ]
}

/// The skill On-call (`ON_CALL`).
pub fn on_call() -> Vec<(Column, FieldValue)> {
    vec![
        (SkillField::Id.into(), FieldValue::text(ON_CALL)),
        (SkillField::Name.into(), FieldValue::text("On-call")),
    ]
}

/// The KT topic Incident runbook (`RUNBOOK`), planned.
pub fn runbook() -> Vec<(Column, FieldValue)> {
    vec![
        (KtTopicField::Id.into(), FieldValue::text(RUNBOOK)),
        (KtTopicField::Title.into(), FieldValue::text("Incident runbook")),
        (KtTopicField::Status.into(), FieldValue::text("planned")),
    ]
}

/// The duty Backups (`BACKUPS`), with the client.
pub fn backups() -> Vec<(Column, FieldValue)> {
    vec![
        (ResponsibilityField::Id.into(), FieldValue::text(BACKUPS)),
        (ResponsibilityField::Activity.into(), FieldValue::text("Backups")),
        (ResponsibilityField::Owner.into(), FieldValue::text("client")),
    ]
}

/// The command that creates a record of `table` with `values` in the engagement.
pub fn create(engagement_id: &str, table: Table, values: Vec<(Column, FieldValue)>) -> Command {
    Command::Create { engagement_id: engagement_id.to_string(), table, values }
}

/// Makes Noah the verifier of the Backups duty.
pub fn noah_verifies() -> Command {
    let verifier = vec![(ResponsibilityField::VerifierId.into(), FieldValue::text(NOAH))];
    let id = BACKUPS.to_string();
    Command::Patch { table: Table::Responsibility, id, values: verifier, shown: Vec::new() }
}

/// The same, as a user does it: the real binary on the demo, with the other side's file
/// edited by hand as `sqlite3` would.
pub mod cli {
    use std::path::{Path, PathBuf};
    use std::process::Output;

    use super::super::cli::{botdash, stdout};

    /// Syncs `db` through `shared`, which must succeed.
    pub fn sync(db: &Path, shared: &Path) -> String {
        let output = botdash(db, &["sync", shared.to_str().unwrap()]);
        assert!(output.status.success(), "{output:?}");
        stdout(&output)
    }

    /// The demo saved as a.db, synced, backed up as b.db, synced, and a synced again: a and b in
    /// step, each with its baseline.
    pub fn fresh_pair(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
        let (a, b, shared) = (dir.join("a.db"), dir.join("b.db"), dir.join("S"));
        std::fs::create_dir(&shared).unwrap();
        assert!(botdash(&a, &["demo", "--save", a.to_str().unwrap()]).status.success());
        sync(&a, &shared);
        assert!(botdash(&a, &["backup", "--output", b.to_str().unwrap()]).status.success());
        sync(&b, &shared);
        sync(&a, &shared);
        (a, b, shared)
    }

    /// An edit made by hand, without the app's checks or foreign keys (as `sqlite3` makes it).
    pub fn by_hand(db: &Path, sql: &str) {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.execute_batch(&format!("PRAGMA foreign_keys = OFF; {sql}")).unwrap();
    }

    pub fn value(db: &Path, sql: &str) -> String {
        rusqlite::Connection::open(db).unwrap().query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// The open conflicts as `sync --conflicts` lists them, one line each.
    pub fn conflicts(db: &Path) -> Vec<String> {
        let listed = stdout(&botdash(db, &["sync", "--conflicts"]));
        let is_conflict = |l: &&str| !l.starts_with("resolve with") && *l != "no conflicts";
        listed.lines().filter(is_conflict).map(String::from).collect()
    }

    /// Resolves the conflict listed first whose line holds `field`, to `keep`.
    pub fn resolve(db: &Path, field: &str, keep: &str) -> Output {
        let listed = conflicts(db);
        let line = listed.iter().find(|l| l.contains(field)).expect(field);
        let id = line.split_whitespace().next().unwrap();
        botdash(db, &["sync", "--resolve", id, "--keep", keep])
    }
}
