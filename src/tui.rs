//! The terminal: set-up, the event loop, suspending, `$EDITOR`, and restoring the terminal
//! on every way out.

use std::io::{IsTerminal, Read, Write};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use color_eyre::Result;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableFocusChange, EnableBracketedPaste, EnableFocusChange,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::{DefaultTerminal, Terminal};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use signal_hook::iterator::Signals;

use crate::app::{App, Screen, TerminalRequest, Visible};
use crate::clock::Clock;
use crate::config::Config;
use crate::files;
use crate::store::Store;
use crate::ui::{self, Theme};

/// Where the TUI starts: on an engagement's screen instead of where it would.
#[derive(Debug, Clone, Default)]
pub struct Start {
    pub engagement: Option<String>,
    pub screen: Option<Screen>,
}

/// Runs the TUI on `store` until the user quits. `notice` (e.g. a refused config file) is
/// shown in the footer at the start.
pub fn run_dashboard(
    store: Store,
    config: Config,
    notice: Option<String>,
    start: Start,
) -> Result<()> {
    if !std::io::stdout().is_terminal() {
        color_eyre::eyre::bail!(
            "the dashboard needs a terminal; scripts use the subcommands (see `botdash --help`)"
        );
    }
    let mut store = store;
    store.set_history_limit(config.history);
    store.defer_sync()?;
    let mut app = App::new(store, Clock::system())?;
    if let Some(slug) = &start.engagement {
        app.open_slug(slug, start.screen.unwrap_or(Screen::FIRST_TAB))?;
    }
    app.defer_derived = true;
    app.state.keymap = config.keymap;
    app.state.defaults = config.defaults;
    app.report = config.report;
    if notice.is_some() {
        app.state.message = notice;
    }
    MOUSE.store(config.mouse, Ordering::Relaxed);
    handle_signals()?;
    let mut terminal = init();
    restore_on_panic();
    let result = event_loop(&mut terminal, &mut app, &config.theme.unless_no_color());
    restore();
    result
}

fn init() -> DefaultTerminal {
    let terminal = ratatui::init();
    let _ = execute!(std::io::stdout(), EnableBracketedPaste, EnableFocusChange);
    report_mouse(true);
    terminal
}

/// Whether the config turned the mouse on: read by `restore`, which the signal thread and
/// the panic hook call too.
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Turns the terminal's reports of clicks and the wheel (1000), in the SGR form that has no
/// column limit (1006), on or off — when the config turned the mouse on. Not crossterm's
/// `EnableMouseCapture`, whose reports of every move of the pointer (1003) would wake the
/// event loop for nothing.
fn report_mouse(on: bool) {
    if MOUSE.load(Ordering::Relaxed) {
        let sequence = if on { "\x1b[?1000h\x1b[?1006h" } else { "\x1b[?1006l\x1b[?1000l" };
        let mut out = std::io::stdout();
        let _ = out.write_all(sequence.as_bytes()).and_then(|()| out.flush());
    }
}

/// Leaves raw mode and the alternate screen, turns paste, focus and mouse reporting off,
/// and shows the cursor again.
fn restore() {
    report_mouse(false);
    let _ = execute!(std::io::stdout(), DisableBracketedPaste, DisableFocusChange);
    ratatui::restore();
    let _ = execute!(std::io::stdout(), cursor::Show);
}

/// Restores the terminal before a panic is reported (by the hooks installed before).
fn restore_on_panic() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        report(info);
    }));
}

/// The longest wait for input: the wait until midnight does not count the time a laptop
/// sleeps, so the day is also checked once an hour.
const SLEEP_PROOF: Duration = Duration::from_secs(3600);

/// Draws only after something changed, and handles every pending event before drawing.
/// Its only timer is the wait until midnight (see `SLEEP_PROOF`), when the screens move to
/// the new day: an idle dashboard uses no CPU.
fn event_loop(terminal: &mut DefaultTerminal, app: &mut App, theme: &Theme) -> Result<()> {
    let mut dirty = true;
    loop {
        if dirty {
            draw(terminal, app, theme)?;
        }
        // The forecast and next best actions wait until the screen shows the key's effect,
        // and until no more input is waiting; so do the engagements list's figures.
        if !event::poll(Duration::ZERO)? && app.derive() {
            draw(terminal, app, theme)?;
        }
        while !event::poll(Duration::ZERO)? && app.work_on_portfolio() {
            draw(terminal, app, theme)?;
        }
        // A SIGTSTP from before the first poll (which listens for the SIGWINCH that the
        // signal raises) is seen here; one from after it wakes the wait.
        let stop = take_stop_request();
        if !stop && !event::poll(app.until_tomorrow().min(SLEEP_PROOF))? {
            dirty = app.turn_of_day();
            continue;
        }
        // Before a stop too, so that its wake-up is read now: left pending, it would come
        // back after `fg` with the first key typed, and crossterm, given both at once,
        // returns the resize and forgets that input is ready (its poll is edge-triggered):
        // the key would wait for the next one.
        dirty = handle_pending_events(app)?;
        if app.state.quit {
            // An edit typed together with the quit key was never drawn, nor synced.
            return Ok(app.store_mut().sync_log()?);
        }
        if stop {
            request_suspend(app);
        }
        if let Some(request) = app.state.request.take() {
            app.make_durable();
            match request {
                TerminalRequest::Suspend => suspend()?,
                TerminalRequest::Editor(text) => {
                    let edited = outside_the_tui(|| edit_in_editor(&text));
                    app.state.editor_finished(edited);
                }
            }
            // A new terminal redraws every cell on its first draw.
            *terminal = init();
            dirty = true;
        }
    }
}

