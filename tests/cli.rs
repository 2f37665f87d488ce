//! The command line as a script would use it: output on stdout, one sentence on stderr,
//! exit status 2 for bad input, and nothing written when refused. The score and its checks
//! are in `cli_score.rs`; import, export and `doctor` in `cli_files.rs`.

mod common;

use std::fs::Permissions;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use common::cli::{botdash, new, stderr, stdout};

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
