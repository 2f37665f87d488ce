//! The service desk's tickets of a sample engagement that runs the service: some weeks of
//! incidents, changes and requests, the client's team resolving a rising share of them.

use chrono::{Days, NaiveDate};

use super::Rng;
use crate::model::evidence::{Resolver, Ticket, TicketKind, monday_of};
use crate::model::new_id;

/// How the sample's service desk develops: over `weeks` weeks up to today, the share the
/// client resolves rises from `from` to `to`; one P1, opened yesterday, is open with a plan.
pub(super) struct Desk {
    pub weeks: u64,
    pub from: f64,
    pub to: f64,
}

const PER_WEEK: u64 = 12;

pub(super) fn tickets(desk: &Desk, today: NaiveDate, rng: &mut Rng) -> Vec<Ticket> {
    let first = monday_of(today) - Days::new(7 * (desk.weeks - 1));
    let mut tickets: Vec<Ticket> = (0..desk.weeks * PER_WEEK)
        .filter_map(|n| {
            let week = n / PER_WEEK;
            let progress = week as f64 / (desk.weeks - 1).max(1) as f64;
            let opened = first + Days::new(7 * week + rng.below(5));
            (opened < today).then(|| {
                let share = desk.from + (desk.to - desk.from) * progress;
                ticket(n, opened, today, (share, 0.8 + 0.17 * progress), rng)
            })
        })
        .collect();
    tickets.push(Ticket {
        id: new_id(),
        key: "INC09999".into(),
        opened: today - Days::new(1),
        resolved: None,
        priority: 1,
        kind: TicketKind::Incident,
        resolved_by: None,
        sla_met: None,
        plan: "Database failover tested tonight; the client's on-call owns it".into(),
    });
    tickets
}

/// The `n`th ticket, opened on `opened`: resolved by the client with the chance `share`,
/// within its SLA with the chance `sla`.
fn ticket(
    n: u64,
    opened: NaiveDate,
    today: NaiveDate,
    (share, sla): (f64, f64),
    rng: &mut Rng,
) -> Ticket {
    let (kind, prefix) = match rng.below(20) {
        0..=11 => (TicketKind::Incident, "INC"),
        12..=16 => (TicketKind::Change, "CHG"),
        _ => (TicketKind::Request, "REQ"),
    };
    let priority = match rng.below(20) {
        0 => 1,
        1..=4 => 2,
        5..=12 => 3,
        _ => 4,
    };
    let resolved = Some(opened + Days::new(rng.below(3))).filter(|day| *day <= today);
    let by = if rng.chance(share) { Resolver::Client } else { Resolver::Contractor };
    Ticket {
        id: new_id(),
        key: format!("{prefix}{n:05}"),
        opened,
        resolved,
        priority,
        kind,
        resolved_by: resolved.map(|_| by),
        sla_met: resolved.map(|_| rng.chance(sla)),
        plan: String::new(),
    }
}
