//! botdash: a terminal dashboard for Build-Operate-Transfer engagements. This crate is the
//! application — command line, TUI state, keys and screens — on top of `botdash-core`, whose
//! modules it re-exports so that `botdash::model` and `crate::store` name one thing.

pub use botdash_core::{calendar, demo, files, model, records, report, store, workbook};

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod conflict_text;
pub mod tui;
pub mod ui;
pub mod words;
