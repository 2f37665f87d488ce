//! Engagement health: the risks botdash sees for itself, the heat map, the budget's arithmetic,
//! and every list edited from the keyboard with its validation and undo.

mod common;

use botdash::app::{App, Overlay, Screen};
use botdash::model::forecast::Forecast;
use botdash::model::health::{
    BudgetLine, Cost, Risk, RiskStatus, automatic_risks, budget, format_amount, heat_map,
};
use botdash::model::template::{NewEngagement, Template};
use botdash::model::{DocStatus, EngagementData, Phase};
use chrono::NaiveDate;
use common::{demo_app, keys};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A fresh engagement from the standard template: start 2026-01-05, transfer 2026-10-05.
fn fresh() -> EngagementData {
    Template::standard().instantiate(&fresh_new(), "2026-01-05T09:00:00Z")
}

fn fresh_new() -> NewEngagement {
    NewEngagement {
        client: "ACME".into(),
        name: "Billing".into(),
        slug: "acme".into(),
        start: day("2026-01-05"),
        transfer: Some(day("2026-10-05")),
        threshold: 80,
        weights: None,
    }
}

fn risk(likelihood: u8, impact: u8, status: RiskStatus) -> Risk {
    Risk {
        id: format!("{likelihood}{impact}{status}"),
        title: "r".into(),
        category: String::new(),
        likelihood,
        impact,
        owner: String::new(),
        mitigation: String::new(),
        trigger: String::new(),
        status,
    }
}

#[test]
fn the_heat_map_counts_open_risks_by_likelihood_and_impact() {
    let risks = [
        risk(5, 1, RiskStatus::Open),
        risk(5, 1, RiskStatus::Mitigating),
        risk(1, 5, RiskStatus::Open),
        risk(3, 3, RiskStatus::Closed),
    ];
    let map = heat_map(&risks);
    assert_eq!(map[0], [2, 0, 0, 0, 0], "likelihood 5 is the top row, impact 1 the first column");
    assert_eq!(map[4], [0, 0, 0, 0, 1]);
    assert_eq!(map[2], [0; 5], "closed risks are not counted");
    assert_eq!(map.iter().flatten().sum::<usize>(), 3);
}

#[test]
fn botdash_sees_open_role_slots_missing_critical_docs_and_a_transfer_at_risk() {
    let mut data = fresh();
    let today = day("2026-06-15");
    let before: Vec<String> =
        automatic_risks(&data, None, day("2026-01-06")).into_iter().map(|r| r.title).collect();
    assert!(before.is_empty(), "nothing is late on the first day: {before:?}");

    let late: Vec<Risk> = automatic_risks(&data, None, today);
    let product_owner = late.iter().find(|r| r.title.starts_with("Product owner")).unwrap();
    assert!(product_owner.title.contains("1 of 1 slots open since"), "{}", product_owner.title);
    assert_eq!((product_owner.likelihood, product_owner.impact), (3, 5), "critical role");

    // Filling the slot removes the risk.
    let role = data.roles.iter().find(|r| r.title == "Product owner").unwrap().id.clone();
    let mut person =
        botdash::model::Person::new(Some(role), "Pia".into(), botdash::model::PersonState::Hired);
    person.hired_at = Some(today);
    data.people.push(person);
    let titles: Vec<String> =
        automatic_risks(&data, None, today).into_iter().map(|r| r.title).collect();
    assert!(!titles.iter().any(|t| t.starts_with("Product owner")), "{titles:?}");

    // Critical documents count only while in Operate.
    assert!(!titles.iter().any(|t| t.contains("critical documents")));
    data.engagement.current_phase = Phase::Operate;
    let critical = data.docs.iter().filter(|d| d.criticality == 3).count();
    let titles: Vec<String> =
        automatic_risks(&data, None, today).into_iter().map(|r| r.title).collect();
    assert!(titles.contains(&format!("{critical} critical documents not approved in Operate")));
    for doc in data.docs.iter_mut().filter(|d| d.criticality == 3) {
        doc.status = DocStatus::Approved;
    }
    let titles: Vec<String> =
        automatic_risks(&data, None, today).into_iter().map(|r| r.title).collect();
    assert!(!titles.iter().any(|t| t.contains("critical documents")), "{titles:?}");

    let at_risk = Forecast {
        planned_curve: Vec::new(),
        planned_date: None,
        pace: botdash::model::forecast::Pace::NotEnoughHistory,
        late: Vec::new(),
        at_risk: true,
        cause: Some("knowledge transfer: 3 topics past their due date".into()),
    };
    let first = automatic_risks(&data, Some(&at_risk), today).remove(0);
    assert_eq!(first.title, "Transfer at risk: knowledge transfer: 3 topics past their due date");
    assert_eq!(first.exposure(), 20);
}

