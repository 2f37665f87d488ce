//! Whatever arrives in an import file, a template or a config file, botdash answers with a
//! result or a message — never a panic.

use botdash::config::Config;
use botdash::model::checklist::{parse_template, plan_import};
use botdash::model::template::Template;
use botdash::store::portable::Export;
use proptest::prelude::*;

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
        let _ = plan_import(&[], &text);
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
