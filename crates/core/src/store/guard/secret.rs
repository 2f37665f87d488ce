//! The secret rule of the transfer inventory (`model::handover::secret_in`) in SQL, for the
//! guard's triggers and doctor: the same markers, pointers and patterns, read by SQLite.

use super::Rule;
use crate::model::handover::{
    AUTHORITY_END, AWS_KEY_TAIL, BASE64_RUN, HEX_RUN, HandoverItem, JWT_START, POINTERS,
    SECRET_FREE, SECRET_MARKERS, SPACER, SQUEEZED_OUT, URL_START,
};
use crate::records::Record;

/// The rule of `model::handover::secret_in`, in SQL: the texts of the transfer inventory
/// (`SECRET_FREE`) hold no secret's value.
pub(super) fn secret_rules() -> impl Iterator<Item = Rule> {
    let condition = condition();
    SECRET_FREE.iter().map(|field| field.column()).map(move |column| Rule {
        table: HandoverItem::TABLE,
        column,
        also: None,
        broken: condition.replace("{c}", column),
        words: format!("{column}: secrets are never stored in the hand-over inventory"),
        breach: format!(
            "secrets: {{count}} {}.{column} look like a secret's value; remove it in the app",
            HandoverItem::TABLE
        ),
        named: false,
    })
}

/// Whether the column `{c}` of the row called `ROW` holds a secret's value, as a condition.
fn condition() -> String {
    let run = |class: &str, len: usize| format!("'*{}*'", class.repeat(len));
    // `model::handover::squeezed`, in SQL.
    let squeezed = SQUEEZED_OUT.iter().fold("lower(ROW.\"{c}\")".to_string(), |text, c| {
        format!("replace({text}, char({}), '')", u32::from(*c))
    });
    let squeezed = format!("replace({squeezed}, ':', '=')");
    // `model::handover::holds_marked_value`, in SQL, on the text squeezed (`s`) and spaced
    // (`p`) once: each pattern counted as the times its removal shortens the text.
    let count = |text: &str, pattern: &str| {
        let len = pattern.chars().count();
        format!("((length({text}) - length(replace({text}, '{pattern}', ''))) / {len})")
    };
    let markers = SECRET_MARKERS.iter().map(|(marker, _)| {
        let pointers = POINTERS.iter().filter(|_| marker.ends_with('='));
        let pointing = pointers.map(|pointer| count("p", &format!("{marker}{pointer} ")));
        let pointing = pointing.chain(["0".to_string()]).collect::<Vec<_>>().join(" + ");
        format!("{} > ({pointing})", count("s", marker))
    });
    let markers = format!(
        "EXISTS (SELECT 1 FROM (SELECT {squeezed} AS s, {} AS p) WHERE {})",
        spaced(),
        markers.collect::<Vec<_>>().join(" OR ")
    );
    let patterns = [
        format!("'*AKIA{}*'", "[A-Z0-9]".repeat(AWS_KEY_TAIL)),
        run("[0-9a-fA-F]", HEX_RUN),
        run("[A-Za-z0-9+/]", BASE64_RUN),
    ];
    let conditions: Vec<String> = [markers]
        .into_iter()
        .chain(patterns.iter().map(|p| format!("ROW.\"{{c}}\" GLOB {p}")))
        .chain([url_credentials(), jwt()])
        .collect();
    format!("({})", conditions.join(" OR "))
}

/// `model::handover::spaced` on the column `{c}`, in SQL: each blank or quote read as a
/// blank followed by a `SPACER`, then every `SPACER` and the blank after it dropped, leaving
/// one blank of each run.
fn spaced() -> String {
    let spacer = format!("char({})", u32::from(SPACER));
    let dropped = format!("replace(lower(ROW.\"{{c}}\"), {spacer}, '')");
    let blanks = SQUEEZED_OUT.iter().fold(dropped, |text, c| {
        format!("replace({text}, char({}), ' ' || {spacer})", u32::from(*c))
    });
    let runs = format!("replace(replace({blanks}, {spacer} || ' ', ''), {spacer}, '')");
    format!("replace(replace(replace({runs}, ':', '='), ' =', '='), '= ', '=') || ' '")
}

/// `model::handover::has_url_credentials` on the column `{c}`, in SQL: the text, read as
/// `as_urls` reads it, split at each `://` (as the items of a JSON array), and each piece's
/// authority (up to the first `/`) held to `has_password`.
fn url_credentials() -> String {
    let urls = SQUEEZED_OUT.iter().fold("ROW.\"{c}\"".to_string(), |text, c| {
        format!("replace({text}, char({}), '{AUTHORITY_END}')", u32::from(*c))
    });
    let pieces =
        format!("json_each('[' || replace(json_quote({urls}), '{URL_START}', '\",\"') || ']')");
    let authority =
        format!("substr(value, 1, instr(value || '{AUTHORITY_END}', '{AUTHORITY_END}') - 1)");
    let colon = "instr(authority, ':')";
    format!(
        "EXISTS (SELECT 1 FROM (SELECT {authority} AS authority FROM {pieces} WHERE key > 0) \
         WHERE {colon} > 1 AND instr(substr(authority, 1, {colon} - 1), '@') = 0 \
         AND instr(substr(authority, {colon} + 1), '@') > 1)"
    )
}

/// `model::handover::has_jwt` on the column `{c}`, in SQL.
fn jwt() -> String {
    format!("ROW.\"{{c}}\" GLOB '*{JWT_START}*[A-Za-z0-9_-].{JWT_START}*'")
}

#[cfg(test)]
mod tests {
    use rusqlite::Connection;

    use super::*;
    use crate::model::handover::secret::tests::{KEPT, REFUSED};
    use crate::model::handover::secret_in;

    #[test]
    fn the_sql_secret_rule_refuses_what_the_form_refuses() {
        let conn = Connection::open_in_memory().unwrap();
        let rules: Vec<Rule> = secret_rules().collect();
        let refused_in_sql = |text: &str| {
            rules.iter().any(|rule| {
                let sql = format!(
                    "SELECT {} FROM (SELECT ?1 AS \"{}\") AS t",
                    rule.broken_on("t"),
                    rule.column
                );
                conn.query_row(&sql, [text], |r| r.get::<_, bool>(0)).unwrap()
            })
        };
        for text in REFUSED.iter().chain(KEPT) {
            assert_eq!(refused_in_sql(text), secret_in(text).is_some(), "{text}");
        }
    }
}
