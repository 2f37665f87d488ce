//! The application without a terminal: state, actions, and the update that joins them.
//! Keys resolve to actions through the keymap; `State::update` changes the state and asks
//! for effects; `App` (in `runner`) carries the effects out against the store.

pub mod action;
mod board;
pub mod docs;
pub mod filter;
pub mod form;
mod health;
pub mod keymap;
mod lists;
pub use lists::scroll_offset;
pub mod picker;
mod readiness;
pub mod records;
mod runner;

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub use action::{Action, Screen};
use filter::Filter;
use form::FormOutcome;
pub use health::HealthRow;
use keymap::{Binding, Key, Keymap, Resolution};
use picker::{Picker, PickerKind};
use records::{NewDefaults, Plan, RecordForm, Saved};
pub use runner::App;

use crate::clock::Clock;
use crate::model::forecast::{Forecast, NEXT_ACTIONS, NextAction, forecast, next_actions};
use crate::model::gate::{Unmet, unmet};
use crate::model::score::Readiness;
use crate::model::template::NewEngagement;
use crate::model::{DocItem, Engagement, EngagementData, Phase, Task, TaskStatus, percent};

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
    /// Read when the line is first on screen, so that a long list costs what is shown.
    pub summary: Option<RowSummary>,
}

/// What a line of the engagements screen shows beyond the engagement's own fields.
#[derive(Debug, Clone)]
pub struct RowSummary {
    pub readiness: Readiness,
    pub docs_percent: u32,
    pub next_milestone: Option<(NaiveDate, String)>,
    pub overdue: usize,
    /// Recent daily scores, oldest first.
    pub trend: Vec<f64>,
}

impl RowSummary {
    /// The summary of `data`, which has `overdue` overdue tasks.
    pub fn of(
        data: &EngagementData,
        readiness: &Readiness,
        overdue: usize,
        today: NaiveDate,
    ) -> RowSummary {
        let (approved, applicable) = data.docs_progress();
        let recent = data.snapshots.len().saturating_sub(30);
        RowSummary {
            readiness: readiness.clone(),
            docs_percent: percent(approved, applicable),
            next_milestone: next_milestone(data, today),
            overdue,
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

/// The engagement on screen, with what is derived from it: its score and gate overrides at
/// once; the forecast and next best actions (tens of score evaluations) once the screen has
/// been drawn — `None` until then.
#[derive(Debug, Clone)]
pub struct Opened {
    pub data: EngagementData,
    pub readiness: Readiness,
    pub forecast: Option<Forecast>,
    pub actions: Option<Vec<NextAction>>,
    /// The current phase's gate criteria not met, for the Score view.
    pub gate_unmet: Option<Vec<Unmet>>,
    pub overrides: Vec<crate::store::history::HistoryEntry>,
}

impl Opened {
    /// Computes the forecast, next best actions and unmet gate criteria if they are not
    /// known; returns whether it did (and so the screen should be drawn again).
    pub fn derive(&mut self, today: NaiveDate) -> bool {
        if self.forecast.is_some() && self.actions.is_some() && self.gate_unmet.is_some() {
            return false;
        }
        let phase = self.data.engagement.current_phase;
        self.forecast = Some(forecast(&self.data, today));
        self.actions = Some(next_actions(&self.data, today, NEXT_ACTIONS));
        self.gate_unmet = Some(unmet(&self.data, &self.readiness, today, Some(phase)));
        true
    }
}

impl Opened {
    /// The cards of one column of a phase's board, in their order.
    pub fn column(&self, phase: Phase, status: TaskStatus) -> Vec<&Task> {
        let mut tasks: Vec<&Task> =
            self.data.tasks.iter().filter(|t| t.phase == phase && t.status == status).collect();
        tasks.sort_by_key(|t| t.position);
        tasks
    }

    /// Documentation items grouped by category (categories in order of first appearance).
    pub fn doc_groups(&self) -> Vec<(&str, Vec<&DocItem>)> {
        let mut groups: Vec<(&str, Vec<&DocItem>)> = Vec::new();
        for doc in &self.data.docs {
            match groups.iter_mut().find(|(c, _)| *c == doc.category) {
                Some((_, docs)) => docs.push(doc),
                None => groups.push((&doc.category, vec![doc])),
            }
        }
        groups
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoardCursor {
    pub phase: Phase,
    /// Index into `TaskStatus::ALL`.
    pub column: usize,
    pub row: usize,
    /// The selected exit criterion while the gate panel has the focus.
    pub gate: Option<usize>,
}

/// What a confirmed dialog does.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    Apply(Plan),
    /// Close the form underneath without saving.
    Discard,
    Quit,
}

#[derive(Debug, Clone)]
pub struct Confirm {
    pub question: String,
    pub then: Then,
    /// The overlay to return to when the answer is no.
    pub back: Option<Box<Overlay>>,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Picker(Picker),
    Form(RecordForm),
    Confirm(Confirm),
}

/// What the state asks the app to do with the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Open(usize),
    Write(records::Output, std::path::PathBuf),
    Create(NewEngagement),
    Apply(Plan),
    Undo,
    Redo,
    Refresh,
    Resolve(String, crate::store::sync::Side),
}

/// The sub-views of the Health screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HealthTab {
    Risks,
    Budget,
    Tests,
    Integrations,
    Lessons,
}

impl HealthTab {
    pub const ALL: &'static [HealthTab] = &[
        HealthTab::Risks,
        HealthTab::Budget,
        HealthTab::Tests,
        HealthTab::Integrations,
        HealthTab::Lessons,
    ];

    pub fn title(self) -> &'static str {
        match self {
            HealthTab::Risks => "Risks",
            HealthTab::Budget => "Budget",
            HealthTab::Tests => "User tests",
            HealthTab::Integrations => "Integrations",
            HealthTab::Lessons => "Lessons learned",
        }
    }
}

