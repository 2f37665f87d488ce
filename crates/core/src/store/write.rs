//! Writing engagements: creation from a template, and readiness snapshots.

use rusqlite::{Connection, params};

use super::{Result, Store, StoreError};
use crate::model::score::Readiness;
use crate::model::template::{NewEngagement, Template, validate_slug};
use crate::model::text::sanitize;
use crate::model::{EngagementData, Snapshot};

/// Writes every record of `data` (a new engagement) inside the caller's transaction.
pub fn insert_engagement_data(conn: &Connection, data: &EngagementData) -> Result<()> {
    let e = &data.engagement;
    let weights = e
        .weights
        .map(|w| serde_json::to_string(&w))
        .transpose()
        .map_err(|err| StoreError::Refused(format!("cannot store the weights: {err}")))?;
    conn.execute(
        "INSERT INTO engagement (id, slug, client, name, start_date, planned_transfer_date, \
         current_phase, readiness_threshold, weights_json, archived, currency) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            e.id,
            e.slug,
            e.client,
            e.name,
            e.start_date,
            e.planned_transfer_date,
            e.current_phase,
            e.readiness_threshold,
            weights,
            e.archived,
            e.currency
        ],
    )?;
    let id = &e.id;
    let mut statement = conn.prepare_cached(
        "INSERT INTO phase (id, engagement_id, kind, planned_start, planned_end, actual_start, \
         actual_end) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for p in &data.phases {
        statement.execute(params![
            p.id,
            id,
            p.kind,
            p.planned_start,
            p.planned_end,
            p.actual_start,
            p.actual_end
        ])?;
    }
    let mut statement = conn.prepare_cached(
        "INSERT INTO task (id, engagement_id, phase, title, notes, status, side, due_date, \
         position, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for t in &data.tasks {
        statement.execute(params![
            t.id,
            id,
            t.phase,
            t.title,
            t.notes,
            t.status,
            t.side,
            t.due_date,
            t.position,
            t.created_at,
            t.updated_at
        ])?;
    }
    let mut statement = conn.prepare_cached(
        "INSERT INTO gate_criterion (id, engagement_id, phase, title, kind, rule, blocking, \
         met_at, evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for g in &data.gates {
        statement.execute(params![
            g.id, id, g.phase, g.title, g.kind, g.rule, g.blocking, g.met_at, g.evidence
        ])?;
    }
    let mut statement = conn.prepare_cached(
        "INSERT INTO role (id, engagement_id, title, planned_count, criticality, target_date) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for r in &data.roles {
        statement.execute(params![
            r.id,
            id,
            r.title,
            r.planned_count,
            r.criticality,
            r.target_date
        ])?;
    }
    let mut statement = conn.prepare_cached(
        "INSERT INTO person (id, engagement_id, role_id, name, state, planned_date, hired_at, \
         onboarded_at, independent_at, left_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for p in &data.people {
        statement.execute(params![
            p.id,
            id,
            p.role_id,
            p.name,
            p.state,
            p.planned_date,
            p.hired_at,
            p.onboarded_at,
            p.independent_at,
            p.left_at
        ])?;
    }
    let mut statement = conn.prepare_cached(
        "INSERT INTO skill (id, engagement_id, name, category, required_level, min_holders, \
         criticality) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for s in &data.skills {
        statement.execute(params![
            s.id,
            id,
            s.name,
            s.category,
            s.required_level,
            s.min_holders,
            s.criticality
        ])?;
    }
    let mut statement = conn.prepare_cached(
        "INSERT INTO skill_rating (person_id, skill_id, level, assessed_at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for r in &data.ratings {
        statement.execute(params![r.person_id, r.skill_id, r.level, r.assessed_at])?;
    }
    let mut statement = conn.prepare_cached(
        "INSERT INTO kt_topic (id, engagement_id, skill_id, title, status, due_date, \
         signed_off_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for k in &data.kt_topics {
        statement.execute(params![
            k.id,
            id,
            k.skill_id,
            k.title,
            k.status,
            k.due_date,
            k.signed_off_at
        ])?;
    }
    let mut statement = conn.prepare_cached(
        "INSERT INTO responsibility (id, engagement_id, activity, criticality, owner, \
         target_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for r in &data.responsibilities {
        statement.execute(params![r.id, id, r.activity, r.criticality, r.owner, r.target_date])?;
    }
    for d in &data.docs {
        super::edit::new_doc(id, d).run(conn)?;
    }
    for s in &data.snapshots {
        upsert_snapshot(conn, id, s)?;
    }
    insert_health(conn, data)
}

