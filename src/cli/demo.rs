//! `botdash demo`: the dashboard on a sample, or the sample saved to a file.

use std::path::Path;
use std::process::ExitCode;

use chrono::NaiveDate;

use super::Failure;
use crate::config::Config;
use crate::demo::Size;
use crate::model::text::sanitize;
use crate::store::Store;

/// Writes the sample database to a new file at `path`.
pub(super) fn save_demo(
    path: &Path,
    size: Size,
    scale: u64,
    today: NaiveDate,
) -> Result<(), Failure> {
    if path.exists() {
        return Err(Failure::usage(format!(
            "{} already exists; the demo never replaces a file",
            sanitize(&path.display().to_string())
        )));
    }
    let mut store = Store::open(path)?;
    Ok(crate::demo::save_scaled(&mut store, today, size, scale)?)
}

/// The TUI on a sample database in a temporary file, removed afterwards.
pub(super) fn demo(
    config: Config,
    notice: Option<String>,
    size: Size,
    scale: u64,
    today: NaiveDate,
) -> Result<ExitCode, Failure> {
    let path = std::env::temp_dir().join(format!("botdash-demo-{}.db", std::process::id()));
    let remove = |path: &Path| {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    };
    remove(&path);
    let result = save_demo(&path, size, scale, today).and_then(|()| {
        Ok(crate::tui::run_dashboard(Store::open(&path)?, config, notice, Default::default())?)
    });
    remove(&path);
    result.map(|()| ExitCode::SUCCESS)
}
