//! The application without a terminal: state, actions, and the update that joins them.
//! Keys resolve to actions through the keymap; `State::update` changes the state and asks
//! for effects; `App` carries the effects out against the store.

pub mod form;
pub mod keymap;

use chrono::NaiveDate;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};

use crate::model::score::{Readiness, readiness};
use crate::model::template::{NewEngagement, Template, slugify, validate_slug};
use crate::model::{Engagement, EngagementData, Phase, Task, TaskStatus, percent};
use crate::store::{Store, StoreError};
use form::{Field, Form, FormOutcome, Input};
use keymap::{Binding, Key, Keymap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Screen {
    Engagements,
    Overview,
    Board,
    Readiness,
    Docs,
}

impl Screen {
    pub const ALL: &'static [Screen] =
        &[Screen::Engagements, Screen::Overview, Screen::Board, Screen::Readiness, Screen::Docs];
    /// The screens of one engagement, in tab order (keys 1–4).
    pub const TABS: &'static [Screen] =
        &[Screen::Overview, Screen::Board, Screen::Readiness, Screen::Docs];

    pub fn title(self) -> &'static str {
        match self {
            Screen::Engagements => "Engagements",
            Screen::Overview => "Overview",
            Screen::Board => "Board",
            Screen::Readiness => "Readiness",
            Screen::Docs => "Docs",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Back,
    Help,
    NextScreen,
    PrevScreen,
    GoTo(Screen),
    Up,
    Down,
    Left,
    Right,
    Top,
    Bottom,
    HalfPageDown,
    HalfPageUp,
    OpenSelected,
    NewEngagement,
    PrevPhase,
    NextPhase,
    PrevTab,
    NextTab,
}

/// The sub-views of the Readiness screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadinessTab {
    Staffing,
    Skills,
    Kt,
    Responsibilities,
    Score,
}

impl ReadinessTab {
    pub const ALL: &'static [ReadinessTab] = &[
        ReadinessTab::Staffing,
        ReadinessTab::Skills,
        ReadinessTab::Kt,
        ReadinessTab::Responsibilities,
        ReadinessTab::Score,
    ];

    pub fn title(self) -> &'static str {
        match self {
            ReadinessTab::Staffing => "Staffing",
            ReadinessTab::Skills => "Skills",
            ReadinessTab::Kt => "Knowledge transfer",
            ReadinessTab::Responsibilities => "Responsibilities",
            ReadinessTab::Score => "Score",
        }
    }
}

/// One line of the engagements screen.
#[derive(Debug, Clone)]
pub struct EngagementRow {
    pub engagement: Engagement,
    pub readiness: Readiness,
    pub docs_percent: u32,
    pub next_milestone: Option<(NaiveDate, String)>,
    pub overdue: usize,
    /// Recent daily scores, oldest first.
    pub trend: Vec<f64>,
}

impl EngagementRow {
    pub fn of(data: &EngagementData, today: NaiveDate) -> EngagementRow {
        let (approved, applicable) = data.docs_progress();
        let recent = data.snapshots.len().saturating_sub(30);
        EngagementRow {
            engagement: data.engagement.clone(),
            readiness: readiness(data, today),
            docs_percent: percent(approved, applicable),
            next_milestone: next_milestone(data, today),
            overdue: data.overdue_tasks(today).count(),
            trend: data.snapshots[recent..].iter().map(|s| s.score).collect(),
        }
    }
}

/// The next planned phase end or transfer that has not happened yet.
pub fn next_milestone(data: &EngagementData, today: NaiveDate) -> Option<(NaiveDate, String)> {
    let phase_ends = data
        .phases
        .iter()
        .filter(|p| p.actual_end.is_none())
        .filter_map(|p| p.planned_end.map(|d| (d, format!("{} ends", p.kind.label()))));
    let transfer = data
        .engagement
        .planned_transfer_date
        .filter(|_| data.engagement.current_phase < Phase::Transfer)
        .map(|d| (d, "transfer".to_string()));
    phase_ends.chain(transfer).filter(|(d, _)| *d >= today).min_by_key(|(d, _)| *d)
}

