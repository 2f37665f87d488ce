//! The terminal: set-up, the event loop, and restoring the terminal on every way out.

use std::time::Duration;

use color_eyre::Result;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::app::App;
use crate::store::Store;
use crate::ui::{self, Theme};

/// Runs the TUI on `store` until the user quits.
pub fn run(store: Store) -> Result<()> {
    let today = chrono::Local::now().date_naive();
    let mut app = App::new(store, today)?;
    let theme = Theme::from_env();
    restore_on_signals()?;
    let mut terminal = ratatui::init();
    restore_on_panic();
    let result = event_loop(&mut terminal, &mut app, &theme);
    restore();
    result
}

/// Leaves raw mode and the alternate screen, and shows the cursor again.
fn restore() {
    ratatui::restore();
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
}

/// Restores the terminal before a panic is reported (by the hooks installed before).
fn restore_on_panic() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        report(info);
    }));
}

/// Draws only after something happened, and handles every pending event before drawing:
/// no timer, so an idle dashboard uses no CPU.
fn event_loop(terminal: &mut DefaultTerminal, app: &mut App, theme: &Theme) -> Result<()> {
    loop {
        let height = terminal.size()?.height;
        app.state.half_page = usize::from(height / 2).max(1);
        terminal.draw(|frame| ui::draw(frame, &app.state, theme))?;
        app.handle_event(event::read()?);
        while !app.state.quit && event::poll(Duration::ZERO)? {
            app.handle_event(event::read()?);
        }
        if app.state.quit {
            return Ok(());
        }
    }
}

/// On SIGTERM, SIGHUP, SIGINT or SIGQUIT: restore the terminal and exit. Every edit is
/// already committed, so nothing is lost by leaving at once.
fn restore_on_signals() -> Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            restore();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}
