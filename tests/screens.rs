//! Every screen drawn on the demo data at 80×24 and 120×40, compared with reviewed
//! snapshots; and every screen at every tiny size, which must not panic.

use botdash::app::{Action, App, Screen};
use botdash::store::Store;
use botdash::tui::draw;
use botdash::ui::Theme;
use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

fn demo_app() -> App {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    App::new(store, today()).unwrap()
}

/// The demo app with the engagement in Operate open.
fn operate_app() -> App {
    let mut app = demo_app();
    let index =
        app.state.engagements.iter().position(|r| r.engagement.slug == "nordwind-fleet").unwrap();
    app.state.engagement_cursor = index;
    app.perform(Action::Open);
    app
}

fn render(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    draw(&mut terminal, app, &Theme::dark()).unwrap();
    terminal
}

/// Snapshots `app` at both standard sizes.
fn snapshot(name: &str, app: &mut App) {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h).backend());
    }
}

#[test]
fn engagements_screen() {
    snapshot("engagements", &mut demo_app());
}

#[test]
fn welcome_on_an_empty_database() {
    let mut app = App::new(Store::in_memory().unwrap(), today()).unwrap();
    snapshot("welcome", &mut app);
}

#[test]
fn overview_screen() {
    snapshot("overview", &mut operate_app());
}

#[test]
fn board_screen() {
    let mut app = operate_app();
    app.perform(Action::GoTo(Screen::Board));
    snapshot("board", &mut app);
}

#[test]
fn board_with_a_long_column_and_the_gate_in_focus() {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    store
        .connection()
        .execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) \
             INSERT INTO task (id, engagement_id, phase, title, status, side, due_date, position, \
             created_at, updated_at) SELECT 'extra-' || i, e.id, 'operate', 'Extra card ' || i, \
             'todo', 'client', '2026-07-01', 100 + i, '', '' FROM n, engagement e \
             WHERE e.slug = 'nordwind-fleet'",
        )
        .unwrap();
    let mut app = App::new(store, today()).unwrap();
    let index =
        app.state.engagements.iter().position(|r| r.engagement.slug == "nordwind-fleet").unwrap();
    app.state.engagement_cursor = index;
    app.perform(Action::Open);
    app.perform(Action::GoTo(Screen::Board));
    for _ in 0..20 {
        app.perform(Action::Down);
    }
    snapshot("board_long_column", &mut app);
    app.perform(Action::FocusGate);
    app.perform(Action::Down);
    snapshot("board_gate_focus", &mut app);
}

#[test]
fn readiness_screen_views() {
    let mut app = operate_app();
    app.perform(Action::GoTo(Screen::Readiness));
    for name in ["staffing", "skills", "kt", "responsibilities", "score"] {
        snapshot(&format!("readiness_{name}"), &mut app);
        app.perform(Action::NextTab);
    }
}

#[test]
fn health_screen_views() {
    let mut app = operate_app();
    app.perform(Action::GoTo(Screen::Health));
    for name in ["risks", "budget", "tests", "integrations", "lessons"] {
        snapshot(&format!("health_{name}"), &mut app);
        app.perform(Action::NextTab);
    }
}

#[test]
fn docs_screen() {
    let mut app = operate_app();
    app.perform(Action::GoTo(Screen::Docs));
    snapshot("docs", &mut app);
}

#[test]
fn help_overlay() {
    let mut app = operate_app();
    app.perform(Action::GoTo(Screen::Board));
    app.perform(Action::Help);
    snapshot("help_board", &mut app);
}

#[test]
fn new_engagement_form() {
    let mut app = demo_app();
    app.perform(Action::Add);
    snapshot("new_engagement_form", &mut app);
}

#[test]
fn no_screen_panics_at_any_small_size() {
    let mut app = operate_app();
    app.state.conflicts = vec![botdash::store::sync::Conflict {
        id: "0000".into(),
        table: botdash::store::edit::Table::Task,
        key: serde_json::Map::new(),
        name: Some("Go live".into()),
        column: Some("title".into()),
        engagement: Some("acme".into()),
        kind: botdash::store::sync::ConflictKind::Refused,
        mine: Some("Go live".into()),
        theirs: Some("Go live now".into()),
        source: "a-000001.changeset".into(),
        found_at: "2026-06-15T09:00:00Z".into(),
        reason: Some("a rule".into()),
    }];
    let views: [&[Action]; 9] = [
        &[Action::GoTo(Screen::Engagements)],
        &[Action::GoTo(Screen::Overview)],
        &[Action::GoTo(Screen::Board)],
        &[Action::GoTo(Screen::Readiness), Action::NextTab],
        &[Action::GoTo(Screen::Docs)],
        &[Action::GoTo(Screen::Health)],
        &[Action::GoTo(Screen::Conflicts)],
        &[Action::GoTo(Screen::Health), Action::NextTab],
        &[Action::Help],
    ];
    for actions in views {
        for action in actions {
            app.perform(*action);
        }
        for width in 1..=50 {
            for height in 1..=16 {
                render(&mut app, width, height);
            }
        }
        app.perform(Action::Back);
    }
    let small = render(&mut app, 30, 8);
    assert!(format!("{:?}", small.backend()).contains("too small"));
}
