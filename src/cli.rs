//! The command line: clap definitions and the non-interactive subcommands.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

use chrono::NaiveDate;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::app::Screen;
use crate::config::Config;
use crate::demo::Size;
use crate::files::{Existing, WriteError, write_private};
use crate::model::forecast::{Forecast, NEXT_ACTIONS, NextAction, forecast, next_actions};
use crate::model::gate::Unmet;
use crate::model::score::{Level, Readiness, readiness};
use crate::model::template::{
    NewEngagement, STANDARD, Template, TemplateError, parse_date, slugify,
};
use crate::model::text::{sanitize, sanitize_lines, to_json};
use crate::model::{
    Engagement, EngagementData, Snapshot, one_decimal, percent, percent_text, warnings,
};
use crate::report::ReportFormat;
use crate::store::sync::Side;
use crate::store::{OpenError, Store, StoreError};

#[derive(Debug, Parser)]
#[command(
    name = "botdash",
    version,
    about = "A terminal dashboard for Build-Operate-Transfer engagements"
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
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
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
    /// A status report for the client: Markdown, self-contained HTML, or JSON
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
        #[arg(long, value_parser = one_of::<Side>(Side::NAMES))]
        keep: Option<Side>,
    },
    /// Remove old undo history, keeping the newest edits of each engagement
    PruneHistory {
        /// How many edits per engagement to keep (gate overrides are always kept)
        /// [default: history.keep of the config, 1000 unless set]
        #[arg(long)]
        keep: Option<usize>,
    },
    /// Show the configuration
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
}

impl From<StartScreen> for Screen {
    fn from(screen: StartScreen) -> Screen {
        match screen {
            StartScreen::Overview => Screen::Overview,
            StartScreen::Board => Screen::Board,
            StartScreen::Readiness => Screen::Readiness,
            StartScreen::Docs => Screen::Docs,
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
    /// Update the checklist from CSV: status, owner, reviewer, location and last reviewed
    /// of matching items (by id, else category and title); other rows become new items
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

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The engagement's slug
    slug: String,
    /// Print JSON
    #[arg(long)]
    json: bool,
    /// Exit with status 1 unless the engagement is transfer-ready (level L3, which includes
    /// the threshold); `--check score` checks the threshold alone
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "transfer", value_name = "WHAT")]
    check: Option<Check>,
    /// Also print the items that cost the most points and the next best actions
    #[arg(long)]
    explain: bool,
    /// Evaluate on this day, YYYY-MM-DD: a later day reads today's records (it decides which
    /// documents are stale by then); an earlier day shows the readiness recorded that day
    /// [default: today]
    #[arg(long, value_parser = parse_date, value_name = "YYYY-MM-DD")]
    as_of: Option<NaiveDate>,
}

/// What `score --check` checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Check {
    /// Level L3, transfer-ready (the default)
    Transfer,
    /// The score at or above the threshold
    Score,
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
        Failure { message: e.to_string(), code }
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

