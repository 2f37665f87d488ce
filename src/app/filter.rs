//! Fuzzy matching for the `/` filter, the help and the palette.

use std::cell::RefCell;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::form::Input;

thread_local! {
    static MATCHER: RefCell<Matcher> = RefCell::new(Matcher::new(Config::DEFAULT));
}

/// A parsed query; an empty one matches everything.
pub struct Fuzzy {
    pattern: Option<Pattern>,
}

impl Fuzzy {
    pub fn new(query: &str) -> Fuzzy {
        let query = query.trim();
        let pattern = (!query.is_empty())
            .then(|| Pattern::parse(query, CaseMatching::Smart, Normalization::Smart));
        Fuzzy { pattern }
    }

    pub fn is_empty(&self) -> bool {
        self.pattern.is_none()
    }

    /// The match's score, higher is better; `None` when `text` does not match.
    pub fn score(&self, text: &str) -> Option<u32> {
        let Some(pattern) = &self.pattern else { return Some(0) };
        let mut buffer = Vec::new();
        MATCHER.with(|m| pattern.score(Utf32Str::new(text, &mut buffer), &mut m.borrow_mut()))
    }

    pub fn matches(&self, text: &str) -> bool {
        self.score(text).is_some()
    }

    /// The positions (in chars) of `text` that the query matched, for highlighting.
    pub fn positions(&self, text: &str) -> Vec<usize> {
        let Some(pattern) = &self.pattern else { return Vec::new() };
        let mut buffer = Vec::new();
        let mut indices = Vec::new();
        MATCHER.with(|m| {
            pattern.indices(Utf32Str::new(text, &mut buffer), &mut m.borrow_mut(), &mut indices)
        });
        indices.sort_unstable();
        indices.dedup();
        indices.into_iter().map(|i| i as usize).collect()
    }
}

/// The `/` filter of the current screen: its query, and whether it is being typed.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub input: Input,
    pub typing: bool,
}

impl Filter {
    pub fn fuzzy(&self) -> Fuzzy {
        Fuzzy::new(self.input.value())
    }
}

#[cfg(test)]
mod tests {
    use super::Fuzzy;

    #[test]
    fn letters_in_order_match_and_are_located() {
        let query = Fuzzy::new("stci");
        assert!(query.matches("Set up CI"));
        assert!(!query.matches("Run hypercare"));
        assert_eq!(query.positions("Set up CI"), vec![0, 2, 7, 8]);
        assert!(Fuzzy::new("  ").matches("anything"));
    }
}
