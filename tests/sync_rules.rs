//! Sync and the app keep every rule whichever way a value comes: a second refused value of
//! one field, a date whose pair changed on the other side, Space in Staffing, a dangling
//! reference on the sending side, an export's tickets. Each drives the real binary on a
//! fresh pair made as a user makes one (demo, first sync, backup, sync both), with the other
//! side's file edited by hand as `sqlite3` would.

mod common;

use std::path::Path;

use botdash::model::{ContractorPersonField, PersonField};
use botdash::records::FieldValue;
use botdash::store::Store;
use botdash::store::command::Command;
use botdash::store::edit::Table;
use common::cli::{botdash, stderr, stdout};
use common::sync::cli::{by_hand, conflicts, fresh_pair, resolve, sync, value};

const SLA: &str = "SELECT id FROM gate_criterion WHERE rule = 'tickets.sla(90,4)' LIMIT 1";
const TICKET: &str = "SELECT id FROM ticket ORDER BY id LIMIT 1";

#[test]
fn a_field_refused_again_is_refused_again_and_taking_it_stays_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, shared) = fresh_pair(dir.path());
    let (gate, ticket) = (value(&b, SLA), value(&b, TICKET));
    let opened = value(&a, &format!("SELECT opened FROM ticket WHERE id = '{ticket}'"));
    let send = |rule: &str, day: &str| {
        by_hand(
            &b,
            &format!(
                "UPDATE gate_criterion SET rule = '{rule}' WHERE id = '{gate}';
                 UPDATE ticket SET opened = '{day}' WHERE id = '{ticket}';"
            ),
        );
        sync(&b, &shared);
        sync(&a, &shared);
    };
    send("bogus.rule", "1989-12-31");
    for (rule, day) in [("tickets.sla(150,4)", "1980-01-01"), ("tickets.sla(90,0)", "1985-05-05")] {
        send(rule, day);
        let listed = conflicts(&a);
        assert_eq!(listed.len(), 2, "one conflict per field, the latest value: {listed:?}");
        assert!(
            listed.iter().all(|l| l.contains("refused here:") && !l.contains("changed on both")),
            "{listed:?}"
        );
        assert!(listed[0].ends_with(&format!("· here tickets.sla(90,4) · there {rule}")));
        assert!(listed[1].ends_with(&format!("· here {opened} · there {day}")));
        for field in ["field rule", "field opened"] {
            let taken = resolve(&a, field, "theirs");
            assert!(!taken.status.success());
            assert!(stderr(&taken).contains("is still refused here"), "{}", stderr(&taken));
        }
        assert_eq!(
            value(&a, &format!("SELECT rule FROM gate_criterion WHERE id = '{gate}'")),
            "tickets.sla(90,4)"
        );
        assert_eq!(value(&a, &format!("SELECT opened FROM ticket WHERE id = '{ticket}'")), opened);
    }
    // A valid value that follows a refused one is the other side's change alone: it applies
    // and settles the refusal.
    send("tickets.sla(80,4)", &opened);
    assert_eq!(
        value(&a, &format!("SELECT rule FROM gate_criterion WHERE id = '{gate}'")),
        "tickets.sla(80,4)"
    );
    assert_eq!(conflicts(&a), Vec::<String>::new());
    assert!(stdout(&botdash(&a, &["doctor"])).contains("verdict: healthy"));
}

#[test]
fn taking_the_other_side_of_a_field_changed_on_both_is_held_to_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, shared) = fresh_pair(dir.path());
    let gate = value(&b, SLA);
    let rule_of =
        |db: &Path| value(db, &format!("SELECT rule FROM gate_criterion WHERE id = '{gate}'"));
    by_hand(
        &a,
        &format!("UPDATE gate_criterion SET rule = 'tickets.sla(80,4)' WHERE id = '{gate}'"),
    );
    by_hand(
        &b,
        &format!("UPDATE gate_criterion SET rule = 'tickets.sla(150,4)' WHERE id = '{gate}'"),
    );
    sync(&b, &shared);
    sync(&a, &shared);
    let listed = conflicts(&a);
    assert!(listed[0].contains("changed on both sides"), "{listed:?}");
    let taken = resolve(&a, "field rule", "theirs");
    assert!(stderr(&taken).contains("the other side's value is still refused here"), "{taken:?}");
    assert_eq!(rule_of(&a), "tickets.sla(80,4)");
    assert!(resolve(&a, "field rule", "mine").status.success());
}

