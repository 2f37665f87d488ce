//! The options of a choice field, and how keys choose among them: one, or several.

use ratatui::crossterm::event::KeyCode;

/// One choice of a choice field: the stored value and what the user reads.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: &str, label: &str) -> Choice {
        Choice { value: value.into(), label: label.into() }
    }
}

/// A key on a field holding one of `options` (`selected`): → or Space the next, ← the one
/// before, a letter the next whose label starts with it, Backspace or Delete none where
/// `clearable`. Returns whether it changed anything.
pub(super) fn choose_one(
    options: &[Choice],
    selected: &mut Option<usize>,
    key: KeyCode,
    clearable: bool,
) -> bool {
    let count = options.len();
    if count == 0 {
        return false;
    }
    let next = match key {
        KeyCode::Right | KeyCode::Char(' ') => selected.map_or(0, |i| (i + 1) % count),
        KeyCode::Left => selected.map_or(count - 1, |i| (i + count - 1) % count),
        KeyCode::Backspace | KeyCode::Delete if clearable => {
            *selected = None;
            return true;
        }
        KeyCode::Char(c) => {
            let after = selected.map_or(0, |i| i + 1);
            let forward = (0..count).map(|k| (after + k) % count);
            let Some(i) = starting_with(options, c, forward).next() else { return false };
            i
        }
        _ => return false,
    };
    *selected = Some(next);
    true
}

/// A key on a field holding several of `options`: → or Space adds the next one not chosen
/// (after the last chosen), ← changes the last to the one before it not chosen, a letter adds
/// the next not chosen whose label starts with it, Backspace removes the last. Returns
/// whether it changed anything.
pub(super) fn choose_several(options: &[Choice], chosen: &mut Vec<usize>, key: KeyCode) -> bool {
    let count = options.len();
    let after = chosen.last().map_or(0, |&i| i + 1);
    let forward = (0..count).map(|k| (after + k) % count);
    let next = match key {
        KeyCode::Right | KeyCode::Char(' ') => first_free(forward, chosen),
        KeyCode::Left => {
            let Some(last) = chosen.pop() else { return false };
            let before = (1..count).map(|k| (last + count - k) % count);
            let previous = first_free(before, chosen).unwrap_or(last);
            chosen.push(previous);
            return previous != last;
        }
        KeyCode::Char(c) => first_free(starting_with(options, c, forward), chosen),
        KeyCode::Backspace | KeyCode::Delete => return chosen.pop().is_some(),
        _ => return false,
    };
    next.map(|i| chosen.push(i)).is_some()
}

/// The first of `order` not among `chosen`.
fn first_free(mut order: impl Iterator<Item = usize>, chosen: &[usize]) -> Option<usize> {
    order.find(|i| !chosen.contains(i))
}

/// Of `order`, the options whose label starts with the letter `c`, in any case.
fn starting_with(
    options: &[Choice],
    c: char,
    order: impl Iterator<Item = usize>,
) -> impl Iterator<Item = usize> {
    let c = c.to_lowercase().to_string();
    order.filter(move |&i| options[i].label.to_lowercase().starts_with(&c))
}
