//! The baseline: this database's synced tables as of its last sync, in a file beside it,
//! attached as `base` while a sync or a resolution runs.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params};

use super::{Result, Store, refused, shown, synced_tables};
use crate::files::{Existing, write_private};
use crate::store::schema;

/// Where the baseline of the database at `path` lives.
pub fn baseline_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".sync-base");
    PathBuf::from(name)
}

impl Store {
    /// Runs `f` with the baseline attached as `base` (created or brought forward first).
    pub(super) fn with_baseline<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        if self.path == Path::new(":memory:") {
            return Err(refused("a database in memory cannot be synced".into()));
        }
        let path = baseline_path(&self.path);
        prepare_baseline(&path)?;
        self.conn.execute("ATTACH DATABASE ?1 AS base", params![path.to_string_lossy()])?;
        let result = f(self);
        // Detaching fails only while a statement on it is still open, which none is here.
        let _ = self.conn.execute("DETACH DATABASE base", []);
        result
    }
}

/// Makes the baseline (an empty private file, filled by SQLite) or brings it to this schema
/// version, without the schema's triggers.
pub(super) fn prepare_baseline(path: &Path) -> Result<()> {
    if path.symlink_metadata().is_ok_and(|m| !m.is_file()) {
        return Err(refused(format!("{} is not a regular file", shown(path))));
    }
    if !path.exists() {
        // Made private and empty here; SQLite fills it in when it opens it.
        write_private(path, &[], Existing::Refuse).map_err(|e| refused(e.to_string()))?;
    }
    let mut conn = Connection::open(path)?;
    let version: i32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > schema::VERSION {
        return Err(refused(format!("{} was written by a newer botdash", shown(path))));
    }
    // The baseline holds only synced tables' rows, so the migrations' data steps (which
    // fill in rows for existing engagements) find nothing to do there.
    schema::migrate(&mut conn, version)?;
    // The baseline mirrors this database whatever it holds: the schema's triggers guard
    // the ways in, and copying into the baseline is none of them.
    let triggers: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for name in triggers {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\""))?;
    }
    Ok(())
}

/// Makes the baseline a copy of the synced tables as they are now.
pub(super) fn refresh_baseline(tx: &Connection) -> Result<()> {
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    for table in synced_tables().iter().rev() {
        tx.execute(&format!("DELETE FROM base.\"{table}\""), [])?;
    }
    for table in synced_tables() {
        tx.execute(&format!("INSERT INTO base.\"{table}\" SELECT * FROM main.\"{table}\""), [])?;
    }
    Ok(())
}
