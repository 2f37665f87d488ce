//! The core's modules import one another in layers, never in a circle: model (with the
//! records it states) knows no store, report or file, and so on up; within the store and
//! the model, their modules too (the model's plain values, then its records, then `data`,
//! below all that is computed). Each module's imports are read from its source (see
//! `source`: the paths that start `crate::`, `$crate::`, `super::` or `self::`, groups in
//! braces spread out; unit tests left out); a cycle fails the test and names it. A name a
//! parent re-exports from one of its modules (`pub use kinds::*`, `pub use data::{A}`)
//! counts as that module's: `super::EngagementData` is an import of `data`. A parent's own
//! code (its `mod.rs`) is a node of its own, `self`: a module naming an item the parent
//! declares imports it, and it imports the modules its code names. The app crate likewise:
//! its top-level modules (`src/`), in layers with the app below the UI, and `src/app`'s
//! modules, but for `State`, which each extends with its own methods.
mod source;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use source::{
    ModulePath, app_src, children_named, code, core_src, declared_names, defined_names, files,
    paths_named, reexports,
};

/// The node of a parent's own code (its `mod.rs` or `lib.rs`): the items it declares
/// itself, which its modules import by `super::`, and the modules its code uses.
const PARENT: &str = "self";

/// The types a parent declares that its modules each extend with their own methods (the
/// store's modules `impl Store`, the one connection they all work through): naming one is
/// no import, else every module and the parent's code would stand in one circle.
const EXTENDED: &[&str] = &["Store"];

