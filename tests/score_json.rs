//! `botdash score --json` gives the figures the text shows and the decision used: each
//! dimension's value as the percentage shown, and the findings on who can do what.

mod common;

use botdash::model::score::{Dimension, Level, Weights, readiness};
use botdash::model::*;
use common::records::*;
use serde_json::Value;

const TODAY: &str = "2026-06-15";

/// An engagement ready for the transfer in all but the Responsibilities dimension, which
/// holds all the weight: its duty is with the client and `by_client` of `resolved` incidents
/// were resolved by the client's team, so that the dimension is ½ + ½ × by_client/resolved.
fn evidence(by_client: usize, resolved: usize) -> EngagementData {
    let mut data = empty();
    data.engagement.readiness_threshold = 70;
    data.engagement.weights =
        Some(Weights { staffing: 0.0, skills: 0.0, kt: 0.0, responsibilities: 1.0, docs: 0.0 });
    data.roles = vec![role("ops", 1, 3)];
    data.people = vec![person("a", "ops", PersonState::Independent)];
    data.skills = vec![skill("oncall", 3, 1, 3)];
    data.ratings = vec![rating("a", "oncall", 3)];
    data.kt_topics = vec![topic("runbook", Some("oncall"), KtStatus::SignedOff)];
    data.responsibilities = vec![duty("on-call", 3, Owner::Client)];
    data.tickets = (0..resolved)
        .map(|i| {
            let by = if i < by_client {
                evidence::Resolver::Client
            } else {
                evidence::Resolver::Contractor
            };
            evidence::Ticket {
                id: format!("I{i}"),
                key: format!("I{i}"),
                opened: day("2026-06-10"),
                resolved: Some(day("2026-06-10")),
                priority: 3,
                kind: evidence::TicketKind::Incident,
                resolved_by: Some(by),
                sla_met: Some(true),
                plan: String::new(),
            }
        })
        .collect();
    data
}

/// The edges of a shown tenth of a percent: 799.45 and 799.475 thousandths are shown as
/// 79.9 % and keep L3 away; 799.5 and above are shown as 80 % and reach it; 800.5 is 80.1 %. The value given,
/// the text and the level agree on each, as do the points and the score.
#[test]
fn a_dimension_s_value_is_given_as_shown_and_decided_on_at_every_edge() {
    let cases = [
        // by client of 20,000: the value shown, the text, the level, the points
        (11_978, 0.799, "79.9 %", Level::L2, 79.9),
        (11_979, 0.799, "79.9 %", Level::L2, 79.9),
        (11_980, 0.8, "80.0 %", Level::L3, 80.0),
        (11_981, 0.8, "80.0 %", Level::L3, 80.0),
        (11_998, 0.8, "80.0 %", Level::L3, 80.0),
        (12_020, 0.801, "80.1 %", Level::L3, 80.1),
    ];
    for (by_client, shown, text, level, points) in cases {
        let r = readiness(&evidence(by_client, 20_000), day(TODAY));
        let d = r.dimension(Dimension::Responsibilities);
        assert_eq!(d.shown_value(), shown, "{by_client}: {}", d.value);
        assert_eq!(percent_text(d.value), text, "{by_client}");
        assert_eq!(percent_text(d.shown_value()), text, "{by_client}");
        assert_eq!((r.level, d.points, r.score), (level, points, points), "{by_client}");
    }
}

/// Over a run of values across the edge, the value given is the one the text shows, and the
/// level is L3 exactly when it reaches 0.8.
#[test]
fn the_value_given_is_the_value_shown_across_the_edge() {
    for by_client in 11_960..12_040 {
        let r = readiness(&evidence(by_client, 20_000), day(TODAY));
        let d = r.dimension(Dimension::Responsibilities);
        let shown: f64 = percent_text(d.value).trim_end_matches(" %").parse().unwrap();
        let tenths = |x: f64| (x * 10.0).round() as i64;
        assert_eq!(tenths(d.shown_value() * 100.0), tenths(shown), "{by_client}: {}", d.value);
        assert_eq!(r.level == Level::L3, d.shown_value() >= 0.8, "{by_client}: {}", d.value);
    }
}

fn stdout(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The tester's case through the command line: the text said 79.9 % and L2, the JSON 0.7995.
#[test]
fn score_json_gives_the_value_the_text_shows_and_the_level_decided_on() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("b.db");
    let mut store = botdash::store::Store::open(&db).unwrap();
    let data = evidence(11_979, 20_000);
    store.edit(|tx| botdash::store::insert_engagement_data(tx, &data)).unwrap();
    drop(store);
    let text = stdout(&common::botdash(&db, &["score", "e"]));
    assert!(text.contains("Responsibilities      79.9 %"), "{text}");
    assert!(text.contains("responsibilities at 79.9 % (need 80 %)"), "{text}");
    let json: Value =
        serde_json::from_str(&stdout(&common::botdash(&db, &["score", "e", "--json"]))).unwrap();
    let responsibilities = &json["dimensions"][3];
    assert_eq!(responsibilities["name"], "responsibilities");
    assert_eq!(responsibilities["value"], 0.799);
    assert_eq!(responsibilities["points"], 79.9);
    assert_eq!((&json["score"], &json["level"]), (&Value::from(79.9), &Value::from("L2")));
    assert_eq!(json["missing_for_next"][0], "responsibilities at 79.9 % (need 80 %)");
}

/// The findings the text lists are the JSON's `findings`, with what to do; the empty
/// dimensions are named apart.
#[test]
fn score_json_lists_the_findings_the_text_lists() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let saved = std::process::Command::new(env!("CARGO_BIN_EXE_botdash"))
        .args(["demo", "--save", db.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(saved.status.success());
    let text = stdout(&common::botdash(&db, &["score", "stadtwerke-billing"]));
    let json = stdout(&common::botdash(&db, &["score", "stadtwerke-billing", "--json"]));
    let json: Value = serde_json::from_str(&json).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let listed: Vec<&str> = text
        .split("Findings on who can do what:\n")
        .nth(1)
        .expect("the text lists findings")
        .lines()
        .take_while(|l| l.starts_with("  - "))
        .collect();
    assert_eq!(findings.len(), listed.len());
    for (f, line) in findings.iter().zip(listed) {
        let as_text = format!("  - {} ({}): {}", f["finding"], f["evidence"], f["action"]);
        assert_eq!(as_text.replace('"', ""), line);
        assert!(f["kind"].is_string());
    }
    assert_eq!(json["empty_dimensions"], serde_json::json!([]));
}
