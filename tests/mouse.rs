//! The mouse, when the config turns it on: clicks on tabs and rows, the wheel, and the
//! terminal's mouse reporting switched on and off around everything that leaves the screen.

mod common;

use botdash::app::{App, HealthRow, Overlay, Screen};
use botdash::model::Phase;
use common::{Tui, demo_app, draw, keys};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// Where `text` is on the drawn screen (its first cell), the first time it appears.
fn find(terminal: &Terminal<TestBackend>, text: &str) -> (u16, u16) {
    let buffer = terminal.backend().buffer();
    for y in 0..buffer.area.height {
        let cells: Vec<&str> = (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect();
        if let Some(x) = (0..cells.len()).find(|&x| cells[x..].concat().starts_with(text)) {
            return (x as u16, y);
        }
    }
    panic!("'{text}' is not on the screen:\n{:?}", buffer);
}

fn mouse(app: &mut App, kind: MouseEventKind, (column, row): (u16, u16)) {
    app.handle_event(Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE }));
}

fn click(app: &mut App, at: (u16, u16)) {
    mouse(app, MouseEventKind::Down(MouseButton::Left), at);
}

/// The client of the engagement on row `row` of the list.
fn client_on_row(app: &App, row: usize) -> String {
    let index = app.state.screens.engagements.rows(&app.state.context())[row];
    app.state.engagements[index].engagement.client.clone()
}

#[test]
fn a_click_selects_a_row_and_a_second_click_opens_it() {
    let mut app = demo_app();
    assert_eq!(app.state.screen, Screen::Engagements);
    let third = client_on_row(&app, 2);
    let terminal = draw(&mut app, 120, 40);
    let at = find(&terminal, &third);

    click(&mut app, at);
    assert_eq!(app.state.screens.engagements.cursor(), 2);
    assert_eq!(app.state.screen, Screen::Engagements, "one click only selects");

    draw(&mut app, 120, 40);
    click(&mut app, at);
    assert_eq!(app.state.screen, Screen::Overview);
    let opened = app.state.opened.as_ref().unwrap();
    assert_eq!(opened.data.engagement.client, third);
}

#[test]
fn a_click_below_the_last_row_or_on_the_header_selects_nothing() {
    let mut app = demo_app();
    let terminal = draw(&mut app, 120, 40);
    let (x, header) = find(&terminal, "Client");
    click(&mut app, (x, header));
    click(&mut app, (x, 35));
    assert_eq!(app.state.screens.engagements.cursor(), 0);
    assert_eq!(app.state.screen, Screen::Engagements);
}

#[test]
fn a_click_on_a_tab_switches_to_its_screen() {
    let mut app = demo_app();
    keys(&mut app, "\r");
    let terminal = draw(&mut app, 120, 40);
    click(&mut app, find(&terminal, "3 Readiness"));
    assert_eq!(app.state.screen, Screen::Readiness);

    let terminal = draw(&mut app, 120, 40);
    click(&mut app, find(&terminal, "Engagements"));
    assert_eq!(app.state.screen, Screen::Engagements);
}

#[test]
fn the_wheel_moves_the_selection() {
    let mut app = demo_app();
    let terminal = draw(&mut app, 120, 40);
    let at = find(&terminal, &client_on_row(&app, 0));
    mouse(&mut app, MouseEventKind::ScrollDown, at);
    mouse(&mut app, MouseEventKind::ScrollDown, at);
    assert_eq!(app.state.screens.engagements.cursor(), 2);
    mouse(&mut app, MouseEventKind::ScrollUp, at);
    assert_eq!(app.state.screens.engagements.cursor(), 1);
}

#[test]
fn clicks_and_the_wheel_leave_an_open_form_alone() {
    let mut app = demo_app();
    keys(&mut app, "\r");
    let terminal = draw(&mut app, 120, 40);
    let tab = find(&terminal, "1 Overview");
    keys(&mut app, "2a");
    let terminal = draw(&mut app, 120, 40);
    let field = find(&terminal, "Esc cancel");
    for at in [tab, field, (0, 0)] {
        click(&mut app, at);
        mouse(&mut app, MouseEventKind::ScrollDown, at);
    }
    assert!(matches!(app.state.overlay, Some(Overlay::Form(_))), "the form is still open");
    assert_eq!(app.state.screen, Screen::Board);
}

