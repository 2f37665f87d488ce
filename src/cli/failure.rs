//! How a command fails: one sentence for stderr and the exit status, from each kind of error.

use crate::files::WriteError;
use crate::model::template::TemplateError;
use crate::model::text::sanitize;
use crate::store::{OpenError, StoreError};

/// A failure to report: one sentence for stderr, and the exit status.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl Failure {
    pub(super) fn usage(message: String) -> Failure {
        Failure { message, code: 2 }
    }
}

impl From<OpenError> for Failure {
    fn from(e: OpenError) -> Failure {
        Failure::usage(crate::words::opening(&e))
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        let code = if matches!(e, StoreError::Sqlite(_)) { 1 } else { 2 };
        let hint =
            if matches!(e, StoreError::NoSuchSlug(_)) { " (see `botdash list`)" } else { "" };
        Failure { message: format!("{}{hint}", crate::words::refusal(&e)), code }
    }
}

impl From<WriteError> for Failure {
    fn from(e: WriteError) -> Failure {
        Failure::usage(e.to_string())
    }
}

impl From<TemplateError> for Failure {
    fn from(e: TemplateError) -> Failure {
        Failure::usage(format!("template error: {e}"))
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure { message: sanitize(&e.to_string()).into_owned(), code: 1 }
    }
}

impl From<color_eyre::Report> for Failure {
    fn from(e: color_eyre::Report) -> Failure {
        Failure { message: sanitize(&format!("{e:#}")).into_owned(), code: 1 }
    }
}
