//! Every rule of `model::rules` as a `Rule` in SQL: ranges, references within the
//! engagement and to the right side's people, a topic's signer, ticket ids and days, gate
//! rules, the order of dates, and the secret rule (`secret`).

use super::Rule;
use super::secret::secret_rules;
use crate::model::evidence::import::EARLIEST_DAY;
use crate::model::evidence::{KEY_BLANKS, Ticket, TicketField};
use crate::model::rules::{
    DATE_ORDER, DateOrder, RANGES, REFERENCES, Reference, a_record_of, other_side,
};
use crate::model::{GateCriterion, GateCriterionField, KtStatus, KtTopic, KtTopicField};
use crate::records::Record;
use crate::store::tables::Table;

/// Every rule, as `model::rules` states them, that doctor counts: the gate criteria's rules
/// it names one by one with the reason (`checkup::broken_gate_rules`).
pub(in crate::store) fn rules() -> Vec<Rule> {
    let ranges = RANGES.iter().flat_map(|range| {
        range.columns.iter().map(move |(table, column)| Rule {
            table,
            column,
            also: None,
            broken: format!(
                "ROW.\"{column}\" IS NOT NULL AND NOT (typeof(ROW.\"{column}\") = 'integer' \
                 AND ROW.\"{column}\" BETWEEN {} AND {})",
                range.min, range.max
            ),
            words: format!("{} must be {} to {}", range.name, range.min, range.max),
            breach: format!(
                "out of range: {{count}} {table}.{column} outside {} to {}; correct them in the app",
                range.min, range.max
            ),
            named: true,
        })
    });
    let references = REFERENCES.iter().map(|&Reference { table, column, target, .. }| {
        let target_owner = owner(target).expect("a referenced record belongs to an engagement");
        let engagement = engagement_of(table, column, target_owner);
        Rule {
            table,
            column,
            also: None,
            broken: format!(
                "ROW.\"{column}\" IS NOT NULL AND EXISTS (SELECT 1 FROM main.\"{target}\" \
                 WHERE id = ROW.\"{column}\" AND {target_owner} IS NOT {engagement})"
            ),
            words: format!("{column} names a {target} of another engagement"),
            breach: format!(
                "crossed references: {{count}} {table}.{column} name a {target} of another engagement"
            ),
            named: true,
        }
    });
    // A reference to a record not here: a foreign key refuses it too, but only at the end of
    // a sync's file and for the whole file; this refuses the one change, and says why.
    // One of the other side's people is not a deleted record: `wrong_side` says what it is.
    let missing = REFERENCES.iter().map(|&Reference { table, column, target, .. }| Rule {
        table,
        column,
        also: None,
        broken: format!(
            "ROW.\"{column}\" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM main.\"{target}\" \
             WHERE id = ROW.\"{column}\"){}",
            other_side(target).map_or(String::new(), |other| format!(
                " AND NOT EXISTS (SELECT 1 FROM main.\"{other}\" WHERE id = ROW.\"{column}\")"
            ))
        ),
        words: format!("{column} names a {target} that was deleted"),
        breach: format!("dangling references: {{count}} {table}.{column} name a deleted {target}"),
        named: true,
    });
    // The slug rule of `model::template::validate_slug`, in SQL.
    let words = "a slug is 1 to 40 lower-case letters, digits and dashes";
    let slug = Rule {
        table: "engagement",
        column: "slug",
        also: None,
        broken: "NOT (typeof(ROW.slug) = 'text' AND length(ROW.slug) BETWEEN 1 AND 40 \
                 AND ROW.slug NOT GLOB '*[^a-z0-9-]*' AND ROW.slug NOT GLOB '-*')"
            .into(),
        words: words.into(),
        breach: format!("not a slug: {{count}} engagement.slug ({words})"),
        named: true,
    };
    ranges
        .chain(references)
        .chain(missing)
        .chain(wrong_side())
        .chain([slug, signer(), ticket_key()])
        .chain(ticket_days())
        .chain(date_rules())
        .chain(secret_rules())
        .collect()
}

/// A reference to one of the other side's people (`model::rules::other_side`): a client
/// person named as a topic's trainer, one of the contractor's people as a duty's verifier.
fn wrong_side() -> impl Iterator<Item = Rule> {
    let people = REFERENCES.iter().filter_map(|&Reference { table, column, target, .. }| {
        Some((table, column, target, other_side(target)?))
    });
    people.map(|(table, column, target, other)| {
        let (is, must) = (a_record_of(other), a_record_of(target));
        Rule {
            table,
            column,
            also: None,
            broken: format!("EXISTS (SELECT 1 FROM main.\"{other}\" WHERE id = ROW.\"{column}\")"),
            words: format!("{column} names {is}, not {must}"),
            breach: format!("wrong side: {{count}} {table}.{column} name {is}, not {must}"),
            named: true,
        }
    })
}

