//! The real binary in a pseudo-terminal: what a new user does on the first day.

mod common;

use common::Tui;

#[test]
fn create_an_engagement_quit_reopen_and_it_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("botdash.db");

    let mut tui = Tui::start(&db, &[], 80, 24);
    tui.wait_for("Welcome to botdash");
    tui.send("a");
    tui.wait_for("New engagement");
    // Client, Name, then past Slug and Start to Transfer.
    tui.send("Nordwind\tFleet portal\t\t\t2026-02-30\r");
    tui.wait_for("'2026-02-30' is not a valid date");
    tui.send(&"\x7f".repeat(10));
    tui.send("2027-09-01\r");
    tui.wait_for("Nordwind · Fleet portal");
    tui.wait_for("created engagement 'nordwind-fleet-portal'");
    tui.send("2");
    tui.wait_for("To do (");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert!(tui.is_cooked(), "raw mode is off after quitting");

    let mut tui = Tui::start(&db, &[], 80, 24);
    tui.wait_for("Nordwind · Fleet portal");
    tui.wait_for("Plan");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let store = botdash::store::Store::open(&db).unwrap();
    let data = store.load(store.engagement_by_slug("nordwind-fleet-portal").unwrap()).unwrap();
    assert_eq!(data.engagement.planned_transfer_date.unwrap().to_string(), "2027-09-01");
}

#[test]
fn the_terminal_is_restored_on_sigterm_and_sighup() {
    for signal in [nix::sys::signal::Signal::SIGTERM, nix::sys::signal::Signal::SIGHUP] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("botdash.db");
        let mut tui = Tui::start(&db, &[], 80, 24);
        tui.wait_for("Welcome to botdash");
        assert!(!tui.is_cooked(), "raw mode while running");
        let pid = nix::unistd::Pid::from_raw(tui.pid() as i32);
        nix::sys::signal::kill(pid, signal).unwrap();
        tui.wait_exit();
        assert!(tui.is_cooked(), "raw mode is off after {signal}");
        let tail =
            String::from_utf8_lossy(&tui.raw[tui.raw.len().saturating_sub(64)..]).into_owned();
        assert!(tail.contains("\x1b[?1049l"), "left the alternate screen after {signal}: {tail:?}");
        assert!(tail.contains("\x1b[?25h"), "cursor shown after {signal}: {tail:?}");
        let all = String::from_utf8_lossy(&tui.raw);
        for mouse in ["\x1b[?1000h", "\x1b[?1002h", "\x1b[?1003h", "\x1b[?1006h"] {
            assert!(!all.contains(mouse), "mouse reporting is never turned on");
        }
    }
}

#[test]
fn a_read_only_database_says_so() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("botdash.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_botdash"))
        .args(["--db", db.to_str().unwrap(), "new", "--client", "ACME", "--name", "Billing"])
        .output()
        .unwrap();
    assert!(out.status.success());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut tui = Tui::start(&db, &[], 100, 30);
    tui.wait_for("READ-ONLY");
    tui.wait_for("ACME · Billing");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn a_card_added_and_moved_to_done_is_there_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    let mut tui = Tui::start(&db, &[], 100, 30);
    tui.wait_for("ACME · Billing");
    tui.send("2");
    tui.wait_for("To do (");
    tui.send("aWrite the runbook\r");
    tui.wait_for("added card 'Write the runbook'");
    tui.send("LLL");
    tui.wait_for("moved 'Write the runbook' to Done");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);

    let mut tui = Tui::start(&db, &[], 100, 30);
    tui.wait_for("ACME · Billing");
    tui.send("2");
    tui.wait_for("Done (1)");
    tui.wait_for("Write the runbook");
    tui.send("q");
    tui.wait_exit();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let status: String = conn
        .query_row("SELECT status FROM task WHERE title = 'Write the runbook'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "done");
}

#[test]
fn long_text_is_edited_in_the_editor_and_a_failing_editor_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf 'written in the editor\\nsecond line\\n' > \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();

    let mut tui = Tui::start_with_env(&db, &[], 100, 30, &[("EDITOR", editor.to_str().unwrap())]);
    tui.wait_for("ACME · Billing");
    tui.send("2aNotes card\r");
    tui.wait_for("added card 'Notes card'");
    tui.send("E");
    tui.wait_for("written in the editor");
    tui.send("\r");
    tui.wait_for("edited card 'Notes card'");
    tui.send("q");
    tui.wait_exit();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let notes: String = conn
        .query_row("SELECT notes FROM task WHERE title = 'Notes card'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(notes, "written in the editor\nsecond line");
    drop(conn);

    let mut tui = Tui::start_with_env(&db, &[], 100, 30, &[("EDITOR", "false")]);
    tui.wait_for("ACME · Billing");
    tui.send("2");
    tui.wait_for("Notes card");
    // The new card is last in To do.
    tui.send("GE");
    tui.wait_for("the editor 'false' failed");
    assert!(!tui.is_cooked(), "back in the TUI after the editor failed");
    tui.send("\x1b");
    tui.wait_until_gone("Edit card");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let notes: String = conn
        .query_row("SELECT notes FROM task WHERE title = 'Notes card'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(notes, "written in the editor\nsecond line", "unchanged");
}

#[test]
fn a_line_the_editor_appends_stays_a_line_of_its_own() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    let editor = dir.path().join("append.sh");
    std::fs::write(&editor, "#!/bin/sh\necho 'appended by editor' >> \"$1\"\n").unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let notes = |db: &std::path::Path| -> String {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.query_row("SELECT notes FROM task WHERE title = 'Notes card'", [], |r| r.get(0))
            .unwrap()
    };

    let mut tui = Tui::start_with_env(&db, &[], 100, 30, &[("EDITOR", editor.to_str().unwrap())]);
    tui.wait_for("ACME · Billing");
    // Ctrl-e in the new card's Notes field (after Title, Side and Due).
    tui.send("2aNotes card\t\t\tLine one\x05");
    tui.wait_for("appended by editor");
    tui.send("\r");
    tui.wait_for("added card 'Notes card'");
    // E on the card: its notes go out and come back with one more line, no blank one.
    tui.send("E");
    tui.wait_for("Edit card");
    tui.send("\r");
    tui.wait_for("edited card 'Notes card'");
    tui.send("q");
    tui.wait_exit();
    assert_eq!(notes(&db), "Line one\nappended by editor\nappended by editor");
}

