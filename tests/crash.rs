//! Crash safety: the real binary killed with SIGKILL in the middle of a stream of edits,
//! twenty times. Every edit the screen had shown as done must be in the database, the file
//! must pass `PRAGMA integrity_check`, and botdash must open it normally.

mod common;

use common::Tui;
use rusqlite::Connection;

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

fn edits_in_log(db: &std::path::Path) -> i64 {
    let conn = Connection::open(db).unwrap();
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(verdict, "ok");
    conn.query_row("SELECT count(*) FROM change_log WHERE summary LIKE 'moved %'", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn edits_shown_as_done_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    let mut random = Lcg(2026);
    let mut shown = 0i64;
    for run in 0..20 {
        let mut tui = Tui::start(&db, &[], 100, 30);
        tui.wait_for("ACME · Billing");
        tui.send("2");
        tui.wait_for("To do (");
        // Start on a column that has cards (earlier runs moved them along).
        for empty in ["To do (0)", "Doing (0)", "Blocked (0)"] {
            if !tui.screen().contains(empty) {
                break;
            }
            tui.send("l");
            tui.settle();
        }
        for _ in 0..random.below(6) {
            // Space moves the selected card on; the cursor follows it. From Done back to
            // To do it asks first.
            let before = tui.footer();
            tui.send(" ");
            tui.settle();
            if tui.screen().contains("┌ Confirm") {
                tui.send("y");
            }
            tui.wait_for_new_message("moved '", &before);
            shown += 1;
        }
        // One more edit, killed at a random moment around its commit.
        tui.send(" ");
        std::thread::sleep(std::time::Duration::from_micros(random.below(3000)));
        tui.kill_hard();
        let logged = edits_in_log(&db);
        assert!(
            logged >= shown,
            "run {run}: {shown} edits were shown as done, {logged} are in the database"
        );
        assert!(logged <= shown + 1, "run {run}: at most the killed edit is extra");
        shown = logged;
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_botdash"))
            .args(["--db", db.to_str().unwrap(), "list"])
            .output()
            .unwrap();
        assert!(out.status.success(), "run {run}: {}", String::from_utf8_lossy(&out.stderr));
    }
    assert!(shown >= 20, "the runs made edits: {shown}");
}

/// The dashboard's commits do not wait for the disk (so the screen shows an edit at once);
/// the frame that shows it is followed by forcing the write-ahead log to disk, before the
/// next key is read.
#[test]
fn the_frame_that_shows_an_edit_puts_it_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    let mut store = botdash::store::Store::open(&db).unwrap();
    store.defer_sync().unwrap();
    let mut app = botdash::app::App::new(store, common::today()).unwrap();
    app.defer_derived = true;
    common::keys(&mut app, "2 ");
    assert!(app.state.message.as_deref().is_some_and(|m| m.starts_with("moved '")));
    assert!(app.store().needs_sync(), "committed, not yet on disk");
    common::draw(&mut app, 100, 30);
    assert!(!app.store().needs_sync(), "on disk once drawn");
}
