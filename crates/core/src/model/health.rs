//! Engagement health: the risks (recorded, and those the program sees for itself), the
//! budget in exact minor units, user tests with the target group, integrations with the
//! client's systems, and the lessons of the debriefing.

use chrono::NaiveDate;

use super::forecast::Forecast;
use super::{CRITICAL, DocStatus, EngagementData, Phase, Role, text_enum};
use crate::records::{Blank, record};

text_enum!(RiskStatus {
    Open => "open", "open";
    Mitigating => "mitigating", "mitigating";
    Closed => "closed", "closed";
});

text_enum!(
    /// The worst finding of a user test.
    Severity {
        None => "none", "none";
        Minor => "minor", "minor";
        Major => "major", "major";
        Critical => "critical", "critical";
    }
);

text_enum!(
    /// Which way data flows between the product and a client system.
    Direction {
        Inbound => "inbound", "into the product";
        Outbound => "outbound", "out of the product";
        Both => "both", "both ways";
    }
);

text_enum!(TestStatus {
    NotTested => "not_tested", "not tested";
    InProgress => "in_progress", "in progress";
    Passed => "passed", "passed";
    Failed => "failed", "failed";
});

record! {
    pub struct Risk: RiskField in "risk", owned by "engagement_id", named by Title {
        Id id: String,
        Title title: String,
        Category category: String as Blank,
        /// 1 (rare) to 5 (almost certain).
        Likelihood likelihood: u8,
        /// 1 (negligible) to 5 (severe).
        Impact impact: u8,
        Owner owner: String as Blank,
        Mitigation mitigation: String as Blank,
        /// What shows that the risk is turning into an issue.
        Trigger trigger: String = "trigger_event" as Blank,
        Status status: RiskStatus,
    }
}

record! {
    /// The planned amount of one phase and cost category.
    pub struct BudgetLine: BudgetLineField in "budget_line", owned by "engagement_id",
        named by Category {
        Id id: String,
        Phase phase: Phase,
        Category category: String,
        /// In the currency's minor unit (cents for EUR).
        Planned planned: i64,
    }
}

record! {
    /// Money spent (negative for a credit), in the currency's minor unit.
    pub struct Cost: CostField in "cost_entry", owned by "engagement_id", named by Category {
        Id id: String,
        Phase phase: Phase,
        Category category: String,
        Day day: NaiveDate,
        Amount amount: i64,
        Note note: String as Blank,
    }
}

record! {
    pub struct UserTest: UserTestField in "user_test", owned by "engagement_id" {
        Id id: String,
        Day day: NaiveDate,
        Group group: String = "target_group",
        Participants participants: u32,
        Scenario scenario: String as Blank,
        Findings findings: String as Blank,
        Severity severity: Severity,
    }
}

record! {
    pub struct Integration: IntegrationField in "integration", owned by "engagement_id",
        named by System {
        Id id: String,
        System system: String,
        DataObjects data_objects: String as Blank,
        Direction direction: Direction,
        Frequency frequency: String as Blank,
        Owner owner: String as Blank,
        Status status: TestStatus = "test_status",
    }
}

record! {
    pub struct Lesson: LessonField in "lesson", owned by "engagement_id" {
        Id id: String,
        Phase phase: Phase,
        WentWell went_well: String as Blank,
        WentBadly went_badly: String as Blank,
        Recommendation recommendation: String as Blank,
        Owner owner: String as Blank,
    }
}

impl Risk {
    pub fn is_open(&self) -> bool {
        self.status != RiskStatus::Closed
    }

    /// Likelihood times impact, 1 to 25.
    pub fn exposure(&self) -> u8 {
        self.likelihood * self.impact
    }
}

