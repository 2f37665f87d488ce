//! The crate's sources read as the layer tests need them: each file with the module it is,
//! the crate paths a module's code names, the names it defines, and what a parent
//! re-exports from its modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path in the crate, e.g. `["store", "sync"]`.
pub type ModulePath = Vec<String>;

/// The core's sources.
pub fn core_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The app's sources, at the workspace's root.
pub fn app_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src")
}

/// Every source file of the crate in `src` with the path of the module it is, but for the
/// files of unit tests (`tests.rs`) and the binary's `main.rs`, a crate of its own.
pub fn files(src: &Path) -> Vec<(ModulePath, PathBuf)> {
    rust_files(src)
        .into_iter()
        .filter(|file| !file.ends_with("tests.rs") && !file.ends_with("main.rs"))
        .map(|file| {
            let relative = file.strip_prefix(src).unwrap().with_extension("");
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
pub fn code(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    text.split("#[cfg(test)]").next().unwrap_or_default().to_string()
}

/// The crate paths `code`, in the module `own`, names (those that start `crate::`, which
/// `$crate::` ends with, `super::` or `self::`), each from the crate's root.
pub fn paths_named(code: &str, own: &ModulePath) -> Vec<ModulePath> {
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

/// The modules of `children` that `code` (a parent's own) names by a bare path
/// (`opening::check_header`, `use sync::{…}`), but for what it re-exports (`pub use x::…`,
/// whose names count as `x`'s wherever they are used).
pub fn children_named(code: &str, children: &BTreeSet<String>) -> BTreeSet<String> {
    let mut own = String::new();
    let mut in_reexport = false;
    for line in code.lines() {
        in_reexport |= line.trim_start().starts_with("pub use ");
        if !in_reexport {
            own.extend([line, "\n"]);
        }
        in_reexport &= !line.contains(';');
    }
    let before_ok = |at: usize| {
        !own[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':' || c == '$')
    };
    children
        .iter()
        .filter(|child| own.match_indices(&format!("{child}::")).any(|(at, _)| before_ok(at)))
        .cloned()
        .collect()
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

/// The names a module's code defines for others: its `pub` items (`pub struct X`,
/// `pub(crate) const fn y` …) and the types the crate's declaring macros create. A type
/// counts at any indent (a macro of the module, like `tables!`, states its types indented),
/// a function or a constant only at the top level (indented, it is an impl's).
pub fn defined_names(code: &str) -> BTreeSet<String> {
    let mut names = declared_by_macros(code);
    names.extend(items(code).filter(|item| item.public).map(|item| item.name));
    names
}

/// Every name a module's code declares: what it defines for others, its private top-level
/// items too (`fn`, `struct`, `mod`, `macro_rules!` …), which its own modules may name by
/// `super::`, and the names its `use … as` statements bring in.
pub fn declared_names(code: &str) -> BTreeSet<String> {
    let mut names = own_items(code);
    names.extend(use_aliases(code));
    names
}

/// The names of the items `code` declares itself, public or private.
fn own_items(code: &str) -> BTreeSet<String> {
    let mut names = declared_by_macros(code);
    names.extend(items(code).map(|item| item.name));
    names
}

/// An item a line of code declares.
struct Item {
    name: String,
    public: bool,
}

/// The items `code` declares by a line of their own: `pub` ones at any indent (see
/// `defined_names`), private ones at the top level only.
fn items(code: &str) -> impl Iterator<Item = Item> {
    code.lines().filter_map(|line| {
        let top_level = !line.starts_with(' ');
        let line = line.trim_start();
        let (public, rest) = match line.strip_prefix("pub") {
            Some(rest) if rest.starts_with(['(', ' ']) => (true, rest),
            _ if top_level => (false, line),
            _ => return None,
        };
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
            true => &["struct", "enum", "trait", "type", "fn", "const", "static", "mod"],
            false => &["struct", "enum", "trait", "type"],
        };
        let macro_name = line.strip_prefix("macro_rules!").map(|rest| identifiers(rest).next());
        let name = match (words, macro_name) {
            (_, Some(name)) => name,
            ([kind, name, ..], None) if kinds.contains(kind) => Some(*name),
            _ => None,
        };
        name.map(|name| Item { name: name.to_string(), public })
    })
}

/// The names the top-level `use` statements of `code` bring in under another name
/// (`use a::b as c;`, `use a::{b as c, d};`).
fn use_aliases(code: &str) -> Vec<String> {
    top_level_uses(code)
        .iter()
        .flat_map(|statement| statement.split(" as ").skip(1))
        .filter_map(|after| identifiers(after).next().map(String::from))
        .collect()
}

/// The top-level `use` statements of `code`, of any visibility, each from its path to
/// before its `;`.
fn top_level_uses(code: &str) -> Vec<String> {
    let mut statements: Vec<String> = Vec::new();
    let mut open = false;
    for line in code.lines() {
        let opening = ["use ", "pub use ", "pub(crate) use ", "pub(super) use "]
            .iter()
            .find_map(|start| line.strip_prefix(start));
        let text = match (open, opening) {
            (true, _) => line,
            (false, Some(path)) => {
                statements.push(String::new());
                path
            }
            (false, None) => continue,
        };
        let statement = statements.last_mut().unwrap();
        statement.push_str(text.split(';').next().unwrap_or_default());
        statement.push('\n');
        open = !text.contains(';');
    }
    statements
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

#[test]
fn a_parent_s_private_items_and_imports_count_as_its_modules_may_name_them() {
    let parent = "mod apply;\nuse self::synced::{known_table, refused};\nuse super::Result;\n\
                  use serde_json::Value as Json;\nfn columns() {}\nconst LIMIT: usize = 3;\n\
                  struct Rng(u64);\ntype Held = ();\nmacro_rules! scopes {\n    () => {};\n}\n\
                  impl Rng {\n    fn next(&mut self) {}\n}";
    let declared: Vec<String> = declared_names(parent).into_iter().collect();
    assert_eq!(declared, ["Held", "Json", "LIMIT", "Rng", "apply", "columns", "scopes"]);
    assert!(defined_names(parent).is_empty(), "none of them is for others");
    let names = BTreeSet::from(["known_table".to_string(), "refused".to_string()]);
    let exported = reexports(parent, &BTreeMap::from([("synced".to_string(), names)]));
    assert_eq!(exported.get("known_table").map(String::as_str), Some("synced"));
}

/// What a parent module's code `root` brings in from its modules by `use`, of any
/// visibility (`pub use x::{A, b::C}`, `use x::*`: each name `x` defines; a private one its
/// own modules may name by `super::` too), each name with its module `x`; `defined` holds
/// the names each module defines. A name the parent declares itself is its own.
pub fn reexports(
    root: &str,
    defined: &BTreeMap<String, BTreeSet<String>>,
) -> BTreeMap<String, String> {
    let mut exported = BTreeMap::new();
    for statement in top_level_uses(root) {
        let statement = statement.strip_prefix("self::").unwrap_or(&statement);
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
    let own = own_items(root);
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
