//! The command line as a script would use it: output on stdout, one sentence on stderr,
//! exit status 2 for bad input, and nothing written when refused.

use std::fs::Permissions;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

fn botdash(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_botdash"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BOTDASH_DB")
        .output()
        .expect("botdash runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn new(db: &Path, extra: &[&str]) -> Output {
    let mut args =
        vec!["new", "--client", "ACME Corp", "--name", "Billing", "--start", "2026-01-05"];
    args.extend_from_slice(extra);
    botdash(db, &args)
}

#[test]
fn new_prints_the_slug_and_list_shows_the_engagement() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let out = new(&db, &["--transfer", "2026-10-05"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "acme-corp-billing\n");

    let out = botdash(&db, &["list"]);
    assert!(stdout(&out).contains("acme-corp-billing"));
    assert!(stdout(&out).contains("ACME Corp"));
    let out = botdash(&db, &["list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["slug"], "acme-corp-billing");
    assert_eq!(rows[0]["phase"], "plan");
    assert_eq!(rows[0]["level"], "L0");
    assert_eq!(rows[0]["docs_percent"], 0);
}

#[test]
fn bad_input_is_refused_with_one_sentence_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(new(&db, &["--slug", "acme"]).status.success());
    let cases: [(&[&str], &str); 4] = [
        (&["new", "--client", "X", "--name", "Y", "--start", "2026-02-30"], "not a valid date"),
        (&["new", "--client", "X", "--name", "  ", "--slug", "x"], "the name must not be empty"),
        (&["new", "--client", "X", "--name", "Y", "--slug", "acme"], "already exists"),
        (
            &[
                "new",
                "--client",
                "X",
                "--name",
                "Y",
                "--start",
                "2026-05-01",
                "--transfer",
                "2026-04-01",
            ],
            "must be after the start",
        ),
    ];
    for (args, message) in cases {
        let out = botdash(&db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty());
        assert_eq!(
            botdash(&db, &["list", "--json"]).stdout.iter().filter(|b| **b == b'{').count(),
            1
        );
    }
}

#[test]
fn score_prints_every_dimension_and_check_sets_the_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    assert!(botdash(&db, &["demo", "--save", db.to_str().unwrap()]).status.success());
    let out = botdash(&db, &["score", "nordwind-fleet", "--json", "--check"]);
    assert_eq!(out.status.code(), Some(1), "below the threshold of 80");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["engagement"], "nordwind-fleet");
    assert_eq!(json["threshold"], 80);
    let names: Vec<&str> = json["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["staffing", "skills", "kt", "responsibilities", "docs"]);
    let points: f64 =
        json["dimensions"].as_array().unwrap().iter().map(|d| d["points"].as_f64().unwrap()).sum();
    assert!((points - json["score"].as_f64().unwrap()).abs() < 0.3);

    let text = stdout(&botdash(&db, &["score", "nordwind-fleet"]));
    assert!(text.contains("Knowledge transfer") && text.contains("threshold 80"), "{text}");
    let criteria = text.split("Unmet criteria of the Operate gate:\n").nth(1).unwrap_or_default();
    assert!(criteria.contains("  - Critical documents approved: "), "{text}");
    assert!(!criteria.contains("more)"), "every unmet criterion, each in full");
    // The points add up to the total as printed.
    let tenths = |line: &str| {
        let points = line.split_whitespace().last().unwrap();
        (points.parse::<f64>().unwrap() * 10.0).round() as i64
    };
    let lines: Vec<&str> = text.lines().skip(4).take(6).collect();
    let sum: i64 = lines[..5].iter().map(|l| tenths(l)).sum();
    assert!(lines[5].starts_with("total"), "{text}");
    assert_eq!(sum, tenths(lines[5]));

    let out = botdash(&db, &["score", "no-such"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no engagement with the slug 'no-such'"));
}

fn real_today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn score_json(db: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["score", "acme", "--json"];
    args.extend_from_slice(extra);
    let out = botdash(db, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_later_as_of_day_decides_which_documents_are_stale_by_then() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(new(&db, &["--slug", "acme"]).status.success());
    let today = real_today();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE doc_item SET status = 'approved', last_reviewed_at = ?1, review_interval_days = 30",
        [today.to_string()],
    )
    .unwrap();
    drop(conn);
    let docs = |as_of: chrono::NaiveDate| {
        score_json(&db, &["--as-of", &as_of.to_string()])["dimensions"][4]["value"].as_f64()
    };
    let later = score_json(&db, &["--as-of", &(today + chrono::Days::new(31)).to_string()]);
    assert_eq!(later["records_of"], today.to_string());
    assert_eq!(docs(today + chrono::Days::new(30)), Some(1.0));
    assert_eq!(docs(today + chrono::Days::new(31)), Some(0.5));
    let later = (today + chrono::Days::new(31)).to_string();
    let text = stdout(&botdash(&db, &["score", "acme", "--as-of", &later]));
    assert!(
        text.contains(&format!("Evaluated on {later} from today's records ({today})")),
        "{text}"
    );
}

#[test]
fn a_past_as_of_day_shows_what_was_recorded_that_day_or_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(new(&db, &["--slug", "acme"]).status.success());
    let past = (real_today() - chrono::Days::new(10)).to_string();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO readiness_snapshot (engagement_id, day, score, staffing, skills, kt, \
         responsibilities, docs, level) SELECT id, ?1, 37.8, 0.5, 0.2, 0.4, 0.3, 0.6, 'L1' FROM engagement",
        [&past],
    )
    .unwrap();
    drop(conn);
    let json = score_json(&db, &["--as-of", &past]);
    assert_eq!(json["recorded"]["score"], 37.8, "that day's figure, not today's");
    assert_eq!(json["recorded"]["level"], "L1");
    let text = stdout(&botdash(&db, &["score", "acme", "--as-of", &past]));
    assert!(
        text.contains(&format!("Readiness 37.8 / 100 — L1 Observing, as recorded on {past}")),
        "{text}"
    );
    assert!(text.contains("Documentation         60.0 %"), "{text}");

    // A snapshot written before scores were rounded once decides as it is shown.
    let raw = (real_today() - chrono::Days::new(12)).to_string();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "INSERT INTO readiness_snapshot (engagement_id, day, score, staffing, skills, kt, \
         responsibilities, docs, level) SELECT id, ?1, 95.95, 1, 1, 1, 1, 0.73, 'L2' FROM engagement",
        [&raw],
    )
    .unwrap();
    conn.execute("UPDATE engagement SET readiness_threshold = 96", []).unwrap();
    drop(conn);
    assert_eq!(score_json(&db, &["--as-of", &raw])["recorded"]["score"], 96.0);
    let check = |what: &str| {
        botdash(&db, &["score", "acme", "--as-of", &raw, "--check", what]).status.code()
    };
    assert_eq!(check("score"), Some(0), "96.0 as shown reaches 96");
    assert_eq!(check("transfer"), Some(1), "L2 as recorded");

    let unrecorded = (real_today() - chrono::Days::new(11)).to_string();
    let out = botdash(&db, &["score", "acme", "--as-of", &unrecorded]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!("no readiness was recorded for 'acme' on {unrecorded}")),
        "{}",
        stderr(&out)
    );
    let out = botdash(&db, &["report", "acme", "--as-of", &past]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains(&format!("does not keep the records of {past}")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_passes_only_a_transfer_ready_engagement_and_check_score_the_threshold_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(new(&db, &["--slug", "acme"]).status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE engagement SET readiness_threshold = 0", []).unwrap();
    drop(conn);
    let json = score_json(&db, &[]);
    assert_eq!(
        (json["threshold_met"].as_bool(), json["transfer_ready"].as_bool()),
        (Some(true), Some(false))
    );
    let status = |extra: &[&str]| {
        let mut args = vec!["score", "acme"];
        args.extend_from_slice(extra);
        botdash(&db, &args).status.code()
    };
    assert_eq!(status(&["--check"]), Some(1), "L0 is not transfer-ready, whatever the score");
    assert_eq!(status(&["--check", "transfer"]), Some(1));
    assert_eq!(status(&["--check", "score"]), Some(0), "0 reaches the threshold 0");
    assert_eq!(status(&[]), Some(0));
    let help = stdout(&botdash(&db, &["score", "--help"]));
    assert!(help.contains("transfer-ready (level L3"), "{help}");
}

#[test]
fn score_json_carries_the_findings_every_loss_and_the_unmet_gate_criteria() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(new(&db, &["--slug", "acme", "--template", "standard"]).status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("DELETE FROM person; DELETE FROM role;").unwrap();
    drop(conn);
    let json = score_json(&db, &[]);
    assert_eq!(json["empty_dimensions"][0], "no roles planned");
    assert_eq!(json["dimensions"][0]["finding"], "no roles planned");
    let docs: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM doc_item WHERE NOT not_applicable", [], |r| r.get(0))
        .unwrap();
    let doc_losses =
        json["losses"].as_array().unwrap().iter().filter(|l| l["dimension"] == "docs").count();
    assert_eq!(doc_losses as i64, docs, "every document costs points, and each is listed");
    let unmet = json["unmet_gate_criteria"].as_array().unwrap();
    assert!(unmet.iter().any(|u| u["phase"] == "plan"), "{unmet:?}");
    let critical_docs = unmet
        .iter()
        .find(|u| u["title"].as_str().unwrap().starts_with("Critical documents approved"))
        .unwrap();
    assert!(!critical_docs["reason"].as_str().unwrap().contains("more)"), "the full list");
    assert_eq!(json["forecast"]["pace"]["state"], "not_enough_history");
}

#[test]
fn invalid_weights_are_refused_on_the_way_in_and_reported_when_found() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(new(&db, &["--slug", "acme"]).status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    let percent_style = r#"{"staffing":20,"skills":25,"kt":15,"responsibilities":25,"docs":15}"#;
    let refused = conn.execute("UPDATE engagement SET weights_json = ?1", [percent_style]);
    assert!(refused.unwrap_err().to_string().contains("must each be from 0 to 1 and sum to 1"));
    let negative = r#"{"staffing":-1,"skills":0.5,"kt":0.5,"responsibilities":0.5,"docs":0.5}"#;
    assert!(conn.execute("UPDATE engagement SET weights_json = ?1", [negative]).is_err());
    // A file written before the rule, or edited past it.
    conn.execute_batch("DROP TRIGGER engagement_weights_valid_update").unwrap();
    conn.execute("UPDATE engagement SET weights_json = ?1", [percent_style]).unwrap();
    drop(conn);
    let json = score_json(&db, &[]);
    let points: f64 =
        json["dimensions"].as_array().unwrap().iter().map(|d| d["points"].as_f64().unwrap()).sum();
    assert!(points <= 100.0, "scored with the default weights, not 1500 points: {points}");
    assert!(json["dimensions"][0]["weight"] == 0.2);
    let warning = json["warnings"][0].as_str().unwrap();
    assert!(
        warning.starts_with("weights not valid (each weight must be between 0 and 1)"),
        "{warning}"
    );
    assert!(stdout(&botdash(&db, &["score", "acme"])).contains("Weights not valid"));
    let doctor = botdash(&db, &["doctor"]);
    assert_eq!(doctor.status.code(), Some(1));
    assert!(stdout(&doctor).contains("weights of 'acme' not valid"), "{}", stdout(&doctor));

    let export = dir.path().join("x.json");
    let text = std::fs::read_to_string({
        assert!(
            botdash(
                &dir.path().join("c.db"),
                &["new", "--client", "B", "--name", "C", "--slug", "b"]
            )
            .status
            .success()
        );
        assert!(
            botdash(&dir.path().join("c.db"), &["export", "-o", export.to_str().unwrap()])
                .status
                .success()
        );
        &export
    })
    .unwrap();
    let hostile = text.replace("\"weights\": null", &format!("\"weights\": {negative}"));
    assert_ne!(hostile, text);
    std::fs::write(&export, hostile).unwrap();
    let out = botdash(&dir.path().join("d.db"), &["import", export.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("nothing was imported"), "{}", stderr(&out));
}

#[test]
fn a_template_with_an_error_names_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let template = dir.path().join("mine.toml");
    std::fs::write(&template, "name = \"mine\"\n[weeks]\nplan = 1\nbuild = \"two\"\n").unwrap();
    let out = new(&db, &["--template", template.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("mine.toml: line 4:"), "{err}");
    assert!(!db.exists(), "nothing was created");
    // Weeks beyond any engagement's length used to overflow the calendar.
    let weeks = "name = \"mine\"\n[weeks]\nplan = 1\nbuild = 1\noperate = 1\ntransfer = 1\n\
                 [[task]]\ntitle = \"t\"\nphase = \"plan\"\ndue_week = 4000000000\n";
    std::fs::write(&template, weeks).unwrap();
    let out = new(&db, &["--template", template.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("line 10: weeks must be 0 to 520, not 4000000000"));
    assert!(!db.exists(), "nothing was created");
    // A start so late that the plan runs past the year 9999 leaves those days out.
    let late = ["new", "--client", "A", "--name", "B", "--slug", "late", "--start", "9999-12-01"];
    let out = botdash(&db, &late);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(botdash(&db, &["score", "late"]).status.success());
}

#[test]
fn demo_save_never_replaces_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keep.db");
    std::fs::write(&path, "precious").unwrap();
    let out = botdash(&dir.path().join("x.db"), &["demo", "--save", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
}

#[test]
fn a_foreign_file_gets_one_sentence_and_exit_status_two() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "x".repeat(500)).unwrap();
    let out = botdash(&path, &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("is not a botdash database"));
    assert_eq!(std::fs::read(&path).unwrap(), "x".repeat(500).as_bytes());
}

#[test]
fn an_unknown_engagement_to_open_or_a_broken_config_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(new(&db, &[]).status.success());
    // Refused before the terminal is taken: no TUI starts, one sentence, status 2.
    let out = botdash(&db, &["--open", "nosuch", "--screen", "health"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no engagement with the slug 'nosuch' (see `botdash list`)"),
        "{}",
        stderr(&out)
    );

    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[history]\nkeep = \"many\"\n").unwrap();
    let config_arg = config.to_str().unwrap();
    let out = botdash(&db, &["--config", config_arg, "config"]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    assert!(stderr(&out).contains("line 2"), "{}", stderr(&out));
    std::fs::write(&config, "[history]\nkeep = 50\n").unwrap();
    // The statuses a script relies on are in the help, as in the README.
    let help = stdout(&botdash(&db, &["--help"]));
    assert!(help.contains("Exit status: 0 done; 1 when"), "{help}");
    assert!(help.contains("2 for bad input"), "{help}");
    let out = botdash(&db, &["--config", config_arg, "config"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("valid"), "{}", stdout(&out));
}

#[test]
fn a_missing_folder_or_a_read_only_one_gets_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let out = botdash(&dir.path().join("no/such/folder.db"), &["list"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out).lines().count(), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("/no/such does not exist"), "{}", stderr(&out));
    assert!(!dir.path().join("no").exists());

    let db = dir.path().join("b.db");
    assert!(new(&db, &[]).status.success());
    std::fs::set_permissions(dir.path(), Permissions::from_mode(0o555)).unwrap();
    let listed = botdash(&db, &["list"]);
    let refused = new(&db, &["--slug", "second"]);
    std::fs::set_permissions(dir.path(), Permissions::from_mode(0o700)).unwrap();
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert!(stdout(&listed).contains("acme-corp-billing"), "{}", stdout(&listed));
    assert!(!refused.status.success());
    assert_eq!(stderr(&refused).lines().count(), 1, "{}", stderr(&refused));
    assert!(stderr(&refused).contains("read-only"), "{}", stderr(&refused));
}

#[test]
fn the_database_path_comes_from_the_environment_or_xdg() {
    let dir = tempfile::tempdir().unwrap();
    let via_env = dir.path().join("env.db");
    let out = Command::new(env!("CARGO_BIN_EXE_botdash"))
        .args(["new", "--client", "A", "--name", "B"])
        .env("BOTDASH_DB", &via_env)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(via_env.exists());

    let out = Command::new(env!("CARGO_BIN_EXE_botdash"))
        .args(["new", "--client", "A", "--name", "B"])
        .env_remove("BOTDASH_DB")
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("data/botdash/botdash.db").exists());
}

#[test]
fn the_large_demo_has_the_promised_size() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("large.db");
    let out = botdash(&db, &["demo", "--save", db.to_str().unwrap(), "--size", "large"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM engagement"), 50);
    assert_eq!(count("SELECT count(*) FROM task"), 10_000);
    assert_eq!(count("SELECT count(*) FROM person"), 1_500);
    assert_eq!(count("SELECT count(*) FROM doc_item"), 3_000);
    assert_eq!(
        count(
            "SELECT min(c) FROM (SELECT count(*) c FROM readiness_snapshot GROUP BY engagement_id)"
        ),
        365
    );
    assert!(
        count(
            "SELECT max(c) FROM (SELECT count(*) c FROM task GROUP BY engagement_id, phase, status)"
        ) >= 1_000
    );
}

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
fn every_command_keeps_the_undo_history_the_config_sets() {
    use botdash::model::TaskField;
    use botdash::records::FieldValue;
    use botdash::store::Store;
    use botdash::store::command::Command;
    use botdash::store::edit::Table;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(new(&db, &["--slug", "acme"]).status.success());
    let mut store = Store::open(&db).unwrap();
    let engagement = store.engagement_by_slug("acme").unwrap().id;
    let task: String =
        store.connection().query_row("SELECT id FROM task LIMIT 1", [], |r| r.get(0)).unwrap();
    for i in 0..150 {
        let values = vec![(TaskField::Title.into(), FieldValue::Text(format!("Step {i}")))];
        let op = Command::Patch { table: Table::Task, id: task.clone(), values, shown: Vec::new() };
        store.execute(Some(&engagement), "renamed a task", &[op]).unwrap();
    }
    drop(store);
    let edits = || -> i64 {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))
            .unwrap()
    };
    assert!(edits() > 150);
    let config = dir.path().join("config.toml");
    let prune = |extra: &[&str]| {
        let mut args = vec!["--config", config.to_str().unwrap(), "prune-history"];
        args.extend_from_slice(extra);
        let out = botdash(&db, &args);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };

    // No config file: the default is the TUI's, 1,000 edits.
    assert_eq!(prune(&[]), "removed 0 old edits from the undo history\n");
    std::fs::write(&config, "[history]\nkeep = 120\n").unwrap();
    prune(&[]);
    assert_eq!(edits(), 120);
    // An edit on the command line prunes to the config's number, as the TUI does.
    std::fs::write(&config, "[history]\nkeep = 5\n").unwrap();
    let template = dir.path().join("extra.toml");
    std::fs::write(
        &template,
        "[[doc]]\ncategory = \"Ops\"\ntitle = \"Pager list\"\ncriticality = 2\n",
    )
    .unwrap();
    let args = ["--config", config.to_str().unwrap(), "docs", "apply-template", "acme"];
    let out = botdash(&db, &[&args[..], &[template.to_str().unwrap()]].concat());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(edits(), 5);
    // A config with a mistake is not taken for the default: nothing is pruned on a guess.
    std::fs::write(&config, "[history]\nkeep = 0\n").unwrap();
    let out = botdash(&db, &["--config", config.to_str().unwrap(), "prune-history"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("the config file has a mistake"), "{}", stderr(&out));
    assert_eq!(edits(), 5);
    assert_eq!(prune(&["--keep", "2"]), "removed 3 old edits from the undo history\n");
}

/// Runs botdash like `botdash`, but fails the test instead of waiting forever for it.
fn botdash_or_hang(db: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_botdash"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BOTDASH_DB")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("botdash runs");
    for _ in 0..600 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.kill().unwrap();
    panic!("botdash {args:?} hung on {}", db.display());
}

#[test]
fn a_fifo_or_a_folder_as_the_database_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.db");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for (path, what) in [(fifo.as_path(), "a FIFO"), (dir.path(), "a folder")] {
        for args in [&["list"][..], &["doctor"], &[]] {
            let out = botdash_or_hang(path, args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let expected = format!("{} is {what}, not a database file", path.display());
            assert!(stderr(&out).contains(&expected), "{args:?}: {}", stderr(&out));
        }
    }
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

#[test]
fn the_dashboard_without_a_terminal_says_so_instead_of_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    new(&db, &[]);
    for args in [&[][..], &["demo"][..]] {
        let out = botdash(&db, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("the dashboard needs a terminal"), "{}", stderr(&out));
        assert!(out.stdout.is_empty(), "nothing drawn into a pipe");
    }
}
