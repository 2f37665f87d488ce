//! Criterion benches on the large sample: the score, the forecast, the next best actions,
//! drawing every screen, and one edit with its commit. Run with `cargo bench`; see BENCHMARKS.md.

use botdash::app::{Action, App, Screen};
use botdash::demo::{Size, save_sized};
use botdash::model::forecast::{forecast, next_actions};
use botdash::model::score::readiness;
use botdash::store::Store;
use botdash::ui::{Theme, draw};
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

/// The large sample in a temporary file, opened on its largest engagement.
fn large_app(dir: &std::path::Path) -> App {
    let path = dir.join("large.db");
    let mut store = Store::open(&path).unwrap();
    save_sized(&mut store, today(), Size::Large).unwrap();
    let mut app = App::new(Store::open(&path).unwrap(), today()).unwrap();
    // As in the terminal: the forecast and next best actions wait until after the frame.
    app.defer_derived = true;
    app.open_slug("client-01", Screen::Board).unwrap();
    app
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut app = large_app(dir.path());
    let data = app.state.opened.as_ref().unwrap().data.clone();

    c.bench_function("score of the largest engagement", |b| b.iter(|| readiness(&data, today())));
    c.bench_function("forecast", |b| b.iter(|| forecast(&data, today())));
    c.bench_function("next best actions", |b| b.iter(|| next_actions(&data, today(), 10)));

    let theme = Theme::dark();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    for &screen in std::iter::once(&Screen::Engagements).chain(Screen::TABS) {
        app.perform(Action::GoTo(screen));
        botdash::tui::draw(&mut terminal, &mut app, &theme).unwrap();
        c.bench_function(&format!("draw {} at 120x40", screen.title()), |b| {
            b.iter(|| {
                terminal.draw(|frame| _ = draw(frame, &app.state, &theme)).unwrap();
            })
        });
    }

    app.perform(Action::GoTo(Screen::Board));
    c.bench_function("one edit: move a card, commit, reload", |b| {
        b.iter(|| app.perform(Action::Cycle))
    });
}

criterion_group!(speed, benches);
criterion_main!(speed);