/// The health records of `data`: risks, budget, costs, user tests, integrations, lessons.
/// An empty optional text is stored as NULL, as the forms store it, so that two copies of a
/// record are equal value for value (which sync compares).
fn insert_health(conn: &Connection, data: &EngagementData) -> Result<()> {
    let id = &data.engagement.id;
    let mut statement = conn.prepare_cached(
        "INSERT INTO risk (id, engagement_id, title, category, likelihood, impact, owner, \
         mitigation, trigger_event, status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for r in &data.risks {
        statement.execute(params![
            r.id,
            id,
            r.title,
            optional(&r.category),
            r.likelihood,
            r.impact,
            optional(&r.owner),
            optional(&r.mitigation),
            optional(&r.trigger),
            r.status
        ])?;
    }
    let mut statement = conn.prepare_cached(
        "INSERT INTO budget_line (id, engagement_id, phase, category, planned) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for b in &data.budget {
        statement.execute(params![b.id, id, b.phase, b.category, b.planned])?;
    }
    let mut statement = conn.prepare_cached(
        "INSERT INTO cost_entry (id, engagement_id, phase, category, day, amount, note) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for c in &data.costs {
        statement.execute(params![
            c.id,
            id,
            c.phase,
            c.category,
            c.day,
            c.amount,
            optional(&c.note)
        ])?;
    }
    let mut statement = conn.prepare_cached(
        "INSERT INTO user_test (id, engagement_id, day, target_group, participants, scenario, \
         findings, severity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for t in &data.user_tests {
        statement.execute(params![
            t.id,
            id,
            t.day,
            t.group,
            t.participants,
            optional(&t.scenario),
            optional(&t.findings),
            t.severity
        ])?;
    }
    let mut statement = conn.prepare_cached(
        "INSERT INTO integration (id, engagement_id, system, data_objects, direction, \
         frequency, owner, test_status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for i in &data.integrations {
        statement.execute(params![
            i.id,
            id,
            i.system,
            optional(&i.data_objects),
            i.direction,
            optional(&i.frequency),
            optional(&i.owner),
            i.status
        ])?;
    }
    let mut statement = conn.prepare_cached(
        "INSERT INTO lesson (id, engagement_id, phase, went_well, went_badly, recommendation, \
         owner) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for l in &data.lessons {
        statement.execute(params![
            l.id,
            id,
            l.phase,
            optional(&l.went_well),
            optional(&l.went_badly),
            optional(&l.recommendation),
            optional(&l.owner)
        ])?;
    }
    Ok(())
}

/// NULL for an empty optional text.
fn optional(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

fn upsert_snapshot(conn: &Connection, engagement_id: &str, s: &Snapshot) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO readiness_snapshot (engagement_id, day, score, staffing, skills, kt, \
         responsibilities, docs, level) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) \
         ON CONFLICT (engagement_id, day) DO UPDATE SET score = excluded.score, \
         staffing = excluded.staffing, skills = excluded.skills, kt = excluded.kt, \
         responsibilities = excluded.responsibilities, docs = excluded.docs, \
         level = excluded.level",
    )?
    .execute(params![
        engagement_id,
        s.day,
        s.score,
        s.staffing,
        s.skills,
        s.kt,
        s.responsibilities,
        s.docs,
        s.level
    ])?;
    Ok(())
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
                return Err(StoreError::Field {
                    field: "Slug",
                    message: format!(
                        "an engagement with the slug '{}' already exists",
                        sanitize(&new.slug)
                    ),
                });
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
    validate_slug(&new.slug).map_err(|message| StoreError::Field { field: "Slug", message })?;
    if let Some(transfer) = new.transfer.filter(|t| *t <= new.start) {
        return refuse(format!(
            "the transfer date {transfer} must be after the start {}",
            new.start
        ));
    }
    Ok(())
}
