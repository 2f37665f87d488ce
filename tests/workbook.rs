//! `botdash workbook`: an XLSX file a spreadsheet reads back as the engagement's checklist,
//! risks, people, skills, budget, transfer inventory and service desk, and whose checklist
//! sheet `docs import` takes back.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Output;

use botdash::model::{DocStatus, checklist};
use botdash::store::Store;
use calamine::{Data, DataType, Range, Reader, Style, Xlsx};

mod common;

use common::cli::{botdash, demo_db};

const SLUG: &str = "stadtwerke-billing";
const SHEETS: [&str; 8] = [
    "Checklist",
    "Risks",
    "People",
    "Skills matrix",
    "Budget",
    "Hand-over",
    "Operations",
    "Tickets",
];

/// The fills a reader sees: red, amber, green.
const RED: (u8, u8, u8) = (0xFF, 0xC7, 0xCE);
const AMBER: (u8, u8, u8) = (0xFF, 0xEB, 0x9C);
const GREEN: (u8, u8, u8) = (0xC6, 0xEF, 0xCE);

/// A database with one engagement, `acme`, from the standard template.
fn new_engagement(dir: &Path) -> PathBuf {
    let db = dir.join("b.db");
    let out = botdash(&db, &["new", "--client", "A", "--name", "B", "--slug", "acme"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    db
}

/// Runs `botdash workbook SLUG -o DIR/w.xlsx` and returns the file's path.
fn write_workbook(db: &Path, slug: &str) -> PathBuf {
    let path = db.with_file_name("w.xlsx");
    let out = botdash(db, &["workbook", slug, "-o", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("{}\n", path.display()));
    path
}

fn open(path: &Path) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(std::fs::read(path).unwrap())).expect("a valid XLSX file")
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    open(path).worksheet_range(name).unwrap()
}

/// The XML of the `n`th sheet (from 1), as the zip holds it.
fn sheet_xml(path: &Path, n: usize) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name(&format!("xl/worksheets/sheet{n}.xml")).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

/// The Checklist sheet's cells, to edit as a client would.
fn checklist_rows(path: &Path) -> Vec<Vec<Data>> {
    sheet(path, "Checklist").rows().map(<[Data]>::to_vec).collect()
}

fn text_row(range: &Range<Data>, row: usize) -> Vec<String> {
    range.rows().nth(row).unwrap().iter().map(ToString::to_string).collect()
}

/// The row whose first cells are `first`, and its index.
fn row_of(range: &Range<Data>, first: &[&str]) -> (usize, Vec<String>) {
    let starts =
        |row: &[Data]| first.iter().zip(row).all(|(text, cell)| cell.get_string() == Some(*text));
    let index = range.rows().position(starts).unwrap_or_else(|| panic!("no row {first:?}"));
    (index, text_row(range, index))
}

fn style(path: &Path, sheet: &str, row: usize, column: usize) -> Option<Style> {
    let styles = open(path).worksheet_style(sheet).unwrap();
    styles.get((row as u32, column as u32)).cloned()
}

fn fill(path: &Path, sheet: &str, row: usize, column: usize) -> Option<(u8, u8, u8)> {
    let color = style(path, sheet, row, column)?.fill?.get_color()?;
    Some((color.red, color.green, color.blue))
}

#[test]
fn the_workbook_holds_the_engagement_sheet_by_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = write_workbook(&db, SLUG);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(open(&path).sheet_names(), SHEETS);

    let store = Store::open(&db).unwrap();
    let data = store.load(store.engagement_by_slug(SLUG).unwrap()).unwrap();
    let checklist = sheet(&path, "Checklist");
    assert_eq!(text_row(&checklist, 0), checklist::COLUMNS);
    assert_eq!(checklist.height(), data.docs.len() + 1);
    let doc = &data.docs[0];
    let (_, row) = row_of(&checklist, &[&doc.id]);
    assert_eq!(row[1..5], [&doc.category, &doc.title, "3", doc.status.as_str()]);

    let risks = sheet(&path, "Risks");
    assert_eq!(
        text_row(&risks, 0)[..6],
        ["title", "category", "status", "likelihood", "impact", "exposure"]
    );
    let (_, risk) = row_of(&risks, &["ERP interface changes during the build"]);
    assert_eq!(risk[2..6], ["open", "3", "4", "12"]);

    let people = sheet(&path, "People");
    assert_eq!(
        text_row(&people, 0),
        [
            "name",
            "role",
            "state",
            "planned",
            "hired",
            "onboarded",
            "independent",
            "left",
            "side",
            "on from",
            "until",
            "KT topics",
            "duties"
        ]
    );
    let person = &data.people[0];
    let (_, row) = row_of(&people, &[&person.name]);
    assert_eq!(row[2], person.state.as_str());
    assert_eq!(row[8], "client");
    // Their part in the plan, by title: the topics they take, the duties they answer for.
    let taken = data.kt_topics.iter().find(|t| data.trainees_of(&t.id).any(|p| p == person.id));
    assert!(row[11].contains(&format!("takes: {}", taken.unwrap().title)), "{}", row[11]);
    let duty = data.responsibilities.iter().find(|r| r.accountable_id == Some(person.id.clone()));
    assert!(row[12].contains(&format!("accountable: {}", duty.unwrap().activity)), "{}", row[12]);
    // The contractor's staff, with the day each leaves and the topics each trains.
    let staff = &data.contractor_staff[0];
    let (_, row) = row_of(&people, &[&staff.name]);
    assert_eq!(row[1], staff.role);
    assert_eq!(
        row[8..11],
        ["contractor", &staff.on_from.unwrap().to_string(), &staff.until.unwrap().to_string()]
    );
    assert!(row[11].starts_with("trains: "), "{}", row[11]);

    let skills = sheet(&path, "Skills matrix");
    let rating = &data.ratings[0];
    let skill = data.skills.iter().find(|s| s.id == rating.skill_id).unwrap();
    let rater = data.people.iter().find(|p| p.id == rating.person_id).unwrap();
    let column = text_row(&skills, 0).iter().position(|h| *h == rater.name).unwrap();
    let (_, row) = row_of(&skills, &[&skill.name]);
    assert_eq!(row[2], skill.required_level.to_string());
    assert_eq!(row[column], rating.level.to_string());

    // Amounts as numbers of the currency's major unit: 180,000.00 EUR planned for a phase.
    let budget = sheet(&path, "Budget");
    assert_eq!(text_row(&budget, 0), ["phase", "category", "planned (EUR)", "spent (EUR)"]);
    let (index, _) = row_of(&budget, &["build", "Team"]);
    assert_eq!(budget.rows().nth(index).unwrap()[2], Data::Float(180_000.0));
    let format = style(&path, "Budget", index, 2).and_then(|s| s.number_format).unwrap();
    assert_eq!(format.format_code, "#,##0.00", "shown with two decimals");

    // The transfer inventory: verified green, transferred but not verified amber, overdue red.
    let handover = sheet(&path, "Hand-over");
    let columns = ["item", "kind", "held by", "goes to", "due", "status", "notes"];
    assert_eq!(text_row(&handover, 0), columns);
    assert_eq!(handover.height(), data.handover.len() + 1);
    let status = |name| {
        let (index, row) = row_of(&handover, &[name]);
        (row[5].clone(), fill(&path, "Hand-over", index, 5))
    };
    let verified = status("Cloud production account (admin role)");
    assert_eq!(verified, ("verified".into(), Some(GREEN)));
    let moved = status("Database admin credentials (vault entry)");
    assert_eq!(moved, ("transferred".into(), Some(AMBER)));
    let late = status("TLS certificate for the portal domain");
    assert_eq!(late, ("in_progress".into(), Some(RED)), "due before today");
}

