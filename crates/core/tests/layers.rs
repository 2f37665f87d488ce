//! The core's modules import one another in layers, never in a circle: model (with the
//! records it states) knows no store, report or file, and so on up. Each module's imports
//! are read from its source (`crate::name` and `$crate::name`, unit tests left out); a
//! cycle fails the test and names it. The app's modules (`src/app`, read from the
//! workspace) likewise, but for `State`, which each extends with its own methods.

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

/// The names the app's modules give one another: by path (`crate::app::x`, or
/// `super::x` from a module's top file, `super::super::x` a level down …), each item of a
/// `{…}` group after it, and an item `app/mod.rs` re-exports standing for its module.
fn app_graph() -> BTreeMap<String, BTreeSet<String>> {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src/app");
    let mut modules = modules(&app);
    modules.remove("mod");
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    let exported = reexports(&code(&app.join("mod.rs")), &names);
    let module_of = |name: &str| match names.contains(name) {
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

/// What `app/mod.rs` re-exports (`pub use x::{A, b::C}`), each with its module `x`.
fn reexports(root: &str, names: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut exported = BTreeMap::new();
    for statement in root.split("pub use ").skip(1) {
        let statement = statement.split(';').next().unwrap_or_default();
        let Some((module, items)) = statement.split_once("::") else { continue };
        if !names.contains(module) {
            continue;
        }
        for item in group_items(items) {
            let last = item.rsplit("::").next().unwrap_or_default();
            exported.insert(last.trim().to_string(), module.to_string());
        }
    }
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
