//! The schema, as migrations on `PRAGMA user_version`. Each migration runs in its own
//! transaction; a file is brought forward one version at a time. Past 400 lines because it
//! is the SQL of every version, in order: a migration, once released, never changes.

use rusqlite::{Connection, TransactionBehavior};

/// Identifies botdash files ("BOTD").
pub const APPLICATION_ID: i32 = 0x424F_5444;

/// Migration `i` brings a file from version `i` to version `i + 1`.
const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13, V14];

/// The newest schema version this binary knows.
pub const VERSION: i32 = MIGRATIONS.len() as i32;

const V1: &str = r#"
CREATE TABLE engagement (
    id TEXT PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 40),
    client TEXT NOT NULL CHECK (length(trim(client)) > 0),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    start_date TEXT CHECK (start_date IS date(start_date)),
    planned_transfer_date TEXT CHECK (planned_transfer_date IS date(planned_transfer_date)),
    current_phase TEXT NOT NULL DEFAULT 'plan'
        CHECK (current_phase IN ('plan', 'build', 'operate', 'transfer')),
    readiness_threshold INTEGER NOT NULL DEFAULT 80
        CHECK (readiness_threshold BETWEEN 0 AND 100),
    weights_json TEXT CHECK (weights_json IS NULL OR json_valid(weights_json)),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
) STRICT;

CREATE TABLE phase (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('plan', 'build', 'operate', 'transfer')),
    planned_start TEXT CHECK (planned_start IS date(planned_start)),
    planned_end TEXT CHECK (planned_end IS date(planned_end)),
    actual_start TEXT CHECK (actual_start IS date(actual_start)),
    actual_end TEXT CHECK (actual_end IS date(actual_end)),
    UNIQUE (engagement_id, kind)
) STRICT;

CREATE TABLE task (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    phase TEXT NOT NULL CHECK (phase IN ('plan', 'build', 'operate', 'transfer')),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    notes TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'blocked', 'done')),
    side TEXT NOT NULL DEFAULT 'contractor' CHECK (side IN ('contractor', 'client', 'joint')),
    due_date TEXT CHECK (due_date IS date(due_date)),
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX task_by_column ON task (engagement_id, phase, status, position);

CREATE TABLE gate_criterion (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    phase TEXT NOT NULL CHECK (phase IN ('plan', 'build', 'operate', 'transfer')),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    kind TEXT NOT NULL CHECK (kind IN ('manual', 'computed')),
    rule TEXT CHECK ((kind = 'computed') = (rule IS NOT NULL)),
    blocking INTEGER NOT NULL DEFAULT 1 CHECK (blocking IN (0, 1)),
    met_at TEXT,
    evidence TEXT
) STRICT;
CREATE INDEX gate_criterion_by_engagement ON gate_criterion (engagement_id, phase);

CREATE TABLE role (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    planned_count INTEGER NOT NULL DEFAULT 1 CHECK (planned_count BETWEEN 0 AND 1000),
    criticality INTEGER NOT NULL DEFAULT 2 CHECK (criticality BETWEEN 1 AND 3),
    target_date TEXT CHECK (target_date IS date(target_date))
) STRICT;
CREATE INDEX role_by_engagement ON role (engagement_id);

CREATE TABLE person (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    role_id TEXT REFERENCES role(id) ON DELETE SET NULL,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN
        ('planned', 'recruiting', 'hired', 'onboarded', 'independent', 'left')),
    planned_date TEXT CHECK (planned_date IS date(planned_date)),
    hired_at TEXT CHECK (hired_at IS date(hired_at)),
    onboarded_at TEXT CHECK (onboarded_at IS date(onboarded_at)),
    independent_at TEXT CHECK (independent_at IS date(independent_at)),
    left_at TEXT CHECK (left_at IS date(left_at))
) STRICT;
CREATE INDEX person_by_engagement ON person (engagement_id);
CREATE INDEX person_by_role ON person (role_id);

CREATE TABLE skill (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    category TEXT NOT NULL DEFAULT '',
    required_level INTEGER NOT NULL DEFAULT 3 CHECK (required_level BETWEEN 1 AND 4),
    min_holders INTEGER NOT NULL DEFAULT 2 CHECK (min_holders BETWEEN 1 AND 100),
    criticality INTEGER NOT NULL DEFAULT 2 CHECK (criticality BETWEEN 1 AND 3)
) STRICT;
CREATE INDEX skill_by_engagement ON skill (engagement_id);