const OLGA: &str = "SELECT independent_at || ' ' || left_at FROM person WHERE name = 'Olga Huber'";
const JONAS: &str =
    "SELECT independent_at || ' ' || coalesce(left_at, '-') FROM person WHERE name = 'Jonas Roth'";

#[test]
fn a_date_is_refused_by_sync_when_its_pair_on_this_side_forbids_it() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, shared) = fresh_pair(dir.path());
    assert_eq!(value(&a, OLGA), "2026-11-05 2026-11-20");
    by_hand(&b, "UPDATE person SET independent_at = '2026-11-25' WHERE name = 'Olga Huber'");
    sync(&b, &shared);
    sync(&a, &shared);
    assert_eq!(value(&a, OLGA), "2026-11-05 2026-11-20", "independent after leaving is refused");
    let listed = conflicts(&a);
    assert!(listed[0].contains("field independent at: refused here: a person's left date"));

    // Two edits valid apart that together are not: each side refuses the other's.
    by_hand(&a, "UPDATE person SET left_at = '2026-11-10' WHERE name = 'Jonas Roth'");
    by_hand(&b, "UPDATE person SET independent_at = '2026-11-20' WHERE name = 'Jonas Roth'");
    sync(&a, &shared);
    sync(&b, &shared);
    sync(&a, &shared);
    assert_eq!(value(&a, JONAS), "2026-11-05 2026-11-10");
    assert_eq!(value(&b, JONAS), "2026-11-20 -");
    assert!(conflicts(&a).iter().any(|l| l.contains("Jonas Roth") && l.contains("refused here")));
    assert!(conflicts(&b).iter().any(|l| l.contains("Jonas Roth") && l.contains("refused here")));
}

#[test]
fn both_dates_of_a_pair_moved_together_apply_together_beside_a_field_changed_on_both() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, shared) = fresh_pair(dir.path());
    // The name changed on both sides: the other side's change is merged field by field.
    by_hand(&a, "UPDATE person SET name = 'Olga Huber-Meier' WHERE name = 'Olga Huber'");
    by_hand(
        &b,
        "UPDATE person SET name = 'Olga H.', independent_at = '2026-11-25', \
         left_at = '2026-11-28' WHERE name = 'Olga Huber'",
    );
    sync(&b, &shared);
    sync(&a, &shared);
    let olga = "SELECT name || ' ' || independent_at || ' ' || left_at FROM person \
                WHERE name LIKE 'Olga H%'";
    assert_eq!(value(&a, olga), "Olga Huber-Meier 2026-11-25 2026-11-28");
    let listed = conflicts(&a);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(listed[0].contains("field name: changed on both sides"), "{listed:?}");
}

#[test]
fn a_command_that_puts_a_person_s_dates_out_of_order_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _, _) = fresh_pair(dir.path());
    let id = value(&a, "SELECT id FROM person WHERE name = 'Olga Huber'");
    let mut store = Store::open(&a).unwrap();
    // As Space in Staffing builds it for a person with a day they left: independent today.
    let values = vec![(PersonField::IndependentAt.into(), FieldValue::text("2026-11-30"))];
    let patch = Command::Patch { table: Table::Person, id, values, shown: Vec::new() };
    let why = store.execute(None, "Olga Huber is now independent", &[patch]).unwrap_err();
    assert_eq!(why.to_string(), "a person's left date cannot come before the independent date");
    assert_eq!(value(&a, OLGA), "2026-11-05 2026-11-20", "nothing was changed");
}