#[test]
fn a_link_planted_at_the_path_is_replaced_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let target = dir.path().join("elsewhere.txt");
    std::fs::write(&target, "not yours").unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("w.xlsx")).unwrap();
    let path = write_workbook(&db, SLUG);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "not yours");
    assert!(std::fs::symlink_metadata(&path).unwrap().is_file());
    assert_eq!(open(&path).sheet_names(), SHEETS);
}

#[test]
fn a_status_is_shown_red_amber_or_green() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    // The engagement with documents of every status.
    let slug = "nordwind-fleet";
    let path = write_workbook(&db, slug);
    let risks = sheet(&path, "Risks");
    let exposure = |title| fill(&path, "Risks", row_of(&risks, &[title]).0, 5);
    assert_eq!(exposure("Client cannot hire the ops engineers in time"), Some(RED), "16");
    assert_eq!(exposure("ERP interface changes during the build"), Some(AMBER), "12");
    assert_eq!(exposure("Key user leaves before the tests"), None, "closed");

    // The command judges staleness on the real day.
    let today = chrono::Local::now().date_naive();
    let store = Store::open(&db).unwrap();
    let docs = store.load(store.engagement_by_slug(slug).unwrap()).unwrap().docs;
    let checklist = sheet(&path, "Checklist");
    let status = checklist::COLUMNS.iter().position(|c| *c == "status").unwrap();
    let mut seen = Vec::new();
    for (row, cells) in checklist.rows().enumerate().skip(1) {
        let doc = docs.iter().find(|d| d.id == cells[0].to_string()).unwrap();
        let expected = match doc.status {
            _ if doc.not_applicable => None,
            DocStatus::Missing => Some(RED),
            DocStatus::Approved if !doc.is_stale(today) => Some(GREEN),
            _ => Some(AMBER),
        };
        assert_eq!(fill(&path, "Checklist", row, status), expected, "{}", doc.title);
        seen.extend(expected);
    }
    assert!([RED, AMBER, GREEN].iter().all(|rag| seen.contains(rag)), "{seen:?}");

    let budget = sheet(&path, "Budget");
    let (index, _) = row_of(&budget, &["build", "Team"]);
    let amounts = &budget.rows().nth(index).unwrap()[2..4];
    assert!(amounts[1].as_f64() > amounts[0].as_f64(), "{amounts:?}");
    assert_eq!(fill(&path, "Budget", index, 3), Some(RED), "spent past the plan");

    let header_font = style(&path, "Checklist", 0, 0).and_then(|s| s.font).unwrap();
    assert!(header_font.is_bold());
}

