//! `botdash sync`: exchange changes through a folder, list and resolve conflicts.

use std::path::Path;
use std::process::ExitCode;

use super::{Failure, print};
use crate::conflict_text::{describe, side_lines, verdict};
use crate::model::text::sanitize;
use crate::store::Store;
use crate::store::sync::{Tally, tail};

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
            "{} to resolve ({}): botdash sync --conflicts\n",
            count(open, "conflict"),
            found(&report.conflicts)
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

/// What this sync found: "1 new", "0 new, 1 refused again" (an open conflict's field
/// refused with another value replaces it), "… 1 found again" (changed again).
fn found(tally: &Tally) -> String {
    let mut found = format!("{} new", tally.new);
    for (n, again) in [(tally.refused_again, "refused again"), (tally.found_again, "found again")] {
        if n > 0 {
            found += &format!(", {n} {again}");
        }
    }
    found
}

/// "1 change", "2 changes".
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// The open conflicts, one per line: id, record and field, this side's value and theirs (a
/// whole record field by field, as the Conflicts pane lists it).
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
            side_lines(c, true).join("; "),
            side_lines(c, false).join("; ")
        );
    }
    out += "resolve with: botdash sync --resolve ID --keep mine|theirs\n";
    Ok(out)
}
