//! The core of botdash: the domain model, the readiness score and its forecast, the store
//! (SQLite, migrations, undo, sync), reports, the calendar and workbook files, templates and
//! the demo data. It knows no terminal, key, screen or command line: the `botdash` crate builds
//! those on top of it.

pub mod calendar;
pub mod demo;
pub mod files;
pub mod model;
pub mod records;
pub mod report;
pub mod store;
pub mod workbook;