/// Handles every event waiting; returns whether the screen changed.
fn handle_pending_events(app: &mut App) -> Result<bool> {
    let mut dirty = false;
    while !app.state.quit && event::poll(Duration::ZERO)? {
        let event = event::read()?;
        panic_for_tests(&event);
        dirty |= app.handle_event(event);
    }
    Ok(dirty)
}

/// Suspends now, or after the `$EDITOR` a key typed at the same moment asked for.
fn request_suspend(app: &mut App) {
    if app.state.request.is_some() {
        *lock_stop_request() = true;
    } else {
        app.state.request = Some(TerminalRequest::Suspend);
    }
}

/// Draws one frame and keeps what its lists showed, then puts the edits it shows on disk;
/// when that fails, or the frame shows engagement lines whose summaries are not read yet,
/// draws again.
pub fn draw<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    theme: &Theme,
) -> Result<(), B::Error> {
    let _screen = lock_screen();
    let height = terminal.size()?.height;
    app.state.half_page = usize::from(height / 2).max(1);
    let mut visible = Visible::default();
    terminal.draw(|frame| visible = ui::draw(frame, &app.state, theme))?;
    app.state.visible = visible;
    // The edit is on screen first; its log reaches the disk before the next key is read.
    let sync_failed = app.make_durable();
    if app.summarize_visible() || sync_failed {
        terminal.draw(|frame| _ = ui::draw(frame, &app.state, theme))?;
    }
    Ok(())
}

/// Debug builds only: F12 panics when `BOTDASH_TEST_PANIC` is set, so that the tests can
/// check the terminal is restored after a panic.
fn panic_for_tests(event: &event::Event) {
    #[cfg(debug_assertions)]
    if let event::Event::Key(key) = event
        && key.code == event::KeyCode::F(12)
        && std::env::var_os("BOTDASH_TEST_PANIC").is_some()
    {
        panic!("a test asked for a panic");
    }
    #[cfg(not(debug_assertions))]
    let _ = event;
}

/// Gives the terminal back to the shell while `f` runs.
fn outside_the_tui<T>(f: impl FnOnce() -> T) -> T {
    restore();
    f()
}

/// Ctrl-z or SIGTSTP: hands the terminal back and stops, as a shell job; continues on `fg`.
fn suspend() -> Result<()> {
    restore();
    // SIGTSTP itself is caught (see `handle_signals`): stop as it would have.
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    Ok(())
}

/// Edits `text` in `$EDITOR` (or `$VISUAL`, else `vi`) through a private temporary file.
/// Returns the new text, or a sentence saying why it is unchanged.
fn edit_in_editor(text: &str) -> Result<String, String> {
    let editor = ["EDITOR", "VISUAL"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    let failed = |what: String| format!("{what}; the text was not changed");
    let path = match files::scratch("botdash-edit-", ".md", as_text_file(text).as_bytes()) {
        Ok(path) => path,
        Err(e) => return Err(failed(e.to_string())),
    };
    // Through the shell, so that EDITOR may carry arguments ("code --wait").
    let status =
        Command::new("sh").arg("-c").arg(format!("{editor} \"$1\"")).arg("sh").arg(&path).status();
    let mut edited = String::new();
    let read = std::fs::File::open(&path).and_then(|mut f| f.read_to_string(&mut edited));
    match (status, read) {
        (Ok(status), Ok(_)) if status.success() => {
            Ok(edited.strip_suffix('\n').unwrap_or(&edited).to_string())
        }
        (Ok(status), _) if !status.success() => {
            Err(failed(format!("the editor '{editor}' failed ({status})")))
        }
        (Err(e), _) => Err(failed(format!("cannot start the editor '{editor}': {e}"))),
        (_, Err(e)) => Err(failed(format!("cannot read the edited text: {e}"))),
        _ => Err(failed("the editor failed".into())),
    }
}

/// `text` as editors expect a file: every line, the last too, ends in a newline (so that
/// a line the editor appends stays a line of its own). The editor's own final newline is
/// taken off again when the file comes back.
fn as_text_file(text: &str) -> String {
    if text.is_empty() { String::new() } else { format!("{text}\n") }
}

/// Set when a SIGTSTP from outside (`kill -TSTP`) asks the program to stop. Locked while
/// the wake-up is raised, so that the event loop, on taking the request, finds the
/// wake-up's resize already waiting and reads it before stopping.
static STOP_ASKED: Mutex<bool> = Mutex::new(false);

/// Held while a frame is drawn, and by the signal thread from giving the terminal back to
/// the exit: no frame is ever written after the terminal is restored.
static SCREEN: Mutex<()> = Mutex::new(());

fn lock_screen() -> std::sync::MutexGuard<'static, ()> {
    SCREEN.lock().unwrap_or_else(|e| e.into_inner())
}

fn lock_stop_request() -> std::sync::MutexGuard<'static, bool> {
    STOP_ASKED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether a SIGTSTP asked to stop since the last call.
fn take_stop_request() -> bool {
    std::mem::take(&mut *lock_stop_request())
}

/// On SIGTERM, SIGHUP, SIGINT or SIGQUIT: restore the terminal and exit. Every edit is
/// already committed, so nothing is lost by leaving at once. A SIGTSTP is handled as
/// Ctrl-z is, by the event loop: left to its default, it would stop the program in the
/// alternate screen with the cursor hidden.
fn handle_signals() -> Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP])?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            if signal != SIGTSTP {
                let _screen = lock_screen();
                restore();
                std::process::exit(128 + signal);
            }
            let mut asked = lock_stop_request();
            *asked = true;
            // Wakes the event loop, which waits for input (a resize is an event).
            let _ = signal_hook::low_level::raise(SIGWINCH);
            drop(asked);
        }
    });
    Ok(())
}
