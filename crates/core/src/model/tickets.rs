//! The tickets of the client's service desk, as its export has them: the records the
//! operational evidence (`evidence`) is computed from.

use chrono::NaiveDate;

use super::text_enum;
use crate::records::{Blank, record};

text_enum!(
    /// What a ticket asks for.
    TicketKind "ticket type" {
        Incident => "incident", "incident";
        Change => "change", "change";
        Request => "request", "request";
    }
);

text_enum!(
    /// Whose team resolved a ticket.
    Resolver "resolver" {
        Client => "client", "client";
        Contractor => "contractor", "contractor";
    }
);

record! {
    /// One ticket of the client's service desk, as its export has it.
    pub struct Ticket: TicketField in "ticket", owned by "engagement_id", named by Key {
        Id id: String [Hidden],
        /// The desk's own id (e.g. "INC0012345"): a re-import finds the ticket by it.
        Key key: String = "ticket_key",
        Opened opened: NaiveDate,
        Resolved resolved: Option<NaiveDate>,
        /// 1 (most urgent) to 4.
        Priority priority: u8,
        Kind kind: TicketKind [Word],
        ResolvedBy resolved_by: Option<Resolver> [Word],
        SlaMet sla_met: Option<bool>,
        /// For an open ticket, who does what next: an open P1 with a plan is being handled.
        Plan plan: String as Blank,
    }
}

/// The blanks a ticket's id may not start or end with. The CSV import trims them; an id
/// that kept them would count beside the same ticket without. The sync guard holds to them.
pub const KEY_BLANKS: &[char] = &[' ', '\t', '\n', '\r'];

impl Ticket {
    /// Whether the ticket is still open at the end of `day`.
    pub fn open_on(&self, day: NaiveDate) -> bool {
        self.opened <= day && self.resolved.is_none_or(|r| r > day)
    }

    /// Whether the ticket is a P1 open at the end of `day`, as known on `today`. On `today`
    /// every P1 not yet resolved is open, whatever day it says it was opened: a day after
    /// today (an export's error, or one arriving by sync) must not hide it.
    pub fn open_p1_on(&self, day: NaiveDate, today: NaiveDate) -> bool {
        let open =
            if day >= today { self.resolved.is_none_or(|r| r > today) } else { self.open_on(day) };
        self.priority == 1 && open
    }

    /// P1 or P2: what the SLA criterion of hypercare looks at.
    pub fn is_urgent(&self) -> bool {
        self.priority <= 2
    }

    /// Incidents and changes: the work whose resolver shows who runs the service.
    pub(super) fn shows_who_runs_it(&self) -> bool {
        self.kind != TicketKind::Request
    }

    pub(super) fn resolved_within(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.resolved.is_some_and(|r| from <= r && r <= to)
    }
}
