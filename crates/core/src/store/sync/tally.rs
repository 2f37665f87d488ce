//! What a sync found: the conflicts still open after it that its files found, new or found
//! again.

use std::collections::HashSet;

use rusqlite::Connection;

use super::Result;
use super::conflicts::{ConflictKind, StoredConflict, StoredConflictField};
use crate::records::Record;

/// How many conflicts a sync found, of those still open after it: new ones, and ones open
/// before on the same field found again with another value (each replaces the one open on
/// its field), refused again or not.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Tally {
    pub new: usize,
    pub refused_again: usize,
    pub found_again: usize,
}

/// The record and field (none: the whole record) a conflict is about; one is open on each.
type ConflictPlace = (String, String, Option<String>);

/// Where conflicts are open now.
pub(super) fn open_places(tx: &Connection) -> Result<HashSet<ConflictPlace>> {
    use StoredConflictField as F;
    let sql = format!(
        "SELECT {}, {}, {} FROM {} WHERE {} IS NULL",
        F::Table.column(),
        F::RowKey.column(),
        F::Column.column(),
        StoredConflict::TABLE,
        F::ResolvedAt.column()
    );
    let mut statement = tx.prepare(&sql)?;
    let places = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(places.collect::<rusqlite::Result<_>>()?)
}

/// What the files `applied` found, among the conflicts open now: new where no conflict was
/// open `before` on its record and field, else found again.
pub(super) fn tally(
    tx: &Connection,
    before: &HashSet<ConflictPlace>,
    applied: &[&str],
) -> Result<Tally> {
    use StoredConflictField as F;
    let sql = format!(
        "SELECT {}, {}, {}, {}, {} FROM {} WHERE {} IS NULL",
        F::Table.column(),
        F::RowKey.column(),
        F::Column.column(),
        F::Kind.column(),
        F::Source.column(),
        StoredConflict::TABLE,
        F::ResolvedAt.column()
    );
    let mut statement = tx.prepare(&sql)?;
    let rows = statement.query_map([], |r| {
        let place: ConflictPlace = (r.get(0)?, r.get(1)?, r.get(2)?);
        Ok((place, r.get::<_, ConflictKind>(3)?, r.get::<_, String>(4)?))
    })?;
    let mut tally = Tally::default();
    for row in rows {
        let (place, kind, source) = row?;
        if !applied.contains(&source.as_str()) {
            continue;
        }
        match (before.contains(&place), kind) {
            (false, _) => tally.new += 1,
            (true, ConflictKind::Refused) => tally.refused_again += 1,
            (true, _) => tally.found_again += 1,
        }
    }
    Ok(tally)
}
