//! The help (`?`) and the command palette (`:`): the actions of the current screen, from
//! the keymap, filtered fuzzily as you type; Enter runs the chosen one.

use super::Action;
use super::filter::Fuzzy;
use super::form::Input;
use super::keymap::{Binding, sequence_label};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Help,
    Palette,
}

#[derive(Debug, Clone)]
pub struct Picker {
    pub kind: PickerKind,
    pub query: Input,
    pub selected: usize,
}

/// One action as the help and the palette list it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub action: Action,
    /// Every key that runs it here, e.g. "j, ↓".
    pub keys: String,
    pub desc: &'static str,
}

impl Picker {
    pub fn new(kind: PickerKind) -> Picker {
        Picker { kind, query: Input::default(), selected: 0 }
    }

    /// The actions of `bindings` (those that work now) matching the query, best first (all,
    /// in keymap order, when empty).
    pub fn entries(&self, bindings: &[&Binding]) -> Vec<Entry> {
        let mut entries: Vec<Entry> = Vec::new();
        for binding in bindings {
            let keys = sequence_label(&binding.keys);
            match entries.iter_mut().find(|e| e.action == binding.action) {
                Some(entry) => entry.keys = format!("{}, {keys}", entry.keys),
                None => entries.push(Entry { action: binding.action, keys, desc: binding.desc }),
            }
        }
        let fuzzy = Fuzzy::new(self.query.value());
        if fuzzy.is_empty() {
            return entries;
        }
        let mut scored: Vec<(u32, Entry)> = entries
            .into_iter()
            .filter_map(|e| {
                let text = format!("{} {} {}", e.desc, e.action.name(), e.keys);
                fuzzy.score(&text).map(|s| (s, e))
            })
            .collect();
        scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
        scored.into_iter().map(|(_, e)| e).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::keymap::{Keymap, Scope};

    #[test]
    fn typing_narrows_the_list_to_matching_actions() {
        let keymap = Keymap::default();
        let mut picker = Picker::new(PickerKind::Palette);
        let board = keymap.for_scopes(&[Scope::Screen(crate::app::Screen::Board)]);
        let all = picker.entries(&board);
        assert!(all.iter().any(|e| e.action == Action::NextPhase));
        let down = all.iter().find(|e| e.action == Action::Down).unwrap();
        assert_eq!(down.keys, "j, ↓");
        picker.query = Input::new("redo");
        let found = picker.entries(&board);
        assert_eq!(found[0].action, Action::Redo);
        picker.query = Input::new("xyzzy");
        assert!(picker.entries(&board).is_empty());
    }
}
