//! The rules each value must follow, written down once for every way in: the forms, the
//! CSV checklist, the JSON import, templates, and `doctor`, which names a value that got
//! into a file some other way (an older version, a hand edit). The range each whole number
//! must keep is stated in `ranges`, the references between records in `references`; both
//! are re-exported here.

use chrono::NaiveDate;
use rusqlite::types::Value;

use super::input::validate_slug;
pub use super::ranges::*;
pub use super::references::{REFERENCES, Reference, a_record_of, other_side};
use super::{ContractorPerson, ContractorPersonField, EngagementData, Person, PersonField};
use crate::records::Record;

/// Checks a whole engagement as it arrives from outside: its slug, every ranged value, the
/// rule of each gate criterion, and that every reference stays inside the engagement. The
/// first problem, naming its record.
pub fn check_engagement(data: &EngagementData) -> Result<(), String> {
    let e = &data.engagement;
    validate_slug(&e.slug)?;
    THRESHOLD.check(e.readiness_threshold)?;
    if let Some(weights) = e.weights {
        weights.validate().map_err(|problem| format!("weights: {problem}"))?;
    }
    for r in &data.roles {
        let at = at("role", &r.title);
        PLANNED_COUNT.check(r.planned_count).map_err(&at)?;
        CRITICALITY.check(r.criticality).map_err(&at)?;
    }
    for p in &data.people {
        check_dates(p).map_err(at("person", &p.name))?;
    }
    for p in &data.contractor_staff {
        check_dates(p).map_err(at("contractor person", &p.name))?;
    }
    for r in &data.ratings {
        LEVEL.check(r.level).map_err(|m| format!("a skill rating: {m}"))?;
    }
    for s in &data.skills {
        let at = at("skill", &s.name);
        REQUIRED_LEVEL.check(s.required_level).map_err(&at)?;
        MIN_HOLDERS.check(s.min_holders).map_err(&at)?;
        CRITICALITY.check(s.criticality).map_err(&at)?;
    }
    for r in &data.responsibilities {
        CRITICALITY.check(r.criticality).map_err(at("responsibility", &r.activity))?;
    }
    for d in &data.docs {
        let at = at("document", &d.title);
        CRITICALITY.check(d.criticality).map_err(&at)?;
        if let Some(days) = d.review_interval_days {
            REVIEW_INTERVAL_DAYS.check(days).map_err(&at)?;
        }
    }
    for r in &data.risks {
        let at = at("risk", &r.title);
        RISK_RATING.check(r.likelihood).map_err(&at)?;
        RISK_RATING.check(r.impact).map_err(&at)?;
    }
    for b in &data.budget {
        AMOUNT.check(b.planned).map_err(at("planned amount", &b.category))?;
    }
    for c in &data.costs {
        AMOUNT.check(c.amount).map_err(at("cost", &c.category))?;
    }
    for t in &data.user_tests {
        PARTICIPANTS.check(t.participants).map_err(at("user test", &t.group))?;
    }
    for c in data.gates.iter() {
        if let Some(rule) = &c.rule {
            super::evidence::parse_rule(rule).map_err(at("gate criterion", &c.title))?;
        }
    }
    super::evidence::check_tickets(&data.tickets)?;
    super::handover::check_no_secrets(&data.handover)?;
    super::references::check_references(data)
}

/// A date of a record, as the rules see it: what messages call it and its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub name: &'static str,
    pub column: &'static str,
}

/// Two dates of one table's records where the second cannot come before the first (it may
/// fall on the same day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateOrder {
    pub table: &'static str,
    pub first: Date,
    pub then: Date,
}

const fn date(name: &'static str, column: &'static str) -> Date {
    Date { name, column }
}

const PLANNED: Date = date("planned", PersonField::PlannedDate.column());
const HIRED: Date = date("hired", PersonField::HiredAt.column());
const ONBOARDED: Date = date("onboarded", PersonField::OnboardedAt.column());
const INDEPENDENT: Date = date("independent", PersonField::IndependentAt.column());
const LEFT: Date = date("left", PersonField::LeftAt.column());
const ON_FROM: Date = date("on from", ContractorPersonField::OnFrom.column());
const UNTIL: Date = date("until", ContractorPersonField::Until.column());

const fn person(first: Date, then: Date) -> DateOrder {
    DateOrder { table: Person::TABLE, first, then }
}

