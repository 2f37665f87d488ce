//! The default config file, written out with its comments.

use crate::app::Action;
use crate::app::keymap::{Keymap, Scope, sequence_label};
use crate::model::score::Weights;
use crate::report::executive::Thresholds;
use crate::store::undo::DEFAULT_HISTORY;

/// The whole default file, with comments: what `botdash config --print-default` prints.
pub fn default_file() -> String {
    let keymap = Keymap::default();
    let mut out = String::from(
        "# botdash configuration: $XDG_CONFIG_HOME/botdash/config.toml (or --config PATH).\n\
         # A file with a mistake is reported with its line and ignored as a whole.\n\n\
         # Keys: action = \"key\" or [\"key\", \"key\"]; a sequence is written \"g g\".\n\
         # Key names: a character, Space, Enter, Esc, Tab, Shift-Tab, Backspace, Up, Down,\n\
         # Left, Right, Home, End, PgUp, PgDn, F1-F24, with Ctrl-, Alt- or Shift- before.\n\
         # [keys.global] applies everywhere; a screen's section wins on that screen.\n\
         # Setting an action's keys replaces all of its default keys in that section.\n",
    );
    for scope in Scope::all() {
        out += &format!("\n[keys.{}]\n", scope.name());
        let mut done: Vec<Action> = Vec::new();
        for binding in keymap.bindings().iter().filter(|b| b.scope == scope) {
            if done.contains(&binding.action) {
                continue;
            }
            done.push(binding.action);
            let keys: Vec<String> = keymap
                .bindings()
                .iter()
                .filter(|b| b.scope == scope && b.action == binding.action && !b.keys.is_empty())
                .map(|b| format!("{:?}", sequence_label(&b.keys)))
                .collect();
            let value =
                if keys.len() == 1 { keys[0].clone() } else { format!("[{}]", keys.join(", ")) };
            out += &format!("{} = {value}  # {}\n", binding.action.name(), binding.desc);
        }
    }
    let w = Weights::default();
    out += &format!(
        "\n# Theme: dark, light (for a light background) or high-contrast, all in the terminal's\n\
         # own 16 colours. A colour set here replaces the theme's: a name (red, green, yellow,\n\
         # blue, magenta, cyan, gray, darkgray, …) or #rrggbb. With NO_COLOR set, no colours\n\
         # are used at all.\n\
         [theme]\nname = \"dark\"\n\
         # accent = \"cyan\"\n# good = \"green\"\n# warn = \"yellow\"\n# bad = \"red\"\n# dim = \"darkgray\"\n\n\
         # Mouse: click a screen's tab or a row (a second click opens it, as Enter does), the\n\
         # wheel moves the selection. While on, the terminal's own text selection needs Shift.\n\
         [ui]\nmouse = false\n\n\
         # Defaults for new engagements (each engagement can change its own).\n\
         [readiness]\nthreshold = 80\n\
         weights = {{ staffing = {}, skills = {}, kt = {}, responsibilities = {}, docs = {} }}\n\n\
         # Edits per engagement kept for undo, by the dashboard and every command (also the\n\
         # default of `botdash prune-history`); older ones are pruned (gate overrides are kept).\n\
         [history]\nkeep = {DEFAULT_HISTORY}\n\n",
        w.staffing, w.skills, w.kt, w.responsibilities, w.docs
    );
    let t = Thresholds::default();
    out += &format!(
        "# Reports: who writes them (on every report), and where each area of the executive\n\
         # page turns amber and red (the rules are in the README).\n\
         [report]\n# consultancy = \"Your consultancy\"\n# author = \"Your name\"\n\n\
         [report.thresholds]\n\
         overdue_amber = {}  # overdue cards\noverdue_red = {}\n\
         readiness_red_gap = {}  # points below the engagement's threshold\n\
         docs_amber = {}  # percent of documents approved, below which\ndocs_red = {}\n\
         budget_amber = {}  # percent the estimate at completion is over the plan, above which\n\
         budget_red = {}\n\
         risk_amber = {}  # the highest exposure (likelihood x impact) of an open risk\n\
         risk_red = {}\n\
         late_hires_amber = {}  # role slots open past their target date\n\
         late_hires_red = {}\n\
         findings_amber = {}  # findings on who can do what (the Score view lists them)\n\
         findings_red = {}\n",
        t.overdue_amber,
        t.overdue_red,
        t.readiness_red_gap,
        t.docs_amber,
        t.docs_red,
        t.budget_amber,
        t.budget_red,
        t.risk_amber,
        t.risk_red,
        t.late_hires_amber,
        t.late_hires_red,
        t.findings_amber,
        t.findings_red
    );
    out
}
