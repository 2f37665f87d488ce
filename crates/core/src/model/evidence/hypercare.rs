//! The exit criteria of hypercare as rules over the tickets, for computed gate criteria.
//! Each gives its verdict with the figures that decide it. A computed criterion's rule is
//! read here too (`parse_rule`): its parameters are a hypercare criterion's.

use chrono::{Days, NaiveDate};

use super::{MAX_WEEKS, Ticket, Week, monday_of, percent, week};
use crate::model::text::sanitize;
use crate::model::{EngagementData, GateRule};

/// A hypercare exit criterion, with its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hypercare {
    /// No P1 is open without a plan (a ticket's plan: who does what next).
    P1Planned,
    /// At least `percent` % of the P1/P2 tickets resolved in the last `weeks` complete
    /// weeks met their SLA.
    Sla { percent: u32, weeks: u32 },
    /// In each of the last `weeks` complete weeks, at least `percent` % of the incidents
    /// and changes resolved were resolved by the client's team alone.
    ClientAlone { percent: u32, weeks: u32 },
}

/// A computed criterion's rule as stored: its name and, for the hypercare rules, optional
/// parameters in parentheses, e.g. `tickets.client_alone(95,4)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParsedRule {
    pub rule: GateRule,
    pub hypercare: Option<Hypercare>,
}

pub fn parse_rule(text: &str) -> Result<ParsedRule, String> {
    let (name, args) = match text.split_once('(') {
        None => (text, None),
        Some((name, rest)) => {
            let (args, after) = rest.split_once(')').ok_or_else(|| {
                format!("the rule '{}' lacks its closing parenthesis", sanitize(text))
            })?;
            if !after.is_empty() {
                let after = match after.trim() {
                    "" => "blanks".into(),
                    after => format!("'{}'", sanitize(after)),
                };
                return Err(format!(
                    "the rule '{}' has {after} after its closing parenthesis",
                    sanitize(text)
                ));
            }
            (name, Some(args))
        }
    };
    let rule: GateRule = name.trim().parse()?;
    Ok(ParsedRule { rule, hypercare: Hypercare::of(rule, args)? })
}

/// A criterion's verdict and the figures that decide it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Check {
    pub met: bool,
    pub figures: String,
}

impl Hypercare {
    /// The hypercare criterion of `rule` with the parameters `args` (e.g. "95,4"; the
    /// defaults when `None`); `None` for the rules that are not about tickets, which take
    /// no parameters.
    pub fn of(rule: GateRule, args: Option<&str>) -> Result<Option<Hypercare>, String> {
        let hypercare = match rule {
            GateRule::TicketsP1Planned if args.is_none() => Hypercare::P1Planned,
            GateRule::TicketsSla => {
                let (percent, weeks) = parameters(rule, args, (90, 4))?;
                Hypercare::Sla { percent, weeks }
            }
            GateRule::TicketsClientAlone => {
                let (percent, weeks) = parameters(rule, args, (95, 4))?;
                Hypercare::ClientAlone { percent, weeks }
            }
            _ if args.is_some() => return Err(format!("the rule {rule} takes no parameters")),
            _ => return Ok(None),
        };
        Ok(Some(hypercare))
    }

    /// The criterion as of `today`. Without any ticket there is no evidence: unmet.
    pub fn check(self, tickets: &[Ticket], today: NaiveDate) -> Check {
        if tickets.is_empty() {
            return Check { met: false, figures: "no service desk tickets imported".into() };
        }
        match self {
            Hypercare::P1Planned => p1_planned(tickets, today),
            Hypercare::Sla { percent, weeks } => sla(tickets, today, percent, weeks),
            Hypercare::ClientAlone { percent, weeks } => {
                client_alone(tickets, today, percent, weeks)
            }
        }
    }
}

/// The parameters "percent,weeks" of `rule`, `defaults` when it states none.
fn parameters(
    rule: GateRule,
    args: Option<&str>,
    defaults: (u32, u32),
) -> Result<(u32, u32), String> {
    let Some(args) = args else { return Ok(defaults) };
    let usage = || format!("the rule {rule} takes (percent,weeks), e.g. {rule}(90,4)");
    let (percent, weeks) = args.split_once(',').ok_or_else(usage)?;
    let percent: u32 = percent.trim().parse().map_err(|_| usage())?;
    let weeks: u32 = weeks.trim().parse().map_err(|_| usage())?;
    if percent > 100 || weeks == 0 || u64::from(weeks) > MAX_WEEKS {
        return Err(format!(
            "the rule {rule} takes a percent from 0 to 100 and from 1 to {MAX_WEEKS} weeks"
        ));
    }
    Ok((percent, weeks))
}

