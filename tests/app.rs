//! The application driven by keys, as a user drives it, with its effects checked in the
//! database: forms, confirmations, undo and redo, the filter, help and palette, config keys.

mod common;

use botdash::app::{App, Overlay, Screen};
use botdash::config::Config;
use botdash::store::Store;
use common::{demo_app, draw, keys, today};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

fn count(app: &App, sql: &str) -> i64 {
    app.store().connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn names(app: &App) -> Vec<String> {
    let mut st =
        app.store().connection().prepare("SELECT name FROM engagement ORDER BY name").unwrap();
    st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

fn message(app: &App) -> &str {
    app.state.message.as_deref().unwrap_or("")
}

fn form_error(app: &App, label: &str) -> Option<String> {
    match &app.state.overlay {
        Some(Overlay::Form(record)) => {
            record.form.fields.iter().find(|f| f.label == label)?.error.clone()
        }
        _ => None,
    }
}

#[test]
fn a_form_refuses_bad_input_asks_before_discarding_and_saves_once_valid() {
    let mut app = demo_app();
    keys(&mut app, "a\r");
    assert_eq!(form_error(&app, "Client").as_deref(), Some("Client must not be empty"));
    assert_eq!(count(&app, "SELECT count(*) FROM engagement"), 3);

    keys(&mut app, "ACME\x1b");
    assert!(matches!(app.state.overlay, Some(Overlay::Confirm(_))), "typed text: asks first");
    keys(&mut app, "n");
    assert!(matches!(app.state.overlay, Some(Overlay::Form(_))), "no: back to the form");
    keys(&mut app, "\tBilling\t\t\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f2026-02-30\r");
    assert!(form_error(&app, "Start").unwrap().contains("not a valid date"));
    keys(&mut app, "\x7f\x7f28\t\t\x7f\x7f7\r");
    assert!(form_error(&app, "Threshold").is_none());
    assert_eq!(count(&app, "SELECT count(*) FROM engagement"), 4);
    assert_eq!(message(&app), "created engagement 'acme-billing'");
    assert_eq!(
        count(&app, "SELECT readiness_threshold FROM engagement WHERE slug = 'acme-billing'"),
        7
    );

    keys(&mut app, "\x1ba");
    keys(&mut app, "\x1b");
    assert!(app.state.overlay.is_none(), "nothing typed: closes without asking");
}

#[test]
fn a_taken_slug_is_refused_beside_its_field() {
    let mut app = demo_app();
    keys(&mut app, "aNew\tThing\tnordwind-fleet\r");
    assert!(form_error(&app, "Slug").unwrap().contains("already exists"));
    assert_eq!(count(&app, "SELECT count(*) FROM engagement"), 3);
}

#[test]
fn editing_an_engagement_is_undone_and_redone() {
    let mut app = demo_app();
    keys(&mut app, "e\t");
    keys(&mut app, "\u{15}");
    keys(&mut app, "Parcel portal\r");
    assert!(names(&app).contains(&"Parcel portal".to_string()));
    assert_eq!(message(&app), "edited engagement 'Helvetia Retail'");
    keys(&mut app, "u");
    assert_eq!(message(&app), "undid: edited engagement 'Helvetia Retail'");
    assert!(names(&app).contains(&"PIM integration".to_string()));
    let redo = Event::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
    app.handle_event(redo.clone());
    assert_eq!(message(&app), "redid: edited engagement 'Helvetia Retail'");
    assert!(names(&app).contains(&"Parcel portal".to_string()));
    app.handle_event(redo);
    assert_eq!(message(&app), "nothing to redo");
}

#[test]
fn undo_works_after_quitting_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut store = Store::open(&path).unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let mut app = App::new(store, today()).unwrap();
    keys(&mut app, "Ay");
    assert_eq!(count(&app, "SELECT count(*) FROM engagement WHERE archived = 1"), 1);
    drop(app);

    let mut app = App::new(Store::open(&path).unwrap(), today()).unwrap();
    keys(&mut app, "u");
    assert!(message(&app).starts_with("undid: archived engagement"), "{}", message(&app));
    assert_eq!(count(&app, "SELECT count(*) FROM engagement WHERE archived = 1"), 0);
}

#[test]
fn deleting_asks_first_and_can_be_undone_whole() {
    let mut app = demo_app();
    let before = count(&app, "SELECT count(*) FROM task");
    keys(&mut app, "dn");
    assert_eq!(count(&app, "SELECT count(*) FROM engagement"), 3, "no: nothing deleted");
    keys(&mut app, "d\r");
    assert_eq!(count(&app, "SELECT count(*) FROM engagement"), 2);
    assert!(count(&app, "SELECT count(*) FROM task") < before);
    keys(&mut app, "u");
    assert_eq!(count(&app, "SELECT count(*) FROM engagement"), 3);
    assert_eq!(count(&app, "SELECT count(*) FROM task"), before);
}

#[test]
fn the_filter_narrows_the_list_and_escape_clears_it() {
    let mut app = demo_app();
    keys(&mut app, "/nordw");
    assert_eq!(app.state.screens.engagements.rows(&app.state.context()).len(), 1);
    keys(&mut app, "\r");
    assert_eq!(
        app.state.screens.engagements.selected(&app.state.context()).unwrap().engagement.slug,
        "nordwind-fleet"
    );
    keys(&mut app, "\r");
    assert_eq!(app.state.screen, Screen::Overview, "Enter opens the match");
    keys(&mut app, "\x1b/zzzz\x1b");
    assert!(app.state.filter.is_none());
    assert_eq!(app.state.screens.engagements.rows(&app.state.context()).len(), 3);
}

#[test]
fn n_jumps_between_matching_cards_across_columns() {
    let mut app = demo_app();
    keys(&mut app, "/nordw\r\r2");
    assert_eq!(app.state.screen, Screen::Board);
    keys(&mut app, "/o\r");
    let total: usize =
        (0..4).map(|c| app.state.screens.board.cards(c, &app.state.context()).len()).sum();
    assert!(total >= 3, "several cards match 'o'");
    let mut seen = Vec::new();
    for _ in 0..total {
        seen.push((app.state.screens.board.column, app.state.screens.board.row));
        keys(&mut app, "n");
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), total, "n visits every match once");
    assert_eq!(
        (app.state.screens.board.column, app.state.screens.board.row),
        seen[0],
        "and wraps around"
    );
}

