//! A new engagement made from a template: each entry as the record it plans, dated from
//! the start the user asks for, the template's weeks stretched or squeezed so that Transfer
//! starts on the day asked for.

use chrono::{Datelike, Days, NaiveDate};
use toml::Spanned;

use super::{
    Template, TemplateDoc, TemplateGate, TemplateKt, TemplateResponsibility, TemplateRole,
    TemplateSkill, TemplateTask,
};
use crate::model::score::Weights;
use crate::model::{
    CriterionKind, Engagement, EngagementData, GateCriterion, KtStatus, KtTopic, Owner, Phase,
    PhaseDates, Responsibility, Role, Skill, Task, handover, new_id,
};

/// What the user asks for when creating an engagement.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEngagement {
    pub client: String,
    pub name: String,
    pub slug: String,
    pub start: NaiveDate,
    pub transfer: Option<NaiveDate>,
    pub threshold: u8,
    pub weights: Option<Weights>,
}

impl Template {
    /// A complete new engagement: the template's content, dated from `new.start`.
    /// Week offsets are stretched or squeezed so that Transfer starts on `new.transfer`.
    pub fn instantiate(&self, new: &NewEngagement, now: &str) -> EngagementData {
        let dates = Dates::new(self, new);
        let phases = self.phases(&dates);
        let tasks = (self.tasks.iter().enumerate())
            .map(|(i, t)| t.to_task(i, dates.task_due(t, &phases), now))
            .collect();
        let gates = self.gates.iter().map(TemplateGate::to_criterion).collect();
        let roles = self.roles.iter().map(|r| r.to_role(dates.week(&r.target_week))).collect();
        let skills: Vec<Skill> = self.skills.iter().map(TemplateSkill::to_skill).collect();
        let skill_id = |name: &Option<Spanned<String>>| {
            let name = name.as_ref()?.get_ref();
            skills.iter().find(|s| &s.name == name).map(|s| s.id.clone())
        };
        let kt_topics = (self.kt_topics.iter())
            .map(|k| k.to_topic(skill_id(&k.skill), dates.week(&k.due_week)))
            .collect();
        let responsibilities = (self.responsibilities.iter())
            .map(|r| r.to_responsibility(skill_id(&r.skill), dates.week(&r.target_week)))
            .collect();
        let docs = self.docs.iter().map(TemplateDoc::to_item).collect();
        let mut handover: Vec<_> =
            self.handover.iter().map(|i| i.to_item(dates.week(&i.due_week))).collect();
        handover::sort(&mut handover);

        let engagement = Engagement {
            id: new_id(),
            slug: new.slug.clone(),
            client: new.client.clone(),
            name: new.name.clone(),
            start_date: Some(new.start),
            planned_transfer_date: dates.transfer,
            current_phase: Phase::Plan,
            readiness_threshold: new.threshold,
            weights: new.weights,
            weights_problem: None,
            archived: false,
            currency: "EUR".into(),
        };
        EngagementData {
            phases,
            tasks,
            gates,
            roles,
            skills,
            kt_topics,
            responsibilities,
            docs,
            handover,
            ..EngagementData::new(engagement)
        }
    }

    /// The weeks from the engagement's start to the start of the Transfer phase.
    fn weeks_before_transfer(&self) -> u32 {
        [Phase::Plan, Phase::Build, Phase::Operate].iter().map(|p| self.weeks.get(*p)).sum()
    }

    /// The four phases, one after the other from the start; Transfer on its day, as long as
    /// the template says (not stretched).
    fn phases(&self, dates: &Dates) -> Vec<PhaseDates> {
        let mut phases = Vec::new();
        let mut week = 0.0;
        for &kind in Phase::ALL {
            let length = f64::from(self.weeks.get(kind));
            let (start, end) = if kind == Phase::Transfer {
                (dates.transfer, dates.transfer.and_then(|t| after(t, length * 7.0)))
            } else {
                (dates.at_week(week), dates.at_week(week + length))
            };
            phases.push(PhaseDates {
                id: new_id(),
                kind,
                planned_start: start,
                planned_end: end,
                actual_start: (kind == Phase::Plan).then_some(dates.start),
                actual_end: None,
            });
            week += length;
        }
        phases
    }
}

/// The days a template's weeks fall on: counted from the start, each week stretched or
/// squeezed by `scale` so that the weeks before Transfer end on its day.
struct Dates {
    start: NaiveDate,
    transfer: Option<NaiveDate>,
    scale: f64,
}

