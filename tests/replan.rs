//! Re-planning: moving a phase's planned end offers to shift what follows as one undoable
//! edit, keeping the others leaves a warning on screen, and the header's words about the
//! transfer match the phase.

mod common;

use botdash::app::{Action, App, Overlay, Screen};
use common::{demo_app, draw, keys, today};

/// The demo engagement `slug`, on its board.
fn board(slug: &str) -> App {
    let mut app = demo_app();
    keys(&mut app, &format!("/{slug}\r\r2"));
    assert_eq!(app.state.screen, Screen::Board);
    app
}

/// The planned start and end of the engagement's `kind` phase, and its planned transfer.
fn plan(app: &App, slug: &str, kind: &str) -> (String, String, String) {
    app.store()
        .connection()
        .query_row(
            "SELECT p.planned_start, p.planned_end, e.planned_transfer_date FROM phase p \
             JOIN engagement e ON e.id = p.engagement_id WHERE e.slug = ?1 AND p.kind = ?2",
            [slug, kind],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

fn plus(date: &str, days: u64) -> String {
    let date: chrono::NaiveDate = date.parse().unwrap();
    (date + chrono::Days::new(days)).to_string()
}

/// Opens the phase form of the board's phase and types `end` as its planned end.
fn move_end(app: &mut App, end: &str) {
    keys(app, "D\t");
    keys(app, &"\x7f".repeat(10));
    keys(app, &format!("{end}\r"));
}

fn question(app: &App) -> String {
    match &app.state.overlay {
        Some(Overlay::Confirm(confirm)) => confirm.question.clone(),
        other => panic!("no question: {other:?}"),
    }
}

/// The header line at `width` columns.
fn header(app: &mut App, width: u16) -> String {
    let terminal = draw(app, width, 30);
    let buffer = terminal.backend().buffer();
    (0..width).map(|x| buffer[(x, 0)].symbol().to_string()).collect()
}

#[test]
fn moving_builds_end_shifts_operate_transfer_and_the_planned_transfer_as_one_undoable_edit() {
    let slug = "helvetia-pim";
    let mut app = board(slug);
    let build = plan(&app, slug, "build");
    let (operate, transfer) = (plan(&app, slug, "operate"), plan(&app, slug, "transfer"));
    move_end(&mut app, &plus(&build.1, 14));
    assert_eq!(
        question(&app),
        format!(
            "Shift Operate and Transfer by +14 d, and the planned transfer to {}?",
            plus(&build.2, 14)
        )
    );
    keys(&mut app, "y");
    assert!(app.state.overlay.is_none());
    assert_eq!(plan(&app, slug, "build").1, plus(&build.1, 14));
    for (kind, before) in [("operate", &operate), ("transfer", &transfer)] {
        let after = plan(&app, slug, kind);
        assert_eq!((after.0, after.1), (plus(&before.0, 14), plus(&before.1, 14)), "{kind}");
    }
    assert_eq!(plan(&app, slug, "build").2, plus(&build.2, 14));
    assert!(!header(&mut app, 160).contains("overlaps"));

    keys(&mut app, "u");
    assert_eq!(plan(&app, slug, "build"), build);
    assert_eq!(plan(&app, slug, "operate"), operate);
    assert_eq!(plan(&app, slug, "transfer"), transfer);
}

#[test]
fn keeping_the_other_phases_moves_one_and_the_header_warns_of_the_overlap() {
    let slug = "nordwind-fleet";
    let mut app = board(slug);
    let (operate, transfer) = (plan(&app, slug, "operate"), plan(&app, slug, "transfer"));
    move_end(&mut app, &plus(&operate.1, 14));
    assert!(question(&app).starts_with("Shift Transfer by +14 d"), "{}", question(&app));
    keys(&mut app, "n");
    assert!(app.state.overlay.is_none());
    assert_eq!(plan(&app, slug, "operate").1, plus(&operate.1, 14));
    assert_eq!(plan(&app, slug, "transfer"), transfer);
    assert!(header(&mut app, 160).contains("⚠ Operate overlaps Transfer by 14 d"));
    let narrow = header(&mut app, 80);
    assert!(narrow.contains("⚠ Operate overlaps Transfer"), "{narrow}");
}

#[test]
fn esc_goes_back_to_the_phase_form_with_nothing_written() {
    let slug = "nordwind-fleet";
    let mut app = board(slug);
    let operate = plan(&app, slug, "operate");
    move_end(&mut app, &plus(&operate.1, 3));
    keys(&mut app, "\x1b");
    assert!(matches!(app.state.overlay, Some(Overlay::Form(_))));
    assert_eq!(plan(&app, slug, "operate"), operate);
}

#[test]
fn the_header_speaks_of_the_transfer_in_the_words_of_the_phase() {
    let mut app = board("helvetia-pim");
    let (_, _, transfer) = plan(&app, "helvetia-pim", "transfer");
    let days = (transfer.parse::<chrono::NaiveDate>().unwrap() - today()).num_days();
    assert!(header(&mut app, 160).contains(&format!("│ planned transfer in {days} d │")));

    // In Transfer, with 28 days of it to run: not "transferred".
    let slug = "stadtwerke-billing";
    let mut app = board(slug);
    let (_, end, _) = plan(&app, slug, "transfer");
    let days = (end.parse::<chrono::NaiveDate>().unwrap() - today()).num_days();
    assert!(days > 0);
    let shown = header(&mut app, 160);
    assert!(shown.contains(&format!("│ transfer phase ends in {days} d │")), "{shown}");
    assert!(!shown.contains("transferred"), "{shown}");

    // After Transfer's end.
    let ended = (today() - chrono::Days::new(3)).to_string();
    app.store()
        .connection()
        .execute(
            "UPDATE phase SET actual_end = ?1 WHERE kind = 'transfer' AND engagement_id = \
             (SELECT id FROM engagement WHERE slug = ?2)",
            [ended.as_str(), slug],
        )
        .unwrap();
    app.perform(Action::Refresh);
    assert!(header(&mut app, 160).contains("│ transferred 3 d ago │"));
}
