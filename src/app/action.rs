//! What the user can ask for: screens and actions, with the names the config file,
//! the palette and the help use.

/// The screens, each declared once: a screen's one registration in the app. A line reads
/// `Screen { field: Component, "Title", "name", go "words" on 'k', tab }`: the screen; its
/// component, held in `Screens::field`; its title; the name of its `[keys.…]` section in the
/// config file (and of the action going to it, `go-name`); what the help calls going to it,
/// with the key that does it before the config file changes it, if any; and `tab` where it
/// is one of an engagement's screens: it needs one open, and `Screen::TABS` lists it in the
/// order of the lines (Tab, the tab bar and `--screen` go through those).
///
/// The list is handed to the macro named (`screen_enum` here, `components` in `screens`):
/// `Screen`, its `GoTo` actions and their default keys, `Screen::TABS` and `Screens` are
/// all read from it, and this module names the components without importing them.
///
/// To add a screen:
/// 1. `src/app/screens/NAME.rs`: its component, a struct (`Debug, Clone, Default`) with
///    `impl Component` (only the methods it needs: each has the answer of a screen without
///    that part); `mod NAME;` and `pub use` of the struct in `screens/mod.rs`;
/// 2. its line here;
/// 3. `src/ui/NAME.rs`: its `draw` (a screen with `tab` draws `state.engagement_on_screen()`);
///    `mod NAME;` and its arm in `ui/drawer.rs`'s `screen_drawer`, which the compiler asks for;
/// 4. its own keys, if any, in `keymap/defaults.rs` (`on(Screen::NAME)`);
/// 5. a place on it in the walk of `tests/footer.rs`, which fails without one.
macro_rules! screens {
    ($then:ident) => {
        $then! {
            Engagements {
                engagements: EngagementsScreen, "Engagements", "engagements", go "engagements"
            }
            Overview { overview: OverviewScreen, "Overview", "overview", go "overview" on '1', tab }
            Board { board: BoardScreen, "Board", "board", go "board" on '2', tab }
            Readiness {
                readiness: ReadinessScreen, "Readiness", "readiness", go "readiness" on '3', tab
            }
            Docs { docs: DocsScreen, "Docs", "docs", go "docs" on '4', tab }
            Health { health: HealthScreen, "Health", "health", go "health" on '5', tab }
            /// The sync conflicts of the whole database.
            Conflicts {
                conflicts: ConflictsScreen, "Sync conflicts", "conflicts",
                go "sync conflicts" on 'C'
            }
        }
    };
}
pub(crate) use screens;

/// Declares `Screen` from the lines of `screens!`.
macro_rules! screen_enum {
    ($($(#[$doc:meta])* $screen:ident {
        $field:ident: $component:ident, $title:literal, $key:literal,
        go $go:literal $(on $go_key:literal)? $(, $tab:ident)?
    })+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Screen {
            $($(#[$doc])* $screen,)+
        }

        impl Screen {
            pub const ALL: &'static [Screen] = &[$(Screen::$screen),+];

            /// The screens of one engagement, in tab order.
            pub const TABS: &'static [Screen] = &[$($(tab!($tab, Screen::$screen),)?)+];

            pub fn title(self) -> &'static str {
                match self {
                    $(Screen::$screen => $title,)+
                }
            }

            /// The name of the screen's section in the config file.
            pub fn key(self) -> &'static str {
                match self {
                    $(Screen::$screen => $key,)+
                }
            }

            /// The name of the action going to the screen, in the config file and the palette.
            fn go_to_name(self) -> &'static str {
                match self {
                    $(Screen::$screen => concat!("go-", $key),)+
                }
            }

            /// What the help calls going to the screen.
            pub fn go_to_words(self) -> &'static str {
                match self {
                    $(Screen::$screen => $go,)+
                }
            }

            /// The key going to the screen before the config file changes it, if it has one.
            pub fn go_to_key(self) -> Option<char> {
                match self {
                    $(Screen::$screen => optional!($($go_key)?),)+
                }
            }
        }
    };
}

/// `$screen` where a line of `screens!` ends with `tab`, the only word it takes there.
macro_rules! tab {
    (tab, $screen:expr) => {
        $screen
    };
}

/// `Some` of the value given, or `None` without one.
macro_rules! optional {
    () => {
        None
    };
    ($value:expr) => {
        Some($value)
    };
}

screens!(screen_enum);