impl Dates {
    fn new(template: &Template, new: &NewEngagement) -> Dates {
        let planned_weeks = template.weeks_before_transfer().max(1);
        let transfer = new.transfer.or_else(|| after(new.start, f64::from(planned_weeks) * 7.0));
        let span_days = transfer.map_or(0, |t| (t - new.start).num_days().max(0)) as f64;
        Dates { start: new.start, transfer, scale: span_days / f64::from(planned_weeks * 7) }
    }

    /// The day `weeks` of the template's weeks after `day`.
    fn weeks_after(&self, day: NaiveDate, weeks: f64) -> Option<NaiveDate> {
        after(day, weeks * 7.0 * self.scale)
    }

    fn at_week(&self, weeks: f64) -> Option<NaiveDate> {
        self.weeks_after(self.start, weeks)
    }

    /// The day of an entry's week after the start, when it states one.
    fn week(&self, week: &Option<Spanned<u32>>) -> Option<NaiveDate> {
        week.as_ref().and_then(|w| self.at_week(f64::from(*w.get_ref())))
    }

    /// A task's due day: its week after its phase starts.
    fn task_due(&self, task: &TemplateTask, phases: &[PhaseDates]) -> Option<NaiveDate> {
        let phase = phases.iter().find(|p| p.kind == task.phase)?;
        let week = task.due_week.as_ref()?;
        self.weeks_after(phase.planned_start?, f64::from(*week.get_ref()))
    }
}

/// `days` after `day`, rounded; none past what the file can hold (left out rather than
/// made up).
fn after(day: NaiveDate, days: f64) -> Option<NaiveDate> {
    day.checked_add_days(Days::new(days.round() as u64)).filter(|d| d.year() <= 9999)
}

impl TemplateTask {
    fn to_task(&self, position: usize, due_date: Option<NaiveDate>, now: &str) -> Task {
        Task {
            notes: self.notes.clone(),
            due_date,
            position: position as i64,
            ..Task::to_do(self.phase, self.title.clone(), self.side, now)
        }
    }
}

impl TemplateGate {
    fn to_criterion(&self) -> GateCriterion {
        GateCriterion {
            id: new_id(),
            phase: self.phase,
            title: self.title.clone(),
            kind: if self.rule.is_some() { CriterionKind::Computed } else { CriterionKind::Manual },
            rule: self.rule.as_ref().map(|r| r.get_ref().clone()),
            blocking: self.blocking,
            met_at: None,
            evidence: None,
        }
    }
}

impl TemplateRole {
    fn to_role(&self, target_date: Option<NaiveDate>) -> Role {
        Role {
            id: new_id(),
            title: self.title.clone(),
            planned_count: *self.planned_count.get_ref(),
            criticality: *self.criticality.get_ref(),
            target_date,
        }
    }
}

impl TemplateSkill {
    fn to_skill(&self) -> Skill {
        Skill {
            id: new_id(),
            name: self.name.clone(),
            category: self.category.clone(),
            required_level: *self.required_level.get_ref(),
            min_holders: *self.min_holders.get_ref(),
            criticality: *self.criticality.get_ref(),
        }
    }
}

impl TemplateKt {
    fn to_topic(&self, skill_id: Option<String>, due_date: Option<NaiveDate>) -> KtTopic {
        KtTopic {
            id: new_id(),
            skill_id,
            title: self.title.clone(),
            status: KtStatus::Planned,
            due_date,
            signed_off_at: None,
            trainer_id: None,
            signed_off_by_id: None,
        }
    }
}

impl TemplateResponsibility {
    fn to_responsibility(
        &self,
        skill_id: Option<String>,
        target_date: Option<NaiveDate>,
    ) -> Responsibility {
        Responsibility {
            id: new_id(),
            activity: self.activity.clone(),
            criticality: *self.criticality.get_ref(),
            owner: Owner::Contractor,
            target_date,
            accountable_id: None,
            verifier_id: None,
            signer_id: None,
            skill_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::template::parse_date;

    #[test]
    fn instantiation_places_transfer_on_the_requested_date() {
        let new = NewEngagement {
            client: "ACME".into(),
            name: "Billing".into(),
            slug: "acme-billing".into(),
            start: parse_date("2026-01-05").unwrap(),
            transfer: Some(parse_date("2026-10-05").unwrap()),
            threshold: 80,
            weights: None,
        };
        let data = Template::standard().instantiate(&new, "2026-01-05T00:00:00Z");
        let transfer = data.phase_dates(Phase::Transfer).unwrap();
        assert_eq!(transfer.planned_start, new.transfer);
        let operate = data.phase_dates(Phase::Operate).unwrap();
        assert_eq!(operate.planned_end, new.transfer);
        assert!(data.tasks.iter().all(|t| t.due_date.is_some_and(|d| d >= new.start)));
    }
}
