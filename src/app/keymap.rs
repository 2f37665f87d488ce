//! The one keymap table: it resolves keys (and key sequences) to actions and feeds the
//! footer, the help and the palette. Defaults live here; the config file overrides them.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Action, Screen};

/// Where a binding applies: everywhere, on one screen, or in the skills matrix, the
/// board's gate criteria, the Score view or Staffing (the narrower scope wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    Screen(Screen),
    Matrix,
    Gate,
    Score,
    Staffing,
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::Screen(screen) => screen.key(),
            Scope::Matrix => "skills-matrix",
            Scope::Gate => "gate",
            Scope::Score => "score",
            Scope::Staffing => "staffing",
        }
    }
}

/// A key with its modifiers; Shift is folded into the character for letters and symbols.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub const fn plain(c: char) -> Key {
        Key { code: KeyCode::Char(c), modifiers: KeyModifiers::NONE }
    }

    pub const fn ctrl(c: char) -> Key {
        Key { code: KeyCode::Char(c), modifiers: KeyModifiers::CONTROL }
    }

    pub const fn code(code: KeyCode) -> Key {
        Key { code, modifiers: KeyModifiers::NONE }
    }

    /// The key as typed, with Shift dropped where it is already in the character.
    pub fn from_event(event: KeyEvent) -> Key {
        let mut modifiers =
            event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        if matches!(event.code, KeyCode::Char(_) | KeyCode::BackTab) {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Key { code: event.code, modifiers }
    }

    /// How the key is written in the footer, help and config: `q`, `Ctrl-r`, `Shift-Tab`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            code => NAMED
                .iter()
                .find(|(_, c)| *c == code)
                .map_or_else(|| format!("{code:?}"), |(name, _)| name.to_string()),
        };
        let mut label = String::new();
        for (modifier, prefix) in MODIFIERS {
            if self.modifiers.contains(*modifier) {
                label.push_str(prefix);
            }
        }
        label + &base
    }

    /// Reads a key written as the footer writes it: `q`, `G`, `Ctrl-r`, `Shift-Tab`, `F5`.
    pub fn parse(text: &str) -> Result<Key, String> {
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        'strip: loop {
            for (modifier, prefix) in MODIFIERS {
                if let Some(after) = rest.strip_prefix(prefix).filter(|a| !a.is_empty()) {
                    modifiers |= *modifier;
                    rest = after;
                    continue 'strip;
                }
            }
            break;
        }
        let mut chars = rest.chars();
        let named = NAMED.iter().find(|(name, _)| *name == rest).map(|(_, code)| *code);
        let code = match (named, chars.next(), chars.next()) {
            (Some(KeyCode::Tab), ..) if modifiers.contains(KeyModifiers::SHIFT) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            (Some(code), ..) => code,
            (None, Some(c), None) => KeyCode::Char(c),
            _ if rest == "Space" => KeyCode::Char(' '),
            _ => match rest.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
                Some(n @ 1..=24) => KeyCode::F(n),
                _ => return Err(format!("unknown key '{}'", crate::model::text::sanitize(text))),
            },
        };
        Ok(Key::from_event(KeyEvent::new(code, modifiers)))
    }
}

const MODIFIERS: &[(KeyModifiers, &str)] = &[
    (KeyModifiers::CONTROL, "Ctrl-"),
    (KeyModifiers::ALT, "Alt-"),
    (KeyModifiers::SHIFT, "Shift-"),
];

const NAMED: &[(&str, KeyCode)] = &[
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Shift-Tab", KeyCode::BackTab),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Insert", KeyCode::Insert),
    ("↑", KeyCode::Up),
    ("↓", KeyCode::Down),
    ("←", KeyCode::Left),
    ("→", KeyCode::Right),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PgUp", KeyCode::PageUp),
    ("PgDn", KeyCode::PageDown),
];

/// One or more keys pressed in order.
pub type Sequence = Vec<Key>;

pub fn sequence_label(keys: &[Key]) -> String {
    keys.iter().map(Key::label).collect::<Vec<_>>().join(" ")
}

/// Reads `g g`-style sequences: keys separated by spaces.
pub fn parse_sequence(text: &str) -> Result<Sequence, String> {
    let keys: Vec<Key> = text.split_whitespace().map(Key::parse).collect::<Result<_, _>>()?;
    if keys.is_empty() {
        return Err("an empty key".into());
    }
    Ok(keys)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub keys: Sequence,
    pub action: Action,
    pub scope: Scope,
    pub desc: &'static str,
    /// Shown in the footer (the most useful few); every binding is in the help.
    pub hint: bool,
}

/// What the keys pressed so far mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    Action(Action),
    /// The keys start a longer sequence: wait for the next key.
    Pending,
    Unbound,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap { bindings: default_bindings() }
    }
}

impl Keymap {
    /// What `keys` mean in `scopes` (narrowest first); global bindings come last.
    pub fn resolve(&self, scopes: &[Scope], keys: &[Key]) -> Resolution {
        for &scope in scopes.iter().chain([&Scope::Global]) {
            let in_scope = self.bindings.iter().filter(|b| b.scope == scope);
            if let Some(b) = in_scope.clone().find(|b| b.keys == keys) {
                return Resolution::Action(b.action);
            }
            if in_scope.clone().any(|b| b.keys.len() > keys.len() && b.keys.starts_with(keys)) {
                return Resolution::Pending;
            }
        }
        Resolution::Unbound
    }

