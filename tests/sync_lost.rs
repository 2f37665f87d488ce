//! No edit lost without a word: what the other side's deletion takes with it here (ON DELETE
//! CASCADE, SET NULL) is listed as a conflict on the side that made the edit, and the
//! conflicts on both sides show the records and the people they are about.

mod common;

use botdash::model::ResponsibilityField;
use botdash::records::FieldValue;
use botdash::store::Store;
use botdash::store::command::Command;
use botdash::store::edit::Table;
use botdash::store::sync::{Conflict, ConflictKind, Keep};
use common::sync::{
    NOAH, RUNBOOK, cli, create, delete_noah, fresh_pair, noah, noah_verifies, rate, sync,
};

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

    assert_eq!(report.conflicts.new, 1, "{:?}", pair.a.conflicts().unwrap());
    let lost = conflict_on(&pair.a, Table::SkillRating).expect("the rating of 4 is listed");
    assert_eq!(lost.kind, ConflictKind::DeletedThere);
    let level = lost.mine.as_ref().and_then(|row| row.get("level")).cloned();
    assert_eq!(level, Some(serde_json::json!(4)), "as it was here: {lost:?}");
    assert_eq!(
        botdash::conflict_text::verdict(&lost),
        "changed here, deleted there: removed with the person it names (person), deleted there"
    );
}

#[test]
fn a_verifier_and_a_trainee_set_here_and_emptied_by_a_deletion_there_are_both_listed_here() {
    let dir = tempfile::tempdir().unwrap();
    let mut pair = fresh_pair(dir.path());
    let engagement = Some(pair.engagement_id.as_str());
    let train = Command::Train { topic_id: RUNBOOK.into(), person_id: NOAH.into(), trainee: true };
    pair.a.execute(engagement, "Noah verifies and learns", &[noah_verifies(), train]).unwrap();
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
        "changed here, deleted there: removed with the person it names (verifier), deleted there"
    );
}

#[test]
fn a_reference_emptied_by_a_deletion_there_names_the_person_here_where_they_are_gone() {
    let dir = tempfile::tempdir().unwrap();
    let mut pair = fresh_pair(dir.path());
    let engagement = Some(pair.engagement_id.as_str());
    pair.a.execute(engagement, "Noah verifies", &[noah_verifies()]).unwrap();
    pair.b.execute(engagement, "deleted Noah", &[delete_noah()]).unwrap();
    sync(&mut pair.b, &pair.shared);
    sync(&mut pair.a, &pair.shared);
    assert_eq!(
        lines(&pair.a),
        ["responsibility 'Backups' of 'acme', verifier: changed here, deleted there: removed \
          with the person it names (verifier), deleted there · here 'Noah Keller' · there \
          (empty)"]
    );
}

/// A rates Noah 4, sets him as the backups' verifier and trains him; B deletes him; B syncs,
/// then A, then B.
fn noah_edited_here_deleted_there() -> (tempfile::TempDir, common::sync::Pair) {
    let dir = tempfile::tempdir().unwrap();
    let mut pair = fresh_pair(dir.path());
    let engagement = Some(pair.engagement_id.clone());
    let train = Command::Train { topic_id: RUNBOOK.into(), person_id: NOAH.into(), trainee: true };
    let edits = [rate(4), noah_verifies(), train];
    pair.a.execute(engagement.as_deref(), "Noah rated, verifies, learns", &edits).unwrap();
    pair.b.execute(engagement.as_deref(), "deleted Noah", &[delete_noah()]).unwrap();
    sync(&mut pair.b, &pair.shared);
    sync(&mut pair.a, &pair.shared);
    sync(&mut pair.b, &pair.shared);
    (dir, pair)
}

fn line(c: &Conflict) -> String {
    use botdash::conflict_text::{describe_in_words, here_text, there_text, verdict};
    let (here, there) = (here_text(c), there_text(c));
    format!("{}: {} · here {here} · there {there}", describe_in_words(c), verdict(c))
}

/// `store`'s conflicts, in the order of their lines.
fn lines_sorted(store: &Store) -> Vec<Conflict> {
    let mut conflicts = store.conflicts().unwrap();
    conflicts.sort_by_key(line);
    conflicts
}

fn lines(store: &Store) -> Vec<String> {
    lines_sorted(store).iter().map(line).collect()
}