#[test]
fn a_command_that_adds_a_contractor_leaving_before_arriving_is_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _, _) = fresh_pair(dir.path());
    let engagement_id = value(&a, "SELECT id FROM engagement");
    let staff = "SELECT CAST(count(*) AS TEXT) FROM contractor_person";
    let before = value(&a, staff);
    let mut store = Store::open(&a).unwrap();
    let values = vec![
        (ContractorPersonField::Name.into(), FieldValue::text("Ines Vogt")),
        (ContractorPersonField::OnFrom.into(), FieldValue::text("2026-06-10")),
        (ContractorPersonField::Until.into(), FieldValue::text("2026-06-01")),
    ];
    let create = Command::Create { engagement_id, table: Table::ContractorPerson, values };
    let why = store.execute(None, "added Ines Vogt", &[create]).unwrap_err();
    assert_eq!(
        why.to_string(),
        "a contractor person's until date cannot come before the on from date"
    );
    assert_eq!(value(&a, staff), before, "nothing was added");
}

#[test]
fn a_dangling_reference_on_the_sending_side_refuses_the_sync_before_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (_, b, shared) = fresh_pair(dir.path());
    by_hand(
        &b,
        "UPDATE kt_topic SET status = 'signed_off', signed_off_by_id = \
         (SELECT id FROM contractor_person LIMIT 1) WHERE id = (SELECT id FROM kt_topic LIMIT 1)",
    );
    let files = || std::fs::read_dir(&shared).unwrap().count();
    let before = files();
    for _ in 0..2 {
        let refused = botdash(&b, &["sync", shared.to_str().unwrap()]);
        assert!(!refused.status.success());
        let why = stderr(&refused);
        assert!(
            why.contains("a kt topic here names a person that is not in this database"),
            "{why}"
        );
        assert!(why.contains("`botdash doctor`") && why.contains("nothing was synced"), "{why}");
        assert_eq!(files(), before, "no changeset is written");
    }
    let doctor = stdout(&botdash(&b, &["doctor"]));
    assert!(doctor.contains("wrong side: 1 kt_topic.signed_off_by_id"), "{doctor}");
}

#[test]
fn a_record_refused_whole_and_changed_again_there_is_refused_again_then_applies_once_valid() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, shared) = fresh_pair(dir.path());
    let engagement = value(&b, "SELECT id FROM engagement ORDER BY id LIMIT 1");
    by_hand(
        &b,
        &format!(
            "INSERT INTO person (id, engagement_id, name, state, planned_date, hired_at)
             VALUES ('p-zoe', '{engagement}', 'Zoe Early', 'hired', '2026-06-01', '2026-05-01')"
        ),
    );
    let hire = |day: &str| {
        by_hand(&b, &format!("UPDATE person SET hired_at = '{day}' WHERE id = 'p-zoe'"));
        sync(&b, &shared);
        sync(&a, &shared)
    };
    sync(&b, &shared);
    sync(&a, &shared);
    assert_eq!(conflicts(&a).len(), 1, "{:?}", conflicts(&a));

    let said = hire("2026-04-01");
    assert!(said.contains("(0 new, 1 refused again)"), "{said}");
    let listed = conflicts(&a);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(
        listed[0].contains("'Zoe Early'") && listed[0].contains("refused here"),
        "the record as the other side has it now, by name: {listed:?}"
    );
    assert!(listed[0].contains("2026-04-01") && !listed[0].contains("deleted"), "{listed:?}");

    hire("2026-07-01");
    sync(&b, &shared);
    let zoe = "SELECT name || ' ' || hired_at FROM person WHERE id = 'p-zoe'";
    assert_eq!(value(&a, zoe), "Zoe Early 2026-07-01");
    assert_eq!(value(&b, zoe), value(&a, zoe));
    assert_eq!(conflicts(&a), Vec::<String>::new());
    assert_eq!(conflicts(&b), Vec::<String>::new());
}
