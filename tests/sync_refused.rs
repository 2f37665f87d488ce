//! What sync refuses on the way in: a value a rule refuses, a secret in a hand-over item, a
//! ticket day or gate rule out of bounds — named as a conflict and never stored — and what
//! a colleague cannot take never blocks the sender.

mod common;

use std::path::{Path, PathBuf};

use botdash::model::TaskField;
use botdash::model::health::CostField;
use botdash::records::FieldValue;
use botdash::store::Store;
use botdash::store::command::Command;
use botdash::store::edit::Table;
use botdash::store::sync::{Keep, WITHHELD};
use common::exchange::*;

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