fn plan(phase: Phase, planned: i64) -> BudgetLine {
    BudgetLine { id: format!("{phase}"), phase, category: "Team".into(), planned }
}

fn cost(d: &str, phase: Phase, amount: i64) -> Cost {
    Cost { id: d.into(), phase, category: "Team".into(), day: day(d), amount, note: String::new() }
}

#[test]
fn the_budget_spreads_the_plan_over_each_phase_and_estimates_the_completion() {
    let mut data = fresh();
    let plan_dates = data.phase_dates(Phase::Plan).unwrap().clone();
    let (start, end) = (plan_dates.planned_start.unwrap(), plan_dates.planned_end.unwrap());
    let length = (end - start).num_days();
    data.budget = vec![plan(Phase::Plan, 100_000), plan(Phase::Build, 300_000)];
    data.costs = vec![
        cost(&start.to_string(), Phase::Plan, 30_000),
        cost(&start.to_string(), Phase::Plan, -5_000),
    ];
    // A third of the way through Plan, nothing of Build yet.
    let third = start + chrono::Days::new(length as u64 / 3);
    let b = budget(&data, third);
    let expected = (100_000i64 * (length / 3) + length / 2) / length;
    assert_eq!(b.planned_to_date, expected, "planned evenly, rounded to the minor unit");
    assert_eq!((b.planned, b.spent), (400_000, 25_000), "a credit is subtracted");
    let estimate = (25_000i128 * 400_000 + i128::from(expected) / 2) / i128::from(expected);
    assert_eq!(b.estimate, estimate as i64);
    assert_eq!(b.phases[0].spent, 25_000);
    assert_eq!(b.phases[1].planned, 300_000);
    assert!(!b.over_plan(), "{b:?}");

    data.costs.push(cost(&third.to_string(), Phase::Plan, 30_000));
    let b = budget(&data, third);
    assert!(b.over_plan(), "spending faster than planned: {b:?}");
    let warnings = botdash::model::warnings(&data, None, third);
    let over = format_amount(b.estimate - b.planned, "EUR");
    assert!(warnings.contains(&format!("budget: estimate {over} over the plan")), "{warnings:?}");

    // Before anything was planned to be spent, spending adds to the plan.
    let b = budget(&data, day("2025-12-01"));
    assert_eq!((b.planned_to_date, b.estimate), (0, 400_000 + 55_000));
}

fn health_app() -> App {
    let mut app = demo_app();
    keys(&mut app, "/nordw\r\r5");
    assert_eq!(app.state.screen, Screen::Health);
    app
}

/// The recorded risks of the engagement on screen.
fn risks(app: &App) -> usize {
    app.state.opened.as_ref().unwrap().data.risks.len()
}

fn count(app: &App, sql: &str) -> i64 {
    app.store().connection().query_row(sql, [], |r| r.get(0)).unwrap()
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
fn a_risk_is_added_validated_cycled_and_undone() {
    let mut app = health_app();
    let before = risks(&app);
    // Title, Category, then Likelihood 6: refused beside the field.
    keys(&mut app, "aVendor goes bankrupt\tvendor\t\x7f6\r");
    assert_eq!(
        field_error(&app, "Likelihood").as_deref(),
        Some("Likelihood must be a whole number from 1 to 5")
    );
    assert_eq!(risks(&app), before, "nothing written");
    keys(&mut app, "\x7f2\t\x7f5\r");
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM risk WHERE title = 'Vendor goes bankrupt' \
                     AND likelihood = 2 AND impact = 5 AND status = 'open'"
        ),
        1
    );
    // The new risk is last of the recorded ones; Space moves its status on.
    app.state.screens.health.row = before;
    keys(&mut app, " ");
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM risk WHERE title = 'Vendor goes bankrupt' AND status = 'mitigating'"
        ),
        1
    );
    keys(&mut app, "uu");
    assert_eq!(risks(&app), before);
}

