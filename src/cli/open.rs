//! Where the command line finds its database and its configuration, and how it opens the
//! database for edits.

use std::path::{Path, PathBuf};

use super::Failure;
use crate::config::Config;
use crate::model::text::sanitize;
use crate::store::Store;

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

pub(super) fn config_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|dirs| dirs.config_dir().join("botdash"))
}

/// The configuration in force and, when the file was refused, why.
pub(super) fn load_config(path: Option<&Path>) -> (Config, Option<String>) {
    match path.map(Path::to_path_buf).or_else(crate::config::default_path) {
        Some(path) => Config::load(&path),
        None => (Config::default(), None),
    }
}

/// The database, with as much undo history kept as the config says (as in the TUI).
pub(super) fn open_for_edits(db: &Path, config: &Config) -> Result<Store, Failure> {
    let mut store = Store::open(db)?;
    store.set_history_limit(config.history);
    Ok(store)
}
