//! The transfer inventory: the Transfer gate's computed criteria over it, secrets refused at
//! every way in, the Hand-over view's keys (status steps, the wrap question, undo), the
//! export round trip and the report.

mod common;

use botdash::app::detail::{Detail, Pane};
use botdash::app::{App, Overlay, Screen};
use botdash::model::gate::evaluate;
use botdash::model::handover::{HandoverItem, HandoverKind, HandoverStatus};
use botdash::model::score::readiness;
use botdash::model::{CriterionKind, EngagementData, GateCriterion, GateRule, Phase, new_id};
use botdash::store::Store;
use common::{demo_app, keys, today};

fn item(kind: HandoverKind, name: &str, status: HandoverStatus) -> HandoverItem {
    HandoverItem {
        id: new_id(),
        kind,
        name: name.into(),
        current_holder: "Contractor".into(),
        target_holder: "Client IT".into(),
        due_date: None,
        status,
        notes: String::new(),
    }
}

fn criterion(rule: GateRule) -> GateCriterion {
    GateCriterion {
        id: new_id(),
        phase: Phase::Transfer,
        title: rule.label().into(),
        kind: CriterionKind::Computed,
        rule: Some(rule.as_str().into()),
        blocking: true,
        met_at: None,
        evidence: None,
    }
}

/// The verdict of `rule` on an engagement whose inventory is `items`: met, or why not.
fn verdict(rule: GateRule, items: Vec<HandoverItem>) -> Result<(), String> {
    let mut data = botdash::demo::sample(today()).remove(0);
    data.handover = items;
    let r = readiness(&data, today());
    let verdict = evaluate(&criterion(rule), &data, &r, today());
    if verdict.met { Ok(()) } else { Err(verdict.reason.unwrap_or_default()) }
}

#[test]
fn access_needs_every_account_and_credential_verified_and_tools_only_transferred() {
    use HandoverKind::*;
    use HandoverStatus::*;
    let access = GateRule::AccessHandedOver;
    let tools = GateRule::ToolsHandedOver;
    // Nothing recorded proves nothing moved.
    assert_eq!(
        verdict(access, vec![item(Licence, "IDE licences", Verified)]),
        Err("no account or credential in the hand-over inventory yet".into())
    );
    // A credential transferred is not yet migrated: the contractor may still know it.
    let inventory = vec![
        item(Account, "Cloud admin", Verified),
        item(Credential, "DB admin", Transferred),
        item(Credential, "Deploy key", Planned),
        item(Repository, "Git group", Transferred),
        item(Domain, "portal.example", InProgress),
    ];
    assert_eq!(
        verdict(access, inventory.clone()),
        Err("DB admin is transferred, not verified; Deploy key is planned, not verified".into())
    );
    assert_eq!(
        verdict(tools, inventory),
        Err("portal.example is in progress, not transferred".into())
    );
    // Verified credentials meet access; transferred or verified tools meet tools.
    let done = vec![
        item(Account, "Cloud admin", Verified),
        item(Credential, "DB admin", Verified),
        item(Repository, "Git group", Transferred),
        item(Contract, "Hosting", Verified),
    ];
    assert_eq!(verdict(access, done.clone()), Ok(()));
    assert_eq!(verdict(tools, done), Ok(()));
}

#[test]
fn new_engagements_start_an_inventory_and_compute_the_transfer_criteria_from_it() {
    let new = botdash::model::template::NewEngagement {
        client: "ACME".into(),
        name: "Billing".into(),
        slug: "acme-billing".into(),
        start: today(),
        transfer: None,
        threshold: 80,
        weights: None,
    };
    let data =
        botdash::model::template::Template::standard().instantiate(&new, "2026-06-15T09:00:00Z");
    // One item of each kind, planned, due in the Transfer phase, in the inventory's order.
    let kinds: Vec<HandoverKind> = data.handover.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, HandoverKind::ALL);
    assert!(data.handover.iter().all(|i| i.status == HandoverStatus::Planned));
    let transfer = data.engagement.planned_transfer_date.unwrap();
    assert!(data.handover.iter().all(|i| i.due_date.is_some_and(|d| d > transfer)));
    let r = readiness(&data, today());
    let access = data.gates.iter().find(|g| g.title == "Access and credentials migrated").unwrap();
    assert_eq!(
        evaluate(access, &data, &r, today()).reason.as_deref(),
        Some(
            "Administrator accounts of the production systems is planned, not verified; Service \
             and deployment credentials (in the client's vault) is planned, not verified"
        )
    );
    let rules: Vec<(&str, Option<&str>)> = data
        .gates
        .iter()
        .filter(|g| g.phase == Phase::Transfer)
        .map(|g| (g.title.as_str(), g.rule.as_deref()))
        .collect();
    assert!(rules.contains(&("Access and credentials migrated", Some("handover.access_verified"))));
    assert!(
        rules.contains(&(
            "Tools and licences moved to the client",
            Some("handover.tools_transferred")
        ))
    );
}