/// A KT topic's signer, only while it is signed off (as the app clears it on leaving that).
fn signer() -> Rule {
    let (column, status) = (KtTopicField::SignedOffById.column(), KtTopicField::Status.column());
    Rule {
        table: KtTopic::TABLE,
        column,
        also: Some(status),
        broken: format!(
            "ROW.\"{column}\" IS NOT NULL AND ROW.\"{status}\" IS NOT '{}'",
            KtStatus::SignedOff.as_str()
        ),
        words: "only a signed-off KT topic has a signer".into(),
        breach: format!(
            "signers of topics not signed off: {{count}} {}.{column}; edit the topic in the app",
            KtTopic::TABLE
        ),
        named: true,
    }
}

/// A ticket's id without blanks around it (`model::evidence::KEY_BLANKS`), as
/// `Ticket::check` has it: one with them would count beside the same ticket without.
fn ticket_key() -> Rule {
    let column = TicketField::Key.column();
    let blanks = KEY_BLANKS.iter().map(|c| u32::from(*c).to_string()).collect::<Vec<_>>();
    Rule {
        table: Ticket::TABLE,
        column,
        also: None,
        broken: format!(
            "ROW.\"{column}\" IS NOT trim(ROW.\"{column}\", char({}))",
            blanks.join(", ")
        ),
        words: "a ticket's id has no blanks around it".into(),
        breach: format!(
            "ticket ids with blanks around them: {{count}} {}.{column}, each counted beside its ticket",
            Ticket::TABLE
        ),
        named: true,
    }
}

/// A ticket's days, not before the earliest a ticket may have, as `Ticket::check` has it.
fn ticket_days() -> impl Iterator<Item = Rule> {
    [TicketField::Opened, TicketField::Resolved].into_iter().map(|field| {
        let column = field.column();
        Rule {
            table: Ticket::TABLE,
            column,
            also: None,
            broken: format!("ROW.\"{column}\" < '{EARLIEST_DAY}'"),
            words: format!("a ticket's day cannot be before {EARLIEST_DAY}"),
            breach: format!(
                "ticket days before {EARLIEST_DAY}: {{count}} {}.{column}",
                Ticket::TABLE
            ),
            named: true,
        }
    })
}

/// A gate criterion's rule, one the gate can evaluate (`model::gate::parse_rule`), as the
/// import has it.
pub(super) fn gate_rule() -> Rule {
    let column = GateCriterionField::Rule.column();
    Rule {
        table: GateCriterion::TABLE,
        column,
        also: None,
        broken: format!("gate_rule_problem(ROW.\"{column}\") IS NOT NULL"),
        words: "a gate criterion's rule must be one the gate can evaluate".into(),
        breach: format!(
            "gate rules the gate cannot evaluate: {{count}} {}.{column}",
            GateCriterion::TABLE
        ),
        named: true,
    }
}

/// The order of a record's dates (`model::rules::DATE_ORDER`), in SQL: one rule on the
/// later date of each pair. Dates are stored as `YYYY-MM-DD`, so texts compare as days.
pub(super) fn date_rules() -> impl Iterator<Item = Rule> {
    DATE_ORDER.iter().map(|&DateOrder { table, first, then }| {
        let (before, column) = (first.column, then.column);
        let record = table.replace('_', " ");
        Rule {
            table,
            column,
            also: Some(before),
            broken: format!("ROW.\"{column}\" < ROW.\"{before}\""),
            words: format!("a {record}'s {} date cannot come before the {} date", then.name, first.name),
            breach: format!(
                "dates out of order: {{count}} {table}.{column} before {before}; correct them in the app"
            ),
            named: true,
        }
    })
}

/// The column naming the engagement a row of `table` belongs to, where it has one.
fn owner(table: &str) -> Option<&'static str> {
    Table::from_name(table).and_then(Table::owner)
}

/// The engagement a row of `table` belongs to, on the row called `ROW`, compared with the
/// record `column` names (`named`, its engagement): its owner column, or for a table without
/// one (a skill rating) the engagement of the record its other reference names, so that its
/// person and its skill must share one, whichever changes. When that record is not here,
/// `named` itself: the rule on missing records says so.
fn engagement_of(table: &str, column: &str, named: &str) -> String {
    if let Some(owner) = owner(table) {
        return format!("ROW.{owner}");
    }
    let Reference { column: other, target, .. } = REFERENCES
        .iter()
        .find(|r| r.table == table && r.column != column)
        .expect("a record without an engagement references two that have one");
    let owner = owner(target).expect("a referenced record belongs to an engagement");
    format!("coalesce((SELECT {owner} FROM main.\"{target}\" WHERE id = ROW.\"{other}\"), {named})")
}
