//! The detail pane (the whole record and its history) and drill-down to the records behind
//! a gate criterion, a warning, a costly item or a next best action.

mod common;

use botdash::app::detail::Pane;
use botdash::app::place::RecordRef;
use botdash::app::{Action, App, ReadinessTab, Screen};
use botdash::model::TaskStatus;
use botdash::store::edit::Table;
use common::{demo_app, draw, keys};

/// The demo's engagement in Operate, on its board.
fn board() -> App {
    let mut app = demo_app();
    keys(&mut app, "/nordw\r\r2");
    assert_eq!(app.state.screen, Screen::Board);
    app
}

/// What a `width`×`height` terminal shows, line by line.
fn screen(app: &mut App, width: u16, height: u16) -> String {
    let terminal = draw(app, width, height);
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..height {
        for x in 0..width {
            text.push_str(buffer[(x, y)].symbol());
        }
        text.push('\n');
    }
    text
}

/// The id and title of the selected card.
fn selected_card(app: &App) -> (String, String) {
    let card = &app.state.screens.board.cards(app.state.screens.board.column, &app.state.context())
        [app.state.screens.board.row];
    (card.id.clone(), card.title.clone())
}

/// Writes `value` into a column of the card `id` as another program would, and reloads.
fn set_card(app: &mut App, id: &str, column: &str, value: &str) {
    let sql = format!("UPDATE task SET {column} = ?1 WHERE id = ?2");
    app.store().connection().execute(&sql, [value, id]).unwrap();
    app.perform(Action::Refresh);
}

/// The name of the selected record's row on the Readiness screen.
fn selected_readiness_name(app: &App) -> String {
    let record = app.state.selected_record().unwrap();
    let data = &app.state.opened.as_ref().unwrap().data;
    match record.table {
        Table::Role => data.roles.iter().find(|r| r.id == record.id).unwrap().title.clone(),
        Table::Skill => data.skills.iter().find(|s| s.id == record.id).unwrap().name.clone(),
        other => panic!("not a role or skill: {other:?}"),
    }
}

#[test]
fn the_pane_shows_a_cards_whole_notes_and_an_edits_old_and_new_value() {
    let mut app = board();
    let (id, title) = selected_card(&app);
    let notes = "Agree the hand-over order with the client's operations lead\nthen walk \
                 through every runbook together, one per week";
    set_card(&mut app, &id, "notes", notes);
    keys(&mut app, " o"); // the next status (an edit; the cursor follows the card), the pane
    assert_eq!(selected_card(&app).0, id);
    let shown = screen(&mut app, 160, 40);
    assert!(shown.contains(&title), "{shown}");
    let pane: Vec<&str> = shown.lines().map(|l| l.split('│').nth(1).unwrap_or("").trim()).collect();
    assert!(pane.join(" ").contains(&notes.replace('\n', " ")), "{shown}");
    assert!(shown.contains("status: todo → doing, "), "{shown}");

    keys(&mut app, "\x1b");
    assert!(app.state.detail.is_none());
    assert!(!screen(&mut app, 160, 40).contains("status: todo → doing"));
}

#[test]
fn a_record_longer_than_the_pane_scrolls_to_its_history_and_says_how_much_is_below() {
    let mut app = board();
    let (id, _) = selected_card(&app);
    let title = "handover ".repeat(1_100) + "END";
    set_card(&mut app, &id, "title", &title);
    keys(&mut app, " o"); // an edit, so that the history has a line; the pane
    let top = screen(&mut app, 80, 24);
    assert!(top.contains("↓ "), "{top}");
    assert!(!top.contains("status: todo → doing"), "{top}");
    assert!(app.state.bindings().iter().any(|b| b.action == Action::ScrollDown));

    for _ in 0..100 {
        keys(&mut app, "\u{4}"); // Ctrl-d
        screen(&mut app, 80, 24);
    }
    let bottom = screen(&mut app, 80, 24);
    assert!(bottom.contains("status: todo → doing"), "{bottom}");
    assert!(bottom.contains("END") || bottom.contains("↑ "), "{bottom}");
    assert!(!bottom.contains("↓ "), "{bottom}");
    assert_eq!(selected_card(&app).0, id, "the list's cursor stays on the card");

    keys(&mut app, "h"); // the column the card came from
    let next = screen(&mut app, 80, 24);
    assert!(!next.contains("↑ "), "another record is shown from its top: {next}");
}

