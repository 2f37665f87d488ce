//! Hostile text in records (escape sequences, control characters, bidi overrides, wide and
//! joined characters, very long lines) is shown safely: nothing of it reaches the terminal raw.

mod common;

use common::Tui;

const EVIL_TITLE: &str =
    "\x1b]0;PWNED\x07\x1b[31mEVIL\x1b[0m \u{202e}txt.exe\u{202c} \u{9b}31m bell\x07";

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
        "UPDATE doc_item SET owner = ?1",
        [&format!("\x1b]8;;http://evil\x07link{}", "y".repeat(4000))],
    )
    .unwrap();
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
    for keys in ["\r", "2", "3", "]", "]", "4", "?"] {
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
    for args in [
        &["list"][..],
        &["score", "evil", "--explain"],
        &["score", "\x1b]0;x\x07"],
        &["report", "evil"],
    ] {
        let out = run(args);
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !text.contains('\x1b') && !text.contains('\u{202e}') && !text.contains('\x07'),
                "{args:?}: {text:?}"
            );
        }
    }
}
