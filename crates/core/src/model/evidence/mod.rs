//! Operational evidence: the tickets of the client's service desk, imported from its export,
//! and what they show week by week — how much the client's team resolves alone, SLA
//! attainment, open P1s — which the hypercare exit criteria and the score read.

mod hypercare;
pub mod import;

use chrono::{Datelike, Days, NaiveDate};

pub use hypercare::{Check, Hypercare, ParsedRule, criteria, in_force, parse_rule};

use super::percent;
pub use super::tickets::{KEY_BLANKS, Resolver, Ticket, TicketField, TicketKind};

// Beside the import, whose limits it holds a ticket to.
impl Ticket {
    /// Refuses, naming the ticket, what the schema refuses: an empty id or one longer than
    /// `import::MAX_CELL` characters, a priority other than 1 to 4, a ticket resolved before
    /// it was opened; and what the CSV import refuses: an id with blanks around it, a day
    /// before `import::EARLIEST_DAY`.
    pub fn check(&self) -> Result<(), String> {
        let key = self.key.trim();
        let length = key.chars().count();
        if length == 0 {
            return Err("a ticket's id is empty".into());
        }
        if length > import::MAX_CELL {
            let start: String = key.chars().take(40).collect();
            return Err(format!(
                "the ticket {start}… has an id of {length} characters (at most {})",
                import::MAX_CELL
            ));
        }
        if self.key.trim_matches(KEY_BLANKS) != self.key {
            return Err(format!("the ticket id {:?} has blanks around it", self.key));
        }
        if !(1..=4).contains(&self.priority) {
            let priority = self.priority;
            return Err(format!("the ticket {key} has priority {priority} (expected 1 to 4)"));
        }
        let earliest = import::EARLIEST_DAY;
        if self.opened < earliest || self.resolved.is_some_and(|r| r < earliest) {
            return Err(format!(
                "the ticket {key} has a day before {earliest}, the earliest day a ticket may have"
            ));
        }
        match self.resolved {
            Some(resolved) if resolved < self.opened => {
                Err(format!("the ticket {} is resolved before it was opened", self.key))
            }
            _ => Ok(()),
        }
    }
}

/// What the tickets show for one ISO week (Monday to Sunday).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Week {
    /// The Monday that starts it.
    pub monday: NaiveDate,
    /// Incidents and changes resolved in the week with their resolver known, and those of
    /// them the client's team resolved alone.
    pub resolved: usize,
    pub by_client: usize,
    /// Tickets of P1/P2 resolved in the week whose SLA outcome is known, and those met.
    pub urgent: usize,
    pub urgent_in_sla: usize,
    /// All tickets resolved in the week whose SLA outcome is known, and those met.
    pub all: usize,
    pub all_in_sla: usize,
    /// P1s open at the end of the week (or at `today`, in the week still running).
    pub open_p1: usize,
}

impl Week {
    /// "2026-W07", as ISO 8601 names a week.
    pub fn label(&self) -> String {
        let week = self.monday.iso_week();
        format!("{}-W{:02}", week.year(), week.week())
    }

    pub fn sunday(&self) -> NaiveDate {
        self.monday + Days::new(6)
    }

    /// Whole percent resolved by the client alone; `None` with nothing resolved.
    pub fn client_share(&self) -> Option<u32> {
        (self.resolved > 0).then(|| percent(self.by_client, self.resolved))
    }

    pub fn urgent_sla(&self) -> Option<u32> {
        (self.urgent > 0).then(|| percent(self.urgent_in_sla, self.urgent))
    }

    pub fn all_sla(&self) -> Option<u32> {
        (self.all > 0).then(|| percent(self.all_in_sla, self.all))
    }
}

/// How many weeks back the weekly figures go at most.
pub const MAX_WEEKS: u64 = 52;

/// The Monday of `day`'s ISO week.
pub fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Days::new(u64::from(day.weekday().num_days_from_monday()))
}