#[test]
fn the_tui_keeps_as_much_undo_history_as_the_config_says() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    std::fs::create_dir_all(dir.path().join("botdash")).unwrap();
    std::fs::write(dir.path().join("botdash/config.toml"), "[history]\nkeep = 2\n").unwrap();
    let mut tui = Tui::start(&db, &[], 100, 30);
    tui.wait_for("ACME · Billing");
    tui.send("2");
    for card in ["One", "Two", "Three"] {
        tui.send(&format!("a{card}\r"));
        tui.wait_for(&format!("added card '{card}'"));
    }
    tui.send("q");
    tui.wait_exit();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let kept: Vec<String> = conn
        .prepare("SELECT summary FROM change_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kept, ["added card 'Two'", "added card 'Three'"]);
}

#[test]
fn ctrl_z_suspends_to_the_shell_and_fg_brings_the_screen_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    let mut shell = Tui::shell(100, 30);
    shell.send(&format!("{} --db {}\r", env!("CARGO_BIN_EXE_botdash"), db.display()));
    shell.wait_for("ACME · Billing");
    shell.send("\x1a");
    shell.wait_for("Stopped");
    shell.send("echo still-here\r");
    shell.wait_for("still-here");
    shell.send("fg\r");
    shell.wait_for("ACME · Billing");
    shell.send("2");
    shell.wait_for("To do (");
    shell.send("q");
    shell.wait_until_gone("To do (");
    shell.send("exit\r");
    shell.wait_exit();
}

#[test]
fn the_terminal_is_restored_after_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("botdash.db");
    let mut tui = Tui::start_with_env(&db, &[], 80, 24, &[("BOTDASH_TEST_PANIC", "1")]);
    tui.wait_for("Welcome to botdash");
    assert!(!tui.is_cooked());
    tui.send("\x1b[24~"); // F12
    assert_ne!(tui.wait_exit(), 0);
    assert!(tui.is_cooked(), "raw mode is off after the panic");
    let output = String::from_utf8_lossy(&tui.raw).into_owned();
    let left = output.rfind("\x1b[?1049l").expect("left the alternate screen");
    let report = output.find("a test asked for a panic").expect("the panic is reported");
    assert!(left < report, "the terminal was restored before the report was printed");
}

#[test]
fn an_outside_sigtstp_gives_the_terminal_back_and_sigcont_brings_the_screen_back() {
    use nix::sys::signal::{Signal, kill};
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    let mut tui = Tui::start(&db, &[], 100, 30);
    tui.wait_for("ACME · Billing");
    let pid = nix::unistd::Pid::from_raw(tui.pid() as i32);
    let before = tui.raw.len();
    kill(pid, Signal::SIGTSTP).unwrap();
    tui.wait_until_gone("ACME · Billing");
    let state = || std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let stopped = || state().rsplit(')').next().unwrap().trim_start().starts_with('T');
    let until = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !stopped() {
        assert!(std::time::Instant::now() < until, "never stopped: {}", state());
        tui.settle();
    }
    tui.settle();
    assert!(tui.is_cooked(), "raw mode is off while stopped");
    let written = String::from_utf8_lossy(&tui.raw[before..]).into_owned();
    assert!(written.contains("\x1b[?1049l"), "left the alternate screen: {written:?}");
    assert!(written.contains("\x1b[?25h"), "cursor shown: {written:?}");

    kill(pid, Signal::SIGCONT).unwrap();
    tui.wait_for("ACME · Billing");
    assert!(!tui.is_cooked(), "raw mode again");
    tui.send("2");
    tui.wait_for("To do (");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn two_windows_a_stale_space_does_not_move_back_the_card_the_other_moved() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    let mut a = Tui::start(&db, &[], 100, 30);
    a.wait_for("ACME · Billing");
    a.send("2aWrite the runbook\r");
    a.wait_for("added card 'Write the runbook'");
    let mut b = Tui::start(&db, &[], 100, 30);
    b.wait_for("ACME · Billing");
    b.send("2G");
    b.wait_for("Write the runbook");

    a.send("LLL");
    a.wait_for("moved 'Write the runbook' to Done");
    b.send(" ");
    b.wait_for("'Write the runbook' was changed in another window");
    b.wait_for("Done (1)");
    for tui in [&mut a, &mut b] {
        tui.send("q");
        assert_eq!(tui.wait_exit(), 0);
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let status: String = conn
        .query_row("SELECT status FROM task WHERE title = 'Write the runbook'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "done");
}
