//! Keys and key sequences: read from an event, from the config file's words, and named
//! back for the footer and the help.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