/// What the state asks of the terminal.
#[derive(Debug, Clone, PartialEq)]
pub enum TerminalRequest {
    Suspend,
    /// Edit this text in `$EDITOR`; the result goes to the open form's focused field.
    Editor(String),
}

pub struct State {
    pub screen: Screen,
    /// The day the screens show: the clock's, until the app notices the next one began.
    pub today: NaiveDate,
    pub clock: Clock,
    pub read_only: bool,
    pub engagements: Vec<EngagementRow>,
    pub engagement_cursor: usize,
    pub opened: Option<Opened>,
    pub board: BoardCursor,
    pub readiness_tab: ReadinessTab,
    pub readiness_row: usize,
    pub skills_column: usize,
    pub docs_row: usize,
    pub docs_quick: docs::QuickFilter,
    pub health_tab: HealthTab,
    pub health_row: usize,
    /// The database's open sync conflicts.
    pub conflicts: Vec<crate::store::sync::Conflict>,
    pub conflicts_row: usize,
    pub overlay: Option<Overlay>,
    pub filter: Option<Filter>,
    /// A one-line message in the footer, until the next key.
    pub message: Option<String>,
    /// Rows a half-page move covers (set from the terminal's height).
    pub half_page: usize,
    pub keymap: Keymap,
    pub defaults: NewDefaults,
    pub request: Option<TerminalRequest>,
    /// The keys of a sequence typed so far.
    pending: Vec<Key>,
    pub quit: bool,
}

impl State {
    pub fn new(clock: Clock, read_only: bool) -> State {
        State {
            screen: Screen::Engagements,
            today: clock.today(),
            clock,
            read_only,
            engagements: Vec::new(),
            engagement_cursor: 0,
            opened: None,
            board: BoardCursor { phase: Phase::Plan, column: 0, row: 0, gate: None },
            readiness_tab: ReadinessTab::Staffing,
            readiness_row: 0,
            skills_column: 0,
            docs_row: 0,
            docs_quick: docs::QuickFilter::All,
            health_tab: HealthTab::Risks,
            health_row: 0,
            conflicts: Vec::new(),
            conflicts_row: 0,
            overlay: None,
            filter: None,
            message: None,
            half_page: 10,
            keymap: Keymap::default(),
            defaults: NewDefaults::default(),
            request: None,
            pending: Vec::new(),
            quit: false,
        }
    }

