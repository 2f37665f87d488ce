//! `botdash docs`: the checklist as CSV, its import (from CSV or a workbook), and checklist
//! templates.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::{DocsCommand, Failure, config_dir, print};
use crate::files::{self, Existing, write_private};
use crate::model::template::STANDARD;
use crate::model::text::sanitize;
use crate::store::Store;

/// A file under the user's own templates folder, or a path.
fn template_path(spec: &str) -> PathBuf {
    if spec.contains('/') || spec.ends_with(".toml") {
        return PathBuf::from(spec);
    }
    config_dir()
        .map_or_else(|| PathBuf::from(spec), |d| d.join("templates").join(format!("{spec}.toml")))
}

pub(super) fn docs(
    mut store: Store,
    command: DocsCommand,
    today: NaiveDate,
) -> Result<ExitCode, Failure> {
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
            let bytes = files::read_input(&file, MAX_CHECKLIST).map_err(Failure::usage)?;
            let text = checklist_text(bytes)
                .map_err(|e| Failure::usage(format!("{shown}: {e}; nothing was changed")))?;
            let report = store
                .import_checklist(&data.engagement, &text, &shown, today)
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
            store.execute(Some(&engagement), &plan.summary, &plan.commands)?;
            let lines: Vec<String> = missing
                .iter()
                .map(|d| format!("added '{}' to {}", sanitize(&d.title), sanitize(&d.category)))
                .collect();
            print(&(lines.join("\n") + "\n"))
        }
    }
}

/// The checklist a file holds, as CSV: the file itself, or a workbook's Checklist sheet.
/// The most a checklist file may hold (a checklist of a thousand documents is well under 1 MB).
const MAX_CHECKLIST: u64 = 16 << 20;

/// The most a template may hold (the standard one is under 20 KB).
const MAX_TEMPLATE: u64 = 1 << 20;

fn checklist_text(bytes: Vec<u8>) -> Result<String, String> {
    // Every XLSX file is a zip archive, which starts so.
    if bytes.starts_with(b"PK\x03\x04") {
        return crate::workbook::checklist_csv(&bytes);
    }
    String::from_utf8(bytes)
        .map_err(|_| "the file is neither CSV text (UTF-8) nor an XLSX workbook".into())
}

/// A template's text and the name its errors give it: the built-in one or the user's own
/// (`NAME.toml` in the config dir) by name, or any file by path.
pub(super) fn template_source(spec: &str) -> Result<(String, String), Failure> {
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
    let source = files::read_input_text(&path, MAX_TEMPLATE)
        .map_err(|e| Failure::usage(format!("the template: {e}")))?;
    Ok((source, shown))
}
