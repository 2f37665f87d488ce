//! What each sheet of the workbook holds, row by row, and which cells get a colour.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::Rag;
use super::operations;
use super::sheet::{CHECKLIST, Cell, CellValue, Sheet, header};
use crate::model::handover::HandoverStatus;
use crate::model::health::{self, Risk, minor_digits};
use crate::model::{
    DocItem, DocStatus, EngagementData, KtTopic, PersonState, Phase, Responsibility, checklist,
    forecast,
};

/// A risk's exposure (likelihood × impact, 1 to 25) from which it is red, and amber.
const RED_EXPOSURE: u8 = 15;
const AMBER_EXPOSURE: u8 = 8;

pub(super) fn sheets(data: &EngagementData, today: NaiveDate) -> Vec<Sheet> {
    let mut sheets = vec![
        checklist_sheet(&data.docs, today),
        risks_sheet(data, today),
        people_sheet(data),
        skills_sheet(data),
        budget_sheet(data),
        handover_sheet(data, today),
    ];
    sheets.extend(operations::sheets(data, today));
    sheets
}

/// The columns of `docs export --csv`, numbers as numbers; the status coloured.
fn checklist_sheet(docs: &[DocItem], today: NaiveDate) -> Sheet {
    let status = checklist::COLUMNS.iter().position(|c| *c == "status").expect("a CSV column");
    let rows = docs
        .iter()
        .map(|doc| {
            let columns = checklist::COLUMNS.iter().zip(checklist::cells(doc));
            let mut cells: Vec<Cell> =
                columns.map(|(name, text)| checklist_cell(name, text)).collect();
            cells[status].rag = doc_rag(doc, today);
            cells
        })
        .collect();
    Sheet { name: CHECKLIST, header: header(&checklist::COLUMNS), rows }
}

fn checklist_cell(column: &str, text: String) -> Cell {
    let numeric = matches!(column, "criticality" | "review_interval_days");
    match text.parse::<u32>() {
        Ok(number) if numeric => Cell::number(number),
        _ => Cell::text(text),
    }
}

/// Approved is green unless its review is overdue, missing red, a document on its way amber;
/// an item that does not apply has no colour.
fn doc_rag(doc: &DocItem, today: NaiveDate) -> Option<Rag> {
    if doc.not_applicable {
        return None;
    }
    Some(match doc.status {
        DocStatus::Approved if doc.is_stale(today) => Rag::Amber,
        DocStatus::Approved => Rag::Green,
        DocStatus::Draft | DocStatus::InReview => Rag::Amber,
        DocStatus::Missing => Rag::Red,
    })
}

/// The recorded risks and those botdash sees in the data, the highest exposure first.
fn risks_sheet(data: &EngagementData, today: NaiveDate) -> Sheet {
    let forecast = forecast::forecast(data, today);
    let automatic = health::automatic_risks(data, Some(&forecast), today);
    let mut risks: Vec<(&Risk, &str)> = data.risks.iter().map(|r| (r, "recorded")).collect();
    risks.extend(automatic.iter().map(|r| (r, "automatic")));
    risks.sort_by_key(|(risk, _)| std::cmp::Reverse(risk.exposure()));
    let rows = risks
        .into_iter()
        .map(|(risk, source)| {
            let rag = risk.is_open().then(|| exposure_rag(risk.exposure()));
            vec![
                Cell::text(&risk.title),
                Cell::text(&risk.category),
                Cell::text(risk.status.as_str()),
                Cell::number(risk.likelihood),
                Cell::number(risk.impact),
                Cell::number(risk.exposure()).with_rag(rag),
                Cell::text(&risk.owner),
                Cell::text(&risk.mitigation),
                Cell::text(&risk.trigger),
                Cell::text(source),
            ]
        })
        .collect();
    let header = header(&[
        "title",
        "category",
        "status",
        "likelihood",
        "impact",
        "exposure",
        "owner",
        "mitigation",
        "trigger",
        "source",
    ]);
    Sheet { name: "Risks", header, rows }
}

fn exposure_rag(exposure: u8) -> Rag {
    match exposure {
        e if e >= RED_EXPOSURE => Rag::Red,
        e if e >= AMBER_EXPOSURE => Rag::Amber,
        _ => Rag::Green,
    }
}

/// The client's staff (each person's role, state and the day of each state), then the
/// contractor's (role, on the engagement from and until); for each, their part in the plan:
/// the KT topics they train, take or signed off, the duties they are accountable for, verify or
/// sign off.
fn people_sheet(data: &EngagementData) -> Sheet {
    let role = |id: &Option<String>| {
        let found = data.roles.iter().find(|r| Some(&r.id) == id.as_ref());
        Cell::text(found.map_or("", |r| r.title.as_str()))
    };
    let plan = |id: &str| [Cell::text(kt_part(data, id)), Cell::text(duties_part(data, id))];
    let client = data.people.iter().map(|p| {
        let mut row = vec![
            Cell::text(&p.name),
            role(&p.role_id),
            Cell::text(p.state.as_str()),
            Cell::date(p.planned_date),
            Cell::date(p.hired_at),
            Cell::date(p.onboarded_at),
            Cell::date(p.independent_at),
            Cell::date(p.left_at),
            Cell::text("client"),
            Cell::date(None),
            Cell::date(None),
        ];
        row.extend(plan(&p.id));
        row
    });
    let contractor = data.contractor_staff.iter().map(|c| {
        let mut row = vec![Cell::text(&c.name), Cell::text(&c.role)];
        row.extend(std::iter::repeat_n(Cell::date(None), 6));
        row.extend([Cell::text("contractor"), Cell::date(c.on_from), Cell::date(c.until)]);
        row.extend(plan(&c.id));
        row
    });
    let header = header(&[
        "name",
        "role",
        "state",
        "planned",
        "hired",
        "onboarded",
        "independent",
        "left",
        "side",
        "on from",
        "until",
        "KT topics",
        "duties",
    ]);
    Sheet { name: "People", header, rows: client.chain(contractor).collect() }
}

