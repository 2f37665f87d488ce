//! The engagements list as a portfolio: at risk (the header's verdict), days to the
//! transfer, budget status and trend per engagement; sorting by any column, the "at risk
//! only" filter and the counts over every engagement, on the demo data (3 engagements) and
//! on the large sample (50). The first frame reads only the lines it shows; the rest waits
//! for idle time.

mod common;

use botdash::app::{App, BudgetStatus, ListColumn};
use botdash::demo::Size;
use botdash::model::forecast::forecast;
use botdash::model::health::budget;
use botdash::store::Store;
use common::{demo_app, draw, keys, today};
use ratatui::style::Modifier;

fn large_app() -> App {
    let mut store = Store::in_memory().unwrap();
    botdash::demo::save_sized(&mut store, today(), Size::Large).unwrap();
    App::new(store, today()).unwrap()
}

/// Lets the app do what it does while the user is idle, to the end.
fn idle(app: &mut App) {
    while app.work_on_portfolio() {}
}

fn screen(app: &mut App, width: u16, height: u16) -> String {
    let terminal = draw(app, width, height);
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The slugs of the list's lines, in order.
fn order(app: &App) -> Vec<String> {
    let rows = app.state.screens.engagements.rows(&app.state.context());
    rows.iter().map(|&i| app.state.engagements[i].engagement.slug.clone()).collect()
}

/// Each engagement's figures as the header computes them from the whole engagement: at
/// risk, over plan, with overdue tasks, and its planned transfer.
fn header_figures(app: &App) -> Vec<(String, bool, BudgetStatus, bool)> {
    let store = app.store();
    store
        .engagements()
        .unwrap()
        .into_iter()
        .map(|e| {
            let data = store.load(e).unwrap();
            let b = budget(&data, today());
            let status = match b.planned {
                0 => BudgetStatus::NoBudget,
                _ if b.over_plan() => BudgetStatus::OverPlan,
                _ => BudgetStatus::OnPlan,
            };
            let overdue = data.overdue_tasks(today()).count() > 0;
            (data.engagement.slug.clone(), forecast(&data, today()).at_risk, status, overdue)
        })
        .collect()
}

/// Checks every line against the header's figures, and the counts against them too.
fn assert_matches_the_header(app: &App) {
    let figures = header_figures(app);
    for (slug, at_risk, status, _) in &figures {
        let row = app.state.engagements.iter().find(|r| &r.engagement.slug == slug).unwrap();
        let summary = row.summary.as_ref().expect("every line is read once idle");
        assert_eq!(summary.at_risk, Some(*at_risk), "{slug}: the header's verdict");
        assert_eq!(summary.budget, *status, "{slug}: the budget's status");
    }
    let active: Vec<_> = app.state.engagements.iter().filter(|r| !r.engagement.archived).collect();
    let is_active = |slug: &String| active.iter().any(|r| &r.engagement.slug == slug);
    let counts = app.state.portfolio_counts().expect("known once idle");
    let at_risk = figures.iter().filter(|f| is_active(&f.0) && f.1).count();
    let overdue = figures.iter().filter(|f| is_active(&f.0) && f.3).count();
    let soon = active
        .iter()
        .filter_map(|r| r.engagement.planned_transfer_date)
        .filter(|d| (0..=30).contains(&(*d - today()).num_days()))
        .count();
    assert_eq!((counts.at_risk, counts.overdue, counts.transfers_soon), (at_risk, overdue, soon));
}

#[test]
fn each_line_shows_the_verdict_the_header_shows_its_transfer_budget_and_trend() {
    let mut app = demo_app();
    idle(&mut app);
    assert_matches_the_header(&app);
    let wide = screen(&mut app, 120, 40);
    assert!(wide.contains("Risk  Transfer   Budget    Overdue  Trend"), "{wide}");
    // Helvetia is at risk, 210 days before its transfer, on plan; Stadtwerke transferred
    // 28 days ago, over plan, and is ready.
    let line =
        |text: &str, part: &str| text.lines().find(|l| l.contains(part)).unwrap().to_string();
    let helvetia = line(&wide, "Helvetia");
    assert!(helvetia.contains("⚠     in 210 d   on plan"), "{helvetia}");
    assert!(helvetia.contains("▂▂▂▂"), "the trend: {helvetia}");
    let stadtwerke = line(&wide, "Stadtwerke");
    assert!(stadtwerke.contains("74%        28 d ago   over plan"), "{stadtwerke}");
    assert!(wide.contains("2 at risk · 2 overdue · 0 transfers within 30 days"), "{wide}");
}

#[test]
fn s_sorts_by_each_column_in_turn_and_capital_s_reverses_keeping_the_selection() {
    let mut app = demo_app();
    idle(&mut app);
    // Wide enough that every column is drawn.
    assert!(screen(&mut app, 160, 40).contains("Client▲"));
    keys(&mut app, "jj");
    let selected = |app: &App| {
        app.state
            .screens
            .engagements
            .selected(&app.state.context())
            .unwrap()
            .engagement
            .slug
            .clone()
    };
    assert_eq!(selected(&app), "stadtwerke-billing");
    let mut seen = vec![app.state.screens.engagements.portfolio.sort];
    for _ in 1..ListColumn::ALL.len() {
        keys(&mut app, "s");
        seen.push(app.state.screens.engagements.portfolio.sort);
        assert_eq!(selected(&app), "stadtwerke-billing", "the selection stays on its engagement");
    }
    assert_eq!(seen, ListColumn::ALL, "every column in turn");
    keys(&mut app, "s");
    assert_eq!(
        app.state.screens.engagements.portfolio.sort,
        ListColumn::Client,
        "after the last, the first again"
    );

    // By score, lowest first; S reverses, and the header says which way.
    while app.state.screens.engagements.portfolio.sort != ListColumn::Score {
        keys(&mut app, "s");
    }
    assert_eq!(order(&app), ["helvetia-pim", "nordwind-fleet", "stadtwerke-billing"]);
    assert!(screen(&mut app, 120, 40).contains("Score▲"));
    keys(&mut app, "S");
    assert_eq!(order(&app), ["stadtwerke-billing", "nordwind-fleet", "helvetia-pim"]);
    let reversed = screen(&mut app, 120, 40);
    assert!(reversed.contains("Score▼"), "{reversed}");
    assert_eq!(selected(&app), "stadtwerke-billing");

    // By risk: the engagements at risk first.
    while app.state.screens.engagements.portfolio.sort != ListColumn::Risk {
        keys(&mut app, "s");
    }
    assert_eq!(order(&app).last().unwrap(), "stadtwerke-billing");
    // By transfer: the nearest (here the past one) first.
    keys(&mut app, "s");
    assert_eq!(app.state.screens.engagements.portfolio.sort, ListColumn::Transfer);
    assert_eq!(order(&app), ["stadtwerke-billing", "nordwind-fleet", "helvetia-pim"]);
}

#[test]
fn at_80_columns_s_sorts_only_by_the_columns_shown_and_the_title_names_a_hidden_sort() {
    let mut app = demo_app();
    idle(&mut app);
    let narrow = screen(&mut app, 80, 24);
    let header = narrow.lines().find(|l| l.starts_with("Client▲")).unwrap().to_string();
    for _ in 1..ListColumn::ALL.len() {
        keys(&mut app, "s");
        let title = app.state.screens.engagements.portfolio.sort.title();
        let shown = screen(&mut app, 80, 24);
        assert!(header.contains(title), "{title} is not a column at 80: {header}");
        assert!(shown.contains(&format!("{title}▲")), "no marker on {title}: {shown}");
    }
    // Sorted by a column that a narrower terminal leaves out: the title says so.
    while app.state.screens.engagements.portfolio.sort != ListColumn::Docs {
        screen(&mut app, 160, 40);
        keys(&mut app, "s");
    }
    let narrow = screen(&mut app, 80, 24);
    assert!(narrow.contains(" Engagements · by Docs▲ "), "{narrow}");
}

#[test]
fn f_shows_only_the_engagements_at_risk_and_the_title_says_so() {
    let mut app = demo_app();
    idle(&mut app);
    keys(&mut app, "f");
    assert_eq!(order(&app), ["helvetia-pim", "nordwind-fleet"]);
    let filtered = screen(&mut app, 80, 24);
    assert!(filtered.contains(" Engagements · at risk only "), "{filtered}");
    assert!(!filtered.contains("Stadtwerke"));
    // The counts stay those of every engagement.
    assert!(filtered.contains("2 at risk · 2 overdue"), "{filtered}");
    keys(&mut app, "f");
    assert_eq!(order(&app).len(), 3);
    assert!(!screen(&mut app, 80, 24).contains("at risk only"));
}

#[test]
fn a_sort_by_a_figure_and_the_counts_wait_for_every_line_saying_so() {
    let mut app = large_app();
    keys(&mut app, "ss"); // by phase: the engagements' own field, sorted at once
    assert_eq!(app.state.screens.engagements.portfolio.sort, ListColumn::Phase);
    assert!(app.state.sort_applied());
    keys(&mut app, "s");
    let first = screen(&mut app, 120, 40);
    assert!(first.contains("Score…"), "the sort waits: {first}");
    assert!(!app.state.sort_applied());
    let title = first.lines().nth(2).unwrap();
    assert!(title.ends_with(" … "), "the counts wait: {title}");
    let stored: Vec<String> =
        app.state.engagements.iter().map(|r| r.engagement.slug.clone()).collect();
    assert_eq!(order(&app), stored, "in the database's order until then");

    idle(&mut app);
    let sorted = screen(&mut app, 120, 40);
    assert!(sorted.contains("Score▲"), "{sorted}");
    let scores: Vec<f64> = app
        .state
        .screens
        .engagements
        .rows(&app.state.context())
        .iter()
        .map(|&i| app.state.engagements[i].summary.as_ref().unwrap().readiness.score)
        .collect();
    assert!(scores.windows(2).all(|w| w[0] <= w[1]), "{scores:?}");
}

#[test]
fn on_the_large_sample_the_first_frame_reads_only_its_lines_and_idle_time_the_rest() {
    let mut app = large_app();
    assert_eq!(app.state.engagements.len(), 50);
    draw(&mut app, 120, 40);
    let read = |app: &App| app.state.engagements.iter().filter(|r| r.summary.is_some()).count();
    let verdicts = |app: &App| {
        let summaries = app.state.engagements.iter().filter_map(|r| r.summary.as_ref());
        summaries.filter(|s| s.at_risk.is_some()).count()
    };
    // 40 rows: the header, the tabs, the list's title and column names, 35 lines, the footer.
    assert_eq!((read(&app), verdicts(&app)), (35, 0), "no forecast before idle time");
    assert!(app.work_on_portfolio());
    assert!(verdicts(&app) < 50, "idle work comes in slices");
    idle(&mut app);
    assert_eq!((read(&app), verdicts(&app)), (50, 50));
    assert_matches_the_header(&app);
    let text = screen(&mut app, 120, 40);
    let counts = app.state.portfolio_counts().unwrap().text();
    assert!(text.contains(&counts), "{text}");

    // Sorted by transfer: the nearest first, engagements without a date last.
    while app.state.screens.engagements.portfolio.sort != ListColumn::Transfer {
        keys(&mut app, "s");
    }
    let days: Vec<Option<i64>> = app
        .state
        .screens
        .engagements
        .rows(&app.state.context())
        .iter()
        .map(|&i| botdash::app::days_to_transfer(&app.state.engagements[i], today()))
        .collect();
    let known: Vec<i64> = days.iter().map_while(|d| *d).collect();
    assert!(known.windows(2).all(|w| w[0] <= w[1]), "{days:?}");
    assert!(days[known.len()..].iter().all(Option::is_none), "{days:?}");

    // At risk only: exactly the engagements the header would warn about.
    keys(&mut app, "f");
    let at_risk = header_figures(&app).into_iter().filter(|f| f.1).map(|f| f.0);
    let mut expected: Vec<String> = at_risk.collect();
    let mut shown = order(&app);
    expected.sort();
    shown.sort();
    assert_eq!(shown, expected);
}

#[test]
fn idle_work_waits_while_an_engagement_is_on_screen() {
    let mut app = large_app();
    keys(&mut app, "\r");
    assert!(!app.work_on_portfolio(), "the list is not on screen");
    keys(&mut app, "\x1b");
    assert!(app.work_on_portfolio());
}

#[test]
fn after_an_edit_the_line_carries_the_verdict_of_the_engagement_on_screen() {
    let mut app = demo_app();
    draw(&mut app, 120, 40);
    keys(&mut app, "j\r2 ");
    let opened = app.state.opened.as_ref().unwrap();
    assert!(
        app.state.message.as_deref().unwrap_or("").starts_with("moved"),
        "{:?}",
        app.state.message
    );
    let verdict = opened.forecast.as_ref().expect("derived after the edit").at_risk;
    let slug = opened.data.engagement.slug.clone();
    keys(&mut app, "\x1b\x1b");
    idle(&mut app);
    let row = app.state.engagements.iter().find(|r| r.engagement.slug == slug).unwrap();
    assert_eq!(row.summary.as_ref().unwrap().at_risk, Some(verdict));
    assert_matches_the_header(&app);
}

#[test]
fn a_list_longer_than_the_screen_says_which_lines_it_shows_of_how_many() {
    let mut app = large_app();
    let title = |app: &mut App| screen(app, 80, 24).lines().nth(2).unwrap_or_default().to_string();
    assert!(title(&mut app).starts_with(" Engagements 1–19 of 50 "), "{}", title(&mut app));
    keys(&mut app, "G");
    assert!(title(&mut app).starts_with(" Engagements 32–50 of 50 "), "{}", title(&mut app));
    // All on screen: no count of lines.
    let mut small = demo_app();
    assert!(title(&mut small).starts_with(" Engagements ───"), "{}", title(&mut small));
}

#[test]
fn the_high_contrast_theme_paints_only_an_overdue_figure_as_an_alarm() {
    let mut app = demo_app();
    idle(&mut app);
    let theme = botdash::ui::Theme::high_contrast();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).unwrap();
    botdash::tui::draw(&mut terminal, &mut app, &theme).unwrap();
    let buffer = terminal.backend().buffer();
    let text = |y: u16| (0..120).map(|x| buffer[(x, y)].symbol()).collect::<String>();
    let header = (0..40).find(|&y| text(y).starts_with("Client")).unwrap();
    let start =
        (0..120).find(|&x| text(header).chars().skip(x).collect::<String>().starts_with("Overdue"));
    let start = start.unwrap() as u16;
    let bad = |x, y| {
        let cell = &buffer[(x, y)];
        cell.fg == ratatui::style::Color::Red && cell.modifier.contains(Modifier::REVERSED)
    };
    let alarm = |y: u16| (start..start + 8).any(|x| bad(x, y));
    let line = |client: &str| (0..40).find(|&y| text(y).starts_with(client)).unwrap();
    let (late, on_time) = (line("Nordwind"), line("Stadtwerke"));
    assert!(text(late)[..].contains(" 1 "), "{}", text(late));
    assert!(alarm(late), "the overdue figure has the alarm style");
    assert!(!alarm(on_time), "an empty cell is painted: {}", text(on_time));
}

