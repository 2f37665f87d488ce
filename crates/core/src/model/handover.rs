//! The transfer inventory: what must change hands from the contractor to the client —
//! accounts, credentials, licences, environments, repositories, domains, contracts — who
//! holds each now and who will, by when, and how far its hand-over has come. A secret's
//! value is never stored: only that it exists and who holds it.

use chrono::NaiveDate;

use super::text_enum;
use crate::records::{Blank, record};

pub(crate) mod secret;
pub use secret::*;

text_enum!(
    /// What kind of thing changes hands, in the order the inventory lists them.
    HandoverKind "hand-over kind" {
        Account => "account", "account / access right";
        Credential => "credential", "credential / secret";
        Licence => "licence", "licence / tool contract";
        Environment => "environment", "environment";
        Repository => "repository", "repository";
        Domain => "domain", "domain / certificate";
        Contract => "contract", "third-party contract";
    }
);

text_enum!(
    /// How far an item's hand-over has come: verified means the client has used it and the
    /// contractor's hold on it is gone.
    HandoverStatus "hand-over status" {
        Planned => "planned", "planned";
        InProgress => "in_progress", "in progress";
        Transferred => "transferred", "transferred";
        Verified => "verified", "verified";
    }
);

record! {
    /// One thing that must change hands. There is no field for a secret's value, and the
    /// texts refuse one (see `secret_in`).
    pub struct HandoverItem: HandoverItemField in "handover_item", owned by "engagement_id",
        named by Name {
        Id id: String [Hidden],
        Kind kind: HandoverKind [Word],
        Name name: String,
        CurrentHolder current_holder: String [Name] as Blank,
        TargetHolder target_holder: String [Name] as Blank,
        DueDate due_date: Option<NaiveDate>,
        Status status: HandoverStatus [Word],
        Notes notes: String as Blank,
    }
}

impl HandoverItem {
    /// Transferred or verified: the client holds it.
    pub fn is_handed_over(&self) -> bool {
        self.status >= HandoverStatus::Transferred
    }

    /// Its due date has passed and it is not handed over yet.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.is_handed_over() && self.due_date.is_some_and(|d| d < today)
    }
}

/// An item a template puts in every new engagement's inventory: planned, with nobody named
/// yet, due `due_week` weeks after the start (stretched as the template's other offsets are).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateItem {
    pub kind: HandoverKind,
    pub name: String,
    pub due_week: Option<toml::Spanned<u32>>,
}

impl TemplateItem {
    pub fn to_item(&self, due_date: Option<NaiveDate>) -> HandoverItem {
        HandoverItem {
            id: super::new_id(),
            kind: self.kind,
            name: self.name.clone(),
            current_holder: String::new(),
            target_holder: String::new(),
            due_date,
            status: HandoverStatus::Planned,
            notes: String::new(),
        }
    }
}

/// The inventory's order: by kind, then by due date (undated last), then as recorded.
pub fn sort(items: &mut [HandoverItem]) {
    items.sort_by_key(|i| (i.kind, i.due_date.is_none(), i.due_date));
}

/// The part of the inventory a Transfer gate criterion reads, and the status its items
/// must reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateScope {
    /// Accounts and credentials, which must be verified: a credential "transferred" but
    /// still known to the contractor has not changed hands.
    Access,
    /// Licences, environments, repositories, domains and contracts, which must be
    /// transferred (or verified).
    Tools,
}

impl GateScope {
    pub fn covers(self, kind: HandoverKind) -> bool {
        let access = matches!(kind, HandoverKind::Account | HandoverKind::Credential);
        access == (self == GateScope::Access)
    }

    /// The status an item of the scope must reach.
    pub fn needs(self) -> HandoverStatus {
        match self {
            GateScope::Access => HandoverStatus::Verified,
            GateScope::Tools => HandoverStatus::Transferred,
        }
    }

    /// What the scope holds, in words.
    pub fn what(self) -> &'static str {
        match self {
            GateScope::Access => "account or credential",
            GateScope::Tools => "licence, environment, repository, domain or contract",
        }
    }
}

/// The items of `scope` that have not reached the status it needs.
pub fn not_handed_over(
    items: &[HandoverItem],
    scope: GateScope,
) -> impl Iterator<Item = &HandoverItem> {
    items.iter().filter(move |i| scope.covers(i.kind) && i.status < scope.needs())
}

/// Why the items of `scope` do not meet its gate criterion: one problem per item not far
/// enough, or that the inventory has none of them (nothing recorded proves nothing moved).
pub fn gate_problems(items: &[HandoverItem], scope: GateScope) -> Vec<String> {
    if !items.iter().any(|i| scope.covers(i.kind)) {
        return vec![format!("no {} in the hand-over inventory yet", scope.what())];
    }
    not_handed_over(items, scope)
        .map(|i| format!("{} is {}, not {}", i.name, i.status.label(), scope.needs().label()))
        .collect()
}
