//! Making text from outside (the database, files, typed input) safe to show in a terminal.

use std::borrow::Cow;
use std::cmp::Ordering;

/// The order of two names as a German (or any Latin-script) reader expects it: accents and
/// case folded ("Özdemir" with the O's, "ß" as "ss"), the exact text breaking ties.
pub fn name_order(a: &str, b: &str) -> Ordering {
    collation_key(a).cmp(&collation_key(b)).then_with(|| a.cmp(b))
}

/// A name's sort key: lower case, each Latin letter with a diacritic as its base letter
/// and each ligature spelt out (DIN 5007-1, "ä" → "a"). A small table rather than Unicode
/// decomposition (NFD), which leaves "ß", "ø", "ł" and "æ" as they are.
pub fn collation_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match fold_letter(c) {
            Some(ascii) => key.push_str(ascii),
            None => key.push(c),
        }
    }
    key
}

/// Two people's names as the same name to a reader: their collation keys, with runs of
/// blanks as one space and combining marks dropped ("O" and U+0308 reads as "Ö").
pub fn name_key(name: &str) -> String {
    let combining = |c: &char| ('\u{300}'..='\u{36f}').contains(c);
    let words: Vec<&str> = name.split_whitespace().collect();
    collation_key(&words.join(" ")).chars().filter(|c| !combining(c)).collect()
}

/// A lower-case Latin letter with a diacritic, or a ligature, in ASCII letters; `None` for
/// others.
pub fn fold_letter(c: char) -> Option<&'static str> {
    const LETTERS: &[(&str, &str)] = &[
        ("æ", "ae"),
        ("œ", "oe"),
        ("ß", "ss"),
        ("þ", "th"),
        ("àáâãäåāăą", "a"),
        ("çćĉċč", "c"),
        ("ďđð", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("ŕŗř", "r"),
        ("śŝşšș", "s"),
        ("ţťŧț", "t"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
    ];
    LETTERS.iter().find(|(letters, _)| letters.contains(c)).map(|(_, ascii)| *ascii)
}

/// Bidi embedding, override and isolate controls, plus the directional marks: they can
/// reorder what the user sees, so they are dropped.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// The Unicode line and paragraph separators: terminals draw them as garbage or not at all.
fn is_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

fn needs_cleaning(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_separator(c)
}

/// One line of text safe for the terminal: tabs and line breaks become spaces, other
/// control characters are shown as `^X` (C0, DEL) or `<U+0085>` (C1), bidi controls removed.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// Text of several lines safe for the terminal: like `sanitize`, but line breaks (also
/// U+2028 and U+2029) and tabs are kept; CRLF stays, a lone CR is shown as `^M`.
pub fn sanitize_lines(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

fn clean(s: &str, multi_line: bool) -> Cow<'_, str> {
    let kept = |c: char| multi_line && matches!(c, '\n' | '\t');
    if !s.chars().any(|c| needs_cleaning(c) && !kept(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if kept(c) => out.push(c),
            '\r' if multi_line && chars.peek() == Some(&'\n') => out.push(c),
            c if is_separator(c) => out.push(if multi_line { '\n' } else { ' ' }),
            '\t' | '\n' | '\r' if !multi_line => out.push(' '),
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

/// JSON text (as serde_json writes it) with every character a terminal would act on written
/// as a `\u` escape: serde_json escapes C0 controls only. Outside strings JSON holds nothing
/// but ASCII punctuation and whitespace, so each such character is inside a string, where
/// the escape means the same character.
pub fn json_safe(json: &str) -> Cow<'_, str> {
    let escaped = |c: char| needs_cleaning(c) && c != '\n';
    if !json.chars().any(escaped) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escaped(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `value` as pretty-printed JSON, made safe by `json_safe`: for every JSON botdash writes.
pub fn to_json(value: &impl serde::Serialize) -> serde_json::Result<String> {
    serde_json::to_string_pretty(value).map(|json| json_safe(&json).into_owned())
}

/// A text as the screens and reports show it: a dash where it is blank.
pub fn or_dash(text: &str) -> &str {
    if text.trim().is_empty() { "—" } else { text }
}

#[cfg(test)]
mod tests {
    use super::{collation_key, json_safe, name_key, name_order, sanitize, sanitize_lines};

    #[test]
    fn names_sort_with_accents_and_case_folded() {
        assert_eq!(collation_key("Özdemir Straße"), "ozdemir strasse");
        assert_eq!(collation_key("Łódź Ærø"), "lodz aero");
        assert_eq!(name_key(" Ben  O\u{308}zdemir "), name_key("ben özdemir"));
        assert_ne!(name_key("Ben Özdemir"), name_key("Ben Özdemirr"));
        let mut names = vec!["Zimmermann", "Özdemir", "Müller", "muller", "Oberhaus", "Éclat"];
        names.sort_by(|a, b| name_order(a, b));
        assert_eq!(names, ["Éclat", "Müller", "muller", "Oberhaus", "Özdemir", "Zimmermann"]);
    }

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
        assert_eq!(sanitize("a\u{2028}b\u{2029}c"), "a b c");
        assert!(matches!(sanitize("Zürich 東京 👩‍💻"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn several_lines_keep_their_breaks_and_lose_the_rest() {
        assert_eq!(sanitize_lines("a\nb\tc\r\nd"), "a\nb\tc\r\nd");
        assert_eq!(sanitize_lines("a\u{2028}b\re\x1b]52;c;x\x07"), "a\nb^Me^[]52;c;x^G");
        assert_eq!(sanitize_lines("\u{2067}x\u{85}"), "x<U+0085>");
    }

    #[test]
    fn json_escapes_what_a_terminal_would_act_on() {
        let json = serde_json::to_string_pretty(&["a\u{9b}b\u{202e}c\u{2028}\u{7f}"]).unwrap();
        let safe = json_safe(&json);
        assert_eq!(safe, "[\n  \"a\\u009bb\\u202ec\\u2028\\u007f\"\n]");
        let back: Vec<String> = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, ["a\u{9b}b\u{202e}c\u{2028}\u{7f}"]);
    }
}