CREATE TABLE skill_rating (
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    skill_id TEXT NOT NULL REFERENCES skill(id) ON DELETE CASCADE,
    level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
    assessed_at TEXT CHECK (assessed_at IS date(assessed_at)),
    PRIMARY KEY (person_id, skill_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX skill_rating_by_skill ON skill_rating (skill_id);

CREATE TABLE kt_topic (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    skill_id TEXT REFERENCES skill(id) ON DELETE SET NULL,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN
        ('planned', 'session', 'shadowing', 'reverse_shadowing', 'signed_off')),
    due_date TEXT CHECK (due_date IS date(due_date)),
    signed_off_at TEXT CHECK (signed_off_at IS date(signed_off_at))
) STRICT;
CREATE INDEX kt_topic_by_engagement ON kt_topic (engagement_id);
CREATE INDEX kt_topic_by_skill ON kt_topic (skill_id);

CREATE TABLE responsibility (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    activity TEXT NOT NULL CHECK (length(trim(activity)) > 0),
    criticality INTEGER NOT NULL DEFAULT 2 CHECK (criticality BETWEEN 1 AND 3),
    owner TEXT NOT NULL DEFAULT 'contractor' CHECK (owner IN
        ('contractor', 'shadowing', 'reverse_shadowing', 'client')),
    target_date TEXT CHECK (target_date IS date(target_date))
) STRICT;
CREATE INDEX responsibility_by_engagement ON responsibility (engagement_id);

CREATE TABLE doc_item (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    category TEXT NOT NULL CHECK (length(trim(category)) > 0),
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    criticality INTEGER NOT NULL DEFAULT 2 CHECK (criticality BETWEEN 1 AND 3),
    status TEXT NOT NULL DEFAULT 'missing' CHECK (status IN
        ('missing', 'draft', 'in_review', 'approved')),
    not_applicable INTEGER NOT NULL DEFAULT 0 CHECK (not_applicable IN (0, 1)),
    owner TEXT,
    reviewer TEXT,
    location TEXT,
    last_reviewed_at TEXT CHECK (last_reviewed_at IS date(last_reviewed_at)),
    review_interval_days INTEGER CHECK (review_interval_days > 0),
    due_phase TEXT CHECK (due_phase IN ('plan', 'build', 'operate', 'transfer'))
) STRICT;
CREATE INDEX doc_item_by_engagement ON doc_item (engagement_id, category);

CREATE TABLE readiness_snapshot (
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    day TEXT NOT NULL CHECK (day IS date(day)),
    score REAL NOT NULL CHECK (score BETWEEN 0 AND 100),
    staffing REAL NOT NULL CHECK (staffing BETWEEN 0 AND 1),
    skills REAL NOT NULL CHECK (skills BETWEEN 0 AND 1),
    kt REAL NOT NULL CHECK (kt BETWEEN 0 AND 1),
    responsibilities REAL NOT NULL CHECK (responsibilities BETWEEN 0 AND 1),
    docs REAL NOT NULL CHECK (docs BETWEEN 0 AND 1),
    level TEXT NOT NULL CHECK (level IN ('L0', 'L1', 'L2', 'L3')),
    PRIMARY KEY (engagement_id, day)
) STRICT, WITHOUT ROWID;

-- Every user edit, with the row images needed to undo and redo it.
-- `seq` orders the edits; `undone` marks those on the redo stack. `reason` holds the written
-- justification of an overridden gate.
CREATE TABLE change_log (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT,
    seq INTEGER NOT NULL UNIQUE,
    at TEXT NOT NULL,
    summary TEXT NOT NULL,
    changes_json TEXT NOT NULL CHECK (json_valid(changes_json)),
    reason TEXT,
    undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
) STRICT;
CREATE INDEX change_log_by_engagement ON change_log (engagement_id, seq);
"#;

/// Open tasks by due date, so that counting an engagement's overdue tasks reads only those.
const V2: &str = r#"
CREATE INDEX task_open_by_due ON task (engagement_id, due_date) WHERE status != 'done';
"#;

/// Engagement health: risks, budget and costs (in the engagement's currency, integer minor
/// units), user tests, integrations, lessons learned; and the Transfer gate's debriefing.
const V3: &str = r#"
ALTER TABLE engagement ADD COLUMN currency TEXT NOT NULL DEFAULT 'EUR'
    CHECK (length(currency) = 3 AND currency GLOB '[A-Z][A-Z][A-Z]');

CREATE TABLE risk (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    category TEXT,
    likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
    impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
    owner TEXT,
    mitigation TEXT,
    trigger_event TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'mitigating', 'closed'))
) STRICT;
CREATE INDEX risk_by_engagement ON risk (engagement_id);

