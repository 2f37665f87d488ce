//! What a screen's action asks of the app: an effect, a form, a question, a word in the
//! footer, or a Space step.

use super::Stepped;
use crate::app::Effect;
use crate::app::overlay::Then;
use crate::app::targets::{Plan, RecordForm};

/// What a screen's action asks of the app.
#[derive(Debug)]
pub enum Reply {
    /// The action was the screen's and needs nothing more of the app.
    Nothing,
    Effect(Effect),
    /// A form to fill in.
    Form(RecordForm),
    /// A form whose focused field is edited in `$EDITOR`, starting from this text.
    Editor(RecordForm, String),
    /// A question to confirm before `Then`.
    Confirm(String, Then),
    /// A word in the footer.
    Message(String),
    /// A Space step of a record: at once, unless it wraps from the last state back to the
    /// first, which asks first (see `State::step`).
    Step {
        plan: Plan,
        wraps: bool,
        name: String,
        from: &'static str,
        to: &'static str,
    },
}

impl Reply {
    pub fn apply(plan: Plan) -> Reply {
        Reply::Effect(Effect::Apply(plan))
    }

    pub fn message(text: impl Into<String>) -> Reply {
        Reply::Message(text.into())
    }

    /// Space on the record `name`: from the state `from` to `to`, the next one.
    pub fn step<S: Stepped>(plan: Plan, name: &str, from: S, to: S) -> Reply {
        let (wraps, name) = (from.is_last(), name.to_string());
        Reply::Step { plan, wraps, name, from: from.label(), to: to.label() }
    }
}
