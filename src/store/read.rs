//! Reading engagements and everything that belongs to them.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Result, Store, StoreError};
use crate::model::{
    DocItem, Engagement, EngagementData, GateCriterion, KtTopic, Person, PhaseDates,
    Responsibility, Role, Skill, SkillRating, Snapshot, Task,
};

/// How much of an engagement to read.
#[derive(Clone, Copy)]
enum Detail {
    Full,
    Summary,
}

const SNAPSHOTS_SQL: &str = "SELECT day, score, staffing, skills, kt, responsibilities, docs, \
     level FROM readiness_snapshot WHERE engagement_id = ?1 ORDER BY day";

const ENGAGEMENT_COLUMNS: &str = "id, slug, client, name, start_date, planned_transfer_date, \
     current_phase, readiness_threshold, weights_json, archived";

fn engagement(row: &Row) -> rusqlite::Result<Engagement> {
    let weights: Option<String> = row.get(8)?;
    Ok(Engagement {
        id: row.get(0)?,
        slug: row.get(1)?,
        client: row.get(2)?,
        name: row.get(3)?,
        start_date: row.get(4)?,
        planned_transfer_date: row.get(5)?,
        current_phase: row.get(6)?,
        readiness_threshold: row.get(7)?,
        weights: weights.and_then(|json| serde_json::from_str(&json).ok()),
        archived: row.get(9)?,
    })
}