#[test]
fn the_history_of_a_person_made_independent_shows_the_state_and_the_date_at_80x24() {
    let mut app = board();
    let data = &app.state.opened.as_ref().unwrap().data;
    let chiara = data.people.iter().find(|p| p.name == "Chiara Lang").unwrap();
    assert_eq!(chiara.state.label(), "onboarded");
    let record = RecordRef::new(Table::Person, &chiara.id.clone());
    assert!(app.state.go_to_record(&record));
    keys(&mut app, " o");
    for _ in 0..10 {
        screen(&mut app, 80, 24);
        keys(&mut app, "\u{4}"); // Ctrl-d
    }
    let shown = screen(&mut app, 80, 24);
    let state = shown.find("state: onboarded → independent, ");
    let date = shown.find("independent at: — → ");
    assert!(state.is_some() && date.is_some(), "{shown}");
    assert!(state < date, "the fields of one edit in the record's order: {shown}");
}

#[test]
fn the_pane_follows_the_cursor_and_full_screen_on_a_narrow_terminal_hides_the_list() {
    let mut app = board();
    keys(&mut app, "o");
    let wide = screen(&mut app, 160, 40);
    assert!(wide.contains("To do (2)") && wide.contains("Shift responsibilities to the client"));
    let narrow = screen(&mut app, 80, 24);
    assert!(!narrow.contains("To do (2)"), "{narrow}");
    assert!(narrow.contains("Shift responsibilities to the client"), "{narrow}");
    keys(&mut app, "j");
    let (_, second) = selected_card(&app);
    assert!(screen(&mut app, 80, 24).contains(&second));
}

#[test]
fn enter_on_an_unmet_gate_criterion_lands_on_a_failing_record() {
    let mut app = board();
    keys(&mut app, "xjjjj"); // "Critical documents approved (computed)"
    keys(&mut app, "\r");
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("arc42 architecture description"), "{shown}");
    keys(&mut app, "\r");
    assert_eq!(app.state.screen, Screen::Docs);
    let doc = app.state.screens.docs.selected(&app.state.context()).unwrap();
    assert_eq!(doc.title, "arc42 architecture description");
}

#[test]
fn enter_on_a_next_best_action_lands_on_its_record() {
    let mut app = board();
    keys(&mut app, "3[b");
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("train Chiara Lang in Incident response to level 3"), "{shown}");
    keys(&mut app, "jj\r"); // the third: Chiara Lang's steps are in the order of their skills
    assert_eq!(
        (app.state.screen, app.state.screens.readiness.tab),
        (Screen::Readiness, ReadinessTab::Skills)
    );
    assert_eq!(selected_readiness_name(&app), "Incident response");
}

#[test]
fn enter_on_a_costly_item_lands_on_its_record() {
    let mut app = board();
    keys(&mut app, "3["); // the Score view, its costliest item first: "Tech lead slot 1"
    keys(&mut app, "\r");
    assert_eq!(app.state.screens.readiness.tab, ReadinessTab::Staffing);
    assert_eq!(selected_readiness_name(&app), "Tech lead");
}

#[test]
fn o_on_a_costly_item_shows_its_whole_words_its_points_and_its_record() {
    let mut app = board();
    keys(&mut app, "3["); // the Score view, its costliest item first: "Tech lead slot 1"
    let loss = app.state.opened.as_ref().unwrap().readiness.losses[0].clone();
    keys(&mut app, "o");
    let shown = screen(&mut app, 80, 24);
    assert!(!shown.contains("nothing selected"), "{shown}");
    assert!(shown.contains(&loss.item), "{shown}");
    let cost = format!("costs {:.1} points of {}", loss.points, loss.dimension.label());
    assert!(shown.contains(&cost), "{shown}");
    assert!(shown.contains("title          Tech lead"), "the role it is about: {shown}");
}

