//! What the user types that has a form: slugs, made from names and checked, and dates,
//! read strictly.

use chrono::NaiveDate;

use super::text::{fold_letter, sanitize};

/// A slug made from free text: lower-case letters and digits joined by single dashes, the
/// letters of European languages written the way their speakers write them in ASCII
/// ("Ü Straße" → "ue-strasse").
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if let Some(ascii) = in_ascii(c) {
            slug.push_str(ascii);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug: String = slug.trim_end_matches('-').chars().take(40).collect();
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// A lower-case Latin letter with a diacritic (or a ligature) in ASCII, as German and
/// Scandinavian speakers write umlauts in a slug ("ä" → "ae"); `None` for others.
fn in_ascii(c: char) -> Option<&'static str> {
    match c {
        'ä' => Some("ae"),
        'ö' | 'ø' => Some("oe"),
        'ü' => Some("ue"),
        _ => fold_letter(c),
    }
}

/// Checks a slug given by the user.
pub fn validate_slug(slug: &str) -> Result<(), String> {
    let ok_chars = slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if slug.is_empty() || slug.len() > 40 || !ok_chars || slug.starts_with('-') {
        return Err(format!(
            "'{}' is not a valid slug: use 1 to 40 lower-case letters, digits and dashes",
            sanitize(slug)
        ));
    }
    Ok(())
}

/// A date written as YYYY-MM-DD, refusing impossible days like 2026-02-30.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    let well_formed = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(date) if well_formed => Ok(date),
        _ => Err(format!("'{}' is not a valid date (YYYY-MM-DD)", sanitize(text))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_strictly() {
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("2026-2-3").is_err());
        assert_eq!(parse_date(" 2026-03-01 ").unwrap().to_string(), "2026-03-01");
    }

    #[test]
    fn slugs_come_from_names() {
        assert_eq!(slugify("ACME Corp — Billing Platform!"), "acme-corp-billing-platform");
        assert_eq!(slugify("Ü Straße / Ä Projekt"), "ue-strasse-ae-projekt");
        assert_eq!(slugify("Société Générale Łódź"), "societe-generale-lodz");
        assert_eq!(slugify("ÆØÅ Ærø"), "aeoea-aeroe");
        assert_eq!(slugify("東京 Tokyo"), "tokyo");
        assert!(validate_slug("acme-billing").is_ok());
        assert!(validate_slug("Acme").is_err());
        assert!(validate_slug("").is_err());
    }
}
