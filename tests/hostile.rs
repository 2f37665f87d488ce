//! Hostile text in records (escape sequences, control characters, bidi overrides, wide and
//! joined characters, very long lines) is shown safely: nothing of it reaches the terminal raw.
//! And an input file that is no file at all, or far too large, is refused without a wait.

mod common;

use common::Tui;

const EVIL_TITLE: &str = "\x1b]0;PWNED\x07\x1b[31mEVIL\x1b[0m \u{202e}txt.exe\u{202c} \u{9b}31m \
     bell\x07 \u{2066}iso\u{2069} line\u{2028}para\u{2029}";

fn hostile_db(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("botdash.db");
    let botdash = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_botdash"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        out
    };
    botdash(&[
        "new",
        "--client",
        "\x1b[2JWipe\x1bP+q\x1b\\",
        "--name",
        "東京 👩\u{200d}💻 Ops",
        "--slug",
        "evil",
    ]);
    botdash(&["new", "--client", "Plain", "--name", "Neighbour", "--slug", "plain"]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE task SET title = ?1 WHERE rowid = (SELECT min(rowid) FROM task)",
        [EVIL_TITLE],
    )
    .unwrap();
    conn.execute("UPDATE task SET notes = ?1", [&"x".repeat(4000)]).unwrap();
    conn.execute(
        "UPDATE task SET notes = ?1 WHERE rowid = (SELECT min(rowid) FROM task)",
        [format!("{EVIL_TITLE}\nsecond line")],
    )
    .unwrap();
    conn.execute(
        "UPDATE doc_item SET owner = ?1",
        [&format!("\x1b]8;;http://evil\x07link{}", "y".repeat(4000))],
    )
    .unwrap();
    // The Health screen's lists and a sync conflict carry it too.
    for sql in [
        "INSERT INTO risk (id, engagement_id, title, category, likelihood, impact, owner, \
         mitigation, trigger_event) SELECT 'r' || id, id, ?1, ?1, 3, 3, ?1, ?1, ?1 FROM engagement",
        "INSERT INTO cost_entry (id, engagement_id, phase, category, day, amount, note) \
         SELECT 'c' || id, id, 'plan', ?1, '2026-01-10', 100, ?1 FROM engagement",
        "INSERT INTO budget_line (id, engagement_id, phase, category, planned) \
         SELECT 'b' || id, id, 'plan', ?1, 1000 FROM engagement",
        "INSERT INTO user_test (id, engagement_id, day, target_group, scenario, findings) \
         SELECT 'u' || id, id, '2026-01-10', ?1, ?1, ?1 FROM engagement",
        "INSERT INTO integration (id, engagement_id, system, data_objects, frequency, owner) \
         SELECT 'i' || id, id, ?1, ?1, ?1, ?1 FROM engagement",
        "INSERT INTO lesson (id, engagement_id, phase, went_well, went_badly, recommendation, \
         owner) SELECT 'l' || id, id, 'plan', ?1, ?1, ?1, ?1 FROM engagement",
        "INSERT INTO sync_conflict (id, tbl, row_key, col, kind, mine, theirs, source, \
         found_at) VALUES ('x', 'task', '{\"id\": \"nope\"}', 'title', 'both_changed', \
         json_quote(?1), json_quote(?1), ?1, '2026-01-10')",
    ] {
        conn.execute(sql, [EVIL_TITLE]).unwrap();
    }
    db
}

/// The escape sequences and characters the hostile data carries, which must never be
/// written to the terminal as they are.
const FORBIDDEN: &[&str] = &[
    "\x1b]0;PWNED",
    "\x1b[31mEVIL",
    "\x1b[2JWipe",
    "\x1bP+q",
    "\x1b]8;;",
    "\u{202e}",
    "\u{9b}",
    "\x07",
    "\u{2066}",
    "\u{2028}",
    "\u{2029}",
];

#[test]
fn no_escape_sequence_of_the_data_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_db(dir.path());
    let mut tui = Tui::start(&db, &[], 120, 40);
    tui.wait_for("Neighbour");
    let screen = tui.screen();
    // Columns stay aligned: the phase column starts at the same place on both rows.
    let rows: Vec<&str> = screen.lines().filter(|l| l.contains("Plan")).collect();
    assert_eq!(rows.len(), 2, "{screen}");
    let widths: Vec<usize> = rows
        .iter()
        .map(|r| unicode_width::UnicodeWidthStr::width(&r[..r.find("Plan").unwrap()]))
        .collect();
    assert_eq!(widths[0], widths[1], "{rows:?}");
    for keys in ["\r", "2", "e", "\x1b", "3", "]", "]", "4", "5", "]", "]", "]", "]", "C", "?"] {
        tui.send(keys);
        tui.settle();
    }
    tui.send("\x1b");
    tui.wait_until_gone("Help:");
    tui.send("q");
    tui.wait_exit();
    let raw = String::from_utf8_lossy(&tui.raw).into_owned();
    for forbidden in FORBIDDEN {
        assert!(!raw.contains(forbidden), "{forbidden:?} reached the terminal");
    }
    assert!(raw.contains("^[[31mEVIL") || raw.contains("EVIL"), "the text itself is shown");
    for screen in ["Heat map", "Lessons learned (1)", "Sync conflicts (1)"] {
        assert!(raw.contains(screen), "the Health views and the conflicts were shown: {screen}");
    }
}

