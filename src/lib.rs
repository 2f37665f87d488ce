//! botdash: a terminal dashboard for Build-Operate-Transfer engagements.

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod model;
pub mod store;
pub mod tui;
pub mod ui;
