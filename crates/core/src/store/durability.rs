//! When an edit reaches the disk. A commit normally returns once the write-ahead log is on
//! disk (`synchronous=FULL`, see `opening::configure`). The dashboard instead lets a commit
//! return as soon as the log is written, shows the edit, and then forces the log to disk
//! before it reads the next key (`defer_sync`, `sync_log`): the edit is as safe from a power
//! cut by the time the user can act again, and the screen does not wait for the disk.

use std::fs::OpenOptions;
use std::path::PathBuf;

use super::{Result, Store, StoreError};

impl Store {
    /// From now on a commit returns before the log is on disk, until `sync_log` puts it
    /// there. Only in WAL mode: with a rollback journal, `synchronous=NORMAL` could leave a
    /// damaged file after a power cut, so such a file keeps waiting for the disk.
    pub fn defer_sync(&mut self) -> Result<()> {
        if self.read_only || !self.in_wal_mode()? {
            return Ok(());
        }
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        self.synced_changes = Some(self.conn.total_changes());
        Ok(())
    }

    /// Whether a commit since the last `sync_log` may not be on disk yet.
    pub fn needs_sync(&self) -> bool {
        self.synced_changes.is_some_and(|synced| synced != self.conn.total_changes())
    }

    /// Forces the write-ahead log to disk if a commit since the last call left it unsynced:
    /// every edit made so far then survives a power cut.
    pub fn sync_log(&mut self) -> Result<()> {
        if !self.needs_sync() {
            return Ok(());
        }
        let log = self.log_path();
        let file = OpenOptions::new().write(true).open(&log);
        file.and_then(|f| f.sync_data()).map_err(|e| {
            StoreError::Refused(format!(
                "the last edit may not be on disk: {} could not be synced ({e})",
                log.display()
            ))
        })?;
        self.synced_changes = Some(self.conn.total_changes());
        Ok(())
    }

    fn in_wal_mode(&self) -> Result<bool> {
        let mode: String = self.conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        Ok(mode.eq_ignore_ascii_case("wal"))
    }

    /// SQLite's write-ahead log: the database's path with `-wal` appended.
    fn log_path(&self) -> PathBuf {
        let mut log = self.path.clone().into_os_string();
        log.push("-wal");
        PathBuf::from(log)
    }
}

#[cfg(test)]
mod tests {
    use crate::store::Store;
    use crate::store::command::Command;

    fn synchronous(store: &Store) -> i64 {
        store.conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap()
    }

    fn an_edit(store: &mut Store) {
        let id = store.engagements().unwrap().remove(0).id;
        let commands = [Command::Archive { engagement_id: id.clone(), archived: true }];
        store.execute(Some(&id), "archived", &commands).unwrap();
    }

    /// A store on a file holding the sample engagements, written the usual way.
    fn sample_store(dir: &tempfile::TempDir) -> Store {
        let mut store = Store::open(&dir.path().join("b.db")).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        crate::demo::save(&mut store, today).unwrap();
        store
    }

    #[test]
    fn a_deferred_commit_waits_for_sync_log() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = sample_store(&dir);
        store.defer_sync().unwrap();
        assert_eq!(synchronous(&store), 1, "NORMAL: the commit does not wait for the disk");
        assert!(!store.needs_sync());
        an_edit(&mut store);
        assert!(store.needs_sync(), "the edit is committed but its log not synced");
        store.sync_log().unwrap();
        assert!(!store.needs_sync());
    }

    #[test]
    fn without_a_write_ahead_log_every_commit_still_waits_for_the_disk() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = sample_store(&dir);
        store.conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        store.defer_sync().unwrap();
        assert_eq!(synchronous(&store), 2, "FULL");
        an_edit(&mut store);
        assert!(!store.needs_sync());
    }

    #[test]
    fn a_store_that_never_deferred_never_needs_a_sync() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = sample_store(&dir);
        assert_eq!(synchronous(&store), 2, "FULL");
        an_edit(&mut store);
        assert!(!store.needs_sync());
    }
}
