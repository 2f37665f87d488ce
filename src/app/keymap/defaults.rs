//! The default bindings: every action's keys, where they apply, and how the help and the
//! footer describe them.

use ratatui::crossterm::event::KeyCode;

use super::binding::{Binding, Scope};
use super::key::Key;
use crate::app::{Action, Screen};

/// The bindings before the config file changes any.
pub(super) fn default_bindings() -> Vec<Binding> {
    use Action::*;
    let g = Scope::Global;
    let on = Scope::Screen;
    let b = |key: Key, action: Action, scope: Scope, desc: &'static str, hint: bool| Binding {
        keys: vec![key],
        action,
        scope,
        desc,
        hint,
    };
    let k = Key::plain;
    let c = Key::code;
    // The key going to a screen is declared with the screen (`action::screens!`): it is one
    // per screen. A screen's own keys are below instead: most screens have several, many
    // shared with other scopes (Enter, Space, `a`), and the list reads them side by side.
    let go_to = Screen::ALL.iter().filter_map(|&screen| {
        Some(b(k(screen.go_to_key()?), GoTo(screen), g, screen.go_to_words(), false))
    });
    let mut bindings = vec![
        b(k('a'), Add, on(Screen::Engagements), "new engagement", true),
        b(c(KeyCode::Enter), Open, on(Screen::Engagements), "open engagement", true),
        b(k('e'), Edit, on(Screen::Engagements), "edit engagement", true),
        b(k('A'), Archive, on(Screen::Engagements), "archive / unarchive", false),
        b(k('d'), Delete, on(Screen::Engagements), "delete engagement", false),
        b(k('s'), Sort, on(Screen::Engagements), "sort by the next column", false),
        b(k('S'), ReverseSort, on(Screen::Engagements), "reverse the order", false),
        b(k('f'), AtRiskOnly, on(Screen::Engagements), "at risk only / all", false),
        b(k('a'), Add, on(Screen::Board), "add card", true),
        b(k('e'), Edit, on(Screen::Board), "edit card / criterion", true),
        b(c(KeyCode::Enter), Edit, on(Screen::Board), "edit card / criterion", false),
        b(k('E'), EditInEditor, on(Screen::Board), "edit notes in $EDITOR", false),
        b(k('d'), Delete, on(Screen::Board), "delete card", false),
        b(k(' '), Cycle, on(Screen::Board), "next status / tick criterion", true),
        b(k('H'), MoveLeft, on(Screen::Board), "move card to the previous column", false),
        b(k('L'), MoveRight, on(Screen::Board), "move card to the next column", false),
        b(k('K'), MoveUp, on(Screen::Board), "move card up", false),
        b(k('J'), MoveDown, on(Screen::Board), "move card down", false),
        b(k('['), PrevPhase, on(Screen::Board), "previous phase", true),
        b(k(']'), NextPhase, on(Screen::Board), "next phase", true),
        b(k('x'), FocusGate, on(Screen::Board), "gate criteria: focus / back", true),
        b(k('P'), Advance, on(Screen::Board), "advance the phase (checks the gate)", true),
        b(k('D'), PhaseDates, on(Screen::Board), "edit the phase's dates", false),
        b(k(' '), Cycle, on(Screen::Docs), "next status", true),
        b(k('r'), MarkReviewed, on(Screen::Docs), "reviewed today", true),
        b(k('n'), ToggleNotApplicable, on(Screen::Docs), "not applicable on / off", false),
        b(k('a'), Add, on(Screen::Docs), "add item", true),
        b(k('e'), Edit, on(Screen::Docs), "edit item", false),
        b(c(KeyCode::Enter), Edit, on(Screen::Docs), "edit item", false),
        b(k('d'), Delete, on(Screen::Docs), "delete item", false),
        b(k('R'), RenameCategory, on(Screen::Docs), "rename the category", false),
        b(
            k('f'),
            QuickFilter,
            on(Screen::Docs),
            "show: all, missing, stale, critical, by owner",
            true,
        ),
        b(k('a'), Add, on(Screen::Readiness), "add (role, person, skill, topic, activity)", true),
        b(k('e'), Edit, on(Screen::Readiness), "edit", true),
        b(c(KeyCode::Enter), Edit, on(Screen::Readiness), "edit", false),
        b(k('d'), Delete, on(Screen::Readiness), "delete", false),
        b(k(' '), Cycle, on(Screen::Readiness), "next state / status / owner", true),
        b(
            k('c'),
            AddContractor,
            on(Screen::Readiness),
            "add one of the contractor's people",
            false,
        ),
        b(k('0'), SetLevel(0), Scope::Matrix, "level 0: none", false),
        // The one hinted: the footer says what all the digits do in the matrix.
        b(k('1'), SetLevel(1), Scope::Matrix, "digits set levels", true),
        b(k('2'), SetLevel(2), Scope::Matrix, "level 2: with supervision", false),
        b(k('3'), SetLevel(3), Scope::Matrix, "level 3: independent", false),
        b(k('4'), SetLevel(4), Scope::Matrix, "level 4: can teach", false),
        b(k('['), PrevTab, on(Screen::Readiness), "previous view", true),
        b(k(']'), NextTab, on(Screen::Readiness), "next view", true),
        b(k('a'), Add, on(Screen::Health), "add (risk, cost, test, integration, lesson)", true),
        b(k('p'), AddPlanned, on(Screen::Health), "add a planned amount (budget)", false),
        b(k('e'), Edit, on(Screen::Health), "edit", true),
        b(c(KeyCode::Enter), Edit, on(Screen::Health), "edit", false),
        b(k('d'), Delete, on(Screen::Health), "delete", false),
        b(k(' '), Cycle, on(Screen::Health), "next status", true),
        b(k('['), PrevTab, on(Screen::Health), "previous view", true),
        b(k(']'), NextTab, on(Screen::Health), "next view", true),
        b(k('o'), Detail, g, "show the whole record / close", false),
        b(k('w'), Warnings, g, "warnings: open what each is about", false),
        b(c(KeyCode::Enter), Drill, Scope::Gate, "open what fails / evidence", true),
        b(c(KeyCode::Enter), Drill, Scope::Score, "open the item", true),
        b(c(KeyCode::Enter), Person, Scope::Staffing, "person's view", true),
        b(k('b'), NextActions, Scope::Score, "next best actions", true),
        b(k('L'), Notes, Scope::Score, "every note of the level", false),
        b(c(KeyCode::Enter), Notes, on(Screen::Overview), "every note, to open", true),
        b(c(KeyCode::Enter), Drill, Scope::Places, "go to the selected place", true),
        b(k('e'), Edit, Scope::Places, "edit the ticket's plan", true),
        b(Key::ctrl('d'), ScrollDown, Scope::Detail, "scroll the pane down", true),
        b(c(KeyCode::PageDown), ScrollDown, Scope::Detail, "scroll the pane down", false),
        b(Key::ctrl('u'), ScrollUp, Scope::Detail, "scroll the pane up", true),
        b(c(KeyCode::PageUp), ScrollUp, Scope::Detail, "scroll the pane up", false),
        b(k('q'), Quit, g, "quit", true),
        b(k('?'), Help, g, "help", true),
        b(k(':'), Palette, g, "command palette", false),
        b(k('/'), Filter, g, "filter", true),
        b(k('n'), NextMatch, g, "next match", false),
        b(k('N'), PrevMatch, g, "previous match", false),
        b(k('u'), Undo, g, "undo", true),
        b(Key::ctrl('r'), Redo, g, "redo", false),
        b(c(KeyCode::Esc), Back, g, "back / close / clear filter", false),
        b(c(KeyCode::Tab), NextScreen, g, "next screen", false),
        b(c(KeyCode::BackTab), PrevScreen, g, "previous screen", false),
    ];
    bindings.extend(go_to);
    bindings.extend([
        b(k('m'), KeepMine, on(Screen::Conflicts), "keep mine", true),
        b(k('t'), TakeTheirs, on(Screen::Conflicts), "take theirs", true),
        b(c(KeyCode::Enter), Detail, on(Screen::Conflicts), "whole values / close", true),
        b(k('j'), Down, g, "down", false),
        b(c(KeyCode::Down), Down, g, "down", false),
        b(k('k'), Up, g, "up", false),
        b(c(KeyCode::Up), Up, g, "up", false),
        b(k('h'), Left, g, "left", false),
        b(c(KeyCode::Left), Left, g, "left", false),
        b(k('l'), Right, g, "right", false),
        b(c(KeyCode::Right), Right, g, "right", false),
        b(k('g'), Top, g, "top", false),
        b(c(KeyCode::Home), Top, g, "top", false),
        b(k('G'), Bottom, g, "bottom", false),
        b(c(KeyCode::End), Bottom, g, "bottom", false),
        b(Key::ctrl('d'), HalfPageDown, g, "half page down", false),
        b(c(KeyCode::PageDown), HalfPageDown, g, "half page down", false),
        b(Key::ctrl('u'), HalfPageUp, g, "half page up", false),
        b(c(KeyCode::PageUp), HalfPageUp, g, "half page up", false),
        b(Key::ctrl('l'), Refresh, g, "reload from the database", false),
        b(Key::ctrl('z'), Suspend, g, "suspend to the shell", false),
        b(Key::ctrl('c'), Quit, g, "quit", false),
        // In the palette only (`:report`, `:calendar`…), until the config file gives them keys.
        Binding {
            keys: Vec::new(),
            action: WriteReport,
            scope: g,
            desc: "write the status report to a file",
            hint: false,
        },
        Binding {
            keys: Vec::new(),
            action: WriteCalendar,
            scope: g,
            desc: "write the engagement's dates to an iCalendar file",
            hint: false,
        },
        Binding {
            keys: Vec::new(),
            action: WriteWorkbook,
            scope: g,
            desc: "write the engagement to an Excel workbook",
            hint: false,
        },
        Binding {
            keys: Vec::new(),
            action: WriteExport,
            scope: g,
            desc: "export the engagement to a JSON file",
            hint: false,
        },
        Binding {
            keys: Vec::new(),
            action: WriteBackup,
            scope: g,
            desc: "back up the whole database to a file",
            hint: false,
        },
        Binding {
            keys: Vec::new(),
            action: ImportTickets,
            scope: g,
            desc: "import the service desk's tickets (CSV)",
            hint: false,
        },
    ]);
    bindings
}