#[test]
fn on_the_deleting_side_conflicts_name_the_deleted_person_not_an_id() {
    let (_dir, pair) = noah_edited_here_deleted_there();
    assert_eq!(
        lines(&pair.b),
        [
            "KT trainee 'Incident runbook' / 'Noah Keller' of 'acme': refused here: person \
             names a person that was deleted · here (not here) · there (the whole record)",
            "responsibility 'Backups' of 'acme', verifier: refused here: verifier names a \
             person that was deleted · here (empty) · there 'Noah Keller'",
            "skill rating 'Noah Keller' / 'On-call' of 'acme': deleted here, changed there · \
             here (deleted) · there (the whole record)",
        ]
    );
}

#[test]
fn a_whole_record_in_a_conflict_shows_its_fields_with_the_people_by_name() {
    let (_dir, pair) = noah_edited_here_deleted_there();
    let side_lines = |store: &Store, table, here| {
        let conflict = conflict_on(store, table).expect("listed");
        botdash::conflict_text::side_lines(&conflict, here)
    };
    let rating =
        ["assessed at: 2026-06-15", "level: 4", "person: 'Noah Keller'", "skill: 'On-call'"];
    assert_eq!(side_lines(&pair.b, Table::SkillRating, false), rating, "as sent from A");
    assert_eq!(side_lines(&pair.a, Table::SkillRating, true), rating, "as it was here");
}

#[test]
fn conflicts_whose_cause_is_gone_close_when_the_next_sync_brings_the_records_back() {
    let (_dir, mut pair) = noah_edited_here_deleted_there();
    assert_eq!(pair.b.conflicts().unwrap().len(), 3, "refused or deleted here");
    // A brings Noah back and keeps its edits, which B then receives.
    let engagement_id = pair.engagement_id.clone();
    let back = create(&engagement_id, Table::Person, noah());
    pair.a.execute(Some(&engagement_id), "Noah is back", &[back]).unwrap();
    for conflict in pair.a.conflicts().unwrap() {
        pair.a.resolve(&conflict.id, Keep::Mine, |_| "kept mine".into()).unwrap();
    }
    sync(&mut pair.a, &pair.shared);
    sync(&mut pair.b, &pair.shared);

    let trainees: i64 =
        pair.b.connection().query_row("SELECT count(*) FROM kt_trainee", [], |r| r.get(0)).unwrap();
    assert_eq!(trainees, 1, "Noah's trainee row arrived");
    assert_eq!(lines(&pair.b), Vec::<String>::new(), "nothing left to choose on B");
}

#[test]
fn a_refusal_whose_person_came_back_by_undo_is_taken_and_both_sides_end_equal() {
    let (_dir, mut pair) = noah_edited_here_deleted_there();
    let engagement = Some(pair.engagement_id.clone());
    assert_eq!(pair.b.undo(engagement.as_deref()).unwrap().as_deref(), Some("deleted Noah"));
    sync(&mut pair.b, &pair.shared);
    sync(&mut pair.a, &pair.shared);
    sync(&mut pair.b, &pair.shared);
    let held = |store: &Store| -> (Option<String>, i64) {
        let verifier = "SELECT verifier_id FROM responsibility WHERE id = 'r-backup'";
        let trainees = "SELECT count(*) FROM kt_trainee WHERE person_id = 'p-noah'";
        let conn = store.connection();
        (
            conn.query_row(verifier, [], |r| r.get(0)).unwrap(),
            conn.query_row(trainees, [], |r| r.get(0)).unwrap(),
        )
    };
    assert_eq!(held(&pair.a), (Some(NOAH.to_string()), 1), "A's edits are back where B took them");
    assert_eq!(held(&pair.b), held(&pair.a));
    assert_eq!(lines(&pair.b), Vec::<String>::new(), "nothing left to choose on B");
    assert_eq!(
        lines(&pair.a),
        ["skill rating 'Noah Keller' / 'On-call' of 'acme': changed here, deleted there: removed \
          with the person it names (person), deleted there · here (the whole record) · there \
          (deleted)"],
        "only A's rating of 4 is left to choose: B's undo brought back its rating of 1"
    );
}

#[test]
fn keeping_mine_of_a_reference_refused_before_an_undo_brought_its_person_back_is_kept_here() {
    let (_dir, mut pair) = noah_edited_here_deleted_there();
    let engagement = Some(pair.engagement_id.clone());
    pair.b.undo(engagement.as_deref()).unwrap();
    let verifier = conflict_on(&pair.b, Table::Responsibility).expect("the verifier's refusal");
    pair.b.resolve(&verifier.id, Keep::Mine, |_| "kept mine".into()).unwrap();
    assert!(conflict_on(&pair.b, Table::Responsibility).is_none());
    let verifier_of = |store: &Store| -> Option<String> {
        let sql = "SELECT verifier_id FROM responsibility WHERE id = 'r-backup'";
        store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
    };
    assert_eq!(verifier_of(&pair.b), None);
}

