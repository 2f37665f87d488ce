//! Colours and emphasis. With `NO_COLOR` set, only emphasis remains; every state is also
//! written in text or symbols, so nothing depends on colour alone.

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

impl Theme {
    pub fn colored() -> Theme {
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

    /// Colours unless the `NO_COLOR` convention asks for none.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::monochrome(),
            _ => Theme::colored(),
        }
    }
}