/// The app on the demo's engagement `filter` finds, on the Hand-over view.
fn handover_app(filter: &str) -> App {
    let mut app = demo_app();
    keys(&mut app, &format!("/{filter}\r\r3]]]]"));
    assert_eq!(app.state.screen, Screen::Readiness);
    assert_eq!(app.state.screens.readiness.tab.title(), "Hand-over");
    app
}

fn inventory(app: &App) -> &[HandoverItem] {
    &app.state.opened.as_ref().unwrap().data.handover
}

fn status_of(app: &App, name: &str) -> HandoverStatus {
    inventory(app).iter().find(|i| i.name == name).unwrap().status
}

fn field_error(app: &App, label: &str) -> Option<String> {
    match &app.state.overlay {
        Some(Overlay::Form(record)) => {
            record.form.fields.iter().find(|f| f.label == label)?.error.clone()
        }
        _ => None,
    }
}

#[test]
fn a_secret_typed_into_the_form_is_refused_with_the_reason_and_nothing_is_written() {
    let mut app = handover_app("stadt");
    let before = inventory(&app).len();
    keys(&mut app, "aVPN account password=hunter2\r");
    assert_eq!(
        field_error(&app, "Name").as_deref(),
        Some("secrets are never stored: this holds a password (password=)")
    );
    assert_eq!(inventory(&app).len(), before, "nothing written");
    // Without the secret it is stored, in the inventory's order (accounts first).
    keys(&mut app, &"\x7f".repeat("password=hunter2".len()));
    keys(&mut app, "\r");
    assert!(app.state.overlay.is_none());
    assert_eq!(inventory(&app).len(), before + 1);
    assert_eq!(inventory(&app)[0].kind, HandoverKind::Account);
    let selected =
        app.state.screens.readiness.rows(&app.state.context())[app.state.screens.readiness.row];
    assert_eq!(inventory(&app)[selected].name, "VPN account", "the new item is selected");
}

#[test]
fn a_note_pointing_to_the_vault_is_stored_as_written() {
    let mut app = handover_app("stadt");
    for text in ["Token: see vault entry ops/db", "password: in the vault, entry ops/db"] {
        keys(&mut app, &format!("a{text}\r"));
        assert!(app.state.overlay.is_none(), "{text}: {:?}", field_error(&app, "Name"));
        assert!(inventory(&app).iter().any(|item| item.name == text), "{text}");
    }
}

#[test]
fn a_command_with_a_secret_is_refused_by_the_store_and_never_reaches_the_file() {
    use botdash::model::handover::HandoverItemField as F;
    use botdash::records::FieldValue;
    use botdash::store::command::Command;
    use botdash::store::edit::Table;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.db");
    let mut store = Store::open(&path).unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let engagement_id = store.engagements().unwrap()[0].id.clone();
    let create = Command::Create {
        engagement_id: engagement_id.clone(),
        table: Table::HandoverItem,
        values: vec![
            (F::Kind.into(), FieldValue::text("credential")),
            (F::Name.into(), FieldValue::text("Build server")),
            (F::Notes.into(), FieldValue::text("token: Tok3nNeverStored")),
        ],
    };
    // What no form checked (a script, a future screen) is held to the rule by the store.
    let why = store.execute(Some(&engagement_id), "added", &[create]).unwrap_err();
    assert_eq!(why.to_string(), "secrets are never stored: this holds a token (token=)");
    drop(store);
    for file in std::fs::read_dir(dir.path()).unwrap() {
        let bytes = std::fs::read(file.unwrap().path()).unwrap();
        let secret = b"Tok3nNeverStored";
        assert!(!bytes.windows(secret.len()).any(|w| w == secret), "not in the undo history");
    }
}

