//! The PDF report read back as a reader's PDF viewer gets it: the file is a whole PDF, and its
//! text (extracted through the fonts' Unicode maps, as search and copy use them) holds the
//! title, the statuses, every name as written, hostile text as text, every row of a long list
//! and a "page N of M" footer on each page.

mod common;

use botdash::model::{DocItem, EngagementData, Phase, Side, Task};
use botdash::report::changes::Since;
use botdash::report::{Context, Report, ReportFormat, Settings};
use botdash::store::Store;
use chrono::NaiveDate;
use common::{botdash, keys};

/// The text of each page, in page order.
fn pages(pdf: &[u8]) -> Vec<String> {
    assert!(pdf.starts_with(b"%PDF-"), "a PDF header");
    assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"), "a PDF trailer");
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF parses");
    let count = doc.get_pages().len() as u32;
    (1..=count).map(|page| doc.extract_text(&[page]).expect("the page's text")).collect()
}

fn demo_db(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("b.db");
    let mut store = Store::open(&db).unwrap();
    botdash::demo::save(&mut store, common::today()).unwrap();
    db
}

/// An engagement with nothing recorded in it but what a test adds.
fn blank(client: &str, name: &str) -> EngagementData {
    let dir = tempfile::tempdir().unwrap();
    let db = common::one_engagement(dir.path());
    let store = Store::open(&db).unwrap();
    let mut data = store.load(store.engagement_by_slug("acme-billing").unwrap()).unwrap();
    (data.engagement.client, data.engagement.name) = (client.into(), name.into());
    EngagementData::new(data.engagement)
}

fn tasks(titles: impl IntoIterator<Item = String>) -> Vec<Task> {
    titles
        .into_iter()
        .enumerate()
        .map(|(n, title)| Task {
            id: format!("task-{n}"),
            position: n as i64,
            ..Task::to_do(Phase::Plan, title, Side::Joint, "")
        })
        .collect()
}

fn pdf_of(data: &EngagementData) -> Vec<u8> {
    let today: NaiveDate = "2026-06-15".parse().unwrap();
    let settings = Settings::default();
    let context = Context {
        overrides: &[],
        since: (today, Since::Given),
        changes: &[],
        previous: None,
        settings: &settings,
    };
    Report::new(data, &context, today, today).bytes(ReportFormat::Pdf)
}

#[test]
fn the_demo_report_as_pdf_has_the_title_each_area_s_status_and_page_n_of_m() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let file = dir.path().join("report.pdf");
    let out = botdash(&db, &["report", "stadtwerke-billing", "--format", "pdf", "-o"]);
    assert!(!out.status.success(), "-o needs its file");
    // A later day than today, so the footer's day is known: the JSON is of the same day.
    let report = ["report", "stadtwerke-billing", "--as-of", "2030-01-31", "--format"];
    let out = botdash(&db, &[&report[..], &["pdf", "-o", file.to_str().unwrap()]].concat());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    let pages = pages(&std::fs::read(&file).unwrap());
    let text = pages.concat();
    assert!(text.contains("Stadtwerke Süd · Billing modernisation"), "the title");

    let json = botdash(&db, &[&report[..], &["json"]].concat());
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    for area in json["executive"]["areas"].as_array().unwrap() {
        let label = area["area"].as_str().unwrap();
        let label = label[..1].to_uppercase() + &label[1..];
        let rag = area["rag"].as_str().unwrap().to_uppercase();
        // A row's cells are drawn one after the other: the area, then its status.
        assert!(text.contains(&format!("{label}\n{rag}\n")), "{label} is {rag}");
    }
    // Each dimension's bar says its figures whole: the points are what a client adds up.
    for dimension in json["readiness"]["dimensions"].as_array().unwrap() {
        let points = format!("→ {:.1} pts", dimension["points"].as_f64().unwrap());
        assert!(text.contains(&points), "{points} beside its bar");
    }
    for (i, page) in pages.iter().enumerate() {
        let footer = format!("page {} of {}", i + 1, pages.len());
        assert!(page.contains(&footer), "{footer}");
        assert!(page.contains("Billing modernisation · report of 2030-01-31"));
    }
}

