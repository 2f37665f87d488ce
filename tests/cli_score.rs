//! `botdash score` as a script reads it: every dimension, the JSON with its findings and
//! losses, the exit status of `--check`, a day in the past or the future, and weights
//! refused on the way in.

mod common;

use std::path::Path;

use common::cli::{botdash, new, stderr, stdout};

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