/// The engagement on screen, with its score.
#[derive(Debug, Clone)]
pub struct Opened {
    pub data: EngagementData,
    pub readiness: Readiness,
}

impl Opened {
    /// The cards of one column of a phase's board, in their order.
    pub fn column(&self, phase: Phase, status: TaskStatus) -> Vec<&Task> {
        let mut tasks: Vec<&Task> =
            self.data.tasks.iter().filter(|t| t.phase == phase && t.status == status).collect();
        tasks.sort_by_key(|t| t.position);
        tasks
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardCursor {
    pub phase: Phase,
    /// Index into `TaskStatus::ALL`.
    pub column: usize,
    pub row: usize,
}

/// The help overlay: a filter over the current screen's bindings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Help {
    pub query: Input,
    pub selected: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help(Help),
    NewEngagement(Form),
}

/// What the state asks the app to do with the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Open(usize),
    CreateEngagement(NewEngagement),
}

pub struct State {
    pub screen: Screen,
    pub today: NaiveDate,
    pub read_only: bool,
    pub engagements: Vec<EngagementRow>,
    pub engagement_cursor: usize,
    pub opened: Option<Opened>,
    pub board: BoardCursor,
    pub readiness_tab: ReadinessTab,
    pub readiness_row: usize,
    pub skills_column: usize,
    pub docs_row: usize,
    pub overlay: Option<Overlay>,
    /// A one-line message in the footer, until the next key.
    pub message: Option<String>,
    /// Rows a half-page move covers (set from the terminal's height).
    pub half_page: usize,
    pub keymap: Keymap,
    pub quit: bool,
}

impl State {
    pub fn new(today: NaiveDate, read_only: bool) -> State {
        State {
            screen: Screen::Engagements,
            today,
            read_only,
            engagements: Vec::new(),
            engagement_cursor: 0,
            opened: None,
            board: BoardCursor { phase: Phase::Plan, column: 0, row: 0 },
            readiness_tab: ReadinessTab::Staffing,
            readiness_row: 0,
            skills_column: 0,
            docs_row: 0,
            overlay: None,
            message: None,
            half_page: 10,
            keymap: Keymap::default(),
            quit: false,
        }
    }

    /// The bindings that work on the current screen (what the footer and help show).
    pub fn bindings(&self) -> Vec<&Binding> {
        self.keymap.for_screen(self.screen)
    }

    /// The help overlay's entries for its query: key label or description contains it.
    pub fn help_entries(&self, help: &Help) -> Vec<&Binding> {
        let query = help.query.value().to_lowercase();
        self.bindings()
            .into_iter()
            .filter(|b| b.desc.contains(&query) || b.key.label().to_lowercase().contains(&query))
            .collect()
    }

