//! The command line: clap definitions, the dispatch, and what the subcommands share; each
//! subcommand with more than a few lines has a file of its own.

mod demo;
mod docs;
mod engagements;
mod report;
mod score;
mod sync;
mod tickets;
mod workbook;

pub use score::ScoreArgs;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

use chrono::NaiveDate;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

use crate::app::Screen;
use crate::config::Config;
use crate::demo::Size;
use crate::files::{self, Existing, WriteError, write_private};
use crate::model::template::{TemplateError, parse_date};
use crate::model::text::{sanitize, sanitize_lines, to_json};
use crate::report::ReportFormat;
use crate::store::sync::Keep;
use crate::store::{OpenError, Store, StoreError};

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
    #[arg(long, value_enum, requires = "open")]
    pub screen: Option<StartScreen>,

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StartScreen {
    Overview,
    Board,
    Readiness,
    Docs,
    Health,
}

impl From<StartScreen> for Screen {
    fn from(screen: StartScreen) -> Screen {
        match screen {
            StartScreen::Overview => Screen::Overview,
            StartScreen::Board => Screen::Board,
            StartScreen::Readiness => Screen::Readiness,
            StartScreen::Docs => Screen::Docs,
            StartScreen::Health => Screen::Health,
        }
    }
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
    client: String,
    /// The engagement's name
    #[arg(long)]
    name: String,
    /// A short unique id (lower-case letters, digits, dashes) [default: from client and name]
    #[arg(long)]
    slug: Option<String>,
    /// First day of the engagement, YYYY-MM-DD [default: today]
    #[arg(long, value_parser = parse_date)]
    start: Option<NaiveDate>,
    /// Planned start of the Transfer phase, YYYY-MM-DD [default: from the template]
    #[arg(long, value_parser = parse_date)]
    transfer: Option<NaiveDate>,
    /// A template name (built in: standard; yours in the config dir) or a TOML file
    #[arg(long, default_value = "standard", value_name = "NAME|PATH")]
    template: String,
}

/// A parser of one of a core type's values by name, the names listed in `--help`.
fn one_of<T>(names: &'static [&'static str]) -> impl TypedValueParser<Value = T>
where
    T: FromStr<Err = String> + Clone + Send + Sync + 'static,
{
    PossibleValuesParser::new(names.iter().copied()).try_map(|name| name.parse::<T>())
}

/// A failure to report: one sentence for stderr, and the exit status.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    fn usage(message: String) -> Failure {
        Failure { message, code: 2 }
    }
}

impl From<OpenError> for Failure {
    fn from(e: OpenError) -> Failure {
        Failure::usage(e.to_string())
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        let code = if matches!(e, StoreError::Sqlite(_)) { 1 } else { 2 };
        let hint =
            if matches!(e, StoreError::NoSuchSlug(_)) { " (see `botdash list`)" } else { "" };
        Failure { message: format!("{e}{hint}"), code }
    }
}

impl From<WriteError> for Failure {
    fn from(e: WriteError) -> Failure {
        Failure::usage(e.to_string())
    }
}

impl From<TemplateError> for Failure {
    fn from(e: TemplateError) -> Failure {
        Failure::usage(format!("template error: {e}"))
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure { message: sanitize(&e.to_string()).into_owned(), code: 1 }
    }
}

impl From<color_eyre::Report> for Failure {
    fn from(e: color_eyre::Report) -> Failure {
        Failure { message: sanitize(&format!("{e:#}")).into_owned(), code: 1 }
    }
}

/// The default database, `$XDG_DATA_HOME/botdash/botdash.db`, in a data folder made on first use (a `--db` path's folder must exist).
pub fn default_db_path() -> Result<PathBuf, Failure> {
    let dirs = directories::BaseDirs::new()
        .ok_or_else(|| Failure::usage("cannot find the home directory; pass --db PATH".into()))?;
    let folder = dirs.data_dir().join("botdash");
    crate::files::create_private_folder(&folder).map_err(|e| {
        let shown = sanitize(&folder.display().to_string()).into_owned();
        Failure::usage(format!("cannot create the folder {shown}: {e}"))
    })?;
    Ok(folder.join("botdash.db"))
}

