//! What the commands write: to stdout made safe for the terminal, to private files, and
//! progress on stderr.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use crate::files::{Existing, write_private};
use crate::model::text::{sanitize, sanitize_lines};

use super::Failure;

/// Writes `text` to stdout, every line of it safe for the terminal: a last defence for
/// text from outside that a command forgot to clean.
pub(super) fn print(text: &str) -> Result<ExitCode, Failure> {
    write_stdout(sanitize_lines(text).as_bytes())
}

pub(super) fn write_stdout(bytes: &[u8]) -> Result<ExitCode, Failure> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        // A closed pipe (`botdash list | head`) is not an error worth a message.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

pub(super) fn write_or_print(output: Option<&Path>, text: &str) -> Result<ExitCode, Failure> {
    match output {
        Some(path) => write_file(path, text.as_bytes()),
        None => print(text),
    }
}

/// Refuses to write `output` over the database the command works on, or a file beside it
/// that it needs: a report there would leave no database. `demo --save`, which makes a new
/// database and never replaces a file, may make it where the database is not yet, but not
/// beside it (SQLite would read it as the database's journal).
pub(super) fn refuse_own_file(db: &Path, output: &Path, new_database: bool) -> Result<(), Failure> {
    let the_database = new_database && crate::files::same_entry(db, output);
    if the_database || !crate::store::is_file_of(db, output) {
        return Ok(());
    }
    Err(Failure::usage(crate::words::own_file(output)))
}

/// Writes a private file, replacing one already there, and prints its path.
pub(super) fn write_file(path: &Path, bytes: &[u8]) -> Result<ExitCode, Failure> {
    write_private(path, bytes, Existing::Replace)?;
    print(&format!("{}\n", sanitize(&path.display().to_string())))
}

/// Progress of long work on stderr: only on a terminal, and only after the first second.
pub(super) struct Progress {
    what: &'static str,
    started: std::time::Instant,
    shown: bool,
}

impl Progress {
    pub(super) fn new(what: &'static str) -> Progress {
        Progress { what, started: std::time::Instant::now(), shown: false }
    }

    pub(super) fn show(&mut self, done: usize, total: usize) {
        use std::io::IsTerminal;
        if self.started.elapsed().as_secs() >= 1 && std::io::stderr().is_terminal() {
            eprint!("\r{} {done} of {total}…", self.what);
            self.shown = true;
        }
    }

    pub(super) fn finish(&self) {
        if self.shown {
            eprintln!();
        }
    }
}

pub(super) fn json_failure(e: serde_json::Error) -> Failure {
    Failure { message: format!("cannot write JSON: {e}"), code: 1 }
}