/// The most tickets a verdict names: an export may hold a thousand open P1s.
const MOST_NAMED: usize = 5;

fn p1_planned(tickets: &[Ticket], today: NaiveDate) -> Check {
    let open: Vec<&Ticket> = tickets.iter().filter(|t| t.open_p1_on(today, today)).collect();
    let unplanned: Vec<&str> =
        open.iter().filter(|t| t.plan.trim().is_empty()).map(|t| t.key.as_str()).collect();
    let figures = match (open.len(), unplanned.as_slice()) {
        (0, _) => "no P1 open".to_string(),
        (n, []) => format!("{n} P1 open, each with a plan"),
        (_, keys) if keys.len() > MOST_NAMED => format!(
            "open P1 without a plan: {}, and {} more",
            keys[..MOST_NAMED].join(", "),
            keys.len() - MOST_NAMED
        ),
        (_, keys) => format!("open P1 without a plan: {}", keys.join(", ")),
    };
    Check { met: unplanned.is_empty(), figures }
}

/// The last `count` complete weeks before `today`'s, oldest first.
fn complete_weeks(tickets: &[Ticket], today: NaiveDate, count: u32) -> Vec<Week> {
    let this_week = monday_of(today);
    (1..=u64::from(count))
        .rev()
        .map(|back| week(tickets, this_week - Days::new(7 * back), today))
        .collect()
}

fn sla(tickets: &[Ticket], today: NaiveDate, at_least: u32, count: u32) -> Check {
    let weeks = complete_weeks(tickets, today, count);
    let urgent: usize = weeks.iter().map(|w| w.urgent).sum();
    let in_sla: usize = weeks.iter().map(|w| w.urgent_in_sla).sum();
    if urgent == 0 {
        let figures = format!("no P1/P2 resolved in the last {count} weeks");
        return Check { met: true, figures };
    }
    let share = percent(in_sla, urgent);
    Check {
        met: share >= at_least,
        figures: format!(
            "{share} % of {urgent} P1/P2 within SLA in the last {count} weeks \
             (at least {at_least} % needed)"
        ),
    }
}

fn client_alone(tickets: &[Ticket], today: NaiveDate, at_least: u32, count: u32) -> Check {
    let weeks = complete_weeks(tickets, today, count);
    let short: Vec<String> = weeks
        .iter()
        .filter(|w| w.client_share().is_none_or(|share| share < at_least))
        .map(|w| match w.client_share() {
            None => format!("{} nothing resolved", w.label()),
            Some(share) => format!("{} {share} % ({} of {})", w.label(), w.by_client, w.resolved),
        })
        .collect();
    if short.is_empty() {
        let lowest = weeks.iter().filter_map(Week::client_share).min().unwrap_or(0);
        let figures = format!(
            "at least {at_least} % resolved by the client alone in each of the last {count} \
             weeks (lowest {lowest} %)"
        );
        return Check { met: true, figures };
    }
    Check { met: false, figures: format!("below {at_least} %: {}", short.join(", ")) }
}

/// The hypercare exit criteria in force (see `in_force`), each with its verdict on `today`.
pub fn criteria(data: &EngagementData, today: NaiveDate) -> Vec<(String, Check)> {
    in_force(data).into_iter().map(|(title, h)| (title, h.check(&data.tickets, today))).collect()
}

/// The hypercare exit criteria the engagement's gates state, each titled; the three rules
/// with their default parameters when no gate states one.
pub fn in_force(data: &EngagementData) -> Vec<(String, Hypercare)> {
    let stated: Vec<(String, Hypercare)> = data
        .gates
        .iter()
        .filter_map(|g| Some((g.title.clone(), parse_rule(g.rule.as_deref()?).ok()?.hypercare?)))
        .collect();
    if !stated.is_empty() {
        return stated;
    }
    [GateRule::TicketsP1Planned, GateRule::TicketsSla, GateRule::TicketsClientAlone]
        .into_iter()
        .filter_map(|rule| Some((capitalized(rule.label()), Hypercare::of(rule, None).ok()??)))
        .collect()
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
