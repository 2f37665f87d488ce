//! The one keymap table: it resolves keys to actions and feeds the footer and help.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Action, Screen};

/// Where a binding applies: everywhere, or on one screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    Screen(Screen),
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
        let code = match event.code {
            KeyCode::Char(c) => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c)
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, modifiers }
    }

    /// How the key is written in the footer, help and config: `q`, `Ctrl-r`, `Shift-Tab`.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        let mut label = String::new();
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            label.push_str("Ctrl-");
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            label.push_str("Alt-");
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            label.push_str("Shift-");
        }
        label + &base
    }
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub key: Key,
    pub action: Action,
    pub scope: Scope,
    pub desc: &'static str,
    /// Shown in the footer (the most useful few); every binding is in the help.
    pub hint: bool,
}

pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap { bindings: default_bindings() }
    }
}

impl Keymap {
    /// The action for `key` on `screen`: a screen's own binding wins over a global one.
    pub fn resolve(&self, screen: Screen, key: Key) -> Option<Action> {
        let find = |scope: Scope| {
            self.bindings.iter().find(|b| b.scope == scope && b.key == key).map(|b| b.action)
        };
        find(Scope::Screen(screen)).or_else(|| find(Scope::Global))
    }

    /// The bindings that work on `screen`: its own first, then the global ones it does not
    /// override.
    pub fn for_screen(&self, screen: Screen) -> Vec<&Binding> {
        let own = self.bindings.iter().filter(|b| b.scope == Scope::Screen(screen));
        let global = self
            .bindings
            .iter()
            .filter(|b| b.scope == Scope::Global && self.resolve(screen, b.key) == Some(b.action));
        own.chain(global).collect()
    }
}

fn default_bindings() -> Vec<Binding> {
    use Action::*;
    use Screen::*;
    let g = Scope::Global;
    let on = Scope::Screen;
    let b = |key: Key, action: Action, scope: Scope, desc: &'static str, hint: bool| Binding {
        key,
        action,
        scope,
        desc,
        hint,
    };
    vec![
        b(Key::plain('a'), NewEngagement, on(Engagements), "new engagement", true),
        b(Key::code(KeyCode::Enter), OpenSelected, on(Engagements), "open engagement", true),
        b(Key::plain('['), PrevPhase, on(Board), "previous phase", true),
        b(Key::plain(']'), NextPhase, on(Board), "next phase", true),
        b(Key::plain('['), PrevTab, on(Readiness), "previous view", true),
        b(Key::plain(']'), NextTab, on(Readiness), "next view", true),
        b(Key::plain('q'), Quit, g, "quit", true),
        b(Key::plain('?'), Help, g, "help", true),
        b(Key::code(KeyCode::Esc), Back, g, "back", false),
        b(Key::code(KeyCode::Tab), NextScreen, g, "next screen", true),
        b(Key::code(KeyCode::BackTab), PrevScreen, g, "previous screen", false),
        b(Key::plain('1'), GoTo(Overview), g, "overview", false),
        b(Key::plain('2'), GoTo(Board), g, "board", false),
        b(Key::plain('3'), GoTo(Readiness), g, "readiness", false),
        b(Key::plain('4'), GoTo(Docs), g, "docs", false),
        b(Key::plain('j'), Down, g, "down", true),
        b(Key::code(KeyCode::Down), Down, g, "down", false),
        b(Key::plain('k'), Up, g, "up", false),
        b(Key::code(KeyCode::Up), Up, g, "up", false),
        b(Key::plain('h'), Left, g, "left", false),
        b(Key::code(KeyCode::Left), Left, g, "left", false),
        b(Key::plain('l'), Right, g, "right", false),
        b(Key::code(KeyCode::Right), Right, g, "right", false),
        b(Key::plain('g'), Top, g, "top", false),
        b(Key::code(KeyCode::Home), Top, g, "top", false),
        b(Key::plain('G'), Bottom, g, "bottom", false),
        b(Key::code(KeyCode::End), Bottom, g, "bottom", false),
        b(Key::ctrl('d'), HalfPageDown, g, "half page down", false),
        b(Key::code(KeyCode::PageDown), HalfPageDown, g, "half page down", false),
        b(Key::ctrl('u'), HalfPageUp, g, "half page up", false),
        b(Key::code(KeyCode::PageUp), HalfPageUp, g, "half page up", false),
        b(Key::ctrl('c'), Quit, g, "quit", false),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_bindings_override_global_ones() {
        let keymap = Keymap::default();
        assert_eq!(keymap.resolve(Screen::Board, Key::plain('[')), Some(Action::PrevPhase));
        assert_eq!(keymap.resolve(Screen::Readiness, Key::plain('[')), Some(Action::PrevTab));
        assert_eq!(keymap.resolve(Screen::Docs, Key::plain('[')), None);
        assert_eq!(keymap.resolve(Screen::Docs, Key::plain('q')), Some(Action::Quit));
    }

    #[test]
    fn shifted_letters_match_their_character() {
        let event = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(event), Key::plain('G'));
        assert_eq!(Key::ctrl('r').label(), "Ctrl-r");
        assert_eq!(Key::code(KeyCode::BackTab).label(), "Shift-Tab");
    }

    #[test]
    fn every_screen_lists_quit_and_help() {
        let keymap = Keymap::default();
        for screen in Screen::ALL {
            let actions: Vec<Action> =
                keymap.for_screen(*screen).iter().map(|b| b.action).collect();
            assert!(actions.contains(&Action::Quit) && actions.contains(&Action::Help));
        }
    }
}