#[test]
fn every_sheet_has_a_frozen_header_row_and_a_filter() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_workbook(&demo_db(dir.path()), SLUG);
    for (n, name) in SHEETS.iter().enumerate() {
        let xml = sheet_xml(&path, n + 1);
        assert!(
            xml.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{name}"
        );
        let range = sheet(&path, name);
        let (rows, columns) = range.get_size();
        let last_column = char::from(b'A' + columns as u8 - 1);
        assert!(
            xml.contains(&format!(r#"<autoFilter ref="A1:{last_column}{rows}"/>"#)),
            "{name}: {xml}"
        );
        assert!(xml.contains("<cols>"), "{name}: columns sized to their text");
    }
}

/// Text a spreadsheet would run, with control characters: each in a record of every kind.
const HOSTILE: [&str; 7] = [
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTab first",
    "\rCR first",
    "\x1b[31mred\x07",
];

#[test]
fn hostile_text_is_written_as_text_never_as_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_engagement(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    for (i, text) in (0_i64..).zip(HOSTILE) {
        let sql = [
            "UPDATE doc_item SET owner = ?1 WHERE rowid = (SELECT min(rowid) + ?2 FROM doc_item)",
            "INSERT INTO risk (id, engagement_id, title, category, likelihood, impact, owner, \
             mitigation, trigger_event) SELECT 'r' || ?2, id, ?1, ?1, 3, 3, ?1, ?1, ?1 FROM engagement",
            "INSERT INTO person (id, engagement_id, name, state) SELECT 'p' || ?2, id, ?1, 'hired' FROM engagement",
            "INSERT INTO budget_line (id, engagement_id, phase, category, planned) \
             SELECT 'b' || ?2, id, 'plan', ?1, 1000 FROM engagement",
            "INSERT INTO ticket (id, engagement_id, ticket_key, opened, priority, kind, plan) \
             SELECT 't' || ?2, id, ?1, '2026-06-01', 1, 'incident', ?1 FROM engagement",
        ];
        for statement in sql {
            conn.execute(statement, rusqlite::params![text, i]).unwrap();
        }
    }
    // Longer than a cell holds: cut, rather than no workbook at all.
    conn.execute("UPDATE risk SET mitigation = ?1 WHERE id = 'r0'", ["m".repeat(40_000)]).unwrap();
    drop(conn);
    let path = write_workbook(&db, "acme");
    let mut workbook = open(&path);
    for (n, name) in SHEETS.iter().enumerate() {
        let formulas = workbook.worksheet_formula(name).unwrap();
        assert!(formulas.used_cells().next().is_none(), "{name} has a formula");
        assert!(!sheet_xml(&path, n + 1).contains("<f>"), "{name} has a formula");
    }
    let shown = |text: &str| Data::String(botdash::model::text::sanitize_lines(text).into_owned());
    let columns = [
        ("Checklist", 6),
        ("Risks", 0),
        ("People", 0),
        ("Budget", 1),
        ("Tickets", 0),
        ("Tickets", 7),
    ];
    for (name, column) in columns {
        let range = sheet(&path, name);
        for text in HOSTILE {
            let found = range.rows().any(|row| row[column] == shown(text));
            assert!(found, "{name} has no string cell {:?}", shown(text));
        }
    }
    let risks = sheet(&path, "Risks");
    let (_, risk) = row_of(&risks, &[HOSTILE[0]]);
    assert_eq!(risk[7], format!("{}…", "m".repeat(32_766)));
    assert!(risks.rows().any(|row| row[0] == Data::String("^[[31mred^G".into())));
}

#[test]
fn awkward_text_comes_back_through_the_sheet_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = new_engagement(dir.path());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE doc_item SET title = ?1, owner = ?2, location = ?3 \
         WHERE rowid = (SELECT min(rowid) FROM doc_item)",
        [
            "Runbook, \"primary\" site\nsecond line\r\nthird — Zürich 東京 🙂",
            "=HYPERLINK(\"http://evil.example\")",
            "'quoted\tand tabbed",
        ],
    )
    .unwrap();
    drop(conn);
    let path = write_workbook(&db, "acme");
    let out = botdash(&db, &["docs", "import", "acme", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "nothing to change: the checklist already matches the file\n"
    );
}

