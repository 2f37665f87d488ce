//! Whatever arrives in an import file, a template or a config file, botdash answers with a
//! result or a message — never a panic; and an import it refuses changes nothing.

use botdash::config::Config;
use botdash::model::checklist::{parse_template, plan_import};
use botdash::model::evidence::import::plan_import as ticket_import;
use botdash::model::template::NewEngagement;
use botdash::model::template::Template;
use botdash::store::Store;
use botdash::store::portable::Export;
use proptest::prelude::*;
use serde_json::Value;

/// Text that looks like the formats (their punctuation and key words) as well as noise.
fn format_like() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("[[doc]]\n".to_string()),
        Just("[keys.global]\n".to_string()),
        Just("category = \"Ops\"\n".to_string()),
        Just("criticality = 9\n".to_string()),
        Just("quit = [\"q\", \"Ctrl-\"]\n".to_string()),
        Just("{\"format\": \"botdash-export\", \"version\": 1, \"engagements\": [".to_string()),
        Just("\"id\",\"title\",\"status\"\r\n".to_string()),
        Just(",\"a \"\"b\"\"\",\n".to_string()),
        Just("[weeks]\nplan = 1\n".to_string()),
        "\\PC{0,12}",
        "[\\x00-\\x7f]{0,8}",
    ];
    proptest::collection::vec(pieces, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn csv_imports_never_panic(text in format_like()) {
        let _ = plan_import(&[], &text, chrono::NaiveDate::MIN);
    }

    #[test]
    fn ticket_exports_never_panic(text in format_like()) {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        let header = "id,opened,resolved,priority,type,plan\n";
        let _ = ticket_import(&[], &format!("{header}{text}"), &[], today);
        let _ = ticket_import(&[], &text, &[], today);
    }

    #[test]
    fn templates_never_panic(text in format_like()) {
        let _ = Template::parse(&text, "fuzz.toml");
        let _ = parse_template(&text, "fuzz.toml");
    }

    #[test]
    fn config_files_never_panic(text in format_like()) {
        let _ = Config::parse(&text);
    }

    #[test]
    fn json_exports_never_panic(text in format_like()) {
        let _ = serde_json::from_str::<Export>(&text);
    }
}

#[test]
fn a_real_export_cut_anywhere_is_refused_not_panicked_on() {
    let mut store = botdash::store::Store::in_memory().unwrap();
    botdash::demo::save(&mut store, chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()).unwrap();
    let json = serde_json::to_string(&store.export(&[], |_, _| {}).unwrap()).unwrap();
    for cut in (0..json.len()).step_by(997) {
        if json.is_char_boundary(cut) {
            assert!(serde_json::from_str::<Export>(&json[..cut]).is_err());
        }
    }
}

fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

/// A store with one engagement made from the standard template.
fn store_with(slug: &str) -> Store {
    let mut store = Store::in_memory().unwrap();
    let new = NewEngagement {
        client: "ACME".into(),
        name: "Billing".into(),
        slug: slug.into(),
        start: day(),
        transfer: None,
        threshold: 80,
        weights: None,
    };
    store.create_engagement(&new, &Template::standard(), "2026-06-15T00:00:00Z").unwrap();
    store
}

/// Everything in the store, to compare before and after a refused import.
fn everything(store: &Store) -> String {
    serde_json::to_string(&store.export(&[], |_, _| {}).unwrap()).unwrap()
}

/// Every command reads the store's engagements and scores them: none of it may panic.
fn read_everything(store: &Store) {
    for engagement in store.engagements().unwrap() {
        if let Ok(data) = store.load(engagement) {
            let r = botdash::model::score::readiness(&data, day());
            let _ = botdash::model::forecast::forecast(&data, day());
            let _ = botdash::model::warnings(&data, None, day());
            let _ = botdash::model::checklist::to_csv(&data.docs);
            assert!(r.score.is_finite());
        }
    }
}

/// Values an attacker or a careless colleague might put in an import file, by the type of
/// the value they replace (so that most spoiled files still parse and reach the importer).
const NUMBERS: &[i64] = &[0, -1, 4, 7, 101, 255, 1001, 3651, 100_001, 99_999_999, 4_294_967_295];
const TEXTS: &[&str] = &[
    "",
    " ",
    "\x1b[2J\x1b]52;c;aGk=\x07",
    "Evil\u{202e}txt\u{2028}",
    "9999-12-31",
    "2026-02-30",
    "approved",
    "UPPER-Slug",
    "a-slug-that-is-far-too-long-for-any-engagement-at-all",
];

/// A replacement for `old` of the same JSON type: a hostile number or text, or the id of a
/// record of another engagement (`foreign`).
fn hostile(old: &Value, pick: usize, foreign: &[String]) -> Value {
    let text = || match pick % 3 {
        0 => Value::from(foreign[pick % foreign.len()].clone()),
        _ => Value::from(TEXTS[pick % TEXTS.len()]),
    };
    match old {
        Value::Number(_) => Value::from(NUMBERS[pick % NUMBERS.len()]),
        Value::Bool(b) => Value::from(!b),
        Value::Null if pick.is_multiple_of(2) => Value::from(NUMBERS[pick % NUMBERS.len()]),
        _ => text(),
    }
}