/// The KT topics the person `id` trains, takes or signed off, by title.
fn kt_part(data: &EngagementData, id: &str) -> String {
    let is = |field: &Option<String>| field.as_deref() == Some(id);
    let topics = |pick: &dyn Fn(&KtTopic) -> bool| {
        data.kt_topics.iter().filter(|t| pick(t)).map(|t| t.title.as_str()).collect()
    };
    parts([
        ("trains", topics(&|t| is(&t.trainer_id))),
        ("takes", topics(&|t| data.trainees_of(&t.id).any(|p| p == id))),
        ("signed off", topics(&|t| is(&t.signed_off_by_id))),
    ])
}

/// The duties the person `id` is accountable for, verifies or signs off, by activity.
fn duties_part(data: &EngagementData, id: &str) -> String {
    let is = |field: &Option<String>| field.as_deref() == Some(id);
    let duties = |pick: fn(&Responsibility) -> &Option<String>| {
        data.responsibilities.iter().filter(|r| is(pick(r))).map(|r| r.activity.as_str()).collect()
    };
    parts([
        ("accountable", duties(|r| &r.accountable_id)),
        ("verifies", duties(|r| &r.verifier_id)),
        ("signs off", duties(|r| &r.signer_id)),
    ])
}

/// Named lists as one cell: "trains: A, B; takes: C", the empty ones left out.
fn parts(lists: [(&str, Vec<&str>); 3]) -> String {
    let named = lists.iter().filter(|(_, items)| !items.is_empty());
    named
        .map(|(what, items)| format!("{what}: {}", items.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// One row per skill with its required level, one column per person still on the engagement:
/// a level at or above the required one green, below it amber.
fn skills_sheet(data: &EngagementData) -> Sheet {
    let people: Vec<_> = data.people.iter().filter(|p| p.state != PersonState::Left).collect();
    let rows = data
        .skills
        .iter()
        .map(|skill| {
            let mut cells = vec![
                Cell::text(&skill.name),
                Cell::text(&skill.category),
                Cell::number(skill.required_level),
            ];
            cells.extend(people.iter().map(|person| {
                let rating = data
                    .ratings
                    .iter()
                    .find(|r| r.skill_id == skill.id && r.person_id == person.id);
                rating.map_or(Cell::text(""), |r| level_cell(r.level, skill.required_level))
            }));
            cells
        })
        .collect();
    let mut header = header(&["skill", "category", "required level"]);
    header.extend(people.iter().map(|p| p.name.clone()));
    Sheet { name: "Skills matrix", header, rows }
}

fn level_cell(level: u8, required: u8) -> Cell {
    let rag = if level >= required { Rag::Green } else { Rag::Amber };
    Cell::number(level).with_rag(Some(rag))
}

/// Planned and spent per phase and category, in the engagement's currency; spending past the
/// plan red.
fn budget_sheet(data: &EngagementData) -> Sheet {
    let mut lines: BTreeMap<(Phase, &str), (i64, i64)> = BTreeMap::new();
    for line in &data.budget {
        let sums = lines.entry((line.phase, line.category.as_str())).or_default();
        sums.0 = sums.0.saturating_add(line.planned);
    }
    for cost in &data.costs {
        let sums = lines.entry((cost.phase, cost.category.as_str())).or_default();
        sums.1 = sums.1.saturating_add(cost.amount);
    }
    let currency = &data.engagement.currency;
    let digits = minor_digits(currency);
    let amount = |minor| Cell { value: CellValue::Amount(minor, digits), rag: None };
    let rows = lines
        .into_iter()
        .map(|((phase, category), (planned, spent))| {
            vec![
                Cell::text(phase.as_str()),
                Cell::text(category),
                amount(planned),
                amount(spent).with_rag((spent > planned).then_some(Rag::Red)),
            ]
        })
        .collect();
    let header = vec![
        "phase".to_string(),
        "category".to_string(),
        format!("planned ({currency})"),
        format!("spent ({currency})"),
    ];
    Sheet { name: "Budget", header, rows }
}

/// The transfer inventory: verified green, transferred amber until verified, an item overdue
/// red.
fn handover_sheet(data: &EngagementData, today: NaiveDate) -> Sheet {
    let rows = data
        .handover
        .iter()
        .map(|item| {
            let rag = match item.status {
                _ if item.is_overdue(today) => Some(Rag::Red),
                HandoverStatus::Verified => Some(Rag::Green),
                HandoverStatus::Transferred => Some(Rag::Amber),
                HandoverStatus::Planned | HandoverStatus::InProgress => None,
            };
            vec![
                Cell::text(&item.name),
                Cell::text(item.kind.as_str()),
                Cell::text(&item.current_holder),
                Cell::text(&item.target_holder),
                Cell::date(item.due_date),
                Cell::text(item.status.as_str()).with_rag(rag),
                Cell::text(&item.notes),
            ]
        })
        .collect();
    let header = header(&["item", "kind", "held by", "goes to", "due", "status", "notes"]);
    Sheet { name: "Hand-over", header, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposure_is_red_from_15_and_amber_from_8() {
        let rags = [25, 15, 14, 8, 7, 1].map(exposure_rag);
        assert_eq!(rags, [Rag::Red, Rag::Red, Rag::Amber, Rag::Amber, Rag::Green, Rag::Green]);
    }
}
