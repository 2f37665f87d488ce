//! The core's modules import one another in layers, never in a circle: model (with the
//! records it states) knows no store, report or file, and so on up; within the store and
//! the model, their modules too (the model's plain values, then its records, then `data`,
//! below all that is computed). Each module's imports are read from its source (the paths that start
//! `crate::`, `$crate::`, `super::` or `self::`, groups in braces spread out; unit tests
//! left out); a cycle fails the test and names it. A name a parent re-exports from one of
//! its modules (`pub use kinds::*`, `pub use data::{EngagementData}`) counts as that
//! module's: `super::EngagementData` is an import of `data`. The app's modules (`src/app`,
//! read from the workspace) likewise, but for `State`, which each extends with its own
//! methods.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path in the crate, e.g. `["store", "sync"]`.
type ModulePath = Vec<String>;

/// Every source file of the crate with the path of the module it is, but for the files of
/// unit tests (`tests.rs`).
fn files() -> Vec<(ModulePath, PathBuf)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    rust_files(&src)
        .into_iter()
        .filter(|file| !file.ends_with("tests.rs"))
        .map(|file| {
            let relative = file.strip_prefix(&src).unwrap().with_extension("");
            let mut path: ModulePath =
                relative.iter().map(|c| c.to_string_lossy().into_owned()).collect();
            if path.last().is_some_and(|last| last == "mod" || last == "lib") {
                path.pop();
            }
            (path, file)
        })
        .collect()
}

fn rust_files(path: &Path) -> Vec<PathBuf> {
    if path.is_dir() {
        let entries = std::fs::read_dir(path).unwrap();
        entries.flat_map(|e| rust_files(&e.unwrap().path())).collect()
    } else if path.extension().is_some_and(|e| e == "rs") {
        vec![path.to_path_buf()]
    } else {
        Vec::new()
    }
}

/// A file's code, without its unit tests (which may borrow from any module, e.g. the demo).
fn code(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    text.split("#[cfg(test)]").next().unwrap_or_default().to_string()
}

/// The crate paths `code`, in the module `own`, names (those that start `crate::`, which
/// `$crate::` ends with, `super::` or `self::`), each from the crate's root.
fn paths_named(code: &str, own: &ModulePath) -> Vec<ModulePath> {
    let mut found = Vec::new();
    for start in ["crate", "super", "self"] {
        for (at, _) in code.match_indices(&format!("{start}::")) {
            // Not the end of a longer name or path (`super::super::`, `myself::`).
            if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let base = match start {
                "crate" => Vec::new(),
                "self" => own.clone(),
                _ => own[..own.len().saturating_sub(1)].to_vec(),
            };
            found.extend(spread(&code[at + start.len()..], base).1);
        }
    }
    found
}

