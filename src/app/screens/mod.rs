//! The screens as components: each owns its state (cursor, tab, quick filter …), its rows,
//! and every action it takes: its own, and any shared one it takes over (the board's Esc
//! leaving the gate, its `n`/`N` across columns). `State` holds one of each in `Screens`
//! and offers each action to the current screen first (`Component::handle`; `None` leaves
//! it to what the screens share), and asks it the same way what works now (the footer and
//! the help show only that). The drawing is in `ui`, one file per screen, registered in
//! `ui/drawer.rs`'s `screen_drawer` with the detail pane where the screen has its own.
//!
//! A new screen is declared once, in `action::screens!`, whose comment says how.

pub mod board;
pub mod conflicts;
pub mod docs;
pub mod engagements;
pub mod health;
mod overview;
pub mod readiness;
mod reply;

use chrono::{NaiveDate, NaiveDateTime};

use super::Spot;
use super::filter::Fuzzy;
use super::keymap::{Keymap, Scope};
use super::notes::Note;
use super::place::{Place, RecordRef};
use super::targets::NewDefaults;
use super::{Action, Effect, ListColumn, Opened, Overlay, Screen, State, TerminalRequest};
use crate::model::handover::HandoverStatus;
use crate::model::health::{RiskStatus, TestStatus};
use crate::model::score::Loss;
use crate::model::{DocStatus, EngagementData, GateCriterion, KtStatus, Owner, TaskStatus};
pub use board::BoardScreen;
pub use conflicts::ConflictsScreen;
pub use docs::DocsScreen;
pub use engagements::{EngagementRows, EngagementsScreen};
pub use health::HealthScreen;
pub use overview::OverviewScreen;
pub use readiness::ReadinessScreen;
pub use reply::Reply;

/// What a screen sees of the rest of the app: the data on screen and the moment.
pub struct ScreenContext<'a> {
    /// The engagement on screen, if one is open.
    pub opened: Option<&'a Opened>,
    /// Every engagement's line, as the engagements list shows them.
    pub engagements: &'a EngagementRows,
    /// The `/` filter's query.
    pub fuzzy: Fuzzy,
    pub now: NaiveDateTime,
    pub today: NaiveDate,
    pub keymap: &'a Keymap,
    /// What a new engagement starts with.
    pub defaults: NewDefaults,
    /// The columns the engagements list drew last.
    pub list_columns: &'a [ListColumn],
    /// Whether the detail pane shows the selected record (its keys come first).
    pub record_pane: bool,
}

impl ScreenContext<'_> {
    /// The time of the event being handled in UTC, as records store it.
    pub fn timestamp(&self) -> String {
        crate::clock::utc_timestamp(self.now)
    }

    /// The keymap scopes in force on `screen` with its `narrower` scope, narrowest first.
    pub fn scopes(&self, narrower: Option<Scope>, screen: Screen) -> Vec<Scope> {
        let pane = self.record_pane.then_some(Scope::Detail);
        pane.into_iter().chain(narrower).chain([Scope::Screen(screen)]).collect()
    }

    /// The keys `action` has on `screen` with its `narrower` scope, for a hint in a message.
    pub fn key_label(&self, narrower: Option<Scope>, screen: Screen, action: Action) -> String {
        self.keymap.key_label(&self.scopes(narrower, screen), action)
    }
}

/// What Enter opens on a screen's selected row.
pub enum Drill<'a> {
    /// A gate criterion: the records keeping a computed one from holding, or the evidence
    /// of one ticked by hand.
    Criterion(&'a GateCriterion),
    /// A week of the Operations view (its position in `Opened::weeks`): its tickets.
    Week(usize),
    /// An item costing readiness points: the record it is about.
    Loss(&'a Loss),
    /// One of the client's or the contractor's people: their view in the pane.
    Person(RecordRef),
}

/// A state Space steps a record through: one of the model's text enums.
pub trait Stepped: Copy {
    fn is_last(self) -> bool;
    fn label(self) -> &'static str;
}

macro_rules! stepped {
    ($($state:ty),+) => {$(
        impl Stepped for $state {
            fn is_last(self) -> bool {
                <$state>::is_last(self)
            }

            fn label(self) -> &'static str {
                <$state>::label(self)
            }
        }
    )+};
}