/// Runs `sql` with the engagement id as its one parameter and maps every row.
fn all<T>(
    conn: &Connection,
    sql: &str,
    engagement_id: &str,
    map: impl FnMut(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut statement = conn.prepare_cached(sql)?;
    let rows = statement.query_map(params![engagement_id], map)?;
    Ok(rows.collect::<rusqlite::Result<Vec<T>>>()?)
}

impl Store {
    /// Every engagement, active ones first, then by client and name.
    pub fn engagements(&self) -> Result<Vec<Engagement>> {
        let sql = format!(
            "SELECT {ENGAGEMENT_COLUMNS} FROM engagement ORDER BY archived, client, name, slug"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map([], engagement)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The engagement with this slug, or a message saying there is none.
    pub fn engagement_by_slug(&self, slug: &str) -> Result<Engagement> {
        let sql = format!("SELECT {ENGAGEMENT_COLUMNS} FROM engagement WHERE slug = ?1");
        let found = self.conn.query_row(&sql, params![slug], engagement);
        match found {
            Err(rusqlite::Error::QueryReturnedNoRows) => Err(StoreError::Refused(format!(
                "no engagement with the slug '{}' (see `botdash list`)",
                crate::model::text::sanitize(slug)
            ))),
            other => Ok(other?),
        }
    }

    /// The engagement with this id, if it (still) exists.
    pub fn engagement_by_id(&self, id: &str) -> Result<Option<Engagement>> {
        let sql = format!("SELECT {ENGAGEMENT_COLUMNS} FROM engagement WHERE id = ?1");
        Ok(self.conn.query_row(&sql, params![id], engagement).optional()?)
    }

    /// Everything recorded about one engagement.
    pub fn load(&self, engagement: Engagement) -> Result<EngagementData> {
        self.load_detail(engagement, Detail::Full)
    }

    /// What the list of engagements needs: everything the score reads, but of the tasks only
    /// those that can be overdue, and only the last 30 daily snapshots.
    pub fn load_summary(&self, engagement: Engagement) -> Result<EngagementData> {
        self.load_detail(engagement, Detail::Summary)
    }

    fn load_detail(&self, engagement: Engagement, detail: Detail) -> Result<EngagementData> {
        let id = engagement.id.clone();
        let conn = &self.conn;
        let (tasks_filter, snapshots_sql) = match detail {
            Detail::Full => ("", SNAPSHOTS_SQL.to_string()),
            Detail::Summary => (
                "AND status != 'done' AND due_date IS NOT NULL",
                format!("SELECT * FROM ({SNAPSHOTS_SQL} DESC LIMIT 30) ORDER BY day"),
            ),
        };
        Ok(EngagementData {
            phases: all(
                conn,
                "SELECT id, kind, planned_start, planned_end, actual_start, actual_end FROM phase \
                 WHERE engagement_id = ?1 ORDER BY CASE kind WHEN 'plan' THEN 0 \
                 WHEN 'build' THEN 1 WHEN 'operate' THEN 2 ELSE 3 END",
                &id,
                |r| {
                    Ok(PhaseDates {
                        id: r.get(0)?,
                        kind: r.get(1)?,
                        planned_start: r.get(2)?,
                        planned_end: r.get(3)?,
                        actual_start: r.get(4)?,
                        actual_end: r.get(5)?,
                    })
                },
            )?,
            tasks: all(
                conn,
                &format!(
                    "SELECT id, phase, title, notes, status, side, due_date, position, \
                     created_at, updated_at FROM task WHERE engagement_id = ?1 {tasks_filter} \
                     ORDER BY position, id"
                ),
                &id,
                |r| {
                    Ok(Task {
                        id: r.get(0)?,
                        phase: r.get(1)?,
                        title: r.get(2)?,
                        notes: r.get(3)?,
                        status: r.get(4)?,
                        side: r.get(5)?,
                        due_date: r.get(6)?,
                        position: r.get(7)?,
                        created_at: r.get(8)?,
                        updated_at: r.get(9)?,
                    })
                },
            )?,
            gates: all(
                conn,
                "SELECT id, phase, title, kind, rule, blocking, met_at, evidence \
                 FROM gate_criterion WHERE engagement_id = ?1 ORDER BY rowid",
                &id,
                |r| {
                    Ok(GateCriterion {
                        id: r.get(0)?,
                        phase: r.get(1)?,
                        title: r.get(2)?,
                        kind: r.get(3)?,
                        rule: r.get(4)?,
                        blocking: r.get(5)?,
                        met_at: r.get(6)?,
                        evidence: r.get(7)?,
                    })
                },
            )?,
            roles: all(
                conn,
                "SELECT id, title, planned_count, criticality, target_date FROM role \
                 WHERE engagement_id = ?1 ORDER BY rowid",
                &id,
                |r| {
                    Ok(Role {
                        id: r.get(0)?,
                        title: r.get(1)?,
                        planned_count: r.get(2)?,
                        criticality: r.get(3)?,
                        target_date: r.get(4)?,
                    })
                },
            )?,
            people: all(
                conn,
                "SELECT id, role_id, name, state, planned_date, hired_at, onboarded_at, \
                 independent_at, left_at FROM person WHERE engagement_id = ?1 ORDER BY rowid",
                &id,
                |r| {
                    Ok(Person {
                        id: r.get(0)?,
                        role_id: r.get(1)?,
                        name: r.get(2)?,
                        state: r.get(3)?,
                        planned_date: r.get(4)?,
                        hired_at: r.get(5)?,
                        onboarded_at: r.get(6)?,
                        independent_at: r.get(7)?,
                        left_at: r.get(8)?,
                    })
                },
            )?,
            skills: all(
                conn,
                "SELECT id, name, category, required_level, min_holders, criticality FROM skill \
                 WHERE engagement_id = ?1 ORDER BY rowid",
                &id,
                |r| {
                    Ok(Skill {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        category: r.get(2)?,
                        required_level: r.get(3)?,
                        min_holders: r.get(4)?,
                        criticality: r.get(5)?,
                    })
                },
            )?,
            ratings: all(
                conn,
                "SELECT r.person_id, r.skill_id, r.level, r.assessed_at FROM skill_rating r \
                 JOIN person p ON p.id = r.person_id WHERE p.engagement_id = ?1 \
                 ORDER BY p.rowid, r.skill_id",
                &id,
                |r| {
                    Ok(SkillRating {
                        person_id: r.get(0)?,
                        skill_id: r.get(1)?,
                        level: r.get(2)?,
                        assessed_at: r.get(3)?,
                    })
                },
            )?,
            kt_topics: all(
                conn,
                "SELECT id, skill_id, title, status, due_date, signed_off_at FROM kt_topic \
                 WHERE engagement_id = ?1 ORDER BY rowid",
                &id,
                |r| {
                    Ok(KtTopic {
                        id: r.get(0)?,
                        skill_id: r.get(1)?,
                        title: r.get(2)?,
                        status: r.get(3)?,
                        due_date: r.get(4)?,
                        signed_off_at: r.get(5)?,
                    })
                },
            )?,
            responsibilities: all(
                conn,
                "SELECT id, activity, criticality, owner, target_date FROM responsibility \
                 WHERE engagement_id = ?1 ORDER BY rowid",
                &id,
                |r| {
                    Ok(Responsibility {
                        id: r.get(0)?,
                        activity: r.get(1)?,
                        criticality: r.get(2)?,
                        owner: r.get(3)?,
                        target_date: r.get(4)?,
                    })
                },
            )?,
            docs: all(
                conn,
                "SELECT id, category, title, criticality, status, not_applicable, owner, \
                 reviewer, location, last_reviewed_at, review_interval_days, due_phase \
                 FROM doc_item WHERE engagement_id = ?1 ORDER BY rowid",
                &id,
                |r| {
                    Ok(DocItem {
                        id: r.get(0)?,
                        category: r.get(1)?,
                        title: r.get(2)?,
                        criticality: r.get(3)?,
                        status: r.get(4)?,
                        not_applicable: r.get(5)?,
                        owner: r.get(6)?,
                        reviewer: r.get(7)?,
                        location: r.get(8)?,
                        last_reviewed_at: r.get(9)?,
                        review_interval_days: r.get(10)?,
                        due_phase: r.get(11)?,
                    })
                },
            )?,
            snapshots: all(conn, &snapshots_sql, &id, |r| {
                Ok(Snapshot {
                    day: r.get(0)?,
                    score: r.get(1)?,
                    staffing: r.get(2)?,
                    skills: r.get(3)?,
                    kt: r.get(4)?,
                    responsibilities: r.get(5)?,
                    docs: r.get(6)?,
                    level: r.get(7)?,
                })
            })?,
            engagement,
        })
    }
}