/// The service desk's figure counts every ticket of its window: the pane says the ticket it
/// shows is the newest counted, not what the item is about.
#[test]
fn o_on_the_service_desk_item_shows_the_newest_ticket_it_counts_as_such() {
    let mut app = demo_app();
    keys(&mut app, "/stadt\r\r");
    score_view(&mut app);
    let losses = &app.state.opened.as_ref().unwrap().readiness.losses;
    let rows = app.state.screens.readiness.rows(&app.state.context());
    let desk = rows.iter().position(|&row| losses[row].item.starts_with("service desk:"));
    app.state.screens.readiness.row = desk.expect("the evidence costs points");
    keys(&mut app, "o");
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("The newest ticket it counts"), "{shown}");
    assert!(!shown.contains("The record it is about"), "{shown}");
}

#[test]
fn the_warnings_list_opens_the_oldest_overdue_card() {
    let mut app = board();
    keys(&mut app, "w");
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("transfer at risk"), "{shown}");
    assert!(shown.contains("1 overdue"), "{shown}");
    keys(&mut app, "j\r");
    assert_eq!(app.state.screen, Screen::Board);
    let (id, _) = selected_card(&app);
    let data = &app.state.opened.as_ref().unwrap().data;
    let card = data.tasks.iter().find(|t| t.id == id).unwrap();
    assert!(card.is_overdue(app.state.today) && card.status != TaskStatus::Done);
}

#[test]
fn the_places_list_takes_its_keys_from_the_keymap_and_offers_only_those() {
    let mut app = board();
    let config = "[keys.places]\ndrill = \"l\"\n[keys.global]\ndown = \"s\"\n";
    app.state.keymap = botdash::config::Config::parse(config).unwrap().keymap;
    keys(&mut app, "w");
    let footer = screen(&mut app, 120, 40).lines().last().unwrap().to_string();
    assert!(footer.contains("l go to the selected place"), "{footer}");
    assert!(!footer.contains("add card"), "the board's keys do nothing here: {footer}");
    // The board's `a`, and Enter (replaced by `l`), do nothing while the list is open.
    keys(&mut app, "a\rs");
    assert!(app.state.overlay.is_none() && app.state.screen == Screen::Board);
    let Some(Pane::Places { selected, .. }) = app.state.detail.as_ref().map(|d| &d.pane) else {
        panic!("the list of warnings is open");
    };
    assert_eq!(*selected, 1);
    keys(&mut app, "l");
    assert!(app.state.detail.is_none(), "gone to the place");
}

#[test]
fn a_hostile_title_is_shown_sanitized() {
    let mut app = board();
    let (id, _) = selected_card(&app);
    set_card(&mut app, &id, "title", "Evil\u{1b}[2J\u{202e}title\u{7}");
    keys(&mut app, "o");
    let shown = screen(&mut app, 160, 40);
    assert!(shown.contains("Evil^[[2Jtitle^G"), "{shown}");
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{202e}'));
}

#[test]
fn snapshots_beside_the_list_and_full_screen() {
    let mut app = board();
    keys(&mut app, "o");
    insta::assert_snapshot!("detail_beside_160x40", draw(&mut app, 160, 40).backend());
    insta::assert_snapshot!("detail_full_screen_80x24", draw(&mut app, 80, 24).backend());
}

#[test]
fn a_skill_shows_its_holders_and_a_person_their_ratings() {
    let mut app = board();
    keys(&mut app, "3]o"); // Readiness › Skills, the first skill
    let skill = selected_readiness_name(&app);
    let shown = screen(&mut app, 160, 40);
    assert!(shown.contains(&skill) && shown.contains("held by "), "{shown}");
    let data = app.state.opened.as_ref().unwrap().data.clone();
    let person = &data.people[0];
    let rating = data.ratings.iter().find(|r| r.person_id == person.id).unwrap();
    let rated = &data.skills.iter().find(|s| s.id == rating.skill_id).unwrap().name;
    keys(&mut app, &format!("[g{}", "j".repeat(data.roles.len()))); // Staffing, the first person
    let shown = screen(&mut app, 160, 40);
    assert!(shown.contains(&format!("{rated}: level {}", rating.level)), "{shown}");
}

