//! The people in the plan, as the report gives them: who trains and takes each KT topic and
//! who signed it off, who is accountable for, verifies and signs off each duty and the skill
//! it needs, and the contractor's staff with the day each leaves. Structured for JSON, laid
//! out once as a section the Markdown and HTML writers share.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Section, TextTable, date};
use crate::model::{ContractorPerson, EngagementData, Finding, KtStatus, Responsibility, findings};

#[derive(Debug, Serialize)]
pub struct PeopleReport {
    /// The cross-checks that failed: each with its evidence and what to do.
    pub findings: Vec<Finding>,
    pub kt_topics: Vec<KtLine>,
    pub responsibilities: Vec<DutyLine>,
    pub contractor_staff: Vec<StaffLine>,
}

/// A KT topic and its people, by name; a name left out is `None`.
#[derive(Debug, Serialize)]
pub struct KtLine {
    pub title: String,
    pub skill: Option<String>,
    pub status: KtStatus,
    pub trainer: Option<String>,
    pub trainees: Vec<String>,
    pub signed_off_by: Option<String>,
    pub signed_off_at: Option<NaiveDate>,
}

/// A duty, where it stands, and the client people around it, by name.
#[derive(Debug, Serialize)]
pub struct DutyLine {
    #[serde(flatten, serialize_with = "super::fields::shown")]
    pub duty: Responsibility,
    pub accountable: Option<String>,
    pub verifier: Option<String>,
    pub signer: Option<String>,
    pub skill: Option<String>,
}

/// One of the contractor's people and how long they stay.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct StaffLine {
    #[serde(serialize_with = "super::fields::shown")]
    pub person: ContractorPerson,
}

impl PeopleReport {
    pub fn new(data: &EngagementData, today: NaiveDate) -> PeopleReport {
        let name = |id: &Option<String>| {
            id.as_deref().and_then(|id| data.person_name(id)).map(str::to_string)
        };
        let skill = |id: &Option<String>| {
            let found = data.skills.iter().find(|s| Some(&s.id) == id.as_ref());
            found.map(|s| s.name.clone())
        };
        PeopleReport {
            findings: findings(data, today),
            kt_topics: data
                .kt_topics
                .iter()
                .map(|t| KtLine {
                    title: t.title.clone(),
                    skill: skill(&t.skill_id),
                    status: t.status,
                    trainer: name(&t.trainer_id),
                    trainees: data
                        .trainees_of(&t.id)
                        .filter_map(|id| data.person_name(id))
                        .map(str::to_string)
                        .collect(),
                    signed_off_by: name(&t.signed_off_by_id),
                    signed_off_at: t.signed_off_at,
                })
                .collect(),
            responsibilities: data
                .responsibilities
                .iter()
                .map(|r| DutyLine {
                    duty: r.clone(),
                    accountable: name(&r.accountable_id),
                    verifier: name(&r.verifier_id),
                    signer: name(&r.signer_id),
                    skill: skill(&r.skill_id),
                })
                .collect(),
            contractor_staff: (data.contractor_staff.iter())
                .map(|person| StaffLine { person: person.clone() })
                .collect(),
        }
    }

    /// The section "People in the plan": the findings, then the topics, the duties and the
    /// contractor's staff, a dash where nobody is named.
    pub fn section(&self) -> Section {
        let findings = TextTable {
            headers: vec!["Finding", "Evidence", "What to do"],
            rows: self
                .findings
                .iter()
                .map(|f| vec![f.finding.clone(), f.evidence.clone(), f.action.clone()])
                .collect(),
        };
        let named = |name: &Option<String>| name.clone().unwrap_or_else(|| "—".to_string());
        let kt = TextTable {
            headers: vec!["KT topic", "Status", "Trainer", "Trainees", "Signed off by"],
            rows: self
                .kt_topics
                .iter()
                .map(|t| {
                    let trainees = if t.trainees.is_empty() {
                        "—".to_string()
                    } else {
                        t.trainees.join(", ")
                    };
                    let signed = match (&t.signed_off_by, t.signed_off_at) {
                        (Some(by), Some(on)) => format!("{by}, {on}"),
                        (by, _) => named(by),
                    };
                    vec![
                        t.title.clone(),
                        t.status.label().into(),
                        named(&t.trainer),
                        trainees,
                        signed,
                    ]
                })
                .collect(),
        };
        let duties = TextTable {
            headers: vec!["Duty", "With", "Accountable", "Verifies", "Signs off", "Skill"],
            rows: self
                .responsibilities
                .iter()
                .map(|r| {
                    vec![
                        r.duty.activity.clone(),
                        r.duty.owner.label().into(),
                        named(&r.accountable),
                        named(&r.verifier),
                        named(&r.signer),
                        named(&r.skill),
                    ]
                })
                .collect(),
        };
        let staff = TextTable {
            headers: vec!["Contractor staff", "Role", "On from", "Until"],
            rows: self
                .contractor_staff
                .iter()
                .map(|StaffLine { person: c }| {
                    vec![c.name.clone(), c.role.clone(), date(c.on_from), date(c.until)]
                })
                .collect(),
        };
        let found = match self.findings.len() {
            0 => "No finding: every duty with the client has a holder of its skill and a stand-in \
                  where critical, every signed-off topic's trainees are at its level, and nobody \
                  leaves before what they take over or teach."
                .to_string(),
            1 => "1 finding on who can do what:".to_string(),
            n => format!("{n} findings on who can do what:"),
        };
        Section {
            heading: "People in the plan",
            sentences: vec![found],
            tables: vec![findings, kt, duties, staff],
        }
    }
}
