//! Money in exact minor units: reading an amount written either common way, and writing
//! it back with its currency's decimals.

use super::ranges::AMOUNT;
use super::text::sanitize;

/// Digits of a currency's minor unit (ISO 4217); two unless the currency is known to differ.
pub fn minor_digits(currency: &str) -> u32 {
    match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// Whether `code` looks like an ISO 4217 code: three capital letters.
pub fn is_currency(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// Reads an amount as minor units of `currency`, in either common way of writing it:
/// `12,345.50` and `12.345,50` are the same amount. Where both separators appear, the last one
/// marks the decimals; a separator appearing more than once groups thousands; a single one is
/// the decimal mark unless three digits follow it: then it groups thousands in a currency
/// without decimals (`1,000` JPY), in one with three (KWD) `.` is the decimal mark as botdash
/// writes it, and otherwise the amount could be either (`12.345` EUR is twelve thousand to an
/// English reader, twelve point three four five to a German one) and is refused with the forms
/// that are not. More decimals than the currency has are refused, never rounded away.
pub fn parse_amount(text: &str, currency: &str) -> Result<i64, AmountError> {
    let digits = minor_digits(currency) as usize;
    let shown = sanitize(text.trim());
    let cleaned: String =
        text.trim().chars().filter(|c| !matches!(c, '_' | ' ' | '\'' | '\u{a0}')).collect();
    let (negative, unsigned) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let not_an_amount = || AmountError::NotAnAmount(shown.to_string());
    let (whole, fraction) = match decimal_mark(unsigned, digits) {
        Mark::Decimal(mark) => unsigned.rsplit_once(mark).unwrap_or((unsigned, "")),
        Mark::None => (unsigned, ""),
        Mark::Misplaced => return Err(not_an_amount()),
        Mark::Ambiguous if digits < 3 => {
            return Err(
                ambiguous(unsigned, digits).map_or_else(not_an_amount, AmountError::Ambiguous)
            );
        }
        Mark::Ambiguous => {
            return Err(AmountError::Ambiguous(format!(
                "'{shown}' could be read two ways: write {currency} amounts as 1,250.000 or \
                 1.250,000 (or 1250 for a whole amount)"
            )));
        }
    };
    let whole: String = whole.chars().filter(|c| !matches!(c, ',' | '.')).collect();
    let numeric = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !numeric(&whole) || !numeric(fraction) {
        return Err(not_an_amount());
    }
    if fraction.len() > digits {
        let (currency, shown) = (currency.to_string(), shown.to_string());
        return Err(AmountError::TooManyDecimals { currency, digits, shown });
    }
    let padded = format!("{whole}{fraction:0<digits$}");
    let too_large = || AmountError::TooLarge {
        shown: shown.to_string(),
        max: format_amount(AMOUNT.max, currency),
    };
    let minor: i64 = padded.parse().map_err(|_| too_large())?;
    let minor = if negative { -minor } else { minor };
    AMOUNT.contains(minor).then_some(minor).ok_or_else(too_large)
}

/// Why a text is not an amount of its currency.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("'{0}' is not an amount (like 1,234.50 or 1.234,50)")]
    NotAnAmount(String),
    /// It reads as two amounts: the sentence names them and how to write each.
    #[error("{0}")]
    Ambiguous(String),
    /// More decimals than the currency's minor unit has (`digits`, maybe none).
    #[error("{}", too_many_decimals(currency, *digits, shown))]
    TooManyDecimals { currency: String, digits: usize, shown: String },
    #[error("'{shown}' is too large: amounts go up to {max}")]
    TooLarge { shown: String, max: String },
}

fn too_many_decimals(currency: &str, digits: usize, shown: &str) -> String {
    match digits {
        0 => format!("{currency} has no minor unit: '{shown}' has decimals"),
        n => format!("{currency} has {n} decimals: '{shown}' has more"),
    }
}

/// The sum of stored amounts, held at the largest (or smallest) number rather than wrapping
/// or stopping the program: a file may hold amounts no form accepts, and doctor names them.
pub fn total(amounts: impl IntoIterator<Item = i64>) -> i64 {
    amounts.into_iter().fold(0, i64::saturating_add)
}

/// Refuses a number like `12.345` in a currency with fewer than three decimals, naming both
/// readings and a way to write each; none when it is not a number at all.
fn ambiguous(number: &str, digits: usize) -> Option<String> {
    let (whole, fraction) = number.split_at(number.len() - 4);
    let fraction = &fraction[1..];
    let thousandths: u128 = format!("{whole}{fraction}").parse().ok()?;
    let unit = 10u128.pow(3 - digits as u32);
    let rounded = (thousandths + unit / 2) / unit;
    let scale = 10u128.pow(digits as u32);
    Some(format!(
        "{number} could be {whole},{fraction} or {whole}.{fraction} — write {whole}{fraction} or \
         {},{:0digits$}",
        rounded / scale,
        rounded % scale
    ))
}

/// What the separators of a number say about its decimals.
enum Mark {
    /// No decimals: no separator, or only thousands separators.
    None,
    Decimal(char),
    /// One separator followed by three digits, where it could group thousands or mark decimals.
    Ambiguous,
    /// Thousands separators after the decimal mark, or two decimal marks.
    Misplaced,
}

/// Which of `.` and `,` marks the decimals in `number`.
fn decimal_mark(number: &str, minor_digits: usize) -> Mark {
    let Some(last) = number.rfind([',', '.']) else { return Mark::None };
    let mark = if number.as_bytes()[last] == b',' { ',' } else { '.' };
    let other = if mark == ',' { '.' } else { ',' };
    let marks = number.matches(mark).count();
    match (number.contains(other), marks, number.len() - last - 1, minor_digits) {
        (true, 1, _, _) => Mark::Decimal(mark),
        (true, _, _, _) => Mark::Misplaced,
        (false, 2.., _, _) | (false, 1, 3, 0) => Mark::None,
        (false, 1, 3, 1..=2) => Mark::Ambiguous,
        // The way `format_number` writes this currency's amounts.
        (false, 1, 3, 3) if mark == '.' => Mark::Decimal(mark),
        (false, 1, 3, 3) => Mark::Ambiguous,
        _ => Mark::Decimal(mark),
    }
}

/// An amount in minor units written with its currency's decimals and thousands separators,
/// e.g. `1,234.50 EUR`.
pub fn format_amount(minor: i64, currency: &str) -> String {
    format!("{} {currency}", format_number(minor, currency))
}

/// The number alone, as `parse_amount` reads it back.
pub fn format_number(minor: i64, currency: &str) -> String {
    let digits = minor_digits(currency);
    let scale = 10u64.pow(digits);
    let magnitude = minor.unsigned_abs();
    let whole = (magnitude / scale).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if minor < 0 { "-" } else { "" };
    match digits {
        0 => format!("{sign}{grouped}"),
        d => format!("{sign}{grouped}.{:0width$}", magnitude % scale, width = d as usize),
    }
}

/// `value × numerator ÷ denominator`, rounded half away from zero, without overflow (held at
/// the largest or smallest number).
pub(super) fn scale(value: i64, numerator: i64, denominator: i64) -> i64 {
    let product = i128::from(value) * i128::from(numerator);
    let d = i128::from(denominator);
    let rounded = (product.abs() * 2 + d.abs()) / (d.abs() * 2);
    let negative = (product < 0) != (d < 0);
    let signed = if negative { -rounded } else { rounded };
    signed.clamp(i64::MIN.into(), i64::MAX.into()) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_exactly_in_the_currency_minor_unit() {
        assert_eq!(parse_amount("1,234.5", "EUR"), Ok(123_450));
        assert_eq!(parse_amount("-20", "EUR"), Ok(-2_000));
        assert_eq!(parse_amount("0.07", "USD"), Ok(7));
        assert_eq!(parse_amount("1500", "JPY"), Ok(1_500));
        assert_eq!(parse_amount("1.250", "KWD"), Ok(1_250));
        assert!(
            parse_amount("12.3456", "EUR").unwrap_err().to_string().contains("EUR has 2 decimals")
        );
        assert!(parse_amount("1.5", "JPY").unwrap_err().to_string().contains("no minor unit"));
        assert!(parse_amount("12a", "EUR").is_err());
        assert!(parse_amount("", "EUR").is_err());
        assert!(parse_amount(".", "EUR").is_err());
        assert!(parse_amount("99999999999999999999", "EUR").is_err());
        assert_eq!(
            parse_amount("92233720368547758.07", "EUR").map_err(|e| e.to_string()),
            Err("'92233720368547758.07' is too large: amounts go up to 100,000,000,000.00 EUR"
                .into())
        );
        assert_eq!(parse_amount("100.000.000.000", "EUR"), Ok(AMOUNT.max));
        assert!(parse_amount("-100.000.000.000,01", "EUR").is_err());
    }

    #[test]
    fn amounts_are_read_with_either_decimal_mark() {
        for text in ["12,345.50", "12.345,50", "12345.50", "12345,50", "12 345,50", "12'345.50"] {
            assert_eq!(parse_amount(text, "EUR"), Ok(1_234_550), "{text}");
        }
        assert_eq!(parse_amount("1.234.567", "EUR"), Ok(123_456_700));
        assert_eq!(parse_amount("1,234,567.8", "EUR"), Ok(123_456_780));
        assert_eq!(parse_amount("-1.234,5", "EUR"), Ok(-123_450));
        assert_eq!(parse_amount("12,5", "EUR"), Ok(1_250));
        assert_eq!(parse_amount("1,234", "JPY"), Ok(1_234));
        assert_eq!(parse_amount("1.234", "JPY"), Ok(1_234));
        assert_eq!(parse_amount("1.250", "KWD"), Ok(1_250));
    }

    #[test]
    fn an_amount_that_reads_two_ways_is_refused_with_the_forms_that_do_not() {
        // Twelve thousand to an English reader, twelve point three four five to a German one.
        assert_eq!(
            parse_amount("12.345", "EUR").map_err(|e| e.to_string()),
            Err("12.345 could be 12,345 or 12.345 — write 12345 or 12,35".into())
        );
        assert!(
            parse_amount("1,000", "EUR")
                .unwrap_err()
                .to_string()
                .contains("could be 1,000 or 1.000")
        );
        assert!(
            parse_amount("1a.345", "EUR").unwrap_err().to_string().contains("is not an amount")
        );
        assert_eq!(parse_amount("12345", "EUR"), Ok(1_234_500));
        assert_eq!(parse_amount("12.345,50", "EUR"), Ok(1_234_550));
        assert_eq!(parse_amount("12,345.50", "EUR"), Ok(1_234_550));
        let refusal = parse_amount("1,250", "KWD").unwrap_err().to_string();
        assert!(refusal.contains("could be read two ways"), "{refusal}");
        assert!(refusal.contains("1,250.000 or 1.250,000"), "{refusal}");
        assert!(parse_amount("1,2,3.4.5", "EUR").is_err());
        assert!(
            parse_amount("1.234,567", "EUR")
                .unwrap_err()
                .to_string()
                .contains("EUR has 2 decimals")
        );
    }

    #[test]
    fn amounts_are_written_back_as_they_are_read() {
        assert_eq!(format_amount(123_450, "EUR"), "1,234.50 EUR");
        assert_eq!(format_amount(-5, "EUR"), "-0.05 EUR");
        assert_eq!(format_amount(1_000_000, "JPY"), "1,000,000 JPY");
        assert_eq!(format_amount(1_250, "KWD"), "1.250 KWD");
        for (minor, currency) in [0, 7, -7, 99_999, 123_456_789, 1_250, 1_000_000]
            .into_iter()
            .flat_map(|minor| ["EUR", "JPY", "KWD"].map(|currency| (minor, currency)))
        {
            assert_eq!(parse_amount(&format_number(minor, currency), currency), Ok(minor));
        }
    }

    #[test]
    fn scaling_rounds_half_away_from_zero() {
        assert_eq!(scale(1, 1, 2), 1);
        assert_eq!(scale(-1, 1, 2), -1);
        assert_eq!(scale(10, 1, 3), 3);
        assert_eq!(scale(20, 1, 3), 7);
        assert_eq!(scale(i64::MAX, 2, 2), i64::MAX);
        assert_eq!(scale(i64::MAX, 3, 2), i64::MAX);
        assert_eq!(scale(i64::MIN, 3, 2), i64::MIN);
    }

    #[test]
    fn totals_hold_at_the_largest_number_instead_of_overflowing() {
        assert_eq!(total([1, 2, -4]), -1);
        assert_eq!(total([i64::MAX, 1, 1]), i64::MAX);
        assert_eq!(total([i64::MIN, -1]), i64::MIN);
    }
}