    /// Applies one action; returns what must be done with the store, if anything.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        use Action::*;
        match action {
            Quit => self.quit = true,
            Help => self.overlay = Some(Overlay::Help(self::Help::default())),
            Back => self.back(),
            NextScreen => return self.cycle_screen(1),
            PrevScreen => return self.cycle_screen(Screen::TABS.len() - 1),
            GoTo(screen) => return self.go_to(screen),
            Up => self.move_rows(-1),
            Down => self.move_rows(1),
            HalfPageUp => self.move_rows(-(self.half_page as isize)),
            HalfPageDown => self.move_rows(self.half_page as isize),
            Top => self.move_rows(isize::MIN / 2),
            Bottom => self.move_rows(isize::MAX / 2),
            Left => self.move_columns(-1),
            Right => self.move_columns(1),
            OpenSelected if !self.engagements.is_empty() => {
                return Some(Effect::Open(self.engagement_cursor));
            }
            OpenSelected => {}
            NewEngagement => self.new_engagement_form(),
            PrevPhase => self.switch_phase(-1),
            NextPhase => self.switch_phase(1),
            PrevTab => self.switch_tab(ReadinessTab::ALL.len() - 1),
            NextTab => self.switch_tab(1),
        }
        None
    }

    fn back(&mut self) {
        if self.overlay.take().is_none() && self.screen != Screen::Engagements {
            self.screen = Screen::Engagements;
        }
    }

    /// Moves through the engagement's screens; from the list it opens the selection.
    fn cycle_screen(&mut self, step: usize) -> Option<Effect> {
        let tabs = Screen::TABS;
        let next = match tabs.iter().position(|s| *s == self.screen) {
            Some(i) => tabs[(i + step) % tabs.len()],
            None => tabs[0],
        };
        self.go_to(next)
    }

    fn go_to(&mut self, screen: Screen) -> Option<Effect> {
        if screen == Screen::Engagements || self.opened.is_some() {
            self.screen = screen;
            return None;
        }
        if self.engagements.is_empty() {
            self.message = Some("no engagement yet: press a to create one".into());
            return None;
        }
        self.screen = screen;
        Some(Effect::Open(self.engagement_cursor))
    }

    /// How many rows the current screen's list has.
    fn row_count(&self) -> usize {
        let Some(opened) = &self.opened else {
            return if self.screen == Screen::Engagements { self.engagements.len() } else { 0 };
        };
        let data = &opened.data;
        match self.screen {
            Screen::Engagements => self.engagements.len(),
            Screen::Overview => 0,
            Screen::Board => {
                opened.column(self.board.phase, TaskStatus::ALL[self.board.column]).len()
            }
            Screen::Readiness => match self.readiness_tab {
                ReadinessTab::Staffing => data.roles.len() + data.people.len(),
                ReadinessTab::Skills => data.skills.len(),
                ReadinessTab::Kt => data.kt_topics.len(),
                ReadinessTab::Responsibilities => data.responsibilities.len(),
                ReadinessTab::Score => opened.readiness.losses.len(),
            },
            Screen::Docs => data.docs.len(),
        }
    }

    fn row_mut(&mut self) -> Option<&mut usize> {
        match self.screen {
            Screen::Engagements => Some(&mut self.engagement_cursor),
            Screen::Overview => None,
            Screen::Board => Some(&mut self.board.row),
            Screen::Readiness => Some(&mut self.readiness_row),
            Screen::Docs => Some(&mut self.docs_row),
        }
    }

    fn move_rows(&mut self, delta: isize) {
        let last = self.row_count().saturating_sub(1);
        if let Some(row) = self.row_mut() {
            *row = row.saturating_add_signed(delta).min(last);
        }
    }

    fn move_columns(&mut self, delta: isize) {
        match self.screen {
            Screen::Board => {
                let last = TaskStatus::ALL.len() - 1;
                self.board.column = self.board.column.saturating_add_signed(delta).min(last);
                self.move_rows(0);
            }
            Screen::Readiness if self.readiness_tab == ReadinessTab::Skills => {
                let people = self.opened.as_ref().map_or(0, |o| o.data.people.len());
                let last = people.saturating_sub(1);
                self.skills_column = self.skills_column.saturating_add_signed(delta).min(last);
            }
            _ => {}
        }
    }

    fn switch_phase(&mut self, delta: isize) {
        let phases = Phase::ALL;
        let i = phases.iter().position(|p| *p == self.board.phase).unwrap_or(0);
        let next = i.saturating_add_signed(delta).min(phases.len() - 1);
        self.board = BoardCursor { phase: phases[next], column: 0, row: 0 };
    }

    fn switch_tab(&mut self, step: usize) {
        let tabs = ReadinessTab::ALL;
        let i = tabs.iter().position(|t| *t == self.readiness_tab).unwrap_or(0);
        self.readiness_tab = tabs[(i + step) % tabs.len()];
        self.readiness_row = 0;
        self.skills_column = 0;
    }

    fn new_engagement_form(&mut self) {
        if self.read_only {
            self.message = Some("the database is open read-only: nothing can be added".into());
            return;
        }
        let today = self.today.to_string();
        self.overlay = Some(Overlay::NewEngagement(Form::new(
            "New engagement",
            vec![
                Field::text("Client", true),
                Field::text("Name", true),
                Field::text("Slug", false).with_placeholder("made from client and name"),
                Field::date("Start", true).with_value(&today),
                Field::date("Transfer", false).with_placeholder("start + the template's plan"),
            ],
        )));
    }

    /// Shows the engagement `data` on the current screen, keeping the cursor where it can.
    pub fn show(&mut self, data: EngagementData) {
        let same = self.opened.as_ref().is_some_and(|o| o.data.engagement.id == data.engagement.id);
        if !same {
            self.board = BoardCursor { phase: data.engagement.current_phase, column: 0, row: 0 };
            self.readiness_row = 0;
            self.skills_column = 0;
            self.docs_row = 0;
        }
        let readiness = readiness(&data, self.today);
        self.opened = Some(Opened { data, readiness });
    }

    /// Handles a key in the overlay; returns an effect or an action to run after it.
    fn overlay_key(&mut self, key: KeyEvent) -> (Option<Effect>, Option<Action>) {
        let Some(overlay) = self.overlay.as_mut() else {
            return (None, None);
        };
        match overlay {
            Overlay::Help(help) => match key.code {
                KeyCode::Esc => self.overlay = None,
                KeyCode::Up => help.selected = help.selected.saturating_sub(1),
                KeyCode::Down => help.selected += 1,
                KeyCode::Enter => {
                    let help = help.clone();
                    let chosen = self.help_entries(&help).get(help.selected).map(|b| b.action);
                    self.overlay = None;
                    return (None, chosen);
                }
                _ => {
                    if help.query.handle(key) {
                        help.selected = 0;
                    }
                }
            },
            Overlay::NewEngagement(form) => match form.handle_key(key) {
                FormOutcome::Editing => {}
                FormOutcome::Cancel => self.overlay = None,
                FormOutcome::Submit => {
                    return (new_engagement(form).map(Effect::CreateEngagement), None);
                }
            },
        }
        if let Some(Overlay::Help(help)) = &self.overlay {
            let count = self.help_entries(help).len();
            if let Some(Overlay::Help(help)) = self.overlay.as_mut() {
                help.selected = help.selected.min(count.saturating_sub(1));
            }
        }
        (None, None)
    }
}

