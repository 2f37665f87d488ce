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

    let out = botdash(&db, &["score", "no-such"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no engagement with the slug 'no-such'"));
}

#[test]
fn as_of_decides_which_documents_are_stale() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    assert!(new(&db, &["--slug", "acme"]).status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "UPDATE doc_item SET status = 'approved', last_reviewed_at = '2026-01-01', \
         review_interval_days = 30",
    )
    .unwrap();
    drop(conn);
    let docs = |as_of: &str| {
        let out = botdash(&db, &["score", "acme", "--json", "--as-of", as_of]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["dimensions"][4]["value"].as_f64().unwrap()
    };
    assert_eq!(docs("2026-01-31"), 1.0);
    assert_eq!(docs("2026-02-01"), 0.5);
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
