//! The database file's checkup behind `botdash doctor` (the file's health, not an
//! engagement's): its version, size, permissions and integrity, and the values that got in
//! by a way that did not check them.

use std::os::unix::fs::PermissionsExt;

use super::{Result, Store, schema};
use crate::model::text::sanitize;
use crate::model::{Engagement, GateCriterion, GateCriterionField};
use crate::records::Record;

/// One line of the checkup: a fact in plain words, or one the app words with what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckupLine {
    Fact(String),
    /// Others than its owner may read the file: its permission bits and path (sanitized).
    OpenToOthers {
        mode: u32,
        path: String,
    },
}

/// Plain words for a log or a test; the app adds what to do (`words::checkup_line`).
impl std::fmt::Display for CheckupLine {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            CheckupLine::Fact(words) => f.write_str(words),
            CheckupLine::OpenToOthers { mode, .. } => {
                write!(f, "permissions: {mode:o} — {}", who_else_can(*mode))
            }
        }
    }
}

/// Who besides the owner may read or write a file of permission bits `mode`: its group,
/// everyone else, or both ("others" where both may do the same).
fn who_else_can(mode: u32) -> String {
    let access = |bits: u32| match (bits & 0o4 != 0, bits & 0o2 != 0) {
        (true, true) => Some("read and write"),
        (true, false) => Some("read"),
        (false, true) => Some("write"),
        (false, false) => None,
    };
    match (access(mode >> 3 & 0o7), access(mode & 0o7)) {
        (Some(group), Some(all)) if group == all => format!("others can {all} it"),
        (Some(group), Some(all)) => {
            format!("its group can {group} it, everyone else can {all} it")
        }
        (Some(group), None) => format!("its group can {group} it"),
        (None, Some(all)) => format!("everyone outside its group can {all} it"),
        (None, None) => "others than its owner may run it".into(),
    }
}

impl Store {
    /// The database file's checkup (not an engagement's health): one line per fact, and
    /// whether the file is sound.
    pub fn checkup(&self) -> Result<(Vec<CheckupLine>, bool)> {
        use CheckupLine::Fact;
        let mut lines = Vec::new();
        let mut sound = true;
        let shown = sanitize(&self.path.display().to_string()).into_owned();
        lines.push(Fact(format!("path: {shown}")));
        let version: i32 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        lines.push(Fact(format!(
            "schema version: {version} (this botdash knows up to {})",
            schema::VERSION
        )));
        let metadata = std::fs::metadata(&self.path).ok();
        let size = metadata.as_ref().map_or(0, |m| m.len());
        let wal = std::fs::metadata(format!("{}-wal", self.path.display())).map_or(0, |m| m.len());
        lines.push(Fact(format!("size: {size} bytes, write-ahead log {wal} bytes")));
        let journal: String = self.conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
        lines.push(Fact(format!(
            "journal mode: {journal}{}",
            if self.read_only { " (read-only)" } else { "" }
        )));
        let mode = metadata.map_or(0, |m| m.permissions().mode() & 0o777);
        if mode & 0o077 != 0 {
            sound = false;
            lines.push(CheckupLine::OpenToOthers { mode, path: shown });
        } else {
            lines.push(Fact(format!("permissions: {mode:o}")));
        }
        let mut statement = self.conn.prepare("PRAGMA integrity_check")?;
        let problems: Vec<String> =
            statement.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?;
        if problems == ["ok"] {
            lines.push(Fact("integrity check: ok".into()));
        } else {
            sound = false;
            lines.push(Fact(format!("integrity check: {}", sanitize(&problems.join("; ")))));
        }
        let mut broken = broken_values(&self.conn)?;
        broken.extend(broken_gate_rules(&self.conn)?);
        sound &= broken.is_empty();
        lines.extend(broken.into_iter().map(Fact));
        let engagements: i64 =
            self.conn.query_row("SELECT count(*) FROM engagement", [], |r| r.get(0))?;
        lines.push(Fact(format!("engagements: {engagements}")));
        for e in self.engagements()? {
            if let Some(problem) = e.weights_problem {
                sound = false;
                lines.push(Fact(format!(
                    "weights of '{}' not valid ({problem}): scored with the default weights \
                     until valid weights are set",
                    sanitize(&e.slug)
                )));
            }
        }
        let verdict = if sound { "verdict: healthy" } else { "verdict: needs attention" };
        lines.push(Fact(verdict.into()));
        Ok((lines, sound))
    }
}

/// One line per column holding values its rule refuses, and per reference to another
/// engagement's record: what got into the file by a way that did not check it.
fn broken_values(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let mut lines = Vec::new();
    for rule in super::guard::rules() {
        lines.extend(rule.breaches(conn)?);
    }
    Ok(lines)
}

/// One line per gate criterion whose rule `model::gate::parse_rule` refuses, which the gate
/// can never evaluate: named with its engagement, and why.
fn broken_gate_rules(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let (title, rule) = (GateCriterionField::Title.column(), GateCriterionField::Rule.column());
    let sql = format!(
        "SELECT e.slug, g.\"{title}\", g.\"{rule}\" FROM {} AS g \
         JOIN {} AS e ON e.id = g.engagement_id WHERE g.\"{rule}\" IS NOT NULL ORDER BY 1, 2",
        GateCriterion::TABLE,
        Engagement::TABLE
    );
    let mut statement = conn.prepare(&sql)?;
    let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let mut lines = Vec::new();
    for row in rows {
        let (slug, title, rule): (String, String, String) = row?;
        if let Err(why) = crate::model::gate::parse_rule(&rule) {
            let line = format!("gate rule of '{slug}' criterion '{title}': {why}");
            lines.push(sanitize(&line).into_owned());
        }
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permissions_line_says_who_besides_the_owner_can_read_or_write_the_file() {
        let line = |mode| CheckupLine::OpenToOthers { mode, path: "f.db".into() }.to_string();
        assert_eq!(line(0o644), "permissions: 644 — others can read it");
        assert_eq!(line(0o640), "permissions: 640 — its group can read it");
        assert_eq!(line(0o660), "permissions: 660 — its group can read and write it");
        assert_eq!(
            line(0o664),
            "permissions: 664 — its group can read and write it, everyone else can read it"
        );
        assert_eq!(line(0o602), "permissions: 602 — everyone outside its group can write it");
    }
}
