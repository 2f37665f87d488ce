//! Each kind of record across a sync (a card's assignee, trainees, imported tickets), and
//! what a deletion on the other side does to an edit here.

mod common;

use botdash::model::evidence::TicketField;
use botdash::model::{KtTopicField, PersonField, ResponsibilityField, TaskField};
use botdash::records::FieldValue;
use botdash::store::Store;
use botdash::store::command::Command;
use botdash::store::edit::Table;
use botdash::store::sync::{ConflictKind, Keep};
use common::exchange::*;
use common::sync::{backups, create, noah, noah_verifies, on_call};

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