#[test]
fn take_theirs_is_offered_only_where_the_other_side_can_be_taken() {
    use botdash::app::{Action, Screen};
    let (_dir, pair) = noah_edited_here_deleted_there();
    let mut app = common::demo_app();
    app.state.screens.conflicts.list = lines_sorted(&pair.b);
    app.perform(Action::GoTo(Screen::Conflicts));
    let mut offered = Vec::new();
    for row in 0..app.state.screens.conflicts.list.len() {
        app.state.screens.conflicts.row = row;
        let c = app.state.screens.conflicts.selected().unwrap();
        offered.push((c.kind, app.state.works_now(Action::TakeTheirs)));
        assert!(app.state.works_now(Action::KeepMine));
    }
    assert_eq!(
        offered,
        [
            (ConflictKind::Refused, false),
            (ConflictKind::Refused, false),
            (ConflictKind::DeletedHere, true),
        ],
        "a change a rule refused here is not offered to take"
    );
}

#[test]
fn the_conflicts_title_offers_take_theirs_only_where_the_footer_does() {
    use botdash::app::{Action, Screen};
    let (_dir, pair) = noah_edited_here_deleted_there();
    let mut app = common::demo_app();
    app.state.screens.conflicts.list = lines_sorted(&pair.b);
    app.perform(Action::GoTo(Screen::Conflicts));
    let mut titled = Vec::new();
    for row in 0..app.state.screens.conflicts.list.len() {
        app.state.screens.conflicts.row = row;
        let screen = format!("{:?}", common::draw(&mut app, 100, 20).backend());
        assert!(screen.contains("m keep mine"), "{screen}");
        titled.push((screen.contains("t take theirs"), app.state.works_now(Action::TakeTheirs)));
    }
    assert_eq!(titled, [(false, false), (false, false), (true, true)]);
}

/// On the demo, a deletes Katrin while b makes her the verifier of a duty another person
/// verified; b syncs, then a, where the verifier is refused until `u` brings Katrin back.
#[test]
fn a_reference_refused_until_undo_brought_its_person_back_ends_equal_on_both_sides() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, shared) = cli::fresh_pair(dir.path());
    let katrin = cli::value(&a, "SELECT id FROM person WHERE name = 'Katrin Novak'");
    let engagement =
        cli::value(&a, &format!("SELECT engagement_id FROM person WHERE id = '{katrin}'"));
    let duty = cli::value(
        &a,
        &format!(
            "SELECT id FROM responsibility WHERE engagement_id = '{engagement}' \
             AND verifier_id IS NOT NULL AND verifier_id IS NOT '{katrin}' LIMIT 1"
        ),
    );
    let deleted = Command::Delete { table: Table::Person, id: katrin.clone() };
    Store::open(&a).unwrap().execute(Some(&engagement), "deleted Katrin", &[deleted]).unwrap();
    let verifier = vec![(ResponsibilityField::VerifierId.into(), FieldValue::text(&katrin))];
    let verifies = Command::Patch {
        table: Table::Responsibility,
        id: duty.clone(),
        values: verifier,
        shown: Vec::new(),
    };
    Store::open(&b).unwrap().execute(Some(&engagement), "Katrin verifies", &[verifies]).unwrap();
    cli::sync(&b, &shared);
    cli::sync(&a, &shared);
    assert!(cli::conflicts(&a)[0].contains("refused here"), "{:?}", cli::conflicts(&a));
    Store::open(&a).unwrap().undo(Some(&engagement)).unwrap();
    cli::sync(&a, &shared);
    assert_eq!(cli::conflicts(&a), Vec::<String>::new());

    let mut said = Vec::new();
    for _ in 0..2 {
        said.push(cli::sync(&b, &shared));
        said.push(cli::sync(&a, &shared));
    }
    let verifier =
        format!("SELECT ifnull(verifier_id, '(empty)') FROM responsibility WHERE id = '{duty}'");
    assert_eq!(cli::value(&a, &verifier), katrin);
    assert_eq!(cli::value(&b, &verifier), katrin, "{said:?}");
    assert_eq!(cli::conflicts(&b), Vec::<String>::new(), "{said:?}");
    assert!(said.iter().all(|s| !s.contains("to resolve")), "{said:?}");
}
