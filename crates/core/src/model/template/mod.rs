//! Engagement templates: a TOML description of the standard work, gates, roles, skills,
//! knowledge transfer, responsibilities and documentation a new engagement starts with.
//! Here the format, read and checked with the line of each problem; what a new engagement
//! makes of it is in `new_engagement`.

mod new_engagement;

use serde::Deserialize;
use toml::Spanned;

pub use new_engagement::NewEngagement;

pub use super::input::{parse_date, slugify, validate_slug};
use super::rules::{self, Range};
use super::{DocItem, Phase, Side, text::sanitize};

/// The standard BOT engagement, built into the binary.
pub const STANDARD: &str = include_str!("../../../../../assets/templates/standard.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Planned length of each phase in weeks.
    pub weeks: PhaseWeeks,
    #[serde(default, rename = "task")]
    pub tasks: Vec<TemplateTask>,
    #[serde(default, rename = "gate")]
    pub gates: Vec<TemplateGate>,
    #[serde(default, rename = "role")]
    pub roles: Vec<TemplateRole>,
    #[serde(default, rename = "skill")]
    pub skills: Vec<TemplateSkill>,
    #[serde(default, rename = "kt")]
    pub kt_topics: Vec<TemplateKt>,
    #[serde(default, rename = "responsibility")]
    pub responsibilities: Vec<TemplateResponsibility>,
    #[serde(default, rename = "doc")]
    pub docs: Vec<TemplateDoc>,
    /// What must change hands (see `model::handover`).
    #[serde(default)]
    pub handover: Vec<super::handover::TemplateItem>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseWeeks {
    pub plan: Spanned<u32>,
    pub build: Spanned<u32>,
    pub operate: Spanned<u32>,
    pub transfer: Spanned<u32>,
}

impl PhaseWeeks {
    fn spanned(&self, phase: Phase) -> &Spanned<u32> {
        match phase {
            Phase::Plan => &self.plan,
            Phase::Build => &self.build,
            Phase::Operate => &self.operate,
            Phase::Transfer => &self.transfer,
        }
    }

    fn get(&self, phase: Phase) -> u32 {
        *self.spanned(phase).get_ref()
    }
}

/// A card of the template. Its keys are named here rather than read through the record's
/// fields (`Task::FIELDS`): that would take `#[serde(flatten)]`, which serde does not
/// support with `deny_unknown_fields` (a mistyped key would pass unnoticed) and through
/// which toml loses the line of a problem. A field of a card the template does not state
/// is `Task::to_do`'s, so that a new one needs no line here.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateTask {
    pub phase: Phase,
    pub title: String,
    #[serde(default = "default_side")]
    pub side: Side,
    /// Due this many weeks after the phase starts.
    pub due_week: Option<Spanned<u32>>,
    #[serde(default)]
    pub notes: String,
}

