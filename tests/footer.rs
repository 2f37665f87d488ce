//! The footer and the help offer only what works where they are shown: no edit or delete
//! without a record or on a read-only file, and every key the footer offers does something.

mod common;

use botdash::app::{Action, App, Screen, State};
use botdash::store::Store;
use common::{demo_app, keys, today};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The actions the help lists here (the footer shows the hinted ones among them).
fn offered(state: &State) -> Vec<Action> {
    state.bindings().iter().map(|b| b.action).collect()
}

/// The lines as drawn on a 120×30 terminal.
fn screen(state: &State) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(120, 30)).unwrap();
    let theme = botdash::ui::Theme::dark();
    terminal.draw(|frame| _ = botdash::ui::draw(frame, state, &theme)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..30).map(|y| (0..120).map(|x| buffer[(x, y)].symbol()).collect()).collect()
}

/// The footer line as drawn on a 120-column terminal.
fn footer(state: &State) -> String {
    screen(state).pop().unwrap()
}

fn offers_no_record_edits(state: &State) -> bool {
    let edits = [Action::Edit, Action::Delete, Action::Archive, Action::Cycle, Action::MoveRight];
    !offered(state).iter().any(|a| edits.contains(a))
}

#[test]
fn an_empty_list_offers_no_edit_or_delete() {
    let app = App::new(Store::in_memory().unwrap(), today()).unwrap();
    assert!(offers_no_record_edits(&app.state), "{:?}", offered(&app.state));
    assert!(!offered(&app.state).contains(&Action::Open));
    assert!(footer(&app.state).contains("a new engagement"), "{}", footer(&app.state));
    assert!(!footer(&app.state).contains("edit"), "{}", footer(&app.state));

    // Nothing of the Build engagement's Transfer phase is under way yet.
    let mut app = demo_app();
    keys(&mut app, "/helv\r\r2]]l");
    assert_eq!(
        app.state.screens.board.cards(app.state.screens.board.column, &app.state.context()).len(),
        0
    );
    assert!(offers_no_record_edits(&app.state), "{:?}", offered(&app.state));
    assert!(offered(&app.state).contains(&Action::Add));
}

#[test]
fn a_read_only_file_offers_no_edit_at_all() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("botdash.db");
    let mut store = Store::open(&path).unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    drop(store);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut app = App::new(Store::open(&path).unwrap(), today()).unwrap();
    assert!(app.state.read_only);
    let edits = [Action::Add, Action::Edit, Action::Delete, Action::Undo, Action::Cycle];
    for screen in ["", "\r", "2", "3", "4", "5"] {
        keys(&mut app, screen);
        app.state.message = None;
        let shown = offered(&app.state);
        assert!(!shown.iter().any(|a| edits.contains(a)), "{screen:?}: {shown:?}");
        assert!(!footer(&app.state).contains(" a "), "{screen:?}: {}", footer(&app.state));
    }
}

/// Each key the footer offers, pressed on a copy of `state`: it must ask the store for
/// something or change the state (a refusal or hint in the footer does not count).
fn assert_footer_keys_work(state: &State, place: &str) {
    let without_message = |s: &State| {
        let mut s = s.clone();
        s.message = None;
        format!("{s:?}")
    };
    let before = without_message(state);
    let hints = state.bindings().into_iter().filter(|b| b.hint);
    for action in hints.map(|b| b.action) {
        let mut pressed = state.clone();
        let effect = pressed.update(action, state.now);
        let changed = without_message(&pressed) != before;
        assert!(effect.is_some() || changed, "{place}: {action:?} does nothing");
    }
}

#[test]
fn every_key_the_footer_offers_does_something_on_every_screen() {
    let mut app = demo_app();
    assert_footer_keys_work(&app.state, "engagements");
    let mut walked = vec![app.state.screen];
    // The demo's engagement in Operate: every screen has records.
    keys(&mut app, "/nordw\r\r");
    let places = [
        ("", "overview"),
        ("2", "board"),
        ("l", "board, second column"),
        ("x", "board, gate criteria"),
        ("x]", "board, next phase"),
        ("3", "readiness: staffing"),
        ("]", "readiness: skills"),
        ("]", "readiness: knowledge transfer"),
        ("]", "readiness: responsibilities"),
        ("]", "readiness: score"),
        ("4", "docs"),
        ("5", "health: risks"),
        ("]", "health: budget"),
        ("]", "health: user tests"),
        ("]", "health: integrations"),
        ("]", "health: lessons"),
        ("C", "sync conflicts"),
        ("1w", "the warnings, places to go"),
    ];
    for (typed, place) in places {
        keys(&mut app, typed);
        assert_footer_keys_work(&app.state, place);
        walked.push(app.state.screen);
    }
    // A screen declared later needs its places here.
    let missed: Vec<_> = Screen::ALL.iter().filter(|screen| !walked.contains(screen)).collect();
    assert!(missed.is_empty(), "no place walked on {missed:?}");
}

#[test]
fn phases_and_views_are_offered_only_on_the_screens_that_have_them() {
    let mut app = demo_app();
    keys(&mut app, "/nordw\r\r4");
    let elsewhere = [Action::PrevPhase, Action::NextPhase, Action::PrevTab, Action::NextTab];
    for action in elsewhere {
        assert!(!app.state.works_now(action), "the Docs screen offers {action:?}");
    }
    keys(&mut app, "2");
    assert!(app.state.works_now(Action::NextPhase), "the board moves to the next phase");
    assert!(!app.state.works_now(Action::NextTab), "the board has no views");
    keys(&mut app, "3");
    assert!(app.state.works_now(Action::NextTab), "the Readiness screen has views");
    assert!(!app.state.works_now(Action::NextPhase), "phases are the board's");
}