impl Screen {
    /// Where botdash starts and Esc goes back to: the engagements list.
    pub const HOME: Screen = Screen::Engagements;

    /// Where an engagement opens: its first tab.
    pub const FIRST_TAB: Screen = Screen::TABS[0];

    /// Whether the screen shows one engagement (else it is about them all, or none).
    pub fn needs_engagement(self) -> bool {
        Screen::TABS.contains(&self)
    }
}

/// Declares the actions with their config names and default descriptions.
macro_rules! actions {
    ($($variant:ident $(($($arg:tt)+))? => $name:literal, $desc:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            Quit, Back, Help, Palette, Filter, NextMatch, PrevMatch, NextScreen, PrevScreen,
            GoTo(Screen), Up, Down, Left, Right, Top, Bottom, HalfPageDown, HalfPageUp, Open,
            Add, Edit, Delete, Archive, Undo, Redo, Refresh, Suspend, PrevPhase, NextPhase,
            PrevTab, NextTab, EditInEditor, Cycle, MoveLeft, MoveRight, MoveUp, MoveDown,
            FocusGate, Advance, PhaseDates, MarkReviewed, ToggleNotApplicable, RenameCategory,
            QuickFilter, SetLevel(u8), WriteReport, WriteCalendar, WriteWorkbook, WriteExport, WriteBackup,
            ImportTickets, AddPlanned, AddContractor,
            KeepMine, TakeTheirs, Detail, Drill, Person, Warnings, NextActions, Sort, ReverseSort,
            AtRiskOnly, ScrollDown, ScrollUp, Notes,
        }

        impl Action {
            /// The actions the table below lists: all but going to a screen.
            const LISTED: &'static [Action] = &[$(Action::$variant $(($($arg)+))?),+];

            /// The action's name in the config file and the palette.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant $(($($arg)+))? => $name,)+
                    Action::GoTo(screen) => screen.go_to_name(),
                    // Levels beyond 4 are never made (only `all` lists actions).
                    _ => "level",
                }
            }

            /// What the action does, where no screen says it more precisely.
            pub fn describe(self) -> &'static str {
                match self {
                    $(Action::$variant $(($($arg)+))? => $desc,)+
                    Action::GoTo(screen) => screen.go_to_words(),
                    _ => "skill level",
                }
            }
        }
    };
}

actions! {
    Quit => "quit", "quit";
    Back => "back", "back / close / clear";
    Help => "help", "help: every key here";
    Palette => "palette", "command palette";
    Filter => "filter", "filter this list";
    NextMatch => "next-match", "next match";
    PrevMatch => "prev-match", "previous match";
    NextScreen => "next-screen", "next screen";
    PrevScreen => "prev-screen", "previous screen";
    Up => "up", "up";
    Down => "down", "down";
    Left => "left", "left";
    Right => "right", "right";
    Top => "top", "top";
    Bottom => "bottom", "bottom";
    HalfPageDown => "half-page-down", "half page down";
    HalfPageUp => "half-page-up", "half page up";
    Open => "open", "open";
    Add => "add", "add";
    Edit => "edit", "edit";
    Delete => "delete", "delete";
    Archive => "archive", "archive / unarchive";
    Undo => "undo", "undo the last edit";
    Redo => "redo", "redo";
    Refresh => "refresh", "reload from the database";
    Suspend => "suspend", "suspend to the shell";
    PrevPhase => "prev-phase", "previous phase";
    NextPhase => "next-phase", "next phase";
    PrevTab => "prev-view", "previous view";
    NextTab => "next-view", "next view";
    EditInEditor => "edit-in-editor", "edit long text in $EDITOR";
    Cycle => "cycle", "next status / toggle";
    MoveLeft => "move-left", "move to the previous column";
    MoveRight => "move-right", "move to the next column";
    MoveUp => "move-up", "move up (reorder)";
    MoveDown => "move-down", "move down (reorder)";
    FocusGate => "gate", "gate criteria: focus / back";
    Advance => "advance-phase", "advance to the next phase";
    PhaseDates => "phase-dates", "edit the phase's dates";
    MarkReviewed => "reviewed", "mark reviewed today";
    ToggleNotApplicable => "not-applicable", "not applicable on / off";
    RenameCategory => "rename-category", "rename the category";
    QuickFilter => "quick-filter", "show: all, missing, stale, critical, by owner";
    AddPlanned => "add-planned", "add a planned amount to the budget";
    AddContractor => "add-contractor", "add one of the contractor's people";
    KeepMine => "keep-mine", "resolve the conflict: keep this database's side";
    TakeTheirs => "take-theirs", "resolve the conflict: take the other database's side";
    Detail => "detail", "show the whole record and its history / close";
    Drill => "drill", "open the records behind it";
    Person => "person", "who is ready: the person's skills, topics, duties and key-person risk";
    Warnings => "warnings", "the warnings, each opening what it is about";
    NextActions => "next-actions", "the next best actions, each opening its record";
    Sort => "sort", "sort by the next column";
    ReverseSort => "reverse-sort", "reverse the order";
    AtRiskOnly => "at-risk-only", "only the engagements at risk / all";
    ScrollDown => "scroll-down", "scroll the detail pane down";
    ScrollUp => "scroll-up", "scroll the detail pane up";
    Notes => "notes", "every note, each opening where it lives";
    WriteReport => "report", "write the status report to a file";
    WriteCalendar => "calendar", "write the engagement's dates to an iCalendar file";
    WriteWorkbook => "workbook", "write the engagement to an Excel workbook";
    WriteExport => "export", "export the engagement to a JSON file";
    WriteBackup => "backup", "back up the whole database to a file";
    ImportTickets => "import-tickets", "import the service desk's tickets (CSV)";
    SetLevel(0) => "level-0", "skill level 0: none";
    SetLevel(1) => "level-1", "skill level 1: awareness";
    SetLevel(2) => "level-2", "skill level 2: with supervision";
    SetLevel(3) => "level-3", "skill level 3: independent";
    SetLevel(4) => "level-4", "skill level 4: can teach";
}

