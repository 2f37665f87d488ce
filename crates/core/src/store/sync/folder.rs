//! The sync folder's mark: the file that gives a folder its id, so that a database syncs
//! with one folder only.

use std::io::Read;
use std::path::Path;

use rusqlite::Connection;

use super::file::{MAX_HEADER, is_id, set_state, state, tail};
use super::{Result, refused, shown};
use crate::files::{Existing, open_regular, write_private};
use crate::model::new_id;

/// The file that gives a sync folder its identity, made by the first sync into the folder:
/// this word and the folder's id on one line.
const FOLDER_MARK: &str = "botdash-sync-folder";

/// The id of the sync folder `dir`, which must be the one this database syncs with. A
/// database records the folder of its first sync; a folder gets its id (in its mark file)
/// from the first database that syncs into it: that database's folder, or a new one. A
/// database syncs with one folder only, since its baseline follows what it exchanged there.
pub(super) fn folder_id(tx: &Connection, dir: &Path) -> Result<String> {
    let recorded = state(tx, "folder_id")?;
    if recorded.as_deref().is_some_and(|id| !is_id(id)) {
        return Err(refused(
            "the sync folder this database recorded is not an id botdash writes (edited by \
             hand?); nothing was synced"
                .into(),
        ));
    }
    let mark = dir.join(FOLDER_MARK);
    let id = match (read_mark(&mark)?, recorded) {
        (Some(marked), Some(recorded)) if marked != recorded => {
            return Err(refused(format!(
                "{} is not the sync folder this database syncs with (it is …{}, this \
                 database's is …{}): a database syncs with one folder only; nothing was synced",
                shown(dir),
                tail(&marked),
                tail(&recorded)
            )));
        }
        (Some(marked), _) => marked,
        (None, recorded) => {
            let id = recorded.unwrap_or_else(new_id);
            let line = format!("{FOLDER_MARK} {id}\n");
            write_private(&mark, line.as_bytes(), Existing::Refuse)
                .map_err(|e| refused(e.to_string()))?;
            id
        }
    };
    set_state(tx, "folder_id", &id)?;
    Ok(id)
}

/// The folder id in a folder's mark file, if it has one.
fn read_mark(path: &Path) -> Result<Option<String>> {
    let file = match open_regular(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        opened => opened,
    };
    let unreadable =
        |why: String| refused(format!("{} is not a sync folder mark: {why}", shown(path)));
    let mut text = String::new();
    file.and_then(|f| f.take(MAX_HEADER).read_to_string(&mut text))
        .map_err(|e| unreadable(e.to_string()))?;
    match text.strip_suffix('\n').and_then(|line| line.strip_prefix(FOLDER_MARK)) {
        Some(id) if id.starts_with(' ') && is_id(&id[1..]) => Ok(Some(id[1..].to_string())),
        _ => Err(unreadable("not botdash's".into())),
    }
}