const MOUSE_ON: &[u8] = b"\x1b[?1000h";
const MOUSE_OFF: &[u8] = b"\x1b[?1000l";

fn count(raw: &[u8], sequence: &[u8]) -> usize {
    raw.windows(sequence.len()).filter(|w| *w == sequence).count()
}

#[test]
fn with_the_mouse_on_a_click_works_and_reporting_is_off_around_the_editor_and_at_exit() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    std::fs::create_dir(dir.path().join("botdash")).unwrap();
    std::fs::write(dir.path().join("botdash/config.toml"), "[ui]\nmouse = true\n").unwrap();
    let editor = dir.path().join("editor.sh");
    std::fs::write(&editor, "#!/bin/sh\nprintf 'from the editor\\n' > \"$1\"\n").unwrap();
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();

    let mut tui = Tui::start_with_env(&db, &[], 100, 30, &[("EDITOR", editor.to_str().unwrap())]);
    tui.wait_for("ACME · Billing");
    tui.settle();
    assert_eq!(count(&tui.raw, MOUSE_ON), 1, "reporting is on from the start");
    assert_eq!(count(&tui.raw, MOUSE_OFF), 0);

    // A left click on the Board tab (SGR: button 0 down, 1-based column and row).
    let tabs = tui.screen().lines().nth(1).unwrap().to_string();
    let column = tabs.find("2 Board").expect("the Board tab") + 1;
    tui.send(&format!("\x1b[<0;{column};2M\x1b[<0;{column};2m"));
    tui.wait_for("To do (");

    tui.send("aNotes card\r");
    tui.wait_for("added card 'Notes card'");
    tui.send("GE");
    tui.wait_for("from the editor");
    tui.settle();
    assert_eq!(count(&tui.raw, MOUSE_OFF), 1, "off while the editor runs");
    assert_eq!(count(&tui.raw, MOUSE_ON), 2, "on again after it");

    tui.send("\r");
    tui.wait_for("edited card 'Notes card'");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(count(&tui.raw, MOUSE_OFF), 2, "off at exit");
    assert!(tui.is_cooked(), "raw mode is off after quitting");
}

#[test]
fn without_the_mouse_in_the_config_reporting_is_never_turned_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    let mut tui = Tui::start(&db, &[], 100, 30);
    tui.wait_for("ACME · Billing");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(count(&tui.raw, b"\x1b[?1000"), 0);
    assert_eq!(count(&tui.raw, b"\x1b[?1006"), 0);
}

#[test]
fn a_click_selects_a_row_of_the_readiness_and_health_lists_too() {
    let mut app = demo_app();
    keys(&mut app, "j\r3]]");
    assert_eq!(app.state.screens.readiness.tab, botdash::app::ReadinessTab::Kt);
    let topic = app.state.opened.as_ref().unwrap().data.kt_topics[2].title.clone();
    let terminal = draw(&mut app, 120, 40);
    click(&mut app, find(&terminal, &topic));
    assert_eq!(app.state.screens.readiness.row, 2, "the third topic is selected");

    keys(&mut app, "5");
    let data = &app.state.opened.as_ref().unwrap().data;
    let (title, row) = (data.risks[1].title.clone(), botdash::app::HealthRow::Risk(1));
    let expected =
        app.state.screens.health.rows(&app.state.context()).iter().position(|r| *r == row).unwrap();
    assert_ne!(expected, app.state.screens.health.row);
    let terminal = draw(&mut app, 120, 40);
    click(&mut app, find(&terminal, &title));
    assert_eq!(app.state.screens.health.row, expected, "the clicked risk is selected");
}

