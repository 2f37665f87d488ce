//! The notes under the Overview's and the Score view's figures: phase overrides, warnings,
//! what the next level lacks, the gate's unmet criteria, the late steps. Each says where it
//! can be acted on, so that a list the screen has to cut opens whole in the pane.

use super::place::{Place, RecordRef};
use super::{Opened, ReadinessTab, State};
use crate::model::Concern;
use crate::model::score::Level;
use crate::store::edit::Table;

/// How a note is to be read: it shows as a colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Good,
    Warn,
    Bad,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub text: String,
    pub tone: Tone,
    pub place: Place,
}

/// The Overview's notes: the gates overridden, the warnings, then the level's notes.
pub fn overview_notes(opened: &Opened) -> Vec<Note> {
    let overrides = opened.overrides.iter().map(|change| {
        let day = change.at.get(..10).unwrap_or(&change.at);
        note(format!("⚑ {day} {}", change.summary), Tone::Bad, Place::Gate)
    });
    let warnings = opened.warnings.iter();
    let warnings =
        warnings.map(|w| note(format!("⚠ {}", w.text), Tone::Warn, concern_place(&w.concern)));
    overrides.chain(warnings).chain(level_notes(opened, false)).collect()
}

/// The findings on who can do what, each opening the record it is about.
pub fn finding_notes(opened: &Opened) -> Vec<Note> {
    if opened.findings.is_empty() {
        return Vec::new();
    }
    let each = opened.findings.iter().map(|f| {
        note(
            format!("· {}: {}", f.finding, f.action),
            Tone::Plain,
            Place::Record((&f.about).into()),
        )
    });
    let heading = note("Findings:".into(), Tone::Warn, Place::Readiness(ReadinessTab::Score));
    std::iter::once(heading).chain(each).collect()
}

/// The level's notes: with `findings`, each dimension's; what the next level lacks, the
/// current gate's unmet criteria (each opening its criterion) and the steps late on plan.
pub fn level_notes(opened: &Opened, findings: bool) -> Vec<Note> {
    let score = Place::Readiness(ReadinessTab::Score);
    let plain = |text: String| note(text, Tone::Plain, score.clone());
    let r = &opened.readiness;
    let mut notes = Vec::new();
    if findings {
        let found = r.dimensions.iter().filter_map(|d| Some((d.dimension, d.finding.as_ref()?)));
        notes.extend(
            found.map(|(d, f)| note(format!("{}: {f}", d.label()), Tone::Warn, score.clone())),
        );
    }
    if r.level == Level::L3 {
        notes.push(note(
            "every condition of the top level holds".into(),
            Tone::Good,
            score.clone(),
        ));
    } else {
        let next = Level::ALL[r.level as usize + 1];
        notes.push(plain(format!("missing for {} {}:", next, next.label())));
        notes.extend(r.missing_for_next.iter().map(|m| plain(format!("· {m}"))));
    }
    let unmet = opened.gate_unmet.as_deref().unwrap_or_default();
    if !unmet.is_empty() {
        let phase = opened.data.engagement.current_phase;
        notes.push(note(
            format!("unmet criteria of the {} gate:", phase.label()),
            Tone::Plain,
            Place::Gate,
        ));
        notes.extend(unmet.iter().map(|u| {
            let criterion =
                opened.data.gates.iter().find(|g| g.phase == u.phase && g.title == u.title);
            let place = criterion.map_or(Place::Gate, |g| {
                Place::Record(RecordRef::new(Table::GateCriterion, &g.id))
            });
            note(format!("· {u}"), Tone::Plain, place)
        }));
    }
    let late: Vec<_> = opened.forecast.iter().flat_map(|f| &f.late).collect();
    if !late.is_empty() {
        notes.push(note("late on plan, never assumed done:".into(), Tone::Warn, score.clone()));
        notes.extend(late.iter().map(|l| plain(format!("· {l}"))));
    }
    notes
}

/// Where a warning's concern is acted on.
pub fn concern_place(concern: &Concern) -> Place {
    match concern {
        Concern::Record(record) => Place::Record(record.into()),
        Concern::Score => Place::Readiness(ReadinessTab::Score),
        Concern::Budget => Place::Health(super::HealthTab::Budget),
        Concern::Phase(phase) => Place::Phase(*phase),
    }
}

fn note(text: String, tone: Tone, place: Place) -> Note {
    Note { text, tone, place }
}

impl State {
    /// The notes the screen shows under its figures: the Overview's or the Score view's.
    pub fn screen_notes(&self) -> Vec<Note> {
        self.component().notes(&self.context())
    }

    /// The key that lists every note here, for the line that says how many the screen cut.
    pub fn notes_key(&self) -> Option<String> {
        self.keymap.key_of(&self.scopes(), super::Action::Notes)
    }

    /// Every note of the screen in the pane, each opening where it can be acted on.
    pub(super) fn show_notes(&mut self) {
        let entries = self.screen_notes().into_iter().map(|n| (n.text, n.place)).collect();
        self.show_places("Notes".into(), entries);
    }
}
