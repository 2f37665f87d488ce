//! The config file: key bindings, the theme and its colours, the mouse, defaults for new
//! engagements, and who writes the reports by which rules. A file with
//! any mistake is reported (with its line) and ignored as a whole: the program starts with
//! the defaults rather than with a half-applied configuration.

mod default_file;
mod file;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ratatui::style::Color;
use toml::Spanned;

use crate::app::Action;
use crate::app::keymap::{Keymap, Scope, parse_sequence, sequence_label};
use crate::app::targets::NewDefaults;
use crate::model::text::sanitize;
use crate::report::Settings;
use crate::store::undo::DEFAULT_HISTORY;
use crate::ui::Theme;
use crate::ui::theme::ThemeName;
pub use default_file::default_file;
use file::{File, OneOrMany};

/// Everything the config file can set.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub keymap: Keymap,
    /// The chosen theme with the file's colours on top; `NO_COLOR` is applied at start-up.
    pub theme: Theme,
    /// Whether clicks and the wheel are read (off by default: the terminal's own selection
    /// of text works only without it).
    pub mouse: bool,
    pub defaults: NewDefaults,
    /// Edits per engagement kept for undo.
    pub history: usize,
    /// The reports' consultancy, author and status thresholds.
    pub report: Settings,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            keymap: Keymap::default(),
            theme: Theme::dark(),
            mouse: false,
            defaults: NewDefaults::default(),
            history: DEFAULT_HISTORY,
            report: Settings::default(),
        }
    }
}

/// `$XDG_CONFIG_HOME/botdash/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.config_dir().join("botdash").join("config.toml"))
}

/// A mistake in the config file, with its line.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

/// The most a config file may hold (the printed default file is under 4 KB).
const MAX_CONFIG: u64 = 1 << 20;

impl Config {
    /// Reads `path`; a missing file means the defaults. Returns the configuration in force
    /// and, when the file was refused, the sentence that says why.
    pub fn load(path: &Path) -> (Config, Option<String>) {
        if matches!(path.try_exists(), Ok(false)) {
            return (Config::default(), None);
        }
        let source = match crate::files::read_input_text(path, MAX_CONFIG) {
            Ok(source) => source,
            Err(why) => return (Config::default(), Some(format!("{why}; using the defaults"))),
        };
        match Config::parse(&source) {
            Ok(config) => (config, None),
            Err(problems) => {
                let first = &problems[0];
                let more = match problems.len() {
                    1 => String::new(),
                    n => format!(" (and {} more)", n - 1),
                };
                let message = format!(
                    "{} line {}: {}{more}; using the defaults",
                    path.display(),
                    first.line,
                    first.message
                );
                (Config::default(), Some(sanitize(&message).into_owned()))
            }
        }
    }