/// The paths `text` (starting `::…`) continues `base` with, braces spread out, and how many
/// bytes of `text` they take. `super::super::` climbs one module per `super`.
fn spread(text: &str, mut base: ModulePath) -> (usize, Vec<ModulePath>) {
    let mut at = 0;
    while text[at..].starts_with("::") {
        at += 2;
        if text[at..].starts_with('{') {
            let (len, inner) = group(&text[at + 1..], &base);
            return (at + 1 + len, inner);
        }
        let name: String =
            text[at..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if name.is_empty() {
            break;
        }
        at += name.len();
        if name == "super" {
            base.pop();
        } else {
            base.push(name);
        }
    }
    (at, vec![base])
}

/// The paths of a brace group's items (`text` starts after its `{`), and the bytes it takes
/// with its `}`.
fn group(text: &str, base: &ModulePath) -> (usize, Vec<ModulePath>) {
    let mut found = Vec::new();
    let mut at = 0;
    loop {
        at += text[at..].len() - text[at..].trim_start_matches([' ', '\n', ',']).len();
        if text[at..].starts_with('}') || at >= text.len() {
            return (at + 1, found);
        }
        if text[at..].starts_with('{') {
            let (len, inner) = group(&text[at + 1..], base);
            found.extend(inner);
            at += 1 + len;
            continue;
        }
        let name: String =
            text[at..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        at += name.len().max(1);
        let mut item = base.clone();
        if name == "self" || name.is_empty() {
            found.push(item);
            continue;
        }
        item.push(name);
        let (len, paths) = spread(&text[at..], item);
        found.extend(paths);
        at += len;
        // What follows an item up to the next one: ` as name`.
        at += text[at..].find([',', '}']).unwrap_or(text.len() - at);
    }
}

/// The import graph among the modules directly inside `parent` (`[]`: the crate's
/// top-level modules): which of them each names, directly or by a name the parent
/// re-exports from it.
fn import_graph(parent: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let depth = parent.len();
    let under =
        |path: &ModulePath| path.len() >= depth && path.iter().zip(parent).all(|(a, b)| a == b);
    let inside = |path: &ModulePath| path.len() > depth && under(path);
    let (files, parent_file): (Vec<_>, Vec<_>) =
        files().into_iter().filter(|(own, _)| under(own)).partition(|(own, _)| inside(own));
    let mut defined: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (own, file) in &files {
        defined.entry(own[depth].clone()).or_default().extend(defined_names(&code(file)));
    }
    let exported = reexports(&code(&parent_file[0].1), &defined);
    // A name the parent declares itself (a type, a function) is the parent's: no module.
    let module_of = |name: &String| match defined.contains_key(name) {
        true => Some(name.clone()),
        false => exported.get(name).cloned(),
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (own, file) in &files {
        let module = &own[depth];
        let named = paths_named(&code(file), own);
        let imports = graph.entry(module.clone()).or_default();
        let modules = named.iter().filter(|p| inside(p)).filter_map(|p| module_of(&p[depth]));
        imports.extend(modules.filter(|m| m != module));
    }
    graph
}

/// The names a module's code defines for others: its `pub` items (`pub struct X`,
/// `pub(crate) const fn y` …) and the types the crate's declaring macros create. A type
/// counts at any indent (a macro of the module, like `tables!`, states its types indented),
/// a function or a constant only at the top level (indented, it is an impl's).
fn defined_names(code: &str) -> BTreeSet<String> {
    let mut names = declared_by_macros(code);
    for line in code.lines() {
        let top_level = !line.starts_with(' ');
        let Some(rest) = line.trim_start().strip_prefix("pub") else { continue };
        let rest = match rest.strip_prefix('(') {
            Some(visibility) => visibility.split_once(')').map_or("", |(_, rest)| rest),
            None => rest,
        };
        let words: Vec<&str> = identifiers(rest).collect();
        let words = match words.as_slice() {
            ["const" | "async" | "unsafe", "fn", ..] => &words[1..],
            _ => &words[..],
        };
        let kinds: &[&str] = match top_level {
            true => &["struct", "enum", "trait", "type", "fn", "const", "static"],
            false => &["struct", "enum", "trait", "type"],
        };
        if let [kind, name, ..] = words
            && kinds.contains(kind)
        {
            names.insert(name.to_string());
        }
    }
    names
}

/// The names `record! { pub struct X: XField in … }` (the record and its field enum) and
/// `text_enum!(Name "noun" { … })` create: the names of the first line that is not a doc
/// comment or an attribute, up to ` in ` or the noun.
fn declared_by_macros(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for opener in ["record! {", "text_enum!("] {
        for (at, _) in code.match_indices(opener) {
            let mut lines = code[at + opener.len()..].lines().map(str::trim);
            let declaring =
                |l: &&str| !(l.is_empty() || l.starts_with("///") || l.starts_with("#["));
            let Some(head) = lines.find(declaring) else { continue };
            let head = head.strip_prefix("pub struct ").unwrap_or(head);
            let head = head.split('"').next().unwrap_or_default();
            names.extend(
                identifiers(head.split(" in ").next().unwrap_or_default()).map(String::from),
            );
        }
    }
    names
}

/// The identifiers (words of letters, digits and `_`) in `text`.
fn identifiers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty())
}

/// A circle of imports reachable from `module`, if there is one.
fn circle(
    module: &str,
    graph: &BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<String>,
) -> Option<Vec<String>> {
    if let Some(start) = path.iter().position(|m| m == module) {
        let mut found = path[start..].to_vec();
        found.push(module.to_string());
        return Some(found);
    }
    path.push(module.to_string());
    let found = graph[module].iter().find_map(|next| circle(next, graph, path));
    path.pop();
    found
}

/// Fails on a cycle among the modules of `parent`, of which there are `at_least` (a bound
/// that fails the test when the files are not found, rather than passing it on nothing).
fn assert_no_cycle(parent: &[&str], at_least: usize) {
    let graph = import_graph(parent);
    assert!(graph.len() >= at_least, "modules found: {graph:?}");
    for module in graph.keys() {
        let found = circle(module, &graph, &mut Vec::new());
        assert!(found.is_none(), "an import cycle: {}", found.unwrap_or_default().join(" → "));
    }
}

#[test]
fn the_core_modules_import_one_another_without_a_cycle() {
    assert_no_cycle(&[], 6);
}

#[test]
fn the_store_modules_import_one_another_without_a_cycle() {
    assert_no_cycle(&["store"], 6);
    assert_no_cycle(&["store", "sync"], 6);
}

/// Plain values at the bottom, then the records by subject, then `data`, then what is
/// computed from it, each importing only what is below it (README, "Development").
#[test]
fn the_model_modules_import_one_another_without_a_cycle() {
    assert_no_cycle(&["model"], 20);
    // The evidence's two: the hypercare criteria and the ticket import.
    assert_no_cycle(&["model", "evidence"], 2);
}

/// Fails when a module of `layer` imports one that is not in `below` (which may hold the
/// layer's own modules).
fn assert_imports_only(graph: &BTreeMap<String, BTreeSet<String>>, layer: &[&str], below: &[&str]) {
    for module in layer {
        let above: Vec<&String> =
            graph[*module].iter().filter(|m| !below.contains(&m.as_str())).collect();
        assert!(above.is_empty(), "{module} imports {above:?}");
    }
}

#[test]
fn the_model_and_its_records_know_no_store_report_or_file() {
    let lower = ["model", "records"];
    assert_imports_only(&import_graph(&[]), &lower, &lower);
}

/// The model's lowest layer: plain values and the formats they are read in.
const MODEL_VALUES: &[&str] =
    &["csv_rows", "input", "kinds", "money", "ranges", "score_terms", "text"];
/// Above them, the records by subject, each with what it answers of its own fields alone;
/// above those `data`, which holds them all, and then all that is computed from it.
const MODEL_RECORDS: &[&str] = &["docs", "handover", "health_records", "people", "plan", "tickets"];

#[test]
fn the_model_values_records_and_data_import_only_what_is_below_them() {
    let graph = import_graph(&["model"]);
    let records = [MODEL_VALUES, MODEL_RECORDS].concat();
    assert_imports_only(&graph, MODEL_VALUES, MODEL_VALUES);
    assert_imports_only(&graph, MODEL_RECORDS, &records);
    assert_imports_only(&graph, &["data"], &records);
}

#[test]
fn imports_are_read_through_groups_and_supers() {
    let own: ModulePath = vec!["store".into(), "sync".into(), "apply".into()];
    let code = "use super::conflicts::{Found, record};\nuse crate::store::{edit::Table, undo};\n\
                let x = super::super::guard::refusal(e);";
    let mut named: Vec<String> = paths_named(code, &own).iter().map(|p| p.join("::")).collect();
    named.sort();
    assert_eq!(
        named,
        [
            "store::edit::Table",
            "store::guard::refusal",
            "store::sync::conflicts::Found",
            "store::sync::conflicts::record",
            "store::undo",
        ]
    );
}

#[test]
fn a_name_a_parent_re_exports_is_of_the_module_that_defines_it() {
    let data = "record! {\n    /// Doc.\n    pub struct Snapshot: SnapshotField in \"s\" {\n\
                pub struct EngagementData {}\nimpl EngagementData {\n    pub fn of() {}\n}\n\
                macro_rules! tables {\n    () => {\n        pub enum Table {}\n    };\n}";
    let kinds = "text_enum!(\n    /// Doc.\n    Phase \"phase\" {\n});\n\
                 text_enum!(Side \"side\" {\n});\npub(crate) const fn value() {}";
    let defined = BTreeMap::from([
        ("data".to_string(), defined_names(data)),
        ("kinds".to_string(), defined_names(kinds)),
    ]);
    let names = |module: &str| defined[module].iter().cloned().collect::<Vec<_>>();
    assert_eq!(names("data"), ["EngagementData", "Snapshot", "SnapshotField", "Table"]);
    assert_eq!(names("kinds"), ["Phase", "Side", "value"]);
    let parent = "pub use data::*;\npub use kinds::{Phase, Side as Sides};\npub fn value() {}";
    let exported = reexports(parent, &defined);
    let module_of = |name: &str| exported.get(name).map(String::as_str);
    assert_eq!(module_of("EngagementData"), Some("data"));
    assert_eq!(module_of("SnapshotField"), Some("data"));
    assert_eq!(module_of("Phase"), Some("kinds"));
    assert_eq!(module_of("Sides"), Some("kinds"));
    assert_eq!(module_of("value"), None, "the parent's own");
}

/// The modules of the folder `src`, each with the files that make it up.
fn modules(src: &Path) -> BTreeMap<String, Vec<PathBuf>> {
    let mut modules = BTreeMap::new();
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "lib" {
            continue;
        }
        modules.entry(name).or_insert_with(Vec::new).extend(rust_files(&path));
    }
    modules
}

