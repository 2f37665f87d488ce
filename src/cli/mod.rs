//! The command line: the dispatch and what the subcommands share. The grammar is in `args`,
//! failures in `failure`, writing out in `output`; each subcommand with more than a few lines
//! has a file of its own.

mod args;
mod demo;
mod docs;
mod engagements;
mod failure;
mod open;
mod output;
mod report;
mod score;
mod sync;
mod tickets;
mod workbook;

pub use args::{Cli, CliCommand, DocsCommand, NewArgs, TicketsCommand};
pub use failure::Failure;
pub use open::default_db_path;
pub use score::ScoreArgs;

use std::process::ExitCode;

use crate::files::{self, Existing, WriteError, write_private};
use crate::model::text::{sanitize, to_json};
use crate::store::{Store, StoreError};
use open::{config_dir, load_config, open_for_edits};
use output::{
    Progress, json_failure, print, refuse_own_file, write_file, write_or_print, write_stdout,
};

pub fn run(cli: Cli) -> Result<ExitCode, Failure> {
    // Read once: a command sees one moment, whatever its steps take.
    let now = crate::clock::Clock::system().now();
    let today = now.date();
    let db = || cli.db.clone().map_or_else(default_db_path, Ok);
    let (config, notice) = load_config(cli.config.as_deref());
    if let Some(output) = cli.command.as_ref().and_then(CliCommand::output) {
        let new_database = matches!(cli.command, Some(CliCommand::Demo { .. }));
        refuse_own_file(&db()?, output, new_database)?;
    }
    match cli.command {
        None => {
            let start = crate::tui::Start { engagement: cli.open.clone(), screen: cli.screen };
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
        Some(CliCommand::New(args)) => engagements::new(&db()?, args, &config, now),
        Some(CliCommand::Docs(command)) => {
            docs::docs(open_for_edits(&db()?, &config)?, command, today)
        }
        Some(CliCommand::Tickets(command)) => {
            tickets::tickets(open_for_edits(&db()?, &config)?, command, today)
        }
        Some(CliCommand::Report { slug, format, output, as_of, since }) => {
            let args = report::ReportArgs { slug, format, output, as_of, since };
            report::report(&db()?, args, &config, today)
        }
        Some(CliCommand::Calendar { slug, output }) => {
            let store = Store::open(&db()?)?;
            let data = store.load(store.engagement_by_slug(&slug)?)?;
            let ics = crate::calendar::calendar(&data, crate::clock::utc(now));
            match output {
                Some(path) => write_or_print(Some(&path), &ics),
                // Built escaped, with the CRLF line ends the format requires: written as it is.
                None => write_stdout(ics.as_bytes()),
            }
        }
        Some(CliCommand::Workbook { slug, output }) => {
            workbook::workbook(&db()?, &slug, &output, today)
        }
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
            let export = crate::store::portable::read_export(&text).map_err(|e| {
                Failure::usage(format!("{shown} is not a valid export ({e}); nothing was imported"))
            })?;
            let mut progress = Progress::new("importing");
            let slugs = Store::open(&db()?)?
                .import(&export, replace, today, |done, total| progress.show(done, total))
                .map_err(|e| {
                    let replace = matches!(e, StoreError::AlreadyHere { .. });
                    let hint = if replace { " (use --replace to replace it)" } else { "" };
                    Failure::usage(format!("{e}{hint}; nothing was imported"))
                })?;
            progress.finish();
            print(&slugs.iter().map(|s| format!("imported {s}\n")).collect::<String>())
        }
        Some(CliCommand::Backup { output }) => {
            Store::open(&db()?)?.backup(&output)?;
            print(&format!("{}\n", sanitize(&output.display().to_string())))
        }
        Some(CliCommand::Doctor) => {
            let (lines, sound) = Store::open(&db()?)?.checkup()?;
            print(
                &lines
                    .iter()
                    .map(|line| crate::words::checkup_line(line) + "\n")
                    .collect::<String>(),
            )?;
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
        Some(CliCommand::List { json }) => engagements::list(&db()?, json, today),
        Some(CliCommand::Score(args)) => score::score(&db()?, args, today),
        Some(CliCommand::Demo { save: Some(path), size, scale }) => {
            demo::save_demo(&path, size, scale, today)?;
            println!("{}", sanitize(&path.display().to_string()));
            Ok(ExitCode::SUCCESS)
        }
        Some(CliCommand::Demo { save: None, size, scale }) => {
            demo::demo(config, notice, size, scale, today)
        }
    }
}

/// The most an export given to `import` may hold: as much as a sync may carry (an export of
/// the large sample, 50 engagements and 10,000 tasks, is about 12 MB).
const MAX_EXPORT: u64 = 256 << 20;
