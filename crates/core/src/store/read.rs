//! Reading engagements and everything that belongs to them: one engagement whole, or what
//! a line of the engagements list shows of it.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::edit::{Op, Table};
use super::{Result, Store, StoreError};
use crate::model::health::{BudgetLine, Cost, Integration, Lesson, Risk, UserTest};
use crate::model::score::Weights;
use crate::model::{
    DocItem, Engagement, EngagementData, GateCriterion, KtTopic, Person, PhaseDates,
    Responsibility, Role, Skill, SkillRating, Snapshot, Task,
};

const ENGAGEMENT_COLUMNS: &str = "id, slug, client, name, start_date, planned_transfer_date, \
     current_phase, readiness_threshold, weights_json, archived, currency";

fn engagement(row: &Row) -> rusqlite::Result<Engagement> {
    let weights = row.get::<_, Option<String>>(8)?.map(|json| Weights::from_stored(&json));
    Ok(Engagement {
        id: row.get(0)?,
        slug: row.get(1)?,
        client: row.get(2)?,
        name: row.get(3)?,
        start_date: row.get(4)?,
        planned_transfer_date: row.get(5)?,
        current_phase: row.get(6)?,
        readiness_threshold: row.get(7)?,
        weights: weights.clone().and_then(Result::ok),
        weights_problem: weights.and_then(Result::err),
        archived: row.get(9)?,
        currency: row.get(10)?,
    })
}

/// An optional text column, empty when NULL.
fn text(row: &Row, index: usize) -> rusqlite::Result<String> {
    Ok(row.get::<_, Option<String>>(index)?.unwrap_or_default())
}

/// Orders by the phase in `column`: Plan, Build, Operate, Transfer.
macro_rules! phase_order {
    ($column:literal) => {
        concat!(
            "CASE ",
            $column,
            " WHEN 'plan' THEN 0 WHEN 'build' THEN 1 WHEN 'operate' THEN 2 ELSE 3 END"
        )
    };
}

/// How one table is read: its columns (in the order its mapper reads them), where from,
/// the column naming the engagement, and the order of the rows.
struct Query {
    columns: &'static str,
    from: &'static str,
    owner: &'static str,
    order: &'static str,
}

impl Query {
    /// The rows of one engagement (`?1`), with an extra condition.
    fn one(&self, condition: &str) -> String {
        let Query { columns, from, owner, order } = self;
        format!("SELECT {columns} FROM {from} WHERE {owner} = ?1 {condition} ORDER BY {order}")
    }
}

const PHASES: Query = Query {
    columns: "id, kind, planned_start, planned_end, actual_start, actual_end",
    from: "phase",
    owner: "engagement_id",
    order: phase_order!("kind"),
};

fn phase(r: &Row) -> rusqlite::Result<PhaseDates> {
    Ok(PhaseDates {
        id: r.get(0)?,
        kind: r.get(1)?,
        planned_start: r.get(2)?,
        planned_end: r.get(3)?,
        actual_start: r.get(4)?,
        actual_end: r.get(5)?,
    })
}

const TASKS: Query = Query {
    columns: "id, phase, title, notes, status, side, due_date, position, created_at, updated_at",
    from: "task",
    owner: "engagement_id",
    order: "position, id",
};

fn task(r: &Row) -> rusqlite::Result<Task> {
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
}

const GATES: Query = Query {
    columns: "id, phase, title, kind, rule, blocking, met_at, evidence",
    from: "gate_criterion",
    owner: "engagement_id",
    order: "rowid",
};

fn gate(r: &Row) -> rusqlite::Result<GateCriterion> {
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
}

const ROLES: Query = Query {
    columns: "id, title, planned_count, criticality, target_date",
    from: "role",
    owner: "engagement_id",
    order: "rowid",
};