/// The new engagement a valid form describes, or `None` after marking what is wrong.
fn new_engagement(form: &mut Form) -> Option<NewEngagement> {
    let client = form.field("Client").value().to_string();
    let name = form.field("Name").value().to_string();
    let typed_slug = form.field("Slug").value().to_string();
    let slug =
        if typed_slug.is_empty() { slugify(&format!("{client} {name}")) } else { typed_slug };
    if let Err(message) = validate_slug(&slug) {
        form.reject("Slug", message);
        return None;
    }
    let start = form.field("Start").date_value()?;
    let transfer = form.field("Transfer").date_value();
    if transfer.is_some_and(|t| t <= start) {
        form.reject("Transfer", "the transfer must come after the start".into());
        return None;
    }
    Some(NewEngagement { client, name, slug, start, transfer })
}

/// The state and the store it shows: runs the effects that read or write the database.
pub struct App {
    pub state: State,
    store: Store,
    template: Template,
}

impl App {
    /// Loads the engagements; opens the only one directly when there is just one.
    pub fn new(store: Store, today: NaiveDate) -> Result<App, StoreError> {
        let state = State::new(today, store.is_read_only());
        let mut app = App { state, store, template: Template::standard() };
        app.reload_list()?;
        let active = app.state.engagements.iter().filter(|r| !r.engagement.archived).count();
        if active == 1 {
            app.open(0)?;
            app.state.screen = Screen::Overview;
        }
        if app.state.read_only {
            app.state.message = Some("read-only: this database file cannot be changed".into());
        }
        Ok(app)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn handle_event(&mut self, event: Event) {
        if let Event::Key(key) = event
            && key.kind != KeyEventKind::Release
        {
            self.handle_key(key);
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        self.state.message = None;
        let (effect, then) = if self.state.overlay.is_some() {
            self.state.overlay_key(key)
        } else {
            let action = self.state.keymap.resolve(self.state.screen, Key::from_event(key));
            (None, action)
        };
        if let Some(effect) = effect {
            self.run(effect);
        }
        if let Some(action) = then {
            self.perform(action);
        }
    }

    pub fn perform(&mut self, action: Action) {
        if let Some(effect) = self.state.update(action) {
            self.run(effect);
        }
    }

    fn run(&mut self, effect: Effect) {
        let result = match effect {
            Effect::Open(index) => self.open(index),
            Effect::CreateEngagement(new) => self.create(new),
        };
        if let Err(e) = result {
            self.state.message = Some(e.to_string());
        }
    }

    fn reload_list(&mut self) -> Result<(), StoreError> {
        let today = self.state.today;
        let mut rows = Vec::new();
        for engagement in self.store.engagements()? {
            rows.push(EngagementRow::of(&self.store.load(engagement)?, today));
        }
        self.state.engagements = rows;
        let last = self.state.engagements.len().saturating_sub(1);
        self.state.engagement_cursor = self.state.engagement_cursor.min(last);
        Ok(())
    }

    /// Opens the engagement at `index` of the list and records today's readiness snapshot.
    fn open(&mut self, index: usize) -> Result<(), StoreError> {
        let Some(row) = self.state.engagements.get(index) else {
            return Ok(());
        };
        let mut data = self.store.load(row.engagement.clone())?;
        self.state.engagement_cursor = index;
        if !self.store.is_read_only() {
            let today = self.state.today;
            let now = readiness(&data, today);
            self.store.record_snapshot(&data.engagement.id, today, &now)?;
            data.snapshots.retain(|s| s.day != today);
            data.snapshots.push(crate::model::Snapshot::of(today, &now));
        }
        self.state.show(data);
        if self.state.screen == Screen::Engagements {
            self.state.screen = Screen::Overview;
        }
        Ok(())
    }

    fn create(&mut self, new: NewEngagement) -> Result<(), StoreError> {
        let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        match self.store.create_engagement(&new, &self.template, &now) {
            Ok(data) => {
                self.state.overlay = None;
                self.reload_list()?;
                let id = data.engagement.id;
                let index = self.state.engagements.iter().position(|r| r.engagement.id == id);
                self.state.screen = Screen::Overview;
                self.open(index.unwrap_or(0))?;
                self.state.message = Some(format!("created engagement '{}'", new.slug));
                Ok(())
            }
            Err(StoreError::Refused(message)) => {
                if let Some(Overlay::NewEngagement(form)) = self.state.overlay.as_mut() {
                    let field = if message.contains("slug") { "Slug" } else { "Name" };
                    form.reject(field, message);
                }
                Ok(())
            }
            Err(other) => Err(other),
        }
    }
}

impl Opened {
    /// Documentation items by category, categories in order of first appearance; each item
    /// with its index in this order (what the docs cursor counts).
    pub fn doc_groups(&self) -> Vec<(&str, Vec<(usize, &crate::model::DocItem)>)> {
        let mut groups: Vec<(&str, Vec<&crate::model::DocItem>)> = Vec::new();
        for doc in &self.data.docs {
            match groups.iter_mut().find(|(c, _)| *c == doc.category) {
                Some((_, docs)) => docs.push(doc),
                None => groups.push((&doc.category, vec![doc])),
            }
        }
        let mut index = 0;
        groups
            .into_iter()
            .map(|(category, docs)| {
                let numbered = docs
                    .into_iter()
                    .map(|d| {
                        index += 1;
                        (index - 1, d)
                    })
                    .collect();
                (category, numbered)
            })
            .collect()
    }
}
