//! People in the plan: deleting a person clears what names them (and undo gives it back),
//! and the references travel through an export and import; old exports still import.

use botdash::model::EngagementData;
use botdash::store::Store;
use botdash::store::command::Command;
use botdash::store::edit::Table;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

fn sample() -> (Store, EngagementData) {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let engagement = store.engagement_by_slug("stadtwerke-billing").unwrap();
    let data = store.load(engagement).unwrap();
    (store, data)
}

#[test]
fn deleting_a_person_clears_what_names_them_and_undo_gives_it_back() {
    let (mut store, data) = sample();
    let trainee = data.kt_trainees[0].person_id.clone();
    let named = data.references_to(&trainee);
    assert!(named.iter().any(|r| r.starts_with("trainee of")), "{named:?}");
    let delete = Command::Delete { table: Table::Person, id: trainee.clone() };
    let engagement = data.engagement.id.clone();
    store.execute(Some(&engagement), "deleted", &[delete]).unwrap();
    let after = store.load(data.engagement.clone()).unwrap();
    assert!(after.references_to(&trainee).is_empty(), "nothing names them any more");
    assert_eq!(after.kt_topics.len(), data.kt_topics.len(), "no topic went with them");
    assert_eq!(after.responsibilities.len(), data.responsibilities.len());
    store.undo(Some(&engagement)).unwrap();
    let undone = store.load(data.engagement.clone()).unwrap();
    assert_eq!(undone.references_to(&trainee), named);
    assert_eq!(undone.kt_trainees, data.kt_trainees);
    assert_eq!(undone.responsibilities, data.responsibilities);
}

#[test]
fn people_in_the_plan_survive_export_and_import_and_old_exports_import() {
    let (store, data) = sample();
    let export = store.export(std::slice::from_ref(&data.engagement.slug), |_, _| {}).unwrap();
    let mut imported = Store::in_memory().unwrap();
    imported.import(&export, false, |_, _| {}).unwrap();
    let again = imported.load(data.engagement.clone()).unwrap();
    assert_eq!(again.contractor_staff, data.contractor_staff);
    assert_eq!(again.kt_trainees, data.kt_trainees);
    assert_eq!(again.kt_topics, data.kt_topics);
    assert_eq!(again.responsibilities, data.responsibilities);

    let mut json = serde_json::to_value(&export).unwrap();
    let engagement = &mut json["engagements"][0];
    for key in ["contractor_staff", "kt_trainees"] {
        assert!(engagement.as_object_mut().unwrap().remove(key).is_some());
    }
    for topic in engagement["kt_topics"].as_array_mut().unwrap() {
        topic.as_object_mut().unwrap().retain(|k, _| k != "trainer_id" && k != "signed_off_by_id");
    }
    for duty in engagement["responsibilities"].as_array_mut().unwrap() {
        let old = ["accountable_id", "verifier_id", "signer_id", "skill_id"];
        duty.as_object_mut().unwrap().retain(|k, _| !old.contains(&k.as_str()));
    }
    engagement["history"] = serde_json::json!([]);
    let old = serde_json::from_value(json).unwrap();
    let mut from_old = Store::in_memory().unwrap();
    from_old.import(&old, false, |_, _| {}).unwrap();
    let loaded = from_old.load(data.engagement.clone()).unwrap();
    assert!(loaded.contractor_staff.is_empty() && loaded.kt_trainees.is_empty());
    assert!(loaded.responsibilities.iter().all(|r| r.accountable_id.is_none()));
}