    /// The bindings that work on the current screen (what the footer and help show).
    pub fn bindings(&self) -> Vec<&Binding> {
        self.keymap.for_scopes(&self.scopes())
    }

    /// The keymap scopes in force, narrowest first.
    pub fn scopes(&self) -> Vec<keymap::Scope> {
        let screen = keymap::Scope::Screen(self.screen);
        if self.screen == Screen::Readiness && self.readiness_tab == ReadinessTab::Skills {
            vec![keymap::Scope::Matrix, screen]
        } else {
            vec![screen]
        }
    }

    /// The keys of a sequence typed so far, for the footer.
    pub fn pending_keys(&self) -> &[Key] {
        &self.pending
    }

    /// Handles one key press; returns what must be done with the store, if anything.
    pub fn key(&mut self, key: KeyEvent) -> Option<Effect> {
        self.message = None;
        if self.overlay.is_some() {
            return self.overlay_key(key);
        }
        if self.filter.as_ref().is_some_and(|f| f.typing) {
            self.filter_key(key);
            return None;
        }
        self.pending.push(Key::from_event(key));
        match self.keymap.resolve(&self.scopes(), &self.pending) {
            Resolution::Pending => None,
            Resolution::Unbound => {
                self.pending.clear();
                None
            }
            Resolution::Action(action) => {
                self.pending.clear();
                self.update(action)
            }
        }
    }

    /// Pasted text goes to whatever takes text: a form field or a query.
    pub fn paste(&mut self, text: &str) {
        match &mut self.overlay {
            Some(Overlay::Form(record)) => record.form.paste(text),
            Some(Overlay::Picker(picker)) => picker.query.insert(text),
            _ => {
                if let Some(filter) = self.filter.as_mut().filter(|f| f.typing) {
                    filter.input.insert(text);
                    self.move_rows(isize::MIN / 2);
                }
            }
        }
    }