/// The risks the program sees in the data, newest cause first: the transfer at risk by the
/// readiness forecast (once it is known), critical documents missing in the Operate phase,
/// and role slots still open after their target date.
pub fn automatic_risks(
    data: &EngagementData,
    forecast: Option<&Forecast>,
    today: NaiveDate,
) -> Vec<Risk> {
    let seen =
        |key: &str, title: String, category: &str, likelihood, impact, mitigation: &str| Risk {
            id: format!("auto:{key}"),
            title,
            category: category.into(),
            likelihood,
            impact,
            owner: String::new(),
            mitigation: mitigation.into(),
            trigger: String::new(),
            status: RiskStatus::Open,
        };
    let mut risks = Vec::new();
    if let Some(f) = forecast.filter(|f| f.at_risk) {
        let cause = f.cause.as_deref().unwrap_or("readiness below the threshold");
        risks.push(seen(
            "transfer",
            format!("Transfer at risk: {cause}"),
            "readiness",
            4,
            5,
            "work through the next best actions on the Readiness score view",
        ));
    }
    if data.engagement.current_phase == Phase::Operate {
        let missing = data
            .docs
            .iter()
            .filter(|d| d.criticality == CRITICAL && !d.not_applicable)
            .filter(|d| d.status != DocStatus::Approved)
            .count();
        if missing > 0 {
            risks.push(seen(
                "docs",
                format!("{missing} critical documents not approved in Operate"),
                "documentation",
                4,
                4,
                "write and approve them before the Transfer gate",
            ));
        }
    }
    for late in late_hires(data, today) {
        let role = late.role;
        risks.push(seen(
            &format!("role:{}", role.id),
            format!(
                "{}: {} of {} slots open since {}",
                role.title, late.open, role.planned_count, late.target
            ),
            "staffing",
            3,
            2 + role.criticality.min(CRITICAL),
            "escalate the recruiting with the client",
        ));
    }
    risks
}

/// A role with slots still open (nobody on staff in them) after its target date.
pub struct LateHire<'a> {
    pub role: &'a Role,
    pub open: u32,
    pub target: NaiveDate,
}

/// The roles not filled by their target date, in the order of the roles.
pub fn late_hires(data: &EngagementData, today: NaiveDate) -> Vec<LateHire<'_>> {
    data.roles
        .iter()
        .filter_map(|role| {
            let target = role.target_date.filter(|d| *d < today)?;
            let filled = data
                .people
                .iter()
                .filter(|p| p.role_id.as_deref() == Some(&role.id) && p.state.is_on_staff())
                .count() as u32;
            (filled < role.planned_count).then(|| LateHire {
                role,
                open: role.planned_count - filled,
                target,
            })
        })
        .collect()
}

/// Open risks counted by likelihood (rows, 5 first) and impact (columns, 1 first).
pub fn heat_map<'a>(risks: impl IntoIterator<Item = &'a Risk>) -> [[usize; 5]; 5] {
    let mut counts = [[0; 5]; 5];
    for risk in risks.into_iter().filter(|r| r.is_open()) {
        let row = 5 - usize::from(risk.likelihood.clamp(1, 5));
        let column = usize::from(risk.impact.clamp(1, 5)) - 1;
        counts[row][column] += 1;
    }
    counts
}

/// The phases without a recorded lesson: a debriefing covers each of them.
pub fn phases_without_lessons(data: &EngagementData) -> Vec<Phase> {
    Phase::ALL.iter().copied().filter(|p| !data.lessons.iter().any(|l| l.phase == *p)).collect()
}

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
/// the decimal mark unless three digits follow it: then it groups thousands in a currency with
/// fewer than three decimals (`1,000` or `1.000` EUR is a thousand either way), and in one with
/// three (KWD) `.` is the decimal mark as botdash writes it while `1,250` could be either and is
/// refused with the forms that are not. More decimals than the currency has are refused, never
/// rounded away.
pub fn parse_amount(text: &str, currency: &str) -> Result<i64, String> {
    let digits = minor_digits(currency) as usize;
    let shown = super::text::sanitize(text.trim());
    let cleaned: String =
        text.trim().chars().filter(|c| !matches!(c, '_' | ' ' | '\'' | '\u{a0}')).collect();
    let (negative, unsigned) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    let not_an_amount = || format!("'{shown}' is not an amount (like 1,234.50 or 1.234,50)");
    let (whole, fraction) = match decimal_mark(unsigned, digits) {
        Mark::Decimal(mark) => unsigned.rsplit_once(mark).unwrap_or((unsigned, "")),
        Mark::None => (unsigned, ""),
        Mark::Misplaced => return Err(not_an_amount()),
        Mark::Ambiguous => {
            return Err(format!(
                "'{shown}' could be read two ways: write {currency} amounts as 1,250.000 or \
                 1.250,000 (or 1250 for a whole amount)"
            ));
        }
    };
    let whole: String = whole.chars().filter(|c| !matches!(c, ',' | '.')).collect();
    let numeric = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && fraction.is_empty() || !numeric(&whole) || !numeric(fraction) {
        return Err(not_an_amount());
    }
    if fraction.len() > digits {
        return Err(match digits {
            0 => format!("{currency} has no minor unit: enter a whole amount"),
            n => format!("{currency} has {n} decimals: '{shown}' has more"),
        });
    }
    let padded = format!("{whole}{fraction:0<digits$}");
    let minor: i64 = padded.parse().map_err(|_| format!("'{shown}' is too large"))?;
    Ok(if negative { -minor } else { minor })
}

