//! `botdash sync`: exchange changes through a folder, list and resolve conflicts.

use std::path::Path;
use std::process::ExitCode;

use super::{Failure, print};
use crate::conflict_text::{describe, here_text, there_text, verdict};
use crate::model::text::sanitize;
use crate::store::Store;
use crate::store::sync::tail;

/// `botdash sync DIR`: what was written, applied and refused, and the conflicts to resolve.
pub(super) fn sync(mut store: Store, dir: &Path) -> Result<ExitCode, Failure> {
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
pub(super) fn conflict_list(store: &Store) -> Result<String, Failure> {
    let conflicts = store.conflicts()?;
    if conflicts.is_empty() {
        return Ok("no conflicts\n".into());
    }
    let mut out = String::new();
    for c in &conflicts {
        out += &format!(
            "{}  {}: {} · here {} · there {}\n",
            tail(&c.id),
            describe(c),
            verdict(c),
            here_text(c),
            there_text(c)
        );
    }
    out += "resolve with: botdash sync --resolve ID --keep mine|theirs\n";
    Ok(out)
}
