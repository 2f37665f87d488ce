//! botdash: a terminal dashboard for Build-Operate-Transfer engagements.

pub mod app;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod files;
pub mod model;
pub mod report;
pub mod store;
pub mod tui;
pub mod ui;
