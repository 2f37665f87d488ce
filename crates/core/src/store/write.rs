//! Writing engagements: creation from a template, and readiness snapshots.

use rusqlite::types::Value;
use rusqlite::{Connection, params};

use super::edit::RowEdit;
use super::tables::Table;
use super::{FieldRefusal, Result, Store, StoreError};
use crate::model::score::Readiness;
use crate::model::template::{NewEngagement, Template, validate_slug};
use crate::model::{EngagementData, EngagementField, Snapshot, SnapshotField};
use crate::records::{Record, insert_all};

/// Writes every record of `data` (a new engagement) inside the caller's transaction.
pub fn insert_engagement_data(conn: &Connection, data: &EngagementData) -> Result<()> {
    let id = &data.engagement.id;
    insert_all(conn, id, std::slice::from_ref(&data.engagement))?;
    insert_all(conn, id, &data.phases)?;
    insert_all(conn, id, &data.tasks)?;
    insert_all(conn, id, &data.gates)?;
    insert_all(conn, id, &data.roles)?;
    insert_all(conn, id, &data.people)?;
    insert_all(conn, id, &data.skills)?;
    insert_all(conn, id, &data.ratings)?;
    insert_all(conn, id, &data.contractor_staff)?;
    insert_all(conn, id, &data.kt_topics)?;
    insert_all(conn, id, &data.kt_trainees)?;
    insert_all(conn, id, &data.responsibilities)?;
    insert_all(conn, id, &data.docs)?;
    for s in &data.snapshots {
        upsert_snapshot(conn, id, s)?;
    }
    insert_all(conn, id, &data.risks)?;
    insert_all(conn, id, &data.budget)?;
    insert_all(conn, id, &data.costs)?;
    insert_all(conn, id, &data.user_tests)?;
    insert_all(conn, id, &data.integrations)?;
    insert_all(conn, id, &data.lessons)?;
    insert_all(conn, id, &data.handover)?;
    insert_all(conn, id, &data.tickets)?;
    Ok(())
}

/// A readiness snapshot is the one of its engagement and day.
const SNAPSHOT_KEY: &[&str] = &["engagement_id", SnapshotField::Day.column()];

/// Records `s` as the engagement's snapshot of its day, replacing that day's row.
fn upsert_snapshot(conn: &Connection, engagement_id: &str, s: &Snapshot) -> Result<()> {
    let owner = (SNAPSHOT_KEY[0], Value::Text(engagement_id.into()));
    let values = std::iter::once(owner).chain(s.column_values()?).collect();
    RowEdit::Upsert { table: Table::ReadinessSnapshot, key: SNAPSHOT_KEY, values }.write(conn)
}

impl Store {
    /// Creates an engagement from a template in one transaction; refuses a bad or taken slug,
    /// an empty client or name, and a transfer date before the start.
    pub fn create_engagement(
        &mut self,
        new: &NewEngagement,
        template: &Template,
        now: &str,
    ) -> Result<EngagementData> {
        check_new(new)?;
        let data = template.instantiate(new, now);
        let summary = format!("created engagement '{}'", new.slug);
        self.record(Some(&data.engagement.id), &summary, None, |tx| {
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM engagement WHERE slug = ?1)",
                params![new.slug],
                |row| row.get(0),
            )?;
            if taken {
                let field = Some(EngagementField::Slug.into());
                return Err(StoreError::Field { field, reason: FieldRefusal::Taken });
            }
            insert_engagement_data(tx, &data)
        })?;
        Ok(data)
    }

    /// Records `readiness` as the engagement's snapshot for `day` (replacing that day's row).
    pub fn record_snapshot(
        &mut self,
        engagement_id: &str,
        day: chrono::NaiveDate,
        readiness: &Readiness,
    ) -> Result<()> {
        let snapshot = Snapshot::of(day, readiness);
        self.edit(|tx| upsert_snapshot(tx, engagement_id, &snapshot))
    }
}

/// The checks on a new engagement that do not need the database.
pub fn check_new(new: &NewEngagement) -> Result<()> {
    let refuse = |m: String| Err(StoreError::Refused(m));
    if new.client.trim().is_empty() {
        return refuse("the client must not be empty".into());
    }
    if new.name.trim().is_empty() {
        return refuse("the name must not be empty".into());
    }
    validate_slug(&new.slug).map_err(|words| StoreError::Field {
        field: Some(EngagementField::Slug.into()),
        reason: FieldRefusal::Rule(words),
    })?;
    if let Some(transfer) = new.transfer.filter(|t| *t <= new.start) {
        return refuse(format!(
            "the transfer date {transfer} must be after the start {}",
            new.start
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::template::NewEngagement;

    #[test]
    fn a_slug_taken_or_broken_is_refused_on_the_slug_field_with_why_typed() {
        let mut store = Store::in_memory().unwrap();
        let new = |slug: &str| NewEngagement {
            client: "ACME".into(),
            name: "Billing".into(),
            slug: slug.into(),
            start: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            transfer: None,
            threshold: 80,
            weights: None,
        };
        let create = |store: &mut Store, slug| {
            store.create_engagement(&new(slug), &Template::standard(), "2026-01-05T09:00:00Z")
        };
        create(&mut store, "acme").unwrap();
        let slug = Some(EngagementField::Slug.into());
        let Err(StoreError::Field { field, reason }) = create(&mut store, "acme") else {
            panic!("a taken slug is refused on its field")
        };
        assert_eq!((field, reason), (slug, FieldRefusal::Taken));
        let Err(StoreError::Field { field, reason }) = create(&mut store, "Not A Slug") else {
            panic!("a broken slug is refused on its field")
        };
        assert_eq!(field, slug);
        assert!(matches!(reason, FieldRefusal::Rule(why) if why.contains("not a valid slug")));
    }
}