fn config_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.config_dir().join("botdash"))
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The configuration in force and, when the file was refused, why.
fn load_config(path: Option<&Path>) -> (Config, Option<String>) {
    match path.map(Path::to_path_buf).or_else(crate::config::default_path) {
        Some(path) => Config::load(&path),
        None => (Config::default(), None),
    }
}

pub fn run(cli: Cli) -> Result<ExitCode, Failure> {
    let db = || cli.db.clone().map_or_else(default_db_path, Ok);
    let (config, notice) = load_config(cli.config.as_deref());
    match cli.command {
        None => {
            let start = crate::tui::Start {
                engagement: cli.open.clone(),
                screen: cli.screen.map(Screen::from),
            };
            let store = Store::open_checking_later(&db()?)?;
            if let Some(slug) = &start.engagement {
                // Refused here, before the terminal is taken, as bad input.
                store.engagement_by_slug(slug)?;
            }
            crate::tui::run_dashboard(store, config, notice, start)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Config { print_default: true }) => print(&crate::config::default_file()),
        Some(CliCommand::Config { print_default: false }) => {
            let path = cli.config.clone().or_else(crate::config::default_path);
            let shown =
                path.map(|p| sanitize(&p.display().to_string()).into_owned()).unwrap_or_default();
            match notice {
                None => {
                    print(&format!("config file: {shown}\nvalid (or absent: the defaults apply)\n"))
                }
                Some(refusal) => Err(Failure::usage(format!("config file refused: {refusal}"))),
            }
        }
        Some(CliCommand::New(args)) => engagements::new(&db()?, args, &config),
        Some(CliCommand::Docs(command)) => docs::docs(open_for_edits(&db()?, &config)?, command),
        Some(CliCommand::Tickets(command)) => {
            tickets::tickets(open_for_edits(&db()?, &config)?, command)
        }
        Some(CliCommand::Report { slug, format, output, as_of, since }) => {
            let args = report::ReportArgs { slug, format, output, as_of, since };
            report::report(&db()?, args, &config)
        }
        Some(CliCommand::Calendar { slug, output }) => {
            let store = Store::open(&db()?)?;
            let data = store.load(store.engagement_by_slug(&slug)?)?;
            let ics = crate::calendar::calendar(&data, chrono::Utc::now());
            match output {
                Some(path) => write_or_print(Some(&path), &ics),
                // Built escaped, with the CRLF line ends the format requires: written as it is.
                None => write_stdout(ics.as_bytes()),
            }
        }
        Some(CliCommand::Workbook { slug, output }) => workbook::workbook(&db()?, &slug, &output),
        Some(CliCommand::Export { slugs, output, force }) => {
            let store = Store::open(&db()?)?;
            let mut progress = Progress::new("exporting");
            let export = store.export(&slugs, |done, total| progress.show(done, total))?;
            progress.finish();
            let json = to_json(&export).map_err(json_failure)? + "\n";
            let existing = if force { Existing::Replace } else { Existing::Refuse };
            write_private(&output, json.as_bytes(), existing).map_err(|e| match e {
                WriteError::Exists(_) => Failure::usage(format!("{e}; --force replaces it")),
                other => other.into(),
            })?;
            print(&format!("{}\n", sanitize(&output.display().to_string())))
        }
        Some(CliCommand::Import { file, replace }) => {
            let shown = sanitize(&file.display().to_string()).into_owned();
            let text = files::read_input_text(&file, MAX_EXPORT).map_err(Failure::usage)?;
            let export: crate::store::portable::Export =
                serde_json::from_str(&text).map_err(|e| {
                    Failure::usage(format!(
                        "{shown} is not a valid export ({e}); nothing was imported"
                    ))
                })?;
            let mut progress = Progress::new("importing");
            let slugs = Store::open(&db()?)?
                .import(&export, replace, |done, total| progress.show(done, total))
                .map_err(|e| Failure::usage(format!("{e}; nothing was imported")))?;
            progress.finish();
            print(&slugs.iter().map(|s| format!("imported {s}\n")).collect::<String>())
        }
        Some(CliCommand::Backup { output }) => {
            Store::open(&db()?)?.backup(&output)?;
            print(&format!("{}\n", sanitize(&output.display().to_string())))
        }
        Some(CliCommand::Doctor) => {
            let (lines, sound) = Store::open(&db()?)?.checkup()?;
            print(&(lines.join("\n") + "\n"))?;
            Ok(if sound { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Some(CliCommand::Sync { conflicts: true, .. }) => {
            print(&sync::conflict_list(&Store::open(&db()?)?)?)
        }
        Some(CliCommand::Sync { resolve: Some(id), keep: Some(side), .. }) => {
            let summary = |c: &_| crate::conflict_text::resolved(c, side);
            let done = open_for_edits(&db()?, &config)?.resolve(&id, side, summary)?;
            print(&format!("{done}; sync to send it on\n"))
        }
        Some(CliCommand::Sync { dir: Some(dir), .. }) => {
            sync::sync(open_for_edits(&db()?, &config)?, &dir)
        }
        Some(CliCommand::Sync { .. }) => Err(Failure::usage("name the shared folder".into())),
        Some(CliCommand::PruneHistory { keep }) => {
            // Pruning by a number the user did not choose would drop history for good.
            let keep = match (keep, &notice) {
                (Some(keep), _) => keep,
                (None, None) => config.history,
                (None, Some(_)) => {
                    return Err(Failure::usage(
                        "the config file has a mistake (botdash config shows it): fix it or pass \
                         --keep N; nothing was removed"
                            .into(),
                    ));
                }
            };
            let removed = Store::open(&db()?)?.prune_history(keep)?;
            print(&format!("removed {removed} old edits from the undo history\n"))
        }
        Some(CliCommand::List { json }) => engagements::list(&db()?, json),
        Some(CliCommand::Score(args)) => score::score(&db()?, args),
        Some(CliCommand::Demo { save: Some(path), size, scale }) => {
            demo::save_demo(&path, size, scale)?;
            println!("{}", sanitize(&path.display().to_string()));
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Demo { save: None, size, scale }) => {
            demo::demo(config, notice, size, scale)
        }
    }
}

/// The most an export given to `import` may hold: as much as a sync may carry (an export of
/// the large sample, 50 engagements and 10,000 tasks, is about 12 MB).
const MAX_EXPORT: u64 = 256 << 20;

/// The database, with as much undo history kept as the config says (as in the TUI).
fn open_for_edits(db: &Path, config: &Config) -> Result<Store, Failure> {
    let mut store = Store::open(db)?;
    store.set_history_limit(config.history);
    Ok(store)
}

/// Writes `text` to stdout, every line of it safe for the terminal: a last defence for
/// text from outside that a command forgot to clean.
fn print(text: &str) -> Result<ExitCode, Failure> {
    write_stdout(sanitize_lines(text).as_bytes())
}

fn write_stdout(bytes: &[u8]) -> Result<ExitCode, Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        // A closed pipe (`botdash list | head`) is not an error worth a message.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn write_or_print(output: Option<&Path>, text: &str) -> Result<ExitCode, Failure> {
    match output {
        Some(path) => write_file(path, text.as_bytes()),
        None => print(text),
    }
}

/// Writes a private file, replacing one already there, and prints its path.
fn write_file(path: &Path, bytes: &[u8]) -> Result<ExitCode, Failure> {
    write_private(path, bytes, Existing::Replace)?;
    print(&format!("{}\n", sanitize(&path.display().to_string())))
}

/// Progress of long work on stderr: only on a terminal, and only after the first second.
struct Progress {
    what: &'static str,
    started: std::time::Instant,
    shown: bool,
}

impl Progress {
    fn new(what: &'static str) -> Progress {
        Progress { what, started: std::time::Instant::now(), shown: false }
    }

    fn show(&mut self, done: usize, total: usize) {
        use std::io::IsTerminal;
        if self.started.elapsed().as_secs() >= 1 && std::io::stderr().is_terminal() {
            eprint!("\r{} {done} of {total}…", self.what);
            self.shown = true;
        }
    }

    fn finish(&self) {
        if self.shown {
            eprintln!();
        }
    }
}

fn json_failure(e: serde_json::Error) -> Failure {
    Failure { message: format!("cannot write JSON: {e}"), code: 1 }
}
