//! Every screen drawn on the demo data at 80×24 and 120×40, compared with reviewed
//! snapshots; and every screen at every tiny size, which must not panic.

mod common;

use botdash::app::{Action, App, Screen};
use botdash::store::Store;
use botdash::store::edit::Table;
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
    opened_app("nordwind-fleet")
}

/// Selects the engagement `slug` on the list.
fn select(app: &mut App, slug: &str) {
    let row = app.state.engagements.iter().find(|r| r.engagement.slug == slug).unwrap();
    let id = row.engagement.id.clone();
    assert!(app.state.select_engagement(&id));
}

/// The demo app with the engagement `slug` open.
fn opened_app(slug: &str) -> App {
    let mut app = demo_app();
    select(&mut app, slug);
    app.perform(Action::Open);
    app
}

fn render(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    draw(&mut terminal, app, &Theme::dark()).unwrap();
    terminal
}

/// The lines of a drawn screen; with `dialog`, only those inside the dialog's box (the screen
/// behind a dialog is hidden, not cut).
fn lines(terminal: &Terminal<TestBackend>, dialog: bool) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    let symbols: Vec<&str> = buffer.content().iter().map(|c| c.symbol()).collect();
    let rows: Vec<&[&str]> = symbols.chunks(usize::from(buffer.area.width)).collect();
    let corner = |symbol| {
        rows.iter()
            .enumerate()
            .find_map(|(y, row)| Some((y, row.iter().position(|s| *s == symbol)?)))
    };
    let shown = match (corner("┌"), corner("┘")) {
        (Some((top, left)), Some((bottom, right))) if dialog => {
            &rows[top..=bottom].iter().map(|r| &r[left..=right]).collect::<Vec<_>>()
        }
        _ => &rows,
    };
    shown.iter().map(|row| row.concat()).collect()
}

/// Short forms a narrow screen uses by design where the whole words do not fit: the
/// Readiness tabs say "KT" for "Knowledge transfer" below 91 columns.
const SHORT_FORMS: &[&str] = &["KT"];

/// The words on `screen` that are neither on `wide` (the same screen drawn wide enough that
/// nothing is cut) nor end in `…` nor are a short form: words a widget cut silently, or two
/// columns run together.
fn cut_words(screen: &[String], wide: &[String]) -> Vec<String> {
    // Borders and bars part words as spaces do.
    let apart = |c: char| c.is_whitespace() || ('\u{2500}'..='\u{259f}').contains(&c);
    let words = |lines: &[String]| -> Vec<String> {
        let words = lines.iter().flat_map(|l| l.split(apart).collect::<Vec<_>>());
        // "risk" stands whole where the wide screen says "risk:".
        let words = words.map(|w| w.trim_end_matches([',', ':', ';', '.']).to_string());
        words.filter(|w| !w.is_empty()).collect()
    };
    let whole = words(wide);
    words(screen)
        .into_iter()
        .filter(|w| w.chars().any(char::is_alphanumeric) && !w.ends_with('…'))
        .filter(|w| !whole.contains(w) && !SHORT_FORMS.contains(&w.as_str()))
        .collect()
}

/// Snapshots `app` at both standard sizes, and checks that neither cuts a word silently.
fn snapshot(name: &str, app: &mut App) {
    for (w, h) in [(80, 24), (120, 40)] {
        let terminal = render(app, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
        let dialog = app.state.overlay.is_some();
        let wide = render(app, 400, h);
        let cut = cut_words(&lines(&terminal, dialog), &lines(&wide, dialog));
        assert!(cut.is_empty(), "{name} at {w}×{h} cuts {cut:?}");
    }
}

#[test]
fn engagements_screen() {
    let mut app = demo_app();
    // The figures and verdicts the list computes while the user is idle.
    while app.work_on_portfolio() {}
    snapshot("engagements", &mut app);
}

#[test]
fn welcome_on_an_empty_database() {
    let mut app = App::new(Store::in_memory().unwrap(), today()).unwrap();
    snapshot("welcome", &mut app);
}

#[test]
fn overview_screen() {
    let mut app = operate_app();
    snapshot("overview", &mut app);
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = lines(&render(&mut app, w, h), false).concat();
        let legend = ["━ history", "━ pace", "━ plan", "━ threshold 80"];
        assert!(legend.iter().all(|l| screen.contains(l)), "no chart legend at {w}×{h}");
    }
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
    select(&mut app, "nordwind-fleet");
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
    for name in ["staffing", "skills", "kt", "responsibilities", "handover", "operations", "score"]
    {
        snapshot(&format!("readiness_{name}"), &mut app);
        app.perform(Action::NextTab);
    }
}

