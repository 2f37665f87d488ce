//! Driving the real binary in a pseudo-terminal, reading the screen as a person sees it.

#![allow(dead_code)] // each test file uses its own part of the harness

pub mod cli;
pub mod exchange;
pub mod records;
pub mod sync;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Tui {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
    /// Every byte the program wrote, for checks on escape sequences.
    pub raw: Vec<u8>,
}

impl Tui {
    /// Starts `botdash --db DB ARGS…` in a `cols`×`rows` terminal.
    pub fn start(db: &Path, args: &[&str], cols: u16, rows: u16) -> Tui {
        Tui::start_with_env(db, args, cols, rows, &[])
    }

    /// Starts botdash with extra environment variables.
    pub fn start_with_env(
        db: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Tui {
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_botdash"));
        command.arg("--db");
        command.arg(db);
        command.args(args);
        command.env("XDG_CONFIG_HOME", db.parent().unwrap_or(Path::new("/nonexistent")));
        for (key, value) in env {
            command.env(key, value);
        }
        Tui::spawn(command, cols, rows)
    }

    /// An interactive shell with job control, for what only a shell does (Ctrl-z, fg).
    pub fn shell(cols: u16, rows: u16) -> Tui {
        let mut command = CommandBuilder::new("bash");
        command.args(["--norc", "--noprofile", "-i"]);
        command.env("PS1", "$ ");
        Tui::spawn(command, cols, rows)
    }

    fn spawn(mut command: CommandBuilder, cols: u16, rows: u16) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize { rows, cols, pixel_width: 0, pixel_height: 0 })
            .expect("a pseudo-terminal");
        command.env("TERM", "xterm-256color");
        command.env_remove("BOTDASH_DB");
        let child = pair.slave.spawn_command(command).expect("the program starts");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let (sender, output) = channel();
        std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 || sender.send(buffer[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Tui {
            master: pair.master,
            writer,
            child,
            output,
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
        }
    }

    /// The screen's text now, row by row.
    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    fn pump(&mut self, until: Instant) -> bool {
        let wait = until.saturating_duration_since(Instant::now());
        match self.output.recv_timeout(wait) {
            Ok(bytes) => {
                // Answer cursor-position queries as a terminal does.
                if bytes.windows(4).any(|w| w == b"\x1b[6n") {
                    let (row, column) = self.parser.screen().cursor_position();
                    let answer = format!("\x1b[{};{}R", row + 1, column + 1);
                    let _ = self.writer.write_all(answer.as_bytes());
                }
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
                true
            }
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => false,
        }
    }

    /// Waits until the screen shows `text`; fails the test with the screen after 10 s.
    pub fn wait_for(&mut self, text: &str) {
        let until = Instant::now() + Duration::from_secs(10);
        while !self.screen().contains(text) {
            if !self.pump(until) && Instant::now() >= until {
                panic!("'{text}' never appeared; the screen:\n{}", self.screen());
            }
        }
    }

    /// The last line of the screen: the footer, where messages appear.
    pub fn footer(&self) -> String {
        self.screen().lines().last().unwrap_or("").to_string()
    }

    /// Waits until the footer holds a message containing `text` other than `before`.
    pub fn wait_for_new_message(&mut self, text: &str, before: &str) {
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            let footer = self.footer();
            if footer.contains(text) && footer != before {
                return;
            }
            if !self.pump(until) && Instant::now() >= until {
                panic!("no new message with '{text}'; the screen:\n{}", self.screen());
            }
        }
    }

    /// SIGKILL, as a crash or a dead battery would end it.
    pub fn kill_hard(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits until the screen no longer shows `text`.
    pub fn wait_until_gone(&mut self, text: &str) {
        let until = Instant::now() + Duration::from_secs(10);
        while self.screen().contains(text) {
            if !self.pump(until) && Instant::now() >= until {
                panic!("'{text}' stayed on the screen:\n{}", self.screen());
            }
        }
    }

    /// Reads whatever arrives until the output has been quiet for a moment.
    pub fn settle(&mut self) {
        while self.pump(Instant::now() + Duration::from_millis(150)) {}
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child has a pid")
    }

    /// Waits for the program to end; returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.settle();
                return status.exit_code();
            }
            assert!(Instant::now() < until, "botdash did not exit; the screen:\n{}", self.screen());
            self.pump(Instant::now() + Duration::from_millis(20));
        }
    }

    /// Whether the terminal is back in cooked mode (line editing and echo on).
    pub fn is_cooked(&self) -> bool {
        use nix::sys::termios::LocalFlags;
        let termios = self.master.get_termios().expect("termios of the terminal");
        termios.local_flags.contains(LocalFlags::ICANON | LocalFlags::ECHO)
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

/// The day the demo data is made for in tests.
pub fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 6, 15).unwrap()
}

