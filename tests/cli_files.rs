//! What the command line reads and writes whole: an import checked before anything is
//! written, values that got in by hand that no command trips over and `doctor` names, and
//! export and report files that never replace what they should not.

mod common;

use std::fs::Permissions;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::cli::{botdash, new, stderr, stdout};

/// Every record of the file's database, as an export writes it: to see that nothing changed.
fn everything(db: &Path) -> String {
    let snapshot = db.with_extension("snapshot.json");
    let out = botdash(db, &["export", "--force", "-o", snapshot.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::read_to_string(snapshot).unwrap()
}

/// Spoils an exported engagement, given another engagement of the database imported into.
type Spoil = fn(&mut serde_json::Value, &serde_json::Value);

#[test]
fn an_import_is_checked_whole_and_a_refused_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    assert!(new(&a, &["--slug", "acme"]).status.success());
    assert!(new(&b, &["--slug", "beta"]).status.success());
    let export: serde_json::Value = serde_json::from_str(&everything(&a)).unwrap();
    let beta: serde_json::Value = serde_json::from_str(&everything(&b)).unwrap();
    let beta = &beta["engagements"][0];
    let cases: Vec<(Spoil, &str)> = vec![
        (
            |e, _| e["engagement"]["slug"] = "\x1b[2J\x1b]52;c;aGk=\x07".into(),
            "is not a valid slug",
        ),
        (
            |e, _| e["docs"][0]["review_interval_days"] = 4_294_967_295u32.into(),
            "review_interval_days must be 1 to 3650, not 4294967295",
        ),
        (|e, _| e["skills"][0]["required_level"] = 9.into(), "required level must be 1 to 4"),
        (
            |e, _| e["engagement"]["start_date"] = "+10000-01-01".into(),
            "start_date must be a day from 0000-01-01 to 9999-12-31",
        ),
        (|e, _| e["tasks"][0]["title"] = " ".into(), "title must not be empty"),
        (
            |e, _| {
                e["engagement"]["weights"] = serde_json::json!(
                    {"staffing": 20, "skills": 25, "kt": 15, "responsibilities": 25, "docs": 15}
                )
            },
            "weights: each weight must be between 0 and 1",
        ),
        (
            |e, _| e["ratings"] = serde_json::json!([{"person_id": "p", "skill_id": "s", "level": 2, "assessed_at": null}]),
            "a skill rating refers to 'p'",
        ),
        (
            |e, beta| e["kt_topics"][0]["skill_id"] = beta["skills"][0]["id"].clone(),
            "which is not a record of this engagement",
        ),
        (
            |e, beta| {
                let mut image = beta["tasks"][0].clone();
                image["engagement_id"] = beta["engagement"]["id"].clone();
                e["history"] = serde_json::json!([{
                    "id": "h1", "at": "2026-01-05T00:00:00Z", "summary": "x", "reason": null,
                    "undone": false, "changes": [{"table": "task", "before": image, "after": null}]
                }])
            },
            "history entry 1 changes a task row of another engagement",
        ),
        (
            // A rating of a person gone everywhere, but of a skill of the engagement here.
            |e, beta| {
                let image = serde_json::json!({
                    "person_id": "gone", "skill_id": beta["skills"][0]["id"].clone(),
                    "level": 2, "assessed_at": null
                });
                e["history"] = serde_json::json!([{
                    "id": "h1", "at": "2026-01-05T00:00:00Z", "summary": "x", "reason": null,
                    "undone": false, "changes": [{"table": "skill_rating", "before": null, "after": image}]
                }])
            },
            "history entry 1 changes a skill_rating row of another engagement",
        ),
    ];
    let before = everything(&b);
    let file = dir.path().join("import.json");
    for (spoil, expected) in cases {
        let mut spoiled = export.clone();
        spoil(&mut spoiled["engagements"][0], beta);
        std::fs::write(&file, spoiled.to_string()).unwrap();
        let out = botdash(&b, &["import", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{expected}: {}", stdout(&out));
        assert!(stderr(&out).contains(expected), "{expected}: {}", stderr(&out));
        assert!(stderr(&out).ends_with("nothing was imported\n"), "{}", stderr(&out));
        assert!(!stderr(&out).contains('\x1b'));
        assert_eq!(everything(&b), before, "{expected}: the database changed");
    }
    // serde names an unknown field as written: the message shows it made safe.
    let mut unknown = export.clone();
    unknown["\x1b]52;c;aGk=\x07\u{202e}"] = 1.into();
    std::fs::write(&file, unknown.to_string()).unwrap();
    let out = botdash(&b, &["import", file.to_str().unwrap()]);
    assert!(stderr(&out).contains("unknown field `^[]52;c;aGk=^G`"), "{}", stderr(&out));
    std::fs::write(&file, export.to_string()).unwrap();
    let out = botdash(&b, &["import", file.to_str().unwrap()]);
    assert_eq!(stdout(&out), "imported acme\n", "{}", stderr(&out));
    let out = botdash(&b, &["import", file.to_str().unwrap()]);
    assert_eq!(
        stderr(&out),
        "botdash: engagement 'acme': already in this database (use --replace to replace it); \
         nothing was imported\n"
    );
}

#[test]
fn a_value_that_got_in_by_hand_never_breaks_a_command_and_doctor_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(new(&db, &["--slug", "acme"]).status.success());
    assert!(new(&db, &["--slug", "beta"]).status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "UPDATE doc_item SET status = 'approved', last_reviewed_at = '2026-01-05', \
         review_interval_days = 99999999;
         UPDATE kt_topic SET skill_id = (SELECT s.id FROM skill s JOIN engagement e \
         ON e.id = s.engagement_id WHERE e.slug = 'beta' LIMIT 1) \
         WHERE engagement_id = (SELECT id FROM engagement WHERE slug = 'acme');
         INSERT INTO contractor_person (id, engagement_id, name, role, on_from, until)
         SELECT 'c-gone-' || slug, id, 'Gone Before', '', '2026-06-10', '2026-06-01' FROM engagement;
         INSERT INTO handover_item (id, engagement_id, kind, name)
         SELECT 'h-' || slug, id, 'credential', 'Token eyJhbGciOi.eyJzdWIiOi.sig' FROM engagement;
         INSERT INTO handover_item (id, engagement_id, kind, name, current_holder)
         SELECT 'held-' || slug, id, 'credential', 'App DB', 'postgres://admin:pw@db/app'
         FROM engagement;
         INSERT INTO ticket (id, engagement_id, ticket_key, opened, priority, kind)
         SELECT 't-' || slug, id, ' INC00008', '2026-03-02', 1, 'incident' FROM engagement;
         INSERT INTO gate_criterion (id, engagement_id, phase, title, kind, rule)
         SELECT 'g-' || slug, id, 'transfer', 'SLA held', 'computed', 'tickets.sla(150,4)'
         FROM engagement WHERE slug = 'acme';",
    )
    .unwrap();
    drop(conn);
    for args in [
        &["list"][..],
        &["score", "acme", "--explain", "--as-of", "2030-01-01"],
        &["report", "acme", "--format", "json"],
        &["docs", "export", "acme", "--csv"],
    ] {
        let out = botdash(&db, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let out = botdash(&db, &["doctor"]);
    assert_eq!(out.status.code(), Some(1));
    let report = stdout(&out);
    assert!(report.contains("doc_item.review_interval_days outside 1 to 3650"), "{report}");
    assert!(report.contains("kt_topic.skill_id name a skill of another engagement"), "{report}");
    assert!(
        report.contains(
            "dates out of order: 2 contractor_person.until before on_from; correct them in \
             the app: 'Gone Before', 'Gone Before'\n"
        ),
        "{report}"
    );
    // A secret is counted, never shown: the name that would name its row holds it.
    assert!(
        report.contains(
            "secrets: 2 handover_item.name look like a secret's value; remove it in the app\n"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "secrets: 2 handover_item.current_holder look like a secret's value; remove it in \
             the app\n"
        ),
        "{report}"
    );
    assert!(!report.contains("eyJ") && !report.contains("admin:pw"), "{report}");
    assert!(
        report.contains("gate rule of 'acme' criterion 'SLA held': the rule tickets.sla"),
        "{report}"
    );
    assert!(
        report.contains(
            "ticket ids with blanks around them: 2 ticket.ticket_key, each counted beside its \
             ticket: ' INC00008', ' INC00008'\n"
        ),
        "{report}"
    );
    assert!(report.ends_with("verdict: needs attention\n"), "{report}");
    // Too large even to read: reported, pointing to doctor.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE doc_item SET review_interval_days = 99999999999", []).unwrap();
    drop(conn);
    let out = botdash(&db, &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).ends_with("; `botdash doctor` names it\n"), "{}", stderr(&out));
    assert!(stdout(&botdash(&db, &["doctor"])).contains("doc_item.review_interval_days outside"));
}

#[test]
fn amounts_past_the_rule_in_a_file_break_no_command_and_doctor_names_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("huge.db");
    assert!(botdash(&db, &["demo", "--save", db.to_str().unwrap()]).status.success());
    // Refused on the way in.
    let mut export: serde_json::Value = serde_json::from_str(&everything(&db)).unwrap();
    export["engagements"][0]["costs"][0]["amount"] = i64::MAX.into();
    let file = dir.path().join("import.json");
    std::fs::write(&file, export.to_string()).unwrap();
    let other = dir.path().join("other.db");
    let out = botdash(&other, &["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("amount in minor units must be -10000000000000 to 10000000000000"),
        "{}",
        stderr(&out)
    );
    // Already in a file: every command still works, doctor names them.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "UPDATE cost_entry SET amount = 9223372036854775807;
         UPDATE budget_line SET planned = 9223372036854775807;",
    )
    .unwrap();
    drop(conn);
    let workbook = dir.path().join("w.xlsx");
    for args in [
        &["list"][..],
        &["report", "nordwind-fleet", "--format", "json"],
        &["report", "nordwind-fleet", "--format", "html"],
        &["report", "nordwind-fleet"],
        &["workbook", "nordwind-fleet", "-o", workbook.to_str().unwrap()],
    ] {
        let out = botdash(&db, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let out = botdash(&db, &["doctor"]);
    assert_eq!(out.status.code(), Some(1));
    let report = stdout(&out);
    assert!(
        report.contains("cost_entry.amount outside -10000000000000 to 10000000000000"),
        "{report}"
    );
    assert!(report.contains("budget_line.planned outside"), "{report}");
}

#[test]
fn export_keeps_an_existing_file_unless_forced_and_writes_privately() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(new(&db, &[]).status.success());
    let path = dir.path().join("out.json");
    std::fs::write(&path, "precious").unwrap();
    std::fs::set_permissions(&path, Permissions::from_mode(0o666)).unwrap();
    let out = botdash(&db, &["export", "-o", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("out.json already exists; --force replaces it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");

    let out = botdash(&db, &["export", "-o", path.to_str().unwrap(), "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&path).unwrap().contains("botdash-export"));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the planted 0666 file did not lend its mode");
    let names: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(
        names.iter().all(|n| !n.to_string_lossy().starts_with('.')),
        "no temporary file left: {names:?}"
    );
}

#[test]
fn a_report_written_over_a_link_replaces_the_link_not_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(new(&db, &[]).status.success());
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "someone else's file").unwrap();
    let link = dir.path().join("report.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = botdash(&db, &["report", "acme-corp-billing", "-o", link.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "someone else's file");
    let written = std::fs::symlink_metadata(&link).unwrap();
    assert!(written.is_file() && written.permissions().mode() & 0o777 == 0o600);
}