fn role(r: &Row) -> rusqlite::Result<Role> {
    Ok(Role {
        id: r.get(0)?,
        title: r.get(1)?,
        planned_count: r.get(2)?,
        criticality: r.get(3)?,
        target_date: r.get(4)?,
    })
}

const PEOPLE: Query = Query {
    columns: "id, role_id, name, state, planned_date, hired_at, onboarded_at, independent_at, \
              left_at",
    from: "person",
    owner: "engagement_id",
    order: "rowid",
};

fn person(r: &Row) -> rusqlite::Result<Person> {
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
}

const SKILLS: Query = Query {
    columns: "id, name, category, required_level, min_holders, criticality",
    from: "skill",
    owner: "engagement_id",
    order: "rowid",
};

fn skill(r: &Row) -> rusqlite::Result<Skill> {
    Ok(Skill {
        id: r.get(0)?,
        name: r.get(1)?,
        category: r.get(2)?,
        required_level: r.get(3)?,
        min_holders: r.get(4)?,
        criticality: r.get(5)?,
    })
}

const RATINGS: Query = Query {
    columns: "r.person_id, r.skill_id, r.level, r.assessed_at",
    from: "skill_rating r JOIN person p ON p.id = r.person_id",
    owner: "p.engagement_id",
    order: "p.rowid, r.skill_id",
};

fn rating(r: &Row) -> rusqlite::Result<SkillRating> {
    Ok(SkillRating {
        person_id: r.get(0)?,
        skill_id: r.get(1)?,
        level: r.get(2)?,
        assessed_at: r.get(3)?,
    })
}

const TOPICS: Query = Query {
    columns: "id, skill_id, title, status, due_date, signed_off_at",
    from: "kt_topic",
    owner: "engagement_id",
    order: "rowid",
};

fn topic(r: &Row) -> rusqlite::Result<KtTopic> {
    Ok(KtTopic {
        id: r.get(0)?,
        skill_id: r.get(1)?,
        title: r.get(2)?,
        status: r.get(3)?,
        due_date: r.get(4)?,
        signed_off_at: r.get(5)?,
    })
}

const DUTIES: Query = Query {
    columns: "id, activity, criticality, owner, target_date",
    from: "responsibility",
    owner: "engagement_id",
    order: "rowid",
};

fn duty(r: &Row) -> rusqlite::Result<Responsibility> {
    Ok(Responsibility {
        id: r.get(0)?,
        activity: r.get(1)?,
        criticality: r.get(2)?,
        owner: r.get(3)?,
        target_date: r.get(4)?,
    })
}

const DOCS: Query = Query {
    columns: "id, category, title, criticality, status, not_applicable, owner, reviewer, \
              location, last_reviewed_at, review_interval_days, due_phase",
    from: "doc_item",
    owner: "engagement_id",
    order: "rowid",
};

fn doc(r: &Row) -> rusqlite::Result<DocItem> {
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
}

const SNAPSHOTS: Query = Query {
    columns: "day, score, staffing, skills, kt, responsibilities, docs, level",
    from: "readiness_snapshot",
    owner: "engagement_id",
    order: "day",
};

fn snapshot(r: &Row) -> rusqlite::Result<Snapshot> {
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
}

const RISKS: Query = Query {
    columns: "id, title, category, likelihood, impact, owner, mitigation, trigger_event, status",
    from: "risk",
    owner: "engagement_id",
    order: "rowid",
};

fn risk(r: &Row) -> rusqlite::Result<Risk> {
    Ok(Risk {
        id: r.get(0)?,
        title: r.get(1)?,
        category: text(r, 2)?,
        likelihood: r.get(3)?,
        impact: r.get(4)?,
        owner: text(r, 5)?,
        mitigation: text(r, 6)?,
        trigger: text(r, 7)?,
        status: r.get(8)?,
    })
}

const BUDGET: Query = Query {
    columns: "id, phase, category, planned",
    from: "budget_line",
    owner: "engagement_id",
    order: concat!(phase_order!("phase"), ", category"),
};

