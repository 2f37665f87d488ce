//! The board driven by keys: every action checked in the database, and undone.

mod common;

use botdash::app::{Action, App, Overlay, Screen};
use botdash::model::{PersonState, Phase, TaskStatus};
use botdash::store::Store;
use common::{demo_app, draw, keys, today};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

/// The demo's engagement in Operate, on its board.
fn board() -> App {
    let mut app = demo_app();
    keys(&mut app, "/nordw\r\r2");
    assert_eq!(app.state.screen, Screen::Board);
    app
}

fn task(app: &App, title: &str) -> Option<(String, i64)> {
    app.store()
        .connection()
        .query_row("SELECT status, position FROM task WHERE title = ?1", [title], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .ok()
}

fn selected_title(app: &App) -> String {
    app.state.screens.board.cards(app.state.screens.board.column, &app.state.context())
        [app.state.screens.board.row]
        .title
        .clone()
}

fn message(app: &App) -> String {
    app.state.message.clone().unwrap_or_default()
}

#[test]
fn a_card_is_added_in_the_selected_column_and_selected() {
    let mut app = board();
    keys(&mut app, "l"); // Doing
    keys(&mut app, "aSet up CI\tj\t2026-07-01\r");
    assert_eq!(task(&app, "Set up CI").unwrap().0, "doing");
    assert_eq!(selected_title(&app), "Set up CI");
    assert_eq!(message(&app), "added card 'Set up CI'");
    let side: String = app
        .store()
        .connection()
        .query_row("SELECT side FROM task WHERE title = 'Set up CI'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(side, "joint");
    keys(&mut app, "u");
    assert_eq!(task(&app, "Set up CI"), None);
}

#[test]
fn a_card_with_a_bad_date_or_no_title_is_refused() {
    let mut app = board();
    let count = |app: &App| -> i64 {
        app.store().connection().query_row("SELECT count(*) FROM task", [], |r| r.get(0)).unwrap()
    };
    let before = count(&app);
    keys(&mut app, "a\r");
    keys(&mut app, "X\t\t2026-02-30\r");
    assert!(matches!(app.state.overlay, Some(Overlay::Form(_))));
    assert_eq!(count(&app), before);
}

#[test]
fn cards_move_between_columns_and_the_cursor_follows() {
    let mut app = board();
    let title = selected_title(&app);
    keys(&mut app, "L");
    assert_eq!(task(&app, &title).unwrap().0, "doing");
    assert_eq!(selected_title(&app), title);
    assert_eq!(message(&app), format!("moved '{title}' to Doing"));
    keys(&mut app, " ");
    assert_eq!(task(&app, &title).unwrap().0, "blocked");
    keys(&mut app, "H");
    assert_eq!(task(&app, &title).unwrap().0, "doing");
    keys(&mut app, "uu");
    assert_eq!(task(&app, &title).unwrap().0, "doing");
    keys(&mut app, "u");
    assert_eq!(task(&app, &title).unwrap().0, "todo");
    let ctrl_r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
    app.handle_event(Event::Key(ctrl_r));
    assert_eq!(task(&app, &title).unwrap().0, "doing");
}

#[test]
fn cards_reorder_within_a_column_and_the_order_persists() {
    let mut app = board();
    let first = selected_title(&app);
    keys(&mut app, "J");
    assert_eq!(app.state.screens.board.row, 1);
    assert_eq!(selected_title(&app), first);
    let order = |app: &App| -> Vec<String> {
        app.state
            .screens
            .board
            .cards(0, &app.state.context())
            .iter()
            .map(|t| t.title.clone())
            .collect()
    };
    assert_eq!(order(&app)[1], first);
    let reopened = {
        let mut st = app.store().connection().prepare("SELECT t.title FROM task t JOIN engagement e ON e.id = t.engagement_id \
             WHERE e.slug = 'nordwind-fleet' AND t.phase = 'operate' AND t.status = 'todo' ORDER BY t.position").unwrap();
        st.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap).collect::<Vec<_>>()
    };
    assert_eq!(reopened, order(&app));
    keys(&mut app, "K");
    assert_eq!(order(&app)[0], first);
    keys(&mut app, "u");
    assert_eq!(order(&app)[1], first);
}

#[test]
fn a_card_is_edited_and_deleted_with_confirmation() {
    let mut app = board();
    let title = selected_title(&app);
    keys(&mut app, "e");
    keys(&mut app, &"\x7f".repeat(title.chars().count()));
    keys(&mut app, "Renamed\r");
    assert!(task(&app, "Renamed").is_some());
    assert_eq!(message(&app), "edited card 'Renamed'");
    keys(&mut app, "dn");
    assert!(task(&app, "Renamed").is_some());
    keys(&mut app, "dy");
    assert!(task(&app, "Renamed").is_none());
    assert_eq!(message(&app), "deleted card 'Renamed'");
    keys(&mut app, "uu");
    assert!(task(&app, &title).is_some());
}

#[test]
fn phases_switch_with_brackets() {
    let mut app = board();
    assert_eq!(app.state.screens.board.phase, Phase::Operate);
    keys(&mut app, "]");
    assert_eq!(app.state.screens.board.phase, Phase::Transfer);
    keys(&mut app, "]");
    assert_eq!(app.state.screens.board.phase, Phase::Transfer, "the last phase stays");
    keys(&mut app, "[[[[");
    assert_eq!(app.state.screens.board.phase, Phase::Plan);
    assert!(
        app.state.screens.board.cards(TaskStatus::ALL.len() - 1, &app.state.context()).len() >= 5,
        "Plan is done"
    );
}

fn criterion(app: &App, title: &str) -> (Option<String>, Option<String>) {
    app.store()
        .connection()
        .query_row(
            "SELECT met_at, evidence FROM gate_criterion g JOIN engagement e ON e.id = g.engagement_id \
             WHERE e.slug = 'nordwind-fleet' AND g.title = ?1",
            [title],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
}

#[test]
fn manual_criteria_are_ticked_with_evidence_and_computed_ones_refuse() {
    let mut app = board();
    let runbooks = "Critical runbooks signed off after reverse shadowing";
    assert_eq!(criterion(&app, runbooks).0, None);
    keys(&mut app, "xj ");
    keys(&mut app, "signed by the client's ops lead\r");
    let (met, evidence) = criterion(&app, runbooks);
    assert!(met.is_some());
    assert_eq!(evidence.as_deref(), Some("signed by the client's ops lead"));
    keys(&mut app, " y");
    assert_eq!(criterion(&app, runbooks), (None, None), "unticked");
    keys(&mut app, "jj ");
    assert!(message(&app).contains("computed criterion"), "{}", message(&app));
    keys(&mut app, "\x1b");
    assert_eq!(app.state.screens.board.gate, None);
}

#[test]
fn esc_closes_the_pane_then_leaves_the_gate_then_drops_the_filter_then_goes_home() {
    let mut app = board();
    keys(&mut app, "/o\rxo");
    assert!(app.state.detail.is_some() && app.state.screens.board.gate.is_some());
    assert!(app.state.works_now(Action::Back));
    keys(&mut app, "\x1b");
    assert!(app.state.detail.is_none(), "the pane first");
    assert!(app.state.screens.board.gate.is_some() && app.state.filter.is_some());
    keys(&mut app, "\x1b");
    assert_eq!(app.state.screens.board.gate, None, "then the gate's focus");
    assert!(app.state.filter.is_some());
    keys(&mut app, "\x1b");
    assert!(app.state.filter.is_none(), "then the filter");
    assert_eq!(app.state.screen, Screen::Board);
    keys(&mut app, "\x1b");
    assert_eq!(app.state.screen, Screen::Engagements, "then the engagements list");
}

#[test]
fn with_the_gate_focused_n_steps_through_its_criteria_not_the_hidden_cards() {
    let mut app = board();
    keys(&mut app, "/o\rx");
    let cards = (app.state.screens.board.column, app.state.screens.board.row);
    assert_eq!(app.state.screens.board.gate, Some(0));
    assert!(app.state.works_now(Action::NextMatch), "the phase has several criteria");
    keys(&mut app, "n");
    assert_eq!(app.state.screens.board.gate, Some(1));
    keys(&mut app, "N");
    assert_eq!(app.state.screens.board.gate, Some(0));
    let board = &app.state.screens.board;
    assert_eq!((board.column, board.row), cards, "the cards' cursor stays where it was");
}

fn phase(app: &App) -> String {
    app.store()
        .connection()
        .query_row("SELECT current_phase FROM engagement WHERE slug = 'nordwind-fleet'", [], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn advancing_an_unmet_gate_needs_a_written_reason_which_is_kept() {
    let mut app = board();
    keys(&mut app, "P");
    let Some(Overlay::Form(record)) = &app.state.overlay else { panic!("the override form") };
    assert!(record.form.notes.iter().any(|n| n.contains("Readiness at or above the threshold")));
    keys(&mut app, "\r");
    assert_eq!(phase(&app), "operate", "no reason: refused");
    keys(&mut app, "client board decision\r");
    assert_eq!(phase(&app), "transfer");
    let reason: String = app
        .store()
        .connection()
        .query_row("SELECT reason FROM change_log WHERE reason IS NOT NULL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(reason, "client board decision");
    let opened = app.state.opened.as_ref().unwrap();
    assert_eq!(opened.overrides.len(), 1, "shown on the overview");
    let dates = opened.data.phase_dates(Phase::Transfer).unwrap();
    assert_eq!(dates.actual_start, Some(today()));
    assert_eq!(opened.data.phase_dates(Phase::Operate).unwrap().actual_end, Some(today()));
    keys(&mut app, "u");
    assert_eq!(phase(&app), "operate");
    assert!(app.state.opened.as_ref().unwrap().overrides.is_empty());
}

#[test]
fn a_met_gate_advances_after_confirmation() {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    store.connection().execute_batch("UPDATE gate_criterion SET met_at = '2026-06-01T00:00:00Z' WHERE rule IS NULL; UPDATE gate_criterion SET blocking = 0 WHERE rule IS NOT NULL").unwrap();
    let mut app = App::new(store, today()).unwrap();
    keys(&mut app, "/nordw\r\r2P");
    let Some(Overlay::Confirm(confirm)) = &app.state.overlay else { panic!("a confirmation") };
    assert_eq!(confirm.question, "Advance from Operate to Transfer?");
    keys(&mut app, "y");
    assert_eq!(phase(&app), "transfer");
}

#[test]
fn phase_dates_are_edited_and_checked() {
    let mut app = board();
    keys(&mut app, "D\t\t");
    keys(&mut app, &"\x7f".repeat(10));
    keys(&mut app, "2026-01-01\t");
    keys(&mut app, &"\x7f".repeat(10));
    keys(&mut app, "2025-12-01\r");
    let Some(Overlay::Form(record)) = &app.state.overlay else { panic!("still open") };
    assert!(
        record.form.fields[3].error.as_deref().unwrap_or("").contains("after"),
        "{:?}",
        record.form.fields
    );
    keys(&mut app, &"\x7f".repeat(10));
    keys(&mut app, "\r");
    let start: String = app.store().connection().query_row("SELECT p.actual_start FROM phase p JOIN engagement e ON e.id = p.engagement_id WHERE e.slug = 'nordwind-fleet' AND p.kind = 'operate'", [], |r| r.get(0)).unwrap();
    assert_eq!(start, "2026-01-01");
}

#[test]
fn after_each_board_edit_the_screen_holds_what_the_file_holds() {
    let mut app = board();
    // Status, move right, reorder down and up, move left: each re-reads only its cards.
    let plain = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let redo = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
    for key in [plain(' '), plain('L'), plain('J'), plain('K'), plain('H'), plain('u'), redo] {
        app.handle_event(Event::Key(key));
        let on_screen = app.state.opened.as_ref().unwrap().data.clone();
        let engagement = app.store().engagement_by_id(&on_screen.engagement.id).unwrap().unwrap();
        let in_file = app.store().load(engagement).unwrap();
        assert_eq!(on_screen.tasks, in_file.tasks, "after {key:?}");
    }
}

fn assignee(app: &App, title: &str) -> Option<String> {
    app.store()
        .connection()
        .query_row("SELECT assignee FROM task WHERE title = ?1", [title], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_card_is_assigned_a_client_person_offered_or_any_typed_name_shown_and_undone() {
    let mut app = board();
    let title = selected_title(&app);
    let data = &app.state.opened.as_ref().unwrap().data;
    let first = data.people.iter().find(|p| p.state != PersonState::Left).unwrap().name.clone();
    // The Assignee field is after Title, Side, Due and Notes; → offers the client's people.
    keys(&mut app, "e\t\t\t\t");
    app.handle_event(Event::Key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE)));
    keys(&mut app, "\r");
    assert_eq!(assignee(&app, &title), Some(first.clone()));
    assert_eq!(message(&app), format!("edited card '{title}'"));
    let screen = format!("{:?}", draw(&mut app, 160, 40).backend());
    assert!(screen.contains(&format!("· {first}")), "the card names its assignee: {screen}");

    keys(&mut app, "e\t\t\t\t\u{15}Jo Contractor\r");
    assert_eq!(assignee(&app, &title).as_deref(), Some("Jo Contractor"), "kept as typed");
    keys(&mut app, "u");
    assert_eq!(assignee(&app, &title), Some(first));
    keys(&mut app, "u");
    assert_eq!(assignee(&app, &title), None, "undone back to nobody");
}

#[test]
fn a_filter_with_no_match_in_the_focused_column_focuses_the_first_column_with_one() {
    let mut app = board();
    keys(&mut app, "/on-call\r");
    let board = &app.state.screens.board;
    assert!(board.column > 0, "no card of To do matches 'on-call' in the demo");
    let selected = app.state.selected_record().expect("a matching card has the focus");
    assert_eq!(selected.table, botdash::store::edit::Table::Task);
    assert!(app.state.works_now(Action::Cycle), "Space moves the card");
}

#[test]
fn with_the_gate_focused_and_a_filter_n_steps_only_the_matching_criteria() {
    let mut app = board();
    keys(&mut app, "/runbook\rx");
    let data = app.state.opened.as_ref().unwrap().data.clone();
    let criteria: Vec<String> = data
        .gates
        .iter()
        .filter(|g| g.phase == app.state.screens.board.phase)
        .map(|g| g.title.to_lowercase())
        .collect();
    assert!(!criteria[0].contains("runbook"), "the focus starts on one that does not match");
    let mut stepped = Vec::new();
    for step in ["n", "n", "N"] {
        keys(&mut app, step);
        stepped.push(criteria[app.state.screens.board.gate.unwrap()].clone());
    }
    assert!(stepped.iter().all(|title| title.contains("runbook")), "{stepped:?}");
    assert!(!app.state.works_now(Action::NextMatch), "one match: n has nowhere else to go");
}

#[test]
fn a_filter_typed_in_the_gates_focus_steps_the_criteria_it_lists_as_computed() {
    let mut app = board();
    keys(&mut app, "x/computed\r");
    let data = app.state.opened.as_ref().unwrap().data.clone();
    let criteria: Vec<_> =
        data.gates.iter().filter(|g| g.phase == app.state.screens.board.phase).collect();
    assert!(criteria.iter().any(|g| g.rule.is_none()), "the gate also has manual criteria");
    let mut stepped = Vec::new();
    for step in ["n", "n", "N"] {
        keys(&mut app, step);
        let row = app.state.screens.board.gate.expect("n stays in the gate's focus");
        stepped.push(criteria[row]);
    }
    assert!(stepped.iter().all(|g| g.rule.is_some()), "{stepped:?}");
}