CREATE TABLE budget_line (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    phase TEXT NOT NULL CHECK (phase IN ('plan', 'build', 'operate', 'transfer')),
    category TEXT NOT NULL CHECK (length(trim(category)) > 0),
    planned INTEGER NOT NULL CHECK (planned >= 0),
    UNIQUE (engagement_id, phase, category)
) STRICT;

CREATE TABLE cost_entry (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    phase TEXT NOT NULL CHECK (phase IN ('plan', 'build', 'operate', 'transfer')),
    category TEXT NOT NULL CHECK (length(trim(category)) > 0),
    day TEXT NOT NULL CHECK (day IS date(day)),
    amount INTEGER NOT NULL,
    note TEXT
) STRICT;
CREATE INDEX cost_entry_by_engagement ON cost_entry (engagement_id, day);

CREATE TABLE user_test (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    day TEXT NOT NULL CHECK (day IS date(day)),
    target_group TEXT NOT NULL CHECK (length(trim(target_group)) > 0),
    participants INTEGER NOT NULL DEFAULT 0 CHECK (participants BETWEEN 0 AND 100000),
    scenario TEXT,
    findings TEXT,
    severity TEXT NOT NULL DEFAULT 'none'
        CHECK (severity IN ('none', 'minor', 'major', 'critical'))
) STRICT;
CREATE INDEX user_test_by_engagement ON user_test (engagement_id, day);

CREATE TABLE integration (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    system TEXT NOT NULL CHECK (length(trim(system)) > 0),
    data_objects TEXT,
    direction TEXT NOT NULL DEFAULT 'both' CHECK (direction IN ('inbound', 'outbound', 'both')),
    frequency TEXT,
    owner TEXT,
    test_status TEXT NOT NULL DEFAULT 'not_tested'
        CHECK (test_status IN ('not_tested', 'in_progress', 'passed', 'failed'))
) STRICT;
CREATE INDEX integration_by_engagement ON integration (engagement_id);

CREATE TABLE lesson (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    phase TEXT NOT NULL CHECK (phase IN ('plan', 'build', 'operate', 'transfer')),
    went_well TEXT,
    went_badly TEXT,
    recommendation TEXT,
    owner TEXT
) STRICT;
CREATE INDEX lesson_by_engagement ON lesson (engagement_id, phase);

UPDATE gate_criterion SET kind = 'computed', rule = 'debriefing.held', met_at = NULL
WHERE phase = 'transfer' AND title = 'Debriefing (lessons learned) held';
INSERT INTO gate_criterion (id, engagement_id, phase, title, kind, rule, blocking)
SELECT lower(hex(randomblob(16))), e.id, 'transfer', 'Debriefing (lessons learned) held',
       'computed', 'debriefing.held', 1
FROM engagement e
WHERE NOT EXISTS (SELECT 1 FROM gate_criterion g
                  WHERE g.engagement_id = e.id AND g.rule = 'debriefing.held');
"#;

/// Team sync: this database's identity and its changeset numbering, the changeset files
/// applied, and the conflicts found while applying them (see `store::sync`).
const V4: &str = r#"
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE sync_applied (
    file TEXT PRIMARY KEY NOT NULL,
    applied_at TEXT NOT NULL
) STRICT;