fn default_side() -> Side {
    Side::Contractor
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateGate {
    pub phase: Phase,
    pub title: String,
    /// A computed criterion's rule; without one the criterion is ticked by hand.
    pub rule: Option<Spanned<String>>,
    #[serde(default = "yes")]
    pub blocking: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateRole {
    pub title: String,
    pub planned_count: Spanned<u32>,
    pub criticality: Spanned<u8>,
    /// Filled this many weeks after the engagement starts.
    pub target_week: Option<Spanned<u32>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateSkill {
    pub name: String,
    pub category: String,
    pub required_level: Spanned<u8>,
    #[serde(default = "two")]
    pub min_holders: Spanned<u32>,
    pub criticality: Spanned<u8>,
}

fn two() -> Spanned<u32> {
    Spanned::new(0..0, 2)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateKt {
    pub title: String,
    /// The name of the skill this topic transfers.
    pub skill: Option<Spanned<String>>,
    pub due_week: Option<Spanned<u32>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateResponsibility {
    pub activity: String,
    pub criticality: Spanned<u8>,
    /// The name of the skill this activity needs.
    pub skill: Option<Spanned<String>>,
    pub target_week: Option<Spanned<u32>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateDoc {
    pub category: String,
    pub title: String,
    pub criticality: Spanned<u8>,
    pub review_interval_days: Option<Spanned<u32>>,
    pub due_phase: Option<Phase>,
}

impl TemplateDoc {
    /// Its criticality and review interval within their rules; else where and why not.
    pub fn check(&self) -> Result<(), (usize, String)> {
        in_range(&self.criticality, &rules::CRITICALITY)?;
        match &self.review_interval_days {
            Some(days) => in_range(days, &rules::REVIEW_INTERVAL_DAYS),
            None => Ok(()),
        }
    }

    /// A new, still missing checklist item.
    pub fn to_item(&self) -> DocItem {
        DocItem {
            review_interval_days: self.review_interval_days.as_ref().map(|d| *d.get_ref()),
            due_phase: self.due_phase,
            ..DocItem::missing(
                self.category.clone(),
                self.title.clone(),
                *self.criticality.get_ref(),
            )
        }
    }
}

/// A template's value within its rule; else where it is in the file, and why not.
fn in_range<T: Copy + Into<i64>>(v: &Spanned<T>, range: &Range) -> Result<(), (usize, String)> {
    range.check(*v.get_ref()).map_err(|message| (v.span().start, message))
}

/// A template that could not be read, with where the problem is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}: line {line}: {message}")]
pub struct TemplateError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl Template {
    /// Parses and checks a template; `file` names it in error messages.
    pub fn parse(source: &str, file: &str) -> Result<Template, TemplateError> {
        let error = |offset: usize, message: String| TemplateError {
            file: sanitize(file).into_owned(),
            line: line_of(source, offset),
            message: sanitize(&message).into_owned(),
        };
        let template: Template = toml::from_str(source).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            error(offset, e.message().trim().to_string())
        })?;
        template.check().map_err(|(offset, message)| error(offset, message))?;
        Ok(template)
    }

    /// The built-in standard template.
    pub fn standard() -> Template {
        Template::parse(STANDARD, "standard.toml").expect("the built-in template is valid")
    }

    /// Checks what serde cannot: ranges, rule names and references between entries.
    fn check(&self) -> Result<(), (usize, String)> {
        let offsets = (self.tasks.iter().map(|t| &t.due_week))
            .chain(self.roles.iter().map(|r| &r.target_week))
            .chain(self.kt_topics.iter().map(|k| &k.due_week))
            .chain(self.responsibilities.iter().map(|r| &r.target_week))
            .chain(self.handover.iter().map(|i| &i.due_week));
        for weeks in Phase::ALL.iter().map(|p| self.weeks.spanned(*p)).chain(offsets.flatten()) {
            in_range(weeks, &rules::WEEKS)?;
        }
        for role in &self.roles {
            in_range(&role.planned_count, &rules::PLANNED_COUNT)?;
            in_range(&role.criticality, &rules::CRITICALITY)?;
        }
        for skill in &self.skills {
            in_range(&skill.min_holders, &rules::MIN_HOLDERS)?;
            in_range(&skill.criticality, &rules::CRITICALITY)?;
            in_range(&skill.required_level, &rules::REQUIRED_LEVEL)?;
        }
        for r in &self.responsibilities {
            in_range(&r.criticality, &rules::CRITICALITY)?;
        }
        for doc in &self.docs {
            doc.check()?;
        }
        for rule in self.gates.iter().filter_map(|g| g.rule.as_ref()) {
            super::gate::parse_rule(rule.get_ref()).map_err(|e| (rule.span().start, e))?;
        }
        let kt_skills = self.kt_topics.iter().filter_map(|k| k.skill.as_ref());
        let duty_skills = self.responsibilities.iter().filter_map(|r| r.skill.as_ref());
        for skill in kt_skills.chain(duty_skills) {
            if !self.skills.iter().any(|s| &s.name == skill.get_ref()) {
                let message = format!("no skill named '{}' in this template", skill.get_ref());
                return Err((skill.span().start, message));
            }
        }
        Ok(())
    }
}

/// The 1-based line holding byte `offset` of `source`.
pub(crate) fn line_of(source: &str, offset: usize) -> usize {
    source.as_bytes()[..offset.min(source.len())].iter().filter(|b| **b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_template_meets_the_minimums() {
        let t = Template::standard();
        for phase in Phase::ALL {
            assert!(t.tasks.iter().filter(|x| x.phase == *phase).count() >= 5, "{phase}");
            assert!(t.gates.iter().any(|g| g.phase == *phase), "{phase}");
        }
        assert!(t.roles.len() >= 6);
        assert!(t.skills.len() >= 12);
        assert!(t.kt_topics.len() >= 10);
        assert!(t.responsibilities.len() >= 10);
        assert!(t.docs.len() >= 40);
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let source = "name = \"x\"\n[weeks]\nplan = 1\nbuild = 1\noperate = 1\ntransfer = 1\n\n[[role]]\ntitle = \"DBA\"\nplanned_count = 1\ncriticality = 7\n";
        let err = Template::parse(source, "mine.toml").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("mine.toml", 11), "{err}");
        assert!(err.message.contains("criticality must be 1 to 3"), "{err}");

        let err = Template::parse("name = \"x\"\nweeks = 3\n", "bad.toml").unwrap_err();
        assert_eq!(err.line, 2, "{err}");

        let no_holders = source.replace("criticality = 7\n", "criticality = 3\n")
            + "\n[[skill]]\nname = \"SQL\"\ncategory = \"Data\"\nrequired_level = 3\nmin_holders = 0\ncriticality = 2\n";
        let err = Template::parse(&no_holders, "mine.toml").unwrap_err();
        assert_eq!(err.line, 17, "{err}");
        assert!(err.message.contains("minimum holders must be 1 to 100, not 0"), "{err}");
    }

    #[test]
    fn unknown_rules_and_skills_are_refused() {
        let base = "name = \"x\"\n[weeks]\nplan = 1\nbuild = 1\noperate = 1\ntransfer = 1\n";
        let rule =
            format!("{base}[[gate]]\nphase = \"plan\"\ntitle = \"t\"\nrule = \"moon.full\"\n");
        let err = Template::parse(&rule, "t.toml").unwrap_err();
        assert_eq!(err.line, 10, "{err}");
        let kt = format!("{base}[[kt]]\ntitle = \"t\"\nskill = \"Cobol\"\n");
        let err = Template::parse(&kt, "t.toml").unwrap_err();
        assert!(err.message.contains("no skill named 'Cobol'"), "{err}");
    }
}