#[test]
fn the_keys_are_offered_only_where_they_work() {
    let mut app = board();
    assert!(app.state.works_now(Action::Detail));
    assert!(!app.state.works_now(Action::Drill), "no criterion in focus");
    keys(&mut app, "1");
    assert!(!app.state.works_now(Action::Detail), "the Overview has no list");
    assert!(app.state.works_now(Action::Warnings));
    keys(&mut app, "3[");
    assert!(app.state.works_now(Action::Drill) && app.state.works_now(Action::NextActions));
}

/// The Score view of the Readiness screen.
fn score_view(app: &mut App) {
    keys(app, "3");
    app.state.screens.readiness.tab = ReadinessTab::Score;
}

/// Enter on the Score view's costly item `item`.
fn open_costly_item(app: &mut App, item: &str) {
    score_view(app);
    let losses = &app.state.opened.as_ref().unwrap().readiness.losses;
    let rows = app.state.screens.readiness.rows(&app.state.context());
    app.state.screens.readiness.row =
        rows.iter().position(|&row| losses[row].item == item).unwrap();
    keys(app, "\r");
}

/// Enter on the next best action whose words start with `step`.
fn open_next_action(app: &mut App, step: &str) {
    score_view(app);
    keys(app, "b");
    let Some(Pane::Places { entries, .. }) = app.state.detail.as_ref().map(|d| &d.pane) else {
        panic!("no list of next actions");
    };
    let at = entries.iter().position(|(words, _)| words.contains(step)).unwrap();
    keys(app, &"j".repeat(at));
    keys(app, "\r");
}

#[test]
fn records_whose_names_share_a_prefix_are_told_apart_by_id() {
    let mut app = board();
    let engagement = app.state.opened.as_ref().unwrap().data.engagement.id.clone();
    // Two critical documents, one's title the start of the other's; the one person, named as
    // the start of the title of the one role, which they are recruited for.
    let sql = "DELETE FROM person WHERE engagement_id = ?1; \
               DELETE FROM role WHERE engagement_id = ?1; \
               INSERT INTO doc_item (id, engagement_id, category, title, criticality, status) \
               VALUES ('doc-a', ?1, 'Ops', 'Runbook', 3, 'missing'), \
                      ('doc-b', ?1, 'Ops', 'Runbook restore', 3, 'missing'); \
               INSERT INTO role (id, engagement_id, title, planned_count, criticality) \
               VALUES ('role-a', ?1, 'Kai Operations lead', 1, 3); \
               INSERT INTO person (id, engagement_id, role_id, name, state) \
               VALUES ('person-a', ?1, 'role-a', 'Kai', 'recruiting');";
    for statement in sql.split_inclusive(';').filter(|s| !s.trim().is_empty()) {
        app.store().connection().execute(statement, [&engagement]).unwrap();
    }
    app.perform(Action::Refresh);
    for (item, id) in [("doc Runbook: missing", "doc-a"), ("doc Runbook restore: missing", "doc-b")]
    {
        open_costly_item(&mut app, item);
        assert_eq!(app.state.screen, Screen::Docs, "{item}");
        assert_eq!(app.state.screens.docs.selected(&app.state.context()).unwrap().id, id, "{item}");
    }
    open_next_action(&mut app, "hire Kai (Kai Operations lead)");
    assert_eq!(app.state.selected_record().map(|r| r.id), Some("person-a".to_string()));
}

#[test]
fn the_pane_says_a_card_is_overdue_and_a_document_stale() {
    let mut app = board();
    keys(&mut app, "o");
    assert!(!screen(&mut app, 120, 40).contains("overdue"), "the first card is not overdue");
    keys(&mut app, "\x1bwj\ro"); // the warnings' overdue card
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("⚠ overdue"), "{shown}");

    keys(&mut app, "\x1b4ff"); // the documents shown: stale only
    let doc = app.state.screens.docs.selected(&app.state.context()).unwrap();
    assert!(doc.is_stale(app.state.today), "{}", doc.title);
    keys(&mut app, "o");
    let shown = screen(&mut app, 120, 40);
    assert!(shown.contains("⚠ stale"), "{shown}");
}

