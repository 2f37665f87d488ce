//! Messages and form errors are shown whole at 80 columns: a footer message that does not
//! fit wraps onto a second line, a field's error wraps under its field; and they name what
//! the user typed.

mod common;

use botdash::app::App;
use botdash::app::place::RecordRef;
use botdash::store::edit::Table;
use common::{demo_app, keys};

/// The lines `rows` of an 80×24 terminal, trimmed and joined by spaces.
fn lines(app: &mut App, rows: std::ops::Range<u16>) -> String {
    let terminal = common::draw(app, 80, 24);
    let buffer = terminal.backend().buffer();
    let line = |y: u16| (0..80).map(|x| buffer[(x, y)].symbol()).collect::<String>();
    rows.map(|y| line(y).trim().to_string()).collect::<Vec<_>>().join(" ")
}

#[test]
fn a_message_longer_than_the_footer_wraps_onto_a_second_line() {
    let mut app = demo_app();
    keys(&mut app, "/nordw\r\r4f"); // the Docs screen, its missing documents
    let doc = app.state.screens.docs.selected(&app.state.context()).unwrap().title.clone();
    keys(&mut app, "r");
    let message = format!("'{doc}' is missing: there is nothing to review until it is written");
    assert!(message.chars().count() > 79, "{message}");
    assert_eq!(lines(&mut app, 22..24), message);

    keys(&mut app, "j"); // the next key clears the message: the footer is one line again
    assert!(!lines(&mut app, 22..24).contains("nothing to review"));
    assert!(lines(&mut app, 23..24).contains("? help"));
}

#[test]
fn a_date_check_in_the_person_form_is_shown_whole_under_its_field() {
    let mut app = demo_app();
    keys(&mut app, "/nordw\r\r3");
    let data = &app.state.opened.as_ref().unwrap().data;
    let chiara = data.people.iter().find(|p| p.name == "Chiara Lang").unwrap();
    let onboarded = chiara.onboarded_at.unwrap();
    let record = RecordRef::new(Table::Person, &chiara.id.clone());
    assert!(app.state.go_to_record(&record));
    let before = onboarded - chrono::Days::new(30);
    keys(&mut app, &format!("e\t\t\t\t\t\t{before}\r")); // Independent, before onboarded
    let error = format!("independent ({before}) cannot come before onboarded ({onboarded})");
    let terminal = common::draw(&mut app, 80, 24);
    let buffer = terminal.backend().buffer();
    let row = |y: u16| (0..80).map(|x| buffer[(x, y)].symbol()).collect::<String>();
    // The form's text, inside its borders, line after line.
    let inside = |line: String| line.split('│').nth(1).unwrap_or("").trim().to_string();
    let form = (0..24).map(|y| inside(row(y))).collect::<Vec<_>>().join(" ");
    assert!(form.contains(&error), "{form}");
}

#[test]
fn the_report_form_names_the_path_typed_and_the_missing_folder_not_a_temporary_file() {
    let mut app = demo_app();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gone").join("r.html");
    keys(&mut app, &format!("/nordw\r\r:report\r\u{15}{}\r", path.display()));
    let Some(botdash::app::Overlay::Form(record)) = &app.state.overlay else {
        panic!("the form stays open: {:?}", app.state.message)
    };
    let path_field = record.form.fields.iter().find(|f| f.label == "Path").unwrap();
    let folder = dir.path().join("gone");
    let error = format!("cannot write {}: there is no folder {}", path.display(), folder.display());
    assert_eq!(path_field.error.as_deref(), Some(error.as_str()));
}

#[test]
fn the_report_form_to_a_folder_says_it_is_a_folder() {
    let mut app = demo_app();
    let dir = tempfile::tempdir().unwrap();
    keys(&mut app, &format!("/nordw\r\r:report\r\u{15}{}\r", dir.path().display()));
    let Some(botdash::app::Overlay::Form(record)) = &app.state.overlay else {
        panic!("the form stays open: {:?}", app.state.message)
    };
    let path_field = record.form.fields.iter().find(|f| f.label == "Path").unwrap();
    let error = format!("cannot write {}: it is a folder", dir.path().display());
    assert_eq!(path_field.error.as_deref(), Some(error.as_str()));
}

#[test]
fn a_record_another_program_made_unreadable_is_told_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("botdash.db");
    let mut store = botdash::store::Store::open(&path).unwrap();
    botdash::demo::save(&mut store, common::today()).unwrap();
    drop(store);
    let mut app = App::new(botdash::store::Store::open(&path).unwrap(), common::today()).unwrap();
    keys(&mut app, "/stadt\r\r4");
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute("UPDATE doc_item SET review_interval_days = 99999999999", []).unwrap();
    keys(&mut app, "j"); // the screens are read again: the change is seen
    let message = app.state.message.clone().unwrap_or_default();
    assert!(message.ends_with("; `botdash doctor` names it"), "{message}");
}