#[test]
fn clients_sort_in_german_alphabetical_order_folding_accents_and_case() {
    let mut app = demo_app();
    let clients = [
        ("helvetia-pim", "Zimmermann Ltd"),
        ("nordwind-fleet", "Özdemir Ltd"),
        ("stadtwerke-billing", "oberhaus GmbH"),
    ];
    for (slug, client) in clients {
        let sql = "UPDATE engagement SET client = ?1 WHERE slug = ?2";
        app.store().connection().execute(sql, [client, slug]).unwrap();
    }
    app.perform(botdash::app::Action::Refresh);
    let german = ["stadtwerke-billing", "nordwind-fleet", "helvetia-pim"];
    assert_eq!(order(&app), german);
    let stored: Vec<String> =
        app.store().engagements().unwrap().into_iter().map(|e| e.slug).collect();
    assert_eq!(stored, german, "the store lists them in the same order");
    keys(&mut app, "S");
    assert_eq!(order(&app), ["helvetia-pim", "nordwind-fleet", "stadtwerke-billing"]);
}

/// The list shows the same order frame after frame, and arranges it again as soon as a
/// line changes: a line whose client is renamed (as the app does after an edit) moves at
/// once. (Whether the order is kept or sorted again each frame is not visible here.)
#[test]
fn the_order_follows_a_line_that_changes() {
    let mut app = demo_app();
    let before = order(&app);
    assert_eq!(order(&app), before, "the same order on the next frame");
    let first = &before[0];
    let index = app.state.engagements.iter().position(|r| &r.engagement.slug == first).unwrap();
    app.state.engagements[index].engagement.client = "Zylinder AG".into();
    assert_eq!(order(&app).last(), Some(first));
}