#[test]
fn rebound_keys_keep_their_place_and_hint_in_the_footer_and_help() {
    let mut app = demo_app();
    keys(&mut app, "/nordw\r\r2");
    let default = footer(&app.state);
    assert!(default.contains(" a add card  e edit card / criterion"), "{default}");
    let config = "[keys.board]\nadd = \"n\"\nedit = \"Ctrl-e\"\n";
    app.state.keymap = botdash::config::Config::parse(config).unwrap().keymap;
    let rebound = footer(&app.state);
    assert!(rebound.contains(" n add card  Ctrl-e edit card / criterion"), "{rebound}");
    // The help lists them where the defaults were: before the status cycle.
    let help: Vec<Action> = offered(&app.state);
    let at = |action| help.iter().position(|a| *a == action).unwrap();
    assert!(at(Action::Add) < at(Action::Edit) && at(Action::Edit) < at(Action::Cycle), "{help:?}");
}

#[test]
fn hints_in_titles_tabs_and_messages_name_the_keys_bound_now() {
    let mut app = demo_app();
    let config = "[keys.global]\ngo-docs = \"D\"\nfilter = \"F\"\nundo = \"U\"\n\
                  [keys.docs]\nquick-filter = \"Q\"\n\
                  [keys.readiness]\nadd-contractor = \"Z\"\n";
    app.state.keymap = botdash::config::Config::parse(config).unwrap().keymap;
    keys(&mut app, "d");
    let confirm = screen(&app.state).concat();
    assert!(confirm.contains("(U") && !confirm.contains("(u"), "{confirm}");
    keys(&mut app, "\x1bFnordw\r\r");
    assert_eq!(app.state.opened.as_ref().unwrap().data.engagement.slug, "nordwind-fleet");
    keys(&mut app, "D");
    let docs = screen(&app.state).concat();
    assert!(docs.contains(" D Docs ") && !docs.contains(" 4 Docs "), "{docs}");
    assert!(docs.contains("(Q)") && !docs.contains("(f)"), "{docs}");
    keys(&mut app, "3");
    let staffing = screen(&app.state).concat();
    assert!(staffing.contains("· Z add") && !staffing.contains("· c add"), "{staffing}");
    keys(&mut app, "n");
    let message = app.state.message.clone().unwrap_or_default();
    assert_eq!(message, "no filter: press F to filter");
}

#[test]
fn slash_does_nothing_on_the_screens_without_a_list_to_filter() {
    let mut app = demo_app();
    keys(&mut app, "/nordw\r\r");
    for (typed, place) in [("1", "overview"), ("C", "sync conflicts")] {
        keys(&mut app, typed);
        assert!(!app.state.works_now(Action::Filter), "{place} offers /");
        keys(&mut app, "/");
        assert!(app.state.filter.is_none(), "{place}: / opened a filter prompt");
    }
}

#[test]
fn slash_does_nothing_on_an_empty_docs_list_or_health_view_as_the_footer_shows() {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    store.connection().execute_batch("DELETE FROM doc_item; DELETE FROM lesson").unwrap();
    let mut app = App::new(store, today()).unwrap();
    keys(&mut app, "/nordw\r\r");
    for (typed, place) in [("4", "docs"), ("5]]]]", "lessons learned")] {
        keys(&mut app, typed);
        assert_eq!(app.state.selected_record(), None, "{place} lists nothing");
        assert!(!offered(&app.state).contains(&Action::Filter), "{place} offers /");
        keys(&mut app, "/");
        assert!(app.state.filter.is_none(), "{place}: / opened a filter prompt");
    }
    keys(&mut app, "[");
    assert!(offered(&app.state).contains(&Action::Filter), "integrations has rows to filter");
}

#[test]
fn slash_is_offered_on_an_empty_column_of_a_board_with_cards_it_filters() {
    let mut app = demo_app();
    // Nordwind's Operate phase: its one card in Doing moves on, and the cursor goes back.
    keys(&mut app, "/nordw\r\r2lLh");
    let board = &app.state.screens.board;
    assert_eq!(board.cards(board.column, &app.state.context()).len(), 0);
    assert!(offered(&app.state).contains(&Action::Filter), "{:?}", offered(&app.state));
    // It finds the moved card in the next column.
    keys(&mut app, "/shadowing: client\rn");
    let board = &app.state.screens.board;
    let card = board.cards(board.column, &app.state.context())[board.row];
    assert!(card.title.starts_with("Shadowing: client"), "{}", card.title);
}

#[test]
fn undo_and_redo_are_offered_only_when_there_is_an_edit_to_take_back_or_make_again() {
    let mut app = App::new(Store::in_memory().unwrap(), today()).unwrap();
    // The footer, once the message of the last key is gone.
    let undo_shown = |app: &mut App| {
        app.state.message = None;
        footer(&app.state).contains(" u undo")
    };
    let offers = |app: &App, action| offered(&app.state).contains(&action);
    assert!(!undo_shown(&mut app), "{}", footer(&app.state));
    assert!(!offers(&app, Action::Undo) && !offers(&app, Action::Redo));
    keys(&mut app, "aAcme\tPortal\tacme\r");
    assert!(undo_shown(&mut app), "the new engagement can be taken back");
    assert_eq!(app.state.screen, Screen::Overview, "the new engagement is opened");
    keys(&mut app, "2aSet up CI\r");
    assert!(offers(&app, Action::Undo));
    assert!(!offers(&app, Action::Redo));
    keys(&mut app, "u");
    assert_eq!(app.state.message.as_deref(), Some("undid: added card 'Set up CI'"));
    assert!(offers(&app, Action::Redo), "the card can be added again");
    keys(&mut app, "u");
    assert!(!offers(&app, Action::Undo), "the engagement's first edit is taken back");
}