/// The first `n` characters of `text`: what is left of a title the screen may cut.
fn start(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

fn a_form_is_open(app: &App) -> bool {
    matches!(app.state.overlay, Some(Overlay::Form(_)))
}

#[test]
fn a_click_on_a_card_selects_its_column_and_card_and_a_second_opens_it() {
    let mut app = demo_app();
    keys(&mut app, "\r2");
    let card = app.state.screens.board.cards(3, &app.state.context())[1].title.clone();
    let terminal = draw(&mut app, 120, 40);
    let (x, y) = find(&terminal, &start(&card, 16));

    click(&mut app, (x, y));
    assert_eq!(
        (app.state.screens.board.column, app.state.screens.board.row),
        (3, 1),
        "Done's second card"
    );
    assert!(!a_form_is_open(&app), "one click only selects");

    draw(&mut app, 120, 40);
    click(&mut app, (x, y + 1));
    assert!(a_form_is_open(&app), "a click on the card's second line opens it too");
}

#[test]
fn a_click_on_the_phase_strip_shows_that_phase() {
    let mut app = demo_app();
    keys(&mut app, "\r2");
    assert_eq!(app.state.screens.board.phase, Phase::Build);
    let terminal = draw(&mut app, 120, 40);
    let operate = find(&terminal, "Operate 0%");

    click(&mut app, operate);
    assert_eq!(app.state.screens.board.phase, Phase::Operate);
    let terminal = draw(&mut app, 120, 40);
    assert!(find(&terminal, " Operate gate").1 > operate.1, "the board shows Operate's gate");
    click(&mut app, operate);
    assert_eq!(app.state.screens.board.phase, Phase::Operate);
    assert!(app.state.overlay.is_none() && app.state.detail.is_none(), "a phase opens nothing");
}

#[test]
fn a_click_on_a_gate_criterion_selects_it_and_a_second_opens_what_keeps_it_from_holding() {
    let mut app = demo_app();
    keys(&mut app, "\r2");
    let computed = "All Build tasks done";
    let expected = app
        .state
        .screens
        .board
        .gate_criteria(&app.state.context())
        .iter()
        .position(|g| g.title == computed);
    let terminal = draw(&mut app, 120, 40);
    let at = find(&terminal, computed);

    click(&mut app, at);
    assert_eq!(app.state.screens.board.gate, expected, "the criterion is selected");
    draw(&mut app, 120, 40);
    click(&mut app, at);
    let terminal = draw(&mut app, 120, 40);
    find(&terminal, "Behind 'All Build tasks done'");
}

#[test]
fn the_wheel_over_a_board_column_scrolls_that_column() {
    let mut app = demo_app();
    keys(&mut app, "\r2llx");
    assert_eq!(app.state.screens.board.gate, Some(0));
    let first = app.state.screens.board.cards(0, &app.state.context())[0].title.clone();
    let terminal = draw(&mut app, 120, 40);
    mouse(&mut app, MouseEventKind::ScrollDown, find(&terminal, &start(&first, 16)));
    assert_eq!(app.state.screens.board.gate, None, "the cards have the focus again");
    assert_eq!((app.state.screens.board.column, app.state.screens.board.row), (0, 1));

    let terminal = draw(&mut app, 120, 40);
    let criterion = app.state.screens.board.gate_criteria(&app.state.context())[0].title.clone();
    mouse(&mut app, MouseEventKind::ScrollDown, find(&terminal, &criterion));
    assert_eq!(
        app.state.screens.board.gate,
        Some(1),
        "the gate's criteria scroll under the pointer"
    );
}

#[test]
fn a_click_selects_a_role_or_a_person_on_the_staffing_view() {
    let mut app = demo_app();
    keys(&mut app, "\r3");
    let data = &app.state.opened.as_ref().unwrap().data;
    let roles = data.roles.len();
    let (role, person) = (data.roles[2].title.clone(), data.people[3].name.clone());
    let terminal = draw(&mut app, 120, 40);
    click(&mut app, find(&terminal, &person));
    assert_eq!(app.state.screens.readiness.row, roles + 3, "people come after the roles");
    click(&mut app, find(&terminal, &role));
    assert_eq!(app.state.screens.readiness.row, 2);
    draw(&mut app, 120, 40);
    click(&mut app, find(&terminal, &role));
    assert!(a_form_is_open(&app), "a second click opens the role");
}

#[test]
fn a_click_on_a_cell_of_the_skills_matrix_selects_that_person_and_skill() {
    let mut app = demo_app();
    keys(&mut app, "\r3]");
    let data = &app.state.opened.as_ref().unwrap().data;
    let (skill, person) = (data.skills[1].name.clone(), data.people[3].name.clone());
    let initials: String = person.split_whitespace().filter_map(|w| w.chars().next()).collect();
    let terminal = draw(&mut app, 120, 40);
    let (column, _) = find(&terminal, &format!("{initials}  "));
    let (_, row) = find(&terminal, &skill);

    click(&mut app, (column + 1, row));
    assert_eq!(
        (app.state.screens.readiness.row, app.state.screens.readiness.skills_column),
        (1, 3)
    );
    let terminal = draw(&mut app, 120, 40);
    find(&terminal, &format!("{person} · {skill}: not rated"));

    mouse(&mut app, MouseEventKind::ScrollRight, (column, row));
    assert_eq!(
        app.state.screens.readiness.skills_column, 4,
        "the sideways wheel moves across the people"
    );
    mouse(&mut app, MouseEventKind::ScrollDown, (column, row));
    assert_eq!(app.state.screens.readiness.row, 2);
}

#[test]
fn a_click_on_a_costly_item_selects_it_and_a_second_opens_its_record() {
    let mut app = demo_app();
    keys(&mut app, "\r3[");
    let losses = &app.state.opened.as_ref().unwrap().readiness.losses;
    let item = losses.iter().position(|l| l.item.starts_with("Tech lead slot")).unwrap();
    let terminal = draw(&mut app, 120, 40);
    let at = find(&terminal, "Tech lead slot");

    click(&mut app, at);
    assert_eq!(app.state.screens.readiness.row, item);
    draw(&mut app, 120, 40);
    click(&mut app, at);
    assert_eq!(
        app.state.screens.readiness.tab,
        botdash::app::ReadinessTab::Staffing,
        "to the role"
    );
}

#[test]
fn a_click_selects_an_item_of_the_docs_checklist_but_not_a_category() {
    let mut app = demo_app();
    keys(&mut app, "\r4");
    let terminal = draw(&mut app, 120, 40);
    click(&mut app, find(&terminal, "Escalation list"));
    assert_eq!(
        app.state.screens.docs.selected(&app.state.context()).unwrap().title,
        "Escalation list"
    );
    let selected = app.state.screens.docs.row;
    click(&mut app, find(&terminal, "Operations  "));
    assert_eq!(app.state.screens.docs.row, selected, "a category's heading is no item");
    mouse(&mut app, MouseEventKind::ScrollDown, (0, 20));
    assert_eq!(app.state.screens.docs.row, selected + 1);
}

#[test]
fn a_click_selects_a_budget_line() {
    let mut app = demo_app();
    keys(&mut app, "\r5]");
    let costs = &app.state.opened.as_ref().unwrap().data.costs;
    let day = |i: usize| costs[i].day.to_string();
    let unique = (0..costs.len())
        .rev()
        .find(|&i| costs.iter().filter(|c| c.day == costs[i].day).count() == 1);
    let (cost, day) = unique.map(|i| (i, day(i))).expect("a cost on a day of its own");
    let terminal = draw(&mut app, 120, 40);
    click(&mut app, find(&terminal, &day));
    assert_eq!(
        app.state.screens.health.rows(&app.state.context())[app.state.screens.health.row],
        HealthRow::Cost(cost)
    );
}

#[test]
fn a_click_selects_an_item_of_the_hand_over_inventory() {
    let mut app = demo_app();
    keys(&mut app, "j\r3]]]]");
    assert_eq!(app.state.screens.readiness.tab, botdash::app::ReadinessTab::Handover);
    let item = app.state.opened.as_ref().unwrap().data.handover[3].name.clone();
    let terminal = draw(&mut app, 120, 40);
    click(&mut app, find(&terminal, &item));
    assert_eq!(app.state.screens.readiness.row, 3, "the fourth item is selected");
}

#[test]
fn a_second_click_opens_a_row_whatever_key_open_is_bound_to() {
    let mut app = demo_app();
    let config = "[keys.engagements]\nopen = \"l\"\n";
    app.state.keymap = botdash::config::Config::parse(config).unwrap().keymap;
    let third = client_on_row(&app, 2);
    let terminal = draw(&mut app, 120, 40);
    let at = find(&terminal, &third);
    click(&mut app, at);
    draw(&mut app, 120, 40);
    click(&mut app, at);
    assert_eq!(app.state.screen, Screen::Overview);
    assert_eq!(app.state.opened.as_ref().unwrap().data.engagement.client, third);
}
