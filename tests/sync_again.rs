//! A value the other side sends again after this side refused it: refused again, however the
//! first refusal came (one field, or a record with several), said so by the sync, and listed
//! field by field by `sync --conflicts`. Each drives the real binary on the demo.

mod common;

use std::path::Path;

use common::cli::stderr;
use common::sync::cli::{by_hand, conflicts, fresh_pair, resolve, sync, value};

const TICKET: &str = "SELECT id FROM ticket ORDER BY id LIMIT 1";
const SLA: &str = "SELECT id FROM gate_criterion WHERE rule = 'tickets.sla(90,4)' LIMIT 1";

/// `sql` run by hand on `b`, then b and a synced; what a's sync printed.
fn send(b: &Path, a: &Path, shared: &Path, sql: &str) -> String {
    by_hand(b, sql);
    sync(b, shared);
    sync(a, shared)
}

#[test]
fn a_field_of_a_record_refused_whole_is_refused_again_and_listed_field_by_field() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, shared) = fresh_pair(dir.path());
    let ticket = value(&b, TICKET);
    let opened_of =
        |db: &Path| value(db, &format!("SELECT opened FROM ticket WHERE id = '{ticket}'"));
    let opened = opened_of(&a);
    let first =
        format!("UPDATE ticket SET opened = '1989-12-31', plan = 'moved' WHERE id = '{ticket}'");
    assert!(send(&b, &a, &shared, &first).contains("1 conflict to resolve (1 new)"));
    let again = format!("UPDATE ticket SET opened = '1980-01-01' WHERE id = '{ticket}'");
    let printed = send(&b, &a, &shared, &again);
    assert!(printed.contains("1 conflict to resolve (0 new, 1 refused again)"), "{printed}");

    let listed = conflicts(&a);
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(listed[0].contains(": refused here: "), "{listed:?}");
    assert!(!listed[0].contains("changed on both") && !listed[0].contains("(the whole record)"));
    assert!(listed[0].ends_with("· there opened: 1980-01-01; plan: moved"), "{listed:?}");
    assert!(listed[0].contains(&format!("opened: {opened}; ")), "this side's record: {listed:?}");
    let taken = resolve(&a, "refused here", "theirs");
    assert!(stderr(&taken).contains("is still refused here"), "{taken:?}");
    assert_eq!(opened_of(&a), opened);

    // A valid day applies; the rest of the record sent with the refused one follows at the
    // next sync, and both sides end equal.
    let valid = format!("UPDATE ticket SET opened = '2026-03-01' WHERE id = '{ticket}'");
    send(&b, &a, &shared, &valid);
    sync(&a, &shared);
    sync(&b, &shared);
    let ticket_of = |db: &Path| {
        value(db, &format!("SELECT opened || ' ' || plan FROM ticket WHERE id = '{ticket}'"))
    };
    assert_eq!(ticket_of(&a), "2026-03-01 moved");
    assert_eq!(ticket_of(&b), ticket_of(&a));
    assert_eq!(conflicts(&a), Vec::<String>::new());
}

#[test]
fn the_same_refused_value_sent_again_and_again_is_said_to_be_refused_again() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, shared) = fresh_pair(dir.path());
    let gate = value(&b, SLA);
    let rule =
        |rule: &str| format!("UPDATE gate_criterion SET rule = '{rule}' WHERE id = '{gate}'");
    assert!(send(&b, &a, &shared, &rule("bogus.rule")).contains("(1 new)"));
    for sent in ["tickets.sla(150,4)", "bogus.rule", "tickets.sla(150,4)"] {
        let printed = send(&b, &a, &shared, &rule(sent));
        assert!(printed.contains("1 conflict to resolve (0 new, 1 refused again)"), "{printed}");
        let listed = conflicts(&a);
        assert!(listed[0].ends_with(&format!("· there {sent}")), "{listed:?}");
    }
    assert_eq!(
        value(&a, &format!("SELECT rule FROM gate_criterion WHERE id = '{gate}'")),
        "tickets.sla(90,4)"
    );
}

#[test]
fn a_field_changed_on_both_sides_is_one_new_conflict_and_changed_again_is_found_again() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, shared) = fresh_pair(dir.path());
    let gate = value(&b, SLA);
    let rule =
        |rule: &str| format!("UPDATE gate_criterion SET rule = '{rule}' WHERE id = '{gate}'");
    by_hand(&a, &rule("tickets.sla(70,4)"));
    let printed = send(&b, &a, &shared, &rule("tickets.sla(80,4)"));
    assert!(printed.contains("1 conflict to resolve (1 new):"), "{printed}");
    let printed = send(&b, &a, &shared, &rule("tickets.sla(85,4)"));
    assert!(printed.contains("1 conflict to resolve (0 new, 1 found again):"), "{printed}");
}

#[test]
fn a_field_two_files_of_one_sync_change_against_this_side_is_counted_once() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, shared) = fresh_pair(dir.path());
    let gate = value(&b, SLA);
    let rule =
        |rule: &str| format!("UPDATE gate_criterion SET rule = '{rule}' WHERE id = '{gate}'");
    for sent in ["tickets.sla(80,4)", "tickets.sla(85,4)"] {
        by_hand(&b, &rule(sent));
        sync(&b, &shared);
    }
    by_hand(&a, &rule("tickets.sla(70,4)"));
    let printed = sync(&a, &shared);
    assert_eq!(conflicts(&a).len(), 1);
    assert!(printed.contains("1 conflict to resolve (1 new):"), "{printed}");
}