/// The figures of one week, the one starting `monday`, as known on `today`.
pub fn week(tickets: &[Ticket], monday: NaiveDate, today: NaiveDate) -> Week {
    let sunday = monday + Days::new(6);
    let resolved: Vec<&Ticket> =
        tickets.iter().filter(|t| t.resolved_within(monday, sunday.min(today))).collect();
    let shown = resolved.iter().filter(|t| t.shows_who_runs_it());
    let sla = |urgent_only: bool| {
        let known = resolved.iter().filter(|t| !urgent_only || t.is_urgent());
        let known: Vec<bool> = known.filter_map(|t| t.sla_met).collect();
        (known.len(), known.iter().filter(|met| **met).count())
    };
    let ((urgent, urgent_in_sla), (all, all_in_sla)) = (sla(true), sla(false));
    Week {
        monday,
        resolved: shown.clone().filter(|t| t.resolved_by.is_some()).count(),
        by_client: shown.filter(|t| t.resolved_by == Some(Resolver::Client)).count(),
        urgent,
        urgent_in_sla,
        all,
        all_in_sla,
        open_p1: tickets.iter().filter(|t| t.open_p1_on(sunday.min(today), today)).count(),
    }
}

/// The weeks from the first ticket's (today's at the latest) to `today`'s, oldest first, at
/// most `MAX_WEEKS`; none without tickets.
pub fn weeks(tickets: &[Ticket], today: NaiveDate) -> Vec<Week> {
    let Some(first) = tickets.iter().map(|t| t.opened.min(today)).min() else { return Vec::new() };
    let last = monday_of(today);
    let earliest = last - Days::new(7 * (MAX_WEEKS - 1));
    let mut monday = monday_of(first).max(earliest);
    let mut weeks = Vec::new();
    while monday <= last {
        weeks.push(week(tickets, monday, today));
        monday = monday + Days::new(7);
    }
    weeks
}

/// The tickets behind a week's figures: those resolved in it and the P1s open at its end.
pub fn tickets_of<'a>(tickets: &'a [Ticket], week: &Week, today: NaiveDate) -> Vec<&'a Ticket> {
    let end = week.sunday().min(today);
    tickets
        .iter()
        .filter(|t| t.resolved_within(week.monday, end) || t.open_p1_on(end, today))
        .collect()
}

/// Refuses tickets that arrive from outside (a JSON export) when one breaks a rule of
/// `Ticket::check` or two share an id: the first problem, naming the ticket (by its place
/// when it has no id).
pub fn check_tickets(tickets: &[Ticket]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for (place, ticket) in tickets.iter().enumerate() {
        if ticket.key.trim().is_empty() {
            return Err(format!("ticket #{} in the file: its id is empty", place + 1));
        }
        ticket.check()?;
        if !seen.insert(ticket.key.as_str()) {
            return Err(format!("the ticket {} appears twice", ticket.key));
        }
    }
    Ok(())
}

/// Refuses, naming the ticket, a day after `today`, as the CSV import does: the rule
/// `Ticket::check` cannot hold, since it does not know the day.
pub fn check_ticket_days(tickets: &[Ticket], today: NaiveDate) -> Result<(), String> {
    for ticket in tickets {
        for day in std::iter::once(ticket.opened).chain(ticket.resolved) {
            import::not_after(day, today)
                .map_err(|why| format!("the ticket {}: {why}", ticket.key.trim()))?;
        }
    }
    Ok(())
}

/// How many days the score's evidence looks back from the newest resolution.
pub const EVIDENCE_DAYS: u64 = 28;

/// What the score weighs of the service desk: the incidents and changes resolved in the
/// `EVIDENCE_DAYS` up to the newest resolution on or before `today`, with their resolver
/// known. Ending at the newest resolution rather than at `today` keeps the evidence when the
/// score is evaluated on a later day.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence<'a> {
    pub resolved: usize,
    /// Those of them the client's team resolved alone.
    pub by_client: usize,
    /// The newest of them, which the evidence is shown with.
    pub newest: &'a Ticket,
}

/// The score's evidence (`None` when there is none).
pub fn recent_evidence(tickets: &[Ticket], today: NaiveDate) -> Option<Evidence<'_>> {
    let counted = || tickets.iter().filter(|t| t.shows_who_runs_it() && t.resolved_by.is_some());
    let newest =
        counted().filter(|t| t.resolved.is_some_and(|r| r <= today)).max_by_key(|t| t.resolved)?;
    let end = newest.resolved?;
    let start = end - Days::new(EVIDENCE_DAYS - 1);
    let window: Vec<&Ticket> = counted().filter(|t| t.resolved_within(start, end)).collect();
    let by_client = window.iter().filter(|t| t.resolved_by == Some(Resolver::Client)).count();
    Some(Evidence { resolved: window.len(), by_client, newest })
}

#[cfg(test)]
mod tests;
