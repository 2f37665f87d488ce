//! Secrets in conflicts: a value the secret rule refuses is never stored in a conflict, not
//! even to show what was refused; `conflicts` withholds them when it records one, and from
//! those recorded before it did.

use serde_json::Value as Json;

use crate::model::handover::secret_in;

/// What a conflict shows in place of a value the secret rule refuses: the value itself is
/// never stored, not even to show what was refused.
pub const WITHHELD: &str = "(withheld: the secret rule refused it)";

/// `value` with every text that holds a secret (`model::handover::secret_in`) replaced by
/// `WITHHELD`: a single value, or each field of a whole record.
pub(super) fn withheld(value: Json) -> Json {
    match value {
        Json::String(text) if secret_in(&text).is_some() => Json::String(WITHHELD.into()),
        Json::Object(fields) => {
            Json::Object(fields.into_iter().map(|(name, v)| (name, withheld(v))).collect())
        }
        other => other,
    }
}

/// Whether `value` (a single value or a whole record) had a secret withheld from it.
pub(super) fn holds_withheld(value: &Json) -> bool {
    match value {
        Json::String(text) => text == WITHHELD,
        Json::Object(fields) => fields.values().any(holds_withheld),
        _ => false,
    }
}
