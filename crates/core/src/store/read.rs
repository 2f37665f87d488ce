//! Reading engagements and everything that belongs to them: one engagement whole, or what
//! a line of the engagements list shows of it.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::command::{Command, changed_cards};
use super::{Result, Store, StoreError};
use crate::model::evidence::Ticket;
use crate::model::forecast::PACE_WINDOW_DAYS;
use crate::model::handover::{self, HandoverItem};
use crate::model::health::{BudgetLine, Cost, Integration, Lesson, Risk, UserTest};
use crate::model::text::name_order;
use crate::model::{
    ContractorPerson, DocItem, Engagement, EngagementData, GateCriterion, KtTopic, Person,
    PhaseDates, Responsibility, Role, Skill, Snapshot, Task,
};
use crate::records::{Record, select_list};

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

/// Which rows of a record's table are one engagement's (`?1`), and in which order.
struct Query {
    from: &'static str,
    owner: &'static str,
    order: &'static str,
}

impl Query {
    /// The rows of `R`'s table whose owner column names the engagement.
    const fn owned<R: Record>(order: &'static str) -> Query {
        let Some(owner) = R::OWNER else { panic!("the table names no engagement") };
        Query { from: R::TABLE, owner, order }
    }

    /// The rows of one engagement, with an extra condition.
    fn sql<R: Record>(&self, condition: &str) -> String {
        let Query { from, owner, order } = self;
        let columns = select_list::<R>();
        format!("SELECT {columns} FROM {from} WHERE {owner} = ?1 {condition} ORDER BY {order}")
    }
}

const PHASES: Query = Query::owned::<PhaseDates>(phase_order!("kind"));
const TASKS: Query = Query::owned::<Task>("position, id");
const GATES: Query = Query::owned::<GateCriterion>("rowid");
const ROLES: Query = Query::owned::<Role>("rowid");
const PEOPLE: Query = Query::owned::<Person>("rowid");
const SKILLS: Query = Query::owned::<Skill>("rowid");
/// Ratings belong to an engagement through their person.
const RATINGS: Query = Query {
    from: "skill_rating JOIN person p ON p.id = person_id",
    owner: "p.engagement_id",
    order: "p.rowid, skill_id",
};
const TOPICS: Query = Query::owned::<KtTopic>("rowid");
/// Trainees belong to an engagement through their topic.
const TRAINEES: Query = Query {
    from: "kt_trainee JOIN kt_topic k ON k.id = topic_id",
    owner: "k.engagement_id",
    order: "k.rowid, person_id",
};
const CONTRACTOR_STAFF: Query = Query::owned::<ContractorPerson>("rowid");
const DUTIES: Query = Query::owned::<Responsibility>("rowid");
const DOCS: Query = Query::owned::<DocItem>("rowid");
const SNAPSHOTS: Query = Query::owned::<Snapshot>("day");
const RISKS: Query = Query::owned::<Risk>("rowid");
const BUDGET: Query = Query::owned::<BudgetLine>(concat!(phase_order!("phase"), ", category"));
const COSTS: Query = Query::owned::<Cost>("day, rowid");
const USER_TESTS: Query = Query::owned::<UserTest>("day, rowid");
const INTEGRATIONS: Query = Query::owned::<Integration>("rowid");
const HANDOVER: Query = Query::owned::<HandoverItem>("rowid");
const LESSONS: Query = Query::owned::<Lesson>(concat!(phase_order!("phase"), ", rowid"));
const TICKETS: Query = Query::owned::<Ticket>("opened, ticket_key");

/// The rows of one engagement.
fn one<R: Record>(conn: &Connection, query: &Query, engagement_id: &str) -> Result<Vec<R>> {
    let mut statement = conn.prepare_cached(&query.sql::<R>(""))?;
    let rows = statement.query_map(params![engagement_id], R::from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<R>>>()?)
}

/// `SELECT` of every engagement column, from the engagement table.
fn engagements_sql(rest: &str) -> String {
    format!("SELECT {} FROM {} {rest}", select_list::<Engagement>(), Engagement::TABLE)
}

impl Store {
    /// Every engagement, active ones first, then by client and name in alphabetical order
    /// (`name_order`: SQLite's own order puts "Özdemir" after "Zimmermann").
    pub fn engagements(&self) -> Result<Vec<Engagement>> {
        let sql = engagements_sql("");
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map([], Engagement::from_row)?;
        let mut engagements = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        engagements.sort_by(|a, b| {
            a.archived
                .cmp(&b.archived)
                .then_with(|| name_order(&a.client, &b.client))
                .then_with(|| name_order(&a.name, &b.name))
                .then_with(|| a.slug.cmp(&b.slug))
        });
        Ok(engagements)
    }

    /// The engagement with this slug, or a message saying there is none.
    pub fn engagement_by_slug(&self, slug: &str) -> Result<Engagement> {
        let sql = engagements_sql("WHERE slug = ?1");
        let found = self.conn.query_row(&sql, params![slug], Engagement::from_row);
        match found {
            Err(rusqlite::Error::QueryReturnedNoRows) => {
                Err(StoreError::NoSuchSlug(crate::model::text::sanitize(slug).into_owned()))
            }
            other => Ok(other?),
        }
    }