    /// Applies one action; returns what must be done with the store, if anything.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        use Action::*;
        match action {
            Quit => self.quit = true,
            Help => self.overlay = Some(Overlay::Picker(Picker::new(PickerKind::Help))),
            Palette => self.overlay = Some(Overlay::Picker(Picker::new(PickerKind::Palette))),
            Back => self.back(),
            Filter => {
                let filter = self.filter.get_or_insert_with(filter::Filter::default);
                filter.typing = true;
            }
            NextMatch => self.step_match(1),
            PrevMatch => self.step_match(-1),
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
            Open => return self.open_selected(),
            Add | Edit | Delete | Archive | EditInEditor | Cycle | MoveLeft | MoveRight
            | MoveUp | MoveDown | FocusGate | Advance | PhaseDates | MarkReviewed
            | ToggleNotApplicable | RenameCategory | QuickFilter | SetLevel(_) | AddPlanned => {
                return self.record_action(action);
            }
            Undo | Redo if self.read_only => self.refuse_read_only(),
            Undo => return Some(Effect::Undo),
            Redo => return Some(Effect::Redo),
            Refresh => return Some(Effect::Refresh),
            Suspend => self.request = Some(TerminalRequest::Suspend),
            WriteReport | WriteExport | WriteBackup => self.output_form(action),
            PrevPhase => self.switch_phase(-1),
            NextPhase => self.switch_phase(1),
            KeepMine | TakeTheirs if self.read_only => self.refuse_read_only(),
            KeepMine => return self.resolve_selected(crate::store::sync::Side::Mine),
            TakeTheirs => return self.resolve_selected(crate::store::sync::Side::Theirs),
            PrevTab => self.switch_tab(-1),
            NextTab => self.switch_tab(1),
        }
        None
    }

    fn resolve_selected(&mut self, side: crate::store::sync::Side) -> Option<Effect> {
        let conflict = self.conflicts.get(self.conflicts_row)?;
        Some(Effect::Resolve(conflict.id.clone(), side))
    }

    fn refuse_read_only(&mut self) {
        self.message = Some("the database is open read-only: nothing can be changed".into());
    }

    fn back(&mut self) {
        if self.board.gate.is_some() && self.screen == Screen::Board {
            self.board.gate = None;
        } else if self.filter.is_some() {
            self.clear_filter();
        } else if self.screen != Screen::Engagements {
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
        if screen == self.screen {
            return None;
        }
        self.filter = None;
        if matches!(screen, Screen::Engagements | Screen::Conflicts) || self.opened.is_some() {
            self.screen = screen;
            return None;
        }
        let index = self.selected_engagement_index()?;
        self.screen = screen;
        Some(Effect::Open(index))
    }

    fn open_selected(&mut self) -> Option<Effect> {
        if self.screen != Screen::Engagements {
            return None;
        }
        let index = self.selected_engagement_index()?;
        self.filter = None;
        Some(Effect::Open(index))
    }

    /// The index in `engagements` of the selected row, or a hint when there is none.
    fn selected_engagement_index(&mut self) -> Option<usize> {
        let index = self.engagement_rows().get(self.engagement_cursor).copied();
        if index.is_none() {
            self.message = Some("no engagement yet: press a to create one".into());
        }
        index
    }

    fn move_rows(&mut self, delta: isize) {
        let last = self.row_count().saturating_sub(1);
        if let Some(row) = self.row_mut() {
            *row = row.saturating_add_signed(delta).min(last);
        }
    }

    /// `n`/`N`: the next or previous match, across the board's columns, wrapping around.
    fn step_match(&mut self, step: isize) {
        if self.filter.is_none() {
            self.message = Some("no filter: press / to filter".into());
            return;
        }
        if self.screen == Screen::Board {
            let counts: Vec<usize> =
                (0..TaskStatus::ALL.len()).map(|c| self.board_cards(c).len()).collect();
            let total: usize = counts.iter().sum();
            if total == 0 {
                return;
            }
            let flat = counts[..self.board.column].iter().sum::<usize>() + self.board.row;
            let next = (flat as isize + step).rem_euclid(total as isize) as usize;
            let (mut column, mut row) = (0, next);
            while row >= counts[column] {
                row -= counts[column];
                column += 1;
            }
            self.board.column = column;
            self.board.row = row;
            return;
        }
        let count = self.row_count();
        if let Some(row) = self.row_mut().filter(|_| count > 0) {
            *row = (*row as isize + step).rem_euclid(count as isize) as usize;
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
        self.board = BoardCursor { phase: phases[next], column: 0, row: 0, gate: None };
    }

    /// The previous (`-1`) or next (`1`) view of the Readiness or Health screen.
    fn switch_tab(&mut self, step: isize) {
        fn step_in<T: Copy + PartialEq>(tabs: &[T], current: T, step: isize) -> T {
            let i = tabs.iter().position(|t| *t == current).unwrap_or(0) as isize;
            tabs[(i + step).rem_euclid(tabs.len() as isize) as usize]
        }
        if self.screen == Screen::Health {
            self.health_tab = step_in(HealthTab::ALL, self.health_tab, step);
            self.health_row = 0;
        } else {
            self.readiness_tab = step_in(ReadinessTab::ALL, self.readiness_tab, step);
            self.readiness_row = 0;
            self.skills_column = 0;
        }
    }

    /// Add, edit, delete, archive and `$EDITOR` on the selected record of this screen.
    fn record_action(&mut self, action: Action) -> Option<Effect> {
        if self.read_only {
            self.refuse_read_only();
            return None;
        }
        match self.screen {
            Screen::Engagements => {}
            Screen::Board => return self.board_action(action),
            Screen::Docs => return self.docs_action(action),
            Screen::Readiness => return self.readiness_action(action),
            Screen::Health => return self.health_action(action),
            _ => return None,
        }
        let selected = self.selected_engagement().map(|row| row.engagement.clone());
        let today = self.today;
        match (action, selected) {
            (Action::Add, _) => {
                let form = records::engagement_form(None, today, self.defaults);
                self.overlay = Some(Overlay::Form(form));
            }
            (Action::Edit, Some(e)) => {
                self.overlay =
                    Some(Overlay::Form(records::engagement_form(Some(&e), today, self.defaults)));
            }
            (Action::Archive, Some(e)) if e.archived => {
                return Some(Effect::Apply(records::archive(&e)));
            }
            (Action::Archive, Some(e)) => self.confirm(
                format!("Archive '{}'? It stays in the file and can be restored.", e.name),
                Then::Apply(records::archive(&e)),
            ),
            (Action::Delete, Some(e)) => self.confirm(
                format!("Delete '{}' with all its records? (u undoes it)", e.name),
                Then::Apply(records::delete_engagement(&e)),
            ),
            _ => {}
        }
        None
    }

    /// Asks where to write a report, an export or a backup, with a sensible default name.
    fn output_form(&mut self, action: Action) {
        let slug = self
            .opened
            .as_ref()
            .map(|o| o.data.engagement.slug.clone())
            .or_else(|| self.selected_engagement().map(|r| r.engagement.slug.clone()));
        let day = self.today;
        let (output, path) = match (action, slug) {
            (Action::WriteBackup, _) => {
                (records::Output::Backup, format!("botdash-backup-{day}.db"))
            }
            (Action::WriteReport, Some(slug)) => {
                let path = format!("{slug}-report-{day}.html");
                (records::Output::Report { slug, format: crate::report::ReportFormat::Html }, path)
            }
            (Action::WriteExport, Some(slug)) => {
                let path = format!("{slug}-export-{day}.json");
                (records::Output::Export { slug }, path)
            }
            _ => {
                self.message = Some("no engagement yet: press a to create one".into());
                return;
            }
        };
        self.overlay = Some(Overlay::Form(records::output_form(output, &path)));
    }

    fn confirm(&mut self, question: String, then: Then) {
        let back = self.overlay.take().map(Box::new);
        let question = crate::model::text::sanitize(&question).into_owned();
        self.overlay = Some(Overlay::Confirm(Confirm { question, then, back }));
    }

    /// Drops the filter, keeping the same record selected in every list.
    fn clear_filter(&mut self) {
        let engagement = self.selected_engagement().map(|r| r.engagement.id.clone());
        let card = self.board_cards(self.board.column).get(self.board.row).map(|t| t.id.clone());
        let doc = self.selected_doc().map(|d| d.id.clone());
        let readiness = self.readiness_rows().get(self.readiness_row).copied();
        let health = self.health_rows().get(self.health_row).cloned();
        self.filter = None;
        let engagements: Vec<String> = self
            .engagement_rows()
            .iter()
            .map(|&i| self.engagements[i].engagement.id.clone())
            .collect();
        refind(&mut self.engagement_cursor, engagements, engagement);
        let cards = self.board_cards(self.board.column).iter().map(|t| t.id.clone()).collect();
        refind(&mut self.board.row, cards, card);
        let docs = self.doc_rows().into_iter().flat_map(|(_, d)| d).map(|d| d.id.clone()).collect();
        refind(&mut self.docs_row, docs, doc);
        let readiness_rows = self.readiness_rows();
        refind(&mut self.readiness_row, readiness_rows, readiness);
        let health_rows = self.health_rows();
        refind(&mut self.health_row, health_rows, health);
        self.move_rows(0);
    }

    fn filter_key(&mut self, key: KeyEvent) {
        let Some(filter) = self.filter.as_mut() else { return };
        match key.code {
            KeyCode::Esc => {
                self.clear_filter();
                return;
            }
            KeyCode::Enter => filter.typing = false,
            KeyCode::Down | KeyCode::Up => {
                filter.typing = false;
                self.move_rows(if key.code == KeyCode::Down { 1 } else { -1 });
                return;
            }
            _ => {
                filter.input.handle(key);
            }
        }
        self.move_rows(isize::MIN / 2);
    }

    /// Handles a key in the overlay.
    fn overlay_key(&mut self, key: KeyEvent) -> Option<Effect> {
        let ctrl_c =
            key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        match self.overlay.take()? {
            Overlay::Picker(picker) => return self.picker_key(picker, key),
            Overlay::Confirm(confirm) => match key.code {
                KeyCode::Enter | KeyCode::Char('y') | KeyCode::Char('Y') => match confirm.then {
                    Then::Apply(plan) => return Some(Effect::Apply(plan)),
                    Then::Discard => {}
                    Then::Quit => self.quit = true,
                },
                KeyCode::Esc | KeyCode::Char('n') | KeyCode::Char('N') => {
                    self.overlay = confirm.back.map(|b| *b);
                }
                _ => self.overlay = Some(Overlay::Confirm(confirm)),
            },
            Overlay::Form(mut record) => {
                let outcome =
                    if ctrl_c { FormOutcome::Cancel } else { record.form.handle_key(key) };
                let modified = record.form.is_modified();
                match outcome {
                    FormOutcome::Editing => self.overlay = Some(Overlay::Form(record)),
                    FormOutcome::Cancel if modified => {
                        self.overlay = Some(Overlay::Form(record));
                        let then = if ctrl_c { Then::Quit } else { Then::Discard };
                        self.confirm("Discard what you typed?".into(), then);
                    }
                    FormOutcome::Cancel => self.quit = ctrl_c,
                    FormOutcome::OpenEditor(text) => {
                        self.overlay = Some(Overlay::Form(record));
                        self.request = Some(TerminalRequest::Editor(text));
                    }
                    FormOutcome::Submit => {
                        if matches!(record.target, records::Target::Insert { .. })
                            && let Some(row) = self.row_mut()
                        {
                            // The new record comes last: select it once it is saved.
                            *row = usize::MAX;
                        }
                        let saved = records::save(&mut record, self.defaults);
                        self.overlay = Some(Overlay::Form(record));
                        match saved? {
                            Saved::NewEngagement(new) => return Some(Effect::Create(new)),
                            Saved::Plan(plan) => return Some(Effect::Apply(plan)),
                            Saved::Write(output, path) => return Some(Effect::Write(output, path)),
                            Saved::Unchanged => {
                                self.overlay = None;
                                self.message = Some("nothing changed".into());
                            }
                        }
                    }
                }
            }
        }
        None
    }

    fn picker_key(&mut self, mut picker: Picker, key: KeyEvent) -> Option<Effect> {
        let count = picker.entries(&self.keymap, &self.scopes()).len();
        match key.code {
            KeyCode::Esc => return None,
            KeyCode::Up => picker.selected = picker.selected.saturating_sub(1),
            KeyCode::Down => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
            KeyCode::Enter => {
                let chosen = picker
                    .entries(&self.keymap, &self.scopes())
                    .get(picker.selected)
                    .map(|e| e.action);
                return chosen.and_then(|action| self.update(action));
            }
            _ => {
                if picker.query.handle(key) {
                    picker.selected = 0;
                }
            }
        }
        self.overlay = Some(Overlay::Picker(picker));
        None
    }

    /// Puts the text back from `$EDITOR` into the open form, or says why not.
    pub fn editor_finished(&mut self, result: Result<String, String>) {
        match (result, &mut self.overlay) {
            (Ok(text), Some(Overlay::Form(record))) => record.form.set_focused_text(&text),
            (Err(message), _) => self.message = Some(message),
            _ => {}
        }
    }

    /// Shows the engagement `data` (whose score is `readiness`) on the current screen,
    /// keeping the cursor where it can.
    pub fn show(
        &mut self,
        data: EngagementData,
        readiness: Readiness,
        overrides: Vec<crate::store::history::HistoryEntry>,
    ) {
        let same = self.opened.as_ref().is_some_and(|o| o.data.engagement.id == data.engagement.id);
        if !same {
            self.board =
                BoardCursor { phase: data.engagement.current_phase, column: 0, row: 0, gate: None };
            self.readiness_row = 0;
            self.skills_column = 0;
            self.docs_row = 0;
            self.health_row = 0;
        }
        self.opened = Some(Opened {
            data,
            readiness,
            forecast: None,
            actions: None,
            gate_unmet: None,
            overrides,
        });
        self.move_rows(0);
    }
}

/// Puts `row` back on `key` among `keys` (on the first row when it is gone); leaves it where
/// it is when nothing was selected.
fn refind<T: PartialEq>(row: &mut usize, keys: Vec<T>, key: Option<T>) {
    if let Some(key) = key {
        *row = keys.iter().position(|k| *k == key).unwrap_or(0);
    }
}