stepped!(TaskStatus, DocStatus, RiskStatus, TestStatus, KtStatus, Owner, HandoverStatus);

/// What a row of a list is: a record's id, or a place in the engagement's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKey {
    Id(String),
    At(usize),
}

/// A screen: its state, its rows, its actions. Every method has the answer of a screen
/// without that part (no narrower keys, no list, no actions of its own).
pub trait Component {
    // Its actions.

    /// Handles `action` where it is the screen's (its own actions, or a shared one it takes
    /// over, such as Esc leaving a focus); `None` leaves it to the app's shared handling.
    fn handle(&mut self, _action: Action, _cx: &ScreenContext) -> Option<Reply> {
        None
    }

    /// Whether `action` does something now, where the screen decides it; `None` where the
    /// app's shared answer holds.
    fn works_now(&self, _action: Action, _cx: &ScreenContext) -> Option<bool> {
        None
    }

    // Its list.

    /// The rows the cursor moves over, each as it is the same with the filter or without:
    /// the cursor finds its row again by it when the filter is dropped.
    fn row_keys(&self, _cx: &ScreenContext) -> Vec<RowKey> {
        Vec::new()
    }

    /// The cursor over those rows.
    fn cursor_mut(&mut self) -> Option<&mut usize> {
        None
    }

    /// The record the cursor is on, if the screen lists records.
    fn selected_record(&self, _cx: &ScreenContext) -> Option<RecordRef> {
        None
    }

    /// What Enter opens on the selected row, if anything.
    fn drill_target<'a>(&self, _cx: &ScreenContext<'a>) -> Option<Drill<'a>> {
        None
    }

    // Where it goes.

    /// Shows the view `place` names (a tab, the gate, a phase, a record's row) where it is
    /// one of this screen's; returns whether it is.
    fn show(&mut self, _place: &Place, _cx: &ScreenContext) -> bool {
        false
    }

    /// Another engagement, `data`, is on screen: the cursor goes back to where it starts.
    fn on_engagement_changed(&mut self, _data: &EngagementData) {}

    /// The `/` filter changed (`cx` holds it): the cursor may go where a match is.
    fn on_filtered(&mut self, _cx: &ScreenContext) {}

    // The pointer.

    /// Selects the thing a click landed on, other than a row of the list (a card, a cell
    /// …); whether it already was selected, or `None` when the screen draws no such thing.
    fn select_spot(&mut self, _spot: Spot) -> Option<bool> {
        None
    }

    /// Turns the wheel's way to the part of the screen under the pointer; returns whether
    /// the cursor went to another list.
    fn focus_spot(&mut self, _spot: Spot) -> bool {
        false
    }

    // What it adds to the keys and the figures.

    /// The keymap scope narrower than the screen's own in force now, if any.
    fn scope(&self) -> Option<Scope> {
        None
    }

    /// The notes the screen shows under its figures.
    fn notes(&self, _cx: &ScreenContext) -> Vec<Note> {
        Vec::new()
    }
}

/// The position of `id` among `ids`.
fn position<'a>(mut ids: impl Iterator<Item = &'a str>, id: &str) -> Option<usize> {
    ids.position(|i| i == id)
}

/// How far `action` moves through a screen's tabs, if it is `[` or `]`.
fn tab_step(action: Action) -> Option<isize> {
    match action {
        Action::PrevTab => Some(-1),
        Action::NextTab => Some(1),
        _ => None,
    }
}

/// The column ← (or →) `action` goes to from `column` of `count`, if it is one of those
/// keys and there is a column there.
fn column_after(action: Action, column: usize, count: usize) -> Option<usize> {
    let step = match action {
        Action::Left => -1,
        Action::Right => 1,
        _ => return None,
    };
    column.checked_add_signed(step).filter(|&to| to < count)
}

/// The tab `step` tabs from `current` among `tabs`, wrapping around.
fn step_in<T: Copy + PartialEq>(tabs: &[T], current: T, step: isize) -> T {
    let i = tabs.iter().position(|t| *t == current).unwrap_or(0) as isize;
    tabs[(i + step).rem_euclid(tabs.len() as isize) as usize]
}

