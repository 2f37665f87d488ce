//! The person view: who is ready, per person (`model::person`), in the detail pane — their
//! key-person risks, skills, KT topics and duties as rows, each opening where it lives.

use super::{Detail, Pane};
use crate::app::place::RecordRef;
use crate::app::screens::Drill;
use crate::app::{Action, Effect, State};
use crate::model::RecordId;
use crate::model::person::{PersonReadiness, person_readiness};
use crate::store::edit::Table;

/// One part of the view: a titled table of rows.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonSection {
    pub title: &'static str,
    /// The columns' names; none for the risks, which are sentences.
    pub header: &'static [&'static str],
    pub rows: Vec<PersonRow>,
    /// What an empty section says.
    pub none: &'static str,
}

/// A row of the view and the record Enter opens from it.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub cells: Vec<String>,
    pub target: RecordRef,
    /// Something to act on: a risk, a level short of the required one, a date passed.
    pub warn: bool,
}

/// The view of `person`, in the order it is shown (and its rows selected).
pub fn sections(person: &PersonReadiness) -> Vec<PersonSection> {
    let risks = person.risks.iter().map(|risk| PersonRow {
        cells: vec![risk.text.clone()],
        target: (&risk.about).into(),
        warn: true,
    });
    let skills = person.skills.iter().map(|s| PersonRow {
        cells: vec![
            s.name.clone(),
            s.rated.to_string(),
            s.required.to_string(),
            if s.gap == 0 { "—".into() } else { format!("-{}", s.gap) },
            if s.only_holder { "only holder".into() } else { String::new() },
        ],
        target: RecordRef::new(Table::Skill, &s.skill_id),
        warn: s.gap > 0 || (s.only_holder && s.critical),
    });
    let topics = person.topics.iter().map(|t| PersonRow {
        cells: vec![
            t.title.clone(),
            roles(t.roles.iter().map(|r| r.label())),
            t.status.label().to_string(),
            match (t.signed_off_at, t.due) {
                (Some(signed), _) => format!("signed {signed}"),
                (None, Some(due)) => format!("due {due}"),
                (None, None) => "—".into(),
            },
        ],
        target: RecordRef::new(Table::KtTopic, &t.topic_id),
        warn: t.late,
    });
    let duties = person.duties.iter().map(|d| PersonRow {
        cells: vec![
            d.activity.clone(),
            roles(d.roles.iter().map(|r| r.label())),
            d.owner.label().to_string(),
            d.target.map_or("—".into(), |t| t.to_string()),
        ],
        target: RecordRef::new(Table::Responsibility, &d.duty_id),
        warn: d.late,
    });
    let client = matches!(person.record, RecordId::Person(_));
    let section = |title, header, rows, none| PersonSection { title, header, rows, none };
    let topics = section(
        "Knowledge transfer",
        &["KT topic", "as", "status", "date"],
        topics.collect(),
        "takes and gives no KT topic",
    );
    if !client {
        // The contractor's people are not rated and hold no duty: they teach, until they go.
        let none = "none: nothing they teach is due after they leave";
        return vec![section("Key-person risk", &[], risks.collect(), none), topics];
    }
    let none = "none: others can stand in, and nothing is due after they leave";
    vec![
        section("Key-person risk", &[], risks.collect(), none),
        section(
            "Skills",
            &["Skill", "rated", "needs", "gap", ""],
            skills.collect(),
            "no skills in the engagement yet",
        ),
        topics,
        section(
            "Responsibilities",
            &["Duty", "as", "carried by", "target"],
            duties.collect(),
            "holds no responsibility",
        ),
    ]
}

fn roles<'a>(labels: impl Iterator<Item = &'a str>) -> String {
    labels.collect::<Vec<_>>().join(", ")
}

impl State {
    /// The person the pane shows, as the plan sees them today.
    pub fn shown_person(&self) -> Option<PersonReadiness> {
        let Some(Detail { pane: Pane::Person { person, .. }, .. }) = &self.detail else {
            return None;
        };
        person_readiness(&self.opened.as_ref()?.data, &person.id, self.today)
    }

    /// Enter on Staffing: a person's view (the screen's `Drill::Person`); a role is edited,
    /// as before.
    pub(in crate::app) fn open_person(&mut self) -> Option<Effect> {
        if self.person_works() {
            return self.drill();
        }
        self.apply(Action::Edit)
    }

    /// Whether Enter opens a person's view here (on a role it edits, as `e` offers).
    pub(in crate::app) fn person_works(&self) -> bool {
        matches!(self.component().drill_target(&self.context()), Some(Drill::Person(_)))
    }
}