/// A workbook of one sheet holding `rows`, as a client's spreadsheet saves it.
fn workbook_of(sheet: &str, rows: &[Vec<Data>]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let worksheet = workbook.add_worksheet().set_name(sheet).unwrap();
    for (r, row) in (0..).zip(rows) {
        for (c, cell) in (0..).zip(row) {
            match cell {
                Data::Empty => continue,
                Data::Float(number) => worksheet.write_number(r, c, *number),
                other => worksheet.write_string(r, c, other.to_string()),
            }
            .unwrap();
        }
    }
    workbook.save_to_buffer().unwrap()
}

fn import(db: &Path, file: &Path) -> Output {
    botdash(db, &["docs", "import", SLUG, file.to_str().unwrap()])
}

fn csv_export(db: &Path) -> Vec<u8> {
    botdash(db, &["docs", "export", SLUG, "--csv"]).stdout
}

#[test]
fn the_checklist_sheet_reimports_like_the_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = write_workbook(&db, SLUG);
    let out = import(&db, &path);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.stdout, b"nothing to change: the checklist already matches the file\n");

    // The client sends a document in review back to draft.
    let mut rows = checklist_rows(&path);
    let row = rows.iter_mut().find(|r| r[4] == Data::String("in_review".into())).unwrap();
    row[4] = Data::String("draft".into());
    let (id, title) = (row[0].to_string(), row[2].to_string());
    let edited = dir.path().join("edited.xlsx");
    std::fs::write(&edited, workbook_of("Checklist", &rows)).unwrap();
    let out = import(&db, &edited);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), format!("updated '{title}': status\n"));
    let csv = String::from_utf8(csv_export(&db)).unwrap();
    let line = csv.lines().find(|l| l.starts_with(&id)).unwrap();
    assert!(line.contains(",draft,"), "{line}");
}