#[test]
fn risks_seen_by_botdash_cannot_be_edited_or_deleted() {
    let mut app = health_app();
    let recorded = risks(&app);
    app.state.screens.health.row = recorded;
    let rows = app.state.screens.health.rows(&app.state.context());
    assert!(matches!(rows[recorded], botdash::app::HealthRow::AutoRisk(_)), "{rows:?}");
    for key in ["e", "d", " "] {
        keys(&mut app, key);
        assert!(app.state.overlay.is_none());
        assert!(
            app.state.message.as_deref().unwrap_or("").contains("goes away when its cause does")
        );
    }
}

#[test]
fn an_amount_past_any_budget_or_one_that_reads_two_ways_is_refused_in_the_form() {
    let mut app = health_app();
    keys(&mut app, "]");
    let costs = count(&app, "SELECT count(*) FROM cost_entry");
    keys(&mut app, "a\t92233720368547758.07\r");
    assert_eq!(
        field_error(&app, "Amount").as_deref(),
        Some("'92233720368547758.07' is too large: amounts go up to 100,000,000,000.00 EUR")
    );
    keys(&mut app, &format!("{}12.345\r", "\x7f".repeat(20)));
    assert_eq!(
        field_error(&app, "Amount").as_deref(),
        Some("12.345 could be 12,345 or 12.345 — write 12345 or 12,35")
    );
    assert_eq!(count(&app, "SELECT count(*) FROM cost_entry"), costs);
}

#[test]
fn a_file_holding_amounts_past_the_rule_opens_and_shows_its_budget() {
    let mut store = botdash::store::Store::in_memory().unwrap();
    botdash::demo::save(&mut store, common::today()).unwrap();
    store
        .connection()
        .execute_batch(
            "UPDATE cost_entry SET amount = 9223372036854775807;
             UPDATE budget_line SET planned = 9223372036854775807;",
        )
        .unwrap();
    let mut app = App::new(store, common::today()).unwrap();
    keys(&mut app, "/nordw\r\r5");
    assert_eq!(app.state.screen, Screen::Health);
    keys(&mut app, "]");
    let terminal = common::draw(&mut app, 120, 40);
    let buffer = terminal.backend().buffer();
    let screen: String = buffer.content().iter().map(|cell| cell.symbol()).collect();
    // The sums hold at the largest amount instead of overflowing.
    assert!(screen.contains("92,233,720,368,547,758.07"), "{screen}");
}

#[test]
fn costs_and_planned_amounts_are_exact_and_refuse_what_they_cannot_hold() {
    let mut app = health_app();
    keys(&mut app, "]");
    let costs = count(&app, "SELECT count(*) FROM cost_entry");
    // Category (prefilled from the last cost), then the amount with too many decimals.
    keys(&mut app, "a\t12.3456\r");
    assert_eq!(
        field_error(&app, "Amount").as_deref(),
        Some("EUR has 2 decimals: '12.3456' has more")
    );
    keys(&mut app, "\x7f\x7f\r");
    assert_eq!(count(&app, "SELECT count(*) FROM cost_entry WHERE amount = 1234"), 1);
    assert_eq!(count(&app, "SELECT count(*) FROM cost_entry"), costs + 1);
    // The same amount as a German-speaking consultant types it.
    keys(&mut app, "a\t1.234,50\r");
    assert_eq!(count(&app, "SELECT count(*) FROM cost_entry WHERE amount = 123450"), 1);

    // A planned amount: not negative, and one per phase and category.
    keys(&mut app, "pTravel\t\t-10\r");
    assert_eq!(field_error(&app, "Planned").as_deref(), Some("Planned cannot be negative"));
    keys(&mut app, "\x1b");
    keys(&mut app, "y");
    let lines = count(&app, "SELECT count(*) FROM budget_line");
    keys(&mut app, "pTeam\t\t1000\r");
    assert_eq!(
        field_error(&app, "Category").as_deref(),
        Some(
            "this phase already has a planned amount of that category: edit it instead; \
             nothing was changed"
        ),
        "the form stays open with what was typed"
    );
    assert_eq!(count(&app, "SELECT count(*) FROM budget_line"), lines);
}