#[test]
fn help_and_palette_list_the_screens_actions_and_run_the_chosen_one() {
    let mut app = demo_app();
    keys(&mut app, ":arch\r");
    match &app.state.overlay {
        Some(Overlay::Confirm(confirm)) => assert!(confirm.question.starts_with("Archive")),
        other => panic!("the palette ran archive: {other:?}"),
    }
    keys(&mut app, "\x1b?new eng\r");
    assert!(matches!(app.state.overlay, Some(Overlay::Form(_))), "help ran 'new engagement'");
}

#[test]
fn keys_from_the_config_file_apply_including_sequences() {
    let mut app = demo_app();
    let config = Config::parse("[keys.global]\nquit = \"Z Z\"\nundo = \"U\"\n").unwrap();
    app.state.keymap = config.keymap;
    keys(&mut app, "q");
    assert!(!app.state.quit);
    keys(&mut app, "Z");
    assert!(!app.state.quit, "waiting for the second key");
    keys(&mut app, "Z");
    assert!(app.state.quit);
}

#[test]
fn pasted_text_lands_in_the_focused_field_without_controls() {
    let mut app = demo_app();
    keys(&mut app, "a");
    app.handle_event(Event::Paste("Nord\x1b[2Jwind\nLogistik".into()));
    match &app.state.overlay {
        Some(Overlay::Form(record)) => {
            assert_eq!(record.form.fields[0].value(), "Nord[2Jwind Logistik")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_read_only_database_refuses_edits_with_a_message() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut store = Store::open(&path).unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    drop(store);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let mut app = App::new(Store::open(&path).unwrap(), today()).unwrap();
    for key in ["a", "e", "u", "d"] {
        keys(&mut app, key);
        assert!(message(&app).contains("read-only"), "{key}: {}", message(&app));
        assert!(app.state.overlay.is_none());
    }
}

#[test]
fn a_second_window_sees_the_first_ones_edits_on_focus_or_ctrl_l() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut store = Store::open(&path).unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let mut first = App::new(store, today()).unwrap();
    let mut second = App::new(Store::open(&path).unwrap(), today()).unwrap();
    keys(&mut first, "e\t\u{15}Renamed in the first window\r");
    let name = |app: &App| app.state.engagements[0].engagement.name.clone();
    assert_eq!(name(&first), "Renamed in the first window");
    assert_eq!(name(&second), "PIM integration", "not yet");
    second.handle_event(Event::FocusGained);
    assert_eq!(name(&second), "Renamed in the first window");
    keys(&mut first, "u");
    second.handle_event(Event::Key(KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL)));
    assert_eq!(name(&second), "PIM integration");
}