/// Declares `Screens`, one component per screen, and its look-ups, from the lines of
/// `action::screens!`.
macro_rules! components {
    ($($(#[$doc:meta])* $screen:ident { $field:ident: $component:ident, $($declared:tt)* })+) => {
        /// One component per screen.
        #[derive(Debug, Clone, Default)]
        pub struct Screens {
            $(pub $field: $component,)+
        }

        impl Screens {
            /// The component of `screen`.
            pub fn get(&self, screen: Screen) -> &dyn Component {
                match screen {
                    $(Screen::$screen => &self.$field,)+
                }
            }

            pub fn get_mut(&mut self, screen: Screen) -> &mut dyn Component {
                match screen {
                    $(Screen::$screen => &mut self.$field,)+
                }
            }
        }
    };
}

super::action::screens!(components);

/// What a screen sees of `state`: everything but the screens. A macro, not a method, so that
/// it borrows those fields alone and a screen can change while it reads them.
macro_rules! context {
    ($state:expr, $fuzzy:expr) => {
        ScreenContext {
            opened: $state.opened.as_ref(),
            engagements: &$state.engagements,
            fuzzy: $fuzzy,
            now: $state.now,
            today: $state.today,
            keymap: &$state.keymap,
            defaults: $state.defaults,
            list_columns: &$state.visible.list_columns,
            record_pane: $state.record_pane_open(),
        }
    };
}
pub(super) use context;

impl State {
    /// What the screens see of the state: what their lists are read with.
    pub fn context(&self) -> ScreenContext<'_> {
        context!(self, self.fuzzy())
    }

    /// The screen whose list the cursor moves over: without an engagement open, the
    /// engagements list stands in for an engagement's screen.
    pub fn listed(&self) -> Screen {
        match self.screen {
            screen if screen.needs_engagement() && self.opened.is_none() => Screen::Engagements,
            screen => screen,
        }
    }

    /// The engagement the current screen shows, if it shows one.
    pub fn engagement_on_screen(&self) -> Option<&Opened> {
        self.opened.as_ref().filter(|_| self.screen.needs_engagement())
    }

    /// The current screen's component.
    pub(super) fn component(&self) -> &dyn Component {
        self.screens.get(self.screen)
    }

    /// Calls `f` with the current screen's component, free to change, and what it sees.
    pub(super) fn with_component<R>(
        &mut self,
        f: impl FnOnce(&mut dyn Component, &ScreenContext) -> R,
    ) -> R {
        self.with_screen(self.screen, f)
    }

    /// Calls `f` with `screen`'s component, free to change, and what it sees.
    pub(super) fn with_screen<R>(
        &mut self,
        screen: Screen,
        f: impl FnOnce(&mut dyn Component, &ScreenContext) -> R,
    ) -> R {
        let cx = context!(self, self.fuzzy());
        f(self.screens.get_mut(screen), &cx)
    }

    /// Goes to the first screen whose component `found` finds what is looked for (and
    /// selects it); returns whether one did.
    pub(super) fn go_to_screen_where(
        &mut self,
        found: impl Fn(&mut dyn Component, &ScreenContext) -> bool,
    ) -> bool {
        for &screen in Screen::ALL {
            if self.with_screen(screen, &found) {
                self.screen = screen;
                return true;
            }
        }
        false
    }

    /// Does what a screen's action asked.
    pub(super) fn reply(&mut self, reply: Reply) -> Option<Effect> {
        match reply {
            Reply::Nothing => {}
            Reply::Effect(effect) => return Some(effect),
            Reply::Form(form) => self.overlay = Some(Overlay::Form(form)),
            Reply::Editor(form, text) => {
                self.request = Some(TerminalRequest::Editor(text));
                self.overlay = Some(Overlay::Form(form));
            }
            Reply::Confirm(question, then) => self.confirm(question, then),
            Reply::Message(text) => self.message = Some(text),
            Reply::Step { plan, wraps, name, from, to } => {
                return self.step(plan, wraps, (&name, from, to));
            }
        }
        None
    }
}
