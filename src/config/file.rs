//! The config file's tables as they are read, before their values are checked.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::model::score::Weights;
use crate::report::executive::Thresholds;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct File {
    #[serde(default)]
    pub(super) keys: KeysFile,
    #[serde(default)]
    pub(super) theme: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    pub(super) ui: UiFile,
    #[serde(default)]
    pub(super) readiness: ReadinessFile,
    #[serde(default)]
    pub(super) history: HistoryFile,
    #[serde(default)]
    pub(super) report: ReportFile,
}

pub(super) type KeyTable = BTreeMap<Spanned<String>, Spanned<OneOrMany>>;

/// The `[keys.…]` sections by name: a keymap scope's (`Scope::name`), checked when read.
pub(super) type KeysFile = BTreeMap<Spanned<String>, KeyTable>;

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReadinessFile {
    pub(super) threshold: Option<Spanned<u8>>,
    pub(super) weights: Option<Spanned<Weights>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UiFile {
    pub(super) mouse: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct HistoryFile {
    pub(super) keep: Option<Spanned<usize>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReportFile {
    pub(super) consultancy: Option<String>,
    pub(super) author: Option<String>,
    pub(super) thresholds: Option<Spanned<Thresholds>>,
}