fn budget_line(r: &Row) -> rusqlite::Result<BudgetLine> {
    Ok(BudgetLine { id: r.get(0)?, phase: r.get(1)?, category: r.get(2)?, planned: r.get(3)? })
}

const COSTS: Query = Query {
    columns: "id, phase, category, day, amount, note",
    from: "cost_entry",
    owner: "engagement_id",
    order: "day, rowid",
};

fn cost(r: &Row) -> rusqlite::Result<Cost> {
    Ok(Cost {
        id: r.get(0)?,
        phase: r.get(1)?,
        category: r.get(2)?,
        day: r.get(3)?,
        amount: r.get(4)?,
        note: text(r, 5)?,
    })
}

const USER_TESTS: Query = Query {
    columns: "id, day, target_group, participants, scenario, findings, severity",
    from: "user_test",
    owner: "engagement_id",
    order: "day, rowid",
};

fn user_test(r: &Row) -> rusqlite::Result<UserTest> {
    Ok(UserTest {
        id: r.get(0)?,
        day: r.get(1)?,
        group: r.get(2)?,
        participants: r.get(3)?,
        scenario: text(r, 4)?,
        findings: text(r, 5)?,
        severity: r.get(6)?,
    })
}

const INTEGRATIONS: Query = Query {
    columns: "id, system, data_objects, direction, frequency, owner, test_status",
    from: "integration",
    owner: "engagement_id",
    order: "rowid",
};

fn integration(r: &Row) -> rusqlite::Result<Integration> {
    Ok(Integration {
        id: r.get(0)?,
        system: r.get(1)?,
        data_objects: text(r, 2)?,
        direction: r.get(3)?,
        frequency: text(r, 4)?,
        owner: text(r, 5)?,
        status: r.get(6)?,
    })
}

const LESSONS: Query = Query {
    columns: "id, phase, went_well, went_badly, recommendation, owner",
    from: "lesson",
    owner: "engagement_id",
    order: concat!(phase_order!("phase"), ", rowid"),
};

fn lesson(r: &Row) -> rusqlite::Result<Lesson> {
    Ok(Lesson {
        id: r.get(0)?,
        phase: r.get(1)?,
        went_well: text(r, 2)?,
        went_badly: text(r, 3)?,
        recommendation: text(r, 4)?,
        owner: text(r, 5)?,
    })
}

/// The rows of one engagement.
fn one<T>(
    conn: &Connection,
    query: &Query,
    engagement_id: &str,
    map: fn(&Row) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut statement = conn.prepare_cached(&query.one(""))?;
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

    /// Runs `read` in one read transaction (unless one is open): one consistent view, and
    /// the file locked once rather than once per statement.
    fn reading<T>(&self, read: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return read(&self.conn);
        }
        let tx = self.conn.unchecked_transaction()?;
        let value = read(&tx)?;
        tx.finish()?;
        Ok(value)
    }

    /// Everything recorded about one engagement.
    pub fn load(&self, engagement: Engagement) -> Result<EngagementData> {
        self.reading(|conn| load(conn, engagement))
    }

    /// The engagement's documentation checklist alone.
    pub fn docs(&self, engagement_id: &str) -> Result<Vec<DocItem>> {
        self.reading(|conn| one(conn, &DOCS, engagement_id, doc))
    }

    /// `data` after `ops` were committed. The board's edits (updates of cards, of which an
    /// engagement may have thousands) re-read only their cards; other edits read the
    /// engagement whole.
    pub fn refreshed(&self, mut data: EngagementData, ops: &[Op]) -> Result<EngagementData> {
        let card_ids: Option<Vec<&str>> = ops
            .iter()
            .map(|op| match op {
                Op::Update { table: Table::Task, id, .. } => Some(id.as_str()),
                _ => None,
            })
            .collect();
        let Some(ids) = card_ids.filter(|ids| !ids.is_empty()) else {
            return self.load(data.engagement);
        };
        let sql = format!("SELECT {} FROM task WHERE id = ?1", TASKS.columns);
        let cards = self.reading(|conn| {
            let mut statement = conn.prepare_cached(&sql)?;
            let cards = ids.iter().map(|id| statement.query_row(params![id], task).optional());
            Ok(cards.collect::<rusqlite::Result<Option<Vec<Task>>>>()?)
        })?;
        for card in cards.into_iter().flatten() {
            match data.tasks.iter().position(|t| t.id == card.id) {
                Some(i) => data.tasks[i] = card,
                None => return self.load(data.engagement),
            }
        }
        data.tasks.sort_by(|a, b| (a.position, &a.id).cmp(&(b.position, &b.id)));
        Ok(data)
    }

    /// What the lines of the engagements list show of `engagements` on `today`: everything
    /// the score reads and the daily snapshots of the last 30 days (no tasks, no gates), with
    /// the number of overdue tasks.
    pub fn summaries(
        &self,
        engagements: Vec<Engagement>,
        today: NaiveDate,
    ) -> Result<Vec<(EngagementData, usize)>> {
        self.reading(|conn| engagements.into_iter().map(|e| summary(conn, e, today)).collect())
    }
}