#[test]
fn a_persons_view() {
    let mut app = operate_app();
    let data = app.state.opened.as_ref().unwrap().data.clone();
    let at_risk = data.people.iter().find(|p| {
        let view = botdash::model::person::person_readiness(&data, &p.id, today()).unwrap();
        !view.risks.is_empty() && !view.topics.is_empty()
    });
    let person = botdash::app::place::RecordRef::new(Table::Person, &at_risk.unwrap().id);
    assert!(app.state.go_to_record(&person));
    app.perform(Action::Person);
    snapshot("person", &mut app);
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
fn a_long_trainer_name_is_cut_and_the_trainee_count_stays() {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    let long = "Maximiliane Alexandra von Hohenzollern-Sigmaringen";
    store.connection().execute("UPDATE contractor_person SET name = ?1", [long]).unwrap();
    let mut app = App::new(store, today()).unwrap();
    select(&mut app, "nordwind-fleet");
    app.perform(Action::Open);
    app.perform(Action::GoTo(Screen::Readiness));
    while app.state.screens.readiness.tab != botdash::app::ReadinessTab::Kt {
        app.perform(Action::NextTab);
    }
    let data = app.state.opened.as_ref().unwrap().data.clone();
    let topic = data.kt_topics.iter().find(|t| t.trainer_id.is_some()).unwrap();
    let count = format!("… ({})", data.trainees_of(&topic.id).count());
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = lines(&render(&mut app, w, h), false);
        let row = screen.iter().find(|l| l.contains(&topic.title[..10])).unwrap();
        assert!(row.contains(&count), "{w}×{h}: {row}");
    }
    snapshot("readiness_kt_long_trainer", &mut app);
}

#[test]
fn kt_topic_form_with_its_people() {
    let mut app = operate_app();
    app.perform(Action::GoTo(Screen::Readiness));
    app.perform(Action::NextTab);
    app.perform(Action::NextTab);
    app.perform(Action::Down);
    app.perform(Action::Edit);
    snapshot("kt_topic_form", &mut app);
}

#[test]
fn new_engagement_form() {
    let mut app = demo_app();
    app.perform(Action::Add);
    snapshot("new_engagement_form", &mut app);
}

/// A review date both sides changed differently.
fn a_conflict() -> botdash::store::sync::Conflict {
    botdash::store::sync::Conflict {
        id: "0000".into(),
        table: botdash::store::edit::Table::DocItem,
        key: serde_json::Map::new(),
        name: Some("Runbooks for routine tasks".into()),
        linked: Vec::new(),
        column: Some(botdash::model::DocItemField::LastReviewedAt.into()),
        engagement: Some("nordwind-fleet".into()),
        names: Default::default(),
        kind: botdash::store::sync::ConflictKind::BothChanged,
        mine: Some("2026-06-01".into()),
        theirs: Some("2026-06-03".into()),
        source: "a-000001.changeset".into(),
        found_at: "2026-06-15T09:00:00Z".into(),
        reason: None,
    }
}

