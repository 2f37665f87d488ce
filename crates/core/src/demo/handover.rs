//! The sample's transfer inventory: what changes hands, and how far it has.

use chrono::Days;

use crate::model::handover::{HandoverItem, HandoverKind, HandoverStatus};
use crate::model::{EngagementData, Phase, new_id};

/// The transfer inventory, due in the weeks before the planned transfer: nothing moved yet
/// while building; in Operate some of it, with the first item overdue; in Transfer most of
/// it, with a certificate overdue and a credential moved but not yet verified.
pub(super) fn hand_over(data: &mut EngagementData, current: Phase) {
    use HandoverKind::*;
    use HandoverStatus::{InProgress as Doing, Planned, Transferred as Moved, Verified};
    let Some(transfer) = data.engagement.planned_transfer_date else { return };
    let statuses = match current {
        Phase::Plan | Phase::Build => [Planned; 7],
        Phase::Operate => [Doing, Planned, Moved, Moved, Planned, Planned, Planned],
        Phase::Transfer => [Verified, Moved, Moved, Verified, Verified, Doing, Moved],
    };
    let items = [
        (Account, "Cloud production account (admin role)", "Contractor ops lead", 8),
        (Credential, "Database admin credentials (vault entry)", "Contractor vault", 5),
        (Licence, "Monitoring tool licence", "Contractor", 4),
        (Environment, "Staging environment", "Contractor", 4),
        (Repository, "Source repository and CI pipelines", "Contractor GitLab group", 3),
        (Domain, "TLS certificate for the portal domain", "Contractor DNS account", 2),
        (Contract, "Hosting support contract", "Contractor", 1),
    ];
    let receivers: Vec<String> = data.people.iter().take(3).map(|p| p.name.clone()).collect();
    data.handover = items
        .into_iter()
        .zip(statuses)
        .enumerate()
        .map(|(i, ((kind, name, holder, weeks_before), status))| HandoverItem {
            id: new_id(),
            kind,
            name: name.into(),
            current_holder: holder.into(),
            target_holder: receivers.get(i % 3).cloned().unwrap_or_else(|| "Client IT".into()),
            due_date: Some(transfer - Days::new(weeks_before * 7)),
            status,
            notes: String::new(),
        })
        .collect();
}