#[test]
fn the_list_reads_the_lines_it_shows_and_each_as_it_comes_into_view() {
    use botdash::model::template::{NewEngagement, Template, parse_date};
    let mut store = Store::in_memory().unwrap();
    for i in 0..40 {
        let new = NewEngagement {
            client: format!("Client {i:02}"),
            name: "Portal".into(),
            slug: format!("client-{i:02}"),
            start: parse_date("2026-01-05").unwrap(),
            transfer: None,
            threshold: 80,
            weights: None,
        };
        store.create_engagement(&new, &Template::standard(), "2026-01-05T09:00:00Z").unwrap();
    }
    let mut app = App::new(store, today()).unwrap();
    let read = |app: &App| app.state.engagements.iter().filter(|r| r.summary.is_some()).count();
    assert_eq!(read(&app), 0, "nothing is read before a screen is drawn");
    // 17 rows: the header, the tabs, the list's title and column names, 12 lines, the footer.
    draw(&mut app, 120, 17);
    assert_eq!(read(&app), 12);
    assert!(app.state.engagements[39].summary.is_none());
    keys(&mut app, "G");
    draw(&mut app, 120, 17);
    let last = app.state.engagements[39].summary.as_ref().expect("the last line is read");
    assert_eq!(last.readiness.score, 0.0);
    assert_eq!(read(&app), 24);
}

#[test]
fn past_midnight_the_screens_count_from_the_new_day_and_record_its_snapshot() {
    use botdash::clock::Clock;
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    store
        .connection()
        .execute(
            "UPDATE task SET due_date = ?1, status = 'todo' WHERE id = (SELECT t.id FROM task t \
             JOIN engagement e ON e.id = t.engagement_id WHERE e.slug = 'nordwind-fleet' LIMIT 1)",
            [today().to_string()],
        )
        .unwrap();
    let clock = Clock::set_to(today().and_hms_opt(23, 59, 30).unwrap());
    let mut app = App::new(store, clock.clone()).unwrap();
    let overdue = |app: &mut App| {
        draw(app, 120, 20);
        let row = app.state.engagements.iter().find(|r| r.engagement.slug == "nordwind-fleet");
        row.and_then(|r| r.summary.as_ref()).map(|s| s.overdue).unwrap()
    };
    let before = overdue(&mut app);
    keys(&mut app, "/nordw\r\r");
    let header = |app: &App| {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 12)).unwrap();
        let theme = botdash::ui::Theme::dark();
        terminal.draw(|frame| _ = botdash::ui::draw(frame, &app.state, &theme)).unwrap();
        format!("{:?}", terminal.backend())
    };
    let transfer = app.state.opened.as_ref().unwrap().data.engagement.planned_transfer_date;
    let days = (transfer.unwrap() - today()).num_days();
    assert!(header(&app).contains(&format!("transfer in {days} d")), "{}", header(&app));
    let snapshot_days = |app: &App| -> Vec<String> {
        let sql = "SELECT s.day FROM readiness_snapshot s JOIN engagement e ON e.id = \
                   s.engagement_id WHERE e.slug = 'nordwind-fleet' AND s.day >= '2026-06-15' \
                   ORDER BY s.day";
        let mut st = app.store().connection().prepare(sql).unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(snapshot_days(&app), ["2026-06-15"]);

    assert!(!app.turn_of_day(), "still the same day");
    clock.set(today().succ_opt().unwrap().and_hms_opt(0, 0, 5).unwrap());
    assert!(app.turn_of_day(), "the app notices the new day without a key");
    assert_eq!(app.state.today.to_string(), "2026-06-16");
    assert!(header(&app).contains(&format!("transfer in {} d", days - 1)), "{}", header(&app));
    assert_eq!(snapshot_days(&app), ["2026-06-15", "2026-06-16"]);
    keys(&mut app, "\x1b");
    let after = overdue(&mut app);
    assert!(after > before, "the cards due yesterday are overdue now: {before} then {after}");
}

