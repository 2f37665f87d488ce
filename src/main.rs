use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Before the TUI starts: panics and errors are reported after the terminal is restored.
    if let Err(e) = color_eyre::install() {
        eprintln!("botdash: {e}");
    }
    match botdash::cli::run(botdash::cli::Cli::parse()) {
        Ok(code) => code,
        Err(failure) => {
            // Messages can quote text from outside (serde names unknown fields as written).
            eprintln!("botdash: {}", botdash::model::text::sanitize(&failure.message));
            ExitCode::from(failure.code)
        }
    }
}