/// The app on the demo data in memory, on the engagements screen.
pub fn demo_app() -> botdash::app::App {
    let mut store = botdash::store::Store::in_memory().unwrap();
    botdash::demo::save(&mut store, today()).unwrap();
    botdash::app::App::new(store, today()).unwrap()
}

/// Types `text` into the app: `\r` Enter, `\x1b` Esc, `\t` Tab, `\x7f` Backspace, `\u{15}`
/// Ctrl-u; every other character as itself.
pub fn keys(app: &mut botdash::app::App, text: &str) {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    for c in text.chars() {
        let (code, modifiers) = match c {
            '\r' => (KeyCode::Enter, KeyModifiers::NONE),
            '\x1b' => (KeyCode::Esc, KeyModifiers::NONE),
            '\t' => (KeyCode::Tab, KeyModifiers::NONE),
            '\x7f' => (KeyCode::Backspace, KeyModifiers::NONE),
            '\u{4}' => (KeyCode::Char('d'), KeyModifiers::CONTROL),
            '\u{15}' => (KeyCode::Char('u'), KeyModifiers::CONTROL),
            c => (KeyCode::Char(c), KeyModifiers::NONE),
        };
        app.handle_event(Event::Key(KeyEvent::new(code, modifiers)));
    }
}

/// Draws `app` on a `width`×`height` test terminal as the TUI does: the lines the list
/// shows are read, and the frame drawn again with them.
pub fn draw(
    app: &mut botdash::app::App,
    width: u16,
    height: u16,
) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    botdash::tui::draw(&mut terminal, app, &botdash::ui::Theme::dark()).unwrap();
    terminal
}

/// A database with one engagement, made through the command line.
pub fn one_engagement(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("botdash.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_botdash"))
        .args(["--db", db.to_str().unwrap(), "new", "--client", "ACME", "--name", "Billing"])
        .output()
        .unwrap();
    assert!(out.status.success());
    db
}

/// Runs the binary on the database `db`.
pub fn botdash(db: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_botdash"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

/// The tables of a CommonMark document, as rows of cell texts.
pub fn markdown_tables(markdown: &str) -> Vec<Vec<Vec<String>>> {
    let mut tables = Vec::new();
    let (mut rows, mut row, mut cell): (Vec<Vec<String>>, Vec<String>, Option<String>) =
        (Vec::new(), Vec::new(), None);
    for event in pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Table(_)) => rows = Vec::new(),
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::TableCell) => {
                cell = Some(String::new())
            }
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::TableCell) => {
                row.push(cell.take().unwrap_or_default())
            }
            pulldown_cmark::Event::End(
                pulldown_cmark::TagEnd::TableHead | pulldown_cmark::TagEnd::TableRow,
            ) => rows.push(std::mem::take(&mut row)),
            pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Table) => {
                tables.push(std::mem::take(&mut rows))
            }
            _ => {}
        }
    }
    tables
}

/// A ticket of the service desk opened on `day`: resolved that day by `by`, within SLA when
/// the client resolved it; open when `by` is `None`. A key starting "C" is a change.
pub fn ticket(
    key: &str,
    day: &str,
    priority: u8,
    by: Option<botdash::model::evidence::Resolver>,
) -> botdash::model::evidence::Ticket {
    use botdash::model::evidence::{Resolver, Ticket, TicketKind};
    let day: chrono::NaiveDate = day.parse().unwrap();
    Ticket {
        id: key.into(),
        key: key.into(),
        opened: day,
        resolved: by.map(|_| day),
        priority,
        kind: if key.starts_with('C') { TicketKind::Change } else { TicketKind::Incident },
        resolved_by: by,
        sla_met: by.map(|by| by == Resolver::Client),
        plan: String::new(),
    }
}