CREATE TABLE sync_conflict (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT,
    tbl TEXT NOT NULL,
    row_key TEXT NOT NULL CHECK (json_valid(row_key)),
    col TEXT,
    kind TEXT NOT NULL
        CHECK (kind IN ('both_changed', 'deleted_here', 'deleted_there', 'refused')),
    mine TEXT CHECK (mine IS NULL OR json_valid(mine)),
    theirs TEXT CHECK (theirs IS NULL OR json_valid(theirs)),
    source TEXT NOT NULL,
    found_at TEXT NOT NULL,
    resolved_at TEXT,
    resolution TEXT CHECK (resolution IN ('mine', 'theirs', 'agreed'))
) STRICT;
CREATE INDEX sync_conflict_open ON sync_conflict (resolved_at, found_at);
"#;

/// An engagement's currency is fixed once amounts are recorded in it: changing it would
/// change what every amount means. The message names the form field it concerns.
const V5: &str = r#"
CREATE TRIGGER engagement_currency_fixed BEFORE UPDATE OF currency ON engagement
WHEN NEW.currency IS NOT OLD.currency AND (
    EXISTS (SELECT 1 FROM budget_line WHERE engagement_id = NEW.id)
    OR EXISTS (SELECT 1 FROM cost_entry WHERE engagement_id = NEW.id))
BEGIN
    SELECT RAISE(ABORT, 'Currency: the amounts of this engagement are recorded in its currency, which cannot change now');
END;
"#;

/// Whether `NEW.weights_json` holds the five dimensions' weights, each from 0 to 1, summing to
/// 1 (SPEC §3): one condition for the insert and the update trigger of V6.
macro_rules! weights_valid {
    () => {
        "(SELECT count(*) = 5 AND sum(key IN ('staffing', 'skills', 'kt', 'responsibilities', 'docs')
                 AND type IN ('integer', 'real') AND value BETWEEN 0 AND 1) = 5
                 AND abs(total(value) - 1) <= 1e-6
          FROM json_each(NEW.weights_json))"
    };
}

/// An engagement's weights are checked here so that no way in — form, import, sync, a hand
/// edit — stores others.
const V6: &str = concat!(
    "CREATE TRIGGER engagement_weights_valid_insert BEFORE INSERT ON engagement
WHEN NEW.weights_json IS NOT NULL AND NOT ",
    weights_valid!(),
    "
BEGIN
    SELECT RAISE(ABORT, 'Weights: the five weights must each be from 0 to 1 and sum to 1');
END;
CREATE TRIGGER engagement_weights_valid_update BEFORE UPDATE OF weights_json ON engagement
WHEN NEW.weights_json IS NOT NULL AND NOT ",
    weights_valid!(),
    "
BEGIN
    SELECT RAISE(ABORT, 'Weights: the five weights must each be from 0 to 1 and sum to 1');
END;
"
);

/// Why a change arriving by sync was refused here: the rule or constraint, in words.
const V7: &str = "ALTER TABLE sync_conflict ADD COLUMN reason TEXT;";

/// Who does a card: one of the client's people by name, or a contractor's name.
const V8: &str = "ALTER TABLE task ADD COLUMN assignee TEXT;";

/// The reports written (see `store::report_log`): the day each described and its statuses,
/// which the next report compares with and starts its "what changed" from. This database's
/// own record, like `sync_state`: not exported, not synced, not undone.
const V9: &str = r#"
CREATE TABLE report_written (
    id INTEGER PRIMARY KEY,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    day TEXT NOT NULL CHECK (day IS date(day)),
    written_at TEXT NOT NULL,
    statuses_json TEXT NOT NULL CHECK (json_valid(statuses_json))
) STRICT;
CREATE INDEX report_written_by_engagement ON report_written (engagement_id, day);
"#;

/// The transfer inventory (see `model::handover`): what must change hands, who holds it
/// now and who will, by when, and how far its hand-over has come. It has no column for a
/// secret's value.
const V10: &str = r#"
CREATE TABLE handover_item (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('account', 'credential', 'licence', 'environment',
                                       'repository', 'domain', 'contract')),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    current_holder TEXT,
    target_holder TEXT,
    due_date TEXT CHECK (due_date IS date(due_date)),
    status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'in_progress', 'transferred', 'verified')),
    notes TEXT
) STRICT;
CREATE INDEX handover_item_by_engagement ON handover_item (engagement_id);
"#;

