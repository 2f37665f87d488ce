//! Making text from outside (the database, files, typed input) safe to show in a terminal.

use std::borrow::Cow;

/// Bidi embedding, override and isolate controls, plus the directional marks: they can
/// reorder what the user sees, so they are dropped.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn needs_cleaning(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// One line of text safe for the terminal: tabs and line breaks become spaces, other
/// control characters are shown as `^X` (C0, DEL) or `<U+0085>` (C1), bidi controls removed.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_cleaning) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if is_bidi_control(c) => {}
            '\u{7F}' => out.push_str("^?"),
            c if (c as u32) < 0x20 => {
                out.push('^');
                out.push(char::from(b'@' + c as u8));
            }
            c if c.is_control() => out.push_str(&format!("<U+{:04X}>", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn escape_sequences_are_made_visible() {
        assert_eq!(sanitize("a\x1b[31mred"), "a^[[31mred");
        assert_eq!(sanitize("bell\x07"), "bell^G");
        assert_eq!(sanitize("c1\u{9b}x"), "c1<U+009B>x");
    }

    #[test]
    fn bidi_overrides_are_removed_and_plain_text_is_untouched() {
        assert_eq!(sanitize("evil\u{202E}txt"), "eviltxt");
        assert_eq!(sanitize("line\nbreak\ttab"), "line break tab");
        assert!(matches!(sanitize("Zürich 東京 👩‍💻"), std::borrow::Cow::Borrowed(_)));
    }
}
