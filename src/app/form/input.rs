//! The single-line text input every field, filter and palette types into.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea};

use crate::model::text::sanitize;

/// A single-line text input: ratatui-textarea's editor held to one line of safe text.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// Boxed: a text area is large, and every field, filter and palette holds one.
    area: Box<TextArea<'static>>,
}

impl Input {
    /// An input holding `value` as it is (the caller makes it safe), the cursor at its end.
    pub fn new(value: &str) -> Input {
        let mut area = TextArea::new(vec![value.to_string()]);
        area.move_cursor(CursorMove::End);
        Input { area: Box::new(area) }
    }

    pub fn value(&self) -> &str {
        &self.area.lines()[0]
    }

    /// The cursor's position, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.area.cursor().1
    }

    /// Inserts text at the cursor, as one line without control or bidi characters.
    pub fn insert(&mut self, text: &str) {
        let clean: String = text
            .chars()
            .map(|c| if matches!(c, '\n' | '\r' | '\t') { ' ' } else { c })
            .filter(|c| !c.is_control())
            .collect();
        self.area.insert_str(sanitize(&clean));
    }

    /// Applies an editing key: a character, Backspace, Delete, `Ctrl-u` (delete to the
    /// start), ←, →, Home, End. Returns false for keys that are not editing keys.
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let plain = (key.modifiers - KeyModifiers::SHIFT).is_empty();
        match key.code {
            KeyCode::Char(c) if plain && !c.is_control() => self.insert(c.encode_utf8(&mut [0; 4])),
            KeyCode::Char('u') if ctrl => _ = self.area.delete_line_by_head(),
            KeyCode::Backspace => _ = self.area.delete_char(),
            KeyCode::Delete => _ = self.area.delete_next_char(),
            KeyCode::Left => self.area.move_cursor(CursorMove::Back),
            KeyCode::Right => self.area.move_cursor(CursorMove::Forward),
            KeyCode::Home => self.area.move_cursor(CursorMove::Head),
            KeyCode::End => self.area.move_cursor(CursorMove::End),
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn editing_moves_the_cursor_over_characters_not_bytes() {
        let mut input = Input::new("Zürich");
        for _ in 0..4 {
            input.handle(key(KeyCode::Left));
        }
        input.handle(key(KeyCode::Backspace));
        assert_eq!(input.value(), "Zrich");
        input.handle(key(KeyCode::Char('ü')));
        assert_eq!(input.value(), "Zürich");
        assert!(!input.handle(key(KeyCode::Enter)));
    }

    #[test]
    fn a_single_line_input_keeps_one_line_and_its_editing_keys() {
        let mut input = Input::new("Zürich Nord");
        input.handle(key(KeyCode::Home));
        input.handle(key(KeyCode::Delete));
        input.handle(key(KeyCode::End));
        input.handle(key(KeyCode::Left));
        input.handle(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!((input.value(), input.cursor()), ("d", 0));
        for editor_key in [KeyCode::Enter, KeyCode::Tab] {
            assert!(!input.handle(key(editor_key)), "{editor_key:?} is not an editing key");
        }
        input.insert("a\nb\tc\u{202e}");
        assert_eq!((input.value(), input.cursor()), ("a b cd", 5));
    }
}