/// The names the app's modules give one another: by path (`crate::app::x`, or
/// `super::x` from a module's top file, `super::super::x` a level down …), each item of a
/// `{…}` group after it, and an item `app/mod.rs` re-exports standing for its module.
fn app_graph() -> BTreeMap<String, BTreeSet<String>> {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src/app");
    let mut modules = modules(&app);
    modules.remove("mod");
    let defined: BTreeMap<String, BTreeSet<String>> = modules
        .iter()
        .map(|(name, files)| {
            (name.clone(), files.iter().flat_map(|f| defined_names(&code(f))).collect())
        })
        .collect();
    let exported = reexports(&code(&app.join("mod.rs")), &defined);
    let module_of = |name: &str| match defined.contains_key(name) {
        true => Some(name.to_string()),
        false => exported.get(name).cloned(),
    };
    let mut graph = BTreeMap::new();
    for (name, files) in &modules {
        let named = files.iter().flat_map(|file| app_names(file, &app));
        let mut imports: BTreeSet<String> = named.filter_map(|n| module_of(&n)).collect();
        imports.remove(name);
        graph.insert(name.clone(), imports);
    }
    graph
}

/// What a parent module's code `root` re-exports from its modules (`pub use x::{A, b::C}`,
/// `pub use x::*`: each name `x` defines), each name with its module `x`; `defined` holds
/// the names each module defines. A name the parent defines itself is its own.
fn reexports(root: &str, defined: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<String, String> {
    let mut exported = BTreeMap::new();
    for statement in root.split("pub use ").skip(1) {
        let statement = statement.split(';').next().unwrap_or_default();
        let Some((module, items)) = statement.split_once("::") else { continue };
        let Some(names) = defined.get(module) else { continue };
        for item in group_items(items) {
            let last = item.rsplit("::").next().unwrap_or_default();
            let last = last.rsplit(" as ").next().unwrap_or_default().trim();
            let names = match last {
                "*" => names.iter().cloned().collect(),
                _ => vec![last.to_string()],
            };
            exported.extend(names.into_iter().map(|name| (name, module.to_string())));
        }
    }
    let own = defined_names(root);
    exported.retain(|name, _| !own.contains(name));
    exported
}

/// The first name of each path in `text`: one name, or each of a `{…}` group.
fn group_items(text: &str) -> Vec<String> {
    let Some(inner) = text.trim().strip_prefix('{') else {
        return vec![text.trim().to_string()];
    };
    let (mut items, mut item, mut depth) = (Vec::new(), String::new(), 0);
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(std::mem::take(&mut item));
                continue;
            }
            _ => {}
        }
        item.push(c);
    }
    items.push(item);
    items.iter().map(|i| i.trim().to_string()).filter(|i| !i.is_empty()).collect()
}