    /// Parses a config file's text; every problem is listed with its line.
    pub fn parse(source: &str) -> Result<Config, Vec<Problem>> {
        let line = |offset: usize| source[..offset.min(source.len())].matches('\n').count() + 1;
        let file: File = toml::from_str(source).map_err(|e| {
            vec![Problem {
                line: line(e.span().map_or(0, |s| s.start)),
                message: e.message().trim().to_string(),
            }]
        })?;
        let mut problems = Vec::new();
        let mut config = Config::default();
        let mut problem =
            |offset: usize, message: String| problems.push(Problem { line: line(offset), message });

        for section in file.keys.keys() {
            if !Scope::all().any(|scope| scope.name() == section.get_ref()) {
                let names: Vec<&str> = Scope::all().map(Scope::name).collect();
                let message =
                    format!("unknown section [keys.{}] ({})", section.get_ref(), names.join(", "));
                problem(section.span().start, message);
            }
        }
        let scopes = Scope::all().filter_map(|scope| Some((scope, file.keys.get(scope.name())?)));
        // Where each user binding was written, to name the line of a conflict.
        let mut written: Vec<(Scope, Action, usize)> = Vec::new();
        for (scope, table) in scopes {
            for (name, keys) in table {
                let action = match name.get_ref().parse::<Action>() {
                    Ok(action) => action,
                    Err(e) => {
                        problem(name.span().start, e);
                        continue;
                    }
                };
                let texts = match keys.get_ref() {
                    OneOrMany::One(text) => vec![text.clone()],
                    OneOrMany::Many(texts) => texts.clone(),
                };
                match texts.iter().map(|t| parse_sequence(t)).collect::<Result<Vec<_>, _>>() {
                    Ok(sequences) => {
                        config.keymap.rebind(scope, action, sequences);
                        written.push((scope, action, keys.span().start));
                    }
                    Err(e) => problem(keys.span().start, e),
                }
            }
        }
        for (scope, keys, a, b) in config.keymap.conflicts() {
            let at = written
                .iter()
                .find(|(s, action, _)| *s == scope && (*action == a || *action == b))
                .map_or(0, |(_, _, at)| *at);
            problem(
                at,
                format!(
                    "{} is bound to both {} and {} in [keys.{}]",
                    sequence_label(&keys),
                    a.name(),
                    b.name(),
                    scope.name()
                ),
            );
        }

        config.theme = read_theme(&file.theme, &mut problem);
        config.mouse = file.ui.mouse.unwrap_or(config.mouse);
        if let Some(threshold) = &file.readiness.threshold {
            if *threshold.get_ref() > 100 {
                problem(threshold.span().start, "the threshold must be 0 to 100".into());
            }
            config.defaults.threshold = *threshold.get_ref();
        }
        if let Some(weights) = &file.readiness.weights {
            match weights.get_ref().validate() {
                Ok(()) => config.defaults.weights = Some(*weights.get_ref()),
                Err(e) => problem(weights.span().start, e),
            }
        }
        if let Some(keep) = &file.history.keep {
            if *keep.get_ref() == 0 {
                problem(keep.span().start, "history.keep must be at least 1".into());
            }
            config.history = *keep.get_ref();
        }
        let named = |text: &Option<String>| {
            text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(String::from)
        };
        config.report.consultancy = named(&file.report.consultancy);
        config.report.author = named(&file.report.author);
        if let Some(thresholds) = &file.report.thresholds {
            match thresholds.get_ref().validate() {
                Ok(()) => config.report.thresholds = *thresholds.get_ref(),
                Err(e) => problem(thresholds.span().start, e),
            }
        }
        if problems.is_empty() { Ok(config) } else { Err(problems) }
    }
}

