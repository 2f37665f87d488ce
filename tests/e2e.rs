//! The real binary in a pseudo-terminal: what a new user does on the first day.

mod common;

use common::Tui;

#[test]
fn create_an_engagement_quit_reopen_and_it_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh/botdash.db");

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
