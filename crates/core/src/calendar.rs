//! The engagement's dates as an iCalendar file (RFC 5545) that Outlook, Google Calendar and
//! Thunderbird import: phase ends with their exit gates, the planned transfer, KT topics, hires
//! and hand-overs due (responsibilities and the transfer inventory's items), and open tasks'
//! due dates, each an all-day event. Every event's UID is
//! made from its record's id, so importing a newer file updates an event instead of adding a
//! second one.

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::model::text::sanitize;
use crate::model::{EngagementData, KtStatus, Owner, TaskStatus};

/// One all-day event.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedEvent {
    /// Stable across exports: the record's id and what the date is.
    pub uid: String,
    pub day: NaiveDate,
    pub summary: String,
    pub description: String,
}

/// The dates worth a place in the client's calendar, in date order.
pub fn events(data: &EngagementData) -> Vec<DatedEvent> {
    let e = &data.engagement;
    let event = |id: &str, what: &str, day: NaiveDate, summary: String, description: String| {
        DatedEvent { uid: format!("{id}.{what}@botdash"), day, summary, description }
    };
    let mut events = Vec::new();
    for phase in &data.phases {
        let Some(day) = phase.planned_end else { continue };
        let criteria: Vec<&str> =
            data.gates.iter().filter(|g| g.phase == phase.kind).map(|g| g.title.as_str()).collect();
        let description = match criteria.is_empty() {
            true => String::new(),
            false => format!("Exit gate criteria:\n- {}", criteria.join("\n- ")),
        };
        let summary = format!("{} phase ends: exit gate", phase.kind.label());
        events.push(event(&phase.id, "phase-end", day, summary, description));
    }
    if let Some(day) = e.planned_transfer_date {
        let summary = "Planned transfer: hand-over to the client".to_string();
        events.push(event(&e.id, "transfer", day, summary, String::new()));
    }
    for topic in data.kt_topics.iter().filter(|k| k.status != KtStatus::SignedOff) {
        let Some(day) = topic.due_date else { continue };
        let summary = format!("Knowledge transfer due: {}", topic.title);
        events.push(event(&topic.id, "kt-due", day, summary, String::new()));
    }
    for role in &data.roles {
        let Some(day) = role.target_date else { continue };
        let hired = data.staff_of(role).filter(|p| p.state.is_on_staff()).count();
        let summary = format!("Hire by: {}", role.title);
        let description = format!("{hired} of {} on staff", role.planned_count);
        events.push(event(&role.id, "hire-by", day, summary, description));
    }
    for duty in data.responsibilities.iter().filter(|r| r.owner != Owner::Client) {
        let Some(day) = duty.target_date else { continue };
        let summary = format!("Hand over: {}", duty.activity);
        events.push(event(&duty.id, "hand-over", day, summary, String::new()));
    }
    for item in data.handover.iter().filter(|i| !i.is_handed_over()) {
        let Some(day) = item.due_date else { continue };
        let summary = format!("Hand over {}: {}", item.kind.label(), item.name);
        let description = format!("from {} to {}", item.current_holder, item.target_holder);
        events.push(event(&item.id, "handover-due", day, summary, description));
    }
    for task in data.tasks.iter().filter(|t| t.status != TaskStatus::Done) {
        let Some(day) = task.due_date else { continue };
        let summary = format!("Due: {}", task.title);
        let description =
            format!("{} phase, {} side\n{}", task.phase.label(), task.side.label(), task.notes);
        events.push(event(&task.id, "due", day, summary, description.trim_end().to_string()));
    }
    events.sort_by(|a, b| (a.day, &a.uid).cmp(&(b.day, &b.uid)));
    events
}

/// The whole calendar file, lines ending in CRLF; `stamp` is when it was written (DTSTAMP).
pub fn calendar(data: &EngagementData, stamp: DateTime<Utc>) -> String {
    let e = &data.engagement;
    let title = format!("{} — {}", e.client, e.name);
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        format!("PRODID:-//botdash//botdash {}//EN", env!("CARGO_PKG_VERSION")),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
        format!("X-WR-CALNAME:{}", text(&title)),
    ];
    for event in events(data) {
        let next_day = event.day.checked_add_days(Days::new(1)).unwrap_or(event.day);
        lines.extend([
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", text(&event.uid)),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", event.day.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next_day.format("%Y%m%d")),
            format!("SUMMARY:{}", text(&format!("[{}] {}", e.name, event.summary))),
        ]);
        if !event.description.is_empty() {
            lines.push(format!("DESCRIPTION:{}", text(&event.description)));
        }
        lines.extend(["TRANSP:TRANSPARENT".to_string(), "END:VEVENT".into()]);
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|line| fold(line) + "\r\n").collect()
}

/// A TEXT value (RFC 5545 §3.3.11): line breaks written as `\n`, the characters that separate
/// values escaped, and control characters made visible, so no text can start a line or a
/// property of its own.
fn text(value: &str) -> String {
    let escape_line = |line: &str| {
        let mut escaped = String::with_capacity(line.len());
        for c in sanitize(line.trim_end_matches('\r')).chars() {
            if matches!(c, '\\' | ';' | ',') {
                escaped.push('\\');
            }
            escaped.push(c);
        }
        escaped
    };
    value.split('\n').map(escape_line).collect::<Vec<_>>().join("\\n")
}

/// Folds a content line longer than 75 octets (§3.1): CRLF and a space before each further
/// part, never inside a character.
fn fold(line: &str) -> String {
    let mut folded = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            folded.push_str("\r\n ");
            width = 1;
        }
        folded.push(c);
        width += c.len_utf8();
    }
    folded
}
