//! A binding and where it applies: what the default bindings, the config file and the
//! keymap table all state their keys in.

use super::Sequence;
use crate::app::{Action, Screen};

/// Declares `Scope` with its narrower scopes, each with the name of its `[keys.…]`
/// section: the one list of them, which `Scope::all` and `Scope::name` read.
macro_rules! scopes {
    ($($(#[$doc:meta])* $scope:ident => $name:literal,)*) => {
        /// Where a binding applies: everywhere, on one screen, or in the skills matrix, the
        /// board's gate criteria, the Score view, Staffing, a pane of places or the record
        /// pane (the narrower scope wins).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Scope {
            Global,
            Screen(Screen),
            $($(#[$doc])* $scope,)*
        }

        impl Scope {
            const NARROWER: &[Scope] = &[$(Scope::$scope),*];

            /// The name of the scope's `[keys.…]` section in the config file.
            pub fn name(self) -> &'static str {
                match self {
                    Scope::Global => "global",
                    Scope::Screen(screen) => screen.key(),
                    $(Scope::$scope => $name,)*
                }
            }
        }
    };
}

scopes! {
    Matrix => "skills-matrix",
    Gate => "gate",
    Score => "score",
    Staffing => "staffing",
    /// The pane listing places to go (warnings, next best actions).
    Places => "places",
    /// The pane showing the selected record, while the list keeps its keys.
    Detail => "detail",
}

impl Scope {
    /// Every scope: everywhere, each screen's, then the narrower ones.
    pub fn all() -> impl Iterator<Item = Scope> {
        std::iter::once(Scope::Global)
            .chain(Screen::ALL.iter().map(|screen| Scope::Screen(*screen)))
            .chain(Scope::NARROWER.iter().copied())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub keys: Sequence,
    pub action: Action,
    pub scope: Scope,
    pub desc: &'static str,
    /// Shown in the footer (the most useful few); every binding is in the help.
    pub hint: bool,
}
