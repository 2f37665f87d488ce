//! No edit lost without a word: what the other side's deletion takes with it here (ON DELETE
//! CASCADE, SET NULL) is listed as a conflict on the side that made the edit, and the
//! conflicts on both sides show the records and the people they are about.

mod common;

use botdash::model::ResponsibilityField;
use botdash::records::FieldValue;
use botdash::store::Store;
use botdash::store::command::Command;
use botdash::store::edit::Table;
use botdash::store::sync::{Conflict, ConflictKind};
use common::sync::{BACKUPS, NOAH, RUNBOOK, delete_noah, fresh_pair, rate, sync};

fn conflict_on(store: &Store, table: Table) -> Option<Conflict> {
    store.conflicts().unwrap().into_iter().find(|c| c.table == table)
}

#[test]
fn a_rating_changed_here_and_removed_with_a_person_deleted_there_is_listed_here() {
    let dir = tempfile::tempdir().unwrap();
    let mut pair = fresh_pair(dir.path());
    let engagement = Some(pair.engagement_id.as_str());
    pair.a.execute(engagement, "raised Noah", &[rate(4)]).unwrap();
    pair.b.execute(engagement, "deleted Noah", &[delete_noah()]).unwrap();
    sync(&mut pair.b, &pair.shared);
    let report = sync(&mut pair.a, &pair.shared);

    assert_eq!(report.new_conflicts, 1, "{:?}", pair.a.conflicts().unwrap());
    let lost = conflict_on(&pair.a, Table::SkillRating).expect("the rating of 4 is listed");
    assert_eq!(lost.kind, ConflictKind::DeletedThere);
    let level = lost.mine.as_ref().and_then(|row| row.get("level")).cloned();
    assert_eq!(level, Some(serde_json::json!(4)), "as it was here: {lost:?}");
    assert_eq!(
        botdash::conflict_text::verdict(&lost),
        "changed here, deleted there: removed with the person it names (person_id), deleted there"
    );
}

#[test]
fn a_verifier_and_a_trainee_set_here_and_emptied_by_a_deletion_there_are_both_listed_here() {
    let dir = tempfile::tempdir().unwrap();
    let mut pair = fresh_pair(dir.path());
    let engagement = Some(pair.engagement_id.as_str());
    let verifier = vec![(ResponsibilityField::VerifierId.into(), FieldValue::text(NOAH))];
    let verify = Command::Patch {
        table: Table::Responsibility,
        id: BACKUPS.into(),
        values: verifier,
        shown: Vec::new(),
    };
    let train = Command::Train { topic_id: RUNBOOK.into(), person_id: NOAH.into(), trainee: true };
    pair.a.execute(engagement, "Noah verifies and learns", &[verify, train]).unwrap();
    pair.b.execute(engagement, "deleted Noah", &[delete_noah()]).unwrap();
    sync(&mut pair.b, &pair.shared);
    sync(&mut pair.a, &pair.shared);

    let trainee = conflict_on(&pair.a, Table::KtTrainee).expect("the trainee is listed");
    assert_eq!(trainee.kind, ConflictKind::DeletedThere);
    let verifier = conflict_on(&pair.a, Table::Responsibility).expect("the verifier is listed");
    assert_eq!(verifier.column, Some(ResponsibilityField::VerifierId.into()));
    assert_eq!(verifier.mine, Some(serde_json::json!(NOAH)));
    assert_eq!(
        botdash::conflict_text::verdict(&verifier),
        "changed here, deleted there: removed with the person it names (verifier_id), deleted there"
    );
}