#[test]
fn the_overviews_cut_notes_open_whole_in_the_pane_each_going_where_it_lives() {
    let mut app = board();
    keys(&mut app, "1");
    let shown = screen(&mut app, 80, 24);
    assert!(shown.contains(" more: Enter lists all"), "{shown}");
    let notes = app.state.screen_notes();
    keys(&mut app, "\r");
    let Some(Pane::Places { entries, .. }) = app.state.detail.as_ref().map(|d| &d.pane) else {
        panic!("no list of notes");
    };
    let texts: Vec<String> = entries.iter().map(|(text, _)| text.clone()).collect();
    assert_eq!(texts, notes.iter().map(|n| n.text.clone()).collect::<Vec<_>>());
    let first = &texts[0];
    assert!(first.chars().count() > 78, "a note longer than the pane is wide: {first}");
    let shown = screen(&mut app, 80, 24);
    let inside = |l: &str| {
        l.split('│').nth(1).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let pane = shown.lines().map(inside).collect::<Vec<_>>().join(" ");
    assert!(pane.contains(first.as_str()), "each note whole: {shown}");
    let at = texts.iter().position(|t| t.starts_with("· Critical documents approved")).unwrap();
    keys(&mut app, &"j".repeat(at));
    keys(&mut app, "\r");
    assert_eq!(app.state.screen, Screen::Board);
    let criterion = app.state.screens.board.gate_criteria(&app.state.context())
        [app.state.screens.board.gate.unwrap()]
    .title
    .clone();
    assert_eq!(criterion, "Critical documents approved");
}

#[test]
fn the_score_views_notes_name_their_key_and_never_end_on_a_heading() {
    let mut app = board();
    keys(&mut app, "3[");
    let shown = screen(&mut app, 80, 24);
    let lines: Vec<&str> = shown.lines().collect();
    let more = lines.iter().position(|l| l.contains(" more: L lists all")).expect(&shown);
    let above = lines[more - 1].split("  ").next().unwrap().trim();
    assert!(!above.ends_with(':'), "a heading with no item under it: {shown}");
    keys(&mut app, "L");
    let Some(Pane::Places { entries, .. }) = app.state.detail.as_ref().map(|d| &d.pane) else {
        panic!("no list of notes");
    };
    assert!(entries.iter().any(|(text, _)| text.starts_with("late on plan")));
    assert!(entries.len() > lines.len(), "more notes than the screen has lines");
}

#[test]
fn a_next_action_to_train_someone_opens_their_cell_of_the_skills_matrix() {
    let mut app = board();
    score_view(&mut app);
    let data = app.state.opened.as_ref().unwrap().data.clone();
    let actions = app.state.opened.as_ref().unwrap().actions.clone().unwrap();
    let training = actions.iter().find(|a| a.step.starts_with("train ")).unwrap();
    let person = data.people.iter().position(|p| Some(&p.id) == training.trains.as_ref()).unwrap();
    assert!(training.step.contains(&data.people[person].name), "{}", training.step);
    // Not the first person, whose cell the matrix selects by itself.
    assert_ne!(person, 0, "{}", training.step);
    open_next_action(&mut app, &training.step);
    assert_eq!(app.state.screens.readiness.tab, ReadinessTab::Skills);
    assert_eq!(app.state.screens.readiness.skills_column, person);
    let skill = &data.skills
        [app.state.screens.readiness.rows(&app.state.context())[app.state.screens.readiness.row]];
    assert!(training.step.contains(&format!(" in {} to level", skill.name)), "{}", training.step);
}

#[test]
fn a_fields_kind_decides_how_the_pane_shows_it() {
    use botdash::app::detail::record_view;
    use botdash::model::Owner;
    let app = demo_app();
    let store = app.store();
    let nordwind = store.engagement_by_slug("nordwind-fleet").unwrap();
    let data = store.load(nordwind).unwrap();
    let duty = data.responsibilities.iter().find(|r| r.owner == Owner::ReverseShadowing).unwrap();
    let view =
        record_view(&data, &RecordRef::new(Table::Responsibility, &duty.id), common::today());
    let fields = view.unwrap().fields;
    // A word of a fixed set, with spaces; no key.
    assert!(fields.iter().any(|(_, value)| value == "reverse shadowing"), "{fields:?}");
    assert!(!fields.iter().any(|(_, value)| *value == duty.id), "{fields:?}");
}