/// People in the plan: the contractor's own staff (on the engagement from, until); a KT
/// topic's trainer (contractor), trainees (client people) and who signed it off; a
/// responsibility's accountable person, verifier and signer (client people) and the skill it
/// needs. Deleting a person clears the references to them rather than what refers to them.
const V11: &str = r#"
CREATE TABLE contractor_person (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    role TEXT,
    on_from TEXT CHECK (on_from IS date(on_from)),
    until TEXT CHECK (until IS date(until))
) STRICT;
CREATE INDEX contractor_person_by_engagement ON contractor_person (engagement_id);

ALTER TABLE kt_topic ADD COLUMN trainer_id TEXT
    REFERENCES contractor_person(id) ON DELETE SET NULL;
ALTER TABLE kt_topic ADD COLUMN signed_off_by_id TEXT REFERENCES person(id) ON DELETE SET NULL;

CREATE TABLE kt_trainee (
    topic_id TEXT NOT NULL REFERENCES kt_topic(id) ON DELETE CASCADE,
    person_id TEXT NOT NULL REFERENCES person(id) ON DELETE CASCADE,
    PRIMARY KEY (topic_id, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX kt_trainee_by_person ON kt_trainee (person_id);

ALTER TABLE responsibility ADD COLUMN accountable_id TEXT
    REFERENCES person(id) ON DELETE SET NULL;
ALTER TABLE responsibility ADD COLUMN verifier_id TEXT REFERENCES person(id) ON DELETE SET NULL;
ALTER TABLE responsibility ADD COLUMN signer_id TEXT REFERENCES person(id) ON DELETE SET NULL;
ALTER TABLE responsibility ADD COLUMN skill_id TEXT REFERENCES skill(id) ON DELETE SET NULL;
"#;

/// The service desk's tickets, imported from its export (see `model::evidence`): the
/// operational evidence that hypercare's exit criteria and the score read. `ticket_key` is
/// the desk's own id, by which a re-import updates a ticket.
const V12: &str = r#"
CREATE TABLE ticket (
    id TEXT PRIMARY KEY NOT NULL,
    engagement_id TEXT NOT NULL REFERENCES engagement(id) ON DELETE CASCADE,
    ticket_key TEXT NOT NULL CHECK (length(trim(ticket_key)) BETWEEN 1 AND 2000),
    opened TEXT NOT NULL CHECK (opened IS date(opened)),
    resolved TEXT CHECK (resolved IS date(resolved) AND resolved >= opened),
    priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
    kind TEXT NOT NULL CHECK (kind IN ('incident', 'change', 'request')),
    resolved_by TEXT CHECK (resolved_by IN ('client', 'contractor')),
    sla_met INTEGER CHECK (sla_met IN (0, 1)),
    plan TEXT,
    UNIQUE (engagement_id, ticket_key)
) STRICT;
CREATE INDEX ticket_by_engagement ON ticket (engagement_id, opened);
"#;

/// For a conflict on a record no column of its own names (a KT trainee, a skill rating): the
/// names of the records it links (its topic and person), found when the conflict was: a
/// person the other side deleted is gone by the time it is listed. Held as a JSON object
/// (`sync::linked::Kept`: those names, and the names of the records its sides' references
/// hold); a conflict recorded by the first version of this column holds a JSON array of the
/// linked names alone.
const V13: &str = "ALTER TABLE sync_conflict ADD COLUMN linked_names TEXT;";

/// The redo stack (the edits undone), by engagement: whether redo finds an edit, and the
/// redo entries a new edit drops, are read from it rather than from years of edits.
const V14: &str =
    "CREATE INDEX change_log_undone ON change_log (engagement_id, seq) WHERE undone = 1;";

/// Brings a file of version `from` up to `VERSION`, one transaction per step.
pub fn migrate(conn: &mut Connection, from: i32) -> rusqlite::Result<()> {
    migrate_between(conn, from, VERSION)
}

/// Brings a file of version `from` up to version `to`; tests use it to make older files.
pub fn migrate_between(conn: &mut Connection, from: i32, to: i32) -> rusqlite::Result<()> {
    let steps = MIGRATIONS.iter().enumerate().take(to.max(0) as usize);
    for (version, sql) in steps.skip(from.max(0) as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", version as i32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
