//! The core's modules import one another in layers, never in a circle: model (with the
//! records it states) knows no store, report or file, and so on up; within the store and
//! the model, their modules too (the model's plain values, then its records, then `data`,
//! below all that is computed). Each module's imports are read from its source (see
//! `source`: the paths that start `crate::`, `$crate::`, `super::` or `self::`, groups in
//! braces spread out; unit tests left out); a cycle fails the test and names it. A name a
//! parent re-exports from one of its modules (`pub use kinds::*`, `pub use data::{A}`)
//! counts as that module's: `super::EngagementData` is an import of `data`. The app's
//! modules (`src/app`, read from the workspace) likewise, but for `State`, which each
//! extends with its own methods.

mod source;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use source::{
    ModulePath, code, defined_names, files, group_items, paths_named, reexports, rust_files,
};

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
    assert!(graph["screens"].contains("targets"), "imports are read: {graph:?}");
    graph.remove("state");
    for imports in graph.values_mut() {
        imports.remove("state");
    }
    for module in graph.keys() {
        let found = circle(module, &graph, &mut Vec::new());
        assert!(found.is_none(), "an import cycle: {}", found.unwrap_or_default().join(" → "));
    }
}