#[test]
fn a_ragged_or_foreign_workbook_is_refused_naming_the_row_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = write_workbook(&db, SLUG);
    let rows = checklist_rows(&path);
    let before = csv_export(&db);
    let file = dir.path().join("client.xlsx");
    let refusal = |bytes: Vec<u8>| {
        std::fs::write(&file, bytes).unwrap();
        let out = import(&db, &file);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(csv_export(&db), before, "nothing changed");
        let message = String::from_utf8(out.stderr).unwrap();
        message.trim_end().rsplit_once("client.xlsx: ").unwrap().1.to_string()
    };

    let mut ragged = rows.clone();
    ragged[2].push(Data::String("a note past the last column".into()));
    assert_eq!(
        refusal(workbook_of("Checklist", &ragged)),
        "row 3 has 13 cells where the header has 12 (cut short?); nothing was changed"
    );
    let mut bad = rows.clone();
    bad[4][4] = Data::String("finished".into());
    let message = refusal(workbook_of("Checklist", &bad));
    assert!(message.starts_with("row 5: unknown document status 'finished' (one of: missing, draft, in_review, approved)"), "{message}");
    assert_eq!(
        refusal(workbook_of("Sheet1", &rows)),
        "the workbook has no sheet named Checklist; nothing was changed"
    );
    let message = refusal(b"PK\x03\x04 not really a zip".to_vec());
    assert!(message.starts_with("the file is not an XLSX workbook"), "{message}");
    let whole = std::fs::read(&path).unwrap();
    let message = refusal(whole[..whole.len() / 2].to_vec());
    assert!(message.starts_with("the file is not an XLSX workbook"), "{message}");
}

#[test]
fn a_cell_in_the_sheets_far_corner_is_refused_not_allocated_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = write_workbook(&db, SLUG);
    let mut rows = checklist_rows(&path);
    // A sheet is 1,048,576 rows by 16,384 columns: two cells would span all of it.
    let mut last = vec![Data::Empty; 16_384];
    last[16_383] = Data::String("corner".into());
    rows.resize(1_048_575, Vec::new());
    rows.push(last);
    let file = dir.path().join("corner.xlsx");
    std::fs::write(&file, workbook_of("Checklist", &rows)).unwrap();
    let out = import(&db, &file);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.ends_with("row 1048576 has 16384 cells where the header has 12 (cut short?); nothing was changed\n"),
        "{message}"
    );
}

/// The workbook at `path` with `from` replaced by `to` in the XML of sheet `n`.
fn with_sheet_xml_edited(path: &Path, n: usize, from: &str, to: &str) -> Vec<u8> {
    let mut original = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut edited = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let target = format!("xl/worksheets/sheet{n}.xml");
    for i in 0..original.len() {
        let mut part = original.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        if name == target {
            let xml = String::from_utf8(bytes).unwrap();
            assert!(xml.contains(from), "{xml}");
            bytes = xml.replacen(from, to, 1).into_bytes();
        }
        edited.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut edited, &bytes).unwrap();
    }
    edited.finish().unwrap().into_inner()
}

#[test]
fn a_cell_placed_past_the_sheets_last_row_is_refused_not_allocated_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = write_workbook(&db, SLUG);
    // A hand-made file can place a cell anywhere: row four billion would ask for ~100 GB.
    let file = dir.path().join("far.xlsx");
    std::fs::write(&file, with_sheet_xml_edited(&path, 1, "r=\"A2\"", "r=\"A4000000000\""))
        .unwrap();
    let before = csv_export(&db);
    let out = import(&db, &file);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.contains("past the last row or column"), "{message}");
    assert_eq!(csv_export(&db), before, "nothing changed");
}