/// The default database: `$XDG_DATA_HOME/botdash/botdash.db`.
/// The default database, in a data folder made on first use (a `--db` path's folder must exist).
pub fn default_db_path() -> Result<PathBuf, Failure> {
    let dirs = directories::BaseDirs::new()
        .ok_or_else(|| Failure::usage("cannot find the home directory; pass --db PATH".into()))?;
    let folder = dirs.data_dir().join("botdash");
    crate::store::create_folder(&folder).map_err(|e| {
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
            crate::tui::run(Store::open_checking_later(&db()?)?, config, notice, start)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Config { print_default: true }) => print(&crate::config::default_file()),
        Some(Command::Config { print_default: false }) => {
            let path = cli.config.clone().or_else(crate::config::default_path);
            let shown =
                path.map(|p| sanitize(&p.display().to_string()).into_owned()).unwrap_or_default();
            let verdict = notice.unwrap_or_else(|| "valid (or absent: the defaults apply)".into());
            print(&format!(
                "config file: {shown}
{verdict}
"
            ))
        }
        Some(Command::New(args)) => new(&db()?, args, &config),
        Some(Command::Docs(command)) => docs(open_for_edits(&db()?, &config)?, command),
        Some(Command::Report { slug, format, output, as_of }) => {
            let store = Store::open(&db()?)?;
            let today = today();
            let as_of = as_of.unwrap_or(today);
            if as_of < today {
                return Err(Failure::usage(format!(
                    "a report shows today's records, evaluated on today or a later day, and \
                     botdash does not keep the records of {as_of}; `botdash score {} --as-of \
                     {as_of}` shows the readiness recorded that day",
                    sanitize(&slug)
                )));
            }
            let text = crate::report::render(&store, &slug, format, as_of, today)?;
            write_or_print(output.as_deref(), &text)
        }
        Some(Command::Export { slugs, output, force }) => {
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
        Some(Command::Import { file, replace }) => {
            let shown = sanitize(&file.display().to_string()).into_owned();
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::usage(format!("cannot read {shown}: {e}")))?;
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
        Some(Command::Backup { output }) => {
            Store::open(&db()?)?.backup(&output)?;
            print(&format!("{}\n", sanitize(&output.display().to_string())))
        }
        Some(Command::Doctor) => {
            let (lines, healthy) = Store::open(&db()?)?.doctor()?;
            print(&(lines.join("\n") + "\n"))?;
            Ok(if healthy { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Some(Command::Sync { conflicts: true, .. }) => {
            print(&conflict_list(&Store::open(&db()?)?)?)
        }
        Some(Command::Sync { resolve: Some(id), keep: Some(side), .. }) => {
            let done = open_for_edits(&db()?, &config)?.resolve(&id, side)?;
            print(&format!("{done}; sync to send it on\n"))
        }
        Some(Command::Sync { dir: Some(dir), .. }) => sync(open_for_edits(&db()?, &config)?, &dir),
        Some(Command::Sync { .. }) => Err(Failure::usage("name the shared folder".into())),
        Some(Command::PruneHistory { keep }) => {
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
        Some(Command::List { json }) => list(&db()?, json),
        Some(Command::Score(args)) => score(&db()?, args),
        Some(Command::Demo { save: Some(path), size, scale }) => {
            save_demo(&path, size, scale)?;
            println!("{}", sanitize(&path.display().to_string()));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Demo { save: None, size, scale }) => demo(config, notice, size, scale),
    }
}

/// The database, with as much undo history kept as the config says (as in the TUI).
fn open_for_edits(db: &Path, config: &Config) -> Result<Store, Failure> {
    let mut store = Store::open(db)?;
    store.set_history_limit(config.history);
    Ok(store)
}

/// `botdash sync DIR`: what was written, applied and refused, and the conflicts to resolve.
fn sync(mut store: Store, dir: &Path) -> Result<ExitCode, Failure> {
    let report = store.sync(dir)?;
    let mut out = String::new();
    match &report.written {
        Some((path, changes)) => {
            let shown = sanitize(&path.display().to_string()).into_owned();
            out += &format!("wrote {shown} ({})\n", count(*changes, "change"));
        }
        None => out += "nothing changed here since the last sync\n",
    }
    for (file, changes) in &report.applied {
        out += &format!("applied {} ({})\n", sanitize(file), count(*changes, "change"));
    }
    let open = store.conflicts()?.len();
    if open > 0 {
        out += &format!(
            "{} to resolve ({} new): botdash sync --conflicts\n",
            count(open, "conflict"),
            report.new_conflicts
        );
    }
    print(&out)?;
    if report.refused.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    for (file, why) in &report.refused {
        eprintln!(
            "botdash: refused {}: {}; nothing of it was applied",
            sanitize(file),
            sanitize(why)
        );
    }
    Ok(ExitCode::from(1))
}

/// "1 change", "2 changes".
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// The open conflicts, one per line: id, record and field, this side's value and theirs.
fn conflict_list(store: &Store) -> Result<String, Failure> {
    let conflicts = store.conflicts()?;
    if conflicts.is_empty() {
        return Ok("no conflicts\n".into());
    }
    let mut out = String::new();
    for c in &conflicts {
        out += &format!(
            "{}  {}: {} · here {} · there {}\n",
            crate::store::sync::tail(&c.id),
            crate::store::sync::describe(c),
            crate::store::sync::verdict(c),
            crate::store::sync::here_text(c),
            crate::store::sync::side_text(&c.theirs)
        );
    }
    out += "resolve with: botdash sync --resolve ID --keep mine|theirs\n";
    Ok(out)
}

/// Writes `text` to stdout, every line of it safe for the terminal: a last defence for
/// text from outside that a command forgot to clean.
fn print(text: &str) -> Result<ExitCode, Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(sanitize_lines(text).as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`botdash list | head`) is not an error worth a message.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// A file under the user's own templates folder, or a path.
fn template_path(spec: &str) -> PathBuf {
    if spec.contains('/') || spec.ends_with(".toml") {
        return PathBuf::from(spec);
    }
    config_dir()
        .map_or_else(|| PathBuf::from(spec), |d| d.join("templates").join(format!("{spec}.toml")))
}

fn docs(mut store: Store, command: DocsCommand) -> Result<ExitCode, Failure> {
    use crate::model::checklist;
    let slug = match &command {
        DocsCommand::Export { slug, .. }
        | DocsCommand::Import { slug, .. }
        | DocsCommand::ApplyTemplate { slug, .. } => slug,
    };
    let data = store.load(store.engagement_by_slug(slug)?)?;
    let engagement = data.engagement.id.clone();
    match command {
        DocsCommand::Export { output: None, .. } => print(&checklist::to_csv(&data.docs)),
        DocsCommand::Export { output: Some(path), .. } => {
            write_private(&path, checklist::to_csv(&data.docs).as_bytes(), Existing::Replace)?;
            print(&format!("{}\n", sanitize(&path.display().to_string())))
        }
        DocsCommand::Import { file, .. } => {
            let shown = sanitize(&file.display().to_string()).into_owned();
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::usage(format!("cannot read {shown}: {e}")))?;
            let report = store
                .import_checklist(&data.engagement, &text, &shown, today())
                .map_err(|e| Failure::usage(format!("{shown}: {e}; nothing was changed")))?;
            if report.is_empty() {
                return print("nothing to change: the checklist already matches the file\n");
            }
            print(&(report.join("\n") + "\n"))
        }
        DocsCommand::ApplyTemplate { template, .. } => {
            let (source, shown) = template_source(&template)?;
            let items = checklist::parse_template(&source, &shown)?;
            let missing = checklist::missing_from(&data.docs, &items);
            if missing.is_empty() {
                return print("nothing to add: the checklist has every item of the template\n");
            }
            let summary = format!("added {} items from the template {shown}", missing.len());
            let plan = crate::app::docs::add_docs_plan(&engagement, &missing, summary);
            store.apply(Some(&engagement), &plan.summary, &plan.ops)?;
            let lines: Vec<String> = missing
                .iter()
                .map(|d| format!("added '{}' to {}", sanitize(&d.title), sanitize(&d.category)))
                .collect();
            print(&(lines.join("\n") + "\n"))
        }
    }
}

fn write_or_print(output: Option<&Path>, text: &str) -> Result<ExitCode, Failure> {
    match output {
        Some(path) => {
            write_private(path, text.as_bytes(), Existing::Replace)?;
            print(&format!("{}\n", sanitize(&path.display().to_string())))
        }
        None => print(text),
    }
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

/// A template's text and the name its errors give it: the built-in one or the user's own
/// (`NAME.toml` in the config dir) by name, or any file by path.
fn template_source(spec: &str) -> Result<(String, String), Failure> {
    if spec == "standard" {
        return Ok((STANDARD.to_string(), "standard.toml".into()));
    }
    let path = template_path(spec);
    if !path.exists() && !spec.contains('/') && !spec.ends_with(".toml") {
        return Err(Failure::usage(format!(
            "no template named '{}' (built in: standard; your own go in {})",
            sanitize(spec),
            path.parent()
                .map(|d| sanitize(&d.display().to_string()).into_owned())
                .unwrap_or_default()
        )));
    }
    let shown = sanitize(&path.display().to_string()).into_owned();
    let source = std::fs::read_to_string(&path)
        .map_err(|e| Failure::usage(format!("cannot read the template {shown}: {e}")))?;
    Ok((source, shown))
}

fn new(db: &Path, args: NewArgs, config: &Config) -> Result<ExitCode, Failure> {
    let (source, shown) = template_source(&args.template)?;
    let template = Template::parse(&source, &shown)?;
    let slug = args.slug.unwrap_or_else(|| slugify(&format!("{} {}", args.client, args.name)));
    let new = NewEngagement {
        client: args.client.trim().to_string(),
        name: args.name.trim().to_string(),
        slug,
        start: args.start.unwrap_or_else(today),
        transfer: args.transfer,
        threshold: config.defaults.threshold,
        weights: config.defaults.weights,
    };
    crate::store::check_new(&new)?;
    let mut store = open_for_edits(db, config)?;
    let now = crate::model::timestamp_now();
    let data = store.create_engagement(&new, &template, &now)?;
    print(&format!("{}\n", data.engagement.slug))
}

/// One engagement as `list` shows it.
#[derive(Serialize)]
struct Listed {
    slug: String,
    client: String,
    name: String,
    phase: &'static str,
    score: f64,
    level: &'static str,
    docs_percent: u32,
    archived: bool,
}

fn list(db: &Path, json: bool) -> Result<ExitCode, Failure> {
    let store = Store::open(db)?;
    let today = today();
    let mut rows = Vec::new();
    for engagement in store.engagements()? {
        let data = store.load(engagement)?;
        let r = readiness(&data, today);
        let (approved, applicable) = data.docs_progress();
        let e = data.engagement;
        rows.push(Listed {
            phase: e.current_phase.as_str(),
            score: r.score,
            level: r.level.as_str(),
            docs_percent: percent(approved, applicable),
            archived: e.archived,
            slug: e.slug,
            client: e.client,
            name: e.name,
        });
    }
    if json {
        return print(&(to_json(&rows).map_err(json_failure)? + "\n"));
    }
    let mut out = format!(
        "{:<24} {:<24} {:<28} {:<9} {:>5} {:<5} {:>5}\n",
        "SLUG", "CLIENT", "NAME", "PHASE", "SCORE", "LEVEL", "DOCS"
    );
    for r in &rows {
        out += &format!(
            "{:<24} {:<24} {:<28} {:<9} {:>5.1} {:<5} {:>4}%\n",
            r.slug,
            crate::ui::widgets::pad(&r.client, 24),
            crate::ui::widgets::pad(&r.name, 28),
            r.phase,
            r.score,
            r.level,
            r.docs_percent
        );
    }
    print(&out)
}

fn json_failure(e: serde_json::Error) -> Failure {
    Failure { message: format!("cannot write JSON: {e}"), code: 1 }
}

#[derive(Serialize)]
struct ScoreJson<'a> {
    engagement: &'a str,
    as_of: NaiveDate,
    /// The day of the records evaluated: today (`as_of` may be later).
    records_of: NaiveDate,
    score: f64,
    level: &'static str,
    threshold: u8,
    threshold_met: bool,
    transfer_ready: bool,
    dimensions: Vec<DimensionJson>,
    /// The findings of empty dimensions, e.g. "no roles planned".
    findings: Vec<&'a str>,
    /// Every item that costs points, the costliest first.
    losses: Vec<LossJson>,
    missing_for_next: &'a [String],
    unmet_gate_criteria: Vec<Unmet>,
    next_actions: Vec<ActionJson>,
    forecast: &'a Forecast,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct ActionJson {
    step: String,
    dimension: &'static str,
    points: f64,
}

#[derive(Serialize)]
struct LossJson {
    dimension: &'static str,
    item: String,
    points: f64,
}

#[derive(Serialize)]
struct DimensionJson {
    name: &'static str,
    value: f64,
    weight: f64,
    points: f64,
    finding: Option<String>,
}

/// The readiness recorded on a past day, as `score --as-of` shows it.
#[derive(Serialize)]
struct RecordedJson<'a> {
    engagement: &'a str,
    as_of: NaiveDate,
    recorded: &'a Snapshot,
}

fn score(db: &Path, args: ScoreArgs) -> Result<ExitCode, Failure> {
    let store = Store::open(db)?;
    let data = store.load(store.engagement_by_slug(&args.slug)?)?;
    let today = today();
    let day = args.as_of.unwrap_or(today);
    if day < today {
        return recorded_score(&data, day, &args);
    }
    let r = readiness(&data, day);
    let actions = next_actions(&data, day, NEXT_ACTIONS);
    let forecast = forecast(&data, day);
    let text = if args.json {
        score_json(&data, (day, today), &r, &actions, &forecast)?
    } else {
        let mut text = score_text(&data, day, &r, &forecast);
        if day > today {
            text += &format!("\nEvaluated on {day} from today's records ({today}).\n");
        }
        if args.explain {
            text += &explain_text(&r, &actions);
        }
        text
    };
    print(&text)?;
    Ok(check_status(args.check, r.meets_threshold(), r.level))
}

/// Exit status 1 when the check asked for fails.
fn check_status(check: Option<Check>, threshold_met: bool, level: Level) -> ExitCode {
    let passed = match check {
        None => true,
        Some(Check::Transfer) => level == Level::L3,
        Some(Check::Score) => threshold_met,
    };
    if passed { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// `score --as-of` a past day: the readiness recorded that day, since botdash keeps the
/// daily score of past days but not their records.
fn recorded_score(
    data: &EngagementData,
    day: NaiveDate,
    args: &ScoreArgs,
) -> Result<ExitCode, Failure> {
    let Some(recorded) = data.snapshots.iter().find(|s| s.day == day) else {
        let recorded_days = match (data.snapshots.first(), data.snapshots.last()) {
            (Some(first), Some(last)) => {
                format!("recorded days run from {} to {}", first.day, last.day)
            }
            _ => "none is recorded yet".to_string(),
        };
        return Err(Failure::usage(format!(
            "no readiness was recorded for '{}' on {day}: botdash keeps one snapshot a day \
             the engagement is opened, not the records of past days ({recorded_days})",
            data.engagement.slug
        )));
    };
    // Snapshots written before scores were rounded once hold the raw figure.
    let recorded = &Snapshot { score: one_decimal(recorded.score), ..recorded.clone() };
    let text = if args.json {
        let json = RecordedJson { engagement: &data.engagement.slug, as_of: day, recorded };
        to_json(&json).map_err(json_failure)? + "\n"
    } else {
        recorded_text(data, recorded)
    };
    print(&text)?;
    let threshold_met = recorded.score + 1e-9 >= f64::from(data.engagement.readiness_threshold);
    Ok(check_status(args.check, threshold_met, recorded.level))
}

/// "Client · Name (slug)", then the readiness and its level, followed by `after`.
fn score_heading(e: &Engagement, score: f64, level: Level, after: &str) -> String {
    format!(
        "{} · {} ({})\nReadiness {score:.1} / 100 — {level} {}{after}\n\n",
        sanitize(&e.client),
        sanitize(&e.name),
        e.slug,
        level.label()
    )
}

fn recorded_text(data: &EngagementData, s: &Snapshot) -> String {
    let recorded_on = format!(", as recorded on {}", s.day);
    let mut out = score_heading(&data.engagement, s.score, s.level, &recorded_on);
    for (dimension, value) in s.dimension_values() {
        out += &format!("{:<20} {:>6}\n", dimension.label(), percent_text(value));
    }
    out + "\nOnly the daily score and dimensions are kept for past days; the items, actions \
           and forecast exist for today and later days.\n"
}

fn score_json(
    data: &EngagementData,
    (day, records_of): (NaiveDate, NaiveDate),
    r: &Readiness,
    actions: &[NextAction],
    forecast: &Forecast,
) -> Result<String, Failure> {
    let json = ScoreJson {
        engagement: &data.engagement.slug,
        as_of: day,
        records_of,
        score: r.score,
        level: r.level.as_str(),
        threshold: r.threshold,
        threshold_met: r.meets_threshold(),
        transfer_ready: r.level == Level::L3,
        dimensions: r
            .dimensions
            .iter()
            .map(|d| DimensionJson {
                name: d.dimension.as_str(),
                value: (d.value * 10_000.0).round() / 10_000.0,
                weight: d.weight,
                points: d.points,
                finding: d.finding.clone(),
            })
            .collect(),
        findings: r.dimensions.iter().filter_map(|d| d.finding.as_deref()).collect(),
        losses: r
            .losses
            .iter()
            .map(|l| LossJson {
                dimension: l.dimension.as_str(),
                item: l.item.clone(),
                points: l.points,
            })
            .collect(),
        missing_for_next: &r.missing_for_next,
        unmet_gate_criteria: crate::model::gate::unmet(data, r, day),
        next_actions: actions
            .iter()
            .map(|a| ActionJson {
                step: a.step.clone(),
                dimension: a.dimension.as_str(),
                points: a.points,
            })
            .collect(),
        forecast,
        warnings: warnings(data, Some(forecast), day),
    };
    Ok(to_json(&json).map_err(json_failure)? + "\n")
}

fn score_text(data: &EngagementData, day: NaiveDate, r: &Readiness, forecast: &Forecast) -> String {
    let e = &data.engagement;
    let threshold = format!(" (threshold {})", r.threshold);
    let mut out = score_heading(e, r.score, r.level, &threshold);
    out += &format!("{:<20} {:>6} {:>7} {:>7}\n", "dimension", "value", "weight", "points");
    for d in &r.dimensions {
        let finding = d.finding.as_deref().map(|f| format!("  ({f})")).unwrap_or_default();
        out += &format!(
            "{:<20} {:>6} {:>7} {:>7.1}{finding}\n",
            d.dimension.label(),
            percent_text(d.value),
            percent_text(d.weight),
            d.points
        );
    }
    out += &format!("{:<20} {:>6} {:>7} {:>7.1}\n", "total", "", "", r.score);
    if let Some(problem) = &e.weights_problem {
        out += &format!("Weights not valid ({problem}): scored with the default weights.\n");
    }
    out += &format!("\nThreshold {}: {}\n", r.threshold, forecast.summary());
    if let Some(cause) = forecast.cause.as_ref().filter(|_| forecast.at_risk) {
        out += &format!("Transfer at risk: {}\n", sanitize(cause));
    }
    let phase = e.current_phase;
    let unmet: Vec<Unmet> =
        crate::model::gate::unmet(data, r, day).into_iter().filter(|u| u.phase == phase).collect();
    if !unmet.is_empty() {
        out += &format!("\nUnmet criteria of the {} gate:\n", phase.label());
        for u in &unmet {
            let reason = u.reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
            out += &format!("  - {}{}\n", sanitize(&u.title), sanitize(&reason));
        }
    }
    if !forecast.late.is_empty() {
        out += "\nLate on plan (never assumed done):\n";
        for late in &forecast.late {
            out += &format!("  - {}\n", sanitize(&late.to_string()));
        }
    }
    if !r.missing_for_next.is_empty() {
        out += "\nMissing for the next level:\n";
        for m in &r.missing_for_next {
            out += &format!("  - {}\n", sanitize(m));
        }
    }
    out
}

/// Every item that costs points and the steps that would add the most.
fn explain_text(r: &Readiness, actions: &[NextAction]) -> String {
    let mut out = String::from("\nEvery item that costs points, the costliest first:\n");
    for loss in &r.losses {
        out += &format!(
            "  {:>5.1}  {:<19} {}\n",
            loss.points,
            loss.dimension.label(),
            sanitize(&loss.item)
        );
    }
    out += "\nNext best actions:\n";
    for action in actions {
        out += &format!("  +{:>4.1}  {}\n", action.points, sanitize(&action.step));
    }
    out
}

/// Writes the sample database to a new file at `path`.
fn save_demo(path: &Path, size: Size, scale: u64) -> Result<(), Failure> {
    if path.exists() {
        return Err(Failure::usage(format!(
            "{} already exists; the demo never replaces a file",
            sanitize(&path.display().to_string())
        )));
    }
    let mut store = Store::open(path)?;
    Ok(crate::demo::save_scaled(&mut store, today(), size, scale)?)
}

/// The TUI on a sample database in a temporary file, removed afterwards.
fn demo(
    config: Config,
    notice: Option<String>,
    size: Size,
    scale: u64,
) -> Result<ExitCode, Failure> {
    let path = std::env::temp_dir().join(format!("botdash-demo-{}.db", std::process::id()));
    let remove = |path: &Path| {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    };
    remove(&path);
    let result = save_demo(&path, size, scale).and_then(|()| {
        Ok(crate::tui::run(Store::open(&path)?, config, notice, Default::default())?)
    });
    remove(&path);
    result.map(|()| ExitCode::SUCCESS)
}
