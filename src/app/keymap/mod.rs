//! The one keymap table: it resolves keys (and key sequences) to actions and feeds the
//! footer, the help and the palette. Defaults live here; the config file overrides them.

mod binding;
mod defaults;
mod key;

use super::Action;
pub use binding::{Binding, Scope};
use defaults::default_bindings;
pub use key::{Key, Sequence, parse_sequence, sequence_label};

/// What the keys pressed so far mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLookup {
    Action(Action),
    /// The keys start a longer sequence: wait for the next key.
    Pending,
    Unbound,
}

/// What a second click on a row does in `scopes`: the action Enter has there by default
/// (open, edit, drill down), whatever keys the config gives that action now.
pub fn row_action(scopes: &[Scope]) -> Option<Action> {
    let enter = Key::code(ratatui::crossterm::event::KeyCode::Enter);
    match Keymap::default().resolve(scopes, &[enter]) {
        KeyLookup::Action(action) => Some(action),
        KeyLookup::Pending | KeyLookup::Unbound => None,
    }
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
    pub fn resolve(&self, scopes: &[Scope], keys: &[Key]) -> KeyLookup {
        for &scope in scopes.iter().chain([&Scope::Global]) {
            let in_scope = self.bindings.iter().filter(|b| b.scope == scope);
            if let Some(b) = in_scope.clone().find(|b| b.keys == keys) {
                return KeyLookup::Action(b.action);
            }
            if in_scope.clone().any(|b| b.keys.len() > keys.len() && b.keys.starts_with(keys)) {
                return KeyLookup::Pending;
            }
        }
        KeyLookup::Unbound
    }

    /// The bindings that work in `scopes`: the narrowest first, each only where no
    /// narrower binding takes its keys (actions without keys are always listed).
    pub fn for_scopes(&self, scopes: &[Scope]) -> Vec<&Binding> {
        scopes
            .iter()
            .chain([&Scope::Global])
            .flat_map(|&scope| self.bindings.iter().filter(move |b| b.scope == scope))
            .filter(|b| {
                b.keys.is_empty() || self.resolve(scopes, &b.keys) == KeyLookup::Action(b.action)
            })
            .collect()
    }

    /// The keys of `action` in `scopes` as the footer writes them (its first binding that
    /// works there), for hints written into titles and messages; none when it has no key.
    /// Asked for every hint of every frame, so only `action`'s own bindings are resolved.
    pub fn key_of(&self, scopes: &[Scope], action: Action) -> Option<String> {
        scopes
            .iter()
            .chain([&Scope::Global])
            .flat_map(|&scope| self.bindings.iter().filter(move |b| b.scope == scope))
            .filter(|b| b.action == action && !b.keys.is_empty())
            .find(|b| self.resolve(scopes, &b.keys) == KeyLookup::Action(action))
            .map(|b| sequence_label(&b.keys))
    }

    /// `key_of`, or "(no key)" when the config leaves `action` without one.
    pub fn key_label(&self, scopes: &[Scope], action: Action) -> String {
        self.key_of(scopes, action).unwrap_or_else(|| "(no key)".to_string())
    }

    /// Replaces the keys of `action` in `scope` by `keys`, in the place of the old ones so
    /// that the footer and the help keep their order.
    pub fn rebind(&mut self, scope: Scope, action: Action, keys: Vec<Sequence>) {
        let is_old = |b: &Binding| b.scope == scope && b.action == action;
        let place = self.bindings.iter().position(is_old);
        let old = place.map(|at| &self.bindings[at]);
        let desc = old.map_or_else(|| action.describe(), |b| b.desc);
        let hint = self.bindings.iter().any(|b| is_old(b) && b.hint);
        self.bindings.retain(|b| !is_old(b));
        // An action without keys stays listed, for the palette.
        let keys = if keys.is_empty() { vec![Vec::new()] } else { keys };
        let new = keys.into_iter().map(|keys| Binding { keys, action, scope, desc, hint });
        let at = place.unwrap_or(self.bindings.len());
        self.bindings.splice(at..at, new);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Screen;

    #[test]
    fn screen_bindings_override_global_ones() {
        let keymap = Keymap::default();
        let on = |screen, c| keymap.resolve(&[Scope::Screen(screen)], &[Key::plain(c)]);
        assert_eq!(on(Screen::Board, '['), KeyLookup::Action(Action::PrevPhase));
        assert_eq!(on(Screen::Readiness, '['), KeyLookup::Action(Action::PrevTab));
        assert_eq!(on(Screen::Docs, '['), KeyLookup::Unbound);
        assert_eq!(on(Screen::Docs, 'q'), KeyLookup::Action(Action::Quit));
    }

    #[test]
    fn sequences_wait_for_their_second_key() {
        let mut keymap = Keymap::default();
        keymap.rebind(Scope::Global, Action::Quit, vec![parse_sequence("Z Z").unwrap()]);
        let z = Key::plain('Z');
        let board = [Scope::Screen(Screen::Board)];
        assert_eq!(keymap.resolve(&board, &[z]), KeyLookup::Pending);
        assert_eq!(keymap.resolve(&board, &[z, z]), KeyLookup::Action(Action::Quit));
        assert_eq!(keymap.resolve(&board, &[Key::plain('q')]), KeyLookup::Unbound);
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

    /// What reaches a screen rides on its declaration: the digits go to the engagement's
    /// screens in tab order, `C` to the sync conflicts, and each has its `go-` name.
    #[test]
    fn each_screen_is_reached_by_its_default_key_and_its_go_name() {
        let keymap = Keymap::default();
        let pressed = |c| keymap.resolve(&[Scope::Global], &[Key::plain(c)]);
        for (&screen, digit) in Screen::TABS.iter().zip('1'..) {
            assert_eq!(pressed(digit), KeyLookup::Action(Action::GoTo(screen)));
        }
        assert_eq!(pressed('C'), KeyLookup::Action(Action::GoTo(Screen::Conflicts)));
        for &screen in Screen::ALL {
            let name = format!("go-{}", screen.key());
            assert_eq!(name.parse::<Action>(), Ok(Action::GoTo(screen)));
        }
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
