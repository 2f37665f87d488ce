//! The command line's grammar: the clap definitions of every subcommand and its arguments.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

use crate::app::Screen;
use crate::demo::Size;
use crate::model::template::parse_date;
use crate::report::ReportFormat;
use crate::store::sync::Keep;

use super::ScoreArgs;

#[derive(Debug, Parser)]
#[command(
    name = "botdash",
    version,
    about = "A terminal dashboard for Build-Operate-Transfer engagements",
    after_help = "Exit status: 0 done; 1 when `score --check` fails, `doctor` finds a problem, \
                  `sync` refused a file, or something unexpected fails; 2 for bad input (an \
                  unknown slug, an invalid config with `config`) or a file botdash will not open."
)]
pub struct Cli {
    /// The database file [default: $XDG_DATA_HOME/botdash/botdash.db]
    #[arg(long, global = true, env = "BOTDASH_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// The config file [default: $XDG_CONFIG_HOME/botdash/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Start on this engagement (by slug)
    #[arg(long, value_name = "SLUG")]
    pub open: Option<String>,

    /// Start on this screen of the engagement
    #[arg(long, value_parser = start_screen(), requires = "open")]
    pub screen: Option<Screen>,

    #[command(subcommand)]
    pub command: Option<CliCommand>,
}

#[derive(Debug, Subcommand)]
pub enum CliCommand {
    /// Create an engagement from a template and print its slug
    New(NewArgs),
    /// List the engagements: slug, client, name, phase, score, level, docs %
    List {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Print the readiness score of an engagement
    Score(ScoreArgs),
    /// A status report for the client: Markdown, self-contained HTML, JSON, or PDF (to a file)
    Report {
        slug: String,
        #[arg(long, value_parser = one_of::<ReportFormat>(ReportFormat::NAMES), default_value = "md")]
        format: ReportFormat,
        /// Write to FILE (mode 0600) instead of stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Evaluate today's records on this day or a later one, YYYY-MM-DD (it decides which
        /// documents are stale by then) [default: today]
        #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// What changed since this day, YYYY-MM-DD [default: the day of the last report
        /// written to a file, else 14 days ago]
        #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
        since: Option<NaiveDate>,
    },
    /// The engagement's dates as an iCalendar file (phase ends and gates, the planned transfer,
    /// KT topics, hires, hand-overs and open tasks due) for Outlook, Google Calendar or
    /// Thunderbird; importing a newer one updates the events
    Calendar {
        slug: String,
        /// Write to FILE (mode 0600) instead of stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The engagement as an XLSX workbook: checklist (re-imported by `docs import`), risks,
    /// people, skills matrix and budget, coloured red, amber or green where a value has a status
    Workbook {
        slug: String,
        /// The file to write (mode 0600); one already there is replaced
        #[arg(short, long, value_name = "FILE.xlsx")]
        output: PathBuf,
    },
    /// Write every record of the engagements named (all when none is) to a JSON file
    Export {
        slugs: Vec<String>,
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Add the engagements of an export file, in one transaction
    Import {
        file: PathBuf,
        /// Replace engagements that are already in this database
        #[arg(long)]
        replace: bool,
    },
    /// Write a consistent copy of the whole database (safe while botdash runs)
    Backup {
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Check the database: path, schema version, size, integrity, journal, permissions
    Doctor,
    /// The documentation checklist: exchange it with the client, fill it from a template
    #[command(subcommand)]
    Docs(DocsCommand),
    /// The service desk's tickets: the operational evidence that hypercare's exit criteria
    /// and the score read
    #[command(subcommand)]
    Tickets(TicketsCommand),
    /// Exchange changes with colleagues' databases through a shared folder (a git repository,
    /// a network share, a USB stick): write this database's changes since its last sync, apply
    /// theirs; the same field changed on both sides is recorded as a conflict
    Sync {
        /// The shared folder
        #[arg(required_unless_present_any = ["conflicts", "resolve"])]
        dir: Option<PathBuf>,
        /// List the conflicts not resolved yet
        #[arg(long, conflicts_with = "resolve")]
        conflicts: bool,
        /// Resolve the conflict with this id (or its last characters, as listed), with --keep
        #[arg(long, value_name = "ID", requires = "keep")]
        resolve: Option<String>,
        /// Which side of the conflict to keep: yours (mine) or the other database's (theirs)
        #[arg(long, value_parser = one_of::<Keep>(Keep::NAMES))]
        keep: Option<Keep>,
    },
    /// Remove old undo history, keeping the newest edits of each engagement
    PruneHistory {
        /// How many edits per engagement to keep (gate overrides are always kept)
        /// [default: history.keep of the config, 1000 unless set]
        #[arg(long)]
        keep: Option<usize>,
    },
    /// Show where the config file is and whether it is valid (exit status 2 when it is not)
    Config {
        /// Print the complete default config file, with comments
        #[arg(long)]
        print_default: bool,
    },
    /// Open the TUI on a throwaway copy of a realistic sample
    Demo {
        /// Write the sample database to PATH and exit (an existing file is never replaced)
        #[arg(long, value_name = "PATH")]
        save: Option<PathBuf>,
        /// How much data: three engagements, or fifty with 10,000 tasks (for speed tests)
        #[arg(long, value_parser = one_of::<Size>(Size::NAMES), default_value = "small")]
        size: Size,
        /// With --size large: that many times fifty engagements (growth measurements)
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=16))]
        scale: u64,
    },
}

impl CliCommand {
    /// The file the command writes, if it writes one.
    pub fn output(&self) -> Option<&Path> {
        match self {
            CliCommand::Report { output, .. }
            | CliCommand::Calendar { output, .. }
            | CliCommand::Docs(DocsCommand::Export { output, .. }) => output.as_deref(),
            CliCommand::Workbook { output, .. }
            | CliCommand::Export { output, .. }
            | CliCommand::Backup { output } => Some(output),
            CliCommand::Demo { save, .. } => save.as_deref(),
            // Named one by one, so that a new command that writes a file is thought of here.
            CliCommand::New(_)
            | CliCommand::List { .. }
            | CliCommand::Score(_)
            | CliCommand::Import { .. }
            | CliCommand::Doctor
            | CliCommand::Docs(_)
            | CliCommand::Tickets(_)
            | CliCommand::Sync { .. }
            | CliCommand::PruneHistory { .. }
            | CliCommand::Config { .. } => None,
        }
    }
}

/// `--screen`: one of the engagement's screens, by its name in the config file.
fn start_screen() -> impl TypedValueParser<Value = Screen> {
    let names = Screen::TABS.iter().map(|screen| screen.key());
    PossibleValuesParser::new(names).try_map(|name| {
        let screen = Screen::TABS.iter().find(|screen| screen.key() == name).copied();
        screen.ok_or_else(|| format!("no screen '{name}'"))
    })
}

#[derive(Debug, Subcommand)]
pub enum DocsCommand {
    /// Write the checklist as CSV (RFC 4180, UTF-8, with a header row)
    Export {
        slug: String,
        /// CSV is the format (required, for clarity in scripts)
        #[arg(long, required = true)]
        csv: bool,
        /// Write to FILE (mode 0600) instead of stdout
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Update the checklist from CSV, or from the Checklist sheet of an XLSX workbook (as
    /// `botdash workbook` writes it): status, owner, reviewer, location and last reviewed of
    /// matching items (by id, else category and title); other rows become new items
    Import { slug: String, file: PathBuf },
    /// Add the items of a template's checklist that the checklist does not have
    ApplyTemplate {
        slug: String,
        /// A template name (built in: standard; yours in the config dir) or a TOML file: a
        /// checklist of [[doc]] entries or a whole engagement template (its checklist is used)
        #[arg(value_name = "NAME|PATH")]
        template: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TicketsCommand {
    /// Import the service desk's ticket export (CSV from Jira, ServiceNow or a spreadsheet,
    /// at most 16 MiB) with columns for id, opened and priority (a ticket without a type is
    /// an incident, unless its number starts CHG, REQ or RITM): tickets already imported are
    /// updated by their id, the others added; a file with any bad cell (a day after today or
    /// before 1990, an id listed twice) imports nothing
    Import {
        slug: String,
        file: PathBuf,
        /// Which header holds a field, where the common names do not find it:
        /// "field=Header,…" with the fields id, opened, resolved, priority, type,
        /// resolved by, sla met, plan
        #[arg(long, value_name = "FIELD=HEADER,…")]
        map: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The client organisation
    #[arg(long)]
    pub client: String,
    /// The engagement's name
    #[arg(long)]
    pub name: String,
    /// A short unique id (lower-case letters, digits, dashes) [default: from client and name]
    #[arg(long)]
    pub slug: Option<String>,
    /// First day of the engagement, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// Planned start of the Transfer phase, YYYY-MM-DD [default: from the template]
    #[arg(long, value_parser = parse_date)]
    pub transfer: Option<NaiveDate>,
    /// A template name (built in: standard; yours in the config dir) or a TOML file
    #[arg(long, default_value = "standard", value_name = "NAME|PATH")]
    pub template: String,
}

/// A parser of one of a core type's values by name, the names listed in `--help`.
pub(super) fn one_of<T>(names: &'static [&'static str]) -> impl TypedValueParser<Value = T>
where
    T: FromStr<Err = String> + Clone + Send + Sync + 'static,
{
    PossibleValuesParser::new(names.iter().copied()).try_map(|name| name.parse::<T>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_engagement_screen_is_a_start_screen_by_its_config_name_and_no_other_is() {
        let start = |name: &str| Cli::try_parse_from(["botdash", "--open", "x", "--screen", name]);
        for &screen in Screen::TABS {
            assert_eq!(start(screen.key()).unwrap().screen, Some(screen));
        }
        assert!(start("conflicts").is_err() && start("engagements").is_err());
    }
}
