//! Consistent moves: the selection follows a new record on every list, edits from the
//! engagements list stay on it, a Space step back to the first state asks first, and the
//! documentation keys refuse or ask where a slip would lose work.

mod common;

use botdash::app::{App, Overlay, Screen};
use common::{demo_app, keys};

/// The demo engagement in Operate, on the screen of key `screen`.
fn on(screen: char) -> App {
    let mut app = demo_app();
    keys(&mut app, &format!("/nordw\r\r{screen}"));
    app
}

fn ids(app: &App, table: &str) -> Vec<String> {
    let conn = app.store().connection();
    let mut statement = conn.prepare(&format!("SELECT id FROM {table}")).unwrap();
    statement.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

fn value(app: &App, sql: &str, id: &str) -> String {
    app.store().connection().query_row(sql, [id], |r| r.get(0)).unwrap()
}

fn question(app: &App) -> Option<String> {
    match &app.state.overlay {
        Some(Overlay::Confirm(confirm)) => Some(confirm.question.clone()),
        _ => None,
    }
}

#[test]
fn after_adding_the_selection_is_on_the_new_record_on_every_list() {
    // Screen, tab keys, table, the form's keys; the first row selected before adding.
    let lists = [
        ('3', "", "role", "aZz new\r"),
        ('3', "]", "skill", "aZz new\r"),
        ('3', "]]", "kt_topic", "aZz new\r"),
        ('3', "]]]", "responsibility", "aZz new\r"),
        ('4', "", "doc_item", "aZz new\r"),
        ('5', "", "risk", "aZz new\r"),
        ('5', "]", "cost_entry", "a\t100\r"),
        ('5', "]]", "user_test", "aPlanners\r"),
        ('5', "]]]", "integration", "aZz new\r"),
        ('5', "]]]]", "lesson", "aZz new\r"),
    ];
    for (screen, tabs, table, form) in lists {
        let mut app = on(screen);
        keys(&mut app, tabs);
        let before = ids(&app, table);
        keys(&mut app, form);
        assert!(app.state.overlay.is_none(), "{table}: {:?}", app.state.message);
        let added: Vec<String> =
            ids(&app, table).into_iter().filter(|id| !before.contains(id)).collect();
        assert_eq!(added.len(), 1, "{table}");
        let selected = app.state.selected_record().map(|r| r.id);
        assert_eq!(selected.as_ref(), Some(&added[0]), "{table}: the new record is selected");
    }
}

#[test]
fn adding_an_engagement_leaves_it_selected_on_the_list() {
    let mut app = demo_app();
    keys(&mut app, "aACME\tBilling\r");
    assert_eq!(app.state.message.as_deref(), Some("created engagement 'acme-billing'"));
    keys(&mut app, "\x1b");
    assert_eq!(app.state.screen, Screen::Engagements);
    let selected = app.state.screens.engagements.selected(&app.state.context()).unwrap();
    assert_eq!(selected.engagement.slug, "acme-billing");
}

/// The demo list after one engagement was opened and left, with another one selected.
fn list_after_opening_one() -> (App, String) {
    let mut app = demo_app();
    keys(&mut app, "/nordw\r\r\x1b");
    assert_eq!(app.state.screen, Screen::Engagements);
    keys(&mut app, "g");
    if app.state.screens.engagements.selected(&app.state.context()).unwrap().engagement.slug
        == "nordwind-fleet"
    {
        keys(&mut app, "j");
    }
    let other =
        app.state.screens.engagements.selected(&app.state.context()).unwrap().engagement.id.clone();
    (app, other)
}

#[test]
fn editing_or_archiving_from_the_list_stays_on_the_list_and_its_row() {
    let (mut app, other) = list_after_opening_one();
    keys(&mut app, "e\t\u{15}Renamed\r");
    assert_eq!(value(&app, "SELECT name FROM engagement WHERE id = ?1", &other), "Renamed");
    assert_eq!(app.state.screen, Screen::Engagements, "an edit from the list stays on it");
    assert_eq!(
        app.state.screens.engagements.selected(&app.state.context()).unwrap().engagement.id,
        other
    );

    let (mut app, other) = list_after_opening_one();
    keys(&mut app, "Ay");
    assert_eq!(
        value(&app, "SELECT CAST(archived AS TEXT) FROM engagement WHERE id = ?1", &other),
        "1"
    );
    assert_eq!(app.state.screen, Screen::Engagements, "archiving from the list stays on it");
}

/// Presses Space on the selection until `current` reads `last`.
fn step_to(app: &mut App, current: impl Fn(&App) -> String, last: &str) {
    for _ in 0..5 {
        if current(app) == last {
            return;
        }
        keys(app, " ");
        assert_eq!(question(app), None, "forward steps do not ask");
    }
    panic!("never reached {last}");
}

#[test]
fn space_from_the_last_state_back_to_the_first_asks_first() {
    // A responsibility with the client goes back to the contractor only when confirmed.
    let mut app = on('3');
    keys(&mut app, "]]]");
    let duty = app.state.selected_record().unwrap().id;
    let owner = |app: &App| value(app, "SELECT owner FROM responsibility WHERE id = ?1", &duty);
    step_to(&mut app, |app| owner(app), "client");
    keys(&mut app, " ");
    let asked = question(&app).unwrap();
    assert!(asked.ends_with("from client back to contractor?"), "{asked}");
    keys(&mut app, "n");
    assert_eq!(owner(&app), "client", "no keeps it");
    keys(&mut app, " y");
    assert_eq!(owner(&app), "contractor");

    // A card done goes back to To do only when confirmed.
    let mut app = on('2');
    keys(&mut app, "lll");
    let card = app.state.selected_record().unwrap().id;
    keys(&mut app, " ");
    assert!(question(&app).unwrap().ends_with("from Done back to To do?"));
    keys(&mut app, "n");
    assert_eq!(value(&app, "SELECT status FROM task WHERE id = ?1", &card), "done");
    keys(&mut app, " y");
    assert_eq!(value(&app, "SELECT status FROM task WHERE id = ?1", &card), "todo");
    assert_eq!(app.state.selected_record().unwrap().id, card, "the cursor follows the card");

    // A closed risk opens again only when confirmed.
    let mut app = on('5');
    let risk = app.state.selected_record().unwrap().id;
    let status = |app: &App| value(app, "SELECT status FROM risk WHERE id = ?1", &risk);
    step_to(&mut app, |app| status(app), "closed");
    keys(&mut app, " ");
    assert!(question(&app).unwrap().ends_with("from closed back to open?"));
    keys(&mut app, "\x1b");
    assert_eq!(status(&app), "closed");

    // A KT topic signed off, and an integration that failed its test, likewise.
    let mut app = on('3');
    keys(&mut app, "]]");
    let topic = app.state.selected_record().unwrap().id;
    let status = |app: &App| value(app, "SELECT status FROM kt_topic WHERE id = ?1", &topic);
    step_to(&mut app, |app| status(app), "signed_off");
    keys(&mut app, " ");
    assert!(question(&app).unwrap().ends_with("from signed off back to planned?"));
    let mut app = on('5');
    keys(&mut app, "]]]");
    let it = app.state.selected_record().unwrap().id;
    let status = |app: &App| value(app, "SELECT test_status FROM integration WHERE id = ?1", &it);
    step_to(&mut app, |app| status(app), "failed");
    keys(&mut app, " ");
    assert!(question(&app).unwrap().ends_with("from failed back to not tested?"));
}

/// The docs screen with the first item whose status is `status` selected.
fn doc_with(status: &str) -> (App, String) {
    let mut app = on('4');
    let docs = app
        .state
        .screens
        .docs
        .rows(&app.state.context())
        .into_iter()
        .flat_map(|(_, d)| d)
        .cloned()
        .collect::<Vec<_>>();
    let row = docs.iter().position(|d| d.status.as_str() == status && !d.not_applicable).unwrap();
    app.state.screens.docs.row = row;
    (app, docs[row].id.clone())
}

#[test]
fn an_approved_document_is_marked_not_applicable_only_when_confirmed() {
    let (mut app, id) = doc_with("approved");
    let left_out = |app: &App| {
        value(app, "SELECT CAST(not_applicable AS TEXT) FROM doc_item WHERE id = ?1", &id)
    };
    keys(&mut app, "n");
    assert!(question(&app).unwrap().starts_with("Mark the approved '"));
    keys(&mut app, "\x1b");
    assert_eq!(left_out(&app), "0");
    keys(&mut app, "ny");
    assert_eq!(left_out(&app), "1");
}

#[test]
fn a_review_of_a_missing_document_is_refused_with_a_sentence() {
    let (mut app, id) = doc_with("missing");
    keys(&mut app, "r");
    let reviewed: Option<String> = app
        .store()
        .connection()
        .query_row("SELECT last_reviewed_at FROM doc_item WHERE id = ?1", [&id], |r| r.get(0))
        .unwrap();
    assert_eq!(reviewed, None);
    let message = app.state.message.clone().unwrap_or_default();
    assert!(
        message.ends_with("is missing: there is nothing to review until it is written"),
        "{message}"
    );
}
