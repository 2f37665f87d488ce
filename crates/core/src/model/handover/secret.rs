//! The secret rule of the transfer inventory: a text that looks like it holds a secret's
//! value (a marker such as `password=` with a value, a key, a token, a URL with a password)
//! is refused by every way in. Its SQL twin, for sync and `doctor`, is `store::guard::secret`.

use super::{HandoverItem, HandoverItemField};
use crate::model::text::sanitize;

/// Markers of a secret's value, as (pattern, why); matched on the text `squeezed`.
pub const SECRET_MARKERS: &[(&str, &str)] = &[
    ("-----begin", "a key block (-----BEGIN)"),
    ("password=", "a password (password=)"),
    ("passwd=", "a password (passwd=)"),
    ("pwd=", "a password (pwd=)"),
    ("secret=", "a secret (secret=)"),
    ("token=", "a token (token=)"),
    ("api_key=", "an API key (api_key=)"),
    ("apikey=", "an API key (apikey=)"),
    ("xoxb-", "a Slack token (xoxb-)"),
    ("xoxp-", "a Slack token (xoxp-)"),
];

/// How a marker's value starts when it says where the secret is kept rather than holding
/// it, as users are told to write: "Token: see vault entry ops/db", "password: in the
/// vault". Matched as whole words on the text `spaced` (so `password=seesaw` holds a value),
/// only after markers ending in `=`. None is the start of another, so each marker counts
/// once however it is followed.
pub const POINTERS: &[&str] =
    &["see", "in the", "in vault", "vault", "stored in", "kept in", "held by"];

/// Whether a text (`squeezed` and `spaced`) holds `marker` with a value: more times than it
/// holds it followed by a pointer (so one pointing note does not hide a value elsewhere in
/// the text).
pub fn holds_marked_value(squeezed: &str, spaced: &str, marker: &str) -> bool {
    let pointing: usize = if marker.ends_with('=') {
        let pointed = |pointer: &&str| spaced.matches(&format!("{marker}{pointer} ")).count();
        POINTERS.iter().map(pointed).sum()
    } else {
        0
    };
    squeezed.matches(marker).count() > pointing
}

/// What `squeezed` leaves out before the markers are matched: blanks and quotes.
pub const SQUEEZED_OUT: &[char] = &[' ', '\t', '\n', '\r', '"', '\''];

/// `text` as the markers are matched on: lower-cased, without blanks or quotes, and `:` read
/// as `=`, so that `password = x`, `Password: x` and `{"password":"x"}` all read `password=x`.
pub fn squeezed(text: &str) -> String {
    let kept =
        text.to_lowercase().chars().filter(|c| !SQUEEZED_OUT.contains(c)).collect::<String>();
    kept.replace(':', "=")
}

/// A character no one types, which `spaced` drops first: its SQL twin marks each blank
/// with it to make a run of blanks one.
pub const SPACER: char = '\u{1}';

/// `text` as the pointers are matched on: lower-cased, each run of blanks and quotes read as
/// one blank, `:` read as `=` with no blank either side, and a blank at the end, so that
/// `Token: see vault` reads `token=see vault ` and a pointer followed by a blank is a whole
/// word.
pub fn spaced(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len() + 1);
    for c in text.to_lowercase().chars().filter(|c| *c != SPACER) {
        let c = if SQUEEZED_OUT.contains(&c) { ' ' } else { c };
        if !(c == ' ' && spaced.ends_with(' ')) {
            spaced.push(c);
        }
    }
    spaced.replace(':', "=").replace(" =", "=").replace("= ", "=") + " "
}

/// Characters of an AWS access key id after its `AKIA` prefix, and how many.
pub const AWS_KEY_TAIL: usize = 16;
/// A run this long of hex digits looks like a key or a hash of one.
pub const HEX_RUN: usize = 32;
/// A run this long of base64 characters looks like a key or a token.
pub const BASE64_RUN: usize = 40;

fn is_base64(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '+' || c == '/'
}

/// Whether `text` has `len` characters in a row for which `class` holds.
fn has_run(text: &str, len: usize, class: impl Fn(char) -> bool) -> bool {
    let mut run = 0;
    text.chars().any(|c| {
        run = if class(c) { run + 1 } else { 0 };
        run >= len
    })
}

fn has_aws_key(text: &str) -> bool {
    let key_char = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit();
    text.match_indices("AKIA").any(|(at, _)| {
        let tail = &text[at + 4..];
        tail.chars().take(AWS_KEY_TAIL).filter(|c| key_char(*c)).count() == AWS_KEY_TAIL
    })
}

/// Where a URL's user and password would follow, and the character that ends a URL's
/// authority besides a blank or quote (what `squeezed` leaves out).
pub const URL_START: &str = "://";
pub const AUTHORITY_END: char = '/';

/// `text` as URLs are read in it: every blank and quote read as `AUTHORITY_END`, so that an
/// authority ends where the URL does.
pub fn as_urls(text: &str) -> String {
    text.chars().map(|c| if SQUEEZED_OUT.contains(&c) { AUTHORITY_END } else { c }).collect()
}

/// Whether a URL's authority (what follows `://` up to the path) holds a user and a password
/// before its host, `user:password@host`. A user alone (`ssh://git@host:22`) is not a secret.
pub fn has_password(authority: &str) -> bool {
    authority.split_once(':').is_some_and(|(user, rest)| {
        !user.is_empty() && !user.contains('@') && rest.find('@').is_some_and(|at| at > 0)
    })
}

fn has_url_credentials(text: &str) -> bool {
    as_urls(text)
        .split(URL_START)
        .skip(1)
        .any(|rest| has_password(rest.split(AUTHORITY_END).next().unwrap_or_default()))
}

