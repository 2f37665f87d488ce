//! The fixed sets of words the records hold — phases, statuses, states, owners — each
//! stored as lower-case text, and what each state is worth to the score.

use super::text_enum;

text_enum!(
    /// The four phases of a BOT engagement, in order.
    Phase "phase" {
        Plan => "plan", "Plan";
        Build => "build", "Build";
        Operate => "operate", "Operate";
        Transfer => "transfer", "Transfer";
    }
);

text_enum!(TaskStatus "task status" {
    Todo => "todo", "To do";
    Doing => "doing", "Doing";
    Blocked => "blocked", "Blocked";
    Done => "done", "Done";
});

text_enum!(
    /// Who does a task: the contractor, the client, or both together.
    Side "side" {
        Contractor => "contractor", "contractor";
        Client => "client", "client";
        Joint => "joint", "joint";
    }
);

text_enum!(CriterionKind "criterion kind" {
    Manual => "manual", "manual";
    Computed => "computed", "computed";
});

text_enum!(
    /// The life of a client staff member, from plan to independence (or leaving).
    PersonState "person state" {
        Planned => "planned", "planned";
        Recruiting => "recruiting", "recruiting";
        Hired => "hired", "hired";
        Onboarded => "onboarded", "onboarded";
        Independent => "independent", "independent";
        Left => "left", "left";
    }
);

text_enum!(KtStatus "KT status" {
    Planned => "planned", "planned";
    Session => "session", "session";
    Shadowing => "shadowing", "shadowing";
    ReverseShadowing => "reverse_shadowing", "reverse shadowing";
    SignedOff => "signed_off", "signed off";
});

text_enum!(
    /// Who carries a responsibility, on its way from the contractor to the client.
    Owner "owner" {
        Contractor => "contractor", "contractor";
        Shadowing => "shadowing", "shadowing";
        ReverseShadowing => "reverse_shadowing", "reverse shadowing";
        Client => "client", "client";
    }
);

text_enum!(DocStatus "document status" {
    Missing => "missing", "missing";
    Draft => "draft", "draft";
    InReview => "in_review", "in review";
    Approved => "approved", "approved";
});

impl PersonState {
    /// The state's contribution to a filled role slot (SPEC §3, staffing).
    pub fn value(self) -> f64 {
        match self {
            PersonState::Planned | PersonState::Left => 0.0,
            PersonState::Recruiting => 0.1,
            PersonState::Hired => 0.5,
            PersonState::Onboarded => 0.8,
            PersonState::Independent => 1.0,
        }
    }

    /// Hired, onboarded or independent: the person is actually on the client's staff.
    pub fn is_on_staff(self) -> bool {
        matches!(self, PersonState::Hired | PersonState::Onboarded | PersonState::Independent)
    }
}

impl KtStatus {
    pub fn value(self) -> f64 {
        match self {
            KtStatus::Planned => 0.0,
            KtStatus::Session => 0.25,
            KtStatus::Shadowing => 0.5,
            KtStatus::ReverseShadowing => 0.75,
            KtStatus::SignedOff => 1.0,
        }
    }
}

impl Owner {
    pub fn value(self) -> f64 {
        match self {
            Owner::Contractor => 0.0,
            Owner::Shadowing => 0.33,
            Owner::ReverseShadowing => 0.67,
            Owner::Client => 1.0,
        }
    }
}

impl DocStatus {
    pub fn value(self) -> f64 {
        match self {
            DocStatus::Missing => 0.0,
            DocStatus::Draft => 0.3,
            DocStatus::InReview => 0.6,
            DocStatus::Approved => 1.0,
        }
    }
}

text_enum!(
    /// The rules a computed gate criterion can check, evaluated from the data.
    GateRule "gate rule" {
        ReadinessThreshold => "readiness>=threshold", "readiness at or above the threshold";
        CriticalDocsApproved => "docs.critical_approved", "every critical document approved";
        CriticalSkillsCovered => "skills.critical_covered", "every critical skill has enough holders";
        TasksDone => "tasks.all_done", "every task of the phase done";
        DebriefingHeld => "debriefing.held", "lessons learned recorded for every phase";
        AccessHandedOver => "handover.access_verified",
            "every account and credential handed over and verified";
        ToolsHandedOver => "handover.tools_transferred",
            "every licence, environment, repository, domain and contract transferred";
        TicketsP1Planned => "tickets.p1_planned", "no P1 ticket open without a plan";
        TicketsSla => "tickets.sla", "P1/P2 tickets resolved within their SLA";
        TicketsClientAlone => "tickets.client_alone", "tickets resolved by the client alone";
    }
);