/// Two windows on one file, both showing `screen` ("2" the board, "4" the docs) of the
/// engagement in Operate.
fn two_windows(screen: &str) -> (tempfile::TempDir, App, App) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.db");
    let mut store = Store::open(&path).unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    drop(store);
    let open = || {
        let mut app = App::new(Store::open(&path).unwrap(), today()).unwrap();
        keys(&mut app, &format!("/nordw\r\r{screen}"));
        app
    };
    (dir, open(), open())
}

/// The card under the cursor: its id and title.
fn selected_card(app: &App) -> (String, String) {
    let card = app.state.screens.board.cards(app.state.screens.board.column, &app.state.context())
        [app.state.screens.board.row];
    (card.id.clone(), card.title.clone())
}

fn task_column(app: &App, id: &str, column: &str) -> String {
    let sql = format!("SELECT {column} FROM task WHERE id = ?1");
    app.store().connection().query_row(&sql, [id], |r| r.get(0)).unwrap()
}

#[test]
fn a_card_moved_in_one_window_is_not_moved_back_by_a_stale_second_window() {
    let (_dir, mut a, mut b) = two_windows("2");
    let (card, title) = selected_card(&a);
    assert_eq!(selected_card(&b).0, card, "both windows show the same card in To do");
    keys(&mut a, "LLL");
    assert_eq!(task_column(&a, &card, "status"), "done");

    keys(&mut b, " ");
    assert_eq!(task_column(&b, &card, "status"), "done", "the file keeps A's move");
    assert!(
        message(&b).starts_with(&format!("'{title}' was changed in another window")),
        "{}",
        message(&b)
    );
    let shown = b.state.opened.as_ref().unwrap().data.tasks.iter().find(|t| t.id == card);
    assert_eq!(shown.unwrap().status.as_str(), "done", "B reloaded and shows A's move");
}

#[test]
fn notes_edited_in_two_windows_keep_the_first_and_tell_the_second() {
    let (_dir, mut a, mut b) = two_windows("2");
    let (card, _) = selected_card(&a);
    keys(&mut a, "e\t\t\tA's note\r");
    assert_eq!(task_column(&a, &card, "notes"), "A's note");
    keys(&mut b, "e\t\t\tB's note\r");
    assert_eq!(task_column(&b, &card, "notes"), "A's note", "B did not overwrite A's text");
    match &b.state.overlay {
        Some(Overlay::Form(record)) => {
            let error = record.form.error.as_deref().unwrap_or("");
            assert!(error.contains("was changed in another window"), "{error}");
            assert!(error.contains("(notes)"), "names the field: {error}");
        }
        _ => panic!("B's form stays open, with what B typed"),
    }
    keys(&mut b, "\x1by");
    keys(&mut b, "e\t\t\tB's note\r");
    assert_eq!(
        task_column(&b, &card, "notes"),
        "B's noteA's note",
        "editing again starts from A's text"
    );
}

