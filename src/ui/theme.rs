//! Colours and emphasis: the dark, light and high-contrast themes, built on the terminal's
//! own 16 colours and modifiers (never fixed RGB), so that the user's colour scheme still
//! applies. With `NO_COLOR` set, only emphasis remains; every state is also written in text
//! or symbols, so nothing depends on colour alone.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub text: Style,
    pub dim: Style,
    pub accent: Style,
    pub good: Style,
    pub warn: Style,
    pub bad: Style,
    pub selected: Style,
    pub title: Style,
    pub bar: Style,
    /// Characters the filter matched.
    pub matched: Style,
}

/// The themes the config file can choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    HighContrast,
}

impl ThemeName {
    pub const ALL: &'static [ThemeName] =
        &[ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast];

    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
            ThemeName::HighContrast => "high-contrast",
        }
    }
}

impl FromStr for ThemeName {
    type Err = String;

    fn from_str(text: &str) -> Result<ThemeName, String> {
        ThemeName::ALL
            .iter()
            .copied()
            .find(|t| t.name() == text)
            .ok_or_else(|| format!("unknown theme '{text}' (dark, light, high-contrast)"))
    }
}

impl Theme {
    pub fn named(name: ThemeName) -> Theme {
        match name {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
            ThemeName::HighContrast => Theme::high_contrast(),
        }
    }

    /// For a dark background.
    pub fn dark() -> Theme {
        Theme {
            text: Style::new(),
            dim: Style::new().fg(Color::DarkGray),
            accent: Style::new().fg(Color::Cyan),
            good: Style::new().fg(Color::Green),
            warn: Style::new().fg(Color::Yellow),
            bad: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            title: Style::new().add_modifier(Modifier::BOLD),
            bar: Style::new().fg(Color::Black).bg(Color::Cyan),
            matched: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }

    /// For a light background: no yellow or pale colours, dim text faint rather than grey.
    pub fn light() -> Theme {
        Theme {
            dim: Style::new().add_modifier(Modifier::DIM),
            accent: Style::new().fg(Color::Blue),
            warn: Style::new().fg(Color::Magenta),
            matched: Style::new()
                .fg(Color::Magenta)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            ..Theme::dark()
        }
    }

    /// Strong colours in bold, reversed emphasis, no dim text.
    pub fn high_contrast() -> Theme {
        let strong = |color| Style::new().fg(color).add_modifier(Modifier::BOLD);
        Theme {
            text: Style::new(),
            dim: Style::new(),
            accent: strong(Color::Cyan),
            good: strong(Color::Green),
            warn: strong(Color::Yellow),
            bad: strong(Color::Red).add_modifier(Modifier::REVERSED),
            selected: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            title: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            bar: Style::new().fg(Color::Black).bg(Color::White),
            matched: strong(Color::Yellow).add_modifier(Modifier::UNDERLINED),
        }
    }

    pub fn monochrome() -> Theme {
        Theme {
            text: Style::new(),
            dim: Style::new(),
            accent: Style::new(),
            good: Style::new(),
            warn: Style::new(),
            bad: Style::new().add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            title: Style::new().add_modifier(Modifier::BOLD),
            bar: Style::new().add_modifier(Modifier::REVERSED),
            matched: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }

    /// `self`, unless the `NO_COLOR` convention asks for no colours.
    pub fn unless_no_color(self) -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::monochrome(),
            _ => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(t: Theme) -> [Style; 10] {
        [t.text, t.dim, t.accent, t.good, t.warn, t.bad, t.selected, t.title, t.bar, t.matched]
    }

    fn is_ansi_16(color: Color) -> bool {
        !matches!(color, Color::Rgb(..) | Color::Indexed(_))
    }

    #[test]
    fn every_theme_uses_the_terminals_own_16_colours() {
        for &name in ThemeName::ALL {
            for style in styles(Theme::named(name)) {
                let colors = style.fg.into_iter().chain(style.bg);
                assert!(colors.clone().all(is_ansi_16), "{name:?}: {style:?}");
            }
            assert_eq!(name.name().parse::<ThemeName>(), Ok(name));
        }
    }

    #[test]
    fn the_light_theme_has_no_yellow_or_grey_text() {
        let unreadable_on_white = [
            Color::Yellow,
            Color::LightYellow,
            Color::DarkGray,
            Color::Gray,
            Color::White,
            Color::LightCyan,
            Color::LightGreen,
        ];
        for style in styles(Theme::light()) {
            // A style with its own background (the bars) does not sit on the white.
            if style.bg.is_none() {
                assert!(!unreadable_on_white.iter().any(|c| style.fg == Some(*c)), "{style:?}");
            }
        }
    }

    #[test]
    fn the_high_contrast_theme_has_no_dim_text_and_a_bold_reversed_selection() {
        let theme = Theme::high_contrast();
        for style in styles(theme) {
            assert_ne!(style.fg, Some(Color::DarkGray), "{style:?}");
            assert!(!style.add_modifier.contains(Modifier::DIM), "{style:?}");
        }
        assert!(theme.selected.add_modifier.contains(Modifier::REVERSED | Modifier::BOLD));
        assert_eq!(theme.dim, theme.text);
    }
}