/// The actions only a screen does, as a pattern: on its rows, views and columns (`views`), or
/// on its records (`edits`, with the gate's focus and the quick filter, which lead to
/// editing); both without an argument. Where the screen has nothing to do one on, it does
/// nothing. A macro, so that the matches naming them stay exhaustive.
macro_rules! screens_own {
    (views) => {
        $crate::app::Action::Left
            | $crate::app::Action::Right
            | $crate::app::Action::Open
            | $crate::app::Action::PrevTab
            | $crate::app::Action::NextTab
            | $crate::app::Action::PrevPhase
            | $crate::app::Action::NextPhase
            | $crate::app::Action::Sort
            | $crate::app::Action::ReverseSort
            | $crate::app::Action::AtRiskOnly
    };
    (edits) => {
        $crate::app::Action::Add
            | $crate::app::Action::Edit
            | $crate::app::Action::Delete
            | $crate::app::Action::Archive
            | $crate::app::Action::EditInEditor
            | $crate::app::Action::Cycle
            | $crate::app::Action::MoveLeft
            | $crate::app::Action::MoveRight
            | $crate::app::Action::MoveUp
            | $crate::app::Action::MoveDown
            | $crate::app::Action::FocusGate
            | $crate::app::Action::Advance
            | $crate::app::Action::PhaseDates
            | $crate::app::Action::MarkReviewed
            | $crate::app::Action::ToggleNotApplicable
            | $crate::app::Action::RenameCategory
            | $crate::app::Action::QuickFilter
            | $crate::app::Action::SetLevel(_)
            | $crate::app::Action::AddPlanned
            | $crate::app::Action::AddContractor
            | $crate::app::Action::KeepMine
            | $crate::app::Action::TakeTheirs
    };
    () => {
        screens_own!(views) | screens_own!(edits)
    };
}
pub(crate) use screens_own;

impl Action {
    /// Every action: those the table lists, and going to each screen.
    pub fn all() -> impl Iterator<Item = Action> {
        let go_to = Screen::ALL.iter().map(|&screen| Action::GoTo(screen));
        Action::LISTED.iter().copied().chain(go_to)
    }

    /// Whether the action changes data (or leads to changing it): a read-only database
    /// refuses it.
    pub fn changes_data(self) -> bool {
        matches!(self, screens_own!(edits) | Action::Undo | Action::Redo | Action::ImportTickets)
    }
}

impl std::str::FromStr for Action {
    type Err = String;

    fn from_str(name: &str) -> Result<Action, String> {
        Action::all()
            .find(|a| a.name() == name)
            .ok_or_else(|| format!("unknown action '{}'", crate::model::text::sanitize(name)))
    }
}