/// What a JSON Web Token's first two parts start with: `{"` in base64.
pub const JWT_START: &str = "eyJ";

/// A character of base64url, the alphabet of a JSON Web Token.
pub fn is_base64url(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Whether `text` holds a JSON Web Token, `eyJ….eyJ….signature`: a part starting `eyJ` that
/// ends in a base64url character, then a dot and `eyJ` (the JSON payload).
fn has_jwt(text: &str) -> bool {
    let second = format!(".{JWT_START}");
    text.match_indices(&second).any(|(at, _)| {
        let before = &text[..at];
        before.chars().next_back().is_some_and(is_base64url)
            && before[..before.len() - 1].contains(JWT_START)
    })
}

/// Why `text` looks like it holds a secret's value, in a sentence; `None` when it does not.
/// The same rule holds in SQL for what arrives by sync (see `store::guard`).
pub fn secret_in(text: &str) -> Option<String> {
    let (squeezed, spaced) = (squeezed(text), spaced(text));
    let why = SECRET_MARKERS
        .iter()
        .find(|(marker, _)| holds_marked_value(&squeezed, &spaced, marker))
        .map(|(_, why)| *why)
        .or_else(|| has_url_credentials(text).then_some("a URL with a password (user:pw@)"))
        .or_else(|| has_jwt(text).then_some("a JSON web token (eyJ….eyJ…)"))
        .or_else(|| has_aws_key(text).then_some("an AWS key id (AKIA…)"))
        .or_else(|| {
            has_run(text, HEX_RUN, |c| c.is_ascii_hexdigit()).then_some("a hex key (32+ digits)")
        })
        .or_else(|| has_run(text, BASE64_RUN, is_base64).then_some("a base64 key (40+ chars)"))?;
    // Short enough for the form's line beside the field.
    Some(format!("secrets are never stored: this holds {why}"))
}

/// The texts of a hand-over item, each held to the secret rule (`secret_in`) by every way
/// in: the store's commands, the import, sync's guard and doctor.
pub const SECRET_FREE: &[HandoverItemField] = &[
    HandoverItemField::Name,
    HandoverItemField::CurrentHolder,
    HandoverItemField::TargetHolder,
    HandoverItemField::Notes,
];

impl HandoverItem {
    /// The text of `field`, one of `SECRET_FREE` (empty for a field that is no text).
    pub fn text(&self, field: HandoverItemField) -> &str {
        match field {
            HandoverItemField::Name => &self.name,
            HandoverItemField::CurrentHolder => &self.current_holder,
            HandoverItemField::TargetHolder => &self.target_holder,
            HandoverItemField::Notes => &self.notes,
            _ => "",
        }
    }
}

/// The first of `items` with a text of `SECRET_FREE` that holds a secret, and why: named
/// by its name, or by its place in the file's list where the name is what holds it (never
/// echoed).
pub fn check_no_secrets(items: &[HandoverItem]) -> Result<(), String> {
    for (place, item) in items.iter().enumerate() {
        for &field in SECRET_FREE {
            let Some(why) = secret_in(item.text(field)) else { continue };
            if field == HandoverItemField::Name {
                return Err(format!("hand-over item #{} in the file (its name): {why}", place + 1));
            }
            let name = sanitize(&item.name);
            let column = field.column().replace('_', " ");
            return Err(format!("hand-over item '{name}': {why}, in its {column}"));
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Texts that hold a secret; the SQL guard is held to them too.
    pub(crate) const REFUSED: &[&str] = &[
        "-----BEGIN OPENSSH PRIVATE KEY-----",
        "db admin Password=hunter2",
        "deploy key AKIAIOSFODNN7EXAMPLE",
        "d41d8cd98f00b204e9800998ecf8427e",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "password = Hunter2!Secret",
        "Password: Hunter2!",
        r#"{"password":"Hunter2!"}"#,
        "----- BEGIN RSA PRIVATE KEY -----",
        "bot token xoxb-1234-abcd",
        "postgres://admin:S3cret@db.example:5432/app",
        "clone https://user:token@git.example/repo.git",
        "eyJhbGciOi.eyJzdWIiOi.sig",
        "bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.dBjftJeZ4CVP",
        "token=abc",
        "Token: see vault entry ops/db, token: T0ken42",
        "password: in the vault; pwd=hunter2",
        "password=seesaw",
        "Password: vaulted-42",
        "token: held by-me",
        "secret: inthevault",
    ];

    /// Texts that hold none.
    pub(crate) const KEPT: &[&str] = &[
        "Production AWS root account",
        "TLS certificate for portal.stadtwerke.example",
        "Rechenzentrumsdienstleistungsvertrag",
        "password rotated by the client",
        "AKIA in the name only",
        "https://git.example/repo.git",
        "mailto:ops@example.com",
        "ssh://git@host/repo",
        "ssh://git@host:22/repo, admin: ops@example.com",
        "see https://ci.example:8443 and ask: ops@example.com",
        "key of the eyJ… token. eyJ is only its start",
        "Token: see vault entry ops/db",
        "password: in the vault, entry ops/db",
        "API token held by Ops",
        "Password: stored in 1Password, held by the client",
        "Token: see vault entry ops/db (rotated monthly)",
        "password:\tsee\n  vault",
        r#"{"password": "vault"}"#,
        "token = SEE",
    ];

    #[test]
    fn secret_looking_values_are_refused_and_plain_words_are_not() {
        for text in REFUSED {
            assert!(secret_in(text).is_some(), "{text} let through");
        }
        for text in KEPT {
            assert_eq!(secret_in(text), None, "{text} refused");
        }
        let why = secret_in("token=abc").unwrap();
        assert_eq!(why, "secrets are never stored: this holds a token (token=)");
    }
}