fn load(conn: &Connection, engagement: Engagement) -> Result<EngagementData> {
    let id = engagement.id.clone();
    Ok(EngagementData {
        phases: one(conn, &PHASES, &id, phase)?,
        tasks: one(conn, &TASKS, &id, task)?,
        gates: one(conn, &GATES, &id, gate)?,
        roles: one(conn, &ROLES, &id, role)?,
        people: one(conn, &PEOPLE, &id, person)?,
        skills: one(conn, &SKILLS, &id, skill)?,
        ratings: one(conn, &RATINGS, &id, rating)?,
        kt_topics: one(conn, &TOPICS, &id, topic)?,
        responsibilities: one(conn, &DUTIES, &id, duty)?,
        docs: one(conn, &DOCS, &id, doc)?,
        snapshots: one(conn, &SNAPSHOTS, &id, snapshot)?,
        risks: one(conn, &RISKS, &id, risk)?,
        budget: one(conn, &BUDGET, &id, budget_line)?,
        costs: one(conn, &COSTS, &id, cost)?,
        user_tests: one(conn, &USER_TESTS, &id, user_test)?,
        integrations: one(conn, &INTEGRATIONS, &id, integration)?,
        lessons: one(conn, &LESSONS, &id, lesson)?,
        engagement,
    })
}

/// What a line of the engagements list needs of `engagement` on `today`.
fn summary(
    conn: &Connection,
    engagement: Engagement,
    today: NaiveDate,
) -> Result<(EngagementData, usize)> {
    let id = engagement.id.clone();
    let since = today - chrono::Days::new(30);
    let mut snapshots = conn.prepare_cached(&SNAPSHOTS.one("AND day > ?2"))?;
    let snapshots = snapshots.query_map(params![id, since], snapshot)?;
    let overdue: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM task WHERE engagement_id = ?1 AND status != 'done' \
             AND due_date < ?2",
        )?
        .query_row(params![id, today], |row| row.get(0))?;
    let data = EngagementData {
        phases: one(conn, &PHASES, &id, phase)?,
        roles: one(conn, &ROLES, &id, role)?,
        people: one(conn, &PEOPLE, &id, person)?,
        skills: one(conn, &SKILLS, &id, skill)?,
        ratings: one(conn, &RATINGS, &id, rating)?,
        kt_topics: one(conn, &TOPICS, &id, topic)?,
        responsibilities: one(conn, &DUTIES, &id, duty)?,
        docs: one(conn, &DOCS, &id, doc)?,
        snapshots: snapshots.collect::<rusqlite::Result<_>>()?,
        ..EngagementData::new(engagement)
    };
    Ok((data, overdue as usize))
}
