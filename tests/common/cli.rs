//! The command line as a script runs it: the real binary on one database, its output read
//! back. The user's own settings never reach it: no `BOTDASH_DB`, and the config and
//! templates are looked for in the database's folder (none there unless a test puts them).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `botdash --db DB ARGS…` to its end; what it says on stderr is a sentence or a few,
/// never a dump.
pub fn botdash(db: &Path, args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_botdash"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BOTDASH_DB")
        .env("XDG_CONFIG_HOME", db.parent().unwrap_or(Path::new(".")))
        .env("NO_COLOR", "1")
        .output()
        .expect("botdash runs");
    assert!(output.stderr.len() < 4096, "{output:?}");
    output
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `botdash new` of ACME Corp's "Billing" (slug `acme-corp-billing`), from 2026-01-05, with
/// `extra` arguments.
pub fn new(db: &Path, extra: &[&str]) -> Output {
    let mut args =
        vec!["new", "--client", "ACME Corp", "--name", "Billing", "--start", "2026-01-05"];
    args.extend_from_slice(extra);
    botdash(db, &args)
}

/// The demo's database, as `botdash demo --save DIR/botdash.db` writes it on the tests' day.
pub fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("botdash.db");
    let mut store = botdash::store::Store::open(&db).unwrap();
    botdash::demo::save(&mut store, super::today()).unwrap();
    db
}
