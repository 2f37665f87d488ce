//! Property: random key sequences on the board leave the database exactly as a simple model
//! of columns (a list of card titles per status) predicts.

mod common;

use botdash::app::{App, Overlay};
use botdash::model::TaskStatus;
use common::{demo_app, keys};
use proptest::prelude::*;

/// The selected phase's columns: card titles in order, per status.
type Columns = Vec<Vec<String>>;

fn from_app(app: &App) -> Columns {
    (0..TaskStatus::ALL.len())
        .map(|c| {
            app.state
                .screens
                .board
                .cards(c, &app.state.context())
                .iter()
                .map(|t| t.title.clone())
                .collect()
        })
        .collect()
}

/// The columns as the database holds them (status, then position).
fn from_database(app: &App) -> Columns {
    let conn = app.store().connection();
    TaskStatus::ALL
        .iter()
        .map(|status| {
            let mut st = conn
                .prepare(
                    "SELECT t.title FROM task t JOIN engagement e ON e.id = t.engagement_id \
                     WHERE e.slug = 'nordwind-fleet' AND t.phase = 'operate' AND t.status = ?1 \
                     ORDER BY t.position, t.id",
                )
                .unwrap();
            st.query_map([status.as_str()], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
        })
        .collect()
}

/// What a key does to the model, given the selected card (column, row).
fn expect(model: &mut Columns, key: char, column: usize, row: usize) {
    let last = TaskStatus::ALL.len() - 1;
    let Some(card) = model[column].get(row).cloned() else { return };
    let mut move_to = |to: usize| {
        model[column].remove(row);
        model[to].push(card.clone());
    };
    match key {
        ' ' => move_to(if column == last { 0 } else { column + 1 }),
        'L' if column < last => move_to(column + 1),
        'H' if column > 0 => move_to(column - 1),
        'J' if row + 1 < model[column].len() => model[column].swap(row, row + 1),
        'K' if row > 0 => model[column].swap(row, row - 1),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_board_follows_the_model(script in proptest::collection::vec(prop::sample::select(vec![' ', 'H', 'L', 'J', 'K', 'j', 'k', 'h', 'l']), 1..40)) {
        let mut app = demo_app();
        keys(&mut app, "/nordw\r\r2");
        let mut model = from_app(&app);
        prop_assert_eq!(&model, &from_database(&app));
        for key in script {
            let (column, row) = (app.state.screens.board.column, app.state.screens.board.row);
            let last = TaskStatus::ALL.len() - 1;
            let wraps = key == ' ' && column == last && model[column].get(row).is_some();
            expect(&mut model, key, column, row);
            keys(&mut app, &key.to_string());
            if wraps {
                // From Done back to To do asks first: the answer is yes.
                prop_assert!(matches!(app.state.overlay, Some(Overlay::Confirm(_))));
                keys(&mut app, "y");
            }
            prop_assert_eq!(&model, &from_database(&app), "after {:?}", key);
            prop_assert_eq!(&model, &from_app(&app), "the screen shows it too");
        }
    }
}