/// The import graph among the modules directly inside `parent` (`[]`: the crate's
/// top-level modules) of the crate in `src`, and the parent's own code (`PARENT`): which of
/// them each names, directly or by a name the parent re-exports from it.
fn import_graph(src: &Path, parent: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let depth = parent.len();
    let under =
        |path: &ModulePath| path.len() >= depth && path.iter().zip(parent).all(|(a, b)| a == b);
    let inside = |path: &ModulePath| path.len() > depth && under(path);
    let (files, parent_file): (Vec<_>, Vec<_>) =
        files(src).into_iter().filter(|(own, _)| under(own)).partition(|(own, _)| inside(own));
    let mut defined: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (own, file) in &files {
        defined.entry(own[depth].clone()).or_default().extend(defined_names(&code(file)));
    }
    let (parent_path, parent_code) = (&parent_file[0].0, code(&parent_file[0].1));
    let exported = reexports(&parent_code, &defined);
    let own_names = declared_names(&parent_code);
    let module_of = |name: &String| match defined.contains_key(name) {
        true => Some(name.clone()),
        false if EXTENDED.contains(&name.as_str()) => None,
        false if exported.contains_key(name) => exported.get(name).cloned(),
        false => own_names.contains(name).then(|| PARENT.to_string()),
    };
    let named_by = |code: &str, own: &ModulePath| -> BTreeSet<String> {
        let named = paths_named(code, own);
        named.iter().filter(|p| inside(p)).filter_map(|p| module_of(&p[depth])).collect()
    };
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (own, file) in &files {
        graph.entry(own[depth].clone()).or_default().extend(named_by(&code(file), own));
    }
    let children: BTreeSet<String> = defined.keys().cloned().collect();
    let mut parents = named_by(&parent_code, parent_path);
    parents.extend(children_named(&parent_code, &children));
    graph.insert(PARENT.to_string(), parents);
    for (module, imports) in &mut graph {
        imports.remove(module);
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

/// The module folders of the crate in `src`: each module that holds modules, however
/// deep (the crate's root `[]`, `store`, `store::sync`, `app::screens::readiness` …).
fn folders(src: &Path) -> BTreeSet<ModulePath> {
    let modules = files(src).into_iter().map(|(own, _)| own);
    modules.flat_map(|own| (0..own.len()).map(move |depth| own[..depth].to_vec())).collect()
}

/// The cycles wanted, each left out by leaving a module out of its folder's graph:
/// (crate, folder, module). Every other cycle is broken by moving an item below both sides.
const WANTED_CYCLES: &[(&str, &str, &str)] = &[
    // The app's modules each extend `State` with their own methods (`impl State` in
    // `lists`, `detail`, `notes` …) and `state` holds what each of them keeps: one type on
    // purpose, so that an action reaches everything through `State::update`.
    ("app", "app", "state"),
];

/// The first cycle among the modules of `folder` in the crate `name`, whose sources are
/// in `src`, but through the modules `WANTED_CYCLES` leaves out.
fn cycle_in(name: &str, src: &Path, folder: &ModulePath) -> Option<Vec<String>> {
    let parent: Vec<&str> = folder.iter().map(String::as_str).collect();
    let mut graph = import_graph(src, &parent);
    let wanted = WANTED_CYCLES.iter().filter(|(c, f, _)| *c == name && *f == folder.join("::"));
    for (_, _, module) in wanted {
        graph.remove(*module);
        for imports in graph.values_mut() {
            imports.remove(*module);
        }
    }
    graph.keys().find_map(|module| circle(module, &graph, &mut Vec::new()))
}

/// Every module folder of both crates, however deep: no folder's modules and its own code
/// (`self`) import one another in a circle. Fails naming each folder's first cycle.
#[test]
fn no_module_folder_of_either_crate_holds_an_import_cycle() {
    let sync = import_graph(&core_src(), &["store", "sync"]);
    assert!(sync["apply"].contains("conflicts"), "imports are read: {sync:?}");
    let mut cycles = Vec::new();
    for (name, src) in [("core", core_src()), ("app", app_src())] {
        let folders = folders(&src);
        assert!(folders.len() >= 10, "{name}'s folders found: {folders:?}");
        for folder in folders {
            if let Some(cycle) = cycle_in(name, &src, &folder) {
                cycles.push(format!("{name} {}: {}", folder.join("::"), cycle.join(" → ")));
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
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
    assert_imports_only(&import_graph(&core_src(), &[]), &lower, &lower);
}

/// The model's lowest layer: plain values and the formats they are read in.
/// The model's own `mod.rs` is one of them: `text_enum!`, `RecordId`, the percent
/// arithmetic, `new_id`.
const MODEL_VALUES: &[&str] =
    &["csv_rows", "input", "kinds", "money", "ranges", "score_terms", "text", PARENT];
/// Above them, the records by subject, each with what it answers of its own fields alone;
/// above those `data`, which holds them all, and then all that is computed from it.
const MODEL_RECORDS: &[&str] = &["docs", "handover", "health_records", "people", "plan", "tickets"];

#[test]
fn the_model_values_records_and_data_import_only_what_is_below_them() {
    let graph = import_graph(&core_src(), &["model"]);
    let records = [MODEL_VALUES, MODEL_RECORDS].concat();
    assert_imports_only(&graph, MODEL_VALUES, MODEL_VALUES);
    assert_imports_only(&graph, MODEL_RECORDS, &records);
    assert_imports_only(&graph, &["data"], &records);
}

/// The app crate's top-level modules (`src/`), in layers: the words, the clock and the
/// conflicts in words at the bottom; then `app` (the state, actions and forms: nothing
/// drawn, no terminal, no command line); then `ui`, which draws the state; then the config
/// file (its keys and themes), the terminal loop and the command line.
#[test]
fn the_app_never_imports_the_ui_and_the_app_crate_modules_stand_in_layers() {
    let graph = import_graph(&app_src(), &[]);
    assert!(graph.len() >= 8, "modules found: {graph:?}");
    assert!(graph["cli"].contains("app"), "imports are read: {graph:?}");
    let bottom = ["words", "clock", "conflict_text"];
    assert_imports_only(&graph, &bottom, &bottom);
    assert_imports_only(&graph, &["app"], &bottom);
    assert_imports_only(&graph, &["ui"], &[&bottom[..], &["app"]].concat());
}