/// The `[theme]` table: the theme it names (else the dark one) with the colours it sets on top.
fn read_theme(
    table: &BTreeMap<Spanned<String>, Spanned<String>>,
    problem: &mut impl FnMut(usize, String),
) -> Theme {
    let mut theme = Theme::dark();
    if let Some(value) = table.iter().find(|(key, _)| key.get_ref() == "name").map(|(_, v)| v) {
        match value.get_ref().parse::<ThemeName>() {
            Ok(name) => theme = Theme::named(name),
            Err(e) => problem(value.span().start, e),
        }
    }
    for (key, value) in table.iter().filter(|(key, _)| key.get_ref() != "name") {
        let slot = match key.get_ref().as_str() {
            "accent" => &mut theme.accent,
            "good" => &mut theme.good,
            "warn" => &mut theme.warn,
            "bad" => &mut theme.bad,
            "dim" => &mut theme.dim,
            other => {
                problem(
                    key.span().start,
                    format!("unknown theme setting '{other}' (name, accent, good, warn, bad, dim)"),
                );
                continue;
            }
        };
        match Color::from_str(value.get_ref()) {
            Ok(color) => *slot = slot.fg(color),
            Err(_) => problem(value.span().start, format!("'{}' is not a colour", value.get_ref())),
        }
    }
    theme
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Screen;
    use crate::app::keymap::{Key, KeyLookup};
    use crate::model::score::Weights;

    #[test]
    fn the_printed_default_file_reads_back_as_the_defaults() {
        let config = Config::parse(&default_file()).expect("the default file is valid");
        let bindings = |keymap: &Keymap| {
            let mut all: Vec<String> = keymap
                .bindings()
                .iter()
                .map(|b| format!("{:?} {:?} {:?}", b.scope, b.action, b.keys))
                .collect();
            all.sort();
            all
        };
        assert_eq!(bindings(&config.keymap), bindings(&Keymap::default()));
        assert_eq!(
            config.defaults,
            NewDefaults { threshold: 80, weights: Some(Weights::default()) }
        );
        assert_eq!(config.theme, Theme::dark());
        assert!(!config.mouse);
        assert_eq!(config.report, Settings::default());
    }

    #[test]
    fn the_report_section_names_the_author_and_moves_the_thresholds() {
        let config = Config::parse(
            "[report]\nconsultancy = \"Nordlicht Beratung\"\nauthor = \"Ada Weber\"\n\
             [report.thresholds]\noverdue_red = 3\n",
        )
        .unwrap();
        assert_eq!(config.report.consultancy.as_deref(), Some("Nordlicht Beratung"));
        assert_eq!(config.report.author.as_deref(), Some("Ada Weber"));
        let t = config.report.thresholds;
        assert_eq!((t.overdue_amber, t.overdue_red), (1, 3));

        let problems =
            Config::parse("[report.thresholds]\nrisk_amber = 16\nrisk_red = 15\n").unwrap_err();
        assert!(problems[0].message.contains("risk_amber"), "{problems:?}");
        let problems = Config::parse("[report]\n\n[report.thresholds]\nfoo = 1\n").unwrap_err();
        assert_eq!(problems[0].line, 4, "{problems:?}");
    }

    #[test]
    fn a_theme_is_chosen_by_name_and_the_files_colours_go_on_top() {
        let config = Config::parse("[theme]\nwarn = \"red\"\nname = \"light\"\n").unwrap();
        let light = Theme::light();
        assert_eq!(config.theme, Theme { warn: light.warn.fg(Color::Red), ..light });
        let config = Config::parse("[theme]\nname = \"high-contrast\"\n").unwrap();
        assert_eq!(config.theme, Theme::high_contrast());
        assert_eq!(Config::parse("").unwrap().theme, Theme::dark());

        let problems = Config::parse("[theme]\nname = \"solarized\"\n").unwrap_err();
        assert_eq!(problems[0].line, 2);
        assert!(problems[0].message.contains("dark, light, high-contrast"), "{problems:?}");
    }

    #[test]
    fn the_mouse_is_off_unless_the_file_turns_it_on() {
        assert!(!Config::default().mouse);
        assert!(!Config::parse("[ui]\n").unwrap().mouse);
        assert!(Config::parse("[ui]\nmouse = true\n").unwrap().mouse);
        let problems = Config::parse("\n[ui]\nmouse = \"yes\"\n").unwrap_err();
        assert_eq!(problems[0].line, 3);
    }

    #[test]
    fn bindings_can_be_changed_per_screen_and_as_sequences() {
        let config =
            Config::parse("[keys.global]\nquit = \"Z Z\"\n[keys.board]\nnext-phase = \"Ctrl-n\"\n")
                .unwrap();
        let z = Key::plain('Z');
        let on = |screen| [Scope::Screen(screen)];
        assert_eq!(
            config.keymap.resolve(&on(Screen::Docs), &[z, z]),
            KeyLookup::Action(Action::Quit)
        );
        assert_eq!(
            config.keymap.resolve(&on(Screen::Board), &[Key::ctrl('n')]),
            KeyLookup::Action(Action::NextPhase)
        );
        assert_eq!(
            config.keymap.resolve(&on(Screen::Board), &[Key::plain(']')]),
            KeyLookup::Unbound
        );
    }

    #[test]
    fn mistakes_are_reported_with_their_line() {
        let problems = Config::parse("[keys.global]\nundo = \"u\"\nquit = \"u\"\n").unwrap_err();
        assert_eq!(problems[0].line, 3, "{problems:?}");
        assert!(problems[0].message.contains("u is bound to both"), "{problems:?}");

        let problems = Config::parse("\n[keys.global]\nfly = \"f\"\n").unwrap_err();
        assert_eq!((problems[0].line, problems[0].message.as_str()), (3, "unknown action 'fly'"));

        let problems = Config::parse("[keys.global]\nquit = \"Hyper-q\"\n").unwrap_err();
        assert_eq!(problems[0].line, 2);

        let problems = Config::parse("[readiness]\nweights = { staffing = 0.5, skills = 0.5, kt = 0.5, responsibilities = 0, docs = 0 }\n").unwrap_err();
        assert!(problems[0].message.contains("sum to 1"), "{problems:?}");

        let problems = Config::parse("[theme]\naccent = \"plaid\"\n").unwrap_err();
        assert_eq!(problems[0].line, 2);

        let problems = Config::parse("[nope]\n").unwrap_err();
        assert_eq!(problems[0].line, 1);

        let problems = Config::parse("[keys.global]\nquit = \"Q\"\n\n[keys.bord]\n").unwrap_err();
        assert_eq!(problems[0].line, 4);
        assert!(
            problems[0]
                .message
                .starts_with("unknown section [keys.bord] (global, engagements, overview, board,"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_refused_file_falls_back_to_the_defaults_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[keys.global]\nquit = 5\n").unwrap();
        let (config, message) = Config::load(&path);
        assert_eq!(config.keymap, Keymap::default());
        assert!(message.unwrap().contains("config.toml line 2"));
        let (_, message) = Config::load(&dir.path().join("missing.toml"));
        assert_eq!(message, None);
    }
}
