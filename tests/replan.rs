//! Re-planning: moving a phase's planned end offers to shift what follows as one undoable
//! edit, keeping the others leaves a warning on screen, and the header's words about the
//! transfer match the phase. Moving only its planned start asks whether the phase keeps its
//! length (and then offers the same shift) or its end.

mod common;

use botdash::app::detail::Pane;
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

/// Opens the phase form of the board's phase and types `start` as its planned start.
fn move_start(app: &mut App, start: &str) {
    keys(app, "D");
    keys(app, &"\x7f".repeat(10));
    keys(app, &format!("{start}\r"));
}

fn minus(date: &str, days: u64) -> String {
    let date: chrono::NaiveDate = date.parse().unwrap();
    (date - chrono::Days::new(days)).to_string()
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
fn keeping_the_other_phases_moves_one_and_the_header_warns_of_the_overlap_until_undone() {
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
    // One of the warnings, as `w` and the report list them; Enter goes to the phase.
    let data = app.state.opened.as_ref().unwrap().data.clone();
    let context = botdash::report::Context {
        overrides: &[],
        since: (today(), botdash::report::changes::Since::Given),
        changes: &[],
        previous: None,
        settings: &Default::default(),
    };
    let report = botdash::report::Report::new(&data, &context, today(), today());
    let markdown = botdash::report::markdown(&report);
    assert!(markdown.contains("Operate overlaps Transfer by 14 d"), "{markdown}");
    keys(&mut app, "w");
    let Some(Pane::Places { entries, .. }) = app.state.detail.as_ref().map(|d| &d.pane) else {
        panic!("no list of warnings");
    };
    let at = entries.iter().position(|(words, _)| words == "Operate overlaps Transfer by 14 d");
    keys(&mut app, &"j".repeat(at.expect("the overlap is listed")));
    keys(&mut app, "\r");
    assert_eq!(app.state.screen, Screen::Board);
    assert_eq!(app.state.screens.board.phase, botdash::model::Phase::Operate);
    // The warnings are kept with the engagement, not read with every frame: the undo of the
    // edit that caused one reads them again.
    keys(&mut app, "u");
    assert!(!header(&mut app, 160).contains("overlaps"), "{}", header(&mut app, 160));
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

#[test]
fn keeping_the_length_moves_the_end_with_the_start_then_offers_the_shift_all_one_undo() {
    let slug = "helvetia-pim";
    let mut app = board(slug);
    let build = plan(&app, slug, "build");
    let (operate, transfer) = (plan(&app, slug, "operate"), plan(&app, slug, "transfer"));
    move_start(&mut app, &plus(&build.0, 14));
    assert_eq!(
        question(&app),
        format!(
            "Build to start 14 d later, on {}: keep its length (end {}) or its end ({})?",
            plus(&build.0, 14),
            plus(&build.1, 14),
            build.1
        )
    );
    keys(&mut app, "y");
    assert!(question(&app).starts_with("Shift Operate and Transfer by +14 d"));
    keys(&mut app, "y");
    assert!(app.state.overlay.is_none());
    let moved = plan(&app, slug, "build");
    assert_eq!(moved, (plus(&build.0, 14), plus(&build.1, 14), plus(&build.2, 14)));
    for (kind, before) in [("operate", &operate), ("transfer", &transfer)] {
        let after = plan(&app, slug, kind);
        assert_eq!((after.0, after.1), (plus(&before.0, 14), plus(&before.1, 14)), "{kind}");
    }

    keys(&mut app, "u");
    assert_eq!(plan(&app, slug, "build"), build, "one undo step puts everything back");
    assert_eq!(plan(&app, slug, "operate"), operate);
    assert_eq!(plan(&app, slug, "transfer"), transfer);
}

#[test]
fn keeping_the_end_moves_the_start_alone() {
    let slug = "helvetia-pim";
    let mut app = board(slug);
    let build = plan(&app, slug, "build");
    let operate = plan(&app, slug, "operate");
    move_start(&mut app, &plus(&build.0, 7));
    keys(&mut app, "n");
    assert!(app.state.overlay.is_none(), "no second question");
    assert_eq!(plan(&app, slug, "build"), (plus(&build.0, 7), build.1, build.2));
    assert_eq!(plan(&app, slug, "operate"), operate);
}

#[test]
fn a_start_before_the_previous_phases_end_is_named_in_the_question_and_warned_of() {
    let slug = "helvetia-pim";
    let mut app = board(slug);
    let (plan_phase, build) = (plan(&app, slug, "plan"), plan(&app, slug, "build"));
    assert!(plan_phase.1 <= build.0, "the demo's phases follow each other");
    let start = minus(&plan_phase.1, 10);
    move_start(&mut app, &start);
    assert!(
        question(&app).starts_with(&format!("Build to start on {start}, 10 d before Plan ends")),
        "{}",
        question(&app)
    );
    let terminal = draw(&mut app, 80, 24);
    let screen: String = terminal.backend().buffer().content().iter().map(|c| c.symbol()).collect();
    assert!(screen.contains("y keep the length · n keep the end · Esc back"), "{screen}");
    assert!(screen.contains(&format!("({})?", build.1)), "the question is shown whole");

    keys(&mut app, "n");
    assert_eq!(plan(&app, slug, "build").0, start);
    assert!(header(&mut app, 160).contains("⚠ Plan overlaps Build by 10 d"));
}

#[test]
fn moving_the_planned_transfer_in_the_engagement_form_warns_that_the_transfer_phase_did_not_move() {
    let slug = "nordwind-fleet";
    let mut app = demo_app();
    keys(&mut app, "/nordw\r");
    let transfer = plan(&app, slug, "transfer");
    keys(&mut app, "e");
    let Some(Overlay::Form(record)) = &mut app.state.overlay else { panic!("no form") };
    record.form.set_value(botdash::model::EngagementField::PlannedTransferDate, "2027-06-01");
    keys(&mut app, "\r");
    assert!(app.state.overlay.is_none(), "{:?}", app.state.overlay);
    let moved = plan(&app, slug, "transfer");
    assert_eq!((moved.0, moved.1), (transfer.0.clone(), transfer.1), "the phase stays");
    keys(&mut app, "\r");
    let warning =
        format!("planned transfer 2027-06-01, but the Transfer phase starts {}", transfer.0);
    assert!(header(&mut app, 200).contains(&format!("⚠ {warning}")), "{}", header(&mut app, 200));
    keys(&mut app, "w");
    let Some(Pane::Places { entries, .. }) = app.state.detail.as_ref().map(|d| &d.pane) else {
        panic!("no list of warnings");
    };
    let at = entries.iter().position(|(words, _)| *words == warning);
    keys(&mut app, &"j".repeat(at.expect("the disagreement is listed")));
    keys(&mut app, "\r");
    assert_eq!(
        (app.state.screen, app.state.screens.board.phase),
        (Screen::Board, botdash::model::Phase::Transfer)
    );
}