    /// The engagement with this id, if it (still) exists.
    pub fn engagement_by_id(&self, id: &str) -> Result<Option<Engagement>> {
        let sql = engagements_sql("WHERE id = ?1");
        let mut statement = self.conn.prepare_cached(&sql)?;
        Ok(statement.query_row(params![id], Engagement::from_row).optional()?)
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
        self.reading(|conn| one(conn, &DOCS, engagement_id))
    }

    /// The engagement's service desk tickets alone.
    pub fn tickets(&self, engagement_id: &str) -> Result<Vec<Ticket>> {
        self.reading(|conn| one(conn, &TICKETS, engagement_id))
    }

    /// `data` after `commands` were carried out. Edits of cards alone (of which an engagement
    /// may have thousands) re-read only their cards; other edits read the engagement whole.
    pub fn refreshed(
        &self,
        mut data: EngagementData,
        commands: &[Command],
    ) -> Result<EngagementData> {
        let Some(ids) = changed_cards(commands) else {
            return self.load(data.engagement);
        };
        let sql = format!("SELECT {} FROM {} WHERE id = ?1", select_list::<Task>(), Task::TABLE);
        let cards = self.reading(|conn| {
            let mut statement = conn.prepare_cached(&sql)?;
            let cards =
                ids.iter().map(|id| statement.query_row(params![id], Task::from_row).optional());
            Ok(cards.collect::<rusqlite::Result<Option<Vec<Task>>>>()?)
        })?;
        // A card gone meanwhile (another window deleted it): read the engagement whole.
        let Some(cards) = cards else { return self.load(data.engagement) };
        for card in cards {
            match data.tasks.iter().position(|t| t.id == card.id) {
                Some(i) => data.tasks[i] = card,
                None => return self.load(data.engagement),
            }
        }
        data.tasks.sort_by(|a, b| (a.position, &a.id).cmp(&(b.position, &b.id)));
        Ok(data)
    }

    /// What the lines of the engagements list show of `engagements` on `today`: everything
    /// the score and the forecast read (no tasks, no gates; the tickets), the budget and its costs, and
    /// the daily snapshots of the forecast's pace window, with the number of overdue tasks.
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
        phases: one(conn, &PHASES, &id)?,
        tasks: one(conn, &TASKS, &id)?,
        gates: one(conn, &GATES, &id)?,
        roles: one(conn, &ROLES, &id)?,
        people: one(conn, &PEOPLE, &id)?,
        skills: one(conn, &SKILLS, &id)?,
        ratings: one(conn, &RATINGS, &id)?,
        kt_topics: one(conn, &TOPICS, &id)?,
        responsibilities: one(conn, &DUTIES, &id)?,
        docs: one(conn, &DOCS, &id)?,
        snapshots: one(conn, &SNAPSHOTS, &id)?,
        risks: one(conn, &RISKS, &id)?,
        budget: one(conn, &BUDGET, &id)?,
        costs: one(conn, &COSTS, &id)?,
        user_tests: one(conn, &USER_TESTS, &id)?,
        integrations: one(conn, &INTEGRATIONS, &id)?,
        lessons: one(conn, &LESSONS, &id)?,
        handover: inventory(conn, &id)?,
        contractor_staff: one(conn, &CONTRACTOR_STAFF, &id)?,
        kt_trainees: one(conn, &TRAINEES, &id)?,
        tickets: one(conn, &TICKETS, &id)?,
        engagement,
    })
}

/// The engagement's transfer inventory, in its order (see `handover::sort`).
fn inventory(conn: &Connection, engagement_id: &str) -> Result<Vec<HandoverItem>> {
    let mut items = one(conn, &HANDOVER, engagement_id)?;
    handover::sort(&mut items);
    Ok(items)
}

/// What a line of the engagements list needs of `engagement` on `today`.
fn summary(
    conn: &Connection,
    engagement: Engagement,
    today: NaiveDate,
) -> Result<(EngagementData, usize)> {
    let id = engagement.id.clone();
    let since = today - chrono::Days::new(PACE_WINDOW_DAYS);
    let mut snapshots = conn.prepare_cached(&SNAPSHOTS.sql::<Snapshot>("AND day >= ?2"))?;
    let snapshots = snapshots.query_map(params![id, since], Snapshot::from_row)?;
    let overdue: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM task WHERE engagement_id = ?1 AND status != 'done' \
             AND due_date < ?2",
        )?
        .query_row(params![id, today], |row| row.get(0))?;
    let data = EngagementData {
        phases: one(conn, &PHASES, &id)?,
        roles: one(conn, &ROLES, &id)?,
        people: one(conn, &PEOPLE, &id)?,
        skills: one(conn, &SKILLS, &id)?,
        ratings: one(conn, &RATINGS, &id)?,
        kt_topics: one(conn, &TOPICS, &id)?,
        kt_trainees: one(conn, &TRAINEES, &id)?,
        contractor_staff: one(conn, &CONTRACTOR_STAFF, &id)?,
        responsibilities: one(conn, &DUTIES, &id)?,
        docs: one(conn, &DOCS, &id)?,
        snapshots: snapshots.collect::<rusqlite::Result<_>>()?,
        budget: one(conn, &BUDGET, &id)?,
        costs: one(conn, &COSTS, &id)?,
        tickets: one(conn, &TICKETS, &id)?,
        ..EngagementData::new(engagement)
    };
    Ok((data, overdue as usize))
}