    /// The bindings that work in `scopes`: the narrowest first, each only where no
    /// narrower binding takes its keys (actions without keys are always listed).
    pub fn for_scopes(&self, scopes: &[Scope]) -> Vec<&Binding> {
        scopes
            .iter()
            .chain([&Scope::Global])
            .flat_map(|&scope| self.bindings.iter().filter(move |b| b.scope == scope))
            .filter(|b| {
                b.keys.is_empty() || self.resolve(scopes, &b.keys) == Resolution::Action(b.action)
            })
            .collect()
    }

    /// Replaces the keys of `action` in `scope` by `keys`.
    pub fn rebind(&mut self, scope: Scope, action: Action, keys: Vec<Sequence>) {
        let old: Vec<Binding> = self
            .bindings
            .iter()
            .filter(|b| b.scope == scope && b.action == action)
            .cloned()
            .collect();
        let desc = old.first().map_or_else(|| action.describe(), |b| b.desc);
        let hint = old.first().is_some_and(|b| b.hint);
        self.bindings.retain(|b| !(b.scope == scope && b.action == action));
        // An action without keys stays listed, for the palette.
        let keys = if keys.is_empty() { vec![Vec::new()] } else { keys };
        self.bindings.extend(keys.into_iter().map(|keys| Binding {
            keys,
            action,
            scope,
            desc,
            hint,
        }));
    }

    /// Two actions on one key (or one a prefix of the other) in the same scope.
    pub fn conflicts(&self) -> Vec<(Scope, Sequence, Action, Action)> {
        let mut found = Vec::new();
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                if a.scope == b.scope
                    && a.action != b.action
                    && !a.keys.is_empty()
                    && !b.keys.is_empty()
                    && (a.keys.starts_with(&b.keys) || b.keys.starts_with(&a.keys))
                {
                    found.push((a.scope, a.keys.clone(), a.action, b.action));
                }
            }
        }
        found
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }
}

fn default_bindings() -> Vec<Binding> {
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
    vec![
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
        b(k('1'), SetLevel(1), Scope::Matrix, "level 1: awareness", true),
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
        b(k('1'), GoTo(Screen::Overview), g, "overview", false),
        b(k('2'), GoTo(Screen::Board), g, "board", false),
        b(k('3'), GoTo(Screen::Readiness), g, "readiness", false),
        b(k('4'), GoTo(Screen::Docs), g, "docs", false),
        b(k('5'), GoTo(Screen::Health), g, "health", false),
        b(k('C'), GoTo(Screen::Conflicts), g, "sync conflicts", false),
        b(k('m'), KeepMine, on(Screen::Conflicts), "keep mine", true),
        b(k('t'), TakeTheirs, on(Screen::Conflicts), "take theirs", true),
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
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_bindings_override_global_ones() {
        let keymap = Keymap::default();
        let on = |screen, c| keymap.resolve(&[Scope::Screen(screen)], &[Key::plain(c)]);
        assert_eq!(on(Screen::Board, '['), Resolution::Action(Action::PrevPhase));
        assert_eq!(on(Screen::Readiness, '['), Resolution::Action(Action::PrevTab));
        assert_eq!(on(Screen::Docs, '['), Resolution::Unbound);
        assert_eq!(on(Screen::Docs, 'q'), Resolution::Action(Action::Quit));
    }

    #[test]
    fn keys_read_back_as_they_are_written() {
        for text in ["q", "G", "Ctrl-r", "Shift-Tab", "Space", "Enter", "F5", "Alt-x", "↓", "?"] {
            assert_eq!(Key::parse(text).unwrap().label(), text);
        }
        assert_eq!(Key::parse("Down").unwrap(), Key::code(KeyCode::Down));
        assert!(Key::parse("Hyper-q").is_err());
        assert!(Key::parse("Ctrl-").is_err() || Key::parse("Ctrl-").unwrap() == Key::plain('-'));
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(event), Key::plain('G'));
    }

    #[test]
    fn sequences_wait_for_their_second_key() {
        let mut keymap = Keymap::default();
        keymap.rebind(Scope::Global, Action::Quit, vec![parse_sequence("Z Z").unwrap()]);
        let z = Key::plain('Z');
        let board = [Scope::Screen(Screen::Board)];
        assert_eq!(keymap.resolve(&board, &[z]), Resolution::Pending);
        assert_eq!(keymap.resolve(&board, &[z, z]), Resolution::Action(Action::Quit));
        assert_eq!(keymap.resolve(&board, &[Key::plain('q')]), Resolution::Unbound);
    }

    #[test]
    fn conflicting_bindings_are_found() {
        let mut keymap = Keymap::default();
        assert!(keymap.conflicts().is_empty(), "{:?}", keymap.conflicts());
        keymap.rebind(Scope::Global, Action::Undo, vec![parse_sequence("q").unwrap()]);
        let conflicts = keymap.conflicts();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].0, Scope::Global);
    }

    #[test]
    fn every_screen_lists_quit_and_help() {
        let keymap = Keymap::default();
        for screen in Screen::ALL {
            let actions: Vec<Action> =
                keymap.for_scopes(&[Scope::Screen(*screen)]).iter().map(|b| b.action).collect();
            assert!(actions.contains(&Action::Quit) && actions.contains(&Action::Help));
        }
    }
}
