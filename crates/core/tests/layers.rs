//! The core's modules import one another in layers, never in a circle: model (with the
//! records it states) knows no store, report or file, and so on up. Each module's imports
//! are read from its source (`crate::name` and `$crate::name`, unit tests left out); a
//! cycle fails the test and names it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crate's top-level modules, each with the files that make it up.
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

/// The other modules `files` name by their crate path.
fn imports(files: &[PathBuf], names: &BTreeSet<String>, own: &str) -> BTreeSet<String> {
    let text: String = files.iter().map(|f| code(f)).collect();
    names
        .iter()
        .filter(|name| *name != own)
        .filter(|name| text.contains(&format!("crate::{name}")))
        .cloned()
        .collect()
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

fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = modules(&src);
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    modules.iter().map(|(name, files)| (name.clone(), imports(files, &names, name))).collect()
}

#[test]
fn the_core_modules_import_one_another_without_a_cycle() {
    let graph = import_graph();
    assert!(graph.len() >= 6, "modules found: {graph:?}");
    for module in graph.keys() {
        let found = circle(module, &graph, &mut Vec::new());
        assert!(found.is_none(), "an import cycle: {}", found.unwrap_or_default().join(" → "));
    }
}

#[test]
fn the_model_and_its_records_know_no_store_report_or_file() {
    let graph = import_graph();
    for lower in ["model", "records"] {
        let above: Vec<&String> =
            graph[lower].iter().filter(|m| !["model", "records"].contains(&m.as_str())).collect();
        assert!(above.is_empty(), "{lower} imports {above:?}");
    }
}