#[test]
fn a_pdf_without_a_file_is_refused_and_nothing_binary_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let out = botdash(&db, &["report", "stadtwerke-billing", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o FILE"));
}

#[test]
fn european_names_and_the_report_s_symbols_copy_as_written() {
    let names = [
        "Jürgen Weiß",
        "Zoë Ångström",
        "Łukasz Żółć",
        "Jiří Dvořák",
        "Renée Façade",
        "Øystein Æsir",
    ];
    let mut data = blank("Müller & Söhne GmbH", "Straßenbahn Łódź");
    data.tasks = tasks(names.iter().map(|n| format!("hand over to {n}")));
    let text = pages(&pdf_of(&data)).concat();
    assert!(text.contains("Müller & Söhne GmbH · Straßenbahn Łódź"), "the title");
    for name in names {
        assert!(text.contains(&format!("hand over to {name}")), "{name}");
    }
    // The dimension bars' captions, the byline's and title's dots, the empty dates' dashes.
    for symbol in ["→", "×", "·", "—"] {
        assert!(text.contains(symbol), "{symbol}");
    }
    data.tasks = tasks(["checked ✓ … next → done · ½ € “quoted”".to_string()]);
    let text = pages(&pdf_of(&data)).concat();
    assert!(text.contains("checked ✓ … next → done · ½ € “quoted”"));
}

#[test]
fn hostile_text_is_text_wrapped_to_the_page_and_a_missing_glyph_shows_as_a_replacement() {
    let long = "W".repeat(10_000);
    let titles = [
        "close (paren) and \\ backslash ) (",
        "%PDF-1.7 endstream endobj %%EOF",
        "<script>alert(1)</script>",
        "first line\nsecond line",
        "right\u{202E}to\u{200F}left",
        "rocket 🚀 launch",
        &long,
    ];
    let mut data = blank("ACME (\\) %PDF", "Billing");
    data.tasks = tasks(titles.iter().map(|t| t.to_string()));
    // A category's name is also a label in the documentation chart.
    data.docs = vec![DocItem::missing(format!("category {long}"), "Runbook".into(), 3)];
    let pdf = pdf_of(&data);
    let pages = pages(&pdf);
    let text = pages.concat();
    assert!(text.contains("ACME (\\) %PDF · Billing"));
    for kept in [
        "close (paren) and \\ backslash ) (",
        "%PDF-1.7 endstream endobj %%EOF",
        "<script>alert(1)</script>",
        "first line second line",
        "righttoleft",
        "rocket \u{FFFD} launch",
    ] {
        assert!(text.contains(kept), "{kept}");
    }
    assert!(text.matches('W').count() >= 10_000, "every character of the long title is drawn");
    let longest = text.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 150, "long text is wrapped or cut ({longest} characters on a line)");
    assert!(pages.len() > 2, "a row taller than a page continues on the next");
}

#[test]
fn a_big_engagement_lists_every_open_task_over_several_pages() {
    let mut data = blank("ACME", "Billing");
    data.tasks = tasks((1..=250).map(|n| format!("Migrate interface {n:03}")));
    let pages = pages(&pdf_of(&data));
    assert!(pages.len() >= 5, "{} pages", pages.len());
    let text = pages.concat();
    for n in 1..=250 {
        assert!(text.contains(&format!("Migrate interface {n:03}\n")), "task {n}");
    }
    assert!(!text.contains("more)"), "no list is cut");
    // The tasks table's header is repeated on the pages it continues on.
    let headed = pages.iter().filter(|p| p.contains("Task\nStatus\nSide\nDue\n")).count();
    assert!(headed >= 4, "{headed} pages with the tasks' header");
}

#[test]
fn the_palette_writes_the_report_as_pdf_when_the_format_is_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&demo_db(dir.path())).unwrap();
    let mut app = botdash::app::App::new(store, common::today()).unwrap();
    let html = dir.path().join("r.html");
    // The path first, then the format (Tab, `p`): the path's extension follows it.
    keys(&mut app, &format!(":report\r\u{15}{}\tp\r", html.display()));
    let pdf = dir.path().join("r.pdf");
    assert!(pdf.exists(), "{:?}", app.state.message);
    assert!(!html.exists());
    assert!(pages(&std::fs::read(pdf).unwrap()).concat().contains("Status report of"));
}

/// A hand-over item with no holder yet shows `—` there, as every other report table does, in
/// each format.
#[test]
fn the_hand_over_table_shows_a_dash_for_a_missing_holder_in_every_format() {
    use botdash::model::handover::{HandoverItem, HandoverKind, HandoverStatus};
    let mut data = blank("Acme", "Billing");
    data.handover.push(HandoverItem {
        id: "item".into(),
        kind: HandoverKind::Repository,
        name: "Billing repository".into(),
        current_holder: String::new(),
        target_holder: " ".into(),
        due_date: None,
        status: HandoverStatus::Planned,
        notes: String::new(),
    });
    let today: NaiveDate = "2026-06-15".parse().unwrap();
    let settings = Settings::default();
    let context = Context {
        overrides: &[],
        since: (today, Since::Given),
        changes: &[],
        previous: None,
        settings: &settings,
    };
    let report = Report::new(&data, &context, today, today);
    let markdown = botdash::report::markdown(&report);
    assert!(
        markdown.contains("| Billing repository | repository | — | — | — | planned |"),
        "{markdown}"
    );
    let html = botdash::report::html(&report);
    assert!(
        html.contains(
            "<td>Billing repository</td><td>repository</td><td>—</td><td>—</td><td>—</td>"
        ),
        "{html}"
    );
    // The PDF's text has a cell a line.
    let text = pages(&report.bytes(ReportFormat::Pdf)).concat();
    let row: Vec<&str> =
        text.lines().skip_while(|l| *l != "Billing repository").skip(1).take(5).collect();
    assert_eq!(row, ["repository", "—", "—", "—", "planned"], "{text}");
}
