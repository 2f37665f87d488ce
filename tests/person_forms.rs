//! The person forms on Readiness (the client's and the contractor's people, added and
//! edited): a name another person of the engagement has is refused beside the name, and
//! dates a file already holds out of order do not stop an edit of the other fields.

mod common;

use botdash::app::{App, Overlay};
use botdash::model::{EngagementData, PersonField};
use botdash::records::FieldValue;
use botdash::store::Store;
use botdash::store::command::Command;
use botdash::store::edit::Table;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

/// The demo in a file in `dir`: its path, the store and the Stadtwerke sample's records.
fn demo_file(dir: &std::path::Path) -> (std::path::PathBuf, Store, EngagementData) {
    let path = dir.join("botdash.db");
    let mut store = Store::open(&path).unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let data = store.load(store.engagement_by_slug("stadtwerke-billing").unwrap()).unwrap();
    (path, store, data)
}

/// The app on the file at `path`, on Readiness › Staffing with the person `id` selected.
fn on_person(path: &std::path::Path, id: &str) -> App {
    let mut app = App::new(Store::open(path).unwrap(), today()).unwrap();
    common::keys(&mut app, "/stadt\r\r3");
    select(&mut app, id);
    app
}

/// Selects the person `id` on Staffing, moving down, then up.
fn select(app: &mut App, id: &str) {
    for key in ["j"; 40].into_iter().chain(["k"; 80]) {
        if app.state.selected_record().is_some_and(|r| r.id == id) {
            return;
        }
        common::keys(app, key);
    }
    panic!("{id} is not on Staffing");
}

/// The error the open form shows beside its field labelled `label`.
fn error_beside(app: &App, label: &str) -> Option<String> {
    let Some(Overlay::Form(record)) = &app.state.overlay else { panic!("no form open") };
    let field = record.form.fields.iter().find(|f| f.label == label).expect("a field so labelled");
    field.error.clone()
}

/// The stored name of the person `id` of `table`.
fn stored_name(app: &App, table: &str, id: &str) -> String {
    let sql = format!("SELECT name FROM {table} WHERE id = ?1");
    app.store().connection().query_row(&sql, [id], |r| r.get(0)).unwrap()
}

fn taken(name: &str) -> Option<String> {
    Some(format!("another person of this engagement is called '{name}'"))
}

#[test]
fn a_name_another_person_of_the_engagement_has_is_refused_beside_the_name_field() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _store, data) = demo_file(dir.path());
    let (client, other) = (&data.people[0], &data.people[1]);
    let contractor = &data.contractor_staff[0];

    // Editing a client's person: another side's name, and one of their own side in other case.
    let mut app = on_person(&path, &client.id);
    common::keys(&mut app, &format!("e\u{15}{}\r", contractor.name));
    assert_eq!(error_beside(&app, "Name"), taken(&contractor.name));
    common::keys(&mut app, &format!("\u{15}{}\r", other.name.to_uppercase()));
    assert_eq!(error_beside(&app, "Name"), taken(&other.name), "whatever the case");
    let spaced = format!(" {} ", other.name.replace(' ', "  "));
    common::keys(&mut app, &format!("\u{15}{spaced}\r"));
    assert_eq!(error_beside(&app, "Name"), taken(&other.name), "whatever the blanks");
    assert_eq!(stored_name(&app, "person", &client.id), client.name, "nothing was saved");
    common::keys(&mut app, "\u{15}Ines Brandt\r");
    assert!(app.state.overlay.is_none(), "a name nobody has is saved");
    assert_eq!(stored_name(&app, "person", &client.id), "Ines Brandt");

    // Editing one of the contractor's people, and adding one to either side.
    select(&mut app, &contractor.id);
    common::keys(&mut app, &format!("e\u{15}{}\r", other.name));
    assert_eq!(error_beside(&app, "Name"), taken(&other.name));
    common::keys(&mut app, "\x1by");
    common::keys(&mut app, &format!("c{}\r", other.name));
    assert_eq!(error_beside(&app, "Name"), taken(&other.name), "adding a contractor's person");
    common::keys(&mut app, "\x1by");
    select(&mut app, &other.id);
    common::keys(&mut app, &format!("a{}\r", contractor.name));
    assert_eq!(error_beside(&app, "Name"), taken(&contractor.name), "adding a client's person");
}

#[test]
fn a_person_keeping_a_name_another_already_shares_is_still_editable() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store, data) = demo_file(dir.path());
    let client = &data.people[0];
    let namesake = Command::Create {
        engagement_id: data.engagement.id.clone(),
        table: Table::Person,
        values: vec![
            (PersonField::Id.into(), FieldValue::text("p-twin")),
            (PersonField::Name.into(), FieldValue::text(&client.name)),
            (PersonField::State.into(), FieldValue::text("hired")),
        ],
    };
    store.execute(None, "namesake", &[namesake]).unwrap();
    drop(store);

    let mut app = on_person(&path, &client.id);
    // The name kept, the state changed with Space on its field.
    common::keys(&mut app, "e\t\t \r");
    assert!(app.state.overlay.is_none(), "saved: {:?}", app.state.message);
    assert_eq!(stored_name(&app, "person", &client.id), client.name);
}

#[test]
fn a_name_only_edit_goes_through_where_the_file_already_holds_dates_out_of_order() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store, data) = demo_file(dir.path());
    let person = data.people.iter().find(|p| p.hired_at.is_some() && p.onboarded_at.is_some());
    let person = person.expect("a demo person hired and onboarded");
    let hired = person.onboarded_at.unwrap() + chrono::Days::new(10);
    let sql = "UPDATE person SET hired_at = ?1 WHERE id = ?2";
    store.connection().execute(sql, [hired.to_string(), person.id.clone()]).unwrap();
    drop(store);

    let mut app = on_person(&path, &person.id);
    common::keys(&mut app, "e\u{15}Chiara Rossi-Brandt\r");
    assert!(app.state.overlay.is_none(), "saved: {:?}", app.state.message);
    assert_eq!(stored_name(&app, "person", &person.id), "Chiara Rossi-Brandt");

    // Changing a date of the pair out of order is still refused, beside the later one.
    let later = hired + chrono::Days::new(1);
    common::keys(&mut app, &format!("e\t\t\t\t\u{15}{later}\r"));
    let onboarded = person.onboarded_at.unwrap();
    let problem = format!("onboarded ({onboarded}) cannot come before hired ({later})");
    assert_eq!(error_beside(&app, "Onboarded"), Some(problem));
}
