//! What the user can ask for: screens and actions, with the names the config file,
//! the palette and the help use.

/// Declares the screens with their titles and their config file names.
macro_rules! screens {
    ($($(#[$doc:meta])* $screen:ident => $title:literal, $key:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Screen {
            $($(#[$doc])* $screen,)+
        }

        impl Screen {
            pub const ALL: &'static [Screen] = &[$(Screen::$screen),+];

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
        }
    };
}

screens! {
    Engagements => "Engagements", "engagements";
    Overview => "Overview", "overview";
    Board => "Board", "board";
    Readiness => "Readiness", "readiness";
    Docs => "Docs", "docs";
    Health => "Health", "health";
    /// The sync conflicts of the whole database.
    Conflicts => "Sync conflicts", "conflicts";
}

impl Screen {
    /// The screens of one engagement, in tab order (keys 1–5).
    pub const TABS: &'static [Screen] =
        &[Screen::Overview, Screen::Board, Screen::Readiness, Screen::Docs, Screen::Health];

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
            pub const ALL: &'static [Action] = &[$(Action::$variant $(($($arg)+))?),+];

            /// The action's name in the config file and the palette.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant $(($($arg)+))? => $name,)+
                    // Levels beyond 4 are never made (only `ALL` lists actions).
                    _ => "level",
                }
            }

            /// What the action does, where no screen says it more precisely.
            pub fn describe(self) -> &'static str {
                match self {
                    $(Action::$variant $(($($arg)+))? => $desc,)+
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
    GoTo(Screen::Engagements) => "go-engagements", "engagements";
    GoTo(Screen::Overview) => "go-overview", "overview";
    GoTo(Screen::Board) => "go-board", "board";
    GoTo(Screen::Readiness) => "go-readiness", "readiness";
    GoTo(Screen::Docs) => "go-docs", "docs";
    GoTo(Screen::Health) => "go-health", "health";
    GoTo(Screen::Conflicts) => "go-conflicts", "sync conflicts";
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
    /// Whether the action changes data (or leads to changing it): a read-only database
    /// refuses it.
    pub fn changes_data(self) -> bool {
        matches!(self, screens_own!(edits) | Action::Undo | Action::Redo | Action::ImportTickets)
    }
}

impl std::str::FromStr for Action {
    type Err = String;

    fn from_str(name: &str) -> Result<Action, String> {
        Action::ALL
            .iter()
            .copied()
            .find(|a| a.name() == name)
            .ok_or_else(|| format!("unknown action '{}'", crate::model::text::sanitize(name)))
    }
}