#[test]
fn edits_of_different_fields_of_one_card_in_two_windows_are_both_kept() {
    let (_dir, mut a, mut b) = two_windows("2");
    let (card, title) = selected_card(&a);
    keys(&mut a, "e\u{15}Renamed by A\r");
    keys(&mut b, "e\t\t\tNote by B\r");
    assert_eq!(message(&b), format!("edited card '{title}'"));
    assert_eq!(task_column(&b, &card, "title"), "Renamed by A");
    assert_eq!(task_column(&b, &card, "notes"), "Note by B");
}

#[test]
fn a_doc_approved_in_one_window_is_not_moved_on_by_a_stale_second_window() {
    let (_dir, mut a, mut b) = two_windows("4");
    let doc = a.state.screens.docs.selected(&a.state.context()).unwrap().clone();
    let status = |app: &App| -> String {
        let sql = "SELECT status FROM doc_item WHERE id = ?1";
        app.store().connection().query_row(sql, [&doc.id], |r| r.get(0)).unwrap()
    };
    while status(&a) != "approved" {
        keys(&mut a, " ");
    }
    keys(&mut b, " ");
    assert_eq!(status(&b), "approved", "B's stale Space changed nothing");
    assert!(message(&b).contains("was changed in another window"), "{}", message(&b));
}

#[test]
fn undo_in_one_window_never_undoes_the_other_windows_edit() {
    let (_dir, mut a, mut b) = two_windows("2");
    let (first, _) = selected_card(&a);
    keys(&mut a, " ");
    keys(&mut b, "j");
    let (second, _) = selected_card(&b);
    keys(&mut b, "e\u{15}BETA\r");
    assert_eq!(message(&b), "edited card 'BETA'");

    keys(&mut a, "u");
    assert!(message(&a).starts_with("undid: moved"), "A undid its own move: {}", message(&a));
    assert_eq!(task_column(&a, &first, "status"), "todo");
    assert_eq!(task_column(&a, &second, "title"), "BETA", "B's edit stays");
    keys(&mut a, "u");
    assert!(message(&a).contains("made in another window"), "{}", message(&a));
    assert_eq!(task_column(&a, &second, "title"), "BETA", "B's edit stays");

    keys(&mut b, "u");
    assert_eq!(message(&b), "undid: edited card 'BETA'", "B undoes its own edit");
}

#[test]
fn undo_refuses_when_another_window_changed_the_record_since() {
    let (_dir, mut a, mut b) = two_windows("2");
    let (card, _) = selected_card(&a);
    keys(&mut a, "e\u{15}Renamed by A\r");
    keys(&mut b, "e\t\t\tNote by B\r");
    keys(&mut a, "u");
    assert!(message(&a).contains("was changed since"), "{}", message(&a));
    assert_eq!(task_column(&a, &card, "title"), "Renamed by A");
    assert_eq!(task_column(&a, &card, "notes"), "Note by B");
}

#[test]
fn a_card_whose_text_holds_control_characters_is_editable_in_one_window() {
    let (_dir, mut a, b) = two_windows("2");
    let (card, _) = selected_card(&a);
    // Text that came in by an import, written by another connection: a tab in the title.
    b.store()
        .connection()
        .execute("UPDATE task SET title = 'Runbook\tdraft' WHERE id = ?1", [&card])
        .unwrap();
    keys(&mut a, "jk"); // the next key notices the change and reads the file again
    assert_eq!(selected_card(&a).1, "Runbook\tdraft");
    keys(&mut a, "e\x7f\x7f\x7f\x7f\x7fready\r");
    if let Some(Overlay::Form(record)) = &a.state.overlay {
        panic!("refused: {:?}", record.form.error);
    }
    assert_eq!(task_column(&a, &card, "title"), "Runbook ready", "the form showed a space");
}