/// What the separators of a number say about its decimals.
enum Mark {
    /// No decimals: no separator, or only thousands separators.
    None,
    Decimal(char),
    /// One `,` followed by three digits in a currency with three decimals.
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
        (false, 2.., _, _) | (false, 1, 3, 0..=2) => Mark::None,
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

/// `value × numerator ÷ denominator`, rounded half away from zero, without overflow.
fn scale(value: i64, numerator: i64, denominator: i64) -> i64 {
    let product = i128::from(value) * i128::from(numerator);
    let d = i128::from(denominator);
    let rounded = (product.abs() * 2 + d.abs()) / (d.abs() * 2);
    let negative = (product < 0) != (d < 0);
    (if negative { -rounded } else { rounded }) as i64
}

/// Planned and spent amounts of one phase.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseBurn {
    pub phase: Phase,
    pub planned: i64,
    pub spent: i64,
}

/// The budget on one day: per phase, in total, and where it is heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Budget {
    pub phases: Vec<PhaseBurn>,
    pub planned: i64,
    pub spent: i64,
    /// What the plan expected to be spent by today.
    pub planned_to_date: i64,
    /// Spending at today's ratio to the plan, carried to the end: spent ÷ planned to date ×
    /// the whole plan (the plan plus what is spent when nothing was planned yet).
    pub estimate: i64,
}

impl Budget {
    pub fn over_plan(&self) -> bool {
        self.estimate > self.planned
    }
}

/// The budget of `data` on `today`. Each phase's plan is spent evenly over its planned
/// dates; a phase without them counts as planned once the engagement has reached it.
pub fn budget(data: &EngagementData, today: NaiveDate) -> Budget {
    let phases: Vec<PhaseBurn> = Phase::ALL
        .iter()
        .map(|&phase| PhaseBurn {
            phase,
            planned: data.budget.iter().filter(|l| l.phase == phase).map(|l| l.planned).sum(),
            spent: data.costs.iter().filter(|c| c.phase == phase).map(|c| c.amount).sum(),
        })
        .collect();
    let planned = phases.iter().map(|p| p.planned).sum();
    let spent = phases.iter().map(|p| p.spent).sum();
    let planned_to_date = planned_by(data, today);
    let estimate =
        if planned_to_date > 0 { scale(spent, planned, planned_to_date) } else { planned + spent };
    Budget { phases, planned, spent, planned_to_date, estimate }
}

/// What the plan expected to be spent by the end of `day`.
pub fn planned_by(data: &EngagementData, day: NaiveDate) -> i64 {
    Phase::ALL
        .iter()
        .map(|&phase| {
            let amount: i64 =
                data.budget.iter().filter(|l| l.phase == phase).map(|l| l.planned).sum();
            let dates = data.phase_dates(phase);
            match dates.and_then(|p| p.planned_start.zip(p.planned_end)) {
                Some((start, end)) if end > start => {
                    let length = (end - start).num_days();
                    let elapsed = (day - start).num_days().clamp(0, length);
                    scale(amount, elapsed, length)
                }
                Some((start, _)) if day >= start => amount,
                Some(_) => 0,
                None if data.engagement.current_phase >= phase => amount,
                None => 0,
            }
        })
        .sum()
}

/// What was spent up to and including `day`.
pub fn spent_by(data: &EngagementData, day: NaiveDate) -> i64 {
    data.costs.iter().filter(|c| c.day <= day).map(|c| c.amount).sum()
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
        assert!(parse_amount("12.3456", "EUR").unwrap_err().contains("EUR has 2 decimals"));
        assert!(parse_amount("1.5", "JPY").unwrap_err().contains("no minor unit"));
        assert!(parse_amount("12a", "EUR").is_err());
        assert!(parse_amount("", "EUR").is_err());
        assert!(parse_amount(".", "EUR").is_err());
        assert!(parse_amount("99999999999999999999", "EUR").is_err());
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
        // Three decimals are more than EUR has: a thousand in either notation.
        assert_eq!(parse_amount("1,000", "EUR"), Ok(100_000));
        assert_eq!(parse_amount("12.345", "EUR"), Ok(1_234_500));
        let refusal = parse_amount("1,250", "KWD").unwrap_err();
        assert!(refusal.contains("could be read two ways"), "{refusal}");
        assert!(refusal.contains("1,250.000 or 1.250,000"), "{refusal}");
        assert!(parse_amount("1,2,3.4.5", "EUR").is_err());
        assert!(parse_amount("1.234,567", "EUR").unwrap_err().contains("EUR has 2 decimals"));
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
    }
}