#[test]
fn user_tests_integrations_and_lessons_are_added_from_the_keyboard() {
    let mut app = health_app();
    keys(&mut app, "]]");
    let tests = count(&app, "SELECT count(*) FROM user_test");
    keys(&mut app, "a\r");
    assert_eq!(field_error(&app, "Group").as_deref(), Some("Group must not be empty"));
    keys(&mut app, "Planners\t\t\x7f8\r");
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM user_test WHERE target_group = 'Planners' AND participants = 8"
        ),
        1
    );
    assert_eq!(count(&app, "SELECT count(*) FROM user_test"), tests + 1);

    keys(&mut app, "]a\r");
    assert_eq!(field_error(&app, "System").as_deref(), Some("System must not be empty"));
    keys(&mut app, "WMS\tstock levels\r");
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM integration WHERE system = 'WMS' AND test_status = 'not_tested'"
        ),
        1
    );
    let row = app.state.screens.health.rows(&app.state.context()).len() - 1;
    app.state.screens.health.row = row;
    keys(&mut app, " ");
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM integration WHERE system = 'WMS' AND test_status = 'in_progress'"
        ),
        1
    );

    keys(&mut app, "]a\r");
    assert_eq!(field_error(&app, "Advice").as_deref(), Some("Advice must not be empty"));
    keys(&mut app, "Hire earlier\r");
    assert_eq!(
        count(
            &app,
            "SELECT count(*) FROM lesson WHERE recommendation = 'Hire earlier' AND phase = 'operate'"
        ),
        1
    );
}

#[test]
fn the_debriefing_criterion_holds_once_every_phase_has_a_lesson() {
    use botdash::model::gate::evaluate;
    use botdash::model::health::Lesson;
    let mut data = fresh();
    let today = day("2026-06-15");
    let r = botdash::model::score::readiness(&data, today);
    let criterion =
        data.gates.iter().find(|g| g.rule.as_deref() == Some("debriefing.held")).unwrap().clone();
    assert_eq!(criterion.phase, Phase::Transfer);
    let verdict = evaluate(&criterion, &data, &r, today);
    assert_eq!(
        verdict.reason.as_deref(),
        Some(
            "no lesson recorded for Plan; no lesson recorded for Build; \
             no lesson recorded for Operate; no lesson recorded for Transfer"
        )
    );
    for &phase in Phase::ALL {
        data.lessons.push(Lesson {
            id: phase.to_string(),
            phase,
            went_well: String::new(),
            went_badly: String::new(),
            recommendation: "x".into(),
            owner: String::new(),
        });
    }
    assert!(evaluate(&criterion, &data, &r, today).met);
}

#[test]
fn the_currency_is_set_per_engagement_and_fixed_once_amounts_are_recorded() {
    let mut store = botdash::store::Store::in_memory().unwrap();
    store.create_engagement(&fresh_new(), &Template::standard(), "2026-01-05T09:00:00Z").unwrap();
    let mut app = App::new(store, day("2026-06-15")).unwrap();
    let edit_currency = |app: &mut App, code: &str| {
        keys(app, "\x1be");
        let fields = match &app.state.overlay {
            Some(Overlay::Form(record)) => record.form.fields.len(),
            _ => panic!("no form"),
        };
        // Currency is the form's last field.
        keys(app, &"\t".repeat(fields - 1));
        keys(app, &format!("\x7f\x7f\x7f{code}\r"));
    };
    edit_currency(&mut app, "eur");
    assert!(field_error(&app, "Currency").unwrap().contains("three capital letters"));
    keys(&mut app, "\x1by");
    edit_currency(&mut app, "JPY");
    assert_eq!(count(&app, "SELECT count(*) FROM engagement WHERE currency = 'JPY'"), 1);

    // A cost in yen: from now on the currency stays.
    keys(&mut app, "5]aTravel\t1500\r");
    assert_eq!(count(&app, "SELECT count(*) FROM cost_entry WHERE amount = 1500"), 1);
    edit_currency(&mut app, "EUR");
    let refusal = field_error(&app, "Currency").unwrap_or_default();
    assert!(refusal.contains("which cannot change now; nothing was changed"), "{refusal}");
    assert_eq!(count(&app, "SELECT count(*) FROM engagement WHERE currency = 'JPY'"), 1);
}