/// Replaces a leaf: `path` picks the child at each step (wrapping around), `pick` where the
/// path runs out.
fn spoil(value: &mut Value, path: &[usize], pick: usize, foreign: &[String]) {
    let step = path.first().copied().unwrap_or(pick);
    let rest = path.get(1..).unwrap_or_default();
    let child = match value {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(step % map.len()).unwrap().clone();
            map.get_mut(&key)
        }
        Value::Array(items) if !items.is_empty() => {
            let n = items.len();
            items.get_mut(step % n)
        }
        _ => None,
    };
    match child {
        Some(child) => spoil(child, rest, pick, foreign),
        None => *value = hostile(value, pick, foreign),
    }
}

/// The ids of every record in `store`.
fn ids(store: &Store) -> Vec<String> {
    let export = serde_json::to_value(store.export(&[], |_, _| {}).unwrap()).unwrap();
    let mut ids = Vec::new();
    let mut stack = vec![&export];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                ids.extend(map.get("id").and_then(Value::as_str).map(str::to_string));
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    ids
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// A real export with one to three values spoiled, imported next to another
    /// engagement: imported whole and readable, or refused with nothing changed.
    #[test]
    fn json_imports_are_taken_whole_or_change_nothing(
        spoils in proptest::collection::vec(
            (proptest::collection::vec(0usize..64, 1..5), 0usize..1000), 1..5),
        replace in any::<bool>(),
    ) {
        let source = store_with("acme");
        let mut store = store_with("beta");
        let foreign = ids(&store);
        let mut export = serde_json::to_value(source.export(&[], |_, _| {}).unwrap()).unwrap();
        for (path, pick) in spoils {
            spoil(&mut export["engagements"][0], &path, pick, &foreign);
        }
        let Ok(export) = serde_json::from_value::<Export>(export) else { return Ok(()) };
        let before = everything(&store);
        match store.import(&export, replace, chrono::Local::now().date_naive(), |_, _| {}) {
            Err(_) => prop_assert_eq!(everything(&store), before),
            Ok(_) => {
                for engagement in store.engagements().unwrap() {
                    let data = store.load(engagement).unwrap();
                    prop_assert_eq!(botdash::model::rules::check_engagement(&data), Ok(()));
                }
            }
        }
        read_everything(&store);
        while let Ok(Some(_)) = store.undo(None) {}
        read_everything(&store);
    }

    /// `docs import` of noise, or of a real checklist with cells spoiled, rows cut or
    /// padded: applied and readable, or refused with nothing changed.
    #[test]
    fn checklist_imports_are_taken_whole_or_change_nothing(
        noise in format_like(),
        cut in any::<proptest::sample::Index>(),
        cells in proptest::collection::vec((any::<proptest::sample::Index>(), 0usize..1000), 0..4),
    ) {
        let mut store = store_with("acme");
        let engagement = store.engagement_by_slug("acme").unwrap();
        let csv = botdash::model::checklist::to_csv(&store.load(engagement.clone()).unwrap().docs);
        let mut spoiled = csv.clone();
        for (at, pick) in cells {
            let commas: Vec<usize> = spoiled.match_indices(',').map(|(i, _)| i).collect();
            let text = match hostile(&Value::Null, pick, std::slice::from_ref(&engagement.id)) {
                Value::String(text) => text,
                other => other.to_string(),
            };
            spoiled.insert_str(commas[at.index(commas.len())] + 1, &text);
        }
        let cut_at = cut.index(spoiled.len() + 1);
        let cut_short: String = spoiled.char_indices().take_while(|(i, _)| *i < cut_at).map(|(_, c)| c).collect();
        for text in [noise, spoiled, cut_short] {
            let before = everything(&store);
            if store.import_checklist(&engagement, &text, "fuzz.csv", day()).is_err() {
                prop_assert_eq!(everything(&store), before);
            }
            read_everything(&store);
        }
    }
}