/// The app-level names `file` uses after a path to the app.
fn app_names(file: &Path, app: &Path) -> Vec<String> {
    let relative = file.strip_prefix(app).unwrap();
    let mut depth = relative.components().count() - 1;
    if file.file_name().is_some_and(|n| n == "mod.rs") {
        depth -= 1;
    }
    let text = code(file);
    let mut names = Vec::new();
    for prefix in ["crate::app::".to_string(), "super::".repeat(depth + 1)] {
        for (at, _) in text.match_indices(&prefix) {
            let after = &text[at + prefix.len()..];
            let path = match after.starts_with('{') {
                true => &after[..after.find('}').map_or(after.len(), |end| end + 1)],
                false => after.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap(),
            };
            let items = group_items(path);
            names.extend(items.iter().map(|i| i.split("::").next().unwrap().to_string()));
        }
    }
    names
}

#[test]
fn the_app_modules_import_one_another_without_a_cycle_but_through_state() {
    let mut graph = app_graph();
    assert!(graph.len() >= 15, "modules found: {graph:?}");
    assert!(graph["screens"].contains("records"), "imports are read: {graph:?}");
    graph.remove("state");
    for imports in graph.values_mut() {
        imports.remove("state");
    }
    for module in graph.keys() {
        let found = circle(module, &graph, &mut Vec::new());
        assert!(found.is_none(), "an import cycle: {}", found.unwrap_or_default().join(" → "));
    }
}