#[test]
fn a_workbook_that_expands_past_any_checklist_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let path = write_workbook(&db, SLUG);
    // Whitespace between the sheet's elements is valid XML and compresses a thousandfold: a
    // file of a few hundred kilobytes whose sheet is 129 MB.
    let padding = " ".repeat(129 << 20);
    let bomb = with_sheet_xml_edited(&path, 1, "<sheetData>", &format!("{padding}<sheetData>"));
    drop(padding);
    assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
    let file = dir.path().join("bomb.xlsx");
    std::fs::write(&file, bomb).unwrap();
    let before = csv_export(&db);
    let out = import(&db, &file);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(
        message.ends_with(
            "the workbook's parts expand to 129 MB, more than a checklist ever needs (128 MB); \
             nothing was changed\n"
        ),
        "{message}"
    );
    assert_eq!(csv_export(&db), before, "nothing changed");
}

/// The week of 2026-06-01 the client resolved one of two tickets, the P2 out of SLA; the
/// next it resolved two of three, the P2 in SLA; a P1 is open without a plan. The gate holds
/// the client to 60 % alone and P1/P2 to 90 % in SLA.
#[test]
fn the_operations_sheet_colours_each_week_by_the_hypercare_thresholds() {
    use botdash::model::evidence::Resolver::{Client, Contractor};
    use common::ticket;
    let dir = tempfile::tempdir().unwrap();
    let db = new_engagement(dir.path());
    let store = Store::open(&db).unwrap();
    let mut data = store.load(store.engagement_by_slug("acme").unwrap()).unwrap();
    let rule = data
        .gates
        .iter_mut()
        .find(|g| g.rule.as_deref().is_some_and(|r| r.starts_with("tickets.client_alone")));
    rule.unwrap().rule = Some("tickets.client_alone(60,4)".into());
    data.tickets = vec![
        ticket("INC-1", "2026-06-02", 1, Some(Client)),
        ticket("INC-2", "2026-06-03", 2, Some(Contractor)),
        ticket("INC-3", "2026-06-09", 2, Some(Client)),
        ticket("CHG-4", "2026-06-10", 3, Some(Client)),
        ticket("INC-5", "2026-06-11", 3, Some(Contractor)),
        ticket("INC-6", "2026-06-12", 1, None),
    ];
    let path = dir.path().join("w.xlsx");
    std::fs::write(&path, botdash::workbook::workbook(&data, common::today()).unwrap()).unwrap();

    let weeks = sheet(&path, "Operations");
    assert_eq!(weeks.height(), 4, "a header and the weeks from W23 to W25");
    let (w23, row) = row_of(&weeks, &["2026-W23"]);
    assert_eq!(row[1..], ["2026-06-01", "2", "1", "50", "2", "50", "50", "0"]);
    assert_eq!(fill(&path, "Operations", w23, 4), Some(RED), "50 % alone, below 60 %");
    assert_eq!(fill(&path, "Operations", w23, 6), Some(RED), "50 % in SLA, below 90 %");
    let (w24, row) = row_of(&weeks, &["2026-W24"]);
    assert_eq!(row[1..], ["2026-06-08", "3", "2", "67", "1", "100", "67", "1"]);
    assert_eq!(fill(&path, "Operations", w24, 4), Some(GREEN), "67 % alone, at least 60 %");
    assert_eq!(fill(&path, "Operations", w24, 6), Some(GREEN));
    assert_eq!(fill(&path, "Operations", w24, 7), None, "no criterion on all tickets");

    let tickets = sheet(&path, "Tickets");
    assert_eq!(text_row(&tickets, 0)[..3], ["ticket", "kind", "priority"]);
    let (open, row) = row_of(&tickets, &["INC-6"]);
    assert_eq!(row[1..], ["incident", "1", "2026-06-12", "", "", "", ""]);
    assert_eq!(fill(&path, "Tickets", open, 7), Some(RED), "an open P1 without a plan");
    let (missed, _) = row_of(&tickets, &["INC-2"]);
    assert_eq!(fill(&path, "Tickets", missed, 6), Some(RED), "SLA missed");
}