/// Two databases on disk, `a.db` and `b.db`, with the same two engagements, synced through
/// `shared`: made once, copied for every case.
fn synced_pair() -> &'static std::path::Path {
    static PAIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    PAIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        std::fs::create_dir(&shared).unwrap();
        let mut a = Store::open(&dir.path().join("a.db")).unwrap();
        for slug in ["acme", "beta"] {
            let new = NewEngagement {
                client: "ACME".into(),
                name: format!("Project {slug}"),
                slug: slug.into(),
                start: day(),
                transfer: None,
                threshold: 80,
                weights: None,
            };
            a.create_engagement(&new, &Template::standard(), "2026-06-15T00:00:00Z").unwrap();
        }
        let mut b = Store::open(&dir.path().join("b.db")).unwrap();
        b.import(
            &a.export(&[], |_, _| {}).unwrap(),
            false,
            chrono::Local::now().date_naive(),
            |_, _| {},
        )
        .unwrap();
        for a_turn in [true, false, true] {
            let store = if a_turn { &mut a } else { &mut b };
            assert!(store.sync(&shared).unwrap().refused.is_empty());
        }
        dir
    })
    .path()
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Puts values the rules refuse into `a.db` as a hand edit would: a ranged column of some
/// record set to a hostile number, a reference pointed at any record of its kind (of either
/// engagement), or a hostile slug; edits the schema's own checks refuse are left out. A
/// task's title changes too, so that there is always something to send.
fn edit_by_hand(path: &std::path::Path, edits: &[(usize, usize)]) {
    use botdash::model::rules::{RANGES, REFERENCES, Reference};
    let columns: Vec<(&str, &str)> =
        RANGES.iter().flat_map(|r| r.columns.iter().copied()).collect();
    let conn = rusqlite::Connection::open(path).unwrap();
    let some_row = |table: &str, pick: usize| {
        format!(
            "rowid = (SELECT rowid FROM {table} ORDER BY rowid LIMIT 1 OFFSET {pick} % \
             max(1, (SELECT count(*) FROM {table})))"
        )
    };
    for &(which, pick) in edits {
        let which = which % (columns.len() + REFERENCES.len() + 1);
        let sql = if let Some((table, column)) = columns.get(which) {
            let value = NUMBERS[pick % NUMBERS.len()];
            format!("UPDATE {table} SET {column} = {value} WHERE {}", some_row(table, pick))
        } else if let Some(reference) = REFERENCES.get(which - columns.len()) {
            let Reference { table, column, target, .. } = reference;
            format!(
                "UPDATE {table} SET {column} = (SELECT id FROM {target} ORDER BY id LIMIT 1 \
                 OFFSET {pick} % max(1, (SELECT count(*) FROM {target}))) WHERE {}",
                some_row(table, pick)
            )
        } else {
            let slug = TEXTS[pick % TEXTS.len()].replace('\'', "''");
            format!("UPDATE engagement SET slug = '{slug}' WHERE {}", some_row("engagement", pick))
        };
        let _ = conn.execute_batch(&sql);
    }
    let title = format!("UPDATE task SET title = 'Sent' WHERE {}", some_row("task", edits.len()));
    conn.execute_batch(&title).unwrap();
}

/// How a changeset's body is spoiled on its way (its header then states the new length, so
/// that it reaches the changeset reader).
#[derive(Debug, Clone)]
enum Damage {
    None,
    Cut(proptest::sample::Index),
    Flip(Vec<(proptest::sample::Index, u8)>),
    Noise(Vec<u8>),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        Just(Damage::None),
        any::<proptest::sample::Index>().prop_map(Damage::Cut),
        proptest::collection::vec((any::<proptest::sample::Index>(), 1u8..=255), 1..4)
            .prop_map(Damage::Flip),
        proptest::collection::vec(any::<u8>(), 0..64).prop_map(Damage::Noise),
    ]
}

/// Spoils the changeset file at `path` as `damage` says, keeping its header true to it.
fn spoil_changeset(path: &std::path::Path, damage: &Damage) {
    let bytes = std::fs::read(path).unwrap();
    let newline = bytes.iter().position(|b| *b == b'\n').unwrap();
    let mut body = bytes[newline + 1..].to_vec();
    match damage {
        Damage::None => {}
        Damage::Cut(at) => body.truncate(at.index(body.len() + 1)),
        Damage::Flip(flips) => {
            for (at, bits) in flips {
                let at = at.index(body.len());
                body[at] ^= bits;
            }
        }
        Damage::Noise(noise) => body = noise.clone(),
    }
    let header = String::from_utf8(bytes[..newline].to_vec()).unwrap();
    let (fields, _) = header.rsplit_once(' ').unwrap();
    let mut file = format!("{fields} {}\n", body.len()).into_bytes();
    file.extend_from_slice(&body);
    std::fs::write(path, file).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A colleague's changeset carrying values the rules refuse, spoiled or not on its way,
    /// applied by a real sync: no panic; refused whole with every record unchanged, or
    /// applied with every engagement still within the rules.
    #[test]
    fn sync_applies_within_the_rules_or_changes_nothing(
        edits in proptest::collection::vec((0usize..64, 0usize..1000), 0..6),
        damage in damage(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(synced_pair(), dir.path());
        let shared = dir.path().join("shared");
        edit_by_hand(&dir.path().join("a.db"), &edits);
        let mut a = Store::open(&dir.path().join("a.db")).unwrap();
        let written = a.sync(&shared).unwrap().written.unwrap().0;
        spoil_changeset(&written, &damage);

        let mut b = Store::open(&dir.path().join("b.db")).unwrap();
        let before = everything(&b);
        let report = b.sync(&shared).unwrap();
        if report.applied.is_empty() {
            prop_assert_eq!(report.refused.len(), 1);
            prop_assert_eq!(everything(&b), before);
        } else {
            for engagement in b.engagements().unwrap() {
                let data = b.load(engagement).unwrap();
                prop_assert_eq!(botdash::model::rules::check_engagement(&data), Ok(()));
            }
        }
        read_everything(&b);
    }
}