#[test]
fn conflicts_screen_in_domain_words() {
    let mut app = operate_app();
    app.state.screens.conflicts.list = vec![a_conflict()];
    app.perform(Action::GoTo(Screen::Conflicts));
    snapshot("conflicts", &mut app);
    let screen = lines(&render(&mut app, 120, 40), false).concat();
    assert!(screen.contains("document 'Runbooks for routine tasks'"), "{screen}");
    assert!(screen.contains("review date"), "{screen}");
    assert!(!screen.contains("doc_item") && !screen.contains("last_reviewed_at"), "{screen}");
}

#[test]
fn no_screen_panics_at_any_small_size() {
    let mut app = operate_app();
    app.state.screens.conflicts.list = vec![a_conflict()];
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

#[test]
fn the_header_keeps_the_transfer_risk_at_80_columns() {
    let mut app = operate_app();
    for screen in [Screen::Overview, Screen::Board, Screen::Readiness, Screen::Docs] {
        app.perform(Action::GoTo(screen));
        let header = &lines(&render(&mut app, 80, 24), false)[0];
        assert!(header.contains("⚠ transfer at risk"), "{header}");
        assert!(header.contains("Operate") && header.contains("53.3 L1"), "{header}");
    }
}

#[test]
fn form_labels_never_touch_their_values() {
    let mut app = operate_app();
    app.perform(Action::GoTo(Screen::Docs));
    app.perform(Action::Down);
    app.perform(Action::Edit);
    let Some(botdash::app::Overlay::Form(record)) = &app.state.overlay else { panic!("no form") };
    let labels: Vec<String> = record
        .form
        .fields
        .iter()
        .map(|f| format!("{}{}", f.label, if f.required { "*" } else { "" }))
        .collect();
    let shown = lines(&render(&mut app, 120, 40), true);
    for label in labels {
        let line = shown.iter().find(|l| l.contains(&label)).unwrap_or_else(|| panic!("{label}"));
        let after = line.split_once(label.as_str()).unwrap().1;
        assert!(after.starts_with(' '), "{label} touches its value: {line}");
    }
}

#[test]
fn the_operations_view_shows_the_weeks_and_the_hypercare_exit() {
    let mut app = opened_app("stadtwerke-billing");
    app.perform(Action::GoTo(Screen::Readiness));
    while app.state.screens.readiness.tab != botdash::app::ReadinessTab::Operations {
        app.perform(Action::NextTab);
    }
    snapshot("readiness_operations_tickets", &mut app);
}

#[test]
fn the_score_view_keeps_its_forecast_and_chart_at_80x24() {
    let mut app = operate_app();
    app.perform(Action::GoTo(Screen::Readiness));
    while app.state.screens.readiness.tab != botdash::app::ReadinessTab::Score {
        app.perform(Action::NextTab);
    }
    let screen = lines(&render(&mut app, 80, 24), false).concat();
    assert!(
        screen.contains("Threshold 80: not reached on plan")
            && screen.contains("the current pace 2026-09-25"),
        "{screen}"
    );
    assert!(screen.contains("━ history") && screen.contains("today"), "{screen}");
}

#[test]
fn the_skills_matrix_tells_people_apart_names_its_cell_and_shows_its_scroll() {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    store
        .connection()
        .execute_batch(
            "INSERT INTO person (id, engagement_id, name, state) SELECT 'p-' || n.name, e.id, \
             n.name, 'hired' FROM engagement e, (SELECT 'Bernd Öztürk' AS name UNION ALL \
             SELECT 'Anna Alt' UNION ALL SELECT 'Carl Cole') n WHERE e.slug = 'nordwind-fleet'",
        )
        .unwrap();
    let mut app = App::new(store, today()).unwrap();
    select(&mut app, "nordwind-fleet");
    app.perform(Action::Open);
    app.perform(Action::GoTo(Screen::Readiness));
    app.perform(Action::NextTab);
    assert_eq!(app.state.screens.readiness.tab, botdash::app::ReadinessTab::Skills);

    let wide = lines(&render(&mut app, 120, 40), false);
    let header = wide.iter().find(|l| l.starts_with("Skill ")).unwrap();
    assert!(header.contains(" BÖ1 ") && header.contains(" BÖ2 "), "{header}");
    let data = &app.state.opened.as_ref().unwrap().data;
    let cell = format!("{} · {}: ", data.people[0].name, data.skills[0].name);
    assert!(wide.iter().any(|l| l.starts_with(&cell)), "no line names the cell {cell}");

    let narrow = lines(&render(&mut app, 80, 24), false);
    assert!(narrow.iter().any(|l| l.contains("2 more ▸")), "{narrow:#?}");
}

#[test]
fn late_kt_topics_and_responsibilities_are_marked_as_the_header_counts_them() {
    let mut app = operate_app();
    let forecast = app.state.opened.as_ref().unwrap().forecast.clone().unwrap();
    let late = |prefix: &str| forecast.late.iter().filter(|l| l.step.starts_with(prefix)).count();
    app.perform(Action::GoTo(Screen::Readiness));
    for (tab, prefix) in [(2, "sign off KT "), (3, "hand ")] {
        while app.state.screens.readiness.tab != botdash::app::ReadinessTab::ALL[tab] {
            app.perform(Action::NextTab);
        }
        let screen = lines(&render(&mut app, 120, 40), false);
        let marked = screen.iter().filter(|l| l.trim_end().ends_with('⚠')).count();
        assert!(late(prefix) > 0);
        assert_eq!(marked, late(prefix), "{screen:#?}");
    }
}

#[test]
fn late_people_and_roles_are_marked_on_staffing_as_the_header_and_report_count_them() {
    let mut app = operate_app();
    let opened = app.state.opened.as_ref().unwrap();
    let steps = ["hire ", "onboard ", "make independent "];
    let forecast = opened.forecast.as_ref().unwrap();
    let late_people =
        forecast.late.iter().filter(|l| steps.iter().any(|s| l.step.starts_with(s))).count();
    let late_roles = botdash::model::health::late_hires(&opened.data, today()).len();
    let titles: Vec<String> = opened.data.roles.iter().map(|r| format!("{} ", r.title)).collect();
    assert!(forecast.late.iter().any(|l| l.step == "hire Ben Özdemir"));
    app.perform(Action::GoTo(Screen::Readiness));
    let screen = lines(&render(&mut app, 120, 40), false);
    let marked: Vec<&String> = screen.iter().filter(|l| l.trim_end().ends_with('⚠')).collect();
    let role = |l: &&&String| titles.iter().any(|t| l.starts_with(t));
    assert_eq!(marked.iter().filter(role).count(), late_roles, "{marked:#?}");
    assert_eq!(marked.len(), late_people + late_roles, "{screen:#?}");
    assert!(marked.iter().any(|l| l.starts_with("Ben Özdemir ")), "{marked:#?}");
    assert!(marked.iter().any(|l| l.starts_with("Product owner ")), "{marked:#?}");
}

#[test]
fn the_heat_map_is_a_whole_box_or_none() {
    let mut app = operate_app();
    app.perform(Action::GoTo(Screen::Health));
    for (width, height) in [(80, 24), (120, 40)] {
        let screen = lines(&render(&mut app, width, height), false);
        let top = screen.iter().position(|l| l.contains("┌ Heat map ")).unwrap();
        let right = screen[top].chars().count() - 1;
        assert!(screen[top].ends_with('┐'), "{screen:#?}");
        let bottom = (top + 1..screen.len()).find(|&y| screen[y].ends_with('┘')).unwrap();
        let rows = screen[top + 1..bottom].iter();
        assert!(rows.clone().all(|l| l.chars().nth(right) == Some('│')), "{screen:#?}");
        assert_eq!(bottom - top - 1, 7, "the heading, five rows and the impact scale");
    }
    // Too low or too narrow for the whole map beside the risks: none of it.
    for (width, height) in [(80, 12), (60, 24)] {
        let screen = lines(&render(&mut app, width, height), false);
        assert!(!screen.concat().contains("Heat map"), "{screen:#?}");
        assert!(screen.concat().contains("Risks (8 open"), "{screen:#?}");
    }
}

#[test]
fn the_burn_charts_axis_shows_amounts_in_the_currencys_format() {
    let mut app = operate_app();
    app.perform(Action::GoTo(Screen::Health));
    app.perform(Action::NextTab);
    let data = &app.state.opened.as_ref().unwrap().data;
    let planned: i64 = data.budget.iter().map(|l| l.planned).sum();
    let top = botdash::model::health::format_amount(planned, &data.engagement.currency);
    assert_eq!(top, "816,000.00 EUR");
    let screen = lines(&render(&mut app, 120, 40), false).concat();
    assert!(screen.contains(&top) && !screen.contains("816000"), "{screen}");
    assert!(screen.contains("│planned│"), "the legend stays: {screen}");
}

#[test]
fn a_rebound_key_is_shown_with_its_new_keys() {
    let mut app = operate_app();
    let config = "[keys.board]\nundo = \"U\"\nnext-phase = \"Ctrl-n\"\n";
    app.state.keymap = botdash::config::Config::parse(config).unwrap().keymap;
    app.perform(Action::GoTo(Screen::Board));
    // A card added, so that there is something to undo.
    common::keys(&mut app, "aSet up CI\r");
    app.state.message = None;
    let footer = lines(&render(&mut app, 300, 30), false).pop().unwrap();
    assert!(footer.contains("U undo") && !footer.contains(" u undo"), "{footer}");
    assert!(footer.contains("Ctrl-n next phase"), "{footer}");
    app.perform(Action::Help);
    let help = lines(&render(&mut app, 120, 40), true).concat();
    assert!(help.contains("Ctrl-n"), "{help}");
}

#[test]
fn the_report_dialog_names_the_file_for_the_chosen_format() {
    let mut app = operate_app();
    app.perform(Action::WriteReport);
    let path = |app: &mut App| {
        let dialog = lines(&render(app, 120, 40), true);
        dialog.into_iter().find(|l| l.contains("Path")).unwrap()
    };
    assert!(path(&mut app).contains("nordwind-fleet-report-2026-06-15.html"), "{}", path(&mut app));
    common::keys(&mut app, "\tm");
    assert!(path(&mut app).contains("nordwind-fleet-report-2026-06-15.md "), "{}", path(&mut app));
}

#[test]
fn enter_on_a_conflict_shows_the_record_the_field_and_both_whole_values() {
    let mut app = operate_app();
    let mine = "Shift responsibilities to the client's operations team, one duty a week";
    let theirs = "Shift responsibilities to the client's service desk and the on-call rota";
    app.state.screens.conflicts.list = vec![botdash::store::sync::Conflict {
        table: botdash::store::edit::Table::Task,
        name: Some("Shift responsibilities".into()),
        column: Some(botdash::model::TaskField::Title.into()),
        mine: Some(mine.into()),
        theirs: Some(theirs.into()),
        ..a_conflict()
    }];
    app.perform(Action::GoTo(Screen::Conflicts));
    assert!(app.state.bindings().iter().any(|b| b.action == Action::Detail));
    app.handle_event(ratatui::crossterm::event::Event::Key(
        ratatui::crossterm::event::KeyCode::Enter.into(),
    ));
    snapshot("conflict_pane", &mut app);
    let shown = lines(&render(&mut app, 80, 24), false);
    let pane: Vec<&str> = shown.iter().map(|l| l.trim_matches(['│', ' '])).collect();
    let text = pane.join(" ");
    assert!(text.contains("card 'Shift responsibilities' of 'nordwind-fleet', title"), "{text}");
    assert!(text.contains(mine) && text.contains(theirs), "{text}");
}
