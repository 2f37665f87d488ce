//! Reports, exports, imports and backups, checked as the client and a second laptop see them.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{botdash, keys, markdown_tables as tables};

fn demo(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("demo.db");
    assert!(botdash(&db, &["demo", "--save", db.to_str().unwrap()]).status.success());
    db
}

#[test]
fn export_then_import_into_an_empty_database_then_export_gives_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let first = dir.path().join("first.json");
    assert!(botdash(&db, &["export", "-o", first.to_str().unwrap()]).status.success());
    let copy = dir.path().join("copy.db");
    let out = botdash(&copy, &["import", first.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "imported helvetia-pim\nimported nordwind-fleet\nimported stadtwerke-billing\n"
    );
    let second = dir.path().join("second.json");
    assert!(botdash(&copy, &["export", "-o", second.to_str().unwrap()]).status.success());
    assert_eq!(std::fs::read(&first).unwrap(), std::fs::read(&second).unwrap());

    let out = botdash(&copy, &["import", first.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "the engagements are already there");
    assert!(botdash(&copy, &["import", "--replace", first.to_str().unwrap()]).status.success());
}

#[test]
fn a_truncated_or_mistyped_export_changes_nothing_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let file = dir.path().join("all.json");
    assert!(
        botdash(&db, &["export", "nordwind-fleet", "-o", file.to_str().unwrap()]).status.success()
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let target = dir.path().join("target.db");
    let truncated = dir.path().join("truncated.json");
    std::fs::write(&truncated, &text[..text.len() / 2]).unwrap();
    let out = botdash(&target, &["import", truncated.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("at line"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mistyped = dir.path().join("mistyped.json");
    std::fs::write(
        &mistyped,
        text.replacen("\"readiness_threshold\": 80", "\"readiness_threshold\": \"eighty\"", 1),
    )
    .unwrap();
    let out = botdash(&target, &["import", mistyped.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line"));
    let list = botdash(&target, &["list", "--json"]);
    assert_eq!(String::from_utf8_lossy(&list.stdout).trim(), "[]", "nothing was imported");
}

#[test]
fn the_html_report_is_self_contained_and_escapes_everything() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let out = botdash(
        &db,
        &[
            "new",
            "--client",
            "<script>alert(1)</script>",
            "--name",
            "Billing & \"Co\"",
            "--slug",
            "acme",
        ],
    );
    assert!(out.status.success());
    let out = botdash(&db, &["report", "acme", "--format", "html"]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("<script"), "no script tag at all");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Billing &amp; &quot;Co&quot;"));
    for external in ["http://", "https://", "src=", "href=", "@import", "url("] {
        assert!(!html.contains(external), "no external reference: {external}");
    }
    assert!(html.matches("<svg").count() >= 4, "trend, dimensions, timeline and docs pictures");
    assert!(html.contains("@page{size:A4"));
}

#[test]
fn the_markdown_report_parses_into_the_expected_tables() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = botdash(&db, &["report", "nordwind-fleet", "--format", "md"]);
    let md = String::from_utf8(out.stdout).unwrap();
    let tables = tables(&md);
    let phases = tables.iter().find(|t| t[0][0] == "Phase").unwrap();
    assert_eq!(phases[0], ["Phase", "Planned", "Actual", "Tasks done", "Gate"]);
    assert_eq!(phases.len(), 5, "a header and four phases");
    let dimensions = tables.iter().find(|t| t[0][0] == "Dimension").unwrap();
    let names: Vec<&str> = dimensions[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        names,
        ["Staffing", "Skills", "Knowledge transfer", "Responsibilities", "Documentation", "Total"]
    );
    // The points add up to the total exactly as printed.
    let tenths = |cell: &str| (cell.parse::<f64>().unwrap() * 10.0).round() as i64;
    let sum: i64 = dimensions[1..6].iter().map(|r| tenths(&r[3])).sum();
    assert_eq!(sum, tenths(&dimensions[6][3]));
    assert!(md.contains(&format!("**{} / 100**", dimensions[6][3])), "the headline is the total");
    let docs = tables.iter().find(|t| t[0][0] == "Category").unwrap();
    assert!(docs.iter().any(|r| r[0] == "Monitoring & incidents"));
    assert!(tables.iter().any(|t| t[0] == ["Points", "Step"]), "next best actions");
    assert!(md.contains("## Risks") && md.contains("Trend: "));
}

#[test]
fn the_reports_carry_the_health_sections_and_close_with_the_lessons() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let report = |format: &str| {
        let out = botdash(&db, &["report", "nordwind-fleet", "--format", format]);
        String::from_utf8(out.stdout).unwrap()
    };
    let md = report("md");
    let tables = tables(&md);
    let register = tables.iter().find(|t| t[0][0] == "Risk").unwrap();
    assert!(register.iter().any(|r| r[0].ends_with("(seen by botdash)")), "{register:?}");
    let heat_map = tables.iter().find(|t| t[0][0].starts_with("Likelihood")).unwrap();
    assert_eq!(heat_map.len(), 6, "a header and five likelihoods");
    let budget = tables.iter().find(|t| t[0] == ["Phase", "Planned", "Spent"]).unwrap();
    assert_eq!(budget[5][0], "Total");
    assert!(budget[5][1].ends_with(" EUR"), "{:?}", budget[5]);
    assert!(md.contains("Warning: the estimate exceeds the plan by"));
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(headings.last(), Some(&"## Lessons learned"), "{headings:?}");
    assert!(
        tables.last().unwrap()[0]
            == ["Phase", "Went well", "Went badly", "Recommendation", "Owner"]
    );

    let html = report("html");
    let last = html.rfind("<h2>").unwrap();
    assert!(html[last..].starts_with("<h2>Lessons learned</h2>"));
    assert!(html.contains("<h2>Risk register</h2>") && html.contains("<h2>Budget</h2>"));

    let json: serde_json::Value = serde_json::from_str(&report("json")).unwrap();
    let budget = &json["health"]["budget"];
    assert_eq!(budget["currency"], "EUR");
    assert_eq!(budget["minor_digits"], 2);
    assert!(
        budget["estimate_at_completion"].as_i64().unwrap() > budget["planned"].as_i64().unwrap()
    );
    assert_eq!(budget["over_plan"], true);
    let automatic =
        json["health"]["risks"].as_array().unwrap().iter().filter(|r| r["automatic"] == true);
    assert!(automatic.count() >= 1);
    assert_eq!(json["lessons"].as_array().unwrap().len(), 2, "Plan and Build are debriefed");
}

#[test]
fn an_export_from_before_the_health_records_still_imports() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let file = dir.path().join("all.json");
    assert!(botdash(&db, &["export", "-o", file.to_str().unwrap()]).status.success());
    let mut export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(export["engagements"][1]["lessons"].as_array().is_some_and(|l| !l.is_empty()));
    export["version"] = 1.into();
    for engagement in export["engagements"].as_array_mut().unwrap() {
        let fields = engagement.as_object_mut().unwrap();
        for key in ["risks", "budget", "costs", "user_tests", "integrations", "lessons"] {
            assert!(fields.remove(key).is_some(), "{key} is exported");
        }
        fields["engagement"].as_object_mut().unwrap().remove("currency");
    }
    let old = dir.path().join("old.json");
    std::fs::write(&old, export.to_string()).unwrap();
    let target = dir.path().join("target.db");
    let out = botdash(&target, &["import", old.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = botdash(&target, &["report", "nordwind-fleet", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["health"]["budget"]["currency"], "EUR");
    assert_eq!(json["lessons"].as_array().unwrap().len(), 0);
}

#[test]
fn the_readme_names_every_key_of_the_export_with_its_table_and_columns() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"));
    let readme = tables(&readme.unwrap())
        .into_iter()
        .find(|t| t[0][..2] == ["key", "table"])
        .expect("the README has the export's table");
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let new = ["new", "--client", "ACME", "--name", "Billing"];
    assert!(botdash(&db, &new).status.success(), "an edit in the undo history");
    let file = dir.path().join("all.json");
    assert!(botdash(&db, &["export", "-o", file.to_str().unwrap()]).status.success());
    let export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let engagements = export["engagements"].as_array().unwrap();
    let keys: BTreeSet<&String> = engagements[0].as_object().unwrap().keys().collect();
    let named: BTreeSet<&String> = readme[1..].iter().map(|row| &row[0]).collect();
    assert_eq!(keys, named);

    let conn = rusqlite::Connection::open(&db).unwrap();
    for row in &readme[1..] {
        let (key, table, differences) = (&row[0], &row[1], &row[2]);
        let mut columns: BTreeSet<String> = conn
            .prepare("SELECT name FROM pragma_table_info(?1) WHERE name != 'engagement_id'")
            .unwrap()
            .query_map([table], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(!columns.is_empty(), "{key}: no table {table}");
        let mut fields = BTreeSet::new();
        for engagement in engagements {
            let records = match &engagement[key] {
                serde_json::Value::Array(records) => records.clone(),
                record => vec![record.clone()],
            };
            fields.extend(records.iter().flat_map(|r| r.as_object().unwrap().keys().cloned()));
        }
        assert!(!fields.is_empty(), "{key}: no record to compare");
        for difference in differences.split("; ").filter(|d| !d.is_empty()) {
            match difference.strip_prefix("no ") {
                Some(column) => assert!(columns.remove(column), "{key}: {difference}"),
                None => {
                    let (field, column) = difference.split_once(" is ").unwrap();
                    assert!(columns.remove(column), "{key}: {difference}");
                    columns.insert(field.to_string());
                }
            }
        }
        assert_eq!(fields, columns, "{key} against the table {table}");
    }
}

/// The reports (Markdown, then HTML) of a new engagement whose first card is changed by
/// `set` (an SQL `SET` clause).
fn reports_with_first_card(set: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(
        botdash(&db, &["new", "--client", "A", "--name", "B", "--slug", "ab"]).status.success()
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let first = "rowid = (SELECT min(rowid) FROM task)";
    conn.execute(&format!("UPDATE task SET {set} WHERE {first}"), []).unwrap();
    drop(conn);
    let report = |args: &[&str]| String::from_utf8(botdash(&db, args).stdout).unwrap();
    (report(&["report", "ab"]), report(&["report", "ab", "--format", "html"]))
}

#[test]
fn a_title_with_a_pipe_does_not_break_a_markdown_table() {
    let (md, _) = reports_with_first_card("title = 'Deploy | rollback *fast*'");
    let tables = tables(&md);
    let tasks = tables.iter().find(|t| t[0] == ["Task", "Status", "Side", "Due"]).unwrap();
    assert!(tasks.iter().any(|r| r[0] == "Deploy | rollback *fast*" && r.len() == 4), "{tasks:?}");
}

#[test]
fn backup_is_a_private_consistent_copy_and_doctor_gives_a_verdict() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let copy = dir.path().join("copy.db");
    assert!(botdash(&db, &["backup", "-o", copy.to_str().unwrap()]).status.success());
    assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    let original = String::from_utf8(botdash(&db, &["list", "--json"]).stdout).unwrap();
    assert_eq!(String::from_utf8(botdash(&copy, &["list", "--json"]).stdout).unwrap(), original);
    let out = botdash(&copy, &["backup", "-o", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "never replaces a file");

    let out = botdash(&copy, &["doctor"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}");
    assert!(text.contains("integrity check: ok") && text.ends_with("verdict: healthy\n"), "{text}");
    std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = botdash(&copy, &["doctor"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("verdict: needs attention"), "{text}");
    let open = format!("permissions: 644 — others can read it; run chmod 600 {}\n", copy.display());
    assert!(text.contains(&open), "{text}");
}

#[test]
fn the_palette_writes_a_report_an_export_and_a_backup_and_says_where() {
    use botdash::app::App;
    let dir = tempfile::tempdir().unwrap();
    let mut store = botdash::store::Store::open(&dir.path().join("b.db")).unwrap();
    botdash::demo::save(&mut store, common::today()).unwrap();
    let mut app = App::new(store, common::today()).unwrap();
    for (command, name) in [(":report", "r.html"), (":export", "e.json"), (":backup", "backup.db")]
    {
        let path = dir.path().join(name);
        keys(&mut app, &format!("{command}\r"));
        assert!(
            matches!(app.state.overlay, Some(botdash::app::Overlay::Form(_))),
            "{command} asks where"
        );
        // Ctrl-u clears the suggested path (the cursor is at its end).
        keys(&mut app, &format!("\u{15}{}\r", path.display()));
        assert!(path.exists(), "{command} wrote {name}: {:?}", app.state.message);
        assert!(
            app.state.message.as_deref().unwrap_or("").starts_with("wrote /"),
            "{command}: {:?}",
            app.state.message
        );
    }
    assert!(std::fs::read_to_string(dir.path().join("r.html")).unwrap().contains("<svg"));
}

#[test]
fn a_gate_overridden_in_the_app_is_in_every_report_with_its_reason() {
    use botdash::app::App;
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let mut app = App::new(botdash::store::Store::open(&db).unwrap(), common::today()).unwrap();
    keys(&mut app, "/nordw\r\r2P");
    keys(&mut app, "client board decision\r");
    drop(app);
    let report = |format: &str| {
        let out = botdash(&db, &["report", "nordwind-fleet", "--format", format]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    // The history stamps the override with the wall clock's day, not the app's.
    let summary = "advanced from Operate to Transfer overriding the gate: client board decision";
    let md = report("md");
    assert!(
        md.lines().any(|l| l.starts_with("**Gate override** ") && l.ends_with(summary)),
        "{md}"
    );
    let html = report("html");
    let line = html.split("<p class=\"bad\">Gate override ").nth(1).expect("an override line");
    assert!(line.starts_with(|c: char| c.is_ascii_digit()) && line.contains(summary), "{line}");
    let json: serde_json::Value = serde_json::from_str(&report("json")).unwrap();
    assert_eq!(json["gate_overrides"][0]["reason"], "client board decision");
}

#[test]
fn a_card_assignee_is_named_beside_its_side_in_the_report() {
    let (md, html) =
        reports_with_first_card("title = 'Assigned', side = 'joint', assignee = 'Ana Costa'");
    let tables = tables(&md);
    let tasks = tables.iter().find(|t| t[0] == ["Task", "Status", "Side", "Due"]).unwrap();
    assert!(tasks.iter().any(|r| r[0] == "Assigned" && r[2] == "joint · Ana Costa"), "{tasks:?}");
    assert!(html.contains("<td>joint · Ana Costa</td>"), "{html}");
}