/// The dates that follow each other. A client person's way onto the staff: planned ≤ hired
/// ≤ onboarded ≤ independent, and no one leaves before being hired, nor becomes independent
/// after leaving. A planned date after the hire is a plan written after the fact (or a
/// typo); the plan of a person hired early says when they were needed. A contractor's
/// person is on the engagement until a day not before the day they are on it from.
pub const DATE_ORDER: [DateOrder; 6] = [
    person(PLANNED, HIRED),
    person(HIRED, ONBOARDED),
    person(ONBOARDED, INDEPENDENT),
    person(HIRED, LEFT),
    person(INDEPENDENT, LEFT),
    DateOrder { table: ContractorPerson::TABLE, first: ON_FROM, then: UNTIL },
];

/// The first date of a `table` record that comes before one it must follow, and why,
/// given each date by its column with `date_of`.
pub fn dates_out_of_order(
    table: &str,
    date_of: impl Fn(&str) -> Option<NaiveDate>,
) -> Option<(Date, String)> {
    DATE_ORDER.iter().filter(|order| order.table == table).find_map(
        |&DateOrder { first, then, .. }| match (date_of(first.column), date_of(then.column)) {
            (Some(a), Some(b)) if b < a => {
                Some((then, format!("{} ({b}) cannot come before {} ({a})", then.name, first.name)))
            }
            _ => None,
        },
    )
}

/// Refuses a record whose dates are out of order, in a sentence.
fn check_dates<R: Record>(record: &R) -> Result<(), String> {
    let values = record.column_values().map_err(|e| e.to_string())?;
    let date_of = |column: &str| match values.iter().find(|(c, _)| *c == column) {
        Some((_, Value::Text(text))) => NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
        _ => None,
    };
    dates_out_of_order(R::TABLE, date_of).map_or(Ok(()), |(_, problem)| Err(problem))
}

/// Puts the record a problem was found in before the problem.
fn at<'a>(what: &'a str, name: &'a str) -> impl Fn(String) -> String + 'a {
    move |problem| format!("{what} '{name}': {problem}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PersonState;

    #[test]
    fn the_demo_data_follows_every_rule() {
        for data in crate::demo::sample(NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()) {
            assert_eq!(check_engagement(&data), Ok(()), "{}", data.engagement.slug);
        }
    }

    #[test]
    fn a_persons_dates_follow_each_other_from_the_plan_on() {
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
        let mut data = crate::demo::sample(NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()).remove(0);
        let person = |hired, onboarded, independent, left| Person {
            planned_date: day("2026-05-01"),
            hired_at: day(hired),
            onboarded_at: day(onboarded),
            independent_at: day(independent),
            left_at: day(left),
            ..Person::new(None, "Ada".into(), PersonState::Hired)
        };
        // Only the people: nothing else names them.
        data.ratings.clear();
        data.kt_trainees.clear();
        data.kt_topics.clear();
        data.responsibilities.clear();
        data.people = vec![person("2026-06-01", "2026-06-01", "2026-08-01", "")];
        assert_eq!(check_engagement(&data), Ok(()));
        data.people = vec![person("2026-06-01", "2026-07-01", "2026-06-30", "")];
        assert_eq!(
            check_engagement(&data),
            Err("person 'Ada': independent (2026-06-30) cannot come before onboarded (2026-07-01)"
                .into())
        );
        data.people = vec![person("2026-06-01", "", "", "2026-05-01")];
        assert!(check_engagement(&data).unwrap_err().contains("left (2026-05-01)"));
        data.people = vec![person("2026-06-01", "2026-06-01", "2026-08-01", "2026-07-31")];
        assert_eq!(
            check_engagement(&data),
            Err("person 'Ada': left (2026-07-31) cannot come before independent (2026-08-01)"
                .into())
        );
        data.people =
            vec![Person { planned_date: day("2026-12-01"), ..person("2026-10-01", "", "", "") }];
        assert_eq!(
            check_engagement(&data),
            Err("person 'Ada': hired (2026-10-01) cannot come before planned (2026-12-01)".into())
        );
    }

    #[test]
    fn a_contractors_person_is_not_on_the_engagement_until_before_they_are_on_it_from() {
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
        let mut data = crate::demo::sample(NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()).remove(0);
        let staff = |on_from, until| ContractorPerson {
            id: "c-jo".into(),
            name: "Jo".into(),
            role: String::new(),
            on_from: day(on_from),
            until: day(until),
        };
        data.contractor_staff.push(staff("2026-06-01", "2026-06-01"));
        assert_eq!(check_engagement(&data), Ok(()));
        *data.contractor_staff.last_mut().unwrap() = staff("2026-06-01", "2026-05-31");
        assert_eq!(
            check_engagement(&data),
            Err("contractor person 'Jo': until (2026-05-31) cannot come before on from \
                 (2026-06-01)"
                .into())
        );
    }
}