#[test]
fn command_line_output_and_errors_are_sanitised_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_db(dir.path());
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_botdash"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    // A hand-edited file can hold what no entry lets in.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE engagement SET name = ?1 WHERE slug = 'plain'", [EVIL_TITLE]).unwrap();
    conn.execute("UPDATE engagement SET slug = ?1 WHERE slug = 'plain'", ["\x1b[2J\u{9b}31m"])
        .unwrap();
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["score", "evil", "--explain"],
        &["score", "evil", "--json"],
        &["score", "\x1b]0;x\x07"],
        &["report", "evil"],
        &["report", "evil", "--format", "json"],
        &["docs", "export", "evil", "--csv"],
    ] {
        let out = run(args);
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            for forbidden in FORBIDDEN.iter().chain(&["\x1b"]) {
                assert!(!text.contains(forbidden), "{args:?} wrote {forbidden:?}: {text:?}");
            }
        }
    }
    // JSON keeps the text exact, as escapes.
    let listed: serde_json::Value =
        serde_json::from_slice(&run(&["list", "--json"]).stdout).unwrap();
    let names: Vec<&str> =
        listed.as_array().unwrap().iter().filter_map(|e| e["name"].as_str()).collect();
    assert!(names.contains(&EVIL_TITLE), "{names:?}");
}

#[test]
fn a_report_written_to_a_file_is_sanitised_itself() {
    let dir = tempfile::tempdir().unwrap();
    let db = hostile_db(dir.path());
    for format in ["md", "html"] {
        let file = dir.path().join(format!("report.{format}"));
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_botdash"))
            .arg("--db")
            .arg(&db)
            .args(["report", "evil", "--format", format, "-o"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        // The file does not pass through the terminal's sanitising: the writer must do it.
        let text = std::fs::read_to_string(&file).unwrap();
        for forbidden in FORBIDDEN.iter().chain(&["\x1b"]) {
            assert!(!text.contains(forbidden), "the {format} report holds {forbidden:?}");
        }
        assert!(text.contains("31mEVIL"), "the task's title is shown, made visible");
    }
}

/// The binary on `db` with `args`, run with a watchdog: a command that waits on its input
/// fails the test.
fn botdash_within_a_minute(
    db: &std::path::Path,
    args: &[&str],
    config_home: &std::path::Path,
) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_botdash"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("XDG_CONFIG_HOME", config_home)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("botdash {args:?} waited on its input");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn an_input_file_that_is_a_fifo_a_device_or_too_large_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    let fifo = dir.path().join("planted");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // Sparse: larger than any export, checklist or template, without taking the disk.
    let huge = dir.path().join("huge.json");
    std::fs::File::create(&huge).unwrap().set_len(300 << 20).unwrap();
    let listed = || common::botdash(&db, &["list"]).stdout;
    let before = listed();
    for (input, why) in [
        (fifo.to_str().unwrap(), "not a regular file"),
        ("/dev/zero", "not a regular file"),
        (huge.to_str().unwrap(), "larger than"),
    ] {
        for args in [
            vec!["import", input],
            vec!["docs", "import", "acme-billing", input],
            vec!["new", "--client", "Other", "--name", "Client", "--template", input],
        ] {
            let out = botdash_within_a_minute(&db, &args, dir.path());
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains(why), "{args:?}: {stderr}");
        }
    }
    assert_eq!(listed(), before, "nothing was changed");
}

#[test]
fn a_config_file_that_is_a_fifo_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    std::fs::create_dir(dir.path().join("botdash")).unwrap();
    let fifo = dir.path().join("botdash/config.toml");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let listed = botdash_within_a_minute(&db, &["list"], dir.path());
    assert!(String::from_utf8_lossy(&listed.stdout).contains("acme-billing"));
    let checked = botdash_within_a_minute(&db, &["config"], dir.path());
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert_eq!(checked.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
}