#[test]
fn space_steps_the_status_asks_before_wrapping_and_undo_takes_it_back() {
    let mut app = handover_app("stadt");
    // The demo's first item, the production account, is verified.
    let name = inventory(&app)[0].name.clone();
    assert_eq!(status_of(&app, &name), HandoverStatus::Verified);
    keys(&mut app, " ");
    match &app.state.overlay {
        Some(Overlay::Confirm(c)) => {
            assert_eq!(c.question, format!("Set '{name}' from verified back to planned?"))
        }
        other => panic!("no question: {other:?}"),
    }
    keys(&mut app, "n");
    assert_eq!(status_of(&app, &name), HandoverStatus::Verified, "no kept it");
    keys(&mut app, " y");
    assert_eq!(status_of(&app, &name), HandoverStatus::Planned);
    keys(&mut app, " ");
    assert_eq!(status_of(&app, &name), HandoverStatus::InProgress, "no question before verified");
    keys(&mut app, "uu");
    assert_eq!(status_of(&app, &name), HandoverStatus::Verified);
    app.perform(botdash::app::Action::Redo);
    assert_eq!(status_of(&app, &name), HandoverStatus::Planned, "redo gives the step back");
}

#[test]
fn an_import_with_a_secret_in_a_note_is_refused_naming_the_item() {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let mut export = store.export(&[], |_, _| {}).unwrap();
    let exported = &mut export.engagements[0].data;
    exported.handover[1].notes = "-----BEGIN RSA PRIVATE KEY-----".into();
    let name = exported.handover[1].name.clone();
    let slug = exported.engagement.slug.clone();
    let mut other = Store::in_memory().unwrap();
    let why = other
        .import(&export, false, chrono::Local::now().date_naive(), |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(
        why.contains(&format!("engagement '{slug}': hand-over item '{name}': secrets")),
        "{why}"
    );
    assert!(other.engagements().unwrap().is_empty(), "nothing imported");
    // A secret in a name: the item is named by its place, the secret never echoed.
    let exported = &mut export.engagements[0].data;
    exported.handover[1].notes.clear();
    exported.handover[1].name = "DB postgres://admin:S3cret@db.example/app".into();
    let why = other
        .import(&export, false, chrono::Local::now().date_naive(), |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(why.contains("hand-over item #2 in the file (its name): secrets are never"), "{why}");
    assert!(!why.contains("S3cret"), "{why}");
    // In Held by or Goes to, as in the notes: refused, the item named, the secret not echoed.
    let exported = &mut export.engagements[0].data;
    exported.handover[1].name = name.clone();
    exported.handover[1].current_holder = "postgres://admin:S3cretForm@db:5432/app".into();
    let why = other
        .import(&export, true, chrono::Local::now().date_naive(), |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(why.contains(&format!("hand-over item '{name}': secrets")), "{why}");
    assert!(why.contains("in its current holder"), "{why}");
    assert!(!why.contains("S3cretForm"), "{why}");
    let exported = &mut export.engagements[0].data;
    exported.handover[1].current_holder = "Contractor".into();
    exported.handover[1].target_holder = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig".into();
    let why = other
        .import(&export, true, chrono::Local::now().date_naive(), |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(why.contains("a JSON web token (eyJ….eyJ…), in its target holder"), "{why}");
    assert!(other.engagements().unwrap().is_empty(), "nothing imported");
}

#[test]
fn the_inventory_survives_export_and_import_whole() {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let export = store.export(&[], |_, _| {}).unwrap();
    let json = serde_json::to_string(&export).unwrap();
    let mut other = Store::in_memory().unwrap();
    other
        .import(
            &serde_json::from_str(&json).unwrap(),
            false,
            chrono::Local::now().date_naive(),
            |_, _| {},
        )
        .unwrap();
    for engagement in store.engagements().unwrap() {
        let slug = engagement.slug.clone();
        let mine: EngagementData = store.load(engagement).unwrap();
        let theirs = other.load(other.engagement_by_slug(&slug).unwrap()).unwrap();
        assert_eq!(mine.handover.len(), 7, "{slug}");
        assert_eq!(mine.handover, theirs.handover, "{slug}");
    }
}

#[test]
fn the_report_counts_the_inventory_by_kind_and_names_what_is_overdue() {
    let app = handover_app("stadt");
    let data = app.state.opened.as_ref().unwrap().data.clone();
    let report = botdash::report::Report::new(
        &data,
        &botdash::report::Context {
            overrides: &[],
            since: (today(), botdash::report::changes::Since::Given),
            changes: &[],
            previous: None,
            settings: &Default::default(),
        },
        today(),
        today(),
    );
    let markdown = botdash::report::markdown(&report);
    assert!(markdown.contains("## Hand-over inventory"), "{markdown}");
    assert!(markdown.contains("6 of 7 items handed over, 3 of them verified."), "{markdown}");
    assert!(markdown.contains("Overdue: TLS certificate for the portal domain."), "{markdown}");
    assert!(markdown.contains("| credential / secret | 1 | 1 | 0 |"), "{markdown}");
    assert!(markdown.contains("| in progress (overdue) |"), "{markdown}");
    let json = serde_json::to_value(&report).unwrap();
    let items = json["handover"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 7);
    assert_eq!(items.iter().filter(|i| i["overdue"] == true).count(), 1);
    // The header warns of it.
    let warnings = botdash::model::warnings(&data, None, today());
    assert!(warnings.contains(&"1 hand-over overdue".to_string()), "{warnings:?}");
}

#[test]
fn the_overdue_warning_leads_to_the_first_overdue_item() {
    let mut app = demo_app();
    keys(&mut app, "/nordw\r\r");
    let overdue = inventory(&app).iter().find(|i| i.is_overdue(today())).unwrap().name.clone();
    // `w` lists the warnings; the hand-over one is found by its words.
    keys(&mut app, "w");
    let Some(Detail { pane: Pane::Places { entries, .. }, .. }) = &app.state.detail else {
        panic!("no warnings")
    };
    let at = entries.iter().position(|(text, _)| text == "1 hand-over overdue").unwrap();
    keys(&mut app, &format!("{}\r", "j".repeat(at)));
    assert_eq!(app.state.screens.readiness.tab.title(), "Hand-over");
    let row =
        app.state.screens.readiness.rows(&app.state.context())[app.state.screens.readiness.row];
    assert_eq!(inventory(&app)[row].name, overdue);
}

#[test]
fn the_filter_keeps_the_items_whose_name_matches() {
    let mut app = handover_app("stadt");
    keys(&mut app, "/certif\r");
    let rows = app.state.screens.readiness.rows(&app.state.context());
    let names: Vec<&str> = rows.iter().map(|&i| inventory(&app)[i].name.as_str()).collect();
    assert_eq!(names, ["TLS certificate for the portal domain"]);
}

#[test]
fn the_calendar_has_each_item_due_until_it_is_transferred() {
    let data = botdash::demo::sample(today()).remove(0);
    let events = botdash::calendar::events(&data);
    let due: Vec<&str> = events
        .iter()
        .filter(|e| e.uid.ends_with(".handover-due@botdash"))
        .map(|e| e.summary.as_str())
        .collect();
    let open = data.handover.iter().filter(|i| !i.is_handed_over()).count();
    assert_eq!(due.len(), open, "{due:?}");
    assert!(
        due.contains(&"Hand over account / access right: Cloud production account (admin role)")
    );
    assert!(!due.iter().any(|s| s.ends_with("Monitoring tool licence")), "transferred: no event");
}

#[test]
fn an_item_verified_in_the_period_is_among_what_changed() {
    use botdash::model::handover::HandoverItemField;
    use botdash::records::FieldValue;
    use botdash::store::command::Command;
    use botdash::store::edit::Table;
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    let mut store = Store::open(&db).unwrap();
    let data = store.load(store.engagement_by_slug("acme-billing").unwrap()).unwrap();
    let item = &data.handover[0];
    let status = |s: &str| vec![(HandoverItemField::Status.into(), FieldValue::text(s))];
    let verify = Command::Patch {
        table: Table::HandoverItem,
        id: item.id.clone(),
        values: status("verified"),
        shown: status("planned"),
    };
    store.execute(Some(&data.engagement.id), "verified", &[verify]).unwrap();
    drop(store);
    let out = common::botdash(&db, &["report", "acme-billing", "--format", "md"]);
    let md = String::from_utf8(out.stdout).unwrap();
    let tables = common::markdown_tables(&md);
    let finished = tables.iter().find(|t| t[0][0] == "Finished").expect("a Finished table");
    assert_eq!(finished[1][1..], ["hand-over verified".to_string(), item.name.clone()]);
}
